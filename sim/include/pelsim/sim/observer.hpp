// What a simulation reports as it runs.
#pragma once

#include <cstdint>

#include "pelsim/sim/event.hpp"

namespace pelsim::sim {

/// State of a core as reported to observers.
enum class CoreState : std::uint8_t { kIdle, kBusy };

/// One task execution, as seen by observers (an immutable view).
struct TaskSpan {
  std::uint32_t task;
  std::uint32_t core;
  Time start;
  Time finish;
};

/// One data transfer between two cores (edge `edge`), as seen by observers. A transfer not
/// delivered was cancelled at `finish` (its consumer moved off a failed core): it used the
/// network until then, and `bytes` is what it would have moved.
struct TransferSpan {
  std::uint32_t edge;
  std::uint32_t src_core;
  std::uint32_t dst_core;
  double bytes;
  Time start;
  Time finish;
  bool delivered = true;
};

/// Receives notifications from a running model. Every method has an empty default, so an
/// observer overrides only what it records. A model holds at most an `Observer*` and skips
/// the call entirely when it is null: an unobserved run pays one predictable branch.
/// Observers must not change the simulation; they get copies or const views only.
class Observer {
 public:
  virtual ~Observer();
  /// A task started on a core. `span.finish` is its planned finish time.
  virtual void on_task_start(const TaskSpan& span);
  /// A task finished.
  virtual void on_task_end(const TaskSpan& span);
  /// A transfer was started; for contention-free networks its finish time is already known.
  virtual void on_transfer(const TransferSpan& span);
  /// A core changed state at time t.
  virtual void on_core_state(std::uint32_t core, CoreState state, Time t);
  /// A core failed at `span.finish` while running (or about to run) span.task, started at
  /// span.start: the work is lost, the task will run again (a later on_task_start).
  virtual void on_task_interrupted(const TaskSpan& span);
  /// A core failed at `down` and runs again at `up` (infinity: never). Called again, with a
  /// later `up`, when a failure of the core while it is down makes its downtime longer.
  virtual void on_core_failure(std::uint32_t core, Time down, Time up);
};

}  // namespace pelsim::sim
