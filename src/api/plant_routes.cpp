// Ownership, search, subscribers' records (masked by role, unmasked views logged), boxes, pairs.
#include <boost/json.hpp>

#include "api/org_json.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <shared_mutex>
#include <tuple>
#include <unordered_map>

#include "domain/audit/audit.hpp"
#include "api/routes.hpp"
#include "domain/org/service.hpp"
#include "domain/plant/service.hpp"

namespace bc::api {
namespace json = boost::json;
using namespace bc::plant;

namespace {

json::value coord(std::int32_t e6) { return json::value(static_cast<double>(e6) / 1e6); }

json::object dist_box_json(const Ctx& c, const DistBox& b) {
  return json::object{{"id", b.id},          {"code", b.code},         {"crossBoxId", b.cross_box_id},
                      {"areaId", b.area_id}, {"networkId", b.network_id}, {"lat", coord(b.lat_e6)},
                      {"lng", coord(b.lng_e6)}, {"mount", to_string(b.mount)}, {"address", b.address},
                      {"capacity", b.capacity}, {"status", b.active ? "active" : "retired"}, {"version", b.version},
                      {"createdAt", c.iso(b.created_at)}, {"updatedAt", c.iso(b.updated_at)}};
}

json::object cross_box_json(const Ctx& c, const CrossBox& b) {
  return json::object{{"id", b.id},
                      {"code", b.code},
                      {"name", b.name},
                      {"networkId", b.network_id},
                      {"areaId", b.area_id ? json::value(b.area_id) : json::value(nullptr)},
                      {"lat", coord(b.lat_e6)},
                      {"lng", coord(b.lng_e6)},
                      {"address", b.address},
                      {"primaryPairs", b.primary_pairs},
                      {"distributionPairs", b.distribution_pairs},
                      {"status", b.active ? "active" : "retired"},
                      {"version", b.version},
                      {"createdAt", c.iso(b.created_at)},
                      {"updatedAt", c.iso(b.updated_at)}};
}

json::object service_json(const Ctx& c, const Service& s) {
  return json::object{{"id", s.id},
                      {"code", s.code},
                      {"customerId", s.customer_id},
                      {"kind", to_string(s.kind)},
                      {"number", s.number},
                      {"speedMbps", s.speed_mbps},
                      {"distBoxId", s.dist_box_id ? json::value(s.dist_box_id) : json::value(nullptr)},
                      {"pairNo", s.pair_no ? json::value(s.pair_no) : json::value(nullptr)},
                      {"parentServiceId", s.parent_service_id ? json::value(s.parent_service_id) : json::value(nullptr)},
                      {"status", to_string(s.status)},
                      {"startDate", c.iso_or_null(s.start_date)},
                      {"monthlyFeeFen", s.monthly_fee_fen},
                      {"version", s.version}};
}

json::object customer_json(const Customer& cu) {
  json::array phones;
  for (const auto& p : cu.phones) phones.push_back(json::string(p));
  return json::object{{"id", cu.id},
                      {"code", cu.code},
                      {"kind", to_string(cu.kind)},
                      {"name", cu.name},
                      {"phones", std::move(phones)},
                      {"idType", cu.id_type},
                      {"idNumber", cu.id_number},
                      {"address", json::object{{"district", cu.address.district},
                                               {"street", cu.address.street},
                                               {"community", cu.address.community},
                                               {"building", cu.address.building},
                                               {"unit", cu.address.unit},
                                               {"room", cu.address.room},
                                               {"text", cu.address.text()}}},
                      {"networkId", cu.network_id},
                      {"version", cu.version}};
}

json::object customer_brief_json(const Customer& cu) {
  return json::object{{"id", cu.id}, {"code", cu.code}, {"name", cu.name}, {"kind", to_string(cu.kind)}};
}

std::string explanation(const Ctx& c, const Ownership& o, std::string_view cover) {
  std::string why;
  const std::string box = o.dist_box ? o.dist_box->code : o.box.code;
  if (c.zh) {
    why = (o.service ? "号码 " + o.service->number + (o.service->pair_no ? " 在分线盒 " + box + " 第 " +
                                                                              std::to_string(o.service->pair_no) + " 对；"
                                                                        : " 挂在分线盒 " + box + "；")
                     : "分线盒 " + box + "；") +
          "该盒属于片区 " + o.area->code + "。" + std::string(cover);
  } else {
    why = (o.service ? "Number " + o.service->number + (o.service->pair_no ? " is on pair " + std::to_string(o.service->pair_no) +
                                                                               " of distribution box " + box + ", "
                                                                         : " hangs off distribution box " + box + ", ")
                     : "Distribution box " + box + " ") +
          "which belongs to area " + o.area->code + ". " + std::string(cover);
  }
  return why;
}

json::object ownership_json(const Ctx& c, const Ownership& o) {
  json::object out;
  const Millis now = now_ms();
  out["area"] = area_detail_json(c, *o.org, *o.area, now);
  out["distBox"] = o.dist_box ? json::value(dist_box_json(c, *o.dist_box)) : json::value(nullptr);
  out["crossBox"] = o.cross_box ? json::value(cross_box_json(c, *o.cross_box)) : json::value(nullptr);
  out["service"] = o.service ? json::value(service_json(c, *o.service)) : json::value(nullptr);
  // Ownership answers who serves a line; the subscriber's personal data stays behind /customers.
  out["customer"] = o.customer ? json::value(customer_brief_json(*o.customer)) : json::value(nullptr);
  const auto& cover = out["area"].as_object()["cover"].as_object()["explanation"].as_string();
  out["explanation"] = explanation(c, o, cover);
  return out;
}

// The area part of ownership answers, serialised, per area and language: like GET /areas/{id}, it
// is kept while the snapshot version is unchanged and until cover next changes. Thread-safe.
class AreaParts {
 public:
  struct Part {
    std::int64_t version = 0;
    Millis valid_until = 0;
    std::string json, cover;  // the serialised AreaDetail and its cover explanation
  };
  std::shared_ptr<const Part> get(const Ctx& c, const org::OrgSnapshot& s, const org::Unit& area, Millis now) {
    const std::int64_t key = area.id * 2 + (c.zh ? 1 : 0);
    {
      std::shared_lock lk(mu_);
      auto it = parts_.find(key);
      if (it != parts_.end() && it->second->version == s.version && now < it->second->valid_until) return it->second;
    }
    auto p = std::make_shared<Part>();
    p->version = s.version;
    p->valid_until = org::next_cover_change(s, area, now, now + 3600000);
    json::object a = area_detail_json(c, s, area, now);
    p->cover = a["cover"].as_object()["explanation"].as_string();
    p->json = json::serialize(a);
    std::unique_lock lk(mu_);
    if (parts_.size() >= 20000) parts_.clear();
    parts_[key] = p;
    return p;
  }

 private:
  std::shared_mutex mu_;
  std::unordered_map<std::int64_t, std::shared_ptr<const Part>> parts_;
};

// A box's JSON, serialised once per stored record: the index replaces the record on every write
// or rebuild, and the entry keeps the record it was made from, so a changed box never matches.
template <class T>
class RecordJson {
 public:
  template <class F>
  void append(std::string& out, Id id, const std::shared_ptr<const T>& rec, F&& make) {
    {
      std::shared_lock lk(mu_);
      if (auto it = entries_.find(id); it != entries_.end() && it->second.first == rec) {
        out += it->second.second;
        return;
      }
    }
    std::string text = json::serialize(make(*rec));
    out += text;
    std::unique_lock lk(mu_);
    if (entries_.size() >= 250000) entries_.clear();
    entries_[id] = {rec, std::move(text)};
  }

 private:
  std::shared_mutex mu_;
  std::unordered_map<Id, std::pair<std::shared_ptr<const T>, std::string>> entries_;
};

struct OwnershipParts {
  AreaParts areas;
  RecordJson<DistBox> dist_boxes;
  RecordJson<CrossBox> cross_boxes;
};

// The same answer as ownership_json, written straight to text with the area part from the cache:
// the hotline's first question (docs/decisions.md).
std::string ownership_text(const Ctx& c, const Ownership& o, OwnershipParts& parts) {
  auto area = parts.areas.get(c, *o.org, *o.area, now_ms());
  std::string out;
  out.reserve(area->json.size() + 2048);
  out += "{\"area\":";
  out += area->json;
  out += ",\"distBox\":";
  auto dist = [&c](const DistBox& b) { return dist_box_json(c, b); };
  auto cross = [&c](const CrossBox& b) { return cross_box_json(c, b); };
  if (o.box.record && o.dist_box) parts.dist_boxes.append(out, o.box.record->id, o.box.record, dist);
  else out += o.dist_box ? json::serialize(dist_box_json(c, *o.dist_box)) : "null";
  out += ",\"crossBox\":";
  if (o.cross_box_record) parts.cross_boxes.append(out, o.cross_box_record->id, o.cross_box_record, cross);
  else out += o.cross_box ? json::serialize(cross_box_json(c, *o.cross_box)) : "null";
  out += ",\"service\":";
  out += o.service ? json::serialize(service_json(c, *o.service)) : "null";
  out += ",\"customer\":";
  out += o.customer ? json::serialize(customer_brief_json(*o.customer)) : "null";
  out += ",\"explanation\":";
  out += json::serialize(json::string(explanation(c, o, area->cover)));
  out += '}';
  return out;
}

json::object contact_json(const Ctx& c, const Contact& k, const std::string& staff_name) {
  return json::object{{"id", k.id},           {"staffId", k.staff_id}, {"staffName", staff_name},
                      {"at", c.iso(k.at)},    {"channel", k.channel},  {"outcome", k.outcome},
                      {"note", k.note}};
}

Result<std::vector<PiiField>> reveal_fields(const Ctx& c) {
  std::vector<PiiField> out;
  auto r = c.q("reveal");
  if (!r) return out;
  std::size_t i = 0;
  while (i <= r->size()) {
    auto j = std::min(r->find(',', i), r->size());
    const std::string f = r->substr(i, j - i);
    if (f == "phones") out.push_back(PiiField::phones);
    else if (f == "idNumber") out.push_back(PiiField::id_number);
    else if (f == "address") out.push_back(PiiField::address);
    else if (!f.empty()) return invalid("reveal", "may name phones, idNumber and address");
    i = j + 1;
  }
  return out;
}

}  // namespace

void add_plant_routes(Router& r, Services& sv, const ApiOptions&) {
  PlantService& plant = sv.plant;

  auto parts = std::make_shared<OwnershipParts>();
  r.add("GET", "/api/v1/ownership", [&plant, parts](Ctx& c) -> Result<Response> {
    Result<Ownership> o = Error(Errc::invalid, "Say what to look up.");
    if (auto v = c.q("phone")) o = plant.owner_of_number(c.who(), *v);
    else if (auto v2 = c.q("account")) o = plant.owner_of_number(c.who(), *v2);
    else if (auto v3 = c.q("box")) o = plant.owner_of_box(c.who(), *v3);
    else if (c.q("customerId")) {
      auto id = c.q_id("customerId");
      if (!id) return id.error();
      o = plant.owner_of_customer(c.who(), *id.value());
    } else {
      return invalid("phone", "give one of phone, account, customerId or box");
    }
    if (!o) return o.error();
    Response res;
    res.body = ownership_text(c, *o, *parts);
    return res;
  });

  r.add("GET", "/api/v1/search", [&plant](Ctx& c) -> Result<Response> {
    std::optional<SearchKind> kind;
    if (auto t = c.q("type")) {
      if (*t == "phone") kind = SearchKind::phone;
      else if (*t == "account") kind = SearchKind::account;
      else if (*t == "name") kind = SearchKind::name;
      else if (*t == "address") kind = SearchKind::address;
      else if (*t == "box") kind = SearchKind::box;
      else if (*t != "auto") return invalid("type", "must be auto, phone, account, name, address or box");
    }
    int limit = 20;
    if (auto l = c.q("limit")) {
      try { limit = std::stoi(*l); } catch (...) { limit = 0; }
      if (limit < 1 || limit > 200) return invalid("limit", "must be between 1 and 200");
    }
    auto hits = plant.search(c.who(), c.q("q").value_or(""), kind, limit);
    if (!hits) return hits.error();
    json::array out;
    static constexpr const char* kKinds[] = {"phone", "account", "name", "address", "box"};
    for (const auto& h : *hits)
      out.push_back(json::object{{"kind", kKinds[static_cast<int>(h.kind)]},
                                 {"customerId", h.customer_id ? json::value(h.customer_id) : json::value(nullptr)},
                                 {"serviceId", h.service_id ? json::value(h.service_id) : json::value(nullptr)},
                                 {"distBoxId", h.box_id ? json::value(h.box_id) : json::value(nullptr)},
                                 {"title", h.title},
                                 {"detail", h.detail}});
    const bool more = static_cast<int>(out.size()) >= limit;
    return json_response(200, json::object{{"items", std::move(out)}, {"more", more}});
  });

  r.add("GET", "/api/v1/customers/{id}", [&plant, &sv](Ctx& c) -> Result<Response> {
    auto id = c.id_param();
    if (!id) return id.error();
    auto reveal = reveal_fields(c);
    if (!reveal) return reveal.error();
    auto rec = plant.customer(c.who(), *id, *reveal, c.q("reason").value_or(""));
    if (!rec) return rec.error();
    json::object o = customer_json(rec->customer);
    json::array services, unmasked;
    for (const auto& s : rec->services) services.push_back(service_json(c, s));
    for (auto f : rec->unmasked) unmasked.push_back(json::string(to_string(f)));
    o["services"] = std::move(services);
    o["unmasked"] = std::move(unmasked);
    auto snap = sv.org.snapshot();
    auto staff_name = [&](Id id) {
      const org::Staff* m = snap->staff(id);
      return m ? m->name : std::string();
    };
    json::array care, contacts;
    for (const auto& f : rec->care)
      care.push_back(json::object{{"flag", to_string(f.flag)},
                                  {"note", f.note},
                                  {"setBy", f.set_by},
                                  {"setByName", staff_name(f.set_by)},
                                  {"setAt", c.iso(f.set_at)}});
    for (const auto& k : rec->contacts) contacts.push_back(contact_json(c, k, staff_name(k.staff_id)));
    o["careFlags"] = std::move(care);
    o["contacts"] = std::move(contacts);
    o["owner"] = rec->owner ? json::value(ownership_json(c, *rec->owner)) : json::value(nullptr);
    Response res = object_response(200, o);
    res.header("Cache-Control", "no-store");
    return res;
  });

  auto care = [&plant](bool remove) {
    return [&plant, remove](Ctx& c) -> Result<Response> {
      auto id = c.id_param();
      if (!id) return id.error();
      auto flag = parse_care_flag(c.params["flag"]);
      if (!flag) return not_found("Care flag '" + c.params["flag"] + "' (use elderly_alone, bedridden, disabled, other)");
      std::string note;
      if (!remove) {
        auto body = json_body(c, true);
        if (!body) return body.error();
        Fields f(*body);
        f.only({"note"});
        note = f.str("note").value_or("");
        if (!f.ok()) return f.error();
      }
      if (auto st = plant.set_care_flag(c.who(), *id, *flag, note, remove); !st) return st.error();
      return no_content();
    };
  };
  r.add("PUT", "/api/v1/customers/{id}/care/{flag}", care(false));
  r.add("DELETE", "/api/v1/customers/{id}/care/{flag}", care(true));

  r.add("POST", "/api/v1/customers/{id}/contacts", [&plant, &sv](Ctx& c) -> Result<Response> {
    auto id = c.id_param();
    if (!id) return id.error();
    auto body = json_body(c);
    if (!body) return body.error();
    Fields f(*body);
    f.only({"channel", "outcome", "note", "at"});
    auto channel = f.str("channel", true);
    auto outcome = f.str("outcome").value_or("");
    auto note = f.str("note").value_or("");
    auto at = f.time("at", c.tz);
    if (!f.ok()) return f.error();
    auto k = plant.add_contact(c.who(), *id, *channel, outcome, note, at);
    if (!k) return k.error();
    const org::Staff* m = sv.org.snapshot()->staff(k->staff_id);
    Response res = json_response(201, contact_json(c, *k, m ? m->name : ""));
    res.header("Location", "/api/v1/customers/" + std::to_string(*id));
    return res;
  });

  r.add("GET", "/api/v1/customers/{id}/views", [&plant, &sv](Ctx& c) -> Result<Response> {
    auto id = c.id_param();
    if (!id) return id.error();
    auto views = plant.views(c.who(), *id);
    if (!views) return views.error();
    auto snap = sv.org.snapshot();
    std::vector<json::object> items;
    for (const auto& v : *views) {
      const org::Staff* m = snap->staff(v.staff_id);
      items.push_back(json::object{{"id", v.id},
                                   {"at", c.iso(v.at)},
                                   {"staffId", v.staff_id},
                                   {"staffName", m ? m->name : ""},
                                   {"fields", v.fields},
                                   {"reason", v.reason}});
    }
    return list_response(c, std::move(items), {"id", "at"}, "-id");
  });

  r.add("GET", "/api/v1/dist-boxes", [&plant](Ctx& c) -> Result<Response> {
    auto area = c.q_id("areaId");
    auto cross = c.q_id("crossBoxId");
    if (!area) return area.error();
    if (!cross) return cross.error();
    auto boxes = plant.dist_boxes(c.who(), area.value().value_or(0), cross.value().value_or(0));
    if (!boxes) return boxes.error();
    std::vector<json::object> items;
    for (const auto& b : *boxes) items.push_back(dist_box_json(c, b));
    return list_response(c, std::move(items), {"id", "code", "capacity"}, "code");
  });

  r.add("GET", "/api/v1/dist-boxes/{id}", [&plant](Ctx& c) -> Result<Response> {
    auto id = c.id_param();
    if (!id) return id.error();
    auto b = plant.dist_box(c.who(), *id);
    if (!b) return b.error();
    return object_response(200, dist_box_json(c, *b));
  });

  r.add("GET", "/api/v1/dist-boxes/{id}/pairs", [&plant](Ctx& c) -> Result<Response> {
    auto id = c.id_param();
    if (!id) return id.error();
    auto pairs = plant.pairs(c.who(), *id);
    if (!pairs) return pairs.error();
    json::array out;
    std::int64_t used = 0, faulty = 0, reserved = 0;
    for (const auto& p : *pairs) {
      used += p.state == PairState::in_use;
      faulty += p.state == PairState::faulty;
      reserved += p.state == PairState::reserved;
      out.push_back(json::object{{"pairNo", p.pair_no},
                                 {"state", to_string(p.state)},
                                 {"serviceId", p.service_id ? json::value(p.service_id) : json::value(nullptr)},
                                 {"serviceCode", p.service_code},
                                 {"number", p.number},
                                 {"customerId", p.customer_id ? json::value(p.customer_id) : json::value(nullptr)},
                                 {"note", p.note}});
    }
    const auto total = static_cast<std::int64_t>(pairs->size());
    return json_response(200, json::object{{"capacity", total},
                                           {"inUse", used},
                                           {"faulty", faulty},
                                           {"reserved", reserved},
                                           {"free", total - used - faulty - reserved},
                                           {"pairs", std::move(out)}});
  });

  r.add("PATCH", "/api/v1/dist-boxes/{id}", [&plant](Ctx& c) -> Result<Response> {
    auto id = c.id_param();
    if (!id) return id.error();
    auto ver = c.if_match();
    if (!ver) return ver.error();
    auto body = json_body(c);
    if (!body) return body.error();
    Fields f(*body);
    f.only({"areaId", "address", "capacity", "lat", "lng", "mount", "reason"});
    DistBoxPatch p;
    p.reason = f.str("reason").value_or("");
    p.area_id = f.id("areaId");
    p.address = f.str("address");
    if (auto* v = body->if_contains("capacity")) {
      if (v->is_int64()) p.capacity = static_cast<std::int32_t>(std::clamp<std::int64_t>(v->as_int64(), -1, 100000));
      else f.fail("capacity", "must be a whole number of pairs");
    }
    for (auto [key, field, limit] : {std::tuple{"lat", &p.lat_e6, 90.0}, std::tuple{"lng", &p.lng_e6, 180.0}})
      if (auto* v = body->if_contains(key)) {
        if (!v->is_number() || std::abs(v->to_number<double>()) > limit)
          f.fail(key, "must be decimal degrees between -" + std::to_string(static_cast<int>(limit)) + " and " +
                          std::to_string(static_cast<int>(limit)));
        else *field = static_cast<std::int32_t>(std::lround(v->to_number<double>() * 1e6));
      }
    if (auto m = f.str("mount")) {
      p.mount = parse_mount(*m);
      if (!p.mount) f.fail("mount", "must be building or pole");
    }
    if (!f.ok()) return f.error();
    auto b = plant.update_dist_box(c.who(), *id, *ver, p);
    if (!b) return b.error();
    return object_response(200, dist_box_json(c, *b));
  });

  r.add("GET", "/api/v1/dist-boxes/{id}/history", [&plant, &sv](Ctx& c) -> Result<Response> {
    auto id = c.id_param();
    if (!id) return id.error();
    auto b = plant.dist_box(c.who(), *id);
    if (!b) return b.error();
    audit::Query q;
    q.object_type = "dist_box";
    q.object_id = *id;
    q.limit = 1000;
    std::vector<json::object> items;
    for (const auto& e : sv.audit.query(q).entries) items.push_back(audit_json(c, e));
    return list_response(c, std::move(items), {"id", "at"}, "-id");
  });

  r.add("PUT", "/api/v1/dist-boxes/{id}/pairs/{pairNo}", [&plant](Ctx& c) -> Result<Response> {
    auto id = c.id_param();
    if (!id) return id.error();
    auto pair = c.id_param("pairNo");
    if (!pair) return pair.error();
    auto body = json_body(c);
    if (!body) return body.error();
    Fields f(*body);
    f.only({"state", "note"});
    std::optional<PairState> state;
    if (auto st = f.str("state", true)) {
      state = parse_pair_state(*st);
      if (!state) f.fail("state", "must be faulty, reserved or free");
    }
    auto note = f.str("note").value_or("");
    if (!f.ok()) return f.error();
    auto p = plant.mark_pair(c.who(), *id, static_cast<std::int32_t>(std::min<std::int64_t>(*pair, 100000)), *state, note);
    if (!p) return p.error();
    return json_response(200, json::object{{"pairNo", p->pair_no},
                                           {"state", to_string(p->state)},
                                           {"serviceId", p->service_id ? json::value(p->service_id) : json::value(nullptr)},
                                           {"serviceCode", p->service_code},
                                           {"number", p->number},
                                           {"customerId", p->customer_id ? json::value(p->customer_id) : json::value(nullptr)},
                                           {"note", p->note}});
  });

  r.add("GET", "/api/v1/occupancy", [&plant](Ctx& c) -> Result<Response> {
    auto parent = c.q_id("parentId");
    if (!parent) return parent.error();
    if (!parent.value()) return invalid("parentId", "is required: the unit whose parts to show");
    auto rows = plant.occupancy(c.who(), *parent.value());
    if (!rows) return rows.error();
    std::vector<json::object> items;
    for (const auto& r : *rows)
      items.push_back(json::object{{"id", r.id},
                                   {"code", r.code},
                                   {"name", r.name},
                                   {"kind", r.kind},
                                   {"boxes", r.boxes},
                                   {"capacity", r.capacity},
                                   {"inUse", r.in_use},
                                   {"faulty", r.faulty},
                                   {"reserved", r.reserved},
                                   {"free", r.free()},
                                   {"occupancy", r.capacity ? static_cast<double>(r.in_use) / r.capacity : 0.0}});
    return list_response(c, std::move(items), {"code", "name", "occupancy", "capacity"}, "code");
  });

  r.add("POST", "/api/v1/dist-boxes/{id}/verifications", [&plant](Ctx& c) -> Result<Response> {
    auto id = c.id_param();
    if (!id) return id.error();
    auto body = json_body(c);
    if (!body) return body.error();
    Fields f(*body);
    f.only({"pairs"});
    std::vector<FoundPair> found;
    auto* pairs = body->if_contains("pairs");
    if (!pairs || !pairs->is_array()) {
      f.fail("pairs", "is required: a list of {pairNo, found, correct?}");
    } else {
      for (std::size_t i = 0; i < pairs->as_array().size(); ++i) {
        const auto& x = pairs->as_array()[i];
        const std::string at = "pairs[" + std::to_string(i) + "]";
        if (!x.is_object()) { f.fail(at, "must be an object {pairNo, found, correct?}"); continue; }
        const auto& o = x.as_object();
        FoundPair fp;
        if (auto* n = o.if_contains("pairNo"); n && n->is_int64() && n->as_int64() > 0 && n->as_int64() < 100000)
          fp.pair_no = static_cast<std::int32_t>(n->as_int64());
        else f.fail(at + ".pairNo", "must be a pair number");
        std::optional<PairState> st;
        if (auto* v = o.if_contains("found"); v && v->is_string()) st = parse_pair_state(v->as_string());
        if (!st) f.fail(at + ".found", "must be free, in_use, faulty or reserved");
        else fp.found = *st;
        if (auto* v = o.if_contains("correct")) {
          if (v->is_bool()) fp.correct = v->as_bool();
          else f.fail(at + ".correct", "must be true or false");
        }
        found.push_back(fp);
      }
    }
    if (!f.ok()) return f.error();
    auto v = plant.verify(c.who(), *id, found);
    if (!v) return v.error();
    static constexpr const char* kResults[] = {"match", "mismatch", "corrected"};
    json::array items;
    for (const auto& it : v->items)
      items.push_back(json::object{{"pairNo", it.pair_no},
                                   {"recorded", to_string(it.recorded)},
                                   {"found", to_string(it.found)},
                                   {"result", kResults[static_cast<int>(it.result)]}});
    Response res = json_response(201, json::object{{"id", v->id},
                                                   {"distBoxId", v->dist_box_id},
                                                   {"at", c.iso(v->at)},
                                                   {"staffId", v->staff_id},
                                                   {"checked", v->checked},
                                                   {"matched", v->matched},
                                                   {"mismatched", v->mismatched},
                                                   {"corrected", v->corrected},
                                                   {"accuracy", v->checked ? static_cast<double>(v->matched) / v->checked : 0.0},
                                                   {"items", std::move(items)}});
    res.header("Location", "/api/v1/accuracy?distBoxId=" + std::to_string(v->dist_box_id));
    return res;
  });

  r.add("GET", "/api/v1/accuracy", [&plant](Ctx& c) -> Result<Response> {
    auto unit = c.q_id("unitId");
    auto box = c.q_id("distBoxId");
    if (!unit) return unit.error();
    if (!box) return box.error();
    if (!unit.value() && !box.value()) return invalid("unitId", "give unitId or distBoxId");
    auto a = plant.accuracy(c.who(), unit.value().value_or(0), box.value().value_or(0), c.tz);
    if (!a) return a.error();
    json::array history;
    for (const auto& m : a->history)
      history.push_back(json::object{{"month", m.month},
                                     {"checked", m.checked},
                                     {"matched", m.matched},
                                     {"accuracy", m.checked ? json::value(static_cast<double>(m.matched) / m.checked)
                                                            : json::value(nullptr)}});
    return json_response(200, json::object{{"checked", a->checked},
                                           {"matched", a->matched},
                                           {"accuracy", a->checked ? json::value(static_cast<double>(a->matched) / a->checked)
                                                                   : json::value(nullptr)},
                                           {"boxesVerified", a->boxes_verified},
                                           {"boxesTotal", a->boxes_total},
                                           {"history", std::move(history)}});
  });

  r.add("GET", "/api/v1/cross-boxes", [&plant](Ctx& c) -> Result<Response> {
    auto area = c.q_id("areaId");
    auto net = c.q_id("networkId");
    if (!area) return area.error();
    if (!net) return net.error();
    auto boxes = plant.cross_boxes(c.who(), area.value().value_or(0), net.value().value_or(0));
    if (!boxes) return boxes.error();
    std::vector<json::object> items;
    for (const auto& b : *boxes) items.push_back(cross_box_json(c, b));
    return list_response(c, std::move(items), {"id", "code"}, "code");
  });

  r.add("GET", "/api/v1/cross-boxes/{id}", [&plant](Ctx& c) -> Result<Response> {
    auto id = c.id_param();
    if (!id) return id.error();
    auto b = plant.cross_box(c.who(), *id);
    if (!b) return b.error();
    return object_response(200, cross_box_json(c, *b));
  });
}

}  // namespace bc::api
