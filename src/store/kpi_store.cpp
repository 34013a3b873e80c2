// KPI rollups on SQLite and PostgreSQL: the same SQL on both (ON CONFLICT upserts, integer
// division); every value written is an integer we format ourselves, never text from a request.
#include "store/kpi_store.hpp"

#include <soci/soci.h>

#include <algorithm>
#include <chrono>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "domain/org/repository.hpp"

namespace bc::store {
void write_audit(soci::session& s, const auth::Actor& actor, const org::AuditRecord& r);  // org_store.cpp

namespace {
using kpi::Counters;
using kpi::kCounterCount;
using kpi::operator+=;

TimeZone g_zone;  // Asia/Shanghai unless set at start

std::string counter_list(const char* prefix = "") {
  std::string out;
  for (int i = 0; i < kCounterCount; ++i) out += (i ? ", " : "") + std::string(prefix) + std::string(kpi::column_name(i));
  return out;
}

std::string sums() {
  std::string out;
  for (int i = 0; i < kCounterCount; ++i) {
    const std::string c(kpi::column_name(i));
    out += (i ? ", " : "") + std::string("CAST(COALESCE(SUM(") + c + "), 0) AS BIGINT)";
  }
  return out;
}

std::string values_of(int period, const kpi::Key& k, const Counters& c) {
  std::string v = "(" + std::to_string(period) + ", " + std::to_string(k.network_id) + ", " +
                  std::to_string(k.office_id) + ", " + std::to_string(k.community_id) + ", " +
                  std::to_string(k.area_id) + ", " + std::to_string(k.manager_id);
  for (auto x : c) v += ", " + std::to_string(x);
  return v + ")";
}

std::string insert_head(const char* table, const char* period) {
  return std::string("INSERT INTO ") + table + " (" + period +
         ", network_id, office_id, community_id, area_id, manager_id, " + counter_list() + ") VALUES ";
}

std::string add_on_conflict(const char* table, const char* key) {
  std::string sql = std::string(" ON CONFLICT (") + key + ") DO UPDATE SET ";
  for (int i = 0; i < kCounterCount; ++i) {
    const std::string col(kpi::column_name(i));
    sql += (i ? ", " : "") + col + " = " + table + "." + col + " + excluded." + col;
  }
  return sql;
}

// The three upserts of a delta (its day's row, its month's row, its community's month row),
// prepared once per pooled connection (Database::kept) with the key and counters bound here.
struct KeptRollupStatements {
  long long period = 0, network = 0, office = 0, community = 0, area = 0, manager = 0;
  Counters c{};
  soci::statement daily, monthly, community_monthly;

  explicit KeptRollupStatements(soci::session& s)
      : daily(prepare(s, "kpi_daily", "day", true)), monthly(prepare(s, "kpi_monthly", "month", true)),
        community_monthly(prepare(s, "kpi_community_monthly", "month", false)) {}

  void run(const Database& db, soci::statement& st) {
    Finishing done(db, st);
    st.execute(true);
  }

 private:
  soci::statement prepare(soci::session& s, const char* table, const char* period_col, bool per_area) {
    std::string sql = std::string("INSERT INTO ") + table + " (" + period_col + ", network_id, office_id, community_id" +
                      (per_area ? ", area_id, manager_id, " : ", ") + counter_list() + ") VALUES (:p, :n, :o, :c" +
                      (per_area ? ", :a, :m" : "");
    for (int i = 0; i < kCounterCount; ++i) sql += ", :x" + std::to_string(i);
    sql += ")" + add_on_conflict(table, (std::string(period_col) + (per_area ? ", community_id, area_id, manager_id"
                                                                             : ", community_id")).c_str());
    auto p = (s.prepare << sql);
    p, soci::use(period), soci::use(network), soci::use(office), soci::use(community);
    if (per_area) p, soci::use(area), soci::use(manager);
    for (auto& v : c) p, soci::use(v);
    return soci::statement(p);
  }
};

// Adds each delta to its day's and month's row and to its community's month row: table by table,
// each in key order, so concurrent writers (several instances on PostgreSQL) take the rows' locks in
// one global order and cannot deadlock on them.
void add(Database& db, soci::session& s, std::vector<kpi::Delta> ds) {
  if (ds.empty()) return;
  std::sort(ds.begin(), ds.end(), [](const kpi::Delta& a, const kpi::Delta& b) {
    return std::tie(a.key.day, a.key.community_id, a.key.area_id, a.key.manager_id) <
           std::tie(b.key.day, b.key.community_id, b.key.area_id, b.key.manager_id);
  });
  auto& k = db.kept<KeptRollupStatements>(s);
  auto set = [&](const kpi::Delta& d, long long period) {
    k.period = period, k.network = d.key.network_id, k.office = d.key.office_id, k.community = d.key.community_id;
    k.area = d.key.area_id, k.manager = d.key.manager_id, k.c = d.c;
  };
  for (const auto& d : ds) set(d, d.key.day), k.run(db, k.daily);
  for (const auto& d : ds) set(d, d.key.day / 100), k.run(db, k.monthly);
  for (const auto& d : ds) set(d, d.key.day / 100), k.run(db, k.community_monthly);
}

int reopens_of(soci::session& s, orders::Id order_id) {
  int n = 0;
  long long id = order_id;
  s << "SELECT reopens FROM kpi_order_reopens WHERE order_id = :o", soci::use(id), soci::into(n);
  return s.got_data() ? n : 0;
}

const char* column_of(kpi::Level l) {
  switch (l) {
    case kpi::Level::province: return nullptr;
    case kpi::Level::network: return "network_id";
    case kpi::Level::office: return "office_id";
    case kpi::Level::community: return "community_id";
    case kpi::Level::area: return "area_id";
    case kpi::Level::manager: return "manager_id";
  }
  return nullptr;
}

// Month ranges at community level and above read the per-community rows; the rest the area rows.
const char* table_of(const kpi::Scope& sc, const kpi::Range& r, std::optional<kpi::Level> group = std::nullopt) {
  if (!r.months) return "kpi_daily";
  auto coarse = [](kpi::Level l) {
    return l == kpi::Level::province || l == kpi::Level::network || l == kpi::Level::office || l == kpi::Level::community;
  };
  return coarse(sc.level) && !sc.manager && (!group || coarse(*group)) ? "kpi_community_monthly" : "kpi_monthly";
}

std::string where_of(const kpi::Scope& sc, const kpi::Range& r) {
  const char* period = r.months ? "month" : "day";
  std::string w = std::string(" WHERE ") + period + " BETWEEN " + std::to_string(r.from) + " AND " + std::to_string(r.to);
  if (const char* col = column_of(sc.level)) w += std::string(" AND ") + col + " = " + std::to_string(sc.id);
  if (sc.manager) w += " AND manager_id = " + std::to_string(sc.manager);
  return w;
}

class SqlKpiRepository final : public kpi::KpiRepository, public kpi::ScorecardRepository {
 public:
  explicit SqlKpiRepository(Database& db) : db_(db) {}

  std::vector<kpi::Scorecard> scorecards() override {
    return db_.with([&](soci::session& s) {
      std::vector<kpi::Scorecard> out;
      std::string role, weights;
      int ceiling = 0, version = 0;
      long long by = 0, at = 0;
      soci::statement st = (s.prepare << "SELECT role, weights, complaint_ceiling, version, updated_by, updated_at FROM "
                                         "kpi_scorecards ORDER BY role",
                            soci::into(role), soci::into(weights), soci::into(ceiling), soci::into(version),
                            soci::into(by), soci::into(at));
      st.execute();
      while (st.fetch()) {
        auto r = org::parse_role(role);
        if (!r) continue;
        kpi::Scorecard c;
        c.role = *r;
        c.weights = kpi::parse_weights(weights);
        c.complaint_ceiling = ceiling;
        c.version = version;
        c.updated_by = by;
        c.updated_at = at;
        out.push_back(std::move(c));
      }
      return out;
    });
  }

  bool put_scorecard(const kpi::Scorecard& c, const auth::Actor& a, kpi::Id scope_unit, const std::string& before_json,
                     const std::string& after_json) override {
    bool done = false;
    db_.write_if([&](soci::session& s) {
      std::string role(org::to_string(c.role)), weights = kpi::weights_text(c.weights);
      int ceiling = c.complaint_ceiling, version = static_cast<int>(c.version), old = version - 1;
      long long by = c.updated_by, at = c.updated_at;
      if (old == 0) {
        int exists = 0;
        s << "SELECT count(*) FROM kpi_scorecards WHERE role = :r", soci::use(role), soci::into(exists);
        if (exists) return false;
        s << "INSERT INTO kpi_scorecards (role, weights, complaint_ceiling, version, updated_by, updated_at) VALUES "
             "(:r, :w, :c, :v, :by, :at)",
            soci::use(role), soci::use(weights), soci::use(ceiling), soci::use(version), soci::use(by), soci::use(at);
      } else {
        soci::statement st = (s.prepare << "UPDATE kpi_scorecards SET weights = :w, complaint_ceiling = :c, version = :v, "
                                           "updated_by = :by, updated_at = :at WHERE role = :r AND version = :old",
                              soci::use(weights), soci::use(ceiling), soci::use(version), soci::use(by), soci::use(at),
                              soci::use(role), soci::use(old));
        st.execute(true);
        if (st.get_affected_rows() != 1) return false;
      }
      write_audit(s, a, {"scorecard.update", "scorecard", 0, role, scope_unit, before_json, after_json});
      done = true;
      return true;
    });
    return done;
  }

  Counters sum(const kpi::Scope& sc, const kpi::Range& r) override {
    return db_.with([&](soci::session& s) {
      Counters c{};
      auto p = (s.prepare << "SELECT " + sums() + " FROM " + table_of(sc, r) + where_of(sc, r));
      for (auto& v : c) p, soci::into(v);
      soci::statement st(p);
      st.execute(true);
      return c;
    });
  }

  std::vector<std::pair<kpi::Id, Counters>> sum_by(kpi::Level group, const kpi::Scope& sc, const kpi::Range& r) override {
    const std::string col = column_of(group) ? column_of(group) : "0";
    return db_.with([&](soci::session& s) {
      std::vector<std::pair<kpi::Id, Counters>> out;
      long long id = 0;
      Counters c{};
      auto p = (s.prepare << "SELECT " + col + ", " + sums() + " FROM " + table_of(sc, r, group) + where_of(sc, r) +
                                 " GROUP BY " + col + " ORDER BY " + col);
      p, soci::into(id);
      for (auto& v : c) p, soci::into(v);
      soci::statement st(p);
      st.execute();
      while (st.fetch()) out.emplace_back(id, c);
      return out;
    });
  }

  std::vector<std::pair<int, Counters>> monthly(const kpi::Scope& sc, int from_month, int to_month) override {
    return db_.with([&](soci::session& s) {
      std::vector<std::pair<int, Counters>> out;
      int month = 0;
      Counters c{};
      const kpi::Range r{from_month, to_month, true};
      auto p = (s.prepare << "SELECT month, " + sums() + " FROM " + table_of(sc, r) + where_of(sc, r) +
                                 " GROUP BY month ORDER BY month");
      p, soci::into(month);
      for (auto& v : c) p, soci::into(v);
      soci::statement st(p);
      st.execute();
      while (st.fetch()) out.emplace_back(month, c);
      return out;
    });
  }

  std::unordered_map<kpi::Id, kpi::Base> area_bases() override {
    return db_.with([&](soci::session& s) {
      std::unordered_map<kpi::Id, kpi::Base> out;
      long long area = 0, lines = 0, subs = 0, at = 0;
      soci::statement st = (s.prepare << "SELECT area_id, lines, subscribers, counted_at FROM kpi_area_base",
                            soci::into(area), soci::into(lines), soci::into(subs), soci::into(at));
      st.execute();
      while (st.fetch()) out[area] = kpi::Base{lines, subs, at};
      return out;
    });
  }

 private:
  Database& db_;
};

// Writes accumulated rows in multi-row statements (one round trip per 500 rows on PostgreSQL).
void insert_rows(soci::session& s, const char* table, const char* period,
                 const std::unordered_map<kpi::Key, Counters, kpi::KeyHash>& rows) {
  std::string sql;
  int n = 0;
  auto flush = [&] {
    if (n) s << sql;
    sql.clear();
    n = 0;
  };
  // In key order: the primary key's pages fill in sequence.
  std::vector<const std::pair<const kpi::Key, Counters>*> sorted;
  sorted.reserve(rows.size());
  for (const auto& kv : rows) sorted.push_back(&kv);
  std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) {
    return std::tie(a->first.day, a->first.community_id, a->first.area_id, a->first.manager_id) <
           std::tie(b->first.day, b->first.community_id, b->first.area_id, b->first.manager_id);
  });
  for (const auto* kv : sorted) {
    const auto& [k, c] = *kv;
    if (kpi::is_zero(c)) continue;
    sql += (n ? ", " : insert_head(table, period)) + values_of(k.day, k, c);
    if (++n == 500) flush();
  }
  flush();
}

}  // namespace

void set_kpi_zone(const TimeZone& tz) { g_zone = tz; }
const TimeZone& kpi_zone() { return g_zone; }

void kpi_order_written(Database& db, soci::session& s, const orders::Order* before, const orders::Order& after) {
  // Only faults' figures depend on reopenings (first-time fix): other types look only when reopened.
  const bool reopen = before && kpi::is_reopen(*before, after);
  int reopens_before = before && (reopen || after.type == orders::OrderType::fault) ? reopens_of(s, after.id) : 0;
  int reopens_after = reopens_before;
  if (reopen) {
    reopens_after = reopens_before + 1;
    long long id = after.id;
    if (reopens_before == 0)
      s << "INSERT INTO kpi_order_reopens (order_id, reopens) VALUES (:o, 1)", soci::use(id);
    else
      s << "UPDATE kpi_order_reopens SET reopens = reopens + 1 WHERE order_id = :o", soci::use(id);
  }
  add(db, s, kpi::delta(before, reopens_before, after, reopens_after, g_zone));
}

void kpi_verification_written(Database& db, soci::session& s, Millis at, orders::Id area_id, orders::Id staff_id,
                              std::int64_t checked, std::int64_t matched) {
  long long area = area_id, community = 0, office = 0, network = 0;
  s << "SELECT c.id, o.id, ce.parent_id FROM units a JOIN units c ON c.id = a.parent_id JOIN units o ON o.id = "
       "c.parent_id JOIN units ce ON ce.id = o.parent_id WHERE a.id = :a",
      soci::use(area), soci::into(community), soci::into(office), soci::into(network);
  add(db, s, {kpi::verification(at, network, office, community, area_id, staff_id, checked, matched, g_zone)});
}

namespace {
// Denominators: active lines and their subscribers per area, through the boxes.
struct AreaBase {
  long long area = 0, community = 0, office = 0, network = 0, lines = 0, subscribers = 0;
};
std::vector<AreaBase> count_bases(soci::session& s) {
  std::vector<AreaBase> out;
  AreaBase r;
  soci::statement st =
      (s.prepare << "SELECT a.id, c.id, o.id, ce.parent_id, x.lines, x.subscribers FROM (SELECT b.area_id AS area_id, "
                    "SUM(CASE WHEN s.kind = 'fixed_line' THEN 1 ELSE 0 END) AS lines, COUNT(DISTINCT s.customer_id) AS "
                    "subscribers FROM services s JOIN dist_boxes b ON b.id = s.dist_box_id WHERE s.status = 'active' "
                    "GROUP BY b.area_id) x JOIN units a ON a.id = x.area_id JOIN units c ON c.id = a.parent_id JOIN "
                    "units o ON o.id = c.parent_id JOIN units ce ON ce.id = o.parent_id",
       soci::into(r.area), soci::into(r.community), soci::into(r.office), soci::into(r.network), soci::into(r.lines),
       soci::into(r.subscribers));
  st.execute();
  while (st.fetch()) out.push_back(r);
  return out;
}
// Replaces kpi_area_base with `rows` (a few thousand areas: multi-row statements of 500).
void store_bases(soci::session& s, const std::vector<AreaBase>& rows) {
  const std::string now = std::to_string(now_ms());
  s << "DELETE FROM kpi_area_base";
  std::string sql;
  int n = 0;
  for (const auto& r : rows) {
    sql += (n ? ", (" : "INSERT INTO kpi_area_base (area_id, community_id, office_id, network_id, lines, subscribers, "
                        "counted_at) VALUES (") +
           std::to_string(r.area) + ", " + std::to_string(r.community) + ", " + std::to_string(r.office) + ", " +
           std::to_string(r.network) + ", " + std::to_string(r.lines) + ", " + std::to_string(r.subscribers) + ", " +
           now + ")";
    if (++n == 500) s << sql, sql.clear(), n = 0;
  }
  if (n) s << sql;
}
}  // namespace

Millis kpi_bases_counted_at(Database& db) {
  return db.with([](soci::session& s) {
    long long at = 0;
    soci::indicator ind = soci::i_ok;
    s << "SELECT MIN(counted_at) FROM kpi_area_base", soci::into(at, ind);
    return ind == soci::i_ok ? static_cast<Millis>(at) : Millis{0};
  });
}

void recount_kpi_bases(Database& db) {
  // Counted on a reader (seconds at province size) so the writers wait only for the few thousand rows.
  const auto rows = db.with([](soci::session& s) { return count_bases(s); });
  db.write([&](soci::session& s) { store_bases(s, rows); });
}

RebuildStats rebuild_kpis(Database& db, std::optional<int> from_day, std::optional<int> to_day) {
  const auto t0 = std::chrono::steady_clock::now();
  const int from = from_day.value_or(0), to = to_day.value_or(99991231);
  RebuildStats stats;
  db.write([&](soci::session& s) {
    // How often each order went from done back to work.
    std::unordered_map<orders::Id, int> reopens;
    {
      long long order = 0, n = 0;
      soci::statement st = (s.prepare << "SELECT order_id, count(*) FROM order_events WHERE to_state = 'reopened' AND "
                                         "from_state IN ('resolved', 'confirmed', 'closed') GROUP BY order_id",
                            soci::into(order), soci::into(n));
      st.execute();
      while (st.fetch()) {
        reopens[order] = static_cast<int>(n);
        stats.events += n;
      }
    }
    std::unordered_map<kpi::Key, Counters, kpi::KeyHash> rows;
    auto keep = [&](const kpi::Delta& d) {
      if (d.key.day < from || d.key.day > to) return;
      rows[d.key] += d.c;
    };
    {
      orders::Order o;
      long long id = 0, network = 0, office = 0, community = 0, area = 0, assignee = 0, created = 0, resolved = 0,
                legal = 0, commit = 0, repeat = 0;
      int satisfaction = 0;
      std::string type, state, cause;
      // An order contributes only on or after the day it was taken.
      const long long created_before = to_day ? kpi::day_start(*to_day, g_zone) + 86'400'000 : 0;
      soci::statement st =
          (s.prepare << "SELECT id, type, state, network_id, office_id, community_id, COALESCE(area_id, 0), "
                        "COALESCE(assignee_id, 0), created_at, resolved_at, legal_due_at, commit_due_at, "
                        "COALESCE(cause, ''), COALESCE(repeat_of, 0), satisfaction FROM work_orders" +
                            (created_before ? " WHERE created_at < " + std::to_string(created_before) : std::string()),
           soci::into(id), soci::into(type), soci::into(state), soci::into(network), soci::into(office),
           soci::into(community), soci::into(area), soci::into(assignee), soci::into(created), soci::into(resolved),
           soci::into(legal), soci::into(commit), soci::into(cause), soci::into(repeat), soci::into(satisfaction));
      st.execute();
      while (st.fetch()) {
        ++stats.orders;
        o.id = id;
        o.type = orders::parse_order_type(type).value_or(orders::OrderType::other);
        o.state = orders::parse_state(state).value_or(orders::State::created);
        o.routing.network_id = network;
        o.routing.office_id = office;
        o.routing.community_id = community;
        o.routing.area_id = area;
        o.routing.assignee_id = assignee;
        o.created_at = created;
        o.resolved_at = resolved;
        o.legal_due_at = legal;
        o.commit_due_at = commit;
        o.cause = cause.empty() ? std::nullopt : orders::parse_fault_cause(cause);
        o.repeat_of = repeat;
        o.satisfaction = satisfaction;
        auto r = reopens.find(id);
        for (const auto& d : kpi::contributions(o, r == reopens.end() ? 0 : r->second, g_zone)) keep(d);
      }
    }
    {
      long long at = 0, area = 0, staff = 0, community = 0, office = 0, network = 0, checked = 0, matched = 0;
      soci::statement st =
          (s.prepare << "SELECT v.at, v.area_id, v.staff_id, v.checked, v.matched, c.id, o.id, ce.parent_id "
                        "FROM verifications v JOIN units a ON a.id = v.area_id JOIN units c ON c.id = a.parent_id "
                        "JOIN units o ON o.id = c.parent_id JOIN units ce ON ce.id = o.parent_id",
           soci::into(at), soci::into(area), soci::into(staff), soci::into(checked), soci::into(matched),
           soci::into(community), soci::into(office), soci::into(network));
      st.execute();
      while (st.fetch()) {
        ++stats.verifications;
        keep(kpi::verification(at, network, office, community, area, staff, checked, matched, g_zone));
      }
    }
    const std::string days = " WHERE day BETWEEN " + std::to_string(from) + " AND " + std::to_string(to);
    s << "DELETE FROM kpi_daily" + days;
    insert_rows(s, "kpi_daily", "day", rows);
    stats.rows = static_cast<std::int64_t>(rows.size());
    // The months touched, whole, from the daily rows.
    const std::string months = " BETWEEN " + std::to_string(from / 100) + " AND " + std::to_string(to / 100);
    s << "DELETE FROM kpi_monthly WHERE month" + months;
    std::string sums_of;
    for (int i = 0; i < kCounterCount; ++i) sums_of += std::string(", SUM(") + std::string(kpi::column_name(i)) + ")";
    s << "INSERT INTO kpi_monthly (month, network_id, office_id, community_id, area_id, manager_id, " + counter_list() +
             ") SELECT day / 100, MAX(network_id), MAX(office_id), community_id, area_id, manager_id" + sums_of +
             " FROM kpi_daily WHERE day / 100" + months + " GROUP BY day / 100, community_id, area_id, manager_id";
    s << "DELETE FROM kpi_community_monthly WHERE month" + months;
    s << "INSERT INTO kpi_community_monthly (month, network_id, office_id, community_id, " + counter_list() +
             ") SELECT month, MAX(network_id), MAX(office_id), community_id" + sums_of + " FROM kpi_monthly WHERE month" +
             months + " GROUP BY month, community_id";
    s << "DELETE FROM kpi_order_reopens";
    {
      std::string sql;
      int n = 0;
      for (const auto& [order, count] : reopens) {
        sql += (n ? ", (" : "INSERT INTO kpi_order_reopens (order_id, reopens) VALUES (") + std::to_string(order) +
               ", " + std::to_string(count) + ")";
        if (++n == 500) s << sql, sql.clear(), n = 0;
      }
      if (n) s << sql;
    }
    store_bases(s, count_bases(s));
  });
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return stats;
}

std::unique_ptr<kpi::KpiRepository> make_kpi_repository(Database& db) { return std::make_unique<SqlKpiRepository>(db); }
std::unique_ptr<kpi::ScorecardRepository> make_scorecard_repository(Database& db) {
  return std::make_unique<SqlKpiRepository>(db);
}

}  // namespace bc::store
