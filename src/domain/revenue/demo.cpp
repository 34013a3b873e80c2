#include "domain/revenue/demo.hpp"

#include <map>

namespace bc::revenue {

std::vector<DemoMonth> demo_months(Millis now, const TimeZone& tz, int months) {
  std::vector<DemoMonth> out;
  const Month last = month_of(now, tz);
  for (int i = months - 1; i >= 0; --i) {
    const Month m = add_months(last, -i);
    out.push_back({m, month_start(m, tz), month_start(add_months(m, 1), tz), new_sale_window(m, tz)});
  }
  return out;
}

std::vector<Target> demo_targets(const org::OrgSnapshot& s, const std::vector<UnitMonth>& billed, Id by, Millis at) {
  std::map<std::pair<Id, Month>, std::int64_t> total;
  for (const auto& r : billed) {
    Id u = r.unit_id;
    for (int depth = 0; u && depth < 16; ++depth) {
      total[{u, r.month}] += r.amount_fen;
      const org::Unit* unit = s.unit(u);
      if (!unit) break;
      u = unit->parent_id;
    }
  }
  std::vector<Target> out;
  for (const auto& [key, amount] : total) {
    const org::Unit* u = s.unit(key.first);
    if (!u || (u->kind != org::UnitKind::area && u->kind != org::UnitKind::community && u->kind != org::UnitKind::office))
      continue;
    const std::int64_t percent = 95 + (key.first * 31 + static_cast<std::int64_t>(key.second) * 17) % 18;
    const std::int64_t fen = (amount * percent / 100 + 5000) / 10000 * 10000;  // whole hundreds of yuan
    out.push_back({key.first, key.second, fen, 1, by, at});
  }
  return out;
}

}  // namespace bc::revenue
