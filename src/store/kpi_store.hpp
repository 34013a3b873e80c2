// KPI rollups in the database: the live hook the order and plant writers call in their own
// transactions, the rebuild from the raw records, and the dashboards' repository.
// The hook functions run on the caller's session; the rest lease their own. Thread-safe.
#pragma once
#include <memory>
#include <optional>

#include "core/time.hpp"
#include "domain/kpi/repository.hpp"
#include "domain/kpi/scorecard.hpp"
#include "domain/orders/model.hpp"
#include "store/database.hpp"

namespace soci { class session; }

namespace bc::store {

// The display zone that decides which day a counter lands in (set once at start, before any
// write; default Asia/Shanghai). Changing it later needs a `kpi rebuild`.
void set_kpi_zone(const TimeZone& tz);
const TimeZone& kpi_zone();

// An order was inserted (before: none) or updated, in the transaction on `s`.
void kpi_order_written(soci::session& s, const orders::Order* before, const orders::Order& after);
// A wiring verification of a box in `area_id` was stored.
void kpi_verification_written(soci::session& s, Millis at, orders::Id area_id, orders::Id staff_id,
                              std::int64_t checked, std::int64_t matched);

struct RebuildStats {
  std::int64_t orders = 0, events = 0, verifications = 0, rows = 0;
  double seconds = 0;
};
// Recomputes the rollups of the days in [from_day, to_day] (YYYYMMDD, both optional: all) from
// work_orders, order_events and verifications, the monthly rows of the months touched, and every
// area's denominators; in one transaction.
RebuildStats rebuild_kpis(Database& db, std::optional<int> from_day = std::nullopt,
                          std::optional<int> to_day = std::nullopt);

// The rates' denominators (active fixed lines and subscribers per area, through the boxes) counted
// again, in one transaction; the rebuild does it too. kpi_bases_counted_at: when they were last
// counted (0: never).
void recount_kpi_bases(Database& db);
Millis kpi_bases_counted_at(Database& db);

std::unique_ptr<kpi::KpiRepository> make_kpi_repository(Database& db);
std::unique_ptr<kpi::ScorecardRepository> make_scorecard_repository(Database& db);

}  // namespace bc::store
