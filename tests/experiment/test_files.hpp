// Small file helpers shared by the experiment tests.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "scratch_paths.hpp"
#include "trace_csv.hpp"

namespace pelsim::experiment::testing {

inline std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// An empty directory under the test's temporary directory, removed when the program ends.
inline std::filesystem::path fresh_dir(const std::string& name) {
  // The pid keeps concurrent runs of the suite (several build trees) apart.
  const std::filesystem::path dir =
      std::filesystem::path(::testing::TempDir()) / (name + "_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return pelsim::scratch::remember(dir);
}

/// Writes `text` to dir/name and returns the path.
inline std::string write_file(const std::filesystem::path& dir, const std::string& name,
                              const std::string& text) {
  std::ofstream(dir / name, std::ios::binary) << text;
  return (dir / name).string();
}

using test_support::read_trace;  // (tests/trace_csv.hpp)
using test_support::TraceTimes;

}  // namespace pelsim::experiment::testing
