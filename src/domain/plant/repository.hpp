// What the plant module needs from storage; store/plant_store.cpp implements it.
#pragma once
#include <optional>
#include <unordered_map>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "domain/org/repository.hpp"
#include "domain/plant/model.hpp"
#include "domain/plant/ownership.hpp"

namespace bc::auth { struct Actor; }

namespace bc::plant {

struct PairInfo {
  std::int32_t pair_no = 0;
  PairState state = PairState::free;
  Id service_id = 0;
  std::string service_code, number;
  Id customer_id = 0;
  std::string note;
};

struct PiiView {
  Id id = 0;
  Millis at = 0;
  Id staff_id = 0;
  Id customer_id = 0;
  std::string fields, reason;
};

enum class SearchKind { phone, account, name, address, box };
struct SearchHit {
  SearchKind kind;
  Id customer_id = 0, service_id = 0, box_id = 0;
  std::string title, detail;  // what matched, for a result list
};

// Name and address fragments (three characters or more) are matched by trigram index and come in
// customer id order, so a search can continue after the last candidate it was given.
inline bool is_fragment_search(SearchKind k, std::string_view text) {
  if (k != SearchKind::name && k != SearchKind::address) return false;
  std::size_t chars = 0;
  for (unsigned char c : text) chars += (c & 0xC0) != 0x80;
  return chars >= 3;
}

struct CareFlagEntry {
  CareFlag flag = CareFlag::other;
  std::string note;
  Id set_by = 0;
  Millis set_at = 0;
};
struct Contact {
  Id id = 0, customer_id = 0, staff_id = 0;
  Millis at = 0;
  std::string channel, outcome, note;
};

enum class CheckResult { match, mismatch, corrected };
struct VerificationItem {
  std::int32_t pair_no = 0;
  PairState recorded = PairState::free, found = PairState::free;
  CheckResult result = CheckResult::match;
};
struct Verification {
  Id id = 0, dist_box_id = 0, area_id = 0, staff_id = 0;
  Millis at = 0;
  std::int32_t checked = 0, matched = 0, mismatched = 0, corrected = 0;
  std::vector<VerificationItem> items;  // empty when listed
};
struct MarkCounts {
  std::int32_t faulty = 0, reserved = 0;
};

// A line as the ownership answer shows it: the service, who holds it (id, code, name, kind only)
// and, for a feature riding on a parent line, the parent's box.
struct LineRecord {
  Service service;
  std::optional<Customer> customer;
  Id parent_box_id = 0;
};

class PlantRepository {
 public:
  virtual ~PlantRepository() = default;
  virtual void load_index(OwnershipIndex& index) = 0;
  virtual std::optional<Service> service(Id id) = 0;
  // The hot path of the ownership answer: one statement, prepared once per pooled connection.
  virtual std::optional<LineRecord> line(Id service_id) = 0;
  virtual std::optional<Customer> customer(Id id) = 0;
  virtual std::vector<Service> services_of_customer(Id customer_id) = 0;
  virtual std::optional<DistBox> dist_box(Id id) = 0;
  virtual std::optional<CrossBox> cross_box(Id id) = 0;
  virtual std::vector<DistBox> dist_boxes(Id area_id, Id cross_box_id) = 0;
  virtual std::vector<CrossBox> cross_boxes(Id area_id, Id network_id) = 0;
  virtual std::vector<PairInfo> pairs(const DistBox& box) = 0;
  // Up to `limit` candidates, in a stable order; the caller filters by scope. `after_customer`
  // (fragment searches only, see is_fragment_search) continues after that customer id.
  virtual std::vector<SearchHit> search(SearchKind kind, const std::string& text, int limit, Id after_customer = 0) = 0;
  // The id of the latest import's audit entry (0: none): a change means the index is stale.
  virtual Id last_import_mark() = 0;
  virtual void log_view(const PiiView& v) = 0;
  virtual std::vector<CareFlagEntry> care_flags(Id customer_id) = 0;
  virtual std::vector<Contact> contacts(Id customer_id, int limit) = 0;
  // Sets (note updated) or, with remove, clears a flag; with its audit entry.
  virtual void set_care_flag(const Customer& c, Id area_id, const CareFlagEntry& f, bool remove, const auth::Actor& a) = 0;
  virtual void add_contact(Contact& c, Id area_id, const auth::Actor& a) = 0;
  // Writes: one transaction each, with the audit entry. update_dist_box answers false when the
  // stored version is not b.version - 1 (someone else changed it).
  virtual bool update_dist_box(const DistBox& b, const auth::Actor& a, const org::AuditRecord& audit) = 0;
  // Sets (or, with nullopt, clears) a hand-set mark; conflict when an active service uses the pair.
  virtual Status set_pair_mark(const DistBox& b, std::int32_t pair_no, std::optional<PairState> mark,
                               const std::string& note, const auth::Actor& a) = 0;
  virtual std::unordered_map<Id, MarkCounts> mark_counts() = 0;
  // Stores the verification, applies corrections (marks set or cleared to what was found) and
  // writes the audit entry; sets v.id.
  virtual void save_verification(Verification& v, const DistBox& b, const auth::Actor& a) = 0;
  // Verifications (without items) of these boxes, oldest first.
  virtual std::vector<Verification> verifications(const std::vector<Id>& box_ids) = 0;
  virtual std::vector<PiiView> views(Id customer_id) = 0;
};

}  // namespace bc::plant
