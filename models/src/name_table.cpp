#include "pelsim/models/name_table.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace pelsim::models {
namespace {

std::uint64_t mix(std::uint64_t h) {  // splitmix64 finaliser
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ull;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebull;
  return h ^ (h >> 31);
}

std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

// Trailing decimal digits of s (at most 9, no leading zero unless the number is "0").
std::size_t trailing_number(std::string_view s, std::uint64_t* number) {
  const std::size_t most = std::min<std::size_t>(s.size(), 9);
  std::uint64_t n = 0;
  std::uint64_t scale = 1;
  std::size_t digits = 0;
  for (; digits < most; ++digits) {  // one pass from the last character
    const unsigned d = static_cast<unsigned char>(s[s.size() - 1 - digits]) - unsigned{'0'};
    if (d > 9) break;
    n += d * scale;
    scale *= 10;
  }
  if (digits == 0 || (digits > 1 && s[s.size() - digits] == '0')) return 0;
  *number = n;
  return digits;
}

}  // namespace

NameTable::Numbered NameTable::numbered(std::string_view s) const {
  Numbered out;
  std::uint64_t number = 0;
  const std::size_t digits = trailing_number(s, &number);
  if (digits == 0 || !has_prefix_ || s.size() - digits != prefix_.size()) return out;
  for (std::size_t i = 0; i < prefix_.size(); ++i)  // short: cheaper than calling memcmp
    if (s[i] != prefix_[i]) return out;
  out.ok = true;
  out.number = number;
  return out;
}

NameTable::Probe NameTable::probe_for(std::string_view s) {
  Probe p{};
  // Names ending in a number hash by blocks of 64 consecutive numbers, so that tasks named
  // close together sit in neighbouring slots; every other name hashes whole.
  std::uint64_t number = 0;
  const std::size_t digits = trailing_number(s, &number);
  if (digits > 0) {
    const std::uint64_t prefix =
        fnv1a(s.substr(0, s.size() - digits)) ^ (digits * 0x9E3779B97F4A7C15ull);
    p.position = mix(prefix + (number >> 6)) + (number & 63);
  } else {
    p.position = mix(fnv1a(s));
  }
  if (s.size() <= kInline) {
    p.key[0] = static_cast<char>(s.size());
    std::memcpy(p.key.data() + 1, s.data(), s.size());
  } else {
    p.key[0] = kLong;
    const std::uint64_t tag = mix(fnv1a(s) + 1);
    std::memcpy(p.key.data() + 1, &tag, 5);
  }
  return p;
}

bool NameTable::same_key(const std::array<char, 12>& stored, const std::array<char, 12>& probe) {
  std::uint64_t a = 0, b = 0;
  std::memcpy(&a, stored.data(), 8);
  std::memcpy(&b, probe.data(), 8);
  std::uint32_t c = 0, d = 0;
  std::memcpy(&c, stored.data() + 8, 4);
  std::memcpy(&d, probe.data() + 8, 4);
  return a == b && c == d;
}

std::uint32_t NameTable::hash_find(const Probe& p, std::string_view s) const {
  if (slots_.empty()) return kNotFound;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = p.position & mask;; i = (i + 1) & mask) {
    const Slot& slot = slots_[i];
    if (slot.id_plus_one == 0) return kNotFound;
    if (same_key(slot.key, p.key)) {
      const std::uint32_t id = slot.id_plus_one - 1;
      if (p.key[0] != kLong || name(id) == s) return id;
    }
  }
}

void NameTable::hash_insert(const Probe& p, std::uint32_t id) {
  if ((hashed_ + 1) * 2 > slots_.size()) rehash(slots_.empty() ? 16 : slots_.size() * 2);
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = p.position & mask;
  while (slots_[i].id_plus_one != 0) i = (i + 1) & mask;
  slots_[i] = Slot{p.key, id + 1};
  ++hashed_;
}

bool NameTable::in_hash(std::uint32_t id) const {
  const Numbered n = numbered(name(id));
  return !n.ok || by_number(n.number) != id;
}

void NameTable::rehash(std::size_t slot_count) {
  slots_.assign(slot_count, Slot{});
  const std::size_t mask = slot_count - 1;
  for (std::uint32_t id = 0; id < size(); ++id) {
    if (!in_hash(id)) continue;
    const Probe p = probe_for(name(id));
    std::size_t i = p.position & mask;
    while (slots_[i].id_plus_one != 0) i = (i + 1) & mask;
    slots_[i] = Slot{p.key, id + 1};
  }
}

void NameTable::reserve(std::size_t names, std::size_t chars_per_name) {
  arena_.reserve(names * chars_per_name);
  offsets_.reserve(names + 1);
}

std::uint32_t NameTable::append(std::string_view s) {
  const std::uint32_t id = count_++;
  if (s.size() > 0xFFFFFFFFu - arena_.size()) throw std::length_error("task names exceed 4 GiB");
  arena_.append(s);
  offsets_.push_back(static_cast<std::uint32_t>(arena_.size()));
  return id;
}

// Names left out while numbers_are_ids_ are prefix_ + id for every id so far.
void NameTable::store_numbered_names() const {
  const std::lock_guard<std::mutex> lock(lazy_->mutex);
  if (lazy_->stored.load(std::memory_order_relaxed)) return;
  for (std::uint32_t id = static_cast<std::uint32_t>(offsets_.size() - 1); id < count_; ++id) {
    arena_ += prefix_;
    arena_ += std::to_string(id);
    offsets_.push_back(static_cast<std::uint32_t>(arena_.size()));
  }
  lazy_->stored.store(true, std::memory_order_release);
}

void NameTable::stop_numbers_being_ids() {
  if (!lazy_->stored.load(std::memory_order_acquire)) store_numbered_names();
  numbers_are_ids_ = false;
  by_number_.resize(size());
  for (std::uint32_t id = 0; id < size(); ++id) by_number_[id] = id + 1;
}

std::uint32_t NameTable::intern(std::string_view s, bool* added) {
  bool dummy = false;
  bool& was_added = added ? *added : dummy;
  was_added = false;
  if (!has_prefix_) {  // until the first name that ends in a number
    std::uint64_t number = 0;
    const std::size_t digits = trailing_number(s, &number);
    if (digits > 0) {
      prefix_.assign(s.substr(0, s.size() - digits));
      has_prefix_ = true;
    }
  }
  const Numbered n = numbered(s);
  if (n.ok) {
    const std::uint32_t direct = by_number(n.number);
    if (direct != kNotFound) return direct;
    if (hashed_numbered_ > 0) {
      const std::uint32_t hashed = hash_find(probe_for(s), s);
      if (hashed != kNotFound) return hashed;
    }
    if (numbers_are_ids_ && n.number != size()) stop_numbers_being_ids();
    was_added = true;
    if (numbers_are_ids_) {  // the name is only written if names are already stored
      if (lazy_->stored.load(std::memory_order_relaxed)) return append(s);
      return count_++;
    }
    // The direct array may grow to about twice the number of names: a stray huge number
    // (t999999999) goes to the hash table instead of allocating gigabytes.
    const std::uint64_t limit = std::max<std::uint64_t>(by_number_.size(), 2 * std::uint64_t{size()} + 1024);
    const std::uint32_t id = append(s);
    if (n.number < limit) {
      if (n.number >= by_number_.size())
        by_number_.resize(std::min<std::uint64_t>(limit, std::max<std::uint64_t>(n.number + 1, 2 * by_number_.size())), 0);
      by_number_[n.number] = id + 1;
    } else {
      ++hashed_numbered_;
      hash_insert(probe_for(s), id);
    }
    return id;
  }
  const Probe p = probe_for(s);
  const std::uint32_t found = hash_find(p, s);
  if (found != kNotFound) return found;
  if (numbers_are_ids_) stop_numbers_being_ids();
  was_added = true;
  const std::uint32_t id = append(s);
  hash_insert(p, id);
  return id;
}

std::optional<std::uint32_t> NameTable::find(std::string_view s) const {
  const Numbered n = numbered(s);
  if (n.ok) {
    const std::uint32_t direct = by_number(n.number);
    if (direct != kNotFound) return direct;
    if (hashed_numbered_ == 0) return std::nullopt;
  }
  const std::uint32_t id = hash_find(probe_for(s), s);
  if (id == kNotFound) return std::nullopt;
  return id;
}

void NameTable::find_many(const std::string_view* names, std::size_t count,
                          std::uint32_t* ids) const {
  constexpr std::size_t kBatch = 32;
  Probe probes[kBatch];
  Numbered nums[kBatch];
  const std::size_t mask = slots_.empty() ? 0 : slots_.size() - 1;
  for (std::size_t base = 0; base < count; base += kBatch) {
    const std::size_t n = std::min(kBatch, count - base);
    // Pass 1: where each name would be; start loading those cache lines.
    for (std::size_t k = 0; k < n; ++k) {
      nums[k] = numbered(names[base + k]);
      if (nums[k].ok && nums[k].number < by_number_.size()) {
        __builtin_prefetch(&by_number_[nums[k].number]);
      } else if (!slots_.empty()) {
        probes[k] = probe_for(names[base + k]);
        __builtin_prefetch(&slots_[probes[k].position & mask]);
      }
    }
    // Pass 2: resolve.
    for (std::size_t k = 0; k < n; ++k) {
      const std::string_view s = names[base + k];
      std::uint32_t id = kNotFound;
      if (nums[k].ok) {
        id = by_number(nums[k].number);
        if (id == kNotFound && hashed_numbered_ > 0) id = hash_find(probe_for(s), s);
      } else if (!slots_.empty()) {
        id = hash_find(probes[k], s);
      }
      ids[base + k] = id;
    }
  }
}

}  // namespace pelsim::models
