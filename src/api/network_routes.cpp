// Cables, poles and drop lines: parse, one NetworkService call, map (docs/plant.md).
#include <boost/json.hpp>

#include <cmath>
#include <sstream>

#include "api/idempotency.hpp"
#include "api/routes.hpp"
#include "domain/org/service.hpp"
#include "domain/plant/network.hpp"
#include "domain/plant/network_import.hpp"

namespace bc::api {
namespace json = boost::json;
using namespace bc::plant;

namespace {

json::value coord(std::int32_t e6) { return json::value(static_cast<double>(e6) / 1e6); }

json::array refs_json(const std::vector<Ref>& v) {
  json::array out;
  for (const auto& r : v) out.push_back(json::object{{"id", r.id}, {"code", r.code}});
  return out;
}

json::object end_json(const CableEnd& e) {
  if (e.kind == EndKind::exchange) return json::object{{"kind", "exchange"}, {"id", nullptr}, {"code", nullptr}};
  return json::object{{"kind", to_string(e.kind)}, {"id", e.id}, {"code", e.code}};
}

json::object cable_json(const Ctx& c, const Cable& x) {
  return json::object{{"id", x.id},
                      {"code", x.code},
                      {"kind", to_string(x.kind)},
                      {"from", end_json(x.from)},
                      {"to", end_json(x.to)},
                      {"pairs", x.pairs},
                      {"lengthM", x.length_m},
                      {"networkId", x.network_id},
                      {"boxes", refs_json(x.boxes)},
                      {"poles", refs_json(x.poles)},
                      {"status", x.active ? "active" : "retired"},
                      {"version", x.version},
                      {"createdAt", c.iso(x.created_at)},
                      {"updatedAt", c.iso(x.updated_at)}};
}

json::object pole_json(const Ctx& c, const Pole& p) {
  return json::object{{"id", p.id},
                      {"code", p.code},
                      {"kind", to_string(p.kind)},
                      {"lat", coord(p.lat_e6)},
                      {"lng", coord(p.lng_e6)},
                      {"networkId", p.network_id},
                      {"boxes", refs_json(p.boxes)},
                      {"cables", refs_json(p.cables)},
                      {"status", p.active ? "active" : "retired"},
                      {"version", p.version},
                      {"createdAt", c.iso(p.created_at)},
                      {"updatedAt", c.iso(p.updated_at)}};
}

json::object drop_json(const Ctx& c, const DropLine& d) {
  return json::object{{"id", d.id},
                      {"code", d.code},
                      {"distBoxId", d.dist_box_id},
                      {"distBoxCode", d.dist_box_code},
                      {"pairNo", d.pair_no},
                      {"serviceId", d.service_id ? json::value(d.service_id) : json::value(nullptr)},
                      {"serviceCode", d.service_id ? json::value(d.service_code) : json::value(nullptr)},
                      {"kind", to_string(d.kind)},
                      {"lengthM", d.length_m},
                      {"installedAt", c.iso_or_null(d.installed_at)},
                      {"networkId", d.network_id},
                      {"status", d.active ? "active" : "retired"},
                      {"version", d.version},
                      {"createdAt", c.iso(d.created_at)},
                      {"updatedAt", c.iso(d.updated_at)}};
}

std::optional<std::int32_t> int_field(const json::object& o, Fields& f, const char* name, const char* why) {
  auto* v = o.if_contains(name);
  if (!v || v->is_null()) return std::nullopt;
  if (v->is_int64() && v->as_int64() >= -1 && v->as_int64() <= 1'000'000) return static_cast<std::int32_t>(v->as_int64());
  f.fail(name, why);
  return std::nullopt;
}

std::optional<std::vector<Ref>> id_list(const json::object& o, Fields& f, const char* name) {
  auto* v = o.if_contains(name);
  if (!v) return std::nullopt;
  std::vector<Ref> out;
  if (!v->is_array()) {
    f.fail(name, "must be a list of ids");
    return out;
  }
  for (const auto& x : v->as_array()) {
    if (x.is_int64() && x.as_int64() > 0) out.push_back({x.as_int64(), ""});
    else f.fail(name, "must be a list of ids");
  }
  return out;
}

std::optional<EndInput> end_field(const json::object& o, Fields& f, const char* name) {
  auto* v = o.if_contains(name);
  if (!v) return std::nullopt;
  const char* why = "must be {kind: exchange|cross_box|dist_box, id or code}";
  if (!v->is_object()) {
    f.fail(name, why);
    return std::nullopt;
  }
  const auto& e = v->as_object();
  EndInput in;
  auto* k = e.if_contains("kind");
  auto kind = k && k->is_string() ? parse_end_kind(k->as_string()) : std::nullopt;
  if (!kind) {
    f.fail(std::string(name) + ".kind", "must be exchange, cross_box or dist_box");
    return std::nullopt;
  }
  in.kind = *kind;
  if (auto* id = e.if_contains("id"); id && !id->is_null()) {
    if (id->is_int64() && id->as_int64() > 0) in.id = id->as_int64();
    else f.fail(std::string(name) + ".id", "must be the id of a box");
  }
  if (auto* code = e.if_contains("code"); code && !code->is_null()) {
    if (code->is_string()) in.code = std::string(code->as_string());
    else f.fail(std::string(name) + ".code", "must be a box code");
  }
  if (in.kind != EndKind::exchange && !in.id && in.code.empty()) f.fail(name, "give the box's id or code");
  return in;
}

std::optional<std::int32_t> degrees(const json::object& o, Fields& f, const char* name, double limit) {
  auto* v = o.if_contains(name);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_number() || std::abs(v->to_number<double>()) > limit) {
    f.fail(name, "must be decimal degrees between -" + std::to_string(static_cast<int>(limit)) + " and " +
                     std::to_string(static_cast<int>(limit)));
    return std::nullopt;
  }
  return static_cast<std::int32_t>(std::lround(v->to_number<double>() * 1e6));
}

Result<CableInput> cable_input(const json::object& b) {
  Fields f(b);
  f.only({"code", "kind", "from", "to", "pairs", "lengthM", "boxIds"});
  CableInput in;
  in.code = f.str("code");
  if (auto k = f.str("kind")) {
    in.kind = parse_cable_kind(*k);
    if (!in.kind) f.fail("kind", "must be primary, distribution or fibre");
  }
  in.from = end_field(b, f, "from");
  in.to = end_field(b, f, "to");
  in.pairs = int_field(b, f, "pairs", "must be a whole number of pairs");
  in.length_m = int_field(b, f, "lengthM", "must be a whole number of metres");
  in.boxes = id_list(b, f, "boxIds");
  if (!f.ok()) return f.error();
  return in;
}

Result<PoleInput> pole_input(const json::object& b) {
  Fields f(b);
  f.only({"code", "kind", "lat", "lng", "networkId", "boxIds", "cableIds"});
  PoleInput in;
  in.code = f.str("code");
  if (auto k = f.str("kind")) {
    in.kind = parse_pole_kind(*k);
    if (!in.kind) f.fail("kind", "must be concrete, wood or steel");
  }
  in.lat_e6 = degrees(b, f, "lat", 90.0);
  in.lng_e6 = degrees(b, f, "lng", 180.0);
  in.network_id = f.id("networkId");
  in.boxes = id_list(b, f, "boxIds");
  in.cables = id_list(b, f, "cableIds");
  if (!f.ok()) return f.error();
  return in;
}

Result<DropLineInput> drop_input(const Ctx& c, const json::object& b) {
  Fields f(b);
  f.only({"code", "distBoxId", "pairNo", "serviceId", "kind", "lengthM", "installedAt"});
  DropLineInput in;
  in.code = f.str("code");
  if (auto id = f.id("distBoxId")) in.box = Ref{*id, ""};
  in.pair_no = int_field(b, f, "pairNo", "must be a pair number");
  if (auto* v = b.if_contains("serviceId")) {
    if (v->is_null()) in.service = Ref{0, ""};
    else if (auto id = f.id("serviceId")) in.service = Ref{*id, ""};
  }
  if (auto k = f.str("kind")) {
    in.kind = parse_drop_kind(*k);
    if (!in.kind) f.fail("kind", "must be copper or fibre");
  }
  in.length_m = int_field(b, f, "lengthM", "must be a whole number of metres");
  in.installed_at = f.time("installedAt", c.tz);
  if (!f.ok()) return f.error();
  return in;
}

Result<ListQuery> list_query(const Ctx& c) {
  ListQuery q;
  std::string st = c.q("status").value_or("active");
  if (st == "retired") q.active = false;
  else if (st == "all") q.active.reset();
  else if (st != "active") return invalid("status", "must be active, retired or all");
  q.q = c.q("q").value_or("");
  return q;
}

// POST to a collection: Idempotency-Key, 201 with Location, the response stored in the create's transaction.
template <class T, class Parse, class Create, class ToJson>
Result<Response> create_route(Ctx& c, org::OrgService& org, const char* collection, Parse parse, Create create,
                              ToJson to_json) {
  FindIdempotent find = [&org](std::int64_t actor, const std::string& key) { return org.find_idempotent(actor, key); };
  return idempotent_create(c, find, [&](const Idem& idem, Response& out) -> Status {
    auto body = json_body(c);
    if (!body) return body.error();
    auto in = parse(*body);
    if (!in) return in.error();
    Remember<T> remember = [&](const T& x) -> std::optional<std::pair<std::string, org::IdempotentResponse>> {
      const std::string location = std::string(collection) + "/" + std::to_string(x.id);
      out = object_response(201, to_json(c, x));
      out.header("Location", location);
      if (idem.key.empty()) return std::nullopt;
      return std::pair<std::string, org::IdempotentResponse>{idem.key, {idem.hash, 201, out.body, location}};
    };
    auto res = create(*in, remember);
    if (!res) return res.error();
    return Ok{};
  });
}

}  // namespace

void add_network_routes(Router& r, Services& sv, const ApiOptions&) {
  NetworkService& net = sv.network;
  org::OrgService& org = sv.org;

  // ---- cables ----
  r.add("GET", "/api/v1/cables", [&net](Ctx& c) -> Result<Response> {
    CableFilter f;
    for (auto [name, field] : {std::pair{"networkId", &f.network_id}, std::pair{"distBoxId", &f.dist_box_id},
                               std::pair{"crossBoxId", &f.cross_box_id}}) {
      auto v = c.q_id(name);
      if (!v) return v.error();
      *field = v.value().value_or(0);
    }
    std::optional<CableKind> kind;
    if (auto k = c.q("kind")) {
      kind = parse_cable_kind(*k);
      if (!kind) return invalid("kind", "must be primary, distribution or fibre");
    }
    auto q = list_query(c);
    if (!q) return q.error();
    auto list = net.cables(c.who(), f, kind, *q);
    if (!list) return list.error();
    std::vector<json::object> items;
    for (const auto& x : *list) items.push_back(cable_json(c, x));
    return list_response(c, std::move(items), {"id", "code", "kind", "pairs", "lengthM"}, "code");
  });
  r.add("POST", "/api/v1/cables", [&net, &org](Ctx& c) -> Result<Response> {
    return create_route<Cable>(
        c, org, "/api/v1/cables", cable_input,
        [&](const CableInput& in, const Remember<Cable>& rem) { return net.create_cable(c.who(), in, rem); }, cable_json);
  });
  r.add("GET", "/api/v1/cables/{id}", [&net](Ctx& c) -> Result<Response> {
    auto id = c.id_param();
    if (!id) return id.error();
    auto x = net.cable(c.who(), *id);
    if (!x) return x.error();
    return object_response(200, cable_json(c, *x));
  });
  r.add("PATCH", "/api/v1/cables/{id}", [&net](Ctx& c) -> Result<Response> {
    auto id = c.id_param();
    if (!id) return id.error();
    auto ver = c.if_match();
    if (!ver) return ver.error();
    auto body = json_body(c);
    if (!body) return body.error();
    auto in = cable_input(*body);
    if (!in) return in.error();
    auto x = net.update_cable(c.who(), *id, *ver, *in);
    if (!x) return x.error();
    return object_response(200, cable_json(c, *x));
  });
  r.add("POST", "/api/v1/cables/{id}/retire", [&net](Ctx& c) -> Result<Response> {
    auto id = c.id_param();
    if (!id) return id.error();
    auto ver = c.if_match();
    if (!ver) return ver.error();
    auto x = net.retire_cable(c.who(), *id, *ver);
    if (!x) return x.error();
    return object_response(200, cable_json(c, *x));
  });

  // ---- poles ----
  r.add("GET", "/api/v1/poles", [&net](Ctx& c) -> Result<Response> {
    PoleFilter f;
    for (auto [name, field] : {std::pair{"networkId", &f.network_id}, std::pair{"distBoxId", &f.dist_box_id},
                               std::pair{"cableId", &f.cable_id}}) {
      auto v = c.q_id(name);
      if (!v) return v.error();
      *field = v.value().value_or(0);
    }
    auto q = list_query(c);
    if (!q) return q.error();
    auto list = net.poles(c.who(), f, *q);
    if (!list) return list.error();
    std::vector<json::object> items;
    for (const auto& x : *list) items.push_back(pole_json(c, x));
    return list_response(c, std::move(items), {"id", "code", "kind"}, "code");
  });
  r.add("POST", "/api/v1/poles", [&net, &org](Ctx& c) -> Result<Response> {
    return create_route<Pole>(
        c, org, "/api/v1/poles", pole_input,
        [&](const PoleInput& in, const Remember<Pole>& rem) { return net.create_pole(c.who(), in, rem); }, pole_json);
  });
  r.add("GET", "/api/v1/poles/{id}", [&net](Ctx& c) -> Result<Response> {
    auto id = c.id_param();
    if (!id) return id.error();
    auto x = net.pole(c.who(), *id);
    if (!x) return x.error();
    return object_response(200, pole_json(c, *x));
  });
  r.add("PATCH", "/api/v1/poles/{id}", [&net](Ctx& c) -> Result<Response> {
    auto id = c.id_param();
    if (!id) return id.error();
    auto ver = c.if_match();
    if (!ver) return ver.error();
    auto body = json_body(c);
    if (!body) return body.error();
    auto in = pole_input(*body);
    if (!in) return in.error();
    auto x = net.update_pole(c.who(), *id, *ver, *in);
    if (!x) return x.error();
    return object_response(200, pole_json(c, *x));
  });
  r.add("POST", "/api/v1/poles/{id}/retire", [&net](Ctx& c) -> Result<Response> {
    auto id = c.id_param();
    if (!id) return id.error();
    auto ver = c.if_match();
    if (!ver) return ver.error();
    auto x = net.retire_pole(c.who(), *id, *ver);
    if (!x) return x.error();
    return object_response(200, pole_json(c, *x));
  });

  // ---- drop lines ----
  r.add("POST", "/api/v1/drop-lines", [&net, &org](Ctx& c) -> Result<Response> {
    return create_route<DropLine>(
        c, org, "/api/v1/drop-lines", [&c](const json::object& b) { return drop_input(c, b); },
        [&](const DropLineInput& in, const Remember<DropLine>& rem) { return net.create_drop_line(c.who(), in, rem); },
        drop_json);
  });
  r.add("GET", "/api/v1/drop-lines/{id}", [&net](Ctx& c) -> Result<Response> {
    auto id = c.id_param();
    if (!id) return id.error();
    auto x = net.drop_line(c.who(), *id);
    if (!x) return x.error();
    return object_response(200, drop_json(c, *x));
  });
  r.add("PATCH", "/api/v1/drop-lines/{id}", [&net](Ctx& c) -> Result<Response> {
    auto id = c.id_param();
    if (!id) return id.error();
    auto ver = c.if_match();
    if (!ver) return ver.error();
    auto body = json_body(c);
    if (!body) return body.error();
    auto in = drop_input(c, *body);
    if (!in) return in.error();
    auto x = net.update_drop_line(c.who(), *id, *ver, *in);
    if (!x) return x.error();
    return object_response(200, drop_json(c, *x));
  });
  r.add("POST", "/api/v1/drop-lines/{id}/retire", [&net](Ctx& c) -> Result<Response> {
    auto id = c.id_param();
    if (!id) return id.error();
    auto ver = c.if_match();
    if (!ver) return ver.error();
    auto x = net.retire_drop_line(c.who(), *id, *ver);
    if (!x) return x.error();
    return object_response(200, drop_json(c, *x));
  });
  r.add("GET", "/api/v1/services/{id}/drop-line", [&net](Ctx& c) -> Result<Response> {
    auto id = c.id_param();
    if (!id) return id.error();
    auto x = net.drop_line_of_service(c.who(), *id);
    if (!x) return x.error();
    return object_response(200, drop_json(c, *x));
  });

  // ---- a box's network ----
  r.add("GET", "/api/v1/dist-boxes/{id}/network", [&net](Ctx& c) -> Result<Response> {
    auto id = c.id_param();
    if (!id) return id.error();
    auto n = net.box_network(c.who(), *id);
    if (!n) return n.error();
    json::array cables, drops;
    for (const auto& x : n->cables) cables.push_back(cable_json(c, x));
    for (const auto& d : n->drop_lines) drops.push_back(drop_json(c, d));
    return json_response(200, json::object{{"cables", std::move(cables)},
                                           {"pole", n->pole ? json::value(pole_json(c, *n->pole)) : json::value(nullptr)},
                                           {"dropLines", std::move(drops)}});
  });
}

}  // namespace bc::api

// ---- CSV import and export of cables, poles and drop lines (reached through /imports/{kind}) ----
namespace bc::api {

Result<Response> import_network_csv(Ctx& c, Services& sv, plant::NetworkKind kind, const TimeZone& tz) {
  std::string_view ct = c.req.header("content-type");
  if (ct.substr(0, 8) != "text/csv" && ct.substr(0, 24) != "application/octet-stream")
    return Error(Errc::unsupported_media, "Send the file as the body with Content-Type: text/csv.")
        .field("Content-Type", "must be text/csv");
  auto dry = c.q_bool("dryRun");
  if (!dry) return dry.error();
  plant::NetworkImportOptions o;
  o.kind = kind;
  o.dry_run = dry.value().value_or(false);
  if (auto e = c.q("encoding")) {
    auto m = imports::parse_encoding_mode(*e);
    if (!m) return invalid("encoding", "must be auto, utf-8 or gbk");
    o.encoding = *m;
  }
  o.tz = tz;
  std::istringstream in(c.req.body);
  const auto r = plant::import_network(in, o, sv.network, c.who());
  json::array errors;
  for (const auto& e : r.errors) errors.push_back(json::object{{"line", e.line}, {"column", e.column}, {"reason", e.reason}});
  return json_response(r.refused ? 422 : 200, json::object{{"kind", plant::to_string(kind)},
                                                           {"dryRun", r.dry_run},
                                                           {"refused", r.refused},
                                                           {"refusal", r.refusal},
                                                           {"encoding", r.encoding},
                                                           {"converted", r.encoding == "gbk"},
                                                           {"rowsRead", r.rows_read},
                                                           {"inserted", r.inserted},
                                                           {"updated", r.updated},
                                                           {"unchanged", r.unchanged},
                                                           {"rejected", r.rejected},
                                                           {"errorsTotal", r.total_errors},
                                                           {"errors", std::move(errors)},
                                                           {"elapsedMs", r.elapsed_ms}});
}

Result<Response> export_network_csv(Ctx& c, Services& sv, plant::NetworkKind kind, const TimeZone& tz) {
  std::ostringstream out;
  {
    imports::CsvWriter w(out, true);
    plant::export_network(kind, w, sv.network, c.who(), *sv.org.snapshot(), tz);
  }
  Response res;
  res.content_type = "text/csv; charset=utf-8";
  res.body = std::move(out).str();
  res.header("Content-Disposition", "attachment; filename=\"" + std::string(plant::to_string(kind)) + ".csv\"");
  res.header("Cache-Control", "no-store");
  return res;
}

}  // namespace bc::api
