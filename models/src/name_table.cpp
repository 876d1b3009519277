#include "pelsim/models/name_table.hpp"

#include <cstring>

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

}  // namespace

bool NameTable::same_key(const std::array<char, 12>& stored, const std::array<char, 12>& probe) {
  // A long name's probe has no arena index yet: compare the marker and the tag only.
  std::uint64_t a = 0, b = 0;
  std::memcpy(&a, stored.data(), 8);
  std::memcpy(&b, probe.data(), 8);
  if (probe[0] == kLong) return ((a ^ b) & 0xFFFFFFFFFFFFull) == 0;  // bytes 0..5
  std::uint32_t c = 0, d = 0;
  std::memcpy(&c, stored.data() + 8, 4);
  std::memcpy(&d, probe.data() + 8, 4);
  return a == b && c == d;
}

NameTable::Probe NameTable::probe_for(std::string_view s) const {
  Probe p{};
  // Trailing decimal number (at most 9 digits, no leading zero): block hashing keeps
  // neighbours together. Every other name hashes whole.
  std::size_t digits = 0;
  while (digits < s.size() && digits < 9 && s[s.size() - 1 - digits] >= '0' &&
         s[s.size() - 1 - digits] <= '9')
    ++digits;
  if (digits > 0 && (digits == 1 || s[s.size() - digits] != '0')) {
    std::uint64_t number = 0;
    for (std::size_t i = s.size() - digits; i < s.size(); ++i) number = number * 10 + (s[i] - '0');
    const std::uint64_t prefix =
        fnv1a(s.substr(0, s.size() - digits)) ^ (digits * 0x9E3779B97F4A7C15ull);
    p.position = (mix(prefix + (number >> 6)) << 6) | (number & 63);
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

std::uint32_t NameTable::lookup(const Probe& p, std::string_view s) const {
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

void NameTable::reserve(std::size_t names) {
  std::size_t want = 16;
  while (want < names * 2) want *= 2;
  if (want > slots_.size()) rehash(want);
  slot_of_.reserve(names);
}

void NameTable::rehash(std::size_t slot_count) {
  std::vector<Slot> old(slot_count, Slot{});
  old.swap(slots_);
  const std::size_t mask = slot_count - 1;
  for (std::uint32_t id = 0; id < size(); ++id) {
    const Slot& s = old[slot_of_[id]];
    std::size_t i = probe_for(text_of(s)).position & mask;
    while (slots_[i].id_plus_one != 0) i = (i + 1) & mask;
    slots_[i] = s;
    slot_of_[id] = static_cast<std::uint32_t>(i);
  }
}

std::uint32_t NameTable::intern(std::string_view s, bool* added) {
  if ((size() + 1) * 2 > slots_.size()) rehash(slots_.empty() ? 16 : slots_.size() * 2);
  Probe p = probe_for(s);
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = p.position & mask;
  for (;; i = (i + 1) & mask) {
    const Slot& slot = slots_[i];
    if (slot.id_plus_one == 0) break;
    if (same_key(slot.key, p.key)) {
      const std::uint32_t id = slot.id_plus_one - 1;
      if (p.key[0] != kLong || name(id) == s) {
        if (added) *added = false;
        return id;
      }
    }
  }
  if (p.key[0] == kLong) {
    const auto index = static_cast<std::uint32_t>(long_offsets_.size() - 1);
    std::memcpy(p.key.data() + 8, &index, 4);
    long_arena_.append(s);
    long_offsets_.push_back(long_arena_.size());
  }
  const std::uint32_t id = size();
  slots_[i] = Slot{p.key, id + 1};
  slot_of_.push_back(static_cast<std::uint32_t>(i));
  if (added) *added = true;
  return id;
}

std::optional<std::uint32_t> NameTable::find(std::string_view s) const {
  const std::uint32_t id = lookup(probe_for(s), s);
  if (id == kNotFound) return std::nullopt;
  return id;
}

void NameTable::find_many(const std::string_view* names, std::size_t count,
                          std::uint32_t* ids) const {
  if (slots_.empty()) {
    for (std::size_t i = 0; i < count; ++i) ids[i] = kNotFound;
    return;
  }
  constexpr std::size_t kBatch = 32;
  Probe probes[kBatch];
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t base = 0; base < count; base += kBatch) {
    const std::size_t n = std::min(kBatch, count - base);
    for (std::size_t k = 0; k < n; ++k) {
      probes[k] = probe_for(names[base + k]);
      __builtin_prefetch(&slots_[probes[k].position & mask]);
    }
    for (std::size_t k = 0; k < n; ++k) ids[base + k] = lookup(probes[k], names[base + k]);
  }
}

std::string_view NameTable::text_of(const Slot& s) const {
  if (s.key[0] != kLong)
    return std::string_view(s.key.data() + 1, static_cast<std::size_t>(s.key[0]));
  std::uint32_t index = 0;
  std::memcpy(&index, s.key.data() + 8, 4);
  return std::string_view(long_arena_)
      .substr(long_offsets_[index], long_offsets_[index + 1] - long_offsets_[index]);
}

std::string_view NameTable::name(std::uint32_t id) const { return text_of(slots_[slot_of_[id]]); }

}  // namespace pelsim::models
