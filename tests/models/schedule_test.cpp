#include "pelsim/models/schedule.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "pelsim/models/error.hpp"
#include "scratch_paths.hpp"
#include "test_graphs.hpp"

namespace pelsim::models {
namespace {

using testing::make_graph;

std::string write_temp(const std::string& text) {
  static int counter = 0;
  // The pid keeps test processes run in parallel (ctest -j) from sharing a file.
  const std::string path = ::testing::TempDir() + "schedule_" + std::to_string(::getpid()) + "_" +
                           std::to_string(counter++) + ".csv";
  std::ofstream(path) << text;
  pelsim::scratch::remember(path);  // removed when the test program ends
  return path;
}

std::string error_of(const std::string& text, const TaskGraph& g, std::uint32_t cores) {
  const std::string path = write_temp(text);
  try {
    const Schedule s = read_schedule_csv(path, g, cores);
    validate_schedule(s, g, cores, path);  // what every policy executing a schedule does
  } catch (const InputError& e) {
    std::string msg = e.what();
    return msg.substr(path.size());  // drop the temp path, keep ":line: reason"
  }
  return "no error";
}

// Writes s, expects `text`, reads it back and expects the same schedule.
void expect_round_trip(const Schedule& s, const TaskGraph& g, std::uint32_t cores,
                       const std::string& text) {
  std::ostringstream out;
  write_schedule_csv(out, s, g);
  EXPECT_EQ(out.str(), text);
  const Schedule back = read_schedule_csv(write_temp(out.str()), g, cores);
  EXPECT_EQ(back.sequence, s.sequence);
  EXPECT_EQ(back.core_of, s.core_of);
}

TEST(ScheduleCsv, ReadsWithOrWithoutHeaderSortingByOrder) {
  const TaskGraph g = make_graph({1, 1, 1}, {{0, 1, 0}});
  // Orders are any integers, sorted per core: core 0 runs t0 (order -5) then t1 (order 10).
  const Schedule s =
      read_schedule_csv(write_temp("task,core,order\nt1,0,10\nt2,1,0\nt0,0,-5\n"), g, 2);
  EXPECT_EQ(s.core_of, (std::vector<CoreId>{0, 0, 1}));
  EXPECT_EQ(s.sequence, (std::vector<TaskId>{0, 1, 2}));
  EXPECT_EQ(s.offsets, (std::vector<std::uint32_t>{0, 2, 3}));
  const Schedule no_header =
      read_schedule_csv(write_temp("t0,0,0\r\n# note\n\nt1,0,1\nt2,1,0"), g, 2);
  EXPECT_EQ(no_header.sequence, s.sequence);
}

TEST(ScheduleCsv, RowsThatStopFollowingCoreOrderHalfway) {
  const TaskGraph g = make_graph({1, 1, 1, 1}, {});
  // Core 1 first, then core 0, then core 1 again: the first rows' orders are their ranks.
  const Schedule s = read_schedule_csv(write_temp("t1,1,0\nt3,1,1\nt0,0,0\nt2,1,2\n"), g, 2);
  EXPECT_EQ(s.core_of, (std::vector<CoreId>{0, 1, 1, 1}));
  EXPECT_EQ(s.sequence, (std::vector<TaskId>{0, 1, 3, 2}));
  EXPECT_EQ(s.offsets, (std::vector<std::uint32_t>{0, 1, 4}));
  // A gap in the orders of a core in file order is fine too.
  const Schedule gap = read_schedule_csv(write_temp("t0,0,0\nt1,0,5\nt2,1,0\nt3,1,1\n"), g, 2);
  EXPECT_EQ(gap.sequence, (std::vector<TaskId>{0, 1, 2, 3}));
}

TEST(ScheduleCsv, LinesCountCommentsAndBlankLines) {
  const TaskGraph g = make_graph({1, 1}, {});
  EXPECT_EQ(error_of("task,core,order\nt0,0,0\n# c\n\nt1,0,1\nt0,1,0\n", g, 2),
            ":6: task 't0' is listed twice (first on line 2)");
  EXPECT_EQ(error_of("# c\nt1,0,3\n\nt0,0,3\n", g, 1),  // the line of the later task by id
            ":2: tasks 't0' and 't1' have the same order 3 on core 0");
}

TEST(ScheduleCsv, ErrorsNameTheLineAndTheProblem) {
  const TaskGraph g = make_graph({1, 1}, {{0, 1, 0}});
  EXPECT_EQ(error_of("t0,0,0\nt9,0,1\n", g, 1), ":2: unknown task 't9'");
  EXPECT_EQ(error_of("t0,0,0\nt1,3,1\n", g, 2), ":2: core 3 of task 't1' is out of range [0, 2)");
  EXPECT_EQ(error_of("t0,0,0\nt0,0,1\n", g, 1), ":2: task 't0' is listed twice (first on line 1)");
  EXPECT_EQ(error_of("t0,0,0\nt1,0,x\n", g, 1), ":2: bad order for task 't1' (need an integer)");
  EXPECT_EQ(error_of("t0,0,0\njunk\n", g, 1), ":2: expected 'task,core,order', got 'junk'");
  EXPECT_EQ(error_of("t0,0,0\n", g, 1),
            ": task 't1' is not in the schedule (only a task of no work that is a source or a "
            "sink, its edges without bytes, may be left out: it goes on core 0)");
  EXPECT_EQ(error_of("t0,0,1\nt1,0,1\n", g, 1),
            ":2: tasks 't0' and 't1' have the same order 1 on core 0");
  EXPECT_EQ(error_of("t0,0,1\nt1,0,0\n", g, 1),
            ": the per-core order contradicts the DAG, a cycle: 't0' must finish before 't1' "
            "starts (an edge), 't1' runs before 't0' on core 0");
}

// SimGrid's root and end, STG's dummy entry and exit: tasks of no work, a source and a sink
// whose edges carry no bytes, which published schedules leave out. They go on core 0, the
// source before its tasks, the sink after them, whether the rows follow the core order or not.
// t0 (root, 0) -> t1, t2 (1 each) -> t3 (end, 0), 0 bytes.
TEST(ScheduleCsv, TasksOfNoWorkAtTheEdgesMayBeLeftOut) {
  const TaskGraph g = make_graph({0, 1, 1, 0}, {{0, 1, 0}, {0, 2, 0}, {1, 3, 0}, {2, 3, 0}});
  for (const std::string text : {"t1,0,0\nt2,1,0\n", "t2,1,5\nt1,0,-3\n"}) {
    const Schedule s = read_schedule_csv(write_temp(text), g, 2);
    EXPECT_EQ(s.sequence, (std::vector<TaskId>{0, 1, 3, 2})) << text;
    EXPECT_EQ(s.offsets, (std::vector<std::uint32_t>{0, 3, 4})) << text;
    EXPECT_EQ(s.core_of, (std::vector<CoreId>{0, 0, 1, 0})) << text;
  }
  // Core 0 without listed tasks gets them too.
  EXPECT_EQ(read_schedule_csv(write_temp("t1,1,0\nt2,1,1\n"), g, 2).sequence,
            (std::vector<TaskId>{0, 3, 1, 2}));
  // Not a task of no work in the middle, nor one whose edge carries bytes.
  const std::string why =
      "' is not in the schedule (only a task of no work that is a source or a sink, its edges "
      "without bytes, may be left out: it goes on core 0)";
  EXPECT_EQ(error_of("t0,0,0\nt2,0,1\n", make_graph({1, 0, 1}, {{0, 1, 0}, {1, 2, 0}}), 1),
            ": task 't1" + why);
  EXPECT_EQ(error_of("t1,0,0\n", make_graph({0, 1}, {{0, 1, 5}}), 1), ": task 't0" + why);
  EXPECT_EQ(error_of("t0,0,0\n", make_graph({1, 0}, {{0, 1, 5}}), 1), ": task 't1" + why);
  // No order left below or above core 0's for them (the order would wrap round).
  const std::string no_room =
      ": the orders on core 0 leave no room for the tasks of no work left out of the schedule "
      "(they go before and after its tasks): give them a place";
  EXPECT_EQ(error_of("t1,0,-9223372036854775808\nt2,1,0\n", g, 2), no_room);
  EXPECT_EQ(error_of("t1,0,9223372036854775807\nt2,1,0\n", g, 2), no_room);
}

TEST(ScheduleCsv, PlainRowsAndRowsWithBlanksQuotesOrLongNumbersReadAlike) {
  // Plain rows (`t0,0,0`) take the reader's fast path; the others (blanks, quotes, '\r', a
  // 21-digit order, a comment that would otherwise be a plain row) the general one.
  const TaskGraph g = make_graph({1, 1, 1, 1, 1, 1, 1}, {});
  const std::string text =
      "task,core,order\n#t6,0,9\nt0,0,0\n t1 ,0,1\n\"t2\",0,2\nt3,0, 3\nt4,1,0\r\nt5\t,1,1\n"
      "t6,1,000000000000000000002\n";
  const Schedule s = read_schedule_csv(write_temp(text), g, 2);
  // Core 0: t0..t3 (orders 0..3), core 1: t4, t5, t6 (orders 0, 1, 2).
  EXPECT_EQ(s.core_of, (std::vector<CoreId>{0, 0, 0, 0, 1, 1, 1}));
  EXPECT_EQ(s.sequence, (std::vector<TaskId>{0, 1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(s.offsets, (std::vector<std::uint32_t>{0, 4, 7}));
  // Lines: header 1, comment 2, t0 on 3, ..., t6 on 9, the repeated t3 on 10.
  EXPECT_EQ(error_of(text + "t3,1,3\n", g, 2), ":10: task 't3' is listed twice (first on line 6)");
}

TEST(ScheduleCsv, MissingFileIsAnInputError) {
  const TaskGraph g = make_graph({1}, {});
  EXPECT_THROW(read_schedule_csv("/nonexistent/s.csv", g, 1), InputError);
}

TEST(ScheduleCsv, WriteThenReadRoundTrips) {
  const TaskGraph g = make_graph({1, 1, 1, 1}, {{0, 3, 0}});
  const Schedule s = Schedule::from_sequences(4, {{2, 0}, {1, 3}});
  expect_round_trip(s, g, 2, "task,core,order\nt2,0,0\nt0,0,1\nt1,1,0\nt3,1,1\n");
}

// Names with a comma or a quote are quoted on writing (RFC 4180) and read back; a reader that
// splits at every comma would see four fields.
TEST(ScheduleCsv, NamesWithCommasAndQuotesRoundTrip) {
  TaskGraphBuilder b("names");
  b.intern_task("a,b", 1);
  b.intern_task("say \"hi\"", 1);
  b.intern_task("\"q\"", 1);
  b.intern_task("plain", 1);
  const TaskGraph g = b.build();
  const Schedule s = Schedule::from_sequences(4, {{0, 1}, {2, 3}});
  expect_round_trip(s, g, 2,
                    "task,core,order\n\"a,b\",0,0\n\"say \"\"hi\"\"\",0,1\n\"\"\"q\"\"\",1,0\n"
                    "plain,1,1\n");
}

// A name with a line break is quoted on writing and spans two lines of the file (RFC 4180);
// the reader takes the quoted field across the break, and the rows after it keep their own
// line numbers (by hand: header 1, "two<LF>lines" on 2-3, plain on 4, the repeat on 5).
TEST(ScheduleCsv, NamesWithLineBreaksRoundTripAndLaterLinesKeepTheirNumbers) {
  TaskGraphBuilder b("names");
  b.intern_task("two\nlines", 1);
  b.intern_task("plain", 1);
  b.intern_task("crlf\r\nname", 1);
  const TaskGraph g = b.build();
  const Schedule s = Schedule::from_sequences(3, {{0, 1}, {2}});
  expect_round_trip(s, g, 2,
                    "task,core,order\n\"two\nlines\",0,0\nplain,0,1\n\"crlf\r\nname\",1,0\n");
  EXPECT_EQ(error_of("task,core,order\n\"two\nlines\",0,0\nplain,0,1\nplain,1,0\n", g, 2),
            ":5: task 'plain' is listed twice (first on line 4)");
  // Past the reader's 256 KiB buffer: quoted names that straddle its end are read whole.
  TaskGraphBuilder big("big");
  std::vector<TaskId> order;
  for (TaskId t = 0; t < 40000; ++t) {
    big.intern_task("task \"" + std::to_string(t) + "\"\nsecond line", 1);
    order.push_back(t);
  }
  const TaskGraph h = big.build();
  const Schedule many = Schedule::from_sequences(40000, {order});
  std::ostringstream many_out;
  write_schedule_csv(many_out, many, h);
  ASSERT_GT(many_out.str().size(), std::size_t{1} << 19);
  EXPECT_EQ(read_schedule_csv(write_temp(many_out.str()), h, 1).sequence, many.sequence);
  // A quote that never closes is reported at the line that opens it, not as an unknown task
  // made of the rest of the file.
  EXPECT_EQ(error_of("task,core,order\nplain,0,0\n\"two,0,1\nx,1,0\n", g, 2),
            ":3: the quoted task name that starts here has no closing '\"'");
}

}  // namespace
}  // namespace pelsim::models
