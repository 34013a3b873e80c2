// Deadline clocks of work orders: limits per order type and area (legal limit and the operator's
// own commitment), pauses the standard allows, escalation thresholds and what a late operator
// owes (Telecommunications Regulations of the PRC, 2000, Art. 32 and 33 — see docs/deadlines.md).
// Pure functions of their arguments; safe to call from any thread.
#pragma once
#include <optional>
#include <span>
#include <string_view>

#include "core/time.hpp"

namespace bc::orders {

class BusinessCalendar;

// calendar: elapsed 24/7 time (the 48 h / 72 h fault limit, the 15-day complaint limit).
// working: counted only in the BusinessCalendar's working hours (appointment-based work).
enum class ClockKind { calendar, working };
std::string_view to_string(ClockKind k);  // "calendar" / "working"
std::string_view label_zh(ClockKind k);   // "自然时间" / "工作时间"
std::optional<ClockKind> clock_kind_from(std::string_view s);

struct Limit {
  long long minutes = 0;  // 0 (or less) = no limit
  ClockKind clock = ClockKind::calendar;
  bool none() const { return minutes <= 0; }
  friend bool operator==(const Limit&, const Limit&) = default;
};

// legal: the limit the Regulations set (or, where they defer to the operator, the limit the
// operator has published); commitment: the operator's own, tighter promise. Both are reported.
struct DeadlinePolicy {
  Limit legal;
  Limit commitment;
  friend bool operator==(const DeadlinePolicy&, const DeadlinePolicy&) = default;
};

// The defaults of docs/deadlines.md for new_line, move, feature, broadband, fault, complaint,
// care_visit, hazard and other; an unknown type gets the defaults of "other". Configurable:
// callers keep their own table and use these only where none is set.
DeadlinePolicy default_policy(std::string_view order_type, bool rural);

// Only these stop a clock. Anything else (waiting for parts, staff absent, bad weather …) does
// not, and pause_reason_from rejects it.
enum class PauseReason { customer_unavailable, customer_requested_date };
std::string_view to_string(PauseReason r);  // "customer_unavailable" / "customer_requested_date"
std::string_view label_zh(PauseReason r);   // "用户不在" / "用户预约时间"
std::optional<PauseReason> pause_reason_from(std::string_view s);

struct Pause {
  Millis from = 0;
  Millis to = 0;  // 0 = still paused
  PauseReason reason = PauseReason::customer_unavailable;
  bool open() const { return to == 0; }
};

// The instant the limit runs out for a clock started at `start`. Paused time extends it (for a
// working clock only the paused working time counts, which is what the clock would have used);
// overlapping pauses count once; a pause that starts after the time already ran out changes
// nothing. An open pause lasts until `now`; without `now` (0) an open pause that still matters
// leaves the deadline unknown and the result is 0. No limit: 0.
Millis due_at(const Limit& limit, Millis start, std::span<const Pause> pauses, const BusinessCalendar& cal,
              Millis now = 0);

constexpr double kAtRiskFraction = 0.75;

struct ClockReading {
  enum Risk { ok, at_risk, breached };
  Millis due_at = 0;               // with open pauses taken to end now; 0 = no limit
  long long used_minutes = 0;      // clock time used from start to now, pauses excluded (floor)
  long long allowed_minutes = 0;   // the limit
  double fraction = 0;             // used / allowed (0 when no limit)
  Risk risk = ok;                  // at_risk from 75 % inclusive; breached when now > due_at
  bool paused = false;             // an open pause covers now
};

ClockReading read_clock(const Limit& limit, Millis start, std::span<const Pause> pauses, Millis now,
                        const BusinessCalendar& cal);

// Both clocks of a policy, for reports on the legal limit and on the operator's commitment.
struct PolicyReading {
  ClockReading legal;
  ClockReading commitment;
};
PolicyReading read_policy(const DeadlinePolicy& policy, Millis start, std::span<const Pause> pauses, Millis now,
                          const BusinessCalendar& cal);

// Who hears about an order: at 75 % of the allowed time the community head (社区服务部主任),
// after breach the office head (营维处主任).
enum class Escalation { none, community_head, office_head };
std::string_view to_string(Escalation e);
std::string_view label_zh(Escalation e);
Escalation escalation_for(const ClockReading& r);

// The instant at which `fraction` of the allowed time is used (the first millisecond at which
// used/allowed >= fraction), so a scheduler can fire the 75 % and breach escalations:
// escalation_at(…, 1.0) == due_at (the clock is breached from the millisecond after).
// Same pause rules and same 0 results as due_at.
Millis escalation_at(const Limit& limit, Millis start, std::span<const Pause> pauses, const BusinessCalendar& cal,
                     double fraction, Millis now = 0);

// Art. 32: late opening of a new line or move owes the subscriber 1 % of the installation/move
// fee for each day late. Every started 24 h period after `due` counts as a day; the total
// (fee × days × 1 %) is rounded half up to the fen once. 0 when opened <= due or fee <= 0.
long long late_days(Millis due, Millis done);
long long late_fee_owed_fen(long long fee_fen, Millis due, Millis opened);

// Art. 33: a fault not repaired within the limit makes the monthly rent for the fault period
// (障碍期间, from the report to the repair) free. 0 when repaired <= due. Otherwise the fault
// period in started days (from `reported`) × monthly rent / days_in_month, rounded half up to the
// fen. days_in_month defaults to 30 (the usual pro-rata month); pass the billing month's length
// to prorate on the calendar month instead.
long long rent_waived_fen(long long monthly_rent_fen, Millis reported, Millis due, Millis repaired,
                          int days_in_month = 30);

}  // namespace bc::orders
