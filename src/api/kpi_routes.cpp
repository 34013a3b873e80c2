// KPI dashboards (docs/kpis.md): a unit's figures for a period, the drill-down to its children or
// managers, and the monthly trend. Read from the rollups; scoped by the caller's organisation.
#include <boost/json.hpp>

#include "api/routes.hpp"
#include "domain/kpi/scorecard.hpp"
#include "domain/kpi/service.hpp"

namespace bc::api {
namespace json = boost::json;
using namespace bc::kpi;

namespace {

std::string day_text(int day) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", day / 10000, day / 100 % 100, day % 100);
  return buf;
}
std::string month_text(int month) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", month / 100, month % 100);
  return buf;
}

json::object figures_json(const Figures& f) {
  json::object counters;
  for (int i = 0; i < kCounterCount; ++i) counters[api_name(i)] = f.c[i];
  json::object rates;
  for (const auto& [name, r] : f.rates()) {
    auto v = r.value();
    rates[name] = json::object{{"numerator", r.num}, {"denominator", r.den}, {"per", r.per},
                               {"value", v ? json::value(*v) : json::value(nullptr)}};
  }
  return json::object{{"counters", std::move(counters)},
                      {"base", json::object{{"linesInService", f.base.lines}, {"subscribers", f.base.subscribers}}},
                      {"months", f.months},
                      {"rates", std::move(rates)}};
}

json::object unit_json(const UnitFigures& u) {
  json::object o{{"kind", u.kind}, {"id", u.id}, {"code", u.code}, {"name", u.name}};
  auto f = figures_json(u.f);
  for (auto& kv : f) o[kv.key()] = kv.value();
  return o;
}

json::object period_json(const Ctx& c, const PeriodRange& p) {
  return json::object{{"period", to_string(p.period)},
                      {"firstDay", day_text(p.first_day)},
                      {"lastDay", day_text(p.period == Period::day ? p.last_day : day_of(p.end - 1, c.tz))},
                      {"from", c.iso(p.start)},
                      {"to", c.iso(p.end)}};
}

// `unit_optional`: with managerId, the unit defaults to the caller's scope (returned as 0).
Result<std::pair<Id, PeriodRange>> unit_and_period(const Ctx& c, bool unit_optional = false) {
  auto unit = c.q_id("unitId");
  if (!unit) return unit.error();
  if (!unit.value() && !unit_optional) return invalid("unitId", "is required: the unit whose figures to show");
  Period kind = Period::month;
  if (auto p = c.q("period")) {
    auto k = parse_period(*p);
    if (!k) return invalid("period", "must be one of day, month, quarter, year");
    kind = *k;
  }
  auto at = c.q_time("at");
  if (!at) return at.error();
  return std::pair{unit.value().value_or(0), period_at(kind, at.value().value_or(now_ms()), c.tz)};
}

json::object scorecard_json(const Ctx& c, const Scorecard& s) {
  json::object weights;
  for (const auto& w : s.weights) weights[to_string(w.term)] = w.percent;
  return json::object{{"role", org::to_string(s.role)},
                      {"weights", std::move(weights)},
                      {"complaintCeiling", s.complaint_ceiling},
                      {"builtIn", s.version == 0},
                      {"version", s.version},
                      {"updatedBy", s.updated_by ? json::value(s.updated_by) : json::value(nullptr)},
                      {"updatedAt", c.iso_or_null(s.updated_at)}};
}

json::object score_json(const Score& s) {
  json::array terms;
  for (const auto& t : s.terms) {
    json::object o{{"term", to_string(t.term)},
                   {"weight", t.weight},
                   {"appliedWeight", t.applied_weight},
                   {"score", t.score ? json::value(*t.score) : json::value(nullptr)}};
    if (t.basis) {
      auto v = t.basis->value();
      o["basis"] = json::object{{"numerator", t.basis->num}, {"denominator", t.basis->den}, {"per", t.basis->per},
                                {"value", v ? json::value(*v) : json::value(nullptr)}};
    } else {
      o["basis"] = nullptr;
    }
    terms.push_back(std::move(o));
  }
  json::array redistributed;
  for (Term t : s.redistributed)
    redistributed.push_back(json::object{
        {"term", to_string(t)},
        {"reason", t == Term::revenue_completion
                       ? "no revenue target for the manager's areas in the period: its weight is shared among the other terms in proportion"
                       : "no data in the period: its weight is shared among the other terms in proportion"}});
  return json::object{{"total", s.total ? json::value(*s.total) : json::value(nullptr)},
                      {"terms", std::move(terms)},
                      {"redistributed", std::move(redistributed)}};
}

Result<org::Role> role_param(Ctx& c) {
  auto role = org::parse_role(c.params["role"]);
  if (!role) return invalid("role", "must be one of administrator, centre_manager, office_head, community_head, "
                                    "area_manager, hotline_agent, auditor");
  return *role;
}

}  // namespace

void add_kpi_routes(Router& r, Services& sv, const ApiOptions&) {
  KpiService& kpis = sv.kpi;

  r.add("GET", "/api/v1/kpis", [&kpis](Ctx& c) -> Result<Response> {
    auto manager = c.q_id("managerId");
    if (!manager) return manager.error();
    auto up = unit_and_period(c, manager.value().has_value());
    if (!up) return up.error();
    if (manager.value()) {
      auto m = kpis.manager(c.who(), *manager.value(), up->first, up->second);
      if (!m) return m.error();
      json::object out = unit_json(m->manager);
      out["unit"] = json::object{{"kind", m->unit.kind}, {"id", m->unit.id}, {"code", m->unit.code}, {"name", m->unit.name}};
      out["period"] = period_json(c, up->second);
      return json_response(200, out);
    }
    auto u = kpis.unit(c.who(), up->first, up->second);
    if (!u) return u.error();
    json::object out = unit_json(*u);
    out["period"] = period_json(c, up->second);
    return json_response(200, out);
  });

  r.add("GET", "/api/v1/kpis/children", [&kpis](Ctx& c) -> Result<Response> {
    auto up = unit_and_period(c);
    if (!up) return up.error();
    auto dd = kpis.children(c.who(), up->first, up->second);
    if (!dd) return dd.error();
    json::array items;
    for (const auto& k : dd->children) items.push_back(unit_json(k));
    return json_response(200, json::object{{"unit", unit_json(dd->unit)},
                                           {"period", period_json(c, up->second)},
                                           {"children", std::move(items)}});
  });

  r.add("GET", "/api/v1/scorecards", [&kpis](Ctx& c) -> Result<Response> {
    std::vector<json::object> items;
    for (const auto& s : kpis.scorecards()) items.push_back(scorecard_json(c, s));
    return list_response(c, std::move(items), {"role", "version"}, "role");
  });

  r.add("GET", "/api/v1/scorecards/{role}", [&kpis](Ctx& c) -> Result<Response> {
    auto role = role_param(c);
    if (!role) return role.error();
    return object_response(200, scorecard_json(c, kpis.scorecard(*role)));
  });

  r.add("PUT", "/api/v1/scorecards/{role}", [&kpis](Ctx& c) -> Result<Response> {
    auto role = role_param(c);
    if (!role) return role.error();
    auto ver = c.if_match(true);
    if (!ver) return ver.error();
    auto body = json_body(c);
    if (!body) return body.error();
    Fields f(*body);
    f.only({"weights", "complaintCeiling"});
    Scorecard in;
    const json::value* w = body->if_contains("weights");
    if (!w || !w->is_object() || w->as_object().empty()) {
      f.fail("weights", "is required: {term: percent, …} with terms among revenueCompletion, repairTimeliness, "
                        "satisfaction, complaints, recordAccuracy, installTimeliness, firstTimeFix");
    } else {
      for (const auto& kv : w->as_object()) {
        auto term = parse_term(kv.key());
        const std::string field = "weights." + std::string(kv.key());
        if (!term) f.fail(field, "is not a scorecard term");
        else if (!kv.value().is_int64()) f.fail(field, "must be a whole percent");
        else in.weights.push_back(Weight{*term, static_cast<int>(kv.value().as_int64())});
      }
    }
    if (const json::value* cc = body->if_contains("complaintCeiling")) {
      if (!cc->is_int64()) f.fail("complaintCeiling", "must be a whole number");
      else in.complaint_ceiling = static_cast<int>(cc->as_int64());
    }
    if (!f.ok()) return f.error();
    auto res = kpis.put_scorecard(c.who(), *role, *ver, std::move(in));
    if (!res) return res.error();
    return object_response(200, scorecard_json(c, *res));
  });

  r.add("GET", "/api/v1/rankings", [&kpis](Ctx& c) -> Result<Response> {
    auto up = unit_and_period(c);
    if (!up) return up.error();
    int top = 3;
    if (auto t = c.q("top")) {
      top = 0;
      for (char ch : *t) top = (ch >= '0' && ch <= '9' && top < 1000) ? top * 10 + (ch - '0') : -1000000;
      if (top < 1 || top > 100) return invalid("top", "must be 1 to 100");
    }
    auto unit = kpis.unit(c.who(), up->first, up->second);
    if (!unit) return unit.error();
    auto ranking = kpis.ranking(c.who(), up->first, up->second);
    if (!ranking) return ranking.error();
    json::array managers, honour;
    for (const auto& m : ranking->managers) {
      json::array areas;
      for (Id a : m.areas) areas.push_back(a);
      json::object o{{"rank", m.rank}, {"staffId", m.staff_id}, {"username", m.username}, {"name", m.name},
                     {"areaIds", std::move(areas)}, {"score", score_json(m.score)}};
      auto f = figures_json(m.f);
      o["counters"] = f["counters"];
      o["base"] = f["base"];
      if (m.score.total && m.rank <= top) honour.push_back(o);
      managers.push_back(std::move(o));
    }
    return json_response(200, json::object{{"unit", json::object{{"kind", unit->kind}, {"id", unit->id},
                                                                  {"code", unit->code}, {"name", unit->name}}},
                                           {"period", period_json(c, up->second)},
                                           {"scorecard", scorecard_json(c, ranking->card)},
                                           {"managers", std::move(managers)},
                                           {"honourList", std::move(honour)}});
  });

  r.add("GET", "/api/v1/kpis/trend", [&kpis](Ctx& c) -> Result<Response> {
    auto manager = c.q_id("managerId");
    if (!manager) return manager.error();
    auto unit = c.q_id("unitId");
    if (!unit) return unit.error();
    if (!unit.value() && !manager.value()) return invalid("unitId", "is required: the unit whose trend to show");
    int months = 24;
    if (auto m = c.q("months")) {
      try {
        std::size_t used = 0;
        months = std::stoi(*m, &used);
        if (used != m->size()) months = 0;
      } catch (const std::exception&) {
        months = 0;
      }
    }
    auto series = manager.value() ? kpis.manager_trend(c.who(), *manager.value(), unit.value().value_or(0), months, now_ms())
                                  : kpis.trend(c.who(), *unit.value(), months, now_ms());
    if (!series) return series.error();
    json::array items;
    for (const auto& [month, f] : *series) {
      json::object o{{"month", month_text(month)}};
      for (auto& kv : figures_json(f)) o[kv.key()] = kv.value();
      items.push_back(std::move(o));
    }
    json::object out{{"unitId", unit.value().value_or(c.who().scope_root)}, {"months", std::move(items)}};
    if (manager.value()) out["managerId"] = *manager.value();
    return json_response(200, out);
  });
}

}  // namespace bc::api
