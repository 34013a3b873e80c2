#include "domain/kpi/scorecard.hpp"

#include <algorithm>
#include <set>

namespace bc::kpi {

Scorecard default_scorecard(org::Role role) {
  Scorecard s;
  s.role = role;
  s.weights = {{Term::revenue_completion, 40}, {Term::repair_timeliness, 20}, {Term::satisfaction, 20},
               {Term::complaints, 10}, {Term::record_accuracy, 10}};
  return s;
}

Status check(const Scorecard& s) {
  Error e(Errc::invalid, "The scorecard has invalid fields.");
  int sum = 0;
  std::set<Term> seen;
  for (const auto& w : s.weights) {
    const std::string field = "weights." + std::string(to_string(w.term));
    if (w.percent < 0 || w.percent > 100) e.field(field, "must be 0 to 100");
    if (!seen.insert(w.term).second) e.field(field, "is given twice");
    sum += w.percent;
  }
  if (e.fields.empty() && sum != 100) e.field("weights", "must add up to 100 (they add up to " + std::to_string(sum) + ")");
  if (s.complaint_ceiling < 1 || s.complaint_ceiling > 10'000)
    e.field("complaintCeiling", "must be 1 to 10,000 complaints per 10,000 subscribers a month");
  if (!e.fields.empty()) return e;
  return Ok{};
}

std::string weights_text(const std::vector<Weight>& ws) {
  std::string out;
  for (const auto& w : ws) out += (out.empty() ? "" : ";") + std::string(to_string(w.term)) + "=" + std::to_string(w.percent);
  return out;
}

std::vector<Weight> parse_weights(const std::string& text) {
  std::vector<Weight> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find(';', pos);
    if (end == std::string::npos) end = text.size();
    const std::string item = text.substr(pos, end - pos);
    const auto eq = item.find('=');
    if (eq != std::string::npos)
      if (auto t = parse_term(item.substr(0, eq))) out.push_back(Weight{*t, std::atoi(item.c_str() + eq + 1)});
    pos = end + 1;
  }
  return out;
}

Score score(const Scorecard& card, const Figures& f, const std::optional<Ratio>& revenue) {
  const auto rates = f.rates();
  auto rate = [&](std::string_view name) {
    for (const auto& [n, r] : rates)
      if (n == name) return r;
    return Ratio{};
  };
  Score out;
  double with_data = 0;
  for (const auto& w : card.weights) {
    TermScore t;
    t.term = w.term;
    t.weight = w.percent;
    std::optional<Ratio> basis;
    switch (w.term) {
      case Term::revenue_completion: basis = revenue; break;
      case Term::repair_timeliness: basis = rate("repairTimelinessCommitment"); break;
      case Term::satisfaction: basis = rate("shareSatisfied"); break;
      case Term::complaints: basis = rate("complaintRate"); break;
      case Term::record_accuracy: basis = rate("recordAccuracy"); break;
      case Term::install_timeliness: basis = rate("installTimelinessCommitment"); break;
      case Term::first_time_fix: basis = rate("firstTimeFix"); break;
    }
    if (basis && basis->value()) {
      t.basis = basis;
      const double v = *basis->value();
      // Complaints: 1 at none, falling linearly to 0 at the ceiling; the rest are shares (revenue
      // completion counts up to 100 %).
      t.score = w.term == Term::complaints ? std::max(0.0, 1.0 - v / card.complaint_ceiling) : std::clamp(v, 0.0, 1.0);
      with_data += w.percent;
    } else if (w.percent > 0) {
      out.redistributed.push_back(w.term);
    }
    out.terms.push_back(t);
  }
  if (with_data <= 0) return out;
  double total = 0;
  for (auto& t : out.terms) {
    if (!t.score) continue;
    t.applied_weight = t.weight * 100.0 / with_data;
    total += t.applied_weight * *t.score;
  }
  out.total = total;
  return out;
}

}  // namespace bc::kpi
