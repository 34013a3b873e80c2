// Work orders of the blue channel (docs/work-orders.md): their types, channels and states with
// zh-CN/English labels, the order itself, its timeline events and its callback. Value types.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "domain/orders/deadlines.hpp"
#include "domain/org/enums.hpp"

namespace bc::orders {

using Id = std::int64_t;
using org::Label;

enum class OrderType { new_line, move, feature, broadband, fault, complaint, care_visit, hazard, other };
enum class Channel { manager, business_hall, hotline, web_form, patrol, network_alarm };
enum class State {
  created, assigned, accepted, appointment_booked, en_route, on_site, waiting, resolved, confirmed, closed,
  returned, cancelled, reopened
};
enum class Action {
  assign, reassign, accept, book, depart, arrive, wait, resume, resolve, callback, close, return_, cancel, reopen
};
enum class WaitFor { customer, material };
enum class FaultCause { drop_line, dist_box, cross_box, cable, in_home, subscriber_equipment, network, other };

inline constexpr std::array<Label, 9> kOrderTypeLabels{{
    {"new_line", "New line", "装机"},
    {"move", "Move", "移机"},
    {"feature", "Feature (caller ID …)", "功能变更（来电显示等）"},
    {"broadband", "Broadband opening or change", "宽带开通或变更"},
    {"fault", "Fault", "障碍"},
    {"complaint", "Complaint", "投诉"},
    {"care_visit", "Care visit", "关怀走访"},
    {"hazard", "Hazard repair", "隐患整治"},
    {"other", "Other", "其他"},
}};
inline constexpr std::array<Label, 6> kChannelLabels{{
    {"manager", "The manager", "片区客户经理"},
    {"business_hall", "Business hall", "营业厅"},
    {"hotline", "10000 hotline", "10000号"},
    {"web_form", "Web form", "网上受理"},
    {"patrol", "Patrol", "巡查"},
    {"network_alarm", "Network alarm", "网管告警"},
}};
inline constexpr std::array<Label, 13> kStateLabels{{
    {"created", "Created", "已受理"},
    {"assigned", "Assigned", "已派单"},
    {"accepted", "Accepted", "已接单"},
    {"appointment_booked", "Appointment booked", "已预约"},
    {"en_route", "En route", "在途"},
    {"on_site", "On site", "到场"},
    {"waiting", "Waiting", "挂起"},
    {"resolved", "Resolved", "已处理"},
    {"confirmed", "Confirmed by callback", "已回访确认"},
    {"closed", "Closed", "已归档"},
    {"returned", "Returned (wrong area)", "已退单"},
    {"cancelled", "Cancelled", "已撤单"},
    {"reopened", "Reopened", "已重开"},
}};
inline constexpr std::array<Label, 14> kActionLabels{{
    {"assign", "Assign", "派单"},
    {"reassign", "Reassign", "改派"},
    {"accept", "Accept", "接单"},
    {"book", "Book appointment", "预约"},
    {"depart", "On the way", "出发"},
    {"arrive", "Arrived", "到场"},
    {"wait", "Wait", "挂起"},
    {"resume", "Resume", "恢复"},
    {"resolve", "Resolve", "处理完成"},
    {"callback", "Callback", "回访"},
    {"close", "Close", "归档"},
    {"return", "Return (wrong area)", "退单"},
    {"cancel", "Cancel", "撤单"},
    {"reopen", "Reopen", "重开"},
}};
inline constexpr std::array<Label, 2> kWaitForLabels{{
    {"customer", "Customer not available", "用户原因"},
    {"material", "Material", "待料"},
}};
inline constexpr std::array<Label, 8> kFaultCauseLabels{{
    {"drop_line", "Drop line", "下户线"},
    {"dist_box", "Distribution box", "分线盒"},
    {"cross_box", "Cross-connect box", "交接箱"},
    {"cable", "Cable", "电缆"},
    {"in_home", "In-home wiring", "室内线"},
    {"subscriber_equipment", "Subscriber equipment", "用户终端"},
    {"network", "Network", "网络设备"},
    {"other", "Other", "其他"},
}};

using org::label_value;
inline std::string_view to_string(OrderType v) { return label_value(kOrderTypeLabels, v); }
inline std::string_view to_string(Channel v) { return label_value(kChannelLabels, v); }
inline std::string_view to_string(State v) { return label_value(kStateLabels, v); }
inline std::string_view to_string(Action v) { return label_value(kActionLabels, v); }
inline std::string_view to_string(WaitFor v) { return label_value(kWaitForLabels, v); }
inline std::string_view to_string(FaultCause v) { return label_value(kFaultCauseLabels, v); }
inline std::optional<OrderType> parse_order_type(std::string_view s) { return org::parse_enum<OrderType>(kOrderTypeLabels, s); }
inline std::optional<Channel> parse_channel(std::string_view s) { return org::parse_enum<Channel>(kChannelLabels, s); }
inline std::optional<State> parse_state(std::string_view s) { return org::parse_enum<State>(kStateLabels, s); }
inline std::optional<Action> parse_action(std::string_view s) { return org::parse_enum<Action>(kActionLabels, s); }
inline std::optional<WaitFor> parse_wait_for(std::string_view s) { return org::parse_enum<WaitFor>(kWaitForLabels, s); }
inline std::optional<FaultCause> parse_fault_cause(std::string_view s) {
  return org::parse_enum<FaultCause>(kFaultCauseLabels, s);
}

// Open: somebody still has to act on it (the board shows these).
constexpr bool is_open(State s) {
  return s != State::resolved && s != State::confirmed && s != State::closed && s != State::cancelled;
}
// The open states, in the enum's order (what `state=open` asks for).
inline constexpr std::array<State, 9> kOpenStates{State::created,  State::assigned, State::accepted,
                                                  State::appointment_booked, State::en_route, State::on_site,
                                                  State::waiting,  State::returned, State::reopened};
static_assert([] {
  int open = 0;
  for (int i = 0; i <= static_cast<int>(State::reopened); ++i) open += is_open(static_cast<State>(i));
  for (std::size_t i = 0; i < kOpenStates.size(); ++i)
    if (!is_open(kOpenStates[i]) || (i && kOpenStates[i - 1] >= kOpenStates[i])) return false;
  return open == static_cast<int>(kOpenStates.size());
}(), "kOpenStates: every open state, once, in the enum's order");

// How the order found its owner: the line's area and who covers it, or the community's queue.
struct Routing {
  enum class Reason { responsible, backup, community_queue, manual };
  Reason reason = Reason::community_queue;
  Id area_id = 0, community_id = 0, office_id = 0, network_id = 0;
  Id assignee_id = 0;     // 0: waiting in the community's queue
  Id dist_box_id = 0;     // the box the decision came from, when there was one
  bool rural = false;     // the area's setting: decides the deadlines
  std::string explain_en, explain_zh;
};
std::string_view to_string(Routing::Reason r);

struct Order {
  Id id = 0;
  OrderType type = OrderType::fault;
  Channel channel = Channel::hotline;
  State state = State::created;
  State resume_state = State::accepted;  // where `resume` leads back to after waiting
  Routing routing;
  Id customer_id = 0, service_id = 0;
  std::int32_t pair_no = 0;
  std::string number;         // the line or account the order is about, as given
  std::string contact_name, contact_phone, address;
  std::string summary;
  std::string details_json = "{}";  // the type's own fields (docs/work-orders.md)
  Id about_order_id = 0;      // complaints: the order complained about
  std::string external_ref;   // network alarms: the alarm's id in the other system
  Millis appointment_at = 0;
  Millis commit_due_at = 0, legal_due_at = 0;  // operator's commitment and the legal limit
  DeadlinePolicy policy;       // the limits the order was accepted under (configuration at creation)
  Millis paused_since = 0;    // 0: the deadline clock is running
  std::int32_t escalation = 0;  // 0 none, 1 community head (75%), 2 office head (breached)
  Millis next_escalation_at = 0;  // when the sweeper should look again; 0: nothing pending
  Id repeat_of = 0;           // faults: the earlier fault on the same line within 30 days
  std::optional<FaultCause> cause;
  std::string resolution;
  std::int64_t fee_fen = 0;   // installation or move fee (late opening owes 1% a day of it)
  std::int64_t late_fee_fen = 0;
  std::int32_t satisfaction = 0;  // 1–5 from the callback; 0 none yet
  std::int32_t solved = -1;       // from the callback: 1 yes, 0 no, -1 not asked yet
  Id created_by = 0;
  Millis created_at = 0, updated_at = 0, accepted_at = 0, resolved_at = 0, closed_at = 0;
  std::int64_t version = 1;  // the ETag: every change a client can see makes a new one
  // How many of the latest versions only the system wrote (an escalation, due times moved by a
  // calendar change) since a person last changed the order: an If-Match naming any version from
  // `version - system_versions` on is not stale (docs/work-orders.md, "Versions").
  std::int64_t system_versions = 0;

  std::string code() const;  // WO00000123
};

// One line of the timeline: every transition and note, attributed and timestamped. The events'
// ids are the order of the live stream (/api/v1/events resumes from one).
struct Event {
  Id id = 0;
  Id order_id = 0;
  Millis at = 0;
  Id actor_id = 0;  // 0: the system (routing, escalation)
  std::string actor_name;
  std::string action;       // an Action's name, or create / escalate / pause / note
  State from = State::created, to = State::created;
  std::string note;
  std::int32_t lat_e6 = 0, lng_e6 = 0;  // where the actor was, when given
  std::string detail_json = "{}";
  Id community_id = 0, assignee_id = 0;  // who may receive it live (scope)
};

}  // namespace bc::orders
