// `static`: execute a given mapping and per-core order.
#pragma once

#include <cmath>
#include <limits>
#include <memory>
#include <span>

#include <string>

#include "pelsim/models/decision.hpp"
#include "pelsim/models/problem.hpp"
#include "pelsim/models/schedule.hpp"
#include "pelsim/models/simulation.hpp"

namespace pelsim::models {

/// Executes a fixed Schedule: at time 0 every task is assigned to its core in the schedule's
/// per-core order; each core then runs its sequence, a task starting when its inputs have
/// arrived and its predecessor on the core has finished. Also the executor of every planning
/// policy (hlfet, and later heft, cpop, ...), which computes a Schedule first.
/// Cost: O(tasks) at start, O(1) per event.
class StaticPolicy {
 public:
  static constexpr bool kAssignsAllAtStart = true;  // the simulator needs no in-edge records

  /// `plan` may be shared with the caller (a schedule read from a file is not copied).
  explicit StaticPolicy(std::shared_ptr<const Schedule> plan,
                        double planned_makespan = std::numeric_limits<double>::quiet_NaN())
      : plan_(std::move(plan)), planned_makespan_(planned_makespan) {}

  template <class Sim>
  void on_start(Sim& sim) {
    const Schedule& s = *plan_;
    for (CoreId c = 0; c < s.core_count(); ++c) {
      const auto seq = std::span(s.sequence).subspan(s.offsets[c], s.offsets[c + 1] - s.offsets[c]);
      if (explain_) [[unlikely]]
        explain_core(seq, c, sim.now());
      sim.assign_all(seq, c);
    }
  }
  template <class Sim>
  void on_task_ready(TaskId, Sim&) {}
  template <class Sim>
  void on_task_finished(TaskId, CoreId, Sim&) {}
  template <class Sim>
  void on_wake(std::uint32_t, Sim&) {}

  /// Called when a run ends with tasks that never ran: a static order that contradicts the
  /// DAG deadlocks. Checking for that up front would cost a topological sort on every run;
  /// instead the deadlock is diagnosed here, with the same message (InputError naming the
  /// tasks of the cycle).
  void explain_deadlock(const Problem& problem) const {
    validate_schedule(*plan_, problem.graph(), problem.core_count(), source_);
  }

  /// Where the schedule came from, for explain_deadlock()'s message.
  void set_source(std::string source) { source_ = std::move(source); }

  /// Reports each task's queueing on its core at the start (one decision of `kind` per task,
  /// with its position on the core as `order`) to `explain`. Planning policies whose planner
  /// explained its decisions already leave it unset.
  void set_explain(DecisionObserver* explain, DecisionKind kind) {
    explain_ = explain;
    explain_kind_ = kind;
  }

  /// Where moves of the plan's tasks off a core that failed for good (kMoved, made by the
  /// simulator) are reported; every plan's run sets it, even when its planner explained the
  /// plan itself.
  void set_move_explain(DecisionObserver* explain) { move_explain_ = explain; }
  /// The simulator's hook for those moves (it builds the decision only when this is not null).
  DecisionObserver* move_explain() const { return move_explain_; }

  double planned_makespan() const { return planned_makespan_; }
  const Schedule& plan() const { return *plan_; }

 private:
  std::shared_ptr<const Schedule> plan_;
  double planned_makespan_;
  std::string source_;
  DecisionObserver* explain_ = nullptr;
  DecisionKind explain_kind_ = DecisionKind::kStaticOrder;
  DecisionObserver* move_explain_ = nullptr;

  [[gnu::cold]] void explain_core(std::span<const TaskId> seq, CoreId c, double now) const {
    Decision d;
    d.time = now;
    d.core = c;
    d.kind = explain_kind_;
    for (std::size_t i = 0; i < seq.size(); ++i) {
      d.task = seq[i];
      d.order = static_cast<std::uint32_t>(i);
      explain_->on_decision(d);
    }
  }
};

}  // namespace pelsim::models
