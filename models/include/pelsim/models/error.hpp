// Typed errors thrown by the models layer.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>

namespace pelsim::models {

/// Bad user input (a file, a schedule, an option value). what() reads `file:line: reason`
/// (`file:line:column: reason` when the column is known),
/// or `file: reason` when the line is unknown (0), or just `reason` when there is no file.
/// Front ends report it and exit with status 2.
class InputError : public std::runtime_error {
 public:
  InputError(std::string file, std::size_t line, const std::string& reason);
  /// `file:line:column: reason` (column counted from 1; 0 = unknown, printed as file:line).
  InputError(std::string file, std::size_t line, std::size_t column, const std::string& reason);
  explicit InputError(const std::string& reason) : InputError({}, 0, reason) {}

  const std::string& file() const { return file_; }
  std::size_t line() const { return line_; }
  std::size_t column() const { return column_; }
  const std::string& reason() const { return reason_; }

 private:
  std::string file_;
  std::size_t line_;
  std::size_t column_ = 0;
  std::string reason_;
};

/// The InputError of a task graph with a cycle; task() names a task on it (so that a reader
/// whose tasks have no line in the graph can place the error in its file).
class CycleError : public InputError {
 public:
  CycleError(std::string file, std::size_t line, const std::string& reason, std::string task)
      : InputError(std::move(file), line, reason), task_(std::move(task)) {}
  const std::string& task() const { return task_; }

 private:
  std::string task_;
};

/// Formats "`name`" suggestions: "unknown policy 'x' (known: a, b, c)".
std::string unknown_name_message(const std::string& what, const std::string& name,
                                 const std::string& known_list);

}  // namespace pelsim::models
