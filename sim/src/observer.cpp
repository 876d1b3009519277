#include "pelsim/sim/observer.hpp"

namespace pelsim::sim {

Observer::~Observer() = default;
void Observer::on_task_start(const TaskSpan&) {}
void Observer::on_task_end(const TaskSpan&) {}
void Observer::on_transfer(const TransferSpan&) {}
void Observer::on_core_state(std::uint32_t, CoreState, Time) {}
void Observer::on_task_interrupted(const TaskSpan&) {}
void Observer::on_core_failure(std::uint32_t, Time, Time) {}

}  // namespace pelsim::sim
