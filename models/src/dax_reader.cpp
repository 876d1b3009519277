// Pegasus DAX reader: the DAX rules (DaxParser) on top of the shared XML tokenizer
// (xml_tokenizer.hpp). See dax_reader.hpp for the accepted subset and the semantics.
//
// Performance notes: the file is read whole into one string and tokenized in one pass (see
// xml_tokenizer.hpp); jobs and files are interned in hash maps;
// a job's file lists become sorted vectors of file indices, so the data on an edge is a merge
// of two short sorted lists.
#include "pelsim/models/dax_reader.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <utility>
#include <vector>

#include "input_file.hpp"
#include "pelsim/models/error.hpp"
#include "shared_files.hpp"
#include "xml_tokenizer.hpp"

namespace pelsim::models {
namespace {

// Parses a whole string (blanks around allowed) as a decimal number.
bool parse_number(std::string_view s, double& out) {
  while (!s.empty() && is_xml_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_xml_space(s.back())) s.remove_suffix(1);
  if (!s.empty() && s.front() == '+') {
    s.remove_prefix(1);
    if (!s.empty() && (s.front() == '+' || s.front() == '-')) return false;
  }
  if (s.empty()) return false;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

template <class T>
void sort_unique(std::vector<T>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

std::uint64_t pair_key(std::uint32_t from, std::uint32_t to) {
  return std::uint64_t{from} << 32 | to;
}

// The DAX rules on top of the tokenizer.
class DaxParser {
 public:
  DaxParser(std::string_view text, const std::string& path, double speed, bool root_end)
      : xml_(text, path), path_(path), speed_(speed), root_end_(root_end) {}

  TaskGraph parse() {
    using Event = XmlTokenizer::Event;
    Event e = xml_.next();
    while (e == Event::kText) e = xml_.next();  // blanks only, checked by the tokenizer
    if (xml_.name() != "adag")
      fail(xml_.line(), "expected the <adag> root element of a DAX file, found <" +
                            std::string(xml_.name()) + ">");
    for (e = xml_.next(); e != Event::kEnd; e = xml_.next()) {
      if (e != Event::kStart) continue;
      const std::string_view name = xml_.name();
      if (name == "job" || name == "dag" || name == "dax") {
        read_job();
      } else if (name == "child") {
        read_child();
      } else {
        xml_.skip_element();
      }
    }
    while (xml_.next() != Event::kDone) {
    }
    return build();
  }

 private:
  struct Job {
    std::string id;
    std::string type;  // the job's name (its transformation)
    std::uint32_t line = 0;
    double runtime = 0;
    std::vector<std::uint32_t> inputs;   // file indices, sorted, unique
    std::vector<std::uint32_t> outputs;  // file indices, sorted, unique
  };

  struct Control {
    std::string parent;
    std::string child;
    std::uint32_t parent_line;
    std::uint32_t child_line;
  };

  [[noreturn]] void fail(std::uint32_t line, const std::string& reason) const {
    throw InputError(path_, line, reason);
  }

  // `value` as a finite number >= 0; `what()` names it in errors (called only then).
  template <typename What>
  double number_attribute(const std::string& value, const What& what) const {
    double v = 0;
    if (!parse_number(value, v)) fail(xml_.line(), what() + " '" + value + "' is not a number");
    if (!std::isfinite(v) || v < 0)
      fail(xml_.line(), what() + " must be a finite number >= 0, not " + value);
    return v;
  }

  void read_job() {
    using Event = XmlTokenizer::Event;
    const std::string tag(xml_.name());
    const std::uint32_t line = xml_.line();
    const std::string* id = xml_.attribute("id");
    if (id == nullptr) fail(line, "<" + tag + "> has no id attribute");
    if (id->empty()) fail(line, "<" + tag + "> has an empty id");
    const auto index = static_cast<std::uint32_t>(jobs_.size());
    const auto [it, added] = job_index_.emplace(*id, index);
    if (!added)
      fail(line, "job '" + *id + "' is defined twice (first at line " +
                     std::to_string(jobs_[it->second].line) + ")");
    Job job;
    job.id = *id;
    if (const std::string* name = xml_.attribute("name"); name != nullptr) job.type = *name;
    job.line = line;
    bool has_runtime = false;
    if (const std::string* runtime = xml_.attribute("runtime"); runtime != nullptr) {
      job.runtime = number_attribute(*runtime, [&] { return "job '" + job.id + "': runtime"; });
      has_runtime = true;
    }
    for (Event e = xml_.next(); e != Event::kEnd; e = xml_.next()) {
      if (e != Event::kStart) continue;
      const std::string_view name = xml_.name();
      if (name == "uses") {
        read_uses(job);
        xml_.skip_element();
      } else if (name == "profile" && !has_runtime && is_runtime_profile()) {
        job.runtime = read_runtime_profile(job);
        has_runtime = true;
      } else {
        xml_.skip_element();
      }
    }
    if (!has_runtime)
      fail(line, "job '" + job.id +
                     "' has no runtime (neither a runtime attribute nor a <profile "
                     "namespace=\"pegasus\" key=\"runtime\">)");
    sort_unique(job.inputs);
    sort_unique(job.outputs);
    jobs_.push_back(std::move(job));
  }

  bool is_runtime_profile() const {
    const std::string* ns = xml_.attribute("namespace");
    const std::string* key = xml_.attribute("key");
    return ns != nullptr && key != nullptr && *ns == "pegasus" && *key == "runtime";
  }

  double read_runtime_profile(const Job& job) {
    using Event = XmlTokenizer::Event;
    const std::uint32_t line = xml_.line();
    std::string text;
    for (Event e = xml_.next(); e != Event::kEnd; e = xml_.next()) {
      if (e == Event::kText) text += xml_.text();
      if (e == Event::kStart) fail(xml_.line(), "unexpected element inside the runtime <profile>");
    }
    double v = 0;
    if (!parse_number(text, v))
      fail(line, "job '" + job.id + "': runtime profile '" + text + "' is not a number");
    if (!std::isfinite(v) || v < 0)
      fail(line, "job '" + job.id + "': runtime must be a finite number >= 0, not " + text);
    return v;
  }

  void read_uses(Job& job) {
    const std::uint32_t line = xml_.line();
    const std::string* file = xml_.attribute("file");
    if (file == nullptr) file = xml_.attribute("name");
    if (file == nullptr)
      fail(line, "job '" + job.id + "': <uses> has no file (DAX 2.1) or name (DAX 3) attribute");
    auto what = [&] { return "job '" + job.id + "': <uses file=\"" + *file + "\">"; };
    const std::string* link = xml_.attribute("link");
    if (link == nullptr) fail(line, what() + " has no link attribute (input or output)");
    const bool input = *link == "input" || *link == "inout";
    const bool output = *link == "output" || *link == "inout";
    if (!input && !output && *link != "none" && *link != "checkpoint")
      fail(line, what() + ": unknown link \"" + *link +
                     "\" (known: input, output, inout, none, checkpoint)");
    const auto [it, added] = file_index_.emplace(*file, static_cast<std::uint32_t>(files_.size()));
    if (added) files_.emplace_back().name = *file;
    FileInfo& f = files_[it->second];
    if (const std::string* size = xml_.attribute("size"); size != nullptr) {
      const double bytes = number_attribute(*size, [&] { return what() + ": size"; });
      if (!f.has_size) {  // the first size given wins, as in SimGrid
        f.size = bytes;
        f.has_size = true;
      }
    }
    const auto j = static_cast<std::uint32_t>(jobs_.size());
    if (*link == "input") ++f.readers;
    if (!input && !output) f.silent_writers.push_back(j);  // none, checkpoint
    if (input) {
      job.inputs.push_back(it->second);
      f.consumers.push_back(j);
    }
    if (output) {
      job.outputs.push_back(it->second);
      f.producers.push_back(j);
    }
  }

  void read_child() {
    using Event = XmlTokenizer::Event;
    const std::uint32_t line = xml_.line();
    const std::string* ref = xml_.attribute("ref");
    if (ref == nullptr) fail(line, "<child> has no ref attribute");
    const std::string child = *ref;
    for (Event e = xml_.next(); e != Event::kEnd; e = xml_.next()) {
      if (e != Event::kStart) continue;
      if (xml_.name() == "parent") {
        const std::string* parent = xml_.attribute("ref");
        if (parent == nullptr) fail(xml_.line(), "<parent> has no ref attribute");
        controls_.push_back({*parent, child, xml_.line(), line});
      }
      xml_.skip_element();
    }
  }

  std::uint32_t job_of(const std::string& id, std::uint32_t line, const std::string& what) const {
    const auto it = job_index_.find(id);
    if (it == job_index_.end()) fail(line, what + ": no job has id '" + id + "'");
    return it->second;
  }

  TaskGraph build() {
    std::vector<std::uint64_t> pairs;
    pairs.reserve(controls_.size());
    for (const Control& c : controls_) {
      const std::uint32_t to = job_of(c.child, c.child_line, "<child ref=\"" + c.child + "\">");
      const std::uint32_t from = job_of(
          c.parent, c.parent_line, "<parent ref=\"" + c.parent + "\"> of child '" + c.child + "'");
      pairs.push_back(pair_key(from, to));
    }
    for (FileInfo& f : files_) {
      sort_unique(f.producers);
      sort_unique(f.consumers);
      refuse_two_readers_that_write(f);
      for (const std::uint32_t p : f.producers)
        for (const std::uint32_t c : f.consumers)
          if (p != c) pairs.push_back(pair_key(p, c));
    }
    sort_unique(pairs);

    TaskGraphBuilder builder(path_);
    builder.reserve(jobs_.size() + (root_end_ ? 2 : 0), pairs.size());
    // With root_end_, SimGrid's root first (task 0), the jobs, then end.
    const TaskId base = root_end_ ? 1 : 0;
    if (root_end_) {
      for (const Job& job : jobs_)
        if (job.id == "root" || job.id == "end")
          throw InputError(
              path_, job.line,
              "job id '" + job.id +
                  "' is the name of a task SimGrid's root and end "
                  "(--root-end) add: give the job another id, or leave root and end out");
      builder.set_type(builder.intern_task("root", 0.0), "root");
    }
    for (const Job& job : jobs_)
      builder.set_type(builder.intern_task(job.id, job.runtime * speed_, job.line), job.type);
    for (const std::uint64_t key : pairs) {
      const auto from = static_cast<TaskId>(key >> 32);
      const auto to = static_cast<TaskId>(key & 0xFFFFFFFFu);
      detail::add_file_edges(builder, base + from, base + to, jobs_[from].outputs, jobs_[to].inputs,
                             [&](std::uint32_t f) { return files_[f].size; });
    }
    if (root_end_) add_root_and_end(builder, pairs);
    return builder.build();
  }

  // SimGrid's create_DAG_from_DAX: the files no job writes come from `root` to each job reading
  // them, the files no job reads go from each job writing them to `end` (one edge per file and
  // job, as SimGrid's one transfer each; as SimGrid, an inout use counts as a write only
  // there, and none and checkpoint as writes). Jobs without a predecessor follow root, jobs
  // without a successor precede end (0 bytes when no file of data goes with it): root starts
  // the workflow and end ends it.
  void add_root_and_end(TaskGraphBuilder& builder, const std::vector<std::uint64_t>& pairs) {
    const auto n = static_cast<std::uint32_t>(jobs_.size());
    std::vector<char> has_pred(n, 0), has_succ(n, 0);
    for (const std::uint64_t key : pairs) {
      has_succ[key >> 32] = 1;
      has_pred[key & 0xFFFFFFFFu] = 1;
    }
    // (job, file) keys of the files staged in from root and out to end, with data only. As
    // SimGrid reads links (is_input = link == input): a file that no link but input uses
    // comes from root, a file that no link input uses goes to end from every other user (an
    // inout job's file that no other job reads goes to end; each job once).
    std::vector<std::uint64_t> staged_in, staged_out;
    for (std::uint32_t i = 0; i < files_.size(); ++i) {
      const FileInfo& f = files_[i];
      if (f.size <= 0) continue;
      if (f.producers.empty() && f.silent_writers.empty())
        for (const std::uint32_t c : f.consumers) staged_in.push_back(pair_key(c, i));
      if (f.readers == 0) {
        for (const std::uint32_t p : f.producers) staged_out.push_back(pair_key(p, i));
        for (const std::uint32_t p : f.silent_writers) staged_out.push_back(pair_key(p, i));
      }
    }
    sort_unique(staged_in);  // by job, then file
    sort_unique(staged_out);
    const TaskId root = 0, end = n + 1;
    builder.set_type(builder.intern_task("end", 0.0), "end");
    auto add_staged = [&](const std::vector<std::uint64_t>& staged, const std::vector<char>& linked,
                          bool from_root) {
      auto next = staged.begin();
      for (std::uint32_t j = 0; j < n; ++j) {
        const TaskId from = from_root ? root : 1 + j, to = from_root ? 1 + j : end;
        bool any = false;
        for (; next != staged.end() && (*next >> 32) == j; ++next) {
          builder.add_edge(from, to, files_[*next & 0xFFFFFFFFu].size);
          any = true;
        }
        if (!any && !linked[j]) builder.add_edge(from, to, 0.0);
      }
    };
    add_staged(staged_in, has_pred, true);
    add_staged(staged_out, has_succ, false);
  }

  struct FileInfo {
    std::string name;
    double size = 0;
    bool has_size = false;
    std::vector<std::uint32_t> producers;  // job indices
    std::vector<std::uint32_t> consumers;
    // For SimGrid's root and end, whose loader counts every link but input as an output:
    // the uses with link input, and the jobs with link none or checkpoint.
    std::uint32_t readers = 0;
    std::vector<std::uint32_t> silent_writers;
  };

  // Two jobs that both read and write a file depend on each other: a cycle, refused here
  // rather than after making an edge for each writer and reader of the file (n inout jobs of
  // one file are n^2 edges: 3000 took 8 s and 250 MB to be refused by the cycle check).
  void refuse_two_readers_that_write(const FileInfo& f) const {
    std::uint32_t both[2];
    std::size_t found = 0;
    auto a = f.producers.begin();
    auto b = f.consumers.begin();
    while (found < 2 && a != f.producers.end() && b != f.consumers.end()) {
      if (*a < *b) {
        ++a;
      } else if (*b < *a) {
        ++b;
      } else {
        both[found++] = *a;
        ++a;
        ++b;
      }
    }
    if (found < 2) return;
    const Job& x = jobs_[both[0]];
    const Job& y = jobs_[both[1]];
    throw CycleError(path_, x.line,
                     "the graph has a cycle through task '" + x.id + "': '" + x.id + "' -> '" +
                         y.id + "' -> '" + x.id + "' (both read and write file '" + f.name + "')",
                     x.id);
  }

  XmlTokenizer xml_;
  const std::string& path_;
  double speed_;
  bool root_end_;
  std::vector<Job> jobs_;
  std::unordered_map<std::string, std::uint32_t> job_index_;
  std::vector<FileInfo> files_;
  std::unordered_map<std::string, std::uint32_t> file_index_;
  std::vector<Control> controls_;
};

}  // namespace

TaskGraph read_dax_file(const std::string& path, double reference_speed, bool root_end) {
  if (!std::isfinite(reference_speed) || reference_speed <= 0)
    throw InputError(path, 0,
                     "reference speed must be a positive finite number of flop/s, got " +
                         std::to_string(reference_speed));
  const std::string text = read_input_text(path);
  return DaxParser(text, path, reference_speed, root_end).parse();
}

}  // namespace pelsim::models
