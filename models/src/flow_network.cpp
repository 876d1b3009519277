#include "pelsim/models/flow_network.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <utility>

namespace pelsim::models {

namespace {
constexpr std::uint32_t kNotInHeap = std::numeric_limits<std::uint32_t>::max();
constexpr std::uint32_t kNoChannel = std::numeric_limits<std::uint32_t>::max();
// The shortcuts that skip a re-solve treat a shared link with less than this fraction of its
// bandwidth unused as full: sums of rates carry rounding errors, and erring towards "full"
// only costs a re-solve.
constexpr double kFullShare = 1e-9;
// Checking a re-solved allocation, a link counts as full (a possible bottleneck) only when
// its unused bandwidth is within rounding of 0: erring towards "not full" only costs a wider
// re-solve.
constexpr double kFullExact = 1e-12;
// Relative slack when comparing two weighted rates that may be equal up to rounding.
constexpr double kSameShare = 1e-12;
// SimGrid's maxmin/precision: bounds this close are reached together.
constexpr double kSimgridPrecision = 1e-5;
// Above this many channels a local re-solve gives way to the component's.
constexpr std::size_t kMaxLocal = 48;

std::size_t route_hash(std::span<const LinkId> route) {
  std::uint64_t h = 1469598103934665603ull;
  for (LinkId l : route) h = (h ^ l) * 1099511628211ull;
  h ^= h >> 29;  // mix the high bits into the low ones the table uses
  return static_cast<std::size_t>(h * 0xbf58476d1ce4e5b9ull ^ route.size());
}
}  // namespace

FlowNetwork::FlowNetwork(std::vector<NetLink> links, std::uint32_t max_route_links, FlowModel model)
    : links_(std::move(links)),
      model_(model),
      cross_(model.crosstraffic),
      sg_bounds_(!model.is_cm02()),
      route_max_(std::max<std::uint32_t>(max_route_links, 1)),
      stride_(route_max_ * (cross_ ? 2 : 1)) {
  const std::size_t n = links_.size();
  constrains_.resize(n);
  fatpipe_.resize(n);
  for (std::size_t l = 0; l < n; ++l) {
    constrains_[l] = links_[l].shared && std::isfinite(links_[l].bandwidth);
    fatpipe_[l] = !links_[l].shared && std::isfinite(links_[l].bandwidth);
  }
  fp_ref_.assign(n, 0.0);
  fp_off_.assign(n, 0);
  on_link_.resize(n);
  if (cross_) on_link_usage_.resize(n);
  link_flows_.assign(n, 0);
  link_rem_.assign(n, 0.0);
  link_wsum_.assign(n, 0.0);
  link_level_.assign(n, 0.0);
  link_mark_.assign(n, 0);
  link_left_.assign(n, 0);
  link_checked_.assign(n, 0);
  link_top_.assign(n, 0.0);
  link_dirty_.assign(n, 0);
  busy_since_.assign(n, 0.0);
  stats_.assign(n, LinkStats{});
}

double FlowNetwork::latency_of(std::span<const LinkId> route) const {
  double latency = 0;
  for (LinkId l : route) latency += links_[l].latency;
  return latency;
}

// ---- channels and flows ----

FlowNetwork::ChannelId FlowNetwork::channel_for(std::span<const LinkId> route,
                                                std::span<const LinkId> back) {
  const auto fwd = static_cast<std::uint32_t>(std::min<std::size_t>(route.size(), route_max_));
  const auto bk =
      cross_ ? static_cast<std::uint32_t>(std::min<std::size_t>(back.size(), route_max_)) : 0;
  route = route.first(fwd);
  back = back.first(bk);
  // A channel's entries: its route, then its back route. (The same entries split elsewhere are
  // another channel: the route's length is part of the key.)
  const auto key_hash = [&](std::span<const LinkId> entries, std::uint32_t f) {
    return route_hash(entries) ^ (std::size_t{f} << 17);
  };
  LinkId joined[2 * 64];  // (routes longer than 64 links are looked up through a vector)
  std::vector<LinkId> long_entries;
  std::span<const LinkId> entries = route;
  if (bk > 0) {
    if (fwd + bk <= std::size(joined)) {
      std::copy(route.begin(), route.end(), joined);
      std::copy(back.begin(), back.end(), joined + fwd);
      entries = {joined, fwd + bk};
    } else {
      long_entries.assign(route.begin(), route.end());
      long_entries.insert(long_entries.end(), back.begin(), back.end());
      entries = long_entries;
    }
  }
  // Open addressing, linear probing, at most half full.
  if (2 * (rt_len_.size() + 1) > by_route_.size()) {
    std::vector<ChannelId> bigger(std::max<std::size_t>(64, 2 * by_route_.size()), kNoChannel);
    const std::size_t mask = bigger.size() - 1;
    for (ChannelId c = 0; c < rt_len_.size(); ++c) {
      std::size_t i = key_hash(channel_route(c), rt_fwd_[c]) & mask;
      while (bigger[i] != kNoChannel) i = (i + 1) & mask;
      bigger[i] = c;
    }
    by_route_.swap(bigger);
  }
  const std::size_t mask = by_route_.size() - 1;
  std::size_t slot = key_hash(entries, fwd) & mask;
  for (; by_route_[slot] != kNoChannel; slot = (slot + 1) & mask)
    if (rt_fwd_[by_route_[slot]] == fwd &&
        std::ranges::equal(channel_route(by_route_[slot]), entries))
      return by_route_[slot];
  const auto c = static_cast<ChannelId>(rt_len_.size());
  by_route_[slot] = c;
  rt_route_.resize(rt_route_.size() + stride_);
  std::copy(entries.begin(), entries.end(), rt_route_.begin() + std::size_t{c} * stride_);
  rt_len_.push_back(fwd + bk);
  rt_fwd_.push_back(fwd);
  rt_slot_.push_back(kNoChannel);
  // SimGrid CM02: a flow's sharing penalty is its route latency, or 1 without latency; with
  // weight-S, plus S / bandwidth for each link of the route (SimGrid gives a route without
  // latency the penalty 1 whatever S).
  const double latency = latency_of(route);
  double penalty = latency;
  if (latency > 0 && model_.weight_s > 0)
    for (LinkId l : route) penalty += model_.weight_s / links_[l].bandwidth;
  rt_weight_.push_back(latency > 0 ? 1.0 / penalty : 1.0);
  rt_penalty_.push_back(latency > 0 ? penalty : 1.0);
  rt_latency_.push_back(latency * model_.latency_factor);
  // A route may cross a link more than once (SimGrid counts each crossing: k latencies, and
  // on a shared link consumption k: the solver sees the channel k times there); a fatpipe
  // bounds the flow to its bandwidth however often it is crossed (lmm: a FATPIPE
  // constraint's usage is the largest of its elements', not their sum).
  double bound = kNever;
  bool repeats = false;
  for (std::size_t i = 0; i < entries.size(); ++i)
    repeats = repeats || std::count(entries.begin(), entries.end(), entries[i]) > 1;
  if (!sg_bounds_) {
    for (LinkId l : route)
      if (!constrains_[l]) bound = std::min(bound, links_[l].bandwidth);
  } else if (model_.tcp_gamma > 0) {
    // SimGrid 3.32 bounds a flow's share only with a TCP window: by its route's narrowest
    // link, and by the window over the round trip, gamma / (2 latency) (latency unscaled).
    // (With TCP-gamma 0 no bound at all: checked with sgref. Every fatpipe then takes part
    // in the filling, so its bandwidth is no bound either.) The flow moves its share times
    // the bandwidth factor (SimGrid's "rate factor"). A route without a link of finite
    // bandwidth (a Vivaldi zone's, whose SimGrid route has no link; pelsim's free intra link
    // with a latency) is no constraint at all: SimGrid completes such a transfer once its
    // latency is paid, whatever its size.
    for (LinkId l : route) bound = std::min(bound, links_[l].bandwidth);
    if (latency > 0 && bound < kNever) bound = std::min(bound, model_.tcp_gamma / (2 * latency));
  }
  rt_bound_.push_back(bound);
  rt_repeats_.push_back(repeats ? 1 : 0);
  if (bound < kNever) ++bounded_channels_;
  return c;
}

// Channel c gets a slot (the most recently freed one: its arrays are the likeliest in cache),
// with its route, weight and bound copied in and nothing flowing.
FlowNetwork::ChannelId FlowNetwork::take_slot(ChannelId c) {
  ChannelId s;
  if (!free_slots_.empty()) {
    s = free_slots_.back();
    free_slots_.pop_back();
  } else {
    s = static_cast<ChannelId>(ch_id_.size());
    ch_id_.push_back(c);
    ch_route_.resize(ch_route_.size() + stride_);
    ch_pos_.resize(ch_pos_.size() + stride_);
    for (auto* v : {&ch_len_, &ch_fwd_, &ch_count_, &ch_mark_, &ch_checked_, &heap_pos_})
      v->push_back(0);
    ch_repeats_.push_back(0);
    for (auto* v : {&ch_weight_, &ch_penalty_, &ch_bound_, &ch_rate_, &ch_new_rate_, &ch_service_,
                    &ch_at_, &ch_finish_})
      v->push_back(0.0);
    ch_members_.emplace_back();
  }
  rt_slot_[c] = s;
  ch_id_[s] = c;
  const std::span<const LinkId> route = channel_route(c);
  std::copy(route.begin(), route.end(), ch_route_.begin() + std::size_t{s} * stride_);
  ch_len_[s] = rt_len_[c];
  ch_fwd_[s] = rt_fwd_[c];
  ch_count_[s] = 0;
  ch_mark_[s] = 0;
  ch_checked_[s] = 0;
  heap_pos_[s] = kNotInHeap;
  ch_weight_[s] = rt_weight_[c];
  ch_penalty_[s] = rt_penalty_[c];
  ch_bound_[s] = rt_bound_[c];
  ch_repeats_[s] = rt_repeats_[c];
  ch_rate_[s] = 0;
  ch_new_rate_[s] = 0;
  ch_service_[s] = 0;
  ch_at_[s] = 0;
  ch_finish_[s] = kNever;
  return s;
}

// Slot s's channel has no flow sharing bandwidth any more (its member heap is empty).
void FlowNetwork::free_slot(ChannelId s) {
  rt_slot_[ch_id_[s]] = kNoChannel;
  free_slots_.push_back(s);
}

FlowNetwork::FlowId FlowNetwork::new_flow_slot() {
  if (!free_.empty()) {
    const FlowId f = free_.back();
    free_.pop_back();
    return f;
  }
  const auto f = static_cast<FlowId>(channel_.size());
  channel_.push_back(kNoChannel);
  bytes_.push_back(0);
  start_.push_back(0);
  tag_.push_back(0);
  return f;
}

FlowNetwork::FlowId FlowNetwork::open(std::span<const LinkId> route, double bytes, double now,
                                      std::uint64_t tag) {
  return open_on(channel_for(route, {}), bytes, now, tag);
}

FlowNetwork::FlowId FlowNetwork::open_on(ChannelId c, double bytes, double now, std::uint64_t tag) {
  const FlowId f = new_flow_slot();
  channel_[f] = c;
  bytes_[f] = bytes;
  start_[f] = now;
  tag_[f] = tag;
  ++open_count_;
  return f;
}

// Brings channel c's per-flow service up to `now` at its current rate.
void FlowNetwork::advance(ChannelId c, double now) {
  const double rate = ch_rate_[c] * model_.bandwidth_factor;  // (x 1 is exact)
  if (ch_count_[c] > 0 && now > ch_at_[c] && rate > 0 && rate < kNever)
    ch_service_[c] += rate * (now - ch_at_[c]);
  ch_at_[c] = now;
}

// Sets channel c's per-flow rate from `now` and its next completion.
void FlowNetwork::set_rate(ChannelId c, double rate, double now) {
  advance(c, now);
  ch_rate_[c] = rate;
  ch_new_rate_[c] = rate;  // outside a re-solve, the two are equal
  const double before = ch_finish_[c];
  if (ch_members_[c].empty()) {
    ch_finish_[c] = kNever;
  } else if (rate == kNever) {
    ch_finish_[c] = now;
  } else if (rate > 0) {
    const double left = std::max(0.0, ch_members_[c].front().target - ch_service_[c]);
    ch_finish_[c] = now + left / (rate * model_.bandwidth_factor);
  } else {
    ch_finish_[c] = kNever;
  }
  // The heap holds exactly the channels with a finite finish, ordered by it: unchanged, none
  // of that moves; an earlier finish can only move c up, a later one only down.
  const double after = ch_finish_[c];
  if (after == before && (before == kNever || heap_pos_[c] != kNotInHeap)) return;
  if (after == kNever || heap_pos_[c] == kNotInHeap) {
    heap_update(c);
  } else if (after < before) {
    sift_up(heap_pos_[c]);
  } else {
    sift_down(heap_pos_[c]);
  }
}

void FlowNetwork::activate(FlowId f, double now) {
  activate_all(std::span<const FlowId>(&f, 1), now);
}

void FlowNetwork::activate_all(std::span<const FlowId> flows, double now) {
  bool fair = true;  // the allocation is still the max-min one
  seeds_.clear();
  joined_.clear();
  fatpipe_seeded_ = false;
  for (FlowId f : flows) {
    ChannelId c = rt_slot_[channel_[f]];
    if (c == kNoChannel) c = take_slot(channel_[f]);
    advance(c, now);
    std::vector<Member>& members = ch_members_[c];
    members.push_back({ch_service_[c] + bytes_[f], f});
    std::push_heap(members.begin(), members.end(), std::greater<>{});
    for (LinkId l : forward_of(c)) {
      if (link_flows_[l]++ == 0) busy_since_[l] = now;
      stats_[l].peak_flows = std::max(stats_[l].peak_flows, link_flows_[l]);
    }
    joined_.push_back(c);
    if (ch_count_[c]++ == 0) {
      join_links(c, now);
      if (sg_bounds_) {  // (the shortcuts know neither usages below 1 nor SimGrid's bounds)
        seeds_.insert(seeds_.end(), route_of(c).begin(), route_of(c).end());
      } else {
        if (fair && join_keeps_others(c, now)) continue;
        join_seeds(c);
      }
    } else {  // one more flow: its per-flow rate may change on every link
      seeds_.insert(seeds_.end(), route_of(c).begin(), route_of(c).end());
    }
    fair = false;
  }
  if (!fair && (sg_bounds_ || fatpipe_seeded_ || !local_solve(seeds_, joined_, now)))
    resolve_from(seeds_, joined_, now);
  for (ChannelId c : joined_) set_rate(c, ch_rate_[c], now);  // their first targets may have moved
}

// The flows of channel c due at `now` (its first target is reached) leave it.
void FlowNetwork::pop_due_flows(ChannelId c, double now) {
  std::vector<Member>& members = ch_members_[c];
  ch_service_[c] = members.front().target;  // exactly the service reached at `now`
  ch_at_[c] = now;
  mark_changed(c);
  do {
    std::pop_heap(members.begin(), members.end(), std::greater<>{});
    due_.push_back(members.back().flow);
    members.pop_back();
  } while (!members.empty() && members.front().target <= ch_service_[c]);
  if (members.empty()) {
    ch_finish_[c] = kNever;
    heap_remove(c);
  } else {
    set_rate(c, ch_rate_[c], now);
  }
}

void FlowNetwork::mark_changed(ChannelId c) {
  if (ch_mark_[c] != epoch_ + 1) {  // first time this round: remember it
    ch_mark_[c] = epoch_ + 1;
    changed_.push_back(c);
  }
}

// Some of slot c's flows were cancelled (its members are the others, in a heap again).
void FlowNetwork::left_early(ChannelId c, double now) {
  mark_changed(c);
  if (ch_members_[c].empty()) {
    ch_finish_[c] = kNever;
    heap_remove(c);
  } else {
    set_rate(c, ch_rate_[c], now);
  }
}

void FlowNetwork::discard(FlowId f) {
  channel_[f] = kNoChannel;
  --open_count_;
  free_.push_back(f);
}

void FlowNetwork::retire(double now) {
  if (changed_.empty()) return;
  // If every changed channel empties and leaves nobody else able to speed up, nothing else
  // changes. (Checked with the counts before the flows leave.)
  seeds_.clear();
  fatpipe_seeded_ = false;
  for (ChannelId c : changed_) {
    if (ch_members_[c].empty() && !sg_bounds_) {
      leave_seeds(c);
    } else {  // fewer flows: its per-flow rate may change on every link
      seeds_.insert(seeds_.end(), route_of(c).begin(), route_of(c).end());
    }
  }
  const bool keep = seeds_.empty();
  for (FlowId f : due_) {
    const ChannelId c = rt_slot_[channel_[f]];
    --ch_count_[c];
    for (LinkId l : forward_of(c)) {
      stats_[l].bytes += bytes_[f];
      if (--link_flows_[l] == 0) stats_[l].busy_time += now - busy_since_[l];
    }
    channel_[f] = kNoChannel;
    --open_count_;
    free_.push_back(f);
  }
  for (ChannelId c : changed_) {
    if (ch_count_[c] == 0) {
      leave_links(c, now);
      free_slot(c);
    }
  }
  changed_.clear();
  ++epoch_;  // retires the "changed" marks
  if (!keep && (sg_bounds_ || fatpipe_seeded_ || !local_solve(seeds_, {}, now)))
    resolve_from(seeds_, {}, now);
}

void FlowNetwork::join_links(ChannelId c, double) {
  const std::size_t base = std::size_t{c} * stride_;
  for (std::uint32_t i = 0; i < ch_len_[c]; ++i) {
    const LinkId l = ch_route_[base + i];
    std::vector<ChannelId>& on = on_link_[l];
    if (fatpipe_[l]) fatpipe_join(c, l);
    ch_pos_[base + i] = static_cast<std::uint32_t>(on.size());
    on.push_back(c);
    if (cross_) on_link_usage_[l].push_back(usage(c, i));
  }
}

// Channel c's entry joins fatpipe l (before it is added to on_link_[l]).
void FlowNetwork::fatpipe_join(ChannelId c, LinkId l) {
  if (on_link_[l].empty()) {
    fp_ref_[l] = ch_weight_[c];
  } else if (ch_weight_[c] != fp_ref_[l] && fp_off_[l]++ == 0) {
    ++mixed_links_;
  }
}

// Channel c's entry has left fatpipe l. When every entry left differs from the reference
// weight (its channel has gone), the first one left becomes the reference: a fatpipe whose
// channels all have one weight is not mixed, even if it never empties.
void FlowNetwork::fatpipe_leave(ChannelId c, LinkId l) {
  if (ch_weight_[c] != fp_ref_[l] && --fp_off_[l] == 0) --mixed_links_;
  const std::vector<ChannelId>& on = on_link_[l];
  if (fp_off_[l] == 0 || fp_off_[l] != on.size()) return;
  fp_ref_[l] = ch_weight_[on.front()];
  std::uint32_t off = 0;
  for (ChannelId g : on) off += ch_weight_[g] != fp_ref_[l] ? 1 : 0;
  fp_off_[l] = off;
  if (off == 0) --mixed_links_;
}

bool FlowNetwork::crosses_mixed(ChannelId c) const {
  if (mixed_links_ == 0) return false;
  for (LinkId l : route_of(c))
    if (fp_off_[l] > 0) return true;
  return false;
}

// Channel c's mixed fatpipes go to seeds_: the change re-solves their channels.
void FlowNetwork::seed_mixed(ChannelId c) {
  if (mixed_links_ == 0) return;
  for (LinkId l : route_of(c))
    if (fp_off_[l] > 0) {
      seeds_.push_back(l);
      fatpipe_seeded_ = true;
    }
}

void FlowNetwork::leave_links(ChannelId c, double) {
  const std::size_t base = std::size_t{c} * stride_;
  for (std::uint32_t i = 0; i < ch_len_[c]; ++i) {
    const LinkId l = ch_route_[base + i];
    std::vector<ChannelId>& on = on_link_[l];
    const std::uint32_t at = ch_pos_[base + i];
    const ChannelId moved = on.back();
    const auto from = static_cast<std::uint32_t>(on.size() - 1);
    on[at] = moved;
    on.pop_back();
    if (cross_) {
      std::vector<double>& use = on_link_usage_[l];
      use[at] = use.back();
      use.pop_back();
    }
    if (fatpipe_[l]) fatpipe_leave(c, l);
    // Tell the moved entry where it went: the entry of `moved` for l that was last (c itself
    // when its route crosses l again further on; c's own entry just removed needs nothing, nor
    // do c's entries removed before it, whose positions are stale: search after i).
    if (moved != c || ch_repeats_[c]) {
      const std::size_t mbase = std::size_t{moved} * stride_;
      for (std::uint32_t j = moved == c ? i + 1 : 0; j < ch_len_[moved]; ++j)
        if (ch_route_[mbase + j] == l && ch_pos_[mbase + j] == from) {
          ch_pos_[mbase + j] = at;
          break;
        }
    }
  }
}

// ---- shortcuts that skip a re-solve ----

// How many times channel c's route crosses link l (for a channel with ch_repeats_).
double FlowNetwork::crossings(ChannelId c, LinkId l) const {
  if (!ch_repeats_[c]) return 1.0;
  const std::span<const LinkId> route = route_of(c);
  return static_cast<double>(std::count(route.begin(), route.end(), l));
}

// Bandwidth of shared link l not used by its channels other than `except`.
double FlowNetwork::residual(LinkId l, ChannelId except) const {
  double used = 0;
  for (ChannelId g : on_link_[l])
    if (g != except) used += ch_count_[g] * ch_rate_[g];
  return links_[l].bandwidth - used;
}

// The allocation before c's first flow joined was max-min fair. If none of c's links is full,
// give the flow what its narrowest link has left: where that fills a link, it must have the
// largest weighted rate there. Then every flow still has a full link on which it is the
// largest (the definition of max-min fairness, whose allocation is unique). True when that
// holds and c got its rate; false when the component must be re-solved.
bool FlowNetwork::join_keeps_others(ChannelId c, double now) {
  if (crosses_mixed(c)) return false;  // the fatpipe's others may get less, or c may
  double rate = ch_bound_[c];
  const bool repeats = ch_repeats_[c] != 0;  // (else every link is crossed once)
  for (LinkId l : route_of(c)) {
    if (!constrains_[l]) continue;
    const double left = residual(l, c);
    if (left <= kFullShare * links_[l].bandwidth) return false;
    rate = std::min(rate, repeats ? left / crossings(c, l) : left);
  }
  const double mine = rate / ch_weight_[c];  // the rate times the sharing penalty
  for (LinkId l : route_of(c)) {
    // (A link c fills up to rounding counts as full: left / k * k may fall an ulp short.)
    if (!constrains_[l] || residual(l, c) - (repeats ? rate * crossings(c, l) : rate) >
                               kFullShare * links_[l].bandwidth)
      continue;  // c leaves room
    for (ChannelId g : on_link_[l])
      if (g != c && ch_rate_[g] / ch_weight_[g] > mine * (1 + kSameShare)) return false;
  }
  set_rate(c, rate, now);
  return true;
}

// The allocation with c was max-min fair. c leaving keeps it so except on c's full links that
// another channel has as its bottleneck (it is the largest there, as large as c or larger):
// those links go to seeds_ (none: nothing changes). A link of c with room, or on which c was
// the largest alone, was nobody else's bottleneck, and only gains room.
void FlowNetwork::leave_seeds(ChannelId c) {
  seed_mixed(c);  // (its others may get more)
  const double floor = ch_rate_[c] / ch_weight_[c] * (1 - kSameShare);
  for (LinkId l : route_of(c)) {
    if (!constrains_[l]) continue;
    const std::vector<ChannelId>& on = on_link_[l];
    const bool someone = std::ranges::any_of(
        on, [&](ChannelId g) { return g != c && ch_rate_[g] / ch_weight_[g] >= floor; });
    if (someone && residual(l, kNoChannel) <= kFullShare * links_[l].bandwidth)  // and full
      seeds_.push_back(l);
  }
}

// New channel c joins where join_keeps_others() failed: its links that are full, or that it
// would fill at its narrowest link's remainder, go to seeds_ (all of them when none is). The
// links it leaves room on stay out: the check after the re-solve covers them (they are links
// of a member), and widens the neighbourhood if c's rate there upsets anyone.
void FlowNetwork::join_seeds(ChannelId c) {
  const std::size_t before = seeds_.size();
  const std::span<const LinkId> route = route_of(c);
  double* const left = link_rem_.data();  // scratch: the remainders of c's links
  double rate = ch_bound_[c];
  const bool repeats = ch_repeats_[c] != 0;  // (else every link is crossed once)
  for (LinkId l : route)
    if (constrains_[l]) {
      const double room = std::max(left[l] = residual(l, c), 0.0);
      rate = std::min(rate, repeats ? room / crossings(c, l) : room);
    }
  for (LinkId l : route)
    if (constrains_[l] && (left[l] <= kFullShare * links_[l].bandwidth ||
                           left[l] <= (repeats ? rate * crossings(c, l) : rate)))
      seeds_.push_back(l);
  if (seeds_.size() == before) seeds_.insert(seeds_.end(), route.begin(), route.end());
  seed_mixed(c);
}

// ---- the max-min solver ----

// Collects the channels reachable from `seeds` through constraining links (plus `extra`, a
// channel that may have none), then re-solves them.
void FlowNetwork::resolve_from(std::span<const LinkId> seeds, std::span<const ChannelId> extra,
                               double now) {
  const std::uint32_t epoch = ++epoch_;
  comp_.clear();
  comp_links_.clear();
  stack_.clear();
  // Through shared links and mixed fatpipes; a fatpipe seed too (it may have stopped being
  // mixed: its channels then go back to C/k).
  auto visit_link = [&](LinkId l, bool seed) {
    if (link_mark_[l] == epoch) return;
    // (Outside CM02 every fatpipe takes part: usages below 1, and SimGrid's rule for bounds.)
    if (!constrains_[l] &&
        !(fatpipe_[l] && (sg_bounds_ || fp_off_[l] > 0 || (seed && fatpipe_seeded_))))
      return;
    link_mark_[l] = epoch;
    comp_links_.push_back(l);
    stack_.push_back(l);
  };
  auto visit_channel = [&](ChannelId c) {
    if (ch_mark_[c] == epoch) return;
    ch_mark_[c] = epoch;
    comp_.push_back(c);
    for (LinkId l : route_of(c)) visit_link(l, false);
  };
  for (LinkId l : seeds) visit_link(l, true);
  for (ChannelId c : extra) visit_channel(c);
  while (!stack_.empty()) {
    const LinkId l = stack_.back();
    stack_.pop_back();
    for (ChannelId c : on_link_[l]) visit_channel(c);
  }
  fill(epoch, ++check_epoch_);
  commit(now);
}

// The level at which fatpipe l fills: its bandwidth over the largest weight of its channels
// not fixed yet (SimGrid's lmm: a FATPIPE constraint's usage is the largest
// consumption/penalty of its elements not fixed yet, a crossing being one element of
// consumption 1, and it saturates at bandwidth / usage).
double FlowNetwork::fatpipe_level(LinkId l, std::uint32_t member) const {
  double top = 0;
  const std::vector<ChannelId>& on = on_link_[l];
  for (std::size_t j = 0; j < on.size(); ++j)
    if (ch_mark_[on[j]] == member) top = std::max(top, entry_usage(l, j) / ch_penalty_[on[j]]);
  return top > 0 ? links_[l].bandwidth / top : kNever;
}

// Progressive filling over comp_ (the channels marked `member`; the others on their links keep
// their rates): raise a common level λ (a flow of channel c gets λ·w_c) until a link is full
// or a flow meets its fatpipe bound; fix those channels; repeat with what is left. The new
// rates go to ch_new_rate_; commit() applies them.
//
// What the filling learns is kept for local_solve()'s check, under the epoch `checked`
// (link_checked_, ch_checked_): a link it fills is full, and the largest weighted rate on it is
// the level or a non-member's (link_level_); a member fixed there with no non-member above it
// has that link as its bottleneck and needs no check. (Marking the links it leaves with room as
// nobody's bottleneck too cost more than summing the few the check asks about again.)
void FlowNetwork::fill(std::uint32_t member, std::uint32_t checked) {
  // Each link's capacity left for the members (channels outside keep their rates), and its
  // level (link_level_); `level` is the smallest.
  double level = kNever;
  for (LinkId l : comp_links_) {
    if (fatpipe_[l]) {  // (resolve_from only: all its channels are members)
      link_left_[l] = static_cast<std::uint32_t>(on_link_[l].size());
      link_top_[l] = 0;
      link_level_[l] = fatpipe_level(l, member);
      level = std::min(level, link_level_[l]);
      continue;
    }
    double rem = links_[l].bandwidth, wsum = 0, top = 0;
    std::uint32_t count = 0;
    const std::vector<ChannelId>& on = on_link_[l];
    for (std::size_t j = 0; j < on.size(); ++j) {
      const ChannelId c = on[j];
      if (ch_mark_[c] == member) {
        wsum += ch_count_[c] * ch_weight_[c] * entry_usage(l, j);
        ++count;
      } else {
        rem -= ch_count_[c] * ch_rate_[c] * entry_usage(l, j);
        top = std::max(top, ch_rate_[c] / ch_weight_[c]);
      }
    }
    link_rem_[l] = rem;
    link_wsum_[l] = wsum;
    link_left_[l] = count;
    link_top_[l] = top;
    const double lv = std::max(rem, 0.0) / wsum;
    link_level_[l] = lv;
    level = std::min(level, lv);
  }
  const std::uint32_t fixed = ++epoch_;
  std::size_t left = comp_.size();
  auto fix = [&](ChannelId c, double rate) {
    ch_mark_[c] = fixed;
    ch_new_rate_[c] = rate;
    --left;
    const double k = ch_count_[c];
    const std::span<const LinkId> route = route_of(c);
    for (std::uint32_t i = 0; i < route.size(); ++i) {
      const LinkId l = route[i];
      if (constrains_[l]) {
        link_rem_[l] -= k * rate * usage(c, i);
      } else if (!fatpipe_[l] || link_mark_[l] != member) {
        continue;  // (a fatpipe outside the filling: each flow's bound)
      }
      --link_left_[l];
      link_dirty_[l] = round_epoch_;  // its level is computed again before the next round
    }
  };
  // The channels with a fatpipe bound, when the network has any (the crossbar and the bus have
  // none: the scan is skipped).
  bounded_.clear();
  if (bounded_channels_ > 0)
    for (ChannelId c : comp_)
      if (ch_bound_[c] < kNever) bounded_.push_back(c);
  // The links still taking part (a channel not fixed yet crosses them).
  active_links_.assign(comp_links_.begin(), comp_links_.end());
  // The level of the next round, once the links this round's fixes touched (round_epoch_) have
  // theirs again; drops the links with no member left (the others keep their level: their
  // remainder and weight sum did not move).
  auto next_level = [&] {
    double next = kNever;
    std::size_t kept = 0;
    for (LinkId l : active_links_) {
      if (link_left_[l] == 0) continue;
      if (link_dirty_[l] == round_epoch_ && fatpipe_[l]) {
        link_level_[l] = fatpipe_level(l, member);
      } else if (link_dirty_[l] == round_epoch_) {
        // Sums of weights are recomputed, not decremented: weights may differ by orders of
        // magnitude, and subtracting them back leaves errors far above the rounding of rates.
        double wsum = 0;
        const std::vector<ChannelId>& on = on_link_[l];
        for (std::size_t j = 0; j < on.size(); ++j)
          if (ch_mark_[on[j]] == member)
            wsum += ch_count_[on[j]] * ch_weight_[on[j]] * entry_usage(l, j);
        link_wsum_[l] = wsum;
        link_level_[l] = std::max(link_rem_[l], 0.0) / wsum;
      }
      next = std::min(next, link_level_[l]);
      active_links_[kept++] = l;
    }
    active_links_.resize(kept);
    return next;
  };
  // The links that fill at `level` and still have members. (A link whose level equals the
  // smallest up to rounding is full too: a mixed fatpipe tied with a shared link must fix its
  // lighter flows at this level, not at C later.)
  auto fills = [&](LinkId l) {
    return link_level_[l] <= level * (1 + kSameShare) && link_left_[l] > 0;
  };
  while (left > 0) {
    if (sg_bounds_ && level < kNever) {
      // SimGrid's solver: if some channel on the links that fill at this level has its bound
      // below it (bound x penalty < level), the channels of those links at the smallest such
      // bound (within SimGrid's 1e-5) are fixed there, alone, and the links' levels are
      // computed again. (A flow whose bound is its fatpipe's bandwidth, and the largest
      // weight there, reaches both at once: which comes first, up to rounding, decides
      // whether the fatpipe holds the others to its level.)
      double min_bound = -1;
      for (LinkId l : active_links_)
        if (fills(l))
          for (ChannelId c : on_link_[l])
            if (ch_mark_[c] == member && ch_bound_[c] < kNever) {
              const double b = ch_bound_[c] * ch_penalty_[c];
              if (b < level && (min_bound < 0 || b < min_bound)) min_bound = b;
            }
      if (min_bound >= 0) {
        ++round_epoch_;
        for (LinkId l : active_links_)
          if (fills(l))
            for (ChannelId c : on_link_[l])
              if (ch_mark_[c] == member &&
                  std::abs(min_bound - ch_bound_[c] * ch_penalty_[c]) < kSimgridPrecision)
                fix(c, ch_bound_[c]);
        if (left == 0) break;
        level = next_level();
        continue;
      }
    } else if (!sg_bounds_) {
      for (ChannelId c : bounded_) level = std::min(level, ch_bound_[c] / ch_weight_[c]);
    }
    if (level == kNever) {  // no link limits the channels left: their bounds do, if any
      for (ChannelId c : comp_)
        if (ch_mark_[c] == member) fix(c, sg_bounds_ ? ch_bound_[c] : kNever);
      break;
    }
    ++round_epoch_;  // marks the links this round's fixes touch
    for (LinkId l : active_links_) {
      if (link_level_[l] > level * (1 + kSameShare)) continue;
      // l is full now: its members are fixed at this level (those fixed in earlier rounds
      // have less), so the largest weighted rate on it is the level or a non-member's.
      const bool on_top = link_top_[l] <= level * (1 + kSameShare);
      link_checked_[l] = checked;
      link_level_[l] = std::max(link_top_[l], level);
      if (link_left_[l] == 0) continue;  // its members were fixed through another full link
      for (ChannelId c : on_link_[l])
        if (ch_mark_[c] == member) {
          fix(c, std::min(level * ch_weight_[c], ch_bound_[c]));
          if (on_top) ch_checked_[c] = checked;
        }
    }
    if (!sg_bounds_ && !bounded_.empty()) {
      for (ChannelId c : bounded_)
        if (ch_mark_[c] == member && ch_bound_[c] / ch_weight_[c] <= level) fix(c, ch_bound_[c]);
      std::erase_if(bounded_, [&](ChannelId c) { return ch_mark_[c] == fixed; });
    }
    if (left == 0) break;  // the last round: no level is needed any more
    level = next_level();
  }
}

// Channels whose rate did not change keep their service bookkeeping and completion time (no
// rounding drift, no heap operation).
void FlowNetwork::commit(double now) {
  for (ChannelId c : comp_)
    if (ch_new_rate_[c] != ch_rate_[c]) set_rate(c, ch_new_rate_[c], now);
}

// Re-solves only the channels crossing `seeds` (and `extra`), every other channel keeping its
// rate, then checks that the result is the max-min allocation: every channel of the
// neighbourhood (and every channel sharing a link with it) has a full link on which its
// weighted rate is the largest, or sits at its fatpipe bound. The max-min allocation is
// unique, so then it is the one a full re-solve would find; if not, nothing is changed and
// false is returned.
bool FlowNetwork::local_solve(std::span<const LinkId> seeds, std::span<const ChannelId> extra,
                              double now) {
  // The neighbourhood starts as the channels on the seed links; a channel that ends up with no
  // bottleneck pulls in the channels sharing its links, a few times at most.
  constexpr int kRounds = 4;
  const std::uint32_t start = ++epoch_;
  comp_.clear();
  auto give_up = [&] {  // nothing changed: the members' new rates are their rates again
    for (ChannelId c : comp_) ch_new_rate_[c] = ch_rate_[c];
    return false;
  };
  auto add_channel = [&](ChannelId c, std::uint32_t mark) {
    if (ch_mark_[c] == mark) return;
    ch_mark_[c] = mark;
    comp_.push_back(c);
  };
  for (LinkId l : seeds)
    if (constrains_[l])
      for (ChannelId c : on_link_[l]) add_channel(c, start);
  for (ChannelId c : extra) add_channel(c, start);
  for (int round = 0; round < kRounds; ++round) {
    const std::uint32_t member = ++epoch_;
    for (ChannelId c : comp_) ch_mark_[c] = member;
    comp_links_.clear();
    for (ChannelId c : comp_) {
      if (crosses_mixed(c)) return give_up();  // (resolve_from fills mixed fatpipes)
      for (LinkId l : route_of(c))
        if (constrains_[l] && link_mark_[l] != member) {
          link_mark_[l] = member;
          comp_links_.push_back(l);
        }
    }
    // Per link, computed once per round: is it full, and the largest weighted rate on it (-1
    // when it is not full). The filling gives the links it filled and certifies most members;
    // link_top() sums the others when a check asks about them.
    const std::uint32_t checked = ++check_epoch_;
    fill(member, checked);
    const std::uint32_t fixed = epoch_;  // the members' mark now
    // The members' new rates; every other channel's ch_new_rate_ is its rate.
    auto rate_of = [&](ChannelId g) { return ch_new_rate_[g]; };
    auto link_top = [&](LinkId l) {
      if (link_checked_[l] != checked) {
        link_checked_[l] = checked;
        double used = 0, top = 0;
        for (ChannelId h : on_link_[l]) {
          const double r = rate_of(h);
          used += ch_count_[h] * r;
          top = std::max(top, r / ch_weight_[h]);
        }
        // A link with room left is nobody's bottleneck: no rate reaches -1.
        link_level_[l] = links_[l].bandwidth - used <= kFullExact * links_[l].bandwidth ? top : -1;
      }
      return link_level_[l];
    };
    auto has_bottleneck = [&](ChannelId g) {
      if (crosses_mixed(g)) return false;  // (widening makes it a member: then a full re-solve)
      const double rate = rate_of(g);
      if (rate >= ch_bound_[g] || rate == kNever) return true;
      const double mine = rate / ch_weight_[g];
      // Links whose top is known first: any bottleneck will do, and those cost nothing.
      for (LinkId l : route_of(g))
        if (constrains_[l] && link_checked_[l] == checked && link_level_[l] >= 0 &&
            mine >= link_level_[l] * (1 - kSameShare))
          return true;
      for (LinkId l : route_of(g)) {
        if (!constrains_[l] || link_checked_[l] == checked) continue;
        const double top = link_top(l);
        if (top >= 0 && mine >= top * (1 - kSameShare)) return true;
      }
      return false;
    };
    // Every channel of the neighbourhood and every one sharing a link with it, once each (the
    // members the filling certified are marked checked already).
    failing_.clear();
    for (LinkId l : comp_links_)
      for (ChannelId g : on_link_[l]) {
        if (ch_checked_[g] == checked) continue;
        ch_checked_[g] = checked;
        if (!has_bottleneck(g)) failing_.push_back(g);
      }
    if (failing_.empty()) {
      commit(now);
      return true;
    }
    if (comp_.size() > kMaxLocal) return give_up();
    // Widen: the failing channels and every channel on their links join.
    const std::size_t before = comp_.size();
    for (ChannelId g : failing_) {
      add_channel(g, fixed);
      for (LinkId l : route_of(g))
        if (constrains_[l])
          for (ChannelId h : on_link_[l]) add_channel(h, fixed);
    }
    if (comp_.size() == before) return give_up();
  }
  return give_up();
}

std::vector<LinkStats> FlowNetwork::link_stats(double now) const {
  std::vector<LinkStats> out = stats_;
  for (std::size_t l = 0; l < out.size(); ++l)
    if (link_flows_[l] > 0) out[l].busy_time += now - busy_since_[l];
  return out;
}

// ---- indexed heap of channels ----

void FlowNetwork::heap_update(ChannelId c) {
  if (ch_finish_[c] == kNever) {
    heap_remove(c);
    return;
  }
  if (heap_pos_[c] == kNotInHeap) {
    heap_pos_[c] = static_cast<std::uint32_t>(heap_.size());
    heap_.push_back(c);
    sift_up(heap_pos_[c]);
    return;
  }
  const std::uint32_t at = heap_pos_[c];
  sift_up(at);
  if (heap_pos_[c] == at) sift_down(at);  // it did not move up: it may move down
}

void FlowNetwork::heap_remove(ChannelId c) {
  const std::uint32_t i = heap_pos_[c];
  if (i == kNotInHeap) return;
  heap_pos_[c] = kNotInHeap;
  const ChannelId last = heap_.back();
  heap_.pop_back();
  if (last == c) return;
  heap_[i] = last;
  heap_pos_[last] = i;
  sift_up(i);
  sift_down(heap_pos_[last]);
}

void FlowNetwork::sift_up(std::uint32_t i) {
  const ChannelId c = heap_[i];
  while (i > 0) {
    const std::uint32_t parent = (i - 1) / 2;
    if (!heap_less(c, heap_[parent])) break;
    heap_[i] = heap_[parent];
    heap_pos_[heap_[i]] = i;
    i = parent;
  }
  heap_[i] = c;
  heap_pos_[c] = i;
}

void FlowNetwork::sift_down(std::uint32_t i) {
  const ChannelId c = heap_[i];
  const auto n = static_cast<std::uint32_t>(heap_.size());
  while (true) {
    std::uint32_t child = 2 * i + 1;
    if (child >= n) break;
    if (child + 1 < n && heap_less(heap_[child + 1], heap_[child])) ++child;
    if (!heap_less(heap_[child], c)) break;
    heap_[i] = heap_[child];
    heap_pos_[heap_[i]] = i;
    i = child;
  }
  heap_[i] = c;
  heap_pos_[c] = i;
}

}  // namespace pelsim::models
