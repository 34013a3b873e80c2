// The CSV formats of the plant import (docs/plant.md, "Import and export") and of the billing
// import (docs/revenue.md): column lists,
// typed rows, and the per-row validation that turns a CSV record into a row or into errors
// {line, column, reason}. References that live in small tables (units, boxes) are resolved here
// from RefTables that the store fills; the rest (customers, parents, pairs in use) by the store.
// Pure; a Validator is per import and not safe to share between threads.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/time.hpp"
#include "domain/imports/csv.hpp"
#include "domain/org/enums.hpp"
#include "domain/plant/model.hpp"

namespace bc::imports {

using plant::Id;

enum class Kind { cross_boxes, dist_boxes, customers, services, revenue };
std::optional<Kind> parse_kind(std::string_view s);  // cross-boxes, dist-boxes, customers, services, revenue
std::string_view to_string(Kind k);
// The columns of a kind, in the order exports write them. Every one must be in the header.
const std::vector<std::string_view>& columns(Kind k);
// Who may export: boxes for every management role and auditors; customers and services (personal
// data, unmasked in the file) and revenue for administrators and centre managers only.
bool may_export(org::Role role, Kind k);

struct RowError {
  std::int64_t line = 0;
  std::string column;  // empty when the error is about the whole row
  std::string reason;
};

struct CrossBoxRow {
  std::int64_t line = 0;
  std::string code, name, address;
  Id network_id = 0, area_id = 0;
  std::int32_t lat_e6 = 0, lng_e6 = 0, primary_pairs = 0, distribution_pairs = 0;
};
struct DistBoxRow {
  std::int64_t line = 0;
  std::string code, address;
  Id cross_box_id = 0, area_id = 0, network_id = 0;
  std::int32_t lat_e6 = 0, lng_e6 = 0, capacity = 0;
  plant::Mount mount = plant::Mount::building;
};
struct CustomerRow {
  std::int64_t line = 0;
  std::string code, name, phones /* comma-separated, as stored */, id_type, id_number;
  plant::CustomerKind kind = plant::CustomerKind::person;
  plant::Address address;
  Id network_id = 0;
};
struct ServiceRow {
  std::int64_t line = 0;
  std::string code, customer_code, account_code, number, dist_box_code, parent_code;
  plant::ServiceKind kind = plant::ServiceKind::fixed_line;
  plant::ServiceStatus status = plant::ServiceStatus::active;
  std::int32_t speed_mbps = 0, pair_no = 0;  // pair 0: none
  Id dist_box_id = 0, network_id = 0;        // 0: from the parent service, else the customer
  Millis start_date = 0;
  std::int64_t monthly_fee_fen = 0;
};

// One month's bill of one service. The service (its code or number) is resolved by the store.
struct RevenueRow {
  std::int64_t line = 0;
  std::int32_t month = 0;  // YYYYMM
  std::string service;
  std::int64_t amount_fen = 0;
  Millis new_from = 0, new_to = 0;  // a service started in [new_from, new_to) is a new sale this month
};

struct Batch {
  Kind kind = Kind::services;
  std::vector<CrossBoxRow> cross_boxes;
  std::vector<DistBoxRow> dist_boxes;
  std::vector<CustomerRow> customers;
  std::vector<ServiceRow> services;
  std::vector<RevenueRow> revenue;
  std::size_t size() const {
    return cross_boxes.size() + dist_boxes.size() + customers.size() + services.size() + revenue.size();
  }
  std::int64_t first_line() const {
    for (std::int64_t l : {cross_boxes.empty() ? 0 : cross_boxes.front().line,
                           dist_boxes.empty() ? 0 : dist_boxes.front().line,
                           customers.empty() ? 0 : customers.front().line,
                           services.empty() ? 0 : services.front().line, revenue.empty() ? 0 : revenue.front().line})
      if (l) return l;
    return 0;
  }
  void clear() {
    cross_boxes.clear();
    dist_boxes.clear();
    customers.clear();
    services.clear();
    revenue.clear();
  }
};

// The small reference tables, loaded by the store once per import.
struct RefTables {
  struct Unit {
    Id id = 0, parent_id = 0, network_id = 0;
    org::UnitKind kind = org::UnitKind::area;
    bool active = true;
  };
  struct CrossBox {
    Id id = 0, network_id = 0, area_id = 0;
  };
  struct DistBox {
    Id id = 0, network_id = 0;
    std::int32_t capacity = 0;
    bool active = true;
  };
  std::unordered_map<std::string, Unit> units;  // by code
  std::unordered_map<std::string, CrossBox> cross_boxes;
  std::unordered_map<std::string, DistBox> dist_boxes;
  // Fills Unit::network_id by walking up to the local network; call once after loading units.
  void resolve_networks();
};

// A compact set of 64-bit keys, each with the line it was first seen on.
class KeyLines {
 public:
  // Returns 0 and remembers line when key is new; otherwise the line it was first seen on.
  std::int64_t insert(std::uint64_t key, std::int64_t line);
  std::size_t size() const { return used_; }

 private:
  void grow();
  std::vector<std::uint64_t> keys_;
  std::vector<std::int64_t> lines_;  // 0: empty slot
  std::size_t used_ = 0;
};

// Turns records into typed rows. header() must succeed before row() is called.
class Validator {
 public:
  Validator(Kind kind, const RefTables& refs, const TimeZone& tz);
  // Checks the header: every column known, none missing, none twice. Returns the refusal text.
  std::optional<std::string> header(const CsvRecord& rec);
  // Validates one record into batch (true) or appends its errors (false).
  bool row(const CsvRecord& rec, Batch& batch, std::vector<RowError>& errors);

 private:
  bool cross_box(const CsvRecord& rec, Batch& b, std::vector<RowError>& errs);
  bool dist_box(const CsvRecord& rec, Batch& b, std::vector<RowError>& errs);
  bool customer(const CsvRecord& rec, Batch& b, std::vector<RowError>& errs);
  bool service(const CsvRecord& rec, Batch& b, std::vector<RowError>& errs);
  bool revenue(const CsvRecord& rec, Batch& b, std::vector<RowError>& errs);
  std::string_view get(const CsvRecord& rec, std::size_t col) const;

  Kind kind_;
  const RefTables& refs_;
  TimeZone tz_;
  std::vector<std::size_t> index_;  // column number in the spec → field number in the file
  std::size_t width_ = 0;
  KeyLines codes_, pairs_, numbers_;
};

// Pure helpers (exposed for tests).
std::optional<std::int32_t> parse_degrees_e6(std::string_view s, int limit);  // "28.194 0" → 28194000
std::optional<std::int64_t> parse_non_negative(std::string_view s, std::int64_t max);
std::string format_degrees_e6(std::int32_t v);
std::uint64_t hash64(std::string_view s);

}  // namespace bc::imports
