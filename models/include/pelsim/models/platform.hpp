// The machine: cores with speeds and core types.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "pelsim/models/faults.hpp"
#include "pelsim/models/speed_profile.hpp"
#include "pelsim/models/task_graph.hpp"

namespace pelsim::models {

/// A kind of core ("cpu", "gpu", ...): its name, and the speed factor by task type name. A
/// core of this type runs a task of type k at speed(core) x factor(k) flop/s; a task type not
/// listed (and a task without a type) runs at factor 1. Factors are finite and > 0.
struct CoreType {
  std::string name;
  std::vector<std::pair<std::string, double>> factors;
};

/// P cores, each with a speed in flop/s (speeds may differ: heterogeneous cores) and a core
/// type (one type "cpu" without factors unless given). A value type; the constructors throw
/// InputError unless there is at least one core, every speed is finite and > 0, core type
/// names are non-empty and distinct, every factor is finite and > 0 and named once per type,
/// and every core's type index is in range. Cores may fail (faults(), none unless set).
class Platform {
 public:
  explicit Platform(std::vector<double> core_speeds);
  /// Core c has type types[core_type[c]]; core_type has one entry per speed.
  Platform(std::vector<double> core_speeds, std::vector<CoreType> types,
           std::vector<std::uint16_t> core_type);
  static Platform homogeneous(std::uint32_t cores, double speed);

  std::uint32_t core_count() const { return static_cast<std::uint32_t>(speeds_.size()); }
  double speed(CoreId c) const { return speeds_[c]; }
  const std::vector<double>& speeds() const { return speeds_; }
  double total_speed() const { return total_speed_; }
  double max_speed() const { return max_speed_; }
  /// True when every core has the same speed (core type factors aside: see has_factors()).
  bool is_uniform() const { return uniform_; }

  std::uint32_t core_type_count() const { return static_cast<std::uint32_t>(types_.size()); }
  const std::vector<CoreType>& core_types() const { return types_; }
  std::uint16_t core_type(CoreId c) const { return core_type_[c]; }
  /// Index of the core type called `name`, or core_type_count() when there is none.
  std::uint32_t find_core_type(const std::string& name) const;
  /// The core type names, comma-separated (for error messages).
  std::string core_type_list() const;
  /// True when some core type has a factor other than 1.
  bool has_factors() const { return has_factors_; }

  /// How the cores fail (none by default).
  const FaultModel& faults() const { return faults_; }
  /// Replaces the fault model; throws InputError (validate_faults) when it does not fit, or
  /// when the cores have speed profiles.
  void set_faults(FaultModel faults);
  /// Speed over time (SimGrid hosts' speed_file): core c computes at its speed times the
  /// scale of (*profiles)[core_profile[c]] (kNoProfile, or a profile without events: its
  /// speed, always). The profiles are shared, not copied. Throws InputError unless
  /// core_profile has one entry per core, each kNoProfile or a valid index, and, when some
  /// core has a profile, the platform has no faults or checkpoints (not supported together).
  static constexpr std::uint32_t kNoProfile = 0xffffffff;
  void set_speed_profiles(std::shared_ptr<const std::vector<SpeedProfile>> profiles,
                          std::vector<std::uint32_t> core_profile);
  void set_speed_profiles(std::vector<SpeedProfile> profiles,
                          std::vector<std::uint32_t> core_profile) {
    set_speed_profiles(std::make_shared<const std::vector<SpeedProfile>>(std::move(profiles)),
                       std::move(core_profile));
  }
  /// True when some core has a profile.
  bool has_speed_profiles() const { return profiles_ != nullptr; }
  /// The largest factor by which a profile raises a core above its speed (1 when none does):
  /// bounds that assume each core's speed are divided by it.
  double max_speed_scale() const { return max_speed_scale_; }
  /// The smallest factor by which a profile lowers a core below its speed (1 when none does):
  /// bounds on the longest time a task can take are divided by it.
  double min_speed_scale() const { return min_speed_scale_; }
  /// Core c's profile, or nullptr.
  const SpeedProfile* speed_profile(CoreId c) const {
    return profiles_ == nullptr || core_profile_[c] == kNoProfile ? nullptr
                                                                  : &(*profiles_)[core_profile_[c]];
  }

 private:
  std::vector<double> speeds_;
  std::vector<CoreType> types_;
  std::vector<std::uint16_t> core_type_;
  double total_speed_ = 0;
  double max_speed_ = 0;
  bool uniform_ = true;
  bool has_factors_ = false;
  FaultModel faults_;
  std::shared_ptr<const std::vector<SpeedProfile>> profiles_;  // null: no core has one
  std::vector<std::uint32_t> core_profile_;
  double max_speed_scale_ = 1;
  double min_speed_scale_ = 1;
};

}  // namespace pelsim::models
