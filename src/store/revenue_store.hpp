// The SQL implementation of revenue::Repository (rollups and targets). Thread-safe: each call
// leases its own connection.
#pragma once
#include <memory>

#include "domain/revenue/repository.hpp"
#include "store/database.hpp"

namespace bc::store {

std::unique_ptr<revenue::Repository> make_revenue_repository(Database& db);

}  // namespace bc::store
