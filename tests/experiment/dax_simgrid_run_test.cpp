// pelsim against SimGrid on DAX workflows as SimGrid loads them (--root-end, runtimes at
// 4.2 Gflop/s): each file a pair of jobs passes is its own transfer, and under contention
// (SimGrid's private links and shared bus, CM02 without TCP window or cross-traffic) the
// schedules in tests/data/sgref_dax, run from the DAX itself through `simulate()` (what
// `pelsim simulate X.xml --root-end --schedule S --network flow ...` does), must end when
// SimGrid's run of the same transfers ended (sgref on the DAX converted to DOT:
// regenerate.sh there), to SimGrid's precision of 1e-9 relative. On Montage_100 the files'
// separate transfers matter: summed into one edge per pair, SimGrid gives 725.25 s, not
// 728.02 s (docs/models/network.md).
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "pelsim/experiment/simulate.hpp"
#include "test_files.hpp"

namespace pelsim::experiment {
namespace {

const std::string kData = std::string(PELSIM_TEST_DATA) + "/sgref_dax/";

struct Case {
  const char* stem;  // NAME.NET.schedule.csv and NAME.NET.json
  const char* dax;   // under scenarios/workloads
  std::uint32_t cores;
  double bandwidth;
  bool bus;  // sgref --net bus (else private)
};

class DaxSimgridRun : public ::testing::TestWithParam<Case> {};

TEST_P(DaxSimgridRun, MakespanIsSimgrids) {
  const Case& c = GetParam();
  const std::string net = c.bus ? "bus" : "private";
  SimulateRequest req;
  req.graph_path = std::string(PELSIM_SCENARIOS_DIR) + "/workloads/" + c.dax;
  req.root_end = true;
  req.reference_speed = 4.2e9;  // SimGrid's factor (create_DAG_from_DAX)
  req.schedule_path = kData + c.stem + "." + net + ".schedule.csv";
  req.cores = c.cores;
  req.core_speed = 1e9;  // sgref's -s default
  req.network = "flow";
  // sgref -l 1e-3: --net private is L/2 on each core's up and down link into a crossbar,
  // --net bus one shared link of L.
  req.flow.topology = c.bus ? "bus" : "crossbar";
  req.latency = c.bus ? 1e-3 : 5e-4;
  req.bandwidth = c.bandwidth;
  const SimulateReport r = simulate(req);
  const std::string json = testing::slurp(kData + c.stem + "." + net + ".json");
  const double want = std::stod(json.substr(json.find("\"makespan\":") + 11));
  EXPECT_NEAR(r.makespan, want, 1e-9 * want);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, DaxSimgridRun,
    ::testing::Values(Case{"Montage_25", "simgrid/dax/Montage_25.xml", 4, 1e7, false},
                      Case{"Montage_25", "simgrid/dax/Montage_25.xml", 4, 1e7, true},
                      Case{"Montage_100", "pegasus-dax/Montage_100.xml", 16, 1e6, false}),
    [](const ::testing::TestParamInfo<Case>& param) {
      return std::string(param.param.stem) + (param.param.bus ? "_bus" : "_private");
    });

}  // namespace
}  // namespace pelsim::experiment
