// Writes the demo organisation into an empty database in one transaction.
#pragma once
#include <string>

#include "domain/org/demo.hpp"
#include "domain/org/repository.hpp"

namespace bc::app {

struct DemoCounts {
  int units = 0, areas = 0, staff = 0, absences = 0;
};
// Fails (nothing written) when the database already holds an organisation.
Result<DemoCounts> load_demo(org::OrgRepository& repo, org::DemoSize size, const std::string& admin_password_hash,
                             const TimeZone& tz);

}  // namespace bc::app
