// `central_queue`: one shared ready queue with a configurable priority (dynamic).
// Reference: Graham's list scheduling (Bell Syst. Tech. J. 45(9), 1966) with a central
// queue; `bottom_level` is the HLF rule of Hu (Oper. Res. 9(6), 1961) / Adam, Chandy and
// Dickson (CACM 17(12), 1974) applied at run time. Cost per decision: O(1) (fifo, random) or
// O(1) bit operations (bottom_level, a RankQueue over the tasks ranked once by level), plus the
// idle-core scan (P/64 words).
#pragma once

#include <algorithm>
#include <limits>
#include <span>
#include <vector>

#include "pelsim/models/decision.hpp"
#include "pelsim/models/policies/rank_queue.hpp"
#include "pelsim/models/problem.hpp"
#include "pelsim/models/rng.hpp"
#include "pelsim/models/simulation.hpp"

namespace pelsim::models {

/// Dynamic list scheduling with one ready queue shared by all cores. A task joins the queue
/// when all its predecessors have finished. Decisions are made at time 0 (every source in the
/// queue) and after the finishes of each instant (every core they free idle, every task they
/// made ready in the queue): while the queue is not
/// empty and some core is idle (nothing running, nothing assigned), the queue's best task goes
/// to the idle core that runs it fastest (the lowest-numbered among equals, so with equal cores
/// the lowest-numbered idle core), whose inputs start moving then. Best = by `Priority`:
///  - kFifo: oldest first (arrival order; identical to the `fifo` policy),
///  - kBottomLevel: highest bottom level first (bottom_levels(), as hlfet), ties lowest id,
///  - kRandom: uniformly at random among the ready tasks (Rng seeded with `seed`).
/// All state is sized at on_start (no allocation per event).
class CentralQueuePolicy {
 public:
  /// Decides once the finishes of an instant are all in: every core they free is idle then.
  static constexpr bool kDecidesPerInstant = true;
  enum class Priority { kFifo, kBottomLevel, kRandom };

  /// `levels` (one per task) is needed for kBottomLevel only; the tasks are ranked by them
  /// here (O(n): a radix sort).
  CentralQueuePolicy(Priority priority, std::vector<double> levels, std::uint64_t seed)
      : priority_(priority), levels_(std::move(levels)), rng_(seed) {
    if (priority_ == Priority::kBottomLevel) ranked_ = RankQueue(ranks_by_level(levels_));
  }

  template <class Sim>
  void on_start(Sim& sim) {
    if (priority_ != Priority::kBottomLevel) ready_.reserve(sim.problem().graph().task_count());
    sim.wake_at(0.0, 0);  // the sources are all in the queue by then
  }
  template <class Sim>
  void on_task_ready(TaskId t, Sim&) {
    if (priority_ == Priority::kBottomLevel) {
      ranked_.insert(t);
      return;
    }
    ready_.push_back(t);
  }
  template <class Sim>
  void on_task_finished(TaskId, CoreId, Sim& sim) {
    dispatch(sim);  // after the finishing task's successors have all joined the queue
  }
  template <class Sim>
  void on_wake(std::uint32_t, Sim& sim) {
    dispatch(sim);
  }
  /// Faults: a failed core's tasks join the queue again (fifo: at the back, in assignment
  /// order), to be picked by the priority like any ready task.
  template <class Sim>
  void on_core_failed(CoreId, std::span<const TaskId> lost, Sim& sim) {
    for (const TaskId t : lost) on_task_ready(t, sim);
    dispatch(sim);
  }
  template <class Sim>
  void on_core_repaired(CoreId, Sim& sim) {
    dispatch(sim);
  }

  /// Random picks have no order to prefetch along, so any ready task may be next, the
  /// successors of the running ones included (measured: the hint pays off for kRandom, costs
  /// for kFifo and kBottomLevel, whose next picks are prefetched exactly).
  bool prefetch_successors() const { return priority_ == Priority::kRandom; }
  double planned_makespan() const { return std::numeric_limits<double>::quiet_NaN(); }
  void explain_deadlock(const Problem&) const {}  // never leaves a ready task behind
  /// Reports each pick to `explain` (kQueuePick): the task, the core, the queue's length before
  /// the pick, the task's bottom level (kBottomLevel) and as candidates the next few tasks of
  /// the queue (fifo: the next in line; bottom_level: the next three by level; random: none,
  /// every task is as likely).
  void set_explain(DecisionObserver* explain) {
    explain_ = explain;
    if (explain_) explained_.reserve(kExplainedTasks);
  }

 private:
  bool empty() const {
    return priority_ == Priority::kBottomLevel ? ranked_.empty() : head_ == ready_.size();
  }

  TaskId take() {
    switch (priority_) {
      case Priority::kFifo:
        return ready_[head_++];
      case Priority::kBottomLevel:
        return ranked_.pop();
      case Priority::kRandom:
        std::swap(ready_[rng_.below(ready_.size())], ready_.back());
        break;
    }
    const TaskId t = ready_.back();
    ready_.pop_back();
    return t;
  }

  template <class Sim>
  void dispatch(Sim& sim) {
    while (!empty()) {
      const CoreId idle = sim.idle_core();
      if (idle == kNoCore) return;
      if (explain_) [[unlikely]] {
        explain_pick(idle, sim);
        continue;
      }
      const TaskId t = take();
      const CoreId c = sim.idle_core_for(t, idle);
      if (priority_ == Priority::kFifo) {
        sim.prefetch_assignments(std::span(ready_).subspan(head_));  // the next ones in line
      } else if (priority_ == Priority::kRandom) {
        // The next draws' picks if the queue keeps its size (a guess: finishes add tasks).
        TaskId next[RngAhead::kAhead];
        const std::size_t k = std::min(RngAhead::kAhead, ready_.size());
        for (std::size_t i = 0; i < k; ++i) next[i] = ready_[rng_.guess_below(i, ready_.size())];
        sim.prefetch_assignments(std::span<const TaskId>(next, k));
      } else if (priority_ == Priority::kBottomLevel) {
        // The next best ones now (a guess: tasks made ready meanwhile may overtake them).
        TaskId next[3];
        sim.prefetch_assignments(std::span<const TaskId>(next, ranked_.peek(next)));
      }
      sim.assign(t, c);
      if (priority_ == Priority::kBottomLevel) {  // t's successors will join the queue
        const TaskGraph& g = sim.problem().graph();
        for (EdgeId e = g.out_begin(t); e < g.out_end(t); ++e) ranked_.prefetch(g.target(e));
      }
    }
  }

  // take() for an idle core (`idle`: the lowest-numbered one), explained (the queue's length
  // before, the next few after).
  template <class Sim>
  [[gnu::cold]] void explain_pick(CoreId idle, Sim& sim) {
    Decision d;
    d.time = sim.now();
    d.kind = DecisionKind::kQueuePick;
    const bool levels = priority_ == Priority::kBottomLevel;
    d.queue_length = static_cast<std::uint32_t>(levels ? ranked_.size() : ready_.size() - head_);
    d.task = take();
    const CoreId c = sim.idle_core_for(d.task, idle);
    d.core = c;
    explained_.clear();
    if (levels) {
      d.score = levels_[d.task];
      d.score_name = "bottom_level";
      TaskId next[kExplainedTasks];
      const std::size_t k = ranked_.peek(next);
      for (std::size_t i = 0; i < k; ++i) explained_.push_back({next[i], levels_[next[i]]});
    } else if (priority_ == Priority::kFifo) {
      for (std::size_t i = head_; i < ready_.size() && explained_.size() < kExplainedTasks; ++i)
        explained_.push_back({ready_[i], std::numeric_limits<double>::quiet_NaN()});
    }
    d.candidates_are_tasks = true;
    d.candidates = explained_;
    explain_->on_decision(d);
    sim.assign(d.task, c);
  }

  Priority priority_;
  std::vector<double> levels_;
  RngAhead rng_;
  std::vector<TaskId> ready_;  // fifo: [head_, end) in arrival order; random: unordered
  std::size_t head_ = 0;       // fifo only
  RankQueue ranked_;           // bottom_level: the ready tasks, by decreasing level
  static constexpr std::size_t kExplainedTasks = 3;
  DecisionObserver* explain_ = nullptr;
  std::vector<Candidate> explained_;
};

}  // namespace pelsim::models
