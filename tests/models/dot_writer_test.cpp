#include "pelsim/models/dot_writer.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "pelsim/models/dot_reader.hpp"
#include "pelsim/models/generators.hpp"
#include "test_graphs.hpp"

namespace pelsim::models {
namespace {

std::string to_dot(const TaskGraph& g) {
  std::ostringstream out;
  write_dot(out, g);
  return out.str();
}

// Same tasks (ids, names, work, costs) and same edges in the same order with the same bytes.
void expect_same_graph(const TaskGraph& a, const TaskGraph& b, const std::string& what) {
  ASSERT_EQ(a.task_count(), b.task_count()) << what;
  ASSERT_EQ(a.edge_count(), b.edge_count()) << what;
  ASSERT_EQ(a.has_costs(), b.has_costs()) << what;
  ASSERT_EQ(a.cost_columns(), b.cost_columns()) << what;
  for (TaskId t = 0; t < a.task_count(); ++t) {
    EXPECT_EQ(a.name(t), b.name(t)) << what;
    EXPECT_EQ(a.work(t), b.work(t)) << what << " task " << t;  // exact: %.17g round-trips
    for (CoreId c = 0; c < a.cost_columns(); ++c) EXPECT_EQ(a.cost(t, c), b.cost(t, c)) << what;
    ASSERT_EQ(a.out_begin(t), b.out_begin(t)) << what;
    ASSERT_EQ(a.out_end(t), b.out_end(t)) << what;
  }
  for (EdgeId e = 0; e < a.edge_count(); ++e) {
    EXPECT_EQ(a.target(e), b.target(e)) << what << " edge " << e;
    EXPECT_EQ(a.bytes(e), b.bytes(e)) << what << " edge " << e;
  }
}

TEST(DotWriter, WritesSimGridsConvention) {
  // t0 (1 Gflop) -> t1 (0.1 flop, printed with 17 significant digits), 5 bytes.
  const TaskGraph g = testing::make_graph({1e9, 0.1}, {{0, 1, 5}});
  EXPECT_EQ(to_dot(g),
            "digraph G {\n"
            "t0 [size=\"1000000000\"];\n"
            "t1 [size=\"0.10000000000000001\"];\n"
            "t0 -> t1 [size=\"5\"];\n"
            "}\n");
}

TEST(DotWriter, QuotesNamesThatAreNotPlainIdentifiers) {
  TaskGraphBuilder b("names");
  for (const char* name :
       {"plain_1", "with space", "node", "Edge", "9lives", "say \"hi\"", "", "é"})
    b.intern_task(name, 1);
  for (TaskId t = 1; t < 8; ++t) b.add_edge(0, t, 0);
  const TaskGraph g = b.build();
  const std::string dot = to_dot(g);
  EXPECT_NE(dot.find("\nplain_1 [size=\"1\"];"), std::string::npos) << dot;
  EXPECT_NE(dot.find("\n\"with space\" [size"), std::string::npos) << dot;
  EXPECT_NE(dot.find("\n\"node\" [size"), std::string::npos) << dot;  // a keyword
  EXPECT_NE(dot.find("\n\"Edge\" [size"), std::string::npos) << dot;  // keywords ignore case
  EXPECT_NE(dot.find("\n\"9lives\" [size"), std::string::npos) << dot;
  EXPECT_NE(dot.find("\n\"say \\\"hi\\\"\" [size"), std::string::npos) << dot;
  EXPECT_NE(dot.find("\n\"\" [size"), std::string::npos) << dot;
  expect_same_graph(g, read_dot_text(dot, "written.dot"), "names");
}

TEST(DotWriter, RoundTripsPerCoreCosts) {
  TaskGraphBuilder b("costs");
  const TaskId a = b.intern_task("a", 2e9);
  const TaskId c = b.intern_task("c", 0);
  b.set_costs(a, {0.5, 1.0 / 3.0});
  b.set_costs(c, {2, 1e-9});
  b.add_edge(a, c, 1e6);
  const TaskGraph g = b.build();
  const std::string dot = to_dot(g);
  EXPECT_NE(dot.find("a [size=\"2000000000\", costs=\"0.5,0.33333333333333331\"];"),
            std::string::npos)
      << dot;
  expect_same_graph(g, read_dot_text(dot, "costs.dot"), "costs");
}

TEST(DotWriter, EveryGeneratedKindRoundTrips) {
  // Whole-number bytes (the generators' rule) read back exactly: the DOT readers floor edge
  // sizes. Fractional work (fork_join: (1-f) W / n) reads back exactly thanks to %.17g.
  for (const GeneratorInfo& info : generators()) {
    GeneratorParams p;
    p.seed = 11;
    for (const GeneratorParameter& param : info.parameters)
      if (param.name == "bytes") p.values["bytes"] = 12345;
    if (info.name == "fork_join") p.values["work"] = 1e10 / 3;
    const TaskGraph g = generate(info.name, p);
    expect_same_graph(g, read_dot_text(to_dot(g), info.name + ".dot"), info.name);
  }
}

}  // namespace
}  // namespace pelsim::models
