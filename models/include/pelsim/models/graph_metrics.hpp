// Structural figures of a task graph, and the lower bounds they give on any schedule.
#pragma once

#include <cstdint>

#include "pelsim/models/problem.hpp"
#include "pelsim/models/task_graph.hpp"

namespace pelsim::models {

/// What `pelsim info` prints. `critical_path_work` is the largest total work (flops) along a
/// path; `max_width` is the largest number of tasks at the same depth (depth = edges on the
/// longest path from a source), a cheap upper bound on the useful core count. `task_pairs`
/// counts the distinct (producer, consumer) pairs the edges join: fewer than `edges` when two
/// tasks share several (a DAX workflow's files: one edge each, as SimGrid's transfers).
struct GraphMetrics {
  std::uint32_t tasks = 0;
  std::uint32_t edges = 0;
  std::uint32_t task_pairs = 0;
  double total_work = 0;
  double total_bytes = 0;
  double critical_path_work = 0;
  std::uint32_t depth = 0;  ///< tasks on the longest path counted in edges + 1
  std::uint32_t max_width = 0;
  std::uint32_t sources = 0;
  std::uint32_t sinks = 0;
  /// total_work / critical_path_work (1 for an empty or zero-work graph).
  double average_parallelism() const {
    return critical_path_work > 0 ? total_work / critical_path_work : 1.0;
  }
};

/// O(tasks + edges).
GraphMetrics compute_graph_metrics(const TaskGraph& graph);

/// Seconds of the longest path when each task takes its shortest duration over the cores and
/// transfers are free: no schedule can beat it.
double critical_path_time(const Problem& problem);

/// The work spread perfectly over all cores: total work / total speed (with per-core costs:
/// the sum of each task's shortest duration / cores; with core type factors: the larger of
/// that and, for each task type k, its work / the machine's total speed on k, i.e.
/// W_k / sum_c speed(c) x factor(type of c, k)). No schedule can beat it.
double perfect_spread_time(const Problem& problem);

/// The tasks of one lock run one at a time: the largest, over the locks, of the sum of their
/// tasks' shortest durations (0 without locks). No schedule can beat it.
double lock_serial_time(const Problem& problem);

/// The lower bound on the makespan of any schedule, given critical_path_time(problem):
/// max(critical path, perfect_spread_time, lock_serial_time) — the classic max(CP, W / (P·S))
/// when there are no locks — divided by the platform's max_speed_scale() (speed profiles).
double makespan_lower_bound(const Problem& problem, double critical_path);
double makespan_lower_bound(const Problem& problem);

}  // namespace pelsim::models
