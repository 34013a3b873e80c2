#include "domain/orders/lifecycle.hpp"

#include <array>

namespace bc::orders {
namespace {
using S = State;
using org::Role;

constexpr std::array kFromNew{S::created, S::returned, S::reopened};
constexpr std::array kFromWorking{S::assigned, S::accepted, S::appointment_booked, S::en_route, S::on_site, S::waiting};
constexpr std::array kFromAssigned{S::assigned};
constexpr std::array kFromBookable{S::accepted, S::appointment_booked, S::waiting};
constexpr std::array kFromDepartable{S::accepted, S::appointment_booked};
constexpr std::array kFromArrivable{S::accepted, S::appointment_booked, S::en_route};
constexpr std::array kFromInHand{S::accepted, S::appointment_booked, S::en_route, S::on_site};
constexpr std::array kFromWaiting{S::waiting};
constexpr std::array kFromResolvable{S::accepted, S::appointment_booked, S::en_route, S::on_site};
constexpr std::array kFromResolved{S::resolved};
constexpr std::array kFromConfirmed{S::confirmed};
constexpr std::array kFromReturnable{S::assigned, S::accepted};
constexpr std::array kFromCancellable{S::created,  S::assigned, S::accepted, S::appointment_booked, S::en_route,
                                      S::on_site,  S::waiting,  S::returned, S::reopened};
constexpr std::array kFromFinished{S::resolved, S::confirmed, S::closed};

const std::array<Rule, 14> kRules{{
    {Action::assign, kFromNew, S::assigned, kHead | kSystem, false},
    {Action::reassign, kFromWorking, S::assigned, kHead, true},
    {Action::accept, kFromAssigned, S::accepted, kAssignee, false},
    {Action::book, kFromBookable, S::appointment_booked, kAssignee, false},
    {Action::depart, kFromDepartable, S::en_route, kAssignee, false},
    {Action::arrive, kFromArrivable, S::on_site, kAssignee, false},
    {Action::wait, kFromInHand, S::waiting, kAssignee, true},
    {Action::resume, kFromWaiting, S::accepted, kAssignee | kHead, false},
    {Action::resolve, kFromResolvable, S::resolved, kAssignee, false},
    {Action::callback, kFromResolved, S::confirmed, kDesk, false},
    {Action::close, kFromConfirmed, S::closed, kHead | kSystem, false},
    {Action::return_, kFromReturnable, S::returned, kAssignee, true},
    {Action::cancel, kFromCancellable, S::cancelled, kHead | kDesk, true},
    {Action::reopen, kFromFinished, S::reopened, kHead | kDesk, true},
}};

bool is_head(Role r) {
  return r == Role::community_head || r == Role::office_head || r == Role::centre_manager ||
         r == Role::administrator;
}

std::string who_text(unsigned who) {
  std::string out;
  auto add = [&](unsigned bit, const char* name) {
    if (!(who & bit)) return;
    if (!out.empty()) out += " or ";
    out += name;
  };
  add(kAssignee, "the assigned manager");
  add(kHead, "a community or office head over the order");
  add(kDesk, "the hotline desk");
  add(kSystem, "the system");
  return out;
}

}  // namespace

const Rule* rule_for(Action a) {
  for (const auto& r : kRules)
    if (r.action == a) return &r;
  return nullptr;
}

std::span<const Rule> all_rules() { return kRules; }

bool needs_site_visit(OrderType t) {
  return t == OrderType::new_line || t == OrderType::move || t == OrderType::hazard || t == OrderType::care_visit;
}

unsigned relation(const org::OrgSnapshot& s, const auth::Actor& a, const Order& o) {
  unsigned rel = 0;
  if (a.staff_id && a.staff_id == o.routing.assignee_id) rel |= kAssignee;
  const bool in_scope = o.routing.community_id && auth::can_see_unit(s, a, o.routing.community_id);
  if (in_scope && is_head(a.role)) rel |= kHead | kDesk;
  if (in_scope && a.role == Role::hotline_agent) rel |= kDesk;
  return rel;
}

Status check(const org::OrgSnapshot& s, const auth::Actor& a, const Order& o, Action action, const std::string& reason) {
  const Rule* r = rule_for(action);
  if (!r) return invalid("action", "is not a known action");
  bool from_ok = false;
  for (State st : r->from) from_ok = from_ok || st == o.state;
  if (action == Action::resolve && needs_site_visit(o.type) && o.state != State::on_site) from_ok = false;
  if (!from_ok) {
    Error e(Errc::conflict, "The order is " + std::string(to_string(o.state)) + "; '" +
                                std::string(to_string(action)) + "' is not allowed from there.");
    e.current_version = o.version;
    if (action == Action::resolve && needs_site_visit(o.type))
      e.field("action", "a " + std::string(to_string(o.type)) + " is resolved on site: mark 'arrive' first");
    else
      e.field("action", "not allowed while the order is " + std::string(to_string(o.state)));
    return e;
  }
  if (!(relation(s, a, o) & r->who))
    return forbidden("Only " + who_text(r->who & ~static_cast<unsigned>(kSystem)) + " may " +
                     std::string(to_string(action)) + " this order.");
  if (r->needs_reason && reason.find_first_not_of(" \t\r\n") == std::string::npos)
    return unprocessable("reason", "is required to " + std::string(to_string(action)) + " an order");
  return Ok{};
}

State next_state(const Order& o, Action action) {
  if (action == Action::resume) return o.resume_state;
  const Rule* r = rule_for(action);
  return r ? r->to : o.state;
}

std::vector<Action> available(const org::OrgSnapshot& s, const auth::Actor& a, const Order& o) {
  std::vector<Action> out;
  const unsigned rel = relation(s, a, o);
  for (const auto& r : kRules) {
    if (!(rel & r.who)) continue;
    bool from_ok = false;
    for (State st : r.from) from_ok = from_ok || st == o.state;
    if (r.action == Action::resolve && needs_site_visit(o.type) && o.state != State::on_site) from_ok = false;
    if (from_ok) out.push_back(r.action);
  }
  return out;
}

}  // namespace bc::orders
