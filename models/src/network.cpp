#include "pelsim/models/network.hpp"

#include <cmath>

#include "pelsim/models/error.hpp"

namespace pelsim::models {

NetworkModel NetworkModel::latency_bandwidth(double latency, double bandwidth) {
  if (!std::isfinite(latency) || latency < 0)
    throw InputError("latency must be a finite time >= 0, got " + std::to_string(latency));
  if (!(bandwidth > 0)) throw InputError("bandwidth must be > 0, got " + std::to_string(bandwidth));
  return NetworkModel(Kind::kLatencyBandwidth, latency, bandwidth);
}

const std::vector<NetworkModel::Info>& NetworkModel::known() {
  static const std::vector<Info> infos{
      {"ideal", "transfers are free: only precedence matters"},
      {"latency_bandwidth",
       "L + bytes/B per transfer between different cores, no contention (SimGrid's fatpipe)"},
  };
  return infos;
}

NetworkModel NetworkModel::by_name(const std::string& name, double latency, double bandwidth) {
  if (name == "ideal") return ideal();
  if (name == "latency_bandwidth") return latency_bandwidth(latency, bandwidth);
  std::string list;
  for (const Info& i : known()) list += (list.empty() ? "" : ", ") + i.name;
  throw InputError(unknown_name_message("network model", name, list));
}

std::string NetworkModel::name() const {
  return kind_ == Kind::kIdeal ? "ideal" : "latency_bandwidth";
}

}  // namespace pelsim::models
