// Running a policy on a small problem in one call, for the models tests.
#pragma once

#include <string>

#include "pelsim/models/policy.hpp"

namespace pelsim::models::testing {

/// Runs `policy` on `graph` over `platform` and `network`; returns the result by value.
inline SimulationResult run_policy(const TaskGraph& graph, const std::string& policy,
                                   const Platform& platform, const NetworkModel& network,
                                   const Schedule* schedule = nullptr,
                                   sim::Observer* observer = nullptr) {
  const Problem problem(graph, platform, network);
  PolicyOptions options;
  options.schedule = schedule;
  options.schedule_source = "test.csv";
  auto run = PolicyRegistry::builtin().find(policy).create(problem, options, observer);
  run->run();
  return run->result();
}

}  // namespace pelsim::models::testing
