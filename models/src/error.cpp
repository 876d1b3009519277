#include "pelsim/models/error.hpp"

namespace pelsim::models {
namespace {

std::string format_location(const std::string& file, std::size_t line, std::size_t column,
                            const std::string& reason) {
  if (file.empty()) return reason;
  if (line == 0) return file + ": " + reason;
  if (column == 0) return file + ":" + std::to_string(line) + ": " + reason;
  return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + reason;
}

}  // namespace

InputError::InputError(std::string file, std::size_t line, const std::string& reason)
    : InputError(std::move(file), line, 0, reason) {}

InputError::InputError(std::string file, std::size_t line, std::size_t column,
                       const std::string& reason)
    : std::runtime_error(format_location(file, line, column, reason)),
      file_(std::move(file)),
      line_(line),
      column_(column),
      reason_(reason) {}

std::string unknown_name_message(const std::string& what, const std::string& name,
                                 const std::string& known_list) {
  return "unknown " + what + " '" + name + "' (known: " + known_list + ")";
}

}  // namespace pelsim::models
