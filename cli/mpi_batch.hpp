// `pelsim run --mpi`: a scenario's points spread over MPI ranks, gathered on rank 0.
#pragma once

#include "pelsim/experiment/batch.hpp"

namespace pelsim::cli {

/// Runs shard `rank` of `size` on every rank, gathers every rank's records on rank 0, which
/// completes the journal and writes the result files. Returns rank 0's result (complete) on
/// rank 0 and the rank's own shard result elsewhere; `*is_root` tells which. Throws
/// models::InputError when pelsim was built without MPI.
experiment::BatchResult run_batch_mpi(const experiment::Scenario& scenario,
                                      experiment::BatchOptions options, bool* is_root);

}  // namespace pelsim::cli
