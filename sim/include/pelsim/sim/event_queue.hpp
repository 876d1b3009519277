// Array-backed 4-ary min-heap of events.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "pelsim/sim/event.hpp"

namespace pelsim::sim {

/// A priority queue of Event ordered by fires_before(). It is a 4-ary implicit heap over one
/// std::vector (shallower than a binary heap, and the four children of a node share cache
/// lines; bench/kernel_bench.cpp measures it): push and pop are O(log n), nothing is
/// allocated once the vector has grown to the peak number of pending events (call reserve()
/// to avoid even that). The queue assigns each pushed event its sequence number, which makes
/// the order total and reproducible.
class EventQueue {
 public:
  /// Largest priority accepted by push().
  static constexpr std::uint16_t kMaxPriority = 0xFFFF;
  /// Children per node.
  static constexpr std::size_t kArity = 4;

  void reserve(std::size_t n) { heap_.reserve(n); }
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  /// Number of events ever pushed (the next sequence number).
  std::uint64_t pushed() const { return next_seq_; }

  /// The next event to fire. Precondition: !empty().
  const Event& top() const { return heap_.front(); }

  /// Inserts `e`, overwriting its `order` with (priority, next sequence number).
  void push(Event e, std::uint16_t priority) {
    e.order = (std::uint64_t{priority} << 48) | next_seq_++;
    std::size_t hole = heap_.size();
    heap_.push_back(e);
    while (hole > 0) {
      const std::size_t parent = (hole - 1) / kArity;
      if (!fires_before(e, heap_[parent])) break;
      heap_[hole] = heap_[parent];
      hole = parent;
    }
    heap_[hole] = e;
  }

  /// Removes and returns the next event. Precondition: !empty().
  Event pop() {
    const Event out = heap_.front();
    const Event last = heap_.back();
    heap_.pop_back();
    const std::size_t n = heap_.size();
    if (n == 0) return out;
    std::size_t hole = 0;
    for (;;) {
      const std::size_t first = kArity * hole + 1;
      if (first >= n) break;
      // The earliest of up to kArity children (contiguous: one or two cache lines).
      std::size_t best = first;
      const std::size_t end = first + kArity < n ? first + kArity : n;
      for (std::size_t c = first + 1; c < end; ++c)
        if (fires_before(heap_[c], heap_[best])) best = c;
      if (!fires_before(heap_[best], last)) break;
      heap_[hole] = heap_[best];
      hole = best;
    }
    heap_[hole] = last;
    return out;
  }

  /// Drops every pending event; sequence numbering restarts at 0.
  void clear() {
    heap_.clear();
    next_seq_ = 0;
  }

 private:
  std::vector<Event> heap_;
  std::uint64_t next_seq_ = 0;
};

}  // namespace pelsim::sim
