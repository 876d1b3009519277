// The scaling charts of a finished batch: speedup, efficiency and makespan against cores.
#pragma once

#include <QtCharts/QChartView>
#include <QtWidgets/QWidget>

#include "pelsim/gui/scaling_plot.hpp"

namespace pelsim::gui {

/// Three chart views side by side (speedup, efficiency, makespan), drawn by the same
/// make_scaling_chart() as the headless plots. Hovering a measured point shows its curve,
/// core count and values.
class ScalingView : public QWidget {
  Q_OBJECT
 public:
  explicit ScalingView(QWidget* parent = nullptr);

  void setFigure(ScalingFigure figure);
  const ScalingFigure& figure() const { return figure_; }
  QChartView* chartView(int i) const { return views_[i]; }

 private:
  void connectHover(QChart* chart);

  ScalingFigure figure_;
  QChartView* views_[3] = {};
};

}  // namespace pelsim::gui
