// Factories for the SQL implementations of the domain's repository interfaces, so callers
// outside store/ never see SOCI. Each repository is thread-safe (it leases connections).
#pragma once
#include <memory>

#include "domain/audit/audit.hpp"
#include "domain/auth/sessions.hpp"
#include "domain/orders/repository.hpp"
#include "domain/org/repository.hpp"
#include "store/database.hpp"

namespace bc::store {

std::unique_ptr<org::OrgRepository> make_org_repository(Database& db);
std::unique_ptr<auth::SessionRepository> make_session_repository(Database& db);
std::unique_ptr<audit::Repository> make_audit_repository(Database& db);
std::unique_ptr<orders::OrderRepository> make_order_repository(Database& db);

}  // namespace bc::store
