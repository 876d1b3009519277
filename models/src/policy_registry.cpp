#include <cmath>
#include <type_traits>

#include "pelsim/models/error.hpp"
#include "pelsim/models/policies/baselines.hpp"
#include "pelsim/models/policies/central_queue.hpp"
#include "pelsim/models/policies/fifo_policy.hpp"
#include "pelsim/models/policies/heft.hpp"
#include "pelsim/models/policies/hlfet.hpp"
#include "pelsim/models/policies/locality.hpp"
#include "pelsim/models/policies/mcp.hpp"
#include "pelsim/models/policies/peft.hpp"
#include "pelsim/models/policies/ready_set.hpp"
#include "pelsim/models/policies/static_policy.hpp"
#include "pelsim/models/policies/work_stealing.hpp"
#include "pelsim/models/policy.hpp"

namespace pelsim::models {

PolicyRun::~PolicyRun() = default;

PolicyInfo& PolicyRegistry::add(PolicyInfo info) {
  // Every run checks its parameters first (once per run, not per event).
  auto create = std::move(info.create);
  PolicyInfo declared = info;  // name and params, for the messages
  declared.create = nullptr;
  info.create = [create = std::move(create), declared = std::move(declared)](
                    const Problem& problem, const PolicyOptions& options, sim::Observer* observer) {
    check_policy_params(declared, options.params);
    return create(problem, options, observer);
  };
  infos_.push_back(std::move(info));
  return infos_.back();
}

const PolicyInfo& PolicyRegistry::find(const std::string& name) const {
  for (const PolicyInfo& info : infos_)
    if (info.name == name) return info;
  throw InputError(unknown_name_message("policy", name, names()));
}

std::string PolicyRegistry::names() const {
  std::string list;
  for (const PolicyInfo& info : infos_) list += (list.empty() ? "" : ", ") + info.name;
  return list;
}

namespace {

// A run of `policy` with the dispatch costs every policy accepts.
template <class Policy>
std::unique_ptr<PolicyRun> make_run(const Problem& problem, const PolicyOptions& options,
                                    Policy policy, sim::Observer* observer) {
  if constexpr (std::is_same_v<Policy, StaticPolicy>) policy.set_move_explain(options.explain);
  return std::make_unique<PolicyRunOf<Policy>>(problem, std::move(policy), observer,
                                               dispatch_costs(problem, options));
}

std::unique_ptr<PolicyRun> make_static(const Problem& problem, const PolicyOptions& options,
                                       sim::Observer* observer) {
  if (!options.schedule)
    throw InputError("policy 'static' needs a schedule (task,core,order CSV: --schedule FILE)");
  // The cheap checks now; an order contradicting the DAG is diagnosed if the run deadlocks.
  check_schedule_shape(*options.schedule, problem.graph(), problem.core_count(),
                       options.schedule_source);
  // Borrow the caller's schedule (it outlives the run): no copy of a possibly large plan.
  std::shared_ptr<const Schedule> borrowed(std::shared_ptr<const Schedule>(), options.schedule);
  StaticPolicy policy(std::move(borrowed));
  policy.set_source(options.schedule_source);
  policy.set_explain(options.explain, DecisionKind::kStaticOrder);
  return make_run(problem, options, std::move(policy), observer);
}

// The `level` parameter of hlfet and etf.
LevelKind level_param(const PolicyOptions& options) {
  return policy_param_text(options, "level", "bottom_level") == "static_level" ? LevelKind::kStatic
                                                                               : LevelKind::kBottom;
}

std::unique_ptr<PolicyRun> make_hlfet(const Problem& problem, const PolicyOptions& options,
                                      sim::Observer* observer) {
  double estimate = 0;
  auto plan = std::make_shared<const Schedule>(
      plan_hlfet(problem, &estimate, options.explain, level_param(options)));
  return make_run(problem, options, StaticPolicy(std::move(plan), estimate), observer);
}

std::unique_ptr<PolicyRun> make_etf(const Problem& problem, const PolicyOptions& options,
                                    sim::Observer* observer) {
  double estimate = 0;
  auto plan = std::make_shared<const Schedule>(
      plan_etf(problem, level_param(options), &estimate, nullptr, options.explain));
  return make_run(problem, options, StaticPolicy(std::move(plan), estimate), observer);
}

std::unique_ptr<PolicyRun> make_heft(const Problem& problem, const PolicyOptions& options,
                                     sim::Observer* observer) {
  double estimate = 0;
  auto plan =
      std::make_shared<const Schedule>(plan_heft(problem, &estimate, nullptr, options.explain));
  return make_run(problem, options, StaticPolicy(std::move(plan), estimate), observer);
}

std::unique_ptr<PolicyRun> make_cpop(const Problem& problem, const PolicyOptions& options,
                                     sim::Observer* observer) {
  double estimate = 0;
  auto plan =
      std::make_shared<const Schedule>(plan_cpop(problem, &estimate, nullptr, options.explain));
  return make_run(problem, options, StaticPolicy(std::move(plan), estimate), observer);
}

// A planning policy: `plan` computes the schedule and its own makespan, `static` executes it.
template <Schedule (*plan)(const Problem&, double*, std::vector<double>*, DecisionObserver*)>
std::unique_ptr<PolicyRun> make_planned(const Problem& problem, const PolicyOptions& options,
                                        sim::Observer* observer) {
  double estimate = 0;
  auto schedule =
      std::make_shared<const Schedule>(plan(problem, &estimate, nullptr, options.explain));
  return make_run(problem, options, StaticPolicy(std::move(schedule), estimate), observer);
}

std::unique_ptr<PolicyRun> make_fifo(const Problem& problem, const PolicyOptions& options,
                                     sim::Observer* observer) {
  FifoPolicy policy;
  policy.set_explain(options.explain);
  return make_run(problem, options, std::move(policy), observer);
}

std::unique_ptr<PolicyRun> make_central_queue(const Problem& problem, const PolicyOptions& options,
                                              sim::Observer* observer) {
  using Priority = CentralQueuePolicy::Priority;
  const std::string name = policy_param_text(options, "priority", "fifo");
  const Priority priority = name == "bottom_level" ? Priority::kBottomLevel
                            : name == "random"     ? Priority::kRandom
                                                   : Priority::kFifo;
  std::vector<double> levels;
  if (priority == Priority::kBottomLevel) levels = bottom_levels(problem);
  CentralQueuePolicy policy(priority, std::move(levels), options.seed);
  policy.set_explain(options.explain);
  return make_run(problem, options, std::move(policy), observer);
}

std::unique_ptr<PolicyRun> make_work_stealing(const Problem& problem, const PolicyOptions& options,
                                              sim::Observer* observer) {
  const double latency = policy_param_time(options, "steal_latency", 1e-6);
  const double retry = policy_param_time(options, "retry_delay", 1e-5);  // > 0: checked
  WorkStealingPolicy policy(latency, retry, options.seed);
  policy.set_explain(options.explain);
  return make_run(problem, options, std::move(policy), observer);
}

std::unique_ptr<PolicyRun> make_locality(const Problem& problem, const PolicyOptions& options,
                                         sim::Observer* observer) {
  LocalityPolicy policy;
  policy.set_explain(options.explain);
  return make_run(problem, options, std::move(policy), observer);
}

std::unique_ptr<PolicyRun> make_round_robin(const Problem& problem, const PolicyOptions& options,
                                            sim::Observer* observer) {
  StaticPolicy policy(std::make_shared<const Schedule>(plan_round_robin(problem)));
  policy.set_explain(options.explain, DecisionKind::kPlanned);
  return make_run(problem, options, std::move(policy), observer);
}

std::unique_ptr<PolicyRun> make_random(const Problem& problem, const PolicyOptions& options,
                                       sim::Observer* observer) {
  StaticPolicy policy(std::make_shared<const Schedule>(plan_random(problem, options.seed)));
  policy.set_explain(options.explain, DecisionKind::kPlanned);
  return make_run(problem, options, std::move(policy), observer);
}

PolicyRegistry make_builtin() {
  PolicyRegistry r;
  r.add({"static", "the mapping and per-core order given in a task,core,order CSV", true,
         make_static});
  r.add({"fifo", "ready tasks in arrival order to the fastest idle core, lowest number first",
         false, make_fifo})
      .dynamic = true;
  // Levels with transfer times by default (SimGrid sgref's list scheduler); static_level is
  // the literature's HLFET and ETF (execution times only).
  const PolicyParam level{"level",
                          "bottom_level",
                          "rank by: bottom_level (transfer times counted) or static_level "
                          "(execution times only)",
                          {"bottom_level", "static_level"}};
  r.add({"hlfet",
         "highest level first, to the core with the earliest finish time, no insertion",
         false,
         make_hlfet,
         {level}})
      .estimates_makespan = true;
  r.add({"heft", "highest upward rank first, to the earliest-finish core, insertion into idle gaps",
         false, make_heft})
      .estimates_makespan = true;
  r.add({"cpop", "critical path on its fastest core, other tasks to the earliest-finish core",
         false, make_cpop})
      .estimates_makespan = true;
  r.add({"peft",
         "optimistic cost table look-ahead: earliest finish plus the OCT, insertion into gaps",
         false, make_planned<plan_peft>})
      .estimates_makespan = true;
  r.add({"mcp",
         "smallest ALAP time first (descendants break ties), earliest-finish core, insertion",
         false, make_planned<plan_mcp>})
      .estimates_makespan = true;
  r.add({"etf",
         "the ready task and core with the earliest start time, no insertion",
         false,
         make_etf,
         {level}})
      .estimates_makespan = true;
  r.add({"dls", "the ready task and core with the highest dynamic level, no insertion", false,
         make_planned<plan_dls>})
      .estimates_makespan = true;
  r.add({"min_min", "the ready task with the smallest minimum completion time first, to that core",
         false, make_planned<plan_min_min>})
      .estimates_makespan = true;
  r.add({"max_min", "the ready task with the largest minimum completion time first, to that core",
         false, make_planned<plan_max_min>})
      .estimates_makespan = true;
  r.add({"central_queue",
         "one shared ready queue (priority fifo, bottom_level or random) to idle cores",
         false,
         make_central_queue,
         {{"priority", "fifo", "order of the ready queue", {"fifo", "bottom_level", "random"}}}})
      .dynamic = true;
  r.add({"work_stealing",
         "per-core deques, LIFO locally, idle cores steal the oldest task of a random victim",
         false,
         make_work_stealing,
         {{"steal_latency", "1us", "time for a stolen task to reach the thief", {}},
          {"retry_delay",
           "10us",
           "wait after a failed steal before the next attempt, > 0",
           {},
           true}}})
      .dynamic = true;
  r.add({"locality",
         "ready tasks queue on the core holding most of their input bytes; idle cores take the "
         "longest queue",
         false, make_locality})
      .dynamic = true;
  r.add({"round_robin", "task i of the topological order to core i mod P, in that order", false,
         make_round_robin});
  r.add({"random", "each task to a uniformly random core (seeded), in topological order", false,
         make_random});
  return r;
}

}  // namespace

const PolicyRegistry& PolicyRegistry::builtin() {
  static const PolicyRegistry registry = make_builtin();
  return registry;
}

}  // namespace pelsim::models
