// The SQL side of the plant CSV import and export (docs/plant.md, "Import and export"): batches of
// validated rows become upserts by code through a temporary staging table (SQLite: one prepared
// INSERT reused for every row; PostgreSQL: libpq COPY), then set-based checks and one
// INSERT … ON CONFLICT (code) DO UPDATE per batch. Thread-safe: each call leases its own connection.
#pragma once
#include <memory>

#include "domain/imports/importer.hpp"
#include "store/database.hpp"

namespace bc::store {

std::unique_ptr<imports::Repository> make_import_repository(Database& db);

}  // namespace bc::store
