#include "step_view.hpp"

#include <QtWidgets/QGridLayout>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSplitter>
#include <QtWidgets/QVBoxLayout>
#include <set>

#include "pelsim/models/trace_recorder.hpp"

namespace pelsim::gui {

namespace m = pelsim::models;

/// Watches a stepped run: the trace so far, each core's running task, the tasks whose inputs
/// are all finished but which have not started, and one log line per task start and end.
class StepRecorder : public sim::Observer {
 public:
  StepRecorder(std::shared_ptr<const m::TaskGraph> graph, std::uint32_t cores)
      : graph_(std::move(graph)),
        trace(graph_->task_count(), cores),
        running(cores, UINT32_MAX),
        missing_inputs_(graph_->task_count()) {
    for (m::TaskId t = 0; t < graph_->task_count(); ++t) {
      missing_inputs_[t] = graph_->in_degree(t);
      if (missing_inputs_[t] == 0) ready.insert(t);
    }
  }

  void on_task_start(const sim::TaskSpan& s) override {
    trace.on_task_start(s);
    running[s.core] = s.task;
    ready.erase(s.task);
    lines << QString("t=%1  core %2 starts %3 (until %4)")
                 .arg(s.start, 0, 'g', 9).arg(s.core).arg(name(s.task)).arg(s.finish, 0, 'g', 9);
  }
  void on_task_end(const sim::TaskSpan& s) override {
    trace.on_task_end(s);
    running[s.core] = UINT32_MAX;
    lines << QString("t=%1  core %2 finishes %3").arg(s.finish, 0, 'g', 9).arg(s.core).arg(name(s.task));
    for (m::EdgeId e = graph_->out_begin(s.task); e < graph_->out_end(s.task); ++e)
      if (--missing_inputs_[graph_->target(e)] == 0) ready.insert(graph_->target(e));
  }
  void on_transfer(const sim::TransferSpan& x) override {
    lines << QString("t=%1  %2 -> %3: %4 bytes from core %5 to core %6, arrive at %7")
                 .arg(x.start, 0, 'g', 9)
                 .arg(name(graph_->source(x.edge)), name(graph_->target(x.edge)))
                 .arg(x.bytes, 0, 'g', 6).arg(x.src_core).arg(x.dst_core).arg(x.finish, 0, 'g', 9);
  }

  QString name(m::TaskId t) const { return QString::fromStdString(std::string(graph_->name(t))); }

  std::shared_ptr<const m::TaskGraph> graph_;
  m::TraceRecorder trace;
  std::vector<m::TaskId> running;
  std::set<m::TaskId> ready;
  QStringList lines;

 private:
  std::vector<std::uint32_t> missing_inputs_;
};

StepView::StepView(QWidget* parent) : QWidget(parent) {
  auto* controls = new QHBoxLayout;
  run_index_ = new QSpinBox(this);
  run_index_->setPrefix("run ");
  auto* reset_button = new QPushButton("Reset", this);
  auto* step1 = new QPushButton("Step", this);
  auto* step10 = new QPushButton("Step 10", this);
  until_ = new QLineEdit(this);
  until_->setPlaceholderText("time (s)");
  until_->setMaximumWidth(120);
  auto* to_time = new QPushButton("Run to time", this);
  auto* to_end = new QPushButton("Run to end", this);
  clock_ = new QLabel(this);
  for (QWidget* w : std::initializer_list<QWidget*>{run_index_, reset_button, step1, step10, until_, to_time, to_end, clock_})
    controls->addWidget(w);
  controls->addStretch(1);
  connect(reset_button, &QPushButton::clicked, this, &StepView::reset);
  connect(run_index_, &QSpinBox::valueChanged, this, [this] { reset(); });
  connect(step1, &QPushButton::clicked, this, [this] { step(1); });
  connect(step10, &QPushButton::clicked, this, [this] { step(10); });
  connect(to_time, &QPushButton::clicked, this, [this] {
    bool ok = false;
    const double t = until_->text().toDouble(&ok);
    if (ok) runUntil(t);
  });
  connect(to_end, &QPushButton::clicked, this, [this] {
    if (run_) run_->run();
    refresh();
  });

  cores_ = new QListWidget(this);
  ready_ = new QListWidget(this);
  log_ = new QPlainTextEdit(this);
  log_->setReadOnly(true);
  log_->setMaximumBlockCount(20000);
  gantt_ = new GanttView(this);
  auto* side = new QGridLayout;
  side->addWidget(new QLabel("Cores", this), 0, 0);
  side->addWidget(new QLabel("Ready tasks", this), 0, 1);
  side->addWidget(cores_, 1, 0);
  side->addWidget(ready_, 1, 1);
  auto* top = new QHBoxLayout;
  auto* side_box = new QWidget(this);
  side_box->setLayout(side);
  top->addWidget(side_box, 1);
  top->addWidget(log_, 2);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(controls);
  layout->addLayout(top, 1);
  layout->addWidget(gantt_, 1);
}

StepView::~StepView() = default;

void StepView::setScenario(std::shared_ptr<const experiment::Scenario> scenario) {
  scenario_ = std::move(scenario);
  run_index_->blockSignals(true);
  run_index_->setRange(0, scenario_ ? static_cast<int>(scenario_->row_count()) - 1 : 0);
  run_index_->blockSignals(false);
  reset();
}

void StepView::reset() {
  run_.reset();
  recorder_.reset();
  log_->clear();
  if (scenario_ && !scenario_->points.empty()) {
    const auto& config = scenario_->points[static_cast<std::size_t>(run_index_->value())].config;
    recorder_ = std::make_unique<StepRecorder>(config.graph, config.cores);
    try {
      run_ = std::make_unique<experiment::SteppedRun>(config, recorder_.get());
    } catch (const std::exception& e) {
      log_->appendPlainText(QString("cannot start this run: %1").arg(e.what()));
      run_.reset();
    }
  }
  refresh();
}

bool StepView::step(int events) {
  bool more = run_ != nullptr;
  for (int i = 0; i < events && more; ++i) more = run_->step();
  refresh();
  return more;
}

void StepView::runUntil(double t) {
  if (run_) run_->run_until(t);
  refresh();
}

double StepView::now() const { return run_ ? run_->now() : 0.0; }
bool StepView::finished() const { return !run_ || run_->finished(); }

QString StepView::coreState(std::uint32_t core) const {
  if (!recorder_ || core >= recorder_->running.size()) return {};
  const m::TaskId t = recorder_->running[core];
  return t == UINT32_MAX ? "idle" : recorder_->name(t);
}

QStringList StepView::readyTasks() const {
  QStringList out;
  if (recorder_)
    for (m::TaskId t : recorder_->ready) out << recorder_->name(t);
  return out;
}

void StepView::refresh() {
  cores_->clear();
  ready_->clear();
  if (!recorder_) {
    clock_->setText("no run");
    gantt_->setData({});
    return;
  }
  for (std::uint32_t c = 0; c < recorder_->running.size(); ++c)
    cores_->addItem(QString("core %1: %2").arg(c).arg(coreState(c)));
  const QStringList ready = readyTasks();
  for (int i = 0; i < ready.size() && i < 500; ++i) ready_->addItem(ready[i]);
  for (const QString& line : recorder_->lines) log_->appendPlainText(line);
  recorder_->lines.clear();
  clock_->setText(QString("t = %1 s%2").arg(now(), 0, 'g', 9).arg(finished() ? "  (finished)" : ""));
  gantt_->setData(GanttData::from_trace(recorder_->graph_, recorder_->trace));
}

}  // namespace pelsim::gui
