// Bulk loading of generated plant and subscriber rows into empty tables (the demo): prepared
// statements in large transactions on SQLite, COPY on PostgreSQL. One loader, one thread.
#pragma once
#include <memory>

#include "domain/plant/demo.hpp"
#include "store/database.hpp"

namespace bc::store {

class PlantBulkLoader : public plant::DemoSink {
 public:
  // Writes what is buffered, commits, and (PostgreSQL) moves the id sequences past the rows.
  virtual void finish() = 0;
};
std::unique_ptr<PlantBulkLoader> make_plant_bulk_loader(Database& db);

}  // namespace bc::store
