// Route registration, one function per module; internal to api/.
#pragma once
#include <functional>
#include <string>

#include "api/api.hpp"
#include "api/router.hpp"

namespace bc::plant { enum class NetworkKind; }

namespace bc::api {

void add_ops_routes(Router& r, Services& s, const ApiOptions& o, std::function<std::string()> metrics_text);
void add_auth_routes(Router& r, Services& s, const ApiOptions& o);
void add_org_routes(Router& r, Services& s, const ApiOptions& o);
void add_plant_routes(Router& r, Services& s, const ApiOptions& o);
void add_network_routes(Router& r, Services& s, const ApiOptions& o);
void add_import_routes(Router& r, Services& s, const ApiOptions& o);
void add_order_routes(Router& r, Services& s, const ApiOptions& o);
void add_kpi_routes(Router& r, Services& s, const ApiOptions& o);
void add_revenue_routes(Router& r, Services& s, const ApiOptions& o);
void add_pay_routes(Router& r, Services& s, const ApiOptions& o);
// CSV of cables, poles and drop lines, for /imports/{kind} and /exports/{kind} (network_routes.cpp).
Result<Response> import_network_csv(Ctx& c, Services& sv, plant::NetworkKind kind, const TimeZone& tz);
Result<Response> export_network_csv(Ctx& c, Services& sv, plant::NetworkKind kind, const TimeZone& tz);

// For creates: replays a stored response for a repeated Idempotency-Key, or runs `create`
// with a hook that stores the response inside the same transaction.
using StoreResponse = std::function<void(int status, const std::string& body, const std::string& location)>;

}  // namespace bc::api
