// Simulated against measured: a WfCommons instance replayed on the platform it recorded.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "pelsim/experiment/run_point.hpp"
#include "pelsim/models/task_graph.hpp"

namespace pelsim::experiment {

/// What a WfCommons instance recorded about its run: the measured makespan and the machines.
struct RecordedExecution {
  struct Machine {
    std::string name;
    std::uint32_t cores = 1;
    double speed_mhz = 0;  ///< 0 when not recorded
    std::uint32_t line = 0;  ///< of its nodeName in the file (0: none)
  };
  double makespan = 0;
  std::vector<Machine> machines;
  std::uint32_t total_cores() const;
  /// One speed (flop/s) per core, machine after machine: speed_mhz * 1e6, 1e9 when the
  /// machine records no speed.
  std::vector<double> core_speeds() const;
};

/// Reads the recorded run of a WfCommons instance, in the layout the graph reader picks:
/// `workflow.execution` (makespanInSeconds, machines[].cpu.coreCount and speedInMHz) in 1.5;
/// `workflow` itself (makespanInSeconds, `makespan` up to 1.2, machines[].cpu.count and speed
/// in MHz) in the older layouts. Throws models::InputError (`file:line: reason`) for a file that
/// is not JSON or not an instance, has no measured makespan, or records machines that are not
/// what WfFormat says; an instance without machines counts as one 1-core machine.
RecordedExecution read_recorded_execution(const std::string& path);

/// How to replay: the policy and network, and a per-task overhead in seconds added to every
/// task (a stand-in for the workflow system's job submission and staging).
struct ReplayOptions {
  std::string policy = "fifo";
  std::string network = "ideal";
  double latency = 1e-6;
  double bandwidth = 1e9;
  double task_overhead = 0;
  /// flop/s at which the runtimes are read as work; 0: each task's recorded machine speed
  /// (see models::read_wfcommons_file), which makes a task take its recorded runtime on a
  /// core of the machine kind it ran on.
  double reference_speed = 0;
};

/// One instance replayed: sizes, the measured and simulated makespans, the bounds, and the
/// relative error (simulated - measured) / measured.
struct ReplayResult {
  std::string path;
  std::uint32_t tasks = 0;
  std::uint32_t cores = 0;
  double measured = 0;
  double simulated = 0;
  double critical_path = 0;
  double lower_bound = 0;
  double error = 0;
};

/// Simulates the instance on its recorded cores, each machine's cores at that machine's
/// recorded speed (1 Gflop/s when not recorded). With the default reference speed a task's
/// work is its runtime at the speed of the machine it ran on, so it takes its recorded runtime
/// on a core of that machine (and runtime x recorded / core speed on a core of another
/// speed). Under the `flow` network each machine is a node of a crossbar (its cores share
/// the node's link; moves between them are free), so the machines must have one core count.
/// Throws models::InputError for a bad file or option.
ReplayResult replay(const std::string& path, const ReplayOptions& options);

/// The run replay() simulates: the instance's graph (with the overhead) on its recorded cores.
RunConfig replay_run_config(const std::string& path, const ReplayOptions& options);

/// The graph with `seconds` more work per task at `speed` flop/s (names and edges kept).
models::TaskGraph with_task_overhead(const models::TaskGraph& graph, double seconds, double speed);
/// The same with a speed per task (`speeds[t]` for task t).
models::TaskGraph with_task_overhead(const models::TaskGraph& graph, double seconds,
                                     const std::vector<double>& speeds);

/// The one per-task overhead (seconds, in [0, upper]) that minimises the sum of squared
/// relative errors of the instances (golden-section search, 1 ms resolution), and the
/// replays at that overhead.
struct OverheadFit {
  double overhead = 0;
  std::vector<ReplayResult> results;
};
OverheadFit fit_task_overhead(const std::vector<std::string>& paths, ReplayOptions options,
                              double upper = 1000);

}  // namespace pelsim::experiment
