// The running example of Kwok and Ahmad's survey of list schedulers ("Static scheduling
// algorithms for allocating directed task graphs to multiprocessors", ACM Computing Surveys
// 31(4), 1999): nine nodes n1..n9 with node weights and edge costs in time units, here
// seconds (1 Gflop at 1 Gflop/s, 1 GB at 1 GB/s, latency 0). The survey's node attributes are
// checked first; each schedule below is then derived by hand, step by step, under the rules
// that docs/models/scheduling.md gives for each policy, on 3 identical cores.
#include <gtest/gtest.h>

#include <vector>

#include "pelsim/models/policies/hlfet.hpp"
#include "pelsim/models/trace_recorder.hpp"
#include "run_helpers.hpp"
#include "test_graphs.hpp"

namespace pelsim::models {
namespace {

using testing::make_graph;

// n1..n9 are t0..t8. Weights n1 2, n2 3, n3 3, n4 4, n5 5, n6 4, n7 4, n8 4, n9 1; edges (cost)
// n1->n2 (4), n1->n3 (1), n1->n4 (1), n1->n5 (1), n1->n7 (10), n2->n6 (1), n2->n7 (1),
// n3->n8 (1), n4->n8 (1), n6->n9 (5), n7->n9 (6), n8->n9 (5).
TaskGraph survey_dag() {
  const double s = 1e9;
  return make_graph({2 * s, 3 * s, 3 * s, 4 * s, 5 * s, 4 * s, 4 * s, 4 * s, 1 * s},
                    {{0, 1, 4 * s},
                     {0, 2, 1 * s},
                     {0, 3, 1 * s},
                     {0, 4, 1 * s},
                     {0, 6, 10 * s},
                     {1, 5, 1 * s},
                     {1, 6, 1 * s},
                     {2, 7, 1 * s},
                     {3, 7, 1 * s},
                     {5, 8, 5 * s},
                     {6, 8, 6 * s},
                     {7, 8, 5 * s}});
}

const Platform kThreeCores = Platform::homogeneous(3, 1e9);
const NetworkModel kNet = NetworkModel::latency_bandwidth(0.0, 1e9);

struct Placed {
  std::vector<CoreId> core;
  std::vector<double> start;
  double makespan = 0;
  double planned = 0;
};

Placed run(const std::string& policy, const std::string& level = "") {
  const TaskGraph g = survey_dag();
  TraceRecorder trace(g.task_count(), 3);
  PolicyOptions options;
  if (!level.empty()) options.params["level"] = level;
  const SimulationResult r =
      testing::run_policy_with(g, policy, kThreeCores, kNet, options, &trace);
  Placed p;
  for (TaskId t = 0; t < g.task_count(); ++t) {
    p.core.push_back(trace.core(t));
    p.start.push_back(trace.start(t));
  }
  p.makespan = r.makespan;
  const Problem problem(g, kThreeCores, kNet);
  p.planned =
      PolicyRegistry::builtin().find(policy).create(problem, options, nullptr)->planned_makespan();
  return p;
}

// p placed every task on `cores` at `starts`, and ended at `makespan`.
void expect_placed(const Placed& p, const std::vector<CoreId>& cores,
                   const std::vector<double>& starts, double makespan) {
  EXPECT_EQ(p.core, cores);
  EXPECT_EQ(p.start, starts);
  EXPECT_EQ(p.makespan, makespan);
}

// The survey's table of node attributes: static level SL (weights only) and b-level (with
// the edge costs); by hand from the sink up, e.g. SL(n1) = 2 + max(SL n2 8, n3 8, n4 9,
// n5 5, n7 5) = 11 and b-level(n1) = 2 + max(4 + 15, 1 + 14, 1 + 15, 1 + 5, 10 + 11) = 23,
// the critical path n1, n7, n9. MCP's ALAP times are 23 - b-level: n1 0, n2 8, n3 9, n4 8,
// n5 18, n6 13, n7 12, n8 13, n9 22.
TEST(SurveyExample, StaticAndBottomLevelsAreTheSurveys) {
  const TaskGraph g = survey_dag();
  const Problem problem(g, kThreeCores, kNet);
  EXPECT_EQ(bottom_levels(problem, LevelKind::kStatic),
            (std::vector<double>{11, 8, 8, 9, 5, 5, 5, 5, 1}));
  EXPECT_EQ(bottom_levels(problem, LevelKind::kBottom),
            (std::vector<double>{23, 15, 14, 15, 5, 10, 11, 10, 1}));
}

// HLFET as the survey gives it (static levels; each node in turn to the core where it
// finishes first, no insertion; ties: the topological order n1..n9, then the lowest core).
// List n1 (11), n4 (9), n2 (8), n3 (8), n5, n6, n7, n8 (5), n9 (1):
//   n1: P0 [0, 2]. n4: P0 2 + 4 = 6, P1 (2 + 1) + 4 = 7 -> P0 [2, 6].
//   n2: P0 6 + 3 = 9, P1 (2 + 4) + 3 = 9 -> P0 [6, 9]. n3: P0 12, P1 3 + 3 = 6 -> P1 [3, 6].
//   n5: P0 14, P1 6 + 5 = 11, P2 3 + 5 = 8 -> P2 [3, 8].
//   n6 (n2 on P0 at 9): P0 9 + 4 = 13, P1 and P2 (9 + 1) + 4 = 14 -> P0 [9, 13].
//   n7 (n1 at 2, cost 10; n2 at 9, cost 1): P0 13 + 4 = 17, P1 max(12, 10) + 4 = 16, P2 16
//     -> P1 [12, 16].
//   n8 (n3 on P1 at 6, n4 on P0 at 6, cost 1 each): P0 13 + 4, P1 16 + 4, P2 max(8, 7) + 4 =
//     12 -> P2 [8, 12].
//   n9 (n6 P0 13 +5, n7 P1 16 +6, n8 P2 12 +5): P0 max(13, 22) + 1 = 23, P1 max(18, 17) + 1 =
//     19, P2 22 + 1 -> P1 [18, 19]. Makespan 19.
TEST(SurveyExample, HlfetWithStaticLevels) {
  const Placed p = run("hlfet", "static_level");
  expect_placed(p, {0, 0, 1, 0, 2, 0, 1, 2, 1}, {0, 6, 3, 2, 3, 9, 12, 8, 18}, 19);
  EXPECT_EQ(p.planned, 19);
}

// The same with bottom levels (pelsim's default, as SimGrid sgref's list scheduler): list n1
// (23), n2 (15), n4 (15; after n2 in the topological order), n3 (14), n7 (11), n6, n8 (10),
// n5 (5), n9 (1):
//   n1: P0 [0, 2]. n2: P0 2 + 3 = 5, P1 (2 + 4) + 3 = 9 -> P0 [2, 5].
//   n4: P0 5 + 4 = 9, P1 (2 + 1) + 4 = 7 -> P1 [3, 7]. n3: P0 8, P1 10, P2 3 + 3 = 6 -> P2.
//   n7 (n1 P0 2 +10, n2 P0 5 +1): P0 5 + 4 = 9, P1 and P2 12 + 4 -> P0 [5, 9].
//   n6 (n2 P0 5 +1): P0 9 + 4 = 13, P1 7 + 4 = 11, P2 6 + 4 = 10 -> P2 [6, 10].
//   n8 (n3 P2 6, n4 P1 7, +1 each): P0 9 + 4, P1 max(7, 7) + 4 = 11, P2 10 + 4 -> P1 [7, 11].
//   n5 (n1 P0 2 +1): P0 9 + 5 = 14, P1 11 + 5, P2 10 + 5 -> P0 [9, 14].
//   n9 (n6 P2 10 +5, n7 P0 9 +6, n8 P1 11 +5): P0 max(14, 16) + 1, P1 max(11, 15) + 1 = 16,
//     P2 16 + 1 -> P1 [15, 16]. Makespan 16: on this graph the edge costs are what matter.
const std::vector<CoreId> kBottomCores{0, 0, 2, 1, 0, 2, 0, 1, 1};
const std::vector<double> kBottomStarts{0, 2, 3, 3, 9, 6, 5, 7, 15};

TEST(SurveyExample, HlfetWithBottomLevels) {
  const Placed p = run("hlfet");
  expect_placed(p, kBottomCores, kBottomStarts, 16);
  EXPECT_EQ(run("hlfet", "bottom_level").start, kBottomStarts);  // the default, named
}

// ETF (the ready pair with the earliest start, no insertion; ties: the higher static level,
// then the topological order; then the lowest core), as the survey gives it:
//   1. n1: P0 [0, 2].
//   2. ready n2..n5 start at 2 on P0 (local data), later elsewhere: tie at 2 -> the highest
//      SL, n4 (9): P0 [2, 6].
//   3. n2 6 anywhere; n3 and n5 at 3 on P1 or P2 -> n3 (SL 8 > 5): P1 [3, 6].
//   4. n8 is ready (n3, n4 placed): 7 everywhere; n2 6; n5 3 on P2 -> n5: P2 [3, 8].
//   5. n2 6 on P0 or P1, n8 7 -> n2: P0 [6, 9].
//   6. n6 9 on P0, 10 elsewhere; n7 9 on P0, 12 elsewhere; n8 7 on P1 -> n8: P1 [7, 11].
//   7. n6 and n7 both 9 on P0 (SL 5 each) -> n6 first in topological order: P0 [9, 13].
//   8. n7: P0 13, P1 max(11, 12) = 12, P2 12 -> P1 [12, 16].
//   9. n9: P0 22, P1 max(16, 18, 16) = 18, P2 22 -> P1 [18, 19]. Makespan 19.
// With bottom levels the tie of step 2 goes to n2 (b-level 15, as n4, but earlier in the
// topological order) and the schedule becomes the one above, 16.
const std::vector<CoreId> kStaticEtfCores{0, 0, 1, 0, 2, 0, 1, 1, 1};
const std::vector<double> kStaticEtfStarts{0, 6, 3, 2, 3, 9, 12, 7, 18};

TEST(SurveyExample, EtfWithStaticAndWithBottomLevels) {
  const Placed p = run("etf", "static_level");
  expect_placed(p, kStaticEtfCores, kStaticEtfStarts, 19);
  EXPECT_EQ(p.planned, 19);
  const Placed b = run("etf");
  expect_placed(b, kBottomCores, kBottomStarts, 16);
}

// DLS: the ready pair with the highest dynamic level DL = SL - start (Δ = 0 on identical
// cores); ties: topological order, then the lowest core.
//   1. n1 on P0: DL 11. 2. n4 on P0: 9 - 2 = 7 (n2, n3 on P0: 6). 3. n3 on P1: 8 - 3 = 5.
//   4. n2 on P0, P1 or P2: 8 - 6 = 2; n5 on P2: 5 - 3 = 2; n8: 5 - 7 -> n2 (topological
//      order), P0 [6, 9]. 5. n5 on P2: 2 -> [3, 8]. 6. n8 on P1: 5 - 7 = -2 (n6, n7 -4 on P0)
//      -> [7, 11]. 7. n6 and n7 -4 on P0 -> n6 [9, 13]. 8. n7: P1 or P2 at 12 (-7), P0 13
//      -> P1 [12, 16]. 9. n9: P1 at 18 (-17) -> [18, 19]. Makespan 19, ETF's schedule.
TEST(SurveyExample, Dls) {
  const Placed p = run("dls");
  expect_placed(p, kStaticEtfCores, kStaticEtfStarts, 19);
}

// MCP: increasing ALAP (above), ties by the sorted ALAP times of the descendants (n2 {n6 13,
// n7 12, n9 22} -> [12, 13, 22] before n4 [13, 22]; n6 and n8 both [22]: topological order):
// list n1, n2, n4, n3, n7, n6, n8, n5, n9, each to its earliest start with insertion:
//   n1 P0 [0, 2]; n2 P0 [2, 5] (P1 at 6); n4 P1 [3, 7] (P0 at 5); n3 P2 [3, 6] (P0 5, P1 7);
//   n7 P0 [5, 9] (P1, P2 at 12); n6 P2 [6, 10] (P0 9, P1 7); n8 P1 [7, 11] (P0 9, P2 10);
//   n5: P0 9, P1 11 (its gap [0, 3) is too short), P2 10 -> P0 [9, 14];
//   n9: P0 16, P1 15, P2 16 -> P1 [15, 16]. Makespan 16, the bottom-level schedule.
TEST(SurveyExample, Mcp) {
  const Placed p = run("mcp");
  expect_placed(p, kBottomCores, kBottomStarts, 16);
}

}  // namespace
}  // namespace pelsim::models
