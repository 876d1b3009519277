#include "pelsim/models/simgrid_json_reader.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "pelsim/models/error.hpp"
#include "pelsim/models/json_text.hpp"

namespace pelsim::models {

namespace {

using Json = nlohmann::json;

// The file's task array, checked element by element as it is turned into a graph.
class SimgridJsonReader {
 public:
  SimgridJsonReader(std::string path, std::string text)
      : path_(std::move(path)), text_(std::move(text)), builder_(path_) {}

  SimgridJsonDag read() {
    const Json doc = parse();
    if (!doc.is_object() || !doc.contains("workflow") || !doc["workflow"].is_object() ||
        !doc["workflow"].contains("tasks") || !doc["workflow"]["tasks"].is_array())
      throw InputError(path_, find_member_line(text_, "", "workflow"),
                       "no 'workflow.tasks' array: not a SimGrid DAG JSON file");
    const Json& tasks = doc["workflow"]["tasks"];
    // First the names and kinds (a parent may come later in the file), then the edges.
    for (std::size_t i = 0; i < tasks.size(); ++i) add(tasks[i], i);
    for (std::size_t i = 0; i < entries_.size(); ++i) link(tasks[entries_[i].index], i);
    for (const Entry& e : entries_)
      if (e.transfer && e.child == kNone)
        fail(e, "the transfer feeds no compute task (no task names it as a parent)");
    // Each transfer becomes its edge, in the order of the file's transfers.
    for (const Entry& e : entries_)
      if (e.transfer) builder_.add_edge(entries_[e.parent].task, entries_[e.child].task, e.amount);
    SimgridJsonDag dag;
    for (const Entry& e : entries_)
      if (!e.transfer) dag.machines.push_back(e.machine);
    try {
      dag.graph = builder_.build();
    } catch (const CycleError& e) {
      throw InputError(path_, find_member_line(text_, "", "name", e.task()),
                       "the tasks' parents form a cycle (through '" + e.task() + "')");
    }
    return dag;
  }

 private:
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  struct Entry {
    std::string name;
    std::size_t index = 0;  // in the file's task array
    bool transfer = false;
    double amount = 0;                          // flops, or bytes
    std::string machine;                        // "" when none
    TaskId task = 0;                            // a compute task's id
    std::size_t parent = kNone, child = kNone;  // a transfer's ends (entries)
  };

  Json parse() const {
    try {
      return Json::parse(text_);
    } catch (const Json::parse_error& e) {
      std::string what = e.what();  // "[json.exception...] parse error at line L, column C: why"
      const std::size_t colon = what.find(": ", what.find("parse error"));
      if (colon != std::string::npos) what = what.substr(colon + 2);
      throw InputError(path_, line_at(text_, e.byte == 0 ? 0 : e.byte - 1),
                       "JSON syntax error: " + what);
    } catch (const Json::exception& e) {  // e.g. a number too large for a double
      const std::string what = e.what();
      const std::size_t end = what.find("] ");
      throw InputError(path_, 0,
                       "JSON: " + (end == std::string::npos ? what : what.substr(end + 2)));
    }
  }

  // The line of task `name`'s `"name": "..."` member, searched from the previous task's (the
  // tasks are in file order), so that the whole file is scanned once; 0 when it is not found
  // (a name with characters JSON escapes), the search then staying where it was.
  std::uint32_t next_name_line(const std::string& name) {
    const std::string quoted = "\"" + name + "\"";
    const auto blank = [&](std::size_t k) {
      return k > 0 && std::isspace(static_cast<unsigned char>(text_[k - 1]));
    };
    for (std::size_t at = text_.find(quoted, cursor_); at != std::string::npos;
         at = text_.find(quoted, at + 1)) {
      std::size_t k = at;
      while (blank(k)) --k;
      if (k == 0 || text_[k - 1] != ':') continue;
      --k;
      while (blank(k)) --k;
      if (k < 6 || text_.compare(k - 6, 6, "\"name\"") != 0) continue;
      line_ += static_cast<std::uint32_t>(
          std::count(text_.begin() + static_cast<std::ptrdiff_t>(cursor_),
                     text_.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
      cursor_ = at;
      return line_;
    }
    return 0;
  }

  [[noreturn]] void fail(const Entry& e, const std::string& reason) const {
    throw InputError(path_, find_member_line(text_, "", "name", e.name),
                     "task '" + e.name + "': " + reason);
  }

  // A number >= 0 under the first of `keys` the task has.
  double amount(const Entry& e, const Json& task, std::initializer_list<const char*> keys,
                const std::string& what) const {
    for (const char* key : keys)
      if (task.contains(key)) {
        const Json& v = task[key];
        if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() < 0)
          fail(e, std::string(key) + " must be a number >= 0 (" + what + ")");
        return v.get<double>();
      }
    fail(e, std::string(*keys.begin()) + " is missing (" + what + ")");
  }

  void add(const Json& task, std::size_t index) {
    Entry e;
    e.index = index;
    if (!task.is_object() || !task.contains("name") || !task["name"].is_string()) {
      // The line of the element: the index-th object of the array is not easy to find by
      // text search; the first task without a name string is.
      throw InputError(
          path_, 0, "task " + std::to_string(index + 1) + " of workflow.tasks has no name string");
    }
    e.name = task["name"].get<std::string>();
    if (!by_name_.emplace(e.name, entries_.size()).second) fail(e, "a second task of that name");
    const std::string type =
        task.contains("type") && task["type"].is_string() ? task["type"].get<std::string>() : "";
    if (type == "compute") {
      e.amount = amount(e, task, {"runtime", "runtimeInSeconds"}, "its flops, as SimGrid reads it");
    } else if (type == "transfer") {
      e.transfer = true;
      e.amount = amount(e, task, {"bytesWritten", "writtenBytes"}, "the bytes it sends");
    } else {
      fail(e, "unknown type '" + type + "' (known: compute, transfer)");
    }
    if (task.contains("machine")) {
      if (!task["machine"].is_string() || task["machine"].get<std::string>().empty())
        fail(e, "machine must be a host's name");
      e.machine = task["machine"].get<std::string>();
    }
    if (!e.transfer) e.task = builder_.intern_task(e.name, e.amount, next_name_line(e.name));
    entries_.push_back(std::move(e));
  }

  void link(const Json& task, std::size_t i) {
    Entry& e = entries_[i];
    if (!task.contains("parents")) {
      if (e.transfer) fail(e, "a transfer needs its parent, the task whose data it sends");
      return;
    }
    const Json& parents = task["parents"];
    if (!parents.is_array()) fail(e, "parents must be an array of task names");
    if (e.transfer && parents.size() != 1)
      fail(e, "a transfer has one parent, the task whose data it sends (it has " +
                  std::to_string(parents.size()) + ")");
    for (std::size_t k = 0; k < parents.size(); ++k) {
      const Json& p = parents[k];
      if (!p.is_string()) fail(e, "parents must be an array of task names");
      const auto it = by_name_.find(p.get<std::string>());
      if (it == by_name_.end()) fail(e, "unknown parent '" + p.get<std::string>() + "'");
      for (std::size_t j = 0; j < k; ++j)
        if (parents[j] == p) fail(e, "parent '" + p.get<std::string>() + "' is listed twice");
      Entry& parent = entries_[it->second];
      if (it->second == i) fail(e, "the task is its own parent");
      if (e.transfer) {
        if (parent.transfer)
          fail(e, "its parent '" + parent.name +
                      "' is a transfer: pelsim sends data between compute tasks only");
        e.parent = it->second;
      } else if (parent.transfer) {
        if (parent.child != kNone)
          fail(parent, "two tasks read this transfer ('" + entries_[parent.child].name + "', '" +
                           e.name + "'): pelsim sends each transfer to one task");
        if (!parent.machine.empty() && !e.machine.empty() && parent.machine != e.machine)
          fail(parent, "the transfer goes to '" + parent.machine + "' but its reader '" + e.name +
                           "' runs on '" + e.machine +
                           "': pelsim sends data to the host of the task that reads it");
        parent.child = i;
      } else {
        builder_.add_edge(parent.task, e.task, 0.0);  // a precedence
      }
    }
  }

  std::string path_;
  std::string text_;
  TaskGraphBuilder builder_;
  std::vector<Entry> entries_;
  std::unordered_map<std::string, std::size_t> by_name_;
  std::size_t cursor_ = 0;  // next_name_line(): where the previous name was found
  std::uint32_t line_ = 1;  // and its line
};

}  // namespace

bool SimgridJsonDag::placed() const {
  return !machines.empty() &&
         std::ranges::none_of(machines, [](const std::string& m) { return m.empty(); });
}

SimgridJsonDag read_simgrid_json_dag(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, 0, "cannot open the file");
  std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  return SimgridJsonReader(path, std::move(text)).read();
}

bool looks_like_simgrid_json(std::string_view text) {
  const auto has = [&](std::string_view s) { return text.find(s) != std::string_view::npos; };
  return has("\"tasks\"") && (has("\"compute\"") || has("\"transfer\"")) && !has("\"files\"") &&
         !has("\"inputFiles\"") && !has("\"outputFiles\"") && !has("\"specification\"") &&
         !has("\"jobs\"") && !has("\"wms\"");
}

}  // namespace pelsim::models
