// Grid generators. `wavefront`: one sweep over a w x h grid where cell (i, j) depends on its
// left (i-1, j) and upper (i, j-1) neighbours (dynamic programming, Smith-Waterman, a
// Gauss-Seidel sweep). `stencil`: `iterations` such sweeps of an in-place 5-point
// Gauss-Seidel stencil: cell (i, j) of sweep s depends on its left and upper neighbours of
// sweep s (already updated) and on itself, its right and its lower neighbour of sweep s - 1.
// A stencil with 1 iteration is the wavefront.
// Task ids: sweep by sweep, row by row: (i, j, s) is t[s*w*h + j*w + i].
// Edges: I((w-1)h + w(h-1)) + (I-1)(wh + (w-1)h + w(h-1)). Cost: O(tasks + edges).
#include "common.hpp"

namespace pelsim::models::gen {
namespace {

TaskGraph build_grid(const char* kind, std::uint64_t w, std::uint64_t h, std::uint64_t sweeps,
                     double work, double bytes) {
  const double cells = static_cast<double>(w) * static_cast<double>(h);
  const double inside = static_cast<double>(w - 1) * static_cast<double>(h) +
                        static_cast<double>(w) * static_cast<double>(h - 1);
  const double s = static_cast<double>(sweeps);
  const double tasks = cells * s;
  const double edges = s * inside + (s - 1) * (cells + inside);
  check_size(kind, tasks, edges);
  TaskGraphBuilder b =
      make_builder(kind, static_cast<std::uint64_t>(tasks), static_cast<std::uint64_t>(edges));
  for (std::uint64_t t = 0; t < static_cast<std::uint64_t>(tasks); ++t) b.add_task(work);
  const std::uint64_t plane = w * h;
  // Out-edges of each cell in id order (grouped by source, the builder's fast path).
  for (std::uint64_t k = 0; k < sweeps; ++k) {
    for (std::uint64_t j = 0; j < h; ++j) {
      for (std::uint64_t i = 0; i < w; ++i) {
        const std::uint64_t id = k * plane + j * w + i;
        const auto from = static_cast<TaskId>(id);
        if (i + 1 < w) b.add_edge(from, static_cast<TaskId>(id + 1), bytes);  // right, sweep k
        if (j + 1 < h) b.add_edge(from, static_cast<TaskId>(id + w), bytes);  // down, sweep k
        if (k + 1 < sweeps) {
          const std::uint64_t next = id + plane;  // the same cell, sweep k + 1
          if (j > 0) b.add_edge(from, static_cast<TaskId>(next - w), bytes);  // its lower nb.
          if (i > 0) b.add_edge(from, static_cast<TaskId>(next - 1), bytes);  // its right nb.
          b.add_edge(from, static_cast<TaskId>(next), bytes);
        }
      }
    }
  }
  return b.build();
}

}  // namespace

TaskGraph build_wavefront(const GeneratorValues& v) {
  return build_grid("wavefront", v.count("width"), v.count("height"), 1, v.get("work"),
                    v.get("bytes"));
}

TaskGraph build_stencil(const GeneratorValues& v) {
  return build_grid("stencil", v.count("width"), v.count("height"), v.count("iterations"),
                    v.get("work"), v.get("bytes"));
}

}  // namespace pelsim::models::gen
