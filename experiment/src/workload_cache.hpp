// The `workload:` section of a scenario: a file, a generator or an inline graph, loaded once
// per distinct description and shared by every run that uses it (internal).
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>

#include "pelsim/models/task_graph.hpp"
#include "yaml_reader.hpp"

namespace pelsim::experiment::detail {

/// Loads workloads described by YAML nodes, caching them by description (and by seed for
/// the random generators). Paths are relative to `base_dir` (the scenario's directory).
class WorkloadCache {
 public:
  WorkloadCache(const YamlReader& reader, std::string base_dir)
      : reader_(reader), base_dir_(std::move(base_dir)) {}

  std::shared_ptr<const models::TaskGraph> load(const YAML::Node& workload, std::uint64_t seed);

  /// The readers' warnings about the files read so far (each file read once).
  const std::vector<std::string>& warnings() const { return warnings_; }
  /// The workload files read so far (their paths as opened).
  const std::set<std::string>& files() const { return files_; }

  /// Fails at a workload.reference_speed that no workload loaded so far used: one given with
  /// DOT or YAML files only, whose work is in flops. (With some file that has runtimes, such as a
  /// sweep over a DOT and a WfCommons file, it is fine: it applies to that one.)
  void refuse_unused_reference_speeds() const;
  /// Fails at a workload.root_end given when no workload loaded so far is a DAX.
  void refuse_unused_root_ends() const;

 private:
  std::shared_ptr<const models::TaskGraph> from_file(const YAML::Node& w);
  std::shared_ptr<const models::TaskGraph> from_generator(const YAML::Node& w, std::uint64_t seed);
  std::shared_ptr<const models::TaskGraph> from_inline(const YAML::Node& w);

  const YamlReader& reader_;
  std::string base_dir_;
  std::map<std::string, std::shared_ptr<const models::TaskGraph>> cache_;
  std::set<std::string> files_;
  std::vector<std::string> warnings_;
  // workload.reference_speed: whether some run read runtimes at one; else where the first one
  // was written (the value, or the sweep's entry for a value it built) and the format of the
  // file without runtimes it came with ("": none yet).
  bool reference_speed_used_ = false;
  // workload.root_end: the same for DAX files.
  bool root_end_used_ = false;
  YAML::Node unused_root_end_;
  std::string unused_root_end_with_;
  YAML::Node unused_reference_speed_;
  std::string unused_with_;
};

}  // namespace pelsim::experiment::detail
