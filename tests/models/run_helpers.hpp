// Running a policy on a small problem in one call, for the models tests.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include "pelsim/models/network_topology.hpp"
#include "pelsim/models/policy.hpp"

namespace pelsim::models::testing {

/// The `flow` network of a crossbar of `nodes` nodes (each link `latency`, `bandwidth`).
inline NetworkModel crossbar(std::uint32_t nodes, double latency, double bandwidth,
                             std::uint32_t cores_per_node = 1) {
  TopologySpec s;
  s.kind = TopologyKind::kCrossbar;
  s.nodes = nodes;
  s.link_latency = latency;
  s.link_bandwidth = bandwidth;
  FlowNetworkConfig cfg;
  cfg.topology = build_topology(s);
  cfg.cores_per_node = cores_per_node;
  return NetworkModel::flow(std::move(cfg));
}

/// Runs `policy` on `graph` over `platform` and `network`; returns the result by value.
inline SimulationResult run_policy(const TaskGraph& graph, const std::string& policy,
                                   const Platform& platform, const NetworkModel& network,
                                   const Schedule* schedule = nullptr,
                                   sim::Observer* observer = nullptr) {
  const Problem problem(graph, platform, network);
  PolicyOptions options;
  options.schedule = schedule;
  options.schedule_source = "test.csv";
  auto run = PolicyRegistry::builtin().find(policy).create(problem, options, observer);
  run->run();
  return run->result();
}

/// Runs `policy` with the given options (parameters, seed); returns the result by value.
inline SimulationResult run_policy_with(const TaskGraph& graph, const std::string& policy,
                                        const Platform& platform, const NetworkModel& network,
                                        const PolicyOptions& options,
                                        sim::Observer* observer = nullptr) {
  const Problem problem(graph, platform, network);
  auto run = PolicyRegistry::builtin().find(policy).create(problem, options, observer);
  run->run();
  return run->result();
}

/// PolicyOptions with the given seed and parameters.
inline PolicyOptions options_with(std::uint64_t seed,
                                  std::map<std::string, std::string> params = {}) {
  PolicyOptions o;
  o.seed = seed;
  o.params = std::move(params);
  return o;
}

}  // namespace pelsim::models::testing
