// RankQueue (the bottom-level queue of central_queue) against std::set, and ranks_by_level.
#include "pelsim/models/policies/rank_queue.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <set>

namespace pelsim::models {
namespace {

// Ranks by decreasing level, ties by increasing id: levels {2, 5, 2, 7, -0, 0} give
// 3 (7), 1 (5), 0 (2), 2 (2), then 4 and 5 (-0 == 0, so by id).
TEST(RankQueue, RanksByDecreasingLevelThenId) {
  const std::vector<double> level{2, 5, 2, 7, -0.0, 0};
  EXPECT_EQ(ranks_by_level(level), (std::vector<TaskId>{3, 1, 0, 2, 4, 5}));
}

// The radix sort against the definition, std::sort with (level descending, id ascending), on
// levels with many ties, negative values, -0 and +0, infinities and values that differ only in
// their lowest bits (every digit of the keys varies), on sizes around the empty and one-task
// cases.
TEST(RankQueue, RanksByLevelAgreeWithAComparisonSort) {
  for (const std::size_t n : {0u, 1u, 2u, 3u, 100u, 5000u, 200000u}) {
    SCOPED_TRACE(n);
    std::mt19937_64 rng(n + 7);
    std::vector<double> level(n);
    for (double& x : level) {
      const std::uint64_t kind = rng() % 6;
      const std::uint64_t r = rng();
      if (kind == 0) x = static_cast<double>(r % 8);         // many ties
      if (kind == 1) x = -static_cast<double>(r % 4) - 0.5;  // negative
      if (kind == 2) x = r % 2 ? -0.0 : 0.0;                 // both zeros
      if (kind == 3) x = r % 2 ? std::numeric_limits<double>::infinity() : 1e300;
      if (kind == 4) x = 1.0 + static_cast<double>(r % 16) * std::numeric_limits<double>::epsilon();
      if (kind == 5) x = std::ldexp(static_cast<double>(r >> 11), -static_cast<int>(r % 80));
    }
    std::vector<TaskId> expected(n);
    std::iota(expected.begin(), expected.end(), 0);
    std::sort(expected.begin(), expected.end(), [&](TaskId a, TaskId b) {
      return level[a] != level[b] ? level[a] > level[b] : a < b;
    });
    ASSERT_EQ(ranks_by_level(level), expected);
  }
}

// The two extremes of the coarse first sort (the levels as floats): every level equal (one
// run, in id order already), and every level within one float of the others but distinct,
// in decreasing id order (one run, all of it to order by the whole key).
TEST(RankQueue, RanksByLevelWithinOneFloat) {
  const std::size_t n = 100000;
  const std::vector<double> equal(n, 3.0);
  std::vector<TaskId> ids(n);
  std::iota(ids.begin(), ids.end(), 0);
  EXPECT_EQ(ranks_by_level(equal), ids);
  std::vector<double> close(n);
  for (std::size_t i = 0; i < n; ++i)
    close[i] = 1.0 + static_cast<double>(i % 1000) * std::numeric_limits<double>::epsilon();
  std::vector<TaskId> expected = ids;
  std::sort(expected.begin(), expected.end(),
            [&](TaskId a, TaskId b) { return close[a] != close[b] ? close[a] > close[b] : a < b; });
  EXPECT_EQ(ranks_by_level(close), expected);
}

// Random inserts and pops on sizes that need one to four bitmap levels (64, 4096 and 262144
// ranks are the boundaries): pop() and peek() give what an ordered set of ranks gives.
TEST(RankQueue, AgreesWithAnOrderedSet) {
  for (const std::uint32_t n : {1u, 63u, 64u, 65u, 4096u, 4097u, 300000u}) {
    SCOPED_TRACE(n);
    std::mt19937_64 rng(n);
    std::vector<TaskId> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), rng);
    RankQueue q(order);
    std::set<std::uint32_t> ref;  // ranks in the queue
    std::vector<TaskId> out(3);
    for (int step = 0; step < 20000; ++step) {
      if (ref.size() < n && (ref.empty() || rng() % 3 != 0)) {
        const TaskId t = static_cast<TaskId>(rng() % n);
        if (ref.insert(q.rank_of(t)).second) q.insert(t);
      } else {
        ASSERT_EQ(q.top(), order[*ref.begin()]);
        ASSERT_EQ(q.pop(), order[*ref.begin()]);
        ref.erase(ref.begin());
      }
      ASSERT_EQ(q.size(), ref.size());
      ASSERT_EQ(q.empty(), ref.empty());
      if (step % 97 == 0) {
        const std::size_t k = q.peek(out);
        ASSERT_EQ(k, std::min<std::size_t>(3, ref.size()));
        auto it = ref.begin();
        for (std::size_t i = 0; i < k; ++i, ++it) ASSERT_EQ(out[i], order[*it]);
      }
    }
  }
}

}  // namespace
}  // namespace pelsim::models
