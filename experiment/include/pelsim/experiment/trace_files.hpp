// Execution traces of one run for external viewers.
#pragma once

#include <iosfwd>
#include <string>

#include "pelsim/models/task_graph.hpp"
#include "pelsim/models/trace_recorder.hpp"

namespace pelsim::experiment {

/// Writes a Chrome / Perfetto trace (JSON trace-event format, open it in ui.perfetto.dev or
/// chrome://tracing): one thread per core with a slice per task, transfers as async slices
/// on a "network" process and as flow arrows from producer to consumer. Times in
/// microseconds of simulated time. The file is written atomically.
void write_chrome_trace(const std::string& path, const models::TaskGraph& graph,
                        const models::TraceRecorder& trace);
/// The same trace written to `os`.
void write_chrome_trace(std::ostream& os, const models::TaskGraph& graph,
                        const models::TraceRecorder& trace);

/// Writes a Paje trace (the format of SimGrid, ViTE and PajeNG): a machine container with one
/// container per core whose state is the running task's name (or "idle"), and one link per
/// transfer. Events are in time order. The file is written atomically.
void write_paje_trace(const std::string& path, const models::TaskGraph& graph,
                      const models::TraceRecorder& trace);
/// The same trace written to `os`.
void write_paje_trace(std::ostream& os, const models::TaskGraph& graph,
                      const models::TraceRecorder& trace);

}  // namespace pelsim::experiment
