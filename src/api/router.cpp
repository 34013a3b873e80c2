#include "api/router.hpp"

namespace bc::api {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') { ++i; continue; }
    auto j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    out.emplace_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

void Router::add(std::string method, std::string pattern, RouteFn fn, bool needs_auth) {
  Route r;
  r.segments = split_path(pattern);
  r.method = std::move(method);
  r.pattern = std::move(pattern);
  r.fn = std::move(fn);
  r.needs_auth = needs_auth;
  r.index = routes_.size();
  routes_.push_back(std::move(r));
}

const Route* Router::match(std::string_view method, std::string_view path,
                           std::map<std::string, std::string>& params, bool* path_known, std::string* allowed) const {
  const auto segs = split_path(path);
  *path_known = false;
  for (const auto& r : routes_) {
    if (r.segments.size() != segs.size()) continue;
    bool ok = true;
    for (std::size_t i = 0; i < segs.size() && ok; ++i) {
      const auto& p = r.segments[i];
      if (p.size() > 2 && p.front() == '{' && p.back() == '}') continue;
      ok = p == segs[i];
    }
    if (!ok) continue;
    // Literal routes win over templated ones ("/units/tree" over "/units/{id}").
    if (r.method != method) {
      *path_known = true;
      if (!allowed->empty()) *allowed += ", ";
      *allowed += r.method;
      continue;
    }
    params.clear();
    for (std::size_t i = 0; i < segs.size(); ++i) {
      const auto& p = r.segments[i];
      if (p.size() > 2 && p.front() == '{' && p.back() == '}') params[p.substr(1, p.size() - 2)] = segs[i];
    }
    return &r;
  }
  return nullptr;
}

}  // namespace bc::api
