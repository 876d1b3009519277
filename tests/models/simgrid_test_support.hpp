// What the SimGrid platform reader's tests share.
#pragma once

#include <string>

#include "pelsim/models/error.hpp"
#include "pelsim/models/simgrid_platform.hpp"

namespace pelsim::models::testing {

/// The what() of the InputError parsing `xml` as file "F" throws ("" when nothing is thrown).
inline std::string error_of(const std::string& xml) {
  try {
    parse_simgrid_platform(xml, "F");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace pelsim::models::testing
