// Qt Test of the dashboard's interactive views, run headless (QT_QPA_PLATFORM=offscreen):
// the Scaling view's hover, the Gantt chart's zoom, pan, reset and hover, its level of detail
// on 100k tasks and on 100k transfers (checked through what it paints, never through timing).
#include <QtCharts/QBarSeries>
#include <QtCharts/QBarSet>
#include <QtCharts/QLineSeries>
#include <QtCharts/QLogValueAxis>
#include <QtCharts/QValueAxis>
#include <QtCore/QFile>
#include <QtCore/QTemporaryDir>
#include <QtGui/QMouseEvent>
#include <QtGui/QWheelEvent>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWidgets/QApplication>
#include <QtWidgets/QToolTip>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "compare_view.hpp"
#include "gantt_view.hpp"
#include "link_view.hpp"
#include "main_window.hpp"
#include "pelsim/experiment/scaling.hpp"
#include "pelsim/experiment/scenario.hpp"
#include "pelsim/gui/scaling_chart.hpp"
#include "pelsim/models/task_graph.hpp"
#include "pelsim/models/trace_recorder.hpp"
#include "scaling_view.hpp"

using namespace pelsim;

namespace {

// The tooltip on screen ("" when none).
QString tooltip() {
  return QToolTip::isVisible() ? QToolTip::text() : QString();
}

// Moves the mouse (no button held) to `at` in `widget`. Sent to the widget directly: in Qt 6.4
// QTest::mouseMove without a button moves the global cursor instead, and the move then goes to
// whatever top-level window is under it, which may be the tooltip shown by the previous move.
void hover(QWidget* widget, QPointF at) {
  QMouseEvent move(QEvent::MouseMove, at, widget->mapToGlobal(at), Qt::NoButton, Qt::NoButton,
                   Qt::NoModifier);
  QApplication::sendEvent(widget, &move);
}

// One wheel notch (120 = one step up: zoom in) at `at`.
void wheel(QWidget* widget, QPointF at, int delta) {
  QWheelEvent event(at, widget->mapToGlobal(at), QPoint(), QPoint(0, delta), Qt::NoButton,
                    Qt::NoModifier, Qt::NoScrollPhase, false);
  QApplication::sendEvent(widget, &event);
}

// One task run: on `core` from `start` to `finish`.
struct Run {
  std::uint32_t core;
  std::string name;
  double start, finish;
};

// Gantt data built the way the dashboard builds it (GanttData::from_trace) from a recorder fed
// with the given runs and transfers; task i is runs[i].
gui::GanttData gantt_of(std::uint32_t cores, const std::vector<Run>& runs,
                        const std::vector<sim::TransferSpan>& transfers = {}) {
  models::TaskGraphBuilder builder("views_test");
  builder.reserve(runs.size(), 0);
  for (const Run& r : runs) builder.intern_task(r.name, 1e9);
  auto graph = std::make_shared<const models::TaskGraph>(builder.build());
  models::TraceRecorder trace(graph->task_count(), cores, /*record_transfers=*/true);
  for (std::uint32_t t = 0; t < runs.size(); ++t) {
    trace.on_task_start({t, runs[t].core, runs[t].start, runs[t].finish});
    trace.on_task_end({t, runs[t].core, runs[t].start, runs[t].finish});
  }
  for (const sim::TransferSpan& x : transfers) trace.on_transfer(x);
  return gui::GanttData::from_trace(graph, trace);
}

// A measured scaling point; speedup = t1 / makespan, efficiency = speedup / cores, and the
// bound speedup t1 / lower_bound.
experiment::ScalingCurve::Point point(double cores, double makespan, double t1,
                                      double lower_bound) {
  experiment::ScalingCurve::Point p;
  p.cores = cores;
  p.makespan = makespan;
  p.t1 = t1;
  p.lower_bound = lower_bound;
  p.speedup = t1 / makespan;
  p.efficiency = p.speedup / cores;
  p.bound_speedup = t1 / lower_bound;
  p.utilisation = 0.75;  // (any value: shown by the tooltips; energy stays NaN, no power model)
  return p;
}

experiment::ScalingCurve curve(std::string label,
                               std::vector<experiment::ScalingCurve::Point> points) {
  experiment::ScalingCurve c;
  c.label = std::move(label);
  c.points = std::move(points);
  std::vector<experiment::SpeedupSample> samples;
  for (const auto& p : c.points) samples.push_back({p.cores, p.speedup});
  c.amdahl = experiment::fit_amdahl(samples);  // finite: the dashed fit is drawn too
  return c;
}

}  // namespace

class ViewsTest : public QObject {
  Q_OBJECT
 private slots:
  void init();
  void scalingHoverShowsThePointsValues();
  void curvesAreNamedByTheirValues();
  void oneCoreCountGivesBars();
  void makespanAxisShowsWholeSeconds();
  void weakScalingDrawsGustafsonsLaw();
  void axesHoldEveryPoint();
  void utilisationAndEnergyHaveTheirCharts();
  void ganttWheelZoomsAroundTheCursor();
  void ganttDragPansByTheDraggedTime();
  void ganttHoverShowsTheTask();
  void ganttLevelOfDetailOn100kTasks();
  void ganttDrawsTransfersWhenAsked();
  void ganttDrawsCancelledTransfersDashedWithoutHead();
  void linksOnlyCancelledTransfersOccupiedAreNotCountedAsUsed();
  void ganttShowsRunsCutShortAndDowntimes();
  void ganttLevelOfDetailOn100kTransfers();
  void compareShowsTheUtilisationDifference();
  void exportedTableHasEveryRunsValues();
};

// Each test starts without a tooltip (hideText() hides it after a 300 ms fade-out delay).
void ViewsTest::init() {
  QToolTip::hideText();
  QTRY_VERIFY_WITH_TIMEOUT(!QToolTip::isVisible(), 2000);
}

// The legend names curves by what differs between them: one swept parameter gives its values
// (a value may hold ", " itself) and the parameter as the legend's title; several keep their
// last names; labels of another form (a zipped sweep's scenario name) stay.
void ViewsTest::curvesAreNamedByTheirValues() {
  const auto labels = [](std::vector<std::string> in, const std::vector<std::string>& columns,
                         std::string* title = nullptr) {
    gui::ScalingFigure figure;
    for (std::string& l : in) figure.curves.push_back(curve(l, {}));
    gui::name_curves_by_values(figure, columns);
    if (title) *title = figure.legend_title;
    std::vector<std::string> out;
    for (const auto& c : figure.curves) out.push_back(c.label);
    return out;
  };
  std::string title;
  QCOMPARE(
      labels({"policy={name: central_queue, priority: fifo}", "policy=heft"}, {"policy"}, &title),
      (std::vector<std::string>{"{name: central_queue, priority: fifo}", "heft"}));
  QCOMPARE(title, std::string("policy:"));
  QCOMPARE(labels({"platform.faults.checkpoint.interval=10s, policy=fifo, x"},
                  {"platform.faults.checkpoint.interval", "policy"}, &title),
           (std::vector<std::string>{"interval=10s, policy=fifo, x"}));
  QCOMPARE(title, std::string());
  // Two parameters whose paths end alike keep their whole paths.
  QCOMPARE(labels({"platform.topology.name=bus, policy.name=heft"},
                  {"platform.topology.name", "policy.name"}),
           (std::vector<std::string>{"platform.topology.name=bus, policy.name=heft"}));
  QCOMPARE(labels({"zipped"}, {"policy"}), (std::vector<std::string>{"zipped"}));
  QCOMPARE(labels({"policy=a", "platform.cores=2"}, {"policy"}),
           (std::vector<std::string>{"policy=a", "platform.cores=2"}));
}

// Every point on 7 cores (a SimGrid platform file fixes the cores): one bar per curve, in
// the curve's colour, and a grey "best possible" bar. T1 = 14 s, lower bound 2.8 s (the same
// for both), so best speedup 14 / 2.8 = 5; fifo 7 s (speedup 2), heft 3.5 s (speedup 4).
void ViewsTest::oneCoreCountGivesBars() {
  gui::ScalingFigure figure;
  figure.curves.push_back(curve("policy=fifo", {point(7, 7, 14, 2.8)}));
  figure.curves.push_back(curve("policy=heft", {point(7, 3.5, 14, 2.8)}));
  QCOMPARE(gui::single_core_count(figure), 7.0);
  std::unique_ptr<QChart> chart(gui::make_scaling_chart(figure, gui::ScalingMetric::kSpeedup));
  QCOMPARE(chart->title(), QString("Speedup on 7 cores"));
  QCOMPARE(chart->series().size(), 1);
  auto* bars = qobject_cast<QBarSeries*>(chart->series().front());
  QVERIFY(bars != nullptr);
  QCOMPARE(bars->count(), 3);
  QCOMPARE(bars->barSets()[0]->label(), QString("policy=fifo"));
  QCOMPARE(bars->barSets()[0]->at(0), 2.0);
  QCOMPARE(bars->barSets()[1]->at(0), 4.0);
  QCOMPARE(bars->barSets()[1]->color(), gui::curve_color(1));
  QCOMPARE(bars->barSets()[2]->label(), QString("best possible"));
  QCOMPARE(bars->barSets()[2]->at(0), 5.0);
  // Another core count anywhere: lines again.
  figure.curves[1].points.push_back(point(14, 2, 14, 1.4));
  QCOMPARE(gui::single_core_count(figure), 0.0);
  chart.reset(gui::make_scaling_chart(figure, gui::ScalingMetric::kSpeedup));
  QVERIFY(qobject_cast<QBarSeries*>(chart->series().front()) == nullptr);
}

// A log makespan axis has its ticks at powers of two: whole seconds as 512, 1024, 2048 (not
// 1.02e+03, 2.05e+03), fractions of a second in %g form. The key says what lines stand for.
void ViewsTest::makespanAxisShowsWholeSeconds() {
  const auto format = [](const gui::ScalingFigure& figure) {
    std::unique_ptr<QChart> chart(gui::make_scaling_chart(figure, gui::ScalingMetric::kMakespan));
    for (QAbstractAxis* axis : chart->axes(Qt::Vertical))
      if (auto* log = qobject_cast<QLogValueAxis*>(axis)) return log->labelFormat();
    return QString("not a log axis");
  };
  // T1 = 32768 s on 1 core, 1024 s on 32 (bound: 1024 s): every makespan over a second.
  gui::ScalingFigure figure;
  figure.curves.push_back(
      curve("policy=fifo", {point(1, 32768, 32768, 32768), point(32, 1024, 32768, 1024)}));
  QCOMPARE(format(figure), QString("%.0f"));
  // The same scaled down to T1 = 8 s: 0.25 s on 32 cores.
  figure.curves.front().points = {point(1, 8, 8, 8), point(32, 0.25, 8, 0.25)};
  QCOMPARE(format(figure), QString("%.3g"));
  // Cores from 1 to 2 only: a linear axis.
  figure.curves.front().points = {point(1, 8, 8, 8), point(2, 4, 8, 4)};
  QCOMPARE(format(figure), QString("not a log axis"));
  QVERIFY(gui::scaling_key(figure).startsWith("solid: measured"));
  figure.curves.front().points = {point(2, 4, 8, 4)};
  QVERIFY(gui::scaling_key(figure).startsWith("bars: measured"));
  // No run yet (the dashboard's first figure), or makespans of 0 s (a graph without work): a
  // unit axis from 0, not [0, 0], which Qt's nice numbers turn into NaN.
  for (const gui::ScalingFigure& flat :
       {gui::ScalingFigure{}, [] {
          gui::ScalingFigure f;
          f.curves.push_back(curve("policy=fifo", {point(1, 0, 0, 0), point(2, 0, 0, 0)}));
          return f;
        }()}) {
    std::unique_ptr<QChart> chart(gui::make_scaling_chart(flat, gui::ScalingMetric::kMakespan));
    auto* y = qobject_cast<QValueAxis*>(chart->axes(Qt::Vertical).front());
    QVERIFY(y != nullptr);
    QCOMPARE(y->min(), 0.0);
    QVERIFY2(y->max() > 0 && std::isfinite(y->max()), qPrintable(QString::number(y->max())));
  }
}

void ViewsTest::weakScalingDrawsGustafsonsLaw() {
  // The weak_scaling scenario's figures: 4 + 16p Gflop on p cores, each run 20 s, T1 = (4 +
  // 16p) / 1 s: scaled speedups 1, 1.8, 3.4, 6.6 on 1, 2, 4, 8 cores, Gustafson's p - 0.2 (p
  // - 1). The dashed fit is Gustafson's (at 8 cores 8 - 1.4 = 6.6, efficiency 0.825), not
  // Amdahl's, and the key says so.
  gui::ScalingFigure figure;
  experiment::ScalingCurve c = curve("weak", {point(1, 20, 20, 20), point(2, 20, 36, 20),
                                              point(4, 20, 68, 20), point(8, 20, 132, 20)});
  c.weak = true;
  std::vector<experiment::SpeedupSample> samples;
  for (const auto& p : c.points) samples.push_back({p.cores, p.speedup});
  c.gustafson = experiment::fit_gustafson(samples);
  QVERIFY(std::abs(c.gustafson.serial_fraction - 0.2) < 1e-12);
  figure.curves.push_back(c);
  QVERIFY(gui::scaling_key(figure).contains("dashed: fitted Gustafson law"));
  for (const auto metric : {gui::ScalingMetric::kSpeedup, gui::ScalingMetric::kEfficiency}) {
    std::unique_ptr<QChart> chart(gui::make_scaling_chart(figure, metric));
    QLineSeries* fit = nullptr;
    for (QAbstractSeries* s : chart->series()) {
      QVERIFY(s->name() != "Amdahl fit");
      if (s->name() == "Gustafson fit") fit = qobject_cast<QLineSeries*>(s);
    }
    QVERIFY(fit != nullptr);
    const QPointF last = fit->points().back();  // sampled up to 8 cores
    QCOMPARE(last.x(), 8.0);
    QVERIFY(std::abs(last.y() - (metric == gui::ScalingMetric::kSpeedup ? 6.6 : 0.825)) < 1e-9);
  }
  // Mixed with a strong-scaling curve: the key names both laws, and each curve has its own.
  figure.curves.push_back(curve("strong", {point(1, 8, 8, 8), point(2, 4, 8, 4)}));
  QVERIFY(gui::scaling_key(figure).contains("Amdahl (strong) or Gustafson (weak)"));
  // A curve whose law could not be fitted draws no dashed line, and the key names none.
  gui::ScalingFigure unfitted;
  unfitted.curves.push_back(curve("strong", {point(1, 8, 8, 8), point(2, 4, 8, 4)}));
  unfitted.curves.front().amdahl.serial_fraction = std::nan("");
  QVERIFY(!gui::scaling_key(unfitted).contains("dashed"));
  {
    std::unique_ptr<QChart> chart(gui::make_scaling_chart(figure, gui::ScalingMetric::kSpeedup));
    QStringList names;
    for (QAbstractSeries* s : chart->series()) names << s->name();
    QVERIFY2(names.contains("Gustafson fit") && names.contains("Amdahl fit"),
             qPrintable(names.join(", ")));
  }
  // a = 1.15 (more cores, slower: speedups 1, 0.5, 0.3, 0.1 on 1, 2, 4, 8 cores): p - a (p -
  // 1) reaches 0 at p = 1.15 / 0.15 = 7.67. The fit is drawn up to there (on the log axis Qt
  // dropped the whole series for one value <= 0), every point above 0.
  gui::ScalingFigure slower;
  experiment::ScalingCurve w =
      curve("weak", {point(1, 1, 1, 1), point(2, 4, 2, 1), point(4, 10, 3, 1), point(8, 50, 5, 1)});
  w.weak = true;
  w.gustafson.serial_fraction = 1.15;
  slower.curves.push_back(w);
  std::unique_ptr<QChart> chart(gui::make_scaling_chart(slower, gui::ScalingMetric::kSpeedup));
  QLineSeries* fit = nullptr;
  for (QAbstractSeries* s : chart->series())
    if (s->name() == "Gustafson fit") fit = qobject_cast<QLineSeries*>(s);
  QVERIFY(fit != nullptr && fit->count() > 8);
  for (const QPointF& q : fit->points()) QVERIFY(q.y() > 0 && q.x() < 7.67);
}

// Every measured point lies inside its axes. A run 77 times slower on 100 cores than on one
// (speedup 1/77 = 0.013, a platform of slow hosts): the log speedup axis starts below it, not
// at it, where half the point was cut off. Efficiencies above 1 (superlinear: a 1-core
// reference slowed by its own faults, 1.34 on 4 cores) raise the efficiency axis past 1.1,
// for lines and for bars alike.
void ViewsTest::axesHoldEveryPoint() {
  const auto range = [](const gui::ScalingFigure& figure, gui::ScalingMetric metric) {
    std::unique_ptr<QChart> chart(gui::make_scaling_chart(figure, metric));
    QAbstractAxis* axis = chart->axes(Qt::Vertical).front();
    if (auto* log = qobject_cast<QLogValueAxis*>(axis)) return std::pair(log->min(), log->max());
    auto* linear = qobject_cast<QValueAxis*>(axis);
    return std::pair(linear->min(), linear->max());
  };
  gui::ScalingFigure slow;
  slow.curves.push_back(curve("slow hosts", {point(1, 1, 1, 1), point(100, 77, 1, 0.01)}));
  QVERIFY2(range(slow, gui::ScalingMetric::kSpeedup).first < 1.0 / 77,
           qPrintable(QString::number(range(slow, gui::ScalingMetric::kSpeedup).first)));
  gui::ScalingFigure superlinear;
  superlinear.curves.push_back(
      curve("faults", {point(1, 10.72, 10.72, 8), point(2, 4.2, 10.72, 4), point(4, 2, 10.72, 2)}));
  QVERIFY(range(superlinear, gui::ScalingMetric::kEfficiency).second >= 10.72 / 2 / 4);
  superlinear.curves.front().points.erase(superlinear.curves.front().points.begin(),
                                          superlinear.curves.front().points.begin() + 2);
  QCOMPARE(gui::single_core_count(superlinear), 4.0);  // bars
  QVERIFY(range(superlinear, gui::ScalingMetric::kEfficiency).second >= 10.72 / 2 / 4);
}

// Utilisation against cores: measured points and the ideal at 1, no bound and no law (the laws
// are of speedup). Energy: only the curves with a power model, on a log axis when the cores
// and the energies both span a factor of 8 (else linear from 0); the dashboard shows its
// chart only when some curve has energies.
void ViewsTest::utilisationAndEnergyHaveTheirCharts() {
  gui::ScalingFigure figure;
  figure.curves.push_back(curve("policy=fifo", {point(1, 16, 16, 16), point(16, 2, 16, 1.25)}));
  figure.curves.push_back(curve("policy=heft", {point(1, 16, 16, 16), point(16, 1.5, 16, 1.25)}));
  const auto names = [&](gui::ScalingMetric metric) {
    std::unique_ptr<QChart> chart(gui::make_scaling_chart(figure, metric));
    QStringList list;
    for (QAbstractSeries* s : chart->series()) list << s->name();
    return list.join(", ");
  };
  QCOMPARE(names(gui::ScalingMetric::kUtilisation), QString("ideal, policy=fifo, policy=heft"));
  QVERIFY(!gui::has_energy(figure));
  QCOMPARE(names(gui::ScalingMetric::kEnergy), QString());
  gui::ScalingView view;
  view.setFigure(figure);
  QVERIFY(view.chartView(4)->isHidden());
  QCOMPARE(view.chartView(3)->chart()->title(), QString("Utilisation"));
  // heft with a power model: 100 J on 1 core, 160 J on 16.
  figure.curves[1].points[0].energy_j = 100;
  figure.curves[1].points[1].energy_j = 160;
  QVERIFY(gui::has_energy(figure));
  QCOMPARE(names(gui::ScalingMetric::kEnergy), QString("policy=heft"));
  std::unique_ptr<QChart> chart(gui::make_scaling_chart(figure, gui::ScalingMetric::kEnergy));
  auto* linear = qobject_cast<QValueAxis*>(chart->axes(Qt::Vertical).front());
  QVERIFY(linear != nullptr && linear->min() == 0 && linear->max() > 160);
  figure.curves[1].points[1].energy_j = 1600;  // 16 times the 1-core energy: log
  chart.reset(gui::make_scaling_chart(figure, gui::ScalingMetric::kEnergy));
  auto* log = qobject_cast<QLogValueAxis*>(chart->axes(Qt::Vertical).front());
  QVERIFY(log != nullptr && log->min() < 100 && log->max() > 1600);
  // A power model of 0 W: energies of 0 J on cores 1 to 16, a linear axis (a log one cannot
  // start at 0).
  for (auto& c : figure.curves)
    for (auto& p : c.points) p.energy_j = 0;
  chart.reset(gui::make_scaling_chart(figure, gui::ScalingMetric::kEnergy));
  QVERIFY(qobject_cast<QValueAxis*>(chart->axes(Qt::Vertical).front()) != nullptr);
  view.setFigure(figure);
  QVERIFY(!view.chartView(4)->isHidden());
}

void ViewsTest::scalingHoverShowsThePointsValues() {
  // Two curves, T1 = 16 s. fifo: makespans 16, 8, 4.5, 2.5, 2 s on 1..16 cores, so speedups
  // 16/Tp = 1, 2, 3.556, 6.4, 8 and efficiencies S/p = 1, 1, 0.889, 0.8, 0.5. heft: 16, 8.4,
  // 4.1, 2.1, 1.15 s. Both with their lower bounds and fitted Amdahl curves, drawn over the
  // measured points: fifo's 2-core point (2, 2) lies on the ideal line and on its bound
  // (min(16 / 8, 2) = 2), and the fits pass close to the points.
  gui::ScalingFigure figure;
  figure.curves.push_back(
      curve("policy=fifo", {point(1, 16, 16, 16), point(2, 8, 16, 8), point(4, 4.5, 16, 4),
                            point(8, 2.5, 16, 2), point(16, 2, 16, 1.25)}));
  figure.curves.push_back(
      curve("policy=heft", {point(1, 16, 16, 16), point(2, 8.4, 16, 8), point(4, 4.1, 16, 4),
                            point(8, 2.1, 16, 2), point(16, 1.15, 16, 1.25)}));
  gui::ScalingView view;
  QCOMPARE(view.keyText(), QString());  // no curves, no key
  view.setFigure(figure);
  QCOMPARE(view.keyText(), gui::scaling_key(figure));
  view.resize(1200, 840);  // (two rows of charts)
  view.show();
  QVERIFY(QTest::qWaitForWindowExposed(&view));
  QApplication::processEvents();

  // Where a measured point of chart i is drawn, in its viewport.
  const auto at = [&](int i, const char* label, double cores) {
    QChart* chart = view.chartView(i)->chart();
    for (QAbstractSeries* s : chart->series()) {
      auto* line = qobject_cast<QLineSeries*>(s);
      if (line == nullptr || line->name() != label) continue;
      for (const QPointF& p : line->points())
        if (p.x() == cores)
          return view.chartView(i)->viewportTransform().map(chart->mapToPosition(p, s));
    }
    return QPointF(-1000, -1000);
  };
  QWidget* speedup = view.chartView(0)->viewport();
  const QPointF fifo8 = at(0, "policy=fifo", 8), fifo16 = at(0, "policy=fifo", 16);
  QVERIFY(speedup->rect().contains(fifo8.toPoint()) && speedup->rect().contains(fifo16.toPoint()));

  // Empty space (the top left of the plot: speedup ~19 on 1 core, no point there): nothing.
  const QPointF empty = view.chartView(0)->viewportTransform().map(
      view.chartView(0)->chart()->plotArea().topLeft() + QPointF(20, 20));
  hover(speedup, empty);
  QCOMPARE(view.hoverText(0, empty), QString());
  QCOMPARE(tooltip(), QString());

  // On fifo's 8-core point: its values, as in the data (makespan 2.5 s, speedup 16/2.5 = 6.4,
  // efficiency 6.4/8 = 0.8, bound 2 s).
  const QString fifo8_text(
      "policy=fifo\n8 cores\nmakespan 2.5 s\nspeedup 6.400\nefficiency 0.800\nbound 2 s\n"
      "utilisation 0.750");
  hover(speedup, fifo8);
  QCOMPARE(tooltip(), fifo8_text);
  // Still that point 5 px right and 4 px up of its centre (6.4 px, within the 8 px radius).
  hover(speedup, fifo8 + QPointF(5, -4));
  QCOMPARE(tooltip(), fifo8_text);
  // Moving along the line to the 16-core point shows that one (speedup 16/2 = 8, efficiency
  // 8/16 = 0.5, bound 1.25 s).
  hover(speedup, fifo16);
  QCOMPARE(
      tooltip(),
      QString("policy=fifo\n16 cores\nmakespan 2 s\nspeedup 8.000\nefficiency 0.500\nbound 1.25 s\n"
              "utilisation 0.750"));
  // Halfway between the two, on the line but more than 2 radii from either point: nothing.
  QVERIFY(std::hypot(fifo16.x() - fifo8.x(), fifo16.y() - fifo8.y()) >
          4 * gui::ScalingView::kHoverRadius);
  hover(speedup, (fifo8 + fifo16) / 2);
  QCOMPARE(view.hoverText(0, (fifo8 + fifo16) / 2), QString());
  QTRY_COMPARE_WITH_TIMEOUT(tooltip(), QString(), 2000);
  // fifo's 2-core point, under the ideal line and the bound drawn after it: still its values.
  hover(speedup, at(0, "policy=fifo", 2));
  QCOMPARE(
      tooltip(),
      QString("policy=fifo\n2 cores\nmakespan 8 s\nspeedup 2.000\nefficiency 1.000\nbound 8 s\n"
              "utilisation 0.750"));

  // The efficiency chart: heft's 4-core point (16/4.1 = 3.902, 3.902/4 = 0.976), not fifo's
  // (3.556, 0.889) just below it.
  QWidget* efficiency = view.chartView(1)->viewport();
  hover(efficiency, at(1, "policy=heft", 4));
  QCOMPARE(
      tooltip(),
      QString("policy=heft\n4 cores\nmakespan 4.1 s\nspeedup 3.902\nefficiency 0.976\nbound 4 s\n"
              "utilisation 0.750"));
  hover(efficiency, at(1, "policy=fifo", 4));
  QCOMPARE(
      tooltip(),
      QString("policy=fifo\n4 cores\nmakespan 4.5 s\nspeedup 3.556\nefficiency 0.889\nbound 4 s\n"
              "utilisation 0.750"));
  // Leaving the chart hides it.
  QEvent leave(QEvent::Leave);
  QApplication::sendEvent(efficiency, &leave);
  QTRY_COMPARE_WITH_TIMEOUT(tooltip(), QString(), 2000);
}

// Two cores over 10 s: core 0 runs load_1 [0, 2] and render_2 [2.5, 4]; core 1 runs load_3
// [0.5, 1.5] and render_4 [5, 10]. In a 676 x 286 view the plot is x in [64, 664) (600 px:
// 676 - 64 left - 12 right) and y in [8, 208) (286 - 8 top - 22 axis - 56 strip), rows of 100 px.
static gui::GanttData two_cores() {
  return gantt_of(2, {{0, "load_1", 0, 2},
                      {0, "render_2", 2.5, 4},
                      {1, "load_3", 0.5, 1.5},
                      {1, "render_4", 5, 10}});
}

void ViewsTest::ganttWheelZoomsAroundTheCursor() {
  gui::GanttView view;
  view.resize(676, 286);
  view.setData(two_cores());
  QCOMPARE(view.viewStart(), 0.0);
  QCOMPARE(view.viewEnd(), 10.0);
  QCOMPARE(view.position(0, 0).x(), 64.0);
  QCOMPARE(view.position(0, 10).x(), 664.0);
  const auto near = [](double a, double b) { return std::abs(a - b) < 1e-9; };

  // One notch in at x = 214 (t = 10 x 150/600 = 2.5 s) scales the window by 0.8 around 2.5:
  // [2.5 - 2.5 x 0.8, 2.5 + 7.5 x 0.8] = [0.5, 8.5], and 2.5 s stays at x = 214.
  wheel(&view, QPointF(214, 58), 120);
  QVERIFY2(near(view.viewStart(), 0.5) && near(view.viewEnd(), 8.5),
           qPrintable(QString("[%1, %2]").arg(view.viewStart()).arg(view.viewEnd())));
  QVERIFY(near(view.position(0, 2.5).x(), 214));
  // Another notch in at x = 454 (t = 0.5 + 8 x 390/600 = 5.7 s): [5.7 - 5.2 x 0.8, 5.7 + 2.8 x
  // 0.8] = [1.54, 7.94]; 5.7 s stays at x = 454.
  wheel(&view, QPointF(454, 58), 120);
  QVERIFY2(near(view.viewStart(), 1.54) && near(view.viewEnd(), 7.94),
           qPrintable(QString("[%1, %2]").arg(view.viewStart()).arg(view.viewEnd())));
  QVERIFY(near(view.position(0, 5.7).x(), 454));
  // One notch out at the same place scales by 1/0.8 = 1.25: back to [0.5, 8.5].
  wheel(&view, QPointF(454, 58), -120);
  QVERIFY2(near(view.viewStart(), 0.5) && near(view.viewEnd(), 8.5),
           qPrintable(QString("[%1, %2]").arg(view.viewStart()).arg(view.viewEnd())));
  QVERIFY(near(view.position(0, 5.7).x(), 454));

  // What is drawn follows: render_2 [2.5, 4] now spans x = 64 + 75 x (2.5 - 0.5) = 214 to
  // 64 + 75 x 3.5 = 326.5 (75 px/s); its colour at x = 270, white at x = 340 (t = 4.19, idle).
  // (y = 30: core 0's row, above the task's name written across its middle.)
  const QImage image = view.grab().toImage();
  const qreal dpr = image.devicePixelRatio();
  const QColor render = gui::GanttView::typeColor(view.data().task_type[1]);
  QCOMPARE(image.pixelColor((QPointF(270, 30) * dpr).toPoint()).rgb(), render.rgb());
  QCOMPARE(image.pixelColor((QPointF(340, 30) * dpr).toPoint()).rgb(), QColor(Qt::white).rgb());
}

void ViewsTest::ganttDragPansByTheDraggedTime() {
  gui::GanttView view;
  view.resize(676, 286);
  view.setData(two_cores());
  view.setView(0.5, 8.5);  // 8 s over 600 px: 75 px per second
  const auto near = [](double a, double b) { return std::abs(a - b) < 1e-9; };

  // Press at x = 364 (t = 0.5 + 300/75 = 4.5 s) and drag left: the window moves right by the
  // dragged time and 4.5 s follows the cursor. 30 px = 0.4 s: [0.9, 8.9]; 60 px = 0.8 s:
  // [1.3, 9.3].
  QTest::mousePress(&view, Qt::LeftButton, {}, QPoint(364, 58));
  QTest::mouseMove(&view, QPoint(334, 58));
  QVERIFY2(near(view.viewStart(), 0.9) && near(view.viewEnd(), 8.9),
           qPrintable(QString("[%1, %2]").arg(view.viewStart()).arg(view.viewEnd())));
  QTest::mouseMove(&view, QPoint(304, 70));  // the vertical part of a drag does nothing
  QTest::mouseRelease(&view, Qt::LeftButton, {}, QPoint(304, 70));
  QVERIFY2(near(view.viewStart(), 1.3) && near(view.viewEnd(), 9.3),
           qPrintable(QString("[%1, %2]").arg(view.viewStart()).arg(view.viewEnd())));
  QVERIFY(near(view.position(0, 4.5).x(), 304));
  // Moving without the button afterwards pans no more.
  hover(&view, QPointF(500, 58));
  QVERIFY(near(view.viewStart(), 1.3) && near(view.viewEnd(), 9.3));

  // Dragging right by 150 px (2 s): [1.3 - 2, 9.3 - 2] = [-0.7, 7.3].
  QTest::mousePress(&view, Qt::LeftButton, {}, QPoint(200, 150));
  QTest::mouseMove(&view, QPoint(350, 150));
  QTest::mouseRelease(&view, Qt::LeftButton, {}, QPoint(350, 150));
  QVERIFY2(near(view.viewStart(), -0.7) && near(view.viewEnd(), 7.3),
           qPrintable(QString("[%1, %2]").arg(view.viewStart()).arg(view.viewEnd())));

  // A double click shows the whole run again: [0, makespan] = [0, 10].
  QTest::mouseDClick(&view, Qt::LeftButton, {}, QPoint(300, 58));
  QTest::mouseRelease(&view, Qt::LeftButton, {}, QPoint(300, 58));
  QCOMPARE(view.viewStart(), 0.0);
  QCOMPARE(view.viewEnd(), 10.0);
}

void ViewsTest::ganttHoverShowsTheTask() {
  gui::GanttView view;
  view.resize(676, 286);
  view.setData(two_cores());
  view.show();
  QVERIFY(QTest::qWaitForWindowExposed(&view));

  // Core 0 (y = 58, its row's middle) at x = 244: t = 10 x 180/600 = 3 s, inside render_2.
  hover(&view, QPointF(244, 58));
  QCOMPARE(tooltip(), QString("render_2 (render)\ncore 0\n2.5 s → 4 s"));
  // Core 1 (y = 158) at x = 544: t = 8 s, inside render_4 [5, 10].
  hover(&view, QPointF(544, 158));
  QCOMPARE(tooltip(), QString("render_4 (render)\ncore 1\n5 s → 10 s"));
  // Core 1 at 3 s is idle (between load_3 ending at 1.5 and render_4 at 5): nothing.
  hover(&view, QPointF(244, 158));
  QTRY_COMPARE_WITH_TIMEOUT(tooltip(), QString(), 2000);
  // After zooming in (one notch at x = 94, t = 0.5: [0.5 - 0.4, 0.5 + 7.6] = [0.1, 8.1]), core
  // 1 at x = 124 (t = 0.1 + 8 x 60/600 = 0.9 s) is load_3.
  wheel(&view, QPointF(94, 158), 120);
  hover(&view, QPointF(124, 158));
  QCOMPARE(tooltip(), QString("load_3 (load)\ncore 1\n500 ms → 1.5 s"));
  // Off the chart (on the utilisation strip below it): nothing.
  hover(&view, QPointF(300, 250));
  QTRY_COMPARE_WITH_TIMEOUT(tooltip(), QString(), 2000);
}

void ViewsTest::ganttLevelOfDetailOn100kTasks() {
  // 64 cores x 1600 tasks = 102 400 tasks. Even cores run busy_* tasks of 1 ms every 1.25 ms
  // from 0 (the last ends at 1599 x 1.25 ms + 1 ms = 1.99975 s); odd cores run early_* tasks of
  // 0.5 ms every 0.625 ms and are idle from 1599 x 0.625 ms + 0.5 ms = 0.999875 s on.
  constexpr std::uint32_t kCores = 64, kPerCore = 1600;
  std::vector<Run> runs;
  runs.reserve(kCores * kPerCore);
  for (std::uint32_t c = 0; c < kCores; ++c)
    for (std::uint32_t k = 0; k < kPerCore; ++k) {
      const double period = c % 2 == 0 ? 1.25e-3 : 0.625e-3;
      runs.push_back({c, (c % 2 == 0 ? "busy_" : "early_") + std::to_string(c * kPerCore + k),
                      k * period, k * period + 0.8 * period});
    }
  gui::GanttView view;
  view.resize(676, 342);  // plot x in [64, 664) (600 columns), y in [8, 264): rows of 4 px
  view.setData(gantt_of(kCores, runs));
  QCOMPARE(view.data().per_core[0].size(), std::size_t{kPerCore});
  const QColor busy = gui::GanttView::typeColor(view.data().task_type[0]);
  const QColor early = gui::GanttView::typeColor(view.data().task_type[kPerCore]);
  QVERIFY(busy != early);
  const QRgb white = QColor(Qt::white).rgb();

  // Zoomed out on [0, 2 s]: 300 px per second, 3.33 ms per column, so every task is narrower
  // than a pixel and each column of a core is filled once. A busy core starts a task every
  // 1.25 ms = 0.375 px, so all 600 columns (x = 64 + 0.375 k, k < 1600, up to 663.6); an early
  // core every 0.1875 px up to 0.1875 x 1599 = 299.8: 300 columns. 32 x 600 + 32 x 300 = 28 800
  // rectangles, at most 600 columns x 64 cores = 38 400, for 102 400 tasks.
  view.setView(0, 2);
  QImage image = view.grab().toImage();
  QCOMPARE(view.paintedRects(), std::size_t{28800});
  QVERIFY(view.paintedRects() <= std::size_t{600} * kCores);
  const qreal dpr = image.devicePixelRatio();
  const auto pixel = [&](double x, std::uint32_t core) {  // the middle of a column in a core's row
    return image.pixelColor((QPointF(x + 0.5, 8 + 4 * core + 2) * dpr).toPoint()).rgb();
  };
  // Every merged column is coloured where the core works and blank where it is idle: busy cores
  // over the whole run; early cores up to 1 s (x = 364) and white after. (Columns 64 and 663
  // are the frame; the columns next to x = 364 hold the last early task.)
  for (std::uint32_t c = 0; c < kCores; ++c)
    for (int x = 65; x < 663; ++x) {
      if (c % 2 == 0) {
        QVERIFY2(pixel(x, c) == busy.rgb(), qPrintable(QString("core %1, x %2").arg(c).arg(x)));
      } else if (x < 362) {
        QVERIFY2(pixel(x, c) == early.rgb(), qPrintable(QString("core %1, x %2").arg(c).arg(x)));
      } else if (x > 366) {
        QVERIFY2(pixel(x, c) == white, qPrintable(QString("core %1, x %2").arg(c).arg(x)));
      }
    }

  // Zoomed in on [1.0005, 1.0105] (10 ms, 60 px per ms): each busy core shows the tasks with
  // finish >= 1.0005 and start <= 1.0105, k = 800 (1.000-1.001) to 808 (1.010-1.011): 9 tasks,
  // each 60 px wide, one rectangle each; early cores are idle. 32 x 9 = 288 rectangles, one per
  // task in the window.
  view.setView(1.0005, 1.0105);
  image = view.grab().toImage();
  QCOMPARE(view.paintedRects(), std::size_t{288});
  // Task 801 [1.00125, 1.00225] spans x = 64 + 45 = 109 to 64 + 105 = 169; then 0.25 ms of idle
  // to x = 184.
  QCOMPARE(pixel(139, 0), busy.rgb());
  QCOMPARE(pixel(176, 0), white);
  QCOMPARE(pixel(139, 1), white);
}

void ViewsTest::ganttShowsRunsCutShortAndDowntimes() {
  // a (2 s) on one core; the core fails at 1 s and is repaired at 1.5 s: a is cut short [0, 1]
  // and runs again [1.5, 3.5]; the core is down [1, 1.5] (docs/models/faults.md).
  models::TaskGraphBuilder builder("one");
  builder.intern_task("a", 2e9);
  experiment::RunConfig config;
  config.graph = std::make_shared<const models::TaskGraph>(builder.build());
  config.cores = 1;
  config.policy = "fifo";
  config.faults.failures.push_back({0, 1.0, 0.5});
  gui::TracedRun run = gui::trace_run(config);
  QCOMPARE(run.error, QString());
  QCOMPARE(run.measures.makespan, 3.5);
  QCOMPARE(run.gantt.cut_short.size(), std::size_t{1});
  QCOMPARE(run.gantt.cut_short[0].finish, 1.0);
  QCOMPARE(run.gantt.downtimes.size(), std::size_t{1});
  QCOMPARE(run.gantt.downtimes[0].up, 1.5);
  gui::GanttView view;
  view.resize(676, 286);
  view.setData(std::move(run.gantt));
  const QImage image = view.grab().toImage();
  QCOMPARE(view.paintedFailures(), std::size_t{2});
  // The downtime's outline is red at its left edge (1 s), mid-row.
  const QPointF at = view.position(0, 1.0);
  bool red = false;
  for (int dx = -1; dx <= 1 && !red; ++dx)
    red = image.pixelColor(((at + QPointF(dx, 0)) * image.devicePixelRatio()).toPoint()).rgb() ==
          gui::GanttView::downColor().rgb();
  QVERIFY(red);
}

void ViewsTest::ganttDrawsTransfersWhenAsked() {
  // a -> b and a -> c, 1 s each (1 Gflop at 1 Gflop/s), 0.5 MB per edge, on 2 cores under
  // hlfet with latency_bandwidth L = 0.25 s, B = 1 MB/s: a transfer costs L + bytes/B = 0.25 +
  // 5e5/1e6 = 0.75 s. a runs on core 0 [0, 1]; one child follows it there [1, 2] (no transfer:
  // same core); the other starts earlier on core 1 (at 1 + 0.75 = 1.75) than on core 0 (at 2),
  // so it runs there [1.75, 2.75] after the only transfer, core 0 -> 1 over [1, 1.75].
  models::TaskGraphBuilder builder("fork");
  const auto a = builder.intern_task("a", 1e9), b = builder.intern_task("b", 1e9),
             c = builder.intern_task("c", 1e9);
  builder.add_edge(a, b, 5e5);
  builder.add_edge(a, c, 5e5);
  experiment::RunConfig config;
  config.graph = std::make_shared<const models::TaskGraph>(builder.build());
  config.cores = 2;
  config.network = "latency_bandwidth";
  config.latency = 0.25;
  config.bandwidth = 1e6;
  config.policy = "hlfet";
  gui::TracedRun run = gui::trace_run(config);
  QCOMPARE(run.error, QString());
  QCOMPARE(run.measures.makespan, 2.75);
  QCOMPARE(run.gantt.transfers.size(), std::size_t{1});
  const sim::TransferSpan x = run.gantt.transfers.front();
  QCOMPARE(x.src_core, 0u);
  QCOMPARE(x.dst_core, 1u);
  QCOMPARE(x.start, 1.0);
  QCOMPARE(x.finish, 1.75);

  gui::GanttView view;
  view.resize(676, 286);  // plot x in [64, 664), rows of 100 px; 600 / 2.75 px per second
  view.setData(std::move(run.gantt));
  QVERIFY(!view.showTransfers());  // off by default
  // The arrow runs from (core 0, 1 s) = (282.2, 58) to (core 1, 1.75 s) = (445.8, 158); sample
  // it from 10 % to 90 % of the way (over b's rectangle on core 0, then core 1's idle time).
  const QPointF from = view.position(0, 1.0), to = view.position(1, 1.75);
  const QRgb arrow = gui::GanttView::transferColor().rgb();
  const auto on_line = [&](const QImage& image) {
    int hits = 0;
    for (int i = 1; i <= 9; ++i) {
      const QPointF at = from + (to - from) * (i / 10.0);
      hits += image.pixelColor((at * image.devicePixelRatio()).toPoint()).rgb() == arrow;
    }
    return hits;
  };
  QCOMPARE(on_line(view.grab().toImage()), 0);
  QCOMPARE(view.paintedTransfers(), std::size_t{0});
  view.setShowTransfers(true);
  QCOMPARE(on_line(view.grab().toImage()), 9);
  // One arrow: the cross-core edge; the same-core edge draws nothing.
  QCOMPARE(view.paintedTransfers(), std::size_t{1});
  QCOMPARE(view.hiddenTransfers(), std::size_t{0});
  view.setShowTransfers(false);
  QCOMPARE(on_line(view.grab().toImage()), 0);

  // The Run view's checkbox, next to "Colour by", switches it (off by default).
  gui::MainWindow window;
  QVERIFY(!window.showTransfers()->isChecked());
  QVERIFY(!window.ganttView()->showTransfers());
  window.showTransfers()->setChecked(true);
  QVERIFY(window.ganttView()->showTransfers());
  window.showTransfers()->setChecked(false);
  QVERIFY(!window.ganttView()->showTransfers());
}

// A transfer cancelled because its consumer moved off a failed core (TransferSpan.delivered
// false) is drawn dashed and without an arrow head; a delivered one solid, with its head.
void ViewsTest::ganttDrawsCancelledTransfersDashedWithoutHead() {
  // two_cores()'s runs (the view spans [0, 10] s: 60 px a second from x = 64; rows of 100 px,
  // core 0's centre at y = 58, core 1's at 158), with two transfers 0 -> 1 of the same shape,
  // (120, 100) px: a delivered one over [1, 3] s and a cancelled one over [6, 8] s. The second
  // is the first moved right by 300 px, so the two lines cover the same pixels but for the
  // dashes.
  // (A third, cancelled, over the first: a transfer of the same pixels but not delivered is
  // drawn too, not merged with it.)
  const std::vector<sim::TransferSpan> transfers = {{0, 0, 1, 1e6, 1.0, 3.0, true},
                                                    {1, 0, 1, 1e6, 6.0, 8.0, false},
                                                    {2, 0, 1, 1e6, 1.0, 3.0, false}};
  gui::GanttView view;
  view.resize(676, 286);
  view.setData(gantt_of(2,
                        {{0, "load_1", 0, 2},
                         {0, "render_2", 2.5, 4},
                         {1, "load_3", 0.5, 1.5},
                         {1, "render_4", 5, 10}},
                        transfers));
  QCOMPARE(view.viewEnd(), 10.0);
  view.setShowTransfers(true);
  const QImage image = view.grab().toImage();
  QCOMPARE(view.paintedTransfers(), std::size_t{3});
  const QRgb arrow = gui::GanttView::transferColor().rgb();
  const double dpr = image.devicePixelRatio();
  const auto is_arrow = [&](QPointF at) {
    return image.pixelColor((at * dpr).toPoint()).rgb() == arrow;
  };
  // Pixels of the arrow's colour within 1 px of the line's middle 80 % (away from its ends).
  const auto line_pixels = [&](QPointF from, QPointF to) {
    const QPointF d = to - from;
    const double len2 = QPointF::dotProduct(d, d);
    int count = 0;
    for (int y = 0; y < image.height(); ++y)
      for (int x = 0; x < image.width(); ++x) {
        const QPointF p = QPointF(x + 0.5, y + 0.5) / dpr;
        const double s = QPointF::dotProduct(p - from, d) / len2;
        const QPointF off = p - (from + s * d);
        if (s >= 0.1 && s <= 0.9 && QPointF::dotProduct(off, off) <= 1.0 &&
            image.pixelColor(x, y).rgb() == arrow)
          ++count;
      }
    return count;
  };
  const QPointF d_from = view.position(0, 1.0), d_to = view.position(1, 3.0);
  const QPointF c_from = view.position(0, 6.0), c_to = view.position(1, 8.0);
  const int solid = line_pixels(d_from, d_to), dashed = line_pixels(c_from, c_to);
  QVERIFY2(solid >= 150, qPrintable(QString::number(solid)));  // 1.5 px wide, 125 px long
  // Qt's dash pattern (4 widths on, 2 off) leaves gaps: fewer of the same pixels (159 of 192
  // here, the gaps' edges blended; a solid line would give all of them).
  QVERIFY2(dashed >= 0.5 * solid && dashed <= 0.9 * solid,
           qPrintable(QString("%1 of %2").arg(dashed).arg(solid)));
  // The head: a filled triangle 6 px long and 6 px wide at the end. Its inside 4 px back and
  // 1.5 px to either side (off the 1.5 px line) has the arrow's colour for the delivered
  // transfer only.
  const auto beside_head = [&](QPointF from, QPointF to) {
    const QPointF u = (to - from) / std::hypot(to.x() - from.x(), to.y() - from.y());
    const QPointF n(-u.y(), u.x());
    return is_arrow(to - 4 * u + 1.5 * n) && is_arrow(to - 4 * u - 1.5 * n);
  };
  QVERIFY(beside_head(d_from, d_to));
  QVERIFY(!beside_head(c_from, c_to));
}

// The Links view lists a link that only transfers cancelled by a failure occupied (0 bytes,
// some busy time) but does not count it as used nor name it the busiest, as the CLI's
// links_used and busiest_link. Makespan 2 s: "up" carried 1e8 bytes at 1e8 B/s, 50 %.
void ViewsTest::linksOnlyCancelledTransfersOccupiedAreNotCountedAsUsed() {
  gui::LinkView view;
  experiment::RunMeasures m;
  m.makespan = 2.0;
  m.links.push_back({"cancelled_only", 1e8, {0.0, 0.5, 1}});
  m.links.push_back({"up", 1e8, {1e8, 1.0, 1}});
  view.setRun("flow", m);
  QCOMPARE(view.rows().size(), std::size_t{2});
  QVERIFY2(view.summary().startsWith("1 links used; busiest: up at 50.00 % utilisation"),
           qPrintable(view.summary()));
  m.links.pop_back();
  view.setRun("flow", m);
  QCOMPARE(view.rows().size(), std::size_t{1});
  QVERIFY2(view.summary().startsWith("No link carried data in this run"),
           qPrintable(view.summary()));
}

void ViewsTest::ganttLevelOfDetailOn100kTransfers() {
  // 4 cores, no tasks, 600 x 170 = 102 000 transfers of 2 ms: in each millisecond j < 600, 170
  // start at j + 0.1 + m x 0.8/170 ms (m < 170, so up to j + 0.895 ms), between the core pairs
  // 0->1, 1->0, 2->3, 3->2 in turn (m mod 4).
  std::vector<sim::TransferSpan> transfers;
  for (std::uint32_t j = 0; j < 600; ++j)
    for (std::uint32_t m = 0; m < 170; ++m) {
      const double start = j * 1e-3 + 1e-4 + m * (0.8e-3 / 170);
      const std::uint32_t pair = m % 4, src = pair, dst = pair ^ 1u;
      transfers.push_back({0, src, dst, 1e3, start, start + 2e-3});
    }
  gui::GanttView view;
  view.resize(676, 286);  // plot x in [64, 664): 600 columns
  view.setData(gantt_of(4, {}, transfers));
  QCOMPARE(view.data().transfers.size(), std::size_t{102000});
  view.setShowTransfers(true);

  // Zoomed out on [0, 0.6 s]: 1 ms per column, so the transfers starting in millisecond j
  // start in column 64 + j and finish in column 66 + j: one arrow per core pair, 4 per
  // millisecond. In start order, milliseconds 0..499 fill the cap of 4 x 500 = 2000 arrows;
  // the 100 x 170 = 17 000 transfers of milliseconds 500..599 are left out (and said so).
  view.setView(0, 0.6);
  view.grab();
  QCOMPARE(view.paintedTransfers(), gui::GanttView::kMaxTransferLines);
  QCOMPARE(gui::GanttView::kMaxTransferLines, std::size_t{2000});
  QCOMPARE(view.hiddenTransfers(), std::size_t{17000});

  // Zoomed in on [100, 102 ms] (300 px per ms): the transfers overlapping it started in
  // milliseconds 98 (finishing from 100.1 ms) to 101 (the last starting at 101.895 ms); those
  // of 97 finish by 99.895 ms and those of 102 start at 102.1 ms. 4 x 170 = 680 transfers, each
  // drawn: the same pair recurs every 4 x 0.8/170 ms = 5.6 px, so no two share their columns.
  view.setView(0.1, 0.102);
  view.grab();
  QCOMPARE(view.paintedTransfers(), std::size_t{680});
  QCOMPARE(view.hiddenTransfers(), std::size_t{0});

  // Hidden again: nothing drawn.
  view.setShowTransfers(false);
  view.grab();
  QCOMPARE(view.paintedTransfers(), std::size_t{0});
}

// 8 independent tasks of 1 s (1 Gflop at 1 Gflop/s) under FIFO: on p cores the makespan is
// ceil(8 / p) s, so 8, 4 and 3 s on 1, 2 and 3 cores.
static const char* const kBag =
    "workload: {generator: independent, params: {n: 8}}\nplatform: {network: ideal}\n"
    "policy: fifo\nsweep: {platform.cores: [1, 2, 3]}\n";

void ViewsTest::compareShowsTheUtilisationDifference() {
  // A = run 0 (1 core): 8 s, utilisation 8 core-s / (1 x 8) = 100.0 %. B = run 2 (3 cores):
  // 3 tasks at 0, 3 at 1 and 2 at 2 s, makespan 3 s, utilisation 8 / (3 x 3) = 88.9 %.
  // B - A: makespan -5 s (-5/8 = -62.5 %), utilisation 88.89 - 100 = -11.1 points.
  gui::CompareView view;
  // Before a comparison each chart says what to do here (not the Run tab's hint).
  QCOMPARE(view.findChildren<gui::GanttView*>().size(), 2);
  for (const gui::GanttView* g : view.findChildren<gui::GanttView*>())
    QCOMPARE(g->placeholder(), QString("Pick runs A and B above and press Compare"));
  view.setScenario(
      std::make_shared<const experiment::Scenario>(experiment::parse_scenario("bag.yaml", kBag)));
  QSignalSpy done(&view, &gui::CompareView::compared);
  view.compare(0, 2);
  QVERIFY(done.wait(30000));
  QCOMPARE(view.summary(), QString("A, run 0: 1 cores: makespan 8 s, utilisation 100.0 %\n"
                                   "B, run 2: 3 cores: makespan 3 s, utilisation 88.9 %\n"
                                   "B - A: makespan -5 s (-62.5 %), utilisation -11.1 points"));
  // Both charts on A's time scale [0, 8]; B's idle time shows: at 2.5 s cores 0 and 1 run
  // their third task and core 2 (two tasks, done at 2 s) is idle; after 3 s all are.
  gui::GanttView* b = view.gantt(1);
  b->resize(676, 286);
  QCOMPARE(b->viewEnd(), 8.0);
  QCOMPARE(b->data().cores, 3u);
  QCOMPARE(b->data().makespan, 3.0);
  const QImage image = b->grab().toImage();
  const auto colour = [&](std::uint32_t core, double t) {
    // A third of the way down the row: clear of the task names written across its middle.
    const QPointF at = b->position(core, t) - QPointF(0, 200.0 / 3 / 6);
    return image.pixelColor((at * image.devicePixelRatio()).toPoint()).rgb();
  };
  const QRgb task = gui::GanttView::typeColor(0).rgb(), white = QColor(Qt::white).rgb();
  QCOMPARE(colour(0, 2.5), task);
  QCOMPARE(colour(1, 2.5), task);
  QCOMPARE(colour(2, 1.5), task);
  QCOMPARE(colour(2, 2.5), white);
  for (std::uint32_t c = 0; c < 3; ++c) QCOMPARE(colour(c, 5.0), white);
}

void ViewsTest::exportedTableHasEveryRunsValues() {
  // kBag under fifo and heft (the same schedule for equal independent tasks): per policy
  // makespans 8, 4, 3 s on 1, 2, 3 cores, speedups 8/8, 8/4, 8/3 = 1, 2, 2.667 and efficiencies
  // S/p = 1, 1, 0.8889, against that policy's own 1-core run.
  QTemporaryDir dir;
  QFile f(dir.filePath("bag.yaml"));
  QVERIFY(f.open(QIODevice::WriteOnly));
  f.write(
      "workload: {generator: independent, params: {n: 8}}\nplatform: {network: ideal}\n"
      "sweep: {policy: [fifo, heft], platform.cores: [1, 2, 3]}\n");
  f.close();
  gui::MainWindow window;
  QVERIFY(window.openFile(f.fileName()));
  QSignalSpy ended(&window, &gui::MainWindow::batchEnded);
  QVERIFY(window.runScenario());
  QVERIFY(ended.wait(60000));
  QCOMPARE(ended.front().front().toBool(), true);
  QVERIFY(window.exportTable(dir.filePath("results.csv")));
  QFile csv(dir.filePath("results.csv"));
  QVERIFY(csv.open(QIODevice::ReadOnly));
  QCOMPARE(QString::fromUtf8(csv.readAll()),
           QString("run,policy,cores,makespan (s),speedup,efficiency,utilisation,"
                   "planned makespan (s)\n"  // utilisation: 8 s of work / (cores x makespan)
                   "0,fifo,1,8,1.000,1.0000,1.0000,\n"
                   "1,fifo,2,4,2.000,1.0000,1.0000,\n"
                   "2,fifo,3,3,2.667,0.8889,0.8889,\n"
                   "3,heft,1,8,1.000,1.0000,1.0000,8\n"  // heft plans exactly what runs here
                   "4,heft,2,4,2.000,1.0000,1.0000,4\n"  // (an ideal network: no contention)
                   "5,heft,3,3,2.667,0.8889,0.8889,3\n"));
  // An unwritable path is reported, not ignored.
  QVERIFY(!window.exportTable(dir.filePath("no/such/dir/results.csv")));
}

QTEST_MAIN(ViewsTest)
#include "views_test.moc"
