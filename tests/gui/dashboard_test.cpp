// Qt Test of the dashboard's models and main flows, run headless (QT_QPA_PLATFORM=offscreen).
#include <QtCharts/QLineSeries>
#include <QtCore/QFile>
#include <QtCore/QTemporaryDir>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWidgets/QApplication>
#include <QtWidgets/QSpinBox>
#include <cmath>
#include <limits>
#include <memory>
#include <string>

#include "main_window.hpp"
#include "pelsim/experiment/run_point.hpp"
#include "pelsim/models/decision.hpp"
#include "results_model.hpp"

using namespace pelsim;

namespace {

const QString kScenarios = PELSIM_SCENARIOS_DIR;

// a (1 s) -> b (5 s), c (2 s) -> d (1 s), 0-byte edges, with `rest` (platform, policy).
std::shared_ptr<const experiment::Scenario> diamond(const std::string& rest) {
  return std::make_shared<const experiment::Scenario>(experiment::parse_scenario(
      "diamond.yaml",
      "workload:\n  tasks: [{name: a, work: 1e9}, {name: b, work: 5e9}, {name: c, work: 2e9}, "
      "{name: d, work: 1e9}]\n  edges: [{from: a, to: b}, {from: a, to: c}, {from: b, to: d}, "
      "{from: c, to: d}]\n" +
          rest));
}

// Share of pixels that are not (nearly) white.
double ink(const QImage& image) {
  qint64 dark = 0;
  for (int y = 0; y < image.height(); ++y)
    for (int x = 0; x < image.width(); ++x) dark += qGray(image.pixel(x, y)) < 235 ? 1 : 0;
  return static_cast<double>(dark) / (static_cast<double>(image.width()) * image.height());
}

// True when a pixel within `radius` of `at` has colour `want` (each channel within 40).
bool has_colour_near(const QImage& image, QPoint at, QColor want, int radius = 3) {
  for (int dy = -radius; dy <= radius; ++dy)
    for (int dx = -radius; dx <= radius; ++dx) {
      const QPoint p = at + QPoint(dx, dy);
      if (!image.rect().contains(p)) continue;
      const QColor c = image.pixelColor(p);
      if (std::abs(c.red() - want.red()) < 40 && std::abs(c.green() - want.green()) < 40 &&
          std::abs(c.blue() - want.blue()) < 40)
        return true;
    }
  return false;
}

}  // namespace

class DashboardTest : public QObject {
  Q_OBJECT
 private slots:
  void resultsModelFillsAsRunsFinish();
  void resultsModelShowsTheMeasuresItsRunsHave();
  void editorShowsErrorsAtTheirLine();
  void openRunExport();
  void cancelStopsARunningBatch();
  void screenshotsShowTheData();
  void dagViewHighlightsTheCriticalPath();
  void openingADaxOffersSimGridsReading();
  void stepModeWalksThroughADiamond();
  void compareShowsBothRunsAndTheirDifference();
  void linksViewShowsTheBusiestLinks();
  void stepViewNamesTheChosenRun();
  void stepViewExplainsHeftDecisions();
  void stepViewExplainsAMoveOffAFailedCore();
  void stepViewTellsACancelledTransfer();
  void ganttColoursStolenAndOwnQueueTasksApart();
};

// The first measured run (not a 1-core reference) of `scenario` on `topology` and `cores`.
static std::size_t run_on(const experiment::Scenario& scenario, const std::string& topology,
                          std::uint32_t cores) {
  for (const auto& p : scenario.points)
    if (!p.reference && p.config.flow.topology == topology && p.config.cores == cores)
      return p.index;
  return scenario.points.size();
}

void DashboardTest::linksViewShowsTheBusiestLinks() {
  gui::MainWindow window;
  window.resize(1280, 800);
  QVERIFY(window.openFile(kScenarios + "/contention.yaml"));
  QSignalSpy ended(&window, &gui::MainWindow::batchEnded);
  QVERIFY(window.runScenario());
  QVERIFY(ended.wait(400000));
  QCOMPARE(ended.front().front().toBool(), true);
  const auto scenario = window.editor()->scenario();
  QVERIFY(scenario != nullptr);
  // The Results table has the max link utilisation column on the flow network, then heft's
  // planned makespan (last).
  gui::ResultsModel* results = window.results();
  QCOMPARE(
      results->headerData(results->columnCount() - 2, Qt::Horizontal, Qt::DisplayRole).toString(),
      QString("max link utilisation"));
  QCOMPARE(
      results->headerData(results->columnCount() - 1, Qt::Horizontal, Qt::DisplayRole).toString(),
      QString("planned makespan (s)"));
  QSignalSpy shown(&window, &gui::MainWindow::runShown);
  gui::LinkView* links = window.linkView();

  // The bus on 8 single-core nodes: one link, "bus", that every transferred byte crosses, at
  // 1 GB/s: utilisation = bytes_moved / (1e9 B/s x makespan).
  const std::size_t bus = run_on(*scenario, "bus", 8);
  QVERIFY(bus < scenario->points.size());
  const experiment::RunMeasures m = experiment::run_point(scenario->points[bus].config);
  window.showRun(bus);
  QVERIFY(shown.wait(120000));
  QCOMPARE(links->rows().size(), std::size_t{1});
  QCOMPARE(links->rows().front().name, std::string("bus"));
  const double expected = m.bytes_moved / (1e9 * m.makespan);
  QVERIFY2(std::abs(links->rows().front().utilisation - expected) < 1e-9,
           qPrintable(QString("%1 vs %2").arg(links->rows().front().utilisation).arg(expected)));
  QVERIFY2(links->summary().startsWith("1 links used; busiest: bus at "),
           qPrintable(links->summary()));
  int bus_row = 0;
  while (results->runOfRow(bus_row) != bus) ++bus_row;
  QCOMPARE(results->data(results->index(bus_row, results->columnCount() - 2), Qt::DisplayRole)
               .toString(),
           QString::number(expected, 'f', 4));
  // heft's own estimate, which knows no contention, next to the simulated makespan on the bus.
  QCOMPARE(results->data(results->index(bus_row, results->columnCount() - 1), Qt::DisplayRole)
               .toString(),
           QString::number(m.planned_makespan, 'g', 8));
  QVERIFY(m.planned_makespan < m.makespan);

  // The crossbar on 8 nodes: each node's up and down NIC link, 8 x 2 = 16 links (every core
  // of the 2000-task DAG sends and receives), busiest first in the view and the table.
  const std::size_t crossbar = run_on(*scenario, "crossbar", 8);
  window.showRun(crossbar);
  QVERIFY(shown.wait(120000));
  const auto& rows = links->rows();
  QCOMPARE(rows.size(), std::size_t{16});
  for (std::size_t i = 1; i < rows.size(); ++i)
    QVERIFY(rows[i - 1].utilisation >= rows[i].utilisation);
  QCOMPARE(links->table()->rowCount(), 16);
  QCOMPARE(links->table()->item(0, 0)->text(), QString::fromStdString(rows.front().name));
  window.show();
  window.tabs()->setCurrentIndex(3);
  window.runTabs()->setCurrentIndex(1);
  QApplication::processEvents();
  QVERIFY(ink(links->chartView()->grab().toImage()) > 0.02);

  // More links than bars (torus2d on 64 nodes: 2 x 2 x 8 x 8 = 256 fabric links and 128 NIC
  // links, 384 in all, each carrying data): the 20 busiest are drawn, the 364 others counted.
  window.showRun(run_on(*scenario, "torus2d", 64));
  QVERIFY(shown.wait(120000));
  QCOMPARE(gui::LinkView::kMaxBars, 20);
  QCOMPARE(links->rows().size(), std::size_t{384});
  QVERIFY2(links->chartView()->chart()->title().contains("The 20 busiest links (364 more"),
           qPrintable(links->chartView()->chart()->title()));
  QCOMPARE(links->table()->rowCount(), static_cast<int>(links->rows().size()));
  const QString out = qEnvironmentVariable("PELSIM_SCREENSHOT_DIR");
  if (!out.isEmpty()) {
    QApplication::processEvents();
    window.grab().save(out + "/dashboard-links.png");
  }

  // A run without the flow network (amdahl.yaml: network ideal): a message, no chart.
  gui::MainWindow ideal;
  QVERIFY(ideal.openFile(kScenarios + "/amdahl.yaml"));
  QSignalSpy ideal_shown(&ideal, &gui::MainWindow::runShown);
  ideal.showRun(0);
  QVERIFY(ideal_shown.wait(120000));
  QVERIFY(ideal.linkView()->rows().empty());
  QCOMPARE(ideal.linkView()->summary(),
           QString("No link statistics: this run's network (ideal) has no links; use network: "
                   "flow."));
  QVERIFY(ideal.linkView()->chartView()->isHidden());
}

void DashboardTest::compareShowsBothRunsAndTheirDifference() {
  // 8 tasks of 1 s: 8 s on 1 core (run 0), 2 s on 4 cores (run 2); B - A = -6 s (-75 %).
  gui::CompareView view;
  view.setScenario(std::make_shared<const experiment::Scenario>(experiment::parse_scenario(
      "bag.yaml", "workload: {generator: independent, params: {n: 8}}\nplatform: {network: ideal}\n"
                  "policy: fifo\nsweep: {platform.cores: [1, 2, 4]}\n")));
  QSignalSpy done(&view, &gui::CompareView::compared);
  view.compare(0, 2);
  QVERIFY(done.wait(30000));
  QVERIFY2(view.summary().contains("B - A: makespan -6 s (-75.0 %)"), qPrintable(view.summary()));
  QCOMPARE(view.gantt(0)->viewEnd(), 8.0);
  QCOMPARE(view.gantt(1)->viewEnd(), 8.0);  // the same time scale
  QCOMPARE(view.gantt(1)->data().cores, 4u);
}

void DashboardTest::stepModeWalksThroughADiamond() {
  // a (1 s) -> b (5 s), c (2 s) -> d (1 s) on 2 cores of 1 Gflop/s, 0-byte edges (pure
  // precedence): a 0-1, b and c from 1, d after b at 6: makespan 7 s.
  gui::StepView view;
  view.setScenario(diamond("platform: {cores: 2}\npolicy: fifo\n"));
  QCOMPARE(view.readyTasks(), QStringList{"a"});
  QVERIFY(!view.finished());
  QCOMPARE(view.runInfo(), QString("fifo on 2 cores"));
  view.runUntil(1.5);
  QCOMPARE(view.readyTasks(), QStringList{});
  QStringList running{view.coreState(0), view.coreState(1)};
  running.sort();
  QCOMPARE(running, (QStringList{"b", "c"}));
  int steps = 0;
  while (view.step() && steps < 100) ++steps;
  QVERIFY(view.finished());
  QCOMPARE(view.now(), 7.0);
  QCOMPARE(view.coreState(0), QString("idle"));
  QVERIFY(view.log().contains("finishes d"));
  view.reset();  // back to the start
  QCOMPARE(view.now(), 0.0);
  QCOMPARE(view.readyTasks(), QStringList{"a"});
}

// The run chosen says what it is: policy, cores and swept values (runs in the sweep's order:
// the first parameter slowest, cores last).
void DashboardTest::stepViewNamesTheChosenRun() {
  gui::StepView view;
  view.setScenario(diamond("sweep: {policy: [fifo, heft], platform.cores: [1, 2]}\n"));
  QCOMPARE(view.runInfo(), QString("fifo on 1 core (policy=fifo)"));
  auto* run = view.findChild<QSpinBox*>();
  QVERIFY(run != nullptr);
  QCOMPARE(run->maximum(), 3);
  run->setValue(3);
  QCOMPARE(view.runInfo(), QString("heft on 2 cores (policy=heft)"));
  while (view.step()) {
  }
  QCOMPARE(view.now(), 7.0);  // heft's diamond on 2 cores (stepViewExplainsHeftDecisions)
}

void DashboardTest::stepViewExplainsHeftDecisions() {
  // The diamond of stepModeWalksThroughADiamond under heft (0-byte edges cost nothing).
  // rank_u: d 1, c 2 + 1 = 3, b 5 + 1 = 6, a 1 + 6 = 7; order a, b, c, d.
  //  a: EFT 1 on both cores -> core 0.   b: ready 1 on both, EFT 6 on both -> core 0.
  //  c: core 0 free at 6 -> EFT 8; core 1 -> EFT 3 -> core 1.
  //  d: ready at 6 (b) on both; core 0 free at 6, core 1 at 3: EFT 7 on both -> core 0.
  gui::StepView view;
  view.setScenario(diamond("platform: {cores: 2}\npolicy: heft\n"));
  QCOMPARE(view.explanation(), QString());  // planned, but no task has started yet
  view.runUntil(0.0);                       // a starts at 0
  QVERIFY2(view.explanation().startsWith("heft: a on core 0 (planned"),
           qPrintable(view.explanation()));
  QVERIFY2(view.explanation().contains("rank_u = 7"), qPrintable(view.explanation()));
  QTableWidget* table = view.candidateTable();
  QCOMPARE(table->rowCount(), 2);  // one row per core
  QCOMPARE(table->horizontalHeaderItem(1)->text(), QString("eft"));
  QCOMPARE(table->item(0, 0)->text(), QString("core 0"));
  QCOMPARE(table->item(0, 3)->text(), QString("1"));
  QCOMPARE(table->item(1, 3)->text(), QString("1"));
  QVERIFY(table->item(0, 0)->font().bold());  // the chosen core
  QVERIFY(!table->item(1, 0)->font().bold());
  view.step();  // a ends at 1: b starts on core 0, then c on core 1 (EFT 3 there, 8 on core 0)
  QVERIFY2(view.explanation().startsWith("heft: c on core 1 (planned"),
           qPrintable(view.explanation()));
  QCOMPARE(table->item(0, 3)->text(), QString("8"));
  QCOMPARE(table->item(1, 3)->text(), QString("3"));
  QVERIFY(table->item(1, 0)->font().bold());
  while (view.step()) {
  }
  // The last task to start, d: EFT 7 on both cores, core 0 chosen.
  QVERIFY2(view.explanation().startsWith("heft: d on core 0 (planned"),
           qPrintable(view.explanation()));
  QCOMPARE(table->item(0, 3)->text(), QString("7"));
  QCOMPARE(table->item(1, 3)->text(), QString("7"));
  QCOMPARE(table->item(1, 2)->text(), QString("6"));  // EST on core 1: d's input b ends at 6
}

// The same diamond under heft, core 1 failing for good at 2 s while it runs c [1, 3]: the
// simulator moves c to core 0 (the only one left), whose queue b [1, 6], d would be done at
// 7: estimated finish 7 + 2 = 9. It goes before d, which needs it (position 1, after the
// running b): c [6, 8], d [8, 9]. The step view explains the move.
void DashboardTest::stepViewExplainsAMoveOffAFailedCore() {
  gui::StepView view;
  view.setScenario(
      diamond("platform: {cores: 2, faults: {failures: [{core: 1, at: 2s}]}}\n"
              "policy: heft\n"));
  view.runUntil(2.0);
  QVERIFY2(view.explanation().startsWith("heft: c on core 0 (moved, t=2)"),
           qPrintable(view.explanation()));
  QVERIFY2(view.explanation().contains(
               "finish = 9; estimated 7 → 9; from core 1, failed for good; position 1"),
           qPrintable(view.explanation()));
  QCOMPARE(view.candidateTable()->rowCount(), 1);  // core 1 is no candidate
  QVERIFY2(view.log().contains("core 1 failed for good: c moves to core 0 (estimated finish 9)"),
           qPrintable(view.log()));
  while (view.step()) {
  }
  QVERIFY2(view.log().contains("t=6  core 0 starts c (until 8)"), qPrintable(view.log()));
  QVERIFY2(view.log().contains("t=8  core 0 starts d (until 9)"), qPrintable(view.log()));
}

// Under flow, b's input on its way to core 2 when core 2 fails (at 1.5 s) is cancelled as b
// moves to core 3 (the case of Faults.AMovedTaskWaitsForItsNewTransferAndTheOldOneIsCancelled):
// the log tells it so, and the new transfer arrives.
void DashboardTest::stepViewTellsACancelledTransfer() {
  gui::StepView view;
  view.setScenario(std::make_shared<const experiment::Scenario>(experiment::parse_scenario(
      "moved.yaml",
      "workload:\n  tasks: [{name: a, work: 4e9}, {name: x, work: 1e12}, {name: z, work: 1e12}, "
      "{name: b, work: 1e9}]\n  edges: [{from: a, to: z, bytes: 0}, {from: a, to: b, bytes: "
      "1e8}]\nplatform: {cores: 4, speeds: [4e9, 1e9, 1e9, 1e9], latency: 0, bandwidth: 1e8, "
      "topology: crossbar, faults: {failures: [{core: 2, at: 1.5s}]}}\npolicy: fifo\n")));
  view.runUntil(3.0);
  QVERIFY2(view.log().contains("t=1  a -> b: 1e+08 bytes from core 0 to core 2, cancelled at 1.5 "
                               "(b moved off the failed core)"),
           qPrintable(view.log()));
  QVERIFY2(view.log().contains("t=1.5  a -> b: 1e+08 bytes from core 0 to core 3, arrive at 2.5"),
           qPrintable(view.log()));
}

void DashboardTest::ganttColoursStolenAndOwnQueueTasksApart() {
  // a (1 s) -> b, c, d, e (1 s each) on 2 cores, work stealing: a runs on core 0; at 1 s b..e
  // are pushed onto core 0's deque, core 0 pops e (its own newest) and core 1 steals b.
  const auto scenario = experiment::parse_scenario(
      "fan.yaml",
      "workload:\n  tasks: [{name: a, work: 1e9}, {name: b, work: 1e9}, {name: c, work: 1e9}, "
      "{name: d, work: 1e9}, {name: e, work: 1e9}]\n  edges: [{from: a, to: b}, {from: a, to: c}, "
      "{from: a, to: d}, {from: a, to: e}]\nplatform: {cores: 2, network: ideal}\n"
      "policy: work_stealing\n");
  gui::TracedRun traced = gui::trace_run(scenario.points.front().config);
  QVERIFY2(traced.error.isEmpty(), qPrintable(traced.error));
  const auto steal = static_cast<std::uint8_t>(models::DecisionKind::kSteal);
  const auto local = static_cast<std::uint8_t>(models::DecisionKind::kLocalPop);
  QCOMPARE(traced.gantt.task_decision[1], steal);  // b
  QCOMPARE(traced.gantt.task_decision[4], local);  // e
  gui::GanttView view;
  view.resize(800, 300);
  view.setData(traced.gantt);
  view.setColourBy(gui::GanttView::ColourBy::kDecision);
  const QImage image = view.grab().toImage();
  const QColor stolen = gui::GanttView::decisionColor(steal);
  const QColor own = gui::GanttView::decisionColor(local);
  QVERIFY(stolen != own);
  int checked = 0;
  for (std::uint32_t c = 0; c < 2; ++c)
    for (const auto& span : view.data().per_core[c]) {
      const QPoint at =
          (view.position(c, (span.start + span.finish) / 2) * image.devicePixelRatio()).toPoint();
      const std::uint8_t kind = view.data().task_decision[span.task];
      QVERIFY(has_colour_near(image, at, gui::GanttView::decisionColor(kind), 1));
      QVERIFY(!has_colour_near(image, at, kind == steal ? own : stolen, 1));
      checked += kind == steal || kind == local ? 1 : 0;
    }
  QCOMPARE(checked, 5);  // every task was popped from its own deque or stolen
  // Back to colouring by task type: b is drawn in its type's colour again.
  view.setColourBy(gui::GanttView::ColourBy::kTaskType);
  QCOMPARE(view.taskColor(1), gui::GanttView::typeColor(traced.gantt.task_type[1]));
}

void DashboardTest::openingADaxOffersSimGridsReading() {
  // A DAX opened directly gets a starter scenario with SimGrid's reading of it commented out:
  // as it comes, smalldax.xml's 3 jobs; with root_end uncommented, SimGrid's root and end too
  // (5 tasks: reference-output/s4u-dag-from-dax.tesh lists root, 1@task1, 2@task2, 3@task1,
  // end).
  gui::MainWindow window;
  QVERIFY(window.openFile(kScenarios + "/workloads/simgrid/dax/smalldax.xml"));
  const QString text = window.editor()->text();
  QVERIFY2(text.contains("\n  # reference_speed: 4.2Gf\n  # root_end: true\n"), qPrintable(text));
  QVERIFY2(window.editor()->scenario() != nullptr, qPrintable(window.editor()->errorText()));
  QCOMPARE(window.dagView()->layout().graph->task_count(), 3u);
  QSignalSpy validated(window.editor(), &gui::ScenarioEditor::validated);
  window.editor()->editor()->setPlainText(QString(text)
                                              .replace("# reference_speed", "reference_speed")
                                              .replace("# root_end", "root_end"));
  QVERIFY(validated.wait(5000));
  QVERIFY2(window.editor()->scenario() != nullptr, qPrintable(window.editor()->errorText()));
  QCOMPARE(window.dagView()->layout().graph->task_count(), 5u);
  // Any other format: no such lines.
  QVERIFY(window.openFile(kScenarios + "/workloads/simgrid/dot/dag-from-dot-simple.dot"));
  QVERIFY(window.editor()->scenario() != nullptr);
  QVERIFY(!window.editor()->text().contains("root_end"));
}

void DashboardTest::dagViewHighlightsTheCriticalPath() {
  // a -> b -> d and a -> c -> d with b heavier than c: the critical path is a, b, d
  // (1 + 5 + 1 = 7 Gflop against 1 + 2 + 1).
  gui::MainWindow window;
  QTemporaryDir dir;
  QFile f(dir.filePath("diamond.yaml"));
  QVERIFY(f.open(QIODevice::WriteOnly));
  f.write("workload:\n  tasks: [{name: a, work: 1e9}, {name: b, work: 5e9}, {name: c, work: 2e9}, "
          "{name: d, work: 1e9}]\n  edges: [{from: a, to: b}, {from: a, to: c}, {from: b, to: d}, "
          "{from: c, to: d}]\n");
  f.close();
  QVERIFY(window.openFile(f.fileName()));
  const gui::DagLayout& layout = window.dagView()->layout();
  QVERIFY(layout.graph != nullptr);
  QCOMPARE(layout.layers(), 3u);
  QCOMPARE(layout.critical_work, 7e9);
  const auto id = [&](const char* name) { return *layout.graph->find(name); };
  QVERIFY(layout.critical_task[id("a")] && layout.critical_task[id("b")] && layout.critical_task[id("d")]);
  QVERIFY(!layout.critical_task[id("c")]);
  QCOMPARE(layout.layer[id("d")], 2u);
  window.resize(900, 600);
  window.show();
  window.tabs()->setCurrentIndex(4);
  QApplication::processEvents();
  QSignalSpy clicked(window.dagView(), &gui::DagView::taskClicked);
  QTest::mouseClick(window.dagView(), Qt::LeftButton, {}, window.dagView()->position(id("c")).toPoint());
  QCOMPARE(clicked.size(), 1);
  QCOMPARE(clicked.front().front().toUInt(), id("c"));
  QVERIFY(window.dagView()->describe(id("b")).endsWith("on the critical path"));
}

void DashboardTest::resultsModelFillsAsRunsFinish() {
  const auto scenario = std::make_shared<const experiment::Scenario>(experiment::parse_scenario(
      "bag.yaml",
      "workload: {generator: independent, params: {n: 8}}\nsweep: {platform.cores: [1, 2, 4]}\n"));
  gui::ResultsModel model;
  model.setScenario(scenario);
  QCOMPARE(model.rowCount(), 3);
  // run, cores, makespan, speedup, efficiency, utilisation, bytes moved (the default network,
  // latency_bandwidth, moves data between cores), and the planned makespan: the default
  // policy, hlfet, estimates one.
  QCOMPARE(model.columnCount(), 8);
  QCOMPARE(model.data(model.index(2, 2), Qt::DisplayRole).toString(), QString("…"));
  experiment::RunMeasures m;
  m.makespan = 2.0;  // 8 tasks of 1 s on 4 cores: ceil(8/4) = 2 s, as planned
  m.utilisation = 1.0;
  m.planned_makespan = 2.0;
  model.setMeasures(2, m);
  QVERIFY(!model.data(model.index(2, 3), Qt::DisplayRole).isValid());  // no 1-core run yet
  QCOMPARE(model.data(model.index(2, 5), Qt::DisplayRole).toString(), QString("1.0000"));
  QCOMPARE(model.data(model.index(2, 7), Qt::DisplayRole).toString(), QString("2"));
  QCOMPARE(model.data(model.index(2, 6), Qt::DisplayRole).toString(), QString("0"));  // no edges
  m.makespan = 8.0;
  m.planned_makespan = std::numeric_limits<double>::quiet_NaN();  // an empty cell
  model.setMeasures(0, m);
  QVERIFY(!model.data(model.index(0, 7), Qt::DisplayRole).isValid());
  QCOMPARE(model.data(model.index(2, 3), Qt::DisplayRole).toString(), QString("4.000"));
  QCOMPARE(model.data(model.index(2, 4), Qt::DisplayRole).toString(), QString("1.0000"));
  QCOMPARE(model.finishedRows(), 2);
  QVERIFY(model.toCsv().startsWith(
      "run,cores,makespan (s),speedup,efficiency,utilisation,bytes moved,planned makespan (s)\n"));
}

// The columns some runs need: energy (a power model), steals (work stealing), failures and
// lost work (faults), checkpoint time (checkpoints); a run without the measure shows an empty
// cell.
void DashboardTest::resultsModelShowsTheMeasuresItsRunsHave() {
  const auto scenario = std::make_shared<const experiment::Scenario>(
      experiment::parse_scenario("ws.yaml",
                                 "workload: {generator: independent, params: {n: 8}}\n"
                                 "platform: {cores: 2, power: {idle: 10W, busy: 50W},\n"
                                 "  faults: {mtbf: 100s, mttr: 1s, checkpoint: {interval: 10s}}}\n"
                                 "sweep: {policy: [fifo, work_stealing]}\n"));
  gui::ResultsModel model;
  model.setScenario(scenario);
  QVERIFY2(model.toCsv().startsWith("run,policy,cores,makespan (s),speedup,efficiency,"
                                    "utilisation,energy (J),bytes moved,steals,failures,"
                                    "lost work (s),speedup (fault-free T1),checkpoint time (s)\n"),
           qPrintable(model.toCsv()));
  experiment::RunMeasures m;
  m.makespan = 4.5;
  m.energy_j = 400;
  m.steals = 3;
  m.failures = 1;
  m.lost_work = 0.5;
  m.checkpoint_time = 2.5;
  model.setMeasures(model.runOfRow(0), m);
  model.setMeasures(model.runOfRow(1), m);
  QCOMPARE(model.data(model.index(0, 7), Qt::DisplayRole).toString(), QString("400"));
  QVERIFY(!model.data(model.index(0, 9), Qt::DisplayRole).isValid());  // fifo: no steals
  QCOMPARE(model.data(model.index(1, 9), Qt::DisplayRole).toString(), QString("3"));
  QCOMPARE(model.data(model.index(1, 10), Qt::DisplayRole).toString(), QString("1"));
  QCOMPARE(model.data(model.index(1, 11), Qt::DisplayRole).toString(), QString("0.5"));
  QVERIFY(!model.data(model.index(1, 12), Qt::DisplayRole).isValid());  // no 1-core run yet
  QCOMPARE(model.data(model.index(1, 13), Qt::DisplayRole).toString(), QString("2.5"));
  // The fault-free 1-core run (8 tasks of 1 s: 8 s) over 4.5 s; the faulty one is not in.
  m = experiment::RunMeasures{};
  m.makespan = 8;
  model.setMeasures(scenario->points[model.runOfRow(1)].clean_baseline, m);
  QCOMPARE(model.data(model.index(1, 12), Qt::DisplayRole).toString(), QString("1.778"));
  QVERIFY(!model.data(model.index(1, 4), Qt::DisplayRole).isValid());  // plain speedup: not yet
}

void DashboardTest::editorShowsErrorsAtTheirLine() {
  gui::ScenarioEditor editor;
  editor.setDocument("x.yaml", "workload: {generator: chain}\nplatfrom: {cores: 2}\n");
  QVERIFY(editor.scenario() == nullptr);
  QVERIFY2(editor.errorText().startsWith("x.yaml:2:1: unknown key 'platfrom'"),
           qPrintable(editor.errorText()));
  QCOMPARE(editor.editor()->extraSelections().size(), 1);
  QCOMPARE(editor.editor()->extraSelections().front().cursor.blockNumber(), 1);
  // Fixing the text validates again after the pause.
  editor.editor()->setPlainText("workload: {generator: chain}\nplatform: {cores: 2}\n");
  QSignalSpy spy(&editor, &gui::ScenarioEditor::validated);
  QVERIFY(spy.wait(5000));
  QVERIFY(editor.scenario() != nullptr);
  QCOMPARE(editor.errorText(), QString("valid: 1 run, 1 curve"));
  // A valid scenario whose DOT workload names a task only in an edge, without work (bb for b):
  // the reader's warning under the valid line.
  QTemporaryDir dir;
  QFile dot(dir.filePath("typo.dot"));
  QVERIFY(dot.open(QIODevice::WriteOnly));
  dot.write("digraph {\n a [size=1e9]; b [size=1e9];\n a -> bb [size=100];\n}\n");
  dot.close();
  editor.setDocument(dir.filePath("t.yaml"), "workload: {file: typo.dot}\nplatform: {cores: 2}\n");
  QVERIFY(editor.scenario() != nullptr);
  QVERIFY2(
      editor.errorText().startsWith("valid: 1 run, 1 curve\nwarning: " + dir.filePath("typo.dot") +
                                    ":3: task 'bb' appears only in edges"),
      qPrintable(editor.errorText()));
}

void DashboardTest::openRunExport() {
  gui::MainWindow window;
  QVERIFY(window.openFile(kScenarios + "/amdahl.yaml"));
  QVERIFY(window.editor()->scenario() != nullptr);
  QSignalSpy ended(&window, &gui::MainWindow::batchEnded);
  QVERIFY(window.runScenario());
  QVERIFY(ended.wait(120000));
  QCOMPARE(ended.front().front().toBool(), true);
  QCOMPARE(window.results()->finishedRows(), 7);
  QCOMPARE(window.scalingView()->figure().curves.size(), std::size_t{1});
  QTemporaryDir dir;
  QVERIFY(window.exportScaling(dir.filePath("s.png")));
  QVERIFY(window.exportScaling(dir.filePath("s.svg")));
  QVERIFY(window.exportTable(dir.filePath("r.csv")));
  QVERIFY(QFile(dir.filePath("s.png")).size() > 10000);
  QVERIFY(QFile(dir.filePath("s.svg")).size() > 10000);
  // The Gantt chart of the selected run, as PNG and as SVG (a vector document with the tasks'
  // rectangles in it).
  QVERIFY(window.exportGantt(dir.filePath("g.png")));
  QVERIFY(window.exportGantt(dir.filePath("g.svg")));
  QCOMPARE(QImage(dir.filePath("g.png")).size(), window.ganttView()->grab().size());
  QFile svg(dir.filePath("g.svg"));
  QVERIFY(svg.open(QIODevice::ReadOnly));
  const QByteArray svg_text = svg.readAll();
  QVERIFY(svg_text.contains("<svg"));
  QVERIFY(svg_text.contains("pelsim Gantt chart"));
  QFile csv(dir.filePath("r.csv"));
  QVERIFY(csv.open(QIODevice::ReadOnly));
  QCOMPARE(csv.readAll().count('\n'), 8);  // header + 7 runs
}

void DashboardTest::cancelStopsARunningBatch() {
  QTemporaryDir dir;
  QFile f(dir.filePath("many.yaml"));
  QVERIFY(f.open(QIODevice::WriteOnly));
  f.write("workload: {generator: layered, params: {tasks: 20000}}\npolicy: heft\n"
          "sweep: {platform.cores: {from: 1, to: 200, step: 1}}\n");
  f.close();
  gui::MainWindow window;
  QVERIFY(window.openFile(f.fileName()));
  QSignalSpy ended(&window, &gui::MainWindow::batchEnded);
  QVERIFY(window.runScenario());
  window.cancelRun();
  QVERIFY(ended.wait(120000));
  QCOMPARE(ended.front().front().toBool(), false);
  QVERIFY(window.results()->finishedRows() < 200);
  QVERIFY(!window.runner()->running());
}

void DashboardTest::screenshotsShowTheData() {
  gui::MainWindow window;
  window.resize(1280, 800);
  QVERIFY(window.openFile(kScenarios + "/default.yaml"));
  QSignalSpy ended(&window, &gui::MainWindow::batchEnded);
  QVERIFY(window.runScenario());
  QVERIFY(ended.wait(120000));
  window.show();
  window.tabs()->setCurrentIndex(1);
  QApplication::processEvents();

  // The speedup chart: every measured point of the last curve drawn (FIFO, on top of the
  // others where they coincide) shows in its colour.
  QChartView* view = window.scalingView()->chartView(0);
  const QImage chart = view->grab().toImage();
  QVERIFY(chart.width() >= 320 && chart.height() >= 280);
  QVERIFY(ink(chart) > 0.02);
  QLineSeries* fifo = nullptr;
  for (QAbstractSeries* s : view->chart()->series())
    if (s->name() == "fifo") fifo = qobject_cast<QLineSeries*>(s);  // policy: its value
  QVERIFY(fifo != nullptr);
  QCOMPARE(fifo->count(), 7);
  const qreal dpr = chart.devicePixelRatio();
  for (const QPointF& p : fifo->points()) {
    const QPointF scene = view->chart()->mapToPosition(p, fifo);
    const QPoint pixel = (view->mapFromScene(scene).toPointF() * dpr).toPoint();
    QVERIFY2(has_colour_near(chart, pixel, fifo->pen().color()),
             qPrintable(QString("no curve pixel at %1 cores").arg(p.x())));
  }

  // The Gantt chart of the 64-core HEFT run: a busy pixel where its first task runs.
  QSignalSpy shown(&window, &gui::MainWindow::runShown);
  window.showRun(6);
  QVERIFY(shown.wait(60000));
  QApplication::processEvents();
  gui::GanttView* gantt = window.ganttView();
  const QImage image = gantt->grab().toImage();
  QVERIFY(ink(image) > 0.05);
  const auto& span = gantt->data().per_core[0].front();
  const QPoint at = (gantt->position(0, (span.start + span.finish) / 2) * image.devicePixelRatio()).toPoint();
  QVERIFY(has_colour_near(image, at, gui::GanttView::typeColor(gantt->data().task_type[span.task]), 1));

  // For the README: screenshots of the dashboard when asked.
  const QString out = qEnvironmentVariable("PELSIM_SCREENSHOT_DIR");
  if (!out.isEmpty()) {
    window.tabs()->setCurrentIndex(1);
    QApplication::processEvents();
    window.grab().save(out + "/dashboard-scaling.png");
    window.tabs()->setCurrentIndex(3);
    QApplication::processEvents();
    window.grab().save(out + "/dashboard-gantt.png");
    window.tabs()->setCurrentIndex(4);
    QApplication::processEvents();
    window.grab().save(out + "/dashboard-workload.png");
    window.tabs()->setCurrentIndex(5);  // run 17: fifo on 8 cores, stepped to 1000 s
    window.stepView()->findChild<QSpinBox*>()->setValue(17);
    window.stepView()->runUntil(1000);
    QApplication::processEvents();
    window.grab().save(out + "/dashboard-step.png");
  }
}

QTEST_MAIN(DashboardTest)
#include "dashboard_test.moc"
