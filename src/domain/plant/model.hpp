// The outside plant and the subscriber archive as plain values (docs/plant.md): boxes, pairs,
// customers, services. Value types; safe to copy between threads.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "domain/org/enums.hpp"

namespace bc::plant {

using Id = std::int64_t;
using org::Label;

enum class Mount { building, pole };
enum class PairState { free, in_use, faulty, reserved };
enum class CustomerKind { person, business };
enum class ServiceKind { fixed_line, broadband, caller_id, iptv, other };
enum class ServiceStatus { active, suspended, ceased };
enum class CareFlag { elderly_alone, bedridden, disabled, other };

inline constexpr std::array<Label, 2> kMountLabels{{{"building", "Building", "楼道"}, {"pole", "Pole", "电杆"}}};
inline constexpr std::array<Label, 4> kPairStateLabels{{{"free", "Free", "空闲"},
                                                        {"in_use", "In use", "占用"},
                                                        {"faulty", "Faulty", "坏线"},
                                                        {"reserved", "Reserved", "预留"}}};
inline constexpr std::array<Label, 2> kCustomerKindLabels{{{"person", "Person", "个人"}, {"business", "Business", "单位"}}};
inline constexpr std::array<Label, 5> kServiceKindLabels{{{"fixed_line", "Fixed line", "固定电话"},
                                                          {"broadband", "Broadband", "宽带"},
                                                          {"caller_id", "Caller ID", "来电显示"},
                                                          {"iptv", "IPTV", "IPTV"},
                                                          {"other", "Other", "其他"}}};
inline constexpr std::array<Label, 3> kServiceStatusLabels{{{"active", "Active", "在用"},
                                                            {"suspended", "Suspended", "停机"},
                                                            {"ceased", "Ceased", "拆机"}}};
inline constexpr std::array<Label, 4> kCareFlagLabels{{{"elderly_alone", "Elderly, living alone", "独居老人"},
                                                       {"bedridden", "Bedridden", "卧床"},
                                                       {"disabled", "Disabled", "残疾"},
                                                       {"other", "Other care need", "其他关怀"}}};

using org::label_value;
inline std::string_view to_string(Mount v) { return label_value(kMountLabels, v); }
inline std::string_view to_string(PairState v) { return label_value(kPairStateLabels, v); }
inline std::string_view to_string(CustomerKind v) { return label_value(kCustomerKindLabels, v); }
inline std::string_view to_string(ServiceKind v) { return label_value(kServiceKindLabels, v); }
inline std::string_view to_string(ServiceStatus v) { return label_value(kServiceStatusLabels, v); }
inline std::string_view to_string(CareFlag v) { return label_value(kCareFlagLabels, v); }
inline std::optional<Mount> parse_mount(std::string_view s) { return org::parse_enum<Mount>(kMountLabels, s); }
inline std::optional<PairState> parse_pair_state(std::string_view s) { return org::parse_enum<PairState>(kPairStateLabels, s); }
inline std::optional<CustomerKind> parse_customer_kind(std::string_view s) {
  return org::parse_enum<CustomerKind>(kCustomerKindLabels, s);
}
inline std::optional<ServiceKind> parse_service_kind(std::string_view s) {
  return org::parse_enum<ServiceKind>(kServiceKindLabels, s);
}
inline std::optional<ServiceStatus> parse_service_status(std::string_view s) {
  return org::parse_enum<ServiceStatus>(kServiceStatusLabels, s);
}
inline std::optional<CareFlag> parse_care_flag(std::string_view s) { return org::parse_enum<CareFlag>(kCareFlagLabels, s); }

// fixed_line and broadband occupy a pair of their own; features ride on a parent line.
inline bool needs_termination(ServiceKind k) { return k == ServiceKind::fixed_line || k == ServiceKind::broadband; }

struct CrossBox {
  Id id = 0;
  std::string code, name;
  Id network_id = 0;
  Id area_id = 0;  // set when a whole cross-connect box defines (part of) an area
  std::int32_t lat_e6 = 0, lng_e6 = 0;  // WGS-84 microdegrees
  std::string address;
  std::int32_t primary_pairs = 0, distribution_pairs = 0;
  bool active = true;
  std::int64_t version = 1;
  Millis created_at = 0, updated_at = 0;
};

struct DistBox {
  Id id = 0;
  std::string code;
  Id cross_box_id = 0;
  Id area_id = 0;  // always set on an active box
  Id network_id = 0;
  std::int32_t lat_e6 = 0, lng_e6 = 0;
  Mount mount = Mount::building;
  std::string address;
  std::int32_t capacity = 0;  // pairs
  bool active = true;
  std::int64_t version = 1;
  Millis created_at = 0, updated_at = 0;
};

struct Address {
  std::string district, street, community, building, unit, room;
  // "岳麓区 望月湖街道 望月湖社区 12栋 3单元 502室"
  std::string text() const;
};

struct Customer {
  Id id = 0;
  std::string code;
  CustomerKind kind = CustomerKind::person;
  std::string name;
  std::vector<std::string> phones;
  std::string id_type, id_number;
  Address address;
  Id network_id = 0;
  std::int64_t version = 1;
  Millis created_at = 0, updated_at = 0;
};

struct Service {
  Id id = 0;
  std::string code;
  Id customer_id = 0, account_id = 0;
  ServiceKind kind = ServiceKind::fixed_line;
  std::string number;
  std::int32_t speed_mbps = 0;
  Id dist_box_id = 0;
  std::int32_t pair_no = 0;
  Id parent_service_id = 0;
  ServiceStatus status = ServiceStatus::active;
  Millis start_date = 0;
  std::int64_t monthly_fee_fen = 0;
  Id network_id = 0;
  std::int64_t version = 1;
  Millis created_at = 0, updated_at = 0;
};

}  // namespace bc::plant
