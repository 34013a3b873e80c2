#include "api/idempotency.hpp"

#include <boost/json.hpp>

#include "core/crypto.hpp"
#include "domain/org/service.hpp"

namespace bc::api {
namespace json = boost::json;
using org::OrgService;

Result<std::optional<Response>> replay(const Ctx& c, OrgService& org, Idem& idem) {
  std::string_view k = c.req.header("idempotency-key");
  if (k.empty()) return std::optional<Response>{};
  if (k.size() > 200) return invalid("Idempotency-Key", "must be 1 to 200 characters");
  idem.key = std::string(k);
  idem.hash = token_digest(c.req.method + " " + c.path + "\n" + c.req.body);
  auto found = org.find_idempotent(c.who().staff_id, idem.key);
  if (!found) return std::optional<Response>{};
  if (found->request_hash != idem.hash)
    return unprocessable("Idempotency-Key", "was already used for a different request; use a new key");
  Response r;
  r.status = found->status;
  r.body = found->body;
  if (!found->location.empty()) r.header("Location", found->location);
  json::error_code ec;
  auto v = json::parse(found->body, ec);
  if (!ec && v.is_object())
    if (auto* ver = v.as_object().if_contains("version"); ver && ver->is_int64())
      r.header("ETag", "\"" + std::to_string(ver->as_int64()) + "\"");
  r.header("Idempotent-Replayed", "true");
  return std::optional<Response>{std::move(r)};
}

Result<Response> after_failed_create(const Ctx& c, OrgService& org, const Error& e, Idem& idem) {
  if (e.code == Errc::conflict && !idem.key.empty()) {
    auto r = replay(c, org, idem);
    if (r && r.value()) return std::move(*r.value());
  }
  return e;
}

}  // namespace bc::api
