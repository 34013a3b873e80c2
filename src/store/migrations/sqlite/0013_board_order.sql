-- Boards (issue #4), read in the board's own order. 0012's scope indexes put the deadline after the
-- state, but a board sorts by (deadline kind, deadline, id) — running, then paused, then none — so
-- every page still sorted all of a community's open orders, and a type filter or newest-first read
-- every row (store/order_store.cpp, list(); docs/decisions.md "Boards read in index order").
-- 1. The scope indexes carry the board's sort expression, then type and creation time: one state's
--    page comes in index order, and counts with a type filter never touch the rows.
DROP INDEX work_orders_community;
DROP INDEX work_orders_office;
DROP INDEX work_orders_assignee;
CREATE INDEX work_orders_community ON work_orders(community_id, state,
  (CASE WHEN commit_due_at = 0 THEN 2 WHEN paused_since > 0 THEN 1 ELSE 0 END), commit_due_at, type, created_at);
CREATE INDEX work_orders_office ON work_orders(office_id, state,
  (CASE WHEN commit_due_at = 0 THEN 2 WHEN paused_since > 0 THEN 1 ELSE 0 END), commit_due_at, type, created_at);
CREATE INDEX work_orders_assignee ON work_orders(assignee_id, state,
  (CASE WHEN commit_due_at = 0 THEN 2 WHEN paused_since > 0 THEN 1 ELSE 0 END), commit_due_at, type, created_at);
-- 2. "Open" is nine states: no single-state index gives their union in order. Partial indexes over
--    the open orders alone do, for the community and office boards, nearest deadline first and
--    newest first. The WHERE below must stay the very list list() writes for state=open.
CREATE INDEX work_orders_community_open ON work_orders(community_id,
  (CASE WHEN commit_due_at = 0 THEN 2 WHEN paused_since > 0 THEN 1 ELSE 0 END), commit_due_at, id, type)
  WHERE state IN ('created','assigned','accepted','appointment_booked','en_route','on_site','waiting','returned','reopened');
CREATE INDEX work_orders_community_open_new ON work_orders(community_id, created_at, id)
  WHERE state IN ('created','assigned','accepted','appointment_booked','en_route','on_site','waiting','returned','reopened');
CREATE INDEX work_orders_office_open ON work_orders(office_id,
  (CASE WHEN commit_due_at = 0 THEN 2 WHEN paused_since > 0 THEN 1 ELSE 0 END), commit_due_at, id, type)
  WHERE state IN ('created','assigned','accepted','appointment_booked','en_route','on_site','waiting','returned','reopened');
CREATE INDEX work_orders_office_open_new ON work_orders(office_id, created_at, id)
  WHERE state IN ('created','assigned','accepted','appointment_booked','en_route','on_site','waiting','returned','reopened');
