// The deterministic demo plant and subscriber archive for an organisation already loaded:
// cross-connect boxes, distribution boxes, customers and their services, streamed into a sink
// (never held in memory: the province size is 10 million subscribers).
#pragma once
#include <cstdint>

#include "domain/org/model.hpp"
#include "domain/plant/model.hpp"
#include "domain/plant/network_model.hpp"

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
  // The network records: after the boxes they link (a cable after its boxes, a pole after its
  // cable, a drop line after its service). Sinks that do not store them ignore them.
  virtual void cable(const Cable& c) { (void)c; }
  virtual void pole(const Pole& p) { (void)p; }
  virtual void drop_line(const DropLine& d) { (void)d; }
  virtual void progress(std::int64_t customers_done) { (void)customers_done; }
};

struct PlantDemoCounts {
  std::int64_t cross_boxes = 0, dist_boxes = 0, customers = 0, services = 0;
  std::int64_t cables = 0, poles = 0, drop_lines = 0;
};

struct PlantDemoOptions {
  bool drop_lines = true;  // one for each terminated service (≈1.35 a subscriber)
};

// About `subscribers` customers over the active areas of `org` (Changsha: 700,000 over 148
// areas, ~350 cross-connect boxes, ~7,000 distribution boxes), proportionally per area.
// With them: a primary cable from the exchange to each cross-connect box, distribution cables from
// it to its distribution boxes (one for every four boxes, serving them), a pole for each
// pole-mounted box carrying its cable, and a drop line for each terminated service's pair.
PlantDemoCounts generate_plant(const org::OrgSnapshot& org, std::int64_t subscribers, Millis now, DemoSink& sink,
                               const PlantDemoOptions& opts = {});

// The area code of a local network ("CS" → "0731"), for national-format phone numbers.
std::string network_dialling_code(const std::string& network_code);

}  // namespace bc::plant
