// routed: explicit links and a route per ordered pair of nodes (a SimGrid zone of hosts).
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "pelsim/models/error.hpp"
#include "topology_parts.hpp"

namespace pelsim::models::topo {

// Vertices: nodes 0..N-1 and N, "the network": a link of an explicit network joins no two
// known vertices, so each one is drawn as a loop on vertex N. Every link is a fabric link.
BuildResult build_routed(const TopologySpec& spec, TopologyShape& shape, LinkTable& table) {
  if (!spec.routes)
    throw InputError(
        "routed: the links and routes come from a SimGrid platform file (a <zone "
        "routing=\"Full\"> of <host>, <link> and <route>), not from a topology name");
  const RouteTable& r = *spec.routes;
  const std::uint64_t n = spec.nodes;
  if (r.start.size() != n * n + 1 || r.start.front() != 0 || r.start.back() != r.route_links.size())
    throw InputError("routed: the route table does not have " + std::to_string(n) + " x " +
                     std::to_string(n) + " routes");
  check_link_count(r.links.size(), "routed");
  shape.vertices = spec.nodes + 1;
  shape.first_fabric = 0;
  shape.nic = false;
  table.reserve(r.links.size());
  for (const NetLink& l : r.links) {
    if (!(l.latency >= 0) || std::isinf(l.latency))
      throw InputError("routed: link " + l.name + " has latency " + std::to_string(l.latency) +
                       " (need a finite time >= 0)");
    if (!(l.bandwidth > 0))
      throw InputError("routed: link " + l.name + " has bandwidth " + std::to_string(l.bandwidth) +
                       " (need > 0)");
    const LinkId id = table.add(l.name, l.latency, l.bandwidth, spec.nodes, spec.nodes);
    if (!l.shared) table.unshare(id);
  }
  std::uint32_t longest = 0;
  for (std::uint64_t pair = 0; pair < n * n; ++pair) {
    const std::uint32_t begin = r.start[pair];
    const std::uint32_t end = r.start[pair + 1];
    auto which = [&] {
      return "routed: the route from node " + std::to_string(pair / n) + " to node " +
             std::to_string(pair % n);
    };
    if (end < begin) throw InputError(which() + " has a negative length");
    for (std::uint32_t k = begin; k < end; ++k) {
      const LinkId l = r.route_links[k];
      if (l >= r.links.size()) throw InputError(which() + " names link id " + std::to_string(l));
    }
    longest = std::max(longest, end - begin);
  }
  return {"", longest};
}

void route_routed(const RouteTable& table, std::uint32_t nodes, NodeId a, NodeId b, LinkSink out) {
  const std::size_t pair = std::size_t{a} * nodes + b;
  for (std::uint32_t k = table.start[pair]; k < table.start[pair + 1]; ++k)
    out(table.route_links[k]);
}

}  // namespace pelsim::models::topo
