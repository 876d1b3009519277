#include "scaling_view.hpp"

#include <QtCharts/QLineSeries>
#include <QtGui/QMouseEvent>
#include <QtWidgets/QGridLayout>
#include <QtWidgets/QToolTip>
#include <QtWidgets/QVBoxLayout>
#include <cmath>

#include "pelsim/gui/scaling_chart.hpp"

namespace pelsim::gui {

ScalingView::ScalingView(QWidget* parent) : QWidget(parent) {
  auto* outer = new QVBoxLayout(this);
  key_ = new QLabel(this);
  key_->setWordWrap(true);
  key_->setStyleSheet("color: #5a5a5a");
  outer->addWidget(key_);
  auto* layout = new QGridLayout;
  outer->addLayout(layout, 1);
  for (int i = 0; i < kCharts; ++i) {
    QChartView*& view = views_[i];
    view = new QChartView(this);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumSize(320, 280);
    // Hover is found here from the mouse position, not from the series' hovered() signal:
    // that one fires only on entering and leaving a line's thin stroke (not when moving along
    // it to the next point) and only for the topmost series (the bound and the Amdahl fit
    // pass through the measured points).
    view->viewport()->setMouseTracking(true);
    view->viewport()->installEventFilter(this);
    layout->addWidget(view, i / 3, i % 3);
  }
  setFigure({});
}

void ScalingView::setFigure(ScalingFigure figure) {
  figure_ = std::move(figure);
  key_->setText(figure_.curves.empty() ? QString() : scaling_key(figure_));
  const ScalingMetric metrics[kCharts] = {ScalingMetric::kSpeedup, ScalingMetric::kEfficiency,
                                          ScalingMetric::kMakespan, ScalingMetric::kUtilisation,
                                          ScalingMetric::kEnergy};
  for (int i = 0; i < kCharts; ++i) {
    QChart* old = views_[i]->chart();
    views_[i]->setChart(make_scaling_chart(figure_, metrics[i]));  // the view takes ownership
    delete old;
  }
  views_[kCharts - 1]->setVisible(has_energy(figure_));
}

QString ScalingView::hoverText(int i, QPointF at) const {
  const QChartView* view = views_[i];
  QChart* chart = view->chart();
  const experiment::ScalingCurve* curve = nullptr;
  const experiment::ScalingCurve::Point* point = nullptr;
  double best = kHoverRadius;
  for (QAbstractSeries* s : chart->series()) {
    const auto* line = qobject_cast<const QLineSeries*>(s);
    if (line == nullptr || !line->property("curve").isValid()) continue;
    const auto& c = figure_.curves[static_cast<std::size_t>(line->property("curve").toInt())];
    // The measured series has one point per curve point, in the same order.
    for (int k = 0; k < line->count() && k < static_cast<int>(c.points.size()); ++k) {
      const QPointF p = view->viewportTransform().map(chart->mapToPosition(line->at(k), s));
      const double d = std::hypot(p.x() - at.x(), p.y() - at.y());
      if (d <= best) {
        best = d;
        curve = &c;
        point = &c.points[static_cast<std::size_t>(k)];
      }
    }
  }
  if (point == nullptr) return {};
  QString text =
      QString("%1\n%2 cores\nmakespan %3 s\nspeedup %4\nefficiency %5\nbound %6 s\nutilisation %7")
          .arg(QString::fromStdString(figure_.legend_title.empty()
                                          ? curve->label
                                          : figure_.legend_title + " " + curve->label))
          .arg(point->cores)
          .arg(point->makespan, 0, 'g', 6)
          .arg(point->speedup, 0, 'f', 3)
          .arg(point->efficiency, 0, 'f', 3)
          .arg(point->lower_bound, 0, 'g', 6)
          .arg(point->utilisation, 0, 'f', 3);
  if (!std::isnan(point->energy_j))
    text += QString("\nenergy %1 J").arg(point->energy_j, 0, 'g', 6);
  return text;
}

bool ScalingView::eventFilter(QObject* watched, QEvent* event) {
  for (int i = 0; i < kCharts; ++i) {
    if (watched != views_[i]->viewport()) continue;
    if (event->type() == QEvent::MouseMove) {
      const auto* move = static_cast<QMouseEvent*>(event);
      const QString text = hoverText(i, move->position());
      if (text.isEmpty())
        QToolTip::hideText();
      else
        QToolTip::showText(move->globalPosition().toPoint(), text, views_[i]->viewport());
    } else if (event->type() == QEvent::Leave) {
      QToolTip::hideText();
    }
  }
  return QWidget::eventFilter(watched, event);
}

}  // namespace pelsim::gui
