#include "domain/org/service.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <set>

#include "core/crypto.hpp"

namespace bc::org {
namespace json = boost::json;
using auth::Actor;

namespace {

bool valid_code_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
         c == '-';
}

// UTF-8 code points, for length limits a person would count.
std::size_t chars(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

Status validate_name(const std::string& field, const std::string& name, std::size_t max = 100) {
  if (name.find_first_not_of(" \t\r\n") == std::string::npos) return invalid(field, "must not be empty");
  if (chars(name) > max) return invalid(field, "must be at most " + std::to_string(max) + " characters");
  for (unsigned char c : name)
    if (c < 0x20) return invalid(field, "must not contain control characters");
  return Ok{};
}

Status validate_phone(const std::string& phone) {
  if (phone.empty()) return Ok{};
  if (phone.size() > 20) return invalid("phone", "must be at most 20 characters");
  for (char c : phone)
    if (!((c >= '0' && c <= '9') || c == '-' || c == '+' || c == ' '))
      return invalid("phone", "may contain only digits, spaces, '+' and '-'");
  return Ok{};
}

Status validate_email(const std::string& email) {
  if (email.empty()) return Ok{};
  const auto at = email.find('@');
  if (email.size() > 200 || at == std::string::npos || at == 0 || email.find('.', at) == std::string::npos)
    return invalid("email", "must be an e-mail address such as name@example.com");
  return Ok{};
}

std::string fmt_list(const OrgSnapshot& s, const std::vector<Id>& ids) {
  std::string out;
  for (std::size_t i = 0; i < ids.size() && i < 10; ++i) {
    if (i) out += ", ";
    out += s.unit(ids[i]) ? s.unit(ids[i])->code : std::to_string(ids[i]);
  }
  if (ids.size() > 10) out += ", …";
  return out;
}

// Writes by id: 404 when there is no such object, 403 when it lies outside the caller's scope.
Status writable(bool exists, bool in_scope, const std::string& what) {
  if (!exists) return not_found(what);
  if (!in_scope) return forbidden("The " + what + " is outside your part of the organisation.");
  return Ok{};
}

Status role_may_write(const Actor& a) {
  if (!auth::has(a.role, auth::Permission::org_write)) return forbidden("Your role may not change the organisation.");
  return Ok{};
}

Status check_parent(const OrgSnapshot& s, const Actor& a, UnitKind kind, Id parent_id) {
  const auto want = parent_kind(kind);
  if (!want) return unprocessable("kind", "there is one province: another cannot be created");
  if (parent_id == 0) return invalid("parentId", "is required");
  const Unit* parent = s.unit(parent_id);
  if (!parent) return unprocessable("parentId", "no such unit");
  if (!auth::can_see_unit(s, a, parent_id))
    return forbidden("The parent unit is outside your part of the organisation.");
  if (!parent->active) return unprocessable("parentId", "the parent unit is retired");
  if (parent->kind != *want)
    return unprocessable("parentId", "a " + std::string(to_string(kind)) + " must sit under a " +
                                         std::string(to_string(*want)) + ", not a " +
                                         std::string(to_string(parent->kind)));
  return auth::check_unit_create(s, a, parent_id);
}

}  // namespace

Status validate_code(const std::string& code) {
  if (code.empty() || code.size() > 40) return invalid("code", "must be 1 to 40 characters");
  if (!std::all_of(code.begin(), code.end(), valid_code_char))
    return invalid("code", "may contain only letters, digits, '.', '_' and '-'");
  return Ok{};
}

Status validate_username(const std::string& u) {
  if (u.size() < 3 || u.size() > 40) return invalid("username", "must be 3 to 40 characters");
  for (char c : u)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
      return invalid("username", "may contain only lower-case letters, digits, '.', '_' and '-'");
  return Ok{};
}

Status validate_area_managers(const OrgSnapshot& s, const Unit& area) {
  Error e(Errc::unprocessable, "An active area needs an active area customer manager and a different backup.");
  auto check = [&](const char* field, Id id) {
    if (id == 0) { e.field(field, "is required for an active area"); return; }
    const Staff* st = s.staff(id);
    if (!st) e.field(field, "no such staff member");
    else if (!st->active) e.field(field, st->name + " is retired");
    else if (st->role != Role::area_manager) e.field(field, st->name + " is not an area customer manager");
  };
  check("responsibleId", area.responsible_id);
  check("backupId", area.backup_id);
  if (e.fields.empty() && area.responsible_id == area.backup_id)
    e.field("backupId", "must be a different person from the responsible manager");
  if (!e.fields.empty()) return e;

  const Staff* m = s.staff(area.responsible_id);
  if (!m->allow_multi_community) {
    const Id community = s.enclosing(area.parent_id, UnitKind::community);
    for (Id other : s.responsible_for(m->id)) {
      if (other == area.id) continue;
      const Id c2 = s.enclosing(other, UnitKind::community);
      if (c2 != community) {
        return unprocessable("responsibleId", m->name + " is already responsible for area " + s.unit(other)->code +
                                                  " in another community; an administrator must allow "
                                                  "managers to serve two communities");
      }
    }
  }
  return Ok{};
}

Status validate_staff_placement(const OrgSnapshot& s, Role role, Id unit_id) {
  const Unit* u = s.unit(unit_id);
  if (!u) return unprocessable("unitId", "no such unit");
  if (!u->active) return unprocessable("unitId", "the unit is retired");
  std::optional<UnitKind> need;
  switch (role) {
    case Role::centre_manager: need = UnitKind::centre; break;
    case Role::office_head: need = UnitKind::office; break;
    case Role::community_head:
    case Role::area_manager: need = UnitKind::community; break;
    default: break;
  }
  if (need && u->kind != *need)
    return unprocessable("unitId", "a " + std::string(to_string(role)) + " belongs to a " +
                                       std::string(to_string(*need)) + ", not a " + std::string(to_string(u->kind)));
  return Ok{};
}

std::string describe(const Unit& u) {
  json::object o{{"id", u.id},       {"kind", to_string(u.kind)},         {"code", u.code},
                 {"name", u.name},   {"parentId", u.parent_id},           {"status", u.active ? "active" : "retired"},
                 {"version", u.version}};
  if (u.kind == UnitKind::area) {
    o["responsibleId"] = u.responsible_id;
    o["backupId"] = u.backup_id;
    o["rural"] = u.rural;
  }
  return json::serialize(o);
}

std::string describe(const Staff& s) {
  return json::serialize(json::object{{"id", s.id},
                                      {"username", s.username},
                                      {"name", s.name},
                                      {"role", to_string(s.role)},
                                      {"unitId", s.unit_id},
                                      {"phone", s.phone},
                                      {"email", s.email},
                                      {"status", s.active ? "active" : "retired"},
                                      {"allowMultiCommunity", s.allow_multi_community},
                                      {"version", s.version}});
}

std::string describe(const Absence& a) {
  return json::serialize(json::object{{"id", a.id},
                                      {"staffId", a.staff_id},
                                      {"startsAt", a.starts_at},
                                      {"endsAt", a.ends_at},
                                      {"reason", to_string(a.reason)},
                                      {"note", a.note},
                                      {"status", a.cancelled ? "cancelled" : "active"},
                                      {"version", a.version}});
}

OrgService::OrgService(OrgRepository& repo) : repo_(repo) { reload(); }

void OrgService::reload() {
  auto s = repo_.load();
  std::lock_guard lk(publish_);
  // The load ran outside the lock, so a write of this instance may have published a newer
  // snapshot meanwhile (the refresher sees a write committed but not yet published, or another
  // instance's, and loads while this instance goes on writing). Publishing the older load would
  // hide those writes until the next refresh: a client got 404 cancelling the absence it had just
  // created. Loads read org_version first, so a snapshot holds at least what its version says.
  const auto cur = std::atomic_load(&snap_);
  if (cur && s->version < cur->version) return;
  std::atomic_store(&snap_, s);
}

void OrgService::refresh_if_changed() {
  if (repo_.version() != snapshot()->version) reload();
}

Status OrgService::write(const Actor& a, const std::function<Status(OrgWriter&)>& fn) {
  std::lock_guard lk(publish_);
  auto r = repo_.write(std::atomic_load(&snap_), a, fn);
  if (!r) return r.error();
  std::atomic_store(&snap_, r.value());
  return Ok{};
}

// A change to one existing unit: present, in scope, writable by the actor, at the version the
// caller read; then fn decides and writes, filling `out`.
Result<Unit> OrgService::change_unit(const Actor& a, Id id, std::int64_t if_match, const Change<Unit>& fn) {
  if (auto r = role_may_write(a); !r) return r.error();
  Unit out;
  auto st = write(a, [&](OrgWriter& w) -> Status {
    auto& s = w.snapshot();
    const Unit* cur = s.unit(id);
    if (auto c = writable(cur, cur && auth::can_see_unit(s, a, id), "unit"); !c) return c;
    if (auto c = auth::check_unit_write(s, a, id); !c) return c;
    if (cur->version != if_match) return stale(cur->version);
    return fn(w, cur, out);
  });
  if (!st) return st.error();
  return out;
}

// The same for a staff member.
Result<Staff> OrgService::change_staff(const Actor& a, Id id, std::int64_t if_match, const Change<Staff>& fn) {
  if (auto r = role_may_write(a); !r) return r.error();
  Staff out;
  auto st = write(a, [&](OrgWriter& w) -> Status {
    auto& s = w.snapshot();
    const Staff* cur = s.staff(id);
    if (auto c = writable(cur, cur && auth::can_see_staff(s, a, *cur), "staff member"); !c) return c;
    if (auto c = auth::check_staff_write(s, a, cur->role, cur->unit_id); !c) return c;
    if (cur->version != if_match) return stale(cur->version);
    return fn(w, cur, out);
  });
  if (!st) return st.error();
  return out;
}

// ---- units ----------------------------------------------------------------------------------

Result<Unit> OrgService::create_unit(const Actor& a, const UnitInput& in, const AfterWrite<Unit>& after) {
  if (auto r = role_may_write(a); !r) return r.error();
  {
    Error e(Errc::invalid, "The request has invalid fields.");
    if (!in.kind) e.field("kind", "is required");
    if (auto st = validate_code(in.code); !st) e.fields.push_back(st.error().fields[0]);
    if (auto st = validate_name("name", in.name); !st) e.fields.push_back(st.error().fields[0]);
    if (in.kind && *in.kind != UnitKind::area && (in.responsible_id || in.backup_id))
      e.field(in.responsible_id ? "responsibleId" : "backupId", "only areas have managers");
    if (in.kind && *in.kind != UnitKind::area && in.rural) e.field("rural", "only areas are urban or rural");
    if (!e.fields.empty()) return e;
  }
  Unit created;
  auto st = write(a, [&](OrgWriter& w) -> Status {
    auto& s = w.snapshot();
    if (auto c = check_parent(s, a, *in.kind, in.parent_id); !c) return c;
    if (s.unit_by_code(in.code)) {
      Error e(Errc::conflict, "The code " + in.code + " is already used by another unit.");
      return e.field("code", "is already used");
    }
    Unit u;
    u.kind = *in.kind;
    u.code = in.code;
    u.name = in.name;
    u.parent_id = in.parent_id;
    u.responsible_id = in.responsible_id;
    u.backup_id = in.backup_id;
    u.rural = in.rural;
    u.created_at = u.updated_at = w.now();
    if (u.kind == UnitKind::area) {
      if (auto v = validate_area_managers(s, u); !v) return v;
    }
    w.insert_unit(u);
    w.audit({"unit.create", "unit", u.id, u.code, u.id, "", describe(u)});
    created = u;
    if (after) after(w, u);
    return Ok{};
  });
  if (!st) return st.error();
  return created;
}

Result<Unit> OrgService::update_unit(const Actor& a, Id id, std::int64_t if_match, const UnitPatch& p) {
  if (auto r = role_may_write(a); !r) return r.error();
  {
    Error e(Errc::invalid, "The request has invalid fields.");
    if (p.code)
      if (auto st = validate_code(*p.code); !st) e.fields.push_back(st.error().fields[0]);
    if (p.name)
      if (auto st = validate_name("name", *p.name); !st) e.fields.push_back(st.error().fields[0]);
    if (!e.fields.empty()) return e;
  }
  return change_unit(a, id, if_match, [&](OrgWriter& w, const Unit* cur, Unit& out) -> Status {
    auto& s = w.snapshot();
    if (!cur->active) return unprocessable("status", "the unit is retired; reactivate it first");
    Unit u = *cur;
    if (u.kind != UnitKind::area && (p.responsible_id || p.backup_id))
      return invalid(p.responsible_id ? "responsibleId" : "backupId", "only areas have managers");
    if (u.kind != UnitKind::area && p.rural.value_or(false)) return invalid("rural", "only areas are urban or rural");
    if (p.rural) u.rural = *p.rural;
    if (p.code && *p.code != u.code) {
      if (s.unit_by_code(*p.code)) {
        Error e(Errc::conflict, "The code " + *p.code + " is already used by another unit.");
        return e.field("code", "is already used");
      }
      u.code = *p.code;
    }
    if (p.name) u.name = *p.name;
    if (p.parent_id && *p.parent_id != u.parent_id) {
      if (u.parent_id == 0) return unprocessable("parentId", "the province cannot be moved");
      if (s.in_subtree(*p.parent_id, u.id)) return unprocessable("parentId", "a unit cannot move under itself");
      if (auto c = check_parent(s, a, u.kind, *p.parent_id); !c) return c;
      u.parent_id = *p.parent_id;
    }
    if (p.responsible_id) u.responsible_id = *p.responsible_id;
    if (p.backup_id) u.backup_id = *p.backup_id;
    if (u.kind == UnitKind::area) {
      if (auto v = validate_area_managers(s, u); !v) return v;
    }
    const std::string before = describe(*cur);
    const std::string after = describe(u);
    if (before == after) {  // nothing changed: no new version, no audit line
      out = u;
      return Ok{};
    }
    u.version += 1;
    u.updated_at = w.now();
    const char* action = p.parent_id && *p.parent_id != cur->parent_id ? "unit.move" : "unit.update";
    w.update_unit(u);
    w.audit({action, "unit", u.id, u.code, u.id, before, describe(u)});
    out = u;
    return Ok{};
  });
}

Result<Unit> OrgService::retire_unit(const Actor& a, Id id, std::int64_t if_match) {
  return change_unit(a, id, if_match, [&](OrgWriter& w, const Unit* cur, Unit& out) -> Status {
    auto& s = w.snapshot();
    if (!cur->active) return unprocessable("status", "the unit is already retired");
    if (cur->parent_id == 0) return unprocessable("id", "the province cannot be retired");
    std::vector<Id> active_kids;
    for (Id k : s.children(id))
      if (s.unit(k)->active) active_kids.push_back(k);
    if (!active_kids.empty())
      return unprocessable("id", "it still has " + std::to_string(active_kids.size()) +
                                     " active units under it (" + fmt_list(s, active_kids) +
                                     "); move or retire them first");
    for (const auto& st : s.all_staff())
      if (st.active && st.unit_id == id)
        return unprocessable("id", "staff member " + st.name + " (" + st.username +
                                       ") still belongs to it; move or retire them first");
    const std::string before = describe(*cur);
    Unit u = *cur;
    u.active = false;
    u.retired_at = u.updated_at = w.now();
    u.version += 1;
    w.update_unit(u);
    w.audit({"unit.retire", "unit", u.id, u.code, u.id, before, describe(u)});
    out = u;
    return Ok{};
  });
}

Result<Unit> OrgService::reactivate_unit(const Actor& a, Id id, std::int64_t if_match) {
  return change_unit(a, id, if_match, [&](OrgWriter& w, const Unit* cur, Unit& out) -> Status {
    auto& s = w.snapshot();
    if (cur->active) return unprocessable("status", "the unit is already active");
    const Unit* parent = s.unit(cur->parent_id);
    if (!parent || !parent->active) return unprocessable("parentId", "the parent unit is retired; reactivate it first");
    Unit u = *cur;
    u.active = true;
    u.retired_at = 0;
    u.updated_at = w.now();
    u.version += 1;
    if (u.kind == UnitKind::area) {
      if (auto v = validate_area_managers(s, u); !v) return v;
    }
    const std::string before = describe(*cur);
    w.update_unit(u);
    w.audit({"unit.reactivate", "unit", u.id, u.code, u.id, before, describe(u)});
    out = u;
    return Ok{};
  });
}

// ---- staff ----------------------------------------------------------------------------------

Result<StaffCreated> OrgService::create_staff(const Actor& a, const StaffInput& in,
                                              const AfterWrite<StaffCreated>& after) {
  if (auto r = role_may_write(a); !r) return r.error();
  {
    Error e(Errc::invalid, "The request has invalid fields.");
    auto add = [&](const Status& st) {
      if (!st) e.fields.push_back(st.error().fields[0]);
    };
    add(validate_username(in.username));
    add(validate_name("name", in.name, 50));
    if (!in.role) e.field("role", "is required");
    if (in.unit_id == 0) e.field("unitId", "is required");
    add(validate_phone(in.phone));
    add(validate_email(in.email));
    if (in.password) add(auth::check_password("password", *in.password));
    if (!e.fields.empty()) return e;
  }
  if (in.allow_multi_community && a.role != Role::administrator)
    return forbidden("Only an administrator may let a manager serve two communities.");
  // Check permission before spending ~100 ms on argon2id.
  {
    auto s = snapshot();
    if (!s->unit(in.unit_id)) return unprocessable("unitId", "no such unit");
    if (auto c = auth::check_staff_write(*s, a, *in.role, in.unit_id); !c) return c.error();
  }
  StaffCreated out;
  out.generated_password = in.password ? "" : random_password();
  const std::string hash = hash_password(in.password ? *in.password : out.generated_password);
  auto st = write(a, [&](OrgWriter& w) -> Status {
    auto& s = w.snapshot();
    if (!s.unit(in.unit_id)) return unprocessable("unitId", "no such unit");
    if (auto c = auth::check_staff_write(s, a, *in.role, in.unit_id); !c) return c;
    if (auto v = validate_staff_placement(s, *in.role, in.unit_id); !v) return v;
    if (s.staff_by_username(in.username)) {
      Error e(Errc::conflict, "The username " + in.username + " is taken.");
      return e.field("username", "is already taken");
    }
    Staff m;
    m.username = in.username;
    m.name = in.name;
    m.role = *in.role;
    m.unit_id = in.unit_id;
    m.phone = in.phone;
    m.email = in.email;
    m.allow_multi_community = in.allow_multi_community;
    m.must_change_password = !in.password.has_value();
    m.created_at = m.updated_at = w.now();
    w.insert_staff(m, hash);
    w.audit({"staff.create", "staff", m.id, m.username, m.unit_id, "", describe(m)});
    out.staff = m;
    if (after) after(w, out);
    return Ok{};
  });
  if (!st) return st.error();
  return out;
}

Result<Staff> OrgService::update_staff(const Actor& a, Id id, std::int64_t if_match, const StaffPatch& p) {
  if (auto r = role_may_write(a); !r) return r.error();
  {
    Error e(Errc::invalid, "The request has invalid fields.");
    auto add = [&](const Status& st) {
      if (!st) e.fields.push_back(st.error().fields[0]);
    };
    if (p.name) add(validate_name("name", *p.name, 50));
    if (p.phone) add(validate_phone(*p.phone));
    if (p.email) add(validate_email(*p.email));
    if (!e.fields.empty()) return e;
  }
  return change_staff(a, id, if_match, [&](OrgWriter& w, const Staff* cur, Staff& out) -> Status {
    auto& s = w.snapshot();
    if (!cur->active) return unprocessable("status", "the staff member is retired; reactivate them first");
    Staff m = *cur;
    if (p.name) m.name = *p.name;
    if (p.phone) m.phone = *p.phone;
    if (p.email) m.email = *p.email;
    if (p.allow_multi_community && *p.allow_multi_community != m.allow_multi_community) {
      if (a.role != Role::administrator)
        return forbidden("Only an administrator may let a manager serve two communities.");
      m.allow_multi_community = *p.allow_multi_community;
    }
    if (p.role && *p.role != m.role) {
      if (id == a.staff_id) return forbidden("You cannot change your own role.");
      m.role = *p.role;
    }
    if (p.unit_id) m.unit_id = *p.unit_id;
    if (m.role != cur->role || m.unit_id != cur->unit_id) {
      if (auto c = auth::check_staff_write(s, a, m.role, m.unit_id); !c) return c;
      if (auto v = validate_staff_placement(s, m.role, m.unit_id); !v) return v;
    }
    if (cur->role == Role::area_manager && m.role != Role::area_manager) {
      auto r = s.responsible_for(id), b = s.backup_for(id);
      r.insert(r.end(), b.begin(), b.end());
      if (!r.empty())
        return unprocessable("role", m.name + " is still manager or backup of " + fmt_list(s, r) +
                                         "; hand those areas over first");
    }
    if (cur->allow_multi_community && !m.allow_multi_community) {
      std::set<Id> communities;
      for (Id area : s.responsible_for(id)) communities.insert(s.enclosing(area, UnitKind::community));
      if (communities.size() > 1)
        return unprocessable("allowMultiCommunity", m.name + " is responsible for areas in " +
                                                        std::to_string(communities.size()) +
                                                        " communities; hand some over first");
    }
    const std::string before = describe(*cur);
    if (before == describe(m)) {
      out = m;
      return Ok{};
    }
    m.version += 1;
    m.updated_at = w.now();
    w.update_staff(m);
    w.audit({m.unit_id != cur->unit_id ? "staff.move" : "staff.update", "staff", m.id, m.username, m.unit_id, before,
             describe(m)});
    out = m;
    return Ok{};
  });
}

Result<Staff> OrgService::retire_staff(const Actor& a, Id id, std::int64_t if_match) {
  return change_staff(a, id, if_match, [&](OrgWriter& w, const Staff* cur, Staff& out) -> Status {
    auto& s = w.snapshot();
    if (id == a.staff_id) return unprocessable("id", "you cannot retire yourself");
    if (!cur->active) return unprocessable("status", "already retired");
    auto r = s.responsible_for(id), b = s.backup_for(id);
    r.insert(r.end(), b.begin(), b.end());
    if (!r.empty())
      return unprocessable("id", cur->name + " is still manager or backup of " + fmt_list(s, r) +
                                     "; hand those areas over first");
    const std::string before = describe(*cur);
    Staff m = *cur;
    m.active = false;
    m.retired_at = m.updated_at = w.now();
    m.version += 1;
    w.update_staff(m);
    w.revoke_sessions_of(id, a.staff_id);
    w.audit({"staff.retire", "staff", m.id, m.username, m.unit_id, before, describe(m)});
    out = m;
    return Ok{};
  });
}

Result<Staff> OrgService::reactivate_staff(const Actor& a, Id id, std::int64_t if_match) {
  return change_staff(a, id, if_match, [&](OrgWriter& w, const Staff* cur, Staff& out) -> Status {
    auto& s = w.snapshot();
    if (cur->active) return unprocessable("status", "already active");
    if (auto v = validate_staff_placement(s, cur->role, cur->unit_id); !v) return v;
    Staff m = *cur;
    m.active = true;
    m.retired_at = 0;
    m.updated_at = w.now();
    m.version += 1;
    const std::string before = describe(*cur);
    w.update_staff(m);
    w.audit({"staff.reactivate", "staff", m.id, m.username, m.unit_id, before, describe(m)});
    out = m;
    return Ok{};
  });
}

Result<std::string> OrgService::reset_password(const Actor& a, Id id, const std::optional<std::string>& password) {
  if (auto r = role_may_write(a); !r) return r.error();
  if (password)
    if (auto c = auth::check_password("password", *password); !c) return c.error();
  {
    auto s = snapshot();
    const Staff* cur = s->staff(id);
    if (auto c = writable(cur, cur && auth::can_see_staff(*s, a, *cur), "staff member"); !c) return c.error();
    if (auto c = auth::check_staff_write(*s, a, cur->role, cur->unit_id); !c) return c.error();
  }
  const std::string pw = password ? *password : random_password();
  const std::string hash = hash_password(pw);
  auto st = write(a, [&](OrgWriter& w) -> Status {
    auto& s = w.snapshot();
    const Staff* cur = s.staff(id);
    if (!cur) return not_found("Staff member");
    if (auto c = auth::check_staff_write(s, a, cur->role, cur->unit_id); !c) return c;
    w.set_password(id, hash, !password.has_value());
    w.revoke_sessions_of(id, a.staff_id);
    w.audit({"staff.reset_password", "staff", id, cur->username, cur->unit_id, "", ""});
    return Ok{};
  });
  if (!st) return st.error();
  return pw;
}

void OrgService::record_lock(Id staff_id, Millis until, int failures) {
  auth::Actor system;
  system.name = "sign-in throttle";
  (void)write(system, [&](OrgWriter& w) -> Status {
    const Staff* st = w.snapshot().staff(staff_id);
    if (!st) return not_found("Staff member");
    w.set_locked_until(staff_id, until);
    w.audit({"auth.lock", "staff", staff_id, st->username, st->unit_id, "",
             R"({"failures":)" + std::to_string(failures) + "}"});
    return Ok{};
  });
}

Status OrgService::change_own_password(const Actor& a, const std::string& new_password) {
  if (auto c = auth::check_password("newPassword", new_password); !c) return c;
  const std::string hash = hash_password(new_password);
  return write(a, [&](OrgWriter& w) -> Status {
    const Staff* cur = w.snapshot().staff(a.staff_id);
    if (!cur) return not_found("Staff member");
    w.set_password(a.staff_id, hash, false);
    w.revoke_sessions_of(a.staff_id, a.staff_id);  // the store keeps the caller's own session
    w.audit({"staff.change_password", "staff", a.staff_id, cur->username, cur->unit_id, "", ""});
    return Ok{};
  });
}

// ---- absences -------------------------------------------------------------------------------

Result<Absence> OrgService::create_absence(const Actor& a, const AbsenceInput& in, const AfterWrite<Absence>& after) {
  if (auto r = role_may_write(a); !r) return r.error();
  {
    Error e(Errc::invalid, "The request has invalid fields.");
    if (in.staff_id == 0) e.field("staffId", "is required");
    if (!in.starts_at) e.field("startsAt", "is required: a date-time with an offset, or a date");
    if (!in.ends_at) e.field("endsAt", "is required: a date-time with an offset, or a date");
    if (!in.reason) e.field("reason", "is required: leave, training, sick or other");
    if (chars(in.note) > 500) e.field("note", "must be at most 500 characters");
    if (!e.fields.empty()) return e;
    if (*in.ends_at <= *in.starts_at) return unprocessable("endsAt", "must be after startsAt");
    if (*in.ends_at - *in.starts_at > 366LL * 86400000)
      return unprocessable("endsAt", "an absence may last at most 366 days");
  }
  Absence out;
  auto st = write(a, [&](OrgWriter& w) -> Status {
    auto& s = w.snapshot();
    const Staff* who = s.staff(in.staff_id);
    if (!who) return unprocessable("staffId", "no such staff member");
    if (!auth::can_see_staff(s, a, *who)) return forbidden("That staff member is outside your part of the organisation.");
    if (auto c = auth::check_staff_write(s, a, who->role, who->unit_id); !c) return c;
    if (!who->active) return unprocessable("staffId", who->name + " is retired");
    for (const auto& x : s.absences())
      if (x.staff_id == in.staff_id && !x.cancelled && x.starts_at < *in.ends_at && *in.starts_at < x.ends_at)
        return unprocessable("startsAt", who->name + " already has an absence (#" + std::to_string(x.id) +
                                             ") overlapping this period");
    Absence ab;
    ab.staff_id = in.staff_id;
    ab.starts_at = *in.starts_at;
    ab.ends_at = *in.ends_at;
    ab.reason = *in.reason;
    ab.note = in.note;
    ab.created_by = a.staff_id;
    ab.created_at = w.now();
    w.insert_absence(ab);
    w.audit({"absence.create", "absence", ab.id, who->username, who->unit_id, "", describe(ab)});
    out = ab;
    if (after) after(w, ab);
    return Ok{};
  });
  if (!st) return st.error();
  return out;
}

Result<Absence> OrgService::cancel_absence(const Actor& a, Id id, std::int64_t if_match) {
  if (auto r = role_may_write(a); !r) return r.error();
  Absence out;
  auto st = write(a, [&](OrgWriter& w) -> Status {
    auto& s = w.snapshot();
    const Absence* cur = s.absence(id);
    const Staff* who = cur ? s.staff(cur->staff_id) : nullptr;
    if (auto c = writable(cur && who, who && auth::can_see_staff(s, a, *who), "absence"); !c) return c;
    if (auto c = auth::check_staff_write(s, a, who->role, who->unit_id); !c) return c;
    if (cur->version != if_match) return stale(cur->version);
    if (cur->cancelled) return unprocessable("status", "already cancelled");
    Absence ab = *cur;
    ab.cancelled = true;
    ab.version += 1;
    const std::string before = describe(*cur);
    w.update_absence(ab);
    w.audit({"absence.cancel", "absence", ab.id, who->username, who->unit_id, before, describe(ab)});
    out = ab;
    return Ok{};
  });
  if (!st) return st.error();
  return out;
}

}  // namespace bc::org
