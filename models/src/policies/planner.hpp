// The shared machinery of the list schedulers (heft, cpop, peft, mcp, etf, dls, min_min,
// max_min): each core's busy intervals with the insertion search, and the partial plan that
// places one task at a time. Internal to pelsim_models (not an installed header).
#pragma once

#include <algorithm>
#include <cstddef>
#include <limits>
#include <vector>

#include "pelsim/models/decision.hpp"
#include "pelsim/models/problem.hpp"
#include "pelsim/models/schedule.hpp"

namespace pelsim::models::detail {

// w̄(v): the mean duration of each task over the cores (eq. 1 of the paper).
inline std::vector<double> mean_durations(const Problem& problem) {
  const TaskGraph& g = problem.graph();
  const std::uint32_t p = problem.core_count();
  std::vector<double> w(g.task_count());
  const bool same_everywhere = problem.uniform_durations();
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

inline constexpr CoreId kUnplaced = std::numeric_limits<CoreId>::max();

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

  // The start >= ready after the last interval (no insertion), at index size().
  Slot after_last(double ready) const {
    return {line_.empty() ? ready : std::max(ready, line_.back().finish), line_.size()};
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

  double gap(std::size_t i) const { return line_[i].start - (i == 0 ? 0.0 : line_[i - 1].finish); }

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
// puts one task on its earliest-finish core with the insertion policy, place_min() on the core
// minimising another score; data_ready_times(), slot() and commit() let a policy choose the
// task and the core itself.
class Planner {
 public:
  explicit Planner(const Problem& problem)
      : problem_(problem),
        graph_(problem.graph()),
        net_(problem.network()),
        core_(graph_.task_count(), kUnplaced),
        start_(graph_.task_count(), 0.0),
        finish_(graph_.task_count(), 0.0),
        cores_(problem.core_count()),
        drt_local_(problem.core_count(), -1.0) {}

  // Reports each place() / place_min() to `explain` (null: nothing, one branch per task) as a
  // kPlanned decision: the task's `rank` (named rank_name, indexed by task) and, for every
  // core, the start and finish the insertion search finds there.
  void set_explain(DecisionObserver* explain, const std::vector<double>* rank,
                   const char* rank_name) {
    explain_ = explain;
    explain_rank_ = rank;
    explain_rank_name_ = rank_name;
    if (explain_) explain_cands_.reserve(problem_.core_count());
  }
  DecisionObserver* explain() const { return explain_; }

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
    // (A task forced onto one core, CPOP's critical path, says so in its score's name.)
    if (explain_) [[unlikely]]
      explain_place(t, best_core, best, best_finish, best_finish,
                    only == kUnplaced ? "eft" : "eft_on_critical_path_core",
                    [](CoreId, double f) { return f; });
    commit(t, best_core, best, best_finish);
  }

  // Places t on the core minimising score(q, finish on q) (ties: lowest core), with the
  // insertion policy. For a score other than the finish time itself (PEFT adds a look-ahead).
  // `score_name` says what score() is, for the explanation.
  template <class Score>
  void place_min(TaskId t, Score&& score, const char* score_name = "score") {
    compute_data_ready(t);
    CoreId best_core = 0;
    Slot best{0.0, 0};
    double best_score = std::numeric_limits<double>::infinity(), best_finish = 0.0;
    for (CoreId q = 0; q < problem_.core_count(); ++q) {
      const double d = problem_.duration(t, q);
      const Slot s = cores_[q].earliest(data_ready(q), d);
      const double value = score(q, s.start + d);
      if (value < best_score) {
        best_score = value;
        best = s;
        best_core = q;
        best_finish = s.start + d;
      }
    }
    if (explain_) [[unlikely]]
      explain_place(t, best_core, best, best_finish, best_score, score_name, score);
    commit(t, best_core, best, best_finish);
  }

  // Data-ready time of t (every predecessor placed) on every core, into `out` (size P).
  void data_ready_times(TaskId t, std::vector<double>& out) {
    compute_data_ready(t);
    out.resize(problem_.core_count());
    for (CoreId q = 0; q < problem_.core_count(); ++q) out[q] = data_ready(q);
  }
  // Earliest slot of a task of duration d ready at `ready` on core q: with insertion into an
  // idle gap, or after the core's last task.
  Slot slot(CoreId q, double ready, double d, bool insertion) const {
    return insertion ? cores_[q].earliest(ready, d) : cores_[q].after_last(ready);
  }
  // The time core q finishes its last task (0 if idle).
  double available(CoreId q) const { return cores_[q].after_last(0.0).start; }
  // Records t on core q at `s` (from slot()), finishing at `finish`.
  void commit(TaskId t, CoreId q, const Slot& s, double finish) {
    cores_[q].insert(s, finish, t);
    core_[t] = q;
    start_[t] = s.start;
    finish_[t] = finish;
    makespan_ = std::max(makespan_, finish);
  }

  // Reports a decision to explain() (call before commit(): the candidates are the slots
  // every core offers t now): kPlanned, t on core q at `s`, with `rank` from set_explain()
  // and the candidates with score(core, finish).
  template <class Score>
  [[gnu::cold]] void explain_place(TaskId t, CoreId q, const Slot& s, double finish,
                                   double chosen_score, const char* score_name, Score&& score) {
    explain_cands_.clear();
    for (CoreId c = 0; c < problem_.core_count(); ++c) {
      const double d = problem_.duration(t, c);
      const Slot o = cores_[c].earliest(data_ready(c), d);
      explain_cands_.push_back({c, score(c, o.start + d), o.start, o.start + d});
    }
    Decision dec;
    dec.time = 0.0;
    dec.task = t;
    dec.core = q;
    dec.kind = DecisionKind::kPlanned;
    dec.score = chosen_score;
    dec.score_name = score_name;
    if (explain_rank_) {
      dec.rank = (*explain_rank_)[t];
      dec.rank_name = explain_rank_name_;
    }
    dec.start = s.start;
    dec.finish = finish;
    dec.candidates = explain_cands_;
    explain_->on_decision(dec);
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
  // holding inputs, where local inputs cost nothing (or, when the flow network moves same-core
  // data, what the node's own route costs). Those cores are few (<= in-degree):
  // they are kept in touched_ and resolved exactly, O(in-degree^2) per task. When transfers
  // cost what the route between the two cores costs (NetworkModel::has_pair_costs), each
  // core's time is computed when asked instead, O(in-degree) per core.
  void compute_data_ready(TaskId t) {
    current_ = t;
    if (net_.has_pair_costs()) return;
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
        // (The mean figure between two cores; same-core data is free, or with the flow
        // network's same-core transfers over the node's own route.)
        const double arrival =
            finish_[u] + net_.transfer_time(graph_.bytes(graph_.in_edge(k)), core_[u], q);
        r = std::max(r, arrival);
      }
      drt_local_[q] = r;
    }
  }
  double data_ready(CoreId q) const {
    if (net_.has_pair_costs()) {
      double r = 0.0;
      for (std::uint32_t k = graph_.in_begin(current_); k < graph_.in_end(current_); ++k) {
        const TaskId u = graph_.in_source(k);
        r = std::max(r,
                     finish_[u] + net_.transfer_time(graph_.bytes(graph_.in_edge(k)), core_[u], q));
      }
      return r;
    }
    return drt_local_[q] >= 0.0 ? drt_local_[q] : remote_;
  }

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
  TaskId current_ = 0;  // the task compute_data_ready() was last called for
  double makespan_ = 0.0;
  DecisionObserver* explain_ = nullptr;
  const std::vector<double>* explain_rank_ = nullptr;
  const char* explain_rank_name_ = "";
  std::vector<Candidate> explain_cands_;
};

// Position of each task in the graph's topological order: the list schedulers' tie-breaker.
inline std::vector<std::uint32_t> topological_positions(const TaskGraph& g) {
  std::vector<std::uint32_t> pos(g.task_count());
  const auto& topo = g.topological_order();
  for (std::uint32_t i = 0; i < topo.size(); ++i) pos[topo[i]] = i;
  return pos;
}

}  // namespace pelsim::models::detail
