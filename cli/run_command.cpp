// `pelsim run` (a scenario's sweep into a results directory) and `pelsim check` (validate a
// scenario without running it).
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "commands.hpp"
#include "pelsim/experiment/batch.hpp"
#include "pelsim/experiment/scenario.hpp"
#include "mpi_batch.hpp"
#include "pelsim/models/error.hpp"
#include "plot_output.hpp"

namespace pelsim::cli {
namespace {

namespace ex = pelsim::experiment;
namespace models = pelsim::models;

std::atomic<bool> g_stop{false};
std::atomic<int> g_signal{SIGINT};  // the signal that stopped the batch: status 128 + it

extern "C" void on_interrupt(int signal) {
  g_signal = signal;
  g_stop = true;
}

// The progress line: a bar with the ETA on a terminal, one plain line per run otherwise.
class ProgressPrinter {
 public:
  ProgressPrinter() : terminal_(::isatty(STDERR_FILENO) == 1) {}

  void operator()(const ex::BatchProgress& p) {
    if (!terminal_) {
      std::fprintf(stderr, "run %zu/%zu done (%.1f s elapsed)\n", p.done, p.total, p.elapsed_s);
      return;
    }
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(kWidth * p.done / std::max<std::size_t>(p.total, 1));
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.resize(kWidth, '.');
    std::fprintf(stderr, "\r[%s] %zu/%zu  %.0f s left   ", bar.c_str(), p.done, p.total, p.eta_s);
    if (p.done == p.total) std::fputc('\n', stderr);
    std::fflush(stderr);
  }

 private:
  bool terminal_;
};

struct RunArgs {
  std::string scenario;
  std::string out_dir;
  unsigned jobs = 0;
  bool no_plot = false;
  std::vector<std::size_t> trace_runs;
  std::string shard;  // "i/n"
  bool mpi = false;
};

// "i/n" -> (i, n); InputError otherwise.
std::pair<std::size_t, std::size_t> parse_shard(const std::string& text) {
  std::size_t i = 0, n = 0;
  char slash = 0;
  std::istringstream in(text);
  if (!(in >> i >> slash >> n) || slash != '/' || !in.eof() || n == 0 || i >= n)
    throw models::InputError("--shard " + text + ": want i/n with 0 <= i < n, e.g. 0/4");
  return {i, n};
}

// printf into a string.
template <class... Args>
std::string format(const char* pattern, Args... args) {
  char buffer[160];
  std::snprintf(buffer, sizeof buffer, pattern, args...);
  return buffer;
}

int run_scenario(const RunArgs& args) {
  const ex::Scenario scenario = ex::load_scenario(args.scenario);
  for (const std::size_t run : args.trace_runs) ex::check_trace_run(scenario, run);
  if (!args.mpi) print_warnings(scenario.warnings);  // (under MPI, rank 0 alone, at the end)
  ex::BatchOptions options;
  options.out_dir = args.out_dir;
  // Under MPI a rank runs one point at a time unless -j says otherwise: ranks are the parallelism.
  options.jobs = args.jobs != 0 ? args.jobs
                 : args.mpi     ? 1u
                                : std::max(1u, std::thread::hardware_concurrency());
  options.stop = &g_stop;
  options.on_progress = ProgressPrinter();
  const auto old_int = std::signal(SIGINT, on_interrupt);
  const auto old_term = std::signal(SIGTERM, on_interrupt);
  if (!args.shard.empty()) std::tie(options.shard_index, options.shard_count) = parse_shard(args.shard);
  if (args.mpi && !args.shard.empty()) throw models::InputError("--mpi and --shard exclude each other");
  bool root = true;
  const ex::BatchResult result =
      args.mpi ? run_batch_mpi(scenario, options, &root) : ex::run_batch(scenario, options);
  std::signal(SIGINT, old_int);
  std::signal(SIGTERM, old_term);
  // Stopped by a signal: the status a shell gives a process that signal ended (130 for
  // Ctrl-C, 143 for SIGTERM, as a batch system's time limit sends), after the journal is safe.
  const int interrupted_status = 128 + g_signal.load();
  if (!root) return result.interrupted ? interrupted_status : 0;
  if (args.mpi) print_warnings(scenario.warnings);
  if (result.interrupted) {
    std::fprintf(stderr,
                 "\npelsim: interrupted; finished runs are kept in %s/journal.csv, run the same "
                 "command again to resume\n",
                 args.out_dir.c_str());
    return interrupted_status;
  }
  if (!result.complete) {
    std::printf("%s: shard %zu/%zu: %zu runs (%zu resumed); the other shards have not all "
                "finished: run any shard again (or without --shard) once they have, to write "
                "the results\n",
                scenario.name.c_str(), options.shard_index, options.shard_count, result.total,
                result.resumed);
    return 0;
  }
  const std::size_t references = scenario.points.size() - scenario.row_count();
  std::printf("%s: %zu run%s", scenario.name.c_str(), scenario.row_count(),
              scenario.row_count() == 1 ? "" : "s");
  if (references > 0)
    std::printf(" + %zu one-core reference run%s", references, references == 1 ? "" : "s");
  // Run now by this command (this shard, or every rank of --mpi); the rest were read back
  // from journals (an earlier, interrupted run, or the other shards).
  const std::size_t run_now = result.total - result.resumed;
  std::printf(" (%zu run now, %zu read back) -> %s, %s\n", run_now,
              scenario.points.size() - run_now, result.results_csv.c_str(),
              result.summary_json.c_str());
  for (const ex::ScalingCurve& c : result.curves) {
    const ex::ScalingCurve::Point& last = c.points.back();
    const double fraction = c.weak ? c.gustafson.serial_fraction : c.amdahl.serial_fraction;
    // The makespan first: a speedup is against the curve's own 1-core time, which the swept
    // parameter changes too (checkpoints cost a core as much as many), so speedups alone can
    // rank the curves the wrong way. What cannot be computed reads n/a with the reason, not
    // nan (summary.json has null there).
    std::string speedup = "n/a (no work to speed up)";
    if (std::isfinite(last.speedup))
      // (One decimal: 0.9989 is 99.9 %, not the 100 % that means no loss at all.)
      speedup = format("%.2f (efficiency %.1f %%)", last.speedup, 100 * last.efficiency);
    std::string fit = format("%.4g", fraction);
    if (fraction < 0) fit += " (negative: superlinear speedups, e.g. faster cores added)";
    if (fraction > 1) fit += " (above 1: more cores made it slower)";
    if (!std::isfinite(fraction))
      fit = c.points.size() == 1 && c.points.front().cores <= 1
                ? "n/a (one core count: it needs runs on more than one core)"
                : "n/a (no speedup on more than one core to fit)";
    // (With a power model, the energy too: a faster run can cost more joules.)
    const std::string energy =
        std::isnan(last.energy_j) ? std::string() : format(", energy %.6g J", last.energy_j);
    std::printf("  %-40s on %.15g %s: makespan %.6g s%s, speedup %s, %s serial fraction %s\n",
                c.label.c_str(), last.cores, last.cores == 1 ? "core" : "cores", last.makespan,
                energy.c_str(), speedup.c_str(), c.weak ? "Gustafson" : "Amdahl", fit.c_str());
  }
  for (const std::size_t run : args.trace_runs) {
    const std::vector<std::string> paths = ex::write_run_traces(scenario, run, args.out_dir);
    std::printf("trace of run %zu: %s (Perfetto / chrome://tracing), %s (Paje)\n", run,
                paths[0].c_str(), paths[1].c_str());
  }
  if (scenario.plot && !args.no_plot) {
    const std::string message = write_scaling_plots(scenario, result.summary_json, args.out_dir);
    std::printf("%s\n", message.c_str());
  }
  return 0;
}

}  // namespace

void add_run(CLI::App& app, Action& action) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* run = app.add_subcommand("run", "Run a YAML scenario's sweep: results.csv, summary.json and scaling plots in --out");
  run->add_option("SCENARIO", args->scenario, "scenario file (YAML, see docs/scenarios.md)")->required();
  run->add_option("--out,-o", args->out_dir, "results directory (created; an interrupted run in it is resumed)")
      ->required();
  run->add_option("--jobs,-j", args->jobs,
                  "runs in parallel (default, or 0: one per hardware thread)")
      ->transform(whole_number("a number of parallel runs", 0, 1u << 16));
  run->add_option("--shard", args->shard,
                  "run only shard i/n of the points (job arrays); shards share --out, and the last to finish writes the results");
  run->add_flag("--mpi", args->mpi,
                "spread the points over MPI ranks (mpirun -n K pelsim run ... --mpi); rank 0 writes the results");
  run->add_flag("--no-plot", args->no_plot, "do not write scaling.svg / scaling.png");
  run->add_option("--trace-run", args->trace_runs,
                  "also write trace-ID.json (Perfetto) and trace-ID.paje for run ID (the run "
                  "column of results.csv; repeatable)")
      ->check(CLI::Validator(
          [](std::string& v) -> std::string {
            return v.find_first_not_of("0123456789") == std::string::npos && !v.empty()
                       ? ""
                       : "'" + v + "' is not a run number (0, 1, ...)";
          },
          "RUN"))
      ->allow_extra_args(false);  // one value per occurrence: a SCENARIO after it stays one
  run->callback([args, &action] { action = [args] { return run_scenario(*args); }; });

  auto check_path = std::make_shared<std::string>();
  CLI::App* check = app.add_subcommand("check", "Validate a YAML scenario (schema, units, names, workloads) without running it");
  check->add_option("SCENARIO", *check_path, "scenario file")->required();
  check->callback([check_path, &action] {
    action = [check_path] {
      const ex::Scenario s = ex::load_scenario(*check_path);
      print_warnings(s.warnings);
      const std::size_t curves = s.curve_labels.size();
      const std::size_t references = s.points.size() - s.row_count();
      std::printf("%s: ok, %zu run%s (+%zu one-core reference run%s), %zu curve%s\n",
                  check_path->c_str(), s.row_count(), s.row_count() == 1 ? "" : "s", references,
                  references == 1 ? "" : "s", curves, curves == 1 ? "" : "s");
      return 0;
    };
  });
}

}  // namespace pelsim::cli
