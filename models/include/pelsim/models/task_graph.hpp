// The workload: a directed acyclic graph of tasks with work, and edges with bytes.
#pragma once

#include <atomic>
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <cstdint>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "pelsim/models/name_table.hpp"

namespace pelsim::models {

using TaskId = std::uint32_t;
using EdgeId = std::uint32_t;
using CoreId = std::uint32_t;
/// A task type ("gemm", "io", ...): an index into the graph's table of type names.
using TaskTypeId = std::uint16_t;
/// A lock (a shared resource): an index into the graph's table of lock names.
using LockId = std::uint32_t;

/// The type of a task named `name` when its source gives none: the name without trailing
/// digits and separators (_ - . :) and without a WfCommons "_ID" suffix
/// ("individuals_ID0000042" -> "individuals", "mProject_12" -> "mProject", "t17" -> "t"); a
/// name that is all digits and separators gives "task".
std::string task_type_from_name(std::string_view name);

/// Per-task data stored in the graph.
struct TaskProps {
  double work = 0.0;  ///< flops
};

/// Per-edge data stored in the graph.
struct EdgeProps {
  double bytes = 0.0;  ///< data sent from source to target; 0 = pure precedence
};

/// Boost's compressed sparse row graph, bidirectional, with 32-bit vertex and edge indices.
/// Chosen over adjacency_list by bench/graph_bench.cpp (build and traversal of a 1M-task DAG).
/// TaskGraphBuilder fills its arrays with its own stable counting sort (same layout as
/// Boost's edges_are_unsorted_multi_pass constructor, without its temporaries), so Boost
/// Graph Library algorithms run on it unchanged.
using GraphStorage =
    boost::compressed_sparse_row_graph<boost::bidirectionalS, TaskProps, EdgeProps,
                                       boost::no_property, std::uint32_t, std::uint32_t>;

/// An immutable, validated task DAG. Tasks are numbered 0..task_count()-1 in the order the
/// source first named them; edges 0..edge_count()-1 are grouped by source task. A task has
/// work in flops, a task type (type 0 is the unnamed type "" of tasks without one; a core
/// type of the platform may run each type at its own speed factor), and optionally a cost
/// vector (seconds on each core i: the "unrelated machines" model) that, when present,
/// overrides work/speed and the factors. The graph is known acyclic and provides a
/// topological order (Kahn's algorithm, FIFO, sources in id order).
/// Built only by TaskGraphBuilder.
class TaskGraph {
 public:
  TaskGraph() = default;

  std::uint32_t task_count() const { return static_cast<std::uint32_t>(num_vertices(g_)); }
  std::uint32_t edge_count() const { return static_cast<std::uint32_t>(num_edges(g_)); }

  double work(TaskId t) const { return g_[t].work; }
  std::string_view name(TaskId t) const { return names_.name(t); }
  std::optional<TaskId> find(std::string_view name) const { return names_.find(name); }
  /// find() for a name split as NameTable::find_numbered() requires, through the direct index
  /// only: the id, or NameTable::kNotFound when that index does not have it (find() may).
  TaskId find_numbered(std::string_view name, std::size_t digits, std::uint32_t number) const {
    return names_.find_numbered(name, digits, number);
  }
  /// Batch lookup: ids[i] = id of names[i] or NameTable::kNotFound (prefetched, for big files).
  void find_many(const std::string_view* names, std::size_t count, TaskId* ids) const {
    names_.find_many(names, count, ids);
  }

  /// Task types: task_type(t) indexes the names task_type_name(0..task_type_count()-1), where
  /// type 0 is "" (no type given). has_task_types() is false when no task has a named type.
  bool has_task_types() const { return type_names_.size() > 1; }
  std::uint32_t task_type_count() const { return static_cast<std::uint32_t>(type_names_.size()); }
  /// Per task type, whether some task has it (a generator may name a type none of its tasks
  /// gets, e.g. the gemm of a one-tile Cholesky). O(tasks).
  std::vector<bool> used_task_types() const;
  TaskTypeId task_type(TaskId t) const { return types_.empty() ? TaskTypeId{0} : types_[t]; }
  const std::string& task_type_name(TaskTypeId k) const { return type_names_[k]; }
  std::string_view task_type_name_of(TaskId t) const { return type_names_[task_type(t)]; }
  std::optional<TaskTypeId> find_task_type(std::string_view name) const;
  /// Every task's type as one array (nullptr when !has_task_types()), for hot loops.
  const TaskTypeId* task_type_data() const { return types_.empty() ? nullptr : types_.data(); }

  /// Locks (shared resources a task uses exclusively while it runs, docs/models/
  /// synchronization.md): lock_of(t) indexes lock_name(0..lock_count()-1), or is kNoLock for a
  /// task without one. has_locks() is false when no task has a lock.
  static constexpr LockId kNoLock = std::numeric_limits<LockId>::max();
  bool has_locks() const { return !lock_names_.empty(); }
  std::uint32_t lock_count() const { return static_cast<std::uint32_t>(lock_names_.size()); }
  LockId lock_of(TaskId t) const { return locks_.empty() ? kNoLock : locks_[t]; }
  const std::string& lock_name(LockId l) const { return lock_names_[l]; }

  /// True when tasks carry per-core costs; then cost_columns() == the core count they assume.
  bool has_costs() const { return cost_columns_ != 0; }
  std::uint32_t cost_columns() const { return cost_columns_; }
  /// Seconds task t takes on core c. Precondition: has_costs().
  double cost(TaskId t, CoreId c) const { return costs_[std::size_t{t} * cost_columns_ + c]; }
  /// The same graph (names, work, types, edges in the same order, source lines) with only
  /// core c's costs, for a run on that one core (a scaling curve's 1-core reference run).
  /// Precondition: has_costs() and c < cost_columns().
  TaskGraph with_costs_of_core(CoreId c) const;

  /// Edge endpoints and data. source() is a binary search; hot loops walk in_begin()..in_end()
  /// with in_source() instead.
  TaskId source(EdgeId e) const;
  TaskId target(EdgeId e) const { return g_.m_forward.m_column[e]; }
  double bytes(EdgeId e) const { return g_.m_forward.m_edge_properties[e].bytes; }

  /// Out-edges of t are the contiguous ids [out_begin(t), out_end(t)).
  EdgeId out_begin(TaskId t) const { return g_.m_forward.m_rowstart[t]; }
  EdgeId out_end(TaskId t) const { return g_.m_forward.m_rowstart[t + 1]; }
  std::uint32_t out_degree(TaskId t) const { return out_end(t) - out_begin(t); }
  std::uint32_t in_degree(TaskId t) const {
    return g_.m_backward.m_rowstart[t + 1] - g_.m_backward.m_rowstart[t];
  }
  /// In-edges of t are positions [in_begin(t), in_end(t)), by source task then edge id; at
  /// position k the edge id is in_edge(k) and its source task is in_source(k), both in the
  /// record in_edge_records()[k] (side by side: one cache line for a task's inputs). The
  /// records are built on first use, thread-safe, and then shared by every run of the graph
  /// (a static run never needs them).
  std::uint32_t in_begin(TaskId t) const { return g_.m_backward.m_rowstart[t]; }
  std::uint32_t in_end(TaskId t) const { return g_.m_backward.m_rowstart[t + 1]; }
  /// One in-edge: its source task and its edge id.
  struct InEdge {
    TaskId source;
    EdgeId edge;
  };
  const InEdge* in_edge_records() const {
    if (lazy_ && !lazy_->in_edges_ready.load(std::memory_order_acquire)) build_in_edges();
    return lazy_ ? lazy_->in_edges.data() : nullptr;
  }
  EdgeId in_edge(std::uint32_t k) const { return in_edge_records()[k].edge; }
  TaskId in_source(std::uint32_t k) const { return in_edge_records()[k].source; }

  /// Kahn's order (FIFO, sources in id order). When ids_are_topological(), it is computed on
  /// the first call (thread-safe), as only some algorithms need that exact order.
  const std::vector<TaskId>& topological_order() const;

  /// Cache hints for hot loops that know which tasks come next: start loading t's work and
  /// row start, or (once the row start is there) the first cache line of t's out-edges.
  /// (Always inlined: GCC deems a function that only prefetches pure and drops its calls.)
  [[gnu::always_inline]] void prefetch_task(TaskId t) const {
    __builtin_prefetch(&g_.m_vertex_properties[t]);
    __builtin_prefetch(g_.m_forward.m_rowstart.data() + t);
  }
  [[gnu::always_inline]] void prefetch_out_edges(TaskId t) const {
    __builtin_prefetch(g_.m_forward.m_column.data() + out_begin(t));
    __builtin_prefetch(g_.m_forward.m_edge_properties.data() + out_begin(t));
  }
  /// Likewise t's in-edge row start, and edge e's bytes.
  [[gnu::always_inline]] void prefetch_in_row(TaskId t) const {
    __builtin_prefetch(g_.m_backward.m_rowstart.data() + t);
  }
  [[gnu::always_inline]] void prefetch_bytes(EdgeId e) const {
    __builtin_prefetch(g_.m_forward.m_edge_properties.data() + e);
  }
  /// True when every edge goes from a lower to a higher id: then 0, 1, ..., task_count()-1 is
  /// a topological order too (not necessarily Kahn's), the cheapest one to walk.
  bool ids_are_topological() const { return ids_topological_; }
  /// Calls f(t) for every task, each after all its predecessors (in id order when
  /// ids_are_topological(), else in Kahn's order), or each after all its successors (the
  /// reverse). For what any topological order gives alike (longest paths, bottom levels,
  /// ranks: maxima and sums along edges), without Kahn's order when ids will do.
  template <class F>
  void for_each_predecessors_first(F&& f) const {
    if (ids_are_topological()) {
      for (TaskId t = 0; t < task_count(); ++t) f(t);
    } else {
      for (const TaskId t : topological_order()) f(t);
    }
  }
  template <class F>
  void for_each_successors_first(F&& f) const {
    if (ids_are_topological()) {
      for (TaskId t = task_count(); t-- > 0;) f(t);
    } else {
      const std::vector<TaskId>& order = topological_order();
      for (auto it = order.rbegin(); it != order.rend(); ++it) f(*it);
    }
  }

  /// The Boost.Graph view, for algorithms from the Boost Graph Library (its in-edge arrays
  /// are filled on first use).
  const GraphStorage& storage() const;

  /// Where the graph came from (a path, or empty), and the source line that first named each
  /// task (0 when unknown), for error messages.
  const std::string& source_name() const { return source_name_; }
  std::uint32_t line_of(TaskId t) const { return lines_.empty() ? 0 : lines_[t]; }

 private:
  friend class TaskGraphBuilder;

  void build_in_edges() const;

  mutable GraphStorage g_;  // mutable for storage() only (Boost's in-edge arrays)
  NameTable names_;
  std::vector<double> costs_;
  std::uint32_t cost_columns_ = 0;
  std::vector<TaskTypeId> types_;  // empty when every task has type 0
  std::vector<std::string> type_names_{std::string()};
  std::vector<LockId> locks_;  // empty when no task has a lock
  std::vector<std::string> lock_names_;
  // What is computed on first use. Not shared by copies: TaskGraph is move-only.
  struct Lazy {
    std::once_flag order_once;
    std::vector<TaskId> order;
    std::once_flag in_edges_once;
    std::atomic<bool> in_edges_ready{false};
    std::vector<InEdge> in_edges;  // in_edge_records()
    std::once_flag boost_in_edges_once;
  };
  std::unique_ptr<Lazy> lazy_;
  bool ids_topological_ = false;
  std::vector<std::uint32_t> lines_;
  std::string source_name_;
};

/// Accumulates tasks and edges from a loader or generator, then build() validates them and
/// produces the TaskGraph. Names are interned on first use (intern_task), so an edge may name
/// a task before its own statement. Throws InputError (with source_name and the line of a
/// task on the cycle) when the graph has a cycle, a negative or non-finite work, or cost
/// vectors of different lengths.
class TaskGraphBuilder {
 public:
  explicit TaskGraphBuilder(std::string source_name = {});

  void reserve(std::size_t tasks, std::size_t edges);

  /// Id of the task called `name`, creating it with `default_work` flops if new; `line` is
  /// recorded as where it was first named (0 = unknown).
  TaskId intern_task(std::string_view name, double default_work = 0.0, std::uint32_t line = 0);
  /// intern_task() for a name split as NameTable::intern_numbered() requires (a prefix not
  /// ending in a digit, then `digits` digits of value `number`): same result, faster.
  TaskId intern_numbered_task(std::string_view name, std::size_t digits, std::uint32_t number,
                              double default_work, std::uint32_t line) {
    const TaskId id = names_.find_numbered(name, digits, number);
    if (id != NameTable::kNotFound) return id;
    return add_numbered_task(name, digits, number, default_work, line);
  }
  /// The prefix of numbered task names (NameTable::numbered_prefix), false while none is set.
  bool numbered_prefix(std::string_view* prefix) const { return names_.numbered_prefix(prefix); }
  /// intern_task() of the numbered name prefix + `number` (prefix: numbered_prefix(); `number`
  /// written without leading zero), in its quick cases only: the task when the direct index
  /// has it, or a new task when `number` is the next id (NameTable::is_next_number). Otherwise
  /// returns NameTable::kNotFound and changes nothing: intern_numbered_task() does the rest.
  [[gnu::always_inline]] TaskId intern_by_number(std::uint32_t number, double default_work,
                                                 std::uint32_t line) {
    const TaskId id = names_.find_number(number);
    if (id != NameTable::kNotFound || !names_.is_next_number(number)) return id;
    const TaskId added = names_.add_next();
    record_task(default_work, line);
    return added;
  }
  /// Adds an anonymous-name task ("t<id>") — for generators.
  TaskId add_task(double work);

  void set_work(TaskId t, double work) { tasks_[t].work = work; }
  double work(TaskId t) const { return tasks_[t].work; }
  /// Per-core costs in seconds; every task must then get a vector of the same length.
  void set_costs(TaskId t, std::vector<double> costs);
  /// The id of task type `name` ("" is type 0, no type), adding it if new. Throws InputError
  /// past 65535 types.
  TaskTypeId intern_type(std::string_view name);
  /// Sets t's type (a task has type 0, "", until then).
  void set_type(TaskId t, TaskTypeId type);
  void set_type(TaskId t, std::string_view name) { set_type(t, intern_type(name)); }
  /// Gives t the lock named `name` (a task has none until then; "" removes it).
  void set_lock(TaskId t, std::string_view name);
  /// Adds task `t` of `graph` with the given work: its name, source line, type and lock (for
  /// the graph's variants: other costs, other work). Its edges are the caller's to add.
  TaskId copy_task(const TaskGraph& graph, TaskId t, double work);

  [[gnu::always_inline]] void add_edge(TaskId from, TaskId to, double bytes) {
    if (sorted_ && std::size_t{from} + 1 != row_start_.size()) {
      if (from == row_start_.size()) {  // the next source, as in generated files
        row_start_.push_back(static_cast<std::uint32_t>(edge_to_.size()));
      } else {
        start_row(from);
      }
    }
    if (!sorted_) edge_from_.push_back(from);
    edge_to_.push_back(to);
    edge_props_.push_back(EdgeProps{bytes});
  }

  std::uint32_t task_count() const { return names_.size(); }
  std::size_t edge_count() const { return edge_to_.size(); }
  /// Replaces the bytes of edge e (its index in the order edges were added: the e-th call of
  /// add_edge, counting from 0).
  void set_edge_bytes(std::size_t e, double bytes) { edge_props_[e].bytes = bytes; }

  /// Validates and freezes the graph. The builder is left empty.
  TaskGraph build();

 private:
  TaskId add_numbered_task(std::string_view name, std::size_t digits, std::uint32_t number,
                           double default_work, std::uint32_t line);
  void record_task(double work, std::uint32_t line) {  // a task just added to names_
    tasks_.push_back(TaskProps{work});
    lines_.push_back(line);
    if (!costs_.empty()) costs_.emplace_back();
    if (!types_.empty()) types_.push_back(0);
    if (!locks_.empty()) locks_.push_back(TaskGraph::kNoLock);
  }
  void start_row(TaskId from);
  void check_edge(std::size_t e, TaskId from) const {
    const double bytes = edge_props_[e].bytes;
    if (!(bytes >= 0 && bytes <= std::numeric_limits<double>::max()) || from == edge_to_[e])
      reject_edge(e, from);
  }
  [[noreturn]] void reject_edge(std::size_t e, TaskId from) const;
  bool check_edges() const;
  void assemble_csr(GraphStorage& csr, std::uint32_t n);

  std::string source_name_;
  NameTable names_;
  std::vector<TaskProps> tasks_;
  std::vector<std::uint32_t> lines_;
  // Edges in insertion order, as columns. While they arrive grouped by source in increasing
  // order (generated files, every writer of pelsim), edge_to_ and edge_props_ are already the
  // graph's CSR arrays and row_start_ its row starts (up to the latest source); edge_from_
  // is filled only once an edge breaks that order (sorted_ false).
  std::vector<std::uint32_t> row_start_;
  std::vector<TaskId> edge_from_;
  std::vector<TaskId> edge_to_;
  std::vector<EdgeProps> edge_props_;
  bool sorted_ = true;
  std::vector<std::vector<double>> costs_;  // empty unless some task has costs
  std::vector<TaskTypeId> types_;           // empty until some task gets a type
  std::vector<std::string> type_names_{std::string()};
  std::unordered_map<std::string, TaskTypeId> type_index_;  // name -> id, except ""
  std::vector<LockId> locks_;                               // empty until some task gets a lock
  std::vector<std::string> lock_names_;
  std::unordered_map<std::string, LockId> lock_index_;
};

}  // namespace pelsim::models
