#include "app/import_command.hpp"

#include <CLI/CLI.hpp>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "app/network_import_command.hpp"
#include "core/config.hpp"
#include "domain/imports/importer.hpp"
#include "store/database.hpp"
#include "store/plant_import.hpp"

namespace bc::app {

struct ImportCommands::State {
  CLI::App* import = nullptr;
  CLI::App* exp = nullptr;
  std::string kind, file, encoding = "auto", export_kind, to;
  bool dry_run = false;
};

namespace {
const std::vector<std::string> kKinds{"cross-boxes", "dist-boxes", "customers", "services", "cables", "poles", "drop-lines", "revenue"};

std::unique_ptr<store::Database> open_db(const Config& cfg) {
  auto db = store::Database::open(cfg.db, 2);
  db->migrate();
  return db;
}

int run_import(const Config& cfg, const ImportCommands::State& st) {
  if (is_network_kind(st.kind)) return run_network_import(cfg, st.kind, st.file, st.encoding, st.dry_run);
  std::ifstream in(st.file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + st.file);
  auto db = open_db(cfg);
  auto repo = store::make_import_repository(*db);

  imports::ImportOptions opts;
  opts.kind = *imports::parse_kind(st.kind);
  opts.encoding = *imports::parse_encoding_mode(st.encoding);
  opts.dry_run = st.dry_run;
  opts.tz = cfg.display_tz;
  opts.source = std::filesystem::path(st.file).filename().string();
  opts.max_report_errors = 50;

  // Every error also goes to FILE.errors.csv, created at the first one.
  const std::string errors_path = st.file + ".errors.csv";
  std::error_code ec;
  std::filesystem::remove(errors_path, ec);
  std::unique_ptr<std::ofstream> errors_file;
  std::unique_ptr<imports::CsvWriter> errors_csv;
  opts.on_error = [&](const imports::RowError& e) {
    if (!errors_csv) {
      errors_file = std::make_unique<std::ofstream>(errors_path, std::ios::binary);
      errors_csv = std::make_unique<imports::CsvWriter>(*errors_file);
      imports::write_errors_header(*errors_csv);
    }
    imports::write_error(*errors_csv, e);
  };

  const bool tty = ::isatty(2);
  const std::uintmax_t total_bytes = std::filesystem::file_size(st.file, ec);
  double last_shown = 0;
  bool shown = false;
  opts.progress = [&](const imports::Progress& p) {
    if (p.elapsed_s - last_shown < (tty ? 1.0 : 5.0)) return;
    last_shown = p.elapsed_s;
    shown = true;
    char line[200];
    std::snprintf(line, sizeof line, "%s%lld rows read (%.0f%%), %lld applied, %lld rejected, %.0f rows/s%s",
                  tty ? "\r" : "", static_cast<long long>(p.rows_read),
                  total_bytes ? 100.0 * static_cast<double>(p.bytes_read) / static_cast<double>(total_bytes) : 0.0,
                  static_cast<long long>(p.applied), static_cast<long long>(p.rejected),
                  p.elapsed_s > 0 ? p.rows_read / p.elapsed_s : 0.0, tty ? "\x1b[K" : "\n");
    std::cerr << line << std::flush;
  };

  const auto report = imports::run_import(in, opts, *repo);
  if (tty && shown) std::cerr << "\r\x1b[K" << std::flush;
  errors_csv.reset();
  errors_file.reset();
  std::cout << imports::format_report(report, st.file);
  if (report.total_errors > 0) std::cout << "All errors: " << errors_path << "\n";
  return report.refused ? 2 : 0;
}

int run_export(const Config& cfg, const ImportCommands::State& st) {
  if (is_network_kind(st.export_kind)) return run_network_export(cfg, st.export_kind, st.to);
  auto db = open_db(cfg);
  auto repo = store::make_import_repository(*db);
  const auto kind = *imports::parse_kind(st.export_kind);
  // The command line acts as an administrator; the API checks imports::may_export per role.
  std::ofstream out(st.to, std::ios::binary);
  if (!out) throw std::runtime_error("cannot write " + st.to);
  const auto started = std::chrono::steady_clock::now();
  imports::CsvWriter w(out);
  const auto n = repo->export_csv(kind, w, cfg.display_tz);
  w.flush();
  out.close();
  if (!out) throw std::runtime_error("writing " + st.to + " failed");
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << "Exported " << n << " " << st.export_kind << " to " << st.to << " (UTF-8 with BOM, " << s << " s).\n";
  return 0;
}
}  // namespace

ImportCommands add_import_commands(CLI::App& app, const std::function<void(CLI::App*)>& add_common) {
  auto st = std::make_shared<ImportCommands::State>();
  st->import = app.add_subcommand("import", "Import a CSV file of cross-boxes, dist-boxes, customers, services, "
                                            "network records or monthly billing (upsert by code, billing by month and "
                                            "service; bad rows listed, good rows kept)");
  add_common(st->import);
  st->import->add_option("kind", st->kind, "cross-boxes, dist-boxes, customers, services, cables, poles, drop-lines or "
                                          "revenue (monthly billing: month,service,amount_yuan)")
      ->required()
      ->check(CLI::IsMember(kKinds));
  st->import->add_option("file", st->file, "the CSV file (UTF-8 or GBK, header row required)")
      ->required()
      ->check(CLI::ExistingFile);
  st->import->add_flag("--dry-run", st->dry_run, "check everything, write nothing");
  st->import->add_option("--encoding", st->encoding, "auto (default: UTF-8, or GBK converted), utf-8 or gbk")
      ->check(CLI::IsMember({"auto", "utf-8", "utf8", "gbk", "gb18030"}));

  st->exp = app.add_subcommand("export", "Export cross-boxes, dist-boxes, customers or services as CSV "
                                         "(the import format, UTF-8 with BOM)");
  add_common(st->exp);
  st->exp->add_option("kind", st->export_kind, "cross-boxes, dist-boxes, customers, services, cables, poles, drop-lines or revenue")
      ->required()
      ->check(CLI::IsMember(kKinds));
  st->exp->add_option("--to", st->to, "destination file")->required();
  return ImportCommands(st);
}

std::optional<int> ImportCommands::run(const Config& cfg) const {
  if (st_->import && st_->import->parsed()) return run_import(cfg, *st_);
  if (st_->exp && st_->exp->parsed()) return run_export(cfg, *st_);
  return std::nullopt;
}

}  // namespace bc::app
