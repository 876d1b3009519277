// Network models: `ideal` and `latency_bandwidth` (no contention) and `flow` (contention).
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "pelsim/models/flow_model.hpp"
#include "pelsim/models/network_topology.hpp"

namespace pelsim::models {

/// The platform seen by the contention-aware `flow` network: nodes of `cores_per_node` cores
/// (core c is on node c / cores_per_node), or of the cores `node_of_core` gives each node,
/// joined by `topology`. Two cores of one node talk over the node's intra-node link: one link
/// shared by the node's transfers (a memory bus) or, when not shared, a private path per
/// transfer; zero latency and infinite bandwidth make same-node transfers free. A routed
/// topology's nodes have their own loopback routes instead (has_loopback_routes()).
struct FlowNetworkConfig {
  NetworkTopology topology;
  std::uint32_t cores_per_node = 1;
  /// Nodes with different numbers of cores: the node of each core, non-decreasing from 0, every
  /// node with at least one core (checked by NetworkModel::flow). Empty: cores_per_node each.
  std::vector<NodeId> node_of_core{};
  NodeId node_of(std::uint32_t core) const {
    return node_of_core.empty() ? core / cores_per_node : node_of_core[core];
  }
  /// The number of cores of all nodes (node_count() x cores_per_node when uniform).
  std::uint64_t core_count() const {
    return node_of_core.empty() ? std::uint64_t{topology.node_count()} * cores_per_node
                                : node_of_core.size();
  }
  double intra_latency = 0;
  double intra_bandwidth = std::numeric_limits<double>::infinity();
  bool intra_shared = true;
  /// SimGrid's model options (CM02 without TCP window or cross-traffic by default).
  FlowModel model{};
  /// Data between two tasks of one core also moves, over the node's own route (its loopback,
  /// or the intra-node link), as SimGrid's DAG programs send every edge; by default it is
  /// there at once.
  bool same_core_transfers = false;
  /// True when same-node transfers cost nothing.
  bool intra_free() const { return intra_latency == 0 && intra_bandwidth == std::numeric_limits<double>::infinity(); }
};

/// The network between cores. `ideal`: every transfer is free.
/// `latency_bandwidth`: a transfer of X bytes between two different cores takes L + X/B
/// seconds, starts when its producer finishes (or when its consumer is mapped, if later),
/// overlaps computation and uses no core. Between tasks on the same core, and for 0-byte
/// edges (pure precedences), transfers cost nothing. Reference: the "fatpipe" model of
/// SimGrid (see docs/models/network.md). Cost: O(1) per transfer. `flow`: transfers are flows
/// over the links of a FlowNetworkConfig and share bandwidth (FlowNetwork); the simulator
/// runs them. For planners that need a transfer's cost ahead of time, transfer_time() then
/// gives a contention-free estimate: the mean route latency plus bytes over the narrowest
/// bandwidth of a route; on a routed topology (routes of their own), the mean over the pairs
/// of nodes of each route's latency plus bytes over its narrowest link.
class NetworkModel {
 public:
  enum class Kind { kIdeal, kLatencyBandwidth, kFlow };

  static NetworkModel ideal() { return NetworkModel(Kind::kIdeal, 0.0, 0.0); }
  /// Throws InputError unless latency is finite and >= 0 and bandwidth is > 0 (may be inf).
  static NetworkModel latency_bandwidth(double latency, double bandwidth);
  /// By registered name ("ideal", "latency_bandwidth"); unknown names list the known ones.
  static NetworkModel by_name(const std::string& name, double latency, double bandwidth);
  /// The contention-aware model on `config` (see FlowNetworkConfig).
  static NetworkModel flow(FlowNetworkConfig config);

  /// Registered names with a one-line description each.
  struct Info {
    std::string name;
    std::string description;
  };
  static const std::vector<Info>& known();

  Kind kind() const { return kind_; }
  std::string name() const;
  double latency() const { return latency_; }
  double bandwidth() const { return bandwidth_; }
  /// The `flow` model's platform; nullptr for the other models.
  const FlowNetworkConfig* flow_config() const { return flow_.get(); }

  /// Seconds to move `bytes` between two different cores (0 bytes: a pure precedence).
  double transfer_time(double bytes) const {
    if (kind_ == Kind::kIdeal || bytes <= 0) return 0.0;
    return latency_ + bytes / bandwidth_;
  }
  /// Seconds to move `bytes` from core a to core b without contention: 0 on one core (unless
  /// the flow network moves same-core data, FlowNetworkConfig::same_core_transfers: then the
  /// node's own route); on a flow network of up to 256 nodes, the route's latency plus bytes
  /// over its narrowest link (same node: the intra-node link or the node's loopback route);
  /// otherwise transfer_time(bytes), or on one core node 0's own route. What the planners
  /// cost a transfer between two given cores with.
  double transfer_time(double bytes, std::uint32_t a, std::uint32_t b) const {
    if (a == b && !same_core_) return 0.0;
    if (bytes <= 0) return 0.0;
    if (pairs_) {
      const std::size_t k = std::size_t{flow_->node_of(a)} * pairs_->nodes + flow_->node_of(b);
      return pairs_->latency[k] + bytes / pairs_->bandwidth[k];
    }
    if (a == b) return same_core_latency_ + bytes / same_core_bandwidth_;
    return transfer_time(bytes);
  }
  /// True when transfer_time(bytes, a, b) depends on the two cores' nodes (a table of node
  /// pairs; without it, only whether a == b matters).
  bool has_pair_costs() const { return pairs_ != nullptr; }
  /// At least the time any one transfer of `bytes` alone takes between any two cores (flow:
  /// every link's latency summed, plus bytes over the narrowest link), for overflow checks.
  double transfer_time_bound(double bytes) const {
    if (kind_ != Kind::kFlow) return transfer_time(bytes);
    return bytes <= 0 ? 0.0 : bound_latency_ + bytes / bound_bandwidth_;
  }

 private:
  NetworkModel(Kind kind, double latency, double bandwidth)
      : kind_(kind), latency_(latency), bandwidth_(bandwidth) {}

  Kind kind_;
  double latency_;
  double bandwidth_;
  struct PairCosts {  // flow, up to 256 nodes: each ordered node pair's route
    std::uint32_t nodes = 0;
    std::vector<double> latency;
    std::vector<double> bandwidth;
  };
  std::shared_ptr<const PairCosts> pairs_;
  double bound_latency_ = 0;    // flow: sum of every link's latency
  double bound_bandwidth_ = 0;  // flow: the narrowest link
  bool same_core_ = false;      // flow: same-core data moves (FlowNetworkConfig)
  double same_core_latency_ = 0, same_core_bandwidth_ = 0;  // then node 0's own route
  std::shared_ptr<const FlowNetworkConfig> flow_;
};

}  // namespace pelsim::models
