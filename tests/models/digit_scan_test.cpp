// Tests of the digit and row scanners of the readers' fast paths (models/src/digit_scan.hpp).
#include "digit_scan.hpp"

#include <gtest/gtest.h>

#include <string>

namespace pelsim::models::scan {
namespace {

// The scanners read a fixed number of bytes ahead: tests give them text padded with NULs.
std::string padded(const std::string& s) {
  return s + std::string(64, '\0');
}

TEST(DigitScan, LeadingDigits8CountsAndReadsUpToEightDigits) {
  std::uint64_t v = 99;
  EXPECT_EQ(leading_digits8(padded("482,0").data(), &v), 3u);
  EXPECT_EQ(v, 482u);  // 4*100 + 8*10 + 2
  EXPECT_EQ(leading_digits8(padded("x1").data(), &v), 0u);
  EXPECT_EQ(v, 0u);
  EXPECT_EQ(leading_digits8(padded("92502364\"]").data(), &v), 8u);
  EXPECT_EQ(v, 92502364u);
  EXPECT_EQ(leading_digits8(padded("123456789").data(), &v), 8u);  // stops after 8
  EXPECT_EQ(v, 12345678u);
  EXPECT_EQ(leading_digits8(padded("0/9:").data(), &v), 1u);  // '/' and ':' border the digits
  EXPECT_EQ(v, 0u);
}

TEST(DigitScan, LeadingDigits16ReadsSixteenAndFlagsMore) {
  std::uint64_t v = 0;
  EXPECT_EQ(leading_digits16(padded("1234567890123\"").data(), &v), 13u);
  EXPECT_EQ(v, 1234567890123u);  // 12345678 * 10^5 + 90123
  EXPECT_EQ(leading_digits16(padded("12345678").data(), &v), 8u);
  EXPECT_EQ(v, 12345678u);  // 12345678 * 10^0 + 0: the second word has no digit
  EXPECT_EQ(leading_digits16(padded("12345678901234567").data(), &v), 17u);  // more than 16
}

TEST(DigitScan, ShortDigitsReadsUpToEightAndFlagsMore) {
  std::uint32_t v = 99;
  EXPECT_EQ(short_digits(padded("17\n").data(), &v), 2u);
  EXPECT_EQ(v, 17u);  // 1*10 + 7
  EXPECT_EQ(short_digits(padded(",5").data(), &v), 0u);
  EXPECT_EQ(v, 0u);
  EXPECT_EQ(short_digits(padded("00000042,").data(), &v), 8u);
  EXPECT_EQ(v, 42u);  // leading zeros count as digits, and add nothing
  EXPECT_EQ(short_digits(padded("123456789").data(), &v), 9u);  // more than 8
}

TEST(DigitScan, ScheduleRowOfTheUsualShape) {
  const std::string text = padded("t482,0,17\nt436,3,2\n");
  ScheduleRow r;
  const char* next = scan_schedule_row(text.data(), &r);
  ASSERT_EQ(next, text.data() + 10);  // "t482,0,17\n" is 10 bytes
  EXPECT_EQ(std::string(r.name, r.name_size), "t482");
  EXPECT_EQ(r.name_digits, 3u);
  EXPECT_EQ(r.number, 482u);
  EXPECT_EQ(r.core, 0u);
  EXPECT_EQ(r.order, 17u);
  next = scan_schedule_row(next, &r);
  ASSERT_EQ(next, text.data() + 19);  // then "t436,3,2\n", 9 bytes
  EXPECT_EQ(r.number, 436u);
  EXPECT_EQ(r.core, 3u);
  EXPECT_EQ(r.order, 2u);
}

TEST(DigitScan, ScheduleRowWithCrlfALongerPrefixOrNoPrefix) {
  ScheduleRow r;
  const std::string crlf = padded("task_7,12,345\r\nx");
  EXPECT_EQ(scan_schedule_row(crlf.data(), &r), crlf.data() + 15);  // 13 bytes, CR, LF
  EXPECT_EQ(std::string(r.name, r.name_size), "task_7");
  EXPECT_EQ(r.name_digits, 1u);
  EXPECT_EQ(r.number, 7u);
  EXPECT_EQ(r.core, 12u);
  EXPECT_EQ(r.order, 345u);
  const std::string numeral = padded("42,1,0\n");  // STG-style names are numbers
  EXPECT_EQ(scan_schedule_row(numeral.data(), &r), numeral.data() + 7);
  EXPECT_EQ(std::string(r.name, r.name_size), "42");
  EXPECT_EQ(r.number, 42u);
  EXPECT_EQ(r.core, 1u);
  EXPECT_EQ(r.order, 0u);
  // 8 digits in each part is the most: 12345678 for the name, the core and the order.
  const std::string eights = padded("t12345678,12345678,12345678\n");
  EXPECT_EQ(scan_schedule_row(eights.data(), &r), eights.data() + 28);
  EXPECT_EQ(r.number, 12345678u);
  EXPECT_EQ(r.core, 12345678u);
  EXPECT_EQ(r.order, 12345678u);
}

TEST(DigitScan, ScheduleRowOfAnyOtherShapeIsLeftToTheGeneralPath) {
  ScheduleRow r;
  for (const char* line : {
           "task,core,order\n",         // header: no digits after the letters
           " t1,0,0\n",                 // leading blank
           "t1 ,0,0\n",                 // blank after the name
           "\"t1\",0,0\n",              // quoted
           "t1,-1,0\n",                 // sign
           "t1,0,-2\n",                 // sign
           "t1,0,0 \n",                 // trailing blank
           "t1,0,0",                    // no line end (the padding is NUL)
           "t1,0\n",                    // two fields
           "t1,0,0,5\n",                // four fields
           "t1x,0,0\n",                 // letters after the digits
           "t123456789,0,0\n",          // 9 digits in the name
           "t1,123456789,0\n",          // 9 digits in the core
           "t1,0,123456789\n",          // 9 digits in the order
           "abcdefghijklmnopq1,0,0\n",  // 17 letters before the digits
           "# t1,0,0\n",                // comment
           "\n",                        // blank line
       }) {
    EXPECT_EQ(scan_schedule_row(padded(line).data(), &r), nullptr) << line;
  }
  // 16 letters are accepted.
  const std::string sixteen = padded("abcdefghijklmnop1,0,0\n");
  EXPECT_EQ(scan_schedule_row(sixteen.data(), &r), sixteen.data() + 22);
  EXPECT_EQ(r.name_size, 17u);  // 16 letters and 1 digit
}

}  // namespace
}  // namespace pelsim::models::scan
