// Sign-in, sign-out, the caller's identity, password change, sessions and API tokens.
#include <boost/json.hpp>

#include "api/routes.hpp"
#include "domain/auth/sessions.hpp"
#include "domain/org/service.hpp"

namespace bc::api {
namespace json = boost::json;

namespace {
std::string session_cookie(const std::string& token, int max_age_s, bool secure) {
  return "bc_session=" + token + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age_s) +
         (secure ? "; Secure" : "");
}

json::object me_json(const Ctx& c, const org::OrgSnapshot& s, const auth::Actor& a) {
  json::array perms;
  for (auto& p : auth::permission_names(a.role)) perms.push_back(json::string(p));
  const org::Staff* m = s.staff(a.staff_id);
  const org::Unit* unit = s.unit(a.unit_id);
  const org::Unit* scope = s.unit(a.scope_root);
  (void)c;
  return json::object{{"id", a.staff_id},
                      {"username", a.username},
                      {"name", a.name},
                      {"role", org::to_string(a.role)},
                      {"unitId", a.unit_id},
                      {"unitName", unit ? unit->name : ""},
                      {"scopeUnitId", a.scope_root},
                      {"scopeUnitName", scope ? scope->name : ""},
                      {"permissions", std::move(perms)},
                      {"mustChangePassword", m && m->must_change_password}};
}

json::object session_json(const Ctx& c, const org::OrgSnapshot& s, const auth::Session& x, bool token) {
  const org::Staff* m = s.staff(x.staff_id);
  json::object o{{"id", x.id},
                 {"staffId", x.staff_id},
                 {"staffName", m ? m->name : ""},
                 {"createdAt", c.iso(x.created_at)},
                 {"expiresAt", c.iso_or_null(x.expires_at)}};
  if (token) {
    o["name"] = x.name;
    o["lastUsedAt"] = c.iso_or_null(x.last_seen_at);
    o["revokedAt"] = c.iso_or_null(x.revoked_at);
    o["createdBy"] = x.created_by;
  } else {
    o["lastSeenAt"] = c.iso(x.last_seen_at);
    o["remote"] = x.remote;
    o["userAgent"] = x.user_agent;
    o["current"] = c.actor && c.actor->session_id == x.id;
  }
  return o;
}
}  // namespace

void add_auth_routes(Router& r, Services& s, const ApiOptions& o) {
  r.add("POST", "/api/v1/auth/login", [&s, &o](Ctx& c) -> Result<Response> {
    auto body = json_body(c);
    if (!body) return body.error();
    Fields f(*body);
    auto username = f.str("username", true);
    auto password = f.str("password", true);
    if (!f.ok()) return f.error();
    auto res = s.auth.login(*username, *password, c.req.remote, std::string(c.req.header("user-agent")));
    if (!res) return res.error();
    auto snap = s.org.snapshot();
    Response out = json_response(200, json::object{{"user", me_json(c, *snap, res->actor)},
                                                   {"expiresAt", c.iso(res->session.expires_at)}});
    out.header("Set-Cookie", session_cookie(res->token, o.session_max_hours * 3600, o.cookie_secure));
    out.header("Cache-Control", "no-store");
    return out;
  }, false);

  r.add("POST", "/api/v1/auth/logout", [&s, &o](Ctx& c) -> Result<Response> {
    (void)s.auth.logout(c.who());
    Response out = no_content();
    out.header("Set-Cookie", session_cookie("", 0, o.cookie_secure));
    return out;
  });

  r.add("GET", "/api/v1/auth/me", [&s](Ctx& c) -> Result<Response> {
    auto snap = s.org.snapshot();
    return json_response(200, me_json(c, *snap, c.who()));
  });

  r.add("POST", "/api/v1/auth/password", [&s](Ctx& c) -> Result<Response> {
    auto body = json_body(c);
    if (!body) return body.error();
    Fields f(*body);
    auto current = f.str("currentPassword", true);
    auto next = f.str("newPassword", true);
    if (!f.ok()) return f.error();
    if (auto chk = s.auth.check_password(c.who().staff_id, *current); !chk) {
      if (chk.error().code == Errc::unauthenticated)
        return Error(Errc::unprocessable, "The current password is wrong.").field("currentPassword", "is wrong");
      return chk.error();
    }
    if (auto st = s.org.change_own_password(c.who(), *next); !st) return st.error();
    s.auth.forget_cached();
    return no_content();
  });

  r.add("GET", "/api/v1/sessions", [&s](Ctx& c) -> Result<Response> {
    auto staff = c.q_id("staffId");
    if (!staff) return staff.error();
    auto snap = s.org.snapshot();
    std::vector<json::object> items;
    for (const auto& x : s.auth.sessions(c.who(), staff.value())) items.push_back(session_json(c, *snap, x, false));
    return list_response(c, std::move(items), {"id", "createdAt", "lastSeenAt"}, "-id");
  });

  r.add("DELETE", "/api/v1/sessions/{id}", [&s](Ctx& c) -> Result<Response> {
    auto id = c.id_param();
    if (!id) return id.error();
    if (auto st = s.auth.revoke_session(c.who(), *id); !st) return st.error();
    return no_content();
  });

  r.add("GET", "/api/v1/api-tokens", [&s](Ctx& c) -> Result<Response> {
    if (!auth::has(c.who().role, auth::Permission::tokens_manage))
      return forbidden("Only administrators manage API tokens.");
    auto snap = s.org.snapshot();
    std::vector<json::object> items;
    for (const auto& x : s.auth.tokens(c.who())) items.push_back(session_json(c, *snap, x, true));
    return list_response(c, std::move(items), {"id", "name", "createdAt"}, "-id");
  });

  r.add("POST", "/api/v1/api-tokens", [&s](Ctx& c) -> Result<Response> {
    auto body = json_body(c);
    if (!body) return body.error();
    Fields f(*body);
    f.only({"name", "staffId", "expiresAt"});
    auto name = f.str("name", true);
    auto staff = f.id("staffId");
    auto expires = f.time("expiresAt", c.tz);
    if (!f.ok()) return f.error();
    auto t = s.auth.create_token(c.who(), *name, staff.value_or(0), expires.value_or(0));
    if (!t) return t.error();
    auto snap = s.org.snapshot();
    json::object o = session_json(c, *snap, t->session, true);
    o["token"] = t->token;
    Response out = json_response(201, o);
    out.header("Location", "/api/v1/api-tokens/" + std::to_string(t->session.id));
    out.header("Cache-Control", "no-store");
    return out;
  });

  r.add("DELETE", "/api/v1/api-tokens/{id}", [&s](Ctx& c) -> Result<Response> {
    auto id = c.id_param();
    if (!id) return id.error();
    if (auto st = s.auth.revoke_token(c.who(), *id); !st) return st.error();
    return no_content();
  });
}

}  // namespace bc::api
