// The in-memory ownership index: phone number or broadband account → service → distribution
// box → area; customer → box; box code → box; and the whole record of every active distribution
// box and every cross-connect box (the ownership answer shows them). Built at start from the
// database and kept in step with every write. Compact enough for 10 million services (~16 bytes a
// line; ~300 bytes a box, 100k boxes at province size).
// Thread-safe: lookups take a shared lock, writes an exclusive one.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "domain/plant/model.hpp"

namespace bc::plant {

class OwnershipIndex {
 public:
  using Id = std::int64_t;
  struct Box {
    Id id = 0, area_id = 0, cross_box_id = 0, network_id = 0;
    std::string code;
    std::int32_t capacity = 0;
    std::int32_t in_use = 0;  // lines terminated on it, kept in step by add_line/put_line/remove_line
    std::shared_ptr<const DistBox> record;  // the whole row as stored (immutable; replaced on a write)
    static Box of(const DistBox& d) {
      return {d.id, d.area_id, d.cross_box_id, d.network_id, d.code, d.capacity, 0, std::make_shared<const DistBox>(d)};
    }
  };
  struct Hit {
    Id service_id = 0, box_id = 0, customer_id = 0;
  };

  // Bulk loading: add everything, then seal() once (sorts).
  void add_box(const Box& b);
  void add_cross_box(const CrossBox& b);  // also a live write (replaces the stored record)
  void add_line(std::string_view number, Id service_id, Id box_id, Id customer_id);
  void seal();
  // A rebuild from the database: begin_rebuild() before reading it; from then on live writes are
  // also kept aside, and replace_with() applies them again to the rebuilt index before taking over
  // its contents (under the write lock), so a write made while the database was being read is not
  // lost. Every live write sets a value, so applying one the rebuild already saw changes nothing.
  void begin_rebuild();
  void cancel_rebuild();  // the rebuild failed: stop keeping writes aside
  void replace_with(OwnershipIndex&& other);

  // Live writes after seal().
  void put_box(const Box& b);
  void put_line(std::string_view number, Id service_id, Id box_id, Id customer_id);
  void remove_line(std::string_view number);

  std::optional<Hit> by_number(std::string_view number) const;
  std::optional<Box> box(Id id) const;
  Id area_of_box(Id id) const;  // 0 when the box is unknown (no copy: for scope checks)
  std::optional<Box> box_by_code(const std::string& code) const;
  std::shared_ptr<const CrossBox> cross_box(Id id) const;  // null when unknown
  Id box_of_customer(Id customer_id) const;  // 0 when the customer has no terminated line
  // Every box, for occupancy roll-ups (copied under the lock).
  std::vector<Box> all_boxes() const;
  std::size_t lines() const;
  std::size_t boxes() const;
  std::size_t memory_bytes() const;

  // Digits only and upper-case letters, for matching what a person types ("0731-8800 1234").
  static std::string normalise(std::string_view number);

 private:
  struct Line {
    std::uint64_t key;
    std::uint32_t service, box;
    bool operator<(const Line& o) const { return key < o.key; }
  };
  static std::uint64_t key_of(std::string_view normalised);
  const Line* find_locked(std::uint64_t key) const;   // caller holds mu_
  void count_locked(std::uint32_t box, int delta);    // caller holds mu_ exclusively
  std::size_t record_bytes_locked() const;            // caller holds mu_
  void keep_locked(std::function<void(OwnershipIndex&)> write);  // caller holds mu_ exclusively
  mutable std::shared_mutex mu_;
  bool rebuilding_ = false;                                  // under mu_
  std::vector<std::function<void(OwnershipIndex&)>> kept_;   // live writes since begin_rebuild()
  std::vector<Line> sorted_;                       // the bulk, sorted by key
  std::unordered_map<std::uint64_t, Line> recent_; // written since the last seal; wins over sorted_
  std::vector<std::uint32_t> customer_box_;        // by customer id
  std::unordered_map<Id, Box> boxes_;
  std::unordered_map<std::string, Id> box_codes_;
  std::unordered_map<Id, std::shared_ptr<const CrossBox>> cross_boxes_;
};

}  // namespace bc::plant
