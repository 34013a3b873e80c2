#include "domain/pay/model.hpp"

#include <fmt/format.h>

#include "domain/orders/calendar.hpp"

namespace bc::pay {

std::optional<Month> Month::parse(std::string_view s) {
  if (s.size() != 7 || s[4] != '-') return std::nullopt;
  int y = 0, m = 0;
  for (int i = 0; i < 4; ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    y = y * 10 + (s[i] - '0');
  }
  for (int i = 5; i < 7; ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    m = m * 10 + (s[i] - '0');
  }
  if (y < 2000 || y > 2999 || m < 1 || m > 12) return std::nullopt;
  return Month{y, m};
}

std::string Month::format() const { return fmt::format("{:04d}-{:02d}", y, m); }

Millis Month::start(const TimeZone& tz) const {
  const long long days = orders::Date{y, m, 1}.days();
  return days * 86'400'000LL - static_cast<Millis>(tz.offset_minutes) * 60'000;
}

Month Month::of(Millis t, const TimeZone& tz) {
  const Millis local = t + static_cast<Millis>(tz.offset_minutes) * 60'000;
  long long days = local / 86'400'000LL;
  if (local < 0 && local % 86'400'000LL) --days;
  const auto d = orders::Date::from_days(days);
  return Month{d.y, d.m};
}

RateVersion default_rates(Month from) {
  RateVersion r;
  r.version = 1;
  r.effective_from = from;
  auto set = [&](OrderType t, std::int64_t urban, std::int64_t rural) {
    r.rate_fen[static_cast<int>(t)] = {urban, rural};
  };
  set(OrderType::new_line, 2000, 2500);
  set(OrderType::move, 1500, 1800);
  set(OrderType::feature, 300, 300);
  set(OrderType::broadband, 1500, 1800);
  set(OrderType::fault, 800, 1000);
  set(OrderType::complaint, 1000, 1000);
  set(OrderType::care_visit, 500, 600);
  set(OrderType::hazard, 1200, 1500);
  set(OrderType::other, 300, 300);
  r.within_deadline = {11, 10};
  r.satisfied = {11, 10};
  r.no_repeat = {21, 20};
  r.callback_confirmed = {21, 20};
  r.complaint_deduction_fen = 2000;
  r.breach_deduction_fen = 1500;
  r.commission = {1, 2};
  r.note = "built-in first version (docs/pay.md)";
  return r;
}

Status validate(const RateVersion& v) {
  Error e(Errc::invalid, "The request has invalid fields.");
  for (int t = 0; t < kTypes; ++t)
    for (int rural = 0; rural < 2; ++rural)
      if (v.rate_fen[t][rural] < 0 || v.rate_fen[t][rural] > 100'000'000)
        e.field(fmt::format("ratesFen.{}.{}", orders::kOrderTypeLabels[t].value, rural ? "rural" : "urban"),
                "must be a whole number of fen from 0 to 100000000");
  auto ratio = [&](const char* name, const Ratio& r) {
    if (r.num < 0 || r.num > 1000 || r.den < 1 || r.den > 1000)
      e.field(std::string("multipliers.") + name, "must be {num, den} with num 0–1000 and den 1–1000");
  };
  ratio("withinDeadline", v.within_deadline);
  ratio("satisfied", v.satisfied);
  ratio("noRepeat", v.no_repeat);
  ratio("callbackConfirmed", v.callback_confirmed);
  if (v.commission.num < 0 || v.commission.den < 1 || v.commission.num > v.commission.den * 12 || v.commission.den > 1000)
    e.field("commission", "must be {num, den}: den 1–1000, at most twelve months of revenue");
  if (v.complaint_deduction_fen < 0 || v.complaint_deduction_fen > 100'000'000)
    e.field("deductions.complaintFen", "must be a whole number of fen from 0 to 100000000");
  if (v.breach_deduction_fen < 0 || v.breach_deduction_fen > 100'000'000)
    e.field("deductions.breachFen", "must be a whole number of fen from 0 to 100000000");
  if (v.note.size() > 500) e.field("note", "must be at most 500 bytes");
  if (!e.fields.empty()) return e;
  return Ok{};
}

}  // namespace bc::pay

#include <boost/json.hpp>

#include "domain/pay/repository.hpp"

namespace bc::pay {

std::string parts_json(const std::vector<Part>& parts) {
  boost::json::array a;
  for (const auto& p : parts) {
    boost::json::object o{{"code", p.code}, {"fen", p.fen}, {"en", p.why_en}, {"zh", p.why_zh}};
    if (!(p.ratio == Ratio{1, 1})) o["ratio"] = boost::json::array{p.ratio.num, p.ratio.den};
    a.push_back(std::move(o));
  }
  return boost::json::serialize(a);
}

std::vector<Part> parts_from_json(const std::string& text) {
  std::vector<Part> out;
  boost::json::error_code ec;
  auto v = boost::json::parse(text, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& e : v.as_array()) {
    if (!e.is_object()) continue;
    const auto& o = e.as_object();
    Part p;
    if (auto* c = o.if_contains("code"); c && c->is_string()) p.code = std::string(c->as_string());
    if (auto* f = o.if_contains("fen"); f && f->is_int64()) p.fen = f->as_int64();
    if (auto* s = o.if_contains("en"); s && s->is_string()) p.why_en = std::string(s->as_string());
    if (auto* s = o.if_contains("zh"); s && s->is_string()) p.why_zh = std::string(s->as_string());
    if (auto* r = o.if_contains("ratio"); r && r->is_array() && r->as_array().size() == 2 &&
                                          r->as_array()[0].is_int64() && r->as_array()[1].is_int64())
      p.ratio = Ratio{r->as_array()[0].as_int64(), r->as_array()[1].as_int64()};
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace bc::pay
