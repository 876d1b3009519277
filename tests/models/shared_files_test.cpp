// The files two tasks of a workflow share (models/src/shared_files.hpp): a plain set
// intersection, in increasing file order, whichever walk is used.
#include "shared_files.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <vector>

#include "pelsim/models/rng.hpp"

namespace pelsim::models {
namespace {

// k distinct sorted ids below n.
std::vector<std::uint32_t> ids(Rng& rng, std::uint32_t k, std::uint32_t n) {
  std::vector<std::uint32_t> v;
  for (std::uint32_t i = 0; i < k; ++i) v.push_back(static_cast<std::uint32_t>(rng.below(n)));
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

// The ids for_each_shared_file visits, in visiting order.
std::vector<std::uint32_t> shared(const std::vector<std::uint32_t>& out,
                                  const std::vector<std::uint32_t>& in) {
  std::vector<std::uint32_t> seen;
  detail::for_each_shared_file(out, in, [&](std::uint32_t f) { seen.push_back(f); });
  return seen;
}

TEST(SharedFiles, AreTheIntersectionInOrderForShortAndLongLists) {
  Rng rng(5);
  int binary = 0;
  for (int trial = 0; trial < 400; ++trial) {
    // Sizes from 0 to 2000 on either side: both walks (one side 16 times shorter) are taken.
    const std::uint32_t ka = static_cast<std::uint32_t>(rng.below(trial % 3 == 0 ? 3 : 2000));
    const std::uint32_t kb = static_cast<std::uint32_t>(rng.below(trial % 3 == 1 ? 3 : 2000));
    const std::vector<std::uint32_t> a = ids(rng, ka, 5000), b = ids(rng, kb, 5000);
    std::vector<std::uint32_t> both;
    std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(both));
    EXPECT_EQ(shared(a, b), both) << trial;
    EXPECT_EQ(shared(b, a), both) << trial;
    binary += a.size() * 16 < b.size() || b.size() * 16 < a.size();
  }
  EXPECT_GT(binary, 100);  // the binary-search walk was exercised
  // One output among many, read by a child that reads only it (the quadratic case's shape).
  std::vector<std::uint32_t> many(4000);
  for (std::uint32_t i = 0; i < many.size(); ++i) many[i] = i;
  const std::vector<std::uint32_t> one{1234};
  EXPECT_EQ(shared(many, one), one);
  EXPECT_EQ(shared(one, many), one);
  EXPECT_TRUE(shared(many, {}).empty());
}

}  // namespace
}  // namespace pelsim::models
