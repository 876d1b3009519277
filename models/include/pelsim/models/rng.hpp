// The portable random number source of the models (generators, seeded policies).
#pragma once

#include <cstdint>
#include <random>

namespace pelsim::models {

/// Random integers that are the same on every machine: std::mt19937_64 (fully specified by
/// the standard) mapped to a range by Lemire's multiply-and-reject method ("Fast random
/// integer generation in an interval", ACM TOMACS 2019), which is unbiased and, unlike
/// std::uniform_int_distribution, specified here rather than by the standard library.
/// A value type: copying it copies the stream. No allocation; O(1) expected per draw.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}

  /// Uniform in [0, n). Precondition: n >= 1.
  std::uint64_t below(std::uint64_t n) {
    __extension__ using Wide = unsigned __int128;
    Wide m = static_cast<Wide>(engine_()) * n;
    auto low = static_cast<std::uint64_t>(m);
    if (low < n) {
      const std::uint64_t threshold = (0 - n) % n;  // 2^64 mod n
      while (low < threshold) {
        m = static_cast<Wide>(engine_()) * n;
        low = static_cast<std::uint64_t>(m);
      }
    }
    return static_cast<std::uint64_t>(m >> 64);
  }

  /// Uniform in [lo, hi]; lo when hi <= lo (as gen_dag.py's _rand_int).
  std::uint64_t between(std::uint64_t lo, std::uint64_t hi) {
    if (hi <= lo) return lo;
    const std::uint64_t span = hi - lo;
    if (span == ~std::uint64_t{0}) return engine_();
    return lo + below(span + 1);
  }

  /// Uniform in [0, 1) with 53 random bits.
  double unit() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }

 private:
  std::mt19937_64 engine_;
};

}  // namespace pelsim::models
