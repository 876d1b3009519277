// SimGrid 3.32's Floyd and Dijkstra zone routing (see simgrid_zone_paths.hpp).
#include "simgrid_zone_paths.hpp"

#include <algorithm>
#include <functional>
#include <limits>
#include <queue>
#include <utility>

namespace pelsim::models {

namespace {
constexpr std::uint64_t kUnreached = std::numeric_limits<std::uint64_t>::max();
constexpr std::uint32_t kNoHop = std::numeric_limits<std::uint32_t>::max();
}  // namespace

FloydPaths::FloydPaths(std::uint32_t nodes, std::span<const ZoneHop> hops)
    : n_(nodes), pred_(std::size_t{nodes} * nodes, -1), hop_(std::size_t{nodes} * nodes, kNoHop) {
  const std::size_t n = nodes;
  std::vector<std::uint64_t> cost(n * n, kUnreached);
  for (std::uint32_t h = 0; h < hops.size(); ++h) {
    const std::size_t cell = hops[h].from * n + hops[h].to;
    hop_[cell] = h;
    pred_[cell] = hops[h].from;
    cost[cell] = hops[h].cost;
  }
  // FloydZone::do_seal: for c, for a, for b, a strictly cheaper way through c replaces the
  // way known. (A row with no way to c cannot change: skipped.)
  for (std::size_t c = 0; c < n; ++c) {
    const std::uint64_t* via_c = &cost[c * n];
    const std::int64_t* pred_c = &pred_[c * n];
    for (std::size_t a = 0; a < n; ++a) {
      const std::uint64_t to_c = cost[a * n + c];
      if (to_c == kUnreached) continue;
      std::uint64_t* row = &cost[a * n];
      std::int64_t* pred_row = &pred_[a * n];
      for (std::size_t b = 0; b < n; ++b) {
        if (via_c[b] == kUnreached) continue;
        const std::uint64_t through = to_c + via_c[b];
        if (row[b] == kUnreached || through < row[b]) {
          row[b] = through;
          pred_row[b] = pred_c[b];
        }
      }
    }
  }
}

bool FloydPaths::path(std::uint32_t a, std::uint32_t b, std::vector<std::uint32_t>& out) const {
  // FloydZone::get_local_route: walk back from b through the predecessors of a's row (at
  // least one step, so a == b takes a's self-hop or its cheaper way out and back).
  const std::size_t first = out.size();
  std::uint32_t cur = b;
  std::size_t steps = 0;
  do {
    const std::int64_t pred = pred_[std::size_t{a} * n_ + cur];
    if (pred < 0 || ++steps > n_) {
      out.resize(first);
      return false;
    }
    out.push_back(hop_[static_cast<std::size_t>(pred) * n_ + cur]);
    cur = static_cast<std::uint32_t>(pred);
  } while (cur != a);
  std::reverse(out.begin() + static_cast<std::ptrdiff_t>(first), out.end());
  return true;
}

DijkstraPaths::DijkstraPaths(std::uint32_t nodes, std::span<const ZoneHop> hops)
    : vertex_of_(nodes, -1), hops_(hops) {
  // Vertices in order of first appearance (DijkstraZone::new_edge: the source, then the
  // destination), hops by source vertex in the order given.
  const auto vertex = [&](std::uint32_t netpoint) {
    if (vertex_of_[netpoint] < 0) {
      vertex_of_[netpoint] = static_cast<std::int64_t>(netpoint_of_.size());
      netpoint_of_.push_back(netpoint);
    }
  };
  for (const ZoneHop& h : hops) {
    vertex(h.from);
    vertex(h.to);
  }
  out_start_.assign(netpoint_of_.size() + 1, 0);
  for (const ZoneHop& h : hops) ++out_start_[static_cast<std::size_t>(vertex_of_[h.from]) + 1];
  for (std::size_t v = 0; v < netpoint_of_.size(); ++v) out_start_[v + 1] += out_start_[v];
  out_hops_.resize(hops.size());
  std::vector<std::uint32_t> cursor(out_start_.begin(), out_start_.end() - 1);
  for (std::uint32_t h = 0; h < hops.size(); ++h)
    out_hops_[cursor[static_cast<std::size_t>(vertex_of_[hops[h].from])]++] = h;
}

bool DijkstraPaths::set_source(std::uint32_t a) {
  if (vertex_of_[a] < 0) return false;
  source_ = static_cast<std::uint32_t>(vertex_of_[a]);
  const std::size_t m = netpoint_of_.size();
  cost_.assign(m, kUnreached);
  pred_hop_.assign(m, kNoHop);
  cost_[source_] = 0;
  // Settled in order of (cost, vertex); a stale entry finds nothing cheaper and changes
  // nothing, as in SimGrid, which never drops one.
  using Entry = std::pair<std::uint64_t, std::uint32_t>;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> queue;
  queue.emplace(0, source_);
  while (!queue.empty()) {
    const auto [c, v] = queue.top();
    queue.pop();
    if (c != cost_[v]) continue;
    for (std::uint32_t k = out_start_[v]; k < out_start_[v + 1]; ++k) {
      const ZoneHop& h = hops_[out_hops_[k]];
      const auto u = static_cast<std::uint32_t>(vertex_of_[h.to]);
      if (c + h.cost < cost_[u]) {
        cost_[u] = c + h.cost;
        pred_hop_[u] = out_hops_[k];
        queue.emplace(cost_[u], u);
      }
    }
  }
  return true;
}

bool DijkstraPaths::path(std::uint32_t b, std::vector<std::uint32_t>& out) const {
  if (vertex_of_[b] < 0) return false;
  const auto target = static_cast<std::uint32_t>(vertex_of_[b]);
  if (target == source_) {  // the vertex's own hop (DijkstraZone: src == dst)
    for (std::uint32_t k = out_start_[target]; k < out_start_[target + 1]; ++k)
      if (hops_[out_hops_[k]].to == b) {
        out.push_back(out_hops_[k]);
        return true;
      }
    return false;
  }
  if (cost_[target] == kUnreached) return false;
  const std::size_t first = out.size();
  for (std::uint32_t v = target; v != source_;) {
    const std::uint32_t h = pred_hop_[v];
    out.push_back(h);
    v = static_cast<std::uint32_t>(vertex_of_[hops_[h].from]);
  }
  std::reverse(out.begin() + static_cast<std::ptrdiff_t>(first), out.end());
  return true;
}

std::int64_t DijkstraPaths::wrapping_vertex() const {
  for (std::uint32_t v = 0; v < netpoint_of_.size(); ++v) {
    if (cost_[v] != kUnreached) continue;
    for (std::uint32_t k = out_start_[v]; k < out_start_[v + 1]; ++k) {
      const auto u = static_cast<std::uint32_t>(vertex_of_[hops_[out_hops_[k]].to]);
      if (u != source_ && cost_[u] != kUnreached) return netpoint_of_[v];
    }
  }
  return -1;
}

}  // namespace pelsim::models
