// Which idle core a dynamic policy gives a task to when cores differ (Simulator::idle_core_for):
// the one that runs it fastest, the lowest-numbered among equals. Expected values are hand
// computed: duration = work / speed (or the task's cost on that core), no data moves (ideal
// network or 0-byte edges).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pelsim/models/policy.hpp"
#include "pelsim/models/trace_recorder.hpp"
#include "run_helpers.hpp"
#include "test_graphs.hpp"

namespace pelsim::models {
namespace {

using testing::make_chain;
using testing::options_with;

// Where and when each task ran, and the makespan.
struct Placement {
  std::vector<CoreId> core;
  std::vector<double> start;
  double makespan = 0;
  double bytes_moved = 0;
};

Placement place(const TaskGraph& g, const std::string& policy, const Platform& platform,
                const PolicyOptions& options = {},
                const NetworkModel& net = NetworkModel::ideal()) {
  const Problem problem(g, platform, net);
  TraceRecorder trace(g.task_count(), platform.core_count());
  auto run = PolicyRegistry::builtin().find(policy).create(problem, options, &trace);
  run->run();
  Placement p;
  p.makespan = run->result().makespan;
  p.bytes_moved = run->result().bytes_moved;
  for (TaskId t = 0; t < g.task_count(); ++t) {
    p.core.push_back(trace.core(t));
    p.start.push_back(trace.start(t));
  }
  return p;
}

// A chain of two 2-Gflop tasks on core 0 at 1 Gflop/s and core 1 at 2 Gflop/s: both cores are
// idle at each decision, so each task runs on core 1 in 1 s: makespan 2 s (on core 0, the
// lowest-numbered idle core, it would be 4 s).
TEST(DynamicCoreChoice, EachQueuePolicyTakesTheFastestIdleCore) {
  const TaskGraph g = make_chain({2e9, 2e9}, 0);
  const Platform p({1e9, 2e9});
  for (const std::string priority : {"fifo", "bottom_level", "random"}) {
    SCOPED_TRACE(priority);
    const Placement r = place(g, "central_queue", p, options_with(1, {{"priority", priority}}));
    EXPECT_EQ(r.core, (std::vector<CoreId>{1, 1}));
    EXPECT_DOUBLE_EQ(r.makespan, 2.0);
  }
  const Placement fifo = place(g, "fifo", p);
  EXPECT_EQ(fifo.core, (std::vector<CoreId>{1, 1}));
  EXPECT_DOUBLE_EQ(fifo.makespan, 2.0);
}

// Equal speeds: the lowest-numbered idle core, as on a homogeneous platform. Core 0 and 2 at
// 2 Gflop/s, core 1 at 1: t0 (2 Gflop) -> core 0 (1 s, the lower of the two fastest); t1 ->
// core 2 (1 s), the fastest idle one left, not core 1 (2 s).
TEST(DynamicCoreChoice, AmongEqualCoresTheLowestNumber) {
  const TaskGraph g = testing::make_graph({2e9, 2e9}, {});
  const Placement r = place(g, "fifo", Platform({2e9, 1e9, 2e9}));
  EXPECT_EQ(r.core, (std::vector<CoreId>{0, 2}));
  EXPECT_DOUBLE_EQ(r.makespan, 1.0);
}

// Per-core costs (the unrelated-machines model): t0 costs {3, 1, 1} s, t1 {1, 5, 2} s,
// independent. fifo: t0 -> core 1 (1 s; core 2 ties, core 1 is lower), then t1 among the idle
// cores 0 and 2 -> core 0 (1 s). Makespan 1 s (the lowest idle cores would give 3 s and 5 s).
TEST(DynamicCoreChoice, CostsChooseTheShortestDurationPerTask) {
  TaskGraphBuilder b("costs");
  b.set_costs(b.add_task(1), {3, 1, 1});
  b.set_costs(b.add_task(1), {1, 5, 2});
  const Placement r = place(b.build(), "fifo", Platform::homogeneous(3, 1e9));
  EXPECT_EQ(r.core, (std::vector<CoreId>{1, 0}));
  EXPECT_DOUBLE_EQ(r.makespan, 1.0);
}

// Core types: core 0 a cpu at 1 Gflop/s, core 1 a gpu at 2 Gflop/s running gemm 10x faster and
// io at 0.5x. A chain: t0, a 1-Gflop gemm, runs on the gpu, 1e9 / (2e9 x 10) = 0.05 s (1 s on
// the cpu); then t1, a 1-Gflop io task, takes 1 s on either core, a tie, so core 0: [0.05,
// 1.05]. (Both on core 0 would take 2 s.)
TEST(DynamicCoreChoice, CoreTypesChooseByTheTasksType) {
  const Platform p({1e9, 2e9}, {CoreType{"cpu", {}}, CoreType{"gpu", {{"gemm", 10}, {"io", 0.5}}}},
                   {0, 1});
  TaskGraphBuilder b("typed");
  const TaskId gemm = b.add_task(1e9);
  const TaskId io = b.add_task(1e9);
  b.set_type(gemm, "gemm");
  b.set_type(io, "io");
  b.add_edge(gemm, io, 0);
  const Placement r = place(b.build(), "fifo", p);
  EXPECT_EQ(r.core, (std::vector<CoreId>{1, 0}));
  EXPECT_DOUBLE_EQ(r.makespan, 1.05);
}

// A task of no work (SimGrid's DOT `root` and `end`) takes 0 s on any core: it goes to the
// fastest idle core, where its data then is (core 1 at 2 Gflop/s, not core 0 for its number).
// t1 (1 Gflop) follows on core 1: [0, 0.5].
TEST(DynamicCoreChoice, ATaskOfNoWorkGoesToTheFastestIdleCore) {
  const TaskGraph g = testing::make_graph({0, 1e9}, {{0, 1, 0}});
  const Placement r = place(g, "fifo", Platform({1e9, 2e9}));
  EXPECT_EQ(r.core, (std::vector<CoreId>{1, 1}));
  EXPECT_DOUBLE_EQ(r.makespan, 0.5);
}

// locality's remote dispatch. Core 0 and 1 at 1 Gflop/s, core 2 at 2. The source t0 (1 Gflop)
// prefers core 0 (the first source) and runs [0, 1]; its 0-byte children t1 (1 Gflop) and t2
// (2 Gflop) then prefer their enabler, core 0, and join its queue. Core 0 takes t1 [1, 2]
// (local); t2 goes to the fastest idle core, core 2: [1, 2] (on core 1 it would be [1, 3]).
TEST(DynamicCoreChoice, LocalityDispatchesRemotelyToTheFastestIdleCore) {
  const TaskGraph g = testing::make_graph({1e9, 1e9, 2e9}, {{0, 1, 0}, {0, 2, 0}});
  const Placement r = place(g, "locality", Platform({1e9, 1e9, 2e9}));
  EXPECT_EQ(r.core, (std::vector<CoreId>{0, 0, 2}));
  EXPECT_DOUBLE_EQ(r.makespan, 2.0);
}

// Tasks finishing at one instant all free their cores and make their successors ready before
// the policy decides (kDecidesPerInstant). Core 0 at 1 Gflop/s, core 1 at 2; independent t0,
// t1, t2 of 2 Gflop and t3 of 8. t0 -> core 1 [0, 1], t1 -> core 0 [0, 2]; at 1, t2 -> core 1
// [1, 2]; at 2 both cores are free, so t3 -> core 1 [2, 6] (deciding after t1's finish alone,
// when core 1 still looked busy, gave core 0 [2, 10]).
TEST(SimultaneousFinishes, FifoAndCentralQueueSeeEveryCoreFreedAtTheInstant) {
  const TaskGraph g = testing::make_graph({2e9, 2e9, 2e9, 8e9}, {});
  const Platform p({1e9, 2e9});
  for (const std::string policy : {"fifo", "central_queue"}) {
    SCOPED_TRACE(policy);
    const Placement r = place(g, policy, p);
    EXPECT_EQ(r.core, (std::vector<CoreId>{1, 0, 1, 1}));
    EXPECT_DOUBLE_EQ(r.makespan, 6.0);
  }
}

// bottom_level compares the tasks made ready by every finish of the instant. 2 cores at 1
// Gflop/s, 0-byte edges a -> L, b -> c -> {H1, H2}; work a 2, b 1, c 1, L 1, H1 3, H2 3 Gflop.
// Bottom levels: a 3, L 1, b 5, c 4, H1 = H2 = 3. b -> core 0 [0, 1], a -> core 1 [0, 2]; c ->
// core 0 [1, 2]. At 2, a and c finish: L, H1 and H2 are ready together, so H1 and H2 [2, 5]
// first and L after them, at 5 (deciding after a's finish alone started L at 2).
TEST(SimultaneousFinishes, BottomLevelComparesEveryTaskMadeReadyAtTheInstant) {
  const TaskGraph g = testing::make_graph({2e9, 1e9, 1e9, 1e9, 3e9, 3e9},
                                          {{0, 3, 0}, {1, 2, 0}, {2, 4, 0}, {2, 5, 0}});
  const Placement r = place(g, "central_queue", Platform::homogeneous(2, 1e9),
                            options_with(1, {{"priority", "bottom_level"}}));
  EXPECT_EQ(r.start, (std::vector<double>{0, 0, 1, 5, 2, 2}));
  EXPECT_DOUBLE_EQ(r.makespan, 6.0);
}

// locality: an idle core's own queue first, also when the core is freed at the same instant
// as another. 2 cores at 1 Gflop/s, latency 0, 1e9 B/s. Sources s0 (2 Gflop) -> core 0, s1 (1)
// -> core 1; s1 feeds u and z (1 Gflop each) with 1e9 B each, so both prefer core 1, which
// runs u [1, 2]. At 2, s0 and u finish: core 1 takes z from its own queue [2, 3], no byte
// moves (deciding after s0's finish alone sent z to core 0: 1 s of transfer, [3, 4]).
TEST(SimultaneousFinishes, LocalityTakesFromTheOwnQueueOfEveryCoreFreedAtTheInstant) {
  const TaskGraph g = testing::make_graph({2e9, 1e9, 1e9, 1e9}, {{1, 2, 1e9}, {1, 3, 1e9}});
  const Placement r = place(g, "locality", Platform::homogeneous(2, 1e9), {},
                            NetworkModel::latency_bandwidth(0, 1e9));
  EXPECT_EQ(r.core, (std::vector<CoreId>{0, 1, 1, 1}));
  EXPECT_DOUBLE_EQ(r.makespan, 3.0);
  EXPECT_EQ(r.bytes_moved, 0.0);
}

}  // namespace
}  // namespace pelsim::models
