// Scaling plots (speedup, efficiency, makespan, utilisation and energy against cores) drawn
// with Qt Charts, for the dashboard and for headless batch runs. This header is Qt-free so that the
// CLI can call it.
#pragma once

#include <string>
#include <vector>

#include "pelsim/experiment/scaling.hpp"

namespace pelsim::gui {

/// What a scaling figure shows: per curve the measured speedup, efficiency, makespan,
/// utilisation and energy, the bound
/// T1 / max(critical path, work / p), the fitted Amdahl (or, weak scaling, Gustafson) curve,
/// and the ideal line.
struct ScalingFigure {
  std::string title;
  std::vector<experiment::ScalingCurve> curves;
  /// Shown before the curves' labels in the legend (e.g. "policy:"), empty for none.
  std::string legend_title;
};

/// Shortens the curves' labels "a.b.c=v1, d=v2" (Scenario::curve_labels, written with the
/// swept parameters `columns` in order) for a legend: with one parameter, the labels become
/// its values and legend_title its name ("policy:"); with several, each name is cut to its
/// last part ("interval=10s, cores=4"). Labels that do not have that form are left alone.
void name_curves_by_values(ScalingFigure& figure, const std::vector<std::string>& columns);

/// Writes the figure as SVG and PNG (either path may be empty to skip it). Works without a
/// display: when no Qt application exists yet, one is created on the offscreen platform.
/// Must be called from the main thread. Throws std::runtime_error when a file cannot be
/// written.
void write_scaling_plots(const ScalingFigure& figure, const std::string& svg_path,
                         const std::string& png_path);

}  // namespace pelsim::gui
