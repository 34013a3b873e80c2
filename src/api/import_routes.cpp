// CSV uploads and downloads for the archive: the same import as `bluechannel import`, its report
// as JSON; exports in the import formats.
#include <boost/json.hpp>

#include <sstream>

#include "api/routes.hpp"
#include "domain/imports/importer.hpp"
#include "domain/plant/network_import.hpp"
#include "domain/plant/service.hpp"

namespace bc::api {
namespace json = boost::json;

namespace {
// Until imports and exports check every row against the caller's part of the organisation, they
// are for administrators, whose scope is everything (docs/decisions.md).
Status may_move_files(const auth::Actor& a) {
  if (a.role != org::Role::administrator)
    return forbidden("Imports and exports cover the whole archive: administrators only, for now.");
  return Ok{};
}

json::object report_json(const imports::Report& r) {
  json::array errors;
  for (const auto& e : r.errors)
    errors.push_back(json::object{{"line", e.line}, {"column", e.column}, {"reason", e.reason}});
  return json::object{{"kind", imports::to_string(r.kind)},
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
                      {"elapsedMs", r.elapsed_ms}};
}
}  // namespace

void add_import_routes(Router& r, Services& sv, const ApiOptions& opt) {
  r.add("POST", "/api/v1/imports/{kind}", [&sv, tz = opt.tz](Ctx& c) -> Result<Response> {
    if (auto st = may_move_files(c.who()); !st) return st.error();
    if (auto nk = plant::parse_network_kind(c.params["kind"])) return import_network_csv(c, sv, *nk, tz);
    auto kind = imports::parse_kind(c.params["kind"]);
    if (!kind) return not_found("Import kind '" + c.params["kind"] + "' (use cross-boxes, dist-boxes, customers, services, cables, poles, drop-lines, revenue)");
    std::string_view ct = c.req.header("content-type");
    if (ct.substr(0, 8) != "text/csv" && ct.substr(0, 24) != "application/octet-stream")
      return Error(Errc::unsupported_media, "Send the file as the body with Content-Type: text/csv.")
          .field("Content-Type", "must be text/csv");
    auto dry = c.q_bool("dryRun");
    if (!dry) return dry.error();
    imports::ImportOptions o;
    o.kind = *kind;
    o.dry_run = dry.value().value_or(false);
    if (auto e = c.q("encoding")) {
      auto m = imports::parse_encoding_mode(*e);
      if (!m) return invalid("encoding", "must be auto, utf-8 or gbk");
      o.encoding = *m;
    }
    o.tz = tz;
    o.actor_id = c.who().staff_id;
    o.actor_name = c.who().name;
    o.source = "upload";
    std::istringstream in(c.req.body);
    const auto report = imports::run_import(in, o, sv.imports);
    if (!o.dry_run && o.kind != imports::Kind::revenue && (report.inserted || report.updated))
      sv.plant.load();  // new lines and boxes are owned at once
    return json_response(report.refused ? 422 : 200, report_json(report));
  });

  r.add("GET", "/api/v1/exports/{kind}", [&sv, tz = opt.tz](Ctx& c) -> Result<Response> {
    if (auto st = may_move_files(c.who()); !st) return st.error();
    if (auto nk = plant::parse_network_kind(c.params["kind"])) return export_network_csv(c, sv, *nk, tz);
    auto kind = imports::parse_kind(c.params["kind"]);
    if (!kind) return not_found("Export kind '" + c.params["kind"] + "' (use cross-boxes, dist-boxes, customers, services, cables, poles, drop-lines, revenue)");
    std::ostringstream out;
    {
      imports::CsvWriter w(out, true);
      sv.imports.export_csv(*kind, w, tz);
    }
    Response res;
    res.content_type = "text/csv; charset=utf-8";
    res.body = std::move(out).str();
    res.header("Content-Disposition", "attachment; filename=\"" + std::string(imports::to_string(*kind)) + ".csv\"");
    res.header("Cache-Control", "no-store");
    return res;
  });
}

}  // namespace bc::api
