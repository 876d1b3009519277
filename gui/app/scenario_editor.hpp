// The scenario text editor: YAML highlighting and validation as the user types.
#pragma once

#include <QtCore/QTimer>
#include <QtWidgets/QLabel>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QWidget>
#include <memory>

#include "pelsim/experiment/scenario.hpp"

namespace pelsim::gui {

/// Edits a scenario. Half a second after the last keystroke the text is parsed (workloads
/// included); an error is shown under the editor and its line is highlighted, the workload
/// readers' warnings under a valid one. scenario() is the last valid parse (null while the
/// text is invalid).
class ScenarioEditor : public QWidget {
  Q_OBJECT
 public:
  explicit ScenarioEditor(QWidget* parent = nullptr);

  /// Shows `text` as the file `path` (which names it in errors and anchors relative paths).
  void setDocument(const QString& path, const QString& text);
  QString path() const { return path_; }
  QString text() const { return edit_->toPlainText(); }
  QPlainTextEdit* editor() const { return edit_; }
  QString errorText() const { return error_->text(); }
  /// Parses now instead of waiting for the pause.
  void validateNow();
  std::shared_ptr<const experiment::Scenario> scenario() const { return scenario_; }

 signals:
  void validated(bool ok);

 private:
  QString path_;
  QPlainTextEdit* edit_;
  QLabel* error_;
  QTimer timer_;
  std::shared_ptr<const experiment::Scenario> scenario_;
};

}  // namespace pelsim::gui
