// Executes a task graph on a platform under a scheduling policy, event by event.
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "pelsim/models/decision.hpp"
#include "pelsim/models/error.hpp"
#include "pelsim/models/faults.hpp"
#include "pelsim/models/flow_network.hpp"
#include "pelsim/models/problem.hpp"
#include "pelsim/sim/engine.hpp"
#include "pelsim/sim/observer.hpp"

namespace pelsim::models {

/// What one link of a `flow` network did.
struct LinkUsage {
  std::string name;
  double bandwidth = 0;  ///< bytes/s
  LinkStats stats;
};

/// Summary of one simulated execution.
struct SimulationResult {
  double makespan = 0;            ///< latest task finish (s)
  std::uint64_t events = 0;       ///< kernel events processed
  std::uint64_t transfers = 0;    ///< edges whose data crossed between two cores
  double bytes_moved = 0;         ///< sum of bytes of those transfers
  std::vector<double> core_busy;  ///< seconds each core spent computing
  std::uint32_t tasks_done = 0;
  std::uint64_t steals = 0;             ///< work stealing: tasks taken from another core's deque
  std::uint64_t failed_steals = 0;      ///< work stealing: steal attempts that found nothing
  std::uint64_t local_dispatches = 0;   ///< locality: tasks run on their preferred core
  std::uint64_t remote_dispatches = 0;  ///< locality: tasks taken by another core
  std::uint32_t failures = 0;           ///< core failures during the run (faults)
  std::uint32_t interrupted = 0;        ///< task runs cut short by a failure (each ran again)
  double lost_work = 0;  ///< seconds those runs threw away (computing, and read-backs)
  std::uint64_t checkpoints = 0;        ///< checkpoints written (by runs completed or cut short)
  double checkpoint_time = 0;           ///< seconds writing those checkpoints and reading some back
  /// `flow` network only: every link that carried data, in link order.
  std::vector<LinkUsage> links;
};

/// Thrown when a run cannot complete (a policy left tasks unscheduled): an internal error.
class SimulationError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

inline constexpr CoreId kNoCore = std::numeric_limits<CoreId>::max();

/// Costs of the scheduling runtime itself, the same for every policy (both >= 0, default 0):
/// a task assigned at time a can start at max(core free, inputs on the core, a +
/// dispatch_latency) + decision_overhead. The latency is the decision's trip to the core (the
/// core stays free meanwhile); the overhead is the core's time to take the task up (the core
/// is busy, but it is not counted in core_busy, which is computing time).
struct DispatchCosts {
  double decision_overhead = 0;
  double dispatch_latency = 0;
};

/// The execution model shared by every policy, parameterised by the policy type so the hot
/// path has no virtual call. Rules:
///  - A core runs one task at a time, its assigned tasks in assignment order.
///  - The policy maps a task to a core with assign(); it may do so before the task is ready
///    (a static plan assigns everything at time 0) or when it becomes ready (dynamic).
///  - The data of edge u->v starts moving when u has finished and v is assigned, whichever is
///    later, and takes problem.transfer_time (0 on the same core / for 0 bytes). Under the
///    `flow` network it is a flow of a FlowNetwork instead, and arrives when that flow ends.
///  - A task starts when all its inputs are on its core and it is at the head of that core's
///    queue with the core free (plus the DispatchCosts, zero by default).
///  - A task with a lock (TaskGraph::lock_of) also needs its lock: it takes it when it would
///    start, if no other task holds it, and gives it back when it finishes; tasks waiting for
///    a lock get it in the order they began to wait (docs/models/synchronization.md).
///  - Faults (Platform::faults(), docs/models/faults.md): a failing core stops at once; the
///    task it runs (or has reserved, waiting for its inputs) loses its work and its lock, and
///    runs again from the start (with checkpoints, from its last one, on any core). A policy with
///    the two fault hooks below gets back every task assigned to the core, to place anew; for any
///    other policy (a static plan) the core keeps its queue and runs it again once repaired, and if
///    it fails for good the simulator moves its queue to the other cores (move_plan_tasks). Data
///    already produced or received is kept.
/// A Policy type provides:
///    void on_start(Simulator&)                       -- time 0, before any event
///    void on_task_ready(TaskId, Simulator&)          -- all predecessors have finished
///    void on_task_finished(TaskId, CoreId, Simulator&)
///    void on_wake(std::uint32_t tag, Simulator&)     -- a timer set with wake_at()
///    void explain_deadlock(const Problem&) const     -- tasks never ran: throw InputError
///                                                       if the policy's input caused it
/// and optionally void report(SimulationResult&) const -- adds its counters (steals, ...)
/// and void on_sources_queued(Simulator&)             -- at time 0, after on_task_ready() for
///                                                    every source (a policy's first
///                                                    decisions, without a wake-up event)
/// and static constexpr bool kDecidesPerInstant = true -- on_task_finished() is called once
///                                                    for the finishes that come one after
///                                                    the other at one instant (no other
///                                                    event between them), after the last
///                                                    of them (with its task and core):
///                                                    a policy deciding there sees every core
///                                                    freed and every task made ready then
/// and static constexpr bool kAssignsAllAtStart = true -- every assign() happens in on_start
///                                                    (the run never asks the graph for its
///                                                    in-edge records)
/// and bool prefetch_successors() const             -- true: when a task starts, request
///                                                    what assigning its successors reads
///                                                    (a cache hint for policies that often
///                                                    run a successor right after its
///                                                    producer, without knowing which)
/// and, to move the tasks of a failed core (else they wait for its repair, or are moved by
/// the simulator if the core fails for good), both of
///    void on_core_failed(CoreId, std::span<const TaskId> lost, Simulator&)
///        -- the core is down (not idle) and `lost`, the tasks that were assigned to it, in
///           order, are ready and unassigned again: the policy must assign them again
///    void on_core_repaired(CoreId, Simulator&)       -- the core is idle again
/// and calls back assign() (or assign_all() for many tasks), idle_core(), now(), wake_at() on
/// the simulator, and optionally prefetch_assignments() (a cache hint).
/// The front end owns the loop: step(), run_until(t), run().
template <class Policy>
class Simulator {
 public:
  Simulator(const Problem& problem, Policy& policy, sim::Observer* observer = nullptr,
            DispatchCosts costs = {})
      : problem_(problem),
        graph_(problem.graph()),
        policy_(policy),
        observer_(observer),
        engine_(*this),
        costs_(costs),
        uniform_durations_(problem.uniform_durations()),
        has_locks_(problem.graph().has_locks()),
        has_faults_(problem.platform().faults().active()),
        profiled_(problem.platform().has_speed_profiles()) {
    if (problem.platform().faults().checkpoints.active()) {
      checkpoints_ = &problem.platform().faults().checkpoints;
      progress_.assign(graph_.task_count(), 0.0);
    }
    const std::uint32_t n = graph_.task_count();
    const std::uint32_t p = problem.core_count();
    tasks_.reserve(n);
    for (TaskId t = 0; t < n; ++t) tasks_.push_back(TaskState{0.0, graph_.in_degree(t), kNoCore});
    queues_.resize(p);
    queue_pos_.assign(p, 0);
    running_.assign(p, kNoTask);
    running_start_.assign(p, 0.0);
    result_.core_busy.assign(p, 0.0);
    idle_bits_.assign((p + 63) / 64, 0);
    for (CoreId c = 0; c < p; ++c) idle_bits_[c / 64] |= std::uint64_t{1} << (c % 64);
    engine_.reserve_events(std::size_t{p} * 4 + 64);
    if constexpr (!kAssignsAllAtStart) {
      inputs_ = graph_.in_edge_records();
      ran_on_.assign(n, kNoCore);
    }
    if (const FlowNetworkConfig* cfg = problem.network().flow_config()) init_flows(*cfg);
    if (has_locks_) {
      holder_.assign(graph_.lock_count(), kNoTask);
      lock_waiters_.resize(graph_.lock_count());
      lock_wait_.assign(p, LockWait::kNone);
    }
    if (has_faults_) init_faults();
  }

  // ---- front-end loop ----
  /// Fires one event (starting the run first if needed); false when the run is over.
  bool step() {
    start_once();
    return engine_.step();
  }
  void run_until(sim::Time t) {
    start_once();
    engine_.run_until(t);
  }
  void run() {
    start_once();
    engine_.run();
  }
  bool finished() const { return started_ && engine_.idle(); }
  /// Tasks that have not finished (yet, or ever: after the run, a deadlock).
  std::uint32_t unfinished_tasks() const { return graph_.task_count() - result_.tasks_done; }
  /// The result; throws SimulationError if the run ended with tasks that never ran.
  const SimulationResult& result() {
    result_.events = engine_.processed();
    if constexpr (requires(const Policy& p, SimulationResult& r) { p.report(r); })
      policy_.report(result_);
    if (flows_) report_links();
    if (finished() && result_.tasks_done != graph_.task_count()) {
      throw SimulationError("the policy left " +
                            std::to_string(graph_.task_count() - result_.tasks_done) +
                            " tasks unscheduled");
    }
    return result_;
  }

  // ---- policy API ----
  const Problem& problem() const { return problem_; }
  sim::Time now() const { return engine_.now(); }
  /// Lowest-numbered core that is neither running nor holding assigned tasks, or kNoCore.
  CoreId idle_core() const {
    for (std::size_t w = 0; w < idle_bits_.size(); ++w)
      if (idle_bits_[w]) return static_cast<CoreId>(w * 64 + std::countr_zero(idle_bits_[w]));
    return kNoCore;
  }
  /// The idle core on which t runs fastest (shortest duration(t, c)), the lowest-numbered
  /// among equals (for a task of no work, 0 s everywhere: the fastest core first), given
  /// `lowest` = idle_core() (not kNoCore): `lowest` itself when every core runs every task
  /// alike, else a scan of the idle cores (O(P)). The dynamic policies' choice of a core, so
  /// that a slow core is not preferred for its number on a heterogeneous platform.
  CoreId idle_core_for(TaskId t, CoreId lowest) const {
    if (uniform_durations_) return lowest;
    CoreId best = lowest;
    double best_d = problem_.duration(t, lowest);
    for (std::size_t w = lowest / 64; w < idle_bits_.size(); ++w)
      for (std::uint64_t bits = idle_bits_[w]; bits != 0; bits &= bits - 1) {
        const auto c = static_cast<CoreId>(w * 64 + std::countr_zero(bits));
        const double d = problem_.duration(t, c);
        if (d < best_d || (d == 0 && best_d == 0 &&
                           problem_.platform().speed(c) > problem_.platform().speed(best))) {
          best = c;
          best_d = d;
        }
      }
    return best;
  }
  bool is_idle(CoreId c) const { return (idle_bits_[c / 64] >> (c % 64)) & 1; }
  /// Core c runs a task (or holds one waiting for its inputs): neither idle, nor down, nor
  /// waiting with nothing reserved.
  bool is_busy(CoreId c) const { return running_[c] != kNoTask && running_[c] != kDownMark; }
  /// The idle cores as a bitmap: bit c % 64 of word c / 64 is set when core c is idle (for a
  /// policy that visits the idle cores only, in core order).
  std::span<const std::uint64_t> idle_words() const { return idle_bits_; }
  CoreId core_of(TaskId t) const { return tasks_[t].core; }
  /// The core t ran on once it has finished, else kNoCore: core_of() from a dense array (4
  /// bytes a task, where core_of() reads its 16-byte state), for a policy reading the
  /// producers of a ready task. Not for a policy with kAssignsAllAtStart (whose run keeps no
  /// such array).
  CoreId finished_on(TaskId t) const { return ran_on_[t]; }
  /// During on_task_ready(): the core of the task whose finish made the task ready, or
  /// kNoCore for a source (reported when the run starts, before any finish). (A policy that
  /// places a ready task by its enabler places it at once, without reading the task's
  /// in-degree, a cold line in a big graph, or keeping a list for on_task_finished().)
  CoreId enabling_core() const { return enabling_core_; }
  /// Faults: t, on its way to core c (a steal), went back because c failed before t began.
  /// kMaxCutsPerTask such returns of t with no progress of the run in between (no task
  /// finished, no run cut short kept checkpointed work) stop the run with an InputError, as
  /// cuts of a run do (else a task stolen back and forth for ever, its steal longer than the
  /// MTBF, would never run; while other tasks progress, t may still run once they are done).
  /// A policy reports only the returns to a core that is not busy (is_busy()): t waiting
  /// behind a running task loses nothing, and that task's end, or its own cuts, bound the wait.
  void returned_before_start(TaskId t, CoreId c) {
    if (returns_.empty()) returns_.assign(graph_.task_count(), {});
    const std::uint64_t progress = result_.tasks_done + kept_work_runs_;
    Returns& r = returns_[t];
    if (r.progress != progress) r = {progress, 0};
    if (++r.count == kMaxCutsPerTask) too_many_failures(t, c, -1);
  }
  /// An in-edge of a task: its producer and the edge.
  using Input = TaskGraph::InEdge;
  /// t's in-edges in the graph's order (by producer, then edge id). Not for a policy with
  /// kAssignsAllAtStart (its run holds no in-edge records).
  std::span<const Input> inputs(TaskId t) const {
    return {inputs_ + graph_.in_begin(t), graph_.in_degree(t)};
  }
  /// assign() for each of `tasks` in order, with the memory each needs requested ahead (a
  /// static plan assigns all its tasks at once, in an order unrelated to their ids).
  void assign_all(std::span<const TaskId> tasks, CoreId c) {
    constexpr std::size_t kAhead = 16;
    queues_[c].reserve(queues_[c].size() + tasks.size());
    for (std::size_t i = 0; i < tasks.size(); ++i) {
      if (i + kAhead < tasks.size()) __builtin_prefetch(&tasks_[tasks[i + kAhead]], 1);
      assign(tasks[i], c);
    }
  }
  /// Appends t to core c's queue. Each task must be assigned exactly once.
  void assign(TaskId t, CoreId c) {
    TaskState& ts = tasks_[t];
    if (ts.core != kNoCore) throw SimulationError("task assigned twice");
    ts.core = c;
    idle_bits_[c / 64] &= ~(std::uint64_t{1} << (c % 64));
    queues_[c].push_back(t);
    // Inputs from producers that already finished start moving now. (Before the first
    // finish there are none: a static plan assigning every task at time 0 skips the scan.)
    // The task cannot start before it has been dispatched to its core.
    if (costs_.dispatch_latency > 0) ts.time = std::max(ts.time, now() + costs_.dispatch_latency);
    if (result_.tasks_done > 0) receive_finished_inputs(t, c);
    try_start(c);
  }
  /// Cache hint from a policy that knows which tasks it will assign next: upcoming[0] is the
  /// next one after the assignment it is making now, upcoming[1] the one after, and so on
  /// (the first three are used). Each call advances a three-stage pipeline of requests for
  /// what assign() and start_task() will read: the row starts, state and work of
  /// upcoming[2]; the in-edge records and out-edges of upcoming[1] (whose row starts the
  /// previous call requested); the producers' cores and edge bytes of upcoming[0] (whose
  /// records it requested). Changes nothing but timing; a wrong guess only costs the requests.
  /// (Always inlined: GCC deems a function that only prefetches pure and drops its calls.)
  [[gnu::always_inline]] void prefetch_assignments(std::span<const TaskId> upcoming) const {
    if (upcoming.size() > 2) {
      const TaskId t = upcoming[2];
      graph_.prefetch_in_row(t);
      graph_.prefetch_task(t);
      __builtin_prefetch(&tasks_[t]);
    }
    if (upcoming.size() > 1) {
      const TaskId t = upcoming[1];
      __builtin_prefetch(&inputs_[graph_.in_begin(t)]);
      graph_.prefetch_out_edges(t);
    }
    if (!upcoming.empty()) {
      const TaskId t = upcoming[0];
      for (std::uint32_t k = graph_.in_begin(t); k < graph_.in_end(t); ++k) {
        __builtin_prefetch(&ran_on_[inputs_[k].source]);
        graph_.prefetch_bytes(inputs_[k].edge);
      }
    }
  }
  /// Calls policy.on_wake(tag) at time t (>= now).
  void wake_at(sim::Time t, std::uint32_t tag) { engine_.schedule(t, kWake, tag, 2); }

  // ---- kernel callback ----
  void handle(const sim::Event& e) {
    switch (e.kind) {
      case kFinish:
        finish_task(e.target);
        break;
      case kWake:
        policy_.on_wake(e.target, *this);
        break;
      case kFlowJoin:
        join_flows();
        break;
      case kFlowDone:
        flows_done();
        break;
      case kLockTry:
        // (A core that failed since gave up that wait: the event is stale.)
        if (lock_wait_[e.target] != LockWait::kUntilStart) break;
        lock_wait_[e.target] = LockWait::kNone;
        try_start(static_cast<CoreId>(e.target));
        break;
      case kFailGiven: {
        --fault_events_;
        // The given failures of this instant still to come: their cores fail at once with
        // this one (no lock granted to them, no task given to them meanwhile).
        const CoreFailure& f = faults_->failures[given_order_[e.target]];
        for (std::size_t k = e.target + 1;
             k < given_order_.size() && faults_->failures[given_order_[k]].at == f.at; ++k)
          about_to_fail(faults_->failures[given_order_[k]].core);
        fail_core(f.core, f.at + f.repair);
        break;
      }
      case kFailRandom:
        --fault_events_;
        random_pending_[e.target] = 0;
        // Nothing but failures could happen any more (a plan that deadlocks): no more of them,
        // else failures and repairs would go on for ever.
        if (engine_.pending() == fault_events_ && repairs_pending_ == 0) break;
        // The unit's cores fail together: none of them idle, nor waiting for a lock, from now
        // on (a task a policy takes back from the first, or a lock it releases, must not go
        // to the next).
        for (CoreId c = e.target * unit_; c < (e.target + 1) * unit_; ++c) about_to_fail(c);
        for (CoreId c = e.target * unit_; c < (e.target + 1) * unit_; ++c)
          fail_core(c, now() + faults_->mttr);
        break;
      case kRepair:
        --fault_events_;
        --repairs_pending_;
        repair_core(static_cast<CoreId>(e.target));
        break;
      default:
        break;
    }
  }

 private:
  static constexpr bool kAssignsAllAtStart = requires { requires Policy::kAssignsAllAtStart; };
  static constexpr bool kDecidesPerInstant = requires { requires Policy::kDecidesPerInstant; };
  static constexpr bool kMovesLostTasks =
      requires(Policy & p, Simulator& s, std::span<const TaskId> lost) {
    p.on_core_failed(CoreId{}, lost, s);
    p.on_core_repaired(CoreId{}, s);
  };
  enum : std::uint16_t {
    kFinish = 0,
    kWake = 2,
    kFlowDone = 4,
    kFlowJoin = 5,
    kLockTry = 6,
    kFailGiven = 7,
    kFailRandom = 8,
    kRepair = 9
  };
  static constexpr sim::Slot kNetworkSlot = 0;
  static constexpr sim::Slot kJoinSlot = 1;
  static constexpr sim::Slot kFaultSlot = 2;       // failures and repairs: cancelled at the end
  static constexpr sim::Slot kFinishSlotBase = 3;  // + core: its finish, with faults only
  static constexpr TaskId kNoTask = std::numeric_limits<TaskId>::max();
  static constexpr TaskId kDownMark = kNoTask - 1;  // running_[c] of a failed core

  void start_once() {
    if (started_) return;
    started_ = true;
    if (has_faults_) schedule_faults();
    policy_.on_start(*this);
    for (TaskId t = 0; t < graph_.task_count(); ++t)
      if (graph_.in_degree(t) == 0) policy_.on_task_ready(t, *this);
    if constexpr (requires { policy_.on_sources_queued(*this); }) policy_.on_sources_queued(*this);
  }

  // The inputs of t (just assigned to c) whose producers have finished start moving now.
  // Only a transfer matters: a finished producer's data on c, or free to move, is there by
  // now (it finished at or before now), and t cannot start before now. So a producer is read
  // from the dense ran_on_ array, not from its state.
  void receive_finished_inputs(TaskId t, CoreId c) {
    TaskState& ts = tasks_[t];
    const sim::Time t_now = now();
    if (flows_) {
      for (std::uint32_t k = graph_.in_begin(t); k < graph_.in_end(t); ++k)
        if (ran_on_[inputs_[k].source] != kNoCore)  // finished
          send(inputs_[k].edge, inputs_[k].source, t, t_now);
      return;
    }
    double ready = ts.time;
    for (std::uint32_t k = graph_.in_begin(t); k < graph_.in_end(t); ++k) {
      const CoreId a = ran_on_[inputs_[k].source];
      if (a == kNoCore || a == c) continue;  // not finished yet; or its data is already on c
      const double cost = note_transfer(inputs_[k].edge, a, c, t_now);
      if (cost > 0 && t_now + cost > ready) ready = t_now + cost;  // (0: nothing to wait for)
    }
    ts.time = ready;
  }

  // Transfer of edge e from a finished producer on core a to an assigned consumer on core b,
  // starting at `start`: returns its duration and reports it.
  double note_transfer(EdgeId e, CoreId a, CoreId b, sim::Time start) {
    const double cost = problem_.transfer_time(e, a, b);
    if (a != b && graph_.bytes(e) > 0) {
      ++result_.transfers;
      result_.bytes_moved += graph_.bytes(e);
      if (observer_) observer_->on_transfer({e, a, b, graph_.bytes(e), start, start + cost});
    }
    return cost;
  }

  // Starts the head of core c's queue if the core is free and the head's producers have all
  // finished (and, under `flow`, its flows have all arrived). The head's input arrival time is
  // then final, so the task is started at once for the instant its inputs are there: the
  // core is reserved (it has no other task to run meanwhile) and its finish is the only
  // event of the task, whether the core waits for data or not.
  void try_start(CoreId c) {
    if (running_[c] != kNoTask) return;  // (also kDownMark: a failed core's repair calls us)
    if (queue_pos_[c] == queues_[c].size()) return;
    const TaskId h = queues_[c][queue_pos_[c]];
    const TaskState& hs = tasks_[h];
    if (hs.preds_left != 0) return;  // some producer has not finished: its finish will call us
    if (flows_ && inflight_[h] != 0) return;  // the last flow's arrival will call us
    const sim::Time at = std::max(hs.time, now());
    if (has_locks_ && !take_lock(h, c, at)) return;
    start_task(h, c, at);
  }

  // ---- locks ----
  // t, the head of core c, would start at `at`: true when it has no lock or takes it now.
  // Otherwise the core waits: until `at` (a kLockTry event then tries again, so that a lock is
  // taken when its task starts, not while its inputs travel), or in the lock's queue of
  // waiting cores until the holder finishes.
  // (Kept out of line, as release_lock(): a graph without locks never calls them, and inlined
  // they would make finish_task too large to be inlined into the event loop.)
  [[gnu::noinline]] bool take_lock(TaskId t, CoreId c, sim::Time at) {
    const LockId l = graph_.lock_of(t);
    if (l == TaskGraph::kNoLock) return true;
    if (lock_wait_[c] != LockWait::kNone) return false;  // already waiting
    if (at > now()) {
      lock_wait_[c] = LockWait::kUntilStart;
      engine_.schedule(at, kLockTry, c, 1);  // after the finishes of that instant
      return false;
    }
    if (holder_[l] != kNoTask) {
      lock_wait_[c] = LockWait::kQueued;
      lock_waiters_[l].push(c);
      return false;
    }
    holder_[l] = t;
    return true;
  }

  // t finished: its lock goes to the core that has waited longest for it, if any.
  [[gnu::noinline]] void release_lock(TaskId t) {
    const LockId l = graph_.lock_of(t);
    if (l == TaskGraph::kNoLock) return;
    holder_[l] = kNoTask;
    CoreQueue& waiting = lock_waiters_[l];
    if (waiting.empty()) return;
    const CoreId c = waiting.pop();
    lock_wait_[c] = LockWait::kNone;
    try_start(c);
  }

  // The core takes t up at time `at` (>= now; later when its inputs are still on their way):
  // busy from `at`, computing after the decision overhead.
  void start_task(TaskId t, CoreId c, sim::Time at) {
    prefetch_ahead(c);
    running_[c] = t;
    double d = problem_.duration(t, c);
    if (checkpoints_) [[unlikely]]
      d = start_checkpointed_run(t, c);
    const sim::Time start = at + costs_.decision_overhead;
    sim::Time end = start + d;
    if (profiled_) [[unlikely]] {  // the host's speed varies: d at peak speed takes longer
      if (const SpeedProfile* p = problem_.platform().speed_profile(c)) {
        end = p->finish(start, d);
        d = end - start;
      }
    }
    running_start_[c] = start;
    result_.core_busy[c] += d;
    engine_.schedule(end, kFinish, t, 0, has_faults_ ? kFinishSlotBase + c : sim::kNoSlot);
    if (observer_) {
      observer_->on_core_state(c, sim::CoreState::kBusy, at);
      observer_->on_task_start({t, c, start, end});
    }
  }

  // The memory a core's next tasks will need, requested while the current one runs (a run is
  // bound by cache misses on per-task data scattered over the graph): for the task starting
  // now (queue position k), its successors' states, read when it finishes; for task k + 1,
  // its out-edges; for task k + 2, its state, work and row start. Each step reads only what
  // the previous step, one start earlier, already requested. (Always inlined: GCC deems a
  // function that only prefetches pure and drops its calls.)
  [[gnu::always_inline]] void prefetch_ahead(CoreId c) {
    const std::vector<TaskId>& q = queues_[c];
    const std::size_t k = queue_pos_[c];
    const TaskId t = q[k];
    for (EdgeId e = graph_.out_begin(t); e < graph_.out_end(t); ++e) {
      const TaskId v = graph_.target(e);
      __builtin_prefetch(&tasks_[v]);
      // A policy that will likely assign t's successors soon after t finishes (and cannot
      // tell which ahead): their in-edge records, row starts and out-edges too.
      if constexpr (requires { policy_.prefetch_successors(); })
        if (policy_.prefetch_successors()) {
          __builtin_prefetch(&inputs_[graph_.in_begin(v)]);
          graph_.prefetch_task(v);
          graph_.prefetch_out_edges(v);
        }
    }
    if (k + 1 < q.size()) graph_.prefetch_out_edges(q[k + 1]);
    if (k + 2 < q.size()) {
      __builtin_prefetch(&tasks_[q[k + 2]]);
      graph_.prefetch_task(q[k + 2]);
    }
  }

  void finish_task(TaskId t) {
    TaskState& ts = tasks_[t];
    const CoreId c = ts.core;
    const sim::Time t_now = now();
    ts.time = t_now;
    ts.preds_left = kFinished;
    if constexpr (!kAssignsAllAtStart) ran_on_[t] = c;
    ++result_.tasks_done;
    if (t_now > result_.makespan) result_.makespan = t_now;
    running_[c] = kNoTask;
    if (++queue_pos_[c] == queues_[c].size()) {
      queues_[c].clear();
      queue_pos_[c] = 0;
      idle_bits_[c / 64] |= std::uint64_t{1} << (c % 64);
    }
    if (observer_) {
      observer_->on_task_end({t, c, running_start_[c], t_now});
      observer_->on_core_state(c, sim::CoreState::kIdle, t_now);
    }
    if (has_locks_) release_lock(t);  // before any other task of this instant asks
    if (has_faults_ && result_.tasks_done == graph_.task_count()) end_faulty_run();
    enabling_core_ = c;
    for (EdgeId e = graph_.out_begin(t); e < graph_.out_end(t); ++e) {
      const TaskId v = graph_.target(e);
      TaskState& vs = tasks_[v];
      if (vs.core != kNoCore) {
        if (flows_) {
          send(e, t, v, t_now);
        } else {
          const double arrival = t_now + note_transfer(e, c, vs.core, t_now);
          if (arrival > vs.time) vs.time = arrival;
        }
      }
      if (--vs.preds_left == 0) {
        if (vs.core != kNoCore) try_start(vs.core);
        policy_.on_task_ready(v, *this);
      }
    }
    bool decide = true;
    if constexpr (kDecidesPerInstant) decide = !another_finish_now();  // after the last one
    if (decide) policy_.on_task_finished(t, c, *this);
    try_start(c);
  }

  // The next event is another task's finish at this instant. (A failure cancels its core's
  // finish: cancelled events are dropped first, so that the next live one is seen.)
  bool another_finish_now() {
    if (has_faults_) engine_.drop_cancelled();
    const sim::Event* next = engine_.peek();
    return next != nullptr && next->kind == kFinish && next->time == now();
  }

  // ---- faults (kept out of line: a run without faults never calls them) ----
  [[gnu::noinline]] void init_faults();

  // At time 0: every given failure, and each core's first random one (none without tasks).
  void schedule_faults();
  // The next random failure of unit u (its cores fail together: a core, or a node's cores).
  void schedule_random_failure(std::uint32_t u);
  // Failures and repairs come after the finishes of their instant (priority 1).
  void schedule_fault(sim::Time at, std::uint16_t kind, std::uint32_t target);

  // Core c fails at this instant, after another core's failure: until then it takes no task
  // (not idle) and no lock (out of the lock's queue). Nothing for a core already down.
  void about_to_fail(CoreId c) {
    if (is_down(c)) return;
    idle_bits_[c / 64] &= ~(std::uint64_t{1} << (c % 64));
    if (has_locks_) leave_lock_queue(c);
  }
  // Core c fails now and runs again at `up` (infinity: never). A core already down stays down
  // until the later of its two repairs.
  [[gnu::noinline]] void fail_core(CoreId c, sim::Time up);
  // The last task finished: no more failures and repairs, and (under `flow`) no more of the
  // flows still going to cores that failed, which nobody waits for (the network's statistics
  // end with the run).
  [[gnu::noinline]] void end_faulty_run();

  // ---- checkpoints (when checkpoints_; docs/models/faults.md) ----
  // What a run of t on c computes: from the task's progress so far (a fraction of it, kept by
  // its checkpoints), the seconds of computing left on c and whether it resumes.
  struct RunPlan {
    double duration;   // the whole task on c
    double remaining;  // the computing left
    bool resumes;      // from a checkpoint (read back first)
  };
  RunPlan run_plan(TaskId t, CoreId c) const {
    const double d = problem_.duration(t, c);
    const double f = progress_[t];
    return {d, f > 0 ? (1 - f) * d : d, f > 0};
  }
  // The length of t's next (or current) run on c.
  double run_length(TaskId t, CoreId c) const {
    if (!checkpoints_) return problem_.duration(t, c);
    const RunPlan r = run_plan(t, c);
    return checkpoints_->run_time(r.remaining, r.resumes);
  }
  // t starts on c: its run's length, with its checkpoints and read-back counted (as if it
  // completes; a failure takes back what it did not do).
  [[gnu::noinline]] double start_checkpointed_run(TaskId t, CoreId c);
  [[noreturn, gnu::cold]] void too_many_checkpoints(TaskId t, double n) const;
  static constexpr double kMaxCheckpointsPerRun = 1e12;

  // t's run on c is cut short after `done` seconds: the task keeps the work up to its last
  // checkpoint written. Returns the seconds of the run that were not lost (the read-back and
  // the computing and writing up to that checkpoint; 0 without one).
  [[gnu::noinline]] double keep_checkpointed_work(TaskId t, CoreId c, double done);

  // A failed core's running_ entry is kDownMark until its repair (the one record of it).
  bool is_down(CoreId c) const { return running_[c] == kDownMark; }

  // A task cut short kMaxCutsPerTask times: failures come too often for it to finish (random
  // failures never stop while it runs), so the run is stopped instead of going on for ever.
  // `duration`: the run's length on c, or < 0 for a task cut short before it began.
  [[noreturn, gnu::cold]] void too_many_failures(TaskId t, CoreId c, double duration) const;

  // A failed core c waiting for its head's lock leaves the lock's queue (the lock must not be
  // granted to a core that cannot start); it asks again when it runs again.
  void leave_lock_queue(CoreId c);

  [[gnu::noinline]] void repair_core(CoreId c);

  // Core c failed for good under a plan (a policy without the fault hooks follows its plan and
  // waits for a repair that will not come): the kernel repairs the plan. The tasks left on c
  // go, in their order on c, each to the core where it would finish first if every core ran
  // its queue back to back from now (from its repair for a core that is down or has a given
  // failure due now; the task's own run there counted; ties: the lowest core), cores that
  // failed or fail now for good excepted. Each is placed in its new queue by a topological
  // order of the tasks left (under the graph's edges and every queue's order), behind the
  // queue's head if all its producers have finished (it stays first). So every queue stays
  // sorted by that order but for such a head, which waits for nothing unfinished: the task
  // of lowest order among those left is always a head or behind one that can run, and the
  // run cannot deadlock. Its inputs already produced move to the new core from now; the
  // others go there when they are produced. (A static order that deadlocks by itself stays
  // where it was, to be diagnosed at the end of the run.)
  [[gnu::noinline, gnu::cold]] void move_plan_tasks(CoreId c);

  // Reports a move of t from c to `to` as a kMoved decision (free_at: each core's estimated
  // end before t was placed, infinity for a core left out).
  void explain_move(DecisionObserver& explain, TaskId t, CoreId c, CoreId to,
                    const std::vector<double>& free_at, double start_on_to,
                    std::uint32_t order) const;

  // For move_plan_tasks(): each unfinished task's position in a topological order of the
  // unfinished tasks under both the graph's edges and each core's queue order (Kahn's, FIFO,
  // sources in id order). Every queue is a chain of such edges; the tasks of a cycle (a
  // static order that contradicts the graph) and those after it get task_count().
  std::vector<std::uint32_t> plan_order_of_tasks_left() const;

  // ---- the `flow` network ----
  void init_flows(const FlowNetworkConfig& cfg);

  // Edge e's data from finished producer u to assigned consumer v starts moving now: a flow,
  // unless it stays on one core, has no bytes or goes between two cores of a node whose
  // intra-node transfers are free.
  void send(EdgeId e, TaskId u, TaskId v, sim::Time t_now);

  // The channel of the route from node na to node nb (the node's intra-node link when they are
  // the same), or kFreeRoute when that route has no link.
  FlowNetwork::ChannelId channel_between(NodeId na, NodeId nb);
  [[gnu::cold, gnu::noinline]] void no_route(NodeId na, NodeId nb) const;

  // Flow f's latency ends at `at`. Flows whose latency ends at the same instant join together
  // (one re-solve), once every other event of that instant has been handled: one kernel event
  // (priority 3, after finishes and wake-ups) stands for the earliest such instant. Flows of
  // one route latency end their latency in the order they were sent (the clock never goes
  // back), so each latency has a FIFO, and the earliest instant is the smallest head.
  void wait_latency(FlowNetwork::FlowId f, double at, double latency);

  // The flows whose latency ends now start sharing bandwidth, in the order they were sent.
  void join_flows();
  // With moved tasks (faults): a flow whose consumer has moved since it was sent (its tag
  // holds the consumer's assignment count then).
  bool is_void(std::uint64_t tag) const;
  // The tasks of core c moved: the flows still bringing them data there end now, those in
  // their latency phase too (their joins are dropped; the join event stays, as if they had
  // joined and left). Observers see them as transfers not delivered. (Every void flow is to
  // c: those of earlier moves ended then.)
  [[gnu::noinline]] void cancel_void_flows(CoreId c);

  // One kernel event stands for the network's next completion; moved when rates change.
  void reschedule_network();

  void flows_done();

  void report_links();

  const Problem& problem_;
  const TaskGraph& graph_;
  Policy& policy_;
  sim::Observer* observer_;
  sim::Engine<Simulator> engine_;
  DispatchCosts costs_;
  bool uniform_durations_;  // problem_.uniform_durations(), asked once
  bool has_locks_;          // graph_.has_locks(): the lock state below is in use
  bool has_faults_;         // the platform's cores may fail: the fault state below is in use
  bool started_ = false;

  // Per-task state, one 16-byte record per task (four to a cache line, none straddling two).
  static constexpr std::uint32_t kFinished = std::numeric_limits<std::uint32_t>::max();
  struct TaskState {
    // Until the task finishes: the latest arrival of its inputs so far (final once
    // preds_left == 0). Afterwards: its finish time.
    double time = 0.0;
    std::uint32_t preds_left = 0;  // producers not finished yet; kFinished once it has run
    CoreId core = kNoCore;
  };
  std::vector<TaskState> tasks_;
  const Input* inputs_ = nullptr;   // the graph's in-edge records; null for a static plan
  std::vector<CoreId> ran_on_;      // per task: its core once finished; empty for a static plan
  CoreId enabling_core_ = kNoCore;  // the core of the task finishing now (kNoCore: none yet)
  // Per core: the tasks assigned so far in order, the head's position among them (the tasks
  // before it have run; the queue is emptied when the last one finishes).
  std::vector<std::vector<TaskId>> queues_;
  std::vector<std::uint32_t> queue_pos_;
  // Flat per-core state.
  std::vector<TaskId> running_;  // its task (running or reserved), kNoTask, or kDownMark
  std::vector<std::uint64_t> idle_bits_;
  std::vector<sim::Time> running_start_;

  SimulationResult result_;

  // Locks (when has_locks_): each lock's running holder or kNoTask, the cores waiting for it
  // in order, and what each core's head is waiting for.
  enum class LockWait : std::uint8_t { kNone, kUntilStart, kQueued };
  // A FIFO of cores (appended at the back, taken at the front; emptied when drained).
  struct CoreQueue {
    std::vector<CoreId> cores;
    std::size_t front = 0;
    bool empty() const { return front == cores.size(); }
    void push(CoreId c) { cores.push_back(c); }
    void remove(CoreId c) {
      const auto at = std::find(cores.begin() + static_cast<std::ptrdiff_t>(front), cores.end(), c);
      if (at != cores.end()) cores.erase(at);
      if (front == cores.size()) {
        cores.clear();
        front = 0;
      }
    }
    CoreId pop() {
      const CoreId c = cores[front++];
      if (front == cores.size()) {
        cores.clear();
        front = 0;
      }
      return c;
    }
  };
  std::vector<TaskId> holder_;
  std::vector<CoreQueue> lock_waiters_;
  std::vector<LockWait> lock_wait_;

  // Faults (when has_faults_): per core, when it runs again (whether it is down: running_); the
  // random failure streams and whether a random failure is pending; the tasks a failure takes back;
  // per task (moved tasks under `flow`), how many times it lost its core.
  const FaultModel* faults_ = nullptr;
  std::vector<std::uint32_t> given_order_;  // the given failures by (time, core), as scheduled
  std::vector<sim::Time> up_at_;
  std::uint32_t unit_ = 1;                    // cores that random failures strike together
  std::vector<FailureStream> streams_;        // per unit
  std::vector<std::uint8_t> random_pending_;  // per unit
  std::vector<TaskId> lost_;
  std::vector<std::uint32_t> attempt_;
  std::vector<std::uint32_t> cut_short_;  // per task: runs cut short in a row, none keeping work
  std::uint64_t kept_work_runs_ = 0;      // runs cut short that kept checkpointed work
  // Per task (on first use): its returns before it began since the run's progress was
  // `progress` (tasks done + kept_work_runs_).
  struct Returns {
    std::uint64_t progress = 0;
    std::uint32_t count = 0;
  };
  std::vector<Returns> returns_;
  const Checkpoints* checkpoints_ = nullptr;  // null: no checkpoints
  bool profiled_ = false;                     // some core has a speed profile
  std::vector<double> progress_;              // with checkpoints: per task, the fraction kept
  static constexpr std::uint32_t kMaxCutsPerTask = 10000;
  std::uint64_t fault_events_ = 0;  // failure and repair events pending
  std::uint64_t repairs_pending_ = 0;  // of which repairs

  // The `flow` network (null for the other models).
  std::unique_ptr<FlowNetwork> flows_;
  const FlowNetworkConfig* flow_cfg_ = nullptr;
  LinkId intra_base_ = 0;
  std::vector<LinkId> route_, back_route_;
  static constexpr FlowNetwork::ChannelId kFreeRoute =
      std::numeric_limits<FlowNetwork::ChannelId>::max();
  static constexpr FlowNetwork::ChannelId kUnknownRoute = kFreeRoute - 1;
  NodeId node_count_ = 0;
  std::vector<FlowNetwork::ChannelId> pair_channels_;  // [na * nodes + nb], when few nodes
  std::vector<std::uint32_t> inflight_;                // per task: flows still bringing its inputs
  // Flows in their latency phase: when it ends, and their sending order.
  struct Waiting {
    double at;
    std::uint64_t seq;
    FlowNetwork::FlowId flow;
  };
  // A ring buffer of the flows of one route latency, in sending order (so by `at`).
  struct LatencyFifo {
    double latency;
    std::vector<Waiting> ring{};  // capacity a power of two
    std::size_t head = 0, size = 0;
    bool empty() const { return size == 0; }
    const Waiting& front() const { return ring[head]; }
    Waiting pop() {
      const Waiting w = ring[head];
      head = (head + 1) & (ring.size() - 1);
      --size;
      return w;
    }
    // Removes the entries for which drop(entry) is true, keeping the others' order.
    template <class Drop>
    void remove_if(Drop&& drop) {
      std::size_t kept = 0;
      for (std::size_t i = 0; i < size; ++i) {
        const Waiting w = ring[(head + i) & (ring.size() - 1)];
        if (!drop(w)) ring[(head + kept++) & (ring.size() - 1)] = w;
      }
      size = kept;
    }
    void push(const Waiting& w) {
      if (size == ring.size()) {  // full: unroll into a buffer twice as large
        std::vector<Waiting> bigger(std::max<std::size_t>(64, 2 * ring.size()));
        for (std::size_t i = 0; i < size; ++i) bigger[i] = ring[(head + i) & (ring.size() - 1)];
        ring.swap(bigger);
        head = 0;
      }
      ring[(head + size++) & (ring.size() - 1)] = w;
    }
  };
  std::vector<LatencyFifo> waiting_;
  std::size_t last_wait_ = 0;
  std::uint64_t sent_ = 0;
  double join_at_ = FlowNetwork::kNever;  // the pending kFlowJoin event's time
  std::vector<Waiting> pending_active_;   // latency over at this instant
  std::vector<FlowNetwork::FlowId> joining_;
  double network_event_at_ = FlowNetwork::kNever;
};

}  // namespace pelsim::models

// The members kept in their own files.
#include "pelsim/models/simulator_faults.hpp"  // IWYU pragma: export
#include "pelsim/models/simulator_flows.hpp"   // IWYU pragma: export
