// Output files that appear whole or not at all.
#pragma once

#include <fstream>
#include <string>

namespace pelsim::experiment {

/// Writes to a temporary file next to `path` and renames it over `path` on commit(). If the
/// object is destroyed without commit() (an exception, a crash of the writer), the temporary
/// is removed and `path` is untouched: a reader never sees a half-written file.
/// A symbolic link is followed (the file it names is replaced, the link kept), and a path
/// that is not a regular file (/dev/null, a named pipe) is written directly, not replaced.
/// Throws models::InputError when the temporary cannot be created or the rename fails.
class AtomicFile {
 public:
  explicit AtomicFile(std::string path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  std::ostream& stream() { return out_; }
  /// Flushes, checks for write errors, renames into place.
  void commit();

  /// Removes the temporaries of the AtomicFiles alive and not committed (the first 64 at
  /// once), with async-signal-safe calls only: for a front end's handler of a signal that
  /// ends the process (SIGINT, SIGTERM), which runs no destructor.
  static void remove_open_temporaries() noexcept;

 private:
  std::string path_;
  std::string temp_path_;  // empty: writing `path_` directly (not a regular file)
  std::ofstream out_;
  bool committed_ = false;
};

}  // namespace pelsim::experiment
