// Task graphs written in YAML: `tasks: [{name, work}]`, `edges: [{from, to, bytes}]` (internal).
#pragma once

#include "pelsim/models/task_graph.hpp"
#include "yaml_reader.hpp"

namespace pelsim::experiment::detail {

/// Builds the graph of a map with `tasks` (required, a non-empty list of {name, work}) and
/// `edges` (optional, a list of {from, to, bytes}); other keys of the map are the caller's.
/// Errors (unknown keys, a task named twice, an edge to an unlisted task, bad units, a cycle)
/// at their line and column.
models::TaskGraph build_inline_graph(const YamlReader& reader, const YAML::Node& map);

}  // namespace pelsim::experiment::detail
