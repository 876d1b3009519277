// The `<config>` element of a SimGrid platform file: SimGrid options set by the file.
// Internal to models/.
#pragma once

#include <cstdint>
#include <string>

#include "xml_tokenizer.hpp"

namespace pelsim::models {

/// Reads the `<config>` element just opened (its `<prop id value>` children) and accepts it
/// when pelsim computes what SimGrid would with those options: options that change nothing
/// pelsim computes (tracing, paths, solver precision and optimisations, SMPI application
/// options) are ignored; options of the network and CPU models must keep
/// the values pelsim's model is (SimGrid's CM02 without TCP window, cross-traffic or factors:
/// docs/models/simgrid-platforms.md). Throws InputError(path, line, reason) otherwise, or on
/// an option pelsim does not know (listing the known ones). Returns the line of a
/// `cpu/optim` of `TI` (0 if none): SimGrid refuses it with multi-core hosts, which the caller
/// checks once it has read them.
std::uint32_t read_simgrid_config(XmlTokenizer& xml, const std::string& path);

}  // namespace pelsim::models
