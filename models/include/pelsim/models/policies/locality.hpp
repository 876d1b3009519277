// `locality`: a ready task waits in the queue of the core that holds most of its input bytes
// (dynamic). Reference: the data-aware dispatch of StarPU's `dmda` scheduler (Augonnet et al.,
// "StarPU: a unified platform for task scheduling on heterogeneous multicore architectures",
// CCPE 23(2), 2011), which weighs where a task's data already is, and Hadoop's delay
// scheduling (Zaharia et al., EuroSys 2010) without its delay: here no core waits for local
// work while another queue holds some. Cost: O(in-degree) to place a ready task; per decision
// O(idle cores + P/64) for the local dispatches and O(P) for a remote one (the longest queue).
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "pelsim/models/decision.hpp"
#include "pelsim/models/problem.hpp"
#include "pelsim/models/simulation.hpp"

namespace pelsim::models {

/// Locality-aware dynamic scheduling with one FIFO queue per core. Contract:
///  - When a task becomes ready, its preferred core is the core holding most of its input
///    bytes (the bytes of its in-edges, counted on the core that ran each producer), ties to
///    the lowest core index. A task whose inputs carry no bytes prefers the core whose finish
///    made it ready; a source (no in-edge) prefers core k mod P for the k-th source in id
///    order. The task joins the back of its preferred core's queue (tasks made ready by one
///    finish in out-edge order).
///  - Decisions after the finishes of each instant (and at time 0): first every idle core
///    (nothing running, nothing assigned) whose own queue holds a task takes its oldest (a
///    local dispatch), in core order; then, while some core is idle and some queue holds a
///    task, the oldest task of the longest queue (ties to the lowest index) goes to the idle
///    core that runs it fastest, the lowest-numbered among equals (a remote dispatch). So no
///    core idles while a task waits; a task's inputs start moving when it is assigned, as for
///    every dynamic policy.
///  - report() adds the local and remote dispatch counts to the result.
/// State in flat per-task / per-core arrays sized at on_start: no allocation per event.
class LocalityPolicy {
 public:
  /// Decides once the finishes of an instant are all in: every core they free is idle then.
  static constexpr bool kDecidesPerInstant = true;
  template <class Sim>
  void on_start(Sim& sim) {
    const TaskGraph& g = sim.problem().graph();
    cores_ = sim.problem().core_count();
    next_.assign(g.task_count(), kNone);
    head_.assign(cores_, kNone);
    tail_.assign(cores_, kNone);
    length_.assign(cores_, 0);
    bytes_on_.assign(cores_, 0.0);
    touched_.reserve(cores_);
    sim.wake_at(0.0, 0);  // the first decisions, once every source is queued
  }

  template <class Sim>
  void on_task_ready(TaskId t, Sim& sim) {
    const CoreId enabler = sim.enabling_core();
    CoreId q;
    if (enabler == kNoCore) {  // a source
      q = next_source_core_;
      next_source_core_ = next_source_core_ + 1 == cores_ ? 0 : next_source_core_ + 1;
    } else {
      q = preferred_core(t, enabler, sim);
    }
    if (explain_) [[unlikely]]
      explain_push(t, q, sim);
    push(q, t);
  }

  template <class Sim>
  void on_task_finished(TaskId, CoreId, Sim& sim) {
    dispatch(sim);
  }

  template <class Sim>
  void on_wake(std::uint32_t, Sim& sim) {
    dispatch(sim);
  }

  /// Faults: each task of a failed core c joins the queue of its preferred core again (c
  /// when its inputs carry no bytes); the tasks waiting in a failed core's queue are taken by
  /// the other cores as remote dispatches.
  template <class Sim>
  void on_core_failed(CoreId c, std::span<const TaskId> lost, Sim& sim) {
    for (const TaskId t : lost) {
      const CoreId q = preferred_core(t, c, sim);
      if (explain_) [[unlikely]]
        explain_push(t, q, sim);
      push(q, t);
    }
    dispatch(sim);
  }
  template <class Sim>
  void on_core_repaired(CoreId, Sim& sim) {
    dispatch(sim);
  }

  /// A task waits on the core that ran its producers, often to run there next (measured:
  /// the hint pays off here).
  bool prefetch_successors() const { return true; }
  double planned_makespan() const { return std::numeric_limits<double>::quiet_NaN(); }
  void explain_deadlock(const Problem&) const {}  // never leaves a ready task behind
  void report(SimulationResult& r) const {
    r.local_dispatches = local_;
    r.remote_dispatches = remote_;
  }
  /// Reports to `explain` each placement on a preferred core's queue (kPush, the core named;
  /// score_name "input_bytes": the candidates are the cores holding some of the task's input
  /// bytes, in core order, scored by those bytes; queue_length: the tasks waiting there
  /// before), each local dispatch (kLocalPop) and each remote one (kSteal, the victim = the
  /// queue's core).
  void set_explain(DecisionObserver* explain) { explain_ = explain; }

 private:
  static constexpr TaskId kNone = std::numeric_limits<TaskId>::max();

  // The core with most of t's input bytes (ties: lowest index); `enabler` when none has any.
  template <class Sim>
  CoreId preferred_core(TaskId t, CoreId enabler, const Sim& sim) {
    const TaskGraph& g = sim.problem().graph();
    const auto inputs = sim.inputs(t);
    CoreId best = enabler;
    double most = 0.0;
    const auto visit = [&](CoreId c, double b) {  // core c holds b bytes of t's inputs
      if (b > most || (b == most && b > 0.0 && c < best)) {
        most = b;
        best = c;
      }
    };
    if (inputs.size() - 1 < 2) {  // one or two inputs (none, impossible here, wraps to below)
      // Most tasks: the same sums in the same order (the first input's core first) as the
      // per-core table below, without the table.
      const CoreId a = sim.finished_on(inputs[0].source);
      const double x = 0.0 + g.bytes(inputs[0].edge);
      if (inputs.size() == 1) {
        visit(a, x);
      } else {
        const CoreId b = sim.finished_on(inputs[1].source);
        const double y = g.bytes(inputs[1].edge);
        if (a == b) {
          visit(a, x + y);
        } else {
          visit(a, x);
          visit(b, 0.0 + y);
        }
      }
      return best;
    }
    for (const auto& in : inputs) {
      const CoreId c = sim.finished_on(in.source);
      if (bytes_on_[c] == 0.0) touched_.push_back(c);
      bytes_on_[c] += g.bytes(in.edge);
    }
    for (const CoreId c : touched_) {
      visit(c, bytes_on_[c]);
      bytes_on_[c] = 0.0;
    }
    touched_.clear();
    return best;
  }

  void push(CoreId c, TaskId t) {
    next_[t] = kNone;
    if (tail_[c] == kNone)
      head_[c] = t;
    else
      next_[tail_[c]] = t;
    tail_[c] = t;
    ++length_[c];
    ++queued_;
  }

  TaskId pop(CoreId c) {
    const TaskId t = head_[c];
    head_[c] = next_[t];
    if (head_[c] == kNone) tail_[c] = kNone;
    --length_[c];
    --queued_;
    return t;
  }

  template <class Sim>
  void dispatch(Sim& sim) {
    if (queued_ == 0) return;
    // The idle cores in core order (a core's assignment changes no other core's state).
    const std::span<const std::uint64_t> idle_bits = sim.idle_words();
    for (std::size_t w = 0; w < idle_bits.size() && queued_ > 0; ++w)
      for (std::uint64_t bits = idle_bits[w]; bits != 0 && queued_ > 0; bits &= bits - 1) {
        const auto c = static_cast<CoreId>(w * 64 + std::countr_zero(bits));
        if (length_[c] == 0) continue;
        ++local_;
        if (explain_) [[unlikely]]
          tell(DecisionKind::kLocalPop, head_[c], c, kNoDecisionCore, sim.now());
        sim.assign(pop(c), c);
      }
    while (queued_ > 0) {
      const CoreId idle = sim.idle_core();
      if (idle == kNoCore) return;
      // The first core of the longest queue: its length first (a max, without branches),
      // then the first core with it.
      std::uint32_t most = 0;
      for (CoreId c = 0; c < cores_; ++c) most = std::max(most, length_[c]);
      CoreId longest = 0;
      while (length_[longest] != most) ++longest;
      const CoreId c = sim.idle_core_for(head_[longest], idle);
      ++remote_;
      if (explain_) [[unlikely]]
        tell(DecisionKind::kSteal, head_[longest], c, longest, sim.now());
      sim.assign(pop(longest), c);
    }
  }

  // kPush with the input bytes on each core that holds some (the candidates, in core order;
  // score: the bytes on the chosen core), the per-core sums of preferred_core().
  template <class Sim>
  [[gnu::cold]] void explain_push(TaskId t, CoreId q, const Sim& sim) {
    Decision d;
    d.time = sim.now();
    d.task = t;
    d.core = q;
    d.kind = DecisionKind::kPush;
    d.score_name = "input_bytes";
    d.queue_length = length_[q];
    explained_.clear();
    if (sim.enabling_core() != kNoCore) {
      const TaskGraph& g = sim.problem().graph();
      for (const auto& in : sim.inputs(t)) {
        const CoreId c = sim.finished_on(in.source);
        if (bytes_on_[c] == 0.0) touched_.push_back(c);
        bytes_on_[c] += g.bytes(in.edge);
      }
      std::sort(touched_.begin(), touched_.end());
      touched_.erase(std::unique(touched_.begin(), touched_.end()), touched_.end());
      d.score = bytes_on_[q];
      for (const CoreId c : touched_) {
        if (bytes_on_[c] > 0.0) explained_.push_back({c, bytes_on_[c]});
        bytes_on_[c] = 0.0;
      }
      touched_.clear();
    }
    d.candidates = explained_;
    explain_->on_decision(d);
  }

  [[gnu::cold]] void tell(DecisionKind kind, TaskId t, CoreId c, CoreId victim,
                          sim::Time now) const {
    Decision d;
    d.time = now;
    d.task = t;
    d.core = c;
    d.kind = kind;
    d.victim = victim;
    explain_->on_decision(d);
  }

  CoreId cores_ = 0;
  CoreId next_source_core_ = 0;
  std::uint32_t queued_ = 0;  // tasks in all queues
  std::uint64_t local_ = 0, remote_ = 0;
  // Per-core FIFO queues as singly linked lists threaded through the tasks.
  std::vector<TaskId> next_;
  std::vector<TaskId> head_, tail_;
  std::vector<std::uint32_t> length_;
  std::vector<double> bytes_on_;  // input bytes per core of the task being placed
  std::vector<CoreId> touched_;   // cores with bytes_on_ > 0
  DecisionObserver* explain_ = nullptr;
  std::vector<Candidate> explained_;  // explain_push()'s candidates
};

}  // namespace pelsim::models
