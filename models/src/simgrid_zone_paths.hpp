// The routes SimGrid 3.32 computes in a `<zone routing="Floyd">` or `routing="Dijkstra"` from
// the routes given between hosts and routers: shortest paths counted in links, ties broken as
// SimGrid breaks them (FloydZone::do_seal / get_local_route, DijkstraZone::get_local_route).
// Internal to models/.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace pelsim::models {

/// One given route in one direction: from netpoint `from` to `to`, crossing `cost` links (the
/// weight of both of SimGrid's algorithms: "count of links").
struct ZoneHop {
  std::uint32_t from = 0;
  std::uint32_t to = 0;
  std::uint32_t cost = 0;
};

/// Floyd-Warshall over `nodes` netpoints (the zone's hosts and routers in declaration order,
/// SimGrid's NetPoint::id()), exactly as FloydZone: `hops` in the order SimGrid adds them (each
/// route, then its way back when symmetrical), at most one per ordered pair, self-hops
/// included (every netpoint must have one: the caller adds the loopbacks first). A value type:
/// build once, then ask path() for any pair. O(nodes^3) time, O(nodes^2) memory.
class FloydPaths {
 public:
  FloydPaths(std::uint32_t nodes, std::span<const ZoneHop> hops);
  /// The hops (indices into `hops`) from `a` to `b` in travel order, appended to `out`;
  /// false (and nothing appended) when b cannot be reached from a. For a == b SimGrid's loop
  /// too: the self-hop, or a cheaper way out and back.
  bool path(std::uint32_t a, std::uint32_t b, std::vector<std::uint32_t>& out) const;

 private:
  std::uint32_t n_;
  std::vector<std::int64_t> pred_;  // n x n: the netpoint before b on the way from a, or -1
  std::vector<std::uint32_t> hop_;  // n x n: the hop given from a to b
};

/// Dijkstra as DijkstraZone, to the letter: the graph's vertices are the netpoints named by
/// some hop, in the order they first appear (each hop's `from`, then its `to`); every vertex
/// is queued at the start, the source at cost 0 and the others at ULONG_MAX, and popped in
/// order of (cost, vertex); a hop replaces a vertex's cost when `hop cost + cost` is smaller,
/// in unsigned 64-bit arithmetic. Where every vertex is reachable that is plain Dijkstra with
/// SimGrid's ties; where some vertex is not, its ULONG_MAX plus a hop's links wraps round to a
/// small cost, and SimGrid then routes through it, or loops for ever: path() tells which.
/// `hops` as for FloydPaths (self-hops only matter for a == b, which takes the self-hop).
class DijkstraPaths {
 public:
  DijkstraPaths(std::uint32_t nodes, std::span<const ZoneHop> hops);
  /// Computes the paths from `a` (a netpoint index); returns false when `a` is in no hop.
  bool set_source(std::uint32_t a);
  enum class Path { kFound, kNone, kEndless };
  /// The hops from the source to `b` in travel order, appended to `out` (kFound). kNone: SimGrid
  /// finds no route ("No route from ... to ..."; also when b is in no hop); kEndless: SimGrid's
  /// walk back from b never reaches the source (it does not terminate). Nothing appended then.
  Path path(std::uint32_t b, std::vector<std::uint32_t>& out) const;

 private:
  std::int64_t hop_between(std::uint32_t u, std::uint32_t v) const;  // vertices; -1: none

  std::vector<std::int64_t> vertex_of_;     // netpoint -> vertex, or -1
  std::vector<std::uint32_t> netpoint_of_;  // vertex -> netpoint
  std::vector<std::uint32_t> out_start_;    // CSR of the hops by their `from` vertex
  std::vector<std::uint32_t> out_hops_;
  std::span<const ZoneHop> hops_;
  std::uint32_t source_ = 0;
  std::vector<std::uint64_t> cost_;
  std::vector<std::uint32_t> pred_;  // SimGrid's pred_arr: a vertex, 0 until relaxed
};

}  // namespace pelsim::models
