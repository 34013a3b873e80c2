// Ownership, search, subscribers' records (masked by role, unmasked views logged), boxes, pairs.
#include <boost/json.hpp>

#include "api/org_json.hpp"
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

json::object ownership_json(const Ctx& c, const Ownership& o) {
  json::object out;
  const Millis now = now_ms();
  out["area"] = area_detail_json(c, *o.org, *o.area, now);
  out["distBox"] = o.dist_box ? json::value(dist_box_json(c, *o.dist_box)) : json::value(nullptr);
  out["crossBox"] = o.cross_box ? json::value(cross_box_json(c, *o.cross_box)) : json::value(nullptr);
  out["service"] = o.service ? json::value(service_json(c, *o.service)) : json::value(nullptr);
  // Ownership answers who serves a line; the subscriber's personal data stays behind /customers.
  out["customer"] = o.customer ? json::value(json::object{{"id", o.customer->id},
                                                          {"code", o.customer->code},
                                                          {"name", o.customer->name},
                                                          {"kind", to_string(o.customer->kind)}})
                               : json::value(nullptr);
  const auto& cover = out["area"].as_object()["cover"].as_object()["explanation"].as_string();
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
  out["explanation"] = why;
  return out;
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

  r.add("GET", "/api/v1/ownership", [&plant](Ctx& c) -> Result<Response> {
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
    return json_response(200, ownership_json(c, *o));
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

  r.add("GET", "/api/v1/customers/{id}", [&plant](Ctx& c) -> Result<Response> {
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
    o["owner"] = rec->owner ? json::value(ownership_json(c, *rec->owner)) : json::value(nullptr);
    Response res = object_response(200, o);
    res.header("Cache-Control", "no-store");
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
