// Core failures: fail-stop, given one by one or drawn from a mean time between failures.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "pelsim/models/rng.hpp"
#include "pelsim/models/task_graph.hpp"

namespace pelsim::models {

/// A failure's repair time when the core never comes back.
inline constexpr double kNeverRepaired = std::numeric_limits<double>::infinity();

/// One core failure: `core` stops at `at` seconds, the task it was running loses the work
/// done so far, and the core runs again `repair` seconds later (kNeverRepaired: never).
/// `line` is where the failure was written, 0 when it was not read from a file.
struct CoreFailure {
  CoreId core = 0;
  double at = 0;
  double repair = 0;
  std::uint32_t line = 0;
};

/// Checkpointing arithmetic (docs/models/faults.md): a task writes a checkpoint after every
/// `interval` seconds of computing, not at its end (its outputs are its last state), each
/// taking `cost` seconds; a run that resumes from a checkpoint first reads it back (`restart`
/// seconds). A run cut short keeps the work up to its last checkpoint written: the task's next
/// run, on any core, computes the rest. Progress is kept as the fraction of the task done, so
/// it carries over between cores of different speeds.
struct Checkpoints {
  double interval = 0;  ///< 0: no checkpoints
  double cost = 0;
  double restart = 0;

  bool active() const { return interval > 0; }

  /// Checkpoints a run writes while computing `remaining` seconds: those strictly before its
  /// end, ceil(remaining / interval) - 1 (0 for nothing left). Here and in written_after() a
  /// ratio within a relative 1e-9 of a whole number is that number (2.1 s is 7 intervals of
  /// 0.3 s, though not in binary).
  double count_in(double remaining) const;
  /// A run's length: the read-back if it resumes, the computing left, its checkpoints.
  double run_time(double remaining, bool resumes) const {
    return (resumes ? restart : 0.0) + remaining + count_in(remaining) * cost;
  }
  /// Checkpoints a run of `remaining` seconds of computing (resuming or not) has written
  /// after `elapsed` seconds: at most count_in(remaining).
  double written_after(double elapsed, double remaining, bool resumes) const;
};

/// The fault model of a platform (docs/models/faults.md): fail-stop failures of single cores.
/// Given failures (`failures`), random ones (`mtbf` > 0), or both. Random failures: each
/// core's up-times are independent exponential draws of mean `mtbf` seconds (a Poisson
/// process per core, counted from time 0 and from each repair), each failure repaired after
/// `mttr` seconds; core c's draws come from its own stream (FailureStream), so they do not
/// depend on what the other cores do. A failure of a core that is already down extends its
/// downtime to the later repair. Default: no failure (active() is false).
struct FaultModel {
  std::vector<CoreFailure> failures;
  double mtbf = 0;  ///< seconds; 0: no random failure
  double mttr = 0;  ///< seconds, finite
  /// Random failures strike units of this many consecutive cores together (each unit has its
  /// own stream and MTBF): 1, each core alone; a node's core count, node failures. Divides
  /// the core count.
  std::uint32_t cores_per_unit = 1;
  std::uint64_t seed = 1;
  std::string source;  ///< the file the failures were read from, for messages ("" if none)
  /// The tasks' checkpoints (none by default).
  Checkpoints checkpoints;

  /// Cores may fail (checkpointing alone changes only the tasks' run times).
  bool active() const { return !failures.empty() || mtbf > 0; }
  /// Failures or checkpoints: the model changes something.
  bool in_use() const { return active() || checkpoints.active(); }
  /// Some given failure is never repaired.
  bool has_permanent() const;
};

/// Throws InputError (at the failure's line in `source`, when it has one) unless every failure
/// names a core below `cores`, `at` is finite and >= 0, `repair` is >= 0 (kNeverRepaired allowed),
/// mtbf and mttr are finite and >= 0, and some core never fails for good (else no task could be
/// sure to run); the checkpoint times are finite and >= 0 (without an interval, the costs are
/// not used).
void validate_faults(const FaultModel& faults, std::uint32_t cores);

/// The up-times of one core under random failures: exponential draws of mean `mtbf`, from an
/// Rng seeded by (seed, core) through SplitMix64, so each core has its own stream. The
/// logarithm is computed with + - * / only (exponential_draw), so a draw is the same on every
/// machine (a libm log may differ in the last bit between CPUs).
class FailureStream {
 public:
  FailureStream(std::uint64_t seed, CoreId core);
  /// The next up-time (seconds, > 0).
  double next_up_time(double mtbf) { return exponential_draw(mtbf, rng_.unit()); }

  /// -mean x ln(1 - u) for u in [0, 1): the inverse of the exponential distribution.
  static double exponential_draw(double mean, double u);
  /// ln(x) for finite x > 0, within 2 ulp, from + - * / and exact scaling only.
  static double portable_log(double x);

 private:
  Rng rng_;
};

}  // namespace pelsim::models
