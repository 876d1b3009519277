// Opening and reading input files, with errors a user can act on (internal to models/).
#pragma once

#include <cstdio>
#include <memory>
#include <string>

namespace pelsim::models {

/// Closes a FILE* when its owner goes away.
struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using InputFile = std::unique_ptr<std::FILE, FileCloser>;

/// Opens `path` for reading; throws InputError(path, 0, "cannot open <what>: <strerror>").
InputFile open_input(const std::string& path, const char* what = "file");

/// The size of an open file in bytes, or 0 when it cannot be told (a pipe); rewinds it.
std::size_t input_size(std::FILE* file);

/// The whole content of `path` (for formats read as a whole: XML, STG); throws InputError
/// when it cannot be opened or read.
std::string read_input_text(const std::string& path);

}  // namespace pelsim::models
