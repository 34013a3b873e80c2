// Issue #4: the system's changes to an order (the sweeper's escalation, due times moved by a calendar
// change) and a person's action landing between each other's read and write, on SQLite and
// PostgreSQL. Before the fix an action wrote every column from its copy, so an escalation or a
// calendar move committed between the action's read and its write was silently overwritten, and the
// sweeper escalated an order someone had just cancelled. Now each writes only on the version it read
// (the loser reads again), every change makes a new version (the ETag), and a person's If-Match from
// before a system change still holds.
#include <gtest/gtest.h>

#include <functional>

#include "app/demo_loader.hpp"
#include "core/crypto.hpp"
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

// The real repository, with a hook run once right after the next read of each kind: the place where
// another writer slips in between a reader and its write.
class InterleavingRepo final : public OrderRepository {
 public:
  explicit InterleavingRepo(OrderRepository& r) : r_(r) {}
  std::function<void()> after_get, after_list, after_due;

  Status write(const std::function<Status(OrderWriter&)>& fn) override { return r_.write(fn); }
  std::vector<Status> write_group(const std::vector<const Change*>& changes) override { return r_.write_group(changes); }
  std::optional<Order> get(Id id) override {
    auto o = r_.get(id);
    fire(after_get);
    return o;
  }
  OrderPage list(const OrderQuery& q) override {
    auto p = r_.list(q);
    fire(after_list);
    return p;
  }
  std::vector<Order> due_for_escalation(Millis now, int limit) override {
    auto v = r_.due_for_escalation(now, limit);
    fire(after_due);
    return v;
  }
  std::vector<Event> events_of(Id order_id) override { return r_.events_of(order_id); }
  std::vector<Event> events_after(Id after_id, int limit) override { return r_.events_after(after_id, limit); }
  Id last_event_id() override { return r_.last_event_id(); }
  std::vector<DeadlineSetting> deadline_settings() override { return r_.deadline_settings(); }
  std::vector<DayOverride> calendar_days() override { return r_.calendar_days(); }
  std::vector<RepeatLine> repeat_lines(const OrderQuery& scope, Millis since, int min_faults, int limit) override {
    return r_.repeat_lines(scope, since, min_faults, limit);
  }
  std::vector<PauseRecord> pauses_of(Id order_id) override { return r_.pauses_of(order_id); }
  std::optional<Id> last_fault(Id service_id, Millis since, Id except) override {
    return r_.last_fault(service_id, since, except);
  }
  std::optional<Id> find_by_external_ref(Channel channel, const std::string& ref) override {
    return r_.find_by_external_ref(channel, ref);
  }
  std::optional<org::IdempotentResponse> find_idempotent(Id actor, const std::string& key) override {
    return r_.find_idempotent(actor, key);
  }

 private:
  static void fire(std::function<void()>& hook) {
    if (!hook) return;
    auto h = std::move(hook);
    hook = nullptr;
    h();
  }
  OrderRepository& r_;
};

class OrderVersionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    init_crypto();
    org_repo = store::make_org_repository(*f.db);
    ASSERT_TRUE(app::load_demo(*org_repo, org::DemoSize::city, hash_password("admin-password-1"), TimeZone{}).ok());
    org = std::make_unique<org::OrgService>(*org_repo);
    plant_repo = store::make_plant_repository(*f.db);
    plant = std::make_unique<plant::PlantService>(*plant_repo, *org);
    plant->load();
    real = store::make_order_repository(*f.db);
    repo = std::make_unique<InterleavingRepo>(*real);
    svc = std::make_unique<OrderService>(*repo, *org, *plant, TimeZone{});
  }
  auth::Actor as(const std::string& username) {
    auto s = org->snapshot();
    return auth::actor_for(*s, *s->staff_by_username(username));
  }
  Order in_queue(OrderType type) {
    CreateInput in;
    in.type = type;
    in.summary = type == OrderType::fault ? "电话无拨号音" : "新装固话";
    in.contact_name = "王芳";
    in.community_id = org->snapshot()->unit_by_code("CS-O1-C01")->id;
    auto o = svc->create(as("cs.hotline1"), in);
    EXPECT_TRUE(o.ok()) << (o.ok() ? "" : o.error().message);
    return o.value();
  }
  // An active area manager of CS-O1-C01, to assign to.
  Id manager() {
    auto s = org->snapshot();
    const Id community = s->unit_by_code("CS-O1-C01")->id;
    for (const auto& m : s->all_staff())
      if (m.active && m.role == org::Role::area_manager && s->enclosing(m.unit_id, org::UnitKind::community) == community)
        return m.id;
    ADD_FAILURE() << "no area manager in CS-O1-C01";
    return 0;
  }
  ActionInput assign() {
    ActionInput in;
    in.action = Action::assign;
    in.assignee_id = manager();
    return in;
  }
  int count(Id order, const std::string& action) {
    int n = 0;
    for (auto& e : real->events_of(order)) n += e.action == action;
    return n;
  }
  // A holiday on the local day the order's commitment falls due: its working clock moves past it.
  DayOverride holiday_on_due_day(const Order& o) {
    DayOverride d;
    d.date = svc->calendar()->local_date(o.commit_due_at);
    d.kind = DayKind::holiday;
    d.name = "台风停工";
    return d;
  }

  FreshDb f;
  std::unique_ptr<org::OrgRepository> org_repo;
  std::unique_ptr<org::OrgService> org;
  std::unique_ptr<plant::PlantRepository> plant_repo;
  std::unique_ptr<plant::PlantService> plant;
  std::unique_ptr<OrderRepository> real;
  std::unique_ptr<InterleavingRepo> repo;
  std::unique_ptr<OrderService> svc;
};

TEST_F(OrderVersionsTest, AnEscalationIsANewVersionAndAnActionNamingTheVersionBeforeItStillHolds) {
  const Order o = in_queue(OrderType::fault);
  ASSERT_EQ(svc->escalate_due(o.created_at + 19 * kHour), 1);
  const auto escalated = real->get(o.id);
  EXPECT_EQ(escalated->escalation, 1);
  EXPECT_EQ(escalated->version, o.version + 1) << "the ETag changes with what clients see";
  EXPECT_EQ(escalated->system_versions, 1);

  auto done = svc->act(as("cs.o1.c01"), o.id, o.version, assign());
  ASSERT_TRUE(done.ok()) << "the system's change does not make the head's If-Match stale: " << done.error().message;
  const auto after = real->get(o.id);
  EXPECT_EQ(after->state, State::assigned);
  EXPECT_EQ(after->escalation, 1) << "the escalation stays";
  EXPECT_EQ(after->version, o.version + 2);
  EXPECT_EQ(after->system_versions, 0);
  EXPECT_EQ(done->version, after->version);

  // A person's change since the named version is a conflict, as always.
  auto stale = svc->act(as("cs.o1.c01"), o.id, o.version + 1, assign());
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, Errc::conflict);
  EXPECT_EQ(real->get(o.id)->version, o.version + 2) << "the refused action wrote nothing";
}

TEST_F(OrderVersionsTest, Issue4EscalationBetweenAnActionsReadAndItsWriteIsNotOverwritten) {
  const Order o = in_queue(OrderType::fault);
  int escalated = -1;
  // The head's assign reads the order; the sweeper escalates it before the assign writes.
  repo->after_get = [&] { escalated = svc->escalate_due(o.created_at + 19 * kHour); };
  auto done = svc->act(as("cs.o1.c01"), o.id, o.version, assign());
  ASSERT_EQ(escalated, 1) << "the escalation committed in between";
  ASSERT_TRUE(done.ok()) << done.error().message;
  const auto after = real->get(o.id);
  EXPECT_EQ(after->state, State::assigned) << "the action is there";
  EXPECT_EQ(after->escalation, 1) << "and so is the escalation";
  EXPECT_EQ(after->next_escalation_at, o.created_at + 24 * kHour + 1) << "next: the office head at breach";
  EXPECT_EQ(after->version, o.version + 2);
  EXPECT_EQ(count(o.id, "escalate"), 1);
  EXPECT_EQ(count(o.id, "assign"), 1);
}

TEST_F(OrderVersionsTest, Issue4AnActionBetweenTheSweepersReadAndItsWriteWinsNoEscalationOfACancelledOrder) {
  const Order o = in_queue(OrderType::fault);
  ActionInput cancel;
  cancel.action = Action::cancel;
  cancel.reason = "用户撤销";
  // The sweeper reads the order as due; the head cancels it before the sweeper writes.
  repo->after_due = [&] { ASSERT_TRUE(svc->act(as("cs.o1.c01"), o.id, o.version, cancel).ok()); };
  EXPECT_EQ(svc->escalate_due(o.created_at + 19 * kHour), 0);
  const auto after = real->get(o.id);
  EXPECT_EQ(after->state, State::cancelled);
  EXPECT_EQ(after->escalation, 0) << "a cancelled order is not escalated";
  EXPECT_EQ(after->next_escalation_at, 0);
  EXPECT_EQ(after->version, o.version + 1);
  EXPECT_EQ(count(o.id, "escalate"), 0);
  EXPECT_EQ(svc->escalate_due(o.created_at + 19 * kHour), 0) << "nor on the next sweep";
}

TEST_F(OrderVersionsTest, Issue4CalendarMoveBetweenAnActionsReadAndItsWriteIsNotOverwritten) {
  const Order o = in_queue(OrderType::new_line);  // the operator's commitment runs on working days
  ASSERT_GT(o.commit_due_at, 0);
  // The head's assign reads the order; an administrator makes its due day a holiday before it writes.
  bool moved = false;
  repo->after_get = [&] { moved = svc->set_calendar_day(as("admin"), holiday_on_due_day(o)).ok(); };
  auto done = svc->act(as("cs.o1.c01"), o.id, o.version, assign());
  ASSERT_TRUE(moved);
  ASSERT_TRUE(done.ok()) << done.error().message;
  const auto after = real->get(o.id);
  EXPECT_EQ(after->state, State::assigned) << "the action is there";
  EXPECT_GE(after->commit_due_at - o.commit_due_at, 12 * kHour) << "and so is the deadline moved past the holiday";
  EXPECT_EQ(after->version, o.version + 2) << "the calendar move was a version of its own";
  EXPECT_EQ(done->commit_due_at, after->commit_due_at) << "the answer shows it too";
}

TEST_F(OrderVersionsTest, Issue4AnActionBetweenACalendarMovesReadAndItsWriteIsNotOverwritten) {
  const Order o = in_queue(OrderType::new_line);
  const DayOverride holiday = holiday_on_due_day(o);
  // The calendar change reads the running orders; the head assigns this one before the new due times are written.
  repo->after_list = [&] { ASSERT_TRUE(svc->act(as("cs.o1.c01"), o.id, o.version, assign()).ok()); };
  ASSERT_TRUE(svc->set_calendar_day(as("admin"), holiday).ok());
  const auto after = real->get(o.id);
  EXPECT_EQ(after->state, State::assigned) << "the action is there";
  EXPECT_GE(after->commit_due_at - o.commit_due_at, 12 * kHour) << "and so is the deadline moved past the holiday";
  EXPECT_EQ(after->version, o.version + 2);
  EXPECT_EQ(after->system_versions, 1) << "the head's If-Match from the assign still holds";
}

}  // namespace
}  // namespace bc
