#include "pelsim/sim/event_queue.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <random>
#include <vector>

namespace pelsim::sim {
namespace {

Event at(Time t, std::uint32_t target) {
  Event e{};
  e.time = t;
  e.target = target;
  return e;
}

TEST(EventQueue, PopsInTimeOrder) {
  EventQueue q;
  q.push(at(3.0, 3), 0);
  q.push(at(1.0, 1), 0);
  q.push(at(2.0, 2), 0);
  // Expected: ascending time 1, 2, 3 (the definition of the queue).
  EXPECT_EQ(q.pop().target, 1u);
  EXPECT_EQ(q.pop().target, 2u);
  EXPECT_EQ(q.pop().target, 3u);
  EXPECT_TRUE(q.empty());
}

TEST(EventQueue, TiesBreakByPriorityThenInsertionOrder) {
  EventQueue q;
  q.push(at(1.0, 10), 1);
  q.push(at(1.0, 11), 0);
  q.push(at(1.0, 12), 1);
  q.push(at(1.0, 13), 0);
  // Same time: priority 0 before 1; within a priority, first pushed first (sequence numbers).
  EXPECT_EQ(q.pop().target, 11u);
  EXPECT_EQ(q.pop().target, 13u);
  EXPECT_EQ(q.pop().target, 10u);
  EXPECT_EQ(q.pop().target, 12u);
}

TEST(EventQueue, SequenceNumbersCountPushes) {
  EventQueue q;
  q.push(at(5.0, 0), 0);
  q.push(at(4.0, 1), 7);
  EXPECT_EQ(q.pushed(), 2u);
  const Event first = q.pop();
  EXPECT_EQ(first.target, 1u);
  EXPECT_EQ(first.sequence(), 1u);  // second push
  EXPECT_EQ(first.priority(), 7u);
}

TEST(EventQueue, MatchesASortOnRandomInput) {
  // Reference: std::stable_sort by (time, priority) of the insertion sequence gives the order
  // the queue must reproduce, including all ties (times drawn from a small set).
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<int> time(0, 20), prio(0, 3);
  struct Ref {
    double time;
    int prio;
    std::uint32_t id;
  };
  std::vector<Ref> ref;
  EventQueue q;
  for (std::uint32_t i = 0; i < 5000; ++i) {
    Ref r{time(rng) * 0.5, prio(rng), i};
    ref.push_back(r);
    q.push(at(r.time, i), static_cast<std::uint16_t>(r.prio));
  }
  std::stable_sort(ref.begin(), ref.end(), [](const Ref& a, const Ref& b) {
    return a.time < b.time || (a.time == b.time && a.prio < b.prio);
  });
  for (const Ref& r : ref) ASSERT_EQ(q.pop().target, r.id);
  EXPECT_TRUE(q.empty());
}

TEST(EventQueue, InterleavedPushPopKeepsOrder) {
  EventQueue q;
  q.push(at(2.0, 2), 0);
  q.push(at(1.0, 1), 0);
  EXPECT_EQ(q.pop().target, 1u);
  q.push(at(1.5, 15), 0);
  q.push(at(3.0, 3), 0);
  EXPECT_EQ(q.pop().target, 15u);
  EXPECT_EQ(q.pop().target, 2u);
  EXPECT_EQ(q.pop().target, 3u);
}

// The queue compares times as integer keys: -0 must tie with +0 (then first pushed first, as
// -0 == +0 for doubles), an infinite time comes last, and a subnormal time after 0.
TEST(EventQueue, SignedZerosTieAndInfinityComesLast) {
  EventQueue q;
  q.push(at(std::numeric_limits<Time>::infinity(), 9), 0);
  q.push(at(0.0, 1), 0);
  q.push(at(std::numeric_limits<Time>::denorm_min(), 4), 0);
  q.push(at(-0.0, 2), 0);
  q.push(at(0.0, 3), 0);
  for (std::uint32_t want : {1u, 2u, 3u, 4u, 9u}) EXPECT_EQ(q.pop().target, want);
  EXPECT_TRUE(q.empty());
}

}  // namespace
}  // namespace pelsim::sim
