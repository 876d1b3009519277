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
// Cost: O(N + E) time; a table of the parents of each child detects duplicates.
//
// series_parallel: Valdes, Tarjan and Lawler, "The recognition of series parallel digraphs",
// SIAM J. Computing 11(2), 1982 (vertex series-parallel DAGs). A graph of n > 1 tasks is the
// series (probability 1 - p) or parallel (probability p) composition of two random graphs of
// k and n - k tasks, k uniform in [1, n - 1]; one task is the base case. Series composition
// links every sink of the first to every source of the second; tasks of the first part have
// the lower ids. Cost: O(n + E); E can grow faster than n when both parts of a series
// composition are wide (p near 1/2 on large n).
#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "common.hpp"
#include "pelsim/models/error.hpp"

namespace pelsim::models::gen {
namespace {

// Python's round(): to the nearest integer, ties to even.
double round_half_even(double x) {
  const double r = std::round(x);  // ties away from zero
  if (std::fabs(x - std::trunc(x)) == 0.5) return 2.0 * std::round(x / 2.0);
  return r;
}

// The parents of every child of a layered DAG. Child c owns the `per_child` slots from
// (c - first) * per_child (twice its expected parent count, so that few children overflow);
// the parents that do not fit go to a hash set. The first parents, drawn in child order, are
// written sequentially, and a lookup touches one cache line.
class ParentTable {
 public:
  ParentTable(TaskId first, std::uint64_t children, std::uint64_t expected) : first_(first) {
    if (children > 0)
      per_child_ = std::max<std::uint64_t>(2, 2 * ((expected + children - 1) / children));
    slots_.assign(children * per_child_, kEmpty);
  }

  void prefetch(TaskId child) const { __builtin_prefetch(&slots_[home(child)]); }

  /// Adds parent -> child; false when it was already there.
  bool insert(TaskId parent, TaskId child) {
    TaskId* own = &slots_[home(child)];
    for (std::uint64_t i = 0; i < per_child_; ++i) {
      if (own[i] == parent) return false;
      if (own[i] == kEmpty) {
        own[i] = parent;
        return true;
      }
    }
    return overflow_.insert((std::uint64_t{parent} << 32) | child).second;
  }

  /// Calls f(parent, child) for every edge, in no particular order.
  template <class F>
  void for_each(F f) const {
    for (std::size_t i = 0; i < slots_.size(); ++i)
      if (slots_[i] != kEmpty) f(slots_[i], static_cast<TaskId>(first_ + i / per_child_));
    for (const std::uint64_t key : overflow_)
      f(static_cast<TaskId>(key >> 32), static_cast<TaskId>(key));
  }

  /// Frees the memory.
  void clear() {
    std::vector<TaskId>().swap(slots_);
    overflow_ = {};
  }

 private:
  static constexpr TaskId kEmpty = ~TaskId{0};
  std::size_t home(TaskId child) const { return (child - first_) * per_child_; }

  TaskId first_;
  std::uint64_t per_child_ = 2;
  std::vector<TaskId> slots_;
  std::unordered_set<std::uint64_t> overflow_;
};

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
    throw InputError(
        "generator 'layered': flops_min and bytes_min must not exceed flops_max "
        "and bytes_max");
  Rng rng(v.seed());

  std::uint64_t k = v.count("layers");
  if (k == 0)
    k = std::max<std::uint64_t>(
        1, static_cast<std::uint64_t>(std::ceil(std::sqrt(static_cast<double>(n)))));
  k = std::min(k, n);
  // Layer l holds the tasks [start[l], start[l + 1]), start[l] = floor(l n / k); so task t is
  // in layer floor(((t + 1) k - 1) / n).
  std::vector<TaskId> start(k + 1);
  for (std::uint64_t l = 0; l <= k; ++l) start[l] = static_cast<TaskId>(l * n / k);
  auto layer_of = [n, k](TaskId t) { return static_cast<std::uint32_t>(((t + 1) * k - 1) / n); };
  auto lowest_parent = [&start, window](std::uint32_t l) {
    return start[l >= window ? l - window : 0];
  };

  const auto target = static_cast<std::uint64_t>(target_edges);
  const TaskId first_layer_end = start[1];
  // All the distinct edges there can be: every child with every task of the window above it.
  std::uint64_t possible = 0;
  for (std::uint32_t l = 1; l < k; ++l)
    possible += std::uint64_t{start[l + 1] - start[l]} * (start[l] - lowest_parent(l));
  // The edges it will have (a parent for every task below the first layer, then the extras up
  // to the target), checked again now that they are known, before their table is allocated.
  const std::uint64_t edges =
      std::min(possible, std::max<std::uint64_t>(target, n - first_layer_end));
  check_size("layered", static_cast<double>(n), static_cast<double>(edges));
  ParentTable table(first_layer_end, n - first_layer_end, edges);
  std::uint64_t placed = 0;
  for (std::uint32_t l = 1; l < k; ++l) {
    for (TaskId c = start[l]; c < start[l + 1]; ++c) {
      table.insert(static_cast<TaskId>(start[l - 1] + rng.below(start[l] - start[l - 1])), c);
      ++placed;
    }
  }
  if (n > first_layer_end && target > placed) {
    // Draws in batches, prefetching the children's slots; a batch never holds more draws than
    // edges still missing, so the draws are the same as one at a time. Once every possible
    // edge is there, the remaining tries (all duplicates) are skipped.
    constexpr std::uint64_t kBatch = 16;
    std::uint64_t extra = target - placed;
    const std::uint64_t max_tries = 20 * extra + 1000;
    std::uint64_t tries = 0;
    TaskId child[kBatch], parent[kBatch];
    while (extra > 0 && tries < max_tries && placed < possible) {
      const std::uint64_t batch = std::min({kBatch, extra, max_tries - tries});
      for (std::uint64_t i = 0; i < batch; ++i) {
        child[i] = static_cast<TaskId>(first_layer_end + rng.below(n - first_layer_end));
        const std::uint32_t l = layer_of(child[i]);
        const TaskId lo = lowest_parent(l);
        parent[i] = static_cast<TaskId>(lo + rng.below(start[l] - lo));
        table.prefetch(child[i]);
      }
      for (std::uint64_t i = 0; i < batch; ++i) {
        if (!table.insert(parent[i], child[i])) continue;
        ++placed;
        --extra;
      }
      tries += batch;
    }
  }

  // Edges sorted by (parent, child), as gen_dag.py writes them: rows by parent (a counting
  // sort), each row sorted by child (rows are short: insertion sort).
  std::vector<std::uint32_t> row(n + 1, 0);
  table.for_each([&row](TaskId u, TaskId) { ++row[u + 1]; });
  for (std::uint64_t t = 0; t < n; ++t) row[t + 1] += row[t];
  std::unique_ptr<TaskId[]> children(new TaskId[placed]);  // every entry written below
  table.for_each([&row, &children](TaskId u, TaskId c) { children[row[u]++] = c; });
  table.clear();
  for (std::uint64_t t = n; t > 0; --t) row[t] = row[t - 1];  // back to row starts
  row[0] = 0;
  for (std::uint64_t t = 0; t < n; ++t) {
    for (std::uint32_t i = row[t] + 1; i < row[t + 1]; ++i) {
      const TaskId c = children[i];
      std::uint32_t j = i;
      for (; j > row[t] && children[j - 1] > c; --j) children[j] = children[j - 1];
      children[j] = c;
    }
  }

  TaskGraphBuilder b = make_builder("layered", n, placed);
  for (std::uint64_t t = 0; t < n; ++t) b.add_task(static_cast<double>(rng.between(fmin, fmax)));
  for (std::uint64_t t = 0; t < n; ++t)
    for (std::uint32_t i = row[t]; i < row[t + 1]; ++i)
      b.add_edge(static_cast<TaskId>(t), children[i], static_cast<double>(rng.between(bmin, bmax)));
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
        edge_count +=
            static_cast<double>(snk2 - snk1) * static_cast<double>(sources.ids.size() - src2);
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

}  // namespace pelsim::models::gen
