// SplitMix64: a tiny deterministic generator for demo data, the same on every machine.
// Not for secrets (see crypto.hpp). Not thread-safe; cheap to copy.
#pragma once
#include <cstddef>
#include <cstdint>

namespace bc {

struct SplitMix64 {
  std::uint64_t s;
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
  std::int64_t between(std::int64_t lo, std::int64_t hi) { return lo + static_cast<std::int64_t>(next() % (hi - lo + 1)); }
  bool chance(int percent) { return static_cast<int>(next() % 100) < percent; }
};

}  // namespace bc
