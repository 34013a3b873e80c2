// The organisation as plain values: units (province … area), staff, absences, and the
// immutable OrgSnapshot the server reads from. A snapshot is built once and then shared
// read-only between threads; writers copy it, change the copy, and publish it after commit.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/time.hpp"
#include "domain/org/enums.hpp"

namespace bc::org {

using Id = std::int64_t;

struct Unit {
  Id id = 0;
  UnitKind kind = UnitKind::area;
  std::string code, name;
  Id parent_id = 0;  // 0: the root
  bool active = true;
  Id responsible_id = 0, backup_id = 0;  // areas only
  bool rural = false;  // areas only: countryside, where the longer legal deadlines apply
  std::int64_t version = 1;
  Millis created_at = 0, updated_at = 0, retired_at = 0;
};

struct Staff {
  Id id = 0;
  std::string username, name;
  Role role = Role::area_manager;
  Id unit_id = 0;
  std::string phone, email;
  bool active = true;
  bool allow_multi_community = false;
  bool must_change_password = false;
  std::int64_t version = 1;
  Millis created_at = 0, updated_at = 0, retired_at = 0;
  Millis locked_until = 0;  // sign-in lock; not a business field, never versioned
};

struct Absence {
  Id id = 0;
  Id staff_id = 0;
  Millis starts_at = 0, ends_at = 0;  // [starts_at, ends_at)
  AbsenceReason reason = AbsenceReason::leave;
  std::string note;
  bool cancelled = false;
  Id created_by = 0;
  Millis created_at = 0;
  std::int64_t version = 1;
};

class OrgSnapshot {
 public:
  std::int64_t version = 0;  // the database's org_version this was read at

  const Unit* unit(Id id) const;
  const Unit* unit_by_code(const std::string& code) const;
  const Staff* staff(Id id) const;
  const Staff* staff_by_username(const std::string& username) const;
  const std::vector<Unit>& units() const { return units_; }
  const std::vector<Staff>& all_staff() const { return staff_; }
  const std::vector<Absence>& absences() const { return absences_; }
  const std::vector<Id>& children(Id id) const;
  const Absence* absence(Id id) const;

  // Root first, excluding the unit itself.
  std::vector<Id> ancestors(Id id) const;
  bool in_subtree(Id id, Id root) const;
  // The unit itself or its nearest ancestor of that kind; 0 when there is none.
  Id enclosing(Id id, UnitKind kind) const;
  Id root() const;
  // Active areas where the staff member is responsible / backup.
  std::vector<Id> responsible_for(Id staff_id) const;
  std::vector<Id> backup_for(Id staff_id) const;
  // The active absence covering `at`, if any (the one ending last when several chain).
  const Absence* absence_at(Id staff_id, Millis at) const;

  // Mutation, for loaders and writers working on their own copy before publishing it.
  void put_unit(Unit u);
  void put_staff(Staff s);
  void put_absence(Absence a);
  void reindex();  // after bulk puts with defer_index set
  bool defer_index = false;

 private:
  std::vector<Unit> units_;
  std::vector<Staff> staff_;
  std::vector<Absence> absences_;
  std::unordered_map<Id, std::size_t> unit_at_, staff_at_, absence_at_;
  std::unordered_map<std::string, std::size_t> unit_code_at_, username_at_;
  std::unordered_map<Id, std::vector<Id>> children_;
  std::unordered_map<Id, std::vector<Id>> absences_of_;
};

using SnapshotPtr = std::shared_ptr<const OrgSnapshot>;

// Who does an area's work today, and why.
enum class CoverReason { responsible, backup, uncovered };
struct Cover {
  Id staff_id = 0;  // 0 when uncovered
  CoverReason reason = CoverReason::uncovered;
  Millis until = 0;  // when the responsible manager is back (0: not absent)
  Millis backup_until = 0;  // when uncovered: when the backup is back
};
Cover cover_of(const OrgSnapshot& s, const Unit& area, Millis now);
// The next instant after `now` when cover_of may answer differently (an absence of the manager or
// the backup starts or ends); `horizon` when nothing changes before it.
Millis next_cover_change(const OrgSnapshot& s, const Unit& area, Millis now, Millis horizon);
std::string_view to_string(CoverReason r);
// "Manager 李娜 is on leave until 2026-12-03 10:00; backup 王强 covers." — in English or Chinese.
std::string explain(const OrgSnapshot& s, const Unit& area, const Cover& c, const TimeZone& tz, bool zh);

}  // namespace bc::org
