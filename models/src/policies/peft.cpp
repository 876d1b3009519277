// PEFT (Arabnejad and Barbosa, IEEE TPDS 25(3), 2014): HEFT's insertion-based placement with a
// look-ahead, the optimistic cost table, in both the priority and the core choice.
#include "pelsim/models/policies/peft.hpp"

#include <algorithm>
#include <limits>
#include <queue>

#include "planner.hpp"

namespace pelsim::models {

std::vector<double> optimistic_cost_table(const Problem& problem) {
  const TaskGraph& g = problem.graph();
  const NetworkModel& net = problem.network();
  const std::uint32_t p = problem.core_count();
  std::vector<double> oct(static_cast<std::size_t>(g.task_count()) * p, 0.0);
  std::vector<double> reach(p);  // oct(s, q) + w(s, q) for one successor s
  g.for_each_successors_first([&](TaskId t) {
    double* row = &oct[static_cast<std::size_t>(t) * p];
    for (EdgeId e = g.out_begin(t); e < g.out_end(t); ++e) {
      const TaskId s = g.target(e);
      const double c = net.transfer_time(g.bytes(e));
      double best = std::numeric_limits<double>::infinity();
      for (CoreId q = 0; q < p; ++q) {
        reach[q] = oct[static_cast<std::size_t>(s) * p + q] + problem.duration(s, q);
        best = std::min(best, reach[q]);
      }
      // min over q of (reach[q] + c if q != p): the same core, or the best one plus c.
      for (CoreId q = 0; q < p; ++q) row[q] = std::max(row[q], std::min(reach[q], best + c));
    }
  });
  return oct;
}

Schedule plan_peft(const Problem& problem, double* estimate, std::vector<double>* start_times,
                   DecisionObserver* explain) {
  const TaskGraph& g = problem.graph();
  const std::uint32_t n = g.task_count();
  const std::uint32_t p = problem.core_count();
  const std::vector<double> oct = optimistic_cost_table(problem);
  std::vector<double> rank(n, 0.0);
  for (TaskId t = 0; t < n; ++t) {
    for (CoreId q = 0; q < p; ++q) rank[t] += oct[static_cast<std::size_t>(t) * p + q];
    rank[t] /= p;
  }
  const std::vector<std::uint32_t> pos = detail::topological_positions(g);
  // The queue's top is the highest rank (ties: the earliest topological position).
  const auto lower = [&](TaskId a, TaskId b) {
    return rank[a] != rank[b] ? rank[a] < rank[b] : pos[a] > pos[b];
  };
  std::priority_queue<TaskId, std::vector<TaskId>, decltype(lower)> ready(lower);
  std::vector<std::uint32_t> preds_left(n);
  for (TaskId v = 0; v < n; ++v)
    if ((preds_left[v] = g.in_degree(v)) == 0) ready.push(v);
  detail::Planner planner(problem);
  planner.set_explain(explain, &rank, "rank_oct");
  while (!ready.empty()) {
    const TaskId t = ready.top();
    ready.pop();
    const double* row = &oct[static_cast<std::size_t>(t) * p];
    planner.place_min(
        t, [&](CoreId q, double finish) { return finish + row[q]; }, "eft+oct");
    for (EdgeId e = g.out_begin(t); e < g.out_end(t); ++e)
      if (--preds_left[g.target(e)] == 0) ready.push(g.target(e));
  }
  return planner.finish(estimate, start_times);
}

}  // namespace pelsim::models
