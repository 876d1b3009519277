// Core types and task types (models/include/pelsim/models/{platform,problem,task_graph}.hpp):
// execution times with speed factors, the lower bounds with factors, HEFT choosing a core by
// factor, every policy on a typed platform, and the task types the readers give.
#include <gtest/gtest.h>

#include <functional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "graph_inspection.hpp"
#include "pelsim/models/dax_reader.hpp"
#include "pelsim/models/dot_reader.hpp"
#include "pelsim/models/dot_writer.hpp"
#include "pelsim/models/error.hpp"
#include "pelsim/models/generators.hpp"
#include "pelsim/models/graph_metrics.hpp"
#include "pelsim/models/policy.hpp"
#include "pelsim/models/problem.hpp"
#include "pelsim/models/trace_recorder.hpp"
#include "pelsim/models/wfcommons_reader.hpp"
#include "run_helpers.hpp"

namespace pelsim::models {
namespace {

using testing::TempFile;

// Tasks named t0.. with (work, type) each ("" = no type), and 0-byte edges.
TaskGraph typed_graph(const std::vector<std::pair<double, std::string>>& tasks,
                      const std::vector<std::pair<TaskId, TaskId>>& edges = {}) {
  TaskGraphBuilder b("typed");
  for (const auto& [work, type] : tasks) b.set_type(b.add_task(work), type);
  for (const auto& [from, to] : edges) b.add_edge(from, to, 0.0);
  return b.build();
}

// Core 0 a cpu at 1 Gflop/s, core 1 a gpu at 2 Gflop/s that runs gemm 10x and io 0.5x.
Platform cpu_gpu() {
  return Platform({1e9, 2e9}, {CoreType{"cpu", {}}, CoreType{"gpu", {{"gemm", 10}, {"io", 0.5}}}},
                  {0, 1});
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(TaskTypes, BuilderInternsTypesAndUntypedTasksHaveTypeZero) {
  const TaskGraph g = typed_graph({{1, "gemm"}, {1, ""}, {1, "io"}, {1, "gemm"}});
  ASSERT_TRUE(g.has_task_types());
  EXPECT_EQ(g.task_type_count(), 3u);  // "", gemm, io
  EXPECT_EQ(g.task_type(0), g.task_type(3));
  EXPECT_EQ(g.task_type(1), 0);
  EXPECT_EQ(g.task_type_name_of(0), "gemm");
  EXPECT_EQ(g.task_type_name_of(1), "");
  EXPECT_EQ(g.task_type_name_of(2), "io");
  EXPECT_EQ(g.find_task_type("io"), std::optional<TaskTypeId>(2));
  EXPECT_FALSE(g.find_task_type("matmul"));

  const TaskGraph untyped = typed_graph({{1, ""}, {2, ""}});
  EXPECT_FALSE(untyped.has_task_types());
  EXPECT_EQ(untyped.task_type_count(), 1u);
  EXPECT_EQ(untyped.task_type_data(), nullptr);
}

TEST(TaskTypes, TypeFromNameDropsTheTrailingNumber) {
  EXPECT_EQ(task_type_from_name("individuals_ID0000042"), "individuals");
  EXPECT_EQ(task_type_from_name("mProjectPP_12"), "mProjectPP");
  EXPECT_EQ(task_type_from_name("t17"), "t");
  EXPECT_EQ(task_type_from_name("fft2d"), "fft2d");  // ends with a letter: kept whole
  EXPECT_EQ(task_type_from_name("split-3.1"), "split");
  EXPECT_EQ(task_type_from_name("42"), "task");
}

TEST(CoreTypes, PlatformDefaultsToOneCpuType) {
  const Platform p = Platform::homogeneous(3, 1e9);
  EXPECT_EQ(p.core_type_count(), 1u);
  EXPECT_EQ(p.core_types()[0].name, "cpu");
  EXPECT_EQ(p.core_type(2), 0);
  EXPECT_FALSE(p.has_factors());
  const Platform typed = cpu_gpu();
  EXPECT_TRUE(typed.has_factors());
  EXPECT_EQ(typed.find_core_type("gpu"), 1u);
  EXPECT_EQ(typed.find_core_type("tpu"), 2u);  // none: core_type_count()
  EXPECT_EQ(typed.core_type_list(), "cpu, gpu");
}

TEST(CoreTypes, PlatformRejectsBadTypes) {
  using CT = CoreType;
  EXPECT_NE(error_of([] {
              Platform({1, 1}, {CT{"cpu", {}}, CT{"cpu", {}}}, {0, 1});
            }).find("core type 'cpu' is given twice"),
            std::string::npos);
  EXPECT_NE(error_of([] {
              Platform({1}, {CT{"gpu", {{"gemm", 0}}}}, {0});
            }).find("the factor of task type 'gemm' is 0.000000 (need a finite number > 0)"),
            std::string::npos);
  EXPECT_NE(error_of([] {
              Platform({1}, {CT{"gpu", {{"a", 2}, {"a", 3}}}}, {0});
            }).find("gives task type 'a' two factors"),
            std::string::npos);
  EXPECT_NE(error_of([] {
              Platform({1}, {CT{"cpu", {}}}, {1});
            }).find("core 0 has core type index 1 but there are 1 core types"),
            std::string::npos);
  EXPECT_NE(error_of([] {
              Platform({1, 1}, {CT{"cpu", {}}}, {0});
            }).find("1 core types given for 2 cores"),
            std::string::npos);
  EXPECT_NE(error_of([] {
              Platform({1}, {CT{"", {}}}, {0});
            }).find("empty name"),
            std::string::npos);
}

TEST(CoreTypes, ExecutionTimeOnEachCoreType) {
  // t0 gemm 10 Gflop, t1 io 1 Gflop, t2 no type 2 Gflop.
  const TaskGraph g = typed_graph({{10e9, "gemm"}, {1e9, "io"}, {2e9, ""}});
  const Platform p = cpu_gpu();
  const NetworkModel net = NetworkModel::ideal();
  const Problem problem(g, p, net);
  ASSERT_TRUE(problem.has_type_factors());
  EXPECT_FALSE(problem.uniform_durations());
  EXPECT_DOUBLE_EQ(problem.duration(0, 0), 10.0);  // 10e9 / 1e9 (cpu: no factor)
  EXPECT_DOUBLE_EQ(problem.duration(0, 1), 0.5);   // 10e9 / (2e9 x 10)
  EXPECT_DOUBLE_EQ(problem.duration(1, 0), 1.0);   // 1e9 / 1e9
  EXPECT_DOUBLE_EQ(problem.duration(1, 1), 1.0);   // 1e9 / (2e9 x 0.5)
  EXPECT_DOUBLE_EQ(problem.duration(2, 0), 2.0);   // 2e9 / 1e9
  EXPECT_DOUBLE_EQ(problem.duration(2, 1), 1.0);   // 2e9 / 2e9 (no type: factor 1)
  EXPECT_DOUBLE_EQ(problem.shortest_duration(0), 0.5);
  EXPECT_DOUBLE_EQ(problem.shortest_duration(1), 1.0);  // a tie: 1 s on both
  EXPECT_DOUBLE_EQ(problem.shortest_duration(2), 1.0);
  EXPECT_DOUBLE_EQ(problem.factor(1, 1), 10.0);  // gpu x gemm (task type 1)
  EXPECT_DOUBLE_EQ(problem.factor(0, 1), 1.0);
}

TEST(CoreTypes, FactorsOfOneAndUntypedGraphsKeepTheSpeedOnlyPath) {
  const NetworkModel net = NetworkModel::ideal();
  // Factors that are all 1: durations are work / speed and uniform on equal speeds.
  const TaskGraph g = typed_graph({{4e9, "gemm"}});
  const Platform ones({2e9, 2e9}, {CoreType{"cpu", {}}, CoreType{"gpu", {{"gemm", 1}}}}, {0, 1});
  const Problem p1(g, ones, net);
  EXPECT_FALSE(p1.has_type_factors());
  EXPECT_TRUE(p1.uniform_durations());
  EXPECT_DOUBLE_EQ(p1.duration(0, 1), 2.0);  // 4e9 / 2e9
  // Equal speeds but a factor that applies: durations differ by core.
  const Platform fast_gemm({2e9, 2e9}, {CoreType{"cpu", {}}, CoreType{"gpu", {{"gemm", 4}}}},
                           {0, 1});
  const Problem p2(g, fast_gemm, net);
  EXPECT_FALSE(p2.uniform_durations());
  EXPECT_DOUBLE_EQ(p2.duration(0, 0), 2.0);  // 4e9 / 2e9
  EXPECT_DOUBLE_EQ(p2.duration(0, 1), 0.5);  // 4e9 / (2e9 x 4)
}

TEST(CoreTypes, CostsWinOverFactors) {
  TaskGraphBuilder b("costs");
  const TaskId t = b.add_task(10e9);
  b.set_type(t, "gemm");
  b.set_costs(t, {7, 3});
  const TaskGraph g = b.build();
  const Platform p({1e9, 2e9}, {CoreType{"cpu", {}}, CoreType{"gpu", {{"gemm", 10}}}}, {0, 1});
  const NetworkModel net = NetworkModel::ideal();
  const Problem problem(g, p, net);
  EXPECT_DOUBLE_EQ(problem.duration(0, 0), 7.0);
  EXPECT_DOUBLE_EQ(problem.duration(0, 1), 3.0);  // not 10e9 / (2e9 x 10) = 0.5
}

// Three tasks of 1e308 s each on some core: every duration is finite, their sum is not, and
// a run's times could overflow to inf (a makespan of inf, or a plan that looks cyclic).
TEST(CoreTypes, DurationsThatOverflowWhenSummedAreRefused) {
  TaskGraphBuilder b("big.dot");
  for (int i = 0; i < 3; ++i) b.set_costs(b.add_task(1), {1.0, 1e308});
  const TaskGraph g = b.build();
  const Platform p = Platform::homogeneous(2, 1e9);
  const NetworkModel net = NetworkModel::ideal();
  EXPECT_THROW(Problem(g, p, net), InputError);
  TaskGraphBuilder ok("ok.dot");
  for (int i = 0; i < 3; ++i) ok.set_costs(ok.add_task(1), {1.0, 5e307});
  const TaskGraph fine = ok.build();
  EXPECT_NO_THROW(Problem(fine, p, net));
  // Without costs: 1e9 flops on a core of 1e-300 flop/s take 1e309 s = inf there (the other
  // core is fast, but a run may use the slow one).
  TaskGraphBuilder w("w.dot");
  w.add_task(1e9);
  const TaskGraph work = w.build();
  const Platform too_slow({1e9, 1e-300}), slow({1e9, 1e-290});
  EXPECT_THROW(Problem(work, too_slow, net), InputError);
  EXPECT_NO_THROW(Problem(work, slow, net));
}

TEST(CoreTypes, FactorForAnUnknownTaskTypeListsTheGraphsTypes) {
  const NetworkModel net = NetworkModel::ideal();
  const Platform p({1e9}, {CoreType{"gpu", {{"matmul", 10}}}}, {0});
  const TaskGraph typed = typed_graph({{1, "gemm"}, {1, "io"}});
  EXPECT_EQ(error_of([&] { Problem(typed, p, net); }),
            "typed: core type 'gpu' has a factor for task type 'matmul', which no task has (the "
            "task types: gemm, io)");
  const TaskGraph untyped = typed_graph({{1, ""}});
  EXPECT_EQ(error_of([&] { Problem(untyped, p, net); }),
            "typed: core type 'gpu' has a factor for task type 'matmul', which no task has (the "
            "tasks have no type)");
  // A type the graph names but no task has (a one-tile Cholesky is a single potrf).
  const TaskGraph one_tile = generate("cholesky", GeneratorParams{{{"tiles", 1.0}}});
  const Platform gemm_gpu({1e9}, {CoreType{"gpu", {{"gemm", 10}}}}, {0});
  EXPECT_NE(error_of([&] { Problem(one_tile, gemm_gpu, net); })
                .find("has a factor for task type 'gemm', which no task has (the task types: "
                      "potrf)"),
            std::string::npos);
}

TEST(CoreTypes, LowerBoundsWithFactors) {
  // a (gemm 8 Gflop) -> b (io 2 Gflop), and c (no type, 30 Gflop) alone. Core 0 a cpu at
  // 1 Gflop/s; core 1 a gpu at 2 Gflop/s with gemm x4 and io x0.5.
  const TaskGraph g = typed_graph({{8e9, "gemm"}, {2e9, "io"}, {30e9, ""}}, {{0, 1}});
  const Platform p({1e9, 2e9}, {CoreType{"cpu", {}}, CoreType{"gpu", {{"gemm", 4}, {"io", 0.5}}}},
                   {0, 1});
  const NetworkModel net = NetworkModel::ideal();
  const Problem problem(g, p, net);
  // Shortest durations: a min(8, 8/(2x4)) = 1 s; b min(2, 2/(2x0.5)) = 2 s; c min(30, 15) = 15 s.
  // Critical path: max(a + b, c) = max(3, 15) = 15 s.
  EXPECT_DOUBLE_EQ(critical_path_time(problem), 15.0);
  // Spread: area (1 + 2 + 15) / 2 cores = 9 s; per type W_k / sum_c speed x factor: gemm
  // 8e9 / (1e9 + 8e9) = 0.89 s, io 2e9 / (1e9 + 1e9) = 1 s, untyped 30e9 / (1e9 + 2e9) = 10 s.
  EXPECT_DOUBLE_EQ(perfect_spread_time(problem), 10.0);
  EXPECT_DOUBLE_EQ(makespan_lower_bound(problem), 15.0);
  // Without the gpu's factors the chain takes 8/2 + 2/2 = 5 s at best: the factors count.
  const Platform plain({1e9, 2e9});
  const Problem untyped(g, plain, net);
  EXPECT_DOUBLE_EQ(critical_path_time(untyped), 15.0);  // c: 30 / 2
  const TaskGraph chain = typed_graph({{8e9, "gemm"}, {2e9, "io"}}, {{0, 1}});
  EXPECT_DOUBLE_EQ(critical_path_time(Problem(chain, p, net)), 3.0);      // 1 + 2
  EXPECT_DOUBLE_EQ(critical_path_time(Problem(chain, plain, net)), 5.0);  // 4 + 1
}

TEST(CoreTypes, HeftChoosesTheGpuForGemmBecauseOfTheFactor) {
  // t0 (gemm, 10 Gflop) -> t1 (io, 10 Gflop), 0 bytes. Core 0 a cpu at 2 Gflop/s, core 1 a
  // gpu at 1 Gflop/s.
  const TaskGraph g = typed_graph({{10e9, "gemm"}, {10e9, "io"}}, {{0, 1}});
  const NetworkModel net = NetworkModel::ideal();
  auto placement = [&](const Platform& p, double& makespan) {
    TraceRecorder trace(g.task_count(), p.core_count());
    makespan = testing::run_policy(g, "heft", p, net, nullptr, &trace).makespan;
    return std::vector<CoreId>{trace.core(0), trace.core(1)};
  };
  // Without factors the cpu is faster for both: t0 5 s, then t1 5 s on the cpu (10 s),
  // rather than 5 + 10 = 15 s on the gpu.
  double plain_makespan = 0;
  EXPECT_EQ(placement(Platform({2e9, 1e9}), plain_makespan), (std::vector<CoreId>{0, 0}));
  EXPECT_DOUBLE_EQ(plain_makespan, 10.0);
  // gpu gemm x10: t0 takes 10e9 / (1e9 x 10) = 1 s on the gpu against 5 s on the cpu; then
  // t1 on the cpu finishes at 1 + 5 = 6 s, on the gpu at 1 + 10 = 11 s.
  const Platform typed({2e9, 1e9}, {CoreType{"cpu", {}}, CoreType{"gpu", {{"gemm", 10}}}}, {0, 1});
  double typed_makespan = 0;
  EXPECT_EQ(placement(typed, typed_makespan), (std::vector<CoreId>{1, 0}));
  EXPECT_DOUBLE_EQ(typed_makespan, 6.0);
}

// A random DAG of 200 tasks of types a, b, c or none, work 1..20 Gflop, bytes 0..2.9 GB.
TaskGraph random_typed_dag(std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  TaskGraphBuilder b("random_typed");
  const char* const types[] = {"a", "b", "c", ""};
  for (int i = 0; i < 200; ++i) {
    const TaskId t = b.add_task(static_cast<double>(1 + rng() % 20) * 1e9);
    b.set_type(t, types[rng() % 4]);
  }
  for (TaskId v = 1; v < 200; ++v) {
    std::set<TaskId> preds;
    for (std::uint64_t j = rng() % 4; j > 0; --j) preds.insert(static_cast<TaskId>(rng() % v));
    for (const TaskId u : preds) b.add_edge(u, v, static_cast<double>(rng() % 30) * 1e8);
  }
  return b.build();
}

TEST(CoreTypes, EveryPolicyRunsOnATypedPlatformAboveTheBound) {
  // 6 cores: 4 cpus at 1 Gflop/s, 2 gpus at 2 Gflop/s running a 8x, b 0.25x (c at speed).
  const Platform p({1e9, 1e9, 1e9, 1e9, 2e9, 2e9},
                   {CoreType{"cpu", {}}, CoreType{"gpu", {{"a", 8}, {"b", 0.25}}}},
                   {0, 0, 0, 0, 1, 1});
  const NetworkModel net = NetworkModel::latency_bandwidth(1e-6, 1e10);
  int checked = 0;
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    const TaskGraph g = random_typed_dag(seed);
    const Problem problem(g, p, net);
    const double bound = makespan_lower_bound(problem);
    // The factors raise the bound above the speed-only one (a's work runs 8x faster there).
    const Platform plain(p.speeds());
    EXPECT_NE(bound, makespan_lower_bound(Problem(g, plain, net)));
    // A schedule for the static policy: task i on core i mod 6, in id (topological) order.
    std::vector<std::vector<TaskId>> per_core(6);
    for (TaskId t = 0; t < g.task_count(); ++t) per_core[t % 6].push_back(t);
    const Schedule schedule = Schedule::from_sequences(g.task_count(), per_core);
    for (const PolicyInfo& info : PolicyRegistry::builtin().all()) {
      TraceRecorder trace(g.task_count(), p.core_count());
      const SimulationResult r = testing::run_policy(
          g, info.name, p, net, info.needs_schedule ? &schedule : nullptr, &trace);
      EXPECT_GE(r.makespan, bound - 1e-9) << info.name << " seed " << seed;
      // Every task ran for its duration on its core type: finish - start = duration.
      for (TaskId t = 0; t < g.task_count(); ++t)
        ASSERT_NEAR(trace.finish(t) - trace.start(t), problem.duration(t, trace.core(t)),
                    1e-9 * (1 + trace.finish(t)))
            << info.name << " task " << t;
      ++checked;
    }
  }
  EXPECT_GE(checked, 3 * 10);
}

TEST(TaskTypes, DotTypeAttributeAndWriterRoundTrip) {
  const TaskGraph g = read_dot_text(
      "digraph G {\n  a [size=1e9, type=gemm];\n  b [type=\"io disk\" size=2];\n  c [size=3];\n"
      "  a -> b [size=5];\n}\n",
      "t.dot");
  ASSERT_TRUE(g.has_task_types());
  EXPECT_EQ(g.task_type_name_of(0), "gemm");
  EXPECT_EQ(g.task_type_name_of(1), "io disk");
  EXPECT_EQ(g.task_type_name_of(2), "");
  std::ostringstream out;
  write_dot(out, g);
  EXPECT_EQ(out.str(),
            "digraph G {\na [size=\"1000000000\", type=gemm];\nb [size=\"2\", type=\"io disk\"];\n"
            "c [size=\"3\"];\na -> b [size=\"5\"];\n}\n");
  const TaskGraph back = read_dot_text(out.str(), "back.dot");
  for (TaskId t = 0; t < 3; ++t) EXPECT_EQ(back.task_type_name_of(t), g.task_type_name_of(t));
  EXPECT_NE(error_of([] {
              read_dot_text("digraph G { a [type]; }", "x.dot");
            }).find("x.dot:1: task 'a': type has no value"),
            std::string::npos);
}

TEST(TaskTypes, WfCommonsCategoryElseTheNameWithoutItsNumber) {
  const TempFile f(R"({"workflow": {"tasks": [
    {"name": "split_ID01", "id": "ID01", "category": "splitter", "runtimeInSeconds": 1,
     "parents": [], "files": []},
    {"name": "merge_ID02", "id": "ID02", "runtimeInSeconds": 1, "parents": ["split_ID01"],
     "files": []},
    {"name": "merge_ID03", "id": "ID03", "category": "", "runtimeInSeconds": 1, "parents": [],
     "files": []}]}})",
                   ".json");
  const TaskGraph g = read_wfcommons_file(f.path());
  EXPECT_EQ(g.task_type_name_of(0), "splitter");  // its category
  EXPECT_EQ(g.task_type_name_of(1), "merge");     // merge_ID02 without _ID02
  EXPECT_EQ(g.task_type_name_of(2), "merge");     // an empty category: the name's rule
  const TempFile bad(R"({"workflow": {"tasks": [
    {"name": "a", "category": 3, "runtimeInSeconds": 1, "parents": [], "files": []}]}})",
                     ".json");
  EXPECT_NE(error_of([&] {
              read_wfcommons_file(bad.path());
            }).find("task 'a': category must be a string (found number)"),
            std::string::npos);
}

TEST(TaskTypes, WfCommons15NameGivesTheType) {
  // The shipped 1000 Genomes instance (schema 1.5, no category): 5 task types by name.
  const TaskGraph g = read_wfcommons_file(std::string(PELSIM_TEST_DATA) +
                                          "/../../scenarios/workloads/wfcommons/"
                                          "1000genome-chameleon-8ch-250k-001.json");
  std::set<std::string> names;
  for (std::uint32_t k = 1; k < g.task_type_count(); ++k)
    names.insert(g.task_type_name(static_cast<TaskTypeId>(k)));
  EXPECT_EQ(names, (std::set<std::string>{"individuals", "individuals_merge", "sifting",
                                          "mutation_overlap", "frequency"}));
  EXPECT_EQ(g.task_type_name_of(0), "individuals");  // individuals_ID0000001
}

// Without a category, the executable a task ran (command.program, one word, without its
// directory) is its type before its name: Epigenomics names each task after its own input
// ("fast2bfq_fast2bfq_080603_..._sequence_1_ID0000002"), 1695 types by name, 8 by program.
// A program that is a whole script (rnaseq's) is no type: the name's rule then.
TEST(TaskTypes, WfCommonsProgramBeforeTheName) {
  const TempFile v15(R"({"schemaVersion": "1.5", "workflow": {
  "specification": {"tasks": [
    {"id": "fast2bfq_x_sequence_1_ID01", "name": "fast2bfq_x_sequence_1_ID01"},
    {"id": "fast2bfq_x_sequence_2_ID02", "name": "fast2bfq_x_sequence_2_ID02"},
    {"id": "SAMPLESHEET_CHECK_1", "name": "SAMPLESHEET_CHECK"},
    {"id": "c_ID04", "name": "c_ID04", "category": "cat"}], "files": []},
  "execution": {"tasks": [
    {"id": "fast2bfq_x_sequence_1_ID01", "runtimeInSeconds": 1,
     "command": {"program": "/usr/bin/fast2bfq", "arguments": []}},
    {"id": "fast2bfq_x_sequence_2_ID02", "runtimeInSeconds": 1, "command": {"program": "fast2bfq"}},
    {"id": "SAMPLESHEET_CHECK_1", "runtimeInSeconds": 1,
     "command": {"program": "check_samplesheet.py \\\n  samplesheet.csv"}},
    {"id": "c_ID04", "runtimeInSeconds": 1, "command": {"program": "prog"}}]}}})",
                     ".json");
  const TaskGraph g = read_wfcommons_file(v15.path());
  EXPECT_EQ(g.task_type_name_of(0), "fast2bfq");           // /usr/bin/fast2bfq
  EXPECT_EQ(g.task_type_name_of(1), "fast2bfq");           // the same program
  EXPECT_EQ(g.task_type_name_of(2), "SAMPLESHEET_CHECK");  // a script: by name
  EXPECT_EQ(g.task_type_name_of(3), "cat");                // a category comes first
  const TempFile v14(R"({"workflow": {"tasks": [
    {"name": "a_b_ID01", "id": "ID01", "runtimeInSeconds": 1, "parents": [], "files": [],
     "command": {"program": "tool"}}]}})",
                     ".json");
  EXPECT_EQ(read_wfcommons_file(v14.path()).task_type_name_of(0), "tool");
}

TEST(TaskTypes, DaxJobNameIsTheType) {
  const TempFile f(R"(<adag version="2.1">
  <job id="A" name="split" runtime="1"/>
  <job id="B" name="work" runtime="1"/>
  <job id="C" runtime="1"/>
</adag>
)",
                   ".xml");
  const TaskGraph g = read_dax_file(f.path());
  EXPECT_EQ(g.task_type_name_of(0), "split");
  EXPECT_EQ(g.task_type_name_of(1), "work");
  EXPECT_EQ(g.task_type_name_of(2), "");  // no name attribute
}

TEST(TaskTypes, CholeskyAndLuTasksHaveTheirKernelAsType) {
  // Cholesky of 2 x 2 tiles: POTRF(0), TRSM(1,0), SYRK(1,0), POTRF(1) in that order.
  GeneratorParams params;
  params.values = {{"tiles", 2}};
  const TaskGraph chol = generate("cholesky", params);
  std::vector<std::string> types;
  for (TaskId t = 0; t < chol.task_count(); ++t) types.emplace_back(chol.task_type_name_of(t));
  EXPECT_EQ(types, (std::vector<std::string>{"potrf", "trsm", "syrk", "potrf"}));
  // LU of 2 x 2: GETRF(0), TRSM row (0,1), TRSM column (1,0), GEMM(1,1,0), GETRF(1).
  const TaskGraph lu = generate("lu", params);
  types.clear();
  for (TaskId t = 0; t < lu.task_count(); ++t) types.emplace_back(lu.task_type_name_of(t));
  EXPECT_EQ(types, (std::vector<std::string>{"getrf", "trsm", "trsm", "gemm", "getrf"}));
}

}  // namespace
}  // namespace pelsim::models
