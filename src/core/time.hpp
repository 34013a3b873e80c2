// Time as UTC epoch milliseconds everywhere inside; ISO 8601 with an offset at the edges.
// A TimeZone here is a fixed UTC offset: the zones this operator uses have no DST.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bc {

using Millis = std::int64_t;

Millis now_ms();

struct TimeZone {
  std::string name = "Asia/Shanghai";
  int offset_minutes = 8 * 60;
  // Accepts "Asia/Shanghai" (and the other Chinese zone names), "UTC", "Z", "+08:00", "-05:30".
  static std::optional<TimeZone> parse(std::string_view name);
};

// 2026-11-26T18:04:05.123+08:00
std::string format_iso8601(Millis t, const TimeZone& tz);
// Accepts a date-time with an offset or Z (fraction optional), or a bare date YYYY-MM-DD
// (midnight in tz). Returns nothing when the text is not a valid instant.
std::optional<Millis> parse_iso8601(std::string_view s, const TimeZone& tz);

}  // namespace bc
