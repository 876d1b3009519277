#include "pelsim/models/graph_metrics.hpp"

#include <algorithm>
#include <vector>

namespace pelsim::models {

GraphMetrics compute_graph_metrics(const TaskGraph& g) {
  GraphMetrics m;
  m.tasks = g.task_count();
  m.edges = g.edge_count();
  std::vector<double> longest(m.tasks, 0.0);     // work of the heaviest path ending at t
  std::vector<std::uint32_t> level(m.tasks, 0);  // edges on the longest path ending at t
  for (const TaskId t : g.topological_order()) {
    double in_work = 0;
    std::uint32_t in_level = 0;
    for (std::uint32_t k = g.in_begin(t); k < g.in_end(t); ++k) {
      const TaskId u = g.in_source(k);
      in_work = std::max(in_work, longest[u]);
      in_level = std::max(in_level, level[u] + 1);
    }
    longest[t] = in_work + g.work(t);
    level[t] = in_level;
    m.total_work += g.work(t);
    m.critical_path_work = std::max(m.critical_path_work, longest[t]);
    m.depth = std::max(m.depth, in_level + 1);
    if (g.in_degree(t) == 0) ++m.sources;
    if (g.out_degree(t) == 0) ++m.sinks;
  }
  for (EdgeId e = 0; e < m.edges; ++e) m.total_bytes += g.bytes(e);
  // A consumer counts once per producer: seen[v] is the last producer that reached it.
  std::vector<TaskId> seen(m.tasks, m.tasks);
  for (TaskId t = 0; t < m.tasks; ++t)
    for (EdgeId e = g.out_begin(t); e < g.out_end(t); ++e)
      if (const TaskId v = g.target(e); seen[v] != t) {
        seen[v] = t;
        ++m.task_pairs;
      }
  std::vector<std::uint32_t> width(m.depth, 0);
  for (TaskId t = 0; t < m.tasks; ++t) m.max_width = std::max(m.max_width, ++width[level[t]]);
  return m;
}

double critical_path_time(const Problem& problem) {
  const TaskGraph& g = problem.graph();
  // longest[t]: before t is visited, the latest finish among its predecessors so far (each
  // pushes its own along its out-edges); then t's own finish. Walks only the forward rows.
  std::vector<double> longest(g.task_count(), 0.0);
  double best = 0;
  auto visit = [&](TaskId t) {
    longest[t] += problem.shortest_duration(t);
    best = std::max(best, longest[t]);
    for (EdgeId e = g.out_begin(t); e < g.out_end(t); ++e)
      longest[g.target(e)] = std::max(longest[g.target(e)], longest[t]);
  };
  // Any topological order gives the same result; id order walks the arrays sequentially.
  g.for_each_predecessors_first(visit);
  return best;
}

double perfect_spread_time(const Problem& problem) {
  const TaskGraph& g = problem.graph();
  double area = 0;
  if (g.has_costs() || problem.has_type_factors()) {
    // Every task keeps some core busy for at least its shortest duration.
    for (TaskId t = 0; t < g.task_count(); ++t) area += problem.shortest_duration(t);
    double bound = area / problem.core_count();
    if (g.has_costs()) return bound;
    // Each task type alone, spread over the whole machine at that type's rates:
    // W_k / sum_c speed(c) x factor(type of c, k).
    const Platform& pf = problem.platform();
    const std::uint32_t types = g.task_type_count();
    std::vector<double> work(types, 0.0), rate(types, 0.0);
    for (TaskId t = 0; t < g.task_count(); ++t) work[g.task_type(t)] += g.work(t);
    for (CoreId c = 0; c < pf.core_count(); ++c)
      for (std::uint32_t k = 0; k < types; ++k)
        rate[k] += pf.speed(c) * problem.factor(pf.core_type(c), static_cast<TaskTypeId>(k));
    for (std::uint32_t k = 0; k < types; ++k) bound = std::max(bound, work[k] / rate[k]);
    return bound;
  }
  for (TaskId t = 0; t < g.task_count(); ++t) area += g.work(t);
  return area / problem.platform().total_speed();
}

double lock_serial_time(const Problem& problem) {
  const TaskGraph& g = problem.graph();
  if (!g.has_locks()) return 0.0;
  std::vector<double> held(g.lock_count(), 0.0);
  for (TaskId t = 0; t < g.task_count(); ++t)
    if (const LockId l = g.lock_of(t); l != TaskGraph::kNoLock)
      held[l] += problem.shortest_duration(t);
  return *std::max_element(held.begin(), held.end());
}

double makespan_lower_bound(const Problem& problem, double critical_path) {
  // (Speed profiles may run a core faster than its speed: every duration shrinks by at most
  // the largest scale.)
  return std::max({critical_path, perfect_spread_time(problem), lock_serial_time(problem)}) /
         problem.platform().max_speed_scale();
}

double makespan_lower_bound(const Problem& problem) {
  return makespan_lower_bound(problem, critical_path_time(problem));
}

}  // namespace pelsim::models
