#include "pelsim/models/platform.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "pelsim/models/error.hpp"

namespace pelsim::models {

Platform::Platform(std::vector<double> core_speeds)
    : Platform(std::move(core_speeds), {CoreType{"cpu", {}}}, {}) {}

Platform::Platform(std::vector<double> core_speeds, std::vector<CoreType> types,
                   std::vector<std::uint16_t> core_type)
    : speeds_(std::move(core_speeds)), types_(std::move(types)), core_type_(std::move(core_type)) {
  if (speeds_.empty()) throw InputError("a platform needs at least one core");
  for (std::size_t c = 0; c < speeds_.size(); ++c) {
    if (!std::isfinite(speeds_[c]) || speeds_[c] <= 0)
      throw InputError("core " + std::to_string(c) + " has speed " +
                       std::to_string(speeds_[c]) + " (need a finite speed > 0 flop/s)");
    total_speed_ += speeds_[c];
    uniform_ = uniform_ && speeds_[c] == speeds_[0];
  }
  max_speed_ = *std::max_element(speeds_.begin(), speeds_.end());

  if (types_.empty()) throw InputError("a platform needs at least one core type");
  if (types_.size() > 0xFFFF) throw InputError("more than 65535 core types");
  if (core_type_.empty()) core_type_.assign(speeds_.size(), 0);
  if (core_type_.size() != speeds_.size())
    throw InputError(std::to_string(core_type_.size()) + " core types given for " +
                     std::to_string(speeds_.size()) + " cores");
  for (std::size_t i = 0; i < types_.size(); ++i) {
    const CoreType& t = types_[i];
    if (t.name.empty()) throw InputError("a core type has an empty name");
    for (std::size_t j = 0; j < i; ++j)
      if (types_[j].name == t.name) throw InputError("core type '" + t.name + "' is given twice");
    for (std::size_t f = 0; f < t.factors.size(); ++f) {
      const auto& [task_type, factor] = t.factors[f];
      if (!std::isfinite(factor) || factor <= 0)
        throw InputError("core type '" + t.name + "': the factor of task type '" + task_type +
                         "' is " + std::to_string(factor) + " (need a finite number > 0)");
      for (std::size_t g = 0; g < f; ++g)
        if (t.factors[g].first == task_type)
          throw InputError("core type '" + t.name + "' gives task type '" + task_type +
                           "' two factors");
      has_factors_ = has_factors_ || factor != 1.0;
    }
  }
  for (std::size_t c = 0; c < core_type_.size(); ++c)
    if (core_type_[c] >= types_.size())
      throw InputError("core " + std::to_string(c) + " has core type index " +
                       std::to_string(core_type_[c]) + " but there are " +
                       std::to_string(types_.size()) + " core types");
}

void Platform::set_faults(FaultModel faults) {
  validate_faults(faults, core_count());
  if (profiles_ != nullptr && (faults.active() || faults.checkpoints.active()))
    throw InputError(
        "core failures and checkpoints are not supported on hosts with speed profiles "
        "(speed_file, or <trace_connect kind=\"SPEED\">)");
  faults_ = std::move(faults);
}

void Platform::set_speed_profiles(std::shared_ptr<const std::vector<SpeedProfile>> profiles,
                                  std::vector<std::uint32_t> core_profile) {
  if (core_profile.size() != core_count())
    throw InputError("speed profiles: " + std::to_string(core_profile.size()) +
                     " cores given, the platform has " + std::to_string(core_count()));
  const std::size_t count = profiles == nullptr ? 0 : profiles->size();
  // Each profile some core follows, once (a profile without events changes nothing).
  std::vector<char> used(count, 0);
  bool any = false;
  for (std::uint32_t& k : core_profile) {
    if (k == kNoProfile) continue;
    if (k >= count)
      throw InputError("speed profiles: a core names profile " + std::to_string(k) + " of " +
                       std::to_string(count));
    if ((*profiles)[k].dates.empty()) {
      k = kNoProfile;
      continue;
    }
    used[k] = 1;
    any = true;
  }
  if (any && (faults_.active() || faults_.checkpoints.active()))
    throw InputError(
        "core failures and checkpoints are not supported on hosts with speed profiles "
        "(speed_file, or <trace_connect kind=\"SPEED\">)");
  max_speed_scale_ = min_speed_scale_ = 1;
  if (!any) {
    profiles_.reset();
    core_profile_.clear();
    return;
  }
  for (std::size_t k = 0; k < count; ++k) {
    if (!used[k]) continue;
    for (const double scale : (*profiles)[k].scales) {
      max_speed_scale_ = std::max(max_speed_scale_, scale);
      min_speed_scale_ = std::min(min_speed_scale_, scale);
    }
  }
  profiles_ = std::move(profiles);
  core_profile_ = std::move(core_profile);
}

Platform Platform::homogeneous(std::uint32_t cores, double speed) {
  return Platform(std::vector<double>(cores, speed));
}

std::uint32_t Platform::find_core_type(const std::string& name) const {
  for (std::uint32_t i = 0; i < types_.size(); ++i)
    if (types_[i].name == name) return i;
  return core_type_count();
}

std::string Platform::core_type_list() const {
  std::string out;
  for (const CoreType& t : types_) out += (out.empty() ? "" : ", ") + t.name;
  return out;
}

}  // namespace pelsim::models
