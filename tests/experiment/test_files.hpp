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

/// One task's line of a trace (task,core,start,finish).
struct TraceTimes {
  std::string core;
  double start = 0;
  double finish = 0;
};

/// task -> its times, from the text of a task,core,start,finish CSV (`--trace`, sgref's).
inline std::map<std::string, TraceTimes> read_trace(const std::string& text) {
  std::map<std::string, TraceTimes> out;
  std::istringstream in(text);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::istringstream row(line);
    std::string task, core, start, finish;
    std::getline(row, task, ',');
    std::getline(row, core, ',');
    std::getline(row, start, ',');
    std::getline(row, finish, ',');
    out[task] = {core, std::stod(start), std::stod(finish)};
  }
  return out;
}

}  // namespace pelsim::experiment::testing
