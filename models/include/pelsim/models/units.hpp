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

/// Parses `text` exactly as SimGrid reads a value in a platform file (xbt_parse_units.cpp:
/// xbt_parse_get_speed, _get_bandwidth, _get_time, surf_parse_get_size), for kSpeed,
/// kBandwidth, kTime and kBytes (other kinds throw). A number, then one of SimGrid's units,
/// written with no blank in between:
///   speed      f, and kf Mf Gf Tf Pf Ef Zf Yf (x1000 each); flops, kiloflops megaflops
///              gigaflops teraflops petaflops exaflops zetaflops yottaflops
///   bandwidth  Bps (bytes/s) or bps (bits/s = Bps / 8), with k M G T P E Z Y (x1000 each) or
///              Ki Mi Gi Ti Pi Ei Zi Yi (x1024 each): "125MBps", "10Gbps", "1KiBps"
///   bytes      B or b (bits), with the same prefixes
///   time       s, ms, us, ns, ps, m (minute), h, d, w (week)
/// A plain number is taken in f, Bps, B or s (SimGrid warns but accepts it). No other spelling
/// is accepted: SimGrid writes kilo as "k" (not "K") and has no "GFlops", "GB/s" or "µs".
/// The prefix factors are built as SimGrid builds them (1000 multiplied n times), so the values
/// are SimGrid's to the last bit. Throws InputError("bad <kind> '<text>': <why>") without a
/// file, for a value that is not a finite number >= 0 or an unknown unit.
double parse_simgrid_quantity(std::string_view text, Quantity kind);

/// Human name of a quantity kind ("speed", "time", ...), for messages.
std::string quantity_name(Quantity kind);

}  // namespace pelsim::models
