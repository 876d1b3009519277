#include "pelsim/experiment/simulate.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <memory>
#include <optional>
#include <sstream>

#include "pelsim/experiment/atomic_file.hpp"
#include "pelsim/experiment/core_types.hpp"
#include "pelsim/experiment/decision_writer.hpp"
#include "pelsim/experiment/graph_loader.hpp"
#include "pelsim/experiment/json_line.hpp"
#include "pelsim/experiment/process_stats.hpp"
#include "pelsim/experiment/trace_files.hpp"
#include "pelsim/models/csv.hpp"
#include "pelsim/models/error.hpp"
#include "pelsim/models/graph_metrics.hpp"
#include "pelsim/models/policy.hpp"
#include "pelsim/models/trace_recorder.hpp"

namespace pelsim::experiment {

namespace m = pelsim::models;

namespace {

// One output of a run: an AtomicFile, or for the path "-" a buffer copied to the caller's
// standard output on commit (so it too appears whole or not at all).
class Output {
 public:
  Output(const std::string& option, const std::string& path, std::ostream* standard_output) {
    if (path != "-") {
      file_.emplace(path);
      return;
    }
    if (!standard_output)
      throw m::InputError(option + " -: standard output is not available here; give a file");
    standard_output_ = standard_output;
  }
  std::ostream& stream() { return file_ ? file_->stream() : buffer_; }
  bool to_standard_output() const { return standard_output_ != nullptr; }
  void commit() {
    if (file_) {
      file_->commit();
      return;
    }
    *standard_output_ << buffer_.str();
    standard_output_->flush();
    if (!*standard_output_) throw m::InputError("-: cannot write to standard output");
  }

 private:
  std::optional<AtomicFile> file_;
  std::ostringstream buffer_;
  std::ostream* standard_output_ = nullptr;
};

}  // namespace

namespace {

// Two outputs naming one file would leave it holding the last one written (or a mix of both
// when the file cannot be replaced), and an output naming an input would replace that input:
// both are refused before anything is read.
void check_distinct_files(const SimulateRequest& req) {
  namespace fs = std::filesystem;
  struct Named {
    const char* option;
    const std::string* path;
    bool output;
  };
  const Named files[] = {{"the graph", &req.graph_path, false},
                         {"--schedule", &req.schedule_path, false},
                         {"--platform", &req.platform_path, false},
                         {"--trace", &req.trace_path, true},
                         {"--comm-trace", &req.comm_trace_path, true},
                         {"--write-schedule", &req.write_schedule_path, true},
                         {"--link-stats", &req.link_stats_path, true},
                         {"--explain", &req.explain_path, true},
                         {"--perfetto", &req.perfetto_path, true},
                         {"--paje", &req.paje_path, true}};
  // (Absolute first: weakly_canonical leaves a relative path relative when none of it exists.)
  const auto resolved = [](const std::string& p) {
    std::error_code ec;
    fs::path r = fs::weakly_canonical(fs::absolute(p, ec), ec);
    return ec ? fs::absolute(p).lexically_normal() : r;
  };
  const auto same = [&](const std::string& a, const std::string& b) {
    return resolved(a) == resolved(b);
  };
  for (std::size_t i = 0; i < std::size(files); ++i) {
    if (!files[i].output || files[i].path->empty() || *files[i].path == "-") continue;
    for (std::size_t j = 0; j < std::size(files); ++j) {
      if (j == i || (files[j].output && j > i) || files[j].path->empty() || *files[j].path == "-" ||
          !same(*files[i].path, *files[j].path))
        continue;
      throw m::InputError(std::string(files[i].option) + " " + *files[i].path +
                          (files[j].output
                               ? " is also the file of " + std::string(files[j].option)
                               : " is " + std::string(files[j].option) + ", an input of the run") +
                          ": give each output a file of its own");
    }
  }
}

// A graph file's own placement (SimGrid's DAG JSON names each task's host) as a static
// schedule: the tasks in Kahn's order (file order among tasks ready together), so that no
// core's order contradicts the DAG, each on the core of its host with the least work so far
// (ties: the lowest). `hosts`: the platform's host names, `host_cores` their cores (numbered
// host after host).
m::Schedule placement_schedule(const m::TaskGraph& graph, const std::vector<std::string>& machines,
                               const std::vector<std::string>& hosts,
                               const std::vector<std::uint32_t>& host_cores,
                               const std::string& path) {
  std::vector<std::uint32_t> first_core(hosts.size() + 1, 0);
  for (std::size_t h = 0; h < hosts.size(); ++h) first_core[h + 1] = first_core[h] + host_cores[h];
  std::vector<std::uint32_t> host_of(graph.task_count());
  for (m::TaskId t = 0; t < graph.task_count(); ++t) {
    const auto it = std::find(hosts.begin(), hosts.end(), machines[t]);
    if (hosts.empty())
      throw m::InputError(path, graph.line_of(t),
                          "the file places its tasks on hosts ('" + std::string(graph.name(t)) +
                              "' on '" + machines[t] +
                              "'): give the platform that has them (--platform), or a policy "
                              "to place them (--policy)");
    if (it == hosts.end()) {
      std::string known;
      for (const std::string& h : hosts) known += (known.empty() ? "" : ", ") + h;
      throw m::InputError(path, graph.line_of(t),
                          "task '" + std::string(graph.name(t)) + "' runs on '" + machines[t] +
                              "', which the platform does not have (known: " + known + ")");
    }
    host_of[t] = static_cast<std::uint32_t>(it - hosts.begin());
  }
  std::vector<std::vector<m::TaskId>> per_core(first_core.back());
  std::vector<double> load(first_core.back(), 0.0);
  for (const m::TaskId t : graph.topological_order()) {
    const std::uint32_t h = host_of[t];
    std::uint32_t core = first_core[h];
    for (std::uint32_t c = core + 1; c < first_core[h + 1]; ++c)
      if (load[c] < load[core]) core = c;
    per_core[core].push_back(t);
    load[core] += graph.work(t);
  }
  return m::Schedule::from_sequences(graph.task_count(), per_core);
}

}  // namespace

SimulateReport simulate(const SimulateRequest& request) {
  const double t0 = monotonic_seconds();
  check_distinct_files(request);
  SimulateRequest req = request;
  std::vector<double> core_speeds;  // a platform file's, one per core (or one for all)
  std::shared_ptr<const SpeedProfiles> speed_profiles;  // its hosts' speed_files
  std::vector<std::string> host_names;                  // its hosts' names
  std::vector<std::uint32_t> host_cores;                // and their cores
  if (!req.platform_path.empty()) {
    const PlatformFile pf = read_platform_file(req.platform_path, req.flow.simgrid_cfg);
    speed_profiles = pf.speed_profiles;
    host_names = pf.node_names;
    host_cores = pf.flow.node_cores;
    if (host_cores.empty()) host_cores.assign(host_names.size(), pf.flow.cores_per_node);
    if (req.cores != 0 && req.cores != pf.cores)
      throw m::InputError(req.platform_path, 0,
                          "the platform has " + std::to_string(pf.cores) + " cores, not " +
                              std::to_string(req.cores) + " (--cores)");
    req.cores = pf.cores;
    req.core_speed = pf.core_speed;
    core_speeds = pf.speeds;
    req.network = "flow";
    req.latency = pf.latency;
    req.bandwidth = pf.bandwidth;
    const std::optional<m::FlowModel> asked = req.flow.model;  // (the command's, if given)
    const bool same_core = req.flow.same_core_transfers;
    req.flow = pf.flow;
    if (asked) {  // (replaces the network options of its <config>)
      if (pf.config_sets_model && pf.flow.model && *pf.flow.model != *asked &&
          req.warnings != nullptr)
        req.warnings->push_back(req.platform_path + ": its <config> sets the network model (" +
                                m::flow_model_name(*pf.flow.model) + "); --flow-model " +
                                m::flow_model_name(*asked) + " replaces it as a whole");
      req.flow.model = asked;
    }
    req.flow.same_core_transfers = same_core;
  }
  const std::vector<CoreTypeSpec> core_types =
      parse_core_type_options(req.core_types, req.type_factors);
  if (!req.core_types.empty()) {
    const std::uint64_t sum = core_type_pattern_length(core_types);
    if (req.cores == 0) req.cores = static_cast<std::uint32_t>(sum);
    if (req.cores != sum)
      throw m::InputError("--core-types: the counts add up to " + std::to_string(sum) +
                          " cores, not " + std::to_string(req.cores));
  }
  if (req.cores == 0) throw m::InputError("--cores must be at least 1");
  // (A graph file that places its tasks runs as placed, `static`, unless another policy or a
  // schedule is given: decided once the file is read.)
  std::string policy_name =
      !req.policy.empty() ? req.policy : (req.schedule_path.empty() ? "hlfet" : "static");
  if (!req.schedule_path.empty() &&
      !m::PolicyRegistry::builtin().find(policy_name).needs_schedule)  // (an unknown name: here)
    throw m::InputError("--schedule is only used by the 'static' policy, not by '" + policy_name +
                        "'");
  const m::NetworkModel network =
      make_network(req.network, req.latency, req.bandwidth, req.flow, req.cores);
  if (!req.link_stats_path.empty() && !network.flow_config())
    throw m::InputError("--link-stats needs the flow network (--network flow)");
  if (core_speeds.empty())
    core_speeds = req.speeds.empty() ? std::vector<double>{req.core_speed} : req.speeds;
  m::Platform platform = make_platform(req.cores, core_speeds, core_types);
  if (speed_profiles)
    platform.set_speed_profiles(speed_profiles->profiles, speed_profiles->core_profile);
  if (req.faults.in_use()) {
    m::FaultModel faults = req.faults;
    if (!req.faults_seed_given) faults.seed = req.seed;
    if (req.faults_per_node) {
      if (!network.flow_config())
        throw m::InputError(
            "--fault-unit node needs the flow network's nodes (--topology with "
            "--cores-per-node, or --platform)");
      if (!network.flow_config()->node_of_core.empty())
        throw m::InputError(
            "--fault-unit node needs nodes of equal size, and the platform's hosts have "
            "different numbers of cores");
      faults.cores_per_unit = network.flow_config()->cores_per_node;
    }
    platform.set_faults(std::move(faults));
  }

  std::vector<std::string> machines;  // the file's placement, if it has one
  const m::TaskGraph graph = load_graph(req.graph_path, req.graph_format, req.reference_speed,
                                        req.root_end, req.warnings, &machines);
  // (A file without tasks reads as a graph, which `info` describes; a run of it is a mistake.)
  if (graph.task_count() == 0)
    throw m::InputError(req.graph_path, 0, "the graph has no tasks: nothing to simulate");
  const m::Problem problem(graph, platform, network);
  std::optional<m::Schedule> schedule;
  std::string schedule_source = req.schedule_path;
  if (!req.schedule_path.empty()) {
    schedule = m::read_schedule_csv(req.schedule_path, graph, req.cores);
  } else if (!machines.empty() && (req.policy.empty() || req.policy == "static")) {
    const auto unplaced = std::ranges::find(machines, std::string());
    if (unplaced == machines.end()) {
      schedule = placement_schedule(graph, machines, host_names, host_cores, req.graph_path);
      schedule_source = req.graph_path + " (its tasks' machines)";
      policy_name = "static";
    } else if (req.warnings != nullptr) {
      const auto t = static_cast<m::TaskId>(unplaced - machines.begin());
      req.warnings->push_back(req.graph_path + ": the file names the hosts of some tasks only ('" +
                              std::string(graph.name(t)) +
                              "' has none): its placement is not "
                              "used");
    }
  }
  const m::PolicyInfo& policy = m::PolicyRegistry::builtin().find(policy_name);
  const double t1 = monotonic_seconds();

  // Bounds first: their temporaries are gone before the simulation allocates its state.
  const double critical_path = m::critical_path_time(problem);
  const double lower_bound = m::makespan_lower_bound(problem, critical_path);

  const bool timelines = !req.perfetto_path.empty() || !req.paje_path.empty();
  const bool transfers = !req.comm_trace_path.empty() || timelines;
  const bool record = !req.trace_path.empty() || !req.write_schedule_path.empty() || transfers;
  std::unique_ptr<m::TraceRecorder> recorder;
  if (record)
    recorder = std::make_unique<m::TraceRecorder>(graph.task_count(), req.cores, transfers);
  m::PolicyOptions options;
  options.schedule = schedule ? &*schedule : nullptr;
  options.schedule_source = schedule_source;
  options.seed = req.seed;
  options.params = req.policy_params;
  // Every output is opened now (a bad path fails before the run) as a temporary file that
  // replaces its target only once the run has succeeded and every output is written.
  std::optional<Output> explain_file, trace_file, schedule_file, links_file, comm_file,
      perfetto_file, paje_file;
  const char* on_standard_output = nullptr;  // the output given as "-" (one at most)
  const auto open = [&](std::optional<Output>& out, const char* option, const std::string& path) {
    if (path == "-") {
      if (on_standard_output)
        throw m::InputError(std::string("only one output can go to standard output: ") +
                            on_standard_output + " and " + option + " are both -");
      on_standard_output = option;
    }
    if (!path.empty()) out.emplace(option, path, req.standard_output);
  };
  open(trace_file, "--trace", req.trace_path);
  open(schedule_file, "--write-schedule", req.write_schedule_path);
  open(links_file, "--link-stats", req.link_stats_path);
  open(comm_file, "--comm-trace", req.comm_trace_path);
  open(perfetto_file, "--perfetto", req.perfetto_path);
  open(paje_file, "--paje", req.paje_path);
  std::optional<DecisionJsonWriter> explain;
  if (!req.explain_path.empty()) {
    open(explain_file, "--explain", req.explain_path);
    explain.emplace(explain_file->stream(), graph);
    options.explain = &*explain;
  }
  std::unique_ptr<m::PolicyRun> run = policy.create(problem, options, recorder.get());
  const double t2 = monotonic_seconds();
  run->run();
  const m::SimulationResult& result = run->result();
  const double t3 = monotonic_seconds();
  // The energy, checked before any output is written: watts or a clock so far off that it
  // overflows are a mistake of the power model, not a result.
  const double energy = req.power ? energy_joules(*req.power, core_types, platform, result)
                                  : std::numeric_limits<double>::quiet_NaN();
  if (req.power && !std::isfinite(energy))
    throw m::InputError(
        "the run's energy overflows under that power model (check its watts "
        "and its clock against the cores' speeds)");

  // The outputs, written now that the run succeeded, then put in place together.
  if (trace_file) {
    std::ostream& os = trace_file->stream();
    os << "task,core,start,finish\n";
    for (m::TaskId t = 0; t < graph.task_count(); ++t)
      os << m::csv_field(graph.name(t)) << ',' << recorder->core(t) << ','
         << format_double(recorder->start(t)) << ',' << format_double(recorder->finish(t)) << '\n';
  }
  if (schedule_file)
    m::write_schedule_csv(schedule_file->stream(), recorder->executed_schedule(), graph);
  if (links_file) links_file->stream() << link_stats_csv(result.links, result.makespan);
  if (comm_file) {  // (as sgref's --comm-trace; a transfer cancelled by a failure: none)
    std::ostream& os = comm_file->stream();
    os << "src,dst,bytes,start,finish\n";
    for (const sim::TransferSpan& x : recorder->transfers())
      if (x.delivered)
        os << m::csv_field(graph.name(graph.source(x.edge))) << ','
           << m::csv_field(graph.name(graph.target(x.edge))) << ',' << format_double(x.bytes) << ','
           << format_double(x.start) << ',' << format_double(x.finish) << '\n';
  }
  if (perfetto_file) write_chrome_trace(perfetto_file->stream(), graph, *recorder);
  if (paje_file) write_paje_trace(paje_file->stream(), graph, *recorder);
  // Files first, standard output last (it cannot be taken back).
  for (const bool to_standard_output : {false, true})
    for (std::optional<Output>* f : {&explain_file, &trace_file, &schedule_file, &links_file,
                                     &comm_file, &perfetto_file, &paje_file})
      if (*f && (*f)->to_standard_output() == to_standard_output) (*f)->commit();

  SimulateReport r;
  r.graph = req.graph_path;
  r.tasks = graph.task_count();
  r.edges = graph.edge_count();
  r.cores = req.cores;
  r.policy = policy_name;
  r.network = network.name();
  r.makespan = result.makespan;
  r.planned_makespan = run->planned_makespan();
  double work = 0;
  for (m::TaskId t = 0; t < graph.task_count(); ++t) work += graph.work(t);
  r.total_work = work;
  r.critical_path = critical_path;
  r.lower_bound = lower_bound;
  double busy = 0;
  for (double b : result.core_busy) busy += b;
  r.utilisation = result.makespan > 0 ? busy / (req.cores * result.makespan) : 0.0;
  r.energy_j = energy;
  if (platform.core_type_count() > 1) {
    std::vector<double> type_busy(platform.core_type_count(), 0.0);
    std::vector<std::uint32_t> type_cores(platform.core_type_count(), 0);
    for (m::CoreId c = 0; c < req.cores; ++c) {
      type_busy[platform.core_type(c)] += result.core_busy[c];
      ++type_cores[platform.core_type(c)];
    }
    for (std::uint32_t k = 0; k < platform.core_type_count(); ++k)
      r.core_type_utilisation.emplace_back(
          platform.core_types()[k].name,
          result.makespan > 0 ? type_busy[k] / (type_cores[k] * result.makespan) : 0.0);
  }
  r.events = result.events;
  r.transfers = result.transfers;
  r.bytes_moved = result.bytes_moved;
  r.steals = result.steals;
  r.failed_steals = result.failed_steals;
  r.local_dispatches = result.local_dispatches;
  r.remote_dispatches = result.remote_dispatches;
  r.faults = platform.faults().active();
  r.failures = result.failures;
  r.interrupted = result.interrupted;
  r.lost_work = result.lost_work;
  r.checkpointing = platform.faults().checkpoints.active();
  r.checkpoints = result.checkpoints;
  r.checkpoint_time = result.checkpoint_time;
  if (const m::FlowNetworkConfig* flow = network.flow_config()) {
    r.topology = flow->topology.describe();
    r.flow_model = m::flow_model_name(flow->model);
    r.links_used = static_cast<std::uint32_t>(  // (not those only cancelled flows used)
        std::ranges::count_if(result.links,
                              [](const m::LinkUsage& l) { return l.stats.bytes > 0; }));
    r.max_link_utilisation = max_link_utilisation(result.links, result.makespan);
    for (const m::LinkUsage& l : result.links)  // (a link only cancelled flows used: none)
      if (l.stats.bytes > 0 &&
          l.stats.bytes / (l.bandwidth * result.makespan) == r.max_link_utilisation) {
        r.busiest_link = l.name;  // at a tie, the first in the platform's link order
        break;
      }
  }
  r.load_s = t1 - t0;
  r.plan_s = t2 - t1;
  r.sim_s = t3 - t2;
  r.wall_s = monotonic_seconds() - t0;
  r.peak_rss_mb = peak_rss_mb();
  return r;
}

std::string SimulateReport::to_json() const {
  JsonLine j;
  j.add("graph", graph)
      .add("tasks", std::uint64_t{tasks})
      .add("edges", std::uint64_t{edges})
      .add("cores", std::uint64_t{cores})
      .add("policy", policy)
      .add("network", network)
      .add("makespan", makespan)
      .add("planned_makespan", planned_makespan)
      .add("total_work", total_work)
      .add("critical_path", critical_path)
      .add("lower_bound", lower_bound)
      .add("utilisation", utilisation);
  for (const auto& [name, u] : core_type_utilisation) j.add("utilisation_" + name, u);
  if (!std::isnan(energy_j)) j.add("energy_j", energy_j);
  j.add("events", events)
      .add("transfers", transfers)
      .add("bytes_moved", bytes_moved)
      .add("steals", steals)
      .add("failed_steals", failed_steals);
  if (local_dispatches + remote_dispatches > 0)
    j.add("local_dispatches", local_dispatches).add("remote_dispatches", remote_dispatches);
  if (faults)
    j.add("failures", failures).add("interrupted", interrupted).add("lost_work", lost_work);
  if (checkpointing) j.add("checkpoints", checkpoints).add("checkpoint_time", checkpoint_time);
  if (!topology.empty())
    j.add("topology", topology)
        .add("flow_model", flow_model)
        .add("links_used", std::uint64_t{links_used})
        .add("max_link_utilisation", max_link_utilisation)
        .add("busiest_link", busiest_link);
  j.add("load_s", load_s)
      .add("plan_s", plan_s)
      .add("sim_s", sim_s)
      .add("wall_s", wall_s)
      .add("peak_rss_mb", peak_rss_mb);
  return j.str();
}

std::string SimulateReport::to_text() const {
  std::ostringstream os;
  char line[256];
  const auto count = [](std::uint64_t n, const char* what) {  // "1 edge", "2 edges"
    return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
  };
  os << graph << ": " << count(tasks, "task") << ", " << count(edges, "edge") << " on "
     << count(cores, "core") << ", policy " << policy << ", network " << network << '\n';
  std::snprintf(line, sizeof line, "makespan      %.9g s\n", makespan);
  os << line;
  if (std::isfinite(planned_makespan)) {
    std::snprintf(line, sizeof line, "planned       %.9g s\n", planned_makespan);
    os << line;
  }
  std::snprintf(line, sizeof line, "lower bound   %.9g s (critical path %.9g s)\n", lower_bound,
                critical_path);
  os << line;
  std::snprintf(line, sizeof line, "utilisation   %.1f %%", 100.0 * utilisation);
  os << line;
  for (std::size_t k = 0; k < core_type_utilisation.size(); ++k) {
    std::snprintf(line, sizeof line, "%s%s %.1f %%", k == 0 ? " (" : ", ",
                  core_type_utilisation[k].first.c_str(), 100.0 * core_type_utilisation[k].second);
    os << line;
  }
  os << (core_type_utilisation.empty() ? "\n" : ")\n");
  if (!std::isnan(energy_j)) {
    std::snprintf(line, sizeof line, "energy        %.9g J\n", energy_j);
    os << line;
  }
  std::snprintf(line, sizeof line, "transfers     %llu (%.6g bytes)\n",
                static_cast<unsigned long long>(transfers), bytes_moved);
  os << line;
  if (!topology.empty()) {
    os << "network       " << topology << " (" << flow_model << ")\n";
    if (links_used == 0) {
      os << "links         none carried data\n";
    } else {
      std::snprintf(line, sizeof line, "links         %u carried data; busiest %s at %.1f %%\n",
                    links_used, busiest_link.c_str(), 100.0 * max_link_utilisation);
      os << line;
    }
  }
  if (steals + failed_steals > 0) {
    std::snprintf(line, sizeof line, "steals        %llu (%llu failed attempts)\n",
                  static_cast<unsigned long long>(steals),
                  static_cast<unsigned long long>(failed_steals));
    os << line;
  }
  if (local_dispatches + remote_dispatches > 0) {
    std::snprintf(line, sizeof line, "dispatches    %llu local, %llu remote\n",
                  static_cast<unsigned long long>(local_dispatches),
                  static_cast<unsigned long long>(remote_dispatches));
    os << line;
  }
  if (faults) {
    std::snprintf(
        line, sizeof line, "failures      %llu (%llu task run%s cut short, %.6g s of work lost)\n",
        static_cast<unsigned long long>(failures), static_cast<unsigned long long>(interrupted),
        interrupted == 1 ? "" : "s", lost_work);
    os << line;
  }
  if (checkpointing) {
    std::snprintf(line, sizeof line, "checkpoints   %llu (%.6g s writing and reading back)\n",
                  static_cast<unsigned long long>(checkpoints), checkpoint_time);
    os << line;
  }
  std::snprintf(
      line, sizeof line,
      "events        %llu; wall time %.3f s, of which reading and set-up %.3f s, planning %.3f s, "
      "simulating %.3f s; peak RSS %.1f MB\n",
      static_cast<unsigned long long>(events), wall_s, load_s, plan_s, sim_s, peak_rss_mb);
  os << line;
  return os.str();
}

}  // namespace pelsim::experiment
