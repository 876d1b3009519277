// `heft` and `cpop`: the list schedulers of Topcuoglu, Hariri and Wu, "Performance-effective
// and low-complexity task scheduling for heterogeneous computing", IEEE TPDS 13(3), 2002.
#pragma once

#include <vector>

#include "pelsim/models/decision.hpp"
#include "pelsim/models/problem.hpp"
#include "pelsim/models/schedule.hpp"

namespace pelsim::models {

/// Upward ranks (Topcuoglu et al. 2002, eq. 3): rank_u(v) = w̄(v) + max over out-edges
/// (c̄(e) + rank_u(succ)), with w̄(v) the mean of problem.duration(v, p) over the cores and
/// c̄(e) the network's transfer time of the edge (the network is homogeneous, so that is the
/// mean; 0 for 0 bytes). It is the same quantity as hlfet's bottom level.
/// Cost: O(tasks * cores + edges).
std::vector<double> upward_ranks(const Problem& problem);

/// Downward ranks (eq. 4): rank_d(v) = max over in-edges (rank_d(pred) + w̄(pred) + c̄(e)),
/// 0 for a source. Cost: O(tasks * cores + edges).
std::vector<double> downward_ranks(const Problem& problem);

/// The HEFT plan: tasks by decreasing rank_u (ties: earlier in the graph's topological
/// order, so the list is topological), each placed on the core giving the earliest finish
/// time with the insertion policy: it may take the earliest idle gap of a core that starts at
/// or after its data-ready time and is long enough (ties: lowest core). The data-ready time
/// on core p counts the transfer time of every input produced on another core.
/// `estimate` (if not null) receives the plan's own contention-free makespan; `start_times`
/// (if not null) each task's planned start. The schedule's per-core order is by planned start,
/// and executing it with StaticPolicy on a contention-free network reproduces these start
/// times exactly. Each core keeps its busy intervals sorted with a max segment tree over its
/// idle gaps, so a (task, core) probe is O(log k) (k = tasks on the core; O(1) when no gap
/// is long enough) and inserting into a gap shifts the k - i later intervals.
/// `explain` (if not null) receives each placement as a kPlanned decision: the task's rank_u
/// and, on every core, the start and finish (score "eft") the insertion search finds.
/// Cost: O((tasks + edges) log tasks + in-degree² per task + tasks * cores * log k).
Schedule plan_heft(const Problem& problem, double* estimate,
                   std::vector<double>* start_times = nullptr, DecisionObserver* explain = nullptr);

/// The CPOP plan (Critical Path On a Processor): priority rank_u + rank_d; the critical path
/// is walked from the highest-priority source through the highest-priority successor (ties:
/// topological order; priorities are compared in units of 1e-12 of the largest, so that
/// rounding does not break an exact tie) down to a sink; the critical-path core is the one
/// minimising the sum of the path's durations (ties: lowest core). Ready tasks are taken from a
/// priority queue (highest priority first, ties: topological order); a critical-path task goes to
/// the critical-path core, any other to the core with the earliest finish time, both with the
/// insertion policy of plan_heft. `estimate`, `start_times` and the schedule's order are as
/// for plan_heft; `explain` too, with the priority rank_u + rank_d as the rank (a critical-path
/// task is on the critical-path core even when another core has a smaller EFT).
/// Cost: that of plan_heft.
Schedule plan_cpop(const Problem& problem, double* estimate,
                   std::vector<double>* start_times = nullptr, DecisionObserver* explain = nullptr);

}  // namespace pelsim::models
