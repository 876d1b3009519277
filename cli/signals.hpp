// What the front end does when a signal ends the process.
#pragma once

namespace pelsim::cli {

/// Makes SIGINT, SIGTERM and SIGHUP remove the temporaries of the output files being written
/// (experiment::AtomicFile) before the process ends by the signal, as it would without a
/// handler (status 128 + the signal's number): an interrupted command leaves no file behind.
/// A signal ignored from the start stays ignored.
/// (A command with its own handlers for a while puts these back after.)
void remove_temporaries_on_signals();

}  // namespace pelsim::cli
