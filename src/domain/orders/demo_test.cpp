// The demo history generator: deterministic, at the documented rates, every timeline a legal path
// through the lifecycle table, deadlines mostly met, repeat faults marked only where they repeat.
#include "domain/orders/demo.hpp"

#include <gtest/gtest.h>

#include <map>
#include <unordered_map>

#include "domain/orders/lifecycle.hpp"
#include "domain/org/demo.hpp"

namespace bc::orders {
namespace {

constexpr Millis kDay = 86'400'000;
// 2026-11-26 10:00 Asia/Shanghai: a fixed anchor.
constexpr Millis kAnchor = 1'795'658'400'000;

// The city demo organisation in memory, with ids as the loader gives them, absences around the anchor.
org::OrgSnapshot demo_snapshot() {
  const org::DemoOrg d = org::demo_org(org::DemoSize::city);
  org::OrgSnapshot s;
  s.defer_index = true;
  std::unordered_map<std::string, org::Id> unit_ids, staff_ids;
  org::Id next_unit = 1, next_staff = 1;
  auto put_unit = [&](const org::DemoUnit& du) {
    org::Unit u;
    u.id = next_unit++;
    u.kind = du.kind;
    u.code = du.code;
    u.name = du.name;
    u.parent_id = du.parent_code.empty() ? 0 : unit_ids.at(du.parent_code);
    if (du.kind == org::UnitKind::area) {
      u.responsible_id = staff_ids.at(du.responsible);
      u.backup_id = staff_ids.at(du.backup);
    }
    unit_ids[du.code] = u.id;
    s.put_unit(u);
  };
  for (const auto& du : d.units)
    if (du.kind != org::UnitKind::area) put_unit(du);
  for (const auto& ds : d.staff) {
    org::Staff m;
    m.id = next_staff++;
    m.username = ds.username;
    m.name = ds.name;
    m.role = ds.role;
    m.unit_id = unit_ids.at(ds.unit_code);
    staff_ids[ds.username] = m.id;
    s.put_staff(m);
  }
  for (const auto& du : d.units)
    if (du.kind == org::UnitKind::area) put_unit(du);
  const Millis midnight = (kAnchor + 8 * 3'600'000) / kDay * kDay - 8 * 3'600'000;
  org::Id next_absence = 1;
  for (const auto& da : d.absences) {
    org::Absence a;
    a.id = next_absence++;
    a.staff_id = staff_ids.at(da.username);
    a.starts_at = midnight + da.starts_in_days * kDay;
    a.ends_at = midnight + da.ends_in_days * kDay;
    a.reason = da.reason;
    s.put_absence(a);
  }
  s.defer_index = false;
  s.reindex();
  return s;
}

struct Fixture {
  org::OrgSnapshot org = demo_snapshot();
  HistoryPlant plant;
  History history;
  explicit Fixture(std::int64_t subscribers, Millis anchor = kAnchor) {
    plant::generate_plant(org, subscribers, anchor, plant);
    HistoryOptions opt;
    opt.now = anchor;
    history = generate_history(org, plant, opt);
  }
};

const Fixture& small() {
  static const Fixture f(6000);
  return f;
}

TEST(DemoHistory, TheSameAnchorGivesTheSameHistory) {
  const Fixture a(1500), b(1500);
  ASSERT_EQ(a.history.orders.size(), b.history.orders.size());
  ASSERT_EQ(a.history.event_count(), b.history.event_count());
  for (std::size_t i = 0; i < a.history.orders.size(); ++i) {
    const Order &x = a.history.orders[i], &y = b.history.orders[i];
    ASSERT_EQ(x.created_at, y.created_at);
    ASSERT_EQ(x.state, y.state);
    ASSERT_EQ(x.resolved_at, y.resolved_at);
    ASSERT_EQ(x.summary, y.summary);
  }
  for (std::size_t i = 0; i < a.history.event_count(); ++i) {
    const Event x = a.history.event(i), y = b.history.event(i);
    ASSERT_EQ(x.at, y.at);
    ASSERT_EQ(x.order_id, y.order_id);
    ASSERT_EQ(x.action, y.action);
    ASSERT_EQ(x.detail_json, y.detail_json);
  }
  const Fixture c(1500, kAnchor + kDay);
  EXPECT_NE(c.history.orders.front().created_at, a.history.orders.front().created_at) << "the anchor moves it";
}

TEST(DemoHistory, FaultsRunAtOneToTwoPer100LinesAMonthWithMoreInTheRainyMonths) {
  const auto& f = small();
  const double lines = static_cast<double>(f.plant.terminated_lines());
  ASSERT_GT(lines, 6000);
  std::map<int, int> per_slice;  // 30-day slices back from the anchor
  std::int64_t faults = 0;
  for (const auto& o : f.history.orders) {
    if (o.type != OrderType::fault) continue;
    ++faults;
    ++per_slice[static_cast<int>((kAnchor - o.created_at) / (30 * kDay))];
  }
  const double per_month = static_cast<double>(faults) / lines / 12.0 * 100.0;
  EXPECT_GE(per_month, 1.0);
  EXPECT_LE(per_month, 2.0);
  EXPECT_NEAR(per_month, 1.5, 0.15);
  for (int slice = 0; slice < 12; ++slice) {
    const double rate = per_slice[slice] / lines * 100.0;
    EXPECT_GE(rate, 0.95) << "slice " << slice;
    EXPECT_LE(rate, 2.1) << "slice " << slice;
  }
  // May–June (about 6 slices back from late November) against December–February.
  EXPECT_GT(per_slice[5] + per_slice[6], per_slice[9] + per_slice[10]) << "the rainy season has more faults";
}

TEST(DemoHistory, EveryTypeIsThereInRealisticProportions) {
  const auto& f = small();
  auto by = f.history.by_type();
  for (const char* t : {"fault", "new_line", "broadband", "move", "feature", "complaint", "care_visit", "hazard"})
    EXPECT_GT(by[t], 0) << t;
  EXPECT_GT(by["fault"], by["new_line"]);
  // Complaints: a few per 10,000 subscribers a month.
  const double complaints = static_cast<double>(by["complaint"]) / 6000.0 * 10000.0 / 12.0;
  EXPECT_GE(complaints, 1.0);
  EXPECT_LE(complaints, 8.0);
  for (const auto& o : f.history.orders)
    if (o.type == OrderType::complaint) EXPECT_GT(o.about_order_id, 0) << o.id;
  EXPECT_FALSE(f.history.care_flags.empty());
  // Causes: drop lines first.
  std::map<FaultCause, int> causes;
  for (const auto& o : f.history.orders)
    if (o.cause) ++causes[*o.cause];
  for (auto [c, n] : causes)
    if (c != FaultCause::drop_line) EXPECT_GT(causes[FaultCause::drop_line], n) << to_string(c);
  EXPECT_GT(causes[FaultCause::in_home], causes[FaultCause::cable]);
}

TEST(DemoHistory, EveryTimelineIsALegalPathThroughTheLifecycle) {
  const auto& h = small().history;
  std::unordered_map<Id, Order> at;  // each order as its events leave it
  Id last_id = 0;
  Millis last_at = 0;
  for (std::size_t i = 0; i < h.event_count(); ++i) {
    const Event e = h.event(i);
    ASSERT_GT(e.id, last_id);
    ASSERT_GE(e.at, last_at) << "ids follow time";
    ASSERT_LE(e.at, kAnchor);
    last_id = e.id;
    last_at = e.at;
    const Order& final = h.orders[static_cast<std::size_t>(e.order_id - 1)];
    ASSERT_EQ(final.id, e.order_id);
    EXPECT_EQ(e.community_id == 0, false);
    if (e.action == "create") {
      ASSERT_FALSE(at.count(e.order_id)) << "created once";
      Order o = final;
      o.state = State::created;
      at[e.order_id] = o;
      continue;
    }
    ASSERT_TRUE(at.count(e.order_id)) << "created first: " << e.action;
    Order& o = at[e.order_id];
    ASSERT_EQ(e.from, o.state) << "order " << e.order_id << " " << e.action;
    if (e.action == "queue" || e.action == "escalate") {
      EXPECT_EQ(e.to, o.state);
      continue;
    }
    const auto action = parse_action(e.action);
    ASSERT_TRUE(action) << e.action;
    const Rule* r = rule_for(*action);
    ASSERT_TRUE(r);
    bool from_ok = false;
    for (State s : r->from) from_ok = from_ok || s == o.state;
    if (*action == Action::resolve && needs_site_visit(o.type)) from_ok = o.state == State::on_site;
    EXPECT_TRUE(from_ok) << "order " << e.order_id << ": " << e.action << " from " << to_string(o.state);
    if (*action == Action::wait) o.resume_state = o.state;
    State next = next_state(o, *action);
    if (*action == Action::callback && e.detail_json.find("\"solved\":false") != std::string::npos) next = State::reopened;
    EXPECT_EQ(e.to, next) << "order " << e.order_id << ": " << e.action;
    if (r->who & kAssignee) {
      EXPECT_EQ(e.actor_id, e.assignee_id) << "the assignee acts: " << e.action;
    }
    if (*action == Action::callback) EXPECT_NE(e.actor_id, e.assignee_id) << "never the manager who did the work";
    o.state = e.to;
  }
  for (const auto& o : h.orders) {
    ASSERT_TRUE(at.count(o.id));
    EXPECT_EQ(at[o.id].state, o.state) << "the order is where its timeline leaves it: " << o.id;
  }
}

TEST(DemoHistory, MostMeetTheCommitmentAFewBreachTheLegalLimitSomeStillOpen) {
  const auto& h = small().history;
  int done = 0, within_commit = 0, legal_breach = 0, open = 0, queued = 0;
  for (const auto& o : h.orders) {
    if (!o.resolved_at) {
      ++open;
      queued += o.state == State::created ? 1 : 0;
      continue;
    }
    if (o.type == OrderType::complaint) continue;
    ++done;
    within_commit += o.resolved_at <= o.commit_due_at ? 1 : 0;
    legal_breach += o.legal_due_at && o.resolved_at > o.legal_due_at ? 1 : 0;
    EXPECT_GT(o.closed_at == 0 || o.closed_at > o.resolved_at, 0);
  }
  EXPECT_GT(within_commit, done * 80 / 100);
  EXPECT_GT(legal_breach, done / 200) << "a few per cent breach";
  EXPECT_LT(legal_breach, done * 6 / 100);
  EXPECT_GT(open, 5) << "the boards are not empty";
  EXPECT_LT(open, static_cast<int>(h.orders.size()) / 20);
  EXPECT_GT(h.pauses.size(), 10u);
  (void)queued;
}

TEST(DemoHistory, RepeatOfOnlyForFaultsWithin30DaysOfAnEarlierFaultOnTheSameLine) {
  const auto& h = small().history;
  std::unordered_map<Id, std::vector<const Order*>> faults_of;
  for (const auto& o : h.orders)
    if (o.type == OrderType::fault) faults_of[o.service_id].push_back(&o);
  int repeats = 0, chronic = 0;
  for (const auto& o : h.orders) {
    if (o.type != OrderType::fault) {
      EXPECT_EQ(o.repeat_of, 0);
      continue;
    }
    const Order* expected = nullptr;
    for (const Order* p : faults_of[o.service_id])
      if (p->id < o.id && p->created_at >= o.created_at - 30 * kDay) expected = p;
    EXPECT_EQ(o.repeat_of, expected ? expected->id : 0) << o.id;
    repeats += o.repeat_of ? 1 : 0;
  }
  for (const auto& [svc, list] : faults_of)
    for (std::size_t i = 0; i + 2 < list.size(); ++i)
      if (list[i + 2]->created_at - list[i]->created_at <= 90 * kDay) {
        ++chronic;
        break;
      }
  EXPECT_GT(repeats, 0);
  EXPECT_GE(chronic, 3) << "a handful of lines with 3+ faults in 90 days";
}

TEST(DemoHistory, RoutingIsExplainedInEachLanguageInItsOwnWords) {
  int lines = 0, boxes = 0;
  for (const auto& o : small().history.orders) {
    const std::string& zh = o.routing.explain_zh;
    const std::string& en = o.routing.explain_en;
    ASSERT_FALSE(zh.empty()) << o.id;
    ASSERT_FALSE(en.empty()) << o.id;
    EXPECT_EQ(zh.find("line "), std::string::npos) << o.id << ": " << zh;
    EXPECT_EQ(zh.find("distribution box"), std::string::npos) << o.id << ": " << zh;
    if (o.routing.reason == Routing::Reason::manual) continue;  // a reassignment's own words
    if (!o.number.empty()) {
      ++lines;
      EXPECT_NE(zh.find("线路 " + o.number), std::string::npos) << o.id << ": " << zh;
      EXPECT_NE(en.find("line " + o.number), std::string::npos) << o.id << ": " << en;
    } else if (zh.find("分线盒 ") == 0) {
      ++boxes;
    }
  }
  EXPECT_GT(lines, 0);
  EXPECT_GT(boxes, 0) << "orders about a box (hazards) name it in Chinese too";
}

}  // namespace
}  // namespace bc::orders
