// No policy beats an optimal schedule: the 12 plain Kasahara STG graphs of
// ../shared/workloads/stg on 2, 4, 8 and 16 cores, against the verified optimum (or proven
// lower bound) of optimal_verification.csv. Zero communication, 1 cost unit = 1 s at
// 1 Gflop/s. A makespan below the bound is a simulator bug. Skipped when ../shared is absent.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "pelsim/models/network.hpp"
#include "pelsim/models/platform.hpp"
#include "pelsim/models/schedule.hpp"
#include "pelsim/models/stg_reader.hpp"
#include "run_helpers.hpp"
#include "scratch_paths.hpp"

namespace pelsim::models {
namespace {

const std::string kStg = std::string(PELSIM_SHARED_DIR) + "/workloads/stg";

// (graph, cores) -> the bound: the exact optimum when verified, else a proven lower bound.
std::map<std::pair<std::string, int>, double> bounds() {
  std::map<std::pair<std::string, int>, double> out;
  std::ifstream in(kStg + "/optimal_verification.csv");
  std::string line;
  std::getline(in, line);  // graph,pe,table_value,trivial_lb,status,exact_optimum,proven_lower_bound,...
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream ss(line);
    for (std::string cell; std::getline(ss, cell, ',');) f.push_back(cell);
    f.resize(8);
    double bound = std::stod(f[3]);  // the trivial bound max(CP, ceil(work / M)) always holds
    if (f[4] == "proven_optimal") bound = std::stod(f[2]);
    if (!f[5].empty()) bound = std::stod(f[5]);
    if (!f[6].empty()) bound = std::max(bound, std::stod(f[6]));
    out[{f[0], std::stoi(f[1])}] = bound;
  }
  return out;
}

TEST(StgBounds, NoPolicyBeatsTheOptimum) {
  if (!std::filesystem::exists(kStg + "/optimal_verification.csv"))
    GTEST_SKIP() << kStg << " is absent";
  const auto table = bounds();
  const char* graphs[] = {"50/rand0000.stg",  "50/rand0001.stg",  "50/rand0036.stg",
                          "50/rand0067.stg",  "50/rand0093.stg",  "50/rand0133.stg",
                          "100/rand0000.stg", "100/rand0010.stg", "100/rand0037.stg",
                          "100/rand0086.stg", "100/rand0112.stg", "100/rand0135.stg"};
  int checked = 0;
  for (const std::string g : graphs) {
    const std::string file = kStg + "/rnc" + g;  // rnc50/rand0000.stg, ...
    const TaskGraph graph = read_stg_file(file, 1e9);
    for (int pe : {2, 4, 8, 16}) {
      const double bound = table.at({g, pe});
      const Platform platform = Platform::homogeneous(static_cast<std::uint32_t>(pe), 1e9);
      for (const auto& info : PolicyRegistry::builtin().all()) {
        if (info.needs_schedule) continue;
        const double makespan =
            testing::run_policy(graph, info.name, platform, NetworkModel::ideal()).makespan;
        EXPECT_GE(makespan, bound - 1e-9) << g << " on " << pe << " cores, " << info.name;
        ++checked;
      }
    }
  }
  EXPECT_GE(checked, 12 * 4 * 8);
}

}  // namespace
}  // namespace pelsim::models

namespace pelsim::models {
namespace {

// The published optimal schedules (stg/optimal_schedules/rnc{50,100}_randNNNN_Mpe.csv:
// task,start,finish,processor for the real tasks 1..n only) replayed by `static`: each core's
// tasks in order of start, the dummy entry and exit tasks (0 work, no data) left out for the
// schedule reader to place. Started as soon as possible in the same orders, no task starts
// later than in the file, and none can end the run earlier than an optimum: the makespan is
// the file's latest finish exactly.
TEST(StgBounds, ReplayingAPublishedOptimalScheduleGivesItsLength) {
  const std::filesystem::path dir = kStg + "/optimal_schedules";
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << dir << " is absent";
  int checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().stem().string();  // rnc100_rand0000_16pe
    const auto a = name.find('_'), b = name.rfind('_');
    const std::string stg =
        kStg + "/" + name.substr(0, a) + "/" + name.substr(a + 1, b - a - 1) + ".stg";
    const int pe = std::stoi(name.substr(b + 1));
    struct Row {
      int core;
      double start, finish;
      std::string task;
    };
    std::vector<Row> rows;
    std::ifstream in(entry.path());
    std::string line;
    std::getline(in, line);  // task,start,finish,processor
    while (std::getline(in, line)) {
      std::vector<std::string> f;
      std::stringstream ss(line);
      for (std::string cell; std::getline(ss, cell, ',');) f.push_back(cell);
      ASSERT_EQ(f.size(), 4u) << entry.path() << ": " << line;
      rows.push_back({std::stoi(f[3]), std::stod(f[1]), std::stod(f[2]), f[0]});
    }
    std::sort(rows.begin(), rows.end(), [](const Row& x, const Row& y) {
      return x.core != y.core ? x.core < y.core : x.start < y.start;
    });
    const std::string csv = ::testing::TempDir() + "stg_optimal_" + name + ".csv";
    {
      std::ofstream out(csv);
      for (std::size_t i = 0; i < rows.size(); ++i)
        out << rows[i].task << ',' << rows[i].core << ',' << i << '\n';  // orders rise per core
    }
    pelsim::scratch::remember(csv);
    const TaskGraph graph = read_stg_file(stg, 1e9);
    const auto cores = static_cast<std::uint32_t>(pe);
    const Schedule schedule = read_schedule_csv(csv, graph, cores);
    double length = 0;
    for (const Row& r : rows) length = std::max(length, r.finish);
    EXPECT_EQ(testing::run_policy(graph, "static", Platform::homogeneous(cores, 1e9),
                                  NetworkModel::ideal(), &schedule)
                  .makespan,
              length)
        << name;
    ++checked;
  }
  EXPECT_EQ(checked, 41);
}

}  // namespace
}  // namespace pelsim::models
