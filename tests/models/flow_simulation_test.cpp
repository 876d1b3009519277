// The flow network inside a simulation: task graphs on a static schedule, expected times
// computed by hand in the comments (max-min shares as in flow_network_test.cpp).
#include <gtest/gtest.h>

#include <limits>

#include "pelsim/models/error.hpp"
#include "pelsim/models/network_topology.hpp"
#include "pelsim/models/simgrid_platform.hpp"
#include "pelsim/models/trace_recorder.hpp"
#include "run_helpers.hpp"
#include "test_graphs.hpp"

namespace pelsim::models {
namespace {

using testing::crossbar;
using testing::make_graph;
using testing::run_policy;

constexpr double kMB = 1e6;

// t0 on core 0 (1 s at 1 Gflop/s) feeds t1, t2, t3 on cores 1, 2, 3 with 1, 2, 3 MB; each
// child computes 0.5 s.
TaskGraph fan_out() {
  return make_graph({1e9, 5e8, 5e8, 5e8}, {{0, 1, 1 * kMB}, {0, 2, 2 * kMB}, {0, 3, 3 * kMB}});
}
Schedule one_task_per_core(std::uint32_t tasks) {
  std::vector<std::vector<TaskId>> per_core(tasks);
  for (TaskId t = 0; t < tasks; ++t) per_core[t] = {t};
  return Schedule::from_sequences(tasks, per_core);
}

TEST(FlowSimulation, FanOutContendsAtTheSendersLink) {
  // Crossbar, every link 5 us and 1e8 B/s: route latency 10 us. The three transfers leave at
  // 1 s, share up(0) after 10 us and end 0.03, 0.05, 0.06 s later (1/3 each until the 1 MB
  // one is done, then 1/2, then alone). Each child then computes 0.5 s.
  const TaskGraph g = fan_out();
  const Schedule s = one_task_per_core(4);
  TraceRecorder rec(4, 4);
  const auto r =
      run_policy(g, "static", Platform::homogeneous(4, 1e9), crossbar(4, 5e-6, 1e8), &s, &rec);
  EXPECT_NEAR(rec.start(1), 1 + 1e-5 + 0.03, 1e-12);
  EXPECT_NEAR(rec.start(2), 1 + 1e-5 + 0.05, 1e-12);
  EXPECT_NEAR(rec.start(3), 1 + 1e-5 + 0.06, 1e-12);
  EXPECT_NEAR(r.makespan, 1 + 1e-5 + 0.06 + 0.5, 1e-12);
  EXPECT_EQ(r.transfers, 3u);
  // 4 task finishes, 1 join (the three flows' latency ends at one instant), 3 completions.
  EXPECT_EQ(r.events, 8u);
  // Links that carried data: up(0) 6 MB busy 0.06 s with 3 flows; each down(i) its own bytes.
  ASSERT_EQ(r.links.size(), 4u);
  EXPECT_EQ(r.links[0].name, "node0.up");
  EXPECT_DOUBLE_EQ(r.links[0].stats.bytes, 6 * kMB);
  EXPECT_NEAR(r.links[0].stats.busy_time, 0.06, 1e-12);
  EXPECT_EQ(r.links[0].stats.peak_flows, 3u);
  EXPECT_EQ(r.links[1].name, "node1.down");
  EXPECT_DOUBLE_EQ(r.links[1].stats.bytes, 1 * kMB);
}

TEST(FlowSimulation, WithoutContentionItIsLatencyPlusBytesOverBandwidth) {
  // A chain t0 -> t1 -> t2 alternating cores 0, 1, 0 (1 s each), 2 MB per edge: every
  // transfer is alone, 10 us + 2e6 / 1e8 = 0.02001 s. Makespan 3 + 2 x 0.02001.
  const TaskGraph g = testing::make_chain({1e9, 1e9, 1e9}, 2 * kMB);
  const Schedule s = Schedule::from_sequences(3, {{0, 2}, {1}});
  const auto r = run_policy(g, "static", Platform::homogeneous(2, 1e9), crossbar(2, 5e-6, 1e8), &s);
  EXPECT_NEAR(r.makespan, 3 + 2 * 0.02001, 1e-12);
}

TEST(FlowSimulation, ABackboneIsSharedByDisjointPairs) {
  // t0 (core 0) -> t1 (core 1) and t2 (core 2) -> t3 (core 3), 2 MB each, producers 1 s,
  // consumers 0.5 s. NIC links 1e8 B/s and 0 latency, backbone 1e8 B/s and 1 ms: both flows
  // cross the backbone, 5e7 each: 2e6 / 5e7 = 0.04 s after 1 s + 1 ms. Makespan 1.541.
  TopologySpec s;
  s.kind = TopologyKind::kCrossbar;
  s.nodes = 4;
  s.link_latency = 0;
  s.link_bandwidth = 1e8;
  s.backbone_latency = 1e-3;
  s.backbone_bandwidth = 1e8;
  const TaskGraph g = make_graph({1e9, 5e8, 1e9, 5e8}, {{0, 1, 2 * kMB}, {2, 3, 2 * kMB}});
  const Schedule sched = one_task_per_core(4);
  auto r = run_policy(g, "static", Platform::homogeneous(4, 1e9),
                      NetworkModel::flow({build_topology(s)}), &sched);
  EXPECT_NEAR(r.makespan, 1 + 1e-3 + 0.04 + 0.5, 1e-12);
  // A fatpipe backbone gives each flow its full 1e8: 0.02 s.
  s.backbone_shared = false;
  r = run_policy(g, "static", Platform::homogeneous(4, 1e9),
                 NetworkModel::flow({build_topology(s)}), &sched);
  EXPECT_NEAR(r.makespan, 1 + 1e-3 + 0.02 + 0.5, 1e-12);
}

TEST(FlowSimulation, SameNodeTransfersUseTheIntraNodeLink) {
  // Two nodes of 2 cores. t0 on core 0 feeds t1 on core 1 (same node) and t2 on core 2
  // (other node), 1 MB each. Intra-node link: 1e8 B/s, 1 us; inter-node links 5 us, 1e8.
  // t1 starts at 1 + 1e-6 + 0.01; t2 at 1 + 1e-5 + 0.01.
  FlowNetworkConfig cfg;
  TopologySpec s;
  s.kind = TopologyKind::kCrossbar;
  s.nodes = 2;
  s.link_latency = 5e-6;
  s.link_bandwidth = 1e8;
  cfg.topology = build_topology(s);
  cfg.cores_per_node = 2;
  cfg.intra_latency = 1e-6;
  cfg.intra_bandwidth = 1e8;
  const TaskGraph g = make_graph({1e9, 1e9, 1e9}, {{0, 1, 1 * kMB}, {0, 2, 1 * kMB}});
  const Schedule sched = Schedule::from_sequences(3, {{0}, {1}, {2}, {}});
  TraceRecorder rec(3, 4);
  run_policy(g, "static", Platform::homogeneous(4, 1e9), NetworkModel::flow(cfg), &sched, &rec);
  EXPECT_NEAR(rec.start(1), 1 + 1e-6 + 0.01, 1e-12);
  EXPECT_NEAR(rec.start(2), 1 + 1e-5 + 0.01, 1e-12);
  // Free intra-node transfers (the default): t1 starts the moment t0 ends.
  cfg.intra_latency = 0;
  cfg.intra_bandwidth = std::numeric_limits<double>::infinity();
  run_policy(g, "static", Platform::homogeneous(4, 1e9), NetworkModel::flow(cfg), &sched, &rec);
  EXPECT_DOUBLE_EQ(rec.start(1), 1);
}

// Two nodes of 2 cores (node 0: cores 0, 1; node 1: cores 2, 3), 1e8 B/s everywhere; the
// intra-node link has latency `intra`, each crossbar link `link` (an inter-node route: 2 links).
// Planners cost a transfer by the route between the two cores. Two nodes of 2 cores, a free
// intra-node link, 1e9 B/s between nodes (crossbar NIC links of 0 s). a (1 s) feeds b and c
// (1 s each) with 1e9 bytes each. HEFT: a on core 0 [0, 1]; b on core 0 [1, 2] (core 1 ties,
// the lowest wins); c on core 1, same node, free: [1, 2]; on core 2 it would wait 1 s for its
// data. Makespan 2 s, planned and simulated. Costing every move between cores the same 1 s
// (the mean figure) would find c nowhere better than core 0 after b: 3 s.
TEST(FlowSimulation, PlannersCostTransfersByTheRouteBetweenTheCores) {
  FlowNetworkConfig cfg;
  TopologySpec s;
  s.kind = TopologyKind::kCrossbar;
  s.nodes = 2;
  s.link_latency = 0;
  s.link_bandwidth = 1e9;
  cfg.topology = build_topology(s);
  cfg.cores_per_node = 2;
  const NetworkModel net = NetworkModel::flow(cfg);
  EXPECT_EQ(net.transfer_time(1e9, 0, 1), 0.0);  // same node, free
  EXPECT_EQ(net.transfer_time(1e9, 0, 2), 1.0);  // up(0), down(1): 1e9 / 1e9
  EXPECT_EQ(net.transfer_time(1e9, 3, 3), 0.0);  // same core
  const TaskGraph g = make_graph({1e9, 1e9, 1e9}, {{0, 1, 1e9}, {0, 2, 1e9}});
  TraceRecorder rec(3, 4);
  const double makespan =
      run_policy(g, "heft", Platform::homogeneous(4, 1e9), net, nullptr, &rec).makespan;
  EXPECT_EQ(rec.core(2), 1u);
  EXPECT_DOUBLE_EQ(makespan, 2.0);
}

// With same-core transfers the planners cost a task's same-core inputs too: the node's own route
// (here the intra-node link, 1 ms and 1e9 B/s, so 1e8 bytes take 0.101 s). One node of 2 cores;
// a (1 s) feeds b (1 s) with 1e8 bytes. Every list scheduler: a on core 0 [0, 1]; b waits
// 0.101 s for its data on either core (one node) and ties to core 0: [1.101, 2.101], planned and
// simulated, equal to rounding (the plan adds L + X/B at once, the run L then X/B). (Costing
// same-core data 0, the plans said 2 s and the runs took 2.101 s.) Without a
// table of node pairs
// (more than 256 nodes) a same-core move costs node 0's own route.
TEST(FlowSimulation, PlannersCostSameCoreTransfersWhenTheyMove) {
  FlowNetworkConfig cfg;
  TopologySpec s;
  s.kind = TopologyKind::kCrossbar;
  s.nodes = 1;
  s.link_latency = 1e-6;
  s.link_bandwidth = 1e9;
  cfg.topology = build_topology(s);
  cfg.cores_per_node = 2;
  cfg.intra_latency = 1e-3;
  cfg.intra_bandwidth = 1e9;
  const TaskGraph g = make_graph({1e9, 1e9}, {{0, 1, 1e8}});
  const Platform platform = Platform::homogeneous(2, 1e9);
  const double moved = 1e-3 + 1e8 / 1e9;  // 0.101 s
  for (const bool same_core : {false, true}) {
    cfg.same_core_transfers = same_core;
    const NetworkModel net = NetworkModel::flow(cfg);
    EXPECT_DOUBLE_EQ(net.transfer_time(1e8, 1, 1), same_core ? moved : 0.0);
    EXPECT_DOUBLE_EQ(net.transfer_time(1e8, 0, 1), moved);  // same node: the intra link
    EXPECT_EQ(net.transfer_time(0, 1, 1), 0.0);             // a precedence moves nothing
    const Problem problem(g, platform, net);
    for (const char* policy : {"heft", "peft", "cpop", "hlfet", "etf", "mcp", "dls", "min_min"}) {
      TraceRecorder rec(2, 2);
      auto run = PolicyRegistry::builtin().find(policy).create(problem, PolicyOptions{}, &rec);
      run->run();
      EXPECT_EQ(rec.core(1), 0u) << policy;
      EXPECT_DOUBLE_EQ(run->result().makespan, same_core ? 2 + moved : 2.0) << policy;
      EXPECT_DOUBLE_EQ(run->planned_makespan(), run->result().makespan) << policy << same_core;
    }
  }
  s.nodes = 300;  // no table: node 0's own route
  cfg.topology = build_topology(s);
  const NetworkModel big = NetworkModel::flow(cfg);
  EXPECT_FALSE(big.has_pair_costs());
  EXPECT_DOUBLE_EQ(big.transfer_time(1e8, 7, 7), moved);
  cfg.same_core_transfers = false;
  EXPECT_EQ(NetworkModel::flow(cfg).transfer_time(1e8, 7, 7), 0.0);
}

// The flow network of a SimGrid platform file of tests/data/sgref_platforms, its hosts' cores
// numbered in file order.
NetworkModel zone_network(const std::string& file) {
  const ImportedPlatform p =
      read_simgrid_platform(std::string(PELSIM_TEST_DATA) + "/sgref_platforms/" + file);
  FlowNetworkConfig cfg;
  cfg.topology = build_topology(p.topology);
  cfg.cores_per_node = 1;
  for (std::uint32_t h = 0; h < p.nodes; ++h)
    cfg.node_of_core.insert(cfg.node_of_core.end(), p.hosts[h].cores, h);
  return NetworkModel::flow(cfg);
}

// A pair of hosts without a route (SimGrid's dogbone.xml: S1 and S2 have none) costs a planner
// for ever, so it sends no data that way; S1 -> C1 costs 3 links of 10 ms and 1e6 bytes at
// 100 MB/s: 0.04 s. (A transfer between S1 and S2 in a run is an error: simgrid_zone_run_test.)
TEST(FlowSimulation, APairWithoutARouteCostsPlannersForEver) {
  const NetworkModel net = zone_network("dogbone.xml");
  // Cores = hosts in file order: S1, C1, S2, C2.
  EXPECT_EQ(net.transfer_time(1e6, 0, 2), std::numeric_limits<double>::infinity());
  EXPECT_EQ(net.transfer_time(1e6, 1, 3), std::numeric_limits<double>::infinity());
  EXPECT_DOUBLE_EQ(net.transfer_time(1e6, 0, 1), 0.03 + 1e6 / 1e8);
  EXPECT_DOUBLE_EQ(net.transfer_time(1e6, 2, 3), 0.03 + 1e6 / 1e8);
  // The mean figure of the ranks leaves the missing pairs out: every route has 3 such links.
  EXPECT_DOUBLE_EQ(net.transfer_time(1e6), 0.03 + 1e6 / 1e8);
}

// star_backbone.xml: h0 -> h1 crosses hl0 (50MBps, 20us), bb (40MBps, 300us) twice, hl1
// (75MBps, 21us): alone, 641us and bb's 40MBps shared by the flow's two crossings, 20MB/s.
// A planner costs 1e6 bytes 0.000641 + 0.05 s, what the run takes (simgrid_zone_run_test).
TEST(FlowSimulation, PlannersCostALinkCrossedTwiceTwice) {
  const NetworkModel net = zone_network("star_backbone.xml");
  EXPECT_DOUBLE_EQ(net.transfer_time(1e6, 0, 1), 0.000641 + 1e6 / 2e7);  // core 1: host h1
}

FlowNetworkConfig two_nodes(double intra, double link) {
  TopologySpec s;
  s.kind = TopologyKind::kCrossbar;
  s.nodes = 2;
  s.link_latency = link;
  s.link_bandwidth = 1e8;
  FlowNetworkConfig cfg;
  cfg.topology = build_topology(s);
  cfg.cores_per_node = 2;
  cfg.intra_latency = intra;
  cfg.intra_bandwidth = 1e8;
  return cfg;
}

TEST(FlowSimulation, FlowsOfDifferentLatenciesEndingTogetherJoinInOneStep) {
  // Intra-node latency 0.25 s, crossbar links 0.25 s (route 0.5 s): exact in binary. t0 (core
  // 0, 1 s) sends 1 MB to t2 (core 2): latency over at 1 + 0.5 = 1.5. t1 (core 1, 1.25 s)
  // sends 1 MB to t3 (core 0, same node): over at 1.25 + 0.25 = 1.5. Different links, so
  // each moves at 1e8 alone: both arrive at 1.5 + 0.01 = 1.51; t2, t3 compute 0.5 s.
  // Events: 4 task finishes + 1 join (both flows, one instant) + 1 completion instant = 6
  // (a flow's latency phase costs no event of its own).
  const TaskGraph g = make_graph({1e9, 1.25e9, 5e8, 5e8}, {{0, 2, 1 * kMB}, {1, 3, 1 * kMB}});
  const Schedule sched = Schedule::from_sequences(4, {{0, 3}, {1}, {2}, {}});
  TraceRecorder rec(4, 4);
  const auto r = run_policy(g, "static", Platform::homogeneous(4, 1e9),
                            NetworkModel::flow(two_nodes(0.25, 0.25)), &sched, &rec);
  EXPECT_DOUBLE_EQ(rec.start(2), 1.51);
  EXPECT_DOUBLE_EQ(rec.start(3), 1.51);
  EXPECT_DOUBLE_EQ(r.makespan, 2.01);
  EXPECT_EQ(r.events, 6u);
}

TEST(FlowSimulation, AShorterLatencySentLaterJoinsFirst) {
  // t0 (core 0, 1 s) sends 1 MB to t2 (core 2, route latency 2 x 5 us) first, then 1 MB to t1
  // (core 1, intra-node latency 1 us): the second flow's latency ends first, at 1 + 1e-6, and
  // t1 starts at 1 + 1e-6 + 0.01; t2 at 1 + 1e-5 + 0.01 (each flow alone on its links).
  // Events: 3 finishes + 2 joins + 2 completions = 7.
  const TaskGraph g = make_graph({1e9, 5e8, 5e8}, {{0, 2, 1 * kMB}, {0, 1, 1 * kMB}});
  const Schedule sched = Schedule::from_sequences(3, {{0}, {1}, {2}, {}});
  TraceRecorder rec(3, 4);
  const auto r = run_policy(g, "static", Platform::homogeneous(4, 1e9),
                            NetworkModel::flow(two_nodes(1e-6, 5e-6)), &sched, &rec);
  EXPECT_NEAR(rec.start(1), 1 + 1e-6 + 0.01, 1e-12);
  EXPECT_NEAR(rec.start(2), 1 + 1e-5 + 0.01, 1e-12);
  EXPECT_EQ(r.events, 7u);
}

TEST(FlowSimulation, DynamicPoliciesRunOnTheFlowNetwork) {
  // fifo maps a ready task to the lowest idle core. t0 -> core 0; at 1 s core 0 is free again
  // and t1, t2, t3 become ready in edge order: t1 -> core 0 (no transfer), t2 -> core 1 (2 MB),
  // t3 -> core 2 (3 MB). Those two share up(0) at 5e7 after 10 us: 2 MB done at +0.04, then
  // the last 1 MB alone at 1e8: +0.05. t3 ends at 1 + 1e-5 + 0.05 + 0.5.
  const TaskGraph g = fan_out();
  const auto r = run_policy(g, "fifo", Platform::homogeneous(4, 1e9), crossbar(4, 5e-6, 1e8));
  EXPECT_DOUBLE_EQ(r.bytes_moved, 5 * kMB);
  EXPECT_NEAR(r.makespan, 1 + 1e-5 + 0.05 + 0.5, 1e-12);
}

TEST(FlowSimulation, NodesTimesCoresPerNodeMustBeTheCoreCount) {
  const TaskGraph g = fan_out();
  const NetworkModel net = crossbar(2, 0, 1e8);  // 2 nodes x 1 core
  const Platform p = Platform::homogeneous(4, 1e9);
  EXPECT_THROW(Problem(g, p, net), InputError);
}

}  // namespace
}  // namespace pelsim::models
