#include "pelsim/experiment/core_types.hpp"

#include <charconv>
#include <cmath>
#include <string_view>

#include "pelsim/models/error.hpp"
#include "pelsim/models/units.hpp"

namespace pelsim::experiment {

namespace m = pelsim::models;

std::uint64_t core_type_pattern_length(const std::vector<CoreTypeSpec>& types) {
  std::uint64_t sum = 0;
  for (const CoreTypeSpec& t : types) sum += t.count;
  return sum;
}

m::Platform make_platform(std::uint32_t cores, const std::vector<double>& speeds,
                          const std::vector<CoreTypeSpec>& types) {
  if (cores == 0) throw m::InputError("cores must be at least 1");
  if (speeds.empty()) throw m::InputError("a platform needs at least one core speed");
  std::vector<double> core_speeds(cores);
  if (types.empty()) {
    for (std::uint32_t i = 0; i < cores; ++i) core_speeds[i] = speeds[i % speeds.size()];
    return m::Platform(std::move(core_speeds));
  }
  std::vector<std::uint16_t> pattern;
  std::vector<m::CoreType> model_types;
  for (std::size_t k = 0; k < types.size(); ++k) {
    if (types[k].count == 0)
      throw m::InputError("core type '" + types[k].name + "' has count 0 (need >= 1)");
    if (pattern.size() + types[k].count > (std::size_t{1} << 24))
      throw m::InputError("the core types' counts add up to more than 16777216 cores");
    pattern.insert(pattern.end(), types[k].count, static_cast<std::uint16_t>(k));
    model_types.push_back(m::CoreType{types[k].name, types[k].factors});
  }
  std::vector<std::uint16_t> core_type(cores);
  for (std::uint32_t i = 0; i < cores; ++i) {
    core_type[i] = pattern[i % pattern.size()];
    const double own = types[core_type[i]].speed;
    core_speeds[i] = own > 0 ? own : speeds[i % speeds.size()];
  }
  return m::Platform(std::move(core_speeds), std::move(model_types), std::move(core_type));
}

namespace {

std::vector<std::string_view> split(std::string_view text, char sep) {
  std::vector<std::string_view> out;
  while (true) {
    const std::size_t at = text.find(sep);
    out.push_back(text.substr(0, at));
    if (at == std::string_view::npos) break;
    text.remove_prefix(at + 1);
  }
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::vector<CoreTypeSpec> parse_core_type_options(const std::string& core_types,
                                                  const std::string& type_factors) {
  std::vector<CoreTypeSpec> out;
  if (!trim(core_types).empty()) {
    for (const std::string_view raw : split(core_types, ',')) {
      const std::string_view entry = trim(raw);
      const std::string what = "--core-types: '" + std::string(entry) + "'";
      const std::size_t colon = entry.find(':');
      if (colon == std::string_view::npos || colon == 0)
        throw m::InputError(what + " is not NAME:COUNT[@SPEED] (e.g. gpu:16@50GHz)");
      CoreTypeSpec spec;
      spec.name = std::string(trim(entry.substr(0, colon)));
      std::string_view rest = entry.substr(colon + 1);
      const std::size_t at = rest.find('@');
      const std::string_view count = trim(rest.substr(0, at));
      std::uint64_t n = 0;
      const auto [end, ec] = std::from_chars(count.data(), count.data() + count.size(), n);
      if (ec != std::errc() || end != count.data() + count.size() || n < 1 || n > (1u << 24))
        throw m::InputError(what + ": the count '" + std::string(count) +
                            "' is not a whole number from 1 to 16777216");
      spec.count = static_cast<std::uint32_t>(n);
      if (at != std::string_view::npos) {
        try {
          spec.speed = m::parse_quantity(trim(rest.substr(at + 1)), m::Quantity::kSpeed);
        } catch (const m::InputError& e) {
          throw m::InputError(what + ": " + e.reason());
        }
        if (!(spec.speed > 0) || !std::isfinite(spec.speed))
          throw m::InputError(what + ": the speed must be > 0");
      }
      for (const CoreTypeSpec& t : out)
        if (t.name == spec.name)
          throw m::InputError("--core-types: core type '" + spec.name + "' is given twice");
      out.push_back(std::move(spec));
    }
  }
  if (trim(type_factors).empty()) return out;
  if (out.empty()) out.push_back(CoreTypeSpec{"cpu", 1, 0, {}});
  for (const std::string_view raw : split(type_factors, ',')) {
    const std::string_view entry = trim(raw);
    const std::string what = "--type-factors: '" + std::string(entry) + "'";
    const std::size_t colon = entry.find(':');
    const std::size_t eq = entry.find('=');
    if (colon == std::string_view::npos || eq == std::string_view::npos || colon == 0 ||
        eq < colon + 2)
      throw m::InputError(what + " is not CORE_TYPE:TASK_TYPE=FACTOR (e.g. gpu:gemm=10)");
    const std::string core(trim(entry.substr(0, colon)));
    const std::string task(trim(entry.substr(colon + 1, eq - colon - 1)));
    const std::string_view value = trim(entry.substr(eq + 1));
    CoreTypeSpec* spec = nullptr;
    std::string known;
    for (CoreTypeSpec& t : out) {
      if (t.name == core) spec = &t;
      known += (known.empty() ? "" : ", ") + t.name;
    }
    if (spec == nullptr)
      throw m::InputError("--type-factors: " + m::unknown_name_message("core type", core, known));
    double f = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), f);
    if (ec != std::errc() || end != value.data() + value.size() || !std::isfinite(f) || !(f > 0))
      throw m::InputError(what + ": the factor '" + std::string(value) + "' is not a number > 0");
    for (const auto& [name, factor] : spec->factors)
      if (name == task)
        throw m::InputError("--type-factors: core type '" + core + "' gives task type '" + task +
                            "' two factors");
    spec->factors.emplace_back(task, f);
  }
  return out;
}

}  // namespace pelsim::experiment
