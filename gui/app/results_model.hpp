// The runs of a scenario as a table that fills in while the batch runs.
#pragma once

#include <QtCore/QAbstractTableModel>
#include <limits>
#include <map>
#include <memory>

#include "pelsim/experiment/scenario.hpp"

namespace pelsim::gui {

/// One row per run of the scenario (reference runs excluded), in sweep order: run, the swept
/// values, cores, and — once the run has finished — makespan, speedup and efficiency (once
/// its 1-core run has finished too), then, when some run uses the flow network, its max link
/// utilisation, and when some run's policy plans, its planned makespan (the list scheduler's
/// own estimate). setScenario() resets it; setMakespan() fills one run.
class ResultsModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  explicit ResultsModel(QObject* parent = nullptr);

  void setScenario(std::shared_ptr<const experiment::Scenario> scenario);
  void setMakespan(std::size_t run, double makespan, double max_link_utilisation = 0,
                   double planned_makespan = std::numeric_limits<double>::quiet_NaN());
  /// The scenario run shown in `row`.
  std::size_t runOfRow(int row) const { return rows_.at(static_cast<std::size_t>(row)); }
  int finishedRows() const;
  /// The table as CSV (what is shown, header first).
  QString toCsv() const;

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

 private:
  int fixedColumns() const;
  int trailingColumns() const { return 4 + (has_links_ ? 1 : 0) + (has_plans_ ? 1 : 0); }

  std::shared_ptr<const experiment::Scenario> scenario_;
  std::vector<std::size_t> rows_;        // scenario point of each row
  std::vector<int> row_of_run_;          // row of each point (-1: reference)
  std::vector<std::vector<int>> rows_by_baseline_;  // rows whose 1-core run is the point
  std::map<std::size_t, double> makespan_;  // finished runs (references included)
  std::map<std::size_t, double> max_link_;  // their busiest link's utilisation
  std::map<std::size_t, double> planned_;   // their planned makespan (NaN: none)
  bool has_links_ = false;                  // some run is on the flow network
  bool has_plans_ = false;                  // some run's policy estimates its makespan
};

}  // namespace pelsim::gui
