// Units, areas, staff and absences: thin handlers that parse, call OrgService, and map.
#include <boost/json.hpp>

#include <algorithm>

#include "api/idempotency.hpp"
#include "api/org_json.hpp"
#include "api/response_cache.hpp"
#include "api/routes.hpp"
#include "core/crypto.hpp"
#include "domain/auth/sessions.hpp"
#include "domain/org/service.hpp"

namespace bc::api {
namespace json = boost::json;
using namespace bc::org;

namespace {

// Called inside the create's transaction: builds the 201 and stores it under the key.
void remember(OrgWriter& w, const Ctx& c, const Idem& idem, Response& out, const json::object& body,
              const std::string& location) {
  out = object_response(201, body);
  out.header("Location", location);
  if (!idem.key.empty()) w.save_idempotent(c.who().staff_id, idem.key, {idem.hash, 201, out.body, location});
}

bool contains_ci(const std::string& hay, const std::string& needle) {
  if (needle.empty()) return true;
  auto lower = [](std::string s) {
    for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return s;
  };
  return lower(hay).find(lower(needle)) != std::string::npos;
}

Result<std::optional<bool>> status_filter(const Ctx& c, const char* default_value) {
  std::string st = c.q("status").value_or(default_value);
  if (st == "active") return std::optional<bool>{true};
  if (st == "retired") return std::optional<bool>{false};
  if (st == "all") return std::optional<bool>{};
  return invalid("status", "must be active, retired or all");
}

json::object tree_node(const OrgSnapshot& s, const Unit& u, int depth, bool retired) {
  json::object o{{"id", u.id}, {"code", u.code}, {"name", u.name}, {"kind", to_string(u.kind)},
                 {"status", u.active ? "active" : "retired"}};
  if (u.kind == UnitKind::area) o["responsibleId"] = u.responsible_id;
  json::array kids;
  if (depth != 0)
    for (Id k : s.children(u.id)) {
      const Unit* ku = s.unit(k);
      if (ku->active || retired) kids.push_back(tree_node(s, *ku, depth - 1, retired));
    }
  o["children"] = std::move(kids);
  return o;
}

}  // namespace

void add_org_routes(Router& r, Services& sv, const ApiOptions&) {
  OrgService& org = sv.org;

  // ---- units ----
  r.add("GET", "/api/v1/units/tree", [&org](Ctx& c) -> Result<Response> {
    auto snap = org.snapshot();
    auto root = c.q_id("rootId");
    if (!root) return root.error();
    auto retired = c.q_bool("includeRetired");
    if (!retired) return retired.error();
    int depth = -1;
    if (auto d = c.q("depth")) {
      try { depth = std::stoi(*d); } catch (...) { depth = -2; }
      if (depth < 0 || depth > 10) return invalid("depth", "must be between 0 and 10");
    }
    Id rid = root.value().value_or(c.who().scope_root);
    const Unit* u = snap->unit(rid);
    if (!u || !auth::can_see_unit(*snap, c.who(), rid)) return not_found("Unit");
    return json_response(200, tree_node(*snap, *u, depth, retired.value().value_or(false)));
  });

  r.add("GET", "/api/v1/units", [&org](Ctx& c) -> Result<Response> {
    auto snap = org.snapshot();
    std::optional<UnitKind> kind;
    if (auto k = c.q("kind")) {
      kind = parse_unit_kind(*k);
      if (!kind) return invalid("kind", "must be one of province, local_network, centre, office, community, area");
    }
    auto parent = c.q_id("parentId");
    if (!parent) return parent.error();
    auto status = status_filter(c, "active");
    if (!status) return status.error();
    const std::string text = c.q("q").value_or("");
    std::vector<json::object> items;
    for (const auto& u : snap->units()) {
      if (kind && u.kind != *kind) continue;
      if (parent.value() && u.parent_id != *parent.value()) continue;
      if (status.value() && u.active != *status.value()) continue;
      if (!text.empty() && !contains_ci(u.code, text) && !contains_ci(u.name, text)) continue;
      if (!auth::can_see_unit(*snap, c.who(), u.id)) continue;
      items.push_back(unit_json(c, *snap, u));
    }
    return list_response(c, std::move(items), {"id", "code", "name", "kind", "updatedAt"}, "code");
  });

  r.add("POST", "/api/v1/units", [&org](Ctx& c) -> Result<Response> {
    return idempotent_create(c, org, [&](const Idem& idem, Response& out) -> Status {
      auto body = json_body(c);
      if (!body) return body.error();
      Fields f(*body);
      f.only({"kind", "code", "name", "parentId", "responsibleId", "backupId"});
      UnitInput in;
      if (auto k = f.str("kind", true)) {
        in.kind = parse_unit_kind(*k);
        if (!in.kind) f.fail("kind", "must be one of province, local_network, centre, office, community, area");
      }
      in.code = f.str("code", true).value_or("");
      in.name = f.str("name", true).value_or("");
      in.parent_id = f.id("parentId").value_or(0);
      in.responsible_id = f.id("responsibleId").value_or(0);
      in.backup_id = f.id("backupId").value_or(0);
      if (!f.ok()) return f.error();
      auto res = org.create_unit(c.who(), in, [&](OrgWriter& w, const Unit& u) {
        remember(w, c, idem, out, unit_json(c, w.snapshot(), u), "/api/v1/units/" + std::to_string(u.id));
    });
    if (!res) return res.error();
    return Ok{};
    });
  });

  r.add("GET", "/api/v1/units/{id}", [&org](Ctx& c) -> Result<Response> {
    auto id = c.id_param();
    if (!id) return id.error();
    auto snap = org.snapshot();
    const Unit* u = snap->unit(*id);
    if (!u || !auth::can_see_unit(*snap, c.who(), *id)) return not_found("Unit");
    return object_response(200, unit_json(c, *snap, *u));
  });

  r.add("PATCH", "/api/v1/units/{id}", [&org](Ctx& c) -> Result<Response> {
    auto id = c.id_param();
    if (!id) return id.error();
    if (!org.snapshot()->unit(*id)) return not_found("Unit");
    auto ver = c.if_match();
    if (!ver) return ver.error();
    auto body = json_body(c);
    if (!body) return body.error();
    Fields f(*body);
    f.only({"code", "name", "parentId", "responsibleId", "backupId"});
    UnitPatch p;
    p.code = f.str("code");
    p.name = f.str("name");
    p.parent_id = f.id("parentId");
    p.responsible_id = f.id("responsibleId");
    p.backup_id = f.id("backupId");
    // An explicit null asks to remove the manager; the business rule decides (an active area needs one).
    for (auto [key, field] : {std::pair{"responsibleId", &p.responsible_id}, std::pair{"backupId", &p.backup_id}})
      if (auto* v = body->if_contains(key); v && v->is_null()) *field = 0;
    if (!f.ok()) return f.error();
    auto res = org.update_unit(c.who(), *id, *ver, p);
    if (!res) return res.error();
    return object_response(200, unit_json(c, *org.snapshot(), *res));
  });

  auto unit_action = [&org](Result<Unit> (OrgService::*fn)(const auth::Actor&, Id, std::int64_t)) {
    return [&org, fn](Ctx& c) -> Result<Response> {
      auto id = c.id_param();
      if (!id) return id.error();
      if (!org.snapshot()->unit(*id)) return not_found("Unit");
      auto ver = c.if_match();
      if (!ver) return ver.error();
      auto res = (org.*fn)(c.who(), *id, *ver);
      if (!res) return res.error();
      return object_response(200, unit_json(c, *org.snapshot(), *res));
    };
  };
  r.add("POST", "/api/v1/units/{id}/retire", unit_action(&OrgService::retire_unit));
  r.add("POST", "/api/v1/units/{id}/reactivate", unit_action(&OrgService::reactivate_unit));

  r.add("GET", "/api/v1/units/{id}/history", [&org, &sv](Ctx& c) -> Result<Response> {
    auto id = c.id_param();
    if (!id) return id.error();
    auto snap = org.snapshot();
    if (!snap->unit(*id) || !auth::can_see_unit(*snap, c.who(), *id)) return not_found("Unit");
    audit::Query q;
    q.object_type = "unit";
    q.object_id = *id;
    q.limit = 1000;
    auto page = sv.audit.query(q);
    std::vector<json::object> items;
    for (const auto& e : page.entries) items.push_back(audit_json(c, e));
    return list_response(c, std::move(items), {"id", "at"}, "-id");
  });

  // ---- areas ----
  r.add("GET", "/api/v1/areas", [&org](Ctx& c) -> Result<Response> {
    auto snap = org.snapshot();
    auto office = c.q_id("officeId");
    auto community = c.q_id("communityId");
    auto manager = c.q_id("managerId");
    for (auto* x : {&office, &community, &manager})
      if (!*x) return x->error();
    auto status = status_filter(c, "active");
    if (!status) return status.error();
    const Millis now = now_ms();
    // Start from the narrowest subtree the filters allow, so an office's list does not walk the province.
    Id root = c.who().scope_root;
    if (community.value()) root = *community.value();
    else if (office.value()) root = *office.value();
    const Unit* ru = snap->unit(root);
    if (!ru || !auth::can_see_unit(*snap, c.who(), root)) return list_response(c, {}, {"id", "code", "name"}, "code");
    std::vector<json::object> items;
    std::vector<Id> stack{root};
    while (!stack.empty()) {
      Id id = stack.back();
      stack.pop_back();
      const Unit* u = snap->unit(id);
      if (u->kind == UnitKind::area) {
        if (status.value() && u->active != *status.value()) continue;
        if (office.value() && snap->enclosing(u->id, UnitKind::office) != *office.value()) continue;
        if (community.value() && snap->enclosing(u->id, UnitKind::community) != *community.value()) continue;
        if (manager.value() && u->responsible_id != *manager.value() && u->backup_id != *manager.value()) continue;
        items.push_back(area_detail_json(c, *snap, *u, now));
        continue;
      }
      for (Id k : snap->children(id)) stack.push_back(k);
    }
    return list_response(c, std::move(items), {"id", "code", "name"}, "code");
  });

  // The hottest read (hotline, boards, phones): its answer depends only on the snapshot, the language
  // and the time, and the time matters only at absence boundaries, so the serialised answer is kept
  // until the snapshot changes or cover next changes. The scope check still runs every time.
  auto area_cache = std::make_shared<ResponseCache>();
  r.add("GET", "/api/v1/areas/{id}", [&org, area_cache](Ctx& c) -> Result<Response> {
    auto id = c.id_param();
    if (!id) return id.error();
    auto snap = org.snapshot();
    const Unit* u = snap->unit(*id);
    if (!u || u->kind != UnitKind::area || !auth::can_see_unit(*snap, c.who(), *id)) return not_found("Area");
    const Millis now = now_ms();
    const std::int64_t key = *id * 2 + (c.zh ? 1 : 0);
    if (auto hit = area_cache->get(key, snap->version, now)) return std::move(*hit);
    Response res = object_response(200, area_detail_json(c, *snap, *u, now));
    area_cache->put(key, snap->version, next_cover_change(*snap, *u, now, now + 3600000), res);
    return res;
  });

  // ---- staff ----
  r.add("GET", "/api/v1/staff", [&org](Ctx& c) -> Result<Response> {
    auto snap = org.snapshot();
    std::optional<Role> role;
    if (auto v = c.q("role")) {
      role = parse_role(*v);
      if (!role) return invalid("role", "is not a known role");
    }
    auto unit = c.q_id("unitId");
    if (!unit) return unit.error();
    auto status = status_filter(c, "active");
    if (!status) return status.error();
    const std::string text = c.q("q").value_or("");
    const Millis now = now_ms();
    std::vector<json::object> items;
    for (const auto& m : snap->all_staff()) {
      if (role && m.role != *role) continue;
      if (status.value() && m.active != *status.value()) continue;
      if (unit.value() && !snap->in_subtree(m.unit_id, *unit.value())) continue;
      if (!text.empty() && !contains_ci(m.name, text) && !contains_ci(m.username, text) &&
          m.phone.find(text) == std::string::npos)
        continue;
      if (!auth::can_see_staff(*snap, c.who(), m)) continue;
      items.push_back(staff_json(c, *snap, m, now));
    }
    return list_response(c, std::move(items), {"id", "username", "name", "role", "updatedAt"}, "username");
  });

  r.add("POST", "/api/v1/staff", [&org](Ctx& c) -> Result<Response> {
    return idempotent_create(c, org, [&](const Idem& idem, Response& out) -> Status {
      auto body = json_body(c);
      if (!body) return body.error();
      Fields f(*body);
      f.only({"username", "name", "role", "unitId", "phone", "email", "password", "allowMultiCommunity"});
      StaffInput in;
      in.username = f.str("username", true).value_or("");
      in.name = f.str("name", true).value_or("");
      if (auto v = f.str("role", true)) {
        in.role = parse_role(*v);
        if (!in.role) f.fail("role", "is not a known role");
      }
      in.unit_id = f.id("unitId", true).value_or(0);
      in.phone = f.str("phone").value_or("");
      in.email = f.str("email").value_or("");
      in.password = f.str("password");
      in.allow_multi_community = f.boolean("allowMultiCommunity").value_or(false);
      if (!f.ok()) return f.error();
      auto res = org.create_staff(c.who(), in, [&](OrgWriter& w, const StaffCreated& created) {
        json::object o = staff_json(c, w.snapshot(), created.staff, w.now());
        if (!created.generated_password.empty()) o["initialPassword"] = created.generated_password;
        remember(w, c, idem, out, o, "/api/v1/staff/" + std::to_string(created.staff.id));
    });
    if (!res) return res.error();
    out.header("Cache-Control", "no-store");
    return Ok{};
    });
  });

  r.add("GET", "/api/v1/staff/{id}", [&org](Ctx& c) -> Result<Response> {
    auto id = c.id_param();
    if (!id) return id.error();
    auto snap = org.snapshot();
    const Staff* m = snap->staff(*id);
    if (!m || !auth::can_see_staff(*snap, c.who(), *m)) return not_found("Staff member");
    return object_response(200, staff_json(c, *snap, *m, now_ms()));
  });

  r.add("PATCH", "/api/v1/staff/{id}", [&org](Ctx& c) -> Result<Response> {
    auto id = c.id_param();
    if (!id) return id.error();
    if (!org.snapshot()->staff(*id)) return not_found("Staff member");
    auto ver = c.if_match();
    if (!ver) return ver.error();
    auto body = json_body(c);
    if (!body) return body.error();
    Fields f(*body);
    f.only({"name", "role", "unitId", "phone", "email", "allowMultiCommunity"});
    StaffPatch p;
    p.name = f.str("name");
    if (auto v = f.str("role")) {
      p.role = parse_role(*v);
      if (!p.role) f.fail("role", "is not a known role");
    }
    p.unit_id = f.id("unitId");
    p.phone = f.str("phone");
    p.email = f.str("email");
    p.allow_multi_community = f.boolean("allowMultiCommunity");
    if (!f.ok()) return f.error();
    auto res = org.update_staff(c.who(), *id, *ver, p);
    if (!res) return res.error();
    return object_response(200, staff_json(c, *org.snapshot(), *res, now_ms()));
  });

  auto staff_action = [&org](Result<Staff> (OrgService::*fn)(const auth::Actor&, Id, std::int64_t)) {
    return [&org, fn](Ctx& c) -> Result<Response> {
      auto id = c.id_param();
      if (!id) return id.error();
      if (!org.snapshot()->staff(*id)) return not_found("Staff member");
      auto ver = c.if_match();
      if (!ver) return ver.error();
      auto res = (org.*fn)(c.who(), *id, *ver);
      if (!res) return res.error();
      return object_response(200, staff_json(c, *org.snapshot(), *res, now_ms()));
    };
  };
  r.add("POST", "/api/v1/staff/{id}/retire", staff_action(&OrgService::retire_staff));
  r.add("POST", "/api/v1/staff/{id}/reactivate", staff_action(&OrgService::reactivate_staff));

  r.add("POST", "/api/v1/staff/{id}/reset-password", [&org, &sv](Ctx& c) -> Result<Response> {
    auto id = c.id_param();
    if (!id) return id.error();
    auto body = json_body(c, true);
    if (!body) return body.error();
    Fields f(*body);
    f.only({"password"});
    auto pw = f.str("password");
    if (!f.ok()) return f.error();
    auto res = org.reset_password(c.who(), *id, pw);
    if (!res) return res.error();
    sv.auth.forget_cached();
    Response out = json_response(200, json::object{{"password", *res}});
    out.header("Cache-Control", "no-store");
    return out;
  });

  // ---- absences ----
  auto absences_list = [&org](Ctx& c, std::optional<Id> only_staff) -> Result<Response> {
    auto snap = org.snapshot();
    auto staff = only_staff ? Result<std::optional<Id>>(only_staff) : c.q_id("staffId");
    if (!staff) return staff.error();
    auto unit = c.q_id("unitId");
    if (!unit) return unit.error();
    auto current = c.q_bool("current");
    if (!current) return current.error();
    std::optional<bool> cancelled;
    if (auto st = c.q("status")) {
      if (*st == "active") cancelled = false;
      else if (*st == "cancelled") cancelled = true;
      else if (*st != "all") return invalid("status", "must be active, cancelled or all");
    }
    const Millis now = now_ms();
    std::vector<json::object> items;
    for (const auto& a : snap->absences()) {
      const Staff* m = snap->staff(a.staff_id);
      if (!m || !auth::can_see_staff(*snap, c.who(), *m)) continue;
      if (staff.value() && a.staff_id != *staff.value()) continue;
      if (unit.value() && !snap->in_subtree(m->unit_id, *unit.value())) continue;
      if (cancelled && a.cancelled != *cancelled) continue;
      if (current.value() && *current.value() != (!a.cancelled && a.starts_at <= now && now < a.ends_at)) continue;
      items.push_back(absence_json(c, *snap, a));
    }
    return list_response(c, std::move(items), {"id", "startsAt", "endsAt"}, "-startsAt");
  };

  r.add("GET", "/api/v1/staff/{id}/absences", [&org, absences_list](Ctx& c) -> Result<Response> {
    auto id = c.id_param();
    if (!id) return id.error();
    auto snap = org.snapshot();
    const Staff* m = snap->staff(*id);
    if (!m || !auth::can_see_staff(*snap, c.who(), *m)) return not_found("Staff member");
    return absences_list(c, *id);
  });

  r.add("GET", "/api/v1/absences", [absences_list](Ctx& c) -> Result<Response> { return absences_list(c, std::nullopt); });

  r.add("POST", "/api/v1/absences", [&org](Ctx& c) -> Result<Response> {
    return idempotent_create(c, org, [&](const Idem& idem, Response& out) -> Status {
      auto body = json_body(c);
      if (!body) return body.error();
      Fields f(*body);
      f.only({"staffId", "startsAt", "endsAt", "reason", "note"});
      AbsenceInput in;
      in.staff_id = f.id("staffId", true).value_or(0);
      in.starts_at = f.time("startsAt", c.tz, true);
      in.ends_at = f.time("endsAt", c.tz, true);
      if (auto v = f.str("reason", true)) {
        in.reason = parse_absence_reason(*v);
        if (!in.reason) f.fail("reason", "must be leave, training, sick or other");
      }
      in.note = f.str("note").value_or("");
      if (!f.ok()) return f.error();
      auto res = org.create_absence(c.who(), in, [&](OrgWriter& w, const Absence& a) {
        remember(w, c, idem, out, absence_json(c, w.snapshot(), a), "/api/v1/absences/" + std::to_string(a.id));
    });
    if (!res) return res.error();
    return Ok{};
    });
  });

  r.add("GET", "/api/v1/absences/{id}", [&org](Ctx& c) -> Result<Response> {
    auto id = c.id_param();
    if (!id) return id.error();
    auto snap = org.snapshot();
    const Absence* a = snap->absence(*id);
    const Staff* m = a ? snap->staff(a->staff_id) : nullptr;
    if (!m || !auth::can_see_staff(*snap, c.who(), *m)) return not_found("Absence");
    return object_response(200, absence_json(c, *snap, *a));
  });

  r.add("POST", "/api/v1/absences/{id}/cancel", [&org](Ctx& c) -> Result<Response> {
    auto id = c.id_param();
    if (!id) return id.error();
    if (!org.snapshot()->absence(*id)) return not_found("Absence");
    auto ver = c.if_match();
    if (!ver) return ver.error();
    auto res = org.cancel_absence(c.who(), *id, *ver);
    if (!res) return res.error();
    return object_response(200, absence_json(c, *org.snapshot(), *res));
  });
}

}  // namespace bc::api
