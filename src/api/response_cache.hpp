// Serialised responses derived from the organisation snapshot, kept while the snapshot version is
// unchanged and until a given instant. Thread-safe (shared lock on reads). Bounded in size.
#pragma once
#include <cstdint>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <unordered_map>

#include "api/http.hpp"
#include "core/time.hpp"

namespace bc::api {

class ResponseCache {
 public:
  std::optional<Response> get(std::int64_t key, std::int64_t version, Millis now) const {
    std::shared_lock lk(mu_);
    auto it = entries_.find(key);
    if (it == entries_.end() || it->second.version != version || now >= it->second.valid_until) return std::nullopt;
    return it->second.response;
  }
  void put(std::int64_t key, std::int64_t version, Millis valid_until, const Response& r) {
    std::unique_lock lk(mu_);
    if (entries_.size() >= kMaxEntries) entries_.clear();
    entries_[key] = Entry{version, valid_until, r};
  }

 private:
  static constexpr std::size_t kMaxEntries = 20000;
  struct Entry {
    std::int64_t version;
    Millis valid_until;
    Response response;
  };
  mutable std::shared_mutex mu_;
  std::unordered_map<std::int64_t, Entry> entries_;
};

}  // namespace bc::api
