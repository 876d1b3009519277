#include "pelsim/models/schedule.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <memory>
#include <ostream>

#include "input_file.hpp"
#include "pelsim/models/error.hpp"
#include "pelsim/models/name_table.hpp"
#include "pelsim/models/topology_check.hpp"

namespace pelsim::models {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
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

Schedule read_schedule_csv(const std::string& path, const TaskGraph& graph, std::uint32_t cores) {
  const InputFile file = open_input(path, "schedule");
  const std::uint32_t n = graph.task_count();
  constexpr CoreId kUnset = 0xFFFFFFFFu;
  // What the file says about each task, in one record (one cache line touched per row).
  struct Entry {
    long long order = 0;
    CoreId core = kUnset;
    std::uint32_t line = 0;
  };
  std::vector<Entry> entries(n);

  // Stream through a fixed buffer; the lines of each chunk are parsed first, then their task
  // names are resolved in one batch (NameTable::find_many prefetches), then applied in order.
  struct Row {
    std::string_view name;
    long long core;
    long long order;
    std::size_t line;
  };
  std::vector<Row> rows;
  std::vector<std::string_view> names;
  std::vector<std::uint32_t> ids;
  std::vector<char> buf(1 << 20);
  std::size_t have = 0;
  std::size_t line_no = 0;
  bool eof = false;
  auto parse_line = [&](std::string_view line) {
    ++line_no;
    std::string_view t = trim(line);
    if (t.empty() || t.front() == '#') return;
    const std::size_t c2 = line.rfind(',');
    const std::size_t c1 = (c2 == std::string_view::npos || c2 == 0)
                               ? std::string_view::npos
                               : line.rfind(',', c2 - 1);
    if (c1 == std::string_view::npos)
      throw InputError(path, line_no, "expected 'task,core,order', got '" + std::string(t) + "'");
    const std::string_view name = trim(line.substr(0, c1));
    long long core = 0;
    long long ord = 0;
    const bool ok_core = parse_int(line.substr(c1 + 1, c2 - c1 - 1), &core);
    const bool ok_ord = parse_int(line.substr(c2 + 1), &ord);
    if (!ok_core || !ok_ord) {
      if (line_no == 1) return;  // header
      throw InputError(path, line_no,
                       std::string("bad ") + (ok_core ? "order" : "core") + " for task '" +
                           std::string(name) + "' (need an integer)");
    }
    rows.push_back({name, core, ord, line_no});
  };
  auto apply_rows = [&] {
    names.resize(rows.size());
    ids.resize(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) names[i] = rows[i].name;
    graph.find_many(names.data(), names.size(), ids.data());
    for (const std::uint32_t id : ids)
      if (id != NameTable::kNotFound) __builtin_prefetch(&entries[id], 1);
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const Row& r = rows[i];
      const std::uint32_t id = ids[i];
      if (id == NameTable::kNotFound)
        throw InputError(path, r.line, "unknown task '" + std::string(r.name) + "'");
      if (r.core < 0 || r.core >= static_cast<long long>(cores))
        throw InputError(path, r.line,
                         "core " + std::to_string(r.core) + " of task '" + std::string(r.name) +
                             "' is out of range [0, " + std::to_string(cores) + ")");
      Entry& entry = entries[id];
      if (entry.core != kUnset)
        throw InputError(path, r.line,
                         "task '" + std::string(r.name) + "' is listed twice (first on line " +
                             std::to_string(entry.line) + ")");
      entry = Entry{r.order, static_cast<CoreId>(r.core), static_cast<std::uint32_t>(r.line)};
    }
    rows.clear();
  };
  while (!eof) {
    const std::size_t got = std::fread(buf.data() + have, 1, buf.size() - have, file.get());
    if (got == 0) eof = true;
    have += got;
    std::size_t start = 0;
    for (;;) {
      const void* nl = std::memchr(buf.data() + start, '\n', have - start);
      if (!nl) break;
      const std::size_t end = static_cast<std::size_t>(static_cast<const char*>(nl) - buf.data());
      parse_line(std::string_view(buf.data() + start, end - start));
      start = end + 1;
    }
    if (eof && start < have) {
      parse_line(std::string_view(buf.data() + start, have - start));
      start = have;
    }
    apply_rows();  // before the buffer moves: rows point into it
    std::memmove(buf.data(), buf.data() + start, have - start);
    have -= start;
    if (have == buf.size()) buf.resize(buf.size() * 2);  // a line longer than the buffer
  }

  std::vector<std::uint32_t> counts(cores + 1, 0);
  for (TaskId t = 0; t < n; ++t) {
    if (entries[t].core == kUnset)
      throw InputError(path, 0, "task '" + std::string(graph.name(t)) + "' is not in the schedule");
    ++counts[entries[t].core + 1];
  }
  Schedule s;
  s.offsets.assign(cores + 1, 0);
  for (std::uint32_t c = 0; c < cores; ++c) s.offsets[c + 1] = s.offsets[c] + counts[c + 1];
  s.sequence.assign(n, kNoTask);
  // Orders are usually 0..k-1 on each core (as pelsim and sgref write them): then every task
  // goes straight to its place. Otherwise fall back to sorting each core by order.
  bool dense = true;
  for (TaskId t = 0; t < n && dense; ++t) {
    const CoreId c = entries[t].core;
    const long long ord = entries[t].order;
    const std::uint32_t slot = s.offsets[c] + static_cast<std::uint32_t>(ord);
    dense = ord >= 0 && ord < static_cast<long long>(counts[c + 1]) && s.sequence[slot] == kNoTask;
    if (dense) s.sequence[slot] = t;
  }
  if (!dense) {
    std::vector<std::uint32_t> fill(s.offsets.begin(), s.offsets.end() - 1);
    for (TaskId t = 0; t < n; ++t) s.sequence[fill[entries[t].core]++] = t;
  }
  for (std::uint32_t c = 0; c < cores && !dense; ++c) {
    auto first = s.sequence.begin() + s.offsets[c];
    auto last = s.sequence.begin() + s.offsets[c + 1];
    auto by_order = [&](TaskId a, TaskId b) { return entries[a].order < entries[b].order; };
    if (!std::is_sorted(first, last, by_order)) std::stable_sort(first, last, by_order);
    for (auto it = first; it + 1 < last; ++it)
      if (entries[*it].order == entries[*(it + 1)].order)
        throw InputError(path, entries[*(it + 1)].line,
                         "tasks '" + std::string(graph.name(*it)) + "' and '" +
                             std::string(graph.name(*(it + 1))) + "' have the same order " +
                             std::to_string(entries[*it].order) + " on core " +
                             std::to_string(c));
  }
  s.core_of.resize(n);
  for (TaskId t = 0; t < n; ++t) s.core_of[t] = entries[t].core;
  return s;
}

void check_schedule_shape(const Schedule& s, const TaskGraph& graph, std::uint32_t cores,
                          const std::string& source) {
  const std::uint32_t n = graph.task_count();
  if (s.core_of.size() != n || s.sequence.size() != n || s.core_count() != cores ||
      s.offsets.front() != 0 || s.offsets.back() != n)
    throw InputError(source, 0, "the schedule does not cover the graph's " + std::to_string(n) +
                                    " tasks on " + std::to_string(cores) + " cores");
  std::vector<std::uint8_t> seen(n, 0);
  for (std::uint32_t c = 0; c < cores; ++c) {
    if (s.offsets[c] > s.offsets[c + 1])
      throw InputError(source, 0, "the schedule's per-core offsets are not increasing");
    for (std::uint32_t k = s.offsets[c]; k < s.offsets[c + 1]; ++k) {
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
    why += "'" + std::string(graph.name(a)) + "' " +
           (core_hop ? "runs before (core " + std::to_string(s.core_of[a]) + ") "
                     : std::string("precedes (DAG) ")) +
           (i + 1 == cyc.size() ? "'" + std::string(graph.name(b)) + "'" : "");
  }
  throw InputError(source, 0, "the per-core order contradicts the DAG: " + why);
}

void write_schedule_csv(std::ostream& out, const Schedule& s, const TaskGraph& graph) {
  out << "task,core,order\n";
  for (std::uint32_t c = 0; c < s.core_count(); ++c)
    for (std::uint32_t k = s.offsets[c]; k < s.offsets[c + 1]; ++k)
      out << graph.name(s.sequence[k]) << ',' << c << ',' << (k - s.offsets[c]) << '\n';
}

}  // namespace pelsim::models
