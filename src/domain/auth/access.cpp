#include "domain/auth/access.hpp"

namespace bc::auth {
using org::Role;
using org::UnitKind;

bool has(Role r, Permission p) {
  switch (p) {
    case Permission::org_read: return true;
    case Permission::org_write:
      return r == Role::administrator || r == Role::centre_manager || r == Role::office_head ||
             r == Role::community_head;
    case Permission::audit_read:
      return r == Role::administrator || r == Role::auditor || r == Role::centre_manager ||
             r == Role::office_head || r == Role::community_head;
    case Permission::tokens_manage:
    case Permission::sessions_manage: return r == Role::administrator;
    case Permission::pii_reveal: return r != Role::auditor;  // ask, with a reason, to see personal data
  }
  return false;
}

std::vector<std::string> permission_names(Role r) {
  std::vector<std::string> out;
  const std::pair<Permission, const char*> all[] = {{Permission::org_read, "org.read"},
                                                    {Permission::org_write, "org.write"},
                                                    {Permission::audit_read, "audit.read"},
                                                    {Permission::tokens_manage, "tokens.manage"},
                                                    {Permission::sessions_manage, "sessions.manage"},
                                                    {Permission::pii_reveal, "pii.reveal"}};
  for (auto [p, n] : all)
    if (has(r, p)) out.emplace_back(n);
  return out;
}

Id scope_root_of(const org::OrgSnapshot& s, const org::Staff& staff) {
  if (staff.role == Role::administrator) return s.root();
  const org::Unit* u = s.unit(staff.unit_id);
  if (!u) return 0;
  if (u->kind == UnitKind::centre && u->parent_id) return u->parent_id;
  return u->id;
}

Actor actor_for(const org::OrgSnapshot& s, const org::Staff& staff) {
  Actor a;
  a.staff_id = staff.id;
  a.username = staff.username;
  a.name = staff.name;
  a.role = staff.role;
  a.unit_id = staff.unit_id;
  a.scope_root = scope_root_of(s, staff);
  return a;
}

bool can_see_unit(const org::OrgSnapshot& s, const Actor& a, Id unit_id) {
  return a.scope_root && s.in_subtree(unit_id, a.scope_root);
}

bool can_see_staff(const org::OrgSnapshot& s, const Actor& a, const org::Staff& st) {
  if (st.id == a.staff_id) return true;
  if (can_see_unit(s, a, st.unit_id)) return true;
  // A manager placed elsewhere who is responsible or backup for an area in scope is visible too.
  for (const auto& u : s.units())
    if (u.kind == UnitKind::area && (u.responsible_id == st.id || u.backup_id == st.id) &&
        can_see_unit(s, a, u.id))
      return true;
  return false;
}

Status check_unit_write(const org::OrgSnapshot& s, const Actor& a, Id unit_id) {
  if (!has(a.role, Permission::org_write)) return forbidden("Your role may not change the organisation.");
  if (!can_see_unit(s, a, unit_id)) return forbidden("The unit is outside your part of the organisation.");
  if (a.role != Role::administrator && unit_id == a.scope_root)
    return forbidden("Only a level above may change the unit you head.");
  return Ok{};
}

Status check_unit_create(const org::OrgSnapshot& s, const Actor& a, Id parent_id) {
  if (!has(a.role, Permission::org_write)) return forbidden("Your role may not change the organisation.");
  if (!can_see_unit(s, a, parent_id)) return forbidden("The parent unit is outside your part of the organisation.");
  return Ok{};
}

Status check_staff_write(const org::OrgSnapshot& s, const Actor& a, Role role, Id unit_id) {
  if (!has(a.role, Permission::org_write)) return forbidden("Your role may not manage staff.");
  if (!can_see_unit(s, a, unit_id)) return forbidden("The unit is outside your part of the organisation.");
  if (a.role != Role::administrator && org::rank(role) <= org::rank(a.role))
    return forbidden("You may only manage staff in roles below your own.");
  return Ok{};
}

int wait_before_attempt(const LoginPolicy& p, const LoginState& st, Millis now) {
  if (st.locked_until > now) return static_cast<int>((st.locked_until - now + 999) / 1000);
  if (st.failures >= p.slow_after && st.failures < p.max_failures) {
    const Millis wait_ms = 1000LL << std::min(st.failures - p.slow_after, 20);
    const Millis ready = st.last_failed_at + wait_ms;
    if (ready > now) return static_cast<int>((ready - now + 999) / 1000);
  }
  return 0;
}

LoginState after_failure(const LoginPolicy& p, LoginState st, Millis now) {
  if (st.locked_until && st.locked_until <= now) st.failures = 0;  // an expired lock starts afresh
  st.failures += 1;
  st.last_failed_at = now;
  st.locked_until = st.failures >= p.max_failures ? now + p.lock_minutes * 60000LL : 0;
  return st;
}

Status check_password(const std::string& field, const std::string& pw) {
  if (pw.size() < 10) return invalid(field, "must be at least 10 characters");
  if (pw.size() > 200) return invalid(field, "must be at most 200 characters");
  if (pw.find_first_not_of(pw[0]) == std::string::npos) return invalid(field, "must not repeat one character");
  return Ok{};
}

}  // namespace bc::auth
