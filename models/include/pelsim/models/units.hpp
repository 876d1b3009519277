// Numbers with units, as people write them: 2.5GHz, 1us, 10GB/s, 64KiB.
#pragma once

#include <string>
#include <string_view>

namespace pelsim::models {

/// What a quantity measures; decides which unit suffixes are accepted.
enum class Quantity {
  kSpeed,      ///< flop/s: "2.5GHz", "1Gf", "1e9", "3GFlops"
  kTime,       ///< seconds: "1us", "2.5ms", "1e-6", "3s", "1min", "2h"
  kBandwidth,  ///< bytes/s: "10GB/s", "1GBps", "100Mbps" (bits, /8), "1e9"
  kBytes,      ///< bytes: "64KiB", "1MB", "8Gb" (bits, /8), "1e6"
  kWork,       ///< flops: "2Gflop", "1Gf", "1e9"
  kPower,      ///< watts: "150W", "1.5kW", "95"
};

/// Parses `text` as a non-negative finite number with an optional SI (k M G T P E, and m u n p
/// for times) or binary (Ki Mi Gi Ti Pi) prefix and a unit suffix that fits `kind`. A plain
/// number is taken in the base unit. Throws InputError("bad <kind> '<text>': <why>") without
/// a file; callers add the location. Examples: parse_quantity("2.5GHz", kSpeed) == 2.5e9,
/// parse_quantity("64KiB", kBytes) == 65536, parse_quantity("1us", kTime) == 1e-6.
double parse_quantity(std::string_view text, Quantity kind);

/// Human name of a quantity kind ("speed", "time", ...), for messages.
std::string quantity_name(Quantity kind);

}  // namespace pelsim::models
