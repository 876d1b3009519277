// SimGrid's deterministic CPU profiles (speed_profile.hpp): ProfileBuilder's legacy syntax
// and the CPU model's update of an execution at each profile event.
#include "pelsim/models/speed_profile.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <string>

#include "c_locale_number.hpp"
#include "pelsim/models/error.hpp"

namespace pelsim::models {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// The next blank-separated word of `s`, removed from it.
std::string_view word(std::string_view& s) {
  s = trimmed(s);
  std::size_t end = 0;
  while (end < s.size() && !is_space(s[end])) ++end;
  const std::string_view w = s.substr(0, end);
  s.remove_prefix(end);
  return w;
}

// A whole word as SimGrid's std::stod reads it ("+1", hexadecimal, values below the smallest
// normal double included), or NaN; in the "C" locale whatever the process's.
double number(std::string_view w) {
  return whole_number_c(std::string(w));
}

// A number as a message shows it: the shortest form that reads back the same.
std::string shown(double x) {
  char buf[32];
  const auto end = std::to_chars(buf, buf + sizeof buf, x).ptr;
  return std::string(buf, end);
}

}  // namespace

SpeedProfile parse_speed_profile(std::string_view text, const std::string& file,
                                 std::size_t first_line, double periodicity) {
  SpeedProfile p;
  // As SimGrid 3.32's legacy profile reader: a periodicity > 0 given by the caller (a
  // <trace>'s attribute), or any PERIODICITY or LOOPAFTER line, makes the profile repeat.
  bool repeats = periodicity > 0;
  double loop_after = 0;
  std::size_t line = first_line;
  std::size_t last_line = first_line;
  // The lines of the last PERIODICITY and LOOPAFTER, and of the last of either (0: none).
  std::size_t periodicity_line = 0, loop_after_line = 0, repeat_line = 0;
  const auto fail = [&](const std::string& reason) { throw InputError(file, line, reason); };
  // Lines end at "\n", "\r\n" or a lone "\r" (SimGrid splits at both characters).
  for (std::size_t pos = 0; pos <= text.size(); ++line) {
    std::size_t end = text.find_first_of("\r\n", pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view rest = trimmed(text.substr(pos, end - pos));
    pos = end + (text.substr(end, 2) == "\r\n" ? 2 : 1);
    if (rest.empty() || rest.front() == '#' || rest.front() == '%') continue;
    const std::string_view first = word(rest);
    if (first == "PERIODICITY" || first == "LOOPAFTER") {
      const double v = number(word(rest));
      if (!std::isfinite(v) || !trimmed(rest).empty())
        fail(std::string(first) + " takes one number of seconds");
      (first == "PERIODICITY" ? periodicity : loop_after) = v;
      (first == "PERIODICITY" ? periodicity_line : loop_after_line) = line;
      repeat_line = line;
      repeats = true;
      continue;
    }
    if (first == "STOCHASTIC" || first == "DET" || first == "NORM" || first == "NORMAL" ||
        first == "GAUSS" || first == "GAUSSIAN" || first == "EXP" || first == "EXPONENTIAL" ||
        first == "UNIF" || first == "UNIFORM")
      fail(
          "stochastic profiles are not supported (pelsim reads \"date value\" lines, "
          "PERIODICITY and LOOPAFTER)");
    const double date = number(first);
    const double value = number(word(rest));
    // (Words after the value are ignored, as SimGrid 3.32 ignores them.)
    if (std::isnan(date) || std::isnan(value))
      fail("expected \"date value\" (two numbers), PERIODICITY or LOOPAFTER");
    if (!(date >= 0) || !std::isfinite(date)) fail("a date must be a finite number >= 0");
    if (!p.dates.empty() && date < p.dates.back())
      fail("dates must be in increasing order (" + shown(date) + " after " + shown(p.dates.back()) +
           ")");
    // (SimGrid 3.32 aborts, or keeps the previous scale, when a host's scale is 0: its
    // state_file turns a host off.)
    if (!(value > 0) || !std::isfinite(value)) fail("a speed scale must be a finite number > 0");
    p.dates.push_back(date);
    p.scales.push_back(value);
    last_line = line;
  }
  line = last_line;
  // (No "date value" line: SimGrid keeps the host's speed, and so does an empty profile.)
  if (p.dates.empty()) return p;
  // PERIODICITY p > 0: the pattern starts again p after its first date; otherwise it starts
  // again LOOPAFTER's delay (0 by default) after its last date. A PERIODICITY <= 0 line
  // repeats with that delay too.
  if (repeat_line != 0) line = repeat_line;
  if (periodicity > 0) {
    // (Without a PERIODICITY line, the <trace>'s periodicity attribute.)
    const std::string name = periodicity_line != 0 ? "PERIODICITY" : "the periodicity";
    if (periodicity_line != 0) line = periodicity_line;
    if (loop_after != 0)
      fail(name + " and a LOOPAFTER other than 0 together (SimGrid refuses them)");
    if (periodicity < p.dates.back())
      fail(name + " " + shown(periodicity) + " is shorter than the last date " +
           shown(p.dates.back()) + " (SimGrid: loop conditions are not realizable)");
    p.period = periodicity;
  } else if (repeats) {
    if (loop_after_line != 0) line = loop_after_line;
    if (loop_after < 0)
      fail("LOOPAFTER " + shown(loop_after) +
           " is negative (SimGrid: loop conditions are not realizable)");
    p.period = p.dates.back() + loop_after;
  }
  if (repeats && !(p.period > 0))
    fail("the profile repeats with a period of 0 (its events would never end)");
  for (std::size_t j = 0; p.period > 0 && j < p.dates.size(); ++j)
    p.period_work +=
        p.scales[j] *
        ((j + 1 < p.dates.size() ? p.dates[j + 1] : p.dates[0] + p.period) - p.dates[j]);
  // (A period, or the work of one, beyond a double's range or below its smallest step cannot
  // be integrated: the run's times would be infinite or undefined.)
  if (repeats && (!std::isfinite(p.dates[0] + p.period) || !std::isnormal(p.period_work)))
    fail("the profile repeats with a period of " + shown(p.period) + " s computing " +
         shown(p.period_work) + " s of work at peak speed: out of a double's range");
  return p;
}

double SpeedProfile::finish(double start, double seconds) const {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  if (!(seconds > 0)) return start;
  const std::size_t n = dates.size();
  if (n == 0) return start + seconds;  // an empty profile: the host's speed, always
  // The event at or before `start` that holds then: iteration k, index i (i == n: before
  // the first event of iteration 0, scale 1). O(log n).
  double k = 0;
  std::size_t i = n;
  if (start >= dates[0]) {
    if (period > 0) {
      k = std::floor((start - dates[0]) / period);
      // (Rounding: the iteration whose first event is at or before start.)
      if (k > 0 && dates[0] + k * period > start)
        k -= 1;
      else if (dates[0] + (k + 1) * period <= start)
        k += 1;
    }
    const auto after = std::partition_point(dates.begin() + 1, dates.end(),
                                            [&](double d) { return d + k * period <= start; });
    i = static_cast<std::size_t>(after - dates.begin()) - 1;
  }
  double scale = i == n ? 1.0 : scales[i];
  double t = start;
  double left = seconds;
  std::size_t steps = 0;
  while (true) {
    // A long task on a short period: after two periods event by event (SimGrid's updates),
    // whole periods at once, each worth the integral of one period (the scale is periodic
    // from the first date on), so that the walk stays O(events per period).
    if (period > 0 && i < n && ++steps == 2 * n + 2) {
      const double m = std::floor(left / period_work) - 1;
      if (m > 0) {
        k += m;
        t += m * period;
        left -= m * period_work;
      }
    }
    // The next event after (k, i).
    double next = kInf;
    std::size_t ni = 0;
    double nk = k;
    if (i == n) {
      next = dates[0];
    } else if (i + 1 < n) {
      ni = i + 1;
      next = dates[ni] + k * period;
    } else if (period > 0) {
      nk = k + 1;
      next = dates[0] + nk * period;
      // A period below the clock's resolution this late (the next iteration does not start
      // after this one): the scale changes faster than time can tell, so its mean holds.
      if (nk == k || !(dates[0] + nk * period > dates[0] + k * period))
        return t + left * period / period_work;
    }
    const double end = t + left / scale;
    if (!(end > next)) return end;
    left -= scale * (next - t);
    if (!(left > 0)) return next;
    t = next;
    k = nk;
    i = ni;
    scale = scales[i];
  }
}

}  // namespace pelsim::models
