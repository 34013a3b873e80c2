-- Work orders of the blue channel (docs/work-orders.md): the order, its timeline (also the live
-- event stream: ids are the resume cursor), deadline pauses, callbacks; deadline configuration
-- and the business calendar; urban/rural setting of areas.
ALTER TABLE units ADD COLUMN rural INTEGER NOT NULL DEFAULT 0;

CREATE TABLE work_orders (
  id INTEGER PRIMARY KEY,
  type TEXT NOT NULL CHECK (type IN ('new_line','move','feature','broadband','fault','complaint','care_visit',
                                      'hazard','other')),
  channel TEXT NOT NULL CHECK (channel IN ('manager','business_hall','hotline','web_form','patrol','network_alarm')),
  state TEXT NOT NULL CHECK (state IN ('created','assigned','accepted','appointment_booked','en_route','on_site',
                                        'waiting','resolved','confirmed','closed','returned','cancelled','reopened')),
  resume_state TEXT NOT NULL DEFAULT 'accepted',
  network_id INTEGER NOT NULL REFERENCES units(id),
  office_id INTEGER NOT NULL REFERENCES units(id),
  community_id INTEGER NOT NULL REFERENCES units(id),
  area_id INTEGER REFERENCES units(id),
  assignee_id INTEGER REFERENCES staff(id),
  routing_reason TEXT NOT NULL,
  routing_en TEXT NOT NULL DEFAULT '',
  routing_zh TEXT NOT NULL DEFAULT '',
  rural INTEGER NOT NULL DEFAULT 0,
  dist_box_id INTEGER REFERENCES dist_boxes(id),
  customer_id INTEGER REFERENCES customers(id),
  service_id INTEGER REFERENCES services(id),
  pair_no INTEGER NOT NULL DEFAULT 0,
  number TEXT NOT NULL DEFAULT '',
  contact_name TEXT NOT NULL DEFAULT '',
  contact_phone TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT '',
  summary TEXT NOT NULL,
  details TEXT NOT NULL DEFAULT '{}',
  about_order_id INTEGER REFERENCES work_orders(id),
  external_ref TEXT,
  appointment_at INTEGER NOT NULL DEFAULT 0,
  commit_due_at INTEGER NOT NULL DEFAULT 0,
  legal_due_at INTEGER NOT NULL DEFAULT 0,
  paused_since INTEGER NOT NULL DEFAULT 0,
  escalation INTEGER NOT NULL DEFAULT 0,
  repeat_of INTEGER REFERENCES work_orders(id),
  cause TEXT NOT NULL DEFAULT '',
  resolution TEXT NOT NULL DEFAULT '',
  fee_fen INTEGER NOT NULL DEFAULT 0 CHECK (fee_fen >= 0),
  late_fee_fen INTEGER NOT NULL DEFAULT 0,
  satisfaction INTEGER NOT NULL DEFAULT 0 CHECK (satisfaction BETWEEN 0 AND 5),
  solved INTEGER NOT NULL DEFAULT -1,
  created_by INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  accepted_at INTEGER NOT NULL DEFAULT 0,
  resolved_at INTEGER NOT NULL DEFAULT 0,
  closed_at INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1
);
-- Boards (open orders of a community / a manager), the line's history (repeat faults), alarms.
CREATE INDEX work_orders_community ON work_orders(community_id, state);
CREATE INDEX work_orders_office ON work_orders(office_id, state);
CREATE INDEX work_orders_assignee ON work_orders(assignee_id, state);
CREATE INDEX work_orders_service ON work_orders(service_id, created_at);
CREATE INDEX work_orders_created ON work_orders(created_at);
CREATE UNIQUE INDEX work_orders_alarm ON work_orders(channel, external_ref) WHERE external_ref IS NOT NULL;

CREATE TABLE order_events (
  id INTEGER PRIMARY KEY,
  order_id INTEGER NOT NULL REFERENCES work_orders(id),
  at INTEGER NOT NULL,
  actor_id INTEGER NOT NULL DEFAULT 0,
  actor_name TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL,
  from_state TEXT NOT NULL,
  to_state TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  lat_e6 INTEGER NOT NULL DEFAULT 0,
  lng_e6 INTEGER NOT NULL DEFAULT 0,
  detail TEXT NOT NULL DEFAULT '{}',
  community_id INTEGER NOT NULL,
  assignee_id INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX order_events_order ON order_events(order_id, id);
CREATE TRIGGER order_events_no_update BEFORE UPDATE ON order_events
BEGIN SELECT RAISE(ABORT, 'order_events is append-only'); END;
CREATE TRIGGER order_events_no_delete BEFORE DELETE ON order_events
BEGIN SELECT RAISE(ABORT, 'order_events is append-only'); END;

-- Deadline clocks pause only for customer_unavailable and customer_requested_date.
CREATE TABLE order_pauses (
  order_id INTEGER NOT NULL REFERENCES work_orders(id),
  started_at INTEGER NOT NULL,
  ended_at INTEGER NOT NULL DEFAULT 0,
  reason TEXT NOT NULL CHECK (reason IN ('customer_unavailable','customer_requested_date')),
  PRIMARY KEY (order_id, started_at)
);

-- Deadlines per order type and setting; network_id 0 is the default every local network inherits.
CREATE TABLE order_deadlines (
  network_id INTEGER NOT NULL DEFAULT 0,
  type TEXT NOT NULL,
  rural INTEGER NOT NULL DEFAULT 0,
  legal_minutes INTEGER NOT NULL,
  legal_clock TEXT NOT NULL CHECK (legal_clock IN ('calendar','working')),
  commit_minutes INTEGER NOT NULL,
  commit_clock TEXT NOT NULL CHECK (commit_clock IN ('calendar','working')),
  version INTEGER NOT NULL DEFAULT 1,
  updated_by INTEGER NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (network_id, type, rural)
);

-- The business calendar's exceptions: public holidays and make-up working days.
CREATE TABLE calendar_days (
  day TEXT PRIMARY KEY,   -- YYYY-MM-DD in the display time zone
  kind TEXT NOT NULL CHECK (kind IN ('holiday','workday')),
  name TEXT NOT NULL DEFAULT ''
);
