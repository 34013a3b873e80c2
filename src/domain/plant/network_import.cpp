#include "domain/plant/network_import.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <set>

#include "domain/org/model.hpp"

namespace bc::plant {
namespace {

const std::vector<std::string_view> kCableCols{"code",    "kind",  "from_kind", "from_code", "to_kind",
                                               "to_code", "pairs", "length_m",  "box_codes"};
const std::vector<std::string_view> kPoleCols{"code", "kind", "network", "lat", "lng", "box_codes", "cable_codes"};
const std::vector<std::string_view> kDropCols{"code",     "box_code", "pair_no",       "service_code",
                                              "kind",     "length_m", "installed_date"};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// "A;B | C" → {A, B, C}: several codes in one field.
std::vector<Ref> code_list(std::string_view s) {
  std::vector<Ref> out;
  std::string cur;
  auto flush = [&] {
    auto t = trim(cur);
    if (!t.empty()) out.push_back({0, std::string(t)});
    cur.clear();
  };
  for (char ch : s) {
    if (ch == ';' || ch == '|') flush();
    else cur += ch;
  }
  flush();
  return out;
}

std::string join_codes(const std::vector<Ref>& v) {
  std::string s;
  for (const auto& r : v) s += (s.empty() ? "" : ";") + r.code;
  return s;
}

std::optional<std::int32_t> whole(std::string_view s, std::int64_t max) {
  auto v = imports::parse_non_negative(s, max);
  if (!v) return std::nullopt;
  return static_cast<std::int32_t>(*v);
}

// The domain's field names → the file's columns.
std::string column_of(NetworkKind k, const std::string& field) {
  static const std::map<std::string, std::string> cable{{"code", "code"},       {"kind", "kind"},
                                                        {"from", "from_code"},  {"from.kind", "from_kind"},
                                                        {"to", "to_code"},      {"to.kind", "to_kind"},
                                                        {"pairs", "pairs"},     {"lengthM", "length_m"},
                                                        {"boxIds", "box_codes"}};
  static const std::map<std::string, std::string> pole{{"code", "code"},        {"kind", "kind"},
                                                       {"networkId", "network"}, {"lat", "lat"},
                                                       {"lng", "lng"},           {"boxIds", "box_codes"},
                                                       {"cableIds", "cable_codes"}};
  static const std::map<std::string, std::string> drop{{"code", "code"},           {"distBoxId", "box_code"},
                                                       {"pairNo", "pair_no"},      {"serviceId", "service_code"},
                                                       {"kind", "kind"},           {"lengthM", "length_m"},
                                                       {"installedAt", "installed_date"}};
  const auto& m = k == NetworkKind::cables ? cable : k == NetworkKind::poles ? pole : drop;
  auto it = m.find(field);
  return it == m.end() ? field : it->second;
}

class Row {
 public:
  Row(NetworkKind k, const imports::CsvRecord& rec, const std::vector<std::size_t>& index)
      : kind_(k), rec_(rec), index_(index) {}
  std::string_view get(std::string_view col) const {
    const auto& cols = network_columns(kind_);
    const auto i = static_cast<std::size_t>(std::find(cols.begin(), cols.end(), col) - cols.begin());
    const std::size_t at = index_[i];
    return at < rec_.size ? trim(rec_.field(at)) : std::string_view{};
  }
  void fail(std::string column, std::string reason) { errors.push_back({rec_.line, std::move(column), std::move(reason)}); }
  std::vector<imports::RowError> errors;

 private:
  NetworkKind kind_;
  const imports::CsvRecord& rec_;
  const std::vector<std::size_t>& index_;
};

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

}  // namespace

std::optional<NetworkKind> parse_network_kind(std::string_view s) {
  if (s == "cables") return NetworkKind::cables;
  if (s == "poles") return NetworkKind::poles;
  if (s == "drop-lines") return NetworkKind::drop_lines;
  return std::nullopt;
}

std::string_view to_string(NetworkKind k) {
  switch (k) {
    case NetworkKind::cables: return "cables";
    case NetworkKind::poles: return "poles";
    case NetworkKind::drop_lines: return "drop-lines";
  }
  return "";
}

const std::vector<std::string_view>& network_columns(NetworkKind k) {
  return k == NetworkKind::cables ? kCableCols : k == NetworkKind::poles ? kPoleCols : kDropCols;
}

imports::Report import_network(std::istream& in, const NetworkImportOptions& o, NetworkService& svc,
                               const auth::Actor& a) {
  const auto started = std::chrono::steady_clock::now();
  imports::Report report;
  report.dry_run = o.dry_run;
  imports::CsvReader reader(in, o.encoding);
  auto report_error = [&](imports::RowError e) {
    report.total_errors += 1;
    if (o.on_error) o.on_error(e);
    if (report.errors.size() < o.max_report_errors) report.errors.push_back(std::move(e));
  };
  auto finish = [&] {
    report.encoding = reader.encoding();
    report.elapsed_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
    return report;
  };
  imports::CsvRecord rec;
  if (!reader.next(rec)) {
    report.refused = true;
    report.refusal = reader.refused() ? reader.refusal() : "the file is empty (a header row is required)";
    return finish();
  }
  if (rec.bad_text) {
    report.refused = true;
    report.refusal = "line 1: the header is not valid text (expected UTF-8 or GBK)";
    return finish();
  }
  // Header: every column known, none missing, none twice.
  const auto& cols = network_columns(o.kind);
  std::vector<std::size_t> index(cols.size(), SIZE_MAX);
  std::vector<std::string> unknown, twice, missing;
  for (std::size_t i = 0; i < rec.size; ++i) {
    const auto name = trim(rec.field(i));
    auto it = std::find(cols.begin(), cols.end(), name);
    if (it == cols.end()) { unknown.push_back(name.empty() ? "(empty)" : quoted(name)); continue; }
    auto& slot = index[static_cast<std::size_t>(it - cols.begin())];
    if (slot != SIZE_MAX) twice.push_back(quoted(name));
    slot = i;
  }
  for (std::size_t c = 0; c < cols.size(); ++c)
    if (index[c] == SIZE_MAX) missing.push_back(quoted(cols[c]));
  auto join = [](const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
    return s;
  };
  std::string msg;
  if (!missing.empty()) msg += "missing column" + std::string(missing.size() > 1 ? "s " : " ") + join(missing);
  if (!unknown.empty()) msg += (msg.empty() ? "" : "; ") + std::string("unknown column") + (unknown.size() > 1 ? "s " : " ") + join(unknown);
  if (!twice.empty()) msg += (msg.empty() ? "" : "; ") + std::string("column given twice: ") + join(twice);
  if (!msg.empty()) {
    std::string expected;
    for (auto c : cols) expected += (expected.empty() ? "" : ",") + std::string(c);
    report.refused = true;
    report.refusal = "line " + std::to_string(rec.line) + ": " + msg + " (a " + std::string(to_string(o.kind)) +
                     " file has exactly these columns: " + expected + ")";
    return finish();
  }

  std::map<std::string, std::int64_t> seen_codes;  // network:code → first line (a dry run writes nothing)
  std::set<std::pair<Id, std::int32_t>> seen_pairs;
  while (reader.next(rec)) {
    report.rows_read += 1;
    Row row(o.kind, rec, index);
    if (rec.bad_text) row.fail("", "the row is not valid text in the file's encoding");
    else if (rec.size < index.size()) row.fail("", "the row has " + std::to_string(rec.size) + " fields; the header has " + std::to_string(index.size()));
    auto problem = [&](const Error& e) {
      if (e.fields.empty()) row.fail("", e.message);
      for (const auto& f : e.fields) row.fail(column_of(o.kind, f.field), f.reason);
    };
    auto dup = [&](Id network, const std::string& code) {
      auto [it, fresh] = seen_codes.emplace(std::to_string(network) + ":" + code, rec.line);
      if (!fresh) row.fail("code", quoted(code) + " is already on line " + std::to_string(it->second) + " of this file");
      return !fresh;
    };
    // One kind at a time: parse, check against the rules, then (not on a dry run) write.
    auto counted = [&](const Status& st, bool existed, bool changed) {
      if (!st) return problem(st.error());
      if (!changed) report.unchanged += 1;
      else if (existed) report.updated += 1;
      else report.inserted += 1;
    };
    if (row.errors.empty() && o.kind == NetworkKind::cables) {
      CableInput in;
      in.code = std::string(row.get("code"));
      if (auto k = parse_cable_kind(row.get("kind"))) in.kind = k;
      else row.fail("kind", quoted(row.get("kind")) + " is not primary, distribution or fibre");
      for (auto [kc, cc, end] : {std::tuple{"from_kind", "from_code", &in.from}, std::tuple{"to_kind", "to_code", &in.to}}) {
        auto ek = parse_end_kind(row.get(kc));
        if (!ek) { row.fail(kc, quoted(row.get(kc)) + " is not exchange, cross_box or dist_box"); continue; }
        if (*ek != EndKind::exchange && row.get(cc).empty()) { row.fail(cc, "give the box's code"); continue; }
        *end = EndInput{*ek, 0, std::string(row.get(cc))};
      }
      if (auto p = whole(row.get("pairs"), 10000)) in.pairs = *p;
      else row.fail("pairs", quoted(row.get("pairs")) + " is not a number of pairs");
      if (!row.get("length_m").empty()) {
        if (auto l = whole(row.get("length_m"), 100000)) in.length_m = *l;
        else row.fail("length_m", quoted(row.get("length_m")) + " is not a length in metres (0 to 100000)");
      }
      in.boxes = code_list(row.get("box_codes"));
      if (row.errors.empty()) {
        std::optional<Cable> existing;
        auto c = svc.check_cable(a, in, existing);
        if (!c) problem(c.error());
        else if (!dup(c->network_id, c->code)) {
          Status st = Ok{};
          Cable out = *c;
          if (!o.dry_run) st = svc.save_checked(a, out, existing);
          counted(st, existing.has_value(), !existing || !same_record(*existing, out));
        }
      }
    } else if (row.errors.empty() && o.kind == NetworkKind::poles) {
      PoleInput in;
      in.code = std::string(row.get("code"));
      if (!row.get("kind").empty()) {
        if (auto k = parse_pole_kind(row.get("kind"))) in.kind = k;
        else row.fail("kind", quoted(row.get("kind")) + " is not concrete, wood or steel");
      }
      auto lat = imports::parse_degrees_e6(row.get("lat"), 90), lng = imports::parse_degrees_e6(row.get("lng"), 180);
      if (lat) in.lat_e6 = *lat;
      else row.fail("lat", quoted(row.get("lat")) + " is not a latitude in decimal degrees");
      if (lng) in.lng_e6 = *lng;
      else row.fail("lng", quoted(row.get("lng")) + " is not a longitude in decimal degrees");
      in.boxes = code_list(row.get("box_codes"));
      in.cables = code_list(row.get("cable_codes"));
      if (const auto net = row.get("network"); !net.empty()) {
        Id id = svc.network_by_code(std::string(net));
        if (!id) row.fail("network", "no local network " + quoted(net));
        else in.network_id = id;
      }
      if (row.errors.empty()) {
        std::optional<Pole> existing;
        auto p = svc.check_pole(a, in, existing);
        if (!p) problem(p.error());
        else if (!dup(p->network_id, p->code)) {
          Status st = Ok{};
          Pole out = *p;
          if (!o.dry_run) st = svc.save_checked(a, out, existing);
          counted(st, existing.has_value(), !existing || !same_record(*existing, out));
        }
      }
    } else if (row.errors.empty()) {
      DropLineInput in;
      if (!row.get("code").empty()) in.code = std::string(row.get("code"));
      else row.fail("code", "is required: drop lines are matched by code");
      in.box = Ref{0, std::string(row.get("box_code"))};
      if (row.get("box_code").empty()) row.fail("box_code", "is required");
      if (auto p = whole(row.get("pair_no"), 2400); p && *p > 0) in.pair_no = *p;
      else row.fail("pair_no", quoted(row.get("pair_no")) + " is not a pair number");
      in.service = Ref{0, std::string(row.get("service_code"))};
      if (!row.get("kind").empty()) {
        if (auto k = parse_drop_kind(row.get("kind"))) in.kind = k;
        else row.fail("kind", quoted(row.get("kind")) + " is not copper or fibre");
      }
      if (!row.get("length_m").empty()) {
        if (auto l = whole(row.get("length_m"), 5000)) in.length_m = *l;
        else row.fail("length_m", quoted(row.get("length_m")) + " is not a length in metres (0 to 5000)");
      }
      if (const auto d = row.get("installed_date"); !d.empty()) {
        auto t = d.size() == 10 ? parse_iso8601(d, o.tz) : std::nullopt;
        if (!t) row.fail("installed_date", quoted(d) + " is not a date YYYY-MM-DD");
        else in.installed_at = *t;
      }
      if (row.errors.empty()) {
        std::optional<DropLine> existing;
        auto d = svc.check_drop_line(a, in, existing);
        if (!d) problem(d.error());
        else if (!dup(d->network_id, d->code)) {
          if (!seen_pairs.emplace(d->dist_box_id, d->pair_no).second)
            row.fail("pair_no", "pair " + std::to_string(d->pair_no) + " of " + d->dist_box_code +
                                    " has another drop line earlier in this file");
          else {
            Status st = Ok{};
            DropLine out = *d;
            // The file holds the date only: the same date keeps the recorded time of day.
            if (existing && existing->installed_at && out.installed_at &&
                format_iso8601(existing->installed_at, o.tz).substr(0, 10) == format_iso8601(out.installed_at, o.tz).substr(0, 10))
              out.installed_at = existing->installed_at;
            if (!o.dry_run) st = svc.save_checked(a, out, existing);
            counted(st, existing.has_value(), !existing || !same_record(*existing, out));
          }
        }
      }
    }
    if (!row.errors.empty()) {
      report.rejected += 1;
      for (auto& e : row.errors) report_error(std::move(e));
    }
  }
  if (reader.refused()) {
    report.refused = true;
    report.refusal = reader.refusal();
  }
  return finish();
}

std::int64_t export_network(NetworkKind k, imports::CsvWriter& out, NetworkService& svc, const auth::Actor& a,
                            const org::OrgSnapshot& org, const TimeZone& tz) {
  std::vector<std::string> head;
  for (auto c : network_columns(k)) head.emplace_back(c);
  out.row(head);
  std::int64_t n = 0;
  ListQuery q;
  for (const auto& u : org.units()) {
    if (u.kind != org::UnitKind::local_network) continue;
    if (k == NetworkKind::cables) {
      auto list = svc.cables(a, {u.id, 0, 0}, std::nullopt, q);
      if (!list) continue;
      for (const auto& c : *list) {
        out.row({c.code, std::string(to_string(c.kind)), std::string(to_string(c.from.kind)), c.from.code,
                 std::string(to_string(c.to.kind)), c.to.code, std::to_string(c.pairs), std::to_string(c.length_m),
                 join_codes(c.boxes)});
        ++n;
      }
    } else if (k == NetworkKind::poles) {
      auto list = svc.poles(a, {u.id, 0, 0}, q);
      if (!list) continue;
      for (const auto& p : *list) {
        out.row({p.code, std::string(to_string(p.kind)), u.code, imports::format_degrees_e6(p.lat_e6),
                 imports::format_degrees_e6(p.lng_e6), join_codes(p.boxes), join_codes(p.cables)});
        ++n;
      }
    } else {
      for (const auto& d : svc.repo().drop_lines_of_network(u.id)) {
        if (!d.active) continue;
        out.row({d.code, d.dist_box_code, std::to_string(d.pair_no), d.service_code, std::string(to_string(d.kind)),
                 std::to_string(d.length_m), d.installed_at ? format_iso8601(d.installed_at, tz).substr(0, 10) : ""});
        ++n;
      }
    }
  }
  return n;
}

std::string format_network_report(NetworkKind k, const imports::Report& r, const std::string& file) {
  std::string out;
  out += std::string(r.dry_run ? "Dry run (nothing written): " : "Import of ") + std::string(to_string(k)) + " from " +
         file + "\n";
  if (r.refused) out += "REFUSED: " + r.refusal + "\n";
  out += "  encoding:  " + (r.encoding == "gbk" ? std::string("GBK, converted to UTF-8") : r.encoding) + "\n";
  out += "  rows read: " + std::to_string(r.rows_read) + "\n";
  out += "  inserted:  " + std::to_string(r.inserted) + "\n";
  out += "  updated:   " + std::to_string(r.updated) + "\n";
  out += "  unchanged: " + std::to_string(r.unchanged) + "\n";
  out += "  rejected:  " + std::to_string(r.rejected) + "\n";
  char rate[64];
  std::snprintf(rate, sizeof rate, "%.1f s, %.0f rows/s", r.elapsed_ms / 1000.0, r.rows_per_second());
  out += std::string("  time:      ") + rate + "\n";
  if (r.total_errors > 0) {
    out += "Errors (" + std::to_string(r.total_errors) + "):\n";
    for (const auto& e : r.errors)
      out += "  line " + std::to_string(e.line) + (e.column.empty() ? "" : ", column " + e.column) + ": " + e.reason + "\n";
  }
  return out;
}

}  // namespace bc::plant
