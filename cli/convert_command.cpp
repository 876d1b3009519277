// `pelsim convert IN OUT`: any readable task-graph format to DOT, YAML or WfFormat JSON.
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "commands.hpp"
#include "pelsim/experiment/graph_loader.hpp"
#include "pelsim/experiment/graph_writers.hpp"
#include "pelsim/models/error.hpp"

namespace pelsim::cli {

namespace ex = pelsim::experiment;

void add_convert(CLI::App& app, Action& action) {
  struct Args {
    std::string in, out, from = "auto", to, reference_speed;
    bool root_end = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("convert",
                                     "Convert a task graph (DOT, WfCommons, SimGrid JSON, DAX, "
                                     "STG, YAML) to DOT, YAML or WfFormat JSON");
  cmd->add_option("IN", args->in, "task graph to read")->required();
  cmd->add_option("OUT", args->out,
                  "file to write (.dot/.gv, .yaml/.yml, .json; - for standard output, with --to)")
      ->required();
  cmd->add_option("--format", args->from,
                  "input format: auto | dot | wfcommons | simgrid_json | dax | stg | yaml")
      ->capture_default_str();
  add_reference_speed_option(*cmd, args->reference_speed);
  add_root_end_option(*cmd, args->root_end);
  cmd->add_option("--to", args->to,
                  "output format: dot | yaml | wfformat (default: from OUT's extension)");
  cmd->callback([args, &action] {
    action = [args] {
      // OUT "-": standard output (as generate -o -), the report then to standard error.
      const bool to_stdout = args->out == "-";
      if (to_stdout && args->to.empty())
        throw models::InputError(
            "-: standard output has no extension to tell the format by: give --to dot, yaml or "
            "wfformat");
      const std::string to = args->to.empty() ? ex::output_format_for(args->out) : args->to;
      std::vector<std::string> warnings, machines;
      const models::TaskGraph graph =
          ex::load_graph(args->in, args->from, reference_speed_value(args->reference_speed),
                         args->root_end, &warnings, &machines);
      if (!machines.empty())
        warnings.push_back(args->in +
                           ": the hosts its tasks are placed on (machine) are not written: "
                           "the output formats hold no placement");
      print_warnings(warnings);
      if (to_stdout) {
        ex::write_graph(std::cout, graph, to);
        std::cout.flush();
        if (!std::cout) throw models::InputError("-: cannot write to standard output");
      } else {
        ex::write_graph(args->out, graph, to);
      }
      std::fprintf(to_stdout ? stderr : stdout, "%s: %u tasks, %u edges -> %s (%s)\n",
                   args->in.c_str(), graph.task_count(), graph.edge_count(),
                   to_stdout ? "standard output" : args->out.c_str(), to.c_str());
      return 0;
    };
  });
}

}  // namespace pelsim::cli
