// Batch runs (`pelsim run`): the Experiments issue's targets are a 64-point sweep >= 1.8x
// faster with 2 jobs than with 1 (compare BM_Sweep64/jobs:1 with /jobs:2), and <= 5 ms of
// overhead per run outside the simulation (BM_TinyRuns: 200 runs of a 10-task chain, so the
// time per item is almost all overhead: expansion, journal line, results).
#include <benchmark/benchmark.h>
#include <malloc.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "pelsim/experiment/batch.hpp"
#include "pelsim/experiment/scenario.hpp"

namespace {

namespace ex = pelsim::experiment;

// The allocator settings of the pelsim command (cli/main.cpp): freed blocks are reused instead
// of being unmapped and faulted in again, which otherwise serialises threads on page faults.
const int kAllocatorLikeTheCli = [] {
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
  return 0;
}();

void run_scenario(benchmark::State& st, const std::string& yaml, unsigned jobs) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("pelsim_batch_bench_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "s.yaml") << yaml;
  const ex::Scenario scenario = ex::load_scenario((dir / "s.yaml").string());
  for (auto _ : st) {
    st.PauseTiming();
    std::filesystem::remove_all(dir / "out");
    st.ResumeTiming();
    ex::BatchOptions options;
    options.out_dir = (dir / "out").string();
    options.jobs = jobs;
    benchmark::DoNotOptimize(ex::run_batch(scenario, options).total);
  }
  st.SetItemsProcessed(st.iterations() * static_cast<std::int64_t>(scenario.points.size()));
  std::filesystem::remove_all(dir);
}

void BM_Sweep64(benchmark::State& st) {
  run_scenario(st,
               "workload: {generator: layered, params: {tasks: 20000, outdeg: 2}}\n"
               "policy: heft\nsweep: {platform.cores: {from: 1, to: 64, step: 1}}\n",
               static_cast<unsigned>(st.range(0)));
}
BENCHMARK(BM_Sweep64)->ArgName("jobs")->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_TinyRuns(benchmark::State& st) {
  run_scenario(st,
               "workload: {generator: chain, params: {n: 10}}\n"
               "sweep: {platform.cores: {from: 1, to: 200, step: 1}}\n",
               1);
}
BENCHMARK(BM_TinyRuns)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
