#include "pelsim/models/problem.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "pelsim/models/error.hpp"

namespace pelsim::models {

namespace {

std::string type_list(const TaskGraph& graph, const std::vector<bool>& used) {
  std::string out;
  for (std::uint32_t k = 1; k < graph.task_type_count(); ++k)
    if (used[k])
      out += (out.empty() ? "" : ", ") + graph.task_type_name(static_cast<TaskTypeId>(k));
  return out;
}

}  // namespace

Problem::Problem(const TaskGraph& graph, const Platform& platform, const NetworkModel& network)
    : graph_(&graph), platform_(&platform), network_(&network) {
  if (graph.has_costs() && graph.cost_columns() != platform.core_count())
    throw InputError(graph.source_name(), 0,
                     "tasks have " + std::to_string(graph.cost_columns()) +
                         " per-core costs but the platform has " +
                         std::to_string(platform.core_count()) +
                         " cores (the 'costs' list needs one entry per core)");
  if (const FlowNetworkConfig* flow = network.flow_config()) {
    const std::uint64_t cores = flow->core_count();
    if (cores != platform.core_count() && !flow->node_of_core.empty())
      throw InputError("the flow network's nodes have " + std::to_string(cores) +
                       " cores but the platform has " + std::to_string(platform.core_count()));
    if (cores != platform.core_count())
      throw InputError("the flow network's " + std::to_string(flow->topology.node_count()) +
                       " nodes of " + std::to_string(flow->cores_per_node) + " cores make " +
                       std::to_string(cores) + " cores but the platform has " +
                       std::to_string(platform.core_count()));
  }
  // The factor table: core types x task types of the graph, 1 where no factor is given.
  stride_ = graph.task_type_count();
  factors_.assign(std::size_t{platform.core_type_count()} * stride_, 1.0);
  std::vector<bool> used;  // graph.used_task_types(), when some core type has factors
  for (std::uint32_t i = 0; i < platform.core_type_count(); ++i) {
    const CoreType& ct = platform.core_types()[i];
    if (!ct.factors.empty() && used.empty()) used = graph.used_task_types();
    for (const auto& [name, factor] : ct.factors) {
      const std::optional<TaskTypeId> k = graph.find_task_type(name);
      if (!k || *k == 0 || !used[*k])
        throw InputError(graph.source_name(), 0,
                         "core type '" + ct.name + "' has a factor for task type '" + name +
                             "', which no task has (" +
                             (graph.has_task_types() ? "the task types: " + type_list(graph, used)
                                                     : std::string("the tasks have no type")) +
                             ")");
      factors_[std::size_t{i} * stride_ + *k] = factor;
    }
  }
  typed_ = std::any_of(factors_.begin(), factors_.end(), [](double f) { return f != 1.0; });
  if (typed_) {
    task_types_ = graph.task_type_data();
    best_rate_.assign(stride_, 0.0);
    for (CoreId c = 0; c < platform.core_count(); ++c)
      for (std::size_t k = 0; k < stride_; ++k)
        best_rate_[k] = std::max(best_rate_[k],
                                 platform.speed(c) * factors_[platform.core_type(c) * stride_ + k]);
  } else {
    factors_.clear();
    stride_ = 1;
  }
  check_times_are_finite();
}

// No time of a run exceeds the sum over the tasks of their longest duration plus every
// transfer: when that sum overflows, times would become inf, so such a problem is refused.
void Problem::check_times_are_finite() {
  const TaskGraph& g = *graph_;
  // Without costs a task's longest duration is its work at the slowest rate for its type
  // (O(cores x task types) once, not O(cores) per task); with costs, its largest cost.
  std::vector<double> slowest(stride_, std::numeric_limits<double>::infinity());
  if (!g.has_costs())
    for (CoreId c = 0; c < core_count(); ++c)
      for (std::size_t k = 0; k < stride_; ++k)
        slowest[k] = std::min(slowest[k], platform_->speed(c) * factor(platform_->core_type(c),
                                                                       static_cast<TaskTypeId>(k)));
  double sum = 0, longest = -1;
  TaskId worst = 0;
  for (TaskId t = 0; t < g.task_count(); ++t) {
    double d = 0;
    if (g.has_costs()) {
      for (CoreId c = 0; c < core_count(); ++c) d = std::max(d, g.cost(t, c));
    } else {
      d = g.work(t) / slowest[typed_ ? task_types_[t] : 0];
    }
    d /= platform_->min_speed_scale();  // a speed profile may slow a core down
    if (d > longest) {
      longest = d;
      worst = t;
    }
    sum += d;
  }
  for (EdgeId e = 0; e < g.edge_count(); ++e) sum += network_->transfer_time_bound(g.bytes(e));
  time_bound_ = sum;
  if (std::isfinite(sum)) return;
  char text[160];
  std::snprintf(text, sizeof text, "%g s (task '%.60s')", longest,
                std::string(g.name(worst)).c_str());
  throw InputError(g.source_name(), g.line_of(worst),
                   std::string("the run's times overflow: the durations and transfers add up to "
                               "more than 1.8e308 s (the longest duration: ") +
                       text + "); check the work, costs, speeds, factors and speed profiles");
}

double Problem::shortest_duration(TaskId t) const {
  if (!graph_->has_costs()) {
    if (!typed_) return graph_->work(t) / platform_->max_speed();
    return graph_->work(t) / best_rate_[task_types_[t]];
  }
  double best = duration(t, 0);
  for (CoreId c = 1; c < core_count(); ++c) best = std::min(best, duration(t, c));
  return best;
}

}  // namespace pelsim::models
