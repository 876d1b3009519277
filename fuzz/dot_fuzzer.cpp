// libFuzzer harness of the DOT reader: read_dot_text on the input, then read_dot_file on the
// same bytes through a 16-byte buffer (every token split across reads); both must give the
// same graph or the same error.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz_support.hpp"
#include "pelsim/models/dot_reader.hpp"

namespace {

using pelsim::models::InputError;
using pelsim::models::TaskGraph;

// The graph as text (names, work, types, costs, edges), or "error: <reason> @line".
std::string summary(const TaskGraph& g) {
  std::string s;
  for (pelsim::models::TaskId t = 0; t < g.task_count(); ++t) {
    s += std::string(g.name(t)) + "|" + std::to_string(g.work(t)) + "|" +
         std::string(g.task_type_name_of(t));
    for (std::uint32_t c = 0; c < g.cost_columns(); ++c) s += "," + std::to_string(g.cost(t, c));
    s += "\n";
  }
  for (pelsim::models::EdgeId e = 0; e < g.edge_count(); ++e)
    s += std::to_string(g.source(e)) + ">" + std::to_string(g.target(e)) + ":" +
         std::to_string(g.bytes(e)) + "\n";
  return s;
}

std::string error_summary(const InputError& e) {
  return "error: " + e.reason() + " @" + std::to_string(e.line()) + ":" +
         std::to_string(e.column());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::string name = "fuzz.dot";
  std::string from_text;
  try {
    const TaskGraph g = pelsim::models::read_dot_text(text, name);
    pelsim::fuzz::check_graph(g);
    from_text = summary(g);
  } catch (const InputError& e) {
    pelsim::fuzz::check_error(e, name, text);
    from_text = error_summary(e);
  }
  const std::string& path = pelsim::fuzz::write_scratch(data, size, ".dot");
  std::string from_file;
  try {
    from_file = summary(pelsim::models::read_dot_file(path, 16));
  } catch (const InputError& e) {
    pelsim::fuzz::check_error(e, path, text);
    from_file = error_summary(e);
  }
  if (from_text != from_file)
    pelsim::fuzz::finding("read_dot_text and read_dot_file disagree",
                          "\n--- text:\n" + from_text + "\n--- file:\n" + from_file);
  return 0;
}
