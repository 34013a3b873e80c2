// Sessions, API tokens and sign-in state on SQL; and the audit log's read side.
#include <soci/soci.h>

#include "database.hpp"
#include "repositories.hpp"

namespace bc::store {
void write_audit(soci::session& s, const auth::Actor& actor, const org::AuditRecord& r);

namespace {
using auth::Session;

constexpr const char* kSessionColumns =
    "id, staff_id, is_token, name, created_at, expires_at, last_seen_at, revoked_at, created_by, remote, user_agent";

struct SessionRow {
  long long id, staff, created, expires, seen, revoked, by;
  int is_token;
  std::string name, remote, ua;
  Session to_session() const {
    Session s;
    s.id = id;
    s.staff_id = staff;
    s.is_token = is_token != 0;
    s.name = name;
    s.created_at = created;
    s.expires_at = expires;
    s.last_seen_at = seen;
    s.revoked_at = revoked;
    s.created_by = by;
    s.remote = remote;
    s.user_agent = ua;
    return s;
  }
};

template <class... Uses>
soci::statement prepare_sessions(soci::session& s, SessionRow& r, const std::string& where, Uses&&... uses) {
  soci::details::prepare_temp_type p =
      (s.prepare << std::string("SELECT ") + kSessionColumns + " FROM sessions " + where, soci::into(r.id),
       soci::into(r.staff), soci::into(r.is_token), soci::into(r.name), soci::into(r.created), soci::into(r.expires),
       soci::into(r.seen), soci::into(r.revoked), soci::into(r.by), soci::into(r.remote), soci::into(r.ua));
  (static_cast<void>(p, std::forward<Uses>(uses)), ...);
  return soci::statement(p);
}

class SqlSessionRepository final : public auth::SessionRepository {
 public:
  explicit SqlSessionRepository(Database& db) : db_(db) {}

  void create(Session& x, const std::string& digest) override {
    db_.write([&](soci::session& s) {
      long long id = 0, staff = x.staff_id, created = x.created_at, expires = x.expires_at, seen = x.last_seen_at,
                by = x.created_by;
      int is_token = x.is_token;
      s << "INSERT INTO sessions (token_digest, staff_id, is_token, name, created_at, expires_at, last_seen_at, "
           "created_by, remote, user_agent) VALUES (:d, :staff, :t, :name, :created, :expires, :seen, :by, :remote, "
           ":ua) RETURNING id",
          soci::use(digest), soci::use(staff), soci::use(is_token), soci::use(x.name), soci::use(created),
          soci::use(expires), soci::use(seen), soci::use(by), soci::use(x.remote), soci::use(x.user_agent),
          soci::into(id);
      x.id = id;
    });
  }

  std::optional<Session> by_digest(const std::string& digest) override {
    return db_.with([&](soci::session& s) -> std::optional<Session> {
      SessionRow r{};
      auto st = prepare_sessions(s, r, "WHERE token_digest = :d", soci::use(digest));
      st.execute();
      if (!st.fetch()) return std::nullopt;
      return r.to_session();
    });
  }

  std::optional<Session> by_id(auth::Id id) override {
    return db_.with([&](soci::session& s) -> std::optional<Session> {
      SessionRow r{};
      long long i = id;
      auto st = prepare_sessions(s, r, "WHERE id = :id", soci::use(i));
      st.execute();
      if (!st.fetch()) return std::nullopt;
      return r.to_session();
    });
  }

  void touch(auth::Id id, Millis at) override {
    db_.with([&](soci::session& s) {
      long long i = id, t = at;
      s << "UPDATE sessions SET last_seen_at = :t WHERE id = :id", soci::use(t), soci::use(i);
    });
  }

  bool revoke(auth::Id id, Millis at, auth::Id by) override {
    bool done = false;
    db_.write([&](soci::session& s) {
      long long i = id, t = at, b = by;
      soci::statement st = (s.prepare << "UPDATE sessions SET revoked_at = :t, revoked_by = :b "
                                         "WHERE id = :id AND revoked_at = 0",
                            soci::use(t), soci::use(b), soci::use(i));
      st.execute(true);
      done = st.get_affected_rows() == 1;
    });
    return done;
  }

  std::vector<Session> list(std::optional<auth::Id> staff_id, bool tokens) override {
    return db_.with([&](soci::session& s) {
      std::vector<Session> out;
      SessionRow r{};
      long long staff = staff_id.value_or(0), now = now_ms();
      int t = tokens;
      // Every placeholder compares with a BIGINT column, so PostgreSQL types it as one.
      std::string where = "WHERE is_token = :t";
      where += tokens ? " AND created_at <= :now" : " AND revoked_at = 0 AND (expires_at = 0 OR expires_at > :now)";
      where += staff_id ? " AND staff_id = :staff" : " AND staff_id >= :staff";
      where += " ORDER BY id DESC LIMIT 500";
      auto st = prepare_sessions(s, r, where, soci::use(t), soci::use(now), soci::use(staff));
      st.execute();
      while (st.fetch()) out.push_back(r.to_session());
      return out;
    });
  }

  std::optional<auth::Credentials> credentials(auth::Id staff_id) override {
    return db_.with([&](soci::session& s) -> std::optional<auth::Credentials> {
      auth::Credentials c;
      long long id = staff_id, last = 0, locked = 0;
      s << "SELECT password_hash, failed_logins, last_failed_at, locked_until FROM staff WHERE id = :id",
          soci::use(id), soci::into(c.password_hash), soci::into(c.state.failures), soci::into(last),
          soci::into(locked);
      if (!s.got_data()) return std::nullopt;
      c.staff_id = staff_id;
      c.state.last_failed_at = last;
      c.state.locked_until = locked;
      return c;
    });
  }

  void save_login_state(auth::Id staff_id, const auth::LoginState& st) override {
    db_.write([&](soci::session& s) {
      long long id = staff_id, last = st.last_failed_at, locked = st.locked_until;
      int n = st.failures;
      s << "UPDATE staff SET failed_logins = :n, last_failed_at = :last, locked_until = :locked WHERE id = :id",
          soci::use(n), soci::use(last), soci::use(locked), soci::use(id);
    });
  }

  void set_password_hash(auth::Id staff_id, const std::string& hash) override {
    db_.write([&](soci::session& s) {
      long long id = staff_id;
      s << "UPDATE staff SET password_hash = :h WHERE id = :id", soci::use(hash), soci::use(id);
    });
  }

  void audit(const auth::Actor& actor, const org::AuditRecord& r) override {
    db_.write([&](soci::session& s) { write_audit(s, actor, r); });
  }

 private:
  Database& db_;
};

class SqlAuditRepository final : public audit::Repository {
 public:
  explicit SqlAuditRepository(Database& db) : db_(db) {}

  audit::Page query(const audit::Query& q) override {
    // Filters bind as values; the scope list is integers we format ourselves.
    std::string where = " WHERE 1 = 1";
    std::string type = q.object_type.value_or(""), action = q.action.value_or("");
    long long oid = q.object_id.value_or(0), actor = q.actor_id.value_or(0), from = q.from.value_or(0),
              to = q.to.value_or(0);
    where += q.object_type ? " AND object_type = :type" : " AND :type = ''";
    where += q.action ? " AND action = :action" : " AND :action = ''";
    where += q.object_id ? " AND object_id = :oid" : " AND :oid = 0";
    where += q.actor_id ? " AND actor_id = :actor" : " AND :actor = 0";
    where += q.from ? " AND at >= :from" : " AND :from = 0";
    where += q.to ? " AND at < :to" : " AND :to = 0";
    if (q.scope_units) {
      if (q.scope_units->empty()) return {};
      where += " AND scope_unit_id IN (";
      for (std::size_t i = 0; i < q.scope_units->size(); ++i)
        where += (i ? "," : "") + std::to_string((*q.scope_units)[i]);
      where += ")";
    }
    return db_.with([&](soci::session& s) {
      audit::Page page;
      long long total = 0;
      s << "SELECT count(*) FROM audit_log" + where, soci::use(type), soci::use(action), soci::use(oid),
          soci::use(actor), soci::use(from), soci::use(to), soci::into(total);
      page.total = total;
      audit::Entry e;
      long long id, at, aid, obj, scope;
      int limit = q.limit, offset = q.offset;
      soci::statement st =
          (s.prepare << "SELECT id, at, actor_id, actor_name, action, object_type, object_id, object_code, "
                        "scope_unit_id, before_json, after_json FROM audit_log" +
                            where + (q.oldest_first ? " ORDER BY id" : " ORDER BY id DESC") + " LIMIT :limit OFFSET :offset",
           soci::into(id), soci::into(at), soci::into(aid), soci::into(e.actor_name), soci::into(e.action),
           soci::into(e.object_type), soci::into(obj), soci::into(e.object_code), soci::into(scope),
           soci::into(e.before_json), soci::into(e.after_json), soci::use(type), soci::use(action), soci::use(oid),
           soci::use(actor), soci::use(from), soci::use(to), soci::use(limit), soci::use(offset));
      st.execute();
      while (st.fetch()) {
        e.id = id;
        e.at = at;
        e.actor_id = aid;
        e.object_id = obj;
        e.scope_unit_id = scope;
        page.entries.push_back(e);
      }
      return page;
    });
  }

 private:
  Database& db_;
};

}  // namespace

std::unique_ptr<auth::SessionRepository> make_session_repository(Database& db) {
  return std::make_unique<SqlSessionRepository>(db);
}
std::unique_ptr<audit::Repository> make_audit_repository(Database& db) {
  return std::make_unique<SqlAuditRepository>(db);
}

}  // namespace bc::store
