// One point of an experiment: a loaded task graph on a configured machine under one policy.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "pelsim/experiment/core_types.hpp"
#include "pelsim/experiment/network_config.hpp"
#include "pelsim/models/decision.hpp"
#include "pelsim/models/faults.hpp"
#include "pelsim/models/schedule.hpp"
#include "pelsim/models/task_graph.hpp"
#include "pelsim/sim/observer.hpp"

namespace pelsim::experiment {

/// A per-core power model: a core draws `idle_watts` when idle and, while it computes,
/// idle + (busy - idle) * (speed / reference_speed)^exponent watts (dynamic power grows with
/// the clock: about f^3 under voltage scaling). Without a reference speed (0) every core
/// draws `busy_watts` while busy. Energy counts from time 0 to the makespan.
struct PowerModel {
  double idle_watts = 0;
  double busy_watts = 0;
  double reference_speed = 0;
  double exponent = 3;

  /// Watts of a busy core running at `speed` flop/s.
  double busy_at(double speed) const;
};

struct CoreTypeSpec;

/// Joules the cores of `platform` draw during run `result` under `power`: each core's busy
/// seconds at power.busy_at(its speed), the rest of the makespan at the idle power; a core
/// whose type (of `core_types`, the platform's, in order; may be empty) has a power of its
/// own draws that instead.
double energy_joules(const PowerModel& power, const std::vector<CoreTypeSpec>& core_types,
                     const models::Platform& platform, const models::SimulationResult& result);

/// Everything one run needs, already validated and in base units (flop/s, s, B/s, W).
/// `graph` is shared between the runs of a sweep that use the same workload.
struct RunConfig {
  std::shared_ptr<const models::TaskGraph> graph;
  std::uint32_t cores = 1;
  /// Core i runs at speeds[i % speeds.size()] flop/s (one entry: homogeneous cores).
  std::vector<double> speeds{1e9};
  /// The hosts' speed profiles of a SimGrid platform file (null: every core keeps its speed).
  std::shared_ptr<const SpeedProfiles> speed_profiles;
  /// Core types (see make_platform: core i has the type at i mod the sum of their counts,
  /// and that type's speed when it gives one); empty: every core is a "cpu".
  std::vector<CoreTypeSpec> core_types;
  std::string network = "latency_bandwidth";
  double latency = 1e-6;   ///< flow: per link
  double bandwidth = 1e9;  ///< flow: per link
  FlowOptions flow;        ///< used when network == "flow"
  std::string policy = "hlfet";
  std::map<std::string, std::string> policy_params;  ///< the policy's own, as written ("1us")
  std::string schedule_path;  ///< for the static policy
  /// That file, already read (a scenario reads it once for all its runs); null: the run
  /// reads schedule_path itself.
  std::shared_ptr<const models::Schedule> schedule;
  std::uint64_t seed = 1;
  bool has_power = false;
  PowerModel power;
  /// How the cores fail (docs/models/faults.md); random failures draw from `seed` unless
  /// faults_seed_given (then from faults.seed).
  models::FaultModel faults;
  bool faults_seed_given = false;
};

/// What one run measured. Every field is a pure function of the RunConfig (bit-identical on
/// every machine) except `wall_s`. `energy_j` is NaN without a power model.
struct RunMeasures {
  double makespan = 0;
  double lower_bound = 0;  ///< max(critical path, perfect spread of the work)
  double critical_path = 0;
  double total_work = 0;
  double utilisation = 0;  ///< busy core-seconds / (cores x makespan)
  double bytes_moved = 0;
  double energy_j = 0;
  std::uint64_t events = 0;
  std::uint64_t steals = 0;         ///< work_stealing only (0 otherwise)
  std::uint64_t failed_steals = 0;  ///< work_stealing only (0 otherwise)
  std::uint64_t local_dispatches = 0;   ///< locality only: tasks run on their preferred core
  std::uint64_t remote_dispatches = 0;  ///< locality only: tasks taken by another core
  std::uint64_t failures = 0;       ///< core failures during the run (faults)
  std::uint64_t interrupted = 0;    ///< task runs a failure cut short
  double lost_work = 0;             ///< computing seconds those runs threw away
  std::uint64_t checkpoints = 0;    ///< checkpoints written (platform.faults.checkpoint)
  double checkpoint_time = 0;       ///< seconds writing them and reading some back
  /// A planning policy's own estimate of the makespan (its cost model, no contention); NaN
  /// for a policy that does not estimate one (the dynamic ones, static, random, round_robin).
  double planned_makespan = std::numeric_limits<double>::quiet_NaN();
  /// flow network only: the busiest link's bytes / (bandwidth x makespan), 0 otherwise.
  double max_link_utilisation = 0;
  /// flow network only: every link that carried data (not kept in journals or results.csv).
  std::vector<models::LinkUsage> links;
  double wall_s = 0;
};

/// One run that the caller drives: event by event (step), to a time, or to the end — for
/// teaching and debugging. Owns everything the simulation refers to. The constructor throws
/// models::InputError for a configuration the models reject. `explain`, if given, receives the
/// policy's decisions (models::PolicyOptions::explain) and must outlive the run.
class SteppedRun {
 public:
  SteppedRun(const RunConfig& config, sim::Observer* observer,
             models::DecisionObserver* explain = nullptr);
  ~SteppedRun();
  SteppedRun(const SteppedRun&) = delete;
  SteppedRun& operator=(const SteppedRun&) = delete;

  /// Processes one event; false when there was none left.
  bool step();
  void run_until(double t);
  void run();
  bool finished() const;
  /// Simulated time of the last event processed.
  double now() const;
  /// What the run measured (call when finished()).
  RunMeasures measures() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

/// The run's platform: its cores' speeds and types, speed profiles and faults. Throws
/// models::InputError when they do not fit together.
models::Platform platform_of(const RunConfig& config);

/// Simulates one configuration, reporting to `observer` when given. Throws
/// models::InputError for a configuration the models reject (an unknown policy or network, a
/// schedule that does not fit).
/// `explain` as for SteppedRun.
RunMeasures run_point(const RunConfig& config, sim::Observer* observer = nullptr,
                      models::DecisionObserver* explain = nullptr);

}  // namespace pelsim::experiment
