-- Indexes that no query needs cost every import and every write. Each remaining secondary index
-- of the subscriber archive is used by a query in src/store/*.cpp (docs/decisions.md lists which).
-- services_box (dist_box_id) is not: every query that picks services by box also asks for active
-- services with a pair (a box's pairs; "is this pair in use"), which the unique
-- services_pair_active (dist_box_id, pair_no) WHERE status = 'active' AND pair_no IS NOT NULL
-- answers; distribution boxes are retired, never deleted, so no foreign-key check needs it either.
-- accounts_customer (customer_id): no query reads accounts by customer, and customers are never
-- deleted; the import finds accounts by code (unique).
DROP INDEX IF EXISTS services_box;
DROP INDEX IF EXISTS accounts_customer;
DELETE FROM import_lifted WHERE name = 'services_box';  -- a note left by an interrupted import
