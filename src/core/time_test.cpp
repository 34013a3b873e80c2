#include "core/time.hpp"

#include <gtest/gtest.h>

namespace bc {
namespace {

TEST(Time, FormatsInShanghaiAndUtc) {
  const Millis t = 1795658645123;  // 2026-11-26T02:04:05.123Z
  EXPECT_EQ(format_iso8601(t, *TimeZone::parse("UTC")), "2026-11-26T02:04:05.123Z");
  EXPECT_EQ(format_iso8601(t, *TimeZone::parse("Asia/Shanghai")), "2026-11-26T10:04:05.123+08:00");
  EXPECT_EQ(format_iso8601(0, *TimeZone::parse("-05:30")), "1969-12-31T18:30:00.000-05:30");
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
