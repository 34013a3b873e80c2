// Running one CSV import: read and validate in batches, hand them to the repository that applies
// them (upsert by code), collect a report. The repository interface is implemented in
// store/plant_import.cpp. One import per call; run_import is safe to call from several threads
// with separate streams.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "domain/imports/csv.hpp"
#include "domain/imports/rows.hpp"

namespace bc::imports {

struct Report {
  Kind kind = Kind::services;
  bool dry_run = false;
  bool refused = false;  // the file was refused as a whole (header, encoding, broken quoting)
  std::string refusal;
  std::string encoding;  // "utf-8", "gbk" (converted to UTF-8 for storage) or "ascii"
  std::int64_t rows_read = 0, inserted = 0, updated = 0, unchanged = 0, rejected = 0;
  std::vector<RowError> errors;  // the first max_report_errors, in file order per batch
  std::int64_t total_errors = 0;
  std::int64_t elapsed_ms = 0;
  double rows_per_second() const { return elapsed_ms > 0 ? rows_read * 1000.0 / elapsed_ms : 0; }
};

struct Progress {
  std::int64_t rows_read = 0, applied = 0, rejected = 0;
  std::uint64_t bytes_read = 0;
  double elapsed_s = 0;
};

struct AppliedCounts {
  std::int64_t inserted = 0, updated = 0, unchanged = 0;
};

// Where the repository gets its batches and tells about rows it rejects (unknown customer,
// pair already in use, …) and about what it applied.
class BatchSource {
 public:
  virtual ~BatchSource() = default;
  // Fills batch with the next validated rows (cleared first); false when there are no more.
  virtual bool next(Batch& batch) = 0;
  virtual void reject(RowError e) = 0;  // one call per rejected row
  virtual void applied(const AppliedCounts& c) = 0;  // after each batch
  // Bytes of the input consumed by the batches handed out so far (0 when unknown).
  virtual std::uint64_t bytes_consumed() const { return 0; }
};

struct ApplyOptions {
  bool dry_run = false;
  std::int64_t actor_id = 0;
  std::string actor_name = "command line";
  std::string source;  // the file name, for the audit entry
  // Bulk mode: when the input is expected to hold at least bulk_min_rows rows and at least as many
  // as the table already has, search maintenance (SQLite FTS5 triggers, PostgreSQL trigram and
  // plain secondary indexes) is lifted for the import and rebuilt once at the end. The estimate
  // is input_bytes (0: unknown, never bulk) scaled by the first batch's bytes per row.
  std::uint64_t input_bytes = 0;
  std::int64_t bulk_min_rows = 200000;
};

class Repository {
 public:
  virtual ~Repository() = default;
  // Units (always) and the boxes the kind refers to.
  virtual RefTables load_references(Kind kind) = 0;
  // Applies every batch from source: batches of their own transaction each, or — dry run —
  // all in one transaction rolled back at the end, so every check runs and nothing stays.
  // Writes one audit entry for the whole import (not on a dry run).
  virtual AppliedCounts apply(Kind kind, BatchSource& source, const ApplyOptions& opts,
                              const std::function<std::string(const AppliedCounts&)>& audit_json) = 0;
  // Writes every record of the kind in the import format, ordered by code; returns the count.
  virtual std::int64_t export_csv(Kind kind, CsvWriter& out, const TimeZone& tz) = 0;
};

struct ImportOptions {
  Kind kind = Kind::services;
  EncodingMode encoding = EncodingMode::auto_detect;
  bool dry_run = false;
  std::size_t batch_rows = 20000;
  std::int64_t bulk_min_rows = 200000;  // see ApplyOptions
  std::size_t max_report_errors = 1000;
  TimeZone tz;  // start_date is midnight here
  std::int64_t actor_id = 0;
  std::string actor_name = "command line";
  std::string source;
  std::function<void(const Progress&)> progress;  // after each batch
  std::function<void(const RowError&)> on_error;  // every error, in the order found
};

Report run_import(std::istream& in, const ImportOptions& opts, Repository& repo);

// Errors as CSV (line,column,reason), the format of FILE.errors.csv.
void write_errors_header(CsvWriter& w);
void write_error(CsvWriter& w, const RowError& e);
// The report as a person reads it on the command line.
std::string format_report(const Report& r, const std::string& file);

}  // namespace bc::imports
