// The deterministic demo plant and subscriber archive for an organisation already loaded:
// cross-connect boxes, distribution boxes, customers and their services, streamed into a sink
// (never held in memory: the province size is 10 million subscribers).
#pragma once
#include <cstdint>

#include "domain/org/model.hpp"
#include "domain/plant/model.hpp"

namespace bc::plant {

// Receives rows in dependency order for each row (a box before its pairs' services, a customer
// before its services). Ids are assigned by the generator, from 1, densely, per table.
class DemoSink {
 public:
  virtual ~DemoSink() = default;
  virtual void cross_box(const CrossBox& b) = 0;
  virtual void dist_box(const DistBox& b) = 0;
  virtual void customer(const Customer& c) = 0;
  virtual void service(const Service& s) = 0;
  virtual void progress(std::int64_t customers_done) { (void)customers_done; }
};

struct PlantDemoCounts {
  std::int64_t cross_boxes = 0, dist_boxes = 0, customers = 0, services = 0;
};

// About `subscribers` customers over the active areas of `org` (Changsha: 700,000 over 148
// areas, ~350 cross-connect boxes, ~7,000 distribution boxes), proportionally per area.
PlantDemoCounts generate_plant(const org::OrgSnapshot& org, std::int64_t subscribers, Millis now, DemoSink& sink);

// The area code of a local network ("CS" → "0731"), for national-format phone numbers.
std::string network_dialling_code(const std::string& network_code);

}  // namespace bc::plant
