-- When an open order's next escalation falls due (75 % of the operator's commitment, then its
-- breach); 0 when none is pending (closed, paused, or already at the office head).
ALTER TABLE work_orders ADD COLUMN next_escalation_at INTEGER NOT NULL DEFAULT 0;
CREATE INDEX work_orders_escalation ON work_orders(next_escalation_at) WHERE next_escalation_at > 0;
