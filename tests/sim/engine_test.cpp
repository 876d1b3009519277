#include "pelsim/sim/engine.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pelsim::sim {
namespace {

// Records every event it receives; optionally schedules follow-ups ("ping-pong").
struct Recorder {
  Engine<Recorder>* engine = nullptr;
  std::vector<std::pair<Time, std::uint32_t>> seen;
  int follow_ups = 0;
  void handle(const Event& e) {
    seen.emplace_back(e.time, e.target);
    if (follow_ups > 0) {
      --follow_ups;
      engine->schedule(e.time + 0.25, 0, e.target + 100);
    }
  }
};

TEST(Engine, RunFiresEverythingInOrderAndAdvancesTheClock) {
  Recorder r;
  Engine<Recorder> eng(r);
  r.engine = &eng;
  eng.schedule(2.0, 0, 2);
  eng.schedule(1.0, 0, 1);
  eng.run();
  ASSERT_EQ(r.seen.size(), 2u);
  EXPECT_EQ(r.seen[0].second, 1u);
  EXPECT_EQ(r.seen[1].second, 2u);
  EXPECT_DOUBLE_EQ(eng.now(), 2.0);  // clock = time of the last event
  EXPECT_EQ(eng.processed(), 2u);
}

TEST(Engine, StepFiresOneEvent) {
  Recorder r;
  Engine<Recorder> eng(r);
  eng.schedule(1.0, 0, 1);
  eng.schedule(2.0, 0, 2);
  EXPECT_TRUE(eng.step());
  EXPECT_EQ(r.seen.size(), 1u);
  EXPECT_DOUBLE_EQ(eng.now(), 1.0);
  EXPECT_TRUE(eng.step());
  EXPECT_FALSE(eng.step());  // nothing left
}

TEST(Engine, RunUntilStopsAtTheGivenTimeInclusive) {
  Recorder r;
  Engine<Recorder> eng(r);
  for (std::uint32_t i = 1; i <= 4; ++i) eng.schedule(i * 1.0, 0, i);
  eng.run_until(2.0);
  // Events at 1 and 2 fire (<= 2); 3 and 4 stay pending; the clock moves to 2.
  EXPECT_EQ(r.seen.size(), 2u);
  EXPECT_DOUBLE_EQ(eng.now(), 2.0);
  eng.run_until(2.5);
  EXPECT_EQ(r.seen.size(), 2u);
  EXPECT_DOUBLE_EQ(eng.now(), 2.5);  // the clock advances even without events
  eng.run();
  EXPECT_EQ(r.seen.size(), 4u);
}

TEST(Engine, CancelledEventsAreDroppedLazily) {
  Recorder r;
  Engine<Recorder> eng(r);
  eng.resize_slots(2);
  eng.schedule(1.0, 0, 1, 0, 0);
  eng.schedule(2.0, 0, 2, 0, 1);
  eng.cancel(0);                  // invalidates the event at t=1
  eng.schedule(3.0, 0, 3, 0, 0);  // a reschedule on the same slot is live
  eng.run();
  ASSERT_EQ(r.seen.size(), 2u);
  EXPECT_EQ(r.seen[0].second, 2u);
  EXPECT_EQ(r.seen[1].second, 3u);
  EXPECT_EQ(eng.dropped(), 1u);
  EXPECT_EQ(eng.processed(), 2u);
}

TEST(Engine, HandlersMayScheduleNewEvents) {
  Recorder r;
  Engine<Recorder> eng(r);
  r.engine = &eng;
  r.follow_ups = 3;
  eng.schedule(0.0, 0, 0);
  eng.run();
  // 0 at t=0, then three follow-ups 0.25 s apart: targets 0, 100, 200, 300.
  ASSERT_EQ(r.seen.size(), 4u);
  EXPECT_EQ(r.seen[3].second, 300u);
  EXPECT_DOUBLE_EQ(eng.now(), 0.75);
}

TEST(Engine, SchedulingInThePastThrows) {
  Recorder r;
  Engine<Recorder> eng(r);
  eng.schedule(1.0, 0, 1);
  eng.run();
  EXPECT_THROW(eng.schedule(0.5, 0, 2), KernelError);
}

TEST(Engine, SameInputsGiveTheSameTraceBitForBit) {
  auto trace = [] {
    Recorder r;
    Engine<Recorder> eng(r);
    r.engine = &eng;
    r.follow_ups = 50;
    for (std::uint32_t i = 0; i < 100; ++i) eng.schedule((i % 7) * 0.1, 0, i);
    eng.run();
    return r.seen;
  };
  EXPECT_EQ(trace(), trace());
}

}  // namespace
}  // namespace pelsim::sim
