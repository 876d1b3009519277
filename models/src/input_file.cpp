#include "input_file.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "pelsim/models/error.hpp"

namespace pelsim::models {

InputFile open_input(const std::string& path, const char* what) {
  InputFile file(std::fopen(path.c_str(), "rb"));
  if (!file)
    throw InputError(path, 0, std::string("cannot open ") + what + ": " + std::strerror(errno));
  struct stat st {};
  if (::fstat(::fileno(file.get()), &st) == 0 && S_ISDIR(st.st_mode))
    throw InputError(path, 0, std::string("cannot open ") + what + ": it is a directory");
  return file;
}

std::size_t input_size(std::FILE* file) {
  std::size_t size = 0;
  if (std::fseek(file, 0, SEEK_END) == 0) {
    const long end = std::ftell(file);
    if (end > 0) size = static_cast<std::size_t>(end);
  }
  std::rewind(file);
  return size;
}

std::string read_input_text(const std::string& path) {
  const InputFile file = open_input(path);
  std::string text;
  text.reserve(input_size(file.get()));
  char buffer[1 << 16];
  std::size_t got = 0;
  while ((got = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) text.append(buffer, got);
  if (std::ferror(file.get()))
    throw InputError(path, 0, std::string("cannot read file: ") + std::strerror(errno));
  return text;
}

}  // namespace pelsim::models
