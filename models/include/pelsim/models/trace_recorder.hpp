// An observer that records when and where every task ran.
#pragma once

#include <cstdint>
#include <vector>

#include "pelsim/models/schedule.hpp"
#include "pelsim/sim/observer.hpp"

namespace pelsim::models {

/// Records each task's core, start and finish (flat arrays, 24 bytes per task) and the order
/// in which tasks started. executed_schedule() turns that into the Schedule that was actually
/// run, whatever the policy — so any run can be replayed with the `static` policy. With
/// `record_transfers`, it also keeps every transfer between cores (for traces). Under faults,
/// a task's run cut short by a failure is kept apart (interrupted()), as are the failures
/// (failures()): start() and finish() are those of the run that completed.
class TraceRecorder final : public sim::Observer {
 public:
  explicit TraceRecorder(std::uint32_t tasks, std::uint32_t cores, bool record_transfers = false);

  void on_task_start(const sim::TaskSpan& span) override;
  void on_task_end(const sim::TaskSpan& span) override;
  void on_transfer(const sim::TransferSpan& span) override;
  void on_task_interrupted(const sim::TaskSpan& span) override;
  void on_core_failure(std::uint32_t core, sim::Time down, sim::Time up) override;

  /// A core's downtime: from `down` to `up` (infinity: never repaired).
  struct Downtime {
    CoreId core;
    double down;
    double up;
  };

  CoreId core(TaskId t) const { return core_[t]; }
  double start(TaskId t) const { return start_[t]; }
  double finish(TaskId t) const { return finish_[t]; }
  std::uint32_t core_count() const { return cores_; }
  /// The transfers in the order they started (empty unless record_transfers).
  const std::vector<sim::TransferSpan>& transfers() const { return transfers_; }
  /// The runs cut short by a failure (finish: the failure's time), in the order they failed.
  const std::vector<sim::TaskSpan>& interrupted() const { return interrupted_; }
  /// The failures, in time order.
  const std::vector<Downtime>& failures() const { return failures_; }
  /// Per core, its tasks in the order they started.
  Schedule executed_schedule() const;

 private:
  std::uint32_t cores_;
  std::vector<CoreId> core_;
  std::vector<double> start_;
  std::vector<double> finish_;
  std::vector<TaskId> start_order_;
  bool record_transfers_;
  std::vector<sim::TransferSpan> transfers_;
  std::vector<sim::TaskSpan> interrupted_;
  std::vector<Downtime> failures_;
};

}  // namespace pelsim::models
