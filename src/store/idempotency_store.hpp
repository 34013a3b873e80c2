// The stored responses of creates under Idempotency-Key, for every module's store (internal to store/).
#pragma once
#include <soci/soci.h>

#include <optional>
#include <string>

#include "core/time.hpp"
#include "domain/org/repository.hpp"

namespace bc::store {

// Inside the create's own transaction.
inline void save_idempotent(soci::session& s, std::int64_t actor, const std::string& key,
                            const org::IdempotentResponse& r, Millis at) {
  long long a = actor, t = at;
  int status = r.status;
  s << "INSERT INTO idempotency (actor_id, key, request_hash, status, body, location, created_at) "
       "VALUES (:a, :k, :h, :s, :b, :l, :at)",
      soci::use(a), soci::use(key), soci::use(r.request_hash), soci::use(status), soci::use(r.body),
      soci::use(r.location), soci::use(t);
}

inline std::optional<org::IdempotentResponse> find_idempotent(soci::session& s, std::int64_t actor,
                                                              const std::string& key) {
  org::IdempotentResponse r;
  long long a = actor;
  soci::indicator ind;
  s << "SELECT request_hash, status, body, location FROM idempotency WHERE actor_id = :a AND key = :k",
      soci::use(a), soci::use(key), soci::into(r.request_hash, ind), soci::into(r.status), soci::into(r.body),
      soci::into(r.location);
  if (!s.got_data()) return std::nullopt;
  return r;
}

}  // namespace bc::store
