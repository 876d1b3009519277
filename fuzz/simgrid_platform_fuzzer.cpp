// libFuzzer harness of the SimGrid platform reader (parse_simgrid_platform, the text entry
// point of read_simgrid_platform).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.hpp"
#include "pelsim/models/simgrid_platform.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::string name = "fuzz.xml";
  try {
    (void)pelsim::models::parse_simgrid_platform(text, name);
  } catch (const pelsim::models::InputError& e) {
    pelsim::fuzz::check_error(e, name, text);
  }
  return 0;
}
