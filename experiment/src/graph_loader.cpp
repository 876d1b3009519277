#include "pelsim/experiment/graph_loader.hpp"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "pelsim/models/dax_reader.hpp"
#include "pelsim/models/dot_reader.hpp"
#include "pelsim/models/error.hpp"
#include "pelsim/models/simgrid_json_reader.hpp"
#include "pelsim/models/stg_reader.hpp"
#include "pelsim/models/wfcommons_reader.hpp"

namespace pelsim::experiment {
namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// A JSON file's text, or "" when it cannot be read (the reader reports that) or is not a
// regular file (reading a pipe would consume it).
std::string json_text(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return {};
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The format from the file's extension (.dot/.gv, .json, .xml/.dax, .stg), else by sniffing
// its first bytes: a JSON object with a "workflow" member (wfcommons), an XML document with an
// <adag> element (dax), a first token that is an integer (stg), a `digraph` (dot), a line
// starting with `tasks:` (yaml). A JSON file is SimGrid's DAG JSON (simgrid_json) rather than a
// WfCommons instance when its text says so (models::looks_like_simgrid_json: its head for a
// file without extension).
std::string detect_format(const std::string& path) {
  if (ends_with(path, ".dot") || ends_with(path, ".gv")) return "dot";
  if (ends_with(path, ".json"))
    return models::looks_like_simgrid_json(json_text(path)) ? "simgrid_json" : "wfcommons";
  if (ends_with(path, ".xml") || ends_with(path, ".dax")) return "dax";
  if (ends_with(path, ".stg")) return "stg";
  if (ends_with(path, ".yaml") || ends_with(path, ".yml")) return "yaml";
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw models::InputError(path, 0, std::string("cannot open file: ") + std::strerror(errno));
  reject_directory(path, "file");
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))  // a pipe: reading its head would consume it
    throw models::InputError(path, 0,
                             "not a regular file, so its format cannot be told from its content "
                             "without consuming it: give its format (--format, one of " +
                                 join(known_graph_formats()) + ")");
  char head[4096] = {};
  in.read(head, sizeof head - 1);
  const std::string text(head, static_cast<std::size_t>(in.gcount()));
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  const char lead = first == std::string::npos ? '\0' : text[first];
  if (lead == '{' && text.find("\"workflow\"") != std::string::npos)
    return models::looks_like_simgrid_json(text) ? "simgrid_json" : "wfcommons";
  if (lead == '<' && text.find("<adag") != std::string::npos) return "dax";
  if (lead >= '0' && lead <= '9') {
    const std::size_t after = text.find_first_not_of("0123456789", first);
    if (after == std::string::npos || text[after] == ' ' || text[after] == '\t' ||
        text[after] == '\r' || text[after] == '\n')
      return "stg";
  }
  if (text.find("digraph") != std::string::npos) return "dot";
  // A YAML task graph: a top-level `tasks:` key (at the start of a line).
  if (text.starts_with("tasks:") || text.find("\ntasks:") != std::string::npos) return "yaml";
  throw models::InputError(path, 0,
                           "cannot tell the file's format from its name or content (known: " +
                               join(known_graph_formats()) + ")");
}

}  // namespace

const std::vector<std::string>& known_graph_formats() {
  static const std::vector<std::string> formats{"dot", "wfcommons", "simgrid_json",
                                                "dax", "stg",       "yaml"};
  return formats;
}

std::string graph_format_of(const std::string& path, const std::string& format) {
  return format == "auto" ? detect_format(path) : format;
}

void reject_directory(const std::string& path, const std::string& what) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw models::InputError(path, 0, "cannot open " + what + ": it is a directory");
}

models::TaskGraph load_graph(const std::string& path, const std::string& format,
                             double reference_speed, bool root_end,
                             std::vector<std::string>* warnings, std::vector<std::string>* machines,
                             std::vector<double>* runtime_speeds) {
  reject_directory(path, "file");
  if (!std::isfinite(reference_speed) || reference_speed < 0)
    throw models::InputError("the reference speed must be a finite number of flop/s > 0");
  const std::string chosen = graph_format_of(path, format);
  if (machines != nullptr) machines->clear();
  if (runtime_speeds != nullptr) runtime_speeds->clear();
  if (reference_speed > 0 && (chosen == "dot" || chosen == "yaml" || chosen == "simgrid_json"))
    throw models::InputError(
        "a reference speed applies to runtimes (wfcommons, dax, stg), not to "
        "a " +
        chosen + " graph, whose work is in flops");
  if (root_end && chosen != "dax")
    throw models::InputError(path, 0,
                             "SimGrid's root and end tasks (--root-end) are added to a DAX "
                             "(staging its files), not to a " +
                                 chosen + " graph");
  // DAX and STG record no machine: 1 s (1 STG cost unit) = 1e9 flops unless stated.
  const double stated_or_1e9 = reference_speed > 0 ? reference_speed : 1e9;
  if (chosen == "dot")
    return warnings ? models::read_dot_file(path, *warnings) : models::read_dot_file(path);
  if (chosen == "wfcommons") {
    if (runtime_speeds == nullptr) return models::read_wfcommons_file(path, {reference_speed});
    models::TaskGraph graph = models::read_wfcommons_file(path, {reference_speed, runtime_speeds});
    std::ranges::sort(*runtime_speeds);
    runtime_speeds->erase(std::unique(runtime_speeds->begin(), runtime_speeds->end()),
                          runtime_speeds->end());
    return graph;
  }
  if (runtime_speeds != nullptr && (chosen == "dax" || chosen == "stg"))
    runtime_speeds->assign(1, stated_or_1e9);
  if (chosen == "dax") return models::read_dax_file(path, stated_or_1e9, root_end);
  if (chosen == "stg") return models::read_stg_file(path, stated_or_1e9);
  if (chosen == "simgrid_json") {
    models::SimgridJsonDag dag = models::read_simgrid_json_dag(path);
    if (machines != nullptr &&
        std::ranges::any_of(dag.machines, [](const std::string& h) { return !h.empty(); }))
      *machines = std::move(dag.machines);
    return std::move(dag.graph);
  }
  if (chosen == "yaml") return read_yaml_graph(path);
  throw models::InputError(
      models::unknown_name_message("graph format", chosen, join(known_graph_formats())));
}

}  // namespace pelsim::experiment
