// Lists the activities SimGrid's own DAX loader (s4u::create_DAG_from_DAX, SimGrid 3.32) makes
// of a DAX file: "comm PARENT CHILD BYTES" per transfer, "dep PARENT CHILD" per direct
// dependency between two executions; jobs are named by their id (SimGrid's "id@name" cut at
// '@'). tests/data/sgref_dax holds its output for three shipped DAX files, which
// tests/models/dax_reader_test.cpp compares with pelsim's edges under --root-end.
//
// Build and run (Debian 12, `apt-get install libsimgrid-dev`):
//   g++ -std=c++17 -O1 scripts/crosscheck/sg_dax_list.cpp -o /tmp/sg_dax_list \
//       $(pkg-config --cflags --libs simgrid)
//   /tmp/sg_dax_list scenarios/workloads/simgrid/dax/Montage_25.xml 2>/dev/null | LC_ALL=C sort
#include <cstdio>
#include <simgrid/s4u.hpp>
#include <string>

namespace sg4 = simgrid::s4u;

int main(int argc, char** argv) {
  sg4::Engine engine(&argc, argv);
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s FILE.xml\n", argv[0]);
    return 2;
  }
  const auto dag = sg4::create_DAG_from_DAX(argv[1]);
  auto id = [](const sg4::Activity* a) {
    const std::string name = a->get_name();
    return name.substr(0, name.find('@'));
  };
  for (const auto& a : dag) {
    if (const auto* comm = dynamic_cast<const sg4::Comm*>(a.get())) {
      std::printf("comm %s %s %.0f\n", id(comm->get_dependencies().begin()->get()).c_str(),
                  id(comm->get_successors().front().get()).c_str(), comm->get_remaining());
    } else {
      for (const auto& next : a->get_successors())
        if (dynamic_cast<const sg4::Exec*>(next.get()) != nullptr)
          std::printf("dep %s %s\n", id(a.get()).c_str(), id(next.get()).c_str());
    }
  }
  return 0;
}
