// Planning list schedulers that choose a (ready task, core) pair at each step, without
// insertion: `etf` (Hwang, Chow, Anger, Lee 1989), `dls` (Sih and Lee 1993), `min_min` and
// `max_min` (as compared by Braun et al. 2001).
#pragma once

#include <vector>

#include "pelsim/models/decision.hpp"
#include "pelsim/models/policies/hlfet.hpp"
#include "pelsim/models/problem.hpp"
#include "pelsim/models/schedule.hpp"

namespace pelsim::models {

// Common to all four: a task is ready when every predecessor is placed; on core p it can
// start at max(DRT(t, p), TF(p)), where DRT is the data-ready time (the transfer time of
// every input produced on another core counted, 0 on the same core) and TF(p) the finish
// of p's last task (no insertion into idle gaps); it finishes w(t, p) = problem.duration(t, p)
// later. Each step places one ready task on one core at the end of that core. `estimate` and
// `start_times` (if not null) receive the plan's contention-free makespan and each task's
// planned start; executed by StaticPolicy on a contention-free network the plan is reproduced
// exactly. Each ready task keeps its best core; placing a task only delays that core, so only
// the tasks whose best core it was are re-evaluated, O(cores) each, when next looked at.
// dls and min_min keep the ready tasks in a heap (a task's key only grows, so a stale top is
// re-evaluated and pushed back): O(log ready) per look. etf (whose ready tasks mostly share
// the earliest-free core, so the heap would re-evaluate them all at every step anyway) and
// max-min (whose key shrinks as a core gets later) scan them: O(ready tasks) per step.
// O(in-degree² + cores) when a task becomes ready. Memory O(ready tasks * cores).
// `explain` (if not null) receives each step as a kPlanned decision: the chosen task and
// core, the ready tasks it was chosen among (queue_length), the start, finish and score of
// the task on every core, and the task's rank. Scores (smaller is better) and ranks: etf
// "start" and "bottom_level" or "static_level"; dls "start-delta" (start - Δ(t, p)) and
// "dynamic_level"; min_min and max_min "completion" and "min_completion".

/// ETF, Earliest Time First (Hwang, Chow, Anger, Lee, SIAM J. Computing 18(2), 1989): the
/// pair with the earliest start time; ties between tasks: the higher level
/// (bottom_levels(problem, level)), then the earlier in the topological order; between the
/// cores of a task: the earlier finish, then the lowest core.
Schedule plan_etf(const Problem& problem, LevelKind level, double* estimate,
                  std::vector<double>* start_times = nullptr, DecisionObserver* explain = nullptr);

/// ETF ranking ties by the bottom level (LevelKind::kBottom).
Schedule plan_etf(const Problem& problem, double* estimate,
                  std::vector<double>* start_times = nullptr, DecisionObserver* explain = nullptr);

/// DLS, Dynamic Level Scheduling (Sih and Lee, IEEE TPDS 4(2), 1993): the pair with the
/// highest dynamic level DL(t, p) = SL(t) - max(DRT(t, p), TF(p)) + Δ(t, p), where the static
/// level SL(t) is the longest path from t to a sink in median durations (no communication)
/// and Δ(t, p) = median duration of t - w(t, p) accounts for heterogeneous cores. Ties: the
/// earlier task in the topological order, then the lowest core.
Schedule plan_dls(const Problem& problem, double* estimate,
                  std::vector<double>* start_times = nullptr, DecisionObserver* explain = nullptr);

/// Min-min (Ibarra and Kim 1977; Braun et al., JPDC 61(6), 2001) applied to the ready set:
/// each ready task's minimum completion time over the cores; the task with the smallest one
/// goes to that core. Ties: the earlier task in the topological order, then the lowest core.
Schedule plan_min_min(const Problem& problem, double* estimate,
                      std::vector<double>* start_times = nullptr,
                      DecisionObserver* explain = nullptr);

/// Max-min (same sources): as min-min, but the ready task whose minimum completion time is
/// the largest goes first (to its minimum-completion core).
Schedule plan_max_min(const Problem& problem, double* estimate,
                      std::vector<double>* start_times = nullptr,
                      DecisionObserver* explain = nullptr);

}  // namespace pelsim::models
