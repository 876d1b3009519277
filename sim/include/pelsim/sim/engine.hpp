// The event loop: a clock, an event queue, cancellation slots and a statically bound handler.
#pragma once

#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "pelsim/sim/event.hpp"
#include "pelsim/sim/event_queue.hpp"

namespace pelsim::sim {

/// Thrown when a model asks the kernel for something impossible (an event in the past).
class KernelError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

/// Drives a model. `Handler` is any type with `void handle(const Event&)`; it is bound at
/// compile time, so dispatching an event costs no virtual call. The front end owns the loop:
/// it calls step() (one event), run_until(t) (every event up to and including time t) or
/// run() (until the queue is empty).
///
/// Cancellation is lazy: an event scheduled on a slot remembers the slot's version; cancel()
/// bumps the version, and a stale event is dropped when it reaches the top of the queue,
/// without searching the heap. Slots are numbered 0..slot_count()-1 by the model.
template <class Handler>
class Engine {
 public:
  explicit Engine(Handler& handler) : handler_(handler) {}

  Time now() const { return now_; }
  /// Events handed to the handler so far.
  std::uint64_t processed() const { return processed_; }
  /// Stale (cancelled) events dropped so far.
  std::uint64_t dropped() const { return dropped_; }
  /// Pending events, stale ones included.
  std::size_t pending() const { return queue_.size(); }
  bool idle() const { return queue_.empty(); }
  /// The event that comes next (possibly a cancelled one), or null when none is pending.
  const Event* peek() const { return queue_.empty() ? nullptr : &queue_.top(); }
  /// False for an event that was cancelled (it will be dropped, not handled).
  bool live(const Event& e) const { return e.slot == kNoSlot || e.version == versions_[e.slot]; }
  /// Drops the cancelled events at the front of the queue (as step() would), so that peek()
  /// shows the next live event.
  void drop_cancelled() {
    while (!queue_.empty() && !live(queue_.top())) {
      queue_.pop();
      ++dropped_;
    }
  }

  void reserve_events(std::size_t n) { queue_.reserve(n); }
  /// Makes slots 0..n-1 available for cancellable events.
  void resize_slots(std::size_t n) { versions_.resize(n, 0); }
  std::size_t slot_count() const { return versions_.size(); }

  /// Schedules an event of `kind` on `target` at absolute time `t` (>= now()).
  void schedule(Time t, std::uint16_t kind, std::uint32_t target, std::uint16_t priority = 0,
                Slot slot = kNoSlot) {
    if (!(t >= now_)) throw KernelError("event scheduled in the past or at NaN time");
    Event e{};
    e.time = t;
    e.target = target;
    e.kind = kind;
    e.slot = slot;
    e.version = slot == kNoSlot ? 0 : versions_[slot];
    queue_.push(e, priority);
  }

  /// Invalidates every pending event scheduled on `slot` (O(1)).
  void cancel(Slot slot) { ++versions_[slot]; }

  /// Fires the next live event. Returns false when there is none.
  bool step() {
    while (!queue_.empty()) {
      const Event e = queue_.pop();
      if (!live(e)) {
        ++dropped_;
        continue;
      }
      now_ = e.time;
      ++processed_;
      handler_.handle(e);
      return true;
    }
    return false;
  }

  /// Fires every live event whose time is <= t, then sets the clock to t if it is later.
  void run_until(Time t) {
    while (!queue_.empty() && queue_.top().time <= t) step();
    if (t > now_ && t != std::numeric_limits<Time>::infinity()) now_ = t;
  }

  /// Fires events until the queue is empty.
  void run() {
    while (step()) {
    }
  }

  /// Back to time 0 with no pending event; slot versions are kept (old handles stay stale).
  void reset() {
    queue_.clear();
    now_ = 0.0;
    processed_ = 0;
    dropped_ = 0;
  }

 private:
  Handler& handler_;
  EventQueue queue_;
  std::vector<std::uint32_t> versions_;
  Time now_ = 0.0;
  std::uint64_t processed_ = 0;
  std::uint64_t dropped_ = 0;
};

}  // namespace pelsim::sim
