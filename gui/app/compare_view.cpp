#include "compare_view.hpp"

#include <QtCore/QMetaObject>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QVBoxLayout>
#include <array>


namespace pelsim::gui {

namespace {

QString describe(const experiment::Scenario& s, std::size_t run) {
  const experiment::RunPoint& p = s.points[run];
  QString text = QString("run %1: %2 cores").arg(run).arg(p.config.cores);
  for (std::size_t i = 0; i < p.values.size(); ++i)
    text += QString(", %1=%2").arg(QString::fromStdString(s.sweep_columns[i]),
                                   QString::fromStdString(p.values[i]));
  return text;
}

}  // namespace

CompareView::CompareView(QWidget* parent) : QWidget(parent) {
  auto* controls = new QHBoxLayout;
  for (int i = 0; i < 2; ++i) {
    pick_[i] = new QSpinBox(this);
    pick_[i]->setPrefix(i == 0 ? "A: run " : "B: run ");
    controls->addWidget(pick_[i]);
  }
  auto* go = new QPushButton("Compare", this);
  controls->addWidget(go);
  controls->addStretch(1);
  connect(go, &QPushButton::clicked, this, [this] { compare(pick_[0]->value(), pick_[1]->value()); });
  summary_ = new QLabel("Pick two runs (the run column of Results) and press Compare.", this);
  summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(controls);
  layout->addWidget(summary_);
  for (auto*& g : gantt_) {
    g = new GanttView(this);
    g->setPlaceholder("Pick runs A and B above and press Compare");
    layout->addWidget(g, 1);
  }
}

CompareView::~CompareView() {
  if (worker_.joinable()) worker_.join();
}

void CompareView::setScenario(std::shared_ptr<const experiment::Scenario> scenario) {
  scenario_ = std::move(scenario);
  const int last = scenario_ ? static_cast<int>(scenario_->row_count()) - 1 : 0;
  for (QSpinBox* p : pick_) p->setRange(0, std::max(0, last));
  pick_[1]->setValue(std::min(1, last));
}

void CompareView::compare(int a, int b) {
  if (!scenario_ || scenario_->points.empty()) return;
  if (worker_.joinable()) worker_.join();
  summary_->setText("Simulating…");
  const auto scenario = scenario_;
  worker_ = std::thread([this, scenario, a, b] {
    auto sides = std::make_shared<std::array<TracedRun, 2>>();
    (*sides)[0] = trace_run(scenario->points[static_cast<std::size_t>(a)].config);
    (*sides)[1] = trace_run(scenario->points[static_cast<std::size_t>(b)].config);
    QMetaObject::invokeMethod(
        this,
        [this, scenario, sides, a, b] {
          const auto& side = *sides;
          const double end = std::max(side[0].gantt.makespan, side[1].gantt.makespan);
          for (int i = 0; i < 2; ++i) {
            gantt_[i]->setData(side[static_cast<std::size_t>(i)].gantt);
            gantt_[i]->setView(0, end > 0 ? end : 1);  // the same time scale
          }
          const auto& ma = side[0].measures;
          const auto& mb = side[1].measures;
          summary_->setText(
              QString("A, %1: makespan %2 s, utilisation %3 %\nB, %4: makespan %5 s, utilisation "
                      "%6 %\nB - A: makespan %7 s (%8 %), utilisation %9 points%10")
                  .arg(describe(*scenario, static_cast<std::size_t>(a)))
                  .arg(ma.makespan, 0, 'g', 8)
                  .arg(100 * ma.utilisation, 0, 'f', 1)
                  .arg(describe(*scenario, static_cast<std::size_t>(b)))
                  .arg(mb.makespan, 0, 'g', 8)
                  .arg(100 * mb.utilisation, 0, 'f', 1)
                  .arg(mb.makespan - ma.makespan, 0, 'g', 6)
                  .arg(ma.makespan > 0 ? 100 * (mb.makespan - ma.makespan) / ma.makespan : 0.0, 0, 'f', 1)
                  .arg(100 * (mb.utilisation - ma.utilisation), 0, 'f', 1)
                  .arg(side[0].error.isEmpty() && side[1].error.isEmpty()
                           ? QString()
                           : "\nerrors: " + side[0].error + " " + side[1].error));
          emit compared();
        },
        Qt::QueuedConnection);
  });
}

}  // namespace pelsim::gui
