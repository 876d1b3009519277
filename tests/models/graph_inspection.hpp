// Views of a TaskGraph that tests compare with expected values, and temporary input files.
#pragma once

#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <string>
#include <tuple>
#include <vector>

#include "pelsim/models/task_graph.hpp"

namespace pelsim::models::testing {

/// One edge by task names, comparable and printable.
struct EdgeRec {
  std::string from;
  std::string to;
  double bytes;
  bool operator==(const EdgeRec&) const = default;
  bool operator<(const EdgeRec& o) const {
    return std::tie(from, to, bytes) < std::tie(o.from, o.to, o.bytes);
  }
};

inline void PrintTo(const EdgeRec& e, std::ostream* os) {
  *os << e.from << "->" << e.to << " (" << e.bytes << ")";
}

inline std::vector<EdgeRec> edges_of(const TaskGraph& g) {
  std::vector<EdgeRec> out;
  for (EdgeId e = 0; e < g.edge_count(); ++e)
    out.push_back({std::string(g.name(g.source(e))), std::string(g.name(g.target(e))), g.bytes(e)});
  std::sort(out.begin(), out.end());
  return out;
}

inline std::vector<std::string> names_of(const TaskGraph& g) {
  std::vector<std::string> out;
  for (TaskId t = 0; t < g.task_count(); ++t) out.emplace_back(g.name(t));
  return out;
}

inline std::vector<double> works_of(const TaskGraph& g) {
  std::vector<double> out;
  for (TaskId t = 0; t < g.task_count(); ++t) out.push_back(g.work(t));
  return out;
}

inline std::vector<std::uint32_t> lines_of(const TaskGraph& g) {
  std::vector<std::uint32_t> out;
  for (TaskId t = 0; t < g.task_count(); ++t) out.push_back(g.line_of(t));
  return out;
}

/// Number of tasks on each level (level = edges on the longest path from a source).
inline std::vector<std::uint32_t> level_sizes(const TaskGraph& g) {
  std::vector<std::uint32_t> level(g.task_count(), 0);
  std::vector<std::uint32_t> sizes;
  for (const TaskId t : g.topological_order()) {
    for (std::uint32_t k = g.in_begin(t); k < g.in_end(t); ++k)
      level[t] = std::max(level[t], level[g.in_source(k)] + 1);
    if (sizes.size() <= level[t]) sizes.resize(level[t] + 1, 0);
    ++sizes[level[t]];
  }
  return sizes;
}

/// A file in the temporary directory holding `content`, removed when the object goes away.
/// Its name carries the running test's name, a counter and `suffix` (the format's extension).
class TempFile {
 public:
  explicit TempFile(const std::string& content, const std::string& suffix = ".txt") {
    static int counter = 0;
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = (std::filesystem::temp_directory_path() /
             ("pelsim_" + std::to_string(::getpid()) + "_" +
              std::string(info ? info->name() : "test") + "_" + std::to_string(++counter) +
              suffix))
                .string();
    std::ofstream(path_, std::ios::binary) << content;
  }
  ~TempFile() { std::filesystem::remove(path_); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace pelsim::models::testing
