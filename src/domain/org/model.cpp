#include "domain/org/model.hpp"

#include <algorithm>

namespace bc::org {
namespace {
const std::vector<Id> kNone;
}

const Unit* OrgSnapshot::unit(Id id) const {
  auto it = unit_at_.find(id);
  return it == unit_at_.end() ? nullptr : &units_[it->second];
}
const Unit* OrgSnapshot::unit_by_code(const std::string& code) const {
  auto it = unit_code_at_.find(code);
  return it == unit_code_at_.end() ? nullptr : &units_[it->second];
}
const Staff* OrgSnapshot::staff(Id id) const {
  auto it = staff_at_.find(id);
  return it == staff_at_.end() ? nullptr : &staff_[it->second];
}
const Staff* OrgSnapshot::staff_by_username(const std::string& username) const {
  auto it = username_at_.find(username);
  return it == username_at_.end() ? nullptr : &staff_[it->second];
}
const Absence* OrgSnapshot::absence(Id id) const {
  auto it = absence_at_.find(id);
  return it == absence_at_.end() ? nullptr : &absences_[it->second];
}
const std::vector<Id>& OrgSnapshot::children(Id id) const {
  auto it = children_.find(id);
  return it == children_.end() ? kNone : it->second;
}

std::vector<Id> OrgSnapshot::ancestors(Id id) const {
  std::vector<Id> out;
  const Unit* u = unit(id);
  for (int guard = 0; u && u->parent_id && guard < 64; ++guard) {
    out.push_back(u->parent_id);
    u = unit(u->parent_id);
  }
  std::reverse(out.begin(), out.end());
  return out;
}

bool OrgSnapshot::in_subtree(Id id, Id root) const {
  for (int guard = 0; id && guard < 64; ++guard) {
    if (id == root) return true;
    const Unit* u = unit(id);
    if (!u) return false;
    id = u->parent_id;
  }
  return false;
}

Id OrgSnapshot::enclosing(Id id, UnitKind kind) const {
  for (int guard = 0; id && guard < 64; ++guard) {
    const Unit* u = unit(id);
    if (!u) return 0;
    if (u->kind == kind) return u->id;
    id = u->parent_id;
  }
  return 0;
}

Id OrgSnapshot::root() const {
  for (const auto& u : units_)
    if (u.parent_id == 0 && u.kind == UnitKind::province) return u.id;
  return 0;
}

std::vector<Id> OrgSnapshot::responsible_for(Id staff_id) const {
  std::vector<Id> out;
  for (const auto& u : units_)
    if (u.active && u.kind == UnitKind::area && u.responsible_id == staff_id) out.push_back(u.id);
  return out;
}
std::vector<Id> OrgSnapshot::backup_for(Id staff_id) const {
  std::vector<Id> out;
  for (const auto& u : units_)
    if (u.active && u.kind == UnitKind::area && u.backup_id == staff_id) out.push_back(u.id);
  return out;
}

const Absence* OrgSnapshot::absence_at(Id staff_id, Millis at) const {
  auto it = absences_of_.find(staff_id);
  if (it == absences_of_.end()) return nullptr;
  const Absence* found = nullptr;
  for (Id aid : it->second) {
    const Absence* a = absence(aid);
    if (a && !a->cancelled && a->starts_at <= at && at < a->ends_at) found = a;
  }
  if (!found) return nullptr;
  // Chain absences that follow on without a gap, so "until" is the real return.
  for (bool extended = true; extended;) {
    extended = false;
    for (Id aid : it->second) {
      const Absence* a = absence(aid);
      if (a && !a->cancelled && a->starts_at <= found->ends_at && a->ends_at > found->ends_at) {
        found = a;
        extended = true;
      }
    }
  }
  return found;
}

void OrgSnapshot::put_unit(Unit u) {
  auto it = unit_at_.find(u.id);
  if (it != unit_at_.end()) {
    Unit& old = units_[it->second];
    if (old.parent_id != u.parent_id || old.code != u.code) {
      old = std::move(u);
      if (!defer_index) reindex();
      return;
    }
    old = std::move(u);
    return;
  }
  units_.push_back(std::move(u));
  if (!defer_index) reindex();
}

void OrgSnapshot::put_staff(Staff s) {
  auto it = staff_at_.find(s.id);
  if (it != staff_at_.end()) {
    const bool rename = staff_[it->second].username != s.username;
    staff_[it->second] = std::move(s);
    if (rename && !defer_index) reindex();
    return;
  }
  staff_.push_back(std::move(s));
  if (!defer_index) reindex();
}

void OrgSnapshot::put_absence(Absence a) {
  auto it = absence_at_.find(a.id);
  if (it != absence_at_.end()) {
    absences_[it->second] = std::move(a);
    return;
  }
  absences_.push_back(std::move(a));
  if (!defer_index) reindex();
}

void OrgSnapshot::reindex() {
  unit_at_.clear();
  unit_code_at_.clear();
  children_.clear();
  staff_at_.clear();
  username_at_.clear();
  absence_at_.clear();
  absences_of_.clear();
  for (std::size_t i = 0; i < units_.size(); ++i) {
    unit_at_[units_[i].id] = i;
    unit_code_at_[units_[i].code] = i;
  }
  for (const auto& u : units_)
    if (u.parent_id) children_[u.parent_id].push_back(u.id);
  for (auto& [_, kids] : children_)
    std::sort(kids.begin(), kids.end(), [this](Id a, Id b) { return unit(a)->code < unit(b)->code; });
  for (std::size_t i = 0; i < staff_.size(); ++i) {
    staff_at_[staff_[i].id] = i;
    username_at_[staff_[i].username] = i;
  }
  for (std::size_t i = 0; i < absences_.size(); ++i) {
    absence_at_[absences_[i].id] = i;
    absences_of_[absences_[i].staff_id].push_back(absences_[i].id);
  }
}

std::string_view to_string(CoverReason r) {
  switch (r) {
    case CoverReason::responsible: return "responsible";
    case CoverReason::backup: return "backup";
    case CoverReason::uncovered: return "uncovered";
  }
  return "uncovered";
}

Cover cover_of(const OrgSnapshot& s, const Unit& area, Millis now) {
  Cover c;
  const Absence* away = s.absence_at(area.responsible_id, now);
  if (!away) {
    c.staff_id = area.responsible_id;
    c.reason = CoverReason::responsible;
    return c;
  }
  c.until = away->ends_at;
  if (const Absence* b = s.absence_at(area.backup_id, now)) {
    c.reason = CoverReason::uncovered;
    c.backup_until = b->ends_at;
    return c;
  }
  c.staff_id = area.backup_id;
  c.reason = CoverReason::backup;
  return c;
}

Millis next_cover_change(const OrgSnapshot& s, const Unit& area, Millis now, Millis horizon) {
  Millis next = horizon;
  for (const auto& a : s.absences()) {
    if (a.cancelled || (a.staff_id != area.responsible_id && a.staff_id != area.backup_id)) continue;
    if (a.starts_at > now) next = std::min(next, a.starts_at);
    if (a.ends_at > now) next = std::min(next, a.ends_at);
  }
  return next;
}

namespace {
std::string short_time(Millis t, const TimeZone& tz) {
  auto iso = format_iso8601(t, tz);  // 2026-12-03T10:00:00.000+08:00
  return iso.substr(0, 10) + " " + iso.substr(11, 5);
}
std::string reason_word(const Absence* a, bool zh) {
  if (!a) return zh ? "不在岗" : "away";
  const auto& l = kAbsenceReasonLabels[static_cast<int>(a->reason)];
  if (zh) return std::string(l.zh);
  switch (a->reason) {
    case AbsenceReason::leave: return "on leave";
    case AbsenceReason::training: return "in training";
    case AbsenceReason::sick: return "on sick leave";
    default: return "away";
  }
}
}  // namespace

std::string explain(const OrgSnapshot& s, const Unit& area, const Cover& c, const TimeZone& tz, bool zh) {
  const Staff* m = s.staff(area.responsible_id);
  const Staff* b = s.staff(area.backup_id);
  const std::string mn = m ? m->name : "?";
  const std::string bn = b ? b->name : "?";
  switch (c.reason) {
    case CoverReason::responsible:
      return zh ? "片区 " + area.code + " 由客户经理 " + mn + " 负责，今日在岗。"
                : "Area " + area.code + " is looked after by its manager " + mn + ", at work today.";
    case CoverReason::backup: {
      const Absence* a = s.absence_at(area.responsible_id, c.until - 1);
      return zh ? "客户经理 " + mn + " " + reason_word(a, true) + "至 " + short_time(c.until, tz) + "；由备岗 " + bn +
                      " 代管。"
                : "Manager " + mn + " is " + reason_word(a, false) + " until " + short_time(c.until, tz) +
                      "; backup " + bn + " covers.";
    }
    case CoverReason::uncovered:
      return zh ? "客户经理 " + mn + " 不在岗至 " + short_time(c.until, tz) + "，备岗 " + bn + " 不在岗至 " +
                      short_time(c.backup_until, tz) + "；工单进入社区服务部队列。"
                : "Manager " + mn + " is away until " + short_time(c.until, tz) + " and backup " + bn +
                      " until " + short_time(c.backup_until, tz) + "; work goes to the community's queue.";
  }
  return {};
}

}  // namespace bc::org
