// pelsim against SimGrid on platform files of hosts, routers, links and routes (Full, Floyd
// and Dijkstra zones), clusters and trees of zones: the
// schedules in tests/data/sgref_platforms run through `simulate()` (what `pelsim simulate
// --platform FILE --schedule S` does) must give the task times SimGrid 3.32 gave for them
// (sgref with sgref-platform.patch, CM02 without TCP window or cross-traffic; see the README
// there), to SimGrid's precision of 1e-9 relative.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "pelsim/experiment/run_point.hpp"
#include "pelsim/experiment/scenario.hpp"
#include "pelsim/experiment/simulate.hpp"
#include "pelsim/models/error.hpp"
#include "test_files.hpp"

namespace pelsim::experiment {
namespace {

namespace fs = std::filesystem;
const std::string kData = std::string(PELSIM_TEST_DATA) + "/sgref_platforms/";

using Times = testing::TraceTimes;
using testing::read_trace;

// A request for g.dot run with `schedule` on `platform`, all in `dir`.
SimulateRequest request_in(const fs::path& dir, const std::string& schedule = "s.csv",
                           const std::string& platform = "p.xml") {
  SimulateRequest req;
  req.graph_path = (dir / "g.dot").string();
  req.schedule_path = (dir / schedule).string();
  req.platform_path = (dir / platform).string();
  return req;
}

double json_makespan(const std::string& json) {
  const auto at = json.find("\"makespan\":");
  return std::stod(json.substr(at + 11));
}

void expect_close(double got, double want, const std::string& what) {
  EXPECT_NEAR(got, want, 1e-9 * std::max(1.0, std::fabs(want))) << what;
}

// A case: SimGrid's results NAME.json and NAME.trace.csv for DAG.dot with DAG.schedule.csv on
// PLATFORM.
struct Case {
  const char* name;
  const char* dag;
  const char* platform;
};

class SimgridZoneRun : public ::testing::TestWithParam<Case> {};

TEST_P(SimgridZoneRun, TaskTimesAreSimgrids) {
  const std::string stem = GetParam().name;
  const fs::path dir = testing::fresh_dir("simgrid_zone_" + stem);
  SimulateRequest req;
  req.graph_path = kData + GetParam().dag + ".dot";
  req.schedule_path = kData + GetParam().dag + ".schedule.csv";
  req.platform_path = kData + GetParam().platform;
  req.trace_path = (dir / "trace.csv").string();
  const SimulateReport r = simulate(req);
  const std::map<std::string, Times> want = read_trace(testing::slurp(kData + stem + ".trace.csv"));
  const std::map<std::string, Times> got = read_trace(testing::slurp(req.trace_path));
  expect_close(r.makespan, json_makespan(testing::slurp(kData + stem + ".json")), "makespan");
  ASSERT_EQ(got.size(), want.size());
  for (const auto& [task, w] : want) {
    const Times& g = got.at(task);
    EXPECT_EQ(g.core, w.core) << task;
    expect_close(g.start, w.start, task + " start");
    expect_close(g.finish, w.finish, task + " finish");
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, SimgridZoneRun,
    ::testing::Values(
        Case{"two_hosts_chain", "two_hosts_chain", "two_hosts.xml"},
        Case{"small_fan_out_in", "small_fan_out_in", "small_platform.xml"},
        Case{"small_fan_in_link145", "small_fan_in_link145", "small_platform.xml"},
        Case{"multicore_fan_out", "multicore_fan_out", "three_multicore_hosts.xml"},
        Case{"split_fatpipe_mix", "split_fatpipe_mix", "split_fatpipe.xml"},
        Case{"shared_loopback_fan", "shared_loopback_fan", "shared_loopback.xml"},
        Case{"simulacrum_layered40", "simulacrum_layered40", "simulacrum_7_hosts.xml"},
        // A Full zone without some routes (SimGrid's dogbone.xml): two transfers on routes of
        // 3 links, sharing link 2 (by hand below).
        Case{"dogbone_pair", "dogbone_pair", "dogbone.xml"},
        // Every route between two hosts crosses the backbone twice (Floyd).
        Case{"star_tour", "star_tour", "star_backbone.xml"},
        // Version 4.0 (<AS>), routers in a Full zone.
        Case{"routers_layered30", "routers_layered30", "small_platform_with_routers.xml"},
        // Routes computed from routes between hosts and routers (ties included).
        Case{"ring_tour_floyd", "ring_tour", "ring_floyd.xml"},
        Case{"ring_tour_dijkstra", "ring_tour", "ring_dijkstra.xml"},
        Case{"ring_tour_one_way_floyd", "ring_tour", "one_way_ring_floyd.xml"},
        Case{"ring_tour_one_way_dijkstra", "ring_tour", "one_way_ring_dijkstra.xml"},
        // TORUS clusters of even sizes: SimGrid's tie rule (k/2 -> 0 decreasing).
        Case{"ring8_pair", "ring8_pair", "torus_ring8.xml"},
        Case{"torus_fan", "torus_fan", "torus_4x4.xml"},
        // Clusters of 2-core hosts without loopback: same-host transfers go out
        // on the host's links and back, sharing them with the others.
        Case{"multicore_fan_flat", "multicore_fan", "multicore_flat.xml"},
        Case{"multicore_fan_fat_tree", "multicore_fan", "multicore_fat_tree.xml"},
        Case{"multicore_fan_dragonfly", "multicore_fan", "multicore_dragonfly.xml"},
        // Hosts' speed profiles: a file repeating with LOOPAFTER (the deprecated
        // availability_file), one with PERIODICITY, a <trace> without repeat.
        Case{"speed_profiles", "speed_profiles", "speed_profiles.xml"},
        // Hierarchical platforms: clusters joined by <zoneRoute> (version 4.0's <ASroute>),
        // SHARED cluster links, and random trees of Full/Floyd/Dijkstra zones of clusters,
        // zones of hosts and zones of routers (gateways anywhere, one-way zone routes).
        Case{"two_clusters_layered50", "two_clusters_layered50", "two_clusters.xml"},
        Case{"cluster_multi_layered50", "cluster_multi_layered50", "cluster_multi.xml"},
        Case{"zone_tree_1_layered50", "zone_tree_1_layered50", "zone_tree_1.xml"},
        Case{"zone_tree_9_layered50", "zone_tree_9_layered50", "zone_tree_9.xml"},
        // FATPIPE links crossed by routes of different latencies: SimGrid's FATPIPE
        // constraint fills when its fastest flow reaches the bandwidth, and the flows of longer
        // routes stop there below it (pelsim before: each flow up to the bandwidth).
        Case{"zone_tree_fatpipe_4_layered50", "zone_tree_fatpipe_4_layered50",
             "zone_tree_fatpipe_4.xml"},
        // Zones of routing="Cluster": cabinets, host_links (split halves, one link both
        // ways) and backbones, joined by a zone route between their routers.
        Case{"meta_cluster_layered50", "meta_cluster_layered50", "meta_cluster.xml"},
        Case{"routing_cluster_layered50", "routing_cluster_layered50", "routing_cluster.xml"},
        // A zone of routing="None" whose one host is its gateway.
        Case{"cluster_and_one_host_layered50", "cluster_and_one_host_layered50",
             "cluster_and_one_host.xml"},
        // Bypass routes: between two hosts of a Floyd zone, and between two clusters.
        Case{"bypass_route_layered50", "bypass_route_layered50", "bypassRoute.xml"},
        Case{"bypass_zone_route_layered50", "bypass_zone_route_layered50", "bypassZoneRoute.xml"},
        // A Vivaldi zone of 16 hosts: latencies from their coordinates, no bandwidth limit.
        Case{"vivaldi_layered50", "vivaldi_layered50", "vivaldi.xml"},
        // Vivaldi peers: their own up and down links, shared, besides the latency.
        Case{"vivaldi_peers_layered50", "vivaldi_peers_layered50", "vivaldi_peers.xml"}),
    [](const auto& param_info) { return std::string(param_info.param.name); });

TEST(SimgridZoneRun, RingOfEightByHand) {
  // torus_ring8.xml: 8 hosts in a ring of 125MBps, 50us links. 1e8 bytes from 4 to 0 and from
  // 6 to 0 at once. 4 -> 0 is a tie (4 links either way) that SimGrid sends the decreasing way
  // (4 3 2 1 0), sharing no link with 6 -> 7 -> 0: each takes 4 x 50us + 1e8 / 1.25e8 s =
  // 0.8002 s. (Sent the increasing way, 4 -> 0 shared 6 -> 7 -> 0: 1.6001 s.)
  SimulateRequest req;
  req.graph_path = kData + "ring8_pair.dot";
  req.schedule_path = kData + "ring8_pair.schedule.csv";
  req.platform_path = kData + "torus_ring8.xml";
  EXPECT_DOUBLE_EQ(simulate(req).makespan, 0.8002);
}

// dogbone.xml: S1 and S2 reach C1 and C2 over link 2 (100MBps, 10ms, like every link), but
// S1 and S2 have no route to each other, nor C1 and C2. S1 -> C1 and S2 -> C2, 1e7 bytes each
// at once: 3 links of 10 ms, and link 2 shared, 5e7 B/s each: 0.03 + 0.2 = 0.23 s. A transfer
// S1 -> S2 stops the run, as it stops SimGrid's ("no connecting path"), and leaves no file.
TEST(SimgridZoneRun, APairWithoutARouteFailsOnlyWhenATransferNeedsIt) {
  SimulateRequest req;
  req.graph_path = kData + "dogbone_pair.dot";
  req.schedule_path = kData + "dogbone_pair.schedule.csv";
  req.platform_path = kData + "dogbone.xml";
  EXPECT_DOUBLE_EQ(simulate(req).makespan, 0.23);
  const fs::path dir = testing::fresh_dir("simgrid_zone_no_route");
  std::ofstream(dir / "s.csv") << "task,core,order\na1,0,0\nb1,2,0\na2,2,1\nb2,3,0\n";
  req.schedule_path = (dir / "s.csv").string();
  req.trace_path = (dir / "trace.csv").string();
  try {
    simulate(req);
    FAIL() << "no throw";
  } catch (const models::InputError& e) {
    EXPECT_EQ(e.file(), req.platform_path);
    EXPECT_EQ(e.reason(),
              "no route from host 'S1' to host 'S2', which a transfer of the run needs (SimGrid "
              "fails on it too): give the route, or keep the tasks that exchange data off that "
              "pair");
  }
  EXPECT_FALSE(fs::exists(req.trace_path));
}

// A zone of routing="None" holding one host, its own gateway (SimGrid's
// cluster_and_one_host.xml): c-0 -> h goes up c's link (125MBps, 50us) to c's router, then the
// zone route's link w (100kBps, 10ms): 1e5 bytes after a (1 Gflop, 1 s) arrive at
// 1 + 0.01005 + 1e5 / 1e5 = 2.01005 s, and b (1 Gflop) ends at 3.01005 s. Between h's two
// cores there is no route at all (SimGrid: "There can't be route in an Empty zone"): the run
// stops.
TEST(SimgridZoneRun, AHostOfANoneZoneHasNoRouteToItself) {
  const fs::path dir = testing::fresh_dir("simgrid_zone_none");
  std::ofstream(dir / "p.xml")
      << "<?xml version='1.0'?>\n<platform version=\"4.1\">\n<zone id=\"AS0\" routing=\"Full\">\n"
         "<cluster id=\"c\" prefix=\"c-\" suffix=\"\" radical=\"0-1\" speed=\"1Gf\" bw=\"125MBps\" "
         "lat=\"50us\" router_id=\"r\"/>\n"
         "<zone id=\"solo\" routing=\"None\"><host id=\"h\" speed=\"1Gf\" core=\"2\"/></zone>\n"
         "<link id=\"w\" bandwidth=\"100kBps\" latency=\"10ms\"/>\n"
         "<zoneRoute src=\"c\" dst=\"solo\" gw_src=\"r\" gw_dst=\"h\"><link_ctn id=\"w\"/>"
         "</zoneRoute>\n</zone>\n</platform>\n";
  std::ofstream(dir / "g.dot") << "digraph { a [size=1e9]; b [size=1e9]; a -> b [size=1e5]; }\n";
  std::ofstream(dir / "s.csv") << "task,core,order\na,0,0\nb,2,0\n";
  SimulateRequest req = request_in(dir);
  EXPECT_NEAR(simulate(req).makespan, 3.01005, 1e-12);
  std::ofstream(dir / "s2.csv") << "task,core,order\na,2,0\nb,3,0\n";
  req.schedule_path = (dir / "s2.csv").string();
  try {
    simulate(req);
    FAIL() << "no throw";
  } catch (const models::InputError& e) {
    EXPECT_EQ(e.reason(),
              "no route from host 'h' to host 'h', which a transfer of the run needs (SimGrid "
              "fails on it too): give the route, or keep the tasks that exchange data off that "
              "pair");
  }
}

// A TORUS cluster of 4 among zones, left from its host t2 (SimGrid 3.32 gives it no router):
// t0 -> h crosses the ring links 0->1 and 1->2 (100MBps, 10us) then w (50MBps, 1ms): 1e7 bytes
// after a (1e6 flop, 1 ms) arrive at 0.001 + 0.00102 + 1e7 / 5e7 = 0.20202 s, b (1e6 flop)
// ends at 0.20302 s (SimGrid 3.32 through sgref: the same).
TEST(SimgridZoneRun, ATorusClusterAmongZonesIsLeftFromAHost) {
  const fs::path dir = testing::fresh_dir("simgrid_zone_torus");
  std::ofstream(dir / "p.xml")
      << "<?xml version='1.0'?>\n<platform version=\"4.1\">\n<zone id=\"top\" routing=\"Full\">\n"
         "<cluster id=\"t\" prefix=\"t\" suffix=\"\" radical=\"0-3\" speed=\"1Gf\" bw=\"100MBps\" "
         "lat=\"10us\" topology=\"TORUS\" topo_parameters=\"4\"/>\n"
         "<zone id=\"solo\" routing=\"Full\"><host id=\"h\" speed=\"1Gf\"/></zone>\n"
         "<link id=\"w\" bandwidth=\"50MBps\" latency=\"1ms\"/>\n"
         "<zoneRoute src=\"t\" dst=\"solo\" gw_src=\"t2\" gw_dst=\"h\"><link_ctn id=\"w\"/>"
         "</zoneRoute>\n</zone>\n</platform>\n";
  std::ofstream(dir / "g.dot") << "digraph { a [size=1e6]; b [size=1e6]; a -> b [size=1e7]; }\n";
  std::ofstream(dir / "s.csv") << "task,core,order\na,0,0\nb,4,0\n";
  SimulateRequest req = request_in(dir);
  EXPECT_NEAR(simulate(req).makespan, 0.20302, 1e-12);
}

// Routes with an empty part, which SimGrid 3.32 accepts inside a longer route. (1) A bypass
// leaving the TORUS from its gateway t2: t2's route to itself is empty (no loopback), then
// v (20MBps, 3ms): 1e7 bytes after a (1 ms) arrive at 0.001 + 0.003 + 0.5 = 0.504 s, b ends at
// 0.505 s. (2) A Full zone with no route from h1 to its gateway g, then w (50MBps, 1ms): b ends
// at 0.001 + 0.001 + 0.2 + 0.001 = 0.203 s. (SimGrid 3.32 through sgref: the same, both.)
TEST(SimgridZoneRun, AnEmptyPartOfARouteIsNoLink) {
  const fs::path dir = testing::fresh_dir("simgrid_zone_empty_part");
  const std::string head =
      "<?xml version='1.0'?>\n<platform version=\"4.1\">\n<zone id=\"top\" routing=\"Full\">\n";
  std::ofstream(dir / "torus.xml")
      << head
      << "<cluster id=\"t\" prefix=\"t\" suffix=\"\" radical=\"0-3\" speed=\"1Gf\" "
         "bw=\"100MBps\" lat=\"10us\" topology=\"TORUS\" topo_parameters=\"4\"/>\n"
         "<zone id=\"solo\" routing=\"Full\"><host id=\"h\" speed=\"1Gf\"/></zone>\n"
         "<link id=\"w\" bandwidth=\"50MBps\" latency=\"1ms\"/>\n"
         "<link id=\"v\" bandwidth=\"20MBps\" latency=\"3ms\"/>\n"
         "<zoneRoute src=\"t\" dst=\"solo\" gw_src=\"t2\" gw_dst=\"h\"><link_ctn id=\"w\"/>"
         "</zoneRoute>\n"
         "<bypassZoneRoute src=\"t\" dst=\"solo\" gw_src=\"t2\" gw_dst=\"h\"><link_ctn "
         "id=\"v\"/></bypassZoneRoute>\n</zone>\n</platform>\n";
  std::ofstream(dir / "gap.xml")
      << head
      << "<zone id=\"a\" routing=\"Full\"><host id=\"h1\" speed=\"1Gf\"/><host id=\"g\" "
         "speed=\"1Gf\"/></zone>\n"
         "<zone id=\"b\" routing=\"Full\"><host id=\"k\" speed=\"1Gf\"/></zone>\n"
         "<link id=\"w\" bandwidth=\"50MBps\" latency=\"1ms\"/>\n"
         "<zoneRoute src=\"a\" dst=\"b\" gw_src=\"g\" gw_dst=\"k\"><link_ctn id=\"w\"/>"
         "</zoneRoute>\n</zone>\n</platform>\n";
  std::ofstream(dir / "g.dot") << "digraph { a [size=1e6]; b [size=1e6]; a -> b [size=1e7]; }\n";
  std::ofstream(dir / "torus.csv") << "task,core,order\na,2,0\nb,4,0\n";
  std::ofstream(dir / "gap.csv") << "task,core,order\na,0,0\nb,2,0\n";
  SimulateRequest req = request_in(dir, "torus.csv", "torus.xml");
  EXPECT_NEAR(simulate(req).makespan, 0.505, 1e-12);
  req.schedule_path = (dir / "gap.csv").string();
  req.platform_path = (dir / "gap.xml").string();
  EXPECT_NEAR(simulate(req).makespan, 0.203, 1e-12);
}

// A zone of routing="cluster" (any case) populated at its end, as SimGrid 3.32 does: host_links
// before their hosts and links, and a <route> from h1 to itself, its loopback lb (10MBps,
// 5ms). a on h1's first core sends 1e7 bytes to b on its second (lb: 0.001 + 0.005 + 1 =
// 1.006, b ends at 1.007 s) and to c on h2 (u1 1ms + d2 2ms, 50MBps: 0.001 + 0.003 + 0.2 =
// 0.204, c ends at 0.205 s). SimGrid 3.32 through sgref: the same.
TEST(SimgridZoneRun, AClusterZoneIsPopulatedAtItsEnd) {
  const fs::path dir = testing::fresh_dir("simgrid_zone_cluster_late");
  std::ofstream(dir / "p.xml")
      << "<?xml version='1.0'?>\n<platform version=\"4.1\">\n<zone id=\"top\" "
         "routing=\"cluster\">\n"
         "<router id=\"r\"/>\n<host_link id=\"h1\" up=\"u1\" down=\"d1\"/>\n"
         "<host id=\"h1\" speed=\"1Gf\" core=\"2\"/>\n<host id=\"h2\" speed=\"1Gf\"/>\n"
         "<host_link id=\"h2\" up=\"u2\" down=\"d2\"/>\n"
         "<link id=\"u1\" bandwidth=\"100MBps\" latency=\"1ms\"/>\n"
         "<link id=\"d1\" bandwidth=\"100MBps\" latency=\"1ms\"/>\n"
         "<link id=\"u2\" bandwidth=\"50MBps\" latency=\"2ms\"/>\n"
         "<link id=\"d2\" bandwidth=\"50MBps\" latency=\"2ms\"/>\n"
         "<link id=\"lb\" bandwidth=\"10MBps\" latency=\"5ms\"/>\n"
         "<route src=\"h1\" dst=\"h1\"><link_ctn id=\"lb\"/></route>\n</zone>\n</platform>\n";
  std::ofstream(dir / "g.dot") << "digraph { a [size=1e6]; b [size=1e6]; c [size=1e6]; "
                                  "a -> b [size=1e7]; a -> c [size=1e7]; }\n";
  std::ofstream(dir / "s.csv") << "task,core,order\na,0,0\nb,1,0\nc,2,0\n";
  SimulateRequest req = request_in(dir);
  req.trace_path = (dir / "t.csv").string();
  EXPECT_NEAR(simulate(req).makespan, 1.007, 1e-12);
  std::ifstream trace(dir / "t.csv");
  const std::string text((std::istreambuf_iterator<char>(trace)), {});
  EXPECT_NE(text.find("c,2,0.20400000000000001,0.20500000000000002"), std::string::npos) << text;
}

// A host's speed_file (SimGrid's CPU profile): host a computes at 1, 0.25 from 0.5 s, 2 from
// 1 s, again every 2 s. a (1e9 flop at 1Gf): 0.5 + 0.125 + 0.375 at 2 = 1.1875 s; c (1e9 flop)
// after it at 2: 1.6875 s; b on host b (3e9 flop, no profile) after 1e7 bytes over l (1 ms,
// 100MBps): 1.1875 + 0.101 = 1.2885 s, ends at 4.2885 s. SimGrid 3.32 through sgref: the same.
// The lower bound divides by the largest scale (2): the critical path a -> b, 4 s at peak, -> 2 s.
TEST(SimgridZoneRun, AHostsSpeedFileScalesItsSpeed) {
  const fs::path dir = testing::fresh_dir("simgrid_zone_speed_file");
  std::ofstream(dir / "p.xml")
      << "<?xml version='1.0'?>\n<platform version=\"4.1\">\n<zone id=\"top\" routing=\"Full\">\n"
         "<host id=\"a\" speed=\"1Gf\" speed_file=\"a.prof\"/>\n"
         "<host id=\"b\" speed=\"1Gf\" core=\"2\"/>\n"
         "<link id=\"l\" bandwidth=\"100MBps\" latency=\"1ms\"/>\n"
         "<route src=\"a\" dst=\"b\"><link_ctn id=\"l\"/></route>\n</zone>\n</platform>\n";
  std::ofstream(dir / "a.prof") << "0 1.0\n0.5 0.25\n1.0 2.0\nPERIODICITY 2.0\n";
  std::ofstream(dir / "g.dot") << "digraph { a [size=1e9]; b [size=3e9]; c [size=1e9]; "
                                  "a -> b [size=1e7]; a -> c [size=0]; }\n";
  std::ofstream(dir / "s.csv") << "task,core,order\na,0,0\nc,0,1\nb,1,0\n";
  SimulateRequest req = request_in(dir);
  req.trace_path = (dir / "t.csv").string();
  const SimulateReport r = simulate(req);
  EXPECT_NEAR(r.makespan, 4.2885, 1e-12);
  EXPECT_NEAR(r.lower_bound, 2.0, 1e-12);
  std::ifstream trace(dir / "t.csv");
  const std::string text((std::istreambuf_iterator<char>(trace)), {});
  EXPECT_NE(text.find("a,0,0,1.1875\n"), std::string::npos) << text;
  EXPECT_NE(text.find("c,0,1.1875,1.6875\n"), std::string::npos) << text;
  // A missing profile file: the platform's line.
  std::ofstream(dir / "q.xml")
      << "<?xml version='1.0'?>\n<platform version=\"4.1\">\n<zone id=\"top\" routing=\"Full\">\n"
         "<host id=\"a\" speed=\"1Gf\" availability_file=\"none.prof\"/>\n</zone>\n</platform>\n";
  req.platform_path = (dir / "q.xml").string();
  req.trace_path.clear();
  try {
    simulate(req);
    ADD_FAILURE() << "no error";
  } catch (const models::InputError& e) {
    const std::string what = e.what();  // (the file where it was looked for, beside q.xml)
    EXPECT_NE(what.find("q.xml:4: <host> speed_file 'none.prof' ("), std::string::npos) << what;
    EXPECT_NE(what.find("none.prof): cannot open file: No such file"), std::string::npos) << what;
  }
  // A scale so small that a task would take longer than a double holds (1e9 flop at 1e-320 x
  // 1Gf): refused as the run's times overflow, at the graph's line (it ran to inf before).
  std::ofstream(dir / "a.prof", std::ios::trunc) << "0 1e-320\n";
  req.platform_path = (dir / "p.xml").string();
  try {
    simulate(req);
    ADD_FAILURE() << "no error";
  } catch (const models::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("the run's times overflow"), std::string::npos)
        << e.what();
  }
}

// A Vivaldi zone (VivaldiZone::get_local_route): no link between hosts, only a latency of
// their distance in the plane plus both heights, in ms, and no bandwidth limit. a at (0, 0,
// height 1), b at (3, 4, height 2): 5 + 1 + 2 = 8 ms, so 1e9 bytes after a (1e6 flop, 1 ms)
// arrive at 0.009 s and b ends at 0.010 s; between a's two cores, twice its height: 2 ms
// (SimGrid 3.32 through sgref: the same, both).
TEST(SimgridZoneRun, AVivaldiZoneHasLatenciesFromCoordinates) {
  const fs::path dir = testing::fresh_dir("simgrid_zone_vivaldi");
  std::ofstream(dir / "p.xml")
      << "<?xml version='1.0'?>\n<platform version=\"4.1\">\n<zone id=\"v\" routing=\"Vivaldi\">\n"
         "<host id=\"a\" coordinates=\"0 0 1\" speed=\"1Gf\" core=\"2\"/>\n"
         "<host id=\"b\" coordinates=\"3 4 2\" speed=\"1Gf\"/>\n</zone>\n</platform>\n";
  std::ofstream(dir / "g.dot") << "digraph { a [size=1e6]; b [size=1e6]; a -> b [size=1e9]; }\n";
  std::ofstream(dir / "s.csv") << "task,core,order\na,0,0\nb,2,0\n";
  SimulateRequest req = request_in(dir);
  EXPECT_NEAR(simulate(req).makespan, 0.010, 1e-15);
  std::ofstream(dir / "s2.csv") << "task,core,order\na,0,0\nb,1,0\n";
  req.schedule_path = (dir / "s2.csv").string();
  EXPECT_NEAR(simulate(req).makespan, 0.004, 1e-15);
}

// star_backbone.xml: h0 -> h1 crosses hl0 (50MBps, 20us), bb (40MBps, 300us) twice, hl1
// (75MBps, 21us). SimGrid counts bb twice: 641us of latency, and the flow uses bb at twice its
// rate, so it gets 20MB/s. The tour's first transfer, 1001000 bytes, alone on the network
// after c0 (1e6 flop, 1 ms): c1 starts at 0.001 + 0.000641 + 1001000 / 2e7 = 0.051691 s.
TEST(SimgridZoneRun, ALinkCrossedTwiceCountsTwice) {
  const fs::path dir = testing::fresh_dir("simgrid_zone_twice");
  SimulateRequest req;
  req.graph_path = kData + "star_tour.dot";
  req.schedule_path = kData + "star_tour.schedule.csv";
  req.platform_path = kData + "star_backbone.xml";
  req.trace_path = (dir / "trace.csv").string();
  simulate(req);
  const std::map<std::string, Times> got = read_trace(testing::slurp(req.trace_path));
  expect_close(got.at("c1").start, 0.001 + 0.000641 + 1001000 / 2e7, "c1 start");
}

TEST(SimgridZoneRun, TwoHostsByHand) {
  // two_hosts.xml: 25Mf hosts, one link of 125MBps and 100us. a (25e6 flop) takes 1 s, the
  // transfer 1e-4 + 1.25e6 / 1.25e8 = 0.0101 s, b (50e6 flop) 2 s: 3.0101 s.
  SimulateRequest req;
  req.graph_path = kData + "two_hosts_chain.dot";
  req.schedule_path = kData + "two_hosts_chain.schedule.csv";
  req.platform_path = kData + "two_hosts.xml";
  EXPECT_DOUBLE_EQ(simulate(req).makespan, 3.0101);
}

// Hosts of 4, 2 and 2 cores: 8 cores would make two nodes of 4 for the fault model, so only
// the check of the node sizes refuses node failures.
const char* kHosts422 =
    "<platform version=\"4.1\"><zone id=\"z\" routing=\"Full\">\n"
    "<host id=\"a\" speed=\"1Gf\" core=\"4\"/><host id=\"b\" speed=\"2Gf\" core=\"2\"/>\n"
    "<host id=\"c\" speed=\"1Gf\" core=\"2\"/><link id=\"l\" bandwidth=\"1GBps\" "
    "latency=\"1us\"/>\n"
    "<route src=\"a\" dst=\"b\"><link_ctn id=\"l\"/></route><route src=\"a\" dst=\"c\">"
    "<link_ctn id=\"l\"/></route><route src=\"b\" dst=\"c\"><link_ctn id=\"l\"/></route>\n"
    "</zone></platform>\n";

TEST(SimgridZoneRun, NodeFailuresNeedNodesOfOneSize) {
  const fs::path dir = testing::fresh_dir("simgrid_zone_faults");
  std::ofstream(dir / "p.xml") << kHosts422;
  SimulateRequest req;
  req.graph_path = kData + "multicore_fan_out.dot";
  req.platform_path = (dir / "p.xml").string();
  req.faults.mtbf = 100;
  req.faults_per_node = true;
  try {
    simulate(req);
    FAIL() << "no throw";
  } catch (const models::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("nodes of equal size"), std::string::npos) << e.what();
  }
  req.faults_per_node = false;  // per core: fine
  EXPECT_GT(simulate(req).makespan, 0);
}

// Host a's route to itself (between its two cores) over a link of 1.7e308 s: the run's times
// would overflow, which is refused like any other overflow (not a failed run), although the
// planners' estimate (routes between different hosts) is finite.
TEST(SimgridZoneRun, AnExtremeLoopbackIsRefused) {
  const fs::path dir = testing::fresh_dir("simgrid_zone_extreme");
  std::ofstream(dir / "p.xml")
      << "<platform version=\"4.1\"><zone id=\"z\" routing=\"Full\">\n"
         "<host id=\"a\" speed=\"1Gf\" core=\"2\"/><host id=\"b\" speed=\"1Gf\"/>\n"
         "<link id=\"ok\" bandwidth=\"1GBps\" latency=\"1us\"/>"
         "<link id=\"huge\" bandwidth=\"1e-303Bps\" latency=\"1.7e308s\"/>\n"
         "<route src=\"a\" dst=\"b\"><link_ctn id=\"ok\"/></route>\n"
         "<route src=\"a\" dst=\"a\"><link_ctn id=\"huge\"/></route>\n"
         "</zone></platform>\n";
  std::ofstream(dir / "g.dot") << "digraph { a [size=1e9]; b [size=1e9]; a -> b [size=1e6]; }\n";
  std::ofstream(dir / "s.csv") << "task,core,order\na,0,0\nb,1,0\n";
  SimulateRequest req = request_in(dir);
  try {
    simulate(req);
    FAIL() << "no throw";
  } catch (const models::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("the run's times overflow"), std::string::npos)
        << e.what();
  }
}

// A scenario reads the same file: one speed per core (a: 4 x 1e9, b: 2 x 2e9, c: 2 x 1e9),
// the nodes' sizes and routes; node failures are refused at their key.
TEST(SimgridZoneRun, AScenarioTakesTheHostsSpeedsAndSizes) {
  const fs::path dir = testing::fresh_dir("simgrid_zone_scenario");
  std::ofstream(dir / "p.xml") << kHosts422;
  const std::string head =
      "workload: {generator: independent, params: {n: 8}}\n"
      "platform:\n  simgrid_platform: p.xml\n";
  const Scenario s = parse_scenario((dir / "s.yaml").string(), head + "policy: fifo\n");
  ASSERT_FALSE(s.points.empty());
  const RunConfig& c = s.points.front().config;
  EXPECT_EQ(c.cores, 8u);
  EXPECT_EQ(c.speeds, (std::vector<double>{1e9, 1e9, 1e9, 1e9, 2e9, 2e9, 1e9, 1e9}));
  EXPECT_EQ(c.flow.node_cores, (std::vector<std::uint32_t>{4, 2, 2}));
  ASSERT_NE(c.flow.routes, nullptr);
  try {
    parse_scenario((dir / "s.yaml").string(),
                   head + "  faults: {mtbf: 100s, unit: node}\npolicy: fifo\n");
    FAIL() << "no throw";
  } catch (const models::InputError& e) {
    EXPECT_EQ(e.line(), 4u);
    EXPECT_NE(std::string(e.what()).find("nodes of equal size"), std::string::npos) << e.what();
  }
}

// A scenario on a platform with a speed_file runs its one-core reference too (it failed:
// the reference kept one profile entry per host). Host a follows the profile of
// AHostsSpeedFileScalesItsSpeed, host b none; tasks a and b of 1e9 flop at 1Gf. On both
// hosts: whichever host runs a, one task ends at 1.1875 s (see above), the other at 1 s ->
// 1.1875 s. The reference, host a alone: a ends at 1.1875 s, b then runs at 2 until the
// period ends at 2 s, its 1e9 flop in 0.5 s -> 1.6875 s.
TEST(SimgridZoneRun, AScenarioWithSpeedFilesRunsItsOneCoreReference) {
  const fs::path dir = testing::fresh_dir("simgrid_zone_scenario_speed_file");
  std::ofstream(dir / "p.xml")
      << "<?xml version='1.0'?>\n<platform version=\"4.1\">\n<zone id=\"top\" routing=\"Full\">\n"
         "<host id=\"a\" speed=\"1Gf\" speed_file=\"a.prof\"/>\n"
         "<host id=\"b\" speed=\"1Gf\"/>\n"
         "<link id=\"l\" bandwidth=\"100MBps\" latency=\"1ms\"/>\n"
         "<route src=\"a\" dst=\"b\"><link_ctn id=\"l\"/></route>\n</zone>\n</platform>\n";
  std::ofstream(dir / "a.prof") << "0 1.0\n0.5 0.25\n1.0 2.0\nPERIODICITY 2.0\n";
  std::ofstream(dir / "g.dot") << "digraph { a [size=1e9]; b [size=1e9]; }\n";
  const Scenario s = parse_scenario((dir / "s.yaml").string(),
                                    "workload: {file: g.dot}\n"
                                    "platform: {simgrid_platform: p.xml}\npolicy: fifo\n");
  std::size_t references = 0;
  for (const RunPoint& point : s.points) {
    const double makespan = run_point(point.config).makespan;
    if (point.reference) {
      ++references;
      EXPECT_EQ(point.config.cores, 1u);
      EXPECT_NEAR(makespan, 1.6875, 1e-12);
    } else {
      EXPECT_NEAR(makespan, 1.1875, 1e-12);
    }
  }
  EXPECT_EQ(references, 1u);
}

}  // namespace
}  // namespace pelsim::experiment
