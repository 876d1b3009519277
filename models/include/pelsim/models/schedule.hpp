// A static schedule: which core runs each task, and in which order.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "pelsim/models/task_graph.hpp"

namespace pelsim::models {

/// A mapping of every task to a core plus, per core, the order in which it runs its tasks.
/// Stored flat: tasks of core c are sequence[offsets[c] .. offsets[c+1]). A valid schedule
/// lists every task exactly once and its per-core orders never contradict the DAG
/// (validate_schedule checks both).
struct Schedule {
  std::vector<CoreId> core_of;          ///< per task
  std::vector<std::uint32_t> offsets;   ///< per core, size cores + 1
  std::vector<TaskId> sequence;         ///< tasks grouped by core, in execution order

  std::uint32_t core_count() const {
    return offsets.empty() ? 0 : static_cast<std::uint32_t>(offsets.size() - 1);
  }
  /// Builds the flat form from per-core lists.
  static Schedule from_sequences(std::uint32_t task_count,
                                 const std::vector<std::vector<TaskId>>& per_core);
};

/// Reads CSV `task,core,order` (header optional, `#` comments and blank lines skipped; order =
/// any integers, sorted per core; a task name is everything before the last two commas, in
/// double quotes when it was written so, as write_schedule_csv does for a name with a comma
/// or a quote; a name with a line break cannot be read back). A task left out that has no work
/// and is a source or a sink whose edges carry no bytes (SimGrid's root and end, STG's dummy
/// entry and exit) goes on core 0, before (a source) or after (a sink) its listed tasks.
/// Throws InputError(path, line, reason) for an unknown or repeated task, a core outside [0,
/// cores), a bad number, any other missing task, or two tasks with the same order on a core.
/// Whether the orders agree with the DAG is validate_schedule()'s job, which every policy that
/// executes a schedule calls.
Schedule read_schedule_csv(const std::string& path, const TaskGraph& graph, std::uint32_t cores);

/// Checks that `s` maps every task of `graph` exactly once to a core < cores, in O(tasks);
/// throws InputError(source, 0, reason) otherwise. A schedule that passes can be executed
/// safely: at worst its per-core orders contradict the DAG and the run deadlocks.
void check_schedule_shape(const Schedule& s, const TaskGraph& graph, std::uint32_t cores,
                          const std::string& source);

/// check_schedule_shape(), then checks that the per-core orders are consistent with the DAG
/// (one topological sort of the DAG plus the per-core chains); throws InputError naming the
/// tasks of a cycle otherwise.
void validate_schedule(const Schedule& s, const TaskGraph& graph, std::uint32_t cores,
                       const std::string& source);

/// Writes `s` as CSV `task,core,order` with order counted from 0 (readable by
/// read_schedule_csv and by SimGrid's sgref); a name with a comma, quote or line break is
/// quoted (csv_field).
void write_schedule_csv(std::ostream& out, const Schedule& s, const TaskGraph& graph);

}  // namespace pelsim::models
