#include "network_options.hpp"

#include <limits>

#include "commands.hpp"
#include "pelsim/models/error.hpp"
#include "pelsim/models/simgrid_platform.hpp"
#include "pelsim/models/units.hpp"

namespace pelsim::cli {

namespace m = pelsim::models;

namespace {
double parse(const std::string& option, const std::string& text, m::Quantity kind) {
  if (kind == m::Quantity::kBandwidth && text == "inf")
    return std::numeric_limits<double>::infinity();
  try {
    return m::parse_quantity(text, kind);
  } catch (const m::InputError& e) {
    throw m::InputError(option + ": " + e.reason());
  }
}
}  // namespace

void NetworkArgs::add_model_options(CLI::App& cmd) {
  cmd_ = &cmd;
  cmd.add_option("--latency,-l", latency,
                 "latency between two cores (latency_bandwidth) or of each link (flow), e.g. 1us")
      ->capture_default_str();
  cmd.add_option("--bandwidth,-b", bandwidth,
                 "bandwidth between two cores (latency_bandwidth) or of each link (flow), B/s, "
                 "e.g. 10GB/s")
      ->capture_default_str();
}

void NetworkArgs::add(CLI::App& cmd) {
  cmd.add_option("--network", network,
                 "network model: ideal | latency_bandwidth | flow (default: flow with --topology, "
                 "--nodes or --platform, else latency_bandwidth)");
  add_model_options(cmd);
  cmd.add_option("--topology", topology,
                 "flow network topology: bus | crossbar | ring | mesh2d | torus2d | torus3d | "
                 "fat_tree | dragonfly");
  cmd.add_option("--nodes", nodes, "flow network: number of nodes (cores = nodes x cores per node)")
      ->transform(whole_number("a number of nodes", 1, 1u << 24));
  cmd.add_option("--cores-per-node", cores_per_node, "flow network: cores in each node")
      ->capture_default_str()
      ->transform(whole_number("a number of cores", 1, 1u << 24));
  cmd.add_option("--dims", dims,
                 "mesh/torus shape, e.g. --dims 4,4,4 or --dims 4 4 4 (default: most nearly "
                 "square)")
      ->expected(1, 3)
      ->delimiter(',')
      // (It takes up to 3 values, so a GRAPH right after it is taken for a size: say so.)
      ->check(CLI::Validator(
          [](std::string& v) -> std::string {
            return !v.empty() && v.find_first_not_of("0123456789") == std::string::npos
                       ? ""
                       : "'" + v +
                             "' is not a size (--dims takes 1 to 3 sizes, e.g. 4,4,4 or 4 4 4; "
                             "give a file before --dims)";
          },
          "SIZE"));
  cmd.add_option("--topology-params", topology_params,
                 "fat_tree \"h;m..;w..;p..\" or dragonfly \"g,gl;c,cl;r,rl;n\" (SimGrid's syntax)");
  cmd.add_option("--nic-latency", nic_latency,
                 "each node's own up/down link latency (default: --latency)");
  cmd.add_option(
      "--nic-bandwidth", nic_bandwidth,
      "each node's own up/down link bandwidth (default: --bandwidth; inf with --nic-latency 0: "
      "no NIC links)");
  cmd.add_option("--intra-latency", intra_latency,
                 "same node, different cores: latency (default 0)");
  cmd.add_option(
      "--intra-bandwidth", intra_bandwidth,
      "same node, different cores: bandwidth of the node's shared link (default inf: free)");
  cmd.add_flag("--intra-private", intra_private,
               "same-node transfers do not share the node's link (each gets its bandwidth)");
  cmd.add_option("--flow-model", flow_model,
                 "flow network: SimGrid's model, cm02 (default) or lv08 (SimGrid's default: "
                 "latency x13.01, bandwidth x0.97, weight-S, TCP window, cross-traffic)");
  cmd.add_option("--cfg", simgrid_cfg,
                 "flow network: a SimGrid option NAME:VALUE, as SimGrid's --cfg (repeatable; e.g. "
                 "network/model:LV08, network/TCP-gamma:0, network/crosstraffic:0): it overrides "
                 "a platform's <config>, and what neither sets has SimGrid's defaults (LV08)")
      ->allow_extra_args(false);  // one value per occurrence: a GRAPH after it stays the graph
  cmd.add_flag("--same-core-transfers", same_core_transfers,
               "flow network: data between two tasks of one core moves over the node's own route "
               "(its loopback or intra link), as SimGrid's DAG programs send it (default: free)");
  cmd.add_option(
      "--platform", platform_path,
      "SimGrid platform XML (a <cluster>, a zone of hosts, or zones joined by zoneRoute): cores, "
      "speeds, flow network");
}

void NetworkArgs::add_without_platform(CLI::App& cmd, const std::string& default_network) {
  network = default_network;
  cmd.add_option("--network", network,
                 "network model: ideal | latency_bandwidth | flow (flow: one node per recorded "
                 "machine, the nodes joined by a crossbar)")
      ->capture_default_str();
  add_model_options(cmd);
}

std::uint32_t NetworkArgs::cores(std::uint32_t given_cores) const {
  if (nodes == 0) return given_cores;
  const std::uint64_t implied = std::uint64_t{nodes} * cores_per_node;
  if (implied > (1u << 24)) throw m::InputError("--nodes x --cores-per-node is too large");
  if (given_cores != 0 && given_cores != implied)
    throw m::InputError("--cores " + std::to_string(given_cores) + " but --nodes " +
                        std::to_string(nodes) + " x --cores-per-node " +
                        std::to_string(cores_per_node) + " = " + std::to_string(implied));
  return static_cast<std::uint32_t>(implied);
}

std::string NetworkArgs::model() const {
  const bool flow_asked = !topology.empty() || !platform_path.empty() || nodes != 0;
  const std::string chosen =
      !network.empty() ? network : (flow_asked ? "flow" : "latency_bandwidth");
  if (chosen != "flow" && flow_asked) {
    const char* given_option =
        !platform_path.empty() ? "--platform" : (!topology.empty() ? "--topology" : "--nodes");
    throw m::InputError(std::string(given_option) + " describes the flow network, not '" +
                        chosen + "' (--network flow)");
  }
  refuse_ignored(chosen);
  return chosen;
}

void NetworkArgs::refuse_ignored(const std::string& model) const {
  static constexpr const char* kFlowOnly[] = {
      "--cores-per-node", "--dims",          "--topology-params", "--nic-latency",
      "--nic-bandwidth",  "--intra-latency", "--intra-bandwidth", "--intra-private"};
  for (const char* option : {"--flow-model", "--cfg", "--same-core-transfers"})
    if (model != "flow" && given(option))
      throw m::InputError(
          std::string(option) +
          " is a flow network option (--network flow, or give --topology, --nodes or --platform)");
  if (!platform_path.empty()) {
    for (const char* option : {"--latency", "--bandwidth", "--topology", "--nodes"})
      if (given(option))
        throw m::InputError(std::string(option) +
                            ": the platform file sets the network; give one or the other");
    for (const char* option : kFlowOnly)
      if (given(option))
        throw m::InputError(std::string(option) +
                            ": the platform file sets the network; give one or the other");
    return;
  }
  if (model != "flow") {
    for (const char* option : kFlowOnly)
      if (given(option))
        throw m::InputError(std::string(option) +
                            " is a flow network option (--network flow, or give --topology, "
                            "--nodes or --platform)");
    if (model == "ideal")
      for (const char* option : {"--latency", "--bandwidth"})
        if (given(option))
          throw m::InputError(std::string(option) + ": the ideal network moves data in no time");
    return;
  }
  const std::string kind = topology.empty() ? "crossbar" : topology;
  const bool grid = kind == "mesh2d" || kind == "torus2d" || kind == "torus3d";
  if (given("--dims") && !grid)
    throw m::InputError("--dims: " + kind + " has no dims (mesh2d, torus2d and torus3d have)");
  if (given("--topology-params") && kind != "fat_tree" && kind != "dragonfly")
    throw m::InputError("--topology-params: " + kind + " takes none (fat_tree and dragonfly do)");
  if (cores_per_node == 1)
    for (const char* option : {"--intra-latency", "--intra-bandwidth", "--intra-private"})
      if (given(option))
        throw m::InputError(std::string(option) +
                            ": nodes of one core have no transfers inside a node (give "
                            "--cores-per-node)");
  if (kind == "bus")
    for (const char* option : {"--nic-latency", "--nic-bandwidth"})
      if (given(option))
        throw m::InputError(std::string(option) +
                            ": the bus has no NIC links (its one link has --latency and "
                            "--bandwidth)");
}

double NetworkArgs::latency_s() const {
  return parse("--latency", latency, m::Quantity::kTime);
}

double NetworkArgs::bandwidth_bps() const {
  const double b = parse("--bandwidth", bandwidth, m::Quantity::kBandwidth);
  if (!(b > 0)) throw m::InputError("--bandwidth must be > 0");
  return b;
}

experiment::FlowOptions NetworkArgs::flow() const {
  experiment::FlowOptions f;
  if (!topology.empty()) f.topology = topology;
  f.cores_per_node = cores_per_node;
  f.dims = dims;
  f.parameters = topology_params;
  if (!nic_latency.empty()) f.nic_latency = parse("--nic-latency", nic_latency, m::Quantity::kTime);
  if (!nic_bandwidth.empty())
    f.nic_bandwidth = parse("--nic-bandwidth", nic_bandwidth, m::Quantity::kBandwidth);
  if (!intra_latency.empty())
    f.intra_latency = parse("--intra-latency", intra_latency, m::Quantity::kTime);
  if (!intra_bandwidth.empty())
    f.intra_bandwidth = parse("--intra-bandwidth", intra_bandwidth, m::Quantity::kBandwidth);
  f.intra_shared = !intra_private;
  f.same_core_transfers = same_core_transfers;
  if (given("--flow-model") && flow_model.empty())
    throw m::InputError("--flow-model: give a model, cm02 or lv08");
  if (!flow_model.empty()) {
    try {
      f.model = m::flow_model_by_name(flow_model);
    } catch (const m::InputError& e) {
      throw m::InputError("--flow-model: " + e.reason());
    }
  }
  if (!simgrid_cfg.empty()) {
    if (given("--flow-model") && m::simgrid_cfg_sets_model(simgrid_cfg))
      throw m::InputError(
          "--flow-model and --cfg both set the network model's options: give them with one of "
          "the two");
    f.simgrid_cfg = simgrid_cfg;
    if (platform_path.empty() && !given("--flow-model"))
      f.model = m::simgrid_cfg_network(simgrid_cfg);
  }
  return f;
}

}  // namespace pelsim::cli
