// The organisation's words, each once, with its zh-CN and English labels: unit kinds,
// staff roles, absence reasons. Used by domain, API and (through /api/v1/meta/enums) the console.
#pragma once
#include <array>
#include <optional>
#include <string_view>

namespace bc::org {

struct Label {
  std::string_view value, en, zh;
};

enum class UnitKind { province, local_network, centre, office, community, area };
enum class Role { administrator, centre_manager, office_head, community_head, area_manager, hotline_agent, auditor };
enum class AbsenceReason { leave, training, sick, other };

inline constexpr std::array<Label, 6> kUnitKindLabels{{
    {"province", "Province company", "省公司"},
    {"local_network", "Local network", "本地网"},
    {"centre", "Sales-maintenance centre", "营销维护中心"},
    {"office", "Sales-maintenance office", "营销维护处"},
    {"community", "Community service department", "社区服务部"},
    {"area", "Area", "片区"},
}};
inline constexpr std::array<Label, 7> kRoleLabels{{
    {"administrator", "Administrator", "系统管理员"},
    {"centre_manager", "Centre manager", "营维中心经理"},
    {"office_head", "Office head", "营维处主任"},
    {"community_head", "Community head", "社区服务部经理"},
    {"area_manager", "Area customer manager", "片区客户经理"},
    {"hotline_agent", "Hotline agent", "10000号话务员"},
    {"auditor", "Auditor (read-only)", "审计员（只读）"},
}};
inline constexpr std::array<Label, 4> kAbsenceReasonLabels{{
    {"leave", "Leave", "休假"},
    {"training", "Training", "培训"},
    {"sick", "Sick leave", "病假"},
    {"other", "Other", "其他"},
}};

inline std::string_view to_string(UnitKind k) { return kUnitKindLabels[static_cast<int>(k)].value; }
inline std::string_view to_string(Role r) { return kRoleLabels[static_cast<int>(r)].value; }
inline std::string_view to_string(AbsenceReason r) { return kAbsenceReasonLabels[static_cast<int>(r)].value; }

// The wire value of an enum whose labels are listed in enum order.
template <class E, std::size_t N>
std::string_view label_value(const std::array<Label, N>& labels, E e) {
  return labels[static_cast<std::size_t>(e)].value;
}

template <class E, std::size_t N>
std::optional<E> parse_enum(const std::array<Label, N>& labels, std::string_view s) {
  for (std::size_t i = 0; i < N; ++i)
    if (labels[i].value == s) return static_cast<E>(i);
  return std::nullopt;
}
inline std::optional<UnitKind> parse_unit_kind(std::string_view s) { return parse_enum<UnitKind>(kUnitKindLabels, s); }
inline std::optional<Role> parse_role(std::string_view s) { return parse_enum<Role>(kRoleLabels, s); }
inline std::optional<AbsenceReason> parse_absence_reason(std::string_view s) {
  return parse_enum<AbsenceReason>(kAbsenceReasonLabels, s);
}

// The kind a unit's parent must have; nullopt for the province (the root).
inline std::optional<UnitKind> parent_kind(UnitKind k) {
  if (k == UnitKind::province) return std::nullopt;
  return static_cast<UnitKind>(static_cast<int>(k) - 1);
}

// Lower is more senior. Heads manage only staff strictly below themselves.
inline int rank(Role r) {
  switch (r) {
    case Role::administrator: return 0;
    case Role::centre_manager: return 1;
    case Role::office_head: return 2;
    case Role::community_head: return 3;
    default: return 4;
  }
}

}  // namespace bc::org
