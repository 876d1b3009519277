// The pelsim dashboard window: scenario editor, scaling charts, results table, run view.
#pragma once

#include <QtCore/QTemporaryDir>
#include <QtWidgets/QCheckBox>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QLabel>
#include <QtWidgets/QMainWindow>
#include <QtWidgets/QProgressBar>
#include <QtWidgets/QTabWidget>
#include <QtWidgets/QTableView>
#include <memory>
#include <thread>

#include "batch_runner.hpp"
#include "compare_view.hpp"
#include "dag_view.hpp"
#include "gantt_view.hpp"
#include "link_view.hpp"
#include "results_model.hpp"
#include "scaling_view.hpp"
#include "scenario_editor.hpp"
#include "step_view.hpp"

namespace pelsim::gui {

/// The main window. Open (menu, recent files, drag and drop, command line) a scenario or a
/// workload file (which gets a starter scenario), edit it, Run it in the background (progress
/// bar, Cancel), watch the results table fill, see the scaling charts, double-click a run to
/// see its Gantt chart and, on the flow network, how busy its links were. Export charts (PNG/SVG)
/// and the table (CSV). No simulation code runs on the UI thread except scenario validation.
class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  /// Opens a scenario (.yaml/.yml) or a workload file; false with a message box otherwise.
  bool openFile(const QString& path);
  /// Starts a batch of the editor's scenario; false if it is invalid or one is running.
  bool runScenario();
  void cancelRun();
  /// Simulates one run again with a recorder and shows it in the Run tab (in the background).
  void showRun(std::size_t run);
  bool exportScaling(const QString& path);
  bool exportTable(const QString& path);
  bool exportGantt(const QString& path);

  ScenarioEditor* editor() const { return editor_; }
  ScalingView* scalingView() const { return scaling_; }
  GanttView* ganttView() const { return gantt_; }
  /// The Schedule tab's "Colour by" choice: 0 task type, 1 policy decision.
  QComboBox* colourBy() const { return colour_by_; }
  /// The Schedule tab's "Show transfers" checkbox (off by default).
  QCheckBox* showTransfers() const { return show_transfers_; }
  LinkView* linkView() const { return links_; }
  /// The Run page's views: the Gantt chart (0) and the links (1).
  QTabWidget* runTabs() const { return run_tabs_; }
  DagView* dagView() const { return dag_; }
  StepView* stepView() const { return step_; }
  CompareView* compareView() const { return compare_; }
  ResultsModel* results() const { return results_; }
  QTabWidget* tabs() const { return tabs_; }
  BatchRunner* runner() const { return runner_; }

 signals:
  /// A batch ended (complete, cancelled or failed).
  void batchEnded(bool complete);
  /// The Run tab shows a new run.
  void runShown(qulonglong run);

 protected:
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;
  void closeEvent(QCloseEvent* event) override;

 private:
  void buildMenus();
  void rememberRecent(const QString& path);
  void refreshRecentMenu();
  void onBatchFinished(bool interrupted);
  void setRunning(bool running);

  ScenarioEditor* editor_;
  ScalingView* scaling_;
  QTableView* table_;
  ResultsModel* results_;
  GanttView* gantt_;
  QComboBox* colour_by_;
  QCheckBox* show_transfers_;
  LinkView* links_;
  QTabWidget* run_tabs_;
  QLabel* run_info_;
  DagView* dag_;
  StepView* step_;
  CompareView* compare_;
  QLabel* task_info_;
  QTabWidget* tabs_;
  QProgressBar* progress_;
  QLabel* status_;
  QMenu* recent_menu_ = nullptr;
  QAction* run_action_ = nullptr;
  QAction* cancel_action_ = nullptr;
  BatchRunner* runner_;
  std::shared_ptr<const experiment::Scenario> running_scenario_;
  std::unique_ptr<QTemporaryDir> out_dir_;
  std::thread trace_worker_;
};

}  // namespace pelsim::gui
