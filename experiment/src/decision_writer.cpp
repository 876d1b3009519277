#include "pelsim/experiment/decision_writer.hpp"

#include <cmath>

#include "pelsim/experiment/json_line.hpp"

namespace pelsim::experiment {

namespace m = pelsim::models;

namespace {

void add_if(JsonLine& j, const char* key, double v) {
  if (!std::isnan(v)) j.add(key, v);
}

void add_task(JsonLine& j, const char* name_key, const char* id_key, m::TaskId t,
              const m::TaskGraph& g) {
  j.add(name_key, g.name(t)).add(id_key, std::uint64_t{t});
}

}  // namespace

std::string decision_json(const m::Decision& d, const m::TaskGraph& graph) {
  JsonLine j;
  j.add("time", d.time)
      .add("kind", m::decision_kind_name(d.kind))
      .add_raw("final", m::is_final(d.kind) ? "true" : "false");
  if (d.task != m::kNoDecisionTask) add_task(j, "task", "task_id", d.task, graph);
  if (d.core != m::kNoDecisionCore) j.add("core", std::uint64_t{d.core});
  if (d.victim != m::kNoDecisionCore) j.add("victim", std::uint64_t{d.victim});
  if (!std::isnan(d.score)) {
    j.add("score", d.score);
    if (*d.score_name) j.add("score_name", d.score_name);
  }
  if (!std::isnan(d.rank)) {
    j.add("rank", d.rank);
    if (*d.rank_name) j.add("rank_name", d.rank_name);
  }
  add_if(j, "start", d.start);
  add_if(j, "finish", d.finish);
  if (d.queue_length != m::Decision::kNoCount) j.add("queue_length", std::uint64_t{d.queue_length});
  if (d.order != m::Decision::kNoCount) j.add("order", std::uint64_t{d.order});
  if (!d.candidates.empty()) {
    std::string list = "[";
    for (const m::Candidate& c : d.candidates) {
      JsonLine cj;
      if (d.candidates_are_tasks)
        add_task(cj, "task", "task_id", c.id, graph);
      else
        cj.add("core", std::uint64_t{c.id});
      add_if(cj, "score", c.score);
      add_if(cj, "start", c.start);
      add_if(cj, "finish", c.finish);
      if (list.size() > 1) list += ',';
      list += cj.str();
    }
    list += ']';
    j.add_raw("candidates", list);
  }
  return j.str();
}

void DecisionJsonWriter::on_decision(const m::Decision& d) {
  out_ << decision_json(d, graph_) << '\n';
}

}  // namespace pelsim::experiment
