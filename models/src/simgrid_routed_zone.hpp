// The `<zone routing="Full|Floyd|Dijkstra">` part of the SimGrid platform reader: hosts,
// routers, links and routes given one by one (SimGrid's small_platform.xml, two_hosts.xml, ...).
// Internal to models/.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "pelsim/models/simgrid_platform.hpp"
#include "pelsim/models/units.hpp"
#include "xml_tokenizer.hpp"

namespace pelsim::models {

/// Collects the `<host>`, `<router>`, `<link>` and `<route>` elements of one zone as the
/// tokenizer meets them (each method is called on the element's start tag and consumes the
/// element), then builds the ImportedPlatform with a routed topology: a Full zone's routes
/// between hosts as given, a Floyd or Dijkstra zone's computed from the routes given between
/// hosts and routers (simgrid_zone_paths.hpp). Every rule it applies is SimGrid 3.32's
/// (sg_platf.cpp, FullZone.cpp, FloydZone.cpp, DijkstraZone.cpp, RoutedZone.cpp,
/// NetZoneImpl::get_link_list_impl) and is listed in docs/models/simgrid-platforms.md. Throws
/// InputError(path, line, reason).
class RoutedZoneReader {
 public:
  /// How the zone finds the route between two hosts (its `routing` attribute).
  enum class Routing { kFull, kFloyd, kDijkstra };

  RoutedZoneReader(XmlTokenizer& xml, const std::string& path) : xml_(xml), path_(path) {}

  void set_routing(Routing routing) { routing_ = routing; }
  void read_host();
  void read_router();
  void read_link();
  void read_route();
  bool empty() const { return netpoints_.empty() && links_.empty() && routes_.empty(); }
  std::uint32_t first_line() const { return first_line_; }

  /// The platform; `zone_line` is where errors about the whole zone point.
  ImportedPlatform build(const std::string& zone_id, std::uint32_t zone_line) const;

 private:
  struct Link {
    std::string id;
    double bandwidth = 0;
    double latency = 0;
    enum class Policy { kShared, kSplitDuplex, kFatpipe } policy = Policy::kShared;
    std::uint32_t line = 0;
  };
  // What a link name designates: a whole link, a split-duplex link (its <link_ctn> says which
  // direction), or one half of a split-duplex link named as id_UP / id_DOWN.
  struct LinkName {
    std::uint32_t link = 0;  // index into links_
    enum Kind : std::uint8_t { kWhole, kSplit, kUpHalf, kDownHalf } kind = kWhole;
  };
  struct RouteLink {
    std::uint32_t link = 0;  // index into links_
    LinkName::Kind name = LinkName::kWhole;
    enum class Direction { kNone, kUp, kDown } direction = Direction::kNone;
  };
  struct Route {
    std::uint32_t src = 0;  // netpoints
    std::uint32_t dst = 0;
    bool symmetrical = true;
    std::uint32_t line = 0;
    std::vector<RouteLink> links;
  };

  [[noreturn]] void fail(std::uint32_t line, const std::string& reason) const;
  void check_attributes(std::string_view tag, std::initializer_list<std::string_view> known) const;
  const std::string& required(std::string_view tag, std::string_view name) const;
  double quantity(std::string_view tag, std::string_view name, const std::string& text,
                  Quantity kind) const;
  std::uint32_t netpoint_index(const std::string& name, std::string_view role) const;
  void add_netpoint(const std::string& name, std::string_view kind, std::uint32_t line);
  // The links of each route given, in each direction it is given (SimGrid's order: a route,
  // then its way back when symmetrical), as pelsim link ids; and the pelsim links.
  struct Segment {
    std::uint32_t from = 0;  // netpoints
    std::uint32_t to = 0;
    std::uint32_t line = 0;
    std::vector<LinkId> links;
  };
  std::vector<Segment> segments(std::vector<NetLink>& links) const;
  std::string route_name(std::uint32_t from, std::uint32_t to) const;
  void skip_children(std::string_view tag);
  void mark(std::uint32_t line) {
    if (first_line_ == 0) first_line_ = line;
  }

  XmlTokenizer& xml_;
  const std::string& path_;
  std::uint32_t first_line_ = 0;
  Routing routing_ = Routing::kFull;
  std::vector<ImportedPlatform::Host> hosts_;
  std::vector<std::uint32_t> host_netpoint_;  // per host
  // Netpoints: the hosts and routers in declaration order (SimGrid's NetPoint::id()).
  std::vector<std::string> netpoints_;
  std::vector<std::uint32_t> netpoint_lines_;
  std::vector<std::int64_t> netpoint_host_;  // its host index, or -1 for a router
  std::unordered_map<std::string, std::uint32_t> netpoint_by_name_;
  std::vector<Link> links_;
  std::unordered_map<std::string, LinkName> link_names_;
  std::vector<Route> routes_;
};

}  // namespace pelsim::models
