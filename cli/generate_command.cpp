// `pelsim generate`: writes a generated task graph as a DOT file (SimGrid's convention), or
// lists the generator kinds with their parameters.
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "commands.hpp"
#include "pelsim/experiment/atomic_file.hpp"
#include "pelsim/models/dot_writer.hpp"
#include "pelsim/models/error.hpp"
#include "pelsim/models/generators.hpp"

namespace pelsim::cli {
namespace {

namespace m = pelsim::models;

struct GenerateArgs {
  std::string kind;
  std::vector<std::string> params;
  std::uint64_t seed = 1;
  std::string output;
  bool list = false;
};

// "name=value" -> (name, value); the value is a plain number (1e9, 0.25), or for work and
// sizes a quantity with its unit (2Gflop, 64KiB).
std::pair<std::string, double> parse_param(const std::string& text) {
  const std::size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0)
    throw m::InputError("--param " + text + ": expected name=value");
  const std::string name = text.substr(0, eq);
  const std::string value = text.substr(eq + 1);
  if (const auto unit = m::generator_parameter_unit(name)) {
    try {
      return {name, m::parse_quantity(value, *unit)};
    } catch (const m::InputError& e) {
      throw m::InputError("--param " + text + ": " + e.reason());
    }
  }
  char* end = nullptr;
  errno = 0;
  const double x = std::strtod(value.c_str(), &end);
  if (value.empty() || end != value.c_str() + value.size() || errno == ERANGE)
    throw m::InputError("--param " + text + ": '" + value + "' is not a number");
  return {name, x};
}

std::string number(double x) {
  char text[32];
  std::snprintf(text, sizeof text, "%.10g", x);
  return text;
}

void print_list() {
  std::printf("generator kinds (pelsim generate KIND --param name=value ... [--seed S]):\n");
  for (const m::GeneratorInfo& g : m::generators()) {
    std::printf("  %-21s %s%s\n", g.name.c_str(), g.description.c_str(),
                g.random ? " [seeded]" : "");
    for (const m::GeneratorParameter& p : g.parameters) {
      const std::string def = p.name + "=" + number(p.default_value);
      std::printf("      %-22s %s\n", def.c_str(), p.description.c_str());
    }
  }
}

int run_generate(const GenerateArgs& args) {
  if (args.list) {
    print_list();
    return 0;
  }
  if (args.kind.empty())
    throw m::InputError("generate needs a KIND (known: " + m::generator_names() +
                        "; see `pelsim generate --list`)");
  m::GeneratorParams params;
  params.seed = args.seed;
  for (const std::string& text : args.params) {
    const auto [name, value] = parse_param(text);
    if (!params.values.emplace(name, value).second)
      throw m::InputError("--param " + name + " is given twice");
  }
  if (args.output.empty()) throw m::InputError("generate needs -o FILE (or -o - for stdout)");
  const m::TaskGraph graph = m::generate(args.kind, params);

  std::string header = "// pelsim generate " + args.kind;
  for (const std::string& text : args.params) header += " --param " + text;
  if (m::find_generator(args.kind).random) header += " --seed " + std::to_string(args.seed);
  header += "\n";
  if (args.output == "-") {
    std::cout << header;
    m::write_dot(std::cout, graph);
    std::cout.flush();
    if (!std::cout) throw m::InputError("-: cannot write to standard output");
    return 0;
  }
  experiment::AtomicFile file(args.output);
  file.stream() << header;
  m::write_dot(file.stream(), graph);
  file.commit();
  std::printf("%s: %u tasks, %u edges\n", args.output.c_str(), graph.task_count(),
              graph.edge_count());
  return 0;
}

}  // namespace

void add_generate(CLI::App& app, Action& action) {
  auto args = std::make_shared<GenerateArgs>();
  CLI::App* cmd = app.add_subcommand(
      "generate", "Write a generated task graph (chain, layered, fft, cholesky, ...) as DOT");
  cmd->add_option("KIND", args->kind, "generator kind (see --list)");
  cmd->add_option("--param,-P", args->params, "a parameter of the kind, name=value (repeatable)")
      ->allow_extra_args(false);
  cmd->add_option("--seed", args->seed, "seed of the random kinds (0 to 2^53)")
      ->transform(whole_number("a seed", 0, std::uint64_t{1} << 53))
      ->capture_default_str();
  cmd->add_option("--output,-o", args->output,
                  "DOT file to write (- for standard output); required unless --list");
  cmd->add_flag("--list", args->list, "list the kinds, their parameters and defaults");
  cmd->callback([args, &action] { action = [args] { return run_generate(*args); }; });
}

}  // namespace pelsim::cli
