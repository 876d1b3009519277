// `work_stealing`: per-core deques, idle cores steal from a random victim (dynamic).
// Reference: Blumofe and Leiserson, "Scheduling multithreaded computations by work
// stealing", JACM 46(5), 1999 (the Cilk scheduler): the owner works LIFO at the bottom of its
// deque, thieves take the oldest task at the top. Cost: O(1) per push, pop and steal; one
// event per steal and per failed steal that can matter (see below).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <vector>

#include "pelsim/models/decision.hpp"
#include "pelsim/models/error.hpp"
#include "pelsim/models/problem.hpp"
#include "pelsim/models/rng.hpp"
#include "pelsim/models/simulation.hpp"

namespace pelsim::models {

/// Work stealing on the shared execution model. Each core owns a deque of ready tasks; a core
/// holds at most one assigned task at a time. Contract:
///  - Sources go round-robin to the deques (source k to core k mod P, in task id order); a
///    task made ready by a finishing task is pushed onto the deque of the core that ran it
///    (successors in out-edge order).
///  - An idle core pops its own newest task (LIFO) and runs it at once. With an empty deque
///    it makes a steal attempt: victim uniformly among the other cores (Rng seeded with
///    `seed`). If the victim's deque holds a task, the oldest is taken then and reaches the
///    thief `steal_latency` seconds later (a steal). Otherwise (a failed steal) the thief
///    tries again `retry_delay` seconds later. At time 0 every core makes its first attempt.
///  - A core stops once every task has been taken from a deque (nothing can become ready).
///  - While every deque is empty every attempt fails whatever the victim: the thief sleeps
///    instead of spinning and, once a deque holds a task after a push, resumes at its next
///    retry instant (last attempt + k * retry_delay), counting the attempts it skipped as
///    failed (likewise when the last task is taken; no victim is drawn for them), so a long
///    task costs no events. On 1 and 2 cores the counts equal those of a thief that really
///    spun; on more, thieves resuming at one instant go in the order they fell asleep (a
///    spinning one's retries might come first), which can change who takes the task.
/// Requires retry_delay > 0 and steal_latency >= 0. State in per-core arrays: each deque is
/// one array, the newest task at its back (pushes and pops at the back, steals advance an
/// index at the front), which grows like a std::vector until it is large enough, so a run
/// allocates O(log tasks) times per core, not per event.
class WorkStealingPolicy {
 public:
  WorkStealingPolicy(double steal_latency, double retry_delay, std::uint64_t seed)
      : steal_latency_(steal_latency), retry_delay_(retry_delay), rng_(seed) {}

  template <class Sim>
  void on_start(Sim& sim) {
    const TaskGraph& g = sim.problem().graph();
    tasks_ = g.task_count();
    cores_ = sim.problem().core_count();
    deques_.assign(cores_, {});
    top_.assign(cores_, 0);
    state_.assign(cores_, State::kAttempting);
    stolen_.assign(cores_, kNone);
    last_try_.assign(cores_, 0.0);
    victim_.assign(cores_, 0);
    wake_due_.assign(cores_, kNoWake);
    sleepers_.reserve(cores_);
    for (CoreId c = 0; c < cores_; ++c) wake(c, 0.0, sim);
  }

  template <class Sim>
  void on_task_ready(TaskId t, Sim& sim) {
    CoreId c = sim.enabling_core();
    if (c == kNoCore) {  // a source
      c = next_source_core_;
      next_source_core_ = next_source_core_ + 1 == cores_ ? 0 : next_source_core_ + 1;
    }
    if (explain_) [[unlikely]]
      tell(DecisionKind::kPush, t, c, kNoDecisionCore, sim.now());
    push(c, t);
  }

  template <class Sim>
  void on_task_finished(TaskId, CoreId c, Sim& sim) {
    state_[c] = State::kAttempting;
    attempt(c, sim);
    // Sleeping thieves only matter if some deque still holds a task (if c took the only one,
    // their next attempts fail anyway and are counted when they wake or retire).
    if (queued_ > 0 && !sleepers_.empty()) wake_sleepers(sim.now(), sim);
  }

  template <class Sim>
  void on_wake(std::uint32_t c, Sim& sim) {
    if (sim.now() != wake_due_[c]) return;  // dropped by a failure of the core
    wake_due_[c] = kNoWake;
    if (state_[c] == State::kStealing) {
      state_[c] = State::kRunning;
      sim.assign(stolen_[c], c);
    } else if (state_[c] == State::kAttempting) {
      attempt(c, sim);
    }
  }

  /// Faults: the tasks assigned to a failed core go back onto its deque, in order, where the
  /// other cores steal them; a task it was stealing goes back to the front of its victim's
  /// deque (as if never taken). Cores that had stopped (nothing left to take) start attempting
  /// again when a task went back, sleepers wake. The failed core makes no attempt until its repair
  /// (its pending wake-up is dropped), and attempts at once then.
  template <class Sim>
  void on_core_failed(CoreId c, std::span<const TaskId> lost, Sim& sim) {
    const sim::Time now = sim.now();
    // (A failure that gives no task back changes nothing for the other cores: one that had
    // stopped would find nothing left again.)
    const bool gives_back = state_[c] == State::kStealing || !lost.empty();
    if (state_[c] == State::kStealing) {
      const CoreId v = victim_[c];
      // (Back to a victim running a task, it waits behind that task, as it would have had it
      // not been stolen: not counted.)
      if (!sim.is_busy(v)) sim.returned_before_start(stolen_[c], c);
      if (explain_) [[unlikely]]
        tell(DecisionKind::kPush, stolen_[c], v, kNoDecisionCore, now);
      if (top_[v] > 0)
        deques_[v][--top_[v]] = stolen_[c];
      else
        deques_[v].insert(deques_[v].begin(), stolen_[c]);
      ++queued_;
      --taken_;
    }
    for (const TaskId t : lost) give_back(c, t, now);
    if (state_[c] == State::kSleeping) std::erase(sleepers_, c);
    state_[c] = State::kDown;
    wake_due_[c] = kNoWake;
    if (gives_back)
      for (CoreId d = 0; d < cores_; ++d)
        if (state_[d] == State::kDone) {
          state_[d] = State::kAttempting;
          wake(d, now, sim);
        }
    if (queued_ > 0 && !sleepers_.empty()) wake_sleepers(now, sim);
  }
  template <class Sim>
  void on_core_repaired(CoreId c, Sim& sim) {
    state_[c] = State::kAttempting;
    attempt(c, sim);
    if (queued_ > 0 && !sleepers_.empty()) wake_sleepers(sim.now(), sim);
  }

  /// The newest task, usually a successor of the task just finished, runs next.
  bool prefetch_successors() const { return true; }
  double planned_makespan() const { return std::numeric_limits<double>::quiet_NaN(); }
  void explain_deadlock(const Problem&) const {}
  void report(SimulationResult& r) const {
    r.steals = steals_;
    r.failed_steals = failed_steals_;
  }
  /// Reports to `explain` every push (kPush), local pop (kLocalPop), steal (kSteal, with its
  /// victim, at the attempt: the task reaches the thief steal_latency later) and failed steal
  /// (kFailedSteal with the victim tried, or with none when every deque was empty and the
  /// core went to sleep; the attempts a sleeper skips are counted in failed_steals but not
  /// explained one by one).
  void set_explain(DecisionObserver* explain) { explain_ = explain; }

 private:
  static constexpr TaskId kNone = std::numeric_limits<TaskId>::max();
  // kAttempting: a wake-up for its next attempt is pending (or it is making it now);
  // kStealing: a stolen task is on its way; kSleeping: every deque was empty at its last
  // attempt; kRunning: one task assigned; kDone: nothing left to take; kDown: failed.
  enum class State : std::uint8_t { kAttempting, kStealing, kSleeping, kRunning, kDone, kDown };

  bool has_task(CoreId c) const { return top_[c] < deques_[c].size(); }
  TaskId newest(CoreId c) const { return deques_[c].back(); }
  TaskId oldest(CoreId c) const { return deques_[c][top_[c]]; }
  void push(CoreId c, TaskId t) {
    deques_[c].push_back(t);
    ++queued_;
  }
  // Core c's next wake-up, at t (the only one it expects: see on_wake).
  template <class Sim>
  void wake(CoreId c, sim::Time t, Sim& sim) {
    wake_due_[c] = t;
    sim.wake_at(t, c);
  }
  // A task taken earlier is back on c's deque (its core failed).
  void give_back(CoreId c, TaskId t, sim::Time now) {
    if (explain_) [[unlikely]]
      tell(DecisionKind::kPush, t, c, kNoDecisionCore, now);
    push(c, t);
    --taken_;
  }
  // A deque that empties restarts at the front of its array.
  void taken(CoreId c) {
    if (top_[c] == deques_[c].size()) {
      deques_[c].clear();
      top_[c] = 0;
    }
    --queued_;
    ++taken_;
  }
  TaskId pop_bottom(CoreId c) {  // newest
    const TaskId t = deques_[c].back();
    deques_[c].pop_back();
    taken(c);
    return t;
  }
  TaskId pop_top(CoreId c) {  // oldest
    const TaskId t = deques_[c][top_[c]++];
    taken(c);
    return t;
  }

  template <class Sim>
  void attempt(CoreId c, Sim& sim) {
    const sim::Time now = sim.now();
    if (has_task(c)) {
      state_[c] = State::kRunning;
      if (explain_) [[unlikely]]
        tell(DecisionKind::kLocalPop, newest(c), c, kNoDecisionCore, now);
      sim.assign(pop_bottom(c), c);
      if (taken_ == tasks_) retire_sleepers(now);
      return;
    }
    if (taken_ == tasks_ || cores_ == 1) {  // nothing left, or no one to steal from
      state_[c] = State::kDone;
      return;
    }
    if (queued_ == 0) {  // fails whatever the victim: sleep until a push
      ++failed_steals_;
      if (explain_) [[unlikely]]
        tell(DecisionKind::kFailedSteal, kNoDecisionTask, c, kNoDecisionCore, now);
      state_[c] = State::kSleeping;
      last_try_[c] = now;
      sleepers_.push_back(c);
      return;
    }
    const auto draw = static_cast<CoreId>(rng_.below(cores_ - 1));
    const CoreId victim = draw < c ? draw : draw + 1;
    if (!has_task(victim)) {
      ++failed_steals_;
      if (explain_) [[unlikely]]
        tell(DecisionKind::kFailedSteal, kNoDecisionTask, c, victim, now);
      wake(c, retry_after(now), sim);
      return;
    }
    ++steals_;
    if (explain_) [[unlikely]]
      tell(DecisionKind::kSteal, oldest(victim), c, victim, now);
    stolen_[c] = pop_top(victim);
    victim_[c] = victim;
    state_[c] = State::kStealing;
    wake(c, now + steal_latency_, sim);
    if (taken_ == tasks_) retire_sleepers(now);
  }

  // now + retry_delay, which must be later than now: past 2^53 retry delays the clock cannot
  // tell the retries apart (the run would not advance), so such a run is refused.
  sim::Time retry_after(sim::Time now) const {
    const sim::Time next = now + retry_delay_;
    if (next == now || now / retry_delay_ >= 0x1p53) too_far(now);
    return next;
  }
  [[noreturn, gnu::cold]] void too_far(sim::Time now) const {
    char text[240];
    std::snprintf(text, sizeof text,
                  "work_stealing: at %g s of simulated time the retry delay of %g s is below the "
                  "clock's resolution; give a larger retry_delay (policy parameter) or shorter "
                  "tasks",
                  now, retry_delay_);
    throw InputError(text);
  }

  // The retry instants last_try + k * retry_delay (k >= 1) of sleeping core c before `now`.
  std::uint64_t missed_attempts(CoreId c, sim::Time now) const {
    (void)retry_after(now);  // k stays below 2^53: each step of the loops below moves
    const double since = last_try_[c];
    double m = std::max(0.0, std::ceil((now - since) / retry_delay_) - 1);
    while (m > 0 && since + m * retry_delay_ >= now) --m;
    while (since + (m + 1) * retry_delay_ < now) ++m;
    return static_cast<std::uint64_t>(m);
  }

  // A deque holds a task now: each sleeping thief resumes at its first retry instant >= now
  // (at the same instant it comes after the push, as a wake-up event would), and the
  // attempts it skipped, all failed, are counted.
  template <class Sim>
  void wake_sleepers(sim::Time now, Sim& sim) {
    for (const CoreId c : sleepers_) {
      const std::uint64_t m = missed_attempts(c, now);
      failed_steals_ += m;
      state_[c] = State::kAttempting;
      wake(c, last_try_[c] + static_cast<double>(m + 1) * retry_delay_, sim);
    }
    sleepers_.clear();
  }

  // The last task was taken now: sleeping thieves would have failed until now, then stopped.
  void retire_sleepers(sim::Time now) {
    for (const CoreId c : sleepers_) {
      failed_steals_ += missed_attempts(c, now);
      state_[c] = State::kDone;
    }
    sleepers_.clear();
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

  double steal_latency_;
  double retry_delay_;
  Rng rng_;
  std::uint32_t tasks_ = 0;
  CoreId cores_ = 0;
  CoreId next_source_core_ = 0;
  std::uint32_t queued_ = 0;  // tasks in all deques
  std::uint32_t taken_ = 0;   // tasks popped or stolen so far
  std::uint64_t steals_ = 0, failed_steals_ = 0;
  // Per core, its deque: deques_[c][top_[c]..] from oldest to newest (the newest at the back).
  // Steals advance top_; an emptied deque restarts at 0, so the arrays together never hold
  // more than the tasks pushed since their last restarts (at most the task count).
  std::vector<std::vector<TaskId>> deques_;
  std::vector<std::uint32_t> top_;
  std::vector<State> state_;
  std::vector<TaskId> stolen_;
  std::vector<CoreId> victim_;  // per core: whom its current steal took from
  static constexpr sim::Time kNoWake = -1;
  std::vector<sim::Time> wake_due_;  // per core: its pending wake-up's time, or kNoWake
  std::vector<sim::Time> last_try_;
  std::vector<CoreId> sleepers_;  // cores in kSleeping, in the order they fell asleep
  DecisionObserver* explain_ = nullptr;
};

}  // namespace pelsim::models
