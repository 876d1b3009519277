// SimGrid's own published outputs, reproduced by pelsim's `flow` network under LV08, SimGrid's
// default network model (`--flow-model lv08`): the DOT examples of SimGrid 3.32
// (examples/cpp/dag-from-dot*), run on SimGrid's example platforms with the mapping their
// reference outputs print (scenarios/workloads/simgrid/reference-output/*.tesh, which SimGrid
// prints to the microsecond). The schedule is SimGrid's; every time below is SimGrid's.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>

#include "pelsim/experiment/simulate.hpp"
#include "test_files.hpp"

namespace pelsim::experiment {
namespace {

const std::string kSimgrid = std::string(PELSIM_SCENARIOS_DIR) + "/workloads/simgrid/";

struct Times {
  double start, finish;
};

// `pelsim simulate DOT --platform PLATFORM --schedule (the CSV) --flow-model lv08`: each task's
// start and finish from its trace.
std::map<std::string, Times> run(const std::string& name, const std::string& dot,
                                 const std::string& platform, const std::string& schedule_csv,
                                 bool same_core_transfers = false) {
  const auto dir = testing::fresh_dir(name);
  SimulateRequest req;
  req.graph_path = kSimgrid + "dot/" + dot;
  req.platform_path = kSimgrid + "platforms/" + platform;
  req.schedule_path = testing::write_file(dir, "schedule.csv", schedule_csv);
  req.flow.model = models::FlowModel::lv08();
  req.flow.same_core_transfers = same_core_transfers;
  req.trace_path = (dir / "trace.csv").string();
  (void)simulate(req);
  std::map<std::string, Times> out;
  for (const auto& [task, t] : testing::read_trace(testing::slurp(req.trace_path)))
    out[task] = {t.start, t.finish};
  return out;
}

// SimGrid prints times with 6 decimals.
constexpr double kPrinted = 1e-6;

// s4u-dag-from-dot.tesh: dag-from-dot.dot on cluster_backbone.xml (100 hosts node-0 ..
// node-99, private links of 125 MB/s and 50 us, a shared backbone of 2.25 GB/s and 500 us).
// A 10001-byte edge between two hosts takes 13.01 x 600 us + 10001 / (0.97 x 125e6) s =
// 7.889 ms (under CM02 it would take 0.68 ms), and 7 -> 8 shares node-16's link with the
// 10 MB 7 -> end, which starts with it: 7.971 ms.
TEST(SimgridLv08Output, DagFromDotOnClusterBackbone) {
  // The summary of executed schedule: root and end on node-0, task k on node-1 (k = 0) or
  // node-(k + 9). The cluster's hosts are cores 0..99 in radical order.
  std::string csv = "task,core,order\nroot,0,0\n0,1,0\nend,0,1\n";
  for (int k = 1; k <= 9; ++k) csv += std::to_string(k) + "," + std::to_string(k + 9) + ",0\n";
  const auto t = run("lv08_dag_from_dot", "dag-from-dot.dot", "cluster_backbone.xml", csv);
  const std::map<std::string, Times> simgrid = {{"root", {0, 0}},
                                                {"0", {0, 10}},
                                                {"1", {10.007889, 20.007889}},
                                                {"2", {20.015777, 30.015777}},
                                                {"3", {30.023666, 40.023666}},
                                                {"4", {40.023666, 50.023666}},
                                                {"5", {50.031555, 60.031555}},
                                                {"6", {60.031555, 70.031555}},
                                                {"7", {70.039443, 80.039443}},
                                                {"8", {80.047414, 90.047415}},
                                                {"9", {90.047415, 100.047415}},
                                                {"end", {100.047415, 110.047415}}};
  ASSERT_EQ(t.size(), simgrid.size());
  for (const auto& [task, want] : simgrid) {
    ASSERT_TRUE(t.count(task)) << task;
    EXPECT_NEAR(t.at(task).start, want.start, kPrinted) << task;
    EXPECT_NEAR(t.at(task).finish, want.finish, kPrinted) << task;
  }
}

// s4u-dag-from-dot-simple.tesh: dag-from-dot-simple.dot on small_platform.xml, root on Fafard,
// c1 on Tremblay, c2, c3 and end on Jupiter. Transfers over SimGrid's routes between those
// hosts: root -> c2 ends at 33.394394, root -> c1 at 39.832311, c1 -> c3 at 125.115689; and,
// as SimGrid's DAG programs send every edge, c3 -> end from Jupiter to itself over its
// loopback: 151.329383 -> 151.743605 (with --same-core-transfers; without, pelsim moves no data
// between two tasks of one core and `end` finishes with c3).
TEST(SimgridLv08Output, DagFromDotSimpleOnSmallPlatform) {
  // small_platform.xml's hosts in the file's order: Tremblay, Jupiter, Fafard, Ginette,
  // Bourassa (cores 0 to 4).
  const std::string csv = "task,core,order\nroot,2,0\nc1,0,0\nc2,1,0\nc3,1,1\nend,1,2\n";
  const std::map<std::string, Times> simgrid = {{"root", {0, 0}},
                                                {"c1", {39.832311, 50.026511}},
                                                {"c2", {33.394394, 98.928629}},
                                                {"c3", {125.115689, 151.329383}},
                                                {"end", {151.743605, 151.743605}}};
  for (const bool same_core : {true, false}) {
    const auto t = run("lv08_dag_from_dot_simple", "dag-from-dot-simple.dot", "small_platform.xml",
                       csv, same_core);
    for (auto [task, want] : simgrid) {
      if (task == "end" && !same_core) want = {151.329383, 151.329383};  // no transfer
      ASSERT_TRUE(t.count(task)) << task;
      EXPECT_NEAR(t.at(task).start, want.start, kPrinted) << task << same_core;
      EXPECT_NEAR(t.at(task).finish, want.finish, kPrinted) << task << same_core;
    }
  }
}

// s4u-dag-from-json-simple.tesh: SimGrid's own DAG JSON (json/dag-from-json-simple.json, read
// by SimGrid 3.34's create_DAG_from_json), which places its tasks: c1 on Tremblay, c2 and c3 on
// Jupiter, and sends the transfer t1 (5e8 bytes) from c1's host to Jupiter. Given no schedule
// and no policy, pelsim runs the file's placement (`static`); the comm trace is t1's
// Comm line.
TEST(SimgridLv08Output, DagFromJsonSimpleOnSmallPlatformAsTheFilePlacesIt) {
  const auto dir = testing::fresh_dir("lv08_dag_from_json_simple");
  SimulateRequest req;
  req.graph_path = kSimgrid + "json/dag-from-json-simple.json";
  req.platform_path = kSimgrid + "platforms/small_platform.xml";
  req.flow.model = models::FlowModel::lv08();
  req.trace_path = (dir / "trace.csv").string();
  req.comm_trace_path = (dir / "comm.csv").string();
  const SimulateReport r = simulate(req);
  EXPECT_EQ(r.policy, "static");
  const auto t = testing::read_trace(testing::slurp(req.trace_path));
  const std::map<std::string, Times> simgrid = {
      {"c1", {0, 10.194200}}, {"c2", {0, 65.534235}}, {"c3", {85.283378, 111.497072}}};
  ASSERT_EQ(t.size(), simgrid.size());
  for (const auto& [task, want] : simgrid) {
    ASSERT_TRUE(t.count(task)) << task;
    EXPECT_NEAR(t.at(task).start, want.start, kPrinted) << task;
    EXPECT_NEAR(t.at(task).finish, want.finish, kPrinted) << task;
  }
  EXPECT_EQ(t.at("c1").core, "0");  // Tremblay
  EXPECT_EQ(t.at("c2").core, "1");  // Jupiter
  EXPECT_EQ(t.at("c3").core, "1");
  // "Comm 't1' is complete (start time: 10.194200, finish time: 85.283378)"
  const std::string comm = testing::slurp(req.comm_trace_path);
  EXPECT_EQ(comm.substr(0, comm.find('\n')), "src,dst,bytes,start,finish");
  EXPECT_NE(comm.find("c1,c3,500000000,10.1941995"), std::string::npos) << comm;
  EXPECT_NE(comm.find(",85.28337"), std::string::npos) << comm;
  // `--policy static` without a schedule runs the file's placement too; another policy does not.
  req.policy = "static";
  EXPECT_EQ(simulate(req).makespan, r.makespan);
  req.policy = "heft";
  req.trace_path.clear();
  req.comm_trace_path.clear();
  EXPECT_EQ(simulate(req).policy, "heft");
}

// A placement on multi-core hosts, on a cluster, and only in part. three_multicore_hosts.xml's
// PM2 has 2 cores of 8.095 Gf: x (10 s), then y and z (1 s each) in file order go to the core
// with the least work so far: x on one core, y and z after each other on the other: 10 s (the
// cores in turn would put z after x: 11 s). On cluster_crossbar.xml the hosts are named as
// SimGrid names them. A file that places some tasks only runs the policy asked for (hlfet by
// default), with a warning.
TEST(SimgridLv08Output, APlacementTakesAHostsLeastLoadedCoreAndClusterHostNames) {
  const auto dir = testing::fresh_dir("simgrid_json_placement");
  const auto run_file = [&](const std::string& json, const std::string& platform,
                            std::vector<std::string>* warnings = nullptr) {
    SimulateRequest req;
    req.graph_path = testing::write_file(dir, "dag.json", json);
    req.platform_path = kSimgrid + "platforms/" + platform;
    req.trace_path = (dir / "trace.csv").string();
    req.warnings = warnings;
    const SimulateReport r = simulate(req);
    return std::make_pair(r, testing::read_trace(testing::slurp(req.trace_path)));
  };
  const std::string three = R"({"workflow": {"tasks": [
    {"name": "x", "type": "compute", "parents": [], "runtime": 80.95e9, "machine": "PM2"},
    {"name": "y", "type": "compute", "parents": [], "runtime": 8.095e9, "machine": "PM2"},
    {"name": "z", "type": "compute", "parents": [], "runtime": 8.095e9, "machine": "PM2"}]}})";
  const auto [r, t] = run_file(three, "three_multicore_hosts.xml");
  EXPECT_EQ(r.policy, "static");
  EXPECT_DOUBLE_EQ(r.makespan, 10.0);
  EXPECT_EQ(t.at("x").core, "8");  // PM0 and PM1 have cores 0-7
  EXPECT_EQ(t.at("y").core, "9");
  EXPECT_EQ(t.at("z").core, "9");
  const auto [c, ct] = run_file(R"({"workflow": {"tasks": [
    {"name": "a", "type": "compute", "parents": [], "runtime": 1e9, "machine": "node-3.simgrid.org"}]}})",
                                "cluster_crossbar.xml");
  EXPECT_EQ(c.policy, "static");
  EXPECT_EQ(ct.at("a").core, "3");
  std::vector<std::string> warnings;
  const auto [p, pt] = run_file(R"({"workflow": {"tasks": [
    {"name": "a", "type": "compute", "parents": [], "runtime": 1e9, "machine": "PM0"},
    {"name": "b", "type": "compute", "parents": ["a"], "runtime": 1e9}]}})",
                                "three_multicore_hosts.xml", &warnings);
  EXPECT_EQ(p.policy, "hlfet");
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("names the hosts of some tasks only ('b' has none)"),
            std::string::npos)
      << warnings[0];
}

}  // namespace
}  // namespace pelsim::experiment
