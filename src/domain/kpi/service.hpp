// KPI figures for the dashboards (docs/kpis.md): a unit's counters over a day, month, quarter or
// year read from the rollups, the denominators per area, and the rates as exact ratios; the
// drill-down to child units or managers; the monthly trend. Scoped by the caller's organisation
// scope. Thread-safe (reads only).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "domain/auth/access.hpp"
#include "domain/kpi/repository.hpp"

namespace bc::org { class OrgService; }

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

struct UnitFigures {
  std::string kind;  // a unit kind, or "manager"
  Id id = 0;
  std::string code, name;
  Figures f;
};

class KpiService {
 public:
  KpiService(KpiRepository& repo, org::OrgService& org, TimeZone tz) : repo_(repo), org_(org), tz_(std::move(tz)) {}
  const TimeZone& tz() const { return tz_; }

  Result<UnitFigures> unit(const auth::Actor& a, Id unit_id, const PeriodRange& p);
  // Each child unit (a community or an area: each manager credited there) with its figures.
  Result<std::vector<UnitFigures>> children(const auth::Actor& a, Id unit_id, const PeriodRange& p);
  // The unit's figures for each of the `months` months up to the one holding `now`.
  Result<std::vector<std::pair<int, Figures>>> trend(const auth::Actor& a, Id unit_id, int months, Millis now);

 private:
  Result<Scope> scope_of(const auth::Actor& a, Id unit_id) const;
  Base base_of(const org::OrgSnapshot& s, Id unit_id) const;

  KpiRepository& repo_;
  org::OrgService& org_;
  TimeZone tz_;
};

}  // namespace bc::kpi
