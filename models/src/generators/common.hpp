// Internal to the generators (namespace gen): the portable random number source, size
// checks, and the build function of every kind (registered in ../generators.cpp).
#pragma once

#include <cstdint>
#include <random>
#include <string>

#include "pelsim/models/generators.hpp"
#include "pelsim/models/task_graph.hpp"

namespace pelsim::models::gen {

/// Random integers that are the same on every machine: std::mt19937_64 (fully specified by
/// the standard) mapped to a range by Lemire's multiply-and-reject method ("Fast random
/// integer generation in an interval", ACM TOMACS 2019), which is unbiased and, unlike
/// std::uniform_int_distribution, specified here rather than by the standard library.
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

/// Largest task or edge count a TaskGraph holds (32-bit ids; one value is kept as "none").
inline constexpr double kMaxCount = 4294967294.0;

/// Throws InputError when a graph of `kind` would have more than kMaxCount tasks or edges
/// (counts given as doubles so that the products computing them cannot overflow).
void check_size(const std::string& kind, double tasks, double edges);

/// A builder named "generated:<kind>" with room for the given counts.
TaskGraphBuilder make_builder(const std::string& kind, std::uint64_t tasks, std::uint64_t edges);

// The kinds. Each reads the parameters its GeneratorInfo declares, already validated.
TaskGraph build_chain(const GeneratorValues& v);
TaskGraph build_independent(const GeneratorValues& v);
TaskGraph build_fork_join(const GeneratorValues& v);
TaskGraph build_map_reduce(const GeneratorValues& v);
TaskGraph build_bsp(const GeneratorValues& v);
TaskGraph build_layered(const GeneratorValues& v);
TaskGraph build_series_parallel(const GeneratorValues& v);
TaskGraph build_fft(const GeneratorValues& v);
TaskGraph build_gaussian_elimination(const GeneratorValues& v);
TaskGraph build_cholesky(const GeneratorValues& v);
TaskGraph build_lu(const GeneratorValues& v);
TaskGraph build_stencil(const GeneratorValues& v);
TaskGraph build_wavefront(const GeneratorValues& v);

}  // namespace pelsim::models::gen
