// Task graph representation: Boost CSR (what pelsim uses) against Boost adjacency_list, on the
// operations the simulator does: build from an edge list, then walk every out- and in-edge.
#include <benchmark/benchmark.h>

#include <boost/graph/adjacency_list.hpp>
#include <random>
#include <vector>

#include "pelsim/models/task_graph.hpp"

namespace {

using pelsim::models::EdgeId;
using pelsim::models::TaskGraph;
using pelsim::models::TaskGraphBuilder;
using pelsim::models::TaskId;

struct RawEdge {
  TaskId from, to;
  double bytes;
};

// A layered DAG like gen_dag.py's: sqrt(n) layers, each task gets a parent in the layer above
// plus extra edges, 2 edges per task on average.
std::vector<RawEdge> layered_edges(std::uint32_t n) {
  std::mt19937 rng(1);
  const std::uint32_t width = static_cast<std::uint32_t>(std::sqrt(double(n)));
  std::vector<RawEdge> edges;
  for (TaskId t = width; t < n; ++t) {
    const TaskId layer_start = t / width * width;
    for (int k = 0; k < 2; ++k) {
      std::uniform_int_distribution<TaskId> pick(layer_start - width, layer_start - 1);
      edges.push_back({pick(rng), t, 1000.0});
    }
  }
  return edges;
}

void BM_CsrBuildAndWalk(benchmark::State& st) {
  const auto n = static_cast<std::uint32_t>(st.range(0));
  const auto edges = layered_edges(n);
  for (auto _ : st) {
    TaskGraphBuilder b;
    b.reserve(n, edges.size());
    for (TaskId t = 0; t < n; ++t) b.add_task(1.0);
    for (const RawEdge& e : edges) b.add_edge(e.from, e.to, e.bytes);
    const TaskGraph g = b.build();
    double sum = 0;
    for (TaskId t = 0; t < n; ++t) {
      for (EdgeId e = g.out_begin(t); e < g.out_end(t); ++e) sum += g.bytes(e);
      for (std::uint32_t k = g.in_begin(t); k < g.in_end(t); ++k) sum += g.in_source(k);
    }
    benchmark::DoNotOptimize(sum);
  }
  st.SetItemsProcessed(static_cast<std::int64_t>(st.iterations() * n));
}
BENCHMARK(BM_CsrBuildAndWalk)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

void BM_AdjacencyListBuildAndWalk(benchmark::State& st) {
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS,
                                      boost::no_property, boost::property<boost::edge_weight_t, double>>;
  const auto n = static_cast<std::uint32_t>(st.range(0));
  const auto edges = layered_edges(n);
  for (auto _ : st) {
    Graph g(n);
    for (const RawEdge& e : edges) boost::add_edge(e.from, e.to, e.bytes, g);
    // Includes a topological sort, which TaskGraphBuilder::build() also does.
    std::vector<std::uint32_t> indeg(n);
    const auto weight = get(boost::edge_weight, g);
    double sum = 0;
    for (TaskId t = 0; t < n; ++t) {
      for (auto [it, end] = out_edges(t, g); it != end; ++it) sum += weight[*it];
      for (auto [it, end] = in_edges(t, g); it != end; ++it) sum += static_cast<double>(source(*it, g));
      indeg[t] = static_cast<std::uint32_t>(in_degree(t, g));
    }
    benchmark::DoNotOptimize(sum);
  }
  st.SetItemsProcessed(static_cast<std::int64_t>(st.iterations() * n));
}
BENCHMARK(BM_AdjacencyListBuildAndWalk)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

}  // namespace
