-- Outside plant and the subscriber archive. network_id on every large table: the distribution
-- column a sharded PostgreSQL (Citus) would use.
CREATE TABLE cross_boxes (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL DEFAULT '',
  network_id INTEGER NOT NULL REFERENCES units(id),
  area_id INTEGER REFERENCES units(id),
  lat_e6 INTEGER NOT NULL DEFAULT 0,
  lng_e6 INTEGER NOT NULL DEFAULT 0,
  address TEXT NOT NULL DEFAULT '',
  primary_pairs INTEGER NOT NULL DEFAULT 0 CHECK (primary_pairs >= 0),
  distribution_pairs INTEGER NOT NULL DEFAULT 0 CHECK (distribution_pairs >= 0),
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','retired')),
  version INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX cross_boxes_area ON cross_boxes(area_id);

CREATE TABLE dist_boxes (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  cross_box_id INTEGER NOT NULL REFERENCES cross_boxes(id),
  area_id INTEGER NOT NULL REFERENCES units(id),
  network_id INTEGER NOT NULL REFERENCES units(id),
  lat_e6 INTEGER NOT NULL DEFAULT 0,
  lng_e6 INTEGER NOT NULL DEFAULT 0,
  mount TEXT NOT NULL DEFAULT 'building' CHECK (mount IN ('building','pole')),
  address TEXT NOT NULL DEFAULT '',
  capacity INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 2400),
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','retired')),
  version INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX dist_boxes_area ON dist_boxes(area_id);
CREATE INDEX dist_boxes_cross ON dist_boxes(cross_box_id);

-- Pairs are implied by capacity; only hand-set marks are stored. in_use comes from services.
CREATE TABLE pair_marks (
  dist_box_id INTEGER NOT NULL REFERENCES dist_boxes(id),
  pair_no INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('faulty','reserved')),
  note TEXT NOT NULL DEFAULT '',
  set_by INTEGER NOT NULL,
  set_at INTEGER NOT NULL,
  PRIMARY KEY (dist_box_id, pair_no)
);

CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('person','business')),
  name TEXT NOT NULL,
  phones TEXT NOT NULL DEFAULT '',          -- comma-separated contact numbers
  id_type TEXT NOT NULL DEFAULT '',
  id_number TEXT NOT NULL DEFAULT '',
  district TEXT NOT NULL DEFAULT '',
  street TEXT NOT NULL DEFAULT '',
  community TEXT NOT NULL DEFAULT '',
  building TEXT NOT NULL DEFAULT '',
  unit_no TEXT NOT NULL DEFAULT '',
  room TEXT NOT NULL DEFAULT '',
  address_text TEXT NOT NULL DEFAULT '',   -- the whole address in one string, for search
  network_id INTEGER NOT NULL REFERENCES units(id),
  version INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- Exact and prefix search by name (2-character Chinese names are below trigram length).
CREATE INDEX customers_name ON customers(name);

CREATE TABLE accounts (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  status TEXT NOT NULL DEFAULT 'active',
  network_id INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX accounts_customer ON accounts(customer_id);

CREATE TABLE services (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  account_id INTEGER REFERENCES accounts(id),
  kind TEXT NOT NULL CHECK (kind IN ('fixed_line','broadband','caller_id','iptv','other')),
  number TEXT NOT NULL,                    -- phone number, broadband account, IPTV account …
  speed_mbps INTEGER NOT NULL DEFAULT 0,
  dist_box_id INTEGER REFERENCES dist_boxes(id),
  pair_no INTEGER,
  parent_service_id INTEGER REFERENCES services(id),
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','suspended','ceased')),
  start_date INTEGER NOT NULL DEFAULT 0,
  monthly_fee_fen INTEGER NOT NULL DEFAULT 0 CHECK (monthly_fee_fen >= 0),
  network_id INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
-- A pair serves one active service only; a number belongs to one active service of its kind.
CREATE UNIQUE INDEX services_pair_active ON services(dist_box_id, pair_no) WHERE status = 'active' AND pair_no IS NOT NULL;
CREATE UNIQUE INDEX services_number_active ON services(kind, number) WHERE status = 'active';
CREATE INDEX services_customer ON services(customer_id);
CREATE INDEX services_number ON services(number);
CREATE INDEX services_box ON services(dist_box_id);

CREATE TABLE drop_lines (
  id INTEGER PRIMARY KEY,
  dist_box_id INTEGER NOT NULL REFERENCES dist_boxes(id),
  pair_no INTEGER NOT NULL,
  service_id INTEGER REFERENCES services(id),
  length_m INTEGER NOT NULL DEFAULT 0,
  installed_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX drop_lines_box ON drop_lines(dist_box_id, pair_no);

CREATE TABLE cables (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('primary','distribution','fibre')),
  from_code TEXT NOT NULL DEFAULT '',
  to_code TEXT NOT NULL DEFAULT '',
  pairs INTEGER NOT NULL DEFAULT 0,
  length_m INTEGER NOT NULL DEFAULT 0,
  network_id INTEGER NOT NULL
);
CREATE TABLE poles (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL DEFAULT 'concrete',
  lat_e6 INTEGER NOT NULL DEFAULT 0,
  lng_e6 INTEGER NOT NULL DEFAULT 0,
  network_id INTEGER NOT NULL
);
CREATE TABLE pole_boxes (
  pole_id INTEGER NOT NULL REFERENCES poles(id),
  dist_box_id INTEGER NOT NULL REFERENCES dist_boxes(id),
  PRIMARY KEY (pole_id, dist_box_id)
);

CREATE TABLE care_flags (
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  flag TEXT NOT NULL CHECK (flag IN ('elderly_alone','bedridden','disabled','other')),
  note TEXT NOT NULL DEFAULT '',
  set_by INTEGER NOT NULL,
  set_at INTEGER NOT NULL,
  PRIMARY KEY (customer_id, flag)
);

CREATE TABLE contacts (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  staff_id INTEGER NOT NULL,
  at INTEGER NOT NULL,
  channel TEXT NOT NULL,
  outcome TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX contacts_customer ON contacts(customer_id, at);

-- Every view of unmasked personal data, with its reason. Append-only.
CREATE TABLE pii_views (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  staff_id INTEGER NOT NULL,
  customer_id INTEGER NOT NULL,
  fields TEXT NOT NULL,
  reason TEXT NOT NULL
);
CREATE INDEX pii_views_customer ON pii_views(customer_id, at);
CREATE TRIGGER pii_views_no_update BEFORE UPDATE ON pii_views BEGIN SELECT RAISE(ABORT, 'pii_views is append-only'); END;
CREATE TRIGGER pii_views_no_delete BEFORE DELETE ON pii_views BEGIN SELECT RAISE(ABORT, 'pii_views is append-only'); END;

CREATE TABLE verifications (
  id INTEGER PRIMARY KEY,
  dist_box_id INTEGER NOT NULL REFERENCES dist_boxes(id),
  area_id INTEGER NOT NULL,
  staff_id INTEGER NOT NULL,
  at INTEGER NOT NULL,
  checked INTEGER NOT NULL,
  matched INTEGER NOT NULL,
  mismatched INTEGER NOT NULL,
  corrected INTEGER NOT NULL
);
CREATE INDEX verifications_box ON verifications(dist_box_id, at);
CREATE INDEX verifications_area ON verifications(area_id, at);
CREATE TABLE verification_items (
  verification_id INTEGER NOT NULL REFERENCES verifications(id),
  pair_no INTEGER NOT NULL,
  recorded TEXT NOT NULL,
  found TEXT NOT NULL,
  result TEXT NOT NULL CHECK (result IN ('match','mismatch','corrected')),
  PRIMARY KEY (verification_id, pair_no)
);

-- Chinese address and name fragments: trigram full-text index (SQLite 3.34+).
CREATE VIRTUAL TABLE customer_search USING fts5(name, address_text, content='customers', content_rowid='id',
  tokenize='trigram');
CREATE TRIGGER customers_search_ins AFTER INSERT ON customers BEGIN
  INSERT INTO customer_search(rowid, name, address_text) VALUES (new.id, new.name, new.address_text);
END;
CREATE TRIGGER customers_search_del AFTER DELETE ON customers BEGIN
  INSERT INTO customer_search(customer_search, rowid, name, address_text) VALUES ('delete', old.id, old.name, old.address_text);
END;
CREATE TRIGGER customers_search_upd AFTER UPDATE OF name, address_text ON customers BEGIN
  INSERT INTO customer_search(customer_search, rowid, name, address_text) VALUES ('delete', old.id, old.name, old.address_text);
  INSERT INTO customer_search(rowid, name, address_text) VALUES (new.id, new.name, new.address_text);
END;
