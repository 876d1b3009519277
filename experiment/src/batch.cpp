#include "pelsim/experiment/batch.hpp"

#include <tbb/blocked_range.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>

#include "journal.hpp"
#include "pelsim/experiment/atomic_file.hpp"
#include "pelsim/experiment/json_line.hpp"
#include "pelsim/experiment/process_stats.hpp"
#include "pelsim/experiment/trace_files.hpp"
#include "pelsim/models/csv.hpp"
#include "pelsim/models/error.hpp"
#include "pelsim/models/trace_recorder.hpp"

namespace pelsim::experiment {

namespace m = pelsim::models;
using m::csv_field;

namespace {

// Doubles as %.17g; NaN (no value) as an empty field.
std::string number(double v) {
  return std::isnan(v) ? std::string() : format_double(v);
}

void write_results(const Scenario& s, const std::map<std::size_t, RunMeasures>& done,
                   const std::string& path) {
  AtomicFile file(path);
  std::ostream& os = file.stream();
  os << "run,scenario";
  for (const std::string& c : s.sweep_columns) os << ',' << csv_field(c);
  os << ",seed,repetition,cores,makespan,lower_bound,speedup,efficiency,karp_flatt,utilisation,"
        "bytes_moved,energy_j,events,steals,failed_steals,max_link_utilisation,planned_makespan,"
        "failures,interrupted,lost_work_s,checkpoints,checkpoint_s,local_dispatches,"
        "remote_dispatches,speedup_fault_free\n";
  for (const RunPoint& p : s.points) {
    if (p.reference) continue;
    const RunMeasures& r = done.at(p.index);
    const double t1 = done.at(p.baseline).makespan;
    const double speedup = r.makespan > 0 ? t1 / r.makespan : std::nan("");
    const double cores = p.config.cores;
    os << p.index << ',' << csv_field(s.name);
    for (const std::string& v : p.values) os << ',' << csv_field(v);
    os << ',' << p.config.seed << ',' << p.repetition << ',' << p.config.cores << ','
       << number(r.makespan) << ',' << number(r.lower_bound) << ',' << number(speedup) << ','
       << number(speedup / cores) << ',' << number(karp_flatt(speedup, cores)) << ','
       << number(r.utilisation) << ',' << number(r.bytes_moved) << ',' << number(r.energy_j) << ','
       << r.events << ',' << r.steals << ',' << r.failed_steals << ','
       << number(r.max_link_utilisation) << ',' << number(r.planned_makespan) << ',' << r.failures
       << ',' << r.interrupted << ',' << number(r.lost_work) << ',' << r.checkpoints << ','
       << number(r.checkpoint_time) << ',' << r.local_dispatches << ',' << r.remote_dispatches
       << ',';
    // Against the 1-core run without faults (only for runs with faults).
    if (p.config.faults.in_use() && r.makespan > 0)
      os << number(done.at(p.clean_baseline).makespan / r.makespan);
    os << '\n';
  }
  file.commit();
}

void write_timings(const Scenario& s, const std::map<std::size_t, RunMeasures>& done,
                   const std::string& path) {
  AtomicFile file(path);
  file.stream() << "run,reference,cores,wall_s,events\n";
  for (const RunPoint& p : s.points) {
    const RunMeasures& r = done.at(p.index);
    file.stream() << p.index << ',' << (p.reference ? 1 : 0) << ',' << p.config.cores << ','
                  << format_double(r.wall_s) << ',' << r.events << '\n';
  }
  file.commit();
}

std::vector<ScalingCurve> build_curves(const Scenario& s,
                                       const std::map<std::size_t, RunMeasures>& done) {
  struct Acc {
    double makespan = 0, t1 = 0, lower_bound = 0, speedup = 0, efficiency = 0, bound = 0;
    double utilisation = 0, energy = 0;  // (energy NaN without a power model)
    int n = 0;
  };
  std::vector<std::map<double, Acc>> by_cores(s.curve_labels.size());
  std::vector<std::vector<SpeedupSample>> samples(s.curve_labels.size());
  std::vector<ScalingCurve> curves(s.curve_labels.size());
  // Weak scaling: the total work changes along the core count. Each repetition has its own
  // seed (a generated workload may differ between repetitions), so compare within one.
  std::vector<std::map<std::uint32_t, double>> first_work(curves.size());
  for (std::size_t c = 0; c < curves.size(); ++c) curves[c].label = s.curve_labels[c];
  for (const RunPoint& p : s.points) {
    if (p.reference) continue;
    const RunMeasures& r = done.at(p.index);
    const double t1 = done.at(p.baseline).makespan;
    const double cores = p.config.cores;
    const double speedup = t1 / r.makespan;
    Acc& a = by_cores[p.curve][cores];
    a.makespan += r.makespan;
    a.t1 += t1;
    a.lower_bound += r.lower_bound;
    a.speedup += speedup;
    a.efficiency += speedup / cores;
    a.bound += t1 / r.lower_bound;
    a.utilisation += r.utilisation;
    a.energy += r.energy_j;
    ++a.n;
    samples[p.curve].push_back({cores, speedup});
    const auto [first, added] = first_work[p.curve].emplace(p.repetition, r.total_work);
    if (!added && r.total_work != first->second) curves[p.curve].weak = true;
  }
  for (std::size_t c = 0; c < curves.size(); ++c) {
    for (const auto& [cores, a] : by_cores[c])
      curves[c].points.push_back({cores, a.makespan / a.n, a.t1 / a.n, a.lower_bound / a.n,
                                  a.speedup / a.n, a.efficiency / a.n, a.bound / a.n,
                                  a.utilisation / a.n, a.energy / a.n});
    curves[c].amdahl = fit_amdahl(samples[c]);
    curves[c].gustafson = fit_gustafson(samples[c]);
  }
  return curves;
}

nlohmann::ordered_json fit_json(const SerialFractionFit& f) {
  auto num = [](double v) {
    return std::isnan(v) ? nlohmann::ordered_json() : nlohmann::ordered_json(v);
  };
  return {{"serial_fraction", num(f.serial_fraction)},
          {"std_error", num(f.std_error)},
          {"ci95", {num(f.ci95_low), num(f.ci95_high)}},
          {"points", f.points}};
}

void write_summary(const Scenario& s, const std::vector<ScalingCurve>& curves,
                   const std::string& path) {
  char fingerprint[17];
  std::snprintf(fingerprint, sizeof fingerprint, "%016" PRIx64, s.fingerprint);
  nlohmann::ordered_json j;
  j["scenario"] = s.name;
  j["description"] = s.description;
  j["fingerprint"] = fingerprint;
  j["runs"] = s.row_count();
  j["curve_parameters"] = s.sweep_columns;  // the swept parameters that name the curves
  j["curves"] = nlohmann::ordered_json::array();
  for (const ScalingCurve& c : curves) {
    nlohmann::ordered_json cj;
    cj["label"] = c.label;
    cj["scaling"] = c.weak ? "weak" : "strong";
    // Amdahl's law describes fixed-size (strong) scaling, Gustafson's scaled (weak) scaling.
    cj["amdahl"] = c.weak ? nlohmann::ordered_json() : fit_json(c.amdahl);
    cj["gustafson"] = c.weak ? fit_json(c.gustafson) : nlohmann::ordered_json();
    cj["points"] = nlohmann::ordered_json::array();
    for (const ScalingCurve::Point& p : c.points)
      cj["points"].push_back(
          {{"cores", static_cast<std::uint64_t>(p.cores)},  // (whole)
           {"makespan", p.makespan},
           {"t1", p.t1},
           {"lower_bound", p.lower_bound},
           {"speedup", p.speedup},
           {"efficiency", p.efficiency},
           {"bound_speedup", p.bound_speedup},
           {"utilisation", p.utilisation},
           {"energy_j", std::isnan(p.energy_j) ? nlohmann::ordered_json()
                                               : nlohmann::ordered_json(p.energy_j)}});
    j["curves"].push_back(std::move(cj));
  }
  AtomicFile file(path);
  file.stream() << j.dump(2) << '\n';
  file.commit();
}

}  // namespace

BatchResult run_batch(const Scenario& s, const BatchOptions& options) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(options.out_dir, ec);
  if (ec) throw m::InputError(options.out_dir, 0, "cannot create the directory: " + ec.message());
  const fs::path dir(options.out_dir);

  if (options.shard_count == 0 || options.shard_index >= options.shard_count)
    throw m::InputError("bad shard " + std::to_string(options.shard_index) + "/" +
                        std::to_string(options.shard_count) + " (want i/n with 0 <= i < n)");
  detail::Journal journal(options.out_dir, s.fingerprint, s.points.size(), options.shard_index,
                          options.shard_count);
  auto in_shard = [&](std::size_t index) {
    return index % options.shard_count == options.shard_index;
  };
  BatchResult result;
  std::vector<std::size_t> pending;
  for (const RunPoint& p : s.points) {
    if (!in_shard(p.index)) continue;
    ++result.total;
    if (!journal.finished().count(p.index)) pending.push_back(p.index);
  }
  result.resumed = result.total - pending.size();

  const double start = monotonic_seconds();
  std::mutex progress_mutex;
  std::size_t done = result.resumed, executed = 0;
  std::exception_ptr failure;
  std::atomic<bool> failed{false};
  auto stopped = [&] { return failed.load() || (options.stop && options.stop->load()); };

  // -j beyond the hardware threads is the user's call (runs waiting on I/O, a shared node's
  // allotment): raise TBB's limit to it, which otherwise caps the workers at one per hardware
  // thread and prints a warning of its own on standard error. (The limit is the process's:
  // two batches at once in one process, which no front end runs, would share the smaller.)
  const int jobs = static_cast<int>(std::max(1u, options.jobs));
  const tbb::global_control allow(tbb::global_control::max_allowed_parallelism,
                                  static_cast<std::size_t>(jobs));
  tbb::task_arena arena(jobs);
  arena.execute([&] {
    tbb::parallel_for(
        tbb::blocked_range<std::size_t>(0, pending.size(), 1),
        [&](const tbb::blocked_range<std::size_t>& range) {
          for (std::size_t k = range.begin(); k != range.end(); ++k) {
            if (stopped()) return;
            RunMeasures r;
            try {
              r = run_point(s.points[pending[k]].config);
              journal.append(pending[k], r);
            } catch (...) {
              const std::lock_guard<std::mutex> lock(progress_mutex);
              if (!failure) failure = std::current_exception();
              failed = true;
              return;
            }
            const std::lock_guard<std::mutex> lock(progress_mutex);
            ++done;
            ++executed;
            if (options.on_progress) {
              const double elapsed = monotonic_seconds() - start;
              options.on_progress({pending[k], r, done, result.total, result.resumed, elapsed,
                                   elapsed / static_cast<double>(executed) *
                                       static_cast<double>(result.total - done)});
            }
          }
        },
        tbb::simple_partitioner());
  });
  if (failure) std::rethrow_exception(failure);
  for (const auto& [index, r] : journal.finished())
    if (in_shard(index)) result.records += detail::Journal::format_record(index, r);
  if (done < result.total) {
    result.interrupted = true;
    return result;
  }
  // Other shards' runs that ended while this one ran (shards finishing together: the last to
  // look sees them all and writes the results).
  if (journal.finished().size() < s.points.size()) journal.refresh();
  if (journal.finished().size() < s.points.size()) return result;  // other shards still run
  result.complete = true;

  result.results_csv = (dir / "results.csv").string();
  result.summary_json = (dir / "summary.json").string();
  write_results(s, journal.finished(), result.results_csv);
  write_timings(s, journal.finished(), (dir / "timings.csv").string());
  result.curves = build_curves(s, journal.finished());
  write_summary(s, result.curves, result.summary_json);
  return result;
}

void import_records(const Scenario& s, const std::string& out_dir, const std::string& records) {
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  detail::Journal journal(out_dir, s.fingerprint, s.points.size());
  std::istringstream lines(records);
  for (std::string line; std::getline(lines, line);) {
    std::size_t index = 0;
    RunMeasures r;
    if (!detail::Journal::parse_record(line, index, r) || index >= s.points.size())
      throw m::InputError("not a run record of this scenario: '" + line + "'");
    journal.append(index, r);
  }
}

void check_trace_run(const Scenario& s, std::size_t run) {
  if (run >= s.points.size() || s.points[run].reference)
    throw m::InputError("--trace-run " + std::to_string(run) + ": the scenario has runs 0 to " +
                        std::to_string(s.row_count() - 1) + " (the run column of results.csv)");
}

std::vector<std::string> write_run_traces(const Scenario& s, std::size_t run,
                                          const std::string& out_dir) {
  check_trace_run(s, run);
  const RunConfig& c = s.points[run].config;
  m::TraceRecorder recorder(c.graph->task_count(), c.cores, /*record_transfers=*/true);
  run_point(c, &recorder);
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  const std::filesystem::path dir(out_dir);
  const std::string stem = "trace-" + std::to_string(run);
  std::vector<std::string> paths{(dir / (stem + ".json")).string(),
                                 (dir / (stem + ".paje")).string()};
  write_chrome_trace(paths[0], *c.graph, recorder);
  write_paje_trace(paths[1], *c.graph, recorder);
  return paths;
}

}  // namespace pelsim::experiment
