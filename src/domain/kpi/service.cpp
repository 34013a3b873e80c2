#include "domain/kpi/service.hpp"

#include <algorithm>
#include <map>

#include "domain/org/service.hpp"

namespace bc::kpi {
namespace {
using org::UnitKind;
}

std::optional<Period> parse_period(std::string_view s) {
  if (s == "day") return Period::day;
  if (s == "month") return Period::month;
  if (s == "quarter") return Period::quarter;
  if (s == "year") return Period::year;
  return std::nullopt;
}
std::string_view to_string(Period p) {
  switch (p) {
    case Period::day: return "day";
    case Period::month: return "month";
    case Period::quarter: return "quarter";
    case Period::year: return "year";
  }
  return "month";
}

Range PeriodRange::range() const {
  if (period == Period::day) return Range{first_day, last_day, false};
  return Range{first_day / 100, last_day / 100, true};
}

PeriodRange period_at(Period kind, Millis at, const TimeZone& tz) {
  const int day = day_of(at, tz);
  PeriodRange p;
  p.period = kind;
  int first_month = day / 100, months = 1;
  if (kind == Period::day) {
    p.first_day = p.last_day = day;
    p.start = day_start(day, tz);
    p.end = p.start + 86'400'000;
    return p;
  }
  if (kind == Period::quarter) first_month = day / 10000 * 100 + ((day / 100 % 100 - 1) / 3) * 3 + 1, months = 3;
  if (kind == Period::year) first_month = day / 10000 * 100 + 1, months = 12;
  const int last_month = add_months(first_month, months - 1);
  p.first_day = first_month * 100 + 1;
  p.last_day = last_month * 100 + 31;
  p.months = months;
  p.start = month_start(first_month, tz);
  p.end = month_start(add_months(last_month, 1), tz);
  return p;
}

std::optional<double> Ratio::value() const {
  if (den == 0) return std::nullopt;
  return static_cast<double>(num) * static_cast<double>(per) / static_cast<double>(den);
}

Figures figures(const Counters& c, const Base& b, int months) { return Figures{c, b, months}; }

std::vector<std::pair<std::string_view, Ratio>> Figures::rates() const {
  const std::int64_t noncable = c[repaired] - c[cable_repaired];
  return {
      {"complaintRate", {c[complaints], base.subscribers * months, 10'000}},
      {"faultRate", {c[faults], base.lines * months, 100}},
      {"repairTimelinessLegal", {c[repaired_legal_ok], c[repaired], 1}},
      {"repairTimelinessCommitment", {c[repaired_commit_ok], c[repaired], 1}},
      {"cableRepairTimelinessLegal", {c[cable_legal_ok], c[cable_repaired], 1}},
      {"cableRepairTimelinessCommitment", {c[cable_commit_ok], c[cable_repaired], 1}},
      {"nonCableRepairTimelinessLegal", {c[repaired_legal_ok] - c[cable_legal_ok], noncable, 1}},
      {"nonCableRepairTimelinessCommitment", {c[repaired_commit_ok] - c[cable_commit_ok], noncable, 1}},
      {"installTimelinessLegal", {c[installs_legal_ok], c[installs], 1}},
      {"installTimelinessCommitment", {c[installs_commit_ok], c[installs], 1}},
      {"firstTimeFix", {c[first_fix], c[repaired], 1}},
      {"repeatFaultRate", {c[repeat_faults], c[faults], 1}},
      {"meanSatisfaction", {c[satisfaction_sum], c[callbacks], 1}},
      {"shareSatisfied", {c[satisfied], c[callbacks], 1}},
      {"callbackCoverage", {c[callbacks], c[done], 1}},
      {"recordAccuracy", {c[pairs_matched], c[pairs_checked], 1}},
  };
}

Result<Scope> KpiService::scope_of(const auth::Actor& a, Id unit_id) const {
  auto s = org_.snapshot();
  const org::Unit* u = s->unit(unit_id);
  if (!u) return invalid("unitId", "no unit has this id");
  if (!auth::can_see_unit(*s, a, unit_id))
    return forbidden("The unit is outside your part of the organisation.");
  switch (u->kind) {
    case UnitKind::province: return Scope{Level::province, 0};
    case UnitKind::local_network: return Scope{Level::network, u->id};
    case UnitKind::centre: return Scope{Level::network, u->parent_id};
    case UnitKind::office: return Scope{Level::office, u->id};
    case UnitKind::community: return Scope{Level::community, u->id};
    case UnitKind::area: return Scope{Level::area, u->id};
  }
  return Scope{};
}

std::shared_ptr<const std::unordered_map<Id, Base>> KpiService::bases() {
  std::lock_guard lk(bases_mu_);
  const Millis now = now_ms();
  if (!bases_ || now - bases_read_at_ > 60'000) {
    bases_ = std::make_shared<const std::unordered_map<Id, Base>>(repo_.area_bases());
    bases_read_at_ = now;
  }
  return bases_;
}

Base KpiService::base_of(const org::OrgSnapshot& s, Id unit_id) {
  Base b;
  for (const auto& [area, ab] : *bases()) {
    if (!s.in_subtree(area, unit_id)) continue;
    b.lines += ab.lines;
    b.subscribers += ab.subscribers;
    b.counted_at = std::max(b.counted_at, ab.counted_at);
  }
  return b;
}

Result<UnitFigures> KpiService::unit(const auth::Actor& a, Id unit_id, const PeriodRange& p) {
  auto sc = scope_of(a, unit_id);
  if (!sc) return sc.error();
  auto s = org_.snapshot();
  const org::Unit* u = s->unit(unit_id);
  return UnitFigures{std::string(org::to_string(u->kind)), u->id, u->code, u->name,
                     figures(repo_.sum(*sc, p.range()), base_of(*s, unit_id), p.months)};
}

Result<KpiService::DrillDown> KpiService::children(const auth::Actor& a, Id unit_id, const PeriodRange& p) {
  auto sc = scope_of(a, unit_id);
  if (!sc) return sc.error();
  auto s = org_.snapshot();
  const org::Unit* u = s->unit(unit_id);
  DrillDown dd;
  dd.unit = UnitFigures{std::string(org::to_string(u->kind)), u->id, u->code, u->name, figures({}, base_of(*s, unit_id), p.months)};
  auto& out = dd.children;
  const auto bases_ptr = bases();
  const auto& bases = *bases_ptr;
  if (u->kind == UnitKind::community || u->kind == UnitKind::area) {
    // Each manager credited here; their denominators: the areas they are responsible for in it.
    // An area manager sees the unit's total and their own row, not their peers' figures.
    const bool own_only = a.role == org::Role::area_manager;
    for (auto& [staff, c] : repo_.sum_by(Level::manager, *sc, p.range())) {
      dd.unit.f.c += c;
      if (own_only && staff != a.staff_id) continue;
      Base b;
      for (Id area : s->responsible_for(staff))
        if (s->in_subtree(area, unit_id))
          if (auto it = bases.find(area); it != bases.end()) b.lines += it->second.lines, b.subscribers += it->second.subscribers;
      const org::Staff* m = staff ? s->staff(staff) : nullptr;
      out.push_back(UnitFigures{"manager", staff, m ? m->username : std::string(), m ? m->name : std::string("(unassigned)"),
                                figures(c, b, p.months)});
    }
    return dd;
  }
  // The unit kind one level down the drill-down (the centre is skipped: one per local network).
  Level group = Level::network;
  UnitKind child = UnitKind::local_network;
  if (u->kind == UnitKind::local_network || u->kind == UnitKind::centre) group = Level::office, child = UnitKind::office;
  if (u->kind == UnitKind::office) group = Level::community, child = UnitKind::community;
  std::map<Id, Counters> sums;
  for (auto& [id, c] : repo_.sum_by(group, *sc, p.range())) {
    sums[id] = c;
    dd.unit.f.c += c;
  }
  std::map<Id, Base> child_bases;
  for (const auto& [area, ab] : bases) {
    const Id c = s->enclosing(area, child);
    if (!c || !s->in_subtree(c, unit_id)) continue;
    auto& b = child_bases[c];
    b.lines += ab.lines, b.subscribers += ab.subscribers;
  }
  for (const auto& x : s->units()) {
    if (x.kind != child || !s->in_subtree(x.id, unit_id)) continue;
    out.push_back(UnitFigures{std::string(org::to_string(x.kind)), x.id, x.code, x.name,
                              figures(sums[x.id], child_bases[x.id], p.months)});
  }
  return dd;
}

Result<std::vector<std::pair<int, Figures>>> KpiService::trend(const auth::Actor& a, Id unit_id, int months, Millis now) {
  if (months < 1 || months > 60) return invalid("months", "must be 1 to 60");
  auto sc = scope_of(a, unit_id);
  if (!sc) return sc.error();
  auto s = org_.snapshot();
  const int last = day_of(now, tz_) / 100, first = add_months(last, -(months - 1));
  std::map<int, Counters> got;
  for (auto& [m, c] : repo_.monthly(*sc, first, last)) got[m] = c;
  const Base b = base_of(*s, unit_id);
  std::vector<std::pair<int, Figures>> out;
  for (int m = first; m <= last; m = add_months(m, 1)) out.emplace_back(m, figures(got[m], b, 1));
  return out;
}

Result<KpiService::ManagerScope> KpiService::manager_scope(const auth::Actor& a, Id manager_id, Id unit_id) {
  auto s = org_.snapshot();
  // Checked before the id is looked up, so the answer does not tell which staff ids exist.
  if (a.role == org::Role::area_manager && manager_id != a.staff_id)
    return forbidden("An area manager may read only their own figures.");
  const org::Staff* m = s->staff(manager_id);
  if (!m) return invalid("managerId", "no staff member has this id");
  if (!unit_id) unit_id = a.scope_root;
  auto sc = scope_of(a, unit_id);
  if (!sc) return sc.error();
  sc->manager = manager_id;
  ManagerScope ms{*sc, unit_id, {}};
  // Denominators: the areas they are responsible for within the unit (as in children()).
  bool responsible_here = false;
  const auto bases_ptr = bases();
  for (Id area : s->responsible_for(manager_id)) {
    if (!s->in_subtree(area, unit_id)) continue;
    responsible_here = true;
    if (auto it = bases_ptr->find(area); it != bases_ptr->end()) {
      ms.base.lines += it->second.lines;
      ms.base.subscribers += it->second.subscribers;
      ms.base.counted_at = std::max(ms.base.counted_at, it->second.counted_at);
    }
  }
  // Credited within the unit: their own, staff of the unit, responsible for an area in it, or
  // credited there at some time (a manager who has since moved elsewhere).
  if (manager_id != a.staff_id && !responsible_here && !s->in_subtree(m->unit_id, unit_id)) {
    const Counters ever = repo_.sum(ms.scope, Range{0, 999'912, true});
    if (std::all_of(ever.begin(), ever.end(), [](std::int64_t v) { return v == 0; }))
      return forbidden("The manager has no credit within this unit of your part of the organisation.");
  }
  return ms;
}

Result<KpiService::ManagerFigures> KpiService::manager(const auth::Actor& a, Id manager_id, Id unit_id,
                                                       const PeriodRange& p) {
  auto ms = manager_scope(a, manager_id, unit_id);
  if (!ms) return ms.error();
  auto s = org_.snapshot();
  const org::Staff* m = s->staff(manager_id);
  const org::Unit* u = s->unit(ms->unit_id);
  return ManagerFigures{UnitFigures{"manager", m->id, m->username, m->name, figures(repo_.sum(ms->scope, p.range()), ms->base, p.months)},
                        UnitFigures{std::string(org::to_string(u->kind)), u->id, u->code, u->name, {}}};
}

Result<std::vector<std::pair<int, Figures>>> KpiService::manager_trend(const auth::Actor& a, Id manager_id, Id unit_id,
                                                                       int months, Millis now) {
  if (months < 1 || months > 60) return invalid("months", "must be 1 to 60");
  auto ms = manager_scope(a, manager_id, unit_id);
  if (!ms) return ms.error();
  const int last = day_of(now, tz_) / 100, first = add_months(last, -(months - 1));
  std::map<int, Counters> got;
  for (auto& [mo, c] : repo_.monthly(ms->scope, first, last)) got[mo] = c;
  std::vector<std::pair<int, Figures>> out;
  for (int mo = first; mo <= last; mo = add_months(mo, 1)) out.emplace_back(mo, figures(got[mo], ms->base, 1));
  return out;
}

std::vector<Scorecard> KpiService::scorecards() {
  std::vector<Scorecard> out;
  const auto saved = cards_.scorecards();
  for (const auto& l : org::kRoleLabels) {
    const auto role = *org::parse_role(l.value);
    auto it = std::find_if(saved.begin(), saved.end(), [&](const Scorecard& s) { return s.role == role; });
    out.push_back(it != saved.end() ? *it : default_scorecard(role));
  }
  return out;
}

Scorecard KpiService::scorecard(org::Role role) {
  for (auto& s : scorecards())
    if (s.role == role) return s;
  return default_scorecard(role);
}

namespace {
std::string card_json(const Scorecard& s) {
  std::string out = "{\"weights\":\"" + weights_text(s.weights) + "\",\"complaintCeiling\":" +
                    std::to_string(s.complaint_ceiling) + ",\"version\":" + std::to_string(s.version) + "}";
  return out;
}
}  // namespace

Result<Scorecard> KpiService::put_scorecard(const auth::Actor& a, org::Role role, std::int64_t if_match, Scorecard in) {
  if (a.role != org::Role::administrator && a.role != org::Role::centre_manager)
    return forbidden("Only administrators and centre managers may change scorecards.");
  in.role = role;
  if (auto st = check(in); !st) return st.error();
  const Scorecard current = scorecard(role);
  if (if_match != current.version) return stale(current.version);
  in.version = current.version + 1;
  in.updated_by = a.staff_id;
  in.updated_at = now_ms();
  auto s = org_.snapshot();
  if (!cards_.put_scorecard(in, a, s->root(), current.version ? card_json(current) : std::string(), card_json(in)))
    return stale(scorecard(role).version);
  return in;
}

Result<Ranking> KpiService::ranking(const auth::Actor& a, Id unit_id, const PeriodRange& p) {
  if (p.period != Period::month && p.period != Period::quarter) return invalid("period", "must be month or quarter");
  auto sc = scope_of(a, unit_id);
  if (!sc) return sc.error();
  auto s = org_.snapshot();
  if (s->unit(unit_id)->kind == UnitKind::area)
    return invalid("unitId", "must be a community, office, centre, local network or the province: managers are ranked within one");
  Ranking out;
  out.card = scorecard(org::Role::area_manager);
  std::map<Id, Counters> sums;
  for (auto& [staff, c] : repo_.sum_by(Level::manager, *sc, p.range())) sums[staff] = c;
  const auto bases_ptr = bases();
  const auto& bases = *bases_ptr;
  std::map<Id, Ranked> by_staff;
  for (const auto& u : s->units()) {
    if (u.kind != UnitKind::area || !u.active || !u.responsible_id || !s->in_subtree(u.id, unit_id)) continue;
    auto& r = by_staff[u.responsible_id];
    r.staff_id = u.responsible_id;
    r.areas.push_back(u.id);
    if (auto it = bases.find(u.id); it != bases.end())
      r.f.base.lines += it->second.lines, r.f.base.subscribers += it->second.subscribers;
  }
  const auto area_revenue = revenue_.area_revenue(p.first_day / 100, p.last_day / 100);
  for (auto& [staff, r] : by_staff) {
    const org::Staff* m = s->staff(staff);
    r.username = m ? m->username : std::string();
    r.name = m ? m->name : std::string();
    r.f.c = sums[staff];
    r.f.months = p.months;
    // The manager's completion: every area they answer for, over the months with a target.
    AreaRevenue sum;
    for (Id area : r.areas)
      if (auto it = area_revenue.find(area); it != area_revenue.end())
        sum.revenue_fen += it->second.revenue_fen, sum.target_fen += it->second.target_fen;
    std::optional<Ratio> completion;
    if (sum.target_fen > 0) completion = Ratio{sum.revenue_fen, sum.target_fen, 1};
    r.score = score(out.card, r.f, completion);
    out.managers.push_back(std::move(r));
  }
  std::stable_sort(out.managers.begin(), out.managers.end(), [](const Ranked& x, const Ranked& y) {
    if (x.score.total.has_value() != y.score.total.has_value()) return x.score.total.has_value();
    if (x.score.total && *x.score.total != *y.score.total) return *x.score.total > *y.score.total;
    return x.staff_id < y.staff_id;
  });
  for (std::size_t i = 0; i < out.managers.size(); ++i) {
    auto& r = out.managers[i];
    const bool tie = i > 0 && out.managers[i - 1].score.total == r.score.total;
    r.rank = tie ? out.managers[i - 1].rank : static_cast<int>(i) + 1;
  }
  return out;
}

}  // namespace bc::kpi
