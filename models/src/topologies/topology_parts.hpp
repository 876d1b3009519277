// Internal pieces of NetworkTopology: one builder and one routing function per family.
//
// Link ids: when NIC links exist, node i's up link (node -> its switch/router) is 2i and its
// down link is 2i + 1 (fat tree: the level-0 block, see fat_tree.cpp); fabric links follow.
// Routing functions compute a route arithmetically and hand each link to a LinkSink, so that
// route(), route_latency() and hops() share one code path and none of them allocates.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "pelsim/models/network_topology.hpp"

namespace pelsim::models::topo {

using detail::TopologyShape;

/// A non-owning callback receiving the links of a route one by one (no allocation).
class LinkSink {
 public:
  template <class F>
  explicit LinkSink(F& f) : ctx_(&f), fn_([](void* c, LinkId l) { (*static_cast<F*>(c))(l); }) {}
  void operator()(LinkId l) const { fn_(ctx_, l); }

 private:
  void* ctx_;
  void (*fn_)(void*, LinkId);
};

/// The links of a topology under construction, with the vertices each one joins.
class LinkTable {
 public:
  LinkTable(std::vector<NetLink>& links, TopologyShape& shape) : links_(links), shape_(shape) {}
  void reserve(std::uint64_t n);
  /// Appends a shared link from vertex `from` to vertex `to`; returns its id.
  LinkId add(std::string name, double latency, double bandwidth, std::uint32_t from,
             std::uint32_t to);
  LinkId size() const { return static_cast<LinkId>(links_.size()); }
  /// Makes link l a fatpipe (each flow may use all its bandwidth).
  void unshare(LinkId l) { links_[l].shared = false; }

 private:
  std::vector<NetLink>& links_;
  TopologyShape& shape_;
};

/// What a builder reports besides the links: the shape text for describe() and the longest
/// route in links.
struct BuildResult {
  std::string shape_text;
  std::uint32_t max_route_links = 0;
};

/// Adds node i's "node<i>.up" (vertex i -> router_vertex(i)) and "node<i>.down" links for every
/// node, when spec says NIC links exist; sets shape.first_fabric.
template <class RouterVertex>
void add_nic_links(const TopologySpec& spec, TopologyShape& shape, LinkTable& table,
                   RouterVertex router_vertex) {
  if (!shape.nic) return;
  for (std::uint32_t i = 0; i < spec.nodes; ++i) {
    const std::string node = "node" + std::to_string(i);
    table.add(node + ".up", spec.nic_latency, spec.nic_bandwidth, i, router_vertex(i));
    table.add(node + ".down", spec.nic_latency, spec.nic_bandwidth, router_vertex(i), i);
  }
  shape.first_fabric = table.size();
}

/// The pieces of `text` between `sep`s ("a;b;" -> {"a", "b", ""}).
std::vector<std::string> split(const std::string& text, char sep);

/// Throws InputError if a topology would have more than 2^32 - 1 links.
void check_link_count(std::uint64_t links, const char* kind);

/// Factorisations used for default shapes: the most nearly square {X, Y} (X >= Y, X * Y = n;
/// a prime n gives {n, 1}) and the most nearly cubic {X, Y, Z} (X >= Y >= Z, smallest X, then
/// largest Z).
std::vector<std::uint32_t> near_square(std::uint32_t n);
std::vector<std::uint32_t> near_cube(std::uint32_t n);

// spec.nic_latency/nic_bandwidth are already resolved (>= 0, > 0) and shape.nic set.
BuildResult build_bus(const TopologySpec& spec, TopologyShape& shape, LinkTable& table);
BuildResult build_crossbar(const TopologySpec& spec, TopologyShape& shape, LinkTable& table);
BuildResult build_grid(const TopologySpec& spec, TopologyShape& shape, LinkTable& table);
BuildResult build_fat_tree(const TopologySpec& spec, TopologyShape& shape, LinkTable& table);
BuildResult build_dragonfly(const TopologySpec& spec, TopologyShape& shape, LinkTable& table);
BuildResult build_routed(const TopologySpec& spec, TopologyShape& shape, LinkTable& table);

void route_bus(const TopologyShape& shape, NodeId a, NodeId b, LinkSink out);
void route_crossbar(const TopologyShape& shape, NodeId a, NodeId b, LinkSink out);
void route_grid(const TopologyShape& shape, NodeId a, NodeId b, LinkSink out);
void route_fat_tree(const TopologyShape& shape, NodeId a, NodeId b, LinkSink out);
void route_dragonfly(const TopologyShape& shape, NodeId a, NodeId b, LinkSink out);
/// Also a == b (the node's loopback route).
void route_routed(const RouteTable& table, std::uint32_t nodes, NodeId a, NodeId b, LinkSink out);

}  // namespace pelsim::models::topo
