// `hlfet`: Highest Level First with Estimated Times (Adam, Chandy, Dickson 1974).
#pragma once

#include <vector>

#include "pelsim/models/decision.hpp"
#include "pelsim/models/problem.hpp"
#include "pelsim/models/schedule.hpp"

namespace pelsim::models {

/// The level a list scheduler ranks tasks by: kBottom counts the network's transfer times on
/// the path (the bottom level, or b-level), kStatic execution times only (the static level SL
/// of Adam, Chandy and Dickson, whose model has no communication, and of the HLFET and ETF of
/// Kwok and Ahmad's survey, ACM Computing Surveys 31(4), 1999).
enum class LevelKind { kBottom, kStatic };

/// Levels of every task: bl(v) = w(v) + max over out-edges (c(e) + bl(succ)), where w(v) is
/// the mean duration of v over the cores (w/S on identical cores) and c(e) the network's
/// transfer time of the edge (0 for 0 bytes; always 0 for kStatic). Computed in reverse
/// topological order, O(tasks + edges) (plus O(tasks * cores) when durations differ per core).
std::vector<double> bottom_levels(const Problem& problem, LevelKind kind = LevelKind::kBottom);

/// The HLFET plan: tasks by decreasing level, bottom_levels(problem, level) (ties: earlier in the
/// graph's Kahn topological order), each placed on the core giving the earliest finish time without
/// insertion (ties: lowest core), where the data-ready time on core p counts c(e) for inputs
/// produced on another core. The list is topological because all costs are >= 0.
/// `estimate` receives the plan's own (contention-free) makespan. Identical, decision for
/// decision, with kBottom, to the list scheduler of SimGrid's reference tool sgref.
/// `explain` (if not null) receives each placement as a kPlanned decision: the level as the
/// rank ("bottom_level" or "static_level") and, on every core, the start and finish (score
/// "eft"). Cost: O((tasks + edges) log tasks + tasks * cores).
Schedule plan_hlfet(const Problem& problem, double* estimate, DecisionObserver* explain = nullptr,
                    LevelKind level = LevelKind::kBottom);

/// The name of a level in explanations and parameters: "bottom_level" or "static_level".
const char* level_name(LevelKind kind);

}  // namespace pelsim::models
