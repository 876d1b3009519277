// Tests of the SimGrid platform reader's hierarchical platforms: nested zones and clusters
// joined by <zoneRoute> (models/src/simgrid_zone_tree.cpp).
//
// Expected routes are read off the XML of each test with SimGrid 3.32's rules as listed in
// simgrid_zone_tree.cpp: a FLAT cluster is a StarZone whose host i goes up by
// [limiter, <id>_link_i UP, <id>_backbone] and down by [backbone, link_i DOWN, limiter], each
// link once per route, its router with empty routes; between two zones, the route to the
// gateway, the zoneRoute's links, the route from the other gateway (get_global_route); a
// symmetrical zoneRoute's way back has its links reversed and its gateways swapped; Floyd
// joins two zoneRoutes by the route between their gateways. Error lines count from line 1 =
// the first line of the XML text.
#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

#include "pelsim/models/error.hpp"
#include "pelsim/models/network_topology.hpp"
#include "pelsim/models/simgrid_platform.hpp"
#include "simgrid_test_support.hpp"

namespace pelsim::models {
namespace {

using testing::error_of;

// `body` inside <zone id="top" routing="..."> (the zone opens on line 3, body on line 4).
std::string platform(const std::string& body, const std::string& routing = "Full") {
  return "<?xml version='1.0'?>\n<platform version=\"4.1\">\n<zone id=\"top\" routing=\"" +
         routing + "\">\n" + body + "</zone>\n</platform>\n";
}

using testing::route_names;

const std::string kTwoClusters =
    "<cluster id=\"c1\" prefix=\"a\" suffix=\"\" radical=\"0-1\" speed=\"1Gf\" bw=\"125MBps\" "
    "lat=\"50us\" bb_bw=\"2.25GBps\" bb_lat=\"500us\"/>\n"
    "<cluster id=\"c2\" prefix=\"b\" suffix=\"\" radical=\"0-1\" speed=\"2Gf\" core=\"2\" "
    "bw=\"125MBps\" lat=\"50us\"/>\n"
    "<link id=\"wan\" bandwidth=\"1.25GBps\" latency=\"5ms\"/>\n"
    "<zoneRoute src=\"c1\" dst=\"c2\" gw_src=\"ac1_router\" gw_dst=\"bc2_router\">"
    "<link_ctn id=\"wan\"/></zoneRoute>\n";

TEST(SimgridZoneTree, TwoClustersJoinedByAZoneRoute) {
  const ImportedPlatform p = parse_simgrid_platform(platform(kTwoClusters), "F");
  EXPECT_EQ(p.cluster_id, "top");
  EXPECT_EQ(p.zone_routing, "Full");
  EXPECT_EQ(p.zones, 3u);    // top, c1, c2
  EXPECT_EQ(p.routers, 2u);  // each cluster's
  EXPECT_EQ(p.missing_routes, 0u);
  // Hosts in file order, a cluster's in radical order; each cluster's speed and cores.
  ASSERT_EQ(p.nodes, 4u);
  EXPECT_EQ(p.host_name(0), "a0");
  EXPECT_EQ(p.host_name(3), "b1");
  EXPECT_EQ(p.hosts[0].speed, 1e9);
  EXPECT_EQ(p.hosts[2].speed, 2e9);
  EXPECT_EQ(p.hosts[2].cores, 2u);
  const NetworkTopology t = build_topology(p.topology);
  EXPECT_EQ(t.kind(), TopologyKind::kRouted);
  // In one cluster: up, backbone, down; to itself without loopback the backbone once.
  EXPECT_EQ(route_names(t, 0, 1), "c1_link_0_UP c1_backbone c1_link_1_DOWN");
  EXPECT_EQ(route_names(t, 0, 0), "c1_link_0_UP c1_backbone c1_link_0_DOWN");
  EXPECT_EQ(route_names(t, 2, 2), "c2_link_0_UP c2_link_0_DOWN");
  // Between the clusters: up to c1's router, the zoneRoute, down from c2's router.
  EXPECT_EQ(route_names(t, 0, 3), "c1_link_0_UP c1_backbone wan c2_link_1_DOWN");
  EXPECT_EQ(route_names(t, 3, 0), "c2_link_1_UP wan c1_backbone c1_link_0_DOWN");
  // The links: c1's backbone, then per host its split-duplex link (two halves), then c2's.
  const std::vector<NetLink>& links = t.links();
  ASSERT_EQ(links.size(), 10u);
  EXPECT_EQ(links[0].name, "c1_backbone");
  EXPECT_EQ(links[0].bandwidth, 2.25e9);
  EXPECT_EQ(links[0].latency, 500e-6);
  EXPECT_EQ(links[1].name, "c1_link_0_UP");
  EXPECT_EQ(links[1].bandwidth, 125e6);
  EXPECT_EQ(links[9].name, "wan");
  EXPECT_EQ(links[9].latency, 5e-3);
}

// Floyd over zones: cluster x and cluster y reach a zone of routers by one zoneRoute each; the
// route from x to y is x -> net -> y, and between the two zoneRoutes it takes net's route from
// the first one's gw_dst (s1) to the second one's gw_src (s3, the way back of y -> net).
TEST(SimgridZoneTree, FloydJoinsZoneRoutesThroughTheZoneBetween) {
  const std::string body =
      "<cluster id=\"x\" prefix=\"x\" suffix=\"\" radical=\"0\" speed=\"1Gf\" bw=\"1GBps\" "
      "lat=\"1us\"/>\n"
      "<cluster id=\"y\" prefix=\"y\" suffix=\"\" radical=\"0\" speed=\"1Gf\" bw=\"1GBps\" "
      "lat=\"1us\" sharing_policy=\"SHARED\" router_id=\"ry\"/>\n"
      "<zone id=\"net\" routing=\"Floyd\">\n"
      "<router id=\"s1\"/><router id=\"s2\"/><router id=\"s3\"/>\n"
      "<link id=\"l12\" bandwidth=\"1GBps\" latency=\"1ms\"/>\n"
      "<link id=\"l23\" bandwidth=\"1GBps\" latency=\"1ms\"/>\n"
      "<route src=\"s1\" dst=\"s2\"><link_ctn id=\"l12\"/></route>\n"
      "<route src=\"s2\" dst=\"s3\"><link_ctn id=\"l23\"/></route>\n"
      "</zone>\n"
      "<link id=\"gx\" bandwidth=\"1GBps\" latency=\"1ms\"/>\n"
      "<link id=\"gy\" bandwidth=\"1GBps\" latency=\"1ms\"/>\n"
      "<zoneRoute src=\"x\" dst=\"net\" gw_src=\"xx_router\" gw_dst=\"s1\">"
      "<link_ctn id=\"gx\"/></zoneRoute>\n"
      "<zoneRoute src=\"y\" dst=\"net\" gw_src=\"ry\" gw_dst=\"s3\">"
      "<link_ctn id=\"gy\"/></zoneRoute>\n";
  const ImportedPlatform p = parse_simgrid_platform(platform(body, "Floyd"), "F");
  ASSERT_EQ(p.nodes, 2u);
  EXPECT_EQ(p.zone_routing, "Floyd");
  EXPECT_EQ(p.zones, 4u);
  EXPECT_EQ(p.routers, 5u);
  const NetworkTopology t = build_topology(p.topology);
  // y's SHARED link is one link for both ways.
  EXPECT_EQ(route_names(t, 0, 1), "x_link_0_UP gx l12 l23 gy y_link_0");
  EXPECT_EQ(route_names(t, 1, 0), "y_link_0 gy l23 l12 gx x_link_0_DOWN");
  EXPECT_EQ(route_names(t, 1, 1), "y_link_0");
}

// limiter_link: a shared link of that bandwidth on the host's way up and down (first up, last
// down); a loopback replaces the way out and back for the host's own transfers.
TEST(SimgridZoneTree, ClusterLimiterAndLoopbackLinks) {
  const std::string body =
      "<cluster id=\"c\" prefix=\"n\" suffix=\"\" radical=\"0-1\" speed=\"1Gf\" bw=\"1GBps\" "
      "lat=\"1us\" limiter_link=\"100MBps\" loopback_bw=\"10GBps\" loopback_lat=\"1ns\"/>\n"
      "<zone id=\"solo\" routing=\"Full\"><host id=\"h\" speed=\"1Gf\"/></zone>\n"
      "<link id=\"w\" bandwidth=\"1GBps\" latency=\"1ms\"/>\n"
      "<zoneRoute src=\"c\" dst=\"solo\" gw_src=\"n1\" gw_dst=\"h\"><link_ctn id=\"w\"/>"
      "</zoneRoute>\n";
  const ImportedPlatform p = parse_simgrid_platform(platform(body), "F");
  ASSERT_EQ(p.nodes, 3u);
  const NetworkTopology t = build_topology(p.topology);
  EXPECT_EQ(route_names(t, 0, 1), "c_link_0_limiter c_link_0_UP c_link_1_DOWN c_link_1_limiter");
  EXPECT_EQ(route_names(t, 0, 0), "c_link_0_loopback");
  // To the other zone through host n1, a gateway: its own way to n1, then w; from n1 itself
  // only w; h is its zone's gateway, and takes the model's loopback to itself.
  EXPECT_EQ(route_names(t, 0, 2), "c_link_0_limiter c_link_0_UP c_link_1_DOWN c_link_1_limiter w");
  EXPECT_EQ(route_names(t, 1, 2), "w");
  EXPECT_EQ(route_names(t, 2, 0), "w c_link_1_limiter c_link_1_UP c_link_0_DOWN c_link_0_limiter");
  EXPECT_EQ(route_names(t, 2, 2), "__loopback__");
  EXPECT_EQ(t.links()[0].name, "c_link_0_loopback");
  EXPECT_FALSE(t.links()[0].shared);  // FATPIPE
  EXPECT_EQ(t.links()[1].name, "c_link_0_limiter");
  EXPECT_EQ(t.links()[1].bandwidth, 1e8);
}

// Zones without a zoneRoute between them: their hosts' pairs have no route (a transfer between
// them fails, as in SimGrid: "Bad gateways").
TEST(SimgridZoneTree, ZonesWithoutAZoneRouteHaveNoRoute) {
  const ImportedPlatform p = parse_simgrid_platform(
      platform(kTwoClusters + "<cluster id=\"c3\" prefix=\"c\" suffix=\"\" radical=\"0\" "
                              "speed=\"1Gf\" bw=\"1GBps\" lat=\"0\"/>\n"),
      "F");
  ASSERT_EQ(p.nodes, 5u);
  EXPECT_EQ(p.missing_routes, 8u);  // c0 to and from each of the 4 others
  EXPECT_TRUE(p.topology.routes->missing(5, 4, 0));
  EXPECT_TRUE(p.topology.routes->missing(5, 0, 4));
  EXPECT_FALSE(p.topology.routes->missing(5, 0, 3));
}

TEST(SimgridZoneTree, ErrorsNameTheLineAndTheZones) {
  const std::string c =
      "<cluster id=\"c\" prefix=\"n\" suffix=\"\" radical=\"0\" speed=\"1Gf\" "
      "bw=\"1GBps\" lat=\"0\"/>\n";
  const std::string d =
      "<cluster id=\"d\" prefix=\"m\" suffix=\"\" radical=\"0\" speed=\"1Gf\" "
      "bw=\"1GBps\" lat=\"0\"/>\n";
  const std::string w = "<link id=\"w\" bandwidth=\"1GBps\" latency=\"0\"/>\n";
  // (SimGrid 3.32: "gw_src belongs to ..., not to ..."; pelsim checks it in every zone.)
  EXPECT_EQ(error_of(platform(c + d + w +
                              "<zoneRoute src=\"c\" dst=\"d\" gw_src=\"m0\" gw_dst=\"n0\">"
                              "<link_ctn id=\"w\"/></zoneRoute>\n")),
            "F:7: <zoneRoute> gw_src 'm0' is not a host or router of zone 'c' (a gateway is a "
            "point of the zone it leads into or out of)");
  EXPECT_EQ(error_of(platform(c + d + w +
                              "<zoneRoute src=\"c\" dst=\"c\" gw_src=\"n0\" gw_dst=\"n0\">"
                              "<link_ctn id=\"w\"/></zoneRoute>\n")),
            "F:7: <zoneRoute> from zone 'c' to itself (SimGrid refuses it)");
  EXPECT_EQ(error_of(platform(c + d + w +
                              "<zoneRoute src=\"c\" dst=\"d\" gw_src=\"n0\" gw_dst=\"m0\"/>\n")),
            "F:7: the route from 'c' to 'd' crosses no link (SimGrid forbids empty routes)");
  EXPECT_EQ(error_of(platform(c + d + w +
                              "<zoneRoute src=\"n0\" dst=\"d\" gw_src=\"n0\" gw_dst=\"m0\">"
                              "<link_ctn id=\"w\"/></zoneRoute>\n")),
            "F:7: <zoneRoute> src 'n0' is not a zone or cluster of zone 'top' (a <zoneRoute> "
            "joins two zones of the zone holding it)");
  EXPECT_EQ(error_of(platform("<zone id=\"in\" routing=\"Full\">\n" + c + d + "</zone>\n" + w +
                              "<zoneRoute src=\"c\" dst=\"d\" gw_src=\"n0\" gw_dst=\"m0\">"
                              "<link_ctn id=\"w\"/></zoneRoute>\n")),
            "F:9: <zoneRoute> src 'c' is not a zone or cluster of zone 'top' (a <zoneRoute> "
            "joins two zones of the zone holding it)");
  EXPECT_EQ(error_of(platform(c + "<zone id=\"c\" routing=\"Full\"><host id=\"h\" "
                                  "speed=\"1Gf\"/></zone>\n")),
            "F:5: zone 'c' is declared twice (first at line 4; hosts, routers and zones share "
            "one set of names)");
  // The route of every pair of hosts is kept: at most 8192 hosts, checked before a cluster's
  // hosts are made.
  EXPECT_EQ(error_of(platform(c + "<cluster id=\"big\" prefix=\"b\" suffix=\"\" "
                                  "radical=\"0-8191\" speed=\"1Gf\" bw=\"1GBps\" lat=\"0\"/>\n")),
            "F:5: the platform has 8193 hosts or more: pelsim keeps the route of every pair of "
            "hosts of a platform of zones (or of a cluster routed as SimGrid's StarZone: SHARED "
            "or FATPIPE links, a limiter), for at most 8192 hosts");
  EXPECT_EQ(error_of("<platform version=\"4.1\">\n<zone routing=\"Full\">\n" + c +
                     "</zone>\n</platform>"),
            "F:2: <zone> has no id attribute");
  EXPECT_EQ(error_of(platform(c + d, "RuleBased")),
            "F:3: <zone routing=\"RuleBased\"> is not supported for hosts or zones (supported: "
            "Full, Floyd, Dijkstra, DijkstraCache, Cluster, None, Vivaldi; see "
            "docs/models/simgrid-platforms.md)");
  EXPECT_EQ(error_of("<platform version=\"4.1\">\n<zone id=\"a\" routing=\"Full\">\n" + c +
                     "</zone>\n<zone id=\"b\" routing=\"Full\">\n" + d + "</zone>\n</platform>"),
            "F:5: a second top-level <zone>: a SimGrid platform has one root zone (line 2)");
  EXPECT_EQ(error_of("<platform version=\"4.1\">\n<zone id=\"a\" routing=\"Full\">\n" + c +
                     "</zone>\n" + d + "</platform>"),
            "F:5: a <cluster> beside the platform's <zone>: <cluster> is not supported: pelsim "
            "reads a platform made of one <cluster>, or of a <zone> (routing Full, Floyd, "
            "Dijkstra, Cluster, Vivaldi or None) of <host>, <router>, <link> and <route>, or "
            "of zones and clusters joined by <zoneRoute> (see docs/models/simgrid-platforms.md)");
}

// One FLAT cluster whose host links are SHARED (one link both ways) or have a limiter: SimGrid's
// StarZone of it, as in a platform of several zones (the route to itself: up then down, each
// link once).
TEST(SimgridZoneTree, OneSharedClusterIsAStarZone) {
  const ImportedPlatform p = parse_simgrid_platform(
      "<platform version=\"4.1\">\n<cluster id=\"c\" prefix=\"n\" suffix=\"\" radical=\"0-1\" "
      "speed=\"1Gf\" bw=\"1GBps\" lat=\"1us\" sharing_policy=\"SHARED\" "
      "limiter_link=\"100MBps\"/>\n</platform>\n",
      "F");
  EXPECT_EQ(p.cluster_id, "c");
  EXPECT_EQ(p.zones, 1u);
  EXPECT_EQ(p.zone_routing, "Cluster");
  ASSERT_EQ(p.nodes, 2u);
  const NetworkTopology t = build_topology(p.topology);
  EXPECT_EQ(route_names(t, 0, 1), "c_link_0_limiter c_link_0 c_link_1 c_link_1_limiter");
  EXPECT_EQ(route_names(t, 0, 0), "c_link_0_limiter c_link_0");
}

// routing="Cluster" (SimGrid's StarZone, sg_platf_zone_cluster_populate): a host's way up is
// [its <host_link> up, the backbone], its way down [the backbone, its down]; a <cabinet> gives
// hosts prefix + radical + suffix their own links link_<host>_UP and link_<host>_DOWN; the
// router has empty routes.
TEST(SimgridZoneTree, ClusterRoutingZones) {
  const std::string body =
      "<zone id=\"a\" routing=\"Cluster\">\n"
      "<router id=\"ra\"/>\n"
      "<host id=\"h1\" speed=\"1Gf\"/><host id=\"h2\" speed=\"1Gf\"/>\n"
      "<link id=\"s\" bandwidth=\"1GBps\" latency=\"1us\" sharing_policy=\"SPLITDUPLEX\"/>\n"
      "<link id=\"one\" bandwidth=\"1GBps\" latency=\"1us\"/>\n"
      "<host_link id=\"h1\" up=\"s_UP\" down=\"s_DOWN\"/>\n"
      "<host_link id=\"h2\" up=\"one\" down=\"one\"/>\n"
      "<backbone id=\"bb\" bandwidth=\"10GBps\" latency=\"1us\"/>\n"
      "</zone>\n"
      "<zone id=\"b\" routing=\"Cluster\">\n"
      "<cabinet id=\"cab\" prefix=\"n\" suffix=\".b\" radical=\"1-2\" speed=\"2Gf\" "
      "bw=\"125MBps\" lat=\"100us\"/>\n"
      "<router id=\"rb\"/>\n"
      "</zone>\n"
      "<link id=\"w\" bandwidth=\"1GBps\" latency=\"1ms\"/>\n"
      "<zoneRoute src=\"a\" dst=\"b\" gw_src=\"ra\" gw_dst=\"rb\"><link_ctn id=\"w\"/>"
      "</zoneRoute>\n";
  const ImportedPlatform p = parse_simgrid_platform(platform(body), "F");
  ASSERT_EQ(p.nodes, 4u);
  EXPECT_EQ(p.host_name(2), "n1.b");
  EXPECT_EQ(p.hosts[2].speed, 2e9);
  EXPECT_EQ(p.hosts[2].cores, 1u);
  const NetworkTopology t = build_topology(p.topology);
  EXPECT_EQ(route_names(t, 0, 1), "s_UP bb one");
  EXPECT_EQ(route_names(t, 1, 1), "one bb");  // each link once
  EXPECT_EQ(route_names(t, 0, 3), "s_UP bb w link_n2.b_DOWN");
  EXPECT_EQ(route_names(t, 3, 1), "link_n2.b_UP w bb one");
  EXPECT_EQ(route_names(t, 2, 3), "link_n1.b_UP link_n2.b_DOWN");  // no backbone in b

  // SimGrid populates a Cluster zone at its end (sg_platf_zone_cluster_populate): a
  // <host_link> may come before its host and its links; a <route> from a host to itself is
  // its loopback (StarZone::add_route). Routing names are compared without case.
  const std::string late =
      "<zone id=\"a\" routing=\"cluster\">\n"
      "<host_link id=\"h1\" up=\"u\" down=\"d\"/>\n"
      "<host id=\"h1\" speed=\"1Gf\" core=\"2\"/><host id=\"h2\" speed=\"1Gf\"/>\n"
      "<host_link id=\"h2\" up=\"u2\" down=\"u2\"/>\n"
      "<link id=\"u\" bandwidth=\"1GBps\" latency=\"0\"/>"
      "<link id=\"d\" bandwidth=\"1GBps\" latency=\"0\"/>\n"
      "<link id=\"u2\" bandwidth=\"1GBps\" latency=\"0\"/>"
      "<link id=\"lb\" bandwidth=\"1GBps\" latency=\"0\"/>\n"
      "<route src=\"h1\" dst=\"h1\"><link_ctn id=\"lb\"/></route>\n"
      "</zone>\n";
  const ImportedPlatform q = parse_simgrid_platform(platform(late), "F");
  const NetworkTopology u = build_topology(q.topology);
  EXPECT_EQ(route_names(u, 0, 1), "u u2");
  EXPECT_EQ(route_names(u, 0, 0), "lb");
  EXPECT_EQ(route_names(u, 1, 1), "u2");

  const std::string zone_a = "<zone id=\"a\" routing=\"Cluster\">\n";
  // A host without <host_link> has empty ways (SimGrid 3.32 through sgref: g -> h crosses
  // g's up link only, h -> h has no route).
  const ImportedPlatform bare = parse_simgrid_platform(
      platform(zone_a + "<host id=\"h\" speed=\"1Gf\"/><host id=\"g\" speed=\"1Gf\"/>\n"
                        "<link id=\"l\" bandwidth=\"1GBps\" latency=\"0\"/>\n"
                        "<host_link id=\"g\" up=\"l\" down=\"l\"/>\n</zone>\n"),
      "F");
  EXPECT_EQ(route_names(build_topology(bare.topology), 1, 0), "l");
  EXPECT_TRUE(bare.topology.routes->missing(2, 0, 0));
  EXPECT_EQ(error_of(platform(zone_a +
                              "<host id=\"h\" speed=\"1Gf\"/>\n<link id=\"s\" bandwidth=\"1GBps\" "
                              "latency=\"0\" sharing_policy=\"SPLITDUPLEX\"/>\n"
                              "<host_link id=\"h\" up=\"s\" down=\"s_DOWN\"/>\n</zone>\n")),
            "F:7: <host_link> up 's' is SPLITDUPLEX: name one of its halves, 's_UP' or 's_DOWN'");
  EXPECT_EQ(
      error_of(platform(zone_a + "<host id=\"h\" speed=\"1Gf\"/><host id=\"g\" speed=\"1Gf\"/>\n"
                                 "<link id=\"l\" bandwidth=\"1GBps\" latency=\"0\"/>\n"
                                 "<route src=\"h\" dst=\"g\"><link_ctn id=\"l\"/></route>\n"
                                 "</zone>\n")),
      "F:7: <route> in zone 'a' of routing=\"Cluster\" between two points: its hosts are "
      "joined by <host_link> and <backbone> (SimGrid's StarZone takes a route from a point to "
      "itself only, its loopback)");
  EXPECT_EQ(error_of(platform("<zone id=\"f\" routing=\"Full\">\n<host id=\"h\" speed=\"1Gf\"/>\n"
                              "<host_link id=\"h\" up=\"x\" down=\"x\"/>\n</zone>\n")),
            "F:6: <host_link> in zone 'f', whose routing is not \"Cluster\" (SimGrid: host_links "
            "are only valid for Cluster zones)");
  EXPECT_EQ(
      error_of(platform(zone_a + "<cabinet id=\"c\" prefix=\"n\" suffix=\"\" radical=\"0-1,1\" "
                                 "speed=\"1Gf\" bw=\"1GBps\" lat=\"0\"/>\n</zone>\n")),
      "F:5: <cabinet> radical '0-1,1' gives host n1 twice");
  const std::string host_h = "<host id=\"h\" speed=\"1Gf\"/>\n";  // line 5
  EXPECT_EQ(
      error_of(platform(zone_a + host_h + "<host_link id=\"h\" up=\"x\" down=\"x\"/>\n</zone>\n")),
      "F:6: <host_link> up 'x' is not a <link>");
  EXPECT_EQ(
      error_of(platform(zone_a + host_h + "<host_link id=\"g\" up=\"x\" down=\"x\"/>\n</zone>\n")),
      "F:6: <host_link> id 'g' is not a <host> of zone 'a'");
  EXPECT_EQ(
      error_of(platform(zone_a + host_h +
                        "<link id=\"l\" bandwidth=\"1GBps\" latency=\"0\"/>\n"
                        "<host_link id=\"h\" up=\"l\" down=\"l\"/>\n"
                        "<route src=\"h\" dst=\"h\"><link_ctn id=\"l\"/></route>\n"
                        "<route src=\"h\" dst=\"h\"><link_ctn id=\"l\"/></route>\n</zone>\n")),
      "F:9: the route from 'h' to 'h' is given twice");
}

// routing="None": no route inside the zone, not even a host's own (SimGrid's EmptyZone); its
// host is reached as a gateway.
TEST(SimgridZoneTree, NoneZonesRouteNothing) {
  const std::string body =
      "<zone id=\"z\" routing=\"None\"><host id=\"h\" speed=\"1Gf\"/><host id=\"g\" "
      "speed=\"1Gf\"/></zone>\n"
      "<zone id=\"y\" routing=\"Full\"><host id=\"k\" speed=\"1Gf\"/></zone>\n"
      "<link id=\"w\" bandwidth=\"1GBps\" latency=\"1ms\"/>\n"
      "<zoneRoute src=\"z\" dst=\"y\" gw_src=\"h\" gw_dst=\"k\"><link_ctn id=\"w\"/>"
      "</zoneRoute>\n";
  const ImportedPlatform p = parse_simgrid_platform(platform(body), "F");
  ASSERT_EQ(p.nodes, 3u);
  const NetworkTopology t = build_topology(p.topology);
  EXPECT_EQ(route_names(t, 0, 2), "w");
  EXPECT_EQ(route_names(t, 2, 0), "w");
  const RouteTable& table = *p.topology.routes;
  EXPECT_TRUE(table.missing(3, 0, 0));
  EXPECT_TRUE(table.missing(3, 0, 1));
  EXPECT_TRUE(table.missing(3, 1, 2));  // g is no gateway: the way to h is missing
  EXPECT_FALSE(table.missing(3, 2, 2));
  // h to itself, g to itself, h <-> g, g <-> k.
  EXPECT_EQ(p.missing_routes, 6u);
  EXPECT_EQ(error_of(platform("<zone id=\"z\" routing=\"None\"><host id=\"h\" speed=\"1Gf\"/>"
                              "<host id=\"g\" speed=\"1Gf\"/>\n<link id=\"l\" "
                              "bandwidth=\"1GBps\" latency=\"0\"/>\n<route src=\"h\" dst=\"g\">"
                              "<link_ctn id=\"l\"/></route>\n</zone>\n")),
            "F:6: <route> in zone 'z' of routing=\"None\" (SimGrid: there can't be route in an "
            "Empty zone)");
}

// <config>: options that change nothing pelsim computes are accepted, the network model's
// options are taken (ConfigSetsTheNetworkModel), others only at the values pelsim's model is,
// and an option SimGrid 3.32 does not know is an error (as in SimGrid: "Bad config key").
TEST(SimgridZoneTree, ConfigOptions) {
  const std::string hosts =
      "<zone id=\"z\" routing=\"Full\"><host id=\"h\" speed=\"1Gf\"/></zone>\n";
  const auto with = [&](const std::string& props) {
    return "<platform version=\"4.1\">\n<config id=\"General\">\n" + props + "</config>\n" + hosts +
           "</platform>\n";
  };
  EXPECT_EQ(error_of(with("<prop id=\"network/model\" value=\"CM02\"/>\n"
                          "<prop id=\"network/TCP-gamma\" value=\"0\"/>\n"
                          "<prop id=\"network/crosstraffic\" value=\"no\"/>\n"
                          "<prop id=\"maxmin/precision\" value=\"0.00001\"/>\n"
                          "<prop id=\"tracing\" value=\"yes\"/>\n"
                          "<prop id=\"smpi/bw-factor\" value=\"65472:0.94\"/>\n")),
            "");
  EXPECT_EQ(error_of(with("<prop id=\"network/model\" value=\"SMPI\"/>\n")),
            "F:3: <config> sets network/model to 'SMPI': pelsim computes SimGrid's CM02 or LV08 "
            "network model (see docs/models/simgrid-platforms.md); remove the option to compare "
            "with pelsim");
  EXPECT_EQ(error_of(with("<prop id=\"network/latency-factor\" value=\"65472:11.6;0:2\"/>\n")),
            "F:3: <config> network/latency-factor '65472:11.6;0:2': pelsim takes a number > 0 "
            "here (not SimGrid's piecewise factors)");
  // SimGrid 3.32 refuses another value of network/optim too.
  EXPECT_EQ(error_of(with("<prop id=\"network/optim\" value=\"Bogus\"/>\n")),
            "F:3: <config> network/optim 'Bogus': SimGrid takes Lazy or Full (pelsim computes "
            "what Full does)");
  EXPECT_EQ(error_of(with("<prop id=\"network/crosstraffic\" value=\"maybe\"/>\n")),
            "F:3: <config> network/crosstraffic 'maybe': give yes or no (1 or 0)");
  // SimGrid 3.32 on a <config> after the zone: "Starting tag <config> is not allowed here".
  EXPECT_EQ(error_of("<platform version=\"4.1\">\n" + hosts +
                     "<config id=\"c\"><prop id=\"network/model\" value=\"LV08\"/></config>\n"
                     "</platform>\n"),
            "F:3: <config> after the platform's other elements: SimGrid takes <config> only at "
            "the start of <platform> (\"Starting tag <config> is not allowed here\"); move it up");
  // Checked with sgref (SimGrid 3.32): "10GBps" is "invalid double"; cpu/optim TI aborts
  // with a host of 2 cores. Precision coarser than the default 1e-5 changes SimGrid's
  // results, as does a concurrency limit.
  EXPECT_EQ(error_of(with("<prop id=\"network/loopback-bw\" value=\"10GBps\"/>\n")),
            "F:3: <config> network/loopback-bw '10GBps' is not a number (SimGrid reads it in "
            "bytes/s, without unit)");
  EXPECT_EQ(error_of(with("<prop id=\"network/loopback-bw\" value=\"1e10\"/>\n"
                          "<prop id=\"surf/precision\" value=\"1e-9\"/>\n"
                          "<prop id=\"maxmin/concurrency-limit\" value=\"-1\"/>\n"
                          "<prop id=\"cpu/optim\" value=\"TI\"/>\n")),
            "");
  EXPECT_EQ(error_of(with("<prop id=\"maxmin/precision\" value=\"0.001\"/>\n")),
            "F:3: <config> sets maxmin/precision to '0.001': pelsim computes SimGrid's results "
            "at a maxmin/precision of 1e-5 (the default) or finer (see "
            "docs/models/simgrid-platforms.md); remove the option to compare with pelsim");
  EXPECT_NE(error_of(with("<prop id=\"maxmin/concurrency-limit\" value=\"10\"/>\n"))
                .find("F:3: <config> sets maxmin/concurrency-limit to '10'"),
            std::string::npos);
  EXPECT_EQ(error_of("<platform version=\"4.1\">\n<config id=\"General\">\n"
                     "<prop id=\"cpu/optim\" value=\"TI\"/>\n</config>\n"
                     "<zone id=\"z\" routing=\"Full\"><host id=\"h\" speed=\"1Gf\" "
                     "core=\"2\"/></zone>\n</platform>\n"),
            "F:3: <config> sets cpu/optim to 'TI', which SimGrid 3.32 refuses with hosts of "
            "several cores (host 'h' has 2); remove the option");
  EXPECT_NE(error_of(with("<prop id=\"network/coordinates\" value=\"yes\"/>\n"))
                .find("F:3: unknown SimGrid option 'network/coordinates' (known: network/model,"),
            std::string::npos);
}

// The network options of <config> are read as SimGrid reads them: the model sets the factors
// and weight-S (LV08: 13.01, 0.97, 20537; CM02: 1, 1, 0), TCP-gamma (4194304) and
// cross-traffic (on) have SimGrid's defaults whatever the model, and what the file gives
// wins. Without any, the platform leaves the model to the run.
TEST(SimgridZoneTree, ConfigSetsTheNetworkModel) {
  const std::string hosts =
      "<zone id=\"z\" routing=\"Full\"><host id=\"h\" speed=\"1Gf\"/></zone>\n";
  const auto model_of = [&](const std::string& props) {
    return parse_simgrid_platform("<platform version=\"4.1\">\n<config id=\"General\">\n" + props +
                                      "</config>\n" + hosts + "</platform>\n",
                                  "F")
        .flow_model;
  };
  EXPECT_FALSE(model_of("<prop id=\"tracing\" value=\"yes\"/>\n").has_value());
  EXPECT_EQ(model_of("<prop id=\"network/model\" value=\"LV08\"/>\n"), FlowModel::lv08());
  EXPECT_EQ(model_of("<prop id=\"network/model\" value=\"CM02\"/>\n"),
            (FlowModel{1, 1, 0, 4194304, true}));
  EXPECT_EQ(model_of("<prop id=\"network/model\" value=\"CM02\"/>\n"
                     "<prop id=\"network/TCP-gamma\" value=\"0\"/>\n"
                     "<prop id=\"network/crosstraffic\" value=\"no\"/>\n"),
            FlowModel::cm02());
  EXPECT_EQ(model_of("<prop id=\"network/crosstraffic\" value=\"0\"/>\n"),
            (FlowModel{13.01, 0.97, 20537, 4194304, false}));
  EXPECT_EQ(model_of("<prop id=\"network/weight-S\" value=\"8775\"/>\n"
                     "<prop id=\"network/latency-factor\" value=\"2\"/>\n"
                     "<prop id=\"network/bandwidth-factor\" value=\"0.5\"/>\n"
                     "<prop id=\"network/TCP-gamma\" value=\"1000\"/>\n"),
            (FlowModel{2, 0.5, 8775, 1000, true}));
  // Two <config>s, an option given twice: the first value wins, the others add (SimGrid 3.32
  // loading such a file: "The custom configuration 'network/TCP-gamma' is already defined by
  // user!", TCP-gamma 1000, latency factor 2, the rest LV08's).
  EXPECT_EQ(model_of("<prop id=\"network/TCP-gamma\" value=\"1000\"/>\n"
                     "<prop id=\"network/latency-factor\" value=\"2\"/>\n"
                     "</config>\n<config id=\"b\">\n"
                     "<prop id=\"network/TCP-gamma\" value=\"2000\"/>\n"
                     "<prop id=\"network/crosstraffic\" value=\"0\"/>\n"),
            (FlowModel{2, 0.97, 20537, 1000, false}));
}

// SimGrid's command line (`--cfg=name:value`) before the file: its options win, the file's
// <config> sets the others, and SimGrid's defaults the rest; on the command line a later value
// replaces an earlier one. Without a file, the same options give the model alone.
TEST(SimgridZoneTree, CommandLineCfgComesBeforeTheFilesConfig) {
  const std::string file =
      "<platform version=\"4.1\">\n<config id=\"General\">\n"
      "<prop id=\"network/TCP-gamma\" value=\"0\"/>\n"
      "<prop id=\"network/crosstraffic\" value=\"0\"/>\n</config>\n"
      "<zone id=\"z\" routing=\"Full\"><host id=\"h\" speed=\"1Gf\"/></zone>\n</platform>\n";
  const auto model_of = [&](std::vector<std::string> cfg) {
    return parse_simgrid_platform(file, "F", cfg).flow_model;
  };
  EXPECT_EQ(model_of({}), (FlowModel{13.01, 0.97, 20537, 0, false}));
  EXPECT_EQ(model_of({"network/crosstraffic:1"}), (FlowModel{13.01, 0.97, 20537, 0, true}));
  EXPECT_EQ(model_of({"network/model:CM02", "network/TCP-gamma:5"}),
            (FlowModel{1, 1, 0, 5, false}));
  EXPECT_EQ(model_of({"network/TCP-gamma:5", "network/TCP-gamma:7"}),
            (FlowModel{13.01, 0.97, 20537, 7, false}));
  // Any command-line option makes the configuration SimGrid's: LV08 unless it says otherwise.
  EXPECT_EQ(simgrid_cfg_network({}), std::nullopt);
  EXPECT_EQ(simgrid_cfg_network(std::vector<std::string>{"network/optim:Full"}), FlowModel::lv08());
  EXPECT_FALSE(simgrid_cfg_sets_model(std::vector<std::string>{"network/optim:Full"}));
  EXPECT_TRUE(simgrid_cfg_sets_model(std::vector<std::string>{"network/TCP-gamma:0"}));
  const std::string plain =
      "<platform version=\"4.1\">\n"
      "<zone id=\"z\" routing=\"Full\"><host id=\"h\" speed=\"1Gf\"/></zone>\n</platform>\n";
  EXPECT_EQ(parse_simgrid_platform(plain, "F").flow_model, std::nullopt);
  EXPECT_EQ(
      parse_simgrid_platform(plain, "F", std::vector<std::string>{"network/optim:Full"}).flow_model,
      FlowModel::lv08());
  // A <config> entry for an option the command line set is skipped whatever its value (SimGrid:
  // "already defined by user"), also one pelsim would refuse.
  const std::string refused =
      "<platform version=\"4.1\">\n<config id=\"General\">\n"
      "<prop id=\"network/loopback-bw\" value=\"1e9\"/>\n</config>\n"
      "<zone id=\"z\" routing=\"Full\"><host id=\"h\" speed=\"1Gf\"/></zone>\n</platform>\n";
  EXPECT_THROW((void)parse_simgrid_platform(refused, "F"), InputError);
  EXPECT_EQ(
      parse_simgrid_platform(refused, "F", std::vector<std::string>{"network/loopback-bw:1e10"})
          .flow_model,
      FlowModel::lv08());
  EXPECT_EQ(simgrid_cfg_network(std::vector<std::string>{"network/model:LV08"}), FlowModel::lv08());
  EXPECT_EQ(simgrid_cfg_network(std::vector<std::string>{"network/TCP-gamma:0"}),
            (FlowModel{13.01, 0.97, 20537, 0, true}));
  EXPECT_EQ(simgrid_cfg_network(std::vector<std::string>{
                "network/model:CM02", "network/TCP-gamma:0", "network/crosstraffic:no"}),
            FlowModel::cm02());
  const auto error_of = [](std::vector<std::string> cfg) -> std::string {
    try {
      (void)simgrid_cfg_network(cfg);
    } catch (const InputError& e) {
      return e.what();
    }
    return "";
  };
  EXPECT_EQ(error_of({"network/model"}),
            "--cfg 'network/model': give name:value, e.g. "
            "network/model:LV08");
  EXPECT_EQ(error_of({"network/model:lV08"}),
            "--cfg network/model 'lV08': SimGrid's names are CM02 and LV08, in capitals");
  // As SimGrid, a --cfg value is split on blanks and commas.
  EXPECT_EQ(simgrid_cfg_network(std::vector<std::string>{"network/model:LV08,network/TCP-gamma:0 "
                                                         "network/crosstraffic:0"}),
            (FlowModel{13.01, 0.97, 20537, 0, false}));
  EXPECT_EQ(error_of({" , "}), "--cfg ' , ': give name:value, e.g. network/model:LV08");
  // cpu/optim:TI from the command line on hosts of several cores: the file is not at fault.
  const std::string two_cores =
      "<platform version=\"4.1\">\n"
      "<zone id=\"z\" routing=\"Full\"><host id=\"h\" speed=\"1Gf\" core=\"2\"/></zone>\n"
      "</platform>\n";
  try {
    (void)parse_simgrid_platform(two_cores, "F", std::vector<std::string>{"cpu/optim:TI"});
    ADD_FAILURE() << "cpu/optim:TI accepted with 2 cores";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              "--cfg cpu/optim:TI: SimGrid 3.32 refuses it with hosts of several cores (host 'h' "
              "of F has 2)");
  }
  EXPECT_EQ(error_of({"network/model:LV09"}),
            "--cfg sets network/model to 'LV09': pelsim computes SimGrid's CM02 or LV08 network "
            "model (see docs/models/simgrid-platforms.md); remove the option to compare with "
            "pelsim");
  EXPECT_EQ(error_of({"network/TCP-gamma:1", "network/TCP-gamma:x"}),
            "--cfg network/TCP-gamma 'x': pelsim takes a number >= 0 (bytes)");
  EXPECT_EQ(error_of({"foo/bar:1"}).substr(0, 58),
            "--cfg foo/bar:1: unknown SimGrid option 'foo/bar' (known: ");
}

// Bypass routes (NetZoneImpl::get_bypass_route): in the zone holding both points, the route
// between them; between zones, the first bypass found between the zones holding the two
// points at some depth, completed by the routes to and from its gateways; one way only.
TEST(SimgridZoneTree, BypassRoutes) {
  const std::string body =
      "<zone id=\"a\" routing=\"Floyd\">\n"
      "<host id=\"h1\" speed=\"1Gf\"/><host id=\"h2\" speed=\"1Gf\"/>\n"
      "<link id=\"l\" bandwidth=\"1GBps\" latency=\"0\"/>\n"
      "<link id=\"x\" bandwidth=\"1GBps\" latency=\"0\"/>\n"
      "<route src=\"h1\" dst=\"h2\"><link_ctn id=\"l\"/></route>\n"
      "<bypassRoute src=\"h1\" dst=\"h2\"><link_ctn id=\"x\"/><link_ctn id=\"l\"/>"
      "</bypassRoute>\n"
      "</zone>\n"
      "<zone id=\"b\" routing=\"Full\"><host id=\"k\" speed=\"1Gf\"/></zone>\n"
      "<link id=\"w\" bandwidth=\"1GBps\" latency=\"0\"/>\n"
      "<link id=\"v\" bandwidth=\"1GBps\" latency=\"0\"/>\n"
      "<zoneRoute src=\"a\" dst=\"b\" gw_src=\"h2\" gw_dst=\"k\"><link_ctn id=\"w\"/>"
      "</zoneRoute>\n"
      "<bypassZoneRoute src=\"b\" dst=\"a\" gw_src=\"k\" gw_dst=\"h1\"><link_ctn id=\"v\"/>"
      "</bypassZoneRoute>\n";
  const ImportedPlatform p = parse_simgrid_platform(platform(body), "F");
  ASSERT_EQ(p.nodes, 3u);
  const NetworkTopology t = build_topology(p.topology);
  EXPECT_EQ(route_names(t, 0, 1), "x l");    // the bypass, not Floyd's route
  EXPECT_EQ(route_names(t, 1, 0), "l");      // (one way only)
  EXPECT_EQ(route_names(t, 0, 2), "x l w");  // to the gateway h2 by the bypass, then w
  // From k back into a: the zone bypass to h1, then h1 to h2. A bypass between zones always
  // asks for the route from the source to its gateway and from the other gateway to the
  // destination, even when they are the same host: k's loopback, h1's (get_bypass_route
  // compares the host with the zone's point, not with the gateway).
  EXPECT_EQ(route_names(t, 2, 1), "__loopback__ v x l");
  EXPECT_EQ(route_names(t, 2, 0), "__loopback__ v __loopback__");
  EXPECT_EQ(error_of(platform(body + "<bypassRoute src=\"h1\" dst=\"k\"><link_ctn "
                                     "id=\"v\"/></bypassRoute>\n")),
            "F:16: <bypassRoute> src 'h1' is not a host or router of zone 'top'");
  EXPECT_EQ(error_of(platform(body + "<bypassRoute src=\"nope\" dst=\"k\"><link_ctn "
                                     "id=\"v\"/></bypassRoute>\n")),
            "F:16: <bypassRoute> src 'nope' is not a <host> or <router> declared before it");
  EXPECT_EQ(error_of(platform(body + "<bypassZoneRoute src=\"a\" dst=\"nope\" gw_src=\"h1\" "
                                     "gw_dst=\"k\"><link_ctn id=\"v\"/></bypassZoneRoute>\n")),
            "F:16: <bypassZoneRoute> dst 'nope' is not a <zone> or <cluster> declared before it");
}

// A TORUS (or FAT_TREE, DRAGONFLY) cluster among other zones: its routes are its topology's
// (a ring of 4: t0 -> t2 two hops the increasing way, t0 -> t3 one hop back), it has no
// router (a zone route leaves from one of its hosts), and without loopback_bw a host has no
// route to itself (SimGrid's TorusZone has none); with it, each host its FATPIPE loopback.
TEST(SimgridZoneTree, TopologyClustersAmongZones) {
  const std::string solo =
      "<zone id=\"solo\" routing=\"Full\"><host id=\"h\" speed=\"1Gf\"/></zone>\n"
      "<link id=\"w\" bandwidth=\"50MBps\" latency=\"1ms\"/>\n"
      "<zoneRoute src=\"t\" dst=\"solo\" gw_src=\"t2\" gw_dst=\"h\"><link_ctn id=\"w\"/>"
      "</zoneRoute>\n";
  const std::string torus =
      "<cluster id=\"t\" prefix=\"t\" suffix=\"\" radical=\"0-3\" speed=\"1Gf\" bw=\"100MBps\" "
      "lat=\"10us\" topology=\"TORUS\" topo_parameters=\"4\"";
  const ImportedPlatform p = parse_simgrid_platform(platform(torus + "/>\n" + solo), "F");
  ASSERT_EQ(p.nodes, 5u);
  EXPECT_EQ(p.routers, 0u);
  const NetworkTopology t = build_topology(p.topology);
  EXPECT_EQ(route_names(t, 0, 2), "t/ring 0->1 t/ring 1->2");
  EXPECT_EQ(route_names(t, 0, 3), "t/ring 0->3");
  EXPECT_EQ(route_names(t, 0, 4), "t/ring 0->1 t/ring 1->2 w");
  EXPECT_EQ(route_names(t, 4, 3), "w t/ring 2->3");
  EXPECT_TRUE(p.topology.routes->missing(5, 1, 1));
  const ImportedPlatform q = parse_simgrid_platform(
      platform(torus + " loopback_bw=\"1GBps\" loopback_lat=\"1us\"/>\n" + solo), "F");
  const NetworkTopology u = build_topology(q.topology);
  EXPECT_EQ(route_names(u, 1, 1), "t_link_1_loopback");
  EXPECT_FALSE(q.topology.routes->missing(5, 1, 1));
  // A bypass leaving from its gateway t2: SimGrid asks for t2's route to itself, which
  // TorusZone gives empty (no loopback), so t2 -> h is the bypass's link, then h's route to
  // itself, its loopback (as in BypassRoutes).
  const ImportedPlatform r = parse_simgrid_platform(
      platform(torus + "/>\n" + solo +
               "<link id=\"v\" bandwidth=\"20MBps\" latency=\"3ms\"/>\n"
               "<bypassZoneRoute src=\"t\" dst=\"solo\" gw_src=\"t2\" gw_dst=\"h\">"
               "<link_ctn id=\"v\"/></bypassZoneRoute>\n"),
      "F");
  const NetworkTopology w = build_topology(r.topology);
  EXPECT_EQ(route_names(w, 2, 4), "v __loopback__");
  EXPECT_EQ(route_names(w, 0, 4), "t/ring 0->1 t/ring 1->2 v __loopback__");
  EXPECT_TRUE(r.topology.routes->missing(5, 2, 2));
}

// A Full zone without a route between two of its points gives an empty one (FullZone), which
// SimGrid accepts as part of a longer route: h1 reaches k through its zone's gateway g with no
// link from h1 to g; h1 -> g alone is missing (SimGrid: "no connecting path").
TEST(SimgridZoneTree, AFullZonePairWithoutARouteIsEmptyInsideALongerRoute) {
  const std::string body =
      "<zone id=\"a\" routing=\"Full\"><host id=\"h1\" speed=\"1Gf\"/>"
      "<host id=\"g\" speed=\"1Gf\"/></zone>\n"
      "<zone id=\"b\" routing=\"Full\"><host id=\"k\" speed=\"1Gf\"/></zone>\n"
      "<link id=\"w\" bandwidth=\"50MBps\" latency=\"1ms\"/>\n"
      "<zoneRoute src=\"a\" dst=\"b\" gw_src=\"g\" gw_dst=\"k\"><link_ctn id=\"w\"/>"
      "</zoneRoute>\n";
  const ImportedPlatform p = parse_simgrid_platform(platform(body), "F");
  ASSERT_EQ(p.nodes, 3u);
  const NetworkTopology t = build_topology(p.topology);
  EXPECT_EQ(route_names(t, 0, 2), "w");
  EXPECT_EQ(route_names(t, 2, 0), "w");
  EXPECT_TRUE(p.topology.routes->missing(3, 0, 1));
  EXPECT_TRUE(p.topology.routes->missing(3, 1, 0));
  EXPECT_EQ(p.missing_routes, 2u);
}

// Vivaldi: every pair of points, and a point to itself, gets a link of the latency its
// coordinates give ((distance in the plane + both heights) ms) and unlimited bandwidth.
TEST(SimgridZoneTree, VivaldiZones) {
  const ImportedPlatform p = parse_simgrid_platform(
      "<platform version=\"4.1\">\n<zone id=\"v\" routing=\"Vivaldi\">\n"
      "<host id=\"a\" coordinates=\"0 0 1\" speed=\"1Gf\"/>\n"
      "<host id=\"b\" coordinates=\" 3  4 -2 \" speed=\"1Gf\"/>\n</zone>\n</platform>\n",
      "F");
  ASSERT_EQ(p.nodes, 2u);
  const NetworkTopology t = build_topology(p.topology);
  std::vector<LinkId> r;
  t.route(0, 1, r);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_DOUBLE_EQ(t.links()[r[0]].latency, 0.008);  // 5 + 1 + |-2|
  EXPECT_EQ(t.links()[r[0]].bandwidth, std::numeric_limits<double>::infinity());
  EXPECT_EQ(route_names(t, 1, 0), route_names(t, 0, 1));
  r.clear();
  t.route(1, 1, r);
  EXPECT_DOUBLE_EQ(t.links()[r.at(0)].latency, 0.004);
  // A <peer> has its own links (VivaldiZone::set_peer_link): up at bw_out, down at bw_in.
  const ImportedPlatform q = parse_simgrid_platform(
      "<platform version=\"4.1\">\n<zone id=\"v\" routing=\"Vivaldi\">\n"
      "<peer id=\"a\" coordinates=\"0 0 1\" speed=\"1Gf\" bw_in=\"5MBps\" bw_out=\"5MBps\"/>\n"
      "<peer id=\"p\" coordinates=\"3 4 2\" speed=\"1Gf\" bw_in=\"1MBps\" bw_out=\"2MBps\"/>\n"
      "</zone>\n</platform>\n",
      "F");
  const NetworkTopology u = build_topology(q.topology);
  // (one latency link per pair)
  EXPECT_EQ(route_names(u, 1, 0), "link_p_UP link_a_DOWN v a-p");
  EXPECT_EQ(route_names(u, 0, 1), "link_a_UP link_p_DOWN v a-p");
  EXPECT_EQ(route_names(u, 1, 1), "link_p_UP link_p_DOWN v p-p");
  EXPECT_EQ(u.links()[2].name, "link_p_UP");
  EXPECT_EQ(u.links()[2].bandwidth, 2e6);
  const std::string v = "<platform version=\"4.1\">\n<zone id=\"v\" routing=\"Vivaldi\">\n";
  EXPECT_EQ(error_of(v + "<host id=\"a\" speed=\"1Gf\"/>\n</zone>\n</platform>\n"),
            "F:3: <host> has no coordinates attribute");
  EXPECT_EQ(error_of(v + "<host id=\"a\" coordinates=\"1 2\" speed=\"1Gf\"/>\n</zone>\n"
                         "</platform>\n"),
            "F:3: coordinates '1 2' of 'a' are not three numbers \"x y height\" (SimGrid's "
            "Vivaldi coordinates)");
  EXPECT_EQ(error_of(v + "<peer id=\"p\" speed=\"1Gf\" bw_in=\"1MBps\" bw_out=\"1MBps\"/>\n"
                         "</zone>\n</platform>\n"),
            "F:3: <peer> has no coordinates attribute");
  // SimGrid's DTD: peers go with zones and links, hosts and routers with routes.
  EXPECT_EQ(error_of(v + "<host id=\"a\" coordinates=\"0 0 1\" speed=\"1Gf\"/>\n"
                         "<peer id=\"p\" coordinates=\"0 0 1\" speed=\"1Gf\" bw_in=\"1MBps\" "
                         "bw_out=\"1MBps\"/>\n</zone>\n</platform>\n"),
            "F:4: <peer> in zone 'v' beside its <host>s or <router>s (line 3): SimGrid takes "
            "peers in a zone with links and zones, not with hosts or routers (its DTD)");
  EXPECT_EQ(error_of(v + "<peer id=\"p\" coordinates=\"0 0 1\" speed=\"1Gf\" bw_in=\"1MBps\" "
                         "bw_out=\"1MBps\"/>\n<router id=\"r\" coordinates=\"0 0 1\"/>\n"
                         "</zone>\n</platform>\n"),
            "F:4: <router> in zone 'v' beside its <peer>s (line 3): SimGrid takes peers in a zone "
            "with links and zones, not with hosts or routers (its DTD)");
  EXPECT_EQ(error_of(v + "<host id=\"a\" coordinates=\"0 0 0\" speed=\"1Gf\"/>\n"
                         "<host id=\"b\" coordinates=\"1e200 1e200 0\" speed=\"1Gf\"/>\n"
                         "</zone>\n</platform>\n"),
            "F:4: the Vivaldi latency between 'a' and 'b' is infinite: their coordinates are too "
            "far apart");
  // Latency 0 and no link: no route (SimGrid: "no connecting path"), unless a peer's links
  // make one.
  const ImportedPlatform z =
      parse_simgrid_platform(v + "<host id=\"a\" coordinates=\"1 1 0\" speed=\"1Gf\"/>\n"
                                 "<host id=\"b\" coordinates=\"1 1 0\" speed=\"1Gf\"/>\n"
                                 "</zone>\n</platform>\n",
                             "F");
  EXPECT_TRUE(z.topology.routes->missing(2, 0, 1));
  EXPECT_TRUE(z.topology.routes->missing(2, 0, 0));
  EXPECT_EQ(z.missing_routes, 4u);  // a-b, b-a, a-a, b-b
  const ImportedPlatform zp = parse_simgrid_platform(
      v + "<peer id=\"p\" coordinates=\"1 1 0\" speed=\"1Gf\" bw_in=\"1MBps\" bw_out=\"2MBps\"/>\n"
          "<peer id=\"q\" coordinates=\"1 1 0\" speed=\"1Gf\" bw_in=\"1MBps\" bw_out=\"2MBps\"/>\n"
          "</zone>\n</platform>\n",
      "F");
  EXPECT_EQ(route_names(build_topology(zp.topology), 0, 1), "link_p_UP link_q_DOWN");
  EXPECT_EQ(zp.missing_routes, 0u);
  // A Vivaldi zone holding a single zone routes nothing, and has no link of its own.
  const ImportedPlatform one = parse_simgrid_platform(
      v + "<zone id=\"in\" routing=\"Full\"><host id=\"a\" speed=\"1Gf\"/></zone>\n"
          "</zone>\n</platform>\n",
      "F");
  const NetworkTopology o = build_topology(one.topology);
  ASSERT_EQ(o.links().size(), 1u);
  EXPECT_EQ(o.links()[0].name, "__loopback__");
}

// <trace> (its profile in its text, periodicity an attribute) and <trace_connect kind="SPEED">
// give a host its speed profile, as speed_file does (SimGrid 3.32 through sgref on this
// platform: the same task times as with the profile in a file).
TEST(SimgridZoneTree, TraceConnectGivesAHostItsSpeedProfile) {
  const std::string hosts =
      "<host id=\"a\" speed=\"1Gf\"/><host id=\"b\" speed=\"1Gf\"/>\n"  // line 4
      "<link id=\"l\" bandwidth=\"1GBps\" latency=\"0\"/>\n"
      "<route src=\"a\" dst=\"b\"><link_ctn id=\"l\"/></route>\n";
  const std::string trace =
      "<trace id=\"A\" periodicity=\"2.0\">\n0 1.0\n0.5 0.25\n1.0 2.0\n</trace>\n";  // 7-11
  const ImportedPlatform p = parse_simgrid_platform(
      platform(hosts + trace + "<trace_connect kind=\"SPEED\" trace=\"A\" element=\"b\"/>\n"), "F");
  ASSERT_EQ(p.speed_profiles.size(), 1u);
  EXPECT_EQ(p.hosts[0].speed_profile, ImportedPlatform::kNoSpeedProfile);
  ASSERT_EQ(p.hosts[1].speed_profile, 0u);
  EXPECT_EQ(p.speed_profiles[0].period, 2.0);
  EXPECT_EQ(p.speed_profiles[0].scales, (std::vector<double>{1.0, 0.25, 2.0}));
  // SimGrid reads the attribute as a plain number, -1 (or 0) for no repeat; pelsim also takes
  // a time with its unit.
  std::string once = trace;
  once.replace(once.find("2.0\">"), 3, "-1");
  EXPECT_EQ(parse_simgrid_platform(platform(hosts + once), "F").speed_profiles[0].period, 0.0);
  std::string unit = trace;
  unit.replace(unit.find("2.0\">"), 3, "2s");
  EXPECT_EQ(parse_simgrid_platform(platform(hosts + unit), "F").speed_profiles[0].period, 2.0);
  // Errors at their lines: in the trace's text, the connection's kind, trace and element.
  EXPECT_EQ(error_of(platform(hosts + "<trace id=\"A\">\n0 1.0\n0.5 0\n</trace>\n")),
            "F:9: a speed scale must be a finite number > 0");
  // (A comment over lines in the text keeps the lines after it at their place.)
  EXPECT_EQ(error_of(platform(hosts + "<trace id=\"A\">\n0 1.0\n<!-- a\nb -->\n0.5 0\n</trace>\n")),
            "F:11: a speed scale must be a finite number > 0");
  EXPECT_EQ(error_of(platform(hosts + trace +
                              "<trace_connect kind=\"BANDWIDTH\" trace=\"A\" "
                              "element=\"l\"/>\n")),
            "F:12: <trace_connect kind=\"BANDWIDTH\"> is not supported (pelsim reads "
            "kind=\"SPEED\", a host's speed profile; core failures are set in the scenario, "
            "links keep their bandwidth and latency)");
  EXPECT_EQ(error_of(platform(hosts +
                              "<trace_connect kind=\"SPEED\" trace=\"A\" "
                              "element=\"b\"/>\n" +
                              trace)),
            "F:7: <trace_connect> trace 'A' is not a <trace> declared before it (SimGrid: trace "
            "unknown)");
  EXPECT_EQ(error_of(platform(hosts + trace +
                              "<trace_connect kind=\"SPEED\" trace=\"A\" "
                              "element=\"l\"/>\n")),
            "F:12: <trace_connect> element 'l' is not a <host>");
  // One trace for two hosts: SimGrid 3.32 keeps the first connection only, pelsim refuses.
  EXPECT_EQ(error_of(platform(hosts + trace +
                              "<trace_connect kind=\"SPEED\" trace=\"A\" element=\"a\"/>\n"
                              "<trace_connect kind=\"SPEED\" trace=\"A\" element=\"b\"/>\n")),
            "F:13: <trace> 'A' is connected already (line 12; SimGrid keeps the first connection "
            "of a trace and ignores the others: declare one <trace> per host)");
  EXPECT_EQ(error_of(platform(hosts + "<trace id=\"A\"/>\n")),
            "F:7: <trace> 'A' has neither a file nor a profile in its text (SimGrid refuses it)");
}

// A zone of one cluster and nothing else keeps the cluster's own topology (a routing the zone
// cannot use is no error then, as before).
TEST(SimgridZoneTree, OneClusterInAZoneIsAClusterPlatform) {
  const ImportedPlatform p = parse_simgrid_platform(
      platform("<cluster id=\"c\" prefix=\"n\" suffix=\"\" radical=\"0-3\" speed=\"1Gf\" "
               "bw=\"1GBps\" lat=\"0\" topology=\"TORUS\" topo_parameters=\"4\"/>\n",
               "Vivaldi"),
      "F");
  EXPECT_EQ(p.cluster_id, "c");
  EXPECT_TRUE(p.hosts.empty());
  EXPECT_EQ(p.topology.kind, TopologyKind::kRing);
}

}  // namespace
}  // namespace pelsim::models
