#include "pelsim/gui/scaling_chart.hpp"

#include <QtCharts/QBarCategoryAxis>
#include <QtCharts/QBarSeries>
#include <QtCharts/QBarSet>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>
#include <QtCharts/QLogValueAxis>
#include <QtCharts/QValueAxis>
#include <QtGui/QPen>
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace pelsim::gui {

namespace {

using Point = experiment::ScalingCurve::Point;

double value_of(const Point& p, ScalingMetric m) {
  switch (m) {
    case ScalingMetric::kSpeedup: return p.speedup;
    case ScalingMetric::kEfficiency: return p.efficiency;
    case ScalingMetric::kMakespan: return p.makespan;
    case ScalingMetric::kUtilisation:
      return p.utilisation;
    case ScalingMetric::kEnergy:
      return p.energy_j;
  }
  return 0;
}

// The best value the lower bound max(critical path, work / p) allows (NaN: none drawn).
double bound_of(const Point& p, ScalingMetric m) {
  switch (m) {
    case ScalingMetric::kSpeedup: return std::min(p.bound_speedup, p.cores);
    case ScalingMetric::kEfficiency: return std::min(p.bound_speedup / p.cores, 1.0);
    case ScalingMetric::kMakespan: return p.lower_bound;
    case ScalingMetric::kUtilisation:
    case ScalingMetric::kEnergy:
      return std::numeric_limits<double>::quiet_NaN();
  }
  return 0;
}

// Metrics with a fitted law drawn (the laws are of speedup, hence of efficiency and makespan).
bool has_law(ScalingMetric m) {
  return m == ScalingMetric::kSpeedup || m == ScalingMetric::kEfficiency ||
         m == ScalingMetric::kMakespan;
}

// Amdahl's law with serial fraction f, as the metric, for a curve whose 1-core time is t1.
double amdahl_of(double f, double cores, double t1, ScalingMetric m) {
  const double s = experiment::amdahl_speedup(f, cores);
  switch (m) {
    case ScalingMetric::kSpeedup: return s;
    case ScalingMetric::kEfficiency: return s / cores;
    case ScalingMetric::kMakespan: return t1 / s;
    case ScalingMetric::kUtilisation:
    case ScalingMetric::kEnergy:
      break;
  }
  return 0;
}

// Gustafson's law with serial fraction a: the scaled speedup p - a (p - 1) of a weak-scaling
// curve, as the metric (no makespan: each point's problem, and so its 1-core time, differs).
double gustafson_of(double a, double cores, ScalingMetric m) {
  const double s = cores - a * (cores - 1);
  return m == ScalingMetric::kEfficiency ? s / cores : s;
}

const char* title_of(ScalingMetric m) {
  switch (m) {
    case ScalingMetric::kSpeedup: return "Speedup";
    case ScalingMetric::kEfficiency: return "Efficiency";
    case ScalingMetric::kMakespan: return "Makespan";
    case ScalingMetric::kUtilisation:
      return "Utilisation";
    case ScalingMetric::kEnergy:
      return "Energy";
  }
  return "";
}

const char* axis_title_of(ScalingMetric m) {
  switch (m) {
    case ScalingMetric::kSpeedup: return "speedup T1 / Tp";
    case ScalingMetric::kEfficiency: return "efficiency T1 / (p Tp)";
    case ScalingMetric::kMakespan: return "makespan Tp (s)";
    case ScalingMetric::kUtilisation:
      return "busy time / (p Tp)";
    case ScalingMetric::kEnergy:
      return "energy (J)";
  }
  return "";
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

QAbstractAxis* make_axis(QChart* chart, bool log_scale, double lo, double hi, const char* format,
                         int linear_ticks) {
  if (log_scale) {
    auto* axis = new QLogValueAxis(chart);
    axis->setBase(2);
    axis->setLabelFormat(format);
    axis->setRange(lo, hi);
    return axis;
  }
  // An empty figure (no run yet) or only zero values: a unit range, not [0, 0], whose nice
  // numbers Qt computes as NaN.
  if (!(hi > lo)) hi = lo + 1;
  auto* axis = new QValueAxis(chart);
  axis->setRange(lo, hi);
  axis->setTickCount(linear_ticks);
  axis->setLabelFormat(format);
  axis->applyNiceNumbers();  // ticks at round values (2, 4, 6, not 3.36, 6.72)
  return axis;
}

QString chart_title(const ScalingFigure& figure, ScalingMetric metric) {
  // The curves' values are named by the swept parameter (its name ends with ':').
  const std::string& by = figure.legend_title;
  return by.empty()
             ? QString(title_of(metric))
             : QString("%1 by %2")
                   .arg(title_of(metric), QString::fromStdString(by.substr(0, by.size() - 1)));
}

// Every point at one core count: a bar per curve, and a grey one for the best possible value
// when every curve has the same.
QChart* make_bar_chart(const ScalingFigure& figure, ScalingMetric metric, double cores) {
  auto* chart = new QChart();
  chart->setTitle(chart_title(figure, metric) + QString(" on %1 cores").arg(cores));
  chart->legend()->setAlignment(Qt::AlignBottom);
  auto* series = new QBarSeries(chart);
  double max_value = 0;
  double bound = std::numeric_limits<double>::quiet_NaN();
  bool same_bound = true;
  for (std::size_t i = 0; i < figure.curves.size(); ++i) {
    const auto& c = figure.curves[i];
    if (c.points.empty()) continue;
    const Point& p = c.points.front();
    if (std::isnan(value_of(p, metric))) continue;  // (energy without a power model)
    auto* set = new QBarSet(QString::fromStdString(c.label), series);
    set->setColor(curve_color(i));
    set->setBorderColor(curve_color(i));
    *set << value_of(p, metric);
    series->append(set);
    max_value = std::max(max_value, value_of(p, metric));
    if (!std::isnan(bound_of(p, metric))) max_value = std::max(max_value, bound_of(p, metric));
    if (std::isnan(bound)) bound = bound_of(p, metric);
    // (one-core reference runs of one graph under different policies differ in the last bits)
    same_bound &= std::fabs(bound_of(p, metric) - bound) <= 1e-9 * std::fabs(bound);
  }
  if (same_bound && !std::isnan(bound)) {
    auto* set = new QBarSet("best possible", series);
    set->setColor(QColor(190, 190, 190));
    set->setBorderColor(QColor(150, 150, 150));
    *set << bound;
    series->append(set);
  }
  chart->addSeries(series);
  auto* x = new QBarCategoryAxis(chart);
  x->append(QString("%1 cores").arg(cores));
  const bool fraction =
      metric == ScalingMetric::kEfficiency || metric == ScalingMetric::kUtilisation;
  QAbstractAxis* y =
      fraction ? make_axis(chart, false, 0, std::max(1.1, max_value * 1.05), "%.1f", 12)
               : make_axis(chart, false, 0, std::max(max_value, 1e-300) * 1.1,
                           metric == ScalingMetric::kMakespan || metric == ScalingMetric::kEnergy
                               ? "%.3g"
                               : "%g",
                           6);
  y->setTitleText(axis_title_of(metric));
  chart->addAxis(x, Qt::AlignBottom);
  chart->addAxis(y, Qt::AlignLeft);
  series->attachAxis(x);
  series->attachAxis(y);
  return chart;
}

}  // namespace

bool has_energy(const ScalingFigure& figure) {
  for (const auto& c : figure.curves)
    for (const Point& p : c.points)
      if (!std::isnan(p.energy_j)) return true;
  return false;
}

double single_core_count(const ScalingFigure& figure) {
  double cores = 0;
  for (const auto& c : figure.curves)
    for (const Point& p : c.points) {
      if (cores != 0 && p.cores != cores) return 0;
      cores = p.cores;
    }
  return cores;
}

QString scaling_key(const ScalingFigure& figure) {
  if (single_core_count(figure) > 0)
    return "bars: measured (mean over repetitions)   grey (when the curves share it): best "
           "possible, T1 / max(critical path, work / p)";
  // The laws whose fits are drawn (a curve without enough points has none).
  const bool weak = std::ranges::any_of(figure.curves, [](const auto& c) {
    return c.weak && std::isfinite(c.gustafson.serial_fraction);
  });
  const bool strong = std::ranges::any_of(figure.curves, [](const auto& c) {
    return !c.weak && std::isfinite(c.amdahl.serial_fraction);
  });
  const QString law = weak && strong ? "   dashed: fitted Amdahl (strong) or Gustafson (weak) law"
                      : weak         ? "   dashed: fitted Gustafson law"
                      : strong       ? "   dashed: fitted Amdahl law"
                                     : "";
  return "solid: measured (mean over repetitions)   dotted: best possible, T1 / max(critical "
         "path, work / p)" +
         law + "   grey: ideal";
}

QColor curve_color(std::size_t i) {
  static constexpr std::array<QRgb, 8> kColors{0x0072B2, 0xD55E00, 0x009E73, 0xCC79A7,
                                               0xE69F00, 0x56B4E9, 0xF0E442, 0x000000};
  return QColor::fromRgb(kColors[i % kColors.size()]);
}

QChart* make_scaling_chart(const ScalingFigure& figure, ScalingMetric metric) {
  if (const double cores = single_core_count(figure); cores > 0)
    return make_bar_chart(figure, metric, cores);
  auto* chart = new QChart();
  chart->setTitle(chart_title(figure, metric));
  chart->legend()->setAlignment(Qt::AlignBottom);

  double min_cores = std::numeric_limits<double>::infinity(), max_cores = 1;
  double min_value = std::numeric_limits<double>::infinity(), max_value = 0, max_t1 = 0;
  for (const auto& c : figure.curves)
    for (const Point& p : c.points) {
      min_cores = std::min(min_cores, p.cores);
      max_cores = std::max(max_cores, p.cores);
      if (std::isnan(value_of(p, metric))) continue;  // (energy without a power model)
      min_value = std::min(min_value, value_of(p, metric));
      if (!std::isnan(bound_of(p, metric))) min_value = std::min(min_value, bound_of(p, metric));
      max_value = std::max(max_value, value_of(p, metric));
      max_t1 = std::max(max_t1, p.t1);
    }
  if (!std::isfinite(min_cores)) min_cores = 1;
  const bool log_scale = max_cores / min_cores >= 8;
  // Curves are sampled at 8 points per doubling: Qt joins points by straight screen lines.
  const double step = std::pow(2.0, 0.125);
  std::vector<QLineSeries*> all;

  if (metric != ScalingMetric::kMakespan && metric != ScalingMetric::kEnergy) {
    QLineSeries* ideal = add_series(chart, "ideal", QColor(150, 150, 150), Qt::SolidLine, true);
    ideal->setPointsVisible(false);
    for (double p = min_cores; p <= max_cores * 1.0001; p *= step)
      ideal->append(p, metric == ScalingMetric::kSpeedup ? p : 1.0);
    all.push_back(ideal);
    if (metric == ScalingMetric::kSpeedup) max_value = std::max(max_value, max_cores);
  }
  for (std::size_t i = 0; i < figure.curves.size(); ++i) {
    const auto& c = figure.curves[i];
    const QColor color = curve_color(i);
    // (A curve has energies at all its points or at none: its scenario has a power model.)
    if (c.points.empty() || std::isnan(value_of(c.points.front(), metric))) continue;
    QLineSeries* measured =
        add_series(chart, QString::fromStdString(c.label), color, Qt::SolidLine, true);
    measured->setProperty("curve", static_cast<int>(i));
    for (const Point& p : c.points) measured->append(p.cores, value_of(p, metric));
    all.push_back(measured);
    if (!std::isnan(bound_of(c.points.front(), metric))) {
      QLineSeries* bound = add_series(chart, "bound", color, Qt::DotLine, false);
      for (const Point& p : c.points) bound->append(p.cores, bound_of(p, metric));
      all.push_back(bound);
    }
    if (!has_law(metric)) continue;
    // The fitted law: Amdahl's for strong scaling, Gustafson's for weak scaling.
    const double f = c.weak ? c.gustafson.serial_fraction : c.amdahl.serial_fraction;
    if (std::isfinite(f) && !c.points.empty() && !(c.weak && metric == ScalingMetric::kMakespan)) {
      QLineSeries* fit =
          add_series(chart, c.weak ? "Gustafson fit" : "Amdahl fit", color, Qt::DashLine, false);
      const double t1 = c.points.front().t1;
      for (double p = min_cores; p <= max_cores * 1.0001; p *= step) {
        const double y = c.weak ? gustafson_of(f, p, metric) : amdahl_of(f, p, t1, metric);
        // Gustafson's law with a > 1 falls to 0 and below (more cores, slower): drawn up to
        // there (on a log axis Qt would drop the whole series for one value <= 0).
        if (y <= 0) break;
        fit->append(p, y);
      }
      all.push_back(fit);
    }
  }

  QAbstractAxis* x = make_axis(chart, log_scale, min_cores, std::max(max_cores, min_cores + 1), "%g", 6);
  x->setTitleText("cores");
  QAbstractAxis* y = nullptr;
  switch (metric) {
    case ScalingMetric::kSpeedup:
      // (A point at the very end of a log axis is drawn half outside it: room below too.)
      y = make_axis(chart, log_scale, log_scale ? std::min(1.0, min_value) / 1.2 : 0,
                    max_value * (log_scale ? 1.2 : 1.05), "%g", 6);
      break;
    case ScalingMetric::kEfficiency:
    case ScalingMetric::kUtilisation:
      // Up to 1.1, or above the best superlinear point (a 1-core reference slowed by faults).
      y = make_axis(chart, false, 0, std::max(1.1, max_value * 1.05), "%.1f", 12);
      break;
    case ScalingMetric::kMakespan:
    case ScalingMetric::kEnergy: {
      if (!std::isfinite(min_value)) min_value = max_value = 1;  // (no point has a value)
      // Energy varies far less than makespan with the cores: a log axis only when it too
      // spans a factor of 8 (else its powers of two leave one tick or none).
      // (A value of 0, a run without work or a power model of 0 W, has no place on a log axis.)
      const bool log_y = log_scale && min_value > 0 &&
                         (metric == ScalingMetric::kMakespan || max_value >= 8 * min_value);
      const double lo = log_y ? min_value / 1.2 : 0,
                   hi = (metric == ScalingMetric::kMakespan ? std::max(max_value, max_t1)
                                                            : max_value) *
                        1.1;
      // A log axis has its ticks at powers of two: whole seconds read better as 512, 1024,
      // 2048 than as 512, 1.02e+03, 2.05e+03.
      y = make_axis(chart, log_y, lo, hi, log_y && lo >= 1 && hi < 1e7 ? "%.0f" : "%.3g", 6);
      break;
    }
  }
  y->setTitleText(axis_title_of(metric));
  chart->addAxis(x, Qt::AlignBottom);
  chart->addAxis(y, Qt::AlignLeft);
  for (QLineSeries* s : all) {
    s->attachAxis(x);
    s->attachAxis(y);
  }
  return chart;
}

}  // namespace pelsim::gui
