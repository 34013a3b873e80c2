-- Boards (issue #4): a community, office or manager's open orders, nearest deadline first, read a
-- page at a time. The scope indexes carry the board's sort keys, so the page is chosen from the
-- index alone and only its 50 rows are read (store/order_store.cpp, list()); without them a
-- community with 10,000 open orders sorted 10,000 whole rows for every request.
DROP INDEX work_orders_community;
DROP INDEX work_orders_office;
DROP INDEX work_orders_assignee;
CREATE INDEX work_orders_community ON work_orders(community_id, state, commit_due_at, paused_since);
CREATE INDEX work_orders_office ON work_orders(office_id, state, commit_due_at, paused_since);
CREATE INDEX work_orders_assignee ON work_orders(assignee_id, state, commit_due_at, paused_since);
-- Whole-network and whole-province boards (centre heads, administrators) filter by state first.
CREATE INDEX work_orders_state ON work_orders(state, commit_due_at, paused_since);
