// Tests of the Standard Task Graph Set reader (models/src/stg_reader.cpp).
//
// Unless a comment says otherwise, an expected value is read off the STG text of the test
// itself with the rules of stg_reader.hpp: n + 2 tasks named "0" .. "n+1" (dummies kept),
// work = time * reference speed, one 0-byte edge p -> t per predecessor p of t.
#include "pelsim/models/stg_reader.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <tuple>
#include <vector>

#include "pelsim/models/error.hpp"
#include "pelsim/models/graph_metrics.hpp"
#include "graph_inspection.hpp"

namespace pelsim::models {
namespace {

using testing::EdgeRec;
using testing::edges_of;
using testing::names_of;
using testing::works_of;
using testing::lines_of;
using testing::level_sizes;
using testing::TempFile;


TaskGraph read_text(const std::string& stg, double speed = 1) {
  const TempFile f(stg, ".stg");
  return read_stg_file(f.path(), speed);
}

// The what() of the InputError reading `stg` throws, with the temporary path replaced by "F"
// ("" when nothing is thrown).
std::string error_of(const std::string& stg, double speed = 1) {
  const TempFile f(stg, ".stg");
  try {
    read_stg_file(f.path(), speed);
  } catch (const InputError& e) {
    std::string what = e.what();
    if (what.compare(0, f.path().size(), f.path()) == 0) what = "F" + what.substr(f.path().size());
    return what;
  }
  return "";
}

// ---------------------------------------------------------------------------------------------
// Accepted input

// Official layout: numbers right-aligned in 11-character columns, then the information part.
const char* const kThree =
    "          3\n"
    "          0          0          0\n"
    "          1          5          1          0\n"
    "          2        2.5          1          0\n"
    "          3          4          2          1          2\n"
    "          4          0          1          3\n"
    "# Tasks             : 3 (+dummy tasks : 2)\n"
    "# CP Length         : 9\n";

TEST(StgReader, TasksWorkEdgesAndLines) {
  const TaskGraph g = read_text(kThree);
  // The dummy entry 0 and exit 4 are kept, with their 0 time.
  EXPECT_EQ(names_of(g), (std::vector<std::string>{"0", "1", "2", "3", "4"}));
  EXPECT_EQ(works_of(g), (std::vector<double>{0, 5, 2.5, 4, 0}));
  EXPECT_EQ(lines_of(g), (std::vector<std::uint32_t>{2, 3, 4, 5, 6}));
  EXPECT_EQ(edges_of(g),
            (std::vector<EdgeRec>{
                {"0", "1", 0}, {"0", "2", 0}, {"1", "3", 0}, {"2", "3", 0}, {"3", "4", 0}}));
  // Critical path 0-1-3-4 = 5 + 4 = 9, as the information part says.
  EXPECT_EQ(compute_graph_metrics(g).critical_path_work, 9.0);
}

TEST(StgReader, ReferenceSpeedScalesWork) {
  EXPECT_EQ(works_of(read_text(kThree, 1e9)), (std::vector<double>{0, 5e9, 2.5e9, 4e9, 0}));
}

TEST(StgReader, WrappedRecordsCommentsTabsAndCrlf) {
  const TaskGraph g = read_text(
      "2\r\n"
      "# a comment before the graph\r\n"
      "0 0 0\r\n"
      "1\t7\t1\r\n"
      "   0\r\n"
      "2 3 1 1 # a trailing comment\r\n"
      "3 0 1 2");  // no final newline
  EXPECT_EQ(works_of(g), (std::vector<double>{0, 7, 3, 0}));
  EXPECT_EQ(lines_of(g), (std::vector<std::uint32_t>{3, 4, 6, 7}));
  EXPECT_EQ(edges_of(g), (std::vector<EdgeRec>{{"0", "1", 0}, {"1", "2", 0}, {"2", "3", 0}}));
}

TEST(StgReader, PredecessorWithALargerIdIsAllowed) {
  // Task 1 depends on task 2 (the published files never do this, the format allows it).
  const TaskGraph g = read_text("2\n0 0 0\n1 1 1 2\n2 1 1 0\n3 0 1 1\n");
  EXPECT_EQ(edges_of(g), (std::vector<EdgeRec>{{"0", "2", 0}, {"1", "3", 0}, {"2", "1", 0}}));
  EXPECT_EQ(g.topological_order(), (std::vector<TaskId>{0, 2, 1, 3}));
}

TEST(StgReader, NoRealTask) {
  const TaskGraph g = read_text("0\n0 0 0\n1 0 1 0\n");
  EXPECT_EQ(g.task_count(), 2u);
  EXPECT_EQ(edges_of(g), (std::vector<EdgeRec>{{"0", "1", 0}}));
}

// ---------------------------------------------------------------------------------------------
// Errors

TEST(StgReader, Errors) {
  EXPECT_EQ(error_of(""), "F:1: unexpected end of file: expected the number of tasks");
  EXPECT_EQ(error_of("# only a comment\n"),
            "F:1: unexpected end of file: expected the number of tasks");
  EXPECT_EQ(error_of("x\n"), "F:1: expected the number of tasks (an integer >= 0), found 'x'");
  EXPECT_EQ(error_of("-1\n0 0 0\n"),
            "F:1: expected the number of tasks (an integer >= 0), found '-1'");
  EXPECT_EQ(error_of("1000\n0 0 0\n1 0 1 0\n"),
            "F:1: the file announces 1000 tasks but is too short to hold their records");
  EXPECT_EQ(error_of("2\n0 0 0\n# (the file must be long enough for 4 records)\n"),
            "F:2: unexpected end of file: expected the id of task 1");
  EXPECT_EQ(error_of("2\n0 0 0\n2 1 1 0\n1 1 1 0\n3 0 1 2\n"),
            "F:3: task records must be numbered 0..3 in order: expected task 1, found task 2");
  EXPECT_EQ(error_of("1\n0 0 0\n1.0 4 1 0\n2 0 1 1\n"),
            "F:3: expected the id of task 1 (an integer >= 0), found '1.0'");
  EXPECT_EQ(error_of("1\n0 0 0\n1 -4 1 0\n2 0 1 1\n"),
            "F:3: expected the processing time of task 1 (a finite number >= 0), found '-4'");
  EXPECT_EQ(error_of("1\n0 0 0\n1 inf 1 0\n2 0 1 1\n"),
            "F:3: expected the processing time of task 1 (a finite number >= 0), found 'inf'");
  EXPECT_EQ(error_of("1\n0 0 0\n1 4 x 0\n2 0 1 1\n"),
            "F:3: expected the predecessor count of task 1 (an integer >= 0), found 'x'");
  EXPECT_EQ(error_of("1\n0 0 0\n1 4 5 0\n2 0 1 1\n"),
            "F:3: task 1 has 5 predecessors, but there are only 2 other tasks");
  EXPECT_EQ(error_of("1\n0 0 0\n1 4 1 7\n2 0 1 1\n"),
            "F:3: task 1: predecessor 7 is not a task (ids are 0..2)");
  EXPECT_EQ(error_of("1\n0 0 0\n1 4 1 1\n2 0 1 1\n"), "F:3: task 1 lists itself as a predecessor");
  EXPECT_EQ(error_of("2\n0 0 0\n1 4 1 0\n2 1 2 1\n1\n3 0 1 2\n"),
            "F:5: task 2 lists predecessor 1 twice");
  // The file ends inside a record: the error is on its last line.
  EXPECT_EQ(error_of("1\n0 0 0\n1 4 2 0\n\n"),
            "F:3: unexpected end of file: expected predecessor 2 of task 1");
  EXPECT_EQ(error_of("1\n0 0 0\n1 4 1 0\n2 0 1 1\nCP 4\n"),
            "F:5: unexpected 'CP' after the last task record (task 2); comments start with '#'");
  EXPECT_EQ(error_of("1\n0 0 0\n1 4 1 0\n2 0 1 1\n3 0 0\n"),
            "F:5: unexpected '3' after the last task record (task 2); comments start with '#'");
}

TEST(StgReader, CyclesAreRejectedNamingATask) {
  // 1 needs 2 and 2 needs 1; task 1's record is on line 3.
  EXPECT_EQ(error_of("2\n0 0 0\n1 1 2 0 2\n2 1 1 1\n3 0 1 2\n"),
            "F:3: the graph has a cycle through task '1': '1' -> '2' -> '1'");
}

TEST(StgReader, BadSpeedAndMissingFile) {
  EXPECT_EQ(error_of(kThree, 0),
            "F: reference speed must be a positive finite number of flop/s, got 0.000000");
  try {
    read_stg_file("/nonexistent/pelsim/x.stg");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              "/nonexistent/pelsim/x.stg: cannot open file: No such file or directory");
  }
}

// ---------------------------------------------------------------------------------------------
// The 12 plain graphs of /work/shared/workloads/stg

struct StgFile {
  const char* file;
  std::uint32_t tasks;  // README §2.2 "tasks" + 2 dummies
  std::uint32_t edges;  // README §2.2 "edges" + the dummy edges in brackets
  double total_work;    // README §2.2 "total work"
  double cp_length;     // README §2.2 "CP length"
};

// Counts and total work checked by hand with awk in /work/shared/workloads/stg (tasks, sum of
// predecessor counts = edges, sum of times):
//   for f in rnc50/*.stg rnc100/*.stg; do echo -n "$f "; awk 'NR==1{n=$1}
//     NR>1 && NR<=n+3 {w+=$2; e+=$3} END{print n+2, e, w}' $f; done
// which prints 52 119 262 for rnc50/rand0000.stg (README: 50 tasks, 96 (+23) edges, work 262),
// and the values below for the others.
const StgFile kStgFiles[] = {
    {"rnc50/rand0000.stg", 52, 96 + 23, 262, 55},
    {"rnc50/rand0001.stg", 52, 225 + 13, 298, 89},
    {"rnc50/rand0036.stg", 52, 141 + 29, 528, 67},
    {"rnc50/rand0067.stg", 52, 545 + 4, 543, 293},
    {"rnc50/rand0093.stg", 52, 953 + 21, 274, 48},
    {"rnc50/rand0133.stg", 52, 212 + 9, 412, 114},
    {"rnc100/rand0000.stg", 102, 570 + 21, 581, 94},
    {"rnc100/rand0010.stg", 102, 649 + 15, 573, 133},
    {"rnc100/rand0037.stg", 102, 677 + 26, 979, 130},
    {"rnc100/rand0086.stg", 102, 682 + 14, 1120, 290},
    {"rnc100/rand0112.stg", 102, 1413 + 18, 541, 64},
    {"rnc100/rand0135.stg", 102, 284 + 40, 792, 76},
};

std::string shared_path(const std::string& file) {
  return std::string(PELSIM_SHARED_DIR) + "/workloads/stg/" + file;
}

TEST(StgReader, PlainGraphsMatchTheReadmeTable) {
  for (const StgFile& s : kStgFiles) {
    SCOPED_TRACE(s.file);
    const std::string path = shared_path(s.file);
    if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " is absent";
    const TaskGraph g = read_stg_file(path);
    const GraphMetrics m = compute_graph_metrics(g);
    EXPECT_EQ(m.tasks, s.tasks);
    EXPECT_EQ(m.edges, s.edges);
    EXPECT_EQ(m.total_work, s.total_work);  // integers: exact
    EXPECT_EQ(m.critical_path_work, s.cp_length);
    // One entry task "0" and one exit task "n+1", both of 0 work (§2.3 of the README).
    EXPECT_EQ(m.sources, 1u);
    EXPECT_EQ(m.sinks, 1u);
    EXPECT_EQ(g.name(0), "0");
    EXPECT_EQ(g.name(s.tasks - 1), std::to_string(s.tasks - 1));
    EXPECT_EQ(g.work(0), 0.0);
    EXPECT_EQ(g.work(s.tasks - 1), 0.0);
  }
}

TEST(StgReader, PlainGraphsLayers) {
  // Level sizes (level = longest path in edges from task 0) computed with python3 (standard
  // library) in /work/shared/workloads/stg:
  //   python3 -c '
  //   import sys,functools
  //   for f in sys.argv[1:]:
  //     tok=open(f).read().split("#")[0].split(); n=int(tok[0]); i=1; pr={}
  //     for _ in range(n+2): t,k=int(tok[i]),int(tok[i+2]); pr[t]=[int(p) for p in
  //       tok[i+3:i+3+k]]; i+=3+k
  //     lv=functools.lru_cache(None)(lambda t: max([lv(p)+1 for p in pr[t]],default=0))
  //     L=[lv(t) for t in pr]; print(f,[L.count(k) for k in range(max(L)+1)])'
  //     rnc50/rand0000.stg rnc50/rand0036.stg     (on one line each, as usual)
  const struct {
    const char* file;
    std::vector<std::uint32_t> levels;
  } cases[] = {
      {"rnc50/rand0000.stg", {1, 12, 8, 3, 6, 5, 6, 5, 3, 2, 1}},
      {"rnc50/rand0036.stg", {1, 18, 11, 8, 10, 3, 1}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.file);
    const std::string path = shared_path(c.file);
    if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " is absent";
    EXPECT_EQ(level_sizes(read_stg_file(path)), c.levels);
  }
}

TEST(StgReader, Rand0000FirstRecords) {
  const std::string path = shared_path("rnc50/rand0000.stg");
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " is absent";
  // From the file: "1 9 1 0", "2 4 1 0", "3 3 1 0" on lines 3-5, and the exit task 51 with
  // 11 predecessors (3 17 31 34 38 42 43 45 48 49 50) on line 53.
  const TaskGraph g = read_stg_file(path);
  EXPECT_EQ(g.work(1), 9.0);
  EXPECT_EQ(g.work(2), 4.0);
  EXPECT_EQ(g.work(3), 3.0);
  EXPECT_EQ(g.line_of(1), 3u);
  EXPECT_EQ(g.line_of(51), 53u);
  EXPECT_EQ(g.in_degree(51), 11u);
}

}  // namespace
}  // namespace pelsim::models
