// libFuzzer harness of the static schedule reader: read_schedule_csv against a fixed
// 5-task graph on 3 cores, then validate_schedule on what it accepted (as the `static`
// policy does). The reader takes a path: the input is written to one scratch file.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.hpp"
#include "pelsim/models/dot_reader.hpp"
#include "pelsim/models/schedule.hpp"

namespace {

// A diamond plus a task whose name needs quoting in CSV (seeds: fuzz/corpus/schedule).
const pelsim::models::TaskGraph& graph() {
  static const pelsim::models::TaskGraph g = pelsim::models::read_dot_text(
      "digraph { a [size=1]; b [size=2]; c [size=3]; d [size=4]; \"e,\\\"x\" [size=5];"
      " a -> b; a -> c; b -> d; c -> d; d -> \"e,\\\"x\" }",
      "graph.dot");
  return g;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const pelsim::models::TaskGraph& g = graph();
  const std::string& path = pelsim::fuzz::write_scratch(data, size, ".csv");
  try {
    const pelsim::models::Schedule s = pelsim::models::read_schedule_csv(path, g, 3);
    pelsim::models::validate_schedule(s, g, 3, path);
  } catch (const pelsim::models::InputError& e) {
    pelsim::fuzz::check_error(e, path, text);
  }
  return 0;
}
