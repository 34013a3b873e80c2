#include "api/metrics.hpp"

#include <fmt/format.h>

#include <mutex>
#include <unordered_map>

namespace bc::api {

Metrics::Metrics(std::vector<std::string> route_labels)
    : labels_(std::move(route_labels)), per_(new PerRoute[labels_.size() + 2]) {}

void Metrics::observe(std::size_t route, int status, double seconds) {
  auto& p = per_[route];
  std::size_t si = kStatuses.size() - 1;
  for (std::size_t i = 0; i + 1 < kStatuses.size(); ++i)
    if (kStatuses[i] == status) { si = i; break; }
  p.by_status[si].fetch_add(1, std::memory_order_relaxed);
  std::size_t bi = kBuckets.size();
  for (std::size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) { bi = i; break; }
  p.buckets[bi].fetch_add(1, std::memory_order_relaxed);
  p.sum_us.fetch_add(static_cast<std::uint64_t>(seconds * 1e6), std::memory_order_relaxed);
}

std::string Metrics::render(const std::string& extra) const {
  std::string out;
  out += "# HELP bluechannel_http_requests_total HTTP requests by route and status.\n";
  out += "# TYPE bluechannel_http_requests_total counter\n";
  auto label = [&](std::size_t i) {
    if (i < labels_.size()) return labels_[i];
    return std::string(i == labels_.size() ? "GET static" : "ANY unmatched");
  };
  auto split = [](const std::string& l, std::string& method, std::string& route) {
    auto sp = l.find(' ');
    method = l.substr(0, sp);
    route = l.substr(sp + 1);
  };
  const std::size_t n = labels_.size() + 2;
  for (std::size_t i = 0; i < n; ++i) {
    std::string m, r;
    split(label(i), m, r);
    for (std::size_t s = 0; s < kStatuses.size(); ++s) {
      auto v = per_[i].by_status[s].load(std::memory_order_relaxed);
      if (!v) continue;
      out += fmt::format("bluechannel_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{}\"}} {}\n", m, r,
                         kStatuses[s] ? std::to_string(kStatuses[s]) : "other", v);
    }
  }
  out += "# HELP bluechannel_http_request_duration_seconds Time to answer, by route.\n";
  out += "# TYPE bluechannel_http_request_duration_seconds histogram\n";
  for (std::size_t i = 0; i < n; ++i) {
    std::uint64_t cum = 0, count = 0;
    for (auto& b : per_[i].buckets) count += b.load(std::memory_order_relaxed);
    if (!count) continue;
    std::string m, r;
    split(label(i), m, r);
    for (std::size_t b = 0; b <= kBuckets.size(); ++b) {
      cum += per_[i].buckets[b].load(std::memory_order_relaxed);
      out += fmt::format("bluechannel_http_request_duration_seconds_bucket{{method=\"{}\",route=\"{}\",le=\"{}\"}} {}\n",
                         m, r, b < kBuckets.size() ? fmt::format("{}", kBuckets[b]) : "+Inf", cum);
    }
    out += fmt::format("bluechannel_http_request_duration_seconds_sum{{method=\"{}\",route=\"{}\"}} {:.6f}\n", m, r,
                       per_[i].sum_us.load() / 1e6);
    out += fmt::format("bluechannel_http_request_duration_seconds_count{{method=\"{}\",route=\"{}\"}} {}\n", m, r,
                       count);
  }
  out += extra;
  return out;
}

struct RateLimiter::Shard {
  std::mutex mu;
  struct Bucket {
    double tokens;
    std::int64_t at;
  };
  std::unordered_map<std::string, Bucket> buckets;
};

RateLimiter::RateLimiter(int rate_per_s, int burst) : rate_(rate_per_s), burst_(burst), shards_(new Shard[16]) {}

RateLimiter::~RateLimiter() = default;

int RateLimiter::take(const std::string& key, std::int64_t now) {
  if (rate_ <= 0) return 0;
  auto& sh = shards_[std::hash<std::string>{}(key) % 16];
  std::lock_guard lk(sh.mu);
  if (sh.buckets.size() > 100000) sh.buckets.clear();  // bounded memory under a flood of addresses
  auto [it, fresh] = sh.buckets.try_emplace(key, Shard::Bucket{static_cast<double>(burst_), now});
  auto& b = it->second;
  if (!fresh) {
    b.tokens = std::min<double>(burst_, b.tokens + (now - b.at) * rate_ / 1000.0);
    b.at = now;
  }
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return 0;
  }
  return static_cast<int>((1.0 - b.tokens) / rate_) + 1;
}

}  // namespace bc::api
