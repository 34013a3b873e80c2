#include "core/config.hpp"

#include <charconv>
#include <cstdlib>
#include <toml++/toml.h>

namespace bc {
namespace {

struct Key {
  const char* name;
  const char* env;
};
constexpr Key kKeys[] = {
    {"db", "BLUECHANNEL_DB"},
    {"listen", "BLUECHANNEL_LISTEN"},
    {"web_root", "BLUECHANNEL_WEB_ROOT"},
    {"threads", "BLUECHANNEL_THREADS"},
    {"db_pool", "BLUECHANNEL_DB_POOL"},
    {"sqlite_synchronous", "BLUECHANNEL_SQLITE_SYNCHRONOUS"},
    {"sqlite_checkpoint", "BLUECHANNEL_SQLITE_CHECKPOINT"},
    {"log_format", "BLUECHANNEL_LOG_FORMAT"},
    {"log_level", "BLUECHANNEL_LOG_LEVEL"},
    {"access_log", "BLUECHANNEL_ACCESS_LOG"},
    {"display_tz", "BLUECHANNEL_DISPLAY_TZ"},
    {"body_limit", "BLUECHANNEL_BODY_LIMIT"},
    {"header_limit", "BLUECHANNEL_HEADER_LIMIT"},
    {"rate_limit", "BLUECHANNEL_RATE_LIMIT"},
    {"rate_burst", "BLUECHANNEL_RATE_BURST"},
    {"session_idle_minutes", "BLUECHANNEL_SESSION_IDLE_MINUTES"},
    {"session_max_hours", "BLUECHANNEL_SESSION_MAX_HOURS"},
    {"login_max_failures", "BLUECHANNEL_LOGIN_MAX_FAILURES"},
    {"login_lock_minutes", "BLUECHANNEL_LOGIN_LOCK_MINUTES"},
    {"cookie_secure", "BLUECHANNEL_COOKIE_SECURE"},
};

template <class T>
Status parse_int(const std::string& key, const std::string& v, T& out, T lo, T hi) {
  T x{};
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
  if (ec != std::errc() || p != v.data() + v.size()) return invalid(key, "must be a whole number");
  if (x < lo || x > hi)
    return invalid(key, "must be between " + std::to_string(lo) + " and " + std::to_string(hi));
  out = x;
  return Ok{};
}

Status parse_bool(const std::string& key, const std::string& v, bool& out) {
  if (v == "true" || v == "1" || v == "yes" || v == "on") out = true;
  else if (v == "false" || v == "0" || v == "no" || v == "off") out = false;
  else return invalid(key, "must be true or false");
  return Ok{};
}

}  // namespace

Status set_config_key(Config& c, const std::string& k, const std::string& v) {
  if (k == "db") { if (v.empty()) return invalid(k, "must not be empty"); c.db = v; return Ok{}; }
  if (k == "listen") { c.listen = v; return Ok{}; }
  if (k == "web_root") { c.web_root = v; return Ok{}; }
  if (k == "threads") return parse_int(k, v, c.threads, 0, 256);
  if (k == "db_pool") return parse_int(k, v, c.db_pool, 0, 256);
  if (k == "sqlite_synchronous") {
    if (v != "normal" && v != "full") return invalid(k, "must be normal or full");
    c.sqlite_synchronous = v;
    return Ok{};
  }
  if (k == "sqlite_checkpoint") {
    if (v != "background" && v != "commit") return invalid(k, "must be background or commit");
    c.sqlite_checkpoint = v;
    return Ok{};
  }
  if (k == "log_format") {
    if (v != "text" && v != "json") return invalid(k, "must be text or json");
    c.log_format = v;
    return Ok{};
  }
  if (k == "log_level") {
    if (v != "trace" && v != "debug" && v != "info" && v != "warn" && v != "error")
      return invalid(k, "must be one of trace, debug, info, warn, error");
    c.log_level = v;
    return Ok{};
  }
  if (k == "access_log") return parse_bool(k, v, c.access_log);
  if (k == "display_tz") {
    auto tz = TimeZone::parse(v);
    if (!tz) return invalid(k, "must be a zone such as Asia/Shanghai, UTC or +08:00");
    c.display_tz = *tz;
    return Ok{};
  }
  if (k == "body_limit") return parse_int<std::int64_t>(k, v, c.body_limit, 1024, 1LL << 32);
  if (k == "header_limit") return parse_int<std::int64_t>(k, v, c.header_limit, 1024, 1 << 20);
  if (k == "rate_limit") return parse_int(k, v, c.rate_limit, 0, 10'000'000);
  if (k == "rate_burst") return parse_int(k, v, c.rate_burst, 1, 10'000'000);
  if (k == "session_idle_minutes") return parse_int(k, v, c.session_idle_minutes, 1, 60 * 24 * 30);
  if (k == "session_max_hours") return parse_int(k, v, c.session_max_hours, 1, 24 * 365);
  if (k == "login_max_failures") return parse_int(k, v, c.login_max_failures, 1, 1000);
  if (k == "login_lock_minutes") return parse_int(k, v, c.login_lock_minutes, 1, 60 * 24);
  if (k == "cookie_secure") return parse_bool(k, v, c.cookie_secure);
  return invalid(k, "is not a known setting");
}

Status apply_toml_file(Config& cfg, const std::string& path) {
  toml::table t;
  try {
    t = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return invalid(path, std::string("is not valid TOML: ") + std::string(e.description()));
  }
  for (auto&& [key, node] : t) {
    std::string k(key.str());
    std::string v;
    if (auto s = node.value<std::string>(); s && node.is_string()) v = *s;
    else if (auto i = node.value<std::int64_t>(); i && node.is_integer()) v = std::to_string(*i);
    else if (auto b = node.value<bool>(); b && node.is_boolean()) v = *b ? "true" : "false";
    else return invalid(k, "must be a string, integer or boolean");
    if (auto st = set_config_key(cfg, k, v); !st) return st;
  }
  return Ok{};
}

Status apply_environment(Config& cfg) {
  for (const auto& key : kKeys) {
    if (const char* v = std::getenv(key.env); v && *v) {
      if (auto st = set_config_key(cfg, key.name, v); !st) {
        Error e = st.error();
        for (auto& f : e.fields) f.field = key.env;
        return e;
      }
    }
  }
  return Ok{};
}

Status validate(const Config& c) {
  auto colon = c.listen.rfind(':');
  int port = 0;
  if (colon == std::string::npos || colon == 0 ||
      !parse_int<int>("listen", c.listen.substr(colon + 1), port, 0, 65535))
    return invalid("listen", "must be HOST:PORT, for example 127.0.0.1:8080");
  return Ok{};
}

}  // namespace bc
