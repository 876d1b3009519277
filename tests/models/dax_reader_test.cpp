// Tests of the Pegasus DAX reader (models/src/dax_reader.cpp).
//
// Unless a comment says otherwise, an expected value is read off the XML of the test itself
// with the rules of dax_reader.hpp: jobs in file order named by id, work = runtime * reference
// speed, edges = <child>/<parent> pairs ∪ (writer, reader) pairs of a file, one edge p -> c per
// file p writes and c reads (its size: the first given for the file), a 0-byte edge for a pair
// without one. Error lines count
// from line 1 = the first line of the XML text.
#include "pelsim/models/dax_reader.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
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


TaskGraph read_text(const std::string& xml, double speed = 1e9) {
  const TempFile f(xml, ".xml");
  return read_dax_file(f.path(), speed);
}

// The what() of the InputError reading `xml` throws, with the temporary path replaced by "F"
// ("" when nothing is thrown).
std::string error_of(const std::string& xml, double speed = 1e9) {
  const TempFile f(xml, ".xml");
  try {
    read_dax_file(f.path(), speed);
  } catch (const InputError& e) {
    std::string what = e.what();
    if (what.compare(0, f.path().size(), f.path()) == 0) what = "F" + what.substr(f.path().size());
    return what;
  }
  return "";
}

// `body` inside an <adag> element: line 1 is "<adag ...>", body starts on line 2.
std::string adag(const std::string& body) {
  return "<adag xmlns=\"http://pegasus.isi.edu/schema/DAX\" version=\"2.1\">\n" + body +
         "</adag>\n";
}

// ---------------------------------------------------------------------------------------------
// DAX 2.1

const char* const kFourJobs = R"(<?xml version="1.0" encoding="UTF-8"?>
<!-- a test workflow -->
<adag xmlns="http://pegasus.isi.edu/schema/DAX" version="2.1" name="t" jobCount="4">
  <job id="A" namespace="T" name="split" version="1.0" runtime="10">
    <uses file="in" link="input" register="true" transfer="true" optional="false" type="data" size="7"/>
    <uses file="x" link="output" size="100"/>
    <uses file="y" link="output" size="20"/>
  </job>
  <job id="B" name="work" runtime="2.5">
    <uses file="x" link="input" size="99"/>
    <uses file="y" link="input" size="20"/>
    <uses file="z" link="output" size="3"/>
  </job>
  <job id="C" name="sum" runtime="0">
    <uses file="z" link="input" size="3"/>
  </job>
  <job id="D" name="report" runtime="1">
    <uses file="in" link="input" size="7"/>
  </job>
  <child ref="B">
    <parent ref="A"/>
  </child>
  <child ref="D"><parent ref="A"/><parent ref="C"/></child>
  <child ref="B"><parent ref="A"/></child>
</adag>
)";

TEST(DaxReader, JobsWorkLinesAndEdgeBytes) {
  const TaskGraph g = read_text(kFourJobs);
  EXPECT_EQ(names_of(g), (std::vector<std::string>{"A", "B", "C", "D"}));
  EXPECT_EQ(works_of(g), (std::vector<double>{10e9, 2.5e9, 0, 1e9}));  // runtime * 1e9
  EXPECT_EQ(lines_of(g), (std::vector<std::uint32_t>{4, 9, 14, 17}));  // the <job> tags
  // A->B: declared twice (merged); shares x (first size 100, not B's 99) and y (20): one edge
  // each, as SimGrid's loader makes one transfer per file. A->D and C->D: declared, no shared
  // file: 0 bytes. B->C: no <child> element, but C reads z that B writes: a dependency, as in
  // SimGrid.
  EXPECT_EQ(edges_of(g),
            (std::vector<EdgeRec>{
                {"A", "B", 20}, {"A", "B", 100}, {"A", "D", 0}, {"B", "C", 3}, {"C", "D", 0}}));
}

TEST(DaxReader, ReferenceSpeedScalesWork) {
  // 4.2e9 is SimGrid's factor ("runtime *= 4200000000." in create_DAG_from_DAX).
  EXPECT_EQ(works_of(read_text(kFourJobs, 4.2e9)),
            (std::vector<double>{4.2e10, 1.05e10, 0, 4.2e9}));
  EXPECT_EQ(works_of(read_text(kFourJobs, 1)), (std::vector<double>{10, 2.5, 0, 1}));
}

TEST(DaxReader, Dax3SyntaxAndXmlFeatures) {
  const TaskGraph g = read_text(R"(<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE adag [ <!ENTITY e "a]>b"> ]>
<dax:adag xmlns:dax="http://pegasus.isi.edu/schema/DAX" version='3.6' name="diamond">
  <file name="f.a"><pfn url="file:///tmp/f.a" site="local"/></file>
  <executable namespace="diamond" name="preprocess"><pfn url="file:///bin/pre" site="local"/></executable>
  <dax:job id="ID1" name="preprocess">
    <argument>-a preprocess -i <file name="f.a"/> -o <file name="f.b"/> &amp; &lt;done&gt;</argument>
    <profile namespace="pegasus" key="runtime"> 60 </profile>
    <profile namespace="env" key="PATH">/bin</profile>
    <metadata key="size">3</metadata>
    <uses name="f.a" link="input" size="10"/>
    <uses name="f.b" link='output' size='1e3' transfer="true"></uses>
  </dax:job>
  <?pegasus note?>
  <job id="ID2" name="findrange" runtime="30">
    <argument><![CDATA[ <not markup> & ]]></argument>
    <uses name="f.b" link="input"/>
    <uses name="f.c" link="inout" size="5"/>
    <uses name="log" link="none" size="9"/>
  </job>
  <job id="ID&amp;3" name="analyze" runtime="1&#46;5">
    <uses name="f.c" link="input" size="5"/>
    <uses name="log" link="checkpoint"/>
  </job>
  <child ref="ID2"><parent ref="ID1"/></child>
</dax:adag>
)",
                                1);
  // Job ids with entities decoded; ID1's runtime from its pegasus profile; "1&#46;5" = 1.5.
  EXPECT_EQ(names_of(g), (std::vector<std::string>{"ID1", "ID2", "ID&3"}));
  EXPECT_EQ(works_of(g), (std::vector<double>{60, 30, 1.5}));
  // ID1->ID2: declared, f.b = 1e3 (ID2 gives no size). ID2->ID&3: f.c, which ID2 reads and
  // writes (inout: no self-dependency). "log" carries nothing (links none / checkpoint).
  EXPECT_EQ(edges_of(g), (std::vector<EdgeRec>{{"ID1", "ID2", 1000}, {"ID2", "ID&3", 5}}));
}

TEST(DaxReader, APairsEdgesComeInFileOrderAndSkipEmptyFiles) {
  // p writes y (20 B), e (0 B) and x (100 B), first named in that order by p's <uses>; c
  // reads x, e and y: one edge per file of data, in the order the files are first named (y,
  // then x), and none for e, which moves nothing (the pair has data edges). q writes only e,
  // which c reads: a 0-byte edge, the pair's precedence.
  const TaskGraph g = read_text(
      adag("<job id=\"p\" runtime=\"1\"><uses file=\"y\" link=\"output\" size=\"20\"/>"
           "<uses file=\"e\" link=\"output\" size=\"0\"/>"
           "<uses file=\"x\" link=\"output\" size=\"100\"/></job>\n"
           "<job id=\"q\" runtime=\"1\"><uses file=\"e2\" link=\"output\" size=\"0\"/></job>\n"
           "<job id=\"c\" runtime=\"1\"><uses file=\"x\" link=\"input\"/>"
           "<uses file=\"e\" link=\"input\"/><uses file=\"e2\" link=\"input\"/>"
           "<uses file=\"y\" link=\"input\"/></job>\n"));
  std::vector<double> from_p;
  for (EdgeId e = g.out_begin(0); e < g.out_end(0); ++e) from_p.push_back(g.bytes(e));
  EXPECT_EQ(from_p, (std::vector<double>{20, 100}));
  EXPECT_EQ(edges_of(g), (std::vector<EdgeRec>{{"p", "c", 20}, {"p", "c", 100}, {"q", "c", 0}}));
}

TEST(DaxReader, SeveralWritersAndReadersOfOneFile) {
  const TaskGraph g = read_text(
      adag("<job id=\"w1\" runtime=\"1\"><uses file=\"f\" link=\"output\" size=\"8\"/></job>\n"
           "<job id=\"w2\" runtime=\"1\"><uses file=\"f\" link=\"output\"/></job>\n"
           "<job id=\"r1\" runtime=\"1\"><uses file=\"f\" link=\"input\"/></job>\n"
           "<job id=\"r2\" runtime=\"1\"><uses file=\"f\" link=\"input\"/>"
           "<uses file=\"f\" link=\"input\"/></job>\n"));
  // Every writer feeds every reader (SimGrid makes one transfer per pair); r2 lists f twice
  // but reads it once.
  EXPECT_EQ(edges_of(g), (std::vector<EdgeRec>{
                             {"w1", "r1", 8}, {"w1", "r2", 8}, {"w2", "r1", 8}, {"w2", "r2", 8}}));
}

TEST(DaxReader, EmptyAdagIsAnEmptyGraph) {
  EXPECT_EQ(read_text("<adag/>").task_count(), 0u);
  EXPECT_EQ(read_text("\xEF\xBB\xBF<adag version=\"2.1\"></adag>\n").task_count(), 0u);  // BOM
}

// ---------------------------------------------------------------------------------------------
// XML errors

TEST(DaxReader, XmlErrorsGiveTheLine) {
  EXPECT_EQ(error_of("<adag>\n  <job id=\"a\" runtime=\"1\">\n  </jab>\n</adag>\n"),
            "F:3: closing tag </jab> does not match <job> opened at line 2");
  EXPECT_EQ(error_of("<adag>\n<job id=\"a\" runtime=\"1\">\n"),
            "F:2: element <job> is not closed before the end of the file");
  EXPECT_EQ(error_of("<adag>\n<job id=\"a\" id=\"b\" runtime=\"1\"/>\n</adag>"),
            "F:2: attribute 'id' given twice in <job>");
  EXPECT_EQ(error_of("<adag>\n<job id=\"a&nbsp;\" runtime=\"1\"/></adag>"),
            "F:2: unknown entity '&nbsp;' (known: &amp; &lt; &gt; &quot; &apos;)");
  EXPECT_EQ(error_of("<adag>\n<job id=\"a & b\" runtime=\"1\"/></adag>"),
            "F:2: '&' must start an entity such as &amp;");
  EXPECT_EQ(error_of("<adag>\n<job id=\"a&#0;\" runtime=\"1\"/></adag>"),
            "F:2: invalid character reference '&#0;'");
  EXPECT_EQ(error_of("<adag/>\nhello"), "F:2: text after the root element");
  EXPECT_EQ(error_of("hello <adag/>"), "F:1: text before the root element");
  EXPECT_EQ(error_of("<adag/>\n<adag/>"), "F:2: a second root element <adag>");
  EXPECT_EQ(error_of("</adag>"), "F:1: closing tag </adag> without an opening tag");
  EXPECT_EQ(error_of("<adag>\n<job id=a runtime=\"1\"/>\n</adag>"),
            "F:2: expected a quoted value for attribute 'id', found 'a'");
  EXPECT_EQ(error_of("<adag>\n<job id=\"a<b\" runtime=\"1\"/>\n</adag>"),
            "F:2: '<' in the value of attribute 'id' (write &lt;)");
  EXPECT_EQ(error_of("<adag>\n<job id=\"a\"runtime=\"1\"/>\n</adag>"),
            "F:2: expected a blank, '>' or '/>' in tag <job>, found 'r'");
  EXPECT_EQ(error_of("<adag>\n<job id=\"a\n\n runtime=1/>\n</adag>"),
            "F:5: '<' in the value of attribute 'id' opened on line 2 (a missing quote?)");
  EXPECT_EQ(error_of("<adag>\n<job id='a"), "F:2: unterminated value of attribute 'id'");
  EXPECT_EQ(error_of("<adag>\n<!-- oops\n</adag>"), "F:2: unterminated comment");
  EXPECT_EQ(error_of("<adag>\n<![CDATA[ x \n</adag>"), "F:2: unterminated CDATA section");
  EXPECT_EQ(error_of("<![CDATA[x]]><adag/>"), "F:1: CDATA section outside the root element");
  EXPECT_EQ(error_of("<!ELEMENT adag ANY>\n<adag/>"), "F:1: unsupported markup '<!ELEMENT ...'");
  EXPECT_EQ(error_of("<adag/>\n<!DOCTYPE adag>"), "F:2: <!DOCTYPE> after the root element");
  EXPECT_EQ(error_of("<adag>\n< job/>\n</adag>"),
            "F:2: expected an element name after '<', found ' '");
  EXPECT_EQ(error_of(""), "F:1: no root element (empty document)");
  EXPECT_EQ(error_of("<?xml version=\"1.0\"?>\n<!-- nothing -->\n"),
            "F:3: no root element (empty document)");
}

// ---------------------------------------------------------------------------------------------
// DAX errors

TEST(DaxReader, DaxErrors) {
  EXPECT_EQ(error_of("<?xml version=\"1.0\"?>\n<workflow/>"),
            "F:2: expected the <adag> root element of a DAX file, found <workflow>");
  EXPECT_EQ(error_of(adag("<job runtime=\"1\"/>\n")), "F:2: <job> has no id attribute");
  EXPECT_EQ(error_of(adag("<job id=\"\" runtime=\"1\"/>\n")), "F:2: <job> has an empty id");
  EXPECT_EQ(error_of(adag("<job id=\"a\" runtime=\"1\"/>\n<job id=\"a\" runtime=\"2\"/>\n")),
            "F:3: job 'a' is defined twice (first at line 2)");
  EXPECT_EQ(error_of(adag("<job id=\"a\" runtime=\"fast\"/>\n")),
            "F:2: job 'a': runtime 'fast' is not a number");
  EXPECT_EQ(error_of(adag("<job id=\"a\" runtime=\"-1\"/>\n")),
            "F:2: job 'a': runtime must be a finite number >= 0, not -1");
  EXPECT_EQ(error_of(adag("<job id=\"a\" runtime=\"inf\"/>\n")),
            "F:2: job 'a': runtime must be a finite number >= 0, not inf");
  EXPECT_EQ(error_of(adag("<job id=\"a\" name=\"x\"/>\n")),
            "F:2: job 'a' has no runtime (neither a runtime attribute nor a <profile "
            "namespace=\"pegasus\" key=\"runtime\">)");
  EXPECT_EQ(error_of(adag("<job id=\"a\">\n<profile namespace=\"pegasus\" key=\"runtime\">1 s"
                          "</profile>\n</job>\n")),
            "F:3: job 'a': runtime profile '1 s' is not a number");
  EXPECT_EQ(error_of(adag("<job id=\"a\" runtime=\"1\">\n<uses link=\"input\"/>\n</job>\n")),
            "F:3: job 'a': <uses> has no file (DAX 2.1) or name (DAX 3) attribute");
  EXPECT_EQ(error_of(adag("<job id=\"a\" runtime=\"1\">\n<uses file=\"f\"/>\n</job>\n")),
            "F:3: job 'a': <uses file=\"f\"> has no link attribute (input or output)");
  EXPECT_EQ(
      error_of(adag("<job id=\"a\" runtime=\"1\">\n<uses file=\"f\" link=\"in\"/>\n</job>\n")),
      "F:3: job 'a': <uses file=\"f\">: unknown link \"in\" (known: input, output, inout, "
      "none, checkpoint)");
  EXPECT_EQ(error_of(adag("<job id=\"a\" runtime=\"1\">\n"
                          "<uses file=\"f\" link=\"input\" size=\"1MB\"/>\n</job>\n")),
            "F:3: job 'a': <uses file=\"f\">: size '1MB' is not a number");
  EXPECT_EQ(error_of(adag("<job id=\"a\" runtime=\"1\"/>\n<job id=\"b\" runtime=\"1\"/>\n"
                          "<child ref=\"zz\">\n<parent ref=\"a\"/>\n</child>\n")),
            "F:4: <child ref=\"zz\">: no job has id 'zz'");
  EXPECT_EQ(error_of(adag("<job id=\"a\" runtime=\"1\"/>\n<job id=\"b\" runtime=\"1\"/>\n"
                          "<child ref=\"a\">\n<parent ref=\"q\"/>\n</child>\n")),
            "F:5: <parent ref=\"q\"> of child 'a': no job has id 'q'");
  EXPECT_EQ(error_of(adag("<child>\n</child>\n")), "F:2: <child> has no ref attribute");
  EXPECT_EQ(
      error_of(adag("<job id=\"a\" runtime=\"1\"/>\n<child ref=\"a\">\n<parent/>\n</child>\n")),
      "F:4: <parent> has no ref attribute");
}

TEST(DaxReader, CyclesAreRejectedNamingAJob) {
  EXPECT_EQ(error_of(adag("<job id=\"a\" runtime=\"1\"/>\n<job id=\"b\" runtime=\"1\"/>\n"
                          "<child ref=\"b\"><parent ref=\"a\"/></child>\n"
                          "<child ref=\"a\"><parent ref=\"b\"/></child>\n")),
            "F:2: the graph has a cycle through task 'a': 'a' -> 'b' -> 'a'");
  EXPECT_EQ(error_of(adag(
                "<job id=\"a\" runtime=\"1\"/>\n<child ref=\"a\"><parent ref=\"a\"/></child>\n")),
            "F:2: task 'a' (first named on this line) depends on itself: an edge 'a' -> 'a'");
}

// Found while fuzzing (a superlinear input: the harness's 4 KB limit keeps it fast there):
// n jobs that all read and write one file made an edge for each ordered pair before the cycle
// check refused them, n^2 edges (3000 jobs, a 190 KB file: 8 s and 250 MB). Two such jobs
// are a cycle, refused when the file is resolved, naming the first two.
TEST(DaxReader, TwoJobsThatReadAndWriteAFileAreACycle) {
  EXPECT_EQ(error_of(adag("<job id=\"a\" runtime=\"1\"><uses file=\"x\" link=\"output\"/></job>\n"
                          "<job id=\"b\" runtime=\"1\"><uses file=\"f\" link=\"inout\"/></job>\n"
                          "<job id=\"c\" runtime=\"1\"><uses file=\"f\" link=\"input\"/>\n"
                          "<uses file=\"f\" link=\"output\"/></job>\n")),
            "F:3: the graph has a cycle through task 'b': 'b' -> 'c' -> 'b' (both read and write "
            "file 'f')");
  std::string many;
  for (int i = 0; i < 3000; ++i)
    many += "<job id=\"j" + std::to_string(i) +
            "\" runtime=\"1\"><uses file=\"f\" link=\"inout\"/></job>\n";
  EXPECT_EQ(error_of(adag(many)),
            "F:2: the graph has a cycle through task 'j0': 'j0' -> 'j1' -> 'j0' (both read and "
            "write file 'f')");
}

TEST(DaxReader, BadSpeedAndMissingFile) {
  EXPECT_EQ(error_of(kFourJobs, 0),
            "F: reference speed must be a positive finite number of flop/s, got 0.000000");
  EXPECT_EQ(
      error_of(kFourJobs, -1e9),
      "F: reference speed must be a positive finite number of flop/s, got -1000000000.000000");
  try {
    read_dax_file("/nonexistent/pelsim/x.xml");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              "/nonexistent/pelsim/x.xml: cannot open file: No such file or directory");
  }
}

// ---------------------------------------------------------------------------------------------
// The real DAX files of /work/shared/workloads (pegasus-dax/ and simgrid/dax/)

std::string shared_path(const std::string& file) {
  return std::string(PELSIM_SHARED_DIR) + "/workloads/" + file;
}

struct DaxFile {
  const char* file;
  std::uint32_t jobs;    // README table, "jobs"
  std::uint32_t pairs;   // README table, "child/parent edges" (see below)
  std::uint32_t edges;   // one per file of data between a pair, else one: python3, below
  double sum_runtime;    // README table, "sum runtime s" (2 decimals)
  double critical_path;  // python3, below
  double bytes;          // python3, below
};

// jobs, child/parent edges and sum runtime: README §4 table (pegasus-dax) and §3 table
// (simgrid/dax). In all these files every file-implied edge is also declared by a <child>
// element, so the task pair count is the child/parent count. Edges (one per file of more than
// 0 bytes a pair passes, as SimGrid's one transfer each, else one), critical path (seconds,
// runtimes only) and total bytes computed with python3 (standard library) in
// /work/shared/workloads:
//   python3 -c '
//   import sys,functools,xml.etree.ElementTree as ET
//   for f in sys.argv[1:]:
//     r=ET.parse(f).getroot(); t=lambda e: e.tag.split("}")[-1]; J=[e for e in r if t(e)=="job"]
//     rt={j.get("id"):float(j.get("runtime")) for j in J}; io={}; sz={}
//     for j in J:
//       for u in (u for u in j if t(u)=="uses"):
//         io.setdefault((j.get("id"),u.get("link")),set()).add(u.get("file"))
//         sz.setdefault(u.get("file"),float(u.get("size")))
//     out=lambda j: io.get((j,"output"),set()); inp=lambda j: io.get((j,"input"),set())
//     E={(p.get("ref"),c.get("ref")) for c in r if t(c)=="child" for p in c}|{(p,c) for p in rt
//        for c in rt if p!=c and out(p)&inp(c)}
//     ch={j:[c for p,c in E if p==j] for j in rt}
//     bl=functools.lru_cache(None)(lambda j: rt[j]+max([bl(c) for c in ch[j]],default=0))
//     print(f,len(rt),len(E),sum(max(1,sum(sz[x]>0 for x in out(p)&inp(c))) for p,c in E),
//           sum(rt.values()),max(map(bl,rt)),sum(sum(sz[x] for x in out(p)&inp(c)) for p,c in E))'
//     pegasus-dax/*.xml
//     simgrid/dax/Montage_25.xml simgrid/dax/dag-from-dax-simple.xml simgrid/dax/smalldax.xml
// (the file names on the same line as the command; its job and pair counts agree with the
// README tables).
const DaxFile kDaxFiles[] = {
    {"pegasus-dax/CyberShake_1000.xml", 1000, 1988, 2485, 22751.94, 255.13, 265886695056},
    {"pegasus-dax/CyberShake_30.xml", 30, 52, 65, 760.53, 221.84, 7492680824},
    {"pegasus-dax/Epigenomics_24.xml", 24, 27, 27, 17720.15, 5581.05, 965760643},
    {"pegasus-dax/Inspiral_30.xml", 30, 35, 35, 6617.07, 1335.18, 11847540},
    {"pegasus-dax/Montage_100.xml", 100, 233, 447, 1079.34, 70.72, 1409449339},
    {"pegasus-dax/Sipht_30.xml", 29, 33, 45, 5546.46, 4408.9233, 52315188},
    {"simgrid/dax/Montage_25.xml", 25, 45, 82, 227.75, 46.51, 323549284},
    {"simgrid/dax/dag-from-dax-simple.xml", 3, 2, 2, 80.0, 70.0, 500000000},
    {"simgrid/dax/smalldax.xml", 3, 2, 2, 30.0, 20.0, 2000000},
};

TEST(DaxReader, RealFilesMatchTheReadmeTables) {
  for (const DaxFile& d : kDaxFiles) {
    SCOPED_TRACE(d.file);
    const std::string path = shared_path(d.file);
    if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " is absent";
    const TaskGraph g = read_dax_file(path, 1.0);
    const GraphMetrics m = compute_graph_metrics(g);
    EXPECT_EQ(m.tasks, d.jobs);
    EXPECT_EQ(m.task_pairs, d.pairs);
    EXPECT_EQ(m.edges, d.edges);
    EXPECT_NEAR(m.total_work, d.sum_runtime, 0.005);  // the README rounds to 2 decimals
    EXPECT_NEAR(m.critical_path_work, d.critical_path, 1e-9 * d.critical_path);
    EXPECT_EQ(m.total_bytes, d.bytes);  // integers below 2^53: exact
  }
}

TEST(DaxReader, RealFilesLayers) {
  // Level sizes (level = longest path in edges from a source), sources and sinks, with the
  // edges of the python3 command above and, in /work/shared/workloads:
  //   pr={j:[p for p,c in E if c==j] for j in rt}
  //   lv=functools.lru_cache(None)(lambda j: max([lv(p)+1 for p in pr[j]],default=0))
  //   L=[lv(j) for j in rt]; print(f,[L.count(k) for k in range(max(L)+1)],
  //     sum(not pr[j] for j in rt),sum(all(p!=j for p,c in E) for j in rt))
  // on pegasus-dax/CyberShake_30.xml pegasus-dax/Epigenomics_24.xml simgrid/dax/Montage_25.xml.
  const struct {
    const char* file;
    std::vector<std::uint32_t> levels;
    std::uint32_t sources;
    std::uint32_t sinks;
  } cases[] = {
      {"pegasus-dax/CyberShake_30.xml", {2, 13, 14, 1}, 2, 2},
      {"pegasus-dax/Epigenomics_24.xml", {1, 5, 5, 5, 5, 1, 1, 1}, 1, 1},
      {"simgrid/dax/Montage_25.xml", {5, 9, 1, 1, 5, 1, 1, 1, 1}, 5, 1},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.file);
    const std::string path = shared_path(c.file);
    if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " is absent";
    const TaskGraph g = read_dax_file(path);
    EXPECT_EQ(level_sizes(g), c.levels);
    const GraphMetrics m = compute_graph_metrics(g);
    EXPECT_EQ(m.sources, c.sources);
    EXPECT_EQ(m.sinks, c.sinks);
  }
}

TEST(DaxReader, SmallDaxAsSimGridLoadsIt) {
  const std::string path = shared_path("simgrid/dax/smalldax.xml");
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " is absent";
  // reference-output/s4u-dag-from-dax.tesh: "'1@task1' is an Exec: 42000000000 flops" (and
  // the same for 2@task2 and 3@task1); "'1@task1_o1_3@task1' is a Comm: 1000000 bytes" and
  // "'2@task2_o2_3@task1' is a Comm: 1000000 bytes" (the first size of o1 and o2; job 3 says
  // 304, which SimGrid ignores with a warning).
  const TaskGraph g = read_dax_file(path, 4.2e9);
  EXPECT_EQ(names_of(g), (std::vector<std::string>{"1", "2", "3"}));
  EXPECT_EQ(works_of(g), (std::vector<double>{42e9, 42e9, 42e9}));
  EXPECT_EQ(edges_of(g), (std::vector<EdgeRec>{{"1", "3", 1e6}, {"2", "3", 1e6}}));
  // With SimGrid's root and end (the same tesh): "'root' is an Exec: 0 flops", "'root_i1_1@task1'
  // is a Comm: 1000000 bytes", "'root_i2_2@task2' ...: 1000000 bytes", "'3@task1_o3_end' ...:
  // 4167312 bytes", "'end' is an Exec: 0 flops".
  const TaskGraph staged = read_dax_file(path, 4.2e9, /*root_end=*/true);
  EXPECT_EQ(names_of(staged), (std::vector<std::string>{"root", "1", "2", "3", "end"}));
  EXPECT_EQ(works_of(staged), (std::vector<double>{0, 42e9, 42e9, 42e9, 0}));
  EXPECT_EQ(edges_of(staged), (std::vector<EdgeRec>{{"1", "3", 1e6},
                                                    {"2", "3", 1e6},
                                                    {"3", "end", 4167312},
                                                    {"root", "1", 1e6},
                                                    {"root", "2", 1e6}}));
}

// The transfers and dependencies SimGrid's own loader makes of three shipped DAX files
// (tests/data/sgref_dax: create_DAG_from_DAX listed by scripts/crosscheck/sg_dax_list.cpp):
// with root_end, pelsim has one edge per transfer of data with the same bytes (SimGrid's
// 0-byte transfers are precedences in pelsim), and, on these three files, links the same pairs
// of tasks (elsewhere SimGrid also sends a 0-byte file no job writes from root to a job that
// has a predecessor, a transfer of nothing that pelsim leaves out). Montage passes several
// files between most pairs, Sipht stages hundreds of files from root.
TEST(DaxReader, EdgesAreSimGridsTransfers) {
  for (const char* name :
       {"simgrid/dax/Montage_25", "pegasus-dax/Montage_100", "pegasus-dax/Sipht_30"}) {
    SCOPED_TRACE(name);
    const std::string base = std::filesystem::path(name).filename().string();
    std::ifstream listing(std::string(PELSIM_TEST_DATA) + "/sgref_dax/" + base + ".txt");
    ASSERT_TRUE(listing) << base;
    std::vector<EdgeRec> transfers;
    std::set<std::pair<std::string, std::string>> pairs;
    std::string line;
    while (std::getline(listing, line)) {
      std::istringstream in(line);
      std::string kind, from, to;
      double bytes = 0;
      in >> kind >> from >> to >> bytes;
      pairs.emplace(from, to);
      if (kind == "comm" && bytes > 0) transfers.push_back({from, to, bytes});
    }
    std::sort(transfers.begin(), transfers.end());
    ASSERT_GT(transfers.size(), 100u);

    const TaskGraph g =
        read_dax_file(std::string(PELSIM_SCENARIOS_DIR) + "/workloads/" + name + ".xml", 1e9, true);
    std::vector<EdgeRec> data;
    std::set<std::pair<std::string, std::string>> linked;
    for (const EdgeRec& e : edges_of(g)) {
      if (e.bytes > 0) data.push_back(e);
      linked.emplace(e.from, e.to);
    }
    EXPECT_EQ(data, transfers);
    EXPECT_EQ(linked, pairs);
  }
}

// SimGrid's root and end without files to stage: root precedes the jobs without a
// predecessor, end follows those without a successor, by 0-byte edges. A job named root or end
// is refused then (it would be merged with SimGrid's task).
TEST(DaxReader, RootAndEndFollowTheSourcesAndPrecedeTheSinks) {
  const TempFile f(adag("<job id=\"a\" runtime=\"1\"/><job id=\"b\" runtime=\"2\"/>\n"
                        "<child ref=\"b\"><parent ref=\"a\"/></child>\n"
                        "<job id=\"c\" runtime=\"3\"/>\n"),
                   ".xml");
  const TaskGraph g = read_dax_file(f.path(), 1e9, true);
  EXPECT_EQ(names_of(g), (std::vector<std::string>{"root", "a", "b", "c", "end"}));
  EXPECT_EQ(
      edges_of(g),
      (std::vector<EdgeRec>{
          {"a", "b", 0}, {"b", "end", 0}, {"c", "end", 0}, {"root", "a", 0}, {"root", "c", 0}}));
  // As SimGrid's loader (is_input = link == input): a file job a inouts (200 B) and one it
  // checkpoints (7 B), which no job reads, go to end (one edge each); a file b reads that no
  // job writes (5 B) comes from root.
  const TempFile links(
      adag("<job id=\"a\" runtime=\"1\"><uses file=\"io\" link=\"inout\" size=\"200\"/>"
           "<uses file=\"ck\" link=\"checkpoint\" size=\"7\"/></job>\n"
           "<job id=\"b\" runtime=\"1\"><uses file=\"g\" link=\"input\" size=\"5\"/></job>\n"),
      ".xml");
  EXPECT_EQ(edges_of(read_dax_file(links.path(), 1e9, true)),
            (std::vector<EdgeRec>{{"a", "end", 7},
                                  {"a", "end", 200},
                                  {"b", "end", 0},
                                  {"root", "a", 0},
                                  {"root", "b", 5}}));
  const TempFile named(adag("<job id=\"end\" runtime=\"1\"/>\n"), ".xml");
  try {
    read_dax_file(named.path(), 1e9, true);
    ADD_FAILURE() << "a job named end was accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.line(), 2u);
    EXPECT_NE(std::string(e.what()).find("job id 'end' is the name of a task SimGrid's root and "
                                         "end (--root-end) add"),
              std::string::npos)
        << e.what();
  }
  EXPECT_EQ(names_of(read_dax_file(named.path(), 1e9)), (std::vector<std::string>{"end"}));
}

TEST(DaxReader, SimpleDaxWithCycleIsRejected) {
  const std::string path = shared_path("simgrid/dax/simple_dax_with_cycle.xml");
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " is absent";
  // reference-output/s4u-dag-from-dax.tesh: "is not a DAG. It contains a cycle." The cycle is
  // 1 -> 3 (file o1, no <child> element) -> 1 (<child ref="1"><parent ref="3"/>); job 1 is
  // on line 5.
  try {
    read_dax_file(path);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.line(), 5u);
    EXPECT_EQ(e.reason(), "the graph has a cycle through task '1': '1' -> '3' -> '1'");
  }
}

}  // namespace
}  // namespace pelsim::models
