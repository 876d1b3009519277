// SimGrid's options of the CM02 family of network models (CM02, LV08), which the `flow`
// network follows.
#pragma once

#include <string>

namespace pelsim::models {

/// SimGrid's options of its CM02-family network models (their SimGrid 3.32 configuration
/// names), which FlowNetwork follows. The defaults are CM02 with TCP-gamma 0 and no
/// cross-traffic; lv08() is SimGrid's default model, LV08, with SimGrid's default TCP-gamma and
/// cross-traffic (docs/models/network.md).
struct FlowModel {
  double latency_factor = 1;    ///< network/latency-factor: a route's latency phase is scaled
  double bandwidth_factor = 1;  ///< network/bandwidth-factor: see FlowNetwork
  double weight_s = 0;          ///< network/weight-S: bytes added to a flow's sharing penalty
  double tcp_gamma = 0;         ///< network/TCP-gamma: window bound gamma / (2 latency)
  bool crosstraffic = false;    ///< network/crosstraffic: 5 % of a flow on its back route
  static FlowModel cm02() { return {}; }
  static FlowModel lv08() { return {13.01, 0.97, 20537, 4194304, true}; }
  /// True for cm02(): nothing but the route's latency and links matters.
  bool is_cm02() const {
    return latency_factor == 1 && bandwidth_factor == 1 && weight_s == 0 && tcp_gamma == 0 &&
           !crosstraffic;
  }
  bool operator==(const FlowModel&) const = default;
};

/// "cm02" or "lv08" (either case); an unknown name throws InputError listing the known ones.
FlowModel flow_model_by_name(const std::string& name);
/// "cm02" or "lv08" for those two, else a description of the options ("CM02-family: latency
/// x13.01, ...").
std::string flow_model_name(const FlowModel& model);

}  // namespace pelsim::models
