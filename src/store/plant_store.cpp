// The plant and subscriber archive on SQL. Search is where the two databases differ: SQLite
// answers fragments from its FTS5 trigram table, PostgreSQL from pg_trgm GIN indexes.
#include <soci/soci.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "database.hpp"
#include "domain/auth/access.hpp"
#include "domain/plant/repository.hpp"
#include "plant_store.hpp"
#include "store/kpi_store.hpp"

namespace bc::store {
void write_audit(soci::session& s, const auth::Actor& actor, const org::AuditRecord& r);

namespace {
using namespace bc::plant;

constexpr const char* kCustomerCols =
    "id, code, kind, name, phones, id_type, id_number, district, street, community, building, unit_no, room, "
    "network_id, version, created_at, updated_at";
constexpr const char* kServiceCols =
    "id, code, customer_id, COALESCE(account_id, 0), kind, number, speed_mbps, COALESCE(dist_box_id, 0), "
    "COALESCE(pair_no, 0), COALESCE(parent_service_id, 0), status, start_date, monthly_fee_fen, network_id, version, "
    "created_at, updated_at";
constexpr const char* kDistBoxCols =
    "id, code, cross_box_id, area_id, network_id, lat_e6, lng_e6, mount, address, capacity, status, version, "
    "created_at, updated_at";
constexpr const char* kCrossBoxCols =
    "id, code, name, network_id, COALESCE(area_id, 0), lat_e6, lng_e6, address, primary_pairs, distribution_pairs, "
    "status, version, created_at, updated_at";

std::vector<std::string> split_phones(const std::string& s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < s.size()) {
    auto j = s.find(',', i);
    if (j == std::string::npos) j = s.size();
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

// The first string greater than every string starting with p (bytewise).
std::string prefix_end(std::string p) {
  while (!p.empty() && static_cast<unsigned char>(p.back()) == 0xFF) p.pop_back();
  if (!p.empty()) p.back() = static_cast<char>(static_cast<unsigned char>(p.back()) + 1);
  return p;
}

std::string like_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

std::string fts_phrase(const std::string& s) {
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// The ownership answer's one statement, prepared once per pooled connection and re-executed: the
// bound variables live here, at fixed addresses, for the statement's lifetime.
struct LineQuery {
  static constexpr const char* kSql =
      "SELECT s.code, s.customer_id, COALESCE(s.account_id, 0), s.kind, s.number, s.speed_mbps, "
      "COALESCE(s.dist_box_id, 0), COALESCE(s.pair_no, 0), COALESCE(s.parent_service_id, 0), s.status, s.start_date, "
      "s.monthly_fee_fen, s.network_id, s.version, s.created_at, s.updated_at, COALESCE(p.dist_box_id, 0), "
      "COALESCE(c.id, 0), COALESCE(c.code, ''), COALESCE(c.name, ''), COALESCE(c.kind, 'person') "
      "FROM services s LEFT JOIN services p ON p.id = s.parent_service_id "
      "LEFT JOIN customers c ON c.id = s.customer_id WHERE s.id = :id";
  long long id = 0, cust = 0, acct = 0, box = 0, parent = 0, start = 0, fee = 0, net = 0, ver = 0, created = 0,
            updated = 0, parent_box = 0, cid = 0;
  int speed = 0, pair = 0;
  std::string code, kind, number, status, ccode, cname, ckind;
  soci::statement st;
  explicit LineQuery(soci::session& s)
      : st((s.prepare << kSql, soci::use(id), soci::into(code), soci::into(cust), soci::into(acct), soci::into(kind),
            soci::into(number), soci::into(speed), soci::into(box), soci::into(pair), soci::into(parent),
            soci::into(status), soci::into(start), soci::into(fee), soci::into(net), soci::into(ver),
            soci::into(created), soci::into(updated), soci::into(parent_box), soci::into(cid), soci::into(ccode),
            soci::into(cname), soci::into(ckind))) {}

  std::optional<LineRecord> run(Id service_id) {
    id = service_id;
    const bool got = st.execute(true);
    // Step to the end: on SQLite a statement left on a row keeps its read transaction (and so an
    // old snapshot) open on this connection.
    if (got) while (st.fetch()) {}
    if (!got) return std::nullopt;
    LineRecord r;
    Service& v = r.service;
    v.id = service_id;
    v.code = code;
    v.customer_id = cust;
    v.account_id = acct;
    v.kind = parse_service_kind(kind).value_or(ServiceKind::other);
    v.number = number;
    v.speed_mbps = speed;
    v.dist_box_id = box;
    v.pair_no = pair;
    v.parent_service_id = parent;
    v.status = parse_service_status(status).value_or(ServiceStatus::active);
    v.start_date = start;
    v.monthly_fee_fen = fee;
    v.network_id = net;
    v.version = ver;
    v.created_at = created;
    v.updated_at = updated;
    r.parent_box_id = parent_box;
    if (cid) {
      Customer& c = r.customer.emplace();
      c.id = cid;
      c.code = ccode;
      c.name = cname;
      c.kind = parse_customer_kind(ckind).value_or(CustomerKind::person);
    }
    return r;
  }
};

// A name or address fragment: FTS5 trigram (SQLite) or pg_trgm through LIKE (PostgreSQL), in
// customer id order, after a given id, limited.
struct FragmentQuery {
  std::string arg;
  long long after = 0;
  int n = 0;
  long long id = 0;
  std::string name, address;
  soci::statement st;
  FragmentQuery(soci::session& s, const std::string& sql)
      : st((s.prepare << sql, soci::use(arg), soci::use(after), soci::use(n), soci::into(id), soci::into(name),
            soci::into(address))) {}
  static std::string sql(bool by_name, bool pg) {
    if (pg)
      return std::string("SELECT id, name, address_text FROM customers WHERE ") + (by_name ? "name" : "address_text") +
             " LIKE :a ESCAPE '\\' AND id > :after ORDER BY id LIMIT :n";
    return "SELECT c.id, c.name, c.address_text FROM customer_search f JOIN customers c ON c.id = f.rowid "
           "WHERE customer_search MATCH :a AND f.rowid > :after ORDER BY f.rowid LIMIT :n";
  }
};

// The statements one pooled connection keeps prepared (used only while that connection is leased).
struct Prepared {
  std::unique_ptr<LineQuery> line;
  std::unique_ptr<FragmentQuery> by_name, by_address;
  FragmentQuery& fragment(soci::session& s, bool name, bool pg) {
    auto& q = name ? by_name : by_address;
    if (!q) q = std::make_unique<FragmentQuery>(s, FragmentQuery::sql(name, pg));
    return *q;
  }
};

class SqlPlantRepository final : public PlantRepository {
 public:
  explicit SqlPlantRepository(Database& db) : db_(db) {}

  void load_index(OwnershipIndex& index) override {
    db_.with([&](soci::session& s) {
      // Whole records: the ownership answer shows them without asking the database.
      for (const auto& b : read_dist_boxes(s, "WHERE status = 'active' AND id > :x", 0, 0))
        index.add_box(OwnershipIndex::Box::of(b));
      for (const auto& x : read_cross_boxes(s, "WHERE id > :x", 0LL)) index.add_cross_box(x);
      // Lines in chunks: 10 million rows must not go through one-row fetches.
      constexpr std::size_t kChunk = 20000;
      std::vector<long long> ids(kChunk), boxes(kChunk), customers(kChunk);
      std::vector<std::string> numbers(kChunk);
      soci::statement st = (s.prepare << "SELECT id, number, COALESCE(dist_box_id, 0), customer_id FROM services "
                                         "WHERE status = 'active' AND kind <> 'caller_id' ORDER BY id",
                            soci::into(ids), soci::into(numbers), soci::into(boxes), soci::into(customers));
      st.execute();
      while (st.fetch()) {
        for (std::size_t i = 0; i < ids.size(); ++i) index.add_line(numbers[i], ids[i], boxes[i], customers[i]);
        ids.resize(kChunk);
        numbers.resize(kChunk);
        boxes.resize(kChunk);
        customers.resize(kChunk);
      }
    });
  }

  std::optional<Service> service(Id id) override {
    return db_.with([&](soci::session& s) -> std::optional<Service> {
      auto v = read_services(s, "WHERE id = :id", id);
      if (v.empty()) return std::nullopt;
      return v.front();
    });
  }

  std::optional<LineRecord> line(Id service_id) override {
    return db_.with([&](soci::session& s) -> std::optional<LineRecord> {
      try {
        Prepared& p = prepared(s);
        if (!p.line) p.line = std::make_unique<LineQuery>(s);
        return p.line->run(service_id);
      } catch (...) {
        forget_prepared(s);  // prepared afresh next time (e.g. after a lost connection)
        throw;
      }
    });
  }

  std::vector<Service> services_of_customer(Id customer_id) override {
    return db_.with([&](soci::session& s) { return read_services(s, "WHERE customer_id = :id ORDER BY id", customer_id); });
  }

  std::optional<Customer> customer(Id id) override {
    return db_.with([&](soci::session& s) -> std::optional<Customer> {
      Customer c;
      long long cid = id, net, ver, created, updated;
      std::string kind, phones;
      soci::indicator ind;
      s << std::string("SELECT ") + kCustomerCols + " FROM customers WHERE id = :id", soci::use(cid),
          soci::into(cid, ind), soci::into(c.code), soci::into(kind), soci::into(c.name), soci::into(phones),
          soci::into(c.id_type), soci::into(c.id_number), soci::into(c.address.district), soci::into(c.address.street),
          soci::into(c.address.community), soci::into(c.address.building), soci::into(c.address.unit),
          soci::into(c.address.room), soci::into(net), soci::into(ver), soci::into(created), soci::into(updated);
      if (!s.got_data()) return std::nullopt;
      c.id = cid;
      c.kind = parse_customer_kind(kind).value_or(CustomerKind::person);
      c.phones = split_phones(phones);
      c.network_id = net;
      c.version = ver;
      c.created_at = created;
      c.updated_at = updated;
      return c;
    });
  }

  std::optional<DistBox> dist_box(Id id) override {
    return db_.with([&](soci::session& s) -> std::optional<DistBox> {
      auto v = read_dist_boxes(s, "WHERE id = :id", id, 0);
      if (v.empty()) return std::nullopt;
      return v.front();
    });
  }

  std::vector<DistBox> dist_boxes(Id area_id, Id cross_box_id) override {
    return db_.with([&](soci::session& s) {
      if (area_id && cross_box_id)
        return read_dist_boxes(s, "WHERE area_id = :a AND cross_box_id = :x ORDER BY code", area_id, cross_box_id);
      if (area_id) return read_dist_boxes(s, "WHERE area_id = :a ORDER BY code", area_id, 0);
      return read_dist_boxes(s, "WHERE cross_box_id = :x ORDER BY code", cross_box_id, 0);
    });
  }

  std::optional<CrossBox> cross_box(Id id) override {
    return db_.with([&](soci::session& s) -> std::optional<CrossBox> {
      auto v = read_cross_boxes(s, "WHERE id = :id", id);
      if (v.empty()) return std::nullopt;
      return v.front();
    });
  }

  std::vector<CrossBox> cross_boxes(Id area_id, Id network_id) override {
    return db_.with([&](soci::session& s) {
      if (area_id)
        return read_cross_boxes(s,
                                "WHERE area_id = :a OR id IN (SELECT cross_box_id FROM dist_boxes WHERE area_id = :a2) "
                                "ORDER BY code",
                                area_id, area_id);
      return read_cross_boxes(s, "WHERE network_id = :n ORDER BY code", network_id);
    });
  }

  std::vector<PairInfo> pairs(const DistBox& box) override {
    std::vector<PairInfo> out(static_cast<std::size_t>(box.capacity));
    for (std::size_t i = 0; i < out.size(); ++i) out[i].pair_no = static_cast<std::int32_t>(i + 1);
    db_.with([&](soci::session& s) {
      long long bid = box.id, sid, cust;
      int pair;
      std::string code, number, state, note;
      {
        soci::statement st = (s.prepare << "SELECT pair_no, id, code, number, customer_id FROM services "
                                           "WHERE dist_box_id = :b AND status = 'active' AND pair_no IS NOT NULL",
                              soci::use(bid), soci::into(pair), soci::into(sid), soci::into(code), soci::into(number),
                              soci::into(cust));
        st.execute();
        while (st.fetch())
          if (pair >= 1 && pair <= box.capacity) {
            auto& p = out[pair - 1];
            p.state = PairState::in_use;
            p.service_id = sid;
            p.service_code = code;
            p.number = number;
            p.customer_id = cust;
          }
      }
      soci::statement st = (s.prepare << "SELECT pair_no, state, note FROM pair_marks WHERE dist_box_id = :b",
                            soci::use(bid), soci::into(pair), soci::into(state), soci::into(note));
      st.execute();
      while (st.fetch())
        if (pair >= 1 && pair <= box.capacity && out[pair - 1].state == PairState::free) {
          out[pair - 1].state = parse_pair_state(state).value_or(PairState::faulty);
          out[pair - 1].note = note;
        }
    });
    return out;
  }

  std::vector<SearchHit> search(SearchKind kind, const std::string& text, int limit, Id after_customer) override {
    return db_.with([&](soci::session& s) {
      std::vector<SearchHit> out;
      const bool pg = db_.dialect() == Dialect::postgresql;
      switch (kind) {
        case SearchKind::phone:
        case SearchKind::account: {
          std::string lo = text, hi = prefix_end(text);
          std::string kinds = kind == SearchKind::phone ? "kind IN ('fixed_line', 'iptv', 'other')" : "kind = 'broadband'";
          long long id, cust, box;
          std::string number, code;
          soci::statement st = (s.prepare << "SELECT id, customer_id, COALESCE(dist_box_id, 0), number, code FROM services "
                                             "WHERE number >= :lo AND number < :hi AND status = 'active' AND " + kinds +
                                                 " ORDER BY number LIMIT :n",
                                soci::use(lo), soci::use(hi), soci::use(limit), soci::into(id), soci::into(cust),
                                soci::into(box), soci::into(number), soci::into(code));
          st.execute();
          while (st.fetch()) out.push_back({kind, cust, id, box, number, code});
          break;
        }
        case SearchKind::box: {
          std::string lo = text, hi = prefix_end(text), code, address;
          long long id;
          soci::statement st = (s.prepare << "SELECT id, code, address FROM dist_boxes WHERE code >= :lo AND code < :hi "
                                             "ORDER BY code LIMIT :n",
                                soci::use(lo), soci::use(hi), soci::use(limit), soci::into(id), soci::into(code),
                                soci::into(address));
          st.execute();
          while (st.fetch()) out.push_back({kind, 0, 0, id, code, address});
          break;
        }
        case SearchKind::name:
        case SearchKind::address: {
          const bool by_name = kind == SearchKind::name;
          if (!is_fragment_search(kind, text)) {
            if (!by_name) return out;  // an address fragment needs three characters to be found by index
            // Short names: exact and prefix through the b-tree index.
            std::string lo = text, hi = prefix_end(text), name, address;
            long long id;
            soci::statement st = (s.prepare << "SELECT id, name, address_text FROM customers WHERE name >= :a AND "
                                               "name < :b ORDER BY name, id LIMIT :n",
                                  soci::use(lo), soci::use(hi), soci::use(limit), soci::into(id), soci::into(name),
                                  soci::into(address));
            st.execute();
            while (st.fetch()) out.push_back({kind, id, 0, 0, name, address});
            break;
          }
          // Fragments: one statement per connection and column, prepared once, in customer id order.
          FragmentQuery& q = prepared(s).fragment(s, by_name, pg);
          struct Forget {  // a failed statement is prepared afresh next time
            SqlPlantRepository* repo;
            soci::session& s;
            bool ok = false;
            ~Forget() { if (!ok) repo->forget_prepared(s); }
          } forget{this, s};
          if (pg) q.arg = "%" + like_escape(text) + "%";
          else q.arg = std::string(by_name ? "name" : "address_text") + " : " + fts_phrase(text);
          q.after = after_customer;
          q.n = limit;
          out.reserve(static_cast<std::size_t>(limit));
          if (q.st.execute(true)) {
            do out.push_back({kind, q.id, 0, 0, q.name, q.address});
            while (q.st.fetch());
          }
          forget.ok = true;
          break;
        }
      }
      return out;
    });
  }

  Id last_import_mark() override {
    return db_.with([](soci::session& s) {
      long long id = 0;
      soci::indicator ind;
      s << "SELECT MAX(id) FROM audit_log WHERE object_type = 'import'", soci::into(id, ind);
      return ind == soci::i_ok ? static_cast<Id>(id) : Id{0};
    });
  }

  void log_view(const PiiView& v) override {
    db_.write([&](soci::session& s) {
      long long at = v.at, staff = v.staff_id, cust = v.customer_id;
      s << "INSERT INTO pii_views (at, staff_id, customer_id, fields, reason) VALUES (:at, :s, :c, :f, :r)",
          soci::use(at), soci::use(staff), soci::use(cust), soci::use(v.fields), soci::use(v.reason);
    });
  }

  std::vector<PiiView> views(Id customer_id) override {
    return db_.with([&](soci::session& s) {
      std::vector<PiiView> out;
      PiiView v;
      long long id, at, staff, cust = customer_id;
      soci::statement st = (s.prepare << "SELECT id, at, staff_id, fields, reason FROM pii_views WHERE customer_id = :c "
                                         "ORDER BY id DESC LIMIT 1000",
                            soci::use(cust), soci::into(id), soci::into(at), soci::into(staff), soci::into(v.fields),
                            soci::into(v.reason));
      st.execute();
      while (st.fetch()) {
        v.id = id;
        v.at = at;
        v.staff_id = staff;
        v.customer_id = customer_id;
        out.push_back(v);
      }
      return out;
    });
  }

  std::vector<CareFlagEntry> care_flags(Id customer_id) override {
    return db_.with([&](soci::session& s) {
      std::vector<CareFlagEntry> out;
      long long cid = customer_id, by, at;
      std::string flag, note;
      soci::statement st = (s.prepare << "SELECT flag, note, set_by, set_at FROM care_flags WHERE customer_id = :c "
                                         "ORDER BY flag",
                            soci::use(cid), soci::into(flag), soci::into(note), soci::into(by), soci::into(at));
      st.execute();
      while (st.fetch()) out.push_back({parse_care_flag(flag).value_or(CareFlag::other), note, by, at});
      return out;
    });
  }

  std::vector<Contact> contacts(Id customer_id, int limit) override {
    return db_.with([&](soci::session& s) {
      std::vector<Contact> out;
      Contact c;
      long long cid = customer_id, id, staff, at;
      soci::statement st = (s.prepare << "SELECT id, staff_id, at, channel, outcome, note FROM contacts "
                                         "WHERE customer_id = :c ORDER BY at DESC, id DESC LIMIT :n",
                            soci::use(cid), soci::use(limit), soci::into(id), soci::into(staff), soci::into(at),
                            soci::into(c.channel), soci::into(c.outcome), soci::into(c.note));
      st.execute();
      while (st.fetch()) {
        c.id = id;
        c.customer_id = customer_id;
        c.staff_id = staff;
        c.at = at;
        out.push_back(c);
      }
      return out;
    });
  }

  void set_care_flag(const Customer& c, Id area_id, const CareFlagEntry& f, bool remove, const auth::Actor& a) override {
    db_.write([&](soci::session& s) {
      long long cid = c.id, by = f.set_by, at = f.set_at;
      std::string flag(to_string(f.flag));
      s << "DELETE FROM care_flags WHERE customer_id = :c AND flag = :f", soci::use(cid), soci::use(flag);
      if (!remove)
        s << "INSERT INTO care_flags (customer_id, flag, note, set_by, set_at) VALUES (:c, :f, :n, :b, :a)",
            soci::use(cid), soci::use(flag), soci::use(f.note), soci::use(by), soci::use(at);
      write_audit(s, a, {remove ? "customer.care_clear" : "customer.care_set", "customer", c.id, c.code, area_id, "",
                         remove ? "" : "{\"flag\":\"" + flag + "\"}"});
    });
  }

  void add_contact(Contact& c, Id area_id, const auth::Actor& a) override {
    db_.write([&](soci::session& s) {
      long long id = 0, cid = c.customer_id, staff = c.staff_id, at = c.at;
      s << "INSERT INTO contacts (customer_id, staff_id, at, channel, outcome, note) VALUES (:c, :s, :a, :ch, :o, :n) "
           "RETURNING id",
          soci::use(cid), soci::use(staff), soci::use(at), soci::use(c.channel), soci::use(c.outcome),
          soci::use(c.note), soci::into(id);
      c.id = id;
      write_audit(s, a, {"customer.contact", "customer", c.customer_id, "", area_id, "",
                         "{\"contact\":" + std::to_string(id) + ",\"channel\":\"" + c.channel + "\"}"});
    });
  }

  bool update_dist_box(const DistBox& b, const auth::Actor& a, const org::AuditRecord& audit) override {
    bool done = false;
    db_.write([&](soci::session& s) {
      long long id = b.id, area = b.area_id, ver = b.version, old = b.version - 1, updated = b.updated_at;
      int lat = b.lat_e6, lng = b.lng_e6, cap = b.capacity;
      std::string mount(to_string(b.mount));
      soci::statement st =
          (s.prepare << "UPDATE dist_boxes SET area_id = :a, address = :addr, capacity = :cap, lat_e6 = :lat, "
                        "lng_e6 = :lng, mount = :m, version = :v, updated_at = :u WHERE id = :id AND version = :old",
           soci::use(area), soci::use(b.address), soci::use(cap), soci::use(lat), soci::use(lng), soci::use(mount),
           soci::use(ver), soci::use(updated), soci::use(id), soci::use(old));
      st.execute(true);
      done = st.get_affected_rows() == 1;
      if (done) write_audit(s, a, audit);
    });
    return done;
  }

  Status set_pair_mark(const DistBox& b, std::int32_t pair_no, std::optional<PairState> mark, const std::string& note,
                       const auth::Actor& a) override {
    Status result = Ok{};
    db_.write([&](soci::session& s) {
      long long bid = b.id, by = a.staff_id, at = now_ms();
      int pair = pair_no, busy = 0;
      s << "SELECT count(*) FROM services WHERE dist_box_id = :b AND pair_no = :p AND status = 'active'", soci::use(bid),
          soci::use(pair), soci::into(busy);
      if (busy) {
        result = conflict("Pair " + std::to_string(pair_no) + " of " + b.code +
                          " carries an active service; cease or move the service first.");
        return;
      }
      std::string before, after;
      soci::indicator ind;
      s << "SELECT state FROM pair_marks WHERE dist_box_id = :b AND pair_no = :p", soci::use(bid), soci::use(pair),
          soci::into(before, ind);
      if (ind != soci::i_ok) before = "free";
      s << "DELETE FROM pair_marks WHERE dist_box_id = :b AND pair_no = :p", soci::use(bid), soci::use(pair);
      after = mark ? std::string(to_string(*mark)) : "free";
      if (mark)
        s << "INSERT INTO pair_marks (dist_box_id, pair_no, state, note, set_by, set_at) VALUES (:b, :p, :st, :n, :by, "
             ":at)",
            soci::use(bid), soci::use(pair), soci::use(after), soci::use(note), soci::use(by), soci::use(at);
      write_audit(s, a, {"pair.mark", "dist_box", b.id, b.code, b.area_id,
                         "{\"pair\":" + std::to_string(pair_no) + ",\"state\":\"" + before + "\"}",
                         "{\"pair\":" + std::to_string(pair_no) + ",\"state\":\"" + after + "\"}"});
    });
    return result;
  }

  std::unordered_map<Id, MarkCounts> mark_counts() override {
    return db_.with([](soci::session& s) {
      std::unordered_map<Id, MarkCounts> out;
      long long box;
      std::string state;
      int n;
      soci::statement st = (s.prepare << "SELECT dist_box_id, state, count(*) FROM pair_marks GROUP BY dist_box_id, state",
                            soci::into(box), soci::into(state), soci::into(n));
      st.execute();
      while (st.fetch()) (state == "faulty" ? out[box].faulty : out[box].reserved) += n;
      return out;
    });
  }

  void save_verification(Verification& v, const DistBox& b, const auth::Actor& a) override {
    db_.write([&](soci::session& s) {
      long long id = 0, box = v.dist_box_id, area = v.area_id, staff = v.staff_id, at = v.at;
      int checked = v.checked, matched = v.matched, mismatched = v.mismatched, corrected = v.corrected;
      s << "INSERT INTO verifications (dist_box_id, area_id, staff_id, at, checked, matched, mismatched, corrected) "
           "VALUES (:b, :a, :s, :at, :c, :m, :mm, :co) RETURNING id",
          soci::use(box), soci::use(area), soci::use(staff), soci::use(at), soci::use(checked), soci::use(matched),
          soci::use(mismatched), soci::use(corrected), soci::into(id);
      v.id = id;
      static constexpr const char* kResults[] = {"match", "mismatch", "corrected"};
      for (const auto& it : v.items) {
        int pair = it.pair_no;
        std::string rec(to_string(it.recorded)), found(to_string(it.found)), result = kResults[static_cast<int>(it.result)];
        s << "INSERT INTO verification_items (verification_id, pair_no, recorded, found, result) VALUES (:v, :p, :r, "
             ":f, :res)",
            soci::use(id), soci::use(pair), soci::use(rec), soci::use(found), soci::use(result);
        if (it.result == CheckResult::corrected) {
          s << "DELETE FROM pair_marks WHERE dist_box_id = :b AND pair_no = :p", soci::use(box), soci::use(pair);
          if (it.found != PairState::free) {
            std::string note = "found on verification #" + std::to_string(id);
            s << "INSERT INTO pair_marks (dist_box_id, pair_no, state, note, set_by, set_at) VALUES (:b, :p, :st, :n, "
                 ":by, :at)",
                soci::use(box), soci::use(pair), soci::use(found), soci::use(note), soci::use(staff), soci::use(at);
          }
        }
      }
      kpi_verification_written(db_, s, at, area, staff, checked, matched);  // record accuracy's rollup
      write_audit(s, a, {"dist_box.verify", "dist_box", b.id, b.code, b.area_id, "",
                         "{\"verification\":" + std::to_string(id) + ",\"checked\":" + std::to_string(checked) +
                             ",\"matched\":" + std::to_string(matched) + ",\"mismatched\":" +
                             std::to_string(mismatched) + ",\"corrected\":" + std::to_string(corrected) + "}"});
    });
  }

  std::vector<Verification> verifications(const std::vector<Id>& box_ids) override {
    std::vector<Verification> out;
    if (box_ids.empty()) return out;
    db_.with([&](soci::session& s) {
      // In chunks: the id list is formatted as integers, never text from a request.
      for (std::size_t from = 0; from < box_ids.size(); from += 1000) {
        std::string in;
        for (std::size_t i = from; i < box_ids.size() && i < from + 1000; ++i)
          in += (in.empty() ? "" : ",") + std::to_string(box_ids[i]);
        Verification v;
        long long id, box, area, staff, at;
        int checked, matched, mismatched, corrected;
        soci::statement st = (s.prepare << "SELECT id, dist_box_id, area_id, staff_id, at, checked, matched, mismatched, "
                                           "corrected FROM verifications WHERE dist_box_id IN (" + in + ") ORDER BY at, id",
                              soci::into(id), soci::into(box), soci::into(area), soci::into(staff), soci::into(at),
                              soci::into(checked), soci::into(matched), soci::into(mismatched), soci::into(corrected));
        st.execute();
        while (st.fetch()) {
          v.id = id;
          v.dist_box_id = box;
          v.area_id = area;
          v.staff_id = staff;
          v.at = at;
          v.checked = checked;
          v.matched = matched;
          v.mismatched = mismatched;
          v.corrected = corrected;
          out.push_back(v);
        }
      }
    });
    std::sort(out.begin(), out.end(), [](const Verification& a, const Verification& b) { return a.at < b.at; });
    return out;
  }

 private:
  std::vector<Service> read_services(soci::session& s, const std::string& where, Id arg) {
    std::vector<Service> out;
    Service v;
    long long id, cust, acct, box, parent, start, fee, net, ver, created, updated, a = arg;
    int speed, pair;
    std::string kind, status;
    soci::statement st =
        (s.prepare << std::string("SELECT ") + kServiceCols + " FROM services " + where, soci::use(a), soci::into(id),
         soci::into(v.code), soci::into(cust), soci::into(acct), soci::into(kind), soci::into(v.number),
         soci::into(speed), soci::into(box), soci::into(pair), soci::into(parent), soci::into(status), soci::into(start),
         soci::into(fee), soci::into(net), soci::into(ver), soci::into(created), soci::into(updated));
    st.execute();
    while (st.fetch()) {
      v.id = id;
      v.customer_id = cust;
      v.account_id = acct;
      v.kind = parse_service_kind(kind).value_or(ServiceKind::other);
      v.speed_mbps = speed;
      v.dist_box_id = box;
      v.pair_no = pair;
      v.parent_service_id = parent;
      v.status = parse_service_status(status).value_or(ServiceStatus::active);
      v.start_date = start;
      v.monthly_fee_fen = fee;
      v.network_id = net;
      v.version = ver;
      v.created_at = created;
      v.updated_at = updated;
      out.push_back(v);
    }
    return out;
  }

  std::vector<DistBox> read_dist_boxes(soci::session& s, const std::string& where, Id a1, Id a2) {
    std::vector<DistBox> out;
    DistBox b;
    long long id, cross, area, net, ver, created, updated, x1 = a1, x2 = a2;
    int lat, lng, cap;
    std::string mount, status;
    soci::details::prepare_temp_type p =
        (s.prepare << std::string("SELECT ") + kDistBoxCols + " FROM dist_boxes " + where, soci::into(id),
         soci::into(b.code), soci::into(cross), soci::into(area), soci::into(net), soci::into(lat), soci::into(lng),
         soci::into(mount), soci::into(b.address), soci::into(cap), soci::into(status), soci::into(ver),
         soci::into(created), soci::into(updated), soci::use(x1));
    if (where.find(":x") != std::string::npos && where.find(":a") != std::string::npos) p, soci::use(x2);
    soci::statement st(p);
    st.execute();
    while (st.fetch()) {
      b.id = id;
      b.cross_box_id = cross;
      b.area_id = area;
      b.network_id = net;
      b.lat_e6 = lat;
      b.lng_e6 = lng;
      b.mount = parse_mount(mount).value_or(Mount::building);
      b.capacity = cap;
      b.active = status == "active";
      b.version = ver;
      b.created_at = created;
      b.updated_at = updated;
      out.push_back(b);
    }
    return out;
  }

  template <class... Args>
  std::vector<CrossBox> read_cross_boxes(soci::session& s, const std::string& where, Args... args) {
    std::vector<CrossBox> out;
    CrossBox b;
    long long id, net, area, ver, created, updated;
    int lat, lng, pp, dp;
    std::string status;
    long long vals[] = {static_cast<long long>(args)...};
    soci::details::prepare_temp_type p =
        (s.prepare << std::string("SELECT ") + kCrossBoxCols + " FROM cross_boxes " + where, soci::into(id),
         soci::into(b.code), soci::into(b.name), soci::into(net), soci::into(area), soci::into(lat), soci::into(lng),
         soci::into(b.address), soci::into(pp), soci::into(dp), soci::into(status), soci::into(ver),
         soci::into(created), soci::into(updated));
    for (auto& v : vals) p, soci::use(v);
    soci::statement st(p);
    st.execute();
    while (st.fetch()) {
      b.id = id;
      b.network_id = net;
      b.area_id = area;
      b.lat_e6 = lat;
      b.lng_e6 = lng;
      b.primary_pairs = pp;
      b.distribution_pairs = dp;
      b.active = status == "active";
      b.version = ver;
      b.created_at = created;
      b.updated_at = updated;
      out.push_back(b);
    }
    return out;
  }

  // This session's prepared statements. Pooled sessions live as long as the Database, which
  // outlives this repository; the caller holds the session's lease, so only it uses them.
  Prepared& prepared(soci::session& s) {
    std::lock_guard lk(prepared_mu_);
    auto& slot = prepared_[&s];
    if (!slot) slot = std::make_unique<Prepared>();
    return *slot;
  }

  void forget_prepared(soci::session& s) {
    std::lock_guard lk(prepared_mu_);
    prepared_.erase(&s);
  }

  Database& db_;
  std::mutex prepared_mu_;
  std::unordered_map<soci::session*, std::unique_ptr<Prepared>> prepared_;
};

}  // namespace

std::unique_ptr<plant::PlantRepository> make_plant_repository(Database& db) {
  return std::make_unique<SqlPlantRepository>(db);
}

}  // namespace bc::store
