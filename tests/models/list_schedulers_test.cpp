// Properties every planning list scheduler of the second batch (peft, mcp, etf, dls, min_min,
// max_min) must have, on random DAGs: never below the lower bound, a valid plan that the
// simulator reproduces exactly on a contention-free network, and the registry reporting it.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "list_helpers.hpp"
#include "pelsim/models/generators.hpp"
#include "pelsim/models/graph_metrics.hpp"
#include "pelsim/models/policies/mcp.hpp"
#include "pelsim/models/policies/peft.hpp"
#include "pelsim/models/policies/ready_set.hpp"
#include "pelsim/models/trace_recorder.hpp"
#include "run_helpers.hpp"
#include "test_graphs.hpp"

namespace pelsim::models {
namespace {

struct Planned {
  std::string name;
  Schedule (*plan)(const Problem&, double*, std::vector<double>*, DecisionObserver*);
  std::map<std::string, std::string> params = {};  ///< the registry's parameters for the same plan
};

Schedule plan_etf_static(const Problem& problem, double* estimate, std::vector<double>* start,
                         DecisionObserver* explain) {
  return plan_etf(problem, LevelKind::kStatic, estimate, start, explain);
}

const Planned kPolicies[] = {
    {"peft", plan_peft},      {"mcp", plan_mcp},
    {"etf", plan_etf},        {"etf", plan_etf_static, {{"level", "static_level"}}},
    {"dls", plan_dls},        {"min_min", plan_min_min},
    {"max_min", plan_max_min}};

struct RandomCase {
  std::uint32_t tasks;
  std::uint32_t cores;
  bool costs;
  std::uint64_t seed;
};
const RandomCase kCases[] = {{20, 2, false, 1}, {60, 3, true, 2},   {100, 4, false, 3},
                             {150, 5, true, 4}, {200, 8, false, 5}, {300, 6, true, 6}};

TEST(ListSchedulers, RespectTheLowerBoundAndTheSimulationReproducesThePlan) {
  // No schedule beats max(critical path at the fastest durations, work / total speed)
  // (graph_metrics.hpp); the tolerance only absorbs the rounding of the two sums. On the
  // contention-free latency_bandwidth network, StaticPolicy executing a plan starts every task
  // exactly (bit for bit) when and where the plan says, so the makespans are equal.
  const NetworkModel net = NetworkModel::latency_bandwidth(0.25, 1e9);
  for (const RandomCase& rc : kCases) {
    const TaskGraph g = testing::random_list_dag(rc.tasks, rc.cores, rc.costs, rc.seed);
    const Platform p = testing::list_platform(rc.cores);
    const Problem problem(g, p, net);
    const double lb = makespan_lower_bound(problem);
    for (const Planned& policy : kPolicies) {
      double estimate = 0;
      std::vector<double> start;
      const Schedule plan = policy.plan(problem, &estimate, &start, nullptr);
      validate_schedule(plan, g, rc.cores, "plan");
      EXPECT_GE(estimate, lb * (1 - 1e-12)) << policy.name << " seed " << rc.seed;
      TraceRecorder trace(g.task_count(), rc.cores);
      const SimulationResult r = testing::run_policy(g, "static", p, net, &plan, &trace);
      EXPECT_EQ(r.makespan, estimate) << policy.name << " seed " << rc.seed;
      for (TaskId t = 0; t < g.task_count(); ++t) {
        EXPECT_EQ(trace.core(t), plan.core_of[t]) << policy.name << " task " << t;
        EXPECT_EQ(trace.start(t), start[t]) << policy.name << " task " << t;
      }
      PolicyOptions options;
      options.params = policy.params;
      auto run = PolicyRegistry::builtin().find(policy.name).create(problem, options, nullptr);
      run->run();
      EXPECT_EQ(run->result().makespan, estimate) << policy.name;
      EXPECT_EQ(run->planned_makespan(), estimate) << policy.name;
    }
  }
}

TEST(ListSchedulers, RespectTheLowerBoundOnGeneratedLayeredDags) {
  // The `layered` generator's DAGs (1000 tasks) on 4 cores of speeds 1 to 2.5 Gflop/s, with a
  // 1 GB/s network: every policy stays at or above the lower bound.
  const NetworkModel net = NetworkModel::latency_bandwidth(1e-5, 1e9);
  for (const std::uint64_t seed : {1u, 2u}) {
    GeneratorParams params;
    params.seed = seed;
    params.values = {{"tasks", 1000}, {"flops_min", 1e8}, {"flops_max", 1e10}};
    const TaskGraph g = generate("layered", params);
    const Platform p = testing::list_platform(4);
    const Problem problem(g, p, net);
    const double lb = makespan_lower_bound(problem);
    for (const Planned& policy : kPolicies) {
      double estimate = 0;
      const Schedule plan = policy.plan(problem, &estimate, nullptr, nullptr);
      validate_schedule(plan, g, 4, "plan");
      EXPECT_GE(estimate, lb * (1 - 1e-12)) << policy.name << " seed " << seed;
      EXPECT_GE(
          testing::run_policy_with(g, policy.name, p, net, testing::options_with(1, policy.params))
              .makespan,
          lb * (1 - 1e-12))
          << policy.name << " seed " << seed;
    }
  }
}

TEST(ListSchedulers, AreRegisteredWithAOneLineDescription) {
  for (const Planned& policy : kPolicies) {
    const PolicyInfo& info = PolicyRegistry::builtin().find(policy.name);
    EXPECT_FALSE(info.description.empty()) << policy.name;
    EXPECT_EQ(info.description.find('\n'), std::string::npos) << policy.name;
    // Only the common parameters, and etf's `level` (its tie-breaking rank, as hlfet's).
    if (policy.name == std::string("etf")) {
      ASSERT_EQ(info.params.size(), 1u);
      EXPECT_EQ(info.params[0].name, "level");
      EXPECT_EQ(info.params[0].choices, (std::vector<std::string>{"bottom_level", "static_level"}));
    } else {
      EXPECT_TRUE(info.params.empty()) << policy.name;
    }
  }
}

// The registry's estimates_makespan (results.csv's planned_makespan column, the dashboard's)
// is true exactly for the policies whose run reports a planned makespan.
TEST(ListSchedulers, ThePlannersAreTheOnesThatEstimateAMakespan) {
  const TaskGraph g = testing::make_graph({1e9, 2e9, 1e9}, {{0, 1, 1e3}, {0, 2, 1e3}});
  const Platform platform = Platform::homogeneous(2, 1e9);
  const NetworkModel network = NetworkModel::latency_bandwidth(1e-6, 1e9);
  const Problem problem(g, platform, network);
  int planners = 0;
  for (const PolicyInfo& info : PolicyRegistry::builtin().all()) {
    if (info.needs_schedule) continue;
    PolicyOptions options;
    auto run = info.create(problem, options, nullptr);
    run->run();
    EXPECT_EQ(std::isfinite(run->planned_makespan()), info.estimates_makespan) << info.name;
    planners += info.estimates_makespan ? 1 : 0;
  }
  EXPECT_EQ(planners, 9);  // hlfet, heft, cpop, peft, mcp, etf, dls, min_min, max_min
}

}  // namespace
}  // namespace pelsim::models
