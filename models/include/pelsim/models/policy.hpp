// Scheduling policies: registered by name, run through one type-erased interface.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "pelsim/models/decision.hpp"
#include "pelsim/models/problem.hpp"
#include "pelsim/models/schedule.hpp"
#include "pelsim/models/simulation.hpp"
#include "pelsim/sim/observer.hpp"

namespace pelsim::models {

/// Options every policy may read. `schedule` is required by policies with
/// PolicyInfo::needs_schedule (it is validated against the problem before use) and must
/// outlive the run. `params` holds the policy's own parameters by name, values as written
/// ("1us", "bottom_level"); a policy reads them once, when its run is created (never per
/// event), and PolicyInfo::create rejects names the policy does not declare. `explain`, if
/// not null, receives every decision of the run (planning policies: during create(); see
/// decision.hpp) and must outlive the run; null (the default) costs one branch per decision.
struct PolicyOptions {
  const Schedule* schedule = nullptr;
  std::string schedule_source;  ///< where the schedule came from, for error messages
  std::uint64_t seed = 1;
  std::map<std::string, std::string> params;
  DecisionObserver* explain = nullptr;
};

/// A parameter a policy declares: a time in seconds (written with units, "1us") when
/// `choices` is empty, else one of `choices`. `default_value` is as written.
struct PolicyParam {
  std::string name;
  std::string default_value;
  std::string description;
  std::vector<std::string> choices;
  bool positive = false;  ///< a time that must be > 0 (else >= 0)
};

/// One simulation bound to a policy, with the policy's concrete type erased so a front end
/// can drive any of them: step() / run_until() / run(), then result(). Virtual calls happen
/// per front-end call, never per event.
class PolicyRun {
 public:
  virtual ~PolicyRun();
  virtual bool step() = 0;
  virtual void run_until(double t) = 0;
  virtual void run() = 0;
  virtual bool finished() const = 0;
  virtual double now() const = 0;
  /// Throws SimulationError if the run ended with unscheduled tasks.
  virtual const SimulationResult& result() = 0;
  /// For planning policies: the makespan the plan itself predicts (NaN for dynamic ones).
  virtual double planned_makespan() const = 0;
};

/// A registered policy: its name, a one-line description, how to start a run with it, and
/// the parameters it accepts. The registry wraps `create` so that it first checks
/// options.params against `params` (check_policy_params).
struct PolicyInfo {
  std::string name;
  std::string description;
  bool needs_schedule = false;
  std::function<std::unique_ptr<PolicyRun>(const Problem&, const PolicyOptions&, sim::Observer*)>
      create;
  std::vector<PolicyParam> params = {};
  /// A list scheduler that estimates its plan's makespan (PolicyRun::planned_makespan()).
  bool estimates_makespan = false;
  /// Decides at run time, as tasks become ready (else it follows a plan made before the run).
  bool dynamic = false;

  /// The parameter names it accepts, its own then those of every policy: "a, b, c".
  std::string param_names() const;
};

/// Parameters every policy accepts (the DispatchCosts): decision_overhead, dispatch_latency.
const std::vector<PolicyParam>& common_policy_params();
/// The DispatchCosts given in options.params (0 for an absent one). Throws InputError.
DispatchCosts dispatch_costs(const PolicyOptions& options);
/// The same, also refused (InputError) when they would take a run of `problem` past the
/// largest double: each task pays both at most once on top of Problem::time_bound().
DispatchCosts dispatch_costs(const Problem& problem, const PolicyOptions& options);

/// Throws InputError (no file) unless `name` is a parameter of `info` (its own or a common
/// one) and `value` fits it:
/// "unknown parameter 'x' of policy 'p' (allowed: a, b)", "policy parameter 'a': bad time
/// 'x': ...", "policy parameter 'b' is one of u, v, not 'x'".
void check_policy_param(const PolicyInfo& info, const std::string& name, const std::string& value);
/// check_policy_param() on every entry of `params`.
void check_policy_params(const PolicyInfo& info, const std::map<std::string, std::string>& params);
/// A time parameter (seconds): its value in `options`, else `fallback`. Throws InputError for a
/// bad value.
double policy_param_time(const PolicyOptions& options, const std::string& name, double fallback);
/// A choice parameter: its value in `options`, else `fallback` (validated by check_policy_param).
std::string policy_param_text(const PolicyOptions& options, const std::string& name,
                              const std::string& fallback);

/// The table of policies by name. builtin() holds every policy pelsim ships; find() throws
/// InputError for an unknown name, listing the known ones.
class PolicyRegistry {
 public:
  static const PolicyRegistry& builtin();

  /// Adds `info`; returns the stored entry (to set more of its fields).
  PolicyInfo& add(PolicyInfo info);
  const PolicyInfo& find(const std::string& name) const;
  const std::vector<PolicyInfo>& all() const { return infos_; }
  std::string names() const;  ///< "a, b, c"

 private:
  std::vector<PolicyInfo> infos_;
};

/// Adapts a concrete policy type (see Simulator for what it provides) to PolicyRun.
template <class Policy>
class PolicyRunOf final : public PolicyRun {
 public:
  PolicyRunOf(const Problem& problem, Policy policy, sim::Observer* observer,
              DispatchCosts costs = {})
      : problem_(problem), policy_(std::move(policy)), sim_(problem, policy_, observer, costs) {}
  bool step() override { return sim_.step(); }
  void run_until(double t) override { sim_.run_until(t); }
  void run() override { sim_.run(); }
  bool finished() const override { return sim_.finished(); }
  double now() const override { return sim_.now(); }
  const SimulationResult& result() override {
    if (sim_.finished() && sim_.unfinished_tasks() > 0)
      policy_.explain_deadlock(problem_);  // throws InputError if the input caused it
    return sim_.result();
  }
  double planned_makespan() const override { return policy_.planned_makespan(); }

 private:
  const Problem& problem_;
  Policy policy_;
  Simulator<Policy> sim_;
};

}  // namespace pelsim::models
