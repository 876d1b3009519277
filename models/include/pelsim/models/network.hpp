// Network models without contention: `ideal` and `latency_bandwidth`.
#pragma once

#include <string>
#include <vector>

namespace pelsim::models {

/// A contention-free network between cores. `ideal`: every transfer is free.
/// `latency_bandwidth`: a transfer of X bytes between two different cores takes L + X/B
/// seconds, starts when its producer finishes (or when its consumer is mapped, if later),
/// overlaps computation and uses no core. Between tasks on the same core, and for 0-byte
/// edges (pure precedences), transfers cost nothing. Reference: the "fatpipe" model of
/// SimGrid (see docs/models/network.md). Cost: O(1) per transfer.
class NetworkModel {
 public:
  enum class Kind { kIdeal, kLatencyBandwidth };

  static NetworkModel ideal() { return NetworkModel(Kind::kIdeal, 0.0, 0.0); }
  /// Throws InputError unless latency is finite and >= 0 and bandwidth is > 0 (may be inf).
  static NetworkModel latency_bandwidth(double latency, double bandwidth);
  /// By registered name ("ideal", "latency_bandwidth"); unknown names list the known ones.
  static NetworkModel by_name(const std::string& name, double latency, double bandwidth);

  /// Registered names with a one-line description each.
  struct Info {
    std::string name;
    std::string description;
  };
  static const std::vector<Info>& known();

  Kind kind() const { return kind_; }
  std::string name() const;
  double latency() const { return latency_; }
  double bandwidth() const { return bandwidth_; }

  /// Seconds to move `bytes` between two different cores (0 bytes: a pure precedence).
  double transfer_time(double bytes) const {
    if (kind_ == Kind::kIdeal || bytes <= 0) return 0.0;
    return latency_ + bytes / bandwidth_;
  }

 private:
  NetworkModel(Kind kind, double latency, double bandwidth)
      : kind_(kind), latency_(latency), bandwidth_(bandwidth) {}

  Kind kind_;
  double latency_;
  double bandwidth_;
};

}  // namespace pelsim::models
