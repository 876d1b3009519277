// MCP (Wu and Gajski, IEEE TPDS 1(3), 1990): ALAP-ordered list scheduling with insertion.
#include "pelsim/models/policies/mcp.hpp"

#include <algorithm>
#include <functional>
#include <queue>
#include <utility>

#include "pelsim/models/policies/heft.hpp"
#include "planner.hpp"

namespace pelsim::models {

namespace {

// The ALAP times of a task's descendants in increasing order, one at a time: a best-first
// walk from its children (a child's ALAP time is never below its parent's, so the walk pops
// them in order). `seen` holds a stamp per task, shared by the walks of one comparison.
class DescendantWalk {
 public:
  DescendantWalk(const TaskGraph& g, const std::vector<double>& alap, TaskId root,
                 std::vector<std::uint32_t>& seen, std::uint32_t stamp)
      : g_(g), alap_(alap), seen_(seen), stamp_(stamp) {
    push_children(root);
  }
  bool done() const { return heap_.empty(); }
  double next() {
    const auto [time, t] = heap_.top();
    heap_.pop();
    push_children(t);
    return time;
  }

 private:
  void push_children(TaskId t) {
    for (EdgeId e = g_.out_begin(t); e < g_.out_end(t); ++e) {
      const TaskId c = g_.target(e);
      if (seen_[c] == stamp_) continue;
      seen_[c] = stamp_;
      heap_.emplace(alap_[c], c);
    }
  }
  using Item = std::pair<double, TaskId>;
  const TaskGraph& g_;
  const std::vector<double>& alap_;
  std::vector<std::uint32_t>& seen_;
  std::uint32_t stamp_;
  std::priority_queue<Item, std::vector<Item>, std::greater<Item>> heap_;
};

}  // namespace

std::vector<double> alap_times(const Problem& problem) {
  std::vector<double> alap = upward_ranks(problem);
  const double cp = alap.empty() ? 0.0 : *std::max_element(alap.begin(), alap.end());
  for (double& a : alap) a = cp - a;
  return alap;
}

Schedule plan_mcp(const Problem& problem, double* estimate, std::vector<double>* start_times,
                  DecisionObserver* explain) {
  const TaskGraph& g = problem.graph();
  const std::uint32_t n = g.task_count();
  const std::vector<double> alap = alap_times(problem);
  const std::vector<std::uint32_t> pos = detail::topological_positions(g);
  std::vector<std::uint32_t> seen_a(n, 0), seen_b(n, 0);
  std::uint32_t stamp = 0;
  // a before b: the smaller ALAP time, then the smaller descendant list, then topological.
  const auto before = [&](TaskId a, TaskId b) {
    if (alap[a] != alap[b]) return alap[a] < alap[b];
    ++stamp;
    DescendantWalk wa(g, alap, a, seen_a, stamp), wb(g, alap, b, seen_b, stamp);
    while (!wa.done() && !wb.done()) {
      const double x = wa.next(), y = wb.next();
      if (x != y) return x < y;
    }
    if (wa.done() != wb.done()) return wa.done();  // a proper prefix goes first
    return pos[a] < pos[b];
  };
  std::vector<TaskId> list(g.topological_order());
  std::sort(list.begin(), list.end(), before);
  std::vector<std::uint32_t> rank(n);
  for (std::uint32_t i = 0; i < n; ++i) rank[list[i]] = i;

  // Ready tasks by their place in the list (the list itself when it is topological).
  std::priority_queue<std::uint32_t, std::vector<std::uint32_t>, std::greater<>> ready;
  std::vector<std::uint32_t> preds_left(n);
  for (TaskId v = 0; v < n; ++v)
    if ((preds_left[v] = g.in_degree(v)) == 0) ready.push(rank[v]);
  detail::Planner planner(problem);
  planner.set_explain(explain, &alap, "alap");
  while (!ready.empty()) {
    const TaskId t = list[ready.top()];
    ready.pop();
    planner.place(t);
    for (EdgeId e = g.out_begin(t); e < g.out_end(t); ++e)
      if (--preds_left[g.target(e)] == 0) ready.push(rank[g.target(e)]);
  }
  return planner.finish(estimate, start_times);
}

}  // namespace pelsim::models
