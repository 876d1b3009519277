#include "pelsim/models/faults.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "pelsim/models/error.hpp"

namespace pelsim::models {

namespace {

[[noreturn]] void fail(const FaultModel& m, const CoreFailure& f, const std::string& reason) {
  if (f.line > 0) throw InputError(m.source, f.line, reason);
  throw InputError(reason);
}

std::string seconds(double s) {
  char text[32];
  std::snprintf(text, sizeof text, "%g s", s);
  return text;
}

// SplitMix64 (Steele, Lea, Flood, OOPSLA 2014): spreads (seed, core) over the seed space.
std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

bool FaultModel::has_permanent() const {
  for (const CoreFailure& f : failures)
    if (f.repair == kNeverRepaired) return true;
  return false;
}

void validate_faults(const FaultModel& faults, std::uint32_t cores) {
  std::vector<bool> lost(cores, false);
  std::uint32_t lost_count = 0;
  for (const CoreFailure& f : faults.failures) {
    if (f.core >= cores)
      fail(faults, f,
           "a failure of core " + std::to_string(f.core) + ", but the platform has " +
               std::to_string(cores) + " cores (0 to " + std::to_string(cores - 1) + ")");
    if (!std::isfinite(f.at) || f.at < 0)
      fail(faults, f, "a failure's time must be finite and >= 0, not " + seconds(f.at));
    if (!(f.repair >= 0))
      fail(faults, f, "a failure's repair time must be >= 0 (or never), not " + seconds(f.repair));
    if (f.repair == kNeverRepaired && !lost[f.core]) {
      lost[f.core] = true;
      if (++lost_count == cores)
        fail(faults, f,
             "every core fails for good, the last one core " + std::to_string(f.core) + " at " +
                 seconds(f.at) +
                 ": no task could be sure to run (even a run that would end before); give one "
                 "of them a repair time");
    }
  }
  if (!std::isfinite(faults.mtbf) || faults.mtbf < 0)
    throw InputError("the mean time between failures must be finite and >= 0, not " +
                     seconds(faults.mtbf));
  if (faults.cores_per_unit == 0 || cores % faults.cores_per_unit != 0)
    throw InputError("random failures strike units of " + std::to_string(faults.cores_per_unit) +
                     " cores, which must divide the " + std::to_string(cores) + " cores");
  if (!std::isfinite(faults.mttr) || faults.mttr < 0)
    throw InputError("the mean time to repair must be finite and >= 0, not " +
                     seconds(faults.mttr));
  const Checkpoints& cp = faults.checkpoints;
  for (const auto& [value, name] : {std::pair{cp.interval, "checkpoint interval"},
                                    {cp.cost, "checkpoint cost"},
                                    {cp.restart, "restart cost"}})
    if (!std::isfinite(value) || value < 0)
      throw InputError(std::string("the ") + name + " must be finite and >= 0, not " +
                       seconds(value));
}

namespace {

// a / b, taken as the nearest whole number when within a relative 1e-9 of it: times that are
// whole multiples in decimal (2.1 s of 0.3 s, 0.3 s of 0.1 s, what is left after 7 of 10
// intervals) are rarely so in binary.
double ratio(double a, double b) {
  const double q = a / b;
  const double whole = std::round(q);
  return std::abs(q - whole) <= 1e-9 * std::max(1.0, whole) ? whole : q;
}

}  // namespace

double Checkpoints::count_in(double remaining) const {
  if (!(remaining > 0)) return 0;
  const double q = ratio(remaining, interval);
  const double whole = std::floor(q);
  return whole == q ? whole - 1 : whole;  // none at the very end
}

double Checkpoints::written_after(double elapsed, double remaining, bool resumes) const {
  const double computing = elapsed - (resumes ? restart : 0.0);
  if (!(computing > 0)) return 0;
  return std::min(std::floor(ratio(computing, interval + cost)), count_in(remaining));
}

FailureStream::FailureStream(std::uint64_t seed, CoreId core)
    : rng_(splitmix64(seed ^ splitmix64(core))) {}

double FailureStream::exponential_draw(double mean, double u) {
  // 1 - u is exact for u in [0, 1) with 53 random bits, and > 0.
  return -mean * portable_log(1.0 - u);
}

double FailureStream::portable_log(double x) {
  // x = m 2^k with m in [sqrt(1/2), sqrt(2)); ln x = k ln 2 + 2 atanh(s), s = (m-1)/(m+1),
  // |s| < 0.172, and atanh(s) = s + s^3/3 + s^5/5 + ...: 14 terms reach s^29 / 29 < 1e-24.
  int k = 0;
  double m = std::frexp(x, &k);  // m in [0.5, 1), exact
  if (m < 0.70710678118654752440) {
    m *= 2;
    --k;
  }
  const double s = (m - 1) / (m + 1);
  const double s2 = s * s;
  double sum = 0;
  for (int i = 29; i >= 3; i -= 2) sum = (sum + 1.0 / i) * s2;
  // ln 2 split in a high part exact in multiplication by |k| < 2^11 and a low part.
  constexpr double kLn2High = 0x1.62e42fee00000p-1;
  constexpr double kLn2Low = 0x1.a39ef35793c76p-33;
  return k * kLn2High + (2 * s + 2 * s * sum + k * kLn2Low);
}

}  // namespace pelsim::models
