#include "scaling_view.hpp"

#include <QtCharts/QLineSeries>
#include <QtGui/QCursor>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QToolTip>

#include "pelsim/gui/scaling_chart.hpp"

namespace pelsim::gui {

ScalingView::ScalingView(QWidget* parent) : QWidget(parent) {
  auto* layout = new QHBoxLayout(this);
  for (auto*& view : views_) {
    view = new QChartView(this);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumSize(320, 280);
    layout->addWidget(view);
  }
  setFigure({});
}

void ScalingView::setFigure(ScalingFigure figure) {
  figure_ = std::move(figure);
  const ScalingMetric metrics[3] = {ScalingMetric::kSpeedup, ScalingMetric::kEfficiency,
                                    ScalingMetric::kMakespan};
  for (int i = 0; i < 3; ++i) {
    QChart* old = views_[i]->chart();
    QChart* chart = make_scaling_chart(figure_, metrics[i]);
    connectHover(chart);
    views_[i]->setChart(chart);  // the view takes ownership
    delete old;
  }
}

void ScalingView::connectHover(QChart* chart) {
  for (QAbstractSeries* s : chart->series()) {
    auto* line = qobject_cast<QLineSeries*>(s);
    if (line == nullptr || !line->property("curve").isValid()) continue;
    const int curve = line->property("curve").toInt();
    connect(line, &QLineSeries::hovered, this, [this, curve](const QPointF& at, bool state) {
      if (!state) {
        QToolTip::hideText();
        return;
      }
      // The measured point nearest in cores.
      const auto& points = figure_.curves[static_cast<std::size_t>(curve)].points;
      const experiment::ScalingCurve::Point* best = nullptr;
      for (const auto& p : points)
        if (!best || std::abs(p.cores - at.x()) < std::abs(best->cores - at.x())) best = &p;
      if (!best) return;
      QToolTip::showText(QCursor::pos(),
                         QString("%1\n%2 cores\nmakespan %3 s\nspeedup %4\nefficiency %5\nbound %6 s")
                             .arg(QString::fromStdString(figure_.curves[static_cast<std::size_t>(curve)].label))
                             .arg(best->cores)
                             .arg(best->makespan, 0, 'g', 6)
                             .arg(best->speedup, 0, 'f', 3)
                             .arg(best->efficiency, 0, 'f', 3)
                             .arg(best->lower_bound, 0, 'g', 6));
    });
  }
}

}  // namespace pelsim::gui
