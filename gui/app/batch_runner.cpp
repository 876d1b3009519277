#include "batch_runner.hpp"

#include <QtCore/QMetaObject>
#include <exception>

namespace pelsim::gui {

BatchRunner::BatchRunner(QObject* parent) : QObject(parent) {}

BatchRunner::~BatchRunner() {
  stop_ = true;
  join();
}

void BatchRunner::join() {
  if (worker_.joinable()) worker_.join();
}

bool BatchRunner::start(std::shared_ptr<const experiment::Scenario> scenario,
                        const QString& out_dir, unsigned jobs) {
  if (running_) return false;
  join();
  running_ = true;
  stop_ = false;
  worker_ = std::thread([this, scenario, dir = out_dir.toStdString(), jobs] {
    experiment::BatchOptions options;
    options.out_dir = dir;
    options.jobs = jobs;
    options.stop = &stop_;
    options.on_progress = [this](const experiment::BatchProgress& p) {
      QMetaObject::invokeMethod(
          this,
          [this, p] {
            emit pointFinished(p.run, p.measures, static_cast<int>(p.done),
                               static_cast<int>(p.total), p.eta_s);
          },
          Qt::QueuedConnection);
    };
    try {
      experiment::BatchResult r = experiment::run_batch(*scenario, options);
      QMetaObject::invokeMethod(
          this,
          [this, r = std::move(r)]() mutable {
            running_ = false;
            result = std::move(r);
            emit finished(result.interrupted);
          },
          Qt::QueuedConnection);
    } catch (const std::exception& e) {
      const QString message = QString::fromStdString(e.what());
      QMetaObject::invokeMethod(
          this,
          [this, message] {
            running_ = false;
            emit failed(message);
          },
          Qt::QueuedConnection);
    }
  });
  return true;
}

}  // namespace pelsim::gui
