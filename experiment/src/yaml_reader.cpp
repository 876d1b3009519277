#include "yaml_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "pelsim/models/error.hpp"

namespace pelsim::experiment::detail {

namespace m = pelsim::models;

namespace {

// (An absent key of a const map is an "invalid" node: every question but IsDefined() throws.)
std::string kind_of(const YAML::Node& n) {
  if (!n.IsDefined()) return "nothing";
  switch (n.Type()) {
    case YAML::NodeType::Map: return "a map";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Null: return "nothing";
    case YAML::NodeType::Undefined: return "nothing";
    case YAML::NodeType::Scalar: return "'" + n.Scalar() + "'";
  }
  return "something else";
}

// Line n (from 1) of `text`, without its line end; empty past the end.
std::string_view line_of(std::string_view text, std::size_t n) {
  std::size_t at = 0;
  for (std::size_t k = 1; k < n && at != std::string_view::npos; ++k) {
    at = text.find('\n', at);
    if (at != std::string_view::npos) ++at;
  }
  if (at == std::string_view::npos || at >= text.size()) return {};
  std::string_view line = text.substr(at, text.find('\n', at) - at);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

bool indented_with_tab(std::string_view line) {
  const std::size_t first = line.find_first_not_of(" \t");
  return line.substr(0, first).find('\t') != std::string_view::npos;
}

bool blank_or_comment(std::string_view line) {
  const std::size_t first = line.find_first_not_of(" \t");
  return first == std::string_view::npos || line[first] == '#';
}

// What most often causes yaml-cpp's error `why` at `line` of a hand-written file, as a hint
// to append, or "".
std::string syntax_hint(std::string_view text, std::size_t line, const std::string& why) {
  const bool structure = why == "illegal map value" || why == "end of map not found" ||
                         why == "end of sequence not found" || why == "illegal block entry" ||
                         why.starts_with("block sequence entries are not allowed");
  if (!structure) return "";
  // A tab in the indentation of the line, or of the last line with content before it (YAML
  // indents with spaces only; yaml-cpp reports what the tab broke).
  std::size_t before = line - 1;
  while (before > 0 && blank_or_comment(line_of(text, before))) --before;
  for (const std::size_t n : {line, before})
    if (n > 0 && !blank_or_comment(line_of(text, n)) && indented_with_tab(line_of(text, n)))
      return " (line " + std::to_string(n) +
             " is indented with a tab: YAML indents with spaces only)";
  const std::string_view here = line_of(text, line);
  const std::size_t colon = here.find(": ");
  if (why == "illegal map value" && colon != std::string_view::npos &&
      here.find(": ", colon + 2) != std::string_view::npos)
    return " (a value holding ': ' must be quoted: key: \"a: b\"; or check the indentation)";
  return " (check the indentation here and on the lines above: the keys of one map, and the "
         "items of one list, start in the same column)";
}

}  // namespace

YAML::Node YamlReader::load(const std::string& text) const {
  try {
    return YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    const auto line = static_cast<std::size_t>(e.mark.line) + 1;
    throw m::InputError(file_, line, static_cast<std::size_t>(e.mark.column) + 1,
                        e.msg + syntax_hint(text, line, e.msg));
  }
}

std::string join(const std::vector<std::string>& words, const char* separator) {
  std::string out;
  for (const std::string& w : words) {
    if (!out.empty()) out += separator;
    out += w;
  }
  return out;
}

void YamlReader::fail(const YAML::Node& at, const std::string& why) const {
  YAML::Mark mark = at.IsDefined() ? at.Mark() : YAML::Mark::null_mark();
  if (mark.is_null() && at.IsDefined())
    for (const auto& [built, place] : stand_ins_)
      if (built.is(at)) {
        mark = place.Mark();
        break;
      }
  if (mark.is_null() && fallback_.IsDefined()) mark = fallback_.Mark();
  if (mark.is_null()) throw m::InputError(file_, 0, why);
  throw m::InputError(file_, static_cast<std::size_t>(mark.line) + 1,
                      static_cast<std::size_t>(mark.column) + 1, why);
}

void YamlReader::refuse_duplicate_keys(const YAML::Node& root) const {
  std::vector<YAML::Node> todo{root};
  std::unordered_set<int> seen;  // the positions of the collections visited
  std::map<std::string, YAML::Node> keys;
  while (!todo.empty()) {
    const YAML::Node node = todo.back();
    todo.pop_back();
    if (!node.IsMap() && !node.IsSequence()) continue;
    if (!seen.insert(node.Mark().pos).second) continue;  // an alias of a node seen already
    if (node.IsSequence()) {
      for (const YAML::Node& item : node) todo.push_back(item);
      continue;
    }
    keys.clear();
    for (auto it = node.begin(); it != node.end(); ++it) {
      if (it->first.IsScalar()) {
        const auto [first, added] = keys.emplace(it->first.Scalar(), it->first);
        if (!added)
          fail(it->first, "key '" + it->first.Scalar() +
                              "' is given twice in one map (first at line " +
                              std::to_string(first->second.Mark().line + 1) + ")");
      }
      todo.push_back(it->second);
    }
  }
}

void YamlReader::expect_map(const YAML::Node& map, const std::vector<std::string>& allowed,
                            const std::string& what) const {
  if (!map.IsDefined() || !map.IsMap()) fail(map, what + " must be a map of keys, not " + kind_of(map));
  for (auto it = map.begin(); it != map.end(); ++it) {
    const std::string key = it->first.IsScalar() ? it->first.Scalar() : std::string();
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
      fail(it->first, "unknown key '" + key + "' in " + what + " (allowed: " + join(allowed) + ")");
  }
}

std::string YamlReader::text(const YAML::Node& node, const std::string& what) const {
  if (!node.IsDefined() || !node.IsScalar()) fail(node, what + " must be a single value, not " + kind_of(node));
  return node.Scalar();
}

double YamlReader::quantity(const YAML::Node& node, m::Quantity kind,
                            const std::string& what) const {
  const std::string s = text(node, what);
  try {
    return m::parse_quantity(s, kind);
  } catch (const m::InputError& e) {
    fail(node, what + ": " + e.reason());
  }
}

double YamlReader::number(const YAML::Node& node, const std::string& what) const {
  const std::string s = text(node, what);
  double value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(value))
    fail(node, what + " must be a number, not '" + s + "'");
  return value;
}

std::uint64_t YamlReader::integer(const YAML::Node& node, const std::string& what,
                                  std::uint64_t min, std::uint64_t max) const {
  const double value = number(node, what);
  if (value != std::floor(value) || value < static_cast<double>(min) ||
      value > static_cast<double>(max))
    fail(node, what + " must be a whole number from " + std::to_string(min) + " to " +
                   std::to_string(max) + ", not '" + node.Scalar() + "'");
  return static_cast<std::uint64_t>(value);
}

bool YamlReader::boolean(const YAML::Node& node, const std::string& what) const {
  const std::string s = text(node, what);
  if (s == "true" || s == "yes" || s == "on") return true;
  if (s == "false" || s == "no" || s == "off") return false;
  fail(node, what + " must be true or false, not '" + s + "'");
}

}  // namespace pelsim::experiment::detail
