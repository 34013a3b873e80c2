#include "order_bulk.hpp"

// soci-sqlite3.h before any <sqlite3.h> (it wraps it in namespace sqlite_api).
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <soci/postgresql/soci-postgresql.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "store/kpi_store.hpp"

namespace bc::store {
namespace {
using namespace bc::orders;

constexpr const char* kOrderCols =
    "id, type, channel, state, resume_state, network_id, office_id, community_id, area_id, assignee_id, "
    "routing_reason, routing_en, routing_zh, rural, dist_box_id, customer_id, service_id, pair_no, number, "
    "contact_name, contact_phone, address, summary, details, about_order_id, external_ref, appointment_at, "
    "commit_due_at, legal_due_at, paused_since, escalation, repeat_of, cause, resolution, fee_fen, late_fee_fen, "
    "satisfaction, solved, created_by, created_at, updated_at, accepted_at, resolved_at, closed_at, version, "
    "next_escalation_at";
constexpr int kOrderColCount = 46;
constexpr const char* kEventCols =
    "id, order_id, at, actor_id, actor_name, action, from_state, to_state, note, lat_e6, lng_e6, detail, "
    "community_id, assignee_id";
constexpr int kEventColCount = 14;
constexpr const char* kPauseCols = "order_id, started_at, ended_at, reason";
constexpr const char* kCareCols = "customer_id, flag, note, set_by, set_at";

// One row, written through W: i64(v), ref(v) (NULL when 0), txt(s), null().
template <class W>
void order_row(W& w, const Order& o) {
  w.i64(o.id);
  w.txt(to_string(o.type));
  w.txt(to_string(o.channel));
  w.txt(to_string(o.state));
  w.txt(to_string(o.resume_state));
  w.i64(o.routing.network_id);
  w.i64(o.routing.office_id);
  w.i64(o.routing.community_id);
  w.ref(o.routing.area_id);
  w.ref(o.routing.assignee_id);
  w.txt(to_string(o.routing.reason));
  w.txt(o.routing.explain_en);
  w.txt(o.routing.explain_zh);
  w.i64(o.routing.rural ? 1 : 0);
  w.ref(o.routing.dist_box_id);
  w.ref(o.customer_id);
  w.ref(o.service_id);
  w.i64(o.pair_no);
  w.txt(o.number);
  w.txt(o.contact_name);
  w.txt(o.contact_phone);
  w.txt(o.address);
  w.txt(o.summary);
  w.txt(o.details_json);
  w.ref(o.about_order_id);
  if (o.external_ref.empty()) w.null();
  else w.txt(o.external_ref);
  w.i64(o.appointment_at);
  w.i64(o.commit_due_at);
  w.i64(o.legal_due_at);
  w.i64(o.paused_since);
  w.i64(o.escalation);
  w.ref(o.repeat_of);
  w.txt(o.cause ? to_string(*o.cause) : std::string_view());
  w.txt(o.resolution);
  w.i64(o.fee_fen);
  w.i64(o.late_fee_fen);
  w.i64(o.satisfaction);
  w.i64(o.solved);
  w.i64(o.created_by);
  w.i64(o.created_at);
  w.i64(o.updated_at);
  w.i64(o.accepted_at);
  w.i64(o.resolved_at);
  w.i64(o.closed_at);
  w.i64(o.version);
  w.i64(o.next_escalation_at);
}

template <class W>
void event_row(W& w, const Event& e) {
  w.i64(e.id);
  w.i64(e.order_id);
  w.i64(e.at);
  w.i64(e.actor_id);
  w.txt(e.actor_name);
  w.txt(e.action);
  w.txt(to_string(e.from));
  w.txt(to_string(e.to));
  w.txt(e.note);
  w.i64(e.lat_e6);
  w.i64(e.lng_e6);
  w.txt(e.detail_json);
  w.i64(e.community_id);
  w.i64(e.assignee_id);
}

// ---- SQLite: the C API under SOCI's connection, one prepared statement per table ------------
namespace sq = ::sqlite_api;

class SqliteRow {
 public:
  SqliteRow(sq::sqlite3* db, const std::string& sql) : db_(db) {
    if (sq::sqlite3_prepare_v2(db, sql.c_str(), -1, &st_, nullptr) != SQLITE_OK)
      throw std::runtime_error("prepare: " + std::string(sq::sqlite3_errmsg(db)));
  }
  ~SqliteRow() { sq::sqlite3_finalize(st_); }
  SqliteRow(const SqliteRow&) = delete;
  SqliteRow& operator=(const SqliteRow&) = delete;
  void i64(long long v) { sq::sqlite3_bind_int64(st_, ++i_, v); }
  void ref(long long v) { v ? i64(v) : null(); }
  void txt(std::string_view s) {
    // Static: every bound text outlives the step (the caller keeps the row's values until end()).
    // An empty view may have no data pointer, which SQLite would bind as NULL.
    sq::sqlite3_bind_text(st_, ++i_, s.empty() ? "" : s.data(), static_cast<int>(s.size()),
                          sq::sqlite3_destructor_type(nullptr));
  }
  void null() { sq::sqlite3_bind_null(st_, ++i_); }
  void end() {
    if (sq::sqlite3_step(st_) != SQLITE_DONE) throw std::runtime_error("insert: " + std::string(sq::sqlite3_errmsg(db_)));
    sq::sqlite3_reset(st_);
    i_ = 0;
  }

 private:
  sq::sqlite3* db_;
  sq::sqlite3_stmt* st_ = nullptr;
  int i_ = 0;
};

std::string placeholders(int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += i ? ", ?" : "?";
  return s;
}

// The board counts (migration 0014) of everything loaded, in the load's transaction: the loader
// writes rows straight into work_orders, around the order writer that keeps them.
void recount_boards(soci::session& s) {
  s << "DELETE FROM order_counts";
  s << "INSERT INTO order_counts (community_id, state, type, queued, office_id, network_id, n) SELECT community_id, "
       "state, type, CASE WHEN assignee_id IS NULL THEN 1 ELSE 0 END, office_id, network_id, count(*) FROM "
       "work_orders GROUP BY community_id, state, type, CASE WHEN assignee_id IS NULL THEN 1 ELSE 0 END, office_id, "
       "network_id";
}

void load_sqlite(Database& db, const History& h) {
  db.with([&](soci::session& s) {
    auto* be = static_cast<soci::sqlite3_session_backend*>(s.get_backend());
    sq::sqlite3* conn = be->conn_;
    s << "PRAGMA cache_size = -524288";
    // One transaction: the history is there with its indexes, or not at all. The secondary indexes
    // are lifted for the load and built once at the end (a third of the time, measured).
    s << "BEGIN IMMEDIATE";
    try {
      std::vector<std::string> indexes;
      {
        std::string name, sql;
        soci::statement st = (s.prepare << "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT "
                                           "NULL AND tbl_name IN ('work_orders', 'order_events') ORDER BY name",
                              soci::into(name), soci::into(sql));
        st.execute();
        std::vector<std::string> names;
        while (st.fetch()) {
          names.push_back(name);
          indexes.push_back(sql);
        }
        for (const auto& n : names) s << "DROP INDEX " + n;
      }
      {
        SqliteRow w(conn, std::string("INSERT INTO work_orders (") + kOrderCols + ") VALUES (" +
                              placeholders(kOrderColCount) + ")");
        for (const auto& o : h.orders) {
          order_row(w, o);
          w.end();
        }
      }
      {
        SqliteRow w(conn, std::string("INSERT INTO order_events (") + kEventCols + ") VALUES (" +
                              placeholders(kEventColCount) + ")");
        for (std::size_t i = 0; i < h.event_count(); ++i) {
          const Event e = h.event(i);
          event_row(w, e);
          w.end();
        }
      }
      {
        SqliteRow w(conn, std::string("INSERT INTO order_pauses (") + kPauseCols + ") VALUES (?, ?, ?, ?)");
        for (const auto& p : h.pauses) {
          w.i64(p.order_id);
          w.i64(p.pause.started_at);
          w.i64(p.pause.ended_at);
          w.txt(p.pause.reason);
          w.end();
        }
      }
      {
        SqliteRow w(conn, std::string("INSERT INTO care_flags (") + kCareCols + ") VALUES (?, ?, ?, ?, ?)");
        for (const auto& c : h.care_flags) {
          w.i64(c.customer_id);
          w.txt(c.flag);
          w.txt(c.note);
          w.i64(c.set_by);
          w.i64(c.set_at);
          w.end();
        }
      }
      for (const auto& sql : indexes) s << sql;
      recount_boards(s);
      s << "COMMIT";
    } catch (...) {
      try { s << "ROLLBACK"; } catch (...) {}
      throw;
    }
    s << "PRAGMA cache_size = -2000";
    s << "ANALYZE work_orders";
    s << "ANALYZE order_events";
  });
}

// ---- PostgreSQL: text-format COPY, flushed every few megabytes ------------------------------
class CopyRow {
 public:
  explicit CopyRow(std::string& buf) : buf_(buf) {}
  void i64(long long v) {
    sep();
    buf_ += std::to_string(v);
  }
  void ref(long long v) { v ? i64(v) : null(); }
  void txt(std::string_view v) {
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
  void null() {
    sep();
    buf_ += "\\N";
  }
  void end() {
    buf_ += '\n';
    first_ = true;
  }

 private:
  void sep() {
    if (!first_) buf_ += '\t';
    first_ = false;
  }
  std::string& buf_;
  bool first_ = true;
};

void copy(soci::session& s, const char* table, const char* cols, std::string& buf) {
  if (buf.empty()) return;
  PGconn* conn = static_cast<soci::postgresql_session_backend*>(s.get_backend())->conn_;
  const std::string sql = std::string("COPY ") + table + " (" + cols + ") FROM STDIN";
  PGresult* r = PQexec(conn, sql.c_str());
  if (PQresultStatus(r) != PGRES_COPY_IN) {
    std::string msg = PQerrorMessage(conn);
    PQclear(r);
    throw std::runtime_error("COPY " + std::string(table) + ": " + msg);
  }
  PQclear(r);
  if (PQputCopyData(conn, buf.data(), static_cast<int>(buf.size())) != 1 || PQputCopyEnd(conn, nullptr) != 1)
    throw std::runtime_error(std::string("COPY ") + table + ": " + PQerrorMessage(conn));
  r = PQgetResult(conn);
  const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  std::string msg = PQresultErrorMessage(r);
  PQclear(r);
  while ((r = PQgetResult(conn))) PQclear(r);
  if (!ok) throw std::runtime_error("COPY " + std::string(table) + ": " + msg);
  buf.clear();
}

void load_postgres(Database& db, const History& h) {
  constexpr std::size_t kFlush = 16 << 20;
  db.write([&](soci::session& s) {
    // Lift the secondary indexes and the foreign keys of the two big tables for the load and put them
    // back after it, in the same transaction (checked once in bulk instead of row by row: the load
    // was three times slower with them).
    std::vector<std::string> restore;
    {
      std::string name, table, def;
      soci::statement st =
          (s.prepare << "SELECT c.conname, t.relname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
                        "JOIN pg_class t ON t.oid = c.conrelid WHERE c.contype = 'f' AND t.relname IN "
                        "('work_orders', 'order_events') ORDER BY 1",
           soci::into(name), soci::into(table), soci::into(def));
      st.execute();
      std::vector<std::string> drops;
      while (st.fetch()) {
        drops.push_back("ALTER TABLE " + table + " DROP CONSTRAINT " + name);
        restore.push_back("ALTER TABLE " + table + " ADD CONSTRAINT " + name + " " + def);
      }
      std::string iname, idef;
      soci::statement ix = (s.prepare << "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename IN "
                                         "('work_orders', 'order_events') AND i.indexname NOT IN (SELECT conname "
                                         "FROM pg_constraint) ORDER BY 1",
                            soci::into(iname), soci::into(idef));
      ix.execute();
      while (ix.fetch()) {
        drops.push_back("DROP INDEX " + iname);
        restore.insert(restore.begin(), idef);  // indexes first: the foreign keys' checks use them
      }
      for (const auto& d : drops) s << d;
    }
    std::string buf;
    CopyRow w(buf);
    for (const auto& o : h.orders) {
      order_row(w, o);
      w.end();
      if (buf.size() > kFlush) copy(s, "work_orders", kOrderCols, buf);
    }
    copy(s, "work_orders", kOrderCols, buf);
    for (std::size_t i = 0; i < h.event_count(); ++i) {
      event_row(w, h.event(i));
      w.end();
      if (buf.size() > kFlush) copy(s, "order_events", kEventCols, buf);
    }
    copy(s, "order_events", kEventCols, buf);
    for (const auto& p : h.pauses) {
      w.i64(p.order_id);
      w.i64(p.pause.started_at);
      w.i64(p.pause.ended_at);
      w.txt(p.pause.reason);
      w.end();
    }
    copy(s, "order_pauses", kPauseCols, buf);
    for (const auto& c : h.care_flags) {
      w.i64(c.customer_id);
      w.txt(c.flag);
      w.txt(c.note);
      w.i64(c.set_by);
      w.i64(c.set_at);
      w.end();
    }
    copy(s, "care_flags", kCareCols, buf);
    for (const auto& r : restore) s << r;
    recount_boards(s);
    for (const char* t : {"work_orders", "order_events"})
      s << std::string("SELECT setval(pg_get_serial_sequence('") + t + "', 'id'), COALESCE((SELECT MAX(id) FROM " + t +
               "), 1))";
  });
  db.with([](soci::session& s) { s << "ANALYZE work_orders"; s << "ANALYZE order_events"; });
}

}  // namespace

void load_order_history(Database& db, const History& h) {
  if (db.dialect() == Dialect::postgresql) load_postgres(db, h);
  else load_sqlite(db, h);
  rebuild_kpis(db);  // the rollups follow the history (live writes keep them from here on)
}

}  // namespace bc::store
