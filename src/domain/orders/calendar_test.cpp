#include "domain/orders/calendar.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

// Every expected value below is worked out by hand in the comment beside it. Weekdays of 2026
// used here: 2026-09-30 Wed, 10-01 Thu, 10-08 Thu, 10-10 Sat, 11-26 Thu, 11-27 Fri, 11-30 Mon.

namespace bc::orders {
namespace {

Millis at(const char* iso) { return *parse_iso8601(iso, TimeZone{}); }
TimeZone utc() { return *TimeZone::parse("UTC"); }
BusinessCalendar shanghai() { return BusinessCalendar::china_default(TimeZone{}); }

TEST(CalendarDate, DaysSinceEpochAndWeekday) {
  EXPECT_EQ((Date{1970, 1, 1}.days()), 0);
  // 1970→2000: 30 × 365 + 7 leap days (72, 76, 80, 84, 88, 92, 96) = 10957.
  EXPECT_EQ((Date{2000, 1, 1}.days()), 10957);
  // 2000→2026: 26 × 365 + 7 leap days (2000 … 2024) = 9497 → 20454; + Jan…Sep (273) = 20727.
  EXPECT_EQ((Date{2026, 10, 1}.days()), 20727);
  EXPECT_EQ(Date::from_days(20727), (Date{2026, 10, 1}));
  EXPECT_EQ(Date::from_days(-1), (Date{1969, 12, 31}));
  // 1970-01-01 was a Thursday; 20727 = 7 × 2961, so 2026-10-01 is a Thursday too (the notice says 周四).
  EXPECT_EQ((Date{1970, 1, 1}.iso_weekday()), 4);
  EXPECT_EQ((Date{2026, 10, 1}.iso_weekday()), 4);
  EXPECT_EQ((Date{2026, 10, 10}.iso_weekday()), 6);
  EXPECT_TRUE((Date{2026, 10, 11}.weekend()));
  EXPECT_EQ((Date{2026, 2, 28}.plus_days(1)), (Date{2026, 3, 1}));
  EXPECT_EQ((Date{2024, 2, 28}.plus_days(1)), (Date{2024, 2, 29}));
}

TEST(CalendarDate, ParseAndFormat) {
  EXPECT_EQ(Date::parse("2026-10-01"), (Date{2026, 10, 1}));
  EXPECT_EQ((Date{2026, 1, 4}.format()), "2026-01-04");
  EXPECT_EQ(Date::parse("2024-02-29"), (Date{2024, 2, 29}));
  EXPECT_FALSE(Date::parse("2026-02-29"));  // 2026 is not a leap year
  EXPECT_FALSE(Date::parse("2026-04-31"));
  EXPECT_FALSE(Date::parse("2026-13-01"));
  EXPECT_FALSE(Date::parse("2026-1-01"));
  EXPECT_FALSE(Date::parse("2026/10/01"));
  EXPECT_FALSE(Date::parse(""));
}

TEST(CalendarChina, HolidaysAndMakeUpDaysOfTheNotices) {
  const BusinessCalendar c = shanghai();
  // 2026 National Day 10-01 (Thu) … 10-07 (Wed) off; 09-20 (Sun) and 10-10 (Sat) worked.
  EXPECT_FALSE(c.is_working_day({2026, 10, 1}));
  EXPECT_FALSE(c.is_working_day({2026, 10, 7}));
  EXPECT_TRUE(c.is_working_day({2026, 10, 8}));
  EXPECT_TRUE(c.is_working_day({2026, 10, 10}));
  EXPECT_FALSE(c.is_working_day({2026, 10, 11}));  // an ordinary Sunday
  EXPECT_TRUE(c.is_working_day({2026, 9, 20}));
  ASSERT_NE(c.override_for({2026, 10, 1}), nullptr);
  EXPECT_EQ(c.override_for({2026, 10, 1})->name, "国庆节");
  EXPECT_EQ(c.override_for({2026, 10, 1})->kind, DayKind::holiday);
  EXPECT_EQ(c.override_for({2026, 10, 9}), nullptr);
  // 2026 Mid-Autumn 09-25 (Fri) … 09-27; Spring Festival 02-15 … 02-23 (Mon); 02-14, 02-28 (Sat) worked.
  EXPECT_FALSE(c.is_working_day({2026, 9, 25}));
  EXPECT_FALSE(c.is_working_day({2026, 2, 23}));
  EXPECT_TRUE(c.is_working_day({2026, 2, 24}));
  EXPECT_TRUE(c.is_working_day({2026, 2, 14}));
  EXPECT_TRUE(c.is_working_day({2026, 2, 28}));
  // 2026 New Year 01-01 … 01-03, 01-04 (Sun) worked; Labour Day 05-01 … 05-05, 05-09 (Sat) worked.
  EXPECT_FALSE(c.is_working_day({2026, 1, 2}));
  EXPECT_TRUE(c.is_working_day({2026, 1, 4}));
  EXPECT_FALSE(c.is_working_day({2026, 5, 5}));
  EXPECT_TRUE(c.is_working_day({2026, 5, 9}));
  // 2025: Spring Festival 01-28 … 02-04, 01-26 (Sun) and 02-08 (Sat) worked; National Day and
  // Mid-Autumn 10-01 … 10-08 (Wed), 09-28 (Sun) and 10-11 (Sat) worked; Dragon Boat 05-31 … 06-02 (Mon).
  EXPECT_FALSE(c.is_working_day({2025, 2, 4}));
  EXPECT_TRUE(c.is_working_day({2025, 1, 26}));
  EXPECT_TRUE(c.is_working_day({2025, 2, 8}));
  EXPECT_FALSE(c.is_working_day({2025, 10, 8}));
  EXPECT_TRUE(c.is_working_day({2025, 10, 11}));
  EXPECT_FALSE(c.is_working_day({2025, 6, 2}));
  EXPECT_TRUE(c.is_working_day({2025, 4, 27}));
  // Without overrides only the weekday rule applies.
  const BusinessCalendar plain(TimeZone{});
  EXPECT_TRUE(plain.is_working_day({2026, 10, 1}));
  EXPECT_FALSE(plain.is_working_day({2026, 10, 10}));
}

TEST(CalendarZone, SameInstantDifferentLocalDates) {
  // 2026-09-30T16:30Z is 00:30 on 10-01 in Beijing (UTC+8): a holiday there, a Wednesday in UTC.
  const Millis t = at("2026-09-30T16:30:00Z");
  const BusinessCalendar sh = shanghai();
  const BusinessCalendar u = BusinessCalendar::china_default(utc());
  EXPECT_EQ(sh.local_date(t), (Date{2026, 10, 1}));
  EXPECT_EQ(u.local_date(t), (Date{2026, 9, 30}));
  EXPECT_EQ(sh.local_minute_of_day(t), 30);
  EXPECT_EQ(u.local_minute_of_day(t), 16 * 60 + 30);
  EXPECT_FALSE(sh.is_working_day(sh.local_date(t)));
  EXPECT_TRUE(u.is_working_day(u.local_date(t)));
  // Beijing: the next working time is 10-08 08:30 local; UTC: 16:30 is inside 08:30–17:30, so t itself.
  EXPECT_EQ(sh.next_working_start(t), at("2026-10-08T08:30:00+08:00"));
  EXPECT_EQ(u.next_working_start(t), t);
  // Local midnight of 10-01 in Beijing is 09-30T16:00Z.
  EXPECT_EQ(sh.local_midnight({2026, 10, 1}), at("2026-09-30T16:00:00Z"));
  // 23:30 Beijing on 09-30 is 15:30Z, the same date in both zones.
  EXPECT_EQ(u.local_date(at("2026-09-30T23:30:00+08:00")), (Date{2026, 9, 30}));
}

TEST(CalendarWorkingTime, AddWithinADayAndToItsEnd) {
  const BusinessCalendar c = shanghai();
  // Thu 11-26 09:00 + 60 min → 10:00.
  EXPECT_EQ(c.add_working_minutes(at("2026-11-26T09:00:00+08:00"), 60), at("2026-11-26T10:00:00+08:00"));
  // A whole day from 08:30: 540 min ends at 17:30 the same day, not at 08:30 the next.
  EXPECT_EQ(c.add_working_minutes(at("2026-11-26T08:30:00+08:00"), 540), at("2026-11-26T17:30:00+08:00"));
  // Before opening: 06:00 + 60 → 08:30 + 60 = 09:30.
  EXPECT_EQ(c.add_working_minutes(at("2026-11-26T06:00:00+08:00"), 60), at("2026-11-26T09:30:00+08:00"));
  // Adding nothing leaves the instant alone, even out of hours.
  EXPECT_EQ(c.add_working_minutes(at("2026-11-26T22:00:00+08:00"), 0), at("2026-11-26T22:00:00+08:00"));
}

TEST(CalendarWorkingTime, StartedOnAFridayEvening) {
  const BusinessCalendar c = shanghai();
  // Fri 11-27 19:00 is after hours; Sat/Sun off; Mon 11-30 08:30 + 120 → 10:30.
  EXPECT_EQ(c.add_working_minutes(at("2026-11-27T19:00:00+08:00"), 120), at("2026-11-30T10:30:00+08:00"));
  // Fri 16:30 → 17:30 is 60 min; the other 60 on Monday → 09:30.
  EXPECT_EQ(c.add_working_minutes(at("2026-11-27T16:30:00+08:00"), 120), at("2026-11-30T09:30:00+08:00"));
  EXPECT_EQ(c.next_working_start(at("2026-11-27T17:30:00+08:00")), at("2026-11-30T08:30:00+08:00"));
}

TEST(CalendarWorkingTime, HolidayEveSkipsTheHolidayAndHonoursMakeUpDays) {
  const BusinessCalendar c = shanghai();
  // Wed 09-30 16:00: 90 min left that day, 10-01 … 10-07 off, the other 30 on Thu 10-08 → 09:00.
  EXPECT_EQ(c.add_working_minutes(at("2026-09-30T16:00:00+08:00"), 120), at("2026-10-08T09:00:00+08:00"));
  // From 09-30 23:30, three working days (3 × 540): 10-08, 10-09 and the make-up Saturday 10-10.
  EXPECT_EQ(c.add_working_minutes(at("2026-09-30T23:30:00+08:00"), 3 * 540), at("2026-10-10T17:30:00+08:00"));
  // Four: Sunday 10-11 is off, so Monday 10-12.
  EXPECT_EQ(c.add_working_minutes(at("2026-09-30T23:30:00+08:00"), 4 * 540), at("2026-10-12T17:30:00+08:00"));
  // The same without the notice: Thu 10-01, Fri 10-02, (weekend), Mon 10-05.
  const BusinessCalendar plain(TimeZone{});
  EXPECT_EQ(plain.add_working_minutes(at("2026-09-30T23:30:00+08:00"), 3 * 540), at("2026-10-05T17:30:00+08:00"));
  // Spring Festival eve: Fri 02-13 17:00 has 30 min; Sat 02-14 is a make-up day → 08:30 + 30 = 09:00.
  EXPECT_EQ(c.add_working_minutes(at("2026-02-13T17:00:00+08:00"), 60), at("2026-02-14T09:00:00+08:00"));
}

TEST(CalendarWorkingTime, MinutesBetween) {
  const BusinessCalendar c = shanghai();
  EXPECT_EQ(c.working_minutes_between(at("2026-11-26T09:00:00+08:00"), at("2026-11-26T10:00:00+08:00")), 60);
  // Fri 16:30–17:30 (60) + Mon 08:30–09:30 (60) = 120.
  EXPECT_EQ(c.working_minutes_between(at("2026-11-27T16:30:00+08:00"), at("2026-11-30T09:30:00+08:00")), 120);
  // 09-30 17:00–17:30 (30) + holidays (0) + 10-08 08:30–09:00 (30) = 60.
  EXPECT_EQ(c.working_minutes_between(at("2026-09-30T17:00:00+08:00"), at("2026-10-08T09:00:00+08:00")), 60);
  // Entirely inside the holiday: 0. Reversed interval: 0.
  EXPECT_EQ(c.working_minutes_between(at("2026-10-02T09:00:00+08:00"), at("2026-10-06T12:00:00+08:00")), 0);
  EXPECT_EQ(c.working_minutes_between(at("2026-11-26T10:00:00+08:00"), at("2026-11-26T09:00:00+08:00")), 0);
  // Partial minutes are floored: 09:00:00 → 09:00:59.999 is 0 whole minutes.
  EXPECT_EQ(c.working_minutes_between(at("2026-11-26T09:00:00+08:00"), at("2026-11-26T09:00:59.999+08:00")), 0);
  EXPECT_EQ(c.working_ms_between(at("2026-11-26T09:00:00+08:00"), at("2026-11-26T09:00:59.999+08:00")), 59'999);
}

TEST(CalendarWorkingTime, OptionalLunchBreak) {
  WorkingHours h;
  h.lunch_start_minute = 12 * 60;
  h.lunch_end_minute = 13 * 60 + 30;
  EXPECT_EQ(h.minutes_per_day(), 540 - 90);
  EXPECT_EQ(WorkingHours{}.minutes_per_day(), 540);  // no lunch break by default
  const BusinessCalendar c(TimeZone{}, h, BusinessCalendar::china_overrides());
  // 11:30 + 60: 30 before lunch, 30 after 13:30 → 14:00.
  EXPECT_EQ(c.add_working_minutes(at("2026-11-26T11:30:00+08:00"), 60), at("2026-11-26T14:00:00+08:00"));
  EXPECT_EQ(c.next_working_start(at("2026-11-26T12:15:00+08:00")), at("2026-11-26T13:30:00+08:00"));
  // 08:30–17:30 with lunch = 450 min.
  EXPECT_EQ(c.working_minutes_between(at("2026-11-26T00:00:00+08:00"), at("2026-11-27T00:00:00+08:00")), 450);
}

TEST(CalendarWorkingTime, InvalidHoursAreRejected) {
  WorkingHours bad;
  bad.start_minute = 18 * 60;  // after the end
  EXPECT_FALSE(bad.valid());
  EXPECT_THROW(BusinessCalendar(TimeZone{}, bad), std::invalid_argument);
  WorkingHours lunch_outside;
  lunch_outside.lunch_start_minute = 7 * 60;
  lunch_outside.lunch_end_minute = 9 * 60;
  EXPECT_FALSE(lunch_outside.valid());
}

TEST(CalendarWorkingTime, LongSpansRoundTrip) {
  // 100,000 working minutes is about 185 working days: a property check that the day-by-day
  // walk and the measurement agree, across the 2025 and 2026 notices.
  const BusinessCalendar c = shanghai();
  const Millis from = at("2025-01-02T10:17:00+08:00");
  const Millis to = c.add_working_minutes(from, 100'000);
  EXPECT_EQ(c.working_minutes_between(from, to), 100'000);
}

TEST(CalendarOverrides, ParseAdministratorList) {
  auto r = parse_day_overrides(
      "# our own list\n"
      "\n"
      "2026-10-01 holiday 国庆节\n"
      "2026-10-10\tworkday 国庆节 调休\r\n"
      "2027-01-01 放假 元旦\n"
      "2027-01-02 上班\n");
  ASSERT_TRUE(r.ok()) << r.error().fields.at(0).reason;
  ASSERT_EQ(r->size(), 4u);
  EXPECT_EQ((*r)[0].date, (Date{2026, 10, 1}));
  EXPECT_EQ((*r)[0].kind, DayKind::holiday);
  EXPECT_EQ((*r)[0].name, "国庆节");
  EXPECT_EQ((*r)[1].kind, DayKind::workday);
  EXPECT_EQ((*r)[1].name, "国庆节 调休");
  EXPECT_EQ((*r)[2].kind, DayKind::holiday);
  EXPECT_EQ((*r)[3].name, "");
  // 2027-01-01 is a Friday (2026-01-01 was a Thursday, 2026 has 365 days): a working day unless overridden.
  const BusinessCalendar c(TimeZone{}, WorkingHours{}, r.value());
  EXPECT_FALSE(c.is_working_day({2027, 1, 1}));
  EXPECT_TRUE(c.is_working_day({2027, 1, 2}));
}

TEST(CalendarOverrides, ParseErrorsNameTheLine) {
  auto reason = [](std::string_view text) {
    auto r = parse_day_overrides(text);
    return r.ok() ? std::string("ok") : r.error().fields.at(0).reason;
  };
  EXPECT_EQ(reason("2026-13-01 holiday X").rfind("line 1: ", 0), 0u);
  EXPECT_EQ(reason("# c\n2026-10-01 vacation").rfind("line 2: ", 0), 0u);
  EXPECT_EQ(reason("2026-10-01").rfind("line 1: ", 0), 0u);
  EXPECT_EQ(reason(""), "ok");
}

TEST(CalendarOverrides, LaterEntryForADateWins) {
  const BusinessCalendar c(TimeZone{}, WorkingHours{},
                           {{{2026, 11, 26}, DayKind::holiday, "a"}, {{2026, 11, 26}, DayKind::workday, "b"}});
  EXPECT_TRUE(c.is_working_day({2026, 11, 26}));
  EXPECT_EQ(c.overrides().size(), 1u);
  EXPECT_EQ(c.override_for({2026, 11, 26})->name, "b");
}

}  // namespace
}  // namespace bc::orders
