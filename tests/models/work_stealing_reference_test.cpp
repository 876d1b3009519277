// work_stealing against a literal reference: a thief that really spins (one event per failed
// attempt, never sleeps). On 2 cores the victim is always the other core, so both must make the
// same decisions: the same steals and failed steals, every task on the same core, while the
// policy under test processes no more events. Times agree to rounding only: a sleeping thief's
// retry instant is last + k*d, a spinning one's last + d + d + ... + d.
#include <gtest/gtest.h>

#include <deque>
#include <vector>

#include "pelsim/models/generators.hpp"
#include "pelsim/models/policies/work_stealing.hpp"
#include "pelsim/models/policy.hpp"
#include "pelsim/models/trace_recorder.hpp"

namespace pelsim::models {
namespace {

// Two cores, LIFO own deque, FIFO steals from the other core, retry after `retry`.
class SpinningStealer {
 public:
  SpinningStealer(double latency, double retry) : latency_(latency), retry_(retry) {}
  template <class Sim>
  void on_start(Sim& sim) {
    n_ = sim.problem().graph().task_count();
    for (CoreId c = 0; c < 2; ++c) sim.wake_at(0.0, c);
  }
  template <class Sim>
  void on_task_ready(TaskId t, Sim& sim) {
    if (sim.problem().graph().in_degree(t) == 0) {
      deque_[next_source_].push_back(t);
      next_source_ ^= 1;
    } else {
      enabled_.push_back(t);
    }
  }
  template <class Sim>
  void on_task_finished(TaskId, CoreId c, Sim& sim) {
    for (TaskId t : enabled_) deque_[c].push_back(t);
    enabled_.clear();
    attempt(c, sim);
  }
  template <class Sim>
  void on_wake(std::uint32_t c, Sim& sim) {
    if (stolen_[c] != kNone) {
      const TaskId t = stolen_[c];
      stolen_[c] = kNone;
      sim.assign(t, c);
    } else {
      attempt(c, sim);
    }
  }
  double planned_makespan() const { return 0; }
  void explain_deadlock(const Problem&) const {}
  void report(SimulationResult& r) const {
    r.steals = steals_;
    r.failed_steals = failed_;
  }

 private:
  static constexpr TaskId kNone = ~TaskId{0};
  template <class Sim>
  void attempt(CoreId c, Sim& sim) {
    if (!deque_[c].empty()) {
      const TaskId t = deque_[c].back();
      deque_[c].pop_back();
      ++taken_;
      sim.assign(t, c);
      return;
    }
    if (taken_ == n_) return;
    std::deque<TaskId>& victim = deque_[c ^ 1];
    if (victim.empty()) {
      ++failed_;
      sim.wake_at(sim.now() + retry_, c);
      return;
    }
    stolen_[c] = victim.front();
    victim.pop_front();
    ++taken_;
    ++steals_;
    sim.wake_at(sim.now() + latency_, c);
  }

  double latency_, retry_;
  std::uint32_t n_ = 0, taken_ = 0, next_source_ = 0;
  std::uint64_t steals_ = 0, failed_ = 0;
  std::deque<TaskId> deque_[2];
  TaskId stolen_[2] = {kNone, kNone};
  std::vector<TaskId> enabled_;
};

TEST(WorkStealingReference, SleepingThievesCountLikeSpinningOnes) {
  int fewer_events = 0;
  for (std::uint64_t seed = 1; seed <= 12; ++seed) {
    const TaskGraph g = generate("layered", {{{"tasks", 120}, {"flops_min", 1e6}}, seed});
    const Platform p = Platform::homogeneous(2, 1e9);
    const NetworkModel net =
        seed % 2 ? NetworkModel::ideal() : NetworkModel::latency_bandwidth(1e-5, 1e9);
    const Problem problem(g, p, net);
    const double latency = 3e-4, retry = 7e-4;
    TraceRecorder a(g.task_count(), 2), b(g.task_count(), 2);
    PolicyRunOf<WorkStealingPolicy> tested(problem, WorkStealingPolicy(latency, retry, seed), &a);
    PolicyRunOf<SpinningStealer> reference(problem, SpinningStealer(latency, retry), &b);
    tested.run();
    reference.run();
    const SimulationResult& ra = tested.result();
    const SimulationResult& rb = reference.result();
    SCOPED_TRACE(seed);
    EXPECT_NEAR(ra.makespan, rb.makespan, 1e-9);
    EXPECT_EQ(ra.steals, rb.steals);
    EXPECT_EQ(ra.failed_steals, rb.failed_steals);
    EXPECT_LE(ra.events, rb.events);
    for (TaskId t = 0; t < g.task_count(); ++t) {
      EXPECT_EQ(a.core(t), b.core(t)) << t;
      EXPECT_NEAR(a.start(t), b.start(t), 1e-9) << t;  // retry instants: k*d vs d+d+...+d
    }
    if (ra.events < rb.events) ++fewer_events;
  }
  EXPECT_GE(fewer_events, 6);  // the sleeping thief mattered in at least half of the runs
}

}  // namespace
}  // namespace pelsim::models
