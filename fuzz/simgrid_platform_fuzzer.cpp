// libFuzzer harness of the SimGrid platform reader (parse_simgrid_platform, the text entry
// point of read_simgrid_platform), and of the routed topology a Full zone builds.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.hpp"
#include "pelsim/models/network_topology.hpp"
#include "pelsim/models/simgrid_platform.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::string name = "fuzz.xml";
  try {
    const pelsim::models::ImportedPlatform p = pelsim::models::parse_simgrid_platform(text, name);
    // A Full zone's table is the size of the file; a cluster's topology may be huge.
    if (p.topology.kind == pelsim::models::TopologyKind::kRouted) {
      const pelsim::models::NetworkTopology t = pelsim::models::build_topology(p.topology);
      std::vector<pelsim::models::LinkId> route;
      for (pelsim::models::NodeId a = 0; a < t.node_count(); ++a) t.route(a, a, route);
    }
  } catch (const pelsim::models::InputError& e) {
    pelsim::fuzz::check_error(e, name, text);
  }
  return 0;
}
