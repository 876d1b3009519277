// End-to-end simulation cost without I/O: a 1M-task layered DAG (2 edges per task) on 64
// cores, latency_bandwidth network, executing a precomputed hlfet plan with `static` (the
// configuration compared with SimGrid in compare_sgref.py), and the dynamic fifo policy.
#include <benchmark/benchmark.h>

#include <cmath>
#include <random>

#include "pelsim/models/policies/hlfet.hpp"
#include "pelsim/models/policy.hpp"

namespace {

using namespace pelsim::models;

TaskGraph layered_graph(std::uint32_t n) {
  std::mt19937 rng(1);
  std::uniform_real_distribution<double> flops(1e6, 1e8), bytes(1e3, 1e6);
  const auto width = static_cast<std::uint32_t>(std::sqrt(double(n)));
  TaskGraphBuilder b;
  b.reserve(n, 2 * std::size_t{n});
  for (TaskId t = 0; t < n; ++t) b.add_task(std::floor(flops(rng)));
  for (TaskId t = width; t < n; ++t) {
    const TaskId layer_start = t / width * width;
    std::uniform_int_distribution<TaskId> pick(layer_start - width, layer_start - 1);
    b.add_edge(pick(rng), t, std::floor(bytes(rng)));
    b.add_edge(pick(rng), t, std::floor(bytes(rng)));
  }
  return b.build();
}

void run_policy(benchmark::State& st, const char* policy) {
  const auto n = static_cast<std::uint32_t>(st.range(0));
  const TaskGraph g = layered_graph(n);
  const Platform p = Platform::homogeneous(64, 1e9);
  const NetworkModel net = NetworkModel::latency_bandwidth(1e-6, 1e9);
  const Problem problem(g, p, net);
  double estimate = 0;
  const Schedule plan = plan_hlfet(problem, &estimate);
  PolicyOptions options;
  options.schedule = &plan;
  const PolicyInfo& info = PolicyRegistry::builtin().find(policy);
  std::uint64_t events = 0;
  for (auto _ : st) {
    auto run = info.create(problem, options, nullptr);
    run->run();
    events = run->result().events;
    benchmark::DoNotOptimize(run->result().makespan);
  }
  st.counters["events"] = static_cast<double>(events);
  st.SetItemsProcessed(static_cast<std::int64_t>(st.iterations() * n));
}

void BM_SimulateStatic(benchmark::State& st) { run_policy(st, "static"); }
void BM_SimulateFifo(benchmark::State& st) { run_policy(st, "fifo"); }
BENCHMARK(BM_SimulateStatic)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SimulateFifo)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

void BM_PlanHlfet(benchmark::State& st) {
  const auto n = static_cast<std::uint32_t>(st.range(0));
  const TaskGraph g = layered_graph(n);
  const Platform p = Platform::homogeneous(64, 1e9);
  const NetworkModel net = NetworkModel::latency_bandwidth(1e-6, 1e9);
  const Problem problem(g, p, net);
  for (auto _ : st) {
    double estimate = 0;
    benchmark::DoNotOptimize(plan_hlfet(problem, &estimate));
  }
  st.SetItemsProcessed(static_cast<std::int64_t>(st.iterations() * n));
}
BENCHMARK(BM_PlanHlfet)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

}  // namespace

// HEFT planning (insertion policy: per-core sorted busy intervals + max-gap tree), same DAGs.
#include "pelsim/models/policies/heft.hpp"

namespace {

void BM_PlanHeft(benchmark::State& st) {
  const auto n = static_cast<std::uint32_t>(st.range(0));
  const TaskGraph g = layered_graph(n);
  const Platform p = Platform::homogeneous(64, 1e9);
  const NetworkModel net = NetworkModel::latency_bandwidth(1e-6, 1e9);
  const Problem problem(g, p, net);
  double estimate = 0;
  for (auto _ : st) benchmark::DoNotOptimize(plan_heft(problem, &estimate));
  st.counters["makespan"] = estimate;
  st.SetItemsProcessed(static_cast<std::int64_t>(st.iterations() * n));
}
BENCHMARK(BM_PlanHeft)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

}  // namespace
