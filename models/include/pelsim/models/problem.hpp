// What is simulated: a task graph on a platform over a network.
#pragma once

#include "pelsim/models/network.hpp"
#include "pelsim/models/platform.hpp"
#include "pelsim/models/task_graph.hpp"

namespace pelsim::models {

/// The inputs of one simulation, by reference (the graph can be large and is shared by every
/// run of a sweep). The constructor throws InputError when they do not fit together: a graph
/// with per-core costs must have exactly one cost per core of the platform.
class Problem {
 public:
  Problem(const TaskGraph& graph, const Platform& platform, const NetworkModel& network);

  const TaskGraph& graph() const { return *graph_; }
  const Platform& platform() const { return *platform_; }
  const NetworkModel& network() const { return *network_; }
  std::uint32_t core_count() const { return platform_->core_count(); }

  /// Seconds task t takes on core c: its cost on c when the graph has costs, else work/speed.
  double duration(TaskId t, CoreId c) const {
    return graph_->has_costs() ? graph_->cost(t, c) : graph_->work(t) / platform_->speed(c);
  }
  /// Seconds to move an edge's data from core a to core b (0 on the same core).
  double transfer_time(EdgeId e, CoreId a, CoreId b) const {
    return a == b ? 0.0 : network_->transfer_time(graph_->bytes(e));
  }

 private:
  const TaskGraph* graph_;
  const Platform* platform_;
  const NetworkModel* network_;
};

}  // namespace pelsim::models
