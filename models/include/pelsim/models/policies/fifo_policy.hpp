// `fifo`: ready tasks in arrival order to the idle cores.
#pragma once

#include <limits>
#include <span>
#include <vector>

#include "pelsim/models/decision.hpp"
#include "pelsim/models/problem.hpp"
#include "pelsim/models/simulation.hpp"

namespace pelsim::models {

/// Dynamic list scheduling with a FIFO ready queue: when a task becomes ready (all its
/// predecessors finished) it joins the queue; at time 0 and once the tasks finishing at one
/// instant have all finished, while a core is idle, the oldest ready task
/// goes to the idle core that runs it fastest, the lowest-numbered among equals (with equal
/// cores: the lowest-numbered idle core). Its inputs start moving at that moment (the
/// destination was unknown before), and the core waits for them. Graham's list scheduling
/// with an arbitrary (arrival) priority. Cost: O(1) per decision plus the idle-core scan
/// (P/64 words; O(P) when cores differ).
class FifoPolicy {
 public:
  /// Decides once the finishes of an instant are all in: every core they free is idle then.
  static constexpr bool kDecidesPerInstant = true;

  template <class Sim>
  void on_start(Sim& sim) {
    queue_.reserve(sim.problem().graph().task_count());
  }
  template <class Sim>
  void on_task_ready(TaskId t, Sim&) {
    queue_.push_back(t);
  }
  /// Time 0: the first decisions, once every source is queued.
  template <class Sim>
  void on_sources_queued(Sim& sim) {
    dispatch(sim);
  }
  template <class Sim>
  void on_task_finished(TaskId, CoreId, Sim& sim) {
    dispatch(sim);
  }
  template <class Sim>
  void on_wake(std::uint32_t, Sim&) {}
  /// Faults: a failed core's tasks join the back of the queue again (in assignment order).
  template <class Sim>
  void on_core_failed(CoreId, std::span<const TaskId> lost, Sim& sim) {
    queue_.insert(queue_.end(), lost.begin(), lost.end());
    dispatch(sim);
  }
  template <class Sim>
  void on_core_repaired(CoreId, Sim& sim) {
    dispatch(sim);
  }

  double planned_makespan() const { return std::numeric_limits<double>::quiet_NaN(); }
  void explain_deadlock(const Problem&) const {}  // fifo never leaves a ready task behind
  /// Reports each pick (kQueuePick: task, core, tasks in the queue, the next three in line
  /// as candidates) to `explain`.
  void set_explain(DecisionObserver* explain) { explain_ = explain; }

 private:
  template <class Sim>
  void dispatch(Sim& sim) {
    while (head_ < queue_.size()) {
      const CoreId idle = sim.idle_core();
      if (idle == kNoCore) return;
      const TaskId t = queue_[head_];
      const CoreId c = sim.idle_core_for(t, idle);
      if (explain_) [[unlikely]]
        explain_pick(c, sim.now());
      ++head_;
      sim.prefetch_assignments(std::span(queue_).subspan(head_));  // the next ones in line
      sim.assign(t, c);
    }
  }

  // The pick of the queue's head for core c, with the next few in line as candidates.
  [[gnu::cold]] void explain_pick(CoreId c, double now) {
    Decision d;
    d.time = now;
    d.task = queue_[head_];
    d.core = c;
    d.kind = DecisionKind::kQueuePick;
    d.queue_length = static_cast<std::uint32_t>(queue_.size() - head_);
    explained_.clear();
    for (std::size_t i = head_ + 1; i < queue_.size() && explained_.size() < 3; ++i)
      explained_.push_back({queue_[i], std::numeric_limits<double>::quiet_NaN()});
    d.candidates_are_tasks = true;
    d.candidates = explained_;
    explain_->on_decision(d);
  }

  std::vector<TaskId> queue_;
  std::size_t head_ = 0;
  DecisionObserver* explain_ = nullptr;
  std::vector<Candidate> explained_;  // explain_pick()'s candidates
};

}  // namespace pelsim::models
