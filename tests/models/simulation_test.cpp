#include "pelsim/models/simulation.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "pelsim/models/error.hpp"
#include "pelsim/models/policy.hpp"
#include "pelsim/models/trace_recorder.hpp"
#include "run_helpers.hpp"
#include "test_graphs.hpp"

namespace pelsim::models {
namespace {

using testing::make_chain;
using testing::make_fork_join;
using testing::make_graph;
using testing::run_policy;

const NetworkModel kIdeal = NetworkModel::ideal();

TEST(Simulation, AChainSumsItsWork) {
  // Chain of 1+2+3+4 = 10 Gflop on 1 Gflop/s cores: 10 s whatever the policy and core count
  // (hlfet keeps the chain on one core; fifo may spread it but the ideal network makes moves free).
  const TaskGraph g = make_chain({1e9, 2e9, 3e9, 4e9}, 1e6);
  for (const char* policy : {"hlfet", "fifo"}) {
    for (std::uint32_t p : {1u, 3u}) {
      EXPECT_DOUBLE_EQ(run_policy(g, policy, Platform::homogeneous(p, 1e9), kIdeal).makespan, 10.0)
          << policy << " on " << p;
    }
  }
  // With L + X/B transfers, hlfet still puts the chain on one core: 10 s, no transfer.
  const auto lb = NetworkModel::latency_bandwidth(1e-3, 1e8);
  const SimulationResult r = run_policy(g, "hlfet", Platform::homogeneous(4, 1e9), lb);
  EXPECT_DOUBLE_EQ(r.makespan, 10.0);
  EXPECT_EQ(r.transfers, 0u);
}

TEST(Simulation, IndependentTasksTakeCeilNOverPRounds) {
  // n equal independent tasks of w flops on p cores: ceil(n/p) * w / S.
  for (std::uint32_t n : {1u, 7u, 8u, 9u, 100u}) {
    const TaskGraph g = make_graph(std::vector<double>(n, 2e9), {});
    for (std::uint32_t p : {1u, 2u, 4u, 8u}) {
      const double expected = std::ceil(double(n) / p) * 2e9 / 1e9;
      for (const char* policy : {"hlfet", "fifo"})
        EXPECT_DOUBLE_EQ(run_policy(g, policy, Platform::homogeneous(p, 1e9), kIdeal).makespan,
                         expected)
            << policy << " n=" << n << " p=" << p;
    }
  }
}

TEST(Simulation, ForkJoinFollowsAmdahlsLaw) {
  // W = 100 Gflop, serial fraction f; n = 48 parallel tasks; on P | 48 cores:
  // T(P) = (W/S) (f + (1-f)/P) (Amdahl's law, exact since the parallel part divides evenly).
  const double W = 100e9, S = 1e9;
  for (double f : {0.0, 0.1, 0.5}) {
    const TaskGraph g = make_fork_join(48, f, W);
    for (std::uint32_t p : {1u, 2u, 3u, 4u, 6u, 8u, 16u, 48u}) {
      const double amdahl = W / S * (f + (1 - f) / p);
      for (const char* policy : {"hlfet", "fifo"}) {
        const double got = run_policy(g, policy, Platform::homogeneous(p, S), kIdeal).makespan;
        EXPECT_NEAR(got, amdahl, 1e-12 * amdahl) << policy << " f=" << f << " p=" << p;
      }
    }
  }
}

Schedule two_core_schedule(std::uint32_t tasks, const std::vector<CoreId>& core_of) {
  std::vector<std::vector<TaskId>> per_core(2);
  for (TaskId t = 0; t < tasks; ++t) per_core[core_of[t]].push_back(t);
  return Schedule::from_sequences(tasks, per_core);
}

TEST(Simulation, OneEdgeAcrossCoresCostsLatencyPlusBytesOverBandwidth) {
  // a (2 Gflop) on core 0 -> b (3 Gflop) on core 1, X = 5e8 B, L = 1e-3 s, B = 1e10 B/s:
  // 2 + (1e-3 + 5e8/1e10) + 3 = 5.051 s (the case sgref's README validates against SimGrid).
  const TaskGraph g = make_graph({2e9, 3e9}, {{0, 1, 5e8}});
  const auto net = NetworkModel::latency_bandwidth(1e-3, 1e10);
  const Schedule apart = two_core_schedule(2, {0, 1});
  const SimulationResult r = run_policy(g, "static", Platform::homogeneous(2, 1e9), net, &apart);
  EXPECT_DOUBLE_EQ(r.makespan, 2.0 + (1e-3 + 5e8 / 1e10) + 3.0);
  EXPECT_EQ(r.transfers, 1u);
  EXPECT_DOUBLE_EQ(r.bytes_moved, 5e8);
  // Same core: the edge costs nothing, 2 + 3 = 5 s.
  const Schedule together = two_core_schedule(2, {0, 0});
  const SimulationResult same =
      run_policy(g, "static", Platform::homogeneous(2, 1e9), net, &together);
  EXPECT_DOUBLE_EQ(same.makespan, 5.0);
  EXPECT_EQ(same.transfers, 0u);
}

TEST(Simulation, ZeroByteEdgeIsAPurePrecedence) {
  // 0-byte edge across cores: b starts the moment a ends (no latency): 2 + 3 = 5 s.
  const TaskGraph g = make_graph({2e9, 3e9}, {{0, 1, 0}});
  const auto net = NetworkModel::latency_bandwidth(1.0, 1.0);
  const Schedule apart = two_core_schedule(2, {0, 1});
  EXPECT_DOUBLE_EQ(run_policy(g, "static", Platform::homogeneous(2, 1e9), net, &apart).makespan,
                   5.0);
}

TEST(Simulation, TransfersOverlapComputation) {
  // a (1 s) on core 0 feeds c on core 1 with a 2 s transfer (L = 0, X = 2e9, B = 1e9), while
  // core 1 first runs b (2.5 s). The transfer ends at 3 s, b at 2.5 s: c starts at 3, ends at 4.
  const TaskGraph g = make_graph({1e9, 2.5e9, 1e9}, {{0, 2, 2e9}});
  const auto net = NetworkModel::latency_bandwidth(0.0, 1e9);
  const Schedule s = Schedule::from_sequences(3, {{0}, {1, 2}});
  EXPECT_DOUBLE_EQ(run_policy(g, "static", Platform::homogeneous(2, 1e9), net, &s).makespan, 4.0);
}

TEST(Simulation, StaticOrderIsRespectedEvenWhenALaterTaskIsReadyFirst) {
  // Core 0 must run t1 (which waits 5 s for t0 on core 1) before t2 (ready at 0): t1 runs
  // 5..6, t2 6..7. Makespan 7 although t2 could have started at 0.
  const TaskGraph g = make_graph({5e9, 1e9, 1e9}, {{0, 1, 0}});
  const Schedule s = Schedule::from_sequences(3, {{1, 2}, {0}});
  EXPECT_DOUBLE_EQ(run_policy(g, "static", Platform::homogeneous(2, 1e9), kIdeal, &s).makespan,
                   7.0);
}

TEST(Simulation, StaticOrderThatContradictsTheDagIsAnError) {
  // t1 depends on t0, but core 0 is told to run t1 first: a deadlock, rejected up front.
  const TaskGraph g = make_graph({1, 1}, {{0, 1, 0}});
  const Schedule s = Schedule::from_sequences(2, {{1, 0}});
  try {
    run_policy(g, "static", Platform::homogeneous(1, 1), kIdeal, &s);
    FAIL();
  } catch (const InputError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("contradicts the DAG"), std::string::npos) << msg;
    EXPECT_NE(msg.find("'t0'"), std::string::npos) << msg;
    EXPECT_NE(msg.find("'t1'"), std::string::npos) << msg;
  }
}

TEST(Simulation, HeterogeneousSpeeds) {
  // Two independent 4 Gflop tasks on cores of 1 and 4 Gflop/s: fifo puts t0 on core 0 (4 s)
  // and t1 on core 1 (1 s): makespan 4 s. hlfet picks the earliest finish: t0 on the fast
  // core (1 s), then t1 also on the fast core (2 s) rather than the slow one (4 s): 2 s.
  const TaskGraph g = make_graph({4e9, 4e9}, {});
  const Platform p({1e9, 4e9});
  EXPECT_DOUBLE_EQ(run_policy(g, "fifo", p, kIdeal).makespan, 4.0);
  EXPECT_DOUBLE_EQ(run_policy(g, "hlfet", p, kIdeal).makespan, 2.0);
}

TEST(Simulation, UnrelatedMachinesUseTheCostVector) {
  // t0 costs (1 s, 10 s), t1 costs (10 s, 1 s): hlfet puts each on its cheap core: 1 s.
  TaskGraphBuilder b("costs");
  b.intern_task("t0");
  b.intern_task("t1");
  b.set_costs(0, {1, 10});
  b.set_costs(1, {10, 1});
  const TaskGraph g = b.build();
  EXPECT_DOUBLE_EQ(run_policy(g, "hlfet", Platform::homogeneous(2, 1e9), kIdeal).makespan, 1.0);
  // A cost vector of the wrong length for the platform is bad input.
  EXPECT_THROW(run_policy(g, "hlfet", Platform::homogeneous(3, 1e9), kIdeal), InputError);
}

TEST(Simulation, FifoShipsInputsWhenTheConsumerIsPlaced) {
  // t0 (1 s) and t1 (3 s) are sources; t2 needs t0's 1e9 bytes (L = 0.5, B = 1e9: 1.5 s).
  // fifo: t0 -> core 0, t1 -> core 1. At 1 s t2 is ready; core 0 is idle, so t2 goes there:
  // same core as t0, no transfer: t2 runs 1..2. Makespan = max(2, 3) = 3 s.
  const TaskGraph g = make_graph({1e9, 3e9, 1e9}, {{0, 2, 1e9}});
  const auto net = NetworkModel::latency_bandwidth(0.5, 1e9);
  const SimulationResult r = run_policy(g, "fifo", Platform::homogeneous(2, 1e9), net);
  EXPECT_DOUBLE_EQ(r.makespan, 3.0);
  EXPECT_EQ(r.transfers, 0u);
  // With t1 short (0.5 s) and t0 long (1 s) fifo still places t2 on core 0 (the idle core
  // with the lowest index at 1 s): no transfer either.
  // Now force a transfer: t0 (1 s) on core 0 is followed by t3 (4 s) ready at 0 as well.
  // Tasks: t0 1 s, t1 0.5 s, t3 4 s are sources (fifo order t0, t1, t3 on 2 cores: t0 ->
  // core 0, t1 -> core 1; at 0.5 s t3 -> core 1 (0.5..4.5); at 1 s t2 -> core 0, same core,
  // 1..2. Makespan 4.5.
  const TaskGraph g2 = make_graph({1e9, 0.5e9, 1e9, 4e9}, {{0, 2, 1e9}});
  EXPECT_DOUBLE_EQ(run_policy(g2, "fifo", Platform::homogeneous(2, 1e9), net).makespan, 4.5);
  // And a real pull: t2 depends on t1 (core 1, ends 0.5 s) but at 0.5 s core 1 is the idle one
  // and fifo takes t3 first (it was ready earlier): t3 -> core 1 at 0.5. At 1 s core 0 frees
  // and t2 goes there: its input moves from core 1 starting at 1 s: arrives 1 + 0.5 + 1 = 2.5,
  // t2 runs 2.5..3.5. Makespan max(3.5, 4.5) = 4.5, with one transfer.
  const TaskGraph g3 = make_graph({1e9, 0.5e9, 1e9, 4e9}, {{1, 2, 1e9}});
  TraceRecorder rec(4, 2);
  const SimulationResult r3 =
      run_policy(g3, "fifo", Platform::homogeneous(2, 1e9), net, nullptr, &rec);
  EXPECT_EQ(r3.transfers, 1u);
  EXPECT_DOUBLE_EQ(rec.start(2), 2.5);
  EXPECT_DOUBLE_EQ(rec.finish(2), 3.5);
  EXPECT_DOUBLE_EQ(r3.makespan, 4.5);
}

TEST(Simulation, ExecutedScheduleReplaysToTheSameTrace) {
  // Replaying a run's executed schedule with `static` gives the same times when the transfers
  // start at the same moments: always for a planning policy (hlfet), and for a dynamic one
  // (fifo, whose transfers start only when the consumer is placed) on the ideal network.
  const TaskGraph g = make_graph({3e9, 1e9, 2e9, 2e9, 1e9, 1e9},
                                 {{0, 2, 1e8}, {1, 2, 2e8}, {1, 3, 1e8}, {2, 4, 5e7}, {3, 5, 0}});
  const Platform p = Platform::homogeneous(3, 1e9);
  for (const char* policy : {"fifo", "hlfet"}) {
    const NetworkModel net = std::string(policy) == "fifo"
                                 ? NetworkModel::ideal()
                                 : NetworkModel::latency_bandwidth(1e-3, 1e9);
    TraceRecorder first(6, 3);
    const double m1 = run_policy(g, policy, p, net, nullptr, &first).makespan;
    const Schedule s = first.executed_schedule();
    TraceRecorder second(6, 3);
    const double m2 = run_policy(g, "static", p, net, &s, &second).makespan;
    EXPECT_EQ(m1, m2) << policy;
    for (TaskId t = 0; t < 6; ++t) {
      EXPECT_EQ(first.start(t), second.start(t)) << policy << " task " << t;
      EXPECT_EQ(first.core(t), second.core(t)) << policy << " task " << t;
    }
  }
}

TEST(Simulation, UtilisationAndEventsAreReported) {
  // 4 tasks of 1 s on 2 cores: busy 2 s per core; 4 finish events + no input events
  // (sources only).
  const TaskGraph g = make_graph({1e9, 1e9, 1e9, 1e9}, {});
  const SimulationResult r = run_policy(g, "fifo", Platform::homogeneous(2, 1e9), kIdeal);
  EXPECT_DOUBLE_EQ(r.core_busy[0], 2.0);
  EXPECT_DOUBLE_EQ(r.core_busy[1], 2.0);
  EXPECT_EQ(r.events, 4u);
  EXPECT_EQ(r.tasks_done, 4u);
}

TEST(Simulation, ACoreWaitingForDataCostsNoExtraEvent) {
  // Fork t0 -> t1, t0 -> t2, 1 s each on 1 Gflop/s, 5e8 bytes per edge, L = 0.5 s, B = 1e9 B/s:
  // fifo runs t0 on core 0 (0..1); at 1 one child stays on core 0 (starts at 1, ends at 2),
  // the other goes to core 1 and waits L + X/B = 0.5 + 0.5 = 1 s for its data: starts at 2,
  // ends at 3. The waiting core's task is started at once for the instant its data arrives,
  // so the run has exactly the 3 finish events (an "inputs arrived" event would make 4).
  const TaskGraph g = make_graph({1e9, 1e9, 1e9}, {{0, 1, 5e8}, {0, 2, 5e8}});
  TraceRecorder rec(3, 2);
  const SimulationResult r = run_policy(g, "fifo", Platform::homogeneous(2, 1e9),
                                        NetworkModel::latency_bandwidth(0.5, 1e9), nullptr, &rec);
  EXPECT_DOUBLE_EQ(r.makespan, 3.0);
  EXPECT_EQ(r.events, 3u);
  const TaskId remote = rec.core(1) == 1 ? 1 : 2;
  EXPECT_EQ(rec.core(remote), 1u);
  EXPECT_DOUBLE_EQ(rec.start(remote), 2.0);
  EXPECT_DOUBLE_EQ(rec.finish(remote), 3.0);
}

// A dynamic policy for the test below: each ready task to core (id mod P), recording what
// the simulator tells a policy about the enabler and the producers.
struct RecordingPolicy {
  struct Ready {
    TaskId task;
    CoreId enabler;
  };
  std::vector<Ready> ready;
  std::vector<std::vector<CoreId>> finished_on;  // at each finish: finished_on() of every task
  template <class Sim>
  void on_start(Sim&) {}
  template <class Sim>
  void on_task_ready(TaskId t, Sim& sim) {
    ready.push_back({t, sim.enabling_core()});
    sim.assign(t, t % sim.problem().core_count());
  }
  template <class Sim>
  void on_task_finished(TaskId, CoreId, Sim& sim) {
    std::vector<CoreId> cores;
    for (TaskId t = 0; t < sim.problem().graph().task_count(); ++t)
      cores.push_back(sim.finished_on(t));
    finished_on.push_back(cores);
  }
  template <class Sim>
  void on_wake(std::uint32_t, Sim&) {}
  void explain_deadlock(const Problem&) const {}
};

TEST(Simulation, APolicyIsToldTheEnablingCoreAndWhereProducersRan) {
  // t0 (1 s) and t1 (2 s) are sources, t2 (1 s) needs both (1e9 bytes each; L = 0.5 s,
  // B = 1e9 B/s). Ready tasks go to core id mod 2: t0 -> 0, t1 -> 1, t2 -> 0. t1's finish at
  // 2 s makes t2 ready (enabling core 1); t0's input is on core 0 already, t1's moves from
  // 2 s: arrives at 2 + 0.5 + 1 = 3.5 s, t2 ends at 4.5 s, one transfer.
  const TaskGraph g = make_graph({1e9, 2e9, 1e9}, {{0, 2, 1e9}, {1, 2, 1e9}});
  const Platform platform = Platform::homogeneous(2, 1e9);
  const NetworkModel net = NetworkModel::latency_bandwidth(0.5, 1e9);
  const Problem problem(g, platform, net);  // (it keeps references: no temporaries)
  RecordingPolicy policy;
  TraceRecorder rec(3, 2);
  Simulator<RecordingPolicy> sim(problem, policy, &rec);
  sim.run();
  EXPECT_DOUBLE_EQ(sim.result().makespan, 4.5);
  EXPECT_EQ(sim.result().transfers, 1u);
  EXPECT_DOUBLE_EQ(rec.start(2), 3.5);
  ASSERT_EQ(policy.ready.size(), 3u);
  EXPECT_EQ(policy.ready[0].task, 0u);  // the sources, in id order, enabled by no core
  EXPECT_EQ(policy.ready[0].enabler, kNoCore);
  EXPECT_EQ(policy.ready[1].task, 1u);
  EXPECT_EQ(policy.ready[1].enabler, kNoCore);
  EXPECT_EQ(policy.ready[2].task, 2u);
  EXPECT_EQ(policy.ready[2].enabler, 1u);  // t1 ran on core 1
  ASSERT_EQ(policy.finished_on.size(), 3u);
  EXPECT_EQ(policy.finished_on[0], (std::vector<CoreId>{0, kNoCore, kNoCore}));  // t0 at 1 s
  EXPECT_EQ(policy.finished_on[1], (std::vector<CoreId>{0, 1, kNoCore}));        // t1 at 2 s
  EXPECT_EQ(policy.finished_on[2], (std::vector<CoreId>{0, 1, 0}));              // t2 at 4.5 s
}

TEST(Simulation, FrontEndCanStepAndRunUntil) {
  // Chain of three 1 s tasks: finish events at 1, 2, 3.
  const TaskGraph g = make_chain({1e9, 1e9, 1e9}, 0);
  const Platform p = Platform::homogeneous(1, 1e9);
  const Problem problem(g, p, kIdeal);
  auto run = PolicyRegistry::builtin().find("hlfet").create(problem, {}, nullptr);
  EXPECT_TRUE(run->step());
  EXPECT_DOUBLE_EQ(run->now(), 1.0);
  run->run_until(2.5);
  EXPECT_DOUBLE_EQ(run->now(), 2.5);
  EXPECT_FALSE(run->finished());
  run->run();
  EXPECT_TRUE(run->finished());
  EXPECT_DOUBLE_EQ(run->result().makespan, 3.0);
}

TEST(Policies, UnknownNameListsTheKnownOnes) {
  try {
    PolicyRegistry::builtin().find("magic");
    FAIL();
  } catch (const InputError& e) {
    // Every registered policy, in registration order (a policy of your own joins the list).
    EXPECT_EQ(std::string(e.what()),
              "unknown policy 'magic' (known: " + PolicyRegistry::builtin().names() + ")");
    EXPECT_EQ(PolicyRegistry::builtin().names().rfind("static, fifo, hlfet, heft, cpop, peft", 0),
              0u);
  }
}

TEST(Policies, StaticNeedsASchedule) {
  const TaskGraph g = make_graph({1}, {});
  EXPECT_THROW(run_policy(g, "static", Platform::homogeneous(1, 1), kIdeal), InputError);
}

}  // namespace
}  // namespace pelsim::models
