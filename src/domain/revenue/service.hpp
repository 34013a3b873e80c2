// Revenue against targets for a unit and its children, the monthly trend, the sellers' ranking,
// and target editing (docs/revenue.md). Units above the areas add up their areas through the org
// tree, so a figure is always the sum of the areas beneath. Every call is limited to the caller's
// scope. Thread-safe: holds no state besides its references.
#pragma once
#include <optional>
#include <vector>

#include "core/error.hpp"
#include "domain/auth/access.hpp"
#include "domain/kpi/scorecard.hpp"
#include "domain/revenue/repository.hpp"

namespace bc::org { class OrgService; }

namespace bc::revenue {

struct UnitFigure {
  Id unit_id = 0;
  std::int64_t revenue_fen = 0, services = 0;
  std::optional<std::int64_t> target_fen;
  Completion completion;
};
struct UnitReport {
  Month month = 0;
  UnitFigure unit;
  std::vector<UnitFigure> children;  // in the order of the org tree
};
struct TrendPoint {
  Month month = 0;
  UnitFigure figure;
};
struct SellerRank {
  int rank = 0;  // 1 = most; equal amounts share a rank
  Id staff_id = 0;
  std::int64_t amount_fen = 0, services = 0;
};

// Who may set targets: office heads, centre managers and administrators, within their scope.
Status check_target_write(const org::OrgSnapshot& s, const auth::Actor& a, Id unit_id);

// Also the scorecards' source of revenue completion (kpi::RevenueSource).
class RevenueService final : public kpi::RevenueSource {
 public:
  RevenueService(Repository& repo, org::OrgService& org, TimeZone tz) : repo_(repo), org_(org), tz_(tz) {}

  // unit 0: the caller's scope root.
  Result<UnitReport> report(const auth::Actor& a, Id unit, Month month);
  // `months` months ending with `last` (inclusive), oldest first; months 1..60.
  Result<std::vector<TrendPoint>> trend(const auth::Actor& a, Id unit, Month last, int months);
  // Staff of the unit's subtree with new-sales revenue in the month, most first.
  Result<std::vector<SellerRank>> sellers(const auth::Actor& a, Id unit, Month month);
  Result<Target> target(const auth::Actor& a, Id unit, Month month);
  Result<Target> put_target(const auth::Actor& a, Id unit, Month month, std::int64_t amount_fen,
                            std::int64_t if_match);
  // The current month in the display time zone.
  Month this_month() const;
  const TimeZone& tz() const { return tz_; }
  // kpi::RevenueSource: each area's billed revenue and target over the months it has a target.
  std::unordered_map<Id, kpi::AreaRevenue> area_revenue(int first_month, int last_month) override;

 private:
  Result<Id> visible_unit(const auth::Actor& a, Id unit) const;
  Repository& repo_;
  org::OrgService& org_;
  TimeZone tz_;
};

}  // namespace bc::revenue
