// What the KPI dashboards read: summed rollup counters (never the raw order history) and the
// denominators per area. store/kpi_store.cpp implements it for SQLite and PostgreSQL.
#pragma once
#include <cstdint>
#include <unordered_map>
#include <utility>
#include <vector>

#include "domain/kpi/rollup.hpp"

namespace bc::kpi {

// Which rollup column a unit's figures are summed over.
enum class Level { province, network, office, community, area, manager };

struct Scope {
  Level level = Level::province;
  Id id = 0;  // the unit (or the manager's staff id); ignored for the province
  Id manager = 0;  // when set: only this manager's credit within the unit (a manager's own figures)
};

// Inclusive range: days (YYYYMMDD) or whole months (YYYYMM, read from the monthly rows).
struct Range {
  int from = 0, to = 0;
  bool months = false;
};

struct Base {
  std::int64_t lines = 0, subscribers = 0;
  Millis counted_at = 0;
};

class KpiRepository {
 public:
  virtual ~KpiRepository() = default;
  virtual Counters sum(const Scope& s, const Range& r) = 0;
  // The range's counters within `s`, one entry per value of `group`'s column.
  virtual std::vector<std::pair<Id, Counters>> sum_by(Level group, const Scope& s, const Range& r) = 0;
  // Per month (YYYYMM) within [from, to].
  virtual std::vector<std::pair<int, Counters>> monthly(const Scope& s, int from_month, int to_month) = 0;
  // Lines in service and subscribers per area, as last counted.
  virtual std::unordered_map<Id, Base> area_bases() = 0;
};

}  // namespace bc::kpi
