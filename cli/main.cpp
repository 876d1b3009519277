// pelsim: the command-line front end. It parses, runs one command, and maps errors to exit
// statuses: 0 ok, 2 bad input or usage (message `file:line: reason`), 1 internal error.
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <new>
#include <string>
#include <vector>

#include "commands.hpp"
#include "pelsim/models/error.hpp"
#include "signals.hpp"

namespace {

// A million-task run touches a few hundred MB. Backing malloc's large blocks with transparent
// huge pages removes most page faults and TLB misses (measured: -25 % process time on the 1M
// benchmark of docs/performance.md). glibc reads this tunable only at start-up, so pelsim
// sets it and re-executes itself once; PELSIM_NO_HUGEPAGES=1 turns this off. If anything
// fails, the run simply goes on without huge pages.
void use_transparent_huge_pages(char** argv) {
  if (std::getenv("PELSIM_NO_HUGEPAGES") != nullptr) return;
  const char* tunables = std::getenv("GLIBC_TUNABLES");
  if (tunables != nullptr && std::strstr(tunables, "glibc.malloc.hugetlb") != nullptr) return;
  std::string value = "glibc.malloc.hugetlb=1";
  if (tunables != nullptr && *tunables != '\0') value = std::string(tunables) + ":" + value;
  if (setenv("GLIBC_TUNABLES", value.c_str(), 1) != 0) return;
  execv("/proc/self/exe", argv);
}

// `simulate` runs on one thread, so its memory is the main heap, which it can back with huge
// pages itself and save the re-execution (a second start-up: about 5 ms, and fewer page
// faults; measured on the 100k-task crossbar run of docs/performance.md: -5 % process time,
// and -2 % on the 1M-task run). The heap is grown once with 512 MiB of room above its top
// (address space only: pages are touched as they are used), and that range is marked
// MADV_HUGEPAGE; past it, memory comes without huge pages. False (and nothing kept) when the
// system does not grant the room; the caller then re-executes. Call after reuse_freed_memory().
bool use_huge_pages_in_heap() {
  constexpr int kRoom = 512 << 20;
  constexpr int kGlibcDefaultTopPad = 128 << 10;
  constexpr std::uintptr_t kHugePage = std::uintptr_t{2} << 20;
  if (mallopt(M_TOP_PAD, kRoom) == 0) return false;
  void* block = std::malloc(std::size_t{1} << 20);  // larger than the top chunk: the heap grows
  const auto from = (reinterpret_cast<std::uintptr_t>(block) + kHugePage - 1) & ~(kHugePage - 1);
  std::free(block);
  const auto to = reinterpret_cast<std::uintptr_t>(sbrk(0));
  const bool granted = block != nullptr && to > from && to - from >= kRoom / 2 &&
                       to - from <= std::uintptr_t{4} * kRoom;
  if (granted && madvise(reinterpret_cast<void*>(from), to - from, MADV_HUGEPAGE) == 0) return true;
  mallopt(M_TOP_PAD, kGlibcDefaultTopPad);
  return false;
}

// Fresh memory is expensive (the kernel faults and zeroes every page: about 1 ms per MB on
// the benchmark VM), so a temporary's pages should serve the next phase's arrays. Blocks up
// to 32 MiB (every array of a 1M-task run) therefore come from the heap, where freed blocks
// are reused, and up to 64 MiB of free heap top is kept rather than given back (measured on
// the 1M-task run of docs/performance.md: -15 % process time, +7 MB peak RSS, against
// mmap-ing every block over 1 MiB and returning it on free). Larger blocks still go to mmap
// and back to the system on free; a fixed threshold also stops glibc from raising it after
// each free of a large block, which would let huge temporaries stay in the heap for good.
void reuse_freed_memory() {
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
}

#ifndef PELSIM_HAVE_MPI
// `run --mpi` is served by pelsim-mpi, the same command linked with MPI, installed next to
// this one: re-execute it (same arguments, same environment, so mpirun's rank variables
// stay). Without it, the --mpi flag reports that MPI is not available.
void use_mpi_build_for_mpi_runs(char** argv) {
  bool mpi = false;
  for (char** a = argv + 1; *a != nullptr; ++a) mpi = mpi || std::strcmp(*a, "--mpi") == 0;
  if (!mpi) return;
  char self[4096];
  const ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0) return;
  self[n] = '\0';
  std::string path(self);
  path = path.substr(0, path.rfind('/') + 1) + "pelsim-mpi";
  if (access(path.c_str(), X_OK) == 0) execv(path.c_str(), argv);
}
#endif

// The Levenshtein distance between a and b (insertions, deletions and substitutions).
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// The message for the first unknown option among the arguments the command did not take
// ("unknown option '--polcy'; did you mean '--policy'? (pelsim simulate --help lists the
// options)": the closest of the command's options when it is close enough, else the list of
// them), or "" when those arguments hold no option (extra positional arguments).
std::string unknown_option_message(const CLI::App& app) {
  const std::vector<CLI::App*> given = app.get_subcommands();
  const CLI::App& command = given.empty() ? app : *given.front();
  std::vector<std::string> extras = command.remaining();
  for (const std::string& arg : app.remaining()) extras.push_back(arg);
  for (const std::string& arg : extras) {
    if (arg == "--") break;  // (what follows is positional)
    if (arg.size() < 2 || arg[0] != '-') continue;
    if (std::isdigit(static_cast<unsigned char>(arg[1])) || arg[1] == '.') continue;  // -1, -.5
    const std::string option = arg.substr(0, arg.find('='));
    std::vector<std::string> known;
    for (const CLI::Option* o : command.get_options()) {
      for (const std::string& name : o->get_lnames()) known.push_back("--" + name);
      for (const std::string& name : o->get_snames()) known.push_back("-" + name);
    }
    // Close enough: at most 1 edit in a name of up to 3 letters, 2 up to 6, else 3, and fewer
    // edits than its letters ("-x" is one edit from every one-letter option).
    const std::size_t letters = option.size() - (option[1] == '-' ? 2 : 1);
    std::size_t best = letters <= 3 ? 2 : letters <= 6 ? 3 : 4;
    std::string closest;
    // An abbreviation of exactly one long option ("--sched": --schedule) names it first.
    std::size_t extending = 0;
    for (const std::string& name : known)
      if (option.size() > 2 && option[1] == '-' && name.size() > option.size() &&
          name.compare(0, option.size(), option) == 0) {
        ++extending;
        closest = name;
      }
    if (extending != 1) closest.clear();
    for (const std::string& name : known)
      if (const std::size_t d = edit_distance(option, name);
          closest.empty() && d < best && d < letters) {
        best = d;
        closest = name;
      }
    const std::string help = command.get_parent() == nullptr
                                 ? std::string("pelsim --help")
                                 : "pelsim " + command.get_name() + " --help";
    if (!closest.empty())
      return "unknown option '" + option + "'; did you mean '" + closest + "'? (" + help +
             " lists the options)";
    std::string list;
    for (const std::string& name : known)
      if (name.rfind("--", 0) == 0) list += (list.empty() ? "" : ", ") + name;
    return "unknown option '" + option + "' (known: " + list + "; " + help + " describes them)";
  }
  return "";
}

}  // namespace

int main(int argc, char** argv) {
#ifndef PELSIM_HAVE_MPI
  use_mpi_build_for_mpi_runs(argv);
#endif
  reuse_freed_memory();
  const bool simulate = argc > 1 && std::strcmp(argv[1], "simulate") == 0;
  if (std::getenv("PELSIM_NO_HUGEPAGES") == nullptr && !(simulate && use_huge_pages_in_heap()))
    use_transparent_huge_pages(argv);
  CLI::App app{"pelsim: discrete-event simulator of parallel execution layers"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "pelsim 0.1.0");
  pelsim::cli::Action action;
  pelsim::cli::add_commands(app, action);
  std::string known;  // the commands: "simulate, info, ..."
  bool known_command = false;
  for (const CLI::App* sub : app.get_subcommands({})) {
    known += (known.empty() ? "" : ", ") + sub->get_name();
    known_command = known_command || (argc > 1 && sub->get_name() == argv[1]);
  }
  // Parse errors read like the others ("pelsim: error: ..."); a missing command lists the
  // known ones, and so does an unknown one (a name error).
  app.failure_message([&known](const CLI::App*, const CLI::Error& e) {
    std::string text = std::string("pelsim: error: ") + e.what() + "\n";
    if (text.find("subcommand") != std::string::npos) text += "known commands: " + known + "\n";
    return text + "Run with --help for more information.\n";
  });
  if (argc > 1 && argv[1][0] != '-' && !known_command) {
    std::fprintf(stderr, "pelsim: error: unknown command '%s' (known: %s)\n", argv[1],
                 known.c_str());
    return 2;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ExtrasError& e) {
    const std::string unknown = unknown_option_message(app);
    if (unknown.empty()) return app.exit(e) == 0 ? 0 : 2;
    std::fprintf(stderr, "pelsim: error: %s\n", unknown.c_str());
    return 2;
  } catch (const CLI::ParseError& e) {
    // A misspelled option often makes a required one missing too ("run --outt x s.yaml":
    // --out is required): name the misspelling, the cause.
    if (e.get_exit_code() != 0)
      if (const std::string unknown = unknown_option_message(app); !unknown.empty()) {
        std::fprintf(stderr, "pelsim: error: %s\n", unknown.c_str());
        return 2;
      }
    const int status = app.exit(e);
    return status == 0 ? 0 : 2;
  }
  pelsim::cli::remove_temporaries_on_signals();
  try {
    return action();
  } catch (const pelsim::models::InputError& e) {
    std::fprintf(stderr, "pelsim: error: %s\n", e.what());
    return 2;
  } catch (const std::bad_alloc&) {  // a graph, platform or sweep too big for this machine
    std::fprintf(stderr,
                 "pelsim: error: out of memory: the input asks for more than this machine has "
                 "(tasks, cores or runs)\n");
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "pelsim: internal error: %s\n", e.what());
    return 1;
  }
}
