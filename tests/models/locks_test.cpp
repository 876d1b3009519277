// Locks: tasks that use one shared resource run one at a time (docs/models/synchronization.md).
// Expected values by hand, from the rule: a task takes its lock when it would start (inputs on
// its core, core free), if nobody holds it, keeps it until it finishes, and the cores waiting
// for a lock get it in the order they began to wait.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "list_helpers.hpp"
#include "pelsim/models/dot_reader.hpp"
#include "pelsim/models/dot_writer.hpp"
#include "pelsim/models/generators.hpp"
#include "pelsim/models/graph_metrics.hpp"
#include "pelsim/models/trace_recorder.hpp"
#include "run_helpers.hpp"

namespace pelsim::models {
namespace {

// Tasks t0..t{n-1} of the given work (flops) and locks ("" for none), with (from, to, bytes)
// edges.
TaskGraph locked_graph(const std::vector<std::pair<double, std::string>>& tasks,
                       const std::vector<std::tuple<TaskId, TaskId, double>>& edges = {}) {
  TaskGraphBuilder b("locks");
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    const TaskId t = b.intern_task("t" + std::to_string(i), tasks[i].first);
    b.set_lock(t, tasks[i].second);
  }
  for (const auto& [from, to, bytes] : edges) b.add_edge(from, to, bytes);
  return b.build();
}

const NetworkModel kIdeal = NetworkModel::ideal();

// n independent tasks of w seconds on P >= n cores take w (ceil(n/P) w); with one lock they
// take n w, one after the other, and the bound says so. With two locks of two tasks each: 2 w.
TEST(Locks, TasksOfOneLockRunOneAtATime) {
  const Platform four = Platform::homogeneous(4, 1e9);
  const TaskGraph free = locked_graph({{1e9, ""}, {1e9, ""}, {1e9, ""}, {1e9, ""}});
  EXPECT_EQ(testing::run_policy(free, "fifo", four, kIdeal).makespan, 1.0);
  const TaskGraph one = locked_graph({{1e9, "L"}, {1e9, "L"}, {1e9, "L"}, {1e9, "L"}});
  EXPECT_TRUE(one.has_locks());
  EXPECT_EQ(one.lock_count(), 1u);
  for (const char* policy : {"fifo", "hlfet", "heft", "work_stealing", "locality", "round_robin"})
    EXPECT_EQ(testing::run_policy(one, policy, four, kIdeal).makespan, 4.0) << policy;
  EXPECT_EQ(makespan_lower_bound(Problem(one, four, kIdeal)), 4.0);
  const TaskGraph two = locked_graph({{1e9, "A"}, {1e9, "A"}, {1e9, "B"}, {1e9, "B"}});
  EXPECT_EQ(testing::run_policy(two, "fifo", four, kIdeal).makespan, 2.0);
  EXPECT_EQ(makespan_lower_bound(Problem(two, four, kIdeal)), 2.0);
}

// fifo on 3 cores: t0 (2 s), t1 (1 s), t2 (3 s), all of lock L, all sources: t0 to core 0 takes
// L at 0; t1 (core 1) then t2 (core 2) wait in that order. At 2, t0 ends and t1 runs [2, 3];
// at 3, t2 runs [3, 6]. Makespan 6 (not 2 + 3 + 1 = 6 by luck: t2 before t1 would end at 5 then
// t1 at 6 too, so the start times are what tell the order).
TEST(Locks, WaitersGetTheLockInTheOrderTheyBeganToWait) {
  const TaskGraph g = locked_graph({{2e9, "L"}, {1e9, "L"}, {3e9, "L"}});
  const Platform three = Platform::homogeneous(3, 1e9);
  TraceRecorder trace(3, 3);
  const SimulationResult r =
      testing::run_policy_with(g, "fifo", three, kIdeal, testing::options_with(1), &trace);
  EXPECT_EQ(r.makespan, 6.0);
  EXPECT_EQ(trace.core(0), 0u);
  EXPECT_EQ(trace.core(1), 1u);
  EXPECT_EQ(trace.core(2), 2u);
  EXPECT_EQ(trace.start(0), 0.0);
  EXPECT_EQ(trace.start(1), 2.0);
  EXPECT_EQ(trace.start(2), 3.0);
}

// A static plan on 3 cores, latency_bandwidth(0, 1e9): core 0 runs p (1 s); core 1 runs q
// (1 s, lock L) whose 1e9-byte input from p arrives at 1 + 1 = 2; core 2 runs r0 (1.2 s), then
// r (lock L; same core, no transfer), ready at 1.2.
//  - r of 0.5 s: r takes L at 1.2 and ends at 1.7; q takes it at 2 and ends at 3. Had q taken
//    L when its input started to travel (at 1), r would have waited until 3: makespan 3.5.
//  - r of 1.3 s: r holds L over [1.2, 2.5]; q, ready at 2, waits and runs [2.5, 3.5].
TEST(Locks, ALockIsTakenWhenItsTaskStartsNotWhileItsInputsTravel) {
  const NetworkModel net = NetworkModel::latency_bandwidth(0.0, 1e9);
  const Platform three = Platform::homogeneous(3, 1e9);
  const Schedule plan = Schedule::from_sequences(4, {{0}, {1}, {2, 3}});
  for (const auto& [r_work, q_start, makespan] :
       {std::tuple{0.5e9, 2.0, 3.0}, std::tuple{1.3e9, 2.5, 3.5}}) {
    const TaskGraph g = locked_graph({{1e9, ""}, {1e9, "L"}, {1.2e9, ""}, {r_work, "L"}},
                                     {{0, 1, 1e9}, {2, 3, 0.0}});
    TraceRecorder trace(4, 3);
    const SimulationResult r = testing::run_policy(g, "static", three, net, &plan, &trace);
    EXPECT_EQ(trace.start(3), 1.2) << r_work;
    EXPECT_EQ(trace.start(1), q_start) << r_work;
    EXPECT_EQ(r.makespan, makespan) << r_work;
  }
}

// The bound counts each task of a lock at its shortest duration: a and b (2 Gflop each, lock
// L) on cores of 1 and 2 Gflop/s take at least 1 s each, one after the other: 2 s; the other
// terms are smaller (critical path 1 s, spread 4 / 3 s). Planners ignore locks: HEFT puts a
// on the fast core [0, 1] and b on the slow one [0, 2] (it ties with [1, 2] on the fast one:
// lowest core), planned 2 s; run, b waits for the lock until 1 and ends at 1 + 2 = 3.
TEST(Locks, TheLowerBoundCountsTheLongestLock) {
  const TaskGraph g = locked_graph({{2e9, "L"}, {2e9, "L"}});
  const Platform p({1e9, 2e9});
  const Problem problem(g, p, kIdeal);
  EXPECT_EQ(lock_serial_time(problem), 2.0);
  EXPECT_EQ(makespan_lower_bound(problem), 2.0);
  auto heft = PolicyRegistry::builtin().find("heft").create(problem, {}, nullptr);
  heft->run();
  EXPECT_EQ(heft->planned_makespan(), 2.0);
  EXPECT_EQ(heft->result().makespan, 3.0);
  const TaskGraph unlocked = locked_graph({{2e9, ""}});
  const Platform one_core({1e9});
  EXPECT_EQ(lock_serial_time(Problem(unlocked, one_core, kIdeal)), 0.0);
}

// DOT: `lock="name"` on a node; the writer keeps it, so the text reads back the same.
TEST(Locks, DotReadsAndWritesThem) {
  const TaskGraph g =
      read_dot_text("digraph { a [size=1, lock=\"db\"]; b [size=2, lock=db]; c [size=3] }", "x");
  ASSERT_TRUE(g.has_locks());
  EXPECT_EQ(g.lock_of(0), g.lock_of(1));
  EXPECT_EQ(g.lock_name(g.lock_of(0)), "db");
  EXPECT_EQ(g.lock_of(2), TaskGraph::kNoLock);
  std::ostringstream out;
  write_dot(out, g);
  EXPECT_EQ(
      out.str(),
      "digraph G {\na [size=\"1\", lock=db];\nb [size=\"2\", lock=db];\nc [size=\"3\"];\n}\n");
  EXPECT_FALSE(read_dot_text("digraph { a [size=1] }", "x").has_locks());
}

// A scaling curve's 1-core reference run of a graph with costs uses with_costs_of_core(): the
// copy keeps each task's lock (and type), so that run serialises the same tasks.
TEST(Locks, TheOneCoreCopyOfAGraphWithCostsKeepsThem) {
  TaskGraphBuilder b("costs");
  const TaskId a = b.intern_task("a", 0);
  b.set_costs(a, {1.0, 2.0});
  b.set_lock(a, "db");
  b.set_type(a, "gemm");
  b.set_costs(b.intern_task("b", 0), {3.0, 4.0});
  const TaskGraph one = b.build().with_costs_of_core(1);
  EXPECT_EQ(one.lock_name(one.lock_of(0)), "db");
  EXPECT_EQ(one.lock_of(1), TaskGraph::kNoLock);
  EXPECT_EQ(one.task_type_name_of(0), "gemm");
  EXPECT_EQ(one.cost(0, 0), 2.0);
}

// On generated DAGs with three locks, under every policy and three networks: the run ends,
// stays at or above the bound, and no two tasks of one lock overlap in time.
TEST(Locks, EveryPolicyKeepsTheTasksOfALockApart) {
  GeneratorParams params;
  params.seed = 7;
  params.values = {{"tasks", 300}, {"flops_min", 1e8}, {"flops_max", 3e9}};
  const TaskGraph base = generate("layered", params);
  TaskGraphBuilder b("layered+locks");
  for (TaskId t = 0; t < base.task_count(); ++t) {
    b.intern_task(base.name(t), base.work(t));
    if (t % 4 != 3) b.set_lock(t, "L" + std::to_string(t % 4));
  }
  for (TaskId t = 0; t < base.task_count(); ++t)
    for (EdgeId e = base.out_begin(t); e < base.out_end(t); ++e)
      b.add_edge(t, base.target(e), base.bytes(e));
  const TaskGraph g = b.build();
  const Platform p = testing::list_platform(6);
  for (const NetworkModel& net :
       {NetworkModel::ideal(), NetworkModel::latency_bandwidth(1e-4, 1e9)}) {
    const double bound = makespan_lower_bound(Problem(g, p, net));
    for (const PolicyInfo& info : PolicyRegistry::builtin().all()) {
      if (info.needs_schedule) continue;
      TraceRecorder trace(g.task_count(), 6);
      const SimulationResult r =
          testing::run_policy_with(g, info.name, p, net, testing::options_with(3), &trace);
      EXPECT_EQ(r.tasks_done, g.task_count()) << info.name;
      EXPECT_GE(r.makespan, bound * (1 - 1e-12)) << info.name;
      for (LockId l = 0; l < g.lock_count(); ++l) {
        std::vector<std::pair<double, double>> held;
        for (TaskId t = 0; t < g.task_count(); ++t)
          if (g.lock_of(t) == l) held.emplace_back(trace.start(t), trace.finish(t));
        std::sort(held.begin(), held.end());
        for (std::size_t k = 1; k < held.size(); ++k)
          EXPECT_LE(held[k - 1].second, held[k].first) << info.name << " lock " << l;
      }
    }
  }
}

}  // namespace
}  // namespace pelsim::models
