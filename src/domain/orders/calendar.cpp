#include "domain/orders/calendar.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <stdexcept>
#include <utility>

namespace bc::orders {
namespace {

long long floor_div(long long a, long long b) {
  long long q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : kDays[static_cast<std::size_t>(m - 1)];
}

// A working period of a day, in milliseconds after local midnight: [begin, end).
struct Span {
  Millis begin;
  Millis end;
};

int periods(const WorkingHours& h, std::array<Span, 2>& out) {
  const Millis s = h.start_minute * kMinuteMs, e = h.end_minute * kMinuteMs;
  if (!h.has_lunch()) {
    out[0] = {s, e};
    return 1;
  }
  int n = 0;
  const Millis ls = h.lunch_start_minute * kMinuteMs, le = h.lunch_end_minute * kMinuteMs;
  if (s < ls) out[static_cast<std::size_t>(n++)] = {s, ls};
  if (le < e) out[static_cast<std::size_t>(n++)] = {le, e};
  return n;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::string_view next_token(std::string_view& s) {
  s = trim(s);
  std::size_t i = 0;
  while (i < s.size() && s[i] != ' ' && s[i] != '\t') ++i;
  std::string_view tok = s.substr(0, i);
  s.remove_prefix(i);
  return tok;
}

}  // namespace

// Howard Hinnant's days_from_civil / civil_from_days.
long long Date::days() const {
  const long long yy = static_cast<long long>(y) - (m <= 2 ? 1 : 0);
  const long long era = floor_div(yy, 400);
  const long long yoe = yy - era * 400;
  const long long mp = (m + 9) % 12;
  const long long doy = (153 * mp + 2) / 5 + d - 1;
  const long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Date Date::from_days(long long z) {
  z += 719468;
  const long long era = floor_div(z, 146097);
  const long long doe = z - era * 146097;
  const long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long long mp = (5 * doy + 2) / 153;
  const long long dd = doy - (153 * mp + 2) / 5 + 1;
  const long long mm = mp < 10 ? mp + 3 : mp - 9;
  const long long yy = yoe + era * 400 + (mm <= 2 ? 1 : 0);
  return {static_cast<int>(yy), static_cast<int>(mm), static_cast<int>(dd)};
}

int Date::iso_weekday() const {
  // 1970-01-01 was a Thursday (4).
  const long long w = floor_div(days() + 3, 7);
  return static_cast<int>(days() + 3 - w * 7) + 1;
}

std::optional<Date> Date::parse(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto num = [&](std::size_t pos, std::size_t len) {
    int v = 0;
    for (std::size_t i = pos; i < pos + len; ++i) {
      if (s[i] < '0' || s[i] > '9') return -1;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  const int y = num(0, 4), m = num(5, 2), d = num(8, 2);
  if (y < 0 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return std::nullopt;
  return Date{y, m, d};
}

std::string Date::format() const {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

std::string_view to_string(DayKind k) { return k == DayKind::holiday ? "holiday" : "workday"; }
std::string_view label_zh(DayKind k) { return k == DayKind::holiday ? "放假" : "上班"; }
std::optional<DayKind> day_kind_from(std::string_view s) {
  if (s == "holiday" || s == "放假" || s == "休") return DayKind::holiday;
  if (s == "workday" || s == "上班" || s == "班") return DayKind::workday;
  return std::nullopt;
}

int WorkingHours::minutes_per_day() const {
  int n = end_minute - start_minute;
  if (has_lunch()) n -= lunch_end_minute - lunch_start_minute;
  return n;
}

bool WorkingHours::valid() const {
  if (start_minute < 0 || end_minute > 24 * 60 || start_minute >= end_minute) return false;
  if (lunch_start_minute > lunch_end_minute) return false;
  if (has_lunch() && (lunch_start_minute < start_minute || lunch_end_minute > end_minute)) return false;
  return minutes_per_day() > 0;
}

BusinessCalendar::BusinessCalendar(TimeZone tz, WorkingHours hours, std::vector<DayOverride> overrides)
    : tz_(std::move(tz)), hours_(hours) {
  if (!hours_.valid()) throw std::invalid_argument("BusinessCalendar: working hours are not valid");
  std::stable_sort(overrides.begin(), overrides.end(),
                   [](const DayOverride& a, const DayOverride& b) { return a.date < b.date; });
  for (auto& o : overrides) {
    if (!overrides_.empty() && overrides_.back().date == o.date) {
      overrides_.back() = std::move(o);  // the later entry for a date wins
    } else {
      overrides_.push_back(std::move(o));
    }
  }
}

const DayOverride* BusinessCalendar::override_for(Date d) const {
  auto it = std::lower_bound(overrides_.begin(), overrides_.end(), d,
                             [](const DayOverride& o, const Date& x) { return o.date < x; });
  return it != overrides_.end() && it->date == d ? &*it : nullptr;
}

bool BusinessCalendar::is_working_day(Date d) const {
  if (const DayOverride* o = override_for(d)) return o->kind == DayKind::workday;
  return !d.weekend();
}

Date BusinessCalendar::local_date(Millis t) const {
  return Date::from_days(floor_div(t + tz_.offset_minutes * kMinuteMs, kDayMs));
}

int BusinessCalendar::local_minute_of_day(Millis t) const {
  const Millis local = t + tz_.offset_minutes * kMinuteMs;
  return static_cast<int>((local - floor_div(local, kDayMs) * kDayMs) / kMinuteMs);
}

Millis BusinessCalendar::local_midnight(Date d) const { return d.days() * kDayMs - tz_.offset_minutes * kMinuteMs; }

// Each loop below walks one local day at a time and touches at most two periods a day, so the
// cost is O(days spanned). Every loop ends: valid() hours give each working day some time, and
// a finite override list cannot remove every weekday.
Millis BusinessCalendar::add_working_ms(Millis from, Millis ms) const {
  if (ms <= 0) return from;
  std::array<Span, 2> ps{};
  const int n = periods(hours_, ps);
  Date day = local_date(from);
  Millis midnight = local_midnight(day);
  Millis pos = from - midnight;
  for (;;) {
    if (is_working_day(day)) {
      for (int i = 0; i < n; ++i) {
        const Span& p = ps[static_cast<std::size_t>(i)];
        if (pos >= p.end) continue;
        const Millis begin = std::max(pos, p.begin);
        const Millis avail = p.end - begin;
        if (ms <= avail) return midnight + begin + ms;
        ms -= avail;
        pos = p.end;
      }
    }
    day = day.plus_days(1);
    midnight += kDayMs;
    pos = 0;
  }
}

Millis BusinessCalendar::working_ms_between(Millis a, Millis b) const {
  if (b <= a) return 0;
  std::array<Span, 2> ps{};
  const int n = periods(hours_, ps);
  Millis total = 0;
  const long long last = local_date(b).days();
  for (long long dd = local_date(a).days(); dd <= last; ++dd) {
    const Date day = Date::from_days(dd);
    if (!is_working_day(day)) continue;
    const Millis midnight = local_midnight(day);
    for (int i = 0; i < n; ++i) {
      const Span& p = ps[static_cast<std::size_t>(i)];
      const Millis lo = std::max(a, midnight + p.begin), hi = std::min(b, midnight + p.end);
      if (hi > lo) total += hi - lo;
    }
  }
  return total;
}

Millis BusinessCalendar::next_working_start(Millis t) const {
  std::array<Span, 2> ps{};
  const int n = periods(hours_, ps);
  Date day = local_date(t);
  Millis midnight = local_midnight(day);
  Millis pos = t - midnight;
  for (;;) {
    if (is_working_day(day)) {
      for (int i = 0; i < n; ++i) {
        const Span& p = ps[static_cast<std::size_t>(i)];
        if (pos < p.end) return midnight + std::max(pos, p.begin);
      }
    }
    day = day.plus_days(1);
    midnight += kDayMs;
    pos = 0;
  }
}

const std::vector<DayOverride>& BusinessCalendar::china_overrides() {
  // 国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号, 2024-11-12) and
  // 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04). The 2027 notice was not found;
  // see docs/deadlines.md. Every day of a holiday span is listed, weekend days included.
  static const std::vector<DayOverride> kList = [] {
    std::vector<DayOverride> v;
    auto off = [&](const char* from, int days, const char* name) {
      const Date d0 = *Date::parse(from);
      for (int i = 0; i < days; ++i) v.push_back({d0.plus_days(i), DayKind::holiday, name});
    };
    auto work = [&](const char* on, const char* name) { v.push_back({*Date::parse(on), DayKind::workday, name}); };
    // 2025
    off("2025-01-01", 1, "元旦");
    off("2025-01-28", 8, "春节");
    work("2025-01-26", "春节调休上班");
    work("2025-02-08", "春节调休上班");
    off("2025-04-04", 3, "清明节");
    off("2025-05-01", 5, "劳动节");
    work("2025-04-27", "劳动节调休上班");
    off("2025-05-31", 3, "端午节");
    off("2025-10-01", 8, "国庆节、中秋节");
    work("2025-09-28", "国庆节调休上班");
    work("2025-10-11", "国庆节调休上班");
    // 2026
    off("2026-01-01", 3, "元旦");
    work("2026-01-04", "元旦调休上班");
    off("2026-02-15", 9, "春节");
    work("2026-02-14", "春节调休上班");
    work("2026-02-28", "春节调休上班");
    off("2026-04-04", 3, "清明节");
    off("2026-05-01", 5, "劳动节");
    work("2026-05-09", "劳动节调休上班");
    off("2026-06-19", 3, "端午节");
    off("2026-09-25", 3, "中秋节");
    off("2026-10-01", 7, "国庆节");
    work("2026-09-20", "国庆节调休上班");
    work("2026-10-10", "国庆节调休上班");
    std::sort(v.begin(), v.end(), [](const DayOverride& a, const DayOverride& b) { return a.date < b.date; });
    return v;
  }();
  return kList;
}

BusinessCalendar BusinessCalendar::china_default(TimeZone tz) {
  return BusinessCalendar(std::move(tz), WorkingHours{}, china_overrides());
}

Result<std::vector<DayOverride>> parse_day_overrides(std::string_view text) {
  std::vector<DayOverride> out;
  int line_no = 0;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    ++line_no;
    line = trim(line);
    if (line.empty() || line.front() == '#') continue;
    const std::string where = "line " + std::to_string(line_no) + ": ";
    const std::string_view date_tok = next_token(line);
    const auto date = Date::parse(date_tok);
    if (!date) return invalid("overrides", where + "'" + std::string(date_tok) + "' is not a date YYYY-MM-DD");
    const std::string_view kind_tok = next_token(line);
    if (kind_tok.empty()) return invalid("overrides", where + "the kind is missing (holiday or workday)");
    const auto kind = day_kind_from(kind_tok);
    if (!kind) return invalid("overrides", where + "'" + std::string(kind_tok) + "' is not holiday or workday");
    out.push_back({*date, *kind, std::string(trim(line))});
  }
  return out;
}

}  // namespace bc::orders
