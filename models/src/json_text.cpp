#include "pelsim/models/json_text.hpp"

#include <algorithm>
#include <string>

namespace pelsim::models {

namespace {

bool is_json_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// The position after the blanks from `pos`.
std::size_t skip_blanks(std::string_view text, std::size_t pos) {
  while (pos < text.size() && is_json_space(text[pos])) ++pos;
  return pos;
}

}  // namespace

std::uint32_t line_at(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  return static_cast<std::uint32_t>(
      1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

std::uint32_t find_member_line(std::string_view text, std::string_view section,
                               std::string_view key, std::string_view value) {
  std::size_t from = 0;
  if (!section.empty()) {
    const std::string quoted_section = "\"" + std::string(section) + "\"";
    for (std::size_t pos = text.find(quoted_section); pos != std::string_view::npos;
         pos = text.find(quoted_section, pos + 1)) {
      const std::size_t after = skip_blanks(text, pos + quoted_section.size());
      if (after < text.size() && text[after] == ':') {
        from = after;
        break;
      }
    }
  }
  const std::string quoted_key = "\"" + std::string(key) + "\"";
  if (value.empty()) {  // the key, followed by a colon
    for (std::size_t pos = text.find(quoted_key, from); pos != std::string_view::npos;
         pos = text.find(quoted_key, pos + 1)) {
      const std::size_t after = skip_blanks(text, pos + quoted_key.size());
      if (after < text.size() && text[after] == ':') return line_at(text, pos);
    }
    return 0;
  }
  const std::string quoted_value = "\"" + std::string(value) + "\"";
  for (std::size_t pos = text.find(quoted_value, from); pos != std::string_view::npos;
       pos = text.find(quoted_value, pos + 1)) {
    std::size_t before = pos;
    while (before > 0 && is_json_space(text[before - 1])) --before;
    if (before == 0 || text[before - 1] != ':') continue;
    --before;
    while (before > 0 && is_json_space(text[before - 1])) --before;
    if (before >= quoted_key.size() &&
        text.substr(before - quoted_key.size(), quoted_key.size()) == quoted_key)
      return line_at(text, pos);
  }
  return 0;
}

}  // namespace pelsim::models
