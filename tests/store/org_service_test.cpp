// The organisation's rules through the real service and the real store, on SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

#include "app/demo_loader.hpp"
#include "core/crypto.hpp"
#include "domain/org/service.hpp"
#include "fixture.hpp"
#include "store/repositories.hpp"

namespace bc {
namespace {
using namespace bc::org;
using testing::FreshDb;

class OrgServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    init_crypto();
    repo = store::make_org_repository(*f.db);
    auto loaded = app::load_demo(*repo, DemoSize::city, hash_password("admin-password-1"), TimeZone{});
    ASSERT_TRUE(loaded.ok());
    svc = std::make_unique<OrgService>(*repo);
    admin = as("admin");
  }
  auth::Actor as(const std::string& username) {
    auto s = svc->snapshot();
    return auth::actor_for(*s, *s->staff_by_username(username));
  }
  const Unit& unit(const std::string& code) { return *svc->snapshot()->unit_by_code(code); }
  const Staff& staff(const std::string& u) { return *svc->snapshot()->staff_by_username(u); }
  Result<Unit> new_area(const std::string& code, const std::string& community, const std::string& m,
                        const std::string& b, const auth::Actor* who = nullptr) {
    UnitInput in;
    in.kind = UnitKind::area;
    in.code = code;
    in.name = "新片区";
    in.parent_id = unit(community).id;
    in.responsible_id = m.empty() ? 0 : staff(m).id;
    in.backup_id = b.empty() ? 0 : staff(b).id;
    return svc->create_unit(who ? *who : admin, in);
  }

  FreshDb f;
  std::unique_ptr<OrgRepository> repo;
  std::unique_ptr<OrgService> svc;
  auth::Actor admin;
};

TEST_F(OrgServiceTest, DemoIsLoadedOnce) {
  EXPECT_EQ(svc->snapshot()->units().size(), 184u);
  auto again = app::load_demo(*repo, DemoSize::city, "", TimeZone{});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, Errc::conflict);
  EXPECT_EQ(OrgService(*repo).snapshot()->units().size(), 184u);  // nothing half-written
}

TEST_F(OrgServiceTest, CreateRenameMoveRetireKeepsHistoryAndVersions) {
  auto a = new_area("CS-A900", "CS-O1-C01", "cs.m001", "cs.m002");
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_EQ(a->version, 1);
  UnitPatch p;
  p.name = "改名片区";
  auto renamed = svc->update_unit(admin, a->id, 1, p);
  ASSERT_TRUE(renamed.ok());
  EXPECT_EQ(renamed->version, 2);
  // Stale version: conflict carrying the current one, and nothing changed.
  p.name = "又改名";
  auto stale = svc->update_unit(admin, a->id, 1, p);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, Errc::conflict);
  EXPECT_EQ(stale.error().current_version, 2);
  EXPECT_EQ(OrgService(*repo).snapshot()->unit(a->id)->name, "改名片区");
  // Move to another community of the same office (same responsible manager's community rule applies).
  UnitPatch mv;
  mv.parent_id = unit("CS-O1-C02").id;
  mv.responsible_id = staff("cs.m007").id;
  mv.backup_id = staff("cs.m008").id;
  auto moved = svc->update_unit(admin, a->id, 2, mv);
  ASSERT_TRUE(moved.ok()) << moved.error().message;
  EXPECT_EQ(moved->parent_id, unit("CS-O1-C02").id);
  auto retired = svc->retire_unit(admin, a->id, 3);
  ASSERT_TRUE(retired.ok());
  EXPECT_FALSE(retired->active);
  auto fresh = OrgService(*repo).snapshot();  // from the database, not the cache
  ASSERT_NE(fresh->unit(a->id), nullptr);     // never hard-deleted
  EXPECT_FALSE(fresh->unit(a->id)->active);
  auto history = store::make_audit_repository(*f.db)->query({.object_type = "unit", .object_id = a->id});
  ASSERT_EQ(history.total, 4);
  EXPECT_EQ(history.entries[0].action, "unit.retire");
  EXPECT_EQ(history.entries[1].action, "unit.move");
  EXPECT_EQ(history.entries[3].action, "unit.create");
  EXPECT_NE(history.entries[2].before_json.find("新片区"), std::string::npos);
  EXPECT_NE(history.entries[2].after_json.find("改名片区"), std::string::npos);
}

TEST_F(OrgServiceTest, CodesAreUniqueAndParentsOfTheRightKind) {
  auto dup = new_area("CS-A001", "CS-O1-C01", "cs.m001", "cs.m002");
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, Errc::conflict);
  EXPECT_EQ(dup.error().fields.at(0).field, "code");
  auto wrong_parent = new_area("CS-A901", "CS-O1", "cs.m001", "cs.m002");
  ASSERT_FALSE(wrong_parent.ok());
  EXPECT_EQ(wrong_parent.error().code, Errc::unprocessable);
  EXPECT_EQ(wrong_parent.error().fields.at(0).field, "parentId");
  auto bad_code = new_area("CS A 901", "CS-O1-C01", "cs.m001", "cs.m002");
  ASSERT_FALSE(bad_code.ok());
  EXPECT_EQ(bad_code.error().code, Errc::invalid);
  // Moving an office under one of its own communities would be a cycle — and the wrong kind.
  UnitPatch p;
  p.parent_id = unit("CS-O1-C01").id;
  auto cycle = svc->update_unit(admin, unit("CS-O1").id, unit("CS-O1").version, p);
  ASSERT_FALSE(cycle.ok());
  EXPECT_EQ(cycle.error().code, Errc::unprocessable);
}

TEST_F(OrgServiceTest, AnActiveAreaAlwaysHasAManagerAndADifferentBackup) {
  auto none = new_area("CS-A902", "CS-O1-C01", "", "");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, Errc::unprocessable);
  EXPECT_EQ(none.error().fields.size(), 2u);
  auto same = new_area("CS-A902", "CS-O1-C01", "cs.m001", "cs.m001");
  ASSERT_FALSE(same.ok());
  EXPECT_EQ(same.error().fields.at(0).field, "backupId");
  auto head = new_area("CS-A902", "CS-O1-C01", "cs.o1.c01", "cs.m001");
  ASSERT_FALSE(head.ok());
  EXPECT_NE(head.error().fields.at(0).reason.find("not an area customer manager"), std::string::npos);
}

TEST_F(OrgServiceTest, AManagerServesOneCommunityUnlessTheAdministratorAllowsTwo) {
  // cs.m001 is responsible in CS-O1-C01; CS-O1-C02 is another community.
  auto two = new_area("CS-A903", "CS-O1-C02", "cs.m001", "cs.m007");
  ASSERT_FALSE(two.ok());
  EXPECT_EQ(two.error().fields.at(0).field, "responsibleId");
  // An office head may not grant it…
  StaffPatch allow;
  allow.allow_multi_community = true;
  auto by_head = svc->update_staff(as("cs.o1"), staff("cs.m001").id, staff("cs.m001").version, allow);
  ASSERT_FALSE(by_head.ok());
  EXPECT_EQ(by_head.error().code, Errc::forbidden);
  // …the administrator may.
  ASSERT_TRUE(svc->update_staff(admin, staff("cs.m001").id, staff("cs.m001").version, allow).ok());
  EXPECT_TRUE(new_area("CS-A903", "CS-O1-C02", "cs.m001", "cs.m007").ok());
}

TEST_F(OrgServiceTest, RetiringKeepsTheRules) {
  auto community = svc->retire_unit(admin, unit("CS-O1-C01").id, unit("CS-O1-C01").version);
  ASSERT_FALSE(community.ok());
  EXPECT_NE(community.error().message.find("active units under it"), std::string::npos);
  auto manager = svc->retire_staff(admin, staff("cs.m001").id, staff("cs.m001").version);
  ASSERT_FALSE(manager.ok());
  EXPECT_NE(manager.error().message.find("CS-A001"), std::string::npos);
  StaffPatch demote;
  demote.role = Role::hotline_agent;
  auto role = svc->update_staff(admin, staff("cs.m001").id, staff("cs.m001").version, demote);
  ASSERT_FALSE(role.ok());
  EXPECT_EQ(role.error().fields.at(0).field, "role");
}

TEST_F(OrgServiceTest, ScopeLimitsWhatAHeadMayChange) {
  const auto head = as("cs.o1.c01");
  UnitPatch p;
  p.name = "越权";
  auto other = svc->update_unit(head, unit("CS-O1-C02").id, 1, p);
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, Errc::forbidden);  // a write outside scope (reads would say 404)
  auto own = svc->update_unit(head, unit("CS-O1-C01").id, 1, p);
  ASSERT_FALSE(own.ok());
  EXPECT_EQ(own.error().code, Errc::forbidden);
  EXPECT_TRUE(svc->update_unit(head, unit("CS-A001").id, 1, p).ok());
  auto auditor = svc->update_unit(as("cs.audit"), unit("CS-A002").id, 1, p);
  ASSERT_FALSE(auditor.ok());
  EXPECT_EQ(auditor.error().code, Errc::forbidden);
}

TEST_F(OrgServiceTest, AbsencesDoNotOverlapAndMoveTheCover) {
  const Millis now = now_ms(), day = 86400000;
  AbsenceInput in;
  in.staff_id = staff("cs.m004").id;
  in.starts_at = now - day;
  in.ends_at = now + 2 * day;
  in.reason = AbsenceReason::leave;
  auto a = svc->create_absence(admin, in);
  ASSERT_TRUE(a.ok()) << a.error().message;
  auto s = svc->snapshot();
  auto cover = cover_of(*s, unit("CS-A004"), now);
  EXPECT_EQ(cover.reason, CoverReason::backup);
  EXPECT_EQ(cover.staff_id, staff("cs.m005").id);
  in.starts_at = now + day;
  in.ends_at = now + 4 * day;
  auto overlap = svc->create_absence(admin, in);
  ASSERT_FALSE(overlap.ok());
  EXPECT_EQ(overlap.error().code, Errc::unprocessable);
  auto cancelled = svc->cancel_absence(admin, a->id, a->version);
  ASSERT_TRUE(cancelled.ok());
  EXPECT_EQ(cover_of(*svc->snapshot(), unit("CS-A004"), now).reason, CoverReason::responsible);
  EXPECT_TRUE(svc->create_absence(admin, in).ok());  // no longer overlapping anything active
}

TEST_F(OrgServiceTest, OfTwoConcurrentEditsOfOneVersionExactlyOneWins) {
  const Id id = unit("CS-A010").id;
  std::atomic<int> wins{0}, conflicts{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&, i] {
      OrgService own(*repo);  // as if on separate server instances
      UnitPatch p;
      p.name = "并发" + std::to_string(i);
      auto r = own.update_unit(admin, id, 1, p);
      if (r.ok()) ++wins;
      else if (r.error().code == Errc::conflict) ++conflicts;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(wins.load(), 1);
  EXPECT_EQ(conflicts.load(), 3);
  EXPECT_EQ(OrgService(*repo).snapshot()->unit(id)->version, 2);
}

TEST_F(OrgServiceTest, AnotherInstanceSeesAChangeAfterRefresh) {
  OrgService other(*repo);
  UnitPatch p;
  p.name = "别处改的";
  ASSERT_TRUE(svc->update_unit(admin, unit("CS-A011").id, 1, p).ok());
  EXPECT_NE(other.snapshot()->unit_by_code("CS-A011")->name, "别处改的");
  other.refresh_if_changed();
  EXPECT_EQ(other.snapshot()->unit_by_code("CS-A011")->name, "别处改的");
}

// The real repository, but the next load() after pause_next_load() waits, once it has read the
// database, until release(): the refresher thread caught between reading and publishing.
class PausingLoads final : public OrgRepository {
 public:
  explicit PausingLoads(OrgRepository& r) : r_(r) {}
  void pause_next_load() { pause_ = true; }
  void wait_until_loaded() { loaded_.get_future().wait(); }
  void release() { release_.set_value(); }
  SnapshotPtr load() override {
    auto s = r_.load();
    if (pause_.exchange(false)) {
      loaded_.set_value();
      release_.get_future().wait();
    }
    return s;
  }
  std::int64_t version() override { return r_.version(); }
  Result<SnapshotPtr> write(const SnapshotPtr& cached, const auth::Actor& a,
                            const std::function<Status(OrgWriter&)>& fn) override {
    return r_.write(cached, a, fn);
  }
  std::optional<IdempotentResponse> find_idempotent(Id actor, const std::string& key) override {
    return r_.find_idempotent(actor, key);
  }

 private:
  OrgRepository& r_;
  std::atomic<bool> pause_{false};
  std::promise<void> loaded_, release_;
};

// The API's cancel (and every read) looks the object up in the published snapshot: a refresh that
// loaded before a write and published after it hid the write, and a client got 404 on the absence
// it had just been given (tests/api/absences.test.mjs, once on PostgreSQL).
TEST_F(OrgServiceTest, ARefreshLoadedBeforeAWriteDoesNotHideTheWrite) {
  PausingLoads gated(*repo);
  OrgService mine(gated);
  UnitPatch p;
  p.name = "别处改的";
  ASSERT_TRUE(svc->update_unit(admin, unit("CS-A012").id, 1, p).ok());  // another instance: work for the refresh
  gated.pause_next_load();
  std::thread refresher([&] { mine.refresh_if_changed(); });
  gated.wait_until_loaded();  // it has read the database and not yet published
  const Millis day = 86400000, from = now_ms() + 40 * day;
  AbsenceInput in;
  in.staff_id = staff("cs.m006").id;
  in.starts_at = from;
  in.ends_at = from + day;
  in.reason = AbsenceReason::training;
  auto a = mine.create_absence(admin, in);
  ASSERT_TRUE(a.ok()) << a.error().message;
  ASSERT_NE(mine.snapshot()->absence(a->id), nullptr);
  gated.release();
  refresher.join();
  auto s = mine.snapshot();
  EXPECT_NE(s->absence(a->id), nullptr) << "the refresh published its older load over the write";
  EXPECT_EQ(s->unit_by_code("CS-A012")->name, "别处改的") << "the other instance's change is in too";
  EXPECT_GE(s->version, repo->version());
}

TEST_F(OrgServiceTest, StaffUsernamesAreUniqueAndPlacedByRole) {
  StaffInput in;
  in.username = "cs.m001";
  in.name = "重名";
  in.role = Role::area_manager;
  in.unit_id = unit("CS-O1-C01").id;
  auto dup = svc->create_staff(admin, in);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, Errc::conflict);
  in.username = "cs.new1";
  in.unit_id = unit("CS-O1").id;  // a manager belongs to a community, not an office
  auto wrong = svc->create_staff(admin, in);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().fields.at(0).field, "unitId");
  in.unit_id = unit("CS-O1-C01").id;
  auto ok = svc->create_staff(as("cs.o1.c01"), in);
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->generated_password.size(), 16u);
  in.username = "cs.new2";
  in.role = Role::community_head;  // a head cannot create a peer
  auto peer = svc->create_staff(as("cs.o1.c01"), in);
  ASSERT_FALSE(peer.ok());
  EXPECT_EQ(peer.error().code, Errc::forbidden);
}

}  // namespace
}  // namespace bc
