// Serves the built console (web/dist): files cached in memory after first read, index.html for
// client-side routes. Thread-safe.
#pragma once
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "api/http.hpp"

namespace bc::api {

class StaticFiles {
 public:
  explicit StaticFiles(std::string root) : root_(std::move(root)) {}
  // nullopt when the path is not the console's (so the caller answers 404 as problem+json).
  std::optional<Response> serve(const std::string& path, std::string_view if_none_match);

 private:
  struct File {
    std::string body, type, etag;
  };
  const File* load(const std::string& rel);
  std::string root_;
  std::mutex mu_;
  std::unordered_map<std::string, File> cache_;
};

}  // namespace bc::api
