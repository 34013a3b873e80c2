// Pay on SQLite and PostgreSQL: the same SQL on both; a run's lines go in by prepared statement on
// SQLite and by COPY on PostgreSQL (one round trip a row would cost seconds at city size).
#include "store/pay_store.hpp"

// soci-sqlite3.h before any <sqlite3.h> (it wraps it in namespace sqlite_api).
#include <soci/soci.h>
#include <soci/postgresql/soci-postgresql.h>

#include <map>
#include <stdexcept>

#include "store/idempotency_store.hpp"

namespace bc::store {
namespace {
using namespace bc::pay;

void insert_audit(soci::session& s, const auth::Actor& actor, Millis at, const org::AuditRecord& r) {
  long long when = at, actor_id = actor.staff_id, object_id = r.object_id, scope = r.scope_unit_id;
  std::string actor_name = actor.name.empty() ? "system" : actor.name;
  s << "INSERT INTO audit_log (at, actor_id, actor_name, action, object_type, object_id, object_code, "
       "scope_unit_id, before_json, after_json) VALUES (:at, :actor, :actor_name, :action, :type, :oid, :code, "
       ":scope, :before, :after)",
      soci::use(when), soci::use(actor_id), soci::use(actor_name), soci::use(r.action), soci::use(r.object_type),
      soci::use(object_id), soci::use(r.object_code), soci::use(scope), soci::use(r.before_json),
      soci::use(r.after_json);
}

std::string order_code(Id id) {
  orders::Order o;
  o.id = id;
  return o.code();
}

// The facts of work as the run reads them: who resolved it first and when (its first `resolve`
// event), and what decides its multipliers and deductions.
constexpr const char* kFacts =
    "o.commit_due_at, o.legal_due_at, o.satisfaction, o.solved, "
    "(SELECT count(*) FROM work_orders f WHERE f.repeat_of = o.id AND f.state <> 'cancelled'), "
    "(SELECT count(*) FROM work_orders c WHERE c.about_order_id = o.id AND c.type = 'complaint' "
    "  AND c.state IN ('resolved', 'confirmed', 'closed')), ";
// The first `resolve` event by the (order_id, id) index, as two scalar subqueries rather than a join:
// PostgreSQL otherwise hashes every event of the month (2.2 s at city size, 0.4 s this way).
const std::string kWorkSelect =
    std::string("SELECT o.id, o.type, o.rural, o.network_id, COALESCE(o.area_id, 0), ") +
    "COALESCE((SELECT e.actor_id FROM order_events e WHERE e.order_id = o.id AND e.action = 'resolve' "
    "ORDER BY e.id LIMIT 1), 0), "
    "COALESCE((SELECT e.at FROM order_events e WHERE e.order_id = o.id AND e.action = 'resolve' "
    "ORDER BY e.id LIMIT 1), 0), " + kFacts +
    "CASE WHEN o.type = 'new_line' AND o.service_id IS NOT NULL THEN "
    "COALESCE((SELECT sv.monthly_fee_fen FROM services sv WHERE sv.id = o.service_id), 0) ELSE 0 END "
    "FROM work_orders o ";
// Work already paid: who resolved it, when, and the commission paid are on its pay line (they never
// change), so neither the timeline nor the service is read again.
const std::string kPaidSelect = std::string("SELECT o.id, o.type, o.rural, o.network_id, COALESCE(o.area_id, 0), ") +
                                "0, 0, " + kFacts + "0 FROM work_orders o ";

struct WorkRow {
  long long id = 0, network = 0, area = 0, actor = 0, at = 0, commit_due = 0, legal_due = 0, repeats = 0,
            complaints = 0, fee = 0;
  int rural = 0, satisfaction = 0, solved = -1;
  std::string type;
  void bind(soci::details::prepare_temp_type& p) {
    p, soci::into(id), soci::into(type), soci::into(rural), soci::into(network), soci::into(area), soci::into(actor),
        soci::into(at), soci::into(commit_due), soci::into(legal_due), soci::into(satisfaction), soci::into(solved),
        soci::into(repeats), soci::into(complaints), soci::into(fee);
  }
  Work work() const {
    Work w;
    w.order_id = id;
    w.order_code = order_code(id);
    w.type = orders::parse_order_type(type).value_or(OrderType::other);
    w.rural = rural != 0;
    w.network_id = network;
    w.area_id = area;
    w.resolver_id = actor;
    w.resolved_at = at;
    w.commit_due_at = commit_due;
    w.legal_due_at = legal_due;
    w.satisfaction = satisfaction;
    w.solved = solved;
    w.repeat_faults = static_cast<std::int32_t>(repeats);
    w.upheld_complaints = static_cast<std::int32_t>(complaints);
    w.new_service_fee_fen = fee;
    return w;
  }
};

constexpr const char* kRunColumns =
    "id, network_id, month, status, rate_version_id, version, computed_by, computed_at, compute_ms, approved_by, "
    "approved_at, lines, managers, total_fen";

struct RunRow {
  long long id = 0, network = 0, rate = 0, version = 0, computed_by = 0, computed_at = 0, compute_ms = 0,
            approved_by = 0, approved_at = 0, lines = 0, managers = 0, total = 0;
  std::string month, status;
  void bind(soci::details::prepare_temp_type& p) {
    p, soci::into(id), soci::into(network), soci::into(month), soci::into(status), soci::into(rate),
        soci::into(version), soci::into(computed_by), soci::into(computed_at), soci::into(compute_ms),
        soci::into(approved_by), soci::into(approved_at), soci::into(lines), soci::into(managers), soci::into(total);
  }
  Run run() const {
    Run r;
    r.id = id;
    r.network_id = network;
    r.month = Month::parse(month).value_or(Month{});
    r.status = status == "approved" ? RunStatus::approved : RunStatus::draft;
    r.rate_version_id = rate;
    r.version = version;
    r.computed_by = computed_by;
    r.computed_at = computed_at;
    r.compute_ms = compute_ms;
    r.approved_by = approved_by;
    r.approved_at = approved_at;
    r.lines = lines;
    r.managers = managers;
    r.total_fen = total;
    return r;
  }
};

std::string join_codes(const std::vector<Part>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ",") + p.code;
  return out;
}

std::vector<std::string> split_codes(const std::string& s) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos <= s.size() && !s.empty()) {
    auto comma = s.find(',', pos);
    if (comma == std::string::npos) comma = s.size();
    out.push_back(s.substr(pos, comma - pos));
    pos = comma + 1;
  }
  return out;
}

// ---- PostgreSQL COPY of a run's lines ----
void copy_text(std::string& buf, std::string_view v) {
  for (char c : v) {
    switch (c) {
      case '\\': buf += "\\\\"; break;
      case '\t': buf += "\\t"; break;
      case '\n': buf += "\\n"; break;
      case '\r': buf += "\\r"; break;
      default: buf += c;
    }
  }
}

void copy_lines(soci::session& s, const std::string& buf) {
  if (buf.empty()) return;
  PGconn* conn = static_cast<soci::postgresql_session_backend*>(s.get_backend())->conn_;
  PGresult* r = PQexec(conn,
                       "COPY pay_lines (run_id, manager_id, order_id, order_code, order_type, rural, kind, resolved_at, "
                       "base_fen, amount_fen, part_codes, parts, adjusts_month) FROM STDIN");
  if (PQresultStatus(r) != PGRES_COPY_IN) {
    std::string msg = PQerrorMessage(conn);
    PQclear(r);
    throw std::runtime_error("COPY pay_lines: " + msg);
  }
  PQclear(r);
  if (PQputCopyData(conn, buf.data(), static_cast<int>(buf.size())) != 1 || PQputCopyEnd(conn, nullptr) != 1)
    throw std::runtime_error(std::string("COPY pay_lines: ") + PQerrorMessage(conn));
  r = PQgetResult(conn);
  const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  std::string msg = PQresultErrorMessage(r);
  PQclear(r);
  while ((r = PQgetResult(conn))) PQclear(r);
  if (!ok) throw std::runtime_error("COPY pay_lines: " + msg);
}

// PostgreSQL compiles these many-row queries with JIT by its cost estimate and spends more time
// compiling (~0.5 s) than it saves; off for the query, back to the server's setting after.
struct NoJit {
  soci::session& s;
  bool on;
  NoJit(soci::session& ss, Dialect d) : s(ss), on(d == Dialect::postgresql) {
    if (on) s << "SET jit = off";
  }
  ~NoJit() {
    if (on) try { s << "RESET jit"; } catch (...) {}
  }
};

class SqlPayRepository final : public PayRepository {
 public:
  explicit SqlPayRepository(Database& db) : db_(db) {}

  std::vector<RateVersion> rate_versions() override {
    return db_.with([&](soci::session& s) {
      std::vector<RateVersion> out;
      std::map<long long, std::size_t> at;
      RateVersion v;
      long long id = 0, ver = 0, wn, wd, sn, sd, nn, nd, cn, cd, comp, breach, mn, md, by = 0, created = 0;
      std::string from;
      soci::statement st =
          (s.prepare << "SELECT id, version, effective_from, within_deadline_num, within_deadline_den, satisfied_num, "
                        "satisfied_den, no_repeat_num, no_repeat_den, callback_num, callback_den, complaint_fen, "
                        "breach_fen, commission_num, commission_den, note, created_by, created_by_name, created_at "
                        "FROM pay_rate_versions ORDER BY version",
           soci::into(id), soci::into(ver), soci::into(from), soci::into(wn), soci::into(wd), soci::into(sn),
           soci::into(sd), soci::into(nn), soci::into(nd), soci::into(cn), soci::into(cd), soci::into(comp),
           soci::into(breach), soci::into(mn), soci::into(md), soci::into(v.note), soci::into(by),
           soci::into(v.created_by_name), soci::into(created));
      st.execute();
      while (st.fetch()) {
        RateVersion r = v;
        r.id = id;
        r.version = ver;
        r.effective_from = Month::parse(from).value_or(Month{});
        r.within_deadline = {wn, wd};
        r.satisfied = {sn, sd};
        r.no_repeat = {nn, nd};
        r.callback_confirmed = {cn, cd};
        r.complaint_deduction_fen = comp;
        r.breach_deduction_fen = breach;
        r.commission = {mn, md};
        r.created_by = by;
        r.created_at = created;
        r.rate_fen = {};
        at[id] = out.size();
        out.push_back(std::move(r));
      }
      long long vid = 0, fen = 0;
      int rural = 0;
      std::string type;
      soci::statement rs = (s.prepare << "SELECT version_id, type, rural, rate_fen FROM pay_rates", soci::into(vid),
                            soci::into(type), soci::into(rural), soci::into(fen));
      rs.execute();
      while (rs.fetch()) {
        auto it = at.find(vid);
        auto t = orders::parse_order_type(type);
        if (it == at.end() || !t) continue;
        out[it->second].rate_fen[static_cast<int>(*t)][rural ? 1 : 0] = fen;
      }
      return out;
    });
  }

  bool insert_rate_version(RateVersion& v, const auth::Actor& a, const org::AuditRecord& audit) override {
    try {
      return db_.write_if([&](soci::session& s) {
        long long newest = 0;
        soci::indicator ind;
        s << "SELECT MAX(version) FROM pay_rate_versions", soci::into(newest, ind);
        if (ind != soci::i_ok) newest = 0;
        if (newest != v.version - 1) return false;
        v.created_at = now_ms();
        long long id = 0, ver = v.version, wn = v.within_deadline.num, wd = v.within_deadline.den,
                  sn = v.satisfied.num, sd = v.satisfied.den, nn = v.no_repeat.num, nd = v.no_repeat.den,
                  cn = v.callback_confirmed.num, cd = v.callback_confirmed.den, comp = v.complaint_deduction_fen,
                  breach = v.breach_deduction_fen, mn = v.commission.num, md = v.commission.den, by = v.created_by,
                  at = v.created_at;
        std::string from = v.effective_from.format();
        s << "INSERT INTO pay_rate_versions (version, effective_from, within_deadline_num, within_deadline_den, "
             "satisfied_num, satisfied_den, no_repeat_num, no_repeat_den, callback_num, callback_den, complaint_fen, "
             "breach_fen, commission_num, commission_den, note, created_by, created_by_name, created_at) VALUES "
             "(:v, :f, :wn, :wd, :sn, :sd, :nn, :nd, :cn, :cd, :comp, :breach, :mn, :md, :note, :by, :byname, :at) "
             "RETURNING id",
            soci::use(ver), soci::use(from), soci::use(wn), soci::use(wd), soci::use(sn), soci::use(sd),
            soci::use(nn), soci::use(nd), soci::use(cn), soci::use(cd), soci::use(comp), soci::use(breach),
            soci::use(mn), soci::use(md), soci::use(v.note), soci::use(by), soci::use(v.created_by_name),
            soci::use(at), soci::into(id);
        v.id = id;
        long long fen = 0;
        int rural = 0;
        std::string type;
        soci::statement ins = (s.prepare << "INSERT INTO pay_rates (version_id, type, rural, rate_fen) VALUES "
                                            "(:v, :t, :r, :f)",
                               soci::use(id), soci::use(type), soci::use(rural), soci::use(fen));
        for (int t = 0; t < kTypes; ++t)
          for (rural = 0; rural < 2; ++rural) {
            type = std::string(orders::kOrderTypeLabels[t].value);
            fen = v.rate_fen[t][rural];
            ins.execute(true);
          }
        org::AuditRecord rec = audit;
        rec.object_id = id;
        insert_audit(s, a, at, rec);
        return true;
      });
    } catch (const std::exception& e) {
      if (Database::is_unique_violation(e)) return false;
      throw;
    }
  }

  std::vector<Work> work(Id network_id, Millis from, Millis to, Id except_run) override {
    return db_.with([&](soci::session& s) {
      std::vector<Work> out;
      WorkRow r;
      long long n = network_id, f = from, t = to, ex = except_run;
      NoJit no_jit(s, db_.dialect());
      // Candidates: resolved (last) at or after the month's start and created before its end; paid
      // here when the first resolution falls in the month.
      auto p = (s.prepare << kWorkSelect +
                                 "WHERE o.network_id = :n AND o.resolved_at >= :f AND o.created_at < :t "
                                 "AND NOT EXISTS (SELECT 1 FROM pay_lines pl WHERE pl.order_id = o.id AND "
                                 "pl.kind = 'work' AND pl.run_id <> :ex) ORDER BY o.id");
      r.bind(p);
      p, soci::use(n), soci::use(f), soci::use(t), soci::use(ex);
      soci::statement st(p);
      st.execute();
      while (st.fetch())
        if (r.at >= from && r.at < to) out.push_back(r.work());
      return out;
    });
  }

  std::vector<PaidWork> paid_work(Id network_id, Month first, Month last) override {
    return db_.with([&](soci::session& s) {
      NoJit no_jit(s, db_.dialect());
      std::vector<PaidWork> out;
      std::map<long long, std::size_t> at;
      {
        long long n = network_id, order = 0, manager = 0, run = 0, rate = 0, resolved = 0;
        std::string f = first.format(), l = last.format(), codes, month, parts;
        soci::indicator codes_ind, parts_ind;
        soci::statement st =
            (s.prepare << "SELECT pl.order_id, pl.manager_id, pl.resolved_at, pl.part_codes, pr.id, pr.month, "
                          "pr.rate_version_id, CASE WHEN pl.part_codes LIKE '%commission%' THEN pl.parts ELSE '' END "
                          "FROM pay_lines pl JOIN pay_runs pr ON pr.id = pl.run_id JOIN work_orders o ON o.id = "
                          "pl.order_id WHERE pr.network_id = :n AND pr.status = 'approved' AND pr.month >= :f AND "
                          "pr.month <= :l AND pl.kind = 'work' AND (o.updated_at >= pr.computed_at OR EXISTS "
                          "(SELECT 1 FROM work_orders c WHERE c.about_order_id = o.id AND c.updated_at >= "
                          "pr.computed_at) OR EXISTS (SELECT 1 FROM work_orders f WHERE f.repeat_of = o.id AND "
                          "f.updated_at >= pr.computed_at))",
             soci::into(order), soci::into(manager), soci::into(resolved), soci::into(codes, codes_ind),
             soci::into(run), soci::into(month), soci::into(rate), soci::into(parts, parts_ind), soci::use(n),
             soci::use(f), soci::use(l));
        st.execute();
        while (st.fetch()) {
          PaidWork p;
          p.run_id = run;
          p.month = Month::parse(month).value_or(Month{});
          p.manager_id = manager;
          p.rate_version_id = rate;
          p.paid_parts = split_codes(codes_ind == soci::i_ok ? codes : std::string());
          p.now.resolved_at = resolved;
          if (parts_ind == soci::i_ok && !parts.empty())
            for (const auto& part : parts_from_json(parts))
              if (part.code == "commission") p.paid_commission = part;
          at[order] = out.size();
          out.push_back(std::move(p));
        }
      }
      // For each, what was paid (work and adjustments, approved runs) and what it earns now, in
      // batches of ids (integers we format ourselves).
      std::vector<long long> ids;
      ids.reserve(at.size());
      for (auto& [id, i] : at) ids.push_back(id);
      for (std::size_t b = 0; b < ids.size(); b += 500) {
        std::string list;
        for (std::size_t i = b; i < ids.size() && i < b + 500; ++i) list += (list.empty() ? "" : ",") + std::to_string(ids[i]);
        {
          long long order = 0, paid = 0;
          soci::statement st =
              (s.prepare << "SELECT pl.order_id, sum(pl.amount_fen) FROM pay_lines pl JOIN pay_runs pr ON pr.id = "
                            "pl.run_id WHERE pr.status = 'approved' AND pl.order_id IN (" + list + ") GROUP BY pl.order_id",
               soci::into(order), soci::into(paid));
          st.execute();
          while (st.fetch()) out[at[order]].paid_fen = paid;
        }
        WorkRow r;
        auto p = (s.prepare << kPaidSelect + "WHERE o.id IN (" + list + ")");
        r.bind(p);
        soci::statement st(p);
        st.execute();
        while (st.fetch()) {
          PaidWork& paid = out[at[r.id]];
          const Millis resolved = paid.now.resolved_at;
          paid.now = r.work();
          paid.now.resolved_at = resolved;
          paid.now.resolver_id = paid.manager_id;
        }
      }
      std::vector<PaidWork> known;
      for (auto& p : out)
        if (p.now.order_id) known.push_back(std::move(p));
      return known;
    });
  }

  std::optional<Run> run(Id id) override {
    return db_.with([&](soci::session& s) -> std::optional<Run> {
      RunRow r;
      long long key = id;
      auto p = (s.prepare << std::string("SELECT ") + kRunColumns + " FROM pay_runs WHERE id = :id");
      r.bind(p);
      p, soci::use(key);
      soci::statement st(p);
      st.execute();
      if (!st.fetch()) return std::nullopt;
      return r.run();
    });
  }

  std::optional<Run> run_of(Id network_id, Month m) override {
    return db_.with([&](soci::session& s) -> std::optional<Run> {
      RunRow r;
      long long n = network_id;
      std::string month = m.format();
      auto p = (s.prepare << std::string("SELECT ") + kRunColumns + " FROM pay_runs WHERE network_id = :n AND month = :m");
      r.bind(p);
      p, soci::use(n), soci::use(month);
      soci::statement st(p);
      st.execute();
      if (!st.fetch()) return std::nullopt;
      return r.run();
    });
  }

  std::vector<Run> runs(Id network_id) override {
    return db_.with([&](soci::session& s) {
      std::vector<Run> out;
      RunRow r;
      long long n = network_id;
      auto p = (s.prepare << std::string("SELECT ") + kRunColumns +
                                 " FROM pay_runs WHERE (:n = 0 OR network_id = :n2) ORDER BY month DESC, network_id");
      r.bind(p);
      p, soci::use(n), soci::use(n);
      soci::statement st(p);
      st.execute();
      while (st.fetch()) out.push_back(r.run());
      return out;
    });
  }

  std::optional<Month> last_closed_month() override {
    return db_.with([&](soci::session& s) -> std::optional<Month> {
      std::string m;
      soci::indicator ind;
      s << "SELECT MAX(month) FROM pay_runs WHERE status = 'approved'", soci::into(m, ind);
      if (ind != soci::i_ok) return std::nullopt;
      return Month::parse(m);
    });
  }

  std::vector<Statement> statements(Id run_id) override {
    return db_.with([&](soci::session& s) {
      std::vector<Statement> out;
      Statement x;
      long long run = run_id, manager = 0, wl = 0, al = 0, wf = 0, af = 0, total = 0;
      soci::statement st =
          (s.prepare << "SELECT manager_id, work_lines, adjustment_lines, work_fen, adjustment_fen, total_fen FROM "
                        "pay_statements WHERE run_id = :r ORDER BY manager_id",
           soci::into(manager), soci::into(wl), soci::into(al), soci::into(wf), soci::into(af), soci::into(total),
           soci::use(run));
      st.execute();
      while (st.fetch()) {
        Statement o;
        o.run_id = run_id;
        o.manager_id = manager;
        o.work_lines = wl;
        o.adjustment_lines = al;
        o.work_fen = wf;
        o.adjustment_fen = af;
        o.total_fen = total;
        out.push_back(std::move(o));
      }
      return out;
    });
  }

  std::vector<Line> lines(Id run_id, Id manager_id) override {
    return db_.with([&](soci::session& s) {
      std::vector<Line> out;
      long long id = 0, run = run_id, m = manager_id, manager = 0, order = 0, resolved = 0, base = 0, amount = 0;
      int rural = 0;
      std::string code, type, kind, parts, adjusts;
      soci::statement st =
          (s.prepare << "SELECT id, manager_id, order_id, order_code, order_type, rural, kind, resolved_at, base_fen, "
                        "amount_fen, parts, adjusts_month FROM pay_lines WHERE run_id = :r AND (:m = 0 OR manager_id "
                        "= :m2) ORDER BY manager_id, kind DESC, order_id, id",
           soci::into(id), soci::into(manager), soci::into(order), soci::into(code), soci::into(type),
           soci::into(rural), soci::into(kind), soci::into(resolved), soci::into(base), soci::into(amount),
           soci::into(parts), soci::into(adjusts), soci::use(run), soci::use(m), soci::use(m));
      st.execute();
      while (st.fetch()) {
        Line l;
        l.id = id;
        l.run_id = run_id;
        l.manager_id = manager;
        l.order_id = order;
        l.order_code = code;
        l.type = orders::parse_order_type(type).value_or(OrderType::other);
        l.rural = rural != 0;
        l.kind = kind == "adjustment" ? LineKind::adjustment : LineKind::work;
        l.resolved_at = resolved;
        l.base_fen = base;
        l.amount_fen = amount;
        l.parts = parts_from_json(parts);
        l.adjusts_month = adjusts;
        out.push_back(std::move(l));
      }
      return out;
    });
  }

  Status save_run(Run& run, const std::vector<Line>& lines, const std::vector<Statement>& statements,
                  const auth::Actor& a, const org::AuditRecord& audit, const std::string& idem_key,
                  const RunResponse& response) override {
    Error failure = conflict("The pay run was changed by someone else; reload it and try again.");
    try {
      const bool ok = db_.write_if([&](soci::session& s) {
        long long n = run.network_id, rate = run.rate_version_id, ver = run.version, by = run.computed_by,
                  at = run.computed_at, ms = run.compute_ms, cnt = run.lines, managers = run.managers,
                  total = run.total_fen;
        std::string month = run.month.format();
        if (run.id == 0) {
          long long id = 0;
          s << "INSERT INTO pay_runs (network_id, month, status, rate_version_id, version, computed_by, computed_at, "
               "compute_ms, lines, managers, total_fen) VALUES (:n, :m, 'draft', :rate, :v, :by, :at, :ms, :lines, "
               ":managers, :total) RETURNING id",
              soci::use(n), soci::use(month), soci::use(rate), soci::use(ver), soci::use(by), soci::use(at),
              soci::use(ms), soci::use(cnt), soci::use(managers), soci::use(total), soci::into(id);
          run.id = id;
        } else {
          long long id = run.id, old = run.version - 1;
          soci::statement st =
              (s.prepare << "UPDATE pay_runs SET rate_version_id = :rate, version = :v, computed_by = :by, "
                            "computed_at = :at, compute_ms = :ms, lines = :lines, managers = :managers, total_fen = "
                            ":total WHERE id = :id AND version = :old AND status = 'draft'",
               soci::use(rate), soci::use(ver), soci::use(by), soci::use(at), soci::use(ms), soci::use(cnt),
               soci::use(managers), soci::use(total), soci::use(id), soci::use(old));
          st.execute(true);
          if (st.get_affected_rows() != 1) return false;
          s << "DELETE FROM pay_lines WHERE run_id = :id", soci::use(id);
          s << "DELETE FROM pay_statements WHERE run_id = :id", soci::use(id);
        }
        write_lines(s, run.id, lines);
        {
          long long rid = run.id, manager = 0, wl = 0, al = 0, wf = 0, af = 0, tf = 0;
          soci::statement ins =
              (s.prepare << "INSERT INTO pay_statements (run_id, manager_id, work_lines, adjustment_lines, work_fen, "
                            "adjustment_fen, total_fen) VALUES (:r, :m, :wl, :al, :wf, :af, :t)",
               soci::use(rid), soci::use(manager), soci::use(wl), soci::use(al), soci::use(wf), soci::use(af),
               soci::use(tf));
          for (const auto& x : statements) {
            manager = x.manager_id;
            wl = x.work_lines;
            al = x.adjustment_lines;
            wf = x.work_fen;
            af = x.adjustment_fen;
            tf = x.total_fen;
            ins.execute(true);
          }
        }
        org::AuditRecord rec = audit;
        rec.object_id = run.id;
        insert_audit(s, a, run.computed_at, rec);
        if (response && !idem_key.empty())
          if (auto r = response(run)) store::save_idempotent(s, a.staff_id, idem_key, *r, run.computed_at);
        return true;
      });
      if (!ok) return failure;
    } catch (const std::exception& e) {
      if (Database::is_unique_violation(e))
        return conflict("A pay run of this local network and month was created at the same moment; reload it.");
      if (std::string(e.what()).find("month is closed") != std::string::npos)
        return conflict("The pay run was approved meanwhile: its month is closed.");
      throw;
    }
    return Ok{};
  }

  bool approve(const Run& run, const auth::Actor& a, const org::AuditRecord& audit) override {
    return db_.write_if([&](soci::session& s) {
      long long id = run.id, ver = run.version, old = run.version - 1, by = run.approved_by, at = run.approved_at;
      soci::statement st = (s.prepare << "UPDATE pay_runs SET status = 'approved', version = :v, approved_by = :by, "
                                         "approved_at = :at WHERE id = :id AND version = :old AND status = 'draft'",
                            soci::use(ver), soci::use(by), soci::use(at), soci::use(id), soci::use(old));
      st.execute(true);
      if (st.get_affected_rows() != 1) return false;
      insert_audit(s, a, at, audit);
      return true;
    });
  }

  std::optional<org::IdempotentResponse> find_idempotent(Id actor, const std::string& key) override {
    return db_.with([&](soci::session& s) { return store::find_idempotent(s, actor, key); });
  }

 private:
  void write_lines(soci::session& s, Id run_id, const std::vector<Line>& lines) {
    if (db_.dialect() == Dialect::postgresql) {
      std::string buf;
      buf.reserve(lines.size() * 400);
      for (const auto& l : lines) {
        buf += std::to_string(run_id) + '\t' + std::to_string(l.manager_id) + '\t' + std::to_string(l.order_id) + '\t';
        copy_text(buf, l.order_code);
        buf += '\t';
        buf += orders::to_string(l.type);
        buf += l.rural ? "\t1\t" : "\t0\t";
        buf += l.kind == LineKind::work ? "work" : "adjustment";
        buf += '\t' + std::to_string(l.resolved_at) + '\t' + std::to_string(l.base_fen) + '\t' +
               std::to_string(l.amount_fen) + '\t';
        copy_text(buf, join_codes(l.parts));
        buf += '\t';
        copy_text(buf, parts_json(l.parts));
        buf += '\t';
        copy_text(buf, l.adjusts_month);
        buf += '\n';
      }
      copy_lines(s, buf);
      return;
    }
    long long run = run_id, manager = 0, order = 0, resolved = 0, base = 0, amount = 0;
    int rural = 0;
    std::string code, type, kind, codes, parts, adjusts;
    soci::statement ins =
        (s.prepare << "INSERT INTO pay_lines (run_id, manager_id, order_id, order_code, order_type, rural, kind, "
                      "resolved_at, base_fen, amount_fen, part_codes, parts, adjusts_month) VALUES (:r, :m, :o, :c, "
                      ":t, :rural, :k, :at, :b, :a, :codes, :parts, :adj)",
         soci::use(run), soci::use(manager), soci::use(order), soci::use(code), soci::use(type), soci::use(rural),
         soci::use(kind), soci::use(resolved), soci::use(base), soci::use(amount), soci::use(codes), soci::use(parts),
         soci::use(adjusts));
    for (const auto& l : lines) {
      manager = l.manager_id;
      order = l.order_id;
      code = l.order_code;
      type = std::string(orders::to_string(l.type));
      rural = l.rural ? 1 : 0;
      kind = l.kind == LineKind::work ? "work" : "adjustment";
      resolved = l.resolved_at;
      base = l.base_fen;
      amount = l.amount_fen;
      codes = join_codes(l.parts);
      parts = parts_json(l.parts);
      adjusts = l.adjusts_month;
      ins.execute(true);
    }
  }

  Database& db_;
};

}  // namespace

std::unique_ptr<pay::PayRepository> make_pay_repository(Database& db) {
  return std::make_unique<SqlPayRepository>(db);
}

}  // namespace bc::store
