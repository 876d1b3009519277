// Tests of the WfCommons (WfFormat JSON) reader (models/src/wfcommons_reader.cpp).
//
// Unless a comment says otherwise, an expected value is read off the JSON of the test itself
// with the rules of wfcommons_reader.hpp: tasks in file order named by id, work =
// runtimeInSeconds * speed (the stated reference speed, else the speed of the task's machine,
// else the one speed all the machines record, else 1e9), pairs = parents ∪ children, one edge
// p -> c per file p writes and c reads, carrying its size (a 0-byte edge for a pair without
// one). Error lines count from line 1 = the first line of the JSON text.
#include "pelsim/models/wfcommons_reader.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <tuple>
#include <vector>

#include "graph_inspection.hpp"
#include "pelsim/models/error.hpp"
#include "pelsim/models/graph_metrics.hpp"

namespace pelsim::models {
namespace {

using testing::EdgeRec;
using testing::edges_of;
using testing::level_sizes;
using testing::names_of;
using testing::TempFile;
using testing::works_of;

TaskGraph read_text(const std::string& json, const WfCommonsOptions& options = {}) {
  const TempFile f(json, ".json");
  return read_wfcommons_file(f.path(), options);
}

// The what() of the InputError reading `json` throws, with the temporary path replaced by
// "F" ("" when nothing is thrown).
std::string error_of(const std::string& json, const WfCommonsOptions& options = {}) {
  const TempFile f(json, ".json");
  try {
    read_wfcommons_file(f.path(), options);
  } catch (const InputError& e) {
    std::string what = e.what();
    if (what.compare(0, f.path().size(), f.path()) == 0) what = "F" + what.substr(f.path().size());
    return what;
  }
  return "";
}

// A 1.5 instance: line 1 opens the workflow, line 2 the specification tasks, then one line per
// entry of `spec` (line 3 ...), one line "], \"files\": [", one per entry of `files`, "]},",
// a line opening the execution tasks, one line per entry of `exec`, and the closing line.
std::string v15(const std::vector<std::string>& spec, const std::vector<std::string>& files,
                const std::vector<std::string>& exec) {
  auto lines = [](const std::vector<std::string>& v) {
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i) out += v[i] + (i + 1 < v.size() ? ",\n" : "\n");
    return out;
  };
  return "{\"schemaVersion\": \"1.5\", \"workflow\": {\n"
         "\"specification\": {\"tasks\": [\n" +
         lines(spec) + "], \"files\": [\n" + lines(files) +
         "]},\n"
         "\"execution\": {\"makespanInSeconds\": 1, \"tasks\": [\n" +
         lines(exec) + "]}}}\n";
}

// ---------------------------------------------------------------------------------------------
// Schema 1.5

const char* const kFourTasks = R"({"schemaVersion": "1.5",
 "workflow": {
  "specification": {
   "tasks": [
    {"name": "prep", "id": "a", "parents": [], "children": ["b", "c"], "inputFiles": ["in"], "outputFiles": ["x", "y"]},
    {"name": "work", "id": "b", "parents": ["a"], "children": [], "inputFiles": ["x", "y", "x"], "outputFiles": ["z"]},
    {"name": "sum", "id": "c", "parents": ["b"], "children": [], "inputFiles": ["z", "x"], "outputFiles": ["out"]},
    {"name": "report", "id": "d", "parents": ["c"], "inputFiles": ["in"]}
   ],
   "files": [{"id": "in", "sizeInBytes": 1}, {"id": "x", "sizeInBytes": 100},
             {"id": "y", "sizeInBytes": 20}, {"id": "z", "sizeInBytes": 3}, {"id": "out", "sizeInBytes": 5}]
  },
  "execution": {
   "makespanInSeconds": 9,
   "tasks": [
    {"id": "c", "runtimeInSeconds": 0.5, "command": {"program": "sum", "arguments": ["-v", "--id", "a"]}, "machines": ["n1"]},
    {"id": "a", "runtimeInSeconds": 2, "avgCPU": 99.5, "memoryInBytes": 1024},
    {"id": "d", "runtimeInSeconds": 1},
    {"id": "b", "runtimeInSeconds": 0}
   ],
   "machines": [{"nodeName": "n1", "cpu": {"coreCount": 4, "speedInMHz": 2000}}]
  }
 }
})";

TEST(WfCommonsReader, Schema15TasksWorkAndEdgeBytes) {
  const TaskGraph g = read_text(kFourTasks);
  // Specification order (not execution order), named by id.
  EXPECT_EQ(names_of(g), (std::vector<std::string>{"a", "b", "c", "d"}));
  // runtimeInSeconds * 2e9: c ran on n1 (2000 MHz = 2e9 cycles/s, one flop a cycle), and a, b
  // and d name no machine but n1, the only one, records 2000 MHz. b has a valid runtime of 0.
  EXPECT_EQ(works_of(g), (std::vector<double>{4e9, 0, 1e9, 2e9}));
  // a->b: a writes {x, y}, b reads {x, y} (x twice, counted once): one edge per file, 100
  // and 20. a->c: only in a's children; shares x = 100. b->c: only in c's parents; shares z =
  // 3. c->d: c writes "out", d reads "in": a 0-byte precedence.
  EXPECT_EQ(edges_of(g),
            (std::vector<EdgeRec>{
                {"a", "b", 20}, {"a", "b", 100}, {"a", "c", 100}, {"b", "c", 3}, {"c", "d", 0}}));
  EXPECT_FALSE(g.has_costs());
}

TEST(WfCommonsReader, ReferenceSpeedScalesWork) {
  EXPECT_EQ(works_of(read_text(kFourTasks, WfCommonsOptions{4.0})),
            (std::vector<double>{8, 0, 2, 4}));  // runtime * 4
  EXPECT_EQ(works_of(read_text(kFourTasks, WfCommonsOptions{0.0})),
            (std::vector<double>{4e9, 0, 1e9, 2e9}));  // 0 = the recorded 2000 MHz
}

TEST(WfCommonsReader, TaskWithoutIdIsNamedByNameAndRefsFallBackToNames) {
  const TaskGraph g = read_text(
      v15({R"({"name": "alpha", "id": "1", "children": []})",
           R"({"name": "beta", "parents": ["alpha"], "children": []})",
           R"({"name": "gamma", "id": "3", "parents": ["beta", "1"]})"},
          {},
          {R"({"id": "1", "runtimeInSeconds": 1})", R"({"id": "beta", "runtimeInSeconds": 2})",
           R"({"id": "3", "runtimeInSeconds": 3})"}));
  // beta has no id: its name is its id. "alpha" is not an id but the name of task 1.
  EXPECT_EQ(names_of(g), (std::vector<std::string>{"1", "beta", "3"}));
  EXPECT_EQ(edges_of(g), (std::vector<EdgeRec>{{"1", "3", 0}, {"1", "beta", 0}, {"beta", "3", 0}}));
}

TEST(WfCommonsReader, NoFilesListMeansZeroByteEdges) {
  const TaskGraph g = read_text(
      R"({"workflow": {"specification": {"tasks": [{"id": "p", "children": ["q"]}, {"id": "q"}]},
          "execution": {"tasks": [{"id": "q", "runtimeInSeconds": 1}, {"id": "p", "runtimeInSeconds": 1e-3}]}}})");
  EXPECT_EQ(works_of(g), (std::vector<double>{1e6, 1e9}));
  EXPECT_EQ(edges_of(g), (std::vector<EdgeRec>{{"p", "q", 0}}));
}

// ---------------------------------------------------------------------------------------------
// Machines and speeds

const std::string kTwoMachines = std::string(PELSIM_TEST_DATA) + "/wfcommons/two-machines.json";

TEST(WfCommonsReader, WorkIsTheRuntimeAtTheSpeedOfTheTasksMachine) {
  std::vector<double> speeds;
  WfCommonsOptions o;
  o.task_speeds = &speeds;
  const TaskGraph g = read_wfcommons_file(kTwoMachines, o);
  EXPECT_EQ(names_of(g), (std::vector<std::string>{"a", "b", "c"}));
  // a: 4 s on "slow" (1000 MHz -> 1e9 flop/s): 4e9. b: 3 s, first machine "fast" (2000 MHz ->
  // 2e9): 6e9. c: 1 s on no machine, and the two machines record different speeds: 1e9.
  EXPECT_EQ(works_of(g), (std::vector<double>{4e9, 6e9, 1e9}));
  EXPECT_EQ(speeds, (std::vector<double>{1e9, 2e9, 1e9}));
}

TEST(WfCommonsReader, AStatedReferenceSpeedOverridesTheMachines) {
  std::vector<double> speeds;
  WfCommonsOptions o;
  o.reference_speed = 3e9;
  o.task_speeds = &speeds;
  // 4, 3 and 1 s, each at 3e9 whatever machine it ran on.
  EXPECT_EQ(works_of(read_wfcommons_file(kTwoMachines, o)), (std::vector<double>{12e9, 9e9, 3e9}));
  EXPECT_EQ(speeds, (std::vector<double>(3, 3e9)));
}

// A 1.5 instance: tasks p (2 s, on `p_machines`) -> q (5 s, no machine), and `machines` as
// workflow.execution.machines. Line 3 holds p's execution record, line 5 the machines.
std::string with_machines(const std::string& machines,
                          const std::string& p_machines = R"(["m1"])") {
  return R"({"workflow": {"specification": {"tasks": [{"id": "p", "children": ["q"]}, {"id": "q"}]},
"execution": {"tasks": [
{"id": "p", "runtimeInSeconds": 2, "machines": )" +
         p_machines + R"(},
{"id": "q", "runtimeInSeconds": 5}],
"machines": )" +
         machines + "}}}\n";
}

TEST(WfCommonsReader, TasksWithoutARecordedSpeedTakeTheSpeedAllMachinesShare) {
  // One machine at 2400 MHz (like rnaseq, whose tasks name no machine): p on it 2 s * 2.4e9,
  // q on no machine takes the speed every machine records: 5 s * 2.4e9.
  EXPECT_EQ(
      works_of(read_text(with_machines(R"([{"nodeName": "m1", "cpu": {"speedInMHz": 2400}}])"))),
      (std::vector<double>{4.8e9, 12e9}));
  // Two machines at the same speed: the same.
  EXPECT_EQ(
      works_of(read_text(with_machines(
          R"([{"nodeName": "m1", "cpu": {"speedInMHz": 2400}}, {"nodeName": "m2", "cpu": {"speedInMHz": 2400}}])"))),
      (std::vector<double>{4.8e9, 12e9}));
  // m2 records no speed: q has no common speed to take, 5 s * 1e9.
  EXPECT_EQ(
      works_of(read_text(with_machines(
          R"([{"nodeName": "m1", "cpu": {"speedInMHz": 2400}}, {"nodeName": "m2", "cpu": {"coreCount": 24}}])"))),
      (std::vector<double>{4.8e9, 5e9}));
  // p's first machine, m2, records no speed (the second's is not used): p 2 s * 1e9.
  EXPECT_EQ(
      works_of(read_text(with_machines(
          R"([{"nodeName": "m1", "cpu": {"speedInMHz": 2400}}, {"nodeName": "m2", "cpu": {"coreCount": 24}}])",
          R"(["m2", "m1"])"))),
      (std::vector<double>{2e9, 5e9}));
  // No machine records a speed (like blast and bwa; a null speed is not recorded): 1e9 each.
  EXPECT_EQ(
      works_of(read_text(with_machines(R"([{"nodeName": "m1", "cpu": {"speedInMHz": null}}])"))),
      (std::vector<double>{2e9, 5e9}));
  EXPECT_EQ(works_of(read_text(with_machines(R"([{"nodeName": "m1"}])"))),
            (std::vector<double>{2e9, 5e9}));
}

TEST(WfCommonsReader, MachineErrors) {
  const std::string m1 = R"([{"nodeName": "m1", "cpu": {"speedInMHz": 2400}}])";
  EXPECT_EQ(error_of(with_machines(m1, R"(["zz"])")),
            "F:3: task 'p': machine 'zz' is not in workflow.execution.machines");
  EXPECT_EQ(error_of(with_machines(m1, R"("m1")")),
            "F:3: task 'p': machines must be an array (found string)");
  EXPECT_EQ(error_of(with_machines(m1, R"([7])")),
            "F:3: task 'p': machines must hold strings (found number)");
  EXPECT_EQ(error_of(with_machines(R"([{"nodeName": "m1"}, {"nodeName": "m1"}])")),
            "F:5: machine 'm1' is listed twice in workflow.execution.machines");
  EXPECT_EQ(error_of(with_machines(R"([{"nodeName": "m1", "cpu": {"speedInMHz": "fast"}}])")),
            "F:5: machine 'm1': cpu.speedInMHz must be a number (found string)");
  EXPECT_EQ(error_of(with_machines(R"([{"nodeName": "m1", "cpu": {"speedInMHz": -5}}])")),
            "F:5: machine 'm1': cpu.speedInMHz must be >= 0 (found -5)");
  EXPECT_EQ(error_of(with_machines(R"([{"nodeName": "m1", "cpu": 4}])")),
            "F:5: machine 'm1': cpu must be an object (found number)");
  EXPECT_EQ(error_of(with_machines(R"([{"cpu": {}}])")),
            "F:5: workflow.execution.machines[0]: nodeName must be a string (found nothing)");
  EXPECT_EQ(error_of(with_machines(R"([3])")),
            "F:5: workflow.execution.machines[0] must be an object (found number)");
  EXPECT_EQ(error_of(with_machines("3")),
            "F: 'workflow.execution.machines' must be an array (found number)");
  // Older layouts: a task's machine is one nodeName of workflow.machines.
  const std::string old = R"({"workflow": {"machines": [{"nodeName": "n", "cpu": {"speed": 2000}}],
"tasks": [{"id": "t", "runtimeInSeconds": 1, "machine": )";
  EXPECT_EQ(error_of(old + "7}]}}"), "F:2: task 't': machine must be a string (found number)");
  EXPECT_EQ(error_of(old + R"("zz"}]}})"),
            "F:2: task 't': machine 'zz' is not in workflow.machines");
  EXPECT_EQ(works_of(read_text(old + R"("n"}]}})")), (std::vector<double>{2e9}));  // 1 s * 2e9
}

// ---------------------------------------------------------------------------------------------
// Older layouts

TEST(WfCommonsReader, Schema14InlineFilesAndParentsByName) {
  const TaskGraph g =
      read_text(R"({"name": "old", "schemaVersion": "1.4", "wms": {"name": "Pegasus"},
 "workflow": {"makespanInSeconds": 10, "executedAt": "2020",
  "machines": [{"nodeName": "n", "cpu": {"count": 4, "speed": 2000}}],
  "tasks": [
   {"name": "split_ID01", "id": "ID01", "type": "compute", "parents": [], "children": ["merge_ID02"],
    "runtimeInSeconds": 3, "machine": "n", "category": "split", "command": {"program": "split"},
    "files": [{"link": "input", "name": "raw", "sizeInBytes": 1000},
              {"link": "output", "name": "part", "sizeInBytes": 40}]},
   {"name": "merge_ID02", "id": "ID02", "type": "compute", "parents": ["split_ID01"], "children": [],
    "runtimeInSeconds": 1.5,
    "files": [{"link": "input", "name": "part", "sizeInBytes": 44},
              {"link": "output", "name": "result", "sizeInBytes": 7}]}
  ]}})");
  EXPECT_EQ(names_of(g), (std::vector<std::string>{"ID01", "ID02"}));
  // ID01 ran on n, cpu.speed 2000 (MHz, 1.4): 3 s * 2e9; ID02 names no machine, n is the only
  // one: 1.5 s * 2e9.
  EXPECT_EQ(works_of(g), (std::vector<double>{6e9, 3e9}));
  // "part" is 40 bytes where it is first given (its writer), not the reader's 44.
  EXPECT_EQ(edges_of(g), (std::vector<EdgeRec>{{"ID01", "ID02", 40}}));
}

TEST(WfCommonsReader, Schema12JobsRuntimeAndSize) {
  const TaskGraph g = read_text(R"({"workflow": {"jobs": [
    {"name": "a", "runtime": 1, "parents": [], "files": [{"link": "output", "name": "f", "size": 8}]},
    {"name": "b", "runtime": 2, "parents": ["a"], "files": [{"link": "input", "name": "f", "size": 8}]}]}})");
  EXPECT_EQ(names_of(g), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(works_of(g), (std::vector<double>{1e9, 2e9}));
  EXPECT_EQ(edges_of(g), (std::vector<EdgeRec>{{"a", "b", 8}}));
}

// ---------------------------------------------------------------------------------------------
// Errors

TEST(WfCommonsReader, JsonSyntaxErrorsGiveTheLine) {
  // A missing comma before "files" on line 4.
  const std::string e = error_of(
      "{\"workflow\": {\n"
      "  \"specification\": {\n"
      "    \"tasks\": [{\"id\": \"a\"}]\n"
      "    \"files\": []\n"
      "}}}\n");
  EXPECT_EQ(e.rfind("F:4: JSON syntax error: ", 0), 0u) << e;
  // Cut short: the end of the input is on line 3.
  const std::string cut = error_of("{\"workflow\": {\n\"specification\": {\n\"tasks\": [");
  EXPECT_EQ(cut.rfind("F:3: JSON syntax error: ", 0), 0u) << cut;
  // Trailing garbage after the document, line 2.
  const std::string tail = error_of("{\"workflow\": {}}\n]\n");
  EXPECT_EQ(tail.rfind("F:2: JSON syntax error: ", 0), 0u) << tail;
  EXPECT_EQ(error_of("").rfind("F:1: JSON syntax error: ", 0), 0u);
}

TEST(WfCommonsReader, RuntimeMustBeANonNegativeNumber) {
  const std::vector<std::string> spec = {R"({"id": "a", "children": ["b"]})",
                                         R"({"id": "b", "parents": ["a"]})"};
  // Lines: spec tasks 3-4, "files" 5, "]}," 6, execution 7, records 8-9 (see v15()).
  EXPECT_EQ(error_of(v15(spec, {},
                         {R"({"id": "a", "runtimeInSeconds": 1})",
                          R"({"id": "b", "runtimeInSeconds": "12.5"})"})),
            "F:9: task 'b': runtimeInSeconds must be a number (found string)");
  EXPECT_EQ(error_of(v15(spec, {},
                         {R"({"id": "a", "runtimeInSeconds": -1})",
                          R"({"id": "b", "runtimeInSeconds": 1})"})),
            "F:8: task 'a': runtimeInSeconds must be >= 0 (found -1)");
  EXPECT_EQ(
      error_of(
          v15(spec, {}, {R"({"id": "a", "runtimeInSeconds": 1})", R"({"id": "b", "runtime": 1})"})),
      "F:9: task 'b': runtimeInSeconds is missing");
  EXPECT_EQ(error_of(v15(spec, {}, {R"({"id": "a", "runtimeInSeconds": 1})"})),
            "F:4: task 'b': no runtimeInSeconds (no record in workflow.execution.tasks)");
  EXPECT_EQ(error_of(v15(
                spec, {},
                {R"({"id": "a", "runtimeInSeconds": 1})", R"({"id": "b", "runtimeInSeconds": 1})",
                 R"({"id": "a", "runtimeInSeconds": 2})"})),
            "F:8: task 'a': has two records in workflow.execution.tasks");
  EXPECT_EQ(error_of(v15(
                spec, {},
                {R"({"id": "a", "runtimeInSeconds": 1})", R"({"id": "b", "runtimeInSeconds": 1})",
                 R"({"id": "zz", "runtimeInSeconds": 2})"})),
            "F:10: task 'zz' of workflow.execution.tasks is not in workflow.specification.tasks");
  EXPECT_EQ(error_of(v15(spec, {}, {R"({"runtimeInSeconds": 1})"})),
            "F:8: workflow.execution.tasks[0]: id must be a string (found nothing)");
}

TEST(WfCommonsReader, UnknownParentChildOrFile) {
  const std::vector<std::string> exec = {R"({"id": "a", "runtimeInSeconds": 1})",
                                         R"({"id": "b", "runtimeInSeconds": 1})"};
  EXPECT_EQ(error_of(v15({R"({"id": "a", "children": ["b"]})", R"({"id": "b", "parents": ["q"]})"},
                         {}, exec)),
            "F:4: task 'b': parent 'q' is not a task");
  EXPECT_EQ(error_of(v15({R"({"id": "a", "children": ["c"]})", R"({"id": "b"})"}, {}, exec)),
            "F:3: task 'a': child 'c' is not a task");
  EXPECT_EQ(error_of(v15({R"({"id": "a", "outputFiles": ["f1"]})", R"({"id": "b"})"},
                         {R"({"id": "f0", "sizeInBytes": 1})"}, exec)),
            "F:3: task 'a': outputFiles names file 'f1', which is not in "
            "workflow.specification.files");
  // Two tasks share the name "x": a reference to it is ambiguous.
  EXPECT_EQ(error_of(v15(
                {R"({"id": "a", "name": "x"})", R"({"id": "b", "name": "x"})",
                 R"({"id": "c", "parents": ["x"]})"},
                {},
                {R"({"id": "a", "runtimeInSeconds": 1})", R"({"id": "b", "runtimeInSeconds": 1})",
                 R"({"id": "c", "runtimeInSeconds": 1})"})),
            "F:5: task 'c': parent 'x' names several tasks");
}

// Found by fuzz/wfcommons_fuzzer's audit of messages without a line (PELSIM_FUZZ_LINE0=1,
// docs/fuzzing.md): an element of a record array of the wrong type, or without its id, was
// reported with no line although the parser had just read it. It is placed where the element
// starts: an object at its '{', a scalar where it ends (a number's line, not the next one).
TEST(WfCommonsReader, ABadElementIsPlacedAtItsLine) {
  auto instance = [](const std::string& second_task, const std::string& file) {
    return "{\"workflow\": {\"specification\": {\"tasks\": [\n"
           "  {\"id\": \"a\"},\n" +
           second_task + ",\n  {\"id\": \"c\"}\n], \"files\": [\n  " + file + "]}}}\n";
  };
  const std::string file = R"({"id": "f", "sizeInBytes": 1})";
  // Lines: 1 the header, 2 task a, 3 the second task (4 too when it spans two lines).
  EXPECT_EQ(error_of(instance("  {\n   \"name\": {}}", file)),
            "F:3: workflow.specification.tasks[1]: name must be a string (found object)");
  EXPECT_EQ(error_of(instance("  7", file)),
            "F:3: workflow.specification.tasks[1] must be an object (found number)");
  // The files (line 6) are read before the tasks.
  EXPECT_EQ(error_of(instance("  7", R"({"sizeInBytes": 1})")),
            "F:6: workflow.specification.files[0]: id must be a string (found nothing)");
}

TEST(WfCommonsReader, WrongTypesAndDuplicates) {
  const std::vector<std::string> exec = {R"({"id": "a", "runtimeInSeconds": 1})"};
  EXPECT_EQ(error_of(v15({R"({"id": "a", "parents": "b"})"}, {}, exec)),
            "F:3: task 'a': parents must be an array (found string)");
  EXPECT_EQ(error_of(v15({R"({"id": "a", "children": [1]})"}, {}, exec)),
            "F:3: task 'a': children must hold strings (found number)");
  EXPECT_EQ(error_of(v15({R"({"id": 7})"}, {}, exec)),
            "F:3: workflow.specification.tasks[0]: id must be a string (found number)");
  EXPECT_EQ(error_of(v15({R"({"parents": []})"}, {}, exec)),
            "F:3: workflow.specification.tasks[0] has no id (nor name)");
  EXPECT_EQ(error_of(v15({R"("a")"}, {}, exec)),
            "F:3: workflow.specification.tasks[0] must be an object (found string)");
  EXPECT_EQ(error_of(v15({R"({"id": "a"})", R"({"id": "a"})"}, {}, exec)),
            "F:3: task 'a': is listed twice");
  // Files: lines 3 = task, 4 = "files", 5.. = file records.
  EXPECT_EQ(error_of(v15({R"({"id": "a"})"}, {R"({"id": "f", "sizeInBytes": "1kB"})"}, exec)),
            "F:5: file 'f': sizeInBytes must be a number (found string)");
  EXPECT_EQ(error_of(v15({R"({"id": "a"})"}, {R"({"id": "f"})"}, exec)),
            "F:5: file 'f': sizeInBytes is missing");
  EXPECT_EQ(
      error_of(v15({R"({"id": "a"})"},
                   {R"({"id": "f", "sizeInBytes": 1})", R"({"id": "f", "sizeInBytes": 2})"}, exec)),
      "F:5: file 'f': is listed twice in workflow.specification.files");
  EXPECT_EQ(error_of(v15({R"({"id": "a"})"}, {R"({"id": "f", "sizeInBytes": -2})"}, exec)),
            "F:5: file 'f': sizeInBytes must be >= 0 (found -2)");
}

TEST(WfCommonsReader, NotAWorkflow) {
  EXPECT_EQ(error_of("[1, 2]"), "F:1: expected a JSON object at the top level");
  EXPECT_EQ(error_of(R"({"name": "x"})"), "F: no 'workflow' object: not a WfCommons instance");
  EXPECT_EQ(error_of(R"({"workflow": []})"), "F: 'workflow' must be an object (found array)");
  EXPECT_EQ(error_of(R"({"workflow": {"makespanInSeconds": 1}})"),
            "F: no 'workflow.specification' (schema 1.5) nor 'workflow.tasks' (1.3, 1.4) nor "
            "'workflow.jobs' (up to 1.2)");
  EXPECT_EQ(error_of(R"({"workflow": {"specification": {"files": []}}})"),
            "F: no 'workflow.specification.tasks' array");
  EXPECT_EQ(error_of(R"({"workflow": {"specification": {"tasks": {}}}})"),
            "F: 'workflow.specification.tasks' must be an array (found object)");
}

TEST(WfCommonsReader, OldLayoutErrors) {
  EXPECT_EQ(error_of(R"({"workflow": {"tasks": [
    {"name": "a", "runtimeInSeconds": 1, "files": [{"link": "inout", "name": "f", "sizeInBytes": 1}]}]}})"),
            "F:2: task 'a': file 'f': link must be \"input\" or \"output\" (found \"inout\")");
  EXPECT_EQ(error_of(R"({"workflow": {"tasks": [
    {"name": "a", "runtimeInSeconds": 1},
    {"name": "b"}]}})"),
            "F:3: task 'b': runtimeInSeconds is missing");
  // SimGrid's own JSON DAGs (scenarios/workloads/simgrid/json), when the WfCommons reader is
  // asked for one: the message says what it is and how to read it.
  EXPECT_EQ(error_of(R"({"workflow": {"tasks": [
    {"name": "c1", "type": "compute", "runtimeInSeconds": 1e9},
    {"name": "t1", "type": "transfer", "parents": ["c1"], "writtenBytes": 5e8}]}})"),
            "F:3: task 't1': runtimeInSeconds is missing (this looks like SimGrid's own DAG "
            "JSON, whose transfer tasks carry writtenBytes and no runtime: read it with "
            "--format simgrid_json)");
  EXPECT_EQ(error_of(R"({"workflow": {"tasks": [
    {"name": "a", "runtimeInSeconds": 1, "files": [{"link": "input", "sizeInBytes": 1}]}]}})"),
            "F:2: task 'a': a file has no name (a string)");
}

TEST(WfCommonsReader, CyclesAndSelfDependencies) {
  const std::vector<std::string> exec = {R"({"id": "a", "runtimeInSeconds": 1})",
                                         R"({"id": "b", "runtimeInSeconds": 1})"};
  const std::string cycle = error_of(
      v15({R"({"id": "a", "children": ["b"]})", R"({"id": "b", "children": ["a"]})"}, {}, exec));
  // Placed at the task's id in the specification (line 3, see v15), not in the execution.
  EXPECT_EQ(cycle, "F:3: the graph has a cycle through task 'a': 'a' -> 'b' -> 'a'");
  EXPECT_EQ(error_of(v15({R"({"id": "b"})", R"({"id": "a", "parents": ["a"]})"}, {}, exec)),
            "F:4: task 'a' (first named on this line) depends on itself: an edge 'a' -> 'a'");
  // The old layout (one task array): at the task's name.
  EXPECT_EQ(error_of(R"({"workflow": {"tasks": [
    {"name": "a", "runtimeInSeconds": 1, "children": ["b"]},
    {"name": "b", "runtimeInSeconds": 1, "children": ["a"]}]}})"),
            "F:2: the graph has a cycle through task 'a': 'a' -> 'b' -> 'a'");
}

TEST(WfCommonsReader, BadOptionsAndMissingFile) {
  EXPECT_EQ(error_of(kFourTasks, WfCommonsOptions{-1}),
            "F: reference speed must be a finite number of flop/s >= 0 (0 = the recorded "
            "machine's speed, else 1e9), got -1.000000");
  EXPECT_NE(error_of(kFourTasks, WfCommonsOptions{std::numeric_limits<double>::infinity()}), "");
  try {
    read_wfcommons_file("/nonexistent/pelsim/x.json");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              "/nonexistent/pelsim/x.json: cannot open file: No such file or directory");
  }
}

// ---------------------------------------------------------------------------------------------
// The real instances of /work/shared/workloads/wfcommons

struct Instance {
  const char* file;
  std::uint32_t tasks;
  std::uint32_t pairs;          // README §1 table, "edges": parent/child pairs
  std::uint32_t edges;          // python3, below: one per file of data a pair passes, else one
  double sum_runtime_readme;    // README §1 table, "sum runtime s" (rounded to 0.1 s)
  double critical_path_readme;  // README §1 table, "critical path s" (rounded to 0.1 s)
  double sum_runtime;           // python3, below
  double critical_path;         // python3, below
  double bytes;                 // python3, below: sum over edges of the shared files' sizes
};

// tasks / pairs: README §1 table. edges, sum_runtime, critical_path and bytes were computed
// with python3 (standard library only), in /work/shared/workloads/wfcommons:
//   python3 -c '
//   import json,sys,functools
//   for f in sys.argv[1:]:
//     w=json.load(open(f))["workflow"]; s=w["specification"]; T={t["id"]:t for t in s["tasks"]}
//     rt={t["id"]:t["runtimeInSeconds"] for t in w["execution"]["tasks"]}
//     sz={x["id"]:x["sizeInBytes"] for x in s["files"]}
//     E={(i,c) for i in T for c in T[i]["children"]}|{(p,i) for i in T for p in T[i]["parents"]}
//     ch={i:[] for i in T}; [ch[p].append(c) for p,c in E]
//     bl=functools.lru_cache(None)(lambda i: rt[i]+max([bl(c) for c in ch[i]],default=0))
//     sh=lambda p,c: set(T[p]["outputFiles"])&set(T[c]["inputFiles"])
//     print(f,len(T),len(E),sum(max(1,sum(sz[x]>0 for x in sh(p,c))) for p,c in E),
//       sum(rt.values()),max(map(bl,T)),sum(sum(sz[x] for x in sh(p,c)) for p,c in E))' *-*.json
// (its task and pair counts agree with the README table).
const Instance kInstances[] = {
    {"helloworld-chain-5-chameleon.json", 5, 4, 4, 501.2, 501.2, 501.24, 501.24, 66666668},
    {"helloworld-forkjoin-10-chameleon.json", 10, 16, 16, 1028.7, 307.4, 1028.704, 307.36,
     145454560},
    {"srasearch-chameleon-10a-001.json", 22, 30, 100, 6996.8, 1005.9, 6996.779, 1005.858,
     10763460131},
    {"blast-chameleon-small-001.json", 43, 120, 120, 382.9, 10.4, 382.91272, 10.413171, 794},
    {"montage-chameleon-2mass-005d-001.json", 58, 114, 174, 221.7, 21.4, 221.726, 21.385,
     549181584},
    {"soykb-chameleon-10fastq-10ch-001.json", 96, 194, 374, 11814.5, 2933.3, 11814.517, 2933.276,
     22288969},
    {"bwa-chameleon-small-001.json", 104, 400, 800, 380.0, 91.4, 379.989466, 91.370927, 17612492},
    {"rnaseq-dirt02-001.json", 197, 451, 499, 2580.4, 759.5, 2580.36, 759.454, 681250099},
    {"cycles-chameleon-2l-2c-9p-001.json", 266, 388, 580, 7950.2, 252.0, 7950.209, 251.959,
     6866992},
    {"1000genome-chameleon-8ch-250k-001.json", 328, 424, 424, 21720.4, 372.9, 21720.413, 372.872,
     122479186},
    {"seismology-chameleon-1000p-001.json", 1001, 1000, 1000, 538.4, 5.4, 538.433, 5.437, 6320320},
    {"epigenomics-chameleon-ilmn-6seq-50k-001.json", 1695, 2108, 2108, 26060.0, 1084.1, 26059.999,
     1084.123, 9382784915},
    {"montage-chameleon-dss-15d-001.json", 2122, 6114, 10110, 78087.5, 989.5, 78087.502, 989.458,
     414146284920},
};

std::string shared_path(const char* file) {
  return std::string(PELSIM_SHARED_DIR) + "/workloads/wfcommons/" + file;
}

TEST(WfCommonsReader, RealInstancesMatchTheReadmeTable) {
  for (const Instance& in : kInstances) {
    SCOPED_TRACE(in.file);
    const std::string path = shared_path(in.file);
    if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " is absent";
    const TaskGraph g = read_wfcommons_file(path, WfCommonsOptions{1.0});
    const GraphMetrics m = compute_graph_metrics(g);
    EXPECT_EQ(m.tasks, in.tasks);
    EXPECT_EQ(m.task_pairs, in.pairs);
    EXPECT_EQ(m.edges, in.edges);
    EXPECT_NEAR(m.total_work, in.sum_runtime_readme, 0.05);
    EXPECT_NEAR(m.critical_path_work, in.critical_path_readme, 0.05);
    EXPECT_NEAR(m.total_work, in.sum_runtime, 1e-9 * in.sum_runtime);
    EXPECT_NEAR(m.critical_path_work, in.critical_path, 1e-9 * in.critical_path);
    EXPECT_EQ(m.total_bytes, in.bytes);  // integers well below 2^53: exact
  }
}

TEST(WfCommonsReader, RealInstancesLayers) {
  // Level sizes (level(t) = max(level(p) + 1 for p in parents(t)), 0 for a source), sources
  // and sinks, computed with python3 (standard library) in /work/shared/workloads/wfcommons:
  //   python3 -c '
  //   import json,sys,functools
  //   for f in sys.argv[1:]:
  //     T={t["id"]:t for t in json.load(open(f))["workflow"]["specification"]["tasks"]}
  //     E={(i,c) for i in T for c in T[i]["children"]}|{(p,i) for i in T for p in T[i]["parents"]}
  //     pr={i:[p for p,c in E if c==i] for i in T}
  //     lv=functools.lru_cache(None)(lambda i: max([lv(p)+1 for p in pr[i]],default=0))
  //     L=[lv(i) for i in T]; print(f,[L.count(k) for k in range(max(L)+1)],
  //       sum(not pr[i] for i in T),sum(all(p!=i for p,c in E) for i in T))'
  //     helloworld-forkjoin-10-chameleon.json montage-chameleon-2mass-005d-001.json
  //     srasearch-chameleon-10a-001.json          (the three file names on the same line)
  //   helloworld-forkjoin-10-chameleon.json ([1, 8, 1], 1, 1)
  //   montage-chameleon-2mass-005d-001.json ([12, 18, 3, 3, 12, 3, 3, 4], 12, 4)
  //   srasearch-chameleon-10a-001.json ([11, 10, 1], 11, 1)
  const struct {
    const char* file;
    std::vector<std::uint32_t> levels;
    std::uint32_t sources;
    std::uint32_t sinks;
  } cases[] = {
      {"helloworld-forkjoin-10-chameleon.json", {1, 8, 1}, 1, 1},
      {"montage-chameleon-2mass-005d-001.json", {12, 18, 3, 3, 12, 3, 3, 4}, 12, 4},
      {"srasearch-chameleon-10a-001.json", {11, 10, 1}, 11, 1},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.file);
    const std::string path = shared_path(c.file);
    if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " is absent";
    const TaskGraph g = read_wfcommons_file(path);
    EXPECT_EQ(level_sizes(g), c.levels);
    const GraphMetrics m = compute_graph_metrics(g);
    EXPECT_EQ(m.sources, c.sources);
    EXPECT_EQ(m.sinks, c.sinks);
  }
}

TEST(WfCommonsReader, HelloworldChainInDetail) {
  const std::string path = shared_path("helloworld-chain-5-chameleon.json");
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " is absent";
  const TaskGraph g = read_wfcommons_file(path);
  // From the file: cpuhog_chain_0000000k (k = 1..5) in order, each reading the output of the
  // previous one, every chain_*_output.txt being 16666667 bytes; task 1 runs 100.376 s.
  ASSERT_EQ(g.task_count(), 5u);
  for (TaskId t = 0; t < 5; ++t)
    EXPECT_EQ(g.name(t), "cpuhog_chain_0000000" + std::to_string(t + 1));
  // It ran on "ubuntu", which records 1200 MHz: 100.376 s * 1.2e9.
  EXPECT_DOUBLE_EQ(g.work(0), 100.376 * 1.2e9);
  ASSERT_EQ(g.edge_count(), 4u);
  for (EdgeId e = 0; e < 4; ++e) {
    EXPECT_EQ(g.source(e), e);
    EXPECT_EQ(g.target(e), e + 1);
    EXPECT_EQ(g.bytes(e), 16666667);
  }
}

TEST(WfCommonsReader, SchemaFileIsNotAnInstance) {
  const std::string path = shared_path("wfcommons-schema-1.5.json");
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " is absent";
  EXPECT_THROW(read_wfcommons_file(path), InputError);
}

TEST(WfCommonsReader, RealInstancesAtTheirMachinesSpeeds) {
  // Total work = sum of runtime * the speed of the task's first machine (MHz * 1e6), else the
  // one speed all machines record, else 1e9; computed with python3 in
  // /work/shared/workloads/wfcommons:
  //   python3 -c '
  //   import json,sys
  //   for f in sys.argv[1:]:
  //     e=json.load(open(f))["workflow"]["execution"]
  //     sp={m["nodeName"]:(m.get("cpu",{}).get("speedInMHz") or 0)*1e6 for m in e["machines"]}
  //     c=set(sp.values()); c=c.pop() if len(c)==1 and 0 not in c else 0
  //     print(f,sum(t["runtimeInSeconds"]*((sp[t["machines"][0]] if t.get("machines") else 0)
  //       or c or 1e9) for t in e["tasks"]))' 1000genome-chameleon-8ch-250k-001.json
  //     rnaseq-dirt02-001.json blast-chameleon-small-001.json  (on the same line)
  const struct {
    const char* file;
    double total_work;
  } cases[] = {
      {"1000genome-chameleon-8ch-250k-001.json", 32017116400000.0},
      {"rnaseq-dirt02-001.json", 6192864000000.0},  // no task names a machine: all at 2400 MHz
      {"blast-chameleon-small-001.json", 382912720000.0},  // no speed recorded: 1e9
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.file);
    const std::string path = shared_path(c.file);
    if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " is absent";
    EXPECT_NEAR(compute_graph_metrics(read_wfcommons_file(path)).total_work, c.total_work,
                1e-12 * c.total_work);
  }
}

}  // namespace
}  // namespace pelsim::models
