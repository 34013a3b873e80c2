#include "domain/kpi/service.hpp"

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

Base KpiService::base_of(const org::OrgSnapshot& s, Id unit_id) const {
  Base b;
  for (const auto& [area, ab] : repo_.area_bases()) {
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

Result<std::vector<UnitFigures>> KpiService::children(const auth::Actor& a, Id unit_id, const PeriodRange& p) {
  auto sc = scope_of(a, unit_id);
  if (!sc) return sc.error();
  auto s = org_.snapshot();
  const org::Unit* u = s->unit(unit_id);
  std::vector<UnitFigures> out;
  const auto bases = repo_.area_bases();
  if (u->kind == UnitKind::community || u->kind == UnitKind::area) {
    // Each manager credited here; their denominators: the areas they are responsible for in it.
    for (auto& [staff, c] : repo_.sum_by(Level::manager, *sc, p.range())) {
      Base b;
      for (Id area : s->responsible_for(staff))
        if (s->in_subtree(area, unit_id))
          if (auto it = bases.find(area); it != bases.end()) b.lines += it->second.lines, b.subscribers += it->second.subscribers;
      const org::Staff* m = staff ? s->staff(staff) : nullptr;
      out.push_back(UnitFigures{"manager", staff, m ? m->username : std::string(), m ? m->name : std::string("(unassigned)"),
                                figures(c, b, p.months)});
    }
    return out;
  }
  // The unit kind one level down the drill-down (the centre is skipped: one per local network).
  Level group = Level::network;
  UnitKind child = UnitKind::local_network;
  if (u->kind == UnitKind::local_network || u->kind == UnitKind::centre) group = Level::office, child = UnitKind::office;
  if (u->kind == UnitKind::office) group = Level::community, child = UnitKind::community;
  std::map<Id, Counters> sums;
  for (auto& [id, c] : repo_.sum_by(group, *sc, p.range())) sums[id] = c;
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
  return out;
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

}  // namespace bc::kpi
