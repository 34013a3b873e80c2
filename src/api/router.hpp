// Method + path-template routing ("/api/v1/units/{id}"). Built once at start, then read-only.
#pragma once
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "api/context.hpp"

namespace bc::api {

using RouteFn = std::function<Result<Response>(Ctx&)>;

struct Route {
  std::string method, pattern;
  std::vector<std::string> segments;
  bool needs_auth = true;
  RouteFn fn;
  std::size_t index = 0;  // for per-route metrics
};

class Router {
 public:
  void add(std::string method, std::string pattern, RouteFn fn, bool needs_auth = true);
  // The route for method+path; nullptr with *path_known set when only the method is wrong.
  const Route* match(std::string_view method, std::string_view path, std::map<std::string, std::string>& params,
                     bool* path_known, std::string* allowed) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

std::vector<std::string> split_path(std::string_view path);

}  // namespace bc::api
