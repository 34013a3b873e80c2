#include "domain/plant/network.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <set>

#include "domain/org/service.hpp"
#include "domain/plant/repository.hpp"
#include "domain/plant/service.hpp"

namespace bc::plant {
namespace json = boost::json;

namespace {

Status check_code(const std::string& code) {
  if (code.empty() || code.size() > 40) return invalid("code", "must be 1 to 40 characters");
  for (char ch : code)
    if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == '_' || ch == '-'))
      return invalid("code", "may contain only letters, digits, '.', '_' and '-'");
  return Ok{};
}

json::array refs_json(const std::vector<Ref>& v) {
  json::array out;
  for (const auto& r : v) out.push_back(json::string(r.code));
  return out;
}

json::object end_json(const CableEnd& e) {
  return json::object{{"kind", to_string(e.kind)}, {"code", e.code}};
}

std::string describe(const Cable& c) {
  return json::serialize(json::object{{"id", c.id},
                                      {"code", c.code},
                                      {"kind", to_string(c.kind)},
                                      {"from", end_json(c.from)},
                                      {"to", end_json(c.to)},
                                      {"pairs", c.pairs},
                                      {"lengthM", c.length_m},
                                      {"boxes", refs_json(c.boxes)},
                                      {"status", c.active ? "active" : "retired"},
                                      {"version", c.version}});
}
std::string describe(const Pole& p) {
  return json::serialize(json::object{{"id", p.id},
                                      {"code", p.code},
                                      {"kind", to_string(p.kind)},
                                      {"lat_e6", p.lat_e6},
                                      {"lng_e6", p.lng_e6},
                                      {"boxes", refs_json(p.boxes)},
                                      {"cables", refs_json(p.cables)},
                                      {"status", p.active ? "active" : "retired"},
                                      {"version", p.version}});
}
std::string describe(const DropLine& d) {
  return json::serialize(json::object{{"id", d.id},
                                      {"code", d.code},
                                      {"distBox", d.dist_box_code},
                                      {"pairNo", d.pair_no},
                                      {"service", d.service_code},
                                      {"kind", to_string(d.kind)},
                                      {"lengthM", d.length_m},
                                      {"installedAt", d.installed_at},
                                      {"status", d.active ? "active" : "retired"},
                                      {"version", d.version}});
}

bool same_refs(std::vector<Ref> a, std::vector<Ref> b) {
  auto by_id = [](const Ref& x, const Ref& y) { return x.id < y.id; };
  std::sort(a.begin(), a.end(), by_id);
  std::sort(b.begin(), b.end(), by_id);
  return a == b;
}

void add_unique(std::vector<Ref>& v, const Ref& r) {
  if (std::find(v.begin(), v.end(), r) == v.end()) v.push_back(r);
}

bool may_write_plant(const auth::Actor& a) { return auth::has(a.role, auth::Permission::org_write); }
// Area managers install and re-terminate drop lines themselves.
bool may_write_drop_lines(const auth::Actor& a) { return may_write_plant(a) || a.role == org::Role::area_manager; }

bool contains_ci(const std::string& hay, const std::string& needle) {
  if (needle.empty()) return true;
  auto lower = [](std::string s) {
    for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return s;
  };
  return lower(hay).find(lower(needle)) != std::string::npos;
}

template <class T>
bool listed(const T& x, const ListQuery& q) {
  if (q.active && *q.active != x.active) return false;
  return contains_ci(x.code, q.q);
}

}  // namespace

bool same_record(const Cable& a, const Cable& b) { return describe(a) == describe(b); }
bool same_record(const Pole& a, const Pole& b) { return describe(a) == describe(b); }
bool same_record(const DropLine& a, const DropLine& b) { return describe(a) == describe(b); }

Id NetworkService::network_by_code(const std::string& code) const {
  const org::Unit* u = org_.snapshot()->unit_by_code(code);
  return u && u->kind == org::UnitKind::local_network ? u->id : 0;
}

NetworkService::NetworkService(PlantService& plant, PlantRepository& plant_repo, NetworkRepository& repo,
                               org::OrgService& org)
    : plant_(plant), plant_repo_(plant_repo), repo_(repo), org_(org) {
  plant_.set_box_check([this](const DistBox& before, const DistBox& after) { return check_box_change(before, after); });
}

// A distribution box corrected through PlantService: its network records must stay true.
Status NetworkService::check_box_change(const DistBox& before, const DistBox& after) {
  if (before.mount == Mount::pole && after.mount != Mount::pole)
    for (const auto& p : repo_.poles({0, after.id, 0}))
      if (p.active)
        return unprocessable("mount", "the box hangs on pole " + p.code + "; take it off the pole record first");
  if (after.capacity < before.capacity)
    for (const auto& d : repo_.drop_lines_of_box(after.id))
      if (d.active && d.pair_no > after.capacity)
        return unprocessable("capacity", "pair " + std::to_string(d.pair_no) + " has drop line " + d.code +
                                             "; retire or move it before shrinking the box");
  return Ok{};
}

// ---- scope ---------------------------------------------------------------------------------------
bool NetworkService::box_visible(const org::OrgSnapshot& s, const auth::Actor& a, Id box_id) const {
  if (auto b = plant_.index().box(box_id)) return auth::can_see_unit(s, a, b->area_id);
  return false;
}

// A cable is visible to whoever sees its local network, or one of the boxes it reaches or serves.
bool NetworkService::visible(const org::OrgSnapshot& s, const auth::Actor& a, const Cable& c) const {
  if (auth::can_see_unit(s, a, c.network_id)) return true;
  for (const auto& r : c.boxes)
    if (box_visible(s, a, r.id)) return true;
  for (const CableEnd* e : {&c.from, &c.to}) {
    if (e->kind == EndKind::dist_box && box_visible(s, a, e->id)) return true;
    if (e->kind == EndKind::cross_box)
      if (auto x = plant_repo_.cross_box(e->id); x && x->area_id && auth::can_see_unit(s, a, x->area_id)) return true;
  }
  return false;
}

bool NetworkService::visible(const org::OrgSnapshot& s, const auth::Actor& a, const Pole& p) const {
  if (auth::can_see_unit(s, a, p.network_id)) return true;
  for (const auto& r : p.boxes)
    if (box_visible(s, a, r.id)) return true;
  return false;
}

bool NetworkService::visible(const org::OrgSnapshot& s, const auth::Actor& a, const DropLine& d) const {
  return auth::can_see_unit(s, a, d.network_id) || box_visible(s, a, d.dist_box_id);
}

// Those who hold the whole local network change anything in it; a head of a smaller part changes a
// record only when every distribution box it touches is theirs.
Status NetworkService::writable(const org::OrgSnapshot& s, const auth::Actor& a, Id network,
                                const std::vector<Ref>& boxes) const {
  if (auth::can_see_unit(s, a, network)) return Ok{};
  if (boxes.empty()) return forbidden("Only those responsible for the whole local network may change this record.");
  for (const auto& b : boxes)
    if (!box_visible(s, a, b.id))
      return forbidden("Distribution box " + b.code + " is outside your part of the organisation.");
  return Ok{};
}

// ---- cables --------------------------------------------------------------------------------------
Result<Cable> NetworkService::apply(const org::OrgSnapshot& s, const Cable& base, const CableInput& in, bool creating) {
  Cable c = base;
  Error e(Errc::invalid, "The request has invalid fields.");
  if (in.code) {
    if (auto st = check_code(*in.code); !st) e.fields.push_back(st.error().fields.front());
    c.code = *in.code;
  } else if (creating) e.field("code", "is required");
  if (in.kind) c.kind = *in.kind;
  else if (creating) e.field("kind", "is required: primary, distribution or fibre");
  if (creating && !in.from) e.field("from", "is required: {kind: exchange|cross_box|dist_box, id or code}");
  if (creating && !in.to) e.field("to", "is required: {kind: exchange|cross_box|dist_box, id or code}");
  if (in.pairs) {
    if (*in.pairs < 1 || *in.pairs > 10000) e.field("pairs", "must be between 1 and 10000");
    c.pairs = *in.pairs;
  } else if (creating) e.field("pairs", "is required: the number of pairs (fibre: cores)");
  if (in.length_m) {
    if (*in.length_m < 0 || *in.length_m > 100000) e.field("lengthM", "must be between 0 and 100000 metres");
    c.length_m = *in.length_m;
  }
  if (!e.fields.empty()) return e;

  // The rules below are business rules: 422, naming the field.
  Error u(Errc::unprocessable, "The cable breaks a plant rule.");
  Id network = 0;
  auto resolve = [&](const char* field, const EndInput& ei, CableEnd& out) {
    out = CableEnd{ei.kind, 0, ""};
    if (ei.kind == EndKind::exchange) return;
    if (ei.kind == EndKind::cross_box) {
      Id id = ei.id ? ei.id : repo_.cross_box_by_code(ei.code);
      auto x = id ? plant_repo_.cross_box(id) : std::nullopt;
      if (!x) return void(u.field(field, "no cross-connect box " + (ei.code.empty() ? std::to_string(ei.id) : ei.code)));
      if (!x->active) return void(u.field(field, "cross-connect box " + x->code + " is retired"));
      out.id = x->id;
      out.code = x->code;
      if (network && network != x->network_id) u.field(field, "the two ends are in different local networks");
      network = x->network_id;
    } else {
      Id id = ei.id ? ei.id : repo_.dist_box_by_code(ei.code);
      auto d = id ? plant_repo_.dist_box(id) : std::nullopt;
      if (!d) return void(u.field(field, "no distribution box " + (ei.code.empty() ? std::to_string(ei.id) : ei.code)));
      if (!d->active) return void(u.field(field, "distribution box " + d->code + " is retired"));
      out.id = d->id;
      out.code = d->code;
      if (network && network != d->network_id) u.field(field, "the two ends are in different local networks");
      network = d->network_id;
    }
  };
  // Ends: re-resolved from what is stored when not given, so the network is known.
  CableEnd old_from = c.from, old_to = c.to;
  resolve("from", in.from.value_or(EndInput{old_from.kind, old_from.id, old_from.code}), c.from);
  resolve("to", in.to.value_or(EndInput{old_to.kind, old_to.id, old_to.code}), c.to);
  if (!u.fields.empty()) return u;
  if (!network) return unprocessable("to", "at least one end must be a cross-connect box or a distribution box");
  if (c.from.kind == c.to.kind && c.from.id == c.to.id) return unprocessable("to", "a cable cannot end where it starts");
  switch (c.kind) {
    case CableKind::primary:
      if (!((c.from.kind == EndKind::exchange && c.to.kind == EndKind::cross_box) ||
            (c.to.kind == EndKind::exchange && c.from.kind == EndKind::cross_box)))
        return unprocessable("to", "a primary cable runs from the exchange to a cross-connect box");
      break;
    case CableKind::distribution:
      if (c.from.kind == EndKind::exchange || c.to.kind != EndKind::dist_box)
        return unprocessable("to", "a distribution cable runs from a cross-connect box (or a distribution box) to a "
                                   "distribution box");
      break;
    case CableKind::fibre: break;
  }
  if (!creating && network != base.network_id)
    return unprocessable("to", "a cable stays in its local network; retire it and record a new one");
  c.network_id = network;

  if (in.boxes) {
    c.boxes.clear();
    for (const auto& r : *in.boxes) {
      Id id = r.id ? r.id : repo_.dist_box_by_code(r.code);
      auto d = id ? plant_repo_.dist_box(id) : std::nullopt;
      if (!d) { u.field("boxIds", "no distribution box " + (r.code.empty() ? std::to_string(r.id) : r.code)); continue; }
      if (!d->active) { u.field("boxIds", "distribution box " + d->code + " is retired"); continue; }
      if (d->network_id != network) { u.field("boxIds", "distribution box " + d->code + " is in another local network"); continue; }
      if (c.kind == CableKind::distribution && c.from.kind == EndKind::cross_box && d->cross_box_id != c.from.id) {
        u.field("boxIds", "distribution box " + d->code + " does not hang off cross-connect box " + c.from.code);
        continue;
      }
      add_unique(c.boxes, {d->id, d->code});
    }
    if (!u.fields.empty()) return u;
  }
  if (c.kind == CableKind::primary && !c.boxes.empty())
    return unprocessable("boxIds", "a primary cable serves its cross-connect box, not distribution boxes");
  // A distribution-box end is served by the cable by definition.
  for (const CableEnd* end : {&c.from, &c.to})
    if (end->kind == EndKind::dist_box) add_unique(c.boxes, {end->id, end->code});
  (void)s;
  return c;
}

Result<Cable> NetworkService::cable(const auth::Actor& a, Id id) {
  auto c = repo_.cable(id);
  if (!c || !visible(*org_.snapshot(), a, *c)) return not_found("Cable");
  return *c;
}

Result<std::vector<Cable>> NetworkService::cables(const auth::Actor& a, const CableFilter& f,
                                                  std::optional<CableKind> kind, const ListQuery& q) {
  auto snap = org_.snapshot();
  if (!f.network_id && !f.dist_box_id && !f.cross_box_id)
    return invalid("networkId", "give networkId, crossBoxId or distBoxId");
  if (f.dist_box_id && !box_visible(*snap, a, f.dist_box_id)) return std::vector<Cable>{};
  auto all = repo_.cables(f);
  std::erase_if(all, [&](const Cable& c) { return (kind && c.kind != *kind) || !listed(c, q) || !visible(*snap, a, c); });
  return all;
}

Result<Cable> NetworkService::check_cable(const auth::Actor& a, const CableInput& in, std::optional<Cable>& existing) {
  auto snap = org_.snapshot();
  if (!may_write_plant(a)) return forbidden("Your role may not change the plant records.");
  // The code is looked up in the network of the ends; resolve once without the code to learn it.
  Cable base;
  existing.reset();
  auto probe = apply(*snap, base, in, true);
  if (!probe) return probe;
  if (Id id = repo_.cable_by_code(probe->network_id, probe->code)) existing = repo_.cable(id);
  if (!existing) {
    if (auto st = writable(*snap, a, probe->network_id, probe->boxes); !st) return st.error();
    return probe;
  }
  CableInput upd = in;
  auto c = apply(*snap, *existing, upd, false);
  if (!c) return c;
  if (auto st = writable(*snap, a, existing->network_id, existing->boxes); !st) return st.error();
  if (auto st = writable(*snap, a, c->network_id, c->boxes); !st) return st.error();
  return c;
}

Status NetworkService::save_checked(const auth::Actor& a, Cable& c, const std::optional<Cable>& before) {
  const std::string b = before ? describe(*before) : "";
  if (before) {
    if (b == describe(c)) return Ok{};
    c.version = before->version + 1;
  } else {
    c.version = 1;
    c.created_at = now_ms();
  }
  c.updated_at = now_ms();
  WriteHooks h;
  h.audit = [&] {
    return org::AuditRecord{before ? "cable.update" : "cable.create", "cable", c.id, c.code, c.network_id, b,
                            describe(c)};
  };
  return repo_.save_cable(c, before ? before->version : 0, a, h);
}

Result<Cable> NetworkService::create_cable(const auth::Actor& a, const CableInput& in, const Remember<Cable>& remember) {
  if (!may_write_plant(a)) return forbidden("Your role may not change the plant records.");
  auto snap = org_.snapshot();
  auto c = apply(*snap, Cable{}, in, true);
  if (!c) return c;
  if (auto st = writable(*snap, a, c->network_id, c->boxes); !st) return st.error();
  if (repo_.cable_by_code(c->network_id, c->code))
    return Error(Errc::conflict, "Cable code " + c->code + " is already used in this local network.").field("code", "is taken");
  c->created_at = c->updated_at = now_ms();
  WriteHooks h;
  Cable& out = *c;
  h.audit = [&] { return org::AuditRecord{"cable.create", "cable", out.id, out.code, out.network_id, "", describe(out)}; };
  if (remember) h.remember = [&] { return remember(out); };
  if (auto st = repo_.save_cable(out, 0, a, h); !st) return st.error();
  return out;
}

Result<Cable> NetworkService::update_cable(const auth::Actor& a, Id id, std::int64_t if_match, const CableInput& in) {
  if (!may_write_plant(a)) return forbidden("Your role may not change the plant records.");
  auto cur = repo_.cable(id);
  auto snap = org_.snapshot();
  if (!cur) return not_found("Cable");
  if (!visible(*snap, a, *cur)) return forbidden("The cable is outside your part of the organisation.");
  if (auto st = writable(*snap, a, cur->network_id, cur->boxes); !st) return st.error();
  if (cur->version != if_match) return stale(cur->version);
  if (!cur->active) return unprocessable("status", "the cable is retired");
  auto c = apply(*snap, *cur, in, false);
  if (!c) return c;
  if (auto st = writable(*snap, a, c->network_id, c->boxes); !st) return st.error();
  if (c->code != cur->code && repo_.cable_by_code(c->network_id, c->code))
    return Error(Errc::conflict, "Cable code " + c->code + " is already used in this local network.").field("code", "is taken");
  if (auto st = save_checked(a, *c, cur); !st) return st.error();
  return *c;
}

Result<Cable> NetworkService::retire_cable(const auth::Actor& a, Id id, std::int64_t if_match) {
  if (!may_write_plant(a)) return forbidden("Your role may not change the plant records.");
  auto cur = repo_.cable(id);
  auto snap = org_.snapshot();
  if (!cur) return not_found("Cable");
  if (!visible(*snap, a, *cur)) return forbidden("The cable is outside your part of the organisation.");
  if (auto st = writable(*snap, a, cur->network_id, cur->boxes); !st) return st.error();
  if (cur->version != if_match) return stale(cur->version);
  if (!cur->active) return unprocessable("status", "the cable is already retired");
  // Still carried by a pole: take it off the pole record first, so the pole's record stays true.
  for (const auto& p : cur->poles)
    if (auto pole = repo_.pole(p.id); pole && pole->active)
      return unprocessable("poles", "pole " + p.code + " still carries the cable; take it off the pole first");
  Cable c = *cur;
  c.active = false;
  if (auto st = save_checked(a, c, cur); !st) return st.error();
  return c;
}

// ---- poles ---------------------------------------------------------------------------------------
Result<Pole> NetworkService::apply(const org::OrgSnapshot& s, const Pole& base, const PoleInput& in, bool creating) {
  Pole p = base;
  Error e(Errc::invalid, "The request has invalid fields.");
  if (in.code) {
    if (auto st = check_code(*in.code); !st) e.fields.push_back(st.error().fields.front());
    p.code = *in.code;
  } else if (creating) e.field("code", "is required");
  if (in.kind) p.kind = *in.kind;
  if (in.lat_e6) {
    if (*in.lat_e6 < -90'000'000 || *in.lat_e6 > 90'000'000) e.field("lat", "must be between -90 and 90");
    p.lat_e6 = *in.lat_e6;
  } else if (creating) e.field("lat", "is required");
  if (in.lng_e6) {
    if (*in.lng_e6 < -180'000'000 || *in.lng_e6 > 180'000'000) e.field("lng", "must be between -180 and 180");
    p.lng_e6 = *in.lng_e6;
  } else if (creating) e.field("lng", "is required");
  if (!e.fields.empty()) return e;

  Error u(Errc::unprocessable, "The pole breaks a plant rule.");
  if (in.network_id) {
    if (!creating && *in.network_id != base.network_id)
      return unprocessable("networkId", "a pole stays in its local network");
    const org::Unit* n = s.unit(*in.network_id);
    if (!n || n->kind != org::UnitKind::local_network) return unprocessable("networkId", "no such local network");
    p.network_id = n->id;
  }
  std::vector<DistBox> boxes;
  if (in.boxes) {
    p.boxes.clear();
    for (const auto& r : *in.boxes) {
      Id id = r.id ? r.id : repo_.dist_box_by_code(r.code);
      auto d = id ? plant_repo_.dist_box(id) : std::nullopt;
      if (!d) { u.field("boxIds", "no distribution box " + (r.code.empty() ? std::to_string(r.id) : r.code)); continue; }
      if (!d->active) { u.field("boxIds", "distribution box " + d->code + " is retired"); continue; }
      if (d->mount != Mount::pole) {
        u.field("boxIds", "distribution box " + d->code + " is mounted on a building; set its mount to pole first");
        continue;
      }
      for (const auto& other : repo_.poles({0, d->id, 0}))
        if (other.id != p.id && other.active)
          u.field("boxIds", "distribution box " + d->code + " already hangs on pole " + other.code);
      boxes.push_back(*d);
      add_unique(p.boxes, {d->id, d->code});
    }
  }
  if (!u.fields.empty()) return u;
  if (!p.network_id)
    for (const auto& d : boxes) p.network_id = d.network_id;
  if (!p.network_id) return unprocessable("networkId", "is required when no distribution box is mounted on the pole");
  for (const auto& d : boxes)
    if (d.network_id != p.network_id) u.field("boxIds", "distribution box " + d.code + " is in another local network");
  if (in.cables) {
    p.cables.clear();
    for (const auto& r : *in.cables) {
      Id id = r.id ? r.id : repo_.cable_by_code(p.network_id, r.code);
      auto c = id ? repo_.cable(id) : std::nullopt;
      if (!c) { u.field("cableIds", "no cable " + (r.code.empty() ? std::to_string(r.id) : r.code)); continue; }
      if (!c->active) { u.field("cableIds", "cable " + c->code + " is retired"); continue; }
      if (c->network_id != p.network_id) { u.field("cableIds", "cable " + c->code + " is in another local network"); continue; }
      add_unique(p.cables, {c->id, c->code});
    }
  }
  if (!u.fields.empty()) return u;
  return p;
}

Result<Pole> NetworkService::pole(const auth::Actor& a, Id id) {
  auto p = repo_.pole(id);
  if (!p || !visible(*org_.snapshot(), a, *p)) return not_found("Pole");
  return *p;
}

Result<std::vector<Pole>> NetworkService::poles(const auth::Actor& a, const PoleFilter& f, const ListQuery& q) {
  auto snap = org_.snapshot();
  if (!f.network_id && !f.dist_box_id && !f.cable_id) return invalid("networkId", "give networkId, distBoxId or cableId");
  auto all = repo_.poles(f);
  std::erase_if(all, [&](const Pole& p) { return !listed(p, q) || !visible(*snap, a, p); });
  return all;
}

Result<Pole> NetworkService::check_pole(const auth::Actor& a, const PoleInput& in, std::optional<Pole>& existing) {
  auto snap = org_.snapshot();
  if (!may_write_plant(a)) return forbidden("Your role may not change the plant records.");
  existing.reset();
  Pole base;
  auto probe = apply(*snap, base, in, true);
  if (!probe) return probe;
  if (Id id = repo_.pole_by_code(probe->network_id, probe->code)) existing = repo_.pole(id);
  if (!existing) {
    if (auto st = writable(*snap, a, probe->network_id, probe->boxes); !st) return st.error();
    return probe;
  }
  auto p = apply(*snap, *existing, in, false);
  if (!p) return p;
  if (auto st = writable(*snap, a, existing->network_id, existing->boxes); !st) return st.error();
  if (auto st = writable(*snap, a, p->network_id, p->boxes); !st) return st.error();
  return p;
}

Status NetworkService::save_checked(const auth::Actor& a, Pole& p, const std::optional<Pole>& before) {
  const std::string b = before ? describe(*before) : "";
  if (before) {
    if (b == describe(p)) return Ok{};
    p.version = before->version + 1;
  } else {
    p.version = 1;
    p.created_at = now_ms();
  }
  p.updated_at = now_ms();
  WriteHooks h;
  h.audit = [&] {
    return org::AuditRecord{before ? "pole.update" : "pole.create", "pole", p.id, p.code, p.network_id, b, describe(p)};
  };
  return repo_.save_pole(p, before ? before->version : 0, a, h);
}

Result<Pole> NetworkService::create_pole(const auth::Actor& a, const PoleInput& in, const Remember<Pole>& remember) {
  if (!may_write_plant(a)) return forbidden("Your role may not change the plant records.");
  auto snap = org_.snapshot();
  auto p = apply(*snap, Pole{}, in, true);
  if (!p) return p;
  if (auto st = writable(*snap, a, p->network_id, p->boxes); !st) return st.error();
  if (repo_.pole_by_code(p->network_id, p->code))
    return Error(Errc::conflict, "Pole code " + p->code + " is already used in this local network.").field("code", "is taken");
  p->created_at = p->updated_at = now_ms();
  WriteHooks h;
  Pole& out = *p;
  h.audit = [&] { return org::AuditRecord{"pole.create", "pole", out.id, out.code, out.network_id, "", describe(out)}; };
  if (remember) h.remember = [&] { return remember(out); };
  if (auto st = repo_.save_pole(out, 0, a, h); !st) return st.error();
  return out;
}

Result<Pole> NetworkService::update_pole(const auth::Actor& a, Id id, std::int64_t if_match, const PoleInput& in) {
  if (!may_write_plant(a)) return forbidden("Your role may not change the plant records.");
  auto cur = repo_.pole(id);
  auto snap = org_.snapshot();
  if (!cur) return not_found("Pole");
  if (!visible(*snap, a, *cur)) return forbidden("The pole is outside your part of the organisation.");
  if (auto st = writable(*snap, a, cur->network_id, cur->boxes); !st) return st.error();
  if (cur->version != if_match) return stale(cur->version);
  if (!cur->active) return unprocessable("status", "the pole is retired");
  auto p = apply(*snap, *cur, in, false);
  if (!p) return p;
  if (auto st = writable(*snap, a, p->network_id, p->boxes); !st) return st.error();
  if (p->code != cur->code && repo_.pole_by_code(p->network_id, p->code))
    return Error(Errc::conflict, "Pole code " + p->code + " is already used in this local network.").field("code", "is taken");
  if (auto st = save_checked(a, *p, cur); !st) return st.error();
  return *p;
}

Result<Pole> NetworkService::retire_pole(const auth::Actor& a, Id id, std::int64_t if_match) {
  if (!may_write_plant(a)) return forbidden("Your role may not change the plant records.");
  auto cur = repo_.pole(id);
  auto snap = org_.snapshot();
  if (!cur) return not_found("Pole");
  if (!visible(*snap, a, *cur)) return forbidden("The pole is outside your part of the organisation.");
  if (auto st = writable(*snap, a, cur->network_id, cur->boxes); !st) return st.error();
  if (cur->version != if_match) return stale(cur->version);
  if (!cur->active) return unprocessable("status", "the pole is already retired");
  if (!cur->boxes.empty())
    return unprocessable("boxIds", "distribution box " + cur->boxes.front().code +
                                       " still hangs on the pole; move it to another pole first");
  if (!cur->cables.empty())
    return unprocessable("cableIds", "the pole still carries cable " + cur->cables.front().code +
                                         "; move it to another pole first");
  Pole p = *cur;
  p.active = false;
  if (auto st = save_checked(a, p, cur); !st) return st.error();
  return p;
}

// ---- drop lines ----------------------------------------------------------------------------------
Result<DropLine> NetworkService::apply(const org::OrgSnapshot& s, const DropLine& base, const DropLineInput& in,
                                       bool creating) {
  (void)s;
  DropLine d = base;
  Error e(Errc::invalid, "The request has invalid fields.");
  if (in.code) {
    if (auto st = check_code(*in.code); !st) e.fields.push_back(st.error().fields.front());
    d.code = *in.code;
  }
  if (creating && !in.box) e.field("distBoxId", "is required");
  if (creating && !in.pair_no) e.field("pairNo", "is required");
  if (in.kind) d.kind = *in.kind;
  if (in.length_m) {
    if (*in.length_m < 0 || *in.length_m > 5000) e.field("lengthM", "must be between 0 and 5000 metres");
    d.length_m = *in.length_m;
  }
  if (in.installed_at) {
    if (*in.installed_at > now_ms() + 86400000) e.field("installedAt", "must not be in the future");
    d.installed_at = *in.installed_at;
  }
  if (!e.fields.empty()) return e;

  std::optional<DistBox> box;
  if (in.box) {
    Id id = in.box->id ? in.box->id : repo_.dist_box_by_code(in.box->code);
    box = id ? plant_repo_.dist_box(id) : std::nullopt;
    if (!box) return unprocessable("distBoxId", "no distribution box " + (in.box->code.empty() ? std::to_string(in.box->id) : in.box->code));
    if (!box->active) return unprocessable("distBoxId", "distribution box " + box->code + " is retired");
    if (!creating && box->network_id != base.network_id)
      return unprocessable("distBoxId", "a drop line stays in its local network");
    d.dist_box_id = box->id;
    d.dist_box_code = box->code;
    d.network_id = box->network_id;
  } else {
    box = plant_repo_.dist_box(d.dist_box_id);
    if (!box) return unprocessable("distBoxId", "the drop line's box is gone");
  }
  if (in.pair_no) d.pair_no = *in.pair_no;
  if (d.pair_no < 1 || d.pair_no > box->capacity)
    return unprocessable("pairNo", "distribution box " + box->code + " has pairs 1 to " + std::to_string(box->capacity));
  if (auto other = repo_.drop_line_on(d.dist_box_id, d.pair_no); other && other->id != d.id)
    return unprocessable("pairNo", "pair " + std::to_string(d.pair_no) + " of " + box->code + " already has drop line " +
                                       other->code + "; retire it first");
  if (in.service) {
    d.service_id = 0;
    d.service_code.clear();
    if (in.service->id || !in.service->code.empty()) {
      Id id = in.service->id ? in.service->id : repo_.service_by_code(in.service->code);
      auto sv = id ? plant_repo_.service(id) : std::nullopt;
      if (!sv) return unprocessable("serviceId", "no service " + (in.service->code.empty() ? std::to_string(in.service->id) : in.service->code));
      if (sv->status == ServiceStatus::ceased) return unprocessable("serviceId", "service " + sv->code + " has ceased");
      if (sv->dist_box_id != d.dist_box_id || sv->pair_no != d.pair_no)
        return unprocessable("serviceId", "service " + sv->code + " is not terminated on pair " +
                                              std::to_string(d.pair_no) + " of " + box->code);
      d.service_id = sv->id;
      d.service_code = sv->code;
    }
  } else if (d.service_id) {
    // The pair moved under a service: it must still be that service's pair.
    auto sv = plant_repo_.service(d.service_id);
    if (sv && (sv->dist_box_id != d.dist_box_id || sv->pair_no != d.pair_no))
      return unprocessable("serviceId", "service " + sv->code + " is not terminated on pair " +
                                            std::to_string(d.pair_no) + " of " + box->code + "; give the serviceId too");
  }
  if (d.code.empty()) d.code = "DL-" + box->code + "-" + std::to_string(d.pair_no);
  return d;
}

Result<DropLine> NetworkService::drop_line(const auth::Actor& a, Id id) {
  auto d = repo_.drop_line(id);
  if (!d || !visible(*org_.snapshot(), a, *d)) return not_found("Drop line");
  return *d;
}

Result<DropLine> NetworkService::drop_line_of_service(const auth::Actor& a, Id service_id) {
  auto snap = org_.snapshot();
  auto sv = plant_repo_.service(service_id);
  if (!sv) return not_found("Service");
  Id box = sv->dist_box_id;
  if (!box && sv->parent_service_id)
    if (auto parent = plant_repo_.service(sv->parent_service_id)) box = parent->dist_box_id;
  if (!box_visible(*snap, a, box) && !auth::can_see_unit(*snap, a, sv->network_id)) return not_found("Service");
  for (const auto& d : repo_.drop_lines_of_service(sv->parent_service_id && !sv->dist_box_id ? sv->parent_service_id : service_id))
    if (d.active) return d;
  return Error(Errc::not_found, "Service " + sv->code + " has no drop line on record.");
}

Result<DropLine> NetworkService::check_drop_line(const auth::Actor& a, const DropLineInput& in,
                                                 std::optional<DropLine>& existing) {
  auto snap = org_.snapshot();
  if (!may_write_drop_lines(a)) return forbidden("Your role may not change the plant records.");
  existing.reset();
  if (in.code && in.box) {
    Id bid = in.box->id ? in.box->id : repo_.dist_box_by_code(in.box->code);
    if (auto b = bid ? plant_repo_.dist_box(bid) : std::nullopt)
      if (Id id = repo_.drop_line_by_code(b->network_id, *in.code)) existing = repo_.drop_line(id);
  }
  auto d = apply(*snap, existing.value_or(DropLine{}), in, !existing);
  if (!d) return d;
  if (!box_visible(*snap, a, d->dist_box_id) && !auth::can_see_unit(*snap, a, d->network_id))
    return forbidden("Distribution box " + d->dist_box_code + " is outside your part of the organisation.");
  return d;
}

Status NetworkService::save_checked(const auth::Actor& a, DropLine& d, const std::optional<DropLine>& before) {
  const std::string b = before ? describe(*before) : "";
  if (before) {
    if (b == describe(d)) return Ok{};
    d.version = before->version + 1;
  } else {
    d.version = 1;
    d.created_at = now_ms();
  }
  d.updated_at = now_ms();
  auto area = plant_.index().box(d.dist_box_id);
  const Id scope = area ? area->area_id : d.network_id;
  WriteHooks h;
  h.audit = [&] {
    return org::AuditRecord{before ? "drop_line.update" : "drop_line.create", "drop_line", d.id, d.code, scope, b,
                            describe(d)};
  };
  return repo_.save_drop_line(d, before ? before->version : 0, a, h);
}

Result<DropLine> NetworkService::create_drop_line(const auth::Actor& a, const DropLineInput& in,
                                                  const Remember<DropLine>& remember) {
  if (!may_write_drop_lines(a)) return forbidden("Your role may not change the plant records.");
  auto snap = org_.snapshot();
  if (in.box && in.box->id && plant_repo_.dist_box(in.box->id) && !box_visible(*snap, a, in.box->id) &&
      !auth::can_see_unit(*snap, a, plant_repo_.dist_box(in.box->id)->network_id))
    return forbidden("The distribution box is outside your part of the organisation.");
  auto d = apply(*snap, DropLine{}, in, true);
  if (!d) return d;
  if (!box_visible(*snap, a, d->dist_box_id) && !auth::can_see_unit(*snap, a, d->network_id))
    return forbidden("The distribution box is outside your part of the organisation.");
  if (repo_.drop_line_by_code(d->network_id, d->code))
    return Error(Errc::conflict, "Drop line code " + d->code + " is already used in this local network.").field("code", "is taken");
  d->created_at = d->updated_at = now_ms();
  auto idx = plant_.index().box(d->dist_box_id);
  const Id scope = idx ? idx->area_id : d->network_id;
  WriteHooks h;
  DropLine& out = *d;
  h.audit = [&] { return org::AuditRecord{"drop_line.create", "drop_line", out.id, out.code, scope, "", describe(out)}; };
  if (remember) h.remember = [&] { return remember(out); };
  if (auto st = repo_.save_drop_line(out, 0, a, h); !st) return st.error();
  return out;
}

Result<DropLine> NetworkService::update_drop_line(const auth::Actor& a, Id id, std::int64_t if_match,
                                                  const DropLineInput& in) {
  if (!may_write_drop_lines(a)) return forbidden("Your role may not change the plant records.");
  auto cur = repo_.drop_line(id);
  auto snap = org_.snapshot();
  if (!cur) return not_found("Drop line");
  if (!visible(*snap, a, *cur)) return forbidden("The drop line is outside your part of the organisation.");
  if (cur->version != if_match) return stale(cur->version);
  if (!cur->active) return unprocessable("status", "the drop line is retired");
  auto d = apply(*snap, *cur, in, false);
  if (!d) return d;
  if (!box_visible(*snap, a, d->dist_box_id) && !auth::can_see_unit(*snap, a, d->network_id))
    return forbidden("The distribution box is outside your part of the organisation.");
  if (d->code != cur->code && repo_.drop_line_by_code(d->network_id, d->code))
    return Error(Errc::conflict, "Drop line code " + d->code + " is already used in this local network.").field("code", "is taken");
  if (auto st = save_checked(a, *d, cur); !st) return st.error();
  return *d;
}

Result<DropLine> NetworkService::retire_drop_line(const auth::Actor& a, Id id, std::int64_t if_match) {
  if (!may_write_drop_lines(a)) return forbidden("Your role may not change the plant records.");
  auto cur = repo_.drop_line(id);
  auto snap = org_.snapshot();
  if (!cur) return not_found("Drop line");
  if (!visible(*snap, a, *cur)) return forbidden("The drop line is outside your part of the organisation.");
  if (cur->version != if_match) return stale(cur->version);
  if (!cur->active) return unprocessable("status", "the drop line is already retired");
  if (cur->service_id)
    if (auto sv = plant_repo_.service(cur->service_id); sv && sv->status == ServiceStatus::active &&
                                                        sv->dist_box_id == cur->dist_box_id && sv->pair_no == cur->pair_no)
      return unprocessable("serviceId", "service " + sv->code + " still runs over this drop line; cease or move it first");
  DropLine d = *cur;
  d.active = false;
  if (auto st = save_checked(a, d, cur); !st) return st.error();
  return d;
}

Result<BoxNetwork> NetworkService::box_network(const auth::Actor& a, Id box_id) {
  auto b = plant_.dist_box(a, box_id);
  if (!b) return b.error();
  BoxNetwork n;
  n.cables = repo_.cables({0, box_id, 0});
  for (const auto& p : repo_.poles({0, box_id, 0}))
    if (p.active) n.pole = p;
  n.drop_lines = repo_.drop_lines_of_box(box_id);
  return n;
}

}  // namespace bc::plant
