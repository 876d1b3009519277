// SimGrid zones of hosts, routers, links and routes, nested zones and clusters (see
// simgrid_zone_tree.hpp and docs/models/simgrid-platforms.md).
//
// SimGrid 3.32's rules followed here:
//   - <host speed="a,b,..." pstate="k">: the speed is pstate k's (default 0), per core; `core`
//     cores (default 1). Hosts, routers and zones are points (NetPoint), numbered in each zone
//     in declaration order, each name given once in the whole file.
//   - <link sharing_policy=...>: SHARED (default) is one resource for both directions of every
//     route crossing it; FATPIPE gives each flow the whole bandwidth; SPLITDUPLEX makes two
//     links, id_UP and id_DOWN, and a <link_ctn> to it must say direction="UP" or "DOWN". Link
//     names are global: a <zoneRoute> may cross links declared in any zone before it.
//   - <route src dst symmetrical="YES">: also gives dst -> src with the links in reverse order
//     and each split-duplex direction swapped (RoutedZone::new_extended_route,
//     NetZoneImpl::get_link_list_impl(backroute)); a <zoneRoute>'s way back swaps gw_src and
//     gw_dst too. A route is given once per direction; an empty route is an error. Points and
//     links are declared before the routes naming them. A Full zone takes a symmetrical route
//     from a point to itself once; Floyd and Dijkstra zones refuse it.
//   - Full: the route between two points is the one given. Floyd and Dijkstra: the routes given
//     join points, and the route between two points is the shortest chain of them counted in
//     links, ties broken as SimGrid does (simgrid_zone_paths.hpp); in a zone of zones, each
//     <zoneRoute> of the chain is joined to the next by the route from its gw_dst to the
//     next one's gw_src when they differ (FloydZone / DijkstraZone::get_local_route).
//   - A point without a route to itself, in a zone without sub-zones, uses the network
//     model's loopback: "__loopback__", network/loopback-lat = 0 s, network/loopback-bw =
//     10GBps, FATPIPE (FullZone::do_seal, FloydZone::do_seal, DijkstraZone::do_seal).
//   - A FLAT <cluster> is a StarZone (sg_platf_new_cluster_flat): host i's route up is
//     [limiter, link_i UP, backbone], down [backbone, link_i DOWN, limiter], its loopback
//     [link_i_loopback]; the route a -> b is a's up then b's down, a link already in it not
//     added twice (StarZone::add_links_to_route); the cluster's router has empty routes.
//   - Between hosts of two zones (NetZoneImpl::get_global_route): the zoneRoute of their
//     common ancestor between the two child zones holding them, preceded by the route from the
//     source to its gw_src and followed by the route from its gw_dst to the destination.
//   - A pair of hosts without a route fails in SimGrid when a transfer needs it, and so it does
//     in pelsim: its route in the table is empty (RouteTable), and the run stops with an error
//     when a transfer needs it.
#include "simgrid_zone_tree.hpp"

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

void ZoneTreeReader::fail(std::uint32_t line, const std::string& reason) const {
  throw InputError(path_, line, reason);
}

void ZoneTreeReader::check_attributes(std::string_view tag,
                                      std::initializer_list<std::string_view> known) const {
  for (std::size_t i = 0; i < xml_.attribute_count(); ++i) {
    const std::string_view name = xml_.attribute_at(i).name;
    if (std::find(known.begin(), known.end(), name) == known.end())
      fail(xml_.line(), "unknown attribute '" + std::string(name) + "' of <" + std::string(tag) +
                            "> (known: " + join(known) + ")");
  }
}

const std::string& ZoneTreeReader::required(std::string_view tag, std::string_view name) const {
  const std::string* v = xml_.attribute(name);
  if (v == nullptr || v->empty())
    fail(xml_.line(), "<" + std::string(tag) + "> has no " + std::string(name) + " attribute");
  return *v;
}

double ZoneTreeReader::quantity(std::string_view tag, std::string_view name,
                                const std::string& text, Quantity kind) const {
  try {
    return parse_simgrid_quantity(text, kind);
  } catch (const InputError& e) {
    fail(xml_.line(),
         "<" + std::string(tag) + "> attribute " + std::string(name) + ": " + e.reason());
  }
}

ZoneTreeReader::Zone& ZoneTreeReader::current(std::string_view tag) {
  if (open_.empty())
    fail(xml_.line(), "<" + std::string(tag) + "> outside a <zone>");  // (the parser prevents it)
  return zones_[open_.back()];
}

std::uint32_t ZoneTreeReader::point_index(const std::string& name, std::string_view tag,
                                          std::string_view role) const {
  const auto it = point_by_name_.find(name);
  if (it == point_by_name_.end())
    fail(xml_.line(), "<" + std::string(tag) + "> " + std::string(role) + " " + quoted(name) +
                          (tag == "route"     ? " is not a <host> or <router> declared before it "
                                                "(routes join the hosts and routers of this zone)"
                           : role.size() == 3 ? " is not a <zone> or <cluster> declared before it"
                                              : " is not a <host> or <router> declared before it"));
  return it->second;
}

std::uint32_t ZoneTreeReader::add_point(const std::string& name, Point::Kind kind,
                                        std::uint32_t zone, std::uint32_t line) {
  const auto index = static_cast<std::uint32_t>(points_.size());
  const auto [it, added] = point_by_name_.emplace(name, index);
  if (!added)
    fail(line, std::string(kind == Point::Kind::kHost     ? "host"
                           : kind == Point::Kind::kRouter ? "router"
                                                          : "zone") +
                   " " + quoted(name) + " is declared twice (first at line " +
                   std::to_string(points_[it->second].line) +
                   "; hosts, routers and zones share one set of names)");
  Point p;
  p.name = name;
  p.kind = kind;
  p.zone = zone;
  p.line = line;
  if (zone != kNone) {
    p.local = static_cast<std::uint32_t>(zones_[zone].points.size());
    zones_[zone].points.push_back(index);
    if (zones_[zone].routing == Routing::kStar) zones_[zone].star.emplace_back();
  }
  points_.push_back(std::move(p));
  return index;
}

// The table of every pair's route: bound the pairs before it exhausts the memory (checked as
// hosts come, before a large cluster is expanded).
void ZoneTreeReader::reserve_hosts(std::uint64_t more, std::uint32_t line) const {
  constexpr std::uint64_t kMaxHosts = 8192;  // 2^26 pairs, 256 MiB of offsets
  if (hosts_.size() + more > kMaxHosts)
    fail(line, "the platform has " + std::to_string(hosts_.size() + more) +
                   " hosts or more: pelsim keeps the route of every pair of hosts of a platform "
                   "of zones (or of a cluster routed as SimGrid's StarZone: SHARED or FATPIPE "
                   "links, a limiter), for at most " +
                   std::to_string(kMaxHosts) + " hosts");
}

std::string ZoneTreeReader::route_name(std::uint32_t from, std::uint32_t to) const {
  return "the route from " + quoted(points_[from].name) + " to " + quoted(points_[to].name);
}

bool ZoneTreeReader::inside(std::uint32_t point, std::uint32_t zone) const {
  for (std::uint32_t z = points_[point].zone; z != kNone; z = zones_[z].parent)
    if (z == zone) return true;
  return false;
}

// Only <prop> children, ignored (they carry no model parameter pelsim uses).
void ZoneTreeReader::skip_children(std::string_view tag) {
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

void ZoneTreeReader::open_zone(const std::string& id, const std::string& routing,
                               std::uint32_t line) {
  if (open_.empty() && !zones_.empty())
    fail(line, "a second top-level <zone>: a SimGrid platform has one root zone (line " +
                   std::to_string(zones_.front().line) + ")");
  if (open_.size() >= kMaxNesting)
    fail(line, "zones nested deeper than " + std::to_string(kMaxNesting) +
                   " (pelsim reads at most that many levels)");
  Zone z;
  z.id = id;
  z.routing_name = routing;
  z.line = line;
  z.routing = routing == "Full"                                     ? Routing::kFull
              : routing == "Floyd"                                  ? Routing::kFloyd
              : routing == "Dijkstra" || routing == "DijkstraCache" ? Routing::kDijkstra
              : routing == "Cluster"                                ? Routing::kStar
              : routing == "None"                                   ? Routing::kNone
                                                                    : Routing::kUnknown;
  z.cluster_routing = z.routing == Routing::kStar;
  const auto index = static_cast<std::uint32_t>(zones_.size());
  if (!open_.empty() && zones_[open_.back()].routing == Routing::kNone)
    fail(line, "a zone inside zone " + quoted(zones_[open_.back()].id) +
                   " of routing=\"None\", which routes nothing");
  if (!open_.empty() && zones_[open_.back()].routing == Routing::kStar)
    fail(line, "a zone inside zone " + quoted(zones_[open_.back()].id) +
                   " of routing=\"Cluster\" is not supported (its hosts and routers are joined "
                   "by <host_link> and <backbone>)");
  if (!open_.empty()) {
    z.parent = open_.back();
    zones_[z.parent].children.push_back(index);
  }
  zones_.push_back(std::move(z));
  // (SimGrid names the root zone's point too: no host may take its name.)
  const std::uint32_t point = add_point(id, Point::Kind::kZone, zones_[index].parent, line);
  points_[point].what = index;
  zones_[index].point = point;
  open_.push_back(index);
}

void ZoneTreeReader::close_zone(bool one_cluster) {
  const Zone& z = zones_[open_.back()];
  if (one_cluster) {
    open_.pop_back();
    return;
  }
  if (!z.children.empty() && z.first_own_line != 0)
    fail(z.first_own_line,
         "zone " + quoted(z.id) +
             " holds zones or clusters and also hosts, routers or routes: SimGrid cannot route "
             "between a zone's own hosts and those of its sub-zones; put them in a zone of "
             "their own, joined by <zoneRoute>");
  if (z.children.empty() && z.first_own_line == 0)
    fail(z.line, "<zone> " + quoted(z.id) + " has no <host>, <cluster> or <zone>");
  if (z.routing == Routing::kUnknown && (z.first_own_line != 0 || z.children.size() > 1))
    fail(z.line,
         "<zone routing=\"" + z.routing_name +
             "\"> is not supported for hosts or zones (supported: Full, Floyd, "
             "Dijkstra, DijkstraCache, Cluster, None; see docs/models/simgrid-platforms.md)");
  if (z.cluster_routing) populate_star(zones_[open_.back()]);
  open_.pop_back();
}

// sg_platf_cluster_set_hostlink: host h goes up by [its up link, backbone] and down by
// [backbone, its down link]; a router has empty routes. SimGrid gives a host without
// <host_link> empty routes, which pelsim cannot tell from no route: refused.
void ZoneTreeReader::populate_star(Zone& z) {
  std::vector<char> linked(z.points.size(), 0);
  std::vector<RouteLink> backbone;
  if (z.backbone != kNone)
    backbone.push_back({z.backbone, LinkName::kWhole, RouteLink::Direction::kNone});
  for (const Zone::HostLink& hl : z.host_links) {
    StarRoute& route = z.star[hl.local];
    route.up = {hl.up};
    route.up.insert(route.up.end(), backbone.begin(), backbone.end());
    route.down = backbone;
    route.down.push_back(hl.down);
    linked[hl.local] = 1;
  }
  for (std::uint32_t a = 0; a < z.points.size(); ++a) {
    const Point& p = points_[z.points[a]];
    if (p.kind == Point::Kind::kHost && !linked[a])
      fail(p.line, "host " + quoted(p.name) + " of zone " + quoted(z.id) +
                       " (routing=\"Cluster\") has no <host_link>: give it its up and down "
                       "links");
  }
}

// A <host_link> up or down attribute: a link, or one half of a split-duplex one.
ZoneTreeReader::RouteLink ZoneTreeReader::host_link_end(std::string_view attribute) {
  const std::string& id = required("host_link", attribute);
  const auto it = link_names_.find(id);
  if (it == link_names_.end())
    fail(xml_.line(), "<host_link> " + std::string(attribute) + " " + quoted(id) +
                          " is not a <link> declared before it");
  if (it->second.kind == LinkName::kSplit)
    fail(xml_.line(), "<host_link> " + std::string(attribute) + " " + quoted(id) +
                          " is SPLITDUPLEX: name one of its halves, " + quoted(id + "_UP") +
                          " or " + quoted(id + "_DOWN"));
  return {it->second.link, it->second.kind, RouteLink::Direction::kNone};
}

void ZoneTreeReader::read_host_link() {
  Zone& z = current("host_link");
  if (!z.cluster_routing)
    fail(xml_.line(), "<host_link> in zone " + quoted(z.id) +
                          ", whose routing is not \"Cluster\" (SimGrid: host_links are only "
                          "valid for Cluster zones)");
  check_attributes("host_link", {"id", "up", "down"});
  const std::string& id = required("host_link", "id");
  const auto it = point_by_name_.find(id);
  if (it == point_by_name_.end() || points_[it->second].kind != Point::Kind::kHost ||
      points_[it->second].zone != open_.back())
    fail(xml_.line(), "<host_link> id " + quoted(id) + " is not a <host> of zone " + quoted(z.id) +
                          " declared before it");
  Zone::HostLink hl;
  hl.local = points_[it->second].local;
  for (const Zone::HostLink& other : z.host_links)
    if (other.local == hl.local)
      fail(xml_.line(), "host " + quoted(id) + " has a second <host_link>");
  hl.up = host_link_end("up");
  hl.down = host_link_end("down");
  z.host_links.push_back(hl);
  skip_children("host_link");
}

void ZoneTreeReader::read_backbone() {
  const std::uint32_t line = xml_.line();
  Zone& z = current("backbone");
  if (!z.cluster_routing)
    fail(line, "<backbone> in zone " + quoted(z.id) + ", whose routing is not \"Cluster\"");
  if (z.backbone != kNone)
    fail(line, "zone " + quoted(z.id) + " has a second <backbone> (the first is " +
                   quoted(links_[z.backbone].id) + ")");
  check_attributes("backbone", {"id", "bandwidth", "latency"});
  Link l;
  l.id = required("backbone", "id");
  l.line = line;
  const std::string& bw = required("backbone", "bandwidth");
  l.bandwidth = quantity("backbone", "bandwidth", bw, Quantity::kBandwidth);
  if (!(l.bandwidth > 0))
    fail(line, "<backbone> " + quoted(l.id) + ": bandwidth must be > 0, not '" + bw + "'");
  l.latency = quantity("backbone", "latency", required("backbone", "latency"), Quantity::kTime);
  const std::uint32_t link = add_link(std::move(l));
  zones_[open_.back()].backbone = link;
  skip_children("backbone");
}

// sg_platf_build_cabinet: host prefix + radical + suffix, of one core, with its own shared
// links "link_<host>_UP" and "link_<host>_DOWN".
void ZoneTreeReader::add_cabinet(const FlatCluster& c) {
  const std::uint32_t zone = open_.back();
  if (!zones_[zone].cluster_routing)
    fail(c.line,
         "<cabinet> in zone " + quoted(zones_[zone].id) + ", whose routing is not \"Cluster\"");
  std::uint64_t count = 0;
  for (const ImportedPlatform::RadicalRange& range : c.radicals)
    count += range.last - range.first + 1;
  reserve_hosts(count, c.line);
  if (zones_[zone].first_own_line == 0) zones_[zone].first_own_line = c.line;
  for (const ImportedPlatform::RadicalRange& range : c.radicals) {
    for (std::uint64_t v = range.first; v <= range.last; ++v) {
      const std::string name = c.prefix + std::to_string(v) + c.suffix;
      const std::uint32_t host = add_point(name, Point::Kind::kHost, zone, c.line);
      points_[host].what = static_cast<std::uint32_t>(hosts_.size());
      host_point_.push_back(host);
      hosts_.push_back({name, c.speed, 1});
      Zone::HostLink hl;
      hl.local = points_[host].local;
      for (const char* end : {"_UP", "_DOWN"}) {
        const std::uint32_t link =
            add_link({"link_" + name + end, c.bandwidth, c.latency, Link::Policy::kShared, c.line});
        (end[1] == 'U' ? hl.up : hl.down) = {link, LinkName::kWhole, RouteLink::Direction::kNone};
      }
      zones_[zone].host_links.push_back(hl);
    }
  }
}

void ZoneTreeReader::read_host() {
  const std::uint32_t line = xml_.line();
  Zone& zone = current("host");
  if (zone.first_own_line == 0) zone.first_own_line = line;
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
  reserve_hosts(1, line);
  const std::uint32_t point = add_point(h.name, Point::Kind::kHost, open_.back(), line);
  points_[point].what = static_cast<std::uint32_t>(hosts_.size());
  host_point_.push_back(point);
  hosts_.push_back(std::move(h));
  skip_children("host");
}

void ZoneTreeReader::read_router() {
  const std::uint32_t line = xml_.line();
  Zone& zone = current("router");
  if (zone.first_own_line == 0) zone.first_own_line = line;
  // (coordinates: for Vivaldi zones, unused by these.)
  check_attributes("router", {"id", "coordinates"});
  add_point(required("router", "id"), Point::Kind::kRouter, open_.back(), line);
  skip_children("router");
}

void ZoneTreeReader::read_link() {
  const std::uint32_t line = xml_.line();
  current("link");
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
  add_link(std::move(l));
  skip_children("link");
}

std::uint32_t ZoneTreeReader::add_link(Link l) {
  const std::uint32_t line = l.line;
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
  return index;
}

// The <link_ctn> children of a <route> or <zoneRoute> just opened.
void ZoneTreeReader::read_route_links(Route& r) {
  using Event = XmlTokenizer::Event;
  const std::string tag(xml_.name());
  for (Event e = xml_.next(); e != Event::kEnd; e = xml_.next()) {
    if (e != Event::kStart) continue;
    if (xml_.name() != "link_ctn")
      fail(xml_.line(), "<" + std::string(xml_.name()) + "> in <" + tag +
                            "> is not supported (a route lists <link_ctn id=...>)");
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
}

void ZoneTreeReader::read_route() {
  Route r;
  r.line = xml_.line();
  Zone& zone = current("route");
  if (zone.first_own_line == 0) zone.first_own_line = r.line;
  r.zone = open_.back();
  if (zone.routing == Routing::kNone)
    fail(r.line, "<route> in zone " + quoted(zone.id) +
                     " of routing=\"None\" (SimGrid: there can't be route in an Empty zone)");
  if (zone.routing == Routing::kStar)
    fail(r.line, "<route> in zone " + quoted(zone.id) +
                     " of routing=\"Cluster\": its hosts are joined by <host_link> and "
                     "<backbone> (SimGrid's StarZone takes no route between two points)");
  check_attributes("route", {"src", "dst", "symmetrical", "gw_src", "gw_dst"});
  if (xml_.attribute("gw_src") != nullptr || xml_.attribute("gw_dst") != nullptr)
    fail(r.line, "<route> gw_src and gw_dst join zones: write a <zoneRoute>");
  for (const char* role : {"src", "dst"}) {
    const std::uint32_t p = point_index(required("route", role), "route", role);
    if (points_[p].zone != r.zone || points_[p].kind == Point::Kind::kZone)
      fail(r.line, "<route> " + std::string(role) + " " + quoted(points_[p].name) +
                       " is not a <host> or <router> of this zone (routes join the hosts and "
                       "routers of their zone; <zoneRoute> joins zones)");
    (role[0] == 's' ? r.src : r.dst) = p;
  }
  if (const std::string* sym = xml_.attribute("symmetrical")) {
    if (*sym == "YES" || *sym == "yes") {
      r.symmetrical = true;
    } else if (*sym == "NO" || *sym == "no") {
      r.symmetrical = false;
    } else {
      fail(r.line, "<route> symmetrical must be YES or NO, not '" + *sym + "'");
    }
  }
  read_route_links(r);
  routes_.push_back(std::move(r));
}

void ZoneTreeReader::read_zone_route() {
  const std::string tag(xml_.name());  // zoneRoute, or version 4.0's ASroute
  Route r;
  r.line = xml_.line();
  current(tag);
  r.zone = open_.back();
  check_attributes(tag, {"src", "dst", "gw_src", "gw_dst", "symmetrical"});
  for (const char* role : {"src", "dst"}) {
    const std::uint32_t p = point_index(required(tag, role), tag, role);
    if (points_[p].zone != r.zone || points_[p].kind != Point::Kind::kZone)
      fail(r.line, "<" + tag + "> " + role + " " + quoted(points_[p].name) +
                       " is not a zone or cluster of zone " + quoted(zones_[r.zone].id) +
                       " (a <zoneRoute> joins two zones of the zone holding it)");
    (role[0] == 's' ? r.src : r.dst) = p;
  }
  if (r.src == r.dst)
    fail(r.line, "<" + tag + "> from zone " + quoted(points_[r.src].name) +
                     " to itself (SimGrid refuses it)");
  for (const char* role : {"gw_src", "gw_dst"}) {
    const std::uint32_t p = point_index(required(tag, role), tag, role);
    const std::uint32_t in = points_[role[3] == 's' ? r.src : r.dst].what;
    if (points_[p].kind == Point::Kind::kZone || !inside(p, in))
      fail(r.line, "<" + tag + "> " + role + " " + quoted(points_[p].name) +
                       " is not a host or router of zone " + quoted(zones_[in].id) +
                       " (a gateway is a point of the zone it leads into or out of)");
    (role[3] == 's' ? r.gw_src : r.gw_dst) = p;
  }
  if (const std::string* sym = xml_.attribute("symmetrical")) {
    if (*sym == "YES" || *sym == "yes") {
      r.symmetrical = true;
    } else if (*sym == "NO" || *sym == "no") {
      r.symmetrical = false;
    } else {
      fail(r.line, "<" + tag + "> symmetrical must be YES or NO, not '" + *sym + "'");
    }
  }
  read_route_links(r);
  routes_.push_back(std::move(r));
}

void ZoneTreeReader::read_bypass_route() {
  const std::string tag(xml_.name());
  const bool zones = tag != "bypassRoute";
  Route r;
  r.line = xml_.line();
  r.bypass = true;
  r.symmetrical = false;
  r.zone = open_.back();
  current(tag);
  if (zones) {
    check_attributes(tag, {"src", "dst", "gw_src", "gw_dst"});
  } else {
    check_attributes(tag, {"src", "dst"});
  }
  for (const char* role : {"src", "dst"}) {
    const std::uint32_t p = point_index(required(tag, role), tag, role);
    const Point& point = points_[p];
    const bool ok =
        zones ? point.kind == Point::Kind::kZone && point.what != r.zone && inside(p, r.zone)
              : point.kind != Point::Kind::kZone && point.zone == r.zone;
    if (!ok)
      fail(r.line,
           "<" + tag + "> " + role + " " + quoted(point.name) +
               (zones ? " is not a zone inside zone " : " is not a host or router of zone ") +
               quoted(zones_[r.zone].id));
    (role[0] == 's' ? r.src : r.dst) = p;
  }
  if (zones)
    for (const char* role : {"gw_src", "gw_dst"}) {
      const std::uint32_t p = point_index(required(tag, role), tag, role);
      const std::uint32_t in = points_[role[3] == 's' ? r.src : r.dst].what;
      if (points_[p].kind == Point::Kind::kZone || !inside(p, in))
        fail(r.line, "<" + tag + "> " + role + " " + quoted(points_[p].name) +
                         " is not a host or router of zone " + quoted(zones_[in].id));
      (role[3] == 's' ? r.gw_src : r.gw_dst) = p;
    }
  for (const Route& other : routes_)
    if (other.bypass && other.zone == r.zone && other.src == r.src && other.dst == r.dst)
      fail(r.line, "the bypass route from " + quoted(points_[r.src].name) + " to " +
                       quoted(points_[r.dst].name) + " is given twice (also at line " +
                       std::to_string(other.line) + ")");
  read_route_links(r);
  routes_.push_back(std::move(r));
}

void ZoneTreeReader::add_topology_cluster(const ImportedPlatform& c, bool loopback,
                                          std::uint32_t line) {
  const Zone& parent = current("cluster");
  if (parent.routing == Routing::kNone || parent.routing == Routing::kStar)
    fail(line, "a <cluster> inside zone " + quoted(parent.id) + " of routing=\"" +
                   parent.routing_name + "\" is not supported");
  reserve_hosts(c.nodes, line);
  const auto index = static_cast<std::uint32_t>(zones_.size());
  Zone z;
  z.id = c.cluster_id;
  z.routing = Routing::kTopology;
  z.routing_name = "Cluster";
  z.line = line;
  z.parent = open_.back();
  z.first_own_line = line;
  z.topology = static_cast<std::uint32_t>(topologies_.size());
  zones_[z.parent].children.push_back(index);
  zones_.push_back(std::move(z));
  const std::uint32_t point =
      add_point(c.cluster_id, Point::Kind::kZone, zones_[index].parent, line);
  points_[point].what = index;
  zones_[index].point = point;
  for (std::uint32_t i = 0; i < c.nodes; ++i) {  // host i is the topology's node i
    const std::uint32_t host = add_point(c.host_name(i), Point::Kind::kHost, index, line);
    points_[host].what = static_cast<std::uint32_t>(hosts_.size());
    host_point_.push_back(host);
    hosts_.push_back({c.host_name(i), c.core_speed, c.cores_per_node});
  }
  topologies_.push_back(c);
  topology_loopbacks_.push_back(loopback ? 1 : 0);
}

void ZoneTreeReader::add_cluster(const FlatCluster& c) {
  if (current("cluster").routing == Routing::kNone)
    fail(c.line, "a <cluster> inside zone " + quoted(zones_[open_.back()].id) +
                     " of routing=\"None\", which routes nothing");
  if (current("cluster").routing == Routing::kStar)
    fail(c.line, "a <cluster> inside zone " + quoted(zones_[open_.back()].id) +
                     " of routing=\"Cluster\" is not supported (use <cabinet>)");
  const auto index = static_cast<std::uint32_t>(zones_.size());
  Zone z;
  z.id = c.id;
  z.routing = Routing::kStar;
  z.routing_name = "Cluster";
  z.line = c.line;
  z.parent = open_.back();
  z.first_own_line = c.line;
  zones_[z.parent].children.push_back(index);
  zones_.push_back(std::move(z));
  const std::uint32_t point = add_point(c.id, Point::Kind::kZone, zones_[index].parent, c.line);
  points_[point].what = index;
  zones_[index].point = point;

  std::uint64_t count = 0;
  for (const ImportedPlatform::RadicalRange& range : c.radicals)
    count += range.last - range.first + 1;
  reserve_hosts(count, c.line);
  // sg_platf_new_cluster_flat: the backbone, then per host its loopback, limiter and link.
  // (SimGrid 3.32 makes a host's link split-duplex or else a plain link, which is SHARED:
  // sharing_policy="FATPIPE" gives a shared link too.)
  const auto policy = [](FlatCluster::Policy p) {
    return p == FlatCluster::Policy::kSplitDuplex ? Link::Policy::kSplitDuplex
                                                  : Link::Policy::kShared;
  };
  std::vector<RouteLink> backbone;
  if (c.backbone)
    backbone.push_back(
        {add_link({c.id + "_backbone", c.backbone_bandwidth, c.backbone_latency,
                   c.backbone_shared ? Link::Policy::kShared : Link::Policy::kFatpipe, c.line}),
         LinkName::kWhole, RouteLink::Direction::kNone});
  for (const ImportedPlatform::RadicalRange& range : c.radicals) {
    for (std::uint64_t v = range.first; v <= range.last; ++v) {
      const std::string name = c.prefix + std::to_string(v) + c.suffix;
      const std::uint32_t host = add_point(name, Point::Kind::kHost, index, c.line);
      points_[host].what = static_cast<std::uint32_t>(hosts_.size());
      host_point_.push_back(host);
      hosts_.push_back({name, c.speed, c.cores});
      StarRoute route;
      const std::string link_id = c.id + "_link_" + std::to_string(v);
      if (c.loopback) {
        route.has_loopback = true;
        route.loopback.push_back({add_link({link_id + "_loopback", c.loopback_bandwidth,
                                            c.loopback_latency, Link::Policy::kFatpipe, c.line}),
                                  LinkName::kWhole, RouteLink::Direction::kNone});
      }
      std::vector<RouteLink> limiter;
      if (c.limiter_bandwidth > 0)
        limiter.push_back({add_link({link_id + "_limiter", c.limiter_bandwidth, 0.0,
                                     Link::Policy::kShared, c.line}),
                           LinkName::kWhole, RouteLink::Direction::kNone});
      const std::uint32_t link =
          add_link({link_id, c.bandwidth, c.latency, policy(c.policy), c.line});
      const bool split = c.policy == FlatCluster::Policy::kSplitDuplex;
      const RouteLink up{link, split ? LinkName::kSplit : LinkName::kWhole,
                         split ? RouteLink::Direction::kUp : RouteLink::Direction::kNone};
      RouteLink down = up;
      if (split) down.direction = RouteLink::Direction::kDown;
      route.up = limiter;
      route.up.push_back(up);
      route.up.insert(route.up.end(), backbone.begin(), backbone.end());
      route.down = backbone;
      route.down.push_back(down);
      route.down.insert(route.down.end(), limiter.begin(), limiter.end());
      zones_[index].star.back() = std::move(route);
    }
  }
  // The router: empty routes.
  add_point(c.router_id.empty() ? c.prefix + c.id + "_router" + c.suffix : c.router_id,
            Point::Kind::kRouter, index, c.line);
}

// Computes the routes of a ZoneTreeReader's zones: each zone's routes between its own points
// (local), and between any two points of the platform as SimGrid's get_global_route does.
class ZoneRouter {
 public:
  using Reader = ZoneTreeReader;
  static constexpr std::uint32_t kNone = Reader::kNone;

  ZoneRouter(const Reader& t, std::vector<NetLink>& links) : t_(t) {
    // pelsim links: one per SimGrid link, two (_UP, _DOWN) per split-duplex one.
    first_id_.resize(t.links_.size());
    for (std::size_t i = 0; i < t.links_.size(); ++i) {
      const Reader::Link& l = t.links_[i];
      first_id_[i] = static_cast<LinkId>(links.size());
      if (l.policy == Reader::Link::Policy::kSplitDuplex) {
        links.push_back({l.id + "_UP", l.latency, l.bandwidth, true});
        links.push_back({l.id + "_DOWN", l.latency, l.bandwidth, true});
      } else {
        links.push_back({l.id, l.latency, l.bandwidth, l.policy == Reader::Link::Policy::kShared});
      }
    }
    zones_.resize(t.zones_.size());
    for (std::uint32_t z = 0; z < t.zones_.size(); ++z) prepare_segments(z);
    for (std::uint32_t z = 0; z < t.zones_.size(); ++z)
      if (t.zones_[z].routing == Reader::Routing::kTopology) prepare_topology(z, links);
    for (const Reader::Route& r : t.routes_)
      if (r.bypass) {
        zones_[r.zone].bypass.emplace(pair_key(r.src, r.dst),
                                      static_cast<std::uint32_t>(bypasses_.size()));
        bypasses_.push_back({r.gw_src, r.gw_dst, convert(r.links, false)});
      }
    bool need_loopback = false;
    for (const State& s : zones_)
      need_loopback |= std::find(s.loopback.begin(), s.loopback.end(), 1) != s.loopback.end();
    if (need_loopback) {
      loopback_ = static_cast<LinkId>(links.size());
      links.push_back({"__loopback__", 0.0, 1e10, false});
    }
    for (std::uint32_t z = 0; z < t.zones_.size(); ++z) prepare_paths(z);
  }

  /// Appends the route from point p to point q; false (and `out` as it was) when SimGrid
  /// finds none.
  bool global(std::uint32_t p, std::uint32_t q, std::vector<LinkId>& out, unsigned depth = 0) {
    const std::size_t first = out.size();
    if (!global_into(p, q, out, depth)) {
      out.resize(first);
      return false;
    }
    return true;
  }

 private:
  struct Segment {
    std::uint32_t from = 0, to = 0;  // local indices
    std::uint32_t gw_src = kNone, gw_dst = kNone;
    std::uint32_t line = 0;
    std::vector<LinkId> links;
  };
  struct State {
    std::vector<Segment> segments;
    std::vector<char> loopback;  // by local index: takes the model's loopback (base zones)
    std::vector<ZoneHop> hops;
    std::uint32_t loopback_hop = 0;  // + local index: the loopback hops (Floyd, Dijkstra)
    std::unordered_map<std::uint64_t, std::uint32_t> full;  // Full: local pair -> segment
    std::unique_ptr<FloydPaths> floyd;
    std::unique_ptr<DijkstraPaths> dijkstra;
    std::uint32_t source = kNone;  // Dijkstra's current source
    // StarZone: per local index.
    std::vector<std::vector<LinkId>> up, down, self;
    std::vector<char> has_self;
    // kTopology: the cluster's topology, its first link id, its hosts' loopback links (or
    // none: the topology's own way there and back, or no route).
    std::unique_ptr<NetworkTopology> topology;
    LinkId topology_base = 0;
    std::vector<LinkId> loopbacks;
    // Bypass routes given in this zone: (src point, dst point) -> index into bypasses_.
    std::unordered_map<std::uint64_t, std::uint32_t> bypass;
  };
  struct Bypass {
    std::uint32_t gw_src = kNone, gw_dst = kNone;
    std::vector<LinkId> links;
  };
  struct Memo {
    bool found = false;
    std::uint32_t gw_src = kNone, gw_dst = kNone;
    std::vector<LinkId> links;
  };

  std::vector<LinkId> convert(const std::vector<Reader::RouteLink>& route, bool backward) const {
    std::vector<LinkId> out;
    for (const Reader::RouteLink& rl : route) {
      LinkId id = first_id_[rl.link];
      if (rl.name == Reader::LinkName::kSplit)  // the direction, swapped on the way back
        id += (rl.direction == Reader::RouteLink::Direction::kDown) != backward ? 1 : 0;
      if (rl.name == Reader::LinkName::kDownHalf) ++id;  // a half named as such: both ways
      out.push_back(id);
    }
    if (backward) std::reverse(out.begin(), out.end());
    return out;
  }

  // A TORUS, FAT_TREE or DRAGONFLY cluster: its topology's links join the platform's (named
  // after the cluster), and with loopback_bw each host gets its FATPIPE loopback link, as
  // SimGrid makes one per host.
  void prepare_topology(std::uint32_t z, std::vector<NetLink>& links) {
    const ImportedPlatform& c = t_.topologies_[t_.zones_[z].topology];
    State& s = zones_[z];
    s.topology = std::make_unique<NetworkTopology>(build_topology(c.topology));
    s.topology_base = static_cast<LinkId>(links.size());
    for (NetLink l : s.topology->links()) {
      l.name = c.cluster_id + "/" + l.name;
      links.push_back(std::move(l));
    }
    if (t_.topology_loopbacks_[t_.zones_[z].topology]) {
      for (std::uint32_t i = 0; i < c.nodes; ++i) {
        s.loopbacks.push_back(static_cast<LinkId>(links.size()));
        links.push_back({c.cluster_id + "_link_" + std::to_string(c.radical(i)) + "_loopback",
                         c.intra_latency, c.intra_bandwidth, false});
      }
    }
  }

  // The routes given in zone z, in each direction given (SimGrid's order: a route, then its way
  // back when symmetrical), and which points take the model's loopback.
  void prepare_segments(std::uint32_t z) {
    const Reader::Zone& zone = t_.zones_[z];
    State& s = zones_[z];
    const auto m = static_cast<std::uint32_t>(zone.points.size());
    if (zone.routing == Reader::Routing::kStar) {
      for (const Reader::StarRoute& r : zone.star) {
        s.up.push_back(convert(r.up, false));
        s.down.push_back(convert(r.down, false));
        s.self.push_back(convert(r.loopback, false));
        s.has_self.push_back(r.has_loopback ? 1 : 0);
      }
      return;
    }
    std::unordered_map<std::uint64_t, std::uint32_t> given;  // ordered pair -> its segment
    const auto add = [&](const Reader::Route& r, bool backward) {
      Segment g;
      const std::uint32_t src = t_.points_[r.src].local, dst = t_.points_[r.dst].local;
      g.from = backward ? dst : src;
      g.to = backward ? src : dst;
      g.gw_src = backward ? r.gw_dst : r.gw_src;
      g.gw_dst = backward ? r.gw_src : r.gw_dst;
      g.line = r.line;
      g.links = convert(r.links, backward);
      const auto [it, added] = given.emplace(std::uint64_t{g.from} * m + g.to,
                                             static_cast<std::uint32_t>(s.segments.size()));
      if (!added) {
        const std::string name = t_.route_name(backward ? r.dst : r.src, backward ? r.src : r.dst);
        if (r.src == r.dst)
          t_.fail(r.line, name +
                              " is symmetrical: in a Floyd or Dijkstra zone its way back is the "
                              "same route, given twice (SimGrid refuses it): write "
                              "symmetrical=\"NO\"");
        t_.fail(r.line, name + " is given twice (also at line " +
                            std::to_string(s.segments[it->second].line) +
                            "; routes are symmetrical unless symmetrical=\"NO\")");
      }
      s.segments.push_back(std::move(g));
    };
    for (const Reader::Route& r : t_.routes_) {
      if (r.zone != z || r.bypass) continue;
      add(r, false);
      // (FullZone::add_route gives a route to itself once; Floyd and Dijkstra twice.)
      if (r.symmetrical && (r.src != r.dst || zone.routing != Reader::Routing::kFull)) add(r, true);
    }
    // The model's loopback, for each point without a route to itself, in a zone without
    // sub-zones (do_seal). For a Full zone only hosts matter; Dijkstra's graph holds the
    // points named by some route.
    s.loopback.assign(m, 0);
    if (!zone.children.empty()) return;
    std::vector<char> has_self(m, 0), in_route(m, 0);
    for (const Segment& g : s.segments) {
      if (g.from == g.to) has_self[g.from] = 1;
      in_route[g.from] = in_route[g.to] = 1;
    }
    for (std::uint32_t a = 0; a < m; ++a) {
      const bool host = t_.points_[zone.points[a]].kind == Reader::Point::Kind::kHost;
      s.loopback[a] = !has_self[a] && (zone.routing == Reader::Routing::kFloyd ||
                                       (zone.routing == Reader::Routing::kFull && host) ||
                                       (zone.routing == Reader::Routing::kDijkstra && in_route[a]));
    }
  }

  void prepare_paths(std::uint32_t z) {
    const Reader::Zone& zone = t_.zones_[z];
    State& s = zones_[z];
    const auto m = static_cast<std::uint32_t>(zone.points.size());
    if (zone.routing == Reader::Routing::kFull) {
      for (std::uint32_t g = 0; g < s.segments.size(); ++g)
        s.full.emplace(std::uint64_t{s.segments[g].from} * m + s.segments[g].to, g);
      return;
    }
    if (zone.routing != Reader::Routing::kFloyd && zone.routing != Reader::Routing::kDijkstra)
      return;
    s.hops.reserve(s.segments.size() + m);
    for (const Segment& g : s.segments)
      s.hops.push_back({g.from, g.to, static_cast<std::uint32_t>(g.links.size())});
    s.loopback_hop = static_cast<std::uint32_t>(s.hops.size());
    for (std::uint32_t a = 0; a < m; ++a)
      if (s.loopback[a]) s.hops.push_back({a, a, 1});
    // Floyd takes m^3 steps and 20 m^2 bytes: 2048 points take seconds and 84 MB.
    constexpr std::uint32_t kMaxFloydPoints = 2048;
    if (zone.routing == Reader::Routing::kFloyd && m > kMaxFloydPoints)
      t_.fail(zone.line, "a Floyd zone of " + std::to_string(m) +
                             " hosts and routers: pelsim computes "
                             "Floyd routes for at most " +
                             std::to_string(kMaxFloydPoints) +
                             " (the time grows as their cube); routing=\"Dijkstra\" gives routes "
                             "of the same number of links (ties may differ)");
    if (zone.routing == Reader::Routing::kFloyd) s.floyd = std::make_unique<FloydPaths>(m, s.hops);
    if (zone.routing == Reader::Routing::kDijkstra)
      s.dijkstra = std::make_unique<DijkstraPaths>(m, s.hops);
  }

  // The hop h of zone s: its links (a loopback hop: the loopback link).
  void append_hop(const State& s, std::uint32_t h, std::vector<LinkId>& out) const {
    if (h >= s.loopback_hop) {
      out.push_back(loopback_);
      return;
    }
    // (A link crossed twice is counted twice, as SimGrid does: its latency, and the flow's use
    // of its bandwidth.)
    out.insert(out.end(), s.segments[h].links.begin(), s.segments[h].links.end());
  }

  // Zone z's route between its points a and b (local indices), appended to `out`, with its
  // gateways (zone routes only); false when there is none.
  bool local(std::uint32_t z, std::uint32_t a, std::uint32_t b, std::vector<LinkId>& out,
             std::uint32_t& gw_src, std::uint32_t& gw_dst, unsigned depth) {
    const Reader::Zone& zone = t_.zones_[z];
    State& s = zones_[z];
    gw_src = gw_dst = kNone;
    if (zone.routing == Reader::Routing::kTopology) {
      if (a == b && !s.loopbacks.empty()) {
        out.push_back(s.loopbacks[a]);
        return true;
      }
      // (Without loopback, a TORUS has no route from a host to itself: SimGrid aborts.)
      if (a == b && !s.topology->has_loopback_routes()) return false;
      const std::size_t first = out.size();
      s.topology->route(a, b, out);
      for (std::size_t i = first; i < out.size(); ++i) out[i] += s.topology_base;
      return true;
    }
    if (zone.routing == Reader::Routing::kStar) {
      const std::size_t first = out.size();
      const auto add = [&](const std::vector<LinkId>& links) {
        for (const LinkId l : links)  // StarZone adds a link once
          if (std::find(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(), l) ==
              out.end())
            out.push_back(l);
      };
      if (a == b && s.has_self[a]) {
        add(s.self[a]);
      } else {
        add(s.up[a]);
        add(s.down[b]);
      }
      return true;
    }
    if (zone.routing == Reader::Routing::kFull) {
      const auto m = static_cast<std::uint32_t>(zone.points.size());
      if (const auto it = s.full.find(std::uint64_t{a} * m + b); it != s.full.end()) {
        const Segment& g = s.segments[it->second];
        out.insert(out.end(), g.links.begin(), g.links.end());
        gw_src = g.gw_src;
        gw_dst = g.gw_dst;
        return true;
      }
      if (a == b && s.loopback[a]) {
        out.push_back(loopback_);
        return true;
      }
      return false;
    }
    std::vector<std::uint32_t> chain;
    if (s.floyd) {
      if (!s.floyd->path(a, b, chain)) return false;
    } else if (s.dijkstra) {
      if (s.source != a) {
        // A point in no route has none (SimGrid fails when a transfer needs one; the host may
        // still be its zone's gateway, which needs none).
        if (!s.dijkstra->set_source(a)) return false;
        s.source = a;
      }
      const DijkstraPaths::Path got = s.dijkstra->path(b, chain);
      if (got == DijkstraPaths::Path::kEndless) {
        const std::string& from = t_.points_[zone.points[a]].name;
        t_.fail(zone.line, "SimGrid 3.32's Dijkstra routing never ends on the route from " +
                               quoted(from) + " to " + quoted(t_.points_[zone.points[b]].name) +
                               ": a point that routes one way into the zone cannot be reached "
                               "from " +
                               quoted(from) +
                               ", and its cost overflows; give the way back, or use "
                               "routing=\"Floyd\"");
      }
      if (got != DijkstraPaths::Path::kFound) return false;
    } else {
      return false;  // (a routing pelsim does not have: never asked, see close_zone)
    }
    // Each zone route of the chain continues from where the previous one arrived.
    std::uint32_t prev_gw_dst = kNone;
    for (const std::uint32_t h : chain) {
      const bool zone_route = h < s.loopback_hop && s.segments[h].gw_src != kNone;
      if (zone_route && prev_gw_dst != kNone && prev_gw_dst != s.segments[h].gw_src &&
          !global_into(prev_gw_dst, s.segments[h].gw_src, out, depth + 1))
        return false;
      append_hop(s, h, out);
      prev_gw_dst = zone_route ? s.segments[h].gw_dst : kNone;
    }
    if (!chain.empty() && chain.front() < s.loopback_hop) gw_src = s.segments[chain.front()].gw_src;
    if (!chain.empty() && chain.back() < s.loopback_hop) gw_dst = s.segments[chain.back()].gw_dst;
    return true;
  }

  // local() of a zone of zones, remembered (the same few pairs serve every pair of hosts).
  const Memo& zone_route(std::uint32_t z, std::uint32_t a, std::uint32_t b, unsigned depth) {
    const std::uint64_t key = (std::uint64_t{z} << 42) | (std::uint64_t{a} << 21) | b;
    const bool memo = a < (1u << 21) && b < (1u << 21) && z < (1u << 21);
    if (memo)
      if (const auto it = memo_.find(key); it != memo_.end()) return it->second;
    Memo m;
    m.found = local(z, a, b, m.links, m.gw_src, m.gw_dst, depth);
    if (!memo) {
      scratch_ = std::move(m);
      return scratch_;
    }
    return memo_.emplace(key, std::move(m)).first->second;
  }

  bool global_into(std::uint32_t p, std::uint32_t q, std::vector<LinkId>& out, unsigned depth) {
    if (depth > 4 * Reader::kMaxNesting)  // (each step goes into a smaller subtree: cannot happen)
      t_.fail(t_.zones_.front().line, "the routes between zones do not end");
    const Reader::Point& src = t_.points_[p];
    const Reader::Point& dst = t_.points_[q];
    std::uint32_t gw_src = kNone, gw_dst = kNone;
    if (src.zone == dst.zone) {  // (get_bypass_route's base case first)
      const auto& bypass = zones_[src.zone].bypass;
      if (const auto it = bypass.find(pair_key(p, q)); it != bypass.end()) {
        out.insert(out.end(), bypasses_[it->second].links.begin(),
                   bypasses_[it->second].links.end());
        return true;
      }
      return local(src.zone, src.local, dst.local, out, gw_src, gw_dst, depth);
    }
    // find_common_ancestors: the zones from each point's up to the root, then down together.
    path_src_.clear();
    path_dst_.clear();
    for (std::uint32_t z = src.zone; z != kNone; z = t_.zones_[z].parent) path_src_.push_back(z);
    for (std::uint32_t z = dst.zone; z != kNone; z = t_.zones_[z].parent) path_dst_.push_back(z);
    while (path_src_.size() > 1 && path_dst_.size() > 1 && path_src_.back() == path_dst_.back()) {
      path_src_.pop_back();
      path_dst_.pop_back();
    }
    const std::uint32_t src_zone = path_src_.back(), dst_zone = path_dst_.back();
    // (One point in a zone above the other's: no such point, close_zone refuses hosts
    // beside zones.)
    if (src_zone == dst_zone) return false;
    const std::uint32_t common = t_.zones_[src_zone].parent;
    if (const Bypass* b = find_bypass(common)) {  // (the paths are not needed after this)
      const Bypass bypass = *b;
      if (!global_into(p, bypass.gw_src, out, depth + 1)) return false;
      out.insert(out.end(), bypass.links.begin(), bypass.links.end());
      return global_into(bypass.gw_dst, q, out, depth + 1);
    }
    const Memo& between = zone_route(common, t_.points_[t_.zones_[src_zone].point].local,
                                     t_.points_[t_.zones_[dst_zone].point].local, depth + 1);
    // (SimGrid: "Bad gateways" when a zone route is missing.)
    if (!between.found || between.gw_src == kNone || between.gw_dst == kNone) return false;
    const std::uint32_t in = between.gw_src, to = between.gw_dst;
    const std::vector<LinkId> links = between.links;  // (the memo may move while recursing)
    if (p != in && !global_into(p, in, out, depth + 1)) return false;
    out.insert(out.end(), links.begin(), links.end());
    return q == to || global_into(to, q, out, depth + 1);
  }

  static std::uint64_t pair_key(std::uint32_t a, std::uint32_t b) {
    return (std::uint64_t{a} << 32) | b;
  }

  // get_bypass_route's search between zones: the pairs (i-th zone up from the source, j-th up
  // from the destination) below the common ancestor `common`, in SimGrid's order (by the
  // larger of i and j, then the smaller, the source's side first).
  const Bypass* find_bypass(std::uint32_t common) const {
    const auto& bypass = zones_[common].bypass;
    if (bypass.empty()) return nullptr;
    const auto lookup = [&](std::size_t i, std::size_t j) -> const Bypass* {
      if (i >= path_src_.size() || j >= path_dst_.size()) return nullptr;
      const auto it =
          bypass.find(pair_key(t_.zones_[path_src_[i]].point, t_.zones_[path_dst_[j]].point));
      return it == bypass.end() ? nullptr : &bypasses_[it->second];
    };
    const std::size_t most = std::max(path_src_.size(), path_dst_.size());
    for (std::size_t max = 0; max < most; ++max) {
      for (std::size_t i = 0; i < max; ++i) {
        if (const Bypass* b = lookup(i, max)) return b;
        if (const Bypass* b = lookup(max, i)) return b;
      }
      if (const Bypass* b = lookup(max, max)) return b;
    }
    return nullptr;
  }

  const Reader& t_;
  std::vector<Bypass> bypasses_;
  std::vector<LinkId> first_id_;
  LinkId loopback_ = 0;
  std::vector<State> zones_;
  std::unordered_map<std::uint64_t, Memo> memo_;
  Memo scratch_;
  std::vector<std::uint32_t> path_src_, path_dst_;
};

ImportedPlatform ZoneTreeReader::build() const {
  const std::uint32_t root_line = zones_.empty() ? 1 : zones_.front().line;
  const auto n = static_cast<std::uint32_t>(hosts_.size());
  if (n == 0) fail(root_line, "<zone> has <router>, <link> or <route> but no <host>");
  std::uint64_t cores = 0;
  for (const ImportedPlatform::Host& h : hosts_) cores += h.cores;
  if (cores > (std::uint64_t{1} << 24))
    fail(root_line,
         "the hosts have " + std::to_string(cores) + " cores, more than pelsim's 16777216");

  auto table = std::make_shared<RouteTable>();
  table->source = path_;
  for (const ImportedPlatform::Host& h : hosts_) table->node_names.push_back(h.name);
  ZoneRouter router(*this, table->links);
  std::uint64_t missing = 0;  // ordered pairs of hosts without a route
  table->start.reserve(std::size_t{n} * n + 1);
  table->start.push_back(0);
  for (std::uint32_t a = 0; a < n; ++a) {
    for (std::uint32_t b = 0; b < n; ++b) {
      // (a == b: every host has a way to itself.) SimGrid fails on a missing one when used.
      if (!router.global(host_point_[a], host_point_[b], table->route_links)) ++missing;
      // The table of every pair's route is what the file asks for; bound it before it
      // exhausts the memory (2^26 link ids, 256 MiB: 1400 hosts on routes of 32 links).
      constexpr std::size_t kMaxRouteLinks = std::size_t{1} << 26;
      if (table->route_links.size() > kMaxRouteLinks)
        fail(root_line, "the routes between the " + std::to_string(n) + " hosts cross more than " +
                            std::to_string(kMaxRouteLinks) +
                            " links in all (pelsim keeps the route of every pair of hosts): "
                            "fewer hosts, or shorter routes");
      table->start.push_back(static_cast<std::uint32_t>(table->route_links.size()));
    }
  }

  ImportedPlatform p;
  const Zone& root = zones_.front();
  p.cluster_id = root.id;
  p.nodes = n;
  p.hosts = hosts_;
  p.zone_routing = root.routing_name == "DijkstraCache" ? "Dijkstra" : root.routing_name;
  for (const Point& point : points_) p.routers += point.kind == Point::Kind::kRouter ? 1 : 0;
  p.zones = static_cast<std::uint32_t>(zones_.size());
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
