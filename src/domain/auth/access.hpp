// Who may do what, where. An Actor is the signed-in staff member (or the staff member an API
// token acts for); their scope is a subtree of the organisation. Pure functions; thread-safe.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "domain/org/model.hpp"

namespace bc::auth {

using org::Id;

enum class Permission { org_read, org_write, audit_read, tokens_manage, sessions_manage, pii_reveal };
std::vector<std::string> permission_names(org::Role r);
bool has(org::Role r, Permission p);

struct Actor {
  Id staff_id = 0;
  std::string username, name;
  org::Role role = org::Role::auditor;
  Id unit_id = 0;
  Id scope_root = 0;
  Id session_id = 0;  // the session or API token in use
  bool via_token = false;
};

// A staff member's scope: their unit's subtree; a centre's staff see the whole local network.
Id scope_root_of(const org::OrgSnapshot& s, const org::Staff& staff);
Actor actor_for(const org::OrgSnapshot& s, const org::Staff& staff);

bool can_see_unit(const org::OrgSnapshot& s, const Actor& a, Id unit_id);
bool can_see_staff(const org::OrgSnapshot& s, const Actor& a, const org::Staff& st);
// Edit or retire a unit, or create a unit under `parent`.
Status check_unit_write(const org::OrgSnapshot& s, const Actor& a, Id unit_id);
Status check_unit_create(const org::OrgSnapshot& s, const Actor& a, Id parent_id);
// Create or edit staff of `role` placed in `unit_id`.
Status check_staff_write(const org::OrgSnapshot& s, const Actor& a, org::Role role, Id unit_id);

// Sign-in throttling: after `slow_after` failures in a row, each attempt waits 2^(n-slow_after)
// seconds after the last failure; at `max_failures` the account locks for `lock_minutes`.
struct LoginPolicy {
  int slow_after = 3;
  int max_failures = 5;
  int lock_minutes = 15;
};
struct LoginState {
  int failures = 0;
  Millis last_failed_at = 0;
  Millis locked_until = 0;
};
// Seconds to wait before another attempt is allowed now; 0 when allowed.
int wait_before_attempt(const LoginPolicy& p, const LoginState& st, Millis now);
LoginState after_failure(const LoginPolicy& p, LoginState st, Millis now);

// Passwords: at least 10 characters, at most 200, not all one character.
Status check_password(const std::string& field, const std::string& pw);

}  // namespace bc::auth
