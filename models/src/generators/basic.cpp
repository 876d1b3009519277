// Generators of the simple deterministic shapes: chain, bag of independent tasks, fork-join
// (Amdahl), map-reduce (all-to-all shuffle) and bulk-synchronous supersteps.
// Each is O(tasks + edges) and emits edges grouped by source, so the builder takes its
// no-copy path.
#include <cstdint>
#include <string>

#include "common.hpp"
#include "pelsim/models/error.hpp"

namespace pelsim::models::gen {

// t0 -> t1 -> ... -> t{n-1}: n tasks, n - 1 edges, critical path n * work.
TaskGraph build_chain(const GeneratorValues& v) {
  const std::uint64_t n = v.count("n");
  const double work = v.get("work");
  const double bytes = v.get("bytes");
  TaskGraphBuilder b = make_builder("chain", n, n - 1);
  for (std::uint64_t i = 0; i < n; ++i) b.add_task(work);
  for (TaskId t = 1; t < n; ++t) b.add_edge(t - 1, t, bytes);
  return b.build();
}

// n tasks, no edges: a bag of tasks.
TaskGraph build_independent(const GeneratorValues& v) {
  const std::uint64_t n = v.count("n");
  const double work = v.get("work");
  TaskGraphBuilder b = make_builder("independent", n, 0);
  for (std::uint64_t i = 0; i < n; ++i) b.add_task(work);
  return b.build();
}

// The layout of gen_dag.py forkjoin: t0 = serial (f W flops), t1..tn parallel ((1 - f) W / n
// each), t{n+1} = join (0 flops); bytes on every edge. On P cores, P dividing n and free
// transfers, the makespan is (W / S)(f + (1 - f) / P): Amdahl's law.
TaskGraph build_fork_join(const GeneratorValues& v) {
  const std::uint64_t n = v.count("n");
  const double f = v.get("fraction");
  const double total = v.get("work");
  const double bytes = v.get("bytes");
  check_size("fork_join", static_cast<double>(n) + 2, 2.0 * static_cast<double>(n));
  TaskGraphBuilder b = make_builder("fork_join", n + 2, 2 * n);
  const TaskId serial = b.add_task(total * f);
  for (std::uint64_t i = 0; i < n; ++i) b.add_task(total * (1.0 - f) / static_cast<double>(n));
  const TaskId join = b.add_task(0.0);
  for (TaskId i = 1; i <= n; ++i) b.add_edge(serial, i, bytes);
  for (TaskId i = 1; i <= n; ++i) b.add_edge(i, join, bytes);
  return b.build();
}

// Mappers t0..t{m-1}, reducers t{m}..t{m+r-1}; every mapper sends `bytes` to every reducer.
TaskGraph build_map_reduce(const GeneratorValues& v) {
  const std::uint64_t m = v.count("mappers");
  const std::uint64_t r = v.count("reducers");
  const double work = v.get("work");
  const double bytes = v.get("bytes");
  check_size("map_reduce", static_cast<double>(m + r),
             static_cast<double>(m) * static_cast<double>(r));
  TaskGraphBuilder b = make_builder("map_reduce", m + r, m * r);
  for (std::uint64_t i = 0; i < m + r; ++i) b.add_task(work);
  for (TaskId i = 0; i < m; ++i)
    for (TaskId j = 0; j < r; ++j) b.add_edge(i, static_cast<TaskId>(m + j), bytes);
  return b.build();
}

// Superstep k has `width` tasks; between supersteps k and k+1 a 0-work barrier task that every
// task of k feeds and that feeds every task of k+1. Ids in order: superstep 0, barrier 0,
// superstep 1, barrier 1, ..., superstep s-1.
TaskGraph build_bsp(const GeneratorValues& v) {
  const std::uint64_t s = v.count("supersteps");
  const std::uint64_t w = v.count("width");
  const double work = v.get("work");
  const double bytes = v.get("bytes");
  const double tasks = static_cast<double>(s) * static_cast<double>(w) + static_cast<double>(s) - 1;
  const double edges = 2.0 * static_cast<double>(w) * static_cast<double>(s - 1);
  check_size("bsp", tasks, edges);
  TaskGraphBuilder b =
      make_builder("bsp", static_cast<std::uint64_t>(tasks), static_cast<std::uint64_t>(edges));
  for (std::uint64_t k = 0; k < s; ++k) {
    for (std::uint64_t i = 0; i < w; ++i) b.add_task(work);
    if (k + 1 < s) b.add_task(0.0);
  }
  const std::uint64_t stride = w + 1;  // superstep k starts at k * stride, its barrier follows
  for (std::uint64_t k = 0; k + 1 < s; ++k) {
    const auto first = static_cast<TaskId>(k * stride);
    const auto barrier = static_cast<TaskId>(first + w);
    for (TaskId i = first; i < barrier; ++i) b.add_edge(i, barrier, bytes);
    for (TaskId i = barrier + 1; i <= barrier + w; ++i) b.add_edge(barrier, i, bytes);
  }
  return b.build();
}

}  // namespace pelsim::models::gen
