// The ownership answer comes from memory (boxes, cross-connect boxes) and one statement prepared
// once per connection (the line and its holder). These tests hold it to what the database says,
// after every kind of write that changes the answer, on SQLite and PostgreSQL alike.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <sstream>

#include "app/demo_loader.hpp"
#include "core/crypto.hpp"
#include "domain/auth/access.hpp"
#include "domain/imports/importer.hpp"
#include "domain/org/service.hpp"
#include "domain/plant/service.hpp"
#include "fixture.hpp"
#include "store/plant_bulk.hpp"
#include "store/plant_import.hpp"
#include "store/plant_store.hpp"
#include "store/repositories.hpp"

namespace bc {
namespace {
using plant::Id;

class PlantOwnership : public ::testing::Test {
 protected:
  // One pooled connection: every request reuses the same prepared statements.
  testing::FreshDb f{1};
  std::unique_ptr<org::OrgRepository> org_repo;
  std::unique_ptr<org::OrgService> org;
  std::unique_ptr<plant::PlantRepository> repo;
  std::unique_ptr<plant::PlantService> plant;
  auth::Actor admin;

  void SetUp() override {
    init_crypto();
    org_repo = store::make_org_repository(*f.db);
    ASSERT_TRUE(app::load_demo(*org_repo, org::DemoSize::city, hash_password("admin-password-1"), TimeZone{}).ok());
    org = std::make_unique<org::OrgService>(*org_repo);
    auto loader = store::make_plant_bulk_loader(*f.db);
    plant::generate_plant(*org->snapshot(), 400, now_ms(), *loader);
    loader->finish();
    repo = store::make_plant_repository(*f.db);
    plant = std::make_unique<plant::PlantService>(*repo, *org);
    plant->load();
    admin = actor("admin");
  }
  auth::Actor actor(const std::string& username) {
    auto snap = org->snapshot();
    const org::Staff* s = snap->staff_by_username(username);
    EXPECT_NE(s, nullptr) << username;
    return auth::actor_for(*snap, *s);
  }
  template <class T>
  T one(const std::string& sql) {
    return f.db->with([&](soci::session& s) {
      T v{};
      s << sql, soci::into(v);
      return v;
    });
  }
  // A fixed line, as the database has it.
  plant::Service line(const std::string& where = "") {
    const long long id = one<long long>("SELECT min(id) FROM services WHERE kind = 'fixed_line' AND status = 'active'" + where);
    auto sv = repo->service(id);
    EXPECT_TRUE(sv.has_value());
    return *sv;
  }
  // The answer equals what the database says, field by field.
  void expect_matches_database(const plant::Ownership& o) {
    ASSERT_TRUE(o.service && o.dist_box && o.cross_box && o.customer);
    auto sv = repo->service(o.service->id);
    ASSERT_TRUE(sv);
    EXPECT_EQ(o.service->code, sv->code);
    EXPECT_EQ(o.service->number, sv->number);
    EXPECT_EQ(o.service->customer_id, sv->customer_id);
    EXPECT_EQ(o.service->kind, sv->kind);
    EXPECT_EQ(o.service->speed_mbps, sv->speed_mbps);
    EXPECT_EQ(o.service->dist_box_id, sv->dist_box_id);
    EXPECT_EQ(o.service->pair_no, sv->pair_no);
    EXPECT_EQ(o.service->parent_service_id, sv->parent_service_id);
    EXPECT_EQ(o.service->status, sv->status);
    EXPECT_EQ(o.service->start_date, sv->start_date);
    EXPECT_EQ(o.service->monthly_fee_fen, sv->monthly_fee_fen);
    EXPECT_EQ(o.service->version, sv->version);
    auto cu = repo->customer(sv->customer_id);
    ASSERT_TRUE(cu);
    EXPECT_EQ(o.customer->id, cu->id);
    EXPECT_EQ(o.customer->code, cu->code);
    EXPECT_EQ(o.customer->name, cu->name);
    EXPECT_EQ(o.customer->kind, cu->kind);
    auto db = repo->dist_box(o.dist_box->id);
    ASSERT_TRUE(db);
    EXPECT_EQ(o.dist_box->code, db->code);
    EXPECT_EQ(o.dist_box->cross_box_id, db->cross_box_id);
    EXPECT_EQ(o.dist_box->area_id, db->area_id);
    EXPECT_EQ(o.dist_box->network_id, db->network_id);
    EXPECT_EQ(o.dist_box->lat_e6, db->lat_e6);
    EXPECT_EQ(o.dist_box->lng_e6, db->lng_e6);
    EXPECT_EQ(o.dist_box->mount, db->mount);
    EXPECT_EQ(o.dist_box->address, db->address);
    EXPECT_EQ(o.dist_box->capacity, db->capacity);
    EXPECT_EQ(o.dist_box->active, db->active);
    EXPECT_EQ(o.dist_box->version, db->version);
    EXPECT_EQ(o.dist_box->created_at, db->created_at);
    EXPECT_EQ(o.dist_box->updated_at, db->updated_at);
    EXPECT_EQ(o.area->id, db->area_id);
    auto x = repo->cross_box(db->cross_box_id);
    ASSERT_TRUE(x);
    EXPECT_EQ(o.cross_box->id, x->id);
    EXPECT_EQ(o.cross_box->code, x->code);
    EXPECT_EQ(o.cross_box->name, x->name);
    EXPECT_EQ(o.cross_box->network_id, x->network_id);
    EXPECT_EQ(o.cross_box->area_id, x->area_id);
    EXPECT_EQ(o.cross_box->address, x->address);
    EXPECT_EQ(o.cross_box->primary_pairs, x->primary_pairs);
    EXPECT_EQ(o.cross_box->distribution_pairs, x->distribution_pairs);
    EXPECT_EQ(o.cross_box->version, x->version);
    EXPECT_EQ(o.cross_box->updated_at, x->updated_at);
  }
};

TEST_F(PlantOwnership, TheAnswerIsWhatTheDatabaseSays) {
  std::vector<std::string> numbers(40);
  f.db->with([&](soci::session& s) {
    s << "SELECT number FROM services WHERE kind = 'fixed_line' AND status = 'active' ORDER BY id LIMIT 40",
        soci::into(numbers);
  });
  int checked = 0;
  for (const auto& n : numbers) {
    auto o = plant->owner_of_number(admin, n);
    ASSERT_TRUE(o.ok()) << n;
    EXPECT_EQ(o->service->number, n);
    expect_matches_database(*o);
    ++checked;
  }
  EXPECT_EQ(checked, 40);
  EXPECT_FALSE(plant->owner_of_number(admin, "0731-0000-0000").ok());
}

// An IPTV service imported onto a line (no box of its own) is owned through its parent's box.
TEST_F(PlantOwnership, AnImportedFeatureIsOwnedThroughItsParentLinesBox) {
  const auto parent = line();
  const std::string customer = one<std::string>("SELECT code FROM customers WHERE id = " + std::to_string(parent.customer_id));
  std::ostringstream csv;
  csv << "code,customer,account,kind,number,speed_mbps,dist_box,pair,parent,status,start_date,monthly_fee_fen\n"
      << "TV-TEST-1," << customer << ",,iptv,IPTV7310001,0,,," << parent.code << ",active,2026-01-05,1500\n";
  auto imports = store::make_import_repository(*f.db);
  std::istringstream in(csv.str());
  imports::ImportOptions opt;
  opt.kind = imports::Kind::services;
  opt.source = "test.csv";
  auto report = imports::run_import(in, opt, *imports);
  ASSERT_EQ(report.inserted, 1) << csv.str() << (report.errors.empty() ? "" : report.errors[0].reason);
  EXPECT_FALSE(plant->owner_of_number(admin, "IPTV7310001").ok()) << "not in the index before the rebuild";
  plant->refresh_if_imported();
  auto o = plant->owner_of_number(admin, "IPTV7310001");
  ASSERT_TRUE(o.ok()) << o.error().message;
  EXPECT_EQ(o->service->code, "TV-TEST-1");
  EXPECT_EQ(o->service->parent_service_id, parent.id);
  EXPECT_EQ(o->dist_box->id, parent.dist_box_id);
  EXPECT_EQ(o->customer->code, customer);
  // A feature recorded without a termination of its own (older records) still finds its box.
  f.db->write([](soci::session& s) { s << "UPDATE services SET dist_box_id = NULL, pair_no = NULL WHERE code = 'TV-TEST-1'"; });
  plant->load();
  auto bare = plant->owner_of_number(admin, "IPTV7310001");
  ASSERT_TRUE(bare.ok()) << bare.error().message;
  EXPECT_EQ(bare->service->dist_box_id, 0);
  EXPECT_EQ(bare->dist_box->id, parent.dist_box_id);
}

TEST_F(PlantOwnership, ABoxMoveAndCorrectionShowAtOnce) {
  const auto sv = line();
  auto before = plant->owner_of_number(admin, sv.number);
  ASSERT_TRUE(before.ok());
  auto snap = org->snapshot();
  Id to = 0;
  for (Id k : snap->children(before->area->parent_id))
    if (k != before->area->id && snap->unit(k)->kind == org::UnitKind::area && snap->unit(k)->active) to = k;
  ASSERT_NE(to, 0);
  plant::DistBoxPatch p;
  p.area_id = to;
  p.address = "测试路 8 号";
  p.mount = before->dist_box->mount == plant::Mount::pole ? plant::Mount::building : plant::Mount::pole;
  auto moved = plant->update_dist_box(admin, before->dist_box->id, before->dist_box->version, p);
  ASSERT_TRUE(moved.ok()) << moved.error().message;
  auto after = plant->owner_of_number(admin, sv.number);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->area->id, to);
  EXPECT_EQ(after->dist_box->address, "测试路 8 号");
  EXPECT_EQ(after->dist_box->version, before->dist_box->version + 1);
  expect_matches_database(*after);
  // The box's line count (occupancy) stays with it.
  EXPECT_EQ(after->box.in_use, before->box.in_use);
  auto by_box = plant->owner_of_box(admin, after->dist_box->code);
  ASSERT_TRUE(by_box.ok());
  EXPECT_EQ(by_box->dist_box->address, "测试路 8 号");
}

// Another process (or connection) changes a line or its holder: the statement prepared on our
// connection must not answer from an old snapshot.
TEST_F(PlantOwnership, WritesThroughAnotherConnectionAreSeen) {
  const auto sv = line();
  auto first = plant->owner_of_number(admin, sv.number);
  ASSERT_TRUE(first.ok());
  auto other = store::Database::open(f.url, 1);
  other->write([&](soci::session& s) {
    long long id = sv.id, cust = sv.customer_id;
    s << "UPDATE services SET monthly_fee_fen = 4321, speed_mbps = 77, version = version + 1 WHERE id = :id",
        soci::use(id);
    s << "UPDATE customers SET name = '新名字', version = version + 1 WHERE id = :id", soci::use(cust);
  });
  auto after = plant->owner_of_number(admin, sv.number);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->service->monthly_fee_fen, 4321);
  EXPECT_EQ(after->service->speed_mbps, 77);
  EXPECT_EQ(after->service->version, sv.version + 1);
  EXPECT_EQ(after->customer->name, "新名字");
  expect_matches_database(*after);
}

// A cross-connect box changed by an import (here or in another process) shows once the index is
// rebuilt, which the server does when it sees the import in the audit log.
TEST_F(PlantOwnership, ACrossBoxImportShowsAfterTheRebuild) {
  const auto sv = line();
  auto before = plant->owner_of_number(admin, sv.number);
  ASSERT_TRUE(before.ok());
  const auto& x = *before->cross_box;
  auto snap = org->snapshot();
  std::ostringstream csv;
  csv << "code,name,network,area,lat,lng,address,primary_pairs,distribution_pairs\n"
      << x.code << ",改名交接箱," << snap->unit(x.network_id)->code << ","
      << (x.area_id ? snap->unit(x.area_id)->code : std::string()) << "," << x.lat_e6 / 1e6 << "," << x.lng_e6 / 1e6
      << ",新地址 1 号," << x.primary_pairs << "," << x.distribution_pairs << "\n";
  auto imports = store::make_import_repository(*f.db);
  std::istringstream in(csv.str());
  imports::ImportOptions opt;
  opt.kind = imports::Kind::cross_boxes;
  opt.source = "test.csv";
  auto report = imports::run_import(in, opt, *imports);
  ASSERT_EQ(report.updated, 1) << csv.str();
  plant->refresh_if_imported();
  auto after = plant->owner_of_number(admin, sv.number);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->cross_box->name, "改名交接箱");
  EXPECT_EQ(after->cross_box->address, "新地址 1 号");
  expect_matches_database(*after);
}

// Address search looks at candidates in pages: the first page, then the rest up to the same cap
// as before (limit × 4 + 20). What a scoped user gets is exactly the first `limit` candidates in
// customer id order that are in their scope, among the first `cap` matches.
TEST_F(PlantOwnership, AddressSearchPagesThroughCandidatesOutOfScope) {
  // Common across the city: most of a community head's first page is someone else's.
  const std::string fragment = "1单元";
  ASSERT_GE(one<long long>("SELECT count(*) FROM customers WHERE address_text LIKE '%1单元%'"), 50);
  auto snap = org->snapshot();
  for (const std::string who : {"admin", "cs.o1.c01"}) {
    const auto a = actor(who);
    for (int limit : {1, 5, 20}) {
      std::vector<Id> expected;
      f.db->with([&](soci::session& s) {
        std::vector<long long> ids(limit * 4 + 20);
        std::string like = "%" + fragment + "%";
        s << "SELECT id FROM customers WHERE address_text LIKE :l ORDER BY id LIMIT :n", soci::use(like),
            soci::use(static_cast<int>(ids.size())), soci::into(ids);
        for (long long id : ids) {
          Id box = plant->index().box_of_customer(id);
          auto b = plant->index().box(box);
          if (b && auth::can_see_unit(*snap, a, b->area_id) && static_cast<int>(expected.size()) < limit)
            expected.push_back(id);
        }
      });
      auto hits = plant->search(a, fragment, plant::SearchKind::address, limit);
      ASSERT_TRUE(hits.ok());
      std::vector<Id> got;
      for (const auto& h : *hits) got.push_back(h.customer_id);
      EXPECT_EQ(got, expected) << who << " limit " << limit;
      if (who == "admin") {
        EXPECT_EQ(static_cast<int>(got.size()), limit);
      }
    }
  }
}

}  // namespace
}  // namespace bc
