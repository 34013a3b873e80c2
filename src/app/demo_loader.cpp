#include "app/demo_loader.hpp"

#include <unordered_map>

#include "domain/auth/access.hpp"

namespace bc::app {
using namespace bc::org;

Result<DemoCounts> load_demo(OrgRepository& repo, DemoSize size, const std::string& admin_hash, const TimeZone& tz) {
  const DemoOrg demo = demo_org(size);
  auth::Actor system;
  system.name = "demo";
  DemoCounts counts;
  auto res = repo.write(nullptr, system, [&](OrgWriter& w) -> Status {
    if (!w.snapshot().units().empty())
      return Error(Errc::conflict, "The database already holds an organisation; use a new database file for the demo.");
    auto& s = w.snapshot();
    const Millis now = w.now();
    std::unordered_map<std::string, Id> unit_ids, staff_ids;
    auto insert_unit = [&](const DemoUnit& d) {
      Unit u;
      u.kind = d.kind;
      u.code = d.code;
      u.name = d.name;
      u.parent_id = d.parent_code.empty() ? 0 : unit_ids.at(d.parent_code);
      if (d.kind == UnitKind::area) {
        u.responsible_id = staff_ids.at(d.responsible);
        u.backup_id = staff_ids.at(d.backup);
        ++counts.areas;
      }
      u.created_at = u.updated_at = now;
      w.insert_unit(u);
      unit_ids[d.code] = u.id;
      ++counts.units;
    };
    s.defer_index = true;
    // Units above areas first, then the people, then the areas that name their managers.
    for (const auto& d : demo.units)
      if (d.kind != UnitKind::area) insert_unit(d);
    for (const auto& d : demo.staff) {
      Staff m;
      m.username = d.username;
      m.name = d.name;
      m.role = d.role;
      m.unit_id = unit_ids.at(d.unit_code);
      m.phone = d.phone;
      m.created_at = m.updated_at = now;
      w.insert_staff(m, d.username == "admin" ? admin_hash : "");
      staff_ids[d.username] = m.id;
      ++counts.staff;
    }
    for (const auto& d : demo.units)
      if (d.kind == UnitKind::area) insert_unit(d);
    // Absences around today's midnight in the display zone.
    const Millis day = 86400000, offset = tz.offset_minutes * 60000LL;
    const Millis midnight = (now + offset) / day * day - offset;
    for (const auto& d : demo.absences) {
      auto it = staff_ids.find(d.username);
      if (it == staff_ids.end()) continue;
      Absence a;
      a.staff_id = it->second;
      a.starts_at = midnight + d.starts_in_days * day;
      a.ends_at = midnight + d.ends_in_days * day;
      a.reason = d.reason;
      a.note = d.note;
      a.created_by = staff_ids.at("admin");
      a.created_at = now;
      w.insert_absence(a);
      ++counts.absences;
    }
    s.defer_index = false;
    s.reindex();
    w.audit({"demo.create", "unit", unit_ids.at("HN"), "HN", unit_ids.at("HN"), "",
             R"({"units":)" + std::to_string(counts.units) + R"(,"staff":)" + std::to_string(counts.staff) + "}"});
    return Ok{};
  });
  if (!res) return res.error();
  return counts;
}

}  // namespace bc::app
