// The work order's lifecycle table, exhaustively: every action from every state, by each kind of
// actor; and routing with absences and unowned lines.
#include "domain/orders/lifecycle.hpp"

#include <gtest/gtest.h>

#include <set>

#include "domain/orders/routing.hpp"

namespace bc::orders {
namespace {
using org::Role;
using org::UnitKind;

constexpr Millis kHour = 3'600'000;
constexpr Millis kNow = 1'795'000'000'000;  // November 2026

org::OrgSnapshot org_fixture() {
  org::OrgSnapshot s;
  auto unit = [&](org::Id id, UnitKind k, const char* code, org::Id parent, org::Id resp = 0, org::Id backup = 0) {
    org::Unit u;
    u.id = id;
    u.kind = k;
    u.code = code;
    u.name = code;
    u.parent_id = parent;
    u.responsible_id = resp;
    u.backup_id = backup;
    s.put_unit(u);
  };
  unit(1, UnitKind::province, "HN", 0);
  unit(2, UnitKind::local_network, "CS", 1);
  unit(3, UnitKind::centre, "CS-C", 2);
  unit(4, UnitKind::office, "CS-O1", 3);
  unit(5, UnitKind::community, "CS-O1-C01", 4);
  unit(6, UnitKind::community, "CS-O1-C02", 4);
  auto staff = [&](org::Id id, const char* name, Role r, org::Id unit_id) {
    org::Staff m;
    m.id = id;
    m.username = name;
    m.name = name;
    m.role = r;
    m.unit_id = unit_id;
    s.put_staff(m);
  };
  staff(10, "li", Role::area_manager, 5);
  staff(11, "wang", Role::area_manager, 5);
  staff(12, "head", Role::community_head, 5);
  staff(13, "hotline", Role::hotline_agent, 3);
  staff(14, "auditor", Role::auditor, 2);
  staff(15, "zhao", Role::area_manager, 6);
  staff(16, "head2", Role::community_head, 6);
  unit(7, UnitKind::area, "CS-A001", 5, 10, 11);
  unit(8, UnitKind::area, "CS-A002", 6, 15, 15);
  return s;
}

auth::Actor actor(const org::OrgSnapshot& s, org::Id id) { return auth::actor_for(s, *s.staff(id)); }

Order order_in(State st, OrderType type = OrderType::fault) {
  Order o;
  o.id = 1;
  o.type = type;
  o.state = st;
  o.routing.community_id = 5;
  o.routing.area_id = 7;
  o.routing.assignee_id = 10;
  o.version = 3;
  return o;
}

constexpr State kAllStates[] = {State::created,  State::assigned, State::accepted, State::appointment_booked,
                                State::en_route, State::on_site,  State::waiting,  State::resolved,
                                State::confirmed, State::closed,  State::returned, State::cancelled,
                                State::reopened};

TEST(Lifecycle, EveryActionFromEveryStateFollowsTheTable) {
  auto s = org_fixture();
  // The actor that has every relation the rule asks for: the assignee for assignee actions, the
  // community head for head and desk actions.
  const auto manager = actor(s, 10), head = actor(s, 12);
  int allowed = 0, refused = 0;
  for (const Rule& r : all_rules()) {
    const std::set<State> from(r.from.begin(), r.from.end());
    for (State st : kAllStates) {
      const Order o = order_in(st, OrderType::fault);
      const auto& who = (r.who & kAssignee) ? manager : head;
      auto res = check(s, who, o, r.action, "because");
      if (from.count(st)) {
        EXPECT_TRUE(res.ok()) << to_string(r.action) << " from " << to_string(st) << ": " << res.error().message;
        EXPECT_EQ(next_state(o, r.action), r.action == Action::resume ? o.resume_state : r.to);
        ++allowed;
      } else {
        ASSERT_FALSE(res.ok()) << to_string(r.action) << " from " << to_string(st) << " must be refused";
        EXPECT_EQ(res.error().code, Errc::conflict) << to_string(r.action) << " from " << to_string(st);
        EXPECT_EQ(res.error().current_version, 3);
        ++refused;
      }
    }
  }
  EXPECT_EQ(allowed + refused, 14 * 13);
  // The from-lists, counted by hand: assign 3, reassign 6, accept 1, book 3, depart 2, arrive 3,
  // wait 4, resume 1, resolve 4, callback 1, close 1, return 2, cancel 9, reopen 3.
  EXPECT_EQ(allowed, 43);
}

TEST(Lifecycle, TheHappyPathOfAFault) {
  auto s = org_fixture();
  const auto manager = actor(s, 10), hotline = actor(s, 13), head = actor(s, 12);
  Order o = order_in(State::assigned);
  for (auto [who, action, to] : {std::tuple{&manager, Action::accept, State::accepted},
                                 std::tuple{&manager, Action::book, State::appointment_booked},
                                 std::tuple{&manager, Action::depart, State::en_route},
                                 std::tuple{&manager, Action::arrive, State::on_site},
                                 std::tuple{&manager, Action::resolve, State::resolved},
                                 std::tuple{&hotline, Action::callback, State::confirmed},
                                 std::tuple{&head, Action::close, State::closed}}) {
    auto st = check(s, *who, o, action, "");
    ASSERT_TRUE(st.ok()) << to_string(action) << ": " << st.error().message;
    o.state = next_state(o, action);
    EXPECT_EQ(o.state, to);
  }
}

TEST(Lifecycle, WhoMayDoWhat) {
  auto s = org_fixture();
  const auto manager = actor(s, 10), backup = actor(s, 11), head = actor(s, 12), hotline = actor(s, 13),
             auditor = actor(s, 14), other_head = actor(s, 16);
  const Order assigned = order_in(State::assigned);
  EXPECT_TRUE(check(s, manager, assigned, Action::accept, "").ok());
  // Only the assignee accepts: not the backup, not the head, not the desk.
  for (const auto* a : {&backup, &head, &hotline, &auditor})
    EXPECT_EQ(check(s, *a, assigned, Action::accept, "").error().code, Errc::forbidden) << a->username;
  // Reassigning is a head's, over their own community only.
  EXPECT_TRUE(check(s, head, assigned, Action::reassign, "on leave").ok());
  EXPECT_EQ(check(s, other_head, assigned, Action::reassign, "x").error().code, Errc::forbidden);
  EXPECT_EQ(check(s, manager, assigned, Action::reassign, "x").error().code, Errc::forbidden);
  // The callback is independent of the manager who did the work.
  const Order resolved = order_in(State::resolved);
  EXPECT_TRUE(check(s, hotline, resolved, Action::callback, "").ok());
  EXPECT_EQ(check(s, manager, resolved, Action::callback, "").error().code, Errc::forbidden);
  EXPECT_EQ(check(s, auditor, resolved, Action::callback, "").error().code, Errc::forbidden);
  // Reasons are required where the table says so.
  auto no_reason = check(s, head, assigned, Action::cancel, "  ");
  ASSERT_FALSE(no_reason.ok());
  EXPECT_EQ(no_reason.error().code, Errc::unprocessable);
  EXPECT_EQ(no_reason.error().fields.at(0).field, "reason");
  // The console's buttons are exactly the allowed actions.
  auto acts = available(s, manager, assigned);
  EXPECT_EQ(acts, (std::vector<Action>{Action::accept, Action::return_}));
  EXPECT_TRUE(available(s, auditor, assigned).empty());
}

TEST(Lifecycle, SiteWorkIsResolvedOnSiteOnly) {
  auto s = org_fixture();
  const auto manager = actor(s, 10);
  auto early = check(s, manager, order_in(State::accepted, OrderType::new_line), Action::resolve, "");
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().code, Errc::conflict);
  EXPECT_TRUE(check(s, manager, order_in(State::on_site, OrderType::new_line), Action::resolve, "").ok());
  // A fault may be cleared remotely (at the exchange) without going on site.
  EXPECT_TRUE(check(s, manager, order_in(State::accepted, OrderType::fault), Action::resolve, "").ok());
}

TEST(Lifecycle, ResumeGoesBackToWhereTheOrderWaited) {
  Order o = order_in(State::waiting);
  o.resume_state = State::on_site;
  EXPECT_EQ(next_state(o, Action::resume), State::on_site);
}

TEST(Routing, ResponsibleThenBackupThenTheCommunityQueue) {
  auto s = org_fixture();
  RouteFrom from;
  from.area_id = 7;
  from.dist_box_id = 99;
  from.box_code = "CS-A001-X01-D01";
  from.what = "line 073180000000";
  TimeZone tz;
  auto r = route(s, from, kNow, tz);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->reason, Routing::Reason::responsible);
  EXPECT_EQ(r->assignee_id, 10);
  EXPECT_EQ(r->community_id, 5);
  EXPECT_EQ(r->office_id, 4);
  EXPECT_EQ(r->network_id, 2);
  EXPECT_NE(r->explain_en.find("Area CS-A001"), std::string::npos) << r->explain_en;
  EXPECT_NE(r->explain_en.find("CS-A001-X01-D01"), std::string::npos) << r->explain_en;

  org::Absence leave;
  leave.id = 1;
  leave.staff_id = 10;
  leave.starts_at = kNow - 24 * kHour;
  leave.ends_at = kNow + 48 * kHour;
  s.put_absence(leave);
  r = route(s, from, kNow, tz);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->reason, Routing::Reason::backup);
  EXPECT_EQ(r->assignee_id, 11);
  EXPECT_NE(r->explain_en.find("until"), std::string::npos) << r->explain_en;
  EXPECT_NE(r->explain_en.find("Routed to the backup, wang"), std::string::npos) << r->explain_en;
  EXPECT_NE(r->explain_zh.find("备岗"), std::string::npos) << r->explain_zh;

  org::Absence sick = leave;
  sick.id = 2;
  sick.staff_id = 11;
  s.put_absence(sick);
  r = route(s, from, kNow, tz);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->reason, Routing::Reason::community_queue);
  EXPECT_EQ(r->assignee_id, 0);
  EXPECT_EQ(r->community_id, 5);
  EXPECT_EQ(r->area_id, 7) << "the area still owns it";
  // After both are back, the manager again.
  r = route(s, from, kNow + 72 * kHour, tz);
  EXPECT_EQ(r->assignee_id, 10);
}

TEST(Routing, NothingOwnsTheLine) {
  auto s = org_fixture();
  RouteFrom from;
  from.what = "line 0731999";
  auto none = route(s, from, kNow, {});
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, Errc::unprocessable);
  EXPECT_EQ(none.error().fields.at(0).field, "communityId");
  from.community_id = 6;
  auto q = route(s, from, kNow, {});
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->reason, Routing::Reason::community_queue);
  EXPECT_EQ(q->community_id, 6);
  EXPECT_EQ(q->area_id, 0);
  EXPECT_NE(q->explain_en.find("No area owns line 0731999"), std::string::npos) << q->explain_en;
}

TEST(Routing, ReassignStaysInTheHeadsPart) {
  auto s = org_fixture();
  const auto head = actor(s, 12);
  Routing cur;
  cur.community_id = 5;
  cur.area_id = 7;
  cur.assignee_id = 10;
  auto r = reassign(s, cur, 11, head, "li is on a course");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->assignee_id, 11);
  EXPECT_EQ(r->reason, Routing::Reason::manual);
  EXPECT_NE(r->explain_en.find("li is on a course"), std::string::npos);
  auto far = reassign(s, cur, 15, head, "x");  // a manager of another community
  ASSERT_FALSE(far.ok());
  EXPECT_EQ(far.error().fields.at(0).field, "assigneeId");
  auto not_manager = reassign(s, cur, 13, head, "x");
  ASSERT_FALSE(not_manager.ok());
  auto queue = reassign(s, cur, 0, head, "back to the pool");
  ASSERT_TRUE(queue.ok());
  EXPECT_EQ(queue->assignee_id, 0);
  EXPECT_EQ(queue->reason, Routing::Reason::community_queue);
}

}  // namespace
}  // namespace bc::orders
