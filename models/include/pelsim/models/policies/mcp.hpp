// `mcp`: Modified Critical Path (Wu and Gajski, "Hypertool: a programming aid for
// message-passing systems", IEEE TPDS 1(3), 1990).
#pragma once

#include <vector>

#include "pelsim/models/decision.hpp"
#include "pelsim/models/problem.hpp"
#include "pelsim/models/schedule.hpp"

namespace pelsim::models {

/// As-late-as-possible start times: ALAP(v) = CP - rank_u(v), where rank_u is the upward rank
/// (upward_ranks(): mean durations over the cores plus the network's transfer times) and CP
/// the largest rank_u. A task starting later than its ALAP time delays the critical path.
/// Cost: O(tasks * cores + edges).
std::vector<double> alap_times(const Problem& problem);

/// The MCP plan: tasks by increasing ALAP time; ties by the ALAP times of their descendants
/// (each task's list of descendant ALAP times in increasing order, compared
/// lexicographically; a list that is a prefix of the other goes first), then by position in
/// the graph's topological order. A task whose predecessors are not all placed waits (the
/// highest-priority ready task goes first), which only matters with zero durations and
/// transfer times. Each task goes to the core with the earliest finish time under the
/// insertion policy of plan_heft (on identical cores: the earliest start, as in the paper;
/// ties: lowest core). `estimate`, `start_times` and the per-core order are as for plan_heft.
/// Cost: that of plan_heft, plus for each comparison of two tasks with equal ALAP times
/// O(k log k), k = the length of the common prefix of their descendant lists (walked lazily,
/// best first); O(tasks²) in the worst case, when many tasks share their ALAP time and
/// their descendants.
/// `explain` as for plan_heft, with the ALAP time as the rank ("alap").
Schedule plan_mcp(const Problem& problem, double* estimate,
                  std::vector<double>* start_times = nullptr, DecisionObserver* explain = nullptr);

}  // namespace pelsim::models
