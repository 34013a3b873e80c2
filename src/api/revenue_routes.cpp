// Revenue against targets (docs/revenue.md): a unit and its children for a month, the monthly
// trend, the sellers' ranking by new-sales revenue, and the targets (versioned, If-Match).
#include <boost/json.hpp>

#include "api/routes.hpp"
#include "domain/org/service.hpp"
#include "domain/revenue/service.hpp"

namespace bc::api {
namespace json = boost::json;
using namespace bc::revenue;

namespace {

json::value opt_int(const std::optional<std::int64_t>& v) { return v ? json::value(*v) : json::value(nullptr); }

json::object unit_head(const org::OrgSnapshot& s, Id unit_id) {
  json::object o{{"unitId", unit_id}};
  if (const org::Unit* u = s.unit(unit_id)) {
    o["code"] = u->code;
    o["name"] = u->name;
    o["kind"] = org::to_string(u->kind);
  }
  return o;
}

json::object figure_json(const org::OrgSnapshot& s, const UnitFigure& f) {
  json::object o = unit_head(s, f.unit_id);
  o["revenueFen"] = f.revenue_fen;
  o["revenueYuan"] = format_yuan(f.revenue_fen);
  o["services"] = f.services;
  o["targetFen"] = opt_int(f.target_fen);
  o["completionPercent"] = f.completion.completion_tenths ? json::value(format_tenths(*f.completion.completion_tenths))
                                                          : json::value(nullptr);
  o["gapFen"] = opt_int(f.completion.gap_fen);
  return o;
}

json::object target_json(const Ctx& c, const Target& t) {
  return json::object{{"unitId", t.unit_id},
                      {"month", format_month(t.month)},
                      {"amountFen", t.version ? json::value(t.amount_fen) : json::value(nullptr)},
                      {"version", t.version},
                      {"updatedBy", t.updated_by ? json::value(t.updated_by) : json::value(nullptr)},
                      {"updatedAt", c.iso_or_null(t.updated_at)}};
}

Result<Month> month_q(const Ctx& c, const RevenueService& svc, const char* name = "month") {
  auto m = c.q(name);
  if (!m) return svc.this_month();
  if (auto p = parse_month(*m)) return *p;
  return invalid(name, "must be a month YYYY-MM, such as 2026-03");
}

Result<Id> unit_q(const Ctx& c) {
  auto u = c.q_id("unitId");
  if (!u) return u.error();
  return u.value().value_or(0);
}

}  // namespace

void add_revenue_routes(Router& r, Services& sv, const ApiOptions&) {
  auto& svc = sv.revenue;
  auto& org = sv.org;

  r.add("GET", "/api/v1/revenue", [&svc, &org](Ctx& c) -> Result<Response> {
    auto unit = unit_q(c);
    if (!unit) return unit.error();
    auto month = month_q(c, svc);
    if (!month) return month.error();
    auto rep = svc.report(c.who(), *unit, *month);
    if (!rep) return rep.error();
    auto snap = org.snapshot();
    json::array children;
    for (const auto& f : rep->children) children.push_back(figure_json(*snap, f));
    return json_response(200, json::object{{"month", format_month(rep->month)},
                                           {"unit", figure_json(*snap, rep->unit)},
                                           {"children", std::move(children)}});
  });

  r.add("GET", "/api/v1/revenue/trend", [&svc, &org](Ctx& c) -> Result<Response> {
    auto unit = unit_q(c);
    if (!unit) return unit.error();
    auto last = month_q(c, svc, "to");
    if (!last) return last.error();
    int months = 24;
    if (auto m = c.q("months")) {
      char* end = nullptr;
      const long v = std::strtol(m->c_str(), &end, 10);
      if (m->empty() || *end || v < 1 || v > 60) return invalid("months", "must be a whole number from 1 to 60");
      months = static_cast<int>(v);
    }
    auto trend = svc.trend(c.who(), *unit, *last, months);
    if (!trend) return trend.error();
    auto snap = org.snapshot();
    json::array points;
    for (const auto& p : *trend) {
      const UnitFigure& f = p.figure;
      points.push_back(json::object{
          {"month", format_month(p.month)},
          {"revenueFen", f.revenue_fen},
          {"revenueYuan", format_yuan(f.revenue_fen)},
          {"services", f.services},
          {"targetFen", opt_int(f.target_fen)},
          {"completionPercent", f.completion.completion_tenths ? json::value(format_tenths(*f.completion.completion_tenths))
                                                               : json::value(nullptr)},
          {"gapFen", opt_int(f.completion.gap_fen)}});
    }
    const Id shown = *unit ? *unit : c.who().scope_root;
    json::object out = unit_head(*snap, shown);
    out["months"] = std::move(points);
    return json_response(200, out);
  });

  r.add("GET", "/api/v1/revenue/sellers", [&svc, &org](Ctx& c) -> Result<Response> {
    auto unit = unit_q(c);
    if (!unit) return unit.error();
    auto month = month_q(c, svc);
    if (!month) return month.error();
    auto ranks = svc.sellers(c.who(), *unit, *month);
    if (!ranks) return ranks.error();
    auto snap = org.snapshot();
    json::array items;
    for (const auto& s : *ranks) {
      json::object o{{"rank", s.rank}, {"staffId", s.staff_id}, {"amountFen", s.amount_fen},
                     {"amountYuan", format_yuan(s.amount_fen)}, {"services", s.services}};
      if (const org::Staff* st = snap->staff(s.staff_id)) {
        o["name"] = st->name;
        o["username"] = st->username;
        o["unitId"] = st->unit_id;
        if (const org::Unit* u = snap->unit(st->unit_id)) o["unitName"] = u->name;
      }
      items.push_back(std::move(o));
    }
    const Id shown = *unit ? *unit : c.who().scope_root;
    json::object out = unit_head(*snap, shown);
    out["month"] = format_month(*month);
    out["sellers"] = std::move(items);
    return json_response(200, out);
  });

  auto target_params = [](Ctx& c, Id& unit, Month& month) -> Status {
    auto id = c.id_param("unitId");
    if (!id) return id.error();
    unit = *id;
    auto m = parse_month(c.params["month"]);
    if (!m) return invalid("month", "must be a month YYYY-MM, such as 2026-03");
    month = *m;
    return Ok{};
  };

  r.add("GET", "/api/v1/revenue-targets/{unitId}/{month}", [&svc, target_params](Ctx& c) -> Result<Response> {
    Id unit = 0;
    Month month = 0;
    if (auto st = target_params(c, unit, month); !st) return st.error();
    auto t = svc.target(c.who(), unit, month);
    if (!t) return t.error();
    return object_response(200, target_json(c, *t));
  });

  r.add("PUT", "/api/v1/revenue-targets/{unitId}/{month}", [&svc, target_params](Ctx& c) -> Result<Response> {
    Id unit = 0;
    Month month = 0;
    if (auto st = target_params(c, unit, month); !st) return st.error();
    auto ver = c.if_match(true);
    if (!ver) return ver.error();
    auto body = json_body(c);
    if (!body) return body.error();
    Fields f(*body);
    f.only({"amountFen"});
    std::int64_t amount = 0;
    const json::value* v = body->if_contains("amountFen");
    if (!v || v->is_null()) f.fail("amountFen", "is required: the target in fen (yuan × 100), a whole number");
    else if (v->is_int64() && v->as_int64() >= 0) amount = v->as_int64();
    else if (v->is_uint64() && v->as_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) amount = static_cast<std::int64_t>(v->as_uint64());
    else if (v->is_int64()) f.fail("amountFen", "must not be negative");
    else f.fail("amountFen", "must be a whole number of fen (yuan × 100), such as 1250000 for 12,500.00 yuan");
    if (!f.ok()) return f.error();
    auto t = svc.put_target(c.who(), unit, month, amount, *ver);
    if (!t) return t.error();
    return object_response(200, target_json(c, *t));
  });
}

}  // namespace bc::api
