-- Boards (issue #4): how many orders each community has per state, type and queue, kept in the
-- transaction of every order write (store/order_store.cpp, the writer's count deltas), so a board's
-- X-Total-Count reads a few of these rows instead of counting every index entry of a community's
-- open orders (21,000 in the benchmark) on every request. office_id and network_id are the order's
-- own (as stored on it), so a sum by office or network answers exactly what `office_id = ?` would.
-- queued = 1: nobody assigned (assignee_id IS NULL), the community's queue.
-- docs/decisions.md, "Board counts kept in the order's transaction".
CREATE TABLE order_counts (
  community_id INTEGER NOT NULL,
  state TEXT NOT NULL,
  type TEXT NOT NULL,
  queued INTEGER NOT NULL,
  office_id INTEGER NOT NULL,
  network_id INTEGER NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (community_id, state, type, queued, office_id, network_id)
) WITHOUT ROWID;
CREATE INDEX order_counts_office ON order_counts(office_id, state);
CREATE INDEX order_counts_network ON order_counts(network_id, state);
INSERT INTO order_counts (community_id, state, type, queued, office_id, network_id, n)
  SELECT community_id, state, type, CASE WHEN assignee_id IS NULL THEN 1 ELSE 0 END, office_id, network_id, count(*)
  FROM work_orders GROUP BY community_id, state, type, CASE WHEN assignee_id IS NULL THEN 1 ELSE 0 END, office_id,
  network_id;
