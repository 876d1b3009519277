// Checking and reading the parameters a policy declares (PolicyInfo::params).
#include <algorithm>

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

std::string PolicyInfo::param_names() const {
  std::vector<std::string> names;
  for (const PolicyParam& p : params) names.push_back(p.name);
  return names.empty() ? "none" : join(names);
}

void check_policy_param(const PolicyInfo& info, const std::string& name, const std::string& value) {
  const auto it = std::find_if(info.params.begin(), info.params.end(),
                               [&](const PolicyParam& p) { return p.name == name; });
  if (it == info.params.end())
    throw InputError("unknown parameter '" + name + "' of policy '" + info.name +
                     "' (allowed: " + info.param_names() + ")");
  if (it->choices.empty()) {
    (void)parse_time(name, value);
  } else if (std::find(it->choices.begin(), it->choices.end(), value) == it->choices.end()) {
    throw InputError("policy parameter '" + name + "' is one of " + join(it->choices) +
                     ", not '" + value + "'");
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
