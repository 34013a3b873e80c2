// Billing import, rollups, targets and the seller rule through the real store, on SQLite and
// PostgreSQL (docs/revenue.md): what an office user checks — every bad row with line, column and
// reason, idempotent re-imports, figures that add up, completion and gap against hand-computed
// values, month boundaries in Asia/Shanghai, and who may see and set what.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <algorithm>
#include <sstream>

#include "app/demo_loader.hpp"
#include "core/crypto.hpp"
#include "domain/imports/importer.hpp"
#include "domain/kpi/service.hpp"
#include "domain/org/service.hpp"
#include "domain/revenue/demo.hpp"
#include "domain/revenue/service.hpp"
#include "fixture.hpp"
#include "store/kpi_store.hpp"
#include "store/plant_import.hpp"
#include "store/repositories.hpp"
#include "store/revenue_store.hpp"

namespace bc {
namespace {
using imports::Kind;
using imports::Report;
using testing::FreshDb;
using revenue::Id;

const std::string kRev = "month,service,amount_yuan\n";

class RevenueTest : public ::testing::Test {
 protected:
  void SetUp() override {
    init_crypto();
    org_repo = store::make_org_repository(*f.db);
    ASSERT_TRUE(app::load_demo(*org_repo, org::DemoSize::city, hash_password("admin-password-1"), TimeZone{}).ok());
    org = std::make_unique<org::OrgService>(*org_repo);
    repo = store::make_import_repository(*f.db);
    rev_repo = store::make_revenue_repository(*f.db);
    svc = std::make_unique<revenue::RevenueService>(*rev_repo, *org, tz);
    // Areas CS-A001 and CS-A002 are in community CS-O1-C01, CS-A007 in CS-O1-C02 (office CS-O1).
    auto r = run(Kind::cross_boxes, "code,name,network,area,lat,lng,address,primary_pairs,distribution_pairs\n"
                                    "X-1,一号,CS,,28.1,112.9,,0,0\n");
    ASSERT_EQ(r.inserted, 1) << imports::format_report(r, "x");
    r = run(Kind::dist_boxes, "code,cross_box,area,lat,lng,mount,address,capacity\n"
                              "D-1,X-1,CS-A001,,,,,20\nD-2,X-1,CS-A002,,,,,20\nD-7,X-1,CS-A007,,,,,20\n");
    ASSERT_EQ(r.inserted, 3) << imports::format_report(r, "x");
    r = run(Kind::customers, "code,kind,name,phones,id_type,id_number,district,street,community,building,unit,room,network\n"
                             "C-1,person,李芳,,,,,,,,,,CS\n");
    ASSERT_EQ(r.inserted, 1) << imports::format_report(r, "x");
    // S-1 (A001) and S-2 (A002) started in March 2026 Shanghai time; S-7 (A007) long ago;
    // S-9 hangs off no box (its revenue belongs to the local network); S-1C rides on S-1.
    r = run(Kind::services,
            "code,customer,account,kind,number,speed_mbps,dist_box,pair,parent,status,start_date,monthly_fee_fen\n"
            "S-1,C-1,,fixed_line,073188001001,,D-1,1,,active,2026-03-01,2500\n"
            "S-2,C-1,,fixed_line,073188001002,,D-2,1,,active,2026-03-31,2500\n"
            "S-7,C-1,,broadband,bb001,100,D-7,2,,active,2020-01-15,9900\n"
            "S-9,C-1,,other,x-9,,,,,active,2020-01-15,0\n"
            "S-1C,C-1,,caller_id,073188001001,,,,S-1,active,2026-03-01,600\n");
    ASSERT_EQ(r.inserted, 5) << imports::format_report(r, "x");
  }
  Report run(Kind kind, const std::string& csv, bool dry_run = false) {
    std::istringstream in(csv);
    imports::ImportOptions o;
    o.kind = kind;
    o.dry_run = dry_run;
    o.tz = tz;
    o.source = "billing.csv";
    return imports::run_import(in, o, *repo);
  }
  long long count(const std::string& sql) {
    return f.db->with([&](soci::session& s) {
      long long n = 0;
      soci::indicator ind = soci::i_ok;
      s << sql, soci::into(n, ind);
      return ind == soci::i_ok ? n : 0LL;
    });
  }
  void exec(const std::string& sql) {
    f.db->with([&](soci::session& s) { s << sql; });
  }
  Id unit(const std::string& code) { return org->snapshot()->unit_by_code(code)->id; }
  Id staff(const std::string& username) { return org->snapshot()->staff_by_username(username)->id; }
  auth::Actor as(const std::string& username) {
    auto s = org->snapshot();
    return auth::actor_for(*s, *s->staff_by_username(username));
  }
  static std::string errors_of(const Report& r) {
    std::string out;
    for (const auto& e : r.errors) out += std::to_string(e.line) + "|" + e.column + "|" + e.reason + "\n";
    return out;
  }
  // The rollups equal the sum of the rows they roll up, for every unit, seller and month.
  void expect_rollups_exact() {
    EXPECT_EQ(count("SELECT count(*) FROM (SELECT unit_id, month, SUM(amount_fen) AS a, COUNT(*) AS n FROM "
                    "service_revenue GROUP BY unit_id, month) x FULL OUTER JOIN (SELECT * FROM revenue_area_month "
                    "WHERE services <> 0 OR amount_fen <> 0) r ON r.unit_id = x.unit_id AND r.month = x.month "
                    "WHERE x.a IS DISTINCT FROM r.amount_fen OR x.n IS DISTINCT FROM r.services"),
              0);
    EXPECT_EQ(count("SELECT count(*) FROM (SELECT seller_id, month, SUM(amount_fen) AS a, COUNT(*) AS n FROM "
                    "service_revenue WHERE seller_id IS NOT NULL GROUP BY seller_id, month) x FULL OUTER JOIN "
                    "(SELECT * FROM revenue_seller_month WHERE services <> 0 OR amount_fen <> 0) r ON "
                    "r.staff_id = x.seller_id AND r.month = x.month WHERE x.a IS DISTINCT FROM r.amount_fen OR "
                    "x.n IS DISTINCT FROM r.services"),
              0);
  }

  FreshDb f;
  TimeZone tz;  // Asia/Shanghai
  std::unique_ptr<org::OrgRepository> org_repo;
  std::unique_ptr<org::OrgService> org;
  std::unique_ptr<imports::Repository> repo;
  std::unique_ptr<revenue::Repository> rev_repo;
  std::unique_ptr<revenue::RevenueService> svc;
};

TEST_F(RevenueTest, BrokenBillingFileReportsEveryBadRowAndKeepsTheGoodOnes) {
  auto r = run(Kind::revenue, kRev +
                                  "2026-03,S-1,128.50\n"          // 2: good, by code
                                  "2026-03,bb001,99\n"            // 3: good, by number (S-7)
                                  "2026-03,S-404,10\n"            // 4: unknown service
                                  "2026-13,S-2,10\n"              // 5: bad month
                                  "2026/03,S-2,10\n"              // 6: bad month
                                  "2026-03,S-2,abc\n"             // 7: bad amount
                                  "2026-03,S-2,-5.00\n"           // 8: negative
                                  "2026-03,S-2,1.005\n"           // 9: more than two decimals
                                  "2026-03,S-1,1\n"               // 10: duplicate of line 2
                                  "2026-03,073188001002,0.29\n"   // 11: good, by number (S-2)
                                  "2026-03,S-2,1.00\n"            // 12: S-2 again, by code
                                  "2026-03,,1\n"                  // 13: service missing
                                  "2026-04,S-1,7\n");             // 14: good, another month
  EXPECT_FALSE(r.refused) << r.refusal;
  EXPECT_EQ(r.rows_read, 13);
  EXPECT_EQ(r.inserted, 4);
  EXPECT_EQ(r.rejected, 9);
  EXPECT_EQ(errors_of(r),
            "4|service|unknown service S-404 (neither the code nor the number of a service in the archive)\n"
            "5|month|'2026-13' is not a month YYYY-MM\n"
            "6|month|'2026/03' is not a month YYYY-MM\n"
            "7|amount_yuan|'abc' is not an amount in yuan such as 128.50 (no thousands separators)\n"
            "8|amount_yuan|'-5.00' is negative: a month's revenue is not below zero (net credits into the month's bill)\n"
            "9|amount_yuan|'1.005' has more than two decimals (the smallest unit is the fen, 0.01)\n"
            "10|service|duplicate: S-1 for 2026-03 is already on line 2\n"
            "12|service|duplicate: service S-2 is already billed for this month on line 11\n"
            "13|service|required (the service's code or number)\n");
  EXPECT_EQ(count("SELECT amount_fen FROM service_revenue r JOIN services s ON s.id = r.service_id "
                  "WHERE s.code = 'S-2' AND r.month = 202603"),
            29);  // exact: 0.29 yuan is 29 fen
  EXPECT_EQ(count("SELECT amount_fen FROM revenue_area_month WHERE month = 202603 AND unit_id = " +
                  std::to_string(unit("CS-A001"))),
            12850);
  // The audit entry of the import.
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'import.revenue'"), 1);
  expect_rollups_exact();
}

TEST_F(RevenueTest, ReimportIsIdempotentAndAReimportedMonthReplacesExactly) {
  const std::string march = kRev + "2026-03,S-1,100.00\n2026-03,S-2,50.10\n2026-03,S-7,99.00\n2026-03,S-9,3.33\n"
                                   "2026-03,S-1C,6.00\n";
  auto r = run(Kind::revenue, march);
  EXPECT_EQ(r.inserted, 5) << errors_of(r);
  r = run(Kind::revenue, march);
  EXPECT_EQ(r.inserted, 0);
  EXPECT_EQ(r.updated, 0);
  EXPECT_EQ(r.unchanged, 5);
  EXPECT_EQ(count("SELECT count(*) FROM service_revenue"), 5);
  // The city: every area and the network's own (box-less) services.
  auto rep = svc->report(as("admin"), unit("CS"), 202603);
  ASSERT_TRUE(rep.ok());
  EXPECT_EQ(rep->unit.revenue_fen, 10000 + 5010 + 9900 + 333 + 600);
  // Corrected bills: S-1 down, S-7 up; a dry run changes nothing.
  const std::string corrected = kRev + "2026-03,S-1,90.00\n2026-03,S-7,101.01\n";
  r = run(Kind::revenue, corrected, true);
  EXPECT_EQ(r.updated, 2);
  EXPECT_EQ(count("SELECT SUM(amount_fen) FROM revenue_area_month WHERE month = 202603"), 25843);
  r = run(Kind::revenue, corrected);
  EXPECT_EQ(r.updated, 2);
  EXPECT_EQ(count("SELECT SUM(amount_fen) FROM revenue_area_month WHERE month = 202603"), 25843 - 1000 + 201);
  // The caller-ID service rides on S-1's box: its revenue is area A001's.
  EXPECT_EQ(count("SELECT amount_fen FROM revenue_area_month WHERE month = 202603 AND unit_id = " +
                  std::to_string(unit("CS-A001"))),
            9000 + 600);
  EXPECT_EQ(count("SELECT amount_fen FROM revenue_area_month WHERE month = 202603 AND unit_id = " +
                  std::to_string(unit("CS"))),
            333);
  expect_rollups_exact();
  // A service moved to another area: a re-import moves its revenue out of the old area.
  exec("UPDATE services SET dist_box_id = (SELECT id FROM dist_boxes WHERE code = 'D-7') WHERE code = 'S-2'");
  r = run(Kind::revenue, kRev + "2026-03,S-2,50.10\n");
  EXPECT_EQ(r.updated, 1);
  EXPECT_EQ(count("SELECT amount_fen FROM revenue_area_month WHERE month = 202603 AND unit_id = " +
                  std::to_string(unit("CS-A002"))),
            0);
  expect_rollups_exact();
}

TEST_F(RevenueTest, CompletionAndGapAgainstHandComputedFixtures) {
  // March: A001 87,345.00 yuan (S-1 + S-1C), A002 1,000.00, A007 500.00.
  ASSERT_EQ(run(Kind::revenue, kRev + "2026-03,S-1,87000.00\n2026-03,S-1C,345.00\n2026-03,S-2,1000\n"
                                      "2026-03,S-7,500\n").inserted,
            4);
  const auto admin = as("cs.o1");  // office head of CS-O1
  ASSERT_TRUE(svc->put_target(admin, unit("CS-A001"), 202603, 10000000, 0).ok());  // 100,000.00
  ASSERT_TRUE(svc->put_target(admin, unit("CS-A002"), 202603, 300000, 0).ok());    // 3,000.00
  ASSERT_TRUE(svc->put_target(admin, unit("CS-O1-C01"), 202603, 9000000, 0).ok()); // 90,000.00
  auto rep = svc->report(admin, unit("CS-O1-C01"), 202603);
  ASSERT_TRUE(rep.ok()) << rep.error().message;
  // The community adds up its areas: 87,345 + 1,000 = 88,345.00 of 90,000.00 → 98.2 %, gap 1,655.00.
  EXPECT_EQ(rep->unit.revenue_fen, 8834500);
  EXPECT_EQ(revenue::format_tenths(*rep->unit.completion.completion_tenths), "98.2");
  EXPECT_EQ(*rep->unit.completion.gap_fen, 165500);
  ASSERT_GE(rep->children.size(), 2u);
  const auto& a1 = rep->children[0];
  const auto& a2 = rep->children[1];
  EXPECT_EQ(a1.unit_id, unit("CS-A001"));
  EXPECT_EQ(revenue::format_tenths(*a1.completion.completion_tenths), "87.3");  // 87.345 %
  EXPECT_EQ(*a1.completion.gap_fen, 1265500);
  EXPECT_EQ(revenue::format_tenths(*a2.completion.completion_tenths), "33.3");  // 1,000 / 3,000
  EXPECT_EQ(*a2.completion.gap_fen, 200000);
  EXPECT_FALSE(rep->children[2].completion.completion_tenths);  // A003: no target
  // The office holds both communities: 88,345 + 500.
  rep = svc->report(admin, unit("CS-O1"), 202603);
  ASSERT_TRUE(rep.ok());
  EXPECT_EQ(rep->unit.revenue_fen, 8884500);
  // The trend: nothing in February, March as above, oldest first.
  auto trend = svc->trend(admin, unit("CS-A001"), 202604, 3);
  ASSERT_TRUE(trend.ok());
  ASSERT_EQ(trend->size(), 3u);
  EXPECT_EQ((*trend)[0].month, 202602);
  EXPECT_EQ((*trend)[0].figure.revenue_fen, 0);
  EXPECT_EQ((*trend)[1].figure.revenue_fen, 8734500);
  EXPECT_EQ(*(*trend)[1].figure.target_fen, 10000000);
  EXPECT_FALSE((*trend)[2].figure.target_fen);
}

// The scorecard's revenue term (docs/kpis.md): the manager's areas' billed revenue against their
// targets, over the months of the period that have a target — what the ranking shows beside the
// other terms.
TEST_F(RevenueTest, ScorecardRevenueTermIsTheManagersAreasAgainstTheirTargets) {
  ASSERT_EQ(run(Kind::revenue, kRev + "2026-03,S-1,87000.00\n2026-03,S-1C,345.00\n2026-03,S-2,1000\n"
                                      "2026-01,S-7,800\n").inserted,
            4);
  const auto head = as("cs.o1");
  ASSERT_TRUE(svc->put_target(head, unit("CS-A001"), 202603, 10000000, 0).ok());  // 100,000.00
  ASSERT_TRUE(svc->put_target(head, unit("CS-A001"), 202602, 5000000, 0).ok());   // 50,000.00, nothing billed
  ASSERT_TRUE(svc->put_target(head, unit("CS-A002"), 202603, 300000, 0).ok());    // 3,000.00
  auto kpi_repo = store::make_kpi_repository(*f.db);
  auto cards = store::make_scorecard_repository(*f.db);
  kpi::KpiService kpis(*kpi_repo, *cards, *svc, *org, tz);
  auto snap = org->snapshot();
  const Id m1 = snap->unit_by_code("CS-A001")->responsible_id, m2 = snap->unit_by_code("CS-A002")->responsible_id,
           m3 = snap->unit_by_code("CS-A003")->responsible_id;
  ASSERT_NE(m1, m2);
  ASSERT_NE(m1, m3);
  auto revenue_term = [](const kpi::Ranking& r, Id staff) -> std::optional<kpi::TermScore> {
    for (const auto& m : r.managers)
      if (m.staff_id == staff)
        for (const auto& t : m.score.terms)
          if (t.term == kpi::Term::revenue_completion) return t;
    return std::nullopt;
  };
  // March (15 March 2026, noon in Shanghai).
  auto march = kpis.ranking(head, unit("CS-O1-C01"), kpi::period_at(kpi::Period::month, 1773547200000, tz));
  ASSERT_TRUE(march.ok()) << march.error().message;
  auto t1 = revenue_term(*march, m1);
  ASSERT_TRUE(t1 && t1->basis);
  EXPECT_EQ(t1->basis->num, 8734500);  // S-1 and its caller ID
  EXPECT_EQ(t1->basis->den, 10000000);
  EXPECT_NEAR(*t1->score, 0.87345, 1e-9);
  auto t2 = revenue_term(*march, m2);
  ASSERT_TRUE(t2 && t2->basis);
  EXPECT_NEAR(*t2->score, 1.0 / 3, 1e-9);
  // A003 has no target: the term has no data and its weight goes to the others.
  auto t3 = revenue_term(*march, m3);
  ASSERT_TRUE(t3);
  EXPECT_FALSE(t3->score);
  for (const auto& m : march->managers)
    if (m.staff_id == m3) {
      const auto& r = m.score.redistributed;
      EXPECT_NE(std::find(r.begin(), r.end(), kpi::Term::revenue_completion), r.end());
    }
  // The first quarter: February's target counts (nothing billed), January's bill does not (no target).
  auto q1 = kpis.ranking(head, unit("CS-O1"), kpi::period_at(kpi::Period::quarter, 1773547200000, tz));
  ASSERT_TRUE(q1.ok()) << q1.error().message;
  t1 = revenue_term(*q1, m1);
  ASSERT_TRUE(t1 && t1->basis);
  EXPECT_EQ(t1->basis->num, 8734500);
  EXPECT_EQ(t1->basis->den, 15000000);
  const Id m7 = snap->unit_by_code("CS-A007")->responsible_id;
  auto t7 = revenue_term(*q1, m7);
  ASSERT_TRUE(t7);
  EXPECT_FALSE(t7->score) << "S-7's January bill counts for no target";
}

TEST_F(RevenueTest, NewSalesAreCreditedToTheManagerWhoMadeThem) {
  // S-1 was created by a new-line order that cs.m001 completed; S-2 by one of cs.m002's, but its
  // seller is recorded as cs.m003, who wins; S-7 is years old (not a new sale).
  for (const auto& [svc_code, who] : {std::pair{"S-1", "cs.m001"}, std::pair{"S-2", "cs.m002"}, std::pair{"S-7", "cs.m001"}})
    exec("INSERT INTO work_orders (type, channel, state, network_id, office_id, community_id, area_id, assignee_id, "
         "routing_reason, summary, created_by, created_at, updated_at, resolved_at, service_id) VALUES ('new_line', "
         "'manager', 'closed', " + std::to_string(unit("CS")) + ", " + std::to_string(unit("CS-O1")) + ", " +
         std::to_string(unit("CS-O1-C01")) + ", " + std::to_string(unit("CS-A001")) + ", " +
         std::to_string(staff(who)) + ", 'test', '装机', 1, 1, 1, 1, (SELECT id FROM services WHERE code = '" +
         svc_code + "'))");
  exec("UPDATE services SET seller_id = " + std::to_string(staff("cs.m003")) + " WHERE code = 'S-2'");
  // S-1 started 2026-03-01 00:00 Shanghai (2026-02-28T16:00Z): a new sale from 2026-03 to 2027-02.
  // S-2 started 2026-03-31 Shanghai: the same window.
  auto r = run(Kind::revenue, kRev + "2026-02,S-1,1\n2026-03,S-1,100\n2027-02,S-1,30\n2027-03,S-1,40\n"
                                     "2026-03,S-2,20\n2026-03,S-7,500\n");
  ASSERT_EQ(r.inserted, 6) << errors_of(r);
  auto ranks = svc->sellers(as("cs.o1"), unit("CS-O1"), 202603);
  ASSERT_TRUE(ranks.ok());
  ASSERT_EQ(ranks->size(), 2u);
  EXPECT_EQ((*ranks)[0].staff_id, staff("cs.m001"));
  EXPECT_EQ((*ranks)[0].amount_fen, 10000);
  EXPECT_EQ((*ranks)[0].rank, 1);
  EXPECT_EQ((*ranks)[1].staff_id, staff("cs.m003"));
  EXPECT_EQ((*ranks)[1].amount_fen, 2000);
  // Month boundaries: February 2026 is before the start, February 2027 the twelfth month, March 2027 out.
  EXPECT_TRUE(svc->sellers(as("cs.o1"), unit("CS-O1"), 202602)->empty());
  ranks = svc->sellers(as("cs.o1"), unit("CS-O1"), 202702);
  ASSERT_EQ(ranks->size(), 1u);
  EXPECT_EQ((*ranks)[0].amount_fen, 3000);
  EXPECT_TRUE(svc->sellers(as("cs.o1"), unit("CS-O1"), 202703)->empty());
  // An area's ranking holds its own manager; another community's ranking none of these.
  ranks = svc->sellers(as("cs.o1"), unit("CS-A001"), 202603);
  ASSERT_EQ(ranks->size(), 1u);
  EXPECT_EQ((*ranks)[0].staff_id, staff("cs.m001"));
  EXPECT_TRUE(svc->sellers(as("cs.o1"), unit("CS-O1-C02"), 202603)->empty());
  expect_rollups_exact();
}

TEST_F(RevenueTest, TargetsAreVersionedAuditedAndGuarded) {
  const auto head = as("cs.o1");
  auto t = svc->put_target(head, unit("CS-A001"), 202603, 500000, 0);
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->version, 1);
  // A stale version: 409 with the current version; nothing changes.
  auto stale = svc->put_target(head, unit("CS-A001"), 202603, 1, 0);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, Errc::conflict);
  EXPECT_EQ(stale.error().current_version, 1);
  t = svc->put_target(head, unit("CS-A001"), 202603, 600000, 1);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->version, 2);
  EXPECT_EQ(svc->target(head, unit("CS-A001"), 202603)->amount_fen, 600000);
  EXPECT_EQ(count("SELECT count(*) FROM revenue_target_versions WHERE month = 202603"), 2);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE object_type = 'revenue_target'"), 2);
  // Who: a community head and a manager may not; an office head not outside the office.
  EXPECT_EQ(svc->put_target(as("cs.o1.c01"), unit("CS-A001"), 202603, 1, 2).error().code, Errc::forbidden);
  EXPECT_EQ(svc->put_target(as("cs.m001"), unit("CS-A001"), 202603, 1, 2).error().code, Errc::forbidden);
  EXPECT_EQ(svc->put_target(as("cs.o2"), unit("CS-A001"), 202603, 1, 2).error().code, Errc::forbidden);
  EXPECT_EQ(svc->put_target(head, unit("CS-A001"), 202603, -1, 2).error().code, Errc::invalid);
  // Scope of reading: a community head sees their community, not the next one.
  EXPECT_TRUE(svc->report(as("cs.o1.c01"), unit("CS-O1-C01"), 202603).ok());
  EXPECT_TRUE(svc->report(as("cs.o1.c01"), 0, 202603).ok());
  EXPECT_EQ(svc->report(as("cs.o1.c01"), unit("CS-O1-C02"), 202603).error().code, Errc::forbidden);
  EXPECT_EQ(svc->report(as("cs.o1.c01"), unit("CS-O1"), 202603).error().code, Errc::forbidden);
  EXPECT_EQ(svc->target(as("cs.o1.c01"), unit("CS-A007"), 202603).error().code, Errc::forbidden);
}

TEST_F(RevenueTest, DemoBillingIsWhatTheImportWouldStoreAndItsTargetsAreSet) {
  // Twelve months ending with March 2026: S-1, S-2 and S-1C bill from March, S-7 every month;
  // S-9 has no fee and no bill.
  const auto months = revenue::demo_months(revenue::month_start(202603, tz) + 1000, tz, 12);
  ASSERT_EQ(months.front().month, 202504);
  ASSERT_EQ(months.back().month, 202603);
  exec("UPDATE services SET seller_id = " + std::to_string(staff("cs.m003")) + " WHERE code = 'S-2'");
  EXPECT_EQ(store::load_demo_billing(*f.db, unit("CS"), months), 12 + 3);
  const Id s7 = count("SELECT id FROM services WHERE code = 'S-7'");
  EXPECT_EQ(count("SELECT amount_fen FROM service_revenue WHERE month = 202510 AND service_id = " + std::to_string(s7)),
            9900 * revenue::demo_usage_percent(s7, 202510) / 100);
  expect_rollups_exact();
  EXPECT_EQ(count("SELECT amount_fen FROM revenue_seller_month WHERE staff_id = " + std::to_string(staff("cs.m003"))),
            2500 * revenue::demo_usage_percent(count("SELECT id FROM services WHERE code = 'S-2'"), 202603) / 100);
  // Exported and imported again, every bill is unchanged: same amount, same area, same seller.
  std::ostringstream out;
  {
    imports::CsvWriter w(out, false);
    repo->export_csv(Kind::revenue, w, tz);
  }
  auto r = run(Kind::revenue, out.str());
  EXPECT_EQ(r.unchanged, 15) << errors_of(r);
  EXPECT_EQ(r.inserted + r.updated + r.rejected, 0);
  // Targets for the areas, communities and offices with revenue, each month, in whole hundreds of yuan.
  const auto targets = revenue::demo_targets(*org->snapshot(), rev_repo->unit_months(202504, 202603),
                                             staff("admin"), now_ms());
  store::load_demo_targets(*f.db, targets);
  EXPECT_EQ(count("SELECT count(*) FROM revenue_targets WHERE month = 202603"), 3 + 2 + 1);  // A001/2/7, C01/C02, O1
  EXPECT_EQ(count("SELECT count(*) FROM revenue_targets WHERE amount_fen % 10000 <> 0"), 0);
  auto t = svc->target(as("cs.o1"), unit("CS-O1"), 202603);
  EXPECT_EQ(t->version, 1);
  EXPECT_TRUE(svc->put_target(as("cs.o1"), unit("CS-O1"), 202603, 1, 1).ok()) << "a demo target is edited like any other";
}

}  // namespace
}  // namespace bc
