// KPI periods and figures: the days a period covers in the display zone, the rates of the
// catalogue as exact ratios over summed counters and denominators (docs/kpis.md). Value types.
#pragma once
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/kpi/repository.hpp"

namespace bc::kpi {

enum class Period { day, month, quarter, year };
std::optional<Period> parse_period(std::string_view s);
std::string_view to_string(Period p);

// The days and months a period covers, in the display zone.
struct PeriodRange {
  Period period = Period::month;
  int first_day = 0, last_day = 0;  // YYYYMMDD, inclusive
  int months = 1;                   // months the rates are averaged over (a day: 1, the day itself)
  Millis start = 0, end = 0;        // [start, end)
  Range range() const;
};
// The period of `kind` holding the instant `at`.
PeriodRange period_at(Period kind, Millis at, const TimeZone& tz);

// num / den × per; den 0: no value.
struct Ratio {
  std::int64_t num = 0, den = 0;
  std::int64_t per = 1;
  std::optional<double> value() const;
};
struct Figures {
  Counters c{};
  Base base;
  int months = 1;
  // The named rates of the catalogue, in its order.
  std::vector<std::pair<std::string_view, Ratio>> rates() const;
};
Figures figures(const Counters& c, const Base& b, int months);

}  // namespace bc::kpi
