// The routes of a SimGrid platform's zones (the second half of simgrid_zone_tree.hpp's
// ZoneTreeReader): each zone's routes between its own points, and between any two points as
// SimGrid 3.32's NetZoneImpl::get_global_route finds them (bypass routes, zone routes and
// their gateways), then the table of every pair of hosts (ZoneTreeReader::build()).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "pelsim/models/error.hpp"
#include "pelsim/models/network_topology.hpp"
#include "simgrid_zone_paths.hpp"
#include "simgrid_zone_tree.hpp"

namespace pelsim::models {

namespace {

std::string quoted(const std::string& name) {
  return "'" + name + "'";
}

}  // namespace

// Computes the routes of a ZoneTreeReader's zones: each zone's routes between its own points
// (local), and between any two points of the platform as SimGrid's get_global_route does.
class ZoneRouter {
 public:
  using Reader = ZoneTreeReader;
  static constexpr std::uint32_t kNone = Reader::kNone;
  static constexpr LinkId kNoLink = std::numeric_limits<LinkId>::max();

  ZoneRouter(const Reader& t, std::vector<NetLink>& links) : t_(t) {
    // pelsim links: one per SimGrid link, two (_UP, _DOWN) per split-duplex one.
    first_id_.resize(t.links_.size());
    for (std::size_t i = 0; i < t.links_.size(); ++i) {
      const Reader::Link& l = t.links_[i];
      first_id_[i] = static_cast<LinkId>(links.size());
      if (l.policy == Reader::Link::Policy::kSplitDuplex) {
        links.push_back({l.id + "_UP", l.latency, l.bandwidth, true});
        links.push_back({l.id + "_DOWN", l.latency, l.bandwidth, true});
      } else {
        links.push_back({l.id, l.latency, l.bandwidth, l.policy == Reader::Link::Policy::kShared});
      }
    }
    zones_.resize(t.zones_.size());
    for (std::uint32_t z = 0; z < t.zones_.size(); ++z) prepare_segments(z);
    for (std::uint32_t z = 0; z < t.zones_.size(); ++z) {
      if (t.zones_[z].routing == Reader::Routing::kTopology) prepare_topology(z, links);
      if (t.zones_[z].routing == Reader::Routing::kVivaldi && t.zones_[z].children.empty())
        prepare_vivaldi(z, links);  // (one holding a single zone never routes)
    }
    for (const Reader::Route& r : t.routes_)
      if (r.bypass) {
        zones_[r.zone].bypass.emplace(pair_key(r.src, r.dst),
                                      static_cast<std::uint32_t>(bypasses_.size()));
        bypasses_.push_back({r.gw_src, r.gw_dst, convert(r.links, false)});
      }
    bool need_loopback = false;
    for (const State& s : zones_)
      need_loopback |= std::find(s.loopback.begin(), s.loopback.end(), 1) != s.loopback.end();
    if (need_loopback) {
      loopback_ = static_cast<LinkId>(links.size());
      links.push_back({"__loopback__", 0.0, 1e10, false});
    }
    for (std::uint32_t z = 0; z < t.zones_.size(); ++z) prepare_paths(z);
  }

  /// Appends the route from point p to point q; false (and `out` as it was) when SimGrid
  /// finds none.
  bool global(std::uint32_t p, std::uint32_t q, std::vector<LinkId>& out, unsigned depth = 0) {
    const std::size_t first = out.size();
    if (!global_into(p, q, out, depth)) {
      out.resize(first);
      return false;
    }
    return true;
  }

 private:
  struct Segment {
    std::uint32_t from = 0, to = 0;  // local indices
    std::uint32_t gw_src = kNone, gw_dst = kNone;
    std::uint32_t line = 0;
    std::vector<LinkId> links;
  };
  struct State {
    std::vector<Segment> segments;
    std::vector<char> loopback;  // by local index: takes the model's loopback (base zones)
    std::vector<ZoneHop> hops;
    std::uint32_t loopback_hop = 0;  // + local index: the loopback hops (Floyd, Dijkstra)
    std::unordered_map<std::uint64_t, std::uint32_t> full;  // Full: local pair -> segment
    std::unique_ptr<FloydPaths> floyd;
    std::unique_ptr<DijkstraPaths> dijkstra;
    std::uint32_t source = kNone;  // Dijkstra's current source
    // StarZone: per local index.
    std::vector<std::vector<LinkId>> up, down, self;
    std::vector<char> has_self;
    // kTopology: the cluster's topology, its first link id, its hosts' loopback links (or
    // none: the topology's own way there and back, or no route).
    std::unique_ptr<NetworkTopology> topology;
    LinkId topology_base = 0;
    std::vector<LinkId> loopbacks;
    // kVivaldi: the link of each pair of points {a, b}, a <= b, at a * m + b.
    std::vector<LinkId> vivaldi;
    std::vector<LinkId> peer_up, peer_down;  // kVivaldi: a peer's own links (else kNone)
    // Bypass routes given in this zone: (src point, dst point) -> index into bypasses_.
    std::unordered_map<std::uint64_t, std::uint32_t> bypass;
  };
  struct Bypass {
    std::uint32_t gw_src = kNone, gw_dst = kNone;
    std::vector<LinkId> links;
  };
  struct Memo {
    bool found = false;
    std::uint32_t gw_src = kNone, gw_dst = kNone;
    std::vector<LinkId> links;
  };

  std::vector<LinkId> convert(const std::vector<Reader::RouteLink>& route, bool backward) const {
    std::vector<LinkId> out;
    for (const Reader::RouteLink& rl : route) {
      LinkId id = first_id_[rl.link];
      if (rl.name == Reader::LinkName::kSplit)  // the direction, swapped on the way back
        id += (rl.direction == Reader::RouteLink::Direction::kDown) != backward ? 1 : 0;
      if (rl.name == Reader::LinkName::kDownHalf) ++id;  // a half named as such: both ways
      out.push_back(id);
    }
    if (backward) std::reverse(out.begin(), out.end());
    return out;
  }

  // A TORUS, FAT_TREE or DRAGONFLY cluster: its topology's links join the platform's (named
  // after the cluster), and with loopback_bw each host gets its FATPIPE loopback link, as
  // SimGrid makes one per host.
  void prepare_topology(std::uint32_t z, std::vector<NetLink>& links) {
    const ImportedPlatform& c = t_.topologies_[t_.zones_[z].topology];
    State& s = zones_[z];
    s.topology = std::make_unique<NetworkTopology>(build_topology(c.topology));
    s.topology_base = static_cast<LinkId>(links.size());
    for (NetLink l : s.topology->links()) {
      l.name = c.cluster_id + "/" + l.name;
      links.push_back(std::move(l));
    }
    if (t_.topology_loopbacks_[t_.zones_[z].topology]) {
      for (std::uint32_t i = 0; i < c.nodes; ++i) {
        s.loopbacks.push_back(static_cast<LinkId>(links.size()));
        links.push_back({c.cluster_id + "_link_" + std::to_string(c.radical(i)) + "_loopback",
                         c.intra_latency, c.intra_bandwidth, false});
      }
    }
  }

  // A Vivaldi zone (VivaldiZone::get_local_route): between two points no link, only a latency
  // of their distance in the plane plus both heights, in ms (coordinates "x y height"), the
  // same both ways, from a point to itself twice its height. Each pair gets a link of that
  // latency and unlimited bandwidth, which constrains nothing; a pair of latency 0 none (its
  // route is empty unless a peer's links are in it, and SimGrid refuses an empty route of
  // latency 0: "no connecting path").
  void prepare_vivaldi(std::uint32_t z, std::vector<NetLink>& links) {
    const Reader::Zone& zone = t_.zones_[z];
    State& s = zones_[z];
    const std::size_t m = zone.points.size();
    constexpr std::size_t kMaxVivaldiPoints = 2048;  // m^2 / 2 links
    if (m > kMaxVivaldiPoints)
      t_.fail(zone.line, "a Vivaldi zone of " + std::to_string(m) +
                             " hosts: pelsim makes a link per pair, for at most " +
                             std::to_string(kMaxVivaldiPoints));
    s.vivaldi.assign(m * m, kNoLink);
    s.peer_up.assign(m, kNone);
    s.peer_down.assign(m, kNone);
    for (const Reader::Zone::HostLink& hl : zone.host_links) {
      s.peer_up[hl.local] = convert({hl.up}, false).front();
      s.peer_down[hl.local] = convert({hl.down}, false).front();
    }
    for (std::size_t a = 0; a < m; ++a)
      for (std::size_t b = a; b < m; ++b) {
        const auto& p = t_.points_[zone.points[a]].coordinates;
        const auto& q = t_.points_[zone.points[b]].coordinates;
        const double ms = std::sqrt((p[0] - q[0]) * (p[0] - q[0]) + (p[1] - q[1]) * (p[1] - q[1])) +
                          std::fabs(p[2]) + std::fabs(q[2]);
        if (!std::isfinite(ms))
          t_.fail(t_.points_[zone.points[b]].line,
                  "the Vivaldi latency between " + quoted(t_.points_[zone.points[a]].name) +
                      " and " + quoted(t_.points_[zone.points[b]].name) +
                      " is infinite: their coordinates are too far apart");
        if (ms == 0) continue;
        s.vivaldi[a * m + b] = static_cast<LinkId>(links.size());
        links.push_back({zone.id + " " + t_.points_[zone.points[a]].name + "-" +
                             t_.points_[zone.points[b]].name,
                         ms / 1000.0, std::numeric_limits<double>::infinity(), false});
      }
  }

  // The routes given in zone z, in each direction given (SimGrid's order: a route, then its way
  // back when symmetrical), and which points take the model's loopback.
  void prepare_segments(std::uint32_t z) {
    const Reader::Zone& zone = t_.zones_[z];
    State& s = zones_[z];
    const auto m = static_cast<std::uint32_t>(zone.points.size());
    if (zone.routing == Reader::Routing::kStar) {
      for (const Reader::StarRoute& r : zone.star) {
        s.up.push_back(convert(r.up, false));
        s.down.push_back(convert(r.down, false));
        s.self.push_back(convert(r.loopback, false));
        s.has_self.push_back(r.has_loopback ? 1 : 0);
      }
      return;
    }
    std::unordered_map<std::uint64_t, std::uint32_t> given;  // ordered pair -> its segment
    const auto add = [&](const Reader::Route& r, bool backward) {
      Segment g;
      const std::uint32_t src = t_.points_[r.src].local, dst = t_.points_[r.dst].local;
      g.from = backward ? dst : src;
      g.to = backward ? src : dst;
      g.gw_src = backward ? r.gw_dst : r.gw_src;
      g.gw_dst = backward ? r.gw_src : r.gw_dst;
      g.line = r.line;
      g.links = convert(r.links, backward);
      const auto [it, added] = given.emplace(std::uint64_t{g.from} * m + g.to,
                                             static_cast<std::uint32_t>(s.segments.size()));
      if (!added) {
        const std::string name = t_.route_name(backward ? r.dst : r.src, backward ? r.src : r.dst);
        if (r.src == r.dst)
          t_.fail(r.line, name +
                              " is symmetrical: in a Floyd or Dijkstra zone its way back is the "
                              "same route, given twice (SimGrid refuses it): write "
                              "symmetrical=\"NO\"");
        t_.fail(r.line, name + " is given twice (also at line " +
                            std::to_string(s.segments[it->second].line) +
                            "; routes are symmetrical unless symmetrical=\"NO\")");
      }
      s.segments.push_back(std::move(g));
    };
    for (const Reader::Route& r : t_.routes_) {
      if (r.zone != z || r.bypass) continue;
      add(r, false);
      // (FullZone::add_route gives a route to itself once; Floyd and Dijkstra twice.)
      if (r.symmetrical && (r.src != r.dst || zone.routing != Reader::Routing::kFull)) add(r, true);
    }
    // The model's loopback, for each point without a route to itself, in a zone without
    // sub-zones (do_seal). For a Full zone only hosts matter; Dijkstra's graph holds the
    // points named by some route.
    s.loopback.assign(m, 0);
    if (!zone.children.empty()) return;
    std::vector<char> has_self(m, 0), in_route(m, 0);
    for (const Segment& g : s.segments) {
      if (g.from == g.to) has_self[g.from] = 1;
      in_route[g.from] = in_route[g.to] = 1;
    }
    for (std::uint32_t a = 0; a < m; ++a) {
      const bool host = t_.points_[zone.points[a]].kind == Reader::Point::Kind::kHost;
      s.loopback[a] = !has_self[a] && (zone.routing == Reader::Routing::kFloyd ||
                                       (zone.routing == Reader::Routing::kFull && host) ||
                                       (zone.routing == Reader::Routing::kDijkstra && in_route[a]));
    }
  }

  void prepare_paths(std::uint32_t z) {
    const Reader::Zone& zone = t_.zones_[z];
    State& s = zones_[z];
    const auto m = static_cast<std::uint32_t>(zone.points.size());
    if (zone.routing == Reader::Routing::kFull) {
      for (std::uint32_t g = 0; g < s.segments.size(); ++g)
        s.full.emplace(std::uint64_t{s.segments[g].from} * m + s.segments[g].to, g);
      return;
    }
    if (zone.routing != Reader::Routing::kFloyd && zone.routing != Reader::Routing::kDijkstra)
      return;
    s.hops.reserve(s.segments.size() + m);
    for (const Segment& g : s.segments)
      s.hops.push_back({g.from, g.to, static_cast<std::uint32_t>(g.links.size())});
    s.loopback_hop = static_cast<std::uint32_t>(s.hops.size());
    for (std::uint32_t a = 0; a < m; ++a)
      if (s.loopback[a]) s.hops.push_back({a, a, 1});
    // Floyd takes m^3 steps and 20 m^2 bytes: 2048 points take seconds and 84 MB.
    constexpr std::uint32_t kMaxFloydPoints = 2048;
    if (zone.routing == Reader::Routing::kFloyd && m > kMaxFloydPoints)
      t_.fail(zone.line, "a Floyd zone of " + std::to_string(m) +
                             " hosts and routers: pelsim computes "
                             "Floyd routes for at most " +
                             std::to_string(kMaxFloydPoints) +
                             " (the time grows as their cube); routing=\"Dijkstra\" gives routes "
                             "of the same number of links (ties may differ)");
    if (zone.routing == Reader::Routing::kFloyd) s.floyd = std::make_unique<FloydPaths>(m, s.hops);
    if (zone.routing == Reader::Routing::kDijkstra)
      s.dijkstra = std::make_unique<DijkstraPaths>(m, s.hops);
  }

  // The hop h of zone s: its links (a loopback hop: the loopback link).
  void append_hop(const State& s, std::uint32_t h, std::vector<LinkId>& out) const {
    if (h >= s.loopback_hop) {
      out.push_back(loopback_);
      return;
    }
    // (A link crossed twice is counted twice, as SimGrid does: its latency, and the flow's use
    // of its bandwidth.)
    out.insert(out.end(), s.segments[h].links.begin(), s.segments[h].links.end());
  }

  // Zone z's route between its points a and b (local indices), appended to `out`, with its
  // gateways (zone routes only); false when there is none.
  bool local(std::uint32_t z, std::uint32_t a, std::uint32_t b, std::vector<LinkId>& out,
             std::uint32_t& gw_src, std::uint32_t& gw_dst, unsigned depth) {
    const Reader::Zone& zone = t_.zones_[z];
    State& s = zones_[z];
    gw_src = gw_dst = kNone;
    if (zone.routing == Reader::Routing::kVivaldi) {  // (a StarZone: up, down, each once)
      const std::size_t m = zone.points.size();
      if (s.peer_up[a] != kNone) out.push_back(s.peer_up[a]);
      if (s.peer_down[b] != kNone && (a != b || s.peer_down[b] != s.peer_up[a]))
        out.push_back(s.peer_down[b]);
      const LinkId pair = s.vivaldi[std::min(a, b) * m + std::max(a, b)];
      if (pair != kNoLink) out.push_back(pair);
      return true;
    }
    if (zone.routing == Reader::Routing::kTopology) {
      if (a == b && !s.loopbacks.empty()) {
        out.push_back(s.loopbacks[a]);
        return true;
      }
      // Without loopback, a TORUS's route from a host to itself is empty (TorusZone): no
      // link inside a longer route (a bypass from its gateway), a missing route on its own.
      if (a == b && !s.topology->has_loopback_routes()) return true;
      const std::size_t first = out.size();
      s.topology->route(a, b, out);
      for (std::size_t i = first; i < out.size(); ++i) out[i] += s.topology_base;
      return true;
    }
    if (zone.routing == Reader::Routing::kStar) {
      const std::size_t first = out.size();
      const auto add = [&](const std::vector<LinkId>& links) {
        for (const LinkId l : links)  // StarZone adds a link once
          if (std::find(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(), l) ==
              out.end())
            out.push_back(l);
      };
      if (a == b && s.has_self[a]) {
        add(s.self[a]);
      } else {
        add(s.up[a]);
        add(s.down[b]);
      }
      return true;
    }
    if (zone.routing == Reader::Routing::kFull) {
      const auto m = static_cast<std::uint32_t>(zone.points.size());
      if (const auto it = s.full.find(std::uint64_t{a} * m + b); it != s.full.end()) {
        const Segment& g = s.segments[it->second];
        out.insert(out.end(), g.links.begin(), g.links.end());
        gw_src = g.gw_src;
        gw_dst = g.gw_dst;
        return true;
      }
      if (a == b && s.loopback[a]) out.push_back(loopback_);
      // A pair without a route: FullZone's is empty, which SimGrid accepts inside a longer
      // route (from a host to its zone's gateway) and refuses on its own (a missing route).
      return true;
    }
    std::vector<std::uint32_t> chain;
    if (s.floyd) {
      if (!s.floyd->path(a, b, chain)) return false;
    } else if (s.dijkstra) {
      if (s.source != a) {
        // A point in no route has none (SimGrid fails when a transfer needs one; the host may
        // still be its zone's gateway, which needs none).
        if (!s.dijkstra->set_source(a)) return false;
        s.source = a;
      }
      const DijkstraPaths::Path got = s.dijkstra->path(b, chain);
      if (got == DijkstraPaths::Path::kEndless) {
        const std::string& from = t_.points_[zone.points[a]].name;
        t_.fail(zone.line, "SimGrid 3.32's Dijkstra routing never ends on the route from " +
                               quoted(from) + " to " + quoted(t_.points_[zone.points[b]].name) +
                               ": a point that routes one way into the zone cannot be reached "
                               "from " +
                               quoted(from) +
                               ", and its cost overflows; give the way back, or use "
                               "routing=\"Floyd\"");
      }
      if (got != DijkstraPaths::Path::kFound) return false;
    } else {
      return false;  // (a routing pelsim does not have: never asked, see close_zone)
    }
    // Each zone route of the chain continues from where the previous one arrived.
    std::uint32_t prev_gw_dst = kNone;
    for (const std::uint32_t h : chain) {
      const bool zone_route = h < s.loopback_hop && s.segments[h].gw_src != kNone;
      if (zone_route && prev_gw_dst != kNone && prev_gw_dst != s.segments[h].gw_src &&
          !global_into(prev_gw_dst, s.segments[h].gw_src, out, depth + 1))
        return false;
      append_hop(s, h, out);
      prev_gw_dst = zone_route ? s.segments[h].gw_dst : kNone;
    }
    if (!chain.empty() && chain.front() < s.loopback_hop) gw_src = s.segments[chain.front()].gw_src;
    if (!chain.empty() && chain.back() < s.loopback_hop) gw_dst = s.segments[chain.back()].gw_dst;
    return true;
  }

  // local() of a zone of zones, remembered (the same few pairs serve every pair of hosts).
  const Memo& zone_route(std::uint32_t z, std::uint32_t a, std::uint32_t b, unsigned depth) {
    const std::uint64_t key = (std::uint64_t{z} << 42) | (std::uint64_t{a} << 21) | b;
    const bool memo = a < (1u << 21) && b < (1u << 21) && z < (1u << 21);
    if (memo)
      if (const auto it = memo_.find(key); it != memo_.end()) return it->second;
    Memo m;
    m.found = local(z, a, b, m.links, m.gw_src, m.gw_dst, depth);
    if (!memo) {
      scratch_ = std::move(m);
      return scratch_;
    }
    return memo_.emplace(key, std::move(m)).first->second;
  }

  bool global_into(std::uint32_t p, std::uint32_t q, std::vector<LinkId>& out, unsigned depth) {
    if (depth > 4 * Reader::kMaxNesting)  // (each step goes into a smaller subtree: cannot happen)
      t_.fail(t_.zones_.front().line, "the routes between zones do not end");
    const Reader::Point& src = t_.points_[p];
    const Reader::Point& dst = t_.points_[q];
    std::uint32_t gw_src = kNone, gw_dst = kNone;
    if (src.zone == dst.zone) {  // (get_bypass_route's base case first)
      const auto& bypass = zones_[src.zone].bypass;
      if (const auto it = bypass.find(pair_key(p, q)); it != bypass.end()) {
        out.insert(out.end(), bypasses_[it->second].links.begin(),
                   bypasses_[it->second].links.end());
        return true;
      }
      return local(src.zone, src.local, dst.local, out, gw_src, gw_dst, depth);
    }
    // find_common_ancestors: the zones from each point's up to the root, then down together.
    path_src_.clear();
    path_dst_.clear();
    for (std::uint32_t z = src.zone; z != kNone; z = t_.zones_[z].parent) path_src_.push_back(z);
    for (std::uint32_t z = dst.zone; z != kNone; z = t_.zones_[z].parent) path_dst_.push_back(z);
    while (path_src_.size() > 1 && path_dst_.size() > 1 && path_src_.back() == path_dst_.back()) {
      path_src_.pop_back();
      path_dst_.pop_back();
    }
    const std::uint32_t src_zone = path_src_.back(), dst_zone = path_dst_.back();
    // (One point in a zone above the other's: no such point, close_zone refuses hosts
    // beside zones.)
    if (src_zone == dst_zone) return false;
    const std::uint32_t common = t_.zones_[src_zone].parent;
    if (const Bypass* b = find_bypass(common)) {  // (the paths are not needed after this)
      const Bypass bypass = *b;
      if (!global_into(p, bypass.gw_src, out, depth + 1)) return false;
      out.insert(out.end(), bypass.links.begin(), bypass.links.end());
      return global_into(bypass.gw_dst, q, out, depth + 1);
    }
    const Memo& between = zone_route(common, t_.points_[t_.zones_[src_zone].point].local,
                                     t_.points_[t_.zones_[dst_zone].point].local, depth + 1);
    // (SimGrid: "Bad gateways" when a zone route is missing.)
    if (!between.found || between.gw_src == kNone || between.gw_dst == kNone) return false;
    const std::uint32_t in = between.gw_src, to = between.gw_dst;
    const std::vector<LinkId> links = between.links;  // (the memo may move while recursing)
    if (p != in && !global_into(p, in, out, depth + 1)) return false;
    out.insert(out.end(), links.begin(), links.end());
    return q == to || global_into(to, q, out, depth + 1);
  }

  static std::uint64_t pair_key(std::uint32_t a, std::uint32_t b) {
    return (std::uint64_t{a} << 32) | b;
  }

  // get_bypass_route's search between zones: the pairs (i-th zone up from the source, j-th up
  // from the destination) below the common ancestor `common`, in SimGrid's order (by the
  // larger of i and j, then the smaller, the source's side first).
  const Bypass* find_bypass(std::uint32_t common) const {
    const auto& bypass = zones_[common].bypass;
    if (bypass.empty()) return nullptr;
    const auto lookup = [&](std::size_t i, std::size_t j) -> const Bypass* {
      if (i >= path_src_.size() || j >= path_dst_.size()) return nullptr;
      const auto it =
          bypass.find(pair_key(t_.zones_[path_src_[i]].point, t_.zones_[path_dst_[j]].point));
      return it == bypass.end() ? nullptr : &bypasses_[it->second];
    };
    const std::size_t most = std::max(path_src_.size(), path_dst_.size());
    for (std::size_t max = 0; max < most; ++max) {
      for (std::size_t i = 0; i < max; ++i) {
        if (const Bypass* b = lookup(i, max)) return b;
        if (const Bypass* b = lookup(max, i)) return b;
      }
      if (const Bypass* b = lookup(max, max)) return b;
    }
    return nullptr;
  }

  const Reader& t_;
  std::vector<Bypass> bypasses_;
  std::vector<LinkId> first_id_;
  LinkId loopback_ = 0;
  std::vector<State> zones_;
  std::unordered_map<std::uint64_t, Memo> memo_;
  Memo scratch_;
  std::vector<std::uint32_t> path_src_, path_dst_;
};

ImportedPlatform ZoneTreeReader::build() const {
  const std::uint32_t root_line = zones_.empty() ? 1 : zones_.front().line;
  const auto n = static_cast<std::uint32_t>(hosts_.size());
  if (n == 0) fail(root_line, "<zone> has <router>, <link> or <route> but no <host>");
  std::uint64_t cores = 0;
  for (const ImportedPlatform::Host& h : hosts_) cores += h.cores;
  if (cores > (std::uint64_t{1} << 24))
    fail(root_line,
         "the hosts have " + std::to_string(cores) + " cores, more than pelsim's 16777216");

  auto table = std::make_shared<RouteTable>();
  table->source = path_;
  for (const ImportedPlatform::Host& h : hosts_) table->node_names.push_back(h.name);
  ZoneRouter router(*this, table->links);
  std::uint64_t missing = 0;  // ordered pairs of hosts without a route
  table->start.reserve(std::size_t{n} * n + 1);
  table->start.push_back(0);
  for (std::uint32_t a = 0; a < n; ++a) {
    for (std::uint32_t b = 0; b < n; ++b) {
      // A route SimGrid does not find, or finds empty, is missing: SimGrid fails when a
      // transfer needs it ("no connecting path").
      router.global(host_point_[a], host_point_[b], table->route_links);
      if (table->route_links.size() == table->start.back()) ++missing;
      // The table of every pair's route is what the file asks for; bound it before it
      // exhausts the memory (2^26 link ids, 256 MiB: 1400 hosts on routes of 32 links).
      constexpr std::size_t kMaxRouteLinks = std::size_t{1} << 26;
      if (table->route_links.size() > kMaxRouteLinks)
        fail(root_line, "the routes between the " + std::to_string(n) + " hosts cross more than " +
                            std::to_string(kMaxRouteLinks) +
                            " links in all (pelsim keeps the route of every pair of hosts): "
                            "fewer hosts, or shorter routes");
      table->start.push_back(static_cast<std::uint32_t>(table->route_links.size()));
    }
  }

  ImportedPlatform p;
  const Zone& root = zones_.front();
  p.cluster_id = root.id;
  p.nodes = n;
  p.hosts = hosts_;
  p.speed_profiles = speed_profiles_;
  p.profile_files = profile_files_;
  for (const TraceConnect& c : trace_connects_) {  // (SimGrid applies them once all is read)
    const auto it = point_by_name_.find(c.host);
    if (it == point_by_name_.end() || points_[it->second].kind != Point::Kind::kHost)
      fail(c.line, "<trace_connect> element " + quoted(c.host) + " is not a <host>");
    ImportedPlatform::Host& h = p.hosts[points_[it->second].what];
    if (h.speed_profile != ImportedPlatform::kNoSpeedProfile)
      fail(c.line, "host " + quoted(c.host) +
                       " has a speed profile already (speed_file, or "
                       "another <trace_connect>)");
    h.speed_profile = c.profile;
  }
  p.zone_routing = root.routing_name == "DijkstraCache" ? "Dijkstra" : root.routing_name;
  for (const Point& point : points_) p.routers += point.kind == Point::Kind::kRouter ? 1 : 0;
  p.zones = static_cast<std::uint32_t>(zones_.size());
  p.missing_routes = missing;
  p.cores_per_node = hosts_[0].cores;
  p.core_speed = hosts_[0].speed;
  p.topology.kind = TopologyKind::kRouted;
  p.topology.nodes = n;
  p.topology.routes = std::move(table);
  // Same-host transfers take each host's loopback route.
  p.intra_latency = 0;
  p.intra_bandwidth = std::numeric_limits<double>::infinity();
  p.intra_shared = false;
  return p;
}

}  // namespace pelsim::models
