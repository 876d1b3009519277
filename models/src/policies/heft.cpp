// HEFT and CPOP (Topcuoglu, Hariri, Wu, IEEE TPDS 13(3), 2002). Both place tasks one at a time
// with the insertion policy; they differ in the priority and in how the core is chosen.
#include "pelsim/models/policies/heft.hpp"

#include <algorithm>
#include <cstddef>
#include <limits>
#include <queue>

namespace pelsim::models {

namespace {

// w̄(v): the mean duration of each task over the cores (eq. 1 of the paper).
std::vector<double> mean_durations(const Problem& problem) {
  const TaskGraph& g = problem.graph();
  const std::uint32_t p = problem.core_count();
  std::vector<double> w(g.task_count());
  const bool same_everywhere = !g.has_costs() && problem.platform().is_uniform();
  for (TaskId v = 0; v < g.task_count(); ++v) {
    if (same_everywhere) {
      w[v] = problem.duration(v, 0);
      continue;
    }
    double sum = 0.0;
    for (CoreId c = 0; c < p; ++c) sum += problem.duration(v, c);
    w[v] = sum / p;
  }
  return w;
}

constexpr CoreId kUnplaced = std::numeric_limits<CoreId>::max();

// Where a task can go on one core: its start and the position of its interval in the core's
// list.
struct Slot {
  double start;
  std::size_t index;
};

// One core's busy intervals, sorted by start, with a max segment tree over the idle gap
// before each interval (gap(i) = start(i) - finish(i - 1), finish(-1) = 0), so that the
// first gap long enough for a task is found in O(log k) instead of a scan of every gap too
// short for it (k = intervals on the core). Appending costs O(log k) amortised; inserting
// at position i costs O(k - i) (the vector shift and the shifted leaves).
class CoreTimeline {
 public:
  // The earliest start >= ready of a task of duration d: the first idle gap after `ready`
  // that holds it (start + d <= the next interval's start, in floating point exactly as the
  // simulator adds), else after the last interval. Gaps before an interval starting at or
  // before `ready` are not considered: one could only hold a zero-duration task starting
  // exactly at `ready`, and placing that after the interval keeps the per-core order
  // consistent with the DAG (a predecessor on this core starts at or before `ready`).
  // The tree prunes by gap length (start - finish >= d); a gap that passes that test but not
  // the exact fit (a rounding difference of one ulp) is passed over, never overlapped.
  Slot earliest(double ready, double d) const {
    const std::size_t k = line_.size();
    if (k == 0) return {ready, 0};
    // No idle gap is as long as d (the root holds the longest): after the last interval.
    if (!(tree_[1] >= d)) return {std::max(ready, line_.back().finish), k};
    // i = the first interval starting after `ready`, by a galloping search from the end:
    // data-ready times are mostly recent, and the end of the list is in cache.
    std::size_t i = k;
    if (ready < line_.back().start) {
      std::size_t step = 1;
      std::size_t lo = k - 1;  // line_[lo].start > ready
      while (lo > 0 && line_[lo - std::min(step, lo)].start > ready) {
        lo -= std::min(step, lo);
        step *= 2;
      }
      const std::size_t from = lo - std::min(step, lo);
      i = static_cast<std::size_t>(
          std::upper_bound(line_.begin() + static_cast<std::ptrdiff_t>(from),
                           line_.begin() + static_cast<std::ptrdiff_t>(lo), ready,
                           [](double r, const Interval& x) { return r < x.start; }) -
          line_.begin());
    }
    if (i < k) {
      // The gap before the first interval after `ready` is cut at `ready`.
      const double s = std::max(ready, i == 0 ? 0.0 : line_[i - 1].finish);
      if (s + d <= line_[i].start) return {s, i};
      // Any later gap starts after `ready`: the tree finds the first one long enough.
      for (std::size_t j = first_gap_at_least(i + 1, d); j < k; j = first_gap_at_least(j + 1, d)) {
        const double sj = line_[j - 1].finish;
        if (sj + d <= line_[j].start) return {sj, j};  // else a rounding miss: look further
      }
    }
    return {std::max(ready, line_.back().finish), k};
  }

  // Inserts [slot.start, finish) for task t at slot.index (as returned by earliest()).
  void insert(const Slot& slot, double finish, TaskId t) {
    line_.insert(line_.begin() + static_cast<std::ptrdiff_t>(slot.index),
                 Interval{slot.start, finish, t});
    const std::size_t k = line_.size();
    if (k > cap_) {
      cap_ = std::max<std::size_t>(16, cap_ * 2);
      tree_.assign(2 * cap_, -std::numeric_limits<double>::infinity());
      refresh(0, k);
    } else {
      refresh(slot.index, k);
    }
  }

  template <class F>
  void for_each_task(F&& f) const {
    for (const Interval& x : line_) f(x.task);
  }
  std::size_t size() const { return line_.size(); }

 private:
  struct Interval {
    double start;
    double finish;
    TaskId task;
  };

  double gap(std::size_t i) const {
    return line_[i].start - (i == 0 ? 0.0 : line_[i - 1].finish);
  }

  // Recomputes the leaves [from, to) and their ancestors.
  void refresh(std::size_t from, std::size_t to) {
    if (from >= to) return;
    for (std::size_t i = from; i < to; ++i) tree_[cap_ + i] = gap(i);
    std::size_t lo = (cap_ + from) / 2;
    std::size_t hi = (cap_ + to - 1) / 2;
    while (lo >= 1) {
      for (std::size_t v = lo; v <= hi; ++v) tree_[v] = std::max(tree_[2 * v], tree_[2 * v + 1]);
      if (lo == 1) break;
      lo /= 2;
      hi /= 2;
    }
  }

  // The lowest position >= from whose gap is >= d, or size() if none.
  std::size_t first_gap_at_least(std::size_t from, double d) const {
    const std::size_t k = line_.size();
    if (from >= k) return k;
    std::size_t v = cap_ + from;
    while (!(tree_[v] >= d)) {
      while (v & 1) v /= 2;  // climb while v is a right child
      if (v == 0) return k;  // climbed past the root
      ++v;                   // the subtree just to the right
    }
    while (v < cap_) {
      v *= 2;
      if (!(tree_[v] >= d)) ++v;
    }
    return std::min(v - cap_, k);
  }

  std::vector<Interval> line_;
  std::vector<double> tree_;  // max segment tree: node v covers children 2v, 2v+1; leaves cap_..
  std::size_t cap_ = 0;
};

// The partial plan: each core's timeline, and each placed task's core and finish. place()
// puts one task on a core with the insertion policy.
class Planner {
 public:
  explicit Planner(const Problem& problem)
      : problem_(problem), graph_(problem.graph()), net_(problem.network()),
        core_(graph_.task_count(), kUnplaced), start_(graph_.task_count(), 0.0),
        finish_(graph_.task_count(), 0.0), cores_(problem.core_count()),
        drt_local_(problem.core_count(), -1.0) {}

  // Places t (all of whose predecessors are placed) on `only` or, when only == kUnplaced, on
  // the core with the earliest finish time (ties: lowest core).
  void place(TaskId t, CoreId only = kUnplaced) {
    compute_data_ready(t);
    CoreId best_core = 0;
    Slot best{0.0, 0};
    double best_finish = std::numeric_limits<double>::infinity();
    const CoreId first = only == kUnplaced ? 0 : only;
    const CoreId last = only == kUnplaced ? problem_.core_count() : only + 1;
    for (CoreId q = first; q < last; ++q) {
      const double d = problem_.duration(t, q);
      const double ready = data_ready(q);
      if (ready + d >= best_finish) continue;  // cannot finish earlier than the best so far
      const Slot s = cores_[q].earliest(ready, d);
      const double f = s.start + d;
      if (f < best_finish) {
        best_finish = f;
        best = s;
        best_core = q;
      }
    }
    cores_[best_core].insert(best, best_finish, t);
    core_[t] = best_core;
    start_[t] = best.start;
    finish_[t] = best_finish;
    makespan_ = std::max(makespan_, best_finish);
  }

  Schedule finish(double* estimate, std::vector<double>* start_times) {
    if (estimate) *estimate = makespan_;
    if (start_times) *start_times = start_;
    std::vector<std::vector<TaskId>> per_core(cores_.size());
    for (std::size_t c = 0; c < cores_.size(); ++c) {
      per_core[c].reserve(cores_[c].size());
      cores_[c].for_each_task([&](TaskId t) { per_core[c].push_back(t); });
    }
    return Schedule::from_sequences(graph_.task_count(), per_core);
  }

 private:
  // Data-ready time of t on a core: `remote_` (every input shipped) except on the cores
  // holding inputs, where local inputs cost nothing. Those cores are few (<= in-degree):
  // they are kept in touched_ and resolved exactly, O(in-degree^2) per task.
  void compute_data_ready(TaskId t) {
    remote_ = 0.0;
    for (const CoreId q : touched_) drt_local_[q] = -1.0;  // reset the previous task's
    touched_.clear();
    for (std::uint32_t k = graph_.in_begin(t); k < graph_.in_end(t); ++k) {
      const TaskId u = graph_.in_source(k);
      remote_ = std::max(remote_, finish_[u] + net_.transfer_time(graph_.bytes(graph_.in_edge(k))));
      if (std::find(touched_.begin(), touched_.end(), core_[u]) == touched_.end())
        touched_.push_back(core_[u]);
    }
    for (const CoreId q : touched_) {
      double r = 0.0;
      for (std::uint32_t k = graph_.in_begin(t); k < graph_.in_end(t); ++k) {
        const TaskId u = graph_.in_source(k);
        const double arrival =
            core_[u] == q ? finish_[u]
                          : finish_[u] + net_.transfer_time(graph_.bytes(graph_.in_edge(k)));
        r = std::max(r, arrival);
      }
      drt_local_[q] = r;
    }
  }
  double data_ready(CoreId q) const { return drt_local_[q] >= 0.0 ? drt_local_[q] : remote_; }

  const Problem& problem_;
  const TaskGraph& graph_;
  const NetworkModel& net_;
  std::vector<CoreId> core_;
  std::vector<double> start_;
  std::vector<double> finish_;
  std::vector<CoreTimeline> cores_;
  std::vector<double> drt_local_;  // -1 unless the core is in touched_
  std::vector<CoreId> touched_;
  double remote_ = 0.0;
  double makespan_ = 0.0;
};

// Position of each task in the graph's topological order: the tie-breaker of both policies.
std::vector<std::uint32_t> topological_positions(const TaskGraph& g) {
  std::vector<std::uint32_t> pos(g.task_count());
  const auto& topo = g.topological_order();
  for (std::uint32_t i = 0; i < topo.size(); ++i) pos[topo[i]] = i;
  return pos;
}

}  // namespace

std::vector<double> upward_ranks(const Problem& problem) {
  const TaskGraph& g = problem.graph();
  const NetworkModel& net = problem.network();
  const std::vector<double> w = mean_durations(problem);
  std::vector<double> rank(g.task_count(), 0.0);
  const auto& topo = g.topological_order();
  for (auto it = topo.rbegin(); it != topo.rend(); ++it) {
    const TaskId v = *it;
    double best = 0.0;
    for (EdgeId e = g.out_begin(v); e < g.out_end(v); ++e)
      best = std::max(best, net.transfer_time(g.bytes(e)) + rank[g.target(e)]);
    rank[v] = w[v] + best;
  }
  return rank;
}

std::vector<double> downward_ranks(const Problem& problem) {
  const TaskGraph& g = problem.graph();
  const NetworkModel& net = problem.network();
  const std::vector<double> w = mean_durations(problem);
  std::vector<double> rank(g.task_count(), 0.0);
  for (const TaskId v : g.topological_order()) {
    double best = 0.0;
    for (std::uint32_t k = g.in_begin(v); k < g.in_end(v); ++k) {
      const TaskId u = g.in_source(k);
      best = std::max(best, rank[u] + w[u] + net.transfer_time(g.bytes(g.in_edge(k))));
    }
    rank[v] = best;
  }
  return rank;
}

Schedule plan_heft(const Problem& problem, double* estimate, std::vector<double>* start_times) {
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
  for (const TaskId t : list) planner.place(t);
  return planner.finish(estimate, start_times);
}

Schedule plan_cpop(const Problem& problem, double* estimate, std::vector<double>* start_times) {
  const TaskGraph& g = problem.graph();
  const std::uint32_t n = g.task_count();
  const std::uint32_t p = problem.core_count();
  const std::vector<double> up = upward_ranks(problem);
  const std::vector<double> down = downward_ranks(problem);
  const std::vector<std::uint32_t> pos = topological_positions(g);
  std::vector<double> prio(n);
  for (TaskId v = 0; v < n; ++v) prio[v] = up[v] + down[v];
  // a before b in the scheduling order.
  const auto higher = [&](TaskId a, TaskId b) {
    if (prio[a] != prio[b]) return prio[a] > prio[b];
    return pos[a] < pos[b];
  };

  // The critical path: from the highest-priority source (|CP| = its priority), follow the
  // highest-priority successor to a sink. Every task on a critical path has priority |CP|
  // and none has more, so the walk stays on one (up to rounding: a successor whose priority
  // is within rounding of |CP| is on a path as long as the critical one).
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
