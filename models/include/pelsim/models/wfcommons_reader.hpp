// WfCommons workflow-instance reader (WfFormat JSON, schema 1.5 and the older 1.0-1.4 layouts).
//
// Reference: the WfFormat JSON schema (https://github.com/wfcommons/WfFormat, version 1.5) and
// the WfCommons migration notes for the older layouts; the instances are those of
// https://github.com/wfcommons/WfInstances (real Pegasus, Makeflow and Nextflow runs).
// Cost: one streaming pass of nlohmann-json's SAX parser over the file (no JSON document is
// built; memory is proportional to the tasks, files and list entries kept), then
// O(tasks + edges + files + sum of the edges' file lists) to build the graph. The 4 MB,
// 2122-task Montage instance of WfInstances loads in about 20 ms, 30 ms in a fresh process
// (-O3, 2-core EPYC VM).
#pragma once

#include <string>

#include "pelsim/models/task_graph.hpp"

namespace pelsim::models {

/// How a WfCommons instance is turned into a task graph.
struct WfCommonsOptions {
  /// flop/s of the machine the runtimes were measured on: a task's work is
  /// runtimeInSeconds * reference_speed. 0 = use the default, 1e9 (so a task takes its
  /// measured runtime on a 1 Gflop/s core, pelsim's default core speed).
  double reference_speed = 0;
};

/// Reads a WfCommons workflow instance (WfFormat JSON) as a task graph.
///
/// Layouts accepted:
///  * 1.5: `workflow.specification.tasks[]` = {id, name, parents, children, inputFiles,
///    outputFiles}, `workflow.specification.files[]` = {id, sizeInBytes},
///    `workflow.execution.tasks[]` = {id, runtimeInSeconds, ...} joined on `id`;
///  * 1.3 / 1.4: `workflow.tasks[]` (1.3 and later) or `workflow.jobs[]` (up to 1.2), each
///    task carrying `runtimeInSeconds` (`runtime` up to 1.2), `parents`/`children` and its
///    files inline: `files[]` = {link: "input"|"output", name (or id), sizeInBytes (`size` up
///    to 1.2)}.
/// The layout is chosen by the presence of `workflow.specification`; `schemaVersion` is not
/// checked. Fields other than those above (machines, command, coreCount, type, ...) are
/// ignored: every task of the file becomes one sequential task (coreCount is not modelled).
///
/// Semantics: tasks are numbered in file order and named by their `id` (their `name` when
/// they have no id). Work = runtimeInSeconds * reference_speed flops (a runtime of 0 is a
/// valid zero-length task). A task's type is its `category` (older layouts) when present and
/// not empty, else task_type_from_name() of its name (else its id): "individuals_ID0000042"
/// has type "individuals". The edges are the union of the `parents` and `children` lists
/// (a task named in either direction is enough; duplicates are merged); a parent and child
/// are looked up by id, then by name (a name that several tasks share cannot be used). Edge
/// p -> c carries the sum of the sizes of the files that p writes and c reads (each file once);
/// an edge without such a file is a 0-byte precedence. Files no task writes (workflow inputs)
/// and files no task reads (final outputs) are not modelled. With the 1.4 inline layout a file
/// is identified by its name, and its size is the first one given.
///
/// Throws InputError(path, line, reason) on a file that cannot be opened, a JSON syntax
/// error (with its line), a missing or wrong-typed field (`task 'x': runtimeInSeconds must be
/// a number`), a negative runtime or size, a duplicate task or file id, a task without an
/// execution record, an execution record or file reference that names no task or file, an
/// unknown parent or child, a self-dependency or a cycle (naming a task on it), and on a
/// negative or non-finite reference_speed. Errors about a task give the line of its
/// `"id": "..."` entry when a text search finds it, else no line.
TaskGraph read_wfcommons_file(const std::string& path, const WfCommonsOptions& options = {});

}  // namespace pelsim::models
