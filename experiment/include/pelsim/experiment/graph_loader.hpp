// Reads a workload file in whichever format it is.
#pragma once

#include <string>
#include <vector>

#include "pelsim/models/task_graph.hpp"

namespace pelsim::experiment {

/// Loads a task graph, choosing the reader from `format` ("auto": from the extension, then
/// from the content). Known formats: dot, wfcommons (WfFormat JSON), dax (Pegasus XML), stg
/// (Kasahara), yaml (read_yaml_graph). Runtimes (WfCommons, DAX) and STG costs are seconds at 1 Gflop/s: work = time ×
/// 1e9 flops, so on pelsim's default 1 Gflop/s cores a task takes its recorded time. Throws models::InputError for an unknown format
/// (listing the known ones) and for any error of the reader (`file:line: reason`).
models::TaskGraph load_graph(const std::string& path, const std::string& format = "auto");

/// Reads a task graph written in YAML: `tasks: [{name, work}]` and `edges: [{from, to,
/// bytes}]` (work and bytes take units: 2Gflop, 1MB), the same schema as a scenario's inline
/// workload. Errors at `file:line:column`.
models::TaskGraph read_yaml_graph(const std::string& path);

/// The formats load_graph() understands.
const std::vector<std::string>& known_graph_formats();

}  // namespace pelsim::experiment
