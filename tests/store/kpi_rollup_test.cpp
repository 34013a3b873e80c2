// KPI rollups on SQLite and PostgreSQL: counters kept live by every order write through the real
// OrderService equal the ones `kpi rebuild` recomputes from the raw records; a reassigned order is
// credited to the manager who did the work; a reopened fault is repaired once and is no first-time
// fix; the demo history's rollups equal the figures computed from the generated history itself.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <map>
#include <tuple>

#include "app/demo_loader.hpp"
#include "core/crypto.hpp"
#include "domain/kpi/rollup.hpp"
#include "domain/kpi/service.hpp"
#include "domain/orders/demo.hpp"
#include "domain/orders/service.hpp"
#include "domain/org/service.hpp"
#include "domain/plant/service.hpp"
#include "fixture.hpp"
#include "store/kpi_store.hpp"
#include "store/order_bulk.hpp"
#include "store/plant_bulk.hpp"
#include "store/plant_store.hpp"
#include "store/repositories.hpp"

namespace bc {
namespace {
using namespace bc::orders;
using testing::FreshDb;
using kpi::operator+=;

// Every daily row of the rollups, keyed (day, community, area, manager).
using Rows = std::map<std::tuple<int, Id, Id, Id>, kpi::Counters>;
Rows rows_of(kpi::KpiRepository& repo, const org::OrgSnapshot& s) {
  Rows out;
  for (const auto& u : s.units()) {
    if (u.kind != org::UnitKind::community) continue;
    // Per manager within the community, over all days (through the repository's grouping).
    for (auto& [area, c] : repo.sum_by(kpi::Level::area, kpi::Scope{kpi::Level::community, u.id}, kpi::Range{0, 99991231, false}))
      for (auto& [mgr, c2] : repo.sum_by(kpi::Level::manager, kpi::Scope{kpi::Level::area, area}, kpi::Range{0, 99991231, false}))
        if (!kpi::is_zero(c2)) out[{0, u.id, area, mgr}] = c2;
  }
  return out;
}

class KpiRollupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    init_crypto();
    org_repo = store::make_org_repository(*f.db);
    ASSERT_TRUE(app::load_demo(*org_repo, org::DemoSize::city, hash_password("admin-password-1"), TimeZone{}).ok());
    org = std::make_unique<org::OrgService>(*org_repo);
    plant_repo = store::make_plant_repository(*f.db);
    plant = std::make_unique<plant::PlantService>(*plant_repo, *org);
    plant->load();
    repo = store::make_order_repository(*f.db);
    svc = std::make_unique<OrderService>(*repo, *org, *plant, TimeZone{});
    kpis = store::make_kpi_repository(*f.db);
  }
  auth::Actor as(const std::string& username) {
    auto s = org->snapshot();
    return auth::actor_for(*s, *s->staff_by_username(username));
  }
  // The responsible managers of the first two areas of the community.
  std::pair<Id, Id> two_managers(const std::string& community = "CS-O1-C01") {
    auto s = org->snapshot();
    std::vector<Id> ms;
    for (Id child : s->children(s->unit_by_code(community)->id))
      if (s->unit(child)->responsible_id) ms.push_back(s->unit(child)->responsible_id);
    return {ms.at(0), ms.at(1)};
  }
  std::string username(Id staff) { return org->snapshot()->staff(staff)->username; }
  Order create(OrderType type) {
    CreateInput in;
    in.type = type;
    in.summary = "电话无拨号音";
    in.community_id = org->snapshot()->unit_by_code("CS-O1-C01")->id;
    auto o = svc->create(as("cs.hotline1"), in);
    EXPECT_TRUE(o.ok()) << (o.ok() ? "" : o.error().message);
    return o.value();
  }
  Order act(const std::string& who, Order o, ActionInput in) {
    auto r = svc->act(as(who), o.id, o.version, in);
    EXPECT_TRUE(r.ok()) << to_string(*in.action) << ": " << (r.ok() ? "" : r.error().message);
    return r.ok() ? r.value() : o;
  }
  Order act(const std::string& who, Order o, Action a) {
    ActionInput in;
    in.action = a;
    return act(who, o, in);
  }
  Order assign(Order o, Id manager, Action a = Action::assign) {
    ActionInput in;
    in.action = a;
    in.assignee_id = manager;
    in.reason = "改派";
    return act("cs.o1.c01", o, in);
  }
  Order work_and_resolve(Order o, FaultCause cause = FaultCause::drop_line) {
    const std::string m = username(o.routing.assignee_id);
    if (o.state == State::assigned) o = act(m, o, Action::accept);
    o = act(m, o, Action::arrive);
    ActionInput r;
    r.action = Action::resolve;
    r.cause = cause;
    r.resolution = "更换下户线";
    return act(m, o, r);
  }
  Order callback(Order o, int score, bool solved) {
    ActionInput in;
    in.action = Action::callback;
    in.score = score;
    in.solved = solved;
    return act("cs.hotline1", o, in);
  }
  kpi::Counters of_manager(Id m) {
    return kpis->sum(kpi::Scope{kpi::Level::manager, m}, kpi::Range{0, 99991231, false});
  }

  FreshDb f;
  std::unique_ptr<org::OrgRepository> org_repo;
  std::unique_ptr<org::OrgService> org;
  std::unique_ptr<plant::PlantRepository> plant_repo;
  std::unique_ptr<plant::PlantService> plant;
  std::unique_ptr<OrderRepository> repo;
  std::unique_ptr<OrderService> svc;
  std::unique_ptr<kpi::KpiRepository> kpis;
};

TEST_F(KpiRollupTest, LiveRollupsEqualTheRebuiltOnesAndCreditTheRightManager) {
  auto [m1, m2] = two_managers();
  // 1. Assigned to m1, reassigned to m2 before the work: m2 repairs it and gets the credit.
  Order a = assign(create(OrderType::fault), m1);
  a = act(username(m1), a, Action::accept);
  a = assign(a, m2, Action::reassign);
  a = work_and_resolve(a, FaultCause::cable);
  a = callback(a, 5, true);
  // 2. Repaired by m1, the callback finds it unsolved: back to m1, repaired again, scored 4.
  Order b = work_and_resolve(assign(create(OrderType::fault), m1));
  b = callback(b, 3, false);
  EXPECT_EQ(b.state, State::assigned);
  b = work_and_resolve(b);
  b = callback(b, 4, true);
  // 3. Scored 2 though solved: a complaint is raised in the community's queue.
  Order c = work_and_resolve(assign(create(OrderType::fault), m1));
  c = callback(c, 2, true);
  // 4. A complaint taken directly, and a cancelled fault (counts nowhere).
  create(OrderType::complaint);
  Order d = create(OrderType::fault);
  ActionInput cancel;
  cancel.action = Action::cancel;
  cancel.reason = "用户撤销";
  act("cs.o1.c01", d, cancel);
  // 5. Closed and reopened by the head, repaired again.
  Order e = work_and_resolve(assign(create(OrderType::fault), m2));
  e = callback(e, 5, true);
  e = act("cs.o1.c01", e, Action::close);
  ActionInput reopen;
  reopen.action = Action::reopen;
  reopen.reason = "用户再次申告";
  e = act("cs.o1.c01", e, reopen);
  e = assign(e, m2);
  e = work_and_resolve(e);

  // 6. A complaint the callback finds unsolved twice: reopened twice, done once in the end.
  Order g = work_and_resolve(assign(create(OrderType::complaint), m1));
  g = work_and_resolve(callback(g, 2, false));
  g = work_and_resolve(callback(g, 1, false));
  g = callback(g, 4, true);
  EXPECT_EQ(g.state, State::confirmed);

  const auto snap = org->snapshot();
  const Rows live = rows_of(*kpis, *snap);
  const auto k1 = of_manager(m1), k2 = of_manager(m2);
  EXPECT_EQ(k2[kpi::repaired], 2) << "a (reassigned to m2) and e";
  EXPECT_EQ(k2[kpi::cable_repaired], 1);
  EXPECT_EQ(k2[kpi::first_fix], 1) << "e was reopened";
  EXPECT_EQ(k1[kpi::repaired], 2) << "b once though repaired twice, and c";
  EXPECT_EQ(k1[kpi::first_fix], 1) << "b was reopened by its callback";
  EXPECT_EQ(k1[kpi::faults], 2);
  EXPECT_EQ(k2[kpi::faults], 2) << "a moved to m2 with its reassignment";
  EXPECT_EQ(k1[kpi::callbacks], 3) << "b, c and g, each once";
  EXPECT_EQ(k1[kpi::satisfaction_sum], 4 + 2 + 4);
  EXPECT_EQ(k1[kpi::satisfied], 2);
  const auto community = kpis->sum(kpi::Scope{kpi::Level::community, snap->unit_by_code("CS-O1-C01")->id},
                                   kpi::Range{0, 99991231, false});
  EXPECT_EQ(community[kpi::faults], 4) << "the cancelled fault counts nowhere";
  EXPECT_EQ(community[kpi::complaints], 3) << "the direct one, the one raised by the score of 2, and g";
  EXPECT_EQ(community, kpis->sum(kpi::Scope{kpi::Level::community, snap->unit_by_code("CS-O1-C01")->id},
                                 kpi::Range{0, 999912, true}))
      << "the monthly rows hold the same";

  const auto st = store::rebuild_kpis(*f.db);
  EXPECT_EQ(st.orders, 8);
  EXPECT_EQ(st.events, 4) << "b and e once, g twice";
  EXPECT_EQ(rows_of(*kpis, *snap), live);
  EXPECT_EQ(kpis->sum(kpi::Scope{kpi::Level::community, snap->unit_by_code("CS-O1-C01")->id},
                      kpi::Range{0, 999912, true}),
            community);

  // The dashboards' service reads the same through the unit's scope.
  auto cards = store::make_scorecard_repository(*f.db);
  kpi::NoRevenue no_revenue;
  kpi::KpiService figures(*kpis, *cards, no_revenue, *org, TimeZone{});
  auto u = figures.unit(as("cs.o1.c01"), snap->unit_by_code("CS-O1-C01")->id,
                        kpi::period_at(kpi::Period::month, now_ms(), TimeZone{}));
  ASSERT_TRUE(u.ok()) << u.error().message;
  EXPECT_EQ(u->f.c, community);
  auto all = figures.unit(as("admin"), snap->root(), kpi::period_at(kpi::Period::year, now_ms(), TimeZone{}));
  ASSERT_TRUE(all.ok()) << all.error().message;
  EXPECT_FALSE(figures.unit(as("cs.o1.c01"), snap->unit_by_code("CS-O2")->id,
                            kpi::period_at(kpi::Period::month, now_ms(), TimeZone{})).ok());

  // A partial rebuild of today only leaves the same figures too.
  const int today = kpi::day_of(now_ms(), TimeZone{});
  store::rebuild_kpis(*f.db, today, today);
  EXPECT_EQ(rows_of(*kpis, *snap), live);
}

// Feeds the plant to the bulk loader and to the history's collector at once.
struct Tee final : plant::DemoSink {
  plant::DemoSink &a, &b;
  Tee(plant::DemoSink& x, plant::DemoSink& y) : a(x), b(y) {}
  void cross_box(const plant::CrossBox& v) override { a.cross_box(v), b.cross_box(v); }
  void dist_box(const plant::DistBox& v) override { a.dist_box(v), b.dist_box(v); }
  void customer(const plant::Customer& v) override { a.customer(v), b.customer(v); }
  void service(const plant::Service& v) override { a.service(v), b.service(v); }
};

TEST(KpiDemoHistory, TheLoadedHistorysRollupsEqualTheFiguresOfTheGeneratedHistory) {
  init_crypto();
  FreshDb f(1);
  auto org_repo = store::make_org_repository(*f.db);
  ASSERT_TRUE(app::load_demo(*org_repo, org::DemoSize::city, hash_password("admin-password-1"), TimeZone{}).ok());
  const auto snap = org_repo->load();
  const Millis anchor = now_ms();
  HistoryPlant lines;
  {
    auto loader = store::make_plant_bulk_loader(*f.db);
    Tee tee(*loader, lines);
    plant::generate_plant(*snap, 3000, anchor, tee);
    loader->finish();
  }
  HistoryOptions opt;
  opt.now = anchor;
  const History h = generate_history(*snap, lines, opt);
  store::load_order_history(*f.db, h);  // rebuilds the rollups at the end

  // The same figures straight from the generated orders and their timelines, per month.
  std::map<Id, int> reopens;
  for (std::size_t i = 0; i < h.event_count(); ++i) {
    const Event e = h.event(i);
    if (e.to == State::reopened && kpi::is_done(e.from)) ++reopens[e.order_id];
  }
  std::map<int, kpi::Counters> expected;
  std::int64_t faults = 0;
  for (const auto& o : h.orders) {
    if (o.type == OrderType::fault && o.state != State::cancelled) ++faults;
    for (const auto& d : kpi::contributions(o, reopens[o.id], TimeZone{})) expected[d.key.day / 100] += d.c;
  }
  auto kpis = store::make_kpi_repository(*f.db);
  const int last = kpi::day_of(anchor, TimeZone{}) / 100;
  std::map<int, kpi::Counters> got;
  for (auto& [m, c] : kpis->monthly(kpi::Scope{}, kpi::add_months(last, -24), last)) got[m] = c;
  EXPECT_EQ(got, expected);
  ASSERT_FALSE(got.empty());
  // And a plain count over the raw records agrees with the rollups' total.
  kpi::Counters all{};
  for (auto& [m, c] : got) all += c;
  EXPECT_EQ(all[kpi::faults], faults);
  EXPECT_GT(all[kpi::repaired], 0);
  EXPECT_GT(all[kpi::callbacks], 0);
  // The denominators were counted from the plant.
  std::int64_t lines_in_service = 0;
  for (auto& [area, b] : kpis->area_bases()) lines_in_service += b.lines;
  EXPECT_GT(lines_in_service, 0);
}

TEST(KpiRecordsAndDenominators, AVerificationCountsForRecordAccuracyAndTheRatesUseTheCountedPlant) {
  init_crypto();
  FreshDb f(2);
  auto org_repo = store::make_org_repository(*f.db);
  ASSERT_TRUE(app::load_demo(*org_repo, org::DemoSize::city, hash_password("admin-password-1"), TimeZone{}).ok());
  {
    auto snap = org_repo->load();
    auto loader = store::make_plant_bulk_loader(*f.db);
    plant::generate_plant(*snap, 3000, now_ms(), *loader);
    loader->finish();
  }
  org::OrgService org(*org_repo);
  auto plant_repo = store::make_plant_repository(*f.db);
  plant::PlantService plant(*plant_repo, org);
  plant.load();
  // Never counted after the plant's load; the server's daily recount (no rebuild) counts them.
  EXPECT_EQ(store::kpi_bases_counted_at(*f.db), 0);
  store::recount_kpi_bases(*f.db);
  EXPECT_GT(store::kpi_bases_counted_at(*f.db), now_ms() - 60'000);
  auto kpis = store::make_kpi_repository(*f.db);
  auto cards = store::make_scorecard_repository(*f.db);
  kpi::NoRevenue no_revenue;
  kpi::KpiService svc(*kpis, *cards, no_revenue, org, TimeZone{});
  auto snap = org.snapshot();
  const org::Unit* area = snap->unit_by_code("CS-A001");
  const auth::Actor manager = auth::actor_for(*snap, *snap->staff(area->responsible_id));

  // The manager checks four pairs of a box: three as recorded, the fourth not.
  const auto boxes = plant_repo->dist_boxes(area->id, 0);
  ASSERT_FALSE(boxes.empty());
  const auto recorded = plant_repo->pairs(boxes[0]);
  std::vector<plant::FoundPair> found;
  for (int p = 1; p <= 4; ++p) {
    auto state = recorded.at(p - 1).state;
    if (p == 4) state = state == plant::PairState::in_use ? plant::PairState::free : plant::PairState::in_use;
    found.push_back(plant::FoundPair{p, state, false});
  }
  auto v = plant.verify(manager, boxes[0].id, found);
  ASSERT_TRUE(v.ok()) << v.error().message;
  const auto month = kpi::period_at(kpi::Period::month, now_ms(), TimeZone{});
  auto fig = svc.unit(manager, area->id, month);
  ASSERT_TRUE(fig.ok()) << fig.error().message;
  EXPECT_EQ(fig->f.c[kpi::pairs_checked], 4);
  EXPECT_EQ(fig->f.c[kpi::pairs_matched], 3);
  const auto rates = fig->f.rates();
  EXPECT_EQ(rates.back().first, "recordAccuracy");
  EXPECT_EQ(rates.back().second.num, 3);
  EXPECT_EQ(rates.back().second.den, 4);
  EXPECT_EQ(kpis->sum(kpi::Scope{kpi::Level::manager, manager.staff_id}, month.range())[kpi::pairs_checked], 4)
      << "credited to who checked";

  // Denominators: the area's active fixed lines and their subscribers, counted independently here.
  long long lines = 0, subscribers = 0, area_id = area->id;
  f.db->with([&](soci::session& s) {
    s << "SELECT count(*) FROM services s JOIN dist_boxes b ON b.id = s.dist_box_id WHERE b.area_id = :a AND "
         "s.status = 'active' AND s.kind = 'fixed_line'",
        soci::use(area_id), soci::into(lines);
    s << "SELECT count(DISTINCT s.customer_id) FROM services s JOIN dist_boxes b ON b.id = s.dist_box_id WHERE "
         "b.area_id = :a AND s.status = 'active'",
        soci::use(area_id), soci::into(subscribers);
  });
  ASSERT_GT(lines, 0);
  EXPECT_EQ(fig->f.base.lines, lines);
  EXPECT_EQ(fig->f.base.subscribers, subscribers);
  // Hand-made counters over those denominators: 3 faults and 2 complaints in a quarter.
  kpi::Counters c{};
  c[kpi::faults] = 3;
  c[kpi::complaints] = 2;
  const auto q = kpi::figures(c, fig->f.base, 3).rates();
  EXPECT_EQ(q[0].first, "complaintRate");
  EXPECT_EQ(q[0].second.num, 2);
  EXPECT_EQ(q[0].second.den, subscribers * 3);
  EXPECT_DOUBLE_EQ(*q[0].second.value(), 2.0 * 10000 / (subscribers * 3));
  EXPECT_EQ(q[1].first, "faultRate");
  EXPECT_DOUBLE_EQ(*q[1].second.value(), 3.0 * 100 / (lines * 3));

  // Rebuilt from the verifications table: the same.
  const auto before = kpis->sum(kpi::Scope{kpi::Level::area, area->id}, month.range());
  const auto st = store::rebuild_kpis(*f.db);
  EXPECT_EQ(st.verifications, 1);
  EXPECT_EQ(kpis->sum(kpi::Scope{kpi::Level::area, area->id}, month.range()), before);
  EXPECT_EQ(kpis->sum(kpi::Scope{kpi::Level::area, area->id}, kpi::Range{0, 99991231, false}), before);
}

}  // namespace
}  // namespace bc
