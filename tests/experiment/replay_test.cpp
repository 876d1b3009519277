#include "pelsim/experiment/replay.hpp"

#include <gtest/gtest.h>

#include <string>

#include "pelsim/models/error.hpp"

namespace pelsim::experiment {
namespace {

const std::string kChain =
    std::string(PELSIM_SCENARIOS_DIR) + "/workloads/wfcommons/helloworld-chain-5-chameleon.json";

TEST(Replay, AChainReplaysAsTheSumOfItsRuntimes) {
  // helloworld-chain-5: 5 tasks in a chain; runtimes sum to 501.24 s (summed from the file; the workloads README rounds to 501.2);
  // the run recorded 661 s on 64 cores (one machine).
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

TEST(Replay, RejectsAFileWithoutARecordedMakespan) {
  const std::string schema =
      std::string(PELSIM_SCENARIOS_DIR) + "/workloads/wfcommons/wfcommons-schema-1.5.json";
  EXPECT_THROW(read_recorded_execution(schema), models::InputError);
}

}  // namespace
}  // namespace pelsim::experiment
