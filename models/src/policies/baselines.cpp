// Baseline mappings (docs/models/scheduling.md): round robin and seeded random, both
// executed in topological order per core, so every plan is deadlock-free.
#include "pelsim/models/policies/baselines.hpp"

#include <vector>

#include "pelsim/models/rng.hpp"

namespace pelsim::models {

namespace {

template <class PickCore>
Schedule plan_in_topological_order(const Problem& problem, PickCore pick) {
  const TaskGraph& g = problem.graph();
  std::vector<std::vector<TaskId>> per_core(problem.core_count());
  std::uint32_t i = 0;
  for (const TaskId t : g.topological_order()) per_core[pick(i++)].push_back(t);
  return Schedule::from_sequences(g.task_count(), per_core);
}

}  // namespace

Schedule plan_round_robin(const Problem& problem) {
  const std::uint32_t p = problem.core_count();
  return plan_in_topological_order(problem, [p](std::uint32_t i) { return i % p; });
}

Schedule plan_random(const Problem& problem, std::uint64_t seed) {
  Rng rng(seed);
  const std::uint32_t p = problem.core_count();
  return plan_in_topological_order(
      problem, [&rng, p](std::uint32_t) { return static_cast<CoreId>(rng.below(p)); });
}

}  // namespace pelsim::models
