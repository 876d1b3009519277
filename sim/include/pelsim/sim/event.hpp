// The kernel's event record and its total order.
#pragma once

#include <cstdint>

namespace pelsim::sim {

/// Simulated time in seconds.
using Time = double;

/// A slot is a cancellation domain: bumping its version invalidates every pending event that
/// was scheduled on it. kNoSlot events can never be cancelled.
using Slot = std::uint32_t;
inline constexpr Slot kNoSlot = 0xFFFFFFFFu;

/// One scheduled event: a 32-byte POD that the queue copies around, never allocates.
/// Events are totally ordered by (time, priority, sequence number); the sequence number is
/// assigned by the queue at insertion, so two runs with the same inputs pop events in the
/// same order on any machine. `kind` and `target` are opaque to the kernel: the handler
/// gives them meaning (e.g. kind = "task finished", target = task id).
struct Event {
  Time time;             ///< when the event fires
  std::uint64_t order;   ///< (priority << 48) | sequence: the tie-break after time
  std::uint32_t target;  ///< handler-defined id (task, core, link, ...)
  std::uint16_t kind;    ///< handler-defined event kind
  std::uint16_t unused;  ///< padding, always 0
  Slot slot;             ///< cancellation slot, or kNoSlot
  std::uint32_t version; ///< slot version at scheduling time

  /// Lower priority values fire first among events at the same time.
  std::uint16_t priority() const { return static_cast<std::uint16_t>(order >> 48); }
  std::uint64_t sequence() const { return order & ((std::uint64_t{1} << 48) - 1); }
};

static_assert(sizeof(Event) == 32, "Event must stay a small POD");

/// Strict weak order "a fires before b".
inline bool fires_before(const Event& a, const Event& b) {
  return a.time < b.time || (a.time == b.time && a.order < b.order);
}

}  // namespace pelsim::sim
