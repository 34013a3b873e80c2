-- Boards (issue #4) of a whole local network (centre managers, the hotline) and of the province
-- (administrators): their open orders nearest deadline first (the board's order), read in index
-- order. Without it, a network's open board scanned the whole work_orders table and sorted its open
-- orders (350 ms for the city with 22,000 open orders), and the province's sorted every open order.
-- network_id rides in the index (not first): a network's page reads the province's order and skips
-- other networks' entries, so one index serves both. The WHERE must stay the very list list()
-- writes for state=open (store/order_store.cpp), as for migration 0013's partial indexes.
-- Newest first has no index of its own: it walks work_orders_created back from now and stops at the
-- page's 50th open order, which open orders being recent makes short (and an index per order
-- costs every order write; docs/decisions.md "Network and province boards in index order").
CREATE INDEX work_orders_open ON work_orders(
  (CASE WHEN commit_due_at = 0 THEN 2 WHEN paused_since > 0 THEN 1 ELSE 0 END), commit_due_at, id, network_id, type)
  WHERE state IN ('created','assigned','accepted','appointment_booked','en_route','on_site','waiting','returned','reopened');
