// What the revenue module needs from storage; store/revenue_store.cpp implements it for SQLite and
// PostgreSQL. The billing import itself runs through imports::Repository (kind revenue), which
// keeps the rollups read here. Implementations are thread-safe.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "domain/revenue/model.hpp"

namespace bc::auth { struct Actor; }

namespace bc::revenue {

// Revenue of one leaf unit (an area, or a local network for services hanging off no box) in a month.
struct UnitMonth {
  Id unit_id = 0;
  Month month = 0;
  std::int64_t amount_fen = 0, services = 0;
};
// New-sales revenue credited to one member of staff in a month.
struct SellerMonth {
  Id staff_id = 0;
  Month month = 0;
  std::int64_t amount_fen = 0, services = 0;
};
struct Target {
  Id unit_id = 0;
  Month month = 0;
  std::int64_t amount_fen = 0;
  std::int64_t version = 0;  // 0: never set
  Id updated_by = 0;
  Millis updated_at = 0;
};

class Repository {
 public:
  virtual ~Repository() = default;
  // Every leaf unit's revenue in [from, to] (months inclusive).
  virtual std::vector<UnitMonth> unit_months(Month from, Month to) = 0;
  virtual std::vector<SellerMonth> sellers(Month month) = 0;
  // Every target set for months in [from, to].
  virtual std::vector<Target> targets(Month from, Month to) = 0;
  virtual std::optional<Target> target(Id unit_id, Month month) = 0;
  // Stores t as version expected+1 when the stored version is `expected` (0: none yet), keeps the
  // version in the history and writes the audit entry (scope: the unit), in one transaction.
  // Conflict (with the current version) when stale.
  virtual Result<Target> put_target(const Target& t, std::int64_t expected, const auth::Actor& actor,
                                    const std::string& unit_code) = 0;
};

}  // namespace bc::revenue
