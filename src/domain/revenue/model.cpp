#include "domain/revenue/model.hpp"

#include <cstdio>

namespace bc::revenue {

namespace {
bool digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}
int to_int(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}
// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}
}  // namespace

std::optional<Month> parse_month(std::string_view s) {
  if (s.size() != 7 || s[4] != '-' || !digits(s.substr(0, 4)) || !digits(s.substr(5, 2))) return std::nullopt;
  const int y = to_int(s.substr(0, 4)), m = to_int(s.substr(5, 2));
  if (y < 1900 || y > 2999 || m < 1 || m > 12) return std::nullopt;
  return y * 100 + m;
}

std::string format_month(Month m) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", m / 100, m % 100);
  return buf;
}

Month add_months(Month m, int n) {
  int idx = (m / 100) * 12 + (m % 100 - 1) + n;
  int y = idx >= 0 ? idx / 12 : (idx - 11) / 12;
  return y * 100 + (idx - y * 12) + 1;
}

int months_between(Month from, Month to) {
  return ((to / 100) * 12 + to % 100) - ((from / 100) * 12 + from % 100);
}

Millis month_start(Month m, const TimeZone& tz) {
  const std::int64_t days = days_from_civil(m / 100, static_cast<unsigned>(m % 100), 1);
  return days * 86400000LL - static_cast<std::int64_t>(tz.offset_minutes) * 60000LL;
}

Month month_of(Millis t, const TimeZone& tz) {
  const std::int64_t local = t + static_cast<std::int64_t>(tz.offset_minutes) * 60000LL;
  std::int64_t z = (local >= 0 ? local : local - 86399999) / 86400000 + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned m = mp + (mp < 10 ? 3 : -9);
  return static_cast<Month>((y + (m <= 2)) * 100 + m);
}

ParsedAmount parse_yuan(std::string_view s) {
  ParsedAmount out;
  if (s.empty()) {
    out.error = AmountError::empty;
    return out;
  }
  if (s[0] == '-') {
    out.error = AmountError::negative;
    return out;
  }
  if (s[0] == '+') s.remove_prefix(1);
  const auto dot = s.find('.');
  const std::string_view whole = s.substr(0, dot);
  const std::string_view frac = dot == std::string_view::npos ? std::string_view{} : s.substr(dot + 1);
  if ((whole.empty() && frac.empty()) || (!whole.empty() && !digits(whole)) || (!frac.empty() && !digits(frac)) ||
      (dot != std::string_view::npos && frac.empty() && whole.empty())) {
    out.error = AmountError::not_a_number;
    return out;
  }
  if (frac.size() > 2) {
    out.error = AmountError::too_many_decimals;
    return out;
  }
  if (whole.size() > 11) {
    out.error = AmountError::too_large;
    return out;
  }
  std::int64_t yuan = 0;
  for (char c : whole) yuan = yuan * 10 + (c - '0');
  if (yuan > 10000000000LL) {
    out.error = AmountError::too_large;
    return out;
  }
  std::int64_t fen = 0;
  for (std::size_t i = 0; i < 2; ++i) fen = fen * 10 + (i < frac.size() ? frac[i] - '0' : 0);
  out.fen = yuan * 100 + fen;
  return out;
}

std::string format_yuan(std::int64_t fen) {
  const bool neg = fen < 0;
  const std::uint64_t a = neg ? 0 - static_cast<std::uint64_t>(fen) : static_cast<std::uint64_t>(fen);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s%llu.%02llu", neg ? "-" : "", static_cast<unsigned long long>(a / 100),
                static_cast<unsigned long long>(a % 100));
  return buf;
}

Completion complete(std::int64_t revenue_fen, std::optional<std::int64_t> target_fen) {
  Completion c;
  if (!target_fen) return c;
  c.gap_fen = *target_fen - revenue_fen;
  if (*target_fen <= 0) return c;
  // tenths of a per cent = revenue * 1000 / target, rounded half up, in integers: revenue * 2000
  // fits in 64 bits up to 4.6 * 10^15 fen, far beyond a province's yearly revenue.
  const std::int64_t num = revenue_fen * 2000 + *target_fen, den = *target_fen * 2;
  std::int64_t q = num / den;
  if (num % den != 0 && num < 0) --q;  // floor for a negative figure
  c.completion_tenths = static_cast<std::int64_t>(q);
  return c;
}

std::string format_tenths(std::int64_t tenths) {
  const bool neg = tenths < 0;
  const std::int64_t a = neg ? -tenths : tenths;
  return (neg ? "-" : "") + std::to_string(a / 10) + "." + std::to_string(a % 10);
}

StartWindow new_sale_window(Month m, const TimeZone& tz) {
  return {month_start(add_months(m, -(kNewSaleMonths - 1)), tz), month_start(add_months(m, 1), tz)};
}

}  // namespace bc::revenue
