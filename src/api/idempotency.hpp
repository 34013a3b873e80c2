// Creates under Idempotency-Key, for every module: a repeated key replays the first response, the
// same key on a different request is refused, the 201 is stored in the create's own transaction,
// and a create that lost a race with its own retry answers with the winner's response.
// Internal to api/.
#pragma once
#include <boost/json/object.hpp>

#include <functional>
#include <optional>
#include <string>

#include "api/context.hpp"
#include "domain/org/repository.hpp"

namespace bc::api {

struct Idem {
  std::string key, hash;
};

// Looks up a stored response by (actor, key).
using FindIdempotent = std::function<std::optional<org::IdempotentResponse>(std::int64_t, const std::string&)>;

Result<std::optional<Response>> replay(const Ctx& c, const FindIdempotent& find, Idem& idem);
Result<Response> after_failed_create(const Ctx& c, const FindIdempotent& find, const Error& e, Idem& idem);

// Builds the 201 with its Location into `out`; returns what to store under the key (nothing
// when the request carried no key). Call inside the create's transaction and save the result.
std::optional<org::IdempotentResponse> created_response(const Idem& idem, Response& out,
                                                        const boost::json::object& body, const std::string& location);

// `create(idem, out)` parses and creates, storing its 201 via created_response in the transaction.
template <class Create>
Result<Response> idempotent_create(const Ctx& c, const FindIdempotent& find, Create&& create) {
  Idem idem;
  auto rep = replay(c, find, idem);
  if (!rep) return rep.error();
  if (rep.value()) return std::move(*rep.value());
  Response out;
  if (auto st = create(static_cast<const Idem&>(idem), out); !st) return after_failed_create(c, find, st.error(), idem);
  return out;
}

}  // namespace bc::api
