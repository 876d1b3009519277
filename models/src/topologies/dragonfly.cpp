// dragonfly: SimGrid's DragonflyZone ("g,gl;c,cl;r,rl;n": groups, chassis per group, routers
// per chassis, nodes per router, with the number of cables of each level).
//
// As in SimGrid: router (g, c, r) has index (g * C + c) * R + r and serves nodes index*n ..
// index*n + n-1. Green links join all routers of a chassis pairwise, black links join the
// routers with the same r in all chassis of a group, blue links join groups pairwise; each is
// one link per direction whose bandwidth is the link bandwidth times the level's cable count
// (gl, cl, rl). Group g's blue link to group h leaves from its router with in-group index h,
// i.e. (g, h / R, h % R). Vertices: nodes 0..N-1, router index x is vertex N + x.
//
// Link ids (after the 2N NIC links): base[0] green: (chassis q = g*C + c, router r -> r2):
// base[0] + (q * R + r) * (R - 1) + skip(r2, r); base[1] black: (router x -> chassis c2):
// base[1] + x * (C - 1) + skip(c2, c); base[2] blue: (group g -> h): base[2] + g * (G - 1) +
// skip(h, g), where skip(v, self) = v < self ? v : v - 1.
#include "pelsim/models/error.hpp"
#include "topology_parts.hpp"

namespace pelsim::models::topo {

namespace {

std::uint32_t skip(std::uint32_t v, std::uint32_t self) {
  return v < self ? v : v - 1;
}

std::uint32_t parse_count(const std::string& item, const char* what) {
  const auto b = item.find_first_not_of(" \t");
  const auto e = item.find_last_not_of(" \t");
  const std::string t = b == std::string::npos ? "" : item.substr(b, e - b + 1);
  if (t.empty() || t.size() > 9 || t.find_first_not_of("0123456789") != std::string::npos)
    throw InputError("dragonfly: invalid " + std::string(what) + " '" + t +
                     "' (expected a whole number)");
  const auto v = static_cast<std::uint32_t>(std::stoul(t));
  if (v == 0) throw InputError("dragonfly: the " + std::string(what) + " must be > 0");
  return v;
}

// "g,gl;c,cl;r,rl;n" -> shape.dims {G, C, R, n}, shape.up {gl, cl, rl}.
void parse_parameters(const std::string& text, TopologyShape& shape) {
  const std::vector<std::string> parts = split(text, ';');
  const char* kUsage = "\"g,gl;c,cl;r,rl;n\" (groups,links; chassis,links; routers,links; nodes)";
  if (parts.size() != 4)
    throw InputError("dragonfly: parameters '" + text + "' must read " + kUsage);
  static const char* kWhat[3][2] = {{"number of groups", "number of blue (group) links"},
                                    {"number of chassis", "number of black (chassis) links"},
                                    {"number of routers", "number of green (router) links"}};
  for (int level = 0; level < 3; ++level) {
    const std::size_t comma = parts[level].find(',');
    if (comma == std::string::npos || parts[level].find(',', comma + 1) != std::string::npos)
      throw InputError("dragonfly: parameters '" + text + "' must read " + kUsage);
    shape.dims.push_back(parse_count(parts[level].substr(0, comma), kWhat[level][0]));
    shape.up.push_back(parse_count(parts[level].substr(comma + 1), kWhat[level][1]));
  }
  shape.dims.push_back(parse_count(parts[3], "number of nodes per router"));
}

std::string router_name(std::uint32_t g, std::uint32_t c, std::uint32_t r) {
  return "g" + std::to_string(g) + ".c" + std::to_string(c) + ".r" + std::to_string(r);
}

}  // namespace

BuildResult build_dragonfly(const TopologySpec& spec, TopologyShape& shape, LinkTable& table) {
  std::string params = spec.parameters;
  if (params.empty()) {  // one chassis per group; groups <= routers per chassis
    const std::vector<std::uint32_t> c = near_cube(spec.nodes);
    params = std::to_string(c[2]) + ",1;1,1;" + std::to_string(c[0]) + ",1;" + std::to_string(c[1]);
  }
  parse_parameters(params, shape);
  const std::uint64_t G = shape.dims[0], C = shape.dims[1], R = shape.dims[2], n = shape.dims[3];
  const std::uint64_t routers = G * C * R;
  if (routers * n != spec.nodes)
    throw InputError("dragonfly: parameters '" + params + "' describe " +
                     std::to_string(routers * n) +
                     " nodes (g*c*r*n), but nodes = " + std::to_string(spec.nodes));
  if (G > C * R)
    throw InputError("dragonfly: " + std::to_string(G) + " groups need at least " +
                     std::to_string(G) + " routers per group (group h's blue link leaves from " +
                     "router h of every group), got " + std::to_string(C * R));
  const std::uint64_t total =
      (shape.nic ? 2 * spec.nodes : 0) + routers * (R - 1) + routers * (C - 1) + G * (G - 1);
  check_link_count(total, "dragonfly");
  const std::uint32_t N = spec.nodes;
  shape.vertices = N + static_cast<std::uint32_t>(routers);
  table.reserve(total);
  add_nic_links(spec, shape, table, [&](std::uint32_t i) { return N + i / shape.dims[3]; });

  const double lat = spec.link_latency;
  const double bw = spec.link_bandwidth;
  auto vertex = [&](std::uint64_t g, std::uint64_t c, std::uint64_t r) {
    return static_cast<std::uint32_t>(N + (g * C + c) * R + r);
  };
  shape.base.push_back(table.size());  // green
  for (std::uint32_t g = 0; g < G; ++g)
    for (std::uint32_t c = 0; c < C; ++c)
      for (std::uint32_t r = 0; r < R; ++r)
        for (std::uint32_t r2 = 0; r2 < R; ++r2)
          if (r2 != r)
            table.add("green " + router_name(g, c, r) + " -> " + router_name(g, c, r2), lat,
                      bw * shape.up[2], vertex(g, c, r), vertex(g, c, r2));
  shape.base.push_back(table.size());  // black
  for (std::uint32_t g = 0; g < G; ++g)
    for (std::uint32_t c = 0; c < C; ++c)
      for (std::uint32_t r = 0; r < R; ++r)
        for (std::uint32_t c2 = 0; c2 < C; ++c2)
          if (c2 != c)
            table.add("black " + router_name(g, c, r) + " -> " + router_name(g, c2, r), lat,
                      bw * shape.up[1], vertex(g, c, r), vertex(g, c2, r));
  shape.base.push_back(table.size());  // blue
  const std::uint32_t r_count = shape.dims[2];
  for (std::uint32_t g = 0; g < G; ++g)
    for (std::uint32_t h = 0; h < G; ++h)
      if (h != g)
        table.add("blue " + router_name(g, h / r_count, h % r_count) + " -> " +
                      router_name(h, g / r_count, g % r_count),
                  lat, bw * shape.up[0], vertex(g, h / r_count, h % r_count),
                  vertex(h, g / r_count, g % r_count));
  shape.base.push_back(table.size());

  // Longest route: to another group, with a green and a black hop on each side when they exist.
  std::uint32_t fabric = static_cast<std::uint32_t>((R > 1) + (C > 1));
  if (G > 1) fabric = 1 + 2 * fabric;
  return {params, fabric + (shape.nic ? 2 : 0)};
}

// SimGrid's minimal routing: [green to the router of the blue link] [black to its chassis]
// blue, then [green to the target's router index] [black to the target's chassis]. Inside the
// source group (and in SimGrid's intra-group case) green comes before black.
void route_dragonfly(const TopologyShape& s, NodeId a, NodeId b, LinkSink out) {
  const std::uint32_t G = s.dims[0], C = s.dims[1], R = s.dims[2], n = s.dims[3];
  if (s.nic) out(2 * a);
  const std::uint32_t ra = a / n, rb = b / n;
  std::uint32_t g = ra / (C * R), c = (ra / R) % C, r = ra % R;
  const std::uint32_t tg = rb / (C * R), tc = (rb / R) % C, tr = rb % R;
  auto green = [&](std::uint32_t r2) {
    out(s.base[0] + ((g * C + c) * R + r) * (R - 1) + skip(r2, r));
    r = r2;
  };
  auto black = [&](std::uint32_t c2) {
    out(s.base[1] + ((g * C + c) * R + r) * (C - 1) + skip(c2, c));
    c = c2;
  };
  if (g != tg) {
    if (r != tg % R) green(tg % R);
    if (c != tg / R) black(tg / R);
    out(s.base[2] + g * (G - 1) + skip(tg, g));
    c = g / R;
    r = g % R;
    g = tg;
  }
  if (r != tr) green(tr);
  if (c != tc) black(tc);
  if (s.nic) out(2 * b + 1);
}

}  // namespace pelsim::models::topo
