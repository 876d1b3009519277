#!/bin/sh
# Regenerates the golden results of the shipped scenarios (tests/experiment/golden_test.cpp
# compares them byte for byte). Run from the repository root after a deliberate model change,
# and explain the change in the commit:   tests/data/golden/regenerate.sh build/release/cli/pelsim
set -eu
pelsim=${1:-build/release/cli/pelsim}
for s in default amdahl grain_size heterogeneous energy weak_scaling load_balancing contention cpu_gpu faults checkpointing simgrid_platform simgrid_models; do
  out=$(mktemp -d)
  "$pelsim" run "scenarios/$s.yaml" --out "$out" --no-plot -j 2 >/dev/null 2>&1
  cp "$out/results.csv" "tests/data/golden/$s.results.csv"
  rm -rf "$out"
done
