#include "pelsim/models/policies/hlfet.hpp"

#include <gtest/gtest.h>

#include "run_helpers.hpp"
#include "test_graphs.hpp"

namespace pelsim::models {
namespace {

using testing::make_graph;

// Diamond t0 (1 s) -> t1 (2 s), t2 (3 s) -> t3 (1 s); every edge 1e9 B at L = 0, B = 1e9 B/s
// (1 s per transfer); 2 cores at 1 Gflop/s. By hand:
//   bl(t3) = 1, bl(t1) = 2+1+1 = 4, bl(t2) = 3+1+1 = 5, bl(t0) = 1 + max(1+4, 1+5) = 7.
//   Order t0, t2, t1, t3.
//   t0: EFT 1 on both cores -> core 0 (tie: lowest index), finishes 1.
//   t2: core 0: max(1, 1) + 3 = 4; core 1: max(0, 1+1) + 3 = 5 -> core 0, finishes 4.
//   t1: core 0: max(4, 1) + 2 = 6; core 1: max(0, 2) + 2 = 4 -> core 1, finishes 4.
//   t3: core 0: max(4, max(4, 4+1)) + 1 = 6; core 1: max(4, max(4+1, 4)) + 1 = 6 -> core 0.
//   Plan makespan 6 s; the simulation of the plan gives 6 s too (no contention).
TEST(Hlfet, HandComputedDiamond) {
  const TaskGraph g = make_graph({1e9, 2e9, 3e9, 1e9}, {{0, 1, 1e9}, {0, 2, 1e9}, {1, 3, 1e9}, {2, 3, 1e9}});
  const Platform p = Platform::homogeneous(2, 1e9);
  const auto net = NetworkModel::latency_bandwidth(0.0, 1e9);
  const Problem problem(g, p, net);
  const std::vector<double> bl = bottom_levels(problem);
  EXPECT_DOUBLE_EQ(bl[0], 7);
  EXPECT_DOUBLE_EQ(bl[1], 4);
  EXPECT_DOUBLE_EQ(bl[2], 5);
  EXPECT_DOUBLE_EQ(bl[3], 1);
  double estimate = 0;
  const Schedule s = plan_hlfet(problem, &estimate);
  EXPECT_DOUBLE_EQ(estimate, 6);
  EXPECT_EQ(s.core_of, (std::vector<CoreId>{0, 1, 0, 0}));
  EXPECT_EQ(s.sequence, (std::vector<TaskId>{0, 2, 3, 1}));
  EXPECT_DOUBLE_EQ(testing::run_policy(g, "hlfet", p, net).makespan, 6);
}

TEST(Hlfet, IdealNetworkBottomLevelIsTheStaticLevel) {
  // Without communication cost, bl is the heaviest path of work to a sink (in seconds):
  // chain 2 s -> 3 s: bl = 5, 3.
  const TaskGraph g = make_graph({2e9, 3e9}, {{0, 1, 1e12}});
  const Platform p = Platform::homogeneous(4, 1e9);
  const NetworkModel net = NetworkModel::ideal();
  const std::vector<double> bl = bottom_levels(Problem(g, p, net));
  EXPECT_DOUBLE_EQ(bl[0], 5);
  EXPECT_DOUBLE_EQ(bl[1], 3);
}

}  // namespace
}  // namespace pelsim::models
