// Random DAG generators: `layered` (the algorithm of gen_dag.py layered, SimGrid reference
// tools) and `series_parallel` (random vertex series-parallel composition).
//
// layered: K layers of (almost) equal size (default K = ceil(sqrt(N))); every task outside
// layer 0 gets one parent drawn in the layer above it, then extra edges are drawn (a random
// child outside layer 0, a random parent in the W layers above it, duplicates redrawn) until
// there are round(D * N) edges (D = the average out-degree; Python's round, half to even), or
// 20 * missing + 1000 draws were made — then the graph has fewer edges, as gen_dag.py's does.
// Work and bytes are uniform integers in [min, max], drawn after the structure: tasks in id
// order, then edges sorted by (source, target). Same draws in the same order as gen_dag.py,
// from a different generator, so the same distribution but not the same graph for a seed.
// Cost: O(N + E) time; a hash set of the edges detects duplicates.
//
// series_parallel: Valdes, Tarjan and Lawler, "The recognition of series parallel digraphs",
// SIAM J. Computing 11(2), 1982 (vertex series-parallel DAGs). A graph of n > 1 tasks is the
// series (probability 1 - p) or parallel (probability p) composition of two random graphs of
// k and n - k tasks, k uniform in [1, n - 1]; one task is the base case. Series composition
// links every sink of the first to every source of the second; tasks of the first part have
// the lower ids. Cost: O(n + E); E can grow faster than n when both parts of a series
// composition are wide (p near 1/2 on large n).
#include <cmath>
#include <string>
#include <vector>

#include "common.hpp"
#include "pelsim/models/error.hpp"

namespace pelsim::models::generators {
namespace {

// Python's round(): to the nearest integer, ties to even.
double round_half_even(double x) {
  const double r = std::round(x);  // ties away from zero
  if (std::fabs(x - std::trunc(x)) == 0.5) return 2.0 * std::round(x / 2.0);
  return r;
}

// A set of (source, target) pairs: open addressing, linear probing, load <= 1/2.
class EdgeSet {
 public:
  explicit EdgeSet(std::uint64_t expected) {
    std::uint64_t size = 16;
    while (size < 2 * expected) size *= 2;
    slots_.assign(size, kEmpty);
    mask_ = size - 1;
  }

  /// Adds (u, v); false when it was already there.
  bool insert(TaskId u, TaskId v) {
    const std::uint64_t key = (std::uint64_t{u} << 32) | v;
    std::uint64_t i = (key * 0x9E3779B97F4A7C15ull) >> 20 & mask_;
    for (;; i = (i + 1) & mask_) {
      if (slots_[i] == key) return false;
      if (slots_[i] == kEmpty) {
        slots_[i] = key;
        return true;
      }
    }
  }

 private:
  static constexpr std::uint64_t kEmpty = ~std::uint64_t{0};
  std::vector<std::uint64_t> slots_;
  std::uint64_t mask_ = 0;
};

struct Edge {
  TaskId from;
  TaskId to;
};

// Stable counting sort of `edges` by key(edge) in [0, n).
template <class Key>
void counting_sort(std::vector<Edge>& edges, std::uint64_t n, Key key) {
  std::vector<std::uint32_t> start(n + 1, 0);
  for (const Edge& e : edges) ++start[key(e) + 1];
  for (std::uint64_t i = 0; i < n; ++i) start[i + 1] += start[i];
  std::vector<Edge> out(edges.size());
  for (const Edge& e : edges) out[start[key(e)]++] = e;
  edges.swap(out);
}

}  // namespace

TaskGraph build_layered(const GeneratorValues& v) {
  const std::uint64_t n = v.count("tasks");
  const double outdeg = v.get("outdeg");
  const std::uint64_t fmin = v.count("flops_min"), fmax = v.count("flops_max");
  const std::uint64_t bmin = v.count("bytes_min"), bmax = v.count("bytes_max");
  const std::uint64_t window = v.count("window");
  const double target_edges = round_half_even(outdeg * static_cast<double>(n));
  check_size("layered", static_cast<double>(n), target_edges);
  if (fmin > fmax || bmin > bmax)
    throw InputError("generator 'layered': flops_min and bytes_min must not exceed flops_max "
                     "and bytes_max");
  Rng rng(v.seed());

  std::uint64_t k = v.count("layers");
  if (k == 0) k = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(
                                                 std::ceil(std::sqrt(static_cast<double>(n)))));
  k = std::min(k, n);
  // Layer l holds the tasks [start[l], start[l + 1]).
  std::vector<TaskId> start(k + 1);
  for (std::uint64_t l = 0; l <= k; ++l) start[l] = static_cast<TaskId>(l * n / k);
  std::vector<std::uint32_t> layer_of(n);
  for (std::uint32_t l = 0; l < k; ++l)
    for (TaskId t = start[l]; t < start[l + 1]; ++t) layer_of[t] = l;

  const auto target = static_cast<std::uint64_t>(target_edges);
  const TaskId first_layer_end = start[1];
  std::vector<Edge> edges;
  edges.reserve(std::max<std::uint64_t>(target, n - first_layer_end));
  EdgeSet seen(std::max<std::uint64_t>(target, n - first_layer_end));
  for (TaskId c = first_layer_end; c < n; ++c) {
    const std::uint32_t l = layer_of[c];
    const auto u = static_cast<TaskId>(start[l - 1] + rng.below(start[l] - start[l - 1]));
    seen.insert(u, c);
    edges.push_back({u, c});
  }
  if (n > first_layer_end && target > edges.size()) {
    std::uint64_t extra = target - edges.size();
    const std::uint64_t max_tries = 20 * extra + 1000;
    for (std::uint64_t tries = 0; extra > 0 && tries < max_tries; ++tries) {
      const auto c = static_cast<TaskId>(first_layer_end + rng.below(n - first_layer_end));
      const std::uint32_t l = layer_of[c];
      const TaskId lo = start[l >= window ? l - window : 0];
      const auto u = static_cast<TaskId>(lo + rng.below(start[l] - lo));
      if (!seen.insert(u, c)) continue;
      edges.push_back({u, c});
      --extra;
    }
  }
  std::vector<std::uint32_t>().swap(layer_of);

  TaskGraphBuilder b = make_builder("layered", n, edges.size());
  for (std::uint64_t t = 0; t < n; ++t) b.add_task(static_cast<double>(rng.between(fmin, fmax)));
  // Sort by (source, target): by target, then stably by source.
  counting_sort(edges, n, [](const Edge& e) { return e.to; });
  counting_sort(edges, n, [](const Edge& e) { return e.from; });
  for (const Edge& e : edges) b.add_edge(e.from, e.to, static_cast<double>(rng.between(bmin, bmax)));
  return b.build();
}

TaskGraph build_series_parallel(const GeneratorValues& v) {
  const std::uint64_t n = v.count("n");
  const double work = v.get("work");
  const double bytes = v.get("bytes");
  const double p = v.get("parallel");
  Rng rng(v.seed());
  TaskGraphBuilder b = make_builder("series_parallel", n, n);
  for (std::uint64_t i = 0; i < n; ++i) b.add_task(work);

  // Depth-first over the decomposition, without recursion (a chain is n levels deep). The
  // sources and sinks of finished parts sit on two flat stacks, one segment per part, in part
  // order; a parallel composition just merges the two top segments.
  struct Frame {
    TaskId lo;
    TaskId size;
    TaskId split = 0;  // size of the first part
    bool parallel = false;
    int stage = 0;  // 0: not expanded, 1: first part done, 2: both parts done
  };
  struct Stack {
    std::vector<TaskId> ids;
    std::vector<std::size_t> begins;  // where each part's segment starts
  };
  Stack sources, sinks;
  std::vector<Frame> frames{{0, static_cast<TaskId>(n)}};
  double edge_count = 0;
  while (!frames.empty()) {
    Frame& f = frames.back();
    if (f.size == 1) {
      for (Stack* s : {&sources, &sinks}) {
        s->begins.push_back(s->ids.size());
        s->ids.push_back(f.lo);
      }
      frames.pop_back();
    } else if (f.stage == 0) {
      f.parallel = rng.unit() < p;
      f.split = static_cast<TaskId>(1 + rng.below(f.size - 1));
      f.stage = 1;
      const Frame first{f.lo, f.split};
      frames.push_back(first);
    } else if (f.stage == 1) {
      f.stage = 2;
      const Frame second{f.lo + f.split, f.size - f.split};
      frames.push_back(second);
    } else {
      const std::size_t src2 = sources.begins.back();
      const std::size_t snk2 = sinks.begins.back();
      const std::size_t snk1 = sinks.begins[sinks.begins.size() - 2];
      if (!f.parallel) {
        // Every sink of the first part -> every source of the second.
        edge_count += static_cast<double>(snk2 - snk1) *
                      static_cast<double>(sources.ids.size() - src2);
        check_size("series_parallel", static_cast<double>(n), edge_count);
        for (std::size_t i = snk1; i < snk2; ++i)
          for (std::size_t j = src2; j < sources.ids.size(); ++j)
            b.add_edge(sinks.ids[i], sources.ids[j], bytes);
        // Sources: the first part's. Sinks: the second part's.
        sources.ids.resize(src2);
        sinks.ids.erase(sinks.ids.begin() + static_cast<std::ptrdiff_t>(snk1),
                        sinks.ids.begin() + static_cast<std::ptrdiff_t>(snk2));
      }
      sources.begins.pop_back();
      sinks.begins.pop_back();
      frames.pop_back();
    }
  }
  return b.build();
}

}  // namespace pelsim::models::generators
