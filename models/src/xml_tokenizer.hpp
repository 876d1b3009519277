// A small strict XML pull tokenizer, shared by the XML readers of models/ (DAX, SimGrid
// platforms). Internal to models/: not installed.
//
// Cost: one pass over the text; element and attribute names are views into it, attribute values
// are copied into strings the tokenizer reuses (no allocation per element once they have grown).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pelsim::models {

/// Whether `c` is an XML blank (space, tab, newline, carriage return).
bool is_xml_space(char c);

/// A pull tokenizer for the XML subset the readers accept: elements, attributes quoted with '
/// or ", the entities &amp; &lt; &gt; &quot; &apos; and numeric character references,
/// comments, CDATA sections, processing instructions (<?xml ...?>) and a <!DOCTYPE> (skipped,
/// internal subset included). next() returns the next start tag, end tag or text run of the
/// document and checks well-formedness as it goes (matching tags, one root element, no
/// duplicate attribute, nothing but blanks, comments and processing instructions outside the
/// root); anything else throws InputError(path, line, reason). A self-closing tag `<a/>` gives
/// a start then an end event. Namespace prefixes are removed from element names. The text and
/// the path must outlive the tokenizer.
class XmlTokenizer {
 public:
  enum class Event { kStart, kEnd, kText, kDone };

  struct Attribute {
    std::string_view name;
    std::string value;  // entities decoded
  };

  XmlTokenizer(std::string_view text, const std::string& path);

  /// Throws InputError(path, line, reason).
  [[noreturn]] void fail(std::uint32_t line, const std::string& reason) const;

  /// The next event; kDone once, at the end of a well-formed document.
  Event next();

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
  /// The attributes of the current start tag, in the order written.
  std::size_t attribute_count() const { return attr_count_; }
  const Attribute& attribute_at(std::size_t i) const { return attrs_[i]; }

  /// Consumes events up to the end tag of the element whose start tag was just returned.
  void skip_element();

 private:
  struct Open {
    std::string_view qname;
    std::uint32_t line;
  };

  void advance_to(const char* q);
  void skip_blanks();
  void skip_past(std::string_view close, std::size_t skip, const char* what);
  void skip_doctype();
  std::string_view read_name(const char* what);
  std::string describe_here() const;
  void read_entity(std::string& out);
  void read_text();
  void read_attribute_value(std::string_view attr, std::string& out);
  void read_start_tag();
  void read_end_tag();

  const char* p_;
  const char* end_;
  const std::string& path_;
  std::uint32_t line_ = 1;
  std::uint32_t token_line_ = 1;
  bool seen_root_ = false;
  bool pending_end_ = false;
  std::string_view name_;
  std::string text_;
  std::uint32_t text_stray_line_ = 0;  // line of text_'s first non-blank character (0: none)
  std::vector<Attribute> attrs_;
  std::size_t attr_count_ = 0;
  std::vector<Open> stack_;
};

}  // namespace pelsim::models
