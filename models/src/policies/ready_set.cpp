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

// A ready task: its data-ready time on every core, its best core when last evaluated, and
// that core's version then (the candidate is stale once the core has taken another task).
struct ReadyTask {
  TaskId task = 0;
  std::vector<double> ready;  // DRT(task, p)
  CoreId core = 0;
  double start = 0.0;
  double finish = 0.0;
  Key key{};    // core_key of the best core
  Key order{};  // task_key of the candidate
  std::uint64_t version = 0;
};

// core_key(t, p, start, finish) ranks the cores of one task, task_key(candidate) the ready
// tasks by their best core (ties: topological order). core_key must not decrease when start
// (hence finish) grows: placing a task on core c only delays c, so a candidate whose best
// core is not c keeps it. With `monotone`, task_key does not decrease either, so a stale
// candidate's order is a lower bound of its true one: the ready tasks sit in a heap, and a
// stale top is re-evaluated and pushed back until the top is fresh (it is then the best
// pair). Otherwise (max-min) every step scans the ready tasks, re-evaluating the stale ones.
// What the explanation of a decision reports: the score of each core (core_key's first
// element, named score_name) and the task's rank (rank(task), named rank_name).
template <class Rank>
struct ExplainAs {
  DecisionObserver* to;
  const char* score_name;
  const char* rank_name;
  Rank rank;
};
// Clang before 17 does not deduce an aggregate's template arguments (P1816) without a guide.
template <class Rank>
ExplainAs(DecisionObserver*, const char*, const char*, Rank) -> ExplainAs<Rank>;

template <bool monotone, class CoreKey, class TaskKey, class Rank>
Schedule plan_ready_set(const Problem& problem, double* estimate, std::vector<double>* start_times,
                        CoreKey core_key, TaskKey task_key, const ExplainAs<Rank>& explain) {
  const TaskGraph& g = problem.graph();
  const std::uint32_t p = problem.core_count();
  const std::vector<std::uint32_t> pos = detail::topological_positions(g);
  detail::Planner planner(problem);
  std::vector<std::uint64_t> version(p, 0);
  std::vector<ReadyTask> cand(g.task_count());
  const auto evaluate = [&](ReadyTask& c) {
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
    c.order = task_key(c);
    c.version = version[c.core];
  };
  const auto stale = [&](const ReadyTask& c) { return c.version != version[c.core]; };
  const auto worse = [&](TaskId a, TaskId b) {  // b goes before a
    return cand[a].order != cand[b].order ? cand[b].order < cand[a].order : pos[b] < pos[a];
  };
  std::vector<TaskId> ready;  // a heap under `worse` when monotone, else unordered
  const auto make_ready = [&](TaskId t) {
    ReadyTask& c = cand[t];
    c.task = t;
    planner.data_ready_times(t, c.ready);
    evaluate(c);
    ready.push_back(t);
    if constexpr (monotone) std::push_heap(ready.begin(), ready.end(), worse);
  };
  // The best candidate, removed from `ready`.
  const auto take_best = [&]() -> TaskId {
    if constexpr (monotone) {
      while (true) {
        std::pop_heap(ready.begin(), ready.end(), worse);
        const TaskId t = ready.back();
        if (!stale(cand[t])) {
          ready.pop_back();
          return t;
        }
        evaluate(cand[t]);
        std::push_heap(ready.begin(), ready.end(), worse);
      }
    } else {
      std::size_t best = 0;
      for (std::size_t i = 0; i < ready.size(); ++i) {
        if (stale(cand[ready[i]])) evaluate(cand[ready[i]]);
        if (i > 0 && worse(ready[best], ready[i])) best = i;
      }
      const TaskId t = ready[best];
      ready[best] = ready.back();
      ready.pop_back();
      return t;
    }
  };
  std::vector<std::uint32_t> preds_left(g.task_count());
  for (TaskId v = 0; v < g.task_count(); ++v)
    if ((preds_left[v] = g.in_degree(v)) == 0) make_ready(v);
  std::vector<Candidate> explained;  // the cores of the chosen task, when explaining
  if (explain.to) explained.reserve(p);
  // Reports the choice of c (before its commit) with the start and finish every core offers.
  const auto explain_choice = [&](const ReadyTask& c) {
    explained.clear();
    for (CoreId q = 0; q < p; ++q) {
      const double s = std::max(c.ready[q], planner.available(q));
      const double f = s + problem.duration(c.task, q);
      explained.push_back({q, core_key(c.task, q, s, f)[0], s, f});
    }
    Decision d;
    d.task = c.task;
    d.core = c.core;
    d.kind = DecisionKind::kPlanned;
    d.score = c.key[0];
    d.score_name = explain.score_name;
    d.rank = explain.rank(c);
    d.rank_name = explain.rank_name;
    d.start = c.start;
    d.finish = c.finish;
    d.queue_length = static_cast<std::uint32_t>(ready.size() + 1);
    d.candidates = explained;
    explain.to->on_decision(d);
  };
  while (!ready.empty()) {
    ReadyTask& c = cand[take_best()];
    if (explain.to) [[unlikely]]
      explain_choice(c);
    planner.commit(c.task, c.core, planner.slot(c.core, c.ready[c.core], 0.0, false), c.finish);
    ++version[c.core];
    std::vector<double>().swap(c.ready);  // placed: its data-ready times are no longer needed
    for (EdgeId e = g.out_begin(c.task); e < g.out_end(c.task); ++e)
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

// The task key (start, -bottom level) is monotone: a stale candidate's best start can only
// grow (cores only get later), so the lazy heap gives the pair a full scan would, in
// O(log ready) per step plus the re-evaluations of stale tops (was O(ready) per step).
Schedule plan_etf(const Problem& problem, double* estimate, std::vector<double>* start_times,
                  DecisionObserver* explain) {
  return plan_etf(problem, LevelKind::kBottom, estimate, start_times, explain);
}

Schedule plan_etf(const Problem& problem, LevelKind level, double* estimate,
                  std::vector<double>* start_times, DecisionObserver* explain) {
  const std::vector<double> bl = bottom_levels(problem, level);
  return plan_ready_set<true>(
      problem, estimate, start_times,
      [](TaskId, CoreId, double start, double finish) {
        return Key{start, finish, 0.0};
      },
      [&](const ReadyTask& c) {
        return Key{c.start, -bl[c.task], 0.0};
      },
      ExplainAs{explain, "start", level_name(level),
                [&](const ReadyTask& c) { return bl[c.task]; }});
}

Schedule plan_dls(const Problem& problem, double* estimate, std::vector<double>* start_times,
                  DecisionObserver* explain) {
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
  return plan_ready_set<true>(
      problem, estimate, start_times,
      [&](TaskId t, CoreId q, double start, double) {
        return Key{start - delta(t, q), 0.0, 0.0};
      },
      [&](const ReadyTask& c) {
        return Key{c.key[0] - sl[c.task], 0.0, 0.0};
      },
      ExplainAs{explain, "start-delta", "dynamic_level",
                [&](const ReadyTask& c) { return sl[c.task] - c.key[0]; }});
}

Schedule plan_min_min(const Problem& problem, double* estimate, std::vector<double>* start_times,
                      DecisionObserver* explain) {
  return plan_ready_set<true>(
      problem, estimate, start_times,
      [](TaskId, CoreId, double, double finish) {
        return Key{finish, 0.0, 0.0};
      },
      [](const ReadyTask& c) {
        return Key{c.finish, 0.0, 0.0};
      },
      ExplainAs{explain, "completion", "min_completion",
                [](const ReadyTask& c) { return c.finish; }});
}

Schedule plan_max_min(const Problem& problem, double* estimate, std::vector<double>* start_times,
                      DecisionObserver* explain) {
  return plan_ready_set<false>(
      problem, estimate, start_times,
      [](TaskId, CoreId, double, double finish) {
        return Key{finish, 0.0, 0.0};
      },
      [](const ReadyTask& c) {
        return Key{-c.finish, 0.0, 0.0};
      },
      ExplainAs{explain, "completion", "min_completion",
                [](const ReadyTask& c) { return c.finish; }});
}

}  // namespace pelsim::models
