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
  std::uint64_t below(std::uint64_t n) { return below_from(n, engine_); }

  /// Uniform in [lo, hi]; lo when hi <= lo (as gen_dag.py's _rand_int).
  std::uint64_t between(std::uint64_t lo, std::uint64_t hi) {
    if (hi <= lo) return lo;
    const std::uint64_t span = hi - lo;
    if (span == ~std::uint64_t{0}) return engine_();
    return lo + below(span + 1);
  }

  /// Uniform in [0, 1) with 53 random bits.
  double unit() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }

  /// below(n) from the raw 64-bit draws of `draw` (Lemire's method; one draw unless rejected).
  template <class Draw>
  static std::uint64_t below_from(std::uint64_t n, Draw& draw) {
    __extension__ using Wide = unsigned __int128;
    Wide m = static_cast<Wide>(draw()) * n;
    auto low = static_cast<std::uint64_t>(m);
    if (low < n) {
      const std::uint64_t threshold = (0 - n) % n;  // 2^64 mod n
      while (low < threshold) {
        m = static_cast<Wide>(draw()) * n;
        low = static_cast<std::uint64_t>(m);
      }
    }
    return static_cast<std::uint64_t>(m >> 64);
  }

 private:
  std::mt19937_64 engine_;
};

/// Rng's below() stream (the same values for the same seed and the same calls) with the next
/// kAhead raw draws already taken from the engine, so that a caller can guess what its next
/// few below(n) will return (e.g. to request their data ahead). Guesses are hints: a draw
/// rejected by Lemire's method (probability < n / 2^64) or a different n changes them.
class RngAhead {
 public:
  static constexpr std::size_t kAhead = 3;
  explicit RngAhead(std::uint64_t seed) : engine_(seed) {
    for (std::uint64_t& d : ahead_) d = engine_();
  }
  /// Exactly Rng(seed).below(n), call for call.
  std::uint64_t below(std::uint64_t n) { return Rng::below_from(n, *this); }
  /// What the k-th next below(n) (k = 0: the next one) returns if no draw before it is
  /// rejected. k < kAhead.
  std::uint64_t guess_below(std::size_t k, std::uint64_t n) const {
    __extension__ using Wide = unsigned __int128;
    const std::uint64_t d = ahead_[head_ + k < kAhead ? head_ + k : head_ + k - kAhead];
    return static_cast<std::uint64_t>((static_cast<Wide>(d) * n) >> 64);
  }
  /// The next raw draw (for Rng::below_from).
  std::uint64_t operator()() {
    const std::uint64_t d = ahead_[head_];
    ahead_[head_] = engine_();
    head_ = head_ + 1 == kAhead ? 0 : head_ + 1;
    return d;
  }

 private:
  std::mt19937_64 engine_;
  std::uint64_t ahead_[kAhead];
  std::size_t head_ = 0;
};

}  // namespace pelsim::models
