#include "domain/orders/deadlines.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "domain/orders/calendar.hpp"

namespace bc::orders {
namespace {

constexpr Millis kOpenEnd = std::numeric_limits<Millis>::max();

struct Interval {
  Millis from;
  Millis to;  // kOpenEnd = no end known
};

// Pauses as sorted, disjoint intervals. An open pause ends at `now`, or has no known end when
// now == 0. Empty or inverted pauses are dropped.
std::vector<Interval> merged(std::span<const Pause> pauses, Millis now) {
  std::vector<Interval> v;
  v.reserve(pauses.size());
  for (const Pause& p : pauses) {
    const Millis to = p.open() ? (now > 0 ? now : kOpenEnd) : p.to;
    if (to > p.from) v.push_back({p.from, to});
  }
  std::sort(v.begin(), v.end(), [](const Interval& a, const Interval& b) { return a.from < b.from; });
  std::vector<Interval> out;
  for (const Interval& i : v) {
    if (!out.empty() && i.from <= out.back().to) {
      out.back().to = std::max(out.back().to, i.to);
    } else {
      out.push_back(i);
    }
  }
  return out;
}

Millis advance(ClockKind k, const BusinessCalendar& cal, Millis from, Millis ms) {
  return k == ClockKind::calendar ? from + ms : cal.add_working_ms(from, ms);
}

Millis elapsed(ClockKind k, const BusinessCalendar& cal, Millis a, Millis b) {
  if (b <= a) return 0;
  return k == ClockKind::calendar ? b - a : cal.working_ms_between(a, b);
}

// The instant `budget` of clock time has run since `start`, skipping the paused intervals.
// A pause that begins at or after that instant does not count. 0 when an open-ended pause
// started before the budget ran out (the end is not known yet).
Millis run_out(ClockKind k, const BusinessCalendar& cal, Millis start, Millis budget,
               const std::vector<Interval>& pauses) {
  Millis cursor = start;
  for (const Interval& p : pauses) {
    if (p.to <= cursor) continue;
    const Millis pause_from = std::max(p.from, cursor);
    const Millis candidate = advance(k, cal, cursor, budget);
    if (candidate <= pause_from) return candidate;
    budget -= elapsed(k, cal, cursor, pause_from);
    if (p.to == kOpenEnd) return 0;
    cursor = p.to;
  }
  return advance(k, cal, cursor, budget);
}

Millis budget_ms(const Limit& limit, double fraction) {
  const Millis allowed = limit.minutes * kMinuteMs;
  if (fraction <= 0) return 0;
  // Exact for the fractions used (0.75, 1.0); ceil makes the instant the first one at which
  // used/allowed >= fraction.
  return static_cast<Millis>(std::ceil(static_cast<double>(allowed) * fraction));
}

long long round_half_up_div(long long num, long long den) { return (2 * num + den) / (2 * den); }

}  // namespace

std::string_view to_string(ClockKind k) { return k == ClockKind::calendar ? "calendar" : "working"; }
std::string_view label_zh(ClockKind k) { return k == ClockKind::calendar ? "自然时间" : "工作时间"; }
std::optional<ClockKind> clock_kind_from(std::string_view s) {
  if (s == "calendar") return ClockKind::calendar;
  if (s == "working") return ClockKind::working;
  return std::nullopt;
}

std::string_view to_string(PauseReason r) {
  return r == PauseReason::customer_unavailable ? "customer_unavailable" : "customer_requested_date";
}
std::string_view label_zh(PauseReason r) {
  return r == PauseReason::customer_unavailable ? "用户不在" : "用户预约时间";
}
std::optional<PauseReason> pause_reason_from(std::string_view s) {
  if (s == "customer_unavailable") return PauseReason::customer_unavailable;
  if (s == "customer_requested_date") return PauseReason::customer_requested_date;
  return std::nullopt;
}

std::string_view to_string(Escalation e) {
  switch (e) {
    case Escalation::community_head: return "community_head";
    case Escalation::office_head: return "office_head";
    case Escalation::none: break;
  }
  return "none";
}
std::string_view label_zh(Escalation e) {
  switch (e) {
    case Escalation::community_head: return "社区服务部主任";
    case Escalation::office_head: return "营维处主任";
    case Escalation::none: break;
  }
  return "无";
}

DeadlinePolicy default_policy(std::string_view type, bool rural) {
  constexpr long long kHour = 60;
  constexpr long long kDay = 24 * kHour;
  constexpr long long kWorkDay = 9 * kHour;  // one 08:30–17:30 working day
  const auto cal = [](long long m) { return Limit{m, ClockKind::calendar}; };
  const auto work = [](long long m) { return Limit{m, ClockKind::working}; };
  const auto pick = [rural](long long urban, long long countryside) { return rural ? countryside : urban; };

  if (type == "fault") return {cal(pick(48, 72) * kHour), cal(pick(24, 48) * kHour)};  // Art. 33
  if (type == "complaint") return {cal(15 * kDay), cal(pick(5, 7) * kDay)};
  if (type == "new_line" || type == "move" || type == "broadband") {  // Art. 32: the published limit
    return {work(pick(5, 10) * kWorkDay), work(pick(3, 5) * kWorkDay)};
  }
  if (type == "feature") return {work(pick(2, 3) * kWorkDay), work(pick(1, 2) * kWorkDay)};
  if (type == "hazard") return {Limit{}, cal(pick(24, 48) * kHour)};
  if (type == "care_visit") return {Limit{}, work(pick(5, 10) * kWorkDay)};
  return {Limit{}, work(pick(5, 10) * kWorkDay)};  // other and anything unknown
}

Millis due_at(const Limit& limit, Millis start, std::span<const Pause> pauses, const BusinessCalendar& cal,
              Millis now) {
  if (limit.none()) return 0;
  return run_out(limit.clock, cal, start, limit.minutes * kMinuteMs, merged(pauses, now));
}

Millis escalation_at(const Limit& limit, Millis start, std::span<const Pause> pauses, const BusinessCalendar& cal,
                     double fraction, Millis now) {
  if (limit.none()) return 0;
  return run_out(limit.clock, cal, start, budget_ms(limit, fraction), merged(pauses, now));
}

ClockReading read_clock(const Limit& limit, Millis start, std::span<const Pause> pauses, Millis now,
                        const BusinessCalendar& cal) {
  ClockReading r;
  const std::vector<Interval> ps = merged(pauses, now);
  if (limit.none()) {
    for (const Pause& p : pauses) r.paused = r.paused || (p.open() && p.from <= now);
    return r;
  }
  const Millis allowed = limit.minutes * kMinuteMs;
  r.allowed_minutes = limit.minutes;
  r.due_at = run_out(limit.clock, cal, start, allowed, ps);

  // Clock time used in [start, now) outside the pauses that began before the time ran out.
  Millis used = 0, cursor = start;
  for (const Interval& p : ps) {
    if (p.from >= r.due_at || p.from >= now) break;
    if (p.to <= cursor) continue;
    used += elapsed(limit.clock, cal, cursor, std::min(p.from, now));
    cursor = std::max(cursor, p.to);
  }
  used += elapsed(limit.clock, cal, cursor, now);

  for (const Pause& p : pauses) {
    if (p.open() && p.from <= now && p.from < r.due_at) r.paused = true;
  }
  r.used_minutes = used / kMinuteMs;
  r.fraction = static_cast<double>(used) / static_cast<double>(allowed);
  if (now > r.due_at) {
    r.risk = ClockReading::breached;
  } else if (used * 4 >= allowed * 3) {  // kAtRiskFraction, in integers so 75 % exactly counts
    r.risk = ClockReading::at_risk;
  }
  return r;
}

PolicyReading read_policy(const DeadlinePolicy& policy, Millis start, std::span<const Pause> pauses, Millis now,
                          const BusinessCalendar& cal) {
  return {read_clock(policy.legal, start, pauses, now, cal), read_clock(policy.commitment, start, pauses, now, cal)};
}

Escalation escalation_for(const ClockReading& r) {
  if (r.risk == ClockReading::breached) return Escalation::office_head;
  if (r.risk == ClockReading::at_risk) return Escalation::community_head;
  return Escalation::none;
}

long long late_days(Millis due, Millis done) {
  if (done <= due) return 0;
  return (done - due + kDayMs - 1) / kDayMs;
}

long long late_fee_owed_fen(long long fee_fen, Millis due, Millis opened) {
  if (fee_fen <= 0) return 0;
  return round_half_up_div(fee_fen * late_days(due, opened), 100);
}

long long rent_waived_fen(long long monthly_rent_fen, Millis reported, Millis due, Millis repaired,
                          int days_in_month) {
  if (monthly_rent_fen <= 0 || days_in_month <= 0 || repaired <= due) return 0;
  const long long fault_days = late_days(reported, repaired);
  return round_half_up_div(monthly_rent_fen * fault_days, days_in_month);
}

}  // namespace bc::orders
