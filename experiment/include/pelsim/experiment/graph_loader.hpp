// Reads a workload file in whichever format it is.
#pragma once

#include <string>
#include <vector>

#include "pelsim/models/task_graph.hpp"

namespace pelsim::experiment {

/// Loads a task graph, choosing the reader from `format` ("auto": from the extension, then
/// from the content). Known formats: dot, wfcommons (WfFormat JSON), simgrid_json (SimGrid's
/// own DAG JSON, models::read_simgrid_json_dag), dax (Pegasus XML), stg (Kasahara), yaml
/// (read_yaml_graph). Runtimes (WfCommons, DAX) and STG costs are read as
/// work at a reference speed: work = time x reference_speed flops, so on a core of that speed
/// a task takes its recorded time. `reference_speed` = 0 (default) takes the format's own:
/// for WfCommons the speed of the machine each task ran on when the instance records it, else
/// 1e9 (see read_wfcommons_file); for DAX and STG 1e9 (pelsim's default core speed). A
/// reference speed > 0 applies to every task. Throws models::InputError for an unknown format
/// (listing the known ones), for a reference speed that is negative or not finite, or given
/// for a format whose work is already in flops (dot, yaml), and for any error of the reader
/// (`file:line: reason`). `root_end`: a DAX gets SimGrid's root and end tasks, which stage its
/// input and output files (read_dax_file); an InputError for another format. `warnings`, when
/// given, gets the reader's `file:line: ...` warnings (DOT: a task that appears only in edges,
/// without work), for the front end to show. `machines`, when given, gets the host each task
/// runs on ("" for a task the file does not place) when the file places some (SimGrid's DAG
/// JSON: by TaskId), else nothing. `runtime_speeds`, when given, gets the distinct speeds
/// (flop/s, increasing) at which the file's times were read as work (WfCommons: each task's,
/// see read_wfcommons_file; DAX, STG: the one speed), and stays empty for a format whose work
/// is in flops.
models::TaskGraph load_graph(const std::string& path, const std::string& format = "auto",
                             double reference_speed = 0, bool root_end = false,
                             std::vector<std::string>* warnings = nullptr,
                             std::vector<std::string>* machines = nullptr,
                             std::vector<double>* runtime_speeds = nullptr);

/// The format load_graph() would read `path` as: `format` itself unless it is "auto".
/// Throws models::InputError when "auto" cannot tell (or cannot open the file).
std::string graph_format_of(const std::string& path, const std::string& format);

/// Reads a task graph written in YAML: `tasks: [{name, work}]` and `edges: [{from, to,
/// bytes}]` (work and bytes take units: 2Gflop, 1MB), the same schema as a scenario's inline
/// workload. Errors at `file:line:column`.
models::TaskGraph read_yaml_graph(const std::string& path);

/// The formats load_graph() understands.
const std::vector<std::string>& known_graph_formats();

/// Throws models::InputError ("PATH: cannot open WHAT: it is a directory") when `path` names a
/// directory (which the C library would open, and reading it fails with no useful message).
void reject_directory(const std::string& path, const std::string& what);

}  // namespace pelsim::experiment
