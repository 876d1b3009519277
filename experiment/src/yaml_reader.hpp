// Typed access to yaml-cpp nodes with `file:line:column: reason` errors (internal to the
// experiment layer; yaml-cpp stays inside experiment/src).
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "pelsim/models/units.hpp"

namespace pelsim::experiment::detail {

/// Reads values out of one YAML document and throws models::InputError at the node's mark
/// (or, for nodes built by the program, which have none, at the fallback node's mark).
class YamlReader {
 public:
  explicit YamlReader(std::string file) : file_(std::move(file)) {}

  const std::string& file() const { return file_; }
  /// Errors about nodes without a mark are reported at `node` instead.
  void set_fallback(const YAML::Node& node) { fallback_.reset(node); }
  /// Errors about `built` (a node the program made, which has no mark: a key or map a sweep
  /// adds to a point, a value of a range) are reported at `at` instead (the sweep's entry).
  void stand_in(const YAML::Node& built, const YAML::Node& at) const {
    stand_ins_.emplace_back(built, at);
  }
  /// Where `node` is written: itself, or for a node a sweep built, its stand_in() place.
  YAML::Node place_of(const YAML::Node& node) const {
    if (node.Mark().is_null())
      for (const auto& [built, place] : stand_ins_)
        if (built.is(node)) return place;
    return node;
  }
  /// Forgets every stand_in() (the nodes of one point of a sweep, before the next).
  void clear_stand_ins() const { stand_ins_.clear(); }

  /// Parses `text` (the whole file) as one YAML document. A syntax error is an InputError at
  /// its line and column, yaml-cpp's words followed by what most often causes them in a
  /// hand-written file: a tab in the indentation, or a key or list item out of line.
  YAML::Node load(const std::string& text) const;
  [[noreturn]] void fail(const YAML::Node& at, const std::string& why) const;
  /// Fails at the second of two equal keys of one map anywhere under `root` (YAML forbids
  /// them; yaml-cpp keeps both and answers the first, so a repeated `cores:` would be ignored
  /// silently). A node reached again through an alias is checked once.
  void refuse_duplicate_keys(const YAML::Node& root) const;
  /// Fails unless `map` is a map whose keys are all in `allowed`.
  void expect_map(const YAML::Node& map, const std::vector<std::string>& allowed,
                  const std::string& what) const;
  std::string text(const YAML::Node& node, const std::string& what) const;
  double quantity(const YAML::Node& node, models::Quantity kind, const std::string& what) const;
  /// A plain decimal number (no unit).
  double number(const YAML::Node& node, const std::string& what) const;
  std::uint64_t integer(const YAML::Node& node, const std::string& what, std::uint64_t min,
                        std::uint64_t max) const;
  bool boolean(const YAML::Node& node, const std::string& what) const;

 private:
  std::string file_;
  YAML::Node fallback_;
  mutable std::vector<std::pair<YAML::Node, YAML::Node>> stand_ins_;  // (built, at)
};

/// "a, b, c".
std::string join(const std::vector<std::string>& words, const char* separator = ", ");

}  // namespace pelsim::experiment::detail
