// The business calendar: civil dates, working days (weekends, public holidays and the
// make-up working days 调休 of the State Council notices) and working hours in one zone.
// Pure values, no I/O; a BusinessCalendar is immutable once built and safe to share between threads.
#pragma once
#include <compare>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"

namespace bc::orders {

constexpr Millis kMinuteMs = 60'000;
constexpr Millis kDayMs = 86'400'000;

// A proleptic Gregorian civil date with no zone. days() counts from 1970-01-01 (day 0).
struct Date {
  int y = 1970;
  int m = 1;
  int d = 1;

  long long days() const;
  static Date from_days(long long days);
  int iso_weekday() const;  // 1 = Monday … 7 = Sunday
  bool weekend() const { return iso_weekday() >= 6; }
  Date plus_days(long long n) const { return from_days(days() + n); }

  // Strict "YYYY-MM-DD"; a date that does not exist (2026-02-30) is rejected.
  static std::optional<Date> parse(std::string_view s);
  std::string format() const;

  friend bool operator==(const Date&, const Date&) = default;
  friend std::strong_ordering operator<=>(const Date&, const Date&) = default;
};

// An override of the Monday–Friday rule: a public holiday off (which may fall on a
// weekday), or a make-up working day (调休上班) on a weekend.
enum class DayKind { holiday, workday };
std::string_view to_string(DayKind k);  // "holiday" / "workday"
std::string_view label_zh(DayKind k);   // "放假" / "上班"
std::optional<DayKind> day_kind_from(std::string_view s);

struct DayOverride {
  Date date;
  DayKind kind = DayKind::holiday;
  std::string name;  // 国庆节, 春节 …
};

// Minutes after local midnight. A lunch break applies only when lunch_start < lunch_end
// (none by default); it must lie inside [start, end).
struct WorkingHours {
  int start_minute = 8 * 60 + 30;
  int end_minute = 17 * 60 + 30;
  int lunch_start_minute = 0;
  int lunch_end_minute = 0;

  bool has_lunch() const { return lunch_start_minute < lunch_end_minute; }
  int minutes_per_day() const;
  bool valid() const;
};

class BusinessCalendar {
 public:
  // Throws std::invalid_argument when the hours are not valid() (a configuration bug).
  // Overrides may come in any order; a later entry for the same date wins.
  explicit BusinessCalendar(TimeZone tz, WorkingHours hours = {}, std::vector<DayOverride> overrides = {});

  // Official PRC public holidays and make-up working days as published by the State
  // Council General Office (see docs/deadlines.md for which years are included).
  static BusinessCalendar china_default(TimeZone tz = {});
  static const std::vector<DayOverride>& china_overrides();

  const TimeZone& zone() const { return tz_; }
  const WorkingHours& hours() const { return hours_; }
  const std::vector<DayOverride>& overrides() const { return overrides_; }  // sorted by date

  const DayOverride* override_for(Date d) const;  // nullptr when the weekday rule applies
  bool is_working_day(Date d) const;

  Date local_date(Millis t) const;
  int local_minute_of_day(Millis t) const;  // 0 … 1439
  Millis local_midnight(Date d) const;      // the instant the local day starts

  // All in milliseconds inside; the minute forms are the ones callers normally want.
  // add_working_*: the instant at which that much working time has passed since `from`
  // (adding 0 returns `from` unchanged). working_*_between: the working time inside [a, b)
  // (0 when b <= a). next_working_start: `t` itself when it is inside working time,
  // otherwise the start of the next working period. All O(days spanned).
  Millis add_working_ms(Millis from, Millis ms) const;
  Millis working_ms_between(Millis a, Millis b) const;
  Millis add_working_minutes(Millis from, long long minutes) const { return add_working_ms(from, minutes * kMinuteMs); }
  long long working_minutes_between(Millis a, Millis b) const { return working_ms_between(a, b) / kMinuteMs; }
  Millis next_working_start(Millis t) const;

 private:
  TimeZone tz_;
  WorkingHours hours_;
  std::vector<DayOverride> overrides_;
};

// Parses an administrator's override list, one entry a line:
//   2026-10-01 holiday 国庆节
//   2026-10-10 workday 国庆节调休
// Blank lines and lines starting with '#' are skipped; the name is optional and is the rest of
// the line. `kind` may also be written 放假/休 or 上班/班. Errors name the line: "line 3: …".
Result<std::vector<DayOverride>> parse_day_overrides(std::string_view text);

}  // namespace bc::orders
