#include "api/org_json.hpp"

#include <boost/json.hpp>

namespace bc::api {
namespace json = boost::json;
using namespace bc::org;

json::object unit_json(const Ctx& c, const OrgSnapshot& s, const Unit& u) {
  json::array path;
  for (Id a : s.ancestors(u.id)) {
    const Unit* p = s.unit(a);
    path.push_back(json::object{{"id", p->id}, {"code", p->code}, {"name", p->name}, {"kind", to_string(p->kind)}});
  }
  std::int64_t kids = 0;
  for (Id k : s.children(u.id)) kids += s.unit(k)->active ? 1 : 0;
  json::object o{{"id", u.id},
                 {"code", u.code},
                 {"kind", to_string(u.kind)},
                 {"name", u.name},
                 {"parentId", u.parent_id ? json::value(u.parent_id) : json::value(nullptr)},
                 {"status", u.active ? "active" : "retired"},
                 {"path", std::move(path)},
                 {"childCount", kids},
                 {"version", u.version},
                 {"createdAt", c.iso(u.created_at)},
                 {"updatedAt", c.iso(u.updated_at)},
                 {"retiredAt", c.iso_or_null(u.retired_at)}};
  if (u.kind == UnitKind::area) {
    o["responsibleId"] = u.responsible_id ? json::value(u.responsible_id) : json::value(nullptr);
    o["backupId"] = u.backup_id ? json::value(u.backup_id) : json::value(nullptr);
    o["rural"] = u.rural;
  }
  return o;
}

json::value staff_brief_json(const Ctx& c, const OrgSnapshot& s, Id id, Millis now) {
  const Staff* m = s.staff(id);
  if (!m) return nullptr;
  const Absence* away = s.absence_at(id, now);
  return json::object{{"id", m->id},       {"username", m->username}, {"name", m->name},
                      {"phone", m->phone}, {"role", to_string(m->role)},
                      {"absentUntil", away ? c.iso_or_null(away->ends_at) : json::value(nullptr)}};
}

json::object area_detail_json(const Ctx& c, const OrgSnapshot& s, const Unit& u, Millis now) {
  json::object o = unit_json(c, s, u);
  o["responsible"] = staff_brief_json(c, s, u.responsible_id, now);
  o["backup"] = staff_brief_json(c, s, u.backup_id, now);
  const Cover cv = cover_of(s, u, now);
  o["cover"] = json::object{
      {"staffId", cv.staff_id ? json::value(cv.staff_id) : json::value(nullptr)},
      {"staff", cv.staff_id ? staff_brief_json(c, s, cv.staff_id, now) : json::value(nullptr)},
      {"reason", to_string(cv.reason)},
      {"until", c.iso_or_null(cv.until)},
      {"explanation", explain(s, u, cv, c.tz, c.zh)}};
  return o;
}

json::object staff_json(const Ctx& c, const OrgSnapshot& s, const Staff& m, Millis now) {
  json::array resp, backup;
  for (Id a : s.responsible_for(m.id)) resp.push_back(a);
  for (Id a : s.backup_for(m.id)) backup.push_back(a);
  const Unit* unit = s.unit(m.unit_id);
  const Absence* away = s.absence_at(m.id, now);
  return json::object{{"id", m.id},
                      {"username", m.username},
                      {"name", m.name},
                      {"role", to_string(m.role)},
                      {"unitId", m.unit_id},
                      {"unitName", unit ? unit->name : ""},
                      {"phone", m.phone},
                      {"email", m.email},
                      {"status", m.active ? "active" : "retired"},
                      {"allowMultiCommunity", m.allow_multi_community},
                      {"responsibleFor", std::move(resp)},
                      {"backupFor", std::move(backup)},
                      {"absentUntil", away ? c.iso_or_null(away->ends_at) : json::value(nullptr)},
                      {"locked", m.locked_until > now},
                      {"mustChangePassword", m.must_change_password},
                      {"version", m.version},
                      {"createdAt", c.iso(m.created_at)},
                      {"updatedAt", c.iso(m.updated_at)},
                      {"retiredAt", c.iso_or_null(m.retired_at)}};
}

json::object absence_json(const Ctx& c, const OrgSnapshot& s, const Absence& a) {
  const Staff* m = s.staff(a.staff_id);
  return json::object{{"id", a.id},
                      {"staffId", a.staff_id},
                      {"staffName", m ? m->name : ""},
                      {"startsAt", c.iso(a.starts_at)},
                      {"endsAt", c.iso(a.ends_at)},
                      {"reason", to_string(a.reason)},
                      {"note", a.note},
                      {"status", a.cancelled ? "cancelled" : "active"},
                      {"createdBy", a.created_by},
                      {"createdAt", c.iso(a.created_at)},
                      {"version", a.version}};
}

json::object audit_json(const Ctx& c, const audit::Entry& e) {
  auto parse = [](const std::string& s) -> json::value {
    if (s.empty()) return nullptr;
    json::error_code ec;
    auto v = json::parse(s, ec);
    return ec ? json::value(s) : v;
  };
  return json::object{{"id", e.id},
                      {"at", c.iso(e.at)},
                      {"actorId", e.actor_id ? json::value(e.actor_id) : json::value(nullptr)},
                      {"actorName", e.actor_name},
                      {"action", e.action},
                      {"objectType", e.object_type},
                      {"objectId", e.object_id},
                      {"objectCode", e.object_code},
                      {"before", parse(e.before_json)},
                      {"after", parse(e.after_json)}};
}

}  // namespace bc::api
