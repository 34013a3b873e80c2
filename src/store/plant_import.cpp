// Plant import/export on SQL. The staging table holds one batch; checks that need the database
// (customers, parents, accounts, pairs and numbers in use, what is already stored) run as a few
// set-based statements over it, the same text on SQLite and PostgreSQL. A row rejected there keeps
// its reason in err_col/err_reason and is reported with its line.
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <soci/postgresql/soci-postgresql.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "database.hpp"
#include "domain/revenue/model.hpp"
#include "plant_import.hpp"

namespace bc::store {
using namespace bc::imports;

namespace {

// Loads rows into a staging table: a reused prepared INSERT on SQLite, COPY on PostgreSQL.
class Loader {
 public:
  Loader(soci::session& s, Dialect d, const std::string& table, const std::vector<std::string>& cols)
      : d_(d), ncols_(cols.size()) {
    std::string list;
    for (const auto& c : cols) list += (list.empty() ? "" : ", ") + c;
    if (d_ == Dialect::sqlite) {
      db_ = static_cast<soci::sqlite3_session_backend*>(s.get_backend())->conn_;
      std::string q = "INSERT INTO " + table + " (" + list + ") VALUES (";
      for (std::size_t i = 0; i < cols.size(); ++i) q += (i ? ",?" : "?");
      q += ")";
      if (sqlite_api::sqlite3_prepare_v2(db_, q.c_str(), -1, &st_, nullptr) != 0)
        throw std::runtime_error(std::string("staging insert: ") + sqlite_api::sqlite3_errmsg(db_));
    } else {
      pg_ = static_cast<soci::postgresql_session_backend*>(s.get_backend())->conn_;
      PGresult* r = PQexec(pg_, ("COPY " + table + " (" + list + ") FROM STDIN").c_str());
      const bool ok = PQresultStatus(r) == PGRES_COPY_IN;
      std::string msg = PQresultErrorMessage(r);
      PQclear(r);
      if (!ok) throw std::runtime_error("COPY into staging: " + msg);
      buf_.reserve(1 << 18);
    }
  }
  ~Loader() {
    if (st_) sqlite_api::sqlite3_finalize(st_);
    if (pg_ && !finished_) {
      PQputCopyEnd(pg_, "abandoned");
      while (PGresult* r = PQgetResult(pg_)) PQclear(r);
    }
  }
  Loader(const Loader&) = delete;
  Loader& operator=(const Loader&) = delete;

  Loader& text(std::string_view v) {
    if (st_) {
      sqlite_api::sqlite3_bind_text(st_, ++col_, v.data(), static_cast<int>(v.size()), reinterpret_cast<sqlite_api::sqlite3_destructor_type>(-1));
    } else {
      sep();
      for (char c : v) {
        switch (c) {
          case '\\': buf_ += "\\\\"; break;
          case '\t': buf_ += "\\t"; break;
          case '\n': buf_ += "\\n"; break;
          case '\r': buf_ += "\\r"; break;
          default: buf_ += c;
        }
      }
    }
    return *this;
  }
  Loader& integer(long long v) {
    if (st_) {
      sqlite_api::sqlite3_bind_int64(st_, ++col_, v);
    } else {
      sep();
      buf_ += std::to_string(v);
    }
    return *this;
  }
  Loader& id_or_null(long long v) { return v ? integer(v) : null(); }
  Loader& null() {
    if (st_) {
      sqlite_api::sqlite3_bind_null(st_, ++col_);
    } else {
      sep();
      buf_ += "\\N";
    }
    return *this;
  }
  void end_row() {
    if (static_cast<std::size_t>(col_) != ncols_) throw std::logic_error("staging row has the wrong width");
    col_ = 0;
    if (st_) {
      if (sqlite_api::sqlite3_step(st_) != SQLITE_DONE)
        throw std::runtime_error(std::string("staging insert: ") + sqlite_api::sqlite3_errmsg(db_));
      sqlite_api::sqlite3_reset(st_);
    } else {
      buf_ += '\n';
      if (buf_.size() > (1 << 18)) flush();
    }
  }
  void finish() {
    if (!pg_) return;
    flush();
    finished_ = true;
    if (PQputCopyEnd(pg_, nullptr) != 1) throw std::runtime_error(std::string("COPY: ") + PQerrorMessage(pg_));
    std::string err;
    while (PGresult* r = PQgetResult(pg_)) {
      if (PQresultStatus(r) != PGRES_COMMAND_OK) err = PQresultErrorMessage(r);
      PQclear(r);
    }
    if (!err.empty()) throw std::runtime_error("COPY into staging: " + err);
  }

 private:
  void sep() {
    if (col_++) buf_ += '\t';
  }
  void flush() {
    if (buf_.empty()) return;
    if (PQputCopyData(pg_, buf_.data(), static_cast<int>(buf_.size())) != 1)
      throw std::runtime_error(std::string("COPY: ") + PQerrorMessage(pg_));
    buf_.clear();
  }

  Dialect d_;
  std::size_t ncols_;
  int col_ = 0;
  sqlite_api::sqlite3* db_ = nullptr;
  sqlite_api::sqlite3_stmt* st_ = nullptr;
  PGconn* pg_ = nullptr;
  std::string buf_;
  bool finished_ = false;
};

struct Col {
  std::string name, type;
};

// What each kind stages and stores. Stored columns are copied from the staging column of the
// same name; staged-only columns carry codes for the checks.
struct Spec {
  std::string target, staging;
  std::vector<Col> loaded;          // filled from C++, in this order
  std::vector<Col> resolved;        // filled by SQL
  std::vector<std::string> stored;  // target columns besides code/version/created_at/updated_at
};

const Spec& spec(Kind k) {
  static const Spec cross{"cross_boxes", "imp_cross_boxes",
                          {{"line", "BIGINT"}, {"code", "TEXT"}, {"name", "TEXT"}, {"network_id", "BIGINT"},
                           {"area_id", "BIGINT"}, {"lat_e6", "INTEGER"}, {"lng_e6", "INTEGER"}, {"address", "TEXT"},
                           {"primary_pairs", "INTEGER"}, {"distribution_pairs", "INTEGER"}},
                          {},
                          {"name", "network_id", "area_id", "lat_e6", "lng_e6", "address", "primary_pairs",
                           "distribution_pairs"}};
  static const Spec dist{"dist_boxes", "imp_dist_boxes",
                         {{"line", "BIGINT"}, {"code", "TEXT"}, {"cross_box_id", "BIGINT"}, {"area_id", "BIGINT"},
                          {"network_id", "BIGINT"}, {"lat_e6", "INTEGER"}, {"lng_e6", "INTEGER"}, {"mount", "TEXT"},
                          {"address", "TEXT"}, {"capacity", "INTEGER"}},
                         {},
                         {"cross_box_id", "area_id", "network_id", "lat_e6", "lng_e6", "mount", "address", "capacity"}};
  static const Spec cust{"customers", "imp_customers",
                         {{"line", "BIGINT"}, {"code", "TEXT"}, {"kind", "TEXT"}, {"name", "TEXT"}, {"phones", "TEXT"},
                          {"id_type", "TEXT"}, {"id_number", "TEXT"}, {"district", "TEXT"}, {"street", "TEXT"},
                          {"community", "TEXT"}, {"building", "TEXT"}, {"unit_no", "TEXT"}, {"room", "TEXT"},
                          {"address_text", "TEXT"}, {"network_id", "BIGINT"}},
                         {{"old_name", "TEXT"}, {"old_address", "TEXT"}},
                         {"kind", "name", "phones", "id_type", "id_number", "district", "street", "community",
                          "building", "unit_no", "room", "address_text", "network_id"}};
  static const Spec svc{"services", "imp_services",
                        {{"line", "BIGINT"}, {"code", "TEXT"}, {"customer_code", "TEXT"}, {"account_code", "TEXT"},
                         {"kind", "TEXT"}, {"number", "TEXT"}, {"speed_mbps", "INTEGER"}, {"dist_box_id", "BIGINT"},
                         {"dist_box_code", "TEXT"}, {"pair_no", "INTEGER"}, {"parent_code", "TEXT"},
                         {"status", "TEXT"}, {"start_date", "BIGINT"}, {"monthly_fee_fen", "BIGINT"},
                         {"network_id", "BIGINT"}, {"phase", "INTEGER"}},
                        {{"customer_id", "BIGINT"}, {"customer_network", "BIGINT"}, {"account_id", "BIGINT"},
                         {"parent_service_id", "BIGINT"}},
                        {"customer_id", "account_id", "kind", "number", "speed_mbps", "dist_box_id", "pair_no",
                         "parent_service_id", "status", "start_date", "monthly_fee_fen", "network_id"}};
  // Revenue: keyed by (service, month), not by code; revenue_batch does its own upsert.
  static const Spec rev{"service_revenue", "imp_revenue",
                        {{"line", "BIGINT"}, {"month", "INTEGER"}, {"service", "TEXT"}, {"amount_fen", "BIGINT"},
                         {"new_from", "BIGINT"}, {"new_to", "BIGINT"}},
                        {{"service_id", "BIGINT"}, {"unit_id", "BIGINT"}, {"seller_id", "BIGINT"},
                         {"old_amount", "BIGINT"}, {"old_unit", "BIGINT"}, {"old_seller", "BIGINT"}},
                        {}};
  switch (k) {
    case Kind::cross_boxes: return cross;
    case Kind::dist_boxes: return dist;
    case Kind::customers: return cust;
    case Kind::services: return svc;
    case Kind::revenue: return rev;
  }
  return svc;
}

std::vector<std::string> names(const std::vector<Col>& cols) {
  std::vector<std::string> out;
  for (const auto& c : cols) out.push_back(c.name);
  return out;
}

// BC_IMPORT_TRACE=1 prints the time of every set-based statement (for tuning).
void exec(soci::session& s, const std::string& sql) {
  static const bool trace = std::getenv("BC_IMPORT_TRACE") != nullptr;
  if (!trace) {
    s << sql;
    return;
  }
  const auto t0 = std::chrono::steady_clock::now();
  s << sql;
  std::fprintf(stderr, "%8.2f ms  %.110s\n",
               std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count(), sql.c_str());
}

void prepare_staging(soci::session& s, Dialect d, const Spec& sp) {
  if (d == Dialect::sqlite) {
    int ts = 0;
    s << "PRAGMA temp_store", soci::into(ts);
    if (ts != 2) s << "PRAGMA temp_store = MEMORY";
  }
  std::string ddl = "CREATE TEMP TABLE IF NOT EXISTS " + sp.staging + " (";
  for (const auto& c : sp.loaded) ddl += c.name + " " + c.type + ", ";
  for (const auto& c : sp.resolved) ddl += c.name + " " + c.type + ", ";
  ddl += "existing_id BIGINT, state INTEGER NOT NULL DEFAULT 1, err_col TEXT NOT NULL DEFAULT '', "
         "err_reason TEXT NOT NULL DEFAULT '')";
  exec(s, ddl);
  // PostgreSQL: DELETE would leave every batch's dead rows behind (autovacuum never visits temp
  // tables), and each of the batch's UPDATEs writes new row versions, so the staging table — and
  // every scan of it — would grow batch after batch. TRUNCATE gives it fresh, empty storage.
  exec(s, (d == Dialect::postgresql ? "TRUNCATE " : "DELETE FROM ") + sp.staging);
}

void load(Loader& L, const Batch& b) {
  for (const auto& r : b.cross_boxes) {
    L.integer(r.line).text(r.code).text(r.name).integer(r.network_id).id_or_null(r.area_id).integer(r.lat_e6)
        .integer(r.lng_e6).text(r.address).integer(r.primary_pairs).integer(r.distribution_pairs).end_row();
  }
  for (const auto& r : b.dist_boxes) {
    L.integer(r.line).text(r.code).integer(r.cross_box_id).integer(r.area_id).integer(r.network_id)
        .integer(r.lat_e6).integer(r.lng_e6).text(plant::to_string(r.mount)).text(r.address).integer(r.capacity)
        .end_row();
  }
  for (const auto& r : b.customers) {
    L.integer(r.line).text(r.code).text(plant::to_string(r.kind)).text(r.name).text(r.phones).text(r.id_type)
        .text(r.id_number).text(r.address.district).text(r.address.street).text(r.address.community)
        .text(r.address.building).text(r.address.unit).text(r.address.room).text(r.address.text())
        .integer(r.network_id).end_row();
  }
  for (const auto& r : b.services) {
    L.integer(r.line).text(r.code).text(r.customer_code).text(r.account_code).text(plant::to_string(r.kind))
        .text(r.number).integer(r.speed_mbps).id_or_null(r.dist_box_id).text(r.dist_box_code);
    if (r.pair_no) L.integer(r.pair_no); else L.null();
    L.text(r.parent_code).text(plant::to_string(r.status)).integer(r.start_date).integer(r.monthly_fee_fen)
        .id_or_null(r.network_id).integer(r.parent_code.empty() ? 1 : 2).end_row();
  }
  for (const auto& r : b.revenue)
    L.integer(r.line).integer(r.month).text(r.service).integer(r.amount_fen).integer(r.new_from).integer(r.new_to)
        .end_row();
  L.finish();
}

// Marks existing rows and whether they differ, then writes the changed ones (one UPDATE … FROM the
// staging table) and the new ones (one plain INSERT … SELECT). Counts come from the marks.
// A plain INSERT, not INSERT … ON CONFLICT DO UPDATE: on PostgreSQL the speculative insertion
// behind ON CONFLICT made the insert about a third slower (measured, docs/decisions.md). SQLite
// holds the write lock from the marks to the insert (BEGIN IMMEDIATE), so no code can appear in
// between; on PostgreSQL another writer can store one of the new codes meanwhile, and then the
// insert is run again as an upsert (a row that raced in is counted as inserted).
void classify_and_upsert(soci::session& s, Dialect d, const Spec& sp, const std::string& filter, Millis now) {
  const std::string& t = sp.staging;
  const std::string extra = sp.target == "customers" ? ", old_name = x.name, old_address = x.address_text" : "";
  // Rows start as new (state 1); one statement marks the stored ones changed (2) or unchanged (3),
  // so an import of new rows writes nothing here.
  std::string same;
  for (const auto& c : sp.stored) same += (same.empty() ? "" : " AND ") + ("x." + c + " IS NOT DISTINCT FROM " + t + "." + c);
  exec(s, "UPDATE " + t + " SET existing_id = x.id, state = CASE WHEN " + same + " THEN 3 ELSE 2 END" + extra +
              " FROM " + sp.target + " x WHERE x.code = " + t + ".code AND " + t + ".err_col = ''" + filter);
  std::string cols = "code", sets, excluded;
  for (const auto& c : sp.stored) {
    cols += ", " + c;
    sets += c + " = " + t + "." + c + ", ";
    excluded += c + " = excluded." + c + ", ";
  }
  const std::string at = std::to_string(now);
  exec(s, "UPDATE " + sp.target + " SET " + sets + "version = " + sp.target + ".version + 1, updated_at = " + at +
              " FROM " + t + " WHERE " + sp.target + ".id = " + t + ".existing_id AND " + t + ".state = 2 AND " + t +
              ".err_col = ''" + filter);
  const std::string insert = "INSERT INTO " + sp.target + " (" + cols + ", version, created_at, updated_at) SELECT " +
                             cols + ", 1, " + at + ", " + at + " FROM " + t + " WHERE state = 1 AND err_col = ''" + filter +
                             " ORDER BY line";
  if (d == Dialect::sqlite) {
    exec(s, insert);
    return;
  }
  exec(s, "SAVEPOINT imp_insert");
  try {
    exec(s, insert);
  } catch (const soci::soci_error&) {
    exec(s, "ROLLBACK TO SAVEPOINT imp_insert");
    exec(s, insert + " ON CONFLICT (code) DO UPDATE SET " + excluded + "version = " + sp.target +
                ".version + 1, updated_at = excluded.updated_at");
  }
  exec(s, "RELEASE SAVEPOINT imp_insert");
}

void services_checks(soci::session& s, Dialect d, Millis now) {
  const std::string t = "imp_services";
  exec(s, "UPDATE " + t + " SET customer_id = c.id, customer_network = c.network_id FROM customers c "
          "WHERE c.code = " + t + ".customer_code");
  exec(s, "UPDATE " + t + " SET err_col = 'customer', err_reason = 'unknown customer ' || customer_code "
          "WHERE customer_id IS NULL AND err_col = ''");
  exec(s, "UPDATE " + t + " SET err_col = 'pair', err_reason = 'pair ' || " + t + ".pair_no || ' of ' || " + t +
          ".dist_box_code || ' is already used by service ' || x.code FROM services x WHERE x.dist_box_id = " + t +
          ".dist_box_id AND x.pair_no = " + t + ".pair_no AND x.pair_no IS NOT NULL AND x.status = 'active' AND "
          "x.code <> " + t + ".code AND " + t + ".status = 'active' AND " + t + ".err_col = ''");
  exec(s, "UPDATE " + t + " SET err_col = 'number', err_reason = 'number ' || " + t + ".number || "
          "' is already used by active service ' || x.code FROM services x WHERE x.kind = " + t + ".kind AND "
          "x.number = " + t + ".number AND x.status = 'active' AND x.code <> " + t + ".code AND " + t +
          ".status = 'active' AND " + t + ".err_col = ''");
  for (int phase = 1; phase <= 2; ++phase) {
    const std::string f = " AND " + t + ".phase = " + std::to_string(phase);
    if (phase == 2) {
      exec(s, "UPDATE " + t + " SET parent_service_id = p.id, network_id = COALESCE(" + t + ".network_id, p.network_id), "
              "dist_box_id = COALESCE(" + t + ".dist_box_id, p.dist_box_id), "
              "err_col = CASE WHEN p.kind IN ('fixed_line', 'broadband') THEN '' ELSE 'parent' END, "
              "err_reason = CASE WHEN p.kind IN ('fixed_line', 'broadband') THEN '' ELSE 'parent service ' || p.code || "
              "' is a ' || p.kind || ' service, not a line' END "
              "FROM services p WHERE p.code = " + t + ".parent_code AND " + t + ".err_col = ''" + f);
      exec(s, "UPDATE " + t + " SET err_col = 'parent', err_reason = 'unknown parent service ' || parent_code || "
              "' (a parent must be stored already or come earlier in the file)' "
              "WHERE parent_service_id IS NULL AND err_col = ''" + f);
    }
    exec(s, "UPDATE " + t + " SET network_id = customer_network WHERE network_id IS NULL AND err_col = ''" + f);
    exec(s, "INSERT INTO accounts (code, customer_id, status, network_id, created_at) SELECT account_code, "
            "MIN(customer_id), 'active', MIN(network_id), " + std::to_string(now) + " FROM " + t +
            " WHERE account_code <> '' AND err_col = ''" + f + " GROUP BY account_code ON CONFLICT (code) DO NOTHING");
    exec(s, "UPDATE " + t + " SET account_id = a.id, "
            "err_col = CASE WHEN a.customer_id = " + t + ".customer_id THEN '' ELSE 'account' END, "
            "err_reason = CASE WHEN a.customer_id = " + t + ".customer_id THEN '' ELSE 'account ' || a.code || "
            "' belongs to another customer' END "
            "FROM accounts a WHERE a.code = " + t + ".account_code AND " + t + ".err_col = ''" + f);
    classify_and_upsert(s, d, spec(Kind::services), f, now);
  }
}

// SQLite: the FTS5 index of customers is kept by triggers, one row at a time, and once an FTS5
// table is touched in a transaction every later statement pays for a savepoint on it. An import
// lifts the insert and update triggers inside each batch's transaction and indexes the batch's new
// and changed rows with two set-based statements at the end, then puts the triggers back before
// COMMIT: other connections never see the triggers missing, and a crash rolls it all back.
struct SearchTriggers {
  std::vector<std::pair<std::string, std::string>> sql;  // name, CREATE TRIGGER text
  bool lifted_for_import = false;                        // bulk mode: lifted for the whole import
};

void index_batch_for_search(soci::session& s) {
  const std::string changed = "state = 2 AND (old_name IS NOT name OR old_address IS NOT address_text)";
  exec(s, "INSERT INTO customer_search(customer_search, rowid, name, address_text) SELECT 'delete', existing_id, "
          "old_name, old_address FROM imp_customers WHERE err_col = '' AND " + changed);
  exec(s, "INSERT INTO customer_search(rowid, name, address_text) SELECT c.id, c.name, c.address_text FROM "
          "imp_customers t JOIN customers c ON c.code = t.code WHERE t.err_col = '' AND (t.state = 1 OR (t.state = 2 "
          "AND (t.old_name IS NOT t.name OR t.old_address IS NOT t.address_text)))");
}

// Billing rows (docs/revenue.md): resolve each row's service (by code, else by number: the active
// service with that number, else the latest), its unit (the area of its distribution box or of its
// parent line's, else its local network) and, in a new sale's first twelve months, its seller (the
// seller recorded on the service, else the manager who completed the new-line order that created
// it). Then the rollups
// per unit and per seller move by the difference between the stored rows and the new ones — the
// old figures out of their old unit and seller, the new into the new — and the rows are upserted,
// all in the batch's transaction, so the rollups always equal the sum of service_revenue.
void revenue_batch(soci::session& s, Dialect d, Millis now) {
  const std::string t = "imp_revenue";
  // One revenue import at a time on PostgreSQL (SQLite has one writer anyway): two imports of the
  // same month would otherwise both count a row as new in the rollups.
  if (d == Dialect::postgresql) exec(s, "SELECT pg_advisory_xact_lock(7302011)");
  exec(s, "UPDATE " + t + " SET service_id = x.id FROM services x WHERE x.code = " + t + ".service AND " + t +
          ".err_col = ''");
  exec(s, "UPDATE " + t + " SET service_id = (SELECT x.id FROM services x WHERE x.number = " + t + ".service "
          "ORDER BY CASE WHEN x.status = 'active' THEN 0 ELSE 1 END, x.id DESC LIMIT 1) "
          "WHERE service_id IS NULL AND err_col = ''");
  exec(s, "UPDATE " + t + " SET err_col = 'service', err_reason = 'unknown service ' || service || "
          "' (neither the code nor the number of a service in the archive)' WHERE service_id IS NULL AND err_col = ''");
  // The same service twice in one month, named once by code and once by number. Only the pairs that
  // occur twice are looked at row by row (the staging table has no index: a correlated check of
  // every row would be quadratic in the batch).
  exec(s, "UPDATE " + t + " SET err_col = 'service', err_reason = 'duplicate: service ' || service || "
          "' is already billed for this month on line ' || (SELECT MIN(y.line) FROM " + t + " y WHERE y.service_id = " +
          t + ".service_id AND y.month = " + t + ".month AND y.err_col = '') "
          "WHERE err_col = '' AND (service_id, month) IN (SELECT service_id, month FROM " + t + " WHERE err_col = '' "
          "GROUP BY service_id, month HAVING COUNT(*) > 1) AND line > (SELECT MIN(y.line) FROM " + t + " y WHERE "
          "y.service_id = " + t + ".service_id AND y.month = " + t + ".month AND y.err_col = '')");
  exec(s, "UPDATE " + t + " SET unit_id = COALESCE((SELECT b.area_id FROM dist_boxes b WHERE b.id = x.dist_box_id), "
          "(SELECT b.area_id FROM services p JOIN dist_boxes b ON b.id = p.dist_box_id WHERE p.id = "
          "x.parent_service_id), x.network_id), seller_id = CASE WHEN x.start_date >= " + t + ".new_from AND x.start_date < " + t +
          ".new_to THEN COALESCE(x.seller_id, (SELECT o.assignee_id FROM work_orders o WHERE o.service_id = x.id AND "
          "o.type = 'new_line' AND o.state IN ('resolved', 'confirmed', 'closed') AND o.assignee_id IS NOT NULL "
          "ORDER BY o.resolved_at DESC, o.id DESC LIMIT 1)) END "
          "FROM services x WHERE x.id = " + t + ".service_id AND " + t + ".err_col = ''");
  exec(s, "UPDATE " + t + " SET existing_id = 1, old_amount = r.amount_fen, old_unit = r.unit_id, old_seller = "
          "r.seller_id, state = CASE WHEN r.amount_fen = " + t + ".amount_fen AND r.unit_id = " + t + ".unit_id AND "
          "r.seller_id IS NOT DISTINCT FROM " + t + ".seller_id THEN 3 ELSE 2 END FROM service_revenue r "
          "WHERE r.service_id = " + t + ".service_id AND r.month = " + t + ".month AND " + t + ".err_col = ''");
  auto roll = [&](const std::string& table, const std::string& key, const std::string& col, const std::string& amount,
                  const std::string& sign, const std::string& states) {
    exec(s, "INSERT INTO " + table + " (" + key + ", month, amount_fen, services) SELECT " + col + ", month, " + sign +
                "SUM(" + amount + "), " + sign + "COUNT(*) FROM " + t + " WHERE err_col = '' AND state IN (" + states +
                ") AND " + col + " IS NOT NULL GROUP BY " + col + ", month ON CONFLICT (" + key + ", month) DO UPDATE "
                "SET amount_fen = " + table + ".amount_fen + excluded.amount_fen, services = " + table +
                ".services + excluded.services");
  };
  roll("revenue_area_month", "unit_id", "old_unit", "old_amount", "-", "2");
  roll("revenue_area_month", "unit_id", "unit_id", "amount_fen", "", "1, 2");
  roll("revenue_seller_month", "staff_id", "old_seller", "old_amount", "-", "2");
  roll("revenue_seller_month", "staff_id", "seller_id", "amount_fen", "", "1, 2");
  const std::string at = std::to_string(now);
  exec(s, "UPDATE service_revenue SET amount_fen = " + t + ".amount_fen, unit_id = " + t + ".unit_id, seller_id = " +
          t + ".seller_id, imported_at = " + at + " FROM " + t + " WHERE service_revenue.service_id = " + t +
          ".service_id AND service_revenue.month = " + t + ".month AND " + t + ".state = 2 AND " + t + ".err_col = ''");
  exec(s, "INSERT INTO service_revenue (service_id, month, amount_fen, unit_id, seller_id, imported_at) SELECT "
          "service_id, month, amount_fen, unit_id, seller_id, " + at + " FROM " + t +
          " WHERE state = 1 AND err_col = '' ORDER BY service_id, month");
}

// analyzed: PostgreSQL — the staging table's statistics are gathered on the first batch only. Later
// batches look alike, TRUNCATE keeps the column statistics, and the planner scales the row count by
// the table's actual size; ANALYZE of every batch was 7% of an import (measured).
AppliedCounts apply_batch(soci::session& s, Dialect d, const Batch& b, std::vector<RowError>& errors,
                          const SearchTriggers* fts, bool& analyzed) {
  const Spec& sp = spec(b.kind);
  const Millis now = now_ms();
  prepare_staging(s, d, sp);
  {
    static const bool trace = std::getenv("BC_IMPORT_TRACE") != nullptr;
    const auto t0 = std::chrono::steady_clock::now();
    Loader L(s, d, sp.staging, names(sp.loaded));
    load(L, b);
    if (trace)
      std::fprintf(stderr, "%8.2f ms  (load %zu rows into %s)\n",
                   std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count(), b.size(),
                   sp.staging.c_str());
  }
  if (d == Dialect::postgresql) {
    // Every join of a batch is a few thousand staging rows against a large table through one of its
    // unique indexes. From the staging table's size the planner prefers a hash join, which reads
    // the whole large table on every batch, so the import would slow down as the archive grows
    // (at 10 million customers, a scan of all of them per 20,000 rows). For this transaction only:
    // no hash or merge joins, so each staging row is one index probe.
    exec(s, "SET LOCAL enable_hashjoin = off");
    exec(s, "SET LOCAL enable_mergejoin = off");
  }
  if (d == Dialect::postgresql && !analyzed) {
    exec(s, "ANALYZE " + sp.staging);
    analyzed = true;
  }
  switch (b.kind) {
    case Kind::services:
      services_checks(s, d, now);
      break;
    case Kind::revenue:
      revenue_batch(s, d, now);
      break;
    case Kind::dist_boxes: {
      const std::string t = sp.staging;
      exec(s, "UPDATE " + t + " SET err_col = 'capacity', err_reason = 'capacity ' || " + t + ".capacity || "
              "' is below pair ' || x.pair_no || ', in use by service ' || x.code FROM dist_boxes b, services x "
              "WHERE b.code = " + t + ".code AND x.dist_box_id = b.id AND x.pair_no > " + t + ".capacity AND "
              "x.status = 'active'");
      classify_and_upsert(s, d, sp, "", now);
      break;
    }
    case Kind::customers: {
      const bool per_batch = fts && !fts->sql.empty() && !fts->lifted_for_import;
      if (per_batch)
        for (const auto& [name, sql] : fts->sql) exec(s, "DROP TRIGGER IF EXISTS " + name);
      classify_and_upsert(s, d, sp, "", now);
      if (per_batch) {
        index_batch_for_search(s);
        for (const auto& [name, sql] : fts->sql) exec(s, sql);
      }
      break;
    }
    default:
      classify_and_upsert(s, d, sp, "", now);
  }
  {
    long long line = 0;
    std::string col, reason;
    soci::statement st = (s.prepare << "SELECT line, err_col, err_reason FROM " + sp.staging +
                                           " WHERE err_col <> '' ORDER BY line",
                          soci::into(line), soci::into(col), soci::into(reason));
    st.execute();
    while (st.fetch()) errors.push_back({line, col, reason});
  }
  AppliedCounts c;
  long long ins = 0, upd = 0, same = 0;
  s << "SELECT COALESCE(SUM(CASE WHEN state = 1 THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN state = 2 THEN 1 "
       "ELSE 0 END), 0), COALESCE(SUM(CASE WHEN state = 3 THEN 1 ELSE 0 END), 0) FROM " + sp.staging +
       " WHERE err_col = ''",
      soci::into(ins), soci::into(upd), soci::into(same);
  c.inserted = ins;
  c.updated = upd;
  c.unchanged = same;
  return c;
}

// Session settings for the length of one import, put back afterwards: SQLite's default 2 MB page
// cache thrashes the code and search indexes once tables hold millions of rows; PostgreSQL builds
// lifted indexes with more memory.
class Tuning {
 public:
  Tuning(soci::session& s, Dialect d) : s_(s), d_(d) {
    if (d_ == Dialect::sqlite) {
      s_ << "PRAGMA cache_size", soci::into(cache_);
      s_ << "PRAGMA cache_size = -1048576";  // up to 1 GB, allocated only as pages are read
    } else {
      s_ << "SET maintenance_work_mem = '512MB'";
      // A batch's COMMIT does not wait for its WAL flush. A crash of the server (not of this
      // process) can lose the last batches reported committed; the import is an idempotent upsert,
      // so running it again puts them back. Nothing else is affected: the setting is this session's.
      s_ << "SET synchronous_commit = off";
    }
  }
  ~Tuning() {
    try {
      if (d_ == Dialect::sqlite) s_ << "PRAGMA cache_size = " + std::to_string(cache_);
      else {
        s_ << "RESET maintenance_work_mem";
        s_ << "RESET synchronous_commit";
      }
    } catch (...) {
    }
  }
  Tuning(const Tuning&) = delete;
  Tuning& operator=(const Tuning&) = delete;

 private:
  soci::session& s_;
  Dialect d_;
  long long cache_ = -2000;
};

// BEGIN (SQLite: IMMEDIATE, the one writer), f, then COMMIT when f returns true, else ROLLBACK.
// The import holds its own connection, so it does not take Database::write's in-process mutex;
// other writers wait on SQLite's busy timeout between batches instead.
void transaction(soci::session& s, Dialect d, const std::function<bool()>& f) {
  s << (d == Dialect::sqlite ? "BEGIN IMMEDIATE" : "BEGIN");
  bool commit = false;
  try {
    commit = f();
  } catch (...) {
    try { s << "ROLLBACK"; } catch (...) {}
    throw;
  }
  s << (commit ? "COMMIT" : "ROLLBACK");
}

std::vector<std::pair<std::string, std::string>> search_triggers(soci::session& s) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const std::string name : {"customers_search_ins", "customers_search_upd"}) {
    std::string sql;
    soci::indicator ind = soci::i_null;
    s << "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = :n", soci::use(name), soci::into(sql, ind);
    if (ind == soci::i_ok && !sql.empty()) out.emplace_back(name, sql);
  }
  return out;
}

// What bulk mode lifted: PostgreSQL indexes (name, definition) or, on SQLite, the search triggers
// (then the FTS5 table is rebuilt at the end).
struct Lifted {
  std::vector<std::pair<std::string, std::string>> objects;
  bool locked = false;  // PostgreSQL: holds the bulk-import advisory lock
};
constexpr long long kBulkLock = 0x6263696D706F7274LL;  // "bcimport"

std::string if_not_exists(std::string sql) {
  for (const char* head : {"CREATE INDEX ", "CREATE UNIQUE INDEX ", "CREATE TRIGGER "}) {
    if (sql.rfind(head, 0) == 0 && sql.find(" IF NOT EXISTS ") == std::string::npos)
      return std::string(head) + "IF NOT EXISTS " + sql.substr(std::string(head).size());
  }
  return sql;
}

void rebuild_search(soci::session& s) { exec(s, "INSERT INTO customer_search(customer_search) VALUES ('rebuild')"); }

// Puts back whatever an import that died in bulk mode left lifted (the note in import_lifted).
void restore_after_crash(soci::session& s, Dialect d) {
  if (d == Dialect::postgresql) {
    int got = 0;
    s << "SELECT CASE WHEN pg_try_advisory_lock(" + std::to_string(kBulkLock) + ") THEN 1 ELSE 0 END", soci::into(got);
    if (!got) return;  // a bulk import is running: its lifted indexes are its own business
  }
  std::vector<std::pair<std::string, std::string>> notes;
  {
    std::string name, def;
    soci::statement st = (s.prepare << "SELECT name, definition FROM import_lifted ORDER BY name", soci::into(name),
                          soci::into(def));
    st.execute();
    while (st.fetch()) notes.emplace_back(name, def);
  }
  bool search = false;
  for (const auto& [name, def] : notes) {
    transaction(s, d, [&] {
      exec(s, if_not_exists(def));
      s << "DELETE FROM import_lifted WHERE name = :n", soci::use(name);
      if (d == Dialect::sqlite && name.rfind("customers_search_", 0) == 0 && !search) {
        rebuild_search(s);
        search = true;
      }
      return true;
    });
  }
  if (d == Dialect::postgresql) s << "SELECT pg_advisory_unlock(" + std::to_string(kBulkLock) + ")";
}

long long table_rows_estimate(soci::session& s, Dialect d, const std::string& table) {
  long long n = 0;
  if (d == Dialect::sqlite) {
    soci::indicator ind;
    s << "SELECT MAX(id) FROM " + table, soci::into(n, ind);
    return ind == soci::i_ok ? n : 0;
  }
  double t = 0;
  s << "SELECT GREATEST(reltuples, 0)::float8 FROM pg_class WHERE oid = '" + table + "'::regclass", soci::into(t);
  return static_cast<long long>(t);
}

// Bulk when the input holds at least bulk_min_rows rows and at least as many as the table has:
// one index build is then cheaper than maintaining the index row by row.
bool bulk_wanted(soci::session& s, Dialect d, Kind kind, const ApplyOptions& opts, const BatchSource& source,
                 const Batch& first) {
  if (kind != Kind::customers && kind != Kind::services) return false;
  if (std::getenv("BC_IMPORT_BULK")) {
    const std::string v = std::getenv("BC_IMPORT_BULK");
    if (v == "0") return false;
    if (v == "1") return true;
  }
  const auto consumed = source.bytes_consumed();
  if (opts.input_bytes == 0 || consumed == 0 || first.size() == 0) return false;
  const double expected = static_cast<double>(opts.input_bytes) * static_cast<double>(first.size()) /
                          static_cast<double>(consumed);
  if (expected < static_cast<double>(opts.bulk_min_rows)) return false;
  return expected >= static_cast<double>(table_rows_estimate(s, d, spec(kind).target));
}

// The plain secondary indexes of the table a kind fills: no check of the import reads them (those
// use the unique indexes, which stay), so a bulk import drops them and builds each once at the end
// (a sort, many times cheaper than millions of b-tree insertions). On PostgreSQL the trigram GIN
// indexes go too. Add a new kind's indexes here.
std::vector<std::string> liftable_indexes(Dialect d, Kind kind) {
  if (kind == Kind::customers) {
    if (d == Dialect::postgresql) return {"customers_name_trgm", "customers_address_trgm", "customers_name"};
    return {"customers_name"};
  }
  if (kind == Kind::services) return {"services_customer", "services_number"};
  return {};
}

void lift(soci::session& s, Dialect d, Kind kind, SearchTriggers& fts, Lifted& lifted) {
  const long long at = now_ms();
  if (d == Dialect::postgresql) {
    int got = 0;
    s << "SELECT CASE WHEN pg_try_advisory_lock(" + std::to_string(kBulkLock) + ") THEN 1 ELSE 0 END", soci::into(got);
    if (!got) return;  // another bulk import runs: this one maintains the indexes as it goes
    lifted.locked = true;
  }
  transaction(s, d, [&] {
    if (d == Dialect::sqlite) {
      for (const auto& [name, sql] : fts.sql) {
        s << "INSERT INTO import_lifted (name, definition, lifted_at) VALUES (:n, :d, :a)", soci::use(name),
            soci::use(sql), soci::use(at);
        exec(s, "DROP TRIGGER " + name);
        lifted.objects.emplace_back(name, sql);
      }
    }
    for (const auto& name : liftable_indexes(d, kind)) {
      std::string def;
      soci::indicator ind = soci::i_null;
      if (d == Dialect::postgresql)
        s << "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND indexname = :n", soci::use(name),
            soci::into(def, ind);
      else
        s << "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = :n", soci::use(name), soci::into(def, ind);
      if (ind != soci::i_ok || def.empty()) continue;  // not in this schema (any more)
      s << "INSERT INTO import_lifted (name, definition, lifted_at) VALUES (:n, :d, :a)", soci::use(name),
          soci::use(def), soci::use(at);
      exec(s, "DROP INDEX " + name);
      lifted.objects.emplace_back(name, def);
    }
    if (d == Dialect::postgresql) {
      // The foreign keys of the table being filled: PostgreSQL checks each inserted row with a query
      // of its own (a third of the insert's time, measured); ADD CONSTRAINT at the end checks them
      // all with one join. The import has resolved every reference already, and nothing deletes
      // the rows they point to (units, customers, accounts, boxes are retired, never deleted).
      const std::string target = spec(kind).target;
      std::vector<std::pair<std::string, std::string>> fks;
      {
        std::string name, def;
        soci::statement st = (s.prepare << "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE "
                                           "conrelid = '" + target + "'::regclass AND contype = 'f' ORDER BY conname",
                              soci::into(name), soci::into(def));
        st.execute();
        while (st.fetch()) fks.emplace_back(name, "ALTER TABLE " + target + " ADD CONSTRAINT " + name + " " + def);
      }
      for (const auto& [name, def] : fks) {
        s << "INSERT INTO import_lifted (name, definition, lifted_at) VALUES (:n, :d, :a)", soci::use(name),
            soci::use(def), soci::use(at);
        exec(s, "ALTER TABLE " + target + " DROP CONSTRAINT " + name);
        lifted.objects.emplace_back(name, def);
      }
    }
    return true;
  });
  if (d == Dialect::sqlite && !fts.sql.empty()) fts.lifted_for_import = true;
}

void restore(soci::session& s, Dialect d, Lifted& lifted, SearchTriggers& fts) {
  if (d == Dialect::sqlite && !lifted.objects.empty()) {
    // One transaction: other connections see the table either without its indexes and with an
    // empty search index, or whole. CREATE INDEX sorts with a helper thread (the import's reader
    // thread is idle by now, so the second core is free).
    exec(s, "PRAGMA threads = 2");
    transaction(s, d, [&] {
      if (fts.lifted_for_import) rebuild_search(s);
      for (const auto& [name, sql] : lifted.objects) {
        exec(s, if_not_exists(sql));
        s << "DELETE FROM import_lifted WHERE name = :n", soci::use(name);
      }
      return true;
    });
    exec(s, "PRAGMA threads = 0");
    fts.lifted_for_import = false;
  }
  if (d == Dialect::postgresql) {
    for (const auto& [name, def] : lifted.objects) {
      transaction(s, d, [&] {
        exec(s, if_not_exists(def));
        s << "DELETE FROM import_lifted WHERE name = :n", soci::use(name);
        return true;
      });
    }
    if (lifted.locked) s << "SELECT pg_advisory_unlock(" + std::to_string(kBulkLock) + ")";
    lifted.locked = false;
  }
  lifted.objects.clear();
}

class SqlImportRepository final : public Repository {
 public:
  explicit SqlImportRepository(Database& db) : db_(db) {}

  RefTables load_references(Kind kind) override {
    RefTables refs;
    db_.with([&](soci::session& s) {
      {
        long long id, parent;
        std::string kind_s, code, status;
        soci::statement st = (s.prepare << "SELECT id, kind, code, COALESCE(parent_id, 0), status FROM units",
                              soci::into(id), soci::into(kind_s), soci::into(code), soci::into(parent),
                              soci::into(status));
        st.execute();
        while (st.fetch()) {
          RefTables::Unit u;
          u.id = id;
          u.parent_id = parent;
          u.kind = org::parse_unit_kind(kind_s).value_or(org::UnitKind::area);
          u.active = status == "active";
          refs.units.emplace(code, u);
        }
        refs.resolve_networks();
      }
      if (kind == Kind::dist_boxes) {
        long long id, net, area;
        std::string code;
        soci::statement st = (s.prepare << "SELECT id, code, network_id, COALESCE(area_id, 0) FROM cross_boxes",
                              soci::into(id), soci::into(code), soci::into(net), soci::into(area));
        st.execute();
        while (st.fetch()) refs.cross_boxes.emplace(code, RefTables::CrossBox{id, net, area});
      }
      if (kind == Kind::services) {
        long long id, net;
        int cap;
        std::string code, status;
        soci::statement st = (s.prepare << "SELECT id, code, network_id, capacity, status FROM dist_boxes",
                              soci::into(id), soci::into(code), soci::into(net), soci::into(cap), soci::into(status));
        st.execute();
        while (st.fetch()) refs.dist_boxes.emplace(code, RefTables::DistBox{id, net, cap, status == "active"});
      }
    });
    return refs;
  }

  AppliedCounts apply(Kind kind, BatchSource& source, const ApplyOptions& opts,
                      const std::function<std::string(const AppliedCounts&)>& audit_json) override {
    AppliedCounts total;
    Batch batch;
    std::vector<RowError> errors;
    const Dialect d = db_.dialect();
    // One connection for the whole import: its page cache stays warm from batch to batch (SQLite),
    // and session settings and the staging tables live on it. Each batch is its own transaction.
    db_.with([&](soci::session& s) {
      Tuning tuning(s, d);
      SearchTriggers fts;
      bool analyzed = false;
      if (d == Dialect::sqlite && kind == Kind::customers) fts.sql = search_triggers(s);
      auto one = [&] {
        errors.clear();
        AppliedCounts c;
        try {
          c = apply_batch(s, d, batch, errors, &fts, analyzed);
        } catch (const std::exception& e) {
          const auto first = batch.first_line();
          throw std::runtime_error("the batch starting at line " + std::to_string(first) + " failed: " + e.what());
        }
        for (auto& e : errors) source.reject(std::move(e));
        total.inserted += c.inserted;
        total.updated += c.updated;
        total.unchanged += c.unchanged;
        source.applied(c);
      };
      if (opts.dry_run) {
        // Every batch in one transaction, rolled back: every check runs and nothing stays.
        transaction(s, d, [&] {
          while (source.next(batch)) one();
          return false;
        });
        return;
      }
      restore_after_crash(s, d);
      Lifted lifted;
      try {
        bool first = true;
        static const bool trace = std::getenv("BC_IMPORT_TRACE") != nullptr;
        for (;;) {
          const auto t0 = std::chrono::steady_clock::now();
          if (!source.next(batch)) break;
          if (trace)  // time this thread waited for the reader thread's next batch
            std::fprintf(stderr, "%8.2f ms  (wait for the next batch)\n",
                         std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
          if (first) {
            first = false;
            if (bulk_wanted(s, d, kind, opts, source, batch)) lift(s, d, kind, fts, lifted);
          }
          transaction(s, d, [&] {
            one();
            return true;
          });
        }
      } catch (...) {
        try { restore(s, d, lifted, fts); } catch (...) {}  // else the next import restores from the note
        throw;
      }
      restore(s, d, lifted, fts);
      transaction(s, d, [&] {
        long long at = now_ms(), actor = opts.actor_id, zero = 0;
        std::string name = opts.actor_name.empty() ? "system" : opts.actor_name;
        std::string action = "import." + std::string(to_string(kind)), type = "import", after = audit_json(total),
                    before, code = opts.source;
        s << "INSERT INTO audit_log (at, actor_id, actor_name, action, object_type, object_id, object_code, "
             "scope_unit_id, before_json, after_json) VALUES (:at, :actor, :name, :action, :type, :oid, :code, :scope, "
             ":before, :after)",
            soci::use(at), soci::use(actor), soci::use(name), soci::use(action), soci::use(type), soci::use(zero),
            soci::use(code), soci::use(zero), soci::use(before), soci::use(after);
        return true;
      });
    });
    return total;
  }

  std::int64_t export_csv(Kind kind, CsvWriter& out, const TimeZone& tz) override {
    std::vector<std::string> header;
    for (auto c : columns(kind)) header.emplace_back(c);
    out.row(header);
    std::int64_t n = 0;
    std::string last;
    db_.with([&](soci::session& s) {
      for (;;) {
        std::int64_t page = 0;
        std::vector<std::string> row;
        auto emit = [&](std::vector<std::string> r) {
          last = r[0];
          out.row(r);
          ++page;
        };
        switch (kind) {
          case Kind::cross_boxes: {
            std::string code, name, net, area, address;
            int lat, lng, pp, dp;
            soci::statement st = (s.prepare << "SELECT c.code, c.name, n.code, COALESCE(a.code, ''), c.lat_e6, c.lng_e6, "
                                               "c.address, c.primary_pairs, c.distribution_pairs FROM cross_boxes c "
                                               "JOIN units n ON n.id = c.network_id LEFT JOIN units a ON a.id = c.area_id "
                                               "WHERE c.code > :last ORDER BY c.code LIMIT 5000",
                                  soci::use(last), soci::into(code), soci::into(name), soci::into(net), soci::into(area),
                                  soci::into(lat), soci::into(lng), soci::into(address), soci::into(pp), soci::into(dp));
            st.execute();
            while (st.fetch())
              emit({code, name, net, area, format_degrees_e6(lat), format_degrees_e6(lng), address, std::to_string(pp),
                    std::to_string(dp)});
            break;
          }
          case Kind::dist_boxes: {
            std::string code, cross, area, mount, address;
            int lat, lng, cap;
            soci::statement st = (s.prepare << "SELECT d.code, c.code, a.code, d.lat_e6, d.lng_e6, d.mount, d.address, "
                                               "d.capacity FROM dist_boxes d JOIN cross_boxes c ON c.id = d.cross_box_id "
                                               "JOIN units a ON a.id = d.area_id WHERE d.code > :last ORDER BY d.code "
                                               "LIMIT 5000",
                                  soci::use(last), soci::into(code), soci::into(cross), soci::into(area), soci::into(lat),
                                  soci::into(lng), soci::into(mount), soci::into(address), soci::into(cap));
            st.execute();
            while (st.fetch())
              emit({code, cross, area, format_degrees_e6(lat), format_degrees_e6(lng), mount, address,
                    std::to_string(cap)});
            break;
          }
          case Kind::customers: {
            std::string code, k, name, phones, idt, idn, dis, str, com, bld, unit, room, net;
            soci::statement st = (s.prepare << "SELECT c.code, c.kind, c.name, c.phones, c.id_type, c.id_number, "
                                               "c.district, c.street, c.community, c.building, c.unit_no, c.room, n.code "
                                               "FROM customers c JOIN units n ON n.id = c.network_id WHERE c.code > :last "
                                               "ORDER BY c.code LIMIT 5000",
                                  soci::use(last), soci::into(code), soci::into(k), soci::into(name), soci::into(phones),
                                  soci::into(idt), soci::into(idn), soci::into(dis), soci::into(str), soci::into(com),
                                  soci::into(bld), soci::into(unit), soci::into(room), soci::into(net));
            st.execute();
            while (st.fetch()) {
              for (auto& ch : phones)
                if (ch == ',') ch = ';';
              emit({code, k, name, phones, idt, idn, dis, str, com, bld, unit, room, net});
            }
            break;
          }
          case Kind::services: {
            std::string code, cust, acct, k, number, box, parent, status;
            long long speed, pair, start, fee;
            soci::statement st = (s.prepare << "SELECT s.code, c.code, COALESCE(a.code, ''), s.kind, s.number, "
                                               "s.speed_mbps, COALESCE(d.code, ''), COALESCE(s.pair_no, 0), "
                                               "COALESCE(p.code, ''), s.status, s.start_date, s.monthly_fee_fen "
                                               "FROM services s JOIN customers c ON c.id = s.customer_id "
                                               "LEFT JOIN accounts a ON a.id = s.account_id "
                                               "LEFT JOIN dist_boxes d ON d.id = s.dist_box_id "
                                               "LEFT JOIN services p ON p.id = s.parent_service_id "
                                               "WHERE s.code > :last ORDER BY s.code LIMIT 5000",
                                  soci::use(last), soci::into(code), soci::into(cust), soci::into(acct), soci::into(k),
                                  soci::into(number), soci::into(speed), soci::into(box), soci::into(pair),
                                  soci::into(parent), soci::into(status), soci::into(start), soci::into(fee));
            st.execute();
            while (st.fetch())
              emit({code, cust, acct, k, number, std::to_string(speed), box, pair ? std::to_string(pair) : "", parent,
                    status, start ? format_iso8601(start, tz).substr(0, 10) : "", std::to_string(fee)});
            break;
          }
          case Kind::revenue: {
            // Ordered by month, then service code; one statement streams them all (no paging key).
            int month;
            std::string code;
            long long fen;
            soci::statement st = (s.prepare << "SELECT r.month, x.code, r.amount_fen FROM service_revenue r "
                                               "JOIN services x ON x.id = r.service_id ORDER BY r.month, x.code",
                                  soci::into(month), soci::into(code), soci::into(fen));
            st.execute();
            while (st.fetch()) {
              out.row({revenue::format_month(month), code, revenue::format_yuan(fen)});
              ++n;
            }
            break;
          }
        }
        if (kind == Kind::revenue) break;
        n += page;
        if (page < 5000) break;
      }
    });
    out.flush();
    return n;
  }

 private:
  Database& db_;
};

}  // namespace

std::unique_ptr<Repository> make_import_repository(Database& db) { return std::make_unique<SqlImportRepository>(db); }

}  // namespace bc::store
