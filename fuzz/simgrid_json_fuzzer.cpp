// libFuzzer harness of the reader of SimGrid's own DAG JSON. The reader takes a path: the input
// is written to one scratch file per process.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.hpp"
#include "pelsim/models/simgrid_json_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::string& path = pelsim::fuzz::write_scratch(data, size, ".json");
  (void)pelsim::models::looks_like_simgrid_json(text);
  try {
    const pelsim::models::SimgridJsonDag dag = pelsim::models::read_simgrid_json_dag(path);
    pelsim::fuzz::check_graph(dag.graph);
    if (dag.machines.size() != dag.graph.task_count())
      pelsim::fuzz::finding("machines has not one entry per task", path);
  } catch (const pelsim::models::InputError& e) {
    pelsim::fuzz::check_error(e, path, text);
  }
  return 0;
}
