-- The limits an order was accepted under (legal and the operator's commitment): a later change of
-- the configuration applies to new orders, never to ones already running.
ALTER TABLE work_orders ADD COLUMN legal_minutes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE work_orders ADD COLUMN legal_clock TEXT NOT NULL DEFAULT 'calendar';
ALTER TABLE work_orders ADD COLUMN commit_minutes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE work_orders ADD COLUMN commit_clock TEXT NOT NULL DEFAULT 'calendar';
