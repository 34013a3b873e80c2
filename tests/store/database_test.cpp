// The storage contract, on SQLite and PostgreSQL alike (BC_TEST_DB picks one).
#include <gtest/gtest.h>

#include <fstream>

#include "fixture.hpp"
#include "store/repositories.hpp"

namespace bc {
namespace {
using testing::FreshDb;

TEST(Migrations, ApplyOnceAndAgainIsANoOp) {
  FreshDb f;
  EXPECT_EQ(f.db->schema_version(), store::Database::known_version());
  EXPECT_EQ(f.db->migrate(), store::Database::known_version());
  EXPECT_TRUE(f.db->ping());
}

TEST(Migrations, RefuseADatabaseFromANewerBluechannel) {
  FreshDb f;
  // Written through the migration table like a newer binary would.
  f.db->write([&](soci::session& s) {
    store::Database::exec_script(s, f.db->dialect(),
                                 "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 0)");
  });
  try {
    f.db->migrate();
    FAIL() << "migrate() accepted a newer schema";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("newer than this bluechannel knows"), std::string::npos) << e.what();
  }
}

TEST(Audit, TheLogIsAppendOnly) {
  FreshDb f;
  f.db->write([&](soci::session& s) {
    store::Database::exec_script(s, f.db->dialect(),
                                 "INSERT INTO audit_log (at, actor_id, actor_name, action, object_type, object_id) "
                                 "VALUES (1, 1, 'x', 'test', 'unit', 1)");
  });
  EXPECT_ANY_THROW(f.db->write([&](soci::session& s) {
    store::Database::exec_script(s, f.db->dialect(), "UPDATE audit_log SET action = 'forged'");
  }));
  EXPECT_ANY_THROW(f.db->write([&](soci::session& s) {
    store::Database::exec_script(s, f.db->dialect(), "DELETE FROM audit_log");
  }));
  auto audit = store::make_audit_repository(*f.db);
  auto page = audit->query({});
  ASSERT_EQ(page.total, 1);
  EXPECT_EQ(page.entries[0].action, "test");
}

TEST(Backup, SqliteOnlineBackupIsAReadableCopy) {
  if (testing::on_postgres()) GTEST_SKIP() << "PostgreSQL backups are pg_dump's job";
  FreshDb f;
  f.db->write([&](soci::session& s) {
    store::Database::exec_script(s, f.db->dialect(),
                                 "INSERT INTO audit_log (at, actor_id, actor_name, action, object_type, object_id) "
                                 "VALUES (1, 1, 'x', 'kept', 'unit', 1)");
  });
  const std::string copy = f.url + ".backup";
  f.db->backup_to(copy);
  auto db2 = store::Database::open(copy, 1);
  EXPECT_EQ(db2->schema_version(), store::Database::known_version());
  auto page = store::make_audit_repository(*db2)->query({});
  ASSERT_EQ(page.total, 1);
  EXPECT_EQ(page.entries[0].action, "kept");
  db2.reset();
  std::filesystem::remove(copy);
}

}  // namespace
}  // namespace bc
