// `round_robin` and `random`: static baselines that ignore costs entirely.
#pragma once

#include <cstdint>

#include "pelsim/models/problem.hpp"
#include "pelsim/models/schedule.hpp"

namespace pelsim::models {

/// Round robin: the i-th task of the graph's topological order (Kahn, FIFO, sources in file
/// order) goes to core i mod P; each core runs its tasks in that order. O(tasks).
Schedule plan_round_robin(const Problem& problem);

/// Random mapping: each task, in topological order, goes to a core drawn uniformly
/// (Rng seeded with `seed`, one draw per task); each core runs its tasks in topological
/// order. The same seed gives the same plan on every machine. O(tasks).
Schedule plan_random(const Problem& problem, std::uint64_t seed);

}  // namespace pelsim::models
