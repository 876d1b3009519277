// A YAML scenario file: one self-describing experiment, expanded into its runs.
// Schema and examples: docs/scenarios.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "pelsim/experiment/run_point.hpp"

namespace pelsim::experiment {

/// One run of a scenario. `values` holds, per Scenario::sweep_columns, the swept value as
/// written in the file. `baseline` is the index of the run whose makespan is this run's
/// 1-core time (speedup = T(baseline) / T(this)); `clean_baseline` that of the same 1-core
/// run without faults (no failures, no checkpoints; `baseline` itself when the run has none),
/// for the speedup against a fault-free serial run; `curve` indexes Scenario::curve_labels.
/// Reference runs are the 1-core runs the sweep does not contain itself: they are executed
/// for the speedups but are not rows of results.csv.
struct RunPoint {
  std::size_t index = 0;
  std::vector<std::string> values;
  std::uint32_t repetition = 0;
  RunConfig config;
  bool reference = false;
  std::size_t baseline = 0;
  std::size_t clean_baseline = 0;
  std::size_t curve = 0;
};

/// A parsed, validated and expanded scenario. `points` lists the sweep in file order (the
/// first swept parameter varies slowest; repetitions innermost), then the reference runs.
/// `fingerprint` identifies the file's content and that of every file it reads (FNV-1a 64 of
/// the scenario's bytes, then of each workload, SimGrid platform and schedule file's in path
/// order): a results directory is only resumed by the scenario that started it, unchanged.
struct Scenario {
  std::string path;
  std::string name;  ///< the file name without directory and extension
  std::string description;
  std::uint64_t fingerprint = 0;
  std::vector<std::string> sweep_columns;  ///< swept parameters except the core count
  std::vector<RunPoint> points;
  std::vector<std::string> curve_labels;
  std::uint32_t repetitions = 1;
  std::uint64_t seed = 1;
  bool plot = true;
  /// The workload readers' `file:line: ...` warnings (load_graph()), for the front end to show.
  std::vector<std::string> warnings;

  /// The number of runs that are rows of results.csv (the non-reference points).
  std::size_t row_count() const;
};

/// Reads, validates and expands a scenario; loads (once each) the workloads it names so that
/// every error shows before a run starts. Throws models::InputError `file:line:column: reason`
/// for YAML syntax errors, unknown keys (listing the allowed ones), wrong types, bad units,
/// unknown names (listing the known ones) and any error of a workload file.
Scenario load_scenario(const std::string& path);

/// The same from text already in memory (an editor's buffer); `path` names it in errors and
/// relative workload paths are resolved from its directory.
Scenario parse_scenario(const std::string& path, const std::string& text);

/// The keys a scenario accepts at its top level, "a, b, c" (for messages and docs).
std::string scenario_top_level_keys();

}  // namespace pelsim::experiment
