// The one table from Errc to HTTP status, and RFC 9457 problem-details bodies.
#pragma once
#include "api/http.hpp"
#include "core/error.hpp"

namespace bc::api {

int http_status(Errc code);
// application/problem+json with title, status, detail, and "errors": [{field, reason}].
Response problem(const Error& e, std::string_view instance = {});

}  // namespace bc::api
