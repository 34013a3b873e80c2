// The plant and archive use cases: who owns a line, search, a subscriber's record with its
// personal data masked by role and every unmasked view logged. Thread-safe: the ownership index
// is internally locked; the repository leases connections.
#pragma once
#include <atomic>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "domain/auth/access.hpp"
#include "domain/org/model.hpp"
#include "domain/plant/privacy.hpp"
#include "domain/plant/repository.hpp"

namespace bc::org { class OrgService; }

namespace bc::plant {

struct Ownership {
  std::optional<Service> service;
  std::optional<Customer> customer;
  OwnershipIndex::Box box;
  std::optional<DistBox> dist_box;
  std::optional<CrossBox> cross_box;
  std::shared_ptr<const CrossBox> cross_box_record;  // the index's record (box.record for the box)
  org::SnapshotPtr org;
  const org::Unit* area = nullptr;  // points into *org
};

struct DistBoxPatch {
  std::optional<Id> area_id;
  std::optional<std::string> address;
  std::optional<std::int32_t> capacity, lat_e6, lng_e6;
  std::optional<Mount> mount;
  std::string reason;  // why: kept in the audit entry
};

struct OccupancyRow {
  Id id = 0;  // a unit, or a distribution box when the parent is an area
  std::string code, name, kind;
  std::int64_t boxes = 0, capacity = 0, in_use = 0, faulty = 0, reserved = 0;
  std::int64_t free() const { return capacity - in_use - faulty - reserved; }
};

struct FoundPair {
  std::int32_t pair_no = 0;
  PairState found = PairState::free;
  bool correct = false;  // set the record to what was found, where a mark can say it
};

struct Accuracy {
  std::int64_t checked = 0, matched = 0, boxes_verified = 0, boxes_total = 0;
  struct Month {
    std::string month;  // 2026-11, in the display time zone
    std::int64_t checked = 0, matched = 0;
  };
  std::vector<Month> history;  // as of each month's end, over the latest verification of each box
};

struct CustomerRecord {
  Customer customer;  // with masked fields already masked
  std::vector<Service> services;
  std::vector<CareFlagEntry> care;
  std::vector<Contact> contacts;  // most recent first
  std::vector<PiiField> unmasked;
  std::optional<Ownership> owner;
};

class PlantService {
 public:
  PlantService(PlantRepository& repo, org::OrgService& org);
  void load();  // (re)builds the ownership index from the database
  // Rebuilds the index when an import (here or in another process) has happened since the last load.
  void refresh_if_imported();
  const OwnershipIndex& index() const { return index_; }

  // number: a phone number (with or without the area code, any punctuation) or a broadband account.
  Result<Ownership> owner_of_number(const auth::Actor& a, const std::string& number);
  Result<Ownership> owner_of_customer(const auth::Actor& a, Id customer_id);
  Result<Ownership> owner_of_box(const auth::Actor& a, const std::string& code_or_id);

  // Phone numbers (exact or prefix), accounts, names, address fragments and box codes, in scope.
  Result<std::vector<SearchHit>> search(const auth::Actor& a, const std::string& q, std::optional<SearchKind> kind,
                                        int limit);

  // The subscriber's record: fields the role does not see by default are masked unless `reveal`
  // names them with a reason; every view with unmasked data is logged.
  Result<CustomerRecord> customer(const auth::Actor& a, Id id, const std::vector<PiiField>& reveal,
                                  const std::string& reason);
  Result<std::vector<PiiView>> views(const auth::Actor& a, Id customer_id);
  // Family-style care: who needs extra attention, and the log of visits and calls.
  Status set_care_flag(const auth::Actor& a, Id customer_id, CareFlag flag, const std::string& note, bool remove);
  Result<Contact> add_contact(const auth::Actor& a, Id customer_id, const std::string& channel,
                              const std::string& outcome, const std::string& note, std::optional<Millis> at);

  Result<DistBox> dist_box(const auth::Actor& a, Id id);
  Result<std::vector<PairInfo>> pairs(const auth::Actor& a, Id box_id);
  Result<std::vector<DistBox>> dist_boxes(const auth::Actor& a, Id area_id, Id cross_box_id);
  Result<CrossBox> cross_box(const auth::Actor& a, Id id);
  // Moves a box (and so every line on it) to another area, or corrects its details.
  Result<DistBox> update_dist_box(const auth::Actor& a, Id id, std::int64_t if_match, const DistBoxPatch& p);
  Result<PairInfo> mark_pair(const auth::Actor& a, Id box_id, std::int32_t pair_no, PairState state,
                             const std::string& note);
  // One row per child of `parent_id` (or per box when it is an area), in the caller's scope.
  Result<std::vector<OccupancyRow>> occupancy(const auth::Actor& a, Id parent_id);
  Result<Verification> verify(const auth::Actor& a, Id box_id, const std::vector<FoundPair>& found);
  // For a unit (its boxes) or one box; months in `tz`.
  Result<Accuracy> accuracy(const auth::Actor& a, Id unit_id, Id box_id, const TimeZone& tz);
  Result<std::vector<CrossBox>> cross_boxes(const auth::Actor& a, Id area_id, Id network_id);
  // Records that `a` saw the subscriber's personal data outside their record page (e.g. a work
  // order's contact details), so the subscriber's own view log stays complete.
  void log_view(const auth::Actor& a, Id customer_id, const std::vector<PiiField>& fields, const std::string& reason);
  // A line was terminated or re-terminated by other work (a completed work order) after its commit:
  // the ownership index follows at once.
  void line_written(const std::string& number, Id service_id, Id box_id, Id customer_id);
  // A further check on every correction of a distribution box (before, after), set once at start
  // by the network records (a box on a pole stays pole-mounted; drop lines stay within capacity).
  void set_box_check(std::function<Status(const DistBox&, const DistBox&)> f) { box_check_ = std::move(f); }

 private:
  bool visible_box(const org::OrgSnapshot& s, const auth::Actor& a, Id box_id) const;
  bool visible_customer(const org::OrgSnapshot& s, const auth::Actor& a, const Customer& c) const;
  Result<Ownership> owner_from(const auth::Actor& a, OwnershipIndex::Hit hit);
  PlantRepository& repo_;
  org::OrgService& org_;
  OwnershipIndex index_;
  std::mutex load_mu_;
  std::atomic<Id> import_mark_{-1};
  std::function<Status(const DistBox&, const DistBox&)> box_check_;
};

}  // namespace bc::plant
