#include "pelsim/models/topology_check.hpp"

#include <algorithm>

namespace pelsim::models {

TopologicalOrder topological_order_or_cycle(const TaskGraph& g,
                                            const std::vector<TaskId>* extra_pred) {
  const std::uint32_t n = g.task_count();
  std::vector<std::uint32_t> indeg(n);
  std::vector<TaskId> extra_succ;
  if (extra_pred) {
    extra_succ.assign(n, kNoTask);
    for (TaskId t = 0; t < n; ++t)
      if ((*extra_pred)[t] != kNoTask) extra_succ[(*extra_pred)[t]] = t;
  }
  for (TaskId t = 0; t < n; ++t)
    indeg[t] = g.in_degree(t) + (extra_pred && (*extra_pred)[t] != kNoTask ? 1 : 0);

  TopologicalOrder result;
  std::vector<TaskId>& order = result.order;
  order.reserve(n);
  for (TaskId t = 0; t < n; ++t)
    if (indeg[t] == 0) order.push_back(t);
  for (std::size_t head = 0; head < order.size(); ++head) {
    const TaskId u = order[head];
    for (EdgeId e = g.out_begin(u); e < g.out_end(u); ++e) {
      const TaskId v = g.target(e);
      if (--indeg[v] == 0) order.push_back(v);
    }
    if (extra_pred && extra_succ[u] != kNoTask && --indeg[extra_succ[u]] == 0)
      order.push_back(extra_succ[u]);
  }
  if (order.size() == n) return result;

  // Every unordered task has an unordered predecessor; walk predecessors until one repeats.
  TaskId start = 0;
  while (indeg[start] == 0) ++start;
  std::vector<std::uint32_t> seen_at(n, 0);  // position + 1 in the walk
  std::vector<TaskId> walk;
  TaskId t = start;
  while (seen_at[t] == 0) {
    seen_at[t] = static_cast<std::uint32_t>(walk.size()) + 1;
    walk.push_back(t);
    TaskId next = kNoTask;
    for (std::uint32_t k = g.in_begin(t); k < g.in_end(t) && next == kNoTask; ++k)
      if (indeg[g.in_source(k)] != 0) next = g.in_source(k);
    if (next == kNoTask && extra_pred) next = (*extra_pred)[t];
    t = next;
  }
  // walk[seen_at[t]-1 ..] is the cycle in reverse precedence order.
  result.cycle.assign(walk.rbegin(), walk.rend() - (seen_at[t] - 1));
  // Start at the task named first in the source, so messages are stable and readable.
  std::rotate(result.cycle.begin(), std::min_element(result.cycle.begin(), result.cycle.end()),
              result.cycle.end());
  result.order.clear();
  return result;
}

}  // namespace pelsim::models
