// Piece-rate pay through the real service and store, on SQLite and PostgreSQL, against
// hand-computed amounts (docs/pay.md): each multiplier and deduction, commission, the month
// boundary in Asia/Shanghai, a reassigned order paid to whoever resolved it, a reopened order paid
// once, a closed month immutable with later corrections as adjustments, permissions per role.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <map>

#include "app/demo_loader.hpp"
#include "core/crypto.hpp"
#include "domain/org/service.hpp"
#include "domain/pay/rules.hpp"
#include "domain/pay/service.hpp"
#include "domain/plant/demo.hpp"
#include "fixture.hpp"
#include "store/pay_store.hpp"
#include "store/plant_bulk.hpp"
#include "store/repositories.hpp"

namespace bc {
namespace {
using namespace bc::pay;
using orders::Event;
using orders::Order;
using orders::State;
using testing::FreshDb;

constexpr Millis kMin = 60'000, kHour = 60 * kMin;

// The first service with a monthly fee that the plant demo writes (for the commission).
struct FirstService final : plant::DemoSink {
  plant::DemoSink& inner;
  plant::Service first;
  explicit FirstService(plant::DemoSink& i) : inner(i) {}
  void cross_box(const plant::CrossBox& v) override { inner.cross_box(v); }
  void dist_box(const plant::DistBox& v) override { inner.dist_box(v); }
  void customer(const plant::Customer& v) override { inner.customer(v); }
  void service(const plant::Service& v) override {
    inner.service(v);
    if (!first.id && v.monthly_fee_fen > 0) first = v;
  }
};

struct Facts {
  OrderType type = OrderType::fault;
  bool rural = false;
  Id assignee = 0;          // as first assigned
  Id resolver = 0;          // who resolved it first
  Millis resolved = 0;      // first resolution
  Millis reopened_resolved = 0;  // reopened and resolved again (by the same resolver)
  Millis commit_due = 0, legal_due = 0;
  int satisfaction = 0, solved = -1;
  Id repeat_of = 0, about = 0, service = 0;
  State state = State::closed;
};

class PayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    init_crypto();
    org_repo = store::make_org_repository(*f.db);
    ASSERT_TRUE(app::load_demo(*org_repo, org::DemoSize::city, hash_password("admin-password-1"), TimeZone{}).ok());
    org = std::make_unique<org::OrgService>(*org_repo);
    {
      auto loader = store::make_plant_bulk_loader(*f.db);
      FirstService tee(*loader);
      plant::generate_plant(*org->snapshot(), 40, now_ms(), tee);
      loader->finish();
      service = tee.first;
    }
    ASSERT_GT(service.id, 0);
    order_repo = store::make_order_repository(*f.db);
    repo = store::make_pay_repository(*f.db);
    svc = std::make_unique<PayService>(*repo, *org, TimeZone{});
    svc->ensure_rates(as("admin"), Month{2026, 1});
    auto s = org->snapshot();
    network = s->unit_by_code("CS")->id;
    community = s->unit_by_code("CS-O1-C01")->id;
    office = s->unit_by_code("CS-O1")->id;
    area = s->unit_by_code("CS-A001")->id;
    m1 = s->staff_by_username("cs.m001")->id;
    m2 = s->staff_by_username("cs.m002")->id;
    m3 = s->staff_by_username("cs.m003")->id;
    head = s->staff_by_username("cs.o1.c01")->id;
  }
  auth::Actor as(const std::string& username) {
    auto s = org->snapshot();
    return auth::actor_for(*s, *s->staff_by_username(username));
  }
  // Local time in Asia/Shanghai → UTC ms.
  static Millis sh(int y, int mo, int d, int h, int mi) {
    return Month{y, mo}.start(TimeZone{}) + (d - 1) * 24 * kHour + h * kHour + mi * kMin;
  }
  Id add(const Facts& x) {
    Order o;
    o.type = x.type;
    o.channel = orders::Channel::hotline;
    o.state = x.state;
    o.routing.reason = orders::Routing::Reason::responsible;
    o.routing.network_id = network;
    o.routing.office_id = office;
    o.routing.community_id = community;
    o.routing.area_id = area;
    o.routing.rural = x.rural;
    o.routing.assignee_id = x.resolver;
    o.summary = "测试";
    o.created_by = head;
    o.created_at = x.resolved - 5 * kHour;
    o.resolved_at = x.reopened_resolved ? x.reopened_resolved : x.resolved;
    o.updated_at = now_ms();  // written now, as the service would
    o.commit_due_at = x.commit_due;
    o.legal_due_at = x.legal_due;
    o.satisfaction = x.satisfaction;
    o.solved = x.solved;
    o.repeat_of = x.repeat_of;
    o.about_order_id = x.about;
    o.service_id = x.service;
    auto st = order_repo->write([&](orders::OrderWriter& w) -> Status {
      w.insert_order(o);
      auto event = [&](const char* action, Millis at, Id actor, Id assignee) {
        Event e;
        e.order_id = o.id;
        e.at = at;
        e.actor_id = actor;
        e.action = action;
        e.community_id = community;
        e.assignee_id = assignee;
        w.insert_event(e);
      };
      event("create", o.created_at, head, 0);
      event("assign", o.created_at + kMin, 0, x.assignee ? x.assignee : x.resolver);
      if (x.assignee && x.assignee != x.resolver) event("reassign", o.created_at + 2 * kHour, head, x.resolver);
      event("resolve", x.resolved, x.resolver, x.resolver);
      if (x.reopened_resolved) {
        event("reopen", x.resolved + kHour, head, x.resolver);
        event("resolve", x.reopened_resolved, x.resolver, x.resolver);
      }
      return Ok{};
    });
    EXPECT_TRUE(st.ok());
    return o.id;
  }
  std::map<Id, Line> lines_of(Id run, Id manager) {
    std::map<Id, Line> out;
    for (auto& l : repo->lines(run, manager)) out[l.order_id] = l;
    return out;
  }

  FreshDb f;
  std::unique_ptr<org::OrgRepository> org_repo;
  std::unique_ptr<org::OrgService> org;
  std::unique_ptr<orders::OrderRepository> order_repo;
  std::unique_ptr<PayRepository> repo;
  std::unique_ptr<PayService> svc;
  plant::Service service;
  Id network = 0, community = 0, office = 0, area = 0, m1 = 0, m2 = 0, m3 = 0, head = 0;
};

TEST_F(PayTest, EachMultiplierAndDeductionAsHandComputed) {
  const Millis t = sh(2026, 3, 10, 10, 0);
  // A perfect fault: 800 × 11/10 × 11/10 × 21/20 × 21/20 = 1067.22 → 1067.
  const Id perfect = add({.resolver = m1, .resolved = t, .commit_due = t + kHour, .legal_due = t + 2 * kHour,
                          .satisfaction = 5, .solved = 1});
  // Late for the commitment, score 3, not solved, a repeat fault later: the bare 800.
  const Id bare = add({.resolver = m1, .resolved = t, .commit_due = t - kHour, .legal_due = t + kHour,
                       .satisfaction = 3, .solved = 0});
  add({.resolver = m3, .resolved = sh(2026, 6, 1, 10, 0), .repeat_of = bare, .state = State::resolved});
  // Past the legal limit, an upheld complaint: 800 × 21/20 − 2000 − 1500 = −2660 (no floor).
  const Id bad = add({.resolver = m2, .resolved = t, .commit_due = t - 2 * kHour, .legal_due = t - kHour});
  add({.type = OrderType::complaint, .resolver = head, .resolved = sh(2026, 6, 2, 10, 0), .about = bad});
  // A new line within the commitment: 2000 × 11/10 = 2200, + half the service's monthly fee.
  const Id line = add({.type = OrderType::new_line, .resolver = m2, .resolved = t, .commit_due = t,
                       .service = service.id});
  // A rural hazard with no deadline and no callback: the rural rate 1500 as it is.
  const Id hazard = add({.type = OrderType::hazard, .rural = true, .resolver = m3, .resolved = t});

  auto res = svc->compute(as("cs.o1"), network, Month{2026, 3});
  ASSERT_TRUE(res.ok()) << res.error().message;
  EXPECT_TRUE(res->created);
  EXPECT_EQ(res->run.status, RunStatus::draft);
  const Id run = res->run.id;
  auto one = lines_of(run, m1);
  ASSERT_EQ(one.size(), 2u);
  EXPECT_EQ(one[perfect].amount_fen, 1067);
  EXPECT_EQ(one[perfect].base_fen, 800);
  EXPECT_EQ(one[perfect].parts.size(), 5u);
  EXPECT_EQ(one[bare].amount_fen, 800);
  auto two = lines_of(run, m2);
  EXPECT_EQ(two[bad].amount_fen, -2660);
  EXPECT_EQ(two[line].amount_fen, 2200 + mul_round(service.monthly_fee_fen, 1, 2));
  bool said = false;
  for (const auto& p : two[line].parts)
    if (p.code == "commission") said = p.fen == mul_round(service.monthly_fee_fen, 1, 2) && !p.why_zh.empty();
  EXPECT_TRUE(said) << "the commission says why";
  EXPECT_EQ(lines_of(run, m3)[hazard].amount_fen, 1500);
  // Statements and the run's totals.
  std::map<Id, std::int64_t> total;
  for (const auto& s : repo->statements(run)) total[s.manager_id] = s.total_fen;
  EXPECT_EQ(total[m1], 1067 + 800);
  EXPECT_EQ(total[m2], -2660 + 2200 + mul_round(service.monthly_fee_fen, 1, 2));
  EXPECT_EQ(total[m3], 1500);
  EXPECT_EQ(res->run.total_fen, total[m1] + total[m2] + total[m3]);
}

TEST_F(PayTest, TheMonthEndsAtMidnightInShanghai) {
  // Both instants are 31 March in UTC; the second is already 1 April in Shanghai.
  const Id march = add({.type = OrderType::other, .resolver = m1, .resolved = sh(2026, 3, 31, 23, 59)});
  const Id april = add({.type = OrderType::other, .resolver = m1, .resolved = sh(2026, 4, 1, 0, 1)});
  auto m = svc->compute(as("admin"), network, Month{2026, 3});
  ASSERT_TRUE(m.ok());
  auto in_march = lines_of(m->run.id, m1);
  EXPECT_TRUE(in_march.count(march));
  EXPECT_FALSE(in_march.count(april));
  auto a = svc->compute(as("admin"), network, Month{2026, 4});
  ASSERT_TRUE(a.ok());
  auto in_april = lines_of(a->run.id, m1);
  EXPECT_TRUE(in_april.count(april));
  EXPECT_FALSE(in_april.count(march));
}

TEST_F(PayTest, AReassignedOrderPaysWhoeverResolvedItAndAReopenedOneIsPaidOnce) {
  const Millis t = sh(2026, 3, 12, 9, 0);
  // Assigned to m1, reassigned to m3 who did the work: 500 × 11/10 = 550 to m3.
  const Id moved = add({.type = OrderType::care_visit, .assignee = m1, .resolver = m3, .resolved = t,
                        .commit_due = t + kHour});
  // Resolved in March, reopened, resolved again in April: paid in March only.
  const Id reopened = add({.resolver = m1, .resolved = t, .reopened_resolved = sh(2026, 4, 3, 9, 0),
                           .commit_due = t + kHour, .legal_due = t + 2 * kHour, .satisfaction = 5, .solved = 1});
  auto m = svc->compute(as("admin"), network, Month{2026, 3});
  ASSERT_TRUE(m.ok());
  EXPECT_FALSE(lines_of(m->run.id, m1).count(moved));
  EXPECT_EQ(lines_of(m->run.id, m3)[moved].amount_fen, 550);
  EXPECT_EQ(lines_of(m->run.id, m1)[reopened].amount_fen, 1067);
  auto a = svc->compute(as("admin"), network, Month{2026, 4});
  ASSERT_TRUE(a.ok());
  EXPECT_FALSE(lines_of(a->run.id, 0).count(reopened)) << "paid once";
  // Recomputing the draft gives the same and does not pay it twice either.
  auto again = svc->compute(as("admin"), network, Month{2026, 3});
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->created);
  EXPECT_EQ(again->run.version, 2);
  EXPECT_EQ(again->run.total_fen, m->run.total_fen);
  EXPECT_EQ(again->run.id, m->run.id);
}

TEST_F(PayTest, AClosedMonthNeverChangesAndLaterCorrectionsBecomeAdjustments) {
  const Millis t = sh(2026, 3, 10, 10, 0);
  const Id perfect = add({.resolver = m1, .resolved = t, .commit_due = t + kHour, .legal_due = t + 2 * kHour,
                          .satisfaction = 5, .solved = 1});
  // A new line sold in March: its commission was paid and stays as paid.
  const Id line = add({.type = OrderType::new_line, .resolver = m1, .resolved = t, .commit_due = t,
                       .service = service.id});
  auto m = svc->compute(as("cs.o1"), network, Month{2026, 3});
  ASSERT_TRUE(m.ok());
  // The community head may not approve; the office head may.
  auto refused = svc->approve(as("cs.o1.c01"), m->run.id, m->run.version);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, Errc::forbidden);
  auto stale = svc->approve(as("cs.o1"), m->run.id, m->run.version + 5);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, Errc::conflict);
  auto closed = svc->approve(as("cs.o1"), m->run.id, m->run.version);
  ASSERT_TRUE(closed.ok()) << closed.error().message;
  EXPECT_EQ(closed->status, RunStatus::approved);
  auto twice = svc->approve(as("cs.o1"), m->run.id, closed->version);
  EXPECT_EQ(twice.error().code, Errc::conflict);

  // After the close: a complaint about the March work is upheld in April.
  add({.type = OrderType::complaint, .resolver = head, .resolved = sh(2026, 4, 5, 10, 0), .about = perfect});
  auto again = svc->compute(as("cs.o1"), network, Month{2026, 3});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, Errc::conflict);
  EXPECT_NE(again.error().message.find("closed"), std::string::npos) << again.error().message;
  auto march = lines_of(m->run.id, m1);
  EXPECT_EQ(march[perfect].amount_fen, 1067) << "the closed month is as approved";
  EXPECT_EQ(repo->run(m->run.id)->total_fen, m->run.total_fen);

  auto april = svc->compute(as("cs.o1"), network, Month{2026, 4});
  ASSERT_TRUE(april.ok());
  auto adj = lines_of(april->run.id, m1);
  ASSERT_TRUE(adj.count(perfect));
  EXPECT_EQ(adj[perfect].kind, LineKind::adjustment);
  EXPECT_EQ(adj[perfect].adjusts_month, "2026-03");
  EXPECT_EQ(adj[perfect].amount_fen, -2000) << "1067 − 2000 now, 1067 paid";
  EXPECT_FALSE(adj.count(line)) << "nothing changed about the new line; its commission is not paid again or taken back";
  // Approved in April too: May sees nothing more to correct.
  ASSERT_TRUE(svc->approve(as("admin"), april->run.id, april->run.version).ok());
  auto may = svc->compute(as("admin"), network, Month{2026, 5});
  ASSERT_TRUE(may.ok());
  EXPECT_FALSE(lines_of(may->run.id, m1).count(perfect)) << "corrected once";

  // A rate version may not start in a closed month; a later one is fine, with If-Match.
  RateVersion v = default_rates(Month{2026, 4});
  auto early = svc->add_rates(as("admin"), v, 1);
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().code, Errc::conflict);
  v.effective_from = Month{2026, 6};
  EXPECT_EQ(svc->add_rates(as("admin"), v, 0).error().code, Errc::conflict) << "stale If-Match";
  EXPECT_EQ(svc->add_rates(as("cs.o1"), v, 1).error().code, Errc::forbidden);
  auto added = svc->add_rates(as("admin"), v, 1);
  ASSERT_TRUE(added.ok()) << added.error().message;
  EXPECT_EQ(added->version, 2);
}

TEST_F(PayTest, AManagerSeesOnlyTheirOwnStatement) {
  const Millis t = sh(2026, 3, 10, 10, 0);
  add({.resolver = m1, .resolved = t});
  add({.resolver = m2, .resolved = t});
  add({.type = OrderType::complaint, .resolver = head, .resolved = t});
  auto m = svc->compute(as("admin"), network, Month{2026, 3});
  ASSERT_TRUE(m.ok());
  auto own = svc->statements(as("cs.m001"), m->run.id);
  ASSERT_TRUE(own.ok());
  ASSERT_EQ(own->size(), 1u);
  EXPECT_EQ(own->front().manager_id, m1);
  EXPECT_FALSE(own->front().manager_name.empty());
  EXPECT_TRUE(svc->statement(as("cs.m001"), m->run.id, m1).ok());
  auto other = svc->statement(as("cs.m001"), m->run.id, m2);
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, Errc::forbidden);
  auto heads = svc->statements(as("cs.o1.c01"), m->run.id);
  ASSERT_TRUE(heads.ok());
  EXPECT_EQ(heads->size(), 3u) << "the community head sees their managers and themself";
  EXPECT_EQ(svc->compute(as("cs.o1.c01"), network, Month{2026, 3}).error().code, Errc::forbidden);
  EXPECT_EQ(svc->compute(as("cs.m001"), network, Month{2026, 3}).error().code, Errc::forbidden);
  EXPECT_EQ(svc->runs(as("cs.hotline1"), network).error().code, Errc::forbidden);
}

// The database itself keeps a closed month as approved: statements against an approved run's rows fail.
bool sql_refused(const FreshDb& f, const std::string& sql) {
  if (testing::on_postgres()) {
    try {
      testing::pg_exec(f.url, sql);
      return false;
    } catch (const std::exception&) {
      return true;
    }
  }
  sqlite3* db = nullptr;
  sqlite3_open(f.url.c_str(), &db);
  sqlite3_busy_timeout(db, 5000);
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
  sqlite3_close(db);
  return rc != SQLITE_OK;
}

TEST_F(PayTest, TheDatabaseRefusesChangesToAnApprovedRun) {
  const Millis t = sh(2026, 3, 10, 10, 0);
  add({.resolver = m1, .resolved = t, .commit_due = t + kHour});
  auto m = svc->compute(as("admin"), network, Month{2026, 3});
  ASSERT_TRUE(m.ok());
  const std::string id = std::to_string(m->run.id);
  // A draft's lines may be replaced (that is what a recompute does) …
  EXPECT_FALSE(sql_refused(f, "UPDATE pay_lines SET amount_fen = amount_fen WHERE run_id = " + id));
  ASSERT_TRUE(svc->approve(as("admin"), m->run.id, m->run.version).ok());
  // … an approved run's never: not its lines, not its row, not by adding lines.
  EXPECT_TRUE(sql_refused(f, "UPDATE pay_lines SET amount_fen = amount_fen + 1 WHERE run_id = " + id));
  EXPECT_TRUE(sql_refused(f, "DELETE FROM pay_lines WHERE run_id = " + id));
  EXPECT_TRUE(sql_refused(f, "INSERT INTO pay_lines (run_id, manager_id, order_id, order_code, order_type, kind, "
                             "resolved_at, base_fen, amount_fen) VALUES (" + id + ", 1, 1, 'x', 'fault', 'work', 0, 0, 1)"));
  EXPECT_TRUE(sql_refused(f, "UPDATE pay_runs SET total_fen = 0 WHERE id = " + id));
  EXPECT_TRUE(sql_refused(f, "DELETE FROM pay_runs WHERE id = " + id));
  // Rate versions are never edited either.
  EXPECT_TRUE(sql_refused(f, "UPDATE pay_rates SET rate_fen = 1"));
  EXPECT_TRUE(sql_refused(f, "DELETE FROM pay_rate_versions"));
  auto lines = repo->lines(m->run.id, 0);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].amount_fen, 924) << "800 × 11/10 (in time) × 21/20 (no repeat), as approved";
}

}  // namespace
}  // namespace bc
