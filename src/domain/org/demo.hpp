// The deterministic demo organisation: the Changsha figures of DOMAIN.md (city size) or 14
// local networks sized to 10 million subscribers (province size). Pure: same size, same output.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "domain/org/model.hpp"

namespace bc::org {

enum class DemoSize { city, province };

struct DemoUnit {
  UnitKind kind;
  std::string code, name, parent_code;
  std::string responsible, backup;  // usernames, areas only
};
struct DemoStaff {
  std::string username, name;
  Role role;
  std::string unit_code, phone;
};
struct DemoAbsence {
  std::string username;
  int starts_in_days, ends_in_days;  // relative to today's midnight in the display zone
  AbsenceReason reason;
  std::string note;
};
struct DemoOrg {
  std::vector<DemoUnit> units;  // parents before children
  std::vector<DemoStaff> staff;
  std::vector<DemoAbsence> absences;
};

DemoOrg demo_org(DemoSize size);

// A deterministic Chinese personal name for a seed (the same lists the organisation demo uses).
std::string demo_person_name(std::uint64_t seed);
// A street name from the demo's list, by index.
std::string demo_street(std::size_t i);

}  // namespace bc::org
