#include "pelsim/experiment/batch.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include <nlohmann/json.hpp>

#include "pelsim/models/error.hpp"
#include "test_files.hpp"

namespace pelsim::experiment {
namespace {

using testing::fresh_dir;
using testing::slurp;
using testing::write_file;

// 8 independent tasks of 1 Gflop on 1 Gflop/s cores: on p cores they take ceil(8/p) s.
const char* kBag = R"(description: ceil(n/p) by hand
workload: {generator: independent, params: {n: 8, work: 1e9}}
platform: {core_speed: 1GHz, network: ideal, power: {idle: 10W, busy: 100W}}
policy: fifo
sweep:
  platform.cores: [1, 2, 3, 4, 8]
)";

std::vector<std::vector<std::string>> csv_rows(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> row;
    std::istringstream fields(line);
    for (std::string f; std::getline(fields, f, ',');) row.push_back(f);
    rows.push_back(row);
  }
  return rows;
}

BatchResult run_in(const std::filesystem::path& dir, const std::string& scenario, unsigned jobs) {
  BatchOptions options;
  options.out_dir = (dir / "out").string();
  options.jobs = jobs;
  return run_batch(load_scenario(scenario), options);
}

TEST(Batch, ResultsFollowCeilNOverPAndTheLinearPowerModel) {
  const auto dir = fresh_dir("batch_bag");
  const BatchResult r = run_in(dir, write_file(dir, "bag.yaml", kBag), 2);
  const auto rows = csv_rows(slurp(r.results_csv));
  ASSERT_EQ(rows.size(), 6u);
  EXPECT_EQ(rows[0][0], "run");
  EXPECT_EQ(rows[0][1], "scenario");
  EXPECT_EQ(rows[0][5], "makespan");
  EXPECT_EQ(rows[0][7], "speedup");
  EXPECT_EQ(rows[0][12], "energy_j");
  const double cores[] = {1, 2, 3, 4, 8};
  for (int i = 0; i < 5; ++i) {
    const auto& row = rows[static_cast<std::size_t>(i) + 1];
    const double p = cores[i];
    const double makespan = std::ceil(8 / p);  // ceil(n/p) * w / S
    EXPECT_EQ(row[1], "bag");
    EXPECT_EQ(std::stod(row[4]), p);
    EXPECT_EQ(std::stod(row[5]), makespan);
    EXPECT_EQ(std::stod(row[7]), 8 / makespan);            // T1 = 8 s
    EXPECT_EQ(std::stod(row[8]), 8 / makespan / p);        // efficiency
    // Energy: 8 busy core-seconds at 100 W + (p * makespan - 8) idle core-seconds at 10 W.
    EXPECT_DOUBLE_EQ(std::stod(row[12]), 8 * 100 + (p * makespan - 8) * 10);
  }
  ASSERT_EQ(r.curves.size(), 1u);
  EXPECT_FALSE(r.curves[0].weak);
  // Speedups 1, 2, 8/3, 4, 8 on 1, 2, 3, 4, 8 cores: only 3 cores deviates from f = 0.
  EXPECT_GT(r.curves[0].amdahl.serial_fraction, 0.0);
  EXPECT_LT(r.curves[0].amdahl.serial_fraction, 0.05);
  EXPECT_TRUE(std::filesystem::exists(r.summary_json));
  // Core counts are whole numbers there ("cores": 3, not 3.0).
  const std::string summary = slurp(r.summary_json);
  EXPECT_NE(summary.find("\"cores\": 3,"), std::string::npos) << summary;
  // The curve's utilisation and energy (the plots' last charts): on 3 cores the 8 busy
  // core-seconds of 3 x 3 = 9, and 8 x 100 + 1 x 10 = 810 J.
  const auto point3 = nlohmann::json::parse(summary)["curves"][0]["points"][2];
  EXPECT_EQ(point3["cores"], 3);
  EXPECT_DOUBLE_EQ(point3["utilisation"].get<double>(), 8.0 / 9);
  EXPECT_DOUBLE_EQ(point3["energy_j"].get<double>(), 810);
  EXPECT_DOUBLE_EQ(r.curves[0].points[2].energy_j, 810);
}

TEST(Batch, BusyPowerFollowsTheClockCubed) {
  // 8 tasks of 1 Gflop on 2 cores at 2 Gflop/s: makespan 4 * 0.5 = 2 s, both cores busy all
  // the time. Busy power at 2 GHz with reference 1 GHz: 10 + (100 - 10) * 2^3 = 730 W, so
  // energy = 2 cores * 2 s * 730 W = 2920 J.
  const auto dir = fresh_dir("batch_dvfs");
  const BatchResult r = run_in(dir, write_file(dir, "dvfs.yaml", R"(
workload: {generator: independent, params: {n: 8, work: 1e9}}
platform: {cores: 2, core_speed: 2GHz, network: ideal,
           power: {idle: 10W, busy: 100W, reference_speed: 1GHz, exponent: 3}}
policy: fifo
)"), 1);
  const auto rows = csv_rows(slurp(r.results_csv));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(std::stod(rows[1][5]), 2.0);
  EXPECT_DOUBLE_EQ(std::stod(rows[1][12]), 2920.0);
}

TEST(Batch, TheOneCoreReferenceOfACostsGraphOrAGivenScheduleIsCoreZeroRunningEverything) {
  // No 1-core run in the sweep, so pelsim adds one per point (the run on core 0). Three
  // independent tasks costing 1, 2 and 4 s on core 0 (3 s each on core 1): on core 0 alone they
  // take 1 + 2 + 4 = 7 s, so T1 = 7 and speedup x makespan = 7 in every row, whatever the
  // policy did on two cores. Before, a costs graph's reference run failed (2 costs, 1 core).
  const auto dir = fresh_dir("batch_reference");
  write_file(dir, "costs.dot", R"(digraph G {
a [size="1", costs="1,3"];
b [size="1", costs="2,3"];
c [size="1", costs="4,3"];
}
)");
  // The same three tasks without costs (1, 2 and 4 Gflop at 1 Gflop/s) under `static` with a
  // two-core schedule: the reference runs them all on core 0, T1 = 7 s. (Before, it failed:
  // the schedule's core 1 does not exist on one core.)
  write_file(dir, "plain.dot", R"(digraph G {
a [size="1e9"];
b [size="2e9"];
c [size="4e9"];
}
)");
  write_file(dir, "plan.csv", "task,core,order\na,0,0\nb,0,1\nc,1,0\n");
  const BatchResult costs = run_in(dir / "c", write_file(dir, "c.yaml", R"(
workload: {file: costs.dot}
platform: {cores: 2, network: ideal}
sweep: {policy.name: [heft, fifo, work_stealing]}
)"), 1);
  const BatchResult plan = run_in(dir / "s", write_file(dir, "s.yaml", R"(
workload: {file: plain.dot}
platform: {cores: 2, core_speed: 1GHz, network: ideal}
policy: {name: static, schedule: plan.csv}
)"), 1);
  for (const BatchResult* r : {&costs, &plan}) {
    const auto rows = csv_rows(slurp(r->results_csv));
    ASSERT_GE(rows.size(), 2u);
    const std::size_t makespan = 5, speedup = 7;
    ASSERT_EQ(rows[0][makespan + (r == &costs ? 1 : 0)], "makespan");
    for (std::size_t i = 1; i < rows.size(); ++i) {
      const std::size_t shift = r == &costs ? 1 : 0;  // the swept policy.name column
      EXPECT_DOUBLE_EQ(std::stod(rows[i][speedup + shift]) * std::stod(rows[i][makespan + shift]),
                       7.0)
          << slurp(r->results_csv);
    }
  }
  // The static plan: a then b on core 0 (3 s), c on core 1 (4 s).
  EXPECT_EQ(std::stod(csv_rows(slurp(plan.results_csv))[1][5]), 4.0);
  // heft's own estimate is its simulated makespan on an ideal network (no contention to
  // differ by); the dynamic policies plan nothing: an empty planned_makespan.
  const auto rows = csv_rows(slurp(costs.results_csv));
  const std::size_t planned = static_cast<std::size_t>(
      std::find(rows[0].begin(), rows[0].end(), "planned_makespan") - rows[0].begin());
  ASSERT_LT(planned, rows[0].size());
  ASSERT_EQ(rows[1][2], "heft");
  EXPECT_EQ(rows[1][planned], rows[1][6]);
  EXPECT_EQ(rows[2][2], "fifo");
  EXPECT_EQ(rows[2][planned], "");
}

TEST(Batch, RepetitionsOfARandomWorkloadStayStrongScaling) {
  // Each repetition draws its own layered graph (seed + repetition), so the total work differs
  // between repetitions but not along the core count: strong scaling, fitted by Amdahl's law.
  // (It was reported as weak scaling, without an Amdahl fit.)
  const auto dir = fresh_dir("batch_repetitions");
  const BatchResult r = run_in(dir, write_file(dir, "r.yaml", R"(
workload: {generator: layered, params: {tasks: 60}}
platform: {network: ideal}
policy: heft
repetitions: 2
sweep:
  platform.cores: [1, 2, 4]
)"), 1);
  ASSERT_EQ(r.curves.size(), 1u);
  EXPECT_FALSE(r.curves[0].weak);
  EXPECT_FALSE(std::isnan(r.curves[0].amdahl.serial_fraction));
  const auto rows = csv_rows(slurp(r.results_csv));
  ASSERT_EQ(rows.size(), 7u);
  EXPECT_NE(rows[1][5], rows[2][5]);  // the two repetitions' 1-core makespans differ
}

TEST(Batch, ParallelAndSerialBatchesWriteTheSameBytes) {
  const auto a = fresh_dir("batch_j1"), b = fresh_dir("batch_j2");
  const std::string yaml = std::string(kBag) + "  policy: [fifo, hlfet, heft]\nrepetitions: 2\n";
  const BatchResult r1 = run_in(a, write_file(a, "s.yaml", yaml), 1);
  const BatchResult r2 = run_in(b, write_file(b, "s.yaml", yaml), 2);
  EXPECT_EQ(slurp(r1.results_csv), slurp(r2.results_csv));
  EXPECT_EQ(slurp(r1.summary_json), slurp(r2.summary_json));
}

TEST(Batch, AKilledBatchResumesWithNoRunLostOrRepeated) {
  const auto whole = fresh_dir("batch_whole"), killed = fresh_dir("batch_killed");
  const BatchResult full = run_in(whole, write_file(whole, "s.yaml", kBag), 2);
  // A kill after two runs, in the middle of writing the third line.
  const std::string journal = slurp(whole / "out" / "journal.csv");
  std::size_t cut = 0;
  for (int line = 0; line < 3; ++line) cut = journal.find('\n', cut) + 1;
  std::filesystem::create_directories(killed / "out");
  write_file(killed / "out", "journal.csv", journal.substr(0, cut) + "4,2.000");

  const BatchResult resumed = run_in(killed, write_file(killed, "s.yaml", kBag), 2);
  EXPECT_EQ(resumed.resumed, 2u);
  EXPECT_EQ(slurp(resumed.results_csv), slurp(full.results_csv));
  const auto lines = csv_rows(slurp(killed / "out" / "journal.csv"));
  EXPECT_EQ(lines.size(), 6u);  // header + 5 runs, each once
  // Running again does nothing and rewrites the same results.
  const BatchResult again = run_in(killed, (killed / "s.yaml").string(), 2);
  EXPECT_EQ(again.resumed, 5u);
  EXPECT_EQ(slurp(again.results_csv), slurp(full.results_csv));
}

TEST(Batch, ShardsTogetherWriteWhatOneBatchWrites) {
  const auto whole = fresh_dir("batch_one"), sharded = fresh_dir("batch_shards");
  const BatchResult one = run_in(whole, write_file(whole, "s.yaml", kBag), 2);
  const Scenario s = load_scenario(write_file(sharded, "s.yaml", kBag));
  BatchOptions options;
  options.out_dir = (sharded / "out").string();
  options.shard_count = 2;
  options.shard_index = 1;
  const BatchResult second = run_batch(s, options);
  EXPECT_FALSE(second.complete);
  EXPECT_EQ(second.total, 2u);  // runs 1 and 3 of 0..4
  options.shard_index = 0;
  const BatchResult first = run_batch(s, options);  // the last shard to finish writes
  EXPECT_TRUE(first.complete);
  EXPECT_EQ(slurp(first.results_csv), slurp(one.results_csv));
  // Gathering records elsewhere (what --mpi does) completes a fresh directory without runs.
  const auto gathered = fresh_dir("batch_gathered");
  import_records(s, (gathered / "out").string(), first.records + second.records);
  BatchOptions plain;
  plain.out_dir = (gathered / "out").string();
  const BatchResult r = run_batch(s, plain);
  EXPECT_EQ(r.resumed, 5u);
  EXPECT_EQ(slurp(r.results_csv), slurp(one.results_csv));
}

// Shards that run at the same time: shard 0 opens its journal before shard 1 has run anything,
// and shard 1 runs all its points (and finds shard 0's missing) before shard 0 ends. Shard 0,
// the last to finish, must see shard 1's runs and write the results (it used to read the other
// journals only when it started, so neither shard wrote them).
TEST(Batch, ShardsFinishingTogetherStillWriteTheResults) {
  const auto whole = fresh_dir("batch_race_one"), sharded = fresh_dir("batch_race_shards");
  const BatchResult one = run_in(whole, write_file(whole, "s.yaml", kBag), 1);
  const Scenario s = load_scenario(write_file(sharded, "s.yaml", kBag));
  BatchOptions first;
  first.out_dir = (sharded / "out").string();
  first.shard_count = 2;
  first.shard_index = 0;
  first.jobs = 1;
  BatchResult second;
  bool ran_second = false;
  first.on_progress = [&](const BatchProgress&) {
    if (ran_second) return;
    ran_second = true;  // shard 1, in full, while shard 0 runs
    BatchOptions other = first;
    other.shard_index = 1;
    other.on_progress = nullptr;
    second = run_batch(s, other);
  };
  const BatchResult result = run_batch(s, first);
  ASSERT_TRUE(ran_second);
  EXPECT_FALSE(second.complete);
  EXPECT_TRUE(result.complete);
  EXPECT_EQ(slurp(result.results_csv), slurp(one.results_csv));
}

// With faults, speedups against the faulty 1-core run can exceed the core count; the
// fault-free one is also reported. Two tasks of 1 s on 2 cores under fifo, core 0 down from
// 0.5 s to 1.5 s: on 2 cores t0 is cut at 0.5 s and runs again on core 1 after t1, [1, 2]:
// 2 s. On 1 core (its failure kept) t0 is cut, re-queued behind t1: t1 [1.5, 2.5], t0
// [2.5, 3.5]: T1 = 3.5 s, speedup 1.75. Without faults T1 = 2 s: speedup_fault_free 1.
// Three runs: the row and its two one-core references.
TEST(Batch, FaultsGetASpeedupAgainstAFaultFreeOneCoreRun) {
  const auto dir = fresh_dir("batch_fault_free");
  const BatchResult r = run_in(dir, write_file(dir, "ff.yaml", R"(
workload: {generator: independent, params: {n: 2, work: 1e9}}
platform:
  core_speed: 1GHz
  network: ideal
  cores: 2
  faults: {failures: [{core: 0, at: 0.5s, repair: 1s}]}
policy: fifo
)"),
                               1);
  EXPECT_EQ(r.total, 3u);
  const auto rows = csv_rows(slurp(r.results_csv));
  ASSERT_EQ(rows.size(), 2u);
  std::map<std::string, std::string> row;
  for (std::size_t k = 0; k < rows[0].size() && k < rows[1].size(); ++k)
    row[rows[0][k]] = rows[1][k];
  EXPECT_EQ(row["makespan"], "2");
  EXPECT_EQ(row["speedup"], "1.75");
  EXPECT_EQ(row["speedup_fault_free"], "1");
  // Without faults the column is empty (the speedup is already against a fault-free run).
  const auto plain = csv_rows(slurp(
      run_in(fresh_dir("batch_no_faults"), write_file(dir, "bag.yaml", kBag), 1).results_csv));
  EXPECT_EQ(plain[0].back(), "speedup_fault_free");
  EXPECT_EQ(plain[1].size(), plain[0].size() - 1);  // (a trailing empty field: no value)
}

// Two batches in one directory (a job submitted twice) would both run every run: the second
// is refused while the first holds the journal, and goes on once it has ended.
TEST(Batch, ASecondBatchInTheSameDirectoryIsRefused) {
  const auto dir = fresh_dir("batch_locked");
  const std::string scenario = write_file(dir, "s.yaml", kBag);
  std::filesystem::create_directories(dir / "out");
  const int held = ::open((dir / "out" / "journal.csv").c_str(), O_WRONLY | O_CREAT, 0644);
  ASSERT_GE(held, 0);
  ASSERT_EQ(::flock(held, LOCK_EX | LOCK_NB), 0);  // as the first batch holds it
  try {
    run_in(dir, scenario, 1);
    ADD_FAILURE() << "a locked journal was written";
  } catch (const models::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("in use by another pelsim run"), std::string::npos)
        << e.what();
  }
  ::close(held);
  EXPECT_EQ(run_in(dir, scenario, 1).total, 5u);  // the five core counts, 1 among them
}

TEST(Batch, RefusesToResumeAnotherScenario) {
  const auto dir = fresh_dir("batch_other");
  run_in(dir, write_file(dir, "s.yaml", kBag), 1);
  const std::string edited = write_file(dir, "s.yaml", std::string(kBag) + "seed: 7\n");
  EXPECT_THROW(run_in(dir, edited, 1), models::InputError);
}

// The fingerprint covers the files a scenario reads: after an edit of its workload, its SimGrid
// platform or its schedule, an old directory is refused (its results were kept and reported as
// read back), and the unchanged files resume it.
TEST(Batch, RefusesToResumeAfterAFileTheScenarioReadsChanged) {
  const auto dir = fresh_dir("batch_edited_files");
  const std::string graph = "digraph { a [size=1e9]; b [size=2e9]; a -> b [size=1e6]; }\n";
  const std::string platform =
      "<?xml version='1.0'?>\n<platform version=\"4.1\"><cluster id=\"c\" prefix=\"n\" "
      "suffix=\"\" radical=\"0-1\" speed=\"1Gf\" bw=\"1GBps\" lat=\"1us\"/></platform>\n";
  const std::string schedule = "task,core,order\na,0,0\nb,1,0\n";
  write_file(dir, "g.dot", graph);
  write_file(dir, "p.xml", platform);
  write_file(dir, "s.csv", schedule);
  const std::string scenario = write_file(dir, "s.yaml", R"(
workload: {file: g.dot}
platform: {simgrid_platform: p.xml}
policy: {name: static, schedule: s.csv}
)");
  run_in(dir, scenario, 1);
  EXPECT_EQ(run_in(dir, scenario, 1).resumed, 2u);  // nothing changed (a run, its 1-core reference)
  const std::vector<std::pair<std::string, std::string>> edits{
      {"g.dot", "digraph { a [size=1e9]; b [size=3e9]; a -> b [size=1e6]; }\n"},
      {"p.xml", std::string(platform).replace(platform.find("1GBps"), 5, "1MBps")},
      {"s.csv", "task,core,order\na,0,0\nb,0,1\n"}};
  for (const auto& [file, edited] : edits) {
    const std::string before = slurp(dir / file);
    write_file(dir, file, edited);
    EXPECT_THROW(run_in(dir, scenario, 1), models::InputError) << file;
    write_file(dir, file, before);
    EXPECT_EQ(run_in(dir, scenario, 1).resumed, 2u) << file;
  }
}

// ... and the speed profiles its SimGrid platform reads (a resumed run read back results of
// the old profile before).
TEST(Batch, TheFingerprintCoversSpeedProfileFiles) {
  const auto dir = fresh_dir("batch_fingerprint_profile");
  write_file(dir, "g.dot", "digraph { a [size=1e9]; }\n");
  write_file(dir, "p.xml",
             "<?xml version='1.0'?>\n<platform version=\"4.1\"><zone id=\"z\" routing=\"Full\">"
             "<host id=\"h\" speed=\"1Gf\" speed_file=\"h.profile\"/></zone></platform>\n");
  write_file(dir, "h.profile", "0 0.5\n");
  const std::string scenario =
      write_file(dir, "s.yaml",
                 "workload: {file: g.dot}\nplatform: {simgrid_platform: p.xml}\npolicy: fifo\n");
  const std::uint64_t before = load_scenario(scenario).fingerprint;
  EXPECT_EQ(load_scenario(scenario).fingerprint, before);
  write_file(dir, "h.profile", "0 0.25\n");
  EXPECT_NE(load_scenario(scenario).fingerprint, before);
}

// The fingerprint does not depend on the directory pelsim runs in: files found through
// "../w/g.dot" from one and "sc/../w/g.dot" from another are the same files (their order by
// path differed, and a shard started elsewhere was refused).
TEST(Batch, TheFingerprintIsTheSameFromAnyWorkingDirectory) {
  const auto dir = fresh_dir("batch_fingerprint_cwd");
  std::filesystem::create_directories(dir / "w");
  std::filesystem::create_directories(dir / "sc");
  write_file(dir / "w", "g.dot", "digraph { a [size=1e9]; b [size=2e9]; a -> b [size=1e6]; }\n");
  write_file(dir / "sc", "s.csv", "task,core,order\na,0,0\nb,1,0\n");
  write_file(dir / "sc", "s.yaml",
             "workload: {file: ../w/g.dot}\nplatform: {cores: 2}\n"
             "policy: {name: static, schedule: s.csv}\n");
  const std::filesystem::path before = std::filesystem::current_path();
  std::filesystem::current_path(dir);
  const std::uint64_t from_top = load_scenario("sc/s.yaml").fingerprint;
  std::filesystem::current_path(dir / "sc");
  const std::uint64_t from_sc = load_scenario("s.yaml").fingerprint;
  std::filesystem::current_path(before);
  EXPECT_EQ(from_top, from_sc);
  EXPECT_EQ(load_scenario((dir / "sc" / "s.yaml").string()).fingerprint, from_top);
}

// A journal with no finished run (its batch failed before the first run ended) holds nothing:
// a corrected scenario may use the directory again (it was refused as another scenario's).
TEST(Batch, AJournalWithNoRunIsStartedAgainForAnotherScenario) {
  const auto dir = fresh_dir("batch_empty_journal");
  std::filesystem::create_directories(dir / "out");
  write_file(dir / "out", "journal.csv", "# pelsim journal v3 scenario 0123456789abcdef runs 9\n");
  const BatchResult r = run_in(dir, write_file(dir, "s.yaml", kBag), 1);
  EXPECT_TRUE(r.complete);
  EXPECT_EQ(r.resumed, 0u);
}

TEST(Batch, TracesOfOneRunShowEveryTaskAndTransfer) {
  // A fork of 2 children on 2 cores (latency_bandwidth): exactly one child runs on the other
  // core, so one transfer from the parent to it.
  const auto dir = fresh_dir("batch_trace");
  const Scenario s = load_scenario(write_file(dir, "t.yaml", R"(
workload:
  tasks: [{name: root, work: 1e9}, {name: left, work: 1e9}, {name: right, work: 1e9}]
  edges: [{from: root, to: left, bytes: 1e6}, {from: root, to: right, bytes: 1e6}]
platform: {cores: 2}
policy: heft
)"));
  const auto paths = write_run_traces(s, 0, (dir / "out").string());
  const nlohmann::json trace = nlohmann::json::parse(slurp(paths[0]));
  int slices = 0, transfers = 0;
  for (const auto& e : trace["traceEvents"]) {
    slices += e["ph"] == "X";
    transfers += e["ph"] == "b";
  }
  EXPECT_EQ(slices, 3);
  EXPECT_EQ(transfers, 1);
  const std::string paje = slurp(paths[1]);
  EXPECT_NE(paje.find("5 0 S c0 \"root\""), std::string::npos);
  EXPECT_NE(paje.find("6 1 L m \"transfer\" c0 e"), std::string::npos);  // leaves at t = 1 s
  EXPECT_THROW(write_run_traces(s, 1, (dir / "out").string()), models::InputError);
}

// Faults in the traces: root (1 s) on core 0, cut short at 0.5 s by a failure repaired at
// 1 s, runs again [1, 2]: a "(cut short)" slice [0, 0.5] and a "down" slice [0.5, 1] on core 0
// besides the three tasks; Paje sets core 0 "down" at 0.5 and "idle" at 1.
TEST(Batch, TracesShowRunsCutShortAndDowntimes) {
  const auto dir = fresh_dir("batch_trace_faults");
  const Scenario s = load_scenario(write_file(dir, "t.yaml", R"(
workload:
  tasks: [{name: root, work: 1e9}, {name: left, work: 1e9}, {name: right, work: 1e9}]
  edges: [{from: root, to: left}, {from: root, to: right}]
platform: {cores: 2, network: ideal, faults: {failures: [{core: 0, at: 0.5s, repair: 0.5s}]}}
policy: heft
)"));
  const auto paths = write_run_traces(s, 0, (dir / "out").string());
  const nlohmann::json trace = nlohmann::json::parse(slurp(paths[0]));
  int slices = 0;
  bool cut = false, down = false;
  for (const auto& e : trace["traceEvents"]) {
    if (e["ph"] != "X") continue;
    ++slices;
    if (e["name"] == "root (cut short)") cut = e["ts"] == 0 && e["dur"] == 5e5;
    if (e["name"] == "down") down = e["ts"] == 5e5 && e["dur"] == 5e5 && e["tid"] == 0;
  }
  EXPECT_EQ(slices, 5);
  EXPECT_TRUE(cut);
  EXPECT_TRUE(down);
  const std::string paje = slurp(paths[1]);
  EXPECT_NE(paje.find("5 0 S c0 \"root (cut short)\"\n5 0.5 S c0 \"down\"\n5 1 S c0 \"idle\"\n5 1 "
                      "S c0 \"root\""),
            std::string::npos)
      << paje;
}

// Under `flow`, a transfer cancelled when its task moves off a failed core (the case of
// Faults.AMovedTaskWaitsForItsNewTransferAndTheOldOneIsCancelled): b's input flows to core 2
// from 1 s, core 2 fails at 1.5 s, b moves to core 3 and its input goes there anew. The Chrome
// trace shows both transfers, the first named "a -> b (cancelled)" over [1, 1.5] s, and one
// arrow, to b's run.
TEST(Batch, TracesShowCancelledTransfers) {
  const auto dir = fresh_dir("batch_trace_cancelled");
  const Scenario s = load_scenario(write_file(dir, "t.yaml", R"(
workload:
  tasks: [{name: a, work: 4e9}, {name: x, work: 1e12}, {name: z, work: 1e12}, {name: b, work: 1e9}]
  edges: [{from: a, to: z, bytes: 0}, {from: a, to: b, bytes: 1e8}]
platform:
  cores: 4
  speeds: [4e9, 1e9, 1e9, 1e9]
  latency: 0
  bandwidth: 1e8
  topology: crossbar
  faults: {failures: [{core: 2, at: 1.5s}]}
policy: fifo
)"));
  const auto paths = write_run_traces(s, 0, (dir / "out").string());
  const nlohmann::json trace = nlohmann::json::parse(slurp(paths[0]));
  int begins = 0, arrows = 0;
  bool cancelled = false;
  for (const auto& e : trace["traceEvents"]) {
    begins += e["ph"] == "b";
    arrows += e["ph"] == "s";
    if (e["ph"] == "b" && e["name"] == "a -> b (cancelled)")
      cancelled = e["ts"] == 1e6 && e["args"]["to_core"] == 2;
  }
  EXPECT_EQ(begins, 2);
  EXPECT_EQ(arrows, 1);
  EXPECT_TRUE(cancelled);
  // Paje: the cancelled transfer is a link of value "cancelled" (a -> b is edge 1), the new
  // one an ordinary "transfer" leaving at 1.5 s.
  const std::string paje = slurp(paths[1]);
  EXPECT_NE(paje.find("6 1 L m \"cancelled\" c0 e1\n"), std::string::npos) << paje;
  EXPECT_NE(paje.find("7 1.5 L m \"cancelled\" c2 e1\n"), std::string::npos) << paje;
  EXPECT_NE(paje.find("6 1.5 L m \"transfer\" c0 e1\n"), std::string::npos) << paje;
  EXPECT_EQ(paje.find("L m \"transfer\" c2"), std::string::npos) << paje;
}

// A run cut short at the instant it began (its core fails at 0, as root starts) is its task's
// state, then the core is "down": at equal times Paje sets the cut run before the downtime
// (the other way round, the core would show the cut run during its downtime). Repaired at
// 0.5 s, root runs [0.5, 1.5].
TEST(Batch, PajeShowsARunCutShortAtItsStartBeforeTheDowntime) {
  const auto dir = fresh_dir("batch_trace_cut_at_start");
  const Scenario s = load_scenario(write_file(dir, "t.yaml", R"(
workload:
  tasks: [{name: root, work: 1e9}]
platform: {cores: 1, network: ideal, faults: {failures: [{core: 0, at: 0s, repair: 0.5s}]}}
policy: heft
)"));
  const auto paths = write_run_traces(s, 0, (dir / "out").string());
  const std::string paje = slurp(paths[1]);
  EXPECT_NE(paje.find("5 0 S c0 \"root (cut short)\"\n5 0 S c0 \"down\"\n5 0.5 S c0 \"idle\"\n"
                      "5 0.5 S c0 \"root\"\n5 1.5 S c0 \"idle\"\n"),
            std::string::npos)
      << paje;
}

TEST(Batch, AStopRequestEndsTheBatchUnfinished) {
  const auto dir = fresh_dir("batch_stop");
  std::atomic<bool> stop{true};
  BatchOptions options;
  options.out_dir = (dir / "out").string();
  options.stop = &stop;
  const BatchResult r = run_batch(load_scenario(write_file(dir, "s.yaml", kBag)), options);
  EXPECT_TRUE(r.interrupted);
  EXPECT_FALSE(std::filesystem::exists(dir / "out" / "results.csv"));
}

}  // namespace
}  // namespace pelsim::experiment
