// The live stream of work-order events: a bounded in-memory buffer of the latest committed events
// (in commit order, which is id order: order writes are serialised) and wake-ups for the
// connections following it. Readers that fall behind the buffer read the rest from the database.
// Thread-safe.
#pragma once
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <vector>

#include "domain/orders/model.hpp"

namespace bc::orders {

class EventHub {
 public:
  explicit EventHub(std::size_t capacity = 200'000) : capacity_(capacity) {}

  // After commit, in id order. Wakes every subscriber.
  void publish(std::vector<Event> events);

  struct Read {
    std::vector<Event> events;
    bool gap = false;  // `after` is older than the buffer: read (after, first buffered id) elsewhere
  };
  // Events with id > after, at most `max`.
  Read read_after(Id after, std::size_t max) const;
  Id last_id() const;
  // Seeds the cursor of a fresh hub (the database's latest event id at start).
  void start_at(Id last_id);

  // `wake` is called (from the publishing thread, under the hub's lock: keep it short and
  // non-blocking) whenever new events are published.
  std::uint64_t subscribe(std::function<void()> wake);
  void unsubscribe(std::uint64_t token);
  std::size_t subscribers() const;

 private:
  mutable std::mutex mu_;
  std::size_t capacity_;
  std::deque<Event> buffer_;
  Id last_id_ = 0;
  std::uint64_t next_token_ = 1;
  std::map<std::uint64_t, std::function<void()>> subs_;
};

}  // namespace bc::orders
