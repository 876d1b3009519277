// Core types in scenarios (platform.core_types), on the command line (--core-types,
// --type-factors, parse_core_type_options) and in `pelsim simulate`; task types through the
// YAML graph and the writers of `pelsim convert`.
#include "pelsim/experiment/core_types.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "pelsim/experiment/graph_loader.hpp"
#include "pelsim/experiment/graph_writers.hpp"
#include "pelsim/experiment/scenario.hpp"
#include "pelsim/experiment/simulate.hpp"
#include "pelsim/models/error.hpp"
#include "test_files.hpp"

namespace pelsim::experiment {
namespace {

using testing::fresh_dir;
using testing::slurp;
using testing::write_file;

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const models::InputError& e) {
    return e.what();
  }
  return "no error";
}

// Two gemm tasks of 10 Gflop and one io task of 2 Gflop, independent (lines 1-5).
const char* kTyped = R"(workload:
  tasks:
    - {name: g1, work: 10Gflop, type: gemm}
    - {name: g2, work: 10Gflop, type: gemm}
    - {name: s, work: 2Gflop, type: io}
)";

// Two cpus at 1 Gflop/s and a gpu at 2 Gflop/s running gemm 10x and io 0.5x (lines 6-9).
const char* kCpuGpu = R"(platform:
  core_types:
    - {name: cpu, count: 2, speed: 1GHz}
    - {name: gpu, count: 1, speed: 2GHz, factors: {gemm: 10, io: 0.5}}
)";

std::string scenario_error(const std::string& yaml) {
  const auto dir = fresh_dir("core_types_errors");
  const std::string path = write_file(dir, "s.yaml", yaml);
  const std::string e = error_of([&] { load_scenario(path); });
  return e.rfind(path, 0) == 0 ? e.substr(path.size()) : e;
}

TEST(CoreTypeOptions, ParsesTypesCountsSpeedsAndFactors) {
  const std::vector<CoreTypeSpec> t =
      parse_core_type_options("cpu:48, gpu:16@50GHz", "gpu:gemm=10,gpu:io=0.5");
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].name, "cpu");
  EXPECT_EQ(t[0].count, 48u);
  EXPECT_EQ(t[0].speed, 0.0);  // the platform's core speed
  EXPECT_EQ(t[1].count, 16u);
  EXPECT_EQ(t[1].speed, 50e9);
  EXPECT_EQ(t[1].factors, (std::vector<std::pair<std::string, double>>{{"gemm", 10}, {"io", 0.5}}));
  EXPECT_EQ(core_type_pattern_length(t), 64u);
  // Factors alone apply to the one core type, cpu.
  const std::vector<CoreTypeSpec> cpu = parse_core_type_options("", "cpu:io=0.5");
  ASSERT_EQ(cpu.size(), 1u);
  EXPECT_EQ(cpu[0].name, "cpu");
  EXPECT_TRUE(parse_core_type_options("", "").empty());
}

TEST(CoreTypeOptions, ErrorsNameTheOptionAndTheKnownTypes) {
  EXPECT_EQ(error_of([] { parse_core_type_options("cpu:48,gpu:16", "tpu:gemm=2"); }),
            "--type-factors: unknown core type 'tpu' (known: cpu, gpu)");
  EXPECT_EQ(error_of([] { parse_core_type_options("", "gpu:gemm=2"); }),
            "--type-factors: unknown core type 'gpu' (known: cpu)");
  EXPECT_EQ(error_of([] { parse_core_type_options("cpu48", ""); }),
            "--core-types: 'cpu48' is not NAME:COUNT[@SPEED] (e.g. gpu:16@50GHz)");
  EXPECT_EQ(error_of([] { parse_core_type_options("cpu:0", ""); }),
            "--core-types: 'cpu:0': the count '0' is not a whole number from 1 to 16777216");
  EXPECT_EQ(error_of([] { parse_core_type_options("cpu:1,cpu:2", ""); }),
            "--core-types: core type 'cpu' is given twice");
  EXPECT_EQ(error_of([] { parse_core_type_options("gpu:1@fast", ""); }).substr(0, 39),
            "--core-types: 'gpu:1@fast': bad speed '");
  EXPECT_EQ(error_of([] { parse_core_type_options("", "cpu:gemm"); }),
            "--type-factors: 'cpu:gemm' is not CORE_TYPE:TASK_TYPE=FACTOR (e.g. gpu:gemm=10)");
  EXPECT_EQ(error_of([] { parse_core_type_options("", "cpu:gemm=-1"); }),
            "--type-factors: 'cpu:gemm=-1': the factor '-1' is not a number > 0");
  EXPECT_EQ(error_of([] { parse_core_type_options("", "cpu:a=2,cpu:a=3"); }),
            "--type-factors: core type 'cpu' gives task type 'a' two factors");
}

TEST(CoreTypeOptions, PlatformRepeatsThePatternOfCounts) {
  // cpu x3 then gpu x1 (at 4 Gflop/s), repeated over 8 cores; cpus take speeds[i % 2].
  const std::vector<CoreTypeSpec> t = {{"cpu", 3, 0, {}}, {"gpu", 1, 4e9, {{"gemm", 2}}}};
  const models::Platform p = make_platform(8, {1e9, 2e9}, t);
  std::vector<int> types;
  for (models::CoreId c = 0; c < 8; ++c) types.push_back(p.core_type(c));
  EXPECT_EQ(types, (std::vector<int>{0, 0, 0, 1, 0, 0, 0, 1}));
  EXPECT_EQ(p.speeds(), (std::vector<double>{1e9, 2e9, 1e9, 4e9, 1e9, 2e9, 1e9, 4e9}));
  EXPECT_EQ(p.core_types()[1].name, "gpu");
  // Without types: every core a cpu, speeds cycled.
  const models::Platform plain = make_platform(3, {1e9, 2e9}, {});
  EXPECT_EQ(plain.core_type_count(), 1u);
  EXPECT_EQ(plain.speeds(), (std::vector<double>{1e9, 2e9, 1e9}));
}

TEST(CoreTypeScenario, CountsGiveTheCoresAndTheRunUsesTheFactors) {
  const auto dir = fresh_dir("core_types_scenario");
  const std::string path =
      write_file(dir, "s.yaml", std::string(kTyped) + kCpuGpu + "policy: heft\n");
  const Scenario s = load_scenario(path);
  ASSERT_EQ(s.points.size(), 2u);  // the run and its 1-core reference
  const RunConfig& c = s.points[0].config;
  EXPECT_EQ(c.cores, 3u);  // 2 + 1
  ASSERT_EQ(c.core_types.size(), 2u);
  EXPECT_EQ(c.core_types[1].speed, 2e9);
  EXPECT_EQ(c.core_types[1].factors,
            (std::vector<std::pair<std::string, double>>{{"gemm", 10}, {"io", 0.5}}));
  // gemm: 10 s on a cpu, 10e9 / (2e9 x 10) = 0.5 s on the gpu; io: 2 s on a cpu,
  // 2e9 / (2e9 x 0.5) = 2 s on the gpu. HEFT (rank: mean durations, gemm (10+10+0.5)/3 first)
  // puts g1 and g2 on the gpu (0.5 then 1.0 s) and s on a cpu (2 s, against 1 + 2 on the gpu).
  const RunMeasures m = run_point(c);
  EXPECT_DOUBLE_EQ(m.makespan, 2.0);
  // Bound: the longest shortest duration, s's 2 s; the per-type spread is smaller (gemm
  // 20e9 / (1e9 + 1e9 + 20e9) = 0.91 s, io 2e9 / (1e9 + 1e9 + 1e9) = 0.67 s, area 3 / 3 = 1 s).
  EXPECT_DOUBLE_EQ(m.lower_bound, 2.0);
  EXPECT_DOUBLE_EQ(m.utilisation, 3.0 / (3 * 2.0));  // busy 0.5 + 0.5 + 2 over 3 cores x 2 s
  // The 1-core reference is core 0, a cpu: 10 + 10 + 2 = 22 s.
  EXPECT_DOUBLE_EQ(run_point(s.points[1].config).makespan, 22.0);
}

// Each core type may draw its own power (a gpu idles and computes at other watts than a cpu).
// The HEFT run above: one cpu computes 2 s (s), the other none, the gpu 1 s (g1, g2), makespan
// 2 s: cpus 2 x 50 W + 2 x 10 W = 120 J, gpu 1 x 250 W + 1 x 30 W = 280 J, 400 J in all.
TEST(CoreTypeScenario, EachTypeDrawsItsOwnPower) {
  const auto dir = fresh_dir("core_types_power");
  const std::string platform = R"(platform:
  core_types:
    - {name: cpu, count: 2, speed: 1GHz, power: {idle: 10W, busy: 50W}}
    - {name: gpu, count: 1, speed: 2GHz, factors: {gemm: 10, io: 0.5}, power: {idle: 30W, busy: 250W}}
)";
  const Scenario s =
      load_scenario(write_file(dir, "s.yaml", std::string(kTyped) + platform + "policy: heft\n"));
  const RunMeasures m = run_point(s.points[0].config);
  EXPECT_DOUBLE_EQ(m.makespan, 2.0);
  EXPECT_DOUBLE_EQ(m.energy_j, 400.0);
  // A type without power takes platform.power (here 5 W / 100 W for the cpus: 2 x 100 + 2 x 5
  // = 210 J, with the gpu's 280 J); without platform.power it is an error at the type.
  const std::string half = R"(platform:
  power: {idle: 5W, busy: 100W}
  core_types:
    - {name: cpu, count: 2, speed: 1GHz}
    - {name: gpu, count: 1, speed: 2GHz, factors: {gemm: 10, io: 0.5}, power: {idle: 30W, busy: 250W}}
)";
  const Scenario mixed =
      load_scenario(write_file(dir, "m.yaml", std::string(kTyped) + half + "policy: heft\n"));
  EXPECT_DOUBLE_EQ(run_point(mixed.points[0].config).energy_j, 490.0);
  std::string without = half;
  without.erase(without.find("  power: {idle: 5W, busy: 100W}\n"), 32);
  EXPECT_EQ(scenario_error(std::string(kTyped) + without + "policy: heft\n"),
            ":8:7: core type 'cpu' has no power while 'gpu' has: give it one, or give "
            "platform.power for the others");
}

TEST(CoreTypeScenario, SweptCoresRepeatThePattern) {
  const auto dir = fresh_dir("core_types_sweep");
  const std::string path = write_file(
      dir, "s.yaml", std::string(kTyped) + kCpuGpu + "sweep: {platform.cores: [1, 6]}\n");
  const Scenario s = load_scenario(path);
  ASSERT_EQ(s.points.size(), 2u);
  EXPECT_EQ(s.points[1].config.cores, 6u);  // cpu, cpu, gpu, cpu, cpu, gpu
  const models::Platform p =
      make_platform(6, s.points[1].config.speeds, s.points[1].config.core_types);
  EXPECT_EQ(p.core_type(2), 1);
  EXPECT_EQ(p.core_type(3), 0);
  EXPECT_EQ(p.core_type(5), 1);
}

TEST(CoreTypeScenario, ErrorsAtTheirLine) {
  // An unknown task type in the factors lists the workload's types, at the key.
  EXPECT_EQ(scenario_error(std::string(kTyped) + R"(platform:
  core_types:
    - {name: gpu, count: 1, factors: {matmul: 10}}
)"),
            ":8:39: task type 'matmul' is not a task type of the workload (its task types: "
            "gemm, io)");
  EXPECT_EQ(scenario_error(R"(workload: {generator: chain, params: {n: 2}}
platform:
  core_types: [{name: gpu, count: 1, factors: {gemm: 10}}]
)"),
            ":3:48: task type 'gemm' is not a task type of the workload (its tasks have no type)");
  // A one-tile Cholesky is a single potrf: the generator names gemm, but no task has it.
  EXPECT_EQ(scenario_error(R"(workload: {generator: cholesky, params: {tiles: 1}}
platform:
  core_types: [{name: gpu, count: 1, factors: {gemm: 10}}]
)"),
            ":3:48: task type 'gemm' is not a task type of the workload (its task types: potrf)");
  EXPECT_EQ(scenario_error(std::string(kTyped) + R"(platform:
  cores: 4
  core_types: [{name: cpu, count: 2}, {name: gpu, count: 1}]
)"),
            ":8:15: the core types' counts add up to 3 cores but the platform has 4 (leave out "
            "platform.cores, or sweep it: then core i has the type at i mod 3)");
  EXPECT_EQ(
      scenario_error(std::string(kTyped) +
                     "platform:\n  core_types: [{name: cpu, count: 1}, {name: cpu, count: 1}]\n"),
      ":7:46: core type 'cpu' is given twice");
  EXPECT_EQ(
      scenario_error(std::string(kTyped) +
                     "platform:\n  core_types: [{name: gpu, count: 1, factors: {gemm: 0}}]\n"),
      ":7:54: the factor of task type 'gemm' must be a number > 0");
  EXPECT_EQ(scenario_error(std::string(kTyped) + "platform:\n  core_types: [{name: gpu}]\n"),
            ":7:16: core type 'gpu' needs a count");
  EXPECT_EQ(scenario_error(std::string(kTyped) +
                           "platform:\n  core_types: [{name: gpu, count: 1, sped: 2GHz}]\n")
                .substr(0, 33),
            ":7:38: unknown key 'sped' in a co");
  EXPECT_EQ(scenario_error(std::string(kTyped) + "platform:\n  core_types: gpu\n"),
            ":7:15: platform.core_types must be a list of {name, count, speed, factors}");
}

TEST(CoreTypeSimulate, CommandLineTypesAndFactors) {
  const auto dir = fresh_dir("core_types_simulate");
  const std::string graph =
      write_file(dir, "g.dot",
                 "digraph { g1 [size=10e9, type=gemm]; g2 [size=10e9, type=gemm]; "
                 "s [size=2e9, type=io]; }");
  SimulateRequest req;
  req.graph_path = graph;
  req.policy = "heft";
  req.core_types = "cpu:2,gpu:1@2GHz";
  req.type_factors = "gpu:gemm=10,gpu:io=0.5";
  // The same machine as the scenario test: g1, g2 on the gpu (0.5 s each), s on a cpu (2 s).
  const SimulateReport r = simulate(req);
  EXPECT_EQ(r.cores, 3u);
  EXPECT_DOUBLE_EQ(r.makespan, 2.0);
  ASSERT_EQ(r.core_type_utilisation.size(), 2u);
  EXPECT_EQ(r.core_type_utilisation[0].first, "cpu");
  EXPECT_DOUBLE_EQ(r.core_type_utilisation[0].second, 0.5);  // busy 2 of 2 cpus x 2 s
  EXPECT_DOUBLE_EQ(r.core_type_utilisation[1].second, 0.5);  // busy 1 of 1 gpu x 2 s
  EXPECT_NE(r.to_text().find("utilisation   50.0 % (cpu 50.0 %, gpu 50.0 %)"), std::string::npos);
  EXPECT_NE(r.to_json().find("\"utilisation_gpu\":0.5"), std::string::npos);

  SimulateRequest wrong = req;
  wrong.cores = 4;
  EXPECT_EQ(error_of([&] { simulate(wrong); }),
            "--core-types: the counts add up to 3 cores, not 4");
  wrong = req;
  wrong.type_factors = "gpu:matmul=10";
  EXPECT_EQ(error_of([&] { simulate(wrong); }),
            graph +
                ": core type 'gpu' has a factor for task type 'matmul', which no task has "
                "(the task types: gemm, io)");
}

TEST(TaskTypeFiles, YamlGraphTypesAndTheWritersKeepThem) {
  const auto dir = fresh_dir("task_type_files");
  const std::string yaml = write_file(dir, "g.yaml", R"(tasks:
  - {name: a, work: 1Gflop, type: gemm}
  - {name: b, work: 2Gflop}
edges:
  - {from: a, to: b, bytes: 8}
)");
  const models::TaskGraph g = load_graph(yaml, "auto");
  EXPECT_EQ(g.task_type_name_of(0), "gemm");
  EXPECT_EQ(g.task_type_name_of(1), "");
  for (const std::string format : {"yaml", "wfformat", "dot"}) {
    const std::string out = (dir / ("out." + format)).string();
    write_graph(out, g, format);
    const models::TaskGraph back = load_graph(out, format == "wfformat" ? "wfcommons"
                                                   : format == "dot"    ? "dot"
                                                                        : "auto");
    EXPECT_EQ(back.task_type_name_of(0), "gemm") << format;
    // WfCommons gives an untyped task the type of its name ("b"); the others keep none.
    EXPECT_EQ(back.task_type_name_of(1), format == "wfformat" ? "b" : "") << format;
  }
  EXPECT_NE(slurp(dir / "out.yaml").find("- {name: \"a\", work: 1000000000, type: \"gemm\"}"),
            std::string::npos);
  EXPECT_NE(slurp(dir / "out.wfformat").find("\"category\": \"gemm\""), std::string::npos);
}

}  // namespace
}  // namespace pelsim::experiment
