#include "pelsim/experiment/replay.hpp"

#include <cmath>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>

#include "pelsim/experiment/graph_loader.hpp"
#include "pelsim/experiment/run_point.hpp"
#include "pelsim/models/error.hpp"

namespace pelsim::experiment {

namespace m = pelsim::models;

std::uint32_t RecordedExecution::total_cores() const {
  std::uint32_t n = 0;
  for (const Machine& machine : machines) n += machine.cores;
  return n == 0 ? 1 : n;
}

RecordedExecution read_recorded_execution(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw m::InputError(path, 0, "cannot open the file");
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw m::InputError(path, 0, std::string("not JSON: ") + e.what());
  }
  const auto* execution = doc.contains("workflow") && doc["workflow"].is_object() &&
                                  doc["workflow"].contains("execution")
                              ? &doc["workflow"]["execution"]
                              : nullptr;
  if (execution == nullptr || !execution->contains("makespanInSeconds") ||
      !(*execution)["makespanInSeconds"].is_number())
    throw m::InputError(path, 0, "no workflow.execution.makespanInSeconds: not a recorded "
                                 "WfCommons instance (WfFormat 1.5)");
  RecordedExecution r;
  r.makespan = (*execution)["makespanInSeconds"].get<double>();
  if (execution->contains("machines") && (*execution)["machines"].is_array())
    for (const auto& machine : (*execution)["machines"]) {
      RecordedExecution::Machine mc;
      mc.name = machine.value("nodeName", std::string());
      if (machine.contains("cpu") && machine["cpu"].is_object()) {
        mc.cores = machine["cpu"].value("coreCount", 1u);
        mc.speed_mhz = machine["cpu"].value("speedInMHz", 0.0);
      }
      r.machines.push_back(mc);
    }
  if (r.machines.empty()) r.machines.push_back({"(not recorded)", 1, 0});
  return r;
}

m::TaskGraph with_task_overhead(const m::TaskGraph& g, double seconds, double speed) {
  m::TaskGraphBuilder b(g.source_name());
  b.reserve(g.task_count(), g.edge_count());
  for (m::TaskId t = 0; t < g.task_count(); ++t)
    b.set_type(b.intern_task(g.name(t), g.work(t) + seconds * speed, g.line_of(t)),
               g.task_type_name_of(t));
  for (m::TaskId t = 0; t < g.task_count(); ++t)
    for (m::EdgeId e = g.out_begin(t); e < g.out_end(t); ++e) b.add_edge(t, g.target(e), g.bytes(e));
  return b.build();
}

namespace {

// The graph is copied only when an overhead changes its work.
ReplayResult replay_graph(const std::string& path,
                          const std::shared_ptr<const m::TaskGraph>& base,
                          const RecordedExecution& recorded, const ReplayOptions& o) {
  constexpr double kReferenceSpeed = 1e9;  // runtimes are read as work at 1 Gflop/s
  RunConfig c;
  c.graph = o.task_overhead > 0 ? std::make_shared<const m::TaskGraph>(
                                      with_task_overhead(*base, o.task_overhead, kReferenceSpeed))
                                : base;
  c.cores = recorded.total_cores();
  c.speeds = {kReferenceSpeed};
  c.network = o.network;
  c.latency = o.latency;
  c.bandwidth = o.bandwidth;
  c.policy = o.policy;
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

ReplayResult replay(const std::string& path, const ReplayOptions& options) {
  const RecordedExecution recorded = read_recorded_execution(path);
  const auto graph = std::make_shared<const m::TaskGraph>(load_graph(path, "wfcommons"));
  return replay_graph(path, graph, recorded, options);
}

OverheadFit fit_task_overhead(const std::vector<std::string>& paths, ReplayOptions options,
                              double upper) {
  struct Instance {
    std::string path;
    std::shared_ptr<const m::TaskGraph> graph;
    RecordedExecution recorded;
  };
  std::vector<Instance> instances;
  for (const std::string& p : paths)
    instances.push_back({p, std::make_shared<const m::TaskGraph>(load_graph(p, "wfcommons")),
                         read_recorded_execution(p)});
  auto cost = [&](double overhead) {
    options.task_overhead = overhead;
    double sum = 0;
    for (const Instance& i : instances) {
      const double e = replay_graph(i.path, i.graph, i.recorded, options).error;
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
  for (const Instance& i : instances)
    fit.results.push_back(replay_graph(i.path, i.graph, i.recorded, options));
  return fit;
}

}  // namespace pelsim::experiment
