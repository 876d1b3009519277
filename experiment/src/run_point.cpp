#include "pelsim/experiment/run_point.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "pelsim/experiment/process_stats.hpp"
#include "pelsim/models/error.hpp"
#include "pelsim/models/graph_metrics.hpp"
#include "pelsim/models/network.hpp"
#include "pelsim/models/platform.hpp"
#include "pelsim/models/policy.hpp"
#include "pelsim/models/problem.hpp"
#include "pelsim/models/schedule.hpp"

namespace pelsim::experiment {

namespace m = pelsim::models;

namespace {

m::Platform platform_of(const RunConfig& c) {
  if (c.cores == 0) throw m::InputError("cores must be at least 1");
  if (c.speeds.empty()) throw m::InputError("a platform needs at least one core speed");
  std::vector<double> speeds(c.cores);
  for (std::uint32_t i = 0; i < c.cores; ++i) speeds[i] = c.speeds[i % c.speeds.size()];
  return m::Platform(std::move(speeds));
}

double energy_of(const RunConfig& c, const m::Platform& platform, const m::SimulationResult& r) {
  if (!c.has_power) return std::nan("");
  double joules = 0;
  for (std::uint32_t core = 0; core < r.core_busy.size(); ++core) {
    const double busy = r.core_busy[core];
    joules += busy * c.power.busy_at(platform.speed(core)) + (r.makespan - busy) * c.power.idle_watts;
  }
  return joules;
}

}  // namespace

double PowerModel::busy_at(double speed) const {
  if (reference_speed <= 0) return busy_watts;
  return idle_watts + (busy_watts - idle_watts) * std::pow(speed / reference_speed, exponent);
}

RunMeasures run_point(const RunConfig& c, sim::Observer* observer) {
  const double t0 = monotonic_seconds();
  const m::PolicyInfo& policy = m::PolicyRegistry::builtin().find(c.policy);
  const m::NetworkModel network = m::NetworkModel::by_name(c.network, c.latency, c.bandwidth);
  const m::Platform platform = platform_of(c);
  const m::TaskGraph& graph = *c.graph;
  const m::Problem problem(graph, platform, network);

  std::optional<m::Schedule> schedule;
  if (policy.needs_schedule) {
    if (c.schedule_path.empty())
      throw m::InputError("policy '" + c.policy + "' needs a schedule file (policy.schedule)");
    schedule = m::read_schedule_csv(c.schedule_path, graph, c.cores);
  }
  RunMeasures out;
  out.critical_path = m::critical_path_time(problem);
  out.lower_bound = std::max(out.critical_path, m::perfect_spread_time(problem));

  m::PolicyOptions options;
  options.schedule = schedule ? &*schedule : nullptr;
  options.schedule_source = c.schedule_path;
  options.seed = c.seed;
  options.params = c.policy_params;
  const std::unique_ptr<m::PolicyRun> run = policy.create(problem, options, observer);
  run->run();
  const m::SimulationResult& r = run->result();

  out.makespan = r.makespan;
  for (m::TaskId t = 0; t < graph.task_count(); ++t) out.total_work += graph.work(t);
  double busy = 0;
  for (double b : r.core_busy) busy += b;
  out.utilisation = r.makespan > 0 ? busy / (c.cores * r.makespan) : 0.0;
  out.bytes_moved = r.bytes_moved;
  out.energy_j = energy_of(c, platform, r);
  out.events = r.events;
  out.steals = r.steals;
  out.failed_steals = r.failed_steals;
  out.wall_s = monotonic_seconds() - t0;
  return out;
}

}  // namespace pelsim::experiment
