#include "database.hpp"

#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <soci/postgresql/soci-postgresql.h>

#include <filesystem>
#include <mutex>
#include <stdexcept>

#include "core/time.hpp"
#include "migrations.hpp"

namespace bc::store {
namespace {
// SOCI 4.0 mangles URI connection strings: turn postgresql://… into key='value' pairs with
// libpq's own parser, so every form libpq accepts works.
std::string conninfo_of(const std::string& url) {
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(url.c_str(), &err);
  if (!opts) {
    std::string msg = err ? err : "unparseable";
    PQfreemem(err);
    throw std::runtime_error("the database URL is not valid: " + msg);
  }
  std::string out;
  for (auto* o = opts; o->keyword; ++o) {
    if (!o->val || !*o->val) continue;
    std::string v;
    for (const char* c = o->val; *c; ++c) {
      if (*c == '\\' || *c == '\'') v += '\\';
      v += *c;
    }
    out += std::string(out.empty() ? "" : " ") + o->keyword + "='" + v + "'";
  }
  PQconninfoFree(opts);
  return out;
}
}  // namespace

std::unique_ptr<Database> Database::open(const std::string& url, std::size_t pool_size, bool synchronous_full) {
  std::unique_ptr<Database> db(new Database());
  db->url_ = url;
  db->pool_size_ = pool_size < 1 ? 1 : pool_size;
  const bool pg = url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0;
  db->dialect_ = pg ? Dialect::postgresql : Dialect::sqlite;
  if (!pg) {
    std::filesystem::path p(url);
    if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path());
  }
  if (!pg) {
    // SQLite's allocation statistics take one process-wide mutex on every malloc and free, which
    // the request threads contend for; nothing reads them. Possible only before SQLite initialises
    // (a later call is refused and changes nothing).
    static std::once_flag memstatus;
    std::call_once(memstatus, [] { sqlite_api::sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
  }
  db->pool_ = std::make_unique<soci::connection_pool>(db->pool_size_);
  for (std::size_t i = 0; i < db->pool_size_; ++i) {
    soci::session& s = db->pool_->at(i);
    try {
      if (pg) {
        s.open(soci::postgresql, conninfo_of(url));
        s << "SET client_min_messages = warning";
      } else {
        s.open(soci::sqlite3, "db=\"" + url + "\" timeout=30");
        s << "PRAGMA journal_mode = WAL";
        s << (synchronous_full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
        s << "PRAGMA cache_size = -16384";  // 16 MiB per connection
        s << "PRAGMA temp_store = MEMORY";
        s << "PRAGMA foreign_keys = ON";
        s << "PRAGMA busy_timeout = 30000";
      }
    } catch (const std::exception& e) {
      throw std::runtime_error("cannot open the database " + url + ": " + e.what());
    }
  }
  return db;
}

Database::~Database() {
  kept_.clear();  // the statements before their connections
}

std::shared_ptr<void>& Database::kept_slot(soci::session& s, std::type_index type) {
  std::lock_guard lk(kept_mu_);
  return kept_[&s][type];  // unordered_map: a reference stays valid while other slots are added
}

void Database::forget_kept(soci::session& s) {
  std::unordered_map<std::type_index, std::shared_ptr<void>> gone;
  {
    std::lock_guard lk(kept_mu_);
    auto it = kept_.find(&s);
    if (it == kept_.end()) return;
    gone = std::move(it->second);
    kept_.erase(it);
  }
}

void Database::finish(soci::statement& st) const {
  if (dialect_ != Dialect::sqlite) return;
  // SOCI's own reset() is not exported by its shared library: the same two steps on its fields.
  auto* be = static_cast<soci::sqlite3_statement_backend*>(st.get_backend());
  if (be && be->stmt_ && sqlite_api::sqlite3_reset(be->stmt_) == 0 /*SQLITE_OK*/) be->databaseReady_ = true;
}

soci::session& Database::lease_session(std::size_t& index) {
  index = pool_->lease();
  std::lock_guard lk(lease_mu_);
  ++leased_;
  return pool_->at(index);
}

void Database::release(std::size_t index) {
  {
    std::lock_guard lk(lease_mu_);
    --leased_;
  }
  pool_->give_back(index);
}

bool Database::write_if(const std::function<bool(soci::session&)>& f) {
  std::unique_lock<std::mutex> lk(write_mu_, std::defer_lock);
  if (dialect_ == Dialect::sqlite) lk.lock();
  return with([&](soci::session& s) {
    s << (dialect_ == Dialect::sqlite ? "BEGIN IMMEDIATE" : "BEGIN");
    bool commit = false;
    try {
      commit = f(s);
    } catch (...) {
      try { s << "ROLLBACK"; } catch (...) {}
      forget_kept(s);  // prepared afresh next time (e.g. after a lost connection)
      throw;
    }
    s << (commit ? "COMMIT" : "ROLLBACK");
    return commit;
  });
}

void Database::write(const std::function<void(soci::session&)>& f) {
  write_if([&](soci::session& s) {
    f(s);
    return true;
  });
}

void Database::exec_script(soci::session& s, Dialect d, const std::string& sql) {
  if (d == Dialect::sqlite) {
    auto* be = static_cast<soci::sqlite3_session_backend*>(s.get_backend());
    char* err = nullptr;
    if (sqlite_api::sqlite3_exec(be->conn_, sql.c_str(), nullptr, nullptr, &err) != 0) {
      std::string msg = err ? err : "unknown error";
      sqlite_api::sqlite3_free(err);
      throw std::runtime_error(msg);
    }
  } else {
    auto* be = static_cast<soci::postgresql_session_backend*>(s.get_backend());
    PGresult* r = PQexec(be->conn_, sql.c_str());
    const auto st = PQresultStatus(r);
    std::string msg = PQresultErrorMessage(r);
    PQclear(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) throw std::runtime_error(msg);
  }
}

bool Database::is_unique_violation(const std::exception& e) {
  const std::string m = e.what();
  return m.find("UNIQUE constraint") != std::string::npos || m.find("duplicate key") != std::string::npos;
}

bool Database::ping() {
  return with([](soci::session& s) {
    int one = 0;
    s << "SELECT 1", soci::into(one);
    return one == 1;
  });
}

int Database::known_version() {
  int v = 0;
  for (const auto& m : embedded_migrations()) v = std::max(v, m.version);
  return v;
}

int Database::schema_version() {
  return with([&](soci::session& s) {
    int exists = 0;
    if (dialect_ == Dialect::sqlite)
      s << "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='schema_migrations'", soci::into(exists);
    else
      s << "SELECT count(*) FROM information_schema.tables WHERE table_name='schema_migrations' "
           "AND table_schema=current_schema()",
          soci::into(exists);
    if (!exists) return 0;
    int v = 0;
    soci::indicator ind;
    s << "SELECT MAX(version) FROM schema_migrations", soci::into(v, ind);
    return ind == soci::i_ok ? v : 0;
  });
}

int Database::migrate() {
  const int have = schema_version();
  const int known = known_version();
  if (have > known)
    throw std::runtime_error("the database schema is version " + std::to_string(have) +
                             ", newer than this bluechannel knows (" + std::to_string(known) +
                             "): upgrade bluechannel before using this database");
  const std::string_view dialect = dialect_ == Dialect::sqlite ? "sqlite" : "postgresql";
  for (const auto& m : embedded_migrations()) {
    if (m.dialect != dialect || m.version <= have) continue;
    write([&](soci::session& s) {
      if (m.version == 1)
        s << "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
             "applied_at BIGINT NOT NULL)";
      exec_script(s, dialect_, std::string(m.sql));
      long long at = now_ms();
      std::string name(m.name);
      int v = m.version;
      s << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (:v, :n, :a)", soci::use(v),
          soci::use(name), soci::use(at);
    });
  }
  return known;
}

void Database::backup_to(const std::string& path) {
  if (dialect_ != Dialect::sqlite)
    throw std::runtime_error("backup of PostgreSQL is pg_dump's job: pg_dump -Fc '" + url_ + "' > backup.dump");
  with([&](soci::session& s) {
    auto* be = static_cast<soci::sqlite3_session_backend*>(s.get_backend());
    sqlite_api::sqlite3* dest = nullptr;
    if (sqlite_api::sqlite3_open(path.c_str(), &dest) != 0) {
      std::string msg = dest ? sqlite_api::sqlite3_errmsg(dest) : "cannot open";
      sqlite_api::sqlite3_close(dest);
      throw std::runtime_error("cannot open " + path + ": " + msg);
    }
    auto* b = sqlite_api::sqlite3_backup_init(dest, "main", be->conn_, "main");
    if (!b) {
      std::string msg = sqlite_api::sqlite3_errmsg(dest);
      sqlite_api::sqlite3_close(dest);
      throw std::runtime_error("backup failed: " + msg);
    }
    // Copy in steps so writers are not blocked for the whole copy.
    int rc;
    while ((rc = sqlite_api::sqlite3_backup_step(b, 1024)) == 0 || rc == 5 /*BUSY*/ || rc == 6 /*LOCKED*/)
      if (rc != 0) sqlite_api::sqlite3_sleep(20);
    sqlite_api::sqlite3_backup_finish(b);
    const bool ok = rc == 101;  // SQLITE_DONE
    std::string msg = sqlite_api::sqlite3_errmsg(dest);
    sqlite_api::sqlite3_close(dest);
    if (!ok) throw std::runtime_error("backup failed: " + msg);
  });
}

}  // namespace bc::store
