// DOT task-graph reader: a streaming lexer over a fixed buffer and a single-pass parser that
// feeds TaskGraphBuilder. See dot_reader.hpp for the accepted language and the semantics.
//
// Performance notes: the file is read with fread into one buffer (256 KiB by default), never
// held whole nor mapped; a token is a view into that buffer (copied into a reused string only
// when it has escapes or straddles two reads), so there is no heap allocation per token;
// numbers are parsed with std::from_chars; the two statement shapes of generated files,
// `a [size=N];` and `a -> b [size=N];`, are read straight from the buffer (fast_statement);
// the source of consecutive edge statements is looked up once (files group edges by source).
// After such a statement, generated_lines() reads the lines of generated files that follow
// (`t12 [size="N"];`, `t12 -> t34 [size="N"];`) without the lexer, digits eight at a time
// (digit_scan.hpp), names interned by their number (a name that starts with the task table's
// numbered prefix, compared as one word, is looked up or added by its number without a call:
// split_quick, TaskGraphBuilder::intern_by_number); any other line stops it before any effect.
#include "pelsim/models/dot_reader.hpp"

#include "c_locale_number.hpp"
#include "digit_scan.hpp"
#include "input_file.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <vector>

#include "pelsim/models/error.hpp"

namespace pelsim::models {
namespace {

// 256 KiB: fewer fresh pages than 1 MiB (faulting them in costs more than the extra reads).
constexpr std::size_t kDefaultBufferBytes = std::size_t{1} << 18;
constexpr std::size_t kMinBufferBytes = 16;

// Character classes of the lexer.
enum : unsigned char { kOther = 0, kIdChar = 1, kBlank = 2 };

struct CharTable {
  unsigned char cls[256] = {};
  constexpr CharTable() {
    for (int c = 0; c < 256; ++c) {
      const bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      if (alnum || c == '_' || c == '.' || c >= 0x80) cls[c] = kIdChar;
    }
    cls[static_cast<unsigned char>(' ')] = kBlank;
    cls[static_cast<unsigned char>('\t')] = kBlank;
    cls[static_cast<unsigned char>('\r')] = kBlank;
    cls[static_cast<unsigned char>('\f')] = kBlank;
    cls[static_cast<unsigned char>('\v')] = kBlank;
  }
};
constexpr CharTable kChars;

inline bool is_id_char(char c) {
  return kChars.cls[static_cast<unsigned char>(c)] == kIdChar;
}
inline bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

using scan::is_name_head;
using scan::leading_digits16;
using scan::leading_digits8;

enum class Tok {
  kId,
  kLBrace,
  kRBrace,
  kLBrack,
  kRBrack,
  kSemi,
  kComma,
  kEq,
  kColon,
  kArrow,       // ->
  kUndirected,  // --
  kEnd
};

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char c = a[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != b[i]) return false;
  }
  return true;
}

// Parses a whole string as a decimal floating-point number (surrounding blanks and a leading
// '+' allowed, as strtod does). Returns false when it is not a number.
bool is_space(char c) {
  return c == '\n' || kChars.cls[static_cast<unsigned char>(c)] == kBlank;
}

bool parse_number(std::string_view s, double& out) {
  if (!s.empty() && s.size() <= 15) {  // fast path: a plain integer, exact in a double
    std::uint64_t v = 0;
    std::size_t i = 0;
    for (; i < s.size(); ++i) {
      const unsigned d = static_cast<unsigned char>(s[i]) - unsigned{'0'};
      if (d > 9) break;
      v = v * 10 + d;
    }
    if (i == s.size()) {
      out = static_cast<double>(v);
      return true;
    }
  }
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  if (!s.empty() && s.front() == '+') {
    s.remove_prefix(1);
    if (!s.empty() && (s.front() == '+' || s.front() == '-')) return false;
  }
  if (s.empty()) return false;
  const char* first = s.data();
  const char* last = s.data() + s.size();
  double v = 0.0;
  auto [ptr, ec] = std::from_chars(first, last, v, std::chars_format::general);
  if (ptr != last) return false;
  if (ec == std::errc::result_out_of_range) {
    // Overflow or underflow: let strtod pick +-inf or the nearest tiny value, as sgref does.
    const std::string copy(s);
    v = strtod_c(copy.c_str(), nullptr);
  } else if (ec != std::errc()) {
    return false;
  }
  out = v;
  return true;
}

std::string quote(std::string_view s) {
  return "\"" + std::string(s) + "\"";
}

// Tokenizer over a memory view (read_dot_text) or a file streamed through a fixed buffer.
//
// A token's text is a view: into the input when the token lies whole in the buffer (the fast,
// usual case), else into a string of the lexer (escapes, concatenation, a token split across
// two reads). The buffer is only refilled while lexing the next token; before it moves,
// preserve() copies the views that must survive (the current token and two "pinned" views
// the parser keeps, such as the first name of a statement) into strings of their own.
class Lexer {
 public:
  Lexer(std::string_view input, const std::string& name)
      : p_(input.data()),
        end_(input.data() + input.size()),
        base_(p_),
        span_(input.size()),
        name_(name) {}

  Lexer(std::FILE* file, const std::string& name, std::size_t buffer_bytes)
      : span_(std::max(buffer_bytes, kMinBufferBytes)),
        buf_(new char[span_]),
        file_(file),
        name_(name) {
    p_ = end_ = base_ = buf_.get();
  }

  Tok kind = Tok::kEnd;
  std::string_view text;   // value of a kId token, valid until the next call to next()
  bool quoted = false;     // kId came from "..." or <...> (so it is never a keyword)
  std::uint32_t line = 1;  // line where the current token starts

  [[noreturn]] void fail(std::uint32_t at, const std::string& reason) const {
    throw InputError(name_, at, reason);
  }
  [[noreturn]] void fail(const std::string& reason) const { fail(line, reason); }

  // Keeps a copy of `v` (usually `text`) that stays valid across next() as pinned(slot).
  void pin(int slot, std::string_view v) {
    if (v.empty() || in_input(v)) {
      pins_[slot] = v;
    } else {
      pin_store_[slot].assign(v.data(), v.size());
      pins_[slot] = pin_store_[slot];
    }
  }
  std::string_view pinned(int slot) const { return pins_[slot]; }

  // Raw access for the parser's fast path: [raw(), raw_end()) are the unread bytes in the
  // buffer, and consume_to(p) moves past them (the bytes skipped contain no newline).
  const char* raw() const { return p_; }
  const char* raw_end() const { return end_; }
  void consume_to(const char* p) { p_ = p; }
  // The same for whole lines: moves to p (the bytes skipped contain `lines` newlines).
  void consume_lines_to(const char* p, std::uint32_t lines) {
    p_ = p;
    cur_line_ += lines;
  }
  std::uint32_t current_line() const { return cur_line_; }
  // Makes at least n unread bytes available in the buffer (moving the unread ones to its
  // start) unless the input ends first or n exceeds the buffer; true when there are n.
  bool fill_ahead(std::size_t n) {
    if (static_cast<std::size_t>(end_ - p_) >= n) return true;
    if (!file_ || eof_ || n > span_) return false;
    return ensure(n);
  }

  // True when only blanks and comments remain.
  bool at_end() {
    skip_blank();
    return p_ == end_;
  }

  void next() {
    text = {};
    quoted = false;
    {  // fast path for the usual single spaces and newlines; skip_blank() does the rest
      const char* p = p_;
      std::uint32_t lines = 0;
      while (p < end_ && (*p == ' ' || *p == '\n')) lines += *p++ == '\n';
      p_ = p;
      cur_line_ += lines;
      if (p == end_ || kChars.cls[static_cast<unsigned char>(*p)] == kBlank || *p == '/' ||
          *p == '#')
        skip_blank();
    }
    line = cur_line_;
    if (p_ == end_) {
      kind = Tok::kEnd;
      return;
    }
    const char c = *p_;
    switch (c) {
      case '{':
        kind = Tok::kLBrace;
        ++p_;
        return;
      case '}':
        kind = Tok::kRBrace;
        ++p_;
        return;
      case '[':
        kind = Tok::kLBrack;
        ++p_;
        return;
      case ']':
        kind = Tok::kRBrack;
        ++p_;
        return;
      case ';':
        kind = Tok::kSemi;
        ++p_;
        return;
      case ',':
        kind = Tok::kComma;
        ++p_;
        return;
      case '=':
        kind = Tok::kEq;
        ++p_;
        return;
      case ':':
        kind = Tok::kColon;
        ++p_;
        return;
      case '"':
        kind = Tok::kId;
        quoted = true;
        read_string();
        concatenate();
        return;
      case '<':
        kind = Tok::kId;
        quoted = true;
        read_html();
        return;
      default:
        break;
    }
    if (c == '-') {
      const char d = ensure(2) ? p_[1] : '\0';
      if (d == '>' || d == '-') {
        kind = d == '>' ? Tok::kArrow : Tok::kUndirected;
        p_ += 2;
        return;
      }
      if (is_digit(d) || d == '.') {
        read_id(true);
        return;
      }
    } else if (is_id_char(c)) {
      read_id(is_digit(c) || c == '.');
      return;
    }
    if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f)
      fail(std::string("unexpected character '") + c + "'");
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02x", static_cast<unsigned>(static_cast<unsigned char>(c)));
    fail(std::string("unexpected character ") + hex);
  }

 private:
  bool in_input(std::string_view v) const {
    return v.data() >= base_ && v.data() + v.size() <= base_ + span_;
  }

  // Called before the buffer's bytes move or are overwritten.
  void preserve() {
    auto keep = [this](std::string_view& v, std::string& store) {
      if (!v.empty() && in_input(v)) {
        store.assign(v.data(), v.size());
        v = store;
      }
    };
    keep(text, text_store_);
    keep(pins_[0], pin_store_[0]);
    keep(pins_[1], pin_store_[1]);
  }

  // Called when p_ == end_: reads the next chunk. False at end of input.
  bool refill() {
    if (!file_) return false;
    preserve();
    p_ = end_ = buf_.get();
    return read_more();
  }

  // Makes at least n (<= span_) bytes available from p_ unless the input ends first.
  bool ensure(std::size_t n) {
    if (static_cast<std::size_t>(end_ - p_) >= n) return true;
    if (!file_) return false;
    preserve();
    const std::size_t rest = static_cast<std::size_t>(end_ - p_);
    std::memmove(buf_.get(), p_, rest);
    p_ = buf_.get();
    end_ = p_ + rest;
    while (static_cast<std::size_t>(end_ - p_) < n)
      if (!read_more()) return false;
    return true;
  }

  bool read_more() {
    if (eof_) return false;
    char* dst = buf_.get() + (end_ - buf_.get());
    const std::size_t room = span_ - static_cast<std::size_t>(end_ - buf_.get());
    const std::size_t got = std::fread(dst, 1, room, file_);
    if (got < room) {
      if (std::ferror(file_))
        throw InputError(name_, 0, std::string("read error: ") + std::strerror(errno));
      eof_ = true;
    }
    end_ += got;
    return got > 0;
  }

  // Skips blanks, newlines and comments. Afterwards either p_ < end_ or the input ended.
  void skip_blank() {
    for (;;) {
      if (p_ == end_ && !refill()) return;
      const char c = *p_;
      if (c == '\n') {
        ++cur_line_;
        ++p_;
      } else if (kChars.cls[static_cast<unsigned char>(c)] == kBlank) {
        ++p_;
      } else if (c == '#') {  // C preprocessor output line (sgref also accepts it mid-line)
        skip_to_newline();
      } else if (c == '/') {
        if (!ensure(2)) return;
        if (p_[1] == '/') {
          skip_to_newline();
        } else if (p_[1] == '*') {
          skip_block_comment();
        } else {
          return;
        }
      } else {
        return;
      }
    }
  }

  void skip_to_newline() {
    for (;;) {
      const void* nl = std::memchr(p_, '\n', static_cast<std::size_t>(end_ - p_));
      if (nl) {
        p_ = static_cast<const char*>(nl);  // the newline itself is counted by skip_blank
        return;
      }
      p_ = end_;
      if (!refill()) return;
    }
  }

  void skip_block_comment() {
    const std::uint32_t start = cur_line_;
    p_ += 2;
    bool star = false;
    for (;;) {
      if (p_ == end_ && !refill()) fail(start, "unterminated /* comment");
      const char c = *p_++;
      if (star && c == '/') return;
      star = c == '*';
      if (c == '\n') ++cur_line_;
    }
  }

  // Identifier or numeral (a numeral may start with '-'); `numeric` also allows an exponent
  // sign, as in 1e+9 or 2E-3.
  void read_id(bool numeric) {
    kind = Tok::kId;
    const char* s = p_;
    const char* p = s + (*s == '-' ? 1 : 0);
    while (p < end_ && is_id_char(*p)) ++p;
    if (p < end_ && !(numeric && (*p == '+' || *p == '-'))) {  // fast path: all in the buffer
      text = std::string_view(s, static_cast<std::size_t>(p - s));
      p_ = p;
      return;
    }
    tok_store_.clear();
    if (*p_ == '-') {
      tok_store_.push_back('-');
      ++p_;
    }
    s = p_;
    char prev = '\0';
    for (;;) {
      if (p_ == end_) {
        tok_store_.append(s, p_);
        const bool more = refill();
        s = p_;
        if (!more) break;
      }
      const char c = *p_;
      if (is_id_char(c)) {
        prev = c;
        ++p_;
        continue;
      }
      if (numeric && (c == '+' || c == '-') && (prev == 'e' || prev == 'E')) {
        tok_store_.append(s, p_);  // ensure() may move the buffer
        s = p_;
        if (ensure(2) && is_digit(p_[1])) {
          tok_store_.push_back(c);
          prev = c;
          s = ++p_;
          continue;
        }
        s = p_;
      }
      break;
    }
    tok_store_.append(s, p_);
    text = tok_store_;
  }

  // A quoted string; p_ is at the opening quote. \" is a quote, backslash-newline continues
  // the line, and any other backslash (including \\) is kept as written, as Graphviz does.
  void read_string() {
    const std::uint32_t start = cur_line_;
    const char* s = p_ + 1;
    const char* p = s;
    std::uint32_t lines = 0;
    while (p < end_ && *p != '"' && *p != '\\') lines += *p++ == '\n';
    cur_line_ += lines;
    if (p < end_ && *p == '"') {  // fast path: no escape, all in the buffer
      text = std::string_view(s, static_cast<std::size_t>(p - s));
      p_ = p + 1;
      return;
    }
    tok_store_.assign(s, p);
    p_ = p;
    for (;;) {
      if (p_ == end_ && !refill()) fail(start, "unterminated string");
      const char c = *p_++;
      if (c == '"') break;
      if (c != '\\') {
        if (c == '\n') ++cur_line_;
        tok_store_.push_back(c);
        continue;
      }
      if (p_ == end_ && !refill()) fail(start, "unterminated string");
      const char d = *p_++;
      if (d == '\n') {
        ++cur_line_;
        continue;
      }
      if (d != '"') tok_store_.push_back('\\');
      tok_store_.push_back(d);
    }
    text = tok_store_;
  }

  // "a" + "b" + ...: p_ is just after the closing quote of `text`.
  void concatenate() {
    skip_blank();
    if (p_ == end_ || *p_ != '+') return;
    concat_store_.assign(text.data(), text.size());
    do {
      ++p_;
      skip_blank();
      if (p_ == end_ || *p_ != '"') fail(cur_line_, "expected a quoted string after '+'");
      read_string();
      concat_store_.append(text.data(), text.size());
      text = {};
      skip_blank();
    } while (p_ != end_ && *p_ == '+');
    text = concat_store_;
  }

  // An HTML string <...> with nested <>: an opaque value (the text between the outer brackets).
  void read_html() {
    const std::uint32_t start = cur_line_;
    tok_store_.clear();
    ++p_;
    int depth = 1;
    for (;;) {
      if (p_ == end_ && !refill()) fail(start, "unterminated HTML string '<'");
      const char c = *p_++;
      if (c == '<') {
        ++depth;
      } else if (c == '>') {
        if (--depth == 0) break;
      } else if (c == '\n') {
        ++cur_line_;
      }
      tok_store_.push_back(c);
    }
    text = tok_store_;
  }

  const char* p_ = nullptr;     // next byte
  const char* end_ = nullptr;   // end of the bytes available
  const char* base_ = nullptr;  // the input (memory) or the buffer (file)
  std::size_t span_ = 0;        // its size
  std::unique_ptr<char[]> buf_;
  std::FILE* file_ = nullptr;
  bool eof_ = false;
  const std::string& name_;
  std::uint32_t cur_line_ = 1;
  std::string tok_store_;     // a token that could not stay a view into the input
  std::string text_store_;    // `text`, preserved across a refill
  std::string concat_store_;  // "a" + "b"
  std::string_view pins_[2];
  std::string pin_store_[2];
};

// Node and edge defaults in force; a subgraph restores its parent's at its closing brace.
struct Defaults {
  double node_work = 0.0;
  double edge_size = 0.0;
};

// Equality of two short names, compared in line (cheaper than a call to memcmp).
bool same_name(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i] != b[i]) return false;
  return true;
}

double edge_bytes(double size) {
  if (!(size > 0)) return 0.0;
  // Below 2^53 truncation is floor for a positive value, without a call (baseline x86-64 has
  // no floor instruction); above, every double is an integer already.
  return size < 0x1p53 ? static_cast<double>(static_cast<std::int64_t>(size)) : size;
}

class Parser {
 public:
  Parser(Lexer& lx, const std::string& name, std::size_t size_hint) : lx_(lx), builder_(name) {
    // Generous estimates for SimGrid-style files (~27 bytes per node line, ~36 per edge
    // line; one node and two edge lines per task is ~100 bytes): unused vector capacity costs
    // address space only, never resident memory, whereas an estimate that falls short makes
    // every per-task array grow once more, copying it into freshly zeroed pages.
    builder_.reserve(size_hint / 64, size_hint / 32);
  }

  TaskGraph parse() {
    lx_.next();
    if (lx_.kind == Tok::kEnd) lx_.fail(0, "empty file: expected 'digraph'");
    if (is_keyword("strict")) {
      strict_ = true;
      lx_.next();
    }
    if (is_keyword("graph")) lx_.fail("undirected graph: pelsim needs a digraph");
    if (!is_keyword("digraph")) lx_.fail("expected 'digraph'");
    lx_.next();
    if (lx_.kind == Tok::kId) lx_.next();
    if (lx_.kind != Tok::kLBrace) lx_.fail("expected '{' after digraph");
    lx_.next();
    statements();
    // lx_ is on the closing brace of the graph.
    if (!lx_.at_end()) {
      lx_.next();
      lx_.fail("unexpected content after the closing '}'");
    }
    return builder_.build();
  }

  /// After parse(): whether task t had a node statement of its own (else it appears only in
  /// edges).
  bool declared(TaskId t) const {
    return t / 64 < declared_.size() && (declared_[t / 64] >> (t % 64)) & 1;
  }

 private:
  void mark_declared(TaskId t) {
    if (t / 64 >= declared_.size()) declared_.resize(t / 64 + 1 + declared_.size() / 2, 0);
    declared_[t / 64] |= std::uint64_t{1} << (t % 64);
  }

  bool is_keyword(std::string_view kw) const {
    return lx_.kind == Tok::kId && !lx_.quoted && iequals(lx_.text, kw);
  }

  void statements() {
    for (;;) {
      switch (lx_.kind) {
        case Tok::kEnd:
          lx_.fail("unexpected end of file (missing '}')");
        case Tok::kRBrace:
          if (scopes_.empty()) return;
          defaults_ = scopes_.back();
          scopes_.pop_back();
          lx_.next();
          continue;
        case Tok::kSemi:
        case Tok::kComma:
          lx_.next();
          continue;
        case Tok::kLBrace:  // anonymous subgraph
          scopes_.push_back(defaults_);
          lx_.next();
          continue;
        case Tok::kId:
          break;
        default:
          lx_.fail("expected a statement");
      }
      if (!lx_.quoted) {
        if (iequals(lx_.text, "subgraph")) {
          lx_.next();
          if (lx_.kind == Tok::kId) lx_.next();
          if (lx_.kind != Tok::kLBrace) lx_.fail("expected '{' after subgraph");
          scopes_.push_back(defaults_);
          lx_.next();
          continue;
        }
        if (iequals(lx_.text, "node")) {
          attr_statement(Mode::kNodeDefault, "node");
          continue;
        }
        if (iequals(lx_.text, "edge")) {
          attr_statement(Mode::kEdgeDefault, "edge");
          continue;
        }
        if (iequals(lx_.text, "graph")) {
          attr_statement(Mode::kIgnore, "graph");
          continue;
        }
      }
      if (!fast_statement()) node_or_edge_statement();
    }
  }

  enum class Mode { kIgnore, kNode, kEdge, kNodeDefault, kEdgeDefault };

  void attr_statement(Mode mode, const char* which) {
    lx_.next();
    if (lx_.kind != Tok::kLBrack) lx_.fail(std::string("expected '[' after ") + which);
    attr_lists(mode);
  }

  // The statements that make up nearly all of a generated file, `a [size="123"];` and
  // `a -> b [size="456"];` (size optional, ';' optional), read straight from the buffer; the
  // current token is `a`. Anything else, or a statement that does not lie whole in the
  // buffer on one line, returns false before any effect, and the general path reads it.
  bool fast_statement() {
    const char* p = lx_.raw();
    const char* const e = lx_.raw_end();
    auto blanks = [&] {
      while (p < e && (*p == ' ' || *p == '\t')) ++p;
    };
    blanks();
    if (p == e) return false;
    bool edge = false;
    std::string_view target;
    if (*p == '-') {  // -> target
      if (e - p < 2 || p[1] != '>') return false;
      p += 2;
      blanks();
      const char* t = p;
      while (p < e && is_id_char(*p)) ++p;
      if (p == t || p == e || *p == '-' || *p == '+' || *p == '"') return false;
      target = std::string_view(t, static_cast<std::size_t>(p - t));
      edge = true;
      blanks();
      if (p == e) return false;
    }
    bool has_size = false;
    double size = 0.0;
    if (*p == '[') {  // [size=VALUE] or [size="VALUE"], VALUE plain
      ++p;
      blanks();
      if (e - p < 5 || std::memcmp(p, "size", 4) != 0) return false;
      p += 4;
      blanks();
      if (p == e || *p != '=') return false;
      ++p;
      blanks();
      if (p == e) return false;
      const bool quoted = *p == '"';
      if (quoted) ++p;
      const char* v = p;
      std::uint64_t digits_value = 0;  // VALUE read as we go while it is plain digits
      while (p < e && is_digit(*p))
        digits_value = digits_value * 10 + static_cast<unsigned>(*p++ - '0');
      const char* const digits_end = p;
      while (p < e &&
             (is_digit(*p) || *p == '.' || *p == 'e' || *p == 'E' || *p == '+' || *p == '-'))
        ++p;
      if (p == v || p == e) return false;
      const std::string_view value(v, static_cast<std::size_t>(p - v));
      const bool plain_integer = digits_end == p && value.size() <= 15;
      if (quoted) {
        if (*p != '"') return false;
        ++p;
      }
      blanks();
      if (p == e || *p != ']') return false;
      ++p;
      if (plain_integer) {  // parse_number's exact integer case, already read
        size = static_cast<double>(digits_value);
      } else if (!parse_number(value, size) || !std::isfinite(size) || (!edge && size < 0)) {
        return false;
      }
      has_size = true;
      blanks();
    }
    if (p < e && *p == ';') {
      ++p;
    } else {
      // Without ';' a line break does not end the statement: the next line may continue it
      // (`a\n-> b`, `a -> b\n[size=1]`, `a\n= b`). Only a following token that cannot, seen in
      // the buffer, lets the fast path take it.
      const char* q = p;
      while (q < e && (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n')) ++q;
      if (q == e || !(is_id_char(*q) || *q == '}' || *q == '{' || *q == '"' || *q == '<'))
        return false;
    }
    if (p == e || !(*p == '\n' || *p == ' ' || *p == '\t' || *p == '\r' || *p == '}')) return false;

    const std::string_view first = lx_.text;
    const std::uint32_t line = lx_.line;
    if (!edge) {
      const TaskId t = builder_.intern_task(first, defaults_.node_work, line);
      mark_declared(t);
      if (has_size) builder_.set_work(t, size);
    } else {
      TaskId from;
      if (have_last_source_ && same_name(first, last_source_name_)) {
        from = last_source_;
      } else {
        from = builder_.intern_task(first, defaults_.node_work, line);
        last_source_name_.assign(first.data(), first.size());
        last_source_ = from;
        have_last_source_ = true;
      }
      const TaskId to = builder_.intern_task(target, defaults_.node_work, line);
      add_edge(from, to, edge_bytes(has_size ? size : defaults_.edge_size), has_size);
    }
    lx_.consume_to(p);
    generated_lines();
    lx_.next();
    return true;
  }

  // A task name of generated files at p: letters or '_' then 1..16 digits, not followed by a
  // character of a name; at least 24 bytes must be readable from p. The digits and their value
  // (when `digits` <= 16) tell how to intern it.
  struct SplitName {
    std::string_view name;
    unsigned digits = 0;
    std::uint64_t number = 0;
    bool quick = false;  // split_quick: the numbered prefix then a number without leading zero
  };
  static const char* split_name(const char* p, const char* e, SplitName& out) {
    const char* const s = p;
    while (p < e && is_name_head(*p)) ++p;
    if (p == s || e - p < 24) return nullptr;
    out.digits = leading_digits16(p, &out.number);
    if (out.digits == 0 || out.digits > 16) return nullptr;
    p += out.digits;
    if (is_id_char(*p)) return nullptr;
    out.name = std::string_view(s, static_cast<std::size_t>(p - s));
    return p;
  }

  // The numbered-name prefix of the task table as split_quick() compares it: its bytes in the
  // low bytes of a word and their mask; quick_ is false while there is none, or when it is
  // longer than 8 bytes or has a byte other than a letter or '_'.
  void cache_prefix() {
    std::string_view prefix;
    const bool little_endian = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__;  // the mask's layout
    quick_ = little_endian && builder_.numbered_prefix(&prefix) && !prefix.empty() &&
             prefix.size() <= 8 && std::all_of(prefix.begin(), prefix.end(), is_name_head);
    if (!quick_) return;
    prefix_size_ = prefix.size();
    prefix_word_ = 0;
    std::memcpy(&prefix_word_, prefix.data(), prefix.size());
    prefix_mask_ =
        prefix.size() == 8 ? ~std::uint64_t{0} : (std::uint64_t{1} << (8 * prefix.size())) - 1;
  }

  // split_name() for the usual name, the numbered prefix then 1..8 digits without a leading
  // zero (t0, t12345), found by one word comparison and one digit scan, and marked quick; any
  // other name is split by split_name(). Same result (quick aside).
  const char* split_quick(const char* p, const char* e, SplitName& out) const {
    if (quick_ && e - p >= 24) {
      std::uint64_t w = 0;
      std::memcpy(&w, p, 8);
      if ((w & prefix_mask_) == prefix_word_) {
        const char* const d = p + prefix_size_;
        std::uint64_t v = 0;
        const unsigned n = leading_digits8(d, &v);
        if (n != 0 && !is_id_char(d[n]) && (n == 1 || *d != '0')) {
          out.name = std::string_view(p, prefix_size_ + n);
          out.digits = n;
          out.number = v;
          out.quick = true;
          return d + n;
        }
      }
    }
    out.quick = false;
    return split_name(p, e, out);
  }

  // The task of a name split by split_quick: by its number when it is quick and the builder's
  // quick cases have it, else as intern_split.
  [[gnu::always_inline]] TaskId intern_quick(const SplitName& n, std::uint32_t line) {
    if (n.quick) {
      const TaskId id = builder_.intern_by_number(static_cast<std::uint32_t>(n.number),
                                                  defaults_.node_work, line);
      if (id != NameTable::kNotFound) return id;
    }
    return intern_split(n, line);
  }

  [[gnu::always_inline]] TaskId intern_split(const SplitName& n, std::uint32_t line) {
    const bool numbered =
        n.digits <= 9 && (n.digits == 1 || n.name[n.name.size() - n.digits] != '0');
    if (numbered)
      return builder_.intern_numbered_task(n.name, n.digits, static_cast<std::uint32_t>(n.number),
                                           defaults_.node_work, line);
    return builder_.intern_task(n.name, defaults_.node_work, line);
  }

  // After a statement read by fast_statement, the lines of a generated file that follow:
  // `NAME [size="N"];` and `NAME -> NAME [size="N"];` (NAME as in split_name, N 1..15 digits,
  // optional leading blanks, LF or CRLF line ends), each read straight from the buffer. The first
  // line of any other shape, or that does not lie whole in the buffer, stops it before any effect,
  // positioned at that line's newline; the usual path reads the rest. Same effects as
  // fast_statement.
  void generated_lines() {
    constexpr std::size_t kAhead = 256;  // bytes kept available ahead of a line
    std::uint32_t line = lx_.current_line();
    cache_prefix();
    for (;;) {
      if (!lx_.fill_ahead(kAhead)) break;
      const char* p = lx_.raw();
      const char* const e = lx_.raw_end();
      std::uint32_t lines = 0;
      for (;;) {
        if (e - p < static_cast<std::ptrdiff_t>(kAhead)) break;
        const char* q = p + (*p == '\r');  // CRLF line ends
        if (*q++ != '\n') break;
        while (q < e && (*q == ' ' || *q == '\t')) ++q;
        SplitName first;
        q = split_quick(q, e, first);
        if (!q) break;
        static constexpr char kSize[] = " [size=\"";
        bool edge = false;
        SplitName target;
        if (std::memcmp(q, " -> ", 4) == 0) {
          q = split_quick(q + 4, e, target);
          if (!q) break;
          edge = true;
        }
        if (e - q < 32 || std::memcmp(q, kSize, 8) != 0) break;
        q += 8;
        std::uint64_t size = 0;
        const unsigned digits = leading_digits16(q, &size);
        if (digits == 0 || digits > 15) break;
        q += digits;
        if (std::memcmp(q, "\"];", 3) != 0) break;
        q += 3;
        if (!(*q == '\n' || *q == ' ' || *q == '\t' || *q == '\r' || *q == '}')) break;

        ++lines;
        const std::uint32_t at = line + lines;
        const double value = static_cast<double>(size);
        if (!edge) {
          const TaskId t = intern_quick(first, at);
          mark_declared(t);
          builder_.set_work(t, value);
        } else {
          const TaskId from = intern_quick(first, at);
          const TaskId to = intern_quick(target, at);
          add_edge(from, to, value, true);  // edge_bytes(value) == value for such integers
        }
        p = q;
      }
      if (lines == 0) break;
      line += lines;
      lx_.consume_lines_to(p, lines);
    }
  }

  void node_or_edge_statement() {
    lx_.pin(0, lx_.text);
    const std::uint32_t first_line = lx_.line;
    lx_.next();
    if (lx_.kind == Tok::kEq) {  // graph attribute k = v
      lx_.next();
      if (lx_.kind != Tok::kId) lx_.fail("expected a value after '='");
      lx_.next();
      return;
    }
    skip_port();
    if (lx_.kind == Tok::kUndirected) lx_.fail("undirected edge '--' in a digraph (use '->')");
    if (lx_.kind != Tok::kArrow) {
      task_ = builder_.intern_task(lx_.pinned(0), defaults_.node_work, first_line);
      mark_declared(task_);
      attr_lists(Mode::kNode);
      return;
    }

    chain_.clear();
    const std::string_view first = lx_.pinned(0);
    if (have_last_source_ && same_name(first, last_source_name_)) {
      chain_.push_back(last_source_);
    } else {
      chain_.push_back(builder_.intern_task(first, defaults_.node_work, first_line));
      last_source_name_.assign(first.data(), first.size());
      last_source_ = chain_.back();
      have_last_source_ = true;
    }
    while (lx_.kind == Tok::kArrow || lx_.kind == Tok::kUndirected) {
      if (lx_.kind == Tok::kUndirected) lx_.fail("undirected edge '--' in a digraph (use '->')");
      lx_.next();
      if (lx_.kind == Tok::kLBrace) lx_.fail("subgraphs as edge endpoints are not supported");
      if (lx_.kind != Tok::kId) lx_.fail("expected a task name after '->'");
      if (chain_.size() == 1) lx_.pin(1, lx_.text);
      chain_.push_back(builder_.intern_task(lx_.text, defaults_.node_work, lx_.line));
      lx_.next();
      skip_port();
    }
    edge_size_ = defaults_.edge_size;
    edge_size_given_ = false;
    attr_lists(Mode::kEdge);
    const double bytes = edge_bytes(edge_size_);
    for (std::size_t i = 1; i < chain_.size(); ++i)
      add_edge(chain_[i - 1], chain_[i], bytes, edge_size_given_);
  }

  // Adds from -> to. In a strict digraph a repeated from -> to is the same edge, as in
  // Graphviz: a size given on the repeat replaces the edge's, and without one the edge keeps
  // its own (the default of the repeat's scope applies only to a new edge).
  void add_edge(TaskId from, TaskId to, double bytes, bool size_given) {
    if (!strict_) return builder_.add_edge(from, to, bytes);
    const auto [at, added] =
        strict_edges_.try_emplace((std::uint64_t{from} << 32) | to, builder_.edge_count());
    if (added) {
      builder_.add_edge(from, to, bytes);
    } else if (size_given) {
      builder_.set_edge_bytes(at->second, bytes);
    }
  }

  void skip_port() {
    while (lx_.kind == Tok::kColon) {
      lx_.next();
      if (lx_.kind != Tok::kId) lx_.fail("expected a port name after ':'");
      lx_.next();
    }
  }

  // Zero or more [k=v, ...] lists, applied according to `mode`.
  void attr_lists(Mode mode) {
    while (lx_.kind == Tok::kLBrack) {
      lx_.next();
      for (;;) {
        if (lx_.kind == Tok::kRBrack) {
          lx_.next();
          break;
        }
        if (lx_.kind == Tok::kComma || lx_.kind == Tok::kSemi) {
          lx_.next();
          continue;
        }
        if (lx_.kind != Tok::kId) {
          if (lx_.kind == Tok::kEq) lx_.fail("expected an attribute name before '='");
          lx_.fail("expected ']'");
        }
        const bool is_size = lx_.text == "size";
        const bool is_costs = !is_size && lx_.text == "costs";
        const bool is_type = !is_size && !is_costs && lx_.text == "type";
        const bool is_lock = !is_size && !is_costs && !is_type && lx_.text == "lock";
        const bool wanted = mode != Mode::kIgnore &&
                            (is_size || ((is_costs || is_type || is_lock) && mode == Mode::kNode));
        lx_.next();
        if (lx_.kind != Tok::kEq) {  // `[key]` alone: a value-less attribute
          if (wanted)
            lx_.fail(subject(mode) +
                     (is_size    ? "size"
                      : is_costs ? "costs"
                      : is_type  ? "type"
                                 : "lock") +
                     " has no value");
          continue;
        }
        lx_.next();
        if (lx_.kind != Tok::kId) lx_.fail("expected a value after '='");
        if (wanted) {
          if (is_size) {
            apply_size(mode);
          } else if (is_costs) {
            apply_costs();
          } else if (is_type) {
            builder_.set_type(task_, lx_.text);
          } else {
            builder_.set_lock(task_, lx_.text);
          }
        }
        lx_.next();
      }
    }
  }

  std::string subject(Mode mode) const {
    switch (mode) {
      case Mode::kNode:
        return "task '" + std::string(lx_.pinned(0)) + "': ";
      case Mode::kEdge:
        return "edge '" + std::string(lx_.pinned(0)) + "' -> '" + std::string(lx_.pinned(1)) + "'" +
               (chain_.size() > 2 ? " -> ...: " : ": ");
      case Mode::kNodeDefault:
        return "node default: ";
      case Mode::kEdgeDefault:
        return "edge default: ";
      case Mode::kIgnore:
        break;
    }
    return {};
  }

  void apply_size(Mode mode) {
    double v = 0.0;
    if (!parse_number(lx_.text, v))
      lx_.fail(subject(mode) + "size " + quote(lx_.text) + " is not a number");
    const bool is_node = mode == Mode::kNode || mode == Mode::kNodeDefault;
    if (is_node && (!std::isfinite(v) || v < 0))
      lx_.fail(subject(mode) + "size " + quote(lx_.text) + " is not a finite number >= 0");
    if (!is_node && !std::isfinite(v))
      lx_.fail(subject(mode) + "size " + quote(lx_.text) + " is not a finite number");
    switch (mode) {
      case Mode::kNode:
        builder_.set_work(task_, v);
        break;
      case Mode::kEdge:
        edge_size_ = v;
        edge_size_given_ = true;
        break;
      case Mode::kNodeDefault:
        defaults_.node_work = v;
        break;
      case Mode::kEdgeDefault:
        defaults_.edge_size = v;
        break;
      case Mode::kIgnore:
        break;
    }
  }

  void apply_costs() {
    const std::string_view value = lx_.text;
    if (value.find_first_not_of(" \t\r\n\f\v") == std::string_view::npos)
      lx_.fail(subject(Mode::kNode) + "costs is empty");
    std::vector<double> costs;
    std::string_view rest = value;
    for (std::size_t index = 0;; ++index) {
      const std::size_t comma = rest.find(',');
      const std::string_view entry = rest.substr(0, comma);
      double v = 0.0;
      const bool ok = parse_number(entry, v);
      if (!ok || !std::isfinite(v) || v < 0) {
        lx_.fail(subject(Mode::kNode) + "costs[" + std::to_string(index) + "] " + quote(entry) +
                 (ok ? " is not a finite number >= 0" : " is not a number"));
      }
      costs.push_back(v);
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
    builder_.set_costs(task_, std::move(costs));
  }

  Lexer& lx_;
  TaskGraphBuilder builder_;
  Defaults defaults_;
  std::vector<Defaults> scopes_;
  std::vector<TaskId> chain_;
  TaskId task_ = 0;  // task of the current node statement
  double edge_size_ = 0.0;
  bool edge_size_given_ = false;  // the current edge statement has a size attribute
  bool strict_ = false;           // `strict digraph`: no two edges with the same ends
  std::vector<std::uint64_t> declared_;  // bit t: task t had a node statement
  std::unordered_map<std::uint64_t, std::size_t> strict_edges_;  // (from << 32 | to) -> edge
  std::string last_source_name_;
  TaskId last_source_ = 0;
  bool have_last_source_ = false;
  bool quick_ = false;  // see cache_prefix()
  std::size_t prefix_size_ = 0;
  std::uint64_t prefix_word_ = 0;
  std::uint64_t prefix_mask_ = 0;
};

// SimGrid's convention for the tasks named `root` and `end` (create_DAG_from_dot): when the file
// names them, `root` comes before every task but `end` without a predecessor in the file, and
// `end` after every task without a successor in the file (root included), by pure precedences
// (0 bytes). (SimGrid links root first, then the others in order, so `root` gets no edge to
// `end` through its own rule: end has a predecessor by then, since some task is a sink.) The
// graph is built again with those edges, each added in its source's row so that the rows stay
// grouped; a file that names neither is returned as it is.
TaskGraph link_root_and_end(TaskGraph g) {
  const std::optional<TaskId> root = g.find("root"), end = g.find("end");
  if (!root && !end) return g;
  const std::uint32_t n = g.task_count();
  auto root_precedes = [&](TaskId t) {
    return root && t != *root && t != end && g.in_degree(t) == 0;
  };
  auto end_follows = [&](TaskId t) { return end && t != *end && g.out_degree(t) == 0; };
  TaskGraphBuilder b(g.source_name());
  b.reserve(n, g.edge_count() + 2 * std::size_t{n});
  std::vector<double> costs(g.cost_columns());
  for (TaskId t = 0; t < n; ++t) {
    b.copy_task(g, t, g.work(t));
    if (g.has_costs()) {
      for (CoreId c = 0; c < g.cost_columns(); ++c) costs[c] = g.cost(t, c);
      b.set_costs(t, costs);
    }
  }
  for (TaskId t = 0; t < n; ++t) {
    for (EdgeId e = g.out_begin(t); e < g.out_end(t); ++e) b.add_edge(t, g.target(e), g.bytes(e));
    if (root && t == *root)
      for (TaskId u = 0; u < n; ++u)
        if (root_precedes(u)) b.add_edge(t, u, 0.0);
    if (end_follows(t)) b.add_edge(t, *end, 0.0);
  }
  try {
    return b.build();
  } catch (const CycleError& e) {
    // The file had no cycle (its graph was built): this one goes through the added edges.
    throw CycleError(e.file(), e.line(),
                     e.reason() +
                         " (through the edges SimGrid's convention adds from root to the "
                         "tasks without a predecessor and to end from those without a "
                         "successor)",
                     e.task());
  }
}

}  // namespace

TaskGraph read_dot_file(const std::string& path) {
  return read_dot_file(path, kDefaultBufferBytes);
}

TaskGraph read_dot_file(const std::string& path, std::size_t buffer_bytes) {
  const InputFile file = open_input(path);
  const std::size_t size_hint = input_size(file.get());
  Lexer lexer(file.get(), path, buffer_bytes);
  return link_root_and_end(Parser(lexer, path, size_hint).parse());
}

TaskGraph read_dot_text(std::string_view text, const std::string& source_name) {
  Lexer lexer(text, source_name);
  return link_root_and_end(Parser(lexer, source_name, text.size()).parse());
}

namespace {

// The tasks of `g` (as parsed, before root and end are linked) without a node statement and
// without work, but root and end: one warning each.
void warn_about_edge_only_tasks(const Parser& parser, const TaskGraph& g, const std::string& source,
                                std::vector<std::string>& warnings) {
  for (TaskId t = 0; t < g.task_count(); ++t) {
    if (parser.declared(t) || g.work(t) != 0) continue;
    const std::string_view name = g.name(t);
    if (name == "root" || name == "end") continue;
    const std::uint32_t line = g.line_of(t);  // (0: not kept)
    warnings.push_back(source + (line > 0 ? ":" + std::to_string(line) : std::string()) +
                       ": task '" + std::string(name) +
                       "' appears only in edges and has no work (no node statement gives it "
                       "one): a misspelled name?");
  }
}

}  // namespace

TaskGraph read_dot_file(const std::string& path, std::vector<std::string>& warnings) {
  const InputFile file = open_input(path);
  const std::size_t size_hint = input_size(file.get());
  Lexer lexer(file.get(), path, kDefaultBufferBytes);
  Parser parser(lexer, path, size_hint);
  TaskGraph g = parser.parse();
  warn_about_edge_only_tasks(parser, g, path, warnings);
  return link_root_and_end(std::move(g));
}

TaskGraph read_dot_text(std::string_view text, const std::string& source_name,
                        std::vector<std::string>& warnings) {
  Lexer lexer(text, source_name);
  Parser parser(lexer, source_name, text.size());
  TaskGraph g = parser.parse();
  warn_about_edge_only_tasks(parser, g, source_name, warnings);
  return link_root_and_end(std::move(g));
}

}  // namespace pelsim::models
