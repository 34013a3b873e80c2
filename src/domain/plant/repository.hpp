// What the plant module needs from storage; store/plant_store.cpp implements it.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "domain/plant/model.hpp"
#include "domain/plant/ownership.hpp"

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

class PlantRepository {
 public:
  virtual ~PlantRepository() = default;
  virtual void load_index(OwnershipIndex& index) = 0;
  virtual std::optional<Service> service(Id id) = 0;
  virtual std::optional<Customer> customer(Id id) = 0;
  virtual std::vector<Service> services_of_customer(Id customer_id) = 0;
  virtual std::optional<DistBox> dist_box(Id id) = 0;
  virtual std::optional<CrossBox> cross_box(Id id) = 0;
  virtual std::vector<DistBox> dist_boxes(Id area_id, Id cross_box_id) = 0;
  virtual std::vector<CrossBox> cross_boxes(Id area_id, Id network_id) = 0;
  virtual std::vector<PairInfo> pairs(const DistBox& box) = 0;
  // Up to `limit` candidates, in a stable order; the caller filters by scope.
  virtual std::vector<SearchHit> search(SearchKind kind, const std::string& text, int limit) = 0;
  virtual void log_view(const PiiView& v) = 0;
  virtual std::vector<PiiView> views(Id customer_id) = 0;
};

}  // namespace bc::plant
