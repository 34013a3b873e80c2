// What pay needs from storage; store/pay_store.cpp implements it for SQLite and PostgreSQL.
// Every write runs in one transaction with its audit entry (and a stored idempotent response).
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "domain/auth/access.hpp"
#include "domain/org/repository.hpp"
#include "domain/pay/model.hpp"

namespace bc::pay {

// Called inside a run's write transaction with the run as stored: what to keep under the
// request's Idempotency-Key (nothing: no key).
using RunResponse = std::function<std::optional<org::IdempotentResponse>(const Run&)>;

class PayRepository {
 public:
  virtual ~PayRepository() = default;

  virtual std::vector<RateVersion> rate_versions() = 0;  // oldest first
  // Stores v as version v.version when the newest stored one is v.version - 1 (none: 0); false when
  // someone added a version first. Sets v.id.
  virtual bool insert_rate_version(RateVersion& v, const auth::Actor& a, const org::AuditRecord& audit) = 0;

  // Work of the network first resolved in [from, to), not paid as work in a run other than `except_run`.
  virtual std::vector<Work> work(Id network_id, Millis from, Millis to, Id except_run) = 0;
  // Work paid in approved runs of the network for months first..last that may have changed since its
  // run was computed (the order, a complaint about it or a repeat fault of it written since), with
  // what was paid for it and what it earns now.
  virtual std::vector<PaidWork> paid_work(Id network_id, Month first, Month last) = 0;

  virtual std::optional<Run> run(Id id) = 0;
  virtual std::optional<Run> run_of(Id network_id, Month m) = 0;
  virtual std::vector<Run> runs(Id network_id) = 0;  // 0: every network; newest month first
  virtual std::optional<Month> last_closed_month() = 0;  // of any network
  virtual std::vector<Statement> statements(Id run_id) = 0;
  virtual std::vector<Line> lines(Id run_id, Id manager_id) = 0;  // manager 0: all; manager, then order

  // A new run (run.id 0: inserted, sets the id) or a recompute of a draft stored at run.version - 1;
  // its lines and statements replace the old ones. Conflict when stale, approved meanwhile, or a run
  // of that network and month was created first.
  virtual Status save_run(Run& run, const std::vector<Line>& lines, const std::vector<Statement>& statements,
                          const auth::Actor& a, const org::AuditRecord& audit, const std::string& idem_key,
                          const RunResponse& response) = 0;
  // Draft stored at run.version - 1 → approved (run carries the new version and approver).
  virtual bool approve(const Run& run, const auth::Actor& a, const org::AuditRecord& audit) = 0;
  virtual std::optional<org::IdempotentResponse> find_idempotent(Id actor, const std::string& key) = 0;
};

// Parts as JSON text for storage (and back).
std::string parts_json(const std::vector<Part>& parts);
std::vector<Part> parts_from_json(const std::string& text);

}  // namespace bc::pay
