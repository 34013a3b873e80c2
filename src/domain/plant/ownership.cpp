#include "domain/plant/ownership.hpp"

#include <algorithm>
#include <mutex>

namespace bc::plant {

std::string OwnershipIndex::normalise(std::string_view n) {
  std::string out;
  out.reserve(n.size());
  for (char c : n) {
    if (c >= '0' && c <= '9') out += c;
    else if (c >= 'a' && c <= 'z') out += static_cast<char>(c - 'a' + 'A');
    else if ((c >= 'A' && c <= 'Z') || c == '@' || c == '.' || c == '_') out += c;
  }
  return out;
}

std::uint64_t OwnershipIndex::key_of(std::string_view s) {
  // FNV-1a, 64-bit: stable across runs; a collision is caught when the service row is read.
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

void OwnershipIndex::add_box(const Box& b) {
  boxes_[b.id] = b;
  box_codes_[b.code] = b.id;
}

void OwnershipIndex::add_cross_box(const CrossBox& b) {
  auto rec = std::make_shared<const CrossBox>(b);
  std::unique_lock lk(mu_);
  keep_locked([b](OwnershipIndex& i) { i.add_cross_box(b); });
  cross_boxes_[b.id] = std::move(rec);
}

void OwnershipIndex::keep_locked(std::function<void(OwnershipIndex&)> write) {
  if (rebuilding_) kept_.push_back(std::move(write));
}

void OwnershipIndex::add_line(std::string_view number, Id service_id, Id box_id, Id customer_id) {
  if (box_id)
    if (auto it = boxes_.find(box_id); it != boxes_.end()) ++it->second.in_use;
  sorted_.push_back({key_of(normalise(number)), static_cast<std::uint32_t>(service_id),
                     static_cast<std::uint32_t>(box_id)});
  if (customer_id > 0 && box_id > 0) {
    if (customer_box_.size() <= static_cast<std::size_t>(customer_id)) customer_box_.resize(customer_id * 5 / 4 + 16);
    if (!customer_box_[customer_id]) customer_box_[customer_id] = static_cast<std::uint32_t>(box_id);
  }
}

void OwnershipIndex::seal() {
  std::unique_lock lk(mu_);
  std::sort(sorted_.begin(), sorted_.end());
  sorted_.shrink_to_fit();
  customer_box_.shrink_to_fit();
}

void OwnershipIndex::begin_rebuild() {
  std::unique_lock lk(mu_);
  rebuilding_ = true;
  kept_.clear();
}

void OwnershipIndex::cancel_rebuild() {
  std::unique_lock lk(mu_);
  rebuilding_ = false;
  kept_.clear();
}

void OwnershipIndex::replace_with(OwnershipIndex&& o) {
  std::unique_lock lk(mu_);
  for (const auto& write : kept_) write(o);  // o is not shared yet: its own lock is uncontended
  rebuilding_ = false;
  kept_.clear();
  sorted_ = std::move(o.sorted_);
  recent_ = std::move(o.recent_);
  customer_box_ = std::move(o.customer_box_);
  boxes_ = std::move(o.boxes_);
  box_codes_ = std::move(o.box_codes_);
  cross_boxes_ = std::move(o.cross_boxes_);
}

void OwnershipIndex::put_box(const Box& b) {
  std::unique_lock lk(mu_);
  keep_locked([b](OwnershipIndex& i) { i.put_box(b); });
  Box next = b;
  if (auto it = boxes_.find(b.id); it != boxes_.end()) {
    if (it->second.code != b.code) box_codes_.erase(it->second.code);
    next.in_use = it->second.in_use;  // the lines stay on the box (a move takes them along)
  }
  add_box(next);
}

const OwnershipIndex::Line* OwnershipIndex::find_locked(std::uint64_t key) const {
  if (auto it = recent_.find(key); it != recent_.end()) return &it->second;
  auto it2 = std::lower_bound(sorted_.begin(), sorted_.end(), Line{key, 0, 0});
  if (it2 != sorted_.end() && it2->key == key) return &*it2;
  return nullptr;
}

void OwnershipIndex::count_locked(std::uint32_t box, int delta) {
  if (!box) return;
  if (auto it = boxes_.find(box); it != boxes_.end()) it->second.in_use += delta;
}

void OwnershipIndex::put_line(std::string_view number, Id service_id, Id box_id, Id customer_id) {
  std::unique_lock lk(mu_);
  keep_locked([n = std::string(number), service_id, box_id, customer_id](OwnershipIndex& i) {
    i.put_line(n, service_id, box_id, customer_id);
  });
  const auto key = key_of(normalise(number));
  if (const Line* old = find_locked(key); old && old->service) count_locked(old->box, -1);
  recent_[key] = {key, static_cast<std::uint32_t>(service_id), static_cast<std::uint32_t>(box_id)};
  count_locked(static_cast<std::uint32_t>(box_id), +1);
  if (customer_id > 0 && box_id > 0) {
    if (customer_box_.size() <= static_cast<std::size_t>(customer_id)) customer_box_.resize(customer_id * 5 / 4 + 16);
    customer_box_[customer_id] = static_cast<std::uint32_t>(box_id);
  }
}

void OwnershipIndex::remove_line(std::string_view number) {
  std::unique_lock lk(mu_);
  keep_locked([n = std::string(number)](OwnershipIndex& i) { i.remove_line(n); });
  const auto key = key_of(normalise(number));
  if (const Line* old = find_locked(key); old && old->service) count_locked(old->box, -1);
  recent_[key] = {key, 0, 0};  // a tombstone over the sorted entry
}

std::optional<OwnershipIndex::Hit> OwnershipIndex::by_number(std::string_view number) const {
  const auto key = key_of(normalise(number));
  std::shared_lock lk(mu_);
  const Line* found = find_locked(key);
  if (!found || !found->service) return std::nullopt;
  return Hit{found->service, found->box, 0};
}

std::optional<OwnershipIndex::Box> OwnershipIndex::box(Id id) const {
  std::shared_lock lk(mu_);
  auto it = boxes_.find(id);
  if (it == boxes_.end()) return std::nullopt;
  return it->second;
}

OwnershipIndex::Id OwnershipIndex::area_of_box(Id id) const {
  std::shared_lock lk(mu_);
  auto it = boxes_.find(id);
  return it == boxes_.end() ? 0 : it->second.area_id;
}

std::optional<OwnershipIndex::Box> OwnershipIndex::box_by_code(const std::string& code) const {
  std::shared_lock lk(mu_);
  auto it = box_codes_.find(code);
  if (it == box_codes_.end()) return std::nullopt;
  return boxes_.at(it->second);
}

OwnershipIndex::Id OwnershipIndex::box_of_customer(Id customer_id) const {
  std::shared_lock lk(mu_);
  if (customer_id <= 0 || static_cast<std::size_t>(customer_id) >= customer_box_.size()) return 0;
  return customer_box_[customer_id];
}

std::shared_ptr<const CrossBox> OwnershipIndex::cross_box(Id id) const {
  std::shared_lock lk(mu_);
  auto it = cross_boxes_.find(id);
  return it == cross_boxes_.end() ? nullptr : it->second;
}

std::vector<OwnershipIndex::Box> OwnershipIndex::all_boxes() const {
  std::shared_lock lk(mu_);
  std::vector<Box> out;
  out.reserve(boxes_.size());
  for (const auto& [id, b] : boxes_) out.push_back(b);
  return out;
}

std::size_t OwnershipIndex::lines() const {
  std::shared_lock lk(mu_);
  return sorted_.size() + recent_.size();
}
std::size_t OwnershipIndex::boxes() const {
  std::shared_lock lk(mu_);
  return boxes_.size();
}
std::size_t OwnershipIndex::record_bytes_locked() const {
  // The box records: the struct, its control block and the heap part of its strings (estimates).
  auto heap = [](const std::string& x) { return x.capacity() > 15 ? x.capacity() + 1 : 0; };
  std::size_t n = 0;
  for (const auto& [id, b] : boxes_)
    if (b.record) n += sizeof(DistBox) + 16 + heap(b.record->code) + heap(b.record->address) + heap(b.code);
  for (const auto& [id, x] : cross_boxes_)
    n += sizeof(CrossBox) + 16 + 48 + heap(x->code) + heap(x->name) + heap(x->address);
  return n;
}

std::size_t OwnershipIndex::memory_bytes() const {
  std::shared_lock lk(mu_);
  return sorted_.capacity() * sizeof(Line) + recent_.size() * (sizeof(Line) + 32) +
         customer_box_.capacity() * sizeof(std::uint32_t) + boxes_.size() * (sizeof(Box) + 64) +
         box_codes_.size() * 64 + record_bytes_locked();
}

}  // namespace bc::plant
