#include "pelsim/gui/scaling_chart.hpp"

#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>
#include <QtCharts/QLogValueAxis>
#include <QtCharts/QValueAxis>
#include <QtGui/QPen>
#include <algorithm>
#include <array>
#include <cmath>

namespace pelsim::gui {

namespace {

// A colour-blind-safe palette (Okabe & Ito 2008), in a fixed order so plots are stable.
QColor palette(std::size_t i) {
  static constexpr std::array<QRgb, 8> kColors{0x0072B2, 0xD55E00, 0x009E73, 0xCC79A7,
                                               0xE69F00, 0x56B4E9, 0xF0E442, 0x000000};
  return QColor::fromRgb(kColors[i % kColors.size()]);
}

double value_of(const experiment::ScalingCurve::Point& p, ScalingMetric metric) {
  return metric == ScalingMetric::kSpeedup ? p.speedup : p.efficiency;
}

double bound_of(const experiment::ScalingCurve::Point& p, ScalingMetric metric) {
  return metric == ScalingMetric::kSpeedup ? p.bound_speedup : p.bound_speedup / p.cores;
}

QLineSeries* add_series(QChart* chart, const QString& name, const QColor& color,
                        Qt::PenStyle style, bool in_legend) {
  auto* s = new QLineSeries(chart);
  s->setName(name);
  QPen pen(color);
  pen.setWidthF(style == Qt::SolidLine ? 2.0 : 1.3);
  pen.setStyle(style);
  s->setPen(pen);
  s->setPointsVisible(style == Qt::SolidLine);
  chart->addSeries(s);
  if (!in_legend)
    for (QLegendMarker* m : chart->legend()->markers(s)) m->setVisible(false);
  return s;
}

}  // namespace

QChart* make_scaling_chart(const ScalingFigure& figure, ScalingMetric metric) {
  auto* chart = new QChart();
  const bool speedup = metric == ScalingMetric::kSpeedup;
  chart->setTitle(speedup ? "Speedup" : "Efficiency");
  chart->legend()->setAlignment(Qt::AlignBottom);

  double min_cores = 1, max_cores = 1, max_value = speedup ? 1.0 : 1.0;
  for (const auto& c : figure.curves)
    for (const auto& p : c.points) {
      max_cores = std::max(max_cores, p.cores);
      max_value = std::max(max_value, value_of(p, metric));
    }
  if (speedup) max_value = std::max(max_value, max_cores);

  // Curves are sampled at 8 points per doubling: Qt joins points by straight screen lines.
  const double step = std::pow(2.0, 0.125);
  QLineSeries* ideal = add_series(chart, "ideal", QColor(150, 150, 150), Qt::SolidLine, true);
  ideal->setPointsVisible(false);
  for (double p = min_cores; p <= max_cores * 1.0001; p *= step) ideal->append(p, speedup ? p : 1.0);

  std::vector<QLineSeries*> all{ideal};
  for (std::size_t i = 0; i < figure.curves.size(); ++i) {
    const auto& c = figure.curves[i];
    const QColor color = palette(i);
    QLineSeries* measured = add_series(chart, QString::fromStdString(c.label), color, Qt::SolidLine, true);
    QLineSeries* bound = add_series(chart, "bound", color, Qt::DotLine, false);
    for (const auto& p : c.points) {
      measured->append(p.cores, value_of(p, metric));
      bound->append(p.cores, std::min(bound_of(p, metric), speedup ? p.cores : 1.0));
    }
    all.push_back(measured);
    all.push_back(bound);
    if (std::isfinite(c.amdahl.serial_fraction) && !c.weak) {
      QLineSeries* fit = add_series(chart, "Amdahl fit", color, Qt::DashLine, false);
      for (double p = min_cores; p <= max_cores * 1.0001; p *= step) {
        const double s = experiment::amdahl_speedup(c.amdahl.serial_fraction, p);
        fit->append(p, speedup ? s : s / p);
      }
      all.push_back(fit);
    }
  }

  const bool log_scale = max_cores / min_cores >= 8;
  QAbstractAxis* x = nullptr;
  if (log_scale) {
    auto* log_axis = new QLogValueAxis(chart);
    log_axis->setBase(2);
    log_axis->setLabelFormat("%g");
    log_axis->setRange(min_cores, max_cores);
    x = log_axis;
  } else {
    auto* lin = new QValueAxis(chart);
    lin->setRange(min_cores, std::max(max_cores, min_cores + 1));
    lin->setLabelFormat("%g");
    x = lin;
  }
  x->setTitleText("cores");
  // Speedup on log-log axes when the cores span a wide range (ideal = the diagonal).
  QAbstractAxis* y = nullptr;
  if (speedup && log_scale) {
    auto* log_axis = new QLogValueAxis(chart);
    log_axis->setBase(2);
    log_axis->setLabelFormat("%g");
    log_axis->setRange(std::min(1.0, min_cores), max_value * 1.2);
    y = log_axis;
  } else {
    auto* lin = new QValueAxis(chart);
    lin->setRange(0, speedup ? max_value * 1.05 : 1.1);
    lin->setTickCount(speedup ? 6 : 12);
    lin->setLabelFormat(speedup ? "%g" : "%.1f");
    y = lin;
  }
  y->setTitleText(speedup ? "speedup T1 / Tp" : "efficiency T1 / (p Tp)");
  chart->addAxis(x, Qt::AlignBottom);
  chart->addAxis(y, Qt::AlignLeft);
  for (QLineSeries* s : all) {
    s->attachAxis(x);
    s->attachAxis(y);
  }
  return chart;
}

}  // namespace pelsim::gui
