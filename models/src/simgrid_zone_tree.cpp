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
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <memory>
#include <string_view>
#include <system_error>
#include <utility>

#include "c_locale_number.hpp"
#include "input_file.hpp"
#include "pelsim/models/error.hpp"
#include "pelsim/models/network_topology.hpp"
#include "pelsim/models/units.hpp"

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
    fail(xml_.line(),
         "<" + std::string(tag) + "> " + std::string(role) + " " + quoted(name) +
             (tag == "route" ? " is not a <host> or <router> declared before it "
                               "(routes join the hosts and routers of this zone)"
              // (src and dst of a zone route or zone bypass; gw_src and gw_dst are points)
              : role.size() == 3 && tag != "bypassRoute"
                  ? " is not a <zone> or <cluster> declared before it"
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

namespace {

bool same_ignoring_case(const std::string& a, const char* b) {
  std::size_t i = 0;
  for (; i < a.size() && b[i] != '\0'; ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return i == a.size() && b[i] == '\0';
}

}  // namespace

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
  // SimGrid compares the routing's name without case (sg_platf_new_Zone_begin: strcasecmp).
  for (const char* known :
       {"Full", "Floyd", "Dijkstra", "DijkstraCache", "Cluster", "None", "Vivaldi"})
    if (same_ignoring_case(routing, known)) z.routing_name = known;
  z.line = line;
  const std::string& name = z.routing_name;
  z.routing = name == "Full"                                  ? Routing::kFull
              : name == "Floyd"                               ? Routing::kFloyd
              : name == "Dijkstra" || name == "DijkstraCache" ? Routing::kDijkstra
              : name == "Cluster"                             ? Routing::kStar
              : name == "None"                                ? Routing::kNone
              : name == "Vivaldi"                             ? Routing::kVivaldi
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
    fail(z.line, "<zone routing=\"" + z.routing_name +
                     "\"> is not supported for hosts or zones (supported: Full, Floyd, "
                     "Dijkstra, DijkstraCache, Cluster, None, Vivaldi; see "
                     "docs/models/simgrid-platforms.md)");
  if (z.routing == Routing::kVivaldi && !z.children.empty() &&
      (z.children.size() > 1 || z.first_own_line != 0))
    fail(z.line,
         "<zone routing=\"Vivaldi\"> of zones is not supported (pelsim reads Vivaldi "
         "zones of hosts, or holding one zone)");
  if (z.cluster_routing) populate_star(zones_[open_.back()]);
  open_.pop_back();
}

// sg_platf_cluster_set_hostlink, at the zone's end: host h goes up by [its up link, backbone]
// and down by [backbone, its down link]; a router, and a host without <host_link>, have empty
// ways (StarZone: a route of no link, missing when it is the whole route).
void ZoneTreeReader::populate_star(Zone& z) {
  for (const Zone::NamedHostLink& named : z.named_host_links) {
    const auto it = point_by_name_.find(named.id);
    if (it == point_by_name_.end() || points_[it->second].kind != Point::Kind::kHost ||
        points_[it->second].zone != open_.back())
      fail(named.line,
           "<host_link> id " + quoted(named.id) + " is not a <host> of zone " + quoted(z.id));
    Zone::HostLink hl;
    hl.local = points_[it->second].local;
    for (const Zone::HostLink& other : z.host_links)
      if (other.local == hl.local)
        fail(named.line, "host " + quoted(named.id) + " has a second <host_link>");
    hl.up = host_link_end(named.up, "up", named.line);
    hl.down = host_link_end(named.down, "down", named.line);
    z.host_links.push_back(hl);
  }
  std::vector<RouteLink> backbone;
  if (z.backbone != kNone)
    backbone.push_back({z.backbone, LinkName::kWhole, RouteLink::Direction::kNone});
  for (const Zone::HostLink& hl : z.host_links) {
    StarRoute& route = z.star[hl.local];
    route.up = {hl.up};
    route.up.insert(route.up.end(), backbone.begin(), backbone.end());
    route.down = backbone;
    route.down.push_back(hl.down);
  }
}

// A <host_link> up or down link: a link, or one half of a split-duplex one.
ZoneTreeReader::RouteLink ZoneTreeReader::host_link_end(const std::string& id,
                                                        const char* attribute,
                                                        std::uint32_t line) const {
  const auto it = link_names_.find(id);
  if (it == link_names_.end())
    fail(line, "<host_link> " + std::string(attribute) + " " + quoted(id) + " is not a <link>");
  if (it->second.kind == LinkName::kSplit)
    fail(line, "<host_link> " + std::string(attribute) + " " + quoted(id) +
                   " is SPLITDUPLEX: name one of its halves, " + quoted(id + "_UP") + " or " +
                   quoted(id + "_DOWN"));
  return {it->second.link, it->second.kind, RouteLink::Direction::kNone};
}

void ZoneTreeReader::read_host_link() {
  Zone& z = current("host_link");
  if (!z.cluster_routing)
    fail(xml_.line(), "<host_link> in zone " + quoted(z.id) +
                          ", whose routing is not \"Cluster\" (SimGrid: host_links are only "
                          "valid for Cluster zones)");
  check_attributes("host_link", {"id", "up", "down"});
  Zone::NamedHostLink named;
  named.line = xml_.line();
  named.id = required("host_link", "id");
  named.up = required("host_link", "up");
  named.down = required("host_link", "down");
  z.named_host_links.push_back(std::move(named));
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
  const std::uint32_t link = add_link(link_values("backbone"));
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
  if (xml_.attribute("state_file") != nullptr)
    fail(line,
         "<host> attribute state_file is not supported (pelsim's hosts stay on; core failures "
         "are set in the scenario: docs/models/faults.md)");
  check_point_kind(zone, false, line);
  ImportedPlatform::Host h;
  h.speed_profile = read_speed_file(line);
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
  read_coordinates(point);
  host_point_.push_back(point);
  hosts_.push_back(std::move(h));
  skip_children("host");
}

void ZoneTreeReader::check_point_kind(Zone& z, bool peer, std::uint32_t line) const {
  const std::uint32_t other = peer ? z.first_host_line : z.first_peer_line;
  if (other != 0)
    fail(line, std::string(peer ? "<peer>" : "<" + std::string(xml_.name()) + ">") + " in zone " +
                   quoted(z.id) + " beside " + (peer ? "its <host>s or <router>s" : "its <peer>s") +
                   " (line " + std::to_string(other) +
                   "): SimGrid takes peers in a zone with links and zones, not with hosts or "
                   "routers (its DTD)");
  std::uint32_t& mine = peer ? z.first_peer_line : z.first_host_line;
  if (mine == 0) mine = line;
}

std::uint32_t ZoneTreeReader::read_speed_file(std::uint32_t line) {
  const std::string tag(xml_.name());
  const std::string* file = xml_.attribute("speed_file");
  if (const std::string* old = xml_.attribute("availability_file")) {  // (deprecated name)
    if (file != nullptr)
      fail(line, "<" + tag + "> has both speed_file and availability_file, its old name");
    file = old;
  }
  if (file == nullptr || file->empty()) return ImportedPlatform::kNoSpeedProfile;
  return read_profile_file(*file, "<" + tag + "> speed_file", line);
}

std::uint32_t ZoneTreeReader::read_profile_file(const std::string& name, const std::string& what,
                                                std::uint32_t line) {
  // (SimGrid looks for it in the platform file's folder.)
  const std::size_t slash = path_.find_last_of('/');
  const std::string key =
      name.front() == '/' || slash == std::string::npos ? name : path_.substr(0, slash + 1) + name;
  if (const auto it = speed_profile_of_file_.find(key); it != speed_profile_of_file_.end())
    return it->second;
  std::string text;
  try {
    text = read_input_text(key);
  } catch (const InputError& e) {
    fail(line,
         what + " " + quoted(name) + (key == name ? "" : " (" + key + ")") + ": " + e.reason());
  }
  const auto index = static_cast<std::uint32_t>(speed_profiles_.size());
  speed_profiles_.push_back(parse_speed_profile(text, key));
  speed_profile_of_file_.emplace(key, index);
  profile_files_.push_back(key);
  return index;
}

void ZoneTreeReader::read_trace() {
  using Event = XmlTokenizer::Event;
  const std::uint32_t line = xml_.line();
  check_attributes("trace", {"id", "file", "periodicity"});
  const std::string id = required("trace", "id");
  const std::string* file = xml_.attribute("file");
  // (SimGrid reads the attribute as a plain number, <= 0 for "no repeat"; pelsim also takes
  // a time with its unit.)
  double periodicity = 0;
  if (const std::string* p = xml_.attribute("periodicity")) {
    const double plain = whole_number_c(*p);
    if (std::isfinite(plain))
      periodicity = plain;
    else
      periodicity = quantity("trace", "periodicity", *p, Quantity::kTime);
  }
  std::string text;
  std::uint32_t text_line = 0;
  for (Event e = xml_.next(); e != Event::kEnd; e = xml_.next()) {
    if (e == Event::kStart) fail(xml_.line(), "<" + std::string(xml_.name()) + "> in <trace>");
    if (e != Event::kText) continue;
    if (text_line == 0) text_line = xml_.line();
    // (A comment between two pieces of text took lines away: put them back, so that the
    // profile's line numbers stay the file's.)
    const auto lines_so_far =
        text_line + static_cast<std::uint32_t>(std::count(text.begin(), text.end(), '\n'));
    if (!text.empty() && xml_.line() > lines_so_far) text.append(xml_.line() - lines_so_far, '\n');
    text += xml_.text();
  }
  if (traces_.count(id) != 0)
    fail(line, "<trace> " + quoted(id) + " is declared twice (first at line " +
                   std::to_string(traces_[id].line) + ")");
  NamedTrace named;
  named.line = line;
  if (file != nullptr && !file->empty()) {
    // (sg_platf_new_trace reads the file, whose PERIODICITY or LOOPAFTER line counts, not the
    // attribute.)
    named.profile = read_profile_file(*file, "<trace> " + quoted(id), line);
  } else {
    if (text.find_first_not_of(" \t\r\n") == std::string::npos)
      fail(line, "<trace> " + quoted(id) +
                     " has neither a file nor a profile in its text (SimGrid refuses it)");
    named.profile = static_cast<std::uint32_t>(speed_profiles_.size());
    speed_profiles_.push_back(parse_speed_profile(text, path_, text_line, periodicity));
  }
  traces_.emplace(id, named);
}

void ZoneTreeReader::read_trace_connect() {
  const std::uint32_t line = xml_.line();
  check_attributes("trace_connect", {"kind", "trace", "element"});
  const std::string* kind = xml_.attribute("kind");
  const std::string k = kind == nullptr ? "HOST_AVAIL" : *kind;  // (the DTD's default)
  if (k != "SPEED")
    fail(line, "<trace_connect kind=\"" + k +
                   "\"> is not supported (pelsim reads kind=\"SPEED\", a host's speed profile; "
                   "core failures are set in the scenario, links keep their bandwidth and "
                   "latency)");
  const std::string& trace = required("trace_connect", "trace");
  const auto it = traces_.find(trace);
  if (it == traces_.end())
    fail(line, "<trace_connect> trace " + quoted(trace) +
                   " is not a <trace> declared before it (SimGrid: trace unknown)");
  // (SimGrid 3.32 keeps one connection per trace and drops the later ones silently: a trace
  // given to two hosts would slow one of them only.)
  if (it->second.connected_line != 0)
    fail(line, "<trace> " + quoted(trace) + " is connected already (line " +
                   std::to_string(it->second.connected_line) +
                   "; SimGrid keeps the first connection of a trace and ignores the others: "
                   "declare one <trace> per host)");
  it->second.connected_line = line;
  trace_connects_.push_back({it->second.profile, line, required("trace_connect", "element")});
  skip_children("trace_connect");
}

void ZoneTreeReader::read_router() {
  const std::uint32_t line = xml_.line();
  Zone& zone = current("router");
  if (zone.first_own_line == 0) zone.first_own_line = line;
  check_attributes("router", {"id", "coordinates"});
  check_point_kind(zone, false, line);
  read_coordinates(add_point(required("router", "id"), Point::Kind::kRouter, open_.back(), line));
  skip_children("router");
}

// The coordinates attribute ("x y height", SimGrid's Vivaldi coordinates): required in a
// Vivaldi zone, ignored elsewhere.
void ZoneTreeReader::read_coordinates(std::uint32_t point) {
  if (zones_[open_.back()].routing != Routing::kVivaldi) return;
  const std::string& text = required(xml_.name(), "coordinates");  // (host, router or peer)
  std::array<double, 3> c{};
  std::size_t n = 0;
  std::string_view rest = text;
  while (true) {
    rest = trim(rest);
    if (rest.empty()) break;
    const std::size_t end = std::min(rest.find_first_of(" \t\r\n"), rest.size());
    double v = 0;
    const auto [ptr, ec] = std::from_chars(rest.data(), rest.data() + end, v);
    if (n == 3 || ec != std::errc() || ptr != rest.data() + end || !std::isfinite(v))
      fail(xml_.line(), "coordinates '" + text + "' of " + quoted(points_[point].name) +
                            " are not three numbers \"x y height\" (SimGrid's Vivaldi "
                            "coordinates)");
    c[n++] = v;
    rest.remove_prefix(end);
  }
  if (n != 3)
    fail(xml_.line(), "coordinates '" + text + "' of " + quoted(points_[point].name) +
                          " are not three numbers \"x y height\" (SimGrid's Vivaldi coordinates)");
  points_[point].coordinates = c;
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
  Link l = link_values("link");
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

// A route's symmetrical attribute (YES by default).
void ZoneTreeReader::read_symmetrical(Route& r, const std::string& tag) const {
  if (const std::string* sym = xml_.attribute("symmetrical")) {
    if (*sym == "YES" || *sym == "yes") {
      r.symmetrical = true;
    } else if (*sym == "NO" || *sym == "no") {
      r.symmetrical = false;
    } else {
      fail(r.line, "<" + tag + "> symmetrical must be YES or NO, not '" + *sym + "'");
    }
  }
}

// A zone route's gw_src and gw_dst: hosts or routers inside its src and dst zones.
void ZoneTreeReader::read_gateways(Route& r, const std::string& tag) const {
  for (const char* role : {"gw_src", "gw_dst"}) {
    const std::uint32_t p = point_index(required(tag, role), tag, role);
    const std::uint32_t in = points_[role[3] == 's' ? r.src : r.dst].what;
    if (points_[p].kind == Point::Kind::kZone || !inside(p, in))
      fail(r.line, "<" + tag + "> " + role + " " + quoted(points_[p].name) +
                       " is not a host or router of zone " + quoted(zones_[in].id) +
                       " (a gateway is a point of the zone it leads into or out of)");
    (role[3] == 's' ? r.gw_src : r.gw_dst) = p;
  }
}

// The id, bandwidth (> 0) and latency of the <link> or <backbone> start tag met (SimGrid 3.32
// refuses a link without latency: "cannot parse number").
ZoneTreeReader::Link ZoneTreeReader::link_values(std::string_view tag) const {
  Link l;
  l.id = required(tag, "id");
  l.line = xml_.line();
  const std::string& bw = required(tag, "bandwidth");
  l.bandwidth = quantity(tag, "bandwidth", bw, Quantity::kBandwidth);
  if (!(l.bandwidth > 0))
    fail(l.line, "<" + std::string(tag) + "> " + quoted(l.id) + ": bandwidth must be > 0, not '" +
                     bw + "'");
  l.latency = quantity(tag, "latency", required(tag, "latency"), Quantity::kTime);
  return l;
}

void ZoneTreeReader::read_route() {
  Route r;
  r.line = xml_.line();
  Zone& zone = current("route");
  if (zone.first_own_line == 0) zone.first_own_line = r.line;
  r.zone = open_.back();
  if (zone.routing == Routing::kVivaldi)
    fail(r.line, "<route> in zone " + quoted(zone.id) +
                     " of routing=\"Vivaldi\", whose routes come from its points' coordinates");
  if (zone.routing == Routing::kNone)
    fail(r.line, "<route> in zone " + quoted(zone.id) +
                     " of routing=\"None\" (SimGrid: there can't be route in an Empty zone)");
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
  read_symmetrical(r, "route");
  read_route_links(r);
  if (zone.routing == Routing::kStar) {  // StarZone::add_route: only a point's loopback
    if (r.src != r.dst)
      fail(r.line, "<route> in zone " + quoted(zone.id) +
                       " of routing=\"Cluster\" between two points: its hosts are joined by "
                       "<host_link> and <backbone> (SimGrid's StarZone takes a route from a "
                       "point to itself only, its loopback)");
    StarRoute& star = zone.star[points_[r.src].local];
    if (star.has_loopback) fail(r.line, route_name(r.src, r.dst) + " is given twice");
    star.loopback = std::move(r.links);
    star.has_loopback = true;
    return;
  }
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
  read_gateways(r, tag);
  read_symmetrical(r, tag);
  read_route_links(r);
  routes_.push_back(std::move(r));
}

void ZoneTreeReader::read_peer() {
  const std::uint32_t line = xml_.line();
  Zone& zone = current("peer");
  if (zone.routing != Routing::kVivaldi)
    fail(line, "<peer> in zone " + quoted(zone.id) +
                   ", whose routing is not \"Vivaldi\" (SimGrid: <peer> tag can only be used in "
                   "Vivaldi netzones)");
  if (zone.first_own_line == 0) zone.first_own_line = line;
  // (lat: deprecated and unused by SimGrid 3.32, which takes the height coordinate instead.)
  check_attributes("peer", {"id", "coordinates", "speed", "bw_in", "bw_out", "lat", "speed_file",
                            "availability_file", "state_file"});
  if (xml_.attribute("state_file") != nullptr)
    fail(line, "<peer> attribute state_file is not supported (pelsim's hosts stay on)");
  check_point_kind(zone, true, line);
  const std::uint32_t profile = read_speed_file(line);
  const std::string& id = required("peer", "id");
  const double speed = quantity("peer", "speed", required("peer", "speed"), Quantity::kSpeed);
  if (!(speed > 0)) fail(line, "<peer> " + quoted(id) + ": speed must be > 0");
  double bw[2];
  const char* names[2] = {"bw_out", "bw_in"};
  for (int i = 0; i < 2; ++i) {
    bw[i] = quantity("peer", names[i], required("peer", names[i]), Quantity::kBandwidth);
    if (!(bw[i] > 0)) fail(line, "<peer> " + quoted(id) + ": " + names[i] + " must be > 0");
  }
  reserve_hosts(1, line);
  const std::uint32_t point = add_point(id, Point::Kind::kHost, open_.back(), line);
  points_[point].what = static_cast<std::uint32_t>(hosts_.size());
  read_coordinates(point);
  host_point_.push_back(point);
  hosts_.push_back({id, speed, 1, profile});
  Zone::HostLink hl;
  hl.local = points_[point].local;
  hl.up = {add_link({"link_" + id + "_UP", bw[0], 0.0, Link::Policy::kShared, line}),
           LinkName::kWhole, RouteLink::Direction::kNone};
  hl.down = {add_link({"link_" + id + "_DOWN", bw[1], 0.0, Link::Policy::kShared, line}),
             LinkName::kWhole, RouteLink::Direction::kNone};
  zones_[open_.back()].host_links.push_back(hl);
  skip_children("peer");
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
  if (zones) read_gateways(r, tag);
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

}  // namespace pelsim::models
