#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <tuple>

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
std::map<std::pair<std::string, std::string>, double> edges_of(const m::TaskGraph& g) {
  std::map<std::pair<std::string, std::string>, double> out;
  for (m::TaskId t = 0; t < g.task_count(); ++t)
    for (m::EdgeId e = g.out_begin(t); e < g.out_end(t); ++e)
      out[{std::string(g.name(t)), std::string(g.name(g.target(e)))}] = g.bytes(e);
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
  const std::string path = (fresh_dir("convert_roundtrip") / (std::string("g.") + extension)).string();
  write_graph(path, original, output_format_for(path));
  expect_same(original, load_graph(path), tolerance);
}

// DOT and YAML store flops exactly; WfFormat stores seconds (work / 1e9), exact to ~1 ulp.
INSTANTIATE_TEST_SUITE_P(Formats, RoundTrip,
                         ::testing::Values(std::make_tuple("dot", 0.0), std::make_tuple("yaml", 0.0),
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
}

TEST(Convert, YamlGraphErrorsHaveLineAndColumn) {
  const auto dir = fresh_dir("convert_errors");
  const std::string path = testing::write_file(dir, "bad.yaml", "tasks:\n  - {name: a, wrk: 1}\n");
  try {
    load_graph(path);
    FAIL();
  } catch (const m::InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              path + ":2:15: unknown key 'wrk' in a task (allowed: name, work, type)");
  }
  EXPECT_THROW(output_format_for("g.txt"), m::InputError);
}

}  // namespace
}  // namespace pelsim::experiment
