// Array-backed 4-ary min-heap of events.
#pragma once

#include <bit>
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
/// the order total and reproducible. Event times must be >= 0 and not NaN (a time of -0 is
/// stored as +0): the comparisons then work on integer keys, free of mispredicted branches.
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
  /// Precondition: e.time >= 0 (not NaN), as Engine::schedule() ensures.
  // (Always inlined, here and in pop(): an Event passed by value through the stack is read
  // back in 16-byte pieces just after being written in 8-byte ones, a store-forwarding stall
  // that cost more than the rest of push().)
  [[gnu::always_inline]] void push(Event e, std::uint16_t priority) {
    e.time += 0.0;  // -0 becomes +0 (see key()); every other time is unchanged
    e.order = (std::uint64_t{priority} << 48) | next_seq_++;
    std::size_t hole = heap_.size();
    heap_.push_back(e);
    while (hole > 0) {
      const std::size_t parent = (hole - 1) / kArity;
      if (!(key(e) < key(heap_[parent]))) break;
      heap_[hole] = heap_[parent];
      hole = parent;
    }
    heap_[hole] = e;
  }

  /// Removes and returns the next event. Precondition: !empty().
  [[gnu::always_inline]] Event pop() {
    const Event out = heap_.front();
    const Event last = heap_.back();
    heap_.pop_back();
    const std::size_t n = heap_.size();
    if (n == 0) return out;
    const Event* h = heap_.data();
    const Key last_key = key(last);
    std::size_t hole = 0;
    for (;;) {
      const std::size_t first = kArity * hole + 1;
      std::size_t best;
      if (first + kArity <= n) {
        // The earliest of four children (contiguous: one or two cache lines) by a tournament
        // of branch-free comparisons: the order is total, so this is the same event as a
        // scan, without its mispredicted branches.
        const std::size_t a = earlier(h, first + 1, first);
        const std::size_t b = earlier(h, first + 3, first + 2);
        best = earlier(h, b, a);
      } else if (first < n) {
        best = first;
        for (std::size_t c = first + 1; c < n; ++c) best = earlier(h, c, best);
      } else {
        break;
      }
      if (!(key(h[best]) < last_key)) break;
      heap_[hole] = h[best];
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
  // (time, order) as one unsigned 128-bit number: for times >= +0 (the kernel accepts no
  // NaN, and push() turns -0 into +0) the bits of a double grow with its value, so comparing
  // keys is fires_before(), without the branches a compiler makes of the double comparisons.
  __extension__ using Key = unsigned __int128;
  static Key key(const Event& e) {
    return (Key{std::bit_cast<std::uint64_t>(e.time)} << 64) | e.order;
  }
  // i if heap[i] fires before heap[j], else j.
  static std::size_t earlier(const Event* heap, std::size_t i, std::size_t j) {
    return key(heap[i]) < key(heap[j]) ? i : j;
  }

  std::vector<Event> heap_;
  std::uint64_t next_seq_ = 0;
};

}  // namespace pelsim::sim
