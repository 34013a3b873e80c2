#include "domain/org/model.hpp"

#include <gtest/gtest.h>

#include "domain/auth/access.hpp"
#include "domain/org/demo.hpp"

namespace bc::org {
namespace {

constexpr Millis kDay = 86400000;

OrgSnapshot small_org() {
  OrgSnapshot s;
  auto unit = [&](Id id, UnitKind k, const char* code, Id parent) {
    Unit u;
    u.id = id;
    u.kind = k;
    u.code = code;
    u.name = code;
    u.parent_id = parent;
    s.put_unit(u);
  };
  unit(1, UnitKind::province, "HN", 0);
  unit(2, UnitKind::local_network, "CS", 1);
  unit(3, UnitKind::centre, "CS-C", 2);
  unit(4, UnitKind::office, "CS-O1", 3);
  unit(5, UnitKind::community, "CS-O1-C01", 4);
  unit(6, UnitKind::community, "CS-O1-C02", 4);
  auto staff = [&](Id id, const char* name, Role r, Id unit_id) {
    Staff m;
    m.id = id;
    m.username = name;
    m.name = name;
    m.role = r;
    m.unit_id = unit_id;
    s.put_staff(m);
  };
  staff(10, "li", Role::area_manager, 5);
  staff(11, "wang", Role::area_manager, 5);
  staff(12, "head", Role::community_head, 5);
  staff(13, "centre", Role::centre_manager, 3);
  Unit area;
  area.id = 7;
  area.kind = UnitKind::area;
  area.code = "CS-A001";
  area.name = "A";
  area.parent_id = 5;
  area.responsible_id = 10;
  area.backup_id = 11;
  s.put_unit(area);
  return s;
}

void absent(OrgSnapshot& s, Id id, Id staff, Millis from, Millis to, bool cancelled = false) {
  Absence a;
  a.id = id;
  a.staff_id = staff;
  a.starts_at = from;
  a.ends_at = to;
  a.cancelled = cancelled;
  s.put_absence(a);
}

TEST(Cover, ManagerPresentCoversTheirOwnArea) {
  auto s = small_org();
  auto c = cover_of(s, *s.unit(7), 10 * kDay);
  EXPECT_EQ(c.reason, CoverReason::responsible);
  EXPECT_EQ(c.staff_id, 10);
  EXPECT_NE(explain(s, *s.unit(7), c, TimeZone{}, false).find("li"), std::string::npos);
}

TEST(Cover, BackupCoversWhileTheManagerIsAwayAndNotAfter) {
  auto s = small_org();
  absent(s, 1, 10, 9 * kDay, 12 * kDay);
  auto c = cover_of(s, *s.unit(7), 10 * kDay);
  EXPECT_EQ(c.reason, CoverReason::backup);
  EXPECT_EQ(c.staff_id, 11);
  EXPECT_EQ(c.until, 12 * kDay);
  const auto en = explain(s, *s.unit(7), c, *TimeZone::parse("UTC"), false);
  EXPECT_NE(en.find("until 1970-01-13 00:00; backup wang covers"), std::string::npos) << en;
  EXPECT_NE(explain(s, *s.unit(7), c, TimeZone{}, true).find("备岗 wang"), std::string::npos);
  EXPECT_EQ(cover_of(s, *s.unit(7), 12 * kDay).reason, CoverReason::responsible);  // the end is exclusive
}

TEST(Cover, ChainedAbsencesGiveTheRealReturnDate) {
  auto s = small_org();
  absent(s, 1, 10, 9 * kDay, 12 * kDay);
  absent(s, 2, 10, 12 * kDay, 15 * kDay);
  EXPECT_EQ(cover_of(s, *s.unit(7), 10 * kDay).until, 15 * kDay);
}

TEST(Cover, CancelledAbsenceDoesNotCount) {
  auto s = small_org();
  absent(s, 1, 10, 9 * kDay, 12 * kDay, true);
  EXPECT_EQ(cover_of(s, *s.unit(7), 10 * kDay).reason, CoverReason::responsible);
}

TEST(Cover, BothAwayMeansTheCommunityQueue) {
  auto s = small_org();
  absent(s, 1, 10, 9 * kDay, 12 * kDay);
  absent(s, 2, 11, 8 * kDay, 11 * kDay);
  auto c = cover_of(s, *s.unit(7), 10 * kDay);
  EXPECT_EQ(c.reason, CoverReason::uncovered);
  EXPECT_EQ(c.staff_id, 0);
  EXPECT_NE(explain(s, *s.unit(7), c, TimeZone{}, false).find("community's queue"), std::string::npos);
}

TEST(Scope, CentreStaffSeeTheirNetworkCommunityHeadsTheirDepartment) {
  auto s = small_org();
  auto centre = auth::actor_for(s, *s.staff(13));
  EXPECT_EQ(centre.scope_root, 2);
  auto head = auth::actor_for(s, *s.staff(12));
  EXPECT_EQ(head.scope_root, 5);
  EXPECT_TRUE(auth::can_see_unit(s, head, 7));
  EXPECT_FALSE(auth::can_see_unit(s, head, 6));
  EXPECT_FALSE(auth::can_see_unit(s, head, 4));
  EXPECT_FALSE(auth::check_unit_write(s, head, 5));  // not their own department
  EXPECT_TRUE(auth::check_unit_write(s, head, 7));
  EXPECT_FALSE(auth::check_staff_write(s, head, Role::community_head, 5));  // not their peers
  EXPECT_TRUE(auth::check_staff_write(s, head, Role::area_manager, 5));
}

TEST(Snapshot, AncestorsAndEnclosingUnits) {
  auto s = small_org();
  EXPECT_EQ(s.ancestors(7), (std::vector<Id>{1, 2, 3, 4, 5}));
  EXPECT_EQ(s.enclosing(7, UnitKind::office), 4);
  EXPECT_EQ(s.enclosing(7, UnitKind::area), 7);
  EXPECT_EQ(s.enclosing(4, UnitKind::community), 0);
  EXPECT_TRUE(s.in_subtree(7, 1));
  EXPECT_FALSE(s.in_subtree(6, 5));
}

TEST(Demo, CityHasTheChangshaFigures) {
  auto d = demo_org(DemoSize::city);
  int offices = 0, communities = 0, areas = 0, managers = 0;
  for (const auto& u : d.units) {
    offices += u.kind == UnitKind::office;
    communities += u.kind == UnitKind::community;
    areas += u.kind == UnitKind::area;
  }
  for (const auto& m : d.staff) managers += m.role == Role::area_manager;
  EXPECT_EQ(offices, 6);
  EXPECT_EQ(areas, 148);
  EXPECT_EQ(managers, 148);
  EXPECT_GE(areas, communities * 5);  // 5-6 managers per community
  EXPECT_LE(areas, communities * 6);
  for (const auto& u : d.units)
    if (u.kind == UnitKind::area) EXPECT_NE(u.responsible, u.backup) << u.code;
  // Deterministic: the same every time.
  EXPECT_EQ(demo_org(DemoSize::city).staff[5].name, d.staff[5].name);
}

TEST(Demo, ProvinceHasFourteenNetworksAndAboutTwoThousandAreas) {
  auto d = demo_org(DemoSize::province);
  int networks = 0, areas = 0;
  for (const auto& u : d.units) {
    networks += u.kind == UnitKind::local_network;
    areas += u.kind == UnitKind::area;
  }
  EXPECT_EQ(networks, 14);
  // About 2,000 managers of about 5,000 subscribers each: 10 million.
  EXPECT_GE(areas, 1950);
  EXPECT_LE(areas, 2050);
}

}  // namespace
}  // namespace bc::org
