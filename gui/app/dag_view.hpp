// The workload's task graph, drawn in layers, with its critical path highlighted.
#pragma once

#include <QtWidgets/QWidget>
#include <cstdint>
#include <memory>
#include <vector>

#include "pelsim/models/task_graph.hpp"
#include "task_types.hpp"

namespace pelsim::gui {

/// A layered layout of a DAG: a task's layer is the length in edges of the longest path
/// reaching it, its slot its position in the layer (topological order). The critical path is
/// the path of largest total work (ties to the first in-edge, then the lowest task id).
struct DagLayout {
  std::shared_ptr<const models::TaskGraph> graph;
  std::vector<std::uint32_t> layer, slot, layer_width;
  std::vector<char> critical_task;
  std::vector<char> critical_edge;
  double critical_work = 0;
  TaskTypes types;

  static DagLayout of(std::shared_ptr<const models::TaskGraph> graph);
  std::uint32_t layers() const { return static_cast<std::uint32_t>(layer_width.size()); }
};

/// Draws a DagLayout left to right (layers as columns), nodes coloured by task type, the
/// critical path in red. Edges are drawn when there are at most 100k of them. Wheel zooms,
/// drag pans, double click resets; clicking a task emits taskClicked() with its id.
class DagView : public QWidget {
  Q_OBJECT
 public:
  explicit DagView(QWidget* parent = nullptr);

  void setGraph(std::shared_ptr<const models::TaskGraph> graph);
  const DagLayout& layout() const { return layout_; }
  /// Where task t is drawn, in widget coordinates.
  QPointF position(models::TaskId t) const;
  /// A one-paragraph description of task t (name, type, work, degrees, critical or not).
  QString describe(models::TaskId t) const;

 signals:
  void taskClicked(quint32 task);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void mouseDoubleClickEvent(QMouseEvent* event) override;

 private:
  QPointF base_position(models::TaskId t) const;
  double node_size() const;

  DagLayout layout_;
  double zoom_ = 1;
  QPointF offset_;
  QPointF press_at_, press_offset_;
  bool dragged_ = false;
};

}  // namespace pelsim::gui
