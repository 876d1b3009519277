// Scheduling decisions as JSON lines: what `pelsim simulate --explain FILE.jsonl` writes.
#pragma once

#include <ostream>
#include <string>

#include "pelsim/models/decision.hpp"
#include "pelsim/models/task_graph.hpp"

namespace pelsim::experiment {

/// One decision as a one-line JSON object (no newline), tasks named as in the graph, numbers
/// as "%.17g". Fields that do not apply to the decision are left out (docs/explain.md):
/// {"time":0,"kind":"planned","final":true,"task":"t0","task_id":0,"core":0,"score":2,
///  "score_name":"eft","rank":10,"rank_name":"rank_u","start":0,"finish":2,
///  "candidates":[{"core":0,"score":2,"start":0,"finish":2},...]}
std::string decision_json(const models::Decision& d, const models::TaskGraph& graph);

/// A DecisionObserver writing decision_json() lines to a stream (the caller makes it atomic:
/// an AtomicFile's stream, committed after the run). `graph` must outlive it.
class DecisionJsonWriter final : public models::DecisionObserver {
 public:
  DecisionJsonWriter(std::ostream& out, const models::TaskGraph& graph)
      : out_(out), graph_(graph) {}
  void on_decision(const models::Decision& d) override;

 private:
  std::ostream& out_;
  const models::TaskGraph& graph_;
};

}  // namespace pelsim::experiment
