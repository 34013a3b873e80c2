#include "domain/orders/routing.hpp"

namespace bc::orders {
namespace {
using org::Unit;
using org::UnitKind;

void place(const org::OrgSnapshot& s, Routing& r, org::Id community) {
  r.community_id = community;
  r.office_id = s.enclosing(community, UnitKind::office);
  r.network_id = s.enclosing(community, UnitKind::local_network);
}

std::string name_of(const org::OrgSnapshot& s, org::Id staff) {
  const org::Staff* m = s.staff(staff);
  return m ? m->name : "?";
}

}  // namespace

std::string_view to_string(Routing::Reason r) {
  switch (r) {
    case Routing::Reason::responsible: return "responsible";
    case Routing::Reason::backup: return "backup";
    case Routing::Reason::community_queue: return "community_queue";
    case Routing::Reason::manual: return "manual";
  }
  return "";
}

Result<Routing> route(const org::OrgSnapshot& s, const RouteFrom& from, Millis now, const TimeZone& tz) {
  Routing r;
  r.dist_box_id = from.dist_box_id;
  const Unit* area = from.area_id ? s.unit(from.area_id) : nullptr;
  if (area && area->active && area->kind == UnitKind::area) {
    r.area_id = area->id;
    r.rural = area->rural;
    place(s, r, s.enclosing(area->id, UnitKind::community));
    std::string owns_en = from.box_code.empty() ? "" : ", which hangs off distribution box " + from.box_code;
    std::string owns_zh = from.box_code.empty() ? "" : "（分线盒 " + from.box_code + "）";
    std::string head_en = "Area " + area->code + " " + area->name + " owns " + from.what + owns_en + ". ";
    const std::string what_zh = from.what_zh.empty() ? from.what : from.what_zh;
    std::string head_zh = what_zh + owns_zh + " 属于片区 " + area->code + " " + area->name + "。";
    const org::Cover cv = org::cover_of(s, *area, now);
    r.explain_en = head_en + org::explain(s, *area, cv, tz, false);
    r.explain_zh = head_zh + org::explain(s, *area, cv, tz, true);
    switch (cv.reason) {
      case org::CoverReason::responsible:
        r.reason = Routing::Reason::responsible;
        r.assignee_id = cv.staff_id;
        r.explain_en += " Routed to " + name_of(s, cv.staff_id) + ".";
        r.explain_zh += "派给 " + name_of(s, cv.staff_id) + "。";
        break;
      case org::CoverReason::backup:
        r.reason = Routing::Reason::backup;
        r.assignee_id = cv.staff_id;
        r.explain_en += " Routed to the backup, " + name_of(s, cv.staff_id) + ".";
        r.explain_zh += "派给备岗 " + name_of(s, cv.staff_id) + "。";
        break;
      case org::CoverReason::uncovered:
        r.reason = Routing::Reason::community_queue;
        break;
    }
    if (r.community_id) return r;
  }
  org::Id community = from.community_id ? s.enclosing(from.community_id, UnitKind::community) : 0;
  const Unit* cu = community ? s.unit(community) : nullptr;
  if (!cu || !cu->active) {
    Error e(Errc::unprocessable,
            "Nothing owns " + (from.what.empty() ? std::string("this request") : from.what) +
                ": name the community whose queue should take it.");
    e.field("communityId", "is required when no area owns the line, subscriber, box or address");
    return e;
  }
  Routing q;
  q.reason = Routing::Reason::community_queue;
  q.dist_box_id = from.dist_box_id;
  place(s, q, cu->id);
  if (r.area_id) {  // owned but nobody covers it today
    q.area_id = r.area_id;
    q.rural = r.rural;
    q.explain_en = r.explain_en;
    q.explain_zh = r.explain_zh;
  } else {
    const std::string what = from.what.empty() ? std::string("the request") : from.what;
    q.explain_en = "No area owns " + what + "; the order waits in the queue of community " + cu->code + " " +
                   cu->name + ".";
    q.explain_zh = (from.what.empty() ? std::string("该请求") : from.what_zh.empty() ? from.what : from.what_zh) + " 未归属任何片区；工单进入社区服务部 " +
                   cu->code + " " + cu->name + " 的队列。";
  }
  return q;
}

Result<Routing> reassign(const org::OrgSnapshot& s, const Routing& current, org::Id assignee, const auth::Actor& by,
                         const std::string& reason) {
  Routing r = current;
  r.reason = assignee ? Routing::Reason::manual : Routing::Reason::community_queue;
  r.assignee_id = assignee;
  if (assignee) {
    const org::Staff* m = s.staff(assignee);
    if (!m || !m->active || m->role != org::Role::area_manager)
      return unprocessable("assigneeId", "must be an active area customer manager");
    const org::Id community = s.enclosing(m->unit_id, UnitKind::community);
    if (!community || !auth::can_see_unit(s, by, community))
      return unprocessable("assigneeId", "must be a manager in your part of the organisation");
    // The order follows its new manager's community; its area stays the line's.
    place(s, r, community);
    r.explain_en = by.name + " reassigned the order to " + m->name + ": " + reason;
    r.explain_zh = by.name + " 将工单改派给 " + m->name + "：" + reason;
  } else {
    r.explain_en = by.name + " put the order back in the community's queue: " + reason;
    r.explain_zh = by.name + " 将工单退回社区服务部队列：" + reason;
  }
  return r;
}

}  // namespace bc::orders
