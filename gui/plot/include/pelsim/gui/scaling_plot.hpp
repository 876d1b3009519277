// Scaling plots (speedup and efficiency against cores) drawn with Qt Charts, for the
// dashboard and for headless batch runs. This header is Qt-free so that the CLI can call it.
#pragma once

#include <string>
#include <vector>

#include "pelsim/experiment/scaling.hpp"

namespace pelsim::gui {

/// What a scaling figure shows: per curve the measured speedup and efficiency, the bound
/// T1 / max(critical path, work / p), the fitted Amdahl curve, and the ideal line.
struct ScalingFigure {
  std::string title;
  std::vector<experiment::ScalingCurve> curves;
};

/// Writes the figure as SVG and PNG (either path may be empty to skip it). Works without a
/// display: when no Qt application exists yet, one is created on the offscreen platform.
/// Must be called from the main thread. Throws std::runtime_error when a file cannot be
/// written.
void write_scaling_plots(const ScalingFigure& figure, const std::string& svg_path,
                         const std::string& png_path);

}  // namespace pelsim::gui
