// Faults: fail-stop core failures (docs/models/faults.md). Expected values by hand, from the
// rules: a failing core stops at once; the task it runs (or has reserved, waiting for its
// inputs) loses the work done and runs again from the start; a dynamic policy places a failed
// core's tasks anew, a static plan waits for the core's repair (and the simulator moves its
// tasks if the core fails for good); data already produced stays.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>
#include <tuple>
#include <vector>

#include "pelsim/models/error.hpp"
#include "pelsim/models/faults.hpp"
#include "pelsim/models/flow_network.hpp"
#include "pelsim/models/generators.hpp"
#include "pelsim/models/graph_metrics.hpp"
#include "pelsim/models/network_topology.hpp"
#include "pelsim/models/trace_recorder.hpp"
#include "run_helpers.hpp"
#include "test_graphs.hpp"

namespace pelsim::models {
namespace {

using testing::crossbar;
using testing::make_graph;
using testing::run_policy;

const NetworkModel kIdeal = NetworkModel::ideal();
constexpr double kNever = kNeverRepaired;

Platform failing(Platform p, std::vector<CoreFailure> failures) {
  FaultModel f;
  f.failures = std::move(failures);
  p.set_faults(std::move(f));
  return p;
}

// The message of the InputError `run()` throws, or "no error".
template <class Run>
std::string input_error_of(Run&& run) {
  try {
    run();
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

// `cores` cores of 1 Gflop/s failing at random every `mtbf` seconds on average, repaired at once.
Platform failing_every(std::uint32_t cores, double mtbf) {
  Platform p = Platform::homogeneous(cores, 1e9);
  FaultModel f;
  f.mtbf = mtbf;
  p.set_faults(f);
  return p;
}

double total(const std::vector<double>& v) {
  return std::accumulate(v.begin(), v.end(), 0.0);
}

// A chain t0 -> t1 of 2 s each on one core; the core fails at 1 s and is repaired 0.5 s later:
// t0 loses 1 s of work, runs again [1.5, 3.5], then t1 [3.5, 5.5]. The same for a plan (heft)
// and a dynamic policy (fifo: t0 goes back to the queue, the only core takes it at its repair).
TEST(Faults, ATaskCutShortRunsAgainAfterTheRepair) {
  const TaskGraph g = make_graph({2e9, 2e9}, {{0, 1, 0}});
  const Platform one = failing(Platform::homogeneous(1, 1e9), {{0, 1.0, 0.5}});
  for (const char* policy : {"heft", "fifo", "work_stealing", "locality", "central_queue"}) {
    TraceRecorder rec(2, 1);
    const auto r = run_policy(g, policy, one, kIdeal, nullptr, &rec);
    EXPECT_EQ(r.makespan, 5.5) << policy;
    EXPECT_EQ(r.failures, 1u) << policy;
    EXPECT_EQ(r.interrupted, 1u) << policy;
    EXPECT_EQ(r.lost_work, 1.0) << policy;
    EXPECT_EQ(r.core_busy[0], 5.0) << policy;  // 1 s lost + 2 + 2: computing, wasted or not
    EXPECT_EQ(rec.start(0), 1.5) << policy;
    ASSERT_EQ(rec.interrupted().size(), 1u) << policy;
    EXPECT_EQ(rec.interrupted()[0].start, 0.0);
    EXPECT_EQ(rec.interrupted()[0].finish, 1.0);
    ASSERT_EQ(rec.failures().size(), 1u);
    EXPECT_EQ(rec.failures()[0].up, 1.5);
    // The executed schedule lists each task once (the completed runs).
    EXPECT_EQ(rec.executed_schedule().sequence.size(), 2u);
  }
}

// Three sources on 2 cores: t0 4 s, t1 1 s, t2 1 s. fifo: t0 on core 0 [0, 4], t1 then t2 on
// core 1 [0, 1], [1, 2]. Core 0 fails at 3 s for good: t0 loses 3 s, goes back to the queue
// and core 1 (idle since 2) takes it at once: [3, 7]. heft plans the same mapping but follows
// its plan: with a repair of 0.5 s, t0 runs again on core 0 [3.5, 7.5]; for good, the
// simulator moves t0 to core 1, free from 3 (its queue done at 2): [3, 7].
TEST(Faults, ADynamicPolicyMovesTheTasksOfAFailedCoreAPlanWaitsForItsRepair) {
  const TaskGraph g = make_graph({4e9, 1e9, 1e9}, {});
  const Platform two = Platform::homogeneous(2, 1e9);
  for (const char* policy : {"fifo", "central_queue", "locality"}) {
    const auto r = run_policy(g, policy, failing(two, {{0, 3.0, kNever}}), kIdeal);
    EXPECT_EQ(r.makespan, 7.0) << policy;
    EXPECT_EQ(r.lost_work, 3.0) << policy;
  }
  // locality: source k queues on core k mod P (t0, t2 on core 0, t1 on core 1). At 0 cores 0
  // and 1 take t0 and t1 (local); at 1 core 1 takes t2 from core 0's queue (remote); at 3 t0
  // queues on core 0 again (no input bytes: its enabler, core 0) and core 1 takes it (remote).
  const auto loc = run_policy(g, "locality", failing(two, {{0, 3.0, kNever}}), kIdeal);
  EXPECT_EQ(loc.local_dispatches, 2u);
  EXPECT_EQ(loc.remote_dispatches, 2u);

  EXPECT_EQ(run_policy(g, "heft", two, kIdeal).makespan, 4.0);  // t0 | t1 t2
  EXPECT_EQ(run_policy(g, "heft", failing(two, {{0, 3.0, 0.5}}), kIdeal).makespan, 7.5);
  TraceRecorder rec(3, 2);
  const auto r = run_policy(g, "heft", failing(two, {{0, 3.0, kNever}}), kIdeal, nullptr, &rec);
  EXPECT_EQ(r.makespan, 7.0);
  EXPECT_EQ(r.lost_work, 3.0);
  EXPECT_EQ(rec.core(0), 1u);
  EXPECT_EQ(rec.start(0), 3.0);
}

// A plan's core failing for good: each task left on it goes, in plan order, to the core where
// it would finish first if every core ran its queue back to back (ties: the lowest core), and
// takes its place there in a topological order of the tasks left. Six 1 s tasks on 3 cores,
// {t0, t1} {t2, t3} {t4, t5}; core 0 fails at 0.5 for good (t0 loses 0.5 s). Cores 1 and 2
// would be done at 2: t0 -> core 1 (the lowest; now done at 3), t1 -> core 2. The order (Kahn's
// over the graph and the queues, sources by id): t0 t2 t4 t1 t3 t5, so t0 goes after the
// running t2 and before t3: core 1 runs t2 [0, 1], t0 [1, 2], t3 [2, 3]; core 2 t4, t1, t5.
TEST(Faults, APlanMovesTheTasksOfACoreFailedForGoodToTheCoresDoneFirst) {
  const TaskGraph g = make_graph({1e9, 1e9, 1e9, 1e9, 1e9, 1e9}, {});
  const Schedule s = Schedule::from_sequences(6, {{0, 1}, {2, 3}, {4, 5}});
  TraceRecorder rec(6, 3);
  const auto r = run_policy(g, "static", failing(Platform::homogeneous(3, 1e9), {{0, 0.5, kNever}}),
                            kIdeal, &s, &rec);
  EXPECT_EQ(r.makespan, 3.0);
  EXPECT_EQ(r.lost_work, 0.5);
  EXPECT_EQ(rec.core(0), 1u);
  EXPECT_EQ(rec.start(0), 1.0);
  EXPECT_EQ(rec.start(3), 2.0);
  EXPECT_EQ(rec.core(1), 2u);
  EXPECT_EQ(rec.start(1), 1.0);
  EXPECT_EQ(rec.start(5), 2.0);
  // On cores of 1, 1 and 3 Gflop/s: core 2 runs t4 [0, 1/3] and t5 [1/3, 2/3], so it would be
  // done at 2/3: t0 -> core 2 (2/3 + 1/3 = 1, against 2 + 1 on core 1), then t1 -> core 2 too
  // (1 + 1/3 against 3). Behind the running t5, by the order: t0 [2/3, 1], t1 [1, 4/3].
  TraceRecorder fast(6, 3);
  const auto f = run_policy(g, "static", failing(Platform({1e9, 1e9, 3e9}), {{0, 0.5, kNever}}),
                            kIdeal, &s, &fast);
  EXPECT_EQ(fast.core(0), 2u);
  EXPECT_EQ(fast.core(1), 2u);
  EXPECT_DOUBLE_EQ(fast.start(0), 2.0 / 3);
  EXPECT_EQ(fast.start(1), fast.finish(0));
  EXPECT_DOUBLE_EQ(f.makespan, 2.0);  // core 1: t2, t3
}

// A moved task is placed before the tasks that need it. Core 0 runs A then X, X needs B, core
// 1 runs B; core 1 fails for good at 0.5. Appended behind X, B would never run (X waits for
// it); placed by the order (A, B, X) it runs [1, 2] and X [2, 3].
TEST(Faults, AMovedTaskGoesBeforeTheTasksThatNeedIt) {
  const TaskGraph g = make_graph({1e9, 1e9, 1e9}, {{1, 2, 0}});  // A, B, X; B -> X
  const Schedule s = Schedule::from_sequences(3, {{0, 2}, {1}});
  TraceRecorder rec(3, 2);
  const auto r = run_policy(g, "static", failing(Platform::homogeneous(2, 1e9), {{1, 0.5, kNever}}),
                            kIdeal, &s, &rec);
  EXPECT_EQ(r.tasks_done, 3u);
  EXPECT_EQ(rec.start(1), 1.0);
  EXPECT_EQ(rec.start(2), 2.0);
  EXPECT_EQ(r.makespan, 3.0);
}

// Cores failing for good at one instant are all left out when the first one's tasks move,
// whatever the order they are listed in. 3 cores, latency_bandwidth (1e9 B/s); plan {A} {}
// {X, B}, X -> A (1e8 bytes, 0.1 s): X [0, 0.25], B [0.25, 2.25] on core 2, A [0.35, 1.35] on
// core 0. Cores 0 and 1 fail for good at 0.5: A (0.15 s lost) goes behind B on core 2, where
// X's output is: [2.25, 3.25]; once cut short, one transfer.
TEST(Faults, CoresFailingForGoodTogetherAreAllLeftOut) {
  const TaskGraph g = make_graph({1e9, 2e9, 0.25e9}, {{2, 0, 1e8}});  // A, B, X
  const Schedule s = Schedule::from_sequences(3, {{0}, {}, {2, 1}});
  const NetworkModel net = NetworkModel::latency_bandwidth(0.0, 1e9);
  for (const bool zero_first : {true, false}) {
    std::vector<CoreFailure> f = {{0, 0.5, kNever}, {1, 0.5, kNever}};
    if (!zero_first) std::swap(f[0], f[1]);
    const auto r = run_policy(g, "static", failing(Platform::homogeneous(3, 1e9), f), net, &s);
    EXPECT_EQ(r.makespan, 3.25) << zero_first;
    EXPECT_EQ(r.interrupted, 1u) << zero_first;
    EXPECT_EQ(r.transfers, 1u) << zero_first;
  }
}

// A static order that contradicts the graph is still diagnosed when its core fails for good
// (its tasks are not moved out of their cycle).
TEST(Faults, AStaticOrderThatDeadlocksIsDiagnosedDespiteAFailureForGood) {
  const TaskGraph g = make_graph({1e9, 1e9}, {{0, 1, 0}});       // A -> X
  const Schedule s = Schedule::from_sequences(2, {{1, 0}, {}});  // X before A on core 0
  const Platform two = Platform::homogeneous(2, 1e9);
  EXPECT_THROW(run_policy(g, "static", two, kIdeal, &s), InputError);
  EXPECT_THROW(run_policy(g, "static", failing(two, {{0, 0.5, kNever}}), kIdeal, &s), InputError);
}

// A moved task's inputs move again, from now. 3 cores, latency_bandwidth (no latency, 1e9
// B/s): A (1 s, core 0) -> B (1 s, core 1) with 2e9 bytes: B reserved on core 1 for [3, 4];
// core 0 then runs C (3 s) [1, 4], core 2 D (1 s) [0, 1]. Core 1 fails for good at 2 (B cut
// short before it began: no work lost). B would be done at 5 on core 0, at 3 on core 2: core
// 2; A's data leaves core 0 again at 2 and arrives at 4: B [4, 5]; two transfers, 4e9 bytes.
TEST(Faults, AMovedTaskReceivesItsInputsAgain) {
  const TaskGraph g = make_graph({1e9, 1e9, 3e9, 1e9}, {{0, 1, 2e9}});  // A, B, C, D
  const Schedule s = Schedule::from_sequences(4, {{0, 2}, {1}, {3}});
  TraceRecorder rec(4, 3);
  const auto r = run_policy(g, "static", failing(Platform::homogeneous(3, 1e9), {{1, 2.0, kNever}}),
                            NetworkModel::latency_bandwidth(0.0, 1e9), &s, &rec);
  EXPECT_EQ(rec.core(1), 2u);
  EXPECT_EQ(rec.start(1), 4.0);
  EXPECT_EQ(r.makespan, 5.0);
  EXPECT_EQ(r.lost_work, 0.0);
  EXPECT_EQ(r.interrupted, 1u);
  EXPECT_EQ(r.transfers, 2u);
  EXPECT_EQ(r.bytes_moved, 4e9);
}

// work_stealing, same graph: sources round-robin, t0 and t2 on deque 0, t1 on deque 1. At 0
// core 0 pops t2 (newest, 1 s) and core 1 t1; at 1 core 0 pops t0 [1, 5] and core 1 finds
// nothing left (stops). Core 0 fails at 3 for good: t0 (2 s lost) goes back on deque 0, core 1
// attempts again at 3 and steals it (its only victim); it arrives 1 us later (steal latency):
// [3 + 1e-6, 7 + 1e-6].
TEST(Faults, WorkStealingStealsTheTasksOfAFailedCore) {
  const TaskGraph g = make_graph({4e9, 1e9, 1e9}, {});
  const auto r = run_policy(g, "work_stealing",
                            failing(Platform::homogeneous(2, 1e9), {{0, 3.0, kNever}}), kIdeal);
  EXPECT_DOUBLE_EQ(r.makespan, 7.0 + 1e-6);
  EXPECT_EQ(r.lost_work, 2.0);
  EXPECT_EQ(r.steals, 1u);
  EXPECT_EQ(r.tasks_done, 3u);
}

// Failures of cores that hold nothing, once every task is taken, cost only their own events
// (a failure and a repair each): the stopped thieves stay stopped, as they would find nothing
// again. Two tasks of 10 s on 64 cores, cores 10..19 fail at 0.5..5 s for 0.25 s: 20 more
// events than without them (the run used to wake the 62 stopped cores at each failure), and
// the same makespan.
TEST(Faults, WorkStealingIgnoresFailuresThatGiveNothingBack) {
  const TaskGraph g = make_graph({1e10, 1e10}, {});
  const Platform p = Platform::homogeneous(64, 1e9);
  const auto calm = run_policy(g, "work_stealing", p, kIdeal);
  std::vector<CoreFailure> f;
  for (CoreId c = 10; c < 20; ++c) f.push_back({c, 0.5 * (c - 9), 0.25, 0});
  const auto r = run_policy(g, "work_stealing", failing(p, f), kIdeal);
  EXPECT_EQ(r.makespan, calm.makespan);
  EXPECT_EQ(r.failures, 10u);
  EXPECT_EQ(r.events, calm.events + 20);
}

// A failure of an idle core loses nothing; one while the task waits for its inputs loses no
// work either. t0 (1 s, core 0) -> t1 (1 s, core 1) over latency_bandwidth: 2 s transfer,
// t1 reserved on core 1 for [3, 4]. Core 1 fails at 2: t1 is interrupted with no work done;
// repaired at 2.5 it starts at 3 as before; repaired at 4 it starts at 4.
TEST(Faults, AFailureWhileWaitingForInputsLosesNoWork) {
  const TaskGraph g = make_graph({1e9, 1e9}, {{0, 1, 2e9}});
  const NetworkModel net = NetworkModel::latency_bandwidth(0.0, 1e9);
  const Schedule s = Schedule::from_sequences(2, {{0}, {1}});
  const Platform two = Platform::homogeneous(2, 1e9);
  EXPECT_EQ(run_policy(g, "static", two, net, &s).makespan, 4.0);
  TraceRecorder rec(2, 2);
  auto r = run_policy(g, "static", failing(two, {{1, 2.0, 0.5}}), net, &s, &rec);
  EXPECT_EQ(r.makespan, 4.0);
  EXPECT_EQ(r.interrupted, 1u);
  ASSERT_EQ(rec.interrupted().size(), 1u);  // reserved from 3 on: cut short before it began
  EXPECT_EQ(rec.interrupted()[0].start, 2.0);
  EXPECT_EQ(rec.interrupted()[0].finish, 2.0);
  EXPECT_EQ(r.lost_work, 0.0);
  EXPECT_EQ(r.core_busy[1], 1.0);
  r = run_policy(g, "static", failing(two, {{1, 2.0, 2.0}}), net, &s);
  EXPECT_EQ(r.makespan, 5.0);
  // Core 1 idle at 0.5 (t1 not yet reserved: t0 runs until 1): nothing interrupted.
  r = run_policy(g, "static", failing(two, {{1, 0.5, 0.25}}), net, &s);
  EXPECT_EQ(r.makespan, 4.0);
  EXPECT_EQ(r.failures, 1u);
  EXPECT_EQ(r.interrupted, 0u);
}

// A second failure of a core that is down extends its downtime to the later repair; an earlier
// one changes nothing. One task of 2 s: failures at 1 (repair 1) and 1.5 (repair 2, up at 3.5):
// the task runs again [3.5, 5.5]. With the second one repaired at 1.5 + 0.25 < 2: [2, 4].
TEST(Faults, OverlappingFailuresOfOneCoreMerge) {
  const TaskGraph g = make_graph({2e9}, {});
  const Platform one = Platform::homogeneous(1, 1e9);
  auto r = run_policy(g, "fifo", failing(one, {{0, 1.0, 1.0}, {0, 1.5, 2.0}}), kIdeal);
  EXPECT_EQ(r.makespan, 5.5);
  EXPECT_EQ(r.failures, 1u);  // the core failed once; it was down at the second
  r = run_policy(g, "fifo", failing(one, {{0, 1.0, 1.0}, {0, 1.5, 0.25}}), kIdeal);
  EXPECT_EQ(r.makespan, 4.0);
  // The trace shows one downtime [1, 3.5] for the first pair.
  TraceRecorder rec(1, 1);
  run_policy(g, "fifo", failing(one, {{0, 1.0, 1.0}, {0, 1.5, 2.0}}), kIdeal, nullptr, &rec);
  ASSERT_EQ(rec.failures().size(), 1u);
  EXPECT_EQ(rec.failures()[0].down, 1.0);
  EXPECT_EQ(rec.failures()[0].up, 3.5);
  // A failure at a task's finish instant comes after the finish: nothing lost.
  r = run_policy(g, "fifo", failing(one, {{0, 2.0, 1.0}}), kIdeal);
  EXPECT_EQ(r.makespan, 2.0);
  EXPECT_EQ(r.interrupted, 0u);
  // A failure after the last finish does not happen (the run is over).
  r = run_policy(g, "fifo", failing(one, {{0, 9.0, 1.0}}), kIdeal);
  EXPECT_EQ(r.failures, 0u);
  EXPECT_EQ(r.events, 1u);
}

// A task cut short gives its lock back. Static plan on 3 cores: t0 (2 s, lock L) on core 0,
// t1 (1 s, L) on core 1, t2 (1 s, L) on core 2; t0 takes L at 0, cores 1 then 2 wait. Core 1
// fails at 1 (repaired at 3): it leaves L's queue, so when t0 ends at 2 the lock goes to core
// 2 (t2 [2, 3]) and core 1 takes it at its repair (t1 [3, 4]): makespan 4. (Were core 1 kept in
// the queue, L would wait for it: t1 [3, 4], t2 [4, 5].) If instead core 0 fails at 1 and is
// repaired at 1.5: t0 loses 1 s and L; core 1 takes L at 1 (t1 [1, 2]), core 2 at 2 (t2
// [2, 3]); core 0 asks again at 1.5 and waits behind core 2: t0 [3, 5].
TEST(Faults, AFailedCoreGivesUpItsLockAndItsPlaceInTheLocksQueue) {
  TaskGraphBuilder b("locks");
  for (const auto& [name, work] : {std::pair{"t0", 2e9}, {"t1", 1e9}, {"t2", 1e9}})
    b.set_lock(b.intern_task(name, work), "L");
  const TaskGraph g = b.build();
  const Schedule s = Schedule::from_sequences(3, {{0}, {1}, {2}});
  const Platform three = Platform::homogeneous(3, 1e9);
  EXPECT_EQ(run_policy(g, "static", three, kIdeal, &s).makespan, 4.0);  // 2 + 1 + 1
  TraceRecorder rec(3, 3);
  auto r = run_policy(g, "static", failing(three, {{1, 1.0, 2.0}}), kIdeal, &s, &rec);
  EXPECT_EQ(rec.start(2), 2.0);
  EXPECT_EQ(rec.start(1), 3.0);
  EXPECT_EQ(r.makespan, 4.0);
  TraceRecorder rec2(3, 3);
  r = run_policy(g, "static", failing(three, {{0, 1.0, 0.5}}), kIdeal, &s, &rec2);
  EXPECT_EQ(rec2.start(1), 1.0);
  EXPECT_EQ(rec2.start(2), 2.0);
  EXPECT_EQ(rec2.start(0), 3.0);
  EXPECT_EQ(r.makespan, 5.0);
}

// Cores that fail at one instant fail together (a node's cores listed one by one): a lock the
// first one's task releases does not go to the next one, whatever the order of the list. A
// (2 s, lock L) and B (1 s, L) on 2 cores of 1 Gflop/s: at 0 A takes L on core 0, B queues for
// it on core 1. Both cores fail at 1, repaired at 2: A is cut short (1 s lost), B was only
// waiting (not cut). From 2 one holds L while the other waits: 2 + 2 + 1 = 5 s. Before, with
// core 0 listed first, L went to core 1 at 1, whose failure then cut B short too at once.
TEST(Faults, CoresFailingAtOneInstantTakeNoLockFromEachOther) {
  TaskGraphBuilder b("locks");
  b.set_lock(b.intern_task("A", 2e9), "L");
  b.set_lock(b.intern_task("B", 1e9), "L");
  const TaskGraph g = b.build();
  const Schedule s = Schedule::from_sequences(2, {{0}, {1}});
  const Platform two = Platform::homogeneous(2, 1e9);
  for (const std::string policy : {"fifo", "static"})
    for (const bool core0_first : {true, false}) {
      SCOPED_TRACE(policy + (core0_first ? ", core 0 listed first" : ", core 1 listed first"));
      std::vector<CoreFailure> both = {{0, 1.0, 1.0}, {1, 1.0, 1.0}};
      if (!core0_first) std::swap(both[0], both[1]);
      const auto r =
          run_policy(g, policy, failing(two, both), kIdeal, policy == "static" ? &s : nullptr);
      EXPECT_EQ(r.failures, 2u);
      EXPECT_EQ(r.interrupted, 1u);
      EXPECT_EQ(r.lost_work, 1.0);
      EXPECT_EQ(r.makespan, 5.0);
    }
}

// Failures of one instant are handled in core order, whatever the order of the list. fifo, a
// (1 s) on core 0 and b (3 s) on core 1 of 1 Gflop/s; core 0 fails at 0.5 (repaired at 1),
// core 1 at 0.5 (repaired at 2). Core 0's failure first: a, then b go back to the queue; at 1
// core 0 takes a [1, 2], then b [2, 5] (core 1 is repaired after the finish of that instant):
// 5 s. (With core 1's failure handled first, b came back first and ran on core 0 [1, 4],
// then a on core 1 [2, 3]: 4 s, for the same failures listed the other way round.)
TEST(Faults, FailuresOfOneInstantAreHandledInCoreOrder) {
  const TaskGraph g = make_graph({1e9, 3e9}, {});
  const Platform two = Platform::homogeneous(2, 1e9);
  std::vector<CoreFailure> both = {{0, 0.5, 0.5}, {1, 0.5, 1.5}};
  EXPECT_EQ(run_policy(g, "fifo", failing(two, both), kIdeal).makespan, 5.0);
  std::swap(both[0], both[1]);
  EXPECT_EQ(run_policy(g, "fifo", failing(two, both), kIdeal).makespan, 5.0);
}

// A core's wait for its lock ended by a failure must not come back. Static plan on 3 cores:
// core 0 P (1 s), Q (3.5 s), E (lock L, 1 s); core 1 H (L, 1 s); core 2 D (L, 5 s); P -> H
// moves 3e9 bytes at 1e9 B/s (3 s). D takes L at 0. At 1 H's inputs leave, due at 4: core 1
// will ask for L at 4. It fails at 2, is repaired at 3 and will ask at 4 again (once: the
// first request is void). At 4 it queues for L; at 4.5 core 0 (E) queues behind it. D ends at
// 5: H [5, 6], then E [6, 7].
TEST(Faults, AWaitForALockEndedByAFailureDoesNotComeBack) {
  TaskGraphBuilder b("locks");
  const TaskId p = b.intern_task("P", 1e9), q = b.intern_task("Q", 3.5e9);
  const TaskId e = b.intern_task("E", 1e9), h = b.intern_task("H", 1e9);
  const TaskId d = b.intern_task("D", 5e9);
  for (const TaskId t : {e, h, d}) b.set_lock(t, "L");
  b.add_edge(p, h, 3e9);
  const TaskGraph g = b.build();
  const Schedule s = Schedule::from_sequences(5, {{p, q, e}, {h}, {d}});
  const NetworkModel net = NetworkModel::latency_bandwidth(0.0, 1e9);
  TraceRecorder rec(5, 3);
  const auto r = run_policy(g, "static", failing(Platform::homogeneous(3, 1e9), {{1, 2.0, 1.0}}),
                            net, &s, &rec);
  EXPECT_EQ(rec.start(h), 5.0);
  EXPECT_EQ(rec.start(e), 6.0);
  EXPECT_EQ(r.makespan, 7.0);
}

// A policy deciding once per instant sees the finishes of the instant past a finish a failure
// cancelled. fifo, cores of 1, 1, 2 Gflop/s: s0 (2 Gflop) on core 2 [0, 1], s1 (3) on core 0
// [0, 3], a (3) on core 1 [0, 3], c (4, after s0) on core 2 [1, 3]. Core 1 fails for good at
// 2: a waits in the queue. At 3 s1 and c end (a's cancelled finish between them): one decision
// with cores 0 and 2 idle sends a to the fast core 2: [3, 4.5] (not to core 0: [3, 6]).
TEST(Faults, ACancelledFinishDoesNotSplitAnInstant) {
  const TaskGraph g = make_graph({2e9, 3e9, 3e9, 4e9}, {{0, 3, 0}});
  TraceRecorder rec(4, 3);
  const auto r = run_policy(g, "fifo", failing(Platform({1e9, 1e9, 2e9}), {{1, 2.0, kNever}}),
                            kIdeal, nullptr, &rec);
  EXPECT_EQ(rec.core(2), 2u);
  EXPECT_EQ(r.makespan, 4.5);
}

// Work stealing: a failure while a stolen task travels gives it back to its victim. 2 cores,
// steal latency 1 s, retry 0.5 s; A (1 s) -> B, C (3 s each), D (0.5 s). A on core 0 [0, 1],
// D on core 1 [0, 0.5]; core 1 then finds every deque empty and sleeps. At 1 B and C are
// pushed on core 0, which runs C [1, 4]; core 1 wakes at its retry instant 1.0 and steals B
// (due at 2). Core 1 fails at 1.5 and is repaired at once: B is back on core 0's deque, core 1
// steals it again at 1.5 (due at 2.5; the old arrival at 2 is void): B [2.5, 5.5].
TEST(Faults, WorkStealingGivesAStolenTaskBackWhenTheThiefFails) {
  const TaskGraph g = make_graph({1e9, 3e9, 3e9, 5e8}, {{0, 1, 0}, {0, 2, 0}});
  const auto params = testing::options_with(1, {{"steal_latency", "1s"}, {"retry_delay", "0.5s"}});
  const Platform two = Platform::homogeneous(2, 1e9);
  EXPECT_EQ(testing::run_policy_with(g, "work_stealing", two, kIdeal, params).makespan, 5.0);
  TraceRecorder rec(4, 2);
  const auto r = testing::run_policy_with(g, "work_stealing", failing(two, {{1, 1.5, 0.0}}), kIdeal,
                                          params, &rec);
  EXPECT_EQ(rec.start(1), 2.5);
  EXPECT_EQ(r.makespan, 5.5);
  EXPECT_EQ(r.steals, 2u);
}

// A task stolen back and forth: each steal is undone by the thief's failure before the task
// arrives. Sources round-robin: t0 (1 Gflop) and t2 (long) on core 0, t1 (1 flop) on core 1.
// Core 0 runs its newest, t2; core 1 runs t1, then steals t0 (steal latency 1 s). Core 1 fails
// at 0.1 k + 0.05 (k = 0 .. 9999), repaired 0.01 s later: t0 goes back to core 0's deque and
// core 1 steals it again at its repair.
// - Core 0 running t2 all along, t0 waits behind it as it would have unstolen: the returns do
//   not count, and t0 arrives on core 1 one steal latency after the last repair.
// - Core 0 failing for good at 0.01 (t2 goes back to its deque), t0 goes back each time to a
//   core that runs nothing: each return counts, and the 10000th stops the run (without the
//   limit t0 would arrive as above).
TEST(Faults, ATaskStolenBackAndForthStopsTheRun) {
  const TaskGraph g = make_graph({1e9, 1, 1e15}, {});
  std::vector<CoreFailure> failures;
  for (int k = 0; k < 10000; ++k) failures.push_back({1, 0.1 * k + 0.05, 0.01});
  const auto params = testing::options_with(1, {{"steal_latency", "1s"}, {"retry_delay", "1ms"}});
  const Platform two = Platform::homogeneous(2, 1e9);
  TraceRecorder rec(3, 2);
  const auto r =
      testing::run_policy_with(g, "work_stealing", failing(two, failures), kIdeal, params, &rec);
  EXPECT_EQ(rec.core(0), 1u);
  EXPECT_EQ(rec.start(0), (0.1 * 9999 + 0.05) + 0.01 + 1.0);
  EXPECT_EQ(r.failures, 10000u);
  failures.insert(failures.begin(), {0, 0.01, kNever});
  const std::string what = input_error_of([&] {
    testing::run_policy_with(g, "work_stealing", failing(two, failures), kIdeal, params);
  });
  EXPECT_EQ(what.substr(0, 62), "task 't0' was cut short by 10000 failures (the last on core 1,")
      << what;
  EXPECT_NE(what.find("before it began, it or its inputs on their way"), std::string::npos) << what;
  EXPECT_NE(what.find("(10001 failures given)"), std::string::npos) << what;  // no MTBF to name
}

// The same returns, counted (core 0, t0's victim, failed for good), do not stop a run that makes
// progress meanwhile: only returns with no task finished in between count towards the limit.
// Sources round-robin on 3 cores: t0 -> core 0, t1 (1 flop) -> core 1, c0 -> core 2, a (long)
// -> core 0, which runs a (its newest) with t0 behind; core 1 steals t0 (1 s) and fails as
// above; core 0 fails for good at 0.01. Core 2 runs a chain c0 -> c1 -> ... of 20001 tasks of
// 0.05 s (its newest each time), one finishing every 0.05 s until 1000.05 s: the run ends.
TEST(Faults, ReturnsOfAStolenTaskDoNotStopARunThatProgresses) {
  std::vector<double> work = {1e9, 1};
  std::vector<std::tuple<TaskId, TaskId, double>> edges;
  constexpr std::uint32_t kChain = 20001;
  for (std::uint32_t i = 0; i < kChain; ++i) {
    work.push_back(5e7);
    if (i > 0) edges.emplace_back(2 + i - 1, 2 + i, 0.0);
  }
  work.push_back(1e15);  // a
  const TaskGraph g = make_graph(work, edges);
  std::vector<CoreFailure> failures = {{0, 0.01, kNever}};
  for (int k = 0; k < 10000; ++k) failures.push_back({1, 0.1 * k + 0.05, 0.01});
  const auto params = testing::options_with(1, {{"steal_latency", "1s"}, {"retry_delay", "1ms"}});
  const auto r = testing::run_policy_with(
      g, "work_stealing", failing(Platform::homogeneous(3, 1e9), failures), kIdeal, params);
  EXPECT_EQ(r.tasks_done, g.task_count());
  EXPECT_EQ(r.failures, 10001u);
}

// Under `flow`, a flow on its way to a core that fails is cancelled when its task moves (it
// stops using the links at once), and the task, waiting for it on that core, is cut short
// before it began. 4 cores (speeds 4, 1, 1, 1 Gflop/s), crossbar without latency, links 1e8
// B/s. fifo at 0: a (4 Gflop) -> core 0 (fastest) [0, 1], x (long) -> core 1. At 1 a ends:
// z (a's first successor, long, 0 bytes) -> core 0, b (1 Gflop, 1e8 bytes from a) -> core 2
// (lowest idle of the rest): its flow 0 -> 2 alone needs 1 s. Core 2 fails for good at 1.5
// (0.5e8 bytes sent): b is cut short (nothing computed, nothing lost) and goes to core 3; the
// old flow ends there, the new one, 0 -> 3, has node 0's uplink alone: 1e8 bytes by 2.5. b
// runs [2.5, 3.5]. (Had the old flow gone on, sharing the uplink, b would start at 3.) Node
// 0's uplink: busy [1, 2.5], 1e8 bytes of completed flows; node 2's downlink: busy [1, 1.5].
TEST(Faults, AMovedTaskWaitsForItsNewTransferAndTheOldOneIsCancelled) {
  const TaskGraph g = make_graph({4e9, 1e12, 1e12, 1e9}, {{0, 2, 0}, {0, 3, 1e8}});  // a, x, z, b
  const NetworkModel flow = crossbar(4, 0.0, 1e8);
  const Platform four({4e9, 1e9, 1e9, 1e9});
  TraceRecorder rec(4, 4, true);
  const auto r = run_policy(g, "fifo", failing(four, {{2, 1.5, kNever}}), flow, nullptr, &rec);
  EXPECT_EQ(rec.core(3), 3u);
  EXPECT_DOUBLE_EQ(rec.start(3), 2.5);
  // The transfers seen: the one to core 2, [1, 1.5], not delivered; the one to core 3.
  ASSERT_EQ(rec.transfers().size(), 2u);
  const sim::TransferSpan& cut = rec.transfers()[0];
  EXPECT_EQ(cut.dst_core, 2u);
  EXPECT_EQ(cut.start, 1.0);
  EXPECT_EQ(cut.finish, 1.5);
  EXPECT_FALSE(cut.delivered);
  const sim::TransferSpan& sent = rec.transfers()[1];
  EXPECT_EQ(sent.dst_core, 3u);
  EXPECT_DOUBLE_EQ(sent.finish, 2.5);
  EXPECT_TRUE(sent.delivered);
  EXPECT_EQ(r.failures, 1u);
  EXPECT_EQ(r.interrupted, 1u);
  EXPECT_EQ(r.lost_work, 0.0);
  EXPECT_EQ(r.transfers, 2u);  // both were sent
  ASSERT_FALSE(r.links.empty());
  const auto up0 = std::find_if(r.links.begin(), r.links.end(),
                                [](const auto& l) { return l.name == "node0.up"; });
  ASSERT_NE(up0, r.links.end());
  EXPECT_DOUBLE_EQ(up0->stats.busy_time, 1.5);
  EXPECT_DOUBLE_EQ(up0->stats.bytes, 1e8);
  // Node 2's downlink carried only the cancelled flow, [1, 1.5]: listed, busy, no bytes.
  const auto down2 = std::find_if(r.links.begin(), r.links.end(),
                                  [](const auto& l) { return l.name == "node2.down"; });
  ASSERT_NE(down2, r.links.end());
  EXPECT_DOUBLE_EQ(down2->stats.busy_time, 0.5);
  EXPECT_EQ(down2->stats.bytes, 0.0);
}

// The same with a route latency: core 2 fails at 1.2, while the flow 0 -> 2 is still in its
// latency phase (it began at 1; the route's latency is at least the link's 0.5 s). It is
// cancelled then, and observers see it so ([1, 1.2], not delivered), as one sharing
// bandwidth; b's new flow 0 -> 3 leaves at 1.2 and b starts when it arrives.
TEST(Faults, AFlowCancelledInItsLatencyPhaseIsSeenCancelled) {
  const TaskGraph g = make_graph({4e9, 1e12, 1e12, 1e9}, {{0, 2, 0}, {0, 3, 1e8}});  // a, x, z, b
  const NetworkModel flow = crossbar(4, 0.5, 1e8);
  const Platform four({4e9, 1e9, 1e9, 1e9});
  TraceRecorder rec(4, 4, true);
  const auto r = run_policy(g, "fifo", failing(four, {{2, 1.2, kNever}}), flow, nullptr, &rec);
  ASSERT_EQ(rec.transfers().size(), 2u);
  const sim::TransferSpan& cut = rec.transfers()[0];
  EXPECT_EQ(cut.src_core, 0u);
  EXPECT_EQ(cut.dst_core, 2u);
  EXPECT_EQ(cut.start, 1.0);
  EXPECT_EQ(cut.finish, 1.2);
  EXPECT_FALSE(cut.delivered);
  const sim::TransferSpan& sent = rec.transfers()[1];
  EXPECT_EQ(sent.dst_core, 3u);
  EXPECT_EQ(sent.start, 1.2);
  EXPECT_TRUE(sent.delivered);
  EXPECT_EQ(rec.core(3), 3u);
  EXPECT_EQ(rec.start(3), sent.finish);
  EXPECT_EQ(r.interrupted, 1u);
  EXPECT_EQ(r.transfers, 2u);
}

// Under `flow`, a plan's task moved next to its input does not wait for the flow that was
// bringing the input to its old core. 3 cores, crossbar without latency, links 1e8 B/s; plan
// {a} {x} {b}, a -> b with 1e8 bytes: a [0, 1], its flow to core 2 due at 2. Core 2 fails for
// good at 1.5: b would be done at 2.5 on core 0 or 1 (both idle): core 0, where a's output
// is; b [1.5, 2.5], not [2, 3].
TEST(Faults, AMovedPlanTaskUnderFlowDoesNotWaitForItsOldTransfer) {
  const TaskGraph g = make_graph({1e9, 1e9, 1e9}, {{0, 2, 1e8}});  // a, x, b
  const Schedule s = Schedule::from_sequences(3, {{0}, {1}, {2}});
  TraceRecorder rec(3, 3);
  const auto r = run_policy(g, "static", failing(Platform::homogeneous(3, 1e9), {{2, 1.5, kNever}}),
                            crossbar(3, 0.0, 1e8), &s, &rec);
  EXPECT_EQ(rec.core(2), 0u);
  EXPECT_EQ(rec.start(2), 1.5);
  EXPECT_EQ(r.makespan, 2.5);
  EXPECT_EQ(r.transfers, 1u);
}

// Checkpointing arithmetic: checkpoints strictly before a run's end, every interval of
// computing; a resumed run reads its checkpoint back first.
TEST(Faults, CheckpointArithmetic) {
  const Checkpoints cp{0.5, 0.1, 0.2};
  EXPECT_EQ(cp.count_in(2.0), 3.0);  // at 0.5, 1 and 1.5, not at the end
  EXPECT_EQ(cp.count_in(2.1), 4.0);
  EXPECT_EQ(cp.count_in(0.5), 0.0);
  EXPECT_EQ(cp.count_in(0.0), 0.0);
  EXPECT_DOUBLE_EQ(cp.run_time(2.0, false), 2.3);
  EXPECT_DOUBLE_EQ(cp.run_time(1.5, true), 0.2 + 1.5 + 0.2);
  EXPECT_EQ(cp.written_after(0.59, 2.0, false), 0.0);  // the first is written at 0.6
  EXPECT_EQ(cp.written_after(0.6, 2.0, false), 1.0);
  EXPECT_EQ(cp.written_after(0.7, 2.0, true), 0.0);   // 0.2 reading back, then 0.6
  EXPECT_EQ(cp.written_after(2.2, 2.0, false), 3.0);  // never more than the run has
}

// One task of 2 s on one core, a checkpoint every 0.5 s of computing (0.1 s each, 0.2 s to
// read back). Without failures: [0, 2.3], 3 checkpoints. The core fails at 1 s (repair 0.5 s):
// the checkpoint of 0.6 s was written (0.4 s lost, a quarter of the task kept); at 1.5 s the
// task resumes: 0.2 + 1.5 + 2 checkpoints = 1.9 s, [1.5, 3.4]. Busy 1 + 1.9 = useful 2 + lost
// 0.4 + checkpoint time 0.1 + 0.2 + 0.2.
TEST(Faults, ACheckpointedTaskResumesFromItsLastCheckpoint) {
  const TaskGraph g = make_graph({2e9}, {});
  Platform one = Platform::homogeneous(1, 1e9);
  FaultModel f;
  f.checkpoints = {0.5, 0.1, 0.2};
  one.set_faults(f);
  auto r = run_policy(g, "fifo", one, kIdeal);
  EXPECT_DOUBLE_EQ(r.makespan, 2.3);
  EXPECT_EQ(r.checkpoints, 3u);
  EXPECT_EQ(r.failures, 0u);
  f.failures = {{0, 1.0, 0.5}};
  one.set_faults(f);
  for (const char* policy : {"fifo", "heft"}) {
    r = run_policy(g, policy, one, kIdeal);
    EXPECT_DOUBLE_EQ(r.makespan, 3.4) << policy;
    EXPECT_DOUBLE_EQ(r.lost_work, 0.4) << policy;
    EXPECT_EQ(r.checkpoints, 3u) << policy;
    EXPECT_DOUBLE_EQ(r.checkpoint_time, 0.5) << policy;
    EXPECT_DOUBLE_EQ(r.core_busy[0], 2.9) << policy;
  }
}

// A task's progress carries over to a core of another speed as a fraction of the task. fifo on
// cores of 2 and 1 Gflop/s, one task of 2 Gflop (1 s on core 0, 2 s on core 1), a checkpoint
// every 0.25 s (free to write, 0.1 s to read back). Core 0 fails for good at 0.6: two
// checkpoints written, half the task kept; core 1 computes the other half (1 s) after reading
// it back: [0.6, 1.7].
TEST(Faults, CheckpointedProgressMovesWithTheTask) {
  const TaskGraph g = make_graph({2e9}, {});
  Platform p({2e9, 1e9});
  FaultModel f;
  f.checkpoints = {0.25, 0.0, 0.1};
  f.failures = {{0, 0.6, kNever}};
  p.set_faults(f);
  TraceRecorder rec(1, 2);
  const auto r = run_policy(g, "fifo", p, kIdeal, nullptr, &rec);
  EXPECT_EQ(rec.core(0), 1u);
  EXPECT_DOUBLE_EQ(rec.start(0), 0.6);
  EXPECT_DOUBLE_EQ(r.makespan, 1.7);
  EXPECT_DOUBLE_EQ(r.lost_work, 0.1);  // 0.6 - 2 x 0.25
}

// Times that are whole multiples of the interval in decimal are so for the checkpoints too,
// though not in binary (2.1 / 0.3 = 7.000000000000001; (1 - 0.7) x 10 = 3.0000000000000004).
// A 2.1 s task, a checkpoint every 0.3 s costing 0.1 s: 6 checkpoints, 2.7 s. A 10 s task, every
// 1 s (0.1 s each), its core failing at 8 s for 1 s: 7 kept (7.7 s), 3 s left with 2 more:
// [9, 12.2], 9 checkpoints. A 1 s task, every 0.1 s (free), failing at 0.3 for 0.2 s: the
// checkpoint of 0.3 s counts (nothing lost): [0.5, 1.2].
TEST(Faults, CheckpointsAtWholeMultiplesOfTheInterval) {
  EXPECT_EQ((Checkpoints{0.3, 0.1, 0.0}.count_in(2.1)), 6.0);
  EXPECT_EQ((Checkpoints{0.1, 0.0, 0.0}.written_after(0.3, 1.0, false)), 3.0);
  const auto run = [](double work, Checkpoints cp, std::vector<CoreFailure> failures) {
    Platform one = Platform::homogeneous(1, 1e9);
    FaultModel f;
    f.checkpoints = cp;
    f.failures = std::move(failures);
    one.set_faults(f);
    return run_policy(make_graph({work}, {}), "fifo", one, kIdeal);
  };
  auto r = run(2.1e9, {0.3, 0.1, 0.0}, {});
  EXPECT_EQ(r.checkpoints, 6u);
  EXPECT_DOUBLE_EQ(r.makespan, 2.7);
  r = run(1e10, {1.0, 0.1, 0.0}, {{0, 8.0, 1.0}});
  EXPECT_EQ(r.checkpoints, 9u);
  EXPECT_DOUBLE_EQ(r.makespan, 12.2);
  EXPECT_NEAR(r.checkpoint_time, 0.9, 1e-12);
  r = run(1e9, {0.1, 0.0, 0.0}, {{0, 0.3, 0.2}});
  EXPECT_NEAR(r.lost_work, 0.0, 1e-12);
  EXPECT_DOUBLE_EQ(r.makespan, 1.2);
}

// A checkpointed task cut short more often than the limit still finishes when each run keeps
// some progress: 20000 s of computing, a failure every second on average (so about 21000
// failures), a checkpoint every 0.1 s.
TEST(Faults, ACheckpointedTaskCutShortOftenStillFinishes) {
  Platform one = Platform::homogeneous(1, 1e9);
  FaultModel f;
  f.mtbf = 1.0;
  f.mttr = 0.01;
  f.seed = 5;
  f.checkpoints = {0.1, 0.0, 0.0};
  one.set_faults(f);
  const auto r = run_policy(make_graph({2e13}, {}), "fifo", one, kIdeal);
  EXPECT_EQ(r.tasks_done, 1u);
  EXPECT_GT(r.interrupted, 10000u);
  // Absurdly many checkpoints are refused with a reason.
  f = {};
  f.checkpoints = {1e-300, 1.0, 0.0};
  one.set_faults(f);
  const std::string what =
      input_error_of([&] { run_policy(make_graph({1e9}, {}), "fifo", one, kIdeal); });
  EXPECT_NE(what.find("checkpoints in one run: give a longer checkpoint"), std::string::npos)
      << what;
}

// Checkpointing under random failures against its expected completion time. A task of W = 2 s
// in four segments (three of 0.5 s computing + 0.1 s checkpoint, the last without), failure
// rate lambda = 1/s, repair D = 0.5 s, read-back R = 0.2 s. A segment whose first attempt lasts
// a and whose attempts after a failure last b (R more once there is a checkpoint to read)
// completes on average in (1 - e^(-lambda a))(1/lambda + D + E_b) with E_b = (1/lambda +
// D)(e^(lambda b) - 1), the restart model's time for b (a first attempt succeeds with
// probability e^(-lambda a); a failed one costs its time to failure plus D, then E_b; the
// exponential's memorylessness makes the segments independent). Segments: (a, b) = (0.6,
// 0.6), (0.6, 0.8) twice, (0.5, 0.7): 5.434 s, against 9.584 s for the same task restarting
// from zero (the restart model above). Over 20000 seeds the mean is within 0.08 s (about 4
// standard errors).
TEST(Faults, CheckpointingMatchesItsExpectedTimeUnderRandomFailures) {
  const TaskGraph g = make_graph({2e9}, {});
  const double lambda = 1.0, down = 0.5;
  const auto restart_model = [&](double b) {
    return (1 / lambda + down) * (std::exp(lambda * b) - 1);
  };
  const auto segment = [&](double a, double b) {
    return (1 - std::exp(-lambda * a)) * (1 / lambda + down + restart_model(b));
  };
  const double expected = segment(0.6, 0.6) + 2 * segment(0.6, 0.8) + segment(0.5, 0.7);
  EXPECT_NEAR(expected, 5.434, 1e-3);
  double sum = 0, checkpointed_sum = 0;
  constexpr int kRuns = 20000;
  for (int seed = 1; seed <= kRuns; ++seed) {
    Platform p = Platform::homogeneous(1, 1e9);
    FaultModel f;
    f.mtbf = 1 / lambda;
    f.mttr = down;
    f.seed = static_cast<std::uint64_t>(seed);
    f.checkpoints = {0.5, 0.1, 0.2};
    p.set_faults(f);
    const auto r = run_policy(g, "fifo", p, kIdeal);
    sum += r.makespan;
    checkpointed_sum += static_cast<double>(r.checkpoints);
  }
  EXPECT_NEAR(sum / kRuns, expected, 0.08);
  EXPECT_EQ(checkpointed_sum, 3.0 * kRuns);  // each written once, whatever the failures
}

// Random failures: the same seed gives the same run; computing time = useful work + lost work;
// never faster than without failures.
TEST(Faults, RandomFailuresAreReproducibleAndAccountedFor) {
  const TaskGraph g = generate("layered", {{{"tasks", 400}}, 3});
  Platform p = Platform::homogeneous(8, 1e9);
  const double clean = run_policy(g, "fifo", p, kIdeal).makespan;
  double useful = 0;
  for (TaskId t = 0; t < g.task_count(); ++t) useful += g.work(t) / 1e9;
  FaultModel f;
  f.mtbf = clean;  // about one failure per core during the run
  f.mttr = clean / 20;
  f.seed = 7;
  p.set_faults(f);
  for (const char* policy : {"fifo", "heft", "work_stealing", "locality"}) {
    const auto a = run_policy(g, policy, p, kIdeal);
    const auto b = run_policy(g, policy, p, kIdeal);
    EXPECT_EQ(a.makespan, b.makespan) << policy;
    EXPECT_EQ(a.failures, b.failures) << policy;
    EXPECT_GT(a.failures, 0u) << policy;
    EXPECT_GT(a.interrupted, 0u) << policy;
    EXPECT_EQ(a.tasks_done, g.task_count()) << policy;
    EXPECT_NEAR(total(a.core_busy), useful + a.lost_work, 1e-9 * useful) << policy;
    EXPECT_GE(a.makespan, makespan_lower_bound(Problem(g, p, kIdeal))) << policy;
  }
  // central_queue by bottom level puts lost tasks back in its rank queue.
  const auto cq = testing::run_policy_with(
      g, "central_queue", p, kIdeal, testing::options_with(1, {{"priority", "bottom_level"}}));
  EXPECT_GT(cq.interrupted, 0u);
  EXPECT_EQ(cq.tasks_done, g.task_count());
  EXPECT_NEAR(total(cq.core_busy), useful + cq.lost_work, 1e-9 * useful);
  const double seed7 = run_policy(g, "fifo", p, kIdeal).makespan;
  EXPECT_GT(seed7, clean);
  f.seed = 8;
  p.set_faults(f);
  EXPECT_NE(run_policy(g, "fifo", p, kIdeal).makespan, seed7);  // other draws
}

// The restart model's expected completion time (e.g. Gelenbe, "On the optimum checkpoint
// interval", JACM 26(2), 1979, without checkpoints): a task of w seconds on a core that fails
// at rate lambda (exponential up-times) and is repaired in R seconds, restarting from zero,
// completes on average at E[T] = (1/lambda + R)(e^(lambda w) - 1): the failed attempts number
// e^(lambda w) - 1 on average and each costs its time to failure, knowing it came before w,
// plus R (the conditional times and the final w sum to that). w = 1 s, MTBF 1 s, R = 0.5 s:
// 1.5 (e - 1) = 2.5774 s. Over 20000 seeds the mean's standard error is about 0.025 s: within
// 0.1 s (4 standard errors).
TEST(Faults, RandomFailuresMatchTheRestartModelsExpectedTime) {
  const TaskGraph g = make_graph({1e9}, {});
  const double expected = 1.5 * (std::exp(1.0) - 1.0);
  for (const char* policy : {"fifo", "heft"}) {
    double sum = 0;
    constexpr int kRuns = 20000;
    for (int seed = 1; seed <= kRuns; ++seed) {
      Platform p = Platform::homogeneous(1, 1e9);
      FaultModel f;
      f.mtbf = 1.0;
      f.mttr = 0.5;
      f.seed = static_cast<std::uint64_t>(seed);
      p.set_faults(f);
      sum += run_policy(g, policy, p, kIdeal).makespan;
    }
    EXPECT_NEAR(sum / kRuns, expected, 0.1) << policy;
  }
}

// Invariants under many failures, for every kind of policy, network and locks: every task
// runs; a completed run never overlaps its core's downtime, its producers' finishes or another
// run of its lock; busy time = useful work + lost work; never below the lower bound. Random
// DAGs of 120 tasks (a third with one of two locks), random failures about twice per core per
// run, each repaired after a tenth of the run, plus one failure for good; every other DAG with
// checkpoints (busy time then also counts the checkpoints written and read back).
TEST(Faults, InvariantsHoldUnderManyFailures) {
  Rng rng(11);
  std::uint64_t failures = 0, interrupted = 0, runs = 0;
  const NetworkModel networks[] = {kIdeal, NetworkModel::latency_bandwidth(1e-4, 1e8),
                                   crossbar(4, 1e-4, 1e8)};
  for (int trial = 0; trial < 6; ++trial) {
    TaskGraphBuilder b("stress");
    constexpr TaskId kTasks = 120;
    for (TaskId t = 0; t < kTasks; ++t) {
      const TaskId id =
          b.intern_task("t" + std::to_string(t), 1e8 * static_cast<double>(1 + rng.below(20)));
      if (rng.below(3) == 0) b.set_lock(id, rng.below(2) == 0 ? "A" : "B");
    }
    for (TaskId t = 1; t < kTasks; ++t)
      for (int k = 0; k < 2; ++k)
        if (rng.below(2) == 0)
          b.add_edge(static_cast<TaskId>(rng.below(t)), t, 1e6 * static_cast<double>(rng.below(5)));
    const TaskGraph g = b.build();
    double useful = 0;
    for (TaskId t = 0; t < kTasks; ++t) useful += g.work(t) / 1e9;
    for (const NetworkModel& net : networks) {
      const double clean = run_policy(g, "fifo", Platform::homogeneous(4, 1e9), net).makespan;
      for (const PolicyInfo& info : PolicyRegistry::builtin().all()) {
        if (info.needs_schedule) continue;
        Platform p = Platform::homogeneous(4, 1e9);
        FaultModel f;
        f.mtbf = clean / 2;
        f.mttr = clean / 10;
        f.seed = static_cast<std::uint64_t>(trial + 1);
        f.failures.push_back({3, clean / 3, kNever});
        if (trial % 2) f.checkpoints = {clean / 40, clean / 400, clean / 200};
        p.set_faults(f);
        TraceRecorder rec(kTasks, 4);
        const std::string what =
            info.name + " on " + net.name() + ", trial " + std::to_string(trial);
        SimulationResult r;
        try {
          r = run_policy(g, info.name, p, net, nullptr, &rec);
        } catch (const std::exception& e) {
          ADD_FAILURE() << what << ": " << e.what();
          continue;
        }
        ASSERT_EQ(r.tasks_done, kTasks) << what;
        ++runs;
        failures += r.failures;
        interrupted += r.interrupted;
        EXPECT_NEAR(total(r.core_busy), useful + r.lost_work + r.checkpoint_time, 1e-9 * useful)
            << what;
        if (trial % 2 == 0) {
          EXPECT_EQ(r.checkpoints, 0u) << what;
        }
        EXPECT_GE(r.makespan * (1 + 1e-12), makespan_lower_bound(Problem(g, p, net))) << what;
        for (TaskId t = 0; t < kTasks; ++t) {
          for (const auto& d : rec.failures())
            EXPECT_FALSE(d.core == rec.core(t) && rec.start(t) < d.up && d.down < rec.finish(t))
                << what << ": t" << t << " ran on core " << d.core << " while it was down";
          for (std::uint32_t k = g.in_begin(t); k < g.in_end(t); ++k)
            EXPECT_GE(rec.start(t), rec.finish(g.in_source(k))) << what << ": t" << t;
        }
        for (TaskId t = 0; t < kTasks; ++t)
          for (TaskId u = t + 1; u < kTasks; ++u) {
            if (g.lock_of(t) == TaskGraph::kNoLock || g.lock_of(t) != g.lock_of(u)) continue;
            EXPECT_TRUE(rec.finish(t) <= rec.start(u) || rec.finish(u) <= rec.start(t))
                << what << ": t" << t << " and t" << u << " overlap on their lock";
          }
      }
    }
  }
  // The failures were there: about 2 random ones per core and run, and runs cut short.
  EXPECT_GT(failures, 4 * runs);
  EXPECT_GT(interrupted, 2 * runs);
}

// Node failures: random failures striking units of 2 cores (a node's cores) fail both at the
// same instants and repair them together; a unit that does not divide the cores is refused;
// a node with a dead core goes on failing.
TEST(Faults, RandomFailuresOfNodesStrikeAllTheirCoresTogether) {
  const TaskGraph g = generate("layered", {{{"tasks", 200}}, 4});
  Platform p = Platform::homogeneous(4, 1e9);
  const double clean = run_policy(g, "fifo", p, kIdeal).makespan;
  FaultModel f;
  f.mtbf = clean / 2;
  f.mttr = clean / 20;
  f.cores_per_unit = 2;
  p.set_faults(f);
  for (const char* policy : {"fifo", "heft", "work_stealing"}) {
    TraceRecorder rec(g.task_count(), 4);
    const auto r = run_policy(g, policy, p, kIdeal, nullptr, &rec);
    EXPECT_EQ(r.tasks_done, g.task_count()) << policy;
    std::vector<std::vector<std::pair<double, double>>> down(4);
    for (const auto& d : rec.failures()) down[d.core].emplace_back(d.down, d.up);
    EXPECT_FALSE(down[0].empty()) << policy;
    EXPECT_EQ(down[0], down[1]) << policy;  // node 0: cores 0 and 1
    EXPECT_EQ(down[2], down[3]) << policy;  // node 1: cores 2 and 3
    EXPECT_NE(down[0], down[2]) << policy;  // each node its own stream
  }
  f.cores_per_unit = 3;
  EXPECT_THROW(p.set_faults(f), InputError);
  // A node with a core failed for good goes on failing at random (its other cores' repairs
  // draw its next failure): core 1 dead from the start, MTBF a quarter of the run, core 0
  // fails more than once.
  f.cores_per_unit = 2;
  f.mtbf = clean / 4;
  f.mttr = clean / 50;
  f.failures = {{1, 0.0, kNever}};
  p.set_faults(f);
  TraceRecorder rec(g.task_count(), 4);
  run_policy(g, "heft", p, kIdeal, nullptr, &rec);
  int core0 = 0;
  for (const auto& d : rec.failures()) core0 += d.core == 0 ? 1 : 0;
  EXPECT_GE(core0, 2);
}

// The exponential draws: ln computed with + - * / agrees with libm to 2 ulp, and the mean of
// 200000 up-times is the MTBF within 1 % (the standard error is 0.22 %).
TEST(Faults, ExponentialUpTimes) {
  for (double x : {1e-300, 1e-10, 0.1, 0.5, 0.70710678, 0.9999999, 1.0, 1.5, 2.0, 3.0, 1e10}) {
    const double want = std::log(x);
    EXPECT_NEAR(FailureStream::portable_log(x), want, 4 * std::abs(want) * 0x1p-53 + 1e-300) << x;
  }
  EXPECT_EQ(FailureStream::portable_log(1.0), 0.0);
  EXPECT_EQ(FailureStream::exponential_draw(10, 0.0), 0.0);
  FailureStream s(1, 0);
  double sum = 0;
  constexpr int kDraws = 200000;
  for (int i = 0; i < kDraws; ++i) sum += s.next_up_time(5.0);
  EXPECT_NEAR(sum / kDraws, 5.0, 0.05);
  FailureStream a(1, 0), b(1, 1), c(1, 0);
  const double a0 = a.next_up_time(1);
  EXPECT_NE(a0, b.next_up_time(1));  // each core its own stream
  EXPECT_EQ(a0, c.next_up_time(1));
}

// Every policy finishes despite a failure for good: the dynamic ones move the failed core's
// tasks themselves, the simulator moves a plan's. 6 independent 1 s tasks on 3 cores, core 0
// fails at 0.5 for good: 5 tasks of 1 s and one restarted on 2 cores take at least 3 s.
TEST(Faults, EveryPolicyFinishesDespiteAFailureForGood) {
  const TaskGraph g = make_graph({1e9, 1e9, 1e9, 1e9, 1e9, 1e9}, {});
  const Platform p = failing(Platform::homogeneous(3, 1e9), {{0, 0.5, kNever}});
  const Schedule s = Schedule::from_sequences(6, {{0, 1}, {2, 3}, {4, 5}});
  for (const PolicyInfo& info : PolicyRegistry::builtin().all()) {
    TraceRecorder rec(6, 3);
    const auto r = run_policy(g, info.name, p, kIdeal, &s, &rec);
    EXPECT_GE(r.makespan, 3.0) << info.name;
    EXPECT_EQ(r.tasks_done, 6u) << info.name;
    for (TaskId t = 0; t < 6; ++t)
      EXPECT_FALSE(rec.core(t) == 0 && rec.finish(t) > 0.5) << info.name << ": t" << t;
  }
}

// Failures faster than a task can run: a 1 s task on cores failing every 1 ms on average
// (P(1 s without a failure) = e^-1000) would be cut short for ever; the run stops with a reason.
TEST(Faults, FailuresTooFrequentForATaskToFinishStopTheRun) {
  const TaskGraph g = make_graph({1e9}, {});
  const Platform p = failing_every(2, 1e-3);
  for (const char* policy : {"heft", "fifo"}) {
    const std::string what = input_error_of([&] { run_policy(g, policy, p, kIdeal); });
    EXPECT_EQ(what.substr(0, 48), "task 't0' was cut short by 10000 failures (the l") << what;
  }
}

// The same under `flow` for a task that never begins: t2 needs 1e9 bytes from t0 and t1
// (cores 0 and 1, one node each, links 1e8 B/s: 10 s at least) on cores failing every 1 ms on
// average. Each failure of t2's core while its inputs travel cuts it short before it began
// (fifo places it anew, its flows sent again): 10000 such cuts stop the run.
TEST(Faults, ATaskCutShortWhileItsFlowsTravelAlsoStopsTheRun) {
  const TaskGraph g = make_graph({1, 1, 1e9}, {{0, 2, 1e9}, {1, 2, 1e9}});  // t0, t1, t2
  const std::string what =
      input_error_of([&] { run_policy(g, "fifo", failing_every(2, 1e-3), crossbar(2, 0.0, 1e8)); });
  EXPECT_EQ(what.substr(0, 48), "task 't2' was cut short by 10000 failures (the l") << what;
  EXPECT_NE(what.find("before it began"), std::string::npos) << what;
}

// The same for a task with a lock, which waits for its inputs before it takes the lock (it is
// not reserved meanwhile): t2 (lock L) needs 1e9 bytes from t0 and from t1 (cores 0 and 1,
// latency_bandwidth 1e8 B/s: 10 s for the one from the other core) on cores failing every 1 ms
// on average. fifo moves it at each failure of its core and its input is sent again: 10000
// cuts before it began stop the run (it went on for ever, only failures and repairs).
TEST(Faults, ATaskWithALockCutShortWhileItsInputsTravelStopsTheRun) {
  TaskGraphBuilder b("locks");
  const TaskId t0 = b.intern_task("t0", 1), t1 = b.intern_task("t1", 1);
  const TaskId t2 = b.intern_task("t2", 1e9);
  b.set_lock(t2, "L");
  b.add_edge(t0, t2, 1e9);
  b.add_edge(t1, t2, 1e9);
  const TaskGraph g = b.build();
  const std::string what = input_error_of([&] {
    run_policy(g, "fifo", failing_every(2, 1e-3), NetworkModel::latency_bandwidth(0.0, 1e8));
  });
  EXPECT_EQ(what.substr(0, 48), "task 't2' was cut short by 10000 failures (the l") << what;
  EXPECT_NE(what.find("before it began"), std::string::npos) << what;
}

// A plan's task waiting on its core for an input flow when the core fails is cut short too
// (nothing lost) and starts there once both the core is repaired and the flow is in (the
// flow goes on: the task does not move). Plan {a} {b}, a -> b with 1e8 bytes, 1 Gflop each
// at 1 Gflop/s, crossbar without latency, 1e8 B/s: a [0, 1], the flow [1, 2]; core 1 fails
// at 1.5 and is repaired at 1.7: b [2, 3], as without the failure, and 1 run cut short.
TEST(Faults, APlanTaskWaitingForItsFlowIsCutShortAndStartsWhenItArrives) {
  const TaskGraph g = make_graph({1e9, 1e9}, {{0, 1, 1e8}});
  const Schedule s = Schedule::from_sequences(2, {{0}, {1}});
  TraceRecorder rec(2, 2);
  const auto r = run_policy(g, "static", failing(Platform::homogeneous(2, 1e9), {{1, 1.5, 0.2}}),
                            crossbar(2, 0.0, 1e8), &s, &rec);
  EXPECT_EQ(rec.start(1), 2.0);
  EXPECT_EQ(r.makespan, 3.0);
  EXPECT_EQ(r.interrupted, 1u);
  EXPECT_EQ(r.lost_work, 0.0);
}

// A plan's task cut short while it waits for its input on its core loses nothing (the data
// goes on arriving): those cuts do not stop the run. t0 -> t1 with 2e10 bytes at 1e8 B/s
// (200 s), plan {t0} {t1}, 1 Mflop each at 1 Gflop/s (1 ms), cores failing every 10 ms on
// average, repaired at once: core 1 fails ~20000 times (Poisson, sd 141) during the wait,
// yet t1 then runs its 1 ms (done with probability e^-0.1 per try) and the run ends after
// 200 s, under both network models.
TEST(Faults, CutsOfAPlanTaskWaitingForItsInputDoNotStopTheRun) {
  const TaskGraph g = make_graph({1e6, 1e6}, {{0, 1, 2e10}});
  const Schedule s = Schedule::from_sequences(2, {{0}, {1}});
  const Platform p = failing_every(2, 1e-2);
  for (const NetworkModel& net :
       {NetworkModel::latency_bandwidth(0.0, 1e8), crossbar(2, 0.0, 1e8)}) {
    const auto r = run_policy(g, "static", p, net, &s);
    EXPECT_GT(r.makespan, 200.0);
    EXPECT_GT(r.interrupted, 10000u);
  }
}

// A decision overhead under way is lost at a failure like the task's work: a plan's task whose
// core fails during it has its inputs but has not begun computing, and such cuts do count. A
// 10 ms task after a 0.5 s overhead on cores failing every 10 ms on average (P(0.51 s without
// a failure) = e^-51) stops the run instead of going on for ever.
TEST(Faults, CutsDuringADecisionOverheadStopTheRunToo) {
  const TaskGraph g = make_graph({1e7}, {});
  const std::string what = input_error_of([&] {
    testing::run_policy_with(g, "heft", failing_every(1, 1e-2), kIdeal,
                             testing::options_with(1, {{"decision_overhead", "0.5"}}));
  });
  EXPECT_NE(what.find("where it needs 0.51 s"), std::string::npos) << what;
}

TEST(Faults, BadFailuresAreRefused) {
  Platform two = Platform::homogeneous(2, 1e9);
  const auto refused = [&](std::vector<CoreFailure> f, const std::string& what) {
    FaultModel m;
    m.failures = std::move(f);
    m.source = "faults.yaml";
    try {
      two.set_faults(m);
      ADD_FAILURE() << "accepted: " << what;
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
    }
  };
  refused({{2, 1.0, 1.0, 7}},
          "faults.yaml:7: a failure of core 2, but the platform has 2 cores (0 to 1)");
  refused({{0, -1.0, 1.0}}, "time must be finite and >= 0");
  refused({{0, 1.0, -1.0}}, "repair time must be >= 0");
  refused({{0, 1.0, kNever}, {1, 2.0, kNever, 4}}, "faults.yaml:4: every core fails for good");
  FaultModel m;
  m.mtbf = -1;
  EXPECT_THROW(two.set_faults(m), InputError);
  m.mtbf = 1;
  m.mttr = std::numeric_limits<double>::infinity();
  EXPECT_THROW(two.set_faults(m), InputError);
}

}  // namespace
}  // namespace pelsim::models
