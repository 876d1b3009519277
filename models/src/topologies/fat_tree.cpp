// fat_tree: SimGrid's FatTreeZone (a parallel-ports generalised fat tree, "h;m1..;w1..;p1..").
//
// As in SimGrid: level 0 holds the N = m1*..*mh nodes, level i (1..h) holds
// w1*..*wi * m(i+1)*..*mh switches. A vertex at level i has an h-digit label, digit 0 first;
// digit j counts in base w(j+1) when j < i and in base m(j+1) otherwise, and the position of
// the vertex in its level is that label read as a mixed-radix number. A vertex at level i and
// one at level i+1 are joined when their labels differ only in digit i, by p(i+1) parallel
// cables. In the vectors below (0-based) m = dims, w = up, p = parallel; count[i] = vertices at
// level i.
//
// Link ids: the cables between level l and l+1 form block l starting at base[l]; the child at
// position q uses its up port u (u = parent digit l + j * w[l], j = parallel cable) through
// links base[l] + 2 * (q * w[l] * p[l] + u) (up) and + 1 (down). Block 0 holds the NIC links
// (empty when NIC links are omitted).
#include <algorithm>
#include <array>

#include "pelsim/models/error.hpp"
#include "topology_parts.hpp"

namespace pelsim::models::topo {

namespace {

constexpr std::uint32_t kMaxLevels = 16;
using Label = std::array<std::uint32_t, kMaxLevels>;

std::uint32_t radix(const TopologyShape& s, std::uint32_t level, std::uint32_t digit) {
  return digit < level ? s.up[digit] : s.dims[digit];
}

void to_label(const TopologyShape& s, std::uint32_t level, std::uint32_t pos, Label& label) {
  for (std::uint32_t j = 0; j < s.dims.size(); ++j) {
    label[j] = pos % radix(s, level, j);
    pos /= radix(s, level, j);
  }
}

std::uint32_t position(const TopologyShape& s, std::uint32_t level, const Label& label) {
  std::uint32_t pos = 0;
  for (std::uint32_t j = static_cast<std::uint32_t>(s.dims.size()); j-- > 0;)
    pos = pos * radix(s, level, j) + label[j];
  return pos;
}

std::vector<std::uint32_t> parse_list(const std::string& text, std::uint32_t levels,
                                      const char* what) {
  std::vector<std::uint32_t> v;
  std::size_t i = 0;
  while (i <= text.size()) {
    std::size_t end = text.find(',', i);
    if (end == std::string::npos) end = text.size();
    std::string item = text.substr(i, end - i);
    const auto b = item.find_first_not_of(" \t");
    const auto e = item.find_last_not_of(" \t");
    item = b == std::string::npos ? "" : item.substr(b, e - b + 1);
    if (item.empty() || item.size() > 9 ||
        item.find_first_not_of("0123456789") != std::string::npos)
      throw InputError("fat_tree: invalid " + std::string(what) + " '" + item +
                       "' (expected a whole number)");
    v.push_back(static_cast<std::uint32_t>(std::stoul(item)));
    if (v.back() == 0) throw InputError("fat_tree: every " + std::string(what) + " must be > 0");
    i = end + 1;
  }
  if (v.size() != levels)
    throw InputError("fat_tree: " + std::to_string(levels) + " levels but " +
                     std::to_string(v.size()) + " " + what + " values");
  return v;
}

// Parses "h;m1,...,mh;w1,...,wh;p1,...,ph" into shape.dims (m), up (w), parallel (p).
void parse_parameters(const std::string& text, TopologyShape& shape) {
  const std::vector<std::string> parts = split(text, ';');
  if (parts.size() != 4)
    throw InputError("fat_tree: parameters '" + text +
                     "' must read \"h;m1,...,mh;w1,...,wh;p1,...,ph\" (4 parts separated by ';')");
  const std::vector<std::uint32_t> h = parse_list(parts[0], 1, "level count");
  if (h[0] > kMaxLevels)
    throw InputError("fat_tree: at most " + std::to_string(kMaxLevels) + " levels, got " +
                     std::to_string(h[0]));
  shape.dims = parse_list(parts[1], h[0], "down-port count (m)");
  shape.up = parse_list(parts[2], h[0], "up-port count (w)");
  shape.parallel = parse_list(parts[3], h[0], "parallel link count (p)");
}

std::string switch_name(std::uint32_t level, std::uint32_t pos) {
  return "L" + std::to_string(level) + "#" + std::to_string(pos);
}

}  // namespace

BuildResult build_fat_tree(const TopologySpec& spec, TopologyShape& shape, LinkTable& table) {
  std::string params = spec.parameters;
  if (params.empty()) {  // 2 levels, full bisection: m1 nodes per leaf, m1 top switches
    const std::vector<std::uint32_t> sq = near_square(spec.nodes);
    params = "2;" + std::to_string(sq[1]) + "," + std::to_string(sq[0]) + ";1," +
             std::to_string(sq[1]) + ";1,1";
  }
  parse_parameters(params, shape);
  const auto h = static_cast<std::uint32_t>(shape.dims.size());
  // Vertices per level, as SimGrid's generate_switches().
  std::uint64_t leaves = 1;
  for (std::uint32_t m : shape.dims) leaves = std::min<std::uint64_t>(leaves * m, 1ULL << 33);
  if (leaves != spec.nodes)
    throw InputError("fat_tree: parameters '" + params + "' describe " + std::to_string(leaves) +
                     " nodes (the product of the m_i), but nodes = " + std::to_string(spec.nodes));
  std::uint64_t vertices = 0;
  std::uint64_t total = 0;
  for (std::uint32_t i = 0; i <= h; ++i) {
    std::uint64_t c = 1;
    for (std::uint32_t j = 0; j < h; ++j)
      c = std::min<std::uint64_t>(c * (j < i ? shape.up[j] : shape.dims[j]), 1ULL << 33);
    shape.count.push_back(static_cast<std::uint32_t>(c));  // checked below
    vertices += c;
    // c < 2^34 and w, p < 2^30: the product cannot overflow once w * p is capped.
    const std::uint64_t ports = std::min<std::uint64_t>(
        std::uint64_t{shape.up[std::min(i, h - 1)]} * shape.parallel[std::min(i, h - 1)],
        1ULL << 28);
    if (i < h && (i > 0 || shape.nic)) total += 2 * c * ports;
  }
  check_link_count(std::max(total, vertices), "fat_tree");
  shape.vertices = static_cast<std::uint32_t>(vertices);
  table.reserve(total);

  std::vector<std::uint32_t> first_vertex{0};  // vertex id of position 0 at each level
  for (std::uint32_t i = 0; i < h; ++i) first_vertex.push_back(first_vertex[i] + shape.count[i]);
  Label child{};
  Label parent{};
  for (std::uint32_t l = 0; l < h; ++l) {
    shape.base.push_back(table.size());
    if (l == 0)
      shape.first_fabric = shape.nic ? 2 * spec.nodes * shape.up[0] * shape.parallel[0] : 0;
    if (l == 0 && !shape.nic) continue;
    const double lat = l == 0 ? spec.nic_latency : spec.link_latency;
    const double bw = l == 0 ? spec.nic_bandwidth : spec.link_bandwidth;
    const std::uint32_t ports = shape.up[l] * shape.parallel[l];
    for (std::uint32_t q = 0; q < shape.count[l]; ++q) {
      to_label(shape, l, q, child);
      for (std::uint32_t u = 0; u < ports; ++u) {
        parent = child;
        parent[l] = u % shape.up[l];
        const std::uint32_t pp = position(shape, l + 1, parent);
        const std::string cable =
            shape.parallel[l] > 1 ? " [" + std::to_string(u / shape.up[l]) + "]" : "";
        const std::string lower = l == 0 ? "node" + std::to_string(q) : switch_name(l, q);
        const std::string upper = switch_name(l + 1, pp);
        std::string up_name = lower + ".up";
        std::string down_name = lower + ".down";
        if (l > 0) {
          up_name = "switch " + lower + " -> " + upper + cable;
          down_name = "switch " + upper + " -> " + lower + cable;
        } else if (ports > 1) {
          up_name = lower + " -> switch " + upper + cable;
          down_name = "switch " + upper + " -> " + lower + cable;
        }
        table.add(std::move(up_name), lat, bw, first_vertex[l] + q, first_vertex[l + 1] + pp);
        table.add(std::move(down_name), lat, bw, first_vertex[l + 1] + pp, first_vertex[l] + q);
      }
    }
  }
  shape.base.push_back(table.size());

  std::uint32_t top = 0;  // highest level a route climbs to: 1 + last digit with m > 1
  for (std::uint32_t j = 0; j < h; ++j)
    if (shape.dims[j] > 1) top = j + 1;
  return {params, 2 * top - (shape.nic || top == 0 ? 0 : 2)};
}

// SimGrid's FatTreeZone::get_local_route(): climb with d-mod-k (at level i, parent port
// (b / (w[0] * .. * w[i-1])) mod (w[i] * p[i]), as in SimGrid 3.32 and later), then descend;
// the descent replays SimGrid's child scan exactly, including where it resumes after a step
// down, so parallel cables are chosen as SimGrid does. Checked equal to SimGrid 3.32's routes
// for every pair of nine shapes (docs/models/network-topologies.md).
void route_fat_tree(const TopologyShape& s, NodeId a, NodeId b, LinkSink out) {
  const auto h = static_cast<std::uint32_t>(s.dims.size());
  Label cur{};
  Label dst{};
  to_label(s, 0, a, cur);
  to_label(s, 0, b, dst);
  std::uint32_t level = 0;
  std::uint32_t pos = a;
  auto covers = [&] {  // is b in the subtree of the current vertex?
    if (level == 0) return false;
    for (std::uint32_t j = level; j < h; ++j)
      if (cur[j] != dst[j]) return false;
    return true;
  };
  while (!covers()) {
    std::uint32_t d = b;
    for (std::uint32_t i = 0; i < level; ++i) d /= s.up[i];  // SimGrid 3.32..3.38: w only
    const std::uint32_t k = s.up[level] * s.parallel[level];
    d %= k;
    if (level > 0 || s.nic) out(s.base[level] + 2 * (pos * k + d));
    cur[level] = d % s.up[level];
    ++level;
    pos = position(s, level, cur);
  }
  while (level > 0) {
    const std::uint32_t start = (a % s.parallel[level - 1]) * s.dims[level - 1];
    for (std::uint32_t i = start; level > 0 && i < s.dims[level - 1] * s.parallel[level - 1]; ++i) {
      const std::uint32_t l = level - 1;
      if (i % s.dims[l] != dst[l]) continue;
      const std::uint32_t port = cur[l] + (i / s.dims[l]) * s.up[l];  // child's up port
      cur[l] = i % s.dims[l];
      level = l;
      pos = position(s, level, cur);
      if (l > 0 || s.nic) out(s.base[l] + 2 * (pos * s.up[l] * s.parallel[l] + port) + 1);
    }
  }
}

}  // namespace pelsim::models::topo
