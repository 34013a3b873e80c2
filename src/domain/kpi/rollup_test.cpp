#include "domain/kpi/rollup.hpp"

#include <gtest/gtest.h>

namespace bc::kpi {
namespace {
using orders::Order;
using orders::OrderType;
using orders::State;

constexpr Millis kHour = 3'600'000;
// 2026-10-31T16:30:00Z is 2026-11-01 00:30 in Asia/Shanghai.
constexpr Millis kOct31_1630Z = 1793464200000;

Order fault(Millis created, Id assignee = 7) {
  Order o;
  o.id = 1;
  o.type = OrderType::fault;
  o.state = State::assigned;
  o.routing = {};
  o.routing.network_id = 1, o.routing.office_id = 2, o.routing.community_id = 3, o.routing.area_id = 4;
  o.routing.assignee_id = assignee;
  o.created_at = created;
  o.legal_due_at = created + 48 * kHour;
  o.commit_due_at = created + 24 * kHour;
  return o;
}

Counters total(const std::vector<Delta>& ds) {
  Counters c{};
  for (const auto& d : ds) c += d.c;
  return c;
}

TEST(KpiRollup, DaysAreCutInTheDisplayZone) {
  EXPECT_EQ(day_of(kOct31_1630Z, TimeZone{}), 20261101);
  EXPECT_EQ(day_of(kOct31_1630Z - 1'800'001, TimeZone{}), 20261031);  // 15:59:59.999Z
  EXPECT_EQ(day_of(kOct31_1630Z, *TimeZone::parse("UTC")), 20261031);
  EXPECT_EQ(day_start(20261101, TimeZone{}), kOct31_1630Z - 30 * 60'000);
  EXPECT_EQ(add_months(202612, 1), 202701);
  EXPECT_EQ(add_months(202601, -1), 202512);
  EXPECT_EQ(add_months(202611, -23), 202412);  // 24 months: Dec 2024 … Nov 2026
}

TEST(KpiRollup, AFaultReportedAt1630ZOnOctober31CountsInNovember) {
  auto c = contributions(fault(kOct31_1630Z), 0, TimeZone{});
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].key.day, 20261101);
  EXPECT_EQ(c[0].c[faults], 1);
  EXPECT_EQ(c[0].c[repaired], 0);
}

TEST(KpiRollup, ARepairCountsOnItsResolutionDayAgainstBothLimitsCableApart) {
  Order o = fault(kOct31_1630Z);
  o.state = State::resolved;
  o.resolved_at = o.created_at + 30 * kHour;  // after the 24 h commitment, within the 48 h legal limit
  o.cause = orders::FaultCause::cable;
  o.satisfaction = 4;
  auto c = contributions(o, 0, TimeZone{});
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[1].key.day, 20261102);
  EXPECT_EQ(c[1].c[repaired], 1);
  EXPECT_EQ(c[1].c[repaired_legal_ok], 1);
  EXPECT_EQ(c[1].c[repaired_commit_ok], 0);
  EXPECT_EQ(c[1].c[cable_repaired], 1);
  EXPECT_EQ(c[1].c[cable_legal_ok], 1);
  EXPECT_EQ(c[1].c[first_fix], 1);
  EXPECT_EQ(c[1].c[callbacks], 1);
  EXPECT_EQ(c[1].c[satisfaction_sum], 4);
  EXPECT_EQ(c[1].c[satisfied], 1);
  o.cause = orders::FaultCause::drop_line;
  EXPECT_EQ(total(contributions(o, 0, TimeZone{}))[cable_repaired], 0) << "a drop line is not a cable fault";
  EXPECT_EQ(total(contributions(o, 1, TimeZone{}))[first_fix], 0) << "reopened once: not a first-time fix";
}

TEST(KpiRollup, AReassignmentMovesTheCreditToTheNewManager) {
  Order before = fault(kOct31_1630Z, 7);
  Order after = before;
  after.routing.assignee_id = 9;
  auto d = delta(&before, 0, after, 0, TimeZone{});
  ASSERT_EQ(d.size(), 2u);
  Counters to7{}, to9{};
  for (const auto& x : d) (x.key.manager_id == 7 ? to7 : to9) += x.c;
  EXPECT_EQ(to7[faults], -1);
  EXPECT_EQ(to9[faults], 1);
}

TEST(KpiRollup, AReopenedFaultIsRepairedOnceAtItsLastResolution) {
  Order done = fault(kOct31_1630Z);
  done.state = State::resolved;
  done.resolved_at = done.created_at + 2 * kHour;
  Order reopened = done;
  reopened.state = State::reopened;
  EXPECT_TRUE(is_reopen(done, reopened));
  auto d1 = delta(&done, 0, reopened, 1, TimeZone{});
  EXPECT_EQ(total(d1)[repaired], -1);
  EXPECT_EQ(total(d1)[faults], 0) << "still one fault reported";
  Order again = reopened;
  again.state = State::resolved;
  again.resolved_at = done.created_at + 40 * kHour;
  auto d2 = delta(&reopened, 1, again, 1, TimeZone{});
  Counters all = total(contributions(done, 0, TimeZone{}));
  all += total(d1);
  all += total(d2);
  EXPECT_EQ(all[faults], 1);
  EXPECT_EQ(all[repaired], 1);
  EXPECT_EQ(all[repaired_commit_ok], 0) << "40 h: past the 24 h commitment";
  EXPECT_EQ(all[repaired_legal_ok], 1);
  EXPECT_EQ(all[first_fix], 0);
  EXPECT_EQ(all, total(contributions(again, 1, TimeZone{}))) << "live deltas sum to the rebuilt contribution";
}

TEST(KpiRollup, CancelledOrdersCountNowhereAndNothingChangedMeansNoRows) {
  Order o = fault(kOct31_1630Z);
  Order c = o;
  c.state = State::cancelled;
  EXPECT_TRUE(contributions(c, 0, TimeZone{}).empty());
  EXPECT_EQ(total(delta(&o, 0, c, 0, TimeZone{}))[faults], -1);
  Order accepted = o;
  accepted.state = State::accepted;
  EXPECT_TRUE(delta(&o, 0, accepted, 0, TimeZone{}).empty());
}

TEST(KpiRollup, InstallsLeadsAndSales) {
  Order o = fault(kOct31_1630Z);
  o.type = OrderType::new_line;
  EXPECT_EQ(total(contributions(o, 0, TimeZone{}))[leads], 1);
  o.state = State::closed;
  o.resolved_at = o.created_at + 72 * kHour;
  auto t = total(contributions(o, 0, TimeZone{}));
  EXPECT_EQ(t[installs], 1);
  EXPECT_EQ(t[installs_legal_ok], 0);
  EXPECT_EQ(t[sales], 1);
  EXPECT_EQ(t[repaired], 0);
}

}  // namespace
}  // namespace bc::kpi
