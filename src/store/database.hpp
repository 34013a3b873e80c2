// A pool of connections to one SQLite file or one PostgreSQL database, and the schema
// migrations. Thread-safe: each caller leases its own connection from the pool.
// SOCI types stay inside store/: nothing outside this folder includes this header's users' SQL.
#pragma once
#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <typeindex>
#include <typeinfo>
#include <unordered_map>
#include <vector>

namespace soci {
class session;
class connection_pool;
class statement;
}  // namespace soci

namespace bc::store {

enum class Dialect { sqlite, postgresql };

class Database {
 public:
  // Opens (creating the SQLite file and its folder if needed). Throws std::runtime_error with a
  // message a person can act on when the database cannot be reached.
  // synchronous_full: SQLite commits also survive a power cut (PRAGMA synchronous = FULL), not only a crash.
  static std::unique_ptr<Database> open(const std::string& url, std::size_t pool_size, bool synchronous_full = false);
  ~Database();

  // SQLite: checkpoints the WAL from a thread of its own instead of inside the commit that crosses
  // 1,000 pages (wal_autocheckpoint off on the pool): passive checkpoints while the writers go on,
  // and when the WAL has grown past `restart_pages`, a last short one under the writers' lock so the
  // next transaction starts the WAL from its beginning again (docs/decisions.md, "Checkpoints off the
  // commit path"). Call once, before the pool is shared; stopped when the Database closes.
  // PostgreSQL: nothing.
  void checkpoint_in_background(int passive_pages = 1000, int restart_pages = 32768);
  struct CheckpointStats {
    std::uint64_t passive = 0, restarts = 0;  // passive checkpoints run; WAL restarts (under the writers' lock)
    std::uint64_t restart_wait_us = 0;        // the writers held by those, in all
  };
  CheckpointStats checkpoint_stats() const;

  Dialect dialect() const { return dialect_; }
  const std::string& url() const { return url_; }
  std::size_t pool_size() const { return pool_size_; }
  std::size_t leased() const { return leased_; }

  // Runs f with a leased connection.
  template <class F>
  auto with(F&& f) -> decltype(f(std::declval<soci::session&>()));

  // Runs f inside a write transaction (SQLite: BEGIN IMMEDIATE, one writer at a time, on a
  // connection of its own beside the pool).
  // Commits when f returns normally; rolls back and rethrows when it throws.
  void write(const std::function<void(soci::session&)>& f);
  // Like write, but f decides: return false to roll back.
  bool write_if(const std::function<bool(soci::session&)>& f);

  // Applies pending migrations. Returns the schema version. Throws if the database was
  // migrated by a newer bluechannel than this one.
  bool ping();  // the database answers a trivial query
  int migrate();
  int schema_version();
  static int known_version();
  // Executes a multi-statement script on one connection (migrations, benchmarks).
  static void exec_script(soci::session& s, Dialect d, const std::string& sql);
  // True when the error text is a unique-constraint violation on either database.
  static bool is_unique_violation(const std::exception& e);
  // SQLite: online backup to a file. PostgreSQL: throws (use pg_dump).
  void backup_to(const std::string& path);

  // What a store keeps per pooled connection (prepared statements with their bound variables),
  // made by T(session&) on the connection's first use of it and kept until forget_kept or until
  // the Database closes. Only the holder of the connection's lease may use it.
  template <class T>
  T& kept(soci::session& s);
  // Drops what is kept for the connection (after a failure that may have left it unusable).
  void forget_kept(soci::session& s);
  // After a kept statement's execution: on SQLite, resets it, so it neither holds a read snapshot
  // nor counts as in progress for RELEASE SAVEPOINT or COMMIT (PostgreSQL: nothing to do).
  void finish(soci::statement& st) const;

 private:
  struct Lease;
  Database() = default;
  soci::session& lease_session(std::size_t& index);
  void release(std::size_t index);

  Dialect dialect_ = Dialect::sqlite;
  std::string url_;
  std::size_t pool_size_ = 0;
  std::unique_ptr<soci::connection_pool> pool_;
  std::unique_ptr<soci::session> writer_;  // SQLite: the one connection writes run on (under write_mu_)
  std::vector<soci::session*> sqlite_sessions();
  std::mutex write_mu_;  // SQLite has one writer; waiting here beats spinning on SQLITE_BUSY
  // The pool's own lease is not fair (a thread arriving as a connection comes back can take it
  // ahead of one that has waited): connections are handed to waiters first come, first served.
  struct Waiter;
  std::atomic<bool> writers_wait_{false};  // the checkpointer wants write_mu_ next
  std::size_t leased_ = 0;
  std::mutex lease_mu_;
  std::vector<std::size_t> free_;  // connections nobody holds
  std::deque<Waiter*> waiters_;    // oldest first
  std::shared_ptr<void>& kept_slot(soci::session& s, std::type_index type);
  // Declared after pool_: destroyed before the connections its statements belong to.
  std::unordered_map<const soci::session*, std::unordered_map<std::type_index, std::shared_ptr<void>>> kept_;
  std::mutex kept_mu_;
  struct Checkpointer;
  std::unique_ptr<Checkpointer> checkpointer_;  // declared last: stopped first
};

// Finishes a kept statement (Database::finish) when the scope ends, however it ends.
struct Finishing {
  const Database& db;
  soci::statement& st;
  Finishing(const Database& d, soci::statement& s) : db(d), st(s) {}
  Finishing(const Finishing&) = delete;
  Finishing& operator=(const Finishing&) = delete;
  ~Finishing() { db.finish(st); }
};

template <class T>
T& Database::kept(soci::session& s) {
  std::shared_ptr<void>& slot = kept_slot(s, std::type_index(typeid(T)));
  if (!slot) slot = std::make_shared<T>(s);  // the lease holder alone fills its connection's slot
  return *static_cast<T*>(slot.get());
}

template <class F>
auto Database::with(F&& f) -> decltype(f(std::declval<soci::session&>())) {
  std::size_t idx = 0;
  soci::session& s = lease_session(idx);
  struct Release {
    Database* db;
    std::size_t idx;
    ~Release() { db->release(idx); }
  } rel{this, idx};
  return f(s);
}

}  // namespace bc::store
