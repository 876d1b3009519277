// The runs of a scenario as a table that fills in while the batch runs.
#pragma once

#include <QtCore/QAbstractTableModel>
#include <map>
#include <memory>

#include "pelsim/experiment/scenario.hpp"

namespace pelsim::gui {

/// One row per run of the scenario (reference runs excluded), in sweep order: run, the swept
/// values, cores, and — once the run has finished — makespan, speedup and efficiency (once
/// its 1-core run has finished too) and utilisation; then the columns some run of the
/// scenario needs: energy (a power model), steals (work stealing), failures and lost work
/// (faults), checkpoint time (checkpoints), max link utilisation (the flow network) and the planned
/// makespan (a list scheduler's own estimate). setScenario() resets it; setMeasures() fills one
/// run.
class ResultsModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  explicit ResultsModel(QObject* parent = nullptr);

  void setScenario(std::shared_ptr<const experiment::Scenario> scenario);
  void setMeasures(std::size_t run, const experiment::RunMeasures& measures);
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
  enum class Column {
    kCores,
    kMakespan,
    kSpeedup,
    kSpeedupFaultFree,
    kEfficiency,
    kUtilisation,
    kEnergy,
    kBytesMoved,
    kSteals,
    kLocalDispatches,
    kFailures,
    kLostWork,
    kCheckpointTime,
    kMaxLink,
    kPlanned
  };
  int fixedColumns() const;
  QVariant measure(Column column, const experiment::RunPoint& p) const;

  std::shared_ptr<const experiment::Scenario> scenario_;
  std::vector<std::size_t> rows_;        // scenario point of each row
  std::vector<int> row_of_run_;          // row of each point (-1: reference)
  std::vector<std::vector<int>> rows_by_baseline_;  // rows whose 1-core run is the point
  std::vector<Column> columns_;                     // after the run and swept values
  std::map<std::size_t, experiment::RunMeasures> measures_;  // finished runs (no link list)
};

}  // namespace pelsim::gui
