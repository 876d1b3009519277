// The files a producer passes to a consumer in the workflow formats (WfCommons, DAX): those
// both among the producer's outputs and the consumer's inputs (one edge each).
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>

namespace pelsim::models::detail {

/// Calls visit(f) for each file id f in both `out` and `in` (each sorted ascending), in
/// increasing id order. A linear merge, or, when one list is much shorter, a binary search of
/// each of its ids in the other (O(s log l) instead of O(s + l): one task with many outputs
/// read one by one by as many children was quadratic). Both walks visit the same ids in the
/// same order.
template <class Visit>
void for_each_shared_file(std::span<const std::uint32_t> out, std::span<const std::uint32_t> in,
                          Visit visit) {
  const bool out_short = out.size() * 16 < in.size();
  if (out_short || in.size() * 16 < out.size()) {
    const std::span<const std::uint32_t> small = out_short ? out : in;
    const std::span<const std::uint32_t> large = out_short ? in : out;
    auto at = large.begin();
    for (const std::uint32_t f : small) {
      at = std::lower_bound(at, large.end(), f);
      if (at == large.end()) break;
      if (*at == f) {
        visit(f);
        ++at;
      }
    }
    return;
  }
  auto a = out.begin();
  auto b = in.begin();
  while (a != out.end() && b != in.end()) {
    if (*a < *b) {
      ++a;
    } else if (*b < *a) {
      ++b;
    } else {
      visit(*a);
      ++a;
      ++b;
    }
  }
}

/// The edges from -> to for the files in both `out` and `in`: one per file of more than 0
/// bytes (size_of(f)), in file id order, as SimGrid's DAX loader makes one transfer per file;
/// one 0-byte edge (a precedence) when there is none, since a file of 0 bytes moves nothing.
template <class Builder, class Task, class SizeOf>
void add_file_edges(Builder& builder, Task from, Task to, std::span<const std::uint32_t> out,
                    std::span<const std::uint32_t> in, SizeOf size_of) {
  bool any = false;
  for_each_shared_file(out, in, [&](std::uint32_t f) {
    if (const double bytes = size_of(f); bytes > 0) {
      builder.add_edge(from, to, bytes);
      any = true;
    }
  });
  if (!any) builder.add_edge(from, to, 0.0);
}

}  // namespace pelsim::models::detail
