#include "scenario_editor.hpp"

#include <QtGui/QFontDatabase>
#include <QtGui/QSyntaxHighlighter>
#include <QtGui/QTextCharFormat>
#include <QtCore/QRegularExpression>
#include <QtWidgets/QVBoxLayout>

#include "pelsim/models/error.hpp"

namespace pelsim::gui {

namespace {

// Keys, comments, numbers with units and list/map punctuation of YAML.
class YamlHighlighter : public QSyntaxHighlighter {
 public:
  explicit YamlHighlighter(QTextDocument* doc) : QSyntaxHighlighter(doc) {
    key_.setForeground(QColor(0x00, 0x55, 0xAA));
    key_.setFontWeight(QFont::Bold);
    comment_.setForeground(QColor(0x70, 0x80, 0x70));
    comment_.setFontItalic(true);
    number_.setForeground(QColor(0xA0, 0x40, 0x00));
    punct_.setForeground(QColor(0x80, 0x80, 0x80));
  }

 protected:
  void highlightBlock(const QString& text) override {
    static const QRegularExpression key(R"(([A-Za-z_][\w.]*)\s*:(?=\s|$))");
    static const QRegularExpression number(R"((?<![\w.])[-+]?\d+(\.\d+)?([eE][-+]?\d+)?[A-Za-z/]*)");
    static const QRegularExpression punct(R"([\[\]{},-])");
    for (auto m = punct.globalMatch(text); m.hasNext();) {
      const auto h = m.next();
      setFormat(static_cast<int>(h.capturedStart()), static_cast<int>(h.capturedLength()), punct_);
    }
    for (auto m = number.globalMatch(text); m.hasNext();) {
      const auto h = m.next();
      setFormat(static_cast<int>(h.capturedStart()), static_cast<int>(h.capturedLength()), number_);
    }
    for (auto m = key.globalMatch(text); m.hasNext();) {
      const auto h = m.next();
      setFormat(static_cast<int>(h.capturedStart(1)), static_cast<int>(h.capturedLength(1)), key_);
    }
    const auto hash = text.indexOf('#');
    if (hash >= 0 && (hash == 0 || text[hash - 1].isSpace()))
      setFormat(static_cast<int>(hash), static_cast<int>(text.size() - hash), comment_);
  }

 private:
  QTextCharFormat key_, comment_, number_, punct_;
};

}  // namespace

ScenarioEditor::ScenarioEditor(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  edit_ = new QPlainTextEdit(this);
  edit_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  edit_->setLineWrapMode(QPlainTextEdit::NoWrap);
  new YamlHighlighter(edit_->document());
  error_ = new QLabel(this);
  error_->setWordWrap(true);
  error_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  layout->addWidget(edit_, 1);
  layout->addWidget(error_);
  timer_.setSingleShot(true);
  timer_.setInterval(500);
  connect(&timer_, &QTimer::timeout, this, &ScenarioEditor::validateNow);
  connect(edit_, &QPlainTextEdit::textChanged, this, [this] { timer_.start(); });
}

void ScenarioEditor::setDocument(const QString& path, const QString& text) {
  path_ = path;
  edit_->setPlainText(text);
  validateNow();
}

void ScenarioEditor::validateNow() {
  timer_.stop();
  QList<QTextEdit::ExtraSelection> marks;
  try {
    scenario_ = std::make_shared<const experiment::Scenario>(
        experiment::parse_scenario(path_.toStdString(), text().toStdString()));
    const std::size_t runs = scenario_->row_count(), curves = scenario_->curve_labels.size();
    QString text = QString("valid: %1 run%2, %3 curve%4")
                       .arg(runs)
                       .arg(runs == 1 ? "" : "s")
                       .arg(curves)
                       .arg(curves == 1 ? "" : "s");
    // The workload readers' warnings (a DOT task only in edges: a misspelled name?), the
    // first 5, in amber under the green line.
    const std::vector<std::string>& warnings = scenario_->warnings;
    constexpr std::size_t kShown = 5;
    for (std::size_t i = 0; i < warnings.size() && i < kShown; ++i)
      text += "\nwarning: " + QString::fromStdString(warnings[i]);
    if (warnings.size() > kShown)
      text += QString("\n... and %1 more warnings").arg(warnings.size() - kShown);
    error_->setStyleSheet(warnings.empty() ? "color: #2a7a2a" : "color: #8a5a00");
    error_->setText(text);
  } catch (const models::InputError& e) {
    scenario_.reset();
    error_->setStyleSheet("color: #b00020");
    error_->setText(QString::fromStdString(e.what()));
    // Mark the line when the error is about this file.
    if (e.line() > 0 && QString::fromStdString(e.file()) == path_) {
      QTextEdit::ExtraSelection mark;
      mark.format.setBackground(QColor(255, 225, 225));
      mark.format.setProperty(QTextFormat::FullWidthSelection, true);
      mark.cursor = QTextCursor(edit_->document()->findBlockByNumber(static_cast<int>(e.line()) - 1));
      marks.push_back(mark);
    }
  }
  edit_->setExtraSelections(marks);
  emit validated(scenario_ != nullptr);
}

}  // namespace pelsim::gui
