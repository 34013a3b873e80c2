// The raw insert ceiling for the work-order create benchmark (bench/run, bench_orders): the same
// rows a create writes — one work_orders row, its timeline events, one stored Idempotency-Key
// response — copied from the newest order of a database the server has just written, inserted by a
// bare prepared-statement loop (sqlite3 / libpq, no SOCI, no HTTP, no routing), BATCH orders per
// transaction. Same schema, same indexes, same values: what the disk and the database engine allow.
//
//   orders_ceiling <sqlite-file | postgresql://…> N BATCH [full]
//
// Writes into the database it is given: run it on a copy. Prints one line:
//   CEILING db=sqlite batch=16 sync=normal orders=N seconds=S orders_per_s=R
#include <libpq-fe.h>
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

[[noreturn]] void fail(const std::string& what) { throw std::runtime_error(what); }

// ---- SQLite ------------------------------------------------------------------------------------

struct Lite {
  sqlite3* db = nullptr;
  void exec(const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string m = err ? err : "?";
      sqlite3_free(err);
      fail(sql + ": " + m);
    }
  }
  sqlite3_stmt* prepare(const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v3(db, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &st, nullptr) != SQLITE_OK)
      fail(sql + ": " + sqlite3_errmsg(db));
    return st;
  }
  std::vector<std::string> columns(const std::string& table) {
    std::vector<std::string> out;
    sqlite3_stmt* st = prepare("SELECT name FROM pragma_table_info('" + table + "')");
    while (sqlite3_step(st) == SQLITE_ROW) out.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
    sqlite3_finalize(st);
    return out;
  }
};

// A template row: its values (sqlite3_value copies) for every column but the skipped ones.
struct LiteRow {
  std::vector<std::string> cols;
  std::vector<sqlite3_value*> vals;
};

std::string join(const std::vector<std::string>& v, const std::string& sep, const std::string& prefix = "") {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + prefix + s;
  return out;
}

std::vector<LiteRow> lite_rows(Lite& l, const std::string& table, const std::string& where, long long key,
                               const std::vector<std::string>& skip) {
  std::vector<std::string> cols;
  for (auto& c : l.columns(table)) {
    bool s = false;
    for (auto& k : skip) s = s || k == c;
    if (!s) cols.push_back(c);
  }
  std::vector<LiteRow> rows;
  sqlite3_stmt* st = l.prepare("SELECT " + join(cols, ", ") + " FROM " + table + " WHERE " + where);
  sqlite3_bind_int64(st, 1, key);
  while (sqlite3_step(st) == SQLITE_ROW) {
    LiteRow r;
    r.cols = cols;
    for (int i = 0; i < static_cast<int>(cols.size()); ++i) r.vals.push_back(sqlite3_value_dup(sqlite3_column_value(st, i)));
    rows.push_back(std::move(r));
  }
  sqlite3_finalize(st);
  return rows;
}

double run_sqlite(const std::string& file, long n, long batch, bool full) {
  Lite l;
  if (sqlite3_open(file.c_str(), &l.db) != SQLITE_OK) fail("cannot open " + file);
  l.exec("PRAGMA journal_mode = WAL");
  l.exec(full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
  l.exec("PRAGMA foreign_keys = ON");
  l.exec("PRAGMA cache_size = -16384");
  sqlite3_stmt* q = l.prepare("SELECT max(id) FROM work_orders");
  if (sqlite3_step(q) != SQLITE_ROW) fail("no work orders in " + file);
  const long long order = sqlite3_column_int64(q, 0);
  sqlite3_finalize(q);
  auto orow = lite_rows(l, "work_orders", "id = ?", order, {"id"});
  auto erows = lite_rows(l, "order_events", "order_id = ?", order, {"id", "order_id"});
  auto irows = lite_rows(l, "idempotency", "rowid = (SELECT max(rowid) FROM idempotency) OR ?1 < 0", 0, {"key"});
  if (orow.empty() || erows.empty()) fail("the newest order has no row or no events");
  if (irows.empty()) fail("no stored Idempotency-Key response to copy (create orders with a key first)");
  auto insert = [&](const LiteRow& r, const std::string& table, const std::string& extra) {
    std::vector<std::string> qs(r.cols.size(), "?");
    std::string cols = join(r.cols, ", "), vals = join(qs, ", ");
    if (!extra.empty()) cols += ", " + extra, vals += ", ?";
    return l.prepare("INSERT INTO " + table + " (" + cols + ") VALUES (" + vals + ")");
  };
  sqlite3_stmt* ins_o = insert(orow[0], "work_orders", "");
  sqlite3_stmt* ins_e = insert(erows[0], "order_events", "order_id");
  sqlite3_stmt* ins_i = insert(irows[0], "idempotency", "key");
  auto bind_all = [](sqlite3_stmt* st, const LiteRow& r) {
    for (int i = 0; i < static_cast<int>(r.vals.size()); ++i) sqlite3_bind_value(st, i + 1, r.vals[i]);
    return static_cast<int>(r.vals.size());
  };
  auto step = [&](sqlite3_stmt* st) {
    if (sqlite3_step(st) != SQLITE_DONE) fail(std::string("insert: ") + sqlite3_errmsg(l.db));
    sqlite3_reset(st);
  };
  const auto t0 = Clock::now();
  for (long i = 0; i < n; i += batch) {
    l.exec("BEGIN IMMEDIATE");
    for (long j = i; j < i + batch && j < n; ++j) {
      bind_all(ins_o, orow[0]);
      step(ins_o);
      const auto id = sqlite3_last_insert_rowid(l.db);
      for (const auto& e : erows) {
        const int k = bind_all(ins_e, e);
        sqlite3_bind_int64(ins_e, k + 1, id);
        step(ins_e);
      }
      const int k = bind_all(ins_i, irows[0]);
      const std::string key = "ceiling-" + std::to_string(id);
      sqlite3_bind_text(ins_i, k + 1, key.c_str(), -1, SQLITE_TRANSIENT);
      step(ins_i);
    }
    l.exec("COMMIT");
  }
  const double s = std::chrono::duration<double>(Clock::now() - t0).count();
  sqlite3_finalize(ins_o);
  sqlite3_finalize(ins_e);
  sqlite3_finalize(ins_i);
  for (auto* rows : {&orow, &erows, &irows})
    for (auto& r : *rows)
      for (auto* v : r.vals) sqlite3_value_free(v);
  sqlite3_close(l.db);
  return s;
}

// ---- PostgreSQL --------------------------------------------------------------------------------

struct Pg {
  PGconn* c = nullptr;
  PGresult* exec(const std::string& sql, const std::vector<const char*>& params = {}) {
    PGresult* r = PQexecParams(c, sql.c_str(), static_cast<int>(params.size()), nullptr, params.data(), nullptr,
                               nullptr, 0);
    const auto st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      std::string m = PQresultErrorMessage(r);
      PQclear(r);
      fail(sql + ": " + m);
    }
    return r;
  }
  void run(const std::string& sql) { PQclear(exec(sql)); }
};

struct PgRows {
  std::vector<std::string> cols;
  std::vector<std::vector<std::string>> vals;
  std::vector<std::vector<bool>> nulls;
};

PgRows pg_rows(Pg& p, const std::string& table, const std::string& where, const std::vector<std::string>& skip) {
  PgRows out;
  PGresult* r = p.exec("SELECT column_name FROM information_schema.columns WHERE table_name = '" + table +
                       "' AND table_schema = current_schema() ORDER BY ordinal_position");
  for (int i = 0; i < PQntuples(r); ++i) {
    std::string c = PQgetvalue(r, i, 0);
    bool s = false;
    for (auto& k : skip) s = s || k == c;
    if (!s) out.cols.push_back(c);
  }
  PQclear(r);
  r = p.exec("SELECT " + join(out.cols, ", ") + " FROM " + table + " WHERE " + where);
  for (int i = 0; i < PQntuples(r); ++i) {
    std::vector<std::string> v;
    std::vector<bool> nl;
    for (int j = 0; j < PQnfields(r); ++j) {
      v.emplace_back(PQgetvalue(r, i, j));
      nl.push_back(PQgetisnull(r, i, j));
    }
    out.vals.push_back(std::move(v));
    out.nulls.push_back(std::move(nl));
  }
  PQclear(r);
  return out;
}

double run_pg(const std::string& url, long n, long batch) {
  Pg p;
  p.c = PQconnectdb(url.c_str());
  if (PQstatus(p.c) != CONNECTION_OK) fail(std::string("cannot connect: ") + PQerrorMessage(p.c));
  PGresult* r = p.exec("SELECT max(id) FROM work_orders");
  const std::string order = PQgetvalue(r, 0, 0);
  PQclear(r);
  if (order.empty()) fail("no work orders");
  auto orow = pg_rows(p, "work_orders", "id = " + order, {"id"});
  auto erows = pg_rows(p, "order_events", "order_id = " + order, {"id", "order_id"});
  auto irows = pg_rows(p, "idempotency", "created_at = (SELECT max(created_at) FROM idempotency) LIMIT 1", {"key"});
  if (orow.vals.empty() || erows.vals.empty() || irows.vals.empty()) fail("nothing to copy");
  auto prepare = [&](const char* name, const PgRows& rows, const std::string& table, const std::string& extra,
                     const std::string& returning) {
    std::string cols = join(rows.cols, ", "), vals;
    const std::size_t params = rows.cols.size() + (extra.empty() ? 0 : 1);
    for (std::size_t k = 1; k <= params; ++k) vals += (k > 1 ? ", $" : "$") + std::to_string(k);
    if (!extra.empty()) cols += ", " + extra;
    PGresult* pr = PQprepare(p.c, name, ("INSERT INTO " + table + " (" + cols + ") VALUES (" + vals + ")" + returning).c_str(),
                             0, nullptr);
    if (PQresultStatus(pr) != PGRES_COMMAND_OK) fail(std::string("prepare: ") + PQresultErrorMessage(pr));
    PQclear(pr);
  };
  prepare("o", orow, "work_orders", "", " RETURNING id");
  prepare("e", erows, "order_events", "order_id", "");
  prepare("i", irows, "idempotency", "key", "");
  auto params = [](const PgRows& rows, std::size_t i) {
    std::vector<const char*> v;
    for (std::size_t j = 0; j < rows.cols.size(); ++j) v.push_back(rows.nulls[i][j] ? nullptr : rows.vals[i][j].c_str());
    return v;
  };
  auto exec_prepared = [&](const char* name, const std::vector<const char*>& v) {
    PGresult* er = PQexecPrepared(p.c, name, static_cast<int>(v.size()), v.data(), nullptr, nullptr, 0);
    const auto st = PQresultStatus(er);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) fail(std::string(name) + ": " + PQresultErrorMessage(er));
    return er;
  };
  const auto t0 = Clock::now();
  for (long i = 0; i < n; i += batch) {
    p.run("BEGIN");
    for (long j = i; j < i + batch && j < n; ++j) {
      PGresult* o = exec_prepared("o", params(orow, 0));
      const std::string id = PQgetvalue(o, 0, 0);
      PQclear(o);
      for (std::size_t e = 0; e < erows.vals.size(); ++e) {
        auto v = params(erows, e);
        v.push_back(id.c_str());
        PQclear(exec_prepared("e", v));
      }
      auto v = params(irows, 0);
      const std::string key = "ceiling-" + id;
      v.push_back(key.c_str());
      PQclear(exec_prepared("i", v));
    }
    p.run("COMMIT");
  }
  const double s = std::chrono::duration<double>(Clock::now() - t0).count();
  PQfinish(p.c);
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s <sqlite-file | postgresql://…> N BATCH [full]\n", argv[0]);
    return 2;
  }
  const std::string target = argv[1];
  const long n = std::atol(argv[2]), batch = std::atol(argv[3]);
  const bool full = argc > 4 && std::string(argv[4]) == "full";
  if (n < 1 || batch < 1) {
    std::fprintf(stderr, "N and BATCH must be positive\n");
    return 2;
  }
  try {
    const bool pg = target.rfind("postgres", 0) == 0;
    const double s = pg ? run_pg(target, n, batch) : run_sqlite(target, n, batch, full);
    std::printf("CEILING db=%s batch=%ld sync=%s orders=%ld seconds=%.3f orders_per_s=%.0f\n", pg ? "postgresql" : "sqlite",
                batch, pg ? "server" : (full ? "full" : "normal"), n, s, n / s);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "orders_ceiling: %s\n", e.what());
    return 1;
  }
  return 0;
}
