// WfCommons (WfFormat JSON) reader: parses the file with nlohmann-json, joins the
// specification and execution records of each task, and derives edge sizes from the files
// a parent writes and its child reads. See wfcommons_reader.hpp for the accepted layouts and
// the semantics.
//
// Performance notes: the file is read whole into one string and parsed in place; values
// that pelsim never uses (task commands, machine descriptions) are dropped by the parser
// callback instead of being stored in the document; task and file ids are looked up through
// hash maps of views into the document; a task's file lists become sorted vectors of file
// indices, so the data on an edge is a merge of two short sorted lists.
#include "pelsim/models/wfcommons_reader.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "pelsim/models/error.hpp"

namespace pelsim::models {
namespace {

using Json = nlohmann::json;

constexpr double kDefaultReferenceSpeed = 1e9;
constexpr std::uint32_t kAmbiguous = 0xFFFFFFFFu;

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

std::string read_whole_file(const std::string& path) {
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file) throw InputError(path, 0, std::string("cannot open file: ") + std::strerror(errno));
  std::string text;
  if (std::fseek(file.get(), 0, SEEK_END) == 0) {
    const long end = std::ftell(file.get());
    if (end > 0) text.reserve(static_cast<std::size_t>(end));
    std::rewind(file.get());
  }
  char buffer[1 << 16];
  std::size_t got = 0;
  while ((got = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) text.append(buffer, got);
  if (std::ferror(file.get()))
    throw InputError(path, 0, std::string("cannot read file: ") + std::strerror(errno));
  return text;
}

std::uint32_t line_at(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  return static_cast<std::uint32_t>(
      1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

bool is_json_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Line of the first member `"key": "value"` that follows the member `"section":` (or anywhere
// when section is empty or absent), found by a text search; 0 when not found (a value with
// characters JSON escapes is never found). Used only to place error messages.
std::uint32_t find_member_line(std::string_view text, std::string_view section,
                               std::string_view key, std::string_view value) {
  std::size_t from = 0;
  if (!section.empty()) {
    const std::string quoted_section = "\"" + std::string(section) + "\"";
    for (std::size_t pos = text.find(quoted_section); pos != std::string_view::npos;
         pos = text.find(quoted_section, pos + 1)) {
      std::size_t after = pos + quoted_section.size();
      while (after < text.size() && is_json_space(text[after])) ++after;
      if (after < text.size() && text[after] == ':') {
        from = after;
        break;
      }
    }
  }
  const std::string quoted_value = "\"" + std::string(value) + "\"";
  const std::string quoted_key = "\"" + std::string(key) + "\"";
  for (std::size_t pos = text.find(quoted_value, from); pos != std::string_view::npos;
       pos = text.find(quoted_value, pos + 1)) {
    std::size_t before = pos;
    while (before > 0 && is_json_space(text[before - 1])) --before;
    if (before == 0 || text[before - 1] != ':') continue;
    --before;
    while (before > 0 && is_json_space(text[before - 1])) --before;
    if (before >= quoted_key.size() &&
        text.substr(before - quoted_key.size(), quoted_key.size()) == quoted_key)
      return line_at(text, pos);
  }
  return 0;
}

// Members of a task record that the reader never uses and that make up most of a trace's
// bytes: dropped while parsing.
bool is_unused_member(const std::string& key) {
  return key == "command" || key == "machines" || key == "machine" || key == "arguments";
}

// One task as the reader collects it before building the graph.
struct Task {
  std::string name;
  const Json* parents = nullptr;
  const Json* children = nullptr;
  std::vector<std::uint32_t> inputs;   // file indices, sorted, unique
  std::vector<std::uint32_t> outputs;  // file indices, sorted, unique
  double runtime = 0;
  bool has_runtime = false;
};

void sort_unique(std::vector<std::uint32_t>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

class WfReader {
 public:
  WfReader(const std::string& path, const std::string& text, double speed)
      : path_(path), text_(text), speed_(speed) {}

  TaskGraph read() {
    Json root = parse();
    if (!root.is_object()) fail(1, "expected a JSON object at the top level");
    const Json* wf = member(root, "workflow");
    if (wf == nullptr) fail(0, "no 'workflow' object: not a WfCommons instance");
    if (!wf->is_object()) fail(0, "'workflow' must be an object (found " + type_of(*wf) + ")");
    const Json* spec = member(*wf, "specification");
    if (spec != nullptr) {
      read_v15(*wf, *spec);
    } else {
      read_inline(*wf);
    }
    return build();
  }

 private:
  // -------------------------------------------------------------------------------------------
  // Helpers

  [[noreturn]] void fail(std::uint32_t line, const std::string& reason) const {
    throw InputError(path_, line, reason);
  }

  // An error about task `id`, placed at its `"key": "id"` member after `section`.
  [[noreturn]] void fail_task(const std::string& id, const std::string& reason,
                              std::string_view section) const {
    std::uint32_t line = find_member_line(text_, section, "id", id);
    if (line == 0) line = find_member_line(text_, section, "name", id);
    fail(line, "task '" + id + "': " + reason);
  }

  static std::string type_of(const Json& v) { return v.type_name(); }

  static const Json* member(const Json& obj, const char* key) {
    const auto it = obj.find(key);
    return it == obj.end() ? nullptr : &*it;
  }

  Json parse() {
    // Drop the members nobody reads (commands with their argument lists, machine names) at any
    // depth below the task arrays; keep everything else.
    const Json::parser_callback_t drop_unused = [](int depth, Json::parse_event_t event,
                                                   Json& parsed) {
      return !(event == Json::parse_event_t::key && depth >= 4 && parsed.is_string() &&
               is_unused_member(parsed.get_ref<const std::string&>()));
    };
    try {
      return Json::parse(text_, drop_unused);
    } catch (const Json::parse_error& e) {
      // nlohmann reports the byte of the last character read; its message reads
      // "[json.exception.parse_error.N] parse error at line L, column C: what went wrong".
      std::string what = e.what();
      const std::size_t at = what.find("parse error");
      const std::size_t colon = at == std::string::npos ? at : what.find(": ", at);
      if (colon != std::string::npos) what = what.substr(colon + 2);
      const std::size_t byte = e.byte == 0 ? 0 : e.byte - 1;
      fail(line_at(text_, byte), "JSON syntax error: " + what);
    } catch (const Json::exception& e) {
      fail(0, std::string("invalid JSON: ") + e.what());
    }
  }

  // A non-negative finite number member of a task, or an error naming the task.
  double task_number(const Json& value, const std::string& id, const char* key,
                     std::string_view section) const {
    if (!value.is_number())
      fail_task(id, std::string(key) + " must be a number (found " + type_of(value) + ")", section);
    const double v = value.get<double>();
    if (!std::isfinite(v) || v < 0)
      fail_task(id, std::string(key) + " must be >= 0 (found " + value.dump() + ")", section);
    return v;
  }

  // The list member `key` of a task (absent = nullptr), checked to be an array of strings.
  const Json* string_list(const Json& obj, const char* key, const std::string& id,
                          std::string_view section) const {
    const Json* list = member(obj, key);
    if (list == nullptr || list->is_null()) return nullptr;
    if (!list->is_array())
      fail_task(id, std::string(key) + " must be an array (found " + type_of(*list) + ")", section);
    for (const Json& item : *list) {
      if (!item.is_string())
        fail_task(id, std::string(key) + " must hold strings (found " + type_of(item) + ")",
                  section);
    }
    return list;
  }

  // The array at `key` of `obj` (error when absent or not an array).
  const Json& array_member(const Json& obj, const char* key, const std::string& where) const {
    const Json* v = member(obj, key);
    if (v == nullptr) fail(0, "no '" + where + "' array");
    if (!v->is_array()) fail(0, "'" + where + "' must be an array (found " + type_of(*v) + ")");
    return *v;
  }

  // Appends task number `index` of array `where` (the object `obj`) to tasks_, named by its id
  // (else its name), and registers its id and name for parent/child lookups.
  void add_task(const Json& obj, std::size_t index, const std::string& where,
                std::string_view section) {
    if (!obj.is_object())
      fail(0, where + "[" + std::to_string(index) + "] must be an object (found " + type_of(obj) +
                  ")");
    const Json* id = member(obj, "id");
    const Json* name = member(obj, "name");
    if (id != nullptr && !id->is_string())
      fail(0, where + "[" + std::to_string(index) + "]: id must be a string (found " +
                  type_of(*id) + ")");
    if (name != nullptr && !name->is_string()) {
      if (id != nullptr)
        fail_task(id->get_ref<const std::string&>(),
                  "name must be a string (found " + type_of(*name) + ")", section);
      fail(0, where + "[" + std::to_string(index) + "]: name must be a string (found " +
                  type_of(*name) + ")");
    }
    if (id == nullptr && name == nullptr)
      fail(0, where + "[" + std::to_string(index) + "] has no id (nor name)");
    const std::string& key = (id != nullptr ? *id : *name).get_ref<const std::string&>();
    if (key.empty()) fail(0, where + "[" + std::to_string(index) + "] has an empty id");
    const auto t = static_cast<std::uint32_t>(tasks_.size());
    if (!by_id_.emplace(key, t).second) fail_task(key, "is listed twice", "");
    if (name != nullptr) {
      const auto [it, added] = by_name_.emplace(name->get_ref<const std::string&>(), t);
      if (!added) it->second = kAmbiguous;
    }
    Task task;
    task.name = key;
    task.parents = string_list(obj, "parents", key, section);
    task.children = string_list(obj, "children", key, section);
    tasks_.push_back(std::move(task));
  }

  // -------------------------------------------------------------------------------------------
  // Schema 1.5: specification + execution

  void read_v15(const Json& wf, const Json& spec) {
    static constexpr std::string_view kSpec = "specification";
    static constexpr std::string_view kExec = "execution";
    if (!spec.is_object())
      fail(0, "'workflow.specification' must be an object (found " + type_of(spec) + ")");

    // Files: id -> size.
    if (const Json* files = member(spec, "files"); files != nullptr) {
      if (!files->is_array())
        fail(0, "'workflow.specification.files' must be an array (found " + type_of(*files) + ")");
      file_size_.reserve(files->size());
      file_index_.reserve(files->size());
      for (std::size_t i = 0; i < files->size(); ++i) {
        const Json& f = (*files)[i];
        const std::string where = "workflow.specification.files[" + std::to_string(i) + "]";
        if (!f.is_object()) fail(0, where + " must be an object (found " + type_of(f) + ")");
        const Json* id = member(f, "id");
        if (id == nullptr || !id->is_string())
          fail(0, where + ": id must be a string (found " +
                      (id == nullptr ? std::string("nothing") : type_of(*id)) + ")");
        const std::string& fid = id->get_ref<const std::string&>();
        const Json* size = member(f, "sizeInBytes");
        const std::uint32_t line = find_member_line(text_, kSpec, "id", fid);
        if (size == nullptr) fail(line, "file '" + fid + "': sizeInBytes is missing");
        if (!size->is_number())
          fail(line, "file '" + fid + "': sizeInBytes must be a number (found " + type_of(*size) +
                         ")");
        const double bytes = size->get<double>();
        if (!std::isfinite(bytes) || bytes < 0)
          fail(line, "file '" + fid + "': sizeInBytes must be >= 0 (found " + size->dump() + ")");
        if (!file_index_.emplace(fid, static_cast<std::uint32_t>(file_size_.size())).second)
          fail(line, "file '" + fid + "' is listed twice in workflow.specification.files");
        file_size_.push_back(bytes);
      }
    }

    const Json& tasks = array_member(spec, "tasks", "workflow.specification.tasks");
    tasks_.reserve(tasks.size());
    by_id_.reserve(tasks.size());
    by_name_.reserve(tasks.size());
    for (std::size_t i = 0; i < tasks.size(); ++i) {
      add_task(tasks[i], i, "workflow.specification.tasks", kSpec);
      Task& task = tasks_.back();
      task.inputs = file_list(tasks[i], "inputFiles", task.name);
      task.outputs = file_list(tasks[i], "outputFiles", task.name);
    }

    // Runtimes, joined on id.
    const Json* exec = member(wf, "execution");
    if (exec != nullptr) {
      if (!exec->is_object())
        fail(0, "'workflow.execution' must be an object (found " + type_of(*exec) + ")");
      const Json* records = member(*exec, "tasks");
      if (records != nullptr && !records->is_array())
        fail(0, "'workflow.execution.tasks' must be an array (found " + type_of(*records) + ")");
      if (records != nullptr) {
        for (std::size_t i = 0; i < records->size(); ++i) {
          const Json& r = (*records)[i];
          const std::string where = "workflow.execution.tasks[" + std::to_string(i) + "]";
          if (!r.is_object()) fail(0, where + " must be an object (found " + type_of(r) + ")");
          const Json* id = member(r, "id");
          if (id == nullptr || !id->is_string())
            fail(0, where + ": id must be a string (found " +
                        (id == nullptr ? std::string("nothing") : type_of(*id)) + ")");
          const std::string& tid = id->get_ref<const std::string&>();
          const auto it = by_id_.find(tid);
          if (it == by_id_.end())
            fail(find_member_line(text_, kExec, "id", tid),
                 "task '" + tid + "' of workflow.execution.tasks is not in "
                 "workflow.specification.tasks");
          Task& task = tasks_[it->second];
          if (task.has_runtime) fail_task(tid, "has two records in workflow.execution.tasks", kExec);
          const Json* runtime = member(r, "runtimeInSeconds");
          if (runtime == nullptr) fail_task(tid, "runtimeInSeconds is missing", kExec);
          task.runtime = task_number(*runtime, tid, "runtimeInSeconds", kExec);
          task.has_runtime = true;
        }
      }
    }
    for (const Task& task : tasks_) {
      if (!task.has_runtime)
        fail_task(task.name, "no runtimeInSeconds (no record in workflow.execution.tasks)", kSpec);
    }
    resolve_edges(/*refs_are_names=*/false, kSpec);
  }

  // A 1.5 task's inputFiles / outputFiles as file indices.
  std::vector<std::uint32_t> file_list(const Json& obj, const char* key, const std::string& id) {
    std::vector<std::uint32_t> out;
    const Json* list = string_list(obj, key, id, "specification");
    if (list == nullptr) return out;
    out.reserve(list->size());
    for (const Json& f : *list) {
      const std::string& fid = f.get_ref<const std::string&>();
      const auto it = file_index_.find(fid);
      if (it == file_index_.end())
        fail_task(id, std::string(key) + " names file '" + fid +
                          "', which is not in workflow.specification.files",
                  "specification");
      out.push_back(it->second);
    }
    sort_unique(out);
    return out;
  }

  // -------------------------------------------------------------------------------------------
  // Schemas 1.0 - 1.4: one task array with runtimes and files inline

  void read_inline(const Json& wf) {
    const char* key = member(wf, "tasks") != nullptr ? "tasks" : "jobs";
    if (member(wf, key) == nullptr)
      fail(0, "no 'workflow.specification' (schema 1.5) nor 'workflow.tasks' (1.3, 1.4) nor "
              "'workflow.jobs' (up to 1.2)");
    const std::string where = std::string("workflow.") + key;
    const Json& tasks = array_member(wf, key, where);
    tasks_.reserve(tasks.size());
    by_id_.reserve(tasks.size());
    by_name_.reserve(tasks.size());
    for (std::size_t i = 0; i < tasks.size(); ++i) {
      const Json& obj = tasks[i];
      add_task(obj, i, where, "");
      Task& task = tasks_.back();
      const Json* runtime = member(obj, "runtimeInSeconds");
      const char* runtime_key = "runtimeInSeconds";
      if (runtime == nullptr && (runtime = member(obj, "runtime")) != nullptr) runtime_key = "runtime";
      if (runtime == nullptr) fail_task(task.name, "runtimeInSeconds is missing", "");
      task.runtime = task_number(*runtime, task.name, runtime_key, "");
      task.has_runtime = true;
      inline_files(obj, task);
    }
    resolve_edges(/*refs_are_names=*/true, "");
  }

  // The `files` list of an old-layout task: [{link, name|id, sizeInBytes|size}].
  void inline_files(const Json& obj, Task& task) {
    const Json* files = member(obj, "files");
    if (files == nullptr || files->is_null()) return;
    if (!files->is_array())
      fail_task(task.name, "files must be an array (found " + type_of(*files) + ")", "");
    for (const Json& f : *files) {
      if (!f.is_object())
        fail_task(task.name, "files must hold objects (found " + type_of(f) + ")", "");
      const Json* name = member(f, "name");
      if (name == nullptr) name = member(f, "id");
      if (name == nullptr || !name->is_string())
        fail_task(task.name, "a file has no name (a string)", "");
      const std::string& fname = name->get_ref<const std::string&>();
      const std::string what = "file '" + fname + "': ";
      const Json* link = member(f, "link");
      if (link == nullptr || !link->is_string())
        fail_task(task.name, what + "link must be \"input\" or \"output\"", "");
      const std::string& direction = link->get_ref<const std::string&>();
      if (direction != "input" && direction != "output")
        fail_task(task.name, what + "link must be \"input\" or \"output\" (found \"" + direction + "\")",
                  "");
      const Json* size = member(f, "sizeInBytes");
      const char* size_key = "sizeInBytes";
      if (size == nullptr && (size = member(f, "size")) != nullptr) size_key = "size";
      if (size == nullptr) fail_task(task.name, what + "sizeInBytes is missing", "");
      const double bytes = task_number(*size, task.name, size_key, "");
      const auto [it, added] =
          file_index_.emplace(fname, static_cast<std::uint32_t>(file_size_.size()));
      if (added) file_size_.push_back(bytes);  // the first size given wins
      (direction == "input" ? task.inputs : task.outputs).push_back(it->second);
    }
    sort_unique(task.inputs);
    sort_unique(task.outputs);
  }

  // -------------------------------------------------------------------------------------------
  // Edges and graph

  // The task a parent/child entry names: by id then name (1.5), or by name then id (older).
  std::uint32_t resolve(const std::string& ref, bool refs_are_names) const {
    const auto& first = refs_are_names ? by_name_ : by_id_;
    const auto& second = refs_are_names ? by_id_ : by_name_;
    if (const auto it = first.find(ref); it != first.end() && it->second != kAmbiguous)
      return it->second;
    if (const auto it = second.find(ref); it != second.end() && it->second != kAmbiguous)
      return it->second;
    return kAmbiguous;
  }

  void resolve_edges(bool refs_are_names, std::string_view section) {
    pairs_.clear();
    for (std::uint32_t t = 0; t < tasks_.size(); ++t) {
      const Task& task = tasks_[t];
      for (const auto& [list, is_parent] : {std::pair{task.parents, true},
                                            std::pair{task.children, false}}) {
        if (list == nullptr) continue;
        for (const Json& ref : *list) {
          const std::string& other = ref.get_ref<const std::string&>();
          const std::uint32_t o = resolve(other, refs_are_names);
          if (o == kAmbiguous)
            fail_task(task.name,
                      std::string(is_parent ? "parent" : "child") + " '" + other +
                          (by_name_.count(other) != 0 ? "' names several tasks" : "' is not a task"),
                      section);
          pairs_.push_back(is_parent ? (std::uint64_t{o} << 32 | t) : (std::uint64_t{t} << 32 | o));
        }
      }
    }
    std::sort(pairs_.begin(), pairs_.end());
    pairs_.erase(std::unique(pairs_.begin(), pairs_.end()), pairs_.end());
  }

  // Sum of the sizes of the files in both sorted lists.
  double shared_bytes(const std::vector<std::uint32_t>& out, const std::vector<std::uint32_t>& in) const {
    double sum = 0;
    auto a = out.begin();
    auto b = in.begin();
    while (a != out.end() && b != in.end()) {
      if (*a < *b) {
        ++a;
      } else if (*b < *a) {
        ++b;
      } else {
        sum += file_size_[*a];
        ++a;
        ++b;
      }
    }
    return sum;
  }

  TaskGraph build() {
    TaskGraphBuilder builder(path_);
    builder.reserve(tasks_.size(), pairs_.size());
    for (const Task& task : tasks_) builder.intern_task(task.name, task.runtime * speed_);
    for (const std::uint64_t key : pairs_) {
      const auto from = static_cast<TaskId>(key >> 32);
      const auto to = static_cast<TaskId>(key & 0xFFFFFFFFu);
      builder.add_edge(from, to, shared_bytes(tasks_[from].outputs, tasks_[to].inputs));
    }
    return builder.build();
  }

  const std::string& path_;
  const std::string& text_;
  double speed_;
  std::vector<Task> tasks_;
  std::unordered_map<std::string_view, std::uint32_t> by_id_;
  std::unordered_map<std::string_view, std::uint32_t> by_name_;
  std::unordered_map<std::string_view, std::uint32_t> file_index_;
  std::vector<double> file_size_;
  std::vector<std::uint64_t> pairs_;
};

}  // namespace

TaskGraph read_wfcommons_file(const std::string& path, const WfCommonsOptions& options) {
  if (!std::isfinite(options.reference_speed) || options.reference_speed < 0)
    throw InputError(path, 0,
                     "reference speed must be a finite number of flop/s >= 0 (0 = default 1e9), "
                     "got " + std::to_string(options.reference_speed));
  const double speed =
      options.reference_speed == 0 ? kDefaultReferenceSpeed : options.reference_speed;
  const std::string text = read_whole_file(path);
  return WfReader(path, text, speed).read();
}

}  // namespace pelsim::models
