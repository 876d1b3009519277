#include "pelsim/gui/scaling_plot.hpp"

#include <QtCore/QFileInfo>
#include <QtGui/QFontMetrics>
#include <QtGui/QImage>
#include <QtGui/QPainter>
#include <QtGui/QPen>
#include <QtSvg/QSvgGenerator>
#include <QtWidgets/QApplication>
#include <QtWidgets/QGraphicsScene>
#include <QtWidgets/QGraphicsSimpleTextItem>
#include <QtWidgets/QGraphicsTextItem>
#include <algorithm>
#include <memory>
#include <stdexcept>
#include <vector>

#include "pelsim/gui/scaling_chart.hpp"

namespace pelsim::gui {

namespace {

constexpr int kChartWidth = 640;
constexpr int kChartHeight = 480;
constexpr int kTitleHeight = 56;  // one line of title and the key under it
constexpr int kLegendRow = 22;  // the height of one row of the legend

// Library code does not print: Qt's informational chatter (e.g. about XDG_RUNTIME_DIR on a
// headless machine) is dropped; critical and fatal messages still reach stderr.
void quiet_messages(QtMsgType type, const QMessageLogContext& context, const QString& text) {
  if (type == QtCriticalMsg || type == QtFatalMsg) qt_message_output(type, context, text);
}

// A Qt application for headless drawing, created once when the process has none.
void ensure_application() {
  if (QCoreApplication::instance() != nullptr) return;
  qInstallMessageHandler(quiet_messages);
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  static int argc = 1;
  static char name[] = "pelsim";
  static char* argv[] = {name, nullptr};
  static QApplication app(argc, argv);
}

// The charts two by two under a title (speedup and efficiency, makespan and utilisation, then
// energy when the scenario has a power model), the legend below them.
class FigureScene {
 public:
  explicit FigureScene(const ScalingFigure& figure) {
    // The title wraps at the figure's width (a long scenario description takes two lines or
    // more); the key and the charts move down by the extra lines.
    auto* title = scene_.addText(QString::fromStdString(figure.title));
    QFont font = title->font();
    font.setPointSize(13);
    font.setBold(true);
    title->setFont(font);
    title->setTextWidth(width() - 24);
    title->setPos(8, 0);
    const int extra = std::max(
        0, static_cast<int>(title->boundingRect().height()) - QFontMetrics(font).lineSpacing() - 8);
    const int top = kTitleHeight + extra;
    auto* key = scene_.addSimpleText(scaling_key(figure));
    key->setBrush(QColor(90, 90, 90));
    key->setPos(12, 32 + extra);
    std::vector<ScalingMetric> metrics = {ScalingMetric::kSpeedup, ScalingMetric::kEfficiency,
                                          ScalingMetric::kMakespan, ScalingMetric::kUtilisation};
    if (has_energy(figure)) metrics.push_back(ScalingMetric::kEnergy);
    for (std::size_t i = 0; i < metrics.size(); ++i) {
      QChart* chart = make_scaling_chart(figure, metrics[i]);
      chart->legend()->setVisible(false);  // one legend for all, below
      chart->setGeometry(static_cast<qreal>(i % 2) * kChartWidth,
                         top + static_cast<qreal>(i / 2) * kChartHeight, kChartWidth, kChartHeight);
      scene_.addItem(chart);  // the scene owns it
    }
    const int charts_height = static_cast<int>((metrics.size() + 1) / 2) * kChartHeight;
    height_ = top + charts_height + add_legend(figure, top + charts_height);
    scene_.setSceneRect(0, 0, width(), height_);
    scene_.setBackgroundBrush(Qt::white);
  }

  void render(QPainter& painter) {
    painter.setRenderHint(QPainter::Antialiasing);
    scene_.render(&painter, QRectF(0, 0, width(), height()), scene_.sceneRect());
  }
  int width() const { return 2 * kChartWidth; }
  int height() const { return height_; }

 private:
  // The curves' legend from y = `top`, its entries (a line of the curve's colour, then its
  // whole label) placed left to right and wrapped to the figure's width (Qt's own legends,
  // one row under each chart, elide long labels). Returns its height.
  int add_legend(const ScalingFigure& figure, int top) {
    constexpr int kMargin = 16, kSwatch = 22, kGap = 18;
    int x = kMargin, y = top + 4;
    auto place = [&](QGraphicsSimpleTextItem* text, int before) {
      const int w = before + static_cast<int>(text->boundingRect().width());
      if (x > kMargin && x + w > width() - kMargin) {
        x = kMargin;
        y += kLegendRow;
      }
      text->setPos(x + before, y);
      x += w + kGap;
    };
    if (!figure.legend_title.empty()) {
      auto* heading = scene_.addSimpleText(QString::fromStdString(figure.legend_title));
      QFont font = heading->font();
      font.setBold(true);
      heading->setFont(font);
      place(heading, 0);
    }
    for (std::size_t i = 0; i < figure.curves.size(); ++i) {
      auto* text = scene_.addSimpleText(QString::fromStdString(figure.curves[i].label));
      place(text, kSwatch + 6);
      QPen pen(curve_color(i));
      pen.setWidthF(2.5);
      const double mid = text->pos().y() + text->boundingRect().height() / 2;
      scene_.addLine(text->pos().x() - kSwatch - 6, mid, text->pos().x() - 6, mid, pen);
    }
    return y + kLegendRow + 8 - top;
  }

  QGraphicsScene scene_;
  int height_ = 0;
};

}  // namespace

void name_curves_by_values(ScalingFigure& figure, const std::vector<std::string>& columns) {
  if (columns.empty()) return;
  // Each label must be "c0=..., c1=..., ..." with the columns in order.
  std::vector<std::vector<std::string>> values;
  for (const auto& c : figure.curves) {
    std::vector<std::string> v;
    std::size_t at = 0;
    for (std::size_t k = 0; k < columns.size(); ++k) {
      const std::string key = (k == 0 ? "" : ", ") + columns[k] + "=";
      if (c.label.compare(at, key.size(), key) != 0) return;
      const std::size_t start = at + key.size();
      at = k + 1 < columns.size() ? c.label.find(", " + columns[k + 1] + "=", start)
                                  : c.label.size();
      if (at == std::string::npos) return;
      v.push_back(c.label.substr(start, at - start));
    }
    values.push_back(std::move(v));
  }
  // Each parameter by the last part of its path, unless two parameters would share it.
  std::vector<std::string> shown;
  for (const std::string& c : columns) shown.push_back(c.substr(c.rfind('.') + 1));
  for (std::size_t a = 0; a < shown.size(); ++a)
    for (std::size_t b = a + 1; b < shown.size(); ++b)
      if (shown[a] == shown[b]) shown = columns;
  auto last_part = [&](const std::string& path) {
    for (std::size_t k = 0; k < columns.size(); ++k)
      if (columns[k] == path) return shown[k];
    return path;
  };
  if (columns.size() == 1) figure.legend_title = last_part(columns[0]) + ":";
  for (std::size_t i = 0; i < figure.curves.size(); ++i) {
    std::string label;
    for (std::size_t k = 0; k < columns.size(); ++k)
      label += columns.size() == 1
                   ? values[i][k]
                   : (k == 0 ? "" : ", ") + last_part(columns[k]) + "=" + values[i][k];
    figure.curves[i].label = label;
  }
}

void write_scaling_plots(const ScalingFigure& figure, const std::string& svg_path,
                         const std::string& png_path) {
  ensure_application();
  FigureScene scene(figure);
  if (!svg_path.empty()) {
    const QString temp = QString::fromStdString(svg_path + ".tmp");
    {
      QSvgGenerator svg;
      svg.setFileName(temp);
      svg.setSize(QSize(scene.width(), scene.height()));
      svg.setViewBox(QRect(0, 0, scene.width(), scene.height()));
      svg.setTitle(QString::fromStdString(figure.title));
      QPainter painter;
      if (!painter.begin(&svg)) throw std::runtime_error("cannot write " + svg_path);
      scene.render(painter);
      painter.end();
    }
    if (std::rename(temp.toStdString().c_str(), svg_path.c_str()) != 0)
      throw std::runtime_error("cannot write " + svg_path);
  }
  if (!png_path.empty()) {
    QImage image(scene.width() * 2, scene.height() * 2, QImage::Format_ARGB32);
    image.setDevicePixelRatio(2);
    image.fill(Qt::white);
    {
      QPainter painter(&image);
      scene.render(painter);
    }
    const QString temp = QString::fromStdString(png_path + ".tmp");
    if (!image.save(temp, "PNG") || std::rename(temp.toStdString().c_str(), png_path.c_str()) != 0)
      throw std::runtime_error("cannot write " + png_path);
  }
}

}  // namespace pelsim::gui
