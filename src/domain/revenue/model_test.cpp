#include "domain/revenue/model.hpp"

#include <gtest/gtest.h>

namespace bc::revenue {
namespace {

TEST(RevenueMonth, ParsesOnlyYearDashMonth) {
  EXPECT_EQ(parse_month("2026-03"), 202603);
  EXPECT_EQ(parse_month("1999-12"), 199912);
  for (const char* bad : {"2026-3", "2026/03", "2026-13", "2026-00", "26-03", "202603", "2026-03-01", "", "abcd-ef"})
    EXPECT_FALSE(parse_month(bad)) << bad;
  EXPECT_EQ(format_month(202603), "2026-03");
  EXPECT_EQ(add_months(202601, -1), 202512);
  EXPECT_EQ(add_months(202612, 1), 202701);
  EXPECT_EQ(add_months(202603, -23), 202404);
  EXPECT_EQ(months_between(202512, 202602), 2);
}

TEST(RevenueMonth, BoundariesAreInTheDisplayZone) {
  const TimeZone sh;  // Asia/Shanghai, +08:00
  // 2026-03-01 00:00 in Shanghai is 2026-02-28 16:00 UTC.
  const Millis start = month_start(202603, sh);
  EXPECT_EQ(format_iso8601(start, TimeZone{"UTC", 0}), "2026-02-28T16:00:00.000Z");
  EXPECT_EQ(month_of(start, sh), 202603);
  EXPECT_EQ(month_of(start - 1, sh), 202602);
  EXPECT_EQ(month_of(start - 1, TimeZone{"UTC", 0}), 202602);
  EXPECT_EQ(month_of(start + 8 * 3600000LL - 1, TimeZone{"UTC", 0}), 202602);  // still February in UTC
  EXPECT_EQ(month_of(month_start(202601, sh), sh), 202601);
  const auto w = new_sale_window(202603, sh);
  EXPECT_EQ(w.from, month_start(202504, sh));
  EXPECT_EQ(w.to, month_start(202604, sh));
}

TEST(RevenueAmount, YuanToFenExactly) {
  EXPECT_EQ(parse_yuan("1234.56").fen, 123456);
  EXPECT_EQ(parse_yuan("1234.5").fen, 123450);
  EXPECT_EQ(parse_yuan("1234").fen, 123400);
  EXPECT_EQ(parse_yuan("0.07").fen, 7);
  EXPECT_EQ(parse_yuan(".5").fen, 50);
  EXPECT_EQ(parse_yuan("0.29").fen, 29);  // 0.29 is not exact in binary floating point
  EXPECT_EQ(parse_yuan("-3").error, AmountError::negative);
  EXPECT_EQ(parse_yuan("1.234").error, AmountError::too_many_decimals);
  EXPECT_EQ(parse_yuan("1,234").error, AmountError::not_a_number);
  EXPECT_EQ(parse_yuan("abc").error, AmountError::not_a_number);
  EXPECT_EQ(parse_yuan(".").error, AmountError::not_a_number);
  EXPECT_EQ(parse_yuan("").error, AmountError::empty);
  EXPECT_EQ(parse_yuan("99999999999").error, AmountError::too_large);
  EXPECT_EQ(format_yuan(123456), "1234.56");
  EXPECT_EQ(format_yuan(7), "0.07");
  EXPECT_EQ(format_yuan(-5), "-0.05");
}

TEST(RevenueCompletion, HandComputedFixtures) {
  // 87,345.00 yuan of a 100,000.00 target: 87.345 % → 87.3; gap 12,655.00 yuan.
  auto c = complete(8734500, 10000000);
  EXPECT_EQ(*c.completion_tenths, 873);
  EXPECT_EQ(*c.gap_fen, 1265500);
  EXPECT_EQ(format_tenths(*c.completion_tenths), "87.3");
  // 87.35 % rounds half up to 87.4.
  EXPECT_EQ(*complete(8735000, 10000000).completion_tenths, 874);
  // 1/3 → 33.3 %, 2/3 → 66.7 %.
  EXPECT_EQ(*complete(1, 3).completion_tenths, 333);
  EXPECT_EQ(*complete(2, 3).completion_tenths, 667);
  // Exceeded: 125 %, gap negative.
  c = complete(12500, 10000);
  EXPECT_EQ(format_tenths(*c.completion_tenths), "125.0");
  EXPECT_EQ(*c.gap_fen, -2500);
  // No target, a zero target.
  EXPECT_FALSE(complete(100, std::nullopt).completion_tenths);
  EXPECT_FALSE(complete(100, std::nullopt).gap_fen);
  EXPECT_FALSE(complete(100, 0).completion_tenths);
  EXPECT_EQ(*complete(100, 0).gap_fen, -100);
  EXPECT_EQ(*complete(0, 5000).completion_tenths, 0);
}

}  // namespace
}  // namespace bc::revenue
