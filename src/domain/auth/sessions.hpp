// Sign-in, sessions and API tokens. Tokens are random; only their digests are stored.
// Thread-safe: a small cache of recently checked sessions is guarded by a mutex, so most
// requests authenticate without touching the database. A revocation made through this
// instance takes effect at once; one made through another instance within kCacheMillis.
#pragma once
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/error.hpp"
#include "domain/auth/access.hpp"
#include "domain/org/repository.hpp"

namespace bc::org { class OrgService; }

namespace bc::auth {

struct Session {
  Id id = 0;
  Id staff_id = 0;
  bool is_token = false;  // an API token rather than a console session
  std::string name;       // tokens: what it is for
  Millis created_at = 0, expires_at = 0, last_seen_at = 0, revoked_at = 0;
  Id created_by = 0;
  std::string remote, user_agent;
};

struct Credentials {
  Id staff_id = 0;
  std::string password_hash;
  LoginState state;
};

class SessionRepository {
 public:
  virtual ~SessionRepository() = default;
  virtual void create(Session& s, const std::string& digest) = 0;  // sets s.id
  virtual std::optional<Session> by_digest(const std::string& digest) = 0;
  virtual std::optional<Session> by_id(Id id) = 0;
  virtual void touch(Id id, Millis at) = 0;
  virtual bool revoke(Id id, Millis at, Id by) = 0;  // false when already revoked
  // Sessions (not tokens) of a person, or tokens; most recent first; revoked ones excluded for sessions.
  virtual std::vector<Session> list(std::optional<Id> staff_id, bool tokens) = 0;
  virtual std::optional<Credentials> credentials(Id staff_id) = 0;
  virtual void save_login_state(Id staff_id, const LoginState& st) = 0;
  virtual void set_password_hash(Id staff_id, const std::string& hash) = 0;
  virtual void audit(const Actor& actor, const org::AuditRecord& r) = 0;
};

struct SessionPolicy {
  int idle_minutes = 8 * 60;
  int max_hours = 7 * 24;
  LoginPolicy login;
};

struct LoginResult {
  std::string token;
  Session session;
  Actor actor;
};

class AuthService {
 public:
  static constexpr Millis kCacheMillis = 5000;
  AuthService(SessionRepository& repo, org::OrgService& org, SessionPolicy policy);

  Result<LoginResult> login(const std::string& username, const std::string& password, const std::string& remote,
                            const std::string& user_agent);
  // Checks a password under the same throttling as sign-in, without starting a session.
  Status check_password(Id staff_id, const std::string& password);
  // Resolves a console session token (bcs_…) or an API token (bct_…) to the actor it stands for.
  Result<Actor> authenticate(const std::string& token);
  Status logout(const Actor& a);

  std::vector<Session> sessions(const Actor& a, std::optional<Id> staff_id);
  Status revoke_session(const Actor& a, Id id);
  std::vector<Session> tokens(const Actor& a);
  struct NewToken {
    std::string token;
    Session session;
  };
  Result<NewToken> create_token(const Actor& a, const std::string& name, Id staff_id, Millis expires_at);
  Status revoke_token(const Actor& a, Id id);
  void forget_cached();  // after revocations made elsewhere in this process

 private:
  struct Cached {
    Session session;
    Millis checked_at = 0;
  };
  Result<Actor> actor_of(const Session& s, Millis now);
  Status verify(const org::Staff& st, const std::string& password, Millis now);
  SessionRepository& repo_;
  org::OrgService& org_;
  SessionPolicy policy_;
  std::mutex mu_;
  std::unordered_map<std::string, Cached> cache_;
};

}  // namespace bc::auth
