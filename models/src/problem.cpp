#include "pelsim/models/problem.hpp"

#include <string>

#include "pelsim/models/error.hpp"

namespace pelsim::models {

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
}

}  // namespace pelsim::models
