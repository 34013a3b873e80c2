-- Bulk CSV imports lift search maintenance for their duration (store/plant_import.cpp) and put it
-- back at the end. What was lifted is written here, in the same transaction as the lifting, so an
-- import that dies half-way leaves a note the next import (or any run of `bluechannel import`)
-- acts on: it re-creates the object from `definition` and, for the FTS5 table, rebuilds it.
CREATE TABLE import_lifted (
  name TEXT PRIMARY KEY,          -- index or trigger name
  definition TEXT NOT NULL,       -- the CREATE statement that puts it back
  lifted_at INTEGER NOT NULL
);
