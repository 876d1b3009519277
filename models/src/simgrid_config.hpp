// The `<config>` element of a SimGrid platform file: SimGrid options set by the file.
// Internal to models/.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <span>
#include <string>

#include "pelsim/models/flow_model.hpp"
#include "xml_tokenizer.hpp"

namespace pelsim::models {

/// What a platform's `<config>` sets.
struct SimgridConfig {
  /// The options set so far, by name: SimGrid skips an option set already (by its command line
  /// or an earlier <config> entry: "The custom configuration '...' is already defined by
  /// user!"), whatever its value.
  std::set<std::string, std::less<>> given;
  /// A `<config>` entry (not the command line) set an option of the network model.
  bool file_sets_model = false;
  /// Who set `cpu/optim` to `TI` ("<config>" or "--cfg"; "" if nobody), and the line of the
  /// <config> entry: SimGrid refuses it with multi-core hosts, which the caller checks once it
  /// has read them.
  std::string cpu_ti;
  std::uint32_t cpu_ti_line = 0;
  /// The network model's options the file sets, each unset when it does not (as in SimGrid,
  /// the first value the file gives an option wins over later ones).
  std::string model;  ///< network/model: "CM02", "LV08", or "" (unset)
  std::optional<double> tcp_gamma, latency_factor, bandwidth_factor, weight_s;
  std::optional<bool> crosstraffic;
  /// When the file sets any of those: SimGrid's model with them, SimGrid's defaults for the
  /// others (LV08, TCP-gamma 4194304, cross-traffic on; the model sets the factors and
  /// weight-S). Unset otherwise.
  std::optional<FlowModel> network() const;
};

/// Reads the `<config>` element just opened (its `<prop id value>` children) into `config`
/// and accepts it when pelsim computes what SimGrid would with those options: options that
/// change nothing pelsim computes (tracing, paths, solver precision and optimisations, SMPI
/// application options) are ignored; the network model's options (CM02 and LV08 with any
/// TCP-gamma, cross-traffic, factors and weight-S) are taken; other models and options must
/// keep the values pelsim's model is (docs/models/simgrid-platforms.md). Throws
/// InputError(path, line, reason) otherwise, or on an option pelsim does not know (listing
/// the known ones).
void read_simgrid_config(XmlTokenizer& xml, const std::string& path, SimgridConfig& config);

/// Sets SimGrid option `name` to `v` in `config` with the rules of read_simgrid_config() (an
/// option already set keeps its value); `source` ("<config>", "--cfg") and `line` say where it
/// was given, and `fail(reason)` (which must throw) reports an option refused.
void set_simgrid_option(const std::string& name, const std::string& v, SimgridConfig& config,
                        const std::string& source, std::uint32_t line,
                        const std::function<void(const std::string&)>& fail);

/// SimGrid's command-line options (`--cfg=name:value`, each "name:value") into `config`, before
/// any <config>; as on SimGrid's command line, the last value of an option wins. Throws
/// InputError("--cfg ...: reason") for the first entry refused.
void apply_simgrid_cfg(std::span<const std::string> cfg, SimgridConfig& config);

}  // namespace pelsim::models
