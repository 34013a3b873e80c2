// Piece-rate pay (docs/pay.md): rate versions, monthly pay runs per local network, statements
// (a manager sees only their own), approval, CSV and xlsx exports.
#include <boost/json.hpp>
#include <xlsxwriter.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "api/idempotency.hpp"
#include "api/routes.hpp"
#include "domain/pay/service.hpp"

namespace bc::api {
namespace json = boost::json;
using namespace bc::pay;

namespace {

json::object ratio_json(const Ratio& r) { return json::object{{"num", r.num}, {"den", r.den}}; }

std::string yuan(std::int64_t fen) {
  const char* sign = fen < 0 ? "-" : "";
  const std::int64_t a = fen < 0 ? -fen : fen;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%s%lld.%02lld", sign, static_cast<long long>(a / 100), static_cast<long long>(a % 100));
  return buf;
}

json::object rates_json(const Ctx& c, const RateVersion& v) {
  json::object rates;
  for (int t = 0; t < kTypes; ++t)
    rates[orders::kOrderTypeLabels[t].value] = json::object{{"urban", v.rate_fen[t][0]}, {"rural", v.rate_fen[t][1]}};
  return json::object{{"id", v.id},
                      {"version", v.version},
                      {"effectiveFrom", v.effective_from.format()},
                      {"ratesFen", std::move(rates)},
                      {"multipliers", json::object{{"withinDeadline", ratio_json(v.within_deadline)},
                                                   {"satisfied", ratio_json(v.satisfied)},
                                                   {"noRepeat", ratio_json(v.no_repeat)},
                                                   {"callbackConfirmed", ratio_json(v.callback_confirmed)}}},
                      {"deductions", json::object{{"complaintFen", v.complaint_deduction_fen},
                                                  {"breachFen", v.breach_deduction_fen}}},
                      {"commission", ratio_json(v.commission)},
                      {"note", v.note},
                      {"createdBy", v.created_by ? json::value(v.created_by) : json::value(nullptr)},
                      {"createdByName", v.created_by_name},
                      {"createdAt", c.iso_or_null(v.created_at)}};
}

json::object run_json(const Ctx& c, const Run& r) {
  return json::object{{"id", r.id},
                      {"networkId", r.network_id},
                      {"month", r.month.format()},
                      {"status", to_string(r.status)},
                      {"rateVersionId", r.rate_version_id},
                      {"version", r.version},
                      {"computedBy", r.computed_by},
                      {"computedAt", c.iso_or_null(r.computed_at)},
                      {"computeMs", r.compute_ms},
                      {"approvedBy", r.approved_by ? json::value(r.approved_by) : json::value(nullptr)},
                      {"approvedAt", c.iso_or_null(r.approved_at)},
                      {"lines", r.lines},
                      {"managers", r.managers},
                      {"totalFen", r.total_fen}};
}

json::object statement_json(const Statement& s) {
  return json::object{{"managerId", s.manager_id},
                      {"managerName", s.manager_name},
                      {"username", s.manager_username},
                      {"unitId", s.unit_id},
                      {"unitName", s.unit_name},
                      {"workLines", s.work_lines},
                      {"adjustmentLines", s.adjustment_lines},
                      {"workFen", s.work_fen},
                      {"adjustmentFen", s.adjustment_fen},
                      {"totalFen", s.total_fen}};
}

json::object line_json(const Ctx& c, const Line& l) {
  json::array parts;
  for (const auto& p : l.parts) {
    json::object o{{"code", p.code}, {"why", c.zh ? p.why_zh : p.why_en}, {"whyEn", p.why_en}, {"whyZh", p.why_zh}};
    if (p.code == "rate" || p.code == "complaint" || p.code == "breach" || p.code == "commission" ||
        p.code == "adjustment")
      o["fen"] = p.fen;
    if (p.code != "rate" && p.code != "complaint" && p.code != "breach" && p.code != "adjustment")
      o["ratio"] = ratio_json(p.ratio);
    parts.push_back(std::move(o));
  }
  return json::object{{"orderId", l.order_id},
                      {"orderCode", l.order_code},
                      {"type", orders::to_string(l.type)},
                      {"setting", l.rural ? "rural" : "urban"},
                      {"kind", l.kind == LineKind::work ? "work" : "adjustment"},
                      {"resolvedAt", c.iso_or_null(l.resolved_at)},
                      {"adjustsMonth", l.adjusts_month.empty() ? json::value(nullptr) : json::value(l.adjusts_month)},
                      {"baseFen", l.base_fen},
                      {"amountFen", l.amount_fen},
                      {"parts", std::move(parts)}};
}

std::string why_text(const Line& l, bool zh) {
  std::string out;
  for (const auto& p : l.parts) {
    std::string one = zh ? p.why_zh : p.why_en;
    if (p.code == "rate") one += " " + yuan(p.fen);
    else if (p.code == "complaint" || p.code == "breach" || p.code == "adjustment") one += " " + yuan(p.fen);
    else if (p.code == "commission") one += " +" + yuan(p.fen);
    else one += " ×" + std::to_string(p.ratio.num) + "/" + std::to_string(p.ratio.den);
    out += (out.empty() ? "" : zh ? "；" : "; ") + one;
  }
  return out;
}

// Excel opens a UTF-8 CSV as Chinese only with the byte-order mark.
std::string csv_cell(const std::string& v) {
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char ch : v) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + "\"";
}

const char* kHeaderZh[] = {"月份", "经理工号", "经理", "单位", "工单号", "类型", "城乡", "处理完成时间",
                           "行类型", "更正月份", "计件单价（分）", "金额（分）", "金额（元）", "计算说明"};

std::vector<std::string> row_of(const Ctx& c, const PayService::StatementView& v, const Line& l) {
  const auto& label = orders::kOrderTypeLabels[static_cast<int>(l.type)];
  return {v.run.month.format(),
          v.statement.manager_username,
          v.statement.manager_name,
          v.statement.unit_name,
          l.order_code,
          std::string(label.zh),
          l.rural ? "农村" : "城市",
          l.resolved_at ? c.iso(l.resolved_at) : "",
          l.kind == LineKind::work ? "计件" : "更正",
          l.adjusts_month,
          std::to_string(l.base_fen),
          std::to_string(l.amount_fen),
          yuan(l.amount_fen),
          why_text(l, true)};
}

std::string export_csv(const Ctx& c, const std::vector<PayService::StatementView>& views) {
  std::string out = "\xEF\xBB\xBF";
  for (std::size_t i = 0; i < std::size(kHeaderZh); ++i) out += std::string(i ? "," : "") + kHeaderZh[i];
  out += "\r\n";
  for (const auto& v : views) {
    for (const auto& l : v.lines) {
      const auto row = row_of(c, v, l);
      for (std::size_t i = 0; i < row.size(); ++i) out += (i ? "," : "") + csv_cell(row[i]);
      out += "\r\n";
    }
    // The manager's total, as the statement gives it.
    out += csv_cell(v.run.month.format()) + "," + csv_cell(v.statement.manager_username) + "," +
           csv_cell(v.statement.manager_name) + "," + csv_cell(v.statement.unit_name) + ",合计,,,,,,," +
           std::to_string(v.statement.total_fen) + "," + yuan(v.statement.total_fen) + ",\r\n";
  }
  return out;
}

Result<std::string> export_xlsx(const Ctx& c, const std::vector<PayService::StatementView>& views) {
  char path[] = "/tmp/bc-pay-XXXXXX";
  const int fd = ::mkstemp(path);
  if (fd < 0) return Error(Errc::internal, "cannot create a temporary file for the workbook");
  ::close(fd);
  struct Remove {
    const char* p;
    ~Remove() { std::remove(p); }
  } remove{path};
  lxw_workbook* wb = workbook_new(path);
  if (!wb) return Error(Errc::internal, "cannot start the workbook");
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  lxw_worksheet* sum = workbook_add_worksheet(wb, "汇总");
  const char* sum_head[] = {"月份", "经理工号", "经理", "单位", "计件条数", "更正条数", "计件（分）", "更正（分）", "合计（分）", "合计（元）"};
  for (int i = 0; i < 10; ++i) worksheet_write_string(sum, 0, i, sum_head[i], bold);
  lxw_worksheet* det = workbook_add_worksheet(wb, "明细");
  for (int i = 0; i < static_cast<int>(std::size(kHeaderZh)); ++i) worksheet_write_string(det, 0, i, kHeaderZh[i], bold);
  lxw_row_t srow = 1, drow = 1;
  for (const auto& v : views) {
    const auto& s = v.statement;
    worksheet_write_string(sum, srow, 0, v.run.month.format().c_str(), nullptr);
    worksheet_write_string(sum, srow, 1, s.manager_username.c_str(), nullptr);
    worksheet_write_string(sum, srow, 2, s.manager_name.c_str(), nullptr);
    worksheet_write_string(sum, srow, 3, s.unit_name.c_str(), nullptr);
    worksheet_write_number(sum, srow, 4, static_cast<double>(s.work_lines), nullptr);
    worksheet_write_number(sum, srow, 5, static_cast<double>(s.adjustment_lines), nullptr);
    worksheet_write_number(sum, srow, 6, static_cast<double>(s.work_fen), nullptr);
    worksheet_write_number(sum, srow, 7, static_cast<double>(s.adjustment_fen), nullptr);
    worksheet_write_number(sum, srow, 8, static_cast<double>(s.total_fen), nullptr);
    worksheet_write_string(sum, srow, 9, yuan(s.total_fen).c_str(), nullptr);
    ++srow;
    for (const auto& l : v.lines) {
      const auto row = row_of(c, v, l);
      for (lxw_col_t i = 0; i < row.size(); ++i) {
        if (i == 10 || i == 11) worksheet_write_number(det, drow, i, std::stod(row[i]), nullptr);
        else worksheet_write_string(det, drow, i, row[i].c_str(), nullptr);
      }
      ++drow;
    }
  }
  if (workbook_close(wb) != LXW_NO_ERROR) return Error(Errc::internal, "cannot write the workbook");
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Result<std::int64_t> whole(Fields& f, const json::object& o, const std::string& name, bool required = true) {
  const json::value* v = o.if_contains(name);
  if (!v) {
    if (required) f.fail(name, "is required");
    return std::int64_t{0};
  }
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64() && v->as_uint64() < (1ULL << 62)) return static_cast<std::int64_t>(v->as_uint64());
  f.fail(name, "must be a whole number");
  return std::int64_t{0};
}

Ratio ratio_field(Fields& f, const json::object& body, const char* group, const char* name, Ratio def) {
  const json::value* g = body.if_contains(group);
  if (!g || !g->is_object()) return def;
  const json::value* v = g->as_object().if_contains(name);
  const std::string field = std::string(group) + "." + name;
  if (!v) return def;
  if (!v->is_object() || !v->as_object().if_contains("num") || !v->as_object().if_contains("den") ||
      !v->as_object().at("num").is_int64() || !v->as_object().at("den").is_int64()) {
    f.fail(field, "must be {\"num\": whole number, \"den\": whole number}");
    return def;
  }
  return Ratio{v->as_object().at("num").as_int64(), v->as_object().at("den").as_int64()};
}

}  // namespace

void add_pay_routes(Router& r, Services& sv, const ApiOptions&) {
  PayService& svc = sv.pay;
  FindIdempotent find = [&svc](std::int64_t actor, const std::string& key) { return svc.find_idempotent(actor, key); };

  r.add("GET", "/api/v1/pay-rates", [&svc](Ctx& c) -> Result<Response> {
    auto all = svc.rates(c.who());
    if (!all) return all.error();
    json::array items;
    for (const auto& v : *all) items.push_back(rates_json(c, v));
    Response res = json_response(200, items);
    res.header("X-Total-Count", std::to_string(items.size()));
    res.header("X-Result-Count", std::to_string(items.size()));
    res.header("ETag", "\"" + std::to_string(all->empty() ? 0 : all->front().version) + "\"");
    return res;
  });

  // A new version (the table is never edited in place); If-Match: the newest version's number.
  r.add("POST", "/api/v1/pay-rates", [&svc](Ctx& c) -> Result<Response> {
    auto ver = c.if_match(true);
    if (!ver) return ver.error();
    auto body = json_body(c);
    if (!body) return body.error();
    Fields f(*body);
    f.only({"effectiveFrom", "ratesFen", "multipliers", "deductions", "commission", "note"});
    RateVersion v = default_rates(Month{});
    if (auto m = f.str("effectiveFrom", true)) {
      if (auto month = Month::parse(*m)) v.effective_from = *month;
      else f.fail("effectiveFrom", "must be a month YYYY-MM");
    }
    const json::value* rates = body->if_contains("ratesFen");
    if (!rates || !rates->is_object()) {
      f.fail("ratesFen", "is required: {type: {urban: fen, rural: fen}} for every order type");
    } else {
      for (int t = 0; t < kTypes; ++t) {
        const std::string type(orders::kOrderTypeLabels[t].value);
        const json::value* one = rates->as_object().if_contains(type);
        if (!one || !one->is_object()) {
          f.fail("ratesFen." + type, "is required: {urban: fen, rural: fen}");
          continue;
        }
        for (int rural = 0; rural < 2; ++rural) {
          const char* setting = rural ? "rural" : "urban";
          const json::value* fen = one->as_object().if_contains(setting);
          if (!fen || !fen->is_int64()) f.fail("ratesFen." + type + "." + setting, "must be a whole number of fen");
          else v.rate_fen[t][rural] = fen->as_int64();
        }
      }
      for (const auto& kv : rates->as_object())
        if (!orders::parse_order_type(kv.key())) f.fail("ratesFen." + std::string(kv.key()), "is not an order type");
    }
    // Nested objects: a typo in a key is an error, not a silent default.
    static const std::vector<std::pair<const char*, std::vector<std::string>>> kNested{
        {"multipliers", {"withinDeadline", "satisfied", "noRepeat", "callbackConfirmed"}},
        {"deductions", {"complaintFen", "breachFen"}}};
    for (const auto& [group, known] : kNested) {
      const json::value* g = body->if_contains(group);
      if (!g) continue;
      if (!g->is_object()) {
        f.fail(group, "must be an object");
        continue;
      }
      for (const auto& kv : g->as_object())
        if (std::find(known.begin(), known.end(), std::string(kv.key())) == known.end())
          f.fail(std::string(group) + "." + std::string(kv.key()), "is not a known field");
    }
    v.within_deadline = ratio_field(f, *body, "multipliers", "withinDeadline", v.within_deadline);
    v.satisfied = ratio_field(f, *body, "multipliers", "satisfied", v.satisfied);
    v.no_repeat = ratio_field(f, *body, "multipliers", "noRepeat", v.no_repeat);
    v.callback_confirmed = ratio_field(f, *body, "multipliers", "callbackConfirmed", v.callback_confirmed);
    if (const json::value* d = body->if_contains("deductions"); d && d->is_object()) {
      v.complaint_deduction_fen = *whole(f, d->as_object(), "complaintFen", false);
      v.breach_deduction_fen = *whole(f, d->as_object(), "breachFen", false);
      if (!d->as_object().if_contains("complaintFen")) v.complaint_deduction_fen = default_rates(Month{}).complaint_deduction_fen;
      if (!d->as_object().if_contains("breachFen")) v.breach_deduction_fen = default_rates(Month{}).breach_deduction_fen;
    }
    if (const json::value* cm = body->if_contains("commission")) {
      if (!cm->is_object() || !cm->as_object().if_contains("num") || !cm->as_object().if_contains("den") ||
          !cm->as_object().at("num").is_int64() || !cm->as_object().at("den").is_int64())
        f.fail("commission", "must be {\"num\": whole number, \"den\": whole number}");
      else v.commission = Ratio{cm->as_object().at("num").as_int64(), cm->as_object().at("den").as_int64()};
    }
    v.note = f.str("note").value_or("");
    if (!f.ok()) return f.error();
    auto res = svc.add_rates(c.who(), v, *ver);
    if (!res) return res.error();
    Response out = object_response(201, rates_json(c, *res));
    out.header("Location", "/api/v1/pay-rates");
    return out;
  });

  r.add("POST", "/api/v1/pay-runs", [&svc, find](Ctx& c) -> Result<Response> {
    return idempotent_create(c, find, [&](const Idem& idem, Response& out) -> Status {
      auto body = json_body(c);
      if (!body) return body.error();
      Fields f(*body);
      f.only({"networkId", "month"});
      auto net = f.id("networkId", true);
      std::optional<Month> month;
      if (auto m = f.str("month", true)) {
        month = Month::parse(*m);
        if (!month) f.fail("month", "must be a month YYYY-MM (Asia/Shanghai)");
      }
      if (!f.ok()) return f.error();
      auto res = svc.compute(c.who(), *net, *month, idem.key, [&](const Run& run) {
        auto rec = created_response(idem, out, run_json(c, run), "/api/v1/pay-runs/" + std::to_string(run.id));
        if (run.version > 1) {  // a draft recomputed: 200
          out.status = 200;
          if (rec) rec->status = 200;
        }
        return rec;
      });
      if (!res) return res.error();
      if (idem.key.empty()) {  // the hook above ran only with a key
        out = object_response(res->created ? 201 : 200, run_json(c, res->run));
        out.header("Location", "/api/v1/pay-runs/" + std::to_string(res->run.id));
      }
      return Ok{};
    });
  });

  r.add("GET", "/api/v1/pay-runs", [&svc](Ctx& c) -> Result<Response> {
    auto net = c.q_id("networkId");
    if (!net) return net.error();
    auto runs = svc.runs(c.who(), net->value_or(0));
    if (!runs) return runs.error();
    std::vector<json::object> items;
    for (const auto& run : *runs) items.push_back(run_json(c, run));
    return list_response(c, std::move(items), {"id", "month", "networkId", "status"}, "-month");
  });

  r.add("GET", "/api/v1/pay-runs/{id}", [&svc](Ctx& c) -> Result<Response> {
    auto id = c.id_param();
    if (!id) return id.error();
    auto run = svc.run(c.who(), *id);
    if (!run) return run.error();
    return object_response(200, run_json(c, *run));
  });

  r.add("POST", "/api/v1/pay-runs/{id}/approve", [&svc](Ctx& c) -> Result<Response> {
    auto id = c.id_param();
    if (!id) return id.error();
    auto ver = c.if_match();
    if (!ver) return ver.error();
    auto run = svc.approve(c.who(), *id, *ver);
    if (!run) return run.error();
    return object_response(200, run_json(c, *run));
  });

  r.add("GET", "/api/v1/pay-runs/{id}/statements", [&svc](Ctx& c) -> Result<Response> {
    auto id = c.id_param();
    if (!id) return id.error();
    auto st = svc.statements(c.who(), *id);
    if (!st) return st.error();
    std::vector<json::object> items;
    for (const auto& s : *st) items.push_back(statement_json(s));
    return list_response(c, std::move(items), {"managerId", "totalFen", "managerName"}, "managerId");
  });

  r.add("GET", "/api/v1/pay-runs/{id}/statements/{managerId}", [&svc](Ctx& c) -> Result<Response> {
    auto id = c.id_param();
    if (!id) return id.error();
    auto manager = c.id_param("managerId");
    if (!manager) return manager.error();
    auto v = svc.statement(c.who(), *id, *manager);
    if (!v) return v.error();
    json::object o = statement_json(v->statement);
    o["run"] = run_json(c, v->run);
    json::array lines;
    for (const auto& l : v->lines) lines.push_back(line_json(c, l));
    o["lines"] = std::move(lines);
    return json_response(200, o);
  });

  r.add("GET", "/api/v1/pay-runs/{id}/export", [&svc](Ctx& c) -> Result<Response> {
    auto id = c.id_param();
    if (!id) return id.error();
    const std::string format = c.q("format").value_or("xlsx");
    if (format != "csv" && format != "xlsx") return invalid("format", "must be csv or xlsx");
    auto manager = c.q_id("managerId");
    if (!manager) return manager.error();
    auto views = svc.export_view(c.who(), *id);
    if (!views) return views.error();
    if (const std::int64_t m = manager->value_or(0)) {
      std::vector<PayService::StatementView> one;
      for (auto& v : *views)
        if (v.statement.manager_id == m) one.push_back(std::move(v));
      if (one.empty()) return forbidden("You may see only your own pay statement.");
      *views = std::move(one);
    }
    const std::string name = "pay-" + (views->empty() ? std::to_string(*id) : views->front().run.month.format());
    Response res;
    if (format == "csv") {
      res.body = export_csv(c, *views);
      res.content_type = "text/csv; charset=utf-8";
      res.header("Content-Disposition", "attachment; filename=\"" + name + ".csv\"");
    } else {
      auto bytes = export_xlsx(c, *views);
      if (!bytes) return bytes.error();
      res.body = std::move(*bytes);
      res.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
      res.header("Content-Disposition", "attachment; filename=\"" + name + ".xlsx\"");
    }
    return res;
  });
}

}  // namespace bc::api
