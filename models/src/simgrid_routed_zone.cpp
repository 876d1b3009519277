// SimGrid zones of hosts, routers, links and routes: Full, Floyd, Dijkstra (see
// simgrid_routed_zone.hpp and docs/models/simgrid-platforms.md).
//
// SimGrid 3.32's rules followed here:
//   - <host speed="a,b,..." pstate="k">: the speed is pstate k's (default 0), per core; `core`
//     cores (default 1). Hosts and routers are netpoints, numbered in declaration order, each
//     name given once.
//   - <link sharing_policy=...>: SHARED (default) is one resource for both directions of every
//     route crossing it; FATPIPE gives each flow the whole bandwidth; SPLITDUPLEX makes two
//     links, id_UP and id_DOWN, and a <link_ctn> to it must say direction="UP" or "DOWN".
//   - <route src dst symmetrical="YES">: also gives dst -> src with the links in reverse order
//     and each split-duplex direction swapped (RoutedZone::new_extended_route,
//     NetZoneImpl::get_link_list_impl(backroute)). A route is given once per direction; an
//     empty route is an error. Netpoints and links are declared before the routes naming them.
//     A Full zone takes a symmetrical route from a netpoint to itself once; Floyd and Dijkstra
//     zones refuse it (its way back is the same route, given twice).
//   - Full: the route between two hosts is the one given. Floyd and Dijkstra: the routes given
//     join netpoints, and the route between two hosts is the shortest chain of them counted in
//     links, ties broken as SimGrid does (simgrid_zone_paths.hpp).
//   - A netpoint without a route to itself uses the network model's loopback: "__loopback__",
//     network/loopback-lat = 0 s, network/loopback-bw = 10GBps, FATPIPE (FullZone::do_seal,
//     FloydZone::do_seal, DijkstraZone::do_seal).
//   - A pair of hosts without a route fails in SimGrid when a transfer needs it, and so it does
//     in pelsim: its route in the table is empty (RouteTable), and the run stops with an error
//     when a transfer needs it.
#include "simgrid_routed_zone.hpp"

#include <algorithm>
#include <charconv>
#include <limits>
#include <memory>
#include <string_view>
#include <system_error>
#include <utility>

#include "pelsim/models/error.hpp"
#include "pelsim/models/network_topology.hpp"
#include "pelsim/models/units.hpp"
#include "simgrid_zone_paths.hpp"

namespace pelsim::models {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_xml_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_xml_space(s.back())) s.remove_suffix(1);
  return s;
}

std::string join(std::initializer_list<std::string_view> names) {
  std::string out;
  for (std::string_view n : names) out += (out.empty() ? "" : ", ") + std::string(n);
  return out;
}

std::string quoted(const std::string& name) {
  return "'" + name + "'";
}

}  // namespace

void RoutedZoneReader::fail(std::uint32_t line, const std::string& reason) const {
  throw InputError(path_, line, reason);
}

void RoutedZoneReader::check_attributes(std::string_view tag,
                                        std::initializer_list<std::string_view> known) const {
  for (std::size_t i = 0; i < xml_.attribute_count(); ++i) {
    const std::string_view name = xml_.attribute_at(i).name;
    if (std::find(known.begin(), known.end(), name) == known.end())
      fail(xml_.line(), "unknown attribute '" + std::string(name) + "' of <" + std::string(tag) +
                            "> (known: " + join(known) + ")");
  }
}

const std::string& RoutedZoneReader::required(std::string_view tag, std::string_view name) const {
  const std::string* v = xml_.attribute(name);
  if (v == nullptr || v->empty())
    fail(xml_.line(), "<" + std::string(tag) + "> has no " + std::string(name) + " attribute");
  return *v;
}

double RoutedZoneReader::quantity(std::string_view tag, std::string_view name,
                                  const std::string& text, Quantity kind) const {
  try {
    return parse_simgrid_quantity(text, kind);
  } catch (const InputError& e) {
    fail(xml_.line(),
         "<" + std::string(tag) + "> attribute " + std::string(name) + ": " + e.reason());
  }
}

std::uint32_t RoutedZoneReader::netpoint_index(const std::string& name,
                                               std::string_view role) const {
  const auto it = netpoint_by_name_.find(name);
  if (it == netpoint_by_name_.end())
    fail(xml_.line(), "<route> " + std::string(role) + " " + quoted(name) +
                          " is not a <host> or <router> declared before it (routes join the "
                          "hosts and routers of this zone)");
  return it->second;
}

void RoutedZoneReader::add_netpoint(const std::string& name, std::string_view kind,
                                    std::uint32_t line) {
  const auto [it, added] =
      netpoint_by_name_.emplace(name, static_cast<std::uint32_t>(netpoints_.size()));
  if (!added)
    fail(line, std::string(kind) + " " + quoted(name) + " is declared twice (first at line " +
                   std::to_string(netpoint_lines_[it->second]) +
                   "; hosts and routers share one set of names)");
  netpoints_.push_back(name);
  netpoint_lines_.push_back(line);
  netpoint_host_.push_back(-1);
}

std::string RoutedZoneReader::route_name(std::uint32_t from, std::uint32_t to) const {
  return "the route from " + quoted(netpoints_[from]) + " to " + quoted(netpoints_[to]);
}

// Only <prop> children, ignored (they carry no model parameter pelsim uses).
void RoutedZoneReader::skip_children(std::string_view tag) {
  using Event = XmlTokenizer::Event;
  for (Event e = xml_.next(); e != Event::kEnd; e = xml_.next()) {
    if (e != Event::kStart) continue;
    if (xml_.name() != "prop")
      fail(xml_.line(), "<" + std::string(xml_.name()) + "> in <" + std::string(tag) +
                            "> is not supported (pelsim models no storage or other devices; see "
                            "docs/models/simgrid-platforms.md)");
    xml_.skip_element();
  }
}

void RoutedZoneReader::read_host() {
  const std::uint32_t line = xml_.line();
  mark(line);
  check_attributes("host", {"id", "speed", "core", "pstate", "coordinates", "availability_file",
                            "state_file", "speed_file"});
  for (const char* trace : {"availability_file", "state_file", "speed_file"})
    if (xml_.attribute(trace) != nullptr)
      fail(line, std::string("<host> attribute ") + trace +
                     " is not supported (pelsim's hosts keep their speed; faults are "
                     "set in the scenario)");
  ImportedPlatform::Host h;
  h.name = required("host", "id");
  // speed: a list of pstates; `pstate` picks one (default the first).
  std::vector<double> pstates;
  const std::string& speeds = required("host", "speed");
  for (std::size_t i = 0; i <= speeds.size();) {
    const std::size_t comma = std::min(speeds.find(',', i), speeds.size());
    const double v =
        quantity("host", "speed", std::string(trim(std::string_view(speeds).substr(i, comma - i))),
                 Quantity::kSpeed);
    if (!(v > 0))
      fail(line, "<host> " + quoted(h.name) + ": a speed must be > 0, not '" + speeds + "'");
    pstates.push_back(v);
    i = comma + 1;
  }
  // pstate: a number, truncated as SimGrid does (its DTD's default is "0.0").
  std::size_t pstate = 0;
  if (const std::string* p = xml_.attribute("pstate")) {
    const std::string_view s = trim(*p);
    double v = 0;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    const bool ok = !s.empty() && ec == std::errc() && ptr == s.data() + s.size() && v >= 0 &&
                    v < static_cast<double>(pstates.size());
    if (ok) pstate = static_cast<std::size_t>(v);
    if (!ok)
      fail(line, "<host> " + quoted(h.name) + ": pstate '" + *p + "' is not one of 0.." +
                     std::to_string(pstates.size() - 1) + " (the speed list has " +
                     std::to_string(pstates.size()) + ")");
  }
  h.speed = pstates[pstate];
  if (const std::string* c = xml_.attribute("core")) {
    const std::string_view s = trim(*c);
    std::uint64_t cores = 0;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), cores);
    if (s.empty() || ec != std::errc() || ptr != s.data() + s.size() || cores == 0 ||
        cores > (std::uint64_t{1} << 24))
      fail(line, "<host> " + quoted(h.name) +
                     ": core must be an integer from 1 to 16777216, not '" + *c + "'");
    h.cores = static_cast<std::uint32_t>(cores);
  }
  add_netpoint(h.name, "host", line);
  netpoint_host_.back() = static_cast<std::int64_t>(hosts_.size());
  host_netpoint_.push_back(static_cast<std::uint32_t>(netpoints_.size() - 1));
  hosts_.push_back(std::move(h));
  skip_children("host");
}

void RoutedZoneReader::read_router() {
  const std::uint32_t line = xml_.line();
  mark(line);
  // (coordinates: for Vivaldi zones, unused by these.)
  check_attributes("router", {"id", "coordinates"});
  add_netpoint(required("router", "id"), "router", line);
  skip_children("router");
}

void RoutedZoneReader::read_link() {
  const std::uint32_t line = xml_.line();
  mark(line);
  check_attributes("link", {"id", "bandwidth", "latency", "sharing_policy", "bandwidth_file",
                            "latency_file", "state_file"});
  for (const char* trace : {"bandwidth_file", "latency_file", "state_file"})
    if (xml_.attribute(trace) != nullptr)
      fail(line, std::string("<link> attribute ") + trace +
                     " is not supported (pelsim's links keep their latency and bandwidth)");
  Link l;
  l.id = required("link", "id");
  l.line = line;
  const std::string& bw = required("link", "bandwidth");
  l.bandwidth = quantity("link", "bandwidth", bw, Quantity::kBandwidth);
  if (!(l.bandwidth > 0))
    fail(line, "<link> " + quoted(l.id) + ": bandwidth must be > 0, not '" + bw + "'");
  // (SimGrid 3.32 refuses a link without latency: "cannot parse number")
  l.latency = quantity("link", "latency", required("link", "latency"), Quantity::kTime);
  if (const std::string* policy = xml_.attribute("sharing_policy")) {
    if (*policy == "SHARED") {
      l.policy = Link::Policy::kShared;
    } else if (*policy == "SPLITDUPLEX" || *policy == "FULLDUPLEX") {
      l.policy = Link::Policy::kSplitDuplex;
    } else if (*policy == "FATPIPE") {
      l.policy = Link::Policy::kFatpipe;
    } else if (*policy == "WIFI") {
      fail(line, "<link> " + quoted(l.id) + ": sharing_policy=\"WIFI\" is not supported");
    } else {
      fail(line, unknown_name_message("sharing_policy", *policy,
                                      "SHARED, SPLITDUPLEX, FULLDUPLEX, FATPIPE"));
    }
  }
  // Names: the link's, and a split-duplex link's halves id_UP and id_DOWN (which a <link_ctn>
  // may name too); SimGrid refuses a name given twice, its own "__loopback__" included.
  const auto index = static_cast<std::uint32_t>(links_.size());
  std::vector<std::pair<std::string, LinkName>> names{{l.id, {index, LinkName::kWhole}}};
  if (l.policy == Link::Policy::kSplitDuplex)
    names = {{l.id, {index, LinkName::kSplit}},
             {l.id + "_UP", {index, LinkName::kUpHalf}},
             {l.id + "_DOWN", {index, LinkName::kDownHalf}}};
  for (const auto& [name, what] : names) {
    if (name == "__loopback__")
      fail(line, "link '__loopback__' is the name of SimGrid's own loopback: name yours otherwise");
    if (const auto it = link_names_.find(name); it != link_names_.end())
      fail(line, "link " + quoted(name) + " is declared twice (first at line " +
                     std::to_string(links_[it->second.link].line) +
                     "; a SPLITDUPLEX link x also makes x_UP and x_DOWN)");
  }
  for (auto& [name, what] : names) link_names_.emplace(std::move(name), what);
  links_.push_back(std::move(l));
  skip_children("link");
}

void RoutedZoneReader::read_route() {
  using Event = XmlTokenizer::Event;
  Route r;
  r.line = xml_.line();
  mark(r.line);
  check_attributes("route", {"src", "dst", "symmetrical", "gw_src", "gw_dst"});
  if (xml_.attribute("gw_src") != nullptr || xml_.attribute("gw_dst") != nullptr)
    fail(r.line, "<route> gw_src and gw_dst join zones: pelsim reads one zone of hosts");
  r.src = netpoint_index(required("route", "src"), "src");
  r.dst = netpoint_index(required("route", "dst"), "dst");
  if (const std::string* sym = xml_.attribute("symmetrical")) {
    if (*sym == "YES" || *sym == "yes") {
      r.symmetrical = true;
    } else if (*sym == "NO" || *sym == "no") {
      r.symmetrical = false;
    } else {
      fail(r.line, "<route> symmetrical must be YES or NO, not '" + *sym + "'");
    }
  }
  for (Event e = xml_.next(); e != Event::kEnd; e = xml_.next()) {
    if (e != Event::kStart) continue;
    if (xml_.name() != "link_ctn")
      fail(xml_.line(), "<" + std::string(xml_.name()) +
                            "> in <route> is not supported (a route lists <link_ctn id=...>)");
    check_attributes("link_ctn", {"id", "direction"});
    const std::string& id = required("link_ctn", "id");
    const auto it = link_names_.find(id);
    if (it == link_names_.end())
      fail(xml_.line(),
           "<link_ctn> names link " + quoted(id) + ", not a <link> declared before it");
    RouteLink rl;
    rl.link = it->second.link;
    rl.name = it->second.kind;
    if (const std::string* dir = xml_.attribute("direction")) {
      if (*dir == "UP") {
        rl.direction = RouteLink::Direction::kUp;
      } else if (*dir == "DOWN") {
        rl.direction = RouteLink::Direction::kDown;
      } else if (*dir != "NONE") {
        fail(xml_.line(), unknown_name_message("direction", *dir, "UP, DOWN, NONE"));
      }
    }
    if (rl.name == LinkName::kSplit && rl.direction == RouteLink::Direction::kNone)
      fail(xml_.line(), "link " + quoted(id) +
                            " is SPLITDUPLEX: its <link_ctn> needs direction=\"UP\" or \"DOWN\"");
    if (rl.name != LinkName::kSplit && rl.direction != RouteLink::Direction::kNone)
      fail(xml_.line(), "<link_ctn> direction=\"" + *xml_.attribute("direction") +
                            "\" names a half of link " + quoted(id) +
                            ", which is not SPLITDUPLEX (SimGrid: link not found)");
    r.links.push_back(rl);
    for (Event c = xml_.next(); c != Event::kEnd; c = xml_.next())
      if (c == Event::kStart)
        fail(xml_.line(), "<" + std::string(xml_.name()) + "> in <link_ctn>, which is empty");
  }
  if (r.links.empty())
    fail(r.line, route_name(r.src, r.dst) + " crosses no link (SimGrid forbids empty routes)");
  routes_.push_back(std::move(r));
}

std::vector<RoutedZoneReader::Segment> RoutedZoneReader::segments(
    std::vector<NetLink>& links) const {
  // pelsim links: one per SimGrid link, two (_UP, _DOWN) per split-duplex one.
  std::vector<LinkId> first_id(links_.size());
  for (std::size_t i = 0; i < links_.size(); ++i) {
    const Link& l = links_[i];
    first_id[i] = static_cast<LinkId>(links.size());
    if (l.policy == Link::Policy::kSplitDuplex) {
      links.push_back({l.id + "_UP", l.latency, l.bandwidth, true});
      links.push_back({l.id + "_DOWN", l.latency, l.bandwidth, true});
    } else {
      links.push_back({l.id, l.latency, l.bandwidth, l.policy == Link::Policy::kShared});
    }
  }
  const std::uint64_t m = netpoints_.size();
  std::unordered_map<std::uint64_t, std::uint32_t> given;  // ordered pair -> its segment
  std::vector<Segment> out;
  auto add = [&](const Route& r, bool backward) {
    Segment g;
    g.from = backward ? r.dst : r.src;
    g.to = backward ? r.src : r.dst;
    g.line = r.line;
    for (const RouteLink& rl : r.links) {
      LinkId id = first_id[rl.link];
      if (rl.name == LinkName::kSplit)  // the direction, swapped on the way back
        id += (rl.direction == RouteLink::Direction::kDown) != backward ? 1 : 0;
      if (rl.name == LinkName::kDownHalf) ++id;  // a half named as such: in both ways
      g.links.push_back(id);
    }
    if (backward) std::reverse(g.links.begin(), g.links.end());
    const auto [it, added] =
        given.emplace(g.from * m + g.to, static_cast<std::uint32_t>(out.size()));
    if (!added) {
      if (r.src == r.dst)
        fail(r.line, route_name(g.from, g.to) +
                         " is symmetrical: in a Floyd or Dijkstra zone its way back is the same "
                         "route, given twice (SimGrid refuses it): write symmetrical=\"NO\"");
      fail(r.line, route_name(g.from, g.to) + " is given twice (also at line " +
                       std::to_string(out[it->second].line) +
                       "; routes are symmetrical unless symmetrical=\"NO\")");
    }
    out.push_back(std::move(g));
  };
  for (const Route& r : routes_) {
    add(r, false);
    // (FullZone::add_route gives a route to itself once; Floyd and Dijkstra twice.)
    if (r.symmetrical && (r.src != r.dst || routing_ != Routing::kFull)) add(r, true);
  }
  return out;
}

ImportedPlatform RoutedZoneReader::build(const std::string& zone_id,
                                         std::uint32_t zone_line) const {
  const std::uint32_t n = static_cast<std::uint32_t>(hosts_.size());
  if (n == 0) fail(zone_line, "<zone> has <router>, <link> or <route> but no <host>");
  std::uint64_t cores = 0;
  for (const ImportedPlatform::Host& h : hosts_) cores += h.cores;
  if (cores > (std::uint64_t{1} << 24))
    fail(zone_line,
         "the hosts have " + std::to_string(cores) + " cores, more than pelsim's 16777216");

  auto table = std::make_shared<RouteTable>();
  table->source = path_;
  for (const ImportedPlatform::Host& h : hosts_) table->node_names.push_back(h.name);
  std::vector<Segment> given = segments(table->links);
  const auto m = static_cast<std::uint32_t>(netpoints_.size());

  // The model's loopback, for each netpoint without a route to itself (do_seal). For a Full
  // zone only hosts matter; Dijkstra's graph holds the netpoints named by some route.
  std::vector<char> has_self(m, 0), in_route(m, 0);
  for (const Segment& g : given) {
    if (g.from == g.to) has_self[g.from] = 1;
    in_route[g.from] = in_route[g.to] = 1;
  }
  const auto takes_loopback = [&](std::uint32_t a) {
    return !has_self[a] &&
           (routing_ == Routing::kFloyd || (routing_ == Routing::kFull && netpoint_host_[a] >= 0) ||
            (routing_ == Routing::kDijkstra && in_route[a]));
  };
  LinkId loopback = 0;
  bool need_loopback = false;
  for (std::uint32_t a = 0; a < m && !need_loopback; ++a) need_loopback = takes_loopback(a);
  if (need_loopback) {
    loopback = static_cast<LinkId>(table->links.size());
    table->links.push_back({"__loopback__", 0.0, 1e10, false});
  }

  // Each ordered pair of hosts: its chain of segments (Full: the one given).
  std::vector<ZoneHop> hops;
  hops.reserve(given.size() + m);
  for (const Segment& g : given)
    hops.push_back({g.from, g.to, static_cast<std::uint32_t>(g.links.size())});
  const auto loopback_hop = static_cast<std::uint32_t>(hops.size());  // + netpoint
  if (routing_ != Routing::kFull)  // (a Full zone's hosts take the loopback link directly)
    for (std::uint32_t a = 0; a < m; ++a)
      if (takes_loopback(a)) hops.push_back({a, a, 1});
  std::unordered_map<std::uint64_t, std::uint32_t> full;  // Full: ordered pair -> segment
  if (routing_ == Routing::kFull)
    for (std::uint32_t s = 0; s < given.size(); ++s)
      full.emplace(std::uint64_t{given[s].from} * m + given[s].to, s);
  std::unique_ptr<FloydPaths> floyd;
  std::unique_ptr<DijkstraPaths> dijkstra;
  // Floyd takes m^3 steps and 20 m^2 bytes: 2048 points take seconds and 84 MB.
  constexpr std::uint32_t kMaxFloydPoints = 2048;
  if (routing_ == Routing::kFloyd && m > kMaxFloydPoints)
    fail(zone_line, "a Floyd zone of " + std::to_string(m) +
                        " hosts and routers: pelsim computes "
                        "Floyd routes for at most " +
                        std::to_string(kMaxFloydPoints) +
                        " (the time grows as their cube); routing=\"Dijkstra\" gives routes of "
                        "the same number of links (ties may differ)");
  if (routing_ == Routing::kFloyd) floyd = std::make_unique<FloydPaths>(m, hops);
  if (routing_ == Routing::kDijkstra) dijkstra = std::make_unique<DijkstraPaths>(m, hops);
  std::vector<std::uint32_t> chain;
  std::uint64_t missing = 0;  // ordered pairs of hosts without a route
  table->start.reserve(std::size_t{n} * n + 1);
  table->start.push_back(0);
  for (std::uint32_t a = 0; a < n; ++a) {
    const std::uint32_t pa = host_netpoint_[a];
    if (dijkstra) {
      if (!dijkstra->set_source(pa))
        fail(netpoint_lines_[pa], "host " + quoted(hosts_[a].name) +
                                      " is in no route: no route joins it to the other hosts");
    }
    for (std::uint32_t b = 0; b < n; ++b) {
      const std::uint32_t pb = host_netpoint_[b];
      chain.clear();
      bool found = false;
      if (floyd) {
        found = floyd->path(pa, pb, chain);
      } else if (dijkstra) {
        const DijkstraPaths::Path got = dijkstra->path(pb, chain);
        if (got == DijkstraPaths::Path::kEndless)
          fail(zone_line, "SimGrid 3.32's Dijkstra routing never ends on the route from " +
                              quoted(hosts_[a].name) + " to " + quoted(hosts_[b].name) +
                              ": a point that routes one way into the zone cannot be reached "
                              "from " +
                              quoted(hosts_[a].name) +
                              ", and its cost overflows; give the way back, or use "
                              "routing=\"Floyd\"");
        found = got == DijkstraPaths::Path::kFound;
      } else if (const auto it = full.find(std::uint64_t{pa} * m + pb); it != full.end()) {
        chain.push_back(it->second);
        found = true;
      } else if (a == b) {
        table->route_links.push_back(loopback);
        found = true;
      }
      if (!found) ++missing;  // (a != b: every host has a way to itself) SimGrid fails on use
      for (const std::uint32_t h : chain) {
        if (h >= loopback_hop) {
          table->route_links.push_back(loopback);
          continue;
        }
        // (A link crossed twice is counted twice, as SimGrid does: its latency, and the
        // flow's use of its bandwidth.)
        table->route_links.insert(table->route_links.end(), given[h].links.begin(),
                                  given[h].links.end());
      }
      // The table of every pair's route is what the file asks for; bound it before it
      // exhausts the memory (2^26 link ids, 256 MiB: 1400 hosts on routes of 32 links).
      constexpr std::size_t kMaxRouteLinks = std::size_t{1} << 26;
      if (table->route_links.size() > kMaxRouteLinks)
        fail(zone_line, "the routes between the " + std::to_string(n) + " hosts cross more than " +
                            std::to_string(kMaxRouteLinks) +
                            " links in all (pelsim keeps the route of every pair of hosts): "
                            "fewer hosts, or shorter routes");
      table->start.push_back(static_cast<std::uint32_t>(table->route_links.size()));
    }
  }

  ImportedPlatform p;
  p.cluster_id = zone_id;
  p.nodes = n;
  p.hosts = hosts_;
  p.zone_routing = routing_ == Routing::kFull    ? "Full"
                   : routing_ == Routing::kFloyd ? "Floyd"
                                                 : "Dijkstra";
  p.routers = m - n;
  p.missing_routes = missing;
  p.cores_per_node = hosts_[0].cores;
  p.core_speed = hosts_[0].speed;
  p.topology.kind = TopologyKind::kRouted;
  p.topology.nodes = n;
  p.topology.routes = std::move(table);
  // Same-host transfers take each host's loopback route.
  p.intra_latency = 0;
  p.intra_bandwidth = std::numeric_limits<double>::infinity();
  p.intra_shared = false;
  return p;
}

}  // namespace pelsim::models
