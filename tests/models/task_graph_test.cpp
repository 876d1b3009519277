#include "pelsim/models/task_graph.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "pelsim/models/error.hpp"
#include "pelsim/models/graph_metrics.hpp"
#include "test_graphs.hpp"

namespace pelsim::models {
namespace {

using testing::make_graph;

TEST(TaskGraph, KeepsWorkBytesAndAdjacency) {
  // Diamond: t0 -> t1, t0 -> t2, t1 -> t3, t2 -> t3.
  const TaskGraph g = make_graph({1, 2, 3, 4}, {{0, 1, 10}, {0, 2, 20}, {1, 3, 30}, {2, 3, 40}});
  EXPECT_EQ(g.task_count(), 4u);
  EXPECT_EQ(g.edge_count(), 4u);
  EXPECT_DOUBLE_EQ(g.work(2), 3);
  EXPECT_EQ(g.out_degree(0), 2u);
  EXPECT_EQ(g.in_degree(3), 2u);
  EXPECT_EQ(g.in_degree(0), 0u);
  // Out-edges keep insertion order within a source (stable CSR build).
  EXPECT_EQ(g.target(g.out_begin(0)), 1u);
  EXPECT_DOUBLE_EQ(g.bytes(g.out_begin(0)), 10);
  EXPECT_EQ(g.target(g.out_begin(0) + 1), 2u);
  EXPECT_DOUBLE_EQ(g.bytes(g.out_begin(0) + 1), 20);
  // In-edges of t3 come from t1 (30 bytes) and t2 (40 bytes).
  double in_bytes = 0;
  for (std::uint32_t k = g.in_begin(3); k < g.in_end(3); ++k) {
    in_bytes += g.bytes(g.in_edge(k));
    EXPECT_EQ(g.source(g.in_edge(k)), g.in_source(k));
  }
  EXPECT_DOUBLE_EQ(in_bytes, 70);
  EXPECT_EQ(*g.find("t2"), 2u);
  EXPECT_EQ(g.name(3), "t3");
}

TEST(TaskGraph, TopologicalOrderIsKahnFifo) {
  // t3 -> t1, t2 -> t1, t1 -> t0: sources t2, t3 in id order, then t1, then t0.
  const TaskGraph g = make_graph({1, 1, 1, 1}, {{3, 1, 0}, {2, 1, 0}, {1, 0, 0}});
  EXPECT_EQ(g.topological_order(), (std::vector<TaskId>{2, 3, 1, 0}));
}

TEST(TaskGraph, ForwardEdgesMakeIdsTopologicalAndKahnOrderIsStillGiven) {
  // Every edge goes to a higher id, but Kahn's FIFO order is t0, t2, t1 (t2 is a source).
  const TaskGraph g = make_graph({1, 1, 1}, {{0, 1, 0}});
  EXPECT_TRUE(g.ids_are_topological());
  EXPECT_EQ(g.topological_order(), (std::vector<TaskId>{0, 2, 1}));
  const TaskGraph back = make_graph({1, 1}, {{1, 0, 0}});
  EXPECT_FALSE(back.ids_are_topological());
  EXPECT_EQ(back.topological_order(), (std::vector<TaskId>{1, 0}));
}

// The visits for order-free computations: id order (and its reverse) when ids are
// topological, Kahn's order (and its reverse) otherwise, as the two graphs above give it.
TEST(TaskGraph, VisitsEachTaskAfterItsPredecessorsOrAfterItsSuccessors) {
  const auto visits = [](const TaskGraph& g, bool predecessors_first) {
    std::vector<TaskId> order;
    if (predecessors_first)
      g.for_each_predecessors_first([&](TaskId t) { order.push_back(t); });
    else
      g.for_each_successors_first([&](TaskId t) { order.push_back(t); });
    return order;
  };
  const TaskGraph forward = make_graph({1, 1, 1}, {{0, 1, 0}});
  EXPECT_EQ(visits(forward, true), (std::vector<TaskId>{0, 1, 2}));
  EXPECT_EQ(visits(forward, false), (std::vector<TaskId>{2, 1, 0}));
  const TaskGraph kahn = make_graph({1, 1, 1, 1}, {{3, 1, 0}, {2, 1, 0}, {1, 0, 0}});
  EXPECT_EQ(visits(kahn, true), (std::vector<TaskId>{2, 3, 1, 0}));
  EXPECT_EQ(visits(kahn, false), (std::vector<TaskId>{0, 1, 3, 2}));
}

TEST(TaskGraph, EdgesStopArrivingBySourceHalfway) {
  // Sources 0, 2, 2, then 1 and 0 again: the CSR must group them stably all the same.
  const TaskGraph g = make_graph(
      {1, 1, 1, 1, 1}, {{0, 3, 1}, {2, 3, 2}, {2, 4, 3}, {1, 4, 4}, {0, 4, 5}, {1, 3, 6}});
  ASSERT_EQ(g.edge_count(), 6u);
  std::vector<std::pair<TaskId, double>> out;
  for (TaskId u = 0; u < 3; ++u)
    for (EdgeId e = g.out_begin(u); e < g.out_end(u); ++e)
      out.emplace_back(g.target(e), g.bytes(e));
  EXPECT_EQ(out, (std::vector<std::pair<TaskId, double>>{
                     {3, 1}, {4, 5}, {4, 4}, {3, 6}, {3, 2}, {4, 3}}));
  EXPECT_EQ(g.out_degree(3), 0u);
  EXPECT_EQ(g.in_degree(3), 3u);
  EXPECT_EQ(g.in_degree(4), 3u);
  EXPECT_EQ(g.in_source(g.in_begin(3)), 0u);  // in forward edge order
  EXPECT_EQ(g.in_source(g.in_begin(3) + 1), 1u);
}

TEST(TaskGraph, InEdgesBuiltOnFirstUseAgreeAcrossThreads) {
  // A fresh graph's in-edge arrays are filled by whichever thread asks first.
  std::vector<std::tuple<TaskId, TaskId, double>> edges;
  for (TaskId t = 1; t < 2000; ++t) edges.emplace_back(t / 2, t, t);
  const TaskGraph g = make_graph(std::vector<double>(2000, 1.0), edges);
  auto sum = [&g] {
    double total = 0;
    for (TaskId t = 0; t < g.task_count(); ++t)
      for (std::uint32_t k = g.in_begin(t); k < g.in_end(t); ++k)
        total += g.bytes(g.in_edge(k)) * (g.in_source(k) == t / 2 ? 1 : -1);
    return total;
  };
  double a = 0;
  double b = 0;
  std::thread first([&] { a = sum(); });
  std::thread second([&] { b = sum(); });
  first.join();
  second.join();
  EXPECT_EQ(a, 1999.0 * 2000 / 2);
  EXPECT_EQ(b, a);
  EXPECT_EQ(num_edges(g.storage()), 1999u);
}

// In-edges are listed by source task, then edge id, whatever order the file gave them in
// (here t4's inputs arrive as t3, t1, t1 again, t2), and the Boost view holds the same ones.
TEST(TaskGraph, InEdgesAreBySourceThenEdgeAndBoostSeesTheSame) {
  const TaskGraph g =
      make_graph({1, 1, 1, 1, 1}, {{3, 4, 30}, {1, 4, 10}, {1, 4, 11}, {2, 4, 20}, {0, 1, 5}});
  std::vector<std::pair<TaskId, double>> inputs;  // t4's (source, bytes)
  for (std::uint32_t k = g.in_begin(4); k < g.in_end(4); ++k) {
    inputs.emplace_back(g.in_source(k), g.bytes(g.in_edge(k)));
    EXPECT_EQ(g.source(g.in_edge(k)), g.in_source(k));
    EXPECT_EQ(g.target(g.in_edge(k)), 4u);
  }
  EXPECT_EQ(inputs, (std::vector<std::pair<TaskId, double>>{{1, 10}, {1, 11}, {2, 20}, {3, 30}}));
  const GraphStorage& boost_view = g.storage();
  ASSERT_EQ(boost_view.m_backward.m_column.size(), g.edge_count());
  for (std::uint32_t k = 0; k < g.edge_count(); ++k) {
    EXPECT_EQ(boost_view.m_backward.m_column[k], g.in_source(k));
    EXPECT_EQ(boost_view.m_backward.m_edge_properties[k], g.in_edge(k));
  }
}

TEST(TaskGraph, RejectsACycleNamingATaskOnIt) {
  TaskGraphBuilder b("cyc.dot");
  b.intern_task("a", 1, 3);
  b.intern_task("b", 1, 4);
  b.intern_task("c", 1, 5);
  b.intern_task("free", 1, 6);
  b.add_edge(0, 1, 0);
  b.add_edge(1, 2, 0);
  b.add_edge(2, 0, 0);
  try {
    b.build();
    FAIL() << "expected a cycle error";
  } catch (const InputError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("cycle"), std::string::npos) << msg;
    EXPECT_EQ(msg.rfind("cyc.dot:", 0), 0u) << msg;         // starts with the file
    EXPECT_EQ(msg.find("free"), std::string::npos) << msg;  // not on the cycle
    EXPECT_NE(msg.find("'a' -> 'b' -> 'c' -> 'a'"), std::string::npos) << msg;
  }
}

TEST(TaskGraph, RejectsSelfLoopsAndBadNumbers) {
  EXPECT_THROW(make_graph({1}, {{0, 0, 0}}), InputError);
  EXPECT_THROW(make_graph({-1}, {}), InputError);
  EXPECT_THROW(make_graph({1, 1}, {{0, 1, -5}}), InputError);
}

// Each work is finite but 1e308 + 1e308 overflows: the sum (total work, the lower bound, the
// speedups) would be inf, so the graph is refused at the task where it overflows.
TEST(TaskGraph, RejectsWorkThatOverflowsWhenSummed) {
  EXPECT_NO_THROW(make_graph({1e308, 7e307}, {}));
  EXPECT_THROW(make_graph({1e308, 1e308}, {}), InputError);
}

TEST(TaskGraph, CostVectorsMustAllHaveTheSameLength) {
  TaskGraphBuilder b("c.dot");
  b.intern_task("a");
  b.intern_task("b");
  b.set_costs(0, {1, 2});
  b.set_costs(1, {1, 2, 3});
  EXPECT_THROW(b.build(), InputError);
  TaskGraphBuilder ok("c.dot");
  ok.intern_task("a");
  ok.intern_task("b");
  ok.set_costs(0, {1, 2});
  ok.set_costs(1, {3, 4});
  const TaskGraph g = ok.build();
  ASSERT_TRUE(g.has_costs());
  EXPECT_EQ(g.cost_columns(), 2u);
  EXPECT_DOUBLE_EQ(g.cost(1, 0), 3);
}

// A run on core 0 alone: only that core's costs are kept, with everything else as it was.
TEST(TaskGraph, WithTheCostsOfOneCore) {
  TaskGraphBuilder b("c.dot");
  b.intern_task("a", 5, 2);
  b.intern_task("b", 6, 3);
  b.set_type(1, "gemm");
  b.set_costs(0, {1, 2});
  b.set_costs(1, {3, 4});
  b.add_edge(0, 1, 8);
  const TaskGraph one = b.build().with_costs_of_core(1);
  ASSERT_EQ(one.cost_columns(), 1u);
  EXPECT_EQ(one.cost(0, 0), 2);
  EXPECT_EQ(one.cost(1, 0), 4);
  EXPECT_EQ(one.name(1), "b");
  EXPECT_EQ(one.work(1), 6);
  EXPECT_EQ(one.line_of(1), 3u);
  EXPECT_EQ(one.task_type_name_of(1), "gemm");
  ASSERT_EQ(one.edge_count(), 1u);
  EXPECT_EQ(one.target(0), 1u);
  EXPECT_EQ(one.bytes(0), 8);
}

TEST(GraphMetrics, DiamondFigures) {
  // Diamond with work 1, 2, 3, 4: total 10; heaviest path t0-t2-t3 = 1+3+4 = 8;
  // levels {t0}, {t1, t2}, {t3} -> width 2, depth 3; one source, one sink.
  const TaskGraph g = make_graph({1, 2, 3, 4}, {{0, 1, 10}, {0, 2, 20}, {1, 3, 30}, {2, 3, 40}});
  const GraphMetrics m = compute_graph_metrics(g);
  EXPECT_DOUBLE_EQ(m.total_work, 10);
  EXPECT_DOUBLE_EQ(m.critical_path_work, 8);
  EXPECT_DOUBLE_EQ(m.average_parallelism(), 10.0 / 8.0);
  EXPECT_DOUBLE_EQ(m.total_bytes, 100);
  EXPECT_EQ(m.max_width, 2u);
  EXPECT_EQ(m.depth, 3u);
  EXPECT_EQ(m.sources, 1u);
  EXPECT_EQ(m.sinks, 1u);
  EXPECT_EQ(m.edges, 4u);
  EXPECT_EQ(m.task_pairs, 4u);
}

TEST(GraphMetrics, ParallelEdgesCountOncePerPair) {
  // t0 -> t1 three times (three files), t0 -> t2 once, t1 -> t2 twice: 6 edges, 3 pairs; the
  // bytes add up (1 + 2 + 3 + 4 + 5 + 6 = 21).
  const TaskGraph g =
      make_graph({1, 1, 1}, {{0, 1, 1}, {0, 1, 2}, {0, 2, 3}, {0, 1, 4}, {1, 2, 5}, {1, 2, 6}});
  const GraphMetrics m = compute_graph_metrics(g);
  EXPECT_EQ(m.edges, 6u);
  EXPECT_EQ(m.task_pairs, 3u);
  EXPECT_DOUBLE_EQ(m.total_bytes, 21);
}

}  // namespace
}  // namespace pelsim::models
