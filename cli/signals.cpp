#include "signals.hpp"

#include <csignal>

#include "pelsim/experiment/atomic_file.hpp"

namespace pelsim::cli {

namespace {
extern "C" void remove_temporaries_and_end(int signal) {
  experiment::AtomicFile::remove_open_temporaries();
  std::signal(signal, SIG_DFL);
  std::raise(signal);
}
}  // namespace

void remove_temporaries_on_signals() {
  // (A signal the process was started ignoring, as nohup does SIGHUP, stays ignored.)
  for (const int s : {SIGINT, SIGTERM, SIGHUP})
    if (std::signal(s, remove_temporaries_and_end) == SIG_IGN) std::signal(s, SIG_IGN);
}

}  // namespace pelsim::cli
