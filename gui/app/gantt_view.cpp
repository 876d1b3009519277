#include "gantt_view.hpp"

#include "task_types.hpp"

#include <QtGui/QMouseEvent>
#include <QtGui/QPainter>
#include <QtGui/QWheelEvent>
#include <QtWidgets/QToolTip>
#include <algorithm>
#include <array>
#include <cmath>
#include <unordered_set>

namespace pelsim::gui {

namespace {

constexpr double kLeft = 64, kRight = 12, kTop = 8, kAxis = 22, kStrip = 56, kLegend = 20;

// "12.5 s", "3.2 ms", ... for axis labels.
QString time_label(double t) {
  const double a = std::fabs(t);
  if (a == 0) return "0";
  if (a >= 1) return QString::number(t, 'g', 4) + " s";
  if (a >= 1e-3) return QString::number(t * 1e3, 'g', 4) + " ms";
  if (a >= 1e-6) return QString::number(t * 1e6, 'g', 4) + " us";
  return QString::number(t * 1e9, 'g', 4) + " ns";
}

}  // namespace

GanttData GanttData::from_trace(std::shared_ptr<const models::TaskGraph> graph,
                                const models::TraceRecorder& trace) {
  GanttData d;
  d.graph = graph;
  d.cores = trace.core_count();
  d.per_core.resize(d.cores);
  TaskTypes types = TaskTypes::of(*graph);
  d.task_type = std::move(types.of_task);
  d.type_names = std::move(types.names);
  std::vector<std::pair<double, int>> deltas;
  for (models::TaskId t = 0; t < graph->task_count(); ++t) {
    if (!(trace.finish(t) >= trace.start(t))) continue;
    d.per_core[trace.core(t)].push_back({trace.start(t), trace.finish(t), t});
    d.makespan = std::max(d.makespan, trace.finish(t));
    deltas.emplace_back(trace.start(t), 1);
    deltas.emplace_back(trace.finish(t), -1);
  }
  for (auto& spans : d.per_core)
    std::sort(spans.begin(), spans.end(),
              [](const Span& a, const Span& b) { return a.start < b.start; });
  std::sort(deltas.begin(), deltas.end());
  int busy = 0;
  for (const auto& [time, delta] : deltas) {
    busy += delta;
    if (!d.busy_steps.empty() && d.busy_steps.back().first == time)
      d.busy_steps.back().second = busy;
    else
      d.busy_steps.emplace_back(time, busy);
  }
  for (const sim::TransferSpan& x : trace.transfers()) {
    if (x.src_core == x.dst_core || x.src_core >= d.cores || x.dst_core >= d.cores) continue;
    d.transfers.push_back(x);
    d.longest_transfer = std::max(d.longest_transfer, x.finish - x.start);
  }
  std::stable_sort(
      d.transfers.begin(), d.transfers.end(),
      [](const sim::TransferSpan& a, const sim::TransferSpan& b) { return a.start < b.start; });
  d.cut_short = trace.interrupted();
  d.downtimes = trace.failures();
  return d;
}

TracedRun trace_run(const experiment::RunConfig& config) {
  models::TraceRecorder recorder(config.graph->task_count(), config.cores,
                                 /*record_transfers=*/true);
  FinalDecisions decisions(config.graph->task_count());
  TracedRun out;
  try {
    out.measures = experiment::run_point(config, &recorder, &decisions);
  } catch (const std::exception& e) {
    out.error = QString::fromUtf8(e.what());
  }
  out.gantt = GanttData::from_trace(config.graph, recorder);
  out.gantt.task_decision = decisions.kinds();
  return out;
}

int GanttData::busy_at(double t) const {
  auto it = std::upper_bound(busy_steps.begin(), busy_steps.end(), t,
                             [](double x, const std::pair<double, int>& s) { return x < s.first; });
  return it == busy_steps.begin() ? 0 : std::prev(it)->second;
}

GanttView::GanttView(QWidget* parent) : QWidget(parent) {
  setMouseTracking(true);
  setMinimumSize(480, 240);
  setBackgroundRole(QPalette::Base);
  setAutoFillBackground(true);
}

QColor GanttView::typeColor(std::size_t type) { return task_type_color(type); }

QColor GanttView::decisionColor(std::uint8_t kind) {
  switch (static_cast<models::DecisionKind>(kind)) {
    case models::DecisionKind::kPlanned:
      return QColor(70, 130, 180);  // steel blue
    case models::DecisionKind::kStaticOrder:
      return QColor(120, 120, 200);
    case models::DecisionKind::kQueuePick:
      return QColor(60, 170, 110);  // green
    case models::DecisionKind::kLocalPop:
      return QColor(240, 180, 40);  // amber: the core's own deque
    case models::DecisionKind::kSteal:
      return QColor(210, 50, 50);  // red: taken from another core
    case models::DecisionKind::kMoved:
      return QColor(150, 60, 170);  // purple: moved off a core that failed for good
    default:
      return QColor(170, 170, 170);
  }
}

QColor GanttView::downColor() {
  return QColor(200, 30, 30);
}

QColor GanttView::transferColor() {
  return QColor(20, 20, 20);
}

void GanttView::setShowTransfers(bool show) {
  show_transfers_ = show;
  update();
}

void GanttView::setColourBy(ColourBy by) {
  colour_by_ = by;
  update();
}

QColor GanttView::taskColor(std::uint32_t task) const {
  if (colour_by_ == ColourBy::kDecision)
    return decisionColor(task < data_.task_decision.size() ? data_.task_decision[task]
                                                           : FinalDecisions::kNone);
  return typeColor(data_.task_type[task]);
}

void GanttView::setData(GanttData data) {
  data_ = std::move(data);
  setView(0, data_.makespan > 0 ? data_.makespan : 1);
}

void GanttView::setView(double t0, double t1) {
  if (!(t1 > t0)) return;
  t0_ = t0;
  t1_ = t1;
  update();
}

QRectF GanttView::plotArea() const {
  const double top = kTop + (colour_by_ == ColourBy::kDecision ? kLegend : 0.0);
  return QRectF(kLeft, top, std::max(10.0, width() - kLeft - kRight),
                std::max(10.0, height() - top - kAxis - kStrip));
}

double GanttView::xAt(double t) const {
  const QRectF a = plotArea();
  return a.left() + (t - t0_) / (t1_ - t0_) * a.width();
}

double GanttView::timeAt(double x) const {
  const QRectF a = plotArea();
  return t0_ + (x - a.left()) / a.width() * (t1_ - t0_);
}

QPointF GanttView::position(std::uint32_t core, double t) const {
  const QRectF a = plotArea();
  const double row = a.height() / std::max<std::uint32_t>(data_.cores, 1);
  return QPointF(xAt(t), a.top() + (core + 0.5) * row);
}

void GanttView::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.fillRect(rect(), Qt::white);
  if (data_.cores == 0) {
    painter.drawText(rect(), Qt::AlignCenter, placeholder_);
    return;
  }
  const QRectF area = plotArea();
  drawCores(painter, area);
  painted_transfers_ = hidden_transfers_ = 0;
  if (show_transfers_) drawTransfers(painter, area);
  drawTimeAxis(painter, area);
  drawUtilisation(painter, QRectF(area.left(), area.bottom() + kAxis, area.width(), kStrip - 8));
  if (colour_by_ == ColourBy::kDecision) drawLegend(painter, area);
}

void GanttView::drawLegend(QPainter& painter, const QRectF& area) const {
  // The kinds present in the run, in enum order, then "no decision" if some task has none.
  bool present[256] = {};
  for (const std::uint8_t k : data_.task_decision) present[k] = true;
  if (data_.task_decision.empty()) present[FinalDecisions::kNone] = true;
  double x = area.left();
  const double y = area.top() - kLegend + 2;
  painter.setPen(Qt::black);
  const auto entry = [&](std::uint8_t kind, const QString& label) {
    painter.fillRect(QRectF(x, y + 3, 10, 10), decisionColor(kind));
    painter.drawText(QRectF(x + 14, y, 200, kLegend - 4), Qt::AlignLeft | Qt::AlignVCenter, label);
    x += 14 + painter.fontMetrics().horizontalAdvance(label) + 14;
  };
  for (const models::DecisionKind k : models::kDecisionKinds)
    if (present[static_cast<std::uint8_t>(k)])
      entry(static_cast<std::uint8_t>(k), models::decision_kind_name(k));
  if (present[FinalDecisions::kNone]) entry(FinalDecisions::kNone, "no decision recorded");
}

void GanttView::drawCores(QPainter& painter, const QRectF& area) const {
  const double row = area.height() / data_.cores;
  const double gap = row >= 6 ? 1.0 : 0.0;
  painter.save();
  painter.setClipRect(area.adjusted(0, 0, 1, 1));
  painted_rects_ = 0;
  for (std::uint32_t c = 0; c < data_.cores; ++c) {
    const double y = area.top() + c * row;
    const auto& spans = data_.per_core[c];
    // First span that may be visible: spans do not overlap on a core, so finish order = start order.
    auto it = std::lower_bound(spans.begin(), spans.end(), t0_,
                               [](const GanttData::Span& s, double t) { return s.finish < t; });
    int merged_pixel = -1;  // a pixel column already filled by sub-pixel spans
    for (; it != spans.end() && it->start <= t1_; ++it) {
      const double x0 = xAt(it->start), x1 = xAt(it->finish);
      const QColor color = taskColor(it->task);
      if (x1 - x0 < 1.0) {  // level of detail: one pixel column for all tiny spans in it
        const int px = static_cast<int>(std::floor(x0));
        if (px == merged_pixel) continue;
        merged_pixel = px;
        painter.fillRect(QRectF(px, y, 1, std::max(1.0, row - gap)), color);
        ++painted_rects_;
        continue;
      }
      const QRectF r(x0, y, x1 - x0, std::max(1.0, row - gap));
      painter.fillRect(r, color);
      ++painted_rects_;
      if (r.width() > 4 && row >= 8) {
        painter.setPen(color.darker(150));
        painter.drawRect(r);
      }
      if (r.width() > 60 && row >= 14) {
        painter.setPen(Qt::black);
        painter.drawText(r.adjusted(3, 0, -2, 0), Qt::AlignVCenter | Qt::AlignLeft,
                         painter.fontMetrics().elidedText(
                             QString::fromStdString(std::string(data_.graph->name(it->task))),
                             Qt::ElideRight, static_cast<int>(r.width()) - 5));
      }
    }
  }
  // Faults: a run cut short is its task's colour faded, outlined in red; a downtime is hatched
  // red over the core's row (until the end of the chart when never repaired).
  painted_failures_ = 0;
  const auto row_rect = [&](std::uint32_t core, double from, double to) {
    const double x0 = xAt(from), x1 = std::max(xAt(to), x0 + 1.0);
    return QRectF(x0, area.top() + core * row, x1 - x0, std::max(1.0, row - gap));
  };
  for (const sim::TaskSpan& s : data_.cut_short) {
    if (s.core >= data_.cores || s.finish < t0_ || s.start > t1_) continue;
    const QRectF r = row_rect(s.core, s.start, s.finish);
    QColor faded = taskColor(s.task);
    faded.setAlpha(90);
    painter.fillRect(r, faded);
    painter.setPen(downColor());
    painter.drawRect(r);
    ++painted_failures_;
  }
  for (const auto& d : data_.downtimes) {
    const double up = std::isinf(d.up) ? std::max(data_.makespan, t1_) : d.up;
    if (d.core >= data_.cores || up < t0_ || d.down > t1_) continue;
    const QRectF r = row_rect(d.core, d.down, up);
    painter.fillRect(r, QBrush(downColor(), Qt::BDiagPattern));
    painter.setPen(downColor());
    painter.drawRect(r);
    ++painted_failures_;
  }
  painter.restore();
  // Core labels, thinned out to one per ~14 px.
  painter.setPen(Qt::black);
  const std::uint32_t every = std::max<std::uint32_t>(1, static_cast<std::uint32_t>(std::ceil(14 / row)));
  for (std::uint32_t c = 0; c < data_.cores; c += every)
    painter.drawText(QRectF(0, area.top() + c * row, kLeft - 6, std::max(row, 14.0)),
                     Qt::AlignRight | Qt::AlignTop, "core " + QString::number(c));
  painter.setPen(QColor(180, 180, 180));
  painter.drawRect(area);
}

void GanttView::drawTransfers(QPainter& painter, const QRectF& area) const {
  const auto& xs = data_.transfers;
  // Transfers overlapping [t0, t1]: sorted by start, so from the first starting at or after
  // t0 - longest (no earlier one can still be running at t0) to the last starting by t1.
  auto it = std::lower_bound(xs.begin(), xs.end(), t0_ - data_.longest_transfer,
                             [](const sim::TransferSpan& x, double t) { return x.start < t; });
  // One arrow per (start column, finish column, source, destination, delivered or not);
  // columns clamped to just outside the plot, so arrows leaving it on the same side merge too.
  const auto column = [&](double t) {
    return static_cast<std::uint64_t>(
        std::clamp(std::floor(xAt(t)) - area.left() + 1, 0.0, std::floor(area.width()) + 2));
  };
  const std::uint64_t columns = static_cast<std::uint64_t>(area.width()) + 3;
  std::unordered_set<std::uint64_t> drawn;
  painter.save();
  painter.setClipRect(area.adjusted(0, 0, 1, 1));
  const QPen delivered(transferColor(), 1.5);
  const QPen cancelled(transferColor(), 1.5, Qt::DashLine);  // its consumer moved off a failed core
  painter.setBrush(transferColor());
  for (; it != xs.end() && it->start <= t1_; ++it) {
    if (it->finish < t0_) continue;
    const std::uint64_t key =
        (((column(it->start) * columns + column(it->finish)) * data_.cores + it->src_core) *
             data_.cores +
         it->dst_core) *
            2 +
        (it->delivered ? 1 : 0);
    if (drawn.count(key) != 0) continue;  // same pixels as an arrow already drawn
    if (drawn.size() >= kMaxTransferLines) {
      ++hidden_transfers_;
      continue;
    }
    drawn.insert(key);
    const QPointF from = position(it->src_core, it->start), to = position(it->dst_core, it->finish);
    painter.setPen(it->delivered ? delivered : cancelled);
    painter.drawLine(from, to);
    const double len = std::hypot(to.x() - from.x(), to.y() - from.y());
    if (it->delivered && len >= 12) {  // an arrow head, 6 px long
      const QPointF u = (to - from) / len, n(-u.y(), u.x());
      const QPointF head[3] = {to, to - 6 * u + 3 * n, to - 6 * u - 3 * n};
      painter.drawPolygon(head, 3);
    }
  }
  painted_transfers_ = drawn.size();
  painter.restore();
  if (hidden_transfers_ > 0) {
    const QString note = QString("%1 transfers hidden, zoom in").arg(hidden_transfers_);
    const QRectF box(area.right() - painter.fontMetrics().horizontalAdvance(note) - 10,
                     area.top() + 2, painter.fontMetrics().horizontalAdvance(note) + 8,
                     painter.fontMetrics().height() + 4);
    painter.fillRect(box, QColor(255, 255, 255, 220));
    painter.setPen(Qt::black);
    painter.drawText(box, Qt::AlignCenter, note);
  }
}

void GanttView::drawTimeAxis(QPainter& painter, const QRectF& area) const {
  const double span = t1_ - t0_;
  const double raw = span / std::max(1.0, area.width() / 90);
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  const double step = raw / mag < 2 ? 2 * mag : raw / mag < 5 ? 5 * mag : 10 * mag;
  painter.setPen(Qt::black);
  for (double t = std::ceil(t0_ / step) * step; t <= t1_; t += step) {
    const double x = xAt(t);
    painter.drawLine(QPointF(x, area.bottom()), QPointF(x, area.bottom() + 4));
    painter.drawText(QRectF(x - 45, area.bottom() + 4, 90, kAxis - 4), Qt::AlignHCenter | Qt::AlignTop,
                     time_label(t));
  }
}

void GanttView::drawUtilisation(QPainter& painter, const QRectF& strip) const {
  painter.setPen(Qt::black);
  painter.drawText(QRectF(0, strip.top(), kLeft - 6, strip.height()), Qt::AlignRight | Qt::AlignVCenter,
                   "busy");
  painter.fillRect(strip, QColor(245, 245, 245));
  const QColor fill(90, 140, 200);
  for (int px = 0; px < static_cast<int>(strip.width()); ++px) {
    const double t = timeAt(strip.left() + px + 0.5);
    if (t < 0 || t > data_.makespan) continue;
    const double frac = static_cast<double>(data_.busy_at(t)) / data_.cores;
    painter.fillRect(QRectF(strip.left() + px, strip.bottom() - frac * strip.height(), 1,
                            frac * strip.height()),
                     fill);
  }
  painter.setPen(QColor(180, 180, 180));
  painter.drawRect(strip);
}

void GanttView::wheelEvent(QWheelEvent* event) {
  const double factor = std::pow(0.8, event->angleDelta().y() / 120.0);
  const double anchor = timeAt(event->position().x());
  const double t0 = anchor - (anchor - t0_) * factor, t1 = anchor + (t1_ - anchor) * factor;
  if (t1 - t0 > 1e-12 * std::max(1.0, data_.makespan)) setView(t0, t1);
  event->accept();
}

void GanttView::mousePressEvent(QMouseEvent* event) {
  drag_from_ = event->position();
  drag_t0_ = t0_;
  drag_t1_ = t1_;
}

void GanttView::mouseMoveEvent(QMouseEvent* event) {
  if (event->buttons() & Qt::LeftButton) {
    const double dt = (event->position().x() - drag_from_.x()) / plotArea().width() * (drag_t1_ - drag_t0_);
    setView(drag_t0_ - dt, drag_t1_ - dt);
    return;
  }
  const QRectF area = plotArea();
  if (data_.cores == 0 || !area.contains(event->position())) {
    QToolTip::hideText();  // off the chart: no task under the cursor
    return;
  }
  const auto core = static_cast<std::uint32_t>((event->position().y() - area.top()) / area.height() * data_.cores);
  if (core >= data_.cores) {
    QToolTip::hideText();
    return;
  }
  const double t = timeAt(event->position().x());
  const auto& spans = data_.per_core[core];
  auto it = std::lower_bound(spans.begin(), spans.end(), t,
                             [](const GanttData::Span& s, double x) { return s.finish < x; });
  if (it != spans.end() && it->start <= t) {
    const GanttData::Span& s = *it;
    QString decision;
    if (s.task < data_.task_decision.size() && data_.task_decision[s.task] != FinalDecisions::kNone)
      decision = QString("\ndecision: %1")
                     .arg(models::decision_kind_name(
                         static_cast<models::DecisionKind>(data_.task_decision[s.task])));
    QToolTip::showText(event->globalPosition().toPoint(),
                       QString("%1 (%2)\ncore %3\n%4 → %5%6")
                           .arg(QString::fromStdString(std::string(data_.graph->name(s.task))),
                                data_.type_names[data_.task_type[s.task]])
                           .arg(core)
                           .arg(time_label(s.start), time_label(s.finish), decision),
                       this);
  } else {
    QToolTip::hideText();
  }
}

void GanttView::mouseDoubleClickEvent(QMouseEvent*) { setView(0, data_.makespan > 0 ? data_.makespan : 1); }

}  // namespace pelsim::gui
