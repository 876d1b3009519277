// `pelsim platform`: what a SimGrid platform file or a --topology describes, as pelsim
// understood it: nodes, cores, links by kind, and a summary of the routes.
#include <algorithm>
#include <cstdio>
#include <limits>
#include <map>
#include <memory>
#include <tuple>

#include "commands.hpp"
#include "network_options.hpp"
#include "pelsim/experiment/network_config.hpp"
#include "pelsim/models/error.hpp"
#include "pelsim/models/network.hpp"

namespace pelsim::cli {

namespace m = pelsim::models;
namespace ex = pelsim::experiment;

namespace {

struct PlatformArgs {
  NetworkArgs net;
  std::uint32_t cores = 0;
  std::uint32_t routes = 3;
};

// `names`: the nodes' names (a SimGrid zone's hosts), or empty for numbers.
void print_platform(const m::FlowNetworkConfig& cfg, std::uint32_t example_routes,
                    const std::vector<std::string>& names) {
  auto node = [&](m::NodeId n) { return names.empty() ? std::to_string(n) : names[n]; };
  const m::NetworkTopology& topo = cfg.topology;
  std::printf("topology   %s\n", topo.describe().c_str());
  std::printf("model      %s\n", m::flow_model_name(cfg.model).c_str());
  if (cfg.node_of_core.empty()) {
    std::printf("nodes      %u of %u cores", topo.node_count(), cfg.cores_per_node);
  } else {
    std::uint32_t fewest = ~0u, most = 0;
    for (std::size_t c = 1, first = 0; c <= cfg.node_of_core.size(); ++c)
      if (c == cfg.node_of_core.size() || cfg.node_of_core[c] != cfg.node_of_core[first]) {
        fewest = std::min(fewest, static_cast<std::uint32_t>(c - first));
        most = std::max(most, static_cast<std::uint32_t>(c - first));
        first = c;
      }
    std::printf("nodes      %u of %u to %u cores (%zu cores)", topo.node_count(), fewest, most,
                cfg.node_of_core.size());
  }
  if (topo.route_table() != nullptr) {
    std::printf("; same-node transfers take the node's loopback route");
  } else if (topo.has_loopback_routes() && cfg.cores_per_node > 1) {
    std::printf("; same-node transfers go out on the node's links and back (no loopback)");
  } else if (cfg.cores_per_node > 1) {
    if (cfg.intra_free())
      std::printf("; same-node transfers are free");
    else
      std::printf("; same-node transfers: %g s, %g B/s, %s", cfg.intra_latency, cfg.intra_bandwidth,
                  cfg.intra_shared ? "shared per node" : "private");
  }
  std::printf("\n");
  // Links grouped by what they are.
  std::map<std::tuple<double, double, bool>, std::uint32_t> kinds;
  for (const m::NetLink& l : topo.links()) ++kinds[{l.latency, l.bandwidth, l.shared}];
  std::printf("links      %zu\n", topo.links().size());
  for (const auto& [k, n] : kinds)
    std::printf("           %8u x latency %g s, bandwidth %g B/s, %s\n", n, std::get<0>(k),
                std::get<1>(k), std::get<2>(k) ? "shared" : "fatpipe");
  const std::uint32_t n = topo.node_count();
  if (n < 2) return;
  // Routes from up to 16 evenly spread sources to every node.
  const std::uint32_t sources = std::min<std::uint32_t>(n, 16);
  std::uint64_t count = 0;
  double hops_sum = 0, lat_sum = 0;
  std::uint32_t hops_min = ~0u, hops_max = 0;
  double lat_min = 1e300, lat_max = 0, narrowest = std::numeric_limits<double>::infinity();
  std::vector<m::LinkId> route;
  const m::RouteTable* table = topo.route_table();
  const auto missing = [&](m::NodeId a, m::NodeId b) {
    return table != nullptr && table->missing(n, a, b);
  };
  for (std::uint32_t i = 0; i < sources; ++i) {
    const m::NodeId a = static_cast<m::NodeId>(std::uint64_t{i} * n / sources);
    for (m::NodeId b = 0; b < n; ++b) {
      if (a == b || missing(a, b)) continue;
      route.clear();
      topo.route(a, b, route);
      const std::uint32_t h = topo.hops(a, b);
      double lat = 0;
      for (m::LinkId l : route) {
        lat += topo.links()[l].latency;
        narrowest = std::min(narrowest, topo.links()[l].bandwidth);
      }
      ++count;
      hops_sum += h;
      lat_sum += lat;
      hops_min = std::min(hops_min, h);
      hops_max = std::max(hops_max, h);
      lat_min = std::min(lat_min, lat);
      lat_max = std::max(lat_max, lat);
    }
  }
  if (count > 0)
    std::printf(
        "routes     %llu sampled (from %u sources): fabric hops %u..%u (mean %.3g), latency "
        "%g..%g s (mean %g), narrowest link %g B/s\n",
        static_cast<unsigned long long>(count), sources, hops_min, hops_max,
        hops_sum / static_cast<double>(count), lat_min, lat_max,
        lat_sum / static_cast<double>(count), narrowest);
  // Pairs without a route (a SimGrid zone may leave some out): a transfer between them fails.
  if (table != nullptr) {
    std::uint64_t none = 0;
    m::NodeId first_a = 0, first_b = 0;
    for (m::NodeId a = 0; a < n; ++a)
      for (m::NodeId b = 0; b < n; ++b)
        if (missing(a, b) && none++ == 0) {
          first_a = a;
          first_b = b;
        }
    if (none > 0)
      std::printf(
          "no route   %llu ordered pairs of hosts, e.g. %s -> %s: a transfer between "
          "them stops the run (as in SimGrid)\n",
          static_cast<unsigned long long>(none), node(first_a).c_str(), node(first_b).c_str());
  }
  // Destinations spread evenly over 1..n-1, each at most once (more routes than nodes: all).
  const std::uint32_t shown = std::min(example_routes, n - 1);
  for (std::uint32_t k = 0; k < shown; ++k) {
    const m::NodeId b = static_cast<m::NodeId>(n - 1 - std::uint64_t{k} * (n - 1) / shown);
    if (b == 0) break;
    route.clear();
    topo.route(0, b, route);
    std::printf("route      %s -> %s:", node(0).c_str(), node(b).c_str());
    for (m::LinkId l : route) std::printf(" %s", topo.links()[l].name.c_str());
    std::printf(missing(0, b) ? " (none)\n" : "\n");
  }
}

}  // namespace

void add_platform(CLI::App& app, Action& action) {
  auto args = std::make_shared<PlatformArgs>();
  CLI::App* cmd = app.add_subcommand(
      "platform", "Show the platform a SimGrid file (or --topology) describes: links and routes");
  CLI::Option* file =
      cmd->add_option("FILE", args->net.platform_path,
                      "SimGrid platform XML (a <cluster>, a zone of hosts, or zones of them)");
  cmd->add_option("--cores,-p", args->cores, "number of cores (with --topology)")
      ->transform(whole_number("a number of cores", 1, 1u << 24));
  cmd->add_option("--routes", args->routes, "example routes to print")
      ->capture_default_str()
      ->transform(whole_number("a number of routes", 0, 1u << 20));
  args->net.add(*cmd);
  // FILE and --platform name one file: both given, one of them would be ignored.
  if (CLI::Option* platform = cmd->get_option_no_throw("--platform")) file->excludes(platform);
  cmd->callback([args, &action] {
    action = [args] {
      const NetworkArgs& net = args->net;
      net.model();  // refuses options beside FILE, or ones the topology would ignore
      std::uint32_t cores = net.cores(args->cores);
      double latency = 0, bandwidth = 0;
      ex::FlowOptions flow;
      std::vector<std::string> names;
      if (!net.platform_path.empty()) {
        const ex::PlatformFile pf = ex::read_platform_file(net.platform_path, net.simgrid_cfg);
        std::printf("%s\n", pf.description.c_str());
        cores = pf.cores;
        latency = pf.latency;
        bandwidth = pf.bandwidth;
        flow = pf.flow;
        if (!net.flow_model.empty()) flow.model = net.flow().model;  // (over its <config>)
        names = pf.node_names;
      } else {
        if (net.topology.empty()) throw m::InputError("give a platform FILE or --topology");
        if (cores == 0) throw m::InputError("give --cores or --nodes with --topology");
        latency = net.latency_s();
        bandwidth = net.bandwidth_bps();
        flow = net.flow();
      }
      const m::NetworkModel model = ex::make_network("flow", latency, bandwidth, flow, cores);
      print_platform(*model.flow_config(), args->routes, names);
      return 0;
    };
  });
}

}  // namespace pelsim::cli
