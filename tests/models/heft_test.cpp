#include "pelsim/models/policies/heft.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "pelsim/models/graph_metrics.hpp"
#include "pelsim/models/trace_recorder.hpp"
#include "list_helpers.hpp"
#include "run_helpers.hpp"

namespace pelsim::models {
namespace {

using Edge = std::tuple<TaskId, TaskId, double>;

// Tasks t0..t{n-1} with per-core costs (seconds) and (from, to, bytes) edges.
TaskGraph graph_with_costs(const std::vector<std::vector<double>>& costs,
                           const std::vector<Edge>& edges) {
  TaskGraphBuilder b("test");
  for (std::size_t i = 0; i < costs.size(); ++i) {
    const TaskId t = b.intern_task("t" + std::to_string(i));
    b.set_costs(t, costs[i]);
  }
  for (const auto& [from, to, bytes] : edges) b.add_edge(from, to, bytes);
  return b.build();
}

// The sample DAG of Topcuoglu, Hariri, Wu, IEEE TPDS 13(3) 2002, Fig. 2: tasks n1..n10 (here
// t0..t9), 3 processors. The computation cost table W of the figure (rows n1..n10, columns
// P1..P3), and the edges with their communication costs; with latency_bandwidth(0, 1) an edge
// of X bytes costs X seconds between two processors and 0 on the same one.
TaskGraph paper_graph() {
  return graph_with_costs({{14, 16, 9},   // n1
                           {13, 19, 18},  // n2
                           {11, 13, 19},  // n3
                           {13, 8, 17},   // n4
                           {12, 13, 10},  // n5
                           {13, 16, 9},   // n6
                           {7, 15, 11},   // n7
                           {5, 11, 14},   // n8
                           {18, 12, 20},  // n9
                           {21, 7, 16}},  // n10
                          {{0, 1, 18}, {0, 2, 12}, {0, 3, 9}, {0, 4, 11}, {0, 5, 14},
                           {1, 7, 19}, {1, 8, 16}, {2, 6, 23}, {3, 7, 27}, {3, 8, 23},
                           {4, 8, 13}, {5, 7, 15}, {6, 9, 17}, {7, 9, 11}, {8, 9, 13}});
}

const Platform kPaperPlatform = Platform::homogeneous(3, 1.0);  // speeds unused: costs given
const NetworkModel kPaperNetwork = NetworkModel::latency_bandwidth(0.0, 1.0);

TEST(Heft, PaperRanks) {
  const TaskGraph g = paper_graph();
  const Problem problem(g, kPaperPlatform, kPaperNetwork);
  // Topcuoglu et al. 2002, Table 2 (rank_u, rank_d of the Fig. 2 DAG, 3 decimals).
  const std::vector<double> up{108.000, 77.000, 80.000, 80.000, 69.000,
                               63.333,  42.667, 35.667, 44.333, 14.667};
  const std::vector<double> down{0.000,  31.000, 25.000, 22.000, 24.000,
                                 27.000, 62.333, 66.667, 63.667, 93.333};
  const std::vector<double> ru = upward_ranks(problem);
  const std::vector<double> rd = downward_ranks(problem);
  for (TaskId t = 0; t < 10; ++t) {
    EXPECT_NEAR(ru[t], up[t], 5e-4) << "rank_u(n" << t + 1 << ")";
    EXPECT_NEAR(rd[t], down[t], 5e-4) << "rank_d(n" << t + 1 << ")";
  }
}

TEST(Heft, PaperSchedule) {
  const TaskGraph g = paper_graph();
  const Problem problem(g, kPaperPlatform, kPaperNetwork);
  double estimate = 0;
  std::vector<double> start;
  const Schedule s = plan_heft(problem, &estimate, &start);
  // Topcuoglu et al. 2002, Fig. 4(a): HEFT schedule length 80 with
  //   P1: n2 [27, 40], n8 [57, 62]
  //   P2: n4 [18, 26], n6 [26, 42], n9 [56, 68], n10 [73, 80]
  //   P3: n1 [0, 9], n3 [9, 28], n5 [28, 38], n7 [38, 49]
  EXPECT_DOUBLE_EQ(estimate, 80);
  EXPECT_EQ(s.core_of, (std::vector<CoreId>{2, 0, 2, 1, 2, 1, 2, 0, 1, 1}));
  EXPECT_EQ(start, (std::vector<double>{0, 27, 9, 18, 28, 26, 38, 57, 56, 73}));
  EXPECT_EQ(s.sequence, (std::vector<TaskId>{1, 7, 3, 5, 8, 9, 0, 2, 4, 6}));
  // The simulator executes the plan in 80 too.
  EXPECT_DOUBLE_EQ(testing::run_policy(g, "heft", kPaperPlatform, kPaperNetwork).makespan, 80);
}

TEST(Cpop, PaperSchedule) {
  const TaskGraph g = paper_graph();
  const Problem problem(g, kPaperPlatform, kPaperNetwork);
  double estimate = 0;
  std::vector<double> start;
  const Schedule s = plan_cpop(problem, &estimate, &start);
  // Topcuoglu et al. 2002, Section 4.2 and Fig. 4(b): |CP| = rank_u(n1) = 108, the critical
  // path is n1 -> n2 -> n9 -> n10, its processor is P2 (sums 66, 54, 63 on P1, P2, P3) and
  // the CPOP schedule length is 86.
  EXPECT_DOUBLE_EQ(estimate, 86);
  for (const TaskId t : {0u, 1u, 8u, 9u}) EXPECT_EQ(s.core_of[t], 1u) << "n" << t + 1;
  EXPECT_DOUBLE_EQ(testing::run_policy(g, "cpop", kPaperPlatform, kPaperNetwork).makespan, 86);
}

TEST(Cpop, ExactTiesBrokenByRoundingStayOnTheCriticalPath) {
  // a -> b -> c and a shortcut a -> c (latency_bandwidth(0, 1): X bytes cost X s between
  // cores), costs on cores 0..2: a {5, 3, 9}, b {5, 5, 2}, c {6, 1, 1}; edges a->b 2 B, b->c
  // 0 B, a->c 1 B. Mean costs w: a 17/3, b 4, c 8/3. rank_u: c 8/3, b 4 + 0 + 8/3 = 20/3,
  // a 17/3 + max(2 + 20/3, 1 + 8/3) = 43/3; rank_d: a 0, b 17/3 + 2 = 23/3, c max(23/3 + 4 +
  // 0, 17/3 + 1) = 35/3. So a, b and c all have priority 43/3 = |CP| exactly; in doubles c's
  // sum rounds one unit above the others, and a walk following the largest double took the
  // shortcut a -> c, leaving b off the path. Ties go by topological order: the path is a, b,
  // c; core 1 minimises its sum (16, 9, 12 on cores 0, 1, 2), so all three run there:
  // 3 + 5 + 1 = 9 s (the shortcut's plan, with b on core 2, ended at 8).
  const TaskGraph g =
      graph_with_costs({{5, 3, 9}, {5, 5, 2}, {6, 1, 1}}, {{0, 1, 2}, {1, 2, 0}, {0, 2, 1}});
  const Platform p = Platform::homogeneous(3, 1.0);
  double estimate = 0;
  const Schedule s = plan_cpop(Problem(g, p, kPaperNetwork), &estimate);
  EXPECT_EQ(s.core_of, (std::vector<CoreId>{1, 1, 1}));
  EXPECT_DOUBLE_EQ(estimate, 9);
}

TEST(Cpop, TheWalkAndTheQueueAgreeOnSiblings) {
  // s -> a, s -> b on 2 cores of 1 flop/s, ideal network: s 1 s, a 1 s, b 1 s + 1e-9 s (b
  // longer by a relative 5e-10, more than the 1e-12 unit priorities are compared in). b is
  // on the critical path (priority 2 + 1e-9 against a's 2), and the queue places it first: b
  // on the critical-path core 0 after s, a on core 1 at 1 s: makespan 2 + 1e-9 s. (A walk
  // that took a, as a tie, while the queue placed b first put b on core 0 by its earliest
  // finish and a, on the path, behind it: 3 s.)
  const TaskGraph g =
      graph_with_costs({{1, 1}, {1, 1}, {1 + 1e-9, 1 + 1e-9}}, {{0, 1, 0}, {0, 2, 0}});
  const Platform p = Platform::homogeneous(2, 1.0);
  double estimate = 0;
  const NetworkModel ideal = NetworkModel::ideal();
  const Schedule s = plan_cpop(Problem(g, p, ideal), &estimate);
  EXPECT_EQ(s.core_of, (std::vector<CoreId>{0, 1, 0}));
  EXPECT_DOUBLE_EQ(estimate, 2 + 1e-9);
}

TEST(Heft, InsertionFillsAnIdleGap) {
  // By hand, 2 cores, costs {core 0, core 1}: a {2, 20}, b {50, 2}, c {1, 50}, edge b -> c of
  // 3 s. rank_u: b = 26 + 3 + 25.5 = 54.5, c = 25.5, a = 11: order b, c, a.
  //   b: core 1 [0, 2].  c: core 0 from 2 + 3 = 5 -> [5, 6] (core 1 would finish at 52).
  //   a: core 0 has the gap [0, 5): [0, 2]; core 1 would finish at 22. Insertion: a on core 0
  //   before c. Without insertion a would finish at 8 (after c) -> the makespan is 6, not 8.
  const TaskGraph g = graph_with_costs({{2, 20}, {50, 2}, {1, 50}}, {{1, 2, 3}});
  const Platform p = Platform::homogeneous(2, 1.0);
  const Problem problem(g, p, kPaperNetwork);
  double estimate = 0;
  std::vector<double> start;
  const Schedule s = plan_heft(problem, &estimate, &start);
  EXPECT_DOUBLE_EQ(estimate, 6);
  EXPECT_EQ(s.core_of, (std::vector<CoreId>{0, 1, 0}));
  EXPECT_EQ(start, (std::vector<double>{0, 0, 5}));
  EXPECT_EQ(s.sequence, (std::vector<TaskId>{0, 2, 1}));  // core 0: a then c; core 1: b
  EXPECT_DOUBLE_EQ(testing::run_policy(g, "heft", p, kPaperNetwork).makespan, 6);
}

TEST(Heft, TiesGoToTheLowestCoreAndTopologicalOrder) {
  // Three independent 1 s tasks on 3 identical cores (ideal network): equal ranks, so they
  // are placed t0, t1, t2 (topological order), each on the lowest core finishing at 1.
  const TaskGraph g = graph_with_costs({{1, 1, 1}, {1, 1, 1}, {1, 1, 1}}, {});
  const Platform p = Platform::homogeneous(3, 1.0);
  const NetworkModel net = NetworkModel::ideal();
  double estimate = 0;
  const Schedule s = plan_heft(Problem(g, p, net), &estimate);
  EXPECT_DOUBLE_EQ(estimate, 1);
  EXPECT_EQ(s.core_of, (std::vector<CoreId>{0, 1, 2}));
}

struct RandomCase {
  std::uint32_t tasks;
  std::uint32_t cores;
  bool costs;
  std::uint64_t seed;
};
const RandomCase kRandomCases[] = {{20, 2, false, 1}, {60, 3, true, 2},  {100, 4, false, 3},
                                   {150, 5, true, 4}, {200, 8, false, 5}, {300, 6, true, 6}};

// Heterogeneous speeds 1, 1.5, 2, 2.5, ... Gflop/s (ignored when the graph has costs).
Platform random_platform(std::uint32_t cores) {
  std::vector<double> speeds;
  for (std::uint32_t c = 0; c < cores; ++c) speeds.push_back(1e9 * (1.0 + 0.5 * c));
  return Platform(speeds);
}

TEST(Heft, PlanAndCpopRespectTheLowerBound) {
  // No schedule beats max(critical path at the fastest durations, work / total speed)
  // (graph_metrics.hpp); the tolerance only absorbs the rounding of the two sums.
  const NetworkModel net = NetworkModel::latency_bandwidth(0.25, 1e9);
  for (const RandomCase& rc : kRandomCases) {
    const TaskGraph g = testing::random_list_dag(rc.tasks, rc.cores, rc.costs, rc.seed);
    const Platform p = random_platform(rc.cores);
    const Problem problem(g, p, net);
    const double lb = makespan_lower_bound(problem);
    for (const char* policy : {"heft", "cpop"}) {
      double estimate = 0;
      (void)(std::string(policy) == "heft" ? plan_heft(problem, &estimate)
                                           : plan_cpop(problem, &estimate));
      EXPECT_GE(estimate, lb * (1 - 1e-12)) << policy << " seed " << rc.seed;
      const double simulated = testing::run_policy(g, policy, p, net).makespan;
      EXPECT_GE(simulated, lb * (1 - 1e-12)) << policy << " seed " << rc.seed;
    }
  }
}

TEST(Heft, SimulationReproducesThePlanExactly) {
  // On the contention-free latency_bandwidth network, StaticPolicy executing the plan's
  // per-core order starts every task exactly (bit for bit) when the plan says, on its core.
  const NetworkModel net = NetworkModel::latency_bandwidth(0.25, 1e9);
  std::uint32_t inserted = 0;  // HEFT tasks that went into a gap before an earlier-placed one
  for (const RandomCase& rc : kRandomCases) {
    const TaskGraph g = testing::random_list_dag(rc.tasks, rc.cores, rc.costs, rc.seed);
    const Platform p = random_platform(rc.cores);
    const Problem problem(g, p, net);
    for (const bool cpop : {false, true}) {
      double estimate = 0;
      std::vector<double> start;
      const Schedule plan =
          cpop ? plan_cpop(problem, &estimate, &start) : plan_heft(problem, &estimate, &start);
      validate_schedule(plan, g, rc.cores, "plan");
      // Per-core order is by planned start.
      const std::vector<double> rank = upward_ranks(problem);
      for (CoreId c = 0; c < rc.cores; ++c)
        for (std::uint32_t k = plan.offsets[c] + 1; k < plan.offsets[c + 1]; ++k) {
          const TaskId before = plan.sequence[k - 1], after = plan.sequence[k];
          EXPECT_LE(start[before], start[after]);
          // HEFT places by decreasing rank_u: a lower-ranked task running before a
          // higher-ranked one on its core was inserted into an idle gap.
          if (!cpop && rank[before] < rank[after]) ++inserted;
        }
      TraceRecorder trace(g.task_count(), rc.cores);
      const SimulationResult r = testing::run_policy(g, "static", p, net, &plan, &trace);
      EXPECT_EQ(r.makespan, estimate) << (cpop ? "cpop" : "heft") << " seed " << rc.seed;
      for (TaskId t = 0; t < g.task_count(); ++t) {
        EXPECT_EQ(trace.core(t), plan.core_of[t]);
        EXPECT_EQ(trace.start(t), start[t]) << "task " << t << (cpop ? " cpop" : " heft");
      }
      // The registered policy runs the same plan and reports its estimate.
      auto run = PolicyRegistry::builtin().find(cpop ? "cpop" : "heft").create(problem, {}, nullptr);
      run->run();
      EXPECT_EQ(run->result().makespan, estimate);
      EXPECT_EQ(run->planned_makespan(), estimate);
    }
  }
  EXPECT_GT(inserted, 0u);  // the cases exercise the insertion policy
}

// HEFT written the slow, obvious way, with the tie rules of heft.hpp: for each task in the
// list and each core, scan every idle gap of the core (time 0 to the first interval, then
// between intervals) that ends after the data-ready time, in time order, and take the first
// one the task fits in (gaps ending at or before the data-ready time are skipped), else the
// end of the core. Returns the start times; `core` receives the cores.
std::vector<double> naive_heft(const Problem& problem, std::vector<CoreId>* core) {
  const TaskGraph& g = problem.graph();
  const std::uint32_t n = g.task_count(), p = problem.core_count();
  const std::vector<double> rank = upward_ranks(problem);
  std::vector<std::uint32_t> pos(n);
  for (std::uint32_t i = 0; i < n; ++i) pos[g.topological_order()[i]] = i;
  std::vector<TaskId> list(g.topological_order());
  std::stable_sort(list.begin(), list.end(), [&](TaskId a, TaskId b) {
    return rank[a] != rank[b] ? rank[a] > rank[b] : pos[a] < pos[b];
  });
  std::vector<std::vector<std::pair<double, double>>> busy(p);  // sorted [start, finish)
  std::vector<double> start(n), finish(n);
  core->assign(n, 0);
  for (const TaskId t : list) {
    double best_finish = std::numeric_limits<double>::infinity(), best_start = 0;
    CoreId best = 0;
    for (CoreId q = 0; q < p; ++q) {
      double ready = 0;
      for (std::uint32_t k = g.in_begin(t); k < g.in_end(t); ++k) {
        const TaskId u = g.in_source(k);
        ready = std::max(ready, finish[u] + problem.transfer_time(g.in_edge(k), (*core)[u], q));
      }
      const double d = problem.duration(t, q);
      double s = busy[q].empty() ? ready : std::max(ready, busy[q].back().second);
      for (std::size_t i = 0; i < busy[q].size(); ++i) {
        if (busy[q][i].first <= ready) continue;
        const double from = std::max(ready, i == 0 ? 0.0 : busy[q][i - 1].second);
        if (from + d <= busy[q][i].first) {
          s = from;
          break;
        }
      }
      if (s + d < best_finish) {
        best_finish = s + d;
        best_start = s;
        best = q;
      }
    }
    (*core)[t] = best;
    start[t] = best_start;
    finish[t] = best_finish;
    auto& line = busy[best];
    line.insert(std::upper_bound(line.begin(), line.end(), std::make_pair(best_start, best_finish)),
                {best_start, best_finish});
  }
  return start;
}

TEST(Heft, MatchesANaiveInsertionScan) {
  // The per-core gap search (galloping search + max-gap segment tree) against the plain scan,
  // decision for decision, on DAGs large enough for trees of several levels.
  const NetworkModel net = NetworkModel::latency_bandwidth(0.25, 1e9);
  for (const RandomCase& rc : {RandomCase{1500, 4, true, 11}, RandomCase{2000, 8, false, 12},
                               RandomCase{1000, 3, true, 13}}) {
    const TaskGraph g = testing::random_list_dag(rc.tasks, rc.cores, rc.costs, rc.seed);
    const Platform p = random_platform(rc.cores);
    const Problem problem(g, p, net);
    std::vector<double> start;
    double estimate = 0;
    const Schedule plan = plan_heft(problem, &estimate, &start);
    std::vector<CoreId> core;
    const std::vector<double> expected = naive_heft(problem, &core);
    EXPECT_EQ(plan.core_of, core) << "seed " << rc.seed;
    EXPECT_EQ(start, expected) << "seed " << rc.seed;
  }
}

}  // namespace
}  // namespace pelsim::models
