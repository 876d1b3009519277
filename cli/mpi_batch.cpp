#include "mpi_batch.hpp"

#include "pelsim/models/error.hpp"

#ifdef PELSIM_HAVE_MPI
#include <mpi.h>

#include <algorithm>
#include <numeric>
#include <string>
#include <vector>
#endif

namespace pelsim::cli {

namespace ex = pelsim::experiment;

#ifdef PELSIM_HAVE_MPI

namespace {

// MPI_Init / MPI_Finalize for the lifetime of the object.
class MpiSession {
 public:
  MpiSession() { MPI_Init(nullptr, nullptr); }
  ~MpiSession() { MPI_Finalize(); }
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
  int rank() const {
    int r = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &r);
    return r;
  }
  int size() const {
    int s = 1;
    MPI_Comm_size(MPI_COMM_WORLD, &s);
    return s;
  }
};

// Every rank's `text`, concatenated in rank order, on rank 0 (empty elsewhere).
std::string gather_text(const std::string& text, int rank, int size) {
  int length = static_cast<int>(text.size());
  std::vector<int> lengths(static_cast<std::size_t>(size));
  MPI_Gather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
  std::vector<int> offsets(static_cast<std::size_t>(size), 0);
  std::string all;
  if (rank == 0) {
    std::exclusive_scan(lengths.begin(), lengths.end(), offsets.begin(), 0);
    all.resize(static_cast<std::size_t>(offsets.back() + lengths.back()));
  }
  MPI_Gatherv(text.data(), length, MPI_CHAR, all.data(), lengths.data(), offsets.data(),
              MPI_CHAR, 0, MPI_COMM_WORLD);
  return all;
}

}  // namespace

ex::BatchResult run_batch_mpi(const ex::Scenario& scenario, ex::BatchOptions options,
                              bool* is_root) {
  MpiSession mpi;
  const int rank = mpi.rank(), size = mpi.size();
  *is_root = rank == 0;
  options.shard_index = static_cast<std::size_t>(rank);
  options.shard_count = static_cast<std::size_t>(size);
  if (rank != 0) options.on_progress = nullptr;
  ex::BatchResult mine = ex::run_batch(scenario, options);
  const std::string all = gather_text(mine.records, rank, size);
  // The runs the ranks found finished before this command (the rest they ran now).
  unsigned long long resumed = mine.resumed, resumed_by_all = 0;
  MPI_Reduce(&resumed, &resumed_by_all, 1, MPI_UNSIGNED_LONG_LONG, MPI_SUM, 0, MPI_COMM_WORLD);
  if (rank != 0) return mine;
  ex::import_records(scenario, options.out_dir, all);
  options.shard_index = 0;
  options.shard_count = 1;
  ex::BatchResult whole = ex::run_batch(scenario, options);  // only what a rank left undone
  whole.resumed = std::min<std::size_t>(whole.resumed, resumed_by_all);
  return whole;
}

#else

ex::BatchResult run_batch_mpi(const ex::Scenario&, ex::BatchOptions, bool*) {
  throw models::InputError("--mpi: pelsim-mpi (pelsim built with MPI) is not installed next to "
                           "pelsim (install libopenmpi-dev and rebuild); use --shard i/n to split "
                           "a sweep instead");
}

#endif

}  // namespace pelsim::cli
