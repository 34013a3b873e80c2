// Operations and reference: health, readiness, metrics, the OpenAPI contract, enum labels, audit.
#include <boost/json.hpp>

#include "api/org_json.hpp"
#include "api/routes.hpp"
#include "domain/orders/model.hpp"
#include "domain/audit/audit.hpp"
#include "domain/org/service.hpp"

namespace bc::api {
namespace json = boost::json;

void add_ops_routes(Router& r, Services& s, const ApiOptions&, std::function<std::string()> metrics_text) {
  r.add("GET", "/healthz", [](Ctx&) -> Result<Response> { return json_response(200, json::object{{"status", "ok"}}); },
        false);

  r.add("GET", "/readyz", [&s](Ctx&) -> Result<Response> {
    bool db = false;
    try {
      db = s.database_ready && s.database_ready();
    } catch (...) {
      db = false;
    }
    return json_response(db ? 200 : 503, json::object{{"status", db ? "ready" : "not ready"},
                                                      {"database", db ? "ok" : "unreachable"}});
  }, false);

  r.add("GET", "/metrics", [metrics_text](Ctx&) -> Result<Response> {
    Response res;
    res.content_type = "text/plain; version=0.0.4; charset=utf-8";
    res.body = metrics_text();
    return res;
  }, false);

  r.add("GET", "/api/v1/openapi.json", [](Ctx&) -> Result<Response> {
    Response res;
    res.body = std::string(embedded_openapi_text());
    return res;
  }, false);

  r.add("GET", "/api/v1/meta/enums", [](Ctx&) -> Result<Response> {
    auto list = [](const auto& labels) {
      json::array a;
      for (const auto& l : labels) a.push_back(json::object{{"value", l.value}, {"en", l.en}, {"zh", l.zh}});
      return a;
    };
    Response res = json_response(200, json::object{{"unitKind", list(org::kUnitKindLabels)},
                                                  {"role", list(org::kRoleLabels)},
                                                  {"absenceReason", list(org::kAbsenceReasonLabels)},
                                                  {"orderType", list(orders::kOrderTypeLabels)},
                                                  {"orderChannel", list(orders::kChannelLabels)},
                                                  {"orderState", list(orders::kStateLabels)},
                                                  {"orderAction", list(orders::kActionLabels)},
                                                  {"waitFor", list(orders::kWaitForLabels)},
                                                  {"faultCause", list(orders::kFaultCauseLabels)}});
    res.header("Cache-Control", "public, max-age=300");
    return res;
  }, false);

  r.add("GET", "/api/v1/audit", [&s](Ctx& c) -> Result<Response> {
    const auto& a = c.who();
    if (!auth::has(a.role, auth::Permission::audit_read)) return forbidden("Your role may not read the audit log.");
    audit::Query q;
    q.object_type = c.q("objectType");
    q.action = c.q("action");
    auto oid = c.q_id("objectId");
    auto actor = c.q_id("actorId");
    auto from = c.q_time("from");
    auto to = c.q_time("to");
    Error e(Errc::invalid, "The request has invalid fields.");
    for (const Error* x : {oid.ok() ? nullptr : &oid.error(), actor.ok() ? nullptr : &actor.error(),
                           from.ok() ? nullptr : &from.error(), to.ok() ? nullptr : &to.error()})
      if (x) e.fields.insert(e.fields.end(), x->fields.begin(), x->fields.end());
    std::int64_t offset = 0, limit = 50;
    if (auto v = c.q("offset")) {
      try { offset = std::stoll(*v); } catch (...) { offset = -1; }
      if (offset < 0) e.field("offset", "must be a whole number, 0 or more");
    }
    if (auto v = c.q("limit")) {
      try { limit = std::stoll(*v); } catch (...) { limit = 0; }
      if (limit < 1 || limit > 1000) e.field("limit", "must be between 1 and 1000");
    }
    const std::string sort = c.q("sort").value_or("-id");
    if (sort == "id" || sort == "at") q.oldest_first = true;
    else if (sort != "-id" && sort != "-at") e.field("sort", "can sort by id or at (prefix - for descending)");
    if (!e.fields.empty()) return e;
    q.object_id = oid.value();
    q.actor_id = actor.value();
    q.from = from.value();
    q.to = to.value();
    q.offset = static_cast<int>(offset);
    q.limit = static_cast<int>(limit);
    auto snap = s.org.snapshot();
    if (a.role != org::Role::administrator) {
      std::vector<std::int64_t> units;
      for (const auto& u : snap->units())
        if (snap->in_subtree(u.id, a.scope_root)) units.push_back(u.id);
      q.scope_units = std::move(units);
    }
    auto page = s.audit.query(q);
    std::vector<std::string> fields;
    if (auto f = c.q("fields"))
      for (std::size_t i = 0; i <= f->size();) {
        auto j = std::min(f->find(',', i), f->size());
        if (j > i) fields.push_back(f->substr(i, j - i));
        i = j + 1;
      }
    json::array out;
    for (const auto& entry : page.entries) {
      json::object o = audit_json(c, entry);
      if (!fields.empty()) {
        json::object t;
        for (const auto& k : fields)
          if (auto* v = o.if_contains(k)) t[k] = *v;
        o = std::move(t);
      }
      out.push_back(std::move(o));
    }
    Response res = json_response(200, out);
    res.header("X-Total-Count", std::to_string(page.total));
    res.header("X-Result-Count", std::to_string(page.entries.size()));
    return res;
  });
}

}  // namespace bc::api
