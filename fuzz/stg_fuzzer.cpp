// libFuzzer harness of the Standard Task Graph Set (STG) reader. The reader takes a path:
// the input is written to one scratch file per process.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.hpp"
#include "pelsim/models/stg_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::string& path = pelsim::fuzz::write_scratch(data, size, ".stg");
  try {
    pelsim::fuzz::check_graph(pelsim::models::read_stg_file(path));
  } catch (const pelsim::models::InputError& e) {
    pelsim::fuzz::check_error(e, path, text);
  }
  return 0;
}
