#include "database.hpp"

#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <soci/postgresql/soci-postgresql.h>

#include <pthread.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <thread>

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
    // Multi-thread mode: a connection is used by one thread at a time (the pool's lease), so
    // SQLite need not lock it on every call — SOCI's fetch makes three calls per column of each
    // row (docs/decisions.md, "SQLite in multi-thread mode").
    static std::once_flag memstatus;
    std::call_once(memstatus, [] {
      sqlite_api::sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
      sqlite_api::sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    });
  }
  auto open_sqlite = [&](soci::session& s) {
    s.open(soci::sqlite3, "db=\"" + url + "\" timeout=30");
    s << "PRAGMA journal_mode = WAL";
    s << (synchronous_full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
    s << "PRAGMA cache_size = -16384";  // 16 MiB per connection
    s << "PRAGMA temp_store = MEMORY";
    s << "PRAGMA foreign_keys = ON";
    s << "PRAGMA busy_timeout = 30000";
  };
  db->pool_ = std::make_unique<soci::connection_pool>(db->pool_size_);
  for (std::size_t i = db->pool_size_; i-- > 0;) db->free_.push_back(i);  // connection 0 leased first
  try {
    for (std::size_t i = 0; i < db->pool_size_; ++i) {
      soci::session& s = db->pool_->at(i);
      if (pg) {
        s.open(soci::postgresql, conninfo_of(url));
        s << "SET client_min_messages = warning";
      } else {
        open_sqlite(s);
      }
    }
    if (!pg) {
      db->writer_ = std::make_unique<soci::session>();
      open_sqlite(*db->writer_);
    }
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot open the database " + url + ": " + e.what());
  }
  return db;
}

// The WAL's checkpoints on a connection and thread of their own (checkpoint_in_background).
struct Database::Checkpointer {
  Database& db;
  sqlite_api::sqlite3* conn = nullptr;
  const int passive_pages, restart_pages;
  std::mutex mu;
  std::condition_variable cv;
  bool stop = false;                // under mu
  int frames = 0, done = 0;         // under mu: the WAL's frames after the latest commit; how many are copied
  std::uint64_t generation = 0;     // under mu: counts the WAL's restarts seen by the commit hook
  std::atomic<std::uint64_t> passive{0}, restarts{0}, restart_wait_us{0};
  std::thread thread;

  Checkpointer(Database& d, int passive_at, int restart_at, bool synchronous_full)
      : db(d), passive_pages(passive_at), restart_pages(restart_at) {
    if (sqlite_api::sqlite3_open_v2(db.url_.c_str(), &conn, SQLITE_OPEN_READWRITE, nullptr) != 0) {
      std::string msg = conn ? sqlite_api::sqlite3_errmsg(conn) : "cannot open";
      sqlite_api::sqlite3_close(conn);
      throw std::runtime_error("cannot open the database " + db.url_ + " for checkpoints: " + msg);
    }
    // A checkpoint syncs as its own connection says: the same as the writers'.
    sqlite_api::sqlite3_exec(conn, synchronous_full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL",
                             nullptr, nullptr, nullptr);
    // The checkpoint under the writers' lock waits for readers of older snapshots 20 ms at most,
    // looking again every 100 µs: a reader's transaction lasts well under a millisecond, where
    // sqlite3_busy_timeout sleeps 1, 2, 5 then 10 ms between looks with every writer waiting.
    sqlite_api::sqlite3_busy_handler(conn, &Checkpointer::on_busy, nullptr);
    thread = std::thread([this] { run(); });
  }
  ~Checkpointer() {
    {
      std::lock_guard lk(mu);
      stop = true;
    }
    cv.notify_one();
    thread.join();
    sqlite_api::sqlite3_close(conn);
  }

  static int on_busy(void*, int tries) {
    if (tries >= 200) return 0;  // SQLITE_BUSY: tried again later, without the writers' lock
    std::this_thread::sleep_for(std::chrono::microseconds(100));
    return 1;
  }

  // The pool's WAL hook: after every commit, with the WAL's size in frames (pages).
  static int on_commit(void* self, sqlite_api::sqlite3*, const char*, int frames) {
    auto* c = static_cast<Checkpointer*>(self);
    bool wake = false;
    {
      std::lock_guard lk(c->mu);
      if (frames < c->frames) {  // the WAL started again from its beginning
        c->done = 0;
        ++c->generation;
      }
      wake = c->frames - c->done < c->passive_pages && frames - c->done >= c->passive_pages;
      c->frames = frames;
    }
    if (wake) c->cv.notify_one();
    return 0;
  }

  int checkpoint(int mode, int& log, int& copied) {
    log = copied = 0;
    return sqlite_api::sqlite3_wal_checkpoint_v2(conn, nullptr, mode, &log, &copied);
  }

  void run() {
    pthread_setname_np(pthread_self(), "bc-checkpoint");  // in top, perf and /proc/PID/task
    std::unique_lock lk(mu);
    for (;;) {
      cv.wait(lk, [&] { return stop || frames - done >= passive_pages; });
      if (stop) return;
      const std::uint64_t gen = generation;
      lk.unlock();
      int log = 0, copied = 0;
      // Copies what the readers allow while the writers go on; syncs the database file, not a commit.
      int rc = checkpoint(SQLITE_CHECKPOINT_PASSIVE, log, copied);
      ++passive;
      bool restarted = false;
      if (rc == 0 && log >= restart_pages) {
        // The writers never let the WAL start again on their own (a transaction always begins before
        // the checkpoint ends). Catch up without holding them until little is left, then copy the
        // rest under their lock, so the next transaction starts the WAL from its beginning.
        for (int i = 0; i < 8 && rc == 0 && log - copied > passive_pages / 4; ++i) {
          rc = checkpoint(SQLITE_CHECKPOINT_PASSIVE, log, copied);
          ++passive;
        }
        db.writers_wait_.store(true);  // a writer that comes back at once must not take the lock again first
        {
          std::lock_guard writers(db.write_mu_);  // once the transaction being written has committed
          const auto t0 = std::chrono::steady_clock::now();
          rc = checkpoint(SQLITE_CHECKPOINT_RESTART, log, copied);
          restart_wait_us += static_cast<std::uint64_t>(
              std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0).count());
        }
        db.writers_wait_.store(false);
        db.writers_wait_.notify_all();
        restarted = rc == 0;
        if (restarted) ++restarts;
      }
      lk.lock();
      if (restarted) {
        frames = done = 0;  // the next commit writes from the WAL's first frame
        ++generation;
      } else if (gen == generation && rc == 0) {
        done = copied;
      }
      if (rc != 0 && !stop) cv.wait_for(lk, std::chrono::milliseconds(50), [&] { return stop; });  // busy: later
    }
  }
};

void Database::checkpoint_in_background(int passive_pages, int restart_pages) {
  if (dialect_ != Dialect::sqlite || checkpointer_) return;
  int sync = 1;
  {
    soci::session& s = pool_->at(0);
    s << "PRAGMA synchronous", soci::into(sync);
  }
  checkpointer_ = std::make_unique<Checkpointer>(*this, passive_pages, restart_pages, sync >= 2);
  for (soci::session* s : sqlite_sessions()) {
    auto* be = static_cast<soci::sqlite3_session_backend*>(s->get_backend());
    sqlite_api::sqlite3_wal_hook(be->conn_, &Checkpointer::on_commit, checkpointer_.get());  // replaces autocheckpoint
  }
}

std::vector<soci::session*> Database::sqlite_sessions() {
  std::vector<soci::session*> out;
  for (std::size_t i = 0; i < pool_size_; ++i) out.push_back(&pool_->at(i));
  if (writer_) out.push_back(writer_.get());
  return out;
}

Database::CheckpointStats Database::checkpoint_stats() const {
  if (!checkpointer_) return {};
  return {checkpointer_->passive.load(), checkpointer_->restarts.load(), checkpointer_->restart_wait_us.load()};
}

Database::~Database() {
  if (checkpointer_) {  // unhooked and stopped before the connections close
    for (soci::session* s : sqlite_sessions()) {
      auto* be = static_cast<soci::sqlite3_session_backend*>(s->get_backend());
      sqlite_api::sqlite3_wal_hook(be->conn_, nullptr, nullptr);
    }
    checkpointer_.reset();
  }
  kept_.clear();          // the statements before their connections
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

struct Database::Waiter {
  std::condition_variable cv;
  std::size_t index = 0;
  bool given = false;
};

soci::session& Database::lease_session(std::size_t& index) {
  std::unique_lock lk(lease_mu_);
  if (!free_.empty() && waiters_.empty()) {
    index = free_.back();
    free_.pop_back();
  } else {
    Waiter me;
    waiters_.push_back(&me);
    me.cv.wait(lk, [&] { return me.given; });
    index = me.index;  // handed over by release(), which took us off the queue
  }
  ++leased_;
  return pool_->at(index);
}

void Database::release(std::size_t index) {
  std::lock_guard lk(lease_mu_);
  --leased_;
  if (waiters_.empty()) {
    free_.push_back(index);
    return;
  }
  Waiter* w = waiters_.front();
  waiters_.pop_front();
  w->index = index;
  w->given = true;
  w->cv.notify_one();  // under the lock: the waiter cannot leave (and destroy its cv) before this returns
}

bool Database::write_if(const std::function<bool(soci::session&)>& f) {
  auto run = [&](soci::session& s) {
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
  };
  if (dialect_ != Dialect::sqlite) return with(run);
  // SQLite: one writer at a time, always on the same connection, so its page cache stays warm with
  // the pages writes touch (a connection that sees another's commit starts with an empty cache), and
  // a write never waits for a pooled connection held by a reader.
  while (writers_wait_.load()) writers_wait_.wait(true);  // a checkpoint restarting the WAL goes first
  std::lock_guard lk(write_mu_);
  return run(*writer_);
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
