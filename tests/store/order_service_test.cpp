// Work-order escalation through the real service and store, on SQLite and PostgreSQL: at 75 % of
// the operator's commitment to the community head, at breach to the office head, once each; not
// for finished orders; concurrent sweepers escalate once.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
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
  EXPECT_EQ(after->version, o.version + 1) << "a new ETag: clients see the escalation";
  EXPECT_EQ(after->system_versions, 1) << "the system's version: a person's If-Match from before still holds";
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

TEST_F(OrderServiceTest, TheBoardFindsTheOrdersEscalatedToEachHead) {
  const Order fault = fault_in_queue();
  CreateInput in;
  in.type = OrderType::complaint;  // answered within days: not escalated at the fault's 18 hours
  in.summary = "装机拖延";
  in.community_id = fault.routing.community_id;
  auto complaint = svc->create(as("cs.hotline1"), in);
  ASSERT_TRUE(complaint.ok()) << complaint.error().message;
  const auto head = as("cs.o1.c01");
  auto board = [&](int min_escalation) {
    OrderQuery q;
    q.community_id = fault.routing.community_id;
    q.states = {State::created, State::assigned, State::accepted, State::appointment_booked, State::en_route,
                State::on_site, State::waiting, State::returned, State::reopened};
    q.by_deadline = true;
    q.min_escalation = min_escalation;
    auto page = svc->list(head, q);
    EXPECT_TRUE(page.ok());
    std::vector<Id> ids;
    for (const auto& o : page->orders) ids.push_back(o.id);
    EXPECT_EQ(page->total, static_cast<std::int64_t>(ids.size())) << "the count says what the page shows";
    return ids;
  };
  EXPECT_EQ(board(0), (std::vector<Id>{fault.id, complaint->id}));
  EXPECT_EQ(board(1), std::vector<Id>{}) << "nothing escalated yet";

  ASSERT_EQ(svc->escalate_due(fault.created_at + 18 * kHour), 1);
  EXPECT_EQ(board(1), std::vector<Id>{fault.id}) << "at 75 %: the community head's";
  EXPECT_EQ(board(2), std::vector<Id>{}) << "not yet the office head's";

  ASSERT_EQ(svc->escalate_due(fault.created_at + 24 * kHour + 1), 1);
  EXPECT_EQ(board(1), std::vector<Id>{fault.id}) << "escalated further is still escalated";
  EXPECT_EQ(board(2), std::vector<Id>{fault.id}) << "breached: the office head's";
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

// The create's answer is made before its group commit, from the order as it will be written; inside
// the transaction only the id is new.
TEST_F(OrderServiceTest, ACreatesAnswerIsPreparedFromTheRoutedOrderAndStoredWithItsIdInTheSameTransaction) {
  CreateInput in;
  in.type = OrderType::fault;
  in.summary = "电话无拨号音";
  in.community_id = org->snapshot()->unit_by_code("CS-O1-C01")->id;
  const auth::Actor hotline = as("cs.hotline1");
  std::optional<Order> draft;
  auto o = svc->create(hotline, in, [&](const Order& d) -> AfterOrderWrite {
    draft = d;
    return [&](OrderWriter& w, const Order& written) {
      w.save_idempotent(hotline.staff_id, "prepared", {"hash", 201, "order " + std::to_string(written.id), ""});
    };
  });
  ASSERT_TRUE(o.ok()) << o.error().message;
  ASSERT_TRUE(draft.has_value());
  EXPECT_EQ(draft->id, 0) << "made before the insert";
  EXPECT_EQ(draft->routing.community_id, o->routing.community_id);
  EXPECT_EQ(draft->commit_due_at, o->commit_due_at);
  EXPECT_EQ(draft->state, o->state);
  EXPECT_EQ(draft->version, o->version);
  auto stored = svc->find_idempotent(hotline.staff_id, "prepared");
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->body, "order " + std::to_string(o->id));
  auto events = repo->events_of(o->id);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].action, "create");
  EXPECT_EQ(events[1].action, "queue");
}

TEST_F(OrderServiceTest, ACreateThatFailsValidationOrRoutingWritesNothing) {
  fault_in_queue();  // something before, so "nothing" is not an empty database
  const auto groups = svc->group_stats();
  const auto events = repo->events_after(0, 100000).size();
  bool prepared = false;
  auto prepare = [&](const Order&) -> AfterOrderWrite {
    prepared = true;
    return {};
  };
  CreateInput no_summary;
  no_summary.type = OrderType::fault;
  no_summary.community_id = org->snapshot()->unit_by_code("CS-O1-C01")->id;
  auto a = svc->create(as("cs.hotline1"), no_summary, prepare);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.error().code, Errc::invalid);
  CreateInput unknown_line;
  unknown_line.type = OrderType::fault;
  unknown_line.summary = "电话无拨号音";
  unknown_line.number = "0000000";
  auto b = svc->create(as("cs.hotline1"), unknown_line, prepare);
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.error().fields.at(0).field, "number");
  EXPECT_FALSE(prepared) << "no answer is made for a refused create";
  EXPECT_EQ(svc->group_stats().changes, groups.changes) << "a refused create does not join a group";
  EXPECT_EQ(repo->events_after(0, 100000).size(), events);
}

// Two retries of one create under the same Idempotency-Key, written in the same group: the first
// keeps its order and stored answer, the second is refused as a conflict (the API then replays the
// first answer) and leaves nothing.
TEST_F(OrderServiceTest, TheSameIdempotencyKeyTwiceInOneGroupKeepsTheFirstAnswerOnly) {
  const auth::Actor hotline = as("cs.hotline1");
  CreateInput in;
  in.type = OrderType::fault;
  in.summary = "电话无拨号音";
  in.community_id = org->snapshot()->unit_by_code("CS-O1-C01")->id;
  // A first create holds the writer until the two retries are ready to queue behind it (their answer
  // is prepared just before they queue), so they share the next group.
  std::mutex mu;
  std::condition_variable cv;
  bool holding = false;
  int prepared = 0;
  std::thread slow([&] {
    auto r = svc->create(hotline, in, [&](const Order&) -> AfterOrderWrite {
      return [&](OrderWriter&, const Order&) {
        std::unique_lock lk(mu);
        holding = true;
        cv.notify_all();
        cv.wait_for(lk, std::chrono::seconds(10), [&] { return prepared == 2; });
        lk.unlock();
        std::this_thread::sleep_for(std::chrono::milliseconds(200));  // from prepared to queued: microseconds
      };
    });
    EXPECT_TRUE(r.ok());
  });
  {
    std::unique_lock lk(mu);
    cv.wait(lk, [&] { return holding; });
  }
  const auto before = svc->group_stats();
  std::optional<Result<Order>> first, second;
  auto retry = [&](std::optional<Result<Order>>& out) {
    out.emplace(svc->create(hotline, in, [&](const Order&) -> AfterOrderWrite {
      {
        std::lock_guard lk(mu);
        ++prepared;
      }
      cv.notify_all();
      return [&](OrderWriter& w, const Order& written) {
        w.save_idempotent(hotline.staff_id, "retried", {"hash", 201, std::to_string(written.id), ""});
      };
    }));
  };
  std::thread t1([&] { retry(first); });
  std::thread t2([&] { retry(second); });
  t1.join();
  t2.join();
  slow.join();
  const auto after = svc->group_stats();
  EXPECT_EQ(after.changes - before.changes, 3u);
  EXPECT_EQ(after.commits - before.commits, 2u) << "the slow create's group, then both retries in one";
  ASSERT_NE(first->ok(), second->ok()) << "exactly one of the two is written";
  const Result<Order>& won = first->ok() ? *first : *second;
  const Result<Order>& lost = first->ok() ? *second : *first;
  EXPECT_EQ(lost.error().code, Errc::conflict);
  auto stored = svc->find_idempotent(hotline.staff_id, "retried");
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->body, std::to_string(won->id)) << "the stored answer is the winner's";
  // The loser's order was rolled back with its savepoint: its id was never committed.
  const auto events = repo->events_after(0, 100000);
  std::set<Id> orders;
  for (const auto& e : events) orders.insert(e.order_id);
  EXPECT_TRUE(orders.count(won->id));
  EXPECT_EQ(repo->events_of(won->id).size(), 2u);
  for (const auto& e : svc->hub().read_after(0, 100000).events)
    EXPECT_TRUE(orders.count(e.order_id)) << "the hub published an event of a change that was undone";
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
  // The whole network's board and the province's (migration 0016's indexes) read the same order.
  for (Id network : {base.routing.network_id, Id{0}}) {
    OrderQuery wide = q;
    wide.community_id = 0;
    wide.network_id = network;
    wide.offset = 0;
    wide.limit = 50;
    const OrderPage page = repo->list(wide);
    EXPECT_EQ(page.total, 9) << "network " << network;
    std::vector<Id> ids;
    for (const auto& o : page.orders) ids.push_back(o.id);
    EXPECT_EQ(ids, by_deadline) << "network " << network;
    wide.by_deadline = false;  // newest first
    const OrderPage newest = repo->list(wide);
    ASSERT_EQ(newest.orders.size(), 9u);
    for (std::size_t i = 1; i < newest.orders.size(); ++i)
      EXPECT_GT(newest.orders[i - 1].created_at, newest.orders[i].created_at);
  }

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


// Board totals come from counts kept in each write's own transaction (migration 0014). After every
// kind of change — creates alone and in groups, an assignment, a move to another community, a
// cancellation, a change refused or thrown inside a group — every board's total equals a count of
// the rows (the same query with a filter the kept counts do not cover), and the row shows the change.
TEST_F(OrderServiceTest, BoardTotalsAndRowsFollowEveryWriteAtOnce) {
  auto snap = org->snapshot();
  const Id c01 = snap->unit_by_code("CS-O1-C01")->id, c02 = snap->unit_by_code("CS-O1-C02")->id;
  const Id o1 = snap->unit_by_code("CS-O1")->id, net = snap->unit_by_code("CS")->id;
  auto manager_in = [&](Id community) -> Id {
    for (const auto& m : snap->all_staff())
      if (m.active && m.role == org::Role::area_manager && snap->enclosing(m.unit_id, org::UnitKind::community) == community)
        return m.id;
    return 0;
  };
  const std::vector<State> open = {State::created,  State::assigned, State::accepted, State::appointment_booked,
                                   State::en_route, State::on_site,  State::waiting,  State::returned,
                                   State::reopened};
  auto board = [&](Id community, std::vector<State> states = {}, std::optional<OrderType> type = {}) {
    OrderQuery q;
    q.community_id = community;
    q.states = states.empty() ? open : states;
    q.type = type;
    q.by_deadline = true;
    return q;
  };
  // Every scope, state mix, type and queue filter: the kept total against a count of the rows.
  auto agree = [&](const std::string& when) {
    SCOPED_TRACE(when);
    int checked = 0;
    for (int scope = 0; scope < 5; ++scope)
      for (const auto& states : std::vector<std::vector<State>>{open, {State::created}, {State::cancelled}, {}})
        for (std::optional<OrderType> type : {std::optional<OrderType>{}, std::optional{OrderType::fault},
                                              std::optional{OrderType::complaint}})
          for (bool queue : {false, true}) {
            OrderQuery q;
            if (scope == 0) q.community_id = c01;
            if (scope == 1) q.community_id = c02;
            if (scope == 2) q.office_id = o1;
            if (scope == 3) q.network_id = net;
            q.states = states;
            q.type = type;
            q.unassigned = queue;
            q.limit = 1;
            OrderQuery rows = q;
            rows.created_from = 1;  // not a kept count: counts work_orders
            EXPECT_EQ(repo->list(q).total, repo->list(rows).total)
                << "scope " << scope << ", " << states.size() << " states, type " << (type ? to_string(*type) : "any")
                << ", queue " << queue;
            ++checked;
          }
    EXPECT_EQ(checked, 120);
  };
  auto complaint_in = [&](const std::string& community) {
    CreateInput in;
    in.type = OrderType::complaint;
    in.summary = "投诉：维修慢";
    in.community_id = org->snapshot()->unit_by_code(community)->id;
    auto o = svc->create(as("cs.hotline1"), in);
    EXPECT_TRUE(o.ok()) << (o.ok() ? "" : o.error().message);
    return o.value();
  };
  auto find = [&](const OrderQuery& q, Id id) -> std::optional<Order> {
    for (auto& o : repo->list(q).orders)
      if (o.id == id) return o;
    return std::nullopt;
  };

  agree("before any order");
  std::vector<Order> faults;
  for (int i = 0; i < 5; ++i) faults.push_back(fault_in_queue("CS-O1-C01"));
  const Order c = complaint_in("CS-O1-C02");
  complaint_in("CS-O1-C02");
  EXPECT_EQ(repo->list(board(c01)).total, 5);
  EXPECT_EQ(repo->list(board(c02, {}, OrderType::complaint)).total, 2);
  agree("after creates");

  // The head assigns a fault to one of the community's managers: out of the queue, into "assigned".
  ActionInput assign;
  assign.action = Action::assign;
  assign.assignee_id = manager_in(c01);
  ASSERT_NE(*assign.assignee_id, 0);
  auto assigned = svc->act(as("cs.o1.c01"), faults[0].id, faults[0].version, assign);
  ASSERT_TRUE(assigned.ok()) << assigned.error().message;
  EXPECT_EQ(repo->list(board(c01, {State::created})).total, 4);
  EXPECT_EQ(repo->list(board(c01, {State::assigned})).total, 1);
  auto row = find(board(c01, {State::assigned}), faults[0].id);
  ASSERT_TRUE(row.has_value()) << "the assigned order is on the board at once";
  EXPECT_EQ(row->version, assigned->version);
  EXPECT_EQ(row->routing.assignee_id, *assign.assignee_id);
  EXPECT_FALSE(find(board(c01, {State::created}), faults[0].id).has_value());
  agree("after an assignment");

  // The office head hands a queued fault to a manager of the other community: it moves boards.
  ActionInput move = assign;
  move.reason = "跨社区支援";
  move.assignee_id = manager_in(c02);
  ASSERT_NE(*move.assignee_id, 0);
  auto moved = svc->act(as("cs.o1"), faults[1].id, faults[1].version, move);
  ASSERT_TRUE(moved.ok()) << moved.error().message;
  EXPECT_EQ(moved->routing.community_id, c02);
  EXPECT_EQ(repo->list(board(c01)).total, 4);
  EXPECT_EQ(repo->list(board(c02)).total, 3);
  EXPECT_TRUE(find(board(c02), faults[1].id).has_value());
  EXPECT_FALSE(find(board(c01), faults[1].id).has_value());
  agree("after a move to another community");

  ActionInput cancel;
  cancel.action = Action::cancel;
  cancel.reason = "用户撤销";
  ASSERT_TRUE(svc->act(as("cs.o1"), c.id, c.version, cancel).ok());
  EXPECT_EQ(repo->list(board(c02, {}, OrderType::complaint)).total, 1);
  EXPECT_EQ(repo->list(board(c02, {State::cancelled})).total, 1);
  agree("after a cancellation");

  // Many writers at once: their changes share transactions (group commit).
  std::vector<std::thread> ts;
  for (int t = 0; t < 8; ++t)
    ts.emplace_back([&, t] {
      for (int i = 0; i < 4; ++i) {
        const Order o = fault_in_queue(t % 2 ? "CS-O1-C01" : "CS-O1-C02");
        if (i % 2) {
          EXPECT_TRUE(svc->act(as("cs.o1"), o.id, o.version, cancel).ok());
        }
      }
    });
  for (auto& t : ts) t.join();
  agree("after concurrent creates and cancellations");

  // Inside one group: a change that wrote an order and was then refused, one that threw, and one
  // that committed. Only the committed one counts.
  Order base = faults[2];
  auto insert_then = [&](int outcome) {
    return [&, outcome](OrderWriter& w) -> Status {
      Order o = base;
      o.id = 0;
      o.version = 1;
      w.insert_order(o);
      if (outcome == 1) return invalid("summary", "refused after writing");
      if (outcome == 2) throw std::runtime_error("boom");
      return Ok{};
    };
  };
  OrderRepository::Change kept = insert_then(0), refused = insert_then(1), thrown = insert_then(2);
  const auto was = repo->list(board(c01)).total;
  auto results = repo->write_group({&refused, &kept, &thrown});
  ASSERT_EQ(results.size(), 3u);
  EXPECT_FALSE(results[0].ok());
  EXPECT_TRUE(results[1].ok());
  EXPECT_FALSE(results[2].ok());
  EXPECT_EQ(repo->list(board(c01)).total, was + 1);
  // A single write that is refused after writing leaves no count either.
  EXPECT_FALSE(repo->write(insert_then(1)).ok());
  EXPECT_EQ(repo->list(board(c01)).total, was + 1);
  agree("after refused and thrown changes");
}


// A board that keeps its rows' text reads the page briefly and only the rows it asks for whole: same
// orders in the same order, the brief ones with what a row's clocks and actions need.
TEST_F(OrderServiceTest, ABriefPageHasTheSameOrdersAndReadsWholeOnlyThoseAskedFor) {
  std::vector<Order> made;
  for (int i = 0; i < 5; ++i) made.push_back(fault_in_queue());
  OrderQuery q;
  q.community_id = made[0].routing.community_id;
  q.states = {State::created};
  q.by_deadline = true;
  const OrderPage whole = repo->list(q);
  ASSERT_EQ(whole.orders.size(), 5u);
  std::vector<Id> asked;
  q.whole = [&](const Order& o) {
    asked.push_back(o.id);
    return o.id == made[2].id;
  };
  const OrderPage brief = repo->list(q);
  EXPECT_EQ(asked.size(), 5u) << "every brief order is offered";
  EXPECT_EQ(brief.total, whole.total);
  ASSERT_EQ(brief.orders.size(), whole.orders.size());
  for (std::size_t i = 0; i < brief.orders.size(); ++i) {
    const Order& b = brief.orders[i];
    const Order& w = whole.orders[i];
    EXPECT_EQ(b.id, w.id) << "the same order at " << i;
    EXPECT_EQ(b.version, w.version);
    EXPECT_EQ(b.state, w.state);
    EXPECT_EQ(b.type, w.type);
    EXPECT_EQ(b.routing.community_id, w.routing.community_id);
    EXPECT_EQ(b.routing.assignee_id, w.routing.assignee_id);
    EXPECT_EQ(b.created_at, w.created_at);
    EXPECT_EQ(b.commit_due_at, w.commit_due_at);
    EXPECT_EQ(b.policy.commitment.minutes, w.policy.commitment.minutes);
    if (b.id == made[2].id) {
      EXPECT_EQ(b.summary, w.summary) << "asked for whole: read whole";
      EXPECT_EQ(b.routing.explain_en, w.routing.explain_en);
    } else {
      EXPECT_TRUE(b.summary.empty()) << "not asked for: no text read";
    }
  }
}

}  // namespace
}  // namespace bc
