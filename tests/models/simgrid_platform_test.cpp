// Tests of the SimGrid platform reader (models/src/simgrid_platform.cpp) and of SimGrid's units
// (parse_simgrid_quantity).
//
// Unless a comment says otherwise, an expected value is arithmetic on the XML of the test, with
// SimGrid's unit table (src/xbt/xbt_parse_units.cpp: k/M/G = 1e3/1e6/1e9, Ki = 1024, "Bps" bytes,
// "bps" bits = Bps / 8, "us" = 1e-6 s) and the mapping of docs/models/simgrid-platforms.md.
// Error lines count from line 1 = the first line of the XML text.
#include "pelsim/models/simgrid_platform.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <string>

#include "pelsim/models/error.hpp"
#include "pelsim/models/units.hpp"
#include "simgrid_test_support.hpp"

namespace pelsim::models {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// `cluster` (a whole <cluster .../> element) in a version 4.1 platform: the cluster is on line 3.
std::string platform(const std::string& cluster) {
  return "<?xml version='1.0'?>\n<platform version=\"4.1\">\n" + cluster + "\n</platform>\n";
}

using testing::error_of;

std::string shared_platform(const char* name) {
  return std::string(PELSIM_SHARED_DIR) + "/workloads/simgrid/platforms/" + name;
}

#define SKIP_IF_MISSING(path) \
  if (!std::filesystem::exists(path)) GTEST_SKIP() << (path) << " not found"

TEST(SimgridUnits, SpeedsFollowSimgridTable) {
  EXPECT_EQ(parse_simgrid_quantity("1Gf", Quantity::kSpeed), 1e9);
  EXPECT_EQ(parse_simgrid_quantity("100Mf", Quantity::kSpeed), 1e8);
  EXPECT_EQ(parse_simgrid_quantity("25Mf", Quantity::kSpeed), 2.5e7);
  EXPECT_EQ(parse_simgrid_quantity("2kf", Quantity::kSpeed), 2e3);
  EXPECT_EQ(parse_simgrid_quantity("1.5gigaflops", Quantity::kSpeed), 1.5e9);
  EXPECT_EQ(parse_simgrid_quantity("3flops", Quantity::kSpeed), 3);
  EXPECT_EQ(parse_simgrid_quantity("1e9", Quantity::kSpeed), 1e9);  // plain = f
  // Not SimGrid spellings: "GFlops" (SimGrid has Gf or gigaflops), "GHz", "Kf" (kilo is k).
  EXPECT_THROW(parse_simgrid_quantity("1.5GFlops", Quantity::kSpeed), InputError);
  EXPECT_THROW(parse_simgrid_quantity("2GHz", Quantity::kSpeed), InputError);
  EXPECT_THROW(parse_simgrid_quantity("1Kf", Quantity::kSpeed), InputError);
}

TEST(SimgridUnits, BandwidthsBytesAndBits) {
  EXPECT_EQ(parse_simgrid_quantity("125MBps", Quantity::kBandwidth), 1.25e8);
  EXPECT_EQ(parse_simgrid_quantity("1GBps", Quantity::kBandwidth), 1e9);
  EXPECT_EQ(parse_simgrid_quantity("2.25GBps", Quantity::kBandwidth), 2.25e9);
  EXPECT_EQ(parse_simgrid_quantity("10Gbps", Quantity::kBandwidth), 1.25e9);  // 1e10 bits / 8
  EXPECT_EQ(parse_simgrid_quantity("1KiBps", Quantity::kBandwidth), 1024);
  EXPECT_EQ(parse_simgrid_quantity("1MiBps", Quantity::kBandwidth), 1048576);
  EXPECT_EQ(parse_simgrid_quantity("8Kibps", Quantity::kBandwidth), 1024);  // 8 * 1024 / 8
  EXPECT_EQ(parse_simgrid_quantity("1kBps", Quantity::kBandwidth), 1000);
  EXPECT_EQ(parse_simgrid_quantity("1bps", Quantity::kBandwidth), 0.125);
  EXPECT_EQ(parse_simgrid_quantity("100", Quantity::kBandwidth), 100);  // plain = Bps
  EXPECT_EQ(parse_simgrid_quantity("64KiB", Quantity::kBytes), 65536);
  EXPECT_EQ(parse_simgrid_quantity("8Mb", Quantity::kBytes), 1e6);
  EXPECT_THROW(parse_simgrid_quantity("1KBps", Quantity::kBandwidth), InputError);  // kilo is k
  EXPECT_THROW(parse_simgrid_quantity("10GB/s", Quantity::kBandwidth), InputError);
}

TEST(SimgridUnits, Times) {
  EXPECT_EQ(parse_simgrid_quantity("50us", Quantity::kTime), 50 * 1e-6);
  EXPECT_DOUBLE_EQ(parse_simgrid_quantity("50us", Quantity::kTime), 5e-5);
  EXPECT_EQ(parse_simgrid_quantity("1ms", Quantity::kTime), 1e-3);
  EXPECT_EQ(parse_simgrid_quantity("0", Quantity::kTime), 0);
  EXPECT_EQ(parse_simgrid_quantity("0s", Quantity::kTime), 0);
  EXPECT_EQ(parse_simgrid_quantity("2", Quantity::kTime), 2);     // plain = s
  EXPECT_EQ(parse_simgrid_quantity("2m", Quantity::kTime), 120);  // SimGrid's m is a minute
  EXPECT_EQ(parse_simgrid_quantity("1h", Quantity::kTime), 3600);
  EXPECT_EQ(parse_simgrid_quantity("1w", Quantity::kTime), 604800);  // 7 * 24 * 3600
  EXPECT_EQ(parse_simgrid_quantity("3ns", Quantity::kTime), 3 * 1e-9);
}

TEST(SimgridUnits, BadValuesSayWhy) {
  try {
    parse_simgrid_quantity("12XBps", Quantity::kBandwidth);
    FAIL() << "no throw";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("bad bandwidth '12XBps': unknown unit 'XBps'"),
              std::string::npos)
        << e.what();
  }
  EXPECT_THROW(parse_simgrid_quantity("", Quantity::kTime), InputError);
  EXPECT_THROW(parse_simgrid_quantity("fast", Quantity::kSpeed), InputError);
  EXPECT_THROW(parse_simgrid_quantity("-1s", Quantity::kTime), InputError);
  EXPECT_THROW(parse_simgrid_quantity("1 s", Quantity::kTime), InputError);  // no blank
  EXPECT_THROW(parse_simgrid_quantity("1W", Quantity::kPower), InputError);
}

// cluster_backbone.xml: radical 0-99, speed 1Gf, bw 125MBps, lat 50us, bb_bw 2.25GBps,
// bb_lat 500us, no topology (FLAT), default bb_sharing_policy SHARED.
// Found by fuzz/simgrid_platform_fuzzer (fuzz/regressions/simgrid_platform/
// entity-newline-before-root.xml): the line of stray text outside the root element was
// counted in the text with its entities replaced, so `&#xa;` (a line feed written as a
// reference) moved the error to a line the file does not have. The XML tokenizer is the DAX
// reader's too.
TEST(SimgridPlatform, StrayTextIsPlacedAtItsLineInTheFile) {
  EXPECT_EQ(error_of("&#xa;0dd3gFUNLDUPLEX<"), "F:1: text before the root element");
  EXPECT_EQ(error_of("<?xml version=\"1.0\"?>\n&#xa;&#x20;\n  x&#xa;<platform/>"),
            "F:3: text before the root element");
  EXPECT_EQ(error_of("<platform version=\"4.1\"/>\n&#10;\n&amp;"),
            "F:3: text after the root element");
}

TEST(SimgridPlatform, BackboneCluster) {
  const std::string path = shared_platform("cluster_backbone.xml");
  SKIP_IF_MISSING(path);
  const ImportedPlatform p = read_simgrid_platform(path);
  EXPECT_EQ(p.cluster_id, "cluster0");
  EXPECT_EQ(p.nodes, 100u);
  EXPECT_EQ(p.cores_per_node, 1u);
  EXPECT_EQ(p.core_speed, 1e9);
  EXPECT_EQ(p.host_name(0), "node-0.simgrid.org");
  EXPECT_EQ(p.host_name(99), "node-99.simgrid.org");
  const TopologySpec& t = p.topology;
  EXPECT_EQ(t.kind, TopologyKind::kCrossbar);
  EXPECT_EQ(t.nodes, 100u);
  EXPECT_EQ(t.nic_bandwidth, 1.25e8);
  EXPECT_DOUBLE_EQ(t.nic_latency, 5e-5);
  EXPECT_EQ(t.link_bandwidth, 1.25e8);
  EXPECT_EQ(t.backbone_bandwidth, 2.25e9);
  EXPECT_DOUBLE_EQ(t.backbone_latency, 5e-4);
  EXPECT_TRUE(t.backbone_shared);
  // No loopback attributes: SimGrid's network/loopback-bw = 10GBps, loopback-lat = 0, FATPIPE.
  EXPECT_EQ(p.intra_bandwidth, 1e10);
  EXPECT_EQ(p.intra_latency, 0);
  EXPECT_FALSE(p.intra_shared);
}

// cluster_crossbar.xml: one cluster in a Full zone, radical 0-65535 (65536 hosts), no backbone.
TEST(SimgridPlatform, CrossbarClusterOf65536Hosts) {
  const std::string path = shared_platform("cluster_crossbar.xml");
  SKIP_IF_MISSING(path);
  const ImportedPlatform p = read_simgrid_platform(path);
  EXPECT_EQ(p.cluster_id, "cluster-crossbar");
  EXPECT_EQ(p.nodes, 65536u);
  EXPECT_EQ(p.topology.nodes, 65536u);
  EXPECT_EQ(p.topology.kind, TopologyKind::kCrossbar);
  EXPECT_EQ(p.topology.nic_bandwidth, 1.25e8);
  EXPECT_EQ(p.topology.backbone_bandwidth, kInf);  // no bb_bw: no backbone
  EXPECT_EQ(p.host_name(65535), "node-65535.simgrid.org");
  EXPECT_THROW(p.host_name(65536), std::out_of_range);
}

// cluster_fat_tree.xml: FAT_TREE "2;4,4;1,2;1,2" (4 x 4 = 16 hosts, radical 0-15),
// loopback_bw 100MBps, loopback_lat 0.
TEST(SimgridPlatform, FatTreeCluster) {
  const std::string path = shared_platform("cluster_fat_tree.xml");
  SKIP_IF_MISSING(path);
  const ImportedPlatform p = read_simgrid_platform(path);
  EXPECT_EQ(p.cluster_id, "bob_cluster");
  EXPECT_EQ(p.nodes, 16u);
  const TopologySpec& t = p.topology;
  EXPECT_EQ(t.kind, TopologyKind::kFatTree);
  EXPECT_EQ(t.parameters, "2;4,4;1,2;1,2");
  EXPECT_EQ(t.link_bandwidth, 1.25e8);
  EXPECT_DOUBLE_EQ(t.link_latency, 5e-5);
  // The host-to-leaf cables are pelsim's NIC links, with the tree's values (< 0: the link's).
  EXPECT_LT(t.nic_bandwidth, 0);
  EXPECT_LT(t.nic_latency, 0);
  EXPECT_EQ(p.intra_bandwidth, 1e8);
  EXPECT_EQ(p.intra_latency, 0);
}

// SimGrid's eight example platforms: three clusters and five Full zones of hosts (each file's
// host and core counts read off its XML).
TEST(SimgridPlatform, EveryExamplePlatformIsRead) {
  const struct {
    const char* name;
    std::uint32_t nodes, first_cores;
  } files[] = {{"cluster_backbone.xml", 100, 1},    {"cluster_crossbar.xml", 65536, 1},
               {"cluster_fat_tree.xml", 16, 1},     {"two_hosts.xml", 2, 1},
               {"small_platform.xml", 7, 1},        {"multicore_machine.xml", 1, 6},
               {"three_multicore_hosts.xml", 3, 4}, {"simulacrum_7_hosts.xml", 7, 1}};
  // The copies shipped with the scenarios (LGPL, licence beside them).
  const std::string dir =
      std::string(PELSIM_TEST_DATA) + "/../../scenarios/workloads/simgrid/platforms/";
  for (const auto& f : files) {
    const ImportedPlatform p = read_simgrid_platform(dir + f.name);
    EXPECT_EQ(p.nodes, f.nodes) << f.name;
    EXPECT_EQ(p.cores_per_node, f.first_cores) << f.name;
    EXPECT_EQ(build_topology(p.topology).node_count(), f.nodes) << f.name;
  }
}

// A zone inside a zone (SimGrid's hierarchical platforms) is refused at its line, and so is a
// zoneRoute (ASroute in version 4.0).
// What a nested zone must hold, and what a zone route must name (SimGrid's checks, in
// RoutedZone::add_route_check_params; hosts beside zones: see close_zone).
TEST(SimgridPlatform, NestedZonesAreChecked) {
  EXPECT_EQ(error_of("<platform version=\"4.1\">\n<zone id=\"a\" routing=\"Full\">\n"
                     "<zone id=\"b\" routing=\"Full\"/>\n</zone>\n</platform>"),
            "F:3: <zone> 'b' has no <host>, <cluster> or <zone>");
  EXPECT_EQ(error_of("<platform version=\"4\">\n<AS id=\"a\" routing=\"Full\">\n"
                     "<ASroute src=\"b\" dst=\"c\" gw_src=\"x\" gw_dst=\"y\"/>\n</AS>\n"
                     "</platform>"),
            "F:3: <ASroute> src 'b' is not a <zone> or <cluster> declared before it");
}

// Version 4.0 names a zone <AS>; SimGrid 3.32 reads it as <zone> (in a 4.1 file too).
TEST(SimgridPlatform, AnAsIsAZone) {
  const std::string body =
      " id=\"z\" routing=\"Full\">\n<host id=\"a\" speed=\"1Gf\"/><host id=\"b\" "
      "speed=\"2Gf\"/>\n<link id=\"l\" bandwidth=\"1GBps\" latency=\"1us\"/>\n"
      "<route src=\"a\" dst=\"b\"><link_ctn id=\"l\"/></route>\n";
  const ImportedPlatform as =
      parse_simgrid_platform("<platform version=\"4\">\n<AS" + body + "</AS>\n</platform>\n", "F");
  const ImportedPlatform zone = parse_simgrid_platform(
      "<platform version=\"4.1\">\n<zone" + body + "</zone>\n</platform>\n", "F");
  EXPECT_EQ(as.cluster_id, "z");
  EXPECT_EQ(as.nodes, 2u);
  EXPECT_EQ(as.hosts[1].speed, 2e9);
  EXPECT_EQ(as.zone_routing, zone.zone_routing);
  EXPECT_EQ(as.topology.routes->route_links, zone.topology.routes->route_links);
  EXPECT_EQ(error_of("<platform version=\"4\">\n<AS id=\"z\" routing=\"Full\" colour=\"r\">"
                     "</AS>\n</platform>\n"),
            "F:2: unknown attribute 'colour' of <AS> (known: id, routing)");
}

// TORUS "2,3,4": 3 dimensions -> torus3d {2, 3, 4}, 24 hosts; no per-host link.
TEST(SimgridPlatform, Torus3d) {
  const ImportedPlatform p = parse_simgrid_platform(
      platform("<cluster id=\"t\" prefix=\"n\" suffix=\"\" radical=\"0-23\" speed=\"1Gf\" "
               "bw=\"10Gbps\" lat=\"1us\" topology=\"TORUS\" topo_parameters=\"2,3,4\"/>"),
      "F");
  EXPECT_EQ(p.nodes, 24u);
  EXPECT_EQ(p.topology.kind, TopologyKind::kTorus3d);
  EXPECT_EQ(p.topology.dims, (std::vector<std::uint32_t>{2, 3, 4}));
  EXPECT_EQ(p.topology.link_bandwidth, 1.25e9);  // 10e9 bits / 8
  EXPECT_EQ(p.topology.link_latency, 1e-6);
  EXPECT_EQ(p.topology.nic_bandwidth, kInf);
  EXPECT_EQ(p.topology.nic_latency, 0);
  EXPECT_EQ(p.host_name(5), "n5");
}

// TORUS "8" -> ring of 8; "4,4" -> torus2d {4, 4}; "2,2,2,2" -> 4 dimensions: an error.
TEST(SimgridPlatform, TorusDimensions) {
  auto torus = [](const std::string& radical, const std::string& params) {
    return platform("<cluster id=\"t\" prefix=\"n\" suffix=\"\" radical=\"" + radical +
                    "\" speed=\"1Gf\" bw=\"1GBps\" lat=\"1us\" topology=\"TORUS\" "
                    "topo_parameters=\"" +
                    params + "\"/>");
  };
  EXPECT_EQ(parse_simgrid_platform(torus("0-7", "8"), "F").topology.kind, TopologyKind::kRing);
  const ImportedPlatform p2 = parse_simgrid_platform(torus("0-15", "4,4"), "F");
  EXPECT_EQ(p2.topology.kind, TopologyKind::kTorus2d);
  EXPECT_EQ(p2.topology.dims, (std::vector<std::uint32_t>{4, 4}));
  EXPECT_NE(error_of(torus("0-15", "2,2,2,2"))
                .find("F:3: <cluster topology=\"TORUS\"> of 4 "
                      "dimensions is not supported"),
            std::string::npos);
  EXPECT_NE(error_of(torus("0-15", "4,3"))
                .find("describe 4 x 3 = 12 hosts, but radical '0-15' "
                      "gives 16"),
            std::string::npos)
      << error_of(torus("0-15", "4,3"));
  EXPECT_NE(error_of(torus("0-15", "4,x")).find("'x' is not a positive integer"),
            std::string::npos);
}

// DRAGONFLY "3,4;4,3;5,1;2": 3 groups x 4 chassis x 5 routers x 2 nodes = 120 hosts; the
// host-to-router links are the NICs (bw, lat).
TEST(SimgridPlatform, Dragonfly) {
  const ImportedPlatform p = parse_simgrid_platform(
      platform("<cluster id=\"d\" prefix=\"h-\" suffix=\".x\" radical=\"0-119\" speed=\"2Gf\" "
               "bw=\"1GBps\" lat=\"2us\" topology=\"DRAGONFLY\" "
               "topo_parameters=\"3,4;4,3;5,1;2\"/>"),
      "F");
  EXPECT_EQ(p.nodes, 120u);
  EXPECT_EQ(p.topology.kind, TopologyKind::kDragonfly);
  EXPECT_EQ(p.topology.parameters, "3,4;4,3;5,1;2");
  EXPECT_EQ(p.topology.link_bandwidth, 1e9);
  EXPECT_EQ(p.topology.nic_bandwidth, 1e9);
  EXPECT_EQ(p.topology.nic_latency, 2e-6);
  EXPECT_EQ(p.core_speed, 2e9);
  const std::string wrong = error_of(platform(
      "<cluster id=\"d\" prefix=\"h-\" suffix=\"\" radical=\"0-99\" speed=\"2Gf\" "
      "bw=\"1GBps\" lat=\"2us\" topology=\"DRAGONFLY\" topo_parameters=\"3,4;4;5,1;2\"/>"));
  EXPECT_NE(wrong.find("F:3: <cluster> topo_parameters '3,4;4;5,1;2': part 2 has 1 numbers"),
            std::string::npos)
      << wrong;
}

// FAT_TREE: "2;4,4;1,2;1,2" needs 4 x 4 = 16 hosts; a vector of the wrong length is an error.
TEST(SimgridPlatform, FatTreeParameterErrors) {
  auto tree = [](const std::string& radical, const std::string& params) {
    return platform("<cluster id=\"f\" prefix=\"n\" suffix=\"\" radical=\"" + radical +
                    "\" speed=\"1Gf\" bw=\"1GBps\" lat=\"1us\" topology=\"FAT_TREE\" "
                    "topo_parameters=\"" +
                    params + "\"/>");
  };
  EXPECT_NE(error_of(tree("0-7", "2;4,4;1,2;1,2"))
                .find("describe m1 x ... x mh = 4 x 4 = 16 "
                      "hosts, but radical '0-7' gives 8"),
            std::string::npos);
  EXPECT_NE(error_of(tree("0-15", "2;4,4;1;1,2")).find("1 up links w for 2 levels"),
            std::string::npos);
  EXPECT_NE(error_of(tree("0-15", "2;4,4;1,2")).find("a FAT_TREE has 4 parts"), std::string::npos);
  EXPECT_NE(error_of(tree("0-15", "")).find("needs topo_parameters=\"h;m1,...,mh;"),
            std::string::npos);
}

// core="4", speed as a pstate list (the first is the speed), radical with gaps, loopback.
TEST(SimgridPlatform, CoresPstatesRadicalsAndLoopback) {
  const ImportedPlatform p = parse_simgrid_platform(
      platform("<cluster id=\"c\" prefix=\"node\" suffix=\"\" radical=\"0-3,8,10-11\" "
               "speed=\"100Mf, 50Mf\" core=\"4\" bw=\"1GBps\" lat=\"10us\" "
               "loopback_bw=\"5GBps\" loopback_lat=\"1us\">\n"
               "  <prop id=\"wattage_per_state\" value=\"100:120\"/>\n</cluster>"),
      "F");
  EXPECT_EQ(p.nodes, 7u);  // 4 + 1 + 2
  EXPECT_EQ(p.cores_per_node, 4u);
  EXPECT_EQ(p.core_speed, 1e8);
  EXPECT_EQ(p.host_name(3), "node3");
  EXPECT_EQ(p.host_name(4), "node8");
  EXPECT_EQ(p.host_name(6), "node11");
  EXPECT_EQ(p.intra_bandwidth, 5e9);
  EXPECT_EQ(p.intra_latency, 1e-6);
  EXPECT_FALSE(p.intra_shared);  // SimGrid's cluster loopback is FATPIPE
}

// bb_sharing_policy FATPIPE: the backbone gives each flow its full bandwidth.
TEST(SimgridPlatform, FatpipeBackboneInAZone) {
  const ImportedPlatform p = parse_simgrid_platform(
      "<platform version=\"4.1\">\n<zone id=\"w\" routing=\"Full\">\n"
      "<cluster id=\"c\" prefix=\"n\" suffix=\"\" radical=\"0-1\" speed=\"1Gf\" bw=\"1GBps\" "
      "lat=\"0\" bb_bw=\"10GBps\" bb_lat=\"1ms\" bb_sharing_policy=\"FATPIPE\"/>\n"
      "</zone>\n</platform>\n",
      "F");
  EXPECT_EQ(p.topology.backbone_bandwidth, 1e10);
  EXPECT_EQ(p.topology.backbone_latency, 1e-3);
  EXPECT_FALSE(p.topology.backbone_shared);
}

TEST(SimgridPlatform, AttributeErrors) {
  const std::string base =
      "id=\"c\" prefix=\"n\" suffix=\"\" radical=\"0-3\" speed=\"1Gf\" bw=\"1GBps\" lat=\"1us\"";
  auto with = [&](const std::string& extra) {
    return error_of(platform("<cluster " + base + " " + extra + "/>"));
  };
  EXPECT_EQ(with("colour=\"red\""),
            "F:3: unknown attribute 'colour' of <cluster> (known: id, prefix, suffix, radical, "
            "speed, core, bw, lat, sharing_policy, topology, topo_parameters, bb_bw, bb_lat, "
            "bb_sharing_policy, router_id, limiter_link, loopback_bw, loopback_lat)");
  EXPECT_EQ(error_of(platform("<cluster id=\"c\" prefix=\"n\" suffix=\"\" radical=\"0-3\" "
                              "speed=\"1Gf\" lat=\"1us\"/>")),
            "F:3: <cluster> has no bw attribute (required: id, prefix, suffix, radical, speed, "
            "bw, lat)");
  EXPECT_NE(error_of(platform("<cluster id=\"c\" prefix=\"n\" radical=\"0-3\" speed=\"1Gf\" "
                              "bw=\"1GBps\" lat=\"1us\"/>"))
                .find("has no suffix attribute"),
            std::string::npos);
  // (A FLAT cluster takes them: SimGrid's StarZone, simgrid_zone_tree_test.cpp.)
  EXPECT_NE(with("limiter_link=\"1GBps\" topology=\"TORUS\" topo_parameters=\"4\"")
                .find("F:3: <cluster> attribute limiter_link is not "
                      "supported"),
            std::string::npos);
  EXPECT_NE(with("sharing_policy=\"SHARED\" topology=\"TORUS\" topo_parameters=\"4\"")
                .find("sharing_policy=\"SHARED\" is not supported"),
            std::string::npos);
  EXPECT_NE(with("topology=\"HYPERCUBE\"")
                .find("unknown topology 'HYPERCUBE' (known: FLAT, "
                      "TORUS, FAT_TREE, DRAGONFLY)"),
            std::string::npos);
  EXPECT_NE(with("core=\"0\"").find("core must be an integer >= 1"), std::string::npos);
  EXPECT_NE(with("bb_lat=\"1ms\"").find("has bb_lat but no bb_bw"), std::string::npos);
  EXPECT_NE(with("loopback_lat=\"1ms\"").find("has loopback_lat but no loopback_bw"),
            std::string::npos);
}

TEST(SimgridPlatform, BadUnitsAndRadicals) {
  auto cluster = [](const std::string& radical, const std::string& speed, const std::string& bw,
                    const std::string& lat) {
    return error_of(platform("<cluster id=\"c\" prefix=\"n\" suffix=\"\" radical=\"" + radical +
                             "\" speed=\"" + speed + "\" bw=\"" + bw + "\" lat=\"" + lat + "\"/>"));
  };
  EXPECT_NE(cluster("0-3", "1Gf", "10GB/s", "1us")
                .find("F:3: <cluster> attribute bw: bad bandwidth '10GB/s': unknown unit 'GB/s'"),
            std::string::npos);
  EXPECT_NE(cluster("0-3", "1GHz", "1GBps", "1us").find("attribute speed: bad speed '1GHz'"),
            std::string::npos);
  EXPECT_NE(cluster("0-3", "1Gf", "1GBps", "1 sec").find("attribute lat: bad time"),
            std::string::npos);
  EXPECT_NE(cluster("0-3", "1Gf", "0Bps", "1us").find("bw must be > 0"), std::string::npos);
  EXPECT_NE(cluster("3-0", "1Gf", "1GBps", "1us").find("'3-0' is an empty range"),
            std::string::npos);
  EXPECT_NE(cluster("0-3-5", "1Gf", "1GBps", "1us").find("is not a value or a range"),
            std::string::npos);
  EXPECT_NE(cluster("a-3", "1Gf", "1GBps", "1us").find("of integers >= 0"), std::string::npos);
  EXPECT_NE(cluster("0-3,2", "1Gf", "1GBps", "1us").find("gives host n2 twice"), std::string::npos);
}

TEST(SimgridPlatform, StructureErrors) {
  const std::string c =
      "<cluster id=\"c\" prefix=\"n\" suffix=\"\" radical=\"0-3\" speed=\"1Gf\" bw=\"1GBps\" "
      "lat=\"1us\"/>";
  // Two clusters: the second (line 4) names the first (line 3).
  EXPECT_EQ(error_of(platform(c + "\n" + c)),
            "F:4: a second <cluster> (the first is at line 3): several clusters go in a <zone>, "
            "joined by <zoneRoute> (see docs/models/simgrid-platforms.md)");
  EXPECT_EQ(error_of("<platform version=\"4.1\">\n<zone id=\"z\" routing=\"Full\">\n"
                     "<link id=\"l\" bandwidth=\"1GBps\" latency=\"0\"/>\n</zone>\n</platform>"),
            "F:2: <zone> 'z' has no <host>, <cluster> or <zone>");
  EXPECT_NE(error_of("<platform version=\"4.1\">\n</platform>\n").find("F:1: no <cluster>"),
            std::string::npos);
  EXPECT_NE(error_of("<platform version=\"3\">\n" + c + "\n</platform>")
                .find("version 3 is not "
                      "supported"),
            std::string::npos);
  EXPECT_NE(error_of("<adag/>").find("F:1: expected the <platform> root element"),
            std::string::npos);
}

// Malformed XML: the tokenizer's message, with the line of the fault.
TEST(SimgridPlatform, MalformedXmlGivesTheLine) {
  EXPECT_EQ(error_of("<?xml version='1.0'?>\n<platform version=\"4.1\">\n<!-- ok -->\n"
                     "<zone id=\"z\" routing=\"Full\">\n</platform>\n"),
            "F:5: closing tag </platform> does not match <zone> opened at line 4");
  EXPECT_EQ(error_of("<platform version=\"4.1\">\n<cluster id=\"c\" id=\"d\"/>\n</platform>"),
            "F:2: attribute 'id' given twice in <cluster>");
  EXPECT_EQ(error_of("<platform version=\"4.1\">\n\n<cluster id=\"c\"\n"),
            "F:3: unterminated tag <cluster>");
}

TEST(SimgridPlatform, MissingFile) {
  EXPECT_THROW(read_simgrid_platform("/nonexistent/platform.xml"), InputError);
}

}  // namespace
}  // namespace pelsim::models
