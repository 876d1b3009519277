// Contention between transfers: max-min fair sharing of link bandwidth among flows.
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "pelsim/models/network_topology.hpp"

namespace pelsim::models {

/// What one link did during a run.
struct LinkStats {
  double bytes = 0;              ///< bytes of the flows that crossed it and completed
  double busy_time = 0;          ///< seconds with at least one flow sharing its bandwidth
  std::uint32_t peak_flows = 0;  ///< most flows sharing its bandwidth at once
};

/// The transfers in flight over a set of links, and the bandwidth each one gets: SimGrid's
/// CM02 model with TCP-gamma 0, no cross-traffic and the exact ("Full") max-min solver.
///
///  - A flow of X bytes over a route first waits the sum of the route's latencies, using no
///    bandwidth (the caller fires activate() then), then shares bandwidth until X bytes have
///    gone through.
///  - Rates are the weighted max-min fair allocation: every shared link's capacity is its
///    bandwidth; a non-shared (fatpipe) link only bounds each flow to its bandwidth; flow f
///    has weight 1/p_f with p_f its route latency (1 when the route has no latency), as in
///    SimGrid, so flows whose routes have equal latencies get equal shares.
///  - Rates change only when a flow joins or leaves. Then only the flows connected to it
///    through shared links (its component) are re-solved: cost O(I·(F_c + L_c)) with F_c and
///    L_c the component's flows and links and I <= L_c the number of distinct rates, plus
///    O(F_c log F) to update the completion heap. Flows elsewhere are not touched.
///
/// Flow ids are recycled after completion. Nothing is allocated once the arrays have grown to
/// the largest number of concurrent flows. Not thread-safe; deterministic.
class FlowNetwork {
 public:
  using FlowId = std::uint32_t;
  static constexpr double kNever = std::numeric_limits<double>::infinity();
  static constexpr FlowId kNoFlow = std::numeric_limits<FlowId>::max();

  /// `max_route_links`: the longest route open() will be given.
  FlowNetwork(std::vector<NetLink> links, std::uint32_t max_route_links);

  /// Starts a transfer of `bytes` (> 0) over `route` at `now`, with a caller's `tag`. Returns
  /// its id. It shares bandwidth from now + route latency: the caller must call activate()
  /// then (or at once when the latency is 0).
  FlowId open(std::span<const LinkId> route, double bytes, double now, std::uint64_t tag);
  /// Sum of the latencies of `route`.
  double latency_of(std::span<const LinkId> route) const;
  /// The flow's latency is over: it starts sharing bandwidth at `now`.
  void activate(FlowId f, double now);

  /// When the next flow completes, kNever when no flow is sharing bandwidth.
  double next_completion() const { return heap_.empty() ? kNever : finish_[heap_.front()]; }
  /// Completes every flow due at `now` (call it when now == next_completion()): calls
  /// done(tag, start_time) for each, in order of finish time then id, then re-solves.
  template <class Done>
  void complete_due(double now, Done&& done) {
    due_.clear();
    while (!heap_.empty() && finish_[heap_.front()] <= now) due_.push_back(pop_heap_top());
    for (FlowId f : due_) done(tag_[f], start_[f]);
    retire(due_, now);
  }

  std::uint32_t active_flows() const { return active_count_; }
  std::uint32_t open_flows() const { return open_count_; }
  const std::vector<NetLink>& links() const { return links_; }
  /// Per-link statistics; busy time counted up to `now` for links still busy.
  std::vector<LinkStats> link_stats(double now) const;
  /// Current rate of an active flow (bytes/s), for tests.
  double rate(FlowId f) const { return rate_[f]; }

 private:
  enum class State : std::uint8_t { kFree, kLatency, kActive };
  FlowId new_slot();
  void join_links(FlowId f, double now);
  void leave_links(FlowId f, double now);
  void retire(std::span<const FlowId> flows, double now);
  void resolve_from(std::span<const LinkId> seeds, FlowId extra, double now);
  void solve_component(double now);
  // Indexed binary min-heap of active flows by (finish time, id).
  bool heap_less(FlowId a, FlowId b) const {
    return finish_[a] < finish_[b] || (finish_[a] == finish_[b] && a < b);
  }
  void heap_update(FlowId f);
  void heap_remove(FlowId f);
  FlowId pop_heap_top();
  void sift_up(std::uint32_t i);
  void sift_down(std::uint32_t i);

  std::vector<NetLink> links_;
  std::uint32_t stride_;  // route slots per flow
  // Per link.
  std::vector<char> constrains_;              // shared with finite bandwidth: a max-min constraint
  std::vector<std::vector<FlowId>> on_link_;  // active flows crossing it
  std::vector<double> link_rem_, link_wsum_;  // solver scratch
  std::vector<std::uint32_t> link_mark_, link_left_;
  std::vector<double> busy_since_;
  std::vector<LinkStats> stats_;
  // Per flow slot.
  std::vector<LinkId> route_;       // stride_ per flow
  std::vector<std::uint32_t> pos_;  // index in on_link_ of each route link, stride_ per flow
  std::vector<std::uint32_t> route_len_;
  std::vector<State> state_;
  std::vector<double> bytes_, remaining_, rate_, updated_at_, weight_, bound_, start_, finish_;
  std::vector<std::uint64_t> tag_;
  std::vector<std::uint32_t> flow_mark_;
  std::vector<std::uint32_t> heap_pos_;
  std::vector<FlowId> heap_;
  std::vector<FlowId> free_;
  std::uint32_t active_count_ = 0;
  std::uint32_t open_count_ = 0;
  // Solver scratch.
  std::uint32_t epoch_ = 0;
  std::vector<FlowId> comp_flows_, due_, unfixed_;
  std::vector<LinkId> comp_links_, stack_, seeds_;
};

}  // namespace pelsim::models
