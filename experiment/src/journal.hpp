// The append-only record of finished runs that makes a batch resumable (internal).
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "pelsim/experiment/run_point.hpp"

namespace pelsim::experiment::detail {

/// `DIR/journal.csv`: a header naming the scenario's fingerprint and run count, then one line
/// `index,makespan,...` per finished run, written with one write(2) on an O_APPEND descriptor.
/// Opening an existing journal reads its complete lines back and cuts a torn last line off.
class Journal {
 public:
  /// Opens or creates the journal. Throws models::InputError if it belongs to another scenario
  /// or cannot be read or written.
  Journal(const std::string& path, std::uint64_t fingerprint, std::size_t runs);
  ~Journal();
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

  /// The runs recorded so far, by index.
  const std::map<std::size_t, RunMeasures>& finished() const { return finished_; }
  /// Records a finished run (thread-safe).
  void append(std::size_t index, const RunMeasures& m);

 private:
  std::string path_;
  int fd_ = -1;
  std::mutex mutex_;
  std::map<std::size_t, RunMeasures> finished_;
};

}  // namespace pelsim::experiment::detail
