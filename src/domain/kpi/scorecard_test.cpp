#include "domain/kpi/scorecard.hpp"

#include <gtest/gtest.h>

namespace bc::kpi {
namespace {

Figures sample() {
  Figures f;
  f.c[repaired] = 10;
  f.c[repaired_commit_ok] = 8;  // 0.8
  f.c[callbacks] = 10;
  f.c[satisfied] = 9;           // 0.9
  f.c[complaints] = 1;          // 1 × 10,000 / 5,000 = 2 a month: 1 − 2/10 = 0.8
  f.base.subscribers = 5000;
  f.months = 1;
  return f;  // no verification (record accuracy: no data), no revenue
}

TEST(Scorecard, TermsWithoutDataShareTheirWeightInProportion) {
  const Score s = score(default_scorecard(org::Role::area_manager), sample(), std::nullopt);
  ASSERT_TRUE(s.total);
  // 20/20/10 of the weights have data: they become 40/40/20.
  EXPECT_NEAR(*s.total, 40 * 0.8 + 40 * 0.9 + 20 * 0.8, 1e-9);
  ASSERT_EQ(s.redistributed.size(), 2u);
  EXPECT_EQ(s.redistributed[0], Term::revenue_completion);
  EXPECT_EQ(s.redistributed[1], Term::record_accuracy);
  EXPECT_NEAR(s.terms[1].applied_weight, 40, 1e-9);
  EXPECT_FALSE(s.terms[0].score);
}

TEST(Scorecard, RevenueCountsUpTo100PercentAndComplaintsBottomOutAtTheCeiling) {
  Figures f = sample();
  f.c[complaints] = 7;  // 14 a month: past the ceiling of 10
  f.c[pairs_checked] = 100;
  f.c[pairs_matched] = 95;
  const Score s = score(default_scorecard(org::Role::area_manager), f, Ratio{130, 100, 1});
  ASSERT_TRUE(s.total);
  EXPECT_TRUE(s.redistributed.empty());
  EXPECT_NEAR(*s.total, 40 * 1.0 + 20 * 0.8 + 20 * 0.9 + 10 * 0.0 + 10 * 0.95, 1e-9);
}

TEST(Scorecard, NoDataNoScore) {
  EXPECT_FALSE(score(default_scorecard(org::Role::area_manager), Figures{}, std::nullopt).total);
}

TEST(Scorecard, WeightsMustAddUpTo100OnceEach) {
  Scorecard s = default_scorecard(org::Role::area_manager);
  EXPECT_TRUE(check(s).ok());
  s.weights[0].percent = 30;
  auto e = check(s);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().fields.at(0).field, "weights");
  s.weights[0].percent = 40;
  s.weights.push_back({Term::satisfaction, 0});
  ASSERT_FALSE(check(s).ok());
  EXPECT_EQ(check(s).error().fields.at(0).field, "weights.satisfaction");
  EXPECT_EQ(weights_text(default_scorecard(org::Role::area_manager).weights),
            "revenueCompletion=40;repairTimeliness=20;satisfaction=20;complaints=10;recordAccuracy=10");
  const auto back = parse_weights(weights_text(default_scorecard(org::Role::area_manager).weights));
  ASSERT_EQ(back.size(), 5u);
  EXPECT_EQ(back[4].term, Term::record_accuracy);
  EXPECT_EQ(back[4].percent, 10);
}

}  // namespace
}  // namespace bc::kpi
