// pelsim: the command-line front end. It parses, runs one command, and maps errors to exit
// statuses: 0 ok, 2 bad input or usage (message `file:line: reason`), 1 internal error.
#include <cstdio>
#include <exception>

#include "commands.hpp"
#include "pelsim/models/error.hpp"

int main(int argc, char** argv) {
  CLI::App app{"pelsim: discrete-event simulator of parallel execution layers"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "pelsim 0.1.0");
  pelsim::cli::Action action;
  pelsim::cli::add_commands(app, action);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int status = app.exit(e);
    return status == 0 ? 0 : 2;
  }
  try {
    return action();
  } catch (const pelsim::models::InputError& e) {
    std::fprintf(stderr, "pelsim: error: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "pelsim: internal error: %s\n", e.what());
    return 1;
  }
}
