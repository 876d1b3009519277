#include "journal.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

#include "pelsim/models/error.hpp"

namespace pelsim::experiment::detail {

namespace m = pelsim::models;

namespace {

std::string header_of(std::uint64_t fingerprint, std::size_t runs) {
  char buf[128];
  std::snprintf(buf, sizeof buf, "# pelsim journal v1 scenario %016" PRIx64 " runs %zu\n",
                fingerprint, runs);
  return buf;
}

// Parses "index,makespan,lower_bound,critical_path,total_work,utilisation,bytes_moved,
// energy_j,events,wall_s"; false for anything else.
bool parse_line(const std::string& line, std::size_t& index, RunMeasures& r) {
  unsigned long long idx = 0, events = 0;
  int used = 0;
  const int n = std::sscanf(line.c_str(), "%llu,%lf,%lf,%lf,%lf,%lf,%lf,%lf,%llu,%lf%n", &idx,
                            &r.makespan, &r.lower_bound, &r.critical_path, &r.total_work,
                            &r.utilisation, &r.bytes_moved, &r.energy_j, &events, &r.wall_s, &used);
  if (n != 10 || static_cast<std::size_t>(used) != line.size()) return false;
  index = idx;
  r.events = events;
  return true;
}

}  // namespace

Journal::Journal(const std::string& path, std::uint64_t fingerprint, std::size_t runs)
    : path_(path) {
  const std::string header = header_of(fingerprint, runs);
  std::ifstream in(path, std::ios::binary);
  std::size_t keep = 0;  // bytes of complete lines
  if (in) {
    std::stringstream text;
    text << in.rdbuf();
    const std::string all = text.str();
    if (all.compare(0, header.size(), header) != 0)
      throw m::InputError(path, 1, "this results directory belongs to another scenario (or an "
                                   "edited version of it); use another --out directory or "
                                   "delete it");
    keep = header.size();
    std::size_t start = keep;
    for (std::size_t nl; (nl = all.find('\n', start)) != std::string::npos; start = nl + 1) {
      std::size_t index = 0;
      RunMeasures r;
      if (!parse_line(all.substr(start, nl - start), index, r) || index >= runs)
        throw m::InputError(path, 0, "corrupt journal line '" + all.substr(start, nl - start) +
                                         "'; delete the results directory to start again");
      finished_.emplace(index, r);
      keep = nl + 1;
    }
  }
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd_ < 0) throw m::InputError(path, 0, std::string("cannot write: ") + std::strerror(errno));
  if (keep == 0) {
    if (::ftruncate(fd_, 0) != 0 ||
        ::write(fd_, header.data(), header.size()) != static_cast<ssize_t>(header.size()))
      throw m::InputError(path, 0, std::string("cannot write: ") + std::strerror(errno));
  } else if (::ftruncate(fd_, static_cast<off_t>(keep)) != 0) {  // drop a torn last line
    throw m::InputError(path, 0, std::string("cannot write: ") + std::strerror(errno));
  }
}

Journal::~Journal() {
  if (fd_ >= 0) ::close(fd_);
}

void Journal::append(std::size_t index, const RunMeasures& r) {
  char line[512];
  const int len = std::snprintf(line, sizeof line, "%zu,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%llu,%.17g\n",
                                index, r.makespan, r.lower_bound, r.critical_path, r.total_work,
                                r.utilisation, r.bytes_moved, r.energy_j,
                                static_cast<unsigned long long>(r.events), r.wall_s);
  const std::lock_guard<std::mutex> lock(mutex_);
  if (::write(fd_, line, static_cast<std::size_t>(len)) != len)
    throw m::InputError(path_, 0, std::string("cannot append: ") + std::strerror(errno));
  finished_.emplace(index, r);
}

}  // namespace pelsim::experiment::detail
