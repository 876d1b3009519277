// Small graphs built in code for the models tests.
#pragma once

#include <string>
#include <tuple>
#include <vector>

#include "pelsim/models/task_graph.hpp"

namespace pelsim::models::testing {

/// A graph with tasks t0..t{n-1} of the given work and the given (from, to, bytes) edges.
inline TaskGraph make_graph(const std::vector<double>& work,
                            const std::vector<std::tuple<TaskId, TaskId, double>>& edges) {
  TaskGraphBuilder b("test");
  for (std::size_t i = 0; i < work.size(); ++i) b.intern_task("t" + std::to_string(i), work[i]);
  for (const auto& [from, to, bytes] : edges) b.add_edge(from, to, bytes);
  return b.build();
}

/// A chain t0 -> t1 -> ... with the given work and `bytes` on every edge.
inline TaskGraph make_chain(const std::vector<double>& work, double bytes) {
  std::vector<std::tuple<TaskId, TaskId, double>> edges;
  for (TaskId i = 1; i < work.size(); ++i) edges.emplace_back(i - 1, i, bytes);
  return make_graph(work, edges);
}

/// Fork-join: t0 = serial (f*W), t1..tn parallel ((1-f)W/n each), t{n+1} = join (0 work),
/// all edges 0 bytes. Amdahl's law applies exactly on P cores when P divides n.
inline TaskGraph make_fork_join(std::uint32_t n, double fraction, double total_work) {
  std::vector<double> work{fraction * total_work};
  for (std::uint32_t i = 0; i < n; ++i) work.push_back((1 - fraction) * total_work / n);
  work.push_back(0.0);
  std::vector<std::tuple<TaskId, TaskId, double>> edges;
  for (TaskId i = 1; i <= n; ++i) {
    edges.emplace_back(0, i, 0.0);
    edges.emplace_back(i, n + 1, 0.0);
  }
  return make_graph(work, edges);
}

}  // namespace pelsim::models::testing
