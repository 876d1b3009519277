#include "pelsim/models/units.hpp"

#include <gtest/gtest.h>

#include "pelsim/models/error.hpp"

namespace pelsim::models {
namespace {

// Expected values: SI prefixes (k = 1e3, G = 1e9, u = 1e-6), binary prefixes (Ki = 1024),
// and bits = bytes / 8.
TEST(Units, Speeds) {
  EXPECT_DOUBLE_EQ(parse_quantity("1e9", Quantity::kSpeed), 1e9);
  EXPECT_DOUBLE_EQ(parse_quantity("2.5GHz", Quantity::kSpeed), 2.5e9);
  EXPECT_DOUBLE_EQ(parse_quantity("1Gf", Quantity::kSpeed), 1e9);
  EXPECT_DOUBLE_EQ(parse_quantity("3GFlops", Quantity::kSpeed), 3e9);
  EXPECT_DOUBLE_EQ(parse_quantity("100M", Quantity::kSpeed), 1e8);
}

TEST(Units, Times) {
  EXPECT_DOUBLE_EQ(parse_quantity("1us", Quantity::kTime), 1e-6);
  EXPECT_DOUBLE_EQ(parse_quantity("2.5ms", Quantity::kTime), 2.5e-3);
  EXPECT_DOUBLE_EQ(parse_quantity("10ns", Quantity::kTime), 1e-8);
  EXPECT_DOUBLE_EQ(parse_quantity("3s", Quantity::kTime), 3);
  EXPECT_DOUBLE_EQ(parse_quantity("1min", Quantity::kTime), 60);
  EXPECT_DOUBLE_EQ(parse_quantity("2d", Quantity::kTime), 172800);  // days (MTBFs), as SimGrid
  EXPECT_DOUBLE_EQ(parse_quantity("1e-6", Quantity::kTime), 1e-6);
  EXPECT_DOUBLE_EQ(parse_quantity("0", Quantity::kTime), 0);
}

TEST(Units, BandwidthsAndSizes) {
  EXPECT_DOUBLE_EQ(parse_quantity("10GB/s", Quantity::kBandwidth), 1e10);
  EXPECT_DOUBLE_EQ(parse_quantity("1GBps", Quantity::kBandwidth), 1e9);
  EXPECT_DOUBLE_EQ(parse_quantity("100Mbps", Quantity::kBandwidth), 1.25e7);
  EXPECT_DOUBLE_EQ(parse_quantity("64KiB", Quantity::kBytes), 65536);
  EXPECT_DOUBLE_EQ(parse_quantity("1MB", Quantity::kBytes), 1e6);
  EXPECT_DOUBLE_EQ(parse_quantity("8Gb", Quantity::kBytes), 1e9);
  EXPECT_DOUBLE_EQ(parse_quantity("2MiB", Quantity::kBytes), 2097152);
}

TEST(Units, WorkAndPower) {
  EXPECT_DOUBLE_EQ(parse_quantity("2Gflop", Quantity::kWork), 2e9);
  EXPECT_DOUBLE_EQ(parse_quantity("1Gf", Quantity::kWork), 1e9);
  EXPECT_DOUBLE_EQ(parse_quantity("150W", Quantity::kPower), 150);
  EXPECT_DOUBLE_EQ(parse_quantity("1.5kW", Quantity::kPower), 1500);
  EXPECT_THROW(parse_quantity("150J", Quantity::kPower), InputError);
  EXPECT_THROW(parse_quantity("1mW", Quantity::kPower), InputError);  // sub-units are for times
}

TEST(Units, RejectsNonsenseWithAHelpfulMessage) {
  EXPECT_THROW(parse_quantity("", Quantity::kTime), InputError);
  EXPECT_THROW(parse_quantity("fast", Quantity::kSpeed), InputError);
  EXPECT_THROW(parse_quantity("-1", Quantity::kTime), InputError);
  EXPECT_THROW(parse_quantity("1e999", Quantity::kTime), InputError);
  EXPECT_THROW(parse_quantity("2m", Quantity::kTime), InputError);    // minutes or milli?
  EXPECT_THROW(parse_quantity("1GB", Quantity::kTime), InputError);   // wrong kind
  EXPECT_THROW(parse_quantity("1mB", Quantity::kBytes), InputError);  // milli-bytes
  try {
    parse_quantity("10 parsecs", Quantity::kTime);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("unknown unit 'parsecs'"), std::string::npos) << e.what();
  }
  // A unit in the wrong case is refused (B is a byte and b a bit, M mega and m milli), with
  // the units it could have meant.
  const auto message = [](const char* text, Quantity kind) {
    try {
      parse_quantity(text, kind);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_NE(message("2Ghz", Quantity::kSpeed).find("unknown unit 'Ghz'; did you mean 'GHz'?"),
            std::string::npos);
  EXPECT_NE(message("1gb/s", Quantity::kBandwidth)
                .find("unknown unit 'gb/s'; did you mean 'GB/s' or 'Gb/s'?"),
            std::string::npos)
      << message("1gb/s", Quantity::kBandwidth);
  EXPECT_NE(message("2GFLOP", Quantity::kWork).find("; did you mean 'Gflop' or 'GFlop'?"),
            std::string::npos)
      << message("2GFLOP", Quantity::kWork);
  EXPECT_EQ(message("10 parsecs", Quantity::kTime).find("did you mean"), std::string::npos);
  // A prefix typed as another one is another magnitude: 1mW is not 1MW (no suggestion; milli
  // is no prefix of powers), 1MS is megaseconds written with a capital S.
  EXPECT_EQ(message("1mW", Quantity::kPower).find("did you mean"), std::string::npos)
      << message("1mW", Quantity::kPower);
  EXPECT_NE(message("1MS", Quantity::kTime).find("did you mean 'Ms'?"), std::string::npos)
      << message("1MS", Quantity::kTime);
  // A number a double cannot hold says so (it read "not a number").
  for (const char* text : {"1e-400", "1e999s"}) {
    try {
      parse_quantity(text, Quantity::kTime);
      FAIL() << text;
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find("out of the range of a double"), std::string::npos)
          << e.what();
    }
  }
}

}  // namespace
}  // namespace pelsim::models
