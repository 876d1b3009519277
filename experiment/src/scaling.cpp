#include "pelsim/experiment/scaling.hpp"

#include <array>
#include <cmath>
#include <limits>

namespace pelsim::experiment {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Two-sided 95 % quantiles of Student's t for 1..30 degrees of freedom; 1.96 beyond.
double t975(std::size_t dof) {
  static constexpr std::array<double, 30> kTable{
      12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
      2.201,  2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
      2.080,  2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
  if (dof == 0) return kNaN;
  return dof <= kTable.size() ? kTable[dof - 1] : 1.96;
}

// Least squares of y = a x through the origin over the (x, y) pairs `xy` produces.
template <class XY>
SerialFractionFit fit_through_origin(std::span<const SpeedupSample> samples, XY xy) {
  double sxx = 0, sxy = 0;
  std::size_t n = 0;
  for (const SpeedupSample& s : samples) {
    if (!(s.cores > 1) || !(s.speedup > 0)) continue;
    const auto [x, y] = xy(s);
    sxx += x * x;
    sxy += x * y;
    ++n;
  }
  SerialFractionFit fit;
  fit.points = n;
  if (n == 0) return {kNaN, kNaN, kNaN, kNaN, 0};
  fit.serial_fraction = sxy / sxx;
  if (n < 2) {
    fit.std_error = fit.ci95_low = fit.ci95_high = kNaN;
    return fit;
  }
  double rss = 0;
  for (const SpeedupSample& s : samples) {
    if (!(s.cores > 1) || !(s.speedup > 0)) continue;
    const auto [x, y] = xy(s);
    const double r = y - fit.serial_fraction * x;
    rss += r * r;
  }
  fit.std_error = std::sqrt(rss / static_cast<double>(n - 1) / sxx);
  const double half = t975(n - 1) * fit.std_error;
  fit.ci95_low = fit.serial_fraction - half;
  fit.ci95_high = fit.serial_fraction + half;
  return fit;
}

struct XYPair {
  double x, y;
};

}  // namespace

SerialFractionFit fit_amdahl(std::span<const SpeedupSample> samples) {
  return fit_through_origin(samples, [](const SpeedupSample& s) {
    return XYPair{1.0 - 1.0 / s.cores, 1.0 / s.speedup - 1.0 / s.cores};
  });
}

SerialFractionFit fit_gustafson(std::span<const SpeedupSample> samples) {
  return fit_through_origin(samples, [](const SpeedupSample& s) {
    return XYPair{s.cores - 1.0, s.cores - s.speedup};
  });
}

double karp_flatt(double speedup, double cores) {
  if (!(cores > 1) || !(speedup > 0)) return kNaN;
  return (1.0 / speedup - 1.0 / cores) / (1.0 - 1.0 / cores);
}

double amdahl_speedup(double serial_fraction, double cores) {
  return 1.0 / (serial_fraction + (1.0 - serial_fraction) / cores);
}

}  // namespace pelsim::experiment
