// A Gantt chart of one run: cores by time, with core utilisation over time underneath.
#pragma once

#include <QtCore/QString>
#include <QtWidgets/QWidget>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "pelsim/experiment/run_point.hpp"
#include "pelsim/models/decision.hpp"
#include "pelsim/models/task_graph.hpp"
#include "pelsim/models/trace_recorder.hpp"

namespace pelsim::gui {

/// Records, per task, the kind of the policy's final decision for it (planned, queue pick,
/// local pop, steal, ...): a DecisionObserver for the Gantt chart's "colour by decision".
class FinalDecisions final : public models::DecisionObserver {
 public:
  static constexpr std::uint8_t kNone = 255;  ///< no final decision (yet)
  explicit FinalDecisions(std::uint32_t tasks) : kinds_(tasks, kNone) {}
  void on_decision(const models::Decision& d) override {
    if (models::is_final(d.kind) && d.task < kinds_.size())
      kinds_[d.task] = static_cast<std::uint8_t>(d.kind);
  }
  const std::vector<std::uint8_t>& kinds() const { return kinds_; }

 private:
  std::vector<std::uint8_t> kinds_;
};

/// What a Gantt chart shows, built once from a run's trace: per core its task spans sorted
/// by start, each task's type (its name without the trailing number, e.g. "individuals" for
/// individuals_ID0000042) for colouring, each task's final decision kind (FinalDecisions,
/// empty when not recorded), the busy-core count as a step function, and the data transfers
/// between different cores sorted by start (empty unless the trace recorded transfers).
struct GanttData {
  struct Span {
    double start;
    double finish;
    std::uint32_t task;
  };
  std::shared_ptr<const models::TaskGraph> graph;
  std::uint32_t cores = 0;
  double makespan = 0;
  std::vector<std::vector<Span>> per_core;
  std::vector<std::uint16_t> task_type;
  std::vector<QString> type_names;
  std::vector<std::uint8_t> task_decision;  ///< models::DecisionKind or FinalDecisions::kNone
  std::vector<std::pair<double, int>> busy_steps;  ///< (time, busy cores from then on)
  std::vector<sim::TransferSpan> transfers;        ///< src_core != dst_core, sorted by start
  double longest_transfer = 0;                     ///< max finish - start over `transfers`
  /// Faults: the task runs a failure cut short, and each core's downtimes (up: infinity when
  /// never repaired), drawn over the tasks (docs/models/faults.md).
  std::vector<sim::TaskSpan> cut_short;
  std::vector<models::TraceRecorder::Downtime> downtimes;

  static GanttData from_trace(std::shared_ptr<const models::TaskGraph> graph,
                              const models::TraceRecorder& trace);
  /// The busy-core count at time t.
  int busy_at(double t) const;
};

/// One run simulated again with a recorder, for the Gantt views: its chart data, what it
/// measured, and the error message when the run failed (then the chart shows what ran).
struct TracedRun {
  GanttData gantt;
  experiment::RunMeasures measures;
  QString error;
};
/// Simulates `config` with a TraceRecorder (recording transfers) and FinalDecisions (any
/// thread; no Qt widget is touched).
TracedRun trace_run(const experiment::RunConfig& config);

/// Draws GanttData at the level of detail the zoom needs: spans narrower than a pixel are
/// merged per pixel column, so 100k tasks draw as fast as the visible pixels. Wheel zooms
/// around the cursor, dragging pans, a double click shows the whole run; hovering a task
/// shows its name and times.
/// Tasks are coloured by type, or by the kind of the policy's decision that placed them
/// (setColourBy; a legend of the kinds present is drawn above the chart then).
/// Optionally (setShowTransfers, off by default) each transfer between cores is drawn as a thin
/// arrow from (source core, its start) to (destination core, its finish): only those overlapping
/// the visible window, one per pixel-column pair and core pair, and at most kMaxTransferLines
/// per paint; the others are counted and "k transfers hidden, zoom in" is written in the corner.
class GanttView : public QWidget {
  Q_OBJECT
 public:
  enum class ColourBy { kTaskType, kDecision };
  explicit GanttView(QWidget* parent = nullptr);

  /// The most transfer arrows one paint draws.
  static constexpr std::size_t kMaxTransferLines = 2000;

  /// What an empty view says (default: how to show a run from the Results tab).
  void setPlaceholder(QString text) {
    placeholder_ = std::move(text);
    update();
  }
  QString placeholder() const { return placeholder_; }
  void setColourBy(ColourBy by);
  ColourBy colourBy() const { return colour_by_; }
  void setShowTransfers(bool show);
  bool showTransfers() const { return show_transfers_; }
  /// The colour transfer arrows are drawn in.
  static QColor transferColor();
  /// The colour of a decision kind (FinalDecisions::kNone: grey).
  static QColor decisionColor(std::uint8_t kind);
  /// The colour task t is drawn in, under the current ColourBy.
  QColor taskColor(std::uint32_t task) const;

  void setData(GanttData data);
  const GanttData& data() const { return data_; }
  /// The visible time window.
  double viewStart() const { return t0_; }
  double viewEnd() const { return t1_; }
  void setView(double t0, double t1);
  /// The colour of a task type (stable: from a fixed palette by type index).
  static QColor typeColor(std::size_t type);
  /// Where core `c`'s row and time `t` are drawn (for tests).
  QPointF position(std::uint32_t core, double t) const;
  /// How many task rectangles the last paint filled (for tests of the level of detail: at
  /// most one per visible pixel column and core for spans narrower than a pixel).
  std::size_t paintedRects() const { return painted_rects_; }
  /// Cut-short runs and downtimes drawn by the last paint.
  std::size_t paintedFailures() const { return painted_failures_; }
  /// The colour of a core's downtime.
  static QColor downColor();
  /// How many transfer arrows the last paint drew, and how many visible transfers it left out
  /// because of kMaxTransferLines (for tests; both 0 with transfers hidden).
  std::size_t paintedTransfers() const { return painted_transfers_; }
  std::size_t hiddenTransfers() const { return hidden_transfers_; }

 protected:
  void paintEvent(QPaintEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseDoubleClickEvent(QMouseEvent* event) override;

 private:
  QRectF plotArea() const;
  double timeAt(double x) const;
  double xAt(double t) const;
  void drawCores(QPainter& painter, const QRectF& area) const;
  void drawUtilisation(QPainter& painter, const QRectF& area) const;
  void drawTimeAxis(QPainter& painter, const QRectF& area) const;
  void drawLegend(QPainter& painter, const QRectF& area) const;
  void drawTransfers(QPainter& painter, const QRectF& area) const;

  GanttData data_;
  ColourBy colour_by_ = ColourBy::kTaskType;
  bool show_transfers_ = false;
  QString placeholder_ = "Double-click a run in the Results tab to see its schedule";
  double t0_ = 0, t1_ = 1;
  QPointF drag_from_;
  double drag_t0_ = 0, drag_t1_ = 1;
  mutable std::size_t painted_rects_ = 0;
  mutable std::size_t painted_failures_ = 0;
  mutable std::size_t painted_transfers_ = 0;
  mutable std::size_t hidden_transfers_ = 0;
};

}  // namespace pelsim::gui
