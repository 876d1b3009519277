#include "pelsim/experiment/atomic_file.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "pelsim/models/error.hpp"

namespace pelsim::experiment {

AtomicFile::AtomicFile(std::string path)
    : path_(std::move(path)), temp_path_(path_ + ".tmp." + std::to_string(::getpid())) {
  out_.open(temp_path_, std::ios::binary | std::ios::trunc);
  if (!out_)
    throw models::InputError(path_, 0, std::string("cannot write: ") + std::strerror(errno));
  out_.exceptions(std::ios::goodbit);
}

AtomicFile::~AtomicFile() {
  if (!committed_) {
    out_.close();
    std::remove(temp_path_.c_str());
  }
}

void AtomicFile::commit() {
  out_.flush();
  const bool ok = static_cast<bool>(out_);
  out_.close();
  if (!ok || out_.fail()) {
    std::remove(temp_path_.c_str());
    committed_ = true;
    throw models::InputError(path_, 0, "write failed (disk full?)");
  }
  if (std::rename(temp_path_.c_str(), path_.c_str()) != 0) {
    const int err = errno;
    std::remove(temp_path_.c_str());
    committed_ = true;
    throw models::InputError(path_, 0, std::string("cannot rename into place: ") +
                                           std::strerror(err));
  }
  committed_ = true;
}

}  // namespace pelsim::experiment
