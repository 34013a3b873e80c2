#include "api/context.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <charconv>

#include "api/problem.hpp"

namespace bc::api {
namespace json = boost::json;

std::optional<std::string> Ctx::q(const std::string& name) const {
  auto it = query.find(name);
  if (it == query.end()) return std::nullopt;
  return it->second;
}

namespace {
std::optional<std::int64_t> to_int(std::string_view s) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}
}  // namespace

Result<std::int64_t> Ctx::id_param(const std::string& name) const {
  auto it = params.find(name);
  auto v = it == params.end() ? std::nullopt : to_int(it->second);
  if (!v || *v <= 0) return Error(Errc::not_found, "No object has the id '" + (it == params.end() ? "" : it->second) + "'.");
  return *v;
}

Result<std::optional<std::int64_t>> Ctx::q_id(const std::string& name) const {
  auto s = q(name);
  if (!s) return std::optional<std::int64_t>{};
  auto v = to_int(*s);
  if (!v || *v < 0) return invalid(name, "must be a positive whole number");
  return std::optional<std::int64_t>{*v};
}

Result<std::optional<bool>> Ctx::q_bool(const std::string& name) const {
  auto s = q(name);
  if (!s) return std::optional<bool>{};
  if (*s == "true" || *s == "1") return std::optional<bool>{true};
  if (*s == "false" || *s == "0") return std::optional<bool>{false};
  return invalid(name, "must be true or false");
}

Result<std::optional<Millis>> Ctx::q_time(const std::string& name) const {
  auto s = q(name);
  if (!s) return std::optional<Millis>{};
  auto t = parse_iso8601(*s, tz);
  if (!t) return invalid(name, "must be an ISO 8601 date-time with an offset, such as 2026-11-26T08:00:00+08:00");
  return std::optional<Millis>{*t};
}

Result<std::int64_t> Ctx::if_match(bool allow_zero) const {
  std::string_view v = req.header("if-match");
  if (v.empty()) {
    Error e(Errc::precondition_required, "Send If-Match with the version you last read (its ETag), so a change made "
                                         "meanwhile by someone else is not overwritten.");
    return e.field("If-Match", "is required");
  }
  if (v.substr(0, 2) == "W/") v.remove_prefix(2);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  auto n = to_int(v);
  if (!n || *n < (allow_zero ? 0 : 1)) return invalid("If-Match", "must be the ETag of the object, such as \"3\"");
  return *n;
}

json::value Ctx::iso_or_null(Millis t) const {
  if (!t) return nullptr;
  return json::value(iso(t));
}

Result<json::object> json_body(const Ctx& c, bool allow_empty) {
  if (c.req.body.empty() || c.req.body.find_first_not_of(" \t\r\n") == std::string::npos) {
    if (allow_empty) return json::object{};
    return invalid("body", "a JSON object is required");
  }
  std::string_view ct = c.req.header("content-type");
  if (ct.substr(0, 16) != "application/json")
    return Error(Errc::unsupported_media, "Send the body as JSON with Content-Type: application/json.")
        .field("Content-Type", "must be application/json");
  json::error_code ec;
  json::value v = json::parse(c.req.body, ec);
  if (ec) return invalid("body", "is not valid JSON: " + ec.message());
  if (!v.is_object()) return invalid("body", "must be a JSON object");
  return std::move(v.as_object());
}

std::optional<std::string> Fields::str(const char* name, bool required) {
  auto it = o_.find(name);
  if (it == o_.end() || it->value().is_null()) {
    if (required) fail(name, "is required");
    return std::nullopt;
  }
  if (!it->value().is_string()) {
    fail(name, "must be a string");
    return std::nullopt;
  }
  auto s = it->value().as_string();
  return std::string(s.data(), s.size());
}

std::optional<std::int64_t> Fields::id(const char* name, bool required) {
  auto it = o_.find(name);
  if (it == o_.end() || it->value().is_null()) {
    if (required) fail(name, "is required");
    return std::nullopt;
  }
  const auto& v = it->value();
  if (v.is_int64() && v.as_int64() > 0) return v.as_int64();
  if (v.is_uint64() && v.as_uint64() > 0 && v.as_uint64() < (1ULL << 62)) return static_cast<std::int64_t>(v.as_uint64());
  fail(name, "must be the id of an object: a positive whole number");
  return std::nullopt;
}

std::optional<bool> Fields::boolean(const char* name) {
  auto it = o_.find(name);
  if (it == o_.end() || it->value().is_null()) return std::nullopt;
  if (!it->value().is_bool()) {
    fail(name, "must be true or false");
    return std::nullopt;
  }
  return it->value().as_bool();
}

std::optional<Millis> Fields::time(const char* name, const TimeZone& tz, bool required) {
  auto s = str(name, required);
  if (!s) return std::nullopt;
  auto t = parse_iso8601(*s, tz);
  if (!t) fail(name, "must be an ISO 8601 date-time with an offset (2026-12-01T08:00:00+08:00) or a date (2026-12-01)");
  return t;
}

void Fields::only(std::initializer_list<const char*> known) {
  for (const auto& kv : o_) {
    bool ok = false;
    for (const char* k : known) ok = ok || kv.key() == k;
    if (!ok) fail(std::string(kv.key()), "is not a field of this object");
  }
}

namespace {
template <class J>
Response serialized(int status, const J& j) {
  Response r;
  r.status = status;
  r.body = json::serialize(j);
  return r;
}
}  // namespace

Response json_response(int status, const json::value& v) { return serialized(status, v); }
Response json_response(int status, const json::object& o) { return serialized(status, o); }
Response json_response(int status, const json::array& a) { return serialized(status, a); }

Response object_response(int status, const json::object& o) {
  Response r = json_response(status, o);
  if (auto it = o.find("version"); it != o.end() && it->value().is_int64())
    r.header("ETag", "\"" + std::to_string(it->value().as_int64()) + "\"");
  return r;
}

Response no_content() {
  Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

namespace {
int compare_values(const json::value* a, const json::value* b) {
  if (!a || a->is_null()) return (!b || b->is_null()) ? 0 : -1;
  if (!b || b->is_null()) return 1;
  if (a->is_string() && b->is_string()) return a->as_string().subview().compare(b->as_string().subview());
  if (a->is_int64() && b->is_int64()) return a->as_int64() < b->as_int64() ? -1 : a->as_int64() > b->as_int64();
  if (a->is_bool() && b->is_bool()) return int(a->as_bool()) - int(b->as_bool());
  return 0;
}
}  // namespace

Response list_response(const Ctx& c, std::vector<json::object> items, std::initializer_list<const char*> sortable,
                       const char* default_sort) {
  Error e(Errc::invalid, "The request has invalid fields.");
  std::int64_t offset = 0, limit = 50;
  if (auto s = c.q("offset")) {
    auto v = to_int(*s);
    if (!v || *v < 0) e.field("offset", "must be a whole number, 0 or more");
    else offset = *v;
  }
  if (auto s = c.q("limit")) {
    auto v = to_int(*s);
    if (!v || *v < 1 || *v > 1000) e.field("limit", "must be between 1 and 1000");
    else limit = *v;
  }
  std::string sort = c.q("sort").value_or(default_sort);
  bool desc = !sort.empty() && sort[0] == '-';
  std::string key = desc ? sort.substr(1) : sort;
  if (std::none_of(sortable.begin(), sortable.end(), [&](const char* k) { return key == k; })) {
    std::string allowed;
    for (const char* k : sortable) allowed += (allowed.empty() ? "" : ", ") + std::string(k);
    e.field("sort", "can sort by " + allowed + " (prefix - for descending)");
  }
  if (!e.fields.empty()) return problem(e);
  std::stable_sort(items.begin(), items.end(), [&](const json::object& a, const json::object& b) {
    int r = compare_values(a.if_contains(key), b.if_contains(key));
    return desc ? r > 0 : r < 0;
  });
  const auto total = static_cast<std::int64_t>(items.size());
  json::array page;
  std::vector<std::string> fields;
  if (auto f = c.q("fields")) {
    std::size_t start = 0;
    while (start <= f->size()) {
      auto comma = f->find(',', start);
      auto part = f->substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      if (!part.empty()) fields.push_back(part);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  for (std::int64_t i = offset; i < total && i < offset + limit; ++i) {
    if (fields.empty()) {
      page.push_back(std::move(items[i]));
    } else {
      json::object trimmed;
      for (const auto& f : fields)
        if (auto* v = items[i].if_contains(f)) trimmed[f] = *v;
      page.push_back(std::move(trimmed));
    }
  }
  Response r = json_response(200, page);
  r.header("X-Total-Count", std::to_string(total));
  r.header("X-Result-Count", std::to_string(page.size()));
  return r;
}

}  // namespace bc::api
