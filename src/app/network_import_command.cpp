#include "app/network_import_command.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>

#include "core/config.hpp"
#include "domain/org/service.hpp"
#include "domain/plant/network_import.hpp"
#include "domain/plant/service.hpp"
#include "store/database.hpp"
#include "store/plant_network_store.hpp"
#include "store/plant_store.hpp"
#include "store/repositories.hpp"

namespace bc::app {
namespace {

// The command line acts as an administrator at the root of the organisation (actor id 0: the
// audit log shows the system).
struct Wiring {
  std::unique_ptr<store::Database> db;
  std::unique_ptr<org::OrgRepository> org_repo;
  std::unique_ptr<org::OrgService> org;
  std::unique_ptr<plant::PlantRepository> plant_repo;
  std::unique_ptr<plant::PlantService> plant;
  std::unique_ptr<plant::NetworkRepository> net_repo;
  std::unique_ptr<plant::NetworkService> net;
  auth::Actor actor;

  explicit Wiring(const Config& cfg) {
    db = store::Database::open(cfg.db, 2);
    db->migrate();
    org_repo = store::make_org_repository(*db);
    org = std::make_unique<org::OrgService>(*org_repo);
    plant_repo = store::make_plant_repository(*db);
    plant = std::make_unique<plant::PlantService>(*plant_repo, *org);
    plant->load();  // area scopes of boxes for the audit entries
    net_repo = store::make_network_repository(*db);
    net = std::make_unique<plant::NetworkService>(*plant, *plant_repo, *net_repo, *org);
    actor.role = org::Role::administrator;
    actor.name = "command line";
    actor.scope_root = actor.unit_id = org->snapshot()->root();
  }
};

}  // namespace

bool is_network_kind(const std::string& kind) { return plant::parse_network_kind(kind).has_value(); }

int run_network_import(const Config& cfg, const std::string& kind, const std::string& file, const std::string& encoding,
                       bool dry_run) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + file);
  Wiring w(cfg);
  plant::NetworkImportOptions o;
  o.kind = *plant::parse_network_kind(kind);
  o.encoding = *imports::parse_encoding_mode(encoding);
  o.dry_run = dry_run;
  o.tz = cfg.display_tz;
  o.max_report_errors = 50;
  const std::string errors_path = file + ".errors.csv";
  std::error_code ec;
  std::filesystem::remove(errors_path, ec);
  std::unique_ptr<std::ofstream> errors_file;
  std::unique_ptr<imports::CsvWriter> errors_csv;
  o.on_error = [&](const imports::RowError& e) {
    if (!errors_csv) {
      errors_file = std::make_unique<std::ofstream>(errors_path, std::ios::binary);
      errors_csv = std::make_unique<imports::CsvWriter>(*errors_file);
      imports::write_errors_header(*errors_csv);
    }
    imports::write_error(*errors_csv, e);
  };
  const auto report = plant::import_network(in, o, *w.net, w.actor);
  errors_csv.reset();
  errors_file.reset();
  std::cout << plant::format_network_report(o.kind, report, file);
  if (report.total_errors > 0) std::cout << "All errors: " << errors_path << "\n";
  return report.refused ? 2 : 0;
}

int run_network_export(const Config& cfg, const std::string& kind, const std::string& to) {
  Wiring w(cfg);
  std::ofstream out(to, std::ios::binary);
  if (!out) throw std::runtime_error("cannot write " + to);
  imports::CsvWriter csv(out);
  const auto n = plant::export_network(*plant::parse_network_kind(kind), csv, *w.net, w.actor, *w.org->snapshot(),
                                       cfg.display_tz);
  csv.flush();
  out.close();
  if (!out) throw std::runtime_error("writing " + to + " failed");
  std::cout << "Exported " << n << " " << kind << " to " << to << " (UTF-8 with BOM).\n";
  return 0;
}

}  // namespace bc::app
