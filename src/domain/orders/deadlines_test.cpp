#include "domain/orders/deadlines.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "domain/orders/calendar.hpp"

// Every expected value is worked out by hand in the comment beside it, never by calling the code
// under test. Weekdays of 2026: 09-30 Wed, 10-01 Thu (National Day 10-01 … 10-07, make-up working
// day Sat 10-10), 11-02 Mon, 11-27 Fri, 11-30 Mon.

namespace bc::orders {
namespace {

constexpr long long kH = 60;  // minutes in an hour
constexpr Millis kMs = 1;

Millis at(const char* iso) { return *parse_iso8601(iso, TimeZone{}); }
BusinessCalendar shanghai() { return BusinessCalendar::china_default(TimeZone{}); }
Limit calendar_h(long long hours) { return {hours * kH, ClockKind::calendar}; }
Limit working_min(long long minutes) { return {minutes, ClockKind::working}; }
Pause pause(const char* from, const char* to, PauseReason r = PauseReason::customer_unavailable) {
  return {at(from), to ? at(to) : 0, r};
}

TEST(DeadlinePause, OnlyTheAllowedReasonsPauseAClock) {
  EXPECT_EQ(pause_reason_from("customer_unavailable"), PauseReason::customer_unavailable);
  EXPECT_EQ(pause_reason_from("customer_requested_date"), PauseReason::customer_requested_date);
  EXPECT_FALSE(pause_reason_from("waiting_for_parts"));
  EXPECT_FALSE(pause_reason_from("staff_absent"));
  EXPECT_FALSE(pause_reason_from("bad_weather"));
  EXPECT_FALSE(pause_reason_from("Customer_Unavailable"));
  EXPECT_FALSE(pause_reason_from(""));
  EXPECT_EQ(to_string(PauseReason::customer_requested_date), "customer_requested_date");
  EXPECT_EQ(pause_reason_from(to_string(PauseReason::customer_unavailable)), PauseReason::customer_unavailable);
  EXPECT_EQ(label_zh(PauseReason::customer_unavailable), "用户不在");
}

TEST(DeadlineFault, CalendarClockRunsThroughNationalDay) {
  const BusinessCalendar c = shanghai();
  // Reported 23:30 Beijing on 09-30 (15:30Z, the same UTC date). 48 h later, holidays or not:
  // 10-02 23:30 Beijing. Rural 72 h: 10-03 23:30. Commitment 24 h: 10-01 23:30.
  const Millis reported = at("2026-09-30T23:30:00+08:00");
  EXPECT_EQ(due_at(calendar_h(48), reported, {}, c), at("2026-10-02T23:30:00+08:00"));
  EXPECT_EQ(due_at(calendar_h(72), reported, {}, c), at("2026-10-03T23:30:00+08:00"));
  EXPECT_EQ(due_at(calendar_h(24), reported, {}, c), at("2026-10-01T23:30:00+08:00"));
  EXPECT_EQ(due_at(calendar_h(48), reported, {}, c), at("2026-10-02T15:30:00Z"));
}

TEST(DeadlineFault, ReportedWhenUtcDateDiffersFromLocalDate) {
  const BusinessCalendar c = shanghai();
  // 07:30 Beijing on 10-01 is 23:30Z on 09-30: the UTC date is a day earlier.
  const Millis reported = at("2026-09-30T23:30:00Z");
  EXPECT_EQ(c.local_date(reported), (Date{2026, 10, 1}));
  // 48 h → 10-03 07:30 Beijing = 10-02 23:30Z.
  EXPECT_EQ(due_at(calendar_h(48), reported, {}, c), at("2026-10-03T07:30:00+08:00"));
  EXPECT_EQ(due_at(calendar_h(48), reported, {}, c), at("2026-10-02T23:30:00Z"));
}

TEST(DeadlineWorking, ClockSkipsHolidaysAndCountsMakeUpDays) {
  const BusinessCalendar c = shanghai();
  const Millis start = at("2026-09-30T23:30:00+08:00");
  // Default urban new-line commitment: 3 working days of 540 min. 09-30 23:30 is after hours,
  // 10-01 … 10-07 off; 10-08 (Thu), 10-09 (Fri), 10-10 (make-up Sat) → 10-10 17:30.
  EXPECT_EQ(due_at(working_min(3 * 540), start, {}, c), at("2026-10-10T17:30:00+08:00"));
  // Legal (published) 5 working days: + Mon 10-12, Tue 10-13 (Sun 10-11 off) → 10-13 17:30.
  EXPECT_EQ(due_at(working_min(5 * 540), start, {}, c), at("2026-10-13T17:30:00+08:00"));
}

TEST(DeadlineWorking, StartedFridayEveningAndOnAHolidayEve) {
  const BusinessCalendar c = shanghai();
  // Fri 11-27 18:00 + 240 working min → Mon 11-30 08:30 + 4 h = 12:30.
  EXPECT_EQ(due_at(working_min(240), at("2026-11-27T18:00:00+08:00"), {}, c), at("2026-11-30T12:30:00+08:00"));
  // Holiday eve Wed 09-30 15:00 + 240: 150 min until 17:30, 90 more on 10-08 → 10:00.
  EXPECT_EQ(due_at(working_min(240), at("2026-09-30T15:00:00+08:00"), {}, c), at("2026-10-08T10:00:00+08:00"));
}

TEST(DeadlinePause, ClosedPauseExtendsACalendarClock) {
  const BusinessCalendar c = shanghai();
  // Fault 48 h from Mon 11-02 10:00 (due 11-04 10:00); customer away 14:00–20:00 (6 h) → 11-04 16:00.
  const Millis start = at("2026-11-02T10:00:00+08:00");
  const std::vector<Pause> ps = {pause("2026-11-02T14:00:00+08:00", "2026-11-02T20:00:00+08:00")};
  EXPECT_EQ(due_at(calendar_h(48), start, ps, c), at("2026-11-04T16:00:00+08:00"));
}

TEST(DeadlinePause, SeveralAndOverlappingPausesCountOnce) {
  const BusinessCalendar c = shanghai();
  const Millis start = at("2026-11-02T10:00:00+08:00");
  // 12:00–14:00 and 13:00–15:00 overlap: together 12:00–15:00 = 3 h; 11-03 09:00–10:00 = 1 h.
  // 4 h in all → 11-04 10:00 + 4 h = 14:00. Order of the list does not matter.
  const std::vector<Pause> ps = {
      pause("2026-11-03T09:00:00+08:00", "2026-11-03T10:00:00+08:00", PauseReason::customer_requested_date),
      pause("2026-11-02T13:00:00+08:00", "2026-11-02T15:00:00+08:00"),
      pause("2026-11-02T12:00:00+08:00", "2026-11-02T14:00:00+08:00"),
  };
  EXPECT_EQ(due_at(calendar_h(48), start, ps, c), at("2026-11-04T14:00:00+08:00"));
}

TEST(DeadlinePause, PauseBeforeStartCountsOnlyFromStart) {
  const BusinessCalendar c = shanghai();
  const Millis start = at("2026-11-02T10:00:00+08:00");
  // 08:00–11:00 overlaps the clock only 10:00–11:00: +1 h → 11-04 11:00.
  const std::vector<Pause> ps = {pause("2026-11-02T08:00:00+08:00", "2026-11-02T11:00:00+08:00")};
  EXPECT_EQ(due_at(calendar_h(48), start, ps, c), at("2026-11-04T11:00:00+08:00"));
}

TEST(DeadlinePause, PauseAfterTheTimeRanOutChangesNothing) {
  const BusinessCalendar c = shanghai();
  const Millis start = at("2026-11-02T10:00:00+08:00");
  // Due 11-04 10:00. A pause from 11:00 that day, or from 10:00 exactly, comes too late.
  const std::vector<Pause> late = {pause("2026-11-04T11:00:00+08:00", "2026-11-04T15:00:00+08:00")};
  const std::vector<Pause> at_due = {pause("2026-11-04T10:00:00+08:00", "2026-11-04T15:00:00+08:00")};
  EXPECT_EQ(due_at(calendar_h(48), start, late, c), at("2026-11-04T10:00:00+08:00"));
  EXPECT_EQ(due_at(calendar_h(48), start, at_due, c), at("2026-11-04T10:00:00+08:00"));
  // Read at 11-04 12:00: breached; used = 11-02 10:00 → 11-04 12:00 = 50 h = 3000 min of 2880.
  const ClockReading r = read_clock(calendar_h(48), start, late, at("2026-11-04T12:00:00+08:00"), c);
  EXPECT_EQ(r.risk, ClockReading::breached);
  EXPECT_EQ(r.used_minutes, 3000);
  EXPECT_FALSE(r.paused);
}

TEST(DeadlinePause, OpenPause) {
  const BusinessCalendar c = shanghai();
  const Millis start = at("2026-11-02T10:00:00+08:00");
  const std::vector<Pause> ps = {pause("2026-11-02T12:00:00+08:00", nullptr)};
  // Without `now` the end of the pause is unknown, so is the deadline.
  EXPECT_EQ(due_at(calendar_h(48), start, ps, c), 0);
  // Now 11-03 12:00: paused 24 h so far → 11-04 10:00 + 24 h = 11-05 10:00.
  const Millis now = at("2026-11-03T12:00:00+08:00");
  EXPECT_EQ(due_at(calendar_h(48), start, ps, c, now), at("2026-11-05T10:00:00+08:00"));
  const ClockReading r = read_clock(calendar_h(48), start, ps, now, c);
  EXPECT_TRUE(r.paused);
  EXPECT_EQ(r.due_at, at("2026-11-05T10:00:00+08:00"));
  EXPECT_EQ(r.used_minutes, 120);  // 10:00–12:00 only
  EXPECT_EQ(r.allowed_minutes, 2880);
  EXPECT_DOUBLE_EQ(r.fraction, 120.0 / 2880.0);
  EXPECT_EQ(r.risk, ClockReading::ok);
  EXPECT_EQ(escalation_for(r), Escalation::none);
}

TEST(DeadlinePause, WorkingClockCountsOnlyPausedWorkingTimeAcrossAHoliday) {
  const BusinessCalendar c = shanghai();
  // Two working days (1080 min) from Wed 09-30 08:30. Unpaused: 540 on 09-30, 540 on 10-08 → 10-08 17:30.
  const Millis start = at("2026-09-30T08:30:00+08:00");
  EXPECT_EQ(due_at(working_min(1080), start, {}, c), at("2026-10-08T17:30:00+08:00"));
  // Customer asks for a date: paused 09-30 16:30 → 10-08 10:30, eight calendar days but only
  // 60 (09-30) + 120 (10-08) = 180 working minutes. Used 480 before the pause, 600 remain:
  // 10-08 10:30–17:30 = 420, then 180 on Fri 10-09 → 11:30.
  const std::vector<Pause> ps = {pause("2026-09-30T16:30:00+08:00", "2026-10-08T10:30:00+08:00",
                                       PauseReason::customer_requested_date)};
  EXPECT_EQ(due_at(working_min(1080), start, ps, c), at("2026-10-09T11:30:00+08:00"));
  // Read on 10-08 12:30: used 480 + (10:30–12:30) 120 = 600 of 1080 → 0.5555…, ok, not paused.
  const ClockReading r = read_clock(working_min(1080), start, ps, at("2026-10-08T12:30:00+08:00"), c);
  EXPECT_EQ(r.used_minutes, 600);
  EXPECT_FALSE(r.paused);
  EXPECT_EQ(r.risk, ClockReading::ok);
}

TEST(DeadlineRisk, ExactlySeventyFivePercentIsAtRisk) {
  const BusinessCalendar c = shanghai();
  const Limit legal = calendar_h(48);
  const Millis start = at("2026-11-02T10:00:00+08:00");
  // 75 % of 48 h = 36 h → 11-03 22:00.
  const Millis t75 = at("2026-11-03T22:00:00+08:00");
  EXPECT_EQ(escalation_at(legal, start, {}, c, kAtRiskFraction), t75);
  const ClockReading before = read_clock(legal, start, {}, t75 - kMs, c);
  EXPECT_EQ(before.risk, ClockReading::ok);
  const ClockReading exact = read_clock(legal, start, {}, t75, c);
  EXPECT_EQ(exact.risk, ClockReading::at_risk);
  EXPECT_DOUBLE_EQ(exact.fraction, 0.75);
  EXPECT_EQ(exact.used_minutes, 36 * kH);
  EXPECT_EQ(escalation_for(exact), Escalation::community_head);
  // With 2 h paused before it, the 75 % mark moves 2 h: 11-04 00:00.
  const std::vector<Pause> ps = {pause("2026-11-02T12:00:00+08:00", "2026-11-02T14:00:00+08:00")};
  EXPECT_EQ(escalation_at(legal, start, ps, c, kAtRiskFraction), at("2026-11-04T00:00:00+08:00"));
  // Working clock: 540 min from Mon 11-30 08:30; 75 % = 405 min → 15:15.
  EXPECT_EQ(escalation_at(working_min(540), at("2026-11-30T08:30:00+08:00"), {}, c, kAtRiskFraction),
            at("2026-11-30T15:15:00+08:00"));
}

TEST(DeadlineRisk, EscalationWithAnOpenPause) {
  const BusinessCalendar c = shanghai();
  const Limit legal = calendar_h(48);
  const Millis start = at("2026-11-02T10:00:00+08:00");
  // Open pause from 11-02 12:00, before the 75 % mark (11-03 22:00): without now, unknown (0).
  const std::vector<Pause> early = {pause("2026-11-02T12:00:00+08:00", nullptr)};
  EXPECT_EQ(escalation_at(legal, start, early, c, kAtRiskFraction), 0);
  // With now 11-03 12:00 it has lasted 24 h: 11-03 22:00 + 24 h = 11-04 22:00.
  EXPECT_EQ(escalation_at(legal, start, early, c, kAtRiskFraction, at("2026-11-03T12:00:00+08:00")),
            at("2026-11-04T22:00:00+08:00"));
  // An open pause from 11-04 00:00 comes after the 75 % mark, so that mark is known: 11-03 22:00;
  // the breach instant is not (the pause began before 11-04 10:00).
  const std::vector<Pause> late = {pause("2026-11-04T00:00:00+08:00", nullptr)};
  EXPECT_EQ(escalation_at(legal, start, late, c, kAtRiskFraction), at("2026-11-03T22:00:00+08:00"));
  EXPECT_EQ(escalation_at(legal, start, late, c, 1.0), 0);
}

TEST(DeadlineRisk, WorkingClockBreachesOnlyInWorkingTime) {
  const BusinessCalendar c = shanghai();
  // 240 working minutes from Fri 11-27 15:30: 120 on Friday, 120 on Monday → due Mon 11-30 10:30.
  const Limit l = working_min(240);
  const Millis start = at("2026-11-27T15:30:00+08:00");
  // Sunday 11-29 20:00: used 120 of 240 = 0.5, ok; the weekend does not count.
  const ClockReading sun = read_clock(l, start, {}, at("2026-11-29T20:00:00+08:00"), c);
  EXPECT_EQ(sun.due_at, at("2026-11-30T10:30:00+08:00"));
  EXPECT_EQ(sun.used_minutes, 120);
  EXPECT_EQ(sun.risk, ClockReading::ok);
  // Monday 09:30: 180 of 240 = 0.75 → at risk. 10:31: breached.
  EXPECT_EQ(read_clock(l, start, {}, at("2026-11-30T09:30:00+08:00"), c).risk, ClockReading::at_risk);
  EXPECT_EQ(read_clock(l, start, {}, at("2026-11-30T10:31:00+08:00"), c).risk, ClockReading::breached);
}

TEST(DeadlineRisk, DueInstantIsNotBreachedTheNextMillisecondIs) {
  const BusinessCalendar c = shanghai();
  const Limit legal = calendar_h(48);
  const Millis start = at("2026-11-02T10:00:00+08:00");
  const Millis due = at("2026-11-04T10:00:00+08:00");
  EXPECT_EQ(escalation_at(legal, start, {}, c, 1.0), due);
  const ClockReading on_due = read_clock(legal, start, {}, due, c);
  EXPECT_EQ(on_due.due_at, due);
  EXPECT_EQ(on_due.risk, ClockReading::at_risk);
  EXPECT_DOUBLE_EQ(on_due.fraction, 1.0);
  const ClockReading after = read_clock(legal, start, {}, due + kMs, c);
  EXPECT_EQ(after.risk, ClockReading::breached);
  EXPECT_EQ(escalation_for(after), Escalation::office_head);
}

TEST(DeadlineRisk, PolicyReportsLegalAndCommitmentApart) {
  const BusinessCalendar c = shanghai();
  const DeadlinePolicy p = default_policy("fault", false);  // 48 h legal, 24 h commitment
  const Millis start = at("2026-11-02T10:00:00+08:00");
  // 30 h later: commitment (24 h) breached; legal 30/48 = 0.625, ok.
  const PolicyReading r30 = read_policy(p, start, {}, at("2026-11-03T16:00:00+08:00"), c);
  EXPECT_EQ(r30.commitment.risk, ClockReading::breached);
  EXPECT_EQ(r30.legal.risk, ClockReading::ok);
  EXPECT_DOUBLE_EQ(r30.legal.fraction, 0.625);
  // 37 h later: legal 37/48 ≥ 0.75 → at risk.
  const PolicyReading r37 = read_policy(p, start, {}, at("2026-11-03T23:00:00+08:00"), c);
  EXPECT_EQ(r37.legal.risk, ClockReading::at_risk);
}

TEST(DeadlineRisk, NoLimitNeverRuns) {
  const BusinessCalendar c = shanghai();
  const Millis start = at("2026-11-02T10:00:00+08:00");
  EXPECT_EQ(due_at(Limit{}, start, {}, c), 0);
  EXPECT_EQ(escalation_at(Limit{}, start, {}, c, 0.75), 0);
  const ClockReading r = read_clock(Limit{}, start, {}, at("2027-11-02T10:00:00+08:00"), c);
  EXPECT_EQ(r.risk, ClockReading::ok);
  EXPECT_EQ(r.due_at, 0);
  EXPECT_EQ(r.allowed_minutes, 0);
}

TEST(DeadlineZone, SameInstantDifferentZonesDifferentDeadlines) {
  // Start 2026-09-30T16:30Z = 00:30 on 10-01 in Beijing, 60 working minutes, same holiday list.
  const Millis start = at("2026-09-30T16:30:00Z");
  const BusinessCalendar sh = shanghai();
  const BusinessCalendar u = BusinessCalendar::china_default(*TimeZone::parse("UTC"));
  // Beijing: 10-01 … 10-07 off → 10-08 08:30 + 60 = 09:30 Beijing = 01:30Z.
  EXPECT_EQ(due_at(working_min(60), start, {}, sh), at("2026-10-08T01:30:00Z"));
  // UTC: 16:30 on Wed 09-30 is inside 08:30–17:30 → 17:30Z.
  EXPECT_EQ(due_at(working_min(60), start, {}, u), at("2026-09-30T17:30:00Z"));
  // A calendar clock does not care about the zone: 48 h → 10-02T16:30Z in both.
  EXPECT_EQ(due_at(calendar_h(48), start, {}, sh), at("2026-10-02T16:30:00Z"));
  EXPECT_EQ(due_at(calendar_h(48), start, {}, u), at("2026-10-02T16:30:00Z"));
}

TEST(DeadlineCompensation, LateOpeningOwesOnePercentPerStartedDay) {
  const Millis due = at("2026-11-05T17:30:00+08:00");
  const long long fee = 10'000;  // 100.00 yuan installation fee
  EXPECT_EQ(late_fee_owed_fen(fee, due, due - kMs), 0);  // early
  EXPECT_EQ(late_fee_owed_fen(fee, due, due), 0);        // on time
  EXPECT_EQ(late_fee_owed_fen(fee, due, due + kMs), 100);  // 1 ms late = 1 started day = 1.00 yuan
  EXPECT_EQ(late_fee_owed_fen(fee, due, at("2026-11-06T17:30:00+08:00")), 100);  // exactly 24 h: 1 day
  EXPECT_EQ(late_fee_owed_fen(fee, due, at("2026-11-06T17:30:00.001+08:00")), 200);  // 2 days
  // 3 days 5 hours → 4 started days → 4 % = 400 fen.
  EXPECT_EQ(late_fee_owed_fen(fee, due, at("2026-11-08T22:30:00+08:00")), 400);
  EXPECT_EQ(late_days(due, at("2026-11-08T22:30:00+08:00")), 4);
  // Rounding once, half up: 30.50 yuan × 1 % = 30.5 fen → 31; × 3 days = 91.5 → 92; × 2 = 61 exactly.
  EXPECT_EQ(late_fee_owed_fen(3050, due, due + kMs), 31);
  EXPECT_EQ(late_fee_owed_fen(3050, due, at("2026-11-08T12:00:00+08:00")), 92);
  EXPECT_EQ(late_fee_owed_fen(3050, due, at("2026-11-07T12:00:00+08:00")), 61);
  EXPECT_EQ(late_fee_owed_fen(0, due, due + 10 * kDayMs), 0);
}

TEST(DeadlineCompensation, RentWaivedForTheFaultPeriodOnlyWhenLate) {
  const Millis reported = at("2026-11-02T10:00:00+08:00");
  const Millis due = at("2026-11-04T10:00:00+08:00");
  const long long rent = 2'500;  // 25.00 yuan a month
  EXPECT_EQ(rent_waived_fen(rent, reported, due, at("2026-11-04T09:00:00+08:00")), 0);  // in time
  EXPECT_EQ(rent_waived_fen(rent, reported, due, due), 0);
  // Repaired 11-05 12:00: fault period from the report 3 d 2 h = 4 started days (the whole
  // period, not only the part after the due time); 2500 × 4 / 30 = 333.33 → 333 fen.
  EXPECT_EQ(rent_waived_fen(rent, reported, due, at("2026-11-05T12:00:00+08:00")), 333);
  // On a 31-day month: 2500 × 4 / 31 = 322.58 → 323.
  EXPECT_EQ(rent_waived_fen(rent, reported, due, at("2026-11-05T12:00:00+08:00"), 31), 323);
  // Repaired 11-04 10:00:00.001, just late: 2 d + 1 ms = 3 started days; 2500 × 3 / 30 = 250.
  EXPECT_EQ(rent_waived_fen(rent, reported, due, due + kMs), 250);
}

TEST(DeadlineDefaults, PolicyTable) {
  const Limit h24{24 * kH, ClockKind::calendar}, h48{48 * kH, ClockKind::calendar}, h72{72 * kH, ClockKind::calendar};
  EXPECT_EQ(default_policy("fault", false), (DeadlinePolicy{h48, h24}));
  EXPECT_EQ(default_policy("fault", true), (DeadlinePolicy{h72, h48}));
  // Complaint: 15 days = 21600 min legal; commitment 5 days (7200) urban, 7 days (10080) rural.
  EXPECT_EQ(default_policy("complaint", false),
            (DeadlinePolicy{{21'600, ClockKind::calendar}, {7'200, ClockKind::calendar}}));
  EXPECT_EQ(default_policy("complaint", true).commitment.minutes, 10'080);
  // New line / move / broadband: published 5 (urban) / 10 (rural) working days of 540 min; commitment 3 / 5.
  for (const char* t : {"new_line", "move", "broadband"}) {
    EXPECT_EQ(default_policy(t, false), (DeadlinePolicy{{2'700, ClockKind::working}, {1'620, ClockKind::working}}));
    EXPECT_EQ(default_policy(t, true), (DeadlinePolicy{{5'400, ClockKind::working}, {2'700, ClockKind::working}}));
  }
  EXPECT_EQ(default_policy("feature", false), (DeadlinePolicy{{1'080, ClockKind::working}, {540, ClockKind::working}}));
  EXPECT_TRUE(default_policy("hazard", false).legal.none());
  EXPECT_EQ(default_policy("hazard", true).commitment, h48);
  EXPECT_TRUE(default_policy("care_visit", false).legal.none());
  EXPECT_EQ(default_policy("care_visit", false).commitment, (Limit{2'700, ClockKind::working}));
  EXPECT_EQ(default_policy("something_new", true), default_policy("other", true));
  // The legal limit is never tighter than the commitment.
  for (const char* t : {"new_line", "move", "feature", "broadband", "fault", "complaint", "care_visit", "hazard", "other"}) {
    for (bool rural : {false, true}) {
      const DeadlinePolicy p = default_policy(t, rural);
      if (!p.legal.none()) {
        EXPECT_LE(p.commitment.minutes, p.legal.minutes) << t;
      }
      EXPECT_FALSE(p.commitment.none()) << t;
    }
  }
}

}  // namespace
}  // namespace bc::orders
