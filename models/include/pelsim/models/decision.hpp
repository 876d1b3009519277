// Scheduling decisions as the policies explain them: what was chosen, among what, and why.
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "pelsim/models/task_graph.hpp"

namespace pelsim::models {

/// What kind of decision a policy made.
///  - kPlanned: a planning policy (hlfet, heft, ..., round_robin, random) placed a task in its
///    plan, before the run (time 0); `start` / `finish` are the planned times.
///  - kStaticOrder: the `static` policy queued a task on the core given by its schedule CSV,
///    at position `order` of that core's sequence.
///  - kQueuePick: a dynamic policy with one ready queue (fifo, central_queue) gave the queue's
///    best task to an idle core.
///  - kPush: work_stealing pushed a ready task onto a core's deque (not final: a local pop or
///    a steal later takes it).
///  - kLocalPop: work_stealing: a core took the newest task of its own deque.
///  - kSteal: work_stealing: a core took the oldest task of `victim`'s deque.
///    locality uses kPush (a ready task joins its preferred core's queue), kLocalPop (a core
///    took the oldest task of its own queue) and kSteal (of `victim`'s queue) likewise.
///  - kFailedSteal: work_stealing: a core tried to steal and found nothing (`task` is
///    kNoDecisionTask; `victim` is the core it tried, or kNoDecisionCore when every deque was
///    empty and it went to sleep without drawing one).
///  - kMoved: a plan's task left on a core that failed for good (`victim`) went to `core`, by
///    the simulator's repair rule (docs/models/faults.md): `score` its estimated finish there
///    ("finish"), each candidate a core that was left with the task's estimated start and
///    finish on it; `order` its position among the core's tasks left.
enum class DecisionKind : std::uint8_t {
  kPlanned,
  kStaticOrder,
  kQueuePick,
  kPush,
  kLocalPop,
  kSteal,
  kFailedSteal,
  kMoved,
};

/// The decision kinds in enum order, for loops and legends.
inline constexpr DecisionKind kDecisionKinds[] = {
    DecisionKind::kPlanned,     DecisionKind::kStaticOrder, DecisionKind::kQueuePick,
    DecisionKind::kPush,        DecisionKind::kLocalPop,    DecisionKind::kSteal,
    DecisionKind::kFailedSteal, DecisionKind::kMoved};

/// "planned", "static_order", "queue_pick", "push", "local_pop", "steal", "failed_steal",
/// "moved".
const char* decision_kind_name(DecisionKind kind);

/// True for the decisions that fix the core a task runs on: each task gets exactly one such
/// decision per run, and one more each time a failure moves it (kPush and kFailedSteal are
/// the others).
constexpr bool is_final(DecisionKind kind) {
  return kind != DecisionKind::kPush && kind != DecisionKind::kFailedSteal;
}

inline constexpr TaskId kNoDecisionTask = std::numeric_limits<TaskId>::max();
inline constexpr CoreId kNoDecisionCore = std::numeric_limits<CoreId>::max();

/// One option a policy weighed. `id` is a core (when Decision::candidates_are_tasks is false:
/// the same task on every core) or a task (the other ready tasks of a queue). `score` is the
/// policy's measure named by Decision::score_name; start/finish are the times it estimated on
/// that core (NaN when the policy has none).
struct Candidate {
  std::uint32_t id = 0;
  double score = std::numeric_limits<double>::quiet_NaN();
  double start = std::numeric_limits<double>::quiet_NaN();
  double finish = std::numeric_limits<double>::quiet_NaN();
};

/// One decision, as a view: `candidates` (and score_name, a string literal) are valid only
/// during the DecisionObserver call. Numbers that do not apply are NaN, ids that do not apply
/// are kNoDecisionTask / kNoDecisionCore, counts that do not apply are kNoCount.
struct Decision {
  static constexpr std::uint32_t kNoCount = std::numeric_limits<std::uint32_t>::max();
  double time = 0;  ///< simulated time of the decision (0 for a plan)
  TaskId task = kNoDecisionTask;
  CoreId core = kNoDecisionCore;
  DecisionKind kind = DecisionKind::kPlanned;
  /// The policy's score of the chosen option (e.g. its EFT), in the unit of score_name.
  double score = std::numeric_limits<double>::quiet_NaN();
  /// What `score` (and each candidate's score) is: "eft", "eft+oct", "start", ... ("" if none).
  const char* score_name = "";
  /// The task's priority in the policy's list (upward rank, bottom level, ALAP time, ...).
  double rank = std::numeric_limits<double>::quiet_NaN();
  const char* rank_name = "";                                ///< what `rank` is ("" if none)
  double start = std::numeric_limits<double>::quiet_NaN();   ///< planned start (plans only)
  double finish = std::numeric_limits<double>::quiet_NaN();  ///< planned finish (plans only)
  CoreId victim = kNoDecisionCore;                           ///< steals: the core robbed
  std::uint32_t queue_length = kNoCount;  ///< ready tasks the policy chose among (queues)
  std::uint32_t order = kNoCount;         ///< position on the core (static schedules)
  bool candidates_are_tasks = false;      ///< candidates name tasks, not cores
  std::span<const Candidate> candidates;
};

/// Receives every decision of one run, in the order the policy makes them (plans: at creation
/// of the run, before its first event). Set it in PolicyOptions::explain; with none set, a
/// policy pays one predictable branch per decision and allocates nothing for it. Called from
/// the thread running the simulation; an exception it throws aborts the run (it propagates
/// to the front end's create() / step() / run() call).
class DecisionObserver {
 public:
  virtual ~DecisionObserver();
  virtual void on_decision(const Decision& d) = 0;
};

/// A DecisionObserver that keeps every decision (candidates copied), for tests and the GUI.
class DecisionLog final : public DecisionObserver {
 public:
  /// A stored decision: the Decision with its candidates at
  /// candidates()[first_candidate, first_candidate + candidate_count).
  struct Entry {
    Decision decision;  ///< its `candidates` span is empty: use candidates_of()
    std::uint32_t first_candidate = 0;
    std::uint32_t candidate_count = 0;
  };
  void on_decision(const Decision& d) override;
  const std::vector<Entry>& entries() const { return entries_; }
  std::span<const Candidate> candidates_of(const Entry& e) const {
    return std::span(candidates_).subspan(e.first_candidate, e.candidate_count);
  }
  /// The i-th decision with its candidates span pointing into this log.
  Decision at(std::size_t i) const;

 private:
  std::vector<Entry> entries_;
  std::vector<Candidate> candidates_;
};

}  // namespace pelsim::models
