#include "pelsim/experiment/graph_writers.hpp"

#include <nlohmann/json.hpp>
#include <ostream>

#include "pelsim/experiment/atomic_file.hpp"
#include "pelsim/experiment/json_line.hpp"
#include "pelsim/models/dot_writer.hpp"
#include "pelsim/models/error.hpp"

namespace pelsim::experiment {

namespace m = pelsim::models;

namespace {

constexpr double kReferenceSpeed = 1e9;  // WfFormat stores seconds: work at 1 Gflop/s

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// A YAML double-quoted scalar.
std::string yaml_quoted(std::string_view s) {
  return "\"" + json_escape(s) + "\"";
}

void write_yaml(std::ostream& os, const m::TaskGraph& g) {
  os << "# " << g.task_count() << " tasks, " << g.edge_count()
     << " edges; work in flops, bytes in bytes (pelsim convert)\ntasks:\n";
  for (m::TaskId t = 0; t < g.task_count(); ++t) {
    os << "  - {name: " << yaml_quoted(g.name(t)) << ", work: " << format_double(g.work(t));
    if (g.task_type(t) != 0) os << ", type: " << yaml_quoted(g.task_type_name_of(t));
    if (g.lock_of(t) != m::TaskGraph::kNoLock)
      os << ", lock: " << yaml_quoted(g.lock_name(g.lock_of(t)));
    if (g.has_costs()) {
      os << ", costs: [";
      for (m::CoreId c = 0; c < g.cost_columns(); ++c)
        os << (c == 0 ? "" : ", ") << format_double(g.cost(t, c));
      os << "]";
    }
    os << "}\n";
  }
  if (g.edge_count() == 0) return;
  os << "edges:\n";
  for (m::TaskId t = 0; t < g.task_count(); ++t)
    for (m::EdgeId e = g.out_begin(t); e < g.out_end(t); ++e)
      os << "  - {from: " << yaml_quoted(g.name(t)) << ", to: " << yaml_quoted(g.name(g.target(e)))
         << ", bytes: " << format_double(g.bytes(e)) << "}\n";
}

void write_wfformat(std::ostream& os, const m::TaskGraph& g) {
  nlohmann::ordered_json spec_tasks = nlohmann::ordered_json::array();
  nlohmann::ordered_json files = nlohmann::ordered_json::array();
  nlohmann::ordered_json exec_tasks = nlohmann::ordered_json::array();
  std::vector<nlohmann::ordered_json> parents(g.task_count(), nlohmann::ordered_json::array());
  std::vector<nlohmann::ordered_json> inputs(g.task_count(), nlohmann::ordered_json::array());
  for (m::TaskId t = 0; t < g.task_count(); ++t)
    for (m::EdgeId e = g.out_begin(t); e < g.out_end(t); ++e)
      parents[g.target(e)].push_back(std::string(g.name(t)));
  for (m::TaskId t = 0; t < g.task_count(); ++t) {
    const std::string name(g.name(t));
    nlohmann::ordered_json children = nlohmann::ordered_json::array();
    nlohmann::ordered_json outputs = nlohmann::ordered_json::array();
    for (m::EdgeId e = g.out_begin(t); e < g.out_end(t); ++e) {
      const m::TaskId c = g.target(e);
      children.push_back(std::string(g.name(c)));
      if (g.bytes(e) > 0) {  // one file per edge that carries data
        const std::string file = "edge" + std::to_string(e);
        files.push_back({{"id", file}, {"sizeInBytes", g.bytes(e)}});
        outputs.push_back(file);
        inputs[c].push_back(file);
      }
    }
    spec_tasks.push_back({{"name", name},
                          {"id", name},
                          {"parents", parents[t]},
                          {"children", children},
                          {"inputFiles", nullptr},
                          {"outputFiles", outputs}});
    // Not in the 1.5 schema's properties (which allow others): older layouts' task type.
    if (g.task_type(t) != 0) spec_tasks.back()["category"] = std::string(g.task_type_name_of(t));
    exec_tasks.push_back({{"id", name}, {"runtimeInSeconds", g.work(t) / kReferenceSpeed}});
  }
  for (m::TaskId t = 0; t < g.task_count(); ++t) spec_tasks[t]["inputFiles"] = inputs[t];
  nlohmann::ordered_json doc = {
      {"name", g.source_name().empty() ? std::string("pelsim") : g.source_name()},
      {"description", "written by pelsim convert: runtimeInSeconds = work / 1e9 flop/s"},
      {"schemaVersion", "1.5"},
      {"workflow",
       {{"specification", {{"tasks", spec_tasks}, {"files", files}}},
        {"execution",
         {{"makespanInSeconds", 0},
          {"executedAt", "1970-01-01T00:00:00Z"},
          {"tasks", exec_tasks}}}}}};
  os << doc.dump(1) << '\n';
}

}  // namespace

const std::vector<std::string>& writable_graph_formats() {
  static const std::vector<std::string> formats{"dot", "yaml", "wfformat"};
  return formats;
}

std::string output_format_for(const std::string& path) {
  if (ends_with(path, ".dot") || ends_with(path, ".gv")) return "dot";
  if (ends_with(path, ".yaml") || ends_with(path, ".yml")) return "yaml";
  if (ends_with(path, ".json")) return "wfformat";
  throw m::InputError(path, 0,
                      "cannot tell the output format from the extension (known: .dot, "
                      ".gv, .yaml, .yml, .json; or give --to dot|yaml|wfformat)");
}

namespace {

// Refuses an unknown format, and per-core costs in a format without a place for them.
void check_writable(const std::string& path, const m::TaskGraph& graph, const std::string& format) {
  if (format != "dot" && format != "yaml" && format != "wfformat")
    throw m::InputError(m::unknown_name_message("output format", format, "dot, yaml, wfformat"));
  if (graph.has_costs() && format == "wfformat")
    throw m::InputError(path, 0,
                        "the graph has per-core costs, which WfFormat cannot store (dot and yaml "
                        "can)");
  if (graph.has_locks() && format == "wfformat")
    throw m::InputError(path, 0,
                        "the graph has locks, which WfFormat cannot store (dot and yaml can)");
}

}  // namespace

void write_graph(std::ostream& os, const m::TaskGraph& graph, const std::string& format) {
  check_writable({}, graph, format);
  if (format == "dot") m::write_dot(os, graph);
  if (format == "yaml") write_yaml(os, graph);
  if (format == "wfformat") write_wfformat(os, graph);
}

void write_graph(const std::string& path, const m::TaskGraph& graph, const std::string& format) {
  check_writable(path, graph, format);
  AtomicFile file(path);
  write_graph(file.stream(), graph, format);
  file.commit();
}

}  // namespace pelsim::experiment
