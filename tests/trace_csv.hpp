// Reading a task trace (task,core,start,finish: pelsim's --trace, sgref's --trace) in the tests
// of every layer.
#pragma once

#include <map>
#include <sstream>
#include <string>

namespace pelsim::test_support {

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

}  // namespace pelsim::test_support
