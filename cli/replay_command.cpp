// `pelsim replay`: WfCommons instances simulated on the platform they recorded, beside their
// measured makespans; --fit finds the one per-task overhead that best explains the gaps.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "commands.hpp"
#include "network_options.hpp"
#include "pelsim/experiment/json_line.hpp"
#include "pelsim/experiment/replay.hpp"
#include "pelsim/models/error.hpp"
#include "pelsim/models/policy.hpp"
#include "pelsim/models/units.hpp"

namespace pelsim::cli {
namespace {

namespace ex = pelsim::experiment;
namespace m = pelsim::models;

struct ReplayArgs {
  std::vector<std::string> paths;
  ex::ReplayOptions options;
  NetworkArgs net;
  std::string overhead = "0", reference_speed;
  bool fit = false;
  bool json = false;
};

void print_table(const std::vector<ex::ReplayResult>& before,
                 const std::vector<ex::ReplayResult>* after) {
  std::printf("%-46s %6s %5s %10s %10s %10s %8s", "instance", "tasks", "cores", "measured",
              "simulated", "crit.path", "error");
  if (after) std::printf(" %10s %8s", "with fit", "error");
  std::printf("\n");
  for (std::size_t i = 0; i < before.size(); ++i) {
    const ex::ReplayResult& r = before[i];
    std::printf("%-46s %6u %5u %10.1f %10.1f %10.1f %7.1f%%",
                std::filesystem::path(r.path).filename().string().c_str(), r.tasks, r.cores,
                r.measured, r.simulated, r.critical_path, 100 * r.error);
    if (after) std::printf(" %10.1f %7.1f%%", (*after)[i].simulated, 100 * (*after)[i].error);
    std::printf("\n");
  }
}

double rms(const std::vector<ex::ReplayResult>& results) {
  double sum = 0;
  for (const auto& r : results) sum += r.error * r.error;
  return results.empty() ? 0 : std::sqrt(sum / static_cast<double>(results.size()));
}

int run_replay(ReplayArgs& a) {
  // replay has no --schedule: the policy must make its own schedule.
  if (m::PolicyRegistry::builtin().find(a.options.policy).needs_schedule)
    throw m::InputError("--policy " + a.options.policy +
                        ": replay takes no schedule file for it to execute (pelsim simulate "
                        "--policy static --schedule FILE does)");
  a.options.network = a.net.model();
  a.options.latency = a.net.latency_s();
  a.options.bandwidth = a.net.bandwidth_bps();
  try {
    a.options.task_overhead = m::parse_quantity(a.overhead, m::Quantity::kTime);
  } catch (const m::InputError& e) {
    throw m::InputError("--task-overhead: " + e.reason());
  }
  a.options.reference_speed = reference_speed_value(a.reference_speed);
  std::vector<ex::ReplayResult> before;
  for (const std::string& p : a.paths) before.push_back(ex::replay(p, a.options));
  std::vector<ex::ReplayResult> after;
  double overhead = 0;
  if (a.fit) {
    const ex::OverheadFit fit = ex::fit_task_overhead(a.paths, a.options);
    overhead = fit.overhead;
    after = fit.results;
  }
  if (a.json) {
    for (std::size_t i = 0; i < before.size(); ++i) {
      const ex::ReplayResult& r = before[i];
      ex::JsonLine j;
      j.add("instance", r.path)
          .add("tasks", std::uint64_t{r.tasks})
          .add("cores", std::uint64_t{r.cores})
          .add("policy", a.options.policy)
          .add("network", a.options.network)
          .add("measured", r.measured)
          .add("simulated", r.simulated)
          .add("critical_path", r.critical_path)
          .add("lower_bound", r.lower_bound)
          .add("error", r.error);
      if (a.fit)
        j.add("fitted_overhead", overhead)
            .add("simulated_with_fit", after[i].simulated)
            .add("error_with_fit", after[i].error);
      std::printf("%s\n", j.str().c_str());
    }
    return 0;
  }
  std::printf(
      "policy %s, network %s, per-task overhead %g s; each recorded core at its machine's "
      "recorded speed (1 Gflop/s when not recorded); runtimes read at %s\n",
      a.options.policy.c_str(), a.options.network.c_str(), a.options.task_overhead,
      a.reference_speed.empty() ? "the speed of the machine each task ran on"
                                : a.reference_speed.c_str());
  print_table(before, a.fit ? &after : nullptr);
  std::printf("RMS relative error %.1f %%", 100 * rms(before));
  if (a.fit)
    std::printf("; with the fitted per-task overhead of %.3f s: %.1f %%", overhead,
                100 * rms(after));
  std::printf("\n");
  return 0;
}

}  // namespace

void add_replay(CLI::App& app, Action& action) {
  auto args = std::make_shared<ReplayArgs>();
  CLI::App* cmd = app.add_subcommand("replay",
                                     "Simulate WfCommons instances on the platform they recorded, "
                                     "beside their measured makespans");
  cmd->add_option("INSTANCE", args->paths,
                  "WfCommons instance(s), WfFormat JSON (1.5, or the 1.3/1.4 layout)")
      ->required();
  cmd->add_option("--policy", args->options.policy, "scheduling policy")->capture_default_str();
  args->net.add_without_platform(*cmd, args->options.network);
  cmd->add_option("--task-overhead", args->overhead, "seconds added to every task (e.g. 5s)")
      ->capture_default_str();
  add_reference_speed_option(*cmd, args->reference_speed);
  cmd->add_flag(
      "--fit", args->fit,
      "fit one per-task overhead to all the instances given and show the errors after the fit");
  cmd->add_flag("--json", args->json, "one JSON line per instance");
  cmd->callback([args, &action] { action = [args] { return run_replay(*args); }; });
}

}  // namespace pelsim::cli
