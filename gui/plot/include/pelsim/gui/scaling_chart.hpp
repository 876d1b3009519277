// The Qt Charts of a scaling figure, shared by the dashboard and the headless plots.
#pragma once

#include <QtCharts/QChart>

#include "pelsim/gui/scaling_plot.hpp"

namespace pelsim::gui {

/// Which quantity a scaling chart plots against the core count.
enum class ScalingMetric { kSpeedup, kEfficiency, kMakespan, kUtilisation, kEnergy };

/// A new chart (owned by the caller) of `metric` against cores for every curve of `figure`:
/// measured points joined by solid lines, the lower-bound limit dotted, the fitted law dashed
/// (Amdahl's; for a weak-scaling curve Gustafson's, on speedup and efficiency), and the ideal
/// (linear speedup, efficiency 1, utilisation 1) in grey. Utilisation and
/// energy have measured points only (and energy only for the curves with a power model). The core
/// axis is logarithmic (base 2) when the cores span a factor of 8 or more; speedup and makespan are
/// then log-log. Each measured series carries its curve's index in the property "curve" (for hover
/// tooltips). When every point has the same core count (a SimGrid platform file fixes the cores), a
/// bar chart instead: one bar per curve in its colour, and a grey "best possible" bar when the
/// curves share that bound.
QChart* make_scaling_chart(const ScalingFigure& figure, ScalingMetric metric);

/// True when some point of `figure` has an energy (its scenario has a power model).
bool has_energy(const ScalingFigure& figure);

/// The core count of every point of `figure` when they all have the same one, else 0.
double single_core_count(const ScalingFigure& figure);

/// One line saying what the lines (or bars) of make_scaling_chart() stand for, shown above the
/// charts by the dashboard and the headless plots.
QString scaling_key(const ScalingFigure& figure);

/// The colour of curve i (a colour-blind-safe palette, Okabe & Ito 2008, in a fixed order).
QColor curve_color(std::size_t i);

}  // namespace pelsim::gui
