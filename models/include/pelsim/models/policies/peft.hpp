// `peft`: Predict Earliest Finish Time (Arabnejad and Barbosa, "List scheduling algorithm for
// heterogeneous systems by an optimistic cost table", IEEE TPDS 25(3), 2014).
#pragma once

#include <vector>

#include "pelsim/models/decision.hpp"
#include "pelsim/models/problem.hpp"
#include "pelsim/models/schedule.hpp"

namespace pelsim::models {

/// The optimistic cost table (the paper's eq. 6), row-major: oct[t * P + p] =
/// max over successors s of min over cores q of (oct(s, q) + w(s, q) + (c̄(t, s) if q != p)),
/// 0 for a sink, where w(s, q) = problem.duration(s, q) and c̄ the network's transfer time of
/// the edge (0 for 0 bytes). It is the shortest time from t's finish on p to the end of the
/// graph, each successor on its best core and ignoring core contention.
/// Cost: O((tasks + edges) * cores).
std::vector<double> optimistic_cost_table(const Problem& problem);

/// The PEFT plan: rank_oct(t) = mean of oct(t, p) over the cores; among the ready tasks
/// (every predecessor placed) the one with the highest rank_oct goes first (ties: earlier in
/// the graph's topological order), to the core minimising EFT(t, p) + oct(t, p), the
/// earliest finish time with the insertion policy of plan_heft (ties: lowest core).
/// `estimate` and `start_times` (if not null) receive the plan's contention-free makespan and
/// each task's planned start; the per-core order is by planned start.
/// Cost: that of optimistic_cost_table, O(tasks log tasks) for the ready queue, and per task
/// O(in-degree²) plus O(log k) per core (k = tasks on the core).
/// `explain` as for plan_heft, with rank_oct as the rank and EFT + OCT as the score ("eft+oct").
Schedule plan_peft(const Problem& problem, double* estimate,
                   std::vector<double>* start_times = nullptr, DecisionObserver* explain = nullptr);

}  // namespace pelsim::models
