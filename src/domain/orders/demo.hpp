// Twelve months of deterministic work-order history for the demo plant (docs/work-orders.md, "Demo
// history"): faults, new lines, broadband, moves, features, complaints, care visits and hazards, each
// with the timeline, pauses and deadlines the live service would have written. Pure, no I/O: the
// same plant, organisation and anchor give the same history. Not thread-safe (one generator, one thread).
#pragma once
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/orders/model.hpp"
#include "domain/orders/repository.hpp"
#include "domain/plant/demo.hpp"

namespace bc::orders {

// What the history needs of the demo plant, collected while the plant streams past (a DemoSink).
// Keeps one local network only (the first one seen, or `network_id` when given): the province
// size gets the city-size network's history.
class HistoryPlant final : public plant::DemoSink {
 public:
  explicit HistoryPlant(Id network_id = 0) : network_id_(network_id) {}
  void cross_box(const plant::CrossBox&) override {}
  void dist_box(const plant::DistBox& b) override;
  void customer(const plant::Customer& c) override;
  void service(const plant::Service& s) override;

  struct Box {
    Id id = 0, area_id = 0;
    std::string code;
    std::int32_t lat_e6 = 0, lng_e6 = 0;
  };
  struct Subscriber {
    Id id = 0;
    std::string name, phone, address;
    std::uint32_t box = 0;  // index into boxes(): the box of the subscriber's first line
  };
  struct Line {
    Id service_id = 0;
    std::uint32_t subscriber = 0;  // index into subscribers()
    std::uint32_t box = 0;         // index into boxes()
    std::int32_t pair_no = 0;
    plant::ServiceKind kind = plant::ServiceKind::fixed_line;
    Id parent_service_id = 0;      // features: the line they ride on
    Millis start_date = 0;
    std::string number;
    std::int32_t speed_mbps = 0;
    std::int64_t monthly_fee_fen = 0;
  };
  const std::vector<Box>& boxes() const { return boxes_; }
  const std::vector<Subscriber>& subscribers() const { return subs_; }
  const std::vector<Line>& lines() const { return lines_; }
  Id network_id() const { return network_id_; }
  // Lines that occupy a pair (fixed lines and broadband): "lines" in the fault rate.
  std::int64_t terminated_lines() const { return terminated_; }

 private:
  Id network_id_ = 0;
  std::vector<Box> boxes_;
  std::vector<Subscriber> subs_;
  std::vector<Line> lines_;
  std::unordered_map<Id, std::uint32_t> box_at_, sub_at_;
  std::int64_t terminated_ = 0;
};

struct HistoryOptions {
  Millis now = 0;            // the anchor: history runs over the 12 months before it
  int months = 12;
  TimeZone tz;               // the display zone of the business calendar (Asia/Shanghai)
  std::uint64_t seed = 0x0b1ec4a77e1ULL;
  double faults_per_100_lines = 1.5;  // a month, averaged over the year (seasonal)
};

// A care flag set on a subscriber the managers visit (care_flags rows).
struct CareFlagRow {
  Id customer_id = 0;
  std::string flag, note;
  Id set_by = 0;
  Millis set_at = 0;
};

struct OrderPause {
  Id order_id = 0;
  PauseRecord pause;
};

// The generated history. Orders have ids 1… in creation order; events are kept compact and made on
// demand by event(i), ids 1… in time order (the live stream's cursor relies on id order).
class History {
 public:
  std::vector<Order> orders;
  std::vector<OrderPause> pauses;
  std::vector<CareFlagRow> care_flags;

  std::size_t event_count() const { return events_.size(); }
  Event event(std::size_t i) const;  // id = i + 1

  // Counts for the command line and the docs.
  std::unordered_map<std::string, std::int64_t> by_type() const;
  std::int64_t open_orders() const;

  // The generator's internals (compact events, sorted by time before ids are given).
  struct Compact {
    Millis at = 0;
    std::uint32_t order = 0;   // index into orders
    std::uint16_t seq = 0;     // order of events of one order at the same instant
    std::uint8_t kind = 0;
    std::uint8_t from = 0, to = 0;
    std::uint8_t flag = 0;     // kind-specific (score, customer requested, level …)
    std::int32_t a = 0;        // kind-specific
    Id actor = 0;
    Id assignee = 0, community = 0;
    Millis b = 0;              // kind-specific (appointment time, due time)
  };
  std::vector<Compact> events_;
  std::vector<Routing> first_routing_;          // per order: as routed at creation
  std::unordered_map<Id, std::string> names_;   // staff id → name (actors)
  std::unordered_map<Id, Id> heads_;            // community or office → its head
  TimeZone tz_;
};

// The history of `plant` (its lines, subscribers, boxes) routed through `org` as the live service
// would route it at each order's creation (the absences of the demo land around the anchor).
History generate_history(const org::OrgSnapshot& org, const HistoryPlant& plant, const HistoryOptions& opt);

}  // namespace bc::orders
