#include "core/time.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <ctime>

namespace bc {
namespace {

TEST(Time, FormatsInShanghaiAndUtc) {
  const Millis t = 1795658645123;  // 2026-11-26T02:04:05.123Z
  EXPECT_EQ(format_iso8601(t, *TimeZone::parse("UTC")), "2026-11-26T02:04:05.123Z");
  EXPECT_EQ(format_iso8601(t, *TimeZone::parse("Asia/Shanghai")), "2026-11-26T10:04:05.123+08:00");
  EXPECT_EQ(format_iso8601(0, *TimeZone::parse("-05:30")), "1969-12-31T18:30:00.000-05:30");
}

// The digit-by-digit formatting against the C library's own calendar, over four centuries and
// offsets either side of UTC.
TEST(Time, FormatsLikeTheCLibraryAcrossCenturiesAndOffsets) {
  std::uint64_t x = 88172645463325252ull;
  for (int i = 0; i < 20000; ++i) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    const Millis t = -2'000'000'000'000LL + static_cast<Millis>(x % 14'000'000'000'000ull);  // 1906 … 2349
    for (const char* zone : {"UTC", "+08:00", "-05:30", "+14:00"}) {
      const TimeZone tz = *TimeZone::parse(zone);
      const Millis local = t + tz.offset_minutes * 60'000LL;
      const std::time_t secs = static_cast<std::time_t>(local >= 0 ? local / 1000 : (local - 999) / 1000);
      const int ms = static_cast<int>(local - static_cast<Millis>(secs) * 1000);
      std::tm tm{};
      gmtime_r(&secs, &tm);
      const int off = tz.offset_minutes < 0 ? -tz.offset_minutes : tz.offset_minutes;
      char want[64];
      if (tz.offset_minutes == 0)
        std::snprintf(want, sizeof want, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                      tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms);
      else
        std::snprintf(want, sizeof want, "%04d-%02d-%02dT%02d:%02d:%02d.%03d%c%02d:%02d", tm.tm_year + 1900,
                      tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms,
                      tz.offset_minutes < 0 ? '-' : '+', off / 60, off % 60);
      ASSERT_EQ(format_iso8601(t, tz), want) << t << " " << zone;
    }
  }
}

TEST(Time, ParsesOffsetsAndRoundTrips) {
  const TimeZone sh = *TimeZone::parse("Asia/Shanghai");
  EXPECT_EQ(parse_iso8601("2026-11-26T10:04:05.123+08:00", sh), 1795658645123);
  EXPECT_EQ(parse_iso8601("2026-11-26T02:04:05.123Z", sh), 1795658645123);
  EXPECT_EQ(parse_iso8601("2026-11-26T02:04Z", sh), 1795658640000);
  // A bare date is midnight in the display zone.
  EXPECT_EQ(parse_iso8601("2026-11-26", sh), parse_iso8601("2026-11-26T00:00:00+08:00", sh));
  for (Millis t : {0LL, 951782400000LL /* 2000-02-29 */, 1795658645123LL})
    EXPECT_EQ(parse_iso8601(format_iso8601(t, sh), sh), t);
}

TEST(Time, RefusesWhatIsNotAnInstant) {
  const TimeZone sh;
  for (const char* bad : {"", "2026-13-01", "2026-02-29", "2026-11-26T10:04:05", "2026-11-26T25:00Z",
                          "26-11-2026", "2026-11-26T10:04:05.Z", "2026-11-26T10:04:05+8:00", "yesterday"})
    EXPECT_FALSE(parse_iso8601(bad, sh).has_value()) << bad;
  EXPECT_TRUE(parse_iso8601("2024-02-29", sh).has_value());
}

}  // namespace
}  // namespace bc
