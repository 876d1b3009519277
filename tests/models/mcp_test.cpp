#include "pelsim/models/policies/mcp.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "list_helpers.hpp"
#include "run_helpers.hpp"

namespace pelsim::models {
namespace {

using testing::graph_with_costs;

TEST(Mcp, AlapOrderAndEarliestCore) {
  // By hand, 2 identical cores, a {2} -> b {3}, c {2}, d {1}, every edge 1 s
  // (latency_bandwidth(0, 1): X bytes cost X seconds between cores).
  // rank_u: b 3, c 2, d 1, a 2 + 1 + 3 = 6 = CP; ALAP = CP - rank_u: a 0, b 3, c 4, d 5.
  //   a: core 0 [0, 2]; b: finishes at 5 on core 0, 3 + 3 = 6 on core 1 -> core 0 [2, 5];
  //   c: 5 + 2 = 7 on core 0, 3 + 2 = 5 on core 1 -> core 1 [3, 5];
  //   d: 5 + 1 = 6 on both -> core 0 [5, 6]. Makespan 6.
  const TaskGraph g =
      graph_with_costs({{2, 2}, {3, 3}, {2, 2}, {1, 1}}, {{0, 1, 1}, {0, 2, 1}, {0, 3, 1}});
  const Platform p = Platform::homogeneous(2, 1.0);
  const NetworkModel net = NetworkModel::latency_bandwidth(0.0, 1.0);
  const Problem problem(g, p, net);
  EXPECT_EQ(alap_times(problem), (std::vector<double>{0, 3, 4, 5}));
  double estimate = 0;
  std::vector<double> start;
  const Schedule s = plan_mcp(problem, &estimate, &start);
  EXPECT_DOUBLE_EQ(estimate, 6);
  EXPECT_EQ(s.core_of, (std::vector<CoreId>{0, 0, 1, 0}));
  EXPECT_EQ(start, (std::vector<double>{0, 2, 3, 5}));
  EXPECT_DOUBLE_EQ(testing::run_policy(g, "mcp", p, net).makespan, 6);
}

TEST(Mcp, InsertsIntoAnIdleGap) {
  // By hand, 2 cores, costs {core 0, core 1}: a {2, 20}, b {50, 2}, c {1, 50}, edge b -> c of
  // 3 s. Mean durations a 11, b 26, c 25.5; rank_u: c 25.5, b 26 + 3 + 25.5 = 54.5 = CP, a 11;
  // ALAP: b 0, c 29, a 43.5: order b, c, a.
  //   b: core 1 [0, 2]. c: core 0 from 2 + 3 = 5 -> [5, 6] (core 1 would finish at 52).
  //   a: core 0 has the idle gap [0, 5) -> [0, 2] (core 1 would finish at 22). Makespan 6;
  //   without insertion a would run after c on core 0 and finish at 8.
  const TaskGraph g = graph_with_costs({{2, 20}, {50, 2}, {1, 50}}, {{1, 2, 3}});
  const Platform p = Platform::homogeneous(2, 1.0);
  const NetworkModel net = NetworkModel::latency_bandwidth(0.0, 1.0);
  const Problem problem(g, p, net);
  EXPECT_EQ(alap_times(problem), (std::vector<double>{43.5, 0, 29}));
  double estimate = 0;
  std::vector<double> start;
  const Schedule s = plan_mcp(problem, &estimate, &start);
  EXPECT_DOUBLE_EQ(estimate, 6);
  EXPECT_EQ(s.core_of, (std::vector<CoreId>{0, 1, 0}));
  EXPECT_EQ(start, (std::vector<double>{0, 0, 5}));
  EXPECT_DOUBLE_EQ(testing::run_policy(g, "mcp", p, net).makespan, 6);
}

TEST(Mcp, DescendantAlapTimesBreakTies) {
  // By hand, 1 core, ideal network: x {1} -> p {2}, x -> s {0.5}; y {1} -> q {1}, y -> r {2}
  // (ids x 0, y 1, p 2, s 3, q 4, r 5). rank_u: p 2, s 0.5, q 1, r 2, x 3, y 3; CP = 3;
  // ALAP: x 0, y 0, p 1, s 2.5, q 2, r 1. x and y tie at 0; their descendant lists are
  // x: [1, 2.5], y: [1, 2] -> y first, although x comes first in the topological order.
  // Then p and r (ALAP 1, no descendants: topological order p, r), q (2), s (2.5):
  //   y [0, 1], x [1, 2], p [2, 4], r [4, 6], q [6, 7], s [7, 7.5].
  const TaskGraph g = graph_with_costs({{1}, {1}, {2}, {0.5}, {1}, {2}},
                                       {{0, 2, 0}, {0, 3, 0}, {1, 4, 0}, {1, 5, 0}});
  const Platform one_core = Platform::homogeneous(1, 1.0);
  const NetworkModel ideal = NetworkModel::ideal();
  const Problem problem(g, one_core, ideal);
  EXPECT_EQ(alap_times(problem), (std::vector<double>{0, 0, 1, 2.5, 2, 1}));
  double estimate = 0;
  std::vector<double> start;
  plan_mcp(problem, &estimate, &start);
  EXPECT_DOUBLE_EQ(estimate, 7.5);
  EXPECT_EQ(start, (std::vector<double>{1, 0, 2, 7, 6, 4}));
}

}  // namespace
}  // namespace pelsim::models
