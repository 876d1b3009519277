// The fault model of Simulator (docs/models/faults.md): failures and repairs, checkpoints, and
// the repair of a plan whose core fails for good. Out-of-class members of the Simulator
// template, kept apart from its event loop; simulation.hpp includes this file at its end, so
// include that one.
#pragma once

#include "pelsim/models/simulation.hpp"

namespace pelsim::models {

template <class Policy>
void Simulator<Policy>::init_faults() {
  const std::uint32_t p = problem_.core_count();
  faults_ = &problem_.platform().faults();
  engine_.resize_slots(kFinishSlotBase + p);
  up_at_.assign(p, 0.0);
  cut_short_.assign(graph_.task_count(), 0);
  given_order_.resize(faults_->failures.size());
  for (std::uint32_t i = 0; i < given_order_.size(); ++i) given_order_[i] = i;
  // By time, then core (then as listed): failures of one instant in core order, whatever the
  // order of the list.
  std::ranges::stable_sort(given_order_, {}, [&](std::uint32_t i) {
    return std::pair{faults_->failures[i].at, faults_->failures[i].core};
  });
  if (flows_ && (kMovesLostTasks || faults_->has_permanent()))
    attempt_.assign(graph_.task_count(), 0);
  if (faults_->mtbf > 0) {
    unit_ = faults_->cores_per_unit;
    const std::uint32_t units = p / unit_;
    streams_.reserve(units);
    for (std::uint32_t u = 0; u < units; ++u) streams_.emplace_back(faults_->seed, u);
    random_pending_.assign(units, 0);
  }
}

template <class Policy>
inline void Simulator<Policy>::schedule_faults() {
  if (graph_.task_count() == 0) return;
  for (std::uint32_t k = 0; k < given_order_.size(); ++k)  // (so those of an instant in a row)
    schedule_fault(faults_->failures[given_order_[k]].at, kFailGiven, k);
  for (std::uint32_t u = 0; u < streams_.size(); ++u) schedule_random_failure(u);
}

template <class Policy>
inline void Simulator<Policy>::schedule_random_failure(std::uint32_t u) {
  random_pending_[u] = 1;
  schedule_fault(now() + streams_[u].next_up_time(faults_->mtbf), kFailRandom, u);
}

template <class Policy>
inline void Simulator<Policy>::schedule_fault(sim::Time at, std::uint16_t kind,
                                              std::uint32_t target) {
  ++fault_events_;
  if (kind == kRepair) ++repairs_pending_;
  engine_.schedule(at, kind, target, 1, kFaultSlot);
}

template <class Policy>
void Simulator<Policy>::fail_core(CoreId c, sim::Time up) {
  const sim::Time t_now = now();
  if (is_down(c)) {
    if (up > up_at_[c]) {
      up_at_[c] = up;
      if (up != kNeverRepaired) schedule_fault(up, kRepair, c);
      if (observer_) observer_->on_core_failure(c, t_now, up);  // the downtime is longer
      if constexpr (!kMovesLostTasks)
        if (up == kNeverRepaired) move_plan_tasks(c);  // it was waiting for the repair
    }
    return;
  }
  ++result_.failures;
  up_at_[c] = up;
  idle_bits_[c / 64] &= ~(std::uint64_t{1} << (c % 64));
  if (up != kNeverRepaired) schedule_fault(up, kRepair, c);
  if (observer_) observer_->on_core_failure(c, t_now, up);
  if (const TaskId r = running_[c]; r != kNoTask) {  // started, or waiting for its inputs
    engine_.cancel(kFinishSlotBase + c);
    // (A task reserved while its inputs travel would have started later: its run is cut
    // short before it began.)
    const double start = std::min(running_start_[c], t_now);
    const double d = run_length(r, c);
    const double done = std::min(t_now - start, d);
    result_.core_busy[c] -= d - done;
    const double kept = checkpoints_ ? keep_checkpointed_work(r, c, done) : 0.0;
    result_.lost_work += done - kept;
    ++result_.interrupted;
    if (kept > 0) {  // it progressed: only cuts in a row without progress
      cut_short_[r] = 0;
      ++kept_work_runs_;
    }
    // A plan's task cut short before its inputs were in keeps its core and its inputs, which
    // go on arriving: nothing is lost, and the cut does not count towards the limit. (A moved
    // task has its inputs sent again; a decision overhead under way is lost.)
    const bool began = tasks_[r].time <= t_now;
    if ((began || kMovesLostTasks) && ++cut_short_[r] == kMaxCutsPerTask)
      too_many_failures(r, c, began ? costs_.decision_overhead + d : -1);
    running_[c] = kNoTask;
    if (observer_) {
      observer_->on_task_interrupted({r, c, start, t_now});
      observer_->on_core_state(c, sim::CoreState::kIdle, t_now);
    }
    if (has_locks_) release_lock(r);
  } else if (queue_pos_[c] < queues_[c].size()) {
    // A head not reserved while its inputs travel (under `flow`, try_start waits for the last
    // flow; a task with a lock waits for their arrival before it takes the lock) is cut short
    // all the same, before it began, as one reserved (nothing computed; it is counted, and
    // when it moves, its inputs sent again, it too may be cut short only so often).
    const TaskId h = queues_[c][queue_pos_[c]];
    const TaskState& hs = tasks_[h];
    if (hs.preds_left == 0 && (hs.time > t_now || (flows_ && inflight_[h] != 0))) {
      ++result_.interrupted;
      if (kMovesLostTasks && ++cut_short_[h] == kMaxCutsPerTask) too_many_failures(h, c, -1);
      if (observer_) observer_->on_task_interrupted({h, c, t_now, t_now});
    }
  }
  running_[c] = kDownMark;  // try_start() returns at once, as for a running core
  if (has_locks_) leave_lock_queue(c);
  if constexpr (!kMovesLostTasks)
    if (up == kNeverRepaired) move_plan_tasks(c);
  if constexpr (kMovesLostTasks) {
    lost_.assign(queues_[c].begin() + queue_pos_[c], queues_[c].end());
    queues_[c].clear();
    queue_pos_[c] = 0;
    for (const TaskId t : lost_) {
      TaskState& ts = tasks_[t];
      ts.core = kNoCore;
      ts.time = 0;  // its inputs' arrivals are found again when it is assigned again
      if (!attempt_.empty()) {
        ++attempt_[t];
        inflight_[t] = 0;
      }
    }
    if (flows_ && !lost_.empty()) cancel_void_flows(c);
    policy_.on_core_failed(c, lost_, *this);
  }
}

template <class Policy>
double Simulator<Policy>::start_checkpointed_run(TaskId t, CoreId c) {
  const RunPlan r = run_plan(t, c);
  const double n = checkpoints_->count_in(r.remaining);
  if (n > kMaxCheckpointsPerRun) [[unlikely]]
    too_many_checkpoints(t, n);
  result_.checkpoints += static_cast<std::uint64_t>(n);
  result_.checkpoint_time += (r.resumes ? checkpoints_->restart : 0.0) + n * checkpoints_->cost;
  return checkpoints_->run_time(r.remaining, r.resumes);
}

template <class Policy>
inline void Simulator<Policy>::too_many_checkpoints(TaskId t, double n) const {
  char text[300];
  std::snprintf(text, sizeof text,
                "task '%.*s' would write %g checkpoints in one run: give a longer checkpoint "
                "interval (%g s)",
                static_cast<int>(std::min<std::size_t>(graph_.name(t).size(), 120)),
                graph_.name(t).data(), n, checkpoints_->interval);
  throw InputError(text);
}

template <class Policy>
double Simulator<Policy>::keep_checkpointed_work(TaskId t, CoreId c, double done) {
  const RunPlan r = run_plan(t, c);
  const Checkpoints& cp = *checkpoints_;
  const double n = cp.count_in(r.remaining);
  const double k = cp.written_after(done, r.remaining, r.resumes);
  const double read_back = r.resumes ? cp.restart : 0.0;
  result_.checkpoints -= static_cast<std::uint64_t>(n - k);  // those it did not write
  result_.checkpoint_time -= read_back + n * cp.cost;
  if (k == 0) return 0.0;
  result_.checkpoint_time += read_back + k * cp.cost;
  progress_[t] += k * cp.interval / r.duration;
  return read_back + k * (cp.interval + cp.cost);
}

template <class Policy>
inline void Simulator<Policy>::too_many_failures(TaskId t, CoreId c, double duration) const {
  char where[80];
  if (duration >= 0)
    std::snprintf(where, sizeof where, "where it needs %g s", duration);
  else
    std::snprintf(where, sizeof where, "before it began, it or its inputs on their way");
  char rate[80];
  if (faults_->mtbf > 0)
    std::snprintf(rate, sizeof rate, "mean time between failures %g s", faults_->mtbf);
  else  // (given failures only)
    std::snprintf(rate, sizeof rate, "%zu failures given", faults_->failures.size());
  char text[480];
  std::snprintf(text, sizeof text,
                "task '%.*s' was cut short by %u failures (the last on core %u, %s): the cores "
                "fail too often for it to finish (%s); give a longer MTBF or fewer failures",
                static_cast<int>(std::min<std::size_t>(graph_.name(t).size(), 120)),
                graph_.name(t).data(), kMaxCutsPerTask, c, where, rate);
  throw InputError(text);
}

template <class Policy>
inline void Simulator<Policy>::leave_lock_queue(CoreId c) {
  if (lock_wait_[c] == LockWait::kQueued) {
    const LockId l = graph_.lock_of(queues_[c][queue_pos_[c]]);
    lock_waiters_[l].remove(c);
  }
  lock_wait_[c] = LockWait::kNone;  // (a pending kLockTry then finds the core down)
}

template <class Policy>
void Simulator<Policy>::end_faulty_run() {
  engine_.cancel(kFaultSlot);
  if (!flows_) return;
  if (network_event_at_ != FlowNetwork::kNever) engine_.cancel(kNetworkSlot);
  if (join_at_ != FlowNetwork::kNever) engine_.cancel(kJoinSlot);
  network_event_at_ = join_at_ = FlowNetwork::kNever;
}

template <class Policy>
void Simulator<Policy>::repair_core(CoreId c) {
  if (!is_down(c) || now() != up_at_[c]) return;  // superseded by a later repair
  running_[c] = kNoTask;
  // The unit's next random failure is drawn once all its cores are up again.
  if (!streams_.empty() && !random_pending_[c / unit_]) {
    const CoreId first = c / unit_ * unit_;
    bool all_up = true;
    for (CoreId d = first; d < first + unit_; ++d)  // (a core failed for good aside)
      all_up = all_up && (!is_down(d) || up_at_[d] == kNeverRepaired);
    if (all_up) schedule_random_failure(c / unit_);
  }
  if (queue_pos_[c] == queues_[c].size()) idle_bits_[c / 64] |= std::uint64_t{1} << (c % 64);
  try_start(c);
  if constexpr (kMovesLostTasks) policy_.on_core_repaired(c, *this);
}

template <class Policy>
void Simulator<Policy>::move_plan_tasks(CoreId c) {
  if (queue_pos_[c] == queues_[c].size()) return;
  const std::vector<std::uint32_t> order = plan_order_of_tasks_left();
  for (std::size_t i = queue_pos_[c]; i < queues_[c].size(); ++i)
    if (order[queues_[c][i]] == graph_.task_count()) return;  // in a cycle of the plan
  lost_.assign(queues_[c].begin() + queue_pos_[c], queues_[c].end());
  queues_[c].clear();
  queue_pos_[c] = 0;
  const std::uint32_t p = problem_.core_count();
  std::vector<double> free_at(p, 0.0);  // when each core's queue would be done
  for (CoreId d = 0; d < p; ++d) free_at[d] = is_down(d) ? up_at_[d] : now();
  for (const CoreFailure& f : faults_->failures)  // failures of this instant still to come
    if (f.at == now()) free_at[f.core] = std::max(free_at[f.core], f.at + f.repair);
  for (CoreId d = 0; d < p; ++d) {
    if (free_at[d] == kNeverRepaired) continue;
    double at = free_at[d];
    for (std::size_t i = queue_pos_[d]; i < queues_[d].size(); ++i) {
      const TaskId t = queues_[d][i];
      at = i == queue_pos_[d] && running_[d] == t
               ? std::max(at, running_start_[d] + run_length(t, d))
               : at + run_length(t, d);
    }
    free_at[d] = at;
  }
  const sim::Time t_now = now();
  for (const TaskId t : lost_) {
    CoreId to = kNoCore;
    double best = kNeverRepaired;
    for (CoreId d = 0; d < p; ++d)
      if (free_at[d] != kNeverRepaired && free_at[d] + run_length(t, d) < best) {
        best = free_at[d] + run_length(t, d);
        to = d;
      }
    if (to == kNoCore) throw SimulationError("every core failed for good");  // (validated)
    free_at[to] = best;
    std::vector<TaskId>& q = queues_[to];
    std::size_t at = queue_pos_[to];
    if (at < q.size() && tasks_[q[at]].preds_left == 0) ++at;  // a head that can start
    while (at < q.size() && order[q[at]] < order[t]) ++at;
    q.insert(q.begin() + static_cast<std::ptrdiff_t>(at), t);
    if constexpr (requires { policy_.move_explain(); })
      if (DecisionObserver* explain = policy_.move_explain())
        explain_move(*explain, t, c, to, free_at, best - run_length(t, to),
                     static_cast<std::uint32_t>(at - queue_pos_[to]));
    idle_bits_[to / 64] &= ~(std::uint64_t{1} << (to % 64));
    TaskState& ts = tasks_[t];
    ts.core = to;
    ts.time = costs_.dispatch_latency > 0 ? t_now + costs_.dispatch_latency : 0.0;
    if (!attempt_.empty()) {  // its flows to c, if any, are void
      ++attempt_[t];
      inflight_[t] = 0;
    }
    const TaskGraph::InEdge* in = graph_.in_edge_records();
    for (std::uint32_t k = graph_.in_begin(t); k < graph_.in_end(t); ++k) {
      const TaskState& us = tasks_[in[k].source];
      if (us.preds_left != kFinished) continue;  // its finish will send the data to `to`
      if (flows_) {
        send(in[k].edge, in[k].source, t, t_now);
      } else if (us.core != to) {
        const double cost = note_transfer(in[k].edge, us.core, to, t_now);
        if (cost > 0) ts.time = std::max(ts.time, t_now + cost);
      }
    }
  }
  if (flows_) cancel_void_flows(c);  // (after the new flows: the same instant, the same rates)
  for (const TaskId t : lost_) try_start(tasks_[t].core);
}

template <class Policy>
inline void Simulator<Policy>::explain_move(DecisionObserver& explain, TaskId t, CoreId c,
                                            CoreId to, const std::vector<double>& free_at,
                                            double start_on_to, std::uint32_t order) const {
  std::vector<Candidate> cores;
  for (CoreId d = 0; d < free_at.size(); ++d) {
    const double start = d == to ? start_on_to : free_at[d];
    if (start != kNeverRepaired)
      cores.push_back({d, start + run_length(t, d), start, start + run_length(t, d)});
  }
  Decision dec;
  dec.time = now();
  dec.task = t;
  dec.core = to;
  dec.kind = DecisionKind::kMoved;
  dec.victim = c;
  dec.start = start_on_to;
  dec.finish = start_on_to + run_length(t, to);
  dec.score = dec.finish;
  dec.score_name = "finish";
  dec.order = order;
  dec.candidates = cores;
  explain.on_decision(dec);
}

template <class Policy>
inline std::vector<std::uint32_t> Simulator<Policy>::plan_order_of_tasks_left() const {
  const std::uint32_t n = graph_.task_count();
  std::vector<std::uint32_t> waiting(n, 0), order(n, n);
  std::vector<TaskId> next_on_core(n, kNoTask);
  for (TaskId t = 0; t < n; ++t)
    if (tasks_[t].preds_left != kFinished) waiting[t] = tasks_[t].preds_left;
  for (CoreId d = 0; d < queues_.size(); ++d)
    for (std::size_t i = queue_pos_[d] + 1; i < queues_[d].size(); ++i) {
      next_on_core[queues_[d][i - 1]] = queues_[d][i];
      ++waiting[queues_[d][i]];
    }
  std::vector<TaskId> fifo;
  for (TaskId t = 0; t < n; ++t)
    if (tasks_[t].preds_left != kFinished && waiting[t] == 0) fifo.push_back(t);
  std::uint32_t position = 0;
  for (std::size_t i = 0; i < fifo.size(); ++i) {
    const TaskId t = fifo[i];
    order[t] = position++;
    for (EdgeId e = graph_.out_begin(t); e < graph_.out_end(t); ++e)
      if (--waiting[graph_.target(e)] == 0) fifo.push_back(graph_.target(e));
    if (next_on_core[t] != kNoTask && --waiting[next_on_core[t]] == 0)
      fifo.push_back(next_on_core[t]);
  }
  return order;
}

}  // namespace pelsim::models
