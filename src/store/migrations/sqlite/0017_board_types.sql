-- Boards (issue #4) filtered by type: a community's or office's open orders of one type, nearest
-- deadline first, read in index order. With migration 0013's indexes a type filter walked the
-- scope's open orders in deadline order and kept those of the type, so a head asking for the
-- complaints of a community whose 10,000 open orders were 8,800 faults read past every fault
-- (docs/decisions.md "Boards filtered by type in index order").
--
-- And "open" becomes a column SQLite computes from the state, which the partial indexes over the
-- open orders name instead of the nine states. SQLite evaluates `state IN (nine values)` by building
-- a temporary b-tree of the nine, again for every index and every row written: seven such indexes
-- cost ~15 µs per order inserted on the single writer (docs/decisions.md "Open orders: a computed
-- column for SQLite's partial indexes"). A chain of comparisons costs next to nothing, but a query's
-- OR chain is read as an IN list and no longer matches the index, hence the column. list()
-- (store/order_store.cpp) asks `is_open = 1` on SQLite for state=open; PostgreSQL keeps the IN list.
ALTER TABLE work_orders ADD COLUMN is_open INTEGER GENERATED ALWAYS AS (
  state = 'created' OR state = 'assigned' OR state = 'accepted' OR state = 'appointment_booked' OR
  state = 'en_route' OR state = 'on_site' OR state = 'waiting' OR state = 'returned' OR state = 'reopened') VIRTUAL;

DROP INDEX work_orders_community_open;
DROP INDEX work_orders_community_open_new;
DROP INDEX work_orders_office_open;
DROP INDEX work_orders_office_open_new;
DROP INDEX work_orders_open;
CREATE INDEX work_orders_community_open ON work_orders(community_id,
  (CASE WHEN commit_due_at = 0 THEN 2 WHEN paused_since > 0 THEN 1 ELSE 0 END), commit_due_at, id, type)
  WHERE is_open = 1;
CREATE INDEX work_orders_community_open_new ON work_orders(community_id, created_at, id) WHERE is_open = 1;
CREATE INDEX work_orders_office_open ON work_orders(office_id,
  (CASE WHEN commit_due_at = 0 THEN 2 WHEN paused_since > 0 THEN 1 ELSE 0 END), commit_due_at, id, type)
  WHERE is_open = 1;
CREATE INDEX work_orders_office_open_new ON work_orders(office_id, created_at, id) WHERE is_open = 1;
CREATE INDEX work_orders_open ON work_orders(
  (CASE WHEN commit_due_at = 0 THEN 2 WHEN paused_since > 0 THEN 1 ELSE 0 END), commit_due_at, id, network_id, type)
  WHERE is_open = 1;
CREATE INDEX work_orders_community_open_type ON work_orders(community_id, type,
  (CASE WHEN commit_due_at = 0 THEN 2 WHEN paused_since > 0 THEN 1 ELSE 0 END), commit_due_at, id)
  WHERE is_open = 1;
CREATE INDEX work_orders_office_open_type ON work_orders(office_id, type,
  (CASE WHEN commit_due_at = 0 THEN 2 WHEN paused_since > 0 THEN 1 ELSE 0 END), commit_due_at, id)
  WHERE is_open = 1;
