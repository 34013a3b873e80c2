// KPI figures for the dashboards (docs/kpis.md): a unit's counters over a day, month, quarter or
// year read from the rollups, the denominators per area, and the rates as exact ratios; the
// drill-down to child units or managers; the monthly trend. Scoped by the caller's organisation
// scope. Thread-safe.
#pragma once
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "domain/auth/access.hpp"
#include "domain/kpi/figures.hpp"
#include "domain/kpi/repository.hpp"
#include "domain/kpi/scorecard.hpp"

namespace bc::org { class OrgService; }

namespace bc::kpi {

struct UnitFigures {
  std::string kind;  // a unit kind, or "manager"
  Id id = 0;
  std::string code, name;
  Figures f;
};

// A manager's place in a ranking.
struct Ranked {
  int rank = 0;  // 1 = best; equal scores share a rank; no score: after everyone with one
  Id staff_id = 0;
  std::string username, name;
  std::vector<Id> areas;  // the areas they are responsible for within the unit
  Figures f;
  Score score;
};
struct Ranking {
  Scorecard card;
  std::vector<Ranked> managers;
};

class KpiService {
 public:
  KpiService(KpiRepository& repo, ScorecardRepository& cards, RevenueSource& revenue, org::OrgService& org, TimeZone tz)
      : repo_(repo), cards_(cards), revenue_(revenue), org_(org), tz_(std::move(tz)) {}
  const TimeZone& tz() const { return tz_; }

  Result<UnitFigures> unit(const auth::Actor& a, Id unit_id, const PeriodRange& p);
  // The unit and each of its children (under a community or an area: each manager credited there),
  // with their figures; the unit's counters are its children's sum (one read).
  struct DrillDown {
    UnitFigures unit;
    std::vector<UnitFigures> children;
  };
  Result<DrillDown> children(const auth::Actor& a, Id unit_id, const PeriodRange& p);
  // The unit's figures for each of the `months` months up to the one holding `now`.
  Result<std::vector<std::pair<int, Figures>>> trend(const auth::Actor& a, Id unit_id, int months, Millis now);

  // A manager's own figures (the drill-down's last level): their credit within the unit (0: the
  // caller's scope), over the areas they are responsible for there. An area manager may read only
  // their own; everyone else only a manager credited within a unit of their scope.
  struct ManagerFigures {
    UnitFigures manager;  // kind "manager": id, username as code, name
    UnitFigures unit;     // the unit the credit is counted within (figures empty)
  };
  Result<ManagerFigures> manager(const auth::Actor& a, Id manager_id, Id unit_id, const PeriodRange& p);
  Result<std::vector<std::pair<int, Figures>>> manager_trend(const auth::Actor& a, Id manager_id, Id unit_id, int months,
                                                             Millis now);

  // Every role's scorecard: the saved one, or the built-in default (version 0).
  std::vector<Scorecard> scorecards();
  Scorecard scorecard(org::Role role);
  // Administrators and centre managers; `if_match` the version read (0 for a first save).
  Result<Scorecard> put_scorecard(const auth::Actor& a, org::Role role, std::int64_t if_match, Scorecard in);
  // The area managers responsible for areas within a community, office, centre, local network or
  // the province, ranked by their role's scorecard over a month or a quarter.
  Result<Ranking> ranking(const auth::Actor& a, Id unit_id, const PeriodRange& p);

 private:
  Result<Scope> scope_of(const auth::Actor& a, Id unit_id) const;
  // The scope of a manager's credit within a unit, checked against the caller; `unit_id` 0: the
  // caller's scope. Also the unit's id resolved and the manager's denominators.
  struct ManagerScope {
    Scope scope;
    Id unit_id = 0;
    Base base;
  };
  Result<ManagerScope> manager_scope(const auth::Actor& a, Id manager_id, Id unit_id);
  Base base_of(const org::OrgSnapshot& s, Id unit_id);
  // The denominators per area, read at most once a minute (they change only with `kpi rebuild`).
  std::shared_ptr<const std::unordered_map<Id, Base>> bases();

  KpiRepository& repo_;
  ScorecardRepository& cards_;
  RevenueSource& revenue_;
  org::OrgService& org_;
  TimeZone tz_;
  std::mutex bases_mu_;
  std::shared_ptr<const std::unordered_map<Id, Base>> bases_;
  Millis bases_read_at_ = 0;
};

}  // namespace bc::kpi
