// The work order's life as a table: which action is allowed from which state, who may take it,
// where it leads and what it needs (docs/work-orders.md). Pure functions; thread-safe.
#pragma once
#include <cstdint>
#include <span>
#include <string>

#include "core/error.hpp"
#include "domain/auth/access.hpp"
#include "domain/orders/model.hpp"

namespace bc::orders {

// Who may take an action on an order.
enum Who : unsigned {
  kAssignee = 1,  // the manager the order is assigned to
  kHead = 2,      // a community head, office head, centre manager or administrator over its community
  kDesk = 4,      // a hotline agent (or a head) working the order from the desk: callbacks, reopening
  kSystem = 8,    // routing and escalation
};

struct Rule {
  Action action;
  std::span<const State> from;
  State to;  // for resume: the order's resume_state instead
  unsigned who;
  bool needs_reason;
};

const Rule* rule_for(Action a);
std::span<const Rule> all_rules();

// Types whose work is done at the subscriber's premises: resolve only from on_site.
bool needs_site_visit(OrderType t);

// What the actor is to this order (a combination of Who bits); 0: nothing, they may only read it.
unsigned relation(const org::OrgSnapshot& s, const auth::Actor& a, const Order& o);

// Whether `a` may take `action` on `o` now: a 409 when the state does not allow it (with the
// current state named), a 403 when the actor may not, a 422 when something the action needs is
// missing. `reason` is the free text given with the action.
Status check(const org::OrgSnapshot& s, const auth::Actor& a, const Order& o, Action action, const std::string& reason);
// The state an allowed action leads to.
State next_state(const Order& o, Action action);
// Actions the actor could take on the order now (the console's buttons).
std::vector<Action> available(const org::OrgSnapshot& s, const auth::Actor& a, const Order& o);

}  // namespace bc::orders
