// pelsim against SimGrid: tests/data/sgref holds DAGs, the schedules SimGrid's reference tool
// sgref (SimGrid 3.32, --net fatpipe) wrote and the task traces it produced; see the README
// there for the exact commands (regenerate.sh). `--net fatpipe` is the same model as pelsim's
// latency_bandwidth network, so makespans and per-task start/finish times must agree to 1e-9
// relative. sgref's built-in list scheduler is HLFET as pelsim defines it, so pelsim's hlfet
// must produce the very same plan. The same schedules under SimGrid's contention models
// (`--net private` and `--net bus`) are the reference for pelsim's flow network: crossbar
// topology with one core per node and L/2 per link, and bus.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "pelsim/models/dot_reader.hpp"
#include "pelsim/models/network_topology.hpp"
#include "pelsim/models/policies/hlfet.hpp"
#include "pelsim/models/policy.hpp"
#include "pelsim/models/schedule.hpp"
#include "pelsim/models/trace_recorder.hpp"
#include "trace_csv.hpp"

namespace pelsim::models {
namespace {

const std::string kDir = std::string(PELSIM_TEST_DATA) + "/sgref/";

struct Case {
  std::string stem;  // file name without .dot
  std::uint32_t tasks, edges, cores;
  double makespan;
};

std::vector<Case> read_manifest() {
  std::ifstream in(kDir + "MANIFEST.csv");
  std::vector<Case> cases;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    std::string file, tasks, edges, cores, makespan;
    std::getline(ss, file, ',');
    std::getline(ss, tasks, ',');
    std::getline(ss, edges, ',');
    std::getline(ss, cores, ',');
    std::getline(ss, makespan, ',');
    cases.push_back({file.substr(0, file.size() - 4), static_cast<std::uint32_t>(std::stoul(tasks)),
                     static_cast<std::uint32_t>(std::stoul(edges)),
                     static_cast<std::uint32_t>(std::stoul(cores)), std::stod(makespan)});
  }
  return cases;
}

double json_number(const std::string& json, const std::string& key) {
  const auto at = json.find("\"" + key + "\":");
  if (at == std::string::npos) return -1;
  return std::stod(json.substr(at + key.size() + 3));
}

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

bool close(double a, double b) { return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b)); }

// The sgref runs used -s 1e9 -l 1e-5 -b 1e8 (README of tests/data/sgref).
const NetworkModel kFatpipe = NetworkModel::latency_bandwidth(1e-5, 1e8);

TEST(SgrefEquality, ManifestIsThere) { EXPECT_EQ(read_manifest().size(), 7u); }

// Runs case c's stored schedule on `network` and compares with sgref's `mode` run: the
// makespan in X.mode.json and every task's core, start and finish in X.mode.trace.csv.
void expect_sgref_run(const Case& c, const NetworkModel& network, const std::string& mode) {
  SCOPED_TRACE(c.stem + " " + mode);
  const TaskGraph g = read_dot_file(kDir + c.stem + ".dot");
  ASSERT_EQ(g.task_count(), c.tasks);
  ASSERT_EQ(g.edge_count(), c.edges);
  const Schedule s = read_schedule_csv(kDir + c.stem + ".schedule.csv", g, c.cores);
  const Platform p = Platform::homogeneous(c.cores, 1e9);
  const Problem problem(g, p, network);
  TraceRecorder rec(g.task_count(), c.cores);
  PolicyOptions options;
  options.schedule = &s;
  auto run = PolicyRegistry::builtin().find("static").create(problem, options, &rec);
  run->run();
  const double makespan = json_number(read_text(kDir + c.stem + "." + mode + ".json"), "makespan");
  EXPECT_TRUE(close(run->result().makespan, makespan))
      << run->result().makespan << " vs SimGrid " << makespan;
  std::uint32_t mismatches = 0;
  const auto simgrid =
      test_support::read_trace(read_text(kDir + c.stem + "." + mode + ".trace.csv"));
  for (const auto& [name, times] : simgrid) {
    const TaskId t = *g.find(name);
    if (rec.core(t) != std::stoul(times.core) || !close(rec.start(t), times.start) ||
        !close(rec.finish(t), times.finish)) {
      if (++mismatches <= 3)
        ADD_FAILURE() << name << ": pelsim core " << rec.core(t) << " [" << rec.start(t) << ", "
                      << rec.finish(t) << "] vs SimGrid core " << times.core << " [" << times.start
                      << ", " << times.finish << "]";
    }
  }
  EXPECT_EQ(simgrid.size(), c.tasks);
  EXPECT_EQ(mismatches, 0u);
}

TEST(SgrefEquality, StaticScheduleGivesSimGridsMakespanAndTrace) {
  for (const Case& c : read_manifest()) {
    expect_sgref_run(c, kFatpipe, "fatpipe");
    // The manifest's makespan is the fatpipe one too.
    EXPECT_EQ(json_number(read_text(kDir + c.stem + ".fatpipe.json"), "makespan"), c.makespan);
  }
}

// The flow network on one node per core, every link `latency` and 1e8 B/s.
NetworkModel flow_network(TopologyKind kind, std::uint32_t cores, double latency) {
  TopologySpec spec;
  spec.kind = kind;
  spec.nodes = cores;
  spec.link_latency = latency;
  spec.link_bandwidth = 1e8;
  return NetworkModel::flow({build_topology(spec)});
}

// sgref --net private: each core its own up and down link (latency L/2 = 5e-6, 1e8 B/s) into
// a non-blocking crossbar.
TEST(SgrefEquality, FlowCrossbarIsSimGridsPrivateLinks) {
  for (const Case& c : read_manifest())
    expect_sgref_run(c, flow_network(TopologyKind::kCrossbar, c.cores, 5e-6), "private");
}

// sgref --net bus: one shared link (latency L = 1e-5, 1e8 B/s) carries every transfer.
TEST(SgrefEquality, FlowBusIsSimGridsSharedLink) {
  for (const Case& c : read_manifest())
    expect_sgref_run(c, flow_network(TopologyKind::kBus, c.cores, 1e-5), "bus");
}

TEST(SgrefEquality, HlfetMakesSgrefsPlan) {
  for (const Case& c : read_manifest()) {
    SCOPED_TRACE(c.stem);
    const TaskGraph g = read_dot_file(kDir + c.stem + ".dot");
    const Schedule expected = read_schedule_csv(kDir + c.stem + ".schedule.csv", g, c.cores);
    std::ifstream json_in(kDir + c.stem + ".fatpipe.json");
    std::string json((std::istreambuf_iterator<char>(json_in)), std::istreambuf_iterator<char>());
    const double sgref_estimate = json_number(json, "est_makespan");
    const Platform p = Platform::homogeneous(c.cores, 1e9);
    double estimate = 0;
    const Schedule plan = plan_hlfet(Problem(g, p, kFatpipe), &estimate);
    EXPECT_EQ(plan.core_of, expected.core_of);
    EXPECT_EQ(plan.sequence, expected.sequence);
    // sgref prints its estimate with %.17g: the same arithmetic gives the same double.
    EXPECT_EQ(estimate, sgref_estimate);
  }
}

}  // namespace
}  // namespace pelsim::models
