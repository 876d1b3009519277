#include "pelsim/models/schedule.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <deque>
#include <limits>
#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "digit_scan.hpp"
#include "input_file.hpp"
#include "pelsim/models/csv.hpp"
#include "pelsim/models/error.hpp"
#include "pelsim/models/name_table.hpp"
#include "pelsim/models/topology_check.hpp"

namespace pelsim::models {
namespace {

std::string_view trim_blanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

std::string_view trim(std::string_view s) {
  s = trim_blanks(s);
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
  return s;
}

bool parse_int(std::string_view s, long long* out) {
  s = trim(s);
  if (s.empty()) return false;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && end == s.data() + s.size();
}

}  // namespace

Schedule Schedule::from_sequences(std::uint32_t task_count,
                                  const std::vector<std::vector<TaskId>>& per_core) {
  Schedule s;
  s.core_of.assign(task_count, 0);
  s.offsets.assign(per_core.size() + 1, 0);
  s.sequence.reserve(task_count);
  for (std::size_t c = 0; c < per_core.size(); ++c) {
    for (TaskId t : per_core[c]) {
      s.core_of[t] = static_cast<CoreId>(c);
      s.sequence.push_back(t);
    }
    s.offsets[c + 1] = static_cast<std::uint32_t>(s.sequence.size());
  }
  return s;
}

namespace {

// Reads a task,core,order CSV into a Schedule. Files written by pelsim and sgref list the
// cores in increasing order, each with orders 0, 1, 2, ...: while rows keep that shape, the
// tasks in file order are the schedule's sequence, and the reader keeps no per-task record
// besides the core (what a 1M-task schedule costs in fresh memory matters, see
// docs/performance.md). The first row that breaks the shape switches to keeping each row's
// order, and the per-core orders are sorted at the end.
class ScheduleCsvReader {
 public:
  ScheduleCsvReader(const std::string& path, const TaskGraph& graph, std::uint32_t cores)
      : path_(path), graph_(graph), cores_(cores) {
    s_.core_of.assign(graph.task_count(), kUnset);
    row_task_.reserve(graph.task_count());
    counts_.assign(std::size_t{cores} + 1, 0);
  }

  Schedule read() {
    read_rows();
    place_unlisted();
    s_.offsets.assign(std::size_t{cores_} + 1, 0);
    for (std::uint32_t c = 0; c < cores_; ++c) s_.offsets[c + 1] = s_.offsets[c] + counts_[c + 1];
    if (in_file_order_) {
      s_.sequence = std::move(row_task_);
    } else {
      sequence_by_order();
    }
    return std::move(s_);
  }

 private:
  static constexpr CoreId kUnset = 0xFFFFFFFFu;
  struct Row {
    std::string_view name;
    long long core;
    long long order;
    std::size_t line;
  };

  // Streams the file through a fixed buffer. Rows of the shape pelsim and sgref write
  // (scan::scan_schedule_row) whose task the graph's direct index has, on a core in range and
  // not seen before, are applied at once (direct_row); any other line is parsed (parse_line)
  // and queued, and so is every line after it in the chunk, so that rows still take effect in
  // file order. At the end of each chunk, the queued rows' names are resolved in one batch
  // (NameTable::find_many prefetches), then applied in order: a row that fails a check is
  // thus reported after the chunk's syntax errors, as when every row was queued.
  void read_rows() {
    const InputFile file = open_input(path_, "schedule");
    std::size_t size = std::size_t{1} << 18;      // grows for a longer line
    std::unique_ptr<char[]> buf(new char[size]);  // not zeroed: fread writes what is read
    std::size_t have = 0;
    bool eof = false;
    while (!eof) {
      const std::size_t got = std::fread(buf.get() + have, 1, size - have, file.get());
      if (got == 0) eof = true;
      have += got;
      const char* const data = buf.get();
      std::size_t start = 0;
      for (;;) {
        if (rows_.empty()) {
          const char* const fast_end = data + have - std::min(have, scan::kScheduleRowAhead);
          const char* p = data + start;
          scan::ScheduleRow row;
          while (p < fast_end) {
            const char* const next = scan::scan_schedule_row(p, &row);
            if (!next || !direct_row(row)) break;
            p = next;
          }
          start = static_cast<std::size_t>(p - data);
        }
        bool open_quote = false;
        const std::size_t end = record_end(data, start, have, eof, &open_quote);
        if (end == kNoEnd) {
          if (eof && open_quote)
            throw InputError(path_, line_no_ + 1,
                             "the quoted task name that starts here has no closing '\"'");
          break;
        }
        parse_record(std::string_view(data + start, end - start));
        start = end + 1;
      }
      if (eof && start < have) {
        parse_record(std::string_view(data + start, have - start));
        start = have;
      }
      apply_rows();  // before the buffer moves: rows point into it
      std::memmove(buf.get(), data + start, have - start);
      have -= start;
      if (have == size) {  // a line longer than the buffer
        std::unique_ptr<char[]> bigger(new char[2 * size]);
        std::memcpy(bigger.get(), buf.get(), have);
        buf = std::move(bigger);
        size *= 2;
      }
    }
  }

  // A row read by scan::scan_schedule_row, applied when it passes every check of apply_row
  // through the direct index (the usual case: tasks t0, t1, ... in the graph); false, with no
  // effect, otherwise (the general path then reads the line and reports what is wrong).
  bool direct_row(const scan::ScheduleRow& row) {
    if (row.name_digits > 1 && row.name[row.name_size - row.name_digits] == '0') return false;
    const TaskId id = graph_.find_numbered(std::string_view(row.name, row.name_size),
                                           row.name_digits, row.number);
    if (id == NameTable::kNotFound || row.core >= cores_ || s_.core_of[id] != kUnset) return false;
    ++line_no_;
    assign(id, row.core, row.order);
    return true;
  }

  // The usual row, `name,core,order` with core and order plain digits (at most 18: no
  // overflow) and no blank, quote or '#' at either end of the name, is read without trimming:
  // the same row as the general path below gives, for a fraction of its instructions.
  bool fast_row(std::string_view line) {
    const char* const s = line.data();
    const char* p = s + line.size();
    auto digits_before = [&](long long* out) {
      const char* const end = p;
      while (p > s && static_cast<unsigned>(p[-1] - '0') < 10u) --p;
      if (p == end || end - p > 18 || p == s || p[-1] != ',') return false;
      long long v = 0;
      for (const char* q = p; q < end; ++q) v = v * 10 + (*q - '0');
      *out = v;
      --p;  // the comma
      return true;
    };
    long long ord = 0;
    long long core = 0;
    if (!digits_before(&ord) || !digits_before(&core) || p == s) return false;
    const char first = s[0];
    const char last = p[-1];
    if (first == ' ' || first == '\t' || first == '"' || first == '#' || last == ' ' ||
        last == '\t' || last == '\r' || last == '"')
      return false;
    ++line_no_;
    rows_.push_back({std::string_view(s, static_cast<std::size_t>(p - s)), core, ord, line_no_});
    return true;
  }

  static constexpr std::size_t kNoEnd = ~std::size_t{0};

  // Where the record starting at data[start] ends: its first line break outside double quotes
  // (a quoted task name may hold line breaks, as csv_field writes them). kNoEnd when that is
  // not in data[start, have); *open_quote then tells whether a quoted name is still open.
  static std::size_t record_end(const char* data, std::size_t start, std::size_t have, bool eof,
                                bool* open_quote) {
    std::size_t i = start;
    while (i < have && (data[i] == ' ' || data[i] == '\t')) ++i;
    if (i < have && data[i] == '"') {
      ++i;
      for (;;) {  // to the closing quote; "" inside is one quote
        const void* q = std::memchr(data + i, '"', have - i);
        if (!q || (!eof && static_cast<const char*>(q) + 1 == data + have)) {
          *open_quote = true;  // or not known yet: the next byte is not read yet
          return kNoEnd;
        }
        i = static_cast<std::size_t>(static_cast<const char*>(q) - data) + 1;
        if (i == have || data[i] != '"') break;
        ++i;
      }
    }
    const void* nl = std::memchr(data + i, '\n', have - i);
    return nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - data) : kNoEnd;
  }

  // One record; a quoted name spanning k line breaks makes it k + 1 lines, the k later ones
  // counted as lines without a task so that every later row keeps its own line number.
  void parse_record(std::string_view record) {
    parse_line(record);
    const std::string_view t = trim_blanks(record);
    if (t.empty() || t.front() != '"') return;  // only a quoted name holds a line break
    for (std::size_t k = std::count(record.begin(), record.end(), '\n'); k > 0; --k) {
      ++line_no_;
      skip_line();
    }
  }

  void parse_line(std::string_view line) {
    if (!fast_row(line)) parse_other_line(line);
  }

  [[gnu::noinline]] void parse_other_line(std::string_view line) {
    ++line_no_;
    std::string_view t = trim(line);
    if (t.empty() || t.front() == '#') return skip_line();
    const std::size_t c2 = line.rfind(',');
    const std::size_t c1 = (c2 == std::string_view::npos || c2 == 0) ? std::string_view::npos
                                                                     : line.rfind(',', c2 - 1);
    if (c1 == std::string_view::npos)
      throw InputError(path_, line_no_, "expected 'task,core,order', got '" + std::string(t) + "'");
    std::string_view name = trim_blanks(line.substr(0, c1));
    if (std::optional<std::string> unquoted = csv_unquote(name)) {  // as csv_field writes it
      name = unquoted_.emplace_back(std::move(*unquoted));
    } else if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
      name = name.substr(1, name.size() - 2);  // not RFC 4180 inside: taken as it stands
    }
    long long core = 0;
    long long ord = 0;
    const bool ok_core = parse_int(line.substr(c1 + 1, c2 - c1 - 1), &core);
    const bool ok_ord = parse_int(line.substr(c2 + 1), &ord);
    if (!ok_core || !ok_ord) {
      if (line_no_ == 1) return skip_line();  // header
      throw InputError(path_, line_no_,
                       std::string("bad ") + (ok_core ? "order" : "core") + " for task '" +
                           std::string(name) + "' (need an integer)");
    }
    rows_.push_back({name, core, ord, line_no_});
  }

  // Lines without a task (header, comments, blank lines) are remembered by the number of
  // task rows before them, which is enough to tell the line of any row later.
  void skip_line() { skipped_before_.push_back(row_task_.size() + rows_.size()); }
  std::size_t line_of_row(std::size_t row) const {
    const auto skipped =
        std::upper_bound(skipped_before_.begin(), skipped_before_.end(), std::uint64_t{row}) -
        skipped_before_.begin();
    return row + 1 + static_cast<std::size_t>(skipped);
  }

  void apply_rows() {
    names_.resize(rows_.size());
    ids_.resize(rows_.size());
    for (std::size_t i = 0; i < rows_.size(); ++i) names_[i] = rows_[i].name;
    graph_.find_many(names_.data(), names_.size(), ids_.data());
    constexpr std::size_t kAhead = 16;  // rows whose task's record is requested in advance
    for (std::size_t i = 0; i < rows_.size(); ++i) {
      if (i + kAhead < rows_.size() && ids_[i + kAhead] != NameTable::kNotFound)
        __builtin_prefetch(&s_.core_of[ids_[i + kAhead]], 1);
      apply_row(rows_[i], ids_[i]);
    }
    rows_.clear();
    unquoted_.clear();
  }

  void apply_row(const Row& r, std::uint32_t id) {
    if (id == NameTable::kNotFound)
      throw InputError(path_, r.line, "unknown task '" + std::string(r.name) + "'");
    if (r.core < 0 || r.core >= static_cast<long long>(cores_))
      throw InputError(path_, r.line,
                       "core " + std::to_string(r.core) + " of task '" + std::string(r.name) +
                           "' is out of range [0, " + std::to_string(cores_) + ")");
    if (s_.core_of[id] != kUnset) {
      const std::size_t first = static_cast<std::size_t>(
          std::find(row_task_.begin(), row_task_.end(), id) - row_task_.begin());
      throw InputError(path_, r.line,
                       "task '" + std::string(r.name) + "' is listed twice (first on line " +
                           std::to_string(line_of_row(first)) + ")");
    }
    assign(id, static_cast<CoreId>(r.core), r.order);
  }

  // Records a checked row: task `id` (not seen before) on `core` (< cores_) with `order`.
  [[gnu::always_inline]] void assign(TaskId id, CoreId core, long long order) {
    s_.core_of[id] = core;
    if (in_file_order_ && !continues_file_order(core, order)) keep_row_orders();
    if (!in_file_order_) row_order_.push_back(order);
    row_task_.push_back(id);
    ++counts_[core + 1];
    last_core_ = core;
    last_order_ = order;
  }

  // True when a row on `core` with `order` keeps the file in schedule order: the next order
  // on the same core, or order 0 on a later core.
  bool continues_file_order(CoreId core, long long order) const {
    if (row_task_.empty()) return order == 0;
    return core == last_core_ ? order == last_order_ + 1 : core > last_core_ && order == 0;
  }

  // The rows so far were in schedule order: their orders are their ranks on their core.
  void keep_row_orders() {
    in_file_order_ = false;
    row_order_.reserve(row_task_.capacity());
    long long rank = 0;
    for (std::size_t k = 0; k < row_task_.size(); ++k) {
      const bool same_core = k > 0 && s_.core_of[row_task_[k]] == s_.core_of[row_task_[k - 1]];
      rank = same_core ? rank + 1 : 0;
      row_order_.push_back(rank);
    }
  }

  // A task of no work that the file does not list, a source or a sink whose edges carry no
  // bytes (SimGrid's root and end, STG's dummy entry and exit, which published schedules leave
  // out), is placed on core 0: a source before its tasks, a sink after them (by id). Such a
  // task changes no finish time (but for a decision overhead, which it takes too). Any other
  // task left out is an error.
  void place_unlisted() {
    std::vector<TaskId> first, last;
    for (TaskId t = 0; t < graph_.task_count(); ++t) {
      if (s_.core_of[t] != kUnset) continue;
      if (no_work(t) && graph_.in_degree(t) == 0 && no_bytes_out(t)) {
        first.push_back(t);
      } else if (no_work(t) && graph_.out_degree(t) == 0 && no_bytes_in(t)) {
        last.push_back(t);
      } else {
        throw InputError(path_, 0,
                         "task '" + std::string(graph_.name(t)) +
                             "' is not in the schedule (only a task of no work that is a source "
                             "or a sink, its edges without bytes, may be left out: it goes on "
                             "core 0)");
      }
    }
    if (first.empty() && last.empty()) return;
    if (in_file_order_) keep_row_orders();
    long long lowest = 0, highest = -1;
    for (std::size_t k = 0; k < row_task_.size(); ++k)
      if (s_.core_of[row_task_[k]] == 0) {
        lowest = std::min(lowest, row_order_[k]);
        highest = std::max(highest, row_order_[k]);
      }
    constexpr long long kMin = std::numeric_limits<long long>::min();
    constexpr long long kMax = std::numeric_limits<long long>::max();
    const auto before = static_cast<long long>(first.size());
    const auto after = static_cast<long long>(last.size());
    if (lowest < kMin + before || highest > kMax - after)
      throw InputError(path_, 0,
                       "the orders on core 0 leave no room for the tasks of no work left out of "
                       "the schedule (they go before and after its tasks): give them a place");
    long long order = lowest - before;
    for (const TaskId t : first) add_row(t, order++);
    order = highest + 1;
    for (const TaskId t : last) add_row(t, order++);
  }
  bool no_work(TaskId t) const {
    if (graph_.work(t) != 0) return false;
    if (graph_.has_costs())
      for (CoreId c = 0; c < graph_.cost_columns(); ++c)
        if (graph_.cost(t, c) != 0) return false;
    return true;
  }
  bool no_bytes_out(TaskId t) const {
    for (EdgeId e = graph_.out_begin(t); e < graph_.out_end(t); ++e)
      if (graph_.bytes(e) != 0) return false;
    return true;
  }
  bool no_bytes_in(TaskId t) const {
    for (std::uint32_t k = graph_.in_begin(t); k < graph_.in_end(t); ++k)
      if (graph_.bytes(graph_.in_edge(k)) != 0) return false;
    return true;
  }
  // A row placed by place_unlisted(): task t on core 0 with `order` (after the file's rows).
  void add_row(TaskId t, long long order) {
    s_.core_of[t] = 0;
    row_order_.push_back(order);
    row_task_.push_back(t);
    ++counts_[1];
  }

  // Rows in any order: each core's tasks sorted by order (ties are an error).
  void sequence_by_order() {
    const std::uint32_t n = graph_.task_count();
    std::vector<long long> order(n);
    std::vector<std::uint32_t> row_of(n);
    for (std::size_t k = 0; k < row_task_.size(); ++k) {
      order[row_task_[k]] = row_order_[k];
      row_of[row_task_[k]] = static_cast<std::uint32_t>(k);
    }
    std::vector<TaskId>().swap(row_task_);
    s_.sequence.assign(n, kNoTask);
    // Orders are usually 0..k-1 on each core: then every task goes straight to its place.
    // Otherwise fall back to sorting each core by order.
    bool dense = true;
    for (TaskId t = 0; t < n && dense; ++t) {
      const CoreId c = s_.core_of[t];
      const long long ord = order[t];
      const std::uint32_t slot = s_.offsets[c] + static_cast<std::uint32_t>(ord);
      dense =
          ord >= 0 && ord < static_cast<long long>(counts_[c + 1]) && s_.sequence[slot] == kNoTask;
      if (dense) s_.sequence[slot] = t;
    }
    if (dense) return;
    std::vector<std::uint32_t> fill(s_.offsets.begin(), s_.offsets.end() - 1);
    for (TaskId t = 0; t < n; ++t) s_.sequence[fill[s_.core_of[t]]++] = t;
    for (std::uint32_t c = 0; c < cores_; ++c) {
      auto first = s_.sequence.begin() + s_.offsets[c];
      auto last = s_.sequence.begin() + s_.offsets[c + 1];
      auto by_order = [&](TaskId a, TaskId b) { return order[a] < order[b]; };
      if (!std::is_sorted(first, last, by_order)) std::stable_sort(first, last, by_order);
      for (auto it = first; it + 1 < last; ++it)
        if (order[*it] == order[*(it + 1)])
          throw InputError(path_, line_of_row(row_of[*(it + 1)]),
                           "tasks '" + std::string(graph_.name(*it)) + "' and '" +
                               std::string(graph_.name(*(it + 1))) + "' have the same order " +
                               std::to_string(order[*it]) + " on core " + std::to_string(c));
    }
  }

  const std::string& path_;
  const TaskGraph& graph_;
  const std::uint32_t cores_;
  Schedule s_;
  std::vector<TaskId> row_task_;               // task of each row, in file order
  std::vector<long long> row_order_;           // order of each row, once !in_file_order_
  std::vector<std::uint64_t> skipped_before_;  // per skipped line: task rows before it
  std::vector<std::uint32_t> counts_;          // tasks per core, at [core + 1]
  bool in_file_order_ = true;
  CoreId last_core_ = 0;
  long long last_order_ = 0;
  std::size_t line_no_ = 0;
  // The current chunk's rows, resolved in one batch.
  std::vector<Row> rows_;
  std::deque<std::string> unquoted_;  // names of rows_ that were quoted, unquoted
  std::vector<std::string_view> names_;
  std::vector<std::uint32_t> ids_;
};

}  // namespace

Schedule read_schedule_csv(const std::string& path, const TaskGraph& graph, std::uint32_t cores) {
  return ScheduleCsvReader(path, graph, cores).read();
}

void check_schedule_shape(const Schedule& s, const TaskGraph& graph, std::uint32_t cores,
                          const std::string& source) {
  const std::uint32_t n = graph.task_count();
  if (s.core_of.size() != n || s.sequence.size() != n || s.core_count() != cores ||
      s.offsets.front() != 0 || s.offsets.back() != n)
    throw InputError(source, 0,
                     "the schedule does not cover the graph's " + std::to_string(n) + " tasks on " +
                         std::to_string(cores) + " cores");
  std::vector<std::uint8_t> seen(n, 0);
  constexpr std::uint32_t kAhead = 16;  // tasks whose records are requested in advance
  for (std::uint32_t c = 0; c < cores; ++c) {
    if (s.offsets[c] > s.offsets[c + 1])
      throw InputError(source, 0, "the schedule's per-core offsets are not increasing");
    for (std::uint32_t k = s.offsets[c]; k < s.offsets[c + 1]; ++k) {
      if (k + kAhead < n && s.sequence[k + kAhead] < n) {
        __builtin_prefetch(&seen[s.sequence[k + kAhead]], 1);
        __builtin_prefetch(&s.core_of[s.sequence[k + kAhead]]);
      }
      const TaskId t = s.sequence[k];
      if (t >= n || seen[t] || s.core_of[t] != c)
        throw InputError(source, 0, "the schedule lists a task twice or on the wrong core");
      seen[t] = 1;
    }
  }
}

void validate_schedule(const Schedule& s, const TaskGraph& graph, std::uint32_t cores,
                       const std::string& source) {
  check_schedule_shape(s, graph, cores, source);
  const std::uint32_t n = graph.task_count();
  std::vector<TaskId> core_pred(n, kNoTask);
  for (std::uint32_t c = 0; c < cores; ++c)
    for (std::uint32_t k = s.offsets[c] + 1; k < s.offsets[c + 1]; ++k)
      core_pred[s.sequence[k]] = s.sequence[k - 1];
  const TopologicalOrder check = topological_order_or_cycle(graph, &core_pred);
  if (check.cycle.empty()) return;
  // Explain the cycle: each hop is either a DAG edge or "runs after on core c".
  std::string why;
  const auto& cyc = check.cycle;
  for (std::size_t i = 0; i < cyc.size(); ++i) {
    const TaskId a = cyc[i];
    const TaskId b = cyc[(i + 1) % cyc.size()];
    const bool core_hop = core_pred[b] == a;
    why += std::string(i == 0 ? "" : ", ") + "'" + std::string(graph.name(a)) + "' " +
           (core_hop ? "runs before '" + std::string(graph.name(b)) + "' on core " +
                           std::to_string(s.core_of[a])
                     : "must finish before '" + std::string(graph.name(b)) + "' starts (an edge)");
  }
  throw InputError(source, 0, "the per-core order contradicts the DAG, a cycle: " + why);
}

void write_schedule_csv(std::ostream& out, const Schedule& s, const TaskGraph& graph) {
  out << "task,core,order\n";
  for (std::uint32_t c = 0; c < s.core_count(); ++c)
    for (std::uint32_t k = s.offsets[c]; k < s.offsets[c + 1]; ++k)
      out << csv_field(graph.name(s.sequence[k])) << ',' << c << ',' << (k - s.offsets[c]) << '\n';
}

}  // namespace pelsim::models
