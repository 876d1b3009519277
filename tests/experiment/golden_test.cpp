// The shipped scenarios (scenarios/*.yaml) against their committed results
// (tests/data/golden/*.results.csv, written by tests/data/golden/regenerate.sh): results.csv
// is a pure function of the scenario, so any difference is a change of the models.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "pelsim/experiment/batch.hpp"
#include "test_files.hpp"

namespace pelsim::experiment {
namespace {

using testing::fresh_dir;
using testing::slurp;

BatchResult run_shipped(const std::string& name) {
  BatchOptions options;
  options.out_dir = (fresh_dir("golden_" + name) / "out").string();
  options.jobs = 2;
  return run_batch(load_scenario(std::string(PELSIM_SCENARIOS_DIR) + "/" + name + ".yaml"),
                   options);
}

class ShippedScenario : public ::testing::TestWithParam<const char*> {};

TEST_P(ShippedScenario, WritesItsGoldenResults) {
  const BatchResult r = run_shipped(GetParam());
  EXPECT_EQ(slurp(r.results_csv),
            slurp(std::string(PELSIM_TEST_DATA) + "/golden/" + GetParam() + ".results.csv"));
}

INSTANTIATE_TEST_SUITE_P(Scenarios, ShippedScenario,
                         ::testing::Values("default", "amdahl", "grain_size", "heterogeneous",
                                           "energy", "weak_scaling", "load_balancing", "contention",
                                           "cpu_gpu", "faults", "checkpointing", "simgrid_platform",
                                           "simgrid_models"));

TEST(ShippedScenarios, WeakScalingFollowsGustafson) {
  // Every run takes 4 + 16 = 20 s; one core needs 4 + 16p s: S(p) = p - 0.2 (p - 1).
  const BatchResult r = run_shipped("weak_scaling");
  ASSERT_EQ(r.curves.size(), 1u);
  EXPECT_TRUE(r.curves[0].weak);
  EXPECT_NEAR(r.curves[0].gustafson.serial_fraction, 0.2, 1e-12);
  for (const auto& p : r.curves[0].points) EXPECT_NEAR(p.speedup, p.cores - 0.2 * (p.cores - 1), 1e-12);
}

TEST(ShippedScenarios, AmdahlScenarioRecoversItsSerialFraction) {
  // fork_join with fraction 0.1 and 64 tasks: T(p) = 0.1 W + 0.9 W / p for p | 64, which is
  // Amdahl's law with f = 0.1 exactly.
  const BatchResult r = run_shipped("amdahl");
  ASSERT_EQ(r.curves.size(), 1u);
  EXPECT_NEAR(r.curves[0].amdahl.serial_fraction, 0.1, 1e-12);
  EXPECT_NEAR(r.curves[0].points.back().speedup, 1 / (0.1 + 0.9 / 64), 1e-9);
}

TEST(ShippedScenarios, GrainSizeFinestGrainByHand) {
  // 64 supersteps of 64 tasks of 62.5 ms on 64 cores, one task per core; each of the 63
  // barriers waits for the 10 MB inputs that crossed cores (50 us + 10 MB / 1 GB/s) and sends
  // 10 MB back out the same way: 64 x 0.0625 + 63 x 2 x 0.01005 = 5.2663 s.
  const BatchResult r = run_shipped("grain_size");
  std::istringstream rows(slurp(r.results_csv));
  std::string line, last;
  while (std::getline(rows, line)) last = line;
  // The last row: 64 supersteps, 64 cores; makespan is the 4th field after the quoted params.
  const std::size_t start = last.find("\",") + 2;
  std::istringstream fields(last.substr(start));
  std::string seed, rep, cores, makespan;
  std::getline(fields, seed, ',');
  std::getline(fields, rep, ',');
  std::getline(fields, cores, ',');
  std::getline(fields, makespan, ',');
  EXPECT_EQ(cores, "64");
  EXPECT_NEAR(std::stod(makespan), 64 * 0.0625 + 63 * 2 * (50e-6 + 1e7 / 1e9), 1e-9);
}

TEST(ShippedScenarios, ContentionBusCarriesEveryByte) {
  // On the bus every byte that changes core crosses its one 1 GB/s link: the link's
  // utilisation is bytes_moved / (1e9 x makespan), and no run beats bytes_moved / 1e9.
  const BatchResult r = run_shipped("contention");
  std::istringstream rows(slurp(r.results_csv));
  std::string line;
  std::getline(rows, line);
  std::vector<std::string> header;
  {
    std::istringstream h(line);
    for (std::string f; std::getline(h, f, ',');) header.push_back(f);
  }
  auto column = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  };
  const std::size_t topo = column("platform.topology"), bytes = column("bytes_moved"),
                    makespan = column("makespan"), util = column("max_link_utilisation");
  int bus_rows = 0;
  while (std::getline(rows, line)) {
    std::vector<std::string> f;
    std::istringstream in(line);
    for (std::string v; std::getline(in, v, ',');) f.push_back(v);
    if (f[topo] != "bus" || std::stod(f[bytes]) == 0) continue;
    ++bus_rows;
    const double moved = std::stod(f[bytes]), t = std::stod(f[makespan]);
    EXPECT_NEAR(std::stod(f[util]), moved / (1e9 * t), 1e-12);
    EXPECT_GE(t, moved / 1e9);
  }
  EXPECT_EQ(bus_rows, 6);  // 2 to 64 cores
}

}  // namespace
}  // namespace pelsim::experiment
