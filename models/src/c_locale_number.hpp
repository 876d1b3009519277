// strtod in the "C" locale: a decimal point is '.', whatever the process's locale (the Qt GUI
// sets the user's, in which "0.5" may stop at the '.').
#pragma once

#include <clocale>
#include <cmath>
#include <cstdlib>
#include <string>

namespace pelsim::models {

/// strtod(text, end) as in the "C" locale (glibc's strtod_l): "+1", hexadecimal, inf and nan,
/// and values out of a double's range (+-inf, or the nearest tiny value) as strtod reads them.
inline double strtod_c(const char* text, char** end) {
  static const locale_t c_locale = newlocale(LC_ALL_MASK, "C", locale_t{});
  return strtod_l(text, end, c_locale);
}

/// The whole of `text` as strtod_c reads it, or NaN when it is empty or something follows.
inline double whole_number_c(const std::string& text) {
  char* end = nullptr;
  const double x = strtod_c(text.c_str(), &end);
  return text.empty() || end != text.c_str() + text.size() ? std::nan("") : x;
}

}  // namespace pelsim::models
