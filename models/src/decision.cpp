#include "pelsim/models/decision.hpp"

namespace pelsim::models {

DecisionObserver::~DecisionObserver() = default;

const char* decision_kind_name(DecisionKind kind) {
  switch (kind) {
    case DecisionKind::kPlanned:
      return "planned";
    case DecisionKind::kStaticOrder:
      return "static_order";
    case DecisionKind::kQueuePick:
      return "queue_pick";
    case DecisionKind::kPush:
      return "push";
    case DecisionKind::kLocalPop:
      return "local_pop";
    case DecisionKind::kSteal:
      return "steal";
    case DecisionKind::kFailedSteal:
      return "failed_steal";
    case DecisionKind::kMoved:
      return "moved";
  }
  return "?";
}

void DecisionLog::on_decision(const Decision& d) {
  Entry e;
  e.decision = d;
  e.decision.candidates = {};
  e.first_candidate = static_cast<std::uint32_t>(candidates_.size());
  e.candidate_count = static_cast<std::uint32_t>(d.candidates.size());
  candidates_.insert(candidates_.end(), d.candidates.begin(), d.candidates.end());
  entries_.push_back(e);
}

Decision DecisionLog::at(std::size_t i) const {
  Decision d = entries_[i].decision;
  d.candidates = candidates_of(entries_[i]);
  return d;
}

}  // namespace pelsim::models
