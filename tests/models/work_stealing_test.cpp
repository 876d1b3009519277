// work_stealing: hand-computed runs on 2 cores (one possible victim, so no randomness),
// termination, and determinism on random DAGs.
#include <gtest/gtest.h>

#include "pelsim/models/error.hpp"
#include "pelsim/models/generators.hpp"
#include "pelsim/models/graph_metrics.hpp"
#include "pelsim/models/trace_recorder.hpp"
#include "run_helpers.hpp"
#include "test_graphs.hpp"

namespace pelsim::models {
namespace {

using testing::make_graph;
using testing::options_with;

SimulationResult run_ws(const TaskGraph& g, std::uint32_t cores, const std::string& latency,
                        const std::string& retry, std::uint64_t seed = 1,
                        sim::Observer* observer = nullptr) {
  return testing::run_policy_with(
      g, "work_stealing", Platform::homogeneous(cores, 1e9), NetworkModel::ideal(),
      options_with(seed, {{"steal_latency", latency}, {"retry_delay", retry}}), observer);
}

// Fork: root r (1 s) -> c1..c4 (1 s each), 2 cores, steal latency s = 0.25 s, retry 0.5 s.
//  t=0    core 0 pops r (the only source, on core 0's deque) and runs it [0, 1].
//         core 1 finds every deque empty: failed steal #1, sleeps.
//  t=1    r ends on core 0: c1..c4 pushed on its deque (c4 newest); core 0 pops c4 [1, 2].
//         core 1 resumes at its retry instant 1.0 (the one at 0.5 failed: #2) and steals
//         the oldest, c1 (steal #1), which arrives at 1.25: c1 on core 1 [1.25, 2.25].
//  t=2    core 0 pops c3 [2, 3].
//  t=2.25 core 1 steals c2 (steal #2), arrives 2.5: [2.5, 3.5].
//  t=3    core 0: nothing left to take, stops. Makespan 3.5 s, 2 steals, 2 failed steals.
// (central_queue would give 3 s: it moves tasks instantly.)
TEST(WorkStealing, HandComputedFork) {
  const TaskGraph g =
      make_graph({1e9, 1e9, 1e9, 1e9, 1e9}, {{0, 1, 0.0}, {0, 2, 0.0}, {0, 3, 0.0}, {0, 4, 0.0}});
  TraceRecorder rec(g.task_count(), 2);
  const SimulationResult r = run_ws(g, 2, "0.25s", "0.5s", 1, &rec);
  EXPECT_DOUBLE_EQ(r.makespan, 3.5);
  EXPECT_EQ(r.steals, 2u);
  EXPECT_EQ(r.failed_steals, 2u);
  EXPECT_EQ(rec.core(4), 0u);
  EXPECT_DOUBLE_EQ(rec.start(4), 1);
  EXPECT_EQ(rec.core(1), 1u);
  EXPECT_DOUBLE_EQ(rec.start(1), 1.25);
  EXPECT_EQ(rec.core(3), 0u);
  EXPECT_DOUBLE_EQ(rec.start(3), 2);
  EXPECT_EQ(rec.core(2), 1u);
  EXPECT_DOUBLE_EQ(rec.start(2), 2.5);
}

// Chain t0 -> t1 -> t2 (1 s each) on 2 cores, retry 0.5 s: it gains nothing (3 s, all on
// core 0, which pops each successor itself). Core 1 fails at 0, 0.5, 1.0, 1.5; at 2.0 the
// last task has been taken, so it stops: 4 failed steals, 0 steals. With retry d = 2^-20 s
// (exact in binary) it fails at 0, d, ..., 2 s - d: 2 / d = 2^21 = 2097152 failed steals, yet
// the sleeping thief costs a handful of events instead of 2 million.
TEST(WorkStealing, ChainGainsNothingAndTerminates) {
  const TaskGraph g = testing::make_chain({1e9, 1e9, 1e9}, 0);
  SimulationResult r = run_ws(g, 2, "0.25s", "0.5s");
  EXPECT_DOUBLE_EQ(r.makespan, 3);
  EXPECT_EQ(r.steals, 0u);
  EXPECT_EQ(r.failed_steals, 4u);
  r = run_ws(g, 2, "0", "9.5367431640625e-07");
  EXPECT_DOUBLE_EQ(r.makespan, 3);
  EXPECT_EQ(r.failed_steals, 2097152u);
  EXPECT_LT(r.events, 20u);
}

// A task of 1e21 flop at 1 Gflop/s runs 1e12 s; the idle core's retries every 10 us would be
// 1e17 > 2^53 instants, which the clock cannot tell apart (now + 1e-5 == now near 1e12 s: the
// run hung). Refused with an InputError naming the retry delay instead.
TEST(WorkStealing, RetriesBelowTheClocksResolutionAreRefusedNotHung) {
  const TaskGraph g = make_graph({1e21, 1e9}, {{0, 1, 0.0}});
  try {
    run_ws(g, 2, "0", "10us");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(e.reason().find("retry delay of 1e-05 s is below the clock's resolution"),
              std::string::npos)
        << e.reason();
  }
  // 1e13 retry instants still run, and count every failed attempt: core 1 sleeps from time
  // 0 to 1e8 s (retries at 1e-5 k for k <= 1e13).
  const SimulationResult r = run_ws(make_graph({1e17, 1e9}, {{0, 1, 0.0}}), 2, "0", "10us");
  EXPECT_EQ(r.makespan, 1e8 + 1);
}

// n equal independent tasks on p cores, p divides n: round-robin sources give each core
// n/p tasks, nobody needs to steal: (n/p) * w, 0 steals. 5 tasks on 2 cores: core 0 holds
// t0, t2, t4 and core 1 t1, t3: ceil(5/2) = 3 s, and core 1 finds nothing left at 2 s.
TEST(WorkStealing, IndependentTasks) {
  const TaskGraph g8 = make_graph(std::vector<double>(8, 1e9), {});
  SimulationResult r = run_ws(g8, 4, "1us", "10us");
  EXPECT_DOUBLE_EQ(r.makespan, 2);
  EXPECT_EQ(r.steals + r.failed_steals, 0u);
  const TaskGraph g5 = make_graph(std::vector<double>(5, 1e9), {});
  r = run_ws(g5, 2, "1us", "10us");
  EXPECT_DOUBLE_EQ(r.makespan, 3);
  EXPECT_EQ(r.steals + r.failed_steals, 0u);
}

// One core: nobody to steal from; the run is the serial sum (1 + 2 + 3 s).
TEST(WorkStealing, OneCore) {
  const TaskGraph g = make_graph({1e9, 2e9, 3e9}, {{0, 2, 0.0}});
  const SimulationResult r = run_ws(g, 1, "1us", "10us");
  EXPECT_DOUBLE_EQ(r.makespan, 6);
  EXPECT_EQ(r.steals + r.failed_steals, 0u);
}

// Random layered DAG on 8 cores: same seed -> the same trace, task by task, and the same
// counts; every task runs; never below the lower bound; seeds change the victims.
TEST(WorkStealing, DeterministicPerSeed) {
  const TaskGraph g = generate("layered", {{{"tasks", 400}}, 3});
  const Platform p = Platform::homogeneous(8, 1e9);
  const auto net = NetworkModel::latency_bandwidth(1e-6, 1e9);
  const double bound = makespan_lower_bound(Problem(g, p, net));
  auto once = [&](std::uint64_t seed, TraceRecorder& rec) {
    return testing::run_policy_with(
        g, "work_stealing", p, net,
        options_with(seed, {{"steal_latency", "2us"}, {"retry_delay", "5us"}}), &rec);
  };
  TraceRecorder a(g.task_count(), 8), b(g.task_count(), 8), c(g.task_count(), 8);
  const SimulationResult ra = once(11, a), rb = once(11, b), rc = once(12, c);
  EXPECT_EQ(ra.tasks_done, g.task_count());
  EXPECT_GE(ra.makespan, bound);
  EXPECT_GT(ra.steals, 0u);
  EXPECT_EQ(ra.makespan, rb.makespan);
  EXPECT_EQ(ra.steals, rb.steals);
  EXPECT_EQ(ra.failed_steals, rb.failed_steals);
  EXPECT_EQ(ra.events, rb.events);
  bool same_as_other_seed = true;
  for (TaskId t = 0; t < g.task_count(); ++t) {
    EXPECT_EQ(a.core(t), b.core(t));
    EXPECT_EQ(a.start(t), b.start(t));
    same_as_other_seed = same_as_other_seed && a.core(t) == c.core(t);
  }
  EXPECT_FALSE(same_as_other_seed);
  EXPECT_GE(rc.makespan, bound);
}

TEST(WorkStealing, RejectsBadParameters) {
  const TaskGraph g = testing::make_chain({1e9, 1e9}, 0);
  EXPECT_THROW(run_ws(g, 2, "1us", "0"), InputError);
  EXPECT_THROW(run_ws(g, 2, "soon", "1us"), InputError);
}

}  // namespace
}  // namespace pelsim::models
