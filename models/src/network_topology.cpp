// TEMPORARY (not committed): bus and crossbar only, until the topo branch lands.
#include "pelsim/models/network_topology.hpp"

#include "pelsim/models/error.hpp"

namespace pelsim::models {

NetworkTopology build_topology(const TopologySpec& spec) {
  NetworkTopology t;
  t.kind_ = spec.kind;
  t.nodes_ = spec.nodes;
  const double nl = spec.nic_latency < 0 ? spec.link_latency : spec.nic_latency;
  const double nb = spec.nic_bandwidth < 0 ? spec.link_bandwidth : spec.nic_bandwidth;
  if (spec.kind == TopologyKind::kBus) {
    t.name_ = "bus";
    t.links_.push_back({"bus", spec.link_latency, spec.link_bandwidth, true});
    t.max_route_links_ = 1;
  } else {
    t.name_ = "crossbar";
    for (NodeId n = 0; n < spec.nodes; ++n) {
      t.links_.push_back({"node" + std::to_string(n) + ".up", nl, nb, true});
      t.links_.push_back({"node" + std::to_string(n) + ".down", nl, nb, true});
    }
    t.max_route_links_ = 2;
  }
  return t;
}

void NetworkTopology::route(NodeId a, NodeId b, std::vector<LinkId>& out) const {
  if (kind_ == TopologyKind::kBus) {
    out.push_back(0);
  } else {
    out.push_back(2 * a);
    out.push_back(2 * b + 1);
  }
}

double NetworkTopology::route_latency(NodeId a, NodeId b) const {
  std::vector<LinkId> r;
  route(a, b, r);
  double l = 0;
  for (LinkId x : r) l += links_[x].latency;
  return l;
}

}  // namespace pelsim::models
