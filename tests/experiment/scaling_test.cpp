#include "pelsim/experiment/scaling.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace pelsim::experiment {
namespace {

// Speedups computed from Amdahl's law itself, S(p) = 1 / (f + (1 - f) / p).
std::vector<SpeedupSample> amdahl_data(double f) {
  std::vector<SpeedupSample> s;
  for (double p : {1.0, 2.0, 4.0, 8.0, 16.0, 64.0}) s.push_back({p, amdahl_speedup(f, p)});
  return s;
}

TEST(Scaling, AmdahlFitRecoversTheSerialFractionOfExactData) {
  const SerialFractionFit fit = fit_amdahl(amdahl_data(0.1));
  EXPECT_NEAR(fit.serial_fraction, 0.1, 1e-12);
  EXPECT_NEAR(fit.std_error, 0.0, 1e-12);
  EXPECT_EQ(fit.points, 5u);  // the 1-core sample carries no information
}

TEST(Scaling, AmdahlSpeedupByHand) {
  // f = 0.1, p = 4: 1 / (0.1 + 0.9 / 4) = 1 / 0.325 = 3.0769...
  EXPECT_DOUBLE_EQ(amdahl_speedup(0.1, 4), 1.0 / 0.325);
  EXPECT_DOUBLE_EQ(amdahl_speedup(0.0, 16), 16.0);
}

TEST(Scaling, AmdahlFitByHand) {
  // y = 1/S - 1/p, x = 1 - 1/p. Samples (p=2: S=1.8), (p=4: S=3.0):
  //   x = 0.5, y = 1/1.8 - 0.5 = 0.0555...;  x = 0.75, y = 1/3 - 0.25 = 0.0833...
  //   f = sum(xy) / sum(x^2) = (0.027777... + 0.0625) / (0.25 + 0.5625) = 0.111111...
  std::vector<SpeedupSample> s{{2, 1.8}, {4, 3.0}};
  const SerialFractionFit fit = fit_amdahl(s);
  EXPECT_NEAR(fit.serial_fraction, (0.5 * (1 / 1.8 - 0.5) + 0.75 * (1.0 / 3 - 0.25)) / 0.8125,
              1e-15);
  EXPECT_NEAR(fit.serial_fraction, 1.0 / 9.0, 1e-12);  // both points lie on f = 1/9 exactly
  EXPECT_NEAR(fit.std_error, 0.0, 1e-12);
}

TEST(Scaling, AmdahlFitOfNoisyDataHasAnIntervalAroundTheEstimate) {
  std::vector<SpeedupSample> s{{2, 1.8}, {4, 3.2}, {8, 5.0}};  // not on one Amdahl curve
  const SerialFractionFit fit = fit_amdahl(s);
  EXPECT_GT(fit.std_error, 0.0);
  EXPECT_LT(fit.ci95_low, fit.serial_fraction);
  EXPECT_GT(fit.ci95_high, fit.serial_fraction);
  // Half-width = t(0.975, 2 dof) x standard error = 4.303 x se.
  EXPECT_NEAR(fit.ci95_high - fit.serial_fraction, 4.303 * fit.std_error, 1e-12);
}

TEST(Scaling, OneSampleGivesAnEstimateWithoutAnInterval) {
  std::vector<SpeedupSample> s{{4, 2.0}};  // 1/2 - 1/4 = f (1 - 1/4) -> f = 1/3
  const SerialFractionFit fit = fit_amdahl(s);
  EXPECT_NEAR(fit.serial_fraction, 1.0 / 3.0, 1e-15);
  EXPECT_TRUE(std::isnan(fit.std_error));
  EXPECT_TRUE(std::isnan(fit_amdahl(std::vector<SpeedupSample>{{1, 1}}).serial_fraction));
}

TEST(Scaling, KarpFlattOfAmdahlDataIsTheSerialFraction) {
  // Karp & Flatt 1990: e = (1/S - 1/p) / (1 - 1/p) equals f exactly for Amdahl speedups.
  for (const SpeedupSample& s : amdahl_data(0.05))
    if (s.cores > 1) {
      EXPECT_NEAR(karp_flatt(s.speedup, s.cores), 0.05, 1e-12) << s.cores;
    }
  EXPECT_TRUE(std::isnan(karp_flatt(1.0, 1.0)));
}

TEST(Scaling, GustafsonFitRecoversTheSerialFraction) {
  // Gustafson 1988: scaled speedup S(p) = p - a (p - 1); a = 0.2 gives S(8) = 6.6.
  std::vector<SpeedupSample> s;
  for (double p : {1.0, 2.0, 8.0, 32.0}) s.push_back({p, p - 0.2 * (p - 1)});
  EXPECT_DOUBLE_EQ(s[2].speedup, 6.6);
  EXPECT_NEAR(fit_gustafson(s).serial_fraction, 0.2, 1e-12);
}

}  // namespace
}  // namespace pelsim::experiment
