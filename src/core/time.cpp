#include "core/time.hpp"

#include <chrono>
#include <cstdio>

namespace bc {
namespace {

// Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (H. Hinnant's algorithm).
constexpr std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

unsigned days_in_month(std::int64_t y, unsigned m) {
  static constexpr unsigned k[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : k[m - 1];
}

}  // namespace

Millis now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::optional<TimeZone> TimeZone::parse(std::string_view name) {
  if (name == "Asia/Shanghai" || name == "Asia/Chongqing" || name == "Asia/Harbin" ||
      name == "Asia/Urumqi" || name == "PRC" || name == "Asia/Hong_Kong" || name == "Asia/Macau" ||
      name == "Asia/Taipei")
    return TimeZone{std::string(name), 8 * 60};
  if (name == "UTC" || name == "Z" || name == "Etc/UTC") return TimeZone{std::string(name), 0};
  if (name.size() == 6 && (name[0] == '+' || name[0] == '-') && name[3] == ':') {
    int h = 0, m = 0;
    if (!digits(name, 1, 2, h) || !digits(name, 4, 2, m) || h > 14 || m > 59) return std::nullopt;
    const int off = h * 60 + m;
    return TimeZone{std::string(name), name[0] == '-' ? -off : off};
  }
  return std::nullopt;
}

std::string format_iso8601(Millis t, const TimeZone& tz) {
  const Millis local = t + static_cast<Millis>(tz.offset_minutes) * 60000;
  std::int64_t days = local >= 0 ? local / 86400000 : (local - 86399999) / 86400000;
  Millis rem = local - days * 86400000;
  std::int64_t y;
  unsigned mo, d;
  civil_from_days(days, y, mo, d);
  const int ms = static_cast<int>(rem % 1000);
  const int sec = static_cast<int>(rem / 1000 % 60);
  const int min = static_cast<int>(rem / 60000 % 60);
  const int hour = static_cast<int>(rem / 3600000);
  if (y >= 0 && y <= 9999) {
    // Written digit by digit: this runs for every time in every answer (a board page has ~500),
    // and snprintf's format parsing was most of its cost. Same text as the general case below.
    char out[29];
    auto two = [&](int at, unsigned v) {
      out[at] = static_cast<char>('0' + v / 10);
      out[at + 1] = static_cast<char>('0' + v % 10);
    };
    two(0, static_cast<unsigned>(y / 100));
    two(2, static_cast<unsigned>(y % 100));
    out[4] = '-';
    two(5, mo);
    out[7] = '-';
    two(8, d);
    out[10] = 'T';
    two(11, static_cast<unsigned>(hour));
    out[13] = ':';
    two(14, static_cast<unsigned>(min));
    out[16] = ':';
    two(17, static_cast<unsigned>(sec));
    out[19] = '.';
    out[20] = static_cast<char>('0' + ms / 100);
    two(21, static_cast<unsigned>(ms % 100));
    if (tz.offset_minutes == 0) {
      out[23] = 'Z';
      return std::string(out, 24);
    }
    const int off = tz.offset_minutes < 0 ? -tz.offset_minutes : tz.offset_minutes;
    if (off / 60 < 100) {
      out[23] = tz.offset_minutes < 0 ? '-' : '+';
      two(24, static_cast<unsigned>(off / 60));
      out[26] = ':';
      two(27, static_cast<unsigned>(off % 60));
      return std::string(out, 29);
    }
  }
  char buf[64];  // room for any year, so the compiler can prove nothing is cut
  if (tz.offset_minutes == 0) {
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<long long>(y), mo,
                  d, hour, min, sec, ms);
  } else {
    const int off = tz.offset_minutes < 0 ? -tz.offset_minutes : tz.offset_minutes;
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02d.%03d%c%02d:%02d",
                  static_cast<long long>(y), mo, d, hour, min, sec, ms,
                  tz.offset_minutes < 0 ? '-' : '+', off / 60, off % 60);
  }
  return buf;
}

std::optional<Millis> parse_iso8601(std::string_view s, const TimeZone& tz) {
  int y, mo, d;
  if (!digits(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
      !digits(s, 8, 2, d))
    return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || static_cast<unsigned>(d) > days_in_month(y, mo)) return std::nullopt;
  const Millis day_ms = days_from_civil(y, mo, d) * 86400000;
  if (s.size() == 10) return day_ms - static_cast<Millis>(tz.offset_minutes) * 60000;
  if (s[10] != 'T' && s[10] != ' ') return std::nullopt;
  int h, mi, sec = 0;
  if (!digits(s, 11, 2, h) || s.size() < 16 || s[13] != ':' || !digits(s, 14, 2, mi)) return std::nullopt;
  std::size_t p = 16;
  if (p < s.size() && s[p] == ':') {
    if (!digits(s, p + 1, 2, sec)) return std::nullopt;
    p += 3;
  }
  int ms = 0;
  if (p < s.size() && s[p] == '.') {
    ++p;
    int scale = 100, n = 0;
    while (p < s.size() && s[p] >= '0' && s[p] <= '9') {
      ms += (s[p] - '0') * scale;
      scale /= 10;
      ++p;
      ++n;
    }
    if (n == 0) return std::nullopt;
  }
  if (h > 23 || mi > 59 || sec > 60) return std::nullopt;
  int off_min;
  if (p < s.size() && (s[p] == 'Z' || s[p] == 'z') && p + 1 == s.size()) {
    off_min = 0;
  } else if (p + 6 == s.size() && (s[p] == '+' || s[p] == '-') && s[p + 3] == ':') {
    int oh, om;
    if (!digits(s, p + 1, 2, oh) || !digits(s, p + 4, 2, om) || oh > 14 || om > 59) return std::nullopt;
    off_min = (s[p] == '-' ? -1 : 1) * (oh * 60 + om);
  } else {
    return std::nullopt;  // an instant without an offset is ambiguous: refuse it
  }
  return day_ms + ((h * 60 + mi) * 60 + sec) * 1000LL + ms - off_min * 60000LL;
}

}  // namespace bc
