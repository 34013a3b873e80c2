-- Revenue and targets (docs/revenue.md): billed revenue per service per month (imported), its
-- rollups per leaf unit (area; the local network for a service hanging off no box) and per seller
-- per month, kept by the import in the same transaction; revenue targets per unit per month with
-- every version kept. Months are YYYYMM integers in the display time zone.
-- The seller, when the billing or sales system recorded one (a staff id; no foreign key, so the
-- bulk import of services lifts and restores the same constraints as before).
ALTER TABLE services ADD COLUMN seller_id INTEGER;

CREATE TABLE service_revenue (
  service_id INTEGER NOT NULL REFERENCES services(id),
  month INTEGER NOT NULL CHECK (month BETWEEN 190001 AND 299912),
  amount_fen INTEGER NOT NULL CHECK (amount_fen >= 0),
  unit_id INTEGER NOT NULL,   -- the service's area when imported (its local network when it has no box)
  seller_id INTEGER,          -- the staff credited with the sale, in a new sale's first twelve months only
  imported_at INTEGER NOT NULL,
  PRIMARY KEY (service_id, month)
) WITHOUT ROWID;

CREATE TABLE revenue_area_month (
  unit_id INTEGER NOT NULL,
  month INTEGER NOT NULL,
  amount_fen INTEGER NOT NULL,
  services INTEGER NOT NULL,
  PRIMARY KEY (unit_id, month)
) WITHOUT ROWID;
CREATE INDEX revenue_area_month_month ON revenue_area_month(month);

CREATE TABLE revenue_seller_month (
  staff_id INTEGER NOT NULL,
  month INTEGER NOT NULL,
  amount_fen INTEGER NOT NULL,
  services INTEGER NOT NULL,
  PRIMARY KEY (staff_id, month)
) WITHOUT ROWID;
CREATE INDEX revenue_seller_month_month ON revenue_seller_month(month);

CREATE TABLE revenue_targets (
  unit_id INTEGER NOT NULL REFERENCES units(id),
  month INTEGER NOT NULL CHECK (month BETWEEN 190001 AND 299912),
  amount_fen INTEGER NOT NULL CHECK (amount_fen >= 0),
  version INTEGER NOT NULL,
  updated_by INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (unit_id, month)
);
CREATE INDEX revenue_targets_month ON revenue_targets(month);

-- Every version of every target, the current one included (append-only).
CREATE TABLE revenue_target_versions (
  unit_id INTEGER NOT NULL,
  month INTEGER NOT NULL,
  version INTEGER NOT NULL,
  amount_fen INTEGER NOT NULL,
  set_by INTEGER NOT NULL,
  set_at INTEGER NOT NULL,
  PRIMARY KEY (unit_id, month, version)
);
