// Core types as a scenario or the command line describes them, and the platform they make.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "pelsim/models/platform.hpp"

namespace pelsim::experiment {

/// One core type: `count` cores called `name` running at `speed` flop/s (0: the platform's
/// core speed), each running a task of type k at speed x factor(k) (factors by task type
/// name; 1 for a type not listed). With `has_power`, each of its cores draws `idle_watts`
/// idle and `busy_watts` computing (else the platform's power model applies).
struct CoreTypeSpec {
  std::string name;
  std::uint32_t count = 1;
  double speed = 0;
  std::vector<std::pair<std::string, double>> factors;
  bool has_power = false;
  double idle_watts = 0;
  double busy_watts = 0;
};

/// The cores of `types` listed in order, each `count` times: the pattern the cores follow.
std::uint64_t core_type_pattern_length(const std::vector<CoreTypeSpec>& types);

/// The platform of `cores` cores. Core i has the type at position i mod L of the pattern
/// (L = the sum of the counts: with cores == L, exactly `count` cores of each type, in the
/// order listed), and that type's speed, else speeds[i % speeds.size()]. Without types every
/// core is a "cpu" without factors. Throws models::InputError for no cores, no speeds, or what
/// models::Platform rejects (duplicate type names, a factor not > 0, ...).
models::Platform make_platform(std::uint32_t cores, const std::vector<double>& speeds,
                               const std::vector<CoreTypeSpec>& types);

/// Parses the command line's `--core-types "cpu:48,gpu:16@50GHz"` (name:count[@speed], count
/// >= 1) and `--type-factors "gpu:gemm=10,gpu:potrf=0.5"` (core type:task type=factor). Without
/// core types the factors apply to the one type "cpu" of every core. Throws
/// models::InputError naming the option: bad syntax, a count or factor out of range, a
/// duplicate core type, a factor for an unknown core type (listing the known ones).
std::vector<CoreTypeSpec> parse_core_type_options(const std::string& core_types,
                                                  const std::string& type_factors);

}  // namespace pelsim::experiment
