// The append-only audit log, read side. Entries are written by the store inside the same
// transaction as the change they record (see org::OrgWriter::audit).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"

namespace bc::audit {

struct Entry {
  std::int64_t id = 0;
  Millis at = 0;
  std::int64_t actor_id = 0;
  std::string actor_name, action, object_type;
  std::int64_t object_id = 0;
  std::string object_code;
  std::int64_t scope_unit_id = 0;
  std::string before_json, after_json;
};

struct Query {
  std::optional<std::string> object_type, action;
  std::optional<std::int64_t> object_id, actor_id;
  std::optional<Millis> from, to;  // [from, to)
  // Entries whose scope unit is one of these; nullopt: everything (administrators).
  std::optional<std::vector<std::int64_t>> scope_units;
  int offset = 0, limit = 50;
  bool oldest_first = false;
};

struct Page {
  std::vector<Entry> entries;  // newest first
  std::int64_t total = 0;
};

class Repository {
 public:
  virtual ~Repository() = default;
  virtual Page query(const Query& q) = 0;
};

}  // namespace bc::audit
