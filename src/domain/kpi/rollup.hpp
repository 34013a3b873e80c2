// KPI rollups (docs/kpis.md): what one work order contributes to the integer counters of a
// display-zone day, community, area and credited manager, and the change (delta) an order write
// makes to them. Pure functions over values; thread-safe. The store applies the deltas in the
// order's own transaction; `kpi rebuild` sums the contributions of every stored order — the same
// function, so live and rebuilt rollups agree by construction.
#pragma once
#include <array>
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "domain/orders/model.hpp"

namespace bc::kpi {

using Id = std::int64_t;

// The counters, in the order of the rollup tables' columns (migrations 0009).
enum Counter : int {
  faults, repeat_faults, complaints, repaired, repaired_legal_ok, repaired_commit_ok, cable_repaired,
  cable_legal_ok, cable_commit_ok, first_fix, installs, installs_legal_ok, installs_commit_ok, done, callbacks,
  satisfaction_sum, satisfied, leads, sales, pairs_checked, pairs_matched,
  kCounterCount
};
// Column names (snake_case, as in the tables) and API names (camelCase).
std::string_view column_name(int c);
std::string_view api_name(int c);

using Counters = std::array<std::int64_t, kCounterCount>;
Counters& operator+=(Counters& a, const Counters& b);
bool is_zero(const Counters& c);

// Where a contribution lands: day (YYYYMMDD in the display zone) and who it is credited to.
struct Key {
  int day = 0;
  Id network_id = 0, office_id = 0, community_id = 0, area_id = 0, manager_id = 0;
  bool operator==(const Key&) const = default;
};
struct KeyHash {
  std::size_t operator()(const Key& k) const noexcept;
};

struct Delta {
  Key key;
  Counters c{};
};

// YYYYMMDD of the instant in the zone; YYYYMM of that day.
int day_of(Millis t, const TimeZone& tz);
inline int month_of_day(int day) { return day / 100; }
// [start, end) instants of a day or a month (YYYYMM) in the zone.
Millis day_start(int day, const TimeZone& tz);
Millis month_start(int month, const TimeZone& tz);
int add_months(int month, int n);

// Fault causes counted as cable faults (the rest are non-cable).
bool is_cable_cause(orders::FaultCause c);
// Work that opens or changes a line: counted for install timeliness.
bool is_install(orders::OrderType t);
// Done: resolved, confirmed by callback or closed.
bool is_done(orders::State s);

// Everything one order contributes, given how often it was reopened after being done.
std::vector<Delta> contributions(const orders::Order& o, int reopens, const TimeZone& tz);
// A done order sent back to work by this write (reopen, or a callback that found it unsolved).
bool is_reopen(const orders::Order& before, const orders::Order& after);
// The change of one order write: after's contributions minus before's (before: none for a new
// order), merged per key, zero rows left out.
std::vector<Delta> delta(const orders::Order* before, int reopens_before, const orders::Order& after,
                         int reopens_after, const TimeZone& tz);
// A wiring verification (plant): pairs checked and matched, credited to the checker in the area.
Delta verification(Millis at, Id network_id, Id office_id, Id community_id, Id area_id, Id staff_id,
                   std::int64_t checked, std::int64_t matched, const TimeZone& tz);

}  // namespace bc::kpi
