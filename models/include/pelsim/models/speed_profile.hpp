// A host's speed over time: SimGrid's CPU speed profile (a host's `speed_file`).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pelsim::models {

/// A host's speed scale over time, as SimGrid 3.32 applies a deterministic profile to a
/// CPU: from dates[i] on, the host computes at scales[i] times its peak speed (1 before the
/// first date). With `period` > 0 the pattern repeats: event i of iteration k is at
/// dates[i] + k * period (SimGrid's PERIODICITY p gives period p; LOOPAFTER d gives the last
/// date + d; events at one instant apply in order, the last one holding). A value type;
/// parse_speed_profile() guarantees dates non-negative and non-decreasing, scales finite and
/// > 0, a period of 0 (once) or > 0 and at least the last date, and period_work filled in
/// (finish() relies on it: a profile built otherwise must fill it too). A profile without
/// events changes nothing (finish() is then start + seconds).
struct SpeedProfile {
  std::vector<double> dates;
  std::vector<double> scales;
  double period = 0;  ///< 0: the pattern runs once, its last scale for ever after
  double period_work = 0;  ///< with a period: the integral of the scale over one period

  /// When a computation of `seconds` at peak speed, started at `start`, ends: the time at
  /// which the integral of the scale from `start` reaches `seconds`. Computed as SimGrid's
  /// CPU model updates an execution at each event of the profile (what is left, minus the
  /// rate times the time since the previous event); past two periods, whole periods are
  /// taken at once (their integral; the end may then differ from SimGrid's in the last
  /// digits), and a period below the clock's resolution at `start` gives way to the mean
  /// scale. Cost: O(log events) to find `start`, then the events the task spans, at most
  /// about three periods' worth.
  double finish(double start, double seconds) const;
};

/// Reads a SimGrid profile (one "date value" pair per line, in increasing dates; lines of
/// `#`, `%` or nothing are skipped; "PERIODICITY p" or "LOOPAFTER d" make it repeat), as
/// SimGrid 3.32's ProfileBuilder reads a deterministic one; `periodicity` > 0 is a
/// `<trace periodicity>` attribute. `file` and `first_line` name where the text is, for
/// errors: throws InputError(file, line, reason) on a line that is not a pair of numbers, a
/// negative date, dates out of order, a value not finite and > 0, an empty profile, a
/// stochastic profile (not supported), or a period shorter than the last date.
SpeedProfile parse_speed_profile(std::string_view text, const std::string& file,
                                 std::size_t first_line = 1, double periodicity = 0);

}  // namespace pelsim::models
