// What the SimGrid platform reader's tests share.
#pragma once

#include <string>
#include <vector>

#include "pelsim/models/error.hpp"
#include "pelsim/models/network_topology.hpp"
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

/// The names of the links of route a -> b, space-separated.
inline std::string route_names(const NetworkTopology& t, NodeId a, NodeId b) {
  std::vector<LinkId> r;
  t.route(a, b, r);
  std::string out;
  for (LinkId l : r) out += (out.empty() ? "" : " ") + t.links()[l].name;
  return out;
}

}  // namespace pelsim::models::testing
