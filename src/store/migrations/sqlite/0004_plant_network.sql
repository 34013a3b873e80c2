-- Cables, poles and drop lines as full records linked to the boxes they serve (issue #3, item 1).
-- The 0002 placeholders were never written to by any release, so they are rebuilt here with
-- versions, status (retire, never delete), timestamps and codes unique per local network.
DROP TABLE pole_boxes;
DROP TABLE poles;
DROP TABLE cables;
DROP TABLE drop_lines;

-- An end is the exchange of the cable's local network (no id), a cross-connect box or a distribution box.
CREATE TABLE cables (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('primary','distribution','fibre')),
  from_kind TEXT NOT NULL CHECK (from_kind IN ('exchange','cross_box','dist_box')),
  from_id INTEGER,
  to_kind TEXT NOT NULL CHECK (to_kind IN ('exchange','cross_box','dist_box')),
  to_id INTEGER,
  pairs INTEGER NOT NULL CHECK (pairs BETWEEN 1 AND 10000),
  length_m INTEGER NOT NULL DEFAULT 0 CHECK (length_m BETWEEN 0 AND 100000),
  network_id INTEGER NOT NULL REFERENCES units(id),
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','retired')),
  version INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (network_id, code)
);
CREATE INDEX cables_from ON cables(from_kind, from_id);
CREATE INDEX cables_to ON cables(to_kind, to_id);

-- The distribution boxes a cable serves (one distribution cable often serves several boxes).
CREATE TABLE cable_boxes (
  cable_id INTEGER NOT NULL REFERENCES cables(id),
  dist_box_id INTEGER NOT NULL REFERENCES dist_boxes(id),
  PRIMARY KEY (cable_id, dist_box_id)
);
CREATE INDEX cable_boxes_box ON cable_boxes(dist_box_id);

CREATE TABLE poles (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL,
  kind TEXT NOT NULL DEFAULT 'concrete' CHECK (kind IN ('concrete','wood','steel')),
  lat_e6 INTEGER NOT NULL DEFAULT 0,
  lng_e6 INTEGER NOT NULL DEFAULT 0,
  network_id INTEGER NOT NULL REFERENCES units(id),
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','retired')),
  version INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (network_id, code)
);
-- The distribution boxes mounted on a pole; a box hangs on one pole at most.
CREATE TABLE pole_boxes (
  pole_id INTEGER NOT NULL REFERENCES poles(id),
  dist_box_id INTEGER NOT NULL REFERENCES dist_boxes(id),
  PRIMARY KEY (pole_id, dist_box_id)
);
CREATE UNIQUE INDEX pole_boxes_box ON pole_boxes(dist_box_id);
-- The cables a pole carries.
CREATE TABLE pole_cables (
  pole_id INTEGER NOT NULL REFERENCES poles(id),
  cable_id INTEGER NOT NULL REFERENCES cables(id),
  PRIMARY KEY (pole_id, cable_id)
);
CREATE INDEX pole_cables_cable ON pole_cables(cable_id);

-- From a pair of a distribution box to the subscriber's premises (the service it carries).
CREATE TABLE drop_lines (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL,
  dist_box_id INTEGER NOT NULL REFERENCES dist_boxes(id),
  pair_no INTEGER NOT NULL CHECK (pair_no BETWEEN 1 AND 2400),
  service_id INTEGER REFERENCES services(id),
  kind TEXT NOT NULL DEFAULT 'copper' CHECK (kind IN ('copper','fibre')),
  length_m INTEGER NOT NULL DEFAULT 0 CHECK (length_m BETWEEN 0 AND 5000),
  installed_at INTEGER NOT NULL DEFAULT 0,
  network_id INTEGER NOT NULL REFERENCES units(id),
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','retired')),
  version INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (network_id, code)
);
-- One active drop line per pair.
CREATE UNIQUE INDEX drop_lines_pair_active ON drop_lines(dist_box_id, pair_no) WHERE status = 'active';
-- A box's drop lines, retired ones included (the box page lists both).
CREATE INDEX drop_lines_box ON drop_lines(dist_box_id, pair_no);
CREATE INDEX drop_lines_service ON drop_lines(service_id);
