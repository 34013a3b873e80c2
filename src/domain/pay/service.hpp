// Pay use cases (docs/pay.md): the rate table's versions, the monthly pay run of a local network
// (compute, recompute while draft, approve to close the month), statements by scope. Thread-safe:
// state lives in the database and the published org snapshot.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "domain/auth/access.hpp"
#include "domain/pay/repository.hpp"

namespace bc::org { class OrgService; }

namespace bc::pay {

// How many closed months back a run looks for corrections of work already paid.
inline constexpr int kAdjustmentMonths = 3;

struct RunOutcome {
  Run run;
  bool created = false;  // false: a draft recomputed
};

class PayService {
 public:
  PayService(PayRepository& repo, org::OrgService& org, TimeZone tz);

  // Every version, newest first (any signed-in staff member but the hotline may read the rules).
  Result<std::vector<RateVersion>> rates(const auth::Actor& a);
  // Administrators add a version; if_match is the newest version's number (0: none yet). It may not
  // start in or before a closed month.
  Result<RateVersion> add_rates(const auth::Actor& a, RateVersion v, std::int64_t if_match);
  // The demo loader: the built-in version from `from` when there is none.
  void ensure_rates(const auth::Actor& a, Month from);

  // Computes the month's run of a local network: a new draft, or the draft recomputed. Refused
  // (409) once the month is approved. Office heads and above, for their own network.
  Result<RunOutcome> compute(const auth::Actor& a, Id network_id, Month month, const std::string& idem_key = {},
                             const RunResponse& response = {});
  Result<Run> approve(const auth::Actor& a, Id run_id, std::int64_t if_match);
  Result<std::vector<Run>> runs(const auth::Actor& a, Id network_id);
  Result<Run> run(const auth::Actor& a, Id run_id);
  // The statements the actor may see (a manager: their own), names filled in.
  Result<std::vector<Statement>> statements(const auth::Actor& a, Id run_id);
  struct StatementView {
    Run run;
    Statement statement;
    std::vector<Line> lines;
  };
  Result<StatementView> statement(const auth::Actor& a, Id run_id, Id manager_id);
  // Every visible statement with its lines (exports).
  Result<std::vector<StatementView>> export_view(const auth::Actor& a, Id run_id);
  std::optional<org::IdempotentResponse> find_idempotent(Id actor, const std::string& key) {
    return repo_.find_idempotent(actor, key);
  }
  const TimeZone& tz() const { return tz_; }

 private:
  Status check_network(const org::OrgSnapshot& s, const auth::Actor& a, Id network_id, bool write) const;
  bool sees_statement(const org::OrgSnapshot& s, const auth::Actor& a, Id manager_id) const;
  void name(const org::OrgSnapshot& s, Statement& st) const;
  PayRepository& repo_;
  org::OrgService& org_;
  TimeZone tz_;
};

}  // namespace bc::pay
