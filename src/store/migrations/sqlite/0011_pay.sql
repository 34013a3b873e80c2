-- Piece-rate pay by quality (docs/pay.md): the versioned rate table (never edited: a change is a
-- new version), monthly pay runs per local network, their statements and lines. An approved run
-- closes its month: its run row and lines can no longer change.
CREATE TABLE pay_rate_versions (
  id INTEGER PRIMARY KEY,
  version INTEGER NOT NULL UNIQUE,
  effective_from TEXT NOT NULL,          -- YYYY-MM in the display time zone
  within_deadline_num INTEGER NOT NULL, within_deadline_den INTEGER NOT NULL CHECK (within_deadline_den > 0),
  satisfied_num INTEGER NOT NULL, satisfied_den INTEGER NOT NULL CHECK (satisfied_den > 0),
  no_repeat_num INTEGER NOT NULL, no_repeat_den INTEGER NOT NULL CHECK (no_repeat_den > 0),
  callback_num INTEGER NOT NULL, callback_den INTEGER NOT NULL CHECK (callback_den > 0),
  complaint_fen INTEGER NOT NULL CHECK (complaint_fen >= 0),
  breach_fen INTEGER NOT NULL CHECK (breach_fen >= 0),
  commission_num INTEGER NOT NULL, commission_den INTEGER NOT NULL CHECK (commission_den > 0),
  note TEXT NOT NULL DEFAULT '',
  created_by INTEGER NOT NULL DEFAULT 0,
  created_by_name TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL
);
CREATE TABLE pay_rates (
  version_id INTEGER NOT NULL REFERENCES pay_rate_versions(id),
  type TEXT NOT NULL,
  rural INTEGER NOT NULL,
  rate_fen INTEGER NOT NULL CHECK (rate_fen >= 0),
  PRIMARY KEY (version_id, type, rural)
);
CREATE TRIGGER pay_rate_versions_no_update BEFORE UPDATE ON pay_rate_versions
BEGIN SELECT RAISE(ABORT, 'pay rate versions are never edited: add a new version'); END;
CREATE TRIGGER pay_rate_versions_no_delete BEFORE DELETE ON pay_rate_versions
BEGIN SELECT RAISE(ABORT, 'pay rate versions are never edited: add a new version'); END;
CREATE TRIGGER pay_rates_no_update BEFORE UPDATE ON pay_rates
BEGIN SELECT RAISE(ABORT, 'pay rate versions are never edited: add a new version'); END;
CREATE TRIGGER pay_rates_no_delete BEFORE DELETE ON pay_rates
BEGIN SELECT RAISE(ABORT, 'pay rate versions are never edited: add a new version'); END;

CREATE TABLE pay_runs (
  id INTEGER PRIMARY KEY,
  network_id INTEGER NOT NULL REFERENCES units(id),
  month TEXT NOT NULL,                   -- YYYY-MM in the display time zone
  status TEXT NOT NULL CHECK (status IN ('draft','approved')),
  rate_version_id INTEGER NOT NULL REFERENCES pay_rate_versions(id),
  version INTEGER NOT NULL DEFAULT 1,
  computed_by INTEGER NOT NULL DEFAULT 0,
  computed_at INTEGER NOT NULL,
  compute_ms INTEGER NOT NULL DEFAULT 0,
  approved_by INTEGER NOT NULL DEFAULT 0,
  approved_at INTEGER NOT NULL DEFAULT 0,
  lines INTEGER NOT NULL DEFAULT 0,
  managers INTEGER NOT NULL DEFAULT 0,
  total_fen INTEGER NOT NULL DEFAULT 0,
  UNIQUE (network_id, month)
);
CREATE TABLE pay_statements (
  run_id INTEGER NOT NULL REFERENCES pay_runs(id),
  manager_id INTEGER NOT NULL,
  work_lines INTEGER NOT NULL,
  adjustment_lines INTEGER NOT NULL,
  work_fen INTEGER NOT NULL,
  adjustment_fen INTEGER NOT NULL,
  total_fen INTEGER NOT NULL,
  PRIMARY KEY (run_id, manager_id)
);
CREATE TABLE pay_lines (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES pay_runs(id),
  manager_id INTEGER NOT NULL,
  order_id INTEGER NOT NULL,
  order_code TEXT NOT NULL,
  order_type TEXT NOT NULL,
  rural INTEGER NOT NULL DEFAULT 0,
  kind TEXT NOT NULL CHECK (kind IN ('work','adjustment')),
  resolved_at INTEGER NOT NULL,
  base_fen INTEGER NOT NULL,
  amount_fen INTEGER NOT NULL,
  part_codes TEXT NOT NULL DEFAULT '',   -- the parts applied, comma-separated (adjustments compare them)
  parts TEXT NOT NULL DEFAULT '[]',      -- each part with its amount or ratio and why (JSON)
  adjusts_month TEXT NOT NULL DEFAULT ''
);
CREATE INDEX pay_lines_run ON pay_lines(run_id, manager_id, order_id);
CREATE INDEX pay_lines_order ON pay_lines(order_id);

-- A closed month never changes.
CREATE TRIGGER pay_runs_closed_update BEFORE UPDATE ON pay_runs WHEN OLD.status = 'approved'
BEGIN SELECT RAISE(ABORT, 'the pay run is approved: its month is closed'); END;
CREATE TRIGGER pay_runs_closed_delete BEFORE DELETE ON pay_runs WHEN OLD.status = 'approved'
BEGIN SELECT RAISE(ABORT, 'the pay run is approved: its month is closed'); END;
CREATE TRIGGER pay_lines_closed_insert BEFORE INSERT ON pay_lines
WHEN (SELECT status FROM pay_runs WHERE id = NEW.run_id) = 'approved'
BEGIN SELECT RAISE(ABORT, 'the pay run is approved: its month is closed'); END;
CREATE TRIGGER pay_lines_closed_update BEFORE UPDATE ON pay_lines
WHEN (SELECT status FROM pay_runs WHERE id = OLD.run_id) = 'approved'
BEGIN SELECT RAISE(ABORT, 'the pay run is approved: its month is closed'); END;
CREATE TRIGGER pay_lines_closed_delete BEFORE DELETE ON pay_lines
WHEN (SELECT status FROM pay_runs WHERE id = OLD.run_id) = 'approved'
BEGIN SELECT RAISE(ABORT, 'the pay run is approved: its month is closed'); END;

-- What a run reads: a network's work by resolution time, repeat faults and complaints of an order.
CREATE INDEX work_orders_network_resolved ON work_orders(network_id, resolved_at);
CREATE INDEX work_orders_repeat_of ON work_orders(repeat_of) WHERE repeat_of IS NOT NULL;
CREATE INDEX work_orders_about ON work_orders(about_order_id) WHERE about_order_id IS NOT NULL;
