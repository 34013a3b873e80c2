// Prometheus counters and latency histograms per route and status. Lock-free on the hot path:
// routes are fixed at start, so every counter is a pre-allocated atomic. Thread-safe.
#pragma once
#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace bc::api {

class Metrics {
 public:
  explicit Metrics(std::vector<std::string> route_labels);  // method + pattern per route index
  // route == labels.size() means "no route" (static files and unmatched paths share one label each).
  void observe(std::size_t route, int status, double seconds);
  std::string render(const std::string& extra) const;
  std::size_t static_route() const { return labels_.size(); }
  std::size_t unmatched_route() const { return labels_.size() + 1; }

 private:
  static constexpr std::array<int, 19> kStatuses{200, 201, 204, 304, 400, 401, 403, 404, 405, 409,
                                                 413, 415, 422, 428, 429, 431, 500, 503, 0};
  static constexpr std::array<double, 12> kBuckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                   0.05,   0.1,   0.25,   0.5,   1.0,  2.5};
  struct PerRoute {
    std::array<std::atomic<std::uint64_t>, kStatuses.size()> by_status{};
    std::array<std::atomic<std::uint64_t>, kBuckets.size() + 1> buckets{};
    std::atomic<std::uint64_t> sum_us{0};
  };
  std::vector<std::string> labels_;
  std::unique_ptr<PerRoute[]> per_;
};

// Token bucket per client key (IP address or credential). rate == 0 disables it. Thread-safe.
class RateLimiter {
 public:
  RateLimiter(int rate_per_s, int burst);
  ~RateLimiter();
  // 0 when allowed; else seconds to wait.
  int take(const std::string& key, std::int64_t now_ms);

 private:
  struct Shard;
  int rate_, burst_;
  std::unique_ptr<Shard[]> shards_;
};

}  // namespace bc::api
