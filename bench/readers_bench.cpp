// Workload readers: the Workloads issue's targets are the 2122-task Montage instance in
// <= 50 ms and a 1M-task DOT file in <= 1 s (here: read in-process, no process start-up).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "pelsim/experiment/graph_loader.hpp"
#include "pelsim/models/dot_writer.hpp"
#include "pelsim/models/generators.hpp"

namespace {

const std::string kWorkloads = std::string(PELSIM_SCENARIOS_DIR) + "/workloads";

void read_file(benchmark::State& st, const std::string& path) {
  for (auto _ : st) {
    const auto g = pelsim::experiment::load_graph(path);
    benchmark::DoNotOptimize(g.edge_count());
    st.counters["tasks"] = g.task_count();
  }
}

void BM_ReadWfCommonsMontage2122(benchmark::State& st) {
  read_file(st, kWorkloads + "/wfcommons/montage-chameleon-dss-15d-001.json");
}
BENCHMARK(BM_ReadWfCommonsMontage2122)->Unit(benchmark::kMillisecond);

void BM_ReadDaxCyberShake1000(benchmark::State& st) {
  read_file(st, kWorkloads + "/pegasus-dax/CyberShake_1000.xml");
}
BENCHMARK(BM_ReadDaxCyberShake1000)->Unit(benchmark::kMillisecond);

// A layered DAG of N tasks (out-degree 2) written once as DOT, then read.
void BM_ReadDotLayered(benchmark::State& st) {
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("pelsim_bench_" + std::to_string(st.range(0)) + ".dot")).string();
  {
    pelsim::models::GeneratorParams params;
    params.values = {{"tasks", static_cast<double>(st.range(0))}, {"outdeg", 2}};
    std::ofstream out(path);
    pelsim::models::write_dot(out, pelsim::models::generate("layered", params));
  }
  read_file(st, path);
  st.SetItemsProcessed(st.iterations() * st.range(0));
  std::filesystem::remove(path);
}
BENCHMARK(BM_ReadDotLayered)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

}  // namespace
