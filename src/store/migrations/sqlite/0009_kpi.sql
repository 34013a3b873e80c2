-- KPI rollups (docs/kpis.md): integer counters per display-zone day (and per month) per community,
-- area and credited manager, kept up to date in the transaction of every order change; rates are
-- computed when read, as exact ratios. `bluechannel kpi rebuild` recomputes them from the raw records.
CREATE TABLE kpi_daily (
  day INTEGER NOT NULL,            -- YYYYMMDD in the display zone
  network_id INTEGER NOT NULL,
  office_id INTEGER NOT NULL,
  community_id INTEGER NOT NULL,
  area_id INTEGER NOT NULL,            -- 0: no area (the community's queue)
  manager_id INTEGER NOT NULL,         -- the credited manager; 0: nobody
  faults INTEGER NOT NULL DEFAULT 0,
  repeat_faults INTEGER NOT NULL DEFAULT 0,
  complaints INTEGER NOT NULL DEFAULT 0,
  repaired INTEGER NOT NULL DEFAULT 0,
  repaired_legal_ok INTEGER NOT NULL DEFAULT 0,
  repaired_commit_ok INTEGER NOT NULL DEFAULT 0,
  cable_repaired INTEGER NOT NULL DEFAULT 0,
  cable_legal_ok INTEGER NOT NULL DEFAULT 0,
  cable_commit_ok INTEGER NOT NULL DEFAULT 0,
  first_fix INTEGER NOT NULL DEFAULT 0,
  installs INTEGER NOT NULL DEFAULT 0,
  installs_legal_ok INTEGER NOT NULL DEFAULT 0,
  installs_commit_ok INTEGER NOT NULL DEFAULT 0,
  done INTEGER NOT NULL DEFAULT 0,
  callbacks INTEGER NOT NULL DEFAULT 0,
  satisfaction_sum INTEGER NOT NULL DEFAULT 0,
  satisfied INTEGER NOT NULL DEFAULT 0,
  leads INTEGER NOT NULL DEFAULT 0,
  sales INTEGER NOT NULL DEFAULT 0,
  pairs_checked INTEGER NOT NULL DEFAULT 0,
  pairs_matched INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, community_id, area_id, manager_id)
);
CREATE TABLE kpi_monthly (
  month INTEGER NOT NULL,            -- YYYYMM in the display zone
  network_id INTEGER NOT NULL,
  office_id INTEGER NOT NULL,
  community_id INTEGER NOT NULL,
  area_id INTEGER NOT NULL,            -- 0: no area (the community's queue)
  manager_id INTEGER NOT NULL,         -- the credited manager; 0: nobody
  faults INTEGER NOT NULL DEFAULT 0,
  repeat_faults INTEGER NOT NULL DEFAULT 0,
  complaints INTEGER NOT NULL DEFAULT 0,
  repaired INTEGER NOT NULL DEFAULT 0,
  repaired_legal_ok INTEGER NOT NULL DEFAULT 0,
  repaired_commit_ok INTEGER NOT NULL DEFAULT 0,
  cable_repaired INTEGER NOT NULL DEFAULT 0,
  cable_legal_ok INTEGER NOT NULL DEFAULT 0,
  cable_commit_ok INTEGER NOT NULL DEFAULT 0,
  first_fix INTEGER NOT NULL DEFAULT 0,
  installs INTEGER NOT NULL DEFAULT 0,
  installs_legal_ok INTEGER NOT NULL DEFAULT 0,
  installs_commit_ok INTEGER NOT NULL DEFAULT 0,
  done INTEGER NOT NULL DEFAULT 0,
  callbacks INTEGER NOT NULL DEFAULT 0,
  satisfaction_sum INTEGER NOT NULL DEFAULT 0,
  satisfied INTEGER NOT NULL DEFAULT 0,
  leads INTEGER NOT NULL DEFAULT 0,
  sales INTEGER NOT NULL DEFAULT 0,
  pairs_checked INTEGER NOT NULL DEFAULT 0,
  pairs_matched INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (month, community_id, area_id, manager_id)
);
CREATE INDEX kpi_monthly_community ON kpi_monthly(community_id, month);
CREATE INDEX kpi_monthly_area ON kpi_monthly(area_id, month);
CREATE INDEX kpi_monthly_manager ON kpi_monthly(manager_id, month);
-- The monthly rows summed per community: what the province, local network and office levels read
-- (a province's year is ~5,000 of these rather than ~30,000 area rows).
CREATE TABLE kpi_community_monthly (
  month INTEGER NOT NULL,
  network_id INTEGER NOT NULL,
  office_id INTEGER NOT NULL,
  community_id INTEGER NOT NULL,
  faults INTEGER NOT NULL DEFAULT 0,
  repeat_faults INTEGER NOT NULL DEFAULT 0,
  complaints INTEGER NOT NULL DEFAULT 0,
  repaired INTEGER NOT NULL DEFAULT 0,
  repaired_legal_ok INTEGER NOT NULL DEFAULT 0,
  repaired_commit_ok INTEGER NOT NULL DEFAULT 0,
  cable_repaired INTEGER NOT NULL DEFAULT 0,
  cable_legal_ok INTEGER NOT NULL DEFAULT 0,
  cable_commit_ok INTEGER NOT NULL DEFAULT 0,
  first_fix INTEGER NOT NULL DEFAULT 0,
  installs INTEGER NOT NULL DEFAULT 0,
  installs_legal_ok INTEGER NOT NULL DEFAULT 0,
  installs_commit_ok INTEGER NOT NULL DEFAULT 0,
  done INTEGER NOT NULL DEFAULT 0,
  callbacks INTEGER NOT NULL DEFAULT 0,
  satisfaction_sum INTEGER NOT NULL DEFAULT 0,
  satisfied INTEGER NOT NULL DEFAULT 0,
  leads INTEGER NOT NULL DEFAULT 0,
  sales INTEGER NOT NULL DEFAULT 0,
  pairs_checked INTEGER NOT NULL DEFAULT 0,
  pairs_matched INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (month, community_id)
);
CREATE INDEX kpi_community_monthly_office ON kpi_community_monthly(office_id, month);
CREATE INDEX kpi_community_monthly_network ON kpi_community_monthly(network_id, month);
-- How often each order went from done back to reopened (first-time fix), kept with the rollups.
CREATE TABLE kpi_order_reopens (
  order_id INTEGER PRIMARY KEY,
  reopens INTEGER NOT NULL
);
-- Denominators per area (lines in service, subscribers), counted from the plant by `kpi rebuild`
-- and the demo loader; dashboards read these instead of counting ten million lines.
CREATE TABLE kpi_area_base (
  area_id INTEGER PRIMARY KEY,
  community_id INTEGER NOT NULL,
  office_id INTEGER NOT NULL,
  network_id INTEGER NOT NULL,
  lines INTEGER NOT NULL,
  subscribers INTEGER NOT NULL,
  counted_at INTEGER NOT NULL
);
-- Weighted scorecards per role (docs/kpis.md); a role without a row uses the built-in default.
CREATE TABLE kpi_scorecards (
  role TEXT PRIMARY KEY,
  weights TEXT NOT NULL,              -- repairTimeliness=20;satisfaction=20;…
  complaint_ceiling INTEGER NOT NULL,
  version INTEGER NOT NULL,
  updated_by INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
