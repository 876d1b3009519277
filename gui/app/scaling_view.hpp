// The scaling charts of a finished batch: speedup, efficiency, makespan, utilisation and
// energy against cores.
#pragma once

#include <QtCharts/QChartView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QWidget>

#include "pelsim/gui/scaling_plot.hpp"

namespace pelsim::gui {

/// Chart views in two rows (speedup, efficiency, makespan; utilisation, and energy when the
/// scenario has a power model), drawn by the same make_scaling_chart() as the headless
/// plots, under the same key (scaling_key()); chartView(i) is the i-th of them in that order,
/// the energy one hidden without energies. Hovering a
/// measured point (within kHoverRadius pixels of its marker) shows a tooltip with its curve, core
/// count and values; anywhere else shows none.
class ScalingView : public QWidget {
  Q_OBJECT
 public:
  /// How far from a point's centre, in pixels, hovering still shows it.
  static constexpr double kHoverRadius = 8;

  explicit ScalingView(QWidget* parent = nullptr);

  void setFigure(ScalingFigure figure);
  const ScalingFigure& figure() const { return figure_; }
  QChartView* chartView(int i) const { return views_[i]; }
  /// The line above the charts saying what their lines stand for (empty without curves).
  QString keyText() const { return key_->text(); }
  /// What hovering `at` (viewport coordinates of chart view `i`) shows: the values of the
  /// measured point nearest on screen within kHoverRadius, or an empty string.
  QString hoverText(int i, QPointF at) const;

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  ScalingFigure figure_;
  QLabel* key_ = nullptr;
  static constexpr int kCharts = 5;
  QChartView* views_[kCharts] = {};
};

}  // namespace pelsim::gui
