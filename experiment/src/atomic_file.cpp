#include "pelsim/experiment/atomic_file.hpp"

#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "pelsim/models/error.hpp"

namespace pelsim::experiment {

namespace {

// The file `path` stands for: a symbolic link's target, through every link (a dangling
// link's target is created).
std::string resolved(const std::string& path) {
  std::filesystem::path p(path);
  std::error_code ec;
  for (int hops = 0; hops < 40 && std::filesystem::is_symlink(std::filesystem::symlink_status(p, ec));
       ++hops) {
    const std::filesystem::path target = std::filesystem::read_symlink(p, ec);
    if (ec) break;
    p = target.is_absolute() ? target : p.parent_path() / target;
  }
  return p.string();
}

// True when `path` exists and is not a regular file (a device, a pipe): it is not replaced.
bool is_special(const std::string& path) {
  std::error_code ec;
  const std::filesystem::file_status st = std::filesystem::status(path, ec);
  return !ec && std::filesystem::exists(st) && !std::filesystem::is_regular_file(st) &&
         !std::filesystem::is_directory(st);
}

// The temporaries being written, for remove_open_temporaries(): a fixed table a signal
// handler can read (a file that finds it full is simply not removed on a signal).
std::array<std::atomic<const char*>, 64> g_open_temporaries{};

void track(const char* temp) {
  for (std::atomic<const char*>& slot : g_open_temporaries) {
    const char* empty = nullptr;
    if (slot.compare_exchange_strong(empty, temp)) return;
  }
}

void untrack(const char* temp) {
  for (std::atomic<const char*>& slot : g_open_temporaries) {
    const char* mine = temp;
    if (slot.compare_exchange_strong(mine, nullptr)) return;
  }
}

}  // namespace

void AtomicFile::remove_open_temporaries() noexcept {
  for (std::atomic<const char*>& slot : g_open_temporaries)
    if (const char* temp = slot.load()) ::unlink(temp);
}

AtomicFile::AtomicFile(std::string path) : path_(path) {
  // (A device or pipe is tested through its links first: /dev/stdout's lead to "pipe:[n]".)
  if (!is_special(path_)) {
    path_ = resolved(path_);
    temp_path_ = path_ + ".tmp." + std::to_string(::getpid());
    track(temp_path_.c_str());  // (before it exists: a signal then removes nothing)
  }
  out_.open(temp_path_.empty() ? path_ : temp_path_, std::ios::binary | std::ios::trunc);
  if (!out_) {
    const int err = errno;
    if (!temp_path_.empty()) untrack(temp_path_.c_str());  // (no destructor runs)
    throw models::InputError(path, 0, std::string("cannot write: ") + std::strerror(err));
  }
  out_.exceptions(std::ios::goodbit);
}

AtomicFile::~AtomicFile() {
  if (!committed_) {
    out_.close();
    if (!temp_path_.empty()) std::remove(temp_path_.c_str());
  }
  if (!temp_path_.empty()) untrack(temp_path_.c_str());
}

void AtomicFile::commit() {
  out_.flush();
  const bool ok = static_cast<bool>(out_);
  out_.close();
  if (!ok || out_.fail()) {
    if (!temp_path_.empty()) std::remove(temp_path_.c_str());
    committed_ = true;
    throw models::InputError(path_, 0, "write failed (disk full?)");
  }
  if (temp_path_.empty()) {  // written in place
    committed_ = true;
    return;
  }
  if (std::rename(temp_path_.c_str(), path_.c_str()) != 0) {
    const int err = errno;
    std::remove(temp_path_.c_str());
    committed_ = true;
    throw models::InputError(path_, 0, std::string("cannot rename into place: ") +
                                           std::strerror(err));
  }
  committed_ = true;
  untrack(temp_path_.c_str());  // (the destructor's call then finds nothing)
}

}  // namespace pelsim::experiment
