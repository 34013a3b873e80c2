#include "api/problem.hpp"

#include <boost/json.hpp>

namespace bc::api {
namespace json = boost::json;

int http_status(Errc code) {
  switch (code) {
    case Errc::invalid: return 400;
    case Errc::unauthenticated: return 401;
    case Errc::forbidden: return 403;
    case Errc::not_found: return 404;
    case Errc::conflict: return 409;
    case Errc::too_large: return 413;
    case Errc::unsupported_media: return 415;
    case Errc::unprocessable: return 422;
    case Errc::precondition_required: return 428;
    case Errc::rate_limited: return 429;
    case Errc::unavailable: return 503;
    case Errc::internal: return 500;
  }
  return 500;
}

namespace {
const char* title_of(int status) {
  switch (status) {
    case 400: return "Bad request";
    case 401: return "Not signed in";
    case 403: return "Forbidden";
    case 404: return "Not found";
    case 405: return "Method not allowed";
    case 409: return "Conflict";
    case 413: return "Request body too large";
    case 415: return "Unsupported media type";
    case 422: return "Business rule violated";
    case 428: return "Precondition required";
    case 429: return "Too many requests";
    case 431: return "Request headers too large";
    case 503: return "Service unavailable";
    default: return "Internal error";
  }
}
}  // namespace

Response problem(const Error& e, std::string_view instance) {
  const int status = http_status(e.code);
  json::object o;
  o["type"] = "about:blank";
  o["title"] = title_of(status);
  o["status"] = status;
  o["detail"] = e.code == Errc::internal ? "The server failed; the error was logged." : e.message;
  if (!instance.empty()) o["instance"] = instance;
  if (!e.fields.empty()) {
    json::array errs;
    for (const auto& f : e.fields) errs.push_back(json::object{{"field", f.field}, {"reason", f.reason}});
    o["errors"] = std::move(errs);
  }
  if (e.current_version > 0) o["currentVersion"] = e.current_version;
  if (!e.current_json.empty()) {
    json::error_code ec;
    auto cur = json::parse(e.current_json, ec);
    if (!ec) o["current"] = std::move(cur);
  }
  Response r;
  r.status = status;
  r.content_type = "application/problem+json";
  if (e.current_version > 0) r.header("ETag", "\"" + std::to_string(e.current_version) + "\"");
  if (e.retry_after_s > 0) r.header("Retry-After", std::to_string(e.retry_after_s));
  r.body = json::serialize(o);
  return r;
}

Response transport_error(int status, std::string_view title, std::string_view detail) {
  json::object o{{"type", "about:blank"}, {"title", title}, {"status", status}, {"detail", detail}};
  Response r;
  r.status = status;
  r.content_type = "application/problem+json";
  r.body = json::serialize(o);
  return r;
}

}  // namespace bc::api
