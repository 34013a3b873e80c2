// A pool of connections to one SQLite file or one PostgreSQL database, and the schema
// migrations. Thread-safe: each caller leases its own connection from the pool.
// SOCI types stay inside store/: nothing outside this folder includes this header's users' SQL.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

namespace soci {
class session;
class connection_pool;
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

  Dialect dialect() const { return dialect_; }
  const std::string& url() const { return url_; }
  std::size_t pool_size() const { return pool_size_; }
  std::size_t leased() const { return leased_; }

  // Runs f with a leased connection.
  template <class F>
  auto with(F&& f) -> decltype(f(std::declval<soci::session&>()));

  // Runs f inside a write transaction (SQLite: BEGIN IMMEDIATE, one writer at a time).
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

 private:
  struct Lease;
  Database() = default;
  soci::session& lease_session(std::size_t& index);
  void release(std::size_t index);

  Dialect dialect_ = Dialect::sqlite;
  std::string url_;
  std::size_t pool_size_ = 0;
  std::unique_ptr<soci::connection_pool> pool_;
  std::mutex write_mu_;  // SQLite has one writer; waiting here beats spinning on SQLITE_BUSY
  std::size_t leased_ = 0;
  std::mutex lease_mu_;
};

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
