#include "pelsim/experiment/scenario.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <limits>
#include <map>
#include <regex>
#include <string>

#include "pelsim/models/error.hpp"
#include "pelsim/models/generators.hpp"
#include "pelsim/models/task_graph.hpp"
#include "test_files.hpp"

namespace pelsim::experiment {
namespace {

using testing::fresh_dir;
using testing::write_file;

// Four independent 1 Gflop tasks, inline.
const char* kFourTasks = R"(workload:
  tasks:
    - {name: a, work: 1Gflop}
    - {name: b, work: 1Gflop}
    - {name: c, work: 1Gflop}
    - {name: d, work: 1Gflop}
)";

std::string error_of(const std::string& yaml) {
  const auto dir = fresh_dir("scenario_errors");
  const std::string path = write_file(dir, "s.yaml", yaml);
  try {
    load_scenario(path);
  } catch (const models::InputError& e) {
    return std::string(e.what()).substr(path.size());
  }
  return "no error";
}

// A task graph given where a scenario belongs: told by its extension (and, for .json and
// .xml, a look at the text already read: never opened again), with how to run it; a
// scenario that only mentions such words is read as a scenario.
TEST(Scenario, ATaskGraphGivenAsAScenarioSaysHowToRunIt) {
  const auto dir = fresh_dir("scenario_not_a_scenario");
  const auto refused = [&](const std::string& name, const std::string& text) {
    const std::string path = write_file(dir, name, text);
    try {
      load_scenario(path);
    } catch (const models::InputError& e) {
      return std::string(e.what()).substr(path.size());
    }
    return std::string("accepted");
  };
  EXPECT_EQ(refused("g.dot", "digraph { a [size=1]; }\n").substr(0, 67),
            ": this is a task graph (dot), not a scenario: simulate it with `pel");
  EXPECT_EQ(refused("w.json", "{\"name\": \"x\", \"workflow\" : {\"tasks\": []}}\n").substr(0, 31),
            ": this is a task graph (wfcommo");
  EXPECT_EQ(refused("g.yaml", "tasks: [{name: a, work: 1e9}]\nedges: []\n").substr(0, 64),
            ":1:1: this is a task graph (YAML, with tasks and edges), not a s");
  // Without an extension, by the text: a DAX, a DOT file after its comments.
  EXPECT_EQ(refused("m25", "<?xml version=\"1.0\"?>\n<adag>\n</adag>\n").substr(0, 29),
            ": this is a task graph (dax),");
  EXPECT_EQ(refused("d", "// one\n// two\n/* three */\ndigraph { a; }\n").substr(0, 29),
            ": this is a task graph (dot),");
  // Scenarios: JSON (which is YAML) with "workflow" as a value or a nested key, no extension
  // and the word digraph in a comment, a first line starting with a number; one that forgot
  // `workload:` above its tasks (its other keys are a scenario's) gets the unknown key.
  EXPECT_EQ(refused("s.json",
                    "{\"description\": \"workflow\", \"workload\": {\"generator\": "
                    "\"chain\"}}\n"),
            "accepted");
  EXPECT_EQ(refused("n.json",
                    "{\"workload\": {\"generator\": \"chain\", \"params\": {\"workflow\": 1}}}\n")
                .substr(0, 40),
            ":1:48: unknown key 'workflow' in the par");
  EXPECT_EQ(
      refused("f.yaml", "platform: {cores: 4}\ntasks: [{name: a, work: 1e9}]\n").substr(0, 30),
      ":2:1: unknown key 'tasks' in a");
  EXPECT_EQ(refused("s", "# compares a digraph\nworkload: {generator: chain}\n"), "accepted");
  EXPECT_EQ(refused("t", "description: 2024 study\nworkload: {generator: chain}\n"), "accepted");
}

// A few lines can ask a generator for billions of tasks (the scenario fuzzer's finding): the
// graph is refused at its parameters, before it is built, when simulating it would need more
// memory than the process may use (here lowered to 1 MB; 20000 tasks need 1.28 MB).
TEST(Scenario, AGeneratedGraphTooLargeForMemoryIsRefusedAtItsParameters) {
  models::set_generator_memory_limit(1'000'000);
  const std::string error = error_of("workload:\n  generator: independent\n  params: {n: 20000}\n");
  models::set_generator_memory_limit(0);
  EXPECT_EQ(error,
            ":3:11: generator 'independent': 20000 tasks and 0 edges would need at least "
            "0.00128 GB of memory to simulate, more than the 0.001 GB this process may use");
}

// YAML forbids two equal keys in one map; yaml-cpp kept both and answered the first, so a
// second `cores:` or `policy:` was ignored without a word. Each is an error at the second key,
// wherever the map is; an alias names its node again without repeating a key.
TEST(Scenario, ARepeatedKeyIsAnErrorAtTheSecondOne) {
  EXPECT_EQ(error_of(std::string(kFourTasks) + "platform: {cores: 4, cores: 8}\n"),
            ":7:22: key 'cores' is given twice in one map (first at line 7)");
  EXPECT_EQ(error_of(std::string(kFourTasks) + "policy: heft\nseed: 2\npolicy: fifo\n"),
            ":9:1: key 'policy' is given twice in one map (first at line 7)");
  EXPECT_EQ(error_of("workload:\n  tasks:\n    - {name: a, work: 1, work: 2}\n"),
            ":3:26: key 'work' is given twice in one map (first at line 3)");
  EXPECT_EQ(error_of(std::string(kFourTasks) +
                     "platform: &p {cores: 2}\nsweep:\n  platform.cores: [1, 2]\n"
                     "x: [*p, *p]\n")
                .substr(0, 24),
            ":10:1: unknown key 'x' i");  // the aliases are no repeated key
}

// A schedule that fits some of the swept core counts only: its error names the runs it does not
// fit, at the CSV's line (it said only "core 1 ... out of range [0, 1)").
TEST(Scenario, AScheduleErrorInACoreSweepNamesTheRuns) {
  const auto dir = fresh_dir("scenario_schedule_sweep");
  write_file(dir, "s.csv", "task,core,order\na,0,0\nb,1,0\nc,0,1\nd,1,1\n");
  const std::string path =
      write_file(dir, "s.yaml",
                 std::string(kFourTasks) +
                     "policy: {name: static, schedule: s.csv}\nsweep: {platform.cores: [2, 1]}\n");
  try {
    load_scenario(path);
    FAIL() << "no error";
  } catch (const models::InputError& e) {
    EXPECT_EQ(e.line(), 3u);
    EXPECT_EQ(e.reason(),
              "core 1 of task 'b' is out of range [0, 1) (in the runs on 1 core of the sweep; a "
              "schedule fits the core count it was made for: leave the others out, pelsim adds "
              "the one-core reference of the speedups by itself)");
  }
}

TEST(Scenario, ExpandsACartesianSweepFirstParameterSlowest) {
  const auto dir = fresh_dir("scenario_cartesian");
  const std::string path = write_file(dir, "s.yaml", std::string(kFourTasks) + R"(
sweep:
  policy: [fifo, hlfet]
  platform.cores: [1, 2, 4]
repetitions: 2
)");
  const Scenario s = load_scenario(path);
  EXPECT_EQ(s.name, "s");
  ASSERT_EQ(s.points.size(), 12u);  // 2 policies x 3 core counts x 2 repetitions
  EXPECT_EQ(s.row_count(), 12u);    // 1 core is in the sweep: no reference runs
  EXPECT_EQ(s.sweep_columns, std::vector<std::string>{"policy"});
  EXPECT_EQ(s.points[0].config.policy, "fifo");
  EXPECT_EQ(s.points[0].config.cores, 1u);
  EXPECT_EQ(s.points[1].repetition, 1u);
  EXPECT_EQ(s.points[1].config.seed, 2u);  // seed + repetition
  EXPECT_EQ(s.points[2].config.cores, 2u);
  EXPECT_EQ(s.points[6].config.policy, "hlfet");
  EXPECT_EQ(s.points[4].baseline, 0u);  // fifo, 4 cores, repetition 0 -> fifo, 1 core, rep 0
  EXPECT_EQ(s.points[5].baseline, 1u);
  EXPECT_EQ(s.curve_labels, (std::vector<std::string>{"policy=fifo", "policy=hlfet"}));
  EXPECT_EQ(s.points[0].config.graph, s.points[11].config.graph);  // loaded once
}

TEST(Scenario, AddsOneCoreReferenceRunsWhenTheSweepHasNone) {
  const auto dir = fresh_dir("scenario_refs");
  const std::string path = write_file(dir, "s.yaml", std::string(kFourTasks) + R"(
platform: {core_speed: 2GHz, latency: 1us, bandwidth: 10GB/s, power: {idle: 10W, busy: 100W}}
sweep:
  platform.cores: {from: 2, to: 16, factor: 2}
)");
  const Scenario s = load_scenario(path);
  ASSERT_EQ(s.points.size(), 5u);  // 2, 4, 8, 16 and the 1-core reference
  EXPECT_EQ(s.row_count(), 4u);
  EXPECT_TRUE(s.points[4].reference);
  EXPECT_EQ(s.points[4].config.cores, 1u);
  for (std::size_t i = 0; i < 4; ++i) EXPECT_EQ(s.points[i].baseline, 4u);
  EXPECT_EQ(s.points[3].config.cores, 16u);
  EXPECT_DOUBLE_EQ(s.points[0].config.speeds[0], 2e9);
  EXPECT_DOUBLE_EQ(s.points[0].config.bandwidth, 1e10);
  EXPECT_TRUE(s.points[0].config.has_power);
  EXPECT_DOUBLE_EQ(s.points[0].config.power.busy_watts, 100);
}

// A range's from, to and step take the parameter's units, one for all three, and its values
// are written as a user would write them: from 0.1 by 0.1 to 0.3 is 0.1, 0.2, 0.3 (not
// 0.30000000000000004, which 0.1 + 2 x 0.1 is in binary).
TEST(Scenario, RangesTakeUnitsAndRoundLikeTheUser) {
  const auto dir = fresh_dir("scenario_range_units");
  const std::string path = write_file(dir, "s.yaml", R"(
workload: {generator: fork_join, params: {n: 4, bytes: 1MB}}
platform: {cores: 4}
sweep:
  platform.bandwidth: {from: 1GB/s, to: 2GB/s, step: 0.5GB/s}
  workload.params.fraction: {from: 0.1, to: 0.3, step: 0.1}
)");
  const Scenario s = load_scenario(path);
  ASSERT_EQ(s.row_count(), 9u);
  ASSERT_EQ(s.sweep_columns,
            (std::vector<std::string>{"platform.bandwidth", "workload.params.fraction"}));
  EXPECT_EQ(s.points[0].values, (std::vector<std::string>{"1GB/s", "0.1"}));
  EXPECT_EQ(s.points[8].values, (std::vector<std::string>{"2GB/s", "0.3"}));
  EXPECT_DOUBLE_EQ(s.points[0].config.bandwidth, 1e9);
  EXPECT_DOUBLE_EQ(s.points[3].config.bandwidth, 1.5e9);
  EXPECT_EQ(s.points[5].values[1], "0.3");
  // Units that differ, or a unit the parameter does not take, are refused where written.
  EXPECT_NE(error_of(std::string(kFourTasks) +
                     "sweep: {platform.bandwidth: {from: 1GB/s, to: 2000MB/s, step: 1GB/s}}\n")
                .find(":7:47: from, to and step of a range are in one unit: 'GB/s' and 'MB/s'"),
            std::string::npos);
  EXPECT_NE(error_of(std::string(kFourTasks) +
                     "sweep: {platform.bandwidth: {from: GB/s, to: 2GB/s, step: 1GB/s}}\n")
                .find("platform.bandwidth.from must be a number, with the unit"),
            std::string::npos);
  EXPECT_NE(error_of(std::string(kFourTasks) +
                     "sweep: {platform.cores: {from: 1GB/s, to: 2GB/s, step: 1GB/s}}\n")
                .find("platform.cores must be a number, not '1GB/s'"),
            std::string::npos)
      << error_of(std::string(kFourTasks) +
                  "sweep: {platform.cores: {from: 1GB/s, to: 2GB/s, step: 1GB/s}}\n");
}

TEST(Scenario, ZipPairsValuesAndMakesOneCurve) {
  const auto dir = fresh_dir("scenario_zip");
  const std::string path = write_file(dir, "s.yaml", R"(
workload: {generator: independent, params: {n: 4}}
sweep:
  combine: zip
  platform.cores: [1, 2, 4]
  workload.params.n: [4, 8, 16]
)");
  const Scenario s = load_scenario(path);
  ASSERT_EQ(s.row_count(), 3u);
  EXPECT_EQ(s.points[2].config.graph->task_count(), 16u);
  EXPECT_EQ(s.curve_labels.size(), 1u);
  EXPECT_EQ(s.points.size(), 5u);  // 2- and 4-core points need their own 1-core runs
  EXPECT_EQ(s.points[s.points[2].baseline].config.graph->task_count(), 16u);
}

// platform.flow_model sets the flow network's model, and can be swept (two points, cm02 and
// lv08: FlowModel's two presets).
TEST(Scenario, FlowModelIsSetAndSwept) {
  const auto dir = fresh_dir("scenario_flow_model");
  const Scenario s = load_scenario(write_file(
      dir, "s.yaml",
      std::string(kFourTasks) +
          "platform: {cores: 2, topology: bus}\nsweep: {platform.flow_model: [cm02, lv08]}\n"));
  ASSERT_EQ(s.points.size(), 4u);  // (with their one-core reference runs)
  std::vector<models::FlowModel> models;
  for (const auto& p : s.points)
    if (p.config.cores == 2) models.push_back(p.config.flow.model.value_or(models::FlowModel{}));
  EXPECT_EQ(models,
            (std::vector<models::FlowModel>{models::FlowModel::cm02(), models::FlowModel::lv08()}));
  EXPECT_FALSE(s.points[0].config.flow.same_core_transfers);
  const Scenario t = load_scenario(
      write_file(dir, "t.yaml",
                 std::string(kFourTasks) +
                     "platform: {cores: 2, topology: bus, same_core_transfers: true}\n"));
  EXPECT_TRUE(t.points[0].config.flow.same_core_transfers);
  EXPECT_EQ(error_of(std::string(kFourTasks) + "platform: {cores: 2, same_core_transfers: true}\n"),
            ":7:43: platform.same_core_transfers is an option of the flow network, which no run "
            "has (network: flow, or a topology or simgrid_platform)");
  // Some runs on the flow network: fine (the others do not read it).
  EXPECT_EQ(
      error_of(std::string(kFourTasks) + "platform: {cores: 2, flow_model: LV08}\n"
                                         "sweep: {platform.network: [latency_bandwidth, flow]}\n"),
      "no error");
}

// platform.simgrid_cfg: SimGrid's --cfg options, one or a list, swept like any value; with a
// SimGrid platform file they come before its <config> (tests/data/sgref_lv08/gamma0_cross0.xml
// sets TCP-gamma 0 and no cross-traffic: the cfg turns cross-traffic on, TCP-gamma stays 0).
TEST(Scenario, SimgridCfgSetsTheModelOptionByOption) {
  const auto dir = fresh_dir("scenario_simgrid_cfg");
  const Scenario s = load_scenario(
      write_file(dir, "s.yaml",
                 std::string(kFourTasks) +
                     "platform: {cores: 2, topology: bus}\n"
                     "sweep: {platform.simgrid_cfg: [network/model:LV08, [network/model:CM02, "
                     "network/TCP-gamma:0, network/crosstraffic:0]]}\n"));
  std::vector<models::FlowModel> models;
  for (const auto& p : s.points)
    if (p.config.cores == 2) models.push_back(p.config.flow.model.value_or(models::FlowModel{}));
  EXPECT_EQ(models,
            (std::vector<models::FlowModel>{models::FlowModel::lv08(), models::FlowModel::cm02()}));
  const Scenario t = load_scenario(
      write_file(dir, "t.yaml",
                 std::string(kFourTasks) + "platform: {simgrid_platform: " + PELSIM_TEST_DATA +
                     "/sgref_lv08/gamma0_cross0.xml, simgrid_cfg: network/crosstraffic:1}\n"));
  EXPECT_EQ(t.points.back().config.flow.model, (models::FlowModel{13.01, 0.97, 20537, 0, true}));
  EXPECT_EQ(error_of(std::string(kFourTasks) +
                     "platform: {cores: 2, topology: bus, simgrid_cfg: nope}\n"),
            ":7:50: platform.simgrid_cfg: --cfg 'nope': give name:value, e.g. network/model:LV08");
  EXPECT_EQ(error_of(std::string(kFourTasks) + "platform: {cores: 2, topology: bus, simgrid_cfg: "
                                               "network/model:LV08, flow_model: lv08}\n"),
            ":7:50: platform.simgrid_cfg and platform.flow_model both set the network model's "
            "options: give them with one of the two");
  // An option of SimGrid's that is not the model's goes with flow_model.
  EXPECT_EQ(error_of(std::string(kFourTasks) + "platform: {cores: 2, topology: bus, simgrid_cfg: "
                                               "network/optim:Full, flow_model: lv08}\n"),
            "no error");
  EXPECT_EQ(
      error_of(std::string(kFourTasks) + "platform: {cores: 2, simgrid_cfg: network/model:LV08}\n"),
      ":7:35: platform.simgrid_cfg is an option of the flow network, which no run has "
      "(network: flow, or a topology or simgrid_platform)");
}

TEST(Scenario, ErrorsNameLineColumnAndTheAllowedWords) {
  EXPECT_EQ(error_of(std::string(kFourTasks) + "platfrom: {cores: 2}\n"),
            ":7:1: unknown key 'platfrom' in a scenario (allowed: description, workload, "
            "platform, policy, sweep, repetitions, seed, outputs)");
  EXPECT_EQ(error_of(std::string(kFourTasks) + "platform: {cores: 2, core_speed: fast}\n"),
            ":7:34: platform.core_speed: bad speed 'fast': not a number (e.g. 1e9, 2.5GHz, 1Gf, "
            "3GFlops)");
  const std::string policy = error_of(std::string(kFourTasks) + "policy: hefty\n");
  EXPECT_EQ(policy.substr(0, 39), ":7:9: unknown policy 'hefty' (known: st");
  // One policy's parameter swept along with other policies: how to write it instead (at the
  // parameter's sweep entry, column 40).
  EXPECT_EQ(error_of(std::string(kFourTasks) +
                     "sweep: {policy: [heft, work_stealing], policy.retry_delay: [1us, 2us]}\n"),
            ":7:40: retry_delay is a parameter of work_stealing, not of heft (allowed: name, "
            "decision_overhead, dispatch_latency; to sweep it along with other policies, "
            "sweep the policy over maps: policy: [heft, {name: "
            "work_stealing, retry_delay: A}, {name: work_stealing, retry_delay: B}])");
  EXPECT_EQ(error_of(std::string(kFourTasks) + "platform: {cores: 2, bandwidth: 0}\n"),
            ":7:33: platform.bandwidth must be > 0, not '0'");
  // platform.flow_model: the flow network's (docs/scenarios.md), by name.
  EXPECT_EQ(error_of(std::string(kFourTasks) + "platform: {cores: 2, flow_model: lv08}\n"),
            ":7:34: platform.flow_model is an option of the flow network, which no run has "
            "(network: flow, or a topology or simgrid_platform)");
  EXPECT_EQ(
      error_of(std::string(kFourTasks) + "platform: {cores: 2, topology: bus, flow_model: lv09}\n"),
      ":7:49: platform.flow_model: unknown flow model 'lv09' (known: cm02, lv08)");
  EXPECT_EQ(error_of(std::string(kFourTasks) + "sweep: {platform.cores: [1, 0]}\n"),
            ":7:29: platform.cores must be a whole number from 1 to 16777216, not '0'");
  EXPECT_EQ(error_of("workload: {generator: fork_join, params: {widht: 3}}\n").substr(0, 48),
            ":1:43: unknown key 'widht' in the parameters of ");
  EXPECT_EQ(error_of("workload: {file: missing.dot}\n").substr(0, 43),
            ":1:18: cannot read workload file 'missing.d");
  EXPECT_EQ(error_of("workload: graph.dot\n"),  // a path where a map belongs: how to write it
            ":1:11: workload is a map: for a file, write `workload: {file: graph.dot}` (or give "
            "workload.generator or workload.tasks)");
  EXPECT_NE(error_of("workload: [\n").find(":2:1:"), std::string::npos);  // a YAML syntax error
  // The two commonest mistakes in a hand-written file get a hint after yaml-cpp's words: a
  // key indented one space too far (network under core_speed), and a tab (line 2).
  EXPECT_EQ(error_of("workload: {generator: chain}\nplatform:\n  core_speed: 1GHz\n"
                     "   network: ideal\n"),
            ":4:11: illegal map value (check the indentation here and on the lines above: the "
            "keys of one map, and the items of one list, start in the same column)");
  EXPECT_EQ(error_of("workload:\n\tgenerator: chain\n"),
            ":2:11: illegal map value (line 2 is indented with a tab: YAML indents with "
            "spaces only)");
  // An unquoted value holding ': '; and an error that has nothing to do with a tab on the
  // line before (a tab inside a flow map is allowed): no tab hint.
  EXPECT_EQ(error_of("description: Strong scaling: fork-join\nworkload: {generator: chain}\n"),
            ":1:28: illegal map value (a value holding ': ' must be quoted: key: \"a: b\"; or "
            "check the indentation)");
  EXPECT_EQ(error_of("workload: {\n\tgenerator: chain}\ndescription: \"bad \\q\"\n"),
            ":3:21: unknown escape character: q");
  // Absent keys (yaml-cpp's "invalid node", reported as an internal error with status 1).
  EXPECT_EQ(error_of("workload: {tasks: [{work: 1}]}\n"),
            ":1:1: a task's name must be a single value, not nothing");
  // A policy map without a name is the default policy's (hlfet) parameters.
  EXPECT_EQ(error_of(std::string(kFourTasks) + "policy: {steal_latency: 1us}\n").substr(0, 62),
            ":7:10: steal_latency is a parameter of work_stealing, not of h");
  EXPECT_EQ(error_of(std::string(kFourTasks) + "sweep: {platform.cores: {}}\n"),
            ": platform.cores.from must be a single value, not nothing");
  // static's schedule is read when the scenario is (check said ok; the run failed later).
  EXPECT_EQ(error_of(std::string(kFourTasks) + "policy: {name: static, schedule: nope.csv}\n")
                .substr(0, 25),
            ":7:34: policy.schedule: /");
  // Power: a reference speed of 0 was taken as none, an exponent of 1e308 made energies inf.
  EXPECT_EQ(error_of(std::string(kFourTasks) +
                     "platform: {power: {idle: 1W, busy: 2W, reference_speed: 0}}\n"),
            ":7:57: platform.power.reference_speed must be > 0");
  EXPECT_EQ(error_of(std::string(kFourTasks) + "platform: {power: {idle: 1W, busy: 2W, " +
                     "reference_speed: 1GHz, exponent: 1e308}}\n"),
            ":7:73: platform.power.exponent must be from 0 to 10");
  // A busy core draws at least its idle power (else energies came out negative).
  EXPECT_EQ(error_of(std::string(kFourTasks) + "platform: {power: {idle: 100W, busy: 10W}}\n"),
            ":7:38: platform.power.busy must be at least platform.power.idle");
  // What a run would refuse is refused when the scenario is read (`check`), at the YAML:
  // times that overflow (a task of 1e300 flop at 1e-10 flop/s takes 1e310 s), at the
  // platform, also when only a swept value makes them overflow ...
  const std::string huge = "workload: {tasks: [{name: a, work: 1e300}]}\n";
  std::string overflow = error_of(huge + "platform: {core_speed: 1e-10}\n");
  EXPECT_EQ(overflow.substr(0, 6), ":2:11:");
  EXPECT_NE(overflow.find("the run's times overflow"), std::string::npos) << overflow;
  overflow = error_of(huge + "sweep: {platform.core_speed: [1GHz, 1e-10]}\n");
  EXPECT_NE(overflow.find("the run's times overflow"), std::string::npos) << overflow;
  // ... dispatch costs that overflow them, and a retry delay of 0, swept or not.
  EXPECT_EQ(error_of(std::string(kFourTasks) + "policy: {name: fifo, decision_overhead: 1e308}\n")
                .substr(0, 56),
            ":7:9: policy parameters decision_overhead and dispatch_l");
  EXPECT_EQ(error_of(std::string(kFourTasks) +
                     "policy: {name: work_stealing}\nsweep: {policy.retry_delay: [1us, 0]}\n"),
            ":8:35: policy parameter 'retry_delay' must be > 0, not '0'");
  // A core speed that no core would run at (every core type has its own), and a bad entry of
  // a speeds list, at its entry.
  EXPECT_EQ(error_of(std::string(kFourTasks) +
                     "platform: {core_speed: 2GHz, core_types: [{name: cpu, count: 4, speed: "
                     "1GHz}]}\n"),
            ":7:24: platform.core_speed: every core type gives its own speed, so it would not be "
            "used");
  EXPECT_EQ(error_of(std::string(kFourTasks) + "platform: {speeds: [1GHz, 0]}\n"),
            ":7:27: a core speed must be > 0");
  // Network keys no run would use are refused at the key (as the command line refuses such
  // options); a key that some run of a swept topology uses is fine.
  EXPECT_EQ(error_of(std::string(kFourTasks) + "platform: {network: ideal, latency: 1us}\n"),
            ":7:37: platform.latency: the ideal network of every run moves data in no time");
  EXPECT_EQ(
      error_of(std::string(kFourTasks) +
               "platform: {cores: 4, topology: {name: ring, parameters: \"2;2,2;1,2;1,2\"}}\n")
          .substr(0, 36),
      ":7:57: platform.topology.parameters:");
  EXPECT_EQ(error_of(std::string(kFourTasks) +
                     "platform: {cores: 4, topology: {name: bus, nic_latency: 1us}}\n"),
            ":7:57: platform.topology.nic_latency: every run's topology is a bus, which has no "
            "NIC links");
  EXPECT_EQ(error_of(std::string(kFourTasks) +
                     "platform: {cores: 4, topology: {name: torus2d, backbone_latency: 1us}}\n")
                .substr(0, 42),
            ":7:66: platform.topology.backbone_latency:");
  EXPECT_EQ(error_of(std::string(kFourTasks) +
                     "platform: {cores: 4, topology: {name: crossbar, intra_latency: 1us}}\n")
                .substr(0, 39),
            ":7:64: platform.topology.intra_latency:");
  EXPECT_EQ(error_of(std::string(kFourTasks) +
                     "platform: {cores: 4, topology: {name: bus, nic_latency: 1us}}\n" +
                     "sweep: {platform.topology.name: [bus, crossbar]}\n"),
            "no error");
  // A factor range whose values never reach `to` soon (it ran out of memory).
  EXPECT_EQ(error_of(std::string(kFourTasks) +
                     "sweep: {platform.bandwidth: {from: 1, to: 1e300, factor: 1.00001}}\n"),
            ":7:29: the range has too many values");
  EXPECT_EQ(error_of(std::string(kFourTasks) +
                     "sweep: {combine: zip, policy: [fifo], platform.cores: [1, 2]}\n")
                .substr(0, 6),
            ":7:39:");  // at the key whose list is longer than the first one's
}

// The flow network: a topology name or map (implying network: flow), swept like any key,
// checked at its position; the 1-core reference runs use no network.
TEST(Scenario, FlowNetworkTopologyIsReadSweptAndChecked) {
  const auto dir = fresh_dir("scenario_topology");
  const std::string path = write_file(dir, "s.yaml", std::string(kFourTasks) + R"(
platform:
  cores: 4
  latency: 2us
  topology: {name: torus2d, cores_per_node: 2, nic_bandwidth: inf, intra_bandwidth: 50GB/s}
sweep: {platform.topology.name: [bus, torus2d]}
)");
  const Scenario s = load_scenario(path);
  ASSERT_EQ(s.points.size(), 4u);  // 2 runs + their 2 hidden 1-core references
  const RunConfig& c = s.points[1].config;
  EXPECT_EQ(c.network, "flow");
  EXPECT_EQ(c.flow.topology, "torus2d");
  EXPECT_EQ(c.flow.cores_per_node, 2u);
  EXPECT_EQ(c.flow.nic_bandwidth, std::numeric_limits<double>::infinity());
  EXPECT_EQ(c.flow.intra_bandwidth, 5e10);
  EXPECT_EQ(c.latency, 2e-6);
  EXPECT_EQ(s.points[0].config.flow.topology, "bus");
  for (const RunPoint& p : s.points)
    if (p.reference) {
      EXPECT_EQ(p.config.network, "ideal");
    }

  EXPECT_EQ(error_of(std::string(kFourTasks) + "platform: {cores: 4, topology: tourus}\n"),
            ":7:32: unknown topology 'tourus' (known: bus, crossbar, ring, mesh2d, torus2d, "
            "torus3d, fat_tree, dragonfly)");
  EXPECT_EQ(error_of(std::string(kFourTasks) +
                     "platform: {cores: 3, topology: {name: crossbar, cores_per_node: 2}}\n"),
            ":7:32: 3 cores do not make whole nodes of 2 cores");
  // A 1-core point of a sweep: pelsim adds the speedups' 1-core reference itself (on one core,
  // with no network), so the point is not needed.
  EXPECT_EQ(error_of(std::string(kFourTasks) +
                     "platform: {topology: {name: crossbar, cores_per_node: 2}}\n" +
                     "sweep: {platform.cores: [1, 2, 4]}\n"),
            ":7:22: 1 core does not make whole nodes of 2 cores (in a scenario, leave 1 out of "
            "the sweep: pelsim adds the one-core reference run of the speedups by itself)");
  EXPECT_EQ(error_of(std::string(kFourTasks) +
                     "platform: {cores: 4, topology: {name: crossbar, nic: 1}}\n")
                .substr(0, 62),
            ":7:49: unknown key 'nic' in platform.topology (allowed: name, ");
  EXPECT_EQ(error_of(std::string(kFourTasks) + "platform: {network: ideal, topology: bus}\n"),
            ":7:38: platform.topology describes the flow network (network: flow)");
}

// platform.simgrid_platform: a SimGrid <cluster> (path relative to the scenario) sets the
// cores (4 hosts x 2 cores = 8), their speed (2Gf), the flow network and its links (125MBps =
// 1.25e8 B/s, 50us), and cannot be combined with the keys it sets.
TEST(Scenario, SimgridPlatformSetsCoresSpeedAndNetwork) {
  const auto dir = fresh_dir("scenario_simgrid");
  write_file(dir, "c.xml",
             "<?xml version='1.0'?>\n<platform version=\"4.1\">\n"
             "  <cluster id=\"c\" prefix=\"n\" suffix=\"\" radical=\"0-3\" speed=\"2Gf\" "
             "core=\"2\" bw=\"125MBps\" lat=\"50us\"/>\n</platform>\n");
  const std::string path =
      write_file(dir, "s.yaml", std::string(kFourTasks) + "platform: {simgrid_platform: c.xml}\n");
  const Scenario s = load_scenario(path);
  ASSERT_FALSE(s.points.empty());
  const RunConfig& c = s.points[0].config;
  EXPECT_EQ(c.cores, 8u);
  EXPECT_EQ(c.speeds, std::vector<double>{2e9});
  EXPECT_EQ(c.network, "flow");
  EXPECT_EQ(c.flow.topology, "crossbar");
  EXPECT_EQ(c.flow.cores_per_node, 2u);
  EXPECT_EQ(c.bandwidth, 1.25e8);
  EXPECT_DOUBLE_EQ(c.latency, 5e-5);
  EXPECT_EQ(error_of(std::string(kFourTasks) + "platform: {cores: 4, simgrid_platform: c.xml}\n"),
            ":7:19: platform.cores comes from platform.simgrid_platform; give one or the other");
  // A missing file is reported at its line of the scenario, with the path looked for, as a
  // missing workload file is (it was "DIR/nothere.xml: cannot open file", without a line);
  // column 30: after "platform: {simgrid_platform: ".
  const std::string missing = write_file(
      dir, "m.yaml", std::string(kFourTasks) + "platform: {simgrid_platform: nothere.xml}\n");
  try {
    load_scenario(missing);
    FAIL() << "no error";
  } catch (const models::InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              missing + ":7:30: cannot read SimGrid platform file 'nothere.xml' (looked for " +
                  (std::filesystem::absolute(dir) / "nothere.xml").lexically_normal().string() +
                  ")");
  }
}

// Policy parameters: read as written, swept like any field, checked at their position; the
// run reports work stealing's steals. Four 1 s tasks on 2 cores, round-robin sources: each
// core pops its two tasks, nobody steals, and the last finisher finds nothing left: 2 s, 0
// An inline graph's tasks may name a lock: three of the four 1 Gflop tasks share "db", so on
// 4 cores they run one after the other (3 s) while the fourth runs beside them; the bound
// (3 s, the lock's serialised work) equals the makespan.
TEST(Scenario, InlineTasksMayShareALock) {
  const auto dir = fresh_dir("scenario_locks");
  const std::string path = write_file(dir, "s.yaml", R"(workload:
  tasks:
    - {name: a, work: 1Gflop, lock: db}
    - {name: b, work: 1Gflop, lock: db}
    - {name: c, work: 1Gflop, lock: db}
    - {name: d, work: 1Gflop}
platform: {cores: 4, network: ideal}
policy: fifo
)");
  const Scenario s = load_scenario(path);
  ASSERT_TRUE(s.points[0].config.graph->has_locks());
  const RunMeasures m = run_point(s.points[0].config);
  EXPECT_DOUBLE_EQ(m.makespan, 3);
  EXPECT_DOUBLE_EQ(m.lower_bound, 3);
}

// steals, 0 failed steals.
// platform.faults: given failures (repair optional: for good without), random ones, swept.
TEST(Scenario, FaultsAreReadSweptAndChecked) {
  const auto dir = fresh_dir("scenario_faults");
  const Scenario s = load_scenario(write_file(dir, "f.yaml", std::string(kFourTasks) + R"(platform:
  cores: 2
  faults:
    mtbf: 1min
    failures:
      - {core: 1, at: 2s, repair: 500ms}
      - {core: 0, at: 3s}
policy: fifo
sweep:
  platform.faults.mttr: [1s, 2s]
)"));
  // Two swept points on 2 cores, and for each its 1-core reference (the speedups' T1), which
  // keeps core 0's failures that are repaired (none here), then the same without any fault
  // (speedup_fault_free's T1).
  ASSERT_EQ(s.points.size(), 6u);
  EXPECT_EQ(s.points[2].config.cores, 1u);
  EXPECT_TRUE(s.points[2].config.faults.failures.empty());
  EXPECT_EQ(s.points[2].config.faults.mtbf, 60.0);
  EXPECT_EQ(s.points[0].baseline, 2u);
  EXPECT_EQ(s.points[0].clean_baseline, 3u);
  EXPECT_TRUE(s.points[3].reference);
  EXPECT_EQ(s.points[3].config.cores, 1u);
  EXPECT_FALSE(s.points[3].config.faults.in_use());
  EXPECT_EQ(s.points[1].clean_baseline, 5u);
  const models::FaultModel& f = s.points[0].config.faults;
  EXPECT_EQ(f.mtbf, 60.0);
  EXPECT_EQ(f.mttr, 1.0);
  EXPECT_EQ(s.points[1].config.faults.mttr, 2.0);
  ASSERT_EQ(f.failures.size(), 2u);
  EXPECT_EQ(f.failures[0].core, 1u);
  EXPECT_EQ(f.failures[0].at, 2.0);
  EXPECT_EQ(f.failures[0].repair, 0.5);
  EXPECT_EQ(f.failures[0].line, 12u);
  EXPECT_EQ(f.failures[1].repair, models::kNeverRepaired);
  EXPECT_FALSE(s.points[0].config.faults_seed_given);

  const std::string two = std::string(kFourTasks) + "platform:\n  cores: 2\n  faults:\n";
  EXPECT_EQ(error_of(two + "    failures:\n      - {core: 2, at: 1s}\npolicy: fifo\n"),
            ":11: a failure of core 2, but no run has more than 2 cores (0 to 1)");
  // A failure of core 2 applies to the runs with 3 cores or more.
  const Scenario swept =
      load_scenario(write_file(dir, "g.yaml", std::string(kFourTasks) + R"(platform:
  faults:
    failures: [{core: 2, at: 1s, repair: 1s}]
policy: fifo
sweep: {platform.cores: [2, 4]}
)"));
  // 2 and 4 cores, and the 1-core reference (made from the 2-core row, without faults: also
  // the fault-free reference of the 4-core one).
  ASSERT_EQ(swept.points.size(), 3u);
  EXPECT_EQ(swept.points[1].clean_baseline, swept.points[1].baseline);
  EXPECT_FALSE(swept.points[0].config.faults.active());
  EXPECT_EQ(swept.points[1].config.faults.failures.size(), 1u);
  EXPECT_EQ(error_of(two + "    failures:\n      - {core: 1, at: 1s}\n      - {core: 0, at: 2s}\n" +
                     "policy: fifo\n"),
            ":12: every core fails for good, the last one core 0 at 2 s: no task could be sure "
            "to run (even a run that would end before); give one of them a repair time");
  // A plan's core failing for good has its tasks moved by the simulator: accepted.
  EXPECT_EQ(
      load_scenario(write_file(dir, "h.yaml",
                               two + "    failures:\n      - {core: 1, at: 1s}\npolicy: heft\n"))
          .points.size(),
      2u);  // 2 cores, and the 1-core reference without the failure
  EXPECT_EQ(error_of(two + "    mttr: 1s\n"),
            ":10:11: platform.faults.mttr is the repair time of random failures: give "
            "platform.faults.mtbf too (a given failure has its own repair)");
  EXPECT_EQ(error_of(two + "    failures:\n      - {core: 1}\n"),
            ":11:9: a failure needs core and at (repair is optional: none means for good)");
  EXPECT_EQ(error_of(two + "    {}\n").substr(0, 40), ":10:5: platform.faults needs mtbf, failu");
  // Checkpoints: read, swept, checked.
  const Scenario cps = load_scenario(
      write_file(dir, "c.yaml", two + R"(    checkpoint: {interval: 10s, cost: 500ms, restart: 2s}
policy: heft
sweep: {platform.faults.checkpoint.interval: [5s, 20s]}
)"));
  // Two intervals, and for each its 1-core reference and the same without checkpoints.
  ASSERT_EQ(cps.points.size(), 6u);
  EXPECT_FALSE(cps.points[3].config.faults.checkpoints.active());
  EXPECT_EQ(cps.points[0].config.faults.checkpoints.interval, 5.0);
  EXPECT_EQ(cps.points[1].config.faults.checkpoints.interval, 20.0);
  EXPECT_EQ(cps.points[0].config.faults.checkpoints.cost, 0.5);
  EXPECT_EQ(cps.points[0].config.faults.checkpoints.restart, 2.0);
  EXPECT_EQ(cps.points[2].config.faults.checkpoints.interval, 5.0);  // the reference checkpoints
  EXPECT_EQ(error_of(two + "    checkpoint: {cost: 1s}\n"),
            ":10:17: platform.faults.checkpoint needs an interval (of computing between two "
            "checkpoints)");
  EXPECT_EQ(error_of(two + "    checkpoint: {interval: -1s}\n").substr(0, 59),
            ":10:28: platform.faults.checkpoint.interval: bad time '-1s'");
  // An interval of 0 is no checkpoints (a sweep can include none).
  const Scenario none = load_scenario(write_file(dir, "n.yaml", two + R"(    mtbf: 1min
    checkpoint: {interval: 0s, cost: 1s}
)"));
  EXPECT_FALSE(none.points[0].config.faults.checkpoints.active());
  EXPECT_EQ(error_of(two + "    checkpoint: {interval: 1s, every: 2}\n").substr(0, 57),
            ":10:32: unknown key 'every' in platform.faults.checkpoint");
  EXPECT_EQ(error_of(two + "    mtbf: 0s\n"), ":10:11: platform.faults.mtbf must be > 0");
  EXPECT_EQ(error_of(two + "    mtbf: 1s\n    unit: node\n"),
            ":11:11: platform.faults.unit: node needs the flow network's nodes "
            "(platform.topology with cores_per_node, or platform.simgrid_platform)");
  EXPECT_EQ(error_of(two + "    mtbf: 1s\n    unit: rack\n"),
            ":11:11: platform.faults.unit is core or node, not 'rack'");
  // Node failures on 2 nodes of 2 cores: random failures strike 2 cores at once; the 1-core
  // reference runs strike their one core.
  const Scenario nodes =
      load_scenario(write_file(dir, "n.yaml", std::string(kFourTasks) + R"(platform:
  cores: 4
  topology: {name: crossbar, cores_per_node: 2}
  faults: {mtbf: 1min, unit: node}
policy: fifo
)"));
  ASSERT_EQ(nodes.points.size(), 3u);  // (and the fault-free 1-core reference)
  EXPECT_EQ(nodes.points[0].config.faults.cores_per_unit, 2u);
  EXPECT_EQ(nodes.points[1].config.faults.cores_per_unit, 1u);
  EXPECT_FALSE(nodes.points[2].config.faults.in_use());
}

TEST(Scenario, PolicyParametersAreReadSweptAndChecked) {
  const auto dir = fresh_dir("scenario_policy_params");
  const std::string path = write_file(dir, "s.yaml", std::string(kFourTasks) + R"(
platform: {cores: 2, network: ideal}
policy: {name: work_stealing, retry_delay: 10us}
sweep: {policy.steal_latency: [0, 1ms]}
)");
  const Scenario s = load_scenario(path);
  ASSERT_EQ(s.row_count(), 2u);
  EXPECT_EQ(s.points[0].config.policy, "work_stealing");
  EXPECT_EQ(s.points[0].config.policy_params,
            (std::map<std::string, std::string>{{"retry_delay", "10us"}, {"steal_latency", "0"}}));
  EXPECT_EQ(s.points[1].config.policy_params.at("steal_latency"), "1ms");
  const RunMeasures m = run_point(s.points[1].config);
  EXPECT_DOUBLE_EQ(m.makespan, 2);
  EXPECT_EQ(m.steals + m.failed_steals, 0u);
  EXPECT_EQ(error_of(std::string(kFourTasks) + "policy: {name: heft, priority: fifo}\n"),
            ":7:22: priority is a parameter of central_queue, not of heft (allowed: name, "
            "decision_overhead, dispatch_latency; to sweep it along with other "
            "policies, sweep the policy over maps: policy: [heft, {name: central_queue, "
            "priority: A}, {name: central_queue, priority: B}])");
  EXPECT_EQ(error_of(std::string(kFourTasks) + "policy: {name: heft, prio: fifo}\n"),
            ":7:22: unknown key 'prio' in policy 'heft' (allowed: name, decision_overhead, "
            "dispatch_latency)");
  // The schedule of a policy that does not take one is refused as such, not as unknown.
  EXPECT_EQ(error_of(std::string(kFourTasks) + "policy: {name: heft, schedule: s.csv}\n"),
            ":7:32: policy.schedule is only used by the static policy");
  EXPECT_EQ(
      error_of(std::string(kFourTasks) + "policy: {name: work_stealing, steal_latency: soon}\n"),
      ":7:46: policy parameter 'steal_latency': bad time 'soon': not a number (e.g. 1e-6, "
      "1us, 2.5ms, 3s, 1min, 2h, 1d)");
}

TEST(Scenario, WorkloadReferenceSpeedReadsRuntimesAtIt) {
  // tests/data/wfcommons/two-machines.json: a 4 s on "slow" (1000 MHz), b 3 s on "fast" (2000
  // MHz), c 1 s on no machine (the machines differ: 1e9).
  const std::string json = std::string(PELSIM_TEST_DATA) + "/wfcommons/two-machines.json";
  const auto dir = fresh_dir("scenario_reference_speed");
  auto total_work = [&](const std::string& extra) {
    const Scenario s = load_scenario(write_file(
        dir, "s.yaml", "workload: {file: " + json + extra + "}\nplatform: {cores: 1}\n"));
    double sum = 0;
    const models::TaskGraph& g = *s.points[0].config.graph;
    for (models::TaskId t = 0; t < g.task_count(); ++t) sum += g.work(t);
    return sum;
  };
  EXPECT_DOUBLE_EQ(total_work(""), 11e9);  // 4 s * 1e9 + 3 s * 2e9 + 1 s * 1e9
  EXPECT_DOUBLE_EQ(total_work(", reference_speed: 2.5GHz"), 20e9);  // (4 + 3 + 1) s * 2.5e9
  // Swept like any workload field: one graph per speed.
  const Scenario swept = load_scenario(
      write_file(dir, "sweep.yaml",
                 "workload: {file: " + json +
                     "}\nplatform: {cores: 1}\nsweep: {workload.reference_speed: [1GHz, 2GHz]}\n"));
  ASSERT_GE(swept.points.size(), 2u);
  EXPECT_DOUBLE_EQ(swept.points[0].config.graph->work(1), 3e9);  // b: 3 s * 1e9
  EXPECT_DOUBLE_EQ(swept.points[1].config.graph->work(1), 6e9);  // b: 3 s * 2e9

  // The value's column: "workload: {file: " (17) + the path + ", reference_speed: " (19) + 1.
  const std::string at_value = ":1:" + std::to_string(json.size() + 37) + ": ";
  const std::string bad = error_of("workload: {file: " + json + ", reference_speed: fast}\n");
  EXPECT_EQ(bad.substr(0, at_value.size()), at_value) << bad;
  EXPECT_NE(bad.find("workload.reference_speed"), std::string::npos) << bad;
  EXPECT_EQ(error_of("workload: {file: " + json + ", reference_speed: 0GHz}\n"),
            ":1:" + std::to_string(json.size() + 37) + ": workload.reference_speed must be > 0");
  EXPECT_EQ(error_of("workload: {generator: chain, reference_speed: 1GHz}\n"),
            ":1:47: reference_speed is not used with generator");
  const std::string dot = std::string(PELSIM_TEST_DATA) + "/sgref/layered_n20_d2_s1.dot";
  EXPECT_EQ(error_of("workload: {file: " + dot + ", reference_speed: 1GHz}\n"),
            ":1:" + std::to_string(dot.size() + 37) +
                ": workload.reference_speed applies to runtimes (wfcommons, dax, stg), not to a "
                "dot graph, whose work is in flops");
}

// A generator's work and sizes take units (docs/scenarios.md): 2Gflop is 2e9 flops, 1KiB is
// 1024 bytes; counts stay plain numbers.
TEST(Scenario, GeneratorWorkAndSizesTakeUnits) {
  const auto dir = fresh_dir("scenario_units");
  const Scenario s = load_scenario(write_file(dir, "u.yaml", R"(
workload: {generator: fork_join, params: {n: 3, work: 2Gflop, bytes: 1KiB}}
platform: {cores: 2}
)"));
  const models::TaskGraph& g = *s.points.front().config.graph;
  const Scenario plain = load_scenario(write_file(dir, "p.yaml", R"(
workload: {generator: fork_join, params: {n: 3, work: 2e9, bytes: 1024}}
platform: {cores: 2}
)"));
  const models::TaskGraph& h = *plain.points.front().config.graph;
  ASSERT_EQ(g.task_count(), h.task_count());
  for (models::TaskId t = 0; t < g.task_count(); ++t) EXPECT_EQ(g.work(t), h.work(t));
  ASSERT_GT(g.edge_count(), 0u);
  EXPECT_EQ(g.bytes(0), 1024.0);
  EXPECT_NE(error_of("workload: {generator: fork_join, params: {n: 3KiB}}\n")
                .find("must be a number, not '3KiB'"),
            std::string::npos);
}

TEST(Scenario, InlineGraphChecksItsEdges) {
  EXPECT_EQ(error_of("workload:\n  tasks: [{name: a}]\n  edges: [{from: a, to: b}]\n"),
            ":3:25: the edge's to names task 'b', which the tasks do not list");
  EXPECT_EQ(error_of("workload:\n  tasks: [{name: a}]\n  edges: [{from: c, to: a}]\n"),
            ":3:18: the edge's from names task 'c', which the tasks do not list");
  EXPECT_EQ(error_of("workload:\n  tasks: [{name: a}, {name: a}]\n"),
            ":2:29: task 'a' appears twice");
}

// A key a sweep adds to its points has no place of its own in the file: an error about it (a
// misspelled key) is reported at its sweep entry, not at the sweep's first entry as it was, and
// so is a bad value built from a range. The entries below are on lines 5 to 7, at column 3; a
// range's place is its '{' (column 19 of "  platform.cores: {...}").
TEST(Scenario, AnErrorAboutASweptKeyIsAtItsSweepEntry) {
  const std::string head =
      "workload: {generator: fork_join}\nplatform: {cores: 2, network: latency_bandwidth}\n"
      "policy: work_stealing\nsweep:\n  policy: [heft, fifo]\n";
  EXPECT_EQ(
      error_of(head + "  platform.bandwidth: [1GB/s, 10GB/s]\n  platform.latncy: [1us, 10us]\n")
          .substr(0, 36),
      ":7:3: unknown key 'latncy' in platfo");
  EXPECT_EQ(error_of(head + "  platform.bandwidth: [1GB/s, 10GB/s]\n  workload.params.nn: [1, 2]\n")
                .substr(0, 61),
            ":7:3: unknown key 'nn' in the parameters of generator 'fork_j");
  EXPECT_EQ(error_of("workload: {generator: fork_join}\nplatform: {cores: 2}\n"
                     "policy: work_stealing\nsweep:\n  platform.cores: [1, 2]\n"
                     "  policy.steal_latency: [1us, 2us]\n  policy.steal_latncy: [1us, 2us]\n")
                .substr(0, 45),
            ":7:3: unknown key 'steal_latncy' in policy 'w");
  EXPECT_EQ(error_of(head + "  platform.cores: {from: 0, to: 2, step: 1}\n"),
            ":6:19: platform.cores must be a whole number from 1 to 16777216, not '0'");
  // A scalar policy that a sweep of one of its parameters turns into {name: ...}: an unknown
  // name is reported where it is written (line 3, column 9), not at the sweep (line 5).
  EXPECT_EQ(error_of("workload: {generator: fork_join}\nplatform: {cores: 2}\npolicy: hfet\n"
                     "sweep:\n  policy.steal_latency: [1us, 2us]\n")
                .substr(0, 29),
            ":3:9: unknown policy 'hfet' (");
}

// A value of the file that the sweep replaces in every run was never read: `cores: four`,
// `bandwidth: superfast` and `policy: hfet` under a sweep of all three passed the check. Each is
// now an error where it is written, as without the sweep (columns: "platform: {cores: " is 18
// characters, "platform: {cores: 4, bandwidth: " 32). A base that only disagrees with the sweep's
// other values (64 cores in an 8x8 torus, zipped with 4 and 16 cores in 2x2 and 4x4 ones) is no
// error: no run has that combination.
TEST(Scenario, AValueTheSweepReplacesIsCheckedWhereItIsWritten) {
  const std::string sweep =
      "sweep: {policy: [heft, fifo], platform.bandwidth: [1GB/s, 10GB/s], "
      "platform.cores: [1, 2, 4]}\n";
  EXPECT_EQ(error_of("workload: {generator: fork_join}\n"
                     "platform: {cores: four, bandwidth: superfast}\npolicy: hfet\n" +
                     sweep),
            ":2:19: platform.cores must be a number, not 'four'");
  EXPECT_EQ(error_of("workload: {generator: fork_join}\n"
                     "platform: {cores: 4, bandwidth: superfast}\npolicy: hfet\n" +
                     sweep)
                .substr(0, 66),
            ":2:33: platform.bandwidth: bad bandwidth 'superfast': not a number");
  EXPECT_EQ(error_of("workload: {generator: fork_join}\n"
                     "platform: {cores: 4, bandwidth: 1GB/s}\npolicy: hfet\n" +
                     sweep)
                .substr(0, 29),
            ":3:9: unknown policy 'hfet' (");
  EXPECT_EQ(error_of("workload: {generator: fork_join}\n"
                     "platform: {cores: 4, bandwidth: 1GB/s}\npolicy: heft\n" +
                     sweep),
            "no error");
  const std::string torus =
      "workload: {generator: fork_join}\n"
      "platform: {cores: 64, network: flow, topology: {name: torus2d, dims: [8, 8]}}\n"
      "sweep: {combine: zip, platform.cores: [4, 16], platform.topology.dims: [[2, 2], [4, 4]]}\n";
  EXPECT_EQ(error_of(torus), "no error");
  // A scalar topology keeps its name when a field of it is swept, as a scalar policy does
  // ("topology: torus2d" with a sweep of platform.topology.dims: "needs a name" before).
  EXPECT_EQ(error_of("workload: {generator: fork_join}\n"
                     "platform: {cores: 4, network: flow, topology: torus2d}\n"
                     "sweep: {platform.topology.dims: [[2, 2], [4, 1]]}\n"),
            "no error");
  EXPECT_EQ(error_of("workload: {generator: fork_join}\n"
                     "platform: {cores: 4, network: flow, topology: tours2d}\n"
                     "sweep: {platform.topology.dims: [[2, 2], [4, 1]]}\n")
                .substr(0, 32),
            ":2:47: unknown topology 'tours2d");  // at the name
  EXPECT_EQ(error_of(std::regex_replace(torus, std::regex("cores: 64"), "cores: 0")),
            ":2:19: platform.cores must be a whole number from 1 to 16777216, not '0'");
}

// workload.reference_speed follows the rule of the platform keys: an error only if no run uses
// it. A sweep over a DOT file and a WfCommons instance at 1 and 2 GHz was refused ("not to a dot
// graph"); the DOT runs now keep their flops (the same graph at either speed) and the WfCommons
// runs read b's 3 s at each speed (3e9, 6e9 flops). Swept over DOT files alone it is still an
// error, at its first value (column 30 of "  workload.reference_speed: [1GHz, 2GHz]").
TEST(Scenario, AReferenceSpeedSomeRunsUseIsFine) {
  const std::string json = std::string(PELSIM_TEST_DATA) + "/wfcommons/two-machines.json";
  const std::string dot = std::string(PELSIM_TEST_DATA) + "/sgref/layered_n20_d2_s1.dot";
  const auto dir = fresh_dir("scenario_reference_speed_mixed");
  const Scenario s = load_scenario(
      write_file(dir, "s.yaml",
                 "workload: {file: " + dot + "}\nplatform: {cores: 1}\nsweep:\n  workload.file: [" +
                     dot + ", " + json + "]\n  workload.reference_speed: [1GHz, 2GHz]\n"));
  ASSERT_EQ(s.points.size(), 4u);  // (dot, 1GHz), (dot, 2GHz), (json, 1GHz), (json, 2GHz)
  EXPECT_EQ(s.points[0].config.graph.get(), s.points[1].config.graph.get());
  EXPECT_EQ(s.points[0].config.graph->task_count(), 20u);
  EXPECT_DOUBLE_EQ(s.points[2].config.graph->work(1), 3e9);
  EXPECT_DOUBLE_EQ(s.points[3].config.graph->work(1), 6e9);
  EXPECT_EQ(
      error_of("workload: {file: " + dot + "}\nsweep:\n  workload.reference_speed: [1GHz, 2GHz]\n"),
      ":3:30: workload.reference_speed applies to runtimes (wfcommons, dax, stg), not to a "
      "dot graph, whose work is in flops");
  // Zipped, the DOT file with one speed and the instance with the other: some run reads
  // runtimes, so neither value is an error (each was refused alone before).
  const Scenario zipped = load_scenario(
      write_file(dir, "z.yaml",
                 "workload: {file: " + dot +
                     "}\nplatform: {cores: 1}\nsweep:\n  combine: zip\n"
                     "  workload.file: [" +
                     dot + ", " + json + "]\n  workload.reference_speed: [1GHz, 2GHz]\n"));
  ASSERT_EQ(zipped.points.size(), 2u);
  EXPECT_DOUBLE_EQ(zipped.points[1].config.graph->work(1), 6e9);
  // Values built from a range, over DOT runs only: the error is at that range (line 4, column
  // 29), not at another sweep entry (it was at the policy's, line 3).
  EXPECT_EQ(error_of("workload: {file: " + dot +
                     "}\nsweep:\n  policy: [heft, fifo]\n  workload.reference_speed: {from: 1e9, "
                     "to: 3e9, step: 1e9}\n"),
            ":4:29: workload.reference_speed applies to runtimes (wfcommons, dax, stg), not to a "
            "dot graph, whose work is in flops");
}

// workload.root_end: SimGrid's root and end tasks for a DAX (Sipht_30: 29 jobs + 2); with the
// rule of reference_speed, an error only if no run reads a DAX (at the key), fine in a sweep
// over a DOT file and the DAX (the DOT runs keep their graph).
TEST(Scenario, RootEndAddsSimGridsTasksToADax) {
  const std::string dax =
      std::string(PELSIM_TEST_DATA) + "/../../scenarios/workloads/pegasus-dax/Sipht_30.xml";
  const std::string dot = std::string(PELSIM_TEST_DATA) + "/sgref/layered_n20_d2_s1.dot";
  const auto dir = fresh_dir("scenario_root_end");
  const Scenario s = load_scenario(write_file(
      dir, "s.yaml", "workload: {file: " + dax + ", root_end: true}\nplatform: {cores: 2}\n"));
  ASSERT_FALSE(s.points.empty());
  EXPECT_EQ(s.points[0].config.graph->task_count(), 31u);
  EXPECT_EQ(s.points[0].config.graph->name(0), "root");
  const Scenario mixed =
      load_scenario(write_file(dir, "m.yaml",
                               "workload: {file: " + dot +
                                   ", root_end: true}\nplatform: {cores: 1}\nsweep:\n"
                                   "  workload.file: [" +
                                   dot + ", " + dax + "]\n"));
  ASSERT_EQ(mixed.points.size(), 2u);
  EXPECT_EQ(mixed.points[0].config.graph->task_count(), 20u);
  EXPECT_EQ(mixed.points[1].config.graph->task_count(), 31u);
  EXPECT_EQ(
      error_of("workload: {file: " + dot + ", root_end: true}\n"),
      ":1:" + std::to_string(dot.size() + 30) +  // "workload: {file: " + path + ", root_end: "
          ": workload.root_end adds SimGrid's root and end tasks to a DAX (staging its "
          "files), not to a dot graph");
  EXPECT_EQ(error_of("workload: {file: " + dot + ", root_end: false}\n"), "no error");
  EXPECT_EQ(error_of("workload: {generator: chain, root_end: true}\n"),
            ":1:40: root_end is not used with generator");
}

}  // namespace
}  // namespace pelsim::experiment
