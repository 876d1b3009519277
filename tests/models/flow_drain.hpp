// Runs a FlowNetwork by itself (no simulator) in the FlowNetwork tests.
#pragma once

#include <cstdint>
#include <vector>

#include "pelsim/models/flow_network.hpp"

namespace pelsim::models::testing {

/// Completes flows until none is left; returns each tag's completion time (-1: none).
inline std::vector<double> drain(FlowNetwork& net, std::size_t tags) {
  std::vector<double> done(tags, -1);
  while (net.next_completion() != FlowNetwork::kNever) {
    const double t = net.next_completion();
    net.complete_due(t, [&](std::uint64_t tag, double) { done[tag] = t; });
  }
  return done;
}

}  // namespace pelsim::models::testing
