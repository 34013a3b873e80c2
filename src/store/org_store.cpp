// The organisation on SQL: loading the snapshot and the serialised write transaction.
#include <soci/soci.h>

#include <stdexcept>

#include "database.hpp"
#include "idempotency_store.hpp"
#include "domain/auth/access.hpp"
#include "repositories.hpp"

namespace bc::store {
using namespace bc::org;

namespace {

// Thrown inside a write when a row's version moved under us (another instance wrote it).
struct VersionMoved : std::runtime_error {
  VersionMoved() : std::runtime_error("version moved") {}
};

void load_into(soci::session& s, OrgSnapshot& snap, Millis now) {
  snap.defer_index = true;
  {
    long long version = 0;
    s << "SELECT version FROM org_version WHERE id = 1", soci::into(version);
    snap.version = version;
  }
  {
    long long id, parent, resp, backup, ver, created, updated, retired;
    int rural = 0;
    std::string kind, code, name, status;
    soci::statement st =
        (s.prepare << "SELECT id, kind, code, name, COALESCE(parent_id, 0), status, COALESCE(responsible_id, 0), "
                      "COALESCE(backup_id, 0), version, created_at, updated_at, COALESCE(retired_at, 0), rural "
                      "FROM units ORDER BY id",
         soci::into(id), soci::into(kind), soci::into(code), soci::into(name), soci::into(parent),
         soci::into(status), soci::into(resp), soci::into(backup), soci::into(ver), soci::into(created),
         soci::into(updated), soci::into(retired), soci::into(rural));
    st.execute();
    while (st.fetch()) {
      Unit u;
      u.id = id;
      u.kind = parse_unit_kind(kind).value_or(UnitKind::area);
      u.code = code;
      u.name = name;
      u.parent_id = parent;
      u.active = status == "active";
      u.responsible_id = resp;
      u.backup_id = backup;
      u.version = ver;
      u.created_at = created;
      u.updated_at = updated;
      u.retired_at = retired;
      u.rural = rural != 0;
      snap.put_unit(std::move(u));
    }
  }
  {
    long long id, unit, ver, created, updated, retired, locked;
    int multi, must_change;
    std::string username, name, role, phone, email, status;
    soci::statement st =
        (s.prepare << "SELECT id, username, name, role, unit_id, phone, email, status, allow_multi_community, "
                      "must_change_password, version, created_at, updated_at, COALESCE(retired_at, 0), locked_until "
                      "FROM staff ORDER BY id",
         soci::into(id), soci::into(username), soci::into(name), soci::into(role), soci::into(unit),
         soci::into(phone), soci::into(email), soci::into(status), soci::into(multi), soci::into(must_change),
         soci::into(ver), soci::into(created), soci::into(updated), soci::into(retired), soci::into(locked));
    st.execute();
    while (st.fetch()) {
      Staff m;
      m.id = id;
      m.username = username;
      m.name = name;
      m.role = parse_role(role).value_or(Role::auditor);
      m.unit_id = unit;
      m.phone = phone;
      m.email = email;
      m.active = status == "active";
      m.allow_multi_community = multi != 0;
      m.must_change_password = must_change != 0;
      m.version = ver;
      m.created_at = created;
      m.updated_at = updated;
      m.retired_at = retired;
      m.locked_until = locked;
      snap.put_staff(std::move(m));
    }
  }
  {
    // Absences that matter for cover and overlap: everything not long finished.
    long long id, staff, starts, ends, by, created, ver;
    long long since = now - 400LL * 86400000;
    std::string reason, note, status;
    soci::statement st =
        (s.prepare << "SELECT id, staff_id, starts_at, ends_at, reason, note, status, created_by, created_at, version "
                      "FROM absences WHERE ends_at > :since ORDER BY id",
         soci::use(since), soci::into(id), soci::into(staff), soci::into(starts), soci::into(ends),
         soci::into(reason), soci::into(note), soci::into(status), soci::into(by), soci::into(created),
         soci::into(ver));
    st.execute();
    while (st.fetch()) {
      Absence a;
      a.id = id;
      a.staff_id = staff;
      a.starts_at = starts;
      a.ends_at = ends;
      a.reason = parse_absence_reason(reason).value_or(AbsenceReason::other);
      a.note = note;
      a.cancelled = status == "cancelled";
      a.created_by = by;
      a.created_at = created;
      a.version = ver;
      snap.put_absence(std::move(a));
    }
  }
  snap.defer_index = false;
  snap.reindex();
}

long long nullable(Id id, soci::indicator& ind) {
  ind = id ? soci::i_ok : soci::i_null;
  return id;
}

void insert_audit(soci::session& s, const auth::Actor& actor, Millis at, const AuditRecord& r) {
  long long when = at, actor_id = actor.staff_id, object_id = r.object_id, scope = r.scope_unit_id;
  std::string actor_name = actor.name.empty() ? "system" : actor.name;
  s << "INSERT INTO audit_log (at, actor_id, actor_name, action, object_type, object_id, object_code, "
       "scope_unit_id, before_json, after_json) VALUES (:at, :actor, :actor_name, :action, :type, :oid, :code, "
       ":scope, :before, :after)",
      soci::use(when), soci::use(actor_id), soci::use(actor_name), soci::use(r.action), soci::use(r.object_type),
      soci::use(object_id), soci::use(r.object_code), soci::use(scope), soci::use(r.before_json),
      soci::use(r.after_json);
}

class SqlOrgWriter final : public OrgWriter {
 public:
  SqlOrgWriter(soci::session& s, OrgSnapshot& snap, const auth::Actor& actor)
      : s_(s), snap_(snap), actor_(actor), now_(now_ms()) {}
  OrgSnapshot& snapshot() override { return snap_; }
  Millis now() const override { return now_; }
  bool changed() const { return changed_; }

  void insert_unit(Unit& u) override {
    long long id = 0, parent = u.parent_id, resp = u.responsible_id, backup = u.backup_id, ver = u.version,
              created = u.created_at, updated = u.updated_at;
    soci::indicator ip, ir, ib;
    nullable(u.parent_id, ip);
    nullable(u.responsible_id, ir);
    nullable(u.backup_id, ib);
    std::string kind(to_string(u.kind)), status = u.active ? "active" : "retired";
    int rural = u.rural;
    s_ << "INSERT INTO units (kind, code, name, parent_id, status, responsible_id, backup_id, version, created_at, "
          "updated_at, rural) VALUES (:kind, :code, :name, :parent, :status, :resp, :backup, :ver, :created, :updated, "
          ":rural) RETURNING id",
        soci::use(kind), soci::use(u.code), soci::use(u.name), soci::use(parent, ip), soci::use(status),
        soci::use(resp, ir), soci::use(backup, ib), soci::use(ver), soci::use(created), soci::use(updated),
        soci::use(rural), soci::into(id);
    u.id = id;
    snap_.put_unit(u);
    changed_ = true;
  }

  void update_unit(const Unit& u) override {
    long long id = u.id, parent = u.parent_id, resp = u.responsible_id, backup = u.backup_id, ver = u.version,
              old = u.version - 1, updated = u.updated_at, retired = u.retired_at;
    soci::indicator ip, ir, ib, irt;
    nullable(u.parent_id, ip);
    nullable(u.responsible_id, ir);
    nullable(u.backup_id, ib);
    nullable(u.retired_at, irt);
    std::string status = u.active ? "active" : "retired";
    int rural = u.rural;
    soci::statement st =
        (s_.prepare << "UPDATE units SET code = :code, name = :name, parent_id = :parent, status = :status, "
                       "responsible_id = :resp, backup_id = :backup, version = :ver, updated_at = :updated, "
                       "retired_at = :retired, rural = :rural WHERE id = :id AND version = :old",
         soci::use(u.code), soci::use(u.name), soci::use(parent, ip), soci::use(status), soci::use(resp, ir),
         soci::use(backup, ib), soci::use(ver), soci::use(updated), soci::use(retired, irt), soci::use(rural),
         soci::use(id), soci::use(old));
    st.execute(true);
    if (st.get_affected_rows() != 1) throw VersionMoved();
    snap_.put_unit(u);
    changed_ = true;
  }

  void insert_staff(Staff& m, const std::string& password_hash) override {
    long long id = 0, unit = m.unit_id, ver = m.version, created = m.created_at, updated = m.updated_at;
    int multi = m.allow_multi_community, must = m.must_change_password;
    std::string role(to_string(m.role)), status = m.active ? "active" : "retired";
    s_ << "INSERT INTO staff (username, name, role, unit_id, phone, email, status, allow_multi_community, "
          "password_hash, must_change_password, version, created_at, updated_at) VALUES (:username, :name, :role, "
          ":unit, :phone, :email, :status, :multi, :hash, :must, :ver, :created, :updated) RETURNING id",
        soci::use(m.username), soci::use(m.name), soci::use(role), soci::use(unit), soci::use(m.phone),
        soci::use(m.email), soci::use(status), soci::use(multi), soci::use(password_hash), soci::use(must),
        soci::use(ver), soci::use(created), soci::use(updated), soci::into(id);
    m.id = id;
    snap_.put_staff(m);
    changed_ = true;
  }

  void update_staff(const Staff& m) override {
    long long id = m.id, unit = m.unit_id, ver = m.version, old = m.version - 1, updated = m.updated_at,
              retired = m.retired_at;
    soci::indicator irt;
    nullable(m.retired_at, irt);
    int multi = m.allow_multi_community;
    std::string role(to_string(m.role)), status = m.active ? "active" : "retired";
    soci::statement st =
        (s_.prepare << "UPDATE staff SET name = :name, role = :role, unit_id = :unit, phone = :phone, email = :email, "
                       "status = :status, allow_multi_community = :multi, version = :ver, updated_at = :updated, "
                       "retired_at = :retired WHERE id = :id AND version = :old",
         soci::use(m.name), soci::use(role), soci::use(unit), soci::use(m.phone), soci::use(m.email),
         soci::use(status), soci::use(multi), soci::use(ver), soci::use(updated), soci::use(retired, irt),
         soci::use(id), soci::use(old));
    st.execute(true);
    if (st.get_affected_rows() != 1) throw VersionMoved();
    snap_.put_staff(m);
    changed_ = true;
  }

  void set_password(Id staff_id, const std::string& hash, bool must_change) override {
    long long id = staff_id;
    int must = must_change;
    s_ << "UPDATE staff SET password_hash = :hash, must_change_password = :must, failed_logins = 0, "
          "last_failed_at = 0, locked_until = 0 WHERE id = :id",
        soci::use(hash), soci::use(must), soci::use(id);
    if (const Staff* cur = snap_.staff(staff_id)) {
      Staff m = *cur;
      m.must_change_password = must_change;
      m.locked_until = 0;
      snap_.put_staff(std::move(m));
    }
    changed_ = true;
  }

  void set_locked_until(Id staff_id, Millis until) override {
    long long id = staff_id, t = until;
    s_ << "UPDATE staff SET locked_until = :t WHERE id = :id", soci::use(t), soci::use(id);
    if (const Staff* cur = snap_.staff(staff_id)) {
      Staff m = *cur;
      m.locked_until = until;
      snap_.put_staff(std::move(m));
    }
    changed_ = true;
  }

  void insert_absence(Absence& a) override {
    long long id = 0, staff = a.staff_id, starts = a.starts_at, ends = a.ends_at, by = a.created_by,
              created = a.created_at, ver = a.version;
    std::string reason(to_string(a.reason)), status = a.cancelled ? "cancelled" : "active";
    s_ << "INSERT INTO absences (staff_id, starts_at, ends_at, reason, note, status, created_by, created_at, version) "
          "VALUES (:staff, :starts, :ends, :reason, :note, :status, :by, :created, :ver) RETURNING id",
        soci::use(staff), soci::use(starts), soci::use(ends), soci::use(reason), soci::use(a.note),
        soci::use(status), soci::use(by), soci::use(created), soci::use(ver), soci::into(id);
    a.id = id;
    snap_.put_absence(a);
    changed_ = true;
  }

  void update_absence(const Absence& a) override {
    long long id = a.id, ver = a.version, old = a.version - 1;
    std::string status = a.cancelled ? "cancelled" : "active";
    soci::statement st = (s_.prepare << "UPDATE absences SET status = :status, note = :note, version = :ver "
                                        "WHERE id = :id AND version = :old",
                          soci::use(status), soci::use(a.note), soci::use(ver), soci::use(id), soci::use(old));
    st.execute(true);
    if (st.get_affected_rows() != 1) throw VersionMoved();
    snap_.put_absence(a);
    changed_ = true;
  }

  void revoke_sessions_of(Id staff_id, Id by) override {
    long long id = staff_id, who = by, at = now_, keep = actor_.staff_id == staff_id ? actor_.session_id : 0;
    s_ << "UPDATE sessions SET revoked_at = :at, revoked_by = :by WHERE staff_id = :id AND is_token = 0 "
          "AND revoked_at = 0 AND id <> :keep",
        soci::use(at), soci::use(who), soci::use(id), soci::use(keep);
  }

  void audit(const AuditRecord& r) override { insert_audit(s_, actor_, now_, r); }

  void save_idempotent(Id actor, const std::string& key, const IdempotentResponse& r) override {
    store::save_idempotent(s_, actor, key, r, now_);
  }

 private:
  soci::session& s_;
  OrgSnapshot& snap_;
  const auth::Actor& actor_;
  Millis now_;
  bool changed_ = false;
};

class SqlOrgRepository final : public OrgRepository {
 public:
  explicit SqlOrgRepository(Database& db) : db_(db) {}

  SnapshotPtr load() override {
    auto snap = std::make_shared<OrgSnapshot>();
    db_.with([&](soci::session& s) { load_into(s, *snap, now_ms()); });
    return snap;
  }

  std::int64_t version() override {
    return db_.with([&](soci::session& s) {
      long long v = 0;
      s << "SELECT version FROM org_version WHERE id = 1", soci::into(v);
      return static_cast<std::int64_t>(v);
    });
  }

  Result<SnapshotPtr> write(const SnapshotPtr& cached, const auth::Actor& actor,
                            const std::function<Status(OrgWriter&)>& fn) override {
    Error failure;
    std::shared_ptr<OrgSnapshot> out;
    try {
      const bool committed = db_.write_if([&](soci::session& s) {
        long long v = 0;
        if (db_.dialect() == Dialect::postgresql)
          s << "SELECT version FROM org_version WHERE id = 1 FOR UPDATE", soci::into(v);
        else
          s << "SELECT version FROM org_version WHERE id = 1", soci::into(v);
        if (cached && cached->version == v) {
          out = std::make_shared<OrgSnapshot>(*cached);
        } else {
          out = std::make_shared<OrgSnapshot>();
          load_into(s, *out, now_ms());
        }
        SqlOrgWriter w(s, *out, actor);
        auto st = fn(w);
        if (!st) {
          failure = st.error();
          return false;
        }
        if (w.changed()) {
          long long next = v + 1;
          s << "UPDATE org_version SET version = :v WHERE id = 1", soci::use(next);
          out->version = next;
        }
        return true;
      });
      if (!committed) return failure;
    } catch (const VersionMoved&) {
      return Error(Errc::conflict, "The object was changed by someone else; reload it and try again.");
    } catch (const std::exception& e) {
      if (Database::is_unique_violation(e))
        return Error(Errc::conflict, "A unit or staff member with that code or username already exists.");
      throw;
    }
    return SnapshotPtr(std::move(out));
  }

  std::optional<IdempotentResponse> find_idempotent(Id actor, const std::string& key) override {
    return db_.with([&](soci::session& s) { return store::find_idempotent(s, actor, key); });
  }

 private:
  Database& db_;
};

}  // namespace

std::unique_ptr<OrgRepository> make_org_repository(Database& db) { return std::make_unique<SqlOrgRepository>(db); }

// Shared with session_store.cpp.
void write_audit(soci::session& s, const auth::Actor& actor, const AuditRecord& r) {
  insert_audit(s, actor, now_ms(), r);
}

}  // namespace bc::store
