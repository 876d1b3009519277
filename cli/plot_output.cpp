#include "plot_output.hpp"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <vector>

extern char** environ;

namespace pelsim::cli {

namespace {

// pelsim-plot sits next to the running pelsim (build tree and install alike).
std::filesystem::path plotter_path() {
  std::error_code ec;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::path("pelsim-plot") : self.parent_path() / "pelsim-plot";
}

}  // namespace

std::string write_scaling_plots(const experiment::Scenario&, const std::string& summary_json,
                                const std::string& dir) {
  const std::filesystem::path plotter = plotter_path();
  if (!std::filesystem::exists(plotter))
    return "plots: skipped, pelsim-plot (built with Qt 6 Charts) is not installed next to pelsim; "
           "results.csv and summary.json are complete";
  const std::filesystem::path d(dir);
  const std::string svg = (d / "scaling.svg").string(), png = (d / "scaling.png").string();
  std::vector<std::string> args{plotter.string(), summary_json, svg, png};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ) != 0)
    return "plots: skipped, cannot start " + plotter.string();
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return "plots: failed (lost pelsim-plot)";
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return "plots: failed (pelsim-plot exit status " + std::to_string(WEXITSTATUS(status)) + ")";
  return "plots: " + svg + ", " + png;
}

}  // namespace pelsim::cli
