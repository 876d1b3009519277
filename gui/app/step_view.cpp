#include "step_view.hpp"

#include <QtWidgets/QComboBox>
#include <QtWidgets/QGridLayout>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSplitter>
#include <QtWidgets/QVBoxLayout>
#include <cmath>
#include <set>

#include "pelsim/models/decision.hpp"
#include "pelsim/models/trace_recorder.hpp"

namespace pelsim::gui {

namespace m = pelsim::models;

/// Watches a stepped run: the trace so far, each core's running task, the tasks whose inputs
/// are all finished but which have not started, one log line per task start and end and per
/// decision made during the run, and every decision of the policy (`shown`: the one to
/// explain now).
class StepRecorder : public sim::Observer, public m::DecisionObserver {
 public:
  StepRecorder(std::shared_ptr<const m::TaskGraph> graph, std::uint32_t cores)
      : graph_(std::move(graph)),
        trace(graph_->task_count(), cores),
        running(cores, UINT32_MAX),
        final_decision(graph_->task_count(), SIZE_MAX),
        final_kind(graph_->task_count(), FinalDecisions::kNone),
        missing_inputs_(graph_->task_count()) {
    for (m::TaskId t = 0; t < graph_->task_count(); ++t) {
      missing_inputs_[t] = graph_->in_degree(t);
      if (missing_inputs_[t] == 0) ready.insert(t);
    }
  }

  void on_decision(const m::Decision& d) override {
    const std::size_t i = decisions.entries().size();
    decisions.on_decision(d);
    if (m::is_final(d.kind) && d.task < final_decision.size()) {
      final_decision[d.task] = i;
      final_kind[d.task] = static_cast<std::uint8_t>(d.kind);
    }
    // A plan is made before the run: its decisions are shown as their tasks start.
    if (d.kind == m::DecisionKind::kPlanned || d.kind == m::DecisionKind::kStaticOrder) return;
    shown = i;
    const QString task = d.task != m::kNoDecisionTask ? name(d.task) : QString();
    QString what;
    switch (d.kind) {
      case m::DecisionKind::kPush:
        what = QString("%1 pushed onto core %2's deque").arg(task).arg(d.core);
        break;
      case m::DecisionKind::kLocalPop:
        what = QString("core %1 takes %2 from its own deque").arg(d.core).arg(task);
        break;
      case m::DecisionKind::kSteal:
        what = QString("core %1 steals %2 from core %3").arg(d.core).arg(task).arg(d.victim);
        break;
      case m::DecisionKind::kMoved:
        what = QString("core %1 failed for good: %2 moves to core %3 (estimated finish %4)")
                   .arg(d.victim)
                   .arg(task)
                   .arg(d.core)
                   .arg(d.finish, 0, 'g', 9);
        break;
      case m::DecisionKind::kFailedSteal:
        what = d.victim != m::kNoDecisionCore
                   ? QString("core %1 fails to steal from core %2").arg(d.core).arg(d.victim)
                   : QString("core %1 finds every deque empty and sleeps").arg(d.core);
        break;
      default:
        what = QString("core %1 gets %2 from the ready queue").arg(d.core).arg(task);
        break;
    }
    lines << QString("t=%1  %2").arg(d.time, 0, 'g', 9).arg(what);
  }

  void on_task_start(const sim::TaskSpan& s) override {
    trace.on_task_start(s);
    const std::size_t i = final_decision[s.task];
    if (i != SIZE_MAX) {
      const m::DecisionKind k = decisions.entries()[i].decision.kind;
      if (k == m::DecisionKind::kPlanned || k == m::DecisionKind::kStaticOrder) shown = i;
    }
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
  void on_task_interrupted(const sim::TaskSpan& s) override {
    trace.on_task_interrupted(s);
    running[s.core] = UINT32_MAX;
    ready.insert(s.task);  // it runs again (docs/models/faults.md)
    lines << QString("t=%1  core %2 fails: %3 is cut short (started at %4), runs again")
                 .arg(s.finish, 0, 'g', 9)
                 .arg(s.core)
                 .arg(name(s.task))
                 .arg(s.start, 0, 'g', 9);
  }
  void on_core_failure(std::uint32_t core, sim::Time down, sim::Time up) override {
    trace.on_core_failure(core, down, up);
    lines << (std::isinf(up)
                  ? QString("t=%1  core %2 fails for good").arg(down, 0, 'g', 9).arg(core)
                  : QString("t=%1  core %2 fails, repaired at %3")
                        .arg(down, 0, 'g', 9)
                        .arg(core)
                        .arg(up, 0, 'g', 9));
  }
  void on_transfer(const sim::TransferSpan& x) override {
    lines << QString(x.delivered ? "t=%1  %2 -> %3: %4 bytes from core %5 to core %6, arrive at %7"
                                 : "t=%1  %2 -> %3: %4 bytes from core %5 to core %6, cancelled "
                                   "at %7 (%3 moved off the failed core)")
                 .arg(x.start, 0, 'g', 9)
                 .arg(name(graph_->source(x.edge)), name(graph_->target(x.edge)))
                 .arg(x.bytes, 0, 'g', 6)
                 .arg(x.src_core)
                 .arg(x.dst_core)
                 .arg(x.finish, 0, 'g', 9);
  }

  QString name(m::TaskId t) const { return QString::fromStdString(std::string(graph_->name(t))); }

  std::shared_ptr<const m::TaskGraph> graph_;
  m::TraceRecorder trace;
  std::vector<m::TaskId> running;
  std::set<m::TaskId> ready;
  QStringList lines;
  m::DecisionLog decisions;
  std::size_t shown = SIZE_MAX;             // the decision to explain now
  std::vector<std::size_t> final_decision;  // per task: index of its final decision
  std::vector<std::uint8_t> final_kind;     // per task: its kind (FinalDecisions::kNone)

 private:
  std::vector<std::uint32_t> missing_inputs_;
};

StepView::StepView(QWidget* parent) : QWidget(parent) {
  auto* controls = new QHBoxLayout;
  run_index_ = new QSpinBox(this);
  run_index_->setPrefix("run ");
  run_info_ = new QLabel(this);
  auto* reset_button = new QPushButton("Reset", this);
  auto* step1 = new QPushButton("Step", this);
  auto* step10 = new QPushButton("Step 10", this);
  until_ = new QLineEdit(this);
  until_->setPlaceholderText("time (s)");
  until_->setMaximumWidth(120);
  auto* to_time = new QPushButton("Run to time", this);
  auto* to_end = new QPushButton("Run to end", this);
  clock_ = new QLabel(this);
  auto* colour_by = new QComboBox(this);
  colour_by->addItems({"colour: task type", "colour: policy decision"});
  for (QWidget* w : std::initializer_list<QWidget*>{run_index_, run_info_, reset_button, step1,
                                                    step10, until_, to_time, to_end, clock_})
    controls->addWidget(w);
  controls->addStretch(1);
  controls->addWidget(colour_by);
  connect(colour_by, &QComboBox::currentIndexChanged, this, [this](int i) {
    gantt_->setColourBy(i == 1 ? GanttView::ColourBy::kDecision : GanttView::ColourBy::kTaskType);
  });
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
  gantt_->setPlaceholder("Open or run a scenario to step through one of its runs");
  explanation_ = new QLabel(this);
  explanation_->setWordWrap(true);
  explanation_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  candidates_ = new QTableWidget(0, 4, this);
  candidates_->setHorizontalHeaderLabels({"core", "score", "start", "finish"});
  candidates_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  candidates_->verticalHeader()->setVisible(false);
  candidates_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  auto* side = new QGridLayout;
  side->addWidget(new QLabel("Cores", this), 0, 0);
  side->addWidget(new QLabel("Ready tasks", this), 0, 1);
  side->addWidget(cores_, 1, 0);
  side->addWidget(ready_, 1, 1);
  side->addWidget(new QLabel("The scheduler's last decision", this), 2, 0, 1, 2);
  side->addWidget(explanation_, 3, 0, 1, 2);
  side->addWidget(candidates_, 4, 0, 1, 2);
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
  run_info_->clear();
  if (scenario_ && !scenario_->points.empty()) {
    const experiment::RunPoint& point =
        scenario_->points[static_cast<std::size_t>(run_index_->value())];
    const auto& config = point.config;
    policy_ = config.policy;
    QString info = QString("%1 on %2 core%3")
                       .arg(QString::fromStdString(config.policy))
                       .arg(config.cores)
                       .arg(config.cores == 1 ? "" : "s");
    for (std::size_t i = 0; i < point.values.size() && i < scenario_->sweep_columns.size(); ++i)
      info += QString(i == 0 ? " (%1=%2" : ", %1=%2")
                  .arg(QString::fromStdString(scenario_->sweep_columns[i]),
                       QString::fromStdString(point.values[i]));
    if (!point.values.empty() && !scenario_->sweep_columns.empty()) info += ")";
    run_info_->setText(info);
    recorder_ = std::make_unique<StepRecorder>(config.graph, config.cores);
    try {
      run_ = std::make_unique<experiment::SteppedRun>(config, recorder_.get(), recorder_.get());
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
    showDecision();
    return;
  }
  for (std::uint32_t c = 0; c < recorder_->running.size(); ++c)
    cores_->addItem(QString("core %1: %2").arg(c).arg(coreState(c)));
  const QStringList ready = readyTasks();
  for (int i = 0; i < ready.size() && i < 500; ++i) ready_->addItem(ready[i]);
  for (const QString& line : recorder_->lines) log_->appendPlainText(line);
  recorder_->lines.clear();
  clock_->setText(QString("t = %1 s%2").arg(now(), 0, 'g', 9).arg(finished() ? "  (finished)" : ""));
  GanttData gantt = GanttData::from_trace(recorder_->graph_, recorder_->trace);
  gantt.task_decision = recorder_->final_kind;
  gantt_->setData(std::move(gantt));
  showDecision();
}

void StepView::showDecision() {
  const std::size_t i = recorder_ ? recorder_->shown : SIZE_MAX;
  if (i == shown_decision_) return;
  shown_decision_ = i;
  candidates_->setRowCount(0);
  if (i == SIZE_MAX) {
    explanation_->clear();
    return;
  }
  const m::Decision d = recorder_->decisions.at(i);
  const auto num = [](double v) {
    return std::isnan(v) ? QString("–") : QString::number(v, 'g', 9);
  };
  QString text = QString("%1: ").arg(QString::fromStdString(policy_));
  text += d.task != m::kNoDecisionTask ? recorder_->name(d.task) : QString("no task");
  text += QString(" on core %1 (%2, t=%3)")
              .arg(d.core)
              .arg(m::decision_kind_name(d.kind))
              .arg(num(d.time));
  if (!std::isnan(d.score)) text += QString("; %1 = %2").arg(d.score_name).arg(num(d.score));
  if (!std::isnan(d.rank)) text += QString("; %1 = %2").arg(d.rank_name).arg(num(d.rank));
  const bool moved = d.kind == m::DecisionKind::kMoved;
  if (!std::isnan(d.start))
    text +=
        QString("; %1 %2 → %3").arg(moved ? "estimated" : "planned", num(d.start), num(d.finish));
  if (d.victim != m::kNoDecisionCore)
    text += QString(moved ? "; from core %1, failed for good" : "; victim core %1").arg(d.victim);
  if (d.queue_length != m::Decision::kNoCount) text += QString("; %1 ready").arg(d.queue_length);
  if (d.order != m::Decision::kNoCount) text += QString("; position %1 on the core").arg(d.order);
  explanation_->setText(text);
  candidates_->setHorizontalHeaderLabels({d.candidates_are_tasks ? "task" : "core",
                                          *d.score_name ? QString(d.score_name) : "score", "start",
                                          "finish"});
  candidates_->setRowCount(static_cast<int>(d.candidates.size()));
  for (std::size_t r = 0; r < d.candidates.size(); ++r) {
    const m::Candidate& c = d.candidates[r];
    const bool chosen = d.candidates_are_tasks ? false : c.id == d.core;
    const QStringList cells{
        d.candidates_are_tasks ? recorder_->name(c.id) : QString("core %1").arg(c.id), num(c.score),
        num(c.start), num(c.finish)};
    for (int col = 0; col < cells.size(); ++col) {
      auto* item = new QTableWidgetItem(cells[col]);
      if (chosen) {
        QFont f = item->font();
        f.setBold(true);
        item->setFont(f);
        item->setBackground(QColor(255, 240, 200));
      }
      candidates_->setItem(static_cast<int>(r), col, item);
    }
  }
}

}  // namespace pelsim::gui
