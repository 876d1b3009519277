// Tests of the SimGrid platform reader's zones of hosts (<host>, <router>, <link>, <route>;
// Full, Floyd and Dijkstra routing: models/src/simgrid_zone_tree.cpp, simgrid_zone_paths.cpp)
// and of the routed topology they build.
//
// Expected values are read off the XML of each test with SimGrid's rules as listed in
// simgrid_zone_tree.cpp (symmetrical routes reversed, SPLITDUPLEX directions swapped on the way
// back, the implicit loopback of 10GBps) and SimGrid's unit table ("Mf" = 1e6 flop/s, "MBps" =
// 1e6 B/s, "us" = 1e-6 s). Error lines count from line 1 = the first line of the XML text.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pelsim/models/error.hpp"
#include "pelsim/models/network.hpp"
#include "pelsim/models/network_topology.hpp"
#include "pelsim/models/simgrid_platform.hpp"
#include "pelsim/models/units.hpp"
#include "simgrid_test_support.hpp"

namespace pelsim::models {
namespace {

const std::string kData = std::string(PELSIM_TEST_DATA) + "/sgref_platforms/";

// `body` inside <zone id="z" routing="Full"> (the zone opens on line 3, body starts on line 4).
std::string zone(const std::string& body, const std::string& routing = "Full") {
  return "<?xml version='1.0'?>\n<platform version=\"4.1\">\n<zone id=\"z\" routing=\"" + routing +
         "\">\n" + body + "</zone>\n</platform>\n";
}

using testing::error_of;

using testing::route_names;

TEST(SimgridRoutedZone, SmallPlatformHostsLinksAndRoutes) {
  const ImportedPlatform p = read_simgrid_platform(kData + "small_platform.xml");
  EXPECT_EQ(p.cluster_id, "zone0");
  ASSERT_EQ(p.nodes, 7u);
  ASSERT_EQ(p.hosts.size(), 7u);
  EXPECT_EQ(p.host_name(0), "Tremblay");
  EXPECT_EQ(p.host_name(6), "Boivin");
  EXPECT_EQ(p.hosts[0].speed, parse_simgrid_quantity("98.095Mf", Quantity::kSpeed));
  EXPECT_DOUBLE_EQ(p.hosts[5].speed, 137.333e6);
  EXPECT_EQ(p.hosts[3].cores, 1u);
  EXPECT_FALSE(p.uniform());
  const NetworkTopology t = build_topology(p.topology);
  EXPECT_EQ(t.kind(), TopologyKind::kRouted);
  // 24 <link>s (all SHARED but "loopback") and SimGrid's implicit loopback, for Jacquelin and
  // Boivin, which have no route to themselves.
  ASSERT_EQ(t.links().size(), 25u);
  EXPECT_EQ(t.links()[24].name, "__loopback__");
  EXPECT_EQ(t.links()[24].bandwidth, 1e10);
  EXPECT_FALSE(t.links()[24].shared);
  // Given: Tremblay -> Fafard crosses 4 3 2 0 1 8; the way back is the reverse (symmetrical).
  EXPECT_EQ(route_names(t, 0, 2), "4 3 2 0 1 8");
  EXPECT_EQ(route_names(t, 2, 0), "8 1 0 2 3 4");
  // Given the other way: Jacquelin -> Tremblay; Tremblay -> Jacquelin is its reverse.
  EXPECT_EQ(route_names(t, 5, 0), "145 59 56 54 2 3");
  EXPECT_EQ(route_names(t, 0, 5), "3 2 54 56 59 145");
  EXPECT_EQ(route_names(t, 0, 0), "loopback");
  EXPECT_EQ(route_names(t, 5, 5), "__loopback__");
  EXPECT_TRUE(t.has_loopback_routes());
  // Link 9: 7.20975MBps, 1.461517ms.
  EXPECT_EQ(route_names(t, 0, 1), "9");
  EXPECT_DOUBLE_EQ(t.route_latency(0, 1), 1.461517e-3);
  // Jacquelin -> Fafard, the longest route: 145 59 56 54 17 16 10 6 9 79 78.
  EXPECT_EQ(t.max_route_links(), 11u);
  EXPECT_EQ(t.hops(5, 2), 11u);
  EXPECT_EQ(t.hops(5, 6), 10u);  // Jacquelin -> Boivin
}

TEST(SimgridRoutedZone, MulticoreHostsAndTheImplicitLoopback) {
  const ImportedPlatform p = read_simgrid_platform(kData + "three_multicore_hosts.xml");
  ASSERT_EQ(p.hosts.size(), 3u);
  EXPECT_EQ(p.hosts[0].cores, 4u);
  EXPECT_EQ(p.hosts[2].cores, 2u);
  EXPECT_DOUBLE_EQ(p.hosts[2].speed, 8.095e9);
  EXPECT_FALSE(p.uniform());  // 4, 4 and 2 cores
  const NetworkTopology t = build_topology(p.topology);
  EXPECT_EQ(route_names(t, 0, 2), "link1");
  EXPECT_EQ(route_names(t, 2, 1), "link1");
  EXPECT_EQ(route_names(t, 1, 1), "__loopback__");
}

TEST(SimgridRoutedZone, SplitDuplexLinksAndAsymmetricRoutes) {
  const ImportedPlatform p = parse_simgrid_platform(
      zone("<host id=\"a\" speed=\"1Gf,500Mf\" pstate=\"1\" core=\"2\"/>\n"
           "<host id=\"b\" speed=\"1Gf\" core=\"2\"><prop id=\"x\" value=\"y\"/></host>\n"
           "<host id=\"c\" speed=\"1Gf\" core=\"2\"/>\n"
           "<link id=\"sd\" bandwidth=\"1GBps\" latency=\"1us\" sharing_policy=\"SPLITDUPLEX\"/>\n"
           "<link id=\"fp\" bandwidth=\"2GBps\" latency=\"0\" sharing_policy=\"FATPIPE\"/>\n"
           "<link id=\"lo\" bandwidth=\"5GBps\" latency=\"0\"/>\n"
           "<route src=\"a\" dst=\"b\"><link_ctn id=\"sd\" direction=\"UP\"/>"
           "<link_ctn id=\"fp\"/></route>\n"
           "<route src=\"a\" dst=\"c\" symmetrical=\"NO\"><link_ctn id=\"fp\"/></route>\n"
           "<route src=\"c\" dst=\"a\" symmetrical=\"NO\"><link_ctn id=\"sd\" "
           "direction=\"DOWN\"/></route>\n"
           "<route src=\"b\" dst=\"c\"><link_ctn id=\"fp\"/></route>\n"
           "<route src=\"b\" dst=\"b\"><link_ctn id=\"lo\"/></route>\n"),
      "F");
  EXPECT_EQ(p.hosts[0].speed, 5e8);  // pstate 1 of "1Gf,500Mf"
  // pstate is a number, truncated as in SimGrid: "1.0" and "1.7" are pstate 1.
  for (const char* ps : {"1.0", "1.7"})
    EXPECT_EQ(
        parse_simgrid_platform(
            zone("<host id=\"a\" speed=\"1Gf,500Mf\" pstate=\"" + std::string(ps) + "\"/>\n"), "F")
            .hosts[0]
            .speed,
        5e8);
  EXPECT_FALSE(p.uniform());
  const NetworkTopology t = build_topology(p.topology);
  // sd_UP, sd_DOWN, fp, lo, then the implicit loopback for a and c.
  ASSERT_EQ(t.links().size(), 5u);
  EXPECT_EQ(t.links()[0].name, "sd_UP");
  EXPECT_EQ(t.links()[1].name, "sd_DOWN");
  EXPECT_FALSE(t.links()[2].shared);
  EXPECT_TRUE(t.links()[3].shared);
  EXPECT_EQ(route_names(t, 0, 1), "sd_UP fp");
  EXPECT_EQ(route_names(t, 1, 0), "fp sd_DOWN");  // reversed, UP becomes DOWN
  EXPECT_EQ(route_names(t, 0, 2), "fp");
  EXPECT_EQ(route_names(t, 2, 0), "sd_DOWN");  // as given (not symmetrical)
  EXPECT_EQ(route_names(t, 1, 1), "lo");
  EXPECT_EQ(route_names(t, 0, 0), "__loopback__");
}

// A half of a split-duplex link named as id_UP is that link in both directions of the route
// (SimGrid pushes a non-split link as it is, also on the way back).
TEST(SimgridRoutedZone, AHalfNamedDirectlyIsTheSameBothWays) {
  const ImportedPlatform p = parse_simgrid_platform(
      zone("<host id=\"a\" speed=\"1Gf\"/>\n<host id=\"b\" speed=\"1Gf\"/>\n"
           "<link id=\"sd\" bandwidth=\"1GBps\" latency=\"1us\" sharing_policy=\"SPLITDUPLEX\"/>\n"
           "<route src=\"a\" dst=\"b\"><link_ctn id=\"sd_DOWN\"/></route>\n"),
      "F");
  const NetworkTopology t = build_topology(p.topology);
  EXPECT_EQ(route_names(t, 0, 1), "sd_DOWN");
  EXPECT_EQ(route_names(t, 1, 0), "sd_DOWN");
}

TEST(SimgridRoutedZone, ErrorsNameTheLineAndTheHosts) {
  const std::string hosts =
      "<host id=\"a\" speed=\"1Gf\"/>\n<host id=\"b\" speed=\"1Gf\"/>\n"
      "<host id=\"c\" speed=\"1Gf\"/>\n<link id=\"l\" bandwidth=\"1GBps\" "
      "latency=\"0\"/>\n";  // lines 4-7
  const std::string ab = "<route src=\"a\" dst=\"b\"><link_ctn id=\"l\"/></route>\n";
  const std::string bc = "<route src=\"b\" dst=\"c\"><link_ctn id=\"l\"/></route>\n";
  const std::string ac = "<route src=\"a\" dst=\"c\"><link_ctn id=\"l\"/></route>\n";
  EXPECT_EQ(parse_simgrid_platform(zone(hosts + ab + bc + ac), "F").missing_routes, 0u);
  // A pair without a route is read (SimGrid fails only on a transfer that needs it): a -> c
  // and c -> a have none.
  const ImportedPlatform no_ac = parse_simgrid_platform(zone(hosts + ab + bc), "F");
  EXPECT_EQ(no_ac.missing_routes, 2u);
  EXPECT_TRUE(no_ac.topology.routes->missing(3, 0, 2));
  EXPECT_TRUE(no_ac.topology.routes->missing(3, 2, 0));
  EXPECT_FALSE(no_ac.topology.routes->missing(3, 1, 2));
  EXPECT_EQ(error_of(zone(hosts + ab + bc + ac +
                          "<route src=\"c\" dst=\"a\"><link_ctn id=\"l\"/></route>\n")),
            "F:11: the route from 'c' to 'a' is given twice (also at line 10; routes are "
            "symmetrical unless symmetrical=\"NO\")");
  EXPECT_EQ(error_of(zone(hosts + "<route src=\"a\" dst=\"x\"><link_ctn id=\"l\"/></route>\n")),
            "F:8: <route> dst 'x' is not a <host> or <router> declared before it (routes join the "
            "hosts and routers of this zone)");
  EXPECT_EQ(error_of(zone(hosts + "<route src=\"a\" dst=\"b\"><link_ctn id=\"m\"/></route>\n")),
            "F:8: <link_ctn> names link 'm', not a <link> declared before it");
  EXPECT_EQ(error_of(zone(hosts + "<route src=\"a\" dst=\"b\"></route>\n")),
            "F:8: the route from 'a' to 'b' crosses no link (SimGrid forbids empty routes)");
  // A route may cross a link twice; SimGrid counts it twice (simgrid_zone_run_test.cpp).
  const ImportedPlatform twice = parse_simgrid_platform(
      zone(hosts + "<route src=\"a\" dst=\"b\"><link_ctn id=\"l\"/><link_ctn id=\"l\"/></route>\n" +
           bc + ac),
      "F");
  EXPECT_EQ(route_names(build_topology(twice.topology), 0, 1), "l l");
  EXPECT_EQ(
      error_of(
          zone("<host id=\"a\" speed=\"1Gf\"/>\n<host id=\"b\" speed=\"1Gf\"/>\n"
               "<link id=\"s\" bandwidth=\"1GBps\" latency=\"0\" sharing_policy=\"SPLITDUPLEX\"/>\n"
               "<route src=\"a\" dst=\"b\"><link_ctn id=\"s\"/></route>\n")),
      "F:7: link 's' is SPLITDUPLEX: its <link_ctn> needs direction=\"UP\" or \"DOWN\"");
  EXPECT_EQ(error_of(zone("<host id=\"a\" speed=\"1Gf\"/>\n<host id=\"a\" speed=\"2Gf\"/>\n")),
            "F:5: host 'a' is declared twice (first at line 4; hosts, routers and zones share one "
            "set of names)");
  EXPECT_EQ(
      error_of(zone("<host id=\"a\" speed=\"1Gf\"/>\n<router id=\"a\"/>\n")),
      "F:5: router 'a' is declared twice (first at line 4; hosts, routers and zones share one "
      "set of names)");
  EXPECT_EQ(error_of(zone("<host id=\"a\" speed=\"1Gf\" pstate=\"2\"/>\n")),
            "F:4: <host> 'a': pstate '2' is not one of 0..0 (the speed list has 1)");
  EXPECT_EQ(error_of(zone("<host id=\"a\" speed=\"0f\"/>\n")),
            "F:4: <host> 'a': a speed must be > 0, not '0f'");
  EXPECT_EQ(error_of(zone("<host id=\"a\" speed=\"1Gf\" availability_file=\"x\"/>\n")),
            "F:4: <host> speed_file 'x': cannot open file: No such file or directory");
  EXPECT_EQ(error_of(zone("<host id=\"a\" speed=\"1Gf\" state_file=\"x\"/>\n")),
            "F:4: <host> attribute state_file is not supported (pelsim's hosts stay on; core "
            "failures are set in the scenario: docs/models/faults.md)");
  EXPECT_EQ(error_of(zone("<host id=\"a\" speed=\"1Gf\"><disk id=\"d\" read_bw=\"1\" "
                          "write_bw=\"1\"/></host>\n")),
            "F:4: <disk> in <host> is not supported (pelsim models no storage or other devices; "
            "see docs/models/simgrid-platforms.md)");
  EXPECT_EQ(error_of(zone("<host id=\"a\" speed=\"1Gf\" colour=\"red\"/>\n")),
            "F:4: unknown attribute 'colour' of <host> (known: id, speed, core, pstate, "
            "coordinates, availability_file, state_file, speed_file)");
  EXPECT_EQ(error_of(zone("<host id=\"a\" speed=\"1Gf\"/>\n", "RuleBased")),
            "F:3: <zone routing=\"RuleBased\"> is not supported for hosts or zones (supported: "
            "Full, Floyd, Dijkstra, DijkstraCache, Cluster, None, Vivaldi; see "
            "docs/models/simgrid-platforms.md)");
  EXPECT_EQ(error_of(zone(
                "<link id=\"l\" bandwidth=\"1GBps\" latency=\"0\" sharing_policy=\"WIFI\"/>\n")),
            "F:4: <link> 'l': sharing_policy=\"WIFI\" is not supported");
  EXPECT_EQ(error_of(zone("<link id=\"l\" bandwidth=\"1GBps\" latency=\"0\"/>\n")),
            "F:3: <zone> 'z' has no <host>, <cluster> or <zone>");
  EXPECT_EQ(error_of(zone("<router id=\"r\"/>\n")),
            "F:3: <zone> has <router>, <link> or <route> but no <host>");
  // SimGrid 3.32 refuses a link without latency ("cannot parse number").
  EXPECT_EQ(error_of(zone("<link id=\"l\" bandwidth=\"1GBps\"/>\n")),
            "F:4: <link> has no latency attribute");
  // Names given twice: a split-duplex link's halves, and SimGrid's own loopback.
  EXPECT_EQ(error_of(zone("<link id=\"s\" bandwidth=\"1GBps\" latency=\"0\" "
                          "sharing_policy=\"SPLITDUPLEX\"/>\n"
                          "<link id=\"s_UP\" bandwidth=\"1GBps\" latency=\"0\"/>\n")),
            "F:5: link 's_UP' is declared twice (first at line 4; a SPLITDUPLEX link x also "
            "makes x_UP and x_DOWN)");
  EXPECT_EQ(error_of(zone("<link id=\"__loopback__\" bandwidth=\"1GBps\" latency=\"0\"/>\n")),
            "F:4: link '__loopback__' is the name of SimGrid's own loopback: name yours otherwise");
  // A direction on a link that is not split-duplex names a link that does not exist.
  EXPECT_EQ(error_of(zone(hosts + "<route src=\"a\" dst=\"b\"><link_ctn id=\"l\" "
                                  "direction=\"UP\"/></route>\n")),
            "F:8: <link_ctn> direction=\"UP\" names a half of link 'l', which is not SPLITDUPLEX "
            "(SimGrid: link not found)");
  EXPECT_EQ(error_of(zone(hosts + "<route src=\"a\" dst=\"b\"><link_ctn id=\"l\"><link_ctn "
                                  "id=\"l\"/></link_ctn></route>\n")),
            "F:8: <link_ctn> in <link_ctn>, which is empty");
  EXPECT_EQ(error_of(zone("<host id=\"a\" speed=\"1Gf\" speed_file=\"x\" "
                          "availability_file=\"y\"/>\n")),
            "F:4: <host> has both speed_file and availability_file, its old name");
  EXPECT_EQ(error_of(zone("<host id=\"a\" speed=\"1Gf\"/>\n<cluster id=\"c\" prefix=\"n\" "
                          "suffix=\"\" radical=\"0-1\" speed=\"1Gf\" bw=\"1GBps\" lat=\"0\"/>\n")),
            "F:4: zone 'z' holds zones or clusters and also hosts, routers or routes: SimGrid "
            "cannot route between a zone's own hosts and those of its sub-zones; put them in a "
            "zone of their own, joined by <zoneRoute>");
}

// Hosts a, b and routers x, y (declared x first) joined a-x-b and a-y-b, one link each: two
// ways of 2 links from a to b. The routes are given a-y, y-b, a-x, x-b.
std::string two_ways(const std::string& routing) {
  std::string links;
  for (const char* l : {"lax", "lxb", "lay", "lyb"})
    links += "<link id=\"" + std::string(l) + "\" bandwidth=\"1GBps\" latency=\"1us\"/>\n";
  return zone(
      "<host id=\"a\" speed=\"1Gf\"/>\n<host id=\"b\" speed=\"1Gf\"/>\n"
      "<router id=\"x\"/>\n<router id=\"y\"/>\n" +
          links +
          "<route src=\"a\" dst=\"y\"><link_ctn id=\"lay\"/></route>\n"
          "<route src=\"y\" dst=\"b\"><link_ctn id=\"lyb\"/></route>\n"
          "<route src=\"a\" dst=\"x\"><link_ctn id=\"lax\"/></route>\n"
          "<route src=\"x\" dst=\"b\"><link_ctn id=\"lxb\"/></route>\n",
      routing);
}

// Ties between shortest ways, as SimGrid breaks them. Floyd (FloydZone::do_seal) tries the
// netpoints as intermediates in declaration order (a, b, x, y) and keeps the first way of
// least links: through x. Dijkstra (DijkstraZone) numbers the netpoints by first appearance
// in the routes (a, y, b, x) and settles those of equal cost in that order: y reaches b
// first, and x's way, no shorter, does not replace it. (The SimGrid runs of
// simgrid_zone_run_test.cpp check both rules on a ring of six routers.)
TEST(SimgridRoutedZone, FloydAndDijkstraBreakTiesAsSimgrid) {
  const ImportedPlatform floyd = parse_simgrid_platform(two_ways("Floyd"), "F");
  EXPECT_EQ(floyd.zone_routing, "Floyd");
  EXPECT_EQ(floyd.nodes, 2u);
  EXPECT_EQ(floyd.routers, 2u);
  const NetworkTopology tf = build_topology(floyd.topology);
  EXPECT_EQ(route_names(tf, 0, 1), "lax lxb");
  EXPECT_EQ(route_names(tf, 1, 0), "lxb lax");  // symmetrical routes, reversed
  EXPECT_EQ(route_names(tf, 0, 0), "__loopback__");
  const ImportedPlatform dijkstra = parse_simgrid_platform(two_ways("Dijkstra"), "F");
  EXPECT_EQ(dijkstra.zone_routing, "Dijkstra");
  const NetworkTopology td = build_topology(dijkstra.topology);
  EXPECT_EQ(route_names(td, 0, 1), "lay lyb");
  // From b: its neighbours y (vertex 1) and x (vertex 3) both cost 1; y is settled first and
  // reaches a.
  EXPECT_EQ(route_names(td, 1, 0), "lyb lay");
  EXPECT_EQ(build_topology(parse_simgrid_platform(two_ways("DijkstraCache"), "F").topology)
                .links()
                .size(),
            td.links().size());
  // In a Full zone the routes through routers are kept but not used: a and b have none.
  EXPECT_EQ(parse_simgrid_platform(two_ways("Full"), "F").missing_routes, 2u);
}

// A shortest way is the least links, not the least time: a-b directly over a slow link (1
// link) beats a-r-b over two fast ones.
TEST(SimgridRoutedZone, TheShortestWayCountsLinks) {
  const std::string xml = zone(
      "<host id=\"a\" speed=\"1Gf\"/>\n<host id=\"b\" speed=\"1Gf\"/>\n<router id=\"r\"/>\n"
      "<link id=\"slow\" bandwidth=\"1kBps\" latency=\"1s\"/>\n"
      "<link id=\"f1\" bandwidth=\"1GBps\" latency=\"0\"/>\n"
      "<link id=\"f2\" bandwidth=\"1GBps\" latency=\"0\"/>\n"
      "<route src=\"a\" dst=\"r\"><link_ctn id=\"f1\"/></route>\n"
      "<route src=\"r\" dst=\"b\"><link_ctn id=\"f2\"/></route>\n"
      "<route src=\"a\" dst=\"b\"><link_ctn id=\"slow\"/></route>\n",
      "Floyd");
  EXPECT_EQ(route_names(build_topology(parse_simgrid_platform(xml, "F").topology), 0, 1), "slow");
}

TEST(SimgridRoutedZone, FloydAndDijkstraErrors) {
  const std::string ab = "<host id=\"a\" speed=\"1Gf\"/>\n<host id=\"b\" speed=\"1Gf\"/>\n";
  const std::string links =
      "<link id=\"l1\" bandwidth=\"1GBps\" latency=\"0\"/>\n"
      "<link id=\"l2\" bandwidth=\"1GBps\" latency=\"0\"/>\n";  // lines 6-7 (with ab)
  // SimGrid: FloydZone asserts "already exists", DijkstraZone throws.
  for (const char* routing : {"Floyd", "Dijkstra"})
    EXPECT_EQ(error_of(zone(ab + links +
                                "<route src=\"a\" dst=\"b\"><link_ctn id=\"l1\"/></route>\n"
                                "<route src=\"a\" dst=\"a\"><link_ctn id=\"l2\"/></route>\n",
                            routing)),
              "F:9: the route from 'a' to 'a' is symmetrical: in a Floyd or Dijkstra zone its way "
              "back is the same route, given twice (SimGrid refuses it): write "
              "symmetrical=\"NO\"");
  // No chain joins a and b (Floyd): read, with no route between them (SimGrid fails only on
  // a transfer that needs one); a host in no route (Dijkstra: not in its graph) is refused,
  // as SimGrid crashes on its own transfers.
  EXPECT_EQ(parse_simgrid_platform(zone(ab + "<router id=\"r\"/>\n" + links +
                                            "<route src=\"a\" dst=\"r\"><link_ctn "
                                            "id=\"l1\"/></route>\n",
                                        "Floyd"),
                                   "F")
                .missing_routes,
            2u);
  // A host in no route of a Dijkstra zone has none, not even to itself (SimGrid fails when a
  // transfer needs one; in a zone of zones it may still be a gateway).
  EXPECT_EQ(parse_simgrid_platform(zone(ab + "<router id=\"r\"/>\n" + links +
                                            "<route src=\"b\" dst=\"r\"><link_ctn "
                                            "id=\"l1\"/></route>\n",
                                        "Dijkstra"),
                                   "F")
                .missing_routes,
            3u);
  // A chain crossing one link twice: a-r over l1 and l2, r-b over l2 (counted twice, as in
  // SimGrid).
  EXPECT_EQ(
      route_names(
          build_topology(parse_simgrid_platform(
                             zone(ab + "<router id=\"r\"/>\n" + links +
                                      "<route src=\"a\" dst=\"r\"><link_ctn id=\"l1\"/>"
                                      "<link_ctn id=\"l2\"/></route>\n"
                                      "<route src=\"r\" dst=\"b\"><link_ctn id=\"l2\"/></route>\n",
                                  "Floyd"),
                             "F")
                             .topology),
          0, 1),
      "l1 l2 l2");
  // Router r routes into b, which a reaches, but a cannot reach r: SimGrid 3.32's Dijkstra
  // adds r's link count (1) to its "infinite" cost (ULONG_MAX), which wraps to 0 < b's cost 1,
  // so b's predecessor becomes r, and r's own (its loopback: 1 + ULONG_MAX = 0) r: the walk
  // back from b never ends (seen with sgref: killed after 20 s). Floyd has no such overflow.
  const std::string one_way = ab + "<router id=\"r\"/>\n" + links +
                              "<route src=\"a\" dst=\"b\"><link_ctn id=\"l1\"/></route>\n"
                              "<route src=\"r\" dst=\"b\" symmetrical=\"NO\"><link_ctn "
                              "id=\"l2\"/></route>\n";
  EXPECT_EQ(error_of(zone(one_way, "Dijkstra")),
            "F:3: SimGrid 3.32's Dijkstra routing never ends on the route from 'a' to 'b': a "
            "point that routes one way into the zone cannot be reached from 'a', and its cost "
            "overflows; give the way back, or use routing=\"Floyd\"");
  // Over 3 links the wrapped cost is 2, not below b's 1: nothing changes, and SimGrid routes
  // a -> b over l1 (sgref: 0.103 s for 1e6 bytes, as pelsim).
  const std::string three = ab + "<router id=\"r\"/>\n" + links +
                            "<link id=\"l3\" bandwidth=\"1GBps\" latency=\"0\"/>\n"
                            "<route src=\"a\" dst=\"b\"><link_ctn id=\"l1\"/></route>\n"
                            "<route src=\"r\" dst=\"b\" symmetrical=\"NO\"><link_ctn id=\"l2\"/>"
                            "<link_ctn id=\"l3\"/><link_ctn id=\"l1\"/></route>\n";
  const NetworkTopology t3 =
      build_topology(parse_simgrid_platform(zone(three, "Dijkstra"), "F").topology);
  EXPECT_EQ(route_names(t3, 0, 1), "l1");
  EXPECT_EQ(route_names(t3, 1, 0), "l1");
  EXPECT_EQ(route_names(
                build_topology(parse_simgrid_platform(zone(one_way, "Floyd"), "F").topology), 0, 1),
            "l1");
}

// The route of every pair of hosts is kept: a file asking for more than 2^26 link ids in all
// is refused at its zone before it exhausts the memory. A ring of 650 hosts under Dijkstra:
// routes of 162.2 links on average (sum of min(d, 650 - d) over d = 1..649, / 649), over
// 650 x 649 pairs: 68.4 million > 67.1 million.
TEST(SimgridRoutedZone, ATableOfRoutesTooLargeIsRefused) {
  std::string body;
  const int n = 650;
  for (int i = 0; i < n; ++i) body += "<host id=\"h" + std::to_string(i) + "\" speed=\"1Gf\"/>";
  for (int i = 0; i < n; ++i)
    body += "<link id=\"l" + std::to_string(i) + "\" bandwidth=\"1GBps\" latency=\"0\"/>";
  for (int i = 0; i < n; ++i)
    body += "<route src=\"h" + std::to_string(i) + "\" dst=\"h" + std::to_string((i + 1) % n) +
            "\"><link_ctn id=\"l" + std::to_string(i) + "\"/></route>";
  EXPECT_EQ(error_of(zone(body + "\n", "Dijkstra")),
            "F:3: the routes between the 650 hosts cross more than 67108864 links in all (pelsim "
            "keeps the route of every pair of hosts): fewer hosts, or shorter routes");
}

// Floyd takes points^3 steps: a zone of more than 2048 hosts and routers is refused at its
// line (here 1 host and 2048 routers), with the way out.
TEST(SimgridRoutedZone, AFloydZoneOfMoreThan2048PointsIsRefused) {
  std::string body = "<host id=\"h\" speed=\"1Gf\"/>";
  for (int i = 0; i < 2048; ++i) body += "<router id=\"r" + std::to_string(i) + "\"/>";
  EXPECT_EQ(error_of(zone(body + "\n", "Floyd")),
            "F:3: a Floyd zone of 2049 hosts and routers: pelsim computes Floyd routes for at "
            "most 2048 (the time grows as their cube); routing=\"Dijkstra\" gives routes of the "
            "same number of links (ties may differ)");
  // 2048 points are computed (the routers join nothing: each row is skipped quickly).
  const std::string last = "<router id=\"r2047\"/>";
  const std::string fewer = body.substr(0, body.size() - last.size());
  EXPECT_EQ(parse_simgrid_platform(zone(fewer + "\n", "Floyd"), "F").routers, 2047u);
}

TEST(SimgridRoutedZone, OneHostNeedsNoRoute) {
  // SimGrid's multicore_machine.xml: one host of 6 cores, no link.
  const ImportedPlatform p =
      parse_simgrid_platform(zone("<host id=\"Tremblay\" speed=\"98.095Mf\" core=\"6\"/>\n"), "F");
  EXPECT_EQ(p.nodes, 1u);
  EXPECT_EQ(p.cores_per_node, 6u);
  EXPECT_TRUE(p.uniform());
  const NetworkTopology t = build_topology(p.topology);
  EXPECT_EQ(route_names(t, 0, 0), "__loopback__");
}

// Planners cost a transfer by the mean over the ordered pairs of each route's latency plus
// bytes over its narrowest link. Routes a-b (1 ms, 1 MB/s), a-c (2 ms, 2 MB/s), b-c (3 ms,
// 4 MB/s), each both ways: mean latency (1 + 2 + 3) / 3 = 2 ms; 1e6 bytes take 1, 0.5 and
// 0.25 s, mean 1.75 / 3 s: 0.002 + 0.58333... s.
TEST(RoutedTopology, PlannersMeanOverThePairs) {
  const ImportedPlatform p =
      parse_simgrid_platform(zone("<host id=\"a\" speed=\"1Gf\"/>\n<host id=\"b\" speed=\"1Gf\"/>\n"
                                  "<host id=\"c\" speed=\"1Gf\"/>\n"
                                  "<link id=\"ab\" bandwidth=\"1MBps\" latency=\"1ms\"/>\n"
                                  "<link id=\"ac\" bandwidth=\"2MBps\" latency=\"2ms\"/>\n"
                                  "<link id=\"bc\" bandwidth=\"4MBps\" latency=\"3ms\"/>\n"
                                  "<route src=\"a\" dst=\"b\"><link_ctn id=\"ab\"/></route>\n"
                                  "<route src=\"a\" dst=\"c\"><link_ctn id=\"ac\"/></route>\n"
                                  "<route src=\"b\" dst=\"c\"><link_ctn id=\"bc\"/></route>\n"),
                             "F");
  FlowNetworkConfig cfg;
  cfg.topology = build_topology(p.topology);
  const NetworkModel net = NetworkModel::flow(std::move(cfg));
  EXPECT_NEAR(net.transfer_time(1e6), 0.002 + 1.75 / 3, 1e-12);
}

TEST(RoutedTopology, NeedsItsTable) {
  TopologySpec spec;
  spec.kind = topology_by_name("routed");
  spec.nodes = 2;
  EXPECT_THROW(build_topology(spec), InputError);  // no table: only a platform file gives one
  auto table = std::make_shared<RouteTable>();
  table->links = {{"l", 0, 1e9, true}};
  table->start = {0, 0, 1, 1, 1};  // 1 -> 0 crosses nothing: there is no route that way
  table->route_links = {0};
  spec.routes = table;
  EXPECT_EQ(build_topology(spec).max_route_links(), 1u);
  EXPECT_FALSE(table->missing(2, 0, 1));
  EXPECT_TRUE(table->missing(2, 1, 0));
  EXPECT_TRUE(table->missing(2, 0, 0));   // an empty own route: none (a host of a None zone)
  table->start = {0, 0, 1, 1, 3};         // a route that does not end where the table does
  EXPECT_THROW(build_topology(spec), InputError);
  table->start = {0, 0, 1, 2, 2};
  table->route_links = {0, 0};
  EXPECT_EQ(build_topology(spec).max_route_links(), 1u);
  EXPECT_FALSE(table->missing(2, 1, 0));
}

}  // namespace
}  // namespace pelsim::models
