// Who gets a new order: the area that owns the line's distribution box, and whoever covers that
// area today (its manager, or the backup while the manager is away); the community's queue when
// nothing owns the line or nobody covers it. Every decision carries its explanation in both
// languages. Pure; thread-safe.
#pragma once
#include <string>

#include "core/error.hpp"
#include "domain/auth/access.hpp"
#include "domain/orders/model.hpp"

namespace bc::orders {

struct RouteFrom {
  org::Id area_id = 0;          // the owning area, found through the ownership index (0: none)
  org::Id dist_box_id = 0;
  std::string box_code;         // for the explanation
  std::string what;             // "line 073188001234", "subscriber C000123" … for the explanation
  std::string what_zh;          // the same in Chinese: "线路 073188001234" …
  org::Id community_id = 0;     // the queue to use when nothing owns it (the caller's or the form's)
};

// Fails (422 naming communityId) only when neither an owning area nor a community is known.
Result<Routing> route(const org::OrgSnapshot& s, const RouteFrom& from, Millis now, const TimeZone& tz);

// A head hands the order to `assignee` (an active area manager in the order's community, or 0 for
// the community's queue); the explanation names who did it and why.
Result<Routing> reassign(const org::OrgSnapshot& s, const Routing& current, org::Id assignee, const auth::Actor& by,
                         const std::string& reason);

}  // namespace bc::orders
