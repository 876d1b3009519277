// CSV fields as RFC 4180 writes them: the writers of schedules, traces and results share them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pelsim::models {

/// `s` as one CSV field: as is, or in double quotes (each quote doubled) when it holds a
/// comma, a quote or a line break.
std::string csv_field(std::string_view s);

/// The text of a quoted field `"..."` (each `""` inside read as one quote); nullopt when
/// `field` is not one whole quoted field (then it is read as it stands).
std::optional<std::string> csv_unquote(std::string_view field);

}  // namespace pelsim::models
