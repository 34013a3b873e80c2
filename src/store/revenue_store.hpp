// The SQL implementation of revenue::Repository (rollups and targets). Thread-safe: each call
// leases its own connection.
#pragma once
#include <memory>

#include "domain/revenue/demo.hpp"
#include "domain/revenue/repository.hpp"
#include "store/database.hpp"

namespace bc::store {
using revenue::Id;

std::unique_ptr<revenue::Repository> make_revenue_repository(Database& db);

// Demo data (docs/revenue.md): bills of every active service of local network `network_id` for each
// month (revenue::demo_usage_percent of its monthly fee, from its start month), its area and its
// seller as the billing import would set them, and the rollups — in one transaction, into an empty
// revenue table. Returns the rows written.
std::int64_t load_demo_billing(Database& db, Id network_id, const std::vector<revenue::DemoMonth>& months);
// Targets written as version 1 with their version history (no audit entry each: the demo is one).
void load_demo_targets(Database& db, const std::vector<revenue::Target>& targets);

}  // namespace bc::store
