// Compact interning of task names.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pelsim::models {

/// Maps names to dense ids 0..size()-1 in insertion order, built for million-task graphs.
///
/// Every name's characters live in one arena (name() views stay valid for the table's life).
/// Two indexes find them:
///  - Numbered names — one common prefix plus a decimal number without leading zeros (t0,
///    t1, ... as generators write them; STG's 0, 1, ...) — are found through a direct array
///    indexed by the number: no hashing, 4 bytes per number, neighbours adjacent in memory.
///    While every name is the prefix and its own id (t0, t1, t2, ... named in that order, as
///    in generated files) that array is the identity and is not stored at all, nor are the
///    names: the first call to name() writes them (thread-safe).
///  - Every other name goes to an open-addressing table (linear probing, load <= 1/2) of
///    16-byte slots; a name of up to 11 bytes is compared inside its slot (one cache line),
///    a longer one by a hash tag and then the arena.
/// find_many() resolves a batch with prefetching, for random-order lookups (a schedule file).
/// About 16 bytes per numbered name, 46 per other name; at most 4 GiB of name characters.
class NameTable {
 public:
  static constexpr std::uint32_t kNotFound = 0xFFFFFFFFu;

  std::uint32_t size() const { return count_; }

  /// The id of `name`, adding it if new. `added` (optional) tells which happened.
  std::uint32_t intern(std::string_view name, bool* added = nullptr);
  /// intern() for a name its caller has already split: `name` is a prefix that does not end
  /// in a digit, then `digits` (1..9) decimal digits without a leading zero (unless the number
  /// is 0) whose value is `number`. Same result and effects as intern(name, added); the
  /// numbered names of generated files (t0, t1, ... in order) take a few instructions.
  std::uint32_t intern_numbered(std::string_view name, std::size_t digits, std::uint32_t number,
                                bool* added) {
    const std::size_t prefix_size = name.size() - digits;
    if (has_prefix_ && prefix_size == prefix_.size() && same_prefix(name.data())) {
      if (numbers_are_ids_) {
        if (number < count_) {
          *added = false;
          return number;
        }
        if (number == count_ && hashed_numbered_ == 0 &&
            !lazy_->stored.load(std::memory_order_relaxed)) {
          *added = true;
          return count_++;
        }
      } else if (number < by_number_.size() && by_number_[number] != 0) {
        *added = false;
        return by_number_[number] - 1;
      }
    }
    return intern(name, added);
  }
  /// The id of a name split as for intern_numbered() when the direct index has it, else
  /// kNotFound (the name may still be in the table: intern_numbered() then finds or adds it).
  std::uint32_t find_numbered(std::string_view name, std::size_t digits,
                              std::uint32_t number) const {
    if (!has_prefix_ || name.size() - digits != prefix_.size() || !same_prefix(name.data()))
      return kNotFound;
    return by_number(number);
  }
  std::optional<std::uint32_t> find(std::string_view name) const;

  // For readers of generated files, which split names themselves (see TaskGraphBuilder::
  // intern_by_number): the numbered-name prefix, once a name has set it.
  bool numbered_prefix(std::string_view* prefix) const {
    if (has_prefix_) *prefix = prefix_;
    return has_prefix_;
  }
  /// The id of the numbered name prefix + `number` (no leading zero) when the direct index has
  /// it, else kNotFound (the name may still be in the table, see find_numbered()).
  std::uint32_t find_number(std::uint64_t number) const { return by_number(number); }
  /// True when intern() of the numbered name prefix + `number` would add it as id `number`
  /// without storing it (every name so far is prefix + its id, and `number` is the next id):
  /// add_next() then has the same effect.
  bool is_next_number(std::uint64_t number) const {
    return numbers_are_ids_ && number == count_ && hashed_numbered_ == 0 &&
           !lazy_->stored.load(std::memory_order_relaxed);
  }
  std::uint32_t add_next() { return count_++; }
  /// ids[i] = id of names[i], or kNotFound. Faster than find() in a loop for random names.
  void find_many(const std::string_view* names, std::size_t count, std::uint32_t* ids) const;
  std::string_view name(std::uint32_t id) const {
    if (!lazy_->stored.load(std::memory_order_acquire)) store_numbered_names();
    return std::string_view(arena_).substr(offsets_[id], offsets_[id + 1] - offsets_[id]);
  }
  /// Prepares for `names` names of about `chars_per_name` characters.
  void reserve(std::size_t names, std::size_t chars_per_name = 8);

 private:
  static constexpr std::size_t kInline = 11;
  static constexpr char kLong = static_cast<char>(0xFF);
  struct Slot {
    // [0] = length (<= 11) then the characters; or kLong and a 40-bit hash tag in [1..5].
    std::array<char, 12> key;
    std::uint32_t id_plus_one;  // 0 = empty
  };
  struct Probe {
    std::uint64_t position;  // before masking
    std::array<char, 12> key;
  };
  // A name split into the numbered-name prefix and its number, when it has that shape.
  struct Numbered {
    bool ok = false;
    std::uint64_t number = 0;
  };

  Numbered numbered(std::string_view name) const;
  bool same_prefix(const char* s) const {  // short: cheaper than calling memcmp
    for (std::size_t i = 0; i < prefix_.size(); ++i)
      if (s[i] != prefix_[i]) return false;
    return true;
  }
  std::uint32_t by_number(std::uint64_t number) const {
    if (numbers_are_ids_) return number < size() ? static_cast<std::uint32_t>(number) : kNotFound;
    return number < by_number_.size() ? by_number_[number] - 1 : kNotFound;
  }
  void stop_numbers_being_ids();
  std::uint32_t append(std::string_view name);

  static Probe probe_for(std::string_view name);
  static bool same_key(const std::array<char, 12>& stored, const std::array<char, 12>& probe);
  std::uint32_t hash_find(const Probe& p, std::string_view name) const;
  void hash_insert(const Probe& p, std::uint32_t id);
  void rehash(std::size_t slot_count);
  bool in_hash(std::uint32_t id) const;

  void store_numbered_names() const;

  // The names' characters and where each ends; mutable for store_numbered_names() only, which
  // fills them once (under lazy_->mutex) when they were left out while numbers_are_ids_.
  mutable std::string arena_;
  mutable std::vector<std::uint32_t> offsets_{0};
  std::uint32_t count_ = 0;
  struct Lazy {
    std::mutex mutex;
    std::atomic<bool> stored{false};  // arena_ holds every name
  };
  std::unique_ptr<Lazy> lazy_ = std::make_unique<Lazy>();  // names total at most 4 GiB

  std::string prefix_;  // of numbered names, set by the first name of that shape
  bool has_prefix_ = false;
  bool numbers_are_ids_ = true;           // every name so far is prefix_ + its id
  std::vector<std::uint32_t> by_number_;  // id + 1 by number, 0 = no such name; empty while
                                          // numbers_are_ids_
  std::uint32_t hashed_numbered_ = 0;     // names with the prefix kept in the hash table

  std::vector<Slot> slots_;
  std::uint32_t hashed_ = 0;
};

}  // namespace pelsim::models
