// Checking and reading the parameters a policy declares (PolicyInfo::params).
#include <algorithm>
#include <cmath>
#include <string>

#include "pelsim/models/error.hpp"
#include "pelsim/models/policy.hpp"
#include "pelsim/models/units.hpp"

namespace pelsim::models {

namespace {

std::string join(const std::vector<std::string>& words) {
  std::string list;
  for (const std::string& w : words) list += (list.empty() ? "" : ", ") + w;
  return list;
}

double parse_time(const std::string& name, const std::string& value) {
  try {
    return parse_quantity(value, Quantity::kTime);
  } catch (const InputError& e) {
    throw InputError("policy parameter '" + name + "': " + e.reason());
  }
}

}  // namespace

const std::vector<PolicyParam>& common_policy_params() {
  static const std::vector<PolicyParam> common{
      {"decision_overhead", "0", "time a core spends taking up each task before computing it", {}},
      {"dispatch_latency", "0", "time from a decision until the core can act on it", {}}};
  return common;
}

DispatchCosts dispatch_costs(const PolicyOptions& options) {
  return {policy_param_time(options, "decision_overhead", 0.0),
          policy_param_time(options, "dispatch_latency", 0.0)};
}

DispatchCosts dispatch_costs(const Problem& problem, const PolicyOptions& options) {
  const DispatchCosts costs = dispatch_costs(options);
  const double per_task = costs.decision_overhead + costs.dispatch_latency;
  const std::uint32_t n = problem.graph().task_count();
  if (!std::isfinite(problem.time_bound() + n * per_task))
    throw InputError(
        "policy parameters decision_overhead and dispatch_latency: " + std::to_string(n) +
        " tasks paying them would take the run's times past 1.8e308 s (the "
        "largest double)");
  return costs;
}

std::string PolicyInfo::param_names() const {
  std::vector<std::string> names;
  for (const PolicyParam& p : params) names.push_back(p.name);
  for (const PolicyParam& p : common_policy_params()) names.push_back(p.name);
  return join(names);
}

void check_policy_param(const PolicyInfo& info, const std::string& name, const std::string& value) {
  const auto named = [&](const PolicyParam& p) { return p.name == name; };
  auto it = std::find_if(info.params.begin(), info.params.end(), named);
  if (it == info.params.end()) {
    const auto& common = common_policy_params();
    it = std::find_if(common.begin(), common.end(), named);
    if (it == common.end())
      throw InputError("unknown parameter '" + name + "' of policy '" + info.name +
                       "' (allowed: " + info.param_names() + ")");
  }
  if (it->choices.empty()) {
    if (!(parse_time(name, value) > 0) && it->positive)
      throw InputError("policy parameter '" + name + "' must be > 0, not '" + value + "'");
  } else if (std::find(it->choices.begin(), it->choices.end(), value) == it->choices.end()) {
    throw InputError("policy parameter '" + name + "' is one of " + join(it->choices) + ", not '" +
                     value + "'");
  }
}

void check_policy_params(const PolicyInfo& info, const std::map<std::string, std::string>& params) {
  for (const auto& [name, value] : params) check_policy_param(info, name, value);
}

double policy_param_time(const PolicyOptions& options, const std::string& name, double fallback) {
  const auto it = options.params.find(name);
  return it == options.params.end() ? fallback : parse_time(name, it->second);
}

std::string policy_param_text(const PolicyOptions& options, const std::string& name,
                              const std::string& fallback) {
  const auto it = options.params.find(name);
  return it == options.params.end() ? fallback : it->second;
}

}  // namespace pelsim::models
