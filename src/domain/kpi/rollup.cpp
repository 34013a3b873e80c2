#include "domain/kpi/rollup.hpp"

#include "domain/orders/calendar.hpp"

namespace bc::kpi {
namespace {
constexpr std::array<std::string_view, kCounterCount> kColumns{
    "faults",         "repeat_faults",     "complaints",         "repaired",  "repaired_legal_ok",
    "repaired_commit_ok", "cable_repaired", "cable_legal_ok",    "cable_commit_ok", "first_fix",
    "installs",       "installs_legal_ok", "installs_commit_ok", "done",      "callbacks",
    "satisfaction_sum", "satisfied",       "leads",              "sales",     "pairs_checked",
    "pairs_matched"};
constexpr std::array<std::string_view, kCounterCount> kApi{
    "faults",         "repeatFaults",     "complaints",        "repaired",  "repairedLegalOk",
    "repairedCommitOk", "cableRepaired",  "cableLegalOk",      "cableCommitOk", "firstFix",
    "installs",       "installsLegalOk",  "installsCommitOk",  "done",      "callbacks",
    "satisfactionSum", "satisfied",       "leads",             "sales",     "pairsChecked",
    "pairsMatched"};
constexpr Millis kDayMs = 86'400'000;
}  // namespace

std::string_view column_name(int c) { return kColumns[c]; }
std::string_view api_name(int c) { return kApi[c]; }

Counters& operator+=(Counters& a, const Counters& b) {
  for (int i = 0; i < kCounterCount; ++i) a[i] += b[i];
  return a;
}
bool is_zero(const Counters& c) {
  for (auto v : c)
    if (v) return false;
  return true;
}

std::size_t KeyHash::operator()(const Key& k) const noexcept {
  std::size_t h = static_cast<std::size_t>(k.day);
  for (Id v : {k.community_id, k.area_id, k.manager_id}) h = h * 1'000'003u ^ static_cast<std::size_t>(v);
  return h;
}

int day_of(Millis t, const TimeZone& tz) {
  const Millis local = t + static_cast<Millis>(tz.offset_minutes) * 60'000;
  Millis days = local / kDayMs;
  if (local % kDayMs < 0) --days;
  const auto d = orders::Date::from_days(days);
  return d.y * 10000 + d.m * 100 + d.d;
}

Millis day_start(int day, const TimeZone& tz) {
  const orders::Date d{day / 10000, day / 100 % 100, day % 100};
  return d.days() * kDayMs - static_cast<Millis>(tz.offset_minutes) * 60'000;
}
Millis month_start(int month, const TimeZone& tz) { return day_start(month * 100 + 1, tz); }
int add_months(int month, int n) {
  int idx = (month / 100) * 12 + (month % 100 - 1) + n;
  return (idx / 12) * 100 + idx % 12 + 1;
}

bool is_cable_cause(orders::FaultCause c) {
  using F = orders::FaultCause;
  return c == F::cable || c == F::cross_box || c == F::dist_box;
}
bool is_install(orders::OrderType t) {
  using T = orders::OrderType;
  return t == T::new_line || t == T::move || t == T::broadband;
}
bool is_done(orders::State s) {
  using S = orders::State;
  return s == S::resolved || s == S::confirmed || s == S::closed;
}

std::vector<Delta> contributions(const orders::Order& o, int reopens, const TimeZone& tz) {
  using orders::OrderType;
  std::vector<Delta> out;
  if (o.state == orders::State::cancelled) return out;  // withdrawn: counts nowhere
  Key base{0, o.routing.network_id, o.routing.office_id, o.routing.community_id, o.routing.area_id,
           o.routing.assignee_id};
  auto at = [&](Millis t) -> Counters& {
    Key k = base;
    k.day = day_of(t, tz);
    for (auto& d : out)
      if (d.key == k) return d.c;
    out.push_back(Delta{k, {}});
    return out.back().c;
  };
  // Reported: the day the order was taken.
  if (o.type == OrderType::fault) {
    auto& c = at(o.created_at);
    c[faults] += 1;
    if (o.repeat_of) c[repeat_faults] += 1;
  }
  if (o.type == OrderType::complaint) at(o.created_at)[complaints] += 1;
  if (o.type == OrderType::new_line || o.type == OrderType::broadband) at(o.created_at)[leads] += 1;
  // Done: the day of its (last) resolution.
  if (is_done(o.state) && o.resolved_at) {
    auto& c = at(o.resolved_at);
    const bool legal_ok = o.legal_due_at == 0 || o.resolved_at <= o.legal_due_at;
    const bool commit_ok = o.commit_due_at == 0 || o.resolved_at <= o.commit_due_at;
    c[done] += 1;
    if (o.satisfaction > 0) {
      c[callbacks] += 1;
      c[satisfaction_sum] += o.satisfaction;
      if (o.satisfaction >= 4) c[satisfied] += 1;
    }
    if (o.type == OrderType::fault) {
      c[repaired] += 1;
      c[repaired_legal_ok] += legal_ok;
      c[repaired_commit_ok] += commit_ok;
      if (o.cause && is_cable_cause(*o.cause)) {
        c[cable_repaired] += 1;
        c[cable_legal_ok] += legal_ok;
        c[cable_commit_ok] += commit_ok;
      }
      if (reopens == 0) c[first_fix] += 1;
    }
    if (is_install(o.type)) {
      c[installs] += 1;
      c[installs_legal_ok] += legal_ok;
      c[installs_commit_ok] += commit_ok;
    }
    if (o.type == OrderType::new_line || o.type == OrderType::broadband) c[sales] += 1;
  }
  return out;
}

bool is_reopen(const orders::Order& before, const orders::Order& after) {
  return is_done(before.state) && after.state == orders::State::reopened;
}

std::vector<Delta> delta(const orders::Order* before, int reopens_before, const orders::Order& after,
                         int reopens_after, const TimeZone& tz) {
  std::vector<Delta> out = contributions(after, reopens_after, tz);
  if (before) {
    for (auto& d : contributions(*before, reopens_before, tz)) {
      Delta* hit = nullptr;
      for (auto& x : out)
        if (x.key == d.key) hit = &x;
      if (!hit) {
        out.push_back(Delta{d.key, {}});
        hit = &out.back();
      }
      for (int i = 0; i < kCounterCount; ++i) hit->c[i] -= d.c[i];
    }
  }
  std::erase_if(out, [](const Delta& d) { return is_zero(d.c); });
  return out;
}

Delta verification(Millis at, Id network_id, Id office_id, Id community_id, Id area_id, Id staff_id,
                   std::int64_t checked, std::int64_t matched, const TimeZone& tz) {
  Delta d{Key{day_of(at, tz), network_id, office_id, community_id, area_id, staff_id}, {}};
  d.c[pairs_checked] = checked;
  d.c[pairs_matched] = matched;
  return d;
}

}  // namespace bc::kpi
