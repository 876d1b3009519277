// DOT task-graph reader in SimGrid's convention: node `size` = flops, edge `size` = bytes.
//
// Reference: the Graphviz DOT language (https://graphviz.org/doc/info/lang.html) and the
// conventions of SimGrid's create_DAG_from_dot(); where the two leave a choice open, the
// reader agrees with the SimGrid reference tool sgref (tools/sgref/src/dag.cpp).
// Cost: one streaming pass, O(bytes + tasks + edges) time, a fixed 256 KiB read buffer.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "pelsim/models/task_graph.hpp"

namespace pelsim::models {

/// Reads a task graph from a DOT file, streaming it through a fixed-size buffer (the file is
/// never held in memory as a whole, nor mapped).
///
/// Accepted: `[strict] digraph [ID] { ... }`; node statements `a [size=1e9]`; edge statements
/// and chains `a -> b -> c [size=100]` (every hop is an edge with the statement's attributes);
/// several attribute lists with `,` or `;` separators; `node [...]` / `edge [...]` defaults
/// (only `size`; a default applies to tasks and edges created after it, and a default set in a
/// subgraph ends with the subgraph); `graph [...]` and `k=v` graph attributes (ignored);
/// named and anonymous subgraphs (flattened); ports `a:p` (ignored); `//`, `/* */` and `#`
/// comments; quoted strings (`\"` is a quote, `\\` is kept as two characters as Graphviz
/// does, backslash-newline continues a line) and `"a" + "b"` concatenation; HTML strings
/// `<...>`. Unknown attributes are ignored.
///
/// Semantics (identical to sgref but for `root` and `end`): tasks are numbered in order of
/// first appearance. A task's
/// work is the `size` of its node statement (the last one wins), else the node default in
/// force where the task was first named, else 0. A node attribute `costs="c0,c1,..."` gives
/// the seconds the task takes on each core; `type="gemm"` its task type (the last one wins;
/// "" means none). An edge's bytes are its `size` (or the edge
/// default) floored to an integer; a missing or negative size means 0 (pure precedence).
/// Duplicate edges are kept (each moves its bytes), except in a `strict digraph`, where, as
/// in Graphviz, a repeated edge statement names the same edge: a size it gives replaces the
/// edge's, and without one the edge keeps its size. As in SimGrid's create_DAG_from_dot(),
/// a task named `root` precedes every other task without a predecessor, and a task named
/// `end` follows every other task without a successor (0-byte edges; sgref treats them as
/// ordinary tasks). Unlike SimGrid, the reader does not add them when the file does not name
/// them (0-flop tasks joined by precedences change no time, but a schedule would have to place
/// them).
///
/// Throws InputError(path, line, reason) on a file that cannot be opened (line 0), a syntax
/// error, an undirected graph, a non-numeric, negative or non-finite node size, a
/// non-numeric or non-finite edge size, a bad `costs` entry, content after the closing brace,
/// an empty file, a self-loop or a cycle (naming a task on it).
TaskGraph read_dot_file(const std::string& path);

/// The same, with an explicit read-buffer size in bytes (at least 16 is used). Small buffers
/// exist for tests, which use them to split every token across reads.
TaskGraph read_dot_file(const std::string& path, std::size_t buffer_bytes);

/// Reads a task graph from DOT text in memory; `source_name` names it in errors.
TaskGraph read_dot_text(std::string_view text, const std::string& source_name);

/// read_dot_file() that also appends to `warnings` a `file:line: ...` line for each task that
/// appears only in edges (no node statement of its own) and has no work, but `root` and `end`
/// (SimGrid's convention): legal DOT, but most often a misspelled name, which makes a task of
/// its own and leaves the intended one without the edge. In file order of first mention.
TaskGraph read_dot_file(const std::string& path, std::vector<std::string>& warnings);
/// read_dot_text() with the same warnings.
TaskGraph read_dot_text(std::string_view text, const std::string& source_name,
                        std::vector<std::string>& warnings);

}  // namespace pelsim::models
