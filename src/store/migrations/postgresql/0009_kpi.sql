-- KPI rollups (docs/kpis.md): integer counters per display-zone day (and per month) per community,
-- area and credited manager, kept up to date in the transaction of every order change; rates are
-- computed when read, as exact ratios. `bluechannel kpi rebuild` recomputes them from the raw records.
CREATE TABLE kpi_daily (
  day INTEGER NOT NULL,            -- YYYYMMDD in the display zone
  network_id BIGINT NOT NULL,
  office_id BIGINT NOT NULL,
  community_id BIGINT NOT NULL,
  area_id BIGINT NOT NULL,            -- 0: no area (the community's queue)
  manager_id BIGINT NOT NULL,         -- the credited manager; 0: nobody
  faults BIGINT NOT NULL DEFAULT 0,
  repeat_faults BIGINT NOT NULL DEFAULT 0,
  complaints BIGINT NOT NULL DEFAULT 0,
  repaired BIGINT NOT NULL DEFAULT 0,
  repaired_legal_ok BIGINT NOT NULL DEFAULT 0,
  repaired_commit_ok BIGINT NOT NULL DEFAULT 0,
  cable_repaired BIGINT NOT NULL DEFAULT 0,
  cable_legal_ok BIGINT NOT NULL DEFAULT 0,
  cable_commit_ok BIGINT NOT NULL DEFAULT 0,
  first_fix BIGINT NOT NULL DEFAULT 0,
  installs BIGINT NOT NULL DEFAULT 0,
  installs_legal_ok BIGINT NOT NULL DEFAULT 0,
  installs_commit_ok BIGINT NOT NULL DEFAULT 0,
  done BIGINT NOT NULL DEFAULT 0,
  callbacks BIGINT NOT NULL DEFAULT 0,
  satisfaction_sum BIGINT NOT NULL DEFAULT 0,
  satisfied BIGINT NOT NULL DEFAULT 0,
  leads BIGINT NOT NULL DEFAULT 0,
  sales BIGINT NOT NULL DEFAULT 0,
  pairs_checked BIGINT NOT NULL DEFAULT 0,
  pairs_matched BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (day, community_id, area_id, manager_id)
);
CREATE TABLE kpi_monthly (
  month INTEGER NOT NULL,            -- YYYYMM in the display zone
  network_id BIGINT NOT NULL,
  office_id BIGINT NOT NULL,
  community_id BIGINT NOT NULL,
  area_id BIGINT NOT NULL,            -- 0: no area (the community's queue)
  manager_id BIGINT NOT NULL,         -- the credited manager; 0: nobody
  faults BIGINT NOT NULL DEFAULT 0,
  repeat_faults BIGINT NOT NULL DEFAULT 0,
  complaints BIGINT NOT NULL DEFAULT 0,
  repaired BIGINT NOT NULL DEFAULT 0,
  repaired_legal_ok BIGINT NOT NULL DEFAULT 0,
  repaired_commit_ok BIGINT NOT NULL DEFAULT 0,
  cable_repaired BIGINT NOT NULL DEFAULT 0,
  cable_legal_ok BIGINT NOT NULL DEFAULT 0,
  cable_commit_ok BIGINT NOT NULL DEFAULT 0,
  first_fix BIGINT NOT NULL DEFAULT 0,
  installs BIGINT NOT NULL DEFAULT 0,
  installs_legal_ok BIGINT NOT NULL DEFAULT 0,
  installs_commit_ok BIGINT NOT NULL DEFAULT 0,
  done BIGINT NOT NULL DEFAULT 0,
  callbacks BIGINT NOT NULL DEFAULT 0,
  satisfaction_sum BIGINT NOT NULL DEFAULT 0,
  satisfied BIGINT NOT NULL DEFAULT 0,
  leads BIGINT NOT NULL DEFAULT 0,
  sales BIGINT NOT NULL DEFAULT 0,
  pairs_checked BIGINT NOT NULL DEFAULT 0,
  pairs_matched BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (month, community_id, area_id, manager_id)
);
CREATE INDEX kpi_monthly_community ON kpi_monthly(community_id, month);
CREATE INDEX kpi_monthly_area ON kpi_monthly(area_id, month);
CREATE INDEX kpi_monthly_manager ON kpi_monthly(manager_id, month);
-- The monthly rows summed per community: what the province, local network and office levels read
-- (a province's year is ~5,000 of these rather than ~30,000 area rows).
CREATE TABLE kpi_community_monthly (
  month INTEGER NOT NULL,
  network_id BIGINT NOT NULL,
  office_id BIGINT NOT NULL,
  community_id BIGINT NOT NULL,
  faults BIGINT NOT NULL DEFAULT 0,
  repeat_faults BIGINT NOT NULL DEFAULT 0,
  complaints BIGINT NOT NULL DEFAULT 0,
  repaired BIGINT NOT NULL DEFAULT 0,
  repaired_legal_ok BIGINT NOT NULL DEFAULT 0,
  repaired_commit_ok BIGINT NOT NULL DEFAULT 0,
  cable_repaired BIGINT NOT NULL DEFAULT 0,
  cable_legal_ok BIGINT NOT NULL DEFAULT 0,
  cable_commit_ok BIGINT NOT NULL DEFAULT 0,
  first_fix BIGINT NOT NULL DEFAULT 0,
  installs BIGINT NOT NULL DEFAULT 0,
  installs_legal_ok BIGINT NOT NULL DEFAULT 0,
  installs_commit_ok BIGINT NOT NULL DEFAULT 0,
  done BIGINT NOT NULL DEFAULT 0,
  callbacks BIGINT NOT NULL DEFAULT 0,
  satisfaction_sum BIGINT NOT NULL DEFAULT 0,
  satisfied BIGINT NOT NULL DEFAULT 0,
  leads BIGINT NOT NULL DEFAULT 0,
  sales BIGINT NOT NULL DEFAULT 0,
  pairs_checked BIGINT NOT NULL DEFAULT 0,
  pairs_matched BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (month, community_id)
);
CREATE INDEX kpi_community_monthly_office ON kpi_community_monthly(office_id, month);
CREATE INDEX kpi_community_monthly_network ON kpi_community_monthly(network_id, month);
-- How often each order went from done back to reopened (first-time fix), kept with the rollups.
CREATE TABLE kpi_order_reopens (
  order_id BIGINT PRIMARY KEY,
  reopens INTEGER NOT NULL
);
-- Denominators per area (lines in service, subscribers), counted from the plant by `kpi rebuild`
-- and the demo loader; dashboards read these instead of counting ten million lines.
CREATE TABLE kpi_area_base (
  area_id BIGINT PRIMARY KEY,
  community_id BIGINT NOT NULL,
  office_id BIGINT NOT NULL,
  network_id BIGINT NOT NULL,
  lines BIGINT NOT NULL,
  subscribers BIGINT NOT NULL,
  counted_at BIGINT NOT NULL
);
-- Weighted scorecards per role (docs/kpis.md); a role without a row uses the built-in default.
CREATE TABLE kpi_scorecards (
  role TEXT PRIMARY KEY,
  weights TEXT NOT NULL,              -- repairTimeliness=20;satisfaction=20;…
  complaint_ceiling INTEGER NOT NULL,
  version INTEGER NOT NULL,
  updated_by BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
