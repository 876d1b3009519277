#include "pelsim/models/units.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <string>
#include <vector>

#include "pelsim/models/error.hpp"

namespace pelsim::models {
namespace {

struct Prefix {
  std::string_view text;
  double factor;
};

// Longest first so "Ki" wins over "K".
constexpr std::array<Prefix, 20> kPrefixes{{{"Ki", 1024.0},
                                            {"Mi", 1048576.0},
                                            {"Gi", 1073741824.0},
                                            {"Ti", 1099511627776.0},
                                            {"Pi", 1125899906842624.0},
                                            {"k", 1e3},
                                            {"K", 1e3},
                                            {"M", 1e6},
                                            {"G", 1e9},
                                            {"T", 1e12},
                                            {"P", 1e15},
                                            {"E", 1e18},
                                            {"m", 1e-3},
                                            {"u", 1e-6},
                                            {"\xC2\xB5", 1e-6},  // µ
                                            {"n", 1e-9},
                                            {"p", 1e-12},
                                            {"f", 1e-15},
                                            {"", 1.0},
                                            {"", 1.0}}};

struct Unit {
  std::string_view text;
  double factor;  // multiplies the prefixed value
};

// Base units per kind; "" is the bare base unit (a prefix alone, e.g. "2G" flop/s).
constexpr std::array<Unit, 8> kSpeedUnits{{{"Hz", 1}, {"flops", 1}, {"Flops", 1}, {"flop/s", 1},
                                           {"f/s", 1}, {"f", 1}, {"", 1}, {"", 1}}};
constexpr std::array<Unit, 8> kTimeUnits{
    {{"s", 1}, {"sec", 1}, {"min", 60}, {"h", 3600}, {"d", 86400}, {"", 1}, {"", 1}, {"", 1}}};
constexpr std::array<Unit, 8> kBandwidthUnits{{{"B/s", 1}, {"Bps", 1}, {"bps", 0.125},
                                               {"b/s", 0.125}, {"", 1}, {"", 1}, {"", 1}, {"", 1}}};
constexpr std::array<Unit, 8> kBytesUnits{{{"B", 1}, {"b", 0.125}, {"bytes", 1}, {"", 1},
                                           {"", 1}, {"", 1}, {"", 1}, {"", 1}}};

constexpr std::array<Unit, 8> kWorkUnits{{{"flop", 1}, {"flops", 1}, {"Flop", 1}, {"Flops", 1},
                                          {"f", 1}, {"", 1}, {"", 1}, {"", 1}}};
constexpr std::array<Unit, 8> kPowerUnits{{{"W", 1}, {"", 1}, {"", 1}, {"", 1}, {"", 1}, {"", 1},
                                           {"", 1}, {"", 1}}};

const std::array<Unit, 8>& units_of(Quantity kind) {
  switch (kind) {
    case Quantity::kSpeed: return kSpeedUnits;
    case Quantity::kTime: return kTimeUnits;
    case Quantity::kBandwidth: return kBandwidthUnits;
    case Quantity::kBytes: return kBytesUnits;
    case Quantity::kWork: return kWorkUnits;
    case Quantity::kPower: return kPowerUnits;
  }
  return kSpeedUnits;
}

bool is_small_prefix(std::string_view p) {
  return p == "m" || p == "u" || p == "\xC2\xB5" || p == "n" || p == "p" || p == "f";
}

// The suffix `s` is prefix + unit; returns the factor, or NaN when it fits no combination.
double suffix_factor(std::string_view s, Quantity kind) {
  const auto& units = units_of(kind);
  for (const Prefix& p : kPrefixes) {
    if (s.substr(0, p.text.size()) != p.text) continue;
    std::string_view rest = s.substr(p.text.size());
    // Sub-unit prefixes only make sense for times ("1ms"), not for "1mB".
    if (is_small_prefix(p.text) && kind != Quantity::kTime) continue;
    for (const Unit& u : units) {
      if (rest != u.text) continue;
      if (u.text.empty() && p.text.empty()) return 1.0;
      if (u.text.empty() && kind == Quantity::kTime) continue;  // "2m" is ambiguous: reject
      return p.factor * u.factor;
    }
  }
  return std::nan("");
}

// The units of `kind` that `s` spells in another case ("Ghz" for "GHz", "gb/s" for "GB/s"
// and "Gb/s"), as "; did you mean 'GHz'?", or "" for none. (Case matters: B is a byte, b a
// bit, M mega and m milli, so pelsim does not guess.)
std::string case_suggestion(std::string_view s, Quantity kind) {
  auto lower = [](std::string_view v) {
    std::string out(v);
    for (char& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    return out;
  };
  const std::string wanted = lower(s);
  std::vector<std::string> found;
  for (const Prefix& p : kPrefixes) {
    if (is_small_prefix(p.text) && kind != Quantity::kTime) continue;
    for (const Unit& u : units_of(kind)) {
      if (u.text.empty()) continue;
      const std::string candidate = std::string(p.text) + std::string(u.text);
      if (lower(candidate) != wanted ||
          std::find(found.begin(), found.end(), candidate) != found.end())
        continue;
      // A prefix typed as another known one is another magnitude (mW is not MW): only the
      // unit's case is fixed then; a prefix that is none (g for G) may change case.
      const std::string_view typed = s.substr(0, p.text.size());
      const bool typed_is_a_prefix = std::ranges::any_of(
          kPrefixes, [&](const Prefix& q) { return !q.text.empty() && q.text == typed; });
      if (typed != p.text && typed_is_a_prefix) continue;
      found.push_back(candidate);
    }
  }
  if (found.empty()) return {};
  std::string text = "; did you mean '" + found[0] + "'";
  for (std::size_t i = 1; i < found.size(); ++i)
    text += (i + 1 == found.size() ? " or '" : ", '") + found[i] + "'";
  return text + "?";
}

std::string allowed_units(Quantity kind) {
  switch (kind) {
    case Quantity::kSpeed: return "e.g. 1e9, 2.5GHz, 1Gf, 3GFlops";
    case Quantity::kTime:
      return "e.g. 1e-6, 1us, 2.5ms, 3s, 1min, 2h, 1d";
    case Quantity::kBandwidth: return "e.g. 1e9, 10GB/s, 1GBps, 100Mbps";
    case Quantity::kBytes: return "e.g. 1e6, 64KiB, 1MB, 8Gb";
    case Quantity::kWork: return "e.g. 1e9, 2Gflop, 1Gf";
    case Quantity::kPower: return "e.g. 150W, 1.5kW, 95";
  }
  return {};
}

}  // namespace

std::string quantity_name(Quantity kind) {
  switch (kind) {
    case Quantity::kSpeed: return "speed";
    case Quantity::kTime: return "time";
    case Quantity::kBandwidth: return "bandwidth";
    case Quantity::kBytes: return "size";
    case Quantity::kWork: return "work";
    case Quantity::kPower: return "power";
  }
  return "quantity";
}

double parse_quantity(std::string_view text, Quantity kind) {
  auto bad = [&](const std::string& why) {
    return InputError("bad " + quantity_name(kind) + " '" + std::string(text) + "': " + why +
                      " (" + allowed_units(kind) + ")");
  };
  std::string_view s = text;
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  if (s.empty()) throw bad("empty");
  double value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec == std::errc::result_out_of_range)
    throw bad("out of the range of a double (about 2.2e-308 to 1.8e308)");
  if (ec != std::errc() || end == s.data()) throw bad("not a number");
  std::string_view suffix(end, static_cast<std::size_t>(s.data() + s.size() - end));
  while (!suffix.empty() && suffix.front() == ' ') suffix.remove_prefix(1);
  const double factor = suffix_factor(suffix, kind);
  if (std::isnan(factor))
    throw bad("unknown unit '" + std::string(suffix) + "'" + case_suggestion(suffix, kind));
  const double result = value * factor;
  if (!std::isfinite(result)) throw bad("not finite");
  if (result < 0) throw bad("negative");
  return result;
}

namespace {

// SimGrid's unit_scale (xbt_parse_units.cpp): the prefixes in order, each worth `mult` times
// the previous one, the first worth `mult` times the bare unit.
constexpr std::array<std::string_view, 8> kSgDecimal{"k", "M", "G", "T", "P", "E", "Z", "Y"};
constexpr std::array<std::string_view, 8> kSgBinary{"Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"};
constexpr std::array<std::string_view, 8> kSgDecimalWords{"kilo", "mega", "giga", "tera",
                                                          "peta", "exa",  "zeta", "yotta"};

// The factor of `prefix` + unit when the bare unit is worth `base`, or NaN when `prefix` is
// not in `prefixes`. Computed by repeated multiplication, as SimGrid does.
double sg_prefixed(std::string_view prefix, double base, double mult,
                   const std::array<std::string_view, 8>& prefixes) {
  if (prefix.empty()) return base;
  double value = base;
  for (const std::string_view p : prefixes) {
    value *= mult;
    if (p == prefix) return value;
  }
  return std::nan("");
}

// Decimal or binary prefix before a unit worth `base` (bandwidth and sizes).
double sg_byte_factor(std::string_view prefix, double base) {
  const double decimal = sg_prefixed(prefix, base, 1000.0, kSgDecimal);
  return std::isnan(decimal) ? sg_prefixed(prefix, base, 1024.0, kSgBinary) : decimal;
}

bool ends_with(std::string_view s, std::string_view end) {
  return s.size() >= end.size() && s.substr(s.size() - end.size()) == end;
}

// The factor of SimGrid unit `unit` for `kind`, or NaN when SimGrid does not know it.
double sg_unit_factor(std::string_view unit, Quantity kind) {
  const auto before = [&](std::string_view end) {
    return unit.substr(0, unit.size() - end.size());
  };
  switch (kind) {
    case Quantity::kSpeed:
      if (ends_with(unit, "flops")) return sg_prefixed(before("flops"), 1, 1000.0, kSgDecimalWords);
      if (ends_with(unit, "f")) return sg_prefixed(before("f"), 1, 1000.0, kSgDecimal);
      return std::nan("");
    case Quantity::kBandwidth:
      if (ends_with(unit, "Bps")) return sg_byte_factor(before("Bps"), 1.0);
      if (ends_with(unit, "bps")) return sg_byte_factor(before("bps"), 0.125);
      return std::nan("");
    case Quantity::kBytes:
      if (ends_with(unit, "B")) return sg_byte_factor(before("B"), 1.0);
      if (ends_with(unit, "b")) return sg_byte_factor(before("b"), 0.125);
      return std::nan("");
    case Quantity::kTime: {
      struct TimeUnit {
        std::string_view text;
        double factor;
      };
      static constexpr std::array<TimeUnit, 9> kTimes{{{"w", 7 * 24 * 60 * 60},
                                                       {"d", 24 * 60 * 60},
                                                       {"h", 60 * 60},
                                                       {"m", 60},
                                                       {"s", 1.0},
                                                       {"ms", 1e-3},
                                                       {"us", 1e-6},
                                                       {"ns", 1e-9},
                                                       {"ps", 1e-12}}};
      for (const TimeUnit& u : kTimes)
        if (u.text == unit) return u.factor;
      return std::nan("");
    }
    case Quantity::kWork:
    case Quantity::kPower:
      break;
  }
  return std::nan("");
}

const char* sg_default_unit(Quantity kind) {
  switch (kind) {
    case Quantity::kSpeed:
      return "f";
    case Quantity::kBandwidth:
      return "Bps";
    case Quantity::kBytes:
      return "B";
    case Quantity::kTime:
      return "s";
    case Quantity::kWork:
    case Quantity::kPower:
      break;
  }
  return "";
}

std::string sg_allowed_units(Quantity kind) {
  switch (kind) {
    case Quantity::kSpeed:
      return "SimGrid units: f, kf, Mf, Gf, ..., flops, megaflops, ...";
    case Quantity::kBandwidth:
      return "SimGrid units: Bps, kBps, MBps, GBps, KiBps, MiBps, ..., bps (bits), Mbps, Gbps, ...";
    case Quantity::kBytes:
      return "SimGrid units: B, kB, MB, KiB, MiB, ..., b (bits), kb, ...";
    case Quantity::kTime:
      return "SimGrid units: s, ms, us, ns, ps, m, h, d, w";
    case Quantity::kWork:
    case Quantity::kPower:
      break;
  }
  return {};
}

}  // namespace

double parse_simgrid_quantity(std::string_view text, Quantity kind) {
  auto bad = [&](const std::string& why) {
    return InputError("bad " + quantity_name(kind) + " '" + std::string(text) + "': " + why + " (" +
                      sg_allowed_units(kind) + ")");
  };
  if (kind == Quantity::kWork || kind == Quantity::kPower)
    throw InputError("SimGrid platform files have no " + quantity_name(kind) + " values");
  std::string_view s = text;
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  if (s.empty()) throw bad("empty");
  double value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec == std::errc::result_out_of_range)
    throw bad("out of the range of a double (about 2.2e-308 to 1.8e308)");
  if (ec != std::errc() || end == s.data()) throw bad("not a number");
  std::string_view unit(end, static_cast<std::size_t>(s.data() + s.size() - end));
  if (unit.empty()) unit = sg_default_unit(kind);
  const double factor = sg_unit_factor(unit, kind);
  if (std::isnan(factor)) throw bad("unknown unit '" + std::string(unit) + "'");
  const double result = value * factor;
  if (!std::isfinite(result)) throw bad("not finite");
  if (result < 0) throw bad("negative");
  return result;
}

}  // namespace pelsim::models
