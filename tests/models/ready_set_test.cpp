#include "pelsim/models/policies/ready_set.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "list_helpers.hpp"
#include "run_helpers.hpp"

namespace pelsim::models {
namespace {

using testing::graph_with_costs;

// With latency_bandwidth(0, 1) an edge of X bytes costs X seconds between two cores.
const NetworkModel kNetwork = NetworkModel::latency_bandwidth(0.0, 1.0);
const Platform kTwoCores = Platform::homogeneous(2, 1.0);  // speeds unused: costs given

struct Plan {
  Schedule schedule;
  double makespan = 0;
  std::vector<double> start;
};
Plan plan_with(Schedule (*plan)(const Problem&, double*, std::vector<double>*, DecisionObserver*),
               const TaskGraph& g, const Platform& p) {
  Plan out;
  out.schedule = plan(Problem(g, p, kNetwork), &out.makespan, &out.start, nullptr);
  return out;
}

TEST(MinMinMaxMin, BagOfIndependentTasksOneLongSeveralShort) {
  // The classic case (Braun et al. 2001): an ETC matrix, costs {core 0, core 1}: t0 {10, 20}
  // (long), t1, t2, t3 {2, 3} (short), no edges.
  // Min-min: minimum completion times t0 10, t1..t3 2 -> t1 on core 0 [0, 2]; then t2, t3
  //   complete at min(4, 3) = 3 -> t2 on core 1 [0, 3]; t3: min(4, 6) = 4 -> core 0 [2, 4];
  //   t0 last: min(14, 23) -> core 0 [4, 14]. Makespan 14.
  // Max-min: the largest minimum completion time first: t0 on core 0 [0, 10]; the short ones
  //   complete at min(12, 3) = 3 -> t1 on core 1 [0, 3], t2 [3, 6], t3 [6, 9]. Makespan 10.
  const TaskGraph g = graph_with_costs({{10, 20}, {2, 3}, {2, 3}, {2, 3}}, {});
  const Plan min_min = plan_with(plan_min_min, g, kTwoCores);
  EXPECT_DOUBLE_EQ(min_min.makespan, 14);
  EXPECT_EQ(min_min.schedule.core_of, (std::vector<CoreId>{0, 0, 1, 0}));
  EXPECT_EQ(min_min.start, (std::vector<double>{4, 0, 0, 2}));
  const Plan max_min = plan_with(plan_max_min, g, kTwoCores);
  EXPECT_DOUBLE_EQ(max_min.makespan, 10);
  EXPECT_EQ(max_min.schedule.core_of, (std::vector<CoreId>{0, 1, 1, 1}));
  EXPECT_EQ(max_min.start, (std::vector<double>{0, 0, 3, 6}));
  EXPECT_DOUBLE_EQ(testing::run_policy(g, "min_min", kTwoCores, kNetwork).makespan, 14);
  EXPECT_DOUBLE_EQ(testing::run_policy(g, "max_min", kTwoCores, kNetwork).makespan, 10);
}

TEST(MinMin, AppliesToTheReadySetOfADag) {
  // By hand, 2 identical cores, a {2} -> b {3}, c {2}, d {1}, every edge 1 s.
  //   a: completes at 2 on either core -> core 0 [0, 2].
  //   Ready b, c, d: minimum completions (core 0, core 1 = 2 + 1 + w): b 5, c 4, d 3 -> d on
  //   core 0 [2, 3]; then c: min(5, 5) -> core 0 [3, 5]; b: min(8, 6) -> core 1 [3, 6]. 6.
  const TaskGraph g =
      graph_with_costs({{2, 2}, {3, 3}, {2, 2}, {1, 1}}, {{0, 1, 1}, {0, 2, 1}, {0, 3, 1}});
  const Plan plan = plan_with(plan_min_min, g, kTwoCores);
  EXPECT_DOUBLE_EQ(plan.makespan, 6);
  EXPECT_EQ(plan.schedule.core_of, (std::vector<CoreId>{0, 1, 0, 0}));
  EXPECT_EQ(plan.start, (std::vector<double>{0, 3, 3, 2}));
}

TEST(Etf, EarliestStartThenHighestBottomLevel) {
  // Same graph. Bottom levels: b 3, c 2, d 1, a 2 + 1 + 3 = 6.
  //   a: starts at 0 on either core, same finish -> core 0 [0, 2].
  //   Ready b, c, d can all start at 2 on core 0 (3 on core 1, after the 1 s transfer): the
  //   highest bottom level wins the tie -> b on core 0 [2, 5].
  //   c and d now start earliest on core 1 at 3: c (level 2 > 1) -> core 1 [3, 5].
  //   d: start 5 on both cores, same finish -> core 0 [5, 6]. Makespan 6.
  const TaskGraph g =
      graph_with_costs({{2, 2}, {3, 3}, {2, 2}, {1, 1}}, {{0, 1, 1}, {0, 2, 1}, {0, 3, 1}});
  const Plan plan = plan_with(plan_etf, g, kTwoCores);
  EXPECT_DOUBLE_EQ(plan.makespan, 6);
  EXPECT_EQ(plan.schedule.core_of, (std::vector<CoreId>{0, 0, 1, 0}));
  EXPECT_EQ(plan.start, (std::vector<double>{0, 2, 3, 5}));
  EXPECT_DOUBLE_EQ(testing::run_policy(g, "etf", kTwoCores, kNetwork).makespan, 6);
}

TEST(Dls, DynamicLevelWithHeterogeneousCores) {
  // By hand, costs {core 0, core 1}: a {4, 2}, b {3, 3}, c {2, 6}, independent. Medians (mean
  // of the two): a 3, b 3, c 4 = the static levels SL. Δ = median - cost: a -1, +1; b 0, 0;
  // c +2, -2. DL = SL - start + Δ.
  //   Step 1 (both cores free at 0): a 2, 4; b 3, 3; c 6, 2 -> c on core 0 [0, 2].
  //   Step 2 (core 0 free at 2): a 3 - 2 - 1 = 0, 4; b 1, 3 -> a on core 1 [0, 2].
  //   Step 3 (both free at 2): b 1, 1 -> core 0 [2, 5]. Makespan 5.
  const TaskGraph g = graph_with_costs({{4, 2}, {3, 3}, {2, 6}}, {});
  const Plan plan = plan_with(plan_dls, g, kTwoCores);
  EXPECT_DOUBLE_EQ(plan.makespan, 5);
  EXPECT_EQ(plan.schedule.core_of, (std::vector<CoreId>{1, 0, 0}));
  EXPECT_EQ(plan.start, (std::vector<double>{0, 2, 0}));
  EXPECT_DOUBLE_EQ(testing::run_policy(g, "dls", kTwoCores, kNetwork).makespan, 5);
}

TEST(Dls, StaticLevelAndDataArrival) {
  // By hand, identical cores (Δ = 0): a {1} -> b {1} with a 5 s transfer, c {3} independent.
  // SL: b 1, a 2, c 3.
  //   Step 1: DL a = 2, c = 3 on both cores -> c on core 0 [0, 3].
  //   Step 2: a: 2 - 3 = -1 on core 0, 2 on core 1 -> core 1 [0, 1].
  //   Step 3: b: core 0 starts at max(1 + 5, 3) = 6 (DL -5), core 1 at 1 (DL 0) -> core 1
  //   [1, 2]. Makespan 3.
  const TaskGraph g = graph_with_costs({{1, 1}, {1, 1}, {3, 3}}, {{0, 1, 5}});
  const Plan plan = plan_with(plan_dls, g, kTwoCores);
  EXPECT_DOUBLE_EQ(plan.makespan, 3);
  EXPECT_EQ(plan.schedule.core_of, (std::vector<CoreId>{1, 1, 0}));
  EXPECT_EQ(plan.start, (std::vector<double>{0, 1, 0}));
}

}  // namespace
}  // namespace pelsim::models
