#include "main_window.hpp"

#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QMimeData>
#include <QtCore/QSettings>
#include <QtGui/QAction>
#include <QtGui/QCloseEvent>
#include <QtGui/QDragEnterEvent>
#include <QtGui/QDropEvent>
#include <QtGui/QKeySequence>
#include <QtGui/QPainter>
#include <QtSvg/QSvgGenerator>
#include <QtWidgets/QApplication>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QFileDialog>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QMenuBar>
#include <QtWidgets/QMessageBox>
#include <QtWidgets/QStatusBar>
#include <QtWidgets/QToolBar>
#include <QtWidgets/QVBoxLayout>
#include <exception>
#include <thread>

#include "pelsim/experiment/graph_loader.hpp"
#include "pelsim/experiment/run_point.hpp"
#include "pelsim/gui/scaling_plot.hpp"

namespace pelsim::gui {

namespace {

constexpr int kMaxRecent = 8;

// A scenario that sweeps a workload file over cores and three policies. For a DAX, the two
// settings that read it as SimGrid does are there, commented out.
QString starter_scenario(const QString& workload) {
  QString format;
  try {
    format = QString::fromStdString(experiment::graph_format_of(workload.toStdString(), "auto"));
  } catch (const std::exception&) {
    // Not a format pelsim knows: the editor says so when it checks the scenario.
  }
  const QString dax_settings =
      format != "dax"
          ? QString()
          : QString(
                "  # As SimGrid's create_DAG_from_DAX reads it: runtimes at 4.2 Gflop/s, and\n"
                "  # tasks root and end staging the files no job writes or reads.\n"
                "  # reference_speed: 4.2Gf\n"
                "  # root_end: true\n");
  return QString(
             "description: %1 on 1 to 16 cores under three policies\n"
             "workload:\n  file: %2\n%3"
             "platform:\n  core_speed: 1GHz\n  network: latency_bandwidth\n  latency: 1us\n"
             "  bandwidth: 10GB/s\n"
             "policy: heft\n"
             "sweep:\n  policy: [heft, hlfet, fifo]\n"
             "  platform.cores: {from: 1, to: 16, factor: 2}\n")
      .arg(QFileInfo(workload).fileName(), workload, dax_settings);
}

bool is_scenario(const QString& path) {
  return path.endsWith(".yaml", Qt::CaseInsensitive) || path.endsWith(".yml", Qt::CaseInsensitive);
}

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setWindowTitle("pelsim");
  setAcceptDrops(true);
  editor_ = new ScenarioEditor(this);
  scaling_ = new ScalingView(this);
  results_ = new ResultsModel(this);
  table_ = new QTableView(this);
  table_->setModel(results_);
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  auto* run_page = new QWidget(this);
  auto* run_layout = new QVBoxLayout(run_page);
  run_info_ = new QLabel("No run shown yet.", run_page);
  run_tabs_ = new QTabWidget(run_page);
  gantt_ = new GanttView(run_tabs_);
  links_ = new LinkView(run_tabs_);
  run_tabs_->addTab(gantt_, "Schedule");
  run_tabs_->addTab(links_, "Links");
  colour_by_ = new QComboBox(run_page);
  colour_by_->addItems({"task type", "policy decision"});
  connect(colour_by_, &QComboBox::currentIndexChanged, this, [this](int i) {
    gantt_->setColourBy(i == 1 ? GanttView::ColourBy::kDecision : GanttView::ColourBy::kTaskType);
  });
  auto* colour_row = new QHBoxLayout;
  colour_row->addWidget(new QLabel("Colour by:", run_page));
  colour_row->addWidget(colour_by_);
  show_transfers_ = new QCheckBox("Show transfers", run_page);
  show_transfers_->setToolTip("Draw the data transfers between cores as arrows");
  connect(show_transfers_, &QCheckBox::toggled, gantt_, &GanttView::setShowTransfers);
  colour_row->addWidget(show_transfers_);
  colour_row->addStretch(1);
  run_layout->addLayout(colour_row);
  run_layout->addWidget(run_info_);
  run_layout->addWidget(run_tabs_, 1);

  auto* dag_page = new QWidget(this);
  auto* dag_layout = new QVBoxLayout(dag_page);
  dag_ = new DagView(dag_page);
  task_info_ = new QLabel("Click a task for its details.", dag_page);
  dag_layout->addWidget(dag_, 1);
  dag_layout->addWidget(task_info_);
  connect(dag_, &DagView::taskClicked, this,
          [this](quint32 task) { task_info_->setText(dag_->describe(task)); });

  tabs_ = new QTabWidget(this);
  tabs_->addTab(editor_, "Scenario");
  tabs_->addTab(scaling_, "Scaling");
  tabs_->addTab(table_, "Results");
  tabs_->addTab(run_page, "Run");
  tabs_->addTab(dag_page, "Workload");
  step_ = new StepView(this);
  tabs_->addTab(step_, "Step");
  compare_ = new CompareView(this);
  tabs_->addTab(compare_, "Compare");
  setCentralWidget(tabs_);

  progress_ = new QProgressBar(this);
  progress_->setMaximumWidth(260);
  progress_->setVisible(false);
  status_ = new QLabel("Open a scenario (File > Open) or drop one here.", this);
  statusBar()->addWidget(status_, 1);
  statusBar()->addPermanentWidget(progress_);

  runner_ = new BatchRunner(this);
  connect(runner_, &BatchRunner::pointFinished, this,
          [this](qulonglong run, const experiment::RunMeasures& measures, int done, int total,
                 double eta) {
            results_->setMeasures(run, measures);
            progress_->setMaximum(total);
            progress_->setValue(done);
            status_->setText(QString("Running: %1 of %2 runs, about %3 s left").arg(done).arg(total).arg(eta, 0, 'f', 0));
          });
  connect(runner_, &BatchRunner::finished, this, &MainWindow::onBatchFinished);
  connect(runner_, &BatchRunner::failed, this, [this](const QString& message) {
    setRunning(false);
    status_->setText("Run failed: " + message);
    emit batchEnded(false);
  });
  connect(table_, &QTableView::doubleClicked, this,
          [this](const QModelIndex& index) { showRun(results_->runOfRow(index.row())); });
  connect(editor_, &ScenarioEditor::validated, this, [this](bool ok) {
    if (run_action_) run_action_->setEnabled(ok && !runner_->running());
    if (ok && !editor_->scenario()->points.empty()) {
      dag_->setGraph(editor_->scenario()->points.front().config.graph);
      step_->setScenario(editor_->scenario());
      compare_->setScenario(editor_->scenario());
    }
  });
  buildMenus();
  resize(1280, 800);
}

MainWindow::~MainWindow() {
  runner_->cancel();
  if (trace_worker_.joinable()) trace_worker_.join();
}

void MainWindow::buildMenus() {
  QMenu* file = menuBar()->addMenu("&File");
  file->addAction("&Open…", QKeySequence::Open, this, [this] {
    const QString path = QFileDialog::getOpenFileName(
        this, "Open a scenario or a workload", {},
        "Scenarios and workloads (*.yaml *.yml *.dot *.gv *.json *.xml *.dax *.stg);;All files (*)");
    if (!path.isEmpty()) openFile(path);
  });
  recent_menu_ = file->addMenu("Open &recent");
  refreshRecentMenu();
  file->addAction("&Save scenario", QKeySequence::Save, this, [this] {
    QString path = editor_->path();
    if (path.isEmpty() || !is_scenario(path))
      path = QFileDialog::getSaveFileName(this, "Save scenario", {}, "Scenarios (*.yaml)");
    if (path.isEmpty()) return;
    QFile out(path);
    if (out.open(QIODevice::WriteOnly | QIODevice::Truncate)) out.write(editor_->text().toUtf8());
  });
  file->addSeparator();
  file->addAction("Export scaling charts (PNG/SVG)…", this, [this] {
    const QString path = QFileDialog::getSaveFileName(this, "Export scaling charts", "scaling.png",
                                                      "PNG (*.png);;SVG (*.svg)");
    if (!path.isEmpty()) exportScaling(path);
  });
  file->addAction("Export results table (CSV)…", this, [this] {
    const QString path = QFileDialog::getSaveFileName(this, "Export results", "results.csv", "CSV (*.csv)");
    if (!path.isEmpty()) exportTable(path);
  });
  file->addAction("Export Gantt chart (PNG/SVG)…", this, [this] {
    const QString path = QFileDialog::getSaveFileName(this, "Export Gantt chart", "gantt.png",
                                                      "PNG (*.png);;SVG (*.svg)");
    if (!path.isEmpty()) exportGantt(path);
  });
  file->addSeparator();
  file->addAction("&Quit", QKeySequence::Quit, this, &QWidget::close);

  QMenu* run = menuBar()->addMenu("&Run");
  run_action_ = run->addAction("&Run scenario", QKeySequence(Qt::CTRL | Qt::Key_R), this, [this] { runScenario(); });
  cancel_action_ = run->addAction("&Cancel", QKeySequence(Qt::Key_Escape), this, &MainWindow::cancelRun);
  cancel_action_->setEnabled(false);
  run_action_->setEnabled(false);
  QToolBar* bar = addToolBar("Run");
  bar->addAction(run_action_);
  bar->addAction(cancel_action_);
}

bool MainWindow::openFile(const QString& path) {
  QFile in(path);
  if (!in.open(QIODevice::ReadOnly)) {
    QMessageBox::warning(this, "pelsim", "Cannot open " + path);
    return false;
  }
  const QString absolute = QFileInfo(path).absoluteFilePath();
  if (is_scenario(path)) {
    editor_->setDocument(absolute, QString::fromUtf8(in.readAll()));
  } else {
    // A workload: a starter scenario next to it (unsaved until File > Save).
    const QString scenario = QFileInfo(absolute).absolutePath() + "/" + QFileInfo(absolute).completeBaseName() + ".yaml";
    editor_->setDocument(scenario, starter_scenario(absolute));
  }
  rememberRecent(absolute);
  setWindowTitle("pelsim — " + QFileInfo(path).fileName());
  tabs_->setCurrentWidget(editor_);
  status_->setText(editor_->errorText());
  return true;
}

bool MainWindow::runScenario() {
  editor_->validateNow();
  const auto scenario = editor_->scenario();
  if (!scenario || runner_->running()) return false;
  out_dir_ = std::make_unique<QTemporaryDir>();
  running_scenario_ = scenario;
  results_->setScenario(scenario);
  if (!runner_->start(scenario, out_dir_->path(), std::max(1u, std::thread::hardware_concurrency())))
    return false;
  setRunning(true);
  progress_->setMaximum(static_cast<int>(scenario->points.size()));
  progress_->setValue(0);
  tabs_->setCurrentWidget(table_);
  return true;
}

void MainWindow::cancelRun() {
  runner_->cancel();
  status_->setText("Cancelling: waiting for the runs in progress…");
}

void MainWindow::setRunning(bool running) {
  progress_->setVisible(running);
  cancel_action_->setEnabled(running);
  run_action_->setEnabled(!running && editor_->scenario() != nullptr);
}

void MainWindow::onBatchFinished(bool interrupted) {
  setRunning(false);
  if (interrupted) {
    status_->setText(QString("Cancelled after %1 of %2 runs.").arg(results_->finishedRows()).arg(results_->rowCount()));
    emit batchEnded(false);
    return;
  }
  ScalingFigure figure;
  figure.title = running_scenario_->name;
  figure.curves = runner_->result.curves;
  name_curves_by_values(figure, running_scenario_->sweep_columns);
  scaling_->setFigure(std::move(figure));
  tabs_->setCurrentWidget(scaling_);
  const std::size_t runs = running_scenario_->row_count();
  status_->setText(QString("Done: %1 run%2. Double-click a row of Results to see its schedule.")
                       .arg(runs)
                       .arg(runs == 1 ? "" : "s"));
  emit batchEnded(true);
}

void MainWindow::showRun(std::size_t run) {
  const auto scenario = running_scenario_ ? running_scenario_ : editor_->scenario();
  if (!scenario || run >= scenario->points.size()) return;
  if (trace_worker_.joinable()) trace_worker_.join();
  run_info_->setText(QString("Simulating run %1…").arg(run));
  tabs_->setCurrentIndex(3);
  trace_worker_ = std::thread([this, scenario, run] {
    const experiment::RunConfig& config = scenario->points[run].config;
    auto traced = std::make_shared<TracedRun>(trace_run(config));
    const QString info =
        !traced->error.isEmpty()
            ? QString("Run %1 failed: %2").arg(run).arg(traced->error)
            : QString("Run %1: %2 on %3 cores, policy %4 — makespan %5 s, utilisation %6 %")
                  .arg(run)
                  .arg(QString::fromStdString(scenario->name))
                  .arg(config.cores)
                  .arg(QString::fromStdString(config.policy))
                  .arg(traced->measures.makespan, 0, 'g', 8)
                  .arg(100 * traced->measures.utilisation, 0, 'f', 1);
    QMetaObject::invokeMethod(
        this,
        [this, traced, info, run, network = config.network] {
          gantt_->setData(std::move(traced->gantt));
          links_->setRun(network, traced->measures);
          // The task types' colours, as a legend after the run's summary.
          QString legend;
          const auto& types = gantt_->data().type_names;
          for (std::size_t i = 0; i < types.size() && i < 12; ++i)
            legend += QString("&nbsp; <span style='color:%1'>&#9632;</span> %2")
                          .arg(GanttView::typeColor(i).name(), types[i].toHtmlEscaped());
          if (types.size() > 12) legend += " …";
          run_info_->setText(info.toHtmlEscaped() + "<br>" + legend);
          emit runShown(run);
        },
        Qt::QueuedConnection);
  });
}

bool MainWindow::exportScaling(const QString& path) {
  try {
    ScalingFigure figure = scaling_->figure();
    if (path.endsWith(".svg", Qt::CaseInsensitive))
      write_scaling_plots(figure, path.toStdString(), {});
    else
      write_scaling_plots(figure, {}, path.toStdString());
    return true;
  } catch (const std::exception& e) {
    QMessageBox::warning(this, "pelsim", e.what());
    return false;
  }
}

bool MainWindow::exportTable(const QString& path) {
  QFile out(path);
  if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate)) return false;
  return out.write(results_->toCsv().toUtf8()) >= 0;
}

bool MainWindow::exportGantt(const QString& path) {
  if (!path.endsWith(".svg", Qt::CaseInsensitive)) return gantt_->grab().save(path, "PNG");
  // The chart paints itself into an SVG document: vector output of what the widget shows.
  QSvgGenerator svg;
  svg.setFileName(path);
  svg.setSize(gantt_->size());
  svg.setViewBox(gantt_->rect());
  svg.setTitle("pelsim Gantt chart");
  QPainter painter;
  if (!painter.begin(&svg)) return false;
  gantt_->render(&painter);
  return painter.end();
}

void MainWindow::rememberRecent(const QString& path) {
  QSettings settings("pelsim", "pelsim-gui");
  QStringList recent = settings.value("recent").toStringList();
  recent.removeAll(path);
  recent.prepend(path);
  while (recent.size() > kMaxRecent) recent.removeLast();
  settings.setValue("recent", recent);
  refreshRecentMenu();
}

void MainWindow::refreshRecentMenu() {
  if (!recent_menu_) return;
  recent_menu_->clear();
  const QStringList recent = QSettings("pelsim", "pelsim-gui").value("recent").toStringList();
  for (const QString& path : recent)
    recent_menu_->addAction(path, this, [this, path] { openFile(path); });
  recent_menu_->setEnabled(!recent.isEmpty());
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  const auto urls = event->mimeData()->urls();
  if (!urls.isEmpty() && urls.front().isLocalFile()) openFile(urls.front().toLocalFile());
}

void MainWindow::closeEvent(QCloseEvent* event) {
  runner_->cancel();
  event->accept();
}

}  // namespace pelsim::gui
