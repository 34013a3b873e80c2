// A fresh database per test: a temporary SQLite file, or a new database on the test
// PostgreSQL server (BC_TEST_DB=postgres, BC_TEST_PG=URL), dropped afterwards.
#pragma once
#include <libpq-fe.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <unistd.h>

#include "store/database.hpp"

namespace bc::testing {

inline bool on_postgres() {
  const char* k = std::getenv("BC_TEST_DB");
  return k && std::string(k) == "postgres";
}

inline void pg_exec(const std::string& url, const std::string& sql) {
  PGconn* c = PQconnectdb(url.c_str());
  if (PQstatus(c) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(c);
    PQfinish(c);
    throw std::runtime_error("cannot reach the test PostgreSQL: " + msg);
  }
  PGresult* r = PQexec(c, sql.c_str());
  const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  std::string msg = PQresultErrorMessage(r);
  PQclear(r);
  PQfinish(c);
  if (!ok) throw std::runtime_error(sql + ": " + msg);
}

class FreshDb {
 public:
  explicit FreshDb(std::size_t pool = 4) {
    static std::atomic<int> n{0};
    const std::string name = "bc_store_" + std::to_string(::getpid()) + "_" + std::to_string(n++);
    if (on_postgres()) {
      const char* base = std::getenv("BC_TEST_PG");
      if (!base) throw std::runtime_error("BC_TEST_PG is not set");
      base_ = base;
      pg_exec(base_, "CREATE DATABASE " + name);
      name_ = name;
      url = base_.substr(0, base_.rfind('/') + 1) + name;
    } else {
      dir_ = std::filesystem::temp_directory_path() / name;
      std::filesystem::create_directories(dir_);
      url = (dir_ / "test.db").string();
    }
    db = store::Database::open(url, pool);
    db->migrate();
  }
  ~FreshDb() {
    db.reset();
    if (!name_.empty()) {
      try { pg_exec(base_, "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)"); } catch (...) {}
    }
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }
  std::string url;
  std::unique_ptr<store::Database> db;

 private:
  std::string base_, name_;
  std::filesystem::path dir_;
};

}  // namespace bc::testing
