// WfCommons (WfFormat JSON) reader: parses the file with nlohmann-json's SAX interface into
// compact task, file and execution records, joins the specification and execution records of
// each task, and derives edge sizes from the files a parent writes and its child reads. See
// wfcommons_reader.hpp for the accepted layouts and the semantics.
//
// Performance notes: the file is streamed through a 64 KiB buffer, never held whole, and no
// JSON document is built: the SAX handler (RecordCollector) keeps only the members the reader
// uses, every string interned once (a task's parents, children and files become vectors of
// 32-bit ids). A 4 MB trace thus touches well under 1 MB of fresh memory, which matters on
// machines where a page fault costs several microseconds. The values that make up most of a
// trace (task commands and their arguments, measurements) are scanned and dropped; of the
// machines only the nodeName and the cpu speed are kept.
// The text is read again only to place an error message.
#include "pelsim/models/wfcommons_reader.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "input_file.hpp"
#include "pelsim/models/error.hpp"
#include "pelsim/models/json_text.hpp"
#include "shared_files.hpp"

namespace pelsim::models {
namespace {

using Json = nlohmann::json;

constexpr double kDefaultReferenceSpeed = 1e9;
constexpr std::uint32_t kNone = 0xFFFFFFFFu;
constexpr std::uint32_t kAmbiguous = 0xFFFFFFFEu;
constexpr double kNotAMachine = -1;

// The shortest text that reads back as v ("-1", "0.5").
std::string number_text(double v) {
  char buffer[32];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
  return ec == std::errc() ? std::string(buffer, end) : std::to_string(v);
}

// ---------------------------------------------------------------------------------------------
// Records

// The JSON type of a value, for "found <type>" in messages (nlohmann's type names).
enum class Type : std::uint8_t { kNull, kBoolean, kNumber, kString, kObject, kArray };

const char* type_name(Type t) {
  switch (t) {
    case Type::kNull:
      return "null";
    case Type::kBoolean:
      return "boolean";
    case Type::kNumber:
      return "number";
    case Type::kString:
      return "string";
    case Type::kObject:
      return "object";
    case Type::kArray:
      return "array";
  }
  return "value";
}

// A member expected to be a string: its interned id, or the type it had instead.
struct StringMember {
  std::uint32_t value = kNone;
  std::optional<Type> type;  // absent when the member is
  bool present() const { return type.has_value(); }
  bool ok() const { return type == Type::kString; }
};

// A member expected to be a number.
struct NumberMember {
  double value = 0;
  std::optional<Type> type;
  bool present() const { return type.has_value(); }
  bool ok() const { return type == Type::kNumber; }
};

// A member expected to be an array of strings (absent or null = empty).
struct ListMember {
  std::vector<std::uint32_t> items;  // interned ids
  std::optional<Type> not_array;     // the type it had instead of array
  std::optional<Type> bad_item;      // the type of its first element that is not a string
};

// A file entry of an old-layout task: {link, name | id, sizeInBytes | size}.
struct InlineFileRecord {
  std::optional<Type> not_object;
  StringMember link;
  StringMember name;
  StringMember id;
  NumberMember size_in_bytes;
  NumberMember size;
};

// A task of workflow.specification.tasks (1.5) or workflow.tasks / workflow.jobs (older).
struct TaskRecord {
  std::uint64_t at = 0;  // bytes read when the element started: where it is (for errors)
  std::optional<Type> not_object;
  StringMember id;
  StringMember name;
  StringMember category;
  ListMember parents;
  ListMember children;
  ListMember input_files;
  ListMember output_files;
  NumberMember runtime_in_seconds;
  NumberMember runtime;
  StringMember machine;  // 1.3 / 1.4: the nodeName of the machine it ran on
  StringMember program;  // 1.3 / 1.4: command.program, the executable it ran
  std::optional<Type> files_not_array;
  std::vector<InlineFileRecord> files;
};

// An entry of workflow.specification.files.
struct FileRecord {
  std::uint64_t at = 0;
  std::optional<Type> not_object;
  StringMember id;
  NumberMember size;
};

// An entry of workflow.execution.tasks.
struct ExecRecord {
  std::uint64_t at = 0;
  std::optional<Type> not_object;
  StringMember id;
  NumberMember runtime;
  ListMember machines;  // nodeNames of the machines it ran on
  StringMember program;  // command.program, the executable it ran
};

// An entry of workflow.execution.machines (1.5) or workflow.machines (1.3, 1.4):
// {nodeName, cpu: {speedInMHz (1.5) | speed (MHz, older), ...}}.
struct MachineRecord {
  std::uint64_t at = 0;
  std::optional<Type> not_object;
  StringMember node_name;
  std::optional<Type> cpu;  // type of its cpu member
  NumberMember speed_in_mhz;
  NumberMember speed;
};

// The member names the reader uses; every other member is skipped.
enum class Key : std::uint8_t {
  kOther,
  kWorkflow,
  kSpecification,
  kExecution,
  kTasks,
  kJobs,
  kFiles,
  kId,
  kName,
  kCategory,
  kParents,
  kChildren,
  kInputFiles,
  kOutputFiles,
  kRuntimeInSeconds,
  kRuntime,
  kSizeInBytes,
  kSize,
  kLink,
  kMachines,
  kMachine,
  kNodeName,
  kCpu,
  kSpeedInMHz,
  kSpeed,
  kCommand,
  kProgram
};

Key classify(const std::string& k) {
  switch (k.size()) {
    case 2:
      return k == "id" ? Key::kId : Key::kOther;
    case 3:
      return k == "cpu" ? Key::kCpu : Key::kOther;
    case 4:
      if (k == "name") return Key::kName;
      if (k == "jobs") return Key::kJobs;
      if (k == "link") return Key::kLink;
      if (k == "size") return Key::kSize;
      return Key::kOther;
    case 5:
      if (k == "tasks") return Key::kTasks;
      if (k == "files") return Key::kFiles;
      if (k == "speed") return Key::kSpeed;
      return Key::kOther;
    case 7:
      if (k == "parents") return Key::kParents;
      if (k == "runtime") return Key::kRuntime;
      if (k == "machine") return Key::kMachine;
      if (k == "command") return Key::kCommand;
      if (k == "program") return Key::kProgram;
      return Key::kOther;
    case 8:
      if (k == "workflow") return Key::kWorkflow;
      if (k == "children") return Key::kChildren;
      if (k == "category") return Key::kCategory;
      if (k == "machines") return Key::kMachines;
      if (k == "nodeName") return Key::kNodeName;
      return Key::kOther;
    case 9:
      return k == "execution" ? Key::kExecution : Key::kOther;
    case 10:
      if (k == "inputFiles") return Key::kInputFiles;
      if (k == "speedInMHz") return Key::kSpeedInMHz;
      return Key::kOther;
    case 11:
      if (k == "outputFiles") return Key::kOutputFiles;
      if (k == "sizeInBytes") return Key::kSizeInBytes;
      return Key::kOther;
    case 13:
      return k == "specification" ? Key::kSpecification : Key::kOther;
    case 16:
      return k == "runtimeInSeconds" ? Key::kRuntimeInSeconds : Key::kOther;
    default:
      return Key::kOther;
  }
}

// Everything the reader keeps of a WfCommons file.
struct Collected {
  std::vector<const std::string*> strings;  // interned strings by id (keys of `interned`)
  std::unordered_map<std::string, std::uint32_t> interned;

  std::optional<Type> root;           // type of the top-level value
  std::optional<Type> workflow;       // type of root.workflow (absent = no such member)
  std::optional<Type> specification;  // ... of workflow.specification
  std::optional<Type> spec_tasks;
  std::optional<Type> spec_files;
  std::optional<Type> execution;
  std::optional<Type> exec_tasks;
  std::optional<Type> old_tasks;      // workflow.tasks
  std::optional<Type> old_jobs;       // workflow.jobs
  std::optional<Type> exec_machines;  // workflow.execution.machines
  std::optional<Type> old_machines;   // workflow.machines

  std::vector<TaskRecord> tasks;  // specification.tasks
  std::vector<FileRecord> files;
  std::vector<ExecRecord> exec;
  std::vector<TaskRecord> tasks_inline;     // workflow.tasks
  std::vector<TaskRecord> jobs_inline;      // workflow.jobs
  std::vector<MachineRecord> machines;      // workflow.execution.machines
  std::vector<MachineRecord> machines_old;  // workflow.machines

  std::uint32_t intern(const std::string& s) {
    const auto [it, added] = interned.try_emplace(s, static_cast<std::uint32_t>(strings.size()));
    if (added) strings.push_back(&it->first);
    return it->second;
  }
  const std::string& str(std::uint32_t id) const { return *strings[id]; }
};

// The bytes of the file for nlohmann's parser, through a 64 KiB buffer. offset() is the count
// of bytes handed out so far. The parser reports a value to the SAX handler right after its
// last byte ('{', '[', a string's closing quote, a literal's last letter) or, for a number,
// after the byte that ends it, so the byte before offset() is where the value ends: for an
// object or an array, where it starts. Only an error message turns that into a line.
class CountingSource {
 public:
  explicit CountingSource(std::FILE* file) : file_(file), buffer_(std::size_t{1} << 16) {}

  std::uint64_t offset() const { return consumed_ + pos_; }

  // An input iterator over the source; a default-constructed one is the end.
  class Iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = char;
    using difference_type = std::ptrdiff_t;
    using pointer = const char*;
    using reference = const char&;

    Iterator() = default;
    explicit Iterator(CountingSource* source) : source_(source) {
      if (!source_->refill()) source_ = nullptr;
    }
    const char& operator*() const { return source_->buffer_[source_->pos_]; }
    Iterator& operator++() {
      if (++source_->pos_ == source_->end_ && !source_->refill()) source_ = nullptr;
      return *this;
    }
    bool operator==(const Iterator& o) const { return source_ == o.source_; }
    bool operator!=(const Iterator& o) const { return source_ != o.source_; }

   private:
    CountingSource* source_ = nullptr;
  };

  bool read_failed() const { return failed_; }

 private:
  // Every byte of the buffer has been handed out: reads the next ones; false at the end.
  bool refill() {
    if (eof_) return false;
    consumed_ += end_;
    end_ = std::fread(buffer_.data(), 1, buffer_.size(), file_);
    pos_ = 0;
    if (end_ < buffer_.size()) {
      eof_ = true;
      failed_ = std::ferror(file_) != 0;
    }
    return end_ > 0;
  }

  std::FILE* file_;
  std::vector<char> buffer_;
  std::size_t pos_ = 0;
  std::size_t end_ = 0;
  std::uint64_t consumed_ = 0;  // bytes before the buffer's
  bool eof_ = false;
  bool failed_ = false;
};

// The SAX handler: routes each value by where it is (the stack of containers and the member
// key) into a Collected, skipping whatever the reader does not use. On a syntax error it keeps
// nlohmann's byte position and message.
class RecordCollector final : public nlohmann::json_sax<Json> {
 public:
  RecordCollector(Collected& out, const CountingSource& source) : out_(out), source_(source) {}

  std::size_t error_byte = 0;
  std::string error_message;

  bool null() override { return scalar(Type::kNull, nullptr, 0); }
  bool boolean(bool /*v*/) override { return scalar(Type::kBoolean, nullptr, 0); }
  bool number_integer(number_integer_t v) override {
    return scalar(Type::kNumber, nullptr, static_cast<double>(v));
  }
  bool number_unsigned(number_unsigned_t v) override {
    return scalar(Type::kNumber, nullptr, static_cast<double>(v));
  }
  bool number_float(number_float_t v, const string_t& /*text*/) override {
    return scalar(Type::kNumber, nullptr, v);
  }
  bool string(string_t& v) override { return scalar(Type::kString, &v, 0); }
  bool binary(binary_t& /*v*/) override { return scalar(Type::kNull, nullptr, 0); }

  bool start_object(std::size_t /*elements*/) override { return open(Type::kObject); }
  bool start_array(std::size_t /*elements*/) override { return open(Type::kArray); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }

  bool key(string_t& k) override {
    if (skip_ == 0) key_ = classify(k);
    return true;
  }

  bool parse_error(std::size_t position, const std::string& /*last_token*/,
                   const nlohmann::detail::exception& ex) override {
    error_byte = position;
    error_message = ex.what();
    return false;
  }

 private:
  // What a container is, for the values inside it.
  enum class Ctx : std::uint8_t {
    kRoot,
    kWorkflow,
    kSpec,
    kSpecTasks,
    kSpecFiles,
    kExec,
    kExecTasks,
    kInlineTasks,  // workflow.tasks
    kInlineJobs,   // workflow.jobs
    kTask,         // an element of one of the three task arrays: task_ is its record
    kSpecFile,
    kExecTask,
    kExecCommand,  // an execution task's command object
    kTaskCommand,  // a 1.3 / 1.4 task's command object
    kInlineFiles,  // a task's files array
    kInlineFile,
    kExecMachines,  // workflow.execution.machines
    kOldMachines,   // workflow.machines
    kMachine,       // an element of one of the two: machine_ is its record
    kMachineCpu,    // its cpu object
    kList,          // an array of strings: list_ is its record
    kOther          // a container the reader does not use
  };

  bool scalar(Type type, const std::string* s, double number) {
    if (skip_ == 0) value(type, s, number);
    return true;
  }

  bool open(Type type) {
    if (skip_ > 0) {
      ++skip_;
      return true;
    }
    const Ctx ctx = value(type, nullptr, 0);
    if (ctx == Ctx::kOther) {
      skip_ = 1;
    } else {
      stack_.push_back(ctx);
    }
    return true;
  }

  bool close() {
    if (skip_ > 0) {
      --skip_;
      return true;
    }
    stack_.pop_back();
    return true;
  }

  static void set(StringMember& m, Collected& out, Type type, const std::string* s) {
    m.type = type;
    m.value = s != nullptr ? out.intern(*s) : kNone;
  }
  static void set(NumberMember& m, Type type, double number) {
    m.type = type;
    m.value = number;
  }
  // A list member: returns kList (and aims list_ at it) for an array.
  Ctx set(ListMember& m, Type type) {
    m = ListMember{};
    if (type == Type::kNull) return Ctx::kOther;
    if (type != Type::kArray) {
      m.not_array = type;
      return Ctx::kOther;
    }
    list_ = &m;
    return Ctx::kList;
  }

  // A value (a scalar, or a container about to be opened: the context to push, kOther to skip
  // it) at the current place.
  Ctx value(Type type, const std::string* s, double number) {
    const bool object = type == Type::kObject;
    const bool array = type == Type::kArray;
    if (stack_.empty()) {
      out_.root = type;
      return object ? Ctx::kRoot : Ctx::kOther;
    }
    switch (stack_.back()) {
      case Ctx::kRoot:
        if (key_ != Key::kWorkflow) return Ctx::kOther;
        out_.workflow = type;
        return object ? Ctx::kWorkflow : Ctx::kOther;
      case Ctx::kWorkflow:
        switch (key_) {
          case Key::kSpecification:
            out_.specification = type;
            return object ? Ctx::kSpec : Ctx::kOther;
          case Key::kExecution:
            out_.execution = type;
            return object ? Ctx::kExec : Ctx::kOther;
          case Key::kTasks:
            out_.old_tasks = type;
            out_.tasks_inline.clear();
            return array ? Ctx::kInlineTasks : Ctx::kOther;
          case Key::kJobs:
            out_.old_jobs = type;
            out_.jobs_inline.clear();
            return array ? Ctx::kInlineJobs : Ctx::kOther;
          case Key::kMachines:
            out_.old_machines = type;
            out_.machines_old.clear();
            return array ? Ctx::kOldMachines : Ctx::kOther;
          default:
            return Ctx::kOther;
        }
      case Ctx::kSpec:
        if (key_ == Key::kTasks) {
          out_.spec_tasks = type;
          out_.tasks.clear();
          return array ? Ctx::kSpecTasks : Ctx::kOther;
        }
        if (key_ == Key::kFiles) {
          out_.spec_files = type;
          out_.files.clear();
          return array ? Ctx::kSpecFiles : Ctx::kOther;
        }
        return Ctx::kOther;
      case Ctx::kExec:
        if (key_ == Key::kMachines) {
          out_.exec_machines = type;
          out_.machines.clear();
          return array ? Ctx::kExecMachines : Ctx::kOther;
        }
        if (key_ != Key::kTasks) return Ctx::kOther;
        out_.exec_tasks = type;
        out_.exec.clear();
        return array ? Ctx::kExecTasks : Ctx::kOther;
      case Ctx::kSpecTasks:
      case Ctx::kInlineTasks:
      case Ctx::kInlineJobs: {
        auto& v = stack_.back() == Ctx::kSpecTasks     ? out_.tasks
                  : stack_.back() == Ctx::kInlineTasks ? out_.tasks_inline
                                                       : out_.jobs_inline;
        task_ = &v.emplace_back();
        task_->at = source_.offset();
        if (!object) task_->not_object = type;
        return object ? Ctx::kTask : Ctx::kOther;
      }
      case Ctx::kSpecFiles: {
        FileRecord& f = out_.files.emplace_back();
        f.at = source_.offset();
        if (!object) f.not_object = type;
        return object ? Ctx::kSpecFile : Ctx::kOther;
      }
      case Ctx::kExecTasks: {
        ExecRecord& r = out_.exec.emplace_back();
        r.at = source_.offset();
        if (!object) r.not_object = type;
        return object ? Ctx::kExecTask : Ctx::kOther;
      }
      case Ctx::kTask:
        return task_member(*task_, type, s, number);
      case Ctx::kSpecFile: {
        FileRecord& f = out_.files.back();
        if (key_ == Key::kId) set(f.id, out_, type, s);
        if (key_ == Key::kSizeInBytes) set(f.size, type, number);
        return Ctx::kOther;
      }
      case Ctx::kExecTask: {
        ExecRecord& r = out_.exec.back();
        if (key_ == Key::kId) set(r.id, out_, type, s);
        if (key_ == Key::kRuntimeInSeconds) set(r.runtime, type, number);
        if (key_ == Key::kMachines) return set(r.machines, type);
        if (key_ == Key::kCommand && object) return Ctx::kExecCommand;
        return Ctx::kOther;
      }
      case Ctx::kExecCommand:
        if (key_ == Key::kProgram) set(out_.exec.back().program, out_, type, s);
        return Ctx::kOther;
      case Ctx::kTaskCommand:
        if (key_ == Key::kProgram) set(task_->program, out_, type, s);
        return Ctx::kOther;
      case Ctx::kExecMachines:
      case Ctx::kOldMachines: {
        auto& v = stack_.back() == Ctx::kExecMachines ? out_.machines : out_.machines_old;
        machine_ = &v.emplace_back();
        machine_->at = source_.offset();
        if (!object) machine_->not_object = type;
        return object ? Ctx::kMachine : Ctx::kOther;
      }
      case Ctx::kMachine:
        if (key_ == Key::kNodeName) set(machine_->node_name, out_, type, s);
        if (key_ != Key::kCpu) return Ctx::kOther;
        machine_->cpu = type;
        return object ? Ctx::kMachineCpu : Ctx::kOther;
      case Ctx::kMachineCpu:
        if (key_ == Key::kSpeedInMHz) set(machine_->speed_in_mhz, type, number);
        if (key_ == Key::kSpeed) set(machine_->speed, type, number);
        return Ctx::kOther;
      case Ctx::kInlineFiles: {
        InlineFileRecord& f = task_->files.emplace_back();
        if (!object) f.not_object = type;
        return object ? Ctx::kInlineFile : Ctx::kOther;
      }
      case Ctx::kInlineFile: {
        InlineFileRecord& f = task_->files.back();
        switch (key_) {
          case Key::kLink:
            set(f.link, out_, type, s);
            break;
          case Key::kName:
            set(f.name, out_, type, s);
            break;
          case Key::kId:
            set(f.id, out_, type, s);
            break;
          case Key::kSizeInBytes:
            set(f.size_in_bytes, type, number);
            break;
          case Key::kSize:
            set(f.size, type, number);
            break;
          default:
            break;
        }
        return Ctx::kOther;
      }
      case Ctx::kList:
        if (type == Type::kString) {
          list_->items.push_back(out_.intern(*s));
        } else if (!list_->bad_item) {
          list_->bad_item = type;
        }
        return Ctx::kOther;
      case Ctx::kOther:
        break;
    }
    return Ctx::kOther;
  }

  Ctx task_member(TaskRecord& t, Type type, const std::string* s, double number) {
    switch (key_) {
      case Key::kId:
        set(t.id, out_, type, s);
        return Ctx::kOther;
      case Key::kName:
        set(t.name, out_, type, s);
        return Ctx::kOther;
      case Key::kCategory:
        set(t.category, out_, type, s);
        return Ctx::kOther;
      case Key::kParents:
        return set(t.parents, type);
      case Key::kChildren:
        return set(t.children, type);
      case Key::kInputFiles:
        return set(t.input_files, type);
      case Key::kOutputFiles:
        return set(t.output_files, type);
      case Key::kRuntimeInSeconds:
        set(t.runtime_in_seconds, type, number);
        return Ctx::kOther;
      case Key::kRuntime:
        set(t.runtime, type, number);
        return Ctx::kOther;
      case Key::kMachine:
        set(t.machine, out_, type, s);
        return Ctx::kOther;
      case Key::kCommand:
        return type == Type::kObject ? Ctx::kTaskCommand : Ctx::kOther;
      case Key::kFiles:
        t.files.clear();
        t.files_not_array.reset();
        if (type == Type::kArray) return Ctx::kInlineFiles;
        if (type != Type::kNull) t.files_not_array = type;
        return Ctx::kOther;
      default:
        return Ctx::kOther;
    }
  }

  Collected& out_;
  const CountingSource& source_;
  std::vector<Ctx> stack_;
  Key key_ = Key::kOther;  // the member whose value comes next, in an object
  std::size_t skip_ = 0;   // depth inside a skipped container
  TaskRecord* task_ = nullptr;
  MachineRecord* machine_ = nullptr;
  ListMember* list_ = nullptr;
};

// ---------------------------------------------------------------------------------------------
// Validation and graph

// One task as it goes into the graph.
struct Task {
  std::uint32_t name = kNone;  // interned
  std::string type;            // its category, else its program, else its name's stem
  bool typed_by_category = false;
  const ListMember* parents = nullptr;
  const ListMember* children = nullptr;
  std::vector<std::uint32_t> inputs;   // file indices, sorted, unique
  std::vector<std::uint32_t> outputs;  // file indices, sorted, unique
  double runtime = 0;
  bool has_runtime = false;
  double speed = 0;  // flop/s of the (first) machine it ran on; 0 = not recorded
};

void sort_unique(std::vector<std::uint32_t>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

class WfReader {
 public:
  WfReader(const std::string& path, double stated_speed, std::vector<double>* task_speeds)
      : path_(path), stated_speed_(stated_speed), task_speeds_(task_speeds) {}

  TaskGraph read() {
    parse();
    const Collected& c = c_;
    task_of_id_.assign(c.strings.size(), kNone);
    task_of_name_.assign(c.strings.size(), kNone);
    file_of_string_.assign(c.strings.size(), kNone);
    machine_speed_.assign(c.strings.size(), kNotAMachine);
    if (c.root != Type::kObject) fail(1, "expected a JSON object at the top level");
    if (!c.workflow) fail(0, "no 'workflow' object: not a WfCommons instance");
    expect_type(c.workflow, Type::kObject, "'workflow' must be an object");
    if (c.specification) {
      read_v15();
    } else {
      read_inline();
    }
    return build();
  }

 private:
  [[noreturn]] void fail(std::uint32_t line, const std::string& reason) const {
    throw InputError(path_, line, reason);
  }
  // At the line of the byte before `offset` (a CountingSource::offset()).
  [[noreturn]] void fail_at(std::uint64_t offset, const std::string& reason) const {
    fail(offset == 0 ? 0 : line_at(text(), static_cast<std::size_t>(offset - 1)), reason);
  }

  // Fails with "<what> (found <type>)" when a present member is not of type `want`.
  void expect_type(const std::optional<Type>& type, Type want, const std::string& what) const {
    if (type && *type != want) fail(0, what + " (found " + type_name(*type) + ")");
  }

  // The file's text, read on the first call (only error messages need it); empty when the
  // file is not a regular file (a pipe, read once already: its errors have no line).
  const std::string& text() const {
    if (!have_text_) {
      std::error_code ec;
      if (std::filesystem::is_regular_file(path_, ec)) text_ = read_input_text(path_);
      have_text_ = true;
    }
    return text_;
  }

  // An error about task `id`, placed at its `"id": "..."` (or `"name"`) member after `section`.
  [[noreturn]] void fail_task(const std::string& id, const std::string& reason,
                              std::string_view section) const {
    std::uint32_t line = find_member_line(text(), section, "id", id);
    if (line == 0) line = find_member_line(text(), section, "name", id);
    fail(line, "task '" + id + "': " + reason);
  }

  // An error about file `id` of workflow.specification.files, placed at its id.
  [[noreturn]] void fail_file(const std::string& id, const std::string& reason) const {
    fail(find_member_line(text(), "specification", "id", id), "file '" + id + "': " + reason);
  }

  void parse() {
    // Streamed through a 64 KiB buffer: holding a 4 MB file whole costs more in page faults
    // of fresh memory than parsing it.
    const InputFile file = open_input(path_);
    CountingSource source(file.get());
    RecordCollector collector(c_, source);
    bool ok = false;
    try {
      ok = Json::sax_parse(CountingSource::Iterator(&source), CountingSource::Iterator(),
                           &collector);
    } catch (const Json::exception& e) {
      fail(0, std::string("invalid JSON: ") + e.what());
    }
    if (source.read_failed()) fail(0, std::string("read error: ") + std::strerror(errno));
    if (!ok) {
      // nlohmann reports the byte count read up to the error; its message reads
      // "[json.exception.parse_error.N] parse error at line L, column C: what went wrong".
      std::string what = collector.error_message;
      const std::size_t at = what.find("parse error");
      const std::size_t colon = at == std::string::npos ? at : what.find(": ", at);
      if (colon != std::string::npos) what = what.substr(colon + 2);
      const std::size_t byte = collector.error_byte == 0 ? 0 : collector.error_byte - 1;
      fail(line_at(text(), byte), "JSON syntax error: " + what);
    }
  }

  // A non-negative number member of a task, or an error naming the task.
  double task_number(const NumberMember& m, const std::string& id, const char* key,
                     std::string_view section) const {
    if (!m.ok())
      fail_task(id, std::string(key) + " must be a number (found " + type_name(*m.type) + ")",
                section);
    if (!std::isfinite(m.value) || m.value < 0)
      fail_task(id, std::string(key) + " must be >= 0 (found " + number_text(m.value) + ")",
                section);
    return m.value;
  }

  void check_list(const ListMember& list, const char* key, const std::string& id,
                  std::string_view section) const {
    if (list.not_array)
      fail_task(id,
                std::string(key) + " must be an array (found " + type_name(*list.not_array) + ")",
                section);
    if (list.bad_item)
      fail_task(id,
                std::string(key) + " must hold strings (found " + type_name(*list.bad_item) + ")",
                section);
  }

  // Appends task number `index` of array `where` to tasks_, named by its id (else its name),
  // and registers its id and name for parent/child lookups.
  void add_task(const TaskRecord& r, std::size_t index, const std::string& where,
                std::string_view section) {
    auto at = [&] { return where + "[" + std::to_string(index) + "]"; };
    if (r.not_object)
      fail_at(r.at, at() + " must be an object (found " + type_name(*r.not_object) + ")");
    if (r.id.present() && !r.id.ok())
      fail_at(r.at, at() + ": id must be a string (found " + type_name(*r.id.type) + ")");
    if (r.name.present() && !r.name.ok()) {
      if (r.id.present())
        fail_task(c_.str(r.id.value),
                  std::string("name must be a string (found ") + type_name(*r.name.type) + ")",
                  section);
      fail_at(r.at, at() + ": name must be a string (found " + type_name(*r.name.type) + ")");
    }
    if (!r.id.present() && !r.name.present()) fail_at(r.at, at() + " has no id (nor name)");
    const std::uint32_t key = r.id.present() ? r.id.value : r.name.value;
    const std::string& name = c_.str(key);
    if (name.empty()) fail_at(r.at, at() + " has an empty id");
    const auto t = static_cast<std::uint32_t>(tasks_.size());
    if (task_of_id_[key] != kNone) fail_task(name, "is listed twice", "");
    task_of_id_[key] = t;
    if (r.name.present()) {
      std::uint32_t& slot = task_of_name_[r.name.value];
      slot = slot == kNone ? t : kAmbiguous;
    }
    check_list(r.parents, "parents", name, section);
    check_list(r.children, "children", name, section);
    Task task;
    task.name = key;
    if (r.category.present() && !r.category.ok())
      fail_task(
          name,
          std::string("category must be a string (found ") + type_name(*r.category.type) + ")",
          section);
    if (r.category.ok() && !c_.str(r.category.value).empty()) {
      task.type = c_.str(r.category.value);
      task.typed_by_category = true;
    } else if (const std::string program = program_type(r.program); !program.empty()) {
      task.type = program;
    } else {
      task.type = task_type_from_name(c_.str(r.name.present() ? r.name.value : key));
    }
    task.parents = &r.parents;
    task.children = &r.children;
    tasks_.push_back(std::move(task));
  }

  // The task type a command.program gives: the executable's name without its directory, when
  // the program is one word (some instances record a whole shell script there: not a type).
  std::string program_type(const StringMember& program) const {
    if (!program.ok()) return {};
    const std::string& p = c_.str(program.value);
    if (p.empty() || p.find_first_of(" \t\n\r") != std::string::npos) return {};
    const std::string base = p.substr(p.rfind('/') + 1);
    return base;
  }

  // ------------------------------------------------------------------------------------------
  // Schema 1.5: specification + execution

  void read_v15() {
    static constexpr std::string_view kSpec = "specification";
    static constexpr std::string_view kExec = "execution";
    const Collected& c = c_;
    expect_type(c.specification, Type::kObject, "'workflow.specification' must be an object");

    // Files: id -> index and size.
    expect_type(c.spec_files, Type::kArray, "'workflow.specification.files' must be an array");
    file_size_.reserve(c.files.size());
    for (std::size_t i = 0; i < c.files.size(); ++i) {
      const FileRecord& f = c.files[i];
      auto at = [i] { return "workflow.specification.files[" + std::to_string(i) + "]"; };
      if (f.not_object)
        fail_at(f.at, at() + " must be an object (found " + type_name(*f.not_object) + ")");
      if (!f.id.ok())
        fail_at(f.at, at() + ": id must be a string (found " +
                          (f.id.present() ? type_name(*f.id.type) : "nothing") + ")");
      const std::string& fid = c.str(f.id.value);
      if (!f.size.present()) fail_file(fid, "sizeInBytes is missing");
      if (!f.size.ok())
        fail_file(fid, std::string("sizeInBytes must be a number (found ") +
                           type_name(*f.size.type) + ")");
      if (!std::isfinite(f.size.value) || f.size.value < 0)
        fail_file(fid, "sizeInBytes must be >= 0 (found " + number_text(f.size.value) + ")");
      if (file_of_string_[f.id.value] != kNone)
        fail_file(fid, "is listed twice in workflow.specification.files");
      file_of_string_[f.id.value] = static_cast<std::uint32_t>(file_size_.size());
      file_size_.push_back(f.size.value);
    }

    if (!c.spec_tasks) fail(0, "no 'workflow.specification.tasks' array");
    task_section_ = kSpec;
    expect_type(c.spec_tasks, Type::kArray, "'workflow.specification.tasks' must be an array");
    tasks_.reserve(c.tasks.size());
    for (std::size_t i = 0; i < c.tasks.size(); ++i) {
      const TaskRecord& r = c.tasks[i];
      add_task(r, i, "workflow.specification.tasks", kSpec);
      Task& task = tasks_.back();
      task.inputs = file_list(r.input_files, "inputFiles", task.name);
      task.outputs = file_list(r.output_files, "outputFiles", task.name);
    }

    // Runtimes, joined on id.
    expect_type(c.execution, Type::kObject, "'workflow.execution' must be an object");
    read_machines(c.exec_machines, c.machines, "workflow.execution.machines");
    expect_type(c.exec_tasks, Type::kArray, "'workflow.execution.tasks' must be an array");
    for (std::size_t i = 0; i < c.exec.size(); ++i) {
      const ExecRecord& r = c.exec[i];
      auto at = [i] { return "workflow.execution.tasks[" + std::to_string(i) + "]"; };
      if (r.not_object)
        fail_at(r.at, at() + " must be an object (found " + type_name(*r.not_object) + ")");
      if (!r.id.ok())
        fail_at(r.at, at() + ": id must be a string (found " +
                          (r.id.present() ? type_name(*r.id.type) : "nothing") + ")");
      const std::string& tid = c.str(r.id.value);
      const std::uint32_t t = task_of_id_[r.id.value];
      if (t == kNone)
        fail(find_member_line(text(), kExec, "id", tid),
             "task '" + tid +
                 "' of workflow.execution.tasks is not in "
                 "workflow.specification.tasks");
      Task& task = tasks_[t];
      if (task.has_runtime) fail_task(tid, "has two records in workflow.execution.tasks", kExec);
      if (!r.runtime.present()) fail_task(tid, "runtimeInSeconds is missing", kExec);
      task.runtime = task_number(r.runtime, tid, "runtimeInSeconds", kExec);
      task.has_runtime = true;
      if (const std::string program = program_type(r.program);
          !program.empty() && !task.typed_by_category)
        task.type = program;
      check_list(r.machines, "machines", tid, kExec);
      for (std::size_t k = 0; k < r.machines.items.size(); ++k) {
        const double speed =
            machine_speed(r.machines.items[k], tid, "workflow.execution.machines", kExec);
        if (k == 0) task.speed = speed;
      }
    }
    for (const Task& task : tasks_) {
      if (!task.has_runtime)
        fail_task(c.str(task.name), "no runtimeInSeconds (no record in workflow.execution.tasks)",
                  kSpec);
    }
    resolve_edges(/*refs_are_names=*/false, kSpec);
  }

  // A 1.5 task's inputFiles / outputFiles as file indices.
  std::vector<std::uint32_t> file_list(const ListMember& list, const char* key,
                                       std::uint32_t task_name) const {
    const std::string& id = c_.str(task_name);
    check_list(list, key, id, "specification");
    std::vector<std::uint32_t> out;
    out.reserve(list.items.size());
    for (const std::uint32_t f : list.items) {
      const std::uint32_t index = file_of_string_[f];
      if (index == kNone)
        fail_task(id,
                  std::string(key) + " names file '" + c_.str(f) +
                      "', which is not in workflow.specification.files",
                  "specification");
      out.push_back(index);
    }
    sort_unique(out);
    return out;
  }

  // ------------------------------------------------------------------------------------------
  // Schemas 1.0 - 1.4: one task array with runtimes and files inline

  void read_inline() {
    const Collected& c = c_;
    const bool jobs = !c.old_tasks && c.old_jobs;
    if (!c.old_tasks && !c.old_jobs)
      fail(0,
           "no 'workflow.specification' (schema 1.5) nor 'workflow.tasks' (1.3, 1.4) nor "
           "'workflow.jobs' (up to 1.2)");
    const std::string where = jobs ? "workflow.jobs" : "workflow.tasks";
    task_section_ = "";
    expect_type(jobs ? c.old_jobs : c.old_tasks, Type::kArray, "'" + where + "' must be an array");
    const std::vector<TaskRecord>& records = jobs ? c.jobs_inline : c.tasks_inline;
    read_machines(c.old_machines, c.machines_old, "workflow.machines");
    tasks_.reserve(records.size());
    for (std::size_t i = 0; i < records.size(); ++i) {
      const TaskRecord& r = records[i];
      add_task(r, i, where, "");
      Task& task = tasks_.back();
      const std::string& id = c.str(task.name);
      const bool seconds = r.runtime_in_seconds.present();
      if (!seconds && !r.runtime.present()) {
        std::string reason = "runtimeInSeconds is missing";
        if (text().find("\"writtenBytes\"") != std::string::npos ||
            text().find("\"bytesWritten\"") != std::string::npos)  // SimGrid's transfer tasks
          reason +=
              " (this looks like SimGrid's own DAG JSON, whose transfer tasks carry writtenBytes "
              "and no runtime: read it with --format simgrid_json)";
        fail_task(id, reason, "");
      }
      task.runtime = task_number(seconds ? r.runtime_in_seconds : r.runtime, id,
                                 seconds ? "runtimeInSeconds" : "runtime", "");
      task.has_runtime = true;
      if (r.machine.present()) {
        if (!r.machine.ok())
          fail_task(
              id,
              std::string("machine must be a string (found ") + type_name(*r.machine.type) + ")",
              "");
        task.speed = machine_speed(r.machine.value, id, "workflow.machines", "");
      }
      inline_files(r, task, id);
    }
    resolve_edges(/*refs_are_names=*/true, "");
  }

  // The `files` list of an old-layout task: [{link, name|id, sizeInBytes|size}].
  void inline_files(const TaskRecord& r, Task& task, const std::string& id) {
    if (r.files_not_array)
      fail_task(id,
                std::string("files must be an array (found ") + type_name(*r.files_not_array) + ")",
                "");
    for (const InlineFileRecord& f : r.files) {
      if (f.not_object)
        fail_task(id,
                  std::string("files must hold objects (found ") + type_name(*f.not_object) + ")",
                  "");
      const StringMember& name = f.name.present() ? f.name : f.id;
      if (!name.ok()) fail_task(id, "a file has no name (a string)", "");
      const std::string& fname = c_.str(name.value);
      const std::string what = "file '" + fname + "': ";
      if (!f.link.ok()) fail_task(id, what + "link must be \"input\" or \"output\"", "");
      const std::string& direction = c_.str(f.link.value);
      if (direction != "input" && direction != "output")
        fail_task(id, what + "link must be \"input\" or \"output\" (found \"" + direction + "\")",
                  "");
      const bool in_bytes = f.size_in_bytes.present();
      if (!in_bytes && !f.size.present()) fail_task(id, what + "sizeInBytes is missing", "");
      const double bytes = task_number(in_bytes ? f.size_in_bytes : f.size, id,
                                       in_bytes ? "sizeInBytes" : "size", "");
      std::uint32_t& index = file_of_string_[name.value];
      if (index == kNone) {  // the first size given wins
        index = static_cast<std::uint32_t>(file_size_.size());
        file_size_.push_back(bytes);
      }
      (direction == "input" ? task.inputs : task.outputs).push_back(index);
    }
    sort_unique(task.inputs);
    sort_unique(task.outputs);
  }

  // ------------------------------------------------------------------------------------------
  // Machines and speeds

  // Registers the machines of `where` (workflow.execution.machines or workflow.machines) by
  // nodeName with their speed in flop/s (speedInMHz, or speed before 1.5, x 1e6: one cycle
  // counts as one flop; 0 when not recorded), and sets common_speed_.
  void read_machines(const std::optional<Type>& type, const std::vector<MachineRecord>& records,
                     const std::string& where) {
    expect_type(type, Type::kArray, "'" + where + "' must be an array");
    double common = -1;  // -1: no machine seen yet; 0: not one recorded speed for all
    for (std::size_t i = 0; i < records.size(); ++i) {
      const MachineRecord& m = records[i];
      auto at = [&] { return where + "[" + std::to_string(i) + "]"; };
      if (m.not_object)
        fail_at(m.at, at() + " must be an object (found " + type_name(*m.not_object) + ")");
      if (!m.node_name.ok())
        fail_at(m.at, at() + ": nodeName must be a string (found " +
                          (m.node_name.present() ? type_name(*m.node_name.type) : "nothing") + ")");
      const std::string& name = c_.str(m.node_name.value);
      // "machine 'x'" + what, at the machine's nodeName.
      auto fail_machine = [&](const std::string& what) {
        fail(find_member_line(text(), "", "nodeName", name), "machine '" + name + "'" + what);
      };
      if (machine_speed_[m.node_name.value] != kNotAMachine)
        fail_machine(" is listed twice in " + where);
      if (m.cpu && *m.cpu != Type::kObject && *m.cpu != Type::kNull)
        fail_machine(std::string(": cpu must be an object (found ") + type_name(*m.cpu) + ")");
      const bool in_mhz = m.speed_in_mhz.present();
      const NumberMember& mhz = in_mhz ? m.speed_in_mhz : m.speed;
      const char* key = in_mhz ? "speedInMHz" : "speed";
      double speed = 0;
      if (mhz.present() && mhz.type != Type::kNull) {
        if (!mhz.ok())
          fail_machine(std::string(": cpu.") + key + " must be a number (found " +
                       type_name(*mhz.type) + ")");
        if (!std::isfinite(mhz.value) || mhz.value < 0)
          fail_machine(std::string(": cpu.") + key + " must be >= 0 (found " +
                       number_text(mhz.value) + ")");
        speed = mhz.value * 1e6;
      }
      machine_speed_[m.node_name.value] = speed;
      common = common < 0 || common == speed ? speed : 0;
    }
    common_speed_ = std::max(common, 0.0);
  }

  // The speed of the machine named `ref` by task `id`, or an error when `where` has no such
  // machine.
  double machine_speed(std::uint32_t ref, const std::string& id, const char* where,
                       std::string_view section) const {
    const double speed = machine_speed_[ref];
    if (speed == kNotAMachine)
      fail_task(id, "machine '" + c_.str(ref) + "' is not in " + where, section);
    return speed;
  }

  // flop/s per second of a task's runtime: see the header.
  double speed_of(const Task& task) const {
    if (stated_speed_ > 0) return stated_speed_;
    if (task.speed > 0) return task.speed;
    if (common_speed_ > 0) return common_speed_;
    return kDefaultReferenceSpeed;
  }

  // ------------------------------------------------------------------------------------------
  // Edges and graph

  // The task a parent/child entry names: by id then name (1.5), or by name then id (older);
  // kNone when there is none, kAmbiguous when only a name several tasks share matches.
  std::uint32_t resolve(std::uint32_t ref, bool refs_are_names) const {
    const std::uint32_t by_id = task_of_id_[ref];
    const std::uint32_t by_name = task_of_name_[ref];
    const std::uint32_t first = refs_are_names ? by_name : by_id;
    const std::uint32_t second = refs_are_names ? by_id : by_name;
    if (first != kNone && first != kAmbiguous) return first;
    if (second != kNone && second != kAmbiguous) return second;
    return first == kAmbiguous || second == kAmbiguous ? kAmbiguous : kNone;
  }

  void resolve_edges(bool refs_are_names, std::string_view section) {
    pairs_.clear();
    for (std::uint32_t t = 0; t < tasks_.size(); ++t) {
      const Task& task = tasks_[t];
      for (const auto& [list, is_parent] :
           {std::pair{task.parents, true}, std::pair{task.children, false}}) {
        for (const std::uint32_t ref : list->items) {
          const std::uint32_t o = resolve(ref, refs_are_names);
          if (o == kNone || o == kAmbiguous)
            fail_task(c_.str(task.name),
                      std::string(is_parent ? "parent" : "child") + " '" + c_.str(ref) +
                          (o == kAmbiguous ? "' names several tasks" : "' is not a task"),
                      section);
          pairs_.push_back(is_parent ? (std::uint64_t{o} << 32 | t) : (std::uint64_t{t} << 32 | o));
        }
      }
    }
    std::sort(pairs_.begin(), pairs_.end());
    pairs_.erase(std::unique(pairs_.begin(), pairs_.end()), pairs_.end());
  }

  TaskGraph build() {
    TaskGraphBuilder builder(path_);
    builder.reserve(tasks_.size(), pairs_.size());
    if (task_speeds_ != nullptr) task_speeds_->clear();
    for (const Task& task : tasks_) {
      const double speed = speed_of(task);
      if (task_speeds_ != nullptr) task_speeds_->push_back(speed);
      builder.set_type(builder.intern_task(c_.str(task.name), task.runtime * speed), task.type);
    }
    for (const std::uint64_t key : pairs_) {
      const auto from = static_cast<TaskId>(key >> 32);
      const auto to = static_cast<TaskId>(key & 0xFFFFFFFFu);
      detail::add_file_edges(builder, from, to, tasks_[from].outputs, tasks_[to].inputs,
                             [&](std::uint32_t f) { return file_size_[f]; });
    }
    try {
      return builder.build();
    } catch (const CycleError& e) {  // the builder has no lines: the task's id gives one
      std::uint32_t line = find_member_line(text(), task_section_, "id", e.task());
      if (line == 0) line = find_member_line(text(), task_section_, "name", e.task());
      fail(line, e.reason());
    }
  }

  const std::string& path_;
  std::string_view task_section_;     // the member the task list follows (for find_member_line)
  double stated_speed_;               // > 0: overrides the recorded speeds
  std::vector<double>* task_speeds_;  // out: each task's speed, when not null
  double common_speed_ = 0;           // the speed every recorded machine has, 0 if none or several
  Collected c_;
  mutable std::string text_;  // the whole file, read only to place an error message
  mutable bool have_text_ = false;
  std::vector<Task> tasks_;
  std::vector<std::uint32_t> task_of_id_;      // interned string -> task (kNone)
  std::vector<std::uint32_t> task_of_name_;    // interned string -> task (kNone, kAmbiguous)
  std::vector<std::uint32_t> file_of_string_;  // interned string -> file index (kNone)
  std::vector<double> file_size_;
  std::vector<double> machine_speed_;  // interned string -> flop/s, 0, or kNotAMachine
  std::vector<std::uint64_t> pairs_;
};

}  // namespace

TaskGraph read_wfcommons_file(const std::string& path, const WfCommonsOptions& options) {
  if (!std::isfinite(options.reference_speed) || options.reference_speed < 0)
    throw InputError(path, 0,
                     "reference speed must be a finite number of flop/s >= 0 (0 = the recorded "
                     "machine's speed, else 1e9), got " +
                         std::to_string(options.reference_speed));
  return WfReader(path, options.reference_speed, options.task_speeds).read();
}

}  // namespace pelsim::models
