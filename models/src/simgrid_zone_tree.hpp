// The zones of a SimGrid platform file: `<zone routing="Full|Floyd|Dijkstra">` of hosts,
// routers, links and routes (SimGrid's small_platform.xml, two_hosts.xml, ...), nested zones
// and FLAT clusters joined by `<zoneRoute>` (two_clusters.xml, griffon.xml, g5k.xml, ...).
// Internal to models/.
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "pelsim/models/simgrid_platform.hpp"
#include "pelsim/models/units.hpp"
#include "xml_tokenizer.hpp"

namespace pelsim::models {

/// A FLAT `<cluster>` of a platform of several zones, its attributes checked (SimGrid's
/// sg_platf_new_cluster_flat builds a StarZone of it).
struct FlatCluster {
  std::string id;
  std::string prefix;
  std::string suffix;
  std::vector<ImportedPlatform::RadicalRange> radicals;
  double speed = 0;
  std::uint32_t cores = 1;
  double bandwidth = 0;
  double latency = 0;
  enum class Policy { kShared, kSplitDuplex, kFatpipe } policy = Policy::kSplitDuplex;
  bool backbone = false;  // bb_bw given
  double backbone_bandwidth = 0;
  double backbone_latency = 0;
  bool backbone_shared = true;
  bool loopback = false;  // loopback_bw given
  double loopback_bandwidth = 0;
  double loopback_latency = 0;
  double limiter_bandwidth = 0;  // 0: none
  std::string router_id;         // empty: prefix + id + "_router" + suffix
  std::uint32_t line = 0;
};

/// Collects the zones of a platform file as the tokenizer meets them: each `<zone>` (nested
/// ones too), its `<host>`, `<router>`, `<link>`, `<route>` and `<zoneRoute>` elements (each
/// read_* method is called on the element's start tag and consumes the element) and its FLAT
/// `<cluster>`s; then build() computes the route between every ordered pair of hosts as
/// SimGrid 3.32 does (NetZoneImpl::get_global_route: the common ancestor's route between the
/// two zones, completed by the routes to and from its gateways; FullZone, FloydZone,
/// DijkstraZone and StarZone for the routes inside one zone) and gives the ImportedPlatform
/// with a routed topology. Every rule is listed in docs/models/simgrid-platforms.md. Throws
/// InputError(path, line, reason). Reading is in simgrid_zone_tree.cpp, routing (build() and
/// its ZoneRouter) in simgrid_zone_router.cpp.
class ZoneTreeReader {
 public:
  /// How a zone finds the route between two of its points (its `routing` attribute; kStar is
  /// a FLAT cluster or routing="Cluster", kNone has no route at all, kUnknown a routing pelsim
  /// does not have, accepted for a zone that only holds one zone or cluster and so never
  /// routes).
  enum class Routing { kFull, kFloyd, kDijkstra, kStar, kNone, kTopology, kVivaldi, kUnknown };

  ZoneTreeReader(XmlTokenizer& xml, const std::string& path) : xml_(xml), path_(path) {}

  /// A `<zone>` start tag (nested in the zone open, if any); `routing` as written.
  void open_zone(const std::string& id, const std::string& routing, std::uint32_t line);
  /// Its end tag: checks what the zone holds (`one_cluster`: a cluster the caller kept
  /// aside, the zone's only element).
  void close_zone(bool one_cluster = false);
  void read_host();
  void read_router();
  void read_link();
  void read_route();
  void read_zone_route();
  /// A FLAT cluster in the zone open: a zone of its own, its hosts, links and router.
  void add_cluster(const FlatCluster& c);
  /// A TORUS, FAT_TREE or DRAGONFLY cluster in the zone open (`c` as read_simgrid_platform()
  /// gives a cluster alone): a zone of its own whose routes are its topology's; no router
  /// (SimGrid 3.32 makes none for these: a zone route leaves from one of its hosts).
  /// `loopback`: the cluster has loopback_bw (each host then gets its loopback link).
  void add_topology_cluster(const ImportedPlatform& c, bool loopback, std::uint32_t line);
  /// In a zone of routing="Cluster" (SimGrid's StarZone): `<host_link id up down>` gives a
  /// host its links, `<backbone id bandwidth latency>` the zone's backbone, and a `<cabinet>`
  /// (id, prefix, suffix, radicals, speed, bandwidth, latency of `c`) hosts with their links.
  void read_host_link();
  void read_backbone();
  /// `<bypassRoute src dst>` (hosts or routers of the zone) or `<bypassZoneRoute src dst
  /// gw_src gw_dst>` (zones inside it, `<bypassASroute>` in version 4.0): a route that replaces
  /// the one the zone would compute (NetZoneImpl::get_bypass_route), one way only.
  void read_bypass_route();
  /// `<peer id coordinates speed bw_in bw_out>` in a Vivaldi zone: a host of one core with its
  /// own links link_<id>_UP (bw_out) and link_<id>_DOWN (bw_in) (VivaldiZone::set_peer_link).
  void read_peer();
  /// `<trace id file periodicity>` (its profile in a file, or in its text) and
  /// `<trace_connect kind trace element>` (kind SPEED only: a host's speed profile, as
  /// speed_file gives it), as SimGrid 3.32's sg_platf_new_trace and trace_connect read them.
  void read_trace();
  void read_trace_connect();
  /// The line of the first <trace_connect>, 0 without any (a platform of one cluster, which
  /// does not go through build(), refuses them).
  std::uint32_t first_trace_connect_line() const {
    return trace_connects_.empty() ? 0 : trace_connects_.front().line;
  }
  void add_cabinet(const FlatCluster& c);

  std::size_t zone_count() const { return zones_.size(); }
  /// The platform; throws when no zone holds a host.
  ImportedPlatform build() const;

 private:
  struct Link {
    std::string id;
    double bandwidth = 0;
    double latency = 0;
    enum class Policy { kShared, kSplitDuplex, kFatpipe } policy = Policy::kShared;
    std::uint32_t line = 0;
  };
  // What a link name designates: a whole link, a split-duplex link (its <link_ctn> says which
  // direction), or one half of a split-duplex link named as id_UP / id_DOWN.
  struct LinkName {
    std::uint32_t link = 0;  // index into links_
    enum Kind : std::uint8_t { kWhole, kSplit, kUpHalf, kDownHalf } kind = kWhole;
  };
  struct RouteLink {
    std::uint32_t link = 0;  // index into links_
    LinkName::Kind name = LinkName::kWhole;
    enum class Direction { kNone, kUp, kDown } direction = Direction::kNone;
  };
  static constexpr std::uint32_t kNone = 0xffffffffu;
  static constexpr std::uint32_t kMaxNesting = 200;  // zones within zones
  // A <route> or <zoneRoute> (src and dst are points of its zone; gateways only for the
  // latter), or a bypass route (bypass: src and dst are points of the zone, or zones inside it
  // with gateways).
  struct Route {
    std::uint32_t zone = 0;
    std::uint32_t src = 0;  // points_
    std::uint32_t dst = 0;
    std::uint32_t gw_src = kNone;  // points_
    std::uint32_t gw_dst = kNone;
    bool symmetrical = true;
    bool bypass = false;
    std::uint32_t line = 0;
    std::vector<RouteLink> links;
  };
  // A host, a router or a zone's own point in its parent zone (SimGrid's NetPoint).
  struct Point {
    std::string name;
    enum class Kind { kHost, kRouter, kZone } kind = Kind::kHost;
    std::uint32_t zone = kNone;  // the zone holding it (kNone: the root zone's own point)
    std::uint32_t local = 0;     // its index among that zone's points (NetPoint::id())
    std::uint32_t what = kNone;  // host index, or the zone it stands for
    std::uint32_t line = 0;
    std::array<double, 3> coordinates{};  // Vivaldi: x, y, height (ms)
  };
  // A StarZone point's routes: to everyone (up), from everyone (down), to itself.
  struct StarRoute {
    std::vector<RouteLink> up, down, loopback;
    bool has_loopback = false;
  };
  struct Zone {
    std::string id;
    Routing routing = Routing::kFull;
    std::string routing_name;
    std::uint32_t parent = kNone;
    std::uint32_t point = kNone;  // its point in the parent zone
    std::uint32_t line = 0;
    std::vector<std::uint32_t> points;    // by local index
    std::vector<std::uint32_t> children;  // zones
    std::uint32_t first_own_line = 0;     // its first host, router or route (0: none)
    // Its first <host> or <router>, and its first <peer>: SimGrid's DTD takes one kind or
    // the other in a zone (0: none).
    std::uint32_t first_host_line = 0, first_peer_line = 0;
    std::vector<StarRoute> star;          // kStar: by local index
    // routing="Cluster": the routes come from each host's <host_link> and the <backbone>,
    // set when the zone ends (sg_platf_zone_cluster_populate).
    bool cluster_routing = false;
    std::uint32_t backbone = kNone;  // links_
    struct HostLink {
      std::uint32_t local = 0;
      RouteLink up, down;
    };
    std::vector<HostLink> host_links;
    // <host_link>s as written: resolved when the zone closes (SimGrid populates a Cluster
    // zone at its end, so the host and links may come after).
    struct NamedHostLink {
      std::uint32_t line = 0;
      std::string id, up, down;
    };
    std::vector<NamedHostLink> named_host_links;
    std::uint32_t topology = kNone;  // kTopology: index into topologies_
  };

  [[noreturn]] void fail(std::uint32_t line, const std::string& reason) const;
  void check_attributes(std::string_view tag, std::initializer_list<std::string_view> known) const;
  const std::string& required(std::string_view tag, std::string_view name) const;
  double quantity(std::string_view tag, std::string_view name, const std::string& text,
                  Quantity kind) const;
  Zone& current(std::string_view tag);
  std::uint32_t point_index(const std::string& name, std::string_view tag,
                            std::string_view role) const;
  std::uint32_t add_point(const std::string& name, Point::Kind kind, std::uint32_t zone,
                          std::uint32_t line);
  std::uint32_t add_link(Link l);
  void read_route_links(Route& r);
  void read_coordinates(std::uint32_t point);
  // The speed_file (or availability_file) of the <host> or <peer> being read: its profile's
  // index, read once per file; kNoSpeedProfile without one.
  std::uint32_t read_speed_file(std::uint32_t line);
  // A profile file named at `line` (by `what`, for errors), read once: its index.
  std::uint32_t read_profile_file(const std::string& name, const std::string& what,
                                  std::uint32_t line);
  // A <host> or <router> (peer false) or a <peer> in zone z, which holds no point of the other
  // kind (SimGrid's DTD refuses the mix).
  void check_point_kind(Zone& z, bool peer, std::uint32_t line) const;
  Link link_values(std::string_view tag) const;
  void read_symmetrical(Route& r, const std::string& tag) const;
  void read_gateways(Route& r, const std::string& tag) const;
  RouteLink host_link_end(const std::string& id, const char* attribute, std::uint32_t line) const;
  void populate_star(Zone& z);
  std::string route_name(std::uint32_t from, std::uint32_t to) const;
  void reserve_hosts(std::uint64_t more, std::uint32_t line) const;
  bool inside(std::uint32_t point, std::uint32_t zone) const;
  void skip_children(std::string_view tag);

  friend class ZoneRouter;
  XmlTokenizer& xml_;
  // <trace>s by id: their profile's index and line; <trace_connect>s of kind SPEED, applied
  // to their hosts by build().
  struct NamedTrace {
    std::uint32_t profile = 0, line = 0;
    std::uint32_t connected_line = 0;  // of its <trace_connect>, 0 before
  };
  std::unordered_map<std::string, NamedTrace> traces_;
  struct TraceConnect {
    std::uint32_t profile = 0, line = 0;
    std::string host;
  };
  std::vector<TraceConnect> trace_connects_;
  std::vector<SpeedProfile> speed_profiles_;
  std::unordered_map<std::string, std::uint32_t> speed_profile_of_file_;
  std::vector<std::string> profile_files_;  // the same paths, in the order read
  const std::string& path_;
  std::vector<Zone> zones_;
  std::vector<std::uint32_t> open_;  // the zones open, innermost last
  std::vector<ImportedPlatform::Host> hosts_;
  std::vector<std::uint32_t> host_point_;  // per host
  std::vector<Point> points_;
  std::unordered_map<std::string, std::uint32_t> point_by_name_;
  std::vector<Link> links_;
  std::unordered_map<std::string, LinkName> link_names_;
  std::vector<Route> routes_;
  std::vector<ImportedPlatform> topologies_;  // the clusters of kTopology zones
  std::vector<char> topology_loopbacks_;      // ... and whether each has loopback_bw
};

}  // namespace pelsim::models
