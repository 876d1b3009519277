// Standard Task Graph Set (STG) reader: the plain text format of Kasahara Lab's benchmark
// graphs, without communication costs.
//
// Reference: T. Tobita, H. Kasahara, "A standard task graph set for fair evaluation of
// multiprocessor scheduling algorithms", Journal of Scheduling 5(5):379-394, 2002, and the
// format description of the STG pages (kasahara.cs.waseda.ac.jp/schedule/).
// Cost: the file is read whole, one pass over its numbers, O(tasks + edges).
#pragma once

#include <string>

#include "pelsim/models/task_graph.hpp"

namespace pelsim::models {

/// Reads an STG file as a task graph.
///
/// Format: the first number is n, the count of real tasks; then n + 2 task records
/// `id time k p1 ... pk` (time = processing time, k predecessors), ids 0 .. n+1 in increasing
/// order, where 0 is the dummy entry task and n+1 the dummy exit task (time 0 in the
/// published files). Numbers are separated by any blanks (a record may wrap over several
/// lines); `#` starts a comment that runs to the end of the line (the information part after
/// the graph is all comments). Anything else after the last record is an error.
///
/// Semantics: the dummy tasks are kept, so the graph has n + 2 tasks, named "0" .. "n+1"
/// (the STG ids), and its edges include the dummy edges (those touching 0 or n+1). With their
/// time of 0 they change neither the total work nor the critical path, and a schedule's
/// length is the finish time of task n+1, the definition used by the published optimal
/// lengths. Work = time * reference_speed flops, so with reference_speed 1 and cores of speed
/// 1 flop/s a task takes `time` seconds (the model behind the published optima). Edges carry
/// 0 bytes: the set has no communication costs. A time may be a decimal number (the published
/// files use integers).
///
/// Throws InputError(path, line, reason) on a file that cannot be opened, a missing or
/// non-integer count, id, predecessor count or predecessor, a record out of order, a negative
/// or non-finite time, a predecessor outside 0..n+1, equal to the task or listed twice, a
/// premature end of file, content after the last record that is not a comment, a cycle (naming
/// a task on it), and on a reference_speed that is not a positive finite number.
TaskGraph read_stg_file(const std::string& path, double reference_speed = 1);

}  // namespace pelsim::models
