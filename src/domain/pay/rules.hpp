// The pay rules (docs/pay.md): what one piece of work earns under a rate version, and the
// adjustment owed when work paid in a closed month looks different now. Pure functions.
#pragma once
#include <optional>
#include <vector>

#include "domain/pay/model.hpp"

namespace bc::pay {

// base = the rate of its type and setting; × each quality multiplier that applies, rounded once to
// the nearest fen (halves away from zero); − deductions; + commission. No ceiling, no floor.
Line price(const Work& w, const RateVersion& r);

// The difference between what the work earns now (under the rates it was paid under) and what was
// paid for it; nothing when they agree.
std::optional<Line> adjustment(const PaidWork& p, const RateVersion& r);

// a × num / den rounded to the nearest integer, halves away from zero; exact (128-bit).
std::int64_t mul_round(std::int64_t a, std::int64_t num, std::int64_t den);

// One statement per manager from the lines, totals summed; in manager id order.
std::vector<Statement> statements_of(const std::vector<Line>& lines);

}  // namespace bc::pay
