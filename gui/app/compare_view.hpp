// Two runs of a scenario side by side (e.g. policy A against policy B on the same platform).
#pragma once

#include <QtWidgets/QLabel>
#include <QtWidgets/QSpinBox>
#include <QtWidgets/QWidget>
#include <memory>
#include <thread>

#include "gantt_view.hpp"
#include "pelsim/experiment/run_point.hpp"
#include "pelsim/experiment/scenario.hpp"

namespace pelsim::gui {

/// Picks two runs of the scenario, simulates both in the background with recorders, and
/// shows their Gantt charts one above the other on the same time scale, with the makespans,
/// utilisations and their differences (B - A).
class CompareView : public QWidget {
  Q_OBJECT
 public:
  explicit CompareView(QWidget* parent = nullptr);
  ~CompareView() override;

  void setScenario(std::shared_ptr<const experiment::Scenario> scenario);
  /// Starts comparing runs a and b; compared() follows.
  void compare(int a, int b);
  QString summary() const { return summary_->text(); }
  GanttView* gantt(int i) const { return gantt_[i]; }

 signals:
  void compared();

 private:
  std::shared_ptr<const experiment::Scenario> scenario_;
  QSpinBox* pick_[2];
  GanttView* gantt_[2];
  QLabel* summary_;
  std::thread worker_;
};

}  // namespace pelsim::gui
