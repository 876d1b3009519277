// One simulation from files on disk to a report and output files: what `pelsim simulate` does.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "pelsim/experiment/network_config.hpp"
#include "pelsim/experiment/run_point.hpp"
#include "pelsim/models/faults.hpp"

namespace pelsim::experiment {

/// Everything `pelsim simulate` can be asked. Numbers are already in base units (flop/s, s,
/// B/s). Defaults match SimGrid's reference tool sgref (1 Gflop/s cores, 1 us, 1 GB/s).
struct SimulateRequest {
  std::string graph_path;
  std::string graph_format = "auto";
  /// flop/s at which runtimes (WfCommons, DAX, STG) are read as work; 0: the format's own
  /// (WfCommons: the recorded machines' speeds, else 1e9). See load_graph().
  double reference_speed = 0;
  /// A DAX gets SimGrid's root and end tasks (load_graph()).
  bool root_end = false;
  /// When given, gets the graph reader's `file:line: ...` warnings (load_graph()) as soon as
  /// the graph is read, so that a front end can show them even when the run then fails; and
  /// a note when the flow model given replaces a platform file's <config>.
  std::vector<std::string>* warnings = nullptr;
  std::uint32_t cores = 0;  ///< 0: from platform_path
  std::string policy;       ///< empty: "static" when a schedule is given, else "hlfet"
  std::map<std::string, std::string> policy_params;  ///< the policy's own, as written ("1us")
  double core_speed = 1e9;
  /// Heterogeneous cores: core i runs at speeds[i mod speeds.size()] flop/s (as a scenario's
  /// platform.speeds); empty: every core at core_speed.
  std::vector<double> speeds;
  /// Core types as written on the command line (parse_core_type_options): "cpu:48,gpu:16@50GHz"
  /// (their counts give the cores when `cores` is 0, and must match them otherwise), and
  /// "gpu:gemm=10,gpu:potrf=0.5". Empty: every core is a "cpu" running every task at its speed.
  std::string core_types;
  std::string type_factors;
  std::string network = "latency_bandwidth";
  double latency = 1e-6;   ///< flow: per link
  double bandwidth = 1e9;  ///< flow: per link
  FlowOptions flow;        ///< the flow network's topology
  /// A SimGrid platform file: sets the cores (unless `cores` is given, which must then
  /// match), their speed, the flow network and its links.
  std::string platform_path;
  // Outputs: a path, or "-" for `standard_output` (one of them at most). Every output is
  // written after the run succeeded, all or none (files are replaced atomically).
  std::string link_stats_path;      ///< output (flow network): per-link statistics CSV
  std::string schedule_path;        ///< input, task,core,order CSV
  std::string write_schedule_path;  ///< output: the schedule that was executed
  std::string trace_path;           ///< output: task,core,start,finish
  /// output: each transfer between cores, src,dst,bytes,start,finish (sgref's --comm-trace)
  std::string comm_trace_path;
  std::string explain_path;         ///< output: the policy's decisions, JSON lines
  std::string perfetto_path;        ///< output: Chrome / Perfetto trace (write_chrome_trace)
  std::string paje_path;            ///< output: Paje trace (write_paje_trace)
  /// Where an output named "-" goes (the front end's standard output); null: "-" is an error.
  std::ostream* standard_output = nullptr;
  /// True when some output is named "-" (a front end then reports elsewhere).
  bool writes_standard_output() const {
    return trace_path == "-" || write_schedule_path == "-" || link_stats_path == "-" ||
           explain_path == "-" || comm_trace_path == "-" || perfetto_path == "-" ||
           paje_path == "-";
  }
  std::uint64_t seed = 1;
  /// How the cores fail (none by default); random failures draw from `seed` unless
  /// faults_seed_given.
  models::FaultModel faults;
  bool faults_seed_given = false;
  /// Random failures strike the flow network's nodes (all their cores at once), not cores.
  bool faults_per_node = false;
  /// The cores' power, for the report's energy (a scenario's platform.power); none: no energy.
  std::optional<PowerModel> power;
};

/// What one simulation produced. Times in seconds; `planned_makespan` is NaN for dynamic
/// policies; `utilisation` = busy core-seconds / (cores * makespan).
struct SimulateReport {
  std::string graph;
  std::uint32_t tasks = 0;
  std::uint32_t edges = 0;
  std::uint32_t cores = 0;
  std::string policy;
  std::string network;
  double makespan = 0;
  double planned_makespan = 0;
  double total_work = 0;
  double critical_path = 0;
  double lower_bound = 0;
  double utilisation = 0;
  /// Joules the cores drew (SimulateRequest::power), NaN without a power model.
  double energy_j = std::numeric_limits<double>::quiet_NaN();
  /// With several core types: each type's name and utilisation (busy core-seconds of its
  /// cores / (its cores x makespan)), in the order given.
  std::vector<std::pair<std::string, double>> core_type_utilisation;
  std::uint64_t events = 0;
  std::uint64_t transfers = 0;
  double bytes_moved = 0;
  std::uint64_t steals = 0;             ///< work_stealing only (0 otherwise)
  std::uint64_t failed_steals = 0;      ///< work_stealing only (0 otherwise)
  std::uint64_t local_dispatches = 0;   ///< locality only (0 otherwise)
  std::uint64_t remote_dispatches = 0;  ///< locality only (0 otherwise)
  bool faults = false;                  ///< the cores could fail: the next three apply
  std::uint64_t failures = 0;           ///< core failures during the run
  std::uint64_t interrupted = 0;        ///< task runs a failure cut short
  double lost_work = 0;                 ///< computing seconds those runs threw away
  bool checkpointing = false;           ///< tasks checkpoint: the next two apply
  std::uint64_t checkpoints = 0;        ///< checkpoints written
  double checkpoint_time = 0;           ///< seconds writing them and reading some back
  std::string topology;                 ///< flow network only: its one-line shape
  std::string flow_model;               ///< flow network only: cm02, lv08 (models::flow_model_name)
  std::uint32_t links_used = 0;         ///< flow network only: links that carried data
  double max_link_utilisation = 0;      ///< flow network only: bytes / (bandwidth x makespan)
  std::string busiest_link;             ///< flow network only
  double load_s = 0;
  double plan_s = 0;
  double sim_s = 0;
  double wall_s = 0;
  double peak_rss_mb = 0;

  /// One JSON line (doubles as %.17g); the CLI's --json output.
  std::string to_json() const;
  /// A few human-readable lines; the CLI's default output.
  std::string to_text() const;
};

/// Loads the graph (and schedule), runs the simulation, writes the requested output files
/// (each atomically, and only after the run succeeded) and returns the report.
/// Throws models::InputError for bad input; any other exception is an internal error.
SimulateReport simulate(const SimulateRequest& request);

}  // namespace pelsim::experiment
