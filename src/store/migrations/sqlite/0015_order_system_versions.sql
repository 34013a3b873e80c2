-- How many of an order's latest versions only the system wrote (an escalation, due times moved by
-- a calendar change) since a person last changed it: a person's If-Match naming one of them, or the
-- version before them, is not stale (docs/work-orders.md, "Versions"). 0 for every existing row:
-- no system change made a new version before this column.
ALTER TABLE work_orders ADD COLUMN system_versions INTEGER NOT NULL DEFAULT 0;
