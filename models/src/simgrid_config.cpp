// SimGrid's `<config>` options (see simgrid_config.hpp; the names are SimGrid 3.32's, as its
// "Bad config key" message lists them, and their defaults are CM02's).
#include "simgrid_config.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <functional>
#include <string>
#include <string_view>
#include <system_error>

#include "pelsim/models/error.hpp"

namespace pelsim::models {
namespace {

// SimGrid 3.32 options that change nothing pelsim computes: exact names, then prefixes.
constexpr std::array<std::string_view, 5> kIgnored = {"path", "network/optim", "host/model",
                                                      "cpu/maxmin-selective-update",
                                                      "network/maxmin-selective-update"};
constexpr std::array<std::string_view, 5> kIgnoredPrefixes = {"tracing", "smpi/", "contexts/",
                                                              "exception/", "debug/"};

bool is_false(std::string_view v) {
  return v == "0" || v == "no" || v == "false" || v == "off";
}

// A plain number, or NaN.
double number(std::string_view v) {
  double x = 0;
  const auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
  return v.empty() || ec != std::errc() || ptr != v.data() + v.size() ? std::nan("") : x;
}

// SimGrid sets an option from a file only while it has its default value: the first value
// a file gives wins ("The custom configuration ... is already defined by user!").
template <class T>
void keep_first(std::optional<T>& option, T value) {
  if (!option) option = value;
}

}  // namespace

void read_simgrid_config(XmlTokenizer& xml, const std::string& path, SimgridConfig& config) {
  using Event = XmlTokenizer::Event;
  for (Event e = xml.next(); e != Event::kEnd; e = xml.next()) {
    if (e != Event::kStart) continue;
    const std::uint32_t line = xml.line();
    if (xml.name() != "prop")
      throw InputError(path, line,
                       "<" + std::string(xml.name()) + "> in <config> (it holds <prop>)");
    const std::string* id = xml.attribute("id");
    const std::string* value = xml.attribute("value");
    if (id == nullptr || value == nullptr)
      throw InputError(path, line, "<prop> in <config> needs id and value");
    const std::string name = *id;
    const std::string v = *value;
    xml.skip_element();
    set_simgrid_option(name, v, config, "<config>", line,
                       [&](const std::string& reason) { throw InputError(path, line, reason); });
  }
}

void apply_simgrid_cfg(std::span<const std::string> given, SimgridConfig& config) {
  // SimGrid splits a --cfg value on blanks and commas: "network/model:LV08,network/TCP-gamma:0"
  // is two options.
  std::vector<std::string> cfg;
  for (const std::string& text : given) {
    std::size_t from = 0;
    while (from <= text.size()) {
      const std::size_t end = std::min(text.find_first_of(" \t\n,", from), text.size());
      if (end > from) cfg.push_back(text.substr(from, end - from));
      from = end + 1;
    }
    if (text.find_first_not_of(" \t\n,") == std::string::npos) cfg.push_back(text);  // (refused)
  }
  const auto set = [](const std::string& entry, SimgridConfig& into) {
    const std::size_t colon = entry.find(':');
    if (colon == std::string::npos || colon == 0)
      throw InputError("--cfg '" + entry + "': give name:value, e.g. network/model:LV08");
    set_simgrid_option(
        entry.substr(0, colon), entry.substr(colon + 1), into, "--cfg", 0,
        [&](const std::string& reason) {
          throw InputError(reason.starts_with("--cfg") ? reason : "--cfg " + entry + ": " + reason);
        });
  };
  // Checked in order, each on its own (the first bad one is reported), then set from the last:
  // on SimGrid's command line a later value of an option replaces an earlier one
  // (set_simgrid_option keeps the first it is given).
  for (const std::string& entry : cfg) {
    SimgridConfig alone;
    set(entry, alone);
  }
  for (auto entry = cfg.rbegin(); entry != cfg.rend(); ++entry) set(*entry, config);
}

void set_simgrid_option(const std::string& name, const std::string& v, SimgridConfig& config,
                        const std::string& source, std::uint32_t line,
                        const std::function<void(const std::string&)>& fail) {
  if (config.given.contains(name)) return;  // (SimGrid: "already defined by user", skipped)
  {  // (one block, as the body of read_simgrid_config's loop was)
    const auto model_is = [&](bool pelsims, const std::string& what) {
      if (!pelsims)
        fail(source + " sets " + name + " to '" + v + "': pelsim computes " + what +
             " (see docs/models/simgrid-platforms.md); remove the option to compare with pelsim");
    };
    // A plain number in `range` (SimGrid also takes piecewise factors, "size:factor;...":
    // pelsim does not).
    const auto option_number = [&](const char* range, bool positive) {
      const double x = number(v);
      const bool factor = name.ends_with("-factor");
      if (!std::isfinite(x) || x < 0 || (positive && x == 0))
        fail(source + " " + name + " '" + v + "': pelsim takes a number " + range +
             (factor ? " here (not SimGrid's piecewise factors)" : ""));
      return x;
    };
    if (name == "network/model") {
      std::string lower = v;
      std::transform(lower.begin(), lower.end(), lower.begin(),
                     [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
      if (v != "CM02" && v != "LV08" && (lower == "cm02" || lower == "lv08"))
        fail(source + " network/model '" + v + "': SimGrid's names are CM02 and LV08, in capitals");
      model_is(v == "CM02" || v == "LV08", "SimGrid's CM02 or LV08 network model");
      if (config.model.empty()) config.model = v;
    } else if (name == "network/TCP-gamma") {
      keep_first(config.tcp_gamma, option_number(">= 0 (bytes)", false));
    } else if (name == "network/crosstraffic") {
      const bool off = is_false(v);
      if (!off && v != "1" && v != "yes" && v != "true" && v != "on")
        fail(source + " network/crosstraffic '" + v + "': give yes or no (1 or 0)");
      keep_first(config.crosstraffic, !off);
    } else if (name == "network/latency-factor") {
      keep_first(config.latency_factor, option_number("> 0", true));
    } else if (name == "network/bandwidth-factor") {
      keep_first(config.bandwidth_factor, option_number("> 0", true));
    } else if (name == "network/weight-S") {
      keep_first(config.weight_s, option_number(">= 0 (bytes)", false));
    } else if (name == "cpu/solver" || name == "network/solver" || name == "host/solver") {
      model_is(v == "maxmin", "SimGrid's maxmin sharing");
    } else if (name == "network/loopback-lat") {
      model_is(number(v) == 0, "the default loopback (network/loopback-lat 0)");
    } else if (name == "network/loopback-bw") {
      if (std::isnan(number(v)))  // (SimGrid reads a plain number: "invalid double")
        fail(source + " network/loopback-bw '" + v +
             "' is not a number (SimGrid reads it in bytes/s, without unit)");
      model_is(number(v) == 1e10, "the default loopback (network/loopback-bw 1e10)");
    } else if (name == "maxmin/precision" || name == "surf/precision") {
      // SimGrid rounds rates and dates to its precision (default 1e-5); pelsim's results are
      // SimGrid's at that precision or finer.
      model_is(number(v) > 0 && number(v) <= 1e-5,
               "SimGrid's results at a " + name + " of 1e-5 (the default) or finer");
    } else if (name == "maxmin/concurrency-limit") {
      model_is(number(v) == -1, "sharing without a concurrency limit (-1, the default)");
    } else if (name == "network/optim") {  // (changes nothing pelsim computes, but checked)
      if (v != "Lazy" && v != "Full")
        fail(source + " network/optim '" + v +
             "': SimGrid takes Lazy or Full (pelsim computes what Full does)");
    } else if (name == "cpu/optim") {
      if (v == "TI" && config.cpu_ti.empty()) {  // (checked against the hosts' cores later)
        config.cpu_ti = source;
        config.cpu_ti_line = line;
      }
      model_is(v == "Lazy" || v == "TI" || v == "Full", "SimGrid's CPU sharing");
    } else if (name == "cpu/model") {
      model_is(v == "Cas01", "SimGrid's Cas01 CPU model");
    } else if (name == "host/model") {
      model_is(v == "default" || v == "compound", "the compound host model (CPU and network)");
    } else if (std::find(kIgnored.begin(), kIgnored.end(), name) == kIgnored.end() &&
               std::none_of(kIgnoredPrefixes.begin(), kIgnoredPrefixes.end(),
                            [&](std::string_view p) { return name.starts_with(p); })) {
      fail(unknown_name_message("SimGrid option", name,
                                "network/model, network/TCP-gamma, network/crosstraffic, "
                                "network/latency-factor, network/bandwidth-factor, "
                                "network/weight-S, network/loopback-lat, network/loopback-bw, "
                                "cpu/model, host/model, cpu/solver, network/solver, "
                                "host/solver, path, maxmin/precision, surf/precision, "
                                "cpu/optim, network/optim, cpu/maxmin-selective-update, "
                                "network/maxmin-selective-update, maxmin/concurrency-limit, "
                                "tracing*, smpi/*, contexts/*, exception/*, debug/*"));
    }
  }
  config.given.insert(name);
  if (source == "<config>" && (name == "network/model" || name == "network/TCP-gamma" ||
                               name == "network/crosstraffic" || name == "network/latency-factor" ||
                               name == "network/bandwidth-factor" || name == "network/weight-S"))
    config.file_sets_model = true;
}

std::optional<FlowModel> SimgridConfig::network() const {
  if (model.empty() && !tcp_gamma && !crosstraffic && !latency_factor && !bandwidth_factor &&
      !weight_s)
    return std::nullopt;
  // SimGrid's defaults for what the file leaves out: the model sets the factors and weight-S;
  // TCP-gamma and cross-traffic have defaults of their own, whatever the model.
  FlowModel m = FlowModel::lv08();
  if (model == "CM02") {
    m.latency_factor = 1;
    m.bandwidth_factor = 1;
    m.weight_s = 0;
  }
  m.tcp_gamma = tcp_gamma.value_or(m.tcp_gamma);
  m.crosstraffic = crosstraffic.value_or(m.crosstraffic);
  m.latency_factor = latency_factor.value_or(m.latency_factor);
  m.bandwidth_factor = bandwidth_factor.value_or(m.bandwidth_factor);
  m.weight_s = weight_s.value_or(m.weight_s);
  return m;
}

}  // namespace pelsim::models
