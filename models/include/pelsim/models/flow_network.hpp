// Contention between transfers: max-min fair sharing of link bandwidth among flows.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <limits>
#include <span>
#include <vector>

#include "pelsim/models/flow_model.hpp"
#include "pelsim/models/network_topology.hpp"

namespace pelsim::models {

/// What one link did during a run.
struct LinkStats {
  double bytes = 0;              ///< bytes of the flows that crossed it and completed
  double busy_time = 0;          ///< seconds with at least one flow sharing its bandwidth
  std::uint32_t peak_flows = 0;  ///< most flows sharing its bandwidth at once
};

/// The transfers in flight over a set of links, and the bandwidth each one gets: SimGrid's
/// CM02 model (by default with TCP-gamma 0, no cross-traffic) and the exact ("Full") max-min
/// solver; with a FlowModel, SimGrid's other options of that family, LV08 among them.
///
///  - A flow of X bytes over a route first waits the sum of the route's latencies, using no
///    bandwidth (the caller fires activate() then), then shares bandwidth until X bytes have
///    gone through.
///  - Rates are SimGrid's: progressive filling where flow f has weight w_f = 1/p_f, p_f its
///    route latency (1 when the route has no latency), so flows whose routes have equal
///    latencies get equal shares. A shared link fills when the sum of its flows' rates reaches
///    its bandwidth C (a flow crossing it k times counts k times): the weighted max-min fair
///    allocation. A non-shared (fatpipe) link fills when its fastest-growing flow not yet
///    fixed reaches C (however often it crosses it): the flows not yet fixed on it are fixed
///    then, flow f at C·w_f/max(w), as SimGrid's lmm solver does for a FATPIPE constraint (so
///    a flow of a longer route gets less than C there). Where the flows on a fatpipe have
///    equal weights, each simply gets C.
///  - Under another FlowModel (LV08, docs/models/network.md): the latency phase is scaled by
///    the latency factor; p_f adds weight-S / bandwidth per link of the route (p_f = 1 without
///    latency still); with TCP-gamma > 0 a flow's share is bounded by its narrowest link and
///    gamma / (2 latency) (none when no link of its route is finite), and SimGrid's rule
///    applies (bounds below the level of the links that fill are fixed first, alone); with
///    cross-traffic a flow also uses 0.05 of its share on each link of its back route
///    (channel_of()'s `back`); a flow moves its share times the bandwidth factor. Every change
///    then re-solves its component by progressive filling (no shortcut).
///
/// How it is computed (docs/models/network.md has the details and costs):
///  - Flows with the same route always get the same rate, so they are solved as one
///    *channel* of weight k/p (k flows); each flow's progress is the channel's per-flow
///    service, and a channel completes its flows in order of their targets (O(log k) each).
///    On a bus every flow is in one channel.
///  - Rates change only when a channel's flow count changes. Then only the channels connected
///    to it through shared links (its component) are re-solved by progressive filling, and
///    not even those when the change provably leaves them fair (a channel joining links with
///    room to spare, or leaving links nobody else is bound by).
///
/// Flow ids are recycled after completion. A channel is created the first time its route is
/// used; while it has flows sharing bandwidth, the solver keeps its state in a recycled slot.
/// Nothing is allocated per event once the arrays have grown to the largest number of
/// concurrent flows and active channels. Not thread-safe; deterministic.
class FlowNetwork {
 public:
  using FlowId = std::uint32_t;
  /// The flows of one route (created on its first use; ids are never reused).
  using ChannelId = std::uint32_t;
  static constexpr double kNever = std::numeric_limits<double>::infinity();
  static constexpr FlowId kNoFlow = std::numeric_limits<FlowId>::max();

  /// `max_route_links`: the longest route (or back route) open() will be given.
  FlowNetwork(std::vector<NetLink> links, std::uint32_t max_route_links, FlowModel model = {});
  const FlowModel& model() const { return model_; }

  /// Starts a transfer of `bytes` (> 0) over `route` at `now`, with a caller's `tag`. Returns
  /// its id. It shares bandwidth from now + route latency: the caller must call activate()
  /// then (or at once when the latency is 0).
  FlowId open(std::span<const LinkId> route, double bytes, double now, std::uint64_t tag);
  /// Sum of the latencies of `route`.
  double latency_of(std::span<const LinkId> route) const;
  /// The channel of `route`, for open_on(): a caller that sends often between the same two
  /// points can look it up once. With cross-traffic, `back` is the route from the
  /// destination back to the source (ignored otherwise).
  ChannelId channel_of(std::span<const LinkId> route, std::span<const LinkId> back = {}) {
    return channel_for(route, back);
  }
  /// How long a flow of channel c waits before it shares bandwidth: latency_of() its route,
  /// times the model's latency factor.
  double channel_latency(ChannelId c) const { return rt_latency_[c]; }
  /// open() over the route of channel c.
  FlowId open_on(ChannelId c, double bytes, double now, std::uint64_t tag);
  /// The flow's latency is over: it starts sharing bandwidth at `now`.
  void activate(FlowId f, double now);
  /// activate() for several flows at the same instant, with one re-solve for all of them.
  void activate_all(std::span<const FlowId> flows, double now);

  /// When the next flow completes, kNever when no flow is sharing bandwidth.
  double next_completion() const { return heap_.empty() ? kNever : ch_finish_[heap_.front()]; }
  /// Completes every flow due at `now` (call it when now == next_completion()): calls
  /// done(tag, start_time) for each, then re-solves.
  template <class Done>
  void complete_due(double now, Done&& done) {
    due_.clear();
    while (!heap_.empty() && ch_finish_[heap_.front()] <= now) pop_due_flows(heap_.front(), now);
    for (FlowId f : due_) done(tag_[f], start_[f]);
    retire(now);
  }

  /// Ends now, before they complete, the flows sharing bandwidth whose tag satisfies
  /// `drop(tag)` (their data is no longer wanted): calls cancelled(tag, start_time) for each
  /// (by channel, then in no set order), then they leave their links, their bytes are not
  /// counted in the statistics, and the others are re-solved. O(flows sharing bandwidth). A
  /// flow still in its latency phase is not touched: its caller discard()s it.
  template <class Drop, class Cancelled>
  void cancel_if(Drop&& drop, double now, Cancelled&& cancelled) {
    due_.clear();
    for (ChannelId s = 0; s < ch_members_.size(); ++s) {
      std::vector<Member>& members = ch_members_[s];
      // (Iterator algorithms, not std::ranges': clang 14, which builds the fuzzers, does not
      // compile libstdc++ 12's ranges::partition; both are the same algorithm there.)
      const auto gone = std::partition(members.begin(), members.end(),
                                       [&](const Member& m) { return !drop(tag_[m.flow]); });
      if (gone == members.end()) continue;
      advance(s, now);
      for (auto m = gone; m != members.end(); ++m) {
        cancelled(tag_[m->flow], start_[m->flow]);
        due_.push_back(m->flow);
        bytes_[m->flow] = 0;
      }
      members.erase(gone, members.end());
      std::make_heap(members.begin(), members.end(), std::greater<>{});
      left_early(s, now);
    }
    retire(now);
  }
  /// Frees a flow that was opened and never activated (still in its latency phase, or at its
  /// end), its data no longer wanted.
  void discard(FlowId f);
  /// The caller's tag of an open flow.
  std::uint64_t tag(FlowId f) const { return tag_[f]; }
  /// When an open flow was opened (its `now`).
  double start(FlowId f) const { return start_[f]; }

  std::uint32_t open_flows() const { return open_count_; }
  const std::vector<NetLink>& links() const { return links_; }
  /// Per-link statistics; busy time counted up to `now` for links still busy.
  std::vector<LinkStats> link_stats(double now) const;
  /// Current rate of an active flow (bytes/s: its share times the bandwidth factor), for tests.
  double rate(FlowId f) const { return ch_rate_[rt_slot_[channel_[f]]] * model_.bandwidth_factor; }

 private:
  // Inside the solver, a channel with flows sharing bandwidth is known by its *slot*: the
  // slots of the active channels are few and dense, so the solver's per-channel arrays stay
  // in the first-level cache however many routes a run uses. Slot ids use the ChannelId type.
  ChannelId channel_for(std::span<const LinkId> route, std::span<const LinkId> back);
  ChannelId take_slot(ChannelId c);
  void free_slot(ChannelId s);
  FlowId new_flow_slot();
  void advance(ChannelId c, double now);
  void set_rate(ChannelId c, double rate, double now);
  void pop_due_flows(ChannelId c, double now);
  void mark_changed(ChannelId c);
  void left_early(ChannelId c, double now);
  void retire(double now);
  void join_links(ChannelId c, double now);
  void leave_links(ChannelId c, double now);
  double residual(LinkId l, ChannelId except) const;
  double crossings(ChannelId c, LinkId l) const;
  void fatpipe_join(ChannelId c, LinkId l);
  void fatpipe_leave(ChannelId c, LinkId l);
  bool crosses_mixed(ChannelId c) const;
  void seed_mixed(ChannelId c);
  bool join_keeps_others(ChannelId c, double now);
  void leave_seeds(ChannelId c);
  void join_seeds(ChannelId c);
  void resolve_from(std::span<const LinkId> seeds, std::span<const ChannelId> extra, double now);
  bool local_solve(std::span<const LinkId> seeds, std::span<const ChannelId> extra, double now);
  void fill(std::uint32_t member, std::uint32_t checked);
  double fatpipe_level(LinkId l, std::uint32_t member) const;
  void commit(double now);
  // A slot's entries: its route's links, then (with cross-traffic) its back route's.
  std::span<const LinkId> route_of(ChannelId s) const {
    return {&ch_route_[std::size_t{s} * stride_], ch_len_[s]};
  }
  // A slot's route alone (the links its bytes cross).
  std::span<const LinkId> forward_of(ChannelId s) const {
    return {&ch_route_[std::size_t{s} * stride_], ch_fwd_[s]};
  }
  std::span<const LinkId> channel_route(ChannelId c) const {
    return {&rt_route_[std::size_t{c} * stride_], rt_len_[c]};
  }
  // What entry i of slot s's entries uses of its link per unit of the flow's rate.
  double usage(ChannelId s, std::uint32_t i) const { return i < ch_fwd_[s] ? 1.0 : kCrossUsage; }
  // Entry j of on_link_[l]: the same.
  double entry_usage(LinkId l, std::size_t j) const { return cross_ ? on_link_usage_[l][j] : 1.0; }
  static constexpr double kCrossUsage = 0.05;  // SimGrid's cross-traffic share
  // Indexed binary min-heap of slots with a flow sharing bandwidth, by (finish, channel id).
  bool heap_less(ChannelId a, ChannelId b) const {
    return ch_finish_[a] < ch_finish_[b] ||
           (ch_finish_[a] == ch_finish_[b] && ch_id_[a] < ch_id_[b]);
  }
  void heap_update(ChannelId c);
  void heap_remove(ChannelId c);
  void sift_up(std::uint32_t i);
  void sift_down(std::uint32_t i);
  // Per-channel min-heap of (target service, flow).
  struct Member {
    double target;
    FlowId flow;
    bool operator>(const Member& o) const {
      return target > o.target || (target == o.target && flow > o.flow);
    }
  };

  std::vector<NetLink> links_;
  FlowModel model_;
  bool cross_ = false;  // model_.crosstraffic: channels have back-route entries
  // Not CM02: every flow has a bound and SimGrid's solver's rule for bounds applies (fill());
  // the shortcuts, which do not know it, are not taken.
  bool sg_bounds_ = false;
  std::uint32_t route_max_;  // the longest route
  std::uint32_t stride_;     // entries per channel: route_max_, twice with cross-traffic
  // Per link.
  std::vector<char> constrains_;                           // shared with finite bandwidth
  // Fatpipes (non-shared, finite bandwidth): the weight of the first channel that crossed it
  // since it was last empty, and how many of its channels' entries have another weight.
  // While that count is 0, each flow simply gets C there (its channel's bound) and the solver
  // leaves the link out; a "mixed" fatpipe takes part in the filling.
  std::vector<char> fatpipe_;
  std::vector<double> fp_ref_;
  std::vector<std::uint32_t> fp_off_;
  std::uint32_t mixed_links_ = 0;  // fatpipes with fp_off_ > 0
  bool fatpipe_seeded_ = false;    // this change's seeds hold a fatpipe: no local re-solve
  std::vector<std::vector<ChannelId>> on_link_;            // active channels crossing it
  std::vector<std::vector<double>> on_link_usage_;         // with cross-traffic: each entry's usage
  std::vector<std::uint32_t> link_flows_;                  // flows sharing its bandwidth
  std::vector<double> link_rem_, link_wsum_, link_level_;  // solver scratch
  std::vector<std::uint32_t> link_mark_, link_left_;
  std::vector<double> link_top_;  // filling: the largest weighted rate of a non-member
  std::vector<double> busy_since_;
  std::vector<LinkStats> stats_;
  // Per channel (a route).
  std::vector<ChannelId> by_route_;  // hash table: route -> channel
  std::vector<LinkId> rt_route_;     // stride_ per channel
  std::vector<std::uint32_t> rt_len_, rt_fwd_;  // entries; of which the route's
  std::vector<ChannelId> rt_slot_;  // its slot while it has flows sharing bandwidth
  std::vector<double> rt_weight_, rt_penalty_, rt_bound_, rt_latency_;
  std::vector<char> rt_repeats_;  // its route crosses some link more than once
  // Per slot (an active channel): what the solver reads and writes.
  std::vector<ChannelId> ch_id_, free_slots_;
  std::vector<LinkId> ch_route_;       // stride_ per slot, a copy of the channel's route
  std::vector<std::uint32_t> ch_pos_;  // index in on_link_ of each route link
  std::vector<std::uint32_t> ch_len_, ch_fwd_, ch_count_, ch_mark_, heap_pos_;
  std::vector<double> ch_weight_;   // one flow's weight 1/p
  std::vector<double> ch_penalty_;  // p (SimGrid's sharing penalty)
  std::vector<double> ch_bound_;   // one flow's fatpipe bound
  std::vector<char> ch_repeats_;   // rt_repeats_ of its channel
  std::vector<double> ch_rate_;    // one flow's rate
  std::vector<double> ch_new_rate_, ch_service_, ch_at_, ch_finish_;
  std::vector<std::vector<Member>> ch_members_;
  // Per flow slot.
  std::vector<ChannelId> channel_;
  std::vector<double> bytes_, start_;
  std::vector<std::uint64_t> tag_;
  std::vector<FlowId> free_;
  std::uint32_t open_count_ = 0;
  // Scratch.
  std::vector<ChannelId> heap_;
  std::uint32_t epoch_ = 0;
  std::vector<FlowId> due_;
  std::vector<ChannelId> changed_, comp_, bounded_, failing_, joined_;
  std::vector<std::uint32_t> ch_checked_, link_checked_, link_dirty_;
  std::uint32_t check_epoch_ = 0, round_epoch_ = 0;
  std::uint32_t bounded_channels_ = 0;  // channels with a fatpipe bound
  std::vector<LinkId> comp_links_, active_links_, stack_, seeds_;
};

}  // namespace pelsim::models
