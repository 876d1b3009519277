// pelsim-plot: draws DIR/summary.json (written by `pelsim run`) as scaling.svg and .png with
// the dashboard's chart code. `pelsim run` starts it, so the `pelsim` command itself never
// loads Qt. Usage: pelsim-plot SUMMARY.json SVG PNG   (exit 0 ok, 2 bad input, 1 failure)
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>

#include "pelsim/gui/scaling_plot.hpp"

namespace {

using pelsim::experiment::ScalingCurve;
using pelsim::experiment::SerialFractionFit;

double number(const nlohmann::json& j, const char* key) {
  const auto it = j.find(key);
  return it == j.end() || !it->is_number() ? std::numeric_limits<double>::quiet_NaN()
                                           : it->get<double>();
}

SerialFractionFit fit_of(const nlohmann::json& j) {
  SerialFractionFit f{std::nan(""), std::nan(""), std::nan(""), std::nan(""), 0};
  if (!j.is_object()) return f;
  f.serial_fraction = number(j, "serial_fraction");
  f.std_error = number(j, "std_error");
  f.points = j.value("points", std::size_t{0});
  return f;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: pelsim-plot SUMMARY.json SVG PNG\n");
    return 2;
  }
  pelsim::gui::ScalingFigure figure;
  try {
    std::ifstream in(argv[1]);
    if (!in) {
      std::fprintf(stderr, "pelsim-plot: error: cannot open %s\n", argv[1]);
      return 2;
    }
    const nlohmann::json doc = nlohmann::json::parse(in);
    figure.title = doc.value("scenario", std::string());
    const std::string description = doc.value("description", std::string());
    if (!description.empty()) figure.title += ": " + description;
    // The figure wraps a long title; beyond three lines or so it is cut, after its last whole
    // sentence that fits (else its last whole word).
    if (figure.title.size() > 300) {
      // (A sentence ends at ". " before a capital letter, which leaves out most abbreviations,
      // as in "e.g. the", though not all.)
      std::size_t sentence = figure.title.rfind(". ", 298);
      while (sentence != std::string::npos &&
             !(figure.title[sentence + 2] >= 'A' && figure.title[sentence + 2] <= 'Z'))
        sentence = sentence == 0 ? std::string::npos : figure.title.rfind(". ", sentence - 1);
      std::size_t cut = figure.title.rfind(' ', 296);
      if (cut == std::string::npos) cut = 296;
      while (cut > 0 && (static_cast<unsigned char>(figure.title[cut]) & 0xC0) == 0x80)
        --cut;  // not inside a UTF-8 character
      figure.title = sentence != std::string::npos && sentence > 60
                         ? figure.title.substr(0, sentence + 1)
                         : figure.title.substr(0, cut) + "...";
    }
    for (const auto& c : doc.at("curves")) {
      ScalingCurve curve;
      curve.label = c.value("label", std::string());
      curve.weak = c.value("scaling", std::string()) == "weak";
      curve.amdahl = fit_of(c.value("amdahl", nlohmann::json()));
      curve.gustafson = fit_of(c.value("gustafson", nlohmann::json()));
      for (const auto& p : c.at("points"))
        curve.points.push_back({number(p, "cores"), number(p, "makespan"), number(p, "t1"),
                                number(p, "lower_bound"), number(p, "speedup"),
                                number(p, "efficiency"), number(p, "bound_speedup"),
                                number(p, "utilisation"), number(p, "energy_j")});
      figure.curves.push_back(std::move(curve));
    }
    pelsim::gui::name_curves_by_values(figure,
                                       doc.value("curve_parameters", std::vector<std::string>()));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "pelsim-plot: error: %s: %s\n", argv[1], e.what());
    return 2;
  }
  try {
    pelsim::gui::write_scaling_plots(figure, argv[2], argv[3]);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "pelsim-plot: error: %s\n", e.what());
    return 1;
  }
  return 0;
}
