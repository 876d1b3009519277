#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "pelsim/experiment/graph_loader.hpp"
#include "pelsim/experiment/graph_writers.hpp"
#include "pelsim/models/error.hpp"
#include "pelsim/models/generators.hpp"
#include "test_files.hpp"

namespace pelsim::experiment {
namespace {

using testing::fresh_dir;
namespace m = pelsim::models;

// (from, to) -> bytes, by task names: the graph's edges independent of ids.
// Every edge as (source, target, bytes), sorted: parallel edges (a DAX's files) count each.
std::vector<std::tuple<std::string, std::string, double>> edges_of(const m::TaskGraph& g) {
  std::vector<std::tuple<std::string, std::string, double>> out;
  for (m::TaskId t = 0; t < g.task_count(); ++t)
    for (m::EdgeId e = g.out_begin(t); e < g.out_end(t); ++e)
      out.emplace_back(std::string(g.name(t)), std::string(g.name(g.target(e))), g.bytes(e));
  std::sort(out.begin(), out.end());
  return out;
}

void expect_same(const m::TaskGraph& a, const m::TaskGraph& b, double work_tolerance) {
  ASSERT_EQ(a.task_count(), b.task_count());
  ASSERT_EQ(a.edge_count(), b.edge_count());
  for (m::TaskId t = 0; t < a.task_count(); ++t) {
    const auto id = b.find(a.name(t));
    ASSERT_TRUE(id.has_value()) << a.name(t);
    if (work_tolerance == 0)
      EXPECT_EQ(a.work(t), b.work(*id)) << a.name(t);
    else
      EXPECT_NEAR(a.work(t), b.work(*id), work_tolerance * std::max(1.0, a.work(t))) << a.name(t);
  }
  EXPECT_EQ(edges_of(a), edges_of(b));
}

class RoundTrip : public ::testing::TestWithParam<std::tuple<const char*, double>> {};

TEST_P(RoundTrip, ARandomDagComesBackTheSame) {
  // A layered DAG with random work and bytes (seeded): every value must survive the trip.
  m::GeneratorParams params;
  params.values = {{"tasks", 300}, {"outdeg", 2}};
  params.seed = 7;
  const m::TaskGraph original = m::generate("layered", params);
  const auto [extension, tolerance] = GetParam();
  const std::string path =
      (fresh_dir("convert_roundtrip") / (std::string("g.") + extension)).string();
  write_graph(path, original, output_format_for(path));
  expect_same(original, load_graph(path), tolerance);
}

// DOT and YAML store flops exactly; WfFormat stores seconds (work / 1e9), exact to ~1 ulp.
INSTANTIATE_TEST_SUITE_P(Formats, RoundTrip,
                         ::testing::Values(std::make_tuple("dot", 0.0),
                                           std::make_tuple("yaml", 0.0),
                                           std::make_tuple("json", 1e-15)));

TEST(Convert, ARealWorkflowSurvivesWfFormatToYamlAndBack) {
  const std::string montage = std::string(PELSIM_SCENARIOS_DIR) +
                              "/workloads/wfcommons/montage-chameleon-2mass-005d-001.json";
  const m::TaskGraph original = load_graph(montage);
  const auto dir = fresh_dir("convert_montage");
  write_graph((dir / "m.yaml").string(), original, "yaml");
  const m::TaskGraph via_yaml = load_graph((dir / "m.yaml").string());
  expect_same(original, via_yaml, 0);
  write_graph((dir / "m.json").string(), via_yaml, "wfformat");
  expect_same(original, load_graph((dir / "m.json").string()), 1e-15);
  // Its 114 parent/child pairs pass 174 files of data: one edge each, every one written as a
  // file of its own and read back as an edge (wfcommons_reader_test.cpp's table).
  EXPECT_EQ(original.edge_count(), 174u);
  // The same for a DAX (Montage_100: 447 files between 233 pairs, dax_reader_test.cpp).
  const m::TaskGraph dax =
      load_graph(std::string(PELSIM_SCENARIOS_DIR) + "/workloads/pegasus-dax/Montage_100.xml");
  EXPECT_EQ(dax.edge_count(), 447u);
  write_graph((dir / "dax.json").string(), dax, "wfformat");
  expect_same(dax, load_graph((dir / "dax.json").string()), 1e-15);
}

// Locks survive DOT and YAML; WfFormat has no place for them and refuses the graph.
TEST(Convert, LocksSurviveDotAndYamlAndWfFormatRefusesThem) {
  m::TaskGraphBuilder b("locks");
  b.set_lock(b.intern_task("a", 1e9), "db");
  b.intern_task("b", 2e9);
  b.add_edge(0, 1, 5.0);
  const m::TaskGraph g = b.build();
  for (const char* extension : {"dot", "yaml"}) {
    const std::string path =
        (fresh_dir("convert_locks") / (std::string("g.") + extension)).string();
    write_graph(path, g, output_format_for(path));
    const m::TaskGraph back = load_graph(path);
    ASSERT_TRUE(back.has_locks()) << extension;
    EXPECT_EQ(back.lock_name(back.lock_of(0)), "db") << extension;
    EXPECT_EQ(back.lock_of(1), m::TaskGraph::kNoLock) << extension;
  }
  const std::string json = (fresh_dir("convert_locks") / "g.json").string();
  EXPECT_THROW(write_graph(json, g, "wfformat"), m::InputError);
}

// Per-core costs (unrelated machines) survive DOT and YAML, to the last bit (0.1 s is no
// round number in binary); WfFormat has no place for them. A YAML cost takes a unit (400ms),
// and every task needs one per core: a task with two where the first has three is refused at
// its line.
TEST(Convert, CostsSurviveDotAndYamlAndWfFormatRefusesThem) {
  m::TaskGraphBuilder b("costs");
  b.set_costs(b.intern_task("a", 1e9), {0.1, 2, 3.5});
  b.set_costs(b.intern_task("b", 2e9), {1, 0.25, 1e-3});
  b.add_edge(0, 1, 5.0);
  const m::TaskGraph g = b.build();
  for (const char* extension : {"dot", "yaml"}) {
    const std::string path =
        (fresh_dir("convert_costs") / (std::string("g.") + extension)).string();
    write_graph(path, g, output_format_for(path));
    const m::TaskGraph back = load_graph(path);
    ASSERT_EQ(back.cost_columns(), 3u) << extension;
    for (m::TaskId t = 0; t < 2; ++t)
      for (m::CoreId c = 0; c < 3; ++c) EXPECT_EQ(back.cost(t, c), g.cost(t, c)) << extension;
  }
  const std::string json = (fresh_dir("convert_costs") / "g.json").string();
  EXPECT_THROW(write_graph(json, g, "wfformat"), m::InputError);

  const auto dir = fresh_dir("convert_costs");
  const std::string units = testing::write_file(
      dir, "u.yaml", "tasks:\n  - {name: a, costs: [400ms, 2s]}\n  - {name: b, costs: [1, 2]}\n");
  EXPECT_EQ(load_graph(units).cost(0, 0), 0.4);
  const std::string short_one = testing::write_file(
      dir, "s.yaml", "tasks:\n  - {name: a, costs: [1, 2, 3]}\n  - {name: b, costs: [1, 2]}\n");
  try {
    load_graph(short_one);
    ADD_FAILURE() << "costs of different lengths read";
  } catch (const m::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("s.yaml:3: task 'b' has 2 costs, but task 'a' has 3"),
              std::string::npos)
        << e.what();
  }
}

TEST(Convert, AStreamGetsTheBytesOfTheFile) {
  // `pelsim convert IN -` writes to standard output through the stream overload: it must
  // write exactly what the file overload writes, in every format, and refuse the same graphs.
  const m::TaskGraph g = m::generate("chain", {});
  const auto dir = fresh_dir("convert_stream");
  for (const std::string format : {"dot", "yaml", "wfformat"}) {
    const std::string path = (dir / ("g." + format)).string();
    write_graph(path, g, format);
    std::ostringstream os;
    write_graph(os, g, format);
    EXPECT_EQ(os.str(), testing::slurp(path)) << format;
  }
  std::ostringstream os;
  EXPECT_THROW(write_graph(os, g, "png"), m::InputError);
  EXPECT_EQ(os.str(), "");
}

TEST(LoadGraph, AReferenceSpeedReadsRuntimesOfEveryRuntimeFormat) {
  const auto dir = fresh_dir("load_reference_speed");
  // STG: 2 real tasks of cost 3 and 4 between the 0-cost dummies "0" and "3".
  const std::string stg =
      testing::write_file(dir, "g.stg", "2\n0 0 0\n1 3 1 0\n2 4 1 1\n3 0 1 2\n");
  auto works = [](const m::TaskGraph& g) {
    std::vector<double> w;
    for (m::TaskId t = 0; t < g.task_count(); ++t) w.push_back(g.work(t));
    return w;
  };
  EXPECT_EQ(works(load_graph(stg)), (std::vector<double>{0, 3e9, 4e9, 0}));  // cost * 1e9
  EXPECT_EQ(works(load_graph(stg, "auto", 2e9)), (std::vector<double>{0, 6e9, 8e9, 0}));
  // DAX: one job of runtime 2.5 s.
  const std::string dax =
      testing::write_file(dir, "g.dax",
                          "<adag xmlns=\"http://pegasus.isi.edu/schema/DAX\" version=\"2.1\">\n"
                          "<job id=\"A\" name=\"a\" runtime=\"2.5\"/>\n</adag>\n");
  EXPECT_EQ(works(load_graph(dax)), (std::vector<double>{2.5e9}));               // 2.5 s * 1e9
  EXPECT_EQ(works(load_graph(dax, "auto", 3e9)), (std::vector<double>{7.5e9}));  // 2.5 s * 3e9
  // WfCommons: tests/data/wfcommons/two-machines.json, a 4 s at 1000 MHz, b 3 s at 2000 MHz,
  // c 1 s on no machine.
  const std::string wf = std::string(PELSIM_TEST_DATA) + "/wfcommons/two-machines.json";
  EXPECT_EQ(works(load_graph(wf)), (std::vector<double>{4e9, 6e9, 1e9}));
  EXPECT_EQ(works(load_graph(wf, "auto", 1e9)), (std::vector<double>{4e9, 3e9, 1e9}));
  // Work already in flops takes no reference speed; a negative one is refused.
  const std::string dot = testing::write_file(dir, "g.dot", "digraph { a [size=\"5\"]; }\n");
  EXPECT_EQ(works(load_graph(dot)), (std::vector<double>{5}));
  EXPECT_THROW(load_graph(dot, "auto", 1e9), m::InputError);
  EXPECT_THROW(load_graph(stg, "auto", -1), m::InputError);
}

TEST(Convert, YamlGraphErrorsHaveLineAndColumn) {
  const auto dir = fresh_dir("convert_errors");
  const std::string path = testing::write_file(dir, "bad.yaml", "tasks:\n  - {name: a, wrk: 1}\n");
  try {
    load_graph(path);
    FAIL();
  } catch (const m::InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              path + ":2:15: unknown key 'wrk' in a task (allowed: name, work, type, lock, costs)");
  }
  EXPECT_THROW(output_format_for("g.txt"), m::InputError);
}

}  // namespace
}  // namespace pelsim::experiment
