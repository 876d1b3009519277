#include "pelsim/models/task_graph.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "pelsim/models/error.hpp"
#include "pelsim/models/topology_check.hpp"

namespace pelsim::models {

TaskId TaskGraph::source(EdgeId e) const {
  const auto& rows = g_.m_forward.m_rowstart;
  auto it = std::upper_bound(rows.begin(), rows.end(), e);
  return static_cast<TaskId>(it - rows.begin() - 1);
}

TaskGraphBuilder::TaskGraphBuilder(std::string source_name)
    : source_name_(std::move(source_name)) {}

void TaskGraphBuilder::reserve(std::size_t tasks, std::size_t edges) {
  names_.reserve(tasks);
  tasks_.reserve(tasks);
  lines_.reserve(tasks);
  edge_from_.reserve(edges);
  edge_to_.reserve(edges);
  edge_props_.reserve(edges);
}

TaskId TaskGraphBuilder::intern_task(std::string_view name, double default_work,
                                     std::uint32_t line) {
  bool added = false;
  const TaskId id = names_.intern(name, &added);
  if (added) {
    tasks_.push_back(TaskProps{default_work});
    lines_.push_back(line);
    if (!costs_.empty()) costs_.emplace_back();
  }
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

void TaskGraphBuilder::assemble_csr(GraphStorage& csr, std::uint32_t n) {
  const std::size_t m = edge_from_.size();
  csr = GraphStorage();
  // Forward rows: a stable counting sort by source (insertion order kept within a source).
  std::vector<std::uint32_t> rows(std::size_t{n} + 1, 0);
  for (const TaskId from : edge_from_) ++rows[from + 1];
  for (std::uint32_t t = 0; t < n; ++t) rows[t + 1] += rows[t];
  if (sorted_) {
    csr.m_forward.m_column = std::move(edge_to_);
    csr.m_forward.m_edge_properties = std::move(edge_props_);
  } else {
    std::vector<TaskId> column(m);
    std::vector<EdgeProps> props(m);
    std::vector<std::uint32_t> fill(rows.begin(), rows.end() - 1);
    for (std::size_t e = 0; e < m; ++e) {
      const std::uint32_t pos = fill[edge_from_[e]]++;
      column[pos] = edge_to_[e];
      props[pos] = edge_props_[e];
    }
    std::vector<TaskId>().swap(edge_to_);
    std::vector<EdgeProps>().swap(edge_props_);
    csr.m_forward.m_column = std::move(column);
    csr.m_forward.m_edge_properties = std::move(props);
  }
  std::vector<TaskId>().swap(edge_from_);
  // Backward rows: the transpose, in forward edge order (what Boost's own build does).
  const std::vector<TaskId>& column = csr.m_forward.m_column;
  std::vector<std::uint32_t> back_rows(std::size_t{n} + 1, 0);
  for (const TaskId to : column) ++back_rows[to + 1];
  for (std::uint32_t t = 0; t < n; ++t) back_rows[t + 1] += back_rows[t];
  std::vector<TaskId> sources(m);
  std::vector<EdgeId> edge_ids(m);
  std::vector<std::uint32_t> fill(back_rows.begin(), back_rows.end() - 1);
  for (TaskId u = 0; u < n; ++u) {
    for (std::uint32_t e = rows[u]; e < rows[u + 1]; ++e) {
      const std::uint32_t pos = fill[column[e]]++;
      sources[pos] = u;
      edge_ids[pos] = e;
    }
  }
  csr.m_forward.m_rowstart = std::move(rows);
  csr.m_backward.m_rowstart = std::move(back_rows);
  csr.m_backward.m_column = std::move(sources);
  csr.m_backward.m_edge_properties = std::move(edge_ids);
}

TaskGraph TaskGraphBuilder::build() {
  const std::uint32_t n = names_.size();
  auto fail = [&](TaskId t, const std::string& reason) -> InputError {
    return InputError(source_name_, lines_.empty() ? 0 : lines_[t], reason);
  };
  for (TaskId t = 0; t < n; ++t) {
    if (!std::isfinite(tasks_[t].work) || tasks_[t].work < 0)
      throw fail(t, "task '" + std::string(names_.name(t)) + "' has invalid work " +
                        std::to_string(tasks_[t].work) + " (need a finite number >= 0)");
  }
  const std::size_t m = edge_from_.size();
  if (m >= 0xFFFFFFFFu) throw InputError(source_name_, 0, "more than 4 billion edges");
  for (std::size_t e = 0; e < m; ++e) {
    const TaskId from = edge_from_[e];
    const TaskId to = edge_to_[e];
    const double bytes = edge_props_[e].bytes;
    if (!std::isfinite(bytes) || bytes < 0)
      throw fail(from, "edge '" + std::string(names_.name(from)) + "' -> '" +
                           std::string(names_.name(to)) + "' has invalid size " +
                           std::to_string(bytes));
    if (from == to)
      throw fail(from, "task '" + std::string(names_.name(from)) + "' depends on itself");
  }

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

  g.names_ = std::move(names_);
  g.lines_ = std::move(lines_);
  g.source_name_ = source_name_;

  auto order = topological_order_or_cycle(g);
  if (!order.cycle.empty()) {
    std::string path;
    for (TaskId t : order.cycle) path += "'" + std::string(g.name(t)) + "' -> ";
    path += "'" + std::string(g.name(order.cycle.front())) + "'";
    throw InputError(g.source_name_, g.line_of(order.cycle.front()),
                     "the graph has a cycle through task '" +
                         std::string(g.name(order.cycle.front())) + "': " + path);
  }
  g.topo_ = std::move(order.order);

  names_ = NameTable();
  lines_.clear();
  costs_.clear();
  sorted_ = true;
  return g;
}

}  // namespace pelsim::models
