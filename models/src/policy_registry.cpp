#include <cmath>

#include "pelsim/models/error.hpp"
#include "pelsim/models/policies/fifo_policy.hpp"
#include "pelsim/models/policies/heft.hpp"
#include "pelsim/models/policies/hlfet.hpp"
#include "pelsim/models/policies/static_policy.hpp"
#include "pelsim/models/policy.hpp"

namespace pelsim::models {

PolicyRun::~PolicyRun() = default;

void PolicyRegistry::add(PolicyInfo info) { infos_.push_back(std::move(info)); }

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
  return std::make_unique<PolicyRunOf<StaticPolicy>>(problem, std::move(policy), observer);
}

std::unique_ptr<PolicyRun> make_hlfet(const Problem& problem, const PolicyOptions&,
                                      sim::Observer* observer) {
  double estimate = 0;
  auto plan = std::make_shared<const Schedule>(plan_hlfet(problem, &estimate));
  return std::make_unique<PolicyRunOf<StaticPolicy>>(problem,
                                                     StaticPolicy(std::move(plan), estimate), observer);
}

std::unique_ptr<PolicyRun> make_heft(const Problem& problem, const PolicyOptions&,
                                     sim::Observer* observer) {
  double estimate = 0;
  auto plan = std::make_shared<const Schedule>(plan_heft(problem, &estimate));
  return std::make_unique<PolicyRunOf<StaticPolicy>>(problem,
                                                     StaticPolicy(std::move(plan), estimate), observer);
}

std::unique_ptr<PolicyRun> make_cpop(const Problem& problem, const PolicyOptions&,
                                     sim::Observer* observer) {
  double estimate = 0;
  auto plan = std::make_shared<const Schedule>(plan_cpop(problem, &estimate));
  return std::make_unique<PolicyRunOf<StaticPolicy>>(problem,
                                                     StaticPolicy(std::move(plan), estimate), observer);
}

std::unique_ptr<PolicyRun> make_fifo(const Problem& problem, const PolicyOptions&,
                                     sim::Observer* observer) {
  return std::make_unique<PolicyRunOf<FifoPolicy>>(problem, FifoPolicy(), observer);
}

PolicyRegistry make_builtin() {
  PolicyRegistry r;
  r.add({"static", "the mapping and per-core order given in a task,core,order CSV", true,
         make_static});
  r.add({"fifo", "ready tasks in arrival order to the lowest-numbered idle core (dynamic)",
         false, make_fifo});
  r.add({"hlfet",
         "highest bottom level first, to the core with the earliest finish time, no insertion",
         false, make_hlfet});
  r.add({"heft", "highest upward rank first, to the earliest-finish core, insertion into idle gaps",
         false, make_heft});
  r.add({"cpop", "critical path on its fastest core, other tasks to the earliest-finish core",
         false, make_cpop});
  return r;
}

}  // namespace

const PolicyRegistry& PolicyRegistry::builtin() {
  static const PolicyRegistry registry = make_builtin();
  return registry;
}

}  // namespace pelsim::models
