// STG reader: a token scanner over the whole file (numbers, `#` comments, line numbers) and
// the record rules of stg_reader.hpp.
#include "pelsim/models/stg_reader.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "input_file.hpp"
#include "pelsim/models/error.hpp"

namespace pelsim::models {
namespace {

// Whitespace-separated tokens with their line; `#` comments skipped.
class Scanner {
 public:
  Scanner(std::string_view text, const std::string& path)
      : p_(text.data()), end_(text.data() + text.size()), path_(path) {}

  [[noreturn]] void fail(std::uint32_t line, const std::string& reason) const {
    throw InputError(path_, line, reason);
  }

  /// The next token, or an empty view at the end of the file. line() is its line (at the end
  /// of the file, the line of the last token).
  std::string_view next() {
    for (;;) {
      while (p_ != end_ && is_blank(*p_)) line_ += *p_++ == '\n';
      if (p_ != end_ && *p_ == '#') {
        while (p_ != end_ && *p_ != '\n') ++p_;
        continue;
      }
      break;
    }
    if (p_ == end_) return {};  // line() stays that of the last token: where the file ends
    token_line_ = line_;
    const char* start = p_;
    while (p_ != end_ && !is_blank(*p_) && *p_ != '#') ++p_;
    return {start, static_cast<std::size_t>(p_ - start)};
  }

  std::uint32_t line() const { return token_line_; }

  /// The next token as an unsigned integer; `what()` names it in errors (called only then).
  template <typename What>
  std::uint64_t integer(const What& what) {
    const std::string_view tok = next();
    if (tok.empty()) fail(token_line_, "unexpected end of file: expected " + what());
    std::uint64_t v = 0;
    const auto [ptr, ec] = std::from_chars(tok.data(), tok.data() + tok.size(), v);
    if (ec != std::errc() || ptr != tok.data() + tok.size())
      fail(token_line_,
           "expected " + what() + " (an integer >= 0), found '" + std::string(tok) + "'");
    return v;
  }

  /// The next token as a finite number >= 0.
  template <typename What>
  double number(const What& what) {
    const std::string_view tok = next();
    if (tok.empty()) fail(token_line_, "unexpected end of file: expected " + what());
    double v = 0;
    const auto [ptr, ec] = std::from_chars(tok.data(), tok.data() + tok.size(), v);
    if (ec != std::errc() || ptr != tok.data() + tok.size() || !std::isfinite(v) || v < 0)
      fail(token_line_,
           "expected " + what() + " (a finite number >= 0), found '" + std::string(tok) + "'");
    return v;
  }

 private:
  static bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  }

  const char* p_;
  const char* end_;
  const std::string& path_;
  std::uint32_t line_ = 1;
  std::uint32_t token_line_ = 1;
};

TaskGraph parse_stg(std::string_view text, const std::string& path, double speed) {
  Scanner in(text, path);
  const std::uint64_t n = in.integer([] { return std::string("the number of tasks"); });
  // A record takes at least 6 bytes ("i t k" and a separator): refuse a count the file cannot
  // hold before allocating for it.
  if (n > text.size() / 6)
    in.fail(in.line(), "the file announces " + std::to_string(n) +
                           " tasks but is too short to hold their records");
  const auto count = static_cast<std::uint32_t>(n + 2);
  const TaskId last = count - 1;
  auto task = [](TaskId t) { return "task " + std::to_string(t); };

  TaskGraphBuilder builder(path);
  builder.reserve(count, std::size_t{count} * 2);
  // Edges are added after the last record: a predecessor may have a larger id.
  std::vector<std::pair<TaskId, TaskId>> edges;
  edges.reserve(std::size_t{count} * 2);
  std::vector<TaskId> seen_in(count, 0);  // seen_in[p] = t + 1 when task t listed p
  for (TaskId t = 0; t < count; ++t) {
    const std::uint64_t id = in.integer([&] { return "the id of " + task(t); });
    const std::uint32_t line = in.line();
    if (id != t)
      in.fail(line, "task records must be numbered 0.." + std::to_string(last) +
                        " in order: expected " + task(t) + ", found task " + std::to_string(id));
    const double time = in.number([&] { return "the processing time of " + task(t); });
    const std::uint64_t k = in.integer([&] { return "the predecessor count of " + task(t); });
    if (k > last)
      in.fail(in.line(), task(t) + " has " + std::to_string(k) +
                             " predecessors, but there are only " + std::to_string(last) +
                             " other tasks");
    builder.intern_task(std::to_string(t), time * speed, line);  // gets id t: records are in order
    for (std::uint64_t i = 0; i < k; ++i) {
      const std::uint64_t p =
          in.integer([&] { return "predecessor " + std::to_string(i + 1) + " of " + task(t); });
      if (p > last)
        in.fail(in.line(), task(t) + ": predecessor " + std::to_string(p) +
                               " is not a task (ids are 0.." + std::to_string(last) + ")");
      if (p == t) in.fail(in.line(), task(t) + " lists itself as a predecessor");
      if (seen_in[p] == t + 1)
        in.fail(in.line(), task(t) + " lists predecessor " + std::to_string(p) + " twice");
      seen_in[p] = t + 1;
      edges.emplace_back(static_cast<TaskId>(p), t);
    }
  }
  if (const std::string_view extra = in.next(); !extra.empty())
    in.fail(in.line(), "unexpected '" + std::string(extra) + "' after the last task record (task " +
                           std::to_string(last) + "); comments start with '#'");
  for (const auto& [from, to] : edges) builder.add_edge(from, to, 0.0);
  return builder.build();
}

}  // namespace

TaskGraph read_stg_file(const std::string& path, double reference_speed) {
  if (!std::isfinite(reference_speed) || reference_speed <= 0)
    throw InputError(path, 0,
                     "reference speed must be a positive finite number of flop/s, got " +
                         std::to_string(reference_speed));
  const std::string text = read_input_text(path);
  return parse_stg(text, path, reference_speed);
}

}  // namespace pelsim::models
