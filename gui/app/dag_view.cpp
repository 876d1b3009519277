#include "dag_view.hpp"

#include <QtGui/QMouseEvent>
#include <QtGui/QPainter>
#include <QtGui/QWheelEvent>
#include <algorithm>
#include <cmath>

namespace pelsim::gui {

namespace m = pelsim::models;

namespace {
constexpr double kMargin = 24;
constexpr std::uint32_t kMaxEdgesDrawn = 100000;
}  // namespace

DagLayout DagLayout::of(std::shared_ptr<const m::TaskGraph> graph) {
  DagLayout d;
  d.graph = graph;
  const m::TaskGraph& g = *graph;
  const std::uint32_t n = g.task_count();
  d.layer.assign(n, 0);
  d.slot.assign(n, 0);
  d.critical_task.assign(n, 0);
  d.critical_edge.assign(g.edge_count(), 0);
  d.types = TaskTypes::of(g);
  std::vector<double> finish(n, 0);  // longest work path ending at t, inclusive
  std::vector<std::uint32_t> via(n, UINT32_MAX);  // in-edge position on that path
  for (m::TaskId t : g.topological_order()) {
    double best = 0;
    for (std::uint32_t k = g.in_begin(t); k < g.in_end(t); ++k) {
      const m::TaskId p = g.in_source(k);
      d.layer[t] = std::max(d.layer[t], d.layer[p] + 1);
      if (via[t] == UINT32_MAX || finish[p] > best) {
        best = finish[p];
        via[t] = k;
      }
    }
    finish[t] = best + g.work(t);
    if (d.layer[t] >= d.layer_width.size()) d.layer_width.resize(d.layer[t] + 1, 0);
    d.slot[t] = d.layer_width[d.layer[t]]++;
  }
  if (n == 0) return d;
  m::TaskId end = 0;
  for (m::TaskId t = 1; t < n; ++t)
    if (finish[t] > finish[end]) end = t;
  d.critical_work = finish[end];
  for (m::TaskId t = end;;) {
    d.critical_task[t] = 1;
    if (via[t] == UINT32_MAX) break;
    d.critical_edge[g.in_edge(via[t])] = 1;
    t = g.in_source(via[t]);
  }
  return d;
}

DagView::DagView(QWidget* parent) : QWidget(parent) {
  setMinimumSize(400, 300);
  setMouseTracking(false);
}

void DagView::setGraph(std::shared_ptr<const m::TaskGraph> graph) {
  if (graph && layout_.graph == graph) return;
  layout_ = graph ? DagLayout::of(std::move(graph)) : DagLayout{};
  zoom_ = 1;
  offset_ = {};
  update();
}

QPointF DagView::base_position(m::TaskId t) const {
  const double w = std::max(1.0, width() - 2 * kMargin), h = std::max(1.0, height() - 2 * kMargin);
  const double x = kMargin + (layout_.layer[t] + 0.5) * w / std::max(1u, layout_.layers());
  const double y = kMargin + (layout_.slot[t] + 0.5) * h / layout_.layer_width[layout_.layer[t]];
  return {x, y};
}

QPointF DagView::position(m::TaskId t) const {
  const QPointF centre(width() / 2.0, height() / 2.0);
  return centre + (base_position(t) - centre) * zoom_ + offset_;
}

double DagView::node_size() const {
  std::uint32_t widest = 1;
  for (std::uint32_t w : layout_.layer_width) widest = std::max(widest, w);
  const double cell_x = (width() - 2 * kMargin) / std::max(1u, layout_.layers());
  const double cell_y = (height() - 2 * kMargin) / widest;
  return std::clamp(0.6 * std::min(cell_x, cell_y) * zoom_, 1.5, 28.0);
}

void DagView::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.fillRect(rect(), Qt::white);
  if (!layout_.graph) {
    painter.drawText(rect(), Qt::AlignCenter, "No workload: open a valid scenario");
    return;
  }
  const m::TaskGraph& g = *layout_.graph;
  painter.setRenderHint(QPainter::Antialiasing, g.task_count() < 5000);
  if (g.edge_count() <= kMaxEdgesDrawn) {
    std::vector<QLineF> lines, critical;
    for (m::TaskId t = 0; t < g.task_count(); ++t)
      for (m::EdgeId e = g.out_begin(t); e < g.out_end(t); ++e)
        (layout_.critical_edge[e] ? critical : lines).emplace_back(position(t), position(g.target(e)));
    painter.setPen(QPen(QColor(170, 170, 170), 0.7));
    painter.drawLines(lines.data(), static_cast<int>(lines.size()));
    painter.setPen(QPen(QColor(200, 0, 0), 2.2));
    painter.drawLines(critical.data(), static_cast<int>(critical.size()));
  }
  const double size = node_size();
  for (m::TaskId t = 0; t < g.task_count(); ++t) {
    const QPointF p = position(t);
    if (!rect().adjusted(-30, -30, 30, 30).contains(p.toPoint())) continue;
    const QRectF r(p.x() - size / 2, p.y() - size / 2, size, size);
    painter.fillRect(r, task_type_color(layout_.types.of_task[t]));
    if (layout_.critical_task[t] && size >= 3) {
      painter.setPen(QPen(QColor(200, 0, 0), 1.5));
      painter.drawRect(r);
    }
  }
  painter.setPen(Qt::black);
  painter.drawText(rect().adjusted(8, 4, -8, -4), Qt::AlignTop | Qt::AlignLeft,
                   QString("%1 tasks, %2 edges, %3 layers; critical path (red): %4 Gflop")
                       .arg(g.task_count())
                       .arg(g.edge_count())
                       .arg(layout_.layers())
                       .arg(layout_.critical_work / 1e9, 0, 'g', 6));
}

QString DagView::describe(m::TaskId t) const {
  const m::TaskGraph& g = *layout_.graph;
  return QString("%1 (type %2): %3 Gflop, %4 inputs, %5 outputs, layer %6%7")
      .arg(QString::fromStdString(std::string(g.name(t))), layout_.types.names[layout_.types.of_task[t]])
      .arg(g.work(t) / 1e9, 0, 'g', 6)
      .arg(g.in_degree(t))
      .arg(g.out_degree(t))
      .arg(layout_.layer[t])
      .arg(layout_.critical_task[t] ? ", on the critical path" : "");
}

void DagView::wheelEvent(QWheelEvent* event) {
  const double factor = std::pow(1.25, event->angleDelta().y() / 120.0);
  const QPointF centre(width() / 2.0, height() / 2.0), at = event->position();
  // Keep the point under the cursor in place.
  offset_ = at - (at - centre - offset_) * factor - centre;
  zoom_ *= factor;
  update();
}

void DagView::mousePressEvent(QMouseEvent* event) {
  press_at_ = event->position();
  press_offset_ = offset_;
  dragged_ = false;
}

void DagView::mouseMoveEvent(QMouseEvent* event) {
  if (!(event->buttons() & Qt::LeftButton)) return;
  const QPointF d = event->position() - press_at_;
  if (std::abs(d.x()) + std::abs(d.y()) > 3) dragged_ = true;
  offset_ = press_offset_ + d;
  update();
}

void DagView::mouseReleaseEvent(QMouseEvent* event) {
  if (dragged_ || !layout_.graph) return;
  // The task nearest to the click, within a node's reach.
  const double reach = std::max(6.0, node_size());
  double best = reach * reach;
  std::int64_t hit = -1;
  for (m::TaskId t = 0; t < layout_.graph->task_count(); ++t) {
    const QPointF d = position(t) - event->position();
    const double dist = d.x() * d.x() + d.y() * d.y();
    if (dist < best) {
      best = dist;
      hit = t;
    }
  }
  if (hit >= 0) emit taskClicked(static_cast<quint32>(hit));
}

void DagView::mouseDoubleClickEvent(QMouseEvent*) {
  zoom_ = 1;
  offset_ = {};
  update();
}

}  // namespace pelsim::gui
