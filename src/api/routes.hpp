// Route registration, one function per module; internal to api/.
#pragma once
#include <functional>
#include <string>

#include "api/api.hpp"
#include "api/router.hpp"

namespace bc::api {

void add_ops_routes(Router& r, Services& s, const ApiOptions& o, std::function<std::string()> metrics_text);
void add_auth_routes(Router& r, Services& s, const ApiOptions& o);
void add_org_routes(Router& r, Services& s, const ApiOptions& o);
void add_plant_routes(Router& r, Services& s, const ApiOptions& o);
void add_import_routes(Router& r, Services& s, const ApiOptions& o);
void add_order_routes(Router& r, Services& s, const ApiOptions& o);

// For creates: replays a stored response for a repeated Idempotency-Key, or runs `create`
// with a hook that stores the response inside the same transaction.
using StoreResponse = std::function<void(int status, const std::string& body, const std::string& location)>;

}  // namespace bc::api
