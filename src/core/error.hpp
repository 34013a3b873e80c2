// Expected failures as values: Error carries a code that is not tied to HTTP,
// a message a person can act on, and per-field reasons for validation.
// api/problem.cpp is the one table that maps Errc to a status. Value types; thread-safe to copy.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace bc {

enum class Errc {
  invalid,                // malformed input (400)
  unauthenticated,        // no or bad credentials (401)
  forbidden,              // role or scope does not allow it (403)
  not_found,              // (404)
  conflict,               // stale version, duplicate code, state clash (409)
  precondition_required,  // If-Match missing on an update (428)
  too_large,              // body over the limit (413)
  unsupported_media,      // body is not in a format we read (415)
  unprocessable,          // well-formed but breaks a business rule (422)
  rate_limited,           // too many requests or sign-in attempts (429)
  unavailable,            // database or dependency down (503)
  internal,               // a bug: logged in full, shown as little as possible (500)
};

struct FieldError {
  std::string field;
  std::string reason;
};

struct Error {
  Errc code = Errc::internal;
  std::string message;
  std::vector<FieldError> fields;
  std::int64_t current_version = 0;  // set on a version conflict
  std::string current_json;          // on a conflict: the object as it is now (JSON), when known
  int retry_after_s = 0;             // set on rate limiting

  Error() = default;
  Error(Errc c, std::string m) : code(c), message(std::move(m)) {}
  Error& field(std::string f, std::string reason) {
    fields.push_back({std::move(f), std::move(reason)});
    return *this;
  }
};

inline Error invalid(std::string field, std::string reason) {
  Error e(Errc::invalid, "The request has invalid fields.");
  e.field(std::move(field), std::move(reason));
  return e;
}
inline Error unprocessable(std::string field, std::string reason) {
  Error e(Errc::unprocessable, reason);
  e.field(std::move(field), std::move(reason));
  return e;
}
inline Error not_found(const std::string& what) { return {Errc::not_found, what + " not found."}; }
inline Error forbidden(std::string why) { return {Errc::forbidden, std::move(why)}; }
inline Error conflict(std::string why) { return {Errc::conflict, std::move(why)}; }
inline Error stale(std::int64_t current_version) {
  Error e(Errc::conflict, "The object was changed by someone else; reload it and try again.");
  e.current_version = current_version;
  return e;
}

// Result<T>: a T or an Error. Deliberately small: ok(), value(), error().
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T v) : v_(std::move(v)) {}          // NOLINT(google-explicit-constructor)
  Result(Error e) : v_(std::move(e)) {}      // NOLINT(google-explicit-constructor)
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() { return value(); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

struct Ok {};
using Status = Result<Ok>;

}  // namespace bc
