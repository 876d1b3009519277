// Scaling laws fitted to measured speedups: Amdahl (strong scaling), Gustafson (weak
// scaling) and the Karp–Flatt experimentally determined serial fraction.
#pragma once

#include <cstddef>
#include <limits>
#include <span>
#include <string>
#include <vector>

namespace pelsim::experiment {

/// One measured speedup: `speedup` on `cores` cores.
struct SpeedupSample {
  double cores = 1;
  double speedup = 1;
};

/// A fitted serial fraction with its standard error and 95 % confidence interval (Student t
/// with n-1 degrees of freedom). `points` counts the samples with cores > 1 that entered the
/// fit; with fewer than 2 of them the error and interval are NaN, with none everything is.
struct SerialFractionFit {
  double serial_fraction = 0;
  double std_error = 0;
  double ci95_low = 0;
  double ci95_high = 0;
  std::size_t points = 0;
};

/// Amdahl's law S(p) = 1 / (f + (1 - f) / p), fitted by least squares on its linear form
/// 1/S - 1/p = f (1 - 1/p) (a line through the origin in x = 1 - 1/p). Exact data give f
/// exactly. Samples on 1 core carry no information and are skipped.
SerialFractionFit fit_amdahl(std::span<const SpeedupSample> samples);

/// Gustafson's law for scaled (weak-scaling) speedup S(p) = p - a (p - 1), fitted by least
/// squares as p - S = a (p - 1).
SerialFractionFit fit_gustafson(std::span<const SpeedupSample> samples);

/// Karp–Flatt metric e = (1/S - 1/p) / (1 - 1/p); NaN for p <= 1.
double karp_flatt(double speedup, double cores);

/// Amdahl's speedup on p cores for serial fraction f.
double amdahl_speedup(double serial_fraction, double cores);

/// One curve of an experiment (one setting of every swept parameter but the core count),
/// ready to plot: per core count the mean speedup, efficiency, utilisation and energy over
/// repetitions and the best speedup the lower bound allows (T1 / max(critical path, work /
/// p)), plus both fits.
/// `weak` is true when the total work grows with the core count (a weak-scaling sweep).
struct ScalingCurve {
  struct Point {
    double cores = 1;
    double makespan = 0;  ///< mean over repetitions, seconds
    double t1 = 0;        ///< mean 1-core makespan of the same points
    double lower_bound = 0;
    double speedup = 1;
    double efficiency = 1;
    double bound_speedup = 1;
    double utilisation = 0;                                      ///< mean busy / (cores x makespan)
    double energy_j = std::numeric_limits<double>::quiet_NaN();  ///< mean; NaN: no power model
  };
  std::string label;
  bool weak = false;
  std::vector<Point> points;
  SerialFractionFit amdahl;
  SerialFractionFit gustafson;
};

}  // namespace pelsim::experiment
