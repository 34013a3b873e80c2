#include "domain/pay/service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <map>

#include "domain/org/service.hpp"
#include "domain/pay/rules.hpp"

namespace bc::pay {

using org::Role;
using org::UnitKind;

namespace {

std::string run_summary(const Run& r) {
  return fmt::format(R"({{"networkId":{},"month":"{}","status":"{}","version":{},"rateVersionId":{},"lines":{},)"
                     R"("managers":{},"totalFen":{}}})",
                     r.network_id, r.month.format(), to_string(r.status), r.version, r.rate_version_id, r.lines,
                     r.managers, r.total_fen);
}

std::string rates_summary(const RateVersion& v) {
  std::string rates;
  for (int t = 0; t < kTypes; ++t)
    rates += fmt::format("{}\"{}\":[{},{}]", t ? "," : "", orders::kOrderTypeLabels[t].value, v.rate_fen[t][0],
                         v.rate_fen[t][1]);
  return fmt::format(R"({{"version":{},"effectiveFrom":"{}","rates":{{{}}},"withinDeadline":[{},{}],)"
                     R"("satisfied":[{},{}],"noRepeat":[{},{}],"callbackConfirmed":[{},{}],"complaintFen":{},)"
                     R"("breachFen":{},"commission":[{},{}]}})",
                     v.version, v.effective_from.format(), rates, v.within_deadline.num, v.within_deadline.den,
                     v.satisfied.num, v.satisfied.den, v.no_repeat.num, v.no_repeat.den, v.callback_confirmed.num,
                     v.callback_confirmed.den, v.complaint_deduction_fen, v.breach_deduction_fen, v.commission.num,
                     v.commission.den);
}

bool may_run(Role r) { return r == Role::administrator || r == Role::centre_manager || r == Role::office_head; }

}  // namespace

PayService::PayService(PayRepository& repo, org::OrgService& org, TimeZone tz) : repo_(repo), org_(org), tz_(std::move(tz)) {}

Status PayService::check_network(const org::OrgSnapshot& s, const auth::Actor& a, Id network_id, bool write) const {
  const org::Unit* net = s.unit(network_id);
  if (!net || net->kind != UnitKind::local_network) return unprocessable("networkId", "is not a local network");
  if (a.role == Role::hotline_agent) return forbidden("Pay is not shown to the hotline.");
  const bool inside = a.scope_root && (s.in_subtree(network_id, a.scope_root) ||
                                       s.enclosing(a.scope_root, UnitKind::local_network) == network_id);
  if (!inside) return forbidden("The local network is outside your part of the organisation.");
  if (write && !may_run(a.role))
    return forbidden("Only an office head or above may compute or approve a local network's pay run.");
  return Ok{};
}

bool PayService::sees_statement(const org::OrgSnapshot& s, const auth::Actor& a, Id manager_id) const {
  if (manager_id == a.staff_id) return true;
  if (a.role == Role::area_manager || a.role == Role::hotline_agent) return false;
  const org::Staff* st = s.staff(manager_id);
  if (!st) return a.role == Role::administrator;
  return auth::can_see_staff(s, a, *st);
}

void PayService::name(const org::OrgSnapshot& s, Statement& st) const {
  if (const org::Staff* m = s.staff(st.manager_id)) {
    st.manager_name = m->name;
    st.manager_username = m->username;
    st.unit_id = m->unit_id;
    if (const org::Unit* u = s.unit(m->unit_id)) st.unit_name = u->name;
  }
}

Result<std::vector<RateVersion>> PayService::rates(const auth::Actor& a) {
  if (a.role == Role::hotline_agent) return forbidden("Pay is not shown to the hotline.");
  auto all = repo_.rate_versions();
  std::reverse(all.begin(), all.end());
  return all;
}

Result<RateVersion> PayService::add_rates(const auth::Actor& a, RateVersion v, std::int64_t if_match) {
  if (a.role != Role::administrator) return forbidden("Only an administrator may change the pay rates.");
  if (auto st = validate(v); !st) return st.error();
  const auto all = repo_.rate_versions();
  const std::int64_t newest = all.empty() ? 0 : all.back().version;
  if (if_match != newest) return stale(newest);
  if (auto closed = repo_.last_closed_month(); closed && v.effective_from <= *closed)
    return conflict("Month " + closed->format() + " is closed: a new rate version may start in " +
                    closed->next().format() + " at the earliest.");
  v.version = newest + 1;
  v.created_by = a.staff_id;
  v.created_by_name = a.name;
  org::AuditRecord rec{"pay_rates.create", "pay_rate_version", 0, fmt::format("v{}", v.version), 0, "",
                       rates_summary(v)};
  if (!repo_.insert_rate_version(v, a, rec)) {
    const auto now = repo_.rate_versions();
    return stale(now.empty() ? 0 : now.back().version);
  }
  return v;
}

void PayService::ensure_rates(const auth::Actor& a, Month from) {
  if (!repo_.rate_versions().empty()) return;
  RateVersion v = default_rates(from);
  v.created_by = a.staff_id;
  v.created_by_name = a.name;
  org::AuditRecord rec{"pay_rates.create", "pay_rate_version", 0, "v1", 0, "", rates_summary(v)};
  repo_.insert_rate_version(v, a, rec);
}

Result<RunOutcome> PayService::compute(const auth::Actor& a, Id network_id, Month month, const std::string& idem_key,
                                       const RunResponse& response) {
  const auto snap = org_.snapshot();
  if (auto st = check_network(*snap, a, network_id, true); !st) return st.error();
  const auto t0 = std::chrono::steady_clock::now();
  const Millis now = now_ms();
  if (month.start(tz_) > now) return unprocessable("month", "is in the future: pay is computed for work already done");
  auto existing = repo_.run_of(network_id, month);
  if (existing && existing->status == RunStatus::approved) {
    Error e = conflict("The pay run of " + month.format() + " was approved: the month is closed and never changes. "
                       "Corrections land as adjustment lines in the run of " + month.next().format() + ".");
    e.current_version = existing->version;
    return e;
  }
  const auto versions = repo_.rate_versions();
  const RateVersion* in_force = nullptr;
  for (const auto& v : versions)
    if (v.effective_from <= month && (!in_force || v.version > in_force->version)) in_force = &v;
  if (!in_force)
    return unprocessable("month", "no pay rate version is in force for " + month.format() + ": add one (POST /api/v1/pay-rates)");
  std::map<Id, const RateVersion*> by_id;
  for (const auto& v : versions) by_id[v.id] = &v;

  std::vector<Line> lines;
  for (const auto& w : repo_.work(network_id, month.start(tz_), month.end(tz_), existing ? existing->id : 0))
    if (w.resolver_id) lines.push_back(price(w, *in_force));
  Month first = month;
  for (int i = 0; i < kAdjustmentMonths; ++i) first = first.prev();
  for (const auto& p : repo_.paid_work(network_id, first, month.prev())) {
    auto it = by_id.find(p.rate_version_id);
    if (it == by_id.end()) continue;
    if (auto adj = adjustment(p, *it->second)) lines.push_back(std::move(*adj));
  }
  auto statements = statements_of(lines);
  for (auto& s : statements) name(*snap, s);

  Run run = existing ? *existing : Run{};
  run.network_id = network_id;
  run.month = month;
  run.status = RunStatus::draft;
  run.rate_version_id = in_force->id;
  run.version = existing ? existing->version + 1 : 1;
  run.computed_by = a.staff_id;
  run.computed_at = now;
  run.lines = static_cast<std::int64_t>(lines.size());
  run.managers = static_cast<std::int64_t>(statements.size());
  run.total_fen = 0;
  for (const auto& s : statements) run.total_fen += s.total_fen;
  run.compute_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
  const std::string before = existing ? run_summary(*existing) : "";
  org::AuditRecord rec{existing ? "pay_run.recompute" : "pay_run.create", "pay_run", run.id,
                       fmt::format("{}-{}", month.format(), network_id), network_id, before, ""};
  rec.after_json = run_summary(run);
  if (auto st = repo_.save_run(run, lines, statements, a, rec, idem_key, response); !st) return st.error();
  return RunOutcome{run, !existing};
}

Result<Run> PayService::approve(const auth::Actor& a, Id run_id, std::int64_t if_match) {
  auto r = repo_.run(run_id);
  if (!r) return not_found("Pay run");
  const auto snap = org_.snapshot();
  if (auto st = check_network(*snap, a, r->network_id, false); !st) return st.error();
  if (!may_run(a.role))
    return forbidden("Only the office head or above for the local network may approve its pay run.");
  if (r->status == RunStatus::approved) {
    Error e = conflict("The pay run of " + r->month.format() + " is already approved: the month is closed.");
    e.current_version = r->version;
    return e;
  }
  if (r->version != if_match) return stale(r->version);
  Run next = *r;
  next.status = RunStatus::approved;
  next.version = r->version + 1;
  next.approved_by = a.staff_id;
  next.approved_at = now_ms();
  org::AuditRecord rec{"pay_run.approve", "pay_run", r->id, fmt::format("{}-{}", r->month.format(), r->network_id),
                       r->network_id, run_summary(*r), run_summary(next)};
  if (!repo_.approve(next, a, rec)) {
    auto cur = repo_.run(run_id);
    return stale(cur ? cur->version : 0);
  }
  return next;
}

Result<std::vector<Run>> PayService::runs(const auth::Actor& a, Id network_id) {
  const auto snap = org_.snapshot();
  if (network_id) {
    if (auto st = check_network(*snap, a, network_id, false); !st) return st.error();
    return repo_.runs(network_id);
  }
  std::vector<Run> out;
  for (auto& r : repo_.runs(0))
    if (check_network(*snap, a, r.network_id, false).ok()) out.push_back(std::move(r));
  return out;
}

Result<Run> PayService::run(const auth::Actor& a, Id run_id) {
  auto r = repo_.run(run_id);
  if (!r) return not_found("Pay run");
  const auto snap = org_.snapshot();
  if (auto st = check_network(*snap, a, r->network_id, false); !st) return not_found("Pay run");
  return *r;
}

Result<std::vector<Statement>> PayService::statements(const auth::Actor& a, Id run_id) {
  auto r = run(a, run_id);
  if (!r) return r.error();
  const auto snap = org_.snapshot();
  std::vector<Statement> out;
  for (auto& s : repo_.statements(run_id))
    if (sees_statement(*snap, a, s.manager_id)) {
      name(*snap, s);
      out.push_back(std::move(s));
    }
  return out;
}

Result<PayService::StatementView> PayService::statement(const auth::Actor& a, Id run_id, Id manager_id) {
  auto r = run(a, run_id);
  if (!r) return r.error();
  const auto snap = org_.snapshot();
  if (!sees_statement(*snap, a, manager_id)) return forbidden("You may see only your own pay statement.");
  StatementView v;
  v.run = *r;
  for (auto& s : repo_.statements(run_id))
    if (s.manager_id == manager_id) v.statement = s;
  if (!v.statement.manager_id) return not_found("Statement of this manager in the run");
  name(*snap, v.statement);
  v.lines = repo_.lines(run_id, manager_id);
  return v;
}

Result<std::vector<PayService::StatementView>> PayService::export_view(const auth::Actor& a, Id run_id) {
  auto r = run(a, run_id);
  if (!r) return r.error();
  const auto snap = org_.snapshot();
  std::map<Id, std::size_t> at;
  std::vector<StatementView> out;
  for (auto& s : repo_.statements(run_id))
    if (sees_statement(*snap, a, s.manager_id)) {
      name(*snap, s);
      at[s.manager_id] = out.size();
      out.push_back(StatementView{*r, std::move(s), {}});
    }
  if (out.size() == 1) {
    out[0].lines = repo_.lines(run_id, out[0].statement.manager_id);
  } else if (!out.empty()) {
    for (auto& l : repo_.lines(run_id, 0)) {
      auto it = at.find(l.manager_id);
      if (it != at.end()) out[it->second].lines.push_back(std::move(l));
    }
  }
  return out;
}

}  // namespace bc::pay
