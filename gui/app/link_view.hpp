// The links of one run on the flow network: how busy each was, busiest first.
#pragma once

#include <QtCharts/QChartView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QTableWidget>
#include <QtWidgets/QWidget>
#include <cstdint>
#include <string>
#include <vector>

#include "pelsim/experiment/run_point.hpp"

namespace pelsim::gui {

/// One link's share of a run: utilisation = bytes / (bandwidth x makespan), busy = the share
/// of the makespan with at least one flow on it.
struct LinkRow {
  std::string name;
  double utilisation = 0;
  double busy = 0;
  double bytes = 0;
  std::uint32_t peak_flows = 0;
};

/// The links that carried data, by decreasing utilisation (ties by name).
std::vector<LinkRow> link_rows(const std::vector<models::LinkUsage>& links, double makespan);

/// A summary line, a horizontal bar chart of the busiest links (utilisation and busy time, at
/// most kMaxBars with a note of how many more) and a sortable table of every link. A run
/// without link statistics shows a message instead.
class LinkView : public QWidget {
  Q_OBJECT
 public:
  static constexpr int kMaxBars = 20;

  explicit LinkView(QWidget* parent = nullptr);

  /// Shows the links of a run whose network model is `network` ("flow" has links).
  void setRun(const std::string& network, const experiment::RunMeasures& measures);
  /// The links shown, busiest first (empty with the message).
  const std::vector<LinkRow>& rows() const { return rows_; }
  /// The summary line, or the message when there are no links.
  QString summary() const { return summary_->text(); }
  QChartView* chartView() const { return chart_; }
  QTableWidget* table() const { return table_; }

 private:
  void fillChart();
  void fillTable();

  std::vector<LinkRow> rows_;
  QLabel* summary_;
  QChartView* chart_;
  QTableWidget* table_;
};

}  // namespace pelsim::gui
