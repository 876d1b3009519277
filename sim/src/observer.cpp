#include "pelsim/sim/observer.hpp"

namespace pelsim::sim {

Observer::~Observer() = default;
void Observer::on_task_start(const TaskSpan&) {}
void Observer::on_task_end(const TaskSpan&) {}
void Observer::on_transfer(const TransferSpan&) {}
void Observer::on_core_state(std::uint32_t, CoreState, Time) {}

}  // namespace pelsim::sim
