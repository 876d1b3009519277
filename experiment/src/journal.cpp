#include "journal.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "pelsim/models/error.hpp"

namespace pelsim::experiment::detail {

namespace m = pelsim::models;
namespace fs = std::filesystem;

namespace {

std::string header_of(std::uint64_t fingerprint, std::size_t runs) {
  char buf[128];
  std::snprintf(buf, sizeof buf, "# pelsim journal v7 scenario %016" PRIx64 " runs %zu\n",
                fingerprint, runs);
  return buf;
}

[[noreturn]] void cannot_write(const std::string& path) {
  throw m::InputError(path, 0, std::string("cannot write: ") + std::strerror(errno));
}

}  // namespace

std::string Journal::format_record(std::size_t index, const RunMeasures& r) {
  char line[720];
  std::snprintf(line, sizeof line,
                "%zu,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%llu,%llu,%llu,%.17g,%.17g,%llu,"
                "%llu,%.17g,%llu,%.17g,%.17g,%llu,%llu\n",
                index, r.makespan, r.lower_bound, r.critical_path, r.total_work, r.utilisation,
                r.bytes_moved, r.energy_j, static_cast<unsigned long long>(r.events),
                static_cast<unsigned long long>(r.steals),
                static_cast<unsigned long long>(r.failed_steals), r.max_link_utilisation,
                r.planned_makespan, static_cast<unsigned long long>(r.failures),
                static_cast<unsigned long long>(r.interrupted), r.lost_work,
                static_cast<unsigned long long>(r.checkpoints), r.checkpoint_time, r.wall_s,
                static_cast<unsigned long long>(r.local_dispatches),
                static_cast<unsigned long long>(r.remote_dispatches));
  return line;
}

// "index,makespan,lower_bound,critical_path,total_work,utilisation,bytes_moved,energy_j,
// events,steals,failed_steals,max_link_utilisation,planned_makespan,failures,interrupted,
// lost_work,checkpoints,checkpoint_time,wall_s,local_dispatches,remote_dispatches" without the
// newline (NaN as "nan"); false for anything else.
bool Journal::parse_record(const std::string& line, std::size_t& index, RunMeasures& r) {
  unsigned long long idx = 0, events = 0, steals = 0, failed = 0, failures = 0, interrupted = 0,
                     checkpoints = 0, local = 0, remote = 0;
  int used = 0;
  const int n = std::sscanf(line.c_str(),
                            "%llu,%lf,%lf,%lf,%lf,%lf,%lf,%lf,%llu,%llu,%llu,%lf,%lf,%llu,%llu,%lf,"
                            "%llu,%lf,%lf,%llu,%llu%n",
                            &idx, &r.makespan, &r.lower_bound, &r.critical_path, &r.total_work,
                            &r.utilisation, &r.bytes_moved, &r.energy_j, &events, &steals, &failed,
                            &r.max_link_utilisation, &r.planned_makespan, &failures, &interrupted,
                            &r.lost_work, &checkpoints, &r.checkpoint_time, &r.wall_s, &local,
                            &remote, &used);
  if (n != 21 || static_cast<std::size_t>(used) != line.size()) return false;
  r.local_dispatches = local;
  r.remote_dispatches = remote;
  index = idx;
  r.events = events;
  r.steals = steals;
  r.failed_steals = failed;
  r.failures = failures;
  r.interrupted = interrupted;
  r.checkpoints = checkpoints;
  return true;
}

void Journal::read_file(const std::string& path, bool own, std::size_t& keep) {
  // `own` files are this process's: a torn last line is cut off later (keep marks the end).
  std::ifstream in(path, std::ios::binary);
  if (!in) return;
  std::stringstream text;
  text << in.rdbuf();
  const std::string all = text.str();
  if (all.empty()) return;  // just created by its process; its header comes in one write
  (void)own;
  // A journal of no finished run (another scenario's or an older version's that failed before
  // its first run ended) holds nothing to lose: it is started again.
  const std::size_t first_line_end = all.find('\n');
  if (all.compare(0, header_.size(), header_) != 0 && all.starts_with("# pelsim journal") &&
      (first_line_end == std::string::npos || first_line_end + 1 == all.size()))
    return;
  if (all.compare(0, header_.size(), header_) != 0)
    throw m::InputError(path, 1,
                        "this results directory belongs to another scenario (or an "
                        "edited version of it or of a file it reads, or an older "
                        "pelsim); use another --out directory or delete it");
  keep = header_.size();
  std::size_t start = keep;
  for (std::size_t nl; (nl = all.find('\n', start)) != std::string::npos; start = nl + 1) {
    std::size_t index = 0;
    RunMeasures r;
    const std::string line = all.substr(start, nl - start);
    if (!parse_record(line, index, r) || index >= runs_)
      throw m::InputError(path, 0, "corrupt journal line '" + line +
                                       "'; delete the results directory to start again");
    finished_.emplace(index, r);
    keep = nl + 1;
  }
}

Journal::Journal(const std::string& dir, std::uint64_t fingerprint, std::size_t runs,
                 std::size_t shard_index, std::size_t shard_count)
    : header_(header_of(fingerprint, runs)), runs_(runs) {
  const std::string own_name =
      shard_count <= 1 ? "journal.csv"
                       : "journal.shard-" + std::to_string(shard_index) + "-of-" +
                             std::to_string(shard_count) + ".csv";
  dir_ = dir;
  own_name_ = own_name;
  path_ = (fs::path(dir) / own_name).string();
  // The own file is opened and locked before it is read: one process per journal (a second
  // batch on it, a job submitted twice, would run every run again beside the first, or cut
  // off the records the first appends meanwhile). The lock goes with the descriptor, so a
  // killed batch leaves none behind. (A file system without locks: no check.)
  bool created = false;
  fd_ = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd_ < 0 && errno == ENOENT) {
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0644);
    created = fd_ >= 0;
    if (fd_ < 0 && errno == EEXIST)  // (another process created it meanwhile)
      fd_ = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  }
  if (fd_ < 0) cannot_write(path_);
  try {
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK)
      throw m::InputError(path_, 0,
                          "in use by another pelsim run writing to this directory (wait for "
                          "it to end, or write the results to another directory)");
    const std::size_t keep = read_all(true);  // bytes of complete lines in the own file
    if (keep == 0) {
      if (::ftruncate(fd_, 0) != 0 ||
          ::write(fd_, header_.data(), header_.size()) != static_cast<ssize_t>(header_.size()))
        cannot_write(path_);
    } else if (::ftruncate(fd_, static_cast<off_t>(keep)) != 0) {  // drop a torn last line
      cannot_write(path_);
    }
  } catch (...) {
    // Nothing held, and no journal left behind that this process created (an empty one:
    // another scenario's journal in the directory refused it).
    if (created) ::unlink(path_.c_str());
    ::close(fd_);
    fd_ = -1;
    throw;
  }
}

std::size_t Journal::read_all(bool with_own) {
  // Every journal of the directory, in name order (deterministic).
  std::vector<std::string> names;
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(dir_, ec)) {
    const std::string name = e.path().filename().string();
    if (name.starts_with("journal") && name.ends_with(".csv")) names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  std::size_t keep = 0;
  for (const std::string& name : names) {
    if (name == own_name_ && !with_own) continue;
    std::size_t k = 0;
    read_file((fs::path(dir_) / name).string(), name == own_name_, k);
    if (name == own_name_) keep = k;
  }
  return keep;
}

void Journal::refresh() {
  const std::lock_guard<std::mutex> lock(mutex_);
  read_all(false);
}

Journal::~Journal() {
  if (fd_ >= 0) ::close(fd_);
}

void Journal::append(std::size_t index, const RunMeasures& r) {
  const std::string line = format_record(index, r);
  const std::lock_guard<std::mutex> lock(mutex_);
  if (finished_.count(index)) return;
  if (::write(fd_, line.data(), line.size()) != static_cast<ssize_t>(line.size()))
    cannot_write(path_);
  finished_.emplace(index, r);
}

}  // namespace pelsim::experiment::detail
