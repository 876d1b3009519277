// libFuzzer harness of the YAML scenario reader: parse_scenario, then what `pelsim check`
// prints (row_count). The scenario is named as if it were in scenarios/, so the workloads of
// the seed scenarios (scenarios/workloads/...) are found and read too.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.hpp"
#include "pelsim/experiment/scenario.hpp"
#include "pelsim/models/generators.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  static const std::string name = PELSIM_SOURCE_DIR "/scenarios/fuzz.yaml";
  // Generated graphs within libFuzzer's 2 GB memory limit (and built in well under a second):
  // a larger one is refused with an InputError, as it would be above a machine's memory.
  [[maybe_unused]] static const bool limited =
      (pelsim::models::set_generator_memory_limit(256u << 20), true);
  try {
    const pelsim::experiment::Scenario s = pelsim::experiment::parse_scenario(name, text);
    if (s.row_count() > s.points.size()) pelsim::fuzz::finding("row_count > points", name);
  } catch (const pelsim::models::InputError& e) {
    pelsim::fuzz::check_error(e, name, text);
  }
  return 0;
}
