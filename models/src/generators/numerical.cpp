// Task graphs of numerical kernels: FFT and Gaussian elimination as in Topcuoglu, Hariri and
// Wu, "Performance-effective and low-complexity task scheduling for heterogeneous computing",
// IEEE TPDS 13(3), 2002 (the HEFT paper, section 6.2, figures 5 and 6), and the tiled
// right-looking Cholesky and LU factorisations (Buttari, Langou, Kurzak and Dongarra, "A
// class of parallel tiled linear algebra algorithms for multicore architectures", Parallel
// Computing 35(1), 2009). Every task has the same work and every edge the same bytes; the
// tiled factorisations' tasks have their kernel as task type (potrf, trsm, syrk, gemm; getrf,
// trsm, gemm).
// Cost: O(tasks + edges).
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "common.hpp"
#include "pelsim/models/error.hpp"

namespace pelsim::models::gen {
namespace {

// Tracks, for a tiled algorithm written as a sequence of kernel calls, the last task that
// wrote each tile; a task depends on the last writer of every tile it reads or updates (the
// tiles a task reads are never written again, so there is no write-after-read hazard).
class TileDeps {
 public:
  TileDeps(std::uint64_t tiles, double work, double bytes, TaskGraphBuilder& b)
      : t_(tiles), last_(tiles * tiles, kNone), work_(work), bytes_(bytes), b_(b) {}

  /// Adds a task of kernel `type` that reads tiles `reads` and updates tile `writes` (i, j).
  void task(TaskTypeId type, std::initializer_list<std::pair<std::uint64_t, std::uint64_t>> reads,
            std::uint64_t wi, std::uint64_t wj) {
    const TaskId t = b_.add_task(work_);
    b_.set_type(t, type);
    for (const auto& [i, j] : reads) link(i, j, t);
    link(wi, wj, t);
    last_[wi * t_ + wj] = t;
  }

 private:
  static constexpr TaskId kNone = ~TaskId{0};
  void link(std::uint64_t i, std::uint64_t j, TaskId t) {
    const TaskId from = last_[i * t_ + j];
    if (from != kNone) b_.add_edge(from, t, bytes_);
  }

  std::uint64_t t_;
  std::vector<TaskId> last_;
  double work_;
  double bytes_;
  TaskGraphBuilder& b_;
};

// x (x - 1) (x - 2) / 6: C(x, 3) for x >= 0.
double choose3(double x) {
  return x * (x - 1) * (x - 2) / 6;
}

// Task and edge counts of the tiled factorisations of t x t tiles (the tests check them
// against the graphs): kernel calls per kind, and per call one edge per tile it reads or
// updates that an earlier call wrote.
//   Cholesky: POTRF t, TRSM and SYRK t(t-1)/2 each, GEMM C(t,3): C(t+2,3) tasks;
//     edges (t-1) + t(t-1) + (t-1)(t-2) + 2 C(t,3) + C(t-1,3).
//   LU: GETRF t, TRSM t(t-1), GEMM (t-1)t(2t-1)/6;
//     edges (t-1) + t(t-1) + (t-1)(t-2) + (t-1)t(2t-1)/3 + (t-2)(t-1)(2t-3)/6.
double cholesky_tasks(double t) {
  return t * (t + 1) * (t + 2) / 6;
}
double cholesky_edges(double t) {
  return (t - 1) + t * (t - 1) + (t - 1) * (t - 2) + 2 * choose3(t) + choose3(t - 1);
}
double lu_tasks(double t) {
  return t + t * (t - 1) + (t - 1) * t * (2 * t - 1) / 6;
}
double lu_edges(double t) {
  return (t - 1) + t * (t - 1) + (t - 1) * (t - 2) + (t - 1) * t * (2 * t - 1) / 3 +
         (t - 2) * (t - 1) * (2 * t - 3) / 6;
}

}  // namespace

// Ids: the recursive-call tasks as a binary heap (task i calls 2i+1 and 2i+2; the m leaves are
// m-1..2m-2), then log2(m) rows of m butterfly tasks. Butterfly j of row s combines entries j
// and j xor 2^s of the row above (the leaves for row 0).
TaskGraph build_fft(const GeneratorValues& v) {
  const std::uint64_t m = v.count("points");
  if ((m & (m - 1)) != 0)
    throw InputError("generator 'fft': points = " + std::to_string(m) + " is not a power of two");
  std::uint64_t levels = 0;
  while ((std::uint64_t{1} << levels) < m) ++levels;
  const double tasks = 2.0 * static_cast<double>(m) - 1 + static_cast<double>(m * levels);
  const double edges = 2.0 * static_cast<double>(m) - 2 + 2.0 * static_cast<double>(m * levels);
  check_size("fft", tasks, edges);
  const double work = v.get("work");
  const double bytes = v.get("bytes");
  TaskGraphBuilder b =
      make_builder("fft", static_cast<std::uint64_t>(tasks), static_cast<std::uint64_t>(edges));
  for (std::uint64_t i = 0; i < static_cast<std::uint64_t>(tasks); ++i) b.add_task(work);
  for (TaskId i = 0; i + 1 < m; ++i) {
    b.add_edge(i, 2 * i + 1, bytes);
    b.add_edge(i, 2 * i + 2, bytes);
  }
  // Row r (0 = the leaves, 1..levels = butterflies) starts at row_start(r).
  auto row_start = [m](std::uint64_t r) { return static_cast<TaskId>(m - 1 + r * m); };
  for (std::uint64_t r = 0; r < levels; ++r) {
    const TaskId here = row_start(r), next = row_start(r + 1);
    const std::uint64_t stride = std::uint64_t{1} << r;
    for (std::uint64_t j = 0; j < m; ++j) {
      const std::uint64_t partner = j ^ stride;
      b.add_edge(static_cast<TaskId>(here + j), static_cast<TaskId>(next + std::min(j, partner)),
                 bytes);
      b.add_edge(static_cast<TaskId>(here + j), static_cast<TaskId>(next + std::max(j, partner)),
                 bytes);
    }
  }
  return b.build();
}

// Column-oriented Gaussian elimination of an m x m matrix: for each step k = 1..m-1 a pivot
// task T(k,k) then the update tasks T(k,j), j = k+1..m. T(k,k) -> T(k,j); T(k,k+1) ->
// T(k+1,k+1) (the next pivot); T(k,j) -> T(k+1,j) for j >= k+2. Tasks (m^2 + m - 2) / 2,
// edges m^2 - m - 1.
TaskGraph build_gaussian_elimination(const GeneratorValues& v) {
  const std::uint64_t m = v.count("m");
  const double md = static_cast<double>(m);
  check_size("gaussian_elimination", (md * md + md - 2) / 2, md * md - md - 1);
  const double work = v.get("work");
  const double bytes = v.get("bytes");
  const std::uint64_t tasks = (m * m + m - 2) / 2;
  TaskGraphBuilder b = make_builder("gaussian_elimination", tasks, m * m - m - 1);
  for (std::uint64_t i = 0; i < tasks; ++i) b.add_task(work);
  // Step k (1-based) has the pivot then m - k updates; it starts after steps 1..k-1.
  std::uint64_t first = 0;
  for (std::uint64_t k = 1; k < m; ++k) {
    const std::uint64_t next = first + 1 + (m - k);  // pivot of step k + 1
    const auto pivot = static_cast<TaskId>(first);
    for (std::uint64_t j = k + 1; j <= m; ++j)
      b.add_edge(pivot, static_cast<TaskId>(first + (j - k)), bytes);
    if (k + 1 < m) {
      // T(k,j) at first + (j - k) -> T(k+1,j) at next + (j - k - 1) (j = k+1: the pivot).
      for (std::uint64_t j = k + 1; j <= m; ++j)
        b.add_edge(static_cast<TaskId>(first + (j - k)), static_cast<TaskId>(next + (j - k - 1)),
                   bytes);
    }
    first = next;
  }
  return b.build();
}

// Tiled Cholesky (lower) of t x t tiles, kernel calls in right-looking order: for k: POTRF(k)
// updates A(k,k); TRSM(i,k) reads A(k,k), updates A(i,k) (i > k); SYRK(i,k) reads A(i,k),
// updates A(i,i); GEMM(i,j,k) reads A(i,k), A(j,k), updates A(i,j) (i > j > k).
TaskGraph build_cholesky(const GeneratorValues& v) {
  const std::uint64_t t = v.count("tiles");
  const double td = static_cast<double>(t);
  check_size("cholesky", cholesky_tasks(td), cholesky_edges(td));
  TaskGraphBuilder b = make_builder("cholesky", static_cast<std::uint64_t>(cholesky_tasks(td)),
                                    static_cast<std::uint64_t>(cholesky_edges(td)));
  TileDeps deps(t, v.get("work"), v.get("bytes"), b);
  const TaskTypeId potrf = b.intern_type("potrf"), trsm = b.intern_type("trsm"),
                   syrk = b.intern_type("syrk"), gemm = b.intern_type("gemm");
  for (std::uint64_t k = 0; k < t; ++k) {
    deps.task(potrf, {}, k, k);
    for (std::uint64_t i = k + 1; i < t; ++i) deps.task(trsm, {{k, k}}, i, k);
    for (std::uint64_t i = k + 1; i < t; ++i) deps.task(syrk, {{i, k}}, i, i);
    for (std::uint64_t j = k + 1; j < t; ++j)
      for (std::uint64_t i = j + 1; i < t; ++i) deps.task(gemm, {{i, k}, {j, k}}, i, j);
  }
  return b.build();
}

// Tiled LU without pivoting of t x t tiles: for k: GETRF(k) updates A(k,k); TRSM(k,j) reads
// A(k,k), updates A(k,j) (j > k, the row); TRSM(i,k) reads A(k,k), updates A(i,k) (i > k, the
// column); GEMM(i,j,k) reads A(i,k), A(k,j), updates A(i,j) (i, j > k).
TaskGraph build_lu(const GeneratorValues& v) {
  const std::uint64_t t = v.count("tiles");
  const double td = static_cast<double>(t);
  check_size("lu", lu_tasks(td), lu_edges(td));
  TaskGraphBuilder b = make_builder("lu", static_cast<std::uint64_t>(lu_tasks(td)),
                                    static_cast<std::uint64_t>(lu_edges(td)));
  TileDeps deps(t, v.get("work"), v.get("bytes"), b);
  const TaskTypeId getrf = b.intern_type("getrf"), trsm = b.intern_type("trsm"),
                   gemm = b.intern_type("gemm");
  for (std::uint64_t k = 0; k < t; ++k) {
    deps.task(getrf, {}, k, k);
    for (std::uint64_t j = k + 1; j < t; ++j) deps.task(trsm, {{k, k}}, k, j);  // row
    for (std::uint64_t i = k + 1; i < t; ++i) deps.task(trsm, {{k, k}}, i, k);  // column
    for (std::uint64_t i = k + 1; i < t; ++i)
      for (std::uint64_t j = k + 1; j < t; ++j) deps.task(gemm, {{i, k}, {k, j}}, i, j);
  }
  return b.build();
}

}  // namespace pelsim::models::gen
