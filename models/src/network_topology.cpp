#include "pelsim/models/network_topology.hpp"

#include <cmath>
#include <limits>

#include "pelsim/models/error.hpp"
#include "topologies/topology_parts.hpp"

namespace pelsim::models {

namespace topo {

void LinkTable::reserve(std::uint64_t n) {
  links_.reserve(n);
  shape_.link_from.reserve(n);
  shape_.link_to.reserve(n);
}

LinkId LinkTable::add(std::string name, double latency, double bandwidth, std::uint32_t from,
                      std::uint32_t to) {
  links_.push_back(NetLink{std::move(name), latency, bandwidth, true});
  shape_.link_from.push_back(from);
  shape_.link_to.push_back(to);
  return static_cast<LinkId>(links_.size() - 1);
}

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> parts;
  std::size_t i = 0;
  for (std::size_t at; (at = text.find(sep, i)) != std::string::npos; i = at + 1)
    parts.push_back(text.substr(i, at - i));
  parts.push_back(text.substr(i));
  return parts;
}

void check_link_count(std::uint64_t links, const char* kind) {
  if (links > std::numeric_limits<LinkId>::max())
    throw InputError(std::string(kind) + ": too large (" + std::to_string(links) +
                     " links, at most 4294967295)");
}

}  // namespace topo

namespace {

// Checks the link characteristics and resolves the NIC defaults (< 0: same as the fabric).
TopologySpec resolved(const TopologySpec& spec) {
  const std::string kind = topology_name(spec.kind);
  if (spec.nodes == 0) throw InputError(kind + ": the number of nodes must be >= 1, got 0");
  TopologySpec s = spec;
  if (s.kind == TopologyKind::kRouted) return s;  // each link has its own values
  if (!(s.link_latency >= 0) || std::isinf(s.link_latency))
    throw InputError(kind + ": link latency must be a finite time >= 0, got " +
                     std::to_string(s.link_latency));
  if (!(s.link_bandwidth > 0))
    throw InputError(kind + ": link bandwidth must be > 0, got " +
                     std::to_string(s.link_bandwidth));
  if (s.nic_latency < 0) s.nic_latency = s.link_latency;
  if (s.nic_bandwidth < 0) s.nic_bandwidth = s.link_bandwidth;
  if (!(s.nic_latency >= 0) || std::isinf(s.nic_latency))
    throw InputError(kind + ": NIC latency must be a finite time >= 0, got " +
                     std::to_string(s.nic_latency));
  if (!(s.nic_bandwidth > 0))
    throw InputError(kind + ": NIC bandwidth must be > 0, got " + std::to_string(s.nic_bandwidth));
  return s;
}

}  // namespace

NetworkTopology build_topology(const TopologySpec& spec) {
  const TopologySpec s = resolved(spec);
  NetworkTopology t;
  t.kind_ = s.kind;
  t.name_ = topology_name(s.kind);
  t.nodes_ = s.nodes;
  t.shape_.nic = s.kind != TopologyKind::kBus && s.kind != TopologyKind::kRouted &&
                 !(std::isinf(s.nic_bandwidth) && s.nic_latency == 0);
  topo::LinkTable table(t.links_, t.shape_);
  topo::BuildResult r;
  switch (s.kind) {
    case TopologyKind::kBus:
      r = topo::build_bus(s, t.shape_, table);
      break;
    case TopologyKind::kCrossbar:
      r = topo::build_crossbar(s, t.shape_, table);
      break;
    case TopologyKind::kRing:
    case TopologyKind::kMesh2d:
    case TopologyKind::kTorus2d:
    case TopologyKind::kTorus3d:
      r = topo::build_grid(s, t.shape_, table);
      break;
    case TopologyKind::kFatTree:
      r = topo::build_fat_tree(s, t.shape_, table);
      break;
    case TopologyKind::kDragonfly:
      r = topo::build_dragonfly(s, t.shape_, table);
      break;
    case TopologyKind::kRouted:
      r = topo::build_routed(s, t.shape_, table);
      t.routes_ = s.routes;
      break;
  }
  t.same_node_routes_ = s.same_node_routes;
  t.shape_text_ = std::move(r.shape_text);
  t.max_route_links_ = s.nodes >= 2 || t.has_loopback_routes() ? r.max_route_links : 0;
  return t;
}

namespace {

template <class F>
void for_each_route_link(const NetworkTopology& t, const detail::TopologyShape& shape, NodeId a,
                         NodeId b, F& f) {
  const topo::LinkSink sink(f);
  if (const RouteTable* table = t.route_table())
    return topo::route_routed(*table, t.node_count(), a, b, sink);
  if (a == b && !t.has_loopback_routes()) return;
  switch (t.kind()) {
    case TopologyKind::kBus:
      return topo::route_bus(shape, a, b, sink);
    case TopologyKind::kCrossbar:
      return topo::route_crossbar(shape, a, b, sink);
    case TopologyKind::kRing:
    case TopologyKind::kMesh2d:
    case TopologyKind::kTorus2d:
    case TopologyKind::kTorus3d:
      return topo::route_grid(shape, a, b, sink);
    case TopologyKind::kFatTree:
      return topo::route_fat_tree(shape, a, b, sink);
    case TopologyKind::kDragonfly:
      return topo::route_dragonfly(shape, a, b, sink);
    case TopologyKind::kRouted:
      return;  // (handled above)
  }
}

}  // namespace

void NetworkTopology::route(NodeId a, NodeId b, std::vector<LinkId>& out) const {
  auto push = [&out](LinkId l) { out.push_back(l); };
  for_each_route_link(*this, shape_, a, b, push);
}

double NetworkTopology::route_latency(NodeId a, NodeId b) const {
  double sum = 0;
  auto add = [&](LinkId l) { sum += links_[l].latency; };
  for_each_route_link(*this, shape_, a, b, add);
  return sum;
}

std::uint32_t NetworkTopology::hops(NodeId a, NodeId b) const {
  std::uint32_t n = 0;
  auto count = [&](LinkId l) { n += is_nic_link(l) ? 0 : 1; };
  for_each_route_link(*this, shape_, a, b, count);
  return n;
}

std::string NetworkTopology::describe() const {
  std::string d = name_;
  if (!shape_text_.empty()) d += " " + shape_text_;
  d += ", " + std::to_string(nodes_) + (nodes_ == 1 ? " node, " : " nodes, ");
  d += std::to_string(links_.size()) + (links_.size() == 1 ? " link" : " links");
  return d;
}

const std::vector<TopologyInfo>& known_topologies() {
  static const std::vector<TopologyInfo> infos{
      {"bus", "one shared link carries every transfer (no per-node links)"},
      {"crossbar", "each node's own up and down link into one non-blocking switch (star)"},
      {"ring", "bidirectional ring, shortest direction (ties: increasing index)"},
      {"mesh2d", "X x Y grid, dimension-order routing (X then Y)"},
      {"torus2d", "X x Y grid with wrap-around, shortest way in each dimension"},
      {"torus3d", "X x Y x Z torus, dimension-order routing, shortest way per dimension"},
      {"fat_tree", "SimGrid's \"h;m1,..;w1,..;p1,..\" fat tree, d-mod-k up/down routing"},
      {"dragonfly", "SimGrid's \"g,gl;c,cl;r,rl;n\" dragonfly, minimal routing"},
  };
  return infos;
}

const char* topology_name(TopologyKind kind) {
  switch (kind) {
    case TopologyKind::kBus:
      return "bus";
    case TopologyKind::kCrossbar:
      return "crossbar";
    case TopologyKind::kRing:
      return "ring";
    case TopologyKind::kMesh2d:
      return "mesh2d";
    case TopologyKind::kTorus2d:
      return "torus2d";
    case TopologyKind::kTorus3d:
      return "torus3d";
    case TopologyKind::kFatTree:
      return "fat_tree";
    case TopologyKind::kDragonfly:
      return "dragonfly";
    case TopologyKind::kRouted:
      return "routed";
  }
  return "?";
}

TopologyKind topology_by_name(const std::string& name) {
  static constexpr TopologyKind kAll[] = {TopologyKind::kBus,     TopologyKind::kCrossbar,
                                          TopologyKind::kRing,    TopologyKind::kMesh2d,
                                          TopologyKind::kTorus2d, TopologyKind::kTorus3d,
                                          TopologyKind::kFatTree, TopologyKind::kDragonfly};
  // "routed" is a SimGrid zone of hosts' (its table comes from the file): not offered by name.
  if (name == topology_name(TopologyKind::kRouted)) return TopologyKind::kRouted;
  std::string list;
  for (TopologyKind k : kAll) {
    if (name == topology_name(k)) return k;
    list += (list.empty() ? "" : ", ") + std::string(topology_name(k));
  }
  throw InputError(unknown_name_message("topology", name, list));
}

}  // namespace pelsim::models
