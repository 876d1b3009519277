// Graphs and platforms for the list-scheduler tests (peft, mcp, etf, dls, min_min, max_min).
#pragma once

#include <cstdint>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "pelsim/models/platform.hpp"
#include "pelsim/models/task_graph.hpp"

namespace pelsim::models::testing {

/// Tasks t0..t{n-1} with per-core costs (seconds) and (from, to, bytes) edges.
inline TaskGraph graph_with_costs(const std::vector<std::vector<double>>& costs,
                                  const std::vector<std::tuple<TaskId, TaskId, double>>& edges) {
  TaskGraphBuilder b("test");
  for (std::size_t i = 0; i < costs.size(); ++i) {
    const TaskId t = b.intern_task("t" + std::to_string(i));
    b.set_costs(t, costs[i]);
  }
  for (const auto& [from, to, bytes] : edges) b.add_edge(from, to, bytes);
  return b.build();
}

/// A random DAG with `n` tasks, each with up to 3 distinct predecessors among the earlier
/// tasks; bytes in {0, 1e8, ..., 2.9e9}. With `costs`, integer per-core costs in [1, 20] s
/// (unrelated machines); otherwise work in {1, ..., 20} Gflop.
inline TaskGraph random_list_dag(std::uint32_t n, std::uint32_t cores, bool costs,
                                 std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  TaskGraphBuilder b("random");
  for (std::uint32_t i = 0; i < n; ++i) {
    const TaskId t = b.add_task(static_cast<double>(1 + rng() % 20) * 1e9);
    if (costs) {
      std::vector<double> c(cores);
      for (double& x : c) x = static_cast<double>(1 + rng() % 20);
      b.set_costs(t, std::move(c));
    }
  }
  for (TaskId v = 1; v < n; ++v) {
    std::set<TaskId> preds;
    const std::uint64_t k = rng() % 4;
    for (std::uint64_t j = 0; j < k; ++j) preds.insert(static_cast<TaskId>(rng() % v));
    for (const TaskId u : preds) b.add_edge(u, v, static_cast<double>(rng() % 30) * 1e8);
  }
  return b.build();
}

/// Heterogeneous speeds 1, 1.5, 2, 2.5, ... Gflop/s (ignored when the graph has costs).
inline Platform list_platform(std::uint32_t cores) {
  std::vector<double> speeds;
  for (std::uint32_t c = 0; c < cores; ++c) speeds.push_back(1e9 * (1.0 + 0.5 * c));
  return Platform(speeds);
}

}  // namespace pelsim::models::testing
