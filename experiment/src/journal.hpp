// The append-only record of finished runs that makes a batch resumable (internal).
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "pelsim/experiment/run_point.hpp"

namespace pelsim::experiment::detail {

/// The journal files of a results directory: `journal.csv`, or `journal.shard-I-of-N.csv` for
/// one shard of a distributed batch. Each holds a header naming the scenario's fingerprint and
/// run count, then one line `index,makespan,...` per finished run, written with one write(2)
/// on an O_APPEND descriptor. Opening reads back the complete lines of every journal file in
/// the directory (so any process sees all shards' runs) and cuts a torn last line off its
/// own file. The own file is locked (flock) while the Journal lives: a second process on it
/// is refused.
class Journal {
 public:
  /// Opens or creates this process's journal file in `dir` (`shard_count` > 1: the shard's
  /// own file). Throws models::InputError if a journal in `dir` belongs to another scenario,
  /// another process holds this one, or a file cannot be read or written.
  Journal(const std::string& dir, std::uint64_t fingerprint, std::size_t runs,
          std::size_t shard_index = 0, std::size_t shard_count = 1);
  ~Journal();
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

  /// Reads again the other journal files of the directory (another shard's runs finished since
  /// this one opened; complete lines only). A shard calls it once its own runs are done, after
  /// its last append: of shards finishing together, the last to call it sees every run.
  void refresh();
  /// The runs recorded so far, by index.
  const std::map<std::size_t, RunMeasures>& finished() const { return finished_; }
  /// Records a finished run (thread-safe).
  void append(std::size_t index, const RunMeasures& m);

  /// One run as a journal line (with its newline); parse_record() reads it back exactly.
  static std::string format_record(std::size_t index, const RunMeasures& m);
  static bool parse_record(const std::string& line, std::size_t& index, RunMeasures& m);

 private:
  void read_file(const std::string& path, bool own, std::size_t& keep);
  std::size_t read_all(bool with_own);  // the own file's bytes of complete lines

  std::string dir_;
  std::string own_name_;
  std::string path_;
  std::string header_;
  std::size_t runs_;
  int fd_ = -1;
  std::mutex mutex_;
  std::map<std::size_t, RunMeasures> finished_;
};

}  // namespace pelsim::experiment::detail
