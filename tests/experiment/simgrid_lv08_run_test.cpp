// pelsim's `--flow-model lv08`, or a platform file's own <config> (TCP-gamma 0, CM02 with
// cross-traffic), against SimGrid 3.32 with the same options on the random cases of
// tests/data/sgref_lv08 (README there): every task's start and finish equal SimGrid's, to
// 1e-9 relative (SimGrid's own precision; they agreed to 7e-16 when the data was made).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "pelsim/experiment/simulate.hpp"
#include "test_files.hpp"

namespace pelsim::experiment {
namespace {

const std::string kData = std::string(PELSIM_TEST_DATA) + "/sgref_lv08/";

struct Case {
  std::string stem, net;
  std::uint32_t cores;
  double latency, bandwidth;
  bool config_in_file;  // the platform's <config> sets the model (else --flow-model lv08)
};

std::vector<Case> cases() {
  std::vector<Case> out;
  std::ifstream in(kData + "cases.csv");
  std::string line;
  std::getline(in, line);  // stem,net,cores,latency,bandwidth,model,tcp_gamma,crosstraffic,...
  while (std::getline(in, line)) {
    std::istringstream row(line);
    Case c;
    std::string cores, latency, bandwidth, model, gamma, cross, in_file;
    std::getline(row, c.stem, ',');
    std::getline(row, c.net, ',');
    std::getline(row, cores, ',');
    std::getline(row, latency, ',');
    std::getline(row, bandwidth, ',');
    std::getline(row, model, ',');
    std::getline(row, gamma, ',');
    std::getline(row, cross, ',');
    std::getline(row, in_file, ',');
    c.config_in_file = in_file == "1";
    c.cores = static_cast<std::uint32_t>(std::stoul(cores));
    c.latency = std::stod(latency);
    c.bandwidth = std::stod(bandwidth);
    out.push_back(c);
  }
  return out;
}

TEST(SimgridLv08Run, EveryTaskTimeIsSimgrids) {
  const std::vector<Case> all = cases();
  ASSERT_EQ(all.size(), 21u);
  const auto dir = testing::fresh_dir("lv08_runs");
  for (const Case& c : all) {
    SimulateRequest req;
    req.graph_path = kData + c.stem + ".dot";
    req.schedule_path = kData + c.stem + ".schedule.csv";
    req.core_speed = 1e9;  // sgref's -s default (a platform file sets its own)
    if (c.net == "plat") {
      req.platform_path = kData + c.stem + ".xml";
    } else {
      req.cores = c.cores;
      req.network = "flow";
      req.flow.topology = c.net == "bus" ? "bus" : "crossbar";
      req.latency = c.net == "bus" ? c.latency : c.latency / 2;
      req.bandwidth = c.bandwidth;
    }
    if (!c.config_in_file) req.flow.model = models::FlowModel::lv08();
    req.trace_path = (dir / (c.stem + ".trace.csv")).string();
    (void)simulate(req);
    const auto mine = testing::read_trace(testing::slurp(req.trace_path));
    const auto simgrid = testing::read_trace(testing::slurp(kData + c.stem + ".trace.csv"));
    ASSERT_EQ(mine.size(), simgrid.size()) << c.stem;
    for (const auto& [task, want] : simgrid) {
      ASSERT_TRUE(mine.count(task)) << c.stem << " " << task;
      const testing::TraceTimes& got = mine.at(task);
      EXPECT_NEAR(got.start, want.start, 1e-9 * std::max(1.0, want.start)) << c.stem << " " << task;
      EXPECT_NEAR(got.finish, want.finish, 1e-9 * std::max(1.0, want.finish))
          << c.stem << " " << task;
    }
  }
}

}  // namespace
}  // namespace pelsim::experiment
