#include "pelsim/experiment/run_point.hpp"

#include <algorithm>
#include <cmath>
#include <memory>

#include "pelsim/experiment/core_types.hpp"
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

m::Platform platform_of(const RunConfig& c) {
  m::Platform p = make_platform(c.cores, c.speeds, c.core_types);
  if (c.speed_profiles) {
    // Core i follows the profile of host i, cycled as the speeds are (a scenario's one-core
    // reference run of a platform file has the first host's speed and profile).
    const std::vector<std::uint32_t>& given = c.speed_profiles->core_profile;
    std::vector<std::uint32_t> core_profile(c.cores, m::Platform::kNoProfile);
    for (std::uint32_t i = 0; i < c.cores && !given.empty(); ++i)
      core_profile[i] = given[i % given.size()];
    p.set_speed_profiles(c.speed_profiles->profiles, std::move(core_profile));
  }
  if (c.faults.in_use()) {
    m::FaultModel f = c.faults;
    if (!c.faults_seed_given) f.seed = c.seed;
    p.set_faults(std::move(f));
  }
  return p;
}

namespace {

double energy_of(const RunConfig& c, const m::Platform& platform, const m::SimulationResult& r) {
  if (!c.has_power) return std::nan("");
  return energy_joules(c.power, c.core_types, platform, r);
}

}  // namespace

double energy_joules(const PowerModel& power, const std::vector<CoreTypeSpec>& core_types,
                     const m::Platform& platform, const m::SimulationResult& r) {
  double joules = 0;
  for (std::uint32_t core = 0; core < r.core_busy.size(); ++core) {
    const double busy = r.core_busy[core];
    if (!core_types.empty()) {  // (the core types are the platform's, in order)
      const CoreTypeSpec& type = core_types[platform.core_type(core)];
      if (type.has_power) {
        joules += busy * type.busy_watts + (r.makespan - busy) * type.idle_watts;
        continue;
      }
    }
    joules += busy * power.busy_at(platform.speed(core)) + (r.makespan - busy) * power.idle_watts;
  }
  return joules;
}

double PowerModel::busy_at(double speed) const {
  if (reference_speed <= 0) return busy_watts;
  return idle_watts + (busy_watts - idle_watts) * std::pow(speed / reference_speed, exponent);
}

// Everything a run refers to, kept alive together (the Problem holds references).
struct SteppedRun::State {
  RunConfig config;
  m::NetworkModel network;
  m::Platform platform;
  m::Problem problem;
  std::shared_ptr<const m::Schedule> schedule;
  std::unique_ptr<m::PolicyRun> run;
  double critical_path = 0;
  double lower_bound = 0;
  double started = 0;

  State(const RunConfig& c, sim::Observer* observer, m::DecisionObserver* explain)
      : config(c),
        network(make_network(c.network, c.latency, c.bandwidth, c.flow, c.cores)),
        platform(platform_of(c)),
        problem(*c.graph, platform, network) {
    started = monotonic_seconds();
    const m::PolicyInfo& policy = m::PolicyRegistry::builtin().find(c.policy);
    if (policy.needs_schedule) {
      if (c.schedule_path.empty())
        throw m::InputError("policy '" + c.policy + "' needs a schedule file (policy.schedule)");
      schedule = c.schedule ? c.schedule
                            : std::make_shared<const m::Schedule>(
                                  m::read_schedule_csv(c.schedule_path, *c.graph, c.cores));
    }
    critical_path = m::critical_path_time(problem);
    lower_bound = m::makespan_lower_bound(problem, critical_path);
    m::PolicyOptions options;
    options.schedule = schedule.get();
    options.schedule_source = c.schedule_path;
    options.seed = c.seed;
    options.params = c.policy_params;
    options.explain = explain;
    run = policy.create(problem, options, observer);
  }
};

SteppedRun::SteppedRun(const RunConfig& config, sim::Observer* observer,
                       m::DecisionObserver* explain)
    : state_(std::make_unique<State>(config, observer, explain)) {}
SteppedRun::~SteppedRun() = default;
bool SteppedRun::step() { return state_->run->step(); }
void SteppedRun::run_until(double t) { state_->run->run_until(t); }
void SteppedRun::run() { state_->run->run(); }
bool SteppedRun::finished() const { return state_->run->finished(); }
double SteppedRun::now() const { return state_->run->now(); }

RunMeasures SteppedRun::measures() const {
  const m::SimulationResult& r = state_->run->result();
  const m::TaskGraph& graph = *state_->config.graph;
  RunMeasures out;
  out.critical_path = state_->critical_path;
  out.lower_bound = state_->lower_bound;
  out.makespan = r.makespan;
  for (m::TaskId t = 0; t < graph.task_count(); ++t) out.total_work += graph.work(t);
  double busy = 0;
  for (double b : r.core_busy) busy += b;
  out.utilisation = r.makespan > 0 ? busy / (state_->config.cores * r.makespan) : 0.0;
  out.bytes_moved = r.bytes_moved;
  out.energy_j = energy_of(state_->config, state_->platform, r);
  out.events = r.events;
  out.steals = r.steals;
  out.failed_steals = r.failed_steals;
  out.local_dispatches = r.local_dispatches;
  out.remote_dispatches = r.remote_dispatches;
  out.failures = r.failures;
  out.interrupted = r.interrupted;
  out.lost_work = r.lost_work;
  out.checkpoints = r.checkpoints;
  out.checkpoint_time = r.checkpoint_time;
  out.planned_makespan = state_->run->planned_makespan();
  out.links = r.links;
  out.max_link_utilisation = max_link_utilisation(r.links, r.makespan);
  out.wall_s = monotonic_seconds() - state_->started;
  return out;
}

RunMeasures run_point(const RunConfig& c, sim::Observer* observer,
                      m::DecisionObserver* explain) {
  SteppedRun run(c, observer, explain);
  run.run();
  return run.measures();
}

}  // namespace pelsim::experiment
