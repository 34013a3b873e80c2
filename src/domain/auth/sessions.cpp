#include "domain/auth/sessions.hpp"

#include "core/crypto.hpp"
#include "domain/org/service.hpp"

namespace bc::auth {

AuthService::AuthService(SessionRepository& repo, org::OrgService& org, SessionPolicy policy)
    : repo_(repo), org_(org), policy_(policy) {}

void AuthService::forget_cached() {
  std::lock_guard lk(mu_);
  cache_.clear();
}

Status AuthService::verify(const org::Staff& st, const std::string& password, Millis now) {
  const Error wrong(Errc::unauthenticated, "Wrong username or password.");
  auto cred = repo_.credentials(st.id);
  if (!cred) return wrong;
  if (int wait = wait_before_attempt(policy_.login, cred->state, now); wait > 0) {
    Error e(Errc::rate_limited, cred->state.locked_until > now
                                    ? "Too many failed sign-ins: the account is locked for " +
                                          std::to_string((wait + 59) / 60) + " more minute(s)."
                                    : "Too many failed sign-ins: wait " + std::to_string(wait) +
                                          " second(s) before trying again.");
    e.retry_after_s = wait;
    return e;
  }
  if (cred->password_hash.empty() || !verify_password(cred->password_hash, password)) {
    // Stamped after the (slow, ~100 ms) hash check, so the wait runs from the answer, not the question.
    const Millis failed_at = now_ms();
    auto next = after_failure(policy_.login, cred->state, failed_at);
    repo_.save_login_state(st.id, next);
    if (next.locked_until > failed_at) org_.record_lock(st.id, next.locked_until, next.failures);
    return wrong;
  }
  if (!st.active) return Error(Errc::unauthenticated, "This account is retired.");
  if (cred->state.failures || cred->state.locked_until) repo_.save_login_state(st.id, {});
  if (password_needs_rehash(cred->password_hash)) repo_.set_password_hash(st.id, hash_password(password));
  return Ok{};
}

Status AuthService::check_password(Id staff_id, const std::string& password) {
  auto snap = org_.snapshot();
  const org::Staff* st = snap->staff(staff_id);
  if (!st) return not_found("Staff member");
  return verify(*st, password, now_ms());
}

Result<LoginResult> AuthService::login(const std::string& username, const std::string& password,
                                       const std::string& remote, const std::string& user_agent) {
  const Millis now = now_ms();
  auto snap = org_.snapshot();
  const org::Staff* st = snap->staff_by_username(username);
  if (!st) {
    // The same work and the same answer as a wrong password, so usernames do not leak.
    static const std::string dummy = hash_password("not a real password");
    verify_password(dummy, password);
    return Error(Errc::unauthenticated, "Wrong username or password.");
  }
  if (auto v = verify(*st, password, now); !v) return v.error();

  LoginResult out;
  out.token = random_token("bcs_");
  out.session.staff_id = st->id;
  out.session.created_at = out.session.last_seen_at = now;
  out.session.expires_at = now + policy_.max_hours * 3600000LL;
  out.session.remote = remote;
  out.session.user_agent = user_agent.substr(0, 300);
  out.session.created_by = st->id;
  repo_.create(out.session, token_digest(out.token));
  out.actor = actor_for(*snap, *st);
  out.actor.session_id = out.session.id;
  return out;
}

Result<Actor> AuthService::actor_of(const Session& s, Millis now) {
  const Error expired(Errc::unauthenticated, "Your session has ended; sign in again.");
  if (s.revoked_at) return expired;
  if (s.expires_at && now >= s.expires_at) return expired;
  if (!s.is_token && now - s.last_seen_at > policy_.idle_minutes * 60000LL) return expired;
  auto snap = org_.snapshot();
  const org::Staff* st = snap->staff(s.staff_id);
  if (!st || !st->active) return Error(Errc::unauthenticated, "This account is retired.");
  Actor a = actor_for(*snap, *st);
  a.session_id = s.id;
  a.via_token = s.is_token;
  return a;
}

Result<Actor> AuthService::authenticate(const std::string& token) {
  const Error none(Errc::unauthenticated, "Sign in first.");
  if (token.size() < 10 || token.size() > 100 || (token.rfind("bcs_", 0) != 0 && token.rfind("bct_", 0) != 0))
    return none;
  const Millis now = now_ms();
  {
    std::lock_guard lk(mu_);
    auto it = cache_.find(token);
    if (it != cache_.end() && now - it->second.checked_at < kCacheMillis) return actor_of(it->second.session, now);
  }
  auto s = repo_.by_digest(token_digest(token));
  if (!s) return none;
  auto a = actor_of(*s, now);
  if (a && now - s->last_seen_at > 60000) {  // idle clock: written at most once a minute
    repo_.touch(s->id, now);
    s->last_seen_at = now;
  }
  std::lock_guard lk(mu_);
  if (cache_.size() > 100000) cache_.clear();
  cache_[token] = Cached{*s, now};
  return a;
}

Status AuthService::logout(const Actor& a) {
  if (a.session_id && !a.via_token) repo_.revoke(a.session_id, now_ms(), a.staff_id);
  forget_cached();
  return Ok{};
}

std::vector<Session> AuthService::sessions(const Actor& a, std::optional<Id> staff_id) {
  if (!has(a.role, Permission::sessions_manage) || !staff_id) staff_id = a.staff_id;
  return repo_.list(staff_id, false);
}

Status AuthService::revoke_session(const Actor& a, Id id) {
  auto s = repo_.by_id(id);
  if (!s || s->is_token || (s->staff_id != a.staff_id && !has(a.role, Permission::sessions_manage)))
    return not_found("Session");
  if (!repo_.revoke(id, now_ms(), a.staff_id)) return unprocessable("id", "the session has already ended");
  repo_.audit(a, {"session.revoke", "session", id, "", 0, "", ""});
  forget_cached();
  return Ok{};
}

std::vector<Session> AuthService::tokens(const Actor& a) {
  if (!has(a.role, Permission::tokens_manage)) return {};
  return repo_.list(std::nullopt, true);
}

Result<AuthService::NewToken> AuthService::create_token(const Actor& a, const std::string& name, Id staff_id,
                                                        Millis expires_at) {
  if (!has(a.role, Permission::tokens_manage)) return forbidden("Only administrators manage API tokens.");
  if (name.empty() || name.size() > 100) return invalid("name", "must be 1 to 100 characters");
  const Millis now = now_ms();
  if (expires_at && expires_at <= now) return invalid("expiresAt", "must be in the future");
  if (!staff_id) staff_id = a.staff_id;
  auto snap = org_.snapshot();
  const org::Staff* st = snap->staff(staff_id);
  if (!st || !st->active) return unprocessable("staffId", "no such active staff member");
  NewToken out;
  out.token = random_token("bct_");
  out.session.staff_id = staff_id;
  out.session.is_token = true;
  out.session.name = name;
  out.session.created_at = out.session.last_seen_at = now;
  out.session.expires_at = expires_at;
  out.session.created_by = a.staff_id;
  repo_.create(out.session, token_digest(out.token));
  out.session.last_seen_at = 0;
  repo_.audit(a, {"api_token.create", "api_token", out.session.id, name, st->unit_id, "", ""});
  return out;
}

Status AuthService::revoke_token(const Actor& a, Id id) {
  if (!has(a.role, Permission::tokens_manage)) return forbidden("Only administrators manage API tokens.");
  auto s = repo_.by_id(id);
  if (!s || !s->is_token) return not_found("API token");
  if (!repo_.revoke(id, now_ms(), a.staff_id)) return unprocessable("id", "the token is already revoked");
  repo_.audit(a, {"api_token.revoke", "api_token", id, s->name, 0, "", ""});
  forget_cached();
  return Ok{};
}

}  // namespace bc::auth
