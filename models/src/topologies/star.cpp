// bus (one shared link) and crossbar (each node's up/down link into one switch).
#include "topology_parts.hpp"

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

// Vertices: nodes 0..N-1, the switch N. Only NIC links: up(i) = 2i, down(i) = 2i + 1.
BuildResult build_crossbar(const TopologySpec& spec, TopologyShape& shape, LinkTable& table) {
  shape.vertices = spec.nodes + 1;
  table.reserve(shape.nic ? 2ULL * spec.nodes : 0);
  add_nic_links(spec, shape, table, [&](std::uint32_t) { return spec.nodes; });
  return {"", shape.nic ? 2U : 0U};
}

void route_crossbar(const TopologyShape& shape, NodeId a, NodeId b, LinkSink out) {
  if (!shape.nic) return;
  out(2 * a);
  out(2 * b + 1);
}

}  // namespace pelsim::models::topo
