// The size checks of the generators: at most 2^32 - 2 tasks or edges (32-bit ids), and no
// graph whose simulation would need more memory than generator_memory_limit(), refused before
// anything is allocated (a 4-line scenario can ask for billions of tasks).
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <string>

#include "common.hpp"
#include "pelsim/models/error.hpp"

namespace pelsim::models::gen {

namespace {

std::atomic<std::uint64_t> memory_limit{0};  // 0: the machine's (default_memory_limit)

std::uint64_t default_memory_limit() {
  const long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGE_SIZE);
  std::uint64_t limit = pages > 0 && page > 0
                            ? static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page)
                            : UINT64_MAX;
  rlimit as{};
  if (::getrlimit(RLIMIT_AS, &as) == 0 && as.rlim_cur != RLIM_INFINITY)
    limit = std::min<std::uint64_t>(limit, as.rlim_cur);
  return limit;
}

std::string gigabytes(double bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3g GB", bytes / 1e9);
  return text;
}

}  // namespace

void check_size(const std::string& kind, double tasks, double edges) {
  if (tasks > kMaxCount || edges > kMaxCount) {
    char text[160];
    std::snprintf(text, sizeof text,
                  "generator '%s': %.6g tasks and %.6g edges is too large "
                  "(at most %.0f of each)",
                  kind.c_str(), tasks, edges, kMaxCount);
    throw InputError(text);
  }
  const double need = tasks * kRunBytesPerTask + edges * kRunBytesPerEdge;
  const auto limit = static_cast<double>(generator_memory_limit());
  if (need > limit) {
    char text[200];
    std::snprintf(text, sizeof text,
                  "generator '%s': %.0f tasks and %.0f edges would need at least %s of memory "
                  "to simulate, more than the %s this process may use",
                  kind.c_str(), tasks, edges, gigabytes(need).c_str(), gigabytes(limit).c_str());
    throw InputError(text);
  }
}

TaskGraphBuilder make_builder(const std::string& kind, std::uint64_t tasks, std::uint64_t edges) {
  check_size(kind, static_cast<double>(tasks), static_cast<double>(edges));
  TaskGraphBuilder b("generated:" + kind);
  b.reserve(tasks, edges);
  return b;
}

}  // namespace pelsim::models::gen

namespace pelsim::models {

std::uint64_t generator_memory_limit() {
  static const std::uint64_t machine = gen::default_memory_limit();
  const std::uint64_t set = gen::memory_limit.load(std::memory_order_relaxed);
  return set != 0 ? set : machine;
}

void set_generator_memory_limit(std::uint64_t bytes) {
  gen::memory_limit.store(bytes, std::memory_order_relaxed);
}

}  // namespace pelsim::models
