// CSV import and export of the plant archive through the real store, on SQLite and PostgreSQL:
// what an office user checks afterwards — the counts, the line and column of every error, and
// what is in the database.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/demo_loader.hpp"
#include "core/crypto.hpp"
#include "domain/imports/importer.hpp"
#include "fixture.hpp"
#include "store/plant_import.hpp"
#include "store/repositories.hpp"

namespace bc {
namespace {
using imports::Kind;
using imports::Report;
using testing::FreshDb;

const std::string kCross = "code,name,network,area,lat,lng,address,primary_pairs,distribution_pairs\n";
const std::string kDist = "code,cross_box,area,lat,lng,mount,address,capacity\n";
const std::string kCust = "code,kind,name,phones,id_type,id_number,district,street,community,building,unit,room,network\n";
const std::string kSvc = "code,customer,account,kind,number,speed_mbps,dist_box,pair,parent,status,start_date,monthly_fee_fen\n";

class ImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    init_crypto();
    auto org = store::make_org_repository(*f.db);
    ASSERT_TRUE(app::load_demo(*org, org::DemoSize::city, hash_password("admin-password-1"), TimeZone{}).ok());
    repo = store::make_import_repository(*f.db);
  }
  Report run(Kind kind, const std::string& csv, bool dry_run = false,
             imports::EncodingMode enc = imports::EncodingMode::auto_detect) {
    std::istringstream in(csv);
    imports::ImportOptions o;
    o.kind = kind;
    o.dry_run = dry_run;
    o.encoding = enc;
    o.source = "test.csv";
    return imports::run_import(in, o, *repo);
  }
  long long count(const std::string& sql) {
    return f.db->with([&](soci::session& s) {
      long long n = 0;
      s << sql, soci::into(n);
      return n;
    });
  }
  std::string text(const std::string& sql) {
    return f.db->with([&](soci::session& s) {
      std::string v;
      s << sql, soci::into(v);
      return v;
    });
  }
  // Two cross boxes, two distribution boxes (20 and 10 pairs), three customers.
  void load_plant() {
    auto r = run(Kind::cross_boxes, kCross + "X-1,望月湖1号交接箱,CS,,28.194,112.93,望月湖路1号,400,600\n"
                                             "X-2,二号箱,CS,CS-A002,28.2,112.9,,0,0\n");
    ASSERT_EQ(r.inserted, 2) << imports::format_report(r, "x");
    r = run(Kind::dist_boxes, kDist + "D-0001,X-1,CS-A001,28.1945,112.9301,building,12栋1单元,20\n"
                                      "D-0002,X-2,CS-A002,28.2,112.9,pole,,10\n");
    ASSERT_EQ(r.inserted, 2) << imports::format_report(r, "x");
    r = run(Kind::customers, kCust + "C-1,person,李芳,13354371002;0731-8888123,resident_id,430119,岳麓区,望月湖街道,望月湖社区,12栋,3单元,502室,CS\n"
                                     "C-2,business,湖南某公司,,,,岳麓区,,,,,,CS\n"
                                     "C-3,person,王伟,13900000000,,,,,,,,,CS\n");
    ASSERT_EQ(r.inserted, 3) << imports::format_report(r, "x");
  }
  static std::string errors_of(const Report& r) {
    std::string out;
    for (const auto& e : r.errors) out += std::to_string(e.line) + "|" + e.column + "|" + e.reason + "\n";
    return out;
  }

  FreshDb f;
  std::unique_ptr<imports::Repository> repo;
};

TEST_F(ImportTest, MissingAndExtraColumnsRefuseTheWholeFile) {
  auto r = run(Kind::dist_boxes, "code,cross_box,area,lat,lng,mount,address,capcity\nD-1,X-1,CS-A001,,,,,10\n");
  EXPECT_TRUE(r.refused);
  EXPECT_NE(r.refusal.find("line 1: missing column 'capacity'"), std::string::npos) << r.refusal;
  EXPECT_NE(r.refusal.find("unknown column 'capcity'"), std::string::npos) << r.refusal;
  EXPECT_EQ(r.rows_read, 0);
  r = run(Kind::cross_boxes, "code,name,network,area,lat,lng,address,primary_pairs,distribution_pairs,note\n");
  EXPECT_TRUE(r.refused);
  EXPECT_NE(r.refusal.find("unknown column 'note'"), std::string::npos) << r.refusal;
  r = run(Kind::customers, "");
  EXPECT_TRUE(r.refused);
  EXPECT_EQ(count("SELECT count(*) FROM dist_boxes") + count("SELECT count(*) FROM cross_boxes"), 0);
}

TEST_F(ImportTest, BadValuesAreReportedWithLineAndColumnAndGoodRowsKept) {
  // Columns in another order, CRLF, a BOM and a quoted field with a comma and a newline.
  auto r = run(Kind::cross_boxes,
               "\xEF\xBB\xBF" "name,code,network,area,lat,lng,address,primary_pairs,distribution_pairs\r\n"
               "一号,X-1,CS,,28.194,112.93,\"望月湖路1号,\n东门\",400,600\r\n"  // lines 2-3
               "二号,X-2,ZZ,,28.1,112.9,,0,0\r\n"                              // 4: unknown network
               "三号,X-3,CS-A001,,28.1,112.9,,0,0\r\n"                         // 5: an area, not a network
               "四号,X-4,CS,,91,112.9,,0,0\r\n"                                // 6: latitude
               "五号,X-5,CS,CS-A001,28.1,abc,,-3,0\r\n"                        // 7: lng and pairs
               "六号,X-6,CS,,28.1,112.9,,0\r\n"                                // 8: a field short
               "七号,X-7,CS,CS-A001,-28.5,-112.25,,1,2\r\n");                  // 9: good
  EXPECT_FALSE(r.refused);
  EXPECT_EQ(r.rows_read, 7);
  EXPECT_EQ(r.inserted, 2);
  EXPECT_EQ(r.rejected, 5);
  EXPECT_EQ(errors_of(r),
            "4|network|unknown local network 'ZZ'\n"
            "5|network|'CS-A001' is a area, not a local network\n"
            "6|lat|'91' is not a decimal degree between -90 and 90\n"
            "7|lng|'abc' is not a decimal degree between -180 and 180\n"
            "7|primary_pairs|'-3' is not a whole number from 0 to 100000\n"
            "8||8 fields, but the header has 9 (a comma inside a value needs quotes)\n");
  EXPECT_EQ(text("SELECT address FROM cross_boxes WHERE code = 'X-1'"), "望月湖路1号,\n东门");
  EXPECT_EQ(count("SELECT lat_e6 FROM cross_boxes WHERE code = 'X-7'"), -28500000);
  EXPECT_EQ(count("SELECT lng_e6 FROM cross_boxes WHERE code = 'X-7'"), -112250000);
  // Enums and numbers of distribution boxes; unknown cross box.
  r = run(Kind::dist_boxes, kDist + "D-1,X-1,CS-A001,,,wall,,10\nD-2,X-9,CS-A001,,,pole,,10\nD-3,X-1,CS-A001,,,,,2401\n"
                                    "D-4,X-1,,,,pole,,5\nD-5,X-1,CS-A003,,,pole,,5\n");
  EXPECT_EQ(errors_of(r),
            "2|mount|'wall' is not one of building, pole\n"
            "3|cross_box|unknown cross-connect box 'X-9'\n"
            "4|capacity|'2401' is not a whole number from 1 to 2400\n"
            "5|area|required\n");
  EXPECT_EQ(r.inserted, 1);
  EXPECT_EQ(count("SELECT count(*) FROM dist_boxes d JOIN units n ON n.id = d.network_id WHERE d.code = 'D-5' AND n.code = 'CS'"), 1);
}

TEST_F(ImportTest, GbkFileIsConvertedInAutoModeAndRefusedAsUtf8) {
  const std::string utf8 = kCust + "C-9,person,张三丰,13800000000,,,岳麓区,望月湖街道,,,,,CS\n";
  auto gbk = imports::utf8_to_gb18030(utf8);
  ASSERT_TRUE(gbk.has_value());
  ASSERT_FALSE(imports::is_valid_utf8(*gbk));
  auto refused = run(Kind::customers, *gbk, false, imports::EncodingMode::utf8);
  EXPECT_TRUE(refused.refused);
  EXPECT_EQ(refused.refusal, "line 2: not valid UTF-8 (looks like GBK; pass --encoding gbk or auto)");
  EXPECT_EQ(count("SELECT count(*) FROM customers"), 0);
  auto r = run(Kind::customers, *gbk);
  EXPECT_FALSE(r.refused);
  EXPECT_EQ(r.encoding, "gbk");
  EXPECT_EQ(r.inserted, 1);
  EXPECT_EQ(text("SELECT name FROM customers WHERE code = 'C-9'"), "张三丰");
  EXPECT_EQ(text("SELECT address_text FROM customers WHERE code = 'C-9'"), "岳麓区 望月湖街道");
  // Explicit gbk says the same; the rows are now unchanged.
  r = run(Kind::customers, *gbk, false, imports::EncodingMode::gbk);
  EXPECT_EQ(r.unchanged, 1);
}

TEST_F(ImportTest, BytesThatAreNeitherUtf8NorGbkRejectOnlyTheirRow) {
  auto r = run(Kind::customers, kCust + "C-1,person,李芳,,,,,,,,,,CS\n"
                                        "C-2,person,\xFF\xFE\xFF,,,,,,,,,,CS\n"
                                        "C-3,person,王伟,,,,,,,,,,CS\n");
  EXPECT_FALSE(r.refused);
  EXPECT_EQ(r.encoding, "utf-8");
  EXPECT_EQ(r.inserted, 2);
  EXPECT_EQ(errors_of(r), "3||not valid text in the file's encoding (expected UTF-8 or GBK)\n");
}

TEST_F(ImportTest, DuplicateCodesInOneFileNameTheFirstLine) {
  load_plant();
  auto r = run(Kind::customers, kCust + "C-10,person,甲,,,,,,,,,,CS\nC-11,person,乙,,,,,,,,,,CS\nC-10,person,丙,,,,,,,,,,CS\n");
  EXPECT_EQ(errors_of(r), "4|code|duplicate: C-10 is already on line 2\n");
  EXPECT_EQ(r.inserted, 2);
  EXPECT_EQ(text("SELECT name FROM customers WHERE code = 'C-10'"), "甲");
}

TEST_F(ImportTest, ServicesResolveReferencesAndRejectUnknownOnes) {
  load_plant();
  auto r = run(Kind::services, kSvc +
      "S-1,C-1,A-1,fixed_line,073188880001,0,D-0001,1,,active,2024-03-01,2500\n"   // 2 good
      "S-2,C-1,A-1,broadband,ad073188880001,300,D-0001,2,,,,9900\n"                // 3 good
      "S-3,C-1,,caller_id,073188880001,0,,,S-1,active,,600\n"                      // 4 good, parent in file
      "S-4,C-2,,fixed_line,073188880002,0,D-9999,1,,active,,0\n"                   // 5 unknown box
      "S-5,C-404,,fixed_line,073188880003,0,D-0002,1,,active,,0\n"                 // 6 unknown customer
      "S-6,C-2,,fixed_line,073188880004,0,D-0002,11,,active,,0\n"                  // 7 beyond capacity
      "S-7,C-2,,iptv,iptv001,0,,,S-404,active,,0\n"                                // 8 unknown parent
      "S-8,C-2,A-1,fixed_line,073188880005,0,D-0002,2,,active,,0\n"                // 9 account of C-1
      "S-9,C-2,,fax,1,0,,,,active,2024-02-30,-1\n"                                 // 10 kind, date, fee
      "S-10,C-3,,caller_id,073188880006,0,,3,S-1,active,,0\n");                    // 11 pair on a feature
  EXPECT_EQ(errors_of(r),
            "5|dist_box|unknown distribution box 'D-9999'\n"
            "6|customer|unknown customer C-404\n"
            "7|pair|pair 11 is beyond the capacity of D-0002 (10 pairs)\n"
            "8|parent|unknown parent service S-404 (a parent must be stored already or come earlier in the file)\n"
            "9|account|account A-1 belongs to another customer\n"
            "10|kind|'fax' is not one of fixed_line, broadband, caller_id, iptv, other\n"
            "10|start_date|'2024-02-30' is not a date YYYY-MM-DD\n"
            "10|monthly_fee_fen|'-1' is not a whole number from 0 to 1000000000\n"
            "11|pair|must be empty for caller_id: it shares its parent line's pair\n");
  EXPECT_EQ(r.inserted, 3);
  EXPECT_EQ(r.rejected, 7);
  EXPECT_EQ(count("SELECT count(*) FROM accounts"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM services s JOIN services p ON p.id = s.parent_service_id "
                  "WHERE s.code = 'S-3' AND p.code = 'S-1' AND s.dist_box_id = p.dist_box_id AND s.pair_no IS NULL"), 1);
  // start_date is midnight in Shanghai.
  EXPECT_EQ(count("SELECT start_date FROM services WHERE code = 'S-1'"), 1709222400000LL);
  EXPECT_EQ(count("SELECT count(*) FROM services WHERE code = 'S-2' AND status = 'active' AND speed_mbps = 300"), 1);
}

TEST_F(ImportTest, APairServesOneActiveServiceWithinTheFileAndAgainstTheDatabase) {
  load_plant();
  auto r = run(Kind::services, kSvc + "S-1,C-1,,fixed_line,0731001,0,D-0001,5,,active,,0\n"
                                      "S-2,C-2,,fixed_line,0731002,0,D-0001,5,,active,,0\n"
                                      "S-3,C-2,,fixed_line,0731003,0,D-0001,6,,ceased,,0\n"
                                      "S-4,C-3,,fixed_line,0731001,0,D-0001,7,,active,,0\n");
  EXPECT_EQ(errors_of(r),
            "3|pair|pair 5 of D-0001 is already used by the service on line 2\n"
            "5|number|number 0731001 is already used by the active fixed_line service on line 2\n");
  r = run(Kind::services, kSvc + "S-20,C-3,,fixed_line,0731020,0,D-0001,5,,active,,0\n"
                                 "S-21,C-3,,fixed_line,0731001,0,D-0001,8,,active,,0\n"
                                 "S-22,C-3,,fixed_line,0731022,0,D-0001,6,,active,,0\n");  // 6 is held by a ceased one
  EXPECT_EQ(errors_of(r), "2|pair|pair 5 of D-0001 is already used by service S-1\n"
                          "3|number|number 0731001 is already used by active service S-1\n");
  EXPECT_EQ(r.inserted, 1);
  EXPECT_EQ(count("SELECT count(*) FROM services WHERE dist_box_id IS NOT NULL"), 3);
}

TEST_F(ImportTest, ReimportIsIdempotentAndAChangeBumpsTheVersion) {
  load_plant();
  const std::string csv = kSvc + "S-1,C-1,A-1,fixed_line,0731001,0,D-0001,1,,active,2024-03-01,2500\n"
                                 "S-2,C-1,A-1,broadband,ad0731001,300,D-0001,2,,active,,9900\n"
                                 "S-3,C-1,,caller_id,0731001,0,,,S-1,active,,600\n";
  auto r = run(Kind::services, csv);
  EXPECT_EQ(r.inserted, 3);
  r = run(Kind::services, csv);
  EXPECT_EQ(r.inserted, 0);
  EXPECT_EQ(r.updated, 0);
  EXPECT_EQ(r.unchanged, 3);
  EXPECT_EQ(count("SELECT max(version) FROM services"), 1);
  for (auto [kind, body] : {std::pair{Kind::cross_boxes, kCross}, {Kind::dist_boxes, kDist}, {Kind::customers, kCust}}) {
    (void)body;
    std::stringstream out;
    imports::CsvWriter w(out);
    repo->export_csv(kind, w, TimeZone{});
    w.flush();
    auto again = run(kind, out.str());
    EXPECT_EQ(again.unchanged, kind == Kind::customers ? 3 : 2) << imports::format_report(again, "export");
    EXPECT_EQ(again.inserted + again.updated + again.rejected, 0) << imports::format_report(again, "export");
  }
  // The export of services reads back as unchanged too.
  std::stringstream out;
  imports::CsvWriter w(out);
  EXPECT_EQ(repo->export_csv(Kind::services, w, TimeZone{}), 3);
  w.flush();
  EXPECT_EQ(out.str().substr(0, 3), "\xEF\xBB\xBF");
  r = run(Kind::services, out.str());
  EXPECT_EQ(r.unchanged, 3) << imports::format_report(r, "export");
  // One change: only that row is written, its version goes to 2.
  r = run(Kind::services, kSvc + "S-2,C-1,A-1,broadband,ad0731001,500,D-0001,2,,active,,9900\n");
  EXPECT_EQ(r.updated, 1);
  EXPECT_EQ(count("SELECT version FROM services WHERE code = 'S-2'"), 2);
  EXPECT_EQ(count("SELECT version FROM services WHERE code = 'S-1'"), 1);
  // One audit entry per real import, with the counts.
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'import.services'"), 4);
  EXPECT_NE(text("SELECT after_json FROM audit_log WHERE action = 'import.services' ORDER BY id DESC LIMIT 1")
                .find("\"updated\":1"), std::string::npos);
}

TEST_F(ImportTest, DryRunChecksEverythingAndWritesNothing) {
  load_plant();
  const auto audit_before = count("SELECT count(*) FROM audit_log");
  auto r = run(Kind::services, kSvc + "S-1,C-1,A-1,fixed_line,0731001,0,D-0001,1,,active,,0\n"
                                      "S-2,C-1,,caller_id,0731001,0,,,S-1,active,,0\n"
                                      "S-3,C-404,,fixed_line,0731003,0,D-0001,3,,active,,0\n",
               true);
  EXPECT_TRUE(r.dry_run);
  EXPECT_EQ(r.inserted, 2);  // the caller ID finds its parent from the same file
  EXPECT_EQ(errors_of(r), "4|customer|unknown customer C-404\n");
  EXPECT_EQ(count("SELECT count(*) FROM services"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM accounts"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log"), audit_before);
}

// Search works right after an import, in bulk mode (search maintenance lifted, rebuilt at the end)
// and in per-batch mode (SQLite: FTS5 rows written per batch with the triggers lifted inside the
// batch's transaction), including a changed address on re-import; the triggers and indexes are back.
TEST_F(ImportTest, SearchFindsImportedAndChangedCustomersInBothModes) {
  for (const char* bulk : {"1", "0"}) {
    ::setenv("BC_IMPORT_BULK", bulk, 1);
    const std::string p = std::string(bulk) == "1" ? "B" : "P";
    auto r = run(Kind::customers, kCust + p + "-1,person,欧阳明月,,,,岳麓区,望月湖街道,望月湖社区,12栋,3单元,502室,CS\n" +
                                      p + "-2,person,司马青山,,,,天心区,坡子街街道,,,,,CS\n");
    ASSERT_EQ(r.inserted, 2) << imports::format_report(r, "x");
    auto found = [&](const std::string& column, const std::string& fragment) {
      if (testing::on_postgres())
        return count("SELECT count(*) FROM customers WHERE code LIKE '" + p + "-%' AND " + column + " LIKE '%" +
                     fragment + "%'");
      return count("SELECT count(*) FROM customer_search f JOIN customers c ON c.id = f.rowid WHERE customer_search "
                   "MATCH '" + column + " : \"" + fragment + "\"' AND c.code LIKE '" + p + "-%'");
    };
    EXPECT_EQ(found("address_text", "望月湖社"), 1) << bulk;
    EXPECT_EQ(found("name", "阳明月"), 1) << bulk;
    // A changed address: the old fragment is gone from the index, the new one is found.
    r = run(Kind::customers, kCust + p + "-1,person,欧阳明月,,,,岳麓区,桔子洲街道,,,,,CS\n" +
                             p + "-2,person,司马青山,,,,天心区,坡子街街道,,,,,CS\n");
    EXPECT_EQ(r.updated, 1);
    EXPECT_EQ(r.unchanged, 1);
    EXPECT_EQ(found("address_text", "望月湖社"), 0) << bulk;
    EXPECT_EQ(found("address_text", "桔子洲街"), 1) << bulk;
    EXPECT_EQ(found("address_text", "坡子街街"), 1) << bulk;
    EXPECT_EQ(count("SELECT count(*) FROM import_lifted"), 0);
    if (testing::on_postgres()) {
      EXPECT_EQ(count("SELECT count(*) FROM pg_indexes WHERE indexname IN ('customers_name_trgm', "
                      "'customers_address_trgm', 'customers_name')"), 3);
    } else {
      EXPECT_EQ(count("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'customers_search_%'"), 3);
      // The FTS5 index matches the customers table exactly (external content integrity check).
      f.db->with([](soci::session& s) { s << "INSERT INTO customer_search(customer_search) VALUES ('integrity-check')"; });
    }
  }
  ::unsetenv("BC_IMPORT_BULK");
  // A dry run leaves the search index as it was.
  auto r = run(Kind::customers, kCust + "B-1,person,欧阳明月,,,,雨花区,东塘街道,,,,,CS\n", true);
  EXPECT_EQ(r.updated, 1);
  if (!testing::on_postgres()) {
    EXPECT_EQ(count("SELECT count(*) FROM customer_search WHERE customer_search MATCH 'address_text : \"东塘街道\"'"), 0);
    f.db->with([](soci::session& s) { s << "INSERT INTO customer_search(customer_search) VALUES ('integrity-check')"; });
  }
}

// An import that died in bulk mode leaves its lifted indexes noted in import_lifted; the next
// import (bulk or not) builds them again and clears the note.
TEST_F(ImportTest, IndexesLeftLiftedByACrashedImportAreBuiltAgain) {
  const std::string def_sql = testing::on_postgres()
                                  ? "SELECT indexdef FROM pg_indexes WHERE indexname = 'services_number'"
                                  : "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'services_number'";
  const std::string exists_sql = testing::on_postgres()
                                     ? "SELECT count(*) FROM pg_indexes WHERE indexname = 'services_number'"
                                     : "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'services_number'";
  f.db->with([&](soci::session& s) {
    std::string def;
    s << def_sql, soci::into(def);
    ASSERT_FALSE(def.empty());
    s << "INSERT INTO import_lifted (name, definition, lifted_at) VALUES ('services_number', :d, 1)", soci::use(def);
    s << "DROP INDEX services_number";
  });
  ASSERT_EQ(count(exists_sql), 0);
  auto r = run(Kind::customers, kCust + "C-9,person,王伟,,,,,,,,,,CS\n");
  EXPECT_EQ(r.inserted, 1) << imports::format_report(r, "x");
  EXPECT_EQ(count(exists_sql), 1);
  EXPECT_EQ(count("SELECT count(*) FROM import_lifted"), 0);
}

// A million services in one file, generated here: streamed, batched, and counted.
TEST_F(ImportTest, MillionRowServicesFile) {
  // One million rows on both databases (bulk mode). BC_IMPORT_BIG_ROWS overrides it.
  const long long rows = std::getenv("BC_IMPORT_BIG_ROWS") ? std::atoll(std::getenv("BC_IMPORT_BIG_ROWS")) : 1000000;
  const long long boxes = (rows + 1999) / 2000;
  {
    std::string d = kDist;
    for (long long b = 0; b < boxes; ++b) d += "D" + std::to_string(b) + ",X-1,CS-A001,,,,," + "2000\n";
    ASSERT_EQ(run(Kind::cross_boxes, kCross + "X-1,一号,CS,,,,,0,0\n").inserted, 1);
    ASSERT_EQ(run(Kind::dist_boxes, d).inserted, boxes);
    ASSERT_EQ(run(Kind::customers, kCust + "C-1,business,大客户,,,,,,,,,,CS\n").inserted, 1);
  }
  const auto path = std::filesystem::path(f.url).parent_path().empty() || testing::on_postgres()
                        ? std::filesystem::temp_directory_path() / ("bc_import_" + std::to_string(::getpid()) + ".csv")
                        : std::filesystem::path(f.url).parent_path() / "big.csv";
  {
    std::ofstream out(path, std::ios::binary);
    out << kSvc;
    std::string buf;
    for (long long i = 0; i < rows; ++i) {
      buf += "S" + std::to_string(i) + ",C-1,,fixed_line,0731" + std::to_string(10000000 + i) + ",0,D" +
             std::to_string(i / 2000) + "," + std::to_string(i % 2000 + 1) + ",,active,2024-01-01,2500\n";
      if (i == rows / 2) buf += "BAD,C-1,,fixed_line,1,0,D0,99999,,active,,0\n";  // one bad line in the middle
      if (buf.size() > (1 << 20)) {
        out << buf;
        buf.clear();
      }
    }
    out << buf;
  }
  std::ifstream in(path, std::ios::binary);
  imports::ImportOptions o;
  o.kind = Kind::services;
  o.source = "big.csv";
  const auto t0 = std::chrono::steady_clock::now();
  auto r = imports::run_import(in, o, *repo);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::filesystem::remove(path);
  std::printf("[ import ] %lld services in %.1f s: %.0f rows/s (%s)\n", rows, s, rows / s,
              testing::on_postgres() ? "PostgreSQL" : "SQLite");
  EXPECT_EQ(r.rows_read, rows + 1);
  EXPECT_EQ(r.inserted, rows);
  EXPECT_EQ(errors_of(r), std::to_string(rows / 2 + 3) + "|pair|'99999' is not a pair number\n");
  EXPECT_EQ(count("SELECT count(*) FROM services"), rows);
  // Bulk mode lifted the secondary indexes of services and built them again.
  EXPECT_EQ(count("SELECT count(*) FROM import_lifted"), 0);
  EXPECT_EQ(count(testing::on_postgres()
                      ? "SELECT count(*) FROM pg_indexes WHERE indexname IN ('services_customer', 'services_number')"
                      : "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN ('services_customer', "
                        "'services_number')"),
            2);
  // PostgreSQL: the foreign keys lifted for the import are back (customer, account, box, parent).
  if (testing::on_postgres())
    EXPECT_EQ(count("SELECT count(*) FROM pg_constraint WHERE conrelid = 'services'::regclass AND contype = 'f'"), 4);
}

}  // namespace
}  // namespace bc
