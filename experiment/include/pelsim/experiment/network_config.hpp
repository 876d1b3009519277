// The network of a run as a user describes it, and how it becomes a models::NetworkModel.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "pelsim/models/flow_model.hpp"
#include "pelsim/models/network.hpp"
#include "pelsim/models/simulation.hpp"
#include "pelsim/models/speed_profile.hpp"

namespace pelsim::experiment {

/// The `flow` network's platform (scenario `platform.topology`, CLI --topology and friends, or
/// a SimGrid platform file). The run's latency and bandwidth then apply to each link.
struct FlowOptions {
  std::string topology = "crossbar";  ///< models::known_topologies()
  std::uint32_t cores_per_node = 1;   ///< nodes = cores / cores_per_node
  std::vector<std::uint32_t> dims;    ///< mesh/torus shape; empty: the most nearly square
  std::string parameters;             ///< fat_tree / dragonfly, SimGrid's syntax
  double nic_latency = -1;            ///< < 0: the link latency
  double nic_bandwidth = -1;          ///< < 0: the link bandwidth
  double backbone_latency = 0;        ///< crossbar: a link every inter-node route crosses
  double backbone_bandwidth = std::numeric_limits<double>::infinity();  ///< inf: none
  bool backbone_shared = true;
  double intra_latency = 0;  ///< same node, different cores (0 and inf: free)
  double intra_bandwidth = std::numeric_limits<double>::infinity();
  bool intra_shared = true;
  /// Nodes of different sizes (a SimGrid zone of hosts): each node's cores, in node order. Empty:
  /// cores_per_node each.
  std::vector<std::uint32_t> node_cores;
  /// topology "routed": the links and routes (from a SimGrid zone of hosts).
  std::shared_ptr<const models::RouteTable> routes;
  /// Transfers between two cores of one node take the topology's route from the node to
  /// itself (models::TopologySpec::same_node_routes; a SimGrid cluster without loopback).
  bool same_node_routes = false;
  /// SimGrid's model options, when given (a platform file's `<config>`, `--flow-model`, a
  /// scenario's platform.flow_model); unset: CM02 (pelsim's default).
  std::optional<models::FlowModel> model;
  /// Two tasks of one core exchange their data over the node's own route (SimGrid's DAG
  /// programs), not for free (models::FlowNetworkConfig::same_core_transfers).
  bool same_core_transfers = false;
  /// SimGrid's command-line options (`--cfg`, "name:value" each) for a platform file: applied
  /// before its `<config>` (read_platform_file()). Without a platform file the front end puts
  /// what they set in `model` (models::simgrid_cfg_network()).
  std::vector<std::string> simgrid_cfg;
};

/// Builds a run's network: `model` by name (ideal, latency_bandwidth, flow). For flow, the
/// cores form cores / cores_per_node nodes joined by `flow.topology`, every link of
/// `latency` seconds and `bandwidth` B/s unless the NIC or backbone values say otherwise.
/// Throws models::InputError when the pieces do not fit (cores not a multiple of
/// cores_per_node, a shape that is not the node count, an unknown topology).
models::NetworkModel make_network(const std::string& model, double latency, double bandwidth,
                                  const FlowOptions& flow, std::uint32_t cores);

/// The speed profiles of a platform file's hosts (their speed_file), per core: core c
/// follows (*profiles)[core_profile[c]], or none (models::Platform::kNoProfile). The profiles
/// are shared with every run's models::Platform, never copied.
struct SpeedProfiles {
  std::shared_ptr<const std::vector<models::SpeedProfile>> profiles;
  std::vector<std::uint32_t> core_profile;
};

/// A SimGrid platform file read as run settings (one <cluster> or one zone of hosts, see
/// models::read_simgrid_platform): the cores, their speeds, the link latency and bandwidth
/// and the flow options of its interconnect. For a zone of hosts, latency and bandwidth are unused
/// (every link has its own).
struct PlatformFile {
  std::uint32_t cores = 0;
  double core_speed = 0;       ///< the first core's
  std::vector<double> speeds;  ///< one per core, or one for every core
  double latency = 0;
  double bandwidth = 0;
  FlowOptions flow;
  std::string description;  ///< one line: cluster id, nodes, cores, speed, topology
  std::vector<std::string> node_names;  ///< the hosts' names, in node order
  bool config_sets_model = false;       ///< its `<config>` sets an option of the network model
  /// The hosts' speed profiles (speed_file), null without any: see RunConfig::speed_profiles.
  std::shared_ptr<const SpeedProfiles> speed_profiles;
  std::vector<std::string> profile_files;  ///< the profile files it read (for fingerprints)
};
/// `cfg`: SimGrid's command-line options, applied before the file's `<config>`
/// (models::read_simgrid_platform()).
PlatformFile read_platform_file(const std::string& path, std::span<const std::string> cfg = {});

/// Per-link statistics as CSV (link,bandwidth,bytes,busy_time,utilisation,peak_flows), where
/// utilisation = bytes / (bandwidth x makespan).
std::string link_stats_csv(const std::vector<models::LinkUsage>& links, double makespan);

/// The largest utilisation among `links` (0 without links).
double max_link_utilisation(const std::vector<models::LinkUsage>& links, double makespan);

}  // namespace pelsim::experiment
