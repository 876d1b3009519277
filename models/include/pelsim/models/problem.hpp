// What is simulated: a task graph on a platform over a network.
#pragma once

#include <vector>

#include "pelsim/models/network.hpp"
#include "pelsim/models/platform.hpp"
#include "pelsim/models/task_graph.hpp"

namespace pelsim::models {

/// The inputs of one simulation, by reference (the graph can be large and is shared by every
/// run of a sweep: the three must outlive the Problem, which refuses temporaries), and the one
/// function every policy and the simulation use for a task's execution time, duration(t, c). The
/// constructor throws InputError when they do not fit together: a graph with per-core costs must
/// have exactly one cost per core of the platform, and every task type named in a core type's
/// factors must be a task type of the graph (the message lists the graph's types), and the
/// durations and transfers together must not overflow (their sum bounds every time of a run).
class Problem {
 public:
  Problem(const TaskGraph& graph, const Platform& platform, const NetworkModel& network);
  // The three are kept by reference: a temporary would dangle once the statement ends.
  Problem(TaskGraph&&, const Platform&, const NetworkModel&) = delete;
  Problem(const TaskGraph&, Platform&&, const NetworkModel&) = delete;
  Problem(const TaskGraph&, const Platform&, NetworkModel&&) = delete;

  const TaskGraph& graph() const { return *graph_; }
  const Platform& platform() const { return *platform_; }
  const NetworkModel& network() const { return *network_; }
  std::uint32_t core_count() const { return platform_->core_count(); }

  /// Seconds task t takes on core c: its cost on c when the graph has costs (costs win over
  /// speeds and factors), else work / (speed(c) x factor(core type of c, task type of t)).
  /// O(1): two array reads beyond work and speed (the core's type, the task's type) and one
  /// into the small factor table (core types x task types).
  double duration(TaskId t, CoreId c) const {
    if (graph_->has_costs()) return graph_->cost(t, c);
    if (!typed_) return graph_->work(t) / platform_->speed(c);
    const std::size_t k = std::size_t{platform_->core_type(c)} * stride_ + task_types_[t];
    return graph_->work(t) / (platform_->speed(c) * factors_[k]);
  }
  /// The smallest duration of t over the cores.
  double shortest_duration(TaskId t) const;
  /// True when duration(t, c) does not depend on c (no costs, equal speeds, no factor
  /// applies): then duration(t, 0) is every core's.
  bool uniform_durations() const {
    return !graph_->has_costs() && platform_->is_uniform() && !typed_;
  }
  /// True when some core type factor other than 1 applies to a task type of the graph.
  bool has_type_factors() const { return typed_; }
  /// factor(core type i, task type k) (1 when none applies).
  double factor(std::uint32_t core_type, TaskTypeId task_type) const {
    return typed_ ? factors_[std::size_t{core_type} * stride_ + task_type] : 1.0;
  }
  /// The tasks' longest durations and every transfer at its uncontended time, summed: a bound
  /// on every time of a run without dispatch costs, except that flows sharing links take
  /// longer (finite: the constructor refuses a problem whose sum overflows).
  double time_bound() const { return time_bound_; }
  /// Seconds to move an edge's data from core a to core b (0 on the same core) under the
  /// ideal and latency_bandwidth networks, as the simulator moves it there. A planner costs a
  /// transfer with network().transfer_time(bytes, a, b), which also knows a flow topology's
  /// routes (a same-node pair is cheaper than a remote one).
  double transfer_time(EdgeId e, CoreId a, CoreId b) const {
    return a == b ? 0.0 : network_->transfer_time(graph_->bytes(e));
  }

 private:
  void check_times_are_finite();

  const TaskGraph* graph_;
  const Platform* platform_;
  const NetworkModel* network_;
  bool typed_ = false;
  std::size_t stride_ = 1;                  // task types of the graph
  const TaskTypeId* task_types_ = nullptr;  // the graph's, when typed_
  std::vector<double> factors_;             // [core type x stride_ + task type], when typed_
  std::vector<double> best_rate_;           // per task type: max over cores of speed x factor
  double time_bound_ = 0;                   // time_bound()
};

}  // namespace pelsim::models
