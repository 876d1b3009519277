// Teaching mode: one run, event by event.
#pragma once

#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QListWidget>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QSpinBox>
#include <QtWidgets/QTableWidget>
#include <QtWidgets/QWidget>
#include <memory>

#include "gantt_view.hpp"
#include "pelsim/experiment/run_point.hpp"
#include "pelsim/experiment/scenario.hpp"

namespace pelsim::gui {

class StepRecorder;

/// Steps one run of a scenario: Step (one event), Step 10, Run to a time, Run to the end,
/// Reset (back to time 0). Shows the simulated time, each core's state (idle or the task it
/// runs), the ready tasks (every input task finished, not started yet), a log of what each
/// event did, the scheduler's explanation of its last decision (the task, the core, the kind,
/// and the candidates it weighed with their scores, in a table; for a planning policy, whose
/// decisions are all made before the run, the decision that placed the task started last),
/// and the Gantt chart of what has happened so far (coloured by task type or by decision).
/// Runs on the UI thread: meant for teaching-size graphs (thousands of tasks).
class StepView : public QWidget {
  Q_OBJECT
 public:
  explicit StepView(QWidget* parent = nullptr);
  ~StepView() override;

  void setScenario(std::shared_ptr<const experiment::Scenario> scenario);
  /// Starts run `run` of the scenario from time 0.
  void reset();
  /// Processes up to `events` events; false when the run has ended.
  bool step(int events = 1);
  void runUntil(double t);
  double now() const;
  bool finished() const;
  QString coreState(std::uint32_t core) const;
  QStringList readyTasks() const;
  QString log() const { return log_->toPlainText(); }
  /// What the chosen run is: "heft on 16 cores (policy=heft, platform.network=flow)" (its
  /// policy, cores and the swept values of its point).
  QString runInfo() const { return run_info_->text(); }
  /// One line on the last decision shown ("" before any): "heft: t3 on core 1 (planned) ...".
  QString explanation() const { return explanation_->text(); }
  /// Its candidates: one row per core (or queued task), columns id, score, start, finish.
  QTableWidget* candidateTable() const { return candidates_; }
  GanttView* gantt() const { return gantt_; }

 private:
  void refresh();
  void showDecision();

  std::shared_ptr<const experiment::Scenario> scenario_;
  std::unique_ptr<StepRecorder> recorder_;
  std::unique_ptr<experiment::SteppedRun> run_;
  QSpinBox* run_index_;
  QLabel* run_info_;  // what the chosen run is: its policy, cores and swept values
  QLineEdit* until_;
  QLabel* clock_;
  QListWidget* cores_;
  QListWidget* ready_;
  QPlainTextEdit* log_;
  QLabel* explanation_;
  QTableWidget* candidates_;
  GanttView* gantt_;
  std::string policy_;
  std::size_t shown_decision_ = SIZE_MAX;  ///< the decision in the table now
};

}  // namespace pelsim::gui
