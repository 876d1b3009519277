// Rng and RngAhead: the portable random stream and its look-ahead.
#include "pelsim/models/rng.hpp"

#include <gtest/gtest.h>

namespace pelsim::models {
namespace {

// Lemire's method on std::mt19937_64: the first draw of the engine seeded with 5489 (the
// standard's default seed) is 14514284786278117030 (the standard requires the 10000th to be
// 9981545732273789042; the first is its well-known start), and below(n) is its top 64 bits
// times n: floor(14514284786278117030 * 10 / 2^64) = 7.
TEST(Rng, BelowIsTheHighHalfOfDrawTimesN) {
  Rng rng(5489);
  EXPECT_EQ(rng.below(10), 7u);
}

// RngAhead gives the very values of Rng for the same calls (whatever n, including n = 1 and
// ranges where rejections happen), and its guesses are what the next calls return when n
// does not change.
TEST(RngAhead, SameStreamAsRngAndExactGuesses) {
  for (const std::uint64_t seed : {1ull, 42ull, 5489ull}) {
    Rng plain(seed);
    RngAhead ahead(seed);
    for (std::uint64_t i = 0; i < 20000; ++i) {
      // Sizes near 2^63 reject about half the draws: the look-ahead must not lose one.
      const std::uint64_t n = i % 7 == 0 ? (std::uint64_t{1} << 63) + i : 1 + i % 1000;
      const std::uint64_t guess = ahead.guess_below(0, n);
      const std::uint64_t v = ahead.below(n);
      ASSERT_EQ(v, plain.below(n));
      // For n <= 1000 a rejection needs a draw below 2^64 mod n < 1000: never in practice.
      if (n <= 1000) {
        EXPECT_EQ(v, guess);
      }
    }
  }
  // Three calls with the same n: each guess made before them is exact.
  RngAhead ahead(7);
  const std::uint64_t g[3] = {ahead.guess_below(0, 97), ahead.guess_below(1, 97),
                              ahead.guess_below(2, 97)};
  for (const std::uint64_t want : g) EXPECT_EQ(ahead.below(97), want);
}

}  // namespace
}  // namespace pelsim::models
