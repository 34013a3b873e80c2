#include "domain/orders/demo.hpp"

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <cmath>
#include <deque>
#include <map>

#include "core/random.hpp"
#include "domain/orders/calendar.hpp"
#include "domain/orders/deadlines.hpp"
#include "domain/orders/routing.hpp"

namespace bc::orders {
namespace json = boost::json;

// ---- the plant, as the history needs it ---------------------------------------------------------
void HistoryPlant::dist_box(const plant::DistBox& b) {
  if (!network_id_) network_id_ = b.network_id;
  if (b.network_id != network_id_) return;
  box_at_[b.id] = static_cast<std::uint32_t>(boxes_.size());
  boxes_.push_back({b.id, b.area_id, b.code, b.lat_e6, b.lng_e6});
}

void HistoryPlant::customer(const plant::Customer& c) {
  if (c.network_id != network_id_) return;
  sub_at_[c.id] = static_cast<std::uint32_t>(subs_.size());
  subs_.push_back({c.id, c.name, c.phones.empty() ? std::string() : c.phones.front(), c.address.text(), 0});
}

void HistoryPlant::service(const plant::Service& s) {
  if (s.network_id != network_id_) return;
  auto sub = sub_at_.find(s.customer_id);
  if (sub == sub_at_.end()) return;
  Line l;
  l.service_id = s.id;
  l.subscriber = sub->second;
  l.kind = s.kind;
  l.parent_service_id = s.parent_service_id;
  l.start_date = s.start_date;
  l.number = s.number;
  l.speed_mbps = s.speed_mbps;
  l.monthly_fee_fen = s.monthly_fee_fen;
  l.pair_no = s.pair_no;
  if (s.dist_box_id) {
    auto b = box_at_.find(s.dist_box_id);
    if (b == box_at_.end()) return;
    l.box = b->second;
    ++terminated_;
  } else if (s.parent_service_id && !lines_.empty() && lines_.back().subscriber == sub->second) {
    l.box = lines_.back().box;  // a feature rides on the line before it
  } else {
    return;  // no box: nothing routes it
  }
  if (l.kind == plant::ServiceKind::fixed_line) subs_[sub->second].box = l.box;
  lines_.push_back(std::move(l));
}

namespace {

using Rng = SplitMix64;
constexpr Millis kMin = 60'000;
constexpr Millis kHour = 60 * kMin;
constexpr Millis kDay = 24 * kHour;

enum Kind : std::uint8_t {
  kCreate, kAssign, kQueue, kHeadAssign, kAccept, kBook, kDepart, kArrive, kWait, kResume, kResolve, kCallback,
  kReassignBack, kClose, kEscalate
};

double uniform(Rng& r) { return static_cast<double>(r.next() >> 11) / 9007199254740992.0; }
Millis between(Rng& r, Millis lo, Millis hi) { return hi <= lo ? lo : lo + static_cast<Millis>(r.next() % (hi - lo)); }

// Faults follow the weather: the plum rains of April–June and the summer storms (index: local month 1–12).
constexpr std::array<double, 13> kSeason{0, 0.80, 0.78, 0.92, 1.15, 1.28, 1.30, 1.20, 1.15, 0.98, 0.86, 0.80, 0.78};

// When subscribers call: weights of the local hours 0–23.
constexpr std::array<int, 24> kHourWeight{1, 1, 0, 0, 0, 1, 2, 4, 8, 10, 10, 9, 7, 7, 8, 9, 9, 8, 8, 9, 8, 6, 4, 2};

struct CauseRow {
  FaultCause cause;
  int percent;
  const char* resolution;
};
// Drop lines most, then in-home wiring, distribution boxes, cables, the network (numbers add to 100).
constexpr std::array<CauseRow, 8> kCauses{{
    {FaultCause::drop_line, 38, "下户线老化破损，更换下户线"},
    {FaultCause::in_home, 22, "室内线接头氧化，重新压接"},
    {FaultCause::dist_box, 14, "分线盒端子受潮，清洁并更换模块"},
    {FaultCause::cable, 8, "配线电缆芯线断，改接备用线对"},
    {FaultCause::network, 6, "局端设备端口故障，网管侧处理恢复"},
    {FaultCause::subscriber_equipment, 6, "用户终端故障，协助更换话机/光猫"},
    {FaultCause::cross_box, 4, "交接箱跳线松动，重新跳线"},
    {FaultCause::other, 2, "用户误操作，现场指导恢复"},
}};

constexpr std::array<const char*, 5> kPhoneFaults{"电话无拨号音", "电话杂音大", "电话单通", "来电不响铃", "通话时断时续"};
constexpr std::array<const char*, 4> kBroadbandFaults{"宽带无法上网", "宽带频繁掉线", "网速慢", "光猫LOS灯红"};
constexpr std::array<const char*, 5> kHazards{"分线盒盖板脱落", "下户线与电力线交越", "电杆倾斜", "吊线松弛下垂",
                                              "交接箱门锁损坏"};

std::string pad(std::int64_t n, int width) {
  std::string s = std::to_string(n);
  return std::string(width > static_cast<int>(s.size()) ? width - s.size() : 0, '0') + s;
}

std::string code_of(Id id) {
  Order o;
  o.id = id;
  return o.code();
}

std::string routing_detail(const Routing& r) {
  return json::serialize(json::object{{"reason", to_string(r.reason)},
                                      {"areaId", r.area_id},
                                      {"communityId", r.community_id},
                                      {"assigneeId", r.assignee_id},
                                      {"explainEn", r.explain_en},
                                      {"explainZh", r.explain_zh}});
}

// One order's life in the making: its events (compact) and the order as they leave it at `now`.
struct Sim {
  Order o;
  std::vector<History::Compact> events;
  std::vector<PauseRecord> pauses;
  Routing first_routing;     // as routed at creation (queue or manager)
  bool stopped = false;      // the next event would fall after now: the order is open
  std::uint32_t parent = UINT32_MAX;  // complaints raised by a callback: the order complained about
  int score_for_parent = 0;
};

class Generator {
 public:
  Generator(const org::OrgSnapshot& org, const HistoryPlant& plant, const HistoryOptions& opt)
      : org_(org), plant_(plant), opt_(opt), cal_(BusinessCalendar::china_default(opt.tz)), rng_{opt.seed} {
    for (const auto& m : org.all_staff()) {
      if (!m.active) continue;
      if (m.role == org::Role::community_head && !head_of_.count(m.unit_id)) head_of_[m.unit_id] = m.id;
      if (m.role == org::Role::office_head && !head_of_.count(m.unit_id)) head_of_[m.unit_id] = m.id;
      if (m.role == org::Role::hotline_agent) hotline_[org.enclosing(m.unit_id, org::UnitKind::local_network)] = m.id;
    }
    start_ = opt.now - static_cast<Millis>(opt.months) * 365 * kDay / 12;
  }

  History run();

 private:
  // ---- helpers -------------------------------------------------------------------------------
  Millis local_hour_time(Millis day_start) {
    int total = 0;
    for (int w : kHourWeight) total += w;
    int pick = static_cast<int>(rng_.below(static_cast<std::size_t>(total)));
    int h = 0;
    while (pick >= kHourWeight[h]) pick -= kHourWeight[h++];
    return day_start + h * kHour + between(rng_, 0, kHour);
  }
  // Managers work from 07:30 to 21:00: later than that waits for the morning.
  Millis awake(Millis t) {
    const int m = cal_.local_minute_of_day(t);
    if (m >= 7 * 60 + 30 && m < 21 * 60) return t;
    Date d = cal_.local_date(t);
    if (m >= 21 * 60) d = d.plus_days(1);
    return cal_.local_midnight(d) + 7 * kHour + 30 * kMin + between(rng_, 0, 60 * kMin);
  }
  Id hotline(Id network) const {
    auto it = hotline_.find(network);
    return it == hotline_.end() ? 0 : it->second;
  }
  Id head(Id unit) const {
    auto it = head_of_.find(unit);
    return it == head_of_.end() ? 0 : it->second;
  }

  void push(Sim& s, Kind k, Millis at, State to, Id actor, std::uint8_t flag = 0, std::int32_t a = 0, Millis b = 0) {
    if (s.stopped) return;
    if (at > opt_.now) {
      s.stopped = true;
      return;
    }
    History::Compact c;
    c.at = at;
    c.seq = static_cast<std::uint16_t>(s.events.size());
    c.kind = k;
    c.from = static_cast<std::uint8_t>(s.o.state);
    c.to = static_cast<std::uint8_t>(to);
    c.flag = flag;
    c.a = a;
    c.b = b;
    c.actor = actor;
    if (k != kCreate) s.o.state = to;
    c.assignee = s.o.routing.assignee_id;
    c.community = s.o.routing.community_id;
    s.o.updated_at = at;
    if (k != kCreate && k != kEscalate) s.o.version += (k == kAssign || k == kQueue) ? 0 : 1;
    s.events.push_back(c);
  }

  Sim start(OrderType type, Channel channel, const HistoryPlant::Line* line, std::uint32_t box, Millis at,
            Id creator, std::string summary);
  // The work from acceptance to the closing of the order; `site`: goes to the premises.
  // keep_open: the work is not done by `now` (the boards' open orders).
  void work(Sim& s, bool site, int outcome_roll_permille, bool keep_open = false);
  void finish(Sim& s);
  // An order whose creation falls after now (a visit planned for tomorrow morning) is not kept.
  void add(Sim&& s) {
    if (!s.events.empty()) sims_.push_back(std::move(s));
  }

  void faults();
  void installs();
  void moves_and_features();
  void care_visits(History& h);
  void hazards();
  void open_now();

  const org::OrgSnapshot& org_;
  const HistoryPlant& plant_;
  HistoryOptions opt_;
  BusinessCalendar cal_;
  Rng rng_;
  Millis start_ = 0;
  std::unordered_map<Id, Id> head_of_, hotline_;
  std::vector<Sim> sims_;
  std::vector<Sim> spawned_;  // complaints raised by callbacks, added after the pass
  std::int64_t alarm_no_ = 0;
};

Sim Generator::start(OrderType type, Channel channel, const HistoryPlant::Line* line, std::uint32_t box, Millis at,
                     Id creator, std::string summary) {
  Sim s;
  Order& o = s.o;
  o.type = type;
  o.channel = channel;
  o.created_at = o.updated_at = at;
  o.created_by = creator;
  o.summary = std::move(summary);
  const auto& b = plant_.boxes()[box];
  RouteFrom from;
  from.area_id = b.area_id;
  from.dist_box_id = b.id;
  from.box_code = b.code;
  if (line) {
    const auto& sub = plant_.subscribers()[line->subscriber];
    o.service_id = line->service_id;
    o.customer_id = sub.id;
    o.number = line->number;
    o.pair_no = line->pair_no;
    o.contact_name = sub.name;
    o.contact_phone = sub.phone;
    o.address = sub.address;
    from.what = "line " + line->number;
    from.what_zh = "线路 " + line->number;
  } else {
    from.what = "distribution box " + b.code;
    from.what_zh = "分线盒 " + b.code;
  }
  auto r = route(org_, from, at, opt_.tz);
  if (r) o.routing = std::move(r.value());
  s.first_routing = o.routing;
  const DeadlinePolicy p = default_policy(to_string(type), o.routing.rural);
  o.commit_due_at = due_at(p.commitment, at, {}, cal_);
  o.legal_due_at = due_at(p.legal, at, {}, cal_);
  if (channel == Channel::network_alarm) o.external_ref = "ALM-" + pad(++alarm_no_, 8);
  o.state = State::created;
  push(s, kCreate, at, State::created, creator);
  if (o.routing.assignee_id) push(s, kAssign, at, State::assigned, 0);
  else push(s, kQueue, at, State::created, 0);
  return s;
}

void Generator::work(Sim& s, bool site, int roll, bool keep_open) {
  if (s.stopped || s.events.empty()) return;
  Order& o = s.o;
  const Id net = o.routing.network_id;
  // From the community's queue the head hands it to the area's manager (or whoever covers).
  if (!o.routing.assignee_id) {
    const Id h = head(o.routing.community_id);
    const org::Unit* area = org_.unit(o.routing.area_id);
    Id to = area ? area->responsible_id : 0;
    const Millis at = awake(o.created_at + between(rng_, 20 * kMin, 4 * kHour));
    if (area && org_.absence_at(to, at)) to = area->backup_id;
    if (!h || !to || org_.absence_at(to, at)) {
      s.stopped = true;  // nobody to give it to yet: it waits in the queue
      return;
    }
    if (at > opt_.now) {
      s.stopped = true;
      return;
    }
    auth::Actor by;
    by.staff_id = h;
    by.name = org_.staff(h)->name;
    by.role = org::Role::community_head;
    by.scope_root = o.routing.community_id;
    Routing r = o.routing;
    r.reason = Routing::Reason::manual;
    r.assignee_id = to;
    r.explain_en = by.name + " reassigned the order to " + org_.staff(to)->name + ": assigned";
    r.explain_zh = by.name + " 将工单改派给 " + org_.staff(to)->name + "：assigned";
    o.routing.reason = r.reason;
    o.routing.assignee_id = r.assignee_id;
    o.routing.explain_en = r.explain_en;
    o.routing.explain_zh = r.explain_zh;
    push(s, kHeadAssign, at, State::assigned, h);
  }
  const Id me = o.routing.assignee_id;
  const DeadlinePolicy p = default_policy(to_string(o.type), o.routing.rural);
  Millis t = awake(s.events.back().at + between(rng_, 3 * kMin, 70 * kMin));
  const Millis accept_at = t;
  push(s, kAccept, t, State::accepted, me);
  if (!s.stopped) o.accepted_at = t;

  // Waiting for the customer (not at home): the clock pauses.
  const bool customer_date = site && (o.type == OrderType::new_line || o.type == OrderType::move ||
                                      o.type == OrderType::broadband) && rng_.chance(25);
  Millis wait_from = 0, wait_to = 0;
  if (!customer_date && rng_.chance(o.type == OrderType::fault ? 9 : 4)) {
    wait_from = t + between(rng_, 10 * kMin, 2 * kHour);
    wait_to = awake(wait_from + between(rng_, 2 * kHour, 30 * kHour));
  }
  std::vector<Pause> ps;
  if (wait_from) ps.push_back({wait_from, wait_to, PauseReason::customer_unavailable});
  const Millis commit = due_at(p.commitment, o.created_at, ps, cal_);
  const Millis legal = due_at(p.legal, o.created_at, ps, cal_);

  // When it is done: most within the operator's commitment, some between it and the legal limit,
  // a few per cent past the legal limit.
  const Millis travel = between(rng_, 10 * kMin, 40 * kMin), on_site = between(rng_, 20 * kMin, 90 * kMin);
  const Millis earliest = std::max(wait_to, accept_at) + (site ? travel + on_site + 5 * kMin : 15 * kMin);
  auto point = [&](Millis from, Millis due, double frac) -> Millis {
    if (!due || due <= from) return from + static_cast<Millis>(frac * 8 * kHour);
    if (p.commitment.clock == ClockKind::working)
      return cal_.add_working_ms(from, static_cast<Millis>(frac * cal_.working_ms_between(from, due)));
    return from + static_cast<Millis>(frac * (due - from));
  };
  Millis resolved;
  Millis appointment = 0, book_at = 0;
  if (customer_date) {
    // The customer asks for a date: the clock pauses from the booking until the work is done.
    book_at = accept_at + between(rng_, 2 * kMin, 20 * kMin);
    const Date d = cal_.local_date(book_at).plus_days(rng_.between(1, 6));
    appointment = cal_.local_midnight(d) + (9 + rng_.between(0, 8)) * kHour;
    resolved = appointment + travel / 2 + on_site;
  } else {
    const double r = uniform(rng_);
    if (roll < 900) resolved = point(o.created_at, commit, 0.12 + 0.83 * r * r);
    else if (roll < 975 && legal > commit) resolved = commit + static_cast<Millis>((0.05 + 0.9 * r) * (legal - commit));
    else if (roll < 975) resolved = commit + between(rng_, 30 * kMin, 6 * kHour);
    else resolved = (legal ? legal : commit) + between(rng_, kHour, 40 * kHour);
    if (resolved < earliest) resolved = earliest + between(rng_, 0, 30 * kMin);
  }
  if (keep_open) resolved = std::max(resolved, opt_.now + between(rng_, 30 * kMin, 30 * kHour));
  Millis arrive = resolved - on_site, depart = arrive - travel;
  if (site && !customer_date && depart - accept_at > 3 * kHour) {
    book_at = accept_at + between(rng_, 2 * kMin, 20 * kMin);
    appointment = arrive - arrive % (30 * kMin);
    if (appointment < book_at + 5 * kMin) appointment = arrive;
  }
  if (wait_from) {
    push(s, kWait, wait_from, State::waiting, me);
    if (!s.stopped) {
      o.resume_state = State::accepted;
      s.pauses.push_back({wait_from, 0, "customer_unavailable"});
      o.paused_since = wait_from;
    }
    push(s, kResume, wait_to, State::accepted, me);
    if (!s.stopped) {
      s.pauses.back().ended_at = wait_to;
      o.paused_since = 0;
    }
  }
  if (book_at) {
    if (book_at < std::max(wait_to, accept_at)) book_at = std::max(wait_to, accept_at) + kMin;
    if (appointment <= book_at) appointment = book_at + 30 * kMin;
    push(s, kBook, book_at, State::appointment_booked, me, customer_date ? 1 : 0, 0, appointment);
    if (!s.stopped) {
      o.appointment_at = appointment;
      if (customer_date) {
        s.pauses.push_back({book_at, 0, "customer_requested_date"});
        o.paused_since = book_at;
      }
    }
  }
  if (site) {
    push(s, kDepart, std::max(depart, (book_at ? book_at : accept_at) + kMin), State::en_route, me);
    push(s, kArrive, std::max(arrive, (book_at ? book_at : accept_at) + 2 * kMin), State::on_site, me);
  }
  resolved = std::max(resolved, s.events.back().at + kMin);
  // The cause and what was done.
  std::uint8_t cause = 0;
  if (o.type == OrderType::fault) {
    int pick = static_cast<int>(rng_.below(100));
    while (pick >= kCauses[cause].percent) pick -= kCauses[cause++].percent;
  }
  push(s, kResolve, resolved, State::resolved, me, cause);
  if (s.stopped) return;
  o.resolved_at = resolved;
  if (o.paused_since) {
    s.pauses.back().ended_at = resolved;
    o.paused_since = 0;
  }
  if (o.type == OrderType::fault) {
    o.cause = kCauses[cause].cause;
    o.resolution = kCauses[cause].resolution;
  } else {
    switch (o.type) {
      case OrderType::new_line: o.resolution = "装机完成，测试通话正常"; break;
      case OrderType::move: o.resolution = "移机完成，新址测试正常"; break;
      case OrderType::broadband: o.resolution = "宽带开通，测速达标"; break;
      case OrderType::feature: o.resolution = "功能已开通，用户确认"; break;
      case OrderType::complaint: o.resolution = "已致电用户说明并致歉，问题已处理"; break;
      case OrderType::care_visit: o.resolution = "上门走访，检查话机和线路正常，老人身体良好"; break;
      case OrderType::hazard: o.resolution = "隐患已整治，现场拍照存档"; break;
      default: o.resolution = "已处理"; break;
    }
  }
  if ((o.type == OrderType::new_line || o.type == OrderType::move)) {
    std::vector<Pause> all;
    for (const auto& x : s.pauses) all.push_back({x.started_at, x.ended_at, *pause_reason_from(x.reason)});
    const Millis due = due_at(p.legal, o.created_at, all, cal_);
    o.late_fee_fen = late_fee_owed_fen(o.fee_fen, due, resolved);
  }

  // The callback from the desk (never the manager who did the work): mostly 4–5, some 1–3, a few
  // find it unsolved and the order goes back to the manager.
  const Id desk = rng_.chance(70) ? hotline(net) : head(o.routing.community_id);
  Millis cb = awake(resolved + between(rng_, 30 * kMin, 30 * kHour));
  const int r = static_cast<int>(rng_.below(1000));
  const bool unsolved = r < 15 && o.type != OrderType::care_visit;
  int score = r < 15 ? 2 : r < 19 ? 1 : r < 24 ? 2 : r < 74 ? 3 : r < 300 ? 4 : 5;
  if (unsolved) {
    push(s, kCallback, cb, State::reopened, desk, 0, 2);
    if (s.stopped) return;
    o.satisfaction = 2;
    o.solved = 0;
    push(s, kReassignBack, cb, State::assigned, 0);
    const Millis back = awake(cb + between(rng_, 10 * kMin, 2 * kHour));
    push(s, kAccept, back, State::accepted, me);
    if (!s.stopped) o.accepted_at = back;
    Millis fix = back + between(rng_, 2 * kHour, 20 * kHour);
    if (site || o.type == OrderType::fault) {
      push(s, kDepart, fix - 70 * kMin, State::en_route, me);
      push(s, kArrive, fix - 45 * kMin, State::on_site, me);
    }
    push(s, kResolve, fix, State::resolved, me, cause, 1);
    if (s.stopped) return;
    o.resolved_at = fix;
    o.resolution += "（回访未解决，二次处理）";
    cb = awake(fix + between(rng_, kHour, 24 * kHour));
    score = rng_.chance(70) ? 4 : 3;
  }
  push(s, kCallback, cb, State::confirmed, desk, 1, score);
  if (s.stopped) return;
  o.satisfaction = score;
  o.solved = 1;
  if (score <= 2) {
    // A low score on solved work raises a complaint in the community's queue (as the live service does).
    Sim c;
    Order& x = c.o;
    x.type = OrderType::complaint;
    x.channel = Channel::hotline;
    x.routing = o.routing;
    x.routing.assignee_id = 0;
    x.routing.reason = Routing::Reason::community_queue;
    x.customer_id = o.customer_id;
    x.service_id = o.service_id;
    x.number = o.number;
    x.contact_name = o.contact_name;
    x.contact_phone = o.contact_phone;
    x.address = o.address;
    x.created_by = desk;
    x.created_at = x.updated_at = cb;
    const DeadlinePolicy cp = default_policy("complaint", x.routing.rural);
    x.commit_due_at = due_at(cp.commitment, cb, {}, cal_);
    x.legal_due_at = due_at(cp.legal, cb, {}, cal_);
    c.score_for_parent = score;
    c.first_routing = x.routing;
    push(c, kCreate, cb, State::created, desk, 2, score);
    push(c, kQueue, cb, State::created, 0);
    c.parent = static_cast<std::uint32_t>(sims_.size());  // every caller adds `s` right after work()
    spawned_.push_back(std::move(c));
  }
  const Id closer = head(o.routing.community_id);
  const Millis close_at = awake(cb + between(rng_, 10 * kMin, 20 * kHour));
  push(s, kClose, close_at, State::closed, closer);
  if (!s.stopped) o.closed_at = close_at;
}

// The escalations the sweeper would have written, the deadlines as they stand, and what is next.
void Generator::finish(Sim& s) {
  Order& o = s.o;
  std::vector<Pause> ps;
  for (const auto& x : s.pauses)
    ps.push_back({x.started_at, x.ended_at, pause_reason_from(x.reason).value_or(PauseReason::customer_unavailable)});
  const DeadlinePolicy p = default_policy(to_string(o.type), o.routing.rural);
  o.commit_due_at = due_at(p.commitment, o.created_at, ps, cal_, opt_.now);
  o.legal_due_at = due_at(p.legal, o.created_at, ps, cal_, opt_.now);
  if (p.commitment.none()) return;
  Millis first_resolve = 0;
  for (const auto& e : s.events)
    if (e.kind == kResolve) {
      first_resolve = e.at;
      break;
    }
  const Millis end = first_resolve ? first_resolve : opt_.now;
  auto paused_at = [&](Millis t) {
    for (const auto& x : ps)
      if (x.from <= t && (x.to == 0 || t < x.to)) return true;
    return false;
  };
  const Millis t75 = escalation_at(p.commitment, o.created_at, ps, cal_, kAtRiskFraction, opt_.now);
  const Millis due = o.commit_due_at;
  std::vector<History::Compact> extra;
  auto escalate = [&](Millis at, int level) {
    History::Compact c;
    c.at = at;
    c.seq = static_cast<std::uint16_t>(s.events.size() + extra.size());
    c.kind = kEscalate;
    State st = State::created;
    for (const auto& e : s.events)
      if (e.at <= at && e.kind != kEscalate) st = static_cast<State>(e.to);
    c.from = c.to = static_cast<std::uint8_t>(st);
    c.flag = static_cast<std::uint8_t>(level);
    c.b = due;
    // Scope as it stood then.
    Id assignee = o.routing.assignee_id, community = o.routing.community_id;
    for (const auto& e : s.events)
      if (e.at <= at) assignee = e.assignee, community = e.community;
    c.assignee = assignee;
    c.community = community;
    extra.push_back(c);
    o.escalation = level;
  };
  if (t75 > 0 && t75 < end && t75 <= opt_.now && !paused_at(t75)) escalate(t75, 1);
  if (due > 0 && due + 1 < end && due + 1 <= opt_.now && !paused_at(due + 1)) escalate(due + 1, 2);
  for (auto& e : extra) s.events.push_back(e);
  // Open orders: when the sweeper should look next.
  if (is_open(o.state) && !o.paused_since && o.escalation < 2) {
    const Millis next = o.escalation == 0 ? t75 : due + 1;
    o.next_escalation_at = next > 0 ? next : 0;
  }
}

void Generator::faults() {
  const auto& lines = plant_.lines();
  std::vector<std::uint32_t> terminated;
  for (std::uint32_t i = 0; i < lines.size(); ++i)
    if (plant::needs_termination(lines[i].kind)) terminated.push_back(i);
  if (terminated.empty()) return;
  const double per_day = static_cast<double>(terminated.size()) * opt_.faults_per_100_lines / 100.0 * 12.0 / 365.0;
  std::deque<std::pair<Millis, std::uint32_t>> recent;  // faults of the last 30 days
  double carry = 0;
  auto fault_on = [&](std::uint32_t li, Millis at) {
    const auto& line = lines[li];
    const bool bb = line.kind == plant::ServiceKind::broadband;
    const int ch = static_cast<int>(rng_.below(100));
    const Channel channel = ch < 50 ? Channel::hotline : ch < 75 ? Channel::manager : ch < 82 ? Channel::business_hall
                            : ch < 88 ? Channel::web_form : Channel::network_alarm;
    const org::Unit* area = org_.unit(plant_.boxes()[line.box].area_id);
    Id creator = 0;
    if (channel == Channel::hotline) creator = hotline(org_.enclosing(area ? area->id : 0, org::UnitKind::local_network));
    if (channel == Channel::manager && area) creator = area->responsible_id;
    if (channel == Channel::business_hall && area) creator = head(area->parent_id);
    std::string summary = bb ? kBroadbandFaults[rng_.below(kBroadbandFaults.size())]
                             : kPhoneFaults[rng_.below(kPhoneFaults.size())];
    if (channel == Channel::network_alarm) summary = bb ? "OLT 端口告警：用户光路中断" : "交换机告警：用户线路环路异常";
    Sim s = start(OrderType::fault, channel, &line, line.box, at, creator, summary);
    work(s, true, static_cast<int>(rng_.below(1000)));
    add(std::move(s));
    recent.emplace_back(at, li);
  };
  const Date first = cal_.local_date(start_);
  const Date last = cal_.local_date(opt_.now);
  for (Date d = first; d <= last; d = d.plus_days(1)) {
    const Millis day0 = cal_.local_midnight(d);
    carry += per_day * kSeason[static_cast<std::size_t>(d.m)];
    int n = static_cast<int>(carry);
    carry -= n;
    std::vector<Millis> times;
    for (int i = 0; i < n; ++i) times.push_back(local_hour_time(day0));
    std::sort(times.begin(), times.end());
    for (Millis at : times) {
      if (at < start_ || at > opt_.now) continue;
      while (!recent.empty() && recent.front().first < at - 30 * kDay) recent.pop_front();
      std::uint32_t li;
      if (!recent.empty() && rng_.chance(7)) {
        li = recent[rng_.below(recent.size())].second;  // the same line again within 30 days
      } else {
        li = terminated[rng_.below(terminated.size())];
        for (int tries = 0; tries < 5 && lines[li].start_date > at; ++tries) li = terminated[rng_.below(terminated.size())];
        if (lines[li].start_date > at) continue;
      }
      fault_on(li, at);
    }
  }
  // A handful of chronic lines: three or four faults within 90 days (the repeat-fault list).
  const std::size_t chronic = std::max<std::size_t>(3, terminated.size() / 2500);
  for (std::size_t c = 0; c < chronic; ++c) {
    const std::uint32_t li = terminated[rng_.below(terminated.size())];
    Millis at = between(rng_, std::max(start_, lines[li].start_date), opt_.now - 95 * kDay);
    const int n = 3 + static_cast<int>(rng_.below(2));
    for (int i = 0; i < n; ++i) {
      at = awake(at);
      fault_on(li, at);
      at += between(rng_, 8 * kDay, 28 * kDay);
    }
  }
}

void Generator::installs() {
  // New lines, broadband openings and features of the last year: the plant's services that started in it.
  const auto& lines = plant_.lines();
  for (const auto& l : lines) {
    if (l.start_date < start_ + 7 * kDay || l.start_date > opt_.now) continue;
    const auto& sub = plant_.subscribers()[l.subscriber];
    const org::Unit* area = org_.unit(plant_.boxes()[l.box].area_id);
    const int ch = static_cast<int>(rng_.below(100));
    const Channel channel = ch < 45 ? Channel::business_hall : ch < 75 ? Channel::manager : ch < 90 ? Channel::hotline
                                                                                                 : Channel::web_form;
    Id creator = 0;
    if (channel == Channel::hotline) creator = hotline(org_.enclosing(area ? area->id : 0, org::UnitKind::local_network));
    if (channel == Channel::manager && area) creator = area->responsible_id;
    if (channel == Channel::business_hall && area) creator = head(area->parent_id);
    const Millis at = awake(l.start_date - between(rng_, kDay, 5 * kDay));
    const std::string box = plant_.boxes()[l.box].code;
    if (l.kind == plant::ServiceKind::fixed_line) {
      Sim s = start(OrderType::new_line, channel, &l, l.box, at, creator, "新装固话");
      s.o.fee_fen = 10000;
      s.o.details_json = json::serialize(json::object{{"number", l.number}, {"serviceKind", "fixed_line"},
                                                      {"boxCode", box}, {"monthlyFeeFen", l.monthly_fee_fen}});
      work(s, true, static_cast<int>(rng_.below(1000)));
      add(std::move(s));
    } else if (l.kind == plant::ServiceKind::broadband) {
      Sim s = start(OrderType::broadband, channel, &l, l.box, at, creator,
                    "新装宽带 " + std::to_string(l.speed_mbps) + "M");
      s.o.details_json = json::serialize(json::object{{"number", l.number}, {"serviceKind", "broadband"},
                                                      {"speedMbps", l.speed_mbps}, {"boxCode", box},
                                                      {"monthlyFeeFen", l.monthly_fee_fen}});
      work(s, true, static_cast<int>(rng_.below(1000)));
      add(std::move(s));
    } else if (l.kind == plant::ServiceKind::caller_id) {
      Sim s = start(OrderType::feature, channel, &l, l.box, at, creator, "开通来电显示");
      s.o.details_json = R"({"feature":"caller_id"})";
      work(s, false, static_cast<int>(rng_.below(1000)));
      add(std::move(s));
    }
    (void)sub;
  }
}

void Generator::moves_and_features() {
  // Moves (about 3 % of fixed lines a year), other feature changes and speed changes, spread evenly.
  const auto& lines = plant_.lines();
  const auto& boxes = plant_.boxes();
  std::vector<std::uint32_t> fixed, bb;
  for (std::uint32_t i = 0; i < lines.size(); ++i) {
    if (lines[i].kind == plant::ServiceKind::fixed_line) fixed.push_back(i);
    if (lines[i].kind == plant::ServiceKind::broadband) bb.push_back(i);
  }
  const double days = static_cast<double>(opt_.now - start_) / kDay;
  struct Stream {
    const std::vector<std::uint32_t>* from;
    double per_year;  // of the lines
    OrderType type;
  };
  const std::array<Stream, 3> streams{{{&fixed, 0.03, OrderType::move},
                                       {&fixed, 0.012, OrderType::feature},
                                       {&bb, 0.02, OrderType::broadband}}};
  constexpr std::array<const char*, 3> kFeatures{"开通呼叫转移", "开通三方通话", "取消长途限制"};
  for (const auto& st : streams) {
    if (st.from->empty()) continue;
    const auto n = static_cast<std::int64_t>(std::llround(static_cast<double>(st.from->size()) * st.per_year * days / 365.0));
    for (std::int64_t i = 0; i < n; ++i) {
      const std::uint32_t li = (*st.from)[rng_.below(st.from->size())];
      const auto& l = lines[li];
      const Millis at = awake(between(rng_, std::max(start_, l.start_date), opt_.now));
      if (at > opt_.now) continue;
      const org::Unit* area = org_.unit(boxes[l.box].area_id);
      const bool by_manager = rng_.chance(40);
      const Channel channel = by_manager ? Channel::manager : Channel::business_hall;
      const Id creator = !area ? 0 : by_manager ? area->responsible_id : head(area->parent_id);
      if (st.type == OrderType::move) {
        // The line moved here from another box of the area (the plant holds where it is now).
        std::uint32_t from_box = l.box > 0 && boxes[l.box - 1].area_id == boxes[l.box].area_id ? l.box - 1 : l.box + 1;
        if (from_box >= boxes.size()) from_box = l.box;
        Sim s = start(OrderType::move, channel, &l, l.box, at, creator, "移机到新址");
        s.o.fee_fen = 5000;
        s.o.details_json = json::serialize(json::object{{"fromBoxCode", boxes[from_box].code},
                                                        {"toBoxCode", boxes[l.box].code}});
        work(s, true, static_cast<int>(rng_.below(1000)));
        add(std::move(s));
      } else if (st.type == OrderType::feature) {
        Sim s = start(OrderType::feature, channel, &l, l.box, at, creator, kFeatures[rng_.below(kFeatures.size())]);
        work(s, false, static_cast<int>(rng_.below(1000)));
        add(std::move(s));
      } else {
        const int to = l.speed_mbps >= 300 ? 500 : 300;
        Sim s = start(OrderType::broadband, channel, &l, l.box, at, creator, "宽带提速至 " + std::to_string(to) + "M");
        s.o.details_json = json::serialize(json::object{{"speedMbps", to}});
        work(s, false, static_cast<int>(rng_.below(1000)));
        add(std::move(s));
      }
    }
  }
}

void Generator::care_visits(History& h) {
  // About one subscriber in 170 needs family-style care; their manager visits every six weeks to three months.
  const auto& subs = plant_.subscribers();
  const auto& boxes = plant_.boxes();
  constexpr std::array<std::pair<const char*, const char*>, 4> kFlags{{{"elderly_alone", "儿女在外地，定期走访"},
                                                                       {"bedridden", "老人卧床，上门服务"},
                                                                       {"disabled", "行动不便，优先上门"},
                                                                       {"other", "低保户，关注话费和线路"}}};
  for (std::uint32_t i = 0; i < subs.size(); ++i) {
    if (!rng_.chance(1) || !rng_.chance(60)) continue;
    const auto& sub = subs[i];
    const org::Unit* area = org_.unit(boxes[sub.box].area_id);
    if (!area) continue;
    const int f = rng_.chance(60) ? 0 : rng_.chance(50) ? 1 : rng_.chance(70) ? 2 : 3;
    h.care_flags.push_back({sub.id, kFlags[f].first, kFlags[f].second, area->responsible_id,
                            start_ - between(rng_, 10 * kDay, 400 * kDay)});
    // The fixed line of the subscriber, when there is one (the visit is about the household).
    const HistoryPlant::Line* line = nullptr;
    Millis at = start_ + between(rng_, 0, 45 * kDay);
    while (at < opt_.now) {
      const Millis when = awake(at);
      Sim s = start(OrderType::care_visit, Channel::manager, line, sub.box, when, area->responsible_id,
                    std::string("亲情走访：") + (f == 0 ? "独居老人" : f == 1 ? "卧床老人" : f == 2 ? "残疾用户" : "关怀用户"));
      s.o.customer_id = sub.id;
      s.o.contact_name = sub.name;
      s.o.contact_phone = sub.phone;
      s.o.address = sub.address;
      work(s, true, static_cast<int>(rng_.below(870)));
      add(std::move(s));
      at += between(rng_, 45 * kDay, 100 * kDay);
    }
  }
}

void Generator::hazards() {
  // Found on patrol: about one a distribution box every three years.
  const auto& boxes = plant_.boxes();
  const double days = static_cast<double>(opt_.now - start_) / kDay;
  const auto n = static_cast<std::int64_t>(std::llround(static_cast<double>(boxes.size()) * 0.33 * days / 365.0));
  for (std::int64_t i = 0; i < n; ++i) {
    const std::uint32_t b = static_cast<std::uint32_t>(rng_.below(boxes.size()));
    const org::Unit* area = org_.unit(boxes[b].area_id);
    if (!area) continue;
    const Millis day = between(rng_, start_, opt_.now);
    const Millis at = cal_.local_midnight(cal_.local_date(day)) + between(rng_, 9 * kHour, 17 * kHour);
    if (at < start_ || at > opt_.now) continue;
    Sim s = start(OrderType::hazard, Channel::patrol, nullptr, b, at, area->responsible_id,
                  kHazards[rng_.below(kHazards.size())]);
    work(s, true, static_cast<int>(rng_.below(1000)));
    add(std::move(s));
  }
}

// The boards are never empty: in every community one fault reported in the last hours is still being
// worked on (assigned, accepted, booked, waiting for the customer, on the way …) or waits in the queue.
void Generator::open_now() {
  const auto& lines = plant_.lines();
  std::map<Id, std::vector<std::uint32_t>> by_community;
  for (std::uint32_t i = 0; i < lines.size(); ++i) {
    if (!plant::needs_termination(lines[i].kind) || lines[i].start_date > opt_.now - kDay) continue;
    const org::Unit* area = org_.unit(plant_.boxes()[lines[i].box].area_id);
    if (area) by_community[area->parent_id].push_back(i);
  }
  for (const auto& [community, list] : by_community) {
    const auto& line = lines[list[rng_.below(list.size())]];
    const Millis at = opt_.now - between(rng_, 5 * kMin, 18 * kHour);
    const bool bb = line.kind == plant::ServiceKind::broadband;
    Sim s = start(OrderType::fault, Channel::hotline, &line, line.box, at, hotline(org_.enclosing(community, org::UnitKind::local_network)),
                  bb ? kBroadbandFaults[rng_.below(kBroadbandFaults.size())] : kPhoneFaults[rng_.below(kPhoneFaults.size())]);
    work(s, true, static_cast<int>(rng_.below(1000)), true);
    add(std::move(s));
  }
}

History Generator::run() {
  History h;
  h.tz_ = opt_.tz;
  faults();
  open_now();
  installs();
  moves_and_features();
  care_visits(h);
  hazards();
  // Complaints raised by low callback scores (made inside work() with their parent's index), and a
  // few raised by subscribers about repairs past the legal limit; their own callbacks may raise more.
  const std::size_t parents = sims_.size();
  auto drain = [&] {
    while (!spawned_.empty()) {
      std::vector<Sim> batch = std::move(spawned_);
      spawned_.clear();
      for (auto& c : batch) {
        work(c, false, static_cast<int>(rng_.below(970)));
        sims_.push_back(std::move(c));
      }
    }
  };
  drain();
  std::unordered_map<Id, std::uint32_t> line_of;
  for (std::uint32_t i = 0; i < plant_.lines().size(); ++i) line_of[plant_.lines()[i].service_id] = i;
  for (std::uint32_t i = 0; i < parents; ++i) {
    const Order& o = sims_[i].o;
    if (o.type != OrderType::fault || !o.resolved_at || !o.legal_due_at || o.resolved_at <= o.legal_due_at) continue;
    if (!rng_.chance(20)) continue;
    const Millis at = awake(o.legal_due_at + between(rng_, kHour, 10 * kHour));
    if (at >= o.resolved_at || at > opt_.now) continue;
    auto li = line_of.find(o.service_id);
    if (li == line_of.end()) continue;
    const HistoryPlant::Line& line = plant_.lines()[li->second];
    const Id net = o.routing.network_id;
    Sim c = start(OrderType::complaint, Channel::hotline, &line, line.box, at, hotline(net), "障碍超时未修复，用户投诉");
    c.parent = i;
    work(c, false, static_cast<int>(rng_.below(970)));
    sims_.push_back(std::move(c));
  }
  drain();
  for (auto& s : sims_) finish(s);

  // Ids in creation order; references follow.
  std::vector<std::uint32_t> order(sims_.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return sims_[a].o.created_at < sims_[b].o.created_at; });
  std::vector<Id> id_of(sims_.size());
  for (std::uint32_t k = 0; k < order.size(); ++k) id_of[order[k]] = k + 1;
  // Repeat faults: the latest earlier fault on the same line within 30 days.
  {
    std::unordered_map<Id, std::pair<Millis, Id>> last;
    for (std::uint32_t k = 0; k < order.size(); ++k) {
      Sim& s = sims_[order[k]];
      if (s.o.type != OrderType::fault || !s.o.service_id) continue;
      auto it = last.find(s.o.service_id);
      if (it != last.end() && it->second.first >= s.o.created_at - 30 * kDay) s.o.repeat_of = it->second.second;
      last[s.o.service_id] = {s.o.created_at, id_of[order[k]]};
    }
  }
  h.orders.reserve(sims_.size());
  for (std::uint32_t k = 0; k < order.size(); ++k) {
    Sim& s = sims_[order[k]];
    s.o.id = k + 1;
    if (s.parent != UINT32_MAX) {
      s.o.about_order_id = id_of[s.parent];
      if (s.score_for_parent) {
        const std::string code = code_of(s.o.about_order_id);
        const std::string sc = std::to_string(s.score_for_parent);
        s.o.summary = "Callback score " + sc + " on " + code;
        s.o.routing.explain_en = "Raised by the callback on " + code + " (score " + sc +
                                 "); waits in the community's queue for its head.";
        s.o.routing.explain_zh = "由工单 " + code + " 的回访（" + sc + " 分）产生的投诉；进入社区服务部队列，由社区经理处理。";
        s.first_routing.explain_en = s.o.routing.explain_en;
        s.first_routing.explain_zh = s.o.routing.explain_zh;
        if (s.o.routing.reason == Routing::Reason::manual) {
          // assigned by the head since: the order's routing says so (set in work()).
          const org::Staff* head = org_.staff(head_of_[s.o.routing.community_id]);
          const org::Staff* to = org_.staff(s.o.routing.assignee_id);
          if (head && to) {
            s.o.routing.explain_en = head->name + " reassigned the order to " + to->name + ": assigned";
            s.o.routing.explain_zh = head->name + " 将工单改派给 " + to->name + "：assigned";
          }
        }
      }
    }
    for (auto& p : s.pauses) h.pauses.push_back({s.o.id, p});
    for (auto& e : s.events) {
      e.order = k;
      h.events_.push_back(e);
    }
    h.first_routing_.push_back(std::move(s.first_routing));
    h.orders.push_back(std::move(s.o));
  }
  sims_.clear();
  std::stable_sort(h.events_.begin(), h.events_.end(), [](const History::Compact& a, const History::Compact& b) {
    if (a.at != b.at) return a.at < b.at;
    if (a.order != b.order) return a.order < b.order;
    return a.seq < b.seq;
  });
  for (const auto& m : org_.all_staff()) h.names_[m.id] = m.name;
  for (const auto& [unit, id] : head_of_) h.heads_[unit] = id;
  return h;
}

}  // namespace

// ---- events on demand ---------------------------------------------------------------------------
Event History::event(std::size_t i) const {
  const Compact& c = events_[i];
  const Order& o = orders[c.order];
  Event e;
  e.id = static_cast<Id>(i) + 1;
  e.order_id = o.id;
  e.at = c.at;
  e.actor_id = c.actor;
  if (c.actor) {
    auto it = names_.find(c.actor);
    if (it != names_.end()) e.actor_name = it->second;
  }
  e.from = static_cast<State>(c.from);
  e.to = static_cast<State>(c.to);
  e.community_id = c.community;
  e.assignee_id = c.assignee;
  const Routing& first = first_routing_[c.order];
  switch (static_cast<Kind>(c.kind)) {
    case kCreate:
      e.action = "create";
      e.note = o.summary;
      e.detail_json = c.flag == 2 ? json::serialize(json::object{{"aboutOrderId", o.about_order_id}, {"score", c.a}})
                                  : json::serialize(json::object{{"channel", to_string(o.channel)},
                                                                 {"type", to_string(o.type)},
                                                                 {"repeatOf", o.repeat_of}});
      break;
    case kAssign:
    case kQueue:
      e.action = c.kind == kAssign ? "assign" : "queue";
      e.note = first.explain_en;
      e.detail_json = routing_detail(first);
      break;
    case kHeadAssign: {
      e.action = "assign";
      json::object d;
      d["routing"] = json::parse(routing_detail(o.routing));
      e.detail_json = json::serialize(d);
      break;
    }
    case kAccept: e.action = "accept"; break;
    case kBook:
      e.action = "book";
      e.detail_json = json::serialize(json::object{{"appointmentAt", c.b}, {"customerRequested", c.flag == 1}});
      if (c.flag == 1) e.note = "用户要求改约时间";
      break;
    case kDepart:
    case kArrive:
      e.action = c.kind == kDepart ? "depart" : "arrive";
      break;
    case kWait:
      e.action = "wait";
      e.note = "用户不在家，约定稍后上门";
      e.detail_json = R"({"waitFor":"customer"})";
      break;
    case kResume: e.action = "resume"; break;
    case kResolve: {
      e.action = "resolve";
      json::object d;
      if (o.type == OrderType::new_line || o.type == OrderType::move) {
        d["distBoxId"] = o.routing.dist_box_id;
        d["pairNo"] = o.pair_no;
        d["serviceId"] = o.service_id;
      }
      if (o.type == OrderType::fault) d["cause"] = to_string(o.cause.value_or(FaultCause::other));
      d["lateFeeFen"] = o.late_fee_fen;
      e.detail_json = json::serialize(d);
      break;
    }
    case kCallback:
      e.action = "callback";
      e.note = c.flag == 0 ? "用户反映问题仍未解决" : c.a >= 4 ? "回访满意" : "回访：用户对处理过程不太满意";
      e.detail_json = json::serialize(json::object{{"score", c.a}, {"solved", c.flag == 1}});
      break;
    case kReassignBack:
      e.action = "assign";
      e.note = "reopened by callback: back to " + o.routing.explain_en;
      break;
    case kClose: e.action = "close"; break;
    case kEscalate: {
      e.action = "escalate";
      const Id unit = c.flag == 2 ? o.routing.office_id : c.community;
      json::array heads;
      std::string names;
      auto it = heads_.find(unit);
      if (it != heads_.end()) {
        heads.push_back(it->second);
        auto n = names_.find(it->second);
        if (n != names_.end()) names = n->second;
      }
      e.note = c.flag == 2 ? "The operator's deadline passed at " + format_iso8601(c.b, tz_) +
                                 "; escalated to the office head" + (names.empty() ? "" : " " + names) + "."
                           : "75% of the operator's deadline used (due " + format_iso8601(c.b, tz_) +
                                 "); escalated to the community head" + (names.empty() ? "" : " " + names) + ".";
      e.detail_json = json::serialize(json::object{{"level", c.flag == 2 ? "office_head" : "community_head"},
                                                   {"heads", std::move(heads)},
                                                   {"dueAt", c.b},
                                                   {"fraction", c.flag == 2 ? 1.0 : 0.75}});
      break;
    }
  }
  return e;
}

std::unordered_map<std::string, std::int64_t> History::by_type() const {
  std::unordered_map<std::string, std::int64_t> out;
  for (const auto& o : orders) ++out[std::string(to_string(o.type))];
  return out;
}

std::int64_t History::open_orders() const {
  std::int64_t n = 0;
  for (const auto& o : orders) n += is_open(o.state) && o.state != State::reopened ? 1 : 0;
  return n;
}

History generate_history(const org::OrgSnapshot& org, const HistoryPlant& plant, const HistoryOptions& opt) {
  return Generator(org, plant, opt).run();
}

}  // namespace bc::orders
