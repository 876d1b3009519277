#include "pelsim/experiment/replay.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>

#include "pelsim/experiment/graph_loader.hpp"
#include "pelsim/experiment/run_point.hpp"
#include "pelsim/models/error.hpp"
#include "pelsim/models/json_text.hpp"
#include "pelsim/models/wfcommons_reader.hpp"

namespace pelsim::experiment {

namespace m = pelsim::models;

std::uint32_t RecordedExecution::total_cores() const {
  std::uint32_t n = 0;
  for (const Machine& machine : machines) n += machine.cores;
  return n == 0 ? 1 : n;
}

std::vector<double> RecordedExecution::core_speeds() const {
  std::vector<double> speeds;
  for (const Machine& machine : machines)
    speeds.insert(speeds.end(), machine.cores,
                  machine.speed_mhz > 0 ? machine.speed_mhz * 1e6 : 1e9);
  if (speeds.empty()) speeds.push_back(1e9);
  return speeds;
}

namespace {

using Json = nlohmann::json;

// Reads the file as JSON. A file that is not JSON at all (a DAX, a DOT file) is told apart from
// a JSON syntax error, both at the line where parsing stopped.
Json parse_instance(const std::string& path, const std::string& text) {
  try {
    return Json::parse(text);
  } catch (const Json::parse_error& e) {
    const std::uint32_t line = m::line_at(text, e.byte == 0 ? 0 : e.byte - 1);
    const std::size_t first = text.find_first_not_of(" \t\r\n");
    if (first != std::string::npos && text[first] == '{') {
      // nlohmann's message: "[json.exception.parse_error.N] parse error at line L, column C:
      // what went wrong"; the reason keeps what went wrong.
      std::string what = e.what();
      const std::size_t colon = what.find(": ", what.find("parse error"));
      if (colon != std::string::npos) what = what.substr(colon + 2);
      throw m::InputError(path, line, "JSON syntax error: " + what);
    }
    std::string format;
    try {
      format = graph_format_of(path, "auto");
    } catch (const m::InputError&) {
    }
    throw m::InputError(
        path, line,
        "not a WfCommons JSON instance (replay needs one: a WfFormat .json file that records a "
        "run's makespan and machines)" +
            (format.empty() || format == "wfcommons"
                 ? std::string()
                 : "; this file reads as a " + format + " task graph, which records no run"));
  } catch (const Json::exception& e) {  // e.g. a number too large for a double
    // Without nlohmann's "[json.exception.out_of_range.406] " prefix.
    const std::string what = e.what();
    const std::size_t end = what.find("] ");
    throw m::InputError(path, 0,
                        "JSON: " + (end == std::string::npos ? what : what.substr(end + 2)));
  }
}

}  // namespace

RecordedExecution read_recorded_execution(const std::string& path) {
  reject_directory(path, "the file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw m::InputError(path, 0, "cannot open the file");
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  const Json doc = parse_instance(path, text);
  if (!doc.is_object() || !doc.contains("workflow") || !doc["workflow"].is_object())
    throw m::InputError(
        path,
        doc.is_object() && doc.contains("workflow") ? m::find_member_line(text, "", "workflow") : 0,
        "no 'workflow' object: not a WfCommons instance (replay needs one)");
  // The layout as the graph reader chooses it: 1.5 has workflow.specification and records the
  // run in workflow.execution; 1.3 and 1.4 record it in workflow itself, with makespanInSeconds
  // (makespan up to 1.2) and machines whose cpu has count and speed (MHz) rather than coreCount
  // and speedInMHz.
  const Json& workflow = doc["workflow"];
  const bool v15 = workflow.contains("specification");
  const std::string where = v15 ? "workflow.execution" : "workflow";
  static const Json kNone;
  const Json& run = !v15                             ? workflow
                    : workflow.contains("execution") ? workflow["execution"]
                                                     : kNone;
  const std::string makespan_key =
      v15 || run.contains("makespanInSeconds") || !run.contains("makespan") ? "makespanInSeconds"
                                                                            : "makespan";
  if (!run.is_object() || !run.contains(makespan_key))
    throw m::InputError(path, 0,
                        v15 ? "no workflow.execution.makespanInSeconds: the instance records no "
                              "measured makespan (replay compares with it)"
                            : "no workflow.makespanInSeconds (WfFormat 1.3, 1.4) nor "
                              "workflow.makespan (up to 1.2): the instance records no measured "
                              "makespan (replay compares with it)");
  const Json& makespan = run[makespan_key];
  const std::uint32_t makespan_line = m::find_member_line(text, "", makespan_key);
  if (!makespan.is_number())
    throw m::InputError(path, makespan_line,
                        where + "." + makespan_key + " must be a number, not " + makespan.dump());
  RecordedExecution r;
  r.makespan = makespan.get<double>();
  if (!(r.makespan > 0) || !std::isfinite(r.makespan))
    throw m::InputError(
        path, makespan_line,
        where + "." + makespan_key + " must be > 0, not " + std::to_string(r.makespan));
  const char* cores_key = v15 ? "coreCount" : "count";
  const char* speed_key = v15 ? "speedInMHz" : "speed";
  std::uint64_t total_cores = 0;
  if (run.contains("machines") && run["machines"].is_array())
    for (const auto& machine : run["machines"]) {
      RecordedExecution::Machine mc;
      if (machine.is_object() && machine.contains("nodeName") && machine["nodeName"].is_string())
        mc.name = machine["nodeName"].get<std::string>();
      // At the machine's nodeName when it has one.
      mc.line = mc.name.empty() ? 0 : m::find_member_line(text, "", "nodeName", mc.name);
      const auto bad = [&](const std::string& why) {
        return m::InputError(path, mc.line, where + ".machines: " + why);
      };
      if (!machine.is_object()) throw bad("each machine is an object, not " + machine.dump());
      if (machine.contains("cpu") && machine["cpu"].is_object()) {
        const auto& cpu = machine["cpu"];
        if (cpu.contains(cores_key)) {
          const auto& n = cpu[cores_key];
          if (!n.is_number_integer() || n.get<std::int64_t>() < 1 ||
              n.get<std::int64_t>() > (std::int64_t{1} << 24))
            throw bad(std::string(cores_key) + " must be a whole number from 1 to 16777216, not " +
                      n.dump());
          mc.cores = n.get<std::uint32_t>();
        }
        const auto& mhz = cpu.contains(speed_key) ? cpu[speed_key] : kNone;
        mc.speed_mhz = mhz.is_number() ? mhz.get<double>() : 0.0;  // null: not recorded
        if (!(mc.speed_mhz >= 0) || !std::isfinite(mc.speed_mhz))
          throw bad(std::string(speed_key) + " must be a number >= 0, not " + mhz.dump());
      }
      total_cores += mc.cores;
      if (total_cores > (std::uint64_t{1} << 24)) throw bad("more than 16777216 cores in all");
      r.machines.push_back(mc);
    }
  if (r.machines.empty()) r.machines.push_back({"(not recorded)", 1, 0, 0});
  return r;
}

m::TaskGraph with_task_overhead(const m::TaskGraph& g, double seconds, double speed) {
  return with_task_overhead(g, seconds, std::vector<double>(g.task_count(), speed));
}

m::TaskGraph with_task_overhead(const m::TaskGraph& g, double seconds,
                                const std::vector<double>& speeds) {
  m::TaskGraphBuilder b(g.source_name());
  b.reserve(g.task_count(), g.edge_count());
  for (m::TaskId t = 0; t < g.task_count(); ++t) b.copy_task(g, t, g.work(t) + seconds * speeds[t]);
  for (m::TaskId t = 0; t < g.task_count(); ++t)
    for (m::EdgeId e = g.out_begin(t); e < g.out_end(t); ++e)
      b.add_edge(t, g.target(e), g.bytes(e));
  return b.build();
}

namespace {

// An instance as replay reads it: the graph, each task's speed (flop/s per second of its
// runtime) and the recorded run.
struct Instance {
  std::string path;
  std::shared_ptr<const m::TaskGraph> graph;
  std::vector<double> task_speeds;
  RecordedExecution recorded;
};

Instance load_instance(const std::string& path, const ReplayOptions& o) {
  Instance i;
  i.path = path;
  i.recorded = read_recorded_execution(path);
  m::WfCommonsOptions wo;
  wo.reference_speed = o.reference_speed;
  wo.task_speeds = &i.task_speeds;
  i.graph = std::make_shared<const m::TaskGraph>(m::read_wfcommons_file(path, wo));
  if (i.graph->task_count() == 0)
    throw m::InputError(path, 0, "the instance has no tasks: nothing to replay");
  return i;
}

// Under the flow network each recorded machine is a node: its cores share the node's link to
// the crossbar, and data moves between them for free (as files do on one machine). The flow
// model's nodes are all of one size, so machines of different sizes are refused.
std::uint32_t cores_per_machine(const Instance& i) {
  const auto& machines = i.recorded.machines;
  for (const RecordedExecution::Machine& mc : machines)
    if (mc.cores != machines.front().cores)
      throw m::InputError(
          i.path, mc.line,
          "machine '" + mc.name + "' has " + std::to_string(mc.cores) + " cores and '" +
              machines.front().name + "' " + std::to_string(machines.front().cores) +
              ": --network flow makes each machine a node, and its nodes have one size "
              "(latency_bandwidth and ideal have no nodes)");
  return machines.front().cores;
}

// The graph is copied only when an overhead changes its work. The overhead (seconds) is work
// at each task's own speed, so it lasts that long on a core of the machine the task ran on.
RunConfig replay_config(const Instance& i, const ReplayOptions& o) {
  const std::shared_ptr<const m::TaskGraph>& base = i.graph;
  const RecordedExecution& recorded = i.recorded;
  RunConfig c;
  c.graph = o.task_overhead > 0 ? std::make_shared<const m::TaskGraph>(
                                      with_task_overhead(*base, o.task_overhead, i.task_speeds))
                                : base;
  c.cores = recorded.total_cores();
  c.speeds = recorded.core_speeds();
  c.network = o.network;
  if (o.network == "flow") c.flow.cores_per_node = cores_per_machine(i);
  c.latency = o.latency;
  c.bandwidth = o.bandwidth;
  c.policy = o.policy;
  return c;
}

ReplayResult replay_graph(const Instance& i, const ReplayOptions& o) {
  const std::string& path = i.path;
  const RecordedExecution& recorded = i.recorded;
  const std::shared_ptr<const m::TaskGraph>& base = i.graph;
  const RunConfig c = replay_config(i, o);
  const RunMeasures r = run_point(c);
  ReplayResult out;
  out.path = path;
  out.tasks = base->task_count();
  out.cores = c.cores;
  out.measured = recorded.makespan;
  out.simulated = r.makespan;
  out.critical_path = r.critical_path;
  out.lower_bound = r.lower_bound;
  out.error = recorded.makespan > 0 ? (r.makespan - recorded.makespan) / recorded.makespan : 0;
  return out;
}

}  // namespace

RunConfig replay_run_config(const std::string& path, const ReplayOptions& options) {
  return replay_config(load_instance(path, options), options);
}

ReplayResult replay(const std::string& path, const ReplayOptions& options) {
  return replay_graph(load_instance(path, options), options);
}

OverheadFit fit_task_overhead(const std::vector<std::string>& paths, ReplayOptions options,
                              double upper) {
  std::vector<Instance> instances;
  for (const std::string& p : paths) instances.push_back(load_instance(p, options));
  auto cost = [&](double overhead) {
    options.task_overhead = overhead;
    double sum = 0;
    for (const Instance& i : instances) {
      const double e = replay_graph(i, options).error;
      sum += e * e;
    }
    return sum;
  };
  // Golden-section search on [0, upper] down to 1 ms.
  const double phi = (std::sqrt(5.0) - 1) / 2;
  double a = 0, b = upper;
  double x1 = b - phi * (b - a), x2 = a + phi * (b - a);
  double f1 = cost(x1), f2 = cost(x2);
  while (b - a > 1e-3) {
    if (f1 <= f2) {
      b = x2;
      x2 = x1;
      f2 = f1;
      x1 = b - phi * (b - a);
      f1 = cost(x1);
    } else {
      a = x1;
      x1 = x2;
      f1 = f2;
      x2 = a + phi * (b - a);
      f2 = cost(x2);
    }
  }
  OverheadFit fit;
  fit.overhead = (a + b) / 2;
  if (cost(0) <= cost(fit.overhead)) fit.overhead = 0;
  options.task_overhead = fit.overhead;
  for (const Instance& i : instances) fit.results.push_back(replay_graph(i, options));
  return fit;
}

}  // namespace pelsim::experiment
