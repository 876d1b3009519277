// The machine: cores with speeds.
#pragma once

#include <cstdint>
#include <vector>

#include "pelsim/models/task_graph.hpp"

namespace pelsim::models {

/// P cores, each with a speed in flop/s (speeds may differ: heterogeneous cores). A value
/// type; the constructor throws InputError unless there is at least one core and every speed
/// is finite and > 0.
class Platform {
 public:
  explicit Platform(std::vector<double> core_speeds);
  static Platform homogeneous(std::uint32_t cores, double speed);

  std::uint32_t core_count() const { return static_cast<std::uint32_t>(speeds_.size()); }
  double speed(CoreId c) const { return speeds_[c]; }
  const std::vector<double>& speeds() const { return speeds_; }
  double total_speed() const { return total_speed_; }
  double max_speed() const { return max_speed_; }
  /// True when every core has the same speed.
  bool is_uniform() const { return uniform_; }

 private:
  std::vector<double> speeds_;
  double total_speed_ = 0;
  double max_speed_ = 0;
  bool uniform_ = true;
};

}  // namespace pelsim::models
