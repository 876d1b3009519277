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
#include <vector>

#include "pelsim/models/task_graph.hpp"

namespace pelsim::models {

/// How a WfCommons instance is turned into a task graph.
struct WfCommonsOptions {
  /// flop/s at which the recorded runtimes are read as work: > 0 overrides, for every task,
  /// the recorded machine speeds (work = runtimeInSeconds * reference_speed); 0 (default) =
  /// the speed of the machine each task ran on, see read_wfcommons_file().
  double reference_speed = 0;
  /// When set, receives the speed each task's runtime was read at (flop/s, by TaskId):
  /// work = runtime * (*task_speeds)[t].
  std::vector<double>* task_speeds = nullptr;
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
/// Machines: `workflow.execution.machines[]` = {nodeName, cpu: {speedInMHz, ...}} with each
/// execution task's `machines` list of nodeNames (1.5); `workflow.machines[]` = {nodeName,
/// cpu: {speed (MHz), ...}} with each task's `machine` nodeName (1.3, 1.4).
/// The layout is chosen by the presence of `workflow.specification`; `schemaVersion` is not
/// checked. Fields other than those above (command's arguments, coreCount, type, ...) are ignored:
/// every task of the file becomes one sequential task (coreCount is not modelled).
///
/// Semantics: tasks are numbered in file order and named by their `id` (their `name` when
/// they have no id). Work = runtimeInSeconds * speed flops (a runtime of 0 is a valid
/// zero-length task), where speed, in flop/s, is
///  1. options.reference_speed when it is > 0 (stated by the user: every task);
///  2. else the speed of the first machine the task ran on, when that machine records one:
///     speedInMHz * 1e6, one clock cycle counted as one flop, so that on a core of that speed
///     the task takes its recorded runtime;
///  3. else (no machine named, or one without a speed) the speed all the instance's machines
///     record, when they all record the same one (e.g. an instance run on one machine);
///  4. else 1e9, pelsim's default core speed.
/// A task's type is its `category` (older layouts) when present and not empty, else the
/// executable it ran (`command.program`, without its directory) when that is one word, else
/// task_type_from_name() of its name (else its id): "individuals_ID0000042" has type
/// "individuals".
/// A speedInMHz of 0 or null counts as not recorded. Layouts up to 1.2 name no machines:
/// their tasks use 1e9 unless a reference speed is stated. The task pairs are the union of the
/// `parents` and `children` lists (a task named in either direction is enough; duplicates are
/// merged); a parent and child are looked up by id, then by name (a name that several tasks share
/// cannot be used). A parent/child pair p -> c gets one edge per file that p writes and c reads
/// (each file once), carrying its size, in the order of the files' ids (1.5: the order of
/// `specification.files`; 1.4: the order they are first named), as the DAX reader
/// makes one per file as SimGrid's DAX loader does (the files are separate transfers: under
/// `flow` they share the route, under `latency_bandwidth`, which has no contention, they
/// travel in parallel); a pair without such a file of data is one 0-byte edge, a precedence.
/// Files no task writes (workflow inputs) and files no task reads (final outputs) are not
/// modelled. With the 1.4 inline layout a file is identified by its name, and its size is the
/// first one given.
///
/// Throws InputError(path, line, reason) on a file that cannot be opened, a JSON syntax
/// error (with its line), a missing or wrong-typed field (`task 'x': runtimeInSeconds must be
/// a number`), a negative runtime or size, a duplicate task or file id, a task without an
/// execution record, an execution record or file reference that names no task or file, an
/// unknown parent or child, a self-dependency or a cycle (naming a task on it), a machine
/// without a nodeName, listed twice, or with a speed that is not a number >= 0, a task that
/// names a machine the instance does not list, and on a negative or non-finite
/// reference_speed. Errors about a task give the line of its
/// `"id": "..."` entry when a text search finds it, else no line; an element of a task, file or
/// machine array of the wrong type or without its id, the line where the element starts.
TaskGraph read_wfcommons_file(const std::string& path, const WfCommonsOptions& options = {});

}  // namespace pelsim::models
