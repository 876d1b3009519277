#include "results_model.hpp"

#include <cmath>

#include "pelsim/models/policy.hpp"

namespace pelsim::gui {

ResultsModel::ResultsModel(QObject* parent) : QAbstractTableModel(parent) {}

void ResultsModel::setScenario(std::shared_ptr<const experiment::Scenario> scenario) {
  beginResetModel();
  scenario_ = std::move(scenario);
  rows_.clear();
  makespan_.clear();
  max_link_.clear();
  planned_.clear();
  has_links_ = false;
  has_plans_ = false;
  row_of_run_.assign(scenario_ ? scenario_->points.size() : 0, -1);
  rows_by_baseline_.assign(row_of_run_.size(), {});
  if (scenario_)
    for (const auto& p : scenario_->points) {
      has_links_ = has_links_ || p.config.network == "flow";
      has_plans_ = has_plans_ ||
                   models::PolicyRegistry::builtin().find(p.config.policy).estimates_makespan;
      if (!p.reference) {
        row_of_run_[p.index] = static_cast<int>(rows_.size());
        rows_by_baseline_[p.baseline].push_back(static_cast<int>(rows_.size()));
        rows_.push_back(p.index);
      }
    }
  endResetModel();
}

void ResultsModel::setMakespan(std::size_t run, double makespan, double max_link_utilisation,
                               double planned_makespan) {
  if (!scenario_ || run >= row_of_run_.size()) return;
  makespan_[run] = makespan;
  max_link_[run] = max_link_utilisation;
  planned_[run] = planned_makespan;
  // This run's row, and every row whose 1-core baseline it is, may change.
  auto changed = [this](int row) { emit dataChanged(index(row, 0), index(row, columnCount() - 1)); };
  if (row_of_run_[run] >= 0) changed(row_of_run_[run]);
  for (int row : rows_by_baseline_[run]) changed(row);
}

int ResultsModel::finishedRows() const {
  int n = 0;
  for (std::size_t run : rows_) n += makespan_.count(run) ? 1 : 0;
  return n;
}

int ResultsModel::fixedColumns() const {
  return 1 + (scenario_ ? static_cast<int>(scenario_->sweep_columns.size()) : 0);
}

int ResultsModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int ResultsModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : fixedColumns() + trailingColumns();
}

QVariant ResultsModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (role != Qt::DisplayRole || orientation != Qt::Horizontal) return {};
  if (section == 0) return "run";
  if (section < fixedColumns())
    return QString::fromStdString(scenario_->sweep_columns[static_cast<std::size_t>(section - 1)]);
  static const char* kNames[] = {"cores", "makespan (s)", "speedup", "efficiency",
                                 "max link utilisation", "planned makespan (s)"};
  const int k = section - fixedColumns();
  return kNames[k == 4 && !has_links_ ? 5 : k];
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
  const int k = col - fixedColumns();
  if (k == 0) return p.config.cores;
  const auto mine = makespan_.find(p.index);
  if (mine == makespan_.end()) return k == 1 ? QVariant("…") : QVariant();
  if (k == 1) return QString::number(mine->second, 'g', 8);
  if (k == 4 && has_links_) return QString::number(max_link_.at(p.index), 'f', 4);
  if (k >= 4) {  // the planned makespan: empty for a policy that plans nothing
    const double planned = planned_.at(p.index);
    return std::isnan(planned) ? QVariant() : QVariant(QString::number(planned, 'g', 8));
  }
  const auto base = makespan_.find(p.baseline);
  if (base == makespan_.end() || mine->second <= 0) return {};
  const double speedup = base->second / mine->second;
  return QString::number(k == 2 ? speedup : speedup / p.config.cores, 'f', k == 2 ? 3 : 4);
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
