// Work-order escalation through the real service and store, on SQLite and PostgreSQL: at 75 % of
// the operator's commitment to the community head, at breach to the office head, once each; not
// for finished orders; concurrent sweepers escalate once.
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <thread>

#include "app/demo_loader.hpp"
#include "core/crypto.hpp"
#include "domain/orders/routing.hpp"
#include "domain/orders/service.hpp"
#include "domain/org/service.hpp"
#include "domain/plant/service.hpp"
#include "fixture.hpp"
#include "store/plant_store.hpp"
#include "store/repositories.hpp"

namespace bc {
namespace {
using namespace bc::orders;
using testing::FreshDb;

constexpr Millis kHour = 3'600'000;

class OrderServiceTest : public ::testing::Test {
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
  }
  auth::Actor as(const std::string& username) {
    auto s = org->snapshot();
    return auth::actor_for(*s, *s->staff_by_username(username));
  }
  Order fault_in_queue(const std::string& community = "CS-O1-C01") {
    CreateInput in;
    in.type = OrderType::fault;
    in.summary = "电话无拨号音";
    in.community_id = org->snapshot()->unit_by_code(community)->id;
    auto o = svc->create(as("cs.hotline1"), in);
    EXPECT_TRUE(o.ok()) << (o.ok() ? "" : o.error().message);
    return o.value();
  }
  std::vector<Event> escalations(Id order) {
    std::vector<Event> out;
    for (auto& e : repo->events_of(order))
      if (e.action == "escalate") out.push_back(e);
    return out;
  }

  FreshDb f;
  std::unique_ptr<org::OrgRepository> org_repo;
  std::unique_ptr<org::OrgService> org;
  std::unique_ptr<plant::PlantRepository> plant_repo;
  std::unique_ptr<plant::PlantService> plant;
  std::unique_ptr<OrderRepository> repo;
  std::unique_ptr<OrderService> svc;
};

TEST_F(OrderServiceTest, AFaultEscalatesToTheCommunityHeadAt75PercentThenToTheOfficeHeadAtBreach) {
  const Order o = fault_in_queue();
  // A town fault: the operator commits to 24 hours; 75 % is 18 hours after the report.
  EXPECT_EQ(o.next_escalation_at, o.created_at + 18 * kHour);
  EXPECT_EQ(svc->escalate_due(o.created_at + 18 * kHour - 1), 0) << "not before 75 %";
  EXPECT_EQ(escalations(o.id).size(), 0u);

  EXPECT_EQ(svc->escalate_due(o.created_at + 18 * kHour), 1);
  auto after = repo->get(o.id);
  EXPECT_EQ(after->escalation, 1);
  EXPECT_EQ(after->version, o.version) << "the sweeper does not make a person's next action stale";
  EXPECT_EQ(after->next_escalation_at, o.created_at + 24 * kHour + 1) << "next: just after the deadline";
  auto first = escalations(o.id);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].actor_id, 0);
  EXPECT_NE(first[0].note.find("community head"), std::string::npos) << first[0].note;
  const auto head = org->snapshot()->staff_by_username("cs.o1.c01");
  EXPECT_NE(first[0].note.find(head->name), std::string::npos) << "names who was told: " << first[0].note;
  EXPECT_NE(first[0].detail_json.find(std::to_string(head->id)), std::string::npos) << first[0].detail_json;

  EXPECT_EQ(svc->escalate_due(o.created_at + 20 * kHour), 0) << "once per level";
  EXPECT_EQ(svc->escalate_due(o.created_at + 24 * kHour + 1), 1);
  after = repo->get(o.id);
  EXPECT_EQ(after->escalation, 2);
  EXPECT_EQ(after->next_escalation_at, 0) << "nothing above the office head";
  auto both = escalations(o.id);
  ASSERT_EQ(both.size(), 2u);
  EXPECT_NE(both[1].note.find("office head"), std::string::npos) << both[1].note;
  EXPECT_EQ(svc->escalate_due(o.created_at + 100 * kHour), 0);
}

TEST_F(OrderServiceTest, FinishedOrdersAreNotEscalated) {
  const Order o = fault_in_queue();
  ActionInput cancel;
  cancel.action = Action::cancel;
  cancel.reason = "用户撤销";
  auto done = svc->act(as("cs.o1.c01"), o.id, o.version, cancel);
  ASSERT_TRUE(done.ok()) << done.error().message;
  EXPECT_EQ(done->next_escalation_at, 0);
  EXPECT_EQ(svc->escalate_due(o.created_at + 30 * kHour), 0);
  EXPECT_EQ(escalations(o.id).size(), 0u);
}

TEST_F(OrderServiceTest, TwoSweepersAtOnceEscalateOnce) {
  const Order o = fault_in_queue();
  const Millis at = o.created_at + 19 * kHour;
  int a = 0, b = 0;
  std::thread t1([&] { a = svc->escalate_due(at); });
  std::thread t2([&] { b = svc->escalate_due(at); });
  t1.join();
  t2.join();
  EXPECT_EQ(a + b, 1);
  EXPECT_EQ(escalations(o.id).size(), 1u);
}

// Group commit: writers at the same moment share transactions, and each still gets its own answer.
TEST_F(OrderServiceTest, ConcurrentCreatesAllCommitEachWithItsOwnOrderAndEventsInIdOrder) {
  const auto before = svc->group_stats();
  constexpr int kThreads = 16, kEach = 8;
  std::vector<std::vector<Id>> ids(kThreads);
  std::vector<std::thread> ts;
  for (int t = 0; t < kThreads; ++t)
    ts.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) ids[t].push_back(fault_in_queue().id);
    });
  for (auto& t : ts) t.join();
  std::set<Id> distinct;
  for (const auto& v : ids)
    for (Id id : v) {
      EXPECT_NE(id, 0);
      distinct.insert(id);
      EXPECT_TRUE(repo->get(id).has_value()) << "order " << id << " answered but not stored";
    }
  EXPECT_EQ(distinct.size(), static_cast<std::size_t>(kThreads * kEach));
  const auto after = svc->group_stats();
  EXPECT_EQ(after.changes - before.changes, static_cast<std::uint64_t>(kThreads * kEach));
  EXPECT_LE(after.commits - before.commits, after.changes - before.changes);
  // The live stream holds exactly the stored events, in id order.
  auto live = svc->hub().read_after(0, 100000).events;
  auto stored = repo->events_after(0, 100000);
  ASSERT_EQ(live.size(), stored.size());
  for (std::size_t i = 0; i < live.size(); ++i) {
    EXPECT_EQ(live[i].id, stored[i].id);
    if (i) EXPECT_LT(live[i - 1].id, live[i].id);
  }
}

TEST_F(OrderServiceTest, TwoPeopleActingOnTheSameOrderAtOnceOneWinsTheOtherGetsAConflict) {
  for (int round = 0; round < 10; ++round) {
    const Order o = fault_in_queue();
    ActionInput cancel;
    cancel.action = Action::cancel;
    cancel.reason = "用户撤销";
    std::optional<Result<Order>> a, b;
    std::thread t1([&] { a.emplace(svc->act(as("cs.o1.c01"), o.id, o.version, cancel)); });
    std::thread t2([&] { b.emplace(svc->act(as("cs.o1.c01"), o.id, o.version, cancel)); });
    t1.join();
    t2.join();
    EXPECT_NE(a->ok(), b->ok()) << "exactly one wins";
    const auto& loser = a->ok() ? *b : *a;
    if (!loser.ok()) EXPECT_EQ(loser.error().code, Errc::conflict);
    EXPECT_EQ(repo->get(o.id)->version, o.version + 1);
    int cancels = 0;
    for (auto& e : repo->events_of(o.id)) cancels += e.action == "cancel";
    EXPECT_EQ(cancels, 1);
  }
}

TEST_F(OrderServiceTest, AFailedChangeInAGroupIsUndoneAloneAndTheOthersCommit) {
  const Id actor = org->snapshot()->staff_by_username("cs.hotline1")->id;
  org::IdempotentResponse r;
  r.request_hash = "h";
  r.status = 201;
  r.body = "{}";
  auto save = [&](const std::string& key) {
    return [&, key](OrderWriter& w) -> Status {
      w.save_idempotent(actor, key, r);
      return Ok{};
    };
  };
  OrderRepository::Change a = save("a"), e = save("e");
  OrderRepository::Change b = [&](OrderWriter& w) -> Status {
    w.save_idempotent(actor, "b", r);
    return invalid("summary", "refused after writing");
  };
  OrderRepository::Change c = save("a");  // the same key again: a unique clash
  OrderRepository::Change d = [&](OrderWriter& w) -> Status {
    w.save_idempotent(actor, "d", r);
    throw std::runtime_error("boom");
  };
  auto results = repo->write_group({&a, &b, &c, &d, &e});
  ASSERT_EQ(results.size(), 5u);
  EXPECT_TRUE(results[0].ok());
  ASSERT_FALSE(results[1].ok());
  EXPECT_EQ(results[1].error().code, Errc::invalid);
  ASSERT_FALSE(results[2].ok());
  EXPECT_EQ(results[2].error().code, Errc::conflict);
  ASSERT_FALSE(results[3].ok());
  EXPECT_EQ(results[3].error().code, Errc::internal);
  EXPECT_TRUE(results[4].ok());
  EXPECT_TRUE(repo->find_idempotent(actor, "a").has_value());
  EXPECT_FALSE(repo->find_idempotent(actor, "b").has_value()) << "a refused change leaves nothing";
  EXPECT_FALSE(repo->find_idempotent(actor, "d").has_value()) << "a change that threw leaves nothing";
  EXPECT_TRUE(repo->find_idempotent(actor, "e").has_value()) << "changes after a failed one still commit";
}

TEST_F(OrderServiceTest, ARuralFaultHasTheLongerLegalLimit) {
  // Mark the area rural: its faults get 72 h (legal) and 48 h (commitment).
  auto s = org->snapshot();
  const org::Unit* area = nullptr;
  for (const auto& u : s->units())
    if (u.kind == org::UnitKind::area && s->unit(u.parent_id)->code == "CS-O1-C01") area = &u;
  ASSERT_NE(area, nullptr);
  org::UnitPatch p;
  p.rural = true;
  auto changed = org->update_unit(as("admin"), area->id, area->version, p);
  ASSERT_TRUE(changed.ok()) << changed.error().message;
  EXPECT_TRUE(org->snapshot()->unit(area->id)->rural) << "kept by the store";
  org::UnitPatch on_office;
  on_office.rural = true;
  const auto* office = org->snapshot()->unit_by_code("CS-O1");
  auto refused = org->update_unit(as("admin"), office->id, office->version, on_office);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().fields.at(0).field, "rural");

  RouteFrom from;
  from.area_id = area->id;
  from.what = "line x";
  auto r = route(*org->snapshot(), from, now_ms(), TimeZone{});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->rural);
}

// Issue #4's board: a community's open orders, running clocks by deadline, then paused ones, then
// those without a limit; whatever order the states are asked in, page after page, with the total;
// a type filter and newest-first over the same orders (store list(), migration 0013's indexes).
TEST_F(OrderServiceTest, TheBoardListsRunningThenPausedThenUnlimitedOrdersPageByPage) {
  const Order base = fault_in_queue();  // routed into CS-O1-C01's queue, due in 24 hours
  const Millis t = base.created_at;
  struct Spec {
    const char* name;
    State state;
    Millis due, paused;
    OrderType type;
  };
  const std::vector<Spec> specs = {
      {"late", State::assigned, t + 1 * kHour, 0, OrderType::fault},
      {"paused-early", State::waiting, t + 2 * kHour, t, OrderType::complaint},
      {"no-limit-a", State::created, 0, 0, OrderType::other},
      {"soon", State::created, t + 3 * kHour, 0, OrderType::complaint},
      {"closed", State::closed, t + 1, 0, OrderType::fault},
      {"paused-late", State::on_site, t + 30 * kHour, t, OrderType::fault},
      {"tie-first", State::reopened, t + 40 * kHour, 0, OrderType::fault},
      {"tie-second", State::accepted, t + 40 * kHour, 0, OrderType::complaint},
      {"no-limit-b", State::returned, 0, 0, OrderType::fault},
      {"cancelled", State::cancelled, t + 2, 0, OrderType::complaint},
  };
  std::map<std::string, Id> id;
  ASSERT_TRUE(repo->write([&](OrderWriter& w) -> Status {
    Millis created = t;
    for (const auto& sp : specs) {
      Order o = base;
      o.summary = sp.name;
      o.state = sp.state;
      o.type = sp.type;
      o.commit_due_at = sp.due;
      o.paused_since = sp.paused;
      o.created_at = o.updated_at = ++created;
      w.insert_order(o);
      id[sp.name] = o.id;
    }
    return Ok{};
  }).ok());
  const std::vector<Id> by_deadline = {id["late"],        id["soon"],         base.id,          id["tie-first"],
                                       id["tie-second"],  id["paused-early"], id["paused-late"], id["no-limit-a"],
                                       id["no-limit-b"]};
  OrderQuery q;
  q.community_id = base.routing.community_id;
  q.states = {State::reopened, State::on_site, State::created, State::returned, State::waiting, State::assigned,
              State::accepted, State::en_route, State::appointment_booked, State::created};  // any order, a repeat
  q.by_deadline = true;
  q.limit = 4;
  std::vector<Id> seen;
  for (q.offset = 0; q.offset < 12; q.offset += q.limit) {
    const OrderPage page = repo->list(q);
    EXPECT_EQ(page.total, 9);
    for (const auto& o : page.orders) seen.push_back(o.id);
  }
  EXPECT_EQ(seen, by_deadline);

  q.type = OrderType::complaint;
  q.offset = 0;
  q.limit = 50;
  OrderPage complaints = repo->list(q);
  EXPECT_EQ(complaints.total, 3);
  ASSERT_EQ(complaints.orders.size(), 3u);
  EXPECT_EQ(complaints.orders[0].id, id["soon"]);
  EXPECT_EQ(complaints.orders[1].id, id["tie-second"]);
  EXPECT_EQ(complaints.orders[2].id, id["paused-early"]);

  q.type.reset();
  q.by_deadline = false;  // newest first
  OrderPage newest = repo->list(q);
  ASSERT_EQ(newest.orders.size(), 9u);
  EXPECT_EQ(newest.orders.front().id, id["no-limit-b"]);
  EXPECT_EQ(newest.orders.back().id, base.id);
  for (std::size_t i = 1; i < newest.orders.size(); ++i)
    EXPECT_GT(newest.orders[i - 1].created_at, newest.orders[i].created_at);

  q.states = {State::created};  // one state: the scope index's order
  q.by_deadline = true;
  OrderPage created = repo->list(q);
  EXPECT_EQ(created.total, 3);
  ASSERT_EQ(created.orders.size(), 3u);
  EXPECT_EQ(created.orders[0].id, id["soon"]);
  EXPECT_EQ(created.orders[1].id, base.id);
  EXPECT_EQ(created.orders[2].id, id["no-limit-a"]);
}

}  // namespace
}  // namespace bc
