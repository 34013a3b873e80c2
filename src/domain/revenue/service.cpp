#include "domain/revenue/service.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "domain/org/service.hpp"

namespace bc::revenue {
using org::Role;

Status check_target_write(const org::OrgSnapshot& s, const auth::Actor& a, Id unit_id) {
  if (a.role != Role::administrator && a.role != Role::centre_manager && a.role != Role::office_head)
    return forbidden("Only office heads, centre managers and administrators set revenue targets.");
  if (!auth::can_see_unit(s, a, unit_id)) return forbidden("The unit is outside your part of the organisation.");
  return Ok{};
}

namespace {
// Revenue per unit of the whole tree: each leaf row is added to its unit and every ancestor.
struct Totals {
  std::unordered_map<Id, std::int64_t> amount, services;
};
void add_up(const org::OrgSnapshot& s, const UnitMonth& r, Totals& t) {
  Id u = r.unit_id;
  for (int depth = 0; u && depth < 16; ++depth) {
    t.amount[u] += r.amount_fen;
    t.services[u] += r.services;
    const org::Unit* unit = s.unit(u);
    if (!unit) break;
    u = unit->parent_id;
  }
}
UnitFigure figure(Id unit, const Totals& t, const std::map<std::pair<Id, Month>, std::int64_t>& targets, Month m) {
  UnitFigure f;
  f.unit_id = unit;
  if (auto it = t.amount.find(unit); it != t.amount.end()) f.revenue_fen = it->second;
  if (auto it = t.services.find(unit); it != t.services.end()) f.services = it->second;
  if (auto it = targets.find({unit, m}); it != targets.end()) f.target_fen = it->second;
  f.completion = complete(f.revenue_fen, f.target_fen);
  return f;
}
}  // namespace

std::unordered_map<Id, kpi::AreaRevenue> RevenueService::area_revenue(int first_month, int last_month) {
  std::map<std::pair<Id, Month>, std::int64_t> targets;
  for (const auto& x : repo_.targets(first_month, last_month))
    if (x.amount_fen > 0) targets[{x.unit_id, x.month}] = x.amount_fen;
  std::unordered_map<Id, kpi::AreaRevenue> out;
  for (const auto& [key, fen] : targets) out[key.first].target_fen += fen;
  for (const auto& r : repo_.unit_months(first_month, last_month))
    if (targets.count({r.unit_id, r.month})) out[r.unit_id].revenue_fen += r.amount_fen;
  return out;
}

Month RevenueService::this_month() const { return month_of(now_ms(), tz_); }

Result<Id> RevenueService::visible_unit(const auth::Actor& a, Id unit) const {
  auto snap = org_.snapshot();
  if (!unit) unit = a.scope_root;
  if (!snap->unit(unit)) return not_found("Unit " + std::to_string(unit));
  if (!auth::can_see_unit(*snap, a, unit)) return forbidden("The unit is outside your part of the organisation.");
  return unit;
}

Result<UnitReport> RevenueService::report(const auth::Actor& a, Id unit, Month month) {
  auto u = visible_unit(a, unit);
  if (!u) return u.error();
  auto snap = org_.snapshot();
  Totals t;
  for (const auto& r : repo_.unit_months(month, month)) add_up(*snap, r, t);
  std::map<std::pair<Id, Month>, std::int64_t> targets;
  for (const auto& x : repo_.targets(month, month)) targets[{x.unit_id, x.month}] = x.amount_fen;
  UnitReport rep;
  rep.month = month;
  rep.unit = figure(*u, t, targets, month);
  for (Id c : snap->children(*u)) rep.children.push_back(figure(c, t, targets, month));
  return rep;
}

Result<std::vector<TrendPoint>> RevenueService::trend(const auth::Actor& a, Id unit, Month last, int months) {
  auto u = visible_unit(a, unit);
  if (!u) return u.error();
  if (months < 1 || months > 60) return invalid("months", "must be a whole number from 1 to 60");
  auto snap = org_.snapshot();
  const Month first = add_months(last, -(months - 1));
  std::map<Month, Totals> by_month;
  for (const auto& r : repo_.unit_months(first, last)) add_up(*snap, r, by_month[r.month]);
  std::map<std::pair<Id, Month>, std::int64_t> targets;
  for (const auto& x : repo_.targets(first, last))
    if (x.unit_id == *u) targets[{x.unit_id, x.month}] = x.amount_fen;
  std::vector<TrendPoint> out;
  const Totals none;
  for (Month m = first; m <= last; m = add_months(m, 1)) {
    auto it = by_month.find(m);
    out.push_back({m, figure(*u, it == by_month.end() ? none : it->second, targets, m)});
  }
  return out;
}

Result<std::vector<SellerRank>> RevenueService::sellers(const auth::Actor& a, Id unit, Month month) {
  auto u = visible_unit(a, unit);
  if (!u) return u.error();
  auto snap = org_.snapshot();
  std::vector<SellerRank> out;
  for (const auto& r : repo_.sellers(month)) {
    const org::Staff* st = snap->staff(r.staff_id);
    if (!st) continue;
    // Managers sit in their community; an area's ranking holds the area's own manager.
    bool here = snap->in_subtree(st->unit_id, *u);
    for (Id area : snap->responsible_for(st->id)) here = here || snap->in_subtree(area, *u);
    if (!here) continue;
    out.push_back({0, r.staff_id, r.amount_fen, r.services});
  }
  std::sort(out.begin(), out.end(), [](const SellerRank& x, const SellerRank& y) {
    return x.amount_fen != y.amount_fen ? x.amount_fen > y.amount_fen : x.staff_id < y.staff_id;
  });
  for (std::size_t i = 0; i < out.size(); ++i)
    out[i].rank = i > 0 && out[i].amount_fen == out[i - 1].amount_fen ? out[i - 1].rank : static_cast<int>(i + 1);
  return out;
}

Result<Target> RevenueService::target(const auth::Actor& a, Id unit, Month month) {
  auto u = visible_unit(a, unit);
  if (!u) return u.error();
  if (auto t = repo_.target(*u, month)) return *t;
  Target none;
  none.unit_id = *u;
  none.month = month;
  return none;
}

Result<Target> RevenueService::put_target(const auth::Actor& a, Id unit, Month month, std::int64_t amount_fen,
                                          std::int64_t if_match) {
  auto snap = org_.snapshot();
  const org::Unit* u = snap->unit(unit);
  if (!u) return not_found("Unit " + std::to_string(unit));
  if (auto st = check_target_write(*snap, a, unit); !st) return st.error();
  if (amount_fen < 0) return invalid("amountFen", "must not be negative");
  if (amount_fen > 1'000'000'000'000LL) return invalid("amountFen", "must be at most 10,000,000,000.00 yuan");
  Target t;
  t.unit_id = unit;
  t.month = month;
  t.amount_fen = amount_fen;
  t.updated_by = a.staff_id;
  return repo_.put_target(t, if_match, a, u->code);
}

}  // namespace bc::revenue
