// Tests of the DOT task-graph reader (models/src/dot_reader.cpp).
//
// Unless a comment says otherwise, an expected value is read off the DOT text of the test
// itself, with the rules of dot_reader.hpp: node `size` = flops, edge `size` = bytes floored,
// missing or negative edge size = 0, tasks numbered in order of first appearance, a task's
// line = the line where it is first named.
#include "pelsim/models/dot_reader.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <tuple>
#include <vector>

#include "graph_inspection.hpp"
#include "pelsim/models/error.hpp"
#include "pelsim/models/graph_metrics.hpp"
#include "pelsim/models/problem.hpp"

namespace pelsim::models {
namespace {

using testing::EdgeRec;
using testing::edges_of;
using testing::names_of;
using testing::TempFile;

std::vector<EdgeRec> sorted(std::vector<EdgeRec> v) {
  std::sort(v.begin(), v.end());
  return v;
}

double work_of(const TaskGraph& g, std::string_view name) {
  const auto t = g.find(name);
  EXPECT_TRUE(t.has_value()) << "no task '" << name << "'";
  return t ? g.work(*t) : -1.0;
}

std::uint32_t line_of(const TaskGraph& g, std::string_view name) {
  const auto t = g.find(name);
  EXPECT_TRUE(t.has_value()) << "no task '" << name << "'";
  return t ? g.line_of(*t) : 0;
}

TaskGraph parse(std::string_view text) {
  return read_dot_text(text, "t.dot");
}

// The what() of the InputError that reading `text` as "t.dot" throws ("" if none).
std::string error_of(std::string_view text) {
  try {
    parse(text);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

// Expects two graphs to be identical: names, work, lines, costs and edges.
void expect_same(const TaskGraph& a, const TaskGraph& b) {
  ASSERT_EQ(a.task_count(), b.task_count());
  ASSERT_EQ(a.edge_count(), b.edge_count());
  for (TaskId t = 0; t < a.task_count(); ++t) {
    ASSERT_EQ(a.name(t), b.name(t)) << "task " << t;
    ASSERT_EQ(a.work(t), b.work(t)) << "task " << t;
    ASSERT_EQ(a.line_of(t), b.line_of(t)) << "task " << t;
  }
  ASSERT_EQ(a.cost_columns(), b.cost_columns());
  for (TaskId t = 0; t < a.task_count(); ++t)
    for (CoreId c = 0; c < a.cost_columns(); ++c) ASSERT_EQ(a.cost(t, c), b.cost(t, c));
  for (EdgeId e = 0; e < a.edge_count(); ++e) {
    ASSERT_EQ(a.source(e), b.source(e));
    ASSERT_EQ(a.target(e), b.target(e));
    ASSERT_EQ(a.bytes(e), b.bytes(e));
  }
}

// ---------------------------------------------------------------------------------------------
// Accepted constructs

TEST(DotReader, SimGridConventionNodeSizeIsFlopsEdgeSizeIsBytes) {
  const TaskGraph g = parse(
      "digraph G {\n"
      "  a [size=\"1e9\"];\n"
      "  b [size=2e9];\n"
      "  a -> b [size=\"1000000\"];\n"
      "}\n");
  EXPECT_EQ(g.source_name(), "t.dot");
  EXPECT_EQ(names_of(g), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(g.work(0), 1e9);
  EXPECT_EQ(g.work(1), 2e9);
  EXPECT_EQ(edges_of(g), (std::vector<EdgeRec>{{"a", "b", 1e6}}));
  EXPECT_FALSE(g.has_costs());
  EXPECT_EQ(g.line_of(0), 2u);
  EXPECT_EQ(g.line_of(1), 3u);
}

// A task that appears only in edges and has no work is most often a misspelled name: a
// warning names it at the line that first names it. Not for a task with a node statement (even
// without a size), nor one that gets work from `node [size=...]`, nor SimGrid's root and end.
// Generated lines (the fast paths) and hand-written ones alike.
TEST(DotReader, WarnsAboutATaskThatAppearsOnlyInEdgesWithoutWork) {
  std::vector<std::string> warnings;
  const TaskGraph g = read_dot_text(
      "digraph {\n a [size=1e9]; b [size=1e9];\n a -> bb [size=100];\n c;\n root -> a;\n"
      " b -> end;\n x -> y -> z [size=5]; z [size=1];\n}\n",
      "typo.dot", warnings);
  EXPECT_EQ(g.task_count(), 9u);
  const std::string why =
      "' appears only in edges and has no work (no node statement gives it one): a misspelled "
      "name?";
  EXPECT_EQ(warnings,
            (std::vector<std::string>{"typo.dot:3: task 'bb" + why, "typo.dot:7: task 'x" + why,
                                      "typo.dot:7: task 'y" + why}));
  warnings.clear();
  read_dot_text("digraph {\n node [size=2e9];\n p -> q;\n}\n", "defaults.dot", warnings);
  EXPECT_TRUE(warnings.empty());
  std::string generated = "digraph G {\n";
  for (int i = 0; i < 100; ++i) generated += "t" + std::to_string(i) + " [size=\"5\"];\n";
  for (int i = 0; i < 99; ++i)
    generated += "t" + std::to_string(i) + " -> t" + std::to_string(i + 1) + " [size=\"7\"];\n";
  generated += "t99 -> t100 [size=\"7\"];\n}\n";
  read_dot_text(generated, "gen.dot", warnings);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].substr(0, 22), "gen.dot:201: task 't10") << warnings[0];
}

TEST(DotReader, HeaderForms) {
  // strict, no graph ID, a quoted graph ID, a numeral ID, keywords in any case (as Graphviz).
  EXPECT_EQ(parse("strict digraph { a }").task_count(), 1u);
  EXPECT_EQ(parse("digraph { a b }").task_count(), 2u);
  EXPECT_EQ(parse("digraph \"my graph\" { a }").task_count(), 1u);
  EXPECT_EQ(parse("digraph 42 { a }").task_count(), 1u);
  EXPECT_EQ(parse("STRICT DiGraph G { a }").task_count(), 1u);
  // An empty digraph is a valid, empty workload.
  const TaskGraph empty = parse("digraph G {}");
  EXPECT_EQ(empty.task_count(), 0u);
  EXPECT_EQ(empty.edge_count(), 0u);
}

TEST(DotReader, TasksNumberedInOrderOfFirstAppearance) {
  const TaskGraph g = parse(
      "digraph {\n"
      "  c -> a;\n"
      "  b;\n"
      "  a [size=5];\n"
      "  d [size=1]\n"
      "}");
  // c and a are first named by the edge on line 2, b on line 3, d on line 5.
  EXPECT_EQ(names_of(g), (std::vector<std::string>{"c", "a", "b", "d"}));
  EXPECT_EQ(work_of(g, "a"), 5.0);  // its node statement, later than its first use
  EXPECT_EQ(work_of(g, "c"), 0.0);  // never given a size
  EXPECT_EQ(line_of(g, "c"), 2u);
  EXPECT_EQ(line_of(g, "a"), 2u);
  EXPECT_EQ(line_of(g, "b"), 3u);
  EXPECT_EQ(line_of(g, "d"), 5u);
}

TEST(DotReader, StatementsNeedNoSeparator) {
  // Graphviz's stmt_list makes ';' optional; ',' between statements is accepted as sgref does.
  const TaskGraph g = parse("digraph { a b c -> d e, f; }");
  EXPECT_EQ(names_of(g), (std::vector<std::string>{"a", "b", "c", "d", "e", "f"}));
  EXPECT_EQ(edges_of(g), (std::vector<EdgeRec>{{"c", "d", 0}}));
}

TEST(DotReader, LastNodeSizeWins) {
  const TaskGraph g = parse("digraph { a [size=1][size=2]; a [size=3, size=4]; b [size=5]; b }");
  EXPECT_EQ(work_of(g, "a"), 4.0);  // the last size of the last statement with one
  EXPECT_EQ(work_of(g, "b"), 5.0);  // a later statement without size keeps it
}

TEST(DotReader, ChainsGiveOneEdgePerHopWithTheStatementAttributes) {
  const TaskGraph g = parse("digraph { a -> b -> c -> d [size=10]; d -> e }");
  EXPECT_EQ(names_of(g), (std::vector<std::string>{"a", "b", "c", "d", "e"}));
  EXPECT_EQ(edges_of(g), sorted({{"a", "b", 10}, {"b", "c", 10}, {"c", "d", 10}, {"d", "e", 0}}));
}

TEST(DotReader, SeveralAttributeListsAndSeparators) {
  const TaskGraph g = parse(
      "digraph {\n"
      "  a [label=\"x\"; size=3][color=red, shape=box];\n"
      "  b [shape=box size=4 category=\"taskA\"];\n"  // blank-separated, as dag_with_cycle.dot
      "  a -> b [color=blue][size=7; weight=2,];\n"
      "}");
  EXPECT_EQ(work_of(g, "a"), 3.0);
  EXPECT_EQ(work_of(g, "b"), 4.0);
  EXPECT_EQ(edges_of(g), (std::vector<EdgeRec>{{"a", "b", 7}}));
}

TEST(DotReader, UnknownAttributesAreIgnored) {
  const TaskGraph g = parse(
      "digraph { a [label=\"A\", shape=box, color=\"#ff0000\", weight=3, flag]; "
      "a -> b [label=\"ab\", penwidth=2.5, constraint=false] }");
  EXPECT_EQ(work_of(g, "a"), 0.0);
  EXPECT_EQ(edges_of(g), (std::vector<EdgeRec>{{"a", "b", 0}}));
}

TEST(DotReader, EdgeBytes) {
  const TaskGraph g = parse(
      "digraph {\n"
      "  a -> b;\n"                  // missing: 0, a pure precedence
      "  a -> c [size=\"-1\"];\n"    // negative: 0 (SimGrid: size <= 0 is a precedence)
      "  a -> d [size=\"0.0\"];\n"   // zero
      "  a -> e [size=\"2.9\"];\n"   // floored (SimGrid payloads are uint64)
      "  a -> f [size=1e+3];\n"      // unquoted numeral with an exponent sign
      "  a -> g [size=\" 42 \"];\n"  // blanks around a number, as strtod
      "  a -> h [size=\"+8\"];\n"    // a leading plus, as strtod
      "  a -> i [size=\"10000.99\"];\n"
      "}");
  EXPECT_EQ(edges_of(g), sorted({{"a", "b", 0},
                                 {"a", "c", 0},
                                 {"a", "d", 0},
                                 {"a", "e", 2},
                                 {"a", "f", 1000},
                                 {"a", "g", 42},
                                 {"a", "h", 8},
                                 {"a", "i", 10000}}));
}

TEST(DotReader, DuplicateEdgesAreKept) {
  const TaskGraph g = parse("digraph { a -> b; a -> b [size=5]; a -> b [size=5] }");
  EXPECT_EQ(g.edge_count(), 3u);
  EXPECT_EQ(edges_of(g), sorted({{"a", "b", 0}, {"a", "b", 5}, {"a", "b", 5}}));
}

// Graphviz: a strict digraph has at most one edge per (tail, head); a repeated edge statement
// names the same edge, a size it gives replaces the edge's, and without one (even under an
// `edge [size=...]` default) the edge keeps its size.
TEST(DotReader, AStrictDigraphMergesRepeatedEdges) {
  const TaskGraph g = parse(
      "strict digraph { a -> b [size=5]; a -> b; b -> c [size=2]; a -> b [size=7];\n"
      "  edge [size=3]; b -> c; a -> c; b -> a2 -> c; b -> a2 [size=9] }");
  EXPECT_EQ(edges_of(g),
            sorted({{"a", "b", 7}, {"b", "c", 2}, {"a", "c", 3}, {"b", "a2", 9}, {"a2", "c", 3}}));
  // The lines generated files use (the reader's fast path), repeated.
  const TaskGraph gen = parse(
      "strict digraph G {\nt0 [size=\"1\"];\nt1 [size=\"2\"];\nt0 -> t1 [size=\"10\"];\n"
      "t0 -> t1 [size=\"20\"];\nt0 -> t1 [size=\"30\"];\n}\n");
  EXPECT_EQ(edges_of(gen), sorted({{"t0", "t1", 30}}));
  const TaskGraph plain = parse(
      "digraph G {\nt0 [size=\"1\"];\nt1 [size=\"2\"];\nt0 -> t1 [size=\"10\"];\n"
      "t0 -> t1 [size=\"20\"];\n}\n");
  EXPECT_EQ(edges_of(plain), sorted({{"t0", "t1", 10}, {"t0", "t1", 20}}));
}

TEST(DotReader, NodeDefaultsApplyToTasksNamedAfterThem) {
  const TaskGraph g = parse(
      "digraph {\n"
      "  x -> y;\n"
      "  node [size=7];\n"
      "  a; b [size=1];\n"
      "  x; y [shape=box];\n"
      "  node [shape=box];\n"  // no size: the default stays 7
      "  e;\n"
      "  node [size=9];\n"
      "  c; a -> d;\n"
      "}");
  EXPECT_EQ(work_of(g, "x"), 0.0);  // first named (line 2) before any default
  EXPECT_EQ(work_of(g, "y"), 0.0);
  EXPECT_EQ(work_of(g, "a"), 7.0);  // default in force on line 4
  EXPECT_EQ(work_of(g, "b"), 1.0);  // its own size beats the default
  EXPECT_EQ(work_of(g, "e"), 7.0);
  EXPECT_EQ(work_of(g, "c"), 9.0);  // default of line 8
  EXPECT_EQ(work_of(g, "d"), 9.0);  // first named by the edge on line 9
}

TEST(DotReader, EdgeDefaultsApplyToEdgesAfterThem) {
  const TaskGraph g = parse(
      "digraph {\n"
      "  a -> z;\n"
      "  edge [size=100];\n"
      "  a -> b;\n"
      "  a -> c [size=5];\n"
      "  edge [size=-3];\n"
      "  b -> c;\n"
      "  edge [size=\"12.5\"];\n"
      "  c -> d -> e;\n"
      "}");
  EXPECT_EQ(edges_of(g), sorted({{"a", "z", 0},    // before any default
                                 {"a", "b", 100},  // default of line 3
                                 {"a", "c", 5},    // own size
                                 {"b", "c", 0},    // negative default: precedence
                                 {"c", "d", 12},   // floored default, on every hop
                                 {"d", "e", 12}}));
}

TEST(DotReader, DefaultsInsideSubgraphsAreScopedToThem) {
  const TaskGraph g = parse(
      "digraph {\n"
      "  node [size=1];\n"
      "  subgraph cluster_0 {\n"
      "    node [size=2];\n"
      "    edge [size=50];\n"
      "    a; a -> b;\n"
      "    subgraph inner { node [size=3]; c }\n"
      "    d;\n"
      "  }\n"
      "  e; a -> e;\n"
      "  { node [size=4] edge [size=60] f -> g }\n"  // anonymous subgraph
      "  subgraph { h }\n"                           // subgraph without a name
      "  f -> h;\n"
      "}");
  EXPECT_EQ(work_of(g, "a"), 2.0);
  EXPECT_EQ(work_of(g, "b"), 2.0);
  EXPECT_EQ(work_of(g, "c"), 3.0);  // innermost default
  EXPECT_EQ(work_of(g, "d"), 2.0);  // back to cluster_0's default after inner's '}'
  EXPECT_EQ(work_of(g, "e"), 1.0);  // back to the graph's default
  EXPECT_EQ(work_of(g, "f"), 4.0);
  EXPECT_EQ(work_of(g, "g"), 4.0);
  EXPECT_EQ(work_of(g, "h"), 1.0);
  EXPECT_EQ(edges_of(g), sorted({{"a", "b", 50}, {"a", "e", 0}, {"f", "g", 60}, {"f", "h", 0}}));
}

TEST(DotReader, GraphAttributesAreIgnored) {
  const TaskGraph g = parse(
      "digraph {\n"
      "  graph [size=\"7.5,10\", rankdir=LR];\n"  // Graphviz's drawing size, not a task size
      "  rankdir = LR; size=\"1,1\"; label=\"not a task\"\n"
      "  subgraph s { color=blue; a }\n"
      "}");
  EXPECT_EQ(names_of(g), (std::vector<std::string>{"a"}));
  EXPECT_EQ(work_of(g, "a"), 0.0);
}

TEST(DotReader, PortsAreIgnored) {
  const TaskGraph g = parse("digraph { a:p1 -> b:p2:n [size=4]; b:s -> c; c:x [size=2] }");
  EXPECT_EQ(names_of(g), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(work_of(g, "c"), 2.0);
  EXPECT_EQ(edges_of(g), sorted({{"a", "b", 4}, {"b", "c", 0}}));
}

TEST(DotReader, Comments) {
  const TaskGraph g = parse(
      "# a preprocessor-style line, before the graph\n"
      "// a line comment\n"
      "digraph { /* a block\n"
      "   comment over\n"
      "   three lines */ a [size=1]; // trailing comment with a -> b inside\n"
      "# b [size=2];\n"
      "  c /* inline */ -> /**/ d [/*x*/size=/*y*/3];\n"
      "}\n"
      "// after the graph\n"
      "/* also after */\n");
  EXPECT_EQ(names_of(g), (std::vector<std::string>{"a", "c", "d"}));
  EXPECT_EQ(line_of(g, "a"), 5u);  // lines inside the block comment are counted
  EXPECT_EQ(line_of(g, "c"), 7u);
  EXPECT_EQ(edges_of(g), (std::vector<EdgeRec>{{"c", "d", 3}}));
}

TEST(DotReader, QuotedNamesAndEscapes) {
  const TaskGraph g = parse(
      "digraph {\n"
      "  \"a b\" -> \"c\";\n"
      "  \"q\\\"uote\" [size=1];\n"      // \" is a quote
      "  \"back\\\\slash\" [size=2];\n"  // \\ kept as two backslashes, as Graphviz does
      "  \"end\\\\\" [size=3];\n"        // ...so \\ before the closing quote closes it
      "  \"long\\\nname\" [size=4];\n"   // backslash-newline continues the line
      "  \"other\\n\" [size=5];\n"       // other escapes are kept as written
      "  \"node\" [size=6];\n"           // a quoted keyword is a task name
      "  after;\n"
      "}");
  EXPECT_EQ(names_of(g),
            (std::vector<std::string>{"a b", "c", "q\"uote", "back\\\\slash", "end\\\\", "longname",
                                      "other\\n", "node", "after"}));
  EXPECT_EQ(work_of(g, "q\"uote"), 1.0);
  EXPECT_EQ(work_of(g, "back\\\\slash"), 2.0);
  EXPECT_EQ(work_of(g, "end\\\\"), 3.0);
  EXPECT_EQ(work_of(g, "longname"), 4.0);
  EXPECT_EQ(work_of(g, "node"), 6.0);
  EXPECT_EQ(line_of(g, "longname"), 6u);  // where the name starts
  EXPECT_EQ(line_of(g, "after"), 10u);    // the continuation counted as a line
}

TEST(DotReader, MultiLineQuotedStringsCountLines) {
  const TaskGraph g = parse("digraph {\na [label=\"one\ntwo\nthree\"];\nb\n}");
  EXPECT_EQ(line_of(g, "b"), 5u);
}

TEST(DotReader, StringConcatenation) {
  const TaskGraph g = parse(
      "digraph {\n"
      "  \"ab\" + \"cd\" [size=\"1\" + \"2\"];\n"
      "  \"x\" +\n"
      "  \"y\" + /* c */ \"z\" -> w;\n"
      "}");
  EXPECT_EQ(names_of(g), (std::vector<std::string>{"abcd", "xyz", "w"}));
  EXPECT_EQ(work_of(g, "abcd"), 12.0);  // "1" + "2" = "12"
  EXPECT_EQ(line_of(g, "xyz"), 3u);
  EXPECT_EQ(edges_of(g), (std::vector<EdgeRec>{{"xyz", "w", 0}}));
}

TEST(DotReader, HtmlLabelsAreOpaqueValues) {
  const TaskGraph g = parse(
      "digraph {\n"
      "  a [label=<<b>bold</b> &rarr; <i>x [size=9]; b</i>>, size=3];\n"
      "  b [label=<<table>\n<tr><td>t</td></tr>\n</table>>];\n"
      "  c;\n"
      "}");
  EXPECT_EQ(names_of(g), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(work_of(g, "a"), 3.0);
  EXPECT_EQ(line_of(g, "c"), 6u);  // the newlines inside the HTML label count
}

TEST(DotReader, NumeralAndUnicodeNames) {
  const TaskGraph g = parse("digraph { 0 -> 1; 1.5 [size=2]; -3 -> t\xc3\xa9l\xc3\xa9; a.b_c }");
  EXPECT_EQ(names_of(g),
            (std::vector<std::string>{"0", "1", "1.5", "-3", "t\xc3\xa9l\xc3\xa9", "a.b_c"}));
  EXPECT_EQ(work_of(g, "1.5"), 2.0);
}

TEST(DotReader, Costs) {
  const TaskGraph g = parse(
      "digraph {\n"
      "  a [costs=\"1,2.5,3\"];\n"
      "  b [costs=\" 4 , 5e-1 ,6 \", size=9];\n"
      "  a -> b;\n"
      "}");
  ASSERT_TRUE(g.has_costs());
  EXPECT_EQ(g.cost_columns(), 3u);
  EXPECT_EQ(g.cost(0, 0), 1.0);
  EXPECT_EQ(g.cost(0, 1), 2.5);
  EXPECT_EQ(g.cost(0, 2), 3.0);
  EXPECT_EQ(g.cost(1, 0), 4.0);
  EXPECT_EQ(g.cost(1, 1), 0.5);
  EXPECT_EQ(g.cost(1, 2), 6.0);
  EXPECT_EQ(g.work(1), 9.0);  // size is still read alongside costs
}

TEST(DotReader, CostsInDefaultsOrOnEdgesAreIgnored) {
  // Only `size` matters in defaults (dot_reader.hpp); edges have no costs.
  const TaskGraph g =
      parse("digraph { node [costs=\"1,2\"]; edge [costs=\"x\"]; a -> b [costs=1] }");
  EXPECT_FALSE(g.has_costs());
}

TEST(DotReader, ReadsAFile) {
  TempFile file("digraph {\n  a [size=5];\n  a -> b [size=6];\n}\n", ".dot");
  const TaskGraph g = read_dot_file(file.path());
  EXPECT_EQ(g.source_name(), file.path());
  EXPECT_EQ(names_of(g), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(work_of(g, "a"), 5.0);
  EXPECT_EQ(edges_of(g), (std::vector<EdgeRec>{{"a", "b", 6}}));
}

TEST(DotReader, CompactStatementsReadLikeTheGeneralForm) {
  // The reader has a fast path for `a [size=N];` and `a -> b [size=N];`; an extra ignored
  // attribute sends the same statement down the general path. Both must give the same graph.
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {"a [size=5];", "a [size=5, x=y];"},
      {"a [size=\"5.5\"]", "a [x=y][size=\"5.5\"]"},
      {"a -> b [size=\"-1\"];", "a -> b [size=\"-1\", x=y];"},
      {"a->b[size=2.7];c", "a -> b [x=y, size=2.7]; c"},
      {"a -> b;", "a -> b [x=y];"},
      {"a -> b [size=1e+3]", "a -> b [size=1e+3 x=y]"},
      {"0 -> 1 [size=\"5\"]; 1 [size=-0]", "0 -> 1 [x=y size=\"5\"]; 1 [x=y size=-0]"},
      {"node [size=3] edge [size=4] a -> b; c",
       "node [size=3] edge [size=4] a -> b [x=y]; c [x=y]"},
      {"a [size=1]; a [size=2]; b -> c; a -> b; a -> c",
       "a [size=1 x=y]; a [size=2 x=y]; b -> c [x=y]; a -> b [x=y]; a -> c [x=y]"},
  };
  for (const auto& [compact, general] : pairs) {
    SCOPED_TRACE(compact);
    expect_same(parse("digraph {\n" + compact + "\n}"), parse("digraph {\n" + general + "\n}"));
  }
  // The values, for the first pairs.
  EXPECT_EQ(parse("digraph { a [size=5]; }").work(0), 5.0);
  EXPECT_EQ(edges_of(parse("digraph { a->b[size=2.7];c }")), (std::vector<EdgeRec>{{"a", "b", 2}}));
  EXPECT_EQ(edges_of(parse("digraph { a -> b [size=\"-1\"]; }")),
            (std::vector<EdgeRec>{{"a", "b", 0}}));
}

// ---------------------------------------------------------------------------------------------
// Errors: file, line and reason

TEST(DotReaderErrors, NonNumericNodeSize) {
  EXPECT_EQ(error_of("digraph {\n  b;\n  a [size=\"abc\"];\n}"),
            "t.dot:3: task 'a': size \"abc\" is not a number");
  EXPECT_EQ(error_of("digraph {\n  a [size=\"12abc\"];\n}"),  // strict: no prefix parse
            "t.dot:2: task 'a': size \"12abc\" is not a number");
  EXPECT_EQ(error_of("digraph {\n  a [size=\"\"];\n}"),
            "t.dot:2: task 'a': size \"\" is not a number");
  EXPECT_EQ(error_of("digraph {\n  a [size];\n}"), "t.dot:2: task 'a': size has no value");
}

TEST(DotReaderErrors, NegativeOrNonFiniteNodeSize) {
  EXPECT_EQ(error_of("digraph {\n  a [size=-5];\n}"),
            "t.dot:2: task 'a': size \"-5\" is not a finite number >= 0");
  EXPECT_EQ(error_of("digraph {\n  a [size=\"nan\"];\n}"),
            "t.dot:2: task 'a': size \"nan\" is not a finite number >= 0");
  EXPECT_EQ(error_of("digraph {\n  a [size=\"inf\"];\n}"),
            "t.dot:2: task 'a': size \"inf\" is not a finite number >= 0");
  EXPECT_EQ(error_of("digraph {\n  a [size=\"1e999\"];\n}"),  // overflows a double
            "t.dot:2: task 'a': size \"1e999\" is not a finite number >= 0");
}

TEST(DotReaderErrors, BadDefaults) {
  EXPECT_EQ(error_of("digraph {\n  node [size=x];\n}"),
            "t.dot:2: node default: size \"x\" is not a number");
  EXPECT_EQ(error_of("digraph {\n  node [size=-1];\n}"),
            "t.dot:2: node default: size \"-1\" is not a finite number >= 0");
  EXPECT_EQ(error_of("digraph {\n\n  edge [size=\"1,5\"];\n}"),
            "t.dot:3: edge default: size \"1,5\" is not a number");
}

TEST(DotReaderErrors, BadEdgeSize) {
  EXPECT_EQ(error_of("digraph {\n  a -> b [size=\"lots\"];\n}"),
            "t.dot:2: edge 'a' -> 'b': size \"lots\" is not a number");
  EXPECT_EQ(error_of("digraph {\n  a -> b -> c\n  [size=\"inf\"];\n}"),
            "t.dot:3: edge 'a' -> 'b' -> ...: size \"inf\" is not a finite number");
}

TEST(DotReaderErrors, BadCosts) {
  EXPECT_EQ(error_of("digraph {\n  a [costs=\"1,x,3\"];\n}"),
            "t.dot:2: task 'a': costs[1] \"x\" is not a number");
  EXPECT_EQ(error_of("digraph {\n  a [costs=\"1,2,-3\"];\n}"),
            "t.dot:2: task 'a': costs[2] \"-3\" is not a finite number >= 0");
  EXPECT_EQ(error_of("digraph {\n  a [costs=\"1,,3\"];\n}"),
            "t.dot:2: task 'a': costs[1] \"\" is not a number");
  EXPECT_EQ(error_of("digraph {\n  a [costs=\" \"];\n}"), "t.dot:2: task 'a': costs is empty");
}

TEST(DotReaderErrors, CostVectorsOfDifferentLengthsAreRejectedByTheBuilder) {
  // TaskGraphBuilder::build() checks lengths and names the task at its line.
  const std::string e = error_of("digraph {\n  a [costs=\"1,2,3\"];\n  b [costs=\"1,2\"];\n}");
  EXPECT_EQ(e.rfind("t.dot:3: task 'b' has 2 costs, but task 'a' has 3", 0), 0u) << e;
  // A task without costs when others have them: b is first named on line 3.
  const std::string f = error_of("digraph {\n  a [costs=\"1,2\"];\n  b;\n}");
  EXPECT_EQ(f.rfind("t.dot:3: task 'b' has 0 costs", 0), 0u) << f;
}

TEST(DotReaderErrors, Syntax) {
  EXPECT_EQ(error_of("digraph {\n  a [size=1 ;\n}"), "t.dot:3: expected ']'");
  EXPECT_EQ(error_of("digraph {\n  a [size=1"), "t.dot:2: expected ']'");
  EXPECT_EQ(error_of("digraph {\n  a [=1]\n}"), "t.dot:2: expected an attribute name before '='");
  EXPECT_EQ(error_of("digraph {\n  a [size=]\n}"), "t.dot:2: expected a value after '='");
  EXPECT_EQ(error_of("digraph {\n  rankdir = ;\n}"), "t.dot:2: expected a value after '='");
  EXPECT_EQ(error_of("digraph {\n  a -> ;\n}"), "t.dot:2: expected a task name after '->'");
  EXPECT_EQ(error_of("digraph {\n  a -> {b c};\n}"),
            "t.dot:2: subgraphs as edge endpoints are not supported");
  EXPECT_EQ(error_of("digraph {\n  a : ;\n}"), "t.dot:2: expected a port name after ':'");
  EXPECT_EQ(error_of("digraph {\n  node size=1;\n}"), "t.dot:2: expected '[' after node");
  EXPECT_EQ(error_of("digraph {\n  subgraph x y;\n}"), "t.dot:2: expected '{' after subgraph");
  EXPECT_EQ(error_of("digraph {\n  ] \n}"), "t.dot:2: expected a statement");
  EXPECT_EQ(error_of("digraph {\n  a @ b\n}"), "t.dot:2: unexpected character '@'");
  EXPECT_EQ(error_of("digraph {\n  a \x01\n}"), "t.dot:2: unexpected character 0x01");
  EXPECT_EQ(error_of("digraph {\n  \"a\" + b\n}"), "t.dot:2: expected a quoted string after '+'");
  EXPECT_EQ(error_of("digraph G a {}"), "t.dot:1: expected '{' after digraph");
  EXPECT_EQ(error_of("// c\nfoo {}"), "t.dot:2: expected 'digraph'");
}

TEST(DotReaderErrors, UnterminatedTokensReportWhereTheyStart) {
  EXPECT_EQ(error_of("digraph {\n  a [label=\"open\n\n}\n"), "t.dot:2: unterminated string");
  EXPECT_EQ(error_of("digraph {\n  a [label=\"ends in backslash\\"),
            "t.dot:2: unterminated string");
  EXPECT_EQ(error_of("digraph {\n  a /* open\n  b\n}\n"), "t.dot:2: unterminated /* comment");
  EXPECT_EQ(error_of("digraph {\n  a [label=<<b>x</b>]\n}\n"),
            "t.dot:2: unterminated HTML string '<'");
}

TEST(DotReaderErrors, MissingClosingBrace) {
  EXPECT_EQ(error_of("digraph {\n  a -> b;\n"), "t.dot:3: unexpected end of file (missing '}')");
  EXPECT_EQ(error_of("digraph {\n  subgraph s { a\n}"),
            "t.dot:3: unexpected end of file (missing '}')");
}

TEST(DotReaderErrors, ContentAfterTheClosingBrace) {
  EXPECT_EQ(error_of("digraph { a }\n// fine\nb"),
            "t.dot:3: unexpected content after the closing '}'");
  EXPECT_EQ(error_of("digraph { a }\ndigraph { b }"),
            "t.dot:2: unexpected content after the closing '}'");
  EXPECT_EQ(error_of("digraph { a } }"), "t.dot:1: unexpected content after the closing '}'");
}

TEST(DotReaderErrors, EmptyFile) {
  EXPECT_EQ(error_of(""), "t.dot: empty file: expected 'digraph'");
  EXPECT_EQ(error_of("  \n// only a comment\n/* and another */\n"),
            "t.dot: empty file: expected 'digraph'");
}

TEST(DotReaderErrors, UndirectedGraphs) {
  EXPECT_EQ(error_of("graph G {\n  a -- b;\n}"),
            "t.dot:1: undirected graph: pelsim needs a digraph");
  EXPECT_EQ(error_of("\nstrict graph { a }"), "t.dot:2: undirected graph: pelsim needs a digraph");
  EXPECT_EQ(error_of("digraph {\n  a -- b;\n}"),
            "t.dot:2: undirected edge '--' in a digraph (use '->')");
  EXPECT_EQ(error_of("digraph {\n  a -> b -- c;\n}"),
            "t.dot:2: undirected edge '--' in a digraph (use '->')");
}

TEST(DotReaderErrors, CannotOpenFile) {
  const std::string path = "/nonexistent-dir/pelsim/none.dot";
  try {
    read_dot_file(path);
    FAIL() << "no error";
  } catch (const InputError& e) {
    // fopen sets ENOENT; line 0 means "no line" in InputError.
    EXPECT_EQ(std::string(e.what()), path + ": cannot open file: No such file or directory");
    EXPECT_EQ(e.line(), 0u);
  }
}

TEST(DotReaderErrors, CycleNamesATaskOnItWithItsLine) {
  // topological_order_or_cycle() starts the reported cycle at its lowest task id; a is
  // task 0, first named on line 2.
  EXPECT_EQ(error_of("digraph {\n  a -> b;\n  b -> c;\n  c -> a;\n  c -> d;\n}"),
            "t.dot:2: the graph has a cycle through task 'a': 'a' -> 'b' -> 'c' -> 'a'");
  // Here the lowest id on the cycle is b (task 1, first named by x -> b on line 2); x is
  // not on the cycle.
  EXPECT_EQ(error_of("digraph {\n  x -> b;\n  b -> c\n  c -> b\n}"),
            "t.dot:2: the graph has a cycle through task 'b': 'b' -> 'c' -> 'b'");
}

TEST(DotReaderErrors, SelfLoop) {
  // TaskGraphBuilder::build() rejects a self-loop at the line of the task.
  EXPECT_EQ(error_of("digraph {\n  z;\n  a -> a;\n}"),
            "t.dot:3: task 'a' (first named on this line) depends on itself: an edge 'a' -> 'a'");
}

// ---------------------------------------------------------------------------------------------
// Streaming: tokens split across reads

// Every construct the reader knows, with tokens of many lengths so that reads end everywhere.
std::string varied_block(int i) {
  const std::string n = std::to_string(i);
  std::string s;
  s += "  t" + n + " [size=\"" + std::to_string(1000 + i) + "\", label=\"task " + n + "\"];\n";
  // The shapes generated files use, which the reader takes on a fast path when they lie
  // whole in its buffer.
  s += "  p" + n + " [size=\"" + std::to_string(i * 7) + "\"];\n";
  s += "  p" + n + " -> q" + n + " [size=" + std::to_string(i) + ".5];\n";
  s += "  q" + n + "->t" + n + "\n  r" + n + " -> p" + n + " [ size = \"1e" +
       std::to_string(i % 5) + "\" ]\n";
  s += "  /* block comment " + n + "\n     over two lines */\n";
  s += "  // line comment " + std::string(static_cast<std::size_t>(i % 37), '-') + "\n";
  s += "# preprocessor line " + n + "\n";
  s += "  \"quoted \\\"name\\\" " + n + "\" [size=" + std::to_string(i % 11) + "e+" +
       std::to_string(i % 4) + "];\n";
  s += "  \"cont\\\ninued" + n + "\" + \"_cat\" + \"" +
       std::string(static_cast<std::size_t>(i % 23), 'x') + "\" -> t" + n + " [size=\"" +
       std::to_string(i) + ".75\"][color=red];\n";
  s += "  t" + n + ":port -> u" + n + ":p:n -> v" + n + " [label=<<b>" + n +
       "</b><i>x</i>>; size=" + std::to_string(i * 3) + "];\n";
  s += "  subgraph cluster_" + n + " { node [size=" + std::to_string(i % 5) + "]; w" + n +
       "; edge [size=7] w" + n + " -> t" + n + " }\n";
  s += "  x" + n + " [costs=\"" + std::to_string(i % 3) + ",1.5, 2\"]; ";
  s += "t" + n + " [costs=\"3,2,1\"] u" + n + " [costs=\"1,1,1\"] v" + n + " [costs=\"0,0,0\"]\n";
  s += "  p" + n + " [costs=\"1,2,3\"] q" + n + " [costs=\"1,2,3\"] r" + n + " [costs=\"1,2,3\"]\n";
  s += "  \"quoted \\\"name\\\" " + n + "\" [costs=\"1,2,3\"] \"cont\\\ninued" + n +
       "\" + \"_cat\" + \"" + std::string(static_cast<std::size_t>(i % 23), 'x') +
       "\" [costs=\"4,5,6\"] w" + n + " [costs=\"7,8,9\"]\n";
  return s;
}

std::string varied_graph(int blocks) {
  std::string s = "// generated\nstrict digraph \"big\" {\n";
  for (int i = 0; i < blocks; ++i) s += varied_block(i);
  s += "}\n/* the end */\n";
  return s;
}

TEST(DotReaderStreaming, EveryBufferSizeGivesTheSameGraphAsTheText) {
  const std::string text = varied_graph(6);
  const TaskGraph expected = read_dot_text(text, "split.dot");
  // p q r t u v w x, "quoted..", "cont..": 10 tasks per block (see varied_block).
  ASSERT_EQ(expected.task_count(), 6u * 10u);
  TempFile file(text, ".dot");
  // 16 is the smallest buffer; sizes up to 97 put the read boundary at every token position.
  for (std::size_t size = 1; size <= 97; ++size) {
    SCOPED_TRACE("buffer size " + std::to_string(size));
    const TaskGraph g = read_dot_file(file.path(), size);
    expect_same(g, expected);
  }
}

TEST(DotReaderStreaming, LongerThanTheDefaultBuffer) {
  // More than 1 MiB (four default buffers), so that the default read path refills.
  int blocks = 0;
  std::string text = "strict digraph \"big\" {\n";
  while (text.size() < (std::size_t{3} << 20)) text += varied_block(blocks++);
  text += "}\n";
  const TaskGraph expected = read_dot_text(text, "big.dot");
  EXPECT_EQ(expected.task_count(), static_cast<std::uint32_t>(blocks) * 10u);
  // Edges per block: p->q, q->t, r->p, cont->t, t->u, u->v, w->t (see varied_block).
  EXPECT_EQ(expected.edge_count(), static_cast<std::uint32_t>(blocks) * 7u);
  TempFile file(text, ".dot");
  expect_same(read_dot_file(file.path()), expected);
  expect_same(read_dot_file(file.path(), 4099), expected);
}

// A generated-style file (`tN [size="W"];` then `tU -> tV [size="B"];`, which the reader takes
// line by line straight from its buffer) with, here and there, lines of other shapes that stop
// that path. `general` writes every attribute list as `[size="W", ]`, a shape that only the
// general parser reads, so the two texts must give the same graph.
std::string generated_graph(int tasks, bool general) {
  const std::string close = general ? "\", ];\n" : "\"];\n";
  std::string s = "// layered\ndigraph G {\n";
  for (int i = 0; i < tasks; ++i) {
    s += "t" + std::to_string(i) + " [size=\"" + std::to_string(1000 + i) + close;
    if (i % 97 == 5) s += "t" + std::to_string(i) + " [size=\"2.5" + close;   // not an integer
    if (i % 101 == 7) s += "  t" + std::to_string(i) + " [size=\"7" + close;  // indented
    if (i % 89 == 3) s += "// a comment\n\n";
    if (i % 113 == 11) s += "x" + std::to_string(i) + " [size=\"3" + close;  // other prefix
  }
  s += "t007 [size=\"4" + close;                // leading zero: not the numbered name t7
  s += "t1234567890 [size=\"5" + close;         // 10 digits
  s += "t3a [size=\"6" + close;                 // a letter after the digits
  s += "t12 [size=\"1234567890123456" + close;  // 16 digits: read as a general number
  s += "node [size=\"9\"];\n";                  // keyword: new default work
  for (int i = 0; i + 3 < tasks; ++i) {
    const std::string u = "t" + std::to_string(i);
    s += u + " -> t" + std::to_string(i + 1) + " [size=\"" + std::to_string(i % 1000) + close;
    s += u + " -> t" + std::to_string(i + 3) + " [size=\"" + std::to_string(7 * i) + close;
    if (i % 131 == 17) s += u + " -> t" + std::to_string(tasks + i) + " [size=\"1" + close;
    if (i % 149 == 19)
      s += u + " -> t" + std::to_string(i + 2) + " -> t" + std::to_string(i + 3) + " [size=\"2" +
           close;
  }
  s += "}\n";
  return s;
}

TEST(DotReaderGeneratedLines, SameGraphAsTheGeneralParser) {
  const int tasks = 3000;  // ≈ 200 kB: several 64 KiB reads, lines across every read boundary
  const std::string fast_text = generated_graph(tasks, false);
  const std::string general_text = generated_graph(tasks, true);
  const TaskGraph expected = read_dot_text(general_text, "g.dot");
  // t0..t2999, x11, x124, ... (i % 113 == 11: 27 of them), t007, t1234567890, t3a, then the
  // tasks first named by an edge, t(3000 + i) for i % 131 == 17, i < 2997: 23 of them.
  EXPECT_EQ(expected.task_count(), 3000u + 27u + 3u + 23u);
  // Two edges per i < 2997, one more for i % 131 == 17 (23) and two for i % 149 == 19 (20).
  EXPECT_EQ(expected.edge_count(), 2u * 2997u + 23u + 2u * 20u);
  EXPECT_EQ(work_of(expected, "t0"), 1000.0);
  EXPECT_EQ(work_of(expected, "t5"), 2.5);  // its second statement wins
  EXPECT_EQ(work_of(expected, "t7"), 7.0);  // 7 % 101 == 7: the indented statement
  EXPECT_EQ(work_of(expected, "t12"), 1234567890123456.0);
  EXPECT_EQ(work_of(expected, "t007"), 4.0);
  EXPECT_EQ(work_of(expected, "t3017"), 9.0);  // named after `node [size="9"]`, by an edge
  EXPECT_EQ(line_of(expected, "t0"), 3u);      // after the comment and `digraph G {`

  expect_same(read_dot_text(fast_text, "g.dot"), expected);
  TempFile file(fast_text, ".dot");
  for (std::size_t size : {std::size_t{16}, std::size_t{255}, std::size_t{256}, std::size_t{300},
                           std::size_t{4099}, std::size_t{1} << 16}) {
    SCOPED_TRACE("buffer size " + std::to_string(size));
    expect_same(read_dot_file(file.path(), size), expected);
  }
  expect_same(read_dot_file(file.path()), expected);

  // The same with CRLF line ends (a '\r' is a blank to the general parser).
  auto crlf = [](const std::string& text) {
    std::string out;
    for (const char c : text) {
      if (c == '\n') out += '\r';
      out += c;
    }
    return out;
  };
  const TaskGraph expected_crlf = read_dot_text(crlf(general_text), "g.dot");
  expect_same(expected_crlf, expected);
  expect_same(read_dot_text(crlf(fast_text), "g.dot"), expected);
  TempFile crlf_file(crlf(fast_text), ".dot");
  expect_same(read_dot_file(crlf_file.path(), 300), expected);
}

TEST(DotReaderGeneratedLines, NamesByNumberReadLikeTheGeneralParser) {
  // Generated lines look a name up by its number when it is the numbered prefix then 1..8
  // digits without a leading zero; every other name is interned whole. Each text starts with
  // generated lines, then names of shapes that test both ways, and must give the graph the
  // general parser gives (`[size="W", ]` sends every statement down the general path).
  const std::vector<std::vector<std::string>> texts = {
      // Out of order: ids are not the numbers, the direct index has them.
      {"t5 [size=\"1", "t3 [size=\"2", "t5 -> t3 [size=\"3", "t3 -> t4 [size=\"4",
       "t5 -> t4 [size=\"5"},
      // In order, then names of every other kind among them.
      {"t0 [size=\"1", "t1 [size=\"2", "t2 [size=\"3", "t12345678 [size=\"4",
       "t123456789 [size=\"5", "t01 [size=\"6", "tt1 [size=\"7", "T1 [size=\"8",
       "t1 -> t2 [size=\"9", "t01 -> t1 [size=\"10", "t2 -> t123456789 [size=\"11",
       "t0 -> t3 [size=\"12", "t3 -> t12345678 [size=\"13"},
      // A prefix longer than 8 bytes, and one of 8 bytes.
      {"abcdefghi0 [size=\"1", "abcdefghi1 [size=\"2", "abcdefghi0 -> abcdefghi1 [size=\"3",
       "abcdefgh1 [size=\"4", "abcdefghi1 -> abcdefgh1 [size=\"5"},
      {"abcdefgh0 [size=\"1", "abcdefgh1 [size=\"2", "abcdefgh0 -> abcdefgh1 [size=\"3",
       "abcdefgh2 -> abcdefgh0 [size=\"4"},
      // A prefix with a digit in it (a name with more than 9 trailing digits sets it).
      {"a1234567890 [size=\"1", "a1234567891 [size=\"2", "a1234567890 -> a1234567891 [size=\"3"},
  };
  // Generated lines are only read with 256 bytes ahead: a long comment ends each text.
  const std::string tail = "// " + std::string(300, '-') + "\n}\n";
  for (const auto& lines : texts) {
    std::string compact = "digraph G {\n";
    std::string general = "digraph G {\n";
    for (const std::string& line : lines) {
      compact += line + "\"];\n";
      general += line + "\", ];\n";
    }
    SCOPED_TRACE(compact);
    expect_same(parse(compact + tail), parse(general + tail));
  }
  // The values for the first text: t5 is task 0 (work 1), t3 task 1 (work 2), t4 task 2,
  // first named on line 5 (`digraph G {` is line 1) with the default work 0.
  const TaskGraph g = parse(
      "digraph G {\nt5 [size=\"1\"];\nt3 [size=\"2\"];\nt5 -> t3 [size=\"3\"];\n"
      "t3 -> t4 [size=\"4\"];\nt5 -> t4 [size=\"5\"];\n}\n");
  EXPECT_EQ(names_of(g), (std::vector<std::string>{"t5", "t3", "t4"}));
  EXPECT_EQ(g.work(0), 1.0);
  EXPECT_EQ(g.work(2), 0.0);
  EXPECT_EQ(g.line_of(2), 5u);
}

TEST(DotReaderGeneratedLines, ErrorsNameTheSameLine) {
  // A self-loop and a cycle found among generated lines: the task's line is where it is
  // first named (line 1 is `digraph G {`, t0 on line 2, ..., t3 on line 5).
  const std::string nodes =
      "digraph G {\nt0 [size=\"1\"];\nt1 [size=\"1\"];\nt2 [size=\"1\"];\n"
      "t3 [size=\"1\"];\n";
  const std::string pad(300, ' ');  // keeps 256 bytes ahead of every line
  EXPECT_EQ(
      error_of(nodes + "t3 -> t3 [size=\"8\"];\n" + pad + "}\n"),
      "t.dot:5: task 't3' (first named on this line) depends on itself: an edge 't3' -> 't3'");
  EXPECT_EQ(error_of(nodes + "t1 -> t2 [size=\"8\"];\nt2 -> t1 [size=\"8\"];\n" + pad + "}\n"),
            "t.dot:3: the graph has a cycle through task 't1': 't1' -> 't2' -> 't1'");
}

TEST(DotReaderStreaming, ErrorsAreTheSameWithSmallBuffers) {
  const std::vector<std::string> bad = {
      "digraph {\n  a [size=\"abc\"];\n}",
      "digraph {\n  a [label=\"open\n\n}\n",
      "digraph {\n  a /* open\n  b\n}\n",
      "digraph {\n  \"long name\" -> \"other long name\" [size=\"lots\"];\n}",
      "digraph {\n  a -> b;\n  b -> a;\n}",
      "digraph { a }\n\n  // c\n  b",
  };
  for (const std::string& text : bad) {
    const std::string expected = error_of(text);
    ASSERT_FALSE(expected.empty()) << text;
    TempFile file(text, ".dot");
    for (std::size_t size : {16, 17, 19, 23, 64}) {
      try {
        read_dot_file(file.path(), size);
        ADD_FAILURE() << "no error for " << text;
      } catch (const InputError& e) {
        // Same line and reason as from the text; only the file name differs.
        EXPECT_EQ(file.path() + expected.substr(std::string("t.dot").size()), e.what())
            << "buffer " << size;
      }
    }
  }
}

// Found by fuzz/dot_fuzzer (fuzz/regressions/dot/statement-continued-on-next-line.dot, the
// minimised input: `en\xe4 \n->` at the end of the file): a statement without ';' whose line
// ends was taken whole by the fast path, so a next line that continues it (`-> b`, `[size=1]`,
// `= v`) was an error from the text and, through a small buffer, not. Graphviz reads a line
// break as a blank, so each of these is one statement.
TEST(DotReaderStreaming, AStatementContinuesOnTheNextLine) {
  const std::vector<std::pair<std::string, std::vector<EdgeRec>>> cases = {
      {"digraph {\n  a\n  -> b;\n}\n", {{"a", "b", 0}}},
      {"digraph {\n  a -> b\n  -> c\n}\n", {{"a", "b", 0}, {"b", "c", 0}}},
      {"digraph {\n  a -> b\n  [size=5]\n}\n", {{"a", "b", 5}}},
      {"digraph {\n  a\n  /* c */ -> b\n}\n", {{"a", "b", 0}}},
  };
  for (const auto& [text, edges] : cases) {
    SCOPED_TRACE(text);
    EXPECT_EQ(sorted(edges_of(parse(text))), edges);
    TempFile file(text, ".dot");
    for (std::size_t size : {16, 17, 4096})
      EXPECT_EQ(sorted(edges_of(read_dot_file(file.path(), size))), edges);
  }
  EXPECT_EQ(work_of(parse("digraph {\n  a\n  [size=7]\n}\n"), "a"), 7.0);
  EXPECT_EQ(parse("digraph {\n  k\n  = v\n  a\n}\n").task_count(), 1u);  // k = v: a graph attribute
  // The fuzzer's input: the same error through any buffer, at the '->' that has no target.
  const std::string fuzzed = "digraph G {\nen\xe4 \n->";
  EXPECT_EQ(error_of(fuzzed), "t.dot:3: expected a task name after '->'");
  TempFile file(fuzzed, ".dot");
  for (std::size_t size : {16, 64}) {
    try {
      read_dot_file(file.path(), size);
      ADD_FAILURE() << "no error";
    } catch (const InputError& e) {
      EXPECT_EQ(e.reason(), "expected a task name after '->'");
      EXPECT_EQ(e.line(), 3u);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// SimGrid's example files (examples/cpp/dag-from-dot/ in SimGrid 3.32)

std::string simgrid_dot(const std::string& name) {
  return std::string(PELSIM_SHARED_DIR) + "/workloads/simgrid/dot/" + name;
}

TEST(DotReaderSimGrid, DagFromDotSimple) {
  const std::string path = simgrid_dot("dag-from-dot-simple.dot");
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " is absent";
  const TaskGraph g = read_dot_file(path);
  // The file names c1, c2, c3 in node statements, then root and end in edges: 5 tasks.
  EXPECT_EQ(names_of(g), (std::vector<std::string>{"c1", "c2", "c3", "root", "end"}));
  EXPECT_EQ(work_of(g, "c1"), 1e9);    // c1 [size="1e9"]
  EXPECT_EQ(work_of(g, "c2"), 5e9);    // c2 [size="5e9"]
  EXPECT_EQ(work_of(g, "c3"), 2e9);    // c3 [size="2e9"]
  EXPECT_EQ(work_of(g, "root"), 0.0);  // no node statement
  EXPECT_EQ(work_of(g, "end"), 0.0);
  // The five edge statements; c2->c3 [size="-1."] is a pure precedence.
  EXPECT_EQ(edges_of(g), sorted({{"root", "c1", 2e8},
                                 {"root", "c2", 1e8},
                                 {"c1", "c3", 5e8},
                                 {"c2", "c3", 0},
                                 {"c3", "end", 2e8}}));
}

TEST(DotReaderSimGrid, DagFromDot) {
  const std::string path = simgrid_dot("dag-from-dot.dot");
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " is absent";
  const TaskGraph g = read_dot_file(path);
  // Node statements end, 0..9 (11 tasks), then `root` first named by `root->5`: 12 tasks.
  ASSERT_EQ(g.task_count(), 12u);
  EXPECT_EQ(g.name(0), "end");
  EXPECT_EQ(g.name(1), "0");
  EXPECT_EQ(g.name(10), "9");
  EXPECT_EQ(g.name(11), "root");
  EXPECT_EQ(g.line_of(11), 23u);                // root->5 is on line 23
  EXPECT_EQ(work_of(g, "end"), 10000000129.0);  // end [size="10000000129"]
  EXPECT_EQ(work_of(g, "3"), 10000000230.0);    // 3 [size="10000000230"]
  EXPECT_EQ(work_of(g, "9"), 10000000079.0);    // 9 [size="10000000079"]
  EXPECT_EQ(work_of(g, "root"), 0.0);
  // 11 edge statements; 3->4 [size="-1"], 5->6 [size="0.0"] and 8->9 (no size) carry 0 bytes.
  // SimGrid's loader then makes root precede the other source, 0, and end follow the other
  // sink, 9 (its reference output, s4u-dag-from-dot.tesh, runs end after 9: 100.05 -> 110.05).
  EXPECT_EQ(edges_of(g), sorted({{"root", "0", 0},
                                 {"9", "end", 0},
                                 {"0", "1", 10001},
                                 {"1", "2", 10004},
                                 {"2", "3", 10001},
                                 {"3", "4", 0},
                                 {"4", "5", 10029},
                                 {"5", "6", 0},
                                 {"6", "7", 10004},
                                 {"7", "8", 10000},
                                 {"8", "9", 0},
                                 {"7", "end", 10014000},
                                 {"root", "5", 10014000}}));
  // So the longest path is 0 -> ... -> 9 -> end: the sum of their sizes, 11 x 1e10 + 1250
  // flops (129 + 131 + 121 + 230 + 4 + 46 + 91 + 40 + 250 + 79 + 129), 110.00000125 s at
  // 1 Gflop/s (without the link: 0 -> ... -> 9, 100.000001121 s).
  const Platform p(std::vector<double>(12, 1e9));
  const NetworkModel net = NetworkModel::ideal();
  EXPECT_DOUBLE_EQ(critical_path_time(Problem(g, p, net)), 110.00000125);
}

// The convention on small graphs, as SimGrid's loader links them (src/dag/loaders.cpp: root
// first, then every other task in order): sources but end after root, every sink (root too,
// when it has no successor in the file) before end; a graph of root and end alone gets one
// edge; a file without root or end gets nothing.
TEST(DotReaderSimGrid, RootAndEndLinkTheSourcesAndSinks) {
  const TaskGraph g =
      read_dot_text("digraph { root; a; b -> c; d; end; a -> end [size=5]; }", "t.dot");
  EXPECT_EQ(edges_of(g), sorted({{"b", "c", 0},
                                 {"a", "end", 5},
                                 {"root", "a", 0},
                                 {"root", "b", 0},
                                 {"root", "d", 0},
                                 {"root", "end", 0},
                                 {"c", "end", 0},
                                 {"d", "end", 0}}));
  EXPECT_EQ(edges_of(read_dot_text("digraph { root; end; }", "t.dot")),
            sorted({{"root", "end", 0}}));
  EXPECT_EQ(edges_of(read_dot_text("digraph { a -> b; end; }", "t.dot")),
            sorted({{"a", "b", 0}, {"b", "end", 0}}));
  EXPECT_EQ(edges_of(read_dot_text("digraph { a -> b; }", "t.dot")), sorted({{"a", "b", 0}}));
  // A task after root closes a cycle through root -> a (as in SimGrid, which also finds a
  // cycle): the message says where the edge it never wrote comes from.
  try {
    read_dot_text("digraph { a -> root; b; }", "t.dot");
    FAIL() << "no error";
  } catch (const CycleError& e) {
    EXPECT_NE(e.reason().find("cycle"), std::string::npos) << e.reason();
    EXPECT_NE(e.reason().find("SimGrid's convention adds from root"), std::string::npos);
  }
}

TEST(DotReaderSimGrid, DagWithCycleIsRejected) {
  const std::string path = simgrid_dot("dag_with_cycle.dot");
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " is absent";
  // 6->1 closes 1->2->3->4->5->6. Task "1" (id 2, after end and 0) is the lowest id on the
  // cycle, first named by its node statement on line 4.
  try {
    read_dot_file(path);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), path +
                                         ":4: the graph has a cycle through task '1': "
                                         "'1' -> '2' -> '3' -> '4' -> '5' -> '6' -> '1'");
  }
}

}  // namespace
}  // namespace pelsim::models
