#include "results_model.hpp"

#include <cmath>

#include "pelsim/models/policy.hpp"

namespace pelsim::gui {

ResultsModel::ResultsModel(QObject* parent) : QAbstractTableModel(parent) {}

void ResultsModel::setScenario(std::shared_ptr<const experiment::Scenario> scenario) {
  beginResetModel();
  scenario_ = std::move(scenario);
  rows_.clear();
  measures_.clear();
  row_of_run_.assign(scenario_ ? scenario_->points.size() : 0, -1);
  rows_by_baseline_.assign(row_of_run_.size(), {});
  bool power = false, moves = false, steals = false, local = false, faults = false,
       checkpoints = false, links = false, plans = false;
  if (scenario_)
    for (const auto& p : scenario_->points) {
      power = power || p.config.has_power;
      steals = steals || p.config.policy == "work_stealing";
      local = local || p.config.policy == "locality";
      moves = moves || p.config.network != "ideal";
      faults = faults || p.config.faults.active();
      checkpoints = checkpoints || p.config.faults.checkpoints.active();
      links = links || p.config.network == "flow";
      plans = plans || models::PolicyRegistry::builtin().find(p.config.policy).estimates_makespan;
      if (!p.reference) {
        row_of_run_[p.index] = static_cast<int>(rows_.size());
        rows_by_baseline_[p.baseline].push_back(static_cast<int>(rows_.size()));
        if (p.clean_baseline != p.baseline)
          rows_by_baseline_[p.clean_baseline].push_back(static_cast<int>(rows_.size()));
        rows_.push_back(p.index);
      }
    }
  columns_ = {Column::kCores, Column::kMakespan, Column::kSpeedup, Column::kEfficiency,
              Column::kUtilisation};
  if (power) columns_.push_back(Column::kEnergy);
  if (moves) columns_.push_back(Column::kBytesMoved);
  if (steals) columns_.push_back(Column::kSteals);
  if (local) columns_.push_back(Column::kLocalDispatches);
  if (faults)
    columns_.insert(columns_.end(),
                    {Column::kFailures, Column::kLostWork, Column::kSpeedupFaultFree});
  if (checkpoints) columns_.push_back(Column::kCheckpointTime);
  if (links) columns_.push_back(Column::kMaxLink);
  if (plans) columns_.push_back(Column::kPlanned);
  endResetModel();
}

void ResultsModel::setMeasures(std::size_t run, const experiment::RunMeasures& measures) {
  if (!scenario_ || run >= row_of_run_.size()) return;
  experiment::RunMeasures& kept = measures_[run] = measures;
  kept.links.clear();  // (the Run view reads them from the batch's result)
  // This run's row, and every row whose 1-core baseline it is, may change.
  auto changed = [this](int row) { emit dataChanged(index(row, 0), index(row, columnCount() - 1)); };
  if (row_of_run_[run] >= 0) changed(row_of_run_[run]);
  for (int row : rows_by_baseline_[run]) changed(row);
}

int ResultsModel::finishedRows() const {
  int n = 0;
  for (std::size_t run : rows_) n += measures_.count(run) ? 1 : 0;
  return n;
}

int ResultsModel::fixedColumns() const {
  return 1 + (scenario_ ? static_cast<int>(scenario_->sweep_columns.size()) : 0);
}

int ResultsModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int ResultsModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() || !scenario_ ? 0 : fixedColumns() + static_cast<int>(columns_.size());
}

QVariant ResultsModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (role != Qt::DisplayRole || orientation != Qt::Horizontal || !scenario_) return {};
  if (section == 0) return "run";
  if (section < fixedColumns())
    return QString::fromStdString(scenario_->sweep_columns[static_cast<std::size_t>(section - 1)]);
  switch (columns_.at(static_cast<std::size_t>(section - fixedColumns()))) {
    case Column::kCores:
      return "cores";
    case Column::kMakespan:
      return "makespan (s)";
    case Column::kSpeedup:
      return "speedup";
    case Column::kEfficiency:
      return "efficiency";
    case Column::kUtilisation:
      return "utilisation";
    case Column::kEnergy:
      return "energy (J)";
    case Column::kSteals:
      return "steals";
    case Column::kLocalDispatches:
      return "local dispatches";
    case Column::kSpeedupFaultFree:
      return "speedup (fault-free T1)";
    case Column::kBytesMoved:
      return "bytes moved";
    case Column::kFailures:
      return "failures";
    case Column::kLostWork:
      return "lost work (s)";
    case Column::kCheckpointTime:
      return "checkpoint time (s)";
    case Column::kMaxLink:
      return "max link utilisation";
    case Column::kPlanned:
      return "planned makespan (s)";
  }
  return {};
}

QVariant ResultsModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || !scenario_) return {};
  const auto& p = scenario_->points[rows_[static_cast<std::size_t>(index.row())]];
  const int col = index.column();
  if (role == Qt::TextAlignmentRole)
    return col >= fixedColumns() ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
  if (role != Qt::DisplayRole) return {};
  if (col == 0) return static_cast<qulonglong>(p.index);
  if (col < fixedColumns()) return QString::fromStdString(p.values[static_cast<std::size_t>(col - 1)]);
  return measure(columns_.at(static_cast<std::size_t>(col - fixedColumns())), p);
}

// One cell of a finished run: empty where the run has no such measure (a policy that plans
// nothing, a run without faults in a scenario where others have some, ...).
QVariant ResultsModel::measure(Column column, const experiment::RunPoint& p) const {
  if (column == Column::kCores) return p.config.cores;
  const auto mine = measures_.find(p.index);
  if (mine == measures_.end()) return column == Column::kMakespan ? QVariant("…") : QVariant();
  const experiment::RunMeasures& m = mine->second;
  const auto number = [](double v, char format, int precision) {
    return QVariant(QString::number(v, format, precision));
  };
  switch (column) {
    case Column::kCores:
      break;
    case Column::kMakespan:
      return number(m.makespan, 'g', 8);
    case Column::kSpeedupFaultFree: {  // (against the 1-core run without faults)
      const auto clean = measures_.find(p.clean_baseline);
      if (!p.config.faults.in_use() || clean == measures_.end() || m.makespan <= 0) return {};
      return number(clean->second.makespan / m.makespan, 'f', 3);
    }
    case Column::kSpeedup:
    case Column::kEfficiency: {
      const auto base = measures_.find(p.baseline);
      if (base == measures_.end() || m.makespan <= 0) return {};
      const double speedup = base->second.makespan / m.makespan;
      return column == Column::kSpeedup ? number(speedup, 'f', 3)
                                        : number(speedup / p.config.cores, 'f', 4);
    }
    case Column::kUtilisation:
      return number(m.utilisation, 'f', 4);
    case Column::kEnergy:
      return p.config.has_power ? number(m.energy_j, 'g', 8) : QVariant();
    case Column::kSteals:
      return p.config.policy == "work_stealing" ? QVariant(static_cast<qulonglong>(m.steals))
                                                : QVariant();
    case Column::kBytesMoved:  // (between cores: what a locality-aware policy saves)
      return p.config.network != "ideal" ? number(m.bytes_moved, 'g', 6) : QVariant();
    case Column::kLocalDispatches:  // (of all the run's tasks: the share that stayed local)
      return p.config.policy == "locality"
                 ? QVariant(QString("%1 of %2")
                                .arg(m.local_dispatches)
                                .arg(m.local_dispatches + m.remote_dispatches))
                 : QVariant();
    case Column::kFailures:
      return p.config.faults.active() ? QVariant(static_cast<qulonglong>(m.failures)) : QVariant();
    case Column::kLostWork:
      return p.config.faults.active() ? number(m.lost_work, 'g', 8) : QVariant();
    case Column::kCheckpointTime:
      return p.config.faults.checkpoints.active() ? number(m.checkpoint_time, 'g', 8) : QVariant();
    case Column::kMaxLink:
      return p.config.network == "flow" ? number(m.max_link_utilisation, 'f', 4) : QVariant();
    case Column::kPlanned:
      return std::isnan(m.planned_makespan) ? QVariant() : number(m.planned_makespan, 'g', 8);
  }
  return {};
}

QString ResultsModel::toCsv() const {
  QString out;
  for (int c = 0; c < columnCount(); ++c)
    out += (c ? "," : "") + headerData(c, Qt::Horizontal, Qt::DisplayRole).toString();
  out += '\n';
  for (int r = 0; r < rowCount(); ++r) {
    for (int c = 0; c < columnCount(); ++c) {
      QString v = data(index(r, c), Qt::DisplayRole).toString();
      if (v == "…") v.clear();
      if (v.contains(',') || v.contains('"')) v = '"' + v.replace("\"", "\"\"") + '"';
      out += (c ? "," : "") + v;
    }
    out += '\n';
  }
  return out;
}

}  // namespace pelsim::gui
