#include "domain/pay/rules.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace bc::pay {

namespace {

__extension__ typedef __int128 i128;  // exact products of a rate and a few small ratios

std::string yuan(std::int64_t fen) {
  const char* sign = fen < 0 ? "-" : "";
  const std::int64_t a = fen < 0 ? -fen : fen;
  return fmt::format("{}{}.{:02d}", sign, a / 100, a % 100);
}

std::string ratio_text(const Ratio& r) { return fmt::format("{}/{}", r.num, r.den); }

}  // namespace

std::int64_t mul_round(std::int64_t a, std::int64_t num, std::int64_t den) {
  i128 p = static_cast<i128>(a) * num;
  const i128 d = den;
  const i128 half = d / 2;
  i128 q = p >= 0 ? (p + half) / d : -((-p + half) / d);
  return static_cast<std::int64_t>(q);
}

Line price(const Work& w, const RateVersion& r) {
  Line l;
  l.order_id = w.order_id;
  l.order_code = w.order_code;
  l.type = w.type;
  l.rural = w.rural;
  l.manager_id = w.resolver_id;
  l.resolved_at = w.resolved_at;
  l.kind = LineKind::work;
  l.base_fen = r.rate(w.type, w.rural);
  const auto type_label = orders::kOrderTypeLabels[static_cast<int>(w.type)];
  l.parts.push_back(Part{"rate", {1, 1}, l.base_fen,
                         fmt::format("{} ({}) rate of version {}", type_label.en, w.rural ? "rural" : "urban", r.version),
                         fmt::format("{}（{}）计件单价，第{}版", type_label.zh, w.rural ? "农村" : "城市", r.version)});
  i128 num = 1, den = 1;
  auto multiply = [&](const char* code, const Ratio& q, std::string en, std::string zh) {
    num *= q.num;
    den *= q.den;
    l.parts.push_back(Part{code, q, 0, std::move(en), std::move(zh)});
  };
  if (w.commit_due_at > 0 && w.resolved_at <= w.commit_due_at)
    multiply("within_deadline", r.within_deadline, "resolved within the operator's commitment", "在承诺时限内处理完成");
  if (w.satisfaction >= 4)
    multiply("satisfied", r.satisfied, fmt::format("callback score {}", w.satisfaction),
             fmt::format("回访满意度{}分", w.satisfaction));
  if (w.type == OrderType::fault && w.repeat_faults == 0)
    multiply("no_repeat", r.no_repeat, "no repeat fault on the line within 30 days", "30天内该线路无重复障碍");
  if (w.solved == 1)
    multiply("callback_confirmed", r.callback_confirmed, "confirmed solved by the callback", "回访确认已解决");
  // Products of a few small ratios stay far inside 128 bits; reduce before the one rounding.
  std::int64_t amount = 0;
  {
    i128 p = static_cast<i128>(l.base_fen) * num;
    const i128 half = den / 2;
    amount = static_cast<std::int64_t>(p >= 0 ? (p + half) / den : -((-p + half) / den));
  }
  if (w.upheld_complaints > 0 && r.complaint_deduction_fen) {
    const std::int64_t d = -r.complaint_deduction_fen * w.upheld_complaints;
    l.parts.push_back(Part{"complaint", {1, 1}, d,
                           fmt::format("{} upheld complaint(s) about this work", w.upheld_complaints),
                           fmt::format("该工单被投诉成立{}次", w.upheld_complaints)});
    amount += d;
  }
  if (w.legal_due_at > 0 && w.resolved_at > w.legal_due_at && r.breach_deduction_fen) {
    l.parts.push_back(Part{"breach", {1, 1}, -r.breach_deduction_fen, "resolved after the legal limit",
                           "超过法定时限处理"});
    amount -= r.breach_deduction_fen;
  }
  if (w.type == OrderType::new_line && w.new_service_fee_fen > 0) {
    const std::int64_t c = mul_round(w.new_service_fee_fen, r.commission.num, r.commission.den);
    l.parts.push_back(Part{"commission", r.commission, c,
                           fmt::format("sales commission: {} of the new service's monthly revenue {} yuan",
                                       ratio_text(r.commission), yuan(w.new_service_fee_fen)),
                           fmt::format("营销提成：新装业务月收入{}元的{}", yuan(w.new_service_fee_fen),
                                       ratio_text(r.commission))});
    amount += c;
  }
  l.amount_fen = amount;
  return l;
}

std::optional<Line> adjustment(const PaidWork& p, const RateVersion& r) {
  // Quality is looked at again; the sale's commission is not (a later change of the service's fee
  // is not a correction of the work).
  Work w = p.now;
  w.new_service_fee_fen = 0;
  Line now = price(w, r);
  if (p.paid_commission) {
    now.amount_fen += p.paid_commission->fen;
    now.parts.push_back(*p.paid_commission);
  }
  const std::int64_t diff = now.amount_fen - p.paid_fen;
  if (diff == 0) return std::nullopt;
  Line a;
  a.order_id = p.now.order_id;
  a.order_code = p.now.order_code;
  a.type = p.now.type;
  a.rural = p.now.rural;
  a.manager_id = p.manager_id;
  a.resolved_at = p.now.resolved_at;
  a.kind = LineKind::adjustment;
  a.adjusts_month = p.month.format();
  a.base_fen = 0;
  a.amount_fen = diff;
  // What changed since it was paid: parts that came or went.
  std::string en, zh;
  auto has = [](const std::vector<std::string>& v, const std::string& c) {
    return std::find(v.begin(), v.end(), c) != v.end();
  };
  std::vector<std::string> now_codes;
  for (const auto& part : now.parts) now_codes.push_back(part.code);
  for (const auto& part : now.parts)
    if (!has(p.paid_parts, part.code)) {
      en += (en.empty() ? "" : "; ") + std::string("now: ") + part.why_en;
      zh += (zh.empty() ? "" : "；") + std::string("新增：") + part.why_zh;
    }
  for (const auto& code : p.paid_parts)
    if (!has(now_codes, code)) {
      en += (en.empty() ? "" : "; ") + std::string("no longer: ") + code;
      zh += (zh.empty() ? "" : "；") + std::string("不再适用：") + code;
    }
  a.parts.push_back(Part{"adjustment", {1, 1}, diff,
                         fmt::format("correction of {} paid in closed month {}: paid {} yuan, earns {} yuan now ({})",
                                     p.now.order_code, a.adjusts_month, yuan(p.paid_fen), yuan(now.amount_fen), en),
                         fmt::format("更正{}月已结算工单{}：已付{}元，现应得{}元（{}）", a.adjusts_month,
                                     p.now.order_code, yuan(p.paid_fen), yuan(now.amount_fen), zh)});
  return a;
}

std::vector<Statement> statements_of(const std::vector<Line>& lines) {
  std::map<Id, Statement> by;
  for (const auto& l : lines) {
    auto& s = by[l.manager_id];
    s.manager_id = l.manager_id;
    if (l.kind == LineKind::work) {
      ++s.work_lines;
      s.work_fen += l.amount_fen;
    } else {
      ++s.adjustment_lines;
      s.adjustment_fen += l.amount_fen;
    }
    s.total_fen += l.amount_fen;
  }
  std::vector<Statement> out;
  out.reserve(by.size());
  for (auto& [id, s] : by) out.push_back(std::move(s));
  return out;
}

}  // namespace bc::pay
