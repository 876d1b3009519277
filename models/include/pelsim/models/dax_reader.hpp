// Pegasus DAX reader (abstract workflow XML, DAX 2.1 and 3.x).
//
// Reference: the Pegasus DAX schemas (https://pegasus.isi.edu/schema/dax-2.1.xsd, dax-3.x.xsd)
// and SimGrid's loader create_DAG_from_DAX() (src/dag/loaders.cpp), whose edge and file-size
// rules this reader follows. Cost: the file is read whole, one pass of a small hand-written XML
// tokenizer, then O(jobs + edges + file uses) with hash maps.
#pragma once

#include <string>

#include "pelsim/models/task_graph.hpp"

namespace pelsim::models {

/// Reads a Pegasus DAX file as a task graph.
///
/// XML: a small, strict tokenizer for the subset DAX files use: elements, attributes quoted
/// with ' or ", the entities &amp; &lt; &gt; &quot; &apos; and numeric character references,
/// comments, CDATA sections, processing instructions (<?xml ...?>) and a <!DOCTYPE> (skipped,
/// internal subset included). Anything not well-formed (a mismatched or unclosed tag, a
/// duplicate attribute, an unknown entity, text outside the root) is an error with its line.
/// Namespace prefixes on element names are ignored.
///
/// DAX: the root is `<adag>` (its version is not checked). Every `<job>` (and 3.x `<dag>` /
/// `<dax>` sub-workflow node) is a task: tasks are numbered in file order and named by their
/// `id`; a task's type is the job's `name` (its transformation, e.g. mProjectPP). Work =
/// runtime * reference_speed flops, with runtime (seconds) from the job's `runtime`
/// attribute, else from a `<profile namespace="pegasus" key="runtime">` child (3.x); a job
/// with neither is an error. `<uses>` children give the job's files: the name in `file` (2.1)
/// or `name` (3.x), `link` = input | output | inout (both) | none | checkpoint (the last two
/// carry no data), optional `size` in bytes. Other elements
/// (`<file>`, `<executable>`, `<transformation>`, `<argument>`, `<metadata>`, ...) are ignored.
///
/// Edges, as in SimGrid's loader: a task pair p -> c for each `<child ref=c><parent ref=p/>
/// </child>` and for each file that p writes and c reads (SimGrid makes that a dependency even
/// without a `<child>` element; a pair declared twice is one pair). A pair gets one edge per
/// file p writes and c reads, carrying that file's size, in the order the files first appear
/// (SimGrid makes one transfer per file and pair: they share the route's bandwidth, each with
/// its own latency), and one 0-byte edge (a precedence) when no such file has data. A file's
/// size is the first `size` given for it in the file (SimGrid keeps the first and warns about
/// the others; the warning is not reproduced); a file of 0 bytes moves nothing (SimGrid makes
/// a transfer of 0 bytes, which pelsim's 0-byte edges, precedences, do not cost). With
/// `root_end`, SimGrid's extra tasks are added too: `root` (0 flops, the first task), from
/// which each job reads the files no job writes, and `end` (0 flops, the last), to which each
/// job sends the files no job reads (one edge per file and job); jobs without a predecessor
/// follow root, jobs without a successor precede end; there, as in SimGrid's loader, every
/// link but `input` (inout, none, checkpoint) counts as a write only, so a file a job inouts
/// and no job reads goes to end. Without it (the default) such files carry no data. The
/// edges with data are SimGrid's transfers, file for file (tests/data/sgref_dax: three
/// shipped workflows listed by SimGrid 3.32's loader). Differences from SimGrid: job names are
/// the job ids (SimGrid uses "id@name"); a file that a job both reads and writes makes no
/// self-dependency.
///
/// Throws InputError(path, line, reason) on a file that cannot be opened, an XML error, a
/// root other than `<adag>`, a job without id, a duplicate job id, a runtime or size that is
/// not a number >= 0, a `<uses>` without a file name or with an unknown link, a `<child>` or
/// `<parent>` whose ref names no job, a cycle (naming a job on it: simple_dax_with_cycle.xml of
/// SimGrid), on a reference_speed that is not a positive finite number, and with root_end on a
/// job whose id is `root` or `end`.
TaskGraph read_dax_file(const std::string& path, double reference_speed = 1e9,
                        bool root_end = false);

}  // namespace pelsim::models
