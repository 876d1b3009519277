// Headless scaling plots for `pelsim run`, drawn by the pelsim-plot program (Qt 6 Charts).
#pragma once

#include <string>

#include "pelsim/experiment/scenario.hpp"

namespace pelsim::cli {

/// Runs pelsim-plot (next to this executable) on `summary_json` to write DIR/scaling.svg and
/// DIR/scaling.png, and returns a line for the user saying what was written, or why not (no
/// pelsim-plot because Qt 6 was not built, or its failure).
std::string write_scaling_plots(const experiment::Scenario& scenario,
                                const std::string& summary_json, const std::string& dir);

}  // namespace pelsim::cli
