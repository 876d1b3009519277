// SimGrid's own DAG JSON (create_DAG_from_json): compute tasks of `runtime` flops, transfers as
// edges from their parent to the task that reads them, the hosts the file names, and the
// errors. Expected graphs are read off the small files below.
#include "pelsim/models/simgrid_json_reader.hpp"

#include <gtest/gtest.h>

#include <string>

#include "graph_inspection.hpp"
#include "pelsim/models/error.hpp"

namespace pelsim::models {
namespace {

using testing::EdgeRec;
using testing::edges_of;
using testing::names_of;
using testing::TempFile;
using testing::works_of;

SimgridJsonDag read_text(const std::string& json) {
  const TempFile f(json, ".json");
  return read_simgrid_json_dag(f.path());
}

// The what() of the InputError reading `json` throws, the temporary path shown as "F".
std::string error_of(const std::string& json) {
  const TempFile f(json, ".json");
  try {
    read_simgrid_json_dag(f.path());
  } catch (const InputError& e) {
    std::string what = e.what();
    if (what.compare(0, f.path().size(), f.path()) == 0) what = "F" + what.substr(f.path().size());
    return what;
  }
  return "";
}

// SimGrid's example (scenarios/workloads/simgrid/json/dag-from-json-simple.json): c1 (1e9
// flops, Tremblay) sends t1 (5e8 bytes) to c3 (2e9, Jupiter), which also follows c2 (5e9,
// Jupiter). Three tasks, the edge c1 -> c3 of t1's bytes and the precedence c2 -> c3.
TEST(SimgridJson, SimgridsExampleIsThreeTasksATransferAndAPrecedence) {
  const SimgridJsonDag dag = read_simgrid_json_dag(
      std::string(PELSIM_SCENARIOS_DIR) + "/workloads/simgrid/json/dag-from-json-simple.json");
  EXPECT_EQ(names_of(dag.graph), (std::vector<std::string>{"c1", "c2", "c3"}));
  EXPECT_EQ(works_of(dag.graph), (std::vector<double>{1e9, 5e9, 2e9}));
  EXPECT_EQ(edges_of(dag.graph), (std::vector<EdgeRec>{{"c1", "c3", 5e8}, {"c2", "c3", 0}}));
  EXPECT_EQ(dag.machines, (std::vector<std::string>{"Tremblay", "Jupiter", "Jupiter"}));
  EXPECT_TRUE(dag.placed());
}

// SimGrid's loader reads `runtime` and `bytesWritten`; its example file says runtimeInSeconds
// and writtenBytes. Both are read; a parent may come later in the file; a task without a
// machine leaves the file unplaced.
TEST(SimgridJson, BothSpellingsParentsLaterAndNoPlacement) {
  const SimgridJsonDag dag = read_text(R"({"workflow": {"tasks": [
    {"name": "b", "type": "compute", "parents": ["x"], "runtime": 3},
    {"name": "x", "type": "transfer", "parents": ["a"], "bytesWritten": 7},
    {"name": "a", "type": "compute", "parents": [], "runtime": 2, "machine": "h"}]}})");
  EXPECT_EQ(names_of(dag.graph), (std::vector<std::string>{"b", "a"}));
  EXPECT_EQ(works_of(dag.graph), (std::vector<double>{3, 2}));
  EXPECT_EQ(edges_of(dag.graph), (std::vector<EdgeRec>{{"a", "b", 7}}));
  EXPECT_EQ(dag.machines, (std::vector<std::string>{"", "h"}));
  EXPECT_FALSE(dag.placed());
}

TEST(SimgridJson, LooksLikeSimgridJsonWithTasksOfItsTypesAndNoFileLists) {
  EXPECT_TRUE(looks_like_simgrid_json(
      R"({"workflow": {"tasks": [{"name": "t", "type": "transfer", "writtenBytes": 1}]}})"));
  EXPECT_TRUE(looks_like_simgrid_json(R"({"tasks": [{"type": "transfer", "bytesWritten": 1}]})"));
  // WfCommons instances: files lists, or 1.5's specification (whose execution tasks may record
  // writtenBytes, as I/O measurements).
  EXPECT_FALSE(looks_like_simgrid_json(
      R"({"workflow": {"tasks": [{"type": "transfer", "writtenBytes": 1, "files": []}]}})"));
  EXPECT_FALSE(looks_like_simgrid_json(
      R"({"workflow": {"specification": {}, "execution": {"tasks": [{"writtenBytes": 1}]}}})"));
  EXPECT_FALSE(looks_like_simgrid_json(
      R"({"workflow": {"jobs": [{"type": "compute", "runtime": 1, "files": []}]}})"));
  EXPECT_FALSE(looks_like_simgrid_json(
      R"({"wms": {"name": "Pegasus"}, "workflow": {"tasks": [{"type": "compute"}]}})"));
  // SimGrid's files of compute tasks only (no transfer) are SimGrid's too.
  EXPECT_TRUE(looks_like_simgrid_json(
      R"({"workflow": {"tasks": [{"name": "a", "type": "compute", "runtime": 2e9}]}})"));
}

TEST(SimgridJson, ErrorsNameTheFileTheLineAndTheTask) {
  const auto tasks = [](const std::string& body) {
    return "{\"workflow\": {\"tasks\": [\n" + body + "]}}";
  };
  EXPECT_EQ(error_of("{\"workflow\": {\"tasks\": [\n{\"name\": \"a\",}]}}"),
            "F:2: JSON syntax error: syntax error while parsing object key - unexpected '}'; "
            "expected string literal");
  EXPECT_EQ(error_of("{\"workflow\": {}}"),
            "F:1: no 'workflow.tasks' array: not a SimGrid DAG JSON file");
  EXPECT_EQ(error_of(tasks("{\"name\": \"a\", \"type\": \"io\", \"runtime\": 1}")),
            "F:2: task 'a': unknown type 'io' (known: compute, transfer)");
  EXPECT_EQ(error_of(tasks("{\"name\": \"a\", \"type\": \"compute\"}")),
            "F:2: task 'a': runtime is missing (its flops, as SimGrid reads it)");
  EXPECT_EQ(error_of(tasks("{\"name\": \"a\", \"type\": \"compute\", \"runtime\": -1}")),
            "F:2: task 'a': runtime must be a number >= 0 (its flops, as SimGrid reads it)");
  EXPECT_EQ(error_of(tasks("{\"name\": \"a\", \"type\": \"compute\", \"runtime\": 1},\n"
                           "{\"name\": \"a\", \"type\": \"compute\", \"runtime\": 1}")),
            "F:2: task 'a': a second task of that name");
  EXPECT_EQ(error_of(tasks("{\"name\": \"a\", \"type\": \"compute\", \"runtime\": 1, "
                           "\"parents\": [\"z\"]}")),
            "F:2: task 'a': unknown parent 'z'");
  const std::string two =
      "{\"name\": \"a\", \"type\": \"compute\", \"runtime\": 1},\n"
      "{\"name\": \"b\", \"type\": \"compute\", \"runtime\": 1},\n";
  EXPECT_EQ(error_of(tasks(two + "{\"name\": \"t\", \"type\": \"transfer\", \"writtenBytes\": 1, "
                                 "\"parents\": [\"a\", \"b\"]}")),
            "F:4: task 't': a transfer has one parent, the task whose data it sends (it has 2)");
  EXPECT_EQ(error_of(tasks(two + "{\"name\": \"t\", \"type\": \"transfer\", \"writtenBytes\": 1, "
                                 "\"parents\": [\"a\"]}")),
            "F:4: task 't': the transfer feeds no compute task (no task names it as a parent)");
  EXPECT_EQ(error_of(tasks(two + "{\"name\": \"t\", \"type\": \"transfer\", \"writtenBytes\": 1, "
                                 "\"parents\": [\"a\"]},\n"
                                 "{\"name\": \"c\", \"type\": \"compute\", \"runtime\": 1, "
                                 "\"parents\": [\"t\"]},\n"
                                 "{\"name\": \"d\", \"type\": \"compute\", \"runtime\": 1, "
                                 "\"parents\": [\"t\"]}")),
            "F:4: task 't': two tasks read this transfer ('c', 'd'): pelsim sends each transfer "
            "to one task");
  EXPECT_EQ(error_of(tasks("{\"name\": \"a\", \"type\": \"compute\", \"runtime\": 1, "
                           "\"machine\": \"h1\"},\n"
                           "{\"name\": \"t\", \"type\": \"transfer\", \"writtenBytes\": 1, "
                           "\"parents\": [\"a\"], \"machine\": \"h2\"},\n"
                           "{\"name\": \"c\", \"type\": \"compute\", \"runtime\": 1, "
                           "\"parents\": [\"t\"], \"machine\": \"h3\"}")),
            "F:3: task 't': the transfer goes to 'h2' but its reader 'c' runs on 'h3': pelsim "
            "sends data to the host of the task that reads it");
  EXPECT_EQ(error_of(tasks("{\"name\": \"a\", \"type\": \"compute\", \"runtime\": 1, "
                           "\"parents\": [\"b\"]},\n"
                           "{\"name\": \"b\", \"type\": \"compute\", \"runtime\": 1, "
                           "\"parents\": [\"a\"]}")),
            "F:2: the tasks' parents form a cycle (through 'a')");
  EXPECT_EQ(error_of(tasks(two + "{\"name\": \"c\", \"type\": \"compute\", \"runtime\": 1, "
                                 "\"parents\": [\"a\", \"b\", \"a\"]}")),
            "F:4: task 'c': parent 'a' is listed twice");
}

}  // namespace
}  // namespace pelsim::models
