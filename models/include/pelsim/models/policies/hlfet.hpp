// `hlfet`: Highest Level First with Estimated Times (Adam, Chandy, Dickson 1974).
#pragma once

#include <vector>

#include "pelsim/models/decision.hpp"
#include "pelsim/models/problem.hpp"
#include "pelsim/models/schedule.hpp"

namespace pelsim::models {

/// Bottom levels of every task: bl(v) = w(v) + max over out-edges (c(e) + bl(succ)), where
/// w(v) is the mean duration of v over the cores (w/S on identical cores) and c(e) the
/// network's transfer time of the edge (0 for 0 bytes). Computed in reverse topological
/// order, O(tasks + edges) (plus O(tasks * cores) when durations differ per core).
std::vector<double> bottom_levels(const Problem& problem);

/// The HLFET plan: tasks by decreasing bottom level (ties: earlier in the graph's Kahn
/// topological order), each placed on the core giving the earliest finish time without
/// insertion (ties: lowest core), where the data-ready time on core p counts c(e) for inputs
/// produced on another core. The list is topological because all costs are >= 0.
/// `estimate` receives the plan's own (contention-free) makespan. Identical, decision for
/// decision, to the list scheduler of SimGrid's reference tool sgref.
/// `explain` (if not null) receives each placement as a kPlanned decision: the bottom level as
/// the rank and, on every core, the start and finish (score "eft").
/// Cost: O((tasks + edges) log tasks + tasks * cores).
Schedule plan_hlfet(const Problem& problem, double* estimate, DecisionObserver* explain = nullptr);

}  // namespace pelsim::models
