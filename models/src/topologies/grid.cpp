// ring, mesh2d, torus2d, torus3d: one n-dimensional grid with or without wrap-around.
//
// Node id = x0 + k0 * (x1 + k1 * x2); router of node i is vertex N + i. Along dimension d the
// nodes form N / k_d "lines"; line index = the node id with coordinate d removed. Cable c of a
// line joins coordinates c and (c + 1) % k (c < k - 1 for a mesh; c < k for a torus with
// k >= 3; one cable for k = 2; none for k = 1). Link id of (dimension d, line L, cable c,
// direction s) = base[d] + 2 * (L * cables_d + c) + s, s = 0 for c -> c+1, 1 for c+1 -> c.
#include <cmath>

#include "pelsim/models/error.hpp"
#include "topology_parts.hpp"

namespace pelsim::models::topo {

namespace {

std::uint32_t cables(std::uint32_t k, bool wrap) {
  if (!wrap) return k - 1;
  return k >= 3 ? k : k - 1;
}

std::string dims_text(const std::vector<std::uint32_t>& dims) {
  std::string s;
  for (std::uint32_t k : dims) s += (s.empty() ? "" : "x") + std::to_string(k);
  return s;
}

std::string coords_text(std::uint32_t id, const std::vector<std::uint32_t>& dims) {
  std::string s = "(";
  for (std::size_t d = 0; d < dims.size(); ++d) {
    s += (d ? "," : "") + std::to_string(id % dims[d]);
    id /= dims[d];
  }
  return s + ")";
}

std::vector<std::uint32_t> grid_dims(const TopologySpec& spec, std::size_t rank) {
  const std::string kind = topology_name(spec.kind);
  if (spec.kind == TopologyKind::kRing) {
    if (!spec.dims.empty() && !(spec.dims.size() == 1 && spec.dims[0] == spec.nodes))
      throw InputError("ring: dims must be empty (the ring has `nodes` nodes)");
    return {spec.nodes};
  }
  if (spec.dims.empty()) return rank == 2 ? near_square(spec.nodes) : near_cube(spec.nodes);
  if (spec.dims.size() != rank)
    throw InputError(kind + ": dims must have " + std::to_string(rank) + " sizes, got " +
                     std::to_string(spec.dims.size()));
  std::uint64_t product = 1;
  for (std::uint32_t k : spec.dims) {
    if (k == 0) throw InputError(kind + ": every dimension must be >= 1, got 0");
    product *= k;
    if (product > spec.nodes) break;
  }
  if (product != spec.nodes)
    throw InputError(kind + ": dims " + dims_text(spec.dims) + " give " +
                     (product > spec.nodes ? "more than " + std::to_string(spec.nodes)
                                           : std::to_string(product)) +
                     " nodes, but nodes = " + std::to_string(spec.nodes));
  return spec.dims;
}

}  // namespace

std::vector<std::uint32_t> near_square(std::uint32_t n) {
  std::uint32_t y = 1;
  for (std::uint64_t a = 1; a * a <= n; ++a)
    if (n % a == 0) y = static_cast<std::uint32_t>(a);
  return {n / y, y};
}

std::vector<std::uint32_t> near_cube(std::uint32_t n) {
  std::vector<std::uint32_t> best{n, 1, 1};
  for (std::uint64_t z = 1; z * z * z <= n; ++z) {
    if (n % z) continue;
    const std::uint64_t rest = n / z;
    for (std::uint64_t y = z; y * y <= rest; ++y) {
      if (rest % y) continue;
      const auto x = static_cast<std::uint32_t>(rest / y);
      if (x < best[0] || (x == best[0] && z > best[2]))
        best = {x, static_cast<std::uint32_t>(y), static_cast<std::uint32_t>(z)};
    }
  }
  return best;
}

BuildResult build_grid(const TopologySpec& spec, TopologyShape& shape, LinkTable& table) {
  const std::size_t rank = spec.kind == TopologyKind::kRing      ? 1
                           : spec.kind == TopologyKind::kTorus3d ? 3
                                                                 : 2;
  shape.dims = grid_dims(spec, rank);
  shape.wrap = spec.kind != TopologyKind::kMesh2d;
  const std::uint32_t n = spec.nodes;
  shape.vertices = 2 * n;
  std::uint64_t total = shape.nic ? 2ULL * n : 0;
  for (std::uint32_t k : shape.dims) total += 2ULL * (n / k) * cables(k, shape.wrap);
  check_link_count(total, topology_name(spec.kind));
  table.reserve(total);
  add_nic_links(spec, shape, table, [n](std::uint32_t i) { return n + i; });

  static constexpr char kAxis[] = "xyz";
  const bool ring = spec.kind == TopologyKind::kRing;
  const std::string prefix = spec.kind == TopologyKind::kMesh2d ? "mesh " : "torus ";
  std::uint32_t stride = 1;
  std::uint32_t max_hops = 0;
  for (std::size_t d = 0; d < shape.dims.size(); ++d) {
    const std::uint32_t k = shape.dims[d];
    const std::uint32_t c_count = cables(k, shape.wrap);
    shape.base.push_back(table.size());
    for (std::uint32_t line = 0; line < n / k; ++line) {
      const std::uint32_t lo = line % stride;
      const std::uint32_t hi = line / stride;
      for (std::uint32_t c = 0; c < c_count; ++c) {
        const std::uint32_t from = lo + stride * (c + k * hi);
        const std::uint32_t to = lo + stride * ((c + 1) % k + k * hi);
        if (ring) {
          table.add("ring " + std::to_string(from) + "->" + std::to_string(to), spec.link_latency,
                    spec.link_bandwidth, n + from, n + to);
          table.add("ring " + std::to_string(to) + "->" + std::to_string(from), spec.link_latency,
                    spec.link_bandwidth, n + to, n + from);
        } else {
          table.add(prefix + coords_text(from, shape.dims) + "+" + kAxis[d], spec.link_latency,
                    spec.link_bandwidth, n + from, n + to);
          table.add(prefix + coords_text(to, shape.dims) + "-" + kAxis[d], spec.link_latency,
                    spec.link_bandwidth, n + to, n + from);
        }
      }
    }
    max_hops += shape.wrap ? k / 2 : k - 1;
    stride *= k;
  }
  shape.base.push_back(table.size());
  return {ring ? "" : dims_text(shape.dims), max_hops + (shape.nic ? 2 : 0)};
}

void route_grid(const TopologyShape& shape, NodeId a, NodeId b, LinkSink out) {
  if (shape.nic) out(2 * a);
  std::uint32_t stride = 1;
  for (std::size_t d = 0; d < shape.dims.size(); ++d) {
    const std::uint32_t k = shape.dims[d];
    const std::uint32_t xa = (a / stride) % k;
    const std::uint32_t xb = (b / stride) % k;
    if (xa != xb) {
      const std::uint32_t c_count = cables(k, shape.wrap);
      const std::uint32_t line = a % stride + stride * (a / (stride * k));
      const LinkId first = shape.base[d] + 2 * line * c_count;
      bool plus = xb > xa;
      std::uint32_t steps = plus ? xb - xa : xa - xb;
      if (shape.wrap) {
        // SimGrid's TorusZone::get_local_route, literally: the shorter way, a tie (k even,
        // k / 2 steps either way) the increasing way, except from coordinate k / 2 to 0.
        const std::uint32_t half = k / 2;
        plus = (xb > xa && xb <= xa + half) || (xa > half && (xa + half) % k >= xb);
        const std::uint32_t fwd = (xb + k - xa) % k;
        steps = plus ? fwd : k - fwd;
      }
      std::uint32_t x = xa;
      for (std::uint32_t s = 0; s < steps; ++s) {
        if (k == 2) {  // the single cable: 0 -> 1 is its plus link, 1 -> 0 its minus link
          out(first + x);
          x = 1 - x;
        } else if (plus) {
          out(first + 2 * x);
          x = (x + 1) % k;
        } else {
          x = (x + k - 1) % k;
          out(first + 2 * x + 1);
        }
      }
      a = a + xb * stride - xa * stride;  // unsigned wrap-around cancels out
    }
    stride *= k;
  }
  if (shape.nic) out(2 * b + 1);
}

}  // namespace pelsim::models::topo
