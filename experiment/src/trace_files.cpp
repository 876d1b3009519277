#include "pelsim/experiment/trace_files.hpp"

#include <algorithm>
#include <ostream>
#include <vector>

#include "pelsim/experiment/atomic_file.hpp"
#include "pelsim/experiment/json_line.hpp"
#include "pelsim/models/faults.hpp"

namespace pelsim::experiment {

namespace m = pelsim::models;

namespace {

std::string micros(double seconds) { return format_double(seconds * 1e6); }

// A quoted JSON string.
std::string q(std::string_view s) { return "\"" + json_escape(s) + "\""; }

// Paje fields are separated by blanks: quote every name.
std::string pq(std::string_view s) {
  std::string out = "\"";
  for (char c : s) out += (c == '"' || c == '\n') ? '_' : c;
  return out + '"';
}

}  // namespace

void write_chrome_trace(const std::string& path, const m::TaskGraph& graph,
                        const m::TraceRecorder& trace) {
  AtomicFile file(path);
  write_chrome_trace(file.stream(), graph, trace);
  file.commit();
}

void write_chrome_trace(std::ostream& os, const m::TaskGraph& graph,
                        const m::TraceRecorder& trace) {
  os << "{\"displayTimeUnit\":\"ms\",\"otherData\":{\"time\":\"simulated microseconds\"},"
        "\"traceEvents\":[\n";
  os << R"({"ph":"M","pid":0,"name":"process_name","args":{"name":"cores"}})";
  os << ",\n" << R"({"ph":"M","pid":1,"name":"process_name","args":{"name":"network"}})";
  for (std::uint32_t c = 0; c < trace.core_count(); ++c)
    os << ",\n{\"ph\":\"M\",\"pid\":0,\"tid\":" << c
       << R"(,"name":"thread_name","args":{"name":"core )" << c << "\"}}";
  for (m::TaskId t = 0; t < graph.task_count(); ++t) {
    if (!(trace.finish(t) >= trace.start(t))) continue;  // never ran
    os << ",\n{\"ph\":\"X\",\"pid\":0,\"tid\":" << trace.core(t) << ",\"ts\":"
       << micros(trace.start(t)) << ",\"dur\":" << micros(trace.finish(t) - trace.start(t))
       << ",\"name\":" << q(graph.name(t)) << ",\"cat\":\"task\",\"args\":{\"work\":"
       << format_double(graph.work(t)) << "}}";
  }
  // Faults: the runs a failure cut short, and each core's downtimes (one for good ends with the
  // last task).
  double end = 0;
  for (m::TaskId t = 0; t < graph.task_count(); ++t)
    if (trace.finish(t) >= trace.start(t)) end = std::max(end, trace.finish(t));
  for (const sim::TaskSpan& x : trace.interrupted())
    os << ",\n{\"ph\":\"X\",\"pid\":0,\"tid\":" << x.core << ",\"ts\":" << micros(x.start)
       << ",\"dur\":" << micros(x.finish - x.start)
       << ",\"name\":" << q(std::string(graph.name(x.task)) + " (cut short)")
       << ",\"cat\":\"interrupted\"}";
  for (const m::TraceRecorder::Downtime& d : trace.failures())
    os << ",\n{\"ph\":\"X\",\"pid\":0,\"tid\":" << d.core << ",\"ts\":" << micros(d.down)
       << ",\"dur\":" << micros(std::max(0.0, std::min(d.up, std::max(end, d.down)) - d.down))
       << ",\"name\":\"down\",\"cat\":\"failure\"}";
  for (const sim::TransferSpan& x : trace.transfers()) {
    const m::TaskId from = graph.source(x.edge), to = graph.target(x.edge);
    // (A transfer cancelled when its consumer moved off a failed core: named so, no arrow.)
    const std::string name = q(std::string(graph.name(from)) + " -> " +
                               std::string(graph.name(to)) + (x.delivered ? "" : " (cancelled)"));
    os << ",\n{\"ph\":\"b\",\"pid\":1,\"tid\":0,\"cat\":\"transfer\",\"id\":" << x.edge
       << ",\"ts\":" << micros(x.start) << ",\"name\":" << name
       << ",\"args\":{\"bytes\":" << format_double(x.bytes) << ",\"from_core\":" << x.src_core
       << ",\"to_core\":" << x.dst_core << "}}";
    os << ",\n{\"ph\":\"e\",\"pid\":1,\"tid\":0,\"cat\":\"transfer\",\"id\":" << x.edge
       << ",\"ts\":" << micros(x.finish) << ",\"name\":" << name << "}";
    if (!x.delivered) continue;
    // An arrow from the producer's slice to the consumer's slice.
    os << ",\n{\"ph\":\"s\",\"pid\":0,\"tid\":" << x.src_core << ",\"cat\":\"flow\",\"id\":"
       << x.edge << ",\"ts\":" << micros(trace.start(from)) << ",\"name\":\"data\"}";
    os << ",\n{\"ph\":\"f\",\"bp\":\"e\",\"pid\":0,\"tid\":" << x.dst_core
       << ",\"cat\":\"flow\",\"id\":" << x.edge << ",\"ts\":" << micros(trace.start(to))
       << ",\"name\":\"data\"}";
  }
  os << "\n]}\n";
}

void write_paje_trace(const std::string& path, const m::TaskGraph& graph,
                      const m::TraceRecorder& trace) {
  AtomicFile file(path);
  write_paje_trace(file.stream(), graph, trace);
  file.commit();
}

void write_paje_trace(std::ostream& os, const m::TaskGraph& graph, const m::TraceRecorder& trace) {
  // One Paje event after the header: its event id, time and the fields after the time.
  // At equal times on a core: what ends a state, then what starts one, then a failure (a run
  // cut short at the instant it began is its task's state, then "down").
  enum Rank { kEnds, kStarts, kFails };
  struct Line {
    double time;
    int event;  // 5 PajeSetState, 6 PajeStartLink, 7 PajeEndLink
    Rank rank;
    std::size_t seq;
    std::string fields;
  };
  std::vector<Line> lines;
  auto add = [&](double time, int event, Rank rank, std::string fields) {
    lines.push_back({time, event, rank, lines.size(), std::move(fields)});
  };
  double end = 0;
  for (m::TaskId t = 0; t < graph.task_count(); ++t) {
    if (!(trace.finish(t) >= trace.start(t))) continue;  // never ran
    const std::string core = "c" + std::to_string(trace.core(t));
    add(trace.start(t), 5, kStarts, "S " + core + " " + pq(graph.name(t)));
    add(trace.finish(t), 5, kEnds, "S " + core + " \"idle\"");
    end = std::max(end, trace.finish(t));
  }
  // Faults: a run cut short is its task's state until the failure, then the core is "down"
  // until its repair (for good: to the end).
  for (const sim::TaskSpan& x : trace.interrupted()) {
    const std::string core = "c" + std::to_string(x.core);
    add(x.start, 5, kStarts,
        "S " + core + " " + pq(std::string(graph.name(x.task)) + " (cut short)"));
  }
  for (const m::TraceRecorder::Downtime& d : trace.failures()) {
    const std::string core = "c" + std::to_string(d.core);
    add(d.down, 5, kFails, "S " + core + " \"down\"");
    if (d.up != m::kNeverRepaired)
      add(d.up, 5, kEnds, "S " + core + " \"idle\"");  // before a start
  }
  // (A transfer cancelled when its task moved off a failed core: the value "cancelled".)
  for (const sim::TransferSpan& x : trace.transfers()) {
    const std::string key = " e" + std::to_string(x.edge);
    const std::string value = x.delivered ? "L m \"transfer\" c" : "L m \"cancelled\" c";
    add(x.start, 6, kStarts, value + std::to_string(x.src_core) + key);
    add(x.finish, 7, kStarts, value + std::to_string(x.dst_core) + key);
    end = std::max(end, x.finish);
  }
  // Paje wants time order; at equal times a task's end comes before the next task's start.
  std::stable_sort(lines.begin(), lines.end(), [](const Line& a, const Line& b) {
    if (a.time != b.time) return a.time < b.time;
    if (a.rank != b.rank) return a.rank < b.rank;
    return a.seq < b.seq;
  });

  os << "%EventDef PajeDefineContainerType 0\n% Alias string\n% Type string\n% Name string\n"
        "%EndEventDef\n"
        "%EventDef PajeDefineStateType 1\n% Alias string\n% Type string\n% Name string\n"
        "%EndEventDef\n"
        "%EventDef PajeDefineLinkType 2\n% Alias string\n% Type string\n"
        "% StartContainerType string\n% EndContainerType string\n% Name string\n%EndEventDef\n"
        "%EventDef PajeCreateContainer 3\n% Time date\n% Alias string\n% Type string\n"
        "% Container string\n% Name string\n%EndEventDef\n"
        "%EventDef PajeDestroyContainer 4\n% Time date\n% Type string\n% Name string\n"
        "%EndEventDef\n"
        "%EventDef PajeSetState 5\n% Time date\n% Type string\n% Container string\n"
        "% Value string\n%EndEventDef\n"
        "%EventDef PajeStartLink 6\n% Time date\n% Type string\n% Container string\n"
        "% Value string\n% StartContainer string\n% Key string\n%EndEventDef\n"
        "%EventDef PajeEndLink 7\n% Time date\n% Type string\n% Container string\n"
        "% Value string\n% EndContainer string\n% Key string\n%EndEventDef\n";
  os << "0 M 0 \"machine\"\n0 C M \"core\"\n1 S C \"task\"\n2 L M C C \"transfer\"\n";
  os << "3 0 m M 0 \"machine\"\n";
  for (std::uint32_t c = 0; c < trace.core_count(); ++c)
    os << "3 0 c" << c << " C m \"core " << c << "\"\n5 0 S c" << c << " \"idle\"\n";
  for (const Line& l : lines) os << l.event << ' ' << format_double(l.time) << ' ' << l.fields << '\n';
  for (std::uint32_t c = 0; c < trace.core_count(); ++c)
    os << "4 " << format_double(end) << " C c" << c << '\n';
  os << "4 " << format_double(end) << " M m\n";
}

}  // namespace pelsim::experiment
