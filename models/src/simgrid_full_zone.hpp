// The `<zone routing="Full">` part of the SimGrid platform reader: hosts, links and routes given
// one by one (SimGrid's small_platform.xml, two_hosts.xml, ...). Internal to models/.
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

/// Collects the `<host>`, `<link>` and `<route>` elements of one Full zone as the tokenizer
/// meets them (each method is called on the element's start tag and consumes the element),
/// then builds the ImportedPlatform with a routed topology. Every rule it applies is SimGrid
/// 3.32's (sg_platf.cpp, FullZone.cpp, RoutedZone.cpp, NetZoneImpl::get_link_list_impl) and
/// is listed in docs/models/simgrid-platforms.md. Throws InputError(path, line, reason).
class FullZoneReader {
 public:
  FullZoneReader(XmlTokenizer& xml, const std::string& path) : xml_(xml), path_(path) {}

  void read_host();
  void read_link();
  void read_route();
  bool empty() const { return hosts_.empty() && links_.empty() && routes_.empty(); }
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
    std::uint32_t src = 0;
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
  std::uint32_t host_index(const std::string& name, std::string_view role) const;
  void skip_children(std::string_view tag);
  void mark(std::uint32_t line) {
    if (first_line_ == 0) first_line_ = line;
  }

  XmlTokenizer& xml_;
  const std::string& path_;
  std::uint32_t first_line_ = 0;
  std::vector<ImportedPlatform::Host> hosts_;
  std::vector<std::uint32_t> host_lines_;
  std::unordered_map<std::string, std::uint32_t> host_by_name_;
  std::vector<Link> links_;
  std::unordered_map<std::string, LinkName> link_names_;
  std::vector<Route> routes_;
};

}  // namespace pelsim::models
