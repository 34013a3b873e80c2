// Revenue rollups and targets on SQL (docs/revenue.md). The rollups are written by the billing
// import (plant_import.cpp, kind revenue); this file reads them and keeps the targets, whose every
// version is kept in revenue_target_versions beside the audit entry.
#include <soci/soci.h>

#include "database.hpp"
#include "domain/auth/access.hpp"
#include "domain/org/repository.hpp"
#include "revenue_store.hpp"

namespace bc::store {

void write_audit(soci::session& s, const auth::Actor& actor, const org::AuditRecord& r);

namespace {
using namespace bc::revenue;

std::string target_json(const Target& t) {
  return "{\"unitId\":" + std::to_string(t.unit_id) + ",\"month\":\"" + format_month(t.month) +
         "\",\"amountFen\":" + std::to_string(t.amount_fen) + ",\"version\":" + std::to_string(t.version) + "}";
}

class SqlRevenueRepository final : public Repository {
 public:
  explicit SqlRevenueRepository(Database& db) : db_(db) {}

  std::vector<UnitMonth> unit_months(Month from, Month to) override {
    std::vector<UnitMonth> out;
    db_.with([&](soci::session& s) {
      long long unit = 0, amount = 0, services = 0;
      int month = 0, f = from, t = to;
      soci::statement st = (s.prepare << "SELECT unit_id, month, amount_fen, services FROM revenue_area_month "
                                         "WHERE month BETWEEN :f AND :t AND (amount_fen <> 0 OR services <> 0)",
                            soci::use(f), soci::use(t), soci::into(unit), soci::into(month), soci::into(amount),
                            soci::into(services));
      st.execute();
      while (st.fetch()) out.push_back({unit, month, amount, services});
    });
    return out;
  }

  std::vector<SellerMonth> sellers(Month m) override {
    std::vector<SellerMonth> out;
    db_.with([&](soci::session& s) {
      long long staff = 0, amount = 0, services = 0;
      int month = m;
      soci::statement st = (s.prepare << "SELECT staff_id, amount_fen, services FROM revenue_seller_month "
                                         "WHERE month = :m AND services > 0",
                            soci::use(month), soci::into(staff), soci::into(amount), soci::into(services));
      st.execute();
      while (st.fetch()) out.push_back({staff, m, amount, services});
    });
    return out;
  }

  std::vector<Target> targets(Month from, Month to) override {
    std::vector<Target> out;
    db_.with([&](soci::session& s) {
      Target t;
      long long unit = 0, amount = 0, by = 0, at = 0, version = 0;
      int month = 0, f = from, tt = to;
      soci::statement st = (s.prepare << "SELECT unit_id, month, amount_fen, version, updated_by, updated_at "
                                         "FROM revenue_targets WHERE month BETWEEN :f AND :t",
                            soci::use(f), soci::use(tt), soci::into(unit), soci::into(month), soci::into(amount),
                            soci::into(version), soci::into(by), soci::into(at));
      st.execute();
      while (st.fetch()) out.push_back({unit, month, amount, version, by, at});
    });
    return out;
  }

  std::optional<Target> target(Id unit_id, Month m) override {
    return db_.with([&](soci::session& s) { return read(s, unit_id, m); });
  }

  Result<Target> put_target(const Target& t, std::int64_t expected, const auth::Actor& actor,
                            const std::string& unit_code) override {
    Result<Target> result = Error(Errc::internal, "not run");
    db_.write_if([&](soci::session& s) {
      const auto before = read(s, t.unit_id, t.month);
      const std::int64_t current = before ? before->version : 0;
      if (current != expected) {
        Error e = stale(current);
        if (before) e.current_json = target_json(*before);
        result = e;
        return false;
      }
      Target next = t;
      next.version = current + 1;
      next.updated_at = now_ms();
      long long unit = next.unit_id, amount = next.amount_fen, version = next.version, by = next.updated_by,
                at = next.updated_at;
      int month = next.month;
      if (before)
        s << "UPDATE revenue_targets SET amount_fen = :a, version = :v, updated_by = :b, updated_at = :at "
             "WHERE unit_id = :u AND month = :m",
            soci::use(amount), soci::use(version), soci::use(by), soci::use(at), soci::use(unit), soci::use(month);
      else
        s << "INSERT INTO revenue_targets (unit_id, month, amount_fen, version, updated_by, updated_at) "
             "VALUES (:u, :m, :a, :v, :b, :at)",
            soci::use(unit), soci::use(month), soci::use(amount), soci::use(version), soci::use(by), soci::use(at);
      s << "INSERT INTO revenue_target_versions (unit_id, month, version, amount_fen, set_by, set_at) "
           "VALUES (:u, :m, :v, :a, :b, :at)",
          soci::use(unit), soci::use(month), soci::use(version), soci::use(amount), soci::use(by), soci::use(at);
      write_audit(s, actor,
                  {before ? "revenue_target.update" : "revenue_target.create", "revenue_target", next.unit_id,
                   unit_code + "/" + format_month(next.month), next.unit_id, before ? target_json(*before) : "",
                   target_json(next)});
      result = next;
      return true;
    });
    return result;
  }

 private:
  static std::optional<Target> read(soci::session& s, Id unit_id, Month m) {
    long long unit = unit_id, amount = 0, by = 0, at = 0, version = 0;
    int month = m;
    s << "SELECT amount_fen, version, updated_by, updated_at FROM revenue_targets WHERE unit_id = :u AND month = :m",
        soci::use(unit), soci::use(month), soci::into(amount), soci::into(version), soci::into(by), soci::into(at);
    if (!s.got_data()) return std::nullopt;
    return Target{unit_id, m, amount, version, by, at};
  }

  Database& db_;
};

}  // namespace

std::int64_t load_demo_billing(Database& db, Id network_id, const std::vector<revenue::DemoMonth>& months) {
  long long rows = 0;
  db.write([&](soci::session& s) {
    // BIGINT month here: on PostgreSQL month * 104729 would overflow an integer.
    s << "CREATE TEMP TABLE IF NOT EXISTS demo_months (month BIGINT, starts_at BIGINT, ends_at BIGINT, "
         "new_from BIGINT, new_to BIGINT)";
    s << "DELETE FROM demo_months";
    for (const auto& m : months) {
      long long month = m.month, a = m.starts_at, b = m.ends_at, f = m.new_sale.from, t = m.new_sale.to;
      s << "INSERT INTO demo_months (month, starts_at, ends_at, new_from, new_to) VALUES (:m, :a, :b, :f, :t)",
          soci::use(month), soci::use(a), soci::use(b), soci::use(f), soci::use(t);
    }
    long long net = network_id, at = now_ms();
    // The same amount as revenue::demo_usage_percent, the same unit and seller as the import.
    s << "INSERT INTO service_revenue (service_id, month, amount_fen, unit_id, seller_id, imported_at) "
         "SELECT x.id, m.month, x.monthly_fee_fen * (90 + (x.id * 7919 + m.month * 104729) % 26) / 100, "
         "COALESCE(b.area_id, pb.area_id, x.network_id), "
         "CASE WHEN x.start_date >= m.new_from AND x.start_date < m.new_to THEN COALESCE(x.seller_id, "
         "(SELECT o.assignee_id FROM work_orders o WHERE o.service_id = x.id AND o.type = 'new_line' AND o.state IN "
         "('resolved', 'confirmed', 'closed') AND o.assignee_id IS NOT NULL ORDER BY o.resolved_at DESC, o.id DESC "
         "LIMIT 1)) END, :at "
         "FROM services x CROSS JOIN demo_months m LEFT JOIN dist_boxes b ON b.id = x.dist_box_id "
         "LEFT JOIN services p ON p.id = x.parent_service_id LEFT JOIN dist_boxes pb ON pb.id = p.dist_box_id "
         "WHERE x.network_id = :net AND x.status = 'active' AND x.monthly_fee_fen > 0 AND x.start_date < m.ends_at "
         "ORDER BY x.id, m.month",
        soci::use(at), soci::use(net);
    s << "INSERT INTO revenue_area_month (unit_id, month, amount_fen, services) SELECT unit_id, month, "
         "SUM(amount_fen), COUNT(*) FROM service_revenue GROUP BY unit_id, month";
    s << "INSERT INTO revenue_seller_month (staff_id, month, amount_fen, services) SELECT seller_id, month, "
         "SUM(amount_fen), COUNT(*) FROM service_revenue WHERE seller_id IS NOT NULL GROUP BY seller_id, month";
    s << "SELECT count(*) FROM service_revenue", soci::into(rows);
    s << "DROP TABLE demo_months";
  });
  return rows;
}

void load_demo_targets(Database& db, const std::vector<revenue::Target>& targets) {
  db.write([&](soci::session& s) {
    long long unit = 0, amount = 0, by = 0, at = 0;
    int month = 0;
    soci::statement t = (s.prepare << "INSERT INTO revenue_targets (unit_id, month, amount_fen, version, updated_by, "
                                      "updated_at) VALUES (:u, :m, :a, 1, :b, :at)",
                         soci::use(unit), soci::use(month), soci::use(amount), soci::use(by), soci::use(at));
    soci::statement v = (s.prepare << "INSERT INTO revenue_target_versions (unit_id, month, version, amount_fen, "
                                      "set_by, set_at) VALUES (:u, :m, 1, :a, :b, :at)",
                         soci::use(unit), soci::use(month), soci::use(amount), soci::use(by), soci::use(at));
    for (const auto& x : targets) {
      unit = x.unit_id;
      month = x.month;
      amount = x.amount_fen;
      by = x.updated_by;
      at = x.updated_at;
      t.execute(true);
      v.execute(true);
    }
  });
}

std::unique_ptr<revenue::Repository> make_revenue_repository(Database& db) {
  return std::make_unique<SqlRevenueRepository>(db);
}

}  // namespace bc::store
