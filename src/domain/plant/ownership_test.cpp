#include "domain/plant/ownership.hpp"

#include <gtest/gtest.h>

namespace bc::plant {
namespace {

OwnershipIndex::Box box(Id id, Id area, const char* code) {
  DistBox d;
  d.id = id;
  d.area_id = area;
  d.code = code;
  d.capacity = 100;
  return OwnershipIndex::Box::of(d);
}

// What the database held when a reload read it: boxes 1 and 2 in area 10, line 0731-8800 1234
// (service 7, customer 3) on box 1, line 0731-8800 5678 (service 8) on box 2.
void snapshot(OwnershipIndex& i) {
  i.add_box(box(1, 10, "D-1"));
  i.add_box(box(2, 10, "D-2"));
  i.add_line("07318800 1234", 7, 1, 3);
  i.add_line("07318800 5678", 8, 2, 4);
  i.seal();
}

TEST(OwnershipIndex, WritesMadeWhileTheDatabaseIsReadSurviveTheRebuild) {
  OwnershipIndex live;
  snapshot(live);

  live.begin_rebuild();
  OwnershipIndex fresh;
  snapshot(fresh);  // read before the writes below were committed
  // Meanwhile: line 1234 re-terminated on box 2, box 1 moved to area 11, line 5678 ceased.
  live.put_line("0731-8800 1234", 7, 2, 3);
  live.put_box(box(1, 11, "D-1"));
  live.remove_line("0731 8800 5678");
  live.replace_with(std::move(fresh));

  auto hit = live.by_number("073188001234");
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->box_id, 2);
  EXPECT_EQ(live.box_of_customer(3), 2);
  EXPECT_EQ(live.area_of_box(1), 11);
  EXPECT_FALSE(live.by_number("073188005678"));
  EXPECT_EQ(live.box(1)->in_use, 0);  // its one line moved away
  EXPECT_EQ(live.box(2)->in_use, 1);  // gained 1234, lost 5678
}

TEST(OwnershipIndex, ARebuildWinsOverWritesMadeBeforeItBegan) {
  OwnershipIndex live;
  snapshot(live);
  live.put_line("073188001234", 7, 2, 3);  // written, then changed again by another process

  live.begin_rebuild();
  OwnershipIndex fresh;
  snapshot(fresh);  // the database as it is now: 1234 back on box 1
  live.replace_with(std::move(fresh));

  EXPECT_EQ(live.by_number("073188001234")->box_id, 1);
  EXPECT_EQ(live.box(1)->in_use, 1);
  EXPECT_EQ(live.box(2)->in_use, 1);
}

TEST(OwnershipIndex, AWriteAppliedAgainThatTheRebuildAlreadySawChangesNothing) {
  OwnershipIndex live;
  snapshot(live);

  live.begin_rebuild();
  live.put_line("073188001234", 7, 2, 3);  // committed before the read, applied to the index after
  OwnershipIndex fresh;
  fresh.add_box(box(1, 10, "D-1"));
  fresh.add_box(box(2, 10, "D-2"));
  fresh.add_line("073188001234", 7, 2, 3);
  fresh.add_line("073188005678", 8, 2, 4);
  fresh.seal();
  live.replace_with(std::move(fresh));

  EXPECT_EQ(live.by_number("073188001234")->box_id, 2);
  EXPECT_EQ(live.box(1)->in_use, 0);
  EXPECT_EQ(live.box(2)->in_use, 2);
}

TEST(OwnershipIndex, AFailedRebuildStopsKeepingWrites) {
  OwnershipIndex live;
  snapshot(live);

  live.begin_rebuild();
  live.cancel_rebuild();
  live.put_line("073188001234", 7, 2, 3);  // applied to the live index only

  live.begin_rebuild();
  OwnershipIndex fresh;
  snapshot(fresh);
  live.replace_with(std::move(fresh));

  EXPECT_EQ(live.by_number("073188001234")->box_id, 1);
  EXPECT_EQ(live.box(2)->in_use, 1);
}

}  // namespace
}  // namespace bc::plant
