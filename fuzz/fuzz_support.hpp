// Helpers shared by the libFuzzer harnesses of the input readers (docs/fuzzing.md).
//
// A harness feeds one input to one reader. A models::InputError (CycleError included) is the
// reader doing its job and ends the input quietly, after two checks of the error against the
// input: the line it names exists, and (with PELSIM_FUZZ_LINE0=1 in the environment) an error
// of the input's own file without a line is printed, for an audit of the messages. Any other
// exception, a crash, a sanitizer report or a timeout is a finding.
#pragma once

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

#include "pelsim/models/error.hpp"
#include "pelsim/models/task_graph.hpp"

namespace pelsim::fuzz {

/// A per-process scratch file `pelsim-fuzz-<pid><suffix>` in the temporary directory, for
/// the readers that only take a path; the same path is rewritten for every input.
inline const std::string& scratch_path(const char* suffix) {
  static const std::string path = (std::filesystem::temp_directory_path() /
                                   ("pelsim-fuzz-" + std::to_string(::getpid()) + suffix))
                                      .string();
  return path;
}

/// Writes the input to scratch_path(suffix) and returns the path.
inline const std::string& write_scratch(const std::uint8_t* data, std::size_t size,
                                        const char* suffix) {
  const std::string& path = scratch_path(suffix);
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) std::abort();
  if (size != 0 && std::fwrite(data, 1, size, f) != size) std::abort();
  if (std::fclose(f) != 0) std::abort();
  return path;
}

[[noreturn]] inline void finding(const char* what, const std::string& detail) {
  std::fprintf(stderr, "pelsim-fuzz finding: %s: %s\n", what, detail.c_str());
  std::abort();
}

/// Checks an InputError thrown for the input `text`, known to its reader as `name`: a line
/// it names must be one of the input's (a line past the end is a finding).
inline void check_error(const models::InputError& e, const std::string& name,
                        std::string_view text) {
  if (e.file() != name) return;  // another file's error (a scenario's workload)
  const std::size_t lines =
      static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
  if (e.line() > lines)
    finding("error names a line past the end of the input",
            std::string(e.what()) + " (the input has " + std::to_string(lines) + " lines)");
  static const bool audit = std::getenv("PELSIM_FUZZ_LINE0") != nullptr;
  if (audit && e.line() == 0) std::fprintf(stderr, "pelsim-fuzz line 0: %s\n", e.what());
}

/// Checks what a reader accepted: finite, non-negative work, bytes and costs.
inline void check_graph(const models::TaskGraph& g) {
  for (models::TaskId t = 0; t < g.task_count(); ++t) {
    if (!(std::isfinite(g.work(t)) && g.work(t) >= 0))
      finding("accepted a task whose work is not finite and >= 0", std::string(g.name(t)));
    for (std::uint32_t c = 0; c < g.cost_columns(); ++c)
      if (!(std::isfinite(g.cost(t, c)) && g.cost(t, c) >= 0))
        finding("accepted a cost that is not finite and >= 0", std::string(g.name(t)));
  }
  for (models::EdgeId e = 0; e < g.edge_count(); ++e)
    if (!(std::isfinite(g.bytes(e)) && g.bytes(e) >= 0))
      finding("accepted an edge whose bytes are not finite and >= 0", std::to_string(e));
  (void)g.topological_order();
}

}  // namespace pelsim::fuzz
