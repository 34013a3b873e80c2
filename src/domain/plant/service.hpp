// The plant and archive use cases: who owns a line, search, a subscriber's record with its
// personal data masked by role and every unmasked view logged. Thread-safe: the ownership index
// is internally locked; the repository leases connections.
#pragma once
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
  org::SnapshotPtr org;
  const org::Unit* area = nullptr;  // points into *org
};

struct CustomerRecord {
  Customer customer;  // with masked fields already masked
  std::vector<Service> services;
  std::vector<PiiField> unmasked;
  std::optional<Ownership> owner;
};

class PlantService {
 public:
  PlantService(PlantRepository& repo, org::OrgService& org);
  void load();  // (re)builds the ownership index from the database
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

  Result<DistBox> dist_box(const auth::Actor& a, Id id);
  Result<std::vector<PairInfo>> pairs(const auth::Actor& a, Id box_id);
  Result<std::vector<DistBox>> dist_boxes(const auth::Actor& a, Id area_id, Id cross_box_id);
  Result<CrossBox> cross_box(const auth::Actor& a, Id id);
  Result<std::vector<CrossBox>> cross_boxes(const auth::Actor& a, Id area_id, Id network_id);

 private:
  bool visible_box(const org::OrgSnapshot& s, const auth::Actor& a, Id box_id) const;
  bool visible_customer(const org::OrgSnapshot& s, const auth::Actor& a, const Customer& c) const;
  Result<Ownership> owner_from(const auth::Actor& a, OwnershipIndex::Hit hit);
  PlantRepository& repo_;
  org::OrgService& org_;
  OwnershipIndex index_;
};

}  // namespace bc::plant
