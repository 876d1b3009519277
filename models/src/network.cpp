#include "pelsim/models/network.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <string>

#include "pelsim/models/error.hpp"

namespace pelsim::models {
namespace {

std::string number_text(double x) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", x);
  return text;
}

}  // namespace

NetworkModel NetworkModel::latency_bandwidth(double latency, double bandwidth) {
  if (!std::isfinite(latency) || latency < 0)
    throw InputError("latency must be a finite time >= 0, got " + number_text(latency) + " s");
  if (!(bandwidth > 0))
    throw InputError("bandwidth must be > 0, got " + number_text(bandwidth) + " B/s");
  return NetworkModel(Kind::kLatencyBandwidth, latency, bandwidth);
}

const std::vector<NetworkModel::Info>& NetworkModel::known() {
  static const std::vector<Info> infos{
      {"ideal", "transfers are free: only precedence matters"},
      {"latency_bandwidth",
       "L + bytes/B per transfer between different cores, no contention (SimGrid's fatpipe)"},
      {"flow",
       "transfers share link bandwidth (max-min: SimGrid's CM02, or LV08 with --flow-model) on "
       "a topology of nodes"},
  };
  return infos;
}

NetworkModel NetworkModel::by_name(const std::string& name, double latency, double bandwidth) {
  if (name == "ideal") return ideal();
  if (name == "latency_bandwidth") return latency_bandwidth(latency, bandwidth);
  if (name == "flow")
    throw InputError("network model flow needs a topology (--topology NAME or a platform file)");
  std::string list;
  for (const Info& i : known()) list += (list.empty() ? "" : ", ") + i.name;
  throw InputError(unknown_name_message("network model", name, list));
}

FlowModel flow_model_by_name(const std::string& name) {
  // (Either case: SimGrid writes CM02 and LV08.)
  std::string lower = name;
  for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (lower == "cm02") return FlowModel::cm02();
  if (lower == "lv08") return FlowModel::lv08();
  throw InputError(unknown_name_message("flow model", name, "cm02, lv08"));
}

std::string flow_model_name(const FlowModel& model) {
  if (model == FlowModel::cm02()) return "cm02";
  if (model == FlowModel::lv08()) return "lv08";
  const auto text = [](double x) {  // the shortest text that reads back as x
    char buf[32];
    const auto end = std::to_chars(buf, buf + sizeof buf, x).ptr;
    return std::string(buf, end);
  };
  return "SimGrid CM02 family: latency x" + text(model.latency_factor) + ", bandwidth x" +
         text(model.bandwidth_factor) + ", weight-S " + text(model.weight_s) + ", TCP-gamma " +
         text(model.tcp_gamma) + ", cross-traffic " + (model.crosstraffic ? "on" : "off");
}

namespace {

// A route's contention-free figures: the sum of its latencies and its narrowest link (+inf
// for a route of no link); a link the route crosses k times counts k latencies and gives the
// flow bandwidth / k (the flow network's rule).
struct RouteCost {
  double latency = 0;
  double bandwidth = std::numeric_limits<double>::infinity();
};

RouteCost route_cost(const NetworkTopology& t, NodeId a, NodeId b, std::vector<LinkId>& route,
                     const FlowModel& model = {}) {
  route.clear();
  t.route(a, b, route);
  RouteCost c;
  if (model.is_cm02()) {
    for (LinkId l : route) {
      c.latency += t.links()[l].latency;
      const auto times = static_cast<double>(std::count(route.begin(), route.end(), l));
      c.bandwidth = std::min(c.bandwidth, t.links()[l].bandwidth / times);
    }
    return c;
  }
  // Another model of SimGrid's CM02 family (FlowNetwork): a lone flow waits the route's
  // latency times the latency factor, then moves at the bandwidth factor times the least of
  // its bound (the narrowest link, the TCP window) and each shared link's bandwidth over what
  // the flow uses of it (its crossings, and 5 % per crossing of its back route).
  std::vector<LinkId> back;
  if (model.crosstraffic) t.route(b, a, back);
  double latency = 0, rate = std::numeric_limits<double>::infinity();
  bool finite = false;  // a link of finite bandwidth on the route (else no bound: FlowNetwork)
  for (LinkId l : route) latency += t.links()[l].latency;
  for (LinkId l : route) {
    const NetLink& link = t.links()[l];
    rate = std::min(rate, link.bandwidth);
    finite = finite || std::isfinite(link.bandwidth);
    if (!link.shared) continue;
    const auto times = static_cast<double>(std::count(route.begin(), route.end(), l));
    const auto back_times = static_cast<double>(std::count(back.begin(), back.end(), l));
    rate = std::min(rate, link.bandwidth / (times + 0.05 * back_times));
  }
  for (LinkId l : back)  // (a shared link of its back route only)
    if (t.links()[l].shared && std::find(route.begin(), route.end(), l) == route.end())
      rate =
          std::min(rate, t.links()[l].bandwidth /
                             (0.05 * static_cast<double>(std::count(back.begin(), back.end(), l))));
  // (A route without a finite link has no bound: SimGrid completes its transfers once their
  // latency is paid.)
  if (model.tcp_gamma > 0 && latency > 0 && finite)
    rate = std::min(rate, model.tcp_gamma / (2 * latency));
  c.latency = latency * model.latency_factor;
  c.bandwidth = rate * model.bandwidth_factor;
  return c;
}

// Two cores of one node: the node's intra link (no link at all when it is free), as
// route_cost() prices a route (the link is its own back route).
RouteCost intra_cost(const FlowNetworkConfig& config) {
  RouteCost c{config.intra_latency, config.intra_bandwidth};
  const FlowModel& m = config.model;
  if (m.is_cm02() || config.intra_free()) return c;
  if (m.crosstraffic && config.intra_shared) c.bandwidth /= 1.05;
  if (m.tcp_gamma > 0 && c.latency > 0 && std::isfinite(c.bandwidth))
    c.bandwidth = std::min(c.bandwidth, m.tcp_gamma / (2 * c.latency));
  c.latency *= m.latency_factor;
  c.bandwidth *= m.bandwidth_factor;
  return c;
}

}  // namespace

NetworkModel NetworkModel::flow(FlowNetworkConfig config) {
  const NetworkTopology& topo = config.topology;
  if (config.cores_per_node == 0) throw InputError("cores per node must be at least 1");
  if (!config.node_of_core.empty()) {
    NodeId expected = 0;  // each node in turn, none skipped
    for (NodeId n : config.node_of_core) {
      if (n == expected) ++expected;
      if (n + 1 != expected)
        throw InputError("the cores' nodes must run 0, 1, ... in order, each node with a core");
    }
    if (expected != topo.node_count())
      throw InputError("the cores are on " + std::to_string(expected) +
                       " nodes but the topology has " + std::to_string(topo.node_count()));
  }
  if (!std::isfinite(config.intra_latency) || config.intra_latency < 0)
    throw InputError("intra-node latency must be a finite time >= 0");
  if (!(config.intra_bandwidth > 0)) throw InputError("intra-node bandwidth must be > 0");
  // The contention-free estimate: mean route latency from node 0 (up to 256 destinations)
  // and the narrowest link of those routes (the topologies' routes are alike).
  double latency = config.intra_latency;
  double bandwidth = config.intra_bandwidth;
  const std::uint32_t n = topo.node_count();
  std::vector<LinkId> route;
  if (n == 1 && topo.has_loopback_routes()) {  // one host: its cores talk over its loopback
    const RouteCost c = route_cost(topo, 0, 0, route, config.model);
    latency = c.latency;
    bandwidth = c.bandwidth;
  } else if (n > 1 && topo.route_table() != nullptr) {
    // Routes of their own (a SimGrid zone of hosts), as different as 0.4 ms at 119 MB/s and 81 ms
    // at 2.6 MB/s: the mean contention-free time over the ordered pairs (up to 64 sources),
    // latency + X / bottleneck, is mean latency + X x mean(1 / bottleneck).
    double latency_sum = 0, inverse_sum = 0, pairs = 0;
    const std::uint32_t sources = std::min<std::uint32_t>(n, 64);
    for (std::uint32_t i = 0; i < sources; ++i) {
      const NodeId a = static_cast<NodeId>(std::uint64_t{i} * n / sources);
      for (NodeId b = 0; b < n; ++b) {
        if (a == b || topo.route_table()->missing(n, a, b)) continue;
        const RouteCost c = route_cost(topo, a, b, route, config.model);
        latency_sum += c.latency;
        inverse_sum += 1 / c.bandwidth;
        ++pairs;
      }
    }
    if (pairs > 0) {  // (else no two hosts are joined: a transfer between them is an error)
      latency = latency_sum / pairs;
      bandwidth = pairs / inverse_sum;
    }
  } else if (n > 1) {
    latency = 0;
    bandwidth = std::numeric_limits<double>::infinity();
    const std::uint32_t sample = std::min<std::uint32_t>(n - 1, 256);
    for (NodeId b = 1; b <= sample; ++b) {
      if (!config.model.is_cm02()) {
        const RouteCost c = route_cost(topo, 0, b, route, config.model);
        latency += c.latency / sample;
        bandwidth = std::min(bandwidth, c.bandwidth);
        continue;
      }
      route.clear();
      topo.route(0, b, route);
      for (LinkId l : route) {  // (per link, in this order: the figures results were made with)
        latency += topo.links()[l].latency / sample;
        bandwidth = std::min(bandwidth, topo.links()[l].bandwidth);
      }
    }
  }
  NetworkModel model(Kind::kFlow, latency, bandwidth);
  model.bound_latency_ = config.intra_latency;
  model.bound_bandwidth_ = config.intra_bandwidth;
  for (const NetLink& l : topo.links()) {
    model.bound_latency_ += l.latency;
    model.bound_bandwidth_ = std::min(model.bound_bandwidth_, l.bandwidth);
  }
  if (const FlowModel& m = config.model; !m.is_cm02()) {  // (route_cost()'s rules, at worst)
    if (m.crosstraffic) model.bound_bandwidth_ /= 1.05;
    if (m.tcp_gamma > 0 && model.bound_latency_ > 0 && std::isfinite(model.bound_bandwidth_))
      model.bound_bandwidth_ =
          std::min(model.bound_bandwidth_, m.tcp_gamma / (2 * model.bound_latency_));
    model.bound_latency_ *= std::max(1.0, m.latency_factor);
    model.bound_bandwidth_ *= std::min(1.0, m.bandwidth_factor);
  }
  // Each node pair's contention-free cost, for planners that cost a transfer between two given
  // cores (a table of at most 256 x 256 routes, 1 MB).
  if (n <= 256) {
    auto pairs = std::make_shared<PairCosts>();
    pairs->nodes = n;
    pairs->latency.resize(std::size_t{n} * n);
    pairs->bandwidth.resize(std::size_t{n} * n);
    for (NodeId a = 0; a < n; ++a)
      for (NodeId b = 0; b < n; ++b) {
        const bool intra = a == b && !topo.has_loopback_routes();
        RouteCost c = intra ? intra_cost(config) : route_cost(topo, a, b, route, config.model);
        // No route (a SimGrid zone's missing pair): a planner must not send data that way.
        if (topo.route_table() != nullptr && topo.route_table()->missing(n, a, b))
          c.latency = std::numeric_limits<double>::infinity();
        pairs->latency[std::size_t{a} * n + b] = c.latency;
        pairs->bandwidth[std::size_t{a} * n + b] = c.bandwidth;
      }
    model.pairs_ = std::move(pairs);
  } else if (config.same_core_transfers) {  // (up to 256 nodes: each node's own, in pairs_)
    const RouteCost c = topo.has_loopback_routes() ? route_cost(topo, 0, 0, route, config.model)
                                                   : intra_cost(config);
    model.same_core_latency_ = c.latency;
    model.same_core_bandwidth_ = c.bandwidth;
  }
  model.same_core_ = config.same_core_transfers;
  model.flow_ = std::make_shared<const FlowNetworkConfig>(std::move(config));
  return model;
}

std::string NetworkModel::name() const {
  switch (kind_) {
    case Kind::kIdeal: return "ideal";
    case Kind::kLatencyBandwidth: return "latency_bandwidth";
    case Kind::kFlow: return "flow";
  }
  return "?";
}

}  // namespace pelsim::models
