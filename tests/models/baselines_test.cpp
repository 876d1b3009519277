// round_robin and random baselines.
#include <gtest/gtest.h>

#include "pelsim/models/policies/baselines.hpp"
#include "run_helpers.hpp"
#include "test_graphs.hpp"

namespace pelsim::models {
namespace {

using testing::make_graph;

// Diamond t0 -> t1, t2 -> t3 (1 s each); topological order t0, t1, t2, t3, so round robin on
// 2 cores puts t0, t2 on core 0 and t1, t3 on core 1.
//  ideal network: t0 [0,1] c0, t1 [1,2] c1, t2 [1,2] c0, t3 [2,3] c1: 3 s.
//  1 s per transfer: t1 waits for t0's data until 2: [2,3] on c1; t2 [1,2] on c0; t3 needs
//  t1 (local, 3) and t2 (2 + 1 = 3): [3,4]: 4 s.
TEST(RoundRobin, HandComputedDiamond) {
  const TaskGraph g =
      make_graph({1e9, 1e9, 1e9, 1e9}, {{0, 1, 1e9}, {0, 2, 1e9}, {1, 3, 1e9}, {2, 3, 1e9}});
  const Platform p = Platform::homogeneous(2, 1e9);
  const NetworkModel ideal = NetworkModel::ideal();
  const Problem problem(g, p, ideal);
  const Schedule s = plan_round_robin(problem);
  EXPECT_EQ(s.core_of, (std::vector<CoreId>{0, 1, 0, 1}));
  EXPECT_DOUBLE_EQ(testing::run_policy(g, "round_robin", p, NetworkModel::ideal()).makespan, 3);
  EXPECT_DOUBLE_EQ(
      testing::run_policy(g, "round_robin", p, NetworkModel::latency_bandwidth(0, 1e9)).makespan,
      4);
}

// 7 independent 1 s tasks on 3 cores: 3, 2, 2 tasks -> ceil(7/3) = 3 s.
TEST(RoundRobin, IndependentTasks) {
  const TaskGraph g = make_graph(std::vector<double>(7, 1e9), {});
  EXPECT_DOUBLE_EQ(
      testing::run_policy(g, "round_robin", Platform::homogeneous(3, 1e9), NetworkModel::ideal())
          .makespan,
      3);
}

// Seeded random mapping: the same seed gives the same plan; 40000 tasks spread over 4 cores
// about evenly (each count within 10000 +- 400, i.e. 4.6 standard deviations of the
// binomial(40000, 1/4), sd = 86.6); on one core every task goes to core 0.
TEST(RandomPolicy, SeededAndUniform) {
  const TaskGraph g = make_graph(std::vector<double>(40000, 1.0), {});
  const Platform four = Platform::homogeneous(4, 1e9), single = Platform::homogeneous(1, 1e9);
  const NetworkModel ideal = NetworkModel::ideal();
  const Problem problem(g, four, ideal);  // Problem keeps references: no temporaries
  const Schedule a = plan_random(problem, 5), b = plan_random(problem, 5),
                 c = plan_random(problem, 6);
  EXPECT_EQ(a.core_of, b.core_of);
  EXPECT_NE(a.core_of, c.core_of);
  std::vector<int> count(4, 0);
  for (CoreId core : a.core_of) ++count[core];
  for (int n : count) EXPECT_NEAR(n, 10000, 400);
  const Problem one(g, single, ideal);
  EXPECT_EQ(plan_random(one, 5).core_of, std::vector<CoreId>(40000, 0));
  // A chain under any mapping is still the serial sum: 1 + 2 + 3 s.
  const TaskGraph chain = testing::make_chain({1e9, 2e9, 3e9}, 0);
  EXPECT_DOUBLE_EQ(
      testing::run_policy(chain, "random", Platform::homogeneous(4, 1e9), NetworkModel::ideal())
          .makespan,
      6);
}

}  // namespace
}  // namespace pelsim::models
