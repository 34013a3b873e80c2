// Deterministic demo billing and targets (docs/revenue.md, "Demo data"): the twelve months of bills
// the demo loader writes for every demo service, and a target for each area, community and office
// for each of those months, set from the unit's own billed revenue. Pure; thread-safe.
#pragma once
#include <cstdint>
#include <vector>

#include "domain/org/model.hpp"
#include "domain/revenue/repository.hpp"

namespace bc::revenue {

// One billing month of the demo: its bounds in the display zone and the start dates that make a
// service a new sale in it.
struct DemoMonth {
  Month month = 0;
  Millis starts_at = 0, ends_at = 0;  // [starts_at, ends_at)
  StartWindow new_sale;
};
// The `months` months ending with the one `now` falls in, oldest first.
std::vector<DemoMonth> demo_months(Millis now, const TimeZone& tz, int months = 12);

// A month's bill of a service: its monthly fee varied by usage, 90 % to 115 % in whole per cent,
// fixed by (service, month) — the same on every machine and in both databases (the store computes
// it in SQL with exactly this integer formula). Services bill from their start month.
inline std::int64_t demo_usage_percent(std::int64_t service_id, Month m) {
  return 90 + (service_id * 7919 + static_cast<std::int64_t>(m) * 104729) % 26;
}

// Targets for every area, community and office for every month with revenue: the unit's billed
// revenue (summed through the tree) times 95 % to 112 %, fixed by (unit, month), rounded to whole
// hundreds of yuan — so some units beat their target and some fall short. Version 1, set by `by`.
std::vector<Target> demo_targets(const org::OrgSnapshot& s, const std::vector<UnitMonth>& billed, Id by, Millis at);

}  // namespace bc::revenue
