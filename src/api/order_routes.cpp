// Work orders: create (routed at once), read with the whole timeline, boards and lists, actions.
#include <boost/json.hpp>

#include <stdexcept>

#include "api/idempotency.hpp"
#include "api/routes.hpp"
#include <array>
#include <memory>
#include <shared_mutex>
#include <unordered_map>

#include "domain/auth/sessions.hpp"
#include "domain/orders/lifecycle.hpp"
#include "domain/orders/service.hpp"
#include "domain/org/service.hpp"
#include "domain/plant/privacy.hpp"
#include "domain/plant/service.hpp"

namespace bc::api {
namespace json = boost::json;
using namespace bc::orders;

namespace {

json::value id_or_null(std::int64_t id) { return id ? json::value(id) : json::value(nullptr); }
json::value coord(std::int32_t e6) { return json::value(static_cast<double>(e6) / 1e6); }

// The type's own fields; an unreadable stored value shows as none rather than failing the read.
json::value details_of(const Order& o) {
  json::error_code ec;
  json::value v = json::parse(o.details_json, ec);
  return !ec && v.is_object() ? v : json::value(json::object{});
}

json::object clock_json(const Ctx& c, const ClockReading& r) {
  const char* risk = r.risk == ClockReading::breached ? "breached" : r.risk == ClockReading::at_risk ? "at_risk" : "ok";
  return json::object{{"dueAt", c.iso_or_null(r.due_at)},
                      {"usedMinutes", r.used_minutes},
                      {"allowedMinutes", r.allowed_minutes},
                      {"fraction", r.fraction},
                      {"risk", risk},
                      {"paused", r.paused}};
}

struct OrderJson {
  OrderService& svc;
  org::OrgService& org;
  plant::PlantService& plant;

  // Personal data: the contact phone and address are shown to the roles that see subscribers'
  // phones and addresses; masked otherwise. `full` only for the order page (views are logged).
  json::object operator()(const Ctx& c, const Order& o, const std::vector<PauseRecord>& pauses, bool full) const {
    const auto role = c.who().role;
    const bool phones = full && plant::shown_by_default(role, plant::PiiField::phones);
    const bool address = full && plant::shown_by_default(role, plant::PiiField::address);
    const PolicyReading clocks = svc.clocks(o, pauses);
    // Every key is placed in an object reserved for all of them: an object grown past its size rehashes.
    json::object out;
    out.reserve(kKeys);
    put_head(out, c, *org.snapshot(), o, phones, address);
    out.emplace("commitment", clock_json(c, clocks.commitment));
    out.emplace("legal", clock_json(c, clocks.legal));
    put_tail(out, c, o);
    json::array acts;
    for (Action a : svc.actions(c.who(), o)) acts.emplace_back(to_string(a));
    out.emplace("actions", std::move(acts));
    return out;
  }

  static constexpr std::size_t kHeadKeys = 17, kTailKeys = 17, kKeys = kHeadKeys + 2 + kTailKeys + 1;

  // The keys before the clocks: what the order is, its routing with the names beside the ids (so a
  // board shows who and where without a request per row), the contact, up to appointmentAt. They
  // change only with the order, the organisation's names and the box's code.
  void put_head(json::object& out, const Ctx& c, const org::OrgSnapshot& snap, const Order& o, bool phones,
                bool address) const {
    const org::Unit* area = o.routing.area_id ? snap.unit(o.routing.area_id) : nullptr;
    const org::Unit* community = o.routing.community_id ? snap.unit(o.routing.community_id) : nullptr;
    auto code_of = [](const org::Unit* u) { return u ? json::value(u->code) : json::value(nullptr); };
    auto name_of = [](const org::Unit* u) { return u ? json::value(u->name) : json::value(nullptr); };
    const org::Staff* who = o.routing.assignee_id ? snap.staff(o.routing.assignee_id) : nullptr;
    auto box = o.routing.dist_box_id ? plant.index().box(o.routing.dist_box_id) : std::nullopt;
    json::object routing{{"reason", to_string(o.routing.reason)},
                         {"areaId", id_or_null(o.routing.area_id)},
                         {"communityId", o.routing.community_id},
                         {"officeId", o.routing.office_id},
                         {"networkId", o.routing.network_id},
                         {"assigneeId", id_or_null(o.routing.assignee_id)},
                         {"distBoxId", id_or_null(o.routing.dist_box_id)},
                         {"rural", o.routing.rural},
                         {"explanation", c.zh ? o.routing.explain_zh : o.routing.explain_en},
                         {"explanationEn", o.routing.explain_en},
                         {"explanationZh", o.routing.explain_zh},
                         {"areaCode", code_of(area)},
                         {"areaName", name_of(area)},
                         {"communityCode", code_of(community)},
                         {"communityName", name_of(community)},
                         {"assigneeName", who ? json::value(who->name) : json::value(nullptr)},
                         {"distBoxCode", box ? json::value(box->code) : json::value(nullptr)}};
    out.emplace("id", o.id);
    out.emplace("code", o.code());
    out.emplace("type", to_string(o.type));
    out.emplace("channel", to_string(o.channel));
    out.emplace("state", to_string(o.state));
    out.emplace("routing", std::move(routing));
    out.emplace("customerId", id_or_null(o.customer_id));
    out.emplace("serviceId", id_or_null(o.service_id));
    out.emplace("number", phones ? o.number : plant::mask_phone(o.number));
    out.emplace("contactName", o.contact_name);
    out.emplace("contactPhone", phones ? o.contact_phone : plant::mask_phone(o.contact_phone));
    out.emplace("address", address ? o.address : (o.address.empty() ? std::string() : std::string("***")));
    out.emplace("summary", o.summary);
    out.emplace("details", details_of(o));
    out.emplace("aboutOrderId", id_or_null(o.about_order_id));
    out.emplace("externalRef", o.external_ref.empty() ? json::value(nullptr) : json::value(o.external_ref));
    out.emplace("appointmentAt", c.iso_or_null(o.appointment_at));
  }

  // The keys after the clocks, up to the version: they change only with the order.
  static void put_tail(json::object& out, const Ctx& c, const Order& o) {
    out.emplace("paused", o.paused_since != 0);
    out.emplace("escalation", o.escalation == 2 ? "office_head" : o.escalation == 1 ? "community_head" : "none");
    out.emplace("repeatOf", id_or_null(o.repeat_of));
    out.emplace("cause", o.cause ? json::value(to_string(*o.cause)) : json::value(nullptr));
    out.emplace("resolution", o.resolution);
    out.emplace("pairNo", o.pair_no ? json::value(o.pair_no) : json::value(nullptr));
    out.emplace("feeFen", o.fee_fen);
    out.emplace("lateFeeFen", o.late_fee_fen);
    out.emplace("satisfaction", o.satisfaction ? json::value(o.satisfaction) : json::value(nullptr));
    out.emplace("solved", o.solved < 0 ? json::value(nullptr) : json::value(o.solved == 1));
    out.emplace("createdBy", o.created_by);
    out.emplace("createdAt", c.iso(o.created_at));
    out.emplace("updatedAt", c.iso(o.updated_at));
    out.emplace("acceptedAt", c.iso_or_null(o.accepted_at));
    out.emplace("resolvedAt", c.iso_or_null(o.resolved_at));
    out.emplace("closedAt", c.iso_or_null(o.closed_at));
    out.emplace("version", o.version);
  }
};

// A clock as text, the same bytes as serialising clock_json.
void append_clock(std::string& out, const Ctx& c, const ClockReading& r) {
  const char* risk = r.risk == ClockReading::breached ? "breached" : r.risk == ClockReading::at_risk ? "at_risk" : "ok";
  out += "{\"dueAt\":";
  if (r.due_at) {
    out += '"';
    out += c.iso(r.due_at);  // digits, '-', ':', 'T', '.', '+': nothing to escape
    out += '"';
  } else {
    out += "null";
  }
  out += ",\"usedMinutes\":";
  out += std::to_string(r.used_minutes);
  out += ",\"allowedMinutes\":";
  out += std::to_string(r.allowed_minutes);
  out += ",\"fraction\":";
  out += json::serialize(json::value(r.fraction));  // Boost.JSON's own number format
  out += ",\"risk\":\"";
  out += risk;
  out += "\",\"paused\":";
  out += r.paused ? "true" : "false";
  out += '}';
}

// Board and list rows as text (docs/decisions.md, "Board rows kept as text per order version").
// What changes only with the stored order — the head (up to appointmentAt, with the routing's names)
// and the tail (paused … version) — is serialised once and kept per order and language, checked on
// every use against the row just read (version, escalation, updated_at: the sweeper's escalation
// bumps no version), the organisation snapshot the names came from and the box record; the clocks
// (they move with the time) and the reader's actions are written per request. The same bytes as
// OrderJson with full = false (lists mask personal data alike for every role). Thread-safe.
class OrderRows {
 public:
  struct Entry {
    std::int64_t version = 0, org_version = 0;
    std::int32_t escalation = 0;
    Millis updated_at = 0;
    std::shared_ptr<const void> box;  // the box record the code came from (replaced on a write)
    int tz_minutes = 0;
    std::string head, tail;
  };

  // The kept text for the order as read (brief or whole), or null when there is none or it is stale.
  std::shared_ptr<const Entry> fresh(const Ctx& c, const OrderJson& j, const org::OrgSnapshot& snap, const Order& o) {
    Shard& shard = shard_of(o.id);
    std::shared_ptr<const Entry> e;
    {
      std::shared_lock lk(shard.mu);
      if (auto it = shard.entries.find(key_of(c, o)); it != shard.entries.end()) e = it->second;
    }
    if (!e || e->version != o.version || e->escalation != o.escalation || e->updated_at != o.updated_at ||
        e->org_version != snap.version || e->tz_minutes != c.tz.offset_minutes || e->box != box_of(j, o))
      return nullptr;
    return e;
  }

  // Appends the row: from `e` (fresh() for this very order), or, when null, made from the whole
  // order `o` and kept.
  void append(std::string& out, const Ctx& c, const OrderJson& j, const org::OrgSnapshot& snap, const Order& o,
              const std::vector<PauseRecord>& pauses, std::shared_ptr<const Entry> e) {
    if (!e) e = fresh(c, j, snap, o);
    if (!e) {
      auto made = std::make_shared<Entry>();
      made->version = o.version, made->escalation = o.escalation, made->updated_at = o.updated_at;
      made->org_version = snap.version, made->box = box_of(j, o), made->tz_minutes = c.tz.offset_minutes;
      json::object head;
      head.reserve(OrderJson::kHeadKeys);
      j.put_head(head, c, snap, o, false, false);
      made->head = json::serialize(head);
      made->head.back() = ',';  // "{…}" → "{…,"
      json::object tail;
      tail.reserve(OrderJson::kTailKeys);
      OrderJson::put_tail(tail, c, o);
      made->tail = json::serialize(tail);
      made->tail.front() = ',';  // "{…}" → ",…,"
      made->tail.back() = ',';
      e = made;
      Shard& shard = shard_of(o.id);
      std::unique_lock lk(shard.mu);
      if (shard.entries.size() >= kMaxEntries / kShards) shard.entries.clear();
      shard.entries[key_of(c, o)] = std::move(made);
    }
    const PolicyReading clocks = j.svc.clocks(o, pauses);
    out += e->head;
    out += "\"commitment\":";
    append_clock(out, c, clocks.commitment);
    out += ",\"legal\":";
    append_clock(out, c, clocks.legal);
    out += e->tail;
    out += "\"actions\":[";
    bool first = true;
    for (Action a : available(snap, c.who(), o)) {
      out += first ? "\"" : ",\"";
      out += to_string(a);  // lower-case identifiers: nothing to escape
      out += '"';
      first = false;
    }
    out += "]}";
  }

 private:
  static constexpr std::size_t kShards = 16, kMaxEntries = 32768;  // about 1.5 kB each: ~50 MB at most
  struct Shard {
    std::shared_mutex mu;
    std::unordered_map<std::uint64_t, std::shared_ptr<const Entry>> entries;
  };
  static std::uint64_t key_of(const Ctx& c, const Order& o) {
    return static_cast<std::uint64_t>(o.id) << 1 | (c.zh ? 1u : 0u);
  }
  Shard& shard_of(Id id) { return shards_[static_cast<std::size_t>(id) % kShards]; }
  static std::shared_ptr<const void> box_of(const OrderJson& j, const Order& o) {
    if (!o.routing.dist_box_id) return nullptr;
    auto b = j.plant.index().box(o.routing.dist_box_id);
    return b ? std::shared_ptr<const void>(b->record) : nullptr;
  }
  std::array<Shard, kShards> shards_;
};

// A create's 201 is serialised before the insert gives the order its id: with id 0, so it opens
// with the two keys below (to_json's first); the id and code go in by text.
std::string with_order_id(const std::string& draft, Id id) {
  static const std::string kDraft = R"({"id":0,"code":")" + Order{}.code() + R"(",)";
  if (draft.compare(0, kDraft.size(), kDraft) != 0) throw std::logic_error("order JSON without its id first");
  Order named;
  named.id = id;
  return R"({"id":)" + std::to_string(id) + R"(,"code":")" + named.code() + R"(",)" + draft.substr(kDraft.size());
}

std::string order_location(Id id) { return "/api/v1/orders/" + std::to_string(id); }

json::object event_json(const Ctx& c, const Event& e) {
  json::error_code ec;
  auto detail = json::parse(e.detail_json, ec);
  return json::object{{"id", e.id},
                      {"orderId", e.order_id},
                      {"at", c.iso(e.at)},
                      {"actorId", id_or_null(e.actor_id)},
                      {"actorName", e.actor_name},
                      {"action", e.action},
                      {"from", to_string(e.from)},
                      {"to", to_string(e.to)},
                      {"note", e.note},
                      {"lat", e.lat_e6 ? coord(e.lat_e6) : json::value(nullptr)},
                      {"lng", e.lng_e6 ? coord(e.lng_e6) : json::value(nullptr)},
                      {"detail", ec ? json::value(json::object{}) : std::move(detail)}};
}

template <class E, std::size_t N>
std::string one_of(const std::array<org::Label, N>& labels) {
  std::string out = "must be one of ";
  for (std::size_t i = 0; i < N; ++i) out += (i ? ", " : "") + std::string(labels[i].value);
  return out;
}

std::optional<std::int32_t> e6(Fields& f, const json::object& body, const char* name, double limit) {
  const json::value* v = body.if_contains(name);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_number()) {
    f.fail(name, "must be a number");
    return std::nullopt;
  }
  const double d = v->to_number<double>();
  if (d < -limit || d > limit) {
    f.fail(name, "must be between " + std::to_string(-limit) + " and " + std::to_string(limit));
    return std::nullopt;
  }
  return static_cast<std::int32_t>(d * 1e6 + (d < 0 ? -0.5 : 0.5));
}

std::optional<std::int64_t> integer(Fields& f, const json::object& body, const char* name) {
  const json::value* v = body.if_contains(name);
  if (!v || v->is_null()) return std::nullopt;
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64() && v->as_uint64() < (1ull << 62)) return static_cast<std::int64_t>(v->as_uint64());
  f.fail(name, "must be a whole number");
  return std::nullopt;
}

// /api/v1/events: the work-order events the receiver may see (their part of the organisation, or
// orders assigned to them), from `after` (resume) or from now, as JSON text messages.
class OrderEventStream final : public Stream {
 public:
  OrderEventStream(OrderService& svc, auth::AuthService& auth, Ctx& c, std::string token, Id after)
      : svc_(svc), auth_(auth), actor_(c.who()), token_(std::move(token)), cursor_(after),
        tz_(c.tz), zh_(c.zh), checked_at_(now_ms()) {}
  ~OrderEventStream() override {
    if (token_id_) svc_.hub().unsubscribe(token_id_);
  }

  void on_wake(std::function<void()> wake) override { token_id_ = svc_.hub().subscribe(std::move(wake)); }
  bool open() const override { return open_; }

  std::vector<std::string> poll() override {
    std::vector<std::string> out;
    if (!open_) return out;
    if (!hello_) {
      hello_ = true;
      out.push_back(json::serialize(json::object{{"type", "hello"}, {"after", cursor_}, {"lastId", svc_.hub().last_id()}}));
    }
    // A revoked session or a retired account ends the stream within half a minute.
    if (now_ms() - checked_at_ > 30'000) {
      checked_at_ = now_ms();
      auto again = auth_.authenticate(token_);
      if (!again) {
        open_ = false;
        out.push_back(json::serialize(json::object{{"type", "closed"}, {"reason", "signed out"}}));
        return out;
      }
      actor_ = again.value();
    }
    for (int rounds = 0; rounds < 20; ++rounds) {  // at most 20 × 500 events per wake-up; the rest next time
      auto read = svc_.hub().read_after(cursor_, 500);
      std::vector<Event> events =
          read.gap ? svc_.events_after(cursor_, 500) : std::move(read.events);  // fell behind the buffer
      if (events.empty()) break;
      for (const auto& e : events) {
        cursor_ = e.id;
        if (!svc_.sees(actor_, e)) continue;
        Ctx c{dummy_req_, {}, {}, {}, actor_, zh_, tz_};
        json::object m = event_json(c, e);
        m["type"] = "event";
        m["communityId"] = e.community_id;
        m["assigneeId"] = id_or_null(e.assignee_id);
        out.push_back(json::serialize(m));
      }
    }
    return out;
  }

 private:
  OrderService& svc_;
  auth::AuthService& auth_;
  auth::Actor actor_;
  std::string token_;
  Id cursor_;
  TimeZone tz_;
  bool zh_;
  Millis checked_at_;
  bool hello_ = false, open_ = true;
  std::uint64_t token_id_ = 0;
  Request dummy_req_;
};

}  // namespace

void add_order_routes(Router& r, Services& sv, const ApiOptions&) {
  OrderService& svc = sv.orders;
  plant::PlantService& plant = sv.plant;
  const OrderJson to_json{svc, sv.org, sv.plant};
  FindIdempotent find = [&svc](std::int64_t actor, const std::string& key) { return svc.find_idempotent(actor, key); };

  r.add("POST", "/api/v1/orders", [&svc, to_json, find](Ctx& c) -> Result<Response> {
    return idempotent_create(c, find, [&](const Idem& idem, Response& out) -> Status {
      auto body = json_body(c);
      if (!body) return body.error();
      Fields f(*body);
      f.only({"type", "channel", "number", "customerId", "boxCode", "communityId", "contactName", "contactPhone",
              "address", "summary", "details", "aboutOrderId", "externalRef", "feeFen"});
      CreateInput in;
      if (auto t = f.str("type", true)) {
        in.type = parse_order_type(*t);
        if (!in.type) f.fail("type", one_of<OrderType>(kOrderTypeLabels));
      }
      if (auto ch = f.str("channel")) {
        in.channel = parse_channel(*ch);
        if (!in.channel) f.fail("channel", one_of<Channel>(kChannelLabels));
      }
      in.number = f.str("number").value_or("");
      in.customer_id = f.id("customerId").value_or(0);
      in.box_code = f.str("boxCode").value_or("");
      in.community_id = f.id("communityId").value_or(0);
      in.contact_name = f.str("contactName").value_or("");
      in.contact_phone = f.str("contactPhone").value_or("");
      in.address = f.str("address").value_or("");
      in.summary = f.str("summary", true).value_or("");
      in.about_order_id = f.id("aboutOrderId").value_or(0);
      in.external_ref = f.str("externalRef").value_or("");
      in.fee_fen = integer(f, *body, "feeFen").value_or(0);
      if (auto* d = body->if_contains("details"); d && !d->is_null()) {
        if (!d->is_object()) f.fail("details", "must be an object with the type's own fields");
        else in.details_json = json::serialize(*d);
        if (in.details_json.size() > 8000) f.fail("details", "must be at most 8000 bytes");
      }
      if (!f.ok()) return f.error();
      // The 201 is made on this thread before the order joins its group commit, with id 0; the
      // group's writer only puts the id into the copy it stores under the Idempotency-Key.
      std::string draft;
      auto res = svc.create(c.who(), in, [&](const Order& o) -> AfterOrderWrite {
        draft = json::serialize(to_json(c, o, {}, true));
        if (idem.key.empty()) return {};
        return [&](OrderWriter& w, const Order& written) {
          w.save_idempotent(c.who().staff_id, idem.key,
                            {idem.hash, 201, with_order_id(draft, written.id), order_location(written.id)});
        };
      });
      if (!res) return res.error();
      out.status = 201;
      out.body = with_order_id(draft, res->id);
      out.header("ETag", "\"" + std::to_string(res->version) + "\"");
      out.header("Location", order_location(res->id));
      return Ok{};
    });
  });

  auto rows = std::make_shared<OrderRows>();
  r.add("GET", "/api/v1/orders", [&svc, to_json, rows](Ctx& c) -> Result<Response> {
    OrderQuery q;
    Error bad(Errc::invalid, "The request has invalid fields.");
    if (auto st = c.q("state")) {
      std::string_view rest = *st;
      while (!rest.empty()) {
        auto comma = rest.find(',');
        auto one = rest.substr(0, comma);
        if (one == "open") {
          q.states.insert(q.states.end(), kOpenStates.begin(), kOpenStates.end());
        } else if (auto s = parse_state(one)) {
          q.states.push_back(*s);
        } else {
          bad.field("state", "must be open or states from: " + one_of<State>(kStateLabels).substr(16));
          break;
        }
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      }
    }
    if (auto t = c.q("type")) {
      q.type = parse_order_type(*t);
      if (!q.type) bad.field("type", one_of<OrderType>(kOrderTypeLabels));
    }
    for (auto [name, field] : {std::pair{"assigneeId", &q.assignee_id}, std::pair{"communityId", &q.community_id},
                               std::pair{"officeId", &q.office_id}, std::pair{"areaId", &q.area_id},
                               std::pair{"customerId", &q.customer_id}, std::pair{"serviceId", &q.service_id}}) {
      auto v = c.q_id(name);
      if (!v) bad.field(name, "must be a positive id");
      else if (v.value()) *field = *v.value();
    }
    if (auto mine = c.q_bool("mine"); !mine) bad.field("mine", "must be true or false");
    else if (mine.value().value_or(false)) q.assignee_id = c.who().staff_id;
    if (auto queue = c.q_bool("queue"); !queue) bad.field("queue", "must be true or false");
    else q.unassigned = queue.value().value_or(false);
    // Escalated at least this far: the community head (75 % of the commitment used), or the office
    // head (the commitment missed) — the board's "deadline risk" as the sweeper has judged it.
    if (auto e = c.q("escalation")) {
      if (*e == "community_head") q.min_escalation = 1;
      else if (*e == "office_head") q.min_escalation = 2;
      else bad.field("escalation", "must be community_head or office_head");
    }
    for (auto [name, field] : {std::pair{"dueBefore", &q.due_before}, std::pair{"createdFrom", &q.created_from},
                               std::pair{"createdTo", &q.created_to}}) {
      auto t = c.q_time(name);
      if (!t) bad.field(name, "must be an ISO 8601 date-time");
      else *field = t.value();
    }
    const std::string sort = c.q("sort").value_or("-createdAt");
    if (sort == "dueAt") q.by_deadline = true;
    else if (sort == "createdAt") q.oldest_first = true;
    else if (sort != "-createdAt") bad.field("sort", "must be dueAt, createdAt or -createdAt");
    for (auto [name, field, max] : {std::tuple{"offset", &q.offset, 10'000'000}, std::tuple{"limit", &q.limit, 500}}) {
      if (auto v = c.q(name)) {
        try {
          std::size_t used = 0;
          *field = std::stoi(*v, &used);
          if (used != v->size() || *field < (std::string_view(name) == "limit" ? 1 : 0) || *field > max)
            throw std::out_of_range(name);
        } catch (...) {
          bad.field(name, std::string("must be a whole number up to ") + std::to_string(max));
        }
      }
    }
    if (!bad.fields.empty()) return bad;
    const auto snap = to_json.org.snapshot();  // one organisation for the whole page
    // Orders whose text is kept are read briefly; the entries found are held for the page.
    std::unordered_map<Id, std::shared_ptr<const OrderRows::Entry>> held;
    q.whole = [&](const Order& o) {
      auto e = rows->fresh(c, to_json, *snap, o);
      if (!e) return true;
      held[o.id] = std::move(e);
      return false;
    };
    auto page = svc.list(c.who(), q);
    if (!page) return page.error();
    static const std::vector<PauseRecord> kNone;
    Response res;
    res.body.reserve(2 + page->orders.size() * 1600);
    res.body += '[';
    for (const auto& o : page->orders) {
      if (res.body.size() > 1) res.body += ',';
      auto p = page->pauses.find(o.id);
      auto h = held.find(o.id);
      rows->append(res.body, c, to_json, *snap, o, p == page->pauses.end() ? kNone : p->second,
                   h == held.end() ? nullptr : h->second);
    }
    res.body += ']';
    res.header("X-Total-Count", std::to_string(page->total));
    res.header("X-Result-Count", std::to_string(page->orders.size()));
    return res;
  });

  auto limit_json = [](const Limit& l) {
    return json::object{{"minutes", l.minutes}, {"clock", to_string(l.clock)}};
  };
  auto deadline_json = [limit_json](const Ctx& c, const DeadlineSetting& d, const std::string& source) {
    return json::object{{"networkId", id_or_null(d.network_id)},
                        {"type", to_string(d.type)},
                        {"setting", d.rural ? "rural" : "urban"},
                        {"legal", limit_json(d.policy.legal)},
                        {"commitment", limit_json(d.policy.commitment)},
                        {"source", source},
                        {"version", d.version},
                        {"updatedAt", c.iso_or_null(d.updated_at)}};
  };

  r.add("GET", "/api/v1/order-deadlines", [&svc, deadline_json](Ctx& c) -> Result<Response> {
    auto net = c.q_id("networkId");
    if (!net) return net.error();
    auto rows = svc.deadline_table(c.who(), net.value().value_or(0));
    if (!rows) return rows.error();
    json::array items;
    for (const auto& row : *rows) items.push_back(deadline_json(c, row.setting, row.source));
    Response res = json_response(200, items);
    res.header("X-Total-Count", std::to_string(items.size()));
    res.header("X-Result-Count", std::to_string(items.size()));
    return res;
  });

  r.add("PUT", "/api/v1/order-deadlines/{type}/{setting}", [&svc, deadline_json](Ctx& c) -> Result<Response> {
    DeadlineSetting d;
    auto type = parse_order_type(c.params["type"]);
    if (!type) return invalid("type", one_of<OrderType>(kOrderTypeLabels));
    d.type = *type;
    const std::string setting = c.params["setting"];
    if (setting != "urban" && setting != "rural") return invalid("setting", "must be urban or rural");
    d.rural = setting == "rural";
    auto ver = c.if_match(true);
    if (!ver) return ver.error();
    auto body = json_body(c);
    if (!body) return body.error();
    Fields f(*body);
    f.only({"networkId", "legal", "commitment"});
    d.network_id = f.id("networkId").value_or(0);
    for (auto [name, lim] : {std::pair{"legal", &d.policy.legal}, std::pair{"commitment", &d.policy.commitment}}) {
      const json::value* v = body->if_contains(name);
      if (!v || !v->is_object()) {
        f.fail(name, "is required: {minutes, clock}");
        continue;
      }
      const auto& o = v->as_object();
      const json::value* m = o.if_contains("minutes");
      if (!m || !m->is_int64()) f.fail(std::string(name) + ".minutes", "must be a whole number of minutes (0: no limit)");
      else lim->minutes = m->as_int64();
      const json::value* k = o.if_contains("clock");
      auto clock = k && k->is_string() ? clock_kind_from(k->as_string()) : std::nullopt;
      if (!clock) f.fail(std::string(name) + ".clock", "must be calendar (24/7) or working (business hours)");
      else lim->clock = *clock;
    }
    if (!f.ok()) return f.error();
    auto res = svc.set_deadline(c.who(), d, *ver);
    if (!res) return res.error();
    return object_response(200, deadline_json(c, *res, res->network_id ? "network" : "province"));
  });

  auto day_json = [](const OrderService::CalendarDay& d) {
    return json::object{{"date", d.day.date.format()},
                        {"kind", to_string(d.day.kind)},
                        {"name", d.day.name},
                        {"source", d.source}};
  };
  r.add("GET", "/api/v1/calendar", [&svc, day_json](Ctx& c) -> Result<Response> {
    int year = svc.calendar()->local_date(now_ms()).y;
    if (auto y = c.q("year")) {
      try {
        std::size_t used = 0;
        year = std::stoi(*y, &used);
        if (used != y->size()) throw std::invalid_argument("year");
      } catch (...) {
        return invalid("year", "must be a year such as 2026");
      }
    }
    auto days = svc.calendar_days(year);
    if (!days) return days.error();
    json::array items;
    for (const auto& d : *days) items.push_back(day_json(d));
    Response res = json_response(200, items);
    res.header("X-Total-Count", std::to_string(items.size()));
    res.header("X-Result-Count", std::to_string(items.size()));
    return res;
  });

  r.add("PUT", "/api/v1/calendar/{date}", [&svc, day_json](Ctx& c) -> Result<Response> {
    auto date = Date::parse(c.params["date"]);
    if (!date) return invalid("date", "must be a date YYYY-MM-DD");
    auto body = json_body(c);
    if (!body) return body.error();
    Fields f(*body);
    f.only({"kind", "name"});
    DayOverride d;
    d.date = *date;
    if (auto k = f.str("kind", true)) {
      auto kind = day_kind_from(*k);
      if (!kind) f.fail("kind", "must be holiday (a day off) or workday (a make-up working day)");
      else d.kind = *kind;
    }
    d.name = f.str("name").value_or("");
    if (!f.ok()) return f.error();
    auto res = svc.set_calendar_day(c.who(), d);
    if (!res) return res.error();
    return json_response(200, day_json(*res));
  });

  r.add("DELETE", "/api/v1/calendar/{date}", [&svc](Ctx& c) -> Result<Response> {
    auto date = Date::parse(c.params["date"]);
    if (!date) return invalid("date", "must be a date YYYY-MM-DD");
    auto st = svc.remove_calendar_day(c.who(), *date);
    if (!st) return st.error();
    return no_content();
  });

  r.add("GET", "/api/v1/repeat-faults", [&svc](Ctx& c) -> Result<Response> {
    int days = 90, min = 3;
    for (auto [name, field] : {std::pair{"days", &days}, std::pair{"minFaults", &min}})
      if (auto v = c.q(name)) {
        try {
          std::size_t used = 0;
          *field = std::stoi(*v, &used);
          if (used != v->size()) throw std::invalid_argument(name);
        } catch (...) {
          return invalid(name, "must be a whole number");
        }
      }
    auto rows = svc.repeat_lines(c.who(), days, min);
    if (!rows) return rows.error();
    json::array items;  // a list: line numbers masked, like the boards
    for (const auto& l : *rows)
      items.push_back(json::object{{"serviceId", l.service_id},
                                   {"number", plant::mask_phone(l.number)},
                                   {"faults", l.faults},
                                   {"firstAt", c.iso(l.first_at)},
                                   {"lastAt", c.iso(l.last_at)},
                                   {"lastOrderId", l.last_order_id},
                                   {"areaId", id_or_null(l.area_id)},
                                   {"communityId", l.community_id}});
    Response res = json_response(200, items);
    res.header("X-Total-Count", std::to_string(items.size()));
    res.header("X-Result-Count", std::to_string(items.size()));
    return res;
  });

  r.add("GET", "/api/v1/events", [&svc, &sv](Ctx& c) -> Result<Response> {
    std::string upgrade(c.req.header("upgrade"));
    for (auto& ch : upgrade) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (upgrade != "websocket")
      return invalid("Upgrade", "this is a WebSocket: connect with Upgrade: websocket (e.g. new WebSocket(url))");
    Id after = svc.hub().last_id();
    if (auto a = c.q("after")) {
      try {
        std::size_t used = 0;
        after = std::stoll(*a, &used);
        if (used != a->size() || after < 0) throw std::invalid_argument("after");
      } catch (...) {
        return invalid("after", "must be the id of the last event received (0 or more)");
      }
    }
    Response res;
    res.status = 101;
    res.stream = std::make_shared<OrderEventStream>(svc, sv.auth, c, session_token(c.req), after);
    return res;
  });

  r.add("GET", "/api/v1/orders/{id}", [&svc, &plant, to_json](Ctx& c) -> Result<Response> {
    auto id = c.id_param();
    if (!id) return id.error();
    auto v = svc.view(c.who(), *id);
    if (!v) return v.error();
    json::object o = to_json(c, v->order, v->pauses, true);
    json::array events;
    for (const auto& e : v->events) events.push_back(event_json(c, e));
    o["events"] = std::move(events);
    json::array pauses;
    for (const auto& p : v->pauses)
      pauses.push_back(json::object{{"from", c.iso(p.started_at)}, {"to", c.iso_or_null(p.ended_at)}, {"reason", p.reason}});
    o["pauses"] = std::move(pauses);
    // The contact details shown in full are the subscriber's personal data: the view is logged.
    std::vector<plant::PiiField> shown;
    if (plant::shown_by_default(c.who().role, plant::PiiField::phones) && !v->order.contact_phone.empty())
      shown.push_back(plant::PiiField::phones);
    if (plant::shown_by_default(c.who().role, plant::PiiField::address) && !v->order.address.empty())
      shown.push_back(plant::PiiField::address);
    plant.log_view(c.who(), v->order.customer_id, shown, "work order " + v->order.code());
    return object_response(200, o);
  });

  r.add("POST", "/api/v1/orders/{id}/actions", [&svc, to_json](Ctx& c) -> Result<Response> {
    auto id = c.id_param();
    if (!id) return id.error();
    auto ver = c.if_match();
    if (!ver) return ver.error();
    auto body = json_body(c);
    if (!body) return body.error();
    Fields f(*body);
    f.only({"action", "reason", "assigneeId", "appointmentAt", "customerRequested", "waitFor", "cause", "resolution",
            "pairNo", "score", "solved", "comment", "lat", "lng", "boxCode", "number"});
    ActionInput in;
    if (auto a = f.str("action", true)) {
      in.action = parse_action(*a);
      if (!in.action) f.fail("action", one_of<Action>(kActionLabels));
    }
    in.reason = f.str("reason").value_or("");
    if (auto comment = f.str("comment"); comment && in.reason.empty()) in.reason = *comment;
    if (in.reason.size() > 2000) f.fail("reason", "must be at most 2000 bytes");
    if (auto* v = body->if_contains("assigneeId")) {
      if (v->is_null()) in.assignee_id = 0;
      else in.assignee_id = f.id("assigneeId");
    }
    in.appointment_at = f.time("appointmentAt", c.tz);
    in.customer_requested = f.boolean("customerRequested").value_or(false);
    if (auto w = f.str("waitFor")) {
      in.wait_for = parse_wait_for(*w);
      if (!in.wait_for) f.fail("waitFor", one_of<WaitFor>(kWaitForLabels));
    }
    if (auto cause = f.str("cause")) {
      in.cause = parse_fault_cause(*cause);
      if (!in.cause) f.fail("cause", one_of<FaultCause>(kFaultCauseLabels));
    }
    in.resolution = f.str("resolution").value_or("");
    in.box_code = f.str("boxCode").value_or("");
    in.number = f.str("number").value_or("");
    if (auto p = integer(f, *body, "pairNo")) {
      if (*p < 1 || *p > 2400) f.fail("pairNo", "must be 1 to 2400");
      else in.pair_no = static_cast<std::int32_t>(*p);
    }
    if (auto s = integer(f, *body, "score")) {
      if (*s < 1 || *s > 5) f.fail("score", "must be 1 to 5");
      else in.score = static_cast<std::int32_t>(*s);
    }
    in.solved = f.boolean("solved");
    in.lat_e6 = e6(f, *body, "lat", 90);
    in.lng_e6 = e6(f, *body, "lng", 180);
    if (!f.ok()) return f.error();
    auto res = svc.act(c.who(), *id, *ver, in);
    if (!res) {
      Error e = res.error();
      // Two people acted on the same order: the loser sees the order as it is now.
      if (e.code == Errc::conflict)
        if (auto cur = svc.view(c.who(), *id)) {
          e.current_version = cur->order.version;
          e.current_json = json::serialize(to_json(c, cur->order, cur->pauses, false));
        }
      return e;
    }
    return object_response(200, to_json(c, *res, svc.pauses_of(res->id), false));
  });
}

}  // namespace bc::api
