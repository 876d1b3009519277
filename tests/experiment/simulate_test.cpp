#include "pelsim/experiment/simulate.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "pelsim/experiment/atomic_file.hpp"
#include "pelsim/experiment/json_line.hpp"
#include "pelsim/models/error.hpp"
#include "test_files.hpp"

namespace pelsim::experiment {
namespace {

namespace fs = std::filesystem;
using testing::fresh_dir;
using testing::slurp;

// A request to simulate `dot` (written to dir/g.dot) on `cores` cores.
SimulateRequest request_for(const fs::path& dir, const std::string& dot, std::uint32_t cores) {
  std::ofstream(dir / "g.dot") << dot;
  SimulateRequest req;
  req.graph_path = (dir / "g.dot").string();
  req.cores = cores;
  return req;
}

TEST(Simulate, RunsADotFileAndWritesTraceAndSchedule) {
  const fs::path dir = fresh_dir("simulate_ok");
  SimulateRequest req =
      request_for(dir, "digraph { a [size=2e9]; b [size=3e9]; a -> b [size=5e8]; }", 2);
  req.latency = 1e-3;
  req.bandwidth = 1e10;
  req.trace_path = (dir / "trace.csv").string();
  req.write_schedule_path = (dir / "sched.csv").string();
  const SimulateReport r = simulate(req);
  // hlfet keeps the chain on core 0: 2 + 3 = 5 s (moving b would add L + X/B = 0.051 s).
  EXPECT_EQ(r.makespan, 5.0);
  EXPECT_EQ(r.policy, "hlfet");
  EXPECT_EQ(r.tasks, 2u);
  EXPECT_EQ(r.total_work, 5e9);
  EXPECT_EQ(r.critical_path, 5.0);
  EXPECT_EQ(slurp(req.trace_path), "task,core,start,finish\na,0,0,2\nb,0,2,5\n");
  EXPECT_EQ(slurp(req.write_schedule_path), "task,core,order\na,0,0\nb,0,1\n");
  // Replaying the written schedule with the static policy gives the same makespan.
  SimulateRequest replay = req;
  replay.schedule_path = req.write_schedule_path;
  replay.trace_path.clear();
  replay.write_schedule_path.clear();
  const SimulateReport again = simulate(replay);
  EXPECT_EQ(again.policy, "static");
  EXPECT_EQ(again.makespan, 5.0);
}

// A failure (docs/models/faults.md): a (2 s) then b (3 s) on one core; the core fails at 1 s
// and is repaired at 1.5 s: a runs again [1.5, 3.5], b [3.5, 6.5]. The trace shows the runs that
// completed; the report counts the failure, the run cut short and its 1 s of lost work.
TEST(Simulate, AFailedCoreRunsItsTaskAgainAndTheReportSaysSo) {
  const fs::path dir = fresh_dir("simulate_fail");
  SimulateRequest req = request_for(dir, "digraph { a [size=2e9]; b [size=3e9]; a -> b; }", 1);
  req.trace_path = (dir / "trace.csv").string();
  req.faults.failures.push_back({0, 1.0, 0.5});
  SimulateReport r = simulate(req);
  EXPECT_EQ(r.makespan, 6.5);
  EXPECT_TRUE(r.faults);
  EXPECT_EQ(r.failures, 1u);
  EXPECT_EQ(r.interrupted, 1u);
  EXPECT_EQ(r.lost_work, 1.0);
  EXPECT_EQ(slurp(req.trace_path), "task,core,start,finish\na,0,1.5,3.5\nb,0,3.5,6.5\n");
  EXPECT_NE(r.to_json().find("\"failures\":1,\"interrupted\":1,\"lost_work\":1,"),
            std::string::npos)
      << r.to_json();
  EXPECT_NE(r.to_text().find("failures      1 (1 task run cut short, 1 s of work lost)"),
            std::string::npos);
  // For good, on 2 cores: hlfet planned a and b on core 0; the simulator moves them to core 1
  // (the only one left) at 1 s: a [1, 3], b [3, 6]. fifo: core 1 takes a at 1 s, then b.
  req.faults.failures[0].repair = models::kNeverRepaired;
  req.cores = 2;
  for (const char* policy : {"hlfet", "fifo"}) {
    req.policy = policy;
    r = simulate(req);
    EXPECT_EQ(r.makespan, 6.0) << policy;
    EXPECT_EQ(slurp(req.trace_path), "task,core,start,finish\na,1,1,3\nb,1,3,6\n") << policy;
  }
  // Checkpoints every 0.5 s of computing (free), one core repaired at 1.5 s: a keeps the 1 s
  // done (its checkpoint of 1 s is written as the core fails) and resumes [1.5, 2.5], b [2.5,
  // 5.5]; checkpoints: a's at 0.5 and 1, then one at 0.5 into its second run, b's 5.
  req.cores = 1;
  req.policy = "fifo";
  req.faults.failures[0].repair = 0.5;
  req.faults.checkpoints.interval = 0.5;
  r = simulate(req);
  EXPECT_EQ(r.makespan, 5.5);
  EXPECT_EQ(r.lost_work, 0.0);
  EXPECT_EQ(r.checkpoints, 8u);
  EXPECT_NE(r.to_json().find("\"lost_work\":0,\"checkpoints\":8,\"checkpoint_time\":0,"),
            std::string::npos)
      << r.to_json();
  EXPECT_NE(r.to_text().find("checkpoints   8 (0 s writing and reading back)"), std::string::npos);
}

TEST(Simulate, SameInputsGiveBitIdenticalTraces) {
  // Determinism: two runs of the same request write byte-identical traces and schedules.
  const fs::path dir = fresh_dir("simulate_determinism");
  for (const char* policy : {"fifo", "hlfet"}) {
    std::string traces[2], schedules[2];
    for (int run = 0; run < 2; ++run) {
      SimulateRequest req;
      req.graph_path = std::string(PELSIM_TEST_DATA) + "/sgref/layered_n1000_d2_s3.dot";
      req.cores = 16;
      req.policy = policy;
      req.latency = 1e-5;
      req.bandwidth = 1e8;
      req.trace_path = (dir / ("trace" + std::to_string(run) + ".csv")).string();
      req.write_schedule_path = (dir / ("sched" + std::to_string(run) + ".csv")).string();
      simulate(req);
      traces[run] = slurp(req.trace_path);
      schedules[run] = slurp(req.write_schedule_path);
    }
    EXPECT_EQ(traces[0], traces[1]) << policy;
    EXPECT_EQ(schedules[0], schedules[1]) << policy;
    EXPECT_EQ(std::count(traces[0].begin(), traces[0].end(), '\n'), 1001) << policy;
  }
}

// An output named "-" goes to the caller's standard output, whole, after the files; at most
// one output may ask for it, and without a standard output "-" is an error, not a file "-".
TEST(Simulate, AnOutputNamedDashGoesToStandardOutput) {
  const fs::path dir = fresh_dir("simulate_dash");
  SimulateRequest req =
      request_for(dir, "digraph { a [size=2e9]; b [size=3e9]; a -> b [size=5e8]; }", 2);
  req.trace_path = "-";
  req.write_schedule_path = (dir / "sched.csv").string();
  std::ostringstream out;
  req.standard_output = &out;
  simulate(req);
  // The trace of RunsADotFileAndWritesTraceAndSchedule: hlfet keeps the chain on core 0.
  EXPECT_EQ(out.str(), "task,core,start,finish\na,0,0,2\nb,0,2,5\n");
  EXPECT_EQ(slurp(req.write_schedule_path), "task,core,order\na,0,0\nb,0,1\n");
  EXPECT_FALSE(fs::exists("-"));

  req.explain_path = "-";
  EXPECT_THROW(simulate(req), models::InputError);  // --trace and --explain both -
  req.explain_path.clear();
  req.standard_output = nullptr;
  EXPECT_THROW(simulate(req), models::InputError);
  EXPECT_FALSE(fs::exists("-"));
}

// A task name with a comma is quoted in the trace and the written schedule (RFC 4180), and
// the schedule reads back.
TEST(Simulate, NamesWithCommasAreQuotedInTheCsvOutputs) {
  const fs::path dir = fresh_dir("simulate_comma");
  SimulateRequest req =
      request_for(dir, "digraph { \"a,1\" [size=2e9]; b [size=3e9]; \"a,1\" -> b; }", 1);
  req.trace_path = (dir / "trace.csv").string();
  req.write_schedule_path = (dir / "sched.csv").string();
  simulate(req);
  EXPECT_EQ(slurp(req.trace_path), "task,core,start,finish\n\"a,1\",0,0,2\nb,0,2,5\n");
  EXPECT_EQ(slurp(req.write_schedule_path), "task,core,order\n\"a,1\",0,0\nb,0,1\n");
  req.schedule_path = req.write_schedule_path;
  req.trace_path.clear();
  req.write_schedule_path.clear();
  EXPECT_EQ(simulate(req).makespan, 5.0);  // 2 + 3 s on one core
}

TEST(Simulate, BadInputLeavesNoOutputFile) {
  const fs::path dir = fresh_dir("simulate_bad");
  std::ofstream(dir / "cycle.dot") << "digraph {\n a -> b;\n b -> a;\n}\n";
  SimulateRequest req;
  req.graph_path = (dir / "cycle.dot").string();
  req.cores = 2;
  req.trace_path = (dir / "trace.csv").string();
  EXPECT_THROW(simulate(req), models::InputError);
  EXPECT_FALSE(fs::exists(req.trace_path));
  for (const auto& entry : fs::directory_iterator(dir))  // no temporary left behind either
    EXPECT_EQ(entry.path().filename(), "cycle.dot");
}

TEST(Simulate, ExplainWritesOneJsonLinePerDecision) {
  const fs::path dir = fresh_dir("simulate_explain");
  SimulateRequest req =
      request_for(dir, "digraph { a [size=2e9]; b [size=3e9]; a -> b [size=5e8]; }", 2);
  req.latency = 1e-3;
  req.bandwidth = 1e10;
  req.explain_path = (dir / "explain.jsonl").string();
  simulate(req);
  std::istringstream lines(slurp(req.explain_path));
  std::vector<nlohmann::json> d;
  for (std::string line; std::getline(lines, line);) d.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(d.size(), 2u);
  // hlfet, 1 Gflop/s cores; a transfer costs L + X/B = 1e-3 + 5e8/1e10 = 0.051 s.
  // Bottom levels: bl(b) = 3, bl(a) = 2 + 0.051 + 3 = 5.051.
  // a: EFT {2, 2} -> core 0 (tie: lowest core).
  EXPECT_EQ(d[0]["task"], "a");
  EXPECT_EQ(d[0]["task_id"], 0);
  EXPECT_EQ(d[0]["kind"], "planned");
  EXPECT_EQ(d[0]["final"], true);
  EXPECT_EQ(d[0]["core"], 0);
  EXPECT_EQ(d[0]["score"].get<double>(), 2.0);
  EXPECT_EQ(d[0]["score_name"], "eft");
  EXPECT_EQ(d[0]["rank_name"], "bottom_level");
  EXPECT_DOUBLE_EQ(d[0]["rank"].get<double>(), 5.051);
  EXPECT_FALSE(d[0].contains("victim"));  // fields that do not apply are left out
  // b: data ready {2 (local), 2 + 0.051}; EFT {2 + 3 = 5, 2.051 + 3 = 5.051} -> core 0.
  EXPECT_EQ(d[1]["task"], "b");
  EXPECT_EQ(d[1]["core"], 0);
  EXPECT_EQ(d[1]["rank"].get<double>(), 3.0);
  ASSERT_EQ(d[1]["candidates"].size(), 2u);
  EXPECT_EQ(d[1]["candidates"][0]["core"], 0);
  EXPECT_EQ(d[1]["candidates"][0]["start"].get<double>(), 2.0);
  EXPECT_EQ(d[1]["candidates"][0]["finish"].get<double>(), 5.0);
  EXPECT_EQ(d[1]["candidates"][1]["start"].get<double>(), 2.0 + (1e-3 + 5e8 / 1e10));
  EXPECT_EQ(d[1]["candidates"][1]["finish"].get<double>(), 2.0 + (1e-3 + 5e8 / 1e10) + 3.0);
  EXPECT_EQ(d[1]["finish"].get<double>(), 5.0);
}

TEST(Simulate, ExplainOfAFailedRunLeavesNoFile) {
  // A static order contradicting the DAG (b before a on one core) deadlocks: the decisions
  // were being written, but the file never appears.
  const fs::path dir = fresh_dir("simulate_explain_bad");
  std::ofstream(dir / "g.dot") << "digraph { a [size=1e9]; b [size=1e9]; a -> b; }";
  std::ofstream(dir / "s.csv") << "task,core,order\na,0,1\nb,0,0\n";
  SimulateRequest req;
  req.graph_path = (dir / "g.dot").string();
  req.cores = 1;
  req.schedule_path = (dir / "s.csv").string();
  req.explain_path = (dir / "explain.jsonl").string();
  EXPECT_THROW(simulate(req), models::InputError);
  EXPECT_FALSE(fs::exists(req.explain_path));
  // No temporary left behind either: only g.dot and s.csv.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 2);
}

// Two outputs naming one file, or an output naming an input, are refused before the run: the
// file used to end up a mix of both outputs, or the graph replaced by the trace.
TEST(Simulate, OutputsNeedFilesOfTheirOwn) {
  const fs::path dir = fresh_dir("simulate_same_files");
  const std::string graph = "digraph { a [size=1e9]; b [size=1e9]; a -> b; }";
  std::ofstream(dir / "g.dot") << graph;
  const auto error_of = [](const SimulateRequest& req) {
    try {
      simulate(req);
    } catch (const models::InputError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  SimulateRequest req;
  req.graph_path = (dir / "g.dot").string();
  req.cores = 2;
  req.trace_path = (dir / "out.csv").string();
  req.write_schedule_path = (dir / "." / "out.csv").string();  // the same file, spelt otherwise
  EXPECT_EQ(error_of(req), "--write-schedule " + req.write_schedule_path +
                               " is also the file of --trace: give each output a file of its own");
  EXPECT_FALSE(fs::exists(dir / "out.csv"));
  req.write_schedule_path.clear();
  req.trace_path = req.graph_path;
  EXPECT_EQ(error_of(req), "--trace " + req.graph_path +
                               " is the graph, an input of the run: give each output a file of "
                               "its own");
  EXPECT_EQ(slurp(dir / "g.dot"), graph);
  // A file that does not exist yet, spelt relative and with ./ and ../ (weakly_canonical leaves
  // a relative path of which nothing exists relative: compared as such, they differed).
  const fs::path here = fs::current_path();
  fs::current_path(dir);
  req.graph_path = "g.dot";
  req.trace_path = "./new.csv";
  req.write_schedule_path = "new.csv";
  EXPECT_EQ(error_of(req),
            "--write-schedule new.csv is also the file of --trace: give each "
            "output a file of its own");
  req.write_schedule_path = "../" + dir.filename().string() + "/new.csv";
  EXPECT_NE(error_of(req), "");
  req.write_schedule_path = (dir / "new.csv").string();
  EXPECT_NE(error_of(req), "");
  fs::current_path(here);
  EXPECT_FALSE(fs::exists(dir / "new.csv"));
  req.graph_path = (dir / "g.dot").string();
  req.trace_path = (dir / "trace.csv").string();  // distinct files: fine
  req.write_schedule_path = (dir / "schedule.csv").string();
  EXPECT_EQ(error_of(req), "");
}

TEST(Simulate, UnknownPolicyAndNetworkAreInputErrors) {
  SimulateRequest req;
  req.graph_path = "unused.dot";
  req.cores = 2;
  req.policy = "magic";
  EXPECT_THROW(simulate(req), models::InputError);
  req.policy = "fifo";
  req.network = "carrier_pigeon";
  EXPECT_THROW(simulate(req), models::InputError);
}

TEST(AtomicFile, UncommittedWriteLeavesNothing) {
  const fs::path dir = fresh_dir("atomic");
  const std::string path = (dir / "out.csv").string();
  std::ofstream(path) << "old";
  {
    AtomicFile f(path);
    f.stream() << "new, half written";
  }  // destroyed without commit: the old file stays
  EXPECT_EQ(slurp(path), "old");
  {
    AtomicFile f(path);
    f.stream() << "new";
    f.commit();
  }
  EXPECT_EQ(slurp(path), "new");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
}

// What a front end's signal handler calls: the temporaries of the files being written go, a
// committed or destroyed file's are no longer tracked (its name is not removed again), and the
// old contents of the outputs stay.
TEST(AtomicFile, OpenTemporariesCanBeRemovedFromASignalHandler) {
  const fs::path dir = fresh_dir("atomic_signal");
  std::ofstream(dir / "a.csv") << "old";
  AtomicFile done((dir / "done.csv").string());
  done.stream() << "whole";
  done.commit();
  {
    AtomicFile a((dir / "a.csv").string());
    AtomicFile b((dir / "b.csv").string());
    a.stream() << "half";
    b.stream() << "half";
    EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 4);
    AtomicFile::remove_open_temporaries();
    // Only the old a.csv and the committed file are left.
    EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 2);
  }
  EXPECT_EQ(slurp((dir / "a.csv").string()), "old");
  EXPECT_EQ(slurp((dir / "done.csv").string()), "whole");
  EXPECT_FALSE(fs::exists(dir / "b.csv"));
}

// `--trace link.csv` where link.csv is a symbolic link: the file it names gets the output and
// the link stays (it was replaced by a regular file). A device such as /dev/null is written,
// not replaced by a regular file (as root, `--trace /dev/null` replaced the device).
TEST(AtomicFile, FollowsSymbolicLinksAndWritesDevicesInPlace) {
  const fs::path dir = fresh_dir("atomic_links");
  std::ofstream(dir / "target.csv") << "old";
  fs::create_symlink("target.csv", dir / "link.csv");
  {
    AtomicFile f((dir / "link.csv").string());
    f.stream() << "new";
    f.commit();
  }
  EXPECT_TRUE(fs::is_symlink(fs::symlink_status(dir / "link.csv")));
  EXPECT_EQ(slurp((dir / "target.csv").string()), "new");
  AtomicFile null_device("/dev/null");
  null_device.stream() << "nothing";
  null_device.commit();
  EXPECT_TRUE(fs::is_character_file("/dev/null"));
}

TEST(JsonLine, PrintsFullPrecisionAndEscapes) {
  JsonLine j;
  j.add("t", 0.1).add("n", std::uint64_t{3}).add("s", "a\"b").add("nan", 0.0 / 0.0);
  EXPECT_EQ(j.str(), "{\"t\":0.10000000000000001,\"n\":3,\"s\":\"a\\\"b\",\"nan\":null}");
}

}  // namespace
}  // namespace pelsim::experiment
