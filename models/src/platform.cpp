#include "pelsim/models/platform.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "pelsim/models/error.hpp"

namespace pelsim::models {

Platform::Platform(std::vector<double> core_speeds) : speeds_(std::move(core_speeds)) {
  if (speeds_.empty()) throw InputError("a platform needs at least one core");
  for (std::size_t c = 0; c < speeds_.size(); ++c) {
    if (!std::isfinite(speeds_[c]) || speeds_[c] <= 0)
      throw InputError("core " + std::to_string(c) + " has speed " +
                       std::to_string(speeds_[c]) + " (need a finite speed > 0 flop/s)");
    total_speed_ += speeds_[c];
    uniform_ = uniform_ && speeds_[c] == speeds_[0];
  }
  max_speed_ = *std::max_element(speeds_.begin(), speeds_.end());
}

Platform Platform::homogeneous(std::uint32_t cores, double speed) {
  return Platform(std::vector<double>(cores, speed));
}

}  // namespace pelsim::models
