// Creates under Idempotency-Key, for every module: a repeated key replays the first response, the
// same key on a different request is refused, and a create that lost a race with its own retry
// answers with the winner's response. The response itself is stored by the create's transaction.
#pragma once
#include <optional>
#include <string>

#include "api/context.hpp"
#include "api/http.hpp"
#include "core/error.hpp"

namespace bc::org { class OrgService; }

namespace bc::api {

struct Idem {
  std::string key, hash;
};

// A repeated Idempotency-Key replays the first response; the same key on a different request is refused.
Result<std::optional<Response>> replay(const Ctx& c, org::OrgService& org, Idem& idem);

// A create that lost a race with its own retry: answer with the winner's response.
Result<Response> after_failed_create(const Ctx& c, org::OrgService& org, const Error& e, Idem& idem);

// `create` parses and creates, storing its 201 in the create's transaction under idem.key (when set).
template <class Create>
Result<Response> idempotent_create(const Ctx& c, org::OrgService& org, Create&& create) {
  Idem idem;
  auto rep = replay(c, org, idem);
  if (!rep) return rep.error();
  if (rep.value()) return std::move(*rep.value());
  Response out;
  if (auto st = create(static_cast<const Idem&>(idem), out); !st) return after_failed_create(c, org, st.error(), idem);
  return out;
}

}  // namespace bc::api
