-- Bulk CSV imports drop the trigram GIN indexes and the plain secondary indexes of the table they
-- fill and build them again at the end (store/plant_import.cpp): building a GIN index once is
-- many times cheaper than inserting 10 million rows into it. What was dropped is written here in
-- the same transaction as the drop, so an import that dies half-way leaves a note the next import
-- acts on (it re-creates the index from `definition`).
CREATE TABLE import_lifted (
  name TEXT PRIMARY KEY,          -- index name
  definition TEXT NOT NULL,       -- the CREATE INDEX statement that puts it back
  lifted_at BIGINT NOT NULL
);
