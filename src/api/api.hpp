// The HTTP API and console host as one handler: routing, authentication, rate limiting,
// metrics, problem details, static files. Built once by app/ and then shared by all I/O
// threads; handle() is thread-safe.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "api/http.hpp"
#include "core/time.hpp"

namespace bc::org { class OrgService; }
namespace bc::auth { class AuthService; }
namespace bc::audit { class Repository; }
namespace bc::plant { class PlantService; class NetworkService; }
namespace bc::imports { class Repository; }
namespace bc::orders { class OrderService; }
namespace bc::kpi { class KpiService; }
namespace bc::revenue { class RevenueService; }
namespace bc::pay { class PayService; }

namespace bc::api {

struct Services {
  org::OrgService& org;
  auth::AuthService& auth;
  audit::Repository& audit;
  plant::PlantService& plant;
  plant::NetworkService& network;  // cables, poles, drop lines
  imports::Repository& imports;
  orders::OrderService& orders;
  kpi::KpiService& kpi;            // dashboards from the rollups
  revenue::RevenueService& revenue;
  pay::PayService& pay;  // piece-rate pay runs and rates
  std::function<bool()> database_ready;          // for /readyz
  std::function<std::string()> extra_metrics;    // database pool and the like, Prometheus text
};

struct ApiOptions {
  TimeZone tz;
  std::string web_root;   // built console; empty: none
  int rate_limit = 2000;  // per client per second; 0: off
  int rate_burst = 4000;
  bool access_log = false;
  bool cookie_secure = false;
  int session_max_hours = 7 * 24;
};

class Api {
 public:
  Api(Services services, ApiOptions options);
  ~Api();
  Api(const Api&) = delete;
  Api& operator=(const Api&) = delete;

  Response handle(Request& req);
  // Every registered route as (method, path template); the OpenAPI test checks these.
  std::vector<std::pair<std::string, std::string>> routes() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

std::string_view embedded_openapi_text();

}  // namespace bc::api
