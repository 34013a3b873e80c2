#include "domain/plant/service.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <charconv>

#include "domain/org/service.hpp"
#include "domain/plant/demo.hpp"

namespace bc::plant {

PlantService::PlantService(PlantRepository& repo, org::OrgService& org) : repo_(repo), org_(org) {}

void PlantService::refresh_if_imported() {
  if (repo_.last_import_mark() != import_mark_.load()) load();
}

void PlantService::load() {
  std::lock_guard one_at_a_time(load_mu_);  // an upload's reload and the start-up/refresh thread's
  import_mark_ = repo_.last_import_mark();
  index_.begin_rebuild();  // writes landing while the database is read are applied again after
  OwnershipIndex fresh;
  try {
    repo_.load_index(fresh);
  } catch (...) {
    index_.cancel_rebuild();  // the index as it was goes on, kept in step
    throw;
  }
  fresh.seal();
  index_.replace_with(std::move(fresh));
}

bool PlantService::visible_box(const org::OrgSnapshot& s, const auth::Actor& a, Id box_id) const {
  const Id area = index_.area_of_box(box_id);
  return area && auth::can_see_unit(s, a, area);
}

bool PlantService::visible_customer(const org::OrgSnapshot& s, const auth::Actor& a, const Customer& c) const {
  if (Id box = index_.box_of_customer(c.id)) return visible_box(s, a, box);
  // Not on a line (yet): those whose scope holds the whole local network see it.
  return auth::can_see_unit(s, a, c.network_id);
}

Result<Ownership> PlantService::owner_from(const auth::Actor& a, OwnershipIndex::Hit hit) {
  // Boxes and cross-connect boxes come from the index; a line's service and holder from one
  // statement prepared once per connection (docs/decisions.md).
  Ownership o;
  o.org = org_.snapshot();
  if (hit.service_id) {
    auto line = repo_.line(hit.service_id);
    if (!line) return not_found("Service");
    o.service = std::move(line->service);
    if (!hit.box_id && o.service->parent_service_id) hit.box_id = line->parent_box_id;  // a feature rides on its parent's pair
    if (!hit.box_id) hit.box_id = o.service->dist_box_id;
    o.customer = std::move(line->customer);
  } else if (hit.customer_id) {
    o.customer = repo_.customer(hit.customer_id);
    if (!o.customer) return not_found("Customer");
  }
  if (!hit.box_id) return Error(Errc::not_found, "This line is not terminated on any box, so no area owns it yet.");
  auto box = index_.box(hit.box_id);
  if (!box) return not_found("Distribution box");
  if (!auth::can_see_unit(*o.org, a, box->area_id)) return not_found("Line");  // outside scope: as if absent
  if (box->record) o.dist_box = *box->record;
  else o.dist_box = repo_.dist_box(box->id);
  if (o.dist_box)
    if ((o.cross_box_record = index_.cross_box(o.dist_box->cross_box_id))) o.cross_box = *o.cross_box_record;
  o.box = std::move(*box);
  o.area = o.org->unit(o.box.area_id);
  if (!o.area) return not_found("Area");
  return o;
}

Result<Ownership> PlantService::owner_of_number(const auth::Actor& a, const std::string& number) {
  const std::string n = OwnershipIndex::normalise(number);
  if (n.size() < 5) return invalid("phone", "type at least 5 digits of the number");
  auto hit = index_.by_number(n);
  if (!hit && n.size() >= 7 && n.size() <= 8 && std::all_of(n.begin(), n.end(), ::isdigit)) {
    // A local number without its area code: try the codes of the networks the caller serves.
    auto snap = org_.snapshot();
    for (const auto& u : snap->units())
      if (u.kind == org::UnitKind::local_network && auth::can_see_unit(*snap, a, u.id))
        if ((hit = index_.by_number(network_dialling_code(u.code) + n))) break;
  }
  if (!hit) return Error(Errc::not_found, "No active line has the number " + number + ".");
  auto o = owner_from(a, *hit);
  if (o && o->service && OwnershipIndex::normalise(o->service->number).find(n) == std::string::npos)
    return Error(Errc::not_found, "No active line has the number " + number + ".");  // hash collision
  return o;
}

Result<Ownership> PlantService::owner_of_customer(const auth::Actor& a, Id customer_id) {
  OwnershipIndex::Hit hit;
  hit.customer_id = customer_id;
  hit.box_id = index_.box_of_customer(customer_id);
  return owner_from(a, hit);
}

Result<Ownership> PlantService::owner_of_box(const auth::Actor& a, const std::string& code_or_id) {
  auto box = index_.box_by_code(code_or_id);
  if (!box) {
    Id id = 0;
    auto [p, ec] = std::from_chars(code_or_id.data(), code_or_id.data() + code_or_id.size(), id);
    if (ec == std::errc() && p == code_or_id.data() + code_or_id.size()) box = index_.box(id);
  }
  if (!box) return Error(Errc::not_found, "No distribution box has the code " + code_or_id + ".");
  OwnershipIndex::Hit hit;
  hit.box_id = box->id;
  return owner_from(a, hit);
}

Result<std::vector<SearchHit>> PlantService::search(const auth::Actor& a, const std::string& q,
                                                    std::optional<SearchKind> kind, int limit) {
  std::string text = q;
  while (!text.empty() && text.back() == ' ') text.pop_back();
  while (!text.empty() && text.front() == ' ') text.erase(0, 1);
  if (text.empty()) return invalid("q", "type something to search for");
  if (text.size() > 100) return invalid("q", "must be at most 100 characters");
  std::vector<SearchKind> kinds;
  if (kind) {
    kinds.push_back(*kind);
  } else {
    const std::string n = OwnershipIndex::normalise(text);
    const bool digits = !n.empty() && std::all_of(n.begin(), n.end(), ::isdigit) && n.size() * 2 >= text.size();
    if (digits) kinds = {SearchKind::phone};
    else if (text.size() >= 2 && (text.rfind("AD", 0) == 0 || text.rfind("ad", 0) == 0)) kinds = {SearchKind::account};
    else if (std::all_of(text.begin(), text.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; }))
      kinds = {SearchKind::box, SearchKind::account};
    else kinds = {SearchKind::name, SearchKind::address};
  }
  auto snap = org_.snapshot();
  std::vector<SearchHit> out;
  out.reserve(static_cast<std::size_t>(limit));
  // Some candidates may fall outside the caller's scope: up to this many are looked at per kind.
  const int cap = limit * 4 + 20;
  for (SearchKind k : kinds) {
    // Fragment searches come in customer id order and can continue: ask for one page first (all
    // of it is usually in scope), then for the rest. Other kinds are asked for all at once.
    const bool pages = is_fragment_search(k, text);
    int asked = 0;
    Id after = 0;
    while (asked < cap) {
      const int n = pages && asked == 0 ? std::min(limit, cap) : cap - asked;
      auto hits = repo_.search(k, text, n, after);
      asked += n;
      for (auto& h : hits) {
        Id box = h.box_id ? h.box_id : index_.box_of_customer(h.customer_id);
        bool ok = box ? visible_box(*snap, a, box) : false;
        if (!box && h.customer_id)
          if (auto c = repo_.customer(h.customer_id)) ok = visible_customer(*snap, a, *c);
        if (!ok) continue;
        if (!h.box_id) h.box_id = box;
        out.push_back(std::move(h));
        if (static_cast<int>(out.size()) >= limit) return out;
      }
      if (!pages || static_cast<int>(hits.size()) < n) break;
      after = hits.back().customer_id;
    }
  }
  return out;
}

Result<CustomerRecord> PlantService::customer(const auth::Actor& a, Id id, const std::vector<PiiField>& reveal,
                                              const std::string& reason) {
  auto c = repo_.customer(id);
  auto snap = org_.snapshot();
  if (!c || !visible_customer(*snap, a, *c)) return not_found("Customer");
  for (PiiField f : reveal) {
    if (!may_reveal(a.role, f)) return forbidden("Your role may not see subscribers' personal data unmasked.");
    if (!shown_by_default(a.role, f) && reason.size() < 4)
      return invalid("reason", "say why you need to see it (at least 4 characters); the view is logged");
  }
  CustomerRecord r;
  r.customer = *c;
  for (PiiField f : {PiiField::phones, PiiField::id_number, PiiField::address}) {
    const bool asked = std::find(reveal.begin(), reveal.end(), f) != reveal.end();
    if (shown_by_default(a.role, f) || asked) {
      if (f == PiiField::id_number && r.customer.id_number.empty()) continue;
      r.unmasked.push_back(f);
      continue;
    }
    switch (f) {
      case PiiField::phones:
        for (auto& p : r.customer.phones) p = mask_phone(p);
        break;
      case PiiField::id_number: r.customer.id_number = mask_id_number(r.customer.id_number); break;
      case PiiField::address:
        r.customer.address.building.clear();
        r.customer.address.unit.clear();
        r.customer.address.room.clear();
        break;
    }
  }
  if (!r.unmasked.empty()) {
    PiiView v;
    v.at = now_ms();
    v.staff_id = a.staff_id;
    v.customer_id = id;
    for (PiiField f : r.unmasked) v.fields += (v.fields.empty() ? "" : ",") + std::string(to_string(f));
    v.reason = reveal.empty() ? "routine view" : reason;
    repo_.log_view(v);
  }
  r.services = repo_.services_of_customer(id);
  if (std::find(r.unmasked.begin(), r.unmasked.end(), PiiField::phones) == r.unmasked.end())
    for (auto& sv : r.services) sv.number = mask_phone(sv.number);  // a line number is a phone number too
  r.care = repo_.care_flags(id);
  r.contacts = repo_.contacts(id, 100);
  if (auto o = owner_of_customer(a, id)) r.owner = std::move(o.value());
  return r;
}

Result<std::vector<PiiView>> PlantService::views(const auth::Actor& a, Id customer_id) {
  if (!auth::has(a.role, auth::Permission::audit_read))
    return forbidden("Only auditors and heads may see who viewed a subscriber's data.");
  auto c = repo_.customer(customer_id);
  auto snap = org_.snapshot();
  if (!c || !visible_customer(*snap, a, *c)) return not_found("Customer");
  return repo_.views(customer_id);
}

namespace {
// Everyone who serves subscribers records care and contacts; auditors only read.
Status may_record_care(const auth::Actor& a) {
  if (a.role == org::Role::auditor) return forbidden("Auditors read the archive; they do not record in it.");
  return Ok{};
}
bool known_channel(const std::string& c) {
  for (const char* k : {"visit", "phone", "hall", "hotline", "wechat", "sms", "other"})
    if (c == k) return true;
  return false;
}
}  // namespace

Status PlantService::set_care_flag(const auth::Actor& a, Id customer_id, CareFlag flag, const std::string& note,
                                   bool remove) {
  if (auto st = may_record_care(a); !st) return st;
  auto c = repo_.customer(customer_id);
  auto snap = org_.snapshot();
  if (!c || !visible_customer(*snap, a, *c)) return not_found("Customer");
  if (note.size() > 500) return invalid("note", "must be at most 500 characters");
  auto box = index_.box(index_.box_of_customer(customer_id));
  repo_.set_care_flag(*c, box ? box->area_id : 0, {flag, note, a.staff_id, now_ms()}, remove, a);
  return Ok{};
}

Result<Contact> PlantService::add_contact(const auth::Actor& a, Id customer_id, const std::string& channel,
                                          const std::string& outcome, const std::string& note,
                                          std::optional<Millis> at) {
  if (auto st = may_record_care(a); !st) return st.error();
  auto c = repo_.customer(customer_id);
  auto snap = org_.snapshot();
  if (!c || !visible_customer(*snap, a, *c)) return not_found("Customer");
  Error e(Errc::invalid, "The request has invalid fields.");
  if (!known_channel(channel)) e.field("channel", "must be visit, phone, hall, hotline, wechat, sms or other");
  if (outcome.size() > 200) e.field("outcome", "must be at most 200 characters");
  if (note.size() > 2000) e.field("note", "must be at most 2000 characters");
  const Millis now = now_ms();
  if (at && *at > now + 300000) e.field("at", "must not be in the future");
  if (!e.fields.empty()) return e;
  Contact ct{0, customer_id, a.staff_id, at.value_or(now), channel, outcome, note};
  auto box = index_.box(index_.box_of_customer(customer_id));
  repo_.add_contact(ct, box ? box->area_id : 0, a);
  return ct;
}

Result<DistBox> PlantService::dist_box(const auth::Actor& a, Id id) {
  auto b = repo_.dist_box(id);
  if (!b || !auth::can_see_unit(*org_.snapshot(), a, b->area_id)) return not_found("Distribution box");
  return *b;
}

Result<std::vector<PairInfo>> PlantService::pairs(const auth::Actor& a, Id box_id) {
  auto b = dist_box(a, box_id);
  if (!b) return b.error();
  return repo_.pairs(*b);
}

Result<std::vector<DistBox>> PlantService::dist_boxes(const auth::Actor& a, Id area_id, Id cross_box_id) {
  auto snap = org_.snapshot();
  if (!area_id && !cross_box_id) return invalid("areaId", "give areaId or crossBoxId");
  if (area_id && !auth::can_see_unit(*snap, a, area_id)) return std::vector<DistBox>{};
  auto boxes = repo_.dist_boxes(area_id, cross_box_id);
  std::erase_if(boxes, [&](const DistBox& b) { return !auth::can_see_unit(*snap, a, b.area_id); });
  return boxes;
}

Result<CrossBox> PlantService::cross_box(const auth::Actor& a, Id id) {
  auto b = repo_.cross_box(id);
  auto snap = org_.snapshot();
  if (!b) return not_found("Cross-connect box");
  // Visible when any of its distribution boxes is, or its own area is.
  bool ok = b->area_id && auth::can_see_unit(*snap, a, b->area_id);
  if (!ok)
    for (const auto& d : repo_.dist_boxes(0, id))
      if ((ok = auth::can_see_unit(*snap, a, d.area_id))) break;
  if (!ok) return not_found("Cross-connect box");
  return *b;
}

Result<std::vector<CrossBox>> PlantService::cross_boxes(const auth::Actor& a, Id area_id, Id network_id) {
  auto snap = org_.snapshot();
  if (!area_id && !network_id) return invalid("areaId", "give areaId or networkId");
  if (area_id && !auth::can_see_unit(*snap, a, area_id)) return std::vector<CrossBox>{};
  if (network_id && !area_id && !auth::can_see_unit(*snap, a, network_id))
    return forbidden("The local network is outside your part of the organisation.");
  return repo_.cross_boxes(area_id, network_id);
}

}  // namespace bc::plant

// ---- writes: boxes, pairs, verification --------------------------------------------------------
namespace bc::plant {
namespace {
std::string describe_box(const DistBox& b) {
  return boost::json::serialize(boost::json::object{{"id", b.id},
                                                    {"code", b.code},
                                                    {"areaId", b.area_id},
                                                    {"address", b.address},
                                                    {"capacity", b.capacity},
                                                    {"mount", to_string(b.mount)},
                                                    {"lat_e6", b.lat_e6},
                                                    {"lng_e6", b.lng_e6},
                                                    {"version", b.version}});
}
}  // namespace

Result<DistBox> PlantService::update_dist_box(const auth::Actor& a, Id id, std::int64_t if_match,
                                              const DistBoxPatch& p) {
  if (!auth::has(a.role, auth::Permission::org_write)) return forbidden("Your role may not change the plant records.");
  auto cur = repo_.dist_box(id);
  if (!cur) return not_found("Distribution box");
  auto snap = org_.snapshot();
  if (!auth::can_see_unit(*snap, a, cur->area_id))
    return forbidden("The box is outside your part of the organisation.");
  if (cur->version != if_match) return stale(cur->version);
  DistBox b = *cur;
  if (p.address) {
    if (p.address->size() > 300) return invalid("address", "must be at most 300 characters");
    b.address = *p.address;
  }
  if (p.capacity) {
    if (*p.capacity < 1 || *p.capacity > 2400) return invalid("capacity", "must be between 1 and 2400 pairs");
    auto pairs = repo_.pairs(*cur);
    for (const auto& x : pairs)
      if (x.pair_no > *p.capacity && x.state == PairState::in_use)
        return unprocessable("capacity", "pair " + std::to_string(x.pair_no) + " carries service " + x.service_code +
                                             "; re-terminate it before shrinking the box");
    b.capacity = *p.capacity;
  }
  if (p.lat_e6) {
    if (*p.lat_e6 < -90'000'000 || *p.lat_e6 > 90'000'000) return invalid("lat", "must be between -90 and 90");
    b.lat_e6 = *p.lat_e6;
  }
  if (p.lng_e6) {
    if (*p.lng_e6 < -180'000'000 || *p.lng_e6 > 180'000'000) return invalid("lng", "must be between -180 and 180");
    b.lng_e6 = *p.lng_e6;
  }
  if (p.mount) b.mount = *p.mount;
  if (p.area_id && *p.area_id != b.area_id) {
    const org::Unit* to = snap->unit(*p.area_id);
    if (!to || to->kind != org::UnitKind::area) return unprocessable("areaId", "no such area");
    if (!to->active) return unprocessable("areaId", "the area is retired");
    if (!auth::can_see_unit(*snap, a, to->id)) return forbidden("The new area is outside your part of the organisation.");
    if (snap->enclosing(to->id, org::UnitKind::local_network) != b.network_id)
      return unprocessable("areaId", "the area belongs to another local network than the box");
    b.area_id = to->id;
  }
  if (p.reason.size() > 300) return invalid("reason", "must be at most 300 characters");
  if (box_check_)
    if (auto st = box_check_(*cur, b); !st) return st.error();  // the network records' rules (network.cpp)
  const std::string before = describe_box(*cur);
  if (before == describe_box(b)) return b;
  b.version += 1;
  b.updated_at = now_ms();
  const bool moved = b.area_id != cur->area_id;
  std::string after = describe_box(b);
  if (!p.reason.empty()) {
    auto o = boost::json::parse(after).as_object();
    o["reason"] = p.reason;
    after = boost::json::serialize(o);
  }
  if (!repo_.update_dist_box(b, a, {moved ? "dist_box.move" : "dist_box.update", "dist_box", b.id, b.code, b.area_id,
                                    before, after}))
    return stale(b.version);  // moved on by someone else between our read and our write
  index_.put_box(OwnershipIndex::Box::of(b));  // keeps the box's line count
  return b;
}

Result<PairInfo> PlantService::mark_pair(const auth::Actor& a, Id box_id, std::int32_t pair_no, PairState state,
                                         const std::string& note) {
  if (!auth::has(a.role, auth::Permission::org_write) && a.role != org::Role::area_manager)
    return forbidden("Your role may not change the plant records.");
  auto b = dist_box(a, box_id);
  if (!b) return b.error();
  if (pair_no < 1 || pair_no > b->capacity)
    return not_found("Pair " + std::to_string(pair_no) + " of box " + b->code);
  if (state == PairState::in_use)
    return unprocessable("state", "a pair is in use when a service is terminated on it; mark faulty, reserved or free");
  if (note.size() > 300) return invalid("note", "must be at most 300 characters");
  auto mark = state == PairState::free ? std::nullopt : std::optional<PairState>(state);
  if (auto st = repo_.set_pair_mark(*b, pair_no, mark, note, a); !st) return st.error();
  auto pairs = repo_.pairs(*b);
  return pairs[pair_no - 1];
}

Result<std::vector<OccupancyRow>> PlantService::occupancy(const auth::Actor& a, Id parent_id) {
  auto snap = org_.snapshot();
  const org::Unit* parent = snap->unit(parent_id);
  if (!parent || !auth::can_see_unit(*snap, a, parent_id)) return not_found("Unit");
  const auto marks = repo_.mark_counts();
  std::vector<OccupancyRow> rows;
  std::unordered_map<Id, std::size_t> row_of;  // child unit (or box) → row
  if (parent->kind != org::UnitKind::area) {
    for (Id k : snap->children(parent_id)) {
      const org::Unit* u = snap->unit(k);
      if (!u->active) continue;
      row_of[k] = rows.size();
      rows.push_back({k, u->code, u->name, std::string(org::to_string(u->kind))});
    }
  }
  for (const auto& b : index_.all_boxes()) {
    std::size_t at;
    if (parent->kind == org::UnitKind::area) {
      if (b.area_id != parent_id) continue;
      at = rows.size();
      rows.push_back({b.id, b.code, b.code, "dist_box"});
    } else {
      // Walk up from the box's area to the child of parent that holds it.
      Id u = b.area_id;
      while (u && snap->unit(u) && snap->unit(u)->parent_id != parent_id) u = snap->unit(u)->parent_id;
      auto it = u ? row_of.find(u) : row_of.end();
      if (it == row_of.end()) continue;
      at = it->second;
    }
    auto& r = rows[at];
    r.boxes += 1;
    r.capacity += b.capacity;
    r.in_use += b.in_use;
    if (auto m = marks.find(b.id); m != marks.end()) {
      r.faulty += m->second.faulty;
      r.reserved += m->second.reserved;
    }
  }
  return rows;
}

Result<Verification> PlantService::verify(const auth::Actor& a, Id box_id, const std::vector<FoundPair>& found) {
  if (!auth::has(a.role, auth::Permission::org_write) && a.role != org::Role::area_manager)
    return forbidden("Your role may not verify plant records.");
  auto b = dist_box(a, box_id);
  if (!b) return b.error();
  if (found.empty()) return invalid("pairs", "list at least one pair with what was found");
  const auto pairs = repo_.pairs(*b);
  Verification v;
  v.dist_box_id = b->id;
  v.area_id = b->area_id;
  v.staff_id = a.staff_id;
  v.at = now_ms();
  std::vector<bool> seen(pairs.size() + 1, false);
  for (const auto& f : found) {
    if (f.pair_no < 1 || f.pair_no > b->capacity)
      return invalid("pairs", "pair " + std::to_string(f.pair_no) + " is not on box " + b->code + " (1.." +
                                  std::to_string(b->capacity) + ")");
    if (seen[f.pair_no]) return invalid("pairs", "pair " + std::to_string(f.pair_no) + " is listed twice");
    seen[f.pair_no] = true;
    VerificationItem it{f.pair_no, pairs[f.pair_no - 1].state, f.found, CheckResult::match};
    if (it.recorded != it.found) {
      // A mark can be corrected on the spot; a service on the wrong pair needs a work order.
      const bool fixable = it.recorded != PairState::in_use && it.found != PairState::in_use;
      it.result = f.correct && fixable ? CheckResult::corrected : CheckResult::mismatch;
    }
    v.items.push_back(it);
  }
  for (const auto& it : v.items) {
    v.checked += 1;
    v.matched += it.result == CheckResult::match;
    v.mismatched += it.result == CheckResult::mismatch;
    v.corrected += it.result == CheckResult::corrected;
  }
  repo_.save_verification(v, *b, a);
  return v;
}

Result<Accuracy> PlantService::accuracy(const auth::Actor& a, Id unit_id, Id box_id, const TimeZone& tz) {
  auto snap = org_.snapshot();
  std::vector<Id> boxes;
  if (box_id) {
    auto b = dist_box(a, box_id);
    if (!b) return b.error();
    boxes.push_back(box_id);
  } else {
    if (!snap->unit(unit_id) || !auth::can_see_unit(*snap, a, unit_id)) return not_found("Unit");
    for (const auto& b : index_.all_boxes())
      if (snap->in_subtree(b.area_id, unit_id)) boxes.push_back(b.id);
  }
  Accuracy acc;
  acc.boxes_total = static_cast<std::int64_t>(boxes.size());
  const auto all = repo_.verifications(boxes);  // oldest first
  // Record accuracy counts the latest verification of each box: as of now, and as of each month's end.
  std::unordered_map<Id, const Verification*> latest;
  auto month_of = [&](Millis t) { return format_iso8601(t, tz).substr(0, 7); };
  auto snapshot_month = [&](const std::string& m) {
    Accuracy::Month row{m};
    for (const auto& [box, v] : latest) {
      row.checked += v->checked;
      row.matched += v->matched;  // a corrected pair was a wrong record when it was checked
    }
    acc.history.push_back(row);
  };
  for (std::size_t i = 0; i < all.size(); ++i) {
    latest[all[i].dist_box_id] = &all[i];
    if (i + 1 == all.size() || month_of(all[i + 1].at) != month_of(all[i].at)) snapshot_month(month_of(all[i].at));
  }
  for (const auto& [box, v] : latest) {
    acc.checked += v->checked;
    acc.matched += v->matched;
  }
  acc.boxes_verified = static_cast<std::int64_t>(latest.size());
  return acc;
}

void PlantService::log_view(const auth::Actor& a, Id customer_id, const std::vector<PiiField>& fields,
                            const std::string& reason) {
  if (!customer_id || fields.empty()) return;
  PiiView v;
  v.at = now_ms();
  v.staff_id = a.staff_id;
  v.customer_id = customer_id;
  for (PiiField f : fields) v.fields += (v.fields.empty() ? "" : ",") + std::string(to_string(f));
  v.reason = reason;
  repo_.log_view(v);
}

void PlantService::line_written(const std::string& number, Id service_id, Id box_id, Id customer_id) {
  index_.put_line(number, service_id, box_id, customer_id);
}

}  // namespace bc::plant
