// Bulk loading of the generated work-order history (orders, their timelines and pauses, care
// flags) into a demo database whose order tables are still empty: prepared statements in large
// transactions on SQLite, COPY on PostgreSQL. One loader, one thread, on the demo command's own pool.
#pragma once
#include "domain/orders/demo.hpp"
#include "store/database.hpp"

namespace bc::store {

// Writes everything, commits, rebuilds the KPI rollups, and (PostgreSQL) moves the id sequences past the rows so the live
// service's next order and event follow the history. Throws on a database error.
void load_order_history(Database& db, const orders::History& h);

}  // namespace bc::store
