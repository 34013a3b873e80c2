// What a route handler gets: the request, its path parameters and query, the signed-in actor,
// the caller's language; plus helpers that turn bad input into field-level errors.
// One Ctx per request; not shared between threads.
#pragma once
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "api/http.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "domain/auth/access.hpp"

namespace bc::api {

struct Ctx {
  Request& req;
  std::string path;
  std::map<std::string, std::string> params;  // from {name} in the route
  std::multimap<std::string, std::string> query;
  std::optional<auth::Actor> actor;
  bool zh = false;
  TimeZone tz;

  const auth::Actor& who() const { return *actor; }
  std::optional<std::string> q(const std::string& name) const;
  Result<std::int64_t> id_param(const std::string& name = "id") const;
  Result<std::optional<std::int64_t>> q_id(const std::string& name) const;
  Result<std::optional<bool>> q_bool(const std::string& name) const;
  Result<std::optional<Millis>> q_time(const std::string& name) const;
  // 428 when missing, 400 when malformed; allow_zero: "0" stands for "not created yet" (settings).
  Result<std::int64_t> if_match(bool allow_zero = false) const;
  std::string iso(Millis t) const { return format_iso8601(t, tz); }
  boost::json::value iso_or_null(Millis t) const;
};

// The session or API token a request carries (Authorization: Bearer, or the session cookie).
std::string session_token(const Request& req);

// Parses the body as a JSON object: 415 when not JSON, 400 when malformed.
Result<boost::json::object> json_body(const Ctx& c, bool allow_empty = false);

// Reads typed fields from a JSON object, collecting one reason per bad field.
class Fields {
 public:
  explicit Fields(const boost::json::object& o) : o_(o) {}
  std::optional<std::string> str(const char* name, bool required = false);
  std::optional<std::int64_t> id(const char* name, bool required = false);
  std::optional<bool> boolean(const char* name);
  std::optional<Millis> time(const char* name, const TimeZone& tz, bool required = false);
  // Rejects keys not in `known`, so a typo is an error rather than silently ignored.
  void only(std::initializer_list<const char*> known);
  bool ok() const { return err_.fields.empty(); }
  Error error() const { return err_; }
  void fail(std::string field, std::string reason) { err_.field(std::move(field), std::move(reason)); }

 private:
  const boost::json::object& o_;
  Error err_{Errc::invalid, "The request has invalid fields."};
};

// Lists: offset/limit/sort/fields over JSON objects, with X-Total-Count and X-Result-Count.
Response list_response(const Ctx& c, std::vector<boost::json::object> items,
                       std::initializer_list<const char*> sortable, const char* default_sort = "id");

// Overloads, so an object or array is serialised where it is, never copied into a json::value.
Response json_response(int status, const boost::json::value& v);
Response json_response(int status, const boost::json::object& o);
Response json_response(int status, const boost::json::array& a);
// An object with its ETag taken from its "version".
Response object_response(int status, const boost::json::object& o);
Response no_content();

}  // namespace bc::api
