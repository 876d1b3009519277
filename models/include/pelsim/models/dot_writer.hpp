// DOT task-graph writer in SimGrid's convention: node `size` = flops, edge `size` = bytes.
//
// The output reads back with read_dot_file / read_dot_text (and SimGrid's
// create_DAG_from_dot) as the same graph: the same task ids and names, work, task types,
// per-core costs,
// edges in the same order with the same bytes (edge sizes are written as they are; the
// readers floor a fractional edge size, so bytes should be whole numbers).
// Cost: O(tasks + edges) time, output through a 64 KiB buffer.
#pragma once

#include <ostream>

#include "pelsim/models/task_graph.hpp"

namespace pelsim::models {

/// Writes `graph` as `digraph G { ... }`: one line `name [size="flops"];` per task in id
/// order (with `type=T` for a task with a type, quoted like a name, and `costs="c0,c1,..."`
/// when the graph has per-core costs), then one line
/// `a -> b [size="bytes"];` per edge in edge-id order (grouped by source). Numbers are
/// printed as printf's %.17g, which reads back exactly. A name is written bare when it is a
/// plain identifier ([A-Za-z_][A-Za-z0-9_]*, not a DOT keyword), otherwise between double
/// quotes with `"` escaped as `\"`. Write errors are left in the stream's state.
void write_dot(std::ostream& out, const TaskGraph& graph);

}  // namespace pelsim::models
