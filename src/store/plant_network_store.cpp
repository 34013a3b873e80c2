// Cables, poles and drop lines on SQL: the same statements on SQLite and PostgreSQL. Links (the
// boxes a cable serves, what a pole carries) are replaced with the record in one transaction.
#include <soci/soci.h>

#include <map>
#include <stdexcept>

#include "database.hpp"
#include "idempotency_store.hpp"
#include "domain/auth/access.hpp"
#include "plant_network_store.hpp"

namespace bc::store {
void write_audit(soci::session& s, const auth::Actor& actor, const org::AuditRecord& r);

namespace {
using namespace bc::plant;

constexpr const char* kCableCols =
    "c.id, c.code, c.kind, c.from_kind, COALESCE(c.from_id, 0), c.to_kind, COALESCE(c.to_id, 0), c.pairs, c.length_m, "
    "c.network_id, c.status, c.version, c.created_at, c.updated_at";
constexpr const char* kPoleCols =
    "p.id, p.code, p.kind, p.lat_e6, p.lng_e6, p.network_id, p.status, p.version, p.created_at, p.updated_at";
constexpr const char* kDropCols =
    "d.id, d.code, d.dist_box_id, b.code, d.pair_no, COALESCE(d.service_id, 0), COALESCE(s.code, ''), d.kind, "
    "d.length_m, d.installed_at, d.network_id, d.status, d.version, d.created_at, d.updated_at";
constexpr const char* kDropFrom =
    " FROM drop_lines d JOIN dist_boxes b ON b.id = d.dist_box_id LEFT JOIN services s ON s.id = d.service_id ";

std::string id_list(const std::vector<Id>& ids, std::size_t from, std::size_t n) {
  std::string in;
  for (std::size_t i = from; i < ids.size() && i < from + n; ++i) in += (in.empty() ? "" : ",") + std::to_string(ids[i]);
  return in;
}

// (owner id → refs) for a link query "SELECT owner, ref_id, ref_code ... WHERE owner IN (…)".
std::map<Id, std::vector<Ref>> links(soci::session& s, const std::string& sql_head, const std::vector<Id>& owners) {
  std::map<Id, std::vector<Ref>> out;
  for (std::size_t from = 0; from < owners.size(); from += 500) {
    long long owner, id;
    std::string code;
    soci::statement st = (s.prepare << sql_head + " IN (" + id_list(owners, from, 500) + ") ORDER BY 3",
                          soci::into(owner), soci::into(id), soci::into(code));
    st.execute();
    while (st.fetch()) out[owner].push_back({id, code});
  }
  return out;
}

class SqlNetworkRepository final : public NetworkRepository {
 public:
  explicit SqlNetworkRepository(Database& db) : db_(db) {}

  std::optional<Cable> cable(Id id) override {
    auto v = db_.with([&](soci::session& s) { return read_cables(s, "WHERE c.id = :a", id); });
    if (v.empty()) return std::nullopt;
    return v.front();
  }

  std::vector<Cable> cables(const CableFilter& f) override {
    return db_.with([&](soci::session& s) {
      if (f.dist_box_id)
        return read_cables(s, "WHERE c.id IN (SELECT cable_id FROM cable_boxes WHERE dist_box_id = :a) ORDER BY c.code",
                           f.dist_box_id);
      if (f.cross_box_id)
        return read_cables(s,
                           "WHERE (c.from_kind = 'cross_box' AND c.from_id = :a) OR (c.to_kind = 'cross_box' AND "
                           "c.to_id = :a2) ORDER BY c.code",
                           f.cross_box_id, f.cross_box_id);
      return read_cables(s, "WHERE c.network_id = :a ORDER BY c.code", f.network_id);
    });
  }

  std::optional<Pole> pole(Id id) override {
    auto v = db_.with([&](soci::session& s) { return read_poles(s, "WHERE p.id = :a", id); });
    if (v.empty()) return std::nullopt;
    return v.front();
  }

  std::vector<Pole> poles(const PoleFilter& f) override {
    return db_.with([&](soci::session& s) {
      if (f.dist_box_id)
        return read_poles(s, "WHERE p.id IN (SELECT pole_id FROM pole_boxes WHERE dist_box_id = :a) ORDER BY p.code",
                          f.dist_box_id);
      if (f.cable_id)
        return read_poles(s, "WHERE p.id IN (SELECT pole_id FROM pole_cables WHERE cable_id = :a) ORDER BY p.code",
                          f.cable_id);
      return read_poles(s, "WHERE p.network_id = :a ORDER BY p.code", f.network_id);
    });
  }

  std::optional<DropLine> drop_line(Id id) override {
    auto v = db_.with([&](soci::session& s) { return read_drops(s, "WHERE d.id = :a", id, 0); });
    if (v.empty()) return std::nullopt;
    return v.front();
  }
  std::vector<DropLine> drop_lines_of_box(Id box_id) override {
    return db_.with([&](soci::session& s) {
      return read_drops(s, "WHERE d.dist_box_id = :a ORDER BY d.pair_no, d.status, d.id", box_id, 0);
    });
  }
  std::vector<DropLine> drop_lines_of_service(Id service_id) override {
    return db_.with([&](soci::session& s) { return read_drops(s, "WHERE d.service_id = :a ORDER BY d.id DESC", service_id, 0); });
  }
  std::vector<DropLine> drop_lines_of_network(Id network_id) override {
    return db_.with([&](soci::session& s) { return read_drops(s, "WHERE d.network_id = :a ORDER BY d.code", network_id, 0); });
  }
  std::optional<DropLine> drop_line_on(Id box_id, std::int32_t pair_no) override {
    auto v = db_.with([&](soci::session& s) {
      return read_drops(s, "WHERE d.dist_box_id = :a AND d.pair_no = :b AND d.status = 'active'", box_id, pair_no);
    });
    if (v.empty()) return std::nullopt;
    return v.front();
  }

  Id cross_box_by_code(const std::string& code) override { return id_of("SELECT id FROM cross_boxes WHERE code = :c", code); }
  Id dist_box_by_code(const std::string& code) override { return id_of("SELECT id FROM dist_boxes WHERE code = :c", code); }
  Id service_by_code(const std::string& code) override { return id_of("SELECT id FROM services WHERE code = :c", code); }
  Id cable_by_code(Id net, const std::string& code) override {
    return id_of("SELECT id FROM cables WHERE code = :c AND network_id = :n", code, net);
  }
  Id pole_by_code(Id net, const std::string& code) override {
    return id_of("SELECT id FROM poles WHERE code = :c AND network_id = :n", code, net);
  }
  Id drop_line_by_code(Id net, const std::string& code) override {
    return id_of("SELECT id FROM drop_lines WHERE code = :c AND network_id = :n", code, net);
  }

  Status save_cable(Cable& c, std::int64_t old_version, const auth::Actor& a, const WriteHooks& h) override {
    return save([&](soci::session& s) {
      long long id = c.id, net = c.network_id, ver = c.version, old = old_version, created = c.created_at,
                updated = c.updated_at;
      int pairs = c.pairs, length = c.length_m;
      std::string kind(to_string(c.kind)), fk(to_string(c.from.kind)), tk(to_string(c.to.kind)),
          status = c.active ? "active" : "retired";
      long long fid = c.from.id, tid = c.to.id;
      soci::indicator find = c.from.id ? soci::i_ok : soci::i_null, tind = c.to.id ? soci::i_ok : soci::i_null;
      if (!old_version) {
        s << "INSERT INTO cables (code, kind, from_kind, from_id, to_kind, to_id, pairs, length_m, network_id, status, "
             "version, created_at, updated_at) VALUES (:code, :kind, :fk, :fid, :tk, :tid, :p, :l, :n, :st, :v, :c, :u) "
             "RETURNING id",
            soci::use(c.code), soci::use(kind), soci::use(fk), soci::use(fid, find), soci::use(tk), soci::use(tid, tind),
            soci::use(pairs), soci::use(length), soci::use(net), soci::use(status), soci::use(ver), soci::use(created),
            soci::use(updated), soci::into(id);
        c.id = id;
      } else {
        soci::statement st =
            (s.prepare << "UPDATE cables SET code = :code, kind = :kind, from_kind = :fk, from_id = :fid, to_kind = :tk, "
                          "to_id = :tid, pairs = :p, length_m = :l, status = :st, version = :v, updated_at = :u "
                          "WHERE id = :id AND version = :old",
             soci::use(c.code), soci::use(kind), soci::use(fk), soci::use(fid, find), soci::use(tk),
             soci::use(tid, tind), soci::use(pairs), soci::use(length), soci::use(status), soci::use(ver),
             soci::use(updated), soci::use(id), soci::use(old));
        st.execute(true);
        if (st.get_affected_rows() != 1) return false;
        s << "DELETE FROM cable_boxes WHERE cable_id = :id", soci::use(id);
      }
      for (const auto& b : c.boxes) {
        long long bid = b.id;
        s << "INSERT INTO cable_boxes (cable_id, dist_box_id) VALUES (:c, :b)", soci::use(id), soci::use(bid);
      }
      hooks(s, a, h);
      return true;
    }, c.version - 1);
  }

  Status save_pole(Pole& p, std::int64_t old_version, const auth::Actor& a, const WriteHooks& h) override {
    return save([&](soci::session& s) {
      long long id = p.id, net = p.network_id, ver = p.version, old = old_version, created = p.created_at,
                updated = p.updated_at;
      int lat = p.lat_e6, lng = p.lng_e6;
      std::string kind(to_string(p.kind)), status = p.active ? "active" : "retired";
      if (!old_version) {
        s << "INSERT INTO poles (code, kind, lat_e6, lng_e6, network_id, status, version, created_at, updated_at) "
             "VALUES (:code, :kind, :lat, :lng, :n, :st, :v, :c, :u) RETURNING id",
            soci::use(p.code), soci::use(kind), soci::use(lat), soci::use(lng), soci::use(net), soci::use(status),
            soci::use(ver), soci::use(created), soci::use(updated), soci::into(id);
        p.id = id;
      } else {
        soci::statement st = (s.prepare << "UPDATE poles SET code = :code, kind = :kind, lat_e6 = :lat, lng_e6 = :lng, "
                                           "status = :st, version = :v, updated_at = :u WHERE id = :id AND version = :old",
                              soci::use(p.code), soci::use(kind), soci::use(lat), soci::use(lng), soci::use(status),
                              soci::use(ver), soci::use(updated), soci::use(id), soci::use(old));
        st.execute(true);
        if (st.get_affected_rows() != 1) return false;
        s << "DELETE FROM pole_boxes WHERE pole_id = :id", soci::use(id);
        s << "DELETE FROM pole_cables WHERE pole_id = :id", soci::use(id);
      }
      for (const auto& b : p.boxes) {
        long long bid = b.id;
        s << "INSERT INTO pole_boxes (pole_id, dist_box_id) VALUES (:p, :b)", soci::use(id), soci::use(bid);
      }
      for (const auto& c : p.cables) {
        long long cid = c.id;
        s << "INSERT INTO pole_cables (pole_id, cable_id) VALUES (:p, :c)", soci::use(id), soci::use(cid);
      }
      hooks(s, a, h);
      return true;
    }, p.version - 1);
  }

  Status save_drop_line(DropLine& d, std::int64_t old_version, const auth::Actor& a, const WriteHooks& h) override {
    return save([&](soci::session& s) {
      long long id = d.id, box = d.dist_box_id, svc = d.service_id, net = d.network_id, ver = d.version,
                old = old_version, created = d.created_at, updated = d.updated_at, installed = d.installed_at;
      int pair = d.pair_no, length = d.length_m;
      soci::indicator sind = d.service_id ? soci::i_ok : soci::i_null;
      std::string kind(to_string(d.kind)), status = d.active ? "active" : "retired";
      if (!old_version) {
        s << "INSERT INTO drop_lines (code, dist_box_id, pair_no, service_id, kind, length_m, installed_at, network_id, "
             "status, version, created_at, updated_at) VALUES (:code, :b, :p, :s, :k, :l, :i, :n, :st, :v, :c, :u) "
             "RETURNING id",
            soci::use(d.code), soci::use(box), soci::use(pair), soci::use(svc, sind), soci::use(kind),
            soci::use(length), soci::use(installed), soci::use(net), soci::use(status), soci::use(ver),
            soci::use(created), soci::use(updated), soci::into(id);
        d.id = id;
      } else {
        soci::statement st =
            (s.prepare << "UPDATE drop_lines SET code = :code, dist_box_id = :b, pair_no = :p, service_id = :s, kind = :k, "
                          "length_m = :l, installed_at = :i, status = :st, version = :v, updated_at = :u "
                          "WHERE id = :id AND version = :old",
             soci::use(d.code), soci::use(box), soci::use(pair), soci::use(svc, sind), soci::use(kind),
             soci::use(length), soci::use(installed), soci::use(status), soci::use(ver), soci::use(updated),
             soci::use(id), soci::use(old));
        st.execute(true);
        if (st.get_affected_rows() != 1) return false;
      }
      hooks(s, a, h);
      return true;
    }, d.version - 1);
  }

 private:
  // Runs one write transaction; a unique violation (code taken, pair taken, a race on the
  // Idempotency-Key) or a moved-on version is a conflict, and nothing is written.
  Status save(const std::function<bool(soci::session&)>& f, std::int64_t current_guess) {
    bool ok = false;
    try {
      ok = db_.write_if(f);
    } catch (const std::exception& e) {
      if (Database::is_unique_violation(e))
        return Error(Errc::conflict, "Another record already uses this code (in this local network) or this pair.");
      throw;
    }
    if (!ok) return stale(current_guess);
    return Ok{};
  }

  void hooks(soci::session& s, const auth::Actor& a, const WriteHooks& h) {
    if (h.audit) write_audit(s, a, h.audit());
    if (h.remember)
      if (auto r = h.remember()) save_idempotent(s, a.staff_id, r->first, r->second, now_ms());
  }

  template <class... Args>
  Id id_of(const std::string& sql, const std::string& code, Args... args) {
    return db_.with([&](soci::session& s) {
      long long id = 0;
      soci::indicator ind = soci::i_null;
      long long vals[] = {0, static_cast<long long>(args)...};
      soci::details::prepare_temp_type p = (s.prepare << sql, soci::use(code), soci::into(id, ind));
      for (std::size_t i = 1; i < sizeof(vals) / sizeof(vals[0]); ++i) p, soci::use(vals[i]);
      soci::statement st(p);
      st.execute(true);
      return ind == soci::i_ok ? static_cast<Id>(id) : Id{0};
    });
  }

  template <class... Args>
  std::vector<Cable> read_cables(soci::session& s, const std::string& where, Args... args) {
    std::vector<Cable> out;
    Cable c;
    long long id, fid, tid, net, ver, created, updated;
    int pairs, length;
    std::string kind, fk, tk, status;
    long long vals[] = {static_cast<long long>(args)...};
    soci::details::prepare_temp_type p =
        (s.prepare << std::string("SELECT ") + kCableCols + " FROM cables c " + where, soci::into(id),
         soci::into(c.code), soci::into(kind), soci::into(fk), soci::into(fid), soci::into(tk), soci::into(tid),
         soci::into(pairs), soci::into(length), soci::into(net), soci::into(status), soci::into(ver),
         soci::into(created), soci::into(updated));
    for (auto& v : vals) p, soci::use(v);
    soci::statement st(p);
    st.execute();
    while (st.fetch()) {
      c.id = id;
      c.kind = parse_cable_kind(kind).value_or(CableKind::distribution);
      c.from = {parse_end_kind(fk).value_or(EndKind::exchange), fid, ""};
      c.to = {parse_end_kind(tk).value_or(EndKind::exchange), tid, ""};
      c.pairs = pairs;
      c.length_m = length;
      c.network_id = net;
      c.active = status == "active";
      c.version = ver;
      c.created_at = created;
      c.updated_at = updated;
      out.push_back(c);
    }
    if (out.empty()) return out;
    std::vector<Id> ids;
    std::vector<Id> xs, ds;
    for (const auto& x : out) {
      ids.push_back(x.id);
      for (const CableEnd* e : {&x.from, &x.to}) {
        if (e->kind == EndKind::cross_box) xs.push_back(e->id);
        if (e->kind == EndKind::dist_box) ds.push_back(e->id);
      }
    }
    auto boxes = links(s, "SELECT l.cable_id, b.id, b.code FROM cable_boxes l JOIN dist_boxes b ON b.id = l.dist_box_id "
                          "WHERE l.cable_id", ids);
    auto poles = links(s, "SELECT l.cable_id, p.id, p.code FROM pole_cables l JOIN poles p ON p.id = l.pole_id "
                          "WHERE l.cable_id", ids);
    auto xcodes = links(s, "SELECT id, id, code FROM cross_boxes WHERE id", xs);
    auto dcodes = links(s, "SELECT id, id, code FROM dist_boxes WHERE id", ds);
    for (auto& x : out) {
      x.boxes = boxes[x.id];
      x.poles = poles[x.id];
      for (CableEnd* e : {&x.from, &x.to}) {
        if (e->kind == EndKind::cross_box && !xcodes[e->id].empty()) e->code = xcodes[e->id].front().code;
        if (e->kind == EndKind::dist_box && !dcodes[e->id].empty()) e->code = dcodes[e->id].front().code;
      }
    }
    return out;
  }

  std::vector<Pole> read_poles(soci::session& s, const std::string& where, Id arg) {
    std::vector<Pole> out;
    Pole p;
    long long id, net, ver, created, updated, a = arg;
    int lat, lng;
    std::string kind, status;
    soci::statement st = (s.prepare << std::string("SELECT ") + kPoleCols + " FROM poles p " + where, soci::use(a),
                          soci::into(id), soci::into(p.code), soci::into(kind), soci::into(lat), soci::into(lng),
                          soci::into(net), soci::into(status), soci::into(ver), soci::into(created), soci::into(updated));
    st.execute();
    while (st.fetch()) {
      p.id = id;
      p.kind = parse_pole_kind(kind).value_or(PoleKind::concrete);
      p.lat_e6 = lat;
      p.lng_e6 = lng;
      p.network_id = net;
      p.active = status == "active";
      p.version = ver;
      p.created_at = created;
      p.updated_at = updated;
      out.push_back(p);
    }
    if (out.empty()) return out;
    std::vector<Id> ids;
    for (const auto& x : out) ids.push_back(x.id);
    auto boxes = links(s, "SELECT l.pole_id, b.id, b.code FROM pole_boxes l JOIN dist_boxes b ON b.id = l.dist_box_id "
                          "WHERE l.pole_id", ids);
    auto cables = links(s, "SELECT l.pole_id, c.id, c.code FROM pole_cables l JOIN cables c ON c.id = l.cable_id "
                           "WHERE l.pole_id", ids);
    for (auto& x : out) {
      x.boxes = boxes[x.id];
      x.cables = cables[x.id];
    }
    return out;
  }

  std::vector<DropLine> read_drops(soci::session& s, const std::string& where, Id a1, std::int64_t a2) {
    std::vector<DropLine> out;
    DropLine d;
    long long id, box, svc, installed, net, ver, created, updated, x1 = a1;
    int pair, length, x2 = static_cast<int>(a2);
    std::string kind, status;
    soci::details::prepare_temp_type p =
        (s.prepare << std::string("SELECT ") + kDropCols + kDropFrom + where, soci::into(id), soci::into(d.code),
         soci::into(box), soci::into(d.dist_box_code), soci::into(pair), soci::into(svc), soci::into(d.service_code),
         soci::into(kind), soci::into(length), soci::into(installed), soci::into(net), soci::into(status),
         soci::into(ver), soci::into(created), soci::into(updated), soci::use(x1));
    if (where.find(":b") != std::string::npos) p, soci::use(x2);
    soci::statement st(p);
    st.execute();
    while (st.fetch()) {
      d.id = id;
      d.dist_box_id = box;
      d.pair_no = pair;
      d.service_id = svc;
      d.kind = parse_drop_kind(kind).value_or(DropKind::copper);
      d.length_m = length;
      d.installed_at = installed;
      d.network_id = net;
      d.active = status == "active";
      d.version = ver;
      d.created_at = created;
      d.updated_at = updated;
      out.push_back(d);
    }
    return out;
  }

  Database& db_;
};

}  // namespace

std::unique_ptr<plant::NetworkRepository> make_network_repository(Database& db) {
  return std::make_unique<SqlNetworkRepository>(db);
}

}  // namespace bc::store
