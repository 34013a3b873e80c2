// The demo's work-order history through the bulk loader and back through the order repository, on
// SQLite and PostgreSQL: counts, an order's timeline and pauses as generated, the live stream's
// cursor at the last event, and the next live order and event numbered after the history.
#include <gtest/gtest.h>

#include "app/demo_loader.hpp"
#include "core/crypto.hpp"
#include "domain/orders/demo.hpp"
#include "domain/org/service.hpp"
#include "fixture.hpp"
#include "store/order_bulk.hpp"
#include "store/plant_bulk.hpp"
#include "store/repositories.hpp"

namespace bc {
namespace {
using namespace bc::orders;
using testing::FreshDb;

// Feeds the plant to the bulk loader and to the history's collector at once.
struct Tee final : plant::DemoSink {
  plant::DemoSink &a, &b;
  Tee(plant::DemoSink& x, plant::DemoSink& y) : a(x), b(y) {}
  void cross_box(const plant::CrossBox& v) override { a.cross_box(v), b.cross_box(v); }
  void dist_box(const plant::DistBox& v) override { a.dist_box(v), b.dist_box(v); }
  void customer(const plant::Customer& v) override { a.customer(v), b.customer(v); }
  void service(const plant::Service& v) override { a.service(v), b.service(v); }
};

TEST(OrderHistoryLoad, TheDemoHistoryReadsBackThroughTheOrderRepository) {
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
  ASSERT_GT(h.orders.size(), 500u);
  store::load_order_history(*f.db, h);

  auto repo = store::make_order_repository(*f.db);
  OrderQuery all;
  all.limit = 1;
  EXPECT_EQ(repo->list(all).total, static_cast<std::int64_t>(h.orders.size()));
  OrderQuery faults = all;
  faults.type = OrderType::fault;
  EXPECT_EQ(repo->list(faults).total, h.by_type().at("fault"));
  OrderQuery open = all;
  open.states = {State::created, State::assigned, State::accepted, State::appointment_booked, State::en_route,
                 State::on_site, State::waiting};
  EXPECT_EQ(repo->list(open).total, h.open_orders());
  // Those totals are the board counts the loader recounted (migration 0014); per community and
  // queue too, against a count of the rows (createdFrom is not a kept count).
  for (const auto& u : snap->units()) {
    if (u.kind != org::UnitKind::community) continue;
    for (bool queue : {false, true}) {
      OrderQuery q = open;
      q.community_id = u.id;
      q.unassigned = queue;
      OrderQuery rows = q;
      rows.created_from = 1;
      EXPECT_EQ(repo->list(q).total, repo->list(rows).total) << u.code << (queue ? " queue" : "");
    }
  }
  EXPECT_EQ(repo->last_event_id(), static_cast<Id>(h.event_count()));

  // A closed order that waited for its customer: the order, its timeline and its pause as generated.
  const Order* pick = nullptr;
  for (const auto& p : h.pauses) {
    const Order& o = h.orders[static_cast<std::size_t>(p.order_id - 1)];
    if (o.state == State::closed && o.type == OrderType::fault) {
      pick = &o;
      break;
    }
  }
  ASSERT_TRUE(pick);
  auto got = repo->get(pick->id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->state, State::closed);
  EXPECT_EQ(got->type, OrderType::fault);
  EXPECT_EQ(got->created_at, pick->created_at);
  EXPECT_EQ(got->resolved_at, pick->resolved_at);
  EXPECT_EQ(got->cause, pick->cause);
  EXPECT_EQ(got->routing.assignee_id, pick->routing.assignee_id);
  EXPECT_EQ(got->routing.explain_en, pick->routing.explain_en);
  EXPECT_EQ(got->satisfaction, pick->satisfaction);
  EXPECT_EQ(got->repeat_of, pick->repeat_of);
  EXPECT_EQ(got->commit_due_at, pick->commit_due_at);
  const auto events = repo->events_of(pick->id);
  ASSERT_GE(events.size(), 8u);
  std::vector<std::string> actions;
  for (const auto& e : events) actions.push_back(e.action);
  EXPECT_EQ(actions.front(), "create");
  EXPECT_EQ(actions[1], "assign");
  EXPECT_NE(std::find(actions.begin(), actions.end(), "wait"), actions.end());
  EXPECT_NE(std::find(actions.begin(), actions.end(), "resume"), actions.end());
  EXPECT_EQ(actions.back() == "close" || actions.back() == "escalate", true);
  for (std::size_t i = 1; i < events.size(); ++i) {
    EXPECT_GT(events[i].id, events[i - 1].id);
    EXPECT_GE(events[i].at, events[i - 1].at);
  }
  EXPECT_EQ(events[1].note, pick->routing.explain_en);
  EXPECT_FALSE(events[2].actor_name.empty()) << "the manager's name on the timeline";
  const auto pauses = repo->pauses_of(pick->id);
  ASSERT_EQ(pauses.size(), 1u);
  EXPECT_EQ(pauses[0].reason, "customer_unavailable");
  EXPECT_GT(pauses[0].ended_at, pauses[0].started_at);

  // The live stream resumes after the history; the next live order and event come after it.
  EXPECT_EQ(repo->events_after(static_cast<Id>(h.event_count()) - 3, 10).size(), 3u);
  Order next = h.orders.back();
  next.id = 0;
  next.external_ref.clear();
  Event ev;
  ASSERT_TRUE(repo->write([&](OrderWriter& w) -> Status {
    w.insert_order(next);
    ev.order_id = next.id;
    ev.at = anchor + 1;
    ev.action = "create";
    ev.community_id = next.routing.community_id;
    w.insert_event(ev);
    return Ok{};
  }).ok());
  EXPECT_EQ(next.id, static_cast<Id>(h.orders.size()) + 1);
  EXPECT_EQ(ev.id, static_cast<Id>(h.event_count()) + 1);
}

}  // namespace
}  // namespace bc
