// SimGrid platform XML reader: one `<cluster>` (homogeneous nodes, cores, speed and an
// interconnect), one `<zone>` of `<host>`, `<router>`, `<link>` and `<route>` (hosts of
// their own speed and cores; Full, Floyd or Dijkstra routing), or zones of zones and clusters
// joined by `<zoneRoute>`, as a TopologySpec for the `flow` network.
//
// Reference: SimGrid's platform DTD (simgrid.dtd, v4.1) and its parser (src/kernel/xml/
// platf_sax_cb.cpp, sg_platf.cpp, the routing zones in src/kernel/routing/); the mapping of
// each SimGrid topology is in docs/models/simgrid-platforms.md. Cost: the file is read whole and
// tokenized in one pass; O(size of the file + number of radical ranges).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pelsim/models/flow_model.hpp"
#include "pelsim/models/network_topology.hpp"
#include "pelsim/models/speed_profile.hpp"

namespace pelsim::models {

/// A SimGrid platform in pelsim's terms.
///
/// A `<cluster>`: `nodes` hosts of `cores_per_node` cores of `core_speed` flop/s each, joined
/// by `topology`, with same-node transfers priced by the loopback (`intra_*`); `hosts` is
/// empty. Host i (0 <= i < nodes) is SimGrid's host prefix + radical value i + suffix, in the
/// order of the `radical` attribute ("0-3,8" gives radical values 0, 1, 2, 3, 8): it is pelsim
/// node i.
///
/// A zone of hosts (Full, Floyd or Dijkstra routing), zones of zones, or one FLAT cluster routed
/// as SimGrid's StarZone: `hosts` in file order (host i is pelsim node
/// i, its cores numbered after the cores of hosts 0..i-1), `topology` routed (its RouteTable holds
/// the links and every route, loopbacks included, so `intra_*` are free); cores_per_node and
/// core_speed are host 0's.
///
/// A value type; read_simgrid_platform() guarantees nodes >= 1, cores >= 1 and speeds > 0,
/// topology.nodes == nodes, and that a cluster topology's parameters have SimGrid's syntax
/// with the right number of nodes (build_topology() checks the rest).
struct ImportedPlatform {
  std::string cluster_id;            ///< the cluster's id, or the zone's
  std::uint32_t nodes = 0;           ///< hosts of the cluster (the radical count)
  std::uint32_t cores_per_node = 1;  ///< the `core` attribute (default 1)
  double core_speed = 0;             ///< flop/s: `speed` (the first pstate when it is a list)
  /// The interconnect: kind, shape, link and NIC latency/bandwidth, backbone (crossbar).
  TopologySpec topology;
  /// Same-node transfers: `loopback_lat` / `loopback_bw` (a FATPIPE link in SimGrid, so not
  /// shared). When the cluster has no loopback: the topology's route from the node to itself
  /// (topology.same_node_routes: FLAT, FAT_TREE, DRAGONFLY, as SimGrid), or for a TORUS, where
  /// SimGrid has none, SimGrid's network-model loopback defaults, network/loopback-lat = 0 s
  /// and network/loopback-bw = 10GBps (1e10 B/s), FATPIPE.
  double intra_latency = 0;
  double intra_bandwidth = 1e10;
  bool intra_shared = false;
  /// The network model the file's `<config>` sets (SimGrid's options; unset: the file does not
  /// say, and the run's model applies), with the command-line options read with it.
  std::optional<FlowModel> flow_model;
  /// True when the file's own `<config>` sets an option of the network model.
  bool config_sets_model = false;

  /// A host of a zone: its `id`, its speed (of the `pstate` chosen, per core) and cores, and
  /// its speed_file's profile (an index into speed_profiles, or kNoSpeedProfile).
  static constexpr std::uint32_t kNoSpeedProfile = 0xffffffff;
  struct Host {
    std::string name;
    double speed = 0;
    std::uint32_t cores = 1;
    std::uint32_t speed_profile = kNoSpeedProfile;
  };
  std::vector<SpeedProfile> speed_profiles;  ///< the hosts' speed_files, each read once
  std::vector<std::string> profile_files;    ///< the profile files read, as opened
  std::vector<Host> hosts;    ///< a zone of hosts only
  std::string zone_routing;   ///< a zone of hosts: "Full", "Floyd" or "Dijkstra"; else empty
  std::uint32_t routers = 0;  ///< a zone of hosts: its routers (<router>, and each cluster's)
  std::uint32_t zones = 1;    ///< a zone of hosts: its zones, nested ones and clusters included
  /// A zone of hosts: ordered pairs of hosts without a route (a transfer between them fails).
  std::uint64_t missing_routes = 0;

  /// One run of radical values: first, first + 1, ..., last.
  struct RadicalRange {
    std::uint32_t first = 0;
    std::uint32_t last = 0;
  };
  std::string host_prefix;
  std::string host_suffix;
  std::vector<RadicalRange> radicals;  ///< in file order; their sizes add up to `nodes`

  /// The radical value of host i of a cluster (i < nodes; throws std::out_of_range otherwise).
  std::uint32_t radical(std::uint32_t i) const;
  /// SimGrid's name of host i: prefix + radical(i) + suffix, e.g. "node-3.simgrid.org", or a
  /// zone's host's id. Throws std::out_of_range unless i < nodes.
  std::string host_name(std::uint32_t i) const;
  /// True when every host has the same speed and cores (always, for a cluster).
  bool uniform() const;
};

/// Reads a SimGrid platform file: one `<cluster>`, one zone of hosts, or zones of zones.
///
/// Accepted: `<?xml ...?>`, a `<!DOCTYPE>`, comments, then `<platform version="4.0"|"4.1">`
/// holding either one `<cluster>` or one `<zone>` (`<AS>`) that holds exactly one `<cluster>`
/// (any routing), or `<host>`, `<router>`, `<link>` and `<route>` elements (routing Full,
/// Floyd, Dijkstra or DijkstraCache), or zones of those and FLAT clusters, nested to any depth,
/// joined by `<zoneRoute>` (`<ASroute>`); the rules are in docs/models/simgrid-platforms.md
/// and simgrid_zone_tree.cpp. `<prop>` children are ignored.
/// `<cluster>` attributes: id, prefix, suffix, radical, speed, bw, lat (required); core (1),
/// sharing_policy (SPLITDUPLEX, its deprecated alias FULLDUPLEX, SHARED, FATPIPE), topology
/// (FLAT | TORUS | FAT_TREE | DRAGONFLY), topo_parameters, bb_bw, bb_lat, bb_sharing_policy
/// (SHARED | FATPIPE), loopback_bw, loopback_lat, limiter_link, router_id. A FLAT cluster
/// with SHARED or FATPIPE host links or a limiter is routed as SimGrid's StarZone. Values take
/// SimGrid's units (parse_simgrid_quantity()).
///
/// Throws InputError("path:line: reason") on a file that cannot be read, malformed XML, any
/// other element (`<config>`, `<bypassRoute>`, ...: "is not supported", pointing to
/// docs/models/simgrid-platforms.md), an unknown attribute (listing the known ones), a
/// missing required attribute, a bad value or unit, a radical that is not "a-b,c,..." or that
/// repeats a value, a route or zone route naming what is not declared before it, and what
/// pelsim cannot represent: limiter_link or SHARED/FATPIPE links on a TORUS, FAT_TREE or
/// DRAGONFLY cluster, such a cluster among other zones, a torus of more than 3 dimensions, a
/// backbone or loopback latency without a bandwidth, hosts beside sub-zones in one zone.
///
/// `cfg`: SimGrid's command-line options (`--cfg=name:value`, each "name:value"), applied first
/// as SimGrid applies them: the file's `<config>` then sets only the options they leave unset
/// (its entries for the others are skipped, as SimGrid skips them, whatever their values), and
/// with `cfg` given, what neither sets has SimGrid's defaults (the flow model is then LV08
/// unless they say otherwise). The same rules as `<config>`'s; an error reads "--cfg ...:
/// reason".
ImportedPlatform read_simgrid_platform(const std::string& path,
                                       std::span<const std::string> cfg = {});

/// The same on the text of a file; `path` only names it in errors.
ImportedPlatform parse_simgrid_platform(std::string_view text, const std::string& path,
                                        std::span<const std::string> cfg = {});

/// The network model SimGrid's command-line options `cfg` ("name:value" each) give without a
/// platform file: SimGrid's model with those options and SimGrid's defaults for the others (so
/// `network/TCP-gamma:0` alone is LV08 without its TCP window, and `network/optim:Full` alone is
/// LV08), nullopt when `cfg` is empty. Throws InputError("--cfg ...: reason") as
/// read_simgrid_platform() does.
std::optional<FlowModel> simgrid_cfg_network(std::span<const std::string> cfg);

/// True when `cfg` sets an option of the network model (network/model, TCP-gamma,
/// crosstraffic, latency-factor, bandwidth-factor, weight-S). Throws as simgrid_cfg_network().
bool simgrid_cfg_sets_model(std::span<const std::string> cfg);

}  // namespace pelsim::models
