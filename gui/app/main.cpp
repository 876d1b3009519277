// pelsim-gui: the Qt 6 dashboard. `pelsim-gui [SCENARIO.yaml | WORKLOAD]` opens straight into it.
#include <QtWidgets/QApplication>

#include "main_window.hpp"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setApplicationName("pelsim-gui");
  QApplication::setOrganizationName("pelsim");
  pelsim::gui::MainWindow window;
  const QStringList args = QApplication::arguments();
  if (args.size() > 1) window.openFile(args.at(1));
  window.show();
  return QApplication::exec();
}
