// The `flow` network of Simulator (docs/models/network.md): flows sent when a producer finishes
// and its consumer is assigned, their latency phase, and the network's completions as kernel
// events. Out-of-class members of the Simulator template, kept apart from its event loop;
// simulation.hpp includes this file at its end, so include that one.
#pragma once

#include "pelsim/models/simulation.hpp"

namespace pelsim::models {

template <class Policy>
inline void Simulator<Policy>::init_flows(const FlowNetworkConfig& cfg) {
  flow_cfg_ = &cfg;
  std::vector<NetLink> links = cfg.topology.links();
  intra_base_ = static_cast<LinkId>(links.size());
  if (!cfg.intra_free())
    for (NodeId n = 0; n < cfg.topology.node_count(); ++n)
      links.push_back({"node" + std::to_string(n) + ".intra", cfg.intra_latency,
                       cfg.intra_bandwidth, cfg.intra_shared});
  const std::uint32_t longest = std::max<std::uint32_t>(cfg.topology.max_route_links(), 1);
  flows_ = std::make_unique<FlowNetwork>(std::move(links), longest, cfg.model);
  route_.reserve(longest);
  back_route_.reserve(longest);
  inflight_.assign(graph_.task_count(), 0);
  engine_.resize_slots(2);
  // Up to 256 nodes, each pair's channel is looked up once (a table of at most 256 KB): a
  // route is then neither computed nor hashed per transfer.
  node_count_ = cfg.topology.node_count();
  if (node_count_ <= 256)
    pair_channels_.assign(std::size_t{node_count_} * node_count_, kUnknownRoute);
}

template <class Policy>
inline void Simulator<Policy>::send(EdgeId e, TaskId u, TaskId v, sim::Time t_now) {
  const CoreId a = tasks_[u].core;
  const CoreId b = tasks_[v].core;
  const double bytes = graph_.bytes(e);
  TaskState& vs = tasks_[v];
  if ((a == b && !flow_cfg_->same_core_transfers) || bytes <= 0) {
    if (t_now > vs.time) vs.time = t_now;
    return;
  }
  const NodeId na = flow_cfg_->node_of(a);
  const NodeId nb = flow_cfg_->node_of(b);
  FlowNetwork::ChannelId ch;
  if (pair_channels_.empty()) {
    ch = channel_between(na, nb);
  } else {  // looked up on first use: channels are numbered in the order routes are first used
    FlowNetwork::ChannelId& known = pair_channels_[std::size_t{na} * node_count_ + nb];
    if (known == kUnknownRoute) known = channel_between(na, nb);
    ch = known;
  }
  ++result_.transfers;
  result_.bytes_moved += bytes;
  if (ch == kFreeRoute) {  // free: arrives now
    if (t_now > vs.time) vs.time = t_now;
    if (observer_) observer_->on_transfer({e, a, b, bytes, t_now, t_now});
    return;
  }
  // The tag names the flow's edge and its producer, or with moved tasks (faults) the
  // consumer's assignment count instead, so that a flow to a failed core is known as such.
  const std::uint64_t high = attempt_.empty() ? u : attempt_[v];
  const auto f = flows_->open_on(ch, bytes, t_now, (high << 32) | e);
  ++inflight_[v];
  const double latency = flows_->channel_latency(ch);
  if (latency > 0) {
    wait_latency(f, t_now + latency, latency);
  } else {
    flows_->activate(f, t_now);
    reschedule_network();
  }
}

template <class Policy>
inline FlowNetwork::ChannelId Simulator<Policy>::channel_between(NodeId na, NodeId nb) {
  route_.clear();
  back_route_.clear();
  const bool cross = flow_cfg_->model.crosstraffic;
  if (na != nb || flow_cfg_->topology.has_loopback_routes()) {
    flow_cfg_->topology.route(na, nb, route_);
    if (route_.empty() && (na != nb || flow_cfg_->topology.route_table() != nullptr))
      no_route(na, nb);
    // SimGrid's cross-traffic: the flow also uses the route from its destination back.
    if (cross) flow_cfg_->topology.route(nb, na, back_route_);
  } else if (!flow_cfg_->intra_free()) {
    route_.push_back(intra_base_ + na);
    if (cross) back_route_.push_back(intra_base_ + na);
  }
  return route_.empty() ? kFreeRoute : flows_->channel_of(route_, back_route_);
}

// An explicit network (a SimGrid zone) without a route between the two nodes: the run stops,
// as SimGrid's does. (Other topologies route every pair; an empty route is then free.)
template <class Policy>
[[gnu::cold, gnu::noinline]] void Simulator<Policy>::no_route(NodeId na, NodeId nb) const {
  const RouteTable* table = flow_cfg_->topology.route_table();
  if (table == nullptr) return;
  const auto name = [&](NodeId n) {
    return n < table->node_names.size() ? "host '" + table->node_names[n] + "'"
                                        : "node " + std::to_string(n);
  };
  throw InputError(table->source, 0,
                   "no route from " + name(na) + " to " + name(nb) +
                       ", which a transfer of the run needs (SimGrid fails on it too): give the "
                       "route, or keep the tasks that exchange data off that pair");
}

template <class Policy>
inline void Simulator<Policy>::wait_latency(FlowNetwork::FlowId f, double at, double latency) {
  if (last_wait_ >= waiting_.size() || waiting_[last_wait_].latency != latency) {
    std::size_t i = 0;
    while (i < waiting_.size() && waiting_[i].latency != latency) ++i;
    if (i == waiting_.size()) waiting_.push_back(LatencyFifo{latency});
    last_wait_ = i;
  }
  waiting_[last_wait_].push({at, sent_++, f});
  if (at < join_at_) {
    if (join_at_ != FlowNetwork::kNever) engine_.cancel(kJoinSlot);
    join_at_ = at;
    engine_.schedule(at, kFlowJoin, 0, 3, kJoinSlot);
  }
}

template <class Policy>
inline void Simulator<Policy>::join_flows() {
  const double t_now = now();
  pending_active_.clear();
  int sources = 0;
  double next = FlowNetwork::kNever;
  for (LatencyFifo& w : waiting_) {
    if (!w.empty() && w.front().at <= t_now) {
      ++sources;
      do pending_active_.push_back(w.pop());
      while (!w.empty() && w.front().at <= t_now);
    }
    if (!w.empty()) next = std::min(next, w.front().at);
  }
  if (sources > 1) {  // several latencies end now: back to the order of sending
    std::ranges::sort(pending_active_, {}, &Waiting::seq);
  }
  joining_.clear();  // (no void flow: cancel_void_flows() took them out of the queues)
  for (const Waiting& w : pending_active_) joining_.push_back(w.flow);
  flows_->activate_all(joining_, t_now);
  join_at_ = next;
  if (next != FlowNetwork::kNever) engine_.schedule(next, kFlowJoin, 0, 3, kJoinSlot);
  reschedule_network();
}

template <class Policy>
inline bool Simulator<Policy>::is_void(std::uint64_t tag) const {
  const TaskId v = graph_.target(static_cast<EdgeId>(tag & 0xffffffffu));
  return (tag >> 32) != attempt_[v];
}

template <class Policy>
void Simulator<Policy>::cancel_void_flows(CoreId c) {
  const sim::Time t_now = now();
  const auto cancelled = [&](std::uint64_t tag, double start) {
    if (!observer_) return;
    const auto e = static_cast<EdgeId>(tag & 0xffffffffu);
    observer_->on_transfer(
        {e, tasks_[graph_.source(e)].core, c, graph_.bytes(e), start, t_now, false});
  };
  flows_->cancel_if([this](std::uint64_t tag) { return is_void(tag); }, t_now, cancelled);
  for (LatencyFifo& fifo : waiting_)
    fifo.remove_if([&](const Waiting& w) {
      const std::uint64_t tag = flows_->tag(w.flow);
      if (!is_void(tag)) return false;
      cancelled(tag, flows_->start(w.flow));
      flows_->discard(w.flow);
      return true;
    });
  reschedule_network();
}

template <class Policy>
inline void Simulator<Policy>::reschedule_network() {
  const double next = flows_->next_completion();
  if (next == network_event_at_) return;
  if (network_event_at_ != FlowNetwork::kNever) engine_.cancel(kNetworkSlot);
  network_event_at_ = next;
  if (next != FlowNetwork::kNever) engine_.schedule(next, kFlowDone, 0, 0, kNetworkSlot);
}

template <class Policy>
inline void Simulator<Policy>::flows_done() {
  network_event_at_ = FlowNetwork::kNever;
  const sim::Time t_now = now();
  flows_->complete_due(t_now, [&](std::uint64_t tag, double start) {
    const auto e = static_cast<EdgeId>(tag & 0xffffffffu);
    const TaskId v = graph_.target(e);
    TaskId u = static_cast<TaskId>(tag >> 32);
    if (!attempt_.empty()) {
      if (u != attempt_[v]) return;  // (cancelled when v moved: never due)
      u = graph_.source(e);
    }
    TaskState& vs = tasks_[v];
    if (t_now > vs.time) vs.time = t_now;
    if (observer_)
      observer_->on_transfer({e, tasks_[u].core, vs.core, graph_.bytes(e), start, t_now});
    if (--inflight_[v] == 0 && vs.preds_left == 0) try_start(vs.core);
  });
  reschedule_network();
}

template <class Policy>
inline void Simulator<Policy>::report_links() {
  result_.links.clear();
  // Counted up to now, or after the run (which a front end may have run on past its end) up to
  // the last finish: flows still going then, to cores that failed, are nobody's concern.
  const bool over = result_.tasks_done == graph_.task_count();
  const std::vector<LinkStats> stats = flows_->link_stats(over ? result_.makespan : now());
  for (std::size_t l = 0; l < stats.size(); ++l)
    if (stats[l].bytes > 0 || stats[l].busy_time > 0)  // (busy but no bytes: cancelled flows)
      result_.links.push_back({flows_->links()[l].name, flows_->links()[l].bandwidth, stats[l]});
}

}  // namespace pelsim::models
