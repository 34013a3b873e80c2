// KPI dashboards (docs/kpis.md): a unit's figures for a period, the drill-down to its children or
// managers, and the monthly trend. Read from the rollups; scoped by the caller's organisation.
#include <boost/json.hpp>

#include "api/routes.hpp"
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

Result<std::pair<Id, PeriodRange>> unit_and_period(const Ctx& c) {
  auto unit = c.q_id("unitId");
  if (!unit) return unit.error();
  if (!unit.value()) return invalid("unitId", "is required: the unit whose figures to show");
  Period kind = Period::month;
  if (auto p = c.q("period")) {
    auto k = parse_period(*p);
    if (!k) return invalid("period", "must be one of day, month, quarter, year");
    kind = *k;
  }
  auto at = c.q_time("at");
  if (!at) return at.error();
  return std::pair{*unit.value(), period_at(kind, at.value().value_or(now_ms()), c.tz)};
}

}  // namespace

void add_kpi_routes(Router& r, Services& sv, const ApiOptions&) {
  KpiService& kpis = sv.kpi;

  r.add("GET", "/api/v1/kpis", [&kpis](Ctx& c) -> Result<Response> {
    auto up = unit_and_period(c);
    if (!up) return up.error();
    auto u = kpis.unit(c.who(), up->first, up->second);
    if (!u) return u.error();
    json::object out = unit_json(*u);
    out["period"] = period_json(c, up->second);
    return json_response(200, out);
  });

  r.add("GET", "/api/v1/kpis/children", [&kpis](Ctx& c) -> Result<Response> {
    auto up = unit_and_period(c);
    if (!up) return up.error();
    auto parent = kpis.unit(c.who(), up->first, up->second);
    if (!parent) return parent.error();
    auto kids = kpis.children(c.who(), up->first, up->second);
    if (!kids) return kids.error();
    json::array items;
    for (const auto& k : *kids) items.push_back(unit_json(k));
    return json_response(200, json::object{{"unit", unit_json(*parent)},
                                           {"period", period_json(c, up->second)},
                                           {"children", std::move(items)}});
  });

  r.add("GET", "/api/v1/kpis/trend", [&kpis](Ctx& c) -> Result<Response> {
    auto unit = c.q_id("unitId");
    if (!unit) return unit.error();
    if (!unit.value()) return invalid("unitId", "is required: the unit whose trend to show");
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
    auto series = kpis.trend(c.who(), *unit.value(), months, now_ms());
    if (!series) return series.error();
    json::array items;
    for (const auto& [month, f] : *series) {
      json::object o{{"month", month_text(month)}};
      for (auto& kv : figures_json(f)) o[kv.key()] = kv.value();
      items.push_back(std::move(o));
    }
    return json_response(200, json::object{{"unitId", *unit.value()}, {"months", std::move(items)}});
  });
}

}  // namespace bc::api
