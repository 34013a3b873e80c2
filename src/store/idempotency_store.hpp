// The stored responses of creates under Idempotency-Key, for every module's store (internal to store/).
#pragma once
#include <soci/soci.h>

#include <optional>
#include <string>

#include "core/time.hpp"
#include "domain/org/repository.hpp"
#include "store/database.hpp"

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

// The same two statements prepared once per pooled connection (Database::kept), for the hot
// create paths (work orders): the bound variables live here, at fixed addresses.
struct KeptIdempotency {
  long long actor = 0, at = 0;
  int status = 0;
  std::string key, hash, body, location;
  soci::indicator ind = soci::i_ok;
  soci::statement insert, find;
  explicit KeptIdempotency(soci::session& s)
      : insert((s.prepare << "INSERT INTO idempotency (actor_id, key, request_hash, status, body, location, created_at) "
                             "VALUES (:a, :k, :h, :s, :b, :l, :at)",
                soci::use(actor), soci::use(key), soci::use(hash), soci::use(status), soci::use(body),
                soci::use(location), soci::use(at))),
        find((s.prepare << "SELECT request_hash, status, body, location FROM idempotency WHERE actor_id = :a AND key = :k",
              soci::use(actor), soci::use(key), soci::into(hash, ind), soci::into(status), soci::into(body),
              soci::into(location))) {}
};

inline void save_idempotent(Database& db, soci::session& s, std::int64_t actor, const std::string& key,
                            const org::IdempotentResponse& r, Millis at) {
  auto& k = db.kept<KeptIdempotency>(s);
  k.actor = actor, k.key = key, k.hash = r.request_hash, k.status = r.status, k.body = r.body;
  k.location = r.location, k.at = at;
  Finishing done(db, k.insert);
  k.insert.execute(true);
}

inline std::optional<org::IdempotentResponse> find_idempotent(Database& db, soci::session& s, std::int64_t actor,
                                                              const std::string& key) {
  auto& k = db.kept<KeptIdempotency>(s);
  k.actor = actor, k.key = key;
  Finishing done(db, k.find);
  if (!k.find.execute(true)) return std::nullopt;
  return org::IdempotentResponse{k.hash, k.status, k.body, k.location};
}

}  // namespace bc::store
