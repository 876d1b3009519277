// Task-graph generators: time to build a 1M-task graph (the target: under 1 s each for
// `layered` with out-degree 2 and `chain`), and to write one as DOT.
#include <benchmark/benchmark.h>

#include <ostream>
#include <streambuf>
#include <string>

#include "pelsim/models/dot_writer.hpp"
#include "pelsim/models/generators.hpp"

namespace {

using pelsim::models::GeneratorParams;
using pelsim::models::TaskGraph;

void generate_kind(benchmark::State& st, const std::string& kind, const std::string& size_param,
                   GeneratorParams params) {
  params.values[size_param] = static_cast<double>(st.range(0));
  for (auto _ : st) {
    const TaskGraph g = pelsim::models::generate(kind, params);
    benchmark::DoNotOptimize(g.edge_count());
  }
  st.SetItemsProcessed(st.iterations() * st.range(0));
}

void BM_GenerateChain(benchmark::State& st) {
  generate_kind(st, "chain", "n", {});
}
BENCHMARK(BM_GenerateChain)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

void BM_GenerateLayered(benchmark::State& st) {
  GeneratorParams p;
  p.values["outdeg"] = 2;
  generate_kind(st, "layered", "tasks", p);
}
BENCHMARK(BM_GenerateLayered)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

void BM_GenerateSeriesParallel(benchmark::State& st) {
  generate_kind(st, "series_parallel", "n", {});
}
BENCHMARK(BM_GenerateSeriesParallel)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

void BM_GenerateStencil(benchmark::State& st) {
  GeneratorParams p;
  p.values["height"] = 1000;
  p.values["iterations"] = 10;
  generate_kind(st, "stencil", "width", p);  // width 100: 1M cells
}
BENCHMARK(BM_GenerateStencil)->Arg(100)->Unit(benchmark::kMillisecond);

// Counts the bytes written to it and drops them: the cost of formatting alone.
class CountingBuffer : public std::streambuf {
 public:
  std::streamsize count = 0;

 protected:
  std::streamsize xsputn(const char*, std::streamsize n) override {
    count += n;
    return n;
  }
  int_type overflow(int_type c) override {
    ++count;
    return c;
  }
};

// A 1M-task layered DAG (2M edges, about 98 MB of DOT) formatted by write_dot.
void BM_WriteDot(benchmark::State& st) {
  GeneratorParams p;
  p.values["tasks"] = static_cast<double>(st.range(0));
  const TaskGraph g = pelsim::models::generate("layered", p);
  std::streamsize bytes = 0;
  for (auto _ : st) {
    CountingBuffer buffer;
    std::ostream out(&buffer);
    pelsim::models::write_dot(out, g);
    bytes = buffer.count;
    benchmark::DoNotOptimize(bytes);
  }
  st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations() * bytes));
}
BENCHMARK(BM_WriteDot)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

}  // namespace
