// libFuzzer harness of the WfCommons (WfFormat JSON) reader. The reader takes a path: the
// input is written to one scratch file per process.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "fuzz_support.hpp"
#include "pelsim/models/wfcommons_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::string& path = pelsim::fuzz::write_scratch(data, size, ".json");
  try {
    std::vector<double> speeds;
    pelsim::models::WfCommonsOptions options;
    options.task_speeds = &speeds;
    const pelsim::models::TaskGraph g = pelsim::models::read_wfcommons_file(path, options);
    pelsim::fuzz::check_graph(g);
    if (speeds.size() != g.task_count())
      pelsim::fuzz::finding("task_speeds has not one entry per task", path);
  } catch (const pelsim::models::InputError& e) {
    pelsim::fuzz::check_error(e, path, text);
  }
  return 0;
}
