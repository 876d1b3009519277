// Policy parameters: the registry's checks, and the dispatch costs every policy accepts.
#include <gtest/gtest.h>

#include "pelsim/models/error.hpp"
#include "pelsim/models/trace_recorder.hpp"
#include "run_helpers.hpp"
#include "test_graphs.hpp"

namespace pelsim::models {
namespace {

using testing::make_graph;
using testing::options_with;

TEST(PolicyParams, UnknownOrBadValuesAreErrorsListingTheAllowedOnes) {
  const PolicyRegistry& r = PolicyRegistry::builtin();
  const PolicyInfo& ws = r.find("work_stealing");
  EXPECT_NO_THROW(check_policy_param(ws, "steal_latency", "1us"));
  try {
    check_policy_param(ws, "latency", "1us");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.reason(),
              "unknown parameter 'latency' of policy 'work_stealing' (allowed: "
              "steal_latency, retry_delay, decision_overhead, dispatch_latency)");
  }
  try {
    check_policy_param(r.find("central_queue"), "priority", "lifo");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.reason(),
              "policy parameter 'priority' is one of fifo, bottom_level, random, not 'lifo'");
  }
  EXPECT_THROW(check_policy_param(r.find("hlfet"), "priority", "fifo"), InputError);
  // retry_delay must be > 0 (a retry at the same instant would never end); the check is the
  // parameter's, so a scenario's `check` finds it too.
  EXPECT_NO_THROW(check_policy_param(ws, "retry_delay", "1ns"));
  try {
    check_policy_param(ws, "retry_delay", "0");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.reason(), "policy parameter 'retry_delay' must be > 0, not '0'");
  }
  EXPECT_NO_THROW(check_policy_param(ws, "steal_latency", "0"));  // >= 0 is enough there
  // create() checks them too.
  const TaskGraph g = testing::make_chain({1e9}, 0);
  EXPECT_THROW(
      testing::run_policy_with(g, "heft", Platform::homogeneous(1, 1e9), NetworkModel::ideal(),
                               testing::options_with(1, {{"steal_latency", "1us"}})),
      InputError);
}

// Dispatch costs that would take a run's times past the largest double are refused: two 1 s
// tasks (time_bound 2 s) paying 1e308 s each add up to 2e308 > 1.8e308; 1e307 each is fine.
TEST(DispatchCosts, ThatOverflowTheRunsTimesAreRefused) {
  const TaskGraph g = testing::make_graph({1e9, 1e9}, {});
  const Platform platform = Platform::homogeneous(2, 1e9);
  const NetworkModel net = NetworkModel::ideal();
  const Problem problem(g, platform, net);
  EXPECT_EQ(problem.time_bound(), 2.0);
  EXPECT_THROW(dispatch_costs(problem, testing::options_with(1, {{"decision_overhead", "1e308"}})),
               InputError);
  EXPECT_THROW(testing::run_policy_with(g, "fifo", platform, net,
                                        testing::options_with(1, {{"dispatch_latency", "1e308"}})),
               InputError);
  EXPECT_EQ(dispatch_costs(problem, testing::options_with(1, {{"decision_overhead", "1e307"}}))
                .decision_overhead,
            1e307);
}

// Dispatch costs o = decision_overhead = 0.1 s, L = dispatch_latency = 0.2 s; a task assigned
// at a starts at max(core free, inputs, a + L) + o. 7 independent 1 s tasks on 3 cores:
//  - central_queue (decides when a core is free): rounds of L + o + w = 1.3 s, ceil(7/3) = 3
//    rounds: 3.9 s. First task [0.3, 1.3].
//  - round_robin (everything assigned at 0): core 0 runs t0, t3, t6 from max(0, L) + o = 0.3,
//    each o + w = 1.1 s after the previous: L + 3 (o + w) = 3.5 s.
//  - work_stealing, 6 tasks (2 per core, no steal): 2 (L + o + w) = 2.6 s.
//  - fifo with zero costs: ceil(7/3) = 3 s, as without the parameters.
TEST(DispatchCosts, DelayEveryPolicyByHand) {
  const TaskGraph g7 = make_graph(std::vector<double>(7, 1e9), {});
  const Platform p = Platform::homogeneous(3, 1e9);
  const NetworkModel net = NetworkModel::ideal();
  const std::map<std::string, std::string> costs{{"decision_overhead", "100ms"},
                                                 {"dispatch_latency", "200ms"}};
  auto run = [&](const TaskGraph& g, const std::string& policy, sim::Observer* rec = nullptr) {
    return testing::run_policy_with(g, policy, p, net, options_with(1, costs), rec);
  };
  TraceRecorder rec(7, 3);
  EXPECT_DOUBLE_EQ(run(g7, "central_queue", &rec).makespan, 3.9);
  EXPECT_DOUBLE_EQ(rec.start(0), 0.3);
  EXPECT_DOUBLE_EQ(rec.finish(0), 1.3);
  const SimulationResult rr = run(g7, "round_robin");
  EXPECT_DOUBLE_EQ(rr.makespan, 3.5);
  EXPECT_DOUBLE_EQ(rr.core_busy[0], 3);  // computing time only, not the overheads
  const TaskGraph g6 = make_graph(std::vector<double>(6, 1e9), {});
  const SimulationResult ws = run(g6, "work_stealing");
  EXPECT_DOUBLE_EQ(ws.makespan, 2.6);
  EXPECT_EQ(ws.steals, 0u);
  EXPECT_DOUBLE_EQ(testing::run_policy_with(
                       g7, "fifo", p, net,
                       options_with(1, {{"decision_overhead", "0"}, {"dispatch_latency", "0"}}))
                       .makespan,
                   3);
  // hlfet's plan (t0..t6 round the cores, 3 s) ignores the costs; its execution pays them.
  const Problem problem(g7, p, net);
  auto hlfet =
      PolicyRegistry::builtin().find("hlfet").create(problem, options_with(1, costs), nullptr);
  hlfet->run();
  EXPECT_DOUBLE_EQ(hlfet->planned_makespan(), 3);
  EXPECT_DOUBLE_EQ(hlfet->result().makespan, 3.5);
  EXPECT_THROW(
      testing::run_policy_with(g7, "fifo", p, net, options_with(1, {{"dispatch_latency", "-1us"}})),
      InputError);
}

}  // namespace
}  // namespace pelsim::models
