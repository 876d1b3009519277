#include "pelsim/experiment/replay.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pelsim/experiment/run_point.hpp"
#include "pelsim/models/error.hpp"
#include "pelsim/models/trace_recorder.hpp"
#include "test_files.hpp"

namespace pelsim::experiment {
namespace {

const std::string kChain =
    std::string(PELSIM_SCENARIOS_DIR) + "/workloads/wfcommons/helloworld-chain-5-chameleon.json";

TEST(Replay, AChainReplaysAsTheSumOfItsRuntimes) {
  // helloworld-chain-5: 5 tasks in a chain; runtimes sum to 501.24 s (summed from the file; the
  // workloads README rounds to 501.2); the run recorded 661 s on 64 cores (one machine).
  const ReplayResult r = replay(kChain, {});
  EXPECT_EQ(r.tasks, 5u);
  EXPECT_EQ(r.cores, 64u);
  EXPECT_DOUBLE_EQ(r.measured, 661.0);
  EXPECT_NEAR(r.simulated, 501.24, 1e-9);
  EXPECT_NEAR(r.critical_path, 501.24, 1e-9);
  EXPECT_NEAR(r.error, (501.24 - 661.0) / 661.0, 1e-12);
}

TEST(Replay, APerTaskOverheadAddsOncePerTaskOfTheChain) {
  ReplayOptions o;
  o.task_overhead = 10;  // 501.24 + 5 x 10
  EXPECT_NEAR(replay(kChain, o).simulated, 551.24, 1e-9);
}

TEST(Replay, TheFittedOverheadClosesTheGapOfAChain) {
  // 501.24 + 5 o = 661  ->  o = 31.952 s; golden-section search to 1 ms.
  const OverheadFit fit = fit_task_overhead({kChain}, {});
  EXPECT_NEAR(fit.overhead, (661.0 - 501.24) / 5, 2e-3);
  ASSERT_EQ(fit.results.size(), 1u);
  EXPECT_NEAR(fit.results[0].error, 0.0, 1e-4);
}

// tests/data/wfcommons/two-machines.json: machines "slow" (1 core, 1000 MHz) and "fast" (1 core,
// 2000 MHz); a (4 s on slow) and b (3 s on fast, then slow) -> c (1 s, no machine).
const std::string kTwoMachines = std::string(PELSIM_TEST_DATA) + "/wfcommons/two-machines.json";

TEST(Replay, EachTaskTakesItsRuntimeOnACoreOfItsMachine) {
  ReplayOptions o;
  o.policy = "heft";
  const RunConfig c = replay_run_config(kTwoMachines, o);
  // The recorded cores at their machines' speeds, machine after machine.
  EXPECT_EQ(c.cores, 2u);
  EXPECT_EQ(c.speeds, (std::vector<double>{1e9, 2e9}));
  // Works (the reader): a 4 s * 1e9 = 4e9, b 3 s * 2e9 = 6e9, c 1 s * 1e9 (no machine, the
  // machines' speeds differ) = 1e9. HEFT, mean costs over the two cores: a (4+2)/2 = 3 s,
  // b (6+3)/2 = 4.5 s, c (1+0.5)/2 = 0.75 s; upward ranks b 5.25 > a 3.75 > c 0.75.
  // b: finishes at 6 on slow, 3 on fast -> fast [0, 3]. a: 4 on slow, 3 + 2 = 5 on fast ->
  // slow [0, 4]. c: ready at 4 (ideal network), 5 on slow, 4.5 on fast -> fast [4, 4.5].
  models::TraceRecorder trace(3, 2);
  const RunMeasures r = run_point(c, &trace);
  EXPECT_EQ(trace.core(0), 0u);
  EXPECT_EQ(trace.core(1), 1u);
  EXPECT_EQ(trace.core(2), 1u);
  EXPECT_DOUBLE_EQ(trace.finish(0) - trace.start(0), 4.0);  // a: its recorded runtime
  EXPECT_DOUBLE_EQ(trace.finish(1) - trace.start(1), 3.0);  // b: its recorded runtime
  EXPECT_DOUBLE_EQ(trace.finish(2) - trace.start(2), 0.5);  // c: 1e9 flops at 2e9 flop/s
  EXPECT_DOUBLE_EQ(r.makespan, 4.5);
  const ReplayResult rr = replay(kTwoMachines, o);
  EXPECT_DOUBLE_EQ(rr.simulated, 4.5);
  EXPECT_DOUBLE_EQ(rr.error, (4.5 - 5.0) / 5.0);  // recorded makespan 5 s
}

// The overhead's copy of a graph keeps names, types and locks; only the work grows, by
// seconds x each task's speed (1 s at 2e9 flop/s: 2e9 flops more).
TEST(Replay, TheOverheadCopyKeepsTypesAndLocks) {
  models::TaskGraphBuilder b("g");
  const models::TaskId a = b.intern_task("a", 1e9);
  b.set_type(a, "io");
  b.set_lock(a, "disk");
  b.intern_task("b", 1e9);
  b.add_edge(0, 1, 8.0);
  const models::TaskGraph g = with_task_overhead(b.build(), 1.0, std::vector<double>{2e9, 1e9});
  EXPECT_EQ(g.work(0), 3e9);
  EXPECT_EQ(g.work(1), 2e9);
  EXPECT_EQ(g.task_type_name_of(0), "io");
  EXPECT_EQ(g.lock_name(g.lock_of(0)), "disk");
  EXPECT_EQ(g.lock_of(1), models::TaskGraph::kNoLock);
  EXPECT_EQ(g.bytes(0), 8.0);
}

// tests/data/wfcommons/two-nodes-of-two.json: machines m1 and m2 of 2 cores each at 1000 MHz;
// a (1 s) -> b, c (1 s each), both reading a's 1 GB file. fifo at 1 GB/s: a on core 0 [0, 1];
// b and c are ready at 1 and go to the lowest idle cores, 0 and 1, both on m1.
//   flow, a node per machine: b reads locally, c on core 1 reads within m1 (free): both
//   [1, 2], makespan 2.
//   a node per core (what flow did before): c's 1 GB crosses two 1 GB/s crossbar links of
//   1 us each: it arrives at 1 + 2e-6 + 1 and c ends at 3 + 2e-6.
const std::string kTwoNodesOfTwo =
    std::string(PELSIM_TEST_DATA) + "/wfcommons/two-nodes-of-two.json";

TEST(Replay, UnderFlowEachRecordedMachineIsANode) {
  ReplayOptions o;
  o.network = "flow";
  const RunConfig c = replay_run_config(kTwoNodesOfTwo, o);
  EXPECT_EQ(c.cores, 4u);
  EXPECT_EQ(c.flow.cores_per_node, 2u);
  EXPECT_DOUBLE_EQ(replay(kTwoNodesOfTwo, o).simulated, 2.0);
  RunConfig per_core = c;
  per_core.flow.cores_per_node = 1;
  EXPECT_NEAR(run_point(per_core).makespan, 3 + 2e-6, 1e-12);
  o.network = "latency_bandwidth";  // no nodes: every transfer between two cores costs
  EXPECT_EQ(replay_run_config(kTwoNodesOfTwo, o).flow.cores_per_node, 1u);
}

TEST(Replay, UnderFlowMachinesOfDifferentSizesAreRefusedAtTheMachine) {
  const auto dir = testing::fresh_dir("replay_sizes");
  std::string text = testing::slurp(kTwoNodesOfTwo);
  const std::string m2 = R"({"nodeName": "m2", "cpu": {"coreCount": 2)";
  const std::size_t at = text.find(m2);
  ASSERT_NE(at, std::string::npos);
  text.replace(at, m2.size(), R"({"nodeName": "m2", "cpu": {"coreCount": 3)");
  const std::string path = testing::write_file(dir, "sizes.json", text);
  ReplayOptions o;
  o.network = "flow";
  try {
    replay(path, o);
    ADD_FAILURE() << "no error";
  } catch (const models::InputError& e) {
    EXPECT_EQ(e.line(), 20u);  // m2's nodeName
    EXPECT_EQ(e.reason().substr(0, 41), "machine 'm2' has 3 cores and 'm1' 2: --ne");
  }
  o.network = "ideal";
  EXPECT_DOUBLE_EQ(replay(path, o).simulated, 2.0);  // b and c on cores 0 and 1
}

// The same instance in the WfFormat 1.4 layout: the run is recorded in `workflow` itself
// (makespanInSeconds, machines with cpu.count and cpu.speed in MHz), b ran on "fast".
const std::string kTwoMachines14 =
    std::string(PELSIM_TEST_DATA) + "/wfcommons/two-machines-1.4.json";

TEST(Replay, TheOlderLayoutRecordsItsRunInTheWorkflow) {
  const RecordedExecution recorded = read_recorded_execution(kTwoMachines14);
  EXPECT_DOUBLE_EQ(recorded.makespan, 5.0);  // workflow.makespanInSeconds
  ASSERT_EQ(recorded.machines.size(), 2u);
  EXPECT_EQ(recorded.machines[1].name, "fast");
  EXPECT_EQ(recorded.machines[1].cores, 1u);               // cpu.count
  EXPECT_DOUBLE_EQ(recorded.machines[1].speed_mhz, 2000);  // cpu.speed
  ReplayOptions o;
  o.policy = "heft";
  const RunConfig c = replay_run_config(kTwoMachines14, o);
  EXPECT_EQ(c.cores, 2u);
  EXPECT_EQ(c.speeds, (std::vector<double>{1e9, 2e9}));
  // The same works and platform as the 1.5 file, so the same HEFT schedule as derived in
  // EachTaskTakesItsRuntimeOnACoreOfItsMachine: makespan 4.5 against the recorded 5.
  const ReplayResult r = replay(kTwoMachines14, o);
  EXPECT_DOUBLE_EQ(r.simulated, 4.5);
  EXPECT_DOUBLE_EQ(r.error, (4.5 - 5.0) / 5.0);
}

TEST(Replay, AnOlderLayoutWithoutItsRunIsRefusedAtTheLine) {
  const auto dir = testing::fresh_dir("replay_old");
  const std::string text = testing::slurp(kTwoMachines14);
  const auto edited = [&](const std::string& from, const std::string& to) {
    std::string t = text;
    const std::size_t at = t.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) t.replace(at, from.size(), to);
    return testing::write_file(dir, "edited.json", t);
  };
  const auto error_of = [](const std::string& path) -> std::string {
    try {
      read_recorded_execution(path);
    } catch (const models::InputError& e) {
      return e.what();
    }
    return "no error";
  };
  // Up to 1.2 the member is `makespan`.
  EXPECT_DOUBLE_EQ(
      read_recorded_execution(edited("\"makespanInSeconds\"", "\"makespan\"")).makespan, 5.0);
  std::string path = edited("\"makespanInSeconds\": 5,", "");
  EXPECT_EQ(error_of(path), path +
                                ": no workflow.makespanInSeconds (WfFormat 1.3, 1.4) nor "
                                "workflow.makespan (up to 1.2): the instance records no measured "
                                "makespan (replay compares with it)");
  // Line 4 holds the makespan, line 6 the machine "slow".
  path = edited("\"makespanInSeconds\": 5", "\"makespanInSeconds\": -5");
  EXPECT_EQ(error_of(path), path + ":4: workflow.makespanInSeconds must be > 0, not -5.000000");
  path = edited("\"count\": 1,", "\"count\": 0,");
  EXPECT_EQ(error_of(path),
            path + ":6: workflow.machines: count must be a whole number from 1 to 16777216, not 0");
}

TEST(Replay, AFileThatIsNotJsonIsToldSo) {
  // A Pegasus DAX: parsing stops at its first character, line 1.
  const std::string dax = std::string(PELSIM_SCENARIOS_DIR) + "/workloads/pegasus-dax/Sipht_30.xml";
  try {
    replay(dax, {});
    ADD_FAILURE() << "a DAX replayed";
  } catch (const models::InputError& e) {
    EXPECT_EQ(e.line(), 1u);
    EXPECT_EQ(e.reason(),
              "not a WfCommons JSON instance (replay needs one: a WfFormat .json file that "
              "records a run's makespan and machines); this file reads as a dax task graph, "
              "which records no run");
  }
  // A JSON object cut short: a syntax error at the line where the text ends (3), without
  // nlohmann's "[json.exception.parse_error.101]" prefix.
  const auto dir = testing::fresh_dir("replay_not_json");
  const std::string cut = testing::write_file(dir, "cut.json", "{\n \"workflow\": {\n");
  try {
    read_recorded_execution(cut);
    ADD_FAILURE() << "a cut JSON file was read";
  } catch (const models::InputError& e) {
    EXPECT_EQ(e.line(), 3u);
    EXPECT_EQ(e.reason().rfind("JSON syntax error: ", 0), 0u) << e.reason();
    EXPECT_EQ(std::string(e.what()).find("json.exception"), std::string::npos) << e.what();
  }
}

TEST(Replay, AStatedReferenceSpeedReadsEveryRuntimeAtIt) {
  ReplayOptions o;
  o.policy = "heft";
  o.reference_speed = 2e9;
  // Works: a 8e9, b 6e9, c 2e9. Mean costs: a (8+4)/2 = 6, b (6+3)/2 = 4.5, c (2+1)/2 = 1.5;
  // ranks a 7.5 > b 6 > c 1.5. a: 8 on slow, 4 on fast -> fast [0, 4]. b: 6 on slow, 4 + 3 = 7
  // on fast -> slow [0, 6]. c: ready at 6, 8 on slow, 7 on fast -> fast: makespan 7.
  EXPECT_DOUBLE_EQ(replay(kTwoMachines, o).simulated, 7.0);
}

TEST(Replay, AnOverheadLastsItsSecondsOnTheTasksMachine) {
  ReplayOptions o;
  o.policy = "heft";
  o.task_overhead = 1;
  const RunConfig c = replay_run_config(kTwoMachines, o);
  // 1 s at each task's speed: a 4e9 + 1e9, b 6e9 + 2e9, c 1e9 + 1e9.
  EXPECT_EQ(c.graph->work(0), 5e9);
  EXPECT_EQ(c.graph->work(1), 8e9);
  EXPECT_EQ(c.graph->work(2), 2e9);
}

TEST(Replay, RejectsAFileWithoutARecordedMakespan) {
  const std::string schema =
      std::string(PELSIM_SCENARIOS_DIR) + "/workloads/wfcommons/wfcommons-schema-1.5.json";
  EXPECT_THROW(read_recorded_execution(schema), models::InputError);
}

// The recorded run, edited: a makespan of 0 (an error of "0.0 %" before) and machines that
// are not what WfFormat says (bad_alloc, a json type_error or a hang before).
TEST(Replay, RejectsARecordedRunItCannotCompareWith) {
  const auto dir = testing::fresh_dir("replay_bad");
  const std::string chain = testing::slurp(kChain);
  const auto edited = [&](const std::string& from, const std::string& to) {
    const std::size_t at = chain.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    std::string text = chain;
    text.replace(at, from.size(), to);
    return testing::write_file(dir, "edited.json", text);
  };
  const auto error_of = [](const std::string& path) -> std::string {
    try {
      read_recorded_execution(path);
    } catch (const models::InputError& e) {
      return e.reason();
    }
    return "no error";
  };
  const std::string makespan = "\"makespanInSeconds\": ";
  const std::size_t at = chain.find(makespan);
  ASSERT_NE(at, std::string::npos);
  const std::string recorded = chain.substr(at, chain.find_first_of(",\n}", at) - at);
  EXPECT_EQ(error_of(edited(recorded, makespan + "0")),
            "workflow.execution.makespanInSeconds must be > 0, not 0.000000");
  EXPECT_EQ(error_of(edited("\"coreCount\": ", "\"coreCount\": -")).substr(0, 69),
            "workflow.execution.machines: coreCount must be a whole number from 1 ");
}

}  // namespace
}  // namespace pelsim::experiment
