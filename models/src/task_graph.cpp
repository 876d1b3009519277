#include "pelsim/models/task_graph.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "pelsim/models/error.hpp"
#include "pelsim/models/topology_check.hpp"

namespace pelsim::models {

std::string task_type_from_name(std::string_view name) {
  std::size_t end = name.size();
  auto separator_or_digit = [](char c) {
    return (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' || c == ':';
  };
  while (end > 0 && separator_or_digit(name[end - 1])) --end;
  if (end == 0) return "task";
  if (end >= 3 && name.substr(end - 2, 2) == "ID" && name[end - 3] == '_') end -= 3;
  return std::string(name.substr(0, end));
}

std::optional<TaskTypeId> TaskGraph::find_task_type(std::string_view name) const {
  for (std::size_t k = 0; k < type_names_.size(); ++k)
    if (type_names_[k] == name) return static_cast<TaskTypeId>(k);
  return std::nullopt;
}

TaskId TaskGraph::source(EdgeId e) const {
  const auto& rows = g_.m_forward.m_rowstart;
  auto it = std::upper_bound(rows.begin(), rows.end(), e);
  return static_cast<TaskId>(it - rows.begin() - 1);
}

const std::vector<TaskId>& TaskGraph::topological_order() const {
  static const std::vector<TaskId> kNone;
  if (!lazy_) return kNone;
  std::call_once(lazy_->order_once,
                 [this] { lazy_->order = topological_order_or_cycle(*this).order; });
  return lazy_->order;
}

// The transpose of the forward rows, in forward edge order (what Boost's own build does):
// a backward pass over the out-edges places each edge at its target's next free position
// from the end (each target's count of in-edges still to place counts down).
void TaskGraph::build_in_edges() const {
  std::call_once(lazy_->in_edges_once, [this] {
    const auto& fwd = g_.m_forward;
    const auto& rows = g_.m_backward.m_rowstart;
    const std::uint32_t n = task_count();
    std::vector<std::uint32_t> left(n);  // per target: in-edges still to place
    for (TaskId v = 0; v < n; ++v) left[v] = rows[v + 1] - rows[v];
    std::vector<InEdge>& records = lazy_->in_edges;
    records.resize(fwd.m_column.size());
    for (TaskId u = n; u-- > 0;)
      for (EdgeId e = fwd.m_rowstart[u + 1]; e-- > fwd.m_rowstart[u];) {
        const TaskId v = fwd.m_column[e];
        records[rows[v] + --left[v]] = InEdge{u, e};
      }
    lazy_->in_edges_ready.store(true, std::memory_order_release);
  });
}

const GraphStorage& TaskGraph::storage() const {
  if (lazy_)
    std::call_once(lazy_->boost_in_edges_once, [this] {
      const InEdge* records = in_edge_records();
      auto& back = g_.m_backward;
      back.m_column.resize(edge_count());
      back.m_edge_properties.resize(edge_count());
      for (std::uint32_t k = 0; k < edge_count(); ++k) {
        back.m_column[k] = records[k].source;
        back.m_edge_properties[k] = records[k].edge;
      }
    });
  return g_;
}

TaskGraphBuilder::TaskGraphBuilder(std::string source_name)
    : source_name_(std::move(source_name)) {}

void TaskGraphBuilder::reserve(std::size_t tasks, std::size_t edges) {
  names_.reserve(tasks);
  tasks_.reserve(tasks);
  lines_.reserve(tasks);
  row_start_.reserve(tasks + 1);
  edge_to_.reserve(edges);
  edge_props_.reserve(edges);
}

TaskId TaskGraphBuilder::intern_task(std::string_view name, double default_work,
                                     std::uint32_t line) {
  bool added = false;
  const TaskId id = names_.intern(name, &added);
  if (added) record_task(default_work, line);
  return id;
}

// intern_numbered_task() for a name the direct index does not have (yet).
TaskId TaskGraphBuilder::add_numbered_task(std::string_view name, std::size_t digits,
                                           std::uint32_t number, double default_work,
                                           std::uint32_t line) {
  bool added = false;
  const TaskId id = names_.intern_numbered(name, digits, number, &added);
  if (added) record_task(default_work, line);
  return id;
}

TaskTypeId TaskGraphBuilder::intern_type(std::string_view name) {
  if (name.empty()) return 0;
  const auto [it, added] =
      type_index_.try_emplace(std::string(name), static_cast<TaskTypeId>(type_names_.size()));
  if (added) {
    if (type_names_.size() > 0xFFFF) {
      type_index_.erase(it);
      throw InputError(source_name_, 0, "more than 65535 task types");
    }
    type_names_.emplace_back(name);
  }
  return it->second;
}

void TaskGraphBuilder::set_type(TaskId t, TaskTypeId type) {
  if (types_.empty()) {
    if (type == 0) return;
    types_.assign(names_.size(), 0);
  }
  types_[t] = type;
}

void TaskGraphBuilder::set_lock(TaskId t, std::string_view name) {
  if (name.empty()) {
    if (!locks_.empty()) locks_[t] = TaskGraph::kNoLock;
    return;
  }
  const auto [it, added] =
      lock_index_.try_emplace(std::string(name), static_cast<LockId>(lock_names_.size()));
  if (added) lock_names_.emplace_back(name);
  if (locks_.empty()) locks_.assign(names_.size(), TaskGraph::kNoLock);
  locks_[t] = it->second;
}

TaskId TaskGraphBuilder::copy_task(const TaskGraph& graph, TaskId t, double work) {
  const TaskId id = intern_task(graph.name(t), work, graph.line_of(t));
  if (graph.task_type(t) != 0) set_type(id, graph.task_type_name_of(t));
  if (graph.lock_of(t) != TaskGraph::kNoLock) set_lock(id, graph.lock_name(graph.lock_of(t)));
  return id;
}

TaskId TaskGraphBuilder::add_task(double work) {
  const std::string name = "t" + std::to_string(names_.size());
  return intern_task(name, work);
}

void TaskGraphBuilder::set_costs(TaskId t, std::vector<double> costs) {
  if (costs_.empty()) costs_.resize(names_.size());
  costs_[t] = std::move(costs);
}

// Called by add_edge, while edges are sorted, when `from` is not the latest source: either a
// later source (its row, and those of the sources in between, start at the next edge), or an
// earlier one (the edges are not sorted after all: edge_from_ takes over from row_start_).
void TaskGraphBuilder::start_row(TaskId from) {
  const std::uint32_t next_edge = static_cast<std::uint32_t>(edge_to_.size());
  if (from == row_start_.size()) {  // the next source, as in generated files
    row_start_.push_back(next_edge);
    return;
  }
  if (from > row_start_.size()) {
    row_start_.resize(std::size_t{from} + 1, next_edge);
    return;
  }
  edge_from_.reserve(edge_to_.capacity());
  for (TaskId u = 0; u < row_start_.size(); ++u) {
    const std::uint32_t end = u + 1 < row_start_.size() ? row_start_[u + 1] : next_edge;
    edge_from_.insert(edge_from_.end(), end - row_start_[u], u);
  }
  std::vector<std::uint32_t>().swap(row_start_);
  sorted_ = false;
}

// Counting sort: after counting into rows[key + 1] and summing, rows[k] is where key k starts;
// placing item i at rows[key_i]++ leaves rows[k] at the start of k + 1, which one shift fixes.
// No temporary cursor array.
namespace {

void prefix_sum(std::vector<std::uint32_t>& rows) {
  for (std::size_t t = 1; t < rows.size(); ++t) rows[t] += rows[t - 1];
}

void unshift(std::vector<std::uint32_t>& rows) {
  std::copy_backward(rows.begin(), rows.end() - 1, rows.end());
  rows[0] = 0;
}

}  // namespace

void TaskGraphBuilder::assemble_csr(GraphStorage& csr, std::uint32_t n) {
  const std::size_t m = edge_to_.size();
  csr = GraphStorage();
  // Forward rows: a stable counting sort by source (insertion order kept within a source).
  std::vector<std::uint32_t> rows;
  if (sorted_) {
    rows = std::move(row_start_);
    rows.resize(std::size_t{n} + 1, static_cast<std::uint32_t>(m));
    csr.m_forward.m_column = std::move(edge_to_);
    csr.m_forward.m_edge_properties = std::move(edge_props_);
  } else {
    rows.assign(std::size_t{n} + 1, 0);
    for (const TaskId from : edge_from_) ++rows[from + 1];
    prefix_sum(rows);
    std::vector<TaskId> column(m);
    std::vector<EdgeProps> props(m);
    for (std::size_t e = 0; e < m; ++e) {
      const std::uint32_t pos = rows[edge_from_[e]]++;
      column[pos] = edge_to_[e];
      props[pos] = edge_props_[e];
    }
    unshift(rows);
    std::vector<TaskId>().swap(edge_to_);
    std::vector<EdgeProps>().swap(edge_props_);
    std::vector<TaskId>().swap(edge_from_);
    csr.m_forward.m_column = std::move(column);
    csr.m_forward.m_edge_properties = std::move(props);
  }
  // Backward rows: only where they start (the in-degrees) for now; TaskGraph fills their
  // in-edge arrays on first use.
  std::vector<std::uint32_t> back_rows(std::size_t{n} + 1, 0);
  for (const TaskId to : csr.m_forward.m_column) ++back_rows[to + 1];
  prefix_sum(back_rows);
  csr.m_forward.m_rowstart = std::move(rows);
  csr.m_backward.m_rowstart = std::move(back_rows);
}

void TaskGraphBuilder::reject_edge(std::size_t e, TaskId from) const {
  const TaskId to = edge_to_[e];
  const double bytes = edge_props_[e].bytes;
  const std::uint32_t line = lines_.empty() ? 0 : lines_[from];
  if (!std::isfinite(bytes) || bytes < 0)
    throw InputError(source_name_, line,
                     "edge '" + std::string(names_.name(from)) + "' -> '" +
                         std::string(names_.name(to)) + "' has invalid size " +
                         std::to_string(bytes));
  const std::string task(names_.name(from));
  // (Edges keep no line of their own: the line is where the task is first named.)
  throw CycleError(source_name_, line,
                   "task '" + task + "' (first named on this line) depends on itself: an edge '" +
                       task + "' -> '" + task + "'",
                   task);
}

// Checks every edge in insertion order; true when each goes from a lower to a higher id.
bool TaskGraphBuilder::check_edges() const {
  bool forward = true;
  if (!sorted_) {
    for (std::size_t e = 0; e < edge_to_.size(); ++e) {
      check_edge(e, edge_from_[e]);
      forward = forward && edge_from_[e] < edge_to_[e];
    }
    return forward;
  }
  // Without a branch per edge: any bad edge, then the first one in order (reject_edge).
  bool bad = false;
  const std::size_t rows = row_start_.size();
  for (TaskId u = 0; u < rows; ++u) {
    const std::size_t end = u + 1 < rows ? row_start_[u + 1] : edge_to_.size();
    for (std::size_t e = row_start_[u]; e < end; ++e) {
      const double bytes = edge_props_[e].bytes;
      const TaskId to = edge_to_[e];
      bad |= !(bytes >= 0 && bytes <= std::numeric_limits<double>::max()) | (to == u);
      forward &= u < to;
    }
  }
  if (bad) {
    for (TaskId u = 0; u < rows; ++u) {
      const std::size_t end = u + 1 < rows ? row_start_[u + 1] : edge_to_.size();
      for (std::size_t e = row_start_[u]; e < end; ++e) check_edge(e, u);
    }
  }
  return forward;
}

TaskGraph TaskGraph::with_costs_of_core(CoreId c) const {
  TaskGraphBuilder b(source_name_);
  b.reserve(task_count(), edge_count());
  for (TaskId t = 0; t < task_count(); ++t)
    b.set_costs(b.copy_task(*this, t, work(t)), {cost(t, c)});
  for (TaskId t = 0; t < task_count(); ++t)
    for (EdgeId e = out_begin(t); e < out_end(t); ++e) b.add_edge(t, target(e), bytes(e));
  return b.build();
}

TaskGraph TaskGraphBuilder::build() {
  const std::uint32_t n = names_.size();
  auto fail = [&](TaskId t, const std::string& reason) -> InputError {
    return InputError(source_name_, lines_.empty() ? 0 : lines_[t], reason);
  };
  double total_work = 0;
  for (TaskId t = 0; t < n; ++t) {
    if (!std::isfinite(tasks_[t].work) || tasks_[t].work < 0)
      throw fail(t, "task '" + std::string(names_.name(t)) + "' has invalid work " +
                        std::to_string(tasks_[t].work) + " (need a finite number >= 0)");
    total_work += tasks_[t].work;
    if (!std::isfinite(total_work))  // (bounds, speedups and reports sum the work)
      throw fail(t, "the tasks' work adds up to more than 1.8e308 flop at task '" +
                        std::string(names_.name(t)) + "'");
  }
  if (edge_to_.size() >= 0xFFFFFFFFu)
    throw InputError(source_name_, 0, "more than 4 billion edges");
  const bool forward = check_edges();

  TaskGraph g;
  std::uint32_t columns = 0;
  if (!costs_.empty()) {
    columns = static_cast<std::uint32_t>(costs_[0].size());
    if (columns == 0) throw fail(0, "task '" + std::string(names_.name(0)) + "' has no costs");
    g.costs_.reserve(std::size_t{n} * columns);
    for (TaskId t = 0; t < n; ++t) {
      if (costs_[t].size() != columns)
        throw fail(t, "task '" + std::string(names_.name(t)) + "' has " +
                          std::to_string(costs_[t].size()) + " costs, but task '" +
                          std::string(names_.name(0)) + "' has " + std::to_string(columns) +
                          " (every task needs one cost per core)");
      for (double c : costs_[t]) {
        if (!std::isfinite(c) || c < 0)
          throw fail(t, "task '" + std::string(names_.name(t)) +
                            "' has an invalid cost (need finite seconds >= 0)");
      }
      g.costs_.insert(g.costs_.end(), costs_[t].begin(), costs_[t].end());
    }
  }
  g.cost_columns_ = columns;

  assemble_csr(g.g_, n);
  g.g_.m_vertex_properties = std::move(tasks_);

  if (type_names_.size() > 1 && !types_.empty()) {
    g.types_ = std::move(types_);
    g.type_names_ = std::move(type_names_);
  }
  if (!locks_.empty() &&
      std::any_of(locks_.begin(), locks_.end(), [](LockId l) { return l != TaskGraph::kNoLock; })) {
    g.locks_ = std::move(locks_);
    g.lock_names_ = std::move(lock_names_);
  }

  g.names_ = std::move(names_);
  g.lines_ = std::move(lines_);
  g.source_name_ = source_name_;

  // Edges that all point forward cannot close a cycle; otherwise Kahn's algorithm checks, and
  // its order is kept.
  g.lazy_ = std::make_unique<TaskGraph::Lazy>();
  g.ids_topological_ = forward;
  if (!forward) {
    auto order = topological_order_or_cycle(g);
    if (!order.cycle.empty()) {
      std::string path;
      for (TaskId t : order.cycle) path += "'" + std::string(g.name(t)) + "' -> ";
      path += "'" + std::string(g.name(order.cycle.front())) + "'";
      const std::string task(g.name(order.cycle.front()));
      throw CycleError(g.source_name_, g.line_of(order.cycle.front()),
                       "the graph has a cycle through task '" + task + "': " + path, task);
    }
    std::call_once(g.lazy_->order_once, [&] { g.lazy_->order = std::move(order.order); });
  }

  names_ = NameTable();
  lines_.clear();
  costs_.clear();
  types_.clear();
  type_names_.assign(1, std::string());
  type_index_.clear();
  locks_.clear();
  lock_names_.clear();
  lock_index_.clear();
  row_start_.clear();
  edge_from_.clear();
  sorted_ = true;
  return g;
}

std::vector<bool> TaskGraph::used_task_types() const {
  std::vector<bool> used(task_type_count(), false);
  for (TaskId t = 0; t < task_count(); ++t) used[task_type(t)] = true;
  return used;
}

}  // namespace pelsim::models
