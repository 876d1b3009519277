#include "pelsim/models/trace_recorder.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>

namespace pelsim::models {

TraceRecorder::TraceRecorder(std::uint32_t tasks, std::uint32_t cores, bool record_transfers)
    : cores_(cores),
      core_(tasks, 0),
      start_(tasks, std::numeric_limits<double>::quiet_NaN()),
      finish_(tasks, std::numeric_limits<double>::quiet_NaN()),
      record_transfers_(record_transfers) {
  start_order_.reserve(tasks);
}

void TraceRecorder::on_task_start(const sim::TaskSpan& span) {
  core_[span.task] = span.core;
  start_[span.task] = span.start;
  start_order_.push_back(span.task);
}

void TraceRecorder::on_task_end(const sim::TaskSpan& span) { finish_[span.task] = span.finish; }

void TraceRecorder::on_transfer(const sim::TransferSpan& span) {
  if (record_transfers_) transfers_.push_back(span);
}

void TraceRecorder::on_task_interrupted(const sim::TaskSpan& span) {
  interrupted_.push_back(span);
  // The run no longer counts as the task's start: it starts again later. (It is among the
  // last starts: a failure ends the run of its core's current task.)
  const auto it = std::find(start_order_.rbegin(), start_order_.rend(), span.task);
  if (it != start_order_.rend()) start_order_.erase(std::next(it).base());
  start_[span.task] = std::numeric_limits<double>::quiet_NaN();
}

void TraceRecorder::on_core_failure(std::uint32_t core, sim::Time down, sim::Time up) {
  // A failure of a core that is down makes its downtime longer: one downtime.
  for (auto it = failures_.rbegin(); it != failures_.rend(); ++it)
    if (it->core == core) {
      if (it->up >= down) {
        it->up = std::max(it->up, up);
        return;
      }
      break;
    }
  failures_.push_back({core, down, up});
}

Schedule TraceRecorder::executed_schedule() const {
  std::vector<std::vector<TaskId>> per_core(cores_);
  for (const TaskId t : start_order_) per_core[core_[t]].push_back(t);
  return Schedule::from_sequences(static_cast<std::uint32_t>(core_.size()), per_core);
}

}  // namespace pelsim::models
