// Piece-rate pay by quality (计件工资, 按质取酬; docs/pay.md): the versioned rate table, the
// monthly pay run of a local network, its statements (one per manager) and their lines (one per
// piece of work, or an adjustment of work paid in a closed month). Value types.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"
#include "domain/orders/model.hpp"

namespace bc::pay {

using Id = std::int64_t;
using orders::OrderType;

// An exact ratio (never a float that gets summed): 11/10 is "+10 %".
struct Ratio {
  std::int64_t num = 1, den = 1;
  friend bool operator==(const Ratio&, const Ratio&) = default;
};

// A calendar month in the display time zone (Asia/Shanghai): "2026-11".
struct Month {
  int y = 1970, m = 1;
  static std::optional<Month> parse(std::string_view s);  // strict YYYY-MM
  std::string format() const;
  Month next() const { return m == 12 ? Month{y + 1, 1} : Month{y, m + 1}; }
  Month prev() const { return m == 1 ? Month{y - 1, 12} : Month{y, m - 1}; }
  // The first instant of the month in tz, and of the next month: [start, end).
  Millis start(const TimeZone& tz) const;
  Millis end(const TimeZone& tz) const { return next().start(tz); }
  static Month of(Millis t, const TimeZone& tz);
  friend bool operator==(const Month&, const Month&) = default;
  friend auto operator<=>(const Month&, const Month&) = default;
};

inline constexpr int kTypes = 9;  // orders::OrderType's values

// One version of the rate table. Versions are never edited: a change is a new version, in force
// from its month on; a run uses the newest version in force for its month.
struct RateVersion {
  Id id = 0;
  std::int64_t version = 0;  // 1, 2, … in creation order
  Month effective_from;
  std::array<std::array<std::int64_t, 2>, kTypes> rate_fen{};  // [type][rural]
  Ratio within_deadline{11, 10};     // resolved within the operator's commitment
  Ratio satisfied{11, 10};           // callback score 4 or 5
  Ratio no_repeat{21, 20};           // faults: no repeat fault on the line within 30 days
  Ratio callback_confirmed{21, 20};  // the callback confirmed the work solved it
  std::int64_t complaint_deduction_fen = 0;  // per upheld complaint about the work
  std::int64_t breach_deduction_fen = 0;     // resolved after the legal limit
  Ratio commission{1, 2};  // new lines: share of the new service's monthly revenue
  std::string note;
  Id created_by = 0;
  std::string created_by_name;
  Millis created_at = 0;

  std::int64_t rate(OrderType t, bool rural) const { return rate_fen[static_cast<int>(t)][rural ? 1 : 0]; }
};

// The demo's (and a fresh installation's) first version: docs/pay.md lists it.
RateVersion default_rates(Month from);
// Field-level problems of a new version (rates and ratios in range); empty error fields when fine.
Status validate(const RateVersion& v);

// What a piece of work earned its manager: read from the order and its timeline.
struct Work {
  Id order_id = 0;
  std::string order_code;
  OrderType type = OrderType::fault;
  bool rural = false;
  Id network_id = 0, area_id = 0;
  Id resolver_id = 0;           // who resolved it first (the actor of its first `resolve`)
  Millis resolved_at = 0;       // its first resolution: the month it is paid in
  Millis commit_due_at = 0, legal_due_at = 0;
  std::int32_t satisfaction = 0;  // callback score, 0 none
  std::int32_t solved = -1;       // callback: 1 yes, 0 no, -1 not yet
  std::int32_t repeat_faults = 0;     // later faults on the line marked repeat of this one
  std::int32_t upheld_complaints = 0; // complaints about this order, resolved (upheld)
  std::int64_t new_service_fee_fen = 0;  // new lines: the created service's monthly fee
};

// One part of a line's amount, and why it applies.
struct Part {
  std::string code;  // rate, within_deadline, satisfied, no_repeat, callback_confirmed, complaint, breach, commission, adjustment
  Ratio ratio;       // multipliers
  std::int64_t fen = 0;  // rate, deductions (negative), commission, adjustment
  std::string why_en, why_zh;
};

enum class LineKind { work, adjustment };

struct Line {
  Id id = 0, run_id = 0;
  Id manager_id = 0;
  Id order_id = 0;
  std::string order_code;
  OrderType type = OrderType::fault;
  bool rural = false;
  LineKind kind = LineKind::work;
  Millis resolved_at = 0;
  std::int64_t base_fen = 0;
  std::int64_t amount_fen = 0;
  std::vector<Part> parts;
  std::string adjusts_month;  // adjustments: the closed month whose pay they correct
};

struct Statement {
  Id run_id = 0, manager_id = 0, unit_id = 0;
  std::string manager_name, manager_username, unit_name;
  std::int64_t work_lines = 0, adjustment_lines = 0;
  std::int64_t work_fen = 0, adjustment_fen = 0, total_fen = 0;
};

enum class RunStatus { draft, approved };
inline std::string_view to_string(RunStatus s) { return s == RunStatus::draft ? "draft" : "approved"; }

struct Run {
  Id id = 0;
  Id network_id = 0;
  Month month;
  RunStatus status = RunStatus::draft;
  Id rate_version_id = 0;
  std::int64_t version = 1;  // every recompute and the approval make a new version
  Id computed_by = 0;
  Millis computed_at = 0;
  std::int64_t compute_ms = 0;  // how long the last computation took
  Id approved_by = 0;
  Millis approved_at = 0;
  std::int64_t lines = 0, managers = 0, total_fen = 0;
};

// A line already paid in an approved run, with what its order looks like now (adjustments).
struct PaidWork {
  Id run_id = 0;
  Month month;
  Id manager_id = 0;
  Id rate_version_id = 0;
  std::int64_t paid_fen = 0;   // the work line plus every adjustment since, in approved runs
  std::vector<std::string> paid_parts;  // the part codes of the work line as paid
  std::optional<Part> paid_commission;  // the sale's commission as paid: it stays as it was
  Work now;
};

}  // namespace bc::pay
