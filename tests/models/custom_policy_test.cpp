// The worked example of docs/extending.md: a scheduling policy written outside pelsim's own
// policies, registered next to them and run through the same interface as any of them.
// Whatever this file shows, the guide shows; if the interface changes, this test breaks first.
#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <queue>
#include <span>
#include <utility>
#include <vector>

#include "pelsim/models/decision.hpp"
#include "pelsim/models/error.hpp"
#include "pelsim/models/policy.hpp"
#include "pelsim/models/simulation.hpp"
#include "test_graphs.hpp"

namespace pelsim::models {
namespace {

// ---- the example policy (docs/extending.md copies this class) ----

/// Graham's LPT rule as a dynamic list scheduler: among the ready tasks, the one with the
/// longest mean duration over the cores first (ties: the lowest id), to the idle core that
/// runs it fastest. Decides at time 0 and once the finishes of each instant are in.
class LargestFirstPolicy {
 public:
  static constexpr bool kDecidesPerInstant = true;

  template <class Sim>
  void on_start(Sim& sim) {
    const Problem& problem = sim.problem();
    key_.resize(problem.graph().task_count());
    for (TaskId t = 0; t < key_.size(); ++t) {
      double sum = 0;
      for (CoreId c = 0; c < problem.core_count(); ++c) sum += problem.duration(t, c);
      key_[t] = sum / problem.core_count();
    }
  }
  template <class Sim>
  void on_task_ready(TaskId t, Sim&) {
    ready_.push({key_[t], t});
  }
  template <class Sim>
  void on_sources_queued(Sim& sim) {
    dispatch(sim);
  }
  template <class Sim>
  void on_task_finished(TaskId, CoreId, Sim& sim) {
    dispatch(sim);
  }
  template <class Sim>
  void on_wake(std::uint32_t, Sim&) {}
  // Faults: the tasks of a failed core are ready again.
  template <class Sim>
  void on_core_failed(CoreId, std::span<const TaskId> lost, Sim& sim) {
    for (const TaskId t : lost) ready_.push({key_[t], t});
    dispatch(sim);
  }
  template <class Sim>
  void on_core_repaired(CoreId, Sim& sim) {
    dispatch(sim);
  }

  double planned_makespan() const { return std::numeric_limits<double>::quiet_NaN(); }
  void explain_deadlock(const Problem&) const {}  // every ready task is eventually taken
  void set_explain(DecisionObserver* explain) { explain_ = explain; }

 private:
  template <class Sim>
  void dispatch(Sim& sim) {
    while (!ready_.empty()) {
      const CoreId idle = sim.idle_core();
      if (idle == kNoCore) return;
      const TaskId t = ready_.top().task;
      const CoreId c = sim.idle_core_for(t, idle);
      if (explain_) {
        Decision d;
        d.time = sim.now();
        d.task = t;
        d.core = c;
        d.kind = DecisionKind::kQueuePick;
        d.queue_length = static_cast<std::uint32_t>(ready_.size());
        explain_->on_decision(d);
      }
      ready_.pop();
      sim.assign(t, c);
    }
  }

  // The heap holds each task with its key (a policy object is moved into its run after it
  // is built, so nothing in it may point into itself). Longer first, then the lower id.
  struct Ready {
    double key;
    TaskId task;
    bool operator<(const Ready& o) const {  // "goes after o" for std::priority_queue
      return key < o.key || (key == o.key && task > o.task);
    }
  };
  std::vector<double> key_;
  std::priority_queue<Ready> ready_;
  DecisionObserver* explain_ = nullptr;
};

// Its registration: a name, a one-line description and how to create a run. In pelsim itself
// this is one more r.add(...) in make_builtin() (models/src/policy_registry.cpp).
PolicyRegistry registry_with_example() {
  PolicyRegistry registry = PolicyRegistry::builtin();
  registry
      .add({"largest_first", "Graham's LPT: the ready task with the longest duration first", false,
            [](const Problem& problem, const PolicyOptions& options,
               sim::Observer* observer) -> std::unique_ptr<PolicyRun> {
              LargestFirstPolicy policy;
              policy.set_explain(options.explain);
              return std::make_unique<PolicyRunOf<LargestFirstPolicy>>(
                  problem, std::move(policy), observer, dispatch_costs(problem, options));
            }})
      .dynamic = true;
  return registry;
}

// ---- its tests ----

SimulationResult run(const PolicyRegistry& registry, const std::string& policy, const TaskGraph& g,
                     std::uint32_t cores, PolicyOptions options = {}) {
  const Platform platform = Platform::homogeneous(cores, 1e9);
  const NetworkModel network = NetworkModel::ideal();
  const Problem problem(g, platform, network);  // (it keeps references to all three)
  auto r = registry.find(policy).create(problem, options, nullptr);
  r->run();
  return r->result();
}

// Independent tasks of 1, 1, 1, 1 and 4 s (ids in that order) on 2 cores. fifo takes them in
// id order: t0, t1 on [0,1], t2, t3 on [1,2], t4 on [2,6]: 6 s. LPT starts t4 on c0 [0,4] and
// runs the four short ones on c1 [0,4]: 4 s = total work / cores, the lower bound: optimal.
TEST(CustomPolicy, LongestFirstBeatsArrivalOrderOnIndependentTasks) {
  const PolicyRegistry registry = registry_with_example();
  const TaskGraph g = testing::make_graph({1e9, 1e9, 1e9, 1e9, 4e9}, {});
  EXPECT_DOUBLE_EQ(run(registry, "fifo", g, 2).makespan, 6);
  EXPECT_DOUBLE_EQ(run(registry, "largest_first", g, 2).makespan, 4);
}

// Graham (SIAM J. Appl. Math. 17(2), 1969), the bound 4/3 - 1/(3m) reached for m = 2: tasks of
// 3, 3, 2, 2, 2 s. LPT: t0 on c0 and t1 on c1 [0,3], t2 and t3 [3,5], t4 on c0 [5,7]: 7 s,
// where 3+3 on one core and 2+2+2 on the other take 6 (7/6 = 4/3 - 1/6).
TEST(CustomPolicy, ReachesGrahamsWorstCaseForTwoCores) {
  const PolicyRegistry registry = registry_with_example();
  const TaskGraph g = testing::make_graph({3e9, 3e9, 2e9, 2e9, 2e9}, {});
  EXPECT_DOUBLE_EQ(run(registry, "largest_first", g, 2).makespan, 7);
}

// With precedence: only ready tasks compete. t0 (1 s) -> t1 (5 s); t2 (2 s), t3 (3 s)
// independent; 2 cores. At 0 the ready ones are t0, t2, t3: t3 -> c0 [0,3], t2 -> c1 [0,2];
// at 2 t0 -> c1 [2,3]; at 3 t1 -> c0 [3,8]: 8 s. (fifo: t0, t2 at 0; t3 at 1 on c0 [1,4],
// t1 on c1 [2,7]: 7 s: arrival order is better here, LPT knows nothing of successors.)
TEST(CustomPolicy, OnlyReadyTasksCompete) {
  const PolicyRegistry registry = registry_with_example();
  const TaskGraph g = testing::make_graph({1e9, 5e9, 2e9, 3e9}, {{0, 1, 0.0}});
  EXPECT_DOUBLE_EQ(run(registry, "largest_first", g, 2).makespan, 8);
  EXPECT_DOUBLE_EQ(run(registry, "fifo", g, 2).makespan, 7);
}

// It gets what every registered policy gets: the common parameters (a decision overhead of
// 0.5 s before each of the five tasks above: t4 on c0 [0.5,4.5], t0, t1, t2 on c1 at 1.5 s
// each to 4.5, t3 on c0 [5,6]: 6 s), the check of unknown parameters, and --explain (one
// pick per task).
TEST(CustomPolicy, GetsTheCommonParametersAndExplain) {
  const PolicyRegistry registry = registry_with_example();
  const TaskGraph g = testing::make_graph({1e9, 1e9, 1e9, 1e9, 4e9}, {});
  PolicyOptions options;
  options.params = {{"decision_overhead", "0.5s"}};
  EXPECT_DOUBLE_EQ(run(registry, "largest_first", g, 2, options).makespan, 6);
  options.params = {{"priority", "fifo"}};
  EXPECT_THROW(run(registry, "largest_first", g, 2, options), InputError);

  struct Count : DecisionObserver {
    std::vector<TaskId> picks;
    void on_decision(const Decision& d) override { picks.push_back(d.task); }
  } count;
  options.params = {};
  options.explain = &count;
  run(registry, "largest_first", g, 2, options);
  EXPECT_EQ(count.picks, (std::vector<TaskId>{4, 0, 1, 2, 3}));
}

}  // namespace
}  // namespace pelsim::models
