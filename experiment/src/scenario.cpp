#include "pelsim/experiment/scenario.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string_view>
#include <tuple>

#include "pelsim/experiment/core_types.hpp"
#include "pelsim/experiment/graph_loader.hpp"
#include "pelsim/experiment/network_config.hpp"
#include "pelsim/models/error.hpp"
#include "pelsim/models/network.hpp"
#include "pelsim/models/policy.hpp"
#include "pelsim/models/schedule.hpp"
#include "pelsim/models/simgrid_platform.hpp"
#include "workload_cache.hpp"
#include "yaml_reader.hpp"

namespace pelsim::experiment {

namespace m = pelsim::models;
using detail::YamlReader;

namespace {

const std::vector<std::string> kTopKeys{"description", "workload",    "platform", "policy",
                                        "sweep",       "repetitions", "seed",     "outputs"};
const std::vector<std::string> kPlatformKeys{
    "cores",       "core_speed",         "speeds", "network",    "latency", "bandwidth",
    "topology",    "simgrid_platform",   "power",  "core_types", "faults",  "flow_model",
    "simgrid_cfg", "same_core_transfers"};
const std::vector<std::string> kTopologyKeys{
    "name",          "cores_per_node",     "dims",            "parameters",
    "nic_latency",   "nic_bandwidth",      "backbone_latency", "backbone_bandwidth",
    "backbone_shared", "intra_latency",    "intra_bandwidth", "intra_shared"};
constexpr const char* kCoresPath = "platform.cores";

// True when `text` is a JSON object with a top-level key "workflow" (a WfCommons instance):
// a scan of strings and brackets, keys compared at depth 1 only.
bool is_workflow_json(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos || text[first] != '{') return false;
  int depth = 0;
  for (std::size_t k = first; k < text.size(); ++k) {
    const char c = text[k];
    if (c == '{' || c == '[') ++depth;
    if (c == '}' || c == ']') --depth;
    if (c != '"') continue;
    const std::size_t start = k + 1;
    for (++k; k < text.size() && text[k] != '"'; ++k)
      if (text[k] == '\\') ++k;
    if (depth != 1 || text.substr(start, k - start) != "workflow") continue;
    const std::size_t next = text.find_first_not_of(" \t\r\n", k + 1);
    if (next != std::string_view::npos && text[next] == ':') return true;
  }
  return false;
}

// True when `code` begins a DOT graph: [strict] digraph or graph, then a blank or '{' (not
// a YAML key such as graph_notes:).
bool starts_dot_graph(std::string_view code) {
  if (code.starts_with("strict")) {
    code.remove_prefix(6);
    code.remove_prefix(std::min(code.size(), code.find_first_not_of(" \t\r\n")));
  }
  for (const std::string_view keyword : {"digraph", "graph"})
    if (code.size() > keyword.size() && code.starts_with(keyword) &&
        std::string_view(" \t\r\n{").find(code[keyword.size()]) != std::string_view::npos)
      return true;
  return false;
}

// The task-graph format `text` (the file at `path`) is in, or "" for a scenario: by its
// extension, confirmed by the text, or without one of those extensions by the text alone (a
// DAX's <adag>, a DOT digraph, a WfCommons object, an STG file's task count alone on the
// first line). Never reads the file again: a FIFO could not be.
std::string graph_format_of_text(const std::string& path, std::string_view text) {
  const auto ends = [&](const char* e) { return path.ends_with(e); };
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  const std::string_view head = first == std::string_view::npos ? "" : text.substr(first);
  const bool dax = head.starts_with("<") && text.find("<adag") != std::string_view::npos;
  std::string_view code = head;  // past the comments DOT (and YAML) files start with
  while (code.starts_with("//") || code.starts_with("#") || code.starts_with("/*")) {
    const bool block = code.starts_with("/*");
    const std::size_t end = block ? code.find("*/") : code.find('\n');
    code = end == std::string_view::npos ? std::string_view() : code.substr(end + (block ? 2 : 1));
    code.remove_prefix(std::min(code.size(), code.find_first_not_of(" \t\r\n")));
  }
  const bool dot = starts_dot_graph(code);
  const std::string_view line = head.substr(0, head.find_first_of("\r\n"));
  const bool stg = !line.empty() && line.find_first_not_of("0123456789 \t") == std::string::npos;
  if (ends(".dot") || ends(".gv")) return "dot";
  if (ends(".stg")) return "stg";
  if ((ends(".xml") || ends(".dax")) && dax) return "dax";
  if (ends(".json")) return is_workflow_json(text) ? "wfcommons" : "";
  if (ends(".yaml") || ends(".yml")) return "";
  return dax ? "dax" : dot ? "dot" : is_workflow_json(text) ? "wfcommons" : stg ? "stg" : "";
}

// `path` quoted for a shell command line when it needs it.
std::string shell_word(const std::string& path) {
  return path.find_first_of(" \t'\"$`\\") == std::string::npos ? path : "'" + path + "'";
}

// Why a task graph given where a scenario belongs is refused, and how to run it instead.
std::string not_a_scenario(const std::string& path, const std::string& format) {
  const std::string file = path.empty() ? "FILE" : path;
  return "this is a task graph (" + format + "), not a scenario: simulate it with `pelsim " +
         "simulate " + shell_word(file) + " --cores N`, or run a scenario whose workload is " +
         "`{file: " + file + "}`";
}

constexpr std::size_t kMaxRuns = 1000000;

// FNV-1a 64 of `bytes`, continued from `h`.
std::uint64_t fnv1a(std::string_view bytes, std::uint64_t h = 0xcbf29ce484222325ULL) {
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

// A scenario's fingerprint: FNV-1a 64 of its text, continued over the FNV-1a 64 of each file
// it reads (workloads, SimGrid platforms, schedules; `files`: their canonical paths), taken in
// increasing order, so that a results directory is not resumed once one of them has changed,
// and the same scenario gives the same fingerprint whatever directory pelsim runs in.
std::uint64_t fingerprint_of(const std::string& text, const std::set<std::string>& files) {
  std::vector<std::uint64_t> contents;
  std::string chunk(1 << 20, '\0');
  for (const std::string& path : files) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw m::InputError(path, 0, "cannot read it again (it was read a moment ago)");
    std::uint64_t h = fnv1a({});
    while (in.read(chunk.data(), static_cast<std::streamsize>(chunk.size())) || in.gcount() > 0)
      h = fnv1a(std::string_view(chunk.data(), static_cast<std::size_t>(in.gcount())), h);
    contents.push_back(h);
  }
  std::sort(contents.begin(), contents.end());
  std::uint64_t h = fnv1a(text);
  for (const std::uint64_t c : contents) {
    char bytes[8];  // little-endian, the same on every machine
    for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>((c >> (8 * i)) & 0xff);
    h = fnv1a(std::string_view(bytes, sizeof bytes), h);
  }
  return h;
}

// The path of a file just read, the same whatever the working directory and however it was
// written (for the set of files read: one entry per file).
std::string canonical_path(const std::string& path) {
  std::error_code ec;
  const std::filesystem::path p = std::filesystem::weakly_canonical(path, ec);
  return ec ? path : p.string();
}

// One swept parameter: its dotted path and its values (nodes of the scenario file, or built
// from a range, then reported at the range's place).
struct Axis {
  std::string path;
  std::vector<YAML::Node> values;
  YAML::Node at;
};

// A scalar's text, or a list/map in YAML flow style: the value's label in results.csv.
std::string label_of(const YAML::Node& value) {
  if (value.IsScalar()) return value.Scalar();
  YAML::Emitter out;
  out << YAML::Flow << value;
  return out.c_str();
}

// A value of a range as the user would write it: whole numbers in full, others to 15
// significant digits, so that from 0.1 by 0.1 gives 0.3, not the 0.30000000000000004 that
// 0.1 + 2 x 0.1 is in binary.
std::string format_number(double v) {
  char buf[40];
  if (v == std::floor(v) && std::fabs(v) < 1e15)
    std::snprintf(buf, sizeof buf, "%.0f", v);
  else
    std::snprintf(buf, sizeof buf, "%.15g", v);
  return buf;
}

// A number with an optional unit after it ("1.5GB/s", "10 us", "64"): the number, and the
// unit as written (leading blanks dropped), which the swept parameter's reader checks.
struct Quantity {
  double value;
  std::string unit;
};

class ScenarioParser {
 public:
  ScenarioParser(std::string path, std::string text)
      : reader_(path), text_(std::move(text)),
        cache_(reader_, std::filesystem::path(path).parent_path().string()) {}

  Scenario parse();

 private:
  YAML::Node load_document() const;
  std::vector<Axis> parse_sweep(const YAML::Node& sweep, bool& zip) const;
  Axis parse_range(const std::string& path, const YAML::Node& range) const;
  RunConfig parse_point(const YAML::Node& root, std::uint64_t seed);
  void parse_platform(const YAML::Node& p, RunConfig& c) const;
  void parse_topology(const YAML::Node& t, RunConfig& c) const;
  void parse_core_types(const YAML::Node& p, RunConfig& c) const;
  void parse_faults(const YAML::Node& f, RunConfig& c) const;
  void apply_faults(RunConfig& c);
  void refuse_missing_cores() const;
  void check_type_factors(const YAML::Node& root, const m::TaskGraph& graph) const;
  void parse_policy(const YAML::Node& p, RunConfig& c) const;
  void check_run_times(const YAML::Node& root, const RunConfig& c) const;
  void refuse_unused_network_keys(const YAML::Node& root, const Scenario& s) const;
  void check_overridden_values(const YAML::Node& root, const std::vector<Axis>& axes,
                               std::uint64_t seed);
  void add_references(Scenario& s, bool curves_span_zip) const;

  YamlReader reader_;
  std::string text_;
  detail::WorkloadCache cache_;
  // static's schedules, read once per file, workload and core count
  std::map<std::tuple<std::string, const m::TaskGraph*, std::uint32_t>,
           std::shared_ptr<const m::Schedule>>
      schedules_;
  bool cores_swept_ = false;
  // Every given failure of every point, and the most cores of a point: a failure of a core
  // that no run has is an error.
  std::vector<m::CoreFailure> failures_seen_;
  std::uint32_t most_cores_ = 0;
  // The SimGrid platforms and schedules read so far (the workloads: cache_.files()), for the
  // fingerprint.
  mutable std::set<std::string> files_read_;
  mutable std::map<std::string, PlatformFile> platform_files_;  // simgrid_platform files
};

YAML::Node ScenarioParser::load_document() const {
  const YAML::Node root = reader_.load(text_);
  reader_.refuse_duplicate_keys(root);
  return root;
}

Axis ScenarioParser::parse_range(const std::string& path, const YAML::Node& range) const {
  reader_.expect_map(range, {"from", "to", "step", "factor"}, "the range of '" + path + "'");
  // from, to and step may carry a unit (1GB/s), the same for all three: the values are
  // computed on the numbers and written with that unit, for the parameter to read as usual.
  const auto quantity = [&](const YAML::Node& node, const std::string& what) {
    const std::string s = reader_.text(node, what);
    Quantity q{0, {}};
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), q.value);
    if (ec != std::errc() || !std::isfinite(q.value))
      reader_.fail(node, what +
                             " must be a number, with the unit the parameter takes if any "
                             "(e.g. 1GB/s), not '" +
                             s + "'");
    q.unit = s.substr(static_cast<std::size_t>(end - s.data()));
    q.unit.erase(0, q.unit.find_first_not_of(" \t"));
    return q;
  };
  const Quantity from_q = quantity(range["from"], path + ".from");
  const Quantity to_q = quantity(range["to"], path + ".to");
  const std::string unit = from_q.unit;
  const auto same_unit = [&](const Quantity& q, const YAML::Node& node) {
    if (q.unit != unit)
      reader_.fail(node, "from, to and step of a range are in one unit: '" + unit + "' and '" +
                             q.unit + "' differ (write e.g. from: 1GB/s, to: 4GB/s)");
  };
  same_unit(to_q, range["to"]);
  const double from = from_q.value, to = to_q.value;
  const auto with_unit = [&](double v) { return format_number(v) + unit; };
  const bool has_step = range["step"].IsDefined(), has_factor = range["factor"].IsDefined();
  if (has_step == has_factor) reader_.fail(range, "a range has exactly one of step and factor");
  Axis axis{path, {}, range};
  if (has_step) {
    const Quantity step_q = quantity(range["step"], path + ".step");
    same_unit(step_q, range["step"]);
    const double step = step_q.value;
    if (!(step > 0)) reader_.fail(range["step"], "step must be > 0");
    if ((to - from) / step > kMaxRuns) reader_.fail(range, "the range has too many values");
    for (double k = 0;; ++k) {
      const double v = from + k * step;
      if (v > to * (1 + 1e-12)) break;
      axis.values.emplace_back(with_unit(v));
      if (axis.values.size() > kMaxRuns) reader_.fail(range, "the range has too many values");
    }
  } else {
    const double factor = reader_.number(range["factor"], path + ".factor");
    if (!(factor > 1) || !(from > 0)) reader_.fail(range, "a factor range needs factor > 1 and from > 0");
    if (std::log(to / from) / std::log(factor) > kMaxRuns)
      reader_.fail(range, "the range has too many values");
    for (double v = from; v <= to * (1 + 1e-12); v *= factor) {
      axis.values.emplace_back(with_unit(v));
      if (axis.values.size() > kMaxRuns) reader_.fail(range, "the range has too many values");
    }
  }
  if (axis.values.empty()) reader_.fail(range, "the range is empty (from > to)");
  return axis;
}

std::vector<Axis> ScenarioParser::parse_sweep(const YAML::Node& sweep, bool& zip) const {
  std::vector<Axis> axes;
  zip = false;
  if (!sweep.IsDefined() || sweep.IsNull()) return axes;
  if (!sweep.IsMap())
    reader_.fail(sweep, "sweep must be a map from a parameter (e.g. platform.cores) to its values");
  for (auto it = sweep.begin(); it != sweep.end(); ++it) {
    const std::string path = reader_.text(it->first, "a swept parameter");
    if (path == "combine") {
      const std::string how = reader_.text(it->second, "sweep.combine");
      if (how != "cartesian" && how != "zip")
        reader_.fail(it->second, "sweep.combine is cartesian or zip, not '" + how + "'");
      zip = how == "zip";
      continue;
    }
    const std::string top = path.substr(0, path.find('.'));
    if (top == "sweep" || top == "repetitions" || top == "seed" || top == "outputs" ||
        top == "description" ||
        std::find(kTopKeys.begin(), kTopKeys.end(), top) == kTopKeys.end())
      reader_.fail(it->first, "cannot sweep '" + path +
                                  "' (sweep a field of workload, platform or policy, e.g. "
                                  "platform.cores, policy, workload.params.width)");
    if (it->second.IsSequence()) {
      if (it->second.size() == 0) reader_.fail(it->second, "'" + path + "' has no values");
      Axis axis{path, {}, it->first};
      const YAML::Node values = it->second;  // `it->second` lives in a temporary proxy
      for (const YAML::Node& v : values) axis.values.push_back(v);
      axes.push_back(std::move(axis));
    } else if (it->second.IsMap()) {
      axes.push_back(parse_range(path, it->second));
    } else {
      reader_.fail(it->second, "the values of '" + path +
                                   "' are a list [a, b, ...] or a range {from, to, step|factor}");
    }
  }
  if (zip)
    for (const Axis& a : axes)
      if (a.values.size() != axes.front().values.size())
        reader_.fail(a.at, "with combine: zip every swept parameter needs the same number of "
                           "values ('" + a.path + "' has " + std::to_string(a.values.size()) +
                           ", '" + axes.front().path + "' has " +
                           std::to_string(axes.front().values.size()) + ")");
  return axes;
}

// A scalar that stands for a map's name: `policy: heft` is {name: heft}, `platform: {topology:
// torus2d}` is {name: torus2d}; when a field of it is swept, it becomes that map.
bool names_a_map(const std::vector<std::string>& keys, std::size_t i) {
  return (i == 0 && keys[i] == "policy") ||
         (i == 1 && keys[0] == "platform" && keys[i] == "topology");
}

// Sets `value` at the dotted path `keys` of a point of the sweep (from keys[i] on, under
// `node`, a map). The keys and maps this adds, and a value built from a range, have no place in
// the file: an error about one of them is reported at `at`, the sweep's entry.
void set_path(const YamlReader& reader, YAML::Node node, const std::vector<std::string>& keys,
              std::size_t i, const YAML::Node& value, const YAML::Node& at) {
  const YAML::Node& view = node;  // (a lookup through a const node adds no key)
  if (!view[keys[i]].IsDefined()) {
    YAML::Node key(keys[i]);  // the map keeps this very node as its key
    reader.stand_in(key, at);
    node[key] = YAML::Node();
  }
  if (i + 1 == keys.size()) {
    if (value.Mark().is_null()) reader.stand_in(value, at);
    node[keys[i]] = value;
    return;
  }
  if (!view[keys[i]].IsMap()) {
    // A scalar policy or topology ("policy: heft") becomes {name: heft} when a field of it is swept
    // (the name keeps its place in the file).
    YAML::Node map(YAML::NodeType::Map);
    reader.stand_in(map, at);
    if (names_a_map(keys, i) && view[keys[i]].IsScalar()) map["name"] = view[keys[i]];
    node[keys[i]] = map;
  }
  set_path(reader, node[keys[i]], keys, i + 1, value, at);
}

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> keys;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = path.find('.', start);
    keys.push_back(path.substr(start, dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return keys;
}

// The node of the file that a sweep of `path` replaces in every run: the value at the path, or
// a scalar on the way to it, which the sweep replaces by a map (but a scalar policy, which
// becomes the name of that map). None when the file gives no value there.
std::optional<YAML::Node> overridden_by(const YAML::Node& root, const std::string& path) {
  const std::vector<std::string> keys = split_path(path);
  YAML::Node at = root;  // (reset(), not =, which would write into the document)
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const YAML::Node& view = at;
    const YAML::Node next = view[keys[i]];
    if (!next.IsDefined() || next.IsNull()) return std::nullopt;
    if (i + 1 == keys.size()) return next;
    if (!next.IsMap()) {
      if (names_a_map(keys, i) && next.IsScalar()) return std::nullopt;
      return next;
    }
    at.reset(next);
  }
  return std::nullopt;
}

// The (line, column) of `node` and of every node under it, as InputError counts them.
void collect_places(const YAML::Node& node, std::set<std::pair<std::size_t, std::size_t>>& out) {
  if (!node.Mark().is_null())
    out.emplace(static_cast<std::size_t>(node.Mark().line) + 1,
                static_cast<std::size_t>(node.Mark().column) + 1);
  if (node.IsSequence())
    for (const YAML::Node& item : node) collect_places(item, out);
  if (node.IsMap())
    for (auto it = node.begin(); it != node.end(); ++it) {
      collect_places(it->first, out);
      collect_places(it->second, out);
    }
}

void ScenarioParser::parse_platform(const YAML::Node& p, RunConfig& c) const {
  if (!p.IsDefined() || p.IsNull()) return;
  reader_.expect_map(p, kPlatformKeys, "platform");
  if (p["cores"].IsDefined())
    c.cores = static_cast<std::uint32_t>(reader_.integer(p["cores"], "platform.cores", 1, 1u << 24));
  if (p["core_speed"].IsDefined() && p["speeds"].IsDefined())
    reader_.fail(p["speeds"], "give either platform.core_speed or platform.speeds, not both");
  if (p["core_speed"].IsDefined()) {
    c.speeds = {reader_.quantity(p["core_speed"], m::Quantity::kSpeed, "platform.core_speed")};
  } else if (const YAML::Node s = p["speeds"]; s.IsDefined()) {
    if (!s.IsSequence() || s.size() == 0) reader_.fail(s, "platform.speeds must be a list of speeds");
    c.speeds.clear();
    for (const YAML::Node& v : s) c.speeds.push_back(reader_.quantity(v, m::Quantity::kSpeed, "a core speed"));
  }
  for (std::size_t i = 0; i < c.speeds.size(); ++i)
    if (!(c.speeds[i] > 0))  // at the entry of the list that is wrong
      reader_.fail(p["core_speed"].IsDefined() ? p["core_speed"] : p["speeds"][i], "a core speed must be > 0");
  if (p["latency"].IsDefined())  // (a negative time is refused by quantity())
    c.latency = reader_.quantity(p["latency"], m::Quantity::kTime, "platform.latency");
  if (p["bandwidth"].IsDefined()) {
    c.bandwidth = reader_.quantity(p["bandwidth"], m::Quantity::kBandwidth, "platform.bandwidth");
    if (!(c.bandwidth > 0))
      reader_.fail(p["bandwidth"],
                   "platform.bandwidth must be > 0, not '" + p["bandwidth"].Scalar() + "'");
  }
  if (p["network"].IsDefined()) c.network = reader_.text(p["network"], "platform.network");
  // SimGrid's --cfg options ("name:value", one or a list): before a platform file's <config>.
  std::vector<std::string> cfg;
  if (const YAML::Node g = p["simgrid_cfg"]; g.IsDefined()) {
    if (g.IsSequence()) {
      for (const YAML::Node& entry : g) cfg.push_back(reader_.text(entry, "platform.simgrid_cfg"));
    } else {
      cfg.push_back(reader_.text(g, "platform.simgrid_cfg"));
    }
    try {
      if (p["flow_model"].IsDefined() && m::simgrid_cfg_sets_model(cfg))
        reader_.fail(g,
                     "platform.simgrid_cfg and platform.flow_model both set the network model's "
                     "options: give them with one of the two");
      c.flow.model = m::simgrid_cfg_network(cfg);  // (a platform file's <config> may add)
    } catch (const m::InputError& e) {
      if (!e.file().empty()) throw;
      reader_.fail(g, "platform.simgrid_cfg: " + e.reason());
    }
    c.flow.simgrid_cfg = cfg;
  }
  if (const YAML::Node f = p["simgrid_platform"]; f.IsDefined()) {
    // A SimGrid cluster sets the cores, their speed and the flow network.
    for (const char* key : {"cores", "core_speed", "speeds", "latency", "bandwidth", "topology"})
      if (p[key].IsDefined())
        reader_.fail(p[key], std::string("platform.") + key +
                                 " comes from platform.simgrid_platform; give one or the other");
    const std::string written = reader_.text(f, "platform.simgrid_platform");
    std::filesystem::path file(written);
    if (file.is_relative()) file = std::filesystem::path(reader_.file()).parent_path() / file;
    // (Read once per scenario and simgrid_cfg: every point of a sweep shares it, its profiles
    // included.)
    const std::string path = file.lexically_normal().string();
    std::string key = path;
    for (const std::string& entry : cfg) key += "\n" + entry;
    auto cached = platform_files_.find(key);
    if (cached == platform_files_.end()) {
      std::error_code ec;  // a missing file: at the scenario's line, as a missing workload file
      if (!std::filesystem::is_regular_file(file, ec))
        reader_.fail(f, "cannot read SimGrid platform file '" + written + "' (looked for " +
                            std::filesystem::absolute(file, ec).lexically_normal().string() + ")");
      try {
        cached = platform_files_.emplace(key, read_platform_file(path, cfg)).first;
        files_read_.insert(canonical_path(path));
        for (const std::string& profile : cached->second.profile_files)
          files_read_.insert(canonical_path(profile));
      } catch (const m::InputError& e) {
        if (!e.file().empty()) throw;
        reader_.fail(f, e.reason());
      }
    }
    const PlatformFile& pf = cached->second;
    if (p["network"].IsDefined() && c.network != "flow")
      reader_.fail(p["network"], "platform.simgrid_platform needs network: flow");
    c.network = "flow";
    c.cores = pf.cores;
    c.speeds = pf.speeds;
    c.latency = pf.latency;
    c.bandwidth = pf.bandwidth;
    c.flow = pf.flow;
    c.speed_profiles = pf.speed_profiles;
  }
  parse_core_types(p, c);
  if (const YAML::Node t = p["topology"]; t.IsDefined()) {
    if (p["network"].IsDefined() && c.network != "flow")
      reader_.fail(p["topology"], "platform.topology describes the flow network (network: flow)");
    c.network = "flow";
    parse_topology(t, c);
  }
  // (The flow network's options: refused when no run has that network,
  // refuse_unused_network_keys().)
  if (const YAML::Node f = p["flow_model"]; f.IsDefined()) {
    // (Replaces the network options of a SimGrid platform's <config>.)
    try {
      c.flow.model = m::flow_model_by_name(reader_.text(f, "platform.flow_model"));
    } catch (const m::InputError& e) {
      reader_.fail(f, "platform.flow_model: " + e.reason());
    }
  }
  if (const YAML::Node f = p["same_core_transfers"]; f.IsDefined()) {
    c.flow.same_core_transfers = reader_.boolean(f, "platform.same_core_transfers");
  }
  try {
    (void)make_network(c.network, c.latency, c.bandwidth, c.flow, c.cores);
  } catch (const m::InputError& e) {
    if (!e.file().empty()) throw;
    const char* at = p["topology"].IsDefined() ? "topology" : "network";
    YAML::Node where = p[at].IsDefined() ? p[at] : p;
    // (An unknown name: at the name, also when a sweep made the topology a map around it.)
    if (where.IsMap() && where["name"].IsDefined() && e.reason().starts_with("unknown topology"))
      where.reset(where["name"]);
    reader_.fail(where, e.reason());
  }
  if (const YAML::Node w = p["power"]; w.IsDefined()) {
    reader_.expect_map(w, {"idle", "busy", "reference_speed", "exponent"}, "platform.power");
    if (!w["idle"].IsDefined() || !w["busy"].IsDefined())
      reader_.fail(w, "platform.power needs idle and busy (watts per core)");
    c.has_power = true;
    c.power.idle_watts = reader_.quantity(w["idle"], m::Quantity::kPower, "platform.power.idle");
    c.power.busy_watts = reader_.quantity(w["busy"], m::Quantity::kPower, "platform.power.busy");
    if (c.power.busy_watts < c.power.idle_watts)  // a busy core draws its idle power and more
      reader_.fail(w["busy"], "platform.power.busy must be at least platform.power.idle");
    if (w["reference_speed"].IsDefined()) {
      c.power.reference_speed =
          reader_.quantity(w["reference_speed"], m::Quantity::kSpeed, "platform.power.reference_speed");
      if (!(c.power.reference_speed > 0))  // (0 read as "none" and was silently ignored)
        reader_.fail(w["reference_speed"], "platform.power.reference_speed must be > 0");
    }
    if (w["exponent"].IsDefined()) {
      if (!w["reference_speed"].IsDefined())
        reader_.fail(w["exponent"], "platform.power.exponent needs platform.power.reference_speed");
      c.power.exponent = reader_.number(w["exponent"], "platform.power.exponent");
      if (!(c.power.exponent >= 0 && c.power.exponent <= 10))  // 1e308 made every energy inf
        reader_.fail(w["exponent"], "platform.power.exponent must be from 0 to 10");
    }
  }
  // Core types with their own power: energy is counted, and each core needs a power.
  for (std::size_t k = 0; k < c.core_types.size(); ++k)
    if (c.core_types[k].has_power && !c.has_power) {
      for (std::size_t j = 0; j < c.core_types.size(); ++j)
        if (!c.core_types[j].has_power)
          reader_.fail(p["core_types"][j],
                       "core type '" + c.core_types[j].name + "' has no power while '" +
                           c.core_types[k].name +
                           "' has: give it one, or give platform.power for the others");
      c.has_power = true;
    }
  parse_faults(p["faults"], c);
}

// platform.faults: {mtbf, mttr, seed, failures: [{core, at, repair}]} (docs/models/faults.md).
// A failure without `repair` (or with `repair: never`) is for good.
void ScenarioParser::parse_faults(const YAML::Node& f, RunConfig& c) const {
  if (!f.IsDefined()) return;
  reader_.expect_map(f, {"mtbf", "mttr", "seed", "unit", "failures", "checkpoint"},
                     "platform.faults");
  m::FaultModel& m = c.faults;
  m.source = reader_.file();
  if (f["mtbf"].IsDefined()) {
    m.mtbf = reader_.quantity(f["mtbf"], m::Quantity::kTime, "platform.faults.mtbf");
    if (!(m.mtbf > 0)) reader_.fail(f["mtbf"], "platform.faults.mtbf must be > 0");
  }
  if (f["mttr"].IsDefined()) {
    if (!f["mtbf"].IsDefined())
      reader_.fail(f["mttr"],
                   "platform.faults.mttr is the repair time of random failures: "
                   "give platform.faults.mtbf too (a given failure has its own repair)");
    m.mttr = reader_.quantity(f["mttr"], m::Quantity::kTime, "platform.faults.mttr");
  }
  if (const YAML::Node u = f["unit"]; u.IsDefined()) {
    if (!f["mtbf"].IsDefined())
      reader_.fail(
          u, "platform.faults.unit is what random failures strike: give platform.faults.mtbf too");
    const std::string unit = reader_.text(u, "platform.faults.unit");
    if (unit != "core" && unit != "node")
      reader_.fail(u, "platform.faults.unit is core or node, not '" + unit + "'");
    if (unit == "node") {
      if (c.network != "flow")
        reader_.fail(u,
                     "platform.faults.unit: node needs the flow network's nodes "
                     "(platform.topology with cores_per_node, or platform.simgrid_platform)");
      if (!c.flow.node_cores.empty())
        reader_.fail(u,
                     "platform.faults.unit: node needs nodes of equal size, and the "
                     "platform's hosts have different numbers of cores");
      m.cores_per_unit = c.flow.cores_per_node;
    }
  }
  if (f["seed"].IsDefined()) {
    if (!f["mtbf"].IsDefined())
      reader_.fail(f["seed"],
                   "platform.faults.seed draws random failures: give platform.faults.mtbf too");
    m.seed = reader_.integer(f["seed"], "platform.faults.seed", 0, std::uint64_t{1} << 53);
    c.faults_seed_given = true;
  }
  if (const YAML::Node list = f["failures"]; list.IsDefined()) {
    if (!list.IsSequence())
      reader_.fail(list, "platform.faults.failures must be a list of {core, at, repair}");
    for (const YAML::Node& one : list) {
      reader_.expect_map(one, {"core", "at", "repair"}, "a failure");
      if (!one["core"].IsDefined() || !one["at"].IsDefined())
        reader_.fail(one, "a failure needs core and at (repair is optional: none means for good)");
      m::CoreFailure cf;
      cf.core = static_cast<m::CoreId>(
          reader_.integer(one["core"], "a failure's core", 0, std::uint64_t{1} << 24));
      cf.at = reader_.quantity(one["at"], m::Quantity::kTime, "a failure's at");
      cf.repair = m::kNeverRepaired;
      if (const YAML::Node r = one["repair"];
          r.IsDefined() && !(r.IsScalar() && r.Scalar() == "never"))
        cf.repair = reader_.quantity(r, m::Quantity::kTime, "a failure's repair");
      cf.line = one.Mark().is_null() ? 0 : static_cast<std::uint32_t>(one.Mark().line + 1);
      m.failures.push_back(cf);
    }
  }
  if (const YAML::Node cp = f["checkpoint"]; cp.IsDefined()) {
    // (interval 0: no checkpoints, so that a sweep of the interval can include none)
    reader_.expect_map(cp, {"interval", "cost", "restart"}, "platform.faults.checkpoint");
    if (!cp["interval"].IsDefined())
      reader_.fail(cp,
                   "platform.faults.checkpoint needs an interval (of computing between two "
                   "checkpoints)");
    m::Checkpoints& k = m.checkpoints;
    k.interval =
        reader_.quantity(cp["interval"], m::Quantity::kTime, "platform.faults.checkpoint.interval");
    if (cp["cost"].IsDefined())
      k.cost = reader_.quantity(cp["cost"], m::Quantity::kTime, "platform.faults.checkpoint.cost");
    if (cp["restart"].IsDefined())
      k.restart =
          reader_.quantity(cp["restart"], m::Quantity::kTime, "platform.faults.checkpoint.restart");
  }
  if (!m.in_use()) reader_.fail(f, "platform.faults needs mtbf, failures or checkpoint");
}

// A given failure applies to the runs that have its core (a sweep of platform.cores may give
// some runs fewer cores); what is left must fit the run (validate_faults, at the failure's
// line).
void ScenarioParser::apply_faults(RunConfig& c) {
  most_cores_ = std::max(most_cores_, c.cores);
  if (!c.faults.active()) return;
  std::vector<m::CoreFailure>& failures = c.faults.failures;
  failures_seen_.insert(failures_seen_.end(), failures.begin(), failures.end());
  std::erase_if(failures, [&](const m::CoreFailure& f) { return f.core >= c.cores; });
  m::validate_faults(c.faults, c.cores);
}

// After every point: a failure of a core that no run has.
void ScenarioParser::refuse_missing_cores() const {
  for (const m::CoreFailure& f : failures_seen_)
    if (f.core >= most_cores_)
      throw m::InputError(reader_.file(), f.line,
                          "a failure of core " + std::to_string(f.core) +
                              ", but no run has more "
                              "than " +
                              std::to_string(most_cores_) + " cores (0 to " +
                              std::to_string(most_cores_ - 1) + ")");
}

// platform.core_types: [{name, count, speed, factors: {task type: factor}}]. Their counts
// give the core count when platform.cores is not given, and must match it otherwise (unless
// the cores are swept: then core i has the type at i mod the sum of the counts).
void ScenarioParser::parse_core_types(const YAML::Node& p, RunConfig& c) const {
  const YAML::Node list = p["core_types"];
  if (!list.IsDefined()) return;
  if (!list.IsSequence() || list.size() == 0)
    reader_.fail(list, "platform.core_types must be a list of {name, count, speed, factors}");
  c.core_types.clear();
  for (const YAML::Node& t : list) {
    reader_.expect_map(t, {"name", "count", "speed", "factors", "power"}, "a core type");
    if (!t["name"].IsDefined()) reader_.fail(t, "a core type needs a name (e.g. gpu)");
    CoreTypeSpec spec;
    spec.name = reader_.text(t["name"], "a core type's name");
    if (spec.name.empty()) reader_.fail(t["name"], "a core type's name is empty");
    for (const CoreTypeSpec& other : c.core_types)
      if (other.name == spec.name)
        reader_.fail(t["name"], "core type '" + spec.name + "' is given twice");
    if (!t["count"].IsDefined()) reader_.fail(t, "core type '" + spec.name + "' needs a count");
    spec.count =
        static_cast<std::uint32_t>(reader_.integer(t["count"], "a core type's count", 1, 1u << 24));
    if (t["speed"].IsDefined()) {
      spec.speed = reader_.quantity(t["speed"], m::Quantity::kSpeed, "a core type's speed");
      if (!(spec.speed > 0)) reader_.fail(t["speed"], "a core speed must be > 0");
    }
    if (const YAML::Node f = t["factors"]; f.IsDefined()) {
      if (!f.IsMap())
        reader_.fail(f, "the factors of core type '" + spec.name +
                            "' are a map {task type: factor}, e.g. {gemm: 10, io: 0.5}");
      for (auto it = f.begin(); it != f.end(); ++it) {
        const std::string task = reader_.text(it->first, "a task type");
        const double v = reader_.number(it->second, "the factor of task type '" + task + "'");
        if (!(v > 0) || !std::isfinite(v))
          reader_.fail(it->second, "the factor of task type '" + task + "' must be a number > 0");
        spec.factors.emplace_back(task, v);
      }
    }
    if (const YAML::Node w = t["power"]; w.IsDefined()) {  // {idle, busy}: this type's watts
      reader_.expect_map(w, {"idle", "busy"}, "the power of core type '" + spec.name + "'");
      if (!w["idle"].IsDefined() || !w["busy"].IsDefined())
        reader_.fail(
            w, "the power of core type '" + spec.name + "' needs idle and busy (watts per core)");
      spec.has_power = true;
      spec.idle_watts =
          reader_.quantity(w["idle"], m::Quantity::kPower, "a core type's idle power");
      spec.busy_watts =
          reader_.quantity(w["busy"], m::Quantity::kPower, "a core type's busy power");
      if (spec.busy_watts < spec.idle_watts)
        reader_.fail(w["busy"], "a core type's busy power must be at least its idle power");
    }
    c.core_types.push_back(std::move(spec));
  }
  const bool every_type_has_speed = std::all_of(
      c.core_types.begin(), c.core_types.end(), [](const CoreTypeSpec& t) { return t.speed > 0; });
  for (const char* key : {"core_speed", "speeds"})  // (swept or not) they would change nothing
    if (p[key].IsDefined() && every_type_has_speed)
      reader_.fail(p[key], std::string("platform.") + key +
                               ": every core type gives its own speed, so it would not be used");
  const std::uint64_t sum = core_type_pattern_length(c.core_types);
  if (sum > (1u << 24))
    reader_.fail(list, "the core types' counts add up to more than 16777216 cores");
  const bool cores_given = p["cores"].IsDefined() || p["simgrid_platform"].IsDefined();
  if (!cores_given) {
    c.cores = static_cast<std::uint32_t>(sum);
  } else if (!cores_swept_ && c.cores != sum) {
    reader_.fail(list, "the core types' counts add up to " + std::to_string(sum) +
                           " cores but the platform has " + std::to_string(c.cores) +
                           " (leave out platform.cores, or sweep it: then core i has the type "
                           "at i mod " +
                           std::to_string(sum) + ")");
  }
}

// Every task type named in platform.core_types[].factors must be one of the workload's.
void ScenarioParser::check_type_factors(const YAML::Node& root, const m::TaskGraph& graph) const {
  const YAML::Node p = root["platform"];
  if (!p.IsDefined() || !p.IsMap()) return;
  const YAML::Node list = p["core_types"];
  if (!list.IsDefined() || !list.IsSequence()) return;
  const std::vector<bool> used = graph.used_task_types();
  std::string known;
  for (std::uint32_t k = 1; k < graph.task_type_count(); ++k)
    if (used[k])
      known += (known.empty() ? "" : ", ") + graph.task_type_name(static_cast<m::TaskTypeId>(k));
  for (const YAML::Node& t : list) {
    const YAML::Node f = t["factors"];
    if (!f.IsDefined() || !f.IsMap()) continue;
    for (auto it = f.begin(); it != f.end(); ++it) {
      const std::string task = it->first.Scalar();
      const auto k = graph.find_task_type(task);
      if (!k || *k == 0 || !used[*k])
        reader_.fail(it->first, "task type '" + task + "' is not a task type of the workload (" +
                                    (known.empty() ? std::string("its tasks have no type")
                                                   : "its task types: " + known) +
                                    ")");
    }
  }
}

// platform.topology: a name ("torus3d") or a map {name, cores_per_node, dims, ...}.
void ScenarioParser::parse_topology(const YAML::Node& t, RunConfig& c) const {
  FlowOptions& f = c.flow;
  if (!t.IsMap()) {
    f.topology = reader_.text(t, "platform.topology");
    return;
  }
  reader_.expect_map(t, kTopologyKeys, "platform.topology");
  if (!t["name"].IsDefined()) reader_.fail(t, "platform.topology needs a name (e.g. crossbar)");
  f.topology = reader_.text(t["name"], "platform.topology.name");
  if (t["cores_per_node"].IsDefined())
    f.cores_per_node = static_cast<std::uint32_t>(
        reader_.integer(t["cores_per_node"], "platform.topology.cores_per_node", 1, 1u << 24));
  if (const YAML::Node d = t["dims"]; d.IsDefined()) {
    if (!d.IsSequence() || d.size() == 0 || d.size() > 3)
      reader_.fail(d, "platform.topology.dims must be a list of 1 to 3 sizes");
    f.dims.clear();
    for (const YAML::Node& v : d)
      f.dims.push_back(static_cast<std::uint32_t>(reader_.integer(v, "a dimension", 1, 1u << 24)));
  }
  if (t["parameters"].IsDefined()) f.parameters = reader_.text(t["parameters"], "platform.topology.parameters");
  auto time = [&](const char* key, double& out) {
    if (t[key].IsDefined()) out = reader_.quantity(t[key], m::Quantity::kTime, std::string("platform.topology.") + key);
  };
  auto rate = [&](const char* key, double& out) {
    if (!t[key].IsDefined()) return;
    if (t[key].IsScalar() && t[key].Scalar() == "inf") {
      out = std::numeric_limits<double>::infinity();
      return;
    }
    out = reader_.quantity(t[key], m::Quantity::kBandwidth, std::string("platform.topology.") + key);
    if (!(out > 0)) reader_.fail(t[key], std::string("platform.topology.") + key + " must be > 0");
  };
  auto flag = [&](const char* key, bool& out) {
    if (t[key].IsDefined()) out = reader_.boolean(t[key], std::string("platform.topology.") + key);
  };
  time("nic_latency", f.nic_latency);
  rate("nic_bandwidth", f.nic_bandwidth);
  time("backbone_latency", f.backbone_latency);
  rate("backbone_bandwidth", f.backbone_bandwidth);
  flag("backbone_shared", f.backbone_shared);
  time("intra_latency", f.intra_latency);
  rate("intra_bandwidth", f.intra_bandwidth);
  flag("intra_shared", f.intra_shared);
}

void ScenarioParser::parse_policy(const YAML::Node& p, RunConfig& c) const {
  if (!p.IsDefined() || p.IsNull()) return;
  YAML::Node name_node = p;
  if (p.IsMap() && p["name"].IsDefined()) {
    // (reset() to an absent key's node would throw: yaml-cpp's "invalid node")
    name_node.reset(p["name"]);
  }
  // A map without a name gives parameters to the default policy (as a sweep of
  // policy.<param> alone does).
  if (!p.IsMap() || p["name"].IsDefined()) c.policy = reader_.text(name_node, "policy");
  const m::PolicyInfo* info = nullptr;
  try {
    info = &m::PolicyRegistry::builtin().find(c.policy);
  } catch (const m::InputError& e) {
    if (!e.file().empty()) throw;
    reader_.fail(name_node, e.reason());
  }
  if (p.IsMap()) {
    // {name: P, schedule: F, <P's own parameters>}: each parameter checked at its value.
    if (!info->needs_schedule && p["schedule"].IsDefined())
      reader_.fail(p["schedule"], "policy.schedule is only used by the static policy");
    std::vector<std::string> allowed{"name"};
    if (info->needs_schedule) allowed.push_back("schedule");
    for (const m::PolicyParam& param : info->params) allowed.push_back(param.name);
    for (const m::PolicyParam& param : m::common_policy_params()) allowed.push_back(param.name);
    // Another policy's parameter (often a sweep of `policy` and `policy.<param>` together,
    // which gives the parameter to every policy): say how to give it to that policy only.
    for (auto it = p.begin(); it != p.end(); ++it) {
      const std::string key = it->first.IsScalar() ? it->first.Scalar() : std::string();
      if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
      for (const m::PolicyInfo& other : m::PolicyRegistry::builtin().all())
        for (const m::PolicyParam& param : other.params)
          if (param.name == key)
            reader_.fail(it->first,
                         key + " is a parameter of " + other.name + ", not of " + c.policy +
                             " (allowed: " + detail::join(allowed) +
                             "; to sweep it along with other policies, sweep the policy over "
                             "maps: policy: [" +
                             c.policy + ", {name: " + other.name + ", " + key +
                             ": A}, {name: " + other.name + ", " + key + ": B}])");
    }
    reader_.expect_map(p, allowed, "policy '" + c.policy + "'");
    if (p["schedule"].IsDefined()) {
      std::filesystem::path sched(reader_.text(p["schedule"], "policy.schedule"));
      if (sched.is_relative()) sched = std::filesystem::path(reader_.file()).parent_path() / sched;
      c.schedule_path = sched.lexically_normal().string();
    }
    for (auto it = p.begin(); it != p.end(); ++it) {
      const std::string key = it->first.Scalar();
      if (key == "name" || key == "schedule") continue;
      const std::string value = reader_.text(it->second, "policy." + key);
      try {
        m::check_policy_param(*info, key, value);
      } catch (const m::InputError& e) {
        reader_.fail(it->second, e.reason());
      }
      c.policy_params[key] = value;
    }
  }
  if (info->needs_schedule && c.schedule_path.empty())
    reader_.fail(name_node,
                 "policy '" + c.policy + "' needs policy.schedule (a task,core,order CSV)");
  if (!info->needs_schedule && !c.schedule_path.empty())
    reader_.fail(p["schedule"], "policy.schedule is only used by the static policy");
}

RunConfig ScenarioParser::parse_point(const YAML::Node& root, std::uint64_t seed) {
  RunConfig c;
  c.seed = seed;
  parse_platform(root["platform"], c);
  parse_policy(root["policy"], c);
  apply_faults(c);
  c.graph = cache_.load(root["workload"], seed);
  if (c.graph->task_count() == 0)
    reader_.fail(root["workload"], "the workload has no tasks: nothing to simulate");
  check_type_factors(root, *c.graph);
  if (c.graph->has_costs() && c.graph->cost_columns() != c.cores)
    reader_.fail(root["workload"], "the workload gives per-core costs for " +
                                       std::to_string(c.graph->cost_columns()) +
                                       " cores but the platform has " + std::to_string(c.cores));
  check_run_times(root, c);
  // A given schedule is read here, once per workload and core count, for every run that uses
  // it (so `check` finds what is wrong with it, and a run does not read it again).
  if (!c.schedule_path.empty()) {
    std::shared_ptr<const m::Schedule>& read = schedules_[{c.schedule_path, c.graph.get(), c.cores}];
    if (!read) {
      try {
        read = std::make_shared<const m::Schedule>(
            m::read_schedule_csv(c.schedule_path, *c.graph, c.cores));
        files_read_.insert(canonical_path(c.schedule_path));
      } catch (const m::InputError& e) {
        if (e.line() != 0 && cores_swept_)  // at its line of the CSV, naming the runs
          throw m::InputError(
              e.file(), e.line(), e.column(),
              e.reason() + " (in the runs on " + std::to_string(c.cores) +
                  (c.cores == 1 ? " core" : " cores") +
                  " of the sweep; a schedule fits the core count it was made for: leave the "
                  "others out, pelsim adds the one-core reference of the speedups by itself)");
        if (e.line() != 0) throw;  // at its line of the CSV
        reader_.fail(root["policy"]["schedule"], "policy.schedule: " + std::string(e.what()));
      }
    }
    c.schedule = read;
  }
  return c;
}

// The point's problem, built as its runs will build it: a run whose times would overflow
// (work, speeds, factors, transfers, dispatch costs) is refused here, by `check` and before
// `run` writes anything, at the scenario's platform or policy.
void ScenarioParser::check_run_times(const YAML::Node& root, const RunConfig& c) const {
  const m::NetworkModel network = make_network(c.network, c.latency, c.bandwidth, c.flow, c.cores);
  std::optional<m::Platform> platform;
  std::optional<m::Problem> problem;
  try {
    platform.emplace(platform_of(c));
    problem.emplace(*c.graph, *platform, network);
  } catch (const m::InputError& e) {
    // (the workload's own file:line first, unless it is inline in the scenario)
    reader_.fail(root["platform"].IsDefined() ? root["platform"] : root,
                 e.file() == reader_.file() ? e.reason() : std::string(e.what()));
  }
  m::PolicyOptions options;
  options.params = c.policy_params;
  try {
    (void)m::dispatch_costs(*problem, options);
  } catch (const m::InputError& e) {
    reader_.fail(root["policy"].IsDefined() ? root["policy"] : root, e.reason());
  }
}

Scenario ScenarioParser::parse() {
  const YAML::Node root = load_document();
  if (!root.IsMap()) reader_.fail(root, "a scenario is a map of keys (" + detail::join(kTopKeys) + ")");
  if (root["tasks"] && std::all_of(root.begin(), root.end(), [](const auto& kv) {
        const std::string key = kv.first.Scalar();
        return key == "tasks" || key == "edges";
      }))  // a YAML task graph: every key is one of a graph's
    reader_.fail(root, not_a_scenario(reader_.file(), "YAML, with tasks and edges"));
  reader_.expect_map(root, kTopKeys, "a scenario");

  Scenario s;
  s.path = reader_.file();
  s.name = std::filesystem::path(s.path).stem().string();
  if (root["description"].IsDefined()) s.description = reader_.text(root["description"], "description");
  if (root["repetitions"].IsDefined())
    s.repetitions = static_cast<std::uint32_t>(reader_.integer(root["repetitions"], "repetitions", 1, 10000));
  if (root["seed"].IsDefined())
    s.seed = reader_.integer(root["seed"], "seed", 0, std::uint64_t{1} << 53);
  if (const YAML::Node o = root["outputs"]; o.IsDefined()) {
    reader_.expect_map(o, {"plot"}, "outputs");
    if (o["plot"].IsDefined()) s.plot = reader_.boolean(o["plot"], "outputs.plot");
  }

  bool zip = false;
  const std::vector<Axis> axes = parse_sweep(root["sweep"], zip);
  bool cores_swept = false;
  for (const Axis& a : axes) {
    if (a.path == kCoresPath) cores_swept = true;
    else s.sweep_columns.push_back(a.path);
  }
  cores_swept_ = cores_swept;

  // Every combination of the axes' values (odometer, last axis fastest), or the zipped rows.
  std::size_t combos = axes.empty() ? 1 : (zip ? axes.front().values.size() : 1);
  if (!zip)
    for (const Axis& a : axes) {
      combos *= a.values.size();
      if (combos * s.repetitions > kMaxRuns) reader_.fail(a.at, "the sweep has more than 1000000 runs");
    }
  std::vector<std::size_t> pick(axes.size(), 0);
  for (std::size_t combo = 0; combo < combos; ++combo) {
    if (zip) std::fill(pick.begin(), pick.end(), combo);
    YAML::Node point = load_document();
    point.remove("sweep");
    std::vector<std::string> values;
    reader_.clear_stand_ins();
    for (std::size_t a = 0; a < axes.size(); ++a) {
      const YAML::Node& v = axes[a].values[pick[a]];
      set_path(reader_, point, split_path(axes[a].path), 0, v, axes[a].at);
      if (axes[a].path != kCoresPath) values.push_back(label_of(v));
    }
    reader_.set_fallback(axes.empty() ? root : axes.front().at);
    for (std::uint32_t rep = 0; rep < s.repetitions; ++rep) {
      RunPoint rp;
      rp.index = s.points.size();
      rp.values = values;
      rp.repetition = rep;
      rp.config = parse_point(point, s.seed + rep);
      s.points.push_back(std::move(rp));
    }
    if (!zip)
      for (std::size_t a = axes.size(); a-- > 0;) {
        if (++pick[a] < axes[a].values.size()) break;
        pick[a] = 0;
      }
  }
  refuse_unused_network_keys(root, s);
  refuse_missing_cores();
  cache_.refuse_unused_reference_speeds();
  cache_.refuse_unused_root_ends();
  s.warnings = cache_.warnings();
  for (const std::string& f : cache_.files()) files_read_.insert(canonical_path(f));
  check_overridden_values(root, axes, s.seed);
  add_references(s, zip && cores_swept);
  s.fingerprint = fingerprint_of(text_, files_read_);
  return s;
}

// A value of the file that the sweep replaces in every run is checked all the same, where it is
// written (`cores: four` with a sweep of platform.cores was accepted unread): in the first point
// of the sweep, with the file's value in place of the swept one. Only an error at that value
// (or inside it) counts: another one would come from a combination that no run has.
void ScenarioParser::check_overridden_values(const YAML::Node& root, const std::vector<Axis>& axes,
                                             std::uint64_t seed) {
  // The replaced nodes in the order of the file, each with the axes that replace it.
  std::map<int, std::pair<YAML::Node, std::vector<std::size_t>>> hidden;
  for (std::size_t a = 0; a < axes.size(); ++a)
    if (const std::optional<YAML::Node> node = overridden_by(root, axes[a].path))
      hidden.try_emplace(node->Mark().pos, *node, std::vector<std::size_t>{})
          .first->second.second.push_back(a);
  const std::set<std::string> files_read = files_read_;  // (these points are not runs)
  for (const auto& [pos, entry] : hidden) {
    const auto& [node, replacing] = entry;
    std::set<std::pair<std::size_t, std::size_t>> places;
    collect_places(node, places);
    YAML::Node point = load_document();
    point.remove("sweep");
    reader_.clear_stand_ins();
    for (std::size_t a = 0; a < axes.size(); ++a)
      if (std::find(replacing.begin(), replacing.end(), a) == replacing.end())
        set_path(reader_, point, split_path(axes[a].path), 0, axes[a].values.front(), axes[a].at);
    try {
      (void)parse_point(point, seed);
    } catch (const m::InputError& e) {
      if (e.file() == reader_.file() && places.count({e.line(), e.column()}) > 0) throw;
    }
  }
  files_read_ = files_read;
}

// A network key that none of the scenario's runs would use is an error at the key, as the
// command line refuses such options: dims without a mesh or torus, parameters without a fat
// tree or dragonfly, a backbone without a crossbar, NIC links only on a bus, intra-node links
// with nodes of one core, a latency or bandwidth when every run's network is ideal. (A key
// that some run uses is fine: a swept topology may use it in some runs only.)
void ScenarioParser::refuse_unused_network_keys(const YAML::Node& root, const Scenario& s) const {
  const YAML::Node p = root["platform"];
  if (!p.IsDefined() || !p.IsMap()) return;
  bool moves_data = false, flow = false, grid = false, parametrised = false, crossbar = false,
       nic = false, intra = false;
  for (const RunPoint& point : s.points) {
    const RunConfig& c = point.config;
    moves_data |= c.network != "ideal";
    if (c.network != "flow") continue;
    flow = true;
    const std::string& kind = c.flow.topology;
    grid |= kind == "mesh2d" || kind == "torus2d" || kind == "torus3d";
    parametrised |= kind == "fat_tree" || kind == "dragonfly";
    crossbar |= kind == "crossbar";
    nic |= kind != "bus";
    intra |= c.flow.cores_per_node > 1;
  }
  for (const char* key : {"latency", "bandwidth"})
    if (p[key].IsDefined() && !moves_data)
      reader_.fail(p[key], std::string("platform.") + key +
                               ": the ideal network of every run moves data in no time");
  for (const char* key : {"flow_model", "simgrid_cfg", "same_core_transfers"})
    if (p[key].IsDefined() && !flow)
      reader_.fail(p[key], std::string("platform.") + key +
                               " is an option of the flow network, which no run has (network: "
                               "flow, or a topology or simgrid_platform)");
  const YAML::Node t = p["topology"];
  if (!t.IsDefined() || !t.IsMap()) return;
  const auto refuse = [&](std::initializer_list<const char*> keys, bool used, const char* why) {
    for (const char* key : keys)
      if (t[key].IsDefined() && !used)
        reader_.fail(t[key], std::string("platform.topology.") + key + ": " + why);
  };
  refuse({"dims"}, grid, "no run's topology is a mesh2d, torus2d or torus3d, which have dims");
  refuse({"parameters"}, parametrised,
         "no run's topology is a fat_tree or dragonfly, which take parameters");
  refuse({"backbone_latency", "backbone_bandwidth", "backbone_shared"}, crossbar,
         "no run's topology is a crossbar, the one with a backbone");
  refuse({"nic_latency", "nic_bandwidth"}, nic, "every run's topology is a bus, which has no NIC links");
  refuse({"intra_latency", "intra_bandwidth", "intra_shared"}, intra,
         "every run's nodes have one core (cores_per_node), so nothing moves inside a node");
}

void ScenarioParser::add_references(Scenario& s, bool curves_span_zip) const {
  // The 1-core run of a point is the run with the same values and repetition on one core.
  std::map<std::string, std::size_t> one_core;
  auto key_of = [](const RunPoint& p) {
    return detail::join(p.values, "\x1f") + "\x1e" + std::to_string(p.repetition);
  };
  for (const RunPoint& p : s.points)
    if (p.config.cores == 1) one_core.emplace(key_of(p), p.index);
  std::map<std::string, std::size_t> curves;
  std::map<const m::TaskGraph*, std::shared_ptr<const m::TaskGraph>> one_core_graphs;
  const std::size_t rows = s.points.size();
  for (std::size_t i = 0; i < rows; ++i) {
    RunPoint& p = s.points[i];
    const std::string key = key_of(p);
    auto found = one_core.find(key);
    if (found == one_core.end()) {
      RunPoint ref = p;
      ref.index = s.points.size();
      ref.reference = true;
      ref.config.cores = 1;
      ref.config.faults.cores_per_unit = 1;  // its one core is its node
      // Its core keeps its failures, but not one for good (a run on one core cannot survive
      // it): docs/models/faults.md.
      std::erase_if(ref.config.faults.failures, [](const m::CoreFailure& f) {
        return f.core != 0 || f.repair == m::kNeverRepaired;
      });
      // One core moves no data: a flow network's shape (made for the point's cores) is moot.
      if (ref.config.network == "flow") ref.config.network = "ideal";
      // The run on core 0: its column of per-core costs (as core 0 of the core types).
      if (ref.config.graph->has_costs()) {
        std::shared_ptr<const m::TaskGraph>& one = one_core_graphs[ref.config.graph.get()];
        if (!one)
          one = std::make_shared<const m::TaskGraph>(ref.config.graph->with_costs_of_core(0));
        ref.config.graph = one;
      }
      // A given schedule maps tasks to the point's cores: on one core, any order of the
      // tasks planned at the start takes as long (the sum of their durations and dispatch
      // costs), so round_robin's plan stands in for it.
      if (m::PolicyRegistry::builtin().find(ref.config.policy).needs_schedule) {
        ref.config.policy = "round_robin";
        ref.config.schedule_path.clear();
        ref.config.schedule = nullptr;
      }
      found = one_core.emplace(key, ref.index).first;
      s.points.push_back(std::move(ref));
    }
    RunPoint& q = s.points[i];  // push_back may have moved the points
    q.baseline = found->second;
    std::string label;
    if (!curves_span_zip)
      for (std::size_t c = 0; c < s.sweep_columns.size(); ++c)
        label += (label.empty() ? "" : ", ") + s.sweep_columns[c] + "=" + q.values[c];
    if (label.empty()) label = s.name;
    const auto [it, added] = curves.emplace(label, s.curve_labels.size());
    if (added) s.curve_labels.push_back(label);
    q.curve = it->second;
    if (s.points[q.baseline].reference) {
      s.points[q.baseline].baseline = s.points[q.baseline].clean_baseline = q.baseline;
      s.points[q.baseline].curve = q.curve;
    }
    q.clean_baseline = q.baseline;
    // With faults, also the 1-core run without them: a speedup against it is the one a
    // fault-free serial machine would see (the faulty 1-core run loses more work to each
    // failure than many cores do, and speedups against it can exceed the core count).
    // (A baseline without faults, that of another row, is already the fault-free run.)
    if (q.config.faults.in_use() && s.points[q.baseline].config.faults.in_use()) {
      const std::string clean_key = key + "\x1d";
      auto clean = one_core.find(clean_key);
      if (clean == one_core.end()) {
        RunPoint run = s.points[q.baseline];
        run.index = s.points.size();
        run.reference = true;
        run.baseline = run.clean_baseline = run.index;
        run.config.faults = m::FaultModel{};
        run.config.faults_seed_given = false;
        clean = one_core.emplace(clean_key, run.index).first;
        s.points.push_back(std::move(run));
      }
      s.points[i].clean_baseline = clean->second;  // (push_back may have moved the points)
    }
  }
}

}  // namespace

std::size_t Scenario::row_count() const {
  std::size_t n = 0;
  for (const RunPoint& p : points) n += p.reference ? 0 : 1;
  return n;
}

Scenario parse_scenario(const std::string& path, const std::string& text) {
  return ScenarioParser(path, text).parse();
}

std::string scenario_top_level_keys() { return detail::join(kTopKeys); }

Scenario load_scenario(const std::string& path) {
  reject_directory(path, "the scenario file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw m::InputError(path, 0, "cannot open the scenario file");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw m::InputError(path, 0, "cannot read the scenario file");
  // A task graph given where a scenario belongs (its YAML errors would say nothing useful).
  const std::string content = text.str();
  if (const std::string format = graph_format_of_text(path, content); !format.empty())
    throw m::InputError(path, 0, not_a_scenario(path, format));
  return ScenarioParser(path, text.str()).parse();
}

}  // namespace pelsim::experiment
