// Settings of one bluechannel process. Sources, weakest first: defaults, TOML file,
// BLUECHANNEL_* environment variables, command-line flags (applied by app/).
#pragma once
#include <cstdint>
#include <string>

#include "core/error.hpp"
#include "core/time.hpp"

namespace bc {

struct Config {
  std::string db = "./data/bluechannel.db";  // a file path, or postgresql://…
  std::string listen = "127.0.0.1:8080";
  std::string web_root;  // built console; empty means the one next to the sources
  int threads = 0;       // 0: 64 (order writes wait for their group commit on these threads)
  int db_pool = 0;       // 0: threads + 2, at most 24
  std::string sqlite_synchronous = "normal";  // normal: commits survive a crash; full: a power cut too
  // background: the server checkpoints SQLite's WAL from a thread of its own; commit: inside the
  // commit that crosses 1,000 pages (SQLite's default)
  std::string sqlite_checkpoint = "background";
  std::string log_format = "text";  // text | json
  std::string log_level = "info";
  bool access_log = false;
  TimeZone display_tz;
  std::int64_t body_limit = 1 << 20;  // bytes
  std::int64_t header_limit = 16 << 10;
  int rate_limit = 2000;  // requests per second per client (IP or credential); 0 turns it off
  int rate_burst = 4000;
  int session_idle_minutes = 8 * 60;
  int session_max_hours = 7 * 24;
  int login_max_failures = 5;    // then a temporary lock
  int login_lock_minutes = 15;
  bool cookie_secure = false;    // set behind TLS
};

// Applies a TOML file's keys onto cfg; unknown keys and wrong types are errors naming the key.
Status apply_toml_file(Config& cfg, const std::string& path);
// Applies BLUECHANNEL_DB, BLUECHANNEL_LISTEN, … (see README) onto cfg.
Status apply_environment(Config& cfg);
// Sets one key from text ("listen", "127.0.0.1:9000"); shared by TOML, environment and flags.
Status set_config_key(Config& cfg, const std::string& key, const std::string& value);
Status validate(const Config& cfg);

}  // namespace bc
