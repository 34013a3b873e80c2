// The organisation's use cases: read the current snapshot, and create, change, move, retire
// units, staff and absences under the rules of the business. Thread-safe: reads take the
// published snapshot; writes are serialised by the repository.
#pragma once
#include <atomic>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "core/error.hpp"
#include "domain/auth/access.hpp"
#include "domain/org/repository.hpp"

namespace bc::org {

struct UnitInput {
  std::optional<UnitKind> kind;
  std::string code, name;
  Id parent_id = 0;
  Id responsible_id = 0, backup_id = 0;
  bool rural = false;  // areas: countryside (longer legal deadlines)
};
struct UnitPatch {
  std::optional<std::string> code, name;
  std::optional<Id> parent_id, responsible_id, backup_id;
  std::optional<bool> rural;
};
struct StaffInput {
  std::string username, name;
  std::optional<Role> role;
  Id unit_id = 0;
  std::string phone, email;
  std::optional<std::string> password;  // generated when absent
  bool allow_multi_community = false;
};
struct StaffPatch {
  std::optional<std::string> name, phone, email;
  std::optional<Role> role;
  std::optional<Id> unit_id;
  std::optional<bool> allow_multi_community;
};
struct AbsenceInput {
  Id staff_id = 0;
  std::optional<Millis> starts_at, ends_at;
  std::optional<AbsenceReason> reason;
  std::string note;
};
struct StaffCreated {
  Staff staff;
  std::string generated_password;  // empty when the caller chose one
};

// Called inside the write transaction after the change, e.g. to store an idempotent response.
template <class T>
using AfterWrite = std::function<void(OrgWriter&, const T&)>;

class OrgService {
 public:
  explicit OrgService(OrgRepository& repo);

  SnapshotPtr snapshot() const { return std::atomic_load(&snap_); }
  void reload();                // from the database (kept only if not older than the published one)
  void refresh_if_changed();    // cheap version check; for instances sharing one database

  Result<Unit> create_unit(const auth::Actor& a, const UnitInput& in, const AfterWrite<Unit>& after = {});
  Result<Unit> update_unit(const auth::Actor& a, Id id, std::int64_t if_match, const UnitPatch& p);
  Result<Unit> retire_unit(const auth::Actor& a, Id id, std::int64_t if_match);
  Result<Unit> reactivate_unit(const auth::Actor& a, Id id, std::int64_t if_match);

  Result<StaffCreated> create_staff(const auth::Actor& a, const StaffInput& in,
                                    const AfterWrite<StaffCreated>& after = {});
  Result<Staff> update_staff(const auth::Actor& a, Id id, std::int64_t if_match, const StaffPatch& p);
  Result<Staff> retire_staff(const auth::Actor& a, Id id, std::int64_t if_match);
  Result<Staff> reactivate_staff(const auth::Actor& a, Id id, std::int64_t if_match);
  // Sets (or generates) a password, unlocks the account and signs the person out everywhere.
  Result<std::string> reset_password(const auth::Actor& a, Id id, const std::optional<std::string>& password);
  // Sign-in throttling locked the account: recorded as an organisation change, so every
  // instance shows the person as locked.
  void record_lock(Id staff_id, Millis until, int failures);
  // The signed-in person changes their own password; other sessions end.
  Status change_own_password(const auth::Actor& a, const std::string& new_password);

  Result<Absence> create_absence(const auth::Actor& a, const AbsenceInput& in,
                                 const AfterWrite<Absence>& after = {});
  Result<Absence> cancel_absence(const auth::Actor& a, Id id, std::int64_t if_match);

  std::optional<IdempotentResponse> find_idempotent(Id actor, const std::string& key) {
    return repo_.find_idempotent(actor, key);
  }

 private:
  Status write(const auth::Actor& a, const std::function<Status(OrgWriter&)>& fn);
  template <class T>
  using Change = std::function<Status(OrgWriter&, const T* cur, T& out)>;
  Result<Unit> change_unit(const auth::Actor& a, Id id, std::int64_t if_match, const Change<Unit>& fn);
  Result<Staff> change_staff(const auth::Actor& a, Id id, std::int64_t if_match, const Change<Staff>& fn);
  OrgRepository& repo_;
  SnapshotPtr snap_;
  std::mutex publish_;
};

// Rules shared by create and update; exposed for tests.
Status validate_code(const std::string& code);
Status validate_username(const std::string& username);
Status validate_area_managers(const OrgSnapshot& s, const Unit& area);
Status validate_staff_placement(const OrgSnapshot& s, Role role, Id unit_id);

std::string describe(const Unit& u);   // JSON for the audit log
std::string describe(const Staff& s);
std::string describe(const Absence& a);

}  // namespace bc::org
