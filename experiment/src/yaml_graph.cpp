#include "yaml_graph.hpp"

#include <fstream>
#include <sstream>
#include <vector>

#include "pelsim/experiment/graph_loader.hpp"
#include "pelsim/models/error.hpp"

namespace pelsim::experiment {

namespace m = pelsim::models;

namespace detail {

m::TaskGraph build_inline_graph(const YamlReader& reader, const YAML::Node& w) {
  const YAML::Node tasks = w["tasks"];
  if (!tasks.IsSequence() || tasks.size() == 0)
    reader.fail(tasks.IsDefined() ? tasks : w,
                "tasks must be a non-empty list of {name, work, type, lock, costs}");
  m::TaskGraphBuilder builder(reader.file());
  for (const YAML::Node& t : tasks) {
    reader.expect_map(t, {"name", "work", "type", "lock", "costs"}, "a task");
    const std::string name = reader.text(t["name"], "a task's name");
    const double work =
        t["work"].IsDefined() ? reader.quantity(t["work"], m::Quantity::kWork, "work") : 0.0;
    const std::uint32_t before = builder.task_count();
    const m::TaskId id =
        builder.intern_task(name, work, static_cast<std::uint32_t>(t.Mark().line + 1));
    if (builder.task_count() == before) reader.fail(t["name"], "task '" + name + "' appears twice");
    builder.set_work(id, work);
    if (t["type"].IsDefined()) builder.set_type(id, reader.text(t["type"], "a task's type"));
    if (t["lock"].IsDefined()) builder.set_lock(id, reader.text(t["lock"], "a task's lock"));
    // Unrelated machines: the task's time on each core (DOT's `costs`), seconds or a time.
    if (const YAML::Node c = t["costs"]; c.IsDefined()) {
      if (!c.IsSequence() || c.size() == 0)
        reader.fail(c, "costs must be a list of times, one per core, e.g. [1s, 2.5s, 400ms]");
      std::vector<double> costs;
      for (const YAML::Node& v : c)
        costs.push_back(reader.quantity(v, m::Quantity::kTime, "a cost"));
      builder.set_costs(id, std::move(costs));
    }
  }
  if (const YAML::Node edges = w["edges"]; edges.IsDefined()) {
    if (!edges.IsSequence()) reader.fail(edges, "edges must be a list of {from, to, bytes}");
    for (const YAML::Node& e : edges) {
      reader.expect_map(e, {"from", "to", "bytes"}, "an edge");
      const std::uint32_t before = builder.task_count();
      const std::string from_name = reader.text(e["from"], "an edge's from");
      const m::TaskId from = builder.intern_task(from_name);
      if (builder.task_count() != before)
        reader.fail(e["from"], "the edge's from names task '" + from_name +
                                   "', which the tasks do not list");
      const std::string to_name = reader.text(e["to"], "an edge's to");
      const m::TaskId to = builder.intern_task(to_name);
      if (builder.task_count() != before)
        reader.fail(e["to"], "the edge's to names task '" + to_name +
                                 "', which the tasks do not list");
      const double bytes =
          e["bytes"].IsDefined() ? reader.quantity(e["bytes"], m::Quantity::kBytes, "bytes") : 0.0;
      builder.add_edge(from, to, bytes);
    }
  }
  return builder.build();
}

}  // namespace detail

m::TaskGraph read_yaml_graph(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw m::InputError(path, 0, "cannot open the file");
  std::ostringstream text;
  text << in.rdbuf();
  const detail::YamlReader reader(path);
  const YAML::Node doc = reader.load(text.str());
  reader.refuse_duplicate_keys(doc);
  const YAML::Node& map = doc;  // (const: looking a key up adds nothing)
  if (map.IsMap())              // a scenario given where a graph is expected: say what to do
    for (const char* key : {"workload", "platform", "policy", "sweep"})
      if (map[key].IsDefined())
        reader.fail(map[key], std::string("this is a scenario, not a task graph (it has '") + key +
                                  "'): run it with `pelsim run " + path + "`");
  reader.expect_map(doc, {"tasks", "edges"}, "a YAML task graph");
  return detail::build_inline_graph(reader, doc);
}

}  // namespace pelsim::experiment
