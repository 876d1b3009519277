#include "workload_cache.hpp"

#include <cstdio>
#include <filesystem>

#include "pelsim/experiment/graph_loader.hpp"
#include "pelsim/models/error.hpp"
#include "pelsim/models/generators.hpp"
#include "pelsim/models/units.hpp"
#include "yaml_graph.hpp"

namespace pelsim::experiment::detail {

namespace m = pelsim::models;

namespace {

const std::vector<std::string> kWorkloadKeys{"file",      "format", "reference_speed", "root_end",
                                             "generator", "params", "tasks",           "edges"};

}  // namespace

std::shared_ptr<const m::TaskGraph> WorkloadCache::load(const YAML::Node& w, std::uint64_t seed) {
  if (!w.IsDefined() || w.IsNull())
    reader_.fail(w,
                 "the scenario has no workload (give workload.file, workload.generator or "
                 "workload.tasks)");
  if (w.IsScalar())  // `workload: graph.dot`: say how to write it
    reader_.fail(w, "workload is a map: for a file, write `workload: {file: " + w.Scalar() +
                        "}` (or give workload.generator or workload.tasks)");
  reader_.expect_map(w, kWorkloadKeys, "workload");
  const int kinds =
      int{w["file"].IsDefined()} + int{w["generator"].IsDefined()} + int{w["tasks"].IsDefined()};
  if (kinds != 1)
    reader_.fail(w, "a workload is exactly one of: file, generator, tasks (an inline graph)");
  if (w["file"].IsDefined()) return from_file(w);
  if (w["generator"].IsDefined()) return from_generator(w, seed);
  return from_inline(w);
}

std::shared_ptr<const m::TaskGraph> WorkloadCache::from_file(const YAML::Node& w) {
  for (const char* other : {"params", "edges", "generator"})
    if (w[other].IsDefined()) reader_.fail(w[other], std::string(other) + " is not used with file");
  const std::string written = reader_.text(w["file"], "workload.file");
  std::filesystem::path path(written);
  if (path.is_relative()) path = std::filesystem::path(base_dir_) / path;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    reader_.fail(w["file"], "cannot read workload file '" + written + "' (looked for " +
                                std::filesystem::absolute(path, ec).lexically_normal().string() +
                                ")");
  const std::string format =
      w["format"].IsDefined() ? reader_.text(w["format"], "workload.format") : "auto";
  // The file's format, for the keys that apply to some formats only.
  const auto chosen_format = [&] {
    try {
      return graph_format_of(path.lexically_normal().string(), format);
    } catch (const m::InputError& e) {
      reader_.fail(w["file"], e.reason());
    }
  };
  double reference_speed = 0;  // 0: the format's own (the recorded machines for WfCommons)
  if (const YAML::Node rs = w["reference_speed"]; rs.IsDefined()) {
    reference_speed = reader_.quantity(rs, m::Quantity::kSpeed, "workload.reference_speed");
    if (!(reference_speed > 0)) reader_.fail(rs, "workload.reference_speed must be > 0");
    const std::string chosen = chosen_format();
    // (An error only if no run reads runtimes at one: refuse_unused_reference_speeds(), after
    // every run. A sweep may give one to DOT and DAX files alike, zipped or not.)
    if (chosen == "dot" || chosen == "yaml" || chosen == "simgrid_json") {
      if (unused_with_.empty()) {  // (the first one)
        unused_reference_speed_.reset(reader_.place_of(rs));
        unused_with_ = chosen;
      }
      reference_speed = 0;  // (the work is in flops)
    } else {
      reference_speed_used_ = true;
    }
  }
  bool root_end = false;  // SimGrid's root and end tasks, for a DAX (an error if no run has one)
  if (const YAML::Node re = w["root_end"];
      re.IsDefined() && reader_.boolean(re, "workload.root_end")) {
    root_end = true;
    const std::string chosen = chosen_format();
    if (chosen == "dax") {
      root_end_used_ = true;
    } else {
      if (unused_root_end_with_.empty()) {
        unused_root_end_.reset(reader_.place_of(re));
        unused_root_end_with_ = chosen;
      }
      root_end = false;
    }
  }
  char speed_text[32];
  std::snprintf(speed_text, sizeof speed_text, "%.17g", reference_speed);
  const std::string key = "file\x1f" + path.lexically_normal().string() + "\x1f" + format + "\x1f" +
                          speed_text + (root_end ? "\x1fre" : "");
  auto& slot = cache_[key];
  if (!slot) {
    try {
      slot = std::make_shared<const m::TaskGraph>(
          load_graph(path.lexically_normal(), format, reference_speed, root_end, &warnings_));
      files_.insert(path.lexically_normal().string());
    } catch (const m::InputError& e) {
      if (!e.file().empty()) throw;  // an error inside the workload file names its own place
      reader_.fail(w["file"], e.reason());
    }
  }
  return slot;
}

void WorkloadCache::refuse_unused_root_ends() const {
  if (!root_end_used_ && !unused_root_end_with_.empty())
    reader_.fail(unused_root_end_,
                 "workload.root_end adds SimGrid's root and end tasks to a DAX (staging its "
                 "files), not to a " +
                     unused_root_end_with_ + " graph");
}

void WorkloadCache::refuse_unused_reference_speeds() const {
  if (!reference_speed_used_ && !unused_with_.empty())
    reader_.fail(unused_reference_speed_,
                 "workload.reference_speed applies to runtimes (wfcommons, dax, stg), not to a " +
                     unused_with_ + " graph, whose work is in flops");
}

std::shared_ptr<const m::TaskGraph> WorkloadCache::from_generator(const YAML::Node& w,
                                                                  std::uint64_t seed) {
  for (const char* other : {"format", "edges", "reference_speed", "root_end"})
    if (w[other].IsDefined())
      reader_.fail(w[other], std::string(other) + " is not used with generator");
  const std::string kind = reader_.text(w["generator"], "workload.generator");
  const m::GeneratorInfo* info = nullptr;
  try {
    info = &m::find_generator(kind);
  } catch (const m::InputError& e) {
    reader_.fail(w["generator"], e.reason());
  }
  m::GeneratorParams params;
  params.seed = seed;
  std::string key = "gen\x1f" + kind;
  if (const YAML::Node p = w["params"]; p.IsDefined()) {
    std::vector<std::string> names;
    for (const m::GeneratorParameter& gp : info->parameters) names.push_back(gp.name);
    reader_.expect_map(p, names, "the parameters of generator '" + kind + "'");
    for (auto it = p.begin(); it != p.end(); ++it) {
      const std::string name = it->first.Scalar();
      const auto unit = m::generator_parameter_unit(name);  // work in flops, sizes in bytes
      params.values[name] = unit ? reader_.quantity(it->second, *unit, "workload.params." + name)
                                 : reader_.number(it->second, "workload.params." + name);
    }
  }
  for (const auto& [name, value] : params.values)
    key += "\x1f" + name + "=" + std::to_string(value);
  if (info->random) key += "\x1fseed=" + std::to_string(seed);
  auto& slot = cache_[key];
  if (!slot) {
    try {
      slot = std::make_shared<const m::TaskGraph>(m::generate(kind, params));
    } catch (const m::InputError& e) {
      reader_.fail(w["params"].IsDefined() ? w["params"] : w["generator"], e.reason());
    }
  }
  return slot;
}

std::shared_ptr<const m::TaskGraph> WorkloadCache::from_inline(const YAML::Node& w) {
  for (const char* other : {"format", "params", "reference_speed", "root_end"})
    if (w[other].IsDefined())
      reader_.fail(w[other], std::string(other) + " is not used with an inline graph");
  const std::string key = "inline\x1f" + YAML::Dump(w);
  auto& slot = cache_[key];
  if (!slot) slot = std::make_shared<const m::TaskGraph>(build_inline_graph(reader_, w));
  return slot;
}

}  // namespace pelsim::experiment::detail
