#include "pelsim/models/problem.hpp"

#include <algorithm>
#include <string>

#include "pelsim/models/error.hpp"

namespace pelsim::models {

namespace {

std::string type_list(const TaskGraph& graph) {
  std::string out;
  for (std::uint32_t k = 1; k < graph.task_type_count(); ++k)
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
    const std::uint64_t cores = std::uint64_t{flow->topology.node_count()} * flow->cores_per_node;
    if (cores != platform.core_count())
      throw InputError("the flow network's " + std::to_string(flow->topology.node_count()) +
                       " nodes of " + std::to_string(flow->cores_per_node) + " cores make " +
                       std::to_string(cores) + " cores but the platform has " +
                       std::to_string(platform.core_count()));
  }
  // The factor table: core types x task types of the graph, 1 where no factor is given.
  stride_ = graph.task_type_count();
  factors_.assign(std::size_t{platform.core_type_count()} * stride_, 1.0);
  for (std::uint32_t i = 0; i < platform.core_type_count(); ++i) {
    const CoreType& ct = platform.core_types()[i];
    for (const auto& [name, factor] : ct.factors) {
      const std::optional<TaskTypeId> k = graph.find_task_type(name);
      if (!k || *k == 0)
        throw InputError(graph.source_name(), 0,
                         "core type '" + ct.name + "' has a factor for task type '" + name +
                             "', which no task has (" +
                             (graph.has_task_types() ? "the task types: " + type_list(graph)
                                                     : std::string("the tasks have no type")) +
                             ")");
      factors_[std::size_t{i} * stride_ + *k] = factor;
    }
  }
  typed_ = std::any_of(factors_.begin(), factors_.end(), [](double f) { return f != 1.0; });
  if (!typed_) {
    factors_.clear();
    stride_ = 1;
    return;
  }
  task_types_ = graph.task_type_data();
  best_rate_.assign(stride_, 0.0);
  for (CoreId c = 0; c < platform.core_count(); ++c)
    for (std::size_t k = 0; k < stride_; ++k)
      best_rate_[k] = std::max(best_rate_[k],
                               platform.speed(c) * factors_[platform.core_type(c) * stride_ + k]);
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
