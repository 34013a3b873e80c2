#include "api/api.hpp"

#include <boost/url/parse.hpp>
#include <spdlog/spdlog.h>

#include <chrono>

#include "api/metrics.hpp"
#include "api/problem.hpp"
#include "api/routes.hpp"
#include "api/static_files.hpp"
#include "domain/auth/sessions.hpp"

namespace bc {
std::string_view embedded_openapi();
}

namespace bc::api {

std::string_view embedded_openapi_text() { return embedded_openapi(); }

std::string session_token(const Request& req) {
  std::string_view authz = req.header("authorization");
  if (authz.size() > 7 && (authz.substr(0, 7) == "Bearer " || authz.substr(0, 7) == "bearer "))
    return std::string(authz.substr(7));
  std::string_view cookies = req.header("cookie");
  for (std::size_t pos = 0; pos < cookies.size();) {
    while (pos < cookies.size() && (cookies[pos] == ' ' || cookies[pos] == ';')) ++pos;
    auto end = cookies.find(';', pos);
    if (end == std::string_view::npos) end = cookies.size();
    auto kv = cookies.substr(pos, end - pos);
    if (kv.substr(0, 11) == "bc_session=") return std::string(kv.substr(11));
    pos = end;
  }
  return {};
}

struct Api::Impl {
  Services svc;
  ApiOptions opt;
  Router router;
  std::unique_ptr<Metrics> metrics;
  RateLimiter limiter;
  StaticFiles files;

  Impl(Services s, ApiOptions o)
      : svc(std::move(s)), opt(std::move(o)), limiter(opt.rate_limit, opt.rate_burst), files(opt.web_root) {
    add_ops_routes(router, svc, opt, [this] { return metrics->render(svc.extra_metrics ? svc.extra_metrics() : ""); });
    add_auth_routes(router, svc, opt);
    add_org_routes(router, svc, opt);
    add_plant_routes(router, svc, opt);
    add_network_routes(router, svc, opt);
    add_import_routes(router, svc, opt);
    add_order_routes(router, svc, opt);
    add_kpi_routes(router, svc, opt);
    add_revenue_routes(router, svc, opt);
    add_pay_routes(router, svc, opt);
    std::vector<std::string> labels;
    for (const auto& r : router.routes()) labels.push_back(r.method + " " + r.pattern);
    metrics = std::make_unique<Metrics>(std::move(labels));
  }

  Response dispatch(Request& req, std::size_t& route_index) {
    auto url = boost::urls::parse_origin_form(req.target);
    if (!url) return transport_error(400, "Bad request", "The request target is not a valid URL path.");
    Ctx c{req, std::string(url->encoded_path()), {}, {}, {}, false, opt.tz};
    {
      auto decoded = url->path();
      c.path = std::string(decoded.begin(), decoded.end());
    }
    for (auto p : url->params()) c.query.emplace(std::string(p.key), std::string(p.value));
    std::string_view lang = req.header("accept-language");
    c.zh = lang.substr(0, 2) == "zh";

    bool path_known = false;
    std::string allowed;
    const Route* route = router.match(req.method, c.path, c.params, &path_known, &allowed);
    if (!route) {
      if (path_known) {
        route_index = metrics->unmatched_route();
        Response r = transport_error(405, "Method not allowed", "This path accepts " + allowed + ".");
        r.header("Allow", allowed);
        return r;
      }
      if ((req.method == "GET" || req.method == "HEAD") && c.path.rfind("/api/", 0) != 0) {
        if (auto r = files.serve(c.path, req.header("if-none-match"))) {
          route_index = metrics->static_route();
          return std::move(*r);
        }
      }
      route_index = metrics->unmatched_route();
      return transport_error(404, "Not found", "There is no " + req.method + " " + c.path + ".");
    }
    route_index = route->index;
    if (route->needs_auth) {
      const std::string token = session_token(req);
      if (token.empty()) return problem(Error(Errc::unauthenticated, "Sign in first."), c.path);
      auto actor = svc.auth.authenticate(token);
      if (!actor) return problem(actor.error(), c.path);
      c.actor = std::move(actor.value());
    }
    auto res = route->fn(c);
    if (!res) return problem(res.error(), c.path);
    return std::move(res.value());
  }
};

Api::Api(Services services, ApiOptions options) : impl_(std::make_unique<Impl>(std::move(services), std::move(options))) {}
Api::~Api() = default;

Response Api::handle(Request& req) {
  const auto t0 = std::chrono::steady_clock::now();
  std::size_t route_index = impl_->metrics->unmatched_route();
  Response res;
  const bool ops = req.target == "/healthz" || req.target == "/readyz" || req.target == "/metrics";
  const int wait = ops ? 0 : impl_->limiter.take(req.remote, now_ms());
  if (wait > 0) {
    res = transport_error(429, "Too many requests", "Slow down: this client is over its request rate.");
    res.header("Retry-After", std::to_string(wait));
  } else {
    try {
      res = impl_->dispatch(req, route_index);
    } catch (const std::exception& e) {
      spdlog::error("{} {} failed: {}", req.method, req.target, e.what());
      // A database that cannot be reached is an outage (503, retry later), not a bug.
      bool db_up = false;
      try {
        db_up = !impl_->svc.database_ready || impl_->svc.database_ready();
      } catch (...) {
      }
      res = db_up ? problem(Error(Errc::internal, e.what()))
                  : problem(Error(Errc::unavailable, "The database cannot be reached; try again shortly."));
      if (!db_up) res.header("Retry-After", "5");
    }
  }
  if (req.method == "HEAD") res.body.clear();
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  impl_->metrics->observe(route_index, res.status, secs);
  if (impl_->opt.access_log)
    spdlog::info("{} {} {} {:.2f}ms {}", req.method, req.target, res.status, secs * 1000, req.remote);
  return res;
}

std::vector<std::pair<std::string, std::string>> Api::routes() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& r : impl_->router.routes()) out.emplace_back(r.method, r.pattern);
  return out;
}

}  // namespace bc::api
