// Branch-light scanning of the digits and lines of generated input files (internal to
// models/: the DOT and schedule readers' fast paths). Every function here reads a fixed
// number of bytes ahead of its pointer, which the caller guarantees are readable; a shape it
// does not recognise is reported, never guessed at, so that the caller's general path reads it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace pelsim::models::scan {

inline bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

/// Letters and '_': a name that starts so is never a numeral.
inline bool is_name_head(char c) {
  return static_cast<unsigned>(static_cast<unsigned char>(c | 0x20) - 'a') < 26u || c == '_';
}

/// The decimal digits that begin p (8 bytes must be readable there): returns how many (0..8)
/// and stores their value in *value. SWAR on little-endian targets: the digits' bytes become
/// 0..9 by xor with '0', a byte is not a digit when it is then >= 10 (its high bit set after
/// adding 0x76 to its low 7 bits, or before), and the digits are combined pairwise.
inline unsigned leading_digits8(const char* p, std::uint64_t* value) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  std::uint64_t w = 0;
  std::memcpy(&w, p, 8);
  const std::uint64_t x = w ^ 0x3030303030303030ull;
  const std::uint64_t non_digit =
      (((x & 0x7F7F7F7F7F7F7F7Full) + 0x7676767676767676ull) | x) & 0x8080808080808080ull;
  const unsigned n = non_digit ? static_cast<unsigned>(__builtin_ctzll(non_digit)) >> 3 : 8u;
  if (n == 0) {
    *value = 0;
    return 0;
  }
  std::uint64_t v = x << (8 * (8 - n));  // the digits in the high bytes, zeros before them
  v = (v * 10 + (v >> 8)) & 0x00FF00FF00FF00FFull;
  v = (v * 100 + (v >> 16)) & 0x0000FFFF0000FFFFull;
  v = (v * 10000 + (v >> 32)) & 0xFFFFFFFFull;
  *value = v;
  return n;
#else
  std::uint64_t v = 0;
  unsigned n = 0;
  for (; n < 8; ++n) {
    const unsigned d = static_cast<unsigned char>(p[n]) - unsigned{'0'};
    if (d > 9) break;
    v = v * 10 + d;
  }
  *value = v;
  return n;
#endif
}

/// The decimal digits that begin p, up to 16 (16 bytes must be readable there): returns how
/// many (17 when there are more than 16) and their value (when at most 16) in *value.
inline unsigned leading_digits16(const char* p, std::uint64_t* value) {
  static constexpr std::uint64_t kPow10[9] = {1,      10,      100,      1000,     10000,
                                              100000, 1000000, 10000000, 100000000};
  const unsigned n = leading_digits8(p, value);
  if (n < 8) return n;
  std::uint64_t low = 0;
  const unsigned m = leading_digits8(p + 8, &low);
  if (m == 8 && is_digit(p[16])) return 17;
  *value = *value * kPow10[m] + low;
  return 8 + m;
}

/// One row of a schedule file as pelsim and sgref write them: `NAME,CORE,ORDER` then LF or
/// CRLF, where NAME is 0..16 letters or '_' then 1..8 digits (t12, task_7, 42), and CORE and
/// ORDER are 1..8 digits each.
struct ScheduleRow {
  const char* name = nullptr;
  std::size_t name_size = 0;
  unsigned name_digits = 0;  // the digits that end NAME
  std::uint32_t number = 0;  // their value
  std::uint32_t core = 0;
  std::uint32_t order = 0;
};

/// Bytes that must be readable from the start of a row for scan_schedule_row().
constexpr std::size_t kScheduleRowAhead = 48;

/// The decimal digits at p, at most 8, read one by one (cheaper than leading_digits8 for the
/// few digits of a core or an order): returns how many (0..8, or 9 when there are more) and
/// stores their value (when at most 8) in *value. Reads at most 9 bytes.
inline unsigned short_digits(const char* p, std::uint32_t* value) {
  std::uint32_t v = 0;
  unsigned n = 0;
  for (; n < 9; ++n) {
    const unsigned d = static_cast<unsigned char>(p[n]) - unsigned{'0'};
    if (d > 9) break;
    v = v * 10 + d;
  }
  *value = v;
  return n;
}

/// Reads the row at p (kScheduleRowAhead bytes readable there) into *row and returns where the
/// next line starts, or nullptr when the line has another shape (longer parts, blanks, quotes,
/// signs, a comment...). Example: "t482,0,17\n" gives name "t482" with 3 digits of value 482,
/// core 0, order 17, and returns p + 10.
inline const char* scan_schedule_row(const char* p, ScheduleRow* row) {
  const char* q = p;
  while (is_name_head(*q) && q - p < 16) ++q;
  const unsigned nd = short_digits(q, &row->number);
  if (nd == 0 || nd > 8 || q[nd] != ',') return nullptr;  // also a 17th head byte
  row->name = p;
  row->name_size = static_cast<std::size_t>(q - p) + nd;
  row->name_digits = nd;
  q += nd + 1;
  const unsigned cd = short_digits(q, &row->core);
  if (cd == 0 || cd > 8 || q[cd] != ',') return nullptr;
  q += cd + 1;
  const unsigned od = short_digits(q, &row->order);
  if (od == 0 || od > 8) return nullptr;
  q += od;
  if (*q == '\r') ++q;
  if (*q != '\n') return nullptr;
  return q + 1;
}

}  // namespace pelsim::models::scan
