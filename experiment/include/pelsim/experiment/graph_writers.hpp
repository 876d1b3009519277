// Writes a task graph in any format pelsim can read back: `pelsim convert`.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "pelsim/models/task_graph.hpp"

namespace pelsim::experiment {

/// The formats write_graph() produces: dot (SimGrid's convention: node size = flops, edge
/// size = bytes), yaml (read_yaml_graph's schema), wfformat (WfCommons WfFormat 1.5 JSON:
/// runtimeInSeconds = work / 1e9, one file per edge carrying its bytes).
const std::vector<std::string>& writable_graph_formats();

/// The output format for `path` by its extension (.dot/.gv, .yaml/.yml, .json); throws
/// models::InputError naming the known extensions otherwise.
std::string output_format_for(const std::string& path);

/// Writes `graph` to `path` (atomically) in `format`. Work and bytes are written with full
/// double precision, so reading the file back gives the same graph (WfFormat: the same work
/// to a relative 1e-15, since it stores seconds; and parallel edges of 0 bytes, which move
/// nothing, come back as one, since WfFormat links two tasks once and passes data in files).
/// Graphs with per-core costs are refused by
/// yaml and wfformat (those formats have no place for them).
void write_graph(const std::string& path, const models::TaskGraph& graph,
                 const std::string& format);
/// The same to a stream (the caller's: `pelsim convert IN -` passes standard output), with
/// the same refusals, made before anything is written.
void write_graph(std::ostream& os, const models::TaskGraph& graph, const std::string& format);

}  // namespace pelsim::experiment
