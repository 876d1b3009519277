// central_queue (and fifo, which is its fifo priority): hand-computed schedules.
#include <gtest/gtest.h>

#include "pelsim/models/generators.hpp"
#include "pelsim/models/graph_metrics.hpp"
#include "pelsim/models/trace_recorder.hpp"
#include "run_helpers.hpp"
#include "test_graphs.hpp"

namespace pelsim::models {
namespace {

using testing::make_graph;
using testing::options_with;
using testing::run_policy_with;

SimulationResult run_cq(const TaskGraph& g, std::uint32_t cores, const std::string& priority,
                        std::uint64_t seed = 1) {
  return run_policy_with(g, "central_queue", Platform::homogeneous(cores, 1e9),
                         NetworkModel::ideal(), options_with(seed, {{"priority", priority}}));
}

// n equal independent tasks of w = 1 s on p cores: every priority keeps all cores busy, so
// the makespan is ceil(n/p) * w: 7 tasks on 3 cores -> 3 s, on 7 cores -> 1 s, on 1 -> 7 s.
TEST(CentralQueue, IndependentTasksTakeCeilNOverPRounds) {
  const TaskGraph g = make_graph(std::vector<double>(7, 1e9), {});
  for (const char* priority : {"fifo", "bottom_level", "random"}) {
    SCOPED_TRACE(priority);
    EXPECT_DOUBLE_EQ(run_cq(g, 3, priority).makespan, 3);
    EXPECT_DOUBLE_EQ(run_cq(g, 7, priority).makespan, 1);
    EXPECT_DOUBLE_EQ(run_cq(g, 1, priority).makespan, 7);
  }
}

// A chain of 1 s + 2 s + 3 s gains nothing from 4 cores: 6 s under every priority.
TEST(CentralQueue, ChainGainsNothing) {
  const TaskGraph g = testing::make_chain({1e9, 2e9, 3e9}, 0);
  for (const char* priority : {"fifo", "bottom_level", "random"})
    EXPECT_DOUBLE_EQ(run_cq(g, 4, priority).makespan, 6);
}

// t0, t1, t2 independent (1 s each), t3 (1 s) -> t4 (3 s); 2 cores, ideal network.
// Bottom levels: t0..t2 = 1, t3 = 4, t4 = 3.
// fifo: t0->c0, t1->c1 [0,1]; at 1 t2->c0, t3->c1 [1,2]; at 2 t4 ready -> c0 [2,5]: 5 s.
// bottom_level: t3->c0, t0->c1 [0,1]; at 1 t4 (bl 3) -> c0 [1,4], t1 -> c1 [1,2],
// t2 -> c1 [2,3]: 4 s, the critical path (optimal).
TEST(CentralQueue, BottomLevelRunsTheCriticalPathFirst) {
  const TaskGraph g = make_graph({1e9, 1e9, 1e9, 1e9, 3e9}, {{3, 4, 0.0}});
  EXPECT_DOUBLE_EQ(run_cq(g, 2, "fifo").makespan, 5);
  EXPECT_DOUBLE_EQ(run_cq(g, 2, "bottom_level").makespan, 4);
  const Platform p = Platform::homogeneous(2, 1e9);
  EXPECT_DOUBLE_EQ(testing::run_policy(g, "fifo", p, NetworkModel::ideal()).makespan, 5);
}

// On a random layered DAG: fifo priority is the fifo policy, decision for decision (same
// mapping and start times; one more event, the decision at time 0); random is reproducible
// per seed; no run beats the lower bound max(CP, W/P).
TEST(CentralQueue, FifoIsTheFifoPolicyAndRandomIsSeeded) {
  const TaskGraph g = generate("layered", {{{"tasks", 300}}, 7});
  const Platform p = Platform::homogeneous(4, 1e9);
  const auto net = NetworkModel::latency_bandwidth(1e-6, 1e9);
  TraceRecorder fifo_trace(g.task_count(), 4), cq_trace(g.task_count(), 4);
  const SimulationResult fifo = testing::run_policy(g, "fifo", p, net, nullptr, &fifo_trace);
  const SimulationResult cq = run_policy_with(g, "central_queue", p, net,
                                              options_with(1, {{"priority", "fifo"}}), &cq_trace);
  EXPECT_EQ(cq.makespan, fifo.makespan);
  EXPECT_EQ(cq.events, fifo.events + 1);
  EXPECT_EQ(cq.transfers, fifo.transfers);
  for (TaskId t = 0; t < g.task_count(); ++t) {
    EXPECT_EQ(cq_trace.core(t), fifo_trace.core(t));
    EXPECT_EQ(cq_trace.start(t), fifo_trace.start(t));
  }
  const double bound = makespan_lower_bound(Problem(g, p, net));
  for (std::uint64_t seed : {1, 2, 3}) {
    const auto a =
        run_policy_with(g, "central_queue", p, net, options_with(seed, {{"priority", "random"}}));
    const auto b =
        run_policy_with(g, "central_queue", p, net, options_with(seed, {{"priority", "random"}}));
    EXPECT_EQ(a.makespan, b.makespan);
    EXPECT_EQ(a.tasks_done, g.task_count());
    EXPECT_GE(a.makespan, bound);
  }
  const auto bl =
      run_policy_with(g, "central_queue", p, net, options_with(1, {{"priority", "bottom_level"}}));
  EXPECT_GE(bl.makespan, bound);
  EXPECT_EQ(bl.steals + bl.failed_steals, 0u);
}

}  // namespace
}  // namespace pelsim::models
