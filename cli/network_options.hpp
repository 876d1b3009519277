// Command-line options of the network (shared by `simulate` and `platform`).
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "pelsim/experiment/network_config.hpp"

namespace pelsim::cli {

/// The network options as typed (quantities still text, e.g. "1us"), registered by add().
struct NetworkArgs {
  std::string
      network;  ///< empty: flow when a topology or platform is given, else latency_bandwidth
  std::string latency = "1e-6";
  std::string bandwidth = "1e9";
  std::string topology;
  std::uint32_t nodes = 0;
  std::uint32_t cores_per_node = 1;
  std::vector<std::uint32_t> dims;
  std::string topology_params;
  std::string nic_latency, nic_bandwidth;
  std::string intra_latency, intra_bandwidth;
  bool intra_private = false;
  std::string flow_model;  // cm02 | lv08; empty: cm02
  std::vector<std::string> simgrid_cfg;  // SimGrid's --cfg options, "name:value" each
  bool same_core_transfers = false;
  std::string platform_path;

  void add(CLI::App& cmd);
  /// Registers only --network (default `default_network`), --latency and --bandwidth, for a
  /// command whose cores come from elsewhere (replay: the recorded machines); flow is then the
  /// default crossbar, its nodes given by that command (replay: one per machine). model()
  /// refuses ignored options as with add().
  void add_without_platform(CLI::App& cmd, const std::string& default_network);
  /// The cores implied by --nodes and --cores-per-node (0 without --nodes); throws
  /// models::InputError when --cores contradicts them.
  std::uint32_t cores(std::uint32_t given_cores) const;
  /// Network model name, per-link latency and bandwidth, and flow options, checked. model()
  /// also refuses options the model would ignore (a flow option without the flow network,
  /// --latency on the ideal one, a network option beside --platform, --dims on a topology
  /// without dims, ...), naming them.
  std::string model() const;
  double latency_s() const;
  double bandwidth_bps() const;
  experiment::FlowOptions flow() const;

 private:
  // Whether `option` was given (false when the command does not have it).
  bool given(const char* option) const {
    const CLI::Option* o = cmd_ ? cmd_->get_option_no_throw(option) : nullptr;
    return o != nullptr && o->count() > 0;
  }
  void add_model_options(CLI::App& cmd);  // --latency and --bandwidth
  void refuse_ignored(const std::string& model) const;
  const CLI::App* cmd_ = nullptr;
};

}  // namespace pelsim::cli
