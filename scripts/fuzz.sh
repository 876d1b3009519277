#!/bin/sh
# Builds and runs the libFuzzer harnesses of the input readers (docs/fuzzing.md).
#
#   scripts/fuzz.sh [TARGET|all] [SECONDS]     default: all, 300 seconds each
#
# TARGET: dot wfcommons simgrid_json dax stg schedule simgrid_platform scenario. One fuzzing
# process at a time, built with -j1 (preset `fuzz`: clang, libFuzzer, ASan + UBSan). The corpus grows in
# build/fuzz/corpus/TARGET (kept between runs); seeds come from fuzz/seeds, tests/data,
# scenarios/ and, when it exists, ../shared/workloads (read in place, never copied into the
# repository). A crash, sanitizer report or timeout leaves its input in
# build/fuzz/artifacts/TARGET/; reproduce with build/fuzz/fuzz/TARGET_fuzzer FILE.
# Extra libFuzzer flags: FUZZ_FLAGS="-jobs=..." scripts/fuzz.sh dot 60.
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
targets=${1:-all}
seconds=${2:-300}
[ "$targets" = all ] && targets="dot wfcommons simgrid_json dax stg schedule simgrid_platform scenario"
shared="$root/../shared/workloads"
build="$root/build/fuzz"

[ -f "$build/build.ninja" ] || cmake --preset fuzz

# Seed files of a target: its own seeds plus the given files, those up to 64 KiB only
# (libFuzzer keeps the first -max_len bytes of each).
seeds_of() {
  dir="$build/seeds/$1"
  shift
  rm -rf "$dir"
  mkdir -p "$dir"
  for f in "$@"; do
    if [ -f "$f" ] && [ "$(wc -c <"$f")" -le 65536 ]; then
      ln -sf "$f" "$dir/$(echo "$f" | tr / _)"
    fi
  done
  echo "$dir"
}

for t in $targets; do
  case $t in
    dot) dict=dot; seeds=$(seeds_of dot "$root"/fuzz/seeds/dot/* "$root"/tests/data/sgref/*.dot \
                                     "$root"/scenarios/workloads/simgrid/dot/*.dot) ;;
    wfcommons) dict=json; seeds=$(seeds_of wfcommons "$root"/tests/data/wfcommons/*.json \
                                          "$root"/scenarios/workloads/simgrid/json/*.json \
                                          "$shared"/wfcommons/*.json) ;;
    simgrid_json) dict=json; seeds=$(seeds_of simgrid_json "$root"/fuzz/seeds/simgrid_json/* \
                                                "$root"/scenarios/workloads/simgrid/json/*.json) ;;
    dax) dict=xml; seeds=$(seeds_of dax "$root"/scenarios/workloads/pegasus-dax/*.xml \
                                    "$root"/scenarios/workloads/simgrid/dax/*.xml) ;;
    stg) dict=""; seeds=$(seeds_of stg "$root"/fuzz/seeds/stg/* "$shared"/stg/rnc50/*.stg \
                                   "$shared"/stg/rnc100/*.stg) ;;
    schedule) dict=""; seeds=$(seeds_of schedule "$root"/fuzz/seeds/schedule/*) ;;
    simgrid_platform) dict=xml; seeds=$(seeds_of simgrid_platform \
                                               "$root"/scenarios/workloads/simgrid/platforms/*.xml \
                                               "$root"/tests/data/sgref_platforms/*.xml \
                                               "$root"/tests/data/sgref_lv08/*.xml) ;;
    scenario) dict=yaml; seeds=$(seeds_of scenario "$root"/scenarios/*.yaml) ;;
    *) echo "unknown target '$t' (known: dot wfcommons simgrid_json dax stg schedule simgrid_platform scenario)" >&2
       exit 2 ;;
  esac
  cmake --build "$build" --target "${t}_fuzzer" -j1
  corpus="$build/corpus/$t"
  artifacts="$build/artifacts/$t"
  mkdir -p "$corpus" "$artifacts"
  echo "== $t: $seconds s"
  # shellcheck disable=SC2086 # FUZZ_FLAGS is a list of flags
  "$build/fuzz/${t}_fuzzer" -max_len=4096 -timeout=5 -rss_limit_mb=2048 \
      -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$artifacts/" \
      ${dict:+-dict="$root/fuzz/dict/$dict.dict"} ${FUZZ_FLAGS:-} "$corpus" "$seeds"
done
