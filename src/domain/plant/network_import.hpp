// CSV import and export of cables, poles and drop lines (kinds `cables`, `poles`, `drop-lines`):
// the same file rules as the archive's other kinds (header checked, every bad row reported with
// line, column and reason, good rows kept, upsert by code within the local network, dry run), but
// each row goes through NetworkService's rules and is written with its own audit entry — these
// tables are a few hundred thousand rows at province size, not tens of millions.
// One import per call; not safe to share a call's objects between threads.
#pragma once
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/imports/importer.hpp"
#include "domain/plant/network.hpp"

namespace bc::plant {

enum class NetworkKind { cables, poles, drop_lines };
std::optional<NetworkKind> parse_network_kind(std::string_view s);  // cables | poles | drop-lines
std::string_view to_string(NetworkKind k);
const std::vector<std::string_view>& network_columns(NetworkKind k);

struct NetworkImportOptions {
  NetworkKind kind = NetworkKind::cables;
  imports::EncodingMode encoding = imports::EncodingMode::auto_detect;
  bool dry_run = false;
  std::size_t max_report_errors = 1000;
  TimeZone tz;  // installed_date is midnight here
  std::function<void(const imports::RowError&)> on_error;
};

// The report's `kind` field is meaningless here: the caller knows the NetworkKind.
imports::Report import_network(std::istream& in, const NetworkImportOptions& o, NetworkService& svc,
                               const auth::Actor& a);
// Active records of the kind the actor sees, in the import format, ordered by code.
std::int64_t export_network(NetworkKind k, imports::CsvWriter& out, NetworkService& svc, const auth::Actor& a,
                            const org::OrgSnapshot& org, const TimeZone& tz);
std::string format_network_report(NetworkKind k, const imports::Report& r, const std::string& file);

}  // namespace bc::plant
