// Headless scaling plots for `pelsim run`, when pelsim was built with Qt 6 Charts.
#pragma once

#include <string>
#include <vector>

#include "pelsim/experiment/scaling.hpp"
#include "pelsim/experiment/scenario.hpp"

namespace pelsim::cli {

/// Writes DIR/scaling.svg and DIR/scaling.png for the scenario's curves and returns a line
/// for the user saying what was written (or that plots are not available in this build).
std::string write_scaling_plots(const experiment::Scenario& scenario,
                                const std::vector<experiment::ScalingCurve>& curves,
                                const std::string& dir);

}  // namespace pelsim::cli
