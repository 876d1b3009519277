// bus (one shared link) and crossbar (each node's up/down link into one switch).
#include "topology_parts.hpp"

#include <limits>

namespace pelsim::models::topo {

// Vertices: nodes 0..N-1, the bus N. One link, "bus".
BuildResult build_bus(const TopologySpec& spec, TopologyShape& shape, LinkTable& table) {
  shape.vertices = spec.nodes + 1;
  table.add("bus", spec.link_latency, spec.link_bandwidth, spec.nodes, spec.nodes);
  shape.first_fabric = 0;
  return {"", 1};
}

void route_bus(const TopologyShape&, NodeId, NodeId, LinkSink out) {
  out(0);
}

// Vertices: nodes 0..N-1, the switch N (the backbone, if any, is a loop on the switch).
// NIC links: up(i) = 2i, down(i) = 2i + 1; then the backbone, if any (SimGrid's cluster
// bb_bw/bb_lat: every inter-node route crosses it between up(a) and down(b)).
BuildResult build_crossbar(const TopologySpec& spec, TopologyShape& shape, LinkTable& table) {
  shape.backbone = spec.backbone_bandwidth != std::numeric_limits<double>::infinity() ||
                   spec.backbone_latency > 0;
  shape.vertices = spec.nodes + 1;
  table.reserve((shape.nic ? 2ULL * spec.nodes : 0) + (shape.backbone ? 1 : 0));
  add_nic_links(spec, shape, table, [&](std::uint32_t) { return spec.nodes; });
  shape.first_fabric = table.size();
  if (shape.backbone) {
    // One link shared by the traffic of every direction, as in SimGrid.
    const LinkId l = table.add("backbone", spec.backbone_latency, spec.backbone_bandwidth,
                               spec.nodes, spec.nodes);
    if (!spec.backbone_shared) table.unshare(l);
  }
  const std::uint32_t longest = (shape.nic ? 2U : 0U) + (shape.backbone ? 1U : 0U);
  return {shape.backbone ? "with backbone" : "", longest};
}

void route_crossbar(const TopologyShape& shape, NodeId a, NodeId b, LinkSink out) {
  if (shape.nic) out(2 * a);
  if (shape.backbone) out(shape.first_fabric);
  if (shape.nic) out(2 * b + 1);
}

}  // namespace pelsim::models::topo
