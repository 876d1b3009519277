// Kernel throughput: events per second through Engine + EventQueue, with a steady population
// of pending events (the hold model of event-queue benchmarking).
#include <benchmark/benchmark.h>

#include <cstdint>

#include "pelsim/sim/engine.hpp"

namespace {

using pelsim::sim::Engine;
using pelsim::sim::Event;

// Each event reschedules itself a pseudo-random delay later: the queue holds `population`
// events at all times, as a simulation with that many in-flight activities would.
struct Hold {
  Engine<Hold>* engine = nullptr;
  std::uint64_t state = 88172645463325252ull;
  std::uint64_t remaining = 0;
  void handle(const Event& e) {
    if (remaining == 0) return;
    --remaining;
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    const double delay = static_cast<double>(state >> 40) * 1e-6;
    engine->schedule(e.time + delay, 0, e.target);
  }
};

void BM_EngineHold(benchmark::State& st) {
  const auto population = static_cast<std::uint32_t>(st.range(0));
  const std::uint64_t events = 1'000'000;
  for (auto _ : st) {
    Hold h;
    Engine<Hold> eng(h);
    h.engine = &eng;
    h.remaining = events;
    eng.reserve_events(population + 1);
    for (std::uint32_t i = 0; i < population; ++i) eng.schedule(i * 1e-6, 0, i);
    eng.run();
    benchmark::DoNotOptimize(eng.now());
  }
  st.SetItemsProcessed(static_cast<std::int64_t>(st.iterations() * (events + population)));
}
BENCHMARK(BM_EngineHold)->Arg(64)->Arg(1024)->Arg(65536)->Unit(benchmark::kMillisecond);

}  // namespace
