// Tests of SimGrid CPU speed profiles (models/speed_profile.hpp). Expected times are the
// integral of the scale worked out by hand in each comment; the first profile's were also
// given by SimGrid 3.32 (sgref on a host with that speed_file: 1.1875 and 1.6875 s).
#include "pelsim/models/speed_profile.hpp"

#include <gtest/gtest.h>

#include <clocale>
#include <string>
#include <vector>

#include "pelsim/models/error.hpp"
#include "pelsim/models/platform.hpp"

namespace pelsim::models {
namespace {

std::string error_of(const std::string& text) {
  try {
    parse_speed_profile(text, "P");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(SpeedProfile, ReadsDatesValuesAndTheRepeat) {
  const SpeedProfile p = parse_speed_profile(
      "# a comment\n0 1.0\n\n% another\n0.5 0.25\n 1.0   2.0 \nPERIODICITY 2.0\n", "P");
  ASSERT_EQ(p.dates.size(), 3u);
  EXPECT_EQ(p.dates[1], 0.5);
  EXPECT_EQ(p.scales[2], 2.0);
  EXPECT_EQ(p.period, 2.0);
  // LOOPAFTER d: the pattern starts again d after its last date.
  EXPECT_EQ(parse_speed_profile("1 0.5\n2 2\nLOOPAFTER 1\n", "P").period, 3.0);
  EXPECT_EQ(parse_speed_profile("1 0.5\n", "P").period, 0.0);
  // A <trace periodicity> attribute; <= 0 (SimGrid reads -1 too) for no repeat.
  EXPECT_EQ(parse_speed_profile("0 1\n1 2\n", "P", 1, 4.0).period, 4.0);
  EXPECT_EQ(parse_speed_profile("0 1\n1 2\n", "P", 1, -1.0).period, 0.0);
}

// SimGrid 3.32's legacy profile reader (ProfileBuilder.cpp, LegacyUpdateCb): any PERIODICITY
// or LOOPAFTER line makes the profile repeat; PERIODICITY p > 0 sets the period, otherwise the
// pattern starts again LOOPAFTER's delay (0 by default) after its last date. Each expected end
// is SimGrid's, through sgref on a host of that profile (a task of 3 s of work from 0).
TEST(SpeedProfile, RepeatsAsSimgridReadsThem) {
  // PERIODICITY 0: repeats after the last date (1), from 0.5 every 1 s: 1 on [0, 1), 0.25 on
  // [1, 1.5), 1 on [1.5, 2), ...: 1 + 0.125 + (0.5 + 0.125) x 3 = 3 at 4.5 s.
  const SpeedProfile zero = parse_speed_profile("0.5 1\n1 0.25\nPERIODICITY 0\n", "P");
  EXPECT_EQ(zero.period, 1.0);
  EXPECT_DOUBLE_EQ(zero.finish(0, 3.0), 4.5);
  // PERIODICITY -1: the same (period 1 from 0): each iteration's 0.5 at 1, 2, ... is
  // overridden at once by the next one's 1, so 3 s of work take 3 s.
  EXPECT_DOUBLE_EQ(parse_speed_profile("0 1\n1 0.5\nPERIODICITY -1\n", "P").finish(0, 3.0), 3.0);
  // LOOPAFTER 0 beside PERIODICITY 2 (SimGrid refuses only a non-zero delay there): period 2,
  // 1 on [0, 1), 0.5 on [1, 2), ...: 1 + 0.5 + 1 + 0.5 = 3 at 4 s.
  const SpeedProfile both = parse_speed_profile("0 1\n1 0.5\nLOOPAFTER 0\nPERIODICITY 2\n", "P");
  EXPECT_EQ(both.period, 2.0);
  EXPECT_DOUBLE_EQ(both.finish(0, 3.0), 4.0);
  // No "date value" line (comments only): the host's own speed, 3 s.
  const SpeedProfile none = parse_speed_profile("# no event\n", "P");
  EXPECT_TRUE(none.dates.empty());
  EXPECT_DOUBLE_EQ(none.finish(0, 3.0), 3.0);
}

// Lines end at "\n", "\r\n" or a lone "\r", as SimGrid splits them. 30 s of work: 5 by 10 s
// at 0.5, the other 25 at 2 in 12.5 s: 22.5 s (SimGrid 3.32 on "0 0.5\r10 2\r": the same).
TEST(SpeedProfile, ReadsAnyLineEnding) {
  for (const char* text : {"0 0.5\n10 2\n", "0 0.5\r\n10 2\r\n", "0 0.5\r10 2\r"}) {
    const SpeedProfile p = parse_speed_profile(text, "P");
    ASSERT_EQ(p.dates.size(), 2u) << text;
    EXPECT_DOUBLE_EQ(p.finish(0, 30.0), 22.5) << text;
  }
  EXPECT_EQ(parse_speed_profile("0 0.5\rLOOPAFTER 10\r", "P").period, 10.0);
  // (Line numbers count each ending once.)
  EXPECT_EQ(error_of("0 1\r\n1 0\r\n"), "P:2: a speed scale must be a finite number > 0");
  EXPECT_EQ(error_of("0 1\r1 0\r"), "P:2: a speed scale must be a finite number > 0");
}

// Numbers are read as in the "C" locale whatever the process's (the GUI runs in the user's):
// "0.5" is one half in a German locale too. Skipped where no such locale is installed.
TEST(SpeedProfile, ReadsNumbersTheSameInEveryLocale) {
  const std::string before = std::setlocale(LC_NUMERIC, nullptr);
  bool comma = false;
  for (const char* name : {"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8"})
    if (std::setlocale(LC_NUMERIC, name) != nullptr) {
      comma = true;
      break;
    }
  if (!comma) GTEST_SKIP() << "no locale with a decimal comma here";
  std::string error;
  SpeedProfile p;
  try {
    p = parse_speed_profile("0 0.5\n10 2.5\nLOOPAFTER 2.5\n", "P");
  } catch (const InputError& e) {
    error = e.what();
  }
  std::setlocale(LC_NUMERIC, before.c_str());
  ASSERT_EQ(error, "");
  EXPECT_EQ(p.scales, (std::vector<double>{0.5, 2.5}));
  EXPECT_EQ(p.period, 12.5);
}

TEST(SpeedProfile, FinishIntegratesTheScale) {
  const SpeedProfile p = parse_speed_profile("0 1.0\n0.5 0.25\n1.0 2.0\nPERIODICITY 2.0\n", "P");
  // 1 s of work from 0: 0.5 at scale 1, 0.125 at 0.25 until 1.0, the last 0.375 at 2.
  EXPECT_DOUBLE_EQ(p.finish(0, 1.0), 1.1875);
  EXPECT_DOUBLE_EQ(p.finish(1.1875, 1.0), 1.6875);  // at scale 2 throughout
  // From 1.9: 0.2 until 2.0 (scale 2), the next period's 0.5 (1) and 0.125 (0.25), then the
  // last 0.175 at 2: 3.0875.
  EXPECT_DOUBLE_EQ(p.finish(1.9, 1.0), 3.0875);
  // Many periods later, the same shape: from 101.9 (period 50's 1.9).
  EXPECT_NEAR(p.finish(101.9, 1.0), 103.0875, 1e-12);
  EXPECT_EQ(p.finish(0.7, 0), 0.7);
  // A long task: each period of 2 s computes 0.5 + 0.125 + 2 = 2.625 s of work, so 2625 s of
  // work from 0 take 1000 periods exactly (taken whole past the first two): 2000 s.
  EXPECT_NEAR(p.finish(0, 2625.0), 2000.0, 1e-9);
  EXPECT_NEAR(p.finish(0, 2625.0 + 1.0), 2001.1875, 1e-9);
  // Far into the run, where the 2 s period is still above the clock's resolution: 1e15 s is
  // period 5e14's start, so from 1e15 + 1.9 the same 1.1875 s as from 1.9 (to the digits
  // 1e15 keeps, ~0.125).
  EXPECT_NEAR(p.finish(1e15 + 1.9, 1.0), 1e15 + 3.0875, 0.25);
  // A period below the resolution at start (1e-16 s at 2 s): the mean scale, 0.5, holds
  // (a loop that never advanced before).
  const SpeedProfile fast = parse_speed_profile("0 0.5\nPERIODICITY 1e-16\n", "P");
  EXPECT_DOUBLE_EQ(fast.finish(2.0, 1.0), 4.0);
  // Where a task starts is found by bisection among many events: 1 000 000 events of one
  // second alternating 1 and 3, a task of 2 s of work starting at 999 990.5 (scale 1 until
  // 999 991, then 3): 999 991.0 + 1.5 / 3.
  std::string many;
  for (int d = 0; d < 1000000; ++d) many += std::to_string(d) + (d % 2 ? " 3\n" : " 1\n");
  EXPECT_DOUBLE_EQ(parse_speed_profile(many, "P").finish(999990.5, 2.0), 999991.5);
  // Before the first date the scale is 1: 1 s until 1, then 1 s of work at 2.
  EXPECT_DOUBLE_EQ(parse_speed_profile("1 2\n", "P").finish(0, 2.0), 1.5);
  // LOOPAFTER 1, period 3: 1 on [0, 1), 0.5 on [1, 2), 2 on [2, 4), 0.5 on [4, 5), ...
  // 5 s of work: 1 + 0.5 + 3.5 at 2 = 3.75.
  EXPECT_DOUBLE_EQ(parse_speed_profile("1 0.5\n2 2\nLOOPAFTER 1\n", "P").finish(0, 5.0), 3.75);
  // Events at one instant apply in order, the last holding: 0.5 from 1 on.
  EXPECT_DOUBLE_EQ(parse_speed_profile("0 1\n1 3\n1 0.5\n", "P").finish(0, 2.0), 3.0);
  // PERIODICITY equal to the last date: the next period's first event (2) follows the last
  // one (1) at the same instant, so the scale is 2 throughout (SimGrid 3.32: 4 s in 2 s).
  EXPECT_DOUBLE_EQ(parse_speed_profile("0 2\n1 1\nPERIODICITY 1\n", "P").finish(0, 4.0), 2.0);
}

TEST(SpeedProfile, ErrorsNameTheLine) {
  EXPECT_EQ(error_of("0 1\n0.5 0\n"), "P:2: a speed scale must be a finite number > 0");
  EXPECT_EQ(error_of("0 1\n2 1\n1 1\n"), "P:3: dates must be in increasing order (1 after 2)");
  EXPECT_EQ(error_of("-1 1\n"), "P:1: a date must be a finite number >= 0");
  EXPECT_EQ(error_of("0 x\n"),
            "P:1: expected \"date value\" (two numbers), PERIODICITY or LOOPAFTER");
  EXPECT_EQ(error_of("0 1 ignored\n+1 0x2\n"), "");  // as SimGrid's std::stod reads them
  EXPECT_EQ(error_of("STOCHASTIC\nNORM 1 2 1\n"),
            "P:1: stochastic profiles are not supported (pelsim reads \"date value\" lines, "
            "PERIODICITY and LOOPAFTER)");
  EXPECT_EQ(error_of("0 1\n3 2\nPERIODICITY 2\n"),
            "P:3: PERIODICITY 2 is shorter than the last date 3 (SimGrid: loop conditions are "
            "not realizable)");
  // A period whose work underflows (1e-300 x 1e-30) or overflows: no time could be computed.
  EXPECT_EQ(error_of("0 1e-300\nPERIODICITY 1e-30\n"),
            "P:2: the profile repeats with a period of 1e-30 s computing 0 "
            "s of work at peak speed: out of a double's range");
  EXPECT_NE(error_of("0 1e300\n1e300 1e300\nLOOPAFTER 1e308\n").find("P:3: the profile"),
            std::string::npos);
  EXPECT_EQ(error_of("0 1\nLOOPAFTER 0\n"),
            "P:2: the profile repeats with a period of 0 (its events would never end)");
  EXPECT_EQ(error_of("0 1\nLOOPAFTER x\n"), "P:2: LOOPAFTER takes one number of seconds");
  EXPECT_EQ(error_of("0 1\n1 2\nLOOPAFTER -1\n"),
            "P:3: LOOPAFTER -1 is negative (SimGrid: loop conditions are not realizable)");
  EXPECT_EQ(error_of("0 1\nLOOPAFTER 1\nPERIODICITY 2\n"),
            "P:3: PERIODICITY and a LOOPAFTER other than 0 together (SimGrid refuses them)");
}

// Profiles attach to cores; faults and checkpoints are refused beside them (either order),
// and the largest scale above 1 is kept for the lower bounds.
TEST(SpeedProfile, APlatformTakesThemPerCore) {
  Platform p = Platform::homogeneous(3, 1e9);
  std::vector<SpeedProfile> profiles = {parse_speed_profile("0 0.5\n1 3\n", "P")};
  EXPECT_THROW(p.set_speed_profiles(profiles, {0, 0}), InputError);  // 2 entries, 3 cores
  EXPECT_THROW(p.set_speed_profiles(profiles, {0, 1, Platform::kNoProfile}), InputError);
  p.set_speed_profiles(profiles, {Platform::kNoProfile, 0, Platform::kNoProfile});
  EXPECT_EQ(p.speed_profile(0), nullptr);
  ASSERT_NE(p.speed_profile(1), nullptr);
  EXPECT_EQ(p.max_speed_scale(), 3.0);
  FaultModel f;
  f.failures.push_back({0, 1.0, 1.0, 0});
  EXPECT_THROW(p.set_faults(f), InputError);
  EXPECT_EQ(p.min_speed_scale(), 0.5);
  Platform q = Platform::homogeneous(3, 1e9);
  q.set_faults(f);
  EXPECT_THROW(q.set_speed_profiles(profiles, {0, 0, 0}), InputError);
  // A profile without events, or none followed by any core, is no profile: faults are fine.
  profiles.push_back(parse_speed_profile("# nothing\n", "E"));
  q.set_speed_profiles(profiles, {1, 1, Platform::kNoProfile});
  EXPECT_FALSE(q.has_speed_profiles());
  EXPECT_EQ(q.speed_profile(0), nullptr);
  EXPECT_EQ(q.min_speed_scale(), 1.0);
  q.set_speed_profiles(profiles,
                       {Platform::kNoProfile, Platform::kNoProfile, Platform::kNoProfile});
  EXPECT_FALSE(q.has_speed_profiles());
}

}  // namespace
}  // namespace pelsim::models
