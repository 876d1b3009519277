// Runs every point of a scenario into a results directory, in parallel, resumably.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "pelsim/experiment/scaling.hpp"
#include "pelsim/experiment/scenario.hpp"

namespace pelsim::experiment {

/// How far a batch is, reported as each run finishes: `done` of `total` runs finished (`resumed` of them read back from an
/// earlier, interrupted batch), and the estimated seconds left.
struct BatchProgress {
  std::size_t run = 0;      ///< the run that just finished (Scenario::points index)
  RunMeasures measures;     ///< what it measured
  std::size_t done = 0;
  std::size_t total = 0;
  std::size_t resumed = 0;
  double elapsed_s = 0;
  double eta_s = 0;
};

/// Options of run_batch(). `on_progress` is called after every run, never concurrently.
/// When `*stop` becomes true no new run starts; the batch returns `interrupted` and a later
/// call resumes it.
struct BatchOptions {
  std::string out_dir;
  unsigned jobs = 1;
  /// Run only the points whose index is shard_index modulo shard_count (job arrays, MPI
  /// ranks); each shard keeps its own journal file in out_dir.
  std::size_t shard_index = 0;
  std::size_t shard_count = 1;
  const std::atomic<bool>* stop = nullptr;
  std::function<void(const BatchProgress&)> on_progress;
};

/// What a batch produced: the curves (for plots) and the files it wrote.
struct BatchResult {
  std::size_t total = 0;
  std::size_t resumed = 0;
  bool interrupted = false;
  /// Every run of the scenario is finished (over all shards' journals) and the result files
  /// are written.
  bool complete = false;
  /// The journal lines of this shard's finished runs (to gather them elsewhere, e.g. over MPI,
  /// and import_records() them).
  std::string records;
  std::vector<ScalingCurve> curves;
  std::string results_csv;
  std::string summary_json;
};

/// Runs the scenario's points on `jobs` threads and writes into `out_dir`:
///  - journal.csv (journal.shard-I-of-N.csv for a shard): one line per finished run, appended in a single write as the run ends; on
///    a new call, the runs it holds are not run again (a torn last line is dropped), so a
///    killed batch resumes with no run lost or duplicated;
///  - results.csv: one row per run (sweep order; `run` is the point's index) with speedup, efficiency and Karp–Flatt
///    against the 1-core run of the same point; every value is a pure function of the
///    scenario, so the file is byte-identical however the batch was split, resumed or
///    parallelised;
///  - timings.csv: the wall time of each run (the one machine-dependent figure);
///  - summary.json: the scenario's fingerprint and, per curve, the Amdahl and Gustafson fits.
/// Every file but the journal is replaced atomically at the end. Throws models::InputError
/// when out_dir holds another scenario's journal or a run rejects its configuration.
BatchResult run_batch(const Scenario& scenario, const BatchOptions& options);

/// Adds journal lines (BatchResult::records of other shards) to out_dir's journal, skipping
/// runs it already holds. Throws models::InputError for a line that is not a record of this
/// scenario.
void import_records(const Scenario& scenario, const std::string& out_dir,
                    const std::string& records);

/// Throws models::InputError unless `run` is a run of the scenario (a row of results.csv), as
/// write_run_traces() would: to reject a bad --trace-run before the sweep.
void check_trace_run(const Scenario& scenario, std::size_t run);

/// Runs point `run` (the `run` column of results.csv) again with a recorder and writes its
/// traces into `out_dir`: trace-RUN.json (Chrome / Perfetto) and trace-RUN.paje (Paje).
/// Returns the two paths. Throws models::InputError for a run the scenario does not have.
std::vector<std::string> write_run_traces(const Scenario& scenario, std::size_t run,
                                          const std::string& out_dir);

}  // namespace pelsim::experiment
