// Weighted scorecards per role and the ranking of managers (issue #5 part 4; docs/kpis.md):
// which terms count with which weight, each term's score from the period's figures, and the
// weight of a term without data shared among the others (said so in the answer). Revenue
// completion is read through RevenueSource (revenue::RevenueService: billed revenue of the
// manager's areas against their targets). Value types and pure
// functions; thread-safe.
#pragma once
#include <array>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/error.hpp"
#include "domain/auth/access.hpp"
#include "domain/kpi/figures.hpp"
#include "domain/org/enums.hpp"

namespace bc::kpi {

enum class Term { revenue_completion, repair_timeliness, satisfaction, complaints, record_accuracy, install_timeliness, first_time_fix };
inline constexpr std::array<org::Label, 7> kTermLabels{{
    {"revenueCompletion", "Revenue completion", "收入完成率"},
    {"repairTimeliness", "Repair timeliness (operator's commitment)", "修复及时率（承诺时限）"},
    {"satisfaction", "Share satisfied (4–5)", "满意率（4–5分）"},
    {"complaints", "Complaints (fewer is better)", "投诉（越少越好）"},
    {"recordAccuracy", "Record accuracy", "资料准确率"},
    {"installTimeliness", "Install timeliness (operator's commitment)", "装机及时率（承诺时限）"},
    {"firstTimeFix", "First-time fix", "一次修复率"},
}};
inline std::string_view to_string(Term t) { return org::label_value(kTermLabels, t); }
inline std::optional<Term> parse_term(std::string_view s) { return org::parse_enum<Term>(kTermLabels, s); }

struct Weight {
  Term term = Term::repair_timeliness;
  int percent = 0;
};

struct Scorecard {
  org::Role role = org::Role::area_manager;
  std::vector<Weight> weights;
  // Complaints per 10,000 subscribers a month at which the complaints term scores 0 (0 at none: 1).
  int complaint_ceiling = 10;
  std::int64_t version = 0;  // 0: the built-in default, never saved
  Id updated_by = 0;
  Millis updated_at = 0;
};
// 40 % revenue completion, 20 % repair timeliness, 20 % satisfaction, 10 % complaints, 10 % record accuracy.
Scorecard default_scorecard(org::Role role);
// Weights 0–100 summing to 100, each term at most once, a ceiling of 1–10,000.
Status check(const Scorecard& s);
// "repairTimeliness=20;satisfaction=20" — how the store keeps the weights.
std::string weights_text(const std::vector<Weight>& w);
std::vector<Weight> parse_weights(const std::string& text);

// Revenue against target of each area over months [first, last] (YYYYMM), counting only the
// months in which the area has a target above 0 (a month without one has no completion to add).
struct AreaRevenue {
  std::int64_t revenue_fen = 0, target_fen = 0;
};
class RevenueSource {
 public:
  virtual ~RevenueSource() = default;
  virtual std::unordered_map<Id, AreaRevenue> area_revenue(int first_month, int last_month) = 0;
};
// No revenue recorded (tests of the other terms): no figure, for anyone.
class NoRevenue final : public RevenueSource {
 public:
  std::unordered_map<Id, AreaRevenue> area_revenue(int, int) override { return {}; }
};

// Stored scorecards; store/kpi_store.cpp implements it.
class ScorecardRepository {
 public:
  virtual ~ScorecardRepository() = default;
  virtual std::vector<Scorecard> scorecards() = 0;
  // Writes s (version s.version) where the stored version is s.version - 1 (none stored: 0), with
  // its audit entry, in one transaction; false when someone else changed it first.
  virtual bool put_scorecard(const Scorecard& s, const auth::Actor& a, Id scope_unit, const std::string& before_json,
                             const std::string& after_json) = 0;
};

struct TermScore {
  Term term = Term::repair_timeliness;
  int weight = 0;                // as configured, %
  double applied_weight = 0;     // after sharing out the weights of terms without data
  std::optional<double> score;   // 0–1; none: no data in the period
  std::optional<Ratio> basis;    // the figure the score comes from
};
struct Score {
  std::optional<double> total;  // 0–100; none: no term had data
  std::vector<TermScore> terms;
  std::vector<Term> redistributed;  // configured terms without data, whose weight the others share
};
Score score(const Scorecard& card, const Figures& f, const std::optional<Ratio>& revenue);

}  // namespace bc::kpi
