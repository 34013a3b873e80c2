// Cables, poles and drop lines (issue #3): records linked to the boxes they serve, and what the
// network rules need from storage (store/plant_network_store.cpp). Value types; safe to copy.
#pragma once
#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "domain/org/repository.hpp"
#include "domain/plant/model.hpp"

namespace bc::auth { struct Actor; }

namespace bc::plant {

enum class CableKind { primary, distribution, fibre };
enum class EndKind { exchange, cross_box, dist_box };
enum class PoleKind { concrete, wood, steel };
enum class DropKind { copper, fibre };

inline constexpr std::array<Label, 3> kCableKindLabels{{{"primary", "Primary cable", "主干电缆"},
                                                        {"distribution", "Distribution cable", "配线电缆"},
                                                        {"fibre", "Fibre cable", "光缆"}}};
inline constexpr std::array<Label, 3> kEndKindLabels{{{"exchange", "Exchange", "局端"},
                                                      {"cross_box", "Cross-connect box", "交接箱"},
                                                      {"dist_box", "Distribution box", "分线盒"}}};
inline constexpr std::array<Label, 3> kPoleKindLabels{{{"concrete", "Concrete", "水泥杆"},
                                                       {"wood", "Wood", "木杆"},
                                                       {"steel", "Steel", "钢杆"}}};
inline constexpr std::array<Label, 2> kDropKindLabels{{{"copper", "Copper", "铜缆"}, {"fibre", "Fibre", "光纤"}}};

inline std::string_view to_string(CableKind v) { return label_value(kCableKindLabels, v); }
inline std::string_view to_string(EndKind v) { return label_value(kEndKindLabels, v); }
inline std::string_view to_string(PoleKind v) { return label_value(kPoleKindLabels, v); }
inline std::string_view to_string(DropKind v) { return label_value(kDropKindLabels, v); }
inline std::optional<CableKind> parse_cable_kind(std::string_view s) { return org::parse_enum<CableKind>(kCableKindLabels, s); }
inline std::optional<EndKind> parse_end_kind(std::string_view s) { return org::parse_enum<EndKind>(kEndKindLabels, s); }
inline std::optional<PoleKind> parse_pole_kind(std::string_view s) { return org::parse_enum<PoleKind>(kPoleKindLabels, s); }
inline std::optional<DropKind> parse_drop_kind(std::string_view s) { return org::parse_enum<DropKind>(kDropKindLabels, s); }

struct Ref {
  Id id = 0;
  std::string code;
  bool operator==(const Ref& o) const { return id == o.id; }
};

// The exchange end has no id: it is the exchange of the cable's local network.
struct CableEnd {
  EndKind kind = EndKind::exchange;
  Id id = 0;
  std::string code;
};

struct Cable {
  Id id = 0;
  std::string code;
  CableKind kind = CableKind::distribution;
  CableEnd from, to;
  std::int32_t pairs = 0, length_m = 0;
  Id network_id = 0;
  std::vector<Ref> boxes;  // distribution boxes served (a distribution-box end is always among them)
  std::vector<Ref> poles;  // poles carrying it (read only here: set on the pole)
  bool active = true;
  std::int64_t version = 1;
  Millis created_at = 0, updated_at = 0;
};

struct Pole {
  Id id = 0;
  std::string code;
  PoleKind kind = PoleKind::concrete;
  std::int32_t lat_e6 = 0, lng_e6 = 0;
  Id network_id = 0;
  std::vector<Ref> boxes;   // distribution boxes mounted on it
  std::vector<Ref> cables;  // cables it carries
  bool active = true;
  std::int64_t version = 1;
  Millis created_at = 0, updated_at = 0;
};

struct DropLine {
  Id id = 0;
  std::string code;
  Id dist_box_id = 0;
  std::string dist_box_code;
  std::int32_t pair_no = 0;
  Id service_id = 0;
  std::string service_code;
  DropKind kind = DropKind::copper;
  std::int32_t length_m = 0;
  Millis installed_at = 0;
  Id network_id = 0;
  bool active = true;
  std::int64_t version = 1;
  Millis created_at = 0, updated_at = 0;
};

struct CableFilter {
  Id network_id = 0, dist_box_id = 0, cross_box_id = 0;
};
struct PoleFilter {
  Id network_id = 0, dist_box_id = 0, cable_id = 0;
};

// What a write does besides its row, inside the same transaction: the audit entry and, for a
// create under Idempotency-Key, the stored response. Called after the row has its id.
struct WriteHooks {
  std::function<org::AuditRecord()> audit;
  std::function<std::optional<std::pair<std::string, org::IdempotentResponse>>()> remember;  // key, response
};

class NetworkRepository {
 public:
  virtual ~NetworkRepository() = default;
  virtual std::optional<Cable> cable(Id id) = 0;
  virtual std::vector<Cable> cables(const CableFilter& f) = 0;
  virtual std::optional<Pole> pole(Id id) = 0;
  virtual std::vector<Pole> poles(const PoleFilter& f) = 0;
  virtual std::optional<DropLine> drop_line(Id id) = 0;
  virtual std::vector<DropLine> drop_lines_of_box(Id box_id) = 0;
  virtual std::vector<DropLine> drop_lines_of_service(Id service_id) = 0;
  virtual std::vector<DropLine> drop_lines_of_network(Id network_id) = 0;  // by code
  // The active drop line on a pair, if any.
  virtual std::optional<DropLine> drop_line_on(Id box_id, std::int32_t pair_no) = 0;
  virtual Id cross_box_by_code(const std::string& code) = 0;  // 0: none
  virtual Id dist_box_by_code(const std::string& code) = 0;
  virtual Id service_by_code(const std::string& code) = 0;
  virtual Id cable_by_code(Id network_id, const std::string& code) = 0;
  virtual Id pole_by_code(Id network_id, const std::string& code) = 0;
  virtual Id drop_line_by_code(Id network_id, const std::string& code) = 0;
  // Inserts (id 0: sets it) or updates when the stored version is `old_version`, replacing the
  // links. Conflict when the code is taken in the network or the version moved on.
  virtual Status save_cable(Cable& c, std::int64_t old_version, const auth::Actor& a, const WriteHooks& h) = 0;
  virtual Status save_pole(Pole& p, std::int64_t old_version, const auth::Actor& a, const WriteHooks& h) = 0;
  virtual Status save_drop_line(DropLine& d, std::int64_t old_version, const auth::Actor& a, const WriteHooks& h) = 0;
};

}  // namespace bc::plant
