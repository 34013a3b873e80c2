// Work orders on SQLite and PostgreSQL: the same SQL on both (placeholders, RETURNING; the create
// path's kept inserts take SQLite's last rowid instead), NULL for "none" in the reference columns,
// statically typed exchange (see STACK-NOTES on soci::row).
#include <soci/soci.h>

#include <algorithm>
#include <array>
#include <memory>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "store/idempotency_store.hpp"
#include "store/kpi_store.hpp"
#include "store/repositories.hpp"

namespace bc::store {
namespace {
using namespace bc::orders;

// Every column of work_orders, in the order kOrderColumns lists them; NULL references read as 0.
constexpr const char* kOrderColumns =
    "id, type, channel, state, resume_state, network_id, office_id, community_id, COALESCE(area_id, 0), "
    "COALESCE(assignee_id, 0), routing_reason, routing_en, routing_zh, rural, COALESCE(dist_box_id, 0), "
    "COALESCE(customer_id, 0), COALESCE(service_id, 0), pair_no, number, contact_name, contact_phone, address, "
    "summary, details, COALESCE(about_order_id, 0), COALESCE(external_ref, ''), appointment_at, commit_due_at, "
    "legal_due_at, paused_since, escalation, COALESCE(repeat_of, 0), cause, resolution, fee_fen, late_fee_fen, "
    "satisfaction, solved, created_by, created_at, updated_at, accepted_at, resolved_at, closed_at, version, "
    "next_escalation_at, legal_minutes, legal_clock, commit_minutes, commit_clock, system_versions";

struct OrderRow {
  long long id = 0, network = 0, office = 0, community = 0, area = 0, assignee = 0, box = 0, customer = 0,
            service = 0, about = 0, appointment = 0, commit_due = 0, legal_due = 0, paused = 0, repeat = 0, fee = 0,
            late_fee = 0, created_by = 0, created = 0, updated = 0, accepted = 0, resolved = 0, closed = 0, version = 0,
            next_escalation = 0, system_versions = 0;
  int rural = 0, pair = 0, escalation = 0, satisfaction = 0, solved = -1, legal_minutes = 0, commit_minutes = 0;
  std::string type, channel, state, resume, reason, en, zh, number, contact_name, contact_phone, address, summary,
      details, external_ref, cause, resolution, legal_clock, commit_clock;

  void bind(soci::details::prepare_temp_type& p) {
    p, soci::into(id), soci::into(type), soci::into(channel), soci::into(state), soci::into(resume),
        soci::into(network), soci::into(office), soci::into(community), soci::into(area), soci::into(assignee),
        soci::into(reason), soci::into(en), soci::into(zh), soci::into(rural), soci::into(box), soci::into(customer),
        soci::into(service), soci::into(pair), soci::into(number), soci::into(contact_name),
        soci::into(contact_phone), soci::into(address), soci::into(summary), soci::into(details), soci::into(about),
        soci::into(external_ref), soci::into(appointment), soci::into(commit_due), soci::into(legal_due),
        soci::into(paused), soci::into(escalation), soci::into(repeat), soci::into(cause), soci::into(resolution),
        soci::into(fee), soci::into(late_fee), soci::into(satisfaction), soci::into(solved), soci::into(created_by),
        soci::into(created), soci::into(updated), soci::into(accepted), soci::into(resolved), soci::into(closed),
        soci::into(version), soci::into(next_escalation), soci::into(legal_minutes), soci::into(legal_clock),
        soci::into(commit_minutes), soci::into(commit_clock), soci::into(system_versions);
  }

  Order order() const {
    Order o;
    o.id = id;
    o.type = parse_order_type(type).value_or(OrderType::other);
    o.channel = parse_channel(channel).value_or(Channel::hotline);
    o.state = parse_state(state).value_or(State::created);
    o.resume_state = parse_state(resume).value_or(State::accepted);
    o.routing.network_id = network;
    o.routing.office_id = office;
    o.routing.community_id = community;
    o.routing.area_id = area;
    o.routing.assignee_id = assignee;
    o.routing.reason = reason == "responsible" ? Routing::Reason::responsible
                       : reason == "backup"    ? Routing::Reason::backup
                       : reason == "manual"    ? Routing::Reason::manual
                                               : Routing::Reason::community_queue;
    o.routing.explain_en = en;
    o.routing.explain_zh = zh;
    o.routing.rural = rural != 0;
    o.routing.dist_box_id = box;
    o.customer_id = customer;
    o.service_id = service;
    o.pair_no = pair;
    o.number = number;
    o.contact_name = contact_name;
    o.contact_phone = contact_phone;
    o.address = address;
    o.summary = summary;
    o.details_json = details;
    o.about_order_id = about;
    o.external_ref = external_ref;
    o.appointment_at = appointment;
    o.commit_due_at = commit_due;
    o.legal_due_at = legal_due;
    o.paused_since = paused;
    o.escalation = escalation;
    o.repeat_of = repeat;
    if (!cause.empty()) o.cause = parse_fault_cause(cause);
    o.resolution = resolution;
    o.fee_fen = fee;
    o.late_fee_fen = late_fee;
    o.satisfaction = satisfaction;
    o.solved = solved;
    o.created_by = created_by;
    o.created_at = created;
    o.updated_at = updated;
    o.accepted_at = accepted;
    o.resolved_at = resolved;
    o.closed_at = closed;
    o.version = version;
    o.system_versions = system_versions;
    o.next_escalation_at = next_escalation;
    o.policy.legal = {legal_minutes, clock_kind_from(legal_clock).value_or(ClockKind::calendar)};
    o.policy.commitment = {commit_minutes, clock_kind_from(commit_clock).value_or(ClockKind::calendar)};
    return o;
  }
};

// What a board row needs besides its kept text (OrderQuery::whole): no text columns.
constexpr const char* kBriefColumns =
    "id, type, state, network_id, office_id, community_id, COALESCE(area_id, 0), COALESCE(assignee_id, 0), rural, "
    "COALESCE(dist_box_id, 0), commit_due_at, legal_due_at, paused_since, escalation, created_at, updated_at, "
    "resolved_at, version, legal_minutes, legal_clock, commit_minutes, commit_clock";

struct BriefRow {
  long long id = 0, network = 0, office = 0, community = 0, area = 0, assignee = 0, box = 0, commit_due = 0,
            legal_due = 0, paused = 0, created = 0, updated = 0, resolved = 0, version = 0;
  int rural = 0, escalation = 0, legal_minutes = 0, commit_minutes = 0;
  std::string type, state, legal_clock, commit_clock;

  void bind(soci::details::prepare_temp_type& p) {
    p, soci::into(id), soci::into(type), soci::into(state), soci::into(network), soci::into(office),
        soci::into(community), soci::into(area), soci::into(assignee), soci::into(rural), soci::into(box),
        soci::into(commit_due), soci::into(legal_due), soci::into(paused), soci::into(escalation), soci::into(created),
        soci::into(updated), soci::into(resolved), soci::into(version), soci::into(legal_minutes),
        soci::into(legal_clock), soci::into(commit_minutes), soci::into(commit_clock);
  }

  Order order() const {
    Order o;
    o.id = id;
    o.type = parse_order_type(type).value_or(OrderType::other);
    o.state = parse_state(state).value_or(State::created);
    o.routing.network_id = network;
    o.routing.office_id = office;
    o.routing.community_id = community;
    o.routing.area_id = area;
    o.routing.assignee_id = assignee;
    o.routing.rural = rural != 0;
    o.routing.dist_box_id = box;
    o.commit_due_at = commit_due;
    o.legal_due_at = legal_due;
    o.paused_since = paused;
    o.escalation = escalation;
    o.created_at = created;
    o.updated_at = updated;
    o.resolved_at = resolved;
    o.version = version;
    o.policy.legal = {legal_minutes, clock_kind_from(legal_clock).value_or(ClockKind::calendar)};
    o.policy.commitment = {commit_minutes, clock_kind_from(commit_clock).value_or(ClockKind::calendar)};
    return o;
  }
};

// The values an insert or update writes (everything but id), with NULL for absent references.
struct OrderValues {
  long long network, office, community, area, assignee, box, customer, service, about, appointment, commit_due,
      legal_due, paused, repeat, fee, late_fee, created_by, created, updated, accepted, resolved, closed, version,
      next_escalation;
  int rural, pair, escalation, satisfaction, solved, legal_minutes, commit_minutes;
  std::string type, channel, state, resume, reason, en, zh, number, contact_name, contact_phone, address, summary,
      details, external_ref, cause, resolution, legal_clock, commit_clock;
  soci::indicator i_area, i_assignee, i_box, i_customer, i_service, i_about, i_repeat, i_ref;

  OrderValues() = default;
  explicit OrderValues(const Order& o) { set(o); }

  void set(const Order& o) {
    network = o.routing.network_id, office = o.routing.office_id, community = o.routing.community_id;
    area = o.routing.area_id, assignee = o.routing.assignee_id, box = o.routing.dist_box_id;
    customer = o.customer_id, service = o.service_id, about = o.about_order_id, appointment = o.appointment_at;
    commit_due = o.commit_due_at, legal_due = o.legal_due_at, paused = o.paused_since, repeat = o.repeat_of;
    fee = o.fee_fen, late_fee = o.late_fee_fen, created_by = o.created_by, created = o.created_at;
    updated = o.updated_at, accepted = o.accepted_at, resolved = o.resolved_at, closed = o.closed_at;
    version = o.version, next_escalation = o.next_escalation_at, rural = o.routing.rural, pair = o.pair_no;
    escalation = o.escalation, satisfaction = o.satisfaction, solved = o.solved;
    legal_minutes = static_cast<int>(o.policy.legal.minutes);
    commit_minutes = static_cast<int>(o.policy.commitment.minutes);
    type = to_string(o.type), channel = to_string(o.channel), state = to_string(o.state);
    resume = to_string(o.resume_state), reason = to_string(o.routing.reason);
    en = o.routing.explain_en, zh = o.routing.explain_zh, number = o.number, contact_name = o.contact_name;
    contact_phone = o.contact_phone, address = o.address, summary = o.summary, details = o.details_json;
    external_ref = o.external_ref, cause = o.cause ? std::string(to_string(*o.cause)) : std::string();
    resolution = o.resolution, legal_clock = to_string(o.policy.legal.clock);
    commit_clock = to_string(o.policy.commitment.clock);
    auto null_if_zero = [](long long v, soci::indicator& ind) { ind = v ? soci::i_ok : soci::i_null; };
    null_if_zero(area, i_area);
    null_if_zero(assignee, i_assignee);
    null_if_zero(box, i_box);
    null_if_zero(customer, i_customer);
    null_if_zero(service, i_service);
    null_if_zero(about, i_about);
    null_if_zero(repeat, i_repeat);
    i_ref = external_ref.empty() ? soci::i_null : soci::i_ok;
  }

  // Binds in the order of kValueColumns.
  void bind(soci::details::prepare_temp_type& p) {
    p, soci::use(type), soci::use(channel), soci::use(state), soci::use(resume), soci::use(network),
        soci::use(office), soci::use(community), soci::use(area, i_area), soci::use(assignee, i_assignee),
        soci::use(reason), soci::use(en), soci::use(zh), soci::use(rural), soci::use(box, i_box),
        soci::use(customer, i_customer), soci::use(service, i_service), soci::use(pair), soci::use(number),
        soci::use(contact_name), soci::use(contact_phone), soci::use(address), soci::use(summary), soci::use(details),
        soci::use(about, i_about), soci::use(external_ref, i_ref), soci::use(appointment), soci::use(commit_due),
        soci::use(legal_due), soci::use(paused), soci::use(escalation), soci::use(repeat, i_repeat),
        soci::use(cause), soci::use(resolution), soci::use(fee), soci::use(late_fee), soci::use(satisfaction),
        soci::use(solved), soci::use(created_by), soci::use(created), soci::use(updated), soci::use(accepted),
        soci::use(resolved), soci::use(closed), soci::use(version), soci::use(next_escalation),
        soci::use(legal_minutes), soci::use(legal_clock), soci::use(commit_minutes), soci::use(commit_clock);
  }
};

constexpr const char* kValueColumns[] = {
    "type",          "channel",        "state",        "resume_state",   "network_id",  "office_id",
    "community_id",  "area_id",        "assignee_id",  "routing_reason", "routing_en",  "routing_zh",
    "rural",         "dist_box_id",    "customer_id",  "service_id",     "pair_no",     "number",
    "contact_name",  "contact_phone",  "address",      "summary",        "details",     "about_order_id",
    "external_ref",  "appointment_at", "commit_due_at", "legal_due_at",  "paused_since", "escalation",
    "repeat_of",     "cause",          "resolution",   "fee_fen",        "late_fee_fen", "satisfaction",
    "solved",        "created_by",     "created_at",   "updated_at",     "accepted_at", "resolved_at",
    "closed_at",     "version",        "next_escalation_at", "legal_minutes", "legal_clock", "commit_minutes",
    "commit_clock"};

std::string insert_sql(bool returning) {
  std::string cols, vals;
  for (const char* c : kValueColumns) {
    if (!cols.empty()) cols += ", ", vals += ", ";
    cols += c;
    vals += std::string(":") + c;
  }
  return "INSERT INTO work_orders (" + cols + ") VALUES (" + vals + ")" + (returning ? " RETURNING id" : "");
}

std::string update_sql() {
  std::string set;
  for (const char* c : kValueColumns) {
    if (!set.empty()) set += ", ";
    set += std::string(c) + " = :" + c;
  }
  // A person's change (act): the system's versions since the last one are behind it now.
  return "UPDATE work_orders SET " + set + ", system_versions = 0 WHERE id = :id AND version = :old";
}

struct EventRow {
  long long id = 0, order = 0, at = 0, actor = 0, community = 0, assignee = 0;
  int lat = 0, lng = 0;
  std::string actor_name, action, from, to, note, detail;
  Event event() const {
    Event e;
    e.id = id;
    e.order_id = order;
    e.at = at;
    e.actor_id = actor;
    e.actor_name = actor_name;
    e.action = action;
    e.from = parse_state(from).value_or(State::created);
    e.to = parse_state(to).value_or(State::created);
    e.note = note;
    e.lat_e6 = lat;
    e.lng_e6 = lng;
    e.detail_json = detail;
    e.community_id = community;
    e.assignee_id = assignee;
    return e;
  }
};

std::vector<Event> read_events(soci::session& s, const std::string& where, long long a, int limit) {
  EventRow r;
  std::vector<Event> out;
  soci::statement st =
      (s.prepare << "SELECT id, order_id, at, actor_id, actor_name, action, from_state, to_state, note, lat_e6, "
                    "lng_e6, detail, community_id, assignee_id FROM order_events WHERE " +
                        where + " ORDER BY id LIMIT :limit",
       soci::into(r.id), soci::into(r.order), soci::into(r.at), soci::into(r.actor), soci::into(r.actor_name),
       soci::into(r.action), soci::into(r.from), soci::into(r.to), soci::into(r.note), soci::into(r.lat),
       soci::into(r.lng), soci::into(r.detail), soci::into(r.community), soci::into(r.assignee), soci::use(a),
       soci::use(limit));
  st.execute();
  while (st.fetch()) out.push_back(r.event());
  return out;
}

// The create path's statements, prepared once per pooled connection (Database::kept) and
// re-executed with their bound variables here: preparing the 49-column insert with its checks and
// references cost more CPU than running it (docs/decisions.md, "Kept statements").
struct KeptOrderStatements {
  // SQLite builds a temporary table for every RETURNING (opened, filled, read and freed per row):
  // there the new id is the connection's last rowid, read after the insert (`returning` false).
  // Declared first: the statements below are prepared with it.
  const bool returning;
  OrderValues v;
  long long id = 0, old = 0;
  soci::statement insert, update;
  // An event's values.
  long long e_id = 0, e_order = 0, e_at = 0, e_actor = 0, e_community = 0, e_assignee = 0;
  int e_lat = 0, e_lng = 0;
  std::string e_name, e_action, e_from, e_to, e_note, e_detail;
  soci::statement insert_event;
  // The latest earlier fault on a line (repeat faults): its id.
  long long f_service = 0, f_since = 0, f_except = 0, f_id = 0;
  soci::statement last_fault;

  explicit KeptOrderStatements(soci::session& s)
      : returning(s.get_backend_name() != "sqlite3"), insert(prepare_insert(s)), update(prepare_update(s)),
        insert_event(prepare_insert_event(s)), last_fault(prepare_last_fault(s)) {}

  // The id the latest insert on `s` gave its row (after execute; before the statement is reset).
  long long inserted_id(soci::session& s, long long returned) const {
    if (returning) return returned;
    long long id = 0;
    s.get_last_insert_id("", id);  // sqlite3_last_insert_rowid: this connection's latest insert
    return id;
  }

 private:
  soci::statement prepare_insert(soci::session& s) {
    auto p = (s.prepare << insert_sql(returning));
    v.bind(p);
    if (returning) p, soci::into(id);
    return soci::statement(p);
  }
  soci::statement prepare_insert_event(soci::session& s) {
    auto p = (s.prepare << std::string("INSERT INTO order_events (order_id, at, actor_id, actor_name, action, from_state, "
                                       "to_state, note, lat_e6, lng_e6, detail, community_id, assignee_id) VALUES (:o, "
                                       ":at, :actor, :name, :action, :from, :to, :note, :lat, :lng, :detail, "
                                       ":community, :assignee)") +
                           (returning ? " RETURNING id" : ""),
              soci::use(e_order), soci::use(e_at), soci::use(e_actor), soci::use(e_name), soci::use(e_action),
              soci::use(e_from), soci::use(e_to), soci::use(e_note), soci::use(e_lat), soci::use(e_lng),
              soci::use(e_detail), soci::use(e_community), soci::use(e_assignee));
    if (returning) p, soci::into(e_id);
    return soci::statement(p);
  }
  soci::statement prepare_update(soci::session& s) {
    auto p = (s.prepare << update_sql());
    v.bind(p);
    p, soci::use(id), soci::use(old);
    return soci::statement(p);
  }
  soci::statement prepare_last_fault(soci::session& s) {
    auto p = (s.prepare << "SELECT id FROM work_orders WHERE service_id = :svc AND created_at >= :t AND type = 'fault' "
                           "AND id <> :ex AND state <> 'cancelled' ORDER BY created_at DESC LIMIT 1");
    p, soci::into(f_id), soci::use(f_service), soci::use(f_since), soci::use(f_except);
    return soci::statement(p);
  }
};

struct KeptSavepoints {
  soci::statement begin, rollback, release;
  explicit KeptSavepoints(soci::session& s)
      : begin((s.prepare << "SAVEPOINT change")), rollback((s.prepare << "ROLLBACK TO SAVEPOINT change")),
        release((s.prepare << "RELEASE SAVEPOINT change")) {}
};

// Board counts (migration 0014): orders per community, state, type, queue, office and network, as
// stored on the order. A transaction's changes collect their deltas in the writer and write them
// once, summed and in key order, before it commits (flush_counts): a group of creates into one
// community's queue is one upsert, and two instances never take the same count rows in opposite
// orders.
struct CountKey {
  Id community = 0, office = 0, network = 0;
  State state = State::created;
  OrderType type = OrderType::other;
  int queued = 0;  // 1: nobody assigned
  auto tied() const { return std::tie(community, state, type, queued, office, network); }
  bool operator<(const CountKey& o) const { return tied() < o.tied(); }
  bool operator==(const CountKey& o) const { return tied() == o.tied(); }
};

CountKey count_key(const Order& o) {
  return CountKey{o.routing.community_id, o.routing.office_id, o.routing.network_id, o.state, o.type,
                  o.routing.assignee_id ? 0 : 1};
}

struct KeptCountStatements {
  long long community = 0, office = 0, network = 0, delta = 0;
  int queued = 0;
  std::string state, type;
  soci::statement add;
  explicit KeptCountStatements(soci::session& s)
      : add((s.prepare << "INSERT INTO order_counts (community_id, state, type, queued, office_id, network_id, n) "
                          "VALUES (:c, :s, :t, :q, :o, :w, :n) ON CONFLICT (community_id, state, type, queued, "
                          "office_id, network_id) DO UPDATE SET n = order_counts.n + excluded.n",
             soci::use(community), soci::use(state), soci::use(type), soci::use(queued), soci::use(office),
             soci::use(network), soci::use(delta))) {}
};

class SqlOrderWriter final : public OrderWriter {
 public:
  SqlOrderWriter(Database& db, soci::session& s) : db_(db), s_(s), k_(db.kept<KeptOrderStatements>(s)), now_(now_ms()) {}
  Millis now() const override { return now_; }

  void insert_order(Order& o) override {
    k_.v.set(o);
    {
      Finishing done(db_, k_.insert);  // reset before the change's RELEASE SAVEPOINT
      k_.insert.execute(true);
      o.id = k_.inserted_id(s_, k_.id);
    }
    kpi_order_written(db_, s_, nullptr, o);  // the rollups, in the order's own transaction
    counts_.emplace_back(count_key(o), 1);
  }

  bool update_order(const Order& o, const Order& before) override {
    k_.v.set(o);
    k_.id = o.id;
    k_.old = o.version - 1;
    long long changed = 0;
    {
      Finishing done(db_, k_.update);
      k_.update.execute(true);
      changed = k_.update.get_affected_rows();
    }
    if (changed != 1) return false;
    kpi_order_written(db_, s_, &before, o);
    if (!(count_key(before) == count_key(o))) {
      counts_.emplace_back(count_key(before), -1);
      counts_.emplace_back(count_key(o), 1);
    }
    return true;
  }

  // The board counts' deltas so far; a change rolled back to its savepoint drops its own.
  std::size_t count_mark() const { return counts_.size(); }
  void drop_counts_after(std::size_t mark) { counts_.resize(mark); }
  // Writes the deltas collected since the transaction began, summed per key, in key order. Called
  // once, just before the commit.
  void flush_counts() {
    if (counts_.empty()) return;
    std::sort(counts_.begin(), counts_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    KeptCountStatements& k = db_.kept<KeptCountStatements>(s_);
    for (std::size_t i = 0; i < counts_.size();) {
      const CountKey& key = counts_[i].first;
      long long sum = 0;
      for (; i < counts_.size() && counts_[i].first == key; ++i) sum += counts_[i].second;
      if (sum == 0) continue;  // e.g. moved out and back within the transaction
      k.community = key.community, k.office = key.office, k.network = key.network, k.queued = key.queued;
      k.state = to_string(key.state), k.type = to_string(key.type), k.delta = sum;
      Finishing done(db_, k.add);
      k.add.execute(true);
    }
    counts_.clear();
  }

  void insert_event(Event& e) override {
    k_.e_order = e.order_id, k_.e_at = e.at, k_.e_actor = e.actor_id, k_.e_community = e.community_id;
    k_.e_assignee = e.assignee_id, k_.e_lat = e.lat_e6, k_.e_lng = e.lng_e6;
    k_.e_name = e.actor_name, k_.e_action = e.action, k_.e_from = to_string(e.from), k_.e_to = to_string(e.to);
    k_.e_note = e.note, k_.e_detail = e.detail_json;
    Finishing done(db_, k_.insert_event);
    k_.insert_event.execute(true);
    e.id = k_.inserted_id(s_, k_.e_id);
  }

  void start_pause(Id order_id, Millis at, const std::string& reason) override {
    long long o = order_id, t = at;
    s_ << "INSERT INTO order_pauses (order_id, started_at, reason) VALUES (:o, :t, :r)", soci::use(o), soci::use(t),
        soci::use(reason);
  }

  void end_pause(Id order_id, Millis at) override {
    long long o = order_id, t = at;
    s_ << "UPDATE order_pauses SET ended_at = :t WHERE order_id = :o AND ended_at = 0", soci::use(t), soci::use(o);
  }

  std::int32_t first_free_pair(Id box_id, std::int32_t capacity) override {
    std::vector<char> taken(static_cast<std::size_t>(capacity) + 1, 0);
    long long box = box_id;
    int pair = 0;
    for (const char* sql : {"SELECT pair_no FROM services WHERE dist_box_id = :b AND status = 'active' AND pair_no IS NOT NULL",
                            "SELECT pair_no FROM pair_marks WHERE dist_box_id = :b"}) {
      soci::statement st = (s_.prepare << sql, soci::into(pair), soci::use(box));
      st.execute();
      while (st.fetch())
        if (pair >= 1 && pair <= capacity) taken[pair] = 1;
    }
    for (std::int32_t p = 1; p <= capacity; ++p)
      if (!taken[p]) return p;
    return 0;
  }

  bool pair_free(Id box_id, std::int32_t pair_no) override {
    long long box = box_id;
    int pair = pair_no, used = 0, marked = 0;
    s_ << "SELECT count(*) FROM services WHERE dist_box_id = :b AND pair_no = :p AND status = 'active'", soci::use(box),
        soci::use(pair), soci::into(used);
    s_ << "SELECT count(*) FROM pair_marks WHERE dist_box_id = :b AND pair_no = :p", soci::use(box), soci::use(pair),
        soci::into(marked);
    return used == 0 && marked == 0;
  }

  Id insert_service(const NewService& n) override {
    long long id = 0, customer = n.customer_id, box = n.box_id, net = n.network_id, at = n.at, fee = n.monthly_fee_fen;
    int pair = n.pair_no, speed = n.speed_mbps;
    s_ << "INSERT INTO services (code, customer_id, kind, number, speed_mbps, dist_box_id, pair_no, status, start_date, "
          "monthly_fee_fen, network_id, created_at, updated_at) VALUES (:code, :cust, :kind, :num, :speed, :box, :pair, "
          "'active', :sd, :fee, :net, :ca, :ua) RETURNING id",
        soci::use(n.code), soci::use(customer), soci::use(n.kind), soci::use(n.number), soci::use(speed), soci::use(box),
        soci::use(pair), soci::use(at), soci::use(fee), soci::use(net), soci::use(at), soci::use(at), soci::into(id);
    return id;
  }

  Id insert_customer(const NewCustomer& c) override {
    long long id = 0, net = c.network_id, at = c.at;
    s_ << "INSERT INTO customers (code, kind, name, phones, address_text, network_id, created_at, updated_at) "
          "VALUES (:code, :kind, :name, :phones, :addr, :net, :ca, :ua) RETURNING id",
        soci::use(c.code), soci::use(c.kind), soci::use(c.name), soci::use(c.phones), soci::use(c.address),
        soci::use(net), soci::use(at), soci::use(at), soci::into(id);
    return id;
  }

  std::optional<std::string> move_service(Id service_id, Id box_id, std::int32_t pair_no, Millis at) override {
    long long id = service_id, box = box_id, t = at;
    int pair = pair_no;
    std::string number;
    s_ << "SELECT number FROM services WHERE id = :id AND status = 'active'", soci::use(id), soci::into(number);
    if (!s_.got_data()) return std::nullopt;
    s_ << "UPDATE services SET dist_box_id = :b, pair_no = :p, updated_at = :t, version = version + 1 WHERE id = :id",
        soci::use(box), soci::use(pair), soci::use(t), soci::use(id);
    return number;
  }

  // The system's changes: a new version (the ETag changes with what clients see), counted in
  // system_versions so a person's If-Match from before it still holds; only on the version read.
  bool set_escalation(Id order_id, std::int64_t version, std::int32_t from_level, std::int32_t to_level,
                      Millis next_at) override {
    long long id = order_id, ver = version, next = next_at;
    int from = from_level, to = to_level;
    soci::statement st = (s_.prepare << "UPDATE work_orders SET escalation = :to, next_escalation_at = :n, "
                                        "version = version + 1, system_versions = system_versions + 1 "
                                        "WHERE id = :id AND version = :v AND escalation = :from",
                          soci::use(to), soci::use(next), soci::use(id), soci::use(ver), soci::use(from));
    st.execute(true);
    return st.get_affected_rows() == 1;
  }

  bool set_dues(Id order_id, std::int64_t version, Millis commit_due, Millis legal_due, Millis next_escalation) override {
    long long id = order_id, ver = version, c = commit_due, l = legal_due, n = next_escalation;
    soci::statement st = (s_.prepare << "UPDATE work_orders SET commit_due_at = :c, legal_due_at = :l, "
                                        "next_escalation_at = :n, version = version + 1, "
                                        "system_versions = system_versions + 1 WHERE id = :id AND version = :v",
                          soci::use(c), soci::use(l), soci::use(n), soci::use(id), soci::use(ver));
    st.execute(true);
    return st.get_affected_rows() == 1;
  }

  void put_calendar_day(const DayOverride& d) override {
    std::string day = d.date.format(), kind(to_string(d.kind));
    s_ << "DELETE FROM calendar_days WHERE day = :d", soci::use(day);
    s_ << "INSERT INTO calendar_days (day, kind, name) VALUES (:d, :k, :n)", soci::use(day), soci::use(kind),
        soci::use(d.name);
  }

  bool remove_calendar_day(const Date& d) override {
    std::string day = d.format();
    soci::statement st = (s_.prepare << "DELETE FROM calendar_days WHERE day = :d", soci::use(day));
    st.execute(true);
    return st.get_affected_rows() == 1;
  }

  bool put_deadline_setting(const DeadlineSetting& d) override {
    long long net = d.network_id, by = d.updated_by, at = d.updated_at;
    int rural = d.rural, lm = static_cast<int>(d.policy.legal.minutes), cm = static_cast<int>(d.policy.commitment.minutes),
        ver = static_cast<int>(d.version), old = ver - 1;
    std::string type(to_string(d.type)), lc(to_string(d.policy.legal.clock)), cc(to_string(d.policy.commitment.clock));
    if (old == 0) {
      int exists = 0;
      s_ << "SELECT count(*) FROM order_deadlines WHERE network_id = :n AND type = :t AND rural = :r", soci::use(net),
          soci::use(type), soci::use(rural), soci::into(exists);
      if (exists) return false;
      s_ << "INSERT INTO order_deadlines (network_id, type, rural, legal_minutes, legal_clock, commit_minutes, "
            "commit_clock, version, updated_by, updated_at) VALUES (:n, :t, :r, :lm, :lc, :cm, :cc, 1, :by, :at)",
          soci::use(net), soci::use(type), soci::use(rural), soci::use(lm), soci::use(lc), soci::use(cm), soci::use(cc),
          soci::use(by), soci::use(at);
      return true;
    }
    soci::statement st =
        (s_.prepare << "UPDATE order_deadlines SET legal_minutes = :lm, legal_clock = :lc, commit_minutes = :cm, "
                       "commit_clock = :cc, version = :v, updated_by = :by, updated_at = :at "
                       "WHERE network_id = :n AND type = :t AND rural = :r AND version = :old",
         soci::use(lm), soci::use(lc), soci::use(cm), soci::use(cc), soci::use(ver), soci::use(by), soci::use(at),
         soci::use(net), soci::use(type), soci::use(rural), soci::use(old));
    st.execute(true);
    return st.get_affected_rows() == 1;
  }

  void save_idempotent(Id actor, const std::string& key, const org::IdempotentResponse& r) override {
    store::save_idempotent(db_, s_, actor, key, r, now_);
  }

 private:
  Database& db_;
  soci::session& s_;
  KeptOrderStatements& k_;
  Millis now_;
  std::vector<std::pair<CountKey, long long>> counts_;
};

// A list's count and page statements for one WHERE and ORDER BY text (the filters present, the
// states, the sort), kept per connection with the variables they are bound to: boards ask the same
// few shapes over and over, and preparing the 50-column page query cost more than running it.
struct ListQuery {
  long long network = 0, office = 0, community = 0, area = 0, assignee = 0, due = 0, from = 0, to = 0, service = 0,
            customer = 0, total = 0;
  std::string type;
  int limit = 0, offset = 0;
  OrderRow row;
  BriefRow brief_row;
  soci::statement count, page, brief;

  // count_sql: the total's statement (the board counts' sum, or a count over work_orders), binding
  // the same names as the WHERE.
  ListQuery(soci::session& s, const std::string& where, const std::string& order, const std::string& count_sql)
      : count(prepare_count(s, count_sql)), page(prepare_page(s, where, order)), brief(prepare_brief(s, where, order)) {}

 private:
  void bind_filters(soci::details::prepare_temp_type& p) {
    p, soci::use(network, "network"), soci::use(office, "office"), soci::use(community, "community"),
        soci::use(area, "area"), soci::use(assignee, "assignee"), soci::use(type, "type"), soci::use(due, "due"),
        soci::use(from, "from"), soci::use(to, "to"), soci::use(service, "service"), soci::use(customer, "customer");
  }
  soci::statement prepare_count(soci::session& s, const std::string& count_sql) {
    auto p = (s.prepare << count_sql);
    bind_filters(p);
    p, soci::into(total);
    return soci::statement(p);
  }
  // The page's ids first, in the order of a board index (migrations 0012, 0013), then only their rows;
  // list() puts those in the page's order (sorting 50 whole rows in SQL copied each into a sorter).
  soci::statement prepare_page(soci::session& s, const std::string& where, const std::string& order) {
    auto p = (s.prepare << std::string("SELECT ") + kOrderColumns + " FROM work_orders WHERE id IN (SELECT id FROM "
                           "work_orders" + where + order + " LIMIT :limit OFFSET :offset)");
    row.bind(p);
    bind_filters(p);
    p, soci::use(limit, "limit"), soci::use(offset, "offset");
    return soci::statement(p);
  }
  soci::statement prepare_brief(soci::session& s, const std::string& where, const std::string& order) {
    auto p = (s.prepare << std::string("SELECT ") + kBriefColumns + " FROM work_orders WHERE id IN (SELECT id FROM "
                           "work_orders" + where + order + " LIMIT :limit OFFSET :offset)");
    brief_row.bind(p);
    bind_filters(p);
    p, soci::use(limit, "limit"), soci::use(offset, "offset");
    return soci::statement(p);
  }
};

// Whole rows of up to kIds orders by id (a brief page's rows its caller needs whole).
struct KeptRows {
  static constexpr std::size_t kIds = 50;
  std::array<long long, kIds> ids{};
  OrderRow row;
  soci::statement st;
  explicit KeptRows(soci::session& s) : st(prepare(s)) {}

 private:
  soci::statement prepare(soci::session& s) {
    std::string sql = std::string("SELECT ") + kOrderColumns + " FROM work_orders WHERE id IN (";
    for (std::size_t i = 0; i < kIds; ++i) sql += (i ? ", :i" : ":i") + std::to_string(i);
    sql += ")";
    auto p = (s.prepare << sql);
    row.bind(p);
    for (auto& id : ids) p, soci::use(id);
    return soci::statement(p);
  }
};

// The pauses of a page's orders (their clocks need them): one statement kept per connection for
// up to kIds orders at a time, unused places bound to 0 (no order has id 0).
struct KeptPauses {
  static constexpr std::size_t kIds = 50;
  std::array<long long, kIds> ids{};
  long long order = 0, from = 0, to = 0;
  std::string reason;
  soci::statement st;
  explicit KeptPauses(soci::session& s) : st(prepare(s)) {}

 private:
  soci::statement prepare(soci::session& s) {
    std::string sql = "SELECT order_id, started_at, ended_at, reason FROM order_pauses WHERE order_id IN (";
    for (std::size_t i = 0; i < kIds; ++i) sql += (i ? ", :i" : ":i") + std::to_string(i);
    sql += ") ORDER BY order_id, started_at";
    auto p = (s.prepare << sql);
    p, soci::into(order), soci::into(from), soci::into(to), soci::into(reason);
    for (auto& id : ids) p, soci::use(id);
    return soci::statement(p);
  }
};

struct KeptLists {
  explicit KeptLists(soci::session&) {}
  // The count's text follows from the WHERE (which filters are present), so the WHERE and ORDER BY
  // name the pair.
  ListQuery& query(soci::session& s, const std::string& where, const std::string& order, const std::string& count_sql) {
    auto& q = by_text[where + order];
    if (!q) {
      if (by_text.size() > 64) {  // rare shapes (ad-hoc filter mixes) must not pile up
        by_text.clear();
        return *by_text.emplace(where + order, std::make_unique<ListQuery>(s, where, order, count_sql)).first->second;
      }
      q = std::make_unique<ListQuery>(s, where, order, count_sql);
    }
    return *q;
  }
  std::unordered_map<std::string, std::unique_ptr<ListQuery>> by_text;
};

class SqlOrderRepository final : public OrderRepository {
 public:
  explicit SqlOrderRepository(Database& db) : db_(db) {}

  Status write(const std::function<Status(OrderWriter&)>& fn) override {
    Error failure;
    try {
      const bool committed = db_.write_if([&](soci::session& s) {
        SqlOrderWriter w(db_, s);
        auto st = fn(w);
        if (!st) failure = st.error();
        else w.flush_counts();
        return st.ok();
      });
      if (!committed) return failure;
    } catch (const std::exception& e) {
      if (Database::is_unique_violation(e))
        return Error(Errc::conflict, "The order clashes with one written at the same moment; reload and try again.");
      throw;
    }
    return Ok{};
  }

  std::vector<Status> write_group(const std::vector<const Change*>& changes) override {
    std::vector<Status> out(changes.size(), Status(Ok{}));
    db_.write_if([&](soci::session& s) {
      SqlOrderWriter w(db_, s);
      // SQLite: the three savepoint statements kept prepared too (two per change in the leader's
      // transaction); PostgreSQL sends them as they are.
      KeptSavepoints* sp = db_.dialect() == Dialect::sqlite ? &db_.kept<KeptSavepoints>(s) : nullptr;
      auto run = [&](soci::statement* kept, const char* sql) {
        if (!kept) {
          s << sql;
          return;
        }
        Finishing done(db_, *kept);
        kept->execute(true);
      };
      for (std::size_t i = 0; i < changes.size(); ++i) {
        run(sp ? &sp->begin : nullptr, "SAVEPOINT change");
        const std::size_t counted = w.count_mark();
        try {
          auto st = (*changes[i])(w);
          if (!st) {
            run(sp ? &sp->rollback : nullptr, "ROLLBACK TO SAVEPOINT change");
            w.drop_counts_after(counted);
            out[i] = std::move(st);
          }
        } catch (const std::exception& e) {
          run(sp ? &sp->rollback : nullptr, "ROLLBACK TO SAVEPOINT change");
          w.drop_counts_after(counted);
          out[i] = Database::is_unique_violation(e)
                       ? Error(Errc::conflict, "The order clashes with one written at the same moment; reload and try again.")
                       : Error(Errc::internal, e.what());
        }
        run(sp ? &sp->release : nullptr, "RELEASE SAVEPOINT change");
      }
      w.flush_counts();
      return true;
    });
    return out;
  }

  std::optional<Order> get(Id id) override {
    return db_.with([&](soci::session& s) -> std::optional<Order> {
      OrderRow r;
      long long key = id;
      auto p = (s.prepare << std::string("SELECT ") + kOrderColumns + " FROM work_orders WHERE id = :id");
      r.bind(p);
      p, soci::use(key);
      soci::statement st(p);
      st.execute();
      if (!st.fetch()) return std::nullopt;
      return r.order();
    });
  }

  OrderPage list(const OrderQuery& q) override {
    std::string where = " WHERE 1 = 1";
    const Id network = q.network_id, office = q.office_id, community = q.community_id, area = q.area_id,
             assignee = q.assignee_id, service = q.service_id, customer = q.customer_id;
    where += network ? " AND network_id = :network" : " AND :network = 0";
    where += office ? " AND office_id = :office" : " AND :office = 0";
    where += community ? " AND community_id = :community" : " AND :community = 0";
    where += area ? " AND area_id = :area" : " AND :area = 0";
    where += assignee ? " AND assignee_id = :assignee" : " AND :assignee = 0";
    where += q.type ? " AND type = :type" : " AND :type = ''";
    where += q.due_before ? " AND commit_due_at > 0 AND commit_due_at < :due" : " AND :due = 0";
    where += q.created_from ? " AND created_at >= :from" : " AND :from = 0";
    where += q.created_to ? " AND created_at < :to" : " AND :to = 0";
    where += service ? " AND service_id = :service" : " AND :service = 0";
    where += customer ? " AND customer_id = :customer" : " AND :customer = 0";
    if (q.unassigned) where += " AND assignee_id IS NULL";
    if (q.min_escalation) where += " AND escalation >= " + std::to_string(q.min_escalation);  // 1 or 2: ours
    std::string in_states;
    if (!q.states.empty()) {  // enum names: safe to inline
      // In the enum's order, once each: "open" then reads exactly as the partial board indexes'
      // WHERE (migration 0013), which is what lets the planner use them.
      std::vector<State> states = q.states;
      std::sort(states.begin(), states.end());
      states.erase(std::unique(states.begin(), states.end()), states.end());
      in_states = " AND state IN (";
      for (std::size_t i = 0; i < states.size(); ++i)
        in_states += std::string(i ? "," : "") + "'" + std::string(to_string(states[i])) + "'";
      in_states += ")";
      // Exactly the open states, on SQLite: the computed column its partial indexes name (migration 0017).
      const bool all_open = std::equal(states.begin(), states.end(), kOpenStates.begin(), kOpenStates.end());
      where += all_open && db_.dialect() == Dialect::sqlite ? " AND is_open = 1" : in_states;
    }
    // The total: boards filtered by scope (network, office, community), states, type and queue sum
    // the board counts (migration 0014) — a few rows instead of every index entry of the scope's
    // orders; other filters (area, manager, deadline window, escalation, dates, line, subscriber) count rows.
    // Every name is bound either way, as in the WHERE (those not filtered on are 0 or '').
    std::string count_sql;
    if (!area && !assignee && !q.due_before && !q.created_from && !q.created_to && !service && !customer &&
        !q.min_escalation) {
      count_sql = "SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM order_counts WHERE :area = 0 AND :assignee = 0 "
                  "AND :due = 0 AND :from = 0 AND :to = 0 AND :service = 0 AND :customer = 0";
      count_sql += network ? " AND network_id = :network" : " AND :network = 0";
      count_sql += office ? " AND office_id = :office" : " AND :office = 0";
      count_sql += community ? " AND community_id = :community" : " AND :community = 0";
      count_sql += q.type ? " AND type = :type" : " AND :type = ''";
      if (q.unassigned) count_sql += " AND queued = 1";
      count_sql += in_states;
    } else {
      count_sql = "SELECT count(*) FROM work_orders" + where;
    }
    // Boards read the nearest deadline first; histories newest (or oldest) first.
    // (paused clocks after running ones: their deadline moves while they wait; no limit last).
    // The deadline kind is the expression the board indexes hold (migration 0013), word for word.
    const char* order = q.by_deadline   ? " ORDER BY CASE WHEN commit_due_at = 0 THEN 2 WHEN paused_since > 0 THEN 1 ELSE 0 END, "
                                          "commit_due_at, id"
                        : q.oldest_first ? " ORDER BY created_at, id"
                                         : " ORDER BY created_at DESC, id DESC";
    return db_.with([&](soci::session& s) {
      OrderPage page;
      try {
        ListQuery& l = db_.kept<KeptLists>(s).query(s, where, order, count_sql);
        l.network = q.network_id, l.office = q.office_id, l.community = q.community_id, l.area = q.area_id;
        l.assignee = q.assignee_id, l.due = q.due_before.value_or(0), l.from = q.created_from.value_or(0);
        l.to = q.created_to.value_or(0), l.service = q.service_id, l.customer = q.customer_id;
        l.type = q.type ? std::string(to_string(*q.type)) : std::string();
        l.limit = q.limit, l.offset = q.offset;
        {
          Finishing done(db_, l.count);
          l.count.execute(true);
        }
        page.total = l.total;
        if (!q.whole) {
          Finishing done(db_, l.page);
          l.page.execute();
          while (l.page.fetch()) page.orders.push_back(l.row.order());
        } else {
          std::vector<std::size_t> needed;  // positions of the orders to read whole
          {
            Finishing done(db_, l.brief);
            l.brief.execute();
            while (l.brief.fetch()) page.orders.push_back(l.brief_row.order());
          }
          for (std::size_t i = 0; i < page.orders.size(); ++i)
            if (q.whole(page.orders[i])) needed.push_back(i);
          KeptRows* kr = needed.empty() ? nullptr : &db_.kept<KeptRows>(s);
          for (std::size_t at = 0; at < needed.size(); at += KeptRows::kIds) {
            std::unordered_map<long long, std::size_t> where_in;
            for (std::size_t i = 0; i < KeptRows::kIds; ++i) {
              kr->ids[i] = at + i < needed.size() ? page.orders[needed[at + i]].id : 0;
              if (at + i < needed.size()) where_in[kr->ids[i]] = needed[at + i];
            }
            Finishing done(db_, kr->st);
            kr->st.execute();
            while (kr->st.fetch()) page.orders[where_in.at(kr->row.id)] = kr->row.order();
          }
        }
        // The page's order, as the ORDER BY above reads it: deadline kind (running, paused, no limit),
        // deadline, id; or creation time and id.
        if (q.by_deadline) {
          auto key = [](const Order& o) {
            return std::tuple(o.commit_due_at == 0 ? 2 : o.paused_since > 0 ? 1 : 0, o.commit_due_at, o.id);
          };
          std::sort(page.orders.begin(), page.orders.end(), [&](const Order& a, const Order& b) { return key(a) < key(b); });
        } else if (q.oldest_first) {
          std::sort(page.orders.begin(), page.orders.end(),
                    [](const Order& a, const Order& b) { return std::tie(a.created_at, a.id) < std::tie(b.created_at, b.id); });
        } else {
          std::sort(page.orders.begin(), page.orders.end(),
                    [](const Order& a, const Order& b) { return std::tie(a.created_at, a.id) > std::tie(b.created_at, b.id); });
        }
        // Their pauses, kIds orders at a time.
        KeptPauses& kp = db_.kept<KeptPauses>(s);
        for (std::size_t at = 0; at < page.orders.size(); at += KeptPauses::kIds) {
          for (std::size_t i = 0; i < KeptPauses::kIds; ++i)
            kp.ids[i] = at + i < page.orders.size() ? page.orders[at + i].id : 0;
          Finishing done(db_, kp.st);
          kp.st.execute();
          while (kp.st.fetch()) page.pauses[kp.order].push_back(PauseRecord{kp.from, kp.to, kp.reason});
        }
      } catch (...) {
        db_.forget_kept(s);  // prepared afresh next time (e.g. after a lost connection)
        throw;
      }
      return page;
    });
  }

  std::vector<Order> due_for_escalation(Millis now, int limit) override {
    return db_.with([&](soci::session& s) {
      std::vector<Order> out;
      OrderRow r;
      long long t = now;
      int n = limit;
      auto p = (s.prepare << std::string("SELECT ") + kOrderColumns +
                                 " FROM work_orders WHERE next_escalation_at > 0 AND next_escalation_at <= :t "
                                 "ORDER BY next_escalation_at LIMIT :n");
      r.bind(p);
      p, soci::use(t), soci::use(n);
      soci::statement st(p);
      st.execute();
      while (st.fetch()) out.push_back(r.order());
      return out;
    });
  }

  std::vector<Event> events_of(Id order_id) override {
    return db_.with([&](soci::session& s) { return read_events(s, "order_id = :a", order_id, 100000); });
  }

  std::vector<Event> events_after(Id after_id, int limit) override {
    return db_.with([&](soci::session& s) { return read_events(s, "id > :a", after_id, limit); });
  }

  std::vector<DayOverride> calendar_days() override {
    return db_.with([&](soci::session& s) {
      std::vector<DayOverride> out;
      std::string day, kind, name;
      soci::statement st = (s.prepare << "SELECT day, kind, name FROM calendar_days ORDER BY day", soci::into(day),
                            soci::into(kind), soci::into(name));
      st.execute();
      while (st.fetch()) {
        auto date = Date::parse(day);
        auto k = day_kind_from(kind);
        if (date && k) out.push_back(DayOverride{*date, *k, name});
      }
      return out;
    });
  }

  std::vector<DeadlineSetting> deadline_settings() override {
    return db_.with([&](soci::session& s) {
      std::vector<DeadlineSetting> out;
      long long net = 0, by = 0, at = 0;
      int rural = 0, lm = 0, cm = 0, ver = 0;
      std::string type, lc, cc;
      soci::statement st =
          (s.prepare << "SELECT network_id, type, rural, legal_minutes, legal_clock, commit_minutes, commit_clock, "
                        "version, updated_by, updated_at FROM order_deadlines ORDER BY network_id, type, rural",
           soci::into(net), soci::into(type), soci::into(rural), soci::into(lm), soci::into(lc), soci::into(cm),
           soci::into(cc), soci::into(ver), soci::into(by), soci::into(at));
      st.execute();
      while (st.fetch()) {
        auto t = parse_order_type(type);
        if (!t) continue;
        DeadlineSetting d;
        d.network_id = net;
        d.type = *t;
        d.rural = rural != 0;
        d.policy.legal = {lm, clock_kind_from(lc).value_or(ClockKind::calendar)};
        d.policy.commitment = {cm, clock_kind_from(cc).value_or(ClockKind::calendar)};
        d.version = ver;
        d.updated_by = by;
        d.updated_at = at;
        out.push_back(d);
      }
      return out;
    });
  }

  std::vector<RepeatLine> repeat_lines(const OrderQuery& q, Millis since, int min_faults, int limit) override {
    // Scope ids are integers we format ourselves.
    std::string where = " WHERE o.type = 'fault' AND o.service_id IS NOT NULL AND o.state <> 'cancelled' AND o.created_at >= :since";
    if (q.network_id) where += " AND o.network_id = " + std::to_string(q.network_id);
    if (q.office_id) where += " AND o.office_id = " + std::to_string(q.office_id);
    if (q.community_id) where += " AND o.community_id = " + std::to_string(q.community_id);
    if (q.area_id) where += " AND o.area_id = " + std::to_string(q.area_id);
    return db_.with([&](soci::session& s) {
      std::vector<RepeatLine> out;
      long long t = since, svc = 0, area = 0, community = 0, last_id = 0, first = 0, last = 0, n = 0;
      int min = min_faults, lim = limit;
      std::string number;
      soci::statement st =
          (s.prepare << "SELECT o.service_id, MAX(COALESCE(o.area_id, 0)), MAX(o.community_id), MAX(o.id), "
                        "MIN(o.created_at), MAX(o.created_at), count(*), MAX(sv.number) FROM work_orders o "
                        "JOIN services sv ON sv.id = o.service_id" + where +
                            " GROUP BY o.service_id HAVING count(*) >= :min ORDER BY count(*) DESC, MAX(o.created_at) DESC "
                            "LIMIT :lim",
           soci::into(svc), soci::into(area), soci::into(community), soci::into(last_id), soci::into(first),
           soci::into(last), soci::into(n), soci::into(number), soci::use(t), soci::use(min), soci::use(lim));
      st.execute();
      while (st.fetch()) out.push_back(RepeatLine{svc, area, community, last_id, number, n, first, last});
      return out;
    });
  }

  Id last_event_id() override {
    return db_.with([&](soci::session& s) -> Id {
      long long id = 0;
      soci::indicator ind;
      s << "SELECT MAX(id) FROM order_events", soci::into(id, ind);
      return ind == soci::i_ok ? id : 0;
    });
  }

  std::vector<PauseRecord> pauses_of(Id order_id) override {
    return db_.with([&](soci::session& s) {
      std::vector<PauseRecord> out;
      PauseRecord p;
      long long o = order_id, from = 0, to = 0;
      soci::statement st = (s.prepare << "SELECT started_at, ended_at, reason FROM order_pauses WHERE order_id = :o "
                                         "ORDER BY started_at",
                            soci::into(from), soci::into(to), soci::into(p.reason), soci::use(o));
      st.execute();
      while (st.fetch()) {
        p.started_at = from;
        p.ended_at = to;
        out.push_back(p);
      }
      return out;
    });
  }

  std::optional<Id> last_fault(Id service_id, Millis since, Id except) override {
    return db_.with([&](soci::session& s) -> std::optional<Id> {
      try {
        auto& k = db_.kept<KeptOrderStatements>(s);
        k.f_service = service_id, k.f_since = since, k.f_except = except;
        Finishing done(db_, k.last_fault);
        if (!k.last_fault.execute(true)) return std::nullopt;
        return k.f_id;
      } catch (...) {
        db_.forget_kept(s);  // prepared afresh next time (e.g. after a lost connection)
        throw;
      }
    });
  }

  std::optional<Id> find_by_external_ref(Channel channel, const std::string& ref) override {
    return db_.with([&](soci::session& s) -> std::optional<Id> {
      long long id = 0;
      std::string ch(to_string(channel));
      s << "SELECT id FROM work_orders WHERE channel = :c AND external_ref = :r", soci::use(ch), soci::use(ref),
          soci::into(id);
      if (!s.got_data()) return std::nullopt;
      return id;
    });
  }

  std::optional<org::IdempotentResponse> find_idempotent(Id actor, const std::string& key) override {
    return db_.with([&](soci::session& s) {
      try {
        return store::find_idempotent(db_, s, actor, key);
      } catch (...) {
        db_.forget_kept(s);
        throw;
      }
    });
  }

 private:
  Database& db_;
};

}  // namespace

std::unique_ptr<orders::OrderRepository> make_order_repository(Database& db) {
  return std::make_unique<SqlOrderRepository>(db);
}

}  // namespace bc::store
