#include "link_view.hpp"

#include <QtCharts/QBarCategoryAxis>
#include <QtCharts/QBarSet>
#include <QtCharts/QHorizontalBarSeries>
#include <QtCharts/QValueAxis>
#include <QtCore/QLocale>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QSplitter>
#include <QtWidgets/QVBoxLayout>
#include <algorithm>

namespace pelsim::gui {

namespace {

// A table cell shown as text but sorted by a number.
class NumberItem : public QTableWidgetItem {
 public:
  NumberItem(const QString& text, double value) : QTableWidgetItem(text), value_(value) {
    setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
  }
  bool operator<(const QTableWidgetItem& other) const override {
    const auto* number = dynamic_cast<const NumberItem*>(&other);
    return number ? value_ < number->value_ : QTableWidgetItem::operator<(other);
  }

 private:
  double value_;
};

QString percent(double share) {
  return QString::number(100 * share, 'f', 2);
}

}  // namespace

std::vector<LinkRow> link_rows(const std::vector<models::LinkUsage>& links, double makespan) {
  std::vector<LinkRow> rows;
  rows.reserve(links.size());
  for (const models::LinkUsage& l : links) {
    LinkRow r;
    r.name = l.name;
    r.utilisation = makespan > 0 && l.bandwidth > 0 ? l.stats.bytes / (l.bandwidth * makespan) : 0;
    r.busy = makespan > 0 ? l.stats.busy_time / makespan : 0;
    r.bytes = l.stats.bytes;
    r.peak_flows = l.stats.peak_flows;
    rows.push_back(std::move(r));
  }
  std::sort(rows.begin(), rows.end(), [](const LinkRow& a, const LinkRow& b) {
    return a.utilisation != b.utilisation ? a.utilisation > b.utilisation : a.name < b.name;
  });
  return rows;
}

LinkView::LinkView(QWidget* parent) : QWidget(parent) {
  summary_ = new QLabel("No run shown yet.", this);
  summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  chart_ = new QChartView(this);
  chart_->setRenderHint(QPainter::Antialiasing);
  chart_->setMinimumSize(360, 240);
  table_ = new QTableWidget(0, 5, this);
  table_->setHorizontalHeaderLabels(
      {"link", "utilisation %", "busy time %", "bytes", "peak flows"});
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  table_->verticalHeader()->setVisible(false);
  table_->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
  table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 6);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  auto* split = new QSplitter(Qt::Horizontal, this);
  split->addWidget(chart_);
  split->addWidget(table_);
  split->setStretchFactor(0, 1);
  split->setStretchFactor(1, 1);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(summary_);
  layout->addWidget(split, 1);
  setRun("", {});
  summary_->setText("No run shown yet.");
}

void LinkView::setRun(const std::string& network, const experiment::RunMeasures& measures) {
  rows_ = link_rows(measures.links, measures.makespan);
  if (rows_.empty()) {
    summary_->setText(
        network == "flow"
            ? QString("No link carried data in this run (every transfer stayed on one node).")
            : QString("No link statistics: this run's network (%1) has no links; use network: "
                      "flow.")
                  .arg(QString::fromStdString(network)));
  } else if (const auto used =
                 std::ranges::count_if(rows_, [](const LinkRow& r) { return r.bytes > 0; });
             used == 0) {
    // Every row is a link that only transfers cancelled by core failures occupied.
    summary_->setText(
        QString("No link carried data in this run: the %1 links in the table only carried "
                "transfers cancelled when their task moved off a failed core.")
            .arg(rows_.size()));
  } else {
    // (Links only cancelled transfers occupied are in the table, not counted as used.)
    const LinkRow& top = *std::ranges::find_if(rows_, [](const LinkRow& r) { return r.bytes > 0; });
    summary_->setText(
        QString("%1 links used; busiest: %2 at %3 % utilisation (busy %4 % of "
                "the makespan, up to %5 flows at once).")
            .arg(used)
            .arg(QString::fromStdString(top.name), percent(top.utilisation), percent(top.busy))
            .arg(top.peak_flows));
  }
  chart_->setVisible(!rows_.empty());
  table_->setVisible(!rows_.empty());
  fillChart();
  fillTable();
}

void LinkView::fillChart() {
  auto* chart = new QChart;
  const std::size_t shown = std::min<std::size_t>(rows_.size(), kMaxBars);
  chart->setTitle(rows_.size() > shown ? QString("The %1 busiest links (%2 more in the table)")
                                             .arg(shown)
                                             .arg(rows_.size() - shown)
                                       : QString("Links by utilisation"));
  auto* utilisation = new QBarSet("utilisation %");
  auto* busy = new QBarSet("busy time %");
  QStringList names;
  // Horizontal bars go bottom-up: the least busy shown first, so the busiest is on top.
  for (std::size_t i = shown; i-- > 0;) {
    names << QString::fromStdString(rows_[i].name);
    *utilisation << 100 * rows_[i].utilisation;
    *busy << 100 * rows_[i].busy;
  }
  auto* series = new QHorizontalBarSeries;
  series->append(utilisation);
  series->append(busy);
  series->setBarWidth(0.85);
  chart->addSeries(series);
  auto* y = new QBarCategoryAxis;
  y->append(names);
  QFont small = y->labelsFont();  // 20 names must fit without eliding
  small.setPointSizeF(std::min(small.pointSizeF(), 8.0));
  y->setLabelsFont(small);
  y->setTruncateLabels(false);  // the names are the point of the chart (they were cut to "…")
  chart->addAxis(y, Qt::AlignLeft);
  series->attachAxis(y);
  auto* x = new QValueAxis;
  x->setRange(0, 100);
  x->setTitleText("% of the makespan");
  x->setLabelFormat("%.0f");
  chart->addAxis(x, Qt::AlignBottom);
  series->attachAxis(x);
  chart->legend()->setAlignment(Qt::AlignBottom);
  QChart* old = chart_->chart();
  chart_->setChart(chart);
  delete old;
}

void LinkView::fillTable() {
  table_->setSortingEnabled(false);
  table_->setRowCount(static_cast<int>(rows_.size()));
  const QLocale c = QLocale::c();
  for (std::size_t i = 0; i < rows_.size(); ++i) {
    const LinkRow& r = rows_[i];
    const int row = static_cast<int>(i);
    table_->setItem(row, 0, new QTableWidgetItem(QString::fromStdString(r.name)));
    table_->setItem(row, 1, new NumberItem(percent(r.utilisation), r.utilisation));
    table_->setItem(row, 2, new NumberItem(percent(r.busy), r.busy));
    table_->setItem(row, 3,
                    new NumberItem(c.formattedDataSize(static_cast<qint64>(r.bytes), 2,
                                                       QLocale::DataSizeSIFormat),
                                   r.bytes));
    table_->setItem(row, 4, new NumberItem(QString::number(r.peak_flows), r.peak_flows));
  }
  table_->setSortingEnabled(true);
  table_->sortItems(1, Qt::DescendingOrder);
}

}  // namespace pelsim::gui
