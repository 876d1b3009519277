#include "pelsim/models/network_topology.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>

#include "pelsim/models/error.hpp"

namespace pelsim::models {
namespace {

TopologySpec make(TopologyKind kind, std::uint32_t nodes, std::vector<std::uint32_t> dims = {},
                  std::string parameters = {}) {
  TopologySpec s;
  s.kind = kind;
  s.nodes = nodes;
  s.dims = std::move(dims);
  s.parameters = std::move(parameters);
  return s;
}

std::vector<std::string> route_names(const NetworkTopology& t, NodeId a, NodeId b) {
  std::vector<LinkId> r;
  t.route(a, b, r);
  std::vector<std::string> names;
  for (LinkId l : r) names.push_back(t.links()[l].name);
  return names;
}

// Checks, for every ordered pair, that the route is a connected walk from a to b (link
// endpoints chain up), that hops() counts its non-NIC links and route_latency() sums its
// latencies; and that the longest route is max_route_links(). Returns the hop count matrix.
std::vector<std::vector<std::uint32_t>> check_all_routes(const NetworkTopology& t) {
  const std::uint32_t n = t.node_count();
  std::vector<std::vector<std::uint32_t>> hops(n, std::vector<std::uint32_t>(n, 0));
  std::size_t longest = 0;
  std::vector<LinkId> r;
  for (NodeId a = 0; a < n; ++a) {
    for (NodeId b = 0; b < n; ++b) {
      r.clear();
      t.route(a, b, r);
      if (a == b || r.empty()) {
        EXPECT_EQ(r.empty(), a == b) << a << "->" << b;
        continue;
      }
      EXPECT_EQ(t.link_ends(r.front()).from, a) << a << "->" << b;
      EXPECT_EQ(t.link_ends(r.back()).to, b) << a << "->" << b;
      std::uint32_t fabric = 0;
      double latency = 0;
      for (std::size_t i = 0; i < r.size(); ++i) {
        if (i > 0) {
          EXPECT_EQ(t.link_ends(r[i - 1]).to, t.link_ends(r[i]).from) << a << "->" << b;
        }
        fabric += t.is_nic_link(r[i]) ? 0 : 1;
        latency += t.links()[r[i]].latency;
      }
      EXPECT_EQ(t.hops(a, b), fabric);
      EXPECT_DOUBLE_EQ(t.route_latency(a, b), latency);
      hops[a][b] = fabric;
      longest = std::max(longest, r.size());
    }
  }
  EXPECT_EQ(t.max_route_links(), longest);
  return hops;
}

// How many routes of the permutation i -> perm[i] cross each link; returns the largest count
// over fabric links.
std::uint32_t max_fabric_load(const NetworkTopology& t, const std::vector<NodeId>& perm) {
  std::vector<std::uint32_t> load(t.links().size(), 0);
  std::vector<LinkId> r;
  for (NodeId a = 0; a < perm.size(); ++a) {
    r.clear();
    t.route(a, perm[a], r);
    for (LinkId l : r) ++load[l];
  }
  std::uint32_t best = 0;
  for (LinkId l = 0; l < load.size(); ++l)
    if (!t.is_nic_link(l)) best = std::max(best, load[l]);
  return best;
}

std::uint32_t circular(std::uint32_t a, std::uint32_t b, std::uint32_t k) {
  const std::uint32_t d = a > b ? a - b : b - a;
  return std::min(d, k - d);
}

TEST(NetworkTopology, Names) {
  // The eight families of the design (DESIGN.md, "Network").
  ASSERT_EQ(known_topologies().size(), 8u);
  for (const TopologyInfo& info : known_topologies()) {
    EXPECT_EQ(topology_name(topology_by_name(info.name)), info.name);
    EXPECT_FALSE(info.description.empty());
  }
  try {
    topology_by_name("hypercube");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(),
                 "unknown topology 'hypercube' (known: bus, crossbar, ring, mesh2d, torus2d, "
                 "torus3d, fat_tree, dragonfly)");
  }
}

TEST(NetworkTopology, Bus) {
  TopologySpec s = make(TopologyKind::kBus, 5);
  s.link_latency = 2e-6;
  const NetworkTopology t = build_topology(s);
  // One shared link, no NIC links; every route is [bus], one hop.
  ASSERT_EQ(t.links().size(), 1u);
  EXPECT_EQ(t.links()[0].name, "bus");
  EXPECT_EQ(t.describe(), "bus, 5 nodes, 1 link");
  for (NodeId a = 0; a < 5; ++a)
    for (NodeId b = 0; b < 5; ++b) {
      if (a == b) continue;
      EXPECT_EQ(route_names(t, a, b), std::vector<std::string>{"bus"});
      EXPECT_EQ(t.hops(a, b), 1u);
      EXPECT_DOUBLE_EQ(t.route_latency(a, b), 2e-6);
    }
  EXPECT_EQ(t.max_route_links(), 1u);
}

TEST(NetworkTopology, Crossbar) {
  TopologySpec s = make(TopologyKind::kCrossbar, 6);
  s.nic_latency = 0.5e-6;
  s.nic_bandwidth = 2e9;
  const NetworkTopology t = build_topology(s);
  // 2 NIC links per node, no fabric link; route = [up(a), down(b)], 0 hops, latency 2 x 0.5us.
  EXPECT_EQ(t.links().size(), 12u);
  EXPECT_EQ(t.describe(), "crossbar, 6 nodes, 12 links");
  EXPECT_EQ(route_names(t, 3, 1), (std::vector<std::string>{"node3.up", "node1.down"}));
  EXPECT_DOUBLE_EQ(t.route_latency(3, 1), 1e-6);
  EXPECT_DOUBLE_EQ(t.links()[0].bandwidth, 2e9);
  const auto hops = check_all_routes(t);
  EXPECT_EQ(hops[0][5], 0u);
  EXPECT_EQ(t.max_route_links(), 2u);

  // Infinite, free NIC links are omitted: no link at all, empty routes.
  s.nic_latency = 0;
  s.nic_bandwidth = std::numeric_limits<double>::infinity();
  const NetworkTopology free = build_topology(s);
  EXPECT_TRUE(free.links().empty());
  EXPECT_TRUE(route_names(free, 0, 1).empty());
  EXPECT_EQ(free.max_route_links(), 0u);
}

TEST(NetworkTopology, CrossbarWithBackbone) {
  // SimGrid's cluster with bb_bw/bb_lat: route = [up(a), backbone, down(b)], 1 fabric hop.
  TopologySpec s = make(TopologyKind::kCrossbar, 4);
  s.backbone_latency = 5e-4;
  s.backbone_bandwidth = 2.25e9;
  s.backbone_shared = false;
  const NetworkTopology t = build_topology(s);
  EXPECT_EQ(t.links().size(), 9u);  // 2 x 4 NIC links + the backbone
  EXPECT_EQ(route_names(t, 0, 2),
            (std::vector<std::string>{"node0.up", "backbone", "node2.down"}));
  EXPECT_FALSE(t.links()[8].shared);
  EXPECT_DOUBLE_EQ(t.route_latency(0, 2), 2 * s.link_latency + 5e-4);
  const auto hops = check_all_routes(t);
  EXPECT_EQ(hops[1][3], 1u);
}

// A node's route to itself: nothing by default (same-node transfers take the intra-node link);
// with same_node_routes, what SimGrid's StarZone gives a host of a cluster without loopback:
// its link up, the backbone, its link down.
TEST(NetworkTopology, SameNodeRoutes) {
  TopologySpec s = make(TopologyKind::kCrossbar, 4);
  s.backbone_latency = 5e-4;
  s.backbone_bandwidth = 2.25e9;
  EXPECT_TRUE(route_names(build_topology(s), 1, 1).empty());
  EXPECT_FALSE(build_topology(s).has_loopback_routes());
  s.same_node_routes = true;
  const NetworkTopology t = build_topology(s);
  EXPECT_TRUE(t.has_loopback_routes());
  EXPECT_EQ(route_names(t, 1, 1), (std::vector<std::string>{"node1.up", "backbone", "node1.down"}));
  EXPECT_EQ(route_names(t, 0, 2), (std::vector<std::string>{"node0.up", "backbone", "node2.down"}));
  // One node: its route to itself still needs room.
  s.nodes = 1;
  EXPECT_EQ(build_topology(s).max_route_links(), 3u);
}

TEST(NetworkTopology, RingHopsAndTies) {
  for (std::uint32_t n : {2u, 3u, 7u, 8u}) {
    const NetworkTopology t = build_topology(make(TopologyKind::kRing, n));
    // Fabric: 2 links per cable, N cables (N >= 3) or one cable for N = 2; plus 2N NIC links.
    const std::uint32_t fabric = n >= 3 ? 2 * n : 2;
    EXPECT_EQ(t.links().size(), fabric + 2 * n) << n;
    const auto hops = check_all_routes(t);
    std::uint64_t sum = 0;
    for (NodeId a = 0; a < n; ++a)
      for (NodeId b = 0; b < n; ++b) {
        EXPECT_EQ(hops[a][b], circular(a, b, n)) << n;  // min(d, N - d)
        sum += hops[a][b];
      }
    // Sum over destinations of min(d, N - d): floor(N^2 / 4) (d = 1..N-1), for every source.
    EXPECT_EQ(sum, std::uint64_t{n} * (n * n / 4)) << n;
    // Diameter floor(N/2) + the two NIC links.
    EXPECT_EQ(t.max_route_links(), n / 2 + 2) << n;
  }
  const NetworkTopology t = build_topology(make(TopologyKind::kRing, 8));
  EXPECT_EQ(t.describe(), "ring, 8 nodes, 32 links");
  // Distance 4 = N/2 is a tie: the increasing direction, 5 -> 6 -> 7 -> 0 -> 1.
  EXPECT_EQ(route_names(t, 5, 1),
            (std::vector<std::string>{"node5.up", "ring 5->6", "ring 6->7", "ring 7->0",
                                      "ring 0->1", "node1.down"}));
  EXPECT_EQ(route_names(t, 1, 7),
            (std::vector<std::string>{"node1.up", "ring 1->0", "ring 0->7", "node7.down"}));
}

TEST(NetworkTopology, RingBisection) {
  // Nodes 0..N/2-1 send to i + N/2: every route is a tie, goes the increasing way and crosses
  // links i .. i+N/2-1; link "ring j->j+1" carries j+1 routes for j < N/2, so the busiest one,
  // "ring N/2-1 -> N/2", carries N/2.
  for (std::uint32_t n : {4u, 8u, 16u}) {
    const NetworkTopology t = build_topology(make(TopologyKind::kRing, n));
    std::vector<NodeId> perm(n / 2);
    std::iota(perm.begin(), perm.end(), n / 2);
    EXPECT_EQ(max_fabric_load(t, perm), n / 2) << n;
  }
}

TEST(NetworkTopology, Mesh2d) {
  const NetworkTopology t = build_topology(make(TopologyKind::kMesh2d, 12, {4, 3}));
  // Fabric: 2 x ((X-1)Y + X(Y-1)) = 2 x (9 + 8) = 34; NIC: 2 x 12 = 24.
  EXPECT_EQ(t.links().size(), 58u);
  EXPECT_EQ(t.describe(), "mesh2d 4x3, 12 nodes, 58 links");
  const auto hops = check_all_routes(t);
  for (NodeId a = 0; a < 12; ++a)
    for (NodeId b = 0; b < 12; ++b) {
      const int dx = std::abs(int(a % 4) - int(b % 4));
      const int dy = std::abs(int(a / 4) - int(b / 4));
      EXPECT_EQ(hops[a][b], std::uint32_t(dx + dy));  // |dx| + |dy|
    }
  // Diameter (X-1) + (Y-1) = 5, plus 2 NIC links.
  EXPECT_EQ(t.max_route_links(), 7u);
  // Dimension order: X first. Node 11 = (3,2) -> node 4 = (0,1).
  EXPECT_EQ(route_names(t, 11, 4),
            (std::vector<std::string>{"node11.up", "mesh (3,2)-x", "mesh (2,2)-x", "mesh (1,2)-x",
                                      "mesh (0,2)-y", "node4.down"}));
}

TEST(NetworkTopology, Torus2d) {
  const NetworkTopology t = build_topology(make(TopologyKind::kTorus2d, 20, {5, 4}));
  // X, Y > 2: 2 x 2 x X x Y = 80 fabric links, 40 NIC links.
  EXPECT_EQ(t.links().size(), 120u);
  const auto hops = check_all_routes(t);
  for (NodeId a = 0; a < 20; ++a)
    for (NodeId b = 0; b < 20; ++b)  // sum of min(|d|, k - |d|)
      EXPECT_EQ(hops[a][b], circular(a % 5, b % 5, 5) + circular(a / 5, b / 5, 4));
  // Diameter floor(5/2) + floor(4/2) = 4, plus 2 NIC links.
  EXPECT_EQ(t.max_route_links(), 6u);
  // Y distance 2 in a ring of 4 is a tie. SimGrid's TorusZone::get_local_route goes the
  // increasing way when (t > m && t <= m + k/2) || (m > k/2 && (m + k/2) % k >= t), m and t
  // the source's and target's coordinates: 3 -> 1 increasing (wrapping 3 -> 0), 0 -> 2
  // increasing, but 2 -> 0 decreasing (m = k/2 is not > k/2).
  EXPECT_EQ(route_names(t, 15, 5), (std::vector<std::string>{"node15.up", "torus (0,3)+y",
                                                             "torus (0,0)+y", "node5.down"}));
  EXPECT_EQ(route_names(t, 0, 10), (std::vector<std::string>{"node0.up", "torus (0,0)+y",
                                                             "torus (0,1)+y", "node10.down"}));
  EXPECT_EQ(route_names(t, 10, 0), (std::vector<std::string>{"node10.up", "torus (0,2)-y",
                                                             "torus (0,1)-y", "node0.down"}));
}

TEST(NetworkTopology, TorusAverageDistance) {
  // k x k torus, k even: the mean of min(d, k-d) over d = 0..k-1 is k/4 per dimension, so the
  // hop sum from one node to all N = k^2 nodes is N x 2 x k/4 = k^3/2 (average k^3/(2(N-1))).
  for (std::uint32_t k : {4u, 6u, 8u}) {
    const NetworkTopology t = build_topology(make(TopologyKind::kTorus2d, k * k, {k, k}));
    for (NodeId a : {0u, k + 1, k * k - 1}) {
      std::uint32_t sum = 0;
      for (NodeId b = 0; b < k * k; ++b) sum += t.hops(a, b);
      EXPECT_EQ(sum, k * k * k / 2) << k;
    }
  }
}

TEST(NetworkTopology, TorusSmallDimensions) {
  // Size 2: one cable (2 links) per line, no duplicate wrap link; size 1: none.
  // 2x3: x: 3 lines x 1 cable x 2 = 6; y: 2 lines x 3 cables x 2 = 12; NIC 12.
  const NetworkTopology t = build_topology(make(TopologyKind::kTorus2d, 6, {2, 3}));
  EXPECT_EQ(t.links().size(), 30u);
  check_all_routes(t);
  EXPECT_EQ(route_names(t, 1, 0),
            (std::vector<std::string>{"node1.up", "torus (1,0)-x", "node0.down"}));
  // 5x1: only the x ring: 10 + 10 NIC links.
  const NetworkTopology line = build_topology(make(TopologyKind::kTorus2d, 5, {5, 1}));
  EXPECT_EQ(line.links().size(), 20u);
  check_all_routes(line);
  // 2x2x2: 3 dimensions x 4 lines x 1 cable x 2 = 24, NIC 16.
  const NetworkTopology cube = build_topology(make(TopologyKind::kTorus3d, 8, {2, 2, 2}));
  EXPECT_EQ(cube.links().size(), 40u);
  const auto hops = check_all_routes(cube);
  EXPECT_EQ(hops[0][7], 3u);  // (0,0,0) -> (1,1,1)
}

TEST(NetworkTopology, Torus3d) {
  const NetworkTopology t = build_topology(make(TopologyKind::kTorus3d, 64));
  // Default shape of 64: 4x4x4; 3 x 2 x 64 = 384 fabric links + 128 NIC links.
  EXPECT_EQ(t.describe(), "torus3d 4x4x4, 64 nodes, 512 links");
  const auto hops = check_all_routes(t);
  for (NodeId a = 0; a < 64; ++a)
    for (NodeId b = 0; b < 64; ++b)
      EXPECT_EQ(hops[a][b], circular(a % 4, b % 4, 4) + circular(a / 4 % 4, b / 4 % 4, 4) +
                                circular(a / 16, b / 16, 4));
  // Dimension order X, Y, Z: (0,0,0) -> (1,1,1) = node 21.
  EXPECT_EQ(route_names(t, 0, 21),
            (std::vector<std::string>{"node0.up", "torus (0,0,0)+x", "torus (1,0,0)+y",
                                      "torus (1,1,0)+z", "node21.down"}));
}

TEST(NetworkTopology, DefaultShapes) {
  // Most nearly square / cubic factorisations, largest first; a prime gives N x 1 (x 1).
  EXPECT_EQ(build_topology(make(TopologyKind::kTorus2d, 64)).describe(),
            "torus2d 8x8, 64 nodes, 384 links");  // 4 x 64 + 2 x 64
  EXPECT_EQ(build_topology(make(TopologyKind::kMesh2d, 12)).describe(),
            "mesh2d 4x3, 12 nodes, 58 links");
  EXPECT_EQ(build_topology(make(TopologyKind::kTorus2d, 7)).describe(),
            "torus2d 7x1, 7 nodes, 28 links");
  EXPECT_EQ(build_topology(make(TopologyKind::kTorus3d, 12)).describe(),
            "torus3d 3x2x2, 12 nodes, 72 links");  // x: 4 lines x 3 cables x 2 = 24;
  // y and z (size 2): 6 lines x 1 cable x 2 = 12 each; NIC 24: 24 + 12 + 12 + 24 = 72.
  EXPECT_EQ(build_topology(make(TopologyKind::kTorus3d, 7)).describe(),
            "torus3d 7x1x1, 7 nodes, 28 links");
}

TEST(NetworkTopology, NicLinksOmitted) {
  TopologySpec s = make(TopologyKind::kTorus2d, 16, {4, 4});
  s.link_latency = 1e-6;
  s.nic_latency = 0;
  s.nic_bandwidth = std::numeric_limits<double>::infinity();
  const NetworkTopology t = build_topology(s);
  EXPECT_EQ(t.links().size(), 64u);  // 4 x 16 fabric links only
  // (0,0) -> (2,1): 2 + 1 hops of 1us each, no NIC link.
  std::vector<LinkId> r;
  t.route(0, 6, r);
  EXPECT_EQ(r.size(), 3u);
  EXPECT_EQ(t.hops(0, 6), 3u);
  EXPECT_DOUBLE_EQ(t.route_latency(0, 6), 3e-6);
  EXPECT_EQ(t.max_route_links(), 4u);
}

TEST(NetworkTopology, NicDefaultsToLinkValues) {
  TopologySpec s = make(TopologyKind::kRing, 4);
  s.link_latency = 3e-6;
  s.link_bandwidth = 5e9;
  const NetworkTopology t = build_topology(s);
  // node0.up, ring 0->1, node1.down: 3 links of 3us.
  EXPECT_DOUBLE_EQ(t.route_latency(0, 1), 9e-6);
  EXPECT_DOUBLE_EQ(t.links()[0].bandwidth, 5e9);
}

TEST(NetworkTopology, FatTreeSimGridExample) {
  // SimGrid's example "2;4,4;1,2;1,2": 16 nodes, 4 leaf switches (w1 x m2), 2 top switches
  // (w1 x w2). Cables: 16 node cables + 4 leaves x (w2 x p2 = 4) = 32; links 2 x 32 = 64.
  const NetworkTopology t = build_topology(make(TopologyKind::kFatTree, 16, {}, "2;4,4;1,2;1,2"));
  EXPECT_EQ(t.describe(), "fat_tree 2;4,4;1,2;1,2, 16 nodes, 64 links");
  EXPECT_EQ(t.vertex_count(), 16u + 4 + 2);
  const auto hops = check_all_routes(t);
  for (NodeId a = 0; a < 16; ++a)
    for (NodeId b = 0; b < 16; ++b)  // same leaf: 0 fabric hops; else up and down: 2
      if (a != b) {
        EXPECT_EQ(hops[a][b], a / 4 == b / 4 ? 0u : 2u);
      }
  // SimGrid's d-mod-k: climbing from a leaf, port d = b mod (w2 x p2) = 5 mod 4 = 1, i.e.
  // top switch 1 % 2 = 1, cable 1 / 2 = 0. Descending, SimGrid scans the top switch's
  // children from (a mod p2) x m2: a = 0 takes cable 0, a = 1 takes cable 1.
  EXPECT_EQ(route_names(t, 0, 5),
            (std::vector<std::string>{"node0.up", "switch L1#0 -> L2#1 [0]",
                                      "switch L2#1 -> L1#1 [0]", "node5.down"}));
  EXPECT_EQ(route_names(t, 1, 6),
            (std::vector<std::string>{"node1.up", "switch L1#0 -> L2#0 [1]",
                                      "switch L2#0 -> L1#1 [1]", "node6.down"}));
}

TEST(NetworkTopology, FatTreeMatchesSimGrid) {
  // SimGrid 3.32, cluster FAT_TREE "2;2,3;2,2;2,1" (split-duplex), route node-0 -> node-2:
  //   link_from_0_11_1_UP link_from_11_3_25_UP link_from_9_3_29_DOWN link_from_2_9_9_DOWN
  // SimGrid numbers switches down from 2N - 1 = 11 (L1#0..L1#5 = 11..6, L2#0..L2#3 = 5..2), so
  // switch 11 = L1#0, 3 = L2#2, 9 = L1#2; "_1"/"_9" are the second of two parallel cables.
  // Climbing from L1#0: port (2 / w1) mod (w2 x p2) = 1 mod 2 = 1, i.e. L2 label <0,1> = L2#2.
  const NetworkTopology t = build_topology(make(TopologyKind::kFatTree, 6, {}, "2;2,3;2,2;2,1"));
  EXPECT_EQ(route_names(t, 0, 2),
            (std::vector<std::string>{"node0 -> switch L1#0 [1]", "switch L1#0 -> L2#2",
                                      "switch L2#2 -> L1#2", "switch L1#2 -> node2 [1]"}));
}

TEST(NetworkTopology, FatTreeHopsAreTwiceTheCommonAncestorLevel) {
  for (const char* p : {"3;2,2,2;2,2,2;1,1,1", "3;4,2,3;1,2,2;1,2,1", "2;2,3;2,2;2,1"}) {
    std::vector<std::uint32_t> m;  // m_i, parsed by hand for the expected values
    const std::string s = p;
    std::size_t i = s.find(';') + 1;
    const std::string ms = s.substr(i, s.find(';', i) - i);
    for (std::size_t j = 0; j < ms.size(); j += 2) m.push_back(ms[j] - '0');
    const std::uint32_t n = std::accumulate(m.begin(), m.end(), 1u, std::multiplies<>());
    const NetworkTopology t = build_topology(make(TopologyKind::kFatTree, n, {}, p));
    const auto hops = check_all_routes(t);
    for (NodeId a = 0; a < n; ++a)
      for (NodeId b = 0; b < n; ++b) {
        if (a == b) continue;
        // Nearest common ancestor level L = 1 + the highest differing digit of the node ids
        // in base (m1, m2, ...); the route climbs L links and descends L: 2L links, the
        // first and last being NIC links, so 2(L - 1) fabric hops.
        std::uint32_t level = 0, x = a, y = b;
        for (std::uint32_t j = 0; j < m.size(); ++j, x /= m[j - 1], y /= m[j - 1])
          if (x % m[j] != y % m[j]) level = j + 1;
        EXPECT_EQ(hops[a][b], 2 * (level - 1)) << p << " " << a << "->" << b;
        std::vector<LinkId> r;
        t.route(a, b, r);
        EXPECT_EQ(r.size(), 2 * level) << p;
      }
  }
}

TEST(NetworkTopology, FatTreeCounts) {
  // "3;4,2,3;1,2,2;1,2,1": 24 nodes; switches per level: L1 = w1 m2 m3 = 6, L2 = w1 w2 m3 = 6,
  // L3 = w1 w2 w3 = 4. Cables: L0-L1: 24 x w1 p1 = 24; L1-L2: 6 x w2 p2 = 24; L2-L3: 6 x w3 p3
  // = 12; links = 2 x 60 = 120.
  const NetworkTopology t =
      build_topology(make(TopologyKind::kFatTree, 24, {}, "3;4,2,3;1,2,2;1,2,1"));
  EXPECT_EQ(t.links().size(), 120u);
  EXPECT_EQ(t.vertex_count(), 24u + 6 + 6 + 4);
  // Two uplinks per node ("2;2,3;2,2;2,1": w1 p1 = 4 per node): named by switch and cable.
  const NetworkTopology multi =
      build_topology(make(TopologyKind::kFatTree, 6, {}, "2;2,3;2,2;2,1"));
  EXPECT_EQ(multi.links()[0].name, "node0 -> switch L1#0 [0]");
  EXPECT_EQ(multi.links()[1].name, "switch L1#0 -> node0 [0]");
  // Default for 16 nodes: "2;4,4;1,4;1,1" (4 leaves of 4 nodes, 4 top switches); cables
  // 16 + 4 x 4 = 32.
  EXPECT_EQ(build_topology(make(TopologyKind::kFatTree, 16)).describe(),
            "fat_tree 2;4,4;1,4;1,1, 16 nodes, 64 links");
}

TEST(NetworkTopology, FatTreeBisection) {
  // 4 leaves of 4 nodes; node i sends to (i + 8) mod 16 (left half <-> right half). d-mod-k
  // climbs to top switch b mod w2: the 4 nodes of a leaf have 4 different b mod 4, so with
  // w2 = 4 top switches every fabric link carries 1 route (non-blocking); with w2 = 2 each
  // uplink carries 4 / 2 = 2 (oversubscription m1 / w2).
  std::vector<NodeId> perm(16);
  for (NodeId i = 0; i < 16; ++i) perm[i] = (i + 8) % 16;
  EXPECT_EQ(
      max_fabric_load(build_topology(make(TopologyKind::kFatTree, 16, {}, "2;4,4;1,4;1,1")), perm),
      1u);
  EXPECT_EQ(
      max_fabric_load(build_topology(make(TopologyKind::kFatTree, 16, {}, "2;4,4;1,2;1,1")), perm),
      2u);
}

TEST(NetworkTopology, Dragonfly) {
  // SimGrid's example "3,4;4,3;5,1;2": 3 groups x 4 chassis x 5 routers x 2 nodes = 120.
  // Links: NIC 240; green 60 routers x 4 others = 240; black 60 x 3 = 180; blue 3 x 2 = 6.
  TopologySpec s = make(TopologyKind::kDragonfly, 120, {}, "3,4;4,3;5,1;2");
  s.link_bandwidth = 1e9;
  const NetworkTopology t = build_topology(s);
  EXPECT_EQ(t.describe(), "dragonfly 3,4;4,3;5,1;2, 120 nodes, 666 links");
  const auto hops = check_all_routes(t);
  // Longest: green + black + blue + green + black = 5 hops, + 2 NIC links.
  EXPECT_EQ(t.max_route_links(), 7u);
  // Node 0 = (g0,c0,r0) -> node 96 = router ((2 x 4 + 1) x 5 + 3) = (g2,c1,r3): to router 2
  // of its chassis (group 2's blue link), blue to group 2's router 0, green to r3, black to
  // c1. This is SimGrid's route (source in chassis 0).
  EXPECT_EQ(route_names(t, 0, 96),
            (std::vector<std::string>{"node0.up", "green g0.c0.r0 -> g0.c0.r2",
                                      "blue g0.c0.r2 -> g2.c0.r0", "green g2.c0.r0 -> g2.c0.r3",
                                      "black g2.c0.r3 -> g2.c1.r3", "node96.down"}));
  // Node 10 = (g0,c1,r0) -> node 2 = (g0,c0,r1): green in the source chassis, then black.
  // (SimGrid 3.32 returns only the green link here: its route is not a path, see the docs.)
  EXPECT_EQ(route_names(t, 10, 2),
            (std::vector<std::string>{"node10.up", "green g0.c1.r0 -> g0.c1.r1",
                                      "black g0.c1.r1 -> g0.c0.r1", "node2.down"}));
  // Bandwidth of a level = link bandwidth x its cable count (blue 4, black 3, green 1).
  std::map<std::string, double> bw;
  for (const NetLink& l : t.links()) bw[l.name.substr(0, l.name.find(' '))] = l.bandwidth;
  EXPECT_DOUBLE_EQ(bw["blue"], 4e9);
  EXPECT_DOUBLE_EQ(bw["black"], 3e9);
  EXPECT_DOUBLE_EQ(bw["green"], 1e9);
  // Same router: 0 hops; same chassis: 1; same group, other chassis and router: 2.
  EXPECT_EQ(hops[0][1], 0u);
  EXPECT_EQ(hops[0][2], 1u);
  EXPECT_EQ(hops[0][12], 2u);  // router 6 = (g0,c1,r1)
}

TEST(NetworkTopology, DragonflyDefault) {
  // 64 nodes: most nearly cubic 4x4x4 -> 4 groups of 1 chassis of 4 routers, 4 nodes each.
  const NetworkTopology t = build_topology(make(TopologyKind::kDragonfly, 64));
  // NIC 128, green 16 routers x 3 = 48, black 0, blue 4 x 3 = 12.
  EXPECT_EQ(t.describe(), "dragonfly 4,1;1,1;4,1;4, 64 nodes, 188 links");
  check_all_routes(t);
}

void expect_input_error(const TopologySpec& s, const std::string& needle) {
  try {
    build_topology(s);
    ADD_FAILURE() << "expected InputError containing: " << needle;
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
  }
}

TEST(NetworkTopology, InvalidSpecs) {
  expect_input_error(make(TopologyKind::kCrossbar, 0),
                     "crossbar: the number of nodes must be >= 1");
  expect_input_error(make(TopologyKind::kTorus2d, 10, {3, 3}),
                     "torus2d: dims 3x3 give 9 nodes, but nodes = 10");
  expect_input_error(make(TopologyKind::kTorus3d, 8, {2, 4}), "torus3d: dims must have 3 sizes");
  expect_input_error(make(TopologyKind::kMesh2d, 8, {0, 8}), "every dimension must be >= 1");
  expect_input_error(make(TopologyKind::kFatTree, 16, {}, "2;4,4;1,2"), "4 parts");
  expect_input_error(make(TopologyKind::kFatTree, 16, {}, "2;4;1,2;1,2"),
                     "2 levels but 1 down-port count (m) values");
  expect_input_error(make(TopologyKind::kFatTree, 16, {}, "2;4,x;1,2;1,2"),
                     "invalid down-port count (m) 'x'");
  expect_input_error(make(TopologyKind::kFatTree, 16, {}, "2;4,4;1,0;1,2"), "must be > 0");
  expect_input_error(make(TopologyKind::kFatTree, 15, {}, "2;4,4;1,2;1,2"),
                     "describe 16 nodes (the product of the m_i), but nodes = 15");
  expect_input_error(make(TopologyKind::kDragonfly, 120, {}, "3,4;4,3;5;2"), "must read");
  expect_input_error(make(TopologyKind::kDragonfly, 100, {}, "3,4;4,3;5,1;2"),
                     "describe 120 nodes (g*c*r*n), but nodes = 100");
  expect_input_error(make(TopologyKind::kDragonfly, 8, {}, "4,1;1,1;2,1;1"),
                     "4 groups need at least 4 routers per group");
  TopologySpec bad_bw = make(TopologyKind::kRing, 4);
  bad_bw.link_bandwidth = 0;
  expect_input_error(bad_bw, "link bandwidth must be > 0");
}

TEST(NetworkTopology, DeterministicAndAllocationFree) {
  const TopologySpec s = make(TopologyKind::kFatTree, 24, {}, "3;4,2,3;1,2,2;1,2,1");
  const NetworkTopology t1 = build_topology(s);
  const NetworkTopology t2 = build_topology(s);
  ASSERT_EQ(t1.links().size(), t2.links().size());
  for (std::size_t i = 0; i < t1.links().size(); ++i)
    EXPECT_EQ(t1.links()[i].name, t2.links()[i].name);
  std::vector<LinkId> r1, r2;
  r1.reserve(t1.max_route_links());
  const LinkId* data = r1.data();
  for (NodeId a = 0; a < 24; ++a)
    for (NodeId b = 0; b < 24; ++b) {
      r1.clear();
      r2.clear();
      t1.route(a, b, r1);
      t2.route(a, b, r2);
      EXPECT_EQ(r1, r2);
    }
  // Capacity for max_route_links() was enough for every route: the buffer never moved.
  EXPECT_EQ(r1.data(), data);
}

TEST(NetworkTopology, LargePlatform) {
  // 65536 nodes (SimGrid's largest example platforms): default torus3d 64x32x32, 8 links per
  // node (6 fabric + 2 NIC). Farthest pair: 32 + 16 + 16 hops.
  const NetworkTopology t = build_topology(make(TopologyKind::kTorus3d, 65536));
  EXPECT_EQ(t.describe(), "torus3d 64x32x32, 65536 nodes, 524288 links");
  EXPECT_EQ(t.max_route_links(), 66u);
  const NodeId far = 32 + 64 * (16 + 32 * 16);
  EXPECT_EQ(t.hops(0, far), 64u);
}

}  // namespace
}  // namespace pelsim::models
