#include "pelsim/models/policies/hlfet.hpp"

#include <algorithm>
#include <limits>

namespace pelsim::models {

const char* level_name(LevelKind kind) {
  return kind == LevelKind::kStatic ? "static_level" : "bottom_level";
}

std::vector<double> bottom_levels(const Problem& problem, LevelKind kind) {
  const TaskGraph& g = problem.graph();
  const std::uint32_t p = problem.core_count();
  const NetworkModel& net = problem.network();
  std::vector<double> bl(g.task_count(), 0.0);
  g.for_each_successors_first([&](TaskId v) {
    double best = 0.0;
    for (EdgeId e = g.out_begin(v); e < g.out_end(v); ++e)
      best = std::max(best, (kind == LevelKind::kStatic ? 0.0 : net.transfer_time(g.bytes(e))) +
                                bl[g.target(e)]);
    double w = 0.0;
    if (!problem.uniform_durations()) {
      for (CoreId c = 0; c < p; ++c) w += problem.duration(v, c);
      w /= p;
    } else {
      w = problem.duration(v, 0);
    }
    bl[v] = w + best;
  });
  return bl;
}

Schedule plan_hlfet(const Problem& problem, double* estimate, DecisionObserver* explain,
                    LevelKind level) {
  const TaskGraph& g = problem.graph();
  const std::uint32_t n = g.task_count();
  const std::uint32_t p = problem.core_count();
  const NetworkModel& net = problem.network();
  const std::vector<double> bl = bottom_levels(problem, level);

  std::vector<std::uint32_t> pos(n);
  const auto& topo = g.topological_order();
  for (std::uint32_t i = 0; i < n; ++i) pos[topo[i]] = i;
  std::vector<TaskId> prio(topo);
  std::sort(prio.begin(), prio.end(), [&](TaskId a, TaskId b) {
    if (bl[a] != bl[b]) return bl[a] > bl[b];
    return pos[a] < pos[b];
  });

  constexpr CoreId kUnplaced = std::numeric_limits<CoreId>::max();
  std::vector<CoreId> core(n, kUnplaced);
  std::vector<double> aft(n, 0.0);
  std::vector<double> avail(p, 0.0);
  std::vector<std::vector<TaskId>> per_core(p);
  // Data-ready time on core q: `remote` (every input shipped) except on the cores holding
  // inputs, where local inputs cost nothing. Those cores are few (<= in-degree): they are
  // collected in `touched` and resolved exactly, so a decision costs O(in-degree^2 + cores).
  std::vector<CoreId> touched;
  std::vector<double> drt_local(p, 0.0);
  double makespan = 0.0;
  std::vector<Candidate> explained;  // every core's start and finish, when explaining
  if (explain) explained.reserve(p);
  for (const TaskId t : prio) {
    double remote = 0.0;
    touched.clear();
    // (With per-pair costs each core's data-ready time is computed in the loop below.)
    for (std::uint32_t k = g.in_begin(t); k < g.in_end(t) && !net.has_pair_costs(); ++k) {
      const TaskId u = g.in_source(k);
      remote = std::max(remote, aft[u] + net.transfer_time(g.bytes(g.in_edge(k))));
      if (std::find(touched.begin(), touched.end(), core[u]) == touched.end())
        touched.push_back(core[u]);
    }
    for (const CoreId q : touched) {
      double r = 0.0;
      for (std::uint32_t k = g.in_begin(t); k < g.in_end(t); ++k) {
        const TaskId u = g.in_source(k);
        const double arrival =  // (free on one core, unless same-core data moves)
            aft[u] + net.transfer_time(g.bytes(g.in_edge(k)), core[u], q);
        r = std::max(r, arrival);
      }
      drt_local[q] = r;
    }
    CoreId best_core = 0;
    double best_finish = std::numeric_limits<double>::infinity();
    std::size_t next_touched = 0;
    std::sort(touched.begin(), touched.end());
    if (explain) [[unlikely]]
      explained.clear();
    for (CoreId q = 0; q < p; ++q) {
      double drt = remote;
      if (next_touched < touched.size() && touched[next_touched] == q) {
        drt = drt_local[q];
        ++next_touched;
      }
      if (net.has_pair_costs()) {  // what the route from each input's core to q costs
        drt = 0.0;
        for (std::uint32_t k = g.in_begin(t); k < g.in_end(t); ++k) {
          const TaskId u = g.in_source(k);
          drt = std::max(drt, aft[u] + net.transfer_time(g.bytes(g.in_edge(k)), core[u], q));
        }
      }
      const double finish = std::max(avail[q], drt) + problem.duration(t, q);
      if (explain) [[unlikely]]
        explained.push_back({q, finish, std::max(avail[q], drt), finish});
      if (finish < best_finish) {
        best_finish = finish;
        best_core = q;
      }
    }
    if (explain) [[unlikely]] {
      Decision d;
      d.task = t;
      d.core = best_core;
      d.kind = DecisionKind::kPlanned;
      d.score = best_finish;
      d.score_name = "eft";
      d.rank = bl[t];
      d.rank_name = level_name(level);
      d.start = explained[best_core].start;
      d.finish = best_finish;
      d.candidates = explained;
      explain->on_decision(d);
    }
    core[t] = best_core;
    per_core[best_core].push_back(t);
    aft[t] = best_finish;
    avail[best_core] = best_finish;
    makespan = std::max(makespan, best_finish);
  }
  if (estimate) *estimate = makespan;
  return Schedule::from_sequences(n, per_core);
}

}  // namespace pelsim::models
