// Pegasus DAX reader: a small strict XML tokenizer (XmlTokenizer) and the DAX rules on top of
// it (DaxParser). See dax_reader.hpp for the accepted subset and the semantics.
//
// Performance notes: the file is read whole into one string; element and attribute names are
// views into it, attribute values are copied into strings the tokenizer reuses (so there is
// no allocation per element once they have grown); jobs and files are interned in hash maps;
// a job's file lists become sorted vectors of file indices, so the data on an edge is a merge
// of two short sorted lists.
#include "pelsim/models/dax_reader.hpp"

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
#include <unordered_map>
#include <utility>
#include <vector>

#include "input_file.hpp"
#include "pelsim/models/error.hpp"

namespace pelsim::models {
namespace {

bool is_xml_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool is_name_start(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || u >= 0x80;
}

bool is_name_char(char c) {
  return is_name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

std::string_view local_name(std::string_view qname) {
  const std::size_t colon = qname.rfind(':');
  return colon == std::string_view::npos ? qname : qname.substr(colon + 1);
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// A pull tokenizer for the XML subset of dax_reader.hpp. next() returns the next start tag,
// end tag or text run of the document and checks well-formedness as it goes (matching tags,
// one root element, nothing but blanks, comments and processing instructions outside it). A
// self-closing tag `<a/>` gives a start then an end event.
class XmlTokenizer {
 public:
  enum class Event { kStart, kEnd, kText, kDone };

  struct Attribute {
    std::string_view name;
    std::string value;  // entities decoded
  };

  XmlTokenizer(std::string_view text, const std::string& path)
      : p_(text.data()), end_(text.data() + text.size()), path_(path) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") p_ += 3;  // UTF-8 byte order mark
  }

  [[noreturn]] void fail(std::uint32_t line, const std::string& reason) const {
    throw InputError(path_, line, reason);
  }

  Event next() {
    if (pending_end_) {
      pending_end_ = false;
      name_ = local_name(stack_.back().qname);
      stack_.pop_back();
      return Event::kEnd;
    }
    for (;;) {
      token_line_ = line_;
      if (p_ == end_) {
        if (!stack_.empty())
          fail(stack_.back().line, "element <" + std::string(stack_.back().qname) +
                                       "> is not closed before the end of the file");
        if (!seen_root_) fail(line_, "no root element (empty document)");
        return Event::kDone;
      }
      if (*p_ != '<') {
        read_text();
        if (stack_.empty()) {
          const auto stray =
              std::find_if(text_.begin(), text_.end(), [](char c) { return !is_xml_space(c); });
          if (stray != text_.end())
            fail(token_line_ + static_cast<std::uint32_t>(std::count(text_.begin(), stray, '\n')),
                 seen_root_ ? "text after the root element" : "text before the root element");
          continue;
        }
        return Event::kText;
      }
      const std::string_view rest(p_, static_cast<std::size_t>(end_ - p_));
      if (rest.substr(0, 4) == "<!--") {
        skip_past("-->", 4, "comment");
      } else if (rest.substr(0, 2) == "<?") {
        skip_past("?>", 2, "processing instruction");
      } else if (rest.substr(0, 9) == "<![CDATA[") {
        if (stack_.empty()) fail(token_line_, "CDATA section outside the root element");
        const std::size_t close = rest.find("]]>", 9);
        if (close == std::string_view::npos) fail(token_line_, "unterminated CDATA section");
        text_.assign(rest.substr(9, close - 9));
        advance_to(p_ + close + 3);
        return Event::kText;
      } else if (rest.substr(0, 9) == "<!DOCTYPE") {
        if (seen_root_) fail(token_line_, "<!DOCTYPE> after the root element");
        skip_doctype();
      } else if (rest.substr(0, 2) == "<!") {
        fail(token_line_, "unsupported markup '" + std::string(rest.substr(0, 10)) + "...'");
      } else if (rest.substr(0, 2) == "</") {
        read_end_tag();
        return Event::kEnd;
      } else {
        read_start_tag();
        return Event::kStart;
      }
    }
  }

  /// Local name (namespace prefix removed) of the current start or end tag.
  std::string_view name() const { return name_; }
  /// Line where the current token starts.
  std::uint32_t line() const { return token_line_; }
  /// Decoded text of the current kText event.
  const std::string& text() const { return text_; }
  /// The value of the current start tag's attribute `name` (exact, prefix included), or null.
  const std::string* attribute(std::string_view name) const {
    for (std::size_t i = 0; i < attr_count_; ++i)
      if (attrs_[i].name == name) return &attrs_[i].value;
    return nullptr;
  }

  /// Consumes events up to the end tag of the element whose start tag was just returned.
  void skip_element() {
    for (int depth = 1; depth > 0;) {
      const Event e = next();
      if (e == Event::kStart) ++depth;
      if (e == Event::kEnd) --depth;
    }
  }

 private:
  struct Open {
    std::string_view qname;
    std::uint32_t line;
  };

  void advance_to(const char* q) {
    line_ += static_cast<std::uint32_t>(std::count(p_, q, '\n'));
    p_ = q;
  }

  void skip_blanks() {
    while (p_ != end_ && is_xml_space(*p_)) line_ += *p_++ == '\n';
  }

  // Skips a construct opened at p_ (its opening is `skip` bytes) and closed by `close`.
  void skip_past(std::string_view close, std::size_t skip, const char* what) {
    const std::string_view rest(p_, static_cast<std::size_t>(end_ - p_));
    const std::size_t at = rest.find(close, skip);
    if (at == std::string_view::npos) fail(token_line_, std::string("unterminated ") + what);
    advance_to(p_ + at + close.size());
  }

  // <!DOCTYPE name ... [internal subset] >, with quoted strings that may hold '>' or ']'.
  void skip_doctype() {
    const char* q = p_ + 9;
    char quote = 0;
    int brackets = 0;
    for (; q != end_; ++q) {
      const char c = *q;
      if (quote != 0) {
        if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '[') {
        ++brackets;
      } else if (c == ']') {
        --brackets;
      } else if (c == '>' && brackets <= 0) {
        advance_to(q + 1);
        return;
      }
    }
    fail(token_line_, "unterminated <!DOCTYPE>");
  }

  std::string_view read_name(const char* what) {
    const char* start = p_;
    if (p_ == end_ || !is_name_start(*p_))
      fail(line_, std::string("expected ") + what + ", found " + describe_here());
    while (p_ != end_ && is_name_char(*p_)) ++p_;
    return {start, static_cast<std::size_t>(p_ - start)};
  }

  std::string describe_here() const {
    if (p_ == end_) return "the end of the file";
    return "'" + std::string(1, *p_) + "'";
  }

  // Decodes the entity or character reference at p_ ('&') into out.
  void read_entity(std::string& out) {
    const std::uint32_t at = line_;
    const char* semi = p_ + 1;
    while (semi != end_ && semi - p_ <= 12 && *semi != ';' && !is_xml_space(*semi) && *semi != '<')
      ++semi;
    if (semi == end_ || *semi != ';') fail(at, "'&' must start an entity such as &amp;");
    const std::string_view ref(p_ + 1, static_cast<std::size_t>(semi - p_ - 1));
    if (ref == "amp") {
      out += '&';
    } else if (ref == "lt") {
      out += '<';
    } else if (ref == "gt") {
      out += '>';
    } else if (ref == "quot") {
      out += '"';
    } else if (ref == "apos") {
      out += '\'';
    } else if (ref.size() >= 2 && ref[0] == '#') {
      const bool hex = ref[1] == 'x';
      const std::string_view digits = ref.substr(hex ? 2 : 1);
      std::uint32_t cp = 0;
      const auto [ptr, ec] =
          std::from_chars(digits.data(), digits.data() + digits.size(), cp, hex ? 16 : 10);
      if (digits.empty() || ec != std::errc() || ptr != digits.data() + digits.size() || cp == 0 ||
          cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        fail(at, "invalid character reference '&" + std::string(ref) + ";'");
      append_utf8(out, cp);
    } else {
      fail(at,
           "unknown entity '&" + std::string(ref) + ";' (known: &amp; &lt; &gt; &quot; &apos;)");
    }
    p_ = semi + 1;
  }

  void read_text() {
    text_.clear();
    while (p_ != end_ && *p_ != '<') {
      const char* run = p_;
      while (p_ != end_ && *p_ != '<' && *p_ != '&') line_ += *p_++ == '\n';
      text_.append(run, static_cast<std::size_t>(p_ - run));
      if (p_ != end_ && *p_ == '&') read_entity(text_);
    }
  }

  void read_attribute_value(std::string_view attr, std::string& out) {
    const std::uint32_t at = line_;
    const char quote = *p_++;
    out.clear();
    for (;;) {
      if (p_ == end_) fail(at, "unterminated value of attribute '" + std::string(attr) + "'");
      const char c = *p_;
      if (c == quote) break;
      if (c == '<')
        fail(line_,
             "'<' in the value of attribute '" + std::string(attr) + "'" +
                 (line_ == at ? std::string(" (write &lt;)")
                              : " opened on line " + std::to_string(at) + " (a missing quote?)"));
      if (c == '&') {
        read_entity(out);
        continue;
      }
      line_ += c == '\n';
      out += c;
      ++p_;
    }
    ++p_;
  }

  void read_start_tag() {
    ++p_;  // '<'
    const std::string_view qname = read_name("an element name after '<'");
    if (seen_root_ && stack_.empty())
      fail(token_line_, "a second root element <" + std::string(qname) + ">");
    seen_root_ = true;
    attr_count_ = 0;
    for (;;) {
      const char* before = p_;
      skip_blanks();
      if (p_ == end_) fail(token_line_, "unterminated tag <" + std::string(qname) + ">");
      if (*p_ == '>') {
        ++p_;
        break;
      }
      if (*p_ == '/') {
        if (p_ + 1 == end_ || p_[1] != '>') fail(line_, "expected '/>' to end the tag");
        p_ += 2;
        pending_end_ = true;
        break;
      }
      if (p_ == before)
        fail(line_, "expected a blank, '>' or '/>' in tag <" + std::string(qname) + ">, found " +
                        describe_here());
      const std::uint32_t at = line_;
      const std::string_view attr = read_name("an attribute name");
      if (attribute(attr) != nullptr)
        fail(at,
             "attribute '" + std::string(attr) + "' given twice in <" + std::string(qname) + ">");
      skip_blanks();
      if (p_ == end_ || *p_ != '=')
        fail(line_,
             "expected '=' after attribute '" + std::string(attr) + "', found " + describe_here());
      ++p_;
      skip_blanks();
      if (p_ == end_ || (*p_ != '"' && *p_ != '\''))
        fail(line_, "expected a quoted value for attribute '" + std::string(attr) + "', found " +
                        describe_here());
      if (attr_count_ == attrs_.size()) attrs_.emplace_back();
      Attribute& a = attrs_[attr_count_];
      a.name = attr;
      read_attribute_value(attr, a.value);
      ++attr_count_;
    }
    stack_.push_back({qname, token_line_});
    name_ = local_name(qname);
  }

  void read_end_tag() {
    p_ += 2;  // "</"
    const std::string_view qname = read_name("an element name after '</'");
    skip_blanks();
    if (p_ == end_ || *p_ != '>')
      fail(line_, "expected '>' to end </" + std::string(qname) + ">, found " + describe_here());
    ++p_;
    if (stack_.empty())
      fail(token_line_, "closing tag </" + std::string(qname) + "> without an opening tag");
    if (stack_.back().qname != qname)
      fail(token_line_, "closing tag </" + std::string(qname) + "> does not match <" +
                            std::string(stack_.back().qname) + "> opened at line " +
                            std::to_string(stack_.back().line));
    stack_.pop_back();
    name_ = local_name(qname);
  }

  const char* p_;
  const char* end_;
  const std::string& path_;
  std::uint32_t line_ = 1;
  std::uint32_t token_line_ = 1;
  bool seen_root_ = false;
  bool pending_end_ = false;
  std::string_view name_;
  std::string text_;
  std::vector<Attribute> attrs_;
  std::size_t attr_count_ = 0;
  std::vector<Open> stack_;
};

// Parses a whole string (blanks around allowed) as a decimal number.
bool parse_number(std::string_view s, double& out) {
  while (!s.empty() && is_xml_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_xml_space(s.back())) s.remove_suffix(1);
  if (!s.empty() && s.front() == '+') {
    s.remove_prefix(1);
    if (!s.empty() && (s.front() == '+' || s.front() == '-')) return false;
  }
  if (s.empty()) return false;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

void sort_unique(std::vector<std::uint32_t>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

std::uint64_t pair_key(std::uint32_t from, std::uint32_t to) {
  return std::uint64_t{from} << 32 | to;
}

// The DAX rules on top of the tokenizer.
class DaxParser {
 public:
  DaxParser(std::string_view text, const std::string& path, double speed)
      : xml_(text, path), path_(path), speed_(speed) {}

  TaskGraph parse() {
    using Event = XmlTokenizer::Event;
    Event e = xml_.next();
    while (e == Event::kText) e = xml_.next();  // blanks only, checked by the tokenizer
    if (xml_.name() != "adag")
      fail(xml_.line(), "expected the <adag> root element of a DAX file, found <" +
                            std::string(xml_.name()) + ">");
    for (e = xml_.next(); e != Event::kEnd; e = xml_.next()) {
      if (e != Event::kStart) continue;
      const std::string_view name = xml_.name();
      if (name == "job" || name == "dag" || name == "dax") {
        read_job();
      } else if (name == "child") {
        read_child();
      } else {
        xml_.skip_element();
      }
    }
    while (xml_.next() != Event::kDone) {
    }
    return build();
  }

 private:
  struct Job {
    std::string id;
    std::uint32_t line = 0;
    double runtime = 0;
    std::vector<std::uint32_t> inputs;   // file indices, sorted, unique
    std::vector<std::uint32_t> outputs;  // file indices, sorted, unique
  };

  struct Control {
    std::string parent;
    std::string child;
    std::uint32_t parent_line;
    std::uint32_t child_line;
  };

  [[noreturn]] void fail(std::uint32_t line, const std::string& reason) const {
    throw InputError(path_, line, reason);
  }

  // `value` as a finite number >= 0; `what()` names it in errors (called only then).
  template <typename What>
  double number_attribute(const std::string& value, const What& what) const {
    double v = 0;
    if (!parse_number(value, v)) fail(xml_.line(), what() + " '" + value + "' is not a number");
    if (!std::isfinite(v) || v < 0)
      fail(xml_.line(), what() + " must be a finite number >= 0, not " + value);
    return v;
  }

  void read_job() {
    using Event = XmlTokenizer::Event;
    const std::string tag(xml_.name());
    const std::uint32_t line = xml_.line();
    const std::string* id = xml_.attribute("id");
    if (id == nullptr) fail(line, "<" + tag + "> has no id attribute");
    if (id->empty()) fail(line, "<" + tag + "> has an empty id");
    const auto index = static_cast<std::uint32_t>(jobs_.size());
    const auto [it, added] = job_index_.emplace(*id, index);
    if (!added)
      fail(line, "job '" + *id + "' is defined twice (first at line " +
                     std::to_string(jobs_[it->second].line) + ")");
    Job job;
    job.id = *id;
    job.line = line;
    bool has_runtime = false;
    if (const std::string* runtime = xml_.attribute("runtime"); runtime != nullptr) {
      job.runtime = number_attribute(*runtime, [&] { return "job '" + job.id + "': runtime"; });
      has_runtime = true;
    }
    for (Event e = xml_.next(); e != Event::kEnd; e = xml_.next()) {
      if (e != Event::kStart) continue;
      const std::string_view name = xml_.name();
      if (name == "uses") {
        read_uses(job);
        xml_.skip_element();
      } else if (name == "profile" && !has_runtime && is_runtime_profile()) {
        job.runtime = read_runtime_profile(job);
        has_runtime = true;
      } else {
        xml_.skip_element();
      }
    }
    if (!has_runtime)
      fail(line, "job '" + job.id +
                     "' has no runtime (neither a runtime attribute nor a <profile "
                     "namespace=\"pegasus\" key=\"runtime\">)");
    sort_unique(job.inputs);
    sort_unique(job.outputs);
    jobs_.push_back(std::move(job));
  }

  bool is_runtime_profile() const {
    const std::string* ns = xml_.attribute("namespace");
    const std::string* key = xml_.attribute("key");
    return ns != nullptr && key != nullptr && *ns == "pegasus" && *key == "runtime";
  }

  double read_runtime_profile(const Job& job) {
    using Event = XmlTokenizer::Event;
    const std::uint32_t line = xml_.line();
    std::string text;
    for (Event e = xml_.next(); e != Event::kEnd; e = xml_.next()) {
      if (e == Event::kText) text += xml_.text();
      if (e == Event::kStart) fail(xml_.line(), "unexpected element inside the runtime <profile>");
    }
    double v = 0;
    if (!parse_number(text, v))
      fail(line, "job '" + job.id + "': runtime profile '" + text + "' is not a number");
    if (!std::isfinite(v) || v < 0)
      fail(line, "job '" + job.id + "': runtime must be a finite number >= 0, not " + text);
    return v;
  }

  void read_uses(Job& job) {
    const std::uint32_t line = xml_.line();
    const std::string* file = xml_.attribute("file");
    if (file == nullptr) file = xml_.attribute("name");
    if (file == nullptr)
      fail(line, "job '" + job.id + "': <uses> has no file (DAX 2.1) or name (DAX 3) attribute");
    auto what = [&] { return "job '" + job.id + "': <uses file=\"" + *file + "\">"; };
    const std::string* link = xml_.attribute("link");
    if (link == nullptr) fail(line, what() + " has no link attribute (input or output)");
    const bool input = *link == "input" || *link == "inout";
    const bool output = *link == "output" || *link == "inout";
    if (!input && !output && *link != "none" && *link != "checkpoint")
      fail(line, what() + ": unknown link \"" + *link +
                     "\" (known: input, output, inout, none, checkpoint)");
    const auto [it, added] = file_index_.emplace(*file, static_cast<std::uint32_t>(files_.size()));
    if (added) files_.emplace_back();
    FileInfo& f = files_[it->second];
    if (const std::string* size = xml_.attribute("size"); size != nullptr) {
      const double bytes = number_attribute(*size, [&] { return what() + ": size"; });
      if (!f.has_size) {  // the first size given wins, as in SimGrid
        f.size = bytes;
        f.has_size = true;
      }
    }
    const auto j = static_cast<std::uint32_t>(jobs_.size());
    if (input) {
      job.inputs.push_back(it->second);
      f.consumers.push_back(j);
    }
    if (output) {
      job.outputs.push_back(it->second);
      f.producers.push_back(j);
    }
  }

  void read_child() {
    using Event = XmlTokenizer::Event;
    const std::uint32_t line = xml_.line();
    const std::string* ref = xml_.attribute("ref");
    if (ref == nullptr) fail(line, "<child> has no ref attribute");
    const std::string child = *ref;
    for (Event e = xml_.next(); e != Event::kEnd; e = xml_.next()) {
      if (e != Event::kStart) continue;
      if (xml_.name() == "parent") {
        const std::string* parent = xml_.attribute("ref");
        if (parent == nullptr) fail(xml_.line(), "<parent> has no ref attribute");
        controls_.push_back({*parent, child, xml_.line(), line});
      }
      xml_.skip_element();
    }
  }

  std::uint32_t job_of(const std::string& id, std::uint32_t line, const std::string& what) const {
    const auto it = job_index_.find(id);
    if (it == job_index_.end()) fail(line, what + ": no job has id '" + id + "'");
    return it->second;
  }

  double shared_bytes(const Job& from, const Job& to) const {
    double sum = 0;
    auto a = from.outputs.begin();
    auto b = to.inputs.begin();
    while (a != from.outputs.end() && b != to.inputs.end()) {
      if (*a < *b) {
        ++a;
      } else if (*b < *a) {
        ++b;
      } else {
        sum += files_[*a].size;
        ++a;
        ++b;
      }
    }
    return sum;
  }

  TaskGraph build() {
    std::vector<std::uint64_t> pairs;
    pairs.reserve(controls_.size());
    for (const Control& c : controls_) {
      const std::uint32_t to = job_of(c.child, c.child_line, "<child ref=\"" + c.child + "\">");
      const std::uint32_t from = job_of(
          c.parent, c.parent_line, "<parent ref=\"" + c.parent + "\"> of child '" + c.child + "'");
      pairs.push_back(pair_key(from, to));
    }
    for (FileInfo& f : files_) {
      sort_unique(f.producers);
      sort_unique(f.consumers);
      for (const std::uint32_t p : f.producers)
        for (const std::uint32_t c : f.consumers)
          if (p != c) pairs.push_back(pair_key(p, c));
    }
    std::sort(pairs.begin(), pairs.end());
    pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());

    TaskGraphBuilder builder(path_);
    builder.reserve(jobs_.size(), pairs.size());
    for (const Job& job : jobs_) builder.intern_task(job.id, job.runtime * speed_, job.line);
    for (const std::uint64_t key : pairs) {
      const auto from = static_cast<TaskId>(key >> 32);
      const auto to = static_cast<TaskId>(key & 0xFFFFFFFFu);
      builder.add_edge(from, to, shared_bytes(jobs_[from], jobs_[to]));
    }
    return builder.build();
  }

  struct FileInfo {
    double size = 0;
    bool has_size = false;
    std::vector<std::uint32_t> producers;  // job indices
    std::vector<std::uint32_t> consumers;
  };

  XmlTokenizer xml_;
  const std::string& path_;
  double speed_;
  std::vector<Job> jobs_;
  std::unordered_map<std::string, std::uint32_t> job_index_;
  std::vector<FileInfo> files_;
  std::unordered_map<std::string, std::uint32_t> file_index_;
  std::vector<Control> controls_;
};

}  // namespace

TaskGraph read_dax_file(const std::string& path, double reference_speed) {
  if (!std::isfinite(reference_speed) || reference_speed <= 0)
    throw InputError(path, 0,
                     "reference speed must be a positive finite number of flop/s, got " +
                         std::to_string(reference_speed));
  const std::string text = read_input_text(path);
  return DaxParser(text, path, reference_speed).parse();
}

}  // namespace pelsim::models
