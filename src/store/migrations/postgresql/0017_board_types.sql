-- Boards (issue #4) filtered by type: a community's or office's open orders of one type, nearest
-- deadline first, read in index order. With migration 0013's indexes a type filter walked the
-- scope's open orders in deadline order and kept those of the type, so a head asking for the
-- complaints of a community whose 10,000 open orders were 8,800 faults read past every fault
-- (docs/decisions.md "Boards filtered by type in index order"). The WHERE must stay the very list
-- list() writes for state=open (store/order_store.cpp), as for migration 0013's partial indexes.
-- (SQLite's indexes over the open orders name a computed is_open column instead: there the IN list
-- costs a temporary b-tree per index and row written. PostgreSQL tests the list in place.)
CREATE INDEX work_orders_community_open_type ON work_orders(community_id, type,
  (CASE WHEN commit_due_at = 0 THEN 2 WHEN paused_since > 0 THEN 1 ELSE 0 END), commit_due_at, id)
  WHERE state IN ('created','assigned','accepted','appointment_booked','en_route','on_site','waiting','returned','reopened');
CREATE INDEX work_orders_office_open_type ON work_orders(office_id, type,
  (CASE WHEN commit_due_at = 0 THEN 2 WHEN paused_since > 0 THEN 1 ELSE 0 END), commit_due_at, id)
  WHERE state IN ('created','assigned','accepted','appointment_booked','en_route','on_site','waiting','returned','reopened');
