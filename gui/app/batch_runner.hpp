// Runs a scenario's batch on a worker thread and reports to the UI with queued signals.
#pragma once

#include <QtCore/QObject>
#include <QtCore/QString>
#include <atomic>
#include <memory>
#include <thread>

#include "pelsim/experiment/batch.hpp"

namespace pelsim::gui {

/// Owns one background batch at a time. start() returns at once; pointFinished() arrives for
/// every run as it ends, then finished() (or failed()). cancel() asks the batch to stop after
/// the runs in progress; finished() then reports `interrupted`. Signals are delivered on the
/// thread that owns this object (the UI thread), never concurrently.
class BatchRunner : public QObject {
  Q_OBJECT
 public:
  explicit BatchRunner(QObject* parent = nullptr);
  ~BatchRunner() override;

  /// Starts the batch; false if one is already running.
  bool start(std::shared_ptr<const experiment::Scenario> scenario, const QString& out_dir,
             unsigned jobs);
  void cancel() { stop_ = true; }
  bool running() const { return running_; }

 signals:
  /// A run's measures (what results.csv gets), `done` of `total` runs, about `eta_s` left.
  void pointFinished(qulonglong run, const pelsim::experiment::RunMeasures& measures, int done,
                     int total, double eta_s);
  void finished(bool interrupted);
  void failed(const QString& message);

 private:
  void join();

  std::thread worker_;
  std::atomic<bool> stop_{false};
  bool running_ = false;

 public:
  /// The last completed batch (valid after finished(false)).
  experiment::BatchResult result;
};

}  // namespace pelsim::gui
