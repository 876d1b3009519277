// One-line JSON objects with doubles at full precision.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace pelsim::experiment {

/// Builds a flat JSON object on one line, in insertion order. Doubles are printed with
/// "%.17g" (round-trip exact, bit-identical on every machine); non-finite ones as null.
class JsonLine {
 public:
  JsonLine& add(std::string_view key, double value);
  JsonLine& add(std::string_view key, std::uint64_t value);
  JsonLine& add(std::string_view key, std::string_view value);
  JsonLine& add(std::string_view key, const char* value) { return add(key, std::string_view(value)); }
  /// `json` as is: an array, an object, true / false (the caller makes it valid JSON).
  JsonLine& add_raw(std::string_view key, std::string_view json);
  /// The object, without a trailing newline.
  std::string str() const { return "{" + body_ + "}"; }

 private:
  void key(std::string_view k);
  std::string body_;
};

/// Escapes a string for a JSON string literal (without the quotes).
std::string json_escape(std::string_view s);

/// "%.17g" of a double: the project's one way to print a time or amount.
std::string format_double(double v);

}  // namespace pelsim::experiment
