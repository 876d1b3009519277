#include "pelsim/models/task_graph.hpp"

#include <algorithm>
#include <boost/iterator/transform_iterator.hpp>
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
  work_.reserve(tasks);
  lines_.reserve(tasks);
  edges_.reserve(edges);
}

TaskId TaskGraphBuilder::intern_task(std::string_view name, double default_work,
                                     std::uint32_t line) {
  bool added = false;
  const TaskId id = names_.intern(name, &added);
  if (added) {
    work_.push_back(default_work);
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

void TaskGraphBuilder::add_edge(TaskId from, TaskId to, double bytes) {
  edges_.push_back(RawEdge{from, to, bytes});
}

TaskGraph TaskGraphBuilder::build() {
  const std::uint32_t n = names_.size();
  auto fail = [&](TaskId t, const std::string& reason) -> InputError {
    return InputError(source_name_, lines_.empty() ? 0 : lines_[t], reason);
  };
  for (TaskId t = 0; t < n; ++t) {
    if (!std::isfinite(work_[t]) || work_[t] < 0)
      throw fail(t, "task '" + std::string(names_.name(t)) + "' has invalid work " +
                        std::to_string(work_[t]) + " (need a finite number >= 0)");
  }
  for (const RawEdge& e : edges_) {
    if (!std::isfinite(e.bytes) || e.bytes < 0)
      throw fail(e.from, "edge '" + std::string(names_.name(e.from)) + "' -> '" +
                             std::string(names_.name(e.to)) + "' has invalid size " +
                             std::to_string(e.bytes));
    if (e.from == e.to)
      throw fail(e.from, "task '" + std::string(names_.name(e.from)) + "' depends on itself");
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

  auto to_pair = [](const RawEdge& e) { return std::pair<TaskId, TaskId>(e.from, e.to); };
  auto to_props = [](const RawEdge& e) { return EdgeProps{e.bytes}; };
  g.g_ = GraphStorage(boost::edges_are_unsorted_multi_pass,
                      boost::make_transform_iterator(edges_.cbegin(), to_pair),
                      boost::make_transform_iterator(edges_.cend(), to_pair),
                      boost::make_transform_iterator(edges_.cbegin(), to_props), n);
  std::vector<RawEdge>().swap(edges_);
  for (TaskId t = 0; t < n; ++t) g.g_[t].work = work_[t];
  std::vector<double>().swap(work_);

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
  return g;
}

}  // namespace pelsim::models
