#include "plot_output.hpp"

#include <filesystem>

#ifdef PELSIM_HAVE_PLOT
#include "pelsim/gui/scaling_plot.hpp"
#endif

namespace pelsim::cli {

std::string write_scaling_plots(const experiment::Scenario& scenario,
                                const std::vector<experiment::ScalingCurve>& curves,
                                const std::string& dir) {
#ifdef PELSIM_HAVE_PLOT
  const std::filesystem::path d(dir);
  gui::ScalingFigure figure;
  figure.title = scenario.name + (scenario.description.empty() ? "" : ": " + scenario.description);
  if (figure.title.size() > 110) figure.title = figure.title.substr(0, 107) + "...";
  figure.curves = curves;
  const std::string svg = (d / "scaling.svg").string(), png = (d / "scaling.png").string();
  gui::write_scaling_plots(figure, svg, png);
  return "plots: " + svg + ", " + png;
#else
  (void)scenario;
  (void)curves;
  (void)dir;
  return "plots: skipped, this pelsim was built without Qt 6 Charts (results.csv is complete)";
#endif
}

}  // namespace pelsim::cli
