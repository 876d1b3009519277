// Wall clock and memory figures of the running process, for reports.
#pragma once

namespace pelsim::experiment {

/// Peak resident set size of this process so far, in MiB (getrusage).
double peak_rss_mb();

/// Seconds on a monotonic clock, for measuring spans of wall time.
double monotonic_seconds();

}  // namespace pelsim::experiment
