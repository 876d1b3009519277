// The subcommands of `pelsim`: each registers its options on a CLI11 app and runs.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace pelsim::cli {

/// Something to run after parsing succeeded; returns the process exit status.
using Action = std::function<int()>;

/// Adds `simulate`, `info` and `policies` to `app`; the chosen one stores its action in `action`.
void add_commands(CLI::App& app, Action& action);

/// Adds `run` (a scenario's sweep into a results directory) and `check` (validate only).
void add_run(CLI::App& app, Action& action);

/// Adds `replay` (WfCommons instances: simulated against measured makespans).
void add_replay(CLI::App& app, Action& action);

/// Adds `convert` (any readable task-graph format to DOT, YAML or WfFormat JSON).
void add_convert(CLI::App& app, Action& action);

/// Adds `platform` (what a SimGrid platform file or a --topology describes: links, routes).
void add_platform(CLI::App& app, Action& action);

/// Adds `generate` (write a generated task graph as DOT, or --list the kinds) to `app`.
void add_generate(CLI::App& app, Action& action);

/// Adds `--reference-speed S` (flop/s at which runtimes are read as work) to a command that
/// reads workloads; the text goes to `text` (empty when not given).
void add_reference_speed_option(CLI::App& cmd, std::string& text);

/// Prints the reader's warnings (`file:line: ...`) to standard error as `pelsim: warning: ...`,
/// the first 10 and how many more.
void print_warnings(const std::vector<std::string>& warnings);

/// Adds `--root-end` (a DAX gets SimGrid's root and end tasks, which stage its files) to a
/// command that reads workloads.
void add_root_end_option(CLI::App& cmd, bool& flag);

/// A check for a whole-number option from `lo` to `hi`, whose error says what the value is
/// for ("'four' is not a number of cores: give a whole number from 1 to 16777216"), where
/// CLI::Range said "Value four not in range 1 to 16777216" even when it was not a number.
CLI::Validator whole_number(const std::string& what, std::uint64_t lo, std::uint64_t hi);

/// The value of --reference-speed: 0 when not given (the format's own: recorded machine
/// speeds for WfCommons, else 1e9), else a speed > 0. Throws models::InputError naming the
/// option for a bad value.
double reference_speed_value(const std::string& text);

}  // namespace pelsim::cli
