#include "domain/orders/service.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <map>

#include <pthread.h>

#include "domain/orders/calendar.hpp"
#include "domain/orders/deadlines.hpp"
#include "domain/orders/lifecycle.hpp"
#include "domain/orders/routing.hpp"
#include "domain/org/service.hpp"
#include "domain/plant/ownership.hpp"
#include "domain/plant/service.hpp"

namespace bc::orders {
namespace json = boost::json;
namespace {

constexpr Millis kDay = 86'400'000;
constexpr Millis kRepeatWindow = 30 * kDay;

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

Channel default_channel(org::Role r) {
  switch (r) {
    case org::Role::area_manager: return Channel::manager;
    case org::Role::hotline_agent: return Channel::hotline;
    default: return Channel::business_hall;
  }
}

std::vector<Pause> as_pauses(const std::vector<PauseRecord>& in) {
  std::vector<Pause> out;
  for (const auto& p : in)
    if (auto r = pause_reason_from(p.reason)) out.push_back(Pause{p.started_at, p.ended_at, *r});
  return out;
}

Event event_for(const auth::Actor* a, const Order& o, std::string action, State from, std::string note, Millis at) {
  Event e;
  e.order_id = o.id;
  e.at = at;
  if (a) {
    e.actor_id = a->staff_id;
    e.actor_name = a->name;
  }
  e.action = std::move(action);
  e.from = from;
  e.to = o.state;
  e.note = std::move(note);
  e.community_id = o.routing.community_id;
  e.assignee_id = o.routing.assignee_id;
  return e;
}

std::string routing_detail(const Routing& r) {
  return json::serialize(json::object{{"reason", to_string(r.reason)},
                                      {"areaId", r.area_id},
                                      {"communityId", r.community_id},
                                      {"assigneeId", r.assignee_id},
                                      {"explainEn", r.explain_en},
                                      {"explainZh", r.explain_zh}});
}

// Forwards to the store's writer and keeps a copy of every event written, for the hub.
class RecordingWriter final : public OrderWriter {
 public:
  RecordingWriter(OrderWriter& w, std::vector<Event>& events) : w_(w), events_(events) {}
  Millis now() const override { return w_.now(); }
  void insert_order(Order& o) override { w_.insert_order(o); }
  bool update_order(const Order& o, const Order& before) override { return w_.update_order(o, before); }
  void insert_event(Event& e) override {
    w_.insert_event(e);
    events_.push_back(e);
  }
  void start_pause(Id order_id, Millis at, const std::string& reason) override { w_.start_pause(order_id, at, reason); }
  void end_pause(Id order_id, Millis at) override { w_.end_pause(order_id, at); }
  void save_idempotent(Id actor, const std::string& key, const org::IdempotentResponse& r) override {
    w_.save_idempotent(actor, key, r);
  }
  bool set_escalation(Id order_id, std::int64_t version, std::int32_t from, std::int32_t to, Millis next_at) override {
    return w_.set_escalation(order_id, version, from, to, next_at);
  }
  std::int32_t first_free_pair(Id box_id, std::int32_t capacity) override { return w_.first_free_pair(box_id, capacity); }
  bool pair_free(Id box_id, std::int32_t pair_no) override { return w_.pair_free(box_id, pair_no); }
  Id insert_service(const NewService& s) override { return w_.insert_service(s); }
  Id insert_customer(const NewCustomer& c) override { return w_.insert_customer(c); }
  std::optional<std::string> move_service(Id service_id, Id box_id, std::int32_t pair_no, Millis at) override {
    return w_.move_service(service_id, box_id, pair_no, at);
  }
  bool put_deadline_setting(const DeadlineSetting& s) override { return w_.put_deadline_setting(s); }
  void put_calendar_day(const DayOverride& d) override { w_.put_calendar_day(d); }
  bool set_dues(Id order_id, std::int64_t version, Millis commit_due, Millis legal_due, Millis next_escalation) override {
    return w_.set_dues(order_id, version, commit_due, legal_due, next_escalation);
  }
  bool remove_calendar_day(const Date& d) override { return w_.remove_calendar_day(d); }

 private:
  OrderWriter& w_;
  std::vector<Event>& events_;
};

}  // namespace

struct OrderService::Pending {
  const std::function<Status(OrderWriter&)>* fn = nullptr;
  std::vector<Event> events;  // written by the change, published when its group commits
  Status result = Ok{};
  std::exception_ptr error;   // an exception of the change (or of the commit), rethrown to its caller
  bool done = false;          // under group_mu_
  std::condition_variable cv;
};

Status OrderService::write(const std::function<Status(OrderWriter&)>& fn) {
  Pending me;
  me.fn = &fn;
  {
    std::unique_lock lk(group_mu_);
    queue_.push_back(&me);
    if (!writer_busy_) writer_cv_.notify_one();
    me.cv.wait(lk, [&] { return me.done; });
  }
  if (me.error) std::rethrow_exception(me.error);
  return std::move(me.result);
}

// One thread writes every group: it never waits to be woken between groups while writers queue,
// and request threads only build their changes and wait for their answers.
void OrderService::writer_loop() {
  pthread_setname_np(pthread_self(), "bc-order-writer");  // in top, perf and /proc/PID/task
  std::vector<Pending*> group;
  std::unique_lock lk(group_mu_);
  for (;;) {
    writer_busy_ = false;
    writer_cv_.wait(lk, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, nothing left
    writer_busy_ = true;
    group.clear();
    while (!queue_.empty() && group.size() < kMaxGroup) {
      group.push_back(queue_.front());
      queue_.pop_front();
    }
    lk.unlock();
    try {
      run_group(group);
    } catch (...) {  // not the database's (run_group hands those to each change): e.g. out of memory
      const auto e = std::current_exception();
      for (auto* p : group) p->error = e;
    }
    lk.lock();
    // Woken under the lock: a writer returns (and its Pending goes) only after seeing `done` under it.
    for (auto* p : group) {
      p->done = true;
      p->cv.notify_one();
    }
  }
}

void OrderService::run_group(const std::vector<Pending*>& group) {
  std::vector<OrderRepository::Change> changes;
  changes.reserve(group.size());
  for (auto* p : group)
    changes.emplace_back([p](OrderWriter& w) -> Status {
      p->events.clear();
      p->error = nullptr;
      RecordingWriter rec(w, p->events);
      try {
        return (*p->fn)(rec);
      } catch (...) {
        p->error = std::current_exception();
        throw;
      }
    });
  std::vector<const OrderRepository::Change*> refs;
  refs.reserve(changes.size());
  for (const auto& c : changes) refs.push_back(&c);
  std::vector<Status> results;
  try {
    results = repo_.write_group(refs);
  } catch (...) {  // the transaction failed: nothing of the group was written
    const auto e = std::current_exception();
    for (auto* p : group) p->error = e;
    return;
  }
  std::vector<Event> committed;
  for (std::size_t i = 0; i < group.size(); ++i) {
    auto* p = group[i];
    if (results[i]) {
      for (auto& e : p->events) committed.push_back(std::move(e));
    } else if (results[i].error().code == Errc::conflict) {
      p->error = nullptr;  // a unique-key clash: the caller gets a 409, not the exception
    }
    p->events.clear();
    p->result = std::move(results[i]);
  }
  hub_.publish(std::move(committed));
  commits_.fetch_add(1, std::memory_order_relaxed);
  changes_.fetch_add(group.size(), std::memory_order_relaxed);
}

// Each type's own fields in `details` (docs/work-orders.md): known keys with their kinds; anything
// else is refused so a typo is not silently lost.
static void check_details(OrderType type, const std::string& details_json, Error& e) {
  json::error_code ec;
  json::value v = json::parse(details_json.empty() ? std::string("{}") : details_json, ec);
  if (ec || !v.is_object()) {
    e.field("details", "must be an object with the type's own fields");
    return;
  }
  enum Kind { text, count, choice };
  struct Field {
    const char* name;
    Kind kind;
    std::vector<const char*> choices;
  };
  const std::vector<const char*> kNone;
  std::vector<Field> fields;
  switch (type) {
    case OrderType::new_line:
      fields = {{"number", text, kNone}, {"serviceKind", choice, {"fixed_line", "broadband"}}, {"speedMbps", count, kNone},
                {"monthlyFeeFen", count, kNone}, {"boxCode", text, kNone}, {"customerName", text, kNone},
                {"customerKind", choice, {"person", "business"}}};
      break;
    case OrderType::move: fields = {{"toBoxCode", text, kNone}, {"toAddress", text, kNone}}; break;
    case OrderType::feature:
      fields = {{"feature", choice, {"caller_id", "call_waiting", "call_forwarding", "barring", "other"}},
                {"remove", choice, {"yes", "no"}}};
      break;
    case OrderType::broadband:
      fields = {{"speedMbps", count, kNone}, {"account", text, kNone}, {"change", choice, {"open", "speed", "close"}}};
      break;
    case OrderType::fault:
      fields = {{"symptom", choice, {"no_dial_tone", "noise", "cannot_call", "cannot_receive", "broadband_down", "slow", "other"}}};
      break;
    case OrderType::complaint: fields = {{"category", choice, {"repair", "install", "attitude", "billing", "other"}}}; break;
    case OrderType::care_visit: fields = {{"careFlag", choice, {"elderly_alone", "bedridden", "disabled", "other"}}}; break;
    case OrderType::hazard: fields = {{"hazard", choice, {"box_door", "pole_leaning", "cable_low", "cable_damaged", "other"}}}; break;
    case OrderType::other: fields = {{"note", text, kNone}}; break;
  }
  for (const auto& [key, value] : v.as_object()) {
    const std::string name = "details." + std::string(key);
    const Field* f = nullptr;
    for (const auto& x : fields)
      if (key == x.name) f = &x;
    if (!f) {
      e.field(name, "is not a field of a " + std::string(to_string(type)) + " order");
      continue;
    }
    if (f->kind == count) {
      if (!value.is_int64() || value.as_int64() < 0) e.field(name, "must be a whole number, 0 or more");
    } else if (!value.is_string() || value.as_string().size() > 200) {
      e.field(name, "must be text of at most 200 bytes");
    } else if (f->kind == choice) {
      bool ok = false;
      std::string list;
      for (const char* c : f->choices) {
        ok = ok || value.as_string() == c;
        list += (list.empty() ? "" : ", ") + std::string(c);
      }
      if (!ok) e.field(name, "must be one of " + list);
    }
  }
}

Status validate(const CreateInput& in) {
  Error e(Errc::invalid, "The request has invalid fields.");
  if (!in.type) e.field("type", "is required");
  if (blank(in.summary)) e.field("summary", "is required: what the subscriber asks for or reports");
  else if (in.summary.size() > 2000) e.field("summary", "must be at most 2000 bytes");
  for (auto [name, v] : {std::pair{"contactName", &in.contact_name}, std::pair{"contactPhone", &in.contact_phone},
                         std::pair{"address", &in.address}, std::pair{"number", &in.number},
                         std::pair{"boxCode", &in.box_code}, std::pair{"externalRef", &in.external_ref}})
    if (v->size() > 200) e.field(name, "must be at most 200 bytes");
  if (in.fee_fen < 0) e.field("feeFen", "must not be negative");
  if (in.channel == Channel::network_alarm && blank(in.external_ref))
    e.field("externalRef", "is required for a network alarm: the alarm's id in the network management system");
  if (in.type == OrderType::complaint && in.about_order_id < 0) e.field("aboutOrderId", "must be an order id");
  if (in.type) check_details(*in.type, in.details_json, e);
  if (!e.fields.empty()) return e;
  return Ok{};
}

OrderService::OrderService(OrderRepository& repo, org::OrgService& org, plant::PlantService& plant, TimeZone tz)
    : repo_(repo), org_(org), plant_(plant), tz_(tz),
      calendar_(std::make_shared<const BusinessCalendar>(BusinessCalendar::china_default(tz))) {
  hub_.start_at(repo_.last_event_id());
  reload_deadlines();
  reload_calendar();
  writer_ = std::thread([this] { writer_loop(); });
}

OrderService::~OrderService() {
  {
    std::lock_guard lk(group_mu_);
    stopping_ = true;
  }
  writer_cv_.notify_one();
  writer_.join();  // after writing whatever was still queued
}

void OrderService::reload_calendar() {
  auto days = repo_.calendar_days();
  std::vector<DayOverride> all = BusinessCalendar::china_overrides();
  all.insert(all.end(), days.begin(), days.end());  // a later entry for the same date wins
  auto cal = std::make_shared<const BusinessCalendar>(tz_, WorkingHours{}, std::move(all));
  {
    std::lock_guard lk(settings_mu_);
    configured_days_ = std::move(days);
  }
  std::atomic_store(&calendar_, std::move(cal));
}

Result<std::vector<OrderService::CalendarDay>> OrderService::calendar_days(int year) const {
  if (year < 2000 || year > 2100) return invalid("year", "must be 2000 to 2100");
  std::vector<CalendarDay> out;
  std::lock_guard lk(settings_mu_);
  for (const auto& d : BusinessCalendar::china_overrides())
    if (d.date.y == year) out.push_back({d, "built_in"});
  for (const auto& d : configured_days_) {
    if (d.date.y != year) continue;
    std::erase_if(out, [&](const CalendarDay& x) { return x.day.date == d.date; });
    out.push_back({d, "configured"});
  }
  std::sort(out.begin(), out.end(), [](const CalendarDay& a, const CalendarDay& b) { return a.day.date < b.day.date; });
  return out;
}

int OrderService::recompute_working_deadlines(const auth::Actor* by, const std::string& why) {
  const Millis now = now_ms();
  int changed = 0;
  struct Was {
    Millis commit, legal;
  };
  std::map<Id, Was> was;  // each moved order's due times before the change, for its timeline
  OrderQuery q;
  q.states.assign(kOpenStates.begin(), kOpenStates.end());
  q.limit = 500;
  q.oldest_first = true;
  // The order's due times on today's calendar; false when they stay where they are.
  auto recompute = [&](Order& o, const std::vector<PauseRecord>& pauses) {
    const DeadlinePolicy p = policy_of(o);
    if (p.legal.clock != ClockKind::working && p.commitment.clock != ClockKind::working) return false;
    const Millis commit = o.commit_due_at, legal = o.legal_due_at;
    set_deadlines(o, pauses, now);
    o.next_escalation_at = next_escalation(o, pauses, now);
    if (o.commit_due_at == commit && o.legal_due_at == legal) return false;
    was.insert_or_assign(o.id, Was{commit, legal});
    return true;
  };
  auto when = [&](Millis t) { return t ? format_iso8601(t, tz_) : std::string("none"); };
  auto moved_event = [&](const Order& o) {
    const Was w = was.at(o.id);
    Event ev = event_for(by, o, "deadline_moved", o.state, "", now);
    ev.note = (why.empty() ? std::string("The business calendar changed") : why) +
              ": the operator's deadline moved from " + when(w.commit) + " to " + when(o.commit_due_at) +
              ", the legal limit from " + when(w.legal) + " to " + when(o.legal_due_at) + ".";
    ev.detail_json = json::serialize(json::object{{"commitDueFrom", w.commit}, {"commitDueTo", o.commit_due_at},
                                                  {"legalDueFrom", w.legal}, {"legalDueTo", o.legal_due_at}});
    return ev;
  };
  for (;;) {
    OrderPage page = repo_.list(q);
    std::vector<Order> moved;
    for (Order o : page.orders) {
      auto it = page.pauses.find(o.id);
      if (recompute(o, it == page.pauses.end() ? std::vector<PauseRecord>{} : it->second)) moved.push_back(std::move(o));
    }
    // Written only on the version read: an order someone changed meanwhile (an action, the sweeper)
    // is read again and recomputed, so neither change overwrites the other.
    for (int attempt = 0; !moved.empty() && attempt < 5; ++attempt) {
      std::vector<Id> raced;
      auto st = write([&](OrderWriter& w) -> Status {
        raced.clear();
        for (const auto& o : moved) {
          if (!w.set_dues(o.id, o.version, o.commit_due_at, o.legal_due_at, o.next_escalation_at)) raced.push_back(o.id);
          else {
            Event ev = moved_event(o);
            w.insert_event(ev);
          }
        }
        return Ok{};
      });
      if (!st) break;
      changed += static_cast<int>(moved.size() - raced.size());
      moved.clear();
      for (Id id : raced)
        if (auto o = repo_.get(id); o && is_open(o->state) && recompute(*o, repo_.pauses_of(id))) moved.push_back(std::move(*o));
    }
    if (static_cast<int>(page.orders.size()) < q.limit) break;
    q.offset += q.limit;
  }
  return changed;
}

Result<OrderService::CalendarDay> OrderService::set_calendar_day(const auth::Actor& a, const DayOverride& d) {
  if (a.role != org::Role::administrator) return forbidden("Only administrators change the business calendar.");
  if (d.name.size() > 100) return unprocessable("name", "must be at most 100 bytes");
  auto st = write([&](OrderWriter& w) -> Status {
    w.put_calendar_day(d);
    return Ok{};
  });
  if (!st) return st.error();
  reload_calendar();
  recompute_working_deadlines(&a, d.date.format() + " made " + (d.kind == DayKind::holiday ? "a holiday" : "a working day") +
                                      (d.name.empty() ? "" : " (" + d.name + ")"));
  return CalendarDay{d, "configured"};
}

Status OrderService::remove_calendar_day(const auth::Actor& a, const Date& d) {
  if (a.role != org::Role::administrator) return forbidden("Only administrators change the business calendar.");
  bool removed = false;
  auto st = write([&](OrderWriter& w) -> Status {
    removed = w.remove_calendar_day(d);
    return Ok{};
  });
  if (!st) return st.error();
  if (!removed) return not_found("Configured calendar day");
  reload_calendar();
  recompute_working_deadlines(&a, d.format() + " back to the built-in calendar");
  return Ok{};
}

void OrderService::reload_deadlines() {
  auto rows = repo_.deadline_settings();
  std::lock_guard lk(settings_mu_);
  settings_ = std::move(rows);
}

DeadlinePolicy OrderService::policy_for(OrderType type, bool rural, Id network_id) const {
  std::lock_guard lk(settings_mu_);
  const DeadlineSetting* province = nullptr;
  for (const auto& d : settings_) {
    if (d.type != type || d.rural != rural) continue;
    if (network_id && d.network_id == network_id) return d.policy;
    if (d.network_id == 0) province = &d;
  }
  return province ? province->policy : default_policy(to_string(type), rural);
}

DeadlinePolicy OrderService::policy_of(const Order& o) const {
  if (!o.policy.legal.none() || !o.policy.commitment.none()) return o.policy;
  return policy_for(o.type, o.routing.rural, o.routing.network_id);
}

Result<std::vector<OrderService::DeadlineRow>> OrderService::deadline_table(const auth::Actor& a, Id network_id) {
  auto snap = org_.snapshot();
  if (network_id) {
    const org::Unit* u = snap->unit(network_id);
    if (!u || u->kind != org::UnitKind::local_network || !auth::can_see_unit(*snap, a, network_id))
      return invalid("networkId", "must be a local network in your part of the organisation");
  }
  std::vector<DeadlineRow> out;
  std::lock_guard lk(settings_mu_);
  for (const auto& label : kOrderTypeLabels) {
    const OrderType t = *parse_order_type(label.value);
    for (bool rural : {false, true}) {
      DeadlineRow row;
      row.setting.network_id = network_id;
      row.setting.type = t;
      row.setting.rural = rural;
      row.setting.policy = default_policy(label.value, rural);
      row.source = "built_in";
      for (const auto& d : settings_) {
        if (d.type != t || d.rural != rural) continue;
        if (d.network_id == 0 && row.source == "built_in") {
          row.setting.policy = d.policy;
          row.source = "province";
          if (!network_id) row.setting = d;
        }
        if (network_id && d.network_id == network_id) {
          row.setting = d;
          row.source = "network";
        }
      }
      if (network_id && row.source != "network") row.setting.version = 0;  // not yet configured for the network
      out.push_back(row);
    }
  }
  return out;
}

Result<DeadlineSetting> OrderService::set_deadline(const auth::Actor& a, DeadlineSetting d, std::int64_t if_match) {
  auto snap = org_.snapshot();
  if (a.role != org::Role::administrator && a.role != org::Role::centre_manager)
    return forbidden("Only administrators and centre managers set deadlines.");
  if (d.network_id == 0 && a.role != org::Role::administrator)
    return forbidden("Only administrators set the province-wide deadlines.");
  if (d.network_id) {
    const org::Unit* u = snap->unit(d.network_id);
    if (!u || u->kind != org::UnitKind::local_network) return unprocessable("networkId", "must be a local network");
    if (!auth::can_see_unit(*snap, a, d.network_id))
      return forbidden("That local network is outside your part of the organisation.");
  }
  constexpr long long kMaxMinutes = 366LL * 24 * 60;
  Error e(Errc::unprocessable, "The deadlines are not valid.");
  for (auto [name, lim] : {std::pair{"legal.minutes", d.policy.legal}, std::pair{"commitment.minutes", d.policy.commitment}})
    if (lim.minutes < 0 || lim.minutes > kMaxMinutes) e.field(name, "must be 0 (no limit) to 527040 (366 days)");
  // The operator's own promise is the tighter one (it is the one the community is steered by).
  if (!d.policy.legal.none() && !d.policy.commitment.none() && d.policy.legal.clock == d.policy.commitment.clock &&
      d.policy.commitment.minutes > d.policy.legal.minutes)
    e.field("commitment.minutes", "must not be longer than the legal limit");
  if (!e.fields.empty()) return e;
  d.version = if_match + 1;
  d.updated_by = a.staff_id;
  d.updated_at = now_ms();
  auto st = write([&](OrderWriter& w) -> Status {
    if (!w.put_deadline_setting(d)) return stale(if_match);
    return Ok{};
  });
  if (!st) {
    reload_deadlines();
    Error err = st.error();
    if (err.code == Errc::conflict) {
      std::lock_guard lk(settings_mu_);
      err.current_version = 0;
      for (const auto& x : settings_)
        if (x.network_id == d.network_id && x.type == d.type && x.rural == d.rural) err.current_version = x.version;
    }
    return err;
  }
  reload_deadlines();
  return d;
}

bool OrderService::visible(const org::OrgSnapshot& s, const auth::Actor& a, const Order& o) const {
  return auth::can_see_unit(s, a, o.routing.community_id) || (a.staff_id && a.staff_id == o.routing.assignee_id);
}

bool OrderService::sees(const auth::Actor& a, const Event& e) const {
  return (a.staff_id && a.staff_id == e.assignee_id) || auth::can_see_unit(*org_.snapshot(), a, e.community_id);
}

PolicyReading OrderService::clocks(const Order& o, const std::vector<PauseRecord>& pauses) const {
  const Millis stop = o.resolved_at ? o.resolved_at : now_ms();
  return read_policy(policy_of(o), o.created_at, as_pauses(pauses), stop, *calendar());
}

void OrderService::set_deadlines(Order& o, const std::vector<PauseRecord>& pauses, Millis now) const {
  const DeadlinePolicy p = policy_of(o);
  const auto ps = as_pauses(pauses);
  o.commit_due_at = due_at(p.commitment, o.created_at, ps, *calendar(), now);
  o.legal_due_at = due_at(p.legal, o.created_at, ps, *calendar(), now);
}

Millis OrderService::next_escalation(const Order& o, const std::vector<PauseRecord>& pauses, Millis now) const {
  if (!is_open(o.state) || o.paused_since || o.escalation >= 2) return 0;
  const Limit limit = policy_of(o).commitment;
  if (limit.none()) return 0;
  const auto ps = as_pauses(pauses);
  // Escalations follow the operator's own commitment: 75 % to the community head, breach to the office head.
  const Millis at = o.escalation == 0 ? escalation_at(limit, o.created_at, ps, *calendar(), kAtRiskFraction, now)
                                      : due_at(limit, o.created_at, ps, *calendar(), now) + 1;
  return at > 0 ? at : 0;
}

int OrderService::escalate_due(Millis now, int limit) {
  int done = 0;
  auto snap = org_.snapshot();
  for (const Order& o : repo_.due_for_escalation(now, limit)) {
    const auto pauses = repo_.pauses_of(o.id);
    const Limit commitment = policy_of(o).commitment;
    const ClockReading r = read_clock(commitment, o.created_at, as_pauses(pauses), now, *calendar());
    const Escalation e = escalation_for(r);
    const std::int32_t level = e == Escalation::office_head ? 2 : e == Escalation::community_head ? 1 : 0;
    Order next = o;
    next.escalation = std::max(o.escalation, level);
    next.next_escalation_at = next_escalation(next, pauses, now);
    if (next.next_escalation_at && next.next_escalation_at <= now) next.next_escalation_at = now + 60'000;
    auto st = write([&](OrderWriter& w) -> Status {
      // Not on the version read: someone acted on the order or another instance escalated it
      // meanwhile; the next sweep reads it again.
      if (!w.set_escalation(o.id, o.version, o.escalation, next.escalation, next.next_escalation_at)) return Ok{};
      if (next.escalation == o.escalation) return Ok{};  // only rescheduled (the clock was paused meanwhile)
      // Who hears about it: the heads of the order's community (75 %) or office (breach).
      const org::Id unit = level == 2 ? o.routing.office_id : o.routing.community_id;
      const org::Role role = level == 2 ? org::Role::office_head : org::Role::community_head;
      json::array heads;
      std::string names;
      for (const auto& m : snap->all_staff())
        if (m.active && m.role == role && m.unit_id == unit) {
          heads.push_back(m.id);
          names += (names.empty() ? "" : ", ") + m.name;
        }
      Event ev = event_for(nullptr, next, "escalate", o.state, "", now);
      ev.note = level == 2 ? "The operator's deadline passed at " + format_iso8601(r.due_at, tz_) +
                                 "; escalated to the office head" + (names.empty() ? "" : " " + names) + "."
                           : "75% of the operator's deadline used (due " + format_iso8601(r.due_at, tz_) +
                                 "); escalated to the community head" + (names.empty() ? "" : " " + names) + ".";
      ev.detail_json = json::serialize(json::object{{"level", to_string(e)}, {"heads", std::move(heads)},
                                                    {"dueAt", r.due_at}, {"fraction", r.fraction}});
      w.insert_event(ev);
      ++done;
      return Ok{};
    });
    (void)st;
  }
  return done;
}

class OrderService::LineTurn {
 public:
  LineTurn(OrderService& s, Id service_id) : s_(s), id_(service_id) {
    std::unique_lock lk(s_.line_mu_);
    s_.line_cv_.wait(lk, [&] { return !s_.lines_in_turn_.count(id_); });
    s_.lines_in_turn_.insert(id_);
  }
  ~LineTurn() {
    {
      std::lock_guard lk(s_.line_mu_);
      s_.lines_in_turn_.erase(id_);
    }
    s_.line_cv_.notify_all();
  }
  LineTurn(const LineTurn&) = delete;
  LineTurn& operator=(const LineTurn&) = delete;

 private:
  OrderService& s_;
  Id id_;
};

Result<Order> OrderService::create(const auth::Actor& a, const CreateInput& in, const PrepareCreate& prepare) {
  if (auto st = validate(in); !st) return st.error();
  if (a.role == org::Role::auditor) return forbidden("Auditors read; they do not raise work orders.");
  auto snap = org_.snapshot();
  const Millis now = now_ms();

  Order o;
  o.type = *in.type;
  o.channel = in.channel.value_or(default_channel(a.role));
  o.number = in.number;
  o.customer_id = in.customer_id;
  o.contact_name = in.contact_name;
  o.contact_phone = in.contact_phone;
  o.address = in.address;
  o.summary = in.summary;
  o.details_json = in.details_json;
  o.external_ref = in.external_ref;
  o.fee_fen = in.fee_fen;
  o.created_by = a.staff_id;
  o.created_at = o.updated_at = now;

  // Find what owns the request: the line, else the subscriber, else the box (through the
  // ownership index, limited to what the caller may see).
  RouteFrom from;
  from.community_id = in.community_id;
  auto take = [&](const plant::Ownership& own) {
    from.dist_box_id = own.box.id;
    from.box_code = own.box.code;
    from.area_id = own.area ? own.area->id : 0;
    if (own.service && !o.service_id) o.service_id = own.service->id;
    if (own.customer && !o.customer_id) o.customer_id = own.customer->id;
  };
  if (!in.number.empty()) {
    from.what = "line " + in.number;
    from.what_zh = "线路 " + in.number;
    if (auto own = plant_.owner_of_number(a, in.number)) take(*own);
    else if (!in.community_id)
      return unprocessable("number", "is not a line or account in the records you can see; give communityId to queue the order");
  }
  if (!from.dist_box_id && in.customer_id) {
    if (from.what.empty()) {
      from.what = "subscriber " + std::to_string(in.customer_id);
      from.what_zh = "用户 " + std::to_string(in.customer_id);
    }
    auto own = plant_.owner_of_customer(a, in.customer_id);
    if (own) take(*own);
    else if (own.error().code == Errc::not_found && own.error().message.rfind("Customer", 0) == 0)
      return unprocessable("customerId", "no such subscriber in your part of the organisation");
  }
  if (!from.dist_box_id && !in.box_code.empty()) {
    from.what = "distribution box " + in.box_code;
    from.what_zh = "分线盒 " + in.box_code;
    auto own = plant_.owner_of_box(a, in.box_code);
    if (!own) return unprocessable("boxCode", "no distribution box with this code in your part of the organisation");
    take(*own);
  }
  auto routed = route(*snap, from, now, tz_);
  if (!routed) return routed.error();
  o.routing = std::move(routed.value());
  if (!auth::can_see_unit(*snap, a, o.routing.community_id))
    return forbidden("The request belongs to a community outside your part of the organisation.");

  if (in.about_order_id) {
    auto about = repo_.get(in.about_order_id);
    if (!about || !visible(*snap, a, *about)) return unprocessable("aboutOrderId", "no such order in your scope");
    o.about_order_id = about->id;
  }
  if (o.channel == Channel::network_alarm) {
    if (auto dup = repo_.find_by_external_ref(o.channel, o.external_ref)) {
      Error e(Errc::conflict, "This alarm was already raised as order WO" + std::to_string(*dup) + ".");
      e.field("externalRef", "already raised as order " + std::to_string(*dup));
      return e;
    }
  }
  std::optional<LineTurn> turn;  // held until the write below has committed
  if (o.type == OrderType::fault && o.service_id) {
    turn.emplace(*this, o.service_id);
    if (auto prev = repo_.last_fault(o.service_id, now - kRepeatWindow, 0)) o.repeat_of = *prev;
  }
  o.policy = policy_for(o.type, o.routing.rural, o.routing.network_id);
  set_deadlines(o, {}, now);
  o.state = o.routing.assignee_id ? State::assigned : State::created;
  o.next_escalation_at = next_escalation(o, {}, now);

  // The order, its two events and the caller's answer are made here, on the request's thread; the
  // group's writer only writes them (and fills in the order's id), so requests build in parallel
  // while one transaction holds the database's writer lock.
  Event created = event_for(&a, o, "create", State::created, o.summary, now);
  created.to = State::created;
  created.detail_json = json::serialize(json::object{{"channel", to_string(o.channel)},
                                                     {"type", to_string(o.type)},
                                                     {"repeatOf", o.repeat_of}});
  Event routed_ev = event_for(nullptr, o, o.routing.assignee_id ? "assign" : "queue", State::created,
                              o.routing.explain_en, now);
  routed_ev.detail_json = routing_detail(o.routing);
  const AfterOrderWrite after = prepare ? prepare(o) : AfterOrderWrite{};
  Order out = std::move(o);
  auto st = write([&](OrderWriter& w) -> Status {
    w.insert_order(out);
    created.order_id = routed_ev.order_id = out.id;
    w.insert_event(created);
    w.insert_event(routed_ev);
    if (after) after(w, out);
    return Ok{};
  });
  if (!st) return st.error();
  return out;
}

Result<Order> OrderService::get(const auth::Actor& a, Id id) {
  auto o = repo_.get(id);
  if (!o || !visible(*org_.snapshot(), a, *o)) return not_found("Order");
  return std::move(*o);
}

std::vector<Action> OrderService::actions(const auth::Actor& a, const Order& o) {
  return available(*org_.snapshot(), a, o);
}

Result<OrderView> OrderService::view(const auth::Actor& a, Id id) {
  auto o = get(a, id);
  if (!o) return o.error();
  OrderView v;
  v.order = std::move(o.value());
  v.events = repo_.events_of(id);
  v.pauses = repo_.pauses_of(id);
  v.actions = actions(a, v.order);
  return v;
}

bool OrderService::scope(const auth::Actor& a, OrderQuery& q) const {
  auto snap = org_.snapshot();
  const org::Unit* root = snap->unit(a.scope_root);
  if (!root) return false;
  // A filter asking for another unit at the scope's own level finds nothing (not the caller's own).
  auto force = [](Id& field, Id v) {
    if (field && field != v) return false;
    field = v;
    return true;
  };
  switch (root->kind) {
    case org::UnitKind::province: return true;
    case org::UnitKind::local_network:
    case org::UnitKind::centre: return force(q.network_id, snap->enclosing(root->id, org::UnitKind::local_network));
    case org::UnitKind::office: return force(q.office_id, root->id);
    case org::UnitKind::community: return force(q.community_id, root->id);
    case org::UnitKind::area: return force(q.area_id, root->id);
  }
  return false;
}

Result<std::vector<RepeatLine>> OrderService::repeat_lines(const auth::Actor& a, int days, int min_faults) {
  if (days < 1 || days > 366) return invalid("days", "must be 1 to 366");
  if (min_faults < 2 || min_faults > 100) return invalid("minFaults", "must be 2 to 100");
  OrderQuery q;
  if (!scope(a, q)) return std::vector<RepeatLine>{};
  return repo_.repeat_lines(q, now_ms() - days * kDay, min_faults, 500);
}

Result<OrderPage> OrderService::list(const auth::Actor& a, OrderQuery q) {
  if (q.limit < 1 || q.limit > 500) return invalid("limit", "must be between 1 and 500");
  if (q.assignee_id && q.assignee_id == a.staff_id) return repo_.list(q);  // my own, wherever they are
  if (!scope(a, q)) return OrderPage{};
  return repo_.list(q);
}

Result<Order> OrderService::act(const auth::Actor& a, Id id, std::int64_t if_match, const ActionInput& in) {
  // The action is computed from the order as read and written only on that version. When the
  // system changed the order in between (escalation, due times), the action is worked out again on
  // top of it rather than overwriting it; a person's change in between is a 409 as always.
  for (int attempt = 0;; ++attempt) {
    bool raced = false;
    auto r = act_once(a, id, if_match, in, raced);
    if (r || !raced || attempt == 4) return r;
  }
}

Result<Order> OrderService::act_once(const auth::Actor& a, Id id, std::int64_t if_match, const ActionInput& in,
                                     bool& raced) {
  if (!in.action) return invalid("action", "is required");
  const Action action = *in.action;
  auto snap = org_.snapshot();
  auto found = repo_.get(id);
  if (!found || !visible(*snap, a, *found)) return not_found("Order");
  Order o = std::move(*found);
  // Stale only when a person changed the order after the version the caller names: the versions
  // the system alone wrote since (escalation, moved due times) do not conflict with an action.
  if (if_match > o.version || if_match < o.version - o.system_versions) return stale(o.version);
  if (auto st = check(*snap, a, o, action, in.reason); !st) return st.error();

  const Millis now = now_ms();
  const State from = o.state;
  Order next = o;
  next.state = next_state(o, action);
  next.version = o.version + 1;
  next.system_versions = 0;
  next.updated_at = now;
  json::object detail;
  std::optional<Termination> termination;  // resolve of a new line or a move
  std::optional<std::string> pause_start;  // reason
  bool pause_end = false;

  switch (action) {
    case Action::assign:
    case Action::reassign: {
      if (!in.assignee_id) return unprocessable("assigneeId", "is required: the manager who takes the order");
      if (action == Action::assign && *in.assignee_id == 0)
        return unprocessable("assigneeId", "must name a manager; the order is already in the queue");
      auto r = reassign(*snap, o.routing, *in.assignee_id, a, in.reason.empty() ? "assigned" : in.reason);
      if (!r) return r.error();
      next.routing = std::move(r.value());
      if (next.routing.assignee_id == 0) next.state = State::created;  // back to the community's queue
      detail["routing"] = json::parse(routing_detail(next.routing));
      pause_end = o.state == State::waiting;
      break;
    }
    case Action::accept: next.accepted_at = now; break;
    case Action::depart:
    case Action::arrive: break;  // the event (with its coordinates) is the record
    case Action::book: {
      if (!in.appointment_at) return unprocessable("appointmentAt", "is required to book an appointment");
      if (*in.appointment_at < now - 5 * 60'000) return unprocessable("appointmentAt", "must not be in the past");
      if (*in.appointment_at > now + 90 * kDay) return unprocessable("appointmentAt", "must be within 90 days");
      next.appointment_at = *in.appointment_at;
      detail["appointmentAt"] = *in.appointment_at;
      detail["customerRequested"] = in.customer_requested;
      pause_end = o.state == State::waiting;
      if (in.customer_requested) pause_start = "customer_requested_date";
      break;
    }
    case Action::wait: {
      if (!in.wait_for) return unprocessable("waitFor", "is required: customer or material");
      next.resume_state = o.state;
      detail["waitFor"] = to_string(*in.wait_for);
      if (*in.wait_for == WaitFor::customer) pause_start = "customer_unavailable";
      break;
    }
    case Action::resume: pause_end = true; break;
    case Action::resolve: {
      if (o.type == OrderType::fault && !in.cause)
        return unprocessable("cause", "is required to resolve a fault: where it was");
      if (blank(in.resolution)) return unprocessable("resolution", "is required: what was done");
      next.cause = in.cause;
      next.resolution = in.resolution;
      next.resolved_at = now;
      if (in.pair_no) {
        if (in.pair_no < 0) return unprocessable("pairNo", "must be a pair number");
        next.pair_no = in.pair_no;
      }
      if ((o.type == OrderType::new_line || o.type == OrderType::move) && o.legal_due_at)
        next.late_fee_fen = late_fee_owed_fen(o.fee_fen, o.legal_due_at, now);
      if (o.type == OrderType::new_line || o.type == OrderType::move) {
        auto plan = plan_termination(*snap, a, o, in);
        if (!plan) return plan.error();
        termination = std::move(plan.value());
        detail["distBoxId"] = termination->box_id;
        if (termination->pair_no) detail["pairNo"] = termination->pair_no;
      }
      if (in.cause) detail["cause"] = to_string(*in.cause);
      detail["lateFeeFen"] = next.late_fee_fen;
      pause_end = o.paused_since != 0;
      break;
    }
    case Action::callback: {
      if (in.score < 1 || in.score > 5) return unprocessable("score", "must be 1 to 5");
      if (!in.solved) return unprocessable("solved", "is required: did the work solve the subscriber's problem");
      next.satisfaction = in.score;
      next.solved = *in.solved ? 1 : 0;
      detail["score"] = in.score;
      detail["solved"] = *in.solved;
      // Not solved: the work is not done, the order opens again for its manager.
      if (!*in.solved) next.state = State::reopened;
      break;
    }
    case Action::close: next.closed_at = now; break;
    case Action::return_: {
      next.routing.assignee_id = 0;
      next.routing.reason = Routing::Reason::community_queue;
      next.routing.explain_en = a.name + " returned the order to the community's queue: " + in.reason;
      next.routing.explain_zh = a.name + " 退单至社区服务部队列：" + in.reason;
      break;
    }
    case Action::cancel: pause_end = o.paused_since != 0; break;
    case Action::reopen: next.closed_at = 0; break;
  }
  if (in.lat_e6 || in.lng_e6) {
    if (!in.lat_e6 || !in.lng_e6) return unprocessable("lat", "give both lat and lng, or neither");
    if (*in.lat_e6 < -90'000'000 || *in.lat_e6 > 90'000'000) return unprocessable("lat", "must be -90 to 90");
    if (*in.lng_e6 < -180'000'000 || *in.lng_e6 > 180'000'000) return unprocessable("lng", "must be -180 to 180");
  }
  if (pause_end) next.paused_since = 0;
  if (pause_start) next.paused_since = now;

  // Paused or resumed: the deadlines move by the paused time. The next escalation follows the
  // state (none once the work is done or while the clock is paused).
  if (pause_end || pause_start || next.state == State::reopened || next.next_escalation_at == 0 || !is_open(next.state)) {
    auto pauses = repo_.pauses_of(o.id);
    if (pause_end)
      for (auto& p : pauses)
        if (!p.ended_at) p.ended_at = now;
    if (pause_start) pauses.push_back({now, 0, *pause_start});
    if (pause_end || pause_start) set_deadlines(next, pauses, now);
    next.next_escalation_at = next_escalation(next, pauses, now);
  }
  // Solved but scored 1 or 2: the subscriber is unhappy with how it was done — a complaint about
  // the order, in the community's queue (not the manager's own), with its own deadline.
  std::optional<Order> complaint;
  if (action == Action::callback && in.solved.value_or(false) && in.score <= 2) {
    Order c;
    c.type = OrderType::complaint;
    c.channel = Channel::hotline;
    c.routing = o.routing;
    c.routing.assignee_id = 0;
    c.routing.reason = Routing::Reason::community_queue;
    c.routing.explain_en = "Raised by the callback on " + o.code() + " (score " + std::to_string(in.score) +
                           "); waits in the community's queue for its head.";
    c.routing.explain_zh = "由工单 " + o.code() + " 的回访（" + std::to_string(in.score) +
                           " 分）产生的投诉；进入社区服务部队列，由社区经理处理。";
    c.customer_id = o.customer_id;
    c.service_id = o.service_id;
    c.number = o.number;
    c.contact_name = o.contact_name;
    c.contact_phone = o.contact_phone;
    c.address = o.address;
    c.summary = "Callback score " + std::to_string(in.score) + " on " + o.code() +
                (blank(in.reason) ? std::string() : ": " + in.reason);
    c.about_order_id = o.id;
    c.created_by = a.staff_id;
    c.created_at = c.updated_at = now;
    c.policy = policy_for(c.type, c.routing.rural, c.routing.network_id);
    set_deadlines(c, {}, now);
    c.next_escalation_at = next_escalation(c, {}, now);
    complaint = std::move(c);
  }

  Order out;
  auto st = write([&](OrderWriter& w) -> Status {
    if (pause_end && o.paused_since) w.end_pause(o.id, now);
    if (pause_start) w.start_pause(o.id, now, *pause_start);
    if (termination) {
      // The work's effect on the records, in the same transaction as the order's completion.
      const std::int32_t pair = termination->pair_no ? termination->pair_no
                                                     : w.first_free_pair(termination->box_id, termination->capacity);
      if (!pair) return unprocessable("boxCode", "the box " + termination->box_code + " has no free pair");
      if (termination->pair_no && !w.pair_free(termination->box_id, pair))
        return Error(Errc::conflict, "Pair " + std::to_string(pair) + " of " + termination->box_code +
                                         " is in use or marked; choose another.")
            .field("pairNo", "is in use or marked");
      next.pair_no = pair;
      if (o.type == OrderType::new_line) {
        if (!next.customer_id) {  // a new subscriber: their record is created with their first line
          NewCustomer c;
          c.code = "C-" + o.code();
          c.kind = termination->customer_kind;
          c.name = termination->customer_name;
          c.phones = o.contact_phone;
          c.address = o.address;
          c.network_id = o.routing.network_id;
          c.at = now;
          next.customer_id = w.insert_customer(c);
          detail["customerId"] = next.customer_id;
        }
        NewService n;
        n.customer_id = next.customer_id;
        n.network_id = o.routing.network_id;
        n.box_id = termination->box_id;
        n.pair_no = pair;
        n.kind = termination->kind;
        n.number = termination->number;
        n.code = "S-" + o.code();
        n.speed_mbps = termination->speed_mbps;
        n.monthly_fee_fen = termination->monthly_fee_fen;
        n.at = now;
        next.service_id = w.insert_service(n);
        termination->service_id = next.service_id;
      } else {
        auto number = w.move_service(o.service_id, termination->box_id, pair, now);
        if (!number) return unprocessable("serviceId", "the line to move is no longer active");
        termination->number = *number;
        termination->service_id = o.service_id;
      }
      termination->pair_no = pair;
      detail["pairNo"] = pair;
      detail["serviceId"] = termination->service_id;
    }
    if (!w.update_order(next, o)) {
      raced = true;  // changed since it was read: act() reads it again
      return stale(o.version + 1);
    }
    Event e = event_for(&a, next, std::string(to_string(action)), from, in.reason, now);
    if (in.lat_e6) e.lat_e6 = *in.lat_e6, e.lng_e6 = *in.lng_e6;
    e.detail_json = json::serialize(detail);
    w.insert_event(e);
    // A callback that finds the problem unsolved hands the order straight back to its manager.
    if (action == Action::callback && next.state == State::reopened && next.routing.assignee_id) {
      const Order written = next;
      const State was = next.state;
      next.state = State::assigned;
      next.next_escalation_at = next_escalation(next, repo_.pauses_of(o.id), now);
      next.version += 1;
      if (!w.update_order(next, written)) return stale(next.version);
      Event back = event_for(nullptr, next, "assign", was, "reopened by callback: back to " + next.routing.explain_en, now);
      back.detail_json = routing_detail(next.routing);
      w.insert_event(back);
    }
    if (complaint) {
      w.insert_order(*complaint);
      Event ce = event_for(&a, *complaint, "create", State::created, complaint->summary, now);
      ce.detail_json = json::serialize(json::object{{"aboutOrderId", o.id}, {"score", in.score}});
      w.insert_event(ce);
      Event q = event_for(nullptr, *complaint, "queue", State::created, complaint->routing.explain_en, now);
      q.detail_json = routing_detail(complaint->routing);
      w.insert_event(q);
    }
    out = next;
    return Ok{};
  });
  if (!st) return st.error();
  if (termination)  // committed: the ownership index follows the line to its new box
    plant_.line_written(termination->number, termination->service_id, termination->box_id, out.customer_id);
  return out;
}

Result<Termination> OrderService::plan_termination(const org::OrgSnapshot& s, const auth::Actor& a, const Order& o,
                                                   const ActionInput& in) const {
  json::error_code ec;
  json::value parsed = json::parse(o.details_json, ec);
  const json::object empty;
  const json::object& d = !ec && parsed.is_object() ? parsed.as_object() : empty;
  auto text = [&](const char* key) -> std::string {
    const json::value* v = d.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
  };
  auto number_of = [&](const char* key) -> std::int64_t {
    const json::value* v = d.if_contains(key);
    return v && v->is_int64() ? v->as_int64() : 0;
  };
  Termination t;
  std::string box_code = !in.box_code.empty() ? in.box_code : text(o.type == OrderType::move ? "toBoxCode" : "boxCode");
  std::optional<plant::OwnershipIndex::Box> box;
  if (!box_code.empty()) box = plant_.index().box_by_code(box_code);
  else if (o.type == OrderType::new_line && o.routing.dist_box_id) box = plant_.index().box(o.routing.dist_box_id);
  if (!box) {
    return unprocessable("boxCode", box_code.empty() ? "is required: the distribution box the line is terminated on"
                                                     : "no distribution box has this code");
  }
  if (!auth::can_see_unit(s, a, box->area_id))
    return unprocessable("boxCode", "the box is outside your part of the organisation");
  t.box_id = box->id;
  t.box_code = box->code;
  t.capacity = box->capacity;
  t.pair_no = in.pair_no;
  if (t.pair_no > box->capacity) return unprocessable("pairNo", "the box has " + std::to_string(box->capacity) + " pairs");
  if (o.type == OrderType::move) {
    if (!o.service_id) return unprocessable("serviceId", "a move needs the line it moves: raise it by its number");
    return t;
  }
  if (!o.customer_id) {
    // Someone not yet in the archive: the order's contact becomes the subscriber.
    t.customer_name = !text("customerName").empty() ? text("customerName") : o.contact_name;
    t.customer_kind = text("customerKind").empty() ? "person" : text("customerKind");
    if (t.customer_name.find_first_not_of(' ') == std::string::npos)
      return unprocessable("contactName", "a new subscriber needs a name (the order's contact name or details.customerName)");
    if (t.customer_kind != "person" && t.customer_kind != "business")
      return unprocessable("details.customerKind", "must be person or business");
  }
  t.number = !in.number.empty() ? in.number : text("number");
  if (t.number.empty()) return unprocessable("number", "is required: the new line's number or broadband account");
  if (t.number.size() > 40) return unprocessable("number", "must be at most 40 characters");
  t.kind = text("serviceKind").empty() ? "fixed_line" : text("serviceKind");
  if (t.kind != "fixed_line" && t.kind != "broadband")
    return unprocessable("details.serviceKind", "must be fixed_line or broadband (features ride on a line)");
  t.speed_mbps = static_cast<std::int32_t>(number_of("speedMbps"));
  t.monthly_fee_fen = number_of("monthlyFeeFen");
  if (t.speed_mbps < 0 || t.monthly_fee_fen < 0) return unprocessable("details", "speed and fee must not be negative");
  return t;
}

std::string Order::code() const {
  std::string n = std::to_string(id);
  if (n.size() < 8) n.insert(0, 8 - n.size(), '0');
  return "WO" + n;
}

}  // namespace bc::orders
