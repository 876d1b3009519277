#include "pelsim/models/policies/rank_queue.hpp"

#include <algorithm>
#include <bit>
#include <utility>

namespace pelsim::models {

RankQueue::RankQueue(std::vector<TaskId> order) : order_(std::move(order)) {
  const auto n = static_cast<std::uint32_t>(order_.size());
  rank_.resize(n);
  for (std::uint32_t r = 0; r < n; ++r) rank_[order_[r]] = r;
  std::size_t words = (std::size_t{n} + 63) / 64;
  do {
    words = std::max<std::size_t>(words, 1);
    levels_.emplace_back(words, 0);
    words = (words + 63) / 64;
  } while (levels_.back().size() > 1);
}

std::uint32_t RankQueue::first_at_or_after(std::uint32_t from) const {
  // Up: the first level where from's word has a set bit at or after from's position.
  std::size_t lv = 0;
  std::uint64_t at = from;  // position at level lv
  while (true) {
    if (lv == levels_.size()) return kNone;
    const std::vector<std::uint64_t>& level = levels_[lv];
    if (at / 64 >= level.size()) return kNone;
    const std::uint64_t word = level[at / 64] & (~std::uint64_t{0} << (at % 64));
    if (word != 0) {
      at = at / 64 * 64 + static_cast<std::uint64_t>(std::countr_zero(word));
      break;
    }
    at = at / 64 + 1;  // the next word of this level: its bit one level up
    ++lv;
  }
  // Down: the smallest set bit under `at`.
  while (lv-- > 0) at = at * 64 + static_cast<std::uint64_t>(std::countr_zero(levels_[lv][at]));
  return static_cast<std::uint32_t>(at);
}

std::vector<TaskId> ranks_by_level(std::span<const double> level) {
  // Sorted as integers: the bits of a non-negative double grow with its value, so ~bits
  // orders them by decreasing value (-0 is taken as +0, as the comparison of doubles does).
  // A negative level (there are none in bottom levels) is mapped the same way, flipped.
  // First by a coarse 32-bit key (the level as a float), a least-significant-digit radix sort
  // of 8-byte records, 11 bits per pass (an 8 KB count table per pass, all counted in one
  // read of the levels), skipping a digit every key shares; it is stable, and the records
  // start in id order, so equal keys stay in increasing id order. Then each run of equal
  // coarse keys (levels within about 6e-8 of each other) is ordered by the whole key, ties
  // by id. bench/policies_bench.cpp, BM_RanksByLevel against BM_RanksByLevelStdSort (the
  // std::sort of (key, id) it replaced): on a million tasks of the generated layered DAG,
  // 11-16 ms against 55 ms (and 27 ms for the 64-bit radix sort of 16-byte records before).
  const auto key_of = [&](TaskId t) {
    const auto bits = std::bit_cast<std::uint64_t>(level[t] + 0.0);
    const std::uint64_t ascending = bits >> 63 ? ~bits : bits | (std::uint64_t{1} << 63);
    return ~ascending;
  };
  // The coarse key: the level rounded to a float, which keeps the order (rounding is
  // monotonic; levels beyond a float's range become its infinities), as a 32-bit key.
  const auto coarse_of = [&](TaskId t) {
    const auto bits = std::bit_cast<std::uint32_t>(static_cast<float>(level[t] + 0.0));
    const std::uint32_t ascending = bits >> 31 ? ~bits : bits | (std::uint32_t{1} << 31);
    return ~ascending;
  };
  struct Keyed {
    std::uint32_t upper;  // coarse_of(task)
    TaskId task;
  };
  constexpr std::size_t kBits = 11;
  constexpr std::uint32_t kMask = (std::uint32_t{1} << kBits) - 1;
  constexpr std::size_t kPasses = (32 + kBits - 1) / kBits;
  const std::size_t n = level.size();
  std::vector<Keyed> keyed(n);
  std::vector<std::uint32_t> count(kPasses << kBits, 0);
  for (TaskId t = 0; t < n; ++t) {
    const std::uint32_t upper = coarse_of(t);
    keyed[t] = {upper, t};
    for (std::size_t p = 0; p < kPasses; ++p)
      ++count[(p << kBits) + ((upper >> (p * kBits)) & kMask)];
  }
  std::vector<Keyed> spare(n);
  for (std::size_t p = 0; p < kPasses; ++p) {
    std::uint32_t* start = count.data() + (p << kBits);
    if (n == 0 || start[(keyed[0].upper >> (p * kBits)) & kMask] == n) continue;  // one digit
    std::uint32_t sum = 0;  // counts -> first position of each digit
    for (std::uint32_t d = 0; d <= kMask; ++d) {
      const std::uint32_t c = start[d];
      start[d] = sum;
      sum += c;
    }
    for (const Keyed& x : keyed) spare[start[(x.upper >> (p * kBits)) & kMask]++] = x;
    keyed.swap(spare);
  }
  std::vector<TaskId> order(n);
  for (std::size_t r = 0; r < n; ++r) order[r] = keyed[r].task;
  // Runs of equal coarse keys, by the whole key (ids are unique: no tie is left), each key
  // computed once.
  std::vector<std::pair<std::uint64_t, TaskId>> run;
  for (std::size_t first = 0; first < n;) {
    std::size_t last = first + 1;
    while (last < n && keyed[last].upper == keyed[first].upper) ++last;
    if (last - first > 1) {
      run.clear();
      for (std::size_t r = first; r < last; ++r) run.emplace_back(key_of(order[r]), order[r]);
      // (Equal levels, e.g. a bag of equal tasks, are in id order already: O(run) then.)
      if (!std::is_sorted(run.begin(), run.end())) {
        std::sort(run.begin(), run.end());
        for (std::size_t r = first; r < last; ++r) order[r] = run[r - first].second;
      }
    }
    first = last;
  }
  return order;
}

}  // namespace pelsim::models
