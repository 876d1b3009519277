// pelsim-gui: the Qt 6 dashboard. `pelsim-gui [SCENARIO.yaml | WORKLOAD]` opens straight into it.
#include <QtWidgets/QApplication>
#include <clocale>
#include <cstdio>
#include <cstring>

#include "main_window.hpp"

int main(int argc, char** argv) {
  // --help before the application exists: it needs no display.
  for (int i = 1; i < argc; ++i)
    if (std::strcmp(argv[i], "-h") == 0 || std::strcmp(argv[i], "--help") == 0) {
      std::printf(
          "Usage: pelsim-gui [FILE]\n"
          "The pelsim dashboard: edit and run a scenario, see its scaling curves, results,\n"
          "Gantt chart, links and the policy's decisions step by step.\n"
          "  FILE  a scenario (.yaml) to open, or a workload (DOT, WfCommons JSON, DAX, STG)\n"
          "        to explore in a new scenario\n"
          "Headless runs and plots: pelsim run SCENARIO.yaml (see pelsim --help).\n");
      return 0;
    }
  QApplication app(argc, argv);  // (takes Qt's own options, e.g. -platform, out of argv)
  // QApplication sets the user's locale for the C library too: in a German or French one,
  // printf and strtod would write and read "0,5", and the results' CSV and JSON files, the
  // journal and the readers would break. Numbers in C functions stay in the "C" locale (Qt
  // formats what it shows through QLocale, unaffected), as Qt's documentation advises.
  std::setlocale(LC_NUMERIC, "C");
  QApplication::setApplicationName("pelsim-gui");
  QApplication::setOrganizationName("pelsim");
  const QStringList args = QApplication::arguments();
  if (args.size() > 2) {
    std::fprintf(stderr, "pelsim-gui: error: one file at most (see pelsim-gui --help)\n");
    return 2;
  }
  pelsim::gui::MainWindow window;
  if (args.size() > 1) window.openFile(args.at(1));
  window.show();
  return QApplication::exec();
}
