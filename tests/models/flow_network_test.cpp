// FlowNetwork: max-min fair sharing against hand-computed cases. Each expected value is
// worked out in the comment beside it (the same cases sgref's validate.py checks against
// SimGrid, section (iv) of shared/tools/sgref/README.md).
#include "pelsim/models/flow_network.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "flow_drain.hpp"

namespace pelsim::models {
namespace {

constexpr double kMB = 1e6;

using testing::drain;

NetLink shared(double bandwidth, double latency = 0) {
  return {"l", latency, bandwidth, true};
}

TEST(FlowNetwork, OneFlowTakesLatencyPlusBytesOverBandwidth) {
  FlowNetwork net({shared(1e8, 0.01)}, 1);
  const std::vector<LinkId> route{0};
  const auto f = net.open(route, 2 * kMB, 1.0, 0);
  EXPECT_DOUBLE_EQ(net.latency_of(route), 0.01);
  EXPECT_EQ(net.next_completion(), FlowNetwork::kNever);  // still paying latency
  net.activate(f, 1.01);
  // 1 + 0.01 + 2e6 / 1e8 = 1.03
  EXPECT_DOUBLE_EQ(drain(net, 1)[0], 1.03);
}

TEST(FlowNetwork, FlowsDueAtOneInstantCompleteInTheOrderTheirRoutesWereFirstUsed) {
  // Routes {0}, {1}, {2} on three 1e8 B/s links become channels 0, 1, 2 in that order. The
  // one on link 2 runs first, alone (1 MB: 0.01 s) and empties; then flows of 1 MB start on
  // links 1 and 0 at 0.01 s, in that order, each alone on its link: both end at 0.01 + 0.01 =
  // 0.02 s. Flows due at one instant complete by channel, the order their routes were first
  // used (link 0's before link 1's), whatever order they started in and wherever the
  // solver keeps them (the link-1 flow reuses the storage the link-2 flow left).
  FlowNetwork net({shared(1e8), shared(1e8), shared(1e8)}, 1);
  const std::vector<LinkId> r0{0}, r1{1}, r2{2};
  const auto c0 = net.channel_of(r0), c1 = net.channel_of(r1), c2 = net.channel_of(r2);
  net.activate(net.open_on(c2, 1 * kMB, 0, 2), 0);
  std::vector<std::uint64_t> order;
  net.complete_due(net.next_completion(), [&](std::uint64_t tag, double) { order.push_back(tag); });
  net.activate(net.open_on(c1, 1 * kMB, 0.01, 1), 0.01);
  net.activate(net.open_on(c0, 1 * kMB, 0.01, 0), 0.01);
  EXPECT_DOUBLE_EQ(net.next_completion(), 0.02);
  net.complete_due(net.next_completion(), [&](std::uint64_t tag, double) { order.push_back(tag); });
  EXPECT_EQ(order, (std::vector<std::uint64_t>{2, 0, 1}));
  EXPECT_EQ(net.next_completion(), FlowNetwork::kNever);
}

TEST(FlowNetwork, FanOutOnOneLinkSharesEqually) {
  // 1, 2 and 3 MB on one 1e8 B/s link from t = 0: each gets 1/3 until 3 MB have gone
  // (0.03 s, the 1 MB flow ends), then 1/2 each: the 2 MB flow needs 1 MB more, 2 MB through
  // the link, 0.02 s -> 0.05; the 3 MB flow then has 1 MB left alone: 0.01 s -> 0.06.
  FlowNetwork net({shared(1e8)}, 1);
  const std::vector<LinkId> route{0};
  for (std::uint64_t i = 0; i < 3; ++i)
    net.activate(net.open(route, static_cast<double>(i + 1) * kMB, 0, i), 0);
  const auto done = drain(net, 3);
  EXPECT_DOUBLE_EQ(done[0], 0.03);
  EXPECT_DOUBLE_EQ(done[1], 0.05);
  EXPECT_DOUBLE_EQ(done[2], 0.06);
}

TEST(FlowNetwork, FlowsOpenedOnALookedUpChannelShareLikeTheRoute) {
  // channel_of() gives one channel per route; open_on() it is open(route): two flows of 1 and
  // 2 MB over links 0 (1e8 B/s, 1 ms) and 1 (1e8 B/s, 2 ms) share 1e8: 1 MB each done at
  // 0.02 s, then the 2 MB one alone: 1 MB more at 1e8, 0.01 s -> 0.03 (plus the start 0).
  FlowNetwork net({shared(1e8, 1e-3), shared(1e8, 2e-3)}, 2);
  const std::vector<LinkId> route{0, 1};
  const auto c = net.channel_of(route);
  EXPECT_EQ(net.channel_of(route), c);
  EXPECT_DOUBLE_EQ(net.channel_latency(c), net.latency_of(route));  // 1 ms + 2 ms
  const auto f0 = net.open_on(c, 1 * kMB, 0, 0);
  const auto f1 = net.open(route, 2 * kMB, 0, 1);
  const std::vector<FlowNetwork::FlowId> both{f0, f1};
  net.activate_all(both, 0);
  const auto done = drain(net, 2);
  EXPECT_DOUBLE_EQ(done[0], 0.02);
  EXPECT_DOUBLE_EQ(done[1], 0.03);
}

TEST(FlowNetwork, CrossbarFanOutContendsAtTheSenderFanInAtTheReceiver) {
  // Links: 0 = up(0), 1..3 = down(1..3), 4..6 = up(1..3), 7 = down(0); 1e8 B/s each.
  std::vector<NetLink> links(8, shared(1e8));
  {
    FlowNetwork net(links, 2);
    // Fan-out 0 -> 1, 2, 3 of 1, 2, 3 MB: they share up(0) as on a bus: 0.03, 0.05, 0.06.
    for (std::uint32_t i = 0; i < 3; ++i) {
      const std::vector<LinkId> route{0, 1 + i};
      net.activate(net.open(route, static_cast<double>(i + 1) * kMB, 0, i), 0);
    }
    const auto done = drain(net, 3);
    EXPECT_DOUBLE_EQ(done[0], 0.03);
    EXPECT_DOUBLE_EQ(done[1], 0.05);
    EXPECT_DOUBLE_EQ(done[2], 0.06);
  }
  {
    FlowNetwork net(links, 2);
    // Fan-in 1, 2, 3 -> 0: they share down(0): the same times.
    for (std::uint32_t i = 0; i < 3; ++i) {
      const std::vector<LinkId> route{4 + i, 7};
      net.activate(net.open(route, static_cast<double>(i + 1) * kMB, 0, i), 0);
    }
    const auto done = drain(net, 3);
    EXPECT_DOUBLE_EQ(done[0], 0.03);
    EXPECT_DOUBLE_EQ(done[2], 0.06);
  }
}

TEST(FlowNetwork, DisjointPairsAreIndependentButShareABus) {
  // Crossbar: 0 -> 1 over up(0), down(1) and 2 -> 3 over up(2), down(3): each 2 MB alone at
  // 1e8 B/s: 0.02 s. On a bus the two share 1e8: both end at 4 MB / 1e8 = 0.04 s.
  FlowNetwork crossbar(std::vector<NetLink>(4, shared(1e8)), 2);
  crossbar.activate(crossbar.open(std::vector<LinkId>{0, 1}, 2 * kMB, 0, 0), 0);
  crossbar.activate(crossbar.open(std::vector<LinkId>{2, 3}, 2 * kMB, 0, 1), 0);
  EXPECT_EQ(drain(crossbar, 2), (std::vector<double>{0.02, 0.02}));

  FlowNetwork bus({shared(1e8)}, 1);
  bus.activate(bus.open(std::vector<LinkId>{0}, 2 * kMB, 0, 0), 0);
  bus.activate(bus.open(std::vector<LinkId>{0}, 2 * kMB, 0, 1), 0);
  EXPECT_EQ(drain(bus, 2), (std::vector<double>{0.04, 0.04}));
}

TEST(FlowNetwork, AFlowJoiningARunningOneOnABus) {
  // A (2 MB) alone from 0 at 1e8: at 0.01 it has 1 MB left. B (2 MB) joins: 5e7 each, A ends
  // at 0.01 + 1e6 / 5e7 = 0.03 with B at 1 MB left, which then goes at 1e8: 0.04.
  FlowNetwork net({shared(1e8)}, 1);
  const std::vector<LinkId> route{0};
  net.activate(net.open(route, 2 * kMB, 0, 0), 0);
  EXPECT_DOUBLE_EQ(net.next_completion(), 0.02);
  const auto b = net.open(route, 2 * kMB, 0.01, 1);
  net.activate(b, 0.01);
  EXPECT_DOUBLE_EQ(net.rate(b), 5e7);
  const auto done = drain(net, 2);
  EXPECT_DOUBLE_EQ(done[0], 0.03);
  EXPECT_DOUBLE_EQ(done[1], 0.04);
}

TEST(FlowNetwork, MaxMinGivesTheLeftoverToTheUnconstrainedFlow) {
  // Textbook max-min: link 0 holds 10, link 1 holds 4. a crosses 0, b crosses 0 and 1, c
  // crosses 1. Link 1 fills first at 2 each (4 / 2 < 10 / 2): b = c = 2; a takes 10 - 2 = 8.
  FlowNetwork net({shared(10), shared(4)}, 2);
  const auto a = net.open(std::vector<LinkId>{0}, 100, 0, 0);
  const auto b = net.open(std::vector<LinkId>{0, 1}, 100, 0, 1);
  const auto c = net.open(std::vector<LinkId>{1}, 100, 0, 2);
  for (auto f : {a, b, c}) net.activate(f, 0);
  EXPECT_DOUBLE_EQ(net.rate(a), 8);
  EXPECT_DOUBLE_EQ(net.rate(b), 2);
  EXPECT_DOUBLE_EQ(net.rate(c), 2);
  // b and c end at 100 / 2 = 50; a has 100 - 8 * 50 < 0 left: it ends first at 100 / 8.
  const auto done = drain(net, 3);
  EXPECT_DOUBLE_EQ(done[0], 12.5);
  // After a leaves at 12.5, link 0 no longer binds b; link 1 still gives 2 each: 50.
  EXPECT_DOUBLE_EQ(done[1], 50);
  EXPECT_DOUBLE_EQ(done[2], 50);
}

TEST(FlowNetwork, AChannelLeavingGivesItsShareToTheOneTiedWithIt) {
  // Link 0 holds 4, links 1 and 2 hold 100. a crosses 0 and 1, b crosses 0 and 2: link 0 is
  // full at a = b = 2 (tied: both have it as bottleneck), links 1 and 2 have room. a (2 B) ends
  // at 2 / 2 = 1; link 0 must be re-solved (b is as large as a there), link 1 need not (it had
  // room, nobody's bottleneck): b = 4. b had 2 B at 1, 98 left at 4 B/s: 1 + 24.5 = 25.5.
  FlowNetwork net({shared(4), shared(100), shared(100)}, 2);
  const auto a = net.open(std::vector<LinkId>{0, 1}, 2, 0, 0);
  const auto b = net.open(std::vector<LinkId>{0, 2}, 100, 0, 1);
  for (auto f : {a, b}) net.activate(f, 0);
  EXPECT_DOUBLE_EQ(net.rate(a), 2);
  EXPECT_DOUBLE_EQ(net.rate(b), 2);
  net.complete_due(net.next_completion(), [](std::uint64_t, double) {});
  EXPECT_DOUBLE_EQ(net.rate(b), 4);
  EXPECT_DOUBLE_EQ(drain(net, 2)[1], 25.5);
}

TEST(FlowNetwork, ANewChannelsLinkWithRoomIsStillCheckedForItsNeighbours) {
  // Link 0 holds 10 and carries a alone (a = 10, full). Link 1 holds 10, link 2 holds 8: g
  // crosses 1 and 2, g = 8 (link 2 full), link 1 has 2 left. c joins over 0 and 1: link 0 is
  // full, link 1 has room that c's share would not fill at once, so only link 0's channels are
  // re-solved first: a = 8, c = 2 (capped by link 1's 2 left), below g there and below a on
  // link 0 -- no bottleneck, so g joins the re-solve. Max-min: links 0 and 1 fill at 5:
  // a = c = 5, g = 10 - 5 = 5 (under link 2's 8).
  FlowNetwork net({shared(10), shared(10), shared(8)}, 2);
  const auto a = net.open(std::vector<LinkId>{0}, 100, 0, 0);
  const auto g = net.open(std::vector<LinkId>{1, 2}, 100, 0, 1);
  for (auto f : {a, g}) net.activate(f, 0);
  EXPECT_DOUBLE_EQ(net.rate(a), 10);
  EXPECT_DOUBLE_EQ(net.rate(g), 8);
  const auto c = net.open(std::vector<LinkId>{0, 1}, 100, 1, 2);
  net.activate(c, 1);
  EXPECT_DOUBLE_EQ(net.rate(a), 5);
  EXPECT_DOUBLE_EQ(net.rate(c), 5);
  EXPECT_DOUBLE_EQ(net.rate(g), 5);
}

TEST(FlowNetwork, AChannelFilledBelowARunningNeighbourIsNotTakenAsFair) {
  // Link 0 holds 4, link 1 holds 10. c crosses 0, m crosses 0 and 1, g crosses 1. From 0:
  // c = m = 2 (link 0 full), g takes 10 - 2 = 8. c (2 B) ends at 2 / 2 = 1. Re-solving only
  // m (the channel on c's link) with g held at 8 fills link 1 at 10 - 8 = 2 for m: g is above
  // m there, so link 1 is not m's bottleneck and that result must be rejected. The max-min
  // allocation: m = 4 (link 0 full), g = 10 - 4 = 6.
  FlowNetwork net({shared(4), shared(10)}, 2);
  const auto c = net.open(std::vector<LinkId>{0}, 2, 0, 0);
  const auto m = net.open(std::vector<LinkId>{0, 1}, 100, 0, 1);
  const auto g = net.open(std::vector<LinkId>{1}, 100, 0, 2);
  for (auto f : {c, m, g}) net.activate(f, 0);
  EXPECT_DOUBLE_EQ(net.rate(m), 2);
  EXPECT_DOUBLE_EQ(net.rate(g), 8);
  EXPECT_DOUBLE_EQ(net.next_completion(), 1);
  net.complete_due(1, [](std::uint64_t, double) {});
  EXPECT_DOUBLE_EQ(net.rate(m), 4);
  EXPECT_DOUBLE_EQ(net.rate(g), 6);
  // g: 100 - 8 = 92 B left at 1, at 6 B/s: 1 + 92 / 6. m: 100 - 2 = 98 B left at 4 B/s (still
  // 4 once g is gone: link 0 binds): 1 + 98 / 4 = 25.5.
  const auto done = drain(net, 3);
  EXPECT_DOUBLE_EQ(done[2], 1 + 92.0 / 6);
  EXPECT_DOUBLE_EQ(done[1], 25.5);
}

TEST(FlowNetwork, AFatpipeLinkBoundsEachFlowWithoutSharing) {
  // Two flows over a non-shared 5 B/s link: each gets 5, both end at 10 / 5 = 2.
  FlowNetwork net({{"fat", 0, 5, false}}, 1);
  const std::vector<LinkId> route{0};
  net.activate(net.open(route, 10, 0, 0), 0);
  net.activate(net.open(route, 10, 0, 1), 0);
  EXPECT_EQ(drain(net, 2), (std::vector<double>{2, 2}));
}

TEST(FlowNetwork, SharesAreWeightedByRouteLatencyAsInSimGrid) {
  // SimGrid CM02: flow f's share is proportional to 1 / p_f, p_f = its route latency (1 when
  // 0). a crosses only the shared 30 B/s link (latency 0: p = 1); b also crosses a 2 s
  // latency unlimited link (p = 2). Level λ with λ/1 + λ/2 = 30: λ = 20, a = 20, b = 10.
  const double inf = FlowNetwork::kNever;
  FlowNetwork net({shared(30), {"slow", 2, inf, true}}, 2);
  const auto a = net.open(std::vector<LinkId>{0}, 100, 0, 0);
  const auto b = net.open(std::vector<LinkId>{1, 0}, 100, 0, 1);
  net.activate(a, 0);
  net.activate(b, 2);
  EXPECT_DOUBLE_EQ(net.rate(a), 20);
  EXPECT_DOUBLE_EQ(net.rate(b), 10);
}

TEST(FlowNetwork, LinkStatisticsCountBytesBusyTimeAndPeak) {
  // The bus fan-out above: 6 MB through the link, busy from 0 to 0.06, three flows at once.
  FlowNetwork net({shared(1e8)}, 1);
  const std::vector<LinkId> route{0};
  for (std::uint64_t i = 0; i < 3; ++i)
    net.activate(net.open(route, static_cast<double>(i + 1) * kMB, 0, i), 0);
  drain(net, 3);
  const auto stats = net.link_stats(1.0);
  EXPECT_DOUBLE_EQ(stats[0].bytes, 6 * kMB);
  EXPECT_DOUBLE_EQ(stats[0].busy_time, 0.06);
  EXPECT_EQ(stats[0].peak_flows, 3u);
  EXPECT_EQ(net.open_flows(), 0u);
}

TEST(FlowNetwork, ACancelledFlowGivesItsShareBackAtOnce) {
  // The max-min case above (link 0 holds 10, link 1 holds 4; a on 0, b on 0 and 1, c on 1)
  // plus d, a second flow on c's route. Link 1 fills first, at 4/3 each for b, c, d; a takes
  // 10 - 4/3 = 26/3. At t = 3 (no flow done: a needs 62 / (26/3) > 7 s), c and d are
  // cancelled: b alone on link 1 gets 4 (link 0 would give 5 each), a the 6 left on link 0. a has
  // 62 - 26 = 36 left: ends at 3 + 36 / 6 = 9; b has 100 - 4 = 96 left at 4 (link 1 still
  // binds it once a is gone): ends at 3 + 24 = 27.
  FlowNetwork net({shared(10), shared(4)}, 2);
  const auto a = net.open(std::vector<LinkId>{0}, 62, 0, 0);
  const auto b = net.open(std::vector<LinkId>{0, 1}, 100, 0, 1);
  const auto c = net.open(std::vector<LinkId>{1}, 100, 0, 2);
  const auto d = net.open(std::vector<LinkId>{1}, 100, 0, 3);
  for (auto f : {a, b, c, d}) net.activate(f, 0);
  EXPECT_DOUBLE_EQ(net.rate(b), 4.0 / 3);
  EXPECT_DOUBLE_EQ(net.rate(a), 10 - 4.0 / 3);
  std::vector<std::uint64_t> gone;
  net.cancel_if([](std::uint64_t tag) { return tag >= 2; }, 3,
                [&](std::uint64_t tag, double start) {
                  gone.push_back(tag);
                  EXPECT_EQ(start, 0.0);
                });
  std::ranges::sort(gone);
  EXPECT_EQ(gone, (std::vector<std::uint64_t>{2, 3}));
  EXPECT_EQ(net.open_flows(), 2u);
  EXPECT_DOUBLE_EQ(net.rate(a), 6);
  EXPECT_DOUBLE_EQ(net.rate(b), 4);
  const auto done = drain(net, 4);
  EXPECT_DOUBLE_EQ(done[0], 9);
  EXPECT_DOUBLE_EQ(done[1], 27);
  EXPECT_EQ(done[2], -1);  // never completed
  EXPECT_EQ(done[3], -1);
  // Statistics: only the completed flows' bytes; link 1 busy until b's end.
  const auto stats = net.link_stats(100);
  EXPECT_DOUBLE_EQ(stats[0].bytes, 162);
  EXPECT_DOUBLE_EQ(stats[1].bytes, 100);
  EXPECT_DOUBLE_EQ(stats[1].busy_time, 27);
  EXPECT_EQ(net.open_flows(), 0u);
}

TEST(FlowNetwork, AFlowStillInItsLatencyIsDiscardedNotCancelled) {
  // One 1e8 B/s link of latency 1: f opened at 0 waits until 1. cancel_if leaves it alone
  // (it shares no bandwidth); discard() frees it, and its slot serves the next flow.
  FlowNetwork net({shared(1e8, 1)}, 1);
  const std::vector<LinkId> route{0};
  const auto f = net.open(route, kMB, 0, 7);
  net.cancel_if([](std::uint64_t) { return true; }, 0.5,
                [](std::uint64_t, double) { ADD_FAILURE() << "a flow in its latency cancelled"; });
  EXPECT_EQ(net.open_flows(), 1u);
  EXPECT_EQ(net.tag(f), 7u);
  net.discard(f);
  EXPECT_EQ(net.open_flows(), 0u);
  const auto g = net.open(route, kMB, 1, 0);
  EXPECT_EQ(g, f);
  net.activate(g, 2);
  EXPECT_DOUBLE_EQ(drain(net, 1)[0], 2.01);                  // 2 + 1e6 / 1e8
  EXPECT_NEAR(net.link_stats(3)[0].busy_time, 0.01, 1e-12);  // 2.01 - 2, rounded
}

TEST(FlowNetwork, OnlyTheComponentOfAChangeIsResolved) {
  // Two independent pairs on a crossbar: a flow joining pair 1 must not touch pair 2's
  // rate (still the full 1e8) nor its completion time.
  FlowNetwork net(std::vector<NetLink>(4, shared(1e8)), 2);
  const auto x = net.open(std::vector<LinkId>{0, 1}, 2 * kMB, 0, 0);
  const auto y = net.open(std::vector<LinkId>{2, 3}, 2 * kMB, 0, 1);
  net.activate(x, 0);
  net.activate(y, 0);
  const auto z = net.open(std::vector<LinkId>{0, 1}, 1 * kMB, 0.005, 2);
  net.activate(z, 0.005);
  EXPECT_DOUBLE_EQ(net.rate(y), 1e8);
  EXPECT_DOUBLE_EQ(net.rate(x), 5e7);
  // x: 0.5 MB by 0.005, then 5e7 with z: z's 1 MB ends at 0.025, x then has 0.5 MB left at
  // 1e8: 0.03. y alone: 0.02.
  const auto done = drain(net, 3);
  EXPECT_DOUBLE_EQ(done[0], 0.03);
  EXPECT_DOUBLE_EQ(done[1], 0.02);
  EXPECT_DOUBLE_EQ(done[2], 0.025);
}

}  // namespace
}  // namespace pelsim::models
