// Placing error messages in a JSON file's text: line numbers found by text search.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace pelsim::models {

/// Line (from 1) of byte `offset` of `text` (the last line when offset is past the end).
std::uint32_t line_at(std::string_view text, std::size_t offset);

/// Line of the first member `"key": "value"` that follows the member `"section":` (anywhere
/// when section is empty or absent), or with `value` empty of the first member `"key":`
/// whatever its value; 0 when none is found (a value with characters JSON escapes is never
/// found). A text search, for error messages only.
std::uint32_t find_member_line(std::string_view text, std::string_view section,
                               std::string_view key, std::string_view value = {});

}  // namespace pelsim::models
