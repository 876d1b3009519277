#include "pelsim/gui/scaling_plot.hpp"

#include <QtCore/QFileInfo>
#include <QtGui/QImage>
#include <QtGui/QPainter>
#include <QtSvg/QSvgGenerator>
#include <QtWidgets/QApplication>
#include <QtWidgets/QGraphicsScene>
#include <QtWidgets/QGraphicsSimpleTextItem>
#include <memory>
#include <stdexcept>

#include "pelsim/gui/scaling_chart.hpp"

namespace pelsim::gui {

namespace {

constexpr int kChartWidth = 640;
constexpr int kChartHeight = 480;
constexpr int kTitleHeight = 56;

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

// The two charts side by side under a title, in a scene of kChartWidth*2 x (title + chart).
class FigureScene {
 public:
  explicit FigureScene(const ScalingFigure& figure) {
    auto* title = scene_.addSimpleText(QString::fromStdString(figure.title));
    QFont font = title->font();
    font.setPointSize(13);
    font.setBold(true);
    title->setFont(font);
    title->setPos(12, 6);
    auto* key = scene_.addSimpleText(
        "solid: measured (mean over repetitions)   dotted: best possible, T1 / max(critical "
        "path, work / p)   dashed: fitted Amdahl law   grey: ideal");
    key->setBrush(QColor(90, 90, 90));
    key->setPos(12, 32);
    const ScalingMetric metrics[] = {ScalingMetric::kSpeedup, ScalingMetric::kEfficiency};
    for (int i = 0; i < 2; ++i) {
      QChart* chart = make_scaling_chart(figure, metrics[i]);
      chart->setGeometry(i * kChartWidth, kTitleHeight, kChartWidth, kChartHeight);
      scene_.addItem(chart);  // the scene owns it
    }
    scene_.setSceneRect(0, 0, 2 * kChartWidth, kTitleHeight + kChartHeight);
    scene_.setBackgroundBrush(Qt::white);
  }

  void render(QPainter& painter) {
    painter.setRenderHint(QPainter::Antialiasing);
    scene_.render(&painter, QRectF(0, 0, width(), height()), scene_.sceneRect());
  }
  int width() const { return 2 * kChartWidth; }
  int height() const { return kTitleHeight + kChartHeight; }

 private:
  QGraphicsScene scene_;
};

}  // namespace

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
