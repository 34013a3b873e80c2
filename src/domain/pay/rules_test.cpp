// The pay rules against hand-computed amounts (docs/pay.md, "How a line is computed").
#include "domain/pay/rules.hpp"

#include <gtest/gtest.h>

namespace bc::pay {
namespace {

constexpr Millis kHour = 3'600'000;

Work fault() {
  Work w;
  w.order_id = 7;
  w.order_code = "WO00000007";
  w.type = OrderType::fault;
  w.resolver_id = 42;
  w.resolved_at = 1'000 * kHour;
  w.commit_due_at = w.resolved_at + kHour;   // within the commitment
  w.legal_due_at = w.resolved_at + 2 * kHour;
  w.satisfaction = 5;
  w.solved = 1;
  return w;
}

std::vector<std::string> codes(const Line& l) {
  std::vector<std::string> out;
  for (const auto& p : l.parts) out.push_back(p.code);
  return out;
}

TEST(PayRules, EveryMultiplierOfAPerfectFault) {
  const RateVersion r = default_rates(Month{2026, 1});
  const Line l = price(fault(), r);
  // 800 × 11/10 × 11/10 × 21/20 × 21/20 = 800 × 53361/40000 = 1067.22 → 1067
  EXPECT_EQ(l.base_fen, 800);
  EXPECT_EQ(l.amount_fen, 1067);
  EXPECT_EQ(l.manager_id, 42);
  EXPECT_EQ(codes(l), (std::vector<std::string>{"rate", "within_deadline", "satisfied", "no_repeat", "callback_confirmed"}));
  for (const auto& p : l.parts) EXPECT_FALSE(p.why_en.empty() || p.why_zh.empty()) << p.code;
}

TEST(PayRules, EachMultiplierAlone) {
  const RateVersion r = default_rates(Month{2026, 1});
  Work w = fault();
  w.commit_due_at = w.resolved_at - 1;  // late for the commitment, within the legal limit
  w.satisfaction = 3;
  w.solved = 0;
  w.repeat_faults = 1;
  EXPECT_EQ(price(w, r).amount_fen, 800) << "nothing applies: the bare rate";
  Work a = w;
  a.commit_due_at = a.resolved_at;  // exactly on time counts as within
  EXPECT_EQ(price(a, r).amount_fen, 880);  // × 11/10
  Work b = w;
  b.satisfaction = 4;
  EXPECT_EQ(price(b, r).amount_fen, 880);  // × 11/10
  Work c = w;
  c.repeat_faults = 0;
  EXPECT_EQ(price(c, r).amount_fen, 840);  // × 21/20
  Work d = w;
  d.solved = 1;
  EXPECT_EQ(price(d, r).amount_fen, 840);  // × 21/20
  Work e = w;
  e.type = OrderType::move;  // no repeat-fault multiplier for other work
  e.repeat_faults = 0;
  EXPECT_EQ(price(e, r).amount_fen, 1500);
  e.rural = true;
  EXPECT_EQ(price(e, r).amount_fen, 1800) << "the rural rate";
}

TEST(PayRules, DeductionsHaveNoFloor) {
  const RateVersion r = default_rates(Month{2026, 1});
  Work w = fault();
  w.commit_due_at = w.resolved_at - 2 * kHour;
  w.legal_due_at = w.resolved_at - kHour;  // past the legal limit
  w.satisfaction = 2;
  w.solved = 0;
  w.repeat_faults = 1;
  w.upheld_complaints = 2;
  const Line l = price(w, r);
  // 800 − 2 × 2000 − 1500 = −4700: no floor.
  EXPECT_EQ(l.amount_fen, -4700);
  EXPECT_EQ(codes(l), (std::vector<std::string>{"rate", "complaint", "breach"}));
}

TEST(PayRules, CommissionOnANewLine) {
  const RateVersion r = default_rates(Month{2026, 1});
  Work w = fault();
  w.type = OrderType::new_line;
  w.new_service_fee_fen = 2501;
  // 2000 × 11/10 × 11/10 × 21/20 = 2541, + 2501 × 1/2 = 1250.5 → 1251
  EXPECT_EQ(price(w, r).amount_fen, 2541 + 1251);
}

TEST(PayRules, RoundingIsOnceAndHalvesAwayFromZero) {
  EXPECT_EQ(mul_round(50, 21, 20), 53);   // 52.5
  EXPECT_EQ(mul_round(-50, 21, 20), -53);
  EXPECT_EQ(mul_round(49, 21, 20), 51);   // 51.45
  RateVersion r = default_rates(Month{2026, 1});
  // 3 × 53361/40000 = 4.002 → 4; rounding after each factor would give 3 (3.3 → 3, 3.3 → 3, 3.15 → 3 …).
  r.rate_fen[static_cast<int>(OrderType::fault)][0] = 3;
  EXPECT_EQ(price(fault(), r).amount_fen, 4);
}

TEST(PayRules, AnAdjustmentIsTheDifferenceAndSaysWhy) {
  const RateVersion r = default_rates(Month{2026, 1});
  PaidWork p;
  p.month = Month{2026, 10};
  p.manager_id = 42;
  p.paid_fen = 1067;
  p.paid_parts = {"rate", "within_deadline", "satisfied", "no_repeat", "callback_confirmed"};
  p.now = fault();
  EXPECT_FALSE(adjustment(p, r)) << "nothing changed";
  p.now.repeat_faults = 1;
  p.now.upheld_complaints = 1;
  auto a = adjustment(p, r);
  ASSERT_TRUE(a);
  // now: 800 × 2541/2000 = 1016.4 → 1016, − 2000 = −984; paid 1067: −2051
  EXPECT_EQ(a->amount_fen, -2051);
  EXPECT_EQ(a->kind, LineKind::adjustment);
  EXPECT_EQ(a->adjusts_month, "2026-10");
  EXPECT_EQ(a->manager_id, 42);
  ASSERT_EQ(a->parts.size(), 1u);
  EXPECT_NE(a->parts[0].why_en.find("no_repeat"), std::string::npos) << a->parts[0].why_en;
  EXPECT_NE(a->parts[0].why_en.find("complaint"), std::string::npos) << a->parts[0].why_en;
}

TEST(PayRules, AnAdjustmentKeepsTheCommissionAsPaid) {
  const RateVersion r = default_rates(Month{2026, 1});
  Work w = fault();
  w.type = OrderType::new_line;
  w.new_service_fee_fen = 2500;
  const Line paid = price(w, r);  // 2541 + 1250
  PaidWork p;
  p.month = Month{2026, 10};
  p.paid_fen = paid.amount_fen;
  for (const auto& part : paid.parts) {
    p.paid_parts.push_back(part.code);
    if (part.code == "commission") p.paid_commission = part;
  }
  p.now = w;
  p.now.new_service_fee_fen = 0;  // the paid-work query does not read the service again
  EXPECT_FALSE(adjustment(p, r)) << "unchanged work, commission as paid";
  p.now.satisfaction = 3;  // the callback changed: 2000 × 11/10 × 21/20 = 2310
  auto a = adjustment(p, r);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->amount_fen, 2310 - 2541);
}

TEST(PayRules, MonthsAreShanghaiMonths) {
  const TimeZone sh;
  const Month nov{2026, 11};
  // 2026-11-01 00:00 +08:00 = 2026-10-31 16:00 UTC
  EXPECT_EQ(nov.start(sh), 1793462400000LL);
  EXPECT_EQ(Month::of(nov.start(sh), sh), nov);
  EXPECT_EQ(Month::of(nov.start(sh) - 1, sh), (Month{2026, 10}));
  EXPECT_EQ((Month{2026, 12}.next()), (Month{2027, 1}));
  EXPECT_EQ((Month{2027, 1}.prev()), (Month{2026, 12}));
  EXPECT_FALSE(Month::parse("2026-13"));
  EXPECT_FALSE(Month::parse("2026-1"));
  EXPECT_EQ(Month::parse("2026-02")->format(), "2026-02");
}

TEST(PayRules, StatementsSumTheirLines) {
  std::vector<Line> lines(3);
  lines[0].manager_id = 2, lines[0].amount_fen = 100;
  lines[1].manager_id = 1, lines[1].amount_fen = 50;
  lines[2].manager_id = 2, lines[2].amount_fen = -30, lines[2].kind = LineKind::adjustment;
  auto s = statements_of(lines);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].manager_id, 1);
  EXPECT_EQ(s[1].total_fen, 70);
  EXPECT_EQ(s[1].work_fen, 100);
  EXPECT_EQ(s[1].adjustment_fen, -30);
  EXPECT_EQ(s[1].adjustment_lines, 1);
}

}  // namespace
}  // namespace bc::pay
