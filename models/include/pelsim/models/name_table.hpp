// Compact interning of task names.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pelsim::models {

/// Maps names to dense ids 0..size()-1 in insertion order, built for million-task graphs.
///
/// An open-addressing table (linear probing, load <= 1/2) of 16-byte slots. A name of up to
/// 11 bytes lives inside its slot, so a lookup touches one cache line; longer names keep a
/// hash tag in the slot and their characters in an arena. Names that end in a number (t0,
/// t1, ... as generators write them) hash by blocks of 64 consecutive numbers, so tasks named
/// close together sit in neighbouring slots — a DAG file that refers to nearby tasks stays in
/// cache. find_many() resolves a batch of names with prefetching, for random-order lookups
/// (a schedule file). About 36 bytes per name. name() views are valid until the next intern().
class NameTable {
 public:
  static constexpr std::uint32_t kNotFound = 0xFFFFFFFFu;

  std::uint32_t size() const { return static_cast<std::uint32_t>(slot_of_.size()); }

  /// The id of `name`, adding it if new. `added` (optional) tells which happened.
  std::uint32_t intern(std::string_view name, bool* added = nullptr);
  std::optional<std::uint32_t> find(std::string_view name) const;
  /// ids[i] = id of names[i], or kNotFound. Faster than find() in a loop for random names.
  void find_many(const std::string_view* names, std::size_t count, std::uint32_t* ids) const;
  std::string_view name(std::uint32_t id) const;
  void reserve(std::size_t names);

 private:
  static constexpr std::size_t kInline = 11;
  struct Slot {
    // [0] = length (<= 11) then the characters; or kLong, a 40-bit hash tag in [1..5] and
    // the index of the name in the long-name arena in [8..11].
    std::array<char, 12> key;
    std::uint32_t id_plus_one;  // 0 = empty
  };
  static constexpr char kLong = static_cast<char>(0xFF);

  struct Probe {
    std::uint64_t position;  // before masking
    std::array<char, 12> key;
  };
  Probe probe_for(std::string_view name) const;
  static bool same_key(const std::array<char, 12>& stored, const std::array<char, 12>& probe);
  std::string_view text_of(const Slot& s) const;
  std::uint32_t lookup(const Probe& p, std::string_view name) const;
  void rehash(std::size_t slot_count);

  std::vector<Slot> slots_;
  std::vector<std::uint32_t> slot_of_;  // id -> slot index
  std::string long_arena_;
  std::vector<std::uint64_t> long_offsets_{0};
};

}  // namespace pelsim::models
