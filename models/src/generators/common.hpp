// Internal to the generators (namespace gen): the portable random number source, size
// checks, and the build function of every kind (registered in ../generators.cpp).
#pragma once

#include <cstdint>
#include <string>

#include "pelsim/models/generators.hpp"
#include "pelsim/models/rng.hpp"
#include "pelsim/models/task_graph.hpp"

namespace pelsim::models::gen {

/// The portable random source (pelsim/models/rng.hpp).
using Rng = pelsim::models::Rng;

/// Largest task or edge count a TaskGraph holds (32-bit ids; one value is kept as "none").
inline constexpr double kMaxCount = 4294967294.0;

/// Throws InputError when a graph of `kind` would have more than kMaxCount tasks or edges
/// (counts given as doubles so that the products computing them cannot overflow).
void check_size(const std::string& kind, double tasks, double edges);

/// A builder named "generated:<kind>" with room for the given counts.
TaskGraphBuilder make_builder(const std::string& kind, std::uint64_t tasks, std::uint64_t edges);

// The kinds. Each reads the parameters its GeneratorInfo declares, already validated.
TaskGraph build_chain(const GeneratorValues& v);
TaskGraph build_independent(const GeneratorValues& v);
TaskGraph build_fork_join(const GeneratorValues& v);
TaskGraph build_map_reduce(const GeneratorValues& v);
TaskGraph build_bsp(const GeneratorValues& v);
TaskGraph build_layered(const GeneratorValues& v);
TaskGraph build_series_parallel(const GeneratorValues& v);
TaskGraph build_fft(const GeneratorValues& v);
TaskGraph build_gaussian_elimination(const GeneratorValues& v);
TaskGraph build_cholesky(const GeneratorValues& v);
TaskGraph build_lu(const GeneratorValues& v);
TaskGraph build_stencil(const GeneratorValues& v);
TaskGraph build_wavefront(const GeneratorValues& v);

}  // namespace pelsim::models::gen
