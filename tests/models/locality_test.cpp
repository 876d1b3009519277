// locality: hand-computed placements and transfers.
#include <gtest/gtest.h>

#include "pelsim/models/generators.hpp"
#include "pelsim/models/graph_metrics.hpp"
#include "run_helpers.hpp"
#include "test_graphs.hpp"

namespace pelsim::models {
namespace {

using testing::make_graph;
using testing::run_policy;

// t0 (2 s) and t1 (1 s) are sources, t2 (1 s) needs 1e3 bytes from t0 and 1e6 bytes from t1;
// 2 cores at 1 Gflop/s, latency 0, 1e6 bytes/s. Sources round robin: t0 -> c0, t1 -> c1.
// t1 ends at 1, t0 at 2: t2 is ready at 2 with both cores idle.
// locality: most input bytes on c1 (1e6 > 1e3) -> c1, a local dispatch; the 1e3 bytes from
//   c0 take 1e3 / 1e6 = 0.001 s: t2 runs [2.001, 3.001]; makespan 3.001, 1e3 bytes moved.
// fifo: the lowest idle core, c0; the 1e6 bytes from c1 take 1 s: t2 runs [3, 4].
TEST(Locality, ChildFollowsItsBigInput) {
  const TaskGraph g = make_graph({2e9, 1e9, 1e9}, {{0, 2, 1e3}, {1, 2, 1e6}});
  const Platform p = Platform::homogeneous(2, 1e9);
  const auto net = NetworkModel::latency_bandwidth(0, 1e6);
  const SimulationResult loc = run_policy(g, "locality", p, net);
  EXPECT_DOUBLE_EQ(loc.makespan, 3.001);
  EXPECT_EQ(loc.bytes_moved, 1e3);
  EXPECT_EQ(loc.transfers, 1u);
  EXPECT_EQ(loc.local_dispatches, 3u);  // t0 on c0, t1 on c1, t2 on c1
  EXPECT_EQ(loc.remote_dispatches, 0u);
  const SimulationResult fifo = run_policy(g, "fifo", p, net);
  EXPECT_DOUBLE_EQ(fifo.makespan, 4);
  EXPECT_EQ(fifo.bytes_moved, 1e6);
}

// Ties between two inputs. t0 (1 s), t1 (3 s) and t2 (1 s) are sources, t3 (1 s) needs B bytes
// from t1 and B from t2; 2 cores at 1 Gflop/s, latency 0, 1e6 bytes/s. Sources round robin:
// t0 -> c0, t1 -> c1, t2 -> c0, so c0 runs t0 [0, 1] then t2 [1, 2], c1 runs t1 [0, 3]; t3
// is ready at 3, made ready by c1, with both cores idle. Its first input (t1) is on c1.
//  - B = 1e3: c0 and c1 hold 1e3 bytes each, a tie: the lower core, c0 (not the first input's
//    nor the enabler's). c0 pulls 1e3 bytes from c1 in 0.001 s: t3 runs [3.001, 4.001];
//    busy c0 = 1 + 1 + 1 = 3 s, c1 = 3 s.
//  - B = 0: no core holds a byte: the enabler, c1, runs t3 [3, 4]; busy c0 = 2 s, c1 = 4 s.
TEST(Locality, TwoInputsTieToTheLowerCoreOrFallBackToTheEnabler) {
  const Platform p = Platform::homogeneous(2, 1e9);
  const auto net = NetworkModel::latency_bandwidth(0, 1e6);
  const std::vector<double> work{1e9, 3e9, 1e9, 1e9};
  const SimulationResult tie =
      run_policy(make_graph(work, {{1, 3, 1e3}, {2, 3, 1e3}}), "locality", p, net);
  EXPECT_DOUBLE_EQ(tie.makespan, 4.001);
  EXPECT_EQ(tie.core_busy, (std::vector<double>{3, 3}));
  EXPECT_EQ(tie.bytes_moved, 1e3);
  EXPECT_EQ(tie.local_dispatches, 4u);
  EXPECT_EQ(tie.remote_dispatches, 0u);
  const SimulationResult none =
      run_policy(make_graph(work, {{1, 3, 0}, {2, 3, 0}}), "locality", p, net);
  EXPECT_DOUBLE_EQ(none.makespan, 4);
  EXPECT_EQ(none.core_busy, (std::vector<double>{2, 4}));
  EXPECT_EQ(none.bytes_moved, 0);
  EXPECT_EQ(none.local_dispatches, 4u);
}

// t0 (1 s) forks t1, t2, t3 (1 s each, 1e3 bytes from t0); 2 cores, latency 0, 1e6 bytes/s.
// t0 -> c0 [0, 1]. At 1 all three prefer c0 and join its queue: c0 takes t1 (local, [1, 2]);
// c1 is idle with an empty queue and takes the oldest task of the longest queue, t2 (remote:
// 1e3 bytes in 0.001 s, [1.001, 2.001]). At 2 c0 takes t3 (local, [2, 3]). Makespan 3,
// 3 local and 1 remote dispatches, 1e3 bytes moved.
TEST(Locality, IdleCoreTakesRemoteWork) {
  const TaskGraph g = make_graph({1e9, 1e9, 1e9, 1e9}, {{0, 1, 1e3}, {0, 2, 1e3}, {0, 3, 1e3}});
  const SimulationResult r = run_policy(g, "locality", Platform::homogeneous(2, 1e9),
                                        NetworkModel::latency_bandwidth(0, 1e6));
  EXPECT_DOUBLE_EQ(r.makespan, 3);
  EXPECT_EQ(r.local_dispatches, 3u);
  EXPECT_EQ(r.remote_dispatches, 1u);
  EXPECT_EQ(r.bytes_moved, 1e3);
  EXPECT_EQ(r.transfers, 1u);
}

// A chain of S = 4 forks: stage i's root r forks a (1 s) and b (2 s), each receiving s = 1e3
// bytes; the next root (1 s) needs s from a and B = 1e8 from b. 2 cores, 1 us, 1 GB/s.
// fifo: r on c0; a -> c0 (local), b -> c1 (moves s); a ends first, so when b ends both cores
//   are idle and the next root goes to the lowest, c0, pulling B from c1: s + B per stage.
// locality: a and b prefer r's core X; X takes a, the other core Y takes b (moves s); the
//   next root prefers Y (B > s) and Y is idle when b ends: it pulls s from a. 2 s per stage.
// Bytes moved: fifo 4 * (1e3 + 1e8), locality 4 * 2e3.
TEST(Locality, MovesFewerBytesThanFifoOnAChainOfForks) {
  const int stages = 4;
  const double s = 1e3, big = 1e8;
  std::vector<double> work{1e9};  // root of stage 0
  std::vector<std::tuple<TaskId, TaskId, double>> edges;
  TaskId root = 0;
  for (int i = 0; i < stages; ++i) {
    const auto a = static_cast<TaskId>(work.size());
    const TaskId b = a + 1, next = a + 2;
    work.insert(work.end(), {1e9, 2e9, 1e9});
    edges.insert(edges.end(), {{root, a, s}, {root, b, s}, {a, next, s}, {b, next, big}});
    root = next;
  }
  const TaskGraph g = make_graph(work, edges);
  const Platform p = Platform::homogeneous(2, 1e9);
  const auto net = NetworkModel::latency_bandwidth(1e-6, 1e9);
  const SimulationResult loc = run_policy(g, "locality", p, net);
  const SimulationResult fifo = run_policy(g, "fifo", p, net);
  EXPECT_EQ(fifo.bytes_moved, stages * (s + big));
  EXPECT_EQ(loc.bytes_moved, stages * 2 * s);
  EXPECT_LE(loc.bytes_moved, fifo.bytes_moved);
  EXPECT_EQ(loc.tasks_done, g.task_count());
}

// A random layered DAG with transfers: no run beats max(CP, W/P), every task runs once, each
// dispatch is counted once, and a run is reproducible.
TEST(Locality, RespectsTheLowerBoundAndIsReproducible) {
  const TaskGraph g = generate("layered", {{{"tasks", 400}}, 3});
  const auto net = NetworkModel::latency_bandwidth(1e-6, 1e8);
  for (std::uint32_t cores : {1u, 3u, 8u}) {
    const Platform p = Platform::homogeneous(cores, 1e9);
    const SimulationResult a = run_policy(g, "locality", p, net);
    const SimulationResult b = run_policy(g, "locality", p, net);
    EXPECT_GE(a.makespan, makespan_lower_bound(Problem(g, p, net)) - 1e-9) << cores;
    EXPECT_EQ(a.tasks_done, g.task_count());
    EXPECT_EQ(a.local_dispatches + a.remote_dispatches, g.task_count());
    EXPECT_EQ(a.makespan, b.makespan);
    EXPECT_EQ(a.bytes_moved, b.bytes_moved);
    if (cores == 1) {
      EXPECT_EQ(a.remote_dispatches, 0u);  // one queue, always local
    }
  }
}

}  // namespace
}  // namespace pelsim::models
