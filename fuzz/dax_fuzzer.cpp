// libFuzzer harness of the Pegasus DAX reader (and its XML tokenizer). The reader takes a
// path: the input is written to one scratch file per process.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.hpp"
#include "pelsim/models/dax_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::string& path = pelsim::fuzz::write_scratch(data, size, ".dax");
  try {
    pelsim::fuzz::check_graph(pelsim::models::read_dax_file(path));
  } catch (const pelsim::models::InputError& e) {
    pelsim::fuzz::check_error(e, path, text);
  }
  return 0;
}
