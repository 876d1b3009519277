// ETF, DLS, min-min and max-min: one engine that keeps, for every ready task, its best core
// under a per-policy score, and places the best (task, core) pair at each step.
#include "pelsim/models/policies/ready_set.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <utility>
#include <vector>

#include "pelsim/models/policies/hlfet.hpp"
#include "planner.hpp"

namespace pelsim::models {

namespace {

using Key = std::array<double, 3>;  // compared lexicographically, smaller is better

// A ready task, its data-ready time on every core and its best core so far.
struct Candidate {
  TaskId task;
  std::vector<double> ready;  // DRT(task, p)
  CoreId core = 0;
  double start = 0.0;
  double finish = 0.0;
  Key key{};  // core_key of the best core
};

// core_key(t, p, start, finish) ranks the cores of one task, task_key(candidate) the ready
// tasks by their best core. core_key must not decrease when start (hence finish) grows:
// placing a task on core c only delays c, so only the candidates whose best core was c are
// re-evaluated.
template <class CoreKey, class TaskKey>
Schedule plan_ready_set(const Problem& problem, double* estimate, std::vector<double>* start_times,
                        CoreKey core_key, TaskKey task_key) {
  const TaskGraph& g = problem.graph();
  const std::uint32_t p = problem.core_count();
  const std::vector<std::uint32_t> pos = detail::topological_positions(g);
  detail::Planner planner(problem);
  std::vector<Candidate> ready;
  const auto evaluate = [&](Candidate& c) {
    c.key.fill(std::numeric_limits<double>::infinity());
    for (CoreId q = 0; q < p; ++q) {
      const double s = std::max(c.ready[q], planner.available(q));
      const double f = s + problem.duration(c.task, q);
      const Key k = core_key(c.task, q, s, f);
      if (k < c.key) {
        c.key = k;
        c.core = q;
        c.start = s;
        c.finish = f;
      }
    }
  };
  const auto make_ready = [&](TaskId t) {
    Candidate c{t, {}};
    planner.data_ready_times(t, c.ready);
    evaluate(c);
    ready.push_back(std::move(c));
  };
  std::vector<std::uint32_t> preds_left(g.task_count());
  for (TaskId v = 0; v < g.task_count(); ++v)
    if ((preds_left[v] = g.in_degree(v)) == 0) make_ready(v);
  while (!ready.empty()) {
    std::size_t best = 0;
    Key best_key = task_key(ready[0]);
    for (std::size_t i = 1; i < ready.size(); ++i) {
      const Key k = task_key(ready[i]);
      if (k < best_key || (k == best_key && pos[ready[i].task] < pos[ready[best].task])) {
        best = i;
        best_key = k;
      }
    }
    Candidate chosen = std::move(ready[best]);
    ready[best] = std::move(ready.back());
    ready.pop_back();
    const detail::Slot slot = planner.slot(chosen.core, chosen.ready[chosen.core], 0.0, false);
    planner.commit(chosen.task, chosen.core, slot, chosen.finish);
    for (Candidate& c : ready)
      if (c.core == chosen.core) evaluate(c);
    for (EdgeId e = g.out_begin(chosen.task); e < g.out_end(chosen.task); ++e)
      if (--preds_left[g.target(e)] == 0) make_ready(g.target(e));
  }
  return planner.finish(estimate, start_times);
}

// Median of each task's durations over the cores (the mean of the two middle ones for an
// even core count).
std::vector<double> median_durations(const Problem& problem) {
  const std::uint32_t p = problem.core_count();
  std::vector<double> median(problem.graph().task_count());
  std::vector<double> d(p);
  for (TaskId t = 0; t < median.size(); ++t) {
    for (CoreId q = 0; q < p; ++q) d[q] = problem.duration(t, q);
    std::sort(d.begin(), d.end());
    median[t] = p % 2 ? d[p / 2] : (d[p / 2 - 1] + d[p / 2]) / 2;
  }
  return median;
}

}  // namespace

Schedule plan_etf(const Problem& problem, double* estimate, std::vector<double>* start_times) {
  const std::vector<double> bl = bottom_levels(problem);
  return plan_ready_set(
      problem, estimate, start_times,
      [](TaskId, CoreId, double start, double finish) {
        return Key{start, finish, 0.0};
      },
      [&](const Candidate& c) {
        return Key{c.start, -bl[c.task], 0.0};
      });
}

Schedule plan_dls(const Problem& problem, double* estimate, std::vector<double>* start_times) {
  const TaskGraph& g = problem.graph();
  const std::vector<double> median = median_durations(problem);
  std::vector<double> sl(g.task_count(), 0.0);
  const auto& topo = g.topological_order();
  for (auto it = topo.rbegin(); it != topo.rend(); ++it) {
    double below = 0.0;
    for (EdgeId e = g.out_begin(*it); e < g.out_end(*it); ++e)
      below = std::max(below, sl[g.target(e)]);
    sl[*it] = median[*it] + below;
  }
  // Minimising -DL(t, p) = start - Δ(t, p) - SL(t); on one task SL is a constant.
  const auto delta = [&](TaskId t, CoreId q) { return median[t] - problem.duration(t, q); };
  return plan_ready_set(
      problem, estimate, start_times,
      [&](TaskId t, CoreId q, double start, double) {
        return Key{start - delta(t, q), 0.0, 0.0};
      },
      [&](const Candidate& c) {
        return Key{c.key[0] - sl[c.task], 0.0, 0.0};
      });
}

Schedule plan_min_min(const Problem& problem, double* estimate, std::vector<double>* start_times) {
  return plan_ready_set(
      problem, estimate, start_times,
      [](TaskId, CoreId, double, double finish) {
        return Key{finish, 0.0, 0.0};
      },
      [](const Candidate& c) {
        return Key{c.finish, 0.0, 0.0};
      });
}

Schedule plan_max_min(const Problem& problem, double* estimate, std::vector<double>* start_times) {
  return plan_ready_set(
      problem, estimate, start_times,
      [](TaskId, CoreId, double, double finish) {
        return Key{finish, 0.0, 0.0};
      },
      [](const Candidate& c) {
        return Key{-c.finish, 0.0, 0.0};
      });
}

}  // namespace pelsim::models
