#include "pelsim/models/flow_network.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace pelsim::models {

namespace {
constexpr std::uint32_t kNotInHeap = std::numeric_limits<std::uint32_t>::max();
}  // namespace

FlowNetwork::FlowNetwork(std::vector<NetLink> links, std::uint32_t max_route_links)
    : links_(std::move(links)), stride_(std::max<std::uint32_t>(max_route_links, 1)) {
  const std::size_t n = links_.size();
  constrains_.resize(n);
  for (std::size_t l = 0; l < n; ++l)
    constrains_[l] = links_[l].shared && std::isfinite(links_[l].bandwidth);
  on_link_.resize(n);
  link_rem_.assign(n, 0.0);
  link_wsum_.assign(n, 0.0);
  link_mark_.assign(n, 0);
  link_left_.assign(n, 0);
  busy_since_.assign(n, 0.0);
  stats_.assign(n, LinkStats{});
}

double FlowNetwork::latency_of(std::span<const LinkId> route) const {
  double latency = 0;
  for (LinkId l : route) latency += links_[l].latency;
  return latency;
}

FlowNetwork::FlowId FlowNetwork::new_slot() {
  if (!free_.empty()) {
    const FlowId f = free_.back();
    free_.pop_back();
    return f;
  }
  const auto f = static_cast<FlowId>(state_.size());
  route_.resize(route_.size() + stride_);
  pos_.resize(pos_.size() + stride_);
  route_len_.push_back(0);
  state_.push_back(State::kFree);
  for (auto* v : {&bytes_, &remaining_, &rate_, &updated_at_, &weight_, &bound_, &start_, &finish_})
    v->push_back(0.0);
  tag_.push_back(0);
  flow_mark_.push_back(0);
  heap_pos_.push_back(kNotInHeap);
  return f;
}

FlowNetwork::FlowId FlowNetwork::open(std::span<const LinkId> route, double bytes, double now,
                                      std::uint64_t tag) {
  const FlowId f = new_slot();
  const auto len = static_cast<std::uint32_t>(std::min<std::size_t>(route.size(), stride_));
  std::copy_n(route.begin(), len, route_.begin() + std::size_t{f} * stride_);
  route_len_[f] = len;
  state_[f] = State::kLatency;
  bytes_[f] = bytes;
  remaining_[f] = bytes;
  rate_[f] = 0;
  start_[f] = now;
  updated_at_[f] = now;
  finish_[f] = kNever;
  tag_[f] = tag;
  // SimGrid CM02: the sharing penalty is the route latency, or 1 without latency.
  const double latency = latency_of(route.first(len));
  weight_[f] = latency > 0 ? 1.0 / latency : 1.0;
  double bound = kNever;
  for (LinkId l : route.first(len))
    if (!constrains_[l]) bound = std::min(bound, links_[l].bandwidth);
  bound_[f] = bound;
  ++open_count_;
  return f;
}

void FlowNetwork::activate(FlowId f, double now) {
  state_[f] = State::kActive;
  ++active_count_;
  updated_at_[f] = now;
  join_links(f, now);
  resolve_from(std::span<const LinkId>(&route_[std::size_t{f} * stride_], route_len_[f]), f, now);
}

void FlowNetwork::join_links(FlowId f, double now) {
  const std::size_t base = std::size_t{f} * stride_;
  for (std::uint32_t i = 0; i < route_len_[f]; ++i) {
    const LinkId l = route_[base + i];
    std::vector<FlowId>& on = on_link_[l];
    pos_[base + i] = static_cast<std::uint32_t>(on.size());
    on.push_back(f);
    if (on.size() == 1) busy_since_[l] = now;
    stats_[l].peak_flows = std::max(stats_[l].peak_flows, static_cast<std::uint32_t>(on.size()));
  }
}

void FlowNetwork::leave_links(FlowId f, double now) {
  const std::size_t base = std::size_t{f} * stride_;
  for (std::uint32_t i = 0; i < route_len_[f]; ++i) {
    const LinkId l = route_[base + i];
    std::vector<FlowId>& on = on_link_[l];
    const std::uint32_t at = pos_[base + i];
    const FlowId moved = on.back();
    on[at] = moved;
    on.pop_back();
    if (moved != f) {
      // Tell the moved flow where its entry for l went.
      const std::size_t mbase = std::size_t{moved} * stride_;
      for (std::uint32_t j = 0; j < route_len_[moved]; ++j)
        if (route_[mbase + j] == l) pos_[mbase + j] = at;
    }
    stats_[l].bytes += bytes_[f];
    if (on.empty()) stats_[l].busy_time += now - busy_since_[l];
  }
}

void FlowNetwork::retire(std::span<const FlowId> flows, double now) {
  if (flows.empty()) return;
  stack_.clear();  // the seeds: every link the leaving flows crossed
  for (FlowId f : flows) {
    leave_links(f, now);
    const std::size_t base = std::size_t{f} * stride_;
    stack_.insert(stack_.end(), route_.begin() + base, route_.begin() + base + route_len_[f]);
    state_[f] = State::kFree;
    rate_[f] = 0;
    remaining_[f] = 0;
    --active_count_;
    --open_count_;
    free_.push_back(f);
  }
  seeds_.assign(stack_.begin(), stack_.end());
  resolve_from(seeds_, kNoFlow, now);
}

// Collects the component reachable from `seeds` through constraining links (plus `extra`,
// a flow that may have none), then re-solves it.
void FlowNetwork::resolve_from(std::span<const LinkId> seeds, FlowId extra, double now) {
  const std::uint32_t epoch = ++epoch_;
  comp_flows_.clear();
  comp_links_.clear();
  stack_.clear();
  auto visit_link = [&](LinkId l) {
    if (!constrains_[l] || link_mark_[l] == epoch) return;
    link_mark_[l] = epoch;
    comp_links_.push_back(l);
    stack_.push_back(l);
  };
  auto visit_flow = [&](FlowId f) {
    if (flow_mark_[f] == epoch) return;
    flow_mark_[f] = epoch;
    comp_flows_.push_back(f);
    const std::size_t base = std::size_t{f} * stride_;
    for (std::uint32_t i = 0; i < route_len_[f]; ++i) visit_link(route_[base + i]);
  };
  for (LinkId l : seeds) visit_link(l);
  if (extra != kNoFlow) visit_flow(extra);
  while (!stack_.empty()) {
    const LinkId l = stack_.back();
    stack_.pop_back();
    for (FlowId f : on_link_[l]) visit_flow(f);
  }
  solve_component(now);
}

// Progressive filling: raise a common level λ (flow f's rate is λ·w_f) until a link is full
// or a flow hits its bound; fix those flows; repeat with what is left.
void FlowNetwork::solve_component(double now) {
  for (FlowId f : comp_flows_) {
    if (now > updated_at_[f] && rate_[f] > 0)
      remaining_[f] = std::max(0.0, remaining_[f] - rate_[f] * (now - updated_at_[f]));
    updated_at_[f] = now;
  }
  for (LinkId l : comp_links_) {
    link_rem_[l] = links_[l].bandwidth;
    double wsum = 0;
    for (FlowId f : on_link_[l]) wsum += weight_[f];
    link_wsum_[l] = wsum;
    link_left_[l] = static_cast<std::uint32_t>(on_link_[l].size());
  }
  const std::uint32_t fixed = ++epoch_;
  auto fix = [&](FlowId f, double rate) {
    flow_mark_[f] = fixed;
    rate_[f] = rate;
    const std::size_t base = std::size_t{f} * stride_;
    for (std::uint32_t i = 0; i < route_len_[f]; ++i) {
      const LinkId l = route_[base + i];
      if (!constrains_[l]) continue;
      link_rem_[l] -= rate;
      link_wsum_[l] -= weight_[f];
      --link_left_[l];
    }
  };
  unfixed_.assign(comp_flows_.begin(), comp_flows_.end());
  while (!unfixed_.empty()) {
    double level = kNever;
    for (LinkId l : comp_links_)
      if (link_left_[l] > 0) level = std::min(level, std::max(link_rem_[l], 0.0) / link_wsum_[l]);
    for (FlowId f : unfixed_)
      if (bound_[f] < kNever) level = std::min(level, bound_[f] / weight_[f]);
    if (level == kNever) {  // nothing limits these flows
      for (FlowId f : unfixed_) fix(f, kNever);
      break;
    }
    for (LinkId l : comp_links_) {
      if (link_left_[l] == 0 || std::max(link_rem_[l], 0.0) / link_wsum_[l] > level) continue;
      for (FlowId f : on_link_[l])
        if (flow_mark_[f] != fixed) fix(f, std::min(level * weight_[f], bound_[f]));
    }
    for (FlowId f : unfixed_)
      if (flow_mark_[f] != fixed && bound_[f] / weight_[f] <= level) fix(f, bound_[f]);
    std::erase_if(unfixed_, [&](FlowId f) { return flow_mark_[f] == fixed; });
  }
  for (FlowId f : comp_flows_) {
    finish_[f] =
        rate_[f] == kNever ? now : (rate_[f] > 0 ? now + remaining_[f] / rate_[f] : kNever);
    heap_update(f);
  }
}

std::vector<LinkStats> FlowNetwork::link_stats(double now) const {
  std::vector<LinkStats> out = stats_;
  for (std::size_t l = 0; l < out.size(); ++l)
    if (!on_link_[l].empty()) out[l].busy_time += now - busy_since_[l];
  return out;
}

// ---- indexed heap ----

void FlowNetwork::heap_update(FlowId f) {
  if (finish_[f] == kNever) {
    heap_remove(f);
    return;
  }
  if (heap_pos_[f] == kNotInHeap) {
    heap_pos_[f] = static_cast<std::uint32_t>(heap_.size());
    heap_.push_back(f);
    sift_up(heap_pos_[f]);
    return;
  }
  sift_up(heap_pos_[f]);
  sift_down(heap_pos_[f]);
}

void FlowNetwork::heap_remove(FlowId f) {
  const std::uint32_t i = heap_pos_[f];
  if (i == kNotInHeap) return;
  heap_pos_[f] = kNotInHeap;
  const FlowId last = heap_.back();
  heap_.pop_back();
  if (last == f) return;
  heap_[i] = last;
  heap_pos_[last] = i;
  sift_up(i);
  sift_down(heap_pos_[last]);
}

FlowNetwork::FlowId FlowNetwork::pop_heap_top() {
  const FlowId f = heap_.front();
  heap_remove(f);
  return f;
}

void FlowNetwork::sift_up(std::uint32_t i) {
  const FlowId f = heap_[i];
  while (i > 0) {
    const std::uint32_t parent = (i - 1) / 2;
    if (!heap_less(f, heap_[parent])) break;
    heap_[i] = heap_[parent];
    heap_pos_[heap_[i]] = i;
    i = parent;
  }
  heap_[i] = f;
  heap_pos_[f] = i;
}

void FlowNetwork::sift_down(std::uint32_t i) {
  const FlowId f = heap_[i];
  const auto n = static_cast<std::uint32_t>(heap_.size());
  while (true) {
    std::uint32_t child = 2 * i + 1;
    if (child >= n) break;
    if (child + 1 < n && heap_less(heap_[child + 1], heap_[child])) ++child;
    if (!heap_less(heap_[child], f)) break;
    heap_[i] = heap_[child];
    heap_pos_[heap_[i]] = i;
    i = child;
  }
  heap_[i] = f;
  heap_pos_[f] = i;
}

}  // namespace pelsim::models
