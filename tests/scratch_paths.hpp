// Temporary files and directories of the tests, removed when the test program ends.
#pragma once

#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

namespace pelsim::scratch {

/// The paths a test program wrote under the temporary directory. Contract: every path passed
/// to remember() is removed (recursively) when the program exits normally, so that
/// running the suite again and again (ctest starts one process per test) does not fill the
/// user's temporary directory. A failing test's files go too; rerun it alone to inspect them
/// (`--gtest_filter`, and a breakpoint before it returns).
class ScratchPaths {
 public:
  ScratchPaths() = default;
  ScratchPaths(const ScratchPaths&) = delete;
  ScratchPaths& operator=(const ScratchPaths&) = delete;
  ~ScratchPaths() {
    for (const std::filesystem::path& p : paths_) {
      std::error_code ignored;  // already gone, or never made: nothing to do
      std::filesystem::remove_all(p, ignored);
    }
  }
  void add(const std::filesystem::path& p) { paths_.push_back(p); }

 private:
  std::vector<std::filesystem::path> paths_;
};

/// Registers `p` for removal at exit and returns it.
inline std::filesystem::path remember(std::filesystem::path p) {
  static ScratchPaths scratch;  // one per program (an inline function's static)
  scratch.add(p);
  return p;
}

}  // namespace pelsim::scratch
