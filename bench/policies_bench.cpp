// Dynamic policies against `static` on the same generated DAG: the Scheduling issue's target is
// that a dynamic policy adds at most 30 % to static's simulate time. A `layered` DAG (the
// generator of gen_dag.py, out-degree 2, seed 1) of 100k or 1M tasks on 64 cores, the
// latency_bandwidth network of the Foundation benchmark (1 us, 1 GB/s, 1 Gflop/s cores);
// static executes an hlfet plan computed once, outside the timed loop. Each iteration creates
// the run (the policy's own set-up: a bottom-level pass for central_queue's bottom_level) and
// runs it, no I/O. The graph is built once per size and shared, so its lazily built in-edges
// are not timed after the first iteration.
//
// Compare side by side (repetitions interleaved, the minimum of each):
//   pelsim_bench_policies --benchmark_repetitions=7 --benchmark_enable_random_interleaving=true
//       --benchmark_filter=/1000000 --benchmark_report_aggregates_only=true   (one line)
// and read the `min` rows (CPU time: the machine is shared).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <bit>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "pelsim/models/generators.hpp"
#include "pelsim/models/policies/hlfet.hpp"
#include "pelsim/models/policies/rank_queue.hpp"
#include "pelsim/models/policy.hpp"

namespace {

using namespace pelsim::models;

// One DAG and static plan per size, built on first use and kept for every benchmark.
struct Fixture {
  TaskGraph graph;
  Platform platform = Platform::homogeneous(64, 1e9);
  NetworkModel network = NetworkModel::latency_bandwidth(1e-6, 1e9);
  std::unique_ptr<Problem> problem;
  Schedule plan;
};

const Fixture& fixture(std::uint32_t tasks) {
  static std::map<std::uint32_t, std::unique_ptr<Fixture>> cache;
  std::unique_ptr<Fixture>& f = cache[tasks];
  if (!f) {
    f = std::make_unique<Fixture>();
    GeneratorParams params;
    params.seed = 1;
    params.values["tasks"] = tasks;
    params.values["outdeg"] = 2;
    f->graph = generate("layered", params);
    f->problem = std::make_unique<Problem>(f->graph, f->platform, f->network);
    double estimate = 0;
    f->plan = plan_hlfet(*f->problem, &estimate);
  }
  return *f;
}

void run_policy(benchmark::State& st, const std::string& policy,
                std::map<std::string, std::string> params = {}) {
  const Fixture& f = fixture(static_cast<std::uint32_t>(st.range(0)));
  PolicyOptions options;
  options.schedule = &f.plan;
  options.params = std::move(params);
  const PolicyInfo& info = PolicyRegistry::builtin().find(policy);
  SimulationResult last;
  for (auto _ : st) {
    auto run = info.create(*f.problem, options, nullptr);
    run->run();
    benchmark::DoNotOptimize(run->result().makespan);
    last = run->result();
  }
  st.counters["events"] = static_cast<double>(last.events);
  st.counters["makespan"] = last.makespan;
  st.SetItemsProcessed(static_cast<std::int64_t>(st.iterations() * st.range(0)));
}

double min_of(const std::vector<double>& v) {
  return *std::min_element(v.begin(), v.end());
}

#define PELSIM_POLICY_BENCH(name, ...) \
  void name(benchmark::State& st) {    \
    run_policy(st, __VA_ARGS__);       \
  }                                    \
  BENCHMARK(name)                      \
      ->Arg(100'000)                   \
      ->Arg(1'000'000)                 \
      ->Unit(benchmark::kMillisecond)  \
      ->ComputeStatistics("min", min_of)

PELSIM_POLICY_BENCH(BM_Static, "static");
PELSIM_POLICY_BENCH(BM_Fifo, "fifo");
PELSIM_POLICY_BENCH(BM_CentralQueueFifo, "central_queue", {{"priority", "fifo"}});
PELSIM_POLICY_BENCH(BM_CentralQueueBottomLevel, "central_queue", {{"priority", "bottom_level"}});
PELSIM_POLICY_BENCH(BM_CentralQueueRandom, "central_queue", {{"priority", "random"}});
PELSIM_POLICY_BENCH(BM_WorkStealing, "work_stealing");
PELSIM_POLICY_BENCH(BM_Locality, "locality");

// central_queue bottom_level's set-up: ranking the tasks by bottom level (then id), a radix
// sort, against the std::sort of the same keys it used before (the reference, side by side in
// one run: compare the `min` rows).
void BM_RanksByLevel(benchmark::State& st) {
  const Fixture& f = fixture(static_cast<std::uint32_t>(st.range(0)));
  const std::vector<double> levels = bottom_levels(*f.problem);
  for (auto _ : st) benchmark::DoNotOptimize(ranks_by_level(levels).data());
  st.SetItemsProcessed(static_cast<std::int64_t>(st.iterations() * st.range(0)));
}
BENCHMARK(BM_RanksByLevel)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond)
    ->ComputeStatistics("min", min_of);

void BM_RanksByLevelStdSort(benchmark::State& st) {
  const Fixture& f = fixture(static_cast<std::uint32_t>(st.range(0)));
  const std::vector<double> levels = bottom_levels(*f.problem);
  struct Keyed {
    std::uint64_t key;
    TaskId task;
  };
  for (auto _ : st) {
    std::vector<Keyed> keyed(levels.size());
    for (TaskId t = 0; t < keyed.size(); ++t)
      keyed[t] = {~(std::bit_cast<std::uint64_t>(levels[t] + 0.0) | (std::uint64_t{1} << 63)), t};
    std::sort(keyed.begin(), keyed.end(), [](const Keyed& a, const Keyed& b) {
      return a.key != b.key ? a.key < b.key : a.task < b.task;
    });
    std::vector<TaskId> order(keyed.size());
    for (std::size_t r = 0; r < keyed.size(); ++r) order[r] = keyed[r].task;
    benchmark::DoNotOptimize(order.data());
  }
  st.SetItemsProcessed(static_cast<std::int64_t>(st.iterations() * st.range(0)));
}
BENCHMARK(BM_RanksByLevelStdSort)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond)
    ->ComputeStatistics("min", min_of);

}  // namespace
