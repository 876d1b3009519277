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
  pred_.assign(m, 0);
  cost_[source_] = 0;
  // DijkstraZone::get_local_route: a priority queue of (cost as a double, vertex), every vertex
  // in it from the start, each pop relaxing the vertex's hops with its current cost (a stale
  // entry finds nothing cheaper). Costs only decrease, so it ends.
  using Entry = std::pair<double, std::uint32_t>;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> queue;
  for (std::uint32_t v = 0; v < m; ++v) queue.emplace(static_cast<double>(cost_[v]), v);
  while (!queue.empty()) {
    const std::uint32_t v = queue.top().second;
    queue.pop();
    for (std::uint32_t k = out_start_[v]; k < out_start_[v + 1]; ++k) {
      const ZoneHop& h = hops_[out_hops_[k]];
      const auto u = static_cast<std::uint32_t>(vertex_of_[h.to]);
      const std::uint64_t through = std::uint64_t{h.cost} + cost_[v];  // wraps, as SimGrid's
      if (through < cost_[u]) {
        pred_[u] = v;
        cost_[u] = through;
        queue.emplace(static_cast<double>(through), u);
      }
    }
  }
  return true;
}

std::int64_t DijkstraPaths::hop_between(std::uint32_t u, std::uint32_t v) const {
  for (std::uint32_t k = out_start_[u]; k < out_start_[u + 1]; ++k)
    if (static_cast<std::uint32_t>(vertex_of_[hops_[out_hops_[k]].to]) == v) return out_hops_[k];
  return -1;
}

DijkstraPaths::Path DijkstraPaths::path(std::uint32_t b, std::vector<std::uint32_t>& out) const {
  if (vertex_of_[b] < 0) return Path::kNone;
  const auto target = static_cast<std::uint32_t>(vertex_of_[b]);
  if (target == source_) {  // the vertex's own hop (DijkstraZone: src == dst)
    const std::int64_t h = hop_between(target, target);
    if (h < 0) return Path::kNone;
    out.push_back(static_cast<std::uint32_t>(h));
    return Path::kFound;
  }
  // SimGrid walks back from b through pred_arr, taking the hop from each predecessor (none:
  // "No route"); a walk longer than the vertex count goes round a cycle for ever.
  const std::size_t first = out.size();
  std::size_t steps = 0;
  for (std::uint32_t v = target; v != source_; v = pred_[v]) {
    const std::int64_t h = hop_between(pred_[v], v);
    Path fail = Path::kFound;
    if (h < 0) fail = Path::kNone;
    if (++steps > netpoint_of_.size()) fail = Path::kEndless;
    if (fail != Path::kFound) {
      out.resize(first);
      return fail;
    }
    out.push_back(static_cast<std::uint32_t>(h));
  }
  std::reverse(out.begin() + static_cast<std::ptrdiff_t>(first), out.end());
  return Path::kFound;
}

}  // namespace pelsim::models
