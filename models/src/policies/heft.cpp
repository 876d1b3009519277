// HEFT and CPOP (Topcuoglu, Hariri, Wu, IEEE TPDS 13(3), 2002). Both place tasks one at a time
// with the insertion policy; they differ in the priority and in how the core is chosen.
#include "pelsim/models/policies/heft.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <queue>

#include "planner.hpp"

namespace pelsim::models {

using detail::kUnplaced;
using detail::mean_durations;
using detail::Planner;
using detail::topological_positions;

std::vector<double> upward_ranks(const Problem& problem) {
  const TaskGraph& g = problem.graph();
  const NetworkModel& net = problem.network();
  const std::vector<double> w = mean_durations(problem);
  std::vector<double> rank(g.task_count(), 0.0);
  g.for_each_successors_first([&](TaskId v) {
    double best = 0.0;
    for (EdgeId e = g.out_begin(v); e < g.out_end(v); ++e)
      best = std::max(best, net.transfer_time(g.bytes(e)) + rank[g.target(e)]);
    rank[v] = w[v] + best;
  });
  return rank;
}

std::vector<double> downward_ranks(const Problem& problem) {
  const TaskGraph& g = problem.graph();
  const NetworkModel& net = problem.network();
  const std::vector<double> w = mean_durations(problem);
  std::vector<double> rank(g.task_count(), 0.0);
  g.for_each_predecessors_first([&](TaskId v) {
    double best = 0.0;
    for (std::uint32_t k = g.in_begin(v); k < g.in_end(v); ++k) {
      const TaskId u = g.in_source(k);
      best = std::max(best, rank[u] + w[u] + net.transfer_time(g.bytes(g.in_edge(k))));
    }
    rank[v] = best;
  });
  return rank;
}

Schedule plan_heft(const Problem& problem, double* estimate, std::vector<double>* start_times,
                   DecisionObserver* explain) {
  const TaskGraph& g = problem.graph();
  const std::vector<double> rank = upward_ranks(problem);
  const std::vector<std::uint32_t> pos = topological_positions(g);
  // Decreasing rank_u; ties by topological position. With costs >= 0 a predecessor's rank is
  // >= its successor's, so the list is a topological order.
  std::vector<TaskId> list(g.topological_order());
  std::sort(list.begin(), list.end(), [&](TaskId a, TaskId b) {
    if (rank[a] != rank[b]) return rank[a] > rank[b];
    return pos[a] < pos[b];
  });
  Planner planner(problem);
  planner.set_explain(explain, &rank, "rank_u");
  for (const TaskId t : list) planner.place(t);
  return planner.finish(estimate, start_times);
}

Schedule plan_cpop(const Problem& problem, double* estimate, std::vector<double>* start_times,
                   DecisionObserver* explain) {
  const TaskGraph& g = problem.graph();
  const std::uint32_t n = g.task_count();
  const std::uint32_t p = problem.core_count();
  const std::vector<double> up = upward_ranks(problem);
  const std::vector<double> down = downward_ranks(problem);
  const std::vector<std::uint32_t> pos = topological_positions(g);
  std::vector<double> prio(n);
  for (TaskId v = 0; v < n; ++v) prio[v] = up[v] + down[v];
  // Priorities are sums of doubles: two equal in exact arithmetic (a task reached both directly
  // and through a longer path has its predecessor's priority; so do two sibling paths of one
  // length) can differ in their last bits. They are compared as integers, in units of 1e-12
  // of the largest, so that such ties are ties (and go by topological order) in the
  // critical-path walk and the ready queue alike; else the walk could take a shortcut, leaving
  // the tasks it skips off the path, or pick one sibling while the queue takes the other first.
  double largest = 0;
  for (const double x : prio)
    if (std::isfinite(x)) largest = std::max(largest, x);
  const double unit = largest > 0 ? largest * 1e-12 : 1.0;
  std::vector<std::int64_t> key(n);
  for (TaskId v = 0; v < n; ++v)
    key[v] = std::isfinite(prio[v]) ? std::llround(prio[v] / unit)
                                    : std::numeric_limits<std::int64_t>::max();
  // a before b in the scheduling order.
  const auto higher = [&](TaskId a, TaskId b) {
    if (key[a] != key[b]) return key[a] > key[b];
    return pos[a] < pos[b];
  };

  // The critical path: from the highest-priority source (|CP| = its priority), follow the
  // highest-priority successor to a sink. Every task on a critical path has priority |CP|
  // and none has more, so the walk stays on one.
  std::vector<char> on_cp(n, 0);
  std::vector<TaskId> cp;
  TaskId k = n;
  for (const TaskId v : g.topological_order())
    if (g.in_degree(v) == 0 && (k == n || higher(v, k))) k = v;
  while (k != n) {
    on_cp[k] = 1;
    cp.push_back(k);
    TaskId next = n;
    for (EdgeId e = g.out_begin(k); e < g.out_end(k); ++e)
      if (next == n || higher(g.target(e), next)) next = g.target(e);
    k = next;
  }
  // The critical-path core minimises the path's total duration (ties: lowest core).
  CoreId cp_core = 0;
  double cp_cost = std::numeric_limits<double>::infinity();
  for (CoreId q = 0; q < p; ++q) {
    double sum = 0.0;
    for (const TaskId v : cp) sum += problem.duration(v, q);
    if (sum < cp_cost) {
      cp_cost = sum;
      cp_core = q;
    }
  }

  // Ready tasks (every predecessor placed) by priority.
  const auto lower = [&](TaskId a, TaskId b) { return higher(b, a); };
  std::priority_queue<TaskId, std::vector<TaskId>, decltype(lower)> ready(lower);
  std::vector<std::uint32_t> preds_left(n);
  for (TaskId v = 0; v < n; ++v) {
    preds_left[v] = g.in_degree(v);
    if (preds_left[v] == 0) ready.push(v);
  }
  Planner planner(problem);
  planner.set_explain(explain, &prio, "rank_u+rank_d");
  while (!ready.empty()) {
    const TaskId t = ready.top();
    ready.pop();
    planner.place(t, on_cp[t] ? cp_core : kUnplaced);
    for (EdgeId e = g.out_begin(t); e < g.out_end(t); ++e)
      if (--preds_left[g.target(e)] == 0) ready.push(g.target(e));
  }
  return planner.finish(estimate, start_times);
}

}  // namespace pelsim::models
