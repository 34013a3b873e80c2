#include "domain/imports/rows.hpp"

#include <algorithm>
#include <charconv>

#include "domain/revenue/model.hpp"

namespace bc::imports {

std::optional<Kind> parse_kind(std::string_view s) {
  if (s == "cross-boxes") return Kind::cross_boxes;
  if (s == "dist-boxes") return Kind::dist_boxes;
  if (s == "customers") return Kind::customers;
  if (s == "services") return Kind::services;
  if (s == "revenue") return Kind::revenue;
  return std::nullopt;
}

std::string_view to_string(Kind k) {
  switch (k) {
    case Kind::cross_boxes: return "cross-boxes";
    case Kind::dist_boxes: return "dist-boxes";
    case Kind::customers: return "customers";
    case Kind::services: return "services";
    case Kind::revenue: return "revenue";
  }
  return "";
}

const std::vector<std::string_view>& columns(Kind k) {
  static const std::vector<std::string_view> cross{"code", "name", "network", "area", "lat", "lng", "address",
                                                   "primary_pairs", "distribution_pairs"};
  static const std::vector<std::string_view> dist{"code", "cross_box", "area", "lat", "lng", "mount", "address",
                                                  "capacity"};
  static const std::vector<std::string_view> cust{"code",   "kind",     "name",     "phones",    "id_type",
                                                  "id_number", "district", "street", "community", "building",
                                                  "unit",   "room",     "network"};
  static const std::vector<std::string_view> svc{"code",      "customer", "account", "kind",   "number",
                                                 "speed_mbps", "dist_box", "pair",    "parent", "status",
                                                 "start_date", "monthly_fee_fen"};
  static const std::vector<std::string_view> rev{"month", "service", "amount_yuan"};
  switch (k) {
    case Kind::cross_boxes: return cross;
    case Kind::dist_boxes: return dist;
    case Kind::customers: return cust;
    case Kind::services: return svc;
    case Kind::revenue: return rev;
  }
  return svc;
}

bool may_export(org::Role role, Kind k) {
  using org::Role;
  if (role == Role::administrator || role == Role::centre_manager) return true;
  if (k == Kind::cross_boxes || k == Kind::dist_boxes)
    return role == Role::office_head || role == Role::community_head || role == Role::auditor;
  return false;
}

void RefTables::resolve_networks() {
  std::unordered_map<Id, const Unit*> by_id;
  for (auto& [code, u] : units) by_id[u.id] = &u;
  for (auto& [code, u] : units) {
    const Unit* p = &u;
    for (int depth = 0; p && depth < 16; ++depth) {
      if (p->kind == org::UnitKind::local_network) {
        u.network_id = p->id;
        break;
      }
      auto it = by_id.find(p->parent_id);
      p = it == by_id.end() ? nullptr : it->second;
    }
  }
}

std::int64_t KeyLines::insert(std::uint64_t key, std::int64_t line) {
  if ((used_ + 1) * 10 > keys_.size() * 7) grow();
  const std::size_t mask = keys_.size() - 1;
  std::size_t i = (key * 0x9E3779B97F4A7C15ULL) >> 20 & mask;
  for (;; i = (i + 1) & mask) {
    if (lines_[i] == 0) {
      keys_[i] = key;
      lines_[i] = line;
      ++used_;
      return 0;
    }
    if (keys_[i] == key) return lines_[i];
  }
}

void KeyLines::grow() {
  std::vector<std::uint64_t> keys = std::move(keys_);
  std::vector<std::int64_t> lines = std::move(lines_);
  const std::size_t n = keys.empty() ? 1024 : keys.size() * 2;
  keys_.assign(n, 0);
  lines_.assign(n, 0);
  used_ = 0;
  for (std::size_t i = 0; i < keys.size(); ++i)
    if (lines[i]) insert(keys[i], lines[i]);
}

std::uint64_t hash64(std::string_view s) {
  // FNV-1a, then a final mix: codes differ in their last characters.
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  return h | 1;
}

std::optional<std::int32_t> parse_degrees_e6(std::string_view s, int limit) {
  if (s.empty()) return std::nullopt;
  bool neg = false;
  if (s[0] == '-' || s[0] == '+') {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  std::int64_t whole = 0, frac = 0;
  int frac_digits = 0, whole_digits = 0;
  bool dot = false, round_up = false;
  for (char c : s) {
    if (c == '.' && !dot) {
      dot = true;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    if (!dot) {
      if (++whole_digits > 3) return std::nullopt;
      whole = whole * 10 + (c - '0');
    } else if (frac_digits < 6) {
      frac = frac * 10 + (c - '0');
      ++frac_digits;
    } else if (frac_digits == 6) {
      round_up = c >= '5';
      ++frac_digits;
    }
  }
  if (whole_digits == 0 && frac_digits == 0) return std::nullopt;
  for (int i = std::min(frac_digits, 6); i < 6; ++i) frac *= 10;
  std::int64_t v = whole * 1000000 + frac + (round_up ? 1 : 0);
  if (v > static_cast<std::int64_t>(limit) * 1000000) return std::nullopt;
  return static_cast<std::int32_t>(neg ? -v : v);
}

std::string format_degrees_e6(std::int32_t v) {
  std::string out = v < 0 ? "-" : "";
  const std::int64_t a = v < 0 ? -static_cast<std::int64_t>(v) : v;
  std::string frac = std::to_string(a % 1000000);
  out += std::to_string(a / 1000000) + "." + std::string(6 - frac.size(), '0') + frac;
  return out;
}

std::optional<std::int64_t> parse_non_negative(std::string_view s, std::int64_t max) {
  std::int64_t v = 0;
  if (s.empty()) return std::nullopt;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v < 0 || v > max) return std::nullopt;
  return v;
}

namespace {
std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string quoted(std::string_view v) { return "'" + std::string(v) + "'"; }

// Column numbers in the order of columns(kind).
enum CrossCol { xc_code, xc_name, xc_network, xc_area, xc_lat, xc_lng, xc_address, xc_primary, xc_distribution };
enum DistCol { dc_code, dc_cross, dc_area, dc_lat, dc_lng, dc_mount, dc_address, dc_capacity };
enum CustCol { cc_code, cc_kind, cc_name, cc_phones, cc_id_type, cc_id_number, cc_district, cc_street, cc_community,
               cc_building, cc_unit, cc_room, cc_network };
enum RevCol { rc_month, rc_service, rc_amount };
enum SvcCol { sc_code, sc_customer, sc_account, sc_kind, sc_number, sc_speed, sc_box, sc_pair, sc_parent, sc_status,
              sc_start, sc_fee };

constexpr std::size_t kMaxText = 500;
}  // namespace

Validator::Validator(Kind kind, const RefTables& refs, const TimeZone& tz) : kind_(kind), refs_(refs), tz_(tz) {}

std::optional<std::string> Validator::header(const CsvRecord& rec) {
  const auto& cols = columns(kind_);
  index_.assign(cols.size(), SIZE_MAX);
  std::vector<std::string> unknown, twice, missing;
  for (std::size_t i = 0; i < rec.size; ++i) {
    const std::string_view name = trim(rec.field(i));
    auto it = std::find(cols.begin(), cols.end(), name);
    if (it == cols.end()) {
      unknown.push_back(name.empty() ? "(empty)" : quoted(name));
      continue;
    }
    auto& slot = index_[static_cast<std::size_t>(it - cols.begin())];
    if (slot != SIZE_MAX) twice.push_back(quoted(name));
    slot = i;
  }
  for (std::size_t c = 0; c < cols.size(); ++c)
    if (index_[c] == SIZE_MAX) missing.push_back(quoted(cols[c]));
  width_ = rec.size;
  auto join = [](const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
    return s;
  };
  std::string msg;
  if (!missing.empty()) msg += "missing column" + std::string(missing.size() > 1 ? "s " : " ") + join(missing);
  if (!unknown.empty())
    msg += (msg.empty() ? "" : "; ") + std::string("unknown column") + (unknown.size() > 1 ? "s " : " ") +
           join(unknown);
  if (!twice.empty()) msg += (msg.empty() ? "" : "; ") + std::string("column given twice: ") + join(twice);
  if (msg.empty()) return std::nullopt;
  std::string expected;
  for (auto c : cols) expected += (expected.empty() ? "" : ",") + std::string(c);
  return "line " + std::to_string(rec.line) + ": " + msg + " (a " + std::string(to_string(kind_)) +
         " file has exactly these columns: " + expected + ")";
}

std::string_view Validator::get(const CsvRecord& rec, std::size_t col) const { return trim(rec.field(index_[col])); }

bool Validator::row(const CsvRecord& rec, Batch& batch, std::vector<RowError>& errors) {
  if (rec.bad_text) {
    errors.push_back({rec.line, "", "not valid text in the file's encoding (expected UTF-8 or GBK)"});
    return false;
  }
  if (rec.size != width_) {
    errors.push_back({rec.line, "",
                      std::to_string(rec.size) + " fields, but the header has " + std::to_string(width_) +
                          " (a comma inside a value needs quotes)"});
    return false;
  }
  switch (kind_) {
    case Kind::cross_boxes: return cross_box(rec, batch, errors);
    case Kind::dist_boxes: return dist_box(rec, batch, errors);
    case Kind::customers: return customer(rec, batch, errors);
    case Kind::services: return service(rec, batch, errors);
    case Kind::revenue: return revenue(rec, batch, errors);
  }
  return false;
}

namespace {
// Collects the errors of one row.
struct Check {
  std::int64_t line;
  std::vector<RowError>& errs;
  std::size_t before;
  Check(std::int64_t l, std::vector<RowError>& e) : line(l), errs(e), before(e.size()) {}
  void fail(std::string_view col, std::string reason) { errs.push_back({line, std::string(col), std::move(reason)}); }
  bool ok() const { return errs.size() == before; }

  std::string text(std::string_view col, std::string_view v, bool required) {
    if (required && v.empty()) fail(col, "required");
    else if (v.size() > kMaxText) fail(col, "longer than " + std::to_string(kMaxText) + " bytes");
    return std::string(v);
  }
  std::string code(std::string_view col, std::string_view v) {
    if (v.empty()) fail(col, "required");
    else if (v.size() > 64) fail(col, "longer than 64 characters");
    else if (v.find_first_of(" \t,;") != std::string_view::npos) fail(col, "must not contain spaces, commas or semicolons");
    return std::string(v);
  }
  std::int32_t degrees(std::string_view col, std::string_view v, int limit) {
    if (v.empty()) return 0;
    auto d = parse_degrees_e6(v, limit);
    if (!d) fail(col, quoted(v) + " is not a decimal degree between -" + std::to_string(limit) + " and " +
                          std::to_string(limit));
    return d.value_or(0);
  }
  std::int64_t number(std::string_view col, std::string_view v, std::int64_t min, std::int64_t max,
                      std::optional<std::int64_t> if_empty) {
    if (v.empty()) {
      if (if_empty) return *if_empty;
      fail(col, "required");
      return 0;
    }
    auto n = parse_non_negative(v, max);
    if (!n || *n < min) {
      fail(col, quoted(v) + " is not a whole number from " + std::to_string(min) + " to " + std::to_string(max));
      return 0;
    }
    return *n;
  }
  template <class E, std::size_t N>
  std::optional<E> choice(std::string_view col, std::string_view v, const std::array<org::Label, N>& labels,
                          std::optional<E> if_empty) {
    if (v.empty() && if_empty) return if_empty;
    auto e = org::parse_enum<E>(labels, v);
    if (!e) {
      std::string allowed;
      for (const auto& l : labels) allowed += (allowed.empty() ? "" : ", ") + std::string(l.value);
      fail(col, v.empty() ? "required (one of " + allowed + ")" : quoted(v) + " is not one of " + allowed);
    }
    return e;
  }
};
}  // namespace

bool Validator::cross_box(const CsvRecord& rec, Batch& b, std::vector<RowError>& errs) {
  Check c(rec.line, errs);
  CrossBoxRow r;
  r.line = rec.line;
  r.code = c.code("code", get(rec, xc_code));
  r.name = c.text("name", get(rec, xc_name), false);
  r.address = c.text("address", get(rec, xc_address), false);
  const auto net = get(rec, xc_network);
  if (net.empty()) {
    c.fail("network", "required");
  } else if (auto it = refs_.units.find(std::string(net)); it == refs_.units.end()) {
    c.fail("network", "unknown local network " + quoted(net));
  } else if (it->second.kind != org::UnitKind::local_network) {
    c.fail("network", quoted(net) + " is a " + std::string(org::to_string(it->second.kind)) + ", not a local network");
  } else {
    r.network_id = it->second.id;
  }
  if (const auto area = get(rec, xc_area); !area.empty()) {
    auto it = refs_.units.find(std::string(area));
    if (it == refs_.units.end() || it->second.kind != org::UnitKind::area)
      c.fail("area", "unknown area " + quoted(area));
    else if (!it->second.active)
      c.fail("area", "area " + quoted(area) + " is retired");
    else if (r.network_id && it->second.network_id != r.network_id)
      c.fail("area", "area " + quoted(area) + " is not in local network " + quoted(net));
    else
      r.area_id = it->second.id;
  }
  r.lat_e6 = c.degrees("lat", get(rec, xc_lat), 90);
  r.lng_e6 = c.degrees("lng", get(rec, xc_lng), 180);
  r.primary_pairs = static_cast<std::int32_t>(c.number("primary_pairs", get(rec, xc_primary), 0, 100000, 0));
  r.distribution_pairs =
      static_cast<std::int32_t>(c.number("distribution_pairs", get(rec, xc_distribution), 0, 100000, 0));
  if (c.ok() && !r.code.empty())
    if (auto first = codes_.insert(hash64(r.code), rec.line))
      c.fail("code", "duplicate: " + r.code + " is already on line " + std::to_string(first));
  if (!c.ok()) return false;
  b.cross_boxes.push_back(std::move(r));
  return true;
}

bool Validator::dist_box(const CsvRecord& rec, Batch& b, std::vector<RowError>& errs) {
  Check c(rec.line, errs);
  DistBoxRow r;
  r.line = rec.line;
  r.code = c.code("code", get(rec, dc_code));
  r.address = c.text("address", get(rec, dc_address), false);
  const RefTables::CrossBox* cross = nullptr;
  const auto cb = get(rec, dc_cross);
  if (cb.empty()) {
    c.fail("cross_box", "required");
  } else if (auto it = refs_.cross_boxes.find(std::string(cb)); it == refs_.cross_boxes.end()) {
    c.fail("cross_box", "unknown cross-connect box " + quoted(cb));
  } else {
    cross = &it->second;
    r.cross_box_id = cross->id;
  }
  const auto area = get(rec, dc_area);
  if (area.empty()) {
    c.fail("area", "required");
  } else if (auto it = refs_.units.find(std::string(area));
             it == refs_.units.end() || it->second.kind != org::UnitKind::area) {
    c.fail("area", "unknown area " + quoted(area));
  } else if (!it->second.active) {
    c.fail("area", "area " + quoted(area) + " is retired");
  } else if (cross && cross->area_id && cross->area_id != it->second.id) {
    c.fail("area", "cross-connect box " + quoted(cb) + " defines its own area; its boxes belong to that area");
  } else if (cross && cross->network_id != it->second.network_id) {
    c.fail("area", "area " + quoted(area) + " is not in the local network of cross-connect box " + quoted(cb));
  } else {
    r.area_id = it->second.id;
    r.network_id = it->second.network_id;
  }
  r.lat_e6 = c.degrees("lat", get(rec, dc_lat), 90);
  r.lng_e6 = c.degrees("lng", get(rec, dc_lng), 180);
  if (auto m = c.choice<plant::Mount>("mount", get(rec, dc_mount), plant::kMountLabels, plant::Mount::building)) r.mount = *m;
  r.capacity = static_cast<std::int32_t>(c.number("capacity", get(rec, dc_capacity), 1, 2400, std::nullopt));
  if (c.ok())
    if (auto first = codes_.insert(hash64(r.code), rec.line))
      c.fail("code", "duplicate: " + r.code + " is already on line " + std::to_string(first));
  if (!c.ok()) return false;
  b.dist_boxes.push_back(std::move(r));
  return true;
}

bool Validator::customer(const CsvRecord& rec, Batch& b, std::vector<RowError>& errs) {
  Check c(rec.line, errs);
  CustomerRow r;
  r.line = rec.line;
  r.code = c.code("code", get(rec, cc_code));
  if (auto k = c.choice<plant::CustomerKind>("kind", get(rec, cc_kind), plant::kCustomerKindLabels, std::nullopt))
    r.kind = *k;
  r.name = c.text("name", get(rec, cc_name), true);
  // Phones: separated by ';' in the file, stored comma-separated.
  std::string_view phones = get(rec, cc_phones);
  while (!phones.empty()) {
    const auto semi = phones.find(';');
    const std::string_view p = trim(phones.substr(0, semi));
    phones = semi == std::string_view::npos ? std::string_view{} : phones.substr(semi + 1);
    if (p.empty()) continue;
    const bool good = p.size() >= 3 && p.size() <= 20 &&
                      std::all_of(p.begin(), p.end(), [](char ch) { return (ch >= '0' && ch <= '9') || ch == '-' || ch == '+'; });
    if (!good) {
      c.fail("phones", quoted(p) + " is not a phone number (digits, '-' or '+'; several separated by ';')");
      break;
    }
    if (!r.phones.empty()) r.phones += ',';
    r.phones += p;
  }
  r.id_type = c.text("id_type", get(rec, cc_id_type), false);
  r.id_number = c.text("id_number", get(rec, cc_id_number), false);
  r.address.district = c.text("district", get(rec, cc_district), false);
  r.address.street = c.text("street", get(rec, cc_street), false);
  r.address.community = c.text("community", get(rec, cc_community), false);
  r.address.building = c.text("building", get(rec, cc_building), false);
  r.address.unit = c.text("unit", get(rec, cc_unit), false);
  r.address.room = c.text("room", get(rec, cc_room), false);
  const auto net = get(rec, cc_network);
  if (net.empty()) {
    c.fail("network", "required");
  } else if (auto it = refs_.units.find(std::string(net));
             it == refs_.units.end() || it->second.kind != org::UnitKind::local_network) {
    c.fail("network", "unknown local network " + quoted(net));
  } else {
    r.network_id = it->second.id;
  }
  if (c.ok())
    if (auto first = codes_.insert(hash64(r.code), rec.line))
      c.fail("code", "duplicate: " + r.code + " is already on line " + std::to_string(first));
  if (!c.ok()) return false;
  b.customers.push_back(std::move(r));
  return true;
}

bool Validator::service(const CsvRecord& rec, Batch& b, std::vector<RowError>& errs) {
  Check c(rec.line, errs);
  ServiceRow r;
  r.line = rec.line;
  r.code = c.code("code", get(rec, sc_code));
  r.customer_code = std::string(get(rec, sc_customer));
  if (r.customer_code.empty()) c.fail("customer", "required");
  r.account_code = std::string(get(rec, sc_account));
  if (r.account_code.size() > 64) c.fail("account", "longer than 64 characters");
  auto kind = c.choice<plant::ServiceKind>("kind", get(rec, sc_kind), plant::kServiceKindLabels, std::nullopt);
  if (kind) r.kind = *kind;
  r.number = c.text("number", get(rec, sc_number), true);
  r.speed_mbps = static_cast<std::int32_t>(c.number("speed_mbps", get(rec, sc_speed), 0, 100000, 0));
  if (auto st = c.choice<plant::ServiceStatus>("status", get(rec, sc_status), plant::kServiceStatusLabels,
                                               plant::ServiceStatus::active))
    r.status = *st;
  r.parent_code = std::string(get(rec, sc_parent));
  r.dist_box_code = std::string(get(rec, sc_box));
  const auto pair = get(rec, sc_pair);
  const RefTables::DistBox* box = nullptr;
  if (!r.dist_box_code.empty()) {
    auto it = refs_.dist_boxes.find(r.dist_box_code);
    if (it == refs_.dist_boxes.end()) {
      c.fail("dist_box", "unknown distribution box " + quoted(r.dist_box_code));
    } else if (!it->second.active) {
      c.fail("dist_box", "distribution box " + quoted(r.dist_box_code) + " is retired");
    } else {
      box = &it->second;
      r.dist_box_id = box->id;
      r.network_id = box->network_id;
    }
  }
  if (kind) {
    const std::string kname(plant::to_string(*kind));
    if (plant::needs_termination(*kind)) {
      if (r.dist_box_code.empty()) c.fail("dist_box", "required for " + kname);
      if (pair.empty()) c.fail("pair", "required for " + kname);
      if (!r.parent_code.empty()) c.fail("parent", "a " + kname + " is a line of its own: leave parent empty");
    } else if (*kind == plant::ServiceKind::caller_id || *kind == plant::ServiceKind::iptv) {
      if (r.parent_code.empty()) c.fail("parent", "required for " + kname + " (the code of the line it rides on)");
      if (!pair.empty()) c.fail("pair", "must be empty for " + kname + ": it shares its parent line's pair");
    } else if (!pair.empty() && r.dist_box_code.empty()) {
      c.fail("dist_box", "required when a pair is given");
    }
  }
  if (!pair.empty() && (!kind || *kind != plant::ServiceKind::caller_id) && (!kind || *kind != plant::ServiceKind::iptv)) {
    auto n = parse_non_negative(pair, 2400);
    if (!n || *n < 1)
      c.fail("pair", quoted(pair) + " is not a pair number");
    else if (box && *n > box->capacity)
      c.fail("pair", "pair " + std::string(pair) + " is beyond the capacity of " + r.dist_box_code + " (" +
                         std::to_string(box->capacity) + " pairs)");
    else
      r.pair_no = static_cast<std::int32_t>(*n);
  }
  if (r.parent_code == r.code && !r.code.empty()) c.fail("parent", "a service cannot be its own parent");
  if (const auto d = get(rec, sc_start); !d.empty()) {
    auto t = d.size() == 10 ? parse_iso8601(d, tz_) : std::nullopt;
    if (!t) c.fail("start_date", quoted(d) + " is not a date YYYY-MM-DD");
    else r.start_date = *t;
  }
  r.monthly_fee_fen = c.number("monthly_fee_fen", get(rec, sc_fee), 0, 1000000000, 0);
  if (c.ok()) {
    if (auto first = codes_.insert(hash64(r.code), rec.line)) {
      c.fail("code", "duplicate: " + r.code + " is already on line " + std::to_string(first));
    } else if (r.status == plant::ServiceStatus::active) {
      if (r.pair_no)
        if (auto other = pairs_.insert((static_cast<std::uint64_t>(r.dist_box_id) << 12 | r.pair_no) + 1, rec.line))
          c.fail("pair", "pair " + std::to_string(r.pair_no) + " of " + r.dist_box_code +
                             " is already used by the service on line " + std::to_string(other));
      if (c.ok())
        if (auto other = numbers_.insert(hash64(std::string(plant::to_string(r.kind)) + '\x1f' + r.number), rec.line))
          c.fail("number", "number " + r.number + " is already used by the active " +
                               std::string(plant::to_string(r.kind)) + " service on line " + std::to_string(other));
    }
  }
  if (!c.ok()) return false;
  b.services.push_back(std::move(r));
  return true;
}

bool Validator::revenue(const CsvRecord& rec, Batch& b, std::vector<RowError>& errs) {
  Check c(rec.line, errs);
  RevenueRow r;
  r.line = rec.line;
  const auto m = get(rec, rc_month);
  if (m.empty()) {
    c.fail("month", "required");
  } else if (auto month = revenue::parse_month(m)) {
    r.month = *month;
    const auto w = revenue::new_sale_window(*month, tz_);
    r.new_from = w.from;
    r.new_to = w.to;
  } else {
    c.fail("month", quoted(m) + " is not a month YYYY-MM");
  }
  const auto svc = get(rec, rc_service);
  if (svc.empty()) c.fail("service", "required (the service's code or number)");
  else if (svc.size() > 64) c.fail("service", "longer than 64 characters");
  r.service = std::string(svc);
  const auto a = get(rec, rc_amount);
  const auto amount = revenue::parse_yuan(a);
  switch (amount.error) {
    case revenue::AmountError::none: r.amount_fen = amount.fen; break;
    case revenue::AmountError::empty: c.fail("amount_yuan", "required"); break;
    case revenue::AmountError::negative:
      c.fail("amount_yuan", quoted(a) + " is negative: a month's revenue is not below zero (net credits into the month's bill)");
      break;
    case revenue::AmountError::too_many_decimals:
      c.fail("amount_yuan", quoted(a) + " has more than two decimals (the smallest unit is the fen, 0.01)");
      break;
    case revenue::AmountError::too_large: c.fail("amount_yuan", quoted(a) + " is more than 10,000,000,000 yuan"); break;
    case revenue::AmountError::not_a_number:
      c.fail("amount_yuan", quoted(a) + " is not an amount in yuan such as 128.50 (no thousands separators)");
      break;
  }
  if (c.ok())
    if (auto first = codes_.insert(hash64(std::to_string(r.month) + '\x1f' + r.service), rec.line))
      c.fail("service", "duplicate: " + r.service + " for " + std::string(m) + " is already on line " +
                            std::to_string(first));
  if (!c.ok()) return false;
  b.revenue.push_back(std::move(r));
  return true;
}

}  // namespace bc::imports
