#include "plant_bulk.hpp"

#include <soci/soci.h>
#include <soci/postgresql/soci-postgresql.h>

#include <functional>
#include <stdexcept>

namespace bc::store {
namespace {
using namespace bc::plant;

std::string phones_text(const std::vector<std::string>& phones) {
  std::string out;
  for (const auto& p : phones) out += (out.empty() ? "" : ",") + p;
  return out;
}

// ---- SQLite: one connection, prepared statements, a commit every kBatch rows ----------------
class SqliteLoader final : public PlantBulkLoader {
 public:
  explicit SqliteLoader(Database& db) : db_(db) {
    db_.with([&](soci::session& s) {
      // Index pages of a few million rows stay in memory instead of thrashing the default 2 MB.
      s << "PRAGMA cache_size = -1048576";
      s << "BEGIN IMMEDIATE";
      open_ = true;
      // With an FTS5 table in the transaction every statement pays for a savepoint on it (a third
      // of the time, measured): lift the search trigger, load, then build the index in one pass.
      soci::indicator ind;
      s << "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'customers_search_ins'",
          soci::into(fts_trigger_, ind);
      if (ind != soci::i_ok) fts_trigger_.clear();
      if (!fts_trigger_.empty()) s << "DROP TRIGGER customers_search_ins";
    });
  }
  ~SqliteLoader() override {
    if (open_) try { db_.with([](soci::session& s) { s << "ROLLBACK"; }); } catch (...) {}
  }
  void cross_box(const CrossBox& b) override {
    run([&](soci::session& s) {
      long long id = b.id, net = b.network_id, created = b.created_at, updated = b.updated_at;
      int lat = b.lat_e6, lng = b.lng_e6, pp = b.primary_pairs, dp = b.distribution_pairs;
      s << "INSERT INTO cross_boxes (id, code, name, network_id, lat_e6, lng_e6, address, primary_pairs, "
           "distribution_pairs, created_at, updated_at) VALUES (:id, :code, :name, :net, :lat, :lng, :addr, :pp, :dp, "
           ":c, :u)",
          soci::use(id), soci::use(b.code), soci::use(b.name), soci::use(net), soci::use(lat), soci::use(lng),
          soci::use(b.address), soci::use(pp), soci::use(dp), soci::use(created), soci::use(updated);
    });
  }
  void dist_box(const DistBox& b) override {
    run([&](soci::session& s) {
      long long id = b.id, x = b.cross_box_id, area = b.area_id, net = b.network_id, created = b.created_at,
                updated = b.updated_at;
      int lat = b.lat_e6, lng = b.lng_e6, cap = b.capacity;
      std::string mount(to_string(b.mount));
      s << "INSERT INTO dist_boxes (id, code, cross_box_id, area_id, network_id, lat_e6, lng_e6, mount, address, "
           "capacity, created_at, updated_at) VALUES (:id, :code, :x, :area, :net, :lat, :lng, :mount, :addr, :cap, "
           ":c, :u)",
          soci::use(id), soci::use(b.code), soci::use(x), soci::use(area), soci::use(net), soci::use(lat),
          soci::use(lng), soci::use(mount), soci::use(b.address), soci::use(cap), soci::use(created),
          soci::use(updated);
    });
  }
  void customer(const Customer& c) override {
    if (!cust_) {
      db_.with([&](soci::session& s) {
        cust_ = std::make_unique<soci::statement>(
            (s.prepare << "INSERT INTO customers (id, code, kind, name, phones, id_type, id_number, district, street, "
                          "community, building, unit_no, room, address_text, network_id, created_at, updated_at) "
                          "VALUES (:id, :code, :kind, :name, :phones, :it, :in, :d, :s, :c, :b, :un, :r, :t, :net, "
                          ":ca, :ua)",
             soci::use(c_.id), soci::use(c_.code), soci::use(c_.kind), soci::use(c_.name), soci::use(c_.phones),
             soci::use(c_.id_type), soci::use(c_.id_number), soci::use(c_.district), soci::use(c_.street),
             soci::use(c_.community), soci::use(c_.building), soci::use(c_.unit), soci::use(c_.room),
             soci::use(c_.text), soci::use(c_.net), soci::use(c_.created), soci::use(c_.updated)));
      });
    }
    c_ = {c.id, c.code, std::string(to_string(c.kind)), c.name, phones_text(c.phones), c.id_type, c.id_number,
          c.address.district, c.address.street, c.address.community, c.address.building, c.address.unit,
          c.address.room, c.address.text(), c.network_id, c.created_at, c.updated_at};
    cust_->execute(true);
    count();
  }
  void service(const Service& v) override {
    if (!svc_) {
      db_.with([&](soci::session& s) {
        svc_ = std::make_unique<soci::statement>(
            (s.prepare << "INSERT INTO services (id, code, customer_id, kind, number, speed_mbps, dist_box_id, "
                          "pair_no, parent_service_id, status, start_date, monthly_fee_fen, network_id, created_at, "
                          "updated_at) VALUES (:id, :code, :cust, :kind, :num, :speed, :box, :pair, :parent, :st, "
                          ":sd, :fee, :net, :ca, :ua)",
             soci::use(s_.id), soci::use(s_.code), soci::use(s_.customer), soci::use(s_.kind), soci::use(s_.number),
             soci::use(s_.speed), soci::use(s_.box, s_.box_ind), soci::use(s_.pair, s_.pair_ind),
             soci::use(s_.parent, s_.parent_ind), soci::use(s_.status), soci::use(s_.start), soci::use(s_.fee),
             soci::use(s_.net), soci::use(s_.created), soci::use(s_.updated)));
      });
    }
    s_.id = v.id;
    s_.code = v.code;
    s_.customer = v.customer_id;
    s_.kind = std::string(to_string(v.kind));
    s_.number = v.number;
    s_.speed = v.speed_mbps;
    s_.box = v.dist_box_id;
    s_.box_ind = v.dist_box_id ? soci::i_ok : soci::i_null;
    s_.pair = v.pair_no;
    s_.pair_ind = v.pair_no ? soci::i_ok : soci::i_null;
    s_.parent = v.parent_service_id;
    s_.parent_ind = v.parent_service_id ? soci::i_ok : soci::i_null;
    s_.status = std::string(to_string(v.status));
    s_.start = v.start_date;
    s_.fee = v.monthly_fee_fen;
    s_.net = v.network_id;
    s_.created = v.created_at;
    s_.updated = v.updated_at;
    svc_->execute(true);
    count();
  }
  void cable(const Cable& c) override {
    run([&](soci::session& s) {
      long long id = c.id, net = c.network_id, created = c.created_at, updated = c.updated_at, fid = c.from.id,
                tid = c.to.id;
      soci::indicator find = c.from.id ? soci::i_ok : soci::i_null, tind = c.to.id ? soci::i_ok : soci::i_null;
      int pairs = c.pairs, length = c.length_m;
      std::string kind(to_string(c.kind)), fk(to_string(c.from.kind)), tk(to_string(c.to.kind));
      s << "INSERT INTO cables (id, code, kind, from_kind, from_id, to_kind, to_id, pairs, length_m, network_id, "
           "created_at, updated_at) VALUES (:id, :code, :kind, :fk, :fid, :tk, :tid, :p, :l, :n, :c, :u)",
          soci::use(id), soci::use(c.code), soci::use(kind), soci::use(fk), soci::use(fid, find), soci::use(tk),
          soci::use(tid, tind), soci::use(pairs), soci::use(length), soci::use(net), soci::use(created),
          soci::use(updated);
      for (const auto& b : c.boxes) {
        long long bid = b.id;
        s << "INSERT INTO cable_boxes (cable_id, dist_box_id) VALUES (:c, :b)", soci::use(id), soci::use(bid);
      }
    });
  }
  void pole(const Pole& p) override {
    run([&](soci::session& s) {
      long long id = p.id, net = p.network_id, created = p.created_at, updated = p.updated_at;
      int lat = p.lat_e6, lng = p.lng_e6;
      std::string kind(to_string(p.kind));
      s << "INSERT INTO poles (id, code, kind, lat_e6, lng_e6, network_id, created_at, updated_at) VALUES (:id, "
           ":code, :kind, :lat, :lng, :n, :c, :u)",
          soci::use(id), soci::use(p.code), soci::use(kind), soci::use(lat), soci::use(lng), soci::use(net),
          soci::use(created), soci::use(updated);
      for (const auto& b : p.boxes) {
        long long bid = b.id;
        s << "INSERT INTO pole_boxes (pole_id, dist_box_id) VALUES (:p, :b)", soci::use(id), soci::use(bid);
      }
      for (const auto& c : p.cables) {
        long long cid = c.id;
        s << "INSERT INTO pole_cables (pole_id, cable_id) VALUES (:p, :c)", soci::use(id), soci::use(cid);
      }
    });
  }
  void drop_line(const DropLine& d) override {
    if (!drop_) {
      db_.with([&](soci::session& s) {
        drop_ = std::make_unique<soci::statement>(
            (s.prepare << "INSERT INTO drop_lines (id, code, dist_box_id, pair_no, service_id, kind, length_m, "
                          "installed_at, network_id, created_at, updated_at) VALUES (:id, :code, :b, :p, :s, :k, :l, "
                          ":i, :n, :ca, :ua)",
             soci::use(d_.id), soci::use(d_.code), soci::use(d_.box), soci::use(d_.pair), soci::use(d_.service),
             soci::use(d_.kind), soci::use(d_.length), soci::use(d_.installed), soci::use(d_.net),
             soci::use(d_.created), soci::use(d_.updated)));
      });
    }
    d_ = {d.id, d.code, d.dist_box_id, d.pair_no, d.service_id, std::string(to_string(d.kind)), d.length_m,
          d.installed_at, d.network_id, d.created_at, d.updated_at};
    drop_->execute(true);
    count();
  }
  void finish() override {
    cust_.reset();
    svc_.reset();
    drop_.reset();
    db_.with([&](soci::session& s) {
      if (!fts_trigger_.empty()) {
        s << "INSERT INTO customer_search(customer_search) VALUES ('rebuild')";
        // One segment instead of the several a rebuild leaves: a fragment search then reads each
        // trigram's doclist once, not once per segment (half the CPU of an address search).
        s << "INSERT INTO customer_search(customer_search) VALUES ('optimize')";
        s << fts_trigger_;
      }
      s << "COMMIT";
      s << "PRAGMA cache_size = -2000";
    });
    open_ = false;
  }

 private:
  // One pooled connection is used throughout: the pool has it leased to us by with() each time,
  // and the loader runs alone (the demo command opens a pool of one).
  void run(const std::function<void(soci::session&)>& f) {
    db_.with(f);
    count();
  }
  void count() {
    if (++rows_ % 200000 == 0)
      db_.with([](soci::session& s) {
        s << "COMMIT";
        s << "BEGIN IMMEDIATE";
      });
  }
  Database& db_;
  std::string fts_trigger_;
  bool open_ = false;
  std::int64_t rows_ = 0;
  std::unique_ptr<soci::statement> cust_, svc_, drop_;
  struct {
    long long id;
    std::string code;
    long long box;
    int pair;
    long long service;
    std::string kind;
    int length;
    long long installed, net, created, updated;
  } d_{};
  struct {
    long long id;
    std::string code, kind, name, phones, id_type, id_number, district, street, community, building, unit, room, text;
    long long net, created, updated;
  } c_{};
  struct {
    long long id;
    std::string code;
    long long customer;
    std::string kind, number;
    int speed;
    long long box;
    soci::indicator box_ind;
    int pair;
    soci::indicator pair_ind;
    long long parent;
    soci::indicator parent_ind;
    std::string status;
    long long start, fee, net, created, updated;
  } s_{};
};

// ---- PostgreSQL: text-format COPY, tables flushed in dependency order ----------------------
void copy_escape(std::string& out, std::string_view v) {
  for (char c : v) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      default: out += c;
    }
  }
}

class PgLoader final : public PlantBulkLoader {
 public:
  explicit PgLoader(Database& db) : db_(db) {}
  void cross_box(const CrossBox& b) override {
    row(xb_, {std::to_string(b.id), b.code, b.name, std::to_string(b.network_id), std::to_string(b.lat_e6),
              std::to_string(b.lng_e6), b.address, std::to_string(b.primary_pairs), std::to_string(b.distribution_pairs),
              std::to_string(b.created_at), std::to_string(b.updated_at)});
  }
  void dist_box(const DistBox& b) override {
    row(db_rows_, {std::to_string(b.id), b.code, std::to_string(b.cross_box_id), std::to_string(b.area_id),
                   std::to_string(b.network_id), std::to_string(b.lat_e6), std::to_string(b.lng_e6),
                   std::string(to_string(b.mount)), b.address, std::to_string(b.capacity),
                   std::to_string(b.created_at), std::to_string(b.updated_at)});
  }
  void customer(const Customer& c) override {
    row(cu_, {std::to_string(c.id), c.code, std::string(to_string(c.kind)), c.name, phones_text(c.phones), c.id_type,
              c.id_number, c.address.district, c.address.street, c.address.community, c.address.building,
              c.address.unit, c.address.room, c.address.text(), std::to_string(c.network_id),
              std::to_string(c.created_at), std::to_string(c.updated_at)});
  }
  void service(const Service& s) override {
    const std::string null = "\\N";
    row(sv_, {std::to_string(s.id), s.code, std::to_string(s.customer_id), std::string(to_string(s.kind)), s.number,
              std::to_string(s.speed_mbps), s.dist_box_id ? std::to_string(s.dist_box_id) : null,
              s.pair_no ? std::to_string(s.pair_no) : null,
              s.parent_service_id ? std::to_string(s.parent_service_id) : null, std::string(to_string(s.status)),
              std::to_string(s.start_date), std::to_string(s.monthly_fee_fen), std::to_string(s.network_id),
              std::to_string(s.created_at), std::to_string(s.updated_at)},
        true);
    if (sv_.size() > (8 << 20)) flush();
  }
  void cable(const Cable& c) override {
    const std::string null = "\\N";
    row(cb_, {std::to_string(c.id), c.code, std::string(to_string(c.kind)), std::string(to_string(c.from.kind)),
              c.from.id ? std::to_string(c.from.id) : null, std::string(to_string(c.to.kind)),
              c.to.id ? std::to_string(c.to.id) : null, std::to_string(c.pairs), std::to_string(c.length_m),
              std::to_string(c.network_id), std::to_string(c.created_at), std::to_string(c.updated_at)},
        true);
    for (const auto& b : c.boxes) row(cbx_, {std::to_string(c.id), std::to_string(b.id)});
  }
  void pole(const Pole& p) override {
    row(po_, {std::to_string(p.id), p.code, std::string(to_string(p.kind)), std::to_string(p.lat_e6),
              std::to_string(p.lng_e6), std::to_string(p.network_id), std::to_string(p.created_at),
              std::to_string(p.updated_at)});
    for (const auto& b : p.boxes) row(pob_, {std::to_string(p.id), std::to_string(b.id)});
    for (const auto& c : p.cables) row(poc_, {std::to_string(p.id), std::to_string(c.id)});
  }
  void drop_line(const DropLine& d) override {
    row(dl_, {std::to_string(d.id), d.code, std::to_string(d.dist_box_id), std::to_string(d.pair_no),
              std::to_string(d.service_id), std::string(to_string(d.kind)), std::to_string(d.length_m),
              std::to_string(d.installed_at), std::to_string(d.network_id), std::to_string(d.created_at),
              std::to_string(d.updated_at)});
  }
  void finish() override {
    flush();
    db_.with([](soci::session& s) {
      for (const char* t : {"cross_boxes", "dist_boxes", "customers", "services", "cables", "poles", "drop_lines"})
        s << std::string("SELECT setval(pg_get_serial_sequence('") + t + "', 'id'), COALESCE((SELECT MAX(id) FROM " +
                 t + "), 1))";
    });
  }

 private:
  void row(std::string& buf, std::initializer_list<std::string> cols, bool raw_null = false) {
    bool first = true;
    for (const auto& c : cols) {
      if (!first) buf += '\t';
      first = false;
      if (raw_null && c == "\\N") buf += c;
      else copy_escape(buf, c);
    }
    buf += '\n';
  }
  void copy(soci::session& s, const char* table, const char* cols, std::string& buf) {
    if (buf.empty()) return;
    auto* be = static_cast<soci::postgresql_session_backend*>(s.get_backend());
    PGconn* conn = be->conn_;
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
  void flush() {
    db_.write([&](soci::session& s) {
      copy(s, "cross_boxes",
           "id, code, name, network_id, lat_e6, lng_e6, address, primary_pairs, distribution_pairs, created_at, "
           "updated_at",
           xb_);
      copy(s, "dist_boxes",
           "id, code, cross_box_id, area_id, network_id, lat_e6, lng_e6, mount, address, capacity, created_at, "
           "updated_at",
           db_rows_);
      copy(s, "customers",
           "id, code, kind, name, phones, id_type, id_number, district, street, community, building, unit_no, room, "
           "address_text, network_id, created_at, updated_at",
           cu_);
      copy(s, "services",
           "id, code, customer_id, kind, number, speed_mbps, dist_box_id, pair_no, parent_service_id, status, "
           "start_date, monthly_fee_fen, network_id, created_at, updated_at",
           sv_);
      copy(s, "cables",
           "id, code, kind, from_kind, from_id, to_kind, to_id, pairs, length_m, network_id, created_at, updated_at",
           cb_);
      copy(s, "cable_boxes", "cable_id, dist_box_id", cbx_);
      copy(s, "poles", "id, code, kind, lat_e6, lng_e6, network_id, created_at, updated_at", po_);
      copy(s, "pole_boxes", "pole_id, dist_box_id", pob_);
      copy(s, "pole_cables", "pole_id, cable_id", poc_);
      copy(s, "drop_lines",
           "id, code, dist_box_id, pair_no, service_id, kind, length_m, installed_at, network_id, created_at, "
           "updated_at",
           dl_);
    });
  }
  Database& db_;
  std::string xb_, db_rows_, cu_, sv_, cb_, cbx_, po_, pob_, poc_, dl_;
};

}  // namespace

std::unique_ptr<PlantBulkLoader> make_plant_bulk_loader(Database& db) {
  if (db.dialect() == Dialect::postgresql) return std::make_unique<PgLoader>(db);
  return std::make_unique<SqliteLoader>(db);
}

}  // namespace bc::store
