#include "commands.hpp"

#include "network_options.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "pelsim/experiment/core_types.hpp"
#include "pelsim/experiment/graph_loader.hpp"
#include "pelsim/experiment/json_line.hpp"
#include "pelsim/experiment/simulate.hpp"
#include "pelsim/models/error.hpp"
#include "pelsim/models/graph_metrics.hpp"
#include "pelsim/models/network.hpp"
#include "pelsim/models/policy.hpp"
#include "pelsim/models/units.hpp"

namespace pelsim::cli {
namespace {

namespace m = pelsim::models;
namespace ex = pelsim::experiment;

// Parses an option's text as a quantity, naming the option in the error.
double quantity(const std::string& option, const std::string& text, m::Quantity kind) {
  try {
    return m::parse_quantity(text, kind);
  } catch (const m::InputError& e) {
    throw m::InputError(option + ": " + e.reason());
  }
}

struct SimulateArgs {
  bool root_end = false;
  ex::SimulateRequest request;
  std::string core_speed = "1e9";
  std::string speeds;
  std::string power;  // IDLE,BUSY[@CLOCK]
  std::string reference_speed;
  NetworkArgs net;
  std::vector<std::string> policy_params;  // NAME=VALUE
  std::vector<std::string> failures;       // CORE@TIME[+REPAIR]
  std::string mtbf, mttr;
  std::string checkpoint_interval, checkpoint_cost, restart_cost;
  std::uint64_t fault_seed = 0;
  std::string fault_unit;
  bool json = false;
};

// --fail CORE@TIME[+REPAIR] ("3@10s+2s"; without +REPAIR, or with +never, for good).
m::CoreFailure parse_failure(const std::string& text) {
  const std::size_t at = text.find('@');
  const std::string what = "--fail " + text;
  if (at == std::string::npos || at == 0)
    throw m::InputError(what + ": expected CORE@TIME[+REPAIR], e.g. 3@10s+2s");
  m::CoreFailure f;
  const std::string core = text.substr(0, at);
  if (core.find_first_not_of("0123456789") != std::string::npos || core.size() > 8)
    throw m::InputError(what + ": '" + core + "' is not a core number");
  f.core = static_cast<m::CoreId>(std::stoul(core));
  const std::size_t plus = text.find('+', at + 1);
  f.at = quantity(
      what, text.substr(at + 1, plus == std::string::npos ? std::string::npos : plus - at - 1),
      m::Quantity::kTime);
  f.repair = m::kNeverRepaired;
  if (plus != std::string::npos && text.substr(plus + 1) != "never")
    f.repair = quantity(what, text.substr(plus + 1), m::Quantity::kTime);
  return f;
}

void add_simulate(CLI::App& app, Action& action) {
  auto args = std::make_shared<SimulateArgs>();
  CLI::App* cmd =
      app.add_subcommand("simulate", "Simulate a task graph on cores and print the makespan");
  ex::SimulateRequest& r = args->request;
  cmd->add_option("GRAPH", r.graph_path,
                  "task graph file: DOT (node size = flops, edge size = bytes), WfCommons JSON, "
                  "SimGrid's DAG JSON, Pegasus DAX, STG, YAML (tasks: and edges:)")
      ->required();
  cmd->add_option("--cores,-p", r.cores, "number of cores (or --nodes, or from --platform)")
      ->transform(whole_number("a number of cores", 1, 1u << 24));
  cmd->add_option(
      "--policy", r.policy,
      "scheduling policy (see `pelsim policies`); default: static with --schedule, else hlfet");
  cmd->add_option(
         "--policy-param", args->policy_params,
         "a parameter of the policy, NAME=VALUE (repeatable; `pelsim policies` lists them), "
         "e.g. steal_latency=1us")
      ->allow_extra_args(false);  // one value per occurrence: a GRAPH after it stays the graph
  cmd->add_option("--core-speed,-s", args->core_speed, "speed of every core, flop/s (1e9, 2.5GHz)")
      ->capture_default_str();
  cmd->add_option("--speeds", args->speeds,
                  "heterogeneous cores: core i runs at the (i mod k)-th of k speeds, e.g. "
                  "3GHz,3GHz,1GHz,1GHz");
  cmd->add_option("--power", args->power,
                  "each core's power IDLE,BUSY, e.g. 20W,95W: reports the energy; BUSY@CLOCK "
                  "(20W,95W@2GHz) scales busy power with each core's clock cubed, as a "
                  "scenario's platform.power");
  cmd->add_option("--core-types", r.core_types,
                  "core types NAME:COUNT[@SPEED],... in core order, e.g. cpu:48,gpu:16@50GHz (the "
                  "counts give --cores; a type without @SPEED runs at --core-speed)");
  cmd->add_option("--type-factors", r.type_factors,
                  "speed factors CORE_TYPE:TASK_TYPE=FACTOR,..., e.g. gpu:gemm=10,gpu:potrf=0.5 "
                  "(without --core-types the core type is cpu)");
  args->net.add(*cmd);
  cmd->add_option(
      "--link-stats", r.link_stats_path,
      "flow network: write per-link CSV link,bandwidth,bytes,busy_time,utilisation,peak_flows "
      "(- for standard output, as for every output; the report then goes to standard error)");
  cmd->add_option("--format", r.graph_format,
                  "graph format: auto | dot | wfcommons | simgrid_json | dax | stg | yaml")
      ->capture_default_str();
  add_reference_speed_option(*cmd, args->reference_speed);
  add_root_end_option(*cmd, args->root_end);
  cmd->add_option("--schedule", r.schedule_path, "CSV task,core,order to execute (policy static)");
  cmd->add_option("--write-schedule", r.write_schedule_path,
                  "write the executed schedule as CSV task,core,order (- for standard output)");
  cmd->add_option("--trace", r.trace_path,
                  "write per-task CSV task,core,start,finish (- for standard output)");
  cmd->add_option("--comm-trace", r.comm_trace_path,
                  "write per-transfer CSV src,dst,bytes,start,finish, transfers between cores in "
                  "the order they started (as sgref's; - for standard output)");
  cmd->add_option("--explain", r.explain_path,
                  "write the policy's decisions, one JSON object per line (docs/explain.md; - for "
                  "standard output)");
  cmd->add_option("--perfetto", r.perfetto_path,
                  "write a Chrome / Perfetto trace (JSON; ui.perfetto.dev): cores, tasks, runs "
                  "cut short, transfers (- for standard output)");
  cmd->add_option("--paje", r.paje_path,
                  "write a Paje trace (SimGrid's format; ViTE, PajeNG) (- for standard output)");
  cmd->add_option("--seed", r.seed, "seed of random decisions (0 to 2^53, as in scenarios)")
      ->capture_default_str()
      ->transform(whole_number("a seed", 0, std::uint64_t{1} << 53));
  cmd->add_option("--fail", args->failures,
                  "a core failure CORE@TIME[+REPAIR], e.g. 3@10s+2s (repeatable; without +REPAIR "
                  "the core fails for good): its task loses its work and runs again "
                  "(docs/models/faults.md)")
      ->allow_extra_args(false);
  cmd->add_option("--mtbf", args->mtbf,
                  "random core failures: each core's mean time between failures (exponential)");
  cmd->add_option("--mttr", args->mttr, "the repair time of random failures (default 0)");
  cmd->add_option("--fault-unit", args->fault_unit,
                  "what random failures strike: core (default) or node (all the cores of a "
                  "flow network's node at once)")
      ->check(CLI::IsMember({"core", "node"}));
  cmd->add_option("--checkpoint-interval", args->checkpoint_interval,
                  "tasks write a checkpoint after every such time of computing; a run cut short "
                  "resumes from its last one (docs/models/faults.md)");
  cmd->add_option("--checkpoint-cost", args->checkpoint_cost,
                  "the time to write one checkpoint (default 0)");
  cmd->add_option("--restart-cost", args->restart_cost,
                  "the time a task resuming from a checkpoint takes to read it back (default 0)");
  cmd->add_option("--fault-seed", args->fault_seed, "seed of the random failures (default: --seed)")
      ->transform(whole_number("a seed", 0, std::uint64_t{1} << 53));
  cmd->add_flag("--json", args->json, "print one JSON line instead of text");
  cmd->callback([args, &action, cmd] {
    action = [args, cmd] {
      ex::SimulateRequest req = args->request;
      for (const std::string& f : args->failures) req.faults.failures.push_back(parse_failure(f));
      if (!args->mtbf.empty()) {
        req.faults.mtbf = quantity("--mtbf", args->mtbf, m::Quantity::kTime);
        if (!(req.faults.mtbf > 0)) throw m::InputError("--mtbf must be > 0");
      }
      if (!args->mttr.empty()) {
        if (args->mtbf.empty())
          throw m::InputError(
              "--mttr is the repair time of random failures: give --mtbf too "
              "(a --fail has its own +REPAIR)");
        req.faults.mttr = quantity("--mttr", args->mttr, m::Quantity::kTime);
      }
      m::Checkpoints& cp = req.faults.checkpoints;
      if (!args->checkpoint_interval.empty()) {
        cp.interval =
            quantity("--checkpoint-interval", args->checkpoint_interval, m::Quantity::kTime);
        if (!(cp.interval > 0)) throw m::InputError("--checkpoint-interval must be > 0");
      }
      for (const auto& [text, value, option] :
           {std::tuple{&args->checkpoint_cost, &cp.cost, "--checkpoint-cost"},
            {&args->restart_cost, &cp.restart, "--restart-cost"}}) {
        if (text->empty()) continue;
        if (args->checkpoint_interval.empty())
          throw m::InputError(std::string(option) + " needs --checkpoint-interval");
        *value = quantity(option, *text, m::Quantity::kTime);
      }
      if (!args->fault_unit.empty()) {
        if (args->mtbf.empty())
          throw m::InputError("--fault-unit is what random failures strike: give --mtbf too");
        req.faults_per_node = args->fault_unit == "node";
      }
      if (cmd->count("--fault-seed") > 0) {
        if (args->mtbf.empty())
          throw m::InputError("--fault-seed draws random failures: give --mtbf too");
        req.faults.seed = args->fault_seed;
        req.faults_seed_given = true;
      }
      req.core_speed = quantity("--core-speed", args->core_speed, m::Quantity::kSpeed);
      if (req.core_speed <= 0) throw m::InputError("--core-speed must be > 0");
      if (!args->net.platform_path.empty() && cmd->count("--core-speed") > 0)
        throw m::InputError(
            "--core-speed: the platform file sets the core speed; give one or "
            "the other");
      // Core types without their own @SPEED take the cores' --core-speed or --speeds (as a
      // scenario's core_types take its core_speed or speeds); with every type's own, those
      // would change nothing.
      for (const char* option : {"--core-speed", "--speeds"})
        if (cmd->count(option) > 0 && !req.core_types.empty()) {
          const std::vector<ex::CoreTypeSpec> types =
              ex::parse_core_type_options(req.core_types, req.type_factors);
          if (std::all_of(types.begin(), types.end(),
                          [](const ex::CoreTypeSpec& t) { return t.speed > 0; }))
            throw m::InputError(std::string(option) +
                                ": every type of --core-types has its own @SPEED");
        }
      if (!args->speeds.empty()) {
        for (const char* other : {"--core-speed", "--platform"})
          if (cmd->count(other) > 0)
            throw m::InputError(std::string("--speeds: ") + other +
                                " also sets the cores' speeds; give one or the other");
        std::size_t i = 0;
        while (i <= args->speeds.size()) {
          const std::size_t comma = std::min(args->speeds.find(',', i), args->speeds.size());
          const double v =
              quantity("--speeds", args->speeds.substr(i, comma - i), m::Quantity::kSpeed);
          if (!(v > 0)) throw m::InputError("--speeds: every speed must be > 0");
          req.speeds.push_back(v);
          i = comma + 1;
        }
      }
      if (!args->power.empty()) {
        // IDLE,BUSY[@CLOCK]: the scenario's power: {idle, busy, reference_speed}.
        const std::size_t comma = args->power.find(',');
        if (comma == std::string::npos)
          throw m::InputError("--power: expected IDLE,BUSY (e.g. 20W,95W or 20W,95W@2GHz), not '" +
                              args->power + "'");
        std::string busy = args->power.substr(comma + 1);
        ex::PowerModel power;
        if (const std::size_t at = busy.find('@'); at != std::string::npos) {
          power.reference_speed = quantity("--power", busy.substr(at + 1), m::Quantity::kSpeed);
          if (!(power.reference_speed > 0))
            throw m::InputError("--power: the clock after @ must be > 0");
          busy.resize(at);
        }
        power.idle_watts = quantity("--power", args->power.substr(0, comma), m::Quantity::kPower);
        power.busy_watts = quantity("--power", busy, m::Quantity::kPower);
        if (power.busy_watts < power.idle_watts)
          throw m::InputError("--power: busy power must be >= idle power");
        req.power = power;
      }
      req.reference_speed = reference_speed_value(args->reference_speed);
      req.root_end = args->root_end;
      const NetworkArgs& net = args->net;
      req.network = net.model();
      req.latency = net.latency_s();
      req.bandwidth = net.bandwidth_bps();
      req.flow = net.flow();
      req.platform_path = net.platform_path;
      req.cores = net.cores(req.cores);
      if (req.cores == 0 && req.platform_path.empty() && req.core_types.empty())
        throw m::InputError("give --cores, --nodes, --platform or --core-types");
      for (const std::string& kv : args->policy_params) {
        const std::size_t eq = kv.find('=');
        if (eq == std::string::npos || eq == 0)
          throw m::InputError("--policy-param: expected NAME=VALUE, not '" + kv + "'");
        if (!req.policy_params.emplace(kv.substr(0, eq), kv.substr(eq + 1)).second)
          throw m::InputError("--policy-param: '" + kv.substr(0, eq) + "' given twice");
      }
      req.standard_output = &std::cout;
      std::vector<std::string> warnings;  // (shown also when the run then fails)
      req.warnings = &warnings;
      ex::SimulateReport report;
      try {
        report = ex::simulate(req);
      } catch (...) {
        print_warnings(warnings);
        throw;
      }
      print_warnings(warnings);
      // With an output on standard output, the report goes to standard error.
      std::FILE* report_stream = req.writes_standard_output() ? stderr : stdout;
      if (args->json) {
        std::fprintf(report_stream, "%s\n", report.to_json().c_str());
      } else {
        std::fputs(report.to_text().c_str(), report_stream);
      }
      return 0;
    };
  });
}

struct InfoArgs {
  bool root_end = false;
  std::string graph_path;
  std::string format = "auto";
  std::string reference_speed;
  bool json = false;
};

void add_info(CLI::App& app, Action& action) {
  auto args = std::make_shared<InfoArgs>();
  CLI::App* cmd =
      app.add_subcommand("info", "Describe a task graph: size, work, critical path, width");
  cmd->add_option("GRAPH", args->graph_path, "task graph file")->required();
  cmd->add_option("--format", args->format,
                  "graph format: auto | dot | wfcommons | simgrid_json | dax | stg | yaml")
      ->capture_default_str();
  add_reference_speed_option(*cmd, args->reference_speed);
  add_root_end_option(*cmd, args->root_end);
  cmd->add_flag("--json", args->json, "print one JSON line instead of text");
  cmd->callback([args, &action] {
    action = [args] {
      std::vector<std::string> warnings, machines;
      std::vector<double> speeds;  // at which times became work (WfCommons, DAX, STG)
      const double stated = reference_speed_value(args->reference_speed);
      const m::TaskGraph g = ex::load_graph(args->graph_path, args->format, stated, args->root_end,
                                            &warnings, &machines, &speeds);
      print_warnings(warnings);
      const m::GraphMetrics s = m::compute_graph_metrics(g);
      // The speeds and whence they came (a WfCommons file: its machines', else the default).
      std::string speed_source;
      if (stated > 0)
        speed_source = "--reference-speed";
      else if (ex::graph_format_of(args->graph_path, args->format) == "wfcommons")
        speed_source =
            "each task's machine's recorded speed, 1e9 without one; --reference-speed sets one";
      else
        speed_source = "pelsim's default core speed; --reference-speed sets another";
      const double speed =
          speeds.size() == 1 ? speeds[0] : 0;  // The hosts a file places its tasks on (SimGrid's
                                               // DAG JSON), in order of first use, and
      // how many tasks it places.
      std::vector<std::string> hosts;
      std::uint64_t placed = 0;
      for (const std::string& h : machines) {
        if (h.empty()) continue;
        ++placed;
        if (std::find(hosts.begin(), hosts.end(), h) == hosts.end()) hosts.push_back(h);
      }
      // Tasks per task type, in type order ("(none)" for the tasks without one).
      std::vector<std::pair<std::string, std::uint64_t>> types;
      if (g.has_task_types()) {
        std::vector<std::uint64_t> count(g.task_type_count(), 0);
        for (m::TaskId t = 0; t < g.task_count(); ++t) ++count[g.task_type(t)];
        for (std::uint32_t k = 0; k < g.task_type_count(); ++k)
          if (count[k] > 0)
            types.emplace_back(
                k == 0 ? std::string("(none)") : g.task_type_name(static_cast<m::TaskTypeId>(k)),
                count[k]);
      }
      // Per lock: its tasks and their work (they run one at a time).
      std::vector<std::pair<std::uint64_t, double>> locked(g.lock_count(), {0, 0.0});
      for (m::TaskId t = 0; t < g.task_count(); ++t)
        if (const m::LockId l = g.lock_of(t); l != m::TaskGraph::kNoLock) {
          ++locked[l].first;
          locked[l].second += g.work(t);
        }
      if (args->json) {
        ex::JsonLine j;
        j.add("graph", args->graph_path)
            .add("tasks", std::uint64_t{s.tasks})
            .add("edges", std::uint64_t{s.edges})
            .add("task_pairs", std::uint64_t{s.task_pairs})
            .add("total_work", s.total_work)
            .add("total_bytes", s.total_bytes)
            .add("critical_path", s.critical_path_work)
            .add("average_parallelism", s.average_parallelism())
            .add("depth", std::uint64_t{s.depth})
            .add("max_width", std::uint64_t{s.max_width})
            .add("sources", std::uint64_t{s.sources})
            .add("sinks", std::uint64_t{s.sinks})
            .add("per_core_costs", g.has_costs() ? std::uint64_t{g.cost_columns()} : 0)
            .add("placed_tasks", placed)
            .add("placement_hosts", std::uint64_t{hosts.size()});
        if (speed > 0) j.add("runtime_speed", speed);  // flop/s at which runtimes became work
        for (const auto& [name, count] : types)
          j.add(name == "(none)" ? std::string("tasks_without_type") : "tasks_of_type_" + name,
                count);
        for (m::LockId l = 0; l < g.lock_count(); ++l)
          j.add("tasks_of_lock_" + g.lock_name(l), locked[l].first);
        std::printf("%s\n", j.str().c_str());
      } else {
        std::printf("%s\n", args->graph_path.c_str());
        std::printf("tasks                %u\n", s.tasks);
        if (s.task_pairs == s.edges)
          std::printf("edges                %u\n", s.edges);
        else  // several edges join some pairs (a DAX's files: one transfer each)
          std::printf("edges                %u (%u task pairs)\n", s.edges, s.task_pairs);
        std::printf("total work           %.9g flops\n", s.total_work);
        if (!speeds.empty()) {
          std::string list;
          for (double v : speeds) {
            char text[32];
            std::snprintf(text, sizeof text, "%.6g", v);
            list += (list.empty() ? "" : ", ") + std::string(text);
          }
          std::printf("  read from times at %s flop/s (%s)\n", list.c_str(), speed_source.c_str());
        }
        std::printf("total data           %.9g bytes\n", s.total_bytes);
        std::printf("critical path        %.9g flops (longest path of work)\n",
                    s.critical_path_work);
        std::printf("average parallelism  %.6g (work / critical path)\n", s.average_parallelism());
        std::printf("depth                %u level%s\n", s.depth, s.depth == 1 ? "" : "s");
        std::printf("maximum width        %u tasks at one level\n", s.max_width);
        std::printf("sources / sinks      %u / %u\n", s.sources, s.sinks);
        if (g.has_costs()) std::printf("per-core costs       %u cores\n", g.cost_columns());
        if (placed > 0) {
          std::string list;
          for (const std::string& h : hosts) list += (list.empty() ? "" : ", ") + h;
          std::printf("placement            %llu of %u tasks on %zu hosts (%s)\n",
                      static_cast<unsigned long long>(placed), s.tasks, hosts.size(), list.c_str());
        }
        if (!types.empty()) {
          std::printf("task types           %zu\n", types.size());
          for (const auto& [name, count] : types)
            std::printf("  %-18s %llu tasks\n", name.c_str(),
                        static_cast<unsigned long long>(count));
        }
        if (g.has_locks()) {
          std::printf("locks                %u (the tasks of one lock run one at a time)\n",
                      g.lock_count());
          for (m::LockId l = 0; l < g.lock_count(); ++l)
            std::printf("  %-18s %llu tasks, %.9g flops\n", g.lock_name(l).c_str(),
                        static_cast<unsigned long long>(locked[l].first), locked[l].second);
        }
      }
      return 0;
    };
  });
}

void add_policies(CLI::App& app, Action& action) {
  CLI::App* cmd = app.add_subcommand("policies", "List the scheduling policies and network models");
  cmd->callback([&action] {
    action = [] {
      std::printf(
          "policies (plan: mapped before the run; dynamic: decided as tasks become "
          "ready):\n");
      const auto print_param = [](const m::PolicyParam& param) {
        std::string kind;
        for (const std::string& c : param.choices) kind += (kind.empty() ? "" : " | ") + c;
        if (kind.empty()) kind = "time";
        std::printf("      %-18s %s (%s, default %s)\n", param.name.c_str(),
                    param.description.c_str(), kind.c_str(), param.default_value.c_str());
      };
      for (const m::PolicyInfo& p : m::PolicyRegistry::builtin().all()) {
        std::printf("  %-18s %-8s %s\n", p.name.c_str(), p.dynamic ? "dynamic" : "plan",
                    p.description.c_str());
        for (const m::PolicyParam& param : p.params) print_param(param);
      }
      std::printf("parameters of every policy (--policy-param NAME=VALUE, or in policy: {...}):\n");
      for (const m::PolicyParam& param : m::common_policy_params()) print_param(param);
      std::printf("network models:\n");
      for (const auto& n : m::NetworkModel::known())
        std::printf("  %-18s %s\n", n.name.c_str(), n.description.c_str());
      return 0;
    };
  });
}

}  // namespace

void add_reference_speed_option(CLI::App& cmd, std::string& text) {
  cmd.add_option("--reference-speed", text,
                 "speed at which runtimes (WfCommons, DAX, STG) are read as work, e.g. 2.4GHz; "
                 "default: the recorded machine's speed (WfCommons), else 1e9");
}

void print_warnings(const std::vector<std::string>& warnings) {
  constexpr std::size_t kShown = 10;
  for (std::size_t i = 0; i < warnings.size() && i < kShown; ++i)
    std::fprintf(stderr, "pelsim: warning: %s\n", warnings[i].c_str());
  if (warnings.size() > kShown)
    std::fprintf(stderr, "pelsim: warning: ... and %zu more like these\n",
                 warnings.size() - kShown);
}

void add_root_end_option(CLI::App& cmd, bool& flag) {
  cmd.add_flag("--root-end", flag,
               "DAX: add SimGrid's root and end tasks (0 flops; create_DAG_from_DAX): each job "
               "reads the files no job writes from root, and sends those no job reads to end");
}

double reference_speed_value(const std::string& text) {
  if (text.empty()) return 0;
  const double speed = quantity("--reference-speed", text, m::Quantity::kSpeed);
  if (!(speed > 0) || !std::isfinite(speed))
    throw m::InputError("--reference-speed must be > 0, not '" + text + "'");
  return speed;
}

CLI::Validator whole_number(const std::string& what, std::uint64_t lo, std::uint64_t hi) {
  return CLI::Validator(
      [what, lo, hi](std::string& v) -> std::string {
        std::uint64_t n = 0;
        const char* end = v.data() + v.size();
        const auto [at, ec] = std::from_chars(v.data(), end, n);
        if (ec == std::errc() && at == end && n >= lo && n <= hi) {
          v = std::to_string(n);  // decimal: CLI11 would read "010" as octal 8
          return "";
        }
        return "'" + v + "' is not " + what + ": give a whole number from " + std::to_string(lo) +
               " to " + std::to_string(hi);
      },
      "INT in [" + std::to_string(lo) + " - " + std::to_string(hi) + "]");
}

void add_commands(CLI::App& app, Action& action) {
  add_simulate(app, action);
  add_info(app, action);
  add_policies(app, action);
  add_generate(app, action);
  add_run(app, action);
  add_replay(app, action);
  add_convert(app, action);
  add_platform(app, action);
}

}  // namespace pelsim::cli
