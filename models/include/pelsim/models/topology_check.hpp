// Topological ordering of a task graph, with an optional extra precedence per task.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "pelsim/models/task_graph.hpp"

namespace pelsim::models {

/// Result of topological_order_or_cycle(): either a full order, or one cycle (tasks in
/// precedence order; the last precedes the first).
struct TopologicalOrder {
  std::vector<TaskId> order;
  std::vector<TaskId> cycle;
};

inline constexpr TaskId kNoTask = std::numeric_limits<TaskId>::max();

/// Kahn's algorithm with a FIFO queue seeded with the sources in id order. If `extra_pred`
/// is given (size task_count, kNoTask for none), extra_pred[t] must also precede t — used to
/// check a static schedule's per-core order against the DAG. On a cycle, `order` is empty and
/// `cycle` lists the tasks of one cycle, starting from its lowest task id. O(tasks + edges).
TopologicalOrder topological_order_or_cycle(const TaskGraph& g,
                                            const std::vector<TaskId>* extra_pred = nullptr);

}  // namespace pelsim::models
