// Interconnect topologies: the links between nodes and the deterministic route between any
// two of them, for the contention-aware `flow` network model.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace pelsim::models {

using LinkId = std::uint32_t;
using NodeId = std::uint32_t;

/// One directed network resource. A `shared` link divides its bandwidth among the flows that
/// cross it (max-min fairness); a non-shared link (SimGrid's FATPIPE) gives every flow its
/// full bandwidth. A link with infinite bandwidth never limits a flow.
struct NetLink {
  std::string name;      ///< e.g. "node3.up", "bus", "ring 4->5"
  double latency = 0;    ///< seconds, >= 0
  double bandwidth = 0;  ///< bytes/s, > 0 (may be +inf)
  bool shared = true;
};

/// The interconnect families pelsim knows (see docs/models/network-topologies.md for each one's
/// links and routing).
enum class TopologyKind : std::uint8_t {
  kBus,        ///< one shared link carries every transfer; no per-node links
  kCrossbar,   ///< each node's own up and down link into a non-blocking switch
  kRing,       ///< bidirectional ring, shortest direction (ties: increasing index)
  kMesh2d,     ///< X x Y grid, dimension-order (X then Y) routing
  kTorus2d,    ///< mesh2d with wrap-around links, shortest way in each dimension
  kTorus3d,    ///< X x Y x Z torus, dimension-order routing
  kFatTree,    ///< k-ary n-tree / SimGrid's "h;m1..mh;w1..wh;p1..ph" fat tree
  kDragonfly,  ///< SimGrid's "groups,links;chassis,links;routers,links;nodes" dragonfly
  kRouted,     ///< explicit links and a route per pair of nodes (a SimGrid zone of hosts)
};

/// The links of an explicit network and the route of every ordered pair of nodes, as a
/// SimGrid zone of hosts gives them (read_simgrid_platform(): Full routes as given, Floyd and
/// Dijkstra routes computed). The route from a to
/// b is route_links[start[a * nodes + b] .. start[a * nodes + b + 1]); the pair (a, a) is node
/// a's loopback, used between two cores of one node. build_topology() checks that `start`
/// has nodes * nodes + 1 offsets from 0 to route_links.size(), non-decreasing, that every link
/// id is in range and that no route crosses a link twice. A route that crosses no link means
/// there is none (missing()): between two nodes, or from a node to itself (a host of a SimGrid
/// zone of routing None, where SimGrid has no route even for a host's own transfers).
struct RouteTable {
  std::vector<NetLink> links;
  std::vector<std::uint32_t> start;
  std::vector<LinkId> route_links;
  /// For messages: the nodes' names and the file the table comes from (may be empty).
  std::vector<std::string> node_names;
  std::string source;
  /// True when the route from a to b (a == b included) is empty: a transfer that needs it is
  /// an error, as in SimGrid, which fails on it.
  bool missing(std::uint32_t nodes, std::uint32_t a, std::uint32_t b) const {
    const std::size_t pair = std::size_t{a} * nodes + b;
    return start[pair] == start[pair + 1];
  }
};

/// What a user writes to describe an interconnect. Which fields matter depends on `kind`;
/// build_topology() checks them.
struct TopologySpec {
  TopologyKind kind = TopologyKind::kCrossbar;
  std::uint32_t nodes = 1;  ///< endpoints (compute nodes)
  /// mesh2d/torus2d: {X, Y}; torus3d: {X, Y, Z}. Empty: the most nearly cubic/square shape
  /// whose product is `nodes`. Their product must equal `nodes`.
  std::vector<std::uint32_t> dims;
  /// fat_tree: SimGrid's topo_parameters "h;m1,...,mh;w1,...,wh;p1,...,ph" (levels; down
  /// ports per switch at each level; up ports per node/switch at each level; parallel links).
  /// dragonfly: SimGrid's "g,gl;c,cl;r,rl;n" (groups and links between groups; chassis per
  /// group and links between chassis; routers per chassis and links between routers; nodes
  /// per router). Empty: a default shape for `nodes` (see docs).
  std::string parameters;
  /// Every fabric link (bus, ring/mesh/torus cables, switch-to-switch links).
  double link_latency = 0;
  double link_bandwidth = 1e9;
  /// Each node's own up and down link (NIC injection/ejection); < 0 = same as the fabric
  /// link. Infinite bandwidth and zero latency: no NIC links. Not used by `bus`.
  double nic_latency = -1;
  double nic_bandwidth = -1;
  /// crossbar only: a link every inter-node route crosses between up(a) and down(b); infinite
  /// bandwidth = none (SimGrid's cluster backbone, bb_bw/bb_lat/bb_sharing_policy).
  double backbone_latency = 0;
  double backbone_bandwidth = std::numeric_limits<double>::infinity();
  bool backbone_shared = true;
  /// routed only: the links and routes (`nodes` must be the table's node count; the link and
  /// NIC values above are not used).
  std::shared_ptr<const RouteTable> routes;
  /// True: a transfer between two cores of one node takes the topology's own route from the
  /// node to itself (a crossbar: up, backbone, down; a fat tree: up to a switch and back; a
  /// dragonfly: up to the router and back), as in a SimGrid cluster without loopback, instead
  /// of the intra-node link.
  bool same_node_routes = false;
};

namespace detail {
/// Routing data of a NetworkTopology (internal: filled by the builders in
/// models/src/topologies/, read by the routing functions; the meaning of each vector depends
/// on the kind, see models/src/topologies/topology_parts.hpp).
struct TopologyShape {
  std::vector<std::uint32_t> dims;       ///< grid sizes; fat tree m_i; dragonfly {g, c, r, n}
  std::vector<std::uint32_t> up;         ///< fat tree w_i; dragonfly {gl, cl, rl}
  std::vector<std::uint32_t> parallel;   ///< fat tree p_i
  std::vector<std::uint32_t> count;      ///< fat tree: nodes/switches per level
  std::vector<LinkId> base;              ///< first link id of each dimension / level / block
  bool nic = true;                       ///< false: NIC links omitted (infinite and free)
  bool wrap = false;                     ///< grids: wrap-around links (ring, torus)
  bool backbone = false;                 ///< crossbar: a backbone link (the last link)
  LinkId first_fabric = 0;               ///< links below this id are NIC links
  std::uint32_t vertices = 0;            ///< nodes, then switches/routers
  std::vector<std::uint32_t> link_from;  ///< vertex each link leaves
  std::vector<std::uint32_t> link_to;    ///< vertex each link enters
};
}  // namespace detail

/// A built interconnect: its links (directed; a full-duplex cable is two links) and a
/// deterministic routing function computed arithmetically on demand (no per-pair tables).
/// A value type; build_topology() throws InputError on parameters that do not describe a
/// valid network. Node ids passed to route(), route_latency() and hops() must be
/// < node_count() (not checked).
class NetworkTopology {
 public:
  TopologyKind kind() const { return kind_; }
  const std::string& name() const { return name_; }
  std::uint32_t node_count() const { return nodes_; }
  const std::vector<NetLink>& links() const { return links_; }

  /// Appends to `out` the links a transfer from node a to node b crosses, in order; nothing
  /// when a == b, except for a routed topology, whose node has its own loopback route, and a
  /// topology built with same_node_routes (has_loopback_routes()). Allocates nothing once `out` has
  /// capacity for max_route_links() more. O(route length).
  void route(NodeId a, NodeId b, std::vector<LinkId>& out) const;
  /// Sum of the latencies along route(a, b). Allocates nothing.
  double route_latency(NodeId a, NodeId b) const;
  /// Number of fabric hops (switch-to-switch or node-to-node cables, NIC links excluded; the
  /// bus counts 1). Allocates nothing.
  std::uint32_t hops(NodeId a, NodeId b) const;
  /// Longest route, in links (for sizing route buffers).
  std::uint32_t max_route_links() const { return max_route_links_; }
  /// True when route(a, a) may cross links (a routed topology's loopbacks, or
  /// TopologySpec::same_node_routes): transfers between two cores of one node then take that
  /// route instead of the intra-node link.
  bool has_loopback_routes() const { return routes_ != nullptr || same_node_routes_; }
  /// A routed topology's table (null for the other kinds).
  const RouteTable* route_table() const { return routes_.get(); }
  /// True if `link` is a node's own NIC link (up or down), false for a fabric link.
  bool is_nic_link(LinkId link) const { return link < shape_.first_fabric; }

  /// The two vertices a link joins (for checks and drawings): vertices 0..N-1 are the nodes,
  /// N.. the switches/routers (the bus itself is vertex N).
  struct LinkEnds {
    std::uint32_t from = 0;
    std::uint32_t to = 0;
  };
  LinkEnds link_ends(LinkId link) const { return {shape_.link_from[link], shape_.link_to[link]}; }
  std::uint32_t vertex_count() const { return shape_.vertices; }

  /// One-line shape, e.g. "torus3d 4x4x4, 64 nodes, 512 links" (384 fabric + 128 NIC links).
  std::string describe() const;

 private:
  friend NetworkTopology build_topology(const TopologySpec& spec);
  TopologyKind kind_ = TopologyKind::kCrossbar;
  std::string name_;
  std::string shape_text_;  // e.g. "4x4x4", "2;4,4;1,2;1,2"; empty for bus/crossbar/ring
  std::uint32_t nodes_ = 0;
  std::vector<NetLink> links_;
  std::uint32_t max_route_links_ = 0;
  detail::TopologyShape shape_;
  std::shared_ptr<const RouteTable> routes_;  // routed only
  bool same_node_routes_ = false;
};

/// Builds a topology; throws InputError (with the reason) on invalid parameters.
NetworkTopology build_topology(const TopologySpec& spec);

/// "bus", "crossbar", ... ; by_name throws InputError listing the known names.
const char* topology_name(TopologyKind kind);
TopologyKind topology_by_name(const std::string& name);
/// Each known topology with a one-line description.
struct TopologyInfo {
  std::string name;
  std::string description;
};
const std::vector<TopologyInfo>& known_topologies();

}  // namespace pelsim::models
