// A priority queue over a fixed ranking of the tasks: a hierarchical bitmap of ranks.
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <span>
#include <vector>

#include "pelsim/models/task_graph.hpp"

namespace pelsim::models {

/// The tasks ordered by a fixed priority, and the ready ones among them: a set of ranks in
/// [0, n) kept as a 64-ary tree of bitmaps (one bit per rank at the bottom; a bit above says
/// "some bit set in this word below"). insert() and pop() touch at most one word per level
/// (four levels up to 16M tasks) and usually stop at the first: what a binary heap does in
/// O(log ready) unpredictable comparisons, this does in a few bit operations, at the price of
/// ranking every task once up front (ranks_by_level()).
/// Rank 0 is the highest priority; pop() returns the ready task of smallest rank. A task is
/// inserted at most once at a time. Memory: n/8 bytes of bitmaps plus the two n-entry maps.
class RankQueue {
 public:
  RankQueue() = default;
  /// `order[r]` is the task of rank r (a permutation of the task ids).
  explicit RankQueue(std::vector<TaskId> order);

  bool empty() const { return size_ == 0; }
  std::uint32_t size() const { return size_; }
  std::uint32_t rank_of(TaskId t) const { return rank_[t]; }

  void insert(TaskId t) {
    std::uint32_t r = rank_[t];
    ++size_;
    top_ = std::min(top_, r);
    for (std::vector<std::uint64_t>& level : levels_) {
      std::uint64_t& word = level[r / 64];
      const bool was_empty = word == 0;
      word |= std::uint64_t{1} << (r % 64);
      if (!was_empty) return;  // the levels above already know this word is not empty
      r /= 64;
    }
  }

  /// Cache hint: t will be inserted soon.
  void prefetch(TaskId t) const { __builtin_prefetch(&rank_[t]); }

  /// The ready task of smallest rank (not empty).
  TaskId top() const { return order_[top_]; }

  /// Removes and returns the ready task of smallest rank (not empty).
  TaskId pop() {
    const std::uint32_t top = top_;
    --size_;
    // Clear top's bit, and the bits above it of the words that become empty. The first word
    // left non-empty holds the next smallest rank: it is found from there down.
    std::uint32_t r = top;
    for (std::size_t lv = 0; lv < levels_.size(); ++lv, r /= 64) {
      std::uint64_t& word = levels_[lv][r / 64];
      word &= word - 1;  // the lowest bit is r's (r is the smallest under this word)
      if (word == 0) continue;
      std::uint32_t at = r / 64 * 64 + static_cast<std::uint32_t>(std::countr_zero(word));
      while (lv-- > 0) at = at * 64 + static_cast<std::uint32_t>(std::countr_zero(levels_[lv][at]));
      top_ = at;
      return order_[top];
    }
    top_ = kNone;  // empty
    return order_[top];
  }

  /// The first out.size() tasks of the queue in rank order (fewer if it has fewer). Returns
  /// how many. Usually a bit scan of the top's word; O(levels) per task otherwise.
  std::size_t peek(std::span<TaskId> out) const {
    std::size_t k = 0;
    for (std::uint32_t r = top_; k < out.size() && r != kNone; r = next_after(r))
      out[k++] = order_[r];
    return k;
  }

 private:
  std::vector<TaskId> order_;                       // rank -> task
  std::vector<std::uint32_t> rank_;                 // task -> rank
  std::vector<std::vector<std::uint64_t>> levels_;  // [0]: one bit per rank; last: one word
  static constexpr std::uint32_t kNone = 0xffffffffu;
  std::uint32_t size_ = 0;
  std::uint32_t top_ = kNone;  // the smallest rank in the queue

  // The smallest rank > r in the queue, or kNone: in r's word, else first_at_or_after().
  std::uint32_t next_after(std::uint32_t r) const {
    const std::uint64_t above = r % 64 == 63 ? 0 : levels_[0][r / 64] >> (r % 64 + 1);
    if (above != 0) return r + 1 + static_cast<std::uint32_t>(std::countr_zero(above));
    return first_at_or_after((r / 64 + 1) * 64);
  }
  // The smallest rank >= from in the queue, or kNone.
  std::uint32_t first_at_or_after(std::uint32_t from) const;
};

/// The task ids by decreasing `level`, ties by increasing id: rank r's task is element r.
/// O(n) (a radix sort of the levels' bits, stable); levels must not be NaN.
std::vector<TaskId> ranks_by_level(std::span<const double> level);

}  // namespace pelsim::models
