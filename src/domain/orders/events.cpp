#include "domain/orders/events.hpp"

#include <algorithm>

namespace bc::orders {

void EventHub::publish(std::vector<Event> events) {
  if (events.empty()) return;
  std::lock_guard lk(mu_);
  for (auto& e : events) {
    last_id_ = std::max(last_id_, e.id);
    buffer_.push_back(std::move(e));
  }
  while (buffer_.size() > capacity_) buffer_.pop_front();
  for (auto& [token, wake] : subs_) wake();
}

EventHub::Read EventHub::read_after(Id after, std::size_t max) const {
  std::lock_guard lk(mu_);
  Read r;
  if (buffer_.empty()) {
    r.gap = after < last_id_;
    return r;
  }
  if (after + 1 < buffer_.front().id && after < last_id_) r.gap = true;
  auto it = std::upper_bound(buffer_.begin(), buffer_.end(), after, [](Id a, const Event& e) { return a < e.id; });
  for (; it != buffer_.end() && r.events.size() < max; ++it) r.events.push_back(*it);
  return r;
}

Id EventHub::last_id() const {
  std::lock_guard lk(mu_);
  return last_id_;
}

void EventHub::start_at(Id last_id) {
  std::lock_guard lk(mu_);
  last_id_ = std::max(last_id_, last_id);
}

std::uint64_t EventHub::subscribe(std::function<void()> wake) {
  std::lock_guard lk(mu_);
  const auto t = next_token_++;
  subs_.emplace(t, std::move(wake));
  return t;
}

void EventHub::unsubscribe(std::uint64_t token) {
  std::lock_guard lk(mu_);
  subs_.erase(token);
}

std::size_t EventHub::subscribers() const {
  std::lock_guard lk(mu_);
  return subs_.size();
}

}  // namespace bc::orders
