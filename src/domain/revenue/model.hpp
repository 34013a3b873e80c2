// Revenue and targets as plain values (docs/revenue.md): calendar months in the display time zone,
// amounts in yuan text ⇄ integer fen (exact, no floating point), and the completion and gap of a
// revenue figure against its target. Pure functions; thread-safe.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.hpp"

namespace bc::revenue {

using Id = std::int64_t;

// A month as the integer YYYYMM (202603), the form it is stored in.
using Month = std::int32_t;
// "2026-03" → 202603; nothing for anything else (2026-3, 2026/03, 2026-13, 1899-12).
std::optional<Month> parse_month(std::string_view s);
std::string format_month(Month m);  // 202603 → "2026-03"
Month add_months(Month m, int n);   // may be negative
int months_between(Month from, Month to);  // to − from in months
// The first instant of the month in tz, and the month an instant falls in there.
Millis month_start(Month m, const TimeZone& tz);
Month month_of(Millis t, const TimeZone& tz);

// "1234.5" / "1234.56" / "1234" / "0.07" → fen. At most two decimals, no sign, no grouping,
// at most 10^10 yuan. Negative amounts are refused by the import (a credit is netted into the
// month's figure by the billing system); parse_yuan reports them apart so the message can say so.
enum class AmountError { none, empty, negative, not_a_number, too_many_decimals, too_large };
struct ParsedAmount {
  std::int64_t fen = 0;
  AmountError error = AmountError::none;
};
ParsedAmount parse_yuan(std::string_view s);
std::string format_yuan(std::int64_t fen);  // 123456 → "1234.56", -5 → "-0.05"

// A revenue figure against its target. completion_tenths is the completion in tenths of a per
// cent, revenue / target rounded half up (8734 / 10000 → 873, shown "87.3"), computed in integers;
// absent when there is no target or the target is 0. gap = target − revenue: what is still to
// earn (negative once the target is exceeded); absent without a target.
struct Completion {
  std::optional<std::int64_t> completion_tenths;
  std::optional<std::int64_t> gap_fen;
};
Completion complete(std::int64_t revenue_fen, std::optional<std::int64_t> target_fen);
std::string format_tenths(std::int64_t tenths);  // 873 → "87.3", 1000 → "100.0"

// New sales: a service's revenue counts as a new sale, credited to its seller, in the month it
// started and the eleven after.
inline constexpr int kNewSaleMonths = 12;
// The window of start dates that make revenue of `m` a new sale: [from, to).
struct StartWindow {
  Millis from = 0, to = 0;
};
StartWindow new_sale_window(Month m, const TimeZone& tz);

}  // namespace bc::revenue
