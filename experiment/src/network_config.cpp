#include "pelsim/experiment/network_config.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "pelsim/experiment/json_line.hpp"
#include "pelsim/models/csv.hpp"
#include "pelsim/models/error.hpp"
#include "pelsim/models/network_topology.hpp"
#include "pelsim/models/simgrid_platform.hpp"

namespace pelsim::experiment {

namespace m = pelsim::models;

m::NetworkModel make_network(const std::string& model, double latency, double bandwidth,
                             const FlowOptions& flow, std::uint32_t cores) {
  if (model != "flow") return m::NetworkModel::by_name(model, latency, bandwidth);
  if (flow.cores_per_node == 0) throw m::InputError("cores per node must be at least 1");
  std::uint64_t node_core_sum = 0;
  for (std::uint32_t c : flow.node_cores) node_core_sum += c;
  if (!flow.node_cores.empty() && node_core_sum != cores)
    throw m::InputError("the platform's nodes have " + std::to_string(node_core_sum) +
                        " cores, not " + std::to_string(cores));
  if (flow.node_cores.empty() && cores % flow.cores_per_node != 0)
    throw m::InputError(
        cores == 1 ? "1 core does not make whole nodes of " + std::to_string(flow.cores_per_node) +
                         " cores (in a scenario, leave 1 out of the sweep: pelsim adds the "
                         "one-core reference run of the speedups by itself)"
                   : std::to_string(cores) + " cores do not make whole nodes of " +
                         std::to_string(flow.cores_per_node) + " cores");
  if (!(latency >= 0)) throw m::InputError("link latency must be >= 0");
  if (!(bandwidth > 0)) throw m::InputError("link bandwidth must be > 0");
  m::TopologySpec spec;
  spec.kind = m::topology_by_name(flow.topology);
  spec.nodes = flow.node_cores.empty() ? cores / flow.cores_per_node
                                       : static_cast<std::uint32_t>(flow.node_cores.size());
  spec.routes = flow.routes;
  spec.dims = flow.dims;
  spec.parameters = flow.parameters;
  spec.link_latency = latency;
  spec.link_bandwidth = bandwidth;
  spec.nic_latency = flow.nic_latency;
  spec.nic_bandwidth = flow.nic_bandwidth;
  spec.backbone_latency = flow.backbone_latency;
  spec.backbone_bandwidth = flow.backbone_bandwidth;
  spec.backbone_shared = flow.backbone_shared;
  spec.same_node_routes = flow.same_node_routes;
  m::FlowNetworkConfig config;
  config.topology = m::build_topology(spec);
  config.cores_per_node = flow.cores_per_node;
  for (std::size_t n = 0; n < flow.node_cores.size(); ++n)
    config.node_of_core.insert(config.node_of_core.end(), flow.node_cores[n],
                               static_cast<m::NodeId>(n));
  config.intra_latency = flow.intra_latency;
  config.intra_bandwidth = flow.intra_bandwidth;
  config.intra_shared = flow.intra_shared;
  config.model = flow.model.value_or(m::FlowModel{});
  config.same_core_transfers = flow.same_core_transfers;
  return m::NetworkModel::flow(std::move(config));
}

PlatformFile read_platform_file(const std::string& path, std::span<const std::string> cfg) {
  const m::ImportedPlatform p = m::read_simgrid_platform(path, cfg);
  PlatformFile out;
  out.cores = p.nodes * p.cores_per_node;
  out.core_speed = p.core_speed;
  out.speeds = {p.core_speed};
  if (!p.uniform()) {  // hosts of their own speed or cores
    bool same_cores = true;
    out.cores = 0;
    out.speeds.clear();
    for (const m::ImportedPlatform::Host& h : p.hosts) {
      out.cores += h.cores;
      out.speeds.insert(out.speeds.end(), h.cores, h.speed);
      out.flow.node_cores.push_back(h.cores);
      same_cores &= h.cores == p.cores_per_node;
    }
    if (same_cores) out.flow.node_cores.clear();
  }
  for (std::uint32_t i = 0; i < p.nodes; ++i) out.node_names.push_back(p.host_name(i));
  out.config_sets_model = p.config_sets_model;
  // (Only when some host follows a profile with events: a <trace> no host is connected to,
  // or an empty profile, changes nothing and must not refuse faults.)
  const auto followed = [&](const m::ImportedPlatform::Host& h) {
    return h.speed_profile != m::ImportedPlatform::kNoSpeedProfile &&
           !p.speed_profiles[h.speed_profile].dates.empty();
  };
  if (std::any_of(p.hosts.begin(), p.hosts.end(), followed)) {
    auto sp = std::make_shared<SpeedProfiles>();
    sp->profiles = std::make_shared<const std::vector<m::SpeedProfile>>(p.speed_profiles);
    for (const m::ImportedPlatform::Host& h : p.hosts)
      sp->core_profile.insert(sp->core_profile.end(), h.cores,
                              h.speed_profile == m::ImportedPlatform::kNoSpeedProfile
                                  ? m::Platform::kNoProfile
                                  : h.speed_profile);
    out.speed_profiles = std::move(sp);
  }
  out.profile_files = p.profile_files;
  out.latency = p.topology.link_latency;
  out.bandwidth = p.topology.link_bandwidth;
  FlowOptions& f = out.flow;
  f.topology = m::topology_name(p.topology.kind);
  f.cores_per_node = p.cores_per_node;
  f.dims = p.topology.dims;
  f.parameters = p.topology.parameters;
  f.nic_latency = p.topology.nic_latency;
  f.nic_bandwidth = p.topology.nic_bandwidth;
  f.backbone_latency = p.topology.backbone_latency;
  f.backbone_bandwidth = p.topology.backbone_bandwidth;
  f.backbone_shared = p.topology.backbone_shared;
  f.intra_latency = p.intra_latency;
  f.intra_bandwidth = p.intra_bandwidth;
  f.intra_shared = p.intra_shared;
  f.routes = p.topology.routes;
  f.same_node_routes = p.topology.same_node_routes;
  f.model = p.flow_model;
  std::ostringstream d;
  if (p.hosts.empty()) {
    d << "cluster " << p.cluster_id << ": " << p.nodes << " nodes x " << p.cores_per_node
      << " cores at " << p.core_speed << " flop/s, " << f.topology;
  } else {
    d << "zone " << p.cluster_id << ": " << p.nodes << (p.nodes == 1 ? " host" : " hosts");
    if (p.uniform()) {
      d << " x " << p.cores_per_node << " cores at " << p.core_speed << " flop/s";
    } else {
      double lo = p.hosts[0].speed, hi = lo;
      for (const m::ImportedPlatform::Host& h : p.hosts) {
        lo = std::min(lo, h.speed);
        hi = std::max(hi, h.speed);
      }
      d << ", " << out.cores << " cores at " << lo;
      if (hi > lo) d << ".." << hi;
      d << " flop/s";
    }
    if (out.speed_profiles) {
      std::size_t profiled = 0;
      for (const m::ImportedPlatform::Host& h : p.hosts) profiled += followed(h) ? 1 : 0;
      d << ", " << profiled << (profiled == 1 ? " host" : " hosts") << " with a speed profile";
    }
    if (p.zones > 1) d << ", " << p.zones << " zones";
    if (p.routers > 0) d << ", " << p.routers << (p.routers == 1 ? " router" : " routers");
    d << ", " << p.topology.routes->links.size() << " links, " << p.zone_routing << " routing";
  }
  if (!f.parameters.empty()) d << " (" << f.parameters << ")";
  out.description = d.str();
  return out;
}

double max_link_utilisation(const std::vector<m::LinkUsage>& links, double makespan) {
  double best = 0;
  if (makespan > 0)
    for (const m::LinkUsage& l : links)
      best = std::max(best, l.stats.bytes / (l.bandwidth * makespan));
  return best;
}

std::string link_stats_csv(const std::vector<m::LinkUsage>& links, double makespan) {
  std::ostringstream os;
  os << "link,bandwidth,bytes,busy_time,utilisation,peak_flows\n";
  for (const m::LinkUsage& l : links)
    os << m::csv_field(l.name) << ',' << format_double(l.bandwidth) << ',' << format_double(l.stats.bytes) << ','
       << format_double(l.stats.busy_time) << ','
       << format_double(makespan > 0 ? l.stats.bytes / (l.bandwidth * makespan) : 0.0) << ','
       << l.stats.peak_flows << '\n';
  return os.str();
}

}  // namespace pelsim::experiment
