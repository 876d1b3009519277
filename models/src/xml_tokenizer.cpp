// The XML pull tokenizer shared by the readers of models/ (see xml_tokenizer.hpp).
#include "xml_tokenizer.hpp"

#include <algorithm>
#include <charconv>
#include <system_error>

#include "pelsim/models/error.hpp"

namespace pelsim::models {
namespace {

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

}  // namespace

bool is_xml_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

XmlTokenizer::XmlTokenizer(std::string_view text, const std::string& path)
    : p_(text.data()), end_(text.data() + text.size()), path_(path) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") p_ += 3;  // UTF-8 byte order mark
}

void XmlTokenizer::fail(std::uint32_t line, const std::string& reason) const {
  throw InputError(path_, line, reason);
}

XmlTokenizer::Event XmlTokenizer::next() {
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
        if (text_stray_line_ != 0)
          fail(text_stray_line_,
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

void XmlTokenizer::skip_element() {
  for (int depth = 1; depth > 0;) {
    const Event e = next();
    if (e == Event::kStart) ++depth;
    if (e == Event::kEnd) --depth;
  }
}

void XmlTokenizer::advance_to(const char* q) {
  line_ += static_cast<std::uint32_t>(std::count(p_, q, '\n'));
  p_ = q;
}

void XmlTokenizer::skip_blanks() {
  while (p_ != end_ && is_xml_space(*p_)) line_ += *p_++ == '\n';
}

// Skips a construct opened at p_ (its opening is `skip` bytes) and closed by `close`.
void XmlTokenizer::skip_past(std::string_view close, std::size_t skip, const char* what) {
  const std::string_view rest(p_, static_cast<std::size_t>(end_ - p_));
  const std::size_t at = rest.find(close, skip);
  if (at == std::string_view::npos) fail(token_line_, std::string("unterminated ") + what);
  advance_to(p_ + at + close.size());
}

// <!DOCTYPE name ... [internal subset] >, with quoted strings that may hold '>' or ']'.
void XmlTokenizer::skip_doctype() {
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

std::string_view XmlTokenizer::read_name(const char* what) {
  const char* start = p_;
  if (p_ == end_ || !is_name_start(*p_))
    fail(line_, std::string("expected ") + what + ", found " + describe_here());
  while (p_ != end_ && is_name_char(*p_)) ++p_;
  return {start, static_cast<std::size_t>(p_ - start)};
}

std::string XmlTokenizer::describe_here() const {
  if (p_ == end_) return "the end of the file";
  return "'" + std::string(1, *p_) + "'";
}

// Decodes the entity or character reference at p_ ('&') into out.
void XmlTokenizer::read_entity(std::string& out) {
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
    fail(at, "unknown entity '&" + std::string(ref) + ";' (known: &amp; &lt; &gt; &quot; &apos;)");
  }
  p_ = semi + 1;
}

// The line of the first non-blank character is kept as it is read: an entity may stand for a
// line break (&#xa;) that is not one of the file's.
void XmlTokenizer::read_text() {
  text_.clear();
  text_stray_line_ = 0;
  while (p_ != end_ && *p_ != '<') {
    const char* run = p_;
    while (p_ != end_ && *p_ != '<' && *p_ != '&') {
      if (text_stray_line_ == 0 && !is_xml_space(*p_)) text_stray_line_ = line_;
      line_ += *p_++ == '\n';
    }
    text_.append(run, static_cast<std::size_t>(p_ - run));
    if (p_ != end_ && *p_ == '&') {
      const std::size_t before = text_.size();
      read_entity(text_);
      if (text_stray_line_ == 0 &&
          std::any_of(text_.begin() + static_cast<std::ptrdiff_t>(before), text_.end(),
                      [](char c) { return !is_xml_space(c); }))
        text_stray_line_ = line_;
    }
  }
}

void XmlTokenizer::read_attribute_value(std::string_view attr, std::string& out) {
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

void XmlTokenizer::read_start_tag() {
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
      fail(at, "attribute '" + std::string(attr) + "' given twice in <" + std::string(qname) + ">");
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

void XmlTokenizer::read_end_tag() {
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

}  // namespace pelsim::models
