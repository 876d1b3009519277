// The generator registry: every kind with its description and parameters, and generate(),
// which checks the caller's values against them before building. The kinds themselves live in
// generators/*.cpp.
#include "pelsim/models/generators.hpp"

#include <cmath>
#include <cstdio>
#include <string>

#include "generators/common.hpp"
#include "pelsim/models/error.hpp"

namespace pelsim::models {
namespace {

constexpr double kInf = HUGE_VAL;
constexpr double kMaxCount = gen::kMaxCount;
constexpr double kMaxExact = 9007199254740992.0;  // 2^53: larger integers are not exact

GeneratorParameter count(std::string name, double def, std::string what, double min = 1,
                         double max = kMaxCount) {
  return {std::move(name), def, std::move(what), min, max, true};
}
GeneratorParameter work(double def = 1e9, std::string what = "flops of every task") {
  return {"work", def, std::move(what), 0, kInf, false};
}
GeneratorParameter bytes(std::string what = "bytes on every edge") {
  return {"bytes", 0, std::move(what), 0, kMaxExact, true};
}

}  // namespace

std::optional<Quantity> generator_parameter_unit(std::string_view name) {
  if (name == "work" || name == "flops_min" || name == "flops_max") return Quantity::kWork;
  if (name == "bytes" || name == "bytes_min" || name == "bytes_max") return Quantity::kBytes;
  return std::nullopt;
}

namespace {

std::vector<GeneratorInfo> make_builtin() {
  std::vector<GeneratorInfo> g;
  g.push_back({"chain",
               "a chain t0 -> t1 -> ... of n tasks",
               {count("n", 1000, "tasks"), work(), bytes()},
               false,
               gen::build_chain});
  g.push_back({"independent",
               "a bag of n independent tasks (no edges)",
               {count("n", 1000, "tasks"), work()},
               false,
               gen::build_independent});
  g.push_back({"fork_join",
               "Amdahl: a serial task of f*W flops, n parallel tasks of (1-f)*W/n, a 0-flop join",
               {count("n", 16, "parallel tasks"),
                {"fraction", 0.1, "serial fraction f of the work", 0, 1, false},
                work(6.4e10, "total work W in flops (serial + parallel)"),
                bytes()},
               false,
               gen::build_fork_join});
  g.push_back({"layered",
               "random layered DAG (gen_dag.py layered): a parent in the layer above, then extra "
               "edges up to outdeg*tasks",
               {count("tasks", 1000, "tasks"),
                {"outdeg", 2, "average out-degree (edges = round(outdeg * tasks))", 0, 1e6, false},
                count("flops_min", 1e6, "least flops of a task", 0, kMaxExact),
                count("flops_max", 1e8, "most flops of a task", 0, kMaxExact),
                count("bytes_min", 1e3, "least bytes of an edge", 0, kMaxExact),
                count("bytes_max", 1e6, "most bytes of an edge", 0, kMaxExact),
                count("layers", 0, "number of layers (0: ceil(sqrt(tasks)))", 0),
                count("window", 2, "a parent is at most this many layers above its child")},
               true,
               gen::build_layered});
  g.push_back({"series_parallel",
               "random series-parallel DAG of n tasks (recursive series/parallel composition)",
               {count("n", 100, "tasks"),
                {"parallel", 0.5, "probability that a composition is parallel", 0, 1, false},
                work(),
                bytes()},
               true,
               gen::build_series_parallel});
  g.push_back({"fft",
               "FFT of m points (HEFT paper): 2m-1 recursive-call tasks, m*log2(m) butterflies",
               {count("points", 16, "points m, a power of two", 2, 1 << 30), work(), bytes()},
               false,
               gen::build_fft});
  g.push_back({"gaussian_elimination",
               "Gaussian elimination of an m x m matrix (HEFT paper): (m^2+m-2)/2 tasks",
               {count("m", 5, "matrix size", 2), work(), bytes()},
               false,
               gen::build_gaussian_elimination});
  g.push_back({"cholesky",
               "tiled Cholesky of t x t tiles: POTRF, TRSM, SYRK, GEMM tasks",
               {count("tiles", 4, "tiles per side t", 1, 4096), work(), bytes()},
               false,
               gen::build_cholesky});
  g.push_back({"lu",
               "tiled LU (no pivoting) of t x t tiles: GETRF, TRSM, GEMM tasks",
               {count("tiles", 4, "tiles per side t", 1, 4096), work(), bytes()},
               false,
               gen::build_lu});
  g.push_back(
      {"wavefront",
       "w x h grid, each cell depends on its left and upper neighbours",
       {count("width", 8, "cells per row w"), count("height", 8, "rows h"), work(), bytes()},
       false,
       gen::build_wavefront});
  g.push_back({"stencil",
               "Gauss-Seidel 5-point stencil: iterations wavefront sweeps of a w x h grid, each "
               "cell also after itself, its right and lower neighbours of the previous sweep",
               {count("width", 8, "cells per row w"), count("height", 8, "rows h"),
                count("iterations", 4, "sweeps"), work(), bytes()},
               false,
               gen::build_stencil});
  g.push_back({"map_reduce",
               "m mappers, r reducers, every mapper feeds every reducer",
               {count("mappers", 8, "map tasks m"), count("reducers", 4, "reduce tasks r"), work(),
                bytes()},
               false,
               gen::build_map_reduce});
  g.push_back({"bsp",
               "bulk-synchronous: s supersteps of w tasks, a 0-flop barrier task between two",
               {count("supersteps", 4, "supersteps s"), count("width", 8, "tasks per superstep w"),
                work(), bytes()},
               false,
               gen::build_bsp});
  return g;
}

std::string number(double x) {
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", x);
  return text;
}

std::string parameter_names(const GeneratorInfo& info) {
  std::string list;
  for (const GeneratorParameter& p : info.parameters) list += (list.empty() ? "" : ", ") + p.name;
  return list;
}

}  // namespace

const std::vector<GeneratorInfo>& generators() {
  static const std::vector<GeneratorInfo> all = make_builtin();
  return all;
}

std::string generator_names() {
  std::string list;
  for (const GeneratorInfo& info : generators()) list += (list.empty() ? "" : ", ") + info.name;
  return list;
}

const GeneratorInfo& find_generator(const std::string& kind) {
  for (const GeneratorInfo& info : generators())
    if (info.name == kind) return info;
  throw InputError(unknown_name_message("generator", kind, generator_names()));
}

TaskGraph generate(const std::string& kind, const GeneratorParams& params) {
  const GeneratorInfo& info = find_generator(kind);
  const std::string where = "generator '" + kind + "': ";
  for (const auto& [name, value] : params.values) {
    bool known = false;
    for (const GeneratorParameter& p : info.parameters) known = known || p.name == name;
    if (!known)
      throw InputError(where + "unknown parameter '" + name +
                       "' (parameters: " + parameter_names(info) + ")" +
                       (name == "seed" ? "; the seed is given apart (--seed)" : ""));
  }
  std::map<std::string, double> values;
  for (const GeneratorParameter& p : info.parameters) {
    const auto it = params.values.find(p.name);
    const double x = it == params.values.end() ? p.default_value : it->second;
    const std::string what = where + p.name + " = " + number(x);
    if (!std::isfinite(x)) throw InputError(what + " is not a finite number");
    if (p.integer && x != std::floor(x)) throw InputError(what + " is not a whole number");
    if (x < p.min || x > p.max)
      throw InputError(what + " is out of range [" + number(p.min) + ", " +
                       (p.max == kInf ? std::string("inf") : number(p.max)) + "]");
    values.emplace(p.name, x);
  }
  return info.build(GeneratorValues(std::move(values), params.seed));
}

}  // namespace pelsim::models
