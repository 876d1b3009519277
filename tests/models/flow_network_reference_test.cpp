// FlowNetwork against a deliberately naive fluid reference written here, sharing no code with
// it: every flow is kept on its own and, at every event (a flow's latency ends, a flow
// completes), the weighted max-min rates of ALL active flows are recomputed from scratch by
// textbook progressive filling (raise a level λ, flow f gets λ·w_f with w_f = 1 / route
// latency, or 1 without latency; a shared finite link is full when its rates sum to its
// bandwidth; a non-shared (fatpipe) finite link is full when its fastest-growing flow not fixed
// yet reaches its bandwidth, SimGrid's lmm rule for a FATPIPE constraint; fix the flows not
// fixed yet on a full link; repeat). The expected values are the reference's; the reference itself
// is first checked against cases worked out by hand in the comments. The random cases come from
// seeded std::mt19937_64 generators (deterministic): completion times must agree to 1e-9 relative,
// link bytes exactly (integer byte counts), link busy times to 1e-9 of the run's length.
#include <gtest/gtest.h>

#include <cstdlib>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>
#include <random>
#include <vector>

#include "pelsim/models/flow_network.hpp"

namespace pelsim::models {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kTol = 1e-9;

struct FlowSpec {
  std::vector<LinkId> route;
  double bytes = 0;
  double open = 0;
  double cancel = kInf;  // cancelled then unless done (a completion at that instant comes first)
};

struct Scenario {
  std::vector<NetLink> links;
  std::vector<FlowSpec> flows;
};

struct Outcome {
  std::vector<double> end;    // per flow; -1 when it never completed (cancelled)
  std::vector<double> bytes;  // per link
  std::vector<double> busy;   // per link
  double horizon = 0;         // last completion
};

// ---- the reference ----

bool crosses(const FlowSpec& f, LinkId l) {
  return std::ranges::find(f.route, l) != f.route.end();
}

double route_latency(const Scenario& s, const FlowSpec& f) {
  double p = 0;
  for (LinkId l : f.route) p += s.links[l].latency;
  return p;
}

// Weighted max-min rates of the flows `active` (indices into s.flows), from scratch.
std::vector<double> max_min(const Scenario& s, const std::vector<std::size_t>& active,
                            const std::vector<double>& weight) {
  const std::size_t n = active.size();
  std::vector<double> rate(n, 0), level(s.links.size());
  std::vector<bool> fixed(n, false);
  auto limits = [&](LinkId l) { return s.links[l].shared && std::isfinite(s.links[l].bandwidth); };
  auto fatpipe = [&](LinkId l) {
    return !s.links[l].shared && std::isfinite(s.links[l].bandwidth);
  };
  auto times = [&](const FlowSpec& f, LinkId l) {
    return static_cast<double>(std::ranges::count(f.route, l));
  };
  std::size_t left = n;
  double lambda = 0;
  while (left > 0) {
    double best = kInf;
    for (LinkId l = 0; l < s.links.size(); ++l) {
      level[l] = kInf;
      if (limits(l)) {
        double room = s.links[l].bandwidth, wsum = 0;
        for (std::size_t i = 0; i < n; ++i) {
          const double k = times(s.flows[active[i]], l);
          if (k == 0) continue;
          if (fixed[i])
            room -= k * rate[i];
          else
            wsum += k * weight[active[i]];
        }
        if (wsum > 0) level[l] = std::max(room, 0.0) / wsum;
      } else if (fatpipe(l)) {  // full when the largest weight of its flows left reaches it
        double top = 0;
        for (std::size_t i = 0; i < n; ++i)
          if (!fixed[i] && times(s.flows[active[i]], l) > 0) top = std::max(top, weight[active[i]]);
        if (top > 0) level[l] = s.links[l].bandwidth / top;
      }
      best = std::min(best, level[l]);
    }
    if (best == kInf) {  // nothing limits the flows left
      for (std::size_t i = 0; i < n; ++i)
        if (!fixed[i]) rate[i] = kInf;
      break;
    }
    lambda = std::max(lambda, best);  // the level only rises (guards against rounding)
    const double edge = lambda * (1 + 1e-12);
    for (std::size_t i = 0; i < n; ++i) {
      if (fixed[i]) continue;
      bool hit = false;
      for (LinkId l : s.flows[active[i]].route)
        if ((limits(l) || fatpipe(l)) && level[l] <= edge) hit = true;
      if (hit) {
        rate[i] = lambda * weight[active[i]];
        fixed[i] = true;
        --left;
      }
    }
  }
  return rate;
}

// Length of the union of the intervals [a, b].
double union_length(std::vector<std::pair<double, double>> spans) {
  std::ranges::sort(spans);
  double total = 0, from = -kInf, to = -kInf;
  for (auto [a, b] : spans) {
    if (a > to) {
      if (to > from) total += to - from;
      from = a;
      to = b;
    } else {
      to = std::max(to, b);
    }
  }
  if (to > from) total += to - from;
  return total;
}

// Link bytes and busy times (some flow between its activation and its completion or
// cancellation) from the flows' activation, completion and cancellation times. A cancelled
// flow's bytes do not count; one cancelled in its latency phase never used a link.
void link_totals(const Scenario& s, const std::vector<double>& act, Outcome& out) {
  out.bytes.assign(s.links.size(), 0);
  out.busy.assign(s.links.size(), 0);
  for (LinkId l = 0; l < s.links.size(); ++l) {
    std::vector<std::pair<double, double>> spans;
    for (std::size_t i = 0; i < s.flows.size(); ++i) {
      if (!crosses(s.flows[i], l)) continue;
      if (out.end[i] >= 0) {  // (its bytes cross it as often as its route does)
        out.bytes[l] +=
            s.flows[i].bytes * static_cast<double>(std::ranges::count(s.flows[i].route, l));
        spans.emplace_back(act[i], out.end[i]);
      } else if (act[i] < s.flows[i].cancel) {
        spans.emplace_back(act[i], s.flows[i].cancel);
      }
    }
    out.busy[l] = union_length(spans);
  }
}

// The last completion or cancellation.
double horizon_of(const Scenario& s, const Outcome& out) {
  double h = 0;
  for (std::size_t i = 0; i < s.flows.size(); ++i)
    h = std::max(h, out.end[i] >= 0 ? out.end[i] : s.flows[i].cancel);
  return h;
}

Outcome reference(const Scenario& s) {
  const std::size_t n = s.flows.size();
  std::vector<double> act(n), weight(n), left(n), finish(n);
  std::vector<int> state(n, 0);  // 0 waiting for its latency, 1 active, 2 done, 3 cancelled
  for (std::size_t i = 0; i < n; ++i) {
    const double p = route_latency(s, s.flows[i]);
    act[i] = s.flows[i].open + p;
    weight[i] = p > 0 ? 1 / p : 1;
    left[i] = s.flows[i].bytes;
  }
  Outcome out;
  out.end.assign(n, -1);
  double t = 0;
  for (std::size_t step = 0; step < 4 * n + 4; ++step) {
    std::vector<std::size_t> active;
    for (std::size_t i = 0; i < n; ++i) {
      if (state[i] < 2 && s.flows[i].cancel <= t) state[i] = 3;
      if (state[i] == 0 && act[i] <= t) state[i] = 1;
      if (state[i] == 1) active.push_back(i);
    }
    const std::vector<double> rate = max_min(s, active, weight);
    double next = kInf;
    for (std::size_t i = 0; i < n; ++i) {
      if (state[i] == 0) next = std::min(next, act[i]);
      if (state[i] < 2) next = std::min(next, s.flows[i].cancel);
    }
    for (std::size_t k = 0; k < active.size(); ++k) {
      finish[k] = rate[k] == kInf ? t : t + left[active[k]] / rate[k];
      next = std::min(next, finish[k]);
    }
    if (next == kInf) break;
    for (std::size_t k = 0; k < active.size(); ++k) {
      const std::size_t i = active[k];
      if (finish[k] <= next) {
        state[i] = 2;
        out.end[i] = next;
      } else {
        left[i] -= rate[k] * (next - t);
      }
    }
    t = next;
  }
  link_totals(s, act, out);
  out.horizon = horizon_of(s, out);
  return out;
}

// ---- FlowNetwork driven as the simulator drives it ----

Outcome simulate(const Scenario& s) {
  const std::size_t n = s.flows.size();
  std::size_t longest = 1;
  for (const FlowSpec& f : s.flows) longest = std::max(longest, f.route.size());
  FlowNetwork net(s.links, static_cast<std::uint32_t>(longest));
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::ranges::stable_sort(order, {}, [&](std::size_t i) { return s.flows[i].open; });
  std::vector<std::pair<double, FlowNetwork::FlowId>> waiting;  // (activation time, flow)
  // Cancellation instants still to come, as the simulator cancels at a failure: after the
  // completions of that instant, before the latency phases that end then; a flow in its
  // latency phase is discarded when that ends.
  std::vector<double> cancels;
  for (const FlowSpec& f : s.flows)
    if (f.cancel < kInf) cancels.push_back(f.cancel);
  std::ranges::sort(cancels, std::greater<>{});
  cancels.erase(std::unique(cancels.begin(), cancels.end()), cancels.end());
  Outcome out;
  out.end.assign(n, -1);
  std::size_t next_open = 0;
  const auto cancelled = [&](std::uint64_t tag, double t) { return s.flows[tag].cancel <= t; };
  for (std::size_t step = 0; step < 4 * n + 4; ++step) {
    const double t_open = next_open < n ? s.flows[order[next_open]].open : kInf;
    const auto w = std::ranges::min_element(waiting);
    const double t_act = w == waiting.end() ? kInf : w->first;
    const double t_done = net.next_completion();
    const double t_cancel = cancels.empty() ? kInf : cancels.back();
    const double t = std::min({t_open, t_act, t_done, t_cancel});
    if (t == kInf) break;
    if (t_done == t) {
      net.complete_due(t, [&](std::uint64_t tag, double start) {
        EXPECT_EQ(out.end[tag], -1) << "flow " << tag << " completed twice";
        EXPECT_FALSE(s.flows[tag].cancel < t) << "flow " << tag << " completed after its cancel";
        EXPECT_EQ(start, s.flows[tag].open);
        out.end[tag] = t;
      });
    } else if (t_cancel == t) {
      net.cancel_if([&](std::uint64_t tag) { return cancelled(tag, t); }, t,
                    [&](std::uint64_t tag, double start) {
                      EXPECT_EQ(out.end[tag], -1) << "flow " << tag << " cancelled when done";
                      EXPECT_EQ(start, s.flows[tag].open);
                    });
      cancels.pop_back();
    } else if (t_act == t) {
      if (cancelled(net.tag(w->second), t))
        net.discard(w->second);
      else
        net.activate(w->second, t);
      waiting.erase(w);
    } else {
      const std::size_t i = order[next_open++];
      const auto f = net.open(s.flows[i].route, s.flows[i].bytes, t, i);
      const double latency = net.latency_of(s.flows[i].route);
      if (latency > 0)
        waiting.emplace_back(t + latency, f);
      else
        net.activate(f, t);
    }
  }
  EXPECT_EQ(net.open_flows(), 0u);
  out.horizon = horizon_of(s, out);
  for (const LinkStats& st : net.link_stats(out.horizon)) {
    out.bytes.push_back(st.bytes);
    out.busy.push_back(st.busy_time);
  }
  return out;
}

// ---- comparison ----

struct Worst {
  double end = 0, busy = 0;
  std::size_t cases = 0, flows = 0, slowed = 0;
};

// Whether flow i took longer than it would alone (its narrowest finite link's bandwidth).
bool slowed(const Scenario& s, std::size_t i, const Outcome& ref) {
  double bw = kInf;
  for (LinkId l : s.flows[i].route) bw = std::min(bw, s.links[l].bandwidth);
  const double alone = s.flows[i].open + route_latency(s, s.flows[i]) + s.flows[i].bytes / bw;
  return ref.end[i] > alone * (1 + 1e-6);
}

void compare(const Scenario& s, Worst& worst) {
  const Outcome want = reference(s);
  const Outcome got = simulate(s);
  ++worst.cases;
  for (std::size_t i = 0; i < s.flows.size(); ++i) {
    if (s.flows[i].cancel < kInf && want.end[i] < 0) {
      EXPECT_EQ(got.end[i], -1) << "flow " << i << " completed, though cancelled";
      continue;
    }
    ASSERT_GE(want.end[i], 0) << "the reference did not complete flow " << i;
    const double err = std::abs(got.end[i] - want.end[i]) / std::max(want.end[i], 1e-12);
    worst.end = std::max(worst.end, err);
    EXPECT_LE(err, kTol) << "flow " << i << ": got " << got.end[i] << ", want " << want.end[i];
    ++worst.flows;
    worst.slowed += slowed(s, i, want);
  }
  for (LinkId l = 0; l < s.links.size(); ++l) {
    EXPECT_EQ(got.bytes[l], want.bytes[l]) << "link " << l;
    const double err = std::abs(got.busy[l] - want.busy[l]) / std::max(want.horizon, 1e-12);
    worst.busy = std::max(worst.busy, err);
    EXPECT_LE(err, kTol) << "link " << l << ": busy " << got.busy[l] << ", want " << want.busy[l];
  }
}

void report(const char* what, const Worst& w) {
  std::printf(
      "[ %s ] %zu cases, %zu flows (%zu slowed by sharing): worst relative error %.3g "
      "(completion), %.3g (busy time)\n",
      what, w.cases, w.flows, w.slowed, w.end, w.busy);
}

// ---- the reference against hand-computed cases ----

NetLink link(double bandwidth, double latency = 0, bool shared = true) {
  return {"l", latency, bandwidth, shared};
}

TEST(FlowNetworkReference, ReferenceMatchesHandComputedCases) {
  {
    // Links hold 10 and 4; a crosses 0, b crosses 0 and 1, c crosses 1, 100 B each. Link 1
    // fills first (4 / 2 < 10 / 2): b = c = 2, a = 10 - 2 = 8. a ends at 100 / 8 = 12.5; then
    // link 1 still gives b and c 2 each: 50, 50.
    const Scenario s{{link(10), link(4)}, {{{0}, 100, 0}, {{0, 1}, 100, 0}, {{1}, 100, 0}}};
    const Outcome r = reference(s);
    EXPECT_EQ(r.end, (std::vector<double>{12.5, 50, 50}));
    EXPECT_EQ(r.bytes, (std::vector<double>{200, 200}));
    EXPECT_EQ(r.busy, (std::vector<double>{50, 50}));
  }
  {
    // Shared 30 B/s link 0 and an unlimited link 1 with 2 s latency. a = 100 B over {0} (p = 0:
    // weight 1) from 0; b = 100 B over {1, 0} (p = 2: weight 1/2) opened at 0, active at 2.
    // a alone until 2: 60 B, 40 left. Then λ + λ/2 = 30: λ = 20, a = 20, b = 10: a ends at
    // 2 + 40 / 20 = 4 with b at 20 B; b's 80 left alone at 30: 4 + 80/30 = 20/3.
    // Link 0 busy from 0 to 20/3, link 1 from 2 to 20/3.
    const Scenario s{{link(30), link(kInf, 2)}, {{{0}, 100, 0}, {{1, 0}, 100, 0}}};
    const Outcome r = reference(s);
    EXPECT_DOUBLE_EQ(r.end[0], 4);
    EXPECT_DOUBLE_EQ(r.end[1], 20.0 / 3);
    EXPECT_DOUBLE_EQ(r.busy[0], 20.0 / 3);
    EXPECT_DOUBLE_EQ(r.busy[1], 20.0 / 3 - 2);
  }
  {
    // Non-shared 2 B/s link 0, shared 10 B/s link 1; x, y over {0, 1}, z over {1}, 10 B each.
    // x and y are capped at 2 (below 10 / 3); z takes 10 - 4 = 6: ends at 10/6 = 5/3; x and y
    // stay at their cap: 10 / 2 = 5.
    const Scenario s{{link(2, 0, false), link(10)},
                     {{{0, 1}, 10, 0}, {{0, 1}, 10, 0}, {{1}, 10, 0}}};
    const Outcome r = reference(s);
    EXPECT_DOUBLE_EQ(r.end[0], 5);
    EXPECT_DOUBLE_EQ(r.end[1], 5);
    EXPECT_DOUBLE_EQ(r.end[2], 5.0 / 3);
  }
  {
    // SimGrid's FATPIPE rule: non-shared 10 B/s link 0, unlimited links 1 (1 s) and 2 (3 s).
    // x = 40 B over {0, 1} (weight 1), y = 10 B over {0, 2} (weight 1/3), both opened at 0.
    // x alone from 1 to 3 at 10: 20 B. From 3 link 0 fills when x, the fastest-growing,
    // reaches 10: λ = 10, x = 10, y = 10/3 (not 10: that was a cap per flow). x ends at
    // 3 + 20/10 = 5 with y at 20/3 B; y's 10/3 left alone at 10: 5 + 1/3 = 16/3.
    const Scenario s{{link(10, 0, false), link(kInf, 1), link(kInf, 3)},
                     {{{0, 1}, 40, 0}, {{0, 2}, 10, 0}}};
    const Outcome r = reference(s);
    EXPECT_DOUBLE_EQ(r.end[0], 5);
    EXPECT_DOUBLE_EQ(r.end[1], 16.0 / 3);
  }
  {
    // Only an unlimited 0.5 s link: 100 B opened at 1 arrive when the latency ends, 1.5.
    const Scenario s{{link(kInf, 0.5)}, {{{0}, 100, 1}}};
    EXPECT_EQ(reference(s).end, (std::vector<double>{1.5}));
  }
}

TEST(FlowNetworkReference, HandComputedCasesAgree) {
  // The cases above, through FlowNetwork too.
  Worst w;
  compare({{link(10), link(4)}, {{{0}, 100, 0}, {{0, 1}, 100, 0}, {{1}, 100, 0}}}, w);
  compare({{link(30), link(kInf, 2)}, {{{0}, 100, 0}, {{1, 0}, 100, 0}}}, w);
  compare({{link(2, 0, false), link(10)}, {{{0, 1}, 10, 0}, {{0, 1}, 10, 0}, {{1}, 10, 0}}}, w);
  compare({{link(kInf, 0.5)}, {{{0}, 100, 1}}}, w);
  compare({{link(10, 0, false), link(kInf, 1), link(kInf, 3)}, {{{0, 1}, 40, 0}, {{0, 2}, 10, 0}}},
          w);
}

// ---- a FlowNetwork bug the random cases found (reduced by hand), now a regression test ----

TEST(FlowNetworkReference, LeaveShortcutSeesALinkFilledByWeightsOfVeryDifferentSizes) {
  // Link 0: shared 2e8 (latency 0); link 1: 1e8, latency 1e-6 (weight 1e6); link 2: 5e7,
  // latency 7e-4 (weight 1428.57...); link 3: 1e8 (latency 0). All flows open at 0:
  //   D = 1e5 B over {3, 0} (weight 1), E = 3e5 B over {0} (weight 1),
  //   P1 = 1e6 B over {1, 0} (active at 1e-6), P2 = 1e6 B over {2, 0} (active at 7e-4).
  // By hand: [0, 1e-6] D = E = 1e8 (half of link 0): 100 B each. [1e-6, 7e-4] P1 = 1e8 (link 1
  // full), D = E = (2e8 - 1e8) / 2 = 5e7: 34950 B more, 35050 each. From 7e-4 P2 = 5e7 (link 2
  // full), D = E = (2e8 - 1e8 - 5e7) / 2 = 2.5e7: D's 64950 B left end at 7e-4 + 2.598e-3 =
  // 3.298e-3. E, 2e5 B left, then gets 2e8 - 1e8 - 5e7 = 5e7: 7.298e-3. P1: 1e-6 + 1e6 / 1e8 =
  // 0.010001; P2: 7e-4 + 1e6 / 5e7 = 0.0207.
  // FlowNetwork gave E 0.011298 (it kept 2.5e7 to the end): fill() got link 0's weight sum
  // left for D and E as ((1 + 1 + 1e6) + 1428.57...) - 1e6 - 1428.57... = 2 + 5e-11, so D and E
  // got 2.5e7 * (1 - 2.5e-11) and link 0 showed 1.2e-3 B/s unused, more than the 1e-12 * 2e8 =
  // 2e-4 then taken for "full": when D left, leave_keeps_others() took link 0 for not full and
  // skipped the re-solve. (fill() now recomputes weight sums instead of subtracting them, and
  // the shortcuts call a link full up to 1e-9 of its bandwidth.)
  const Scenario s{{link(2e8), link(1e8, 1e-6), link(5e7, 7e-4), link(1e8)},
                   {{{3, 0}, 1e5, 0}, {{0}, 3e5, 0}, {{1, 0}, 1e6, 0}, {{2, 0}, 1e6, 0}}};
  const std::vector<double> want{3.298e-3, 7.298e-3, 0.010001, 0.0207};
  const Outcome ref = reference(s), got = simulate(s);
  for (std::size_t i = 0; i < want.size(); ++i) {
    EXPECT_NEAR(ref.end[i], want[i], kTol * want[i]) << "reference, flow " << i;
    EXPECT_NEAR(got.end[i], want[i], kTol * want[i]) << "FlowNetwork, flow " << i;
  }
}

TEST(FlowNetworkReference, FatpipeTiedWithASharedLinkFixesItsLighterFlowsAtTheLevel) {
  // Link 0: fatpipe 1e8 (latency 0); link 1: shared 3e8, latency 7e-4 (weight 1/7e-4). All
  // 1e7 B, opened at 0: A over {0} (weight 1), B over {0, 1}, C and D over {1}.
  // By hand: [0, 7e-4] A alone at 1e8: 7e4 B. From 7e-4 link 0 fills at λ = 1e8 / (1/7e-4) =
  // 7e4 and link 1 at 3e8 / (3/7e-4) = 7e4: the same level, both full; A is fixed at 7e4 B/s,
  // B, C, D at 1e8: they end at 0.1007, A with 1e7 - 7e4 - 7e3 B left, alone at 1e8 from
  // then: 0.1007 + 0.09923 = 0.19993.
  // FlowNetwork gave A 0.1: in doubles link 1's level is 3e8 / (w + 2w) = 69999.99999999999,
  // one ulp below link 0's, so fill() fixed B, C, D on link 1 alone and then link 0, left with
  // A (weight 1), filled at 1e8. (fill() now takes links within kSameShare of the level as
  // full in the same round, as it does for "largest" elsewhere.)
  const Scenario s{{link(1e8, 0, false), link(3e8, 7e-4)},
                   {{{0}, 1e7, 0}, {{0, 1}, 1e7, 0}, {{1}, 1e7, 0}, {{1}, 1e7, 0}}};
  const std::vector<double> want{0.19993, 0.1007, 0.1007, 0.1007};
  const Outcome ref = reference(s), got = simulate(s);
  for (std::size_t i = 0; i < want.size(); ++i) {
    EXPECT_NEAR(ref.end[i], want[i], kTol * want[i]) << "reference, flow " << i;
    EXPECT_NEAR(got.end[i], want[i], kTol * want[i]) << "FlowNetwork, flow " << i;
  }
}

// ---- random scenarios ----

using Rng = std::mt19937_64;

template <class T>
T pick(Rng& rng, std::initializer_list<T> values) {
  std::uniform_int_distribution<std::size_t> d(0, values.size() - 1);
  return values.begin()[d(rng)];
}

bool chance(Rng& rng, double p) {
  return std::bernoulli_distribution(p)(rng);
}

// Discrete values so that bandwidths, route latencies (weights) and sizes often tie.
double random_bandwidth(Rng& rng) {
  return chance(rng, 0.1) ? kInf : pick(rng, {1e8, 1e8, 2e8, 5e8});
}
double random_latency(Rng& rng) {
  return pick(rng, {0.0, 0.0, 1e-4, 2e-4, 5e-4});
}
double random_bytes(Rng& rng) {
  if (chance(rng, 0.3)) return pick(rng, {1e3, 1e5, 5e5, 1e6});
  return static_cast<double>(std::uniform_int_distribution<int>(1000, 1000000)(rng));
}
double random_open(Rng& rng) {  // on a 0.1 ms grid: simultaneous opens happen
  return 1e-4 * std::uniform_int_distribution<int>(0, 60)(rng);
}

// 1-4 distinct links; with `repeats`, sometimes a link of it crossed again (up to 6 times in
// all), as a SimGrid zone's route may cross one.
std::vector<LinkId> random_route(Rng& rng, std::size_t links, bool repeats = false) {
  std::vector<LinkId> all(links);
  std::iota(all.begin(), all.end(), LinkId{0});
  std::shuffle(all.begin(), all.end(), rng);
  const std::size_t k =
      std::uniform_int_distribution<std::size_t>(1, std::min<std::size_t>(4, links))(rng);
  all.resize(k);
  if (repeats && chance(rng, 0.3)) {
    const LinkId again = all[rng() % k];
    const int extra = std::uniform_int_distribution<int>(1, 5)(rng);
    for (int i = 0; i < extra; ++i)
      all.insert(all.begin() + static_cast<std::ptrdiff_t>(rng() % (all.size() + 1)), again);
  }
  return all;
}

// 2-12 random links (a quarter of them fatpipes); routes of 1-4 links, many reused exactly,
// with `repeats` some crossing a link several times; bursts of identical flows.
Scenario random_mesh(Rng& rng, int max_flows = 40, bool repeats = false) {
  Scenario s;
  const auto n_links = std::uniform_int_distribution<std::size_t>(2, 12)(rng);
  for (std::size_t l = 0; l < n_links; ++l)
    s.links.push_back(link(random_bandwidth(rng), random_latency(rng), !chance(rng, 0.25)));
  std::vector<std::vector<LinkId>> pool(std::uniform_int_distribution<int>(1, 6)(rng));
  for (auto& r : pool) r = random_route(rng, n_links, repeats);
  const int n_flows = std::uniform_int_distribution<int>(2, max_flows)(rng);
  while (static_cast<int>(s.flows.size()) < n_flows) {
    FlowSpec f{chance(rng, 0.5) ? pool[rng() % pool.size()] : random_route(rng, n_links, repeats),
               random_bytes(rng), random_open(rng)};
    const int burst = chance(rng, 0.25) ? std::uniform_int_distribution<int>(2, 6)(rng) : 1;
    for (int b = 0; b < burst; ++b) {
      s.flows.push_back(f);
      if (chance(rng, 0.5)) f.bytes = random_bytes(rng);
    }
  }
  return s;
}

// A bus (link 0), sometimes reached through a per-node link (1..4) of any kind; bursts of
// flows on the bus at the same instant.
Scenario random_bus(Rng& rng) {
  Scenario s;
  s.links.push_back(link(pick(rng, {1e8, 2e8, 5e8}), random_latency(rng)));
  for (int l = 1; l <= 4; ++l)
    s.links.push_back(link(random_bandwidth(rng), random_latency(rng), chance(rng, 0.5)));
  const int bursts = std::uniform_int_distribution<int>(1, 6)(rng);
  for (int b = 0; b < bursts; ++b) {
    const double open = random_open(rng);
    const int size = std::uniform_int_distribution<int>(1, 10)(rng);
    for (int k = 0; k < size; ++k) {
      std::vector<LinkId> route{0};
      if (chance(rng, 0.3)) route.push_back(static_cast<LinkId>(1 + rng() % 4));
      s.flows.push_back({route, random_bytes(rng), open});
    }
  }
  return s;
}

// Crossbar of N nodes: up(i) = i, down(i) = N + i, maybe a backbone 2N between them; random
// pairs, fan-outs (one sender, several receivers at once) and fan-ins.
Scenario random_crossbar(Rng& rng) {
  Scenario s;
  const auto n = std::uniform_int_distribution<LinkId>(2, 6)(rng);
  const double bw = pick(rng, {1e8, 2e8}), lat = random_latency(rng);
  for (LinkId l = 0; l < 2 * n; ++l)  // mostly alike: ties
    s.links.push_back(chance(rng, 0.8) ? link(bw, lat) : link(random_bandwidth(rng), lat));
  const bool backbone = chance(rng, 0.5);
  if (backbone)
    s.links.push_back(link(random_bandwidth(rng), random_latency(rng), chance(rng, 0.5)));
  auto route = [&](LinkId a, LinkId b) {
    std::vector<LinkId> r{a, n + b};
    if (backbone) r.insert(r.begin() + 1, 2 * n);
    return r;
  };
  std::uniform_int_distribution<LinkId> node(0, n - 1);
  const int groups = std::uniform_int_distribution<int>(2, 10)(rng);
  for (int g = 0; g < groups; ++g) {
    const LinkId a = node(rng);
    const double open = random_open(rng);
    const int size = std::uniform_int_distribution<int>(1, 5)(rng);
    const int kind = static_cast<int>(rng() % 3);  // 0 one pair, 1 fan-out, 2 fan-in
    const LinkId fixed_peer = (a + 1 + node(rng) % (n - 1)) % n;
    for (int k = 0; k < size; ++k) {
      LinkId b = kind == 0 ? fixed_peer : (a + 1 + node(rng) % (n - 1)) % n;
      s.flows.push_back({kind == 2 ? route(b, a) : route(a, b), random_bytes(rng), open});
    }
  }
  return s;
}

TEST(FlowNetworkReference, RandomMeshesAgree) {
  Worst w;
  for (std::uint64_t seed = 1; seed <= 120; ++seed) {
    SCOPED_TRACE(testing::Message() << "mesh seed " << seed);
    Rng rng(seed);
    compare(random_mesh(rng), w);
  }
  report("mesh", w);
  EXPECT_GT(w.slowed, w.flows / 4);  // sharing really happened
}

// Routes crossing a link up to 6 times, and fatpipes crossed by flows of different latencies
// (SimGrid zones make both). Two bugs showed here: a channel leaving a link it crossed three
// times or more left a stale entry (leave_links), and a join filling a link crossed k times to
// rounding was taken for one leaving room (join_keeps_others).
TEST(FlowNetworkReference, RandomMeshesWithRepeatedLinksAgree) {
  Worst w;
  for (std::uint64_t seed = 1; seed <= 300; ++seed) {
    SCOPED_TRACE(testing::Message() << "repeated-link mesh seed " << seed);
    Rng rng(seed + 7000);
    compare(random_mesh(rng, 40, true), w);
  }
  report("repeated-link mesh", w);
  EXPECT_GT(w.slowed, w.flows / 4);
}

// Larger meshes (up to 120 flows), where the bug above showed in 157 of 20000 seeds.
// PELSIM_FLOWREF_SEEDS=20000 runs that many (a slow check, not for CI).
TEST(FlowNetworkReference, RandomLargeMeshesAgree) {
  const char* env = std::getenv("PELSIM_FLOWREF_SEEDS");
  const std::uint64_t seeds = env ? std::strtoull(env, nullptr, 10) : 150;
  Worst w;
  for (std::uint64_t seed = 0; seed < seeds; ++seed) {
    SCOPED_TRACE(testing::Message() << "large mesh seed " << 5000 + seed);
    Rng rng(5000 + seed);
    compare(random_mesh(rng, 120), w);
  }
  report("large mesh", w);
  EXPECT_GT(w.slowed, w.flows / 4);
}

// Groups of flows cancelled at once, as the flows to the tasks of a failed core are
// (FlowNetwork::cancel_if; those still in their latency phase discarded when it ends): up to
// three instants drawn uniformly over the run without them, each flow opened before one of
// them cancelled then with probability 1/2. The others share the freed bandwidth at once.
TEST(FlowNetworkReference, RandomMeshesWithCancelledFlowsAgree) {
  Worst w;
  std::size_t cancelled = 0;
  for (std::uint64_t seed = 1; seed <= 300; ++seed) {
    SCOPED_TRACE(testing::Message() << "cancelled mesh seed " << seed);
    Rng rng(seed + 9000);
    Scenario s = random_mesh(rng, 40, chance(rng, 0.3));
    const double horizon = reference(s).horizon;
    std::vector<double> at(std::uniform_int_distribution<int>(1, 3)(rng));
    for (double& t : at) t = std::uniform_real_distribution<double>(0, horizon)(rng);
    for (FlowSpec& f : s.flows) {
      const double t = at[rng() % at.size()];
      if (f.open < t && chance(rng, 0.5)) f.cancel = t;
    }
    const Outcome want = reference(s);
    for (std::size_t i = 0; i < s.flows.size(); ++i) cancelled += want.end[i] < 0;
    compare(s, w);
  }
  report("cancelled mesh", w);
  EXPECT_GT(cancelled, w.cases);  // flows really were cancelled
  EXPECT_GT(w.slowed, w.flows / 4);
}

TEST(FlowNetworkReference, RandomBusesAgree) {
  Worst w;
  for (std::uint64_t seed = 1001; seed <= 1040; ++seed) {
    SCOPED_TRACE(testing::Message() << "bus seed " << seed);
    Rng rng(seed);
    compare(random_bus(rng), w);
  }
  report("bus", w);
  EXPECT_GT(w.slowed, w.flows / 4);
}

TEST(FlowNetworkReference, RandomCrossbarsAgree) {
  Worst w;
  for (std::uint64_t seed = 2001; seed <= 2040; ++seed) {
    SCOPED_TRACE(testing::Message() << "crossbar seed " << seed);
    Rng rng(seed);
    compare(random_crossbar(rng), w);
  }
  report("crossbar", w);
  EXPECT_GT(w.slowed, w.flows / 4);
}

}  // namespace
}  // namespace pelsim::models
