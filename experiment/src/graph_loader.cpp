#include "pelsim/experiment/graph_loader.hpp"

#include <cstdio>
#include <cstring>
#include <fstream>

#include "pelsim/models/dot_reader.hpp"
#include "pelsim/models/error.hpp"

namespace pelsim::experiment {
namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// The format from the file's extension, or by sniffing its first bytes.
std::string detect_format(const std::string& path) {
  if (ends_with(path, ".dot") || ends_with(path, ".gv")) return "dot";
  std::ifstream in(path, std::ios::binary);
  if (!in) throw models::InputError(path, 0, std::string("cannot open file: ") + std::strerror(errno));
  char head[512] = {};
  in.read(head, sizeof head - 1);
  const std::string text(head, static_cast<std::size_t>(in.gcount()));
  if (text.find("digraph") != std::string::npos) return "dot";
  throw models::InputError(path, 0,
                           "cannot tell the file's format from its name or content (known: " +
                               join(known_graph_formats()) + ")");
}

}  // namespace

const std::vector<std::string>& known_graph_formats() {
  static const std::vector<std::string> formats{"dot"};
  return formats;
}

models::TaskGraph load_graph(const std::string& path, const std::string& format) {
  const std::string chosen = format == "auto" ? detect_format(path) : format;
  if (chosen == "dot") return models::read_dot_file(path);
  throw models::InputError(
      models::unknown_name_message("graph format", chosen, join(known_graph_formats())));
}

}  // namespace pelsim::experiment
