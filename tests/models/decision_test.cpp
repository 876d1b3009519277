// The decisions the policies explain (PolicyOptions::explain, decision.hpp).
#include "pelsim/models/decision.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "list_helpers.hpp"
#include "pelsim/models/policies/baselines.hpp"
#include "pelsim/models/policy.hpp"
#include "pelsim/models/trace_recorder.hpp"
#include "run_helpers.hpp"
#include "test_graphs.hpp"

namespace pelsim::models {
namespace {

using testing::graph_with_costs;
using testing::make_graph;

// The decisions of one run of `policy`, with its result and trace.
struct Explained {
  DecisionLog log;
  SimulationResult result;
  std::vector<CoreId> core;
  std::vector<double> start;
};

void run_explained(const TaskGraph& g, const std::string& policy, const Platform& platform,
                   const NetworkModel& network, PolicyOptions options, bool explain,
                   Explained& out) {
  const Problem problem(g, platform, network);
  TraceRecorder trace(g.task_count(), platform.core_count());
  options.explain = explain ? &out.log : nullptr;
  auto run = PolicyRegistry::builtin().find(policy).create(problem, options, &trace);
  run->run();
  out.result = run->result();
  for (TaskId t = 0; t < g.task_count(); ++t) {
    out.core.push_back(trace.core(t));
    out.start.push_back(trace.start(t));
  }
}

// `info`'s run explained (`on`) and not (`off`), seed 3, `schedule` for `static`.
void run_explained_and_not(const TaskGraph& g, const PolicyInfo& info, const Platform& platform,
                           const NetworkModel& network, const Schedule& schedule, Explained& on,
                           Explained& off) {
  PolicyOptions options;
  options.seed = 3;
  if (info.needs_schedule) options.schedule = &schedule;
  run_explained(g, info.name, platform, network, options, true, on);
  run_explained(g, info.name, platform, network, options, false, off);
}

// Three tasks on two cores with per-core costs (seconds); an edge of X bytes costs X s between
// two cores (latency 0, bandwidth 1 B/s), 0 on the same core:
//   t0 {2, 4}  ->(5 B)  t1 {3, 1}
//   t0         ->(1 B)  t2 {2, 2}
TEST(Decision, HeftExplainsEftOnEveryCore) {
  const TaskGraph g = graph_with_costs({{2, 4}, {3, 1}, {2, 2}}, {{0, 1, 5}, {0, 2, 1}});
  Explained e;
  run_explained(g, "heft", Platform::homogeneous(2, 1.0), NetworkModel::latency_bandwidth(0, 1), {},
                true, e);
  const auto& entries = e.log.entries();
  ASSERT_EQ(entries.size(), 3u);
  // rank_u: mean costs w̄ = 3, 2, 2; rank_u(t1) = 2, rank_u(t2) = 2,
  // rank_u(t0) = 3 + max(5 + 2, 1 + 2) = 10. Order t0, then t1 and t2 (tie: topological).
  // t0: EST 0 on both cores, EFT {0 + 2, 0 + 4} = {2, 4} -> core 0.
  // t1: data ready {2 (local), 2 + 5 = 7}; core 0 free at 2: EFT {2 + 3, 7 + 1} = {5, 8}
  //     -> core 0.
  // t2: data ready {2, 2 + 1 = 3}; core 0 busy [0, 2] [2, 5] (no gap): starts 5, EFT 7;
  //     core 1 idle: starts 3, EFT 5 -> core 1.
  struct Expected {
    TaskId task;
    CoreId core;
    double rank;
    std::vector<double> start, eft;
  };
  const std::vector<Expected> expected{
      {0, 0, 10, {0, 0}, {2, 4}}, {1, 0, 2, {2, 7}, {5, 8}}, {2, 1, 2, {5, 3}, {7, 5}}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const Decision d = e.log.at(i);
    const Expected& x = expected[i];
    EXPECT_EQ(d.kind, DecisionKind::kPlanned);
    EXPECT_EQ(d.task, x.task);
    EXPECT_EQ(d.core, x.core);
    EXPECT_EQ(d.time, 0.0);
    EXPECT_EQ(d.rank, x.rank);
    EXPECT_STREQ(d.rank_name, "rank_u");
    EXPECT_STREQ(d.score_name, "eft");
    EXPECT_FALSE(d.candidates_are_tasks);
    ASSERT_EQ(d.candidates.size(), 2u);
    for (CoreId q = 0; q < 2; ++q) {
      EXPECT_EQ(d.candidates[q].id, q);
      EXPECT_EQ(d.candidates[q].start, x.start[q]) << "task " << x.task << " core " << q;
      EXPECT_EQ(d.candidates[q].finish, x.eft[q]) << "task " << x.task << " core " << q;
      EXPECT_EQ(d.candidates[q].score, x.eft[q]);
    }
    EXPECT_EQ(d.score, x.eft[x.core]);
    EXPECT_EQ(d.start, x.start[x.core]);
    EXPECT_EQ(d.finish, x.eft[x.core]);
  }
  EXPECT_EQ(e.result.makespan, 5.0);  // t1 on core 0 and t2 on core 1 both end at 5
}

// t0 (1 s) -> t1, t2 (1 s each), 0 bytes, two cores of 1 Gflop/s: work stealing's decisions
// are forced whatever the seed (core 1's only victim is core 0).
//  time 0: t0 (the only source) pushed onto core 0; core 0 pops it; core 1 finds every deque
//          empty: a failed steal without a victim, it sleeps.
//  time 1: t0 ends; t1, t2 pushed onto core 0 (out-edge order); core 0 pops t2 (newest);
//          core 1 wakes at its next retry instant (>= 1, < 1 + retry_delay = 1 + 10us) and
//          steals t1 (the oldest) from victim core 0.
TEST(Decision, WorkStealingNamesTheVictim) {
  const TaskGraph g = make_graph({1e9, 1e9, 1e9}, {{0, 1, 0}, {0, 2, 0}});
  Explained e;
  run_explained(g, "work_stealing", Platform::homogeneous(2, 1e9), NetworkModel::ideal(), {}, true,
                e);
  const auto& entries = e.log.entries();
  ASSERT_EQ(entries.size(), 7u);
  struct Expected {
    DecisionKind kind;
    TaskId task;
    CoreId core;
    CoreId victim;
  };
  const std::vector<Expected> expected{
      {DecisionKind::kPush, 0, 0, kNoDecisionCore},
      {DecisionKind::kLocalPop, 0, 0, kNoDecisionCore},
      {DecisionKind::kFailedSteal, kNoDecisionTask, 1, kNoDecisionCore},
      {DecisionKind::kPush, 1, 0, kNoDecisionCore},
      {DecisionKind::kPush, 2, 0, kNoDecisionCore},
      {DecisionKind::kLocalPop, 2, 0, kNoDecisionCore},
      {DecisionKind::kSteal, 1, 1, 0},
  };
  const std::vector<double> times{0, 0, 0, 1, 1, 1};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const Decision d = e.log.at(i);
    EXPECT_EQ(d.kind, expected[i].kind) << i;
    EXPECT_EQ(d.task, expected[i].task) << i;
    EXPECT_EQ(d.core, expected[i].core) << i;
    EXPECT_EQ(d.victim, expected[i].victim) << i;
    if (i < times.size()) {
      EXPECT_EQ(d.time, times[i]) << i;
    }
  }
  const Decision steal = e.log.at(6);
  EXPECT_GE(steal.time, 1.0);
  EXPECT_LT(steal.time, 1.0 + 1e-5);
  EXPECT_EQ(e.result.steals, 1u);
  EXPECT_EQ(e.core[1], 1u);  // the stolen task ran on the thief
}

// central_queue with bottom_level: t0 -> t1 -> t2 and t3 alone, work 3, 2, 1 and 1 Gflop on
// one 1 Gflop/s core. Bottom levels bl(t2) = 1, bl(t1) = 2 + 1 = 3, bl(t0) = 3 + 3 = 6,
// bl(t3) = 1. At time 0 the queue holds t0 and t3: t0 (6) is picked, t3 (1) stays the only
// candidate. At time 3 the queue holds t3 and t1: t1 (3) is picked, t3 remains.
TEST(Decision, CentralQueueBottomLevel) {
  const TaskGraph g = make_graph({3e9, 2e9, 1e9, 1e9}, {{0, 1, 0}, {1, 2, 0}});
  Explained e;
  run_explained(g, "central_queue", Platform::homogeneous(1, 1e9), NetworkModel::ideal(),
                testing::options_with(1, {{"priority", "bottom_level"}}), true, e);
  ASSERT_EQ(e.log.entries().size(), 4u);
  const Decision first = e.log.at(0);
  EXPECT_EQ(first.kind, DecisionKind::kQueuePick);
  EXPECT_EQ(first.task, 0u);
  EXPECT_EQ(first.score, 6.0);
  EXPECT_EQ(first.queue_length, 2u);
  EXPECT_TRUE(first.candidates_are_tasks);
  ASSERT_EQ(first.candidates.size(), 1u);
  EXPECT_EQ(first.candidates[0].id, 3u);
  EXPECT_EQ(first.candidates[0].score, 1.0);
  const Decision second = e.log.at(1);
  EXPECT_EQ(second.time, 3.0);
  EXPECT_EQ(second.task, 1u);
  EXPECT_EQ(second.score, 3.0);
  EXPECT_EQ(second.queue_length, 2u);
}

// fifo decides at time 0 once every source is queued, as central_queue does: four
// independent tasks on two cores, the first pick sees the four in the queue (the next three
// as candidates), the second three.
TEST(Decision, FifoSeesEverySourceAtTimeZero) {
  const TaskGraph g = make_graph({1e9, 1e9, 1e9, 1e9}, {});
  Explained e;
  run_explained(g, "fifo", Platform::homogeneous(2, 1e9), NetworkModel::ideal(), {}, true, e);
  ASSERT_EQ(e.log.entries().size(), 4u);
  EXPECT_EQ(e.log.at(0).task, 0u);
  EXPECT_EQ(e.log.at(0).queue_length, 4u);
  EXPECT_EQ(e.log.at(0).candidates.size(), 3u);
  EXPECT_EQ(e.log.at(1).task, 1u);
  EXPECT_EQ(e.log.at(1).queue_length, 3u);
}

// locality places t3 (inputs: 4 B from t0, 1 B from t1, 2 B from t2; t0 and t2 ran on core 0,
// t1 on core 1) on core 0, which holds 4 + 2 = 6 B against core 1's 1 B: the kPush names the
// two cores with their bytes. Sources t0 (core 0), t1 (core 1), t2 (core 0 again: k mod 2)
// are placed round-robin with no candidates.
TEST(Decision, LocalityExplainsTheInputBytesOnEachCore) {
  const TaskGraph g = make_graph({1e9, 1e9, 2e9, 1e9}, {{0, 3, 4}, {1, 3, 1}, {2, 3, 2}});
  Explained e;
  run_explained(g, "locality", Platform::homogeneous(2, 1e9), NetworkModel::ideal(), {}, true,
                e);
  bool seen = false;
  for (std::size_t i = 0; i < e.log.entries().size(); ++i) {
    const Decision d = e.log.at(i);
    if (d.kind != DecisionKind::kPush) continue;
    if (d.task != 3) {
      EXPECT_TRUE(d.candidates.empty());
      continue;
    }
    seen = true;
    EXPECT_EQ(d.core, 0u);
    EXPECT_STREQ(d.score_name, "input_bytes");
    EXPECT_EQ(d.score, 6.0);
    ASSERT_EQ(d.candidates.size(), 2u);
    EXPECT_EQ(d.candidates[0].id, 0u);
    EXPECT_EQ(d.candidates[0].score, 6.0);
    EXPECT_EQ(d.candidates[1].id, 1u);
    EXPECT_EQ(d.candidates[1].score, 1.0);
  }
  EXPECT_TRUE(seen);
}

// Every registered policy: each task gets exactly one final decision, naming the core it ran
// on; explaining changes nothing in the run (bit-identical result and trace).
TEST(Decision, EveryPolicyOneFinalDecisionPerTaskAndNoEffect) {
  const std::uint32_t cores = 4;
  const TaskGraph g = testing::random_list_dag(60, cores, false, 7);
  const Platform platform = testing::list_platform(cores);
  const NetworkModel network = NetworkModel::latency_bandwidth(1e-6, 1e9);
  const Problem problem(g, platform, network);
  const Schedule schedule = plan_round_robin(problem);  // for `static`
  for (const PolicyInfo& info : PolicyRegistry::builtin().all()) {
    SCOPED_TRACE(info.name);
    Explained on, off;
    run_explained_and_not(g, info, platform, network, schedule, on, off);
    std::vector<int> finals(g.task_count(), 0);
    for (std::size_t i = 0; i < on.log.entries().size(); ++i) {
      const Decision d = on.log.at(i);
      if (!is_final(d.kind)) continue;
      ASSERT_LT(d.task, g.task_count());
      ++finals[d.task];
      EXPECT_EQ(d.core, on.core[d.task]) << "task " << d.task;
    }
    for (TaskId t = 0; t < g.task_count(); ++t) EXPECT_EQ(finals[t], 1) << "task " << t;
    EXPECT_EQ(on.result.makespan, off.result.makespan);
    EXPECT_EQ(on.result.events, off.result.events);
    EXPECT_EQ(on.result.core_busy, off.result.core_busy);
    EXPECT_EQ(on.result.steals, off.result.steals);
    EXPECT_EQ(on.result.failed_steals, off.result.failed_steals);
    EXPECT_EQ(on.core, off.core);
    EXPECT_EQ(on.start, off.start);
  }
}

// A plan's task moved off a core that failed for good is explained (kMoved). Six 1 s tasks
// on 3 cores, {t0, t1} {t2, t3} {t4, t5}; core 0 fails for good at 0.5 (faults_test derives
// the moves): cores 1 and 2 would be done at 2, so t0 goes to core 1 (finish 3 on either;
// ties: the lowest), behind its running task (order 1), then t1 to core 2 (3 there, 4 on
// core 1). Core 0 is no candidate. Then every policy, with a failure for good mid-run: the
// last final decision of each task names the core it ran on, and explaining changes nothing.
TEST(Decision, MovesOffACoreFailedForGoodAreExplained) {
  const TaskGraph six = make_graph({1e9, 1e9, 1e9, 1e9, 1e9, 1e9}, {});
  Platform three = Platform::homogeneous(3, 1e9);
  FaultModel f;
  f.failures = {{0, 0.5, kNeverRepaired}};
  three.set_faults(f);
  const Schedule s = Schedule::from_sequences(6, {{0, 1}, {2, 3}, {4, 5}});
  PolicyOptions options;
  options.schedule = &s;
  Explained e;
  run_explained(six, "static", three, NetworkModel::ideal(), options, true, e);
  std::vector<Decision> moved;
  for (std::size_t i = 0; i < e.log.entries().size(); ++i)
    if (e.log.at(i).kind == DecisionKind::kMoved) moved.push_back(e.log.at(i));
  ASSERT_EQ(moved.size(), 2u);
  EXPECT_EQ(moved[0].task, 0u);
  EXPECT_EQ(moved[0].core, 1u);
  EXPECT_EQ(moved[0].victim, 0u);
  EXPECT_EQ(moved[0].time, 0.5);
  EXPECT_EQ(moved[0].score, 3.0);
  EXPECT_EQ(moved[0].order, 1u);
  ASSERT_EQ(moved[0].candidates.size(), 2u);
  EXPECT_EQ(moved[0].candidates[0].id, 1u);
  EXPECT_EQ(moved[0].candidates[1].finish, 3.0);
  EXPECT_EQ(moved[1].task, 1u);
  EXPECT_EQ(moved[1].core, 2u);
  ASSERT_EQ(moved[1].candidates.size(), 2u);
  EXPECT_EQ(moved[1].candidates[0].finish, 4.0);  // core 1, now done at 3
  EXPECT_EQ(moved[1].candidates[1].finish, 3.0);
  EXPECT_EQ(std::string(decision_kind_name(DecisionKind::kMoved)), "moved");

  const std::uint32_t cores = 4;
  const TaskGraph g = testing::random_list_dag(60, cores, false, 7);
  Platform platform = testing::list_platform(cores);
  const NetworkModel network = NetworkModel::latency_bandwidth(1e-6, 1e9);
  const Schedule schedule = plan_round_robin(Problem(g, platform, network));
  double clean = 0;
  {
    Explained plain;
    run_explained(g, "heft", platform, network, {}, false, plain);
    clean = plain.result.makespan;
  }
  f.failures = {{1, clean / 3, kNeverRepaired}};
  platform.set_faults(f);
  for (const PolicyInfo& info : PolicyRegistry::builtin().all()) {
    SCOPED_TRACE(info.name);
    Explained on, off;
    run_explained_and_not(g, info, platform, network, schedule, on, off);
    std::vector<CoreId> last(g.task_count(), kNoDecisionCore);
    std::uint32_t moves = 0;
    bool plan = false;  // the policy planned (or was given) its mapping
    for (std::size_t i = 0; i < on.log.entries().size(); ++i) {
      const Decision d = on.log.at(i);
      if (d.kind == DecisionKind::kMoved) ++moves;
      plan = plan || d.kind == DecisionKind::kPlanned || d.kind == DecisionKind::kStaticOrder;
      if (is_final(d.kind)) last.at(d.task) = d.core;
    }
    EXPECT_EQ(last, on.core);
    // Plans have their tasks moved by the simulator; dynamic policies move them themselves.
    if (plan) {
      EXPECT_GT(moves, 0u);
    } else {
      EXPECT_EQ(moves, 0u);
    }
    EXPECT_EQ(on.result.makespan, off.result.makespan);
    EXPECT_EQ(on.core, off.core);
    EXPECT_EQ(on.start, off.start);
  }
}

// The planning policies explain every core of every task; their chosen score is the best
// candidate's (smaller is better for all of them).
TEST(Decision, PlannersChooseTheirBestCandidate) {
  const std::uint32_t cores = 3;
  const TaskGraph g = testing::random_list_dag(40, cores, true, 11);
  const Platform platform = Platform::homogeneous(cores, 1.0);
  const NetworkModel network = NetworkModel::latency_bandwidth(0, 1e9);
  for (const std::string policy :
       {"hlfet", "heft", "peft", "mcp", "etf", "dls", "min_min", "max_min"}) {
    SCOPED_TRACE(policy);
    Explained e;
    run_explained(g, policy, platform, network, {}, true, e);
    ASSERT_EQ(e.log.entries().size(), g.task_count());
    for (std::size_t i = 0; i < e.log.entries().size(); ++i) {
      const Decision d = e.log.at(i);
      ASSERT_EQ(d.candidates.size(), cores);
      double best = INFINITY;
      for (const Candidate& c : d.candidates) best = std::min(best, c.score);
      EXPECT_EQ(d.score, best) << "task " << d.task;
      EXPECT_EQ(d.candidates[d.core].score, d.score);
      EXPECT_EQ(d.candidates[d.core].finish, d.finish);
      EXPECT_FALSE(std::isnan(d.rank));
    }
  }
  // cpop: the same, except that a critical-path task goes to the critical-path core, and
  // says so in its score's name (it read as a plain "eft" that was not the best one).
  Explained e;
  run_explained(g, "cpop", platform, network, {}, true, e);
  int on_path = 0;
  for (std::size_t i = 0; i < e.log.entries().size(); ++i) {
    const Decision d = e.log.at(i);
    if (std::string(d.score_name) == "eft_on_critical_path_core") {
      ++on_path;
      continue;
    }
    EXPECT_STREQ(d.score_name, "eft");
    double best = INFINITY;
    for (const Candidate& c : d.candidates) best = std::min(best, c.score);
    EXPECT_EQ(d.score, best) << "task " << d.task;
  }
  EXPECT_GE(on_path, 2);  // a critical path has a source and a sink at least
}

}  // namespace
}  // namespace pelsim::models
