// JSON shapes of the organisation's objects (docs/api.md): Unit, AreaDetail, Staff, StaffBrief,
// Absence, AuditEntry. Pure functions of a snapshot and a Ctx (for the time zone and language).
#pragma once
#include <boost/json/object.hpp>

#include "api/context.hpp"
#include "domain/audit/audit.hpp"
#include "domain/org/model.hpp"

namespace bc::api {

boost::json::object unit_json(const Ctx& c, const org::OrgSnapshot& s, const org::Unit& u);
boost::json::object area_detail_json(const Ctx& c, const org::OrgSnapshot& s, const org::Unit& u, Millis now);
boost::json::value staff_brief_json(const Ctx& c, const org::OrgSnapshot& s, org::Id id, Millis now);
boost::json::object staff_json(const Ctx& c, const org::OrgSnapshot& s, const org::Staff& m, Millis now);
boost::json::object absence_json(const Ctx& c, const org::OrgSnapshot& s, const org::Absence& a);
boost::json::object audit_json(const Ctx& c, const audit::Entry& e);

}  // namespace bc::api
