// Seeded, deterministic task-graph generators for the classic shapes (chain, fork-join,
// layered random DAGs, FFT, Gaussian elimination, tiled Cholesky and LU, stencils, ...),
// registered by name with a one-line description and their parameters.
//
// Determinism: every random choice comes from std::mt19937_64 seeded with the given seed,
// mapped to integers by pelsim's own unbiased rejection method (not
// std::uniform_int_distribution, whose output differs between standard libraries), so a kind,
// its parameters and a seed give the same graph on every machine and compiler.
// Cost: O(tasks + edges) time and memory for every kind.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pelsim/models/task_graph.hpp"
#include "pelsim/models/units.hpp"

namespace pelsim::models {

/// One numeric parameter of a generator: its name, default, meaning, and the values it
/// accepts (a closed range [min, max]; whole numbers only when `integer`).
struct GeneratorParameter {
  std::string name;
  double default_value = 0;
  std::string description;
  double min = 0;
  double max = 0;
  bool integer = false;
};

/// Parameter values of one generate() call, every parameter of the kind present and
/// validated (defaults filled in). Generators read them with get() / count().
class GeneratorValues {
 public:
  GeneratorValues(std::map<std::string, double> values, std::uint64_t seed)
      : values_(std::move(values)), seed_(seed) {}
  /// The value of parameter `name` (which the kind declares).
  double get(const std::string& name) const { return values_.at(name); }
  /// The value of an integer parameter.
  std::uint64_t count(const std::string& name) const {
    return static_cast<std::uint64_t>(values_.at(name));
  }
  std::uint64_t seed() const { return seed_; }

 private:
  std::map<std::string, double> values_;
  std::uint64_t seed_;
};

/// A registered generator kind: its name, a one-line description, its parameters with their
/// defaults, whether it uses the seed, and the function that builds the graph from validated
/// values (it throws InputError for combinations of values it cannot build).
struct GeneratorInfo {
  std::string name;
  std::string description;
  std::vector<GeneratorParameter> parameters;
  bool random = false;  ///< the graph depends on the seed
  TaskGraph (*build)(const GeneratorValues&) = nullptr;
};

/// What the caller asks for: parameter values by name (absent ones take their defaults) and
/// the seed of the random kinds.
struct GeneratorParams {
  std::map<std::string, double> values;
  std::uint64_t seed = 1;
};

/// The unit a parameter's value may be written in: kWork for work / flops_min / flops_max
/// ("2Gflop"), kBytes for bytes / bytes_min / bytes_max ("64KiB"); nullopt for the counts and
/// fractions (plain numbers).
std::optional<Quantity> generator_parameter_unit(std::string_view name);

/// Every generator pelsim ships, in the order `pelsim generate --list` shows them.
const std::vector<GeneratorInfo>& generators();

/// The generator called `kind`. Throws InputError "unknown generator 'x' (known: a, b, ...)".
const GeneratorInfo& find_generator(const std::string& kind);

/// The names of all generators, "a, b, c".
std::string generator_names();

/// Builds the task graph of kind `kind` (tasks named t0, t1, ... in id order; the source name
/// of the graph is "generated:<kind>"). Throws InputError for an unknown kind (listing the
/// known ones), an unknown parameter (listing the kind's parameters), a value that is not
/// finite, not a whole number where one is needed, or out of its range (naming the range),
/// and a combination the kind cannot build (e.g. FFT points not a power of two, a graph of
/// more than 2^32 - 2 tasks or edges, or one too large for generator_memory_limit()).
TaskGraph generate(const std::string& kind, const GeneratorParams& params);

/// Memory that running a generated graph may need, in bytes. generate() refuses, before it
/// allocates anything, a graph whose simulation would need more: at least
/// kRunBytesPerTask per task and kRunBytesPerEdge per edge (measured: `pelsim run` of 1M and
/// 4M independent tasks and layered DAGs, peak RSS), against this limit. The default is the
/// machine's physical memory, or the process's address-space limit (ulimit -v) when lower.
/// Process-wide; thread-safe.
std::uint64_t generator_memory_limit();
/// Sets generator_memory_limit() for the whole process (0 restores the default): fuzzing
/// harnesses and tests lower it.
void set_generator_memory_limit(std::uint64_t bytes);
inline constexpr double kRunBytesPerTask = 64;
inline constexpr double kRunBytesPerEdge = 16;

}  // namespace pelsim::models
