#include "pelsim/models/policies/peft.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "list_helpers.hpp"
#include "run_helpers.hpp"

namespace pelsim::models {
namespace {

using testing::graph_with_costs;

// The sample DAG of Arabnejad and Barbosa, IEEE TPDS 25(3) 2014, Fig. 1 (not the HEFT paper's
// DAG): tasks n1..n10 (here t0..t9), 3 processors, the computation costs of its table (rows
// n1..n10, columns P1..P3) and the edges with their communication costs, as transcribed by the
// public Python PEFT tools that use it as their default input ("peftgraph_*.csv", "the
// default 10 node DAG from Arabnejad 2014"; their test expects the schedule length 122). With
// latency_bandwidth(0, 1) an edge of X bytes costs X seconds between two processors and 0 on the
// same one.
TaskGraph peft_paper_graph() {
  return graph_with_costs({{22, 21, 36},   // n1
                           {22, 18, 18},   // n2
                           {32, 27, 43},   // n3
                           {7, 10, 4},     // n4
                           {29, 27, 35},   // n5
                           {26, 17, 24},   // n6
                           {14, 25, 30},   // n7
                           {29, 23, 36},   // n8
                           {15, 21, 8},    // n9
                           {13, 16, 33}},  // n10
                          {{0, 1, 17},
                           {0, 2, 31},
                           {0, 3, 29},
                           {0, 4, 13},
                           {0, 5, 7},
                           {1, 7, 3},
                           {1, 8, 30},
                           {2, 6, 16},
                           {3, 7, 11},
                           {3, 8, 7},
                           {4, 8, 57},
                           {5, 7, 5},
                           {6, 9, 9},
                           {7, 9, 42},
                           {8, 9, 7}});
}

const Platform kPlatform = Platform::homogeneous(3, 1.0);  // speeds unused: costs given
const NetworkModel kNetwork = NetworkModel::latency_bandwidth(0.0, 1.0);

TEST(Peft, PaperOptimisticCostTable) {
  const TaskGraph g = peft_paper_graph();
  const Problem problem(g, kPlatform, kNetwork);
  const std::vector<double> oct = optimistic_cost_table(problem);
  // By hand, eq. 6: OCT(n10) = 0. For a predecessor of n10 with edge cost c, on P_p:
  // min over q of (w(n10, q) + (c if q != p)), w(n10) = 13, 16, 33:
  //   n7 (c = 9):  P1 min(13, 25, 42) = 13, P2 min(22, 16, 42) = 16, P3 min(22, 25, 33) = 22
  //   n8 (c = 42): 13, 16, min(55, 58, 33) = 33;   n9 (c = 7): 13, 16, min(20, 23, 33) = 20
  // n2 -> n8 (c 3: OCT + w = 42, 39, 69 -> 42, 39, 42), n9 (c 30: 28, 37, 28 -> 28, 37, 28):
  //   OCT(n2) = max per column = 42, 39, 42. Likewise OCT(n3) = 27, 41, 43 (n7 + 16),
  //   OCT(n4) = 42, 39, 50, OCT(n5) = 28, 37, 28, OCT(n6) = 42, 39, 44.
  // n1: n2 (64, 57, 60 + 17) -> 64, 57, 60; n3 (59, 68, 86 + 31) -> 59, 68, 86;
  //   n4 (49, 49, 54 + 29) -> 49, 49, 54; n5 (57, 64, 63 + 13) -> 57, 64, 63;
  //   n6 (68, 56, 68 + 7) -> 63, 56, 63; max per column: OCT(n1) = 64, 68, 86.
  const std::vector<std::vector<double>> expected{
      {64, 68, 86}, {42, 39, 42}, {27, 41, 43}, {42, 39, 50}, {28, 37, 28},
      {42, 39, 44}, {13, 16, 22}, {13, 16, 33}, {13, 16, 20}, {0, 0, 0}};
  for (TaskId t = 0; t < 10; ++t)
    for (CoreId q = 0; q < 3; ++q)
      EXPECT_EQ(oct[t * 3 + q], expected[t][q]) << "OCT(n" << t + 1 << ", P" << q + 1 << ")";
}

TEST(Peft, PaperSchedule) {
  const TaskGraph g = peft_paper_graph();
  const Problem problem(g, kPlatform, kNetwork);
  double estimate = 0;
  std::vector<double> start;
  const Schedule s = plan_peft(problem, &estimate, &start);
  // The schedule length the paper reports for PEFT on this DAG is 122. By hand (rank_oct = mean
  // OCT row: n1 72.67, n4 43.67, n6 41.67, n2 41, n3 37, n5 31, n8 20.67, n7 17, n9 16.33),
  // each ready task to the core minimising EFT + OCT:
  //   n1: EFT 22, 21, 36 + OCT 64, 68, 86 = 86, 89, 122 -> P1 [0, 22]
  //   n4: 29 + 42, 61 + 39, 55 + 50 -> P1 [22, 29];  n6: 55 + 42, 46 + 39, 53 + 44 -> P2 [29, 46]
  //   n2: 51 + 42, 64 + 39, 57 + 42 -> P1 [29, 51];  n3: 83 + 27, 80 + 41, 96 + 43 -> P1 [51, 83]
  //   n5: 112 + 28, 73 + 37, 70 + 28 -> P3 [35, 70]; n8: 112 + 13, 77 + 16, 106 + 33 -> P2 [54, 77]
  //   n7: 97 + 13, 124 + 16, 129 + 22 -> P1 [83, 97]; n9: 142 + 13, 148 + 16, 89 + 20 -> P3 [81,
  //   89] n10: data ready 119, 106, 119 -> EFT 132, 122, 152 -> P2 [106, 122].
  EXPECT_DOUBLE_EQ(estimate, 122);
  EXPECT_EQ(s.core_of, (std::vector<CoreId>{0, 0, 0, 0, 2, 1, 0, 1, 2, 1}));
  EXPECT_EQ(start, (std::vector<double>{0, 29, 51, 22, 35, 29, 83, 54, 81, 106}));
  // The simulator executes the plan in 122 too, and reports the plan's estimate.
  EXPECT_DOUBLE_EQ(testing::run_policy(g, "peft", kPlatform, kNetwork).makespan, 122);
}

TEST(Peft, LookAheadAvoidsAGreedyTrap) {
  // By hand, 2 cores, costs {core 0, core 1}: a {1, 2} -> b {10, 1}, edge of 5 s. HEFT's
  // greedy choice puts a on core 0 (finish 1 < 2), then b on core 1 at 1 + 5 = 6 (finish 7;
  // core 0 would finish at 11). PEFT: OCT(a) = min(10, 1 + 5), min(10 + 5, 1) = 6, 1;
  // EFT + OCT = 1 + 6 = 7 on core 0, 2 + 1 = 3 on core 1 -> a on core 1 [0, 2], then b on
  // core 1 [2, 3]: makespan 3.
  const TaskGraph g = graph_with_costs({{1, 2}, {10, 1}}, {{0, 1, 5}});
  const Platform p = Platform::homogeneous(2, 1.0);
  double estimate = 0;
  const Schedule s = plan_peft(Problem(g, p, kNetwork), &estimate);
  EXPECT_DOUBLE_EQ(estimate, 3);
  EXPECT_EQ(s.core_of, (std::vector<CoreId>{1, 1}));
  EXPECT_DOUBLE_EQ(testing::run_policy(g, "heft", p, kNetwork).makespan, 7);
}

}  // namespace
}  // namespace pelsim::models
