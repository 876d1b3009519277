// SimGrid platform reader, <cluster> subset (see simgrid_platform.hpp and
// docs/models/simgrid-platforms.md).
//
// How a SimGrid cluster maps to a TopologySpec (from SimGrid's sg_platf.cpp and routing zones):
//   FLAT (no topology): a star. Each host has a private split-duplex link (bw, lat) crossed
//     as UP on the way out and DOWN on the way in: pelsim's crossbar NIC links. With bb_bw,
//     a backbone link (bb_bw, bb_lat, SHARED or FATPIPE) sits between UP(a) and DOWN(b).
//   TORUS "X,Y,Z...": each host owns one split-duplex cable (bw, lat) per dimension to its +1
//     neighbour; dimension-order routing, shortest way. No per-host link: nic = 0 s, +inf B/s.
//     1 dimension -> ring, 2 -> torus2d, 3 -> torus3d (dims filled); more: an error.
//   FAT_TREE "h;m..;w..;p..": every cable of the tree, host-to-leaf ones included (pelsim's NIC
//   links, so nic_* = -1: the link values), is (bw, lat);
//     no other per-host link: nic = 0 s, +inf B/s.
//   DRAGONFLY "g,gl;c,cl;r,rl;n": each host has a split-duplex link (bw, lat) to its router
//     (the NIC), router-to-router links are (bw, lat) per cable (SimGrid merges k parallel
//     cables into one link of k * bw).
#include "pelsim/models/simgrid_platform.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "input_file.hpp"
#include "pelsim/models/error.hpp"
#include "pelsim/models/units.hpp"
#include "simgrid_config.hpp"
#include "simgrid_zone_tree.hpp"
#include "xml_tokenizer.hpp"

namespace pelsim::models {
namespace {

constexpr std::string_view kKnownClusterAttributes =
    "id, prefix, suffix, radical, speed, core, bw, lat, sharing_policy, topology, "
    "topo_parameters, bb_bw, bb_lat, bb_sharing_policy, router_id, limiter_link, loopback_bw, "
    "loopback_lat";

std::string not_supported(std::string_view element) {
  return "<" + std::string(element) +
         "> is not supported: pelsim reads a platform made of one <cluster>, or of a <zone> "
         "(routing Full, Floyd, Dijkstra, Cluster, Vivaldi or None) of <host>, <router>, "
         "<link> and <route>, or of "
         "zones and clusters joined by <zoneRoute> (see docs/models/simgrid-platforms.md)";
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_xml_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_xml_space(s.back())) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  for (;;) {
    const std::size_t at = s.find(sep);
    parts.push_back(s.substr(0, at));
    if (at == std::string_view::npos) return parts;
    s.remove_prefix(at + 1);
  }
}

// A whole decimal integer in [0, max] (blanks around allowed), or nullopt.
std::optional<std::uint64_t> parse_count(std::string_view s, std::uint64_t max) {
  s = trim(s);
  std::uint64_t v = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || ptr != s.data() + s.size() || v > max) return {};
  return v;
}

// The attributes of a <cluster> start tag, copied (the tokenizer reuses its strings).
struct ClusterAttributes {
  std::string tag = "cluster";  // or "cabinet"
  std::uint32_t line = 0;
  std::vector<std::pair<std::string, std::string>> values;

  // The value, or null when absent or empty (SimGrid treats "" as "not given").
  const std::string* get(std::string_view name) const {
    const std::string* v = raw(name);
    return v == nullptr || v->empty() ? nullptr : v;
  }
  // The value as written (maybe empty), or null when absent.
  const std::string* raw(std::string_view name) const {
    for (const auto& [n, v] : values)
      if (n == name) return &v;
    return nullptr;
  }
};

class PlatformParser {
 public:
  PlatformParser(std::string_view text, const std::string& path, std::span<const std::string> cfg)
      : xml_(text, path), path_(path), cfg_given_(!cfg.empty()) {
    apply_simgrid_cfg(cfg, config_);  // (first: the file's <config> sets only the others)
  }

  ImportedPlatform parse() {
    using Event = XmlTokenizer::Event;
    Event e = xml_.next();
    while (e == Event::kText) e = xml_.next();  // blanks only, checked by the tokenizer
    if (xml_.name() != "platform")
      fail(xml_.line(), "expected the <platform> root element of a SimGrid platform file, found <" +
                            std::string(xml_.name()) + ">");
    const std::uint32_t platform_line = xml_.line();
    check_version();
    bool elements = false;  // some element other than <config> read: none may follow
    for (e = xml_.next(); e != Event::kEnd; e = xml_.next()) {
      if (e != Event::kStart) continue;
      if (xml_.name() != "config") {
        elements = true;
      } else if (elements) {  // (SimGrid's DTD: <config>s first)
        fail(xml_.line(),
             "<config> after the platform's other elements: SimGrid takes <config> only at the "
             "start of <platform> (\"Starting tag <config> is not allowed here\"); move it up");
      }
      if (xml_.name() == "cluster") {
        if (tree_.zone_count() > 0)
          fail(xml_.line(),
               "a <cluster> beside the platform's <zone>: " + not_supported("cluster"));
        take_cluster();
      } else if (xml_.name() == "zone" || xml_.name() == "AS") {  // AS: version 4.0's name
        read_zone();
      } else if (xml_.name() == "trace") {
        tree_.read_trace();
      } else if (xml_.name() == "trace_connect") {
        tree_.read_trace_connect();
      } else if (xml_.name() == "config") {
        check_attributes("config", {"id"}, "id");
        read_simgrid_config(xml_, path_, config_);
      } else {
        fail(xml_.line(), not_supported(xml_.name()));
      }
    }
    while (xml_.next() != Event::kDone) {
    }
    if (!cluster_ && tree_.zone_count() == 0)
      fail(platform_line, "no <cluster> in <platform>: " + not_supported("platform"));
    // One cluster, alone or in a zone of its own: its topology as pelsim builds it.
    const bool one_cluster = (cluster_ && tree_.zone_count() == 0) || pending_;
    if (one_cluster && tree_.first_trace_connect_line() != 0)
      fail(tree_.first_trace_connect_line(),
           "<trace_connect> to the hosts of a <cluster> is not supported (give the hosts in a "
           "zone, with speed_file or <trace_connect>)");
    ImportedPlatform p = cluster_ && tree_.zone_count() == 0 ? single(*cluster_)
                         : pending_                          ? single(*pending_)
                                                             : tree_.build();
    p.flow_model = config_.network();
    p.config_sets_model = config_.file_sets_model;
    // (With SimGrid's command line, what neither it nor the file sets is SimGrid's default.)
    if (!p.flow_model && cfg_given_) p.flow_model = FlowModel::lv08();
    for (std::uint32_t i = 0; !config_.cpu_ti.empty() && i < p.nodes; ++i) {
      const std::uint32_t cores = p.hosts.empty() ? p.cores_per_node : p.hosts[i].cores;
      if (cores > 1 && config_.cpu_ti == "--cfg")  // (not the file's fault: no file:line)
        throw InputError(
            "--cfg cpu/optim:TI: SimGrid 3.32 refuses it with hosts of several cores "
            "(host '" +
            p.host_name(i) + "' of " + path_ + " has " + std::to_string(cores) + ")");
      if (cores > 1)
        fail(config_.cpu_ti_line, config_.cpu_ti +
                                      " sets cpu/optim to 'TI', which SimGrid 3.32 refuses with "
                                      "hosts of several cores (host '" +
                                      p.host_name(i) + "' has " + std::to_string(cores) +
                                      "); remove the option");
    }
    return p;
  }

 private:
  [[noreturn]] void fail(std::uint32_t line, const std::string& reason) const {
    throw InputError(path_, line, reason);
  }

  // Attributes of the current start tag outside `known` are an error listing them.
  void check_attributes(std::string_view tag, std::initializer_list<std::string_view> known,
                        std::string_view known_text) const {
    for (std::size_t i = 0; i < xml_.attribute_count(); ++i) {
      const std::string_view name = xml_.attribute_at(i).name;
      if (std::find(known.begin(), known.end(), name) == known.end())
        fail(xml_.line(), "unknown attribute '" + std::string(name) + "' of <" + std::string(tag) +
                              "> (known: " + std::string(known_text) + ")");
    }
  }

  // SimGrid reads versions 4.0 to 4.1 (STag_simgrid_parse_platform, in hundredths).
  void check_version() const {
    check_attributes("platform", {"version"}, "version");
    const std::string* version = xml_.attribute("version");
    if (version == nullptr)
      fail(xml_.line(),
           "<platform> has no version attribute (SimGrid platform files say "
           "version=\"4.1\")");
    double v = 0;
    const std::string_view s = trim(*version);
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc() || ptr != s.data() + s.size())
      fail(xml_.line(), "<platform> version '" + *version + "' is not a number");
    const long hundredths = std::lround(100.0 * v);
    if (hundredths < 400 || hundredths > 410)
      fail(xml_.line(), "<platform> version " + *version +
                            " is not supported: pelsim reads SimGrid platform files of version "
                            "4.0 and 4.1 (update older files with simgrid_update_xml)");
  }

  // Consumes the children of the element just opened; only <prop> is allowed (and ignored).
  void skip_props() {
    using Event = XmlTokenizer::Event;
    for (Event e = xml_.next(); e != Event::kEnd; e = xml_.next()) {
      if (e != Event::kStart) continue;
      if (xml_.name() != "prop") fail(xml_.line(), not_supported(xml_.name()));
      xml_.skip_element();
    }
  }

  // A <zone> (or version 4.0's <AS>) and all it holds, nested zones included.
  void read_zone() {
    using Event = XmlTokenizer::Event;
    const std::uint32_t line = xml_.line();
    if (cluster_ && tree_.zone_count() == 0)
      fail(line, "a <zone> beside the platform's <cluster> (line " +
                     std::to_string(cluster_->line) + "): " + not_supported("zone"));
    check_attributes(xml_.name(), {"id", "routing"}, "id, routing");
    const std::string* id = xml_.attribute("id");
    const std::string* routing = xml_.attribute("routing");
    if (id == nullptr || id->empty())
      fail(line, "<" + std::string(xml_.name()) + "> has no id attribute");
    tree_.open_zone(*id, routing ? *routing : "", line);
    ++depth_;
    for (Event e = xml_.next(); e != Event::kEnd; e = xml_.next()) {
      if (e != Event::kStart) continue;
      const std::string_view name = xml_.name();
      if (name == "prop") {
        xml_.skip_element();
        continue;
      }
      // The root zone's first element, a cluster, waits: alone, it is the platform.
      if (name == "cluster" && depth_ == 1 && !seen_) {
        seen_ = true;
        pending_ = read_cluster();
        continue;
      }
      seen_ = true;
      flush_pending();
      if (name == "cluster") {
        take_cluster();
      } else if (name == "zone" || name == "AS") {
        read_zone();
      } else if (name == "zoneRoute" || name == "ASroute") {
        tree_.read_zone_route();
      } else if (name == "host") {
        tree_.read_host();
      } else if (name == "router") {
        tree_.read_router();
      } else if (name == "link") {
        tree_.read_link();
      } else if (name == "route") {
        tree_.read_route();
      } else if (name == "host_link") {
        tree_.read_host_link();
      } else if (name == "backbone") {
        tree_.read_backbone();
      } else if (name == "cabinet") {
        tree_.add_cabinet(read_cabinet());
      } else if (name == "peer") {
        tree_.read_peer();
      } else if (name == "bypassRoute" || name == "bypassZoneRoute" || name == "bypassASroute") {
        tree_.read_bypass_route();
      } else if (name == "trace") {
        tree_.read_trace();
      } else if (name == "trace_connect") {
        tree_.read_trace_connect();
      } else {
        fail(xml_.line(), not_supported(name));
      }
    }
    tree_.close_zone(pending_.has_value());
    --depth_;
  }

  void flush_pending() {
    if (!pending_) return;
    add_to_tree(*pending_);
    pending_.reset();
  }

  // A <cluster>: at the top, the whole platform; in a zone, one of its zones.
  void take_cluster() {
    const std::uint32_t line = xml_.line();
    if (cluster_ && tree_.zone_count() == 0)
      fail(line, "a second <cluster> (the first is at line " + std::to_string(cluster_->line) +
                     "): several clusters go in a <zone>, joined by <zoneRoute> (see "
                     "docs/models/simgrid-platforms.md)");
    ClusterAttributes attrs = read_cluster();
    if (tree_.zone_count() > 0) {
      add_to_tree(attrs);  // (in a zone: one of its zones)
    } else {
      cluster_ = std::move(attrs);
    }
  }

  // The attributes of the <cluster> start tag met (its <prop> children skipped).
  ClusterAttributes read_cluster() {
    const std::uint32_t line = xml_.line();
    ClusterAttributes attrs;
    attrs.line = line;
    for (std::size_t i = 0; i < xml_.attribute_count(); ++i) {
      const auto& a = xml_.attribute_at(i);
      attrs.values.emplace_back(std::string(a.name), a.value);
    }
    check_attributes(
        "cluster",
        {"id", "prefix", "suffix", "radical", "speed", "core", "bw", "lat", "sharing_policy",
         "topology", "topo_parameters", "bb_bw", "bb_lat", "bb_sharing_policy", "router_id",
         "limiter_link", "loopback_bw", "loopback_lat"},
        kKnownClusterAttributes);
    skip_props();
    return attrs;
  }

  // A <cabinet> of a zone of routing="Cluster": its hosts and their links.
  FlatCluster read_cabinet() {
    ClusterAttributes a;
    a.tag = "cabinet";
    a.line = xml_.line();
    for (std::size_t i = 0; i < xml_.attribute_count(); ++i) {
      const auto& attr = xml_.attribute_at(i);
      a.values.emplace_back(std::string(attr.name), attr.value);
    }
    check_attributes("cabinet", {"id", "prefix", "suffix", "radical", "speed", "bw", "lat"},
                     "id, prefix, suffix, radical, speed, bw, lat");
    skip_props();
    FlatCluster c;
    ImportedPlatform p;
    c.id = required(a, "id");
    c.prefix = p.host_prefix = a.raw("prefix") ? *a.raw("prefix") : required(a, "prefix");
    c.suffix = p.host_suffix = a.raw("suffix") ? *a.raw("suffix") : required(a, "suffix");
    read_radicals(a, p);
    c.radicals = p.radicals;
    c.speed = positive(a, "speed", Quantity::kSpeed);
    c.bandwidth = positive(a, "bw", Quantity::kBandwidth);
    c.latency = quantity(a, "lat", required(a, "lat"), Quantity::kTime);
    c.line = a.line;
    return c;
  }

  // A cluster as one zone of a platform of several.
  void add_to_tree(const ClusterAttributes& attrs) {
    const ImportedPlatform p = build(attrs, true);
    if (p.topology.kind == TopologyKind::kCrossbar) {
      tree_.add_cluster(flat_cluster(attrs, p));
    } else {  // (its limiter or shared links refused, as for a cluster alone)
      tree_.add_topology_cluster(build(attrs), attrs.get("loopback_bw") != nullptr, attrs.line);
    }
  }

  // The platform of one cluster: its topology as pelsim builds it, or, for a FLAT cluster
  // whose host links are not split-duplex or have a limiter, SimGrid's StarZone of it (a
  // routed topology, as in a platform of several zones).
  ImportedPlatform single(const ClusterAttributes& a) {
    const std::string* topology = a.get("topology");
    const std::string* policy = a.get("sharing_policy");
    const bool star =
        (topology == nullptr || *topology == "FLAT") &&
        ((policy != nullptr && (*policy == "SHARED" || *policy == "FATPIPE")) || limiter(a) > 0);
    if (!star) return build(a);
    ZoneTreeReader tree(xml_, path_);
    tree.open_zone("", "Full", a.line);
    tree.add_cluster(flat_cluster(a, build(a, true)));
    tree.close_zone();
    ImportedPlatform p = tree.build();
    p.cluster_id = *a.get("id");
    p.zones = 1;
    p.zone_routing = "Cluster";
    return p;
  }

  // limiter_link: a bandwidth, 0 (the default) for none, as SimGrid reads it.
  double limiter(const ClusterAttributes& a) const {
    const std::string* text = a.get("limiter_link");
    if (text == nullptr) return 0;
    const double v = quantity(a, "limiter_link", *text, Quantity::kBandwidth);
    if (v < 0) fail(a.line, "<cluster> attribute limiter_link must be >= 0, not '" + *text + "'");
    return v;
  }

  // A FLAT cluster of a platform of several zones (SimGrid's StarZone of it).
  FlatCluster flat_cluster(const ClusterAttributes& a, const ImportedPlatform& p) const {
    FlatCluster c;
    c.id = p.cluster_id;
    c.prefix = p.host_prefix;
    c.suffix = p.host_suffix;
    c.radicals = p.radicals;
    c.speed = p.core_speed;
    c.cores = p.cores_per_node;
    c.bandwidth = p.topology.link_bandwidth;
    c.latency = p.topology.link_latency;
    if (const std::string* policy = a.get("sharing_policy")) {
      if (*policy == "SHARED") c.policy = FlatCluster::Policy::kShared;
      if (*policy == "FATPIPE") c.policy = FlatCluster::Policy::kFatpipe;
    }
    c.backbone = a.get("bb_bw") != nullptr;
    c.backbone_bandwidth = p.topology.backbone_bandwidth;
    c.backbone_latency = p.topology.backbone_latency;
    c.backbone_shared = p.topology.backbone_shared;
    c.loopback = a.get("loopback_bw") != nullptr;
    c.loopback_bandwidth = p.intra_bandwidth;
    c.loopback_latency = p.intra_latency;
    c.limiter_bandwidth = limiter(a);
    if (const std::string* router = a.get("router_id")) c.router_id = *router;
    c.line = a.line;
    return c;
  }

  // ---- <cluster> attributes to an ImportedPlatform ----

  const std::string& required(const ClusterAttributes& a, std::string_view name) const {
    const std::string* v = a.get(name);
    if (v == nullptr)
      fail(a.line, "<" + a.tag + "> has no " + std::string(name) +
                       " attribute (required: id, prefix, suffix, radical, speed, bw, lat)");
    return *v;
  }

  double quantity(const ClusterAttributes& a, std::string_view name, const std::string& text,
                  Quantity kind) const {
    try {
      return parse_simgrid_quantity(text, kind);
    } catch (const InputError& e) {
      fail(a.line, "<" + a.tag + "> attribute " + std::string(name) + ": " + e.reason());
    }
  }

  double positive(const ClusterAttributes& a, std::string_view name, Quantity kind) const {
    const double v = quantity(a, name, required(a, name), kind);
    if (v <= 0)
      fail(a.line, "<" + a.tag + "> attribute " + std::string(name) + " must be > 0, not '" +
                       *a.get(name) + "'");
    return v;
  }

  // SimGrid's explodesRadical: "a-b,c,..." (each a <= b), here without repeated values.
  void read_radicals(const ClusterAttributes& a, ImportedPlatform& p) const {
    const std::string& text = required(a, "radical");
    auto bad = [&](std::string_view group, const std::string& why) {
      fail(a.line, "<" + a.tag + "> radical '" + text + "': '" + std::string(group) + "' " + why +
                       " (write ranges and values such as \"0-15\" or \"0-3,8,10-11\")");
    };
    constexpr std::uint64_t kMaxRadical = std::numeric_limits<std::int32_t>::max();
    std::uint64_t total = 0;
    for (const std::string_view group : split(text, ',')) {
      const std::vector<std::string_view> ends = split(group, '-');
      if (ends.size() > 2) bad(group, "is not a value or a range a-b");
      const auto first = parse_count(ends.front(), kMaxRadical);
      const auto last = parse_count(ends.back(), kMaxRadical);
      if (!first || !last) bad(group, "is not a value or a range a-b of integers >= 0");
      if (*last < *first) bad(group, "is an empty range");
      p.radicals.push_back({static_cast<std::uint32_t>(*first), static_cast<std::uint32_t>(*last)});
      total += *last - *first + 1;
    }
    if (total > std::numeric_limits<std::uint32_t>::max())
      fail(a.line, "<" + a.tag + "> radical '" + text + "' gives more than 2^32 - 1 hosts");
    std::vector<ImportedPlatform::RadicalRange> sorted = p.radicals;
    std::sort(sorted.begin(), sorted.end(),
              [](const auto& x, const auto& y) { return x.first < y.first; });
    for (std::size_t i = 1; i < sorted.size(); ++i)
      if (sorted[i].first <= sorted[i - 1].last)
        fail(a.line, "<" + a.tag + "> radical '" + text + "' gives host " + p.host_prefix +
                         std::to_string(sorted[i].first) + p.host_suffix + " twice");
    p.nodes = static_cast<std::uint32_t>(total);
  }

  // Positive integers separated by `sep`, as SimGrid's topology parsers read them.
  std::vector<std::uint64_t> counts(const ClusterAttributes& a, std::string_view part, char sep,
                                    const std::string& syntax) const {
    std::vector<std::uint64_t> out;
    for (const std::string_view s : split(part, sep)) {
      const auto v = parse_count(s, 1u << 30);
      if (!v || *v == 0)
        fail(a.line, "<cluster> topo_parameters '" + *a.get("topo_parameters") + "': '" +
                         std::string(s) + "' is not a positive integer (" + syntax + ")");
      out.push_back(*v);
    }
    return out;
  }

  void check_node_count(const ClusterAttributes& a, const ImportedPlatform& p,
                        std::uint64_t described, const std::string& formula) const {
    if (described != p.nodes)
      fail(a.line, "<cluster> topo_parameters '" + *a.get("topo_parameters") + "' describe " +
                       formula + " = " + std::to_string(described) + " hosts, but radical '" +
                       *a.get("radical") + "' gives " + std::to_string(p.nodes));
  }

  const std::string& topo_parameters(const ClusterAttributes& a, const std::string& topology,
                                     const std::string& syntax) const {
    const std::string* params = a.get("topo_parameters");
    if (params == nullptr)
      fail(a.line,
           "<cluster topology=\"" + topology + "\"> needs topo_parameters=\"" + syntax + "\"");
    return *params;
  }

  void map_torus(const ClusterAttributes& a, ImportedPlatform& p) const {
    const std::string syntax = "X,Y,... sizes of the dimensions";
    const std::string& params = topo_parameters(a, "TORUS", syntax);
    const std::vector<std::uint64_t> dims = counts(a, params, ',', syntax);
    if (dims.size() > 3)
      fail(a.line, "<cluster topology=\"TORUS\"> of " + std::to_string(dims.size()) +
                       " dimensions is not supported (pelsim has ring, torus2d and torus3d: at "
                       "most 3 dimensions)");
    std::uint64_t product = 1;
    std::string formula;
    for (const std::uint64_t d : dims) {
      product *= d;
      formula += (formula.empty() ? "" : " x ") + std::to_string(d);
    }
    check_node_count(a, p, product, formula);
    TopologySpec& t = p.topology;
    t.kind = dims.size() == 1   ? TopologyKind::kRing
             : dims.size() == 2 ? TopologyKind::kTorus2d
                                : TopologyKind::kTorus3d;
    if (dims.size() > 1)
      for (const std::uint64_t d : dims) t.dims.push_back(static_cast<std::uint32_t>(d));
    t.nic_latency = 0;
    t.nic_bandwidth = std::numeric_limits<double>::infinity();
  }

  void map_fat_tree(const ClusterAttributes& a, ImportedPlatform& p) const {
    const std::string syntax = "h;m1,...,mh;w1,...,wh;p1,...,ph";
    const std::string& params = topo_parameters(a, "FAT_TREE", syntax);
    const std::vector<std::string_view> parts = split(params, ';');
    if (parts.size() != 4)
      fail(a.line, "<cluster> topo_parameters '" + params +
                       "': a FAT_TREE has 4 parts separated "
                       "by ';' (" +
                       syntax + "), not " + std::to_string(parts.size()));
    if (parts[0].find(',') != std::string_view::npos)
      fail(a.line, "<cluster> topo_parameters '" + params +
                       "': the first part is the number of levels h (" + syntax + ")");
    const std::uint64_t levels = counts(a, parts[0], ',', syntax).at(0);
    const char* names[] = {"", "down links m", "up links w", "parallel links p"};
    std::uint64_t product = 1;
    std::string formula;
    for (std::size_t i = 1; i < 4; ++i) {
      const std::vector<std::uint64_t> v = counts(a, parts[i], ',', syntax);
      if (v.size() != levels)
        fail(a.line, "<cluster> topo_parameters '" + params + "': " + std::to_string(v.size()) +
                         " " + names[i] + " for " + std::to_string(levels) + " levels (" + syntax +
                         ")");
      if (i == 1)
        for (const std::uint64_t m : v) {
          product *= m;
          formula += (formula.empty() ? "" : " x ") + std::to_string(m);
        }
    }
    check_node_count(a, p, product, "m1 x ... x mh = " + formula);
    p.topology.kind = TopologyKind::kFatTree;
    p.topology.parameters = params;
    // pelsim's fat tree builds the host-to-leaf cables as the nodes' NIC links: same bw, lat.
    p.topology.nic_latency = -1;
    p.topology.nic_bandwidth = -1;
  }

  void map_dragonfly(const ClusterAttributes& a, ImportedPlatform& p, double bw, double lat) const {
    const std::string syntax = "groups,links;chassis,links;routers,links;nodes";
    const std::string& params = topo_parameters(a, "DRAGONFLY", syntax);
    const std::vector<std::string_view> parts = split(params, ';');
    if (parts.size() != 4)
      fail(a.line, "<cluster> topo_parameters '" + params +
                       "': a DRAGONFLY has 4 parts "
                       "separated by ';' (" +
                       syntax + "), not " + std::to_string(parts.size()));
    std::uint64_t product = 1;
    std::string formula;
    for (std::size_t i = 0; i < 4; ++i) {
      const std::vector<std::uint64_t> v = counts(a, parts[i], ',', syntax);
      if (v.size() != (i < 3 ? 2u : 1u))
        fail(a.line, "<cluster> topo_parameters '" + params + "': part " + std::to_string(i + 1) +
                         " has " + std::to_string(v.size()) + " numbers (" + syntax + ")");
      product *= v[0];
      formula += (formula.empty() ? "" : " x ") + std::to_string(v[0]);
    }
    check_node_count(a, p, product, "groups x chassis x routers x nodes = " + formula);
    p.topology.kind = TopologyKind::kDragonfly;
    p.topology.parameters = params;
    p.topology.nic_latency = lat;
    p.topology.nic_bandwidth = bw;
  }

  // The cluster as the whole platform, or (in_tree) as one zone of a platform of several,
  // where its links may be SHARED or FATPIPE and have a limiter, as in SimGrid.
  ImportedPlatform build(const ClusterAttributes& a, bool in_tree = false) const {
    ImportedPlatform p;
    p.cluster_id = required(a, "id");
    // prefix and suffix are required but may be empty.
    p.host_prefix = a.raw("prefix") ? *a.raw("prefix") : required(a, "prefix");
    p.host_suffix = a.raw("suffix") ? *a.raw("suffix") : required(a, "suffix");
    read_radicals(a, p);

    // speed: one value or a list of pstates; the first is the speed.
    const std::string& speeds = required(a, "speed");
    for (const std::string_view s : split(speeds, ',')) {
      const double v = quantity(a, "speed", std::string(trim(s)), Quantity::kSpeed);
      if (v <= 0) fail(a.line, "<cluster> attribute speed must be > 0, not '" + speeds + "'");
      if (p.core_speed == 0) p.core_speed = v;
    }
    if (const std::string* core = a.get("core")) {
      const auto v = parse_count(*core, std::numeric_limits<std::uint32_t>::max());
      if (!v || *v == 0)
        fail(a.line, "<cluster> attribute core must be an integer >= 1, not '" + *core + "'");
      p.cores_per_node = static_cast<std::uint32_t>(*v);
    }
    if (std::uint64_t{p.nodes} * p.cores_per_node > (std::uint64_t{1} << 24))
      fail(a.line, "<cluster> makes " + std::to_string(std::uint64_t{p.nodes} * p.cores_per_node) +
                       " cores (" + std::to_string(p.nodes) + " nodes of " +
                       std::to_string(p.cores_per_node) + "), more than pelsim's 16777216");
    const double bw = positive(a, "bw", Quantity::kBandwidth);
    const double lat = quantity(a, "lat", required(a, "lat"), Quantity::kTime);

    if (limiter(a) > 0 && !in_tree)
      fail(a.line,
           "<cluster> attribute limiter_link is not supported (pelsim's nodes have no "
           "limiter link; see docs/models/simgrid-platforms.md)");
    if (const std::string* policy = a.get("sharing_policy")) {
      if ((*policy == "SHARED" || *policy == "FATPIPE") && !in_tree)
        fail(a.line, "<cluster> sharing_policy=\"" + *policy +
                         "\" is not supported: pelsim's cluster links are split-duplex, one per "
                         "direction (SimGrid's default SPLITDUPLEX)");
      if (*policy != "SPLITDUPLEX" && *policy != "FULLDUPLEX" && *policy != "SHARED" &&
          *policy != "FATPIPE")
        fail(a.line, unknown_name_message("sharing_policy", *policy,
                                          "SPLITDUPLEX, FULLDUPLEX, SHARED, FATPIPE"));
    }

    TopologySpec& t = p.topology;
    t.link_latency = lat;
    t.link_bandwidth = bw;
    const std::string* topology = a.get("topology");
    const std::string kind = topology == nullptr ? "FLAT" : *topology;
    if (kind == "FLAT") {
      t.kind = TopologyKind::kCrossbar;
      t.nic_latency = lat;
      t.nic_bandwidth = bw;
      read_backbone(a, t);
    } else if (kind == "TORUS") {
      map_torus(a, p);
    } else if (kind == "FAT_TREE") {
      map_fat_tree(a, p);
    } else if (kind == "DRAGONFLY") {
      map_dragonfly(a, p, bw, lat);
    } else {
      fail(a.line, "<cluster> " +
                       unknown_name_message("topology", kind, "FLAT, TORUS, FAT_TREE, DRAGONFLY"));
    }
    t.nodes = p.nodes;
    read_loopback(a, p);
    return p;
  }

  // bb_bw / bb_lat / bb_sharing_policy (FLAT only: SimGrid ignores them for other topologies).
  void read_backbone(const ClusterAttributes& a, TopologySpec& t) const {
    const std::string* bb_bw = a.get("bb_bw");
    const std::string* bb_lat = a.get("bb_lat");
    const double latency = bb_lat ? quantity(a, "bb_lat", *bb_lat, Quantity::kTime) : 0.0;
    if (const std::string* policy = a.get("bb_sharing_policy")) {
      if (*policy != "SHARED" && *policy != "FATPIPE")
        fail(a.line,
             "<cluster> " + unknown_name_message("bb_sharing_policy", *policy, "SHARED, FATPIPE"));
      t.backbone_shared = *policy == "SHARED";
    }
    if (bb_bw == nullptr) {
      if (latency > 0)
        fail(a.line,
             "<cluster> has bb_lat but no bb_bw (SimGrid would make a backbone of "
             "bandwidth 0)");
      return;
    }
    t.backbone_bandwidth = positive(a, "bb_bw", Quantity::kBandwidth);
    t.backbone_latency = latency;
  }

  // loopback_bw / loopback_lat: a FATPIPE link for same-host transfers (SimGrid creates it when
  // either is > 0). Absent, a same-host transfer takes the cluster's route from the host to
  // itself, as SimGrid's zones compute it without a loopback: FLAT its link up, the backbone
  // and its link down (StarZone), FAT_TREE up to a switch and back (FatTreeZone), DRAGONFLY up
  // to its router and back. A TORUS has no such route (SimGrid aborts: "no connecting path"):
  // there pelsim takes the network model's loopback defaults (simgrid_platform.hpp).
  void read_loopback(const ClusterAttributes& a, ImportedPlatform& p) const {
    const std::string* bw = a.get("loopback_bw");
    const std::string* lat = a.get("loopback_lat");
    const double latency = lat ? quantity(a, "loopback_lat", *lat, Quantity::kTime) : 0.0;
    if (bw == nullptr) {
      if (latency > 0)
        fail(a.line,
             "<cluster> has loopback_lat but no loopback_bw (SimGrid would make a "
             "loopback of bandwidth 0)");
      const TopologyKind k = p.topology.kind;
      p.topology.same_node_routes = k == TopologyKind::kCrossbar || k == TopologyKind::kFatTree ||
                                    k == TopologyKind::kDragonfly;
      return;
    }
    p.intra_bandwidth = positive(a, "loopback_bw", Quantity::kBandwidth);
    p.intra_latency = latency;
    p.intra_shared = false;
  }

  XmlTokenizer xml_;
  const std::string& path_;
  std::optional<ClusterAttributes> cluster_;  // a <cluster> outside any zone
  // The root zone's first element when it is a <cluster>, until another element comes.
  std::optional<ClusterAttributes> pending_;
  SimgridConfig config_;  // what <config> sets (its cpu/optim TI is checked against the hosts)
  bool cfg_given_ = false;           // SimGrid's command-line options were given
  bool seen_ = false;                // an element of a zone was met
  std::uint32_t depth_ = 0;          // zones open
  ZoneTreeReader tree_{xml_, path_};
};

}  // namespace

std::uint32_t ImportedPlatform::radical(std::uint32_t i) const {
  std::uint32_t left = i;
  for (const RadicalRange& r : radicals) {
    const std::uint32_t size = r.last - r.first + 1;
    if (left < size) return r.first + left;
    left -= size;
  }
  throw std::out_of_range("host " + std::to_string(i) + " of a cluster of " +
                          std::to_string(nodes) + " hosts");
}

std::string ImportedPlatform::host_name(std::uint32_t i) const {
  if (!hosts.empty()) return hosts.at(i).name;
  return host_prefix + std::to_string(radical(i)) + host_suffix;
}

bool ImportedPlatform::uniform() const {
  for (const Host& h : hosts)
    if (h.speed != hosts.front().speed || h.cores != hosts.front().cores) return false;
  return true;
}

ImportedPlatform parse_simgrid_platform(std::string_view text, const std::string& path,
                                        std::span<const std::string> cfg) {
  return PlatformParser(text, path, cfg).parse();
}

ImportedPlatform read_simgrid_platform(const std::string& path, std::span<const std::string> cfg) {
  const std::string text = read_input_text(path);
  return parse_simgrid_platform(text, path, cfg);
}

std::optional<FlowModel> simgrid_cfg_network(std::span<const std::string> cfg) {
  if (cfg.empty()) return std::nullopt;
  SimgridConfig config;
  apply_simgrid_cfg(cfg, config);
  return config.network().value_or(FlowModel::lv08());
}

bool simgrid_cfg_sets_model(std::span<const std::string> cfg) {
  SimgridConfig config;
  apply_simgrid_cfg(cfg, config);
  return config.network().has_value();
}

}  // namespace pelsim::models
