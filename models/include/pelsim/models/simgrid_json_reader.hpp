// SimGrid's own DAG JSON: the files SimGrid's create_DAG_from_json() reads (SimGrid 3.34 and
// later; SimGrid's example s4u-dag-from-json-simple and its dag.json).
//
// Reference: SimGrid's loader (src/dag/loaders.cpp, create_DAG_from_json) and the published
// output of its example (s4u-dag-from-json-simple.tesh), which pelsim reproduces
// (tests/experiment/simgrid_lv08_output_test.cpp). Cost: one nlohmann-json parse of the file
// and O(tasks + parents) to build the graph.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "pelsim/models/task_graph.hpp"

namespace pelsim::models {

/// A DAG read from SimGrid's JSON: its graph, and where the file places each task.
struct SimgridJsonDag {
  TaskGraph graph;
  /// Per task (by TaskId): the host its `machine` names, "" when it names none.
  std::vector<std::string> machines;
  /// True when every task names its machine: the file is a schedule too.
  bool placed() const;
};

/// Reads SimGrid's DAG JSON: `{"workflow": {"tasks": [...]}}`, each task an object with a
/// `name` (unique), a `type` and its `parents` (names of earlier or later tasks):
///  * `"compute"`: a task of `runtime` flops (SimGrid reads the number as flops; the
///    `runtimeInSeconds` of SimGrid's own example file is the same number under another key),
///    on the host `machine` if given;
///  * `"transfer"`: `bytesWritten` (or `writtenBytes`) bytes sent from the host of its one
///    parent, a compute task, to the host `machine`, for the one compute task that names it as
///    a parent. pelsim makes it an edge parent -> child of those bytes (a transfer to another
///    host than its consumer's is refused: pelsim moves data to the core of the task that
///    reads it).
/// A compute task named as a parent of a compute task is a precedence (a 0-byte edge). Tasks
/// keep their file order and names. `workflow.machines`, `makespanInSeconds` and any other
/// member are not read.
///
/// Throws InputError(path, line, reason) for a file that cannot be opened, a JSON syntax error,
/// no `workflow.tasks` array, a task that is not an object, without a string `name` or with
/// a name used before, an unknown `type` (listing compute and transfer), a missing or negative
/// amount, `parents` that is not an array of names, a parent no task has, a transfer without
/// exactly one compute parent and one compute child, or whose machine differs from its
/// child's, and a cycle; the line is the task's `"name"` member when a text search finds it.
SimgridJsonDag read_simgrid_json_dag(const std::string& path);

/// True when `text` (a JSON file's) looks like SimGrid's DAG JSON rather than a WfCommons
/// instance: tasks of type "compute" or "transfer" and none of WfCommons' file lists (`files`,
/// `inputFiles`, `outputFiles`), `specification`, `jobs` or `wms` (the workflow system that
/// ran it), one of which every WfCommons instance of real runs has. A guess by text search, for
/// choosing a reader; read_simgrid_json_dag() validates the file.
bool looks_like_simgrid_json(std::string_view text);

}  // namespace pelsim::models
