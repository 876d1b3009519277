// DOT writer: see dot_writer.hpp. Numbers go through std::to_chars (general format, 17
// digits: the same text as printf's %.17g, several times faster), whole numbers below 2^53
// through the integer conversion (again the same text).
#include "pelsim/models/dot_writer.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

namespace pelsim::models {
namespace {

bool is_keyword(std::string_view s) {
  static constexpr std::string_view kKeywords[] = {"node",    "edge",     "graph",
                                                   "digraph", "subgraph", "strict"};
  for (const std::string_view k : kKeywords) {
    if (k.size() != s.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < k.size() && same; ++i)
      same = k[i] == (s[i] >= 'A' && s[i] <= 'Z' ? static_cast<char>(s[i] - 'A' + 'a') : s[i]);
    if (same) return true;
  }
  return false;
}

bool is_plain_identifier(std::string_view s) {
  if (s.empty()) return false;
  auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (!letter(s[0])) return false;
  for (const char c : s)
    if (!letter(c) && !(c >= '0' && c <= '9')) return false;
  return !is_keyword(s);
}

class Buffer {
 public:
  explicit Buffer(std::ostream& out) : out_(out) { text_.reserve(kFlushAt + 1024); }
  ~Buffer() { flush(); }
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;

  void put(std::string_view s) { text_.append(s); }
  void put(char c) { text_.push_back(c); }

  void name(std::string_view s) {
    if (is_plain_identifier(s)) {
      put(s);
      return;
    }
    put('"');
    for (const char c : s) {
      if (c == '"') put('\\');
      put(c);
    }
    put('"');
  }

  void number(double x) {
    char digits[32];
    std::to_chars_result r{};
    if (x == std::trunc(x) && std::fabs(x) < 9007199254740992.0 && !(x == 0 && std::signbit(x)))
      r = std::to_chars(digits, digits + sizeof digits, static_cast<std::int64_t>(x));
    else
      r = std::to_chars(digits, digits + sizeof digits, x, std::chars_format::general, 17);
    text_.append(digits, r.ptr);
  }

  // Ends a line; hands the text to the stream when the buffer is full.
  void end_line() {
    put(";\n");
    if (text_.size() >= kFlushAt) flush();
  }

  void flush() {
    out_.write(text_.data(), static_cast<std::streamsize>(text_.size()));
    text_.clear();
  }

 private:
  static constexpr std::size_t kFlushAt = 64 * 1024;
  std::ostream& out_;
  std::string text_;
};

}  // namespace

void write_dot(std::ostream& out, const TaskGraph& graph) {
  Buffer b(out);
  b.put("digraph G {\n");
  const std::uint32_t n = graph.task_count();
  for (TaskId t = 0; t < n; ++t) {
    b.name(graph.name(t));
    b.put(" [size=\"");
    b.number(graph.work(t));
    b.put('"');
    if (graph.task_type(t) != 0) {
      b.put(", type=");
      b.name(graph.task_type_name_of(t));
    }
    if (graph.lock_of(t) != TaskGraph::kNoLock) {
      b.put(", lock=");
      b.name(graph.lock_name(graph.lock_of(t)));
    }
    if (graph.has_costs()) {
      b.put(", costs=\"");
      for (CoreId c = 0; c < graph.cost_columns(); ++c) {
        if (c > 0) b.put(',');
        b.number(graph.cost(t, c));
      }
      b.put('"');
    }
    b.put(']');
    b.end_line();
  }
  for (TaskId t = 0; t < n; ++t) {
    for (EdgeId e = graph.out_begin(t); e < graph.out_end(t); ++e) {
      b.name(graph.name(t));
      b.put(" -> ");
      b.name(graph.name(graph.target(e)));
      b.put(" [size=\"");
      b.number(graph.bytes(e));
      b.put("\"]");
      b.end_line();
    }
  }
  b.put("}\n");
}

}  // namespace pelsim::models
