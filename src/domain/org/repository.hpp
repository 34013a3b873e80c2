// What the organisation module needs from storage; store/ implements it for SQLite and
// PostgreSQL. Writes run in one transaction serialised with every other org write.
#pragma once
#include <functional>
#include <optional>
#include <string>

#include "core/error.hpp"
#include "domain/org/model.hpp"

namespace bc::auth { struct Actor; }

namespace bc::org {

struct AuditRecord {
  std::string action;       // unit.create, staff.update, …
  std::string object_type;  // unit, staff, absence, session, api_token
  Id object_id = 0;
  std::string object_code;
  Id scope_unit_id = 0;     // the unit whose subtree may read this entry
  std::string before_json, after_json;  // "" for none
};

struct IdempotentResponse {
  std::string request_hash;
  int status = 0;
  std::string body, location;
};

// One open write transaction. Every put also updates snapshot(), so rules checked after a
// write see it, and the snapshot is what the service publishes after commit.
class OrgWriter {
 public:
  virtual ~OrgWriter() = default;
  virtual OrgSnapshot& snapshot() = 0;
  virtual Millis now() const = 0;
  virtual void insert_unit(Unit& u) = 0;     // sets u.id
  virtual void update_unit(const Unit& u) = 0;  // u.version is the new version
  virtual void insert_staff(Staff& s, const std::string& password_hash) = 0;
  virtual void update_staff(const Staff& s) = 0;
  virtual void set_password(Id staff_id, const std::string& hash, bool must_change) = 0;
  virtual void set_locked_until(Id staff_id, Millis until) = 0;
  virtual void insert_absence(Absence& a) = 0;
  virtual void update_absence(const Absence& a) = 0;
  virtual void revoke_sessions_of(Id staff_id, Id by) = 0;
  virtual void audit(const AuditRecord& r) = 0;
  virtual void save_idempotent(Id actor, const std::string& key, const IdempotentResponse& r) = 0;
};

class OrgRepository {
 public:
  virtual ~OrgRepository() = default;
  virtual SnapshotPtr load() = 0;
  virtual std::int64_t version() = 0;
  // fn runs inside the transaction on a snapshot that is current in the database (the cached one
  // is reused when its version still matches). On success the transaction commits and the
  // changed snapshot is returned; on error or exception it rolls back.
  virtual Result<SnapshotPtr> write(const SnapshotPtr& cached, const auth::Actor& actor,
                                    const std::function<Status(OrgWriter&)>& fn) = 0;
  virtual std::optional<IdempotentResponse> find_idempotent(Id actor, const std::string& key) = 0;
};

}  // namespace bc::org
